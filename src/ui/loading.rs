//! The loading lifecycle of the open dataset: where it came from, the file
//! watcher and its debounce, the load and save jobs, the errors of the last
//! failed load, the warnings of the last good one, the notices it posts
//! ("Loaded …", "Saved …"), and the recent datasets.
//!
//! Loads run as a [`Job`] (parse, validate and index), so a big dataset
//! never freezes the window, and a load that fails never replaces what is
//! on screen: its errors stay in [`LoadProblems`] until the files are
//! fixed. The warnings of a load that succeeded are kept too, listed in the
//! same problems panel when the user asks to see them (never only counted
//! with a pointer to the command line). A finished load is handed back by [`DatasetLoading::poll`] as a
//! [`LoadOutcome`] for the app to swap in; nothing here touches the app.
//!
//! The time the debounce is measured in comes from a [`Clock`], so tests
//! decide when "the files have been quiet long enough" instead of sleeping.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use eframe::egui;

use super::notices::{Notice, NoticeAction};
use super::session::derive_layers;
use super::{Derived, derive};
use crate::jobs::Job;
use crate::load::{self, Diagnostic, ImportOptions, LoadError, LoadOptions, Loaded, Origin};
use crate::model::{Dataset, Layers};

/// How long the files must be quiet before a reload: editors write a file in
/// several steps (truncate, write, rename).
pub const RELOAD_DEBOUNCE: Duration = Duration::from_millis(300);

/// Where the loading lifecycle reads the time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Instant;
}

/// The system's monotonic clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// For tests: a clock that stands still until moved with
/// [`ManualClock::advance`]. Clones share one time.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<Instant>>);

impl Default for ManualClock {
    fn default() -> Self {
        Self(Arc::new(Mutex::new(Instant::now())))
    }
}

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A reload waits until the files have been quiet for `quiet`: every
/// change moves the moment it is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Debounce {
    pub quiet: Duration,
    due: Option<Instant>,
}

impl Debounce {
    fn new(quiet: Duration) -> Self {
        Self { quiet, due: None }
    }

    /// The files changed at `now`.
    fn changed(&mut self, now: Instant) {
        self.due = Some(now + self.quiet);
    }

    fn clear(&mut self) {
        self.due = None;
    }

    /// How long until a reload is due (zero once it is), or `None` when
    /// nothing changed.
    fn wait(&self, now: Instant) -> Option<Duration> {
        self.due.map(|due| due.saturating_duration_since(now))
    }
}

/// Why a load runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LoadReason {
    /// A dataset the user chose: it replaces the open one, at its own view.
    Open,
    /// The open dataset's files changed: keep the view, selection, filters.
    Reload,
}

/// The dataset on screen and its layers: what a layer's load is merged
/// with.
#[derive(Clone, Debug)]
pub(super) struct Basis {
    pub dataset: Arc<Dataset>,
    pub layers: Arc<Layers>,
}

/// A load that succeeded: what the app swaps in.
pub(super) struct LoadOutcome {
    pub loaded: Loaded,
    pub derived: Derived,
    pub reason: LoadReason,
    /// The dataset on screen the layer was merged with, when it was: the
    /// outcome is out of date if another has been swapped in since.
    pub basis: Option<Arc<Dataset>>,
    /// The file or folder it came from (`None`: the built-in dataset), for
    /// the recent datasets.
    pub path: Option<PathBuf>,
}

/// What [`DatasetLoading::poll`] found this frame.
#[derive(Default)]
#[must_use]
pub(super) struct Polled {
    /// A dataset to swap in.
    pub loaded: Option<LoadOutcome>,
    /// A save finished well: its window can close.
    pub saved: bool,
}

struct LoadJob {
    /// `None` for the built-in dataset.
    path: Option<PathBuf>,
    reason: LoadReason,
    basis: Option<Arc<Dataset>>,
    job: Job<Result<(Loaded, Derived), LoadError>>,
}

