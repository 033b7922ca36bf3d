//! The eframe app: menus, panels, the timeline, the overview band and the
//! side panel, over the library's model, index and view math.
//!
//! The app is a few named parts ([`TimelineApp`]): the settings, the
//! dataset [`session`] (the dataset and all state that belongs to it, each
//! panel's included), the loading lifecycle ([`dataset`]), the export
//! dialog, the windows, what the panels reported last frame, and a queue
//! of [`Command`]s. Each frame the panels draw from a read-only
//! [`frame::FrameContext`] and return what happened; the commands are
//! applied in one place after all of them ([`commands`]).
//!
//! | file | what it holds |
//! |---|---|
//! | `session.rs` | the dataset session, its derived links, reload carry-over |
//! | `settings.rs` | what persists between runs |
//! | `frame.rs` | the frame context panels read and the output they return |
//! | `commands.rs` | every command and where it is applied |
//! | `toolbar.rs` | menus, the toolbar and keyboard shortcuts |
//! | `keys.rs` | the table of every key, read by the key handling and the shortcuts window; what Esc closes |
//! | `help.rs`, `guide.rs` | the Help menu's windows: the user guide (from the README), the shortcuts, About |
//! | `panels/` | the panels (`timeline.rs`, `overview.rs`, `details.rs`, `quotes.rs`, `figures.rs`), each with its own state |
//! | `loading.rs` | the loading lifecycle: load and save jobs, the file watcher, reload debounce, load errors |
//! | `dataset_windows.rs` | the Open and Save windows, the dataset menu entries, the problems panel, dropped files |
//! | `open_options.rs` | the Open window's choices for a conflict event file (countries, dates, lanes), from a survey of it |
//! | `pickers.rs` | the system's file pickers, and what to say when there is none |
//! | `dialogs.rs` | where dialogs open (centred, below the menu bar) and Esc in them |
//! | `notices.rs` | short messages over the timeline ("Wrote …"), with an action |
//! | `dataset.rs` | the app's side of it: requests carried out, a loaded dataset swapped in |
//! | `export_dialog.rs` | Export image and Copy view as image |
//! | `views.rs` | saved views: the Views menu and window, writing `views.ron`, story mode |
//! | `profiler.rs` | the Profiler window (`--profile`): recent frames, a flame graph of one, the scopes with most time |

mod commands;
mod dataset;
mod dataset_windows;
mod dialogs;
mod export_dialog;
mod frame;
mod guide;
mod help;
mod icons;
mod keys;
mod layers;
mod loading;
mod notices;
mod open_options;
mod panels;
mod pickers;
mod probe;
mod profiler;
mod session;
mod settings;
mod toolbar;
mod views;
mod workspace;

pub use panels::figures;
use panels::{Panel as _, details};

pub use commands::Command;
pub use loading::{Clock, LoadProblems, ManualClock, ProblemRow, RELOAD_DEBOUNCE, SystemClock};
pub use notices::FolderOpener;
pub use pickers::{FilePicker, PickKind, PickRequest, PickerUnavailable};
pub use probe::{AppProbe, TestHooks};
pub use session::LastView;
pub use settings::{
    ChartPlacement, InterfaceZoom, KeptViews, RecentImport, Settings, SideTab, ThemeChoice,
};

pub(crate) use session::{Derived, derive};

use eframe::egui;

use crate::load::Loaded;
use crate::model::Dataset;
use crate::render::theme;
use frame::{FrameContext, FrameOutput, Reported};
use session::Session;

/// Opens the app window with a loaded dataset, and `layers` below it on
/// the same axis; returns when it is closed.
pub fn run(loaded: Loaded, layers: Vec<Loaded>, profile: bool) -> eframe::Result {
    let title = loaded.dataset.title.clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(&title)
            .with_inner_size(theme::ui::WINDOW_SIZE)
            .with_min_inner_size(theme::ui::MIN_WINDOW_SIZE)
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "conflict-timeline",
        options,
        Box::new(move |creation| {
            let mut app = TimelineApp::from_layers(loaded, layers);
            if let Some(storage) = creation.storage {
                app.restore(storage);
            }
            if profile {
                app.start_profiler();
            }
            // The first frame applies the theme and the zoom.
            Ok(Box::new(app))
        }),
    )
}

