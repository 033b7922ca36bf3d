//! The eframe app: menus, panels, the timeline, the overview band and the
//! details panel, over the library's model, index and view math.
//!
//! Interaction produces [`Command`]s that are applied in one place after the
//! UI pass ([`TimelineApp::apply`]), so tests replay the same commands and
//! every view change goes through the same clamping and animation.

mod dataset;
mod details;
mod export_dialog;
pub mod figures;
mod overview;
mod picker;
mod quotes;
mod search;
mod timeline;

pub use dataset::{LoadProblems, ProblemRow};

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::load::Loaded;
use crate::model::Dataset;
use crate::view::{
    LaneEvents, LayoutCache, LayoutMetrics, Scene, SearchText, TimeView, TimelineIndex, ViewLimits,
    initial_view,
};
use search::Search;

/// Opens the app window with a loaded dataset; returns when it is closed.
pub fn run(loaded: Loaded) -> eframe::Result {
    let title = loaded.dataset.title.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(&title)
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "conflict-timeline",
        options,
        Box::new(move |creation| {
            let mut app = TimelineApp::from_loaded(loaded);
            if let Some(storage) = creation.storage {
                app.restore(storage);
            }
            app.apply_theme(&creation.egui_ctx);
            Ok(Box::new(app))
        }),
    )
}

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    Light,
    #[default]
    Dark,
}

/// The tabs of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SideTab {
    #[default]
    Details,
    Quotes,
    Figures,
}

/// What persists across runs. Unknown or corrupt saved state is ignored.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub theme: ThemeChoice,
    pub side_tab: SideTab,
    /// The side panel is collapsed.
    pub side_panel_hidden: bool,
    /// The dataset the view belongs to (its title), so another dataset does
    /// not open at a stale range.
    pub dataset_title: String,
    pub view: Option<TimeView>,
    /// Ids of collapsed and hidden lanes.
    pub collapsed_lanes: Vec<String>,
    pub hidden_lanes: Vec<String>,
    /// Datasets opened before, most recent first.
    pub recent: Vec<std::path::PathBuf>,
}

const STORAGE_KEY: &str = "conflict-timeline";

/// A change to the app's state, produced by the UI and applied after it.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show this range now.
    SetView(TimeView),
    /// Show this range now, keeping this time fixed if a zoom limit applies.
    SetViewAbout(TimeView, f64),
    /// Move to this range with a short animation.
    AnimateTo(TimeView),
    FitAll,
    /// The dataset's initial view.
    ResetView,
    Select(Option<u32>),
    /// Select and bring into view (animated).
    SelectAndCenter(u32),
    /// Zoom so the event fills most of the view.
    ZoomToEvent(u32),
    ToggleCollapsed(usize),
    ToggleHidden(usize),
    SetTheme(ThemeChoice),
    /// Centre the timeline on a quote's date and select its first event.
    FocusQuote(usize),
    SetSideTab(SideTab),
    /// Select the next (or previous) event matching the search.
    NextMatch {
        forward: bool,
    },
    FocusSearch,
    /// File → Export image…
    OpenExportDialog,
    /// Render the visible view at the window's size to the clipboard.
    CopyViewImage,
    /// Open a dataset file or folder (replacing the open one if it loads).
    OpenPath(std::path::PathBuf),
    OpenBuiltIn,
    /// File → Open dataset…: the Open dataset window.
    ShowOpenDataset,
    Quit,
}

struct Animation {
    from: TimeView,
    to: TimeView,
    start_time: f64,
}

const ANIMATION_SECONDS: f64 = 0.3;

