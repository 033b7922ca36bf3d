//! The Details panel: everything about the selected event, its sources as
//! links, and the quotes that belong to it.

use eframe::egui::{self, RichText};

use super::TimelineApp;
use crate::model::format_range;
use crate::render::paint;

pub(super) fn details_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    let Some(selected) = app.selected else {
        ui.label(RichText::new("Click an event on the timeline to see its details here.").weak());
        ui.add_space(8.0);
        ui.label(RichText::new("Tab and Shift+Tab walk the events in date order.").weak());
        return;
    };
    let Some(event) = app.dataset.events.get(selected as usize) else {
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(RichText::new(&event.title).size(17.0).strong());
            ui.add_space(4.0);
            let mut dates = format_range(event.start, event.end, event.ongoing);
            if event.approximate {
                dates.push_str(" (approximate)");
            }
            ui.label(RichText::new(dates).strong());
            if let Some((lane_index, lane)) = app
                .dataset
                .lanes
                .iter()
                .enumerate()
                .find(|(_, l)| l.id == event.lane)
            {
                ui.horizontal(|ui| {
                    let (swatch, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().rect_filled(
                        swatch,
                        2.0,
                        paint::color_or_palette(lane.color.as_deref(), lane_index),
                    );
                    ui.label(&lane.name);
                });
            }
            if let Some(summary) = &event.summary {
                ui.add_space(6.0);
                ui.label(summary);
            }
            if !event.tags.is_empty() {
                ui.add_space(6.0);
                ui.horizontal_wrapped(|ui| {
                    for tag in &event.tags {
                        ui.label(
                            RichText::new(tag)
                                .size(11.5)
                                .background_color(ui.visuals().faint_bg_color),
                        );
                    }
                });
            }
            if !event.sources.is_empty() {
                ui.add_space(8.0);
                ui.label(RichText::new("Sources").strong());
                for source_id in &event.sources {
                    let Some(source) = app.source(source_id) else {
                        continue;
                    };
                    let mut detail = Vec::new();
                    if let Some(publisher) = &source.publisher {
                        detail.push(publisher.clone());
                    }
                    if let Some(date) = source.date {
                        detail.push(date.to_string());
                    }
                    ui.horizontal_wrapped(|ui| {
                        match &source.url {
                            Some(url) => {
                                ui.hyperlink_to(&source.title, url).on_hover_text(url);
                            }
                            None => {
                                ui.label(&source.title);
                            }
                        }
                        if !detail.is_empty() {
                            ui.label(RichText::new(detail.join(", ")).weak());
                        }
                    });
                }
            }
            if let Some(quotes) = app.quotes_by_event.get(&selected) {
                ui.add_space(8.0);
                ui.label(RichText::new("Quotes").strong());
                for &quote_index in quotes {
                    let quote = &app.dataset.quotes[quote_index];
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(RichText::new(format!("“{}”", quote.text.trim())).italics());
                        let mut who = format!("— {}", quote.speaker);
                        if let Some(role) = &quote.role {
                            who.push_str(&format!(", {role}"));
                        }
                        who.push_str(&format!(", {}", quote.date));
                        ui.label(RichText::new(who).weak());
                    });
                }
            }
        });
}