/// The app.
pub struct TimelineApp {
    /// What persists between runs.
    settings: Settings,
    /// The open dataset and everything that belongs to it.
    session: Session,
    /// Where the dataset came from, its file watcher, loads and saves in
    /// progress, load errors.
    loading: loading::DatasetLoading,
    /// The same for each dataset shown as a layer below the first.
    layer_loadings: layers::LayerLoadings,
    /// Layers of the last run to open again from the first frame on.
    pending_layers: Vec<(Option<std::path::PathBuf>, crate::load::ImportOptions)>,
    /// A workspace's layers after its first, added once that one is open.
    workspace_layers: Vec<(Option<std::path::PathBuf>, crate::load::ImportOptions)>,
    /// File → Save workspace as…
    workspace_save: workspace::WorkspaceSave,
    /// The Open and Save dataset windows and their file pickers.
    dataset_windows: dataset_windows::DatasetWindows,
    export: export_dialog::ExportDialog,
    /// The Views window, and views.ron being written.
    views_window: views::ViewsWindow,
    /// The Help menu's windows: the user guide, the shortcuts, About.
    windows: help::HelpWindows,
    /// Help → Profiler (`--profile`).
    profiler: profiler::ProfilerWindow,
    /// "Wrote …", "Copied …": short messages over the timeline.
    notices: notices::Notices,
    /// What the panels reported last frame.
    reported: Reported,
    /// Commands to apply at the end of the frame.
    commands: Vec<Command>,
    /// Where the side panel was drawn last frame, when it was.
    side_panel_rect: Option<egui::Rect>,
    /// The theme and zoom of the settings have been applied to the
    /// context (they are from the first frame on).
    look_applied: bool,
    /// Since when (egui's time) the user has not moved the view, pressed a
    /// pointer button or scrolled, while the dataset shown waits for its
    /// background work: that waits for a pause. `None` when nothing waits,
    /// or the dataset was swapped in and its pause is yet to begin.
    quiet_since: Option<f64>,
}

