//! The eframe app: a window that shows a loaded dataset.
//!
//! For now a plain, fast list of every event by date, with its lane; the
//! zoomable timeline replaces it. The list draws only the rows in view, so it
//! stays smooth with any number of events.

use eframe::egui;

use crate::load::{Loaded, parse_hex_color};
use crate::model::Dataset;

/// Opens the app window with a loaded dataset; returns when it is closed.
pub fn run(loaded: Loaded) -> eframe::Result {
    let title = loaded.dataset.title.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(&title)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "conflict-timeline",
        options,
        Box::new(move |_creation| Ok(Box::new(EventListApp::new(loaded.dataset)))),
    )
}

/// The dataset and its events in date order.
pub struct EventListApp {
    dataset: Dataset,
    /// Indices into `dataset.events`, sorted by start then end.
    by_date: Vec<usize>,
}

impl std::fmt::Debug for EventListApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventListApp")
            .field("title", &self.dataset.title)
            .field("events", &self.by_date.len())
            .finish()
    }
}

impl EventListApp {
    pub fn new(dataset: Dataset) -> Self {
        let mut by_date: Vec<usize> = (0..dataset.events.len()).collect();
        by_date.sort_by_key(|&index| {
            let event = &dataset.events[index];
            (event.start, event.end)
        });
        Self { dataset, by_date }
    }

    fn lane_color(&self, lane_id: &str) -> egui::Color32 {
        self.dataset
            .lane(lane_id)
            .and_then(|lane| lane.color.as_deref())
            .and_then(parse_hex_color)
            .map_or(egui::Color32::GRAY, |[r, g, b, a]| {
                egui::Color32::from_rgba_unmultiplied(r, g, b, a)
            })
    }

    /// The whole window; public so tests can drive it headlessly.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("dataset-header").show(ui, |ui| {
            ui.add_space(4.0);
            ui.heading(&self.dataset.title);
            ui.label(format!(
                "{} events · {} lanes · {} quotes · {} figure series",
                self.dataset.events.len(),
                self.dataset.lanes.len(),
                self.dataset.quotes.len(),
                self.dataset.displacement.len()
            ));
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            egui::ScrollArea::vertical().auto_shrink(false).show_rows(
                ui,
                row_height,
                self.by_date.len(),
                |ui, rows| {
                    for &index in &self.by_date[rows] {
                        let event = &self.dataset.events[index];
                        let dates = match event.end {
                            Some(end) => format!("{} – {}", event.start, end),
                            None if event.ongoing => format!("{} – ongoing", event.start),
                            None => event.start.to_string(),
                        };
                        let lane_name = self
                            .dataset
                            .lane(&event.lane)
                            .map_or(event.lane.as_str(), |lane| lane.name.as_str());
                        ui.horizontal(|ui| {
                            ui.set_height(row_height);
                            ui.allocate_ui_with_layout(
                                egui::vec2(230.0, row_height),
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.set_min_width(230.0);
                                    ui.label(dates);
                                },
                            );
                            let (swatch, _) = ui
                                .allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                            ui.painter()
                                .rect_filled(swatch, 2.0, self.lane_color(&event.lane));
                            ui.allocate_ui_with_layout(
                                egui::vec2(210.0, row_height),
                                egui::Layout::left_to_right(egui::Align::Center),
                                |ui| {
                                    ui.set_min_width(210.0);
                                    ui.add(
                                        egui::Label::new(egui::RichText::new(lane_name).weak())
                                            .truncate(),
                                    );
                                },
                            );
                            ui.label(egui::RichText::new(&event.title).strong());
                        });
                    }
                },
            );
        });
    }
}

impl eframe::App for EventListApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
