//! The Details panel: everything about the selected event, its sources as
//! links, and the quotes that belong to it; or about the selected era: its
//! dates and how many events it covers.
//!
//! Its text wraps before the scroll bar, which has room of its own.
//!
//! A source's link is clickable only when it is a web link
//! ([`web_link`]); any other `url` is shown as plain text, so that a
//! dataset cannot have the system open a file, a share or a script.

use eframe::egui::{self, RichText};

use crate::model::{format_range, web_link};
use crate::render::theme::ui::details as style;
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};

pub(in crate::ui) fn details_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    out: &mut FrameOutput,
) {
    puffin::profile_function!();
    if let Some(era) = frame.state.selected_era {
        era_details_ui(ui, frame, era, out);
        return;
    }
    let Some(selected) = frame.selected() else {
        ui.label(RichText::new("Click an event on the timeline to see its details here.").weak());
        ui.add_space(style::HINT_GAP);
        ui.label(RichText::new("Tab and Shift+Tab walk the events in date order.").weak());
        return;
    };
    let dataset = frame.dataset();
    let Some(event) = dataset.event_at(selected) else {
        return;
    };
    // A solid scroll bar takes its own room beside the text: egui's default
    // bar floats over the content, so wrapped lines ran under it.
    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.label(
                RichText::new(event.title.as_str())
                    .size(style::TITLE_SIZE)
                    .strong(),
            );
            ui.add_space(style::TITLE_GAP);
            let mut dates = format_range(event.start, event.end, event.ongoing);
            if event.approximate {
                dates.push_str(" (approximate)");
            }
            ui.label(RichText::new(dates).strong());
            if let Some((lane_index, lane)) = dataset
                .lanes
                .iter()
                .enumerate()
                .find(|(_, l)| l.id == event.lane)
            {
                ui.horizontal(|ui| {
                    let size = egui::Vec2::splat(style::SWATCH_SIZE);
                    let (swatch, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                    ui.painter().rect_filled(
                        swatch,
                        style::SWATCH_CORNER_RADIUS,
                        frame.colors().lane(lane_index),
                    );
                    ui.label(&lane.name);
                });
            }
            // With layers, which dataset the event comes from.
            let layers = &frame.data.layers;
            if layers.is_layered()
                && let Some(layer) = layers.of_event(selected).and_then(|at| layers.get(at))
            {
                ui.horizontal(|ui| {
                    let size = egui::Vec2::splat(style::SWATCH_SIZE);
                    let (swatch, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                    let color = crate::render::timeline::layer_color(layer.key, ui.visuals());
                    ui.painter()
                        .rect_filled(swatch, style::SWATCH_CORNER_RADIUS, color);
                    ui.label(RichText::new(format!("Dataset: {}", layer.title)).weak());
                });
            }
            if let Some(summary) = &event.summary {
                ui.add_space(style::BLOCK_GAP);
                ui.label(summary.as_str());
            }
            if !event.tags.is_empty() {
                ui.add_space(style::BLOCK_GAP);
                ui.horizontal_wrapped(|ui| {
                    for tag in &event.tags {
                        ui.label(
                            RichText::new(tag.as_str())
                                .size(style::TAG_SIZE)
                                .background_color(ui.visuals().faint_bg_color),
                        );
                    }
                });
            }
            if !event.sources.is_empty() {
                ui.add_space(style::SECTION_GAP);
                ui.label(RichText::new("Sources").strong());
                for source_id in &event.sources {
                    let Some(source) = frame.links().source(dataset, source_id) else {
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
                        source_link_ui(ui, RichText::new(&source.title), source.url.as_deref());
                        if !detail.is_empty() {
                            ui.label(RichText::new(detail.join(", ")).weak());
                        }
                    });
                }
            }
            let quotes = frame.links().quotes_of(selected);
            if !quotes.is_empty() {
                ui.add_space(style::SECTION_GAP);
                ui.label(RichText::new("Quotes").strong());
                for quote in quotes.iter().filter_map(|&q| dataset.quotes.get(q)) {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(RichText::new(format!("“{}”", quote.text.trim())).italics());
                        let who = format!("— {}", quote.attribution());
                        ui.label(RichText::new(who).weak());
                    });
                }
            }
        });
}

/// The selected era: its title, dates and colour, how many events start in
/// it, and a way to see all of it.
fn era_details_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    era_index: usize,
    out: &mut FrameOutput,
) {
    let dataset = frame.dataset();
    let Some(era) = dataset.eras.get(era_index) else {
        return;
    };
    ui.label(RichText::new(&era.title).size(style::TITLE_SIZE).strong());
    ui.add_space(style::TITLE_GAP);
    let mut dates = format_range(era.start, era.end, era.is_ongoing());
    if era.approximate {
        dates.push_str(" (approximate)");
    }
    ui.label(RichText::new(dates).strong());
    ui.horizontal(|ui| {
        let (swatch, _) =
            ui.allocate_exact_size(egui::Vec2::splat(style::SWATCH_SIZE), egui::Sense::hover());
        ui.painter().rect_filled(
            swatch,
            style::SWATCH_CORNER_RADIUS,
            frame.colors().era(era_index),
        );
        ui.label("Era");
    });
    let index = frame.index();
    let (start, end) = (era.start.start_instant(), era.end_instant(index.data_end));
    ui.add_space(style::BLOCK_GAP);
    ui.label(format!(
        "{} start in this period.",
        crate::model::counted(index.starting_in(start, end), "event", "events")
    ));
    ui.add_space(style::BLOCK_GAP);
    if ui.button("Show this period").clicked() {
        let padding = 0.05 * (end - start);
        out.push(Command::GoTo(crate::view::TimeView::new(
            start - padding,
            end + padding,
        )));
    }
}

/// A source's title: a link to its `url` when that is a web link, otherwise
/// plain text whose hover shows the `url` and says it is not opened.
pub(in crate::ui) fn source_link_ui(ui: &mut egui::Ui, title: RichText, url: Option<&str>) {
    match url {
        Some(url) => match web_link(url) {
            Some(link) => {
                ui.hyperlink_to(title, link).on_hover_text(link);
            }
            None => {
                ui.label(title).on_hover_text(not_a_web_link(url));
            }
        },
        None => {
            ui.label(title);
        }
    }
}

/// The hover of a `url` that is not opened.
pub(in crate::ui) fn not_a_web_link(url: &str) -> String {
    format!("{url:?} is not a web link (https:// or http://), so it is not opened")
}
