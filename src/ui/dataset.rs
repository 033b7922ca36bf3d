//! Opening datasets: File → Open (a path, or the system's file and folder
//! pickers), recent datasets, the built-in dataset, drag and drop, and live
//! reload when the open dataset's files change.
//!
//! Loads run on a worker thread (parse, validate and index), so a big
//! dataset never freezes the window, and a load that fails never replaces
//! what is on screen: its errors are listed in a panel, `FILE:LINE:COL` and
//! message each, until the files are fixed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use eframe::egui::{self, RichText};

use super::picker::{PendingPick, take_answer};
use super::{Derived, TimelineApp, derive};
use crate::load::{self, Diagnostic, LoadError, LoadOptions, Loaded, Origin};
use crate::view::initial_view;

/// How long the files must be quiet before a reload: editors write a file in
/// several steps (truncate, write, rename).
const RELOAD_DEBOUNCE: Duration = Duration::from_millis(300);
/// How many recent datasets the File menu lists.
const RECENT_LIMIT: usize = 10;

/// Why a load runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LoadReason {
    /// A dataset the user chose: it replaces the open one, at its own view.
    Open,
    /// The open dataset's files changed: keep the view, selection, filters.
    Reload,
}

struct LoadJob {
    /// `None` for the built-in dataset.
    path: Option<PathBuf>,
    reason: LoadReason,
    handle: JoinHandle<Result<(Loaded, Derived), LoadError>>,
}

/// Watches the open dataset's folder (or the folder of its file).
struct Watcher {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

/// Errors of the last failed load, shown until the next good one.
#[derive(Clone, Debug)]
pub struct LoadProblems {
    pub headline: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Errors and warnings found beyond those in `diagnostics`, shown as
    /// `… and N more errors` lines.
    pub omitted_errors: usize,
    pub omitted_warnings: usize,
    /// A failed reload stays until the files are fixed; a failed open can
    /// be dismissed.
    pub dismissable: bool,
}

/// One line of the errors panel.
#[derive(Debug)]
pub enum ProblemRow<'a> {
    Diagnostic(&'a Diagnostic),
    /// `… and N more errors` (or warnings).
    Omitted(String),
}

impl LoadProblems {
    /// The lines the panel shows: the errors, how many more there are, the
    /// warnings, how many more of those.
    pub fn rows(&self) -> Vec<ProblemRow<'_>> {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let (error_rows, warning_rows) = self.diagnostics.split_at(errors);
        let mut rows: Vec<ProblemRow<'_>> = error_rows.iter().map(ProblemRow::Diagnostic).collect();
        rows.extend(load::omitted_line(self.omitted_errors, "error").map(ProblemRow::Omitted));
        rows.extend(warning_rows.iter().map(ProblemRow::Diagnostic));
        rows.extend(load::omitted_line(self.omitted_warnings, "warning").map(ProblemRow::Omitted));
        rows
    }
}

/// The dataset's origin and everything about loading it.
pub(super) struct DatasetState {
    pub origin: Origin,
    watcher: Option<Watcher>,
    /// The origin the watcher was started for.
    watched: Option<Origin>,
    job: Option<LoadJob>,
    reload_due: Option<Instant>,
    pub problems: Option<LoadProblems>,
    /// A one-line note (a recent entry that no longer exists, a copy).
    pub note: Option<String>,
    pub recent: Vec<PathBuf>,
    /// The Open window's file or folder dialog, while it is open.
    picked: Option<PendingPick>,
    /// The Open dataset window: its path field, while it is open.
    pub open_window: Option<String>,
    focus_open_field: bool,
    /// The Save dataset as window: its folder field, while it is open.
    pub save_window: Option<String>,
    save_job: Option<JoinHandle<Result<load::WrittenFolder, load::WriteError>>>,
    /// The dataset's origin when the save started: the saved folder is only
    /// reopened if nothing else was opened meanwhile.
    save_origin: Option<Origin>,
    /// The folder picker's answer for the Save window.
    picked_folder: Option<PendingPick>,
}