/// The app: the dataset, its derived indexes and caches, and the UI state.
pub struct TimelineApp {
    /// Shared with export jobs running off the UI thread.
    dataset: Arc<Dataset>,
    index: Arc<TimelineIndex>,
    /// Bumped whenever the dataset changes.
    data_version: u64,
    /// Per event, the width of its title in the label font.
    label_widths: Vec<f32>,
    layout: LayoutCache,
    metrics: LayoutMetrics,
    limits: ViewLimits,
    view: TimeView,
    animation: Option<Animation>,
    selected: Option<u32>,
    hovered: Option<u32>,
    /// The date under the pointer, when it is over the timeline or overview.
    pointer_time: Option<f64>,
    previous_pointer_time: Option<f64>,
    /// How far the lanes are scrolled down, in points.
    lane_offset: f32,
    /// Scroll the lanes so the selection is visible, next frame.
    reveal_selected: bool,
    search: Search,
    collapsed: Vec<bool>,
    hidden: Vec<bool>,
    /// Per event, the indices of its quotes.
    quotes_by_event: HashMap<u32, Vec<usize>>,
    /// Per quote, the indices of its events.
    events_of_quote: Vec<Vec<u32>>,
    /// Source id → index in `dataset.sources`.
    source_index: HashMap<String, usize>,
    /// The quotes' text for the Quotes panel's filter and search.
    quote_text: Arc<SearchText>,
    theme: ThemeChoice,
    show_shortcuts: bool,
    show_about: bool,
    /// The scene drawn last frame: what is on screen, for hit tests.
    scene: Scene,
    /// Where the timeline and the overview band were drawn last frame.
    timeline_rect: egui::Rect,
    overview_rect: egui::Rect,
    side_tab: SideTab,
    side_panel_hidden: bool,
    quotes_panel: quotes::QuotesPanel,
    figures_panel: figures::FiguresPanel,
    /// The quotes as listed in the Quotes panel last frame.
    quote_order: Vec<usize>,
    /// The quote under the pointer this frame: its events are highlighted.
    hovered_quote: Option<usize>,
    /// The figures chart as drawn last frame, when it is shown.
    chart_frame: Option<figures::ChartFrame>,
    /// The overview's event density, keyed by (data version, bins).
    overview_density: Option<((u64, usize), Vec<u32>)>,
    export: export_dialog::ExportDialog,
    /// Where the dataset came from, its file watcher, loads in progress,
    /// load errors and the recent datasets.
    data_source: dataset::DatasetState,
    pending: Vec<Command>,
}

/// A dataset with everything the app derives from it: built on a worker
/// thread when a dataset is opened, swapped in at once.
pub(crate) struct Derived {
    dataset: Arc<Dataset>,
    index: Arc<TimelineIndex>,
    limits: ViewLimits,
    /// Per event, the indices of its quotes.
    quotes_by_event: HashMap<u32, Vec<usize>>,
    /// Per quote, the indices of its events.
    events_of_quote: Vec<Vec<u32>>,
    /// Source id → index in `dataset.sources`.
    source_index: HashMap<String, usize>,
    /// Per event, the width of its title in the label font.
    label_widths: Vec<f32>,
    /// Per lane, its events as every layout reads them.
    lane_events: Vec<LaneEvents>,
    /// The events' and the quotes' text, folded for search.
    event_text: Arc<SearchText>,
    quote_text: Arc<SearchText>,
}