struct SaveJob {
    job: Job<Result<load::WrittenFolder, load::WriteError>>,
    /// The dataset's origin when the save started: the saved folder is only
    /// reopened if nothing else was opened meanwhile.
    origin: Origin,
}

/// Watches the open dataset's folder (or the folder of its file).
struct Watcher {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
}

/// Errors of the last failed load, shown until the next good one; or the
/// warnings of the last good load, shown when asked for.
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

/// The open dataset's origin and everything about loading it: of the
/// first dataset, or of a layer.
pub(super) struct DatasetLoading {
    origin: Origin,
    /// The layer this loads (0: the first dataset, which an open replaces
    /// whole with every layer).
    key: u32,
    /// The dataset on screen, which a layer's load is merged with.
    basis: Option<Basis>,
    /// The import options the open dataset was loaded with: a reload uses
    /// them again.
    import: ImportOptions,
    watcher: Option<Watcher>,
    /// The origin the watcher was started for.
    watched: Option<Origin>,
    /// File events taken off the watcher by [`DatasetLoading::wait`], for
    /// the next poll.
    received: Vec<notify::Result<notify::Event>>,
    job: Option<LoadJob>,
    save: Option<SaveJob>,
    reload: Debounce,
    clock: Arc<dyn Clock>,
    problems: Option<LoadProblems>,
    /// The warnings of the last good load, when it had any.
    warnings: Option<LoadProblems>,
    /// Whether the problems panel lists `warnings` (when there are no
    /// errors to list).
    warnings_shown: bool,
    /// Notices posted since the app last took them.
    notices: Vec<Notice>,
}

impl std::fmt::Debug for DatasetLoading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatasetLoading")
            .field("origin", &self.origin)
            .field("import", &self.import)
            .field("loading", &self.job.is_some())
            .field("saving", &self.save.is_some())
            .field(
                "problems",
                &self.problems.as_ref().map(|p| p.diagnostics.len()),
            )
            .finish_non_exhaustive()
    }
}

/// The file or folder a dataset was loaded from.
pub(crate) fn origin_path(origin: &Origin) -> Option<&Path> {
    match origin {
        Origin::BuiltIn => None,
        Origin::Folder(path) | Origin::File(path) => Some(path),
    }
}

