//! The app's side of opening datasets: it carries out what the dataset
//! windows ask for ([`DatasetRequest`]) through the loading lifecycle
//! ([`super::loading`]) and swaps a loaded dataset in. The lifecycle
//! itself, the windows and the status panel live in their own files and
//! do not reach into the app.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use eframe::egui;

use super::dataset_windows::{self, DatasetRequest};
use super::loading::{Clock, LoadProblems, LoadReason};
use super::{Derived, TimelineApp};
use crate::load::{Loaded, Origin};
use crate::view::initial_view;

pub(super) use super::loading::origin_path;

impl TimelineApp {
    /// The dataset's origin.
    pub fn origin(&self) -> &Origin {
        self.loading.origin()
    }

    /// The errors of the last failed open or reload, while they stand.
    pub fn load_problems(&self) -> Option<&LoadProblems> {
        self.loading.problems()
    }

    /// Whether a dataset is being loaded.
    pub fn dataset_loading(&self) -> bool {
        self.loading.loading()
    }

    /// The recent datasets, most recent first.
    pub fn recent_datasets(&self) -> &[PathBuf] {
        self.loading.recent()
    }

    pub(super) fn set_recent(&mut self, recent: Vec<PathBuf>) {
        self.loading.set_recent(recent);
    }

    pub(super) fn remember_recent(&mut self, path: PathBuf) {
        self.loading.remember_recent(path);
    }

    /// For tests: where the reload debounce reads the time (a
    /// [`super::ManualClock`] makes it wait until the test moves it).
    pub fn set_reload_clock(&mut self, clock: Arc<dyn Clock>) {
        self.loading.set_clock(clock);
    }

    /// For tests: how long the files must be quiet before a reload.
    pub fn set_reload_debounce(&mut self, quiet: Duration) {
        self.loading.set_debounce(quiet);
    }

    /// For tests: blocks until background work moves on (an export, a load
    /// or a save finishes, or the file watcher reports a change), or until
    /// `timeout`. Whether something happened. Never called by the app.
    pub fn wait_for_background(&mut self, timeout: Duration) -> bool {
        if self.export.progress().is_some() {
            return self.export.wait(timeout);
        }
        self.loading.wait(timeout)
    }

    /// Carries out what the dataset windows, the menu or a command asked.
    pub(super) fn dataset_request(&mut self, ctx: &egui::Context, request: DatasetRequest) {
        let loading = &mut self.loading;
        match request {
            DatasetRequest::Open(path) => loading.start_load(ctx, Some(path), LoadReason::Open),
            DatasetRequest::OpenRecent(path) => loading.open_recent(ctx, path),
            DatasetRequest::OpenBuiltIn => loading.start_load(ctx, None, LoadReason::Open),
            DatasetRequest::Reload => loading.reload_now(ctx),
            DatasetRequest::Save(target) => {
                loading.start_save(ctx, Arc::clone(&self.dataset), target);
            }
            DatasetRequest::Note(note) => loading.set_note(note),
            DatasetRequest::DismissNote => loading.dismiss_note(),
            DatasetRequest::DismissProblems => loading.dismiss_problems(),
        }
    }

    fn dataset_requests(&mut self, ctx: &egui::Context, requests: Vec<DatasetRequest>) {
        for request in requests {
            self.dataset_request(ctx, request);
        }
    }

    /// The pickers' answers, file events, debounced reloads, a finished
    /// save or load (swapped in).
    pub(super) fn poll_dataset(&mut self, ctx: &egui::Context) {
        let requests = self.dataset_windows.poll();
        self.dataset_requests(ctx, requests);
        let polled = self.loading.poll(ctx, &self.dataset.title);
        if polled.saved {
            self.dataset_windows.close_save();
        }
        if let Some(outcome) = polled.loaded {
            self.swap_in(ctx, outcome.loaded, outcome.derived, outcome.reason);
        }
    }

