//! The list of the events a `+N` badge stands for.
//!
//! Zooming into a badge shows its events one by one, except where they
//! are too many for the lane's rows at any zoom (long ranges over one day,
//! say): a badge that zooming cannot open (the view is at its closest, or
//! the badge covers less time than that) opens this list when clicked, and
//! any badge opens it on a right click. The list is taken when it opens
//! and kept as it was, so picking an event (which moves the view) does not
//! reshuffle it; it belongs to the timeline's state in the session, so
//! opening another dataset closes it.

use eframe::egui::{self, Align, Layout};

use crate::model::{EventIndex, counted, format_range};
use crate::render::theme::ui::badge_list as style;
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::view::AggregateBadge;

/// The events of one badge, as listed when it was opened.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::ui) struct BadgeList {
    pub lane: usize,
    /// In date order.
    pub events: Vec<EventIndex>,
}

/// The badge list window's state: the list while it is open.
#[derive(Debug, Default)]
pub(in crate::ui) struct BadgeListWindow {
    pub list: Option<BadgeList>,
    /// Centre the window again: set once per opening.
    centre: bool,
}

impl BadgeListWindow {
    /// Shows `events`, the events of `badge`, replacing any list open.
    pub fn open(&mut self, badge: &AggregateBadge, events: Vec<EventIndex>) {
        self.list = Some(BadgeList {
            lane: badge.lane,
            events,
        });
        self.centre = true;
    }

    /// The window, while a list is open; picking an event selects it and
    /// brings it into view.
    pub fn ui(&mut self, ctx: &egui::Context, frame: &FrameContext<'_>, out: &mut FrameOutput) {
        let Some(list) = &self.list else {
            return;
        };
        let dataset = frame.dataset();
        let lane_name = dataset
            .lanes
            .get(list.lane)
            .map_or("", |lane| lane.name.as_str());
        let title = format!(
            "{} in {lane_name}",
            counted(list.events.len(), "event", "events")
        );
        let swatch_color = frame.colors().lane(list.lane);
        let mut open = true;
        let mut window = crate::ui::dialogs::dialog_window(ctx, &title)
            .id(egui::Id::unique("badge-list"))
            .open(&mut open)
            .resizable(true)
            .default_width(style::WIDTH);
        if std::mem::take(&mut self.centre) {
            window = window.current_pos(crate::ui::dialogs::dialog_area(ctx).center());
        }
        let shown = window.show(ctx, |ui| {
            ui.label(
                egui::RichText::new("Too many to draw here: pick one to select it and show it.")
                    .color(ui.visuals().weak_text_color()),
            );
            egui::ScrollArea::vertical()
                .max_height(style::MAX_HEIGHT)
                .auto_shrink([false, true])
                .show_rows(ui, style::ROW_HEIGHT, list.events.len(), |ui, rows| {
                    for &event in list.events.get(rows).unwrap_or_default() {
                        let Some(item) = dataset.event_at(event) else {
                            continue;
                        };
                        let size = egui::vec2(ui.available_width(), style::ROW_HEIGHT);
                        let layout = Layout::left_to_right(Align::Center);
                        ui.allocate_ui_with_layout(size, layout, |ui| {
                            let swatch = egui::Vec2::splat(style::SWATCH_SIZE);
                            let (swatch, _) = ui.allocate_exact_size(swatch, egui::Sense::hover());
                            ui.painter().rect_filled(
                                swatch,
                                style::SWATCH_CORNER_RADIUS,
                                swatch_color,
                            );
                            let dates = format_range(item.start, item.end, item.ongoing);
                            ui.allocate_ui_with_layout(
                                egui::vec2(style::DATE_WIDTH, style::ROW_HEIGHT),
                                layout,
                                |ui| {
                                    ui.set_min_size(egui::vec2(
                                        style::DATE_WIDTH,
                                        style::ROW_HEIGHT,
                                    ));
                                    ui.add(
                                        egui::Label::new(
                                            egui::RichText::new(dates)
                                                .color(ui.visuals().weak_text_color()),
                                        )
                                        .truncate(),
                                    );
                                },
                            );
                            let selected = frame.selected() == Some(event);
                            let button = egui::Button::selectable(selected, item.title.as_str());
                            if ui.add(button.truncate()).clicked() {
                                out.push(Command::SelectAndCenter(event));
                            }
                        });
                    }
                });
        });
        crate::ui::keys::close_on_escape(ctx, shown.as_ref(), &mut open);
        if !open {
            self.list = None;
        }
    }
}