impl std::fmt::Debug for DatasetState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatasetState")
            .field("origin", &self.origin)
            .field("loading", &self.job.is_some())
            .field(
                "problems",
                &self.problems.as_ref().map(|p| p.diagnostics.len()),
            )
            .finish_non_exhaustive()
    }
}

impl DatasetState {
    pub fn new(origin: Origin) -> Self {
        Self {
            origin,
            watcher: None,
            watched: None,
            job: None,
            reload_due: None,
            problems: None,
            note: None,
            recent: Vec::new(),
            picked: None,
            open_window: None,
            focus_open_field: false,
            save_window: None,
            save_job: None,
            save_origin: None,
            picked_folder: None,
        }
    }

    pub fn loading(&self) -> bool {
        self.job.is_some()
    }
}

/// The file or folder a dataset was loaded from.
pub fn origin_path(origin: &Origin) -> Option<&Path> {
    match origin {
        Origin::BuiltIn => None,
        Origin::Folder(path) | Origin::File(path) => Some(path),
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether two paths name the same file or folder.
fn same_path(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whether a changed path belongs to the dataset: any `.ron` file of a
/// dataset folder, or the dataset's own file.
fn concerns(origin: &Origin, changed: &Path) -> bool {
    match origin {
        Origin::BuiltIn => false,
        Origin::Folder(_) => changed.extension().is_some_and(|e| e == "ron"),
        Origin::File(file) => changed.file_name() == file.file_name(),
    }
}

fn load_and_derive(path: Option<&Path>) -> Result<(Loaded, Derived), LoadError> {
    let mut loaded = match path {
        Some(path) => load::load_path(path, &LoadOptions::from_env()?)?,
        None => load::load_builtin()?,
    };
    // The dataset moves into what is derived from it; `loaded` keeps where
    // it came from and its warnings. (A copy of a million events took
    // seconds to make and, freed on the UI thread, a frame's budget many
    // times over.)
    let derived = derive(std::mem::take(&mut loaded.dataset));
    Ok((loaded, derived))
}

/// Frees a replaced dataset and what was derived from it on a worker
/// thread: a million events are millions of strings, a few hundred
/// milliseconds to free.
fn free_in_background<T: Send + 'static>(value: T) {
    let freeing = std::thread::Builder::new()
        .name("free-dataset".to_owned())
        .spawn(move || drop(value));
    // Without a thread, the value was freed here, with the closure that held it.
    drop(freeing);
}

impl TimelineApp {
    /// The dataset's origin.
    pub fn origin(&self) -> &Origin {
        &self.data_source.origin
    }

    /// The errors of the last failed open or reload, while they stand.
    pub fn load_problems(&self) -> Option<&LoadProblems> {
        self.data_source.problems.as_ref()
    }

    /// Whether a dataset is being loaded.
    pub fn dataset_loading(&self) -> bool {
        self.data_source.loading()
    }

    /// The recent datasets, most recent first.
    pub fn recent_datasets(&self) -> &[PathBuf] {
        &self.data_source.recent
    }

    pub(super) fn set_recent(&mut self, recent: Vec<PathBuf>) {
        self.data_source.recent = recent;
        self.data_source.recent.truncate(RECENT_LIMIT);
    }

    /// Starts loading a dataset (`None`: the built-in one) on a worker thread.
    pub(super) fn start_load(&mut self, path: Option<PathBuf>, reload: bool) {
        let reason = if reload {
            LoadReason::Reload
        } else {
            LoadReason::Open
        };
        // A reload never replaces a dataset the user asked to open; any
        // other newer request wins and the older result is dropped unseen.
        if reason == LoadReason::Reload
            && self
                .data_source
                .job
                .as_ref()
                .is_some_and(|job| job.reason == LoadReason::Open)
        {
            return;
        }
        if reason == LoadReason::Open {
            self.data_source.reload_due = None;
        }
        let worker_path = path.clone();
        let handle = std::thread::spawn(move || load_and_derive(worker_path.as_deref()));
        self.data_source.job = Some(LoadJob {
            path,
            reason,
            handle,
        });
        self.data_source.note = None;
    }

    /// Opens a recent dataset, or drops it from the list if it is gone.
    pub(super) fn open_recent(&mut self, path: PathBuf) {
        if path.exists() {
            self.start_load(Some(path), false);
        } else {
            self.data_source.recent.retain(|p| p != &path);
            self.data_source.note = Some(format!(
                "{} no longer exists; removed from the recent datasets.",
                path.display()
            ));
        }
    }

    /// Watcher events, debounced reloads, finished loads, the file dialog.
    pub(super) fn poll_dataset(&mut self, ctx: &egui::Context) {
        self.ensure_watcher(ctx);
        if let Some(watcher) = &self.data_source.watcher {
            let mut changed = false;
            while let Ok(event) = watcher.events.try_recv() {
                let Ok(event) = event else { continue };
                let relevant = matches!(
                    event.kind,
                    notify::EventKind::Create(_)
                        | notify::EventKind::Modify(_)
                        | notify::EventKind::Remove(_)
                ) && event
                    .paths
                    .iter()
                    .any(|p| concerns(&self.data_source.origin, p));
                changed |= relevant;
            }
            if changed {
                self.data_source.reload_due = Some(Instant::now() + RELOAD_DEBOUNCE);
            }
        }
        if let Some(due) = self.data_source.reload_due {
            let now = Instant::now();
            if now >= due && self.data_source.job.is_none() {
                self.data_source.reload_due = None;
                let path = origin_path(&self.data_source.origin).map(Path::to_owned);
                self.start_load(path, true);
            } else {
                ctx.request_repaint_after(due.saturating_duration_since(now));
            }
        }
        if let Some(Some(path)) = take_answer(&mut self.data_source.picked, ctx) {
            self.data_source.open_window = None;
            self.start_load(Some(path), false);
        }
        self.poll_save(ctx);
        let finished = self
            .data_source
            .job
            .as_ref()
            .is_some_and(|job| job.handle.is_finished());
        if !finished {
            if self.data_source.job.is_some() {
                ctx.request_repaint_after(Duration::from_millis(30));
            }
            return;
        }
        let Some(job) = self.data_source.job.take() else {
            return;
        };
        let result = job
            .handle
            .join()
            .unwrap_or_else(|_| Err(LoadError::default()));
        if job.reason == LoadReason::Reload {
            // A dataset folder replaced by `convert` is a new folder under
            // the old name, and the watcher followed the old one away:
            // watch the name afresh.
            self.data_source.watched = None;
        }
        match result {
            Ok((loaded, derived)) => {
                self.swap_in(ctx, loaded, derived, job.reason);
                if let Some(path) = job.path {
                    self.remember_recent(path);
                }
            }
            Err(error) => {
                let name = job
                    .path
                    .as_deref()
                    .map_or_else(|| "the built-in dataset".to_owned(), display_name);
                let errors = error.error_count();
                let what = if errors == 1 {
                    "an error".to_owned()
                } else {
                    format!("{errors} errors")
                };
                let headline = match job.reason {
                    LoadReason::Reload => format!(
                        "{name} has {what}; still showing the last version that loaded. \
                         Fix the files and it reloads."
                    ),
                    LoadReason::Open => format!(
                        "Could not open {name}: {what}. Still showing {}.",
                        self.dataset.title
                    ),
                };
                self.data_source.problems = Some(LoadProblems {
                    headline,
                    diagnostics: error.diagnostics,
                    omitted_errors: error.omitted_errors,
                    omitted_warnings: error.omitted_warnings,
                    dismissable: job.reason == LoadReason::Open,
                });
            }
        }
        ctx.request_repaint();
    }

    /// (Re)starts the file watcher for the current origin.
    fn ensure_watcher(&mut self, ctx: &egui::Context) {
        if self.data_source.watched.as_ref() == Some(&self.data_source.origin) {
            return;
        }
        self.data_source.watched = Some(self.data_source.origin.clone());
        self.data_source.watcher = None;
        let folder = match &self.data_source.origin {
            Origin::BuiltIn => return,
            Origin::Folder(folder) => folder.clone(),
            Origin::File(file) => match file.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
                _ => PathBuf::from("."),
            },
        };
        let (sender, events) = channel();
        let repaint = ctx.clone();
        let handler = move |event: notify::Result<notify::Event>| {
            // The app may be gone; then nobody needs the event.
            let _ = sender.send(event);
            repaint.request_repaint();
        };
        use notify::Watcher as _;
        let watcher = notify::recommended_watcher(handler).and_then(|mut watcher| {
            watcher
                .watch(&folder, notify::RecursiveMode::NonRecursive)
                .map(|()| watcher)
        });
        match watcher {
            Ok(watcher) => {
                self.data_source.watcher = Some(Watcher {
                    _watcher: watcher,
                    events,
                });
            }
            Err(error) => {
                self.data_source.note = Some(format!(
                    "Changes to {} will not reload by themselves: {error}",
                    folder.display()
                ));
            }
        }
    }

    pub(super) fn remember_recent(&mut self, path: PathBuf) {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        let recent = &mut self.data_source.recent;
        recent.retain(|p| p != &path);
        recent.insert(0, path);
        recent.truncate(RECENT_LIMIT);
    }

    /// Replaces the dataset. A reload keeps the view, the selection (by
    /// event id), the search and the lane and series filters; an open shows
    /// the new dataset at its own view.
    fn swap_in(
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
        let title_changed = derived.dataset.title != self.dataset.title;

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
        self.data_version += 1;
        let layout = crate::view::LayoutCache::with_lane_events(lane_events, self.data_version);
        // What is replaced is freed on a worker: the old dataset's strings,
        // and hundreds of megabytes of index, widths and text at a million
        // events, are more than a frame's work to give back.
        free_in_background((
            std::mem::replace(&mut self.dataset, dataset),
            std::mem::replace(&mut self.index, index),
            std::mem::replace(&mut self.quotes_by_event, quotes_by_event),
            std::mem::replace(&mut self.events_of_quote, events_of_quote),
            std::mem::replace(&mut self.source_index, source_index),
            std::mem::replace(&mut self.label_widths, label_widths),
            std::mem::replace(&mut self.quote_text, quote_text),
            std::mem::replace(&mut self.layout, layout),
            std::mem::take(&mut self.scene),
            // The same query over the new events (an open clears it below).
            self.search.set_text(event_text),
        ));
        self.limits = limits;
        self.overview_density = None;
        self.hovered = None;
        self.hovered_quote = None;
        self.animation = None;
        self.quote_order.clear();
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
        self.data_source.origin = loaded.origin;
        self.data_source.problems = None;
        let warnings = loaded.warnings.len() + loaded.omitted_warnings;
        if warnings > 0 {
            self.data_source.note = Some(format!(
                "Loaded with {} (run `conflict-timeline check` to list them).",
                crate::model::counted(warnings, "warning", "warnings")
            ));
        }
        if title_changed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.dataset.title.clone()));
        }
    }

    /// Shows the Open dataset window, its path field focused.
    pub(super) fn show_open_window(&mut self) {
        if self.data_source.open_window.is_none() {
            let start = origin_path(&self.data_source.origin)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            self.data_source.open_window = Some(start);
        }
        self.data_source.focus_open_field = true;
    }

    /// The Open dataset window: a path to type or paste, or the system's
    /// pickers, and the recent datasets.
    pub(super) fn open_window(&mut self, ctx: &egui::Context) {
        let Some(mut path) = self.data_source.open_window.take() else {
            return;
        };
        let mut open = true;
        let mut submit = false;
        let mut browse = None;
        let mut chosen_recent = None;
        let focus = std::mem::take(&mut self.data_source.focus_open_field);
        let recent = self.data_source.recent.clone();
        egui::Window::new("Open dataset")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    "A dataset folder, or a .ron file, a TimelineJS .json file or a \
                     TimelineJS sheet .csv. You can also drop one on the window.",
                );
                ui.horizontal(|ui| {
                    let label = ui.label("Path");
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut path).desired_width(380.0))
                        .labelled_by(label.id);
                    if focus {
                        field.request_focus();
                    }
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        submit = true;
                    }
                });
                ui.horizontal(|ui| {
                    if ui.button("Browse files…").clicked() {
                        browse = Some(false);
                    }
                    if ui.button("Browse folders…").clicked() {
                        browse = Some(true);
                    }
                    let ready = !path.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new("Open")).clicked() {
                        submit = true;
                    }
                });
                if !recent.is_empty() {
                    ui.separator();
                    ui.label(RichText::new("Recent").weak());
                    for entry in &recent {
                        if ui
                            .link(entry.display().to_string())
                            .on_hover_text("Open this dataset")
                            .clicked()
                        {
                            chosen_recent = Some(entry.clone());
                        }
                    }
                }
            });
        if let Some(folder) = browse {
            self.pick_dataset(folder);
        }
        if let Some(entry) = chosen_recent {
            self.open_recent(entry);
            return;
        }
        if submit && !path.trim().is_empty() {
            self.start_load(Some(PathBuf::from(path.trim())), false);
            return;
        }
        if open {
            self.data_source.open_window = Some(path);
        }
    }

    /// The Save dataset as window: the open dataset, whatever it was loaded
    /// from, written as a dataset folder that can be edited as RON.
    pub(super) fn save_window(&mut self, ctx: &egui::Context) {
        let Some(mut folder) = self.data_source.save_window.take() else {
            return;
        };
        let mut open = true;
        let mut save = false;
        let mut browse = false;
        let saving = self.data_source.save_job.is_some();
        egui::Window::new("Save dataset as")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    "Writes the open dataset as a dataset folder (dataset.ron, events.ron, \
                     quotes.ron, displacement.ron) to edit as RON. A new or empty folder, \
                     or a dataset folder to replace.",
                );
                ui.horizontal(|ui| {
                    let label = ui.label("Folder");
                    ui.add(egui::TextEdit::singleline(&mut folder).desired_width(380.0))
                        .labelled_by(label.id);
                    browse = ui.button("Browse…").clicked();
                });
                ui.horizontal(|ui| {
                    let ready = !folder.trim().is_empty() && !saving;
                    save = ui.add_enabled(ready, egui::Button::new("Save")).clicked();
                    if saving {
                        ui.spinner();
                    }
                });
            });
        if browse && self.data_source.picked_folder.is_none() {
            self.data_source.picked_folder = Some(PendingPick::spawn(|| {
                rfd::FileDialog::new()
                    .set_title("Save the dataset into a folder")
                    .pick_folder()
            }));
        }
        let target = PathBuf::from(folder.trim());
        let own_folder = match &self.data_source.origin {
            Origin::Folder(open) => same_path(open, &target),
            _ => false,
        };
        if save && own_folder {
            self.data_source.note = Some(
                "That is the open dataset's own folder: saving would rewrite its files and lose \
                 their comments and layout. Choose another folder."
                    .to_owned(),
            );
        } else if save {
            self.data_source.save_origin = Some(self.data_source.origin.clone());
            let dataset = std::sync::Arc::clone(&self.dataset);
            // Written files must load again under the same limit; a bad
            // limit variable was already reported when the dataset loaded.
            let options =
                load::WriteOptions::for_load(&LoadOptions::from_env().unwrap_or_default());
            self.data_source.save_job = Some(std::thread::spawn(move || {
                load::write_folder(&dataset, &target, &options)
            }));
        }
        if open {
            self.data_source.save_window = Some(folder);
        }
    }

    /// Collects the folder picker's answer and a finished save. A saved
    /// dataset is reopened from its folder, so edits to it reload live.
    fn poll_save(&mut self, ctx: &egui::Context) {
        if let Some(Some(path)) = take_answer(&mut self.data_source.picked_folder, ctx)
            && let Some(field) = &mut self.data_source.save_window
        {
            *field = path.display().to_string();
        }
        let finished = self
            .data_source
            .save_job
            .as_ref()
            .is_some_and(JoinHandle::is_finished);
        if !finished {
            if self.data_source.save_job.is_some() {
                ctx.request_repaint_after(Duration::from_millis(50));
            }
            return;
        }
        let Some(job) = self.data_source.save_job.take() else {
            return;
        };
        match job.join() {
            Ok(Ok(written)) => {
                self.data_source.save_window = None;
                self.data_source.note = Some(format!(
                    "Saved as a dataset folder: {}",
                    written.folder.display()
                ));
                let note = self.data_source.note.clone();
                // Reopen from the folder, keeping the view and selection,
                // unless another dataset was opened (or is opening) meanwhile.
                let unchanged = self.data_source.save_origin.take().as_ref()
                    == Some(&self.data_source.origin)
                    && self.data_source.job.is_none();
                if unchanged {
                    self.start_load(Some(written.folder), true);
                }
                self.data_source.note = note;
            }
            Ok(Err(error)) => {
                self.data_source.note = Some(format!("Could not save: {error}"));
            }
            Err(_) => {
                self.data_source.note = Some("Could not save: the writer stopped".to_owned());
            }
        }
        ctx.request_repaint();
    }

    /// Opens the system's file or folder picker on its own thread.
    pub(super) fn pick_dataset(&mut self, folder: bool) {
        if self.data_source.picked.is_some() {
            return;
        }
        let start = origin_path(&self.data_source.origin)
            .and_then(Path::parent)
            .map(Path::to_owned);
        self.data_source.picked = Some(PendingPick::spawn(move || {
            let mut picker = rfd::FileDialog::new().set_title(if folder {
                "Open a dataset folder"
            } else {
                "Open a dataset file"
            });
            if let Some(start) = start.filter(|s| s.is_dir()) {
                picker = picker.set_directory(start);
            }
            if folder {
                picker.pick_folder()
            } else {
                picker
                    .add_filter(
                        "Datasets (RON, TimelineJS JSON, CSV)",
                        &["ron", "json", "csv"],
                    )
                    .pick_file()
            }
        }));
    }

    /// Files dropped on the window open; files hovering show where to drop.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let (dropped, hovering) = ctx.input(|input| {
            (
                input
                    .raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_owned())
                    .find(|p| !p.as_os_str().is_empty()),
                !input.raw.hovered_files.is_empty(),
            )
        });
        if let Some(path) = dropped {
            self.start_load(Some(path), false);
        }
        if hovering {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop-overlay"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a dataset folder, or a .ron, .json or .csv file, to open it",
                egui::FontId::proportional(22.0),
                egui::Color32::WHITE,
            );
        }
    }

    /// The File menu's dataset entries.
    pub(super) fn dataset_menu_ui(&mut self, ui: &mut egui::Ui) {
        let open_keys = ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(
            egui::Modifiers::COMMAND,
            egui::Key::O,
        ));
        if ui
            .add(egui::Button::new("Open dataset…").shortcut_text(open_keys))
            .on_hover_text(
                "A dataset .ron file, a TimelineJS .json file or a TimelineJS sheet .csv",
            )
            .clicked()
        {
            self.pick_dataset(false);
        }
        if ui.button("Open dataset folder…").clicked() {
            self.pick_dataset(true);
        }
        let recent = self.data_source.recent.clone();
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button("Open recent", |ui| {
                for path in recent {
                    if ui
                        .button(display_name(&path))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        self.open_recent(path);
                    }
                }
            });
        });
        if ui
            .button("Save dataset as…")
            .on_hover_text("Write the open dataset as a RON dataset folder, to edit it as RON")
            .clicked()
        {
            let default = origin_path(&self.data_source.origin)
                .and_then(|p| {
                    let stem = p.file_stem()?.to_string_lossy().into_owned();
                    Some(
                        p.with_file_name(format!("{stem}-dataset"))
                            .display()
                            .to_string(),
                    )
                })
                .unwrap_or_default();
            self.data_source.save_window = Some(default);
        }
        if ui.button("Built-in dataset").clicked() {
            self.start_load(None, false);
        }
        let reloadable = origin_path(&self.data_source.origin).is_some();
        if ui
            .add_enabled(reloadable, egui::Button::new("Reload"))
            .on_hover_text("Files reload by themselves when they change; this reloads now")
            .clicked()
        {
            let path = origin_path(&self.data_source.origin).map(Path::to_owned);
            self.start_load(path, true);
        }
    }

    /// Loading, notes and load errors, above the overview band.
    pub(super) fn dataset_status_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(job) = &self.data_source.job
            && job.reason == LoadReason::Open
        {
            ui.horizontal(|ui| {
                ui.spinner();
                let name = job
                    .path
                    .as_deref()
                    .map_or_else(|| "the built-in dataset".to_owned(), display_name);
                ui.label(format!("Opening {name}…"));
            });
        }
        if let Some(note) = self.data_source.note.clone() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(note).weak());
                if ui.small_button("Dismiss").clicked() {
                    self.data_source.note = None;
                }
            });
        }
        let Some(problems) = self.data_source.problems.take() else {
            return;
        };
        let error_color = ui.visuals().error_fg_color;
        let mut dismiss = false;
        let mut copied = None;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&problems.headline)
                    .color(error_color)
                    .strong(),
            );
            if ui
                .small_button("Copy all")
                .on_hover_text("Copy every message, one per line")
                .clicked()
            {
                let all: Vec<String> = problems
                    .rows()
                    .into_iter()
                    .map(|row| match row {
                        ProblemRow::Diagnostic(diagnostic) => diagnostic.to_string(),
                        ProblemRow::Omitted(line) => line,
                    })
                    .collect();
                copied = Some((all.join("\n"), "all messages".to_owned()));
            }
            if problems.dismissable && ui.small_button("Dismiss").clicked() {
                dismiss = true;
            }
        });
        // Only the rows in view are laid out.
        let row_height = ui.text_style_height(&egui::TextStyle::Monospace);
        let all_rows = problems.rows();
        egui::ScrollArea::vertical()
            .id_salt("load-problems")
            .max_height(150.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, all_rows.len(), |ui, rows| {
                for row in &all_rows[rows] {
                    let diagnostic = match row {
                        ProblemRow::Diagnostic(diagnostic) => diagnostic,
                        ProblemRow::Omitted(line) => {
                            ui.label(RichText::new(line).monospace().italics());
                            continue;
                        }
                    };
                    let color = if diagnostic.is_error() {
                        error_color
                    } else {
                        ui.visuals().warn_fg_color
                    };
                    let line = diagnostic.to_string();
                    let response = ui
                        .add(
                            egui::Label::new(RichText::new(&line).monospace().color(color))
                                .sense(egui::Sense::click()),
                        )
                        .on_hover_text("Click to copy");
                    if response.clicked() {
                        copied = Some((line, diagnostic.place.to_string()));
                    }
                }
            });
        if !dismiss {
            self.data_source.problems = Some(problems);
        }
        if let Some((text, what)) = copied {
            ui.ctx().copy_text(text);
            self.data_source.note = Some(format!("Copied {what}."));
        }
    }

    /// Whether the status area under the lanes has anything to show.
    pub(super) fn dataset_status_shown(&self) -> bool {
        self.data_source.problems.is_some()
            || self.data_source.note.is_some()
            || self
                .data_source
                .job
                .as_ref()
                .is_some_and(|job| job.reason == LoadReason::Open)
    }
}