    /// Files dropped on the window open; files hovering show where to drop.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        if let Some(request) = dataset_windows::dropped_files_ui(ctx) {
            self.dataset_request(ctx, request);
        }
    }

    /// Shows the Open dataset window, its path field focused.
    pub(super) fn show_open_window(&mut self) {
        self.dataset_windows.show_open(self.loading.origin());
    }

    /// The Open dataset window.
    pub(super) fn open_window(&mut self, ctx: &egui::Context) {
        let requests = self.dataset_windows.open_window_ui(ctx, &self.loading);
        self.dataset_requests(ctx, requests);
    }

    /// The Save dataset as window.
    pub(super) fn save_window(&mut self, ctx: &egui::Context) {
        let requests = self.dataset_windows.save_window_ui(ctx, &self.loading);
        self.dataset_requests(ctx, requests);
    }

    /// The File menu's dataset entries.
    pub(super) fn dataset_menu_ui(&mut self, ui: &mut egui::Ui) {
        let requests = self.dataset_windows.menu_ui(ui, &self.loading);
        self.dataset_requests(ui.ctx(), requests);
    }

    /// Loading, notes and load errors, above the overview band.
    pub(super) fn dataset_status_ui(&mut self, ui: &mut egui::Ui) {
        let requests = dataset_windows::status_ui(ui, &self.loading);
        self.dataset_requests(ui.ctx(), requests);
    }

    /// Whether the status area under the lanes has anything to show.
    pub(super) fn dataset_status_shown(&self) -> bool {
        dataset_windows::status_shown(&self.loading)
    }

    /// Replaces the dataset. A reload keeps the view, the selection (by
    /// event id), the search and the lane and series filters; an open shows
    /// the new dataset at its own view.
    pub(super) fn swap_in(
        &mut self,
        ctx: &egui::Context,
        loaded: Loaded,
        derived: Derived,
        reason: LoadReason,
    ) {
        let selected_id = self
            .selected
            .and_then(|e| self.dataset.events.get(e as usize))
            .map(|e| e.id.clone());
        let lane_flags = |flags: &[bool], lanes: &[crate::model::Lane]| -> Vec<String> {
            lanes
                .iter()
                .zip(flags)
                .filter(|(_, on)| **on)
                .map(|(lane, _)| lane.id.clone())
                .collect()
        };
        let collapsed = lane_flags(&self.collapsed, &self.dataset.lanes);
        let hidden = lane_flags(&self.hidden, &self.dataset.lanes);
        let hidden_series: Vec<String> = self
            .dataset
            .displacement
            .iter()
            .zip(&self.figures_panel.hidden)
            .filter(|(_, on)| **on)
            .map(|(series, _)| series.name.clone())
            .collect();
        let keep = reason == LoadReason::Reload;
        let title_changed = loaded.dataset.title != self.dataset.title;

        let Derived {
            dataset,
            index,
            limits,
            quotes_by_event,
            events_of_quote,
            source_index,
        } = derived;
        self.dataset = dataset;
        self.index = index;
        self.limits = limits;
        self.quotes_by_event = quotes_by_event;
        self.events_of_quote = events_of_quote;
        self.source_index = source_index;
        self.data_version += 1;
        self.label_widths.clear();
        self.layout = crate::view::LayoutCache::default();
        self.scene = crate::view::Scene::default();
        self.overview_density = None;
        self.hovered = None;
        self.hovered_quote = None;
        self.animation = None;
        self.quote_order.clear();
        // Recompute the search over the new events.
        self.search.matched_query = String::from("\u{0}");
        let lanes = &self.dataset.lanes;
        if keep {
            self.view = self.limits.clamp(self.view, None);
            self.collapsed = lanes.iter().map(|l| collapsed.contains(&l.id)).collect();
            self.hidden = lanes.iter().map(|l| hidden.contains(&l.id)).collect();
            self.figures_panel.hidden = self
                .dataset
                .displacement
                .iter()
                .map(|s| hidden_series.contains(&s.name))
                .collect();
            self.selected = selected_id.and_then(|id| {
                self.dataset
                    .events
                    .iter()
                    .position(|e| e.id == id)
                    .map(|i| i as u32)
            });
        } else {
            self.view = initial_view(&self.dataset, &self.limits);
            self.collapsed = vec![false; lanes.len()];
            self.hidden = vec![false; lanes.len()];
            self.figures_panel.hidden = vec![false; self.dataset.displacement.len()];
            self.selected = None;
            self.search.query.clear();
            self.lane_offset = 0.0;
            // The quote filters belong to the old dataset's speakers and words.
            self.quotes_panel = super::quotes::QuotesPanel::default();
        }
        // The loading lifecycle took the origin, cleared the errors and
        // noted the warnings before handing the dataset over.
        if title_changed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.dataset.title.clone()));
        }
    }
}