impl std::fmt::Debug for TimelineApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimelineApp")
            .field("session", &self.session)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl TimelineApp {
    pub fn new(dataset: Dataset) -> Self {
        Self {
            settings: Settings::default(),
            session: Session::new(derive(dataset)),
            loading: loading::DatasetLoading::new(crate::load::Origin::BuiltIn),
            layer_loadings: layers::LayerLoadings::default(),
            pending_layers: Vec::new(),
            workspace_layers: Vec::new(),
            workspace_save: workspace::WorkspaceSave::default(),
            dataset_windows: dataset_windows::DatasetWindows::default(),
            export: export_dialog::ExportDialog::default(),
            views_window: views::ViewsWindow::default(),
            windows: help::HelpWindows::default(),
            profiler: profiler::ProfilerWindow::default(),
            notices: notices::Notices::default(),
            reported: Reported::default(),
            commands: Vec::new(),
            side_panel_rect: None,
            look_applied: false,
            quiet_since: None,
        }
    }

    /// The app showing a loaded dataset; a dataset from a file is watched
    /// and reloaded when the file changes.
    pub fn from_loaded(loaded: Loaded) -> Self {
        let Loaded {
            dataset,
            origin,
            warnings,
            omitted_warnings,
            import,
        } = loaded;
        let mut app = Self::new(dataset);
        app.loading = loading::DatasetLoading::loaded(origin, import, warnings, omitted_warnings);
        app
    }

    /// The open dataset.
    fn dataset(&self) -> &Dataset {
        self.session.dataset()
    }

    /// Waits until the events' search text is prepared: a big dataset's is
    /// made on a worker once the user pauses (`view::SharedText`), or here
    /// when that has not begun. For benchmarks, which measure it apart.
    pub fn wait_for_search_text(&self) {
        self.session.data.event_text.wait();
    }

    // ---- Persistence ----

    /// Restores saved settings; missing, old or corrupt state is ignored.
    pub fn restore(&mut self, storage: &dyn eframe::Storage) {
        let Some(mut saved) = eframe::get_value::<Settings>(storage, settings::STORAGE_KEY) else {
            return;
        };
        saved.recent.truncate(settings::RECENT_LIMIT);
        if let Some(path) =
            dataset::origin_path(self.loading.origin()).map(std::path::Path::to_owned)
        {
            saved.remember_recent(path, self.loading.import());
        }
        if let Some(last_view) = &saved.last_view {
            self.session.restore(last_view);
        }
        self.restore_layers(&saved.layer_set);
        saved.zoom = InterfaceZoom::new(saved.zoom.factor());
        self.settings = saved;
        self.restore_kept_views();
        // Drawn in the restored theme and zoom from the next frame.
        self.look_applied = false;
    }

    /// Draws the window in the settings' theme and zoom.
    fn apply_theme(&mut self, ctx: &egui::Context) {
        theme::apply(ctx, self.settings.theme.look());
        // The zoom keys go through the settings (`toolbar::zoom_keyboard`).
        ctx.options_mut(|options| options.zoom_with_keyboard = false);
        ctx.set_zoom_factor(self.settings.zoom.factor());
        self.look_applied = true;
    }

    // ---- The frame ----

    /// The whole window. Public so tests drive the real app headlessly.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        puffin::profile_function!();
        crate::jobs::note_ui_core();
        let ctx = ui.ctx().clone();
        if !self.look_applied {
            self.apply_theme(&ctx);
        }
        let now = ctx.input(|i| i.time);
        let view_before = self.session.state.view.current();
        self.open_pending_layers(&ctx);
        self.export.poll(&ctx);
        self.poll_dataset(&ctx);
        self.dropped_files(&ctx);
        // After the polls: a dataset swapped in this frame is searched too.
        {
            puffin::profile_scope!("search update");
            self.session.state.search.update(&ctx);
        }

        let mut out = FrameOutput::default();
        self.panels_ui(ui, &mut out);
        self.windows(&ctx);
        self.notices_ui(&ctx);

        self.reported = out.reported;
        self.commands.extend(out.commands);
        self.dataset_requests(&ctx, out.dataset);
        {
            puffin::profile_scope!("apply commands");
            self.apply(&ctx, now);
        }
        // A query typed this frame is searched now, not a frame later: a
        // big search starts on its worker at once, and the next frame shows
        // a small one's matches.
        self.session.state.search.update(&ctx);
        let animating = self.session.state.view.advance(now);
        if animating {
            ctx.request_repaint();
        }
        let interacting = animating
            || self.session.state.view.current() != view_before
            || ctx.input(|i| {
                i.pointer.any_down()
                    || i.smooth_scroll_delta != egui::Vec2::ZERO
                    || i.zoom_delta() != 1.0
            });
        self.start_background_work(&ctx, now, interacting);
        keys::end_frame(&ctx);
    }

    /// Starts preparing a big dataset's search text once the user pauses:
    /// [`GESTURE_PAUSE`](crate::view::GESTURE_PAUSE) after the dataset
    /// shows without moving the view, pressing a button or scrolling. Begun
    /// with the first frame, it took a core for half a second at ten
    /// million events while the user zoomed, and those frames took up to
    /// four times as long (a search asked for before then prepares it on
    /// its own worker).
    fn start_background_work(&mut self, ctx: &egui::Context, now: f64, interacting: bool) {
        let text = &self.session.data.event_text;
        if text.started() {
            self.quiet_since = None;
            return;
        }
        let since = match self.quiet_since {
            Some(since) if !interacting => since,
            _ => now,
        };
        self.quiet_since = Some(since);
        let quiet = now - since;
        if quiet >= crate::view::GESTURE_PAUSE {
            text.start();
            self.quiet_since = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                crate::view::GESTURE_PAUSE - quiet,
            ));
        }
    }

    /// Every panel, each drawing from the same frame context.
    fn panels_ui(&mut self, ui: &mut egui::Ui, out: &mut FrameOutput) {
        puffin::profile_function!();
        let Session {
            data,
            state,
            panels,
        } = &mut self.session;
        let frame = FrameContext {
            data,
            state,
            settings: &self.settings,
            last: &self.reported,
        };
        toolbar::keyboard(ui.ctx(), &frame, out);
        if let Some(story) = state.story {
            // Story mode: the slide beside the live timeline, nothing else.
            views::story_panels_ui(ui, &frame, story, &mut panels.story, out);
            egui::CentralPanel::default().show(ui, |ui| {
                out.absorb(panels.timeline.ui(ui, &frame));
            });
            return;
        }
        let dataset_windows = &mut self.dataset_windows;
        let loading = &self.loading;
        let dataset_menu = |ui: &mut egui::Ui, out: &mut FrameOutput| {
            let requests = dataset_windows.menu_ui(ui, loading, &frame.settings.recent);
            out.dataset.extend(requests);
        };
        let menu_bar = egui::Panel::top("menu-bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| toolbar::menu_bar_ui(ui, &frame, dataset_menu, out));
        });
        dialogs::set_menu_bar(ui.ctx(), menu_bar.response.rect);
        egui::Panel::top("toolbar").show(ui, |ui| {
            toolbar::toolbar_ui(ui, &frame, &mut panels.toolbar, out)
        });
        // The panels' places are laid out first (egui's panels are placed
        // from the window's edges in), their contents drawn after, in
        // reading order: the timeline, its chart, the overview, the side
        // panel. That order is the order of Tab and of a screen reader.
        let overview_rect = egui::Panel::bottom("overview")
            .resizable(false)
            .exact_size(theme::ui::overview::HEIGHT)
            .show(ui, reserve)
            .inner;
        if dataset_windows::problems_shown(loading) {
            egui::Panel::bottom("dataset-status").show(ui, |ui| {
                out.dataset
                    .extend(dataset_windows::problems_ui(ui, loading));
            });
        }
        // Each layer's problems under its own name, in a panel of its own.
        for layer in &self.layer_loadings.loadings {
            if dataset_windows::problems_shown(layer) {
                let key = layer.key();
                egui::Panel::bottom(egui::Id::unique(("layer-status", key))).show(ui, |ui| {
                    let requests = dataset_windows::problems_ui(ui, layer);
                    out.dataset.extend(
                        requests
                            .into_iter()
                            .map(|r| dataset_windows::DatasetRequest::ForLayer(key, Box::new(r))),
                    );
                });
            }
        }
        self.side_panel_rect = None;
        let mut side_panel_content = None;
        if !self.settings.side_panel_hidden {
            // However the window shrinks, the timeline keeps its share: the
            // panel's widest is a share of the window, the stored width too.
            let max_width = side_panel_max_width(ui.available_width());
            // The handle is grabbed a few points either side of the edge.
            let grab_radius = ui.style().interaction.resize_grab_radius_side;
            ui.style_mut().interaction.resize_grab_radius_side = theme::ui::SIDE_PANEL_GRAB_RADIUS;
            let shown = egui::Panel::right("side-panel")
                .resizable(true)
                .default_size(theme::ui::SIDE_PANEL_WIDTH.min(max_width))
                .min_size(theme::ui::SIDE_PANEL_WIDTH_RANGE.start().min(max_width))
                .max_size(max_width)
                .show(ui, reserve);
            self.side_panel_rect = Some(shown.response.rect);
            side_panel_content = Some(shown.inner);
            ui.style_mut().interaction.resize_grab_radius_side = grab_radius;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            // The chart under the timeline, on its time axis.
            panels.figures.chart_frame = None;
            let chart_rect = frame
                .chart_shown()
                .then(|| panels::chart_strip::chart_strip_rect(ui));
            out.absorb(panels.timeline.ui(ui, &frame));
            if let Some(rect) = chart_rect {
                in_place(ui, "figures-chart", rect, |ui| {
                    panels.figures.chart_ui(ui, &frame, out);
                });
            }
        });
        in_place(ui, "overview", overview_rect, |ui| {
            out.absorb(panels.overview.ui(ui, &frame));
        });
        if let Some(rect) = side_panel_content {
            in_place(ui, "side-panel", rect, |ui| {
                side_panel_ui(ui, &frame, panels, out);
            });
        }
    }

    fn windows(&mut self, ctx: &egui::Context) {
        puffin::profile_function!();
        if self.export.open {
            let cx = self.export_context();
            self.export.window_ui(ctx, &cx);
        }
        self.open_window(ctx);
        self.save_window(ctx);
        self.workspace_ui(ctx);
        self.views_window_ui(ctx);
        self.windows.ui(ctx, self.session.dataset());
        self.profiler.ui(ctx);
    }

    /// Records where each frame's time goes and shows it in the Profiler
    /// window (`--profile`).
    pub fn start_profiler(&mut self) {
        self.profiler.show();
    }
}

