//! A look into the app for tests and tools: what is shown and selected,
//! where things were drawn last frame, how loads and exports stand; and the
//! few hooks tests need to drive background work without sleeping. The app
//! never reads through these. Listed in [`crate::testing`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use eframe::egui;

use super::loading::{Clock, LoadProblems};
use super::notices::FolderOpener;
use super::pickers::FilePicker;
use super::settings::Settings;
use super::{SideTab, ThemeChoice, TimelineApp};
use crate::load::{ImportOptions, Origin};
use crate::model::{Dataset, EventIndex};
use crate::view::{Scene, TimeTransform, TimeView, TimelineIndex, ViewLimits};

impl TimelineApp {
    /// A read-only look at the app's state.
    pub fn probe(&self) -> AppProbe<'_> {
        AppProbe(self)
    }

    /// The hooks tests drive background work with.
    pub fn test_hooks(&mut self) -> TestHooks<'_> {
        TestHooks(self)
    }
}

/// A read-only look at the app's state, as of the last frame.
#[derive(Clone, Copy, Debug)]
pub struct AppProbe<'a>(&'a TimelineApp);

impl<'a> AppProbe<'a> {
    pub fn dataset(self) -> &'a Dataset {
        self.0.session.dataset()
    }

    pub fn index(self) -> &'a TimelineIndex {
        &self.0.session.data.index
    }

    /// The visible range (the animation's current frame while animating).
    pub fn view(self) -> TimeView {
        self.0.session.state.view.current()
    }

    /// The view limits at the timeline's width.
    pub fn limits(self) -> ViewLimits {
        self.0.session.state.view.limits()
    }

    /// The timeline's width the view limits were fitted for.
    pub fn fitted_width(self) -> f32 {
        self.0.session.state.view.width()
    }

    /// The width of an event's label, in points, as the layout measures it.
    pub fn label_width(self, event: EventIndex) -> Option<f32> {
        self.0.session.data.label_widths.get(event.get()).copied()
    }

    /// The selected era, an index into the dataset's eras.
    pub fn selected_era(self) -> Option<usize> {
        self.0.session.state.selected_era
    }

    /// How many places Back and Forward can go to.
    pub fn history_depth(self) -> (usize, usize) {
        self.0.session.state.history.depth()
    }

    /// Where the view is going: the animation's target, or the view.
    pub fn target_view(self) -> TimeView {
        self.0.session.state.view.target()
    }

    pub fn selected(self) -> Option<EventIndex> {
        self.0.session.state.selected
    }

    /// A source by id, without scanning the list.
    pub fn source(self, id: &str) -> Option<&'a crate::model::Source> {
        self.0.session.data.links.source(self.0.dataset(), id)
    }

    pub fn selected_event(self) -> Option<&'a crate::model::Event> {
        self.selected().and_then(|e| self.0.dataset().event_at(e))
    }

    /// The scene drawn in the last frame.
    pub fn scene(self) -> &'a Scene {
        &self.0.session.panels.timeline.scene
    }

    /// The events of the badge whose list is open, in the order listed.
    pub fn badge_list(self) -> Option<&'a [EventIndex]> {
        let list = self.0.session.panels.timeline.badge_list.list.as_ref();
        list.map(|list| list.events.as_slice())
    }

    /// The time ↔ x map of the timeline as drawn last frame.
    pub fn timeline_transform(self) -> TimeTransform {
        let rect = self.timeline_rect();
        TimeTransform::new(self.view(), rect.left(), rect.width())
    }

    /// Where the timeline was drawn last frame.
    pub fn timeline_rect(self) -> egui::Rect {
        self.0.session.panels.timeline.rect
    }

    /// Where the side panel was drawn last frame, when it was shown.
    pub fn side_panel_rect(self) -> Option<egui::Rect> {
        self.0.side_panel_rect
    }

    /// Where the overview band was drawn last frame, and its time ↔ x map.
    pub fn overview_transform(self) -> (egui::Rect, TimeTransform) {
        let rect = self.0.session.panels.overview.rect;
        let panel = &self.0.session.panels.overview;
        let full = panel
            .full_view()
            .unwrap_or_else(|| self.0.session.data.ends.fit(rect.width()));
        let transform = TimeTransform::new(full, rect.left(), rect.width());
        (rect, transform)
    }

    /// How many events start in each of the overview band's bars, as drawn
    /// last frame.
    /// With layers, each layer's share of the overview's bars.
    pub fn overview_layer_density(self) -> &'a [Vec<u32>] {
        self.0.session.panels.overview.layer_density()
    }

    pub fn overview_density(self) -> &'a [u32] {
        self.0.session.panels.overview.density()
    }

    /// The figures chart as drawn last frame (when its tab is open).
    pub fn chart_frame(self) -> Option<crate::render::chart::ChartFrame> {
        self.0.session.panels.figures.chart_frame
    }

    /// The figures table as laid out last frame (when its tab is open).
    pub fn figures_table(self) -> Option<super::panels::figures::TableFit> {
        self.0.session.panels.figures.table
    }

    pub fn side_tab(self) -> SideTab {
        self.0.settings.side_tab
    }

    /// The quotes in the order the Quotes panel lists them (last frame).
    pub fn quote_order(self) -> &'a [usize] {
        self.0.session.panels.quotes.order()
    }

    /// Per series: hidden with the chart's legend.
    pub fn hidden_series(self) -> &'a [bool] {
        &self.0.session.panels.figures.hidden
    }

    /// Per lane: collapsed to its header.
    pub fn collapsed_lanes(self) -> &'a [bool] {
        &self.0.session.state.lanes.collapsed
    }

    /// Per lane: hidden.
    pub fn hidden_lanes(self) -> &'a [bool] {
        &self.0.session.state.lanes.hidden
    }

    /// The first dataset's views as the app has them.
    pub fn views(self) -> &'a [crate::model::SavedView] {
        &self.0.session.state.views.list
    }

    /// Whether the views were changed in the app and not written.
    pub fn views_changed(self) -> bool {
        self.0.session.state.views.changed
    }

    /// The slide on screen while a story is presented.
    pub fn story_slide(self) -> Option<usize> {
        self.0.session.state.story.map(|story| story.slide)
    }

    /// Whether the Views window is open.
    pub fn views_window_open(self) -> bool {
        self.0.views_window.open
    }

    pub fn theme(self) -> ThemeChoice {
        self.0.settings.theme
    }

    pub fn search_query(self) -> &'a str {
        self.0.session.state.search.query()
    }

    /// Whether an event matches the search (all do when there is none).
    pub fn matches_search(self, event: EventIndex) -> bool {
        self.0.session.state.search.matches(event)
    }

    /// Whether a search is still running off the UI thread (the timeline
    /// shows the last finished one meanwhile).
    pub fn search_running(self) -> bool {
        self.0.session.state.search.running()
    }

    /// Whether the events' search text is prepared or being prepared (a
    /// big dataset's waits for the user to pause).
    pub fn search_text_started(self) -> bool {
        self.0.session.data.event_text.started()
    }

    pub fn search_match_count(self) -> Option<usize> {
        self.0.session.state.search.match_count()
    }

    /// The last export's outcome: `Ok(message)` or `Err(message)`.
    pub fn export_status(self) -> Option<&'a Result<String, String>> {
        self.0.export.status()
    }

    /// Whether an export or a copy is running.
    pub fn export_running(self) -> bool {
        self.0.export.progress().is_some()
    }

    /// The settings as they would be saved now.
    pub fn settings(self) -> Settings {
        Settings {
            last_view: Some(self.0.session.last_view()),
            ..self.0.settings.clone()
        }
    }

    /// The dataset's origin.
    pub fn origin(self) -> &'a Origin {
        self.0.loading.origin()
    }

    /// The import options the open dataset was loaded with (a reload
    /// uses them again).
    pub fn import_options(self) -> &'a ImportOptions {
        self.0.loading.import()
    }

    /// The errors of the last failed open or reload, while they stand.
    pub fn load_problems(self) -> Option<&'a LoadProblems> {
        self.0.loading.problems()
    }

    /// The warnings of the last good load, when it had any.
    pub fn load_warnings(self) -> Option<&'a LoadProblems> {
        self.0.loading.warnings()
    }

    /// The notices on screen ("Wrote …", "Copied …"), oldest first.
    pub fn notices(self) -> Vec<&'a str> {
        self.0.notices.texts()
    }

    /// Whether a dataset, or a layer, is being loaded or merged.
    pub fn dataset_loading(self) -> bool {
        self.0.loading.loading() || self.0.layer_loadings.busy()
    }

    /// The layers shown, in order: each one's key and title.
    pub fn layers(self) -> Vec<(u32, &'a str)> {
        let layers = &self.0.session.data.layers;
        layers.iter().map(|l| (l.key, l.title.as_str())).collect()
    }

    /// The errors of a layer's last failed load, while they stand.
    pub fn layer_problems(self, key: u32) -> Option<&'a LoadProblems> {
        self.0.layer_loadings.get(key).and_then(|l| l.problems())
    }

    /// The layer an event comes from (its position among the layers).
    pub fn layer_of(self, event: EventIndex) -> Option<usize> {
        self.0.session.data.layers.of_event(event)
    }

    /// The recent datasets, most recent first.
    pub fn recent_datasets(self) -> &'a [PathBuf] {
        &self.0.settings.recent
    }
}