/// Indexes a dataset, links its quotes, events and sources, measures its
/// labels and prepares its text for search: everything a frame needs,
/// done before the first frame that shows it (on the load worker).
pub(crate) fn derive(dataset: Dataset) -> Derived {
    // Two halves of about the same cost, one per core: the index and the
    // lanes' events; the label widths and the text for search.
    let text_half = || {
        (
            crate::render::timeline::measure_label_widths(&dataset.events),
            Arc::new(SearchText::for_events(&dataset.events)),
            Arc::new(SearchText::for_quotes(&dataset.quotes)),
        )
    };
    let ((index, lane_events), (label_widths, event_text, quote_text)) =
        std::thread::scope(|scope| {
            let text = std::thread::Builder::new()
                .name("derive-text".to_owned())
                .spawn_scoped(scope, text_half);
            let index = TimelineIndex::new(&dataset);
            let lane_events = crate::view::lane_events(&dataset, &index);
            let text = match text {
                Ok(worker) => worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No second thread to be had: one after the other.
                Err(_) => text_half(),
            };
            ((index, lane_events), text)
        });
    let limits = ViewLimits::for_data(index.data_start, index.data_end);
    // Only the events that quotes name are looked up: a table of a few ids,
    // not of every event.
    let mut event_position: HashMap<&str, Option<u32>> = dataset
        .quotes
        .iter()
        .flat_map(|quote| &quote.events)
        .map(|id| (id.as_str(), None))
        .collect();
    if !event_position.is_empty() {
        for (position, event) in dataset.events.iter().enumerate() {
            if let Some(slot) = event_position.get_mut(event.id.as_str()) {
                *slot = Some(position as u32);
            }
        }
    }
    let mut quotes_by_event: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut events_of_quote = vec![Vec::new(); dataset.quotes.len()];
    for (quote_index, quote) in dataset.quotes.iter().enumerate() {
        for event in &quote.events {
            if let Some(&Some(position)) = event_position.get(event.as_str()) {
                quotes_by_event
                    .entry(position)
                    .or_default()
                    .push(quote_index);
                events_of_quote[quote_index].push(position);
            }
        }
    }
    let source_index = dataset
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| (source.id.clone(), i))
        .collect();
    drop(event_position);
    Derived {
        dataset: Arc::new(dataset),
        index: Arc::new(index),
        limits,
        quotes_by_event,
        events_of_quote,
        source_index,
        label_widths,
        lane_events,
        event_text,
        quote_text,
    }
}

impl std::fmt::Debug for TimelineApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimelineApp")
            .field("title", &self.dataset.title)
            .field("view", &self.view)
            .field("selected", &self.selected)
            .finish_non_exhaustive()
    }
}

impl TimelineApp {
    pub fn new(dataset: Dataset) -> Self {
        Self::with_derived(derive(dataset))
    }

    /// The app showing a loaded dataset; a dataset from a file is watched
    /// and reloaded when the file changes.
    pub fn from_loaded(loaded: Loaded) -> Self {
        let origin = loaded.origin.clone();
        let mut app = Self::new(loaded.dataset);
        app.data_source = dataset::DatasetState::new(origin);
        app
    }

    fn with_derived(derived: Derived) -> Self {
        let Derived {
            dataset,
            index,
            limits,
            quotes_by_event,
            events_of_quote,
            source_index,
            label_widths,
            lane_events,
            event_text,
            quote_text,
        } = derived;
        let view = initial_view(&dataset, &limits);
        let lanes = dataset.lanes.len();
        let series_count = dataset.displacement.len();
        Self {
            dataset,
            index,
            data_version: 1,
            label_widths,
            layout: LayoutCache::with_lane_events(lane_events, 1),
            metrics: LayoutMetrics::default(),
            limits,
            view,
            animation: None,
            selected: None,
            hovered: None,
            pointer_time: None,
            previous_pointer_time: None,
            lane_offset: 0.0,
            reveal_selected: false,
            search: Search::new(event_text),
            collapsed: vec![false; lanes],
            hidden: vec![false; lanes],
            quotes_by_event,
            events_of_quote,
            source_index,
            quote_text,
            theme: ThemeChoice::default(),
            show_shortcuts: false,
            show_about: false,
            scene: Scene::default(),
            timeline_rect: egui::Rect::NOTHING,
            overview_rect: egui::Rect::NOTHING,
            side_tab: SideTab::default(),
            side_panel_hidden: false,
            quotes_panel: quotes::QuotesPanel::default(),
            figures_panel: figures::FiguresPanel::with_series(series_count),
            quote_order: Vec::new(),
            hovered_quote: None,
            chart_frame: None,
            overview_density: None,
            export: export_dialog::ExportDialog::default(),
            data_source: dataset::DatasetState::new(crate::load::Origin::BuiltIn),
            pending: Vec::new(),
        }
    }

    // ---- Read access, for the panels and for tests ----

    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    pub fn index(&self) -> &TimelineIndex {
        &self.index
    }