pub(super) fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether two paths name the same file or folder.
pub(super) fn same_path(a: &Path, b: &Path) -> bool {
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

/// Loads a dataset and derives what the app shows from it: alone, or as
/// the layer of key `key` merged into `basis`.
fn load_and_derive(
    path: Option<&Path>,
    import: ImportOptions,
    layer: Option<(u32, Basis)>,
) -> Result<(Loaded, Derived), LoadError> {
    let mut loaded = match path {
        Some(path) => {
            let options = LoadOptions {
                import,
                ..LoadOptions::from_env()?
            };
            load::load_path(path, &options)?
        }
        None => load::load_builtin()?,
    };
    // Moved, not copied: a million events take a while to copy. What is
    // left in `loaded` is its origin and warnings.
    let dataset = std::mem::take(&mut loaded.dataset);
    let derived = match layer {
        // The only layer: nothing to merge with.
        Some((key, basis))
            if !(basis.layers.len() == 1 && basis.layers.position_of_key(key) == Some(0)) =>
        {
            let (merged, layers) = crate::model::put(&basis.dataset, &basis.layers, key, dataset);
            drop(basis);
            derive_layers(merged, layers)
        }
        _ => derive(dataset),
    };
    Ok((loaded, derived))
}

impl DatasetLoading {
    pub fn new(origin: Origin) -> Self {
        Self {
            origin,
            key: 0,
            basis: None,
            import: ImportOptions::default(),
            watcher: None,
            watched: None,
            received: Vec::new(),
            job: None,
            save: None,
            reload: Debounce::new(RELOAD_DEBOUNCE),
            clock: Arc::new(SystemClock),
            problems: None,
            warnings: None,
            warnings_shown: false,
            notices: Vec::new(),
        }
    }

    /// The lifecycle of a dataset loaded before the app started with these
    /// import options, with the warnings that load found.
    pub fn loaded(
        origin: Origin,
        import: ImportOptions,
        warnings: Vec<Diagnostic>,
        omitted_warnings: usize,
    ) -> Self {
        let mut loading = Self::new(origin);
        loading.import = import;
        let name = origin_path(&loading.origin)
            .map_or_else(|| "The built-in dataset".to_owned(), display_name);
        loading.keep_warnings(&name, warnings, omitted_warnings);
        loading
    }

    /// [`DatasetLoading::loaded`] for the layer of key `key`.
    pub fn loaded_layer(
        key: u32,
        origin: Origin,
        import: ImportOptions,
        warnings: Vec<Diagnostic>,
        omitted_warnings: usize,
    ) -> Self {
        Self {
            key,
            ..Self::loaded(origin, import, warnings, omitted_warnings)
        }
    }

    /// The loading of the layer of key `key`, to be loaded with `import`
    /// (kept for a reload even if the first load fails).
    pub fn for_layer(key: u32, origin: Origin, import: ImportOptions) -> Self {
        Self {
            key,
            import,
            ..Self::new(origin)
        }
    }

    /// The layer this loads.
    pub fn key(&self) -> u32 {
        self.key
    }

    /// The dataset on screen, for a layer's next load to merge with.
    pub fn set_basis(&mut self, basis: Basis) {
        self.basis = Some(basis);
    }

    /// Where the open dataset came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The import options the open dataset was loaded with.
    pub fn import(&self) -> &ImportOptions {
        &self.import
    }

    /// The errors of the last failed open or reload, while they stand.
    pub fn problems(&self) -> Option<&LoadProblems> {
        self.problems.as_ref()
    }

    /// What the problems panel lists: the errors of a failed load, or else
    /// the last good load's warnings when the user asked for them.
    pub fn shown_problems(&self) -> Option<&LoadProblems> {
        self.problems
            .as_ref()
            .or_else(|| self.warnings.as_ref().filter(|_| self.warnings_shown))
    }

    /// The warnings of the last good load, when it had any.
    pub fn warnings(&self) -> Option<&LoadProblems> {
        self.warnings.as_ref()
    }

    /// The notices posted since the last call.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Whether a dataset is being loaded.
    pub fn loading(&self) -> bool {
        self.job.is_some()
    }

    /// The file or folder being opened (not reloaded), while it loads:
    /// `Some(None)` for the built-in dataset.
    pub fn opening(&self) -> Option<Option<&Path>> {
        self.job
            .as_ref()
            .filter(|job| job.reason == LoadReason::Open)
            .map(|job| job.path.as_deref())
    }

    /// Whether a save is running.
    pub(crate) fn saving(&self) -> bool {
        self.save.is_some()
    }

    pub(crate) fn post(&mut self, notice: Notice) {
        self.notices.push(notice);
    }

    /// Lists the last good load's warnings in the problems panel.
    pub(crate) fn show_warnings(&mut self) {
        self.warnings_shown = self.warnings.is_some();
    }

    /// Clears a failed open's errors (a failed reload's stay), or hides the
    /// warnings.
    pub(crate) fn dismiss_problems(&mut self) {
        match &self.problems {
            Some(problems) if problems.dismissable => self.problems = None,
            Some(_) => {}
            None => self.warnings_shown = false,
        }
    }

    /// Keeps a good load's warnings and says how many there were, with a
    /// way to list them; `name` names the dataset.
    fn keep_warnings(&mut self, name: &str, warnings: Vec<Diagnostic>, omitted: usize) {
        let count = warnings.len() + omitted;
        if count == 0 {
            self.warnings = None;
            self.warnings_shown = false;
            return;
        }
        let counted = crate::model::counted(count, "warning", "warnings");
        self.warnings = Some(LoadProblems {
            headline: format!("{name} loaded with {counted}:"),
            diagnostics: warnings,
            omitted_errors: 0,
            omitted_warnings: omitted,
            dismissable: true,
        });
        self.notices.push(
            Notice::warning(format!("{name} loaded with {counted}."))
                .with_action(NoticeAction::ShowProblems),
        );
    }

    /// Where the debounce reads the time (the system's clock by default).
    pub(crate) fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// How long the files must be quiet before a reload
    /// ([`RELOAD_DEBOUNCE`] by default).
    pub(crate) fn set_debounce(&mut self, quiet: Duration) {
        self.reload.quiet = quiet;
    }

    /// Starts loading a dataset (`None`: the built-in one) with these
    /// import options as a job.
    pub(crate) fn start_load(
        &mut self,
        ctx: &egui::Context,
        path: Option<PathBuf>,
        import: ImportOptions,
        reason: LoadReason,
    ) {
        // A reload never replaces a dataset the user asked to open; any
        // other newer request wins and the older result is dropped unseen.
        if reason == LoadReason::Reload
            && self
                .job
                .as_ref()
                .is_some_and(|job| job.reason == LoadReason::Open)
        {
            return;
        }
        if reason == LoadReason::Open {
            self.reload.clear();
        }
        let worker_path = path.clone();
        // The first dataset opened replaces every layer; anything else is
        // merged with what shows.
        let layer = match (self.key, reason) {
            (0, LoadReason::Open) => None,
            (key, _) => self.basis.clone().map(|basis| (key, basis)),
        };
        let basis = layer.as_ref().map(|(_, basis)| Arc::clone(&basis.dataset));
        let job = Job::spawn("dataset-load", ctx, move |_| {
            load_and_derive(worker_path.as_deref(), import, layer)
        });
        self.job = Some(LoadJob {
            path,
            reason,
            basis,
            job,
        });
    }

    /// Reloads the open dataset's files now, with the options it was
    /// loaded with.
    pub(crate) fn reload_now(&mut self, ctx: &egui::Context) {
        let path = origin_path(&self.origin).map(Path::to_owned);
        self.start_load(ctx, path, self.import.clone(), LoadReason::Reload);
    }

    /// Opens a recent dataset with the options it was last opened with, or
    /// drops it from `recent` if it is gone.
    pub(crate) fn open_recent(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        import: ImportOptions,
        recent: &mut Vec<PathBuf>,
    ) {
        if path.exists() {
            self.start_load(ctx, Some(path), import, LoadReason::Open);
        } else {
            recent.retain(|p| p != &path);
            self.notices.push(Notice::warning(format!(
                "{} no longer exists; removed from the recent datasets.",
                path.display()
            )));
        }
    }

    /// Starts writing `dataset` as a dataset folder at `target`, unless that
    /// is the open dataset's own folder.
    /// With `layers`, the first dataset of the merge is written.
    pub(crate) fn start_save(
        &mut self,
        ctx: &egui::Context,
        dataset: Arc<Dataset>,
        layers: Option<Arc<Layers>>,
        views: Vec<crate::model::SavedView>,
        target: PathBuf,
    ) {
        let own_folder = match &self.origin {
            Origin::Folder(open) => same_path(open, &target),
            _ => false,
        };
        if own_folder {
            self.notices.push(Notice::error(
                "That is the open dataset's own folder: saving would rewrite its files and lose \
                 their comments and layout. Choose another folder.",
            ));
            return;
        }
        // Written files must load again under the same limit; a bad
        // limit variable was already reported when the dataset loaded.
        let options = load::WriteOptions::for_load(&LoadOptions::from_env().unwrap_or_default());
        // With layers, the first dataset is what is saved (its files are
        // what a reload of it reads); the layers go in a workspace. Its
        // views are the app's, changed or not, with only what it has.
        let job = Job::spawn("dataset-save", ctx, move |_| match layers {
            Some(layers) if layers.is_layered() => {
                let mut first = crate::model::split(&dataset, &layers)
                    .into_iter()
                    .find(|(key, _)| *key == 0)
                    .map(|(_, part)| part)
                    .unwrap_or_default();
                let single = Layers::single(&first);
                first.views = crate::view::views_within(&first, &single, &views).0;
                load::write_folder(&first, &target, &options)
            }
            _ => {
                let single = Layers::single(&dataset);
                let views = crate::view::views_within(&dataset, &single, &views).0;
                if dataset.views == views {
                    load::write_folder(&dataset, &target, &options)
                } else {
                    // A copy only when the views differ from the files'.
                    let mut changed = (*dataset).clone();
                    changed.views = views;
                    load::write_folder(&changed, &target, &options)
                }
            }
        });
        self.save = Some(SaveJob {
            job,
            origin: self.origin.clone(),
        });
    }

    /// Watcher events, debounced reloads, a finished save, a finished load.
    /// `showing` is the title of the dataset on screen, for the headline of
    /// a failed open.
    pub(crate) fn poll(&mut self, ctx: &egui::Context, showing: &str) -> Polled {
        self.ensure_watcher(ctx);
        if self.take_file_changes() {
            self.reload.changed(self.clock.now());
        }
        match self.reload.wait(self.clock.now()) {
            // A reload waits for a running load to finish.
            Some(wait) if wait.is_zero() && self.job.is_none() => {
                self.reload.clear();
                self.reload_now(ctx);
            }
            Some(wait) => ctx.request_repaint_after(wait),
            None => {}
        }
        let saved = self.poll_save(ctx);
        let loaded = self.poll_load(ctx, showing);
        // A finished load may have a new origin, or a folder `convert`
        // replaced: watch it before the frame that shows it, so that an
        // edit made once it shows is never missed.
        self.ensure_watcher(ctx);
        Polled { loaded, saved }
    }

    /// Whether any event taken off the watcher concerns the dataset.
    fn take_file_changes(&mut self) -> bool {
        let Some(watcher) = &self.watcher else {
            self.received.clear();
            return false;
        };
        let mut events = std::mem::take(&mut self.received);
        events.extend(watcher.events.try_iter());
        let origin = &self.origin;
        events.into_iter().filter_map(Result::ok).any(|event| {
            matches!(
                event.kind,
                notify::EventKind::Create(_)
                    | notify::EventKind::Modify(_)
                    | notify::EventKind::Remove(_)
            ) && event.paths.iter().any(|p| concerns(origin, p))
        })
    }

    /// A finished save: a saved dataset is reopened from its folder, so
    /// edits to it reload live. Whether it went well.
    fn poll_save(&mut self, ctx: &egui::Context) -> bool {
        let Some(outcome) = self.save.as_mut().and_then(|save| save.job.poll()) else {
            return false;
        };
        let Some(SaveJob { origin, .. }) = self.save.take() else {
            return false;
        };
        let saved = match outcome {
            Ok(Ok(written)) => {
                let notice = Notice::info(format!(
                    "Saved as a dataset folder: {}",
                    written.folder.display()
                ))
                .with_action(NoticeAction::OpenFolder(written.folder.clone()));
                // Reopen from the folder, keeping the view and selection,
                // unless another dataset was opened (or is opening) meanwhile.
                // The folder is a RON dataset: no import options.
                if origin == self.origin && self.job.is_none() {
                    self.start_load(
                        ctx,
                        Some(written.folder),
                        ImportOptions::default(),
                        LoadReason::Reload,
                    );
                }
                self.notices.push(notice);
                true
            }
            Ok(Err(error)) => {
                self.notices
                    .push(Notice::error(format!("Could not save: {error}")));
                false
            }
            Err(_) => {
                self.notices
                    .push(Notice::error("Could not save: the writer stopped"));
                false
            }
        };
        ctx.request_repaint();
        saved
    }

    fn poll_load(&mut self, ctx: &egui::Context, showing: &str) -> Option<LoadOutcome> {
        let outcome = self.job.as_mut()?.job.poll()?;
        let LoadJob {
            path,
            reason,
            basis,
            ..
        } = self.job.take()?;
        let result = outcome.unwrap_or_else(|_| Err(LoadError::default()));
        if reason == LoadReason::Reload {
            // A dataset folder replaced by `convert` is a new folder under
            // the old name, and the watcher followed the old one away:
            // watch the name afresh.
            self.watched = None;
        }
        ctx.request_repaint();
        match result {
            Ok((loaded, derived)) => {
                self.origin = loaded.origin.clone();
                self.import = loaded.import.clone();
                self.problems = None;
                let name = path
                    .as_deref()
                    .map_or_else(|| derived.dataset.title.clone(), display_name);
                let warned = loaded.warning_count() > 0;
                self.keep_warnings(&name, loaded.warnings.clone(), loaded.omitted_warnings);
                if !warned {
                    self.notices.push(Notice::info(match reason {
                        LoadReason::Open => format!("Loaded {name}."),
                        LoadReason::Reload => format!("Reloaded {name}."),
                    }));
                }
                Some(LoadOutcome {
                    loaded,
                    derived,
                    reason,
                    basis,
                    path,
                })
            }
            Err(error) => {
                let name = path
                    .as_deref()
                    .map_or_else(|| "the built-in dataset".to_owned(), display_name);
                let errors = error.error_count();
                let what = if errors == 1 {
                    "an error".to_owned()
                } else {
                    format!("{errors} errors")
                };
                let headline = match reason {
                    LoadReason::Reload => format!(
                        "{name} has {what}; still showing the last version that loaded. \
                         Fix the files and it reloads."
                    ),
                    LoadReason::Open => {
                        format!("Could not open {name}: {what}. Still showing {showing}.")
                    }
                };
                self.problems = Some(LoadProblems {
                    headline,
                    diagnostics: error.diagnostics,
                    omitted_errors: error.omitted_errors,
                    omitted_warnings: error.omitted_warnings,
                    dismissable: reason == LoadReason::Open,
                });
                None
            }
        }
    }

    /// (Re)starts the file watcher for the current origin.
    fn ensure_watcher(&mut self, ctx: &egui::Context) {
        if self.watched.as_ref() == Some(&self.origin) {
            return;
        }
        self.watched = Some(self.origin.clone());
        self.watcher = None;
        self.received.clear();
        let folder = match &self.origin {
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
                self.watcher = Some(Watcher {
                    _watcher: watcher,
                    events,
                });
            }
            Err(error) => {
                self.notices.push(Notice::warning(format!(
                    "Changes to {} will not reload by themselves: {error}",
                    folder.display()
                )));
            }
        }
    }

    /// For tests: blocks until a load or save finishes or the watcher
    /// reports a file event (kept for the next poll), or until `timeout`.
    /// Whether something happened.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        if let Some(load) = &mut self.job {
            return load.job.wait(timeout);
        }
        if let Some(save) = &mut self.save {
            return save.job.wait(timeout);
        }
        let Some(watcher) = &self.watcher else {
            return false;
        };
        match watcher.events.recv_timeout(timeout) {
            Ok(event) => {
                self.received.push(event);
                true
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const LONG: Duration = Duration::from_secs(30);

    #[test]
    fn a_finished_open_is_handed_back_once_and_says_so() {
        let ctx = egui::Context::default();
        let mut loading = DatasetLoading::new(Origin::BuiltIn);
        loading.start_load(&ctx, None, ImportOptions::default(), LoadReason::Open);
        assert!(loading.loading());
        assert_eq!(loading.opening(), Some(None));
        assert!(loading.wait(LONG));
        let polled = loading.poll(&ctx, "Shown");
        let outcome = polled.loaded.expect("the built-in dataset loads");
        assert_eq!(outcome.reason, LoadReason::Open);
        assert!(!outcome.derived.dataset.events.is_empty());
        assert!(!loading.loading());
        let notices = loading.take_notices();
        assert_eq!(notices.len(), 1);
        assert!(notices[0].text.starts_with("Loaded "), "{notices:?}");
        assert!(loading.poll(&ctx, "Shown").loaded.is_none(), "once");
        assert!(loading.take_notices().is_empty());
    }

    #[test]
    fn a_good_load_keeps_its_warnings_to_list_when_asked() {
        let ctx = egui::Context::default();
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("warned.ron");
        let minimal = include_str!("../../tests/data/minimal.ron");
        let unsourced = minimal.replace(
            "sources: [\"report\"], approximate: true",
            "approximate: true",
        );
        assert_ne!(unsourced, minimal);
        std::fs::write(&path, unsourced).unwrap();
        let mut loading = DatasetLoading::new(Origin::BuiltIn);
        loading.start_load(&ctx, Some(path), ImportOptions::default(), LoadReason::Open);
        assert!(loading.wait(LONG));
        assert!(loading.poll(&ctx, "Shown").loaded.is_some());
        let notices = loading.take_notices();
        assert_eq!(
            notices.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
            ["warned.ron loaded with 1 warning."]
        );
        assert_eq!(notices[0].action, Some(NoticeAction::ShowProblems));
        assert!(loading.shown_problems().is_none(), "listed when asked");
        loading.show_warnings();
        let shown = loading.shown_problems().expect("the warnings are listed");
        assert_eq!(shown.rows().len(), 1);
        assert!(shown.diagnostics[0].to_string().contains("warning"));
        loading.dismiss_problems();
        assert!(loading.shown_problems().is_none());
        assert!(loading.warnings().is_some(), "kept to show again");
    }

    #[test]
    fn a_failed_open_stands_as_dismissable_problems() {
        let ctx = egui::Context::default();
        let folder = tempfile::tempdir().unwrap();
        let missing = folder.path().join("missing.ron");
        let mut loading = DatasetLoading::new(Origin::BuiltIn);
        loading.start_load(
            &ctx,
            Some(missing),
            ImportOptions::default(),
            LoadReason::Open,
        );
        assert!(loading.wait(LONG));
        assert!(loading.poll(&ctx, "Shown").loaded.is_none());
        let problems = loading.problems().expect("the open failed");
        assert!(
            problems
                .headline
                .starts_with("Could not open missing.ron: an error. Still showing Shown."),
            "{}",
            problems.headline
        );
        assert!(problems.dismissable);
        assert_eq!(loading.origin(), &Origin::BuiltIn, "nothing else changes");
        loading.dismiss_problems();
        assert!(loading.problems().is_none());
    }

    #[test]
    fn a_gone_recent_dataset_is_dropped_with_a_note() {
        let ctx = egui::Context::default();
        let folder = tempfile::tempdir().unwrap();
        let gone = folder.path().join("gone");
        let mut loading = DatasetLoading::new(Origin::BuiltIn);
        let mut recent = vec![gone.clone(), folder.path().to_owned()];
        loading.open_recent(&ctx, gone, ImportOptions::default(), &mut recent);
        assert!(!loading.loading());
        assert_eq!(recent, [folder.path().to_owned()]);
        let notices = loading.take_notices();
        assert!(
            notices[0]
                .text
                .ends_with("removed from the recent datasets."),
            "{notices:?}"
        );
    }

    #[test]
    fn a_reload_is_due_once_the_files_were_quiet_long_enough() {
        let start = Instant::now();
        let ms = Duration::from_millis;
        let mut debounce = Debounce::new(ms(300));
        assert_eq!(debounce.wait(start), None, "nothing changed");
        debounce.changed(start);
        assert_eq!(debounce.wait(start + ms(100)), Some(ms(200)));
        // Another write moves the moment.
        debounce.changed(start + ms(200));
        assert_eq!(debounce.wait(start + ms(300)), Some(ms(200)));
        assert_eq!(debounce.wait(start + ms(500)), Some(Duration::ZERO));
        assert_eq!(debounce.wait(start + ms(900)), Some(Duration::ZERO));
        debounce.clear();
        assert_eq!(debounce.wait(start + ms(900)), None);
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = ManualClock::default();
        let shared = clock.clone();
        let before = clock.now();
        assert_eq!(clock.now(), before);
        shared.advance(Duration::from_secs(1));
        assert_eq!(clock.now(), before + Duration::from_secs(1));
    }
}