/// The hooks tests drive background work with: the reload debounce's clock
/// and length, and waiting for a job instead of sleeping.
#[derive(Debug)]
pub struct TestHooks<'a>(&'a mut TimelineApp);

impl TestHooks<'_> {
    /// where the reload debounce reads the time (a
    /// [`super::ManualClock`] makes it wait until the test moves it).
    pub fn set_reload_clock(&mut self, clock: Arc<dyn Clock>) {
        for layer in &mut self.0.layer_loadings.loadings {
            layer.set_clock(Arc::clone(&clock));
        }
        self.0.loading.set_clock(clock);
    }

    /// how long the files must be quiet before a reload.
    pub fn set_reload_debounce(&mut self, quiet: Duration) {
        for layer in &mut self.0.layer_loadings.loadings {
            layer.set_debounce(quiet);
        }
        self.0.loading.set_debounce(quiet);
    }

    /// blocks until background work moves on (an export, a file picker,
    /// the Open window's survey of a file, a folder being opened, a load
    /// or a save finishes, or the file watcher reports a change), or until
    /// `timeout`. Whether something happened. Never called by the app.
    pub fn wait_for_background(&mut self, timeout: Duration) -> bool {
        if self.0.export.progress().is_some() {
            return self.0.export.wait(timeout);
        }
        if self.0.dataset_windows.busy() {
            return self.0.dataset_windows.wait(timeout);
        }
        if self.0.export.picking() {
            return self.0.export.wait_for_picker(timeout);
        }
        if !self.0.notices.wait(Duration::ZERO) {
            return self.0.notices.wait(timeout);
        }
        if self.0.workspace_save.busy() {
            return self.0.workspace_save.wait(timeout);
        }
        if self.0.layer_loadings.busy() {
            return self.0.layer_loadings.wait(timeout);
        }
        self.0.loading.wait(timeout)
    }

    /// where the Open, Save and Export windows' file pickers come from
    /// (the system's by default).
    pub fn set_file_picker(&mut self, picker: Arc<dyn FilePicker>) {
        self.0.dataset_windows.set_picker(Arc::clone(&picker));
        self.0.export.set_picker(picker);
    }

    /// what opens a folder for a notice's Open folder (the system's file
    /// manager by default).
    pub fn set_folder_opener(&mut self, opener: Arc<dyn FolderOpener>) {
        self.0.notices.set_opener(opener);
    }
}