/// A panel's content that only reserves its place, whole (a panel sizes
/// itself to what its content takes), to be drawn later with [`in_place`].
fn reserve(ui: &mut egui::Ui) -> egui::Rect {
    let rect = ui.max_rect();
    ui.expand_to_include_rect(rect);
    rect
}

/// Draws `add` in `rect`, a place a panel laid out earlier this frame,
/// clipped to it.
fn in_place(ui: &mut egui::Ui, salt: &str, rect: egui::Rect, add: impl FnOnce(&mut egui::Ui)) {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .id_salt(salt)
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.shrink_clip_rect(rect);
    add(&mut child);
}

/// The side panel's widest at a window (or central area) this wide: its
/// share of the width, and never more than the panel's own largest.
pub(crate) fn side_panel_max_width(window_width: f32) -> f32 {
    (window_width * theme::ui::SIDE_PANEL_MAX_SHARE).min(*theme::ui::SIDE_PANEL_WIDTH_RANGE.end())
}

/// The side panel: its tabs, then the chosen tab's panel.
fn side_panel_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    panels: &mut session::Panels,
    out: &mut FrameOutput,
) {
    ui.add_space(theme::ui::TABS_GAP_ABOVE);
    let current = frame.settings.side_tab;
    side_tabs_ui(ui, current, out);
    ui.separator();
    // Only the shown tab draws; the others' last frames are gone.
    panels.figures.table = None;
    match current {
        SideTab::Details => details::details_ui(ui, frame, out),
        SideTab::Quotes => out.absorb(panels.quotes.ui(ui, frame)),
        SideTab::Figures => out.absorb(panels.figures.ui(ui, frame)),
    }
}