    /// The visible range (the animation's current frame while animating).
    pub fn view(&self) -> TimeView {
        self.view
    }

    /// Where the view is going: the animation's target, or the view.
    pub fn target_view(&self) -> TimeView {
        self.animation.as_ref().map_or(self.view, |a| a.to)
    }

    pub fn limits(&self) -> ViewLimits {
        self.limits
    }

    pub fn selected(&self) -> Option<u32> {
        self.selected
    }

    /// A source by id, without scanning the list.
    pub fn source(&self, id: &str) -> Option<&crate::model::Source> {
        self.source_index.get(id).map(|&i| &self.dataset.sources[i])
    }

    pub fn selected_event(&self) -> Option<&crate::model::Event> {
        self.selected
            .and_then(|i| self.dataset.events.get(i as usize))
    }

    /// The scene drawn in the last frame.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The time ↔ x map of the timeline as drawn last frame.
    pub fn timeline_transform(&self) -> crate::view::TimeTransform {
        crate::view::TimeTransform::new(
            self.view,
            self.timeline_rect.left(),
            self.timeline_rect.width(),
        )
    }

    /// Where the timeline was drawn last frame.
    pub fn timeline_rect(&self) -> egui::Rect {
        self.timeline_rect
    }

    /// Where the overview band was drawn last frame, and its time ↔ x map.
    pub fn overview_transform(&self) -> (egui::Rect, crate::view::TimeTransform) {
        let rect = self.overview_rect;
        (
            rect,
            crate::view::TimeTransform::new(self.limits.fit_all(), rect.left(), rect.width()),
        )
    }

    /// The figures chart as drawn last frame (when its tab is open).
    pub fn chart_frame(&self) -> Option<figures::ChartFrame> {
        self.chart_frame
    }

    pub fn side_tab(&self) -> SideTab {
        self.side_tab
    }

    /// The quotes in the order the Quotes panel lists them (last frame).
    pub fn quote_order(&self) -> &[usize] {
        &self.quote_order
    }

    /// Per series: hidden with the chart's legend.
    pub fn hidden_series(&self) -> &[bool] {
        &self.figures_panel.hidden
    }

    /// Whether an event is highlighted because a quote of it is hovered.
    pub fn highlighted_by_quote(&self, event: u32) -> bool {
        self.hovered_quote
            .and_then(|quote| self.events_of_quote.get(quote))
            .is_some_and(|events| events.contains(&event))
    }

    /// Per lane: collapsed to its header.
    pub fn collapsed_lanes(&self) -> &[bool] {
        &self.collapsed
    }

    pub fn theme(&self) -> ThemeChoice {
        self.theme
    }

    pub fn search_query(&self) -> &str {
        &self.search.query
    }

    /// Whether an event matches the search (all do when there is none).
    pub fn matches_search(&self, event: u32) -> bool {
        self.search.matches(event)
    }

    /// The last export's outcome: `Ok(message)` or `Err(message)`.
    pub fn export_status(&self) -> Option<&Result<String, String>> {
        self.export.status()
    }

    /// Whether an export or a copy is running.
    pub fn export_running(&self) -> bool {
        self.export.progress().is_some()
    }

    pub fn search_match_count(&self) -> Option<usize> {
        self.search.match_count()
    }

    /// Whether a search is still running off the UI thread (the timeline
    /// shows the last finished one meanwhile).
    pub fn search_running(&self) -> bool {
        self.search.running()
    }

    /// Queues a command, applied at the end of the frame.
    pub fn push(&mut self, command: Command) {
        self.pending.push(command);
    }

    // ---- Persistence ----