/// The side panel's tabs: a tab list for assistive technology, each tab
/// focusable, with its key (`Ctrl+1` …) on hover.
fn side_tabs_ui(ui: &mut egui::Ui, current: SideTab, out: &mut FrameOutput) {
    use egui::accesskit::Role;
    let strip = egui::UiBuilder::new()
        .layout(egui::Layout::left_to_right(egui::Align::Min))
        .accessibility_role(Role::TabList)
        .accessibility_label("Side panel");
    ui.scope_builder(strip, |ui| {
        let tabs = [SideTab::Details, SideTab::Quotes, SideTab::Figures];
        for (tab, binding) in tabs.into_iter().zip(keys::SIDE_TABS.bindings) {
            let name = tab.name();
            let label = egui::RichText::new(name).size(theme::ui::TAB_SIZE);
            let selected = current == tab;
            let response = ui.add(egui::Button::selectable(selected, label));
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_role(Role::Tab);
                node.clear_toggled();
                node.set_selected(selected);
            });
            let keys = binding.text(ui.ctx());
            if response.on_hover_text(format!("{name} ({keys})")).clicked() {
                out.push(Command::SetSideTab(tab));
            }
        }
    });
}

impl eframe::App for TimelineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TimelineApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.last_view = Some(self.session.last_view());
        self.settings.layer_set = self.layer_set();
        self.keep_views();
        eframe::set_value(storage, settings::STORAGE_KEY, &self.settings);
    }
}