    /// Restores saved settings; missing, old or corrupt state is ignored.
    pub fn restore(&mut self, storage: &dyn eframe::Storage) {
        let Some(saved) = eframe::get_value::<Persisted>(storage, STORAGE_KEY) else {
            return;
        };
        self.set_recent(saved.recent.clone());
        if let Some(path) = dataset::origin_path(self.origin()).map(std::path::Path::to_owned) {
            self.remember_recent(path);
        }
        self.theme = saved.theme;
        self.side_tab = saved.side_tab;
        self.side_panel_hidden = saved.side_panel_hidden;
        if saved.dataset_title == self.dataset.title {
            if let Some(view) = saved.view.filter(TimeView::is_valid) {
                self.view = self.limits.clamp(view, None);
            }
            for (lane, id) in self
                .dataset
                .lanes
                .iter()
                .enumerate()
                .map(|(i, l)| (i, &l.id))
            {
                self.collapsed[lane] = saved.collapsed_lanes.contains(id);
                self.hidden[lane] = saved.hidden_lanes.contains(id);
            }
        }
    }

    pub fn persisted(&self) -> Persisted {
        let lane_ids = |flags: &[bool]| {
            self.dataset
                .lanes
                .iter()
                .zip(flags)
                .filter(|(_, on)| **on)
                .map(|(lane, _)| lane.id.clone())
                .collect()
        };
        Persisted {
            theme: self.theme,
            side_tab: self.side_tab,
            side_panel_hidden: self.side_panel_hidden,
            dataset_title: self.dataset.title.clone(),
            view: Some(self.target_view()),
            collapsed_lanes: lane_ids(&self.collapsed),
            hidden_lanes: lane_ids(&self.hidden),
            recent: self.recent_datasets().to_vec(),
        }
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.theme {
            ThemeChoice::Light => egui::Theme::Light,
            ThemeChoice::Dark => egui::Theme::Dark,
        });
    }

    // ---- Commands ----

    /// Applies queued commands. `now` is the input time, for animations.
    pub fn apply(&mut self, ctx: &egui::Context, now: f64) {
        let pending = std::mem::take(&mut self.pending);
        if !pending.is_empty() {
            // Show the new state at once.
            ctx.request_repaint();
        }
        for command in pending {
            self.apply_one(ctx, command, now);
        }
    }

    fn animate_to(&mut self, target: TimeView, now: f64) {
        let target = self.limits.clamp(target, None);
        self.animation = Some(Animation {
            from: self.view,
            to: target,
            start_time: now,
        });
    }

    fn apply_one(&mut self, ctx: &egui::Context, command: Command, now: f64) {
        match command {
            Command::SetView(view) => {
                self.animation = None;
                self.view = self.limits.clamp(view, None);
            }
            Command::SetViewAbout(view, anchor) => {
                self.animation = None;
                self.view = self.limits.clamp(view, Some(anchor));
            }
            Command::AnimateTo(view) => self.animate_to(view, now),
            Command::FitAll => self.animate_to(self.limits.fit_all(), now),
            Command::ResetView => self.animate_to(initial_view(&self.dataset, &self.limits), now),
            Command::Select(event) => self.selected = event,
            Command::SelectAndCenter(event) => {
                self.selected = Some(event);
                self.reveal_selected = true;
                let span = self.index.spans[event as usize];
                let target = self.target_view();
                let mut view = target.centered_on(0.5 * (span.start + span.end));
                // Zoom out if the event is wider than the view.
                if span.end - span.start > view.span() * 0.9 {
                    view = TimeView::new(span.start, span.end)
                        .zoomed_about(0.5 * (span.start + span.end), 1.25);
                }
                self.animate_to(view, now);
            }
            Command::ZoomToEvent(event) => {
                self.selected = Some(event);
                self.reveal_selected = true;
                let span = self.index.spans[event as usize];
                let length = (span.end - span.start).max(1.0);
                let center = 0.5 * (span.start + span.end);
                // The event fills about a third of the view: context on both sides.
                let view = TimeView::new(center - 1.5 * length, center + 1.5 * length);
                self.animate_to(view, now);
            }
            Command::ToggleCollapsed(lane) => {
                if let Some(flag) = self.collapsed.get_mut(lane) {
                    *flag = !*flag;
                }
            }
            Command::ToggleHidden(lane) => {
                if let Some(flag) = self.hidden.get_mut(lane) {
                    *flag = !*flag;
                }
            }
            Command::SetTheme(theme) => {
                self.theme = theme;
                self.apply_theme(ctx);
            }
            Command::NextMatch { forward } => {
                if let Some(event) = self.next_match(forward) {
                    self.apply_one(ctx, Command::SelectAndCenter(event), now);
                }
            }
            Command::FocusSearch => self.search.focus_requested = true,
            Command::SetSideTab(tab) => self.side_tab = tab,
            Command::FocusQuote(quote_index) => {
                let Some(quote) = self.dataset.quotes.get(quote_index) else {
                    return;
                };
                if let Some(&event) = self.events_of_quote[quote_index].first() {
                    self.selected = Some(event);
                    self.reveal_selected = true;
                }
                let date = 0.5 * (quote.date.start_instant() + quote.date.end_instant());
                let target = self.target_view().centered_on(date);
                self.animate_to(target, now);
            }
            Command::OpenExportDialog => self.open_export_dialog(),
            Command::OpenPath(path) => self.start_load(Some(path), false),
            Command::OpenBuiltIn => self.start_load(None, false),
            Command::ShowOpenDataset => self.show_open_window(),
            Command::CopyViewImage => self.copy_view_image(ctx.content_rect().size()),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// The next event in date order after the selection that matches the
    /// search (or any event when there is no search), wrapping around.
    fn next_match(&mut self, forward: bool) -> Option<u32> {
        self.search.next_match(&self.index, self.selected, forward)
    }

    fn advance_animation(&mut self, ctx: &egui::Context, now: f64) {
        let Some(animation) = &self.animation else {
            return;
        };
        let t = ((now - animation.start_time) / ANIMATION_SECONDS).clamp(0.0, 1.0);
        // Ease out: fast start, gentle landing.
        let eased = 1.0 - (1.0 - t) * (1.0 - t) * (1.0 - t);
        self.view = animation.from.lerp(&animation.to, eased);
        if t >= 1.0 {
            self.view = animation.to;
            self.animation = None;
        } else {
            ctx.request_repaint();
        }
    }

    // ---- Derived data ----

    fn update_search(&mut self, ctx: &egui::Context) {
        self.search.update(ctx);
    }

    // ---- The frame ----

    /// The whole window. Public so tests drive the real app headlessly.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let now = ctx.input(|i| i.time);
        self.poll_export(&ctx);
        self.poll_dataset(&ctx);
        self.dropped_files(&ctx);
        self.keyboard(&ctx);
        // Set again this frame by whichever view the pointer is over; views
        // drawn before that one show last frame's.
        self.previous_pointer_time = self.pointer_time.take();

        egui::Panel::top("menu-bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_bar_ui(ui));
        });
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        if !self.export.open && (self.export.progress().is_some() || self.export.status().is_some())
        {
            egui::Panel::top("export-status").show(ui, |ui| self.export_status_ui(ui));
        }
        self.update_search(&ctx);
        egui::Panel::bottom("overview")
            .resizable(false)
            .exact_size(overview::HEIGHT)
            .show(ui, |ui| overview::overview_ui(self, ui));
        if self.dataset_status_shown() {
            egui::Panel::bottom("dataset-status").show(ui, |ui| self.dataset_status_ui(ui));
        }
        if !self.side_panel_hidden {
            egui::Panel::right("side-panel")
                .resizable(true)
                .default_size(380.0)
                .min_size(240.0)
                .max_size(760.0)
                .show(ui, |ui| self.side_panel_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| timeline::timeline_ui(self, ui));
        self.windows(&ctx);

        self.apply(&ctx, now);
        self.advance_animation(&ctx, now);
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        let typing = ctx.egui_wants_keyboard_input();
        let mut commands = Vec::new();
        let mut tab_used = false;
        ctx.input_mut(|input| {
            if input.consume_key(Modifiers::COMMAND, Key::F) {
                commands.push(Command::FocusSearch);
            }
            if input.consume_key(Modifiers::COMMAND, Key::O) {
                commands.push(Command::ShowOpenDataset);
            }
            if input.consume_key(Modifiers::COMMAND, Key::E) {
                commands.push(Command::OpenExportDialog);
            }
            if input.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::C) {
                commands.push(Command::CopyViewImage);
            }
            if typing {
                return;
            }
            if input.consume_key(Modifiers::NONE, Key::Slash) {
                commands.push(Command::FocusSearch);
            }
            // Shift+Tab first: a plain Tab check also matches with Shift held.
            let shift_tab = input.consume_key(Modifiers::SHIFT, Key::Tab);
            if shift_tab || input.consume_key(Modifiers::NONE, Key::K) {
                commands.push(Command::NextMatch { forward: false });
            }
            let tab = input.consume_key(Modifiers::NONE, Key::Tab);
            if tab || input.consume_key(Modifiers::NONE, Key::J) {
                commands.push(Command::NextMatch { forward: true });
            }
            tab_used = tab || shift_tab;
            if input.consume_key(Modifiers::NONE, Key::Escape) {
                commands.push(Command::Select(None));
            }
            if input.consume_key(Modifiers::NONE, Key::Home) {
                commands.push(Command::FitAll);
            }
            let view = self.target_view();
            let zoom_in = input.consume_key(Modifiers::NONE, Key::Plus)
                || input.consume_key(Modifiers::NONE, Key::Equals)
                || input.consume_key(Modifiers::SHIFT, Key::Equals);
            if zoom_in {
                commands.push(Command::AnimateTo(view.zoomed_about(view.center(), 0.5)));
            }
            if input.consume_key(Modifiers::NONE, Key::Minus) {
                commands.push(Command::AnimateTo(view.zoomed_about(view.center(), 2.0)));
            }
            if input.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                commands.push(Command::AnimateTo(view.panned(-0.25 * view.span())));
            }
            if input.consume_key(Modifiers::NONE, Key::ArrowRight) {
                commands.push(Command::AnimateTo(view.panned(0.25 * view.span())));
            }
        });
        if tab_used {
            // egui has already taken Tab to move keyboard focus; Tab walks
            // the events here, so cancel that move.
            ctx.memory_mut(|memory| memory.move_focus(egui::FocusDirection::None));
        }
        self.pending.extend(commands);
    }

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("File", |ui| {
            self.dataset_menu_ui(ui);
            ui.separator();
            let format = |modifiers, key| {
                ui.ctx()
                    .format_shortcut(&egui::KeyboardShortcut::new(modifiers, key))
            };
            let export_keys = format(egui::Modifiers::COMMAND, egui::Key::E);
            let copy_keys = format(
                egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                egui::Key::C,
            );
            if ui
                .add(egui::Button::new("Export image…").shortcut_text(export_keys))
                .clicked()
            {
                self.push(Command::OpenExportDialog);
            }
            if ui
                .add(egui::Button::new("Copy view as image").shortcut_text(copy_keys))
                .clicked()
            {
                self.push(Command::CopyViewImage);
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                self.push(Command::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            if ui
                .add(egui::Button::new("Zoom to fit").shortcut_text("Home"))
                .clicked()
            {
                self.push(Command::FitAll);
            }
            if ui.button("Reset view").clicked() {
                self.push(Command::ResetView);
            }
            ui.separator();
            let mut shown = !self.side_panel_hidden;
            if ui
                .checkbox(&mut shown, "Side panel (details, quotes, figures)")
                .changed()
            {
                self.side_panel_hidden = !shown;
            }
            ui.separator();
            let mut theme = self.theme;
            ui.radio_value(&mut theme, ThemeChoice::Light, "Light theme");
            ui.radio_value(&mut theme, ThemeChoice::Dark, "Dark theme");
            if theme != self.theme {
                self.push(Command::SetTheme(theme));
            }
        });
        ui.menu_button("Help", |ui| {
            if ui.button("Keyboard shortcuts").clicked() {
                self.show_shortcuts = true;
            }
            if ui.button("About").clicked() {
                self.show_about = true;
            }
        });
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong(&self.dataset.title);
            ui.separator();
            let label = ui.label("Search");
            let search = ui
                .add(
                    egui::TextEdit::singleline(&mut self.search.query)
                        .hint_text("title, summary or tag  ( / )")
                        .desired_width(240.0),
                )
                .labelled_by(label.id);
            if self.search.focus_requested {
                search.request_focus();
                self.search.focus_requested = false;
            }
            if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                let forward = !ui.input(|i| i.modifiers.shift);
                self.push(Command::NextMatch { forward });
                // Keep typing possible after jumping.
                search.request_focus();
            }
            if let Some(count) = self.search_match_count() {
                ui.label(format!(
                    "{count} match{}",
                    if count == 1 { "" } else { "es" }
                ));
                if ui
                    .small_button("Clear")
                    .on_hover_text("Clear the search")
                    .clicked()
                {
                    self.search.query.clear();
                }
            }
            ui.separator();
            ui.menu_button("Lanes", |ui| {
                for lane in 0..self.dataset.lanes.len() {
                    let mut visible = !self.hidden[lane];
                    let name = self.dataset.lanes[lane].name.clone();
                    if ui.checkbox(&mut visible, name).changed() {
                        self.push(Command::ToggleHidden(lane));
                    }
                }
            });
        });
    }

    fn side_panel_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            for (tab, name) in [
                (SideTab::Details, "Details"),
                (SideTab::Quotes, "Quotes"),
                (SideTab::Figures, "Figures"),
            ] {
                let label = egui::RichText::new(name).size(15.0);
                if ui.selectable_label(self.side_tab == tab, label).clicked() {
                    self.push(Command::SetSideTab(tab));
                }
            }
        });
        ui.separator();
        self.hovered_quote = None;
        self.chart_frame = None;
        match self.side_tab {
            SideTab::Details => details::details_ui(self, ui),
            SideTab::Quotes => quotes::quotes_ui(self, ui),
            SideTab::Figures => figures::figures_ui(self, ui),
        }
    }

    fn windows(&mut self, ctx: &egui::Context) {
        self.export_window(ctx);
        self.open_window(ctx);
        self.save_window(ctx);
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.show_shortcuts)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, what) in SHORTCUTS {
                        ui.monospace(*keys);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        egui::Window::new("About conflict-timeline")
            .open(&mut self.show_about)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!("conflict-timeline {}", env!("CARGO_PKG_VERSION")));
                ui.label("A zoomable timeline of conflicts, truces and peace talks.");
                use crate::model::counted;
                ui.label(format!(
                    "Dataset: {} — {}, {}, {}.",
                    self.dataset.title,
                    counted(self.dataset.events.len(), "event", "events"),
                    counted(self.dataset.quotes.len(), "quote", "quotes"),
                    counted(self.dataset.sources.len(), "source", "sources")
                ));
            });
    }
}

/// The keyboard shortcuts, as shown in Help → Keyboard shortcuts.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("scroll", "zoom about the pointer"),
    ("shift+scroll, drag", "pan"),
    ("alt+scroll", "scroll the lanes up and down"),
    ("shift+drag, right-drag", "zoom into a span"),
    ("double-click", "zoom to an event; on empty space, fit all"),
    ("+ / -", "zoom in / out"),
    ("Left / Right", "pan"),
    ("Home", "fit everything"),
    ("Tab / J", "next event (or search match)"),
    ("Shift+Tab / K", "previous event"),
    ("Esc", "clear the selection"),
    ("/ or Ctrl+F", "search"),
    ("Ctrl+O", "open a dataset (.ron, TimelineJS .json or .csv)"),
    ("Ctrl+E", "export an image (PNG or SVG)"),
    ("Ctrl+Shift+C", "copy the view as an image"),
    ("Enter (in search)", "next match"),
];

impl eframe::App for TimelineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TimelineApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STORAGE_KEY, &self.persisted());
    }
}
