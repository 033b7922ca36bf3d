//! What the user sees of opening and saving datasets: the File menu's
//! dataset entries, the Open dataset and Save dataset as windows, the
//! system's file and folder pickers, files dropped on the window, and the
//! problems panel (the errors of a failed load, or a good load's warnings).
//!
//! Each draws from explicit inputs (the loading lifecycle, read only) and
//! returns [`DatasetRequest`]s for the app to carry out after.
//!
//! Both windows work with keys alone: the path field has focus when the
//! window opens, Tab walks its fields and buttons, Enter in the field does
//! what the window is for, and Esc closes it while the focus is in it.
//! Where the system has no file picker the window says so and keeps what
//! was typed. A path to conflict event data (UCDP GED, ACLED) shows the
//! choices of what to open from it ([`super::open_options`]); a file of
//! that kind chosen in the picker waits in the window for them, any other
//! opens at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, RichText};

use super::dialogs::{FocusRequest, dialog_window, escape_closes, focus_in};
use super::loading::{DatasetLoading, ProblemRow, display_name, origin_path};
use super::open_options::{OpenOptions, may_be_conflict_file};
use super::pickers::{
    FilePicker, PickKind, PickRequest, PickerUnavailable, SystemPicker, take_pick,
};
use crate::jobs::Job;
use crate::load::{ImportOptions, Origin};
use crate::render::theme::ui::{DIALOG_TEXT_WIDTH, DROP_FONT, DROP_TEXT, DROP_VEIL, forms};

/// Something the user asked of the dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub(super) enum DatasetRequest {
    /// Open a dataset file or folder (replacing the open one if it loads),
    /// with these options for conflict event data.
    Open(PathBuf, ImportOptions),
    /// Open a recent dataset, or drop it from the list if it is gone.
    OpenRecent(PathBuf),
    OpenBuiltIn,
    /// Reload the open dataset's files now.
    Reload,
    /// Write the open dataset as a dataset folder here.
    Save(PathBuf),
    /// Say this in a notice.
    Note(String),
    /// List the last good load's warnings in the problems panel.
    ShowWarnings,
    DismissProblems,
    /// Open a dataset file or folder as a layer below the others.
    AddLayer(PathBuf, ImportOptions),
    /// A request about the layer of this key (its problems panel's).
    ForLayer(u32, Box<DatasetRequest>),
    /// File → Save workspace as…: the window.
    SaveWorkspace,
}

/// A file picker running on its own thread.
type PickJob = Job<Result<Option<PathBuf>, PickerUnavailable>>;

/// One of the two windows while it is open.
#[derive(Debug, Default)]
struct PathWindow {
    /// The path field as typed.
    path: String,
    /// Focus the path field.
    focus: FocusRequest,
    /// Whether the focus was in the window at the end of the last frame:
    /// then Esc closes it.
    focused: bool,
    /// Why the system's picker could not be shown.
    no_picker: Option<String>,
    /// The Open window adds the dataset as a layer below the others
    /// (File → Add layer…) rather than opening it in their place.
    as_layer: bool,
}

impl PathWindow {
    /// What opening `path` asks: to open it, or to add it as a layer.
    fn request(&self, path: PathBuf, import: ImportOptions) -> DatasetRequest {
        if self.as_layer {
            DatasetRequest::AddLayer(path, import)
        } else {
            DatasetRequest::Open(path, import)
        }
    }
}

/// A window's path field, named by `label` for assistive technology, with
/// the focus it asks for; and whether Enter was pressed in it.
fn path_field(ui: &mut egui::Ui, label: &str, window: &mut PathWindow) -> (egui::Response, bool) {
    let label = ui.label(label);
    let field = ui
        .add(egui::TextEdit::singleline(&mut window.path).desired_width(forms::OPEN_PATH_WIDTH))
        .labelled_by(label.id);
    window.focus.apply(&field);
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    (field, entered)
}

impl PathWindow {
    fn new(path: String) -> Self {
        let mut window = Self {
            path,
            ..Self::default()
        };
        window.focus.ask();
        window
    }
}

/// The Open and Save windows and the pickers they started; kept between
/// datasets.
#[derive(Debug)]
pub(super) struct DatasetWindows {
    /// The Open dataset window, while it is open.
    open_window: Option<PathWindow>,
    /// The Save dataset as window, while it is open.
    save_window: Option<PathWindow>,
    /// The file or folder picker of the Open window.
    picked: Option<PickJob>,
    /// The folder picker of the Save window.
    picked_folder: Option<PickJob>,
    picker: Arc<dyn FilePicker>,
    /// The Open window's choices for conflict event data at its path.
    open_options: OpenOptions,
    /// A file chosen in the picker is being surveyed: it opens at once
    /// unless it is conflict event data.
    open_when_plain: bool,
}

impl Default for DatasetWindows {
    fn default() -> Self {
        Self {
            open_window: None,
            save_window: None,
            picked: None,
            picked_folder: None,
            picker: Arc::new(SystemPicker),
            open_options: OpenOptions::default(),
            open_when_plain: false,
        }
    }
}

impl DatasetWindows {
    /// Shows the Open dataset window, its path field focused.
    pub(crate) fn show_open(&mut self, origin: &Origin) {
        let window = self.open_window.get_or_insert_with(|| {
            let start = origin_path(origin)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            PathWindow::new(start)
        });
        window.as_layer = false;
        window.focus.ask();
    }

    /// Shows the Open window to add a dataset as a layer below the others
    /// (File → Add layer…).
    pub(crate) fn show_add_layer(&mut self, origin: &Origin) {
        self.show_open(origin);
        if let Some(window) = &mut self.open_window {
            window.as_layer = true;
        }
    }

    /// Shows the Save dataset as window, a folder beside the open dataset
    /// proposed, its field focused.
    pub(crate) fn show_save(&mut self, origin: &Origin) {
        let window = self.save_window.get_or_insert_with(|| {
            let default = origin_path(origin)
                .and_then(|p| {
                    let stem = p.file_stem()?.to_string_lossy().into_owned();
                    Some(
                        p.with_file_name(format!("{stem}-dataset"))
                            .display()
                            .to_string(),
                    )
                })
                .unwrap_or_default();
            PathWindow::new(default)
        });
        window.focus.ask();
    }

    /// A save went well: its window closes.
    pub(crate) fn close_save(&mut self) {
        self.save_window = None;
    }

    /// Where the pickers are shown from (the system's, by default).
    pub(crate) fn set_picker(&mut self, picker: Arc<dyn FilePicker>) {
        self.picker = picker;
    }

    /// Blocks until a running picker or survey answers, or `timeout`;
    /// whether none runs any more. For tests.
    pub(crate) fn wait(&mut self, timeout: std::time::Duration) -> bool {
        [&mut self.picked, &mut self.picked_folder]
            .into_iter()
            .flatten()
            .all(|job| job.wait(timeout))
            && self.open_options.wait(timeout)
    }

    /// Whether a picker or the Open window's survey is running.
    pub(crate) fn busy(&self) -> bool {
        self.picked.is_some() || self.picked_folder.is_some() || self.open_options.surveying()
    }

    /// The pickers' answers, and Esc for a window the focus is in (taken
    /// before anything else reads it, so it closes only the window).
    pub(crate) fn poll(&mut self, ctx: &egui::Context) -> Vec<DatasetRequest> {
        let mut requests = Vec::new();
        for window in [&mut self.open_window, &mut self.save_window] {
            if window.as_ref().is_some_and(|w| w.focused) && escape_closes(ctx) {
                *window = None;
            }
        }
        match take_pick(&mut self.picked) {
            // Conflict event data waits in the window for its choices.
            Some(Ok(path)) if self.open_window.is_some() && may_be_conflict_file(&path) => {
                if let Some(window) = &mut self.open_window {
                    window.path = path.display().to_string();
                    window.no_picker = None;
                    self.open_options
                        .follow(ctx, &window.path, &ImportOptions::default());
                    self.open_when_plain = true;
                }
            }
            Some(Ok(path)) => {
                let as_layer = self.open_window.take().is_some_and(|w| w.as_layer);
                requests.push(if as_layer {
                    DatasetRequest::AddLayer(path, ImportOptions::default())
                } else {
                    DatasetRequest::Open(path, ImportOptions::default())
                });
            }
            Some(Err(PickerUnavailable(why))) => {
                if let Some(window) = &mut self.open_window {
                    window.no_picker = Some(why);
                    window.focus.ask();
                }
            }
            None => {}
        }
        if self.open_options.poll() && std::mem::take(&mut self.open_when_plain) {
            // A picked file that turned out not to be conflict event data.
            if self.open_options.not_conflict()
                && let Some(window) = self.open_window.take()
            {
                let path = PathBuf::from(window.path.trim());
                requests.push(window.request(path, ImportOptions::default()));
            }
        }
        match take_pick(&mut self.picked_folder) {
            Some(Ok(path)) => {
                if let Some(window) = &mut self.save_window {
                    window.path = path.display().to_string();
                    window.no_picker = None;
                }
            }
            Some(Err(PickerUnavailable(why))) => {
                if let Some(window) = &mut self.save_window {
                    window.no_picker = Some(why);
                    window.focus.ask();
                }
            }
            None => {}
        }
        requests
    }

    /// Opens the system's file or folder picker on its own thread.
    fn pick_dataset(&mut self, ctx: &egui::Context, origin: &Origin, folder: bool) {
        if self.picked.is_some() {
            return;
        }
        let start = origin_path(origin).and_then(Path::parent);
        let request = if folder {
            PickRequest::new(PickKind::OpenFolder, "Open a dataset folder")
        } else {
            PickRequest::new(PickKind::OpenFile, "Open a dataset file").filter(
                "Datasets (RON, JSON, CSV, also gzip or zip)",
                &["ron", "json", "csv", "gz", "zip"],
            )
        }
        .starting_in(start);
        let picker = Arc::clone(&self.picker);
        self.picked = Some(Job::spawn_waiting("file-dialog", ctx, move |_| {
            picker.pick(request)
        }));
    }

    /// The File menu's dataset entries.
    pub(crate) fn menu_ui(
        &mut self,
        ui: &mut egui::Ui,
        loading: &DatasetLoading,
        recent: &[PathBuf],
    ) -> Vec<DatasetRequest> {
        let mut requests = Vec::new();
        let origin = loading.origin();
        let open_keys = ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(
            egui::Modifiers::COMMAND,
            egui::Key::O,
        ));
        if ui
            .add(egui::Button::new("Open dataset…").shortcut_text(open_keys))
            .on_hover_text(
                "A dataset folder, a .ron file, a TimelineJS .json file, a TimelineJS \
                 sheet .csv, or UCDP GED or ACLED event data (.csv): type or paste its path, \
                 or browse for it",
            )
            .clicked()
        {
            self.show_open(origin);
        }
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button("Open recent", |ui| {
                for path in recent {
                    if ui
                        .button(display_name(path))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        requests.push(DatasetRequest::OpenRecent(path.clone()));
                    }
                }
            });
        });
        if ui
            .button("Add layer…")
            .on_hover_text(
                "Show another dataset below this one, on the same time axis: any dataset \
                 that opens can be a layer (or drop it on the window with Shift held)",
            )
            .clicked()
        {
            self.show_add_layer(origin);
        }
        if ui
            .button("Save workspace as…")
            .on_hover_text(
                "Write the layers on screen to a small workspace file that opens them all again",
            )
            .clicked()
        {
            requests.push(DatasetRequest::SaveWorkspace);
        }
        if ui
            .button("Save dataset as…")
            .on_hover_text("Write the open dataset as a RON dataset folder, to edit it as RON")
            .clicked()
        {
            self.show_save(origin);
        }
        if ui.button("Built-in dataset").clicked() {
            requests.push(DatasetRequest::OpenBuiltIn);
        }
        let reloadable = origin_path(origin).is_some();
        if ui
            .add_enabled(reloadable, egui::Button::new("Reload"))
            .on_hover_text("Files reload by themselves when they change; this reloads now")
            .clicked()
        {
            requests.push(DatasetRequest::Reload);
        }
        if ui
            .add_enabled(
                loading.warnings().is_some(),
                egui::Button::new("Show load warnings"),
            )
            .on_hover_text("List the warnings of the last load in the problems panel")
            .clicked()
        {
            requests.push(DatasetRequest::ShowWarnings);
        }
        requests
    }

    /// The Open dataset window: a path to type or paste, or the system's
    /// pickers, and the recent datasets.
    pub(crate) fn open_window_ui(
        &mut self,
        ctx: &egui::Context,
        loading: &DatasetLoading,
        recent: &[PathBuf],
    ) -> Vec<DatasetRequest> {
        let Some(mut window) = self.open_window.take() else {
            return Vec::new();
        };
        let mut open = true;
        let mut submit = false;
        let mut browse = None;
        let mut chosen_recent = None;
        let picking = self.picked.is_some();
        // The open dataset's own path starts with the options it has.
        let own = origin_path(loading.origin())
            .is_some_and(|own| own.display().to_string() == window.path.trim());
        let start = if own {
            loading.import().clone()
        } else {
            ImportOptions::default()
        };
        self.open_options.follow(ctx, &window.path, &start);
        let options = &mut self.open_options;
        let (title, action) = if window.as_layer {
            ("Add layer", "Add as layer")
        } else {
            ("Open dataset", "Open")
        };
        let shown = dialog_window(ctx, title)
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(DIALOG_TEXT_WIDTH);
                ui.label(
                    "A dataset folder, or a .ron file, a TimelineJS .json file, a \
                     TimelineJS sheet .csv, or a UCDP GED or ACLED event .csv (also \
                     .gz or .zip). You can also drop one on the window.",
                );
                ui.horizontal(|ui| {
                    let (_, entered) = path_field(ui, "Path", &mut window);
                    submit |= entered;
                });
                ui.horizontal(|ui| {
                    ui.add_enabled_ui(!picking, |ui| {
                        if ui.button("Browse files…").clicked() {
                            browse = Some(false);
                        }
                        if ui.button("Browse folders…").clicked() {
                            browse = Some(true);
                        }
                    });
                });
                if let Some(why) = &window.no_picker {
                    ui.colored_label(ui.visuals().warn_fg_color, why);
                }
                options.ui(ui);
                let ready = !window.path.trim().is_empty() && options.import().is_ok();
                if window.as_layer {
                    ui.label(
                        RichText::new(
                            "It shows below the open dataset, on the same time axis; \
                             each reloads by itself when its files change.",
                        )
                        .weak(),
                    );
                }
                if ui.add_enabled(ready, egui::Button::new(action)).clicked() {
                    submit = true;
                }
                if !recent.is_empty() {
                    ui.separator();
                    ui.label(RichText::new("Recent").weak());
                    for entry in recent {
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
        window.focused = shown.is_some_and(|shown| focus_in(ctx, shown.response.layer_id));
        if let Some(folder) = browse {
            window.no_picker = None;
            self.pick_dataset(ctx, loading.origin(), folder);
        }
        if let Some(entry) = chosen_recent {
            self.close_open_options();
            if window.as_layer {
                return vec![DatasetRequest::AddLayer(entry, ImportOptions::default())];
            }
            return vec![DatasetRequest::OpenRecent(entry)];
        }
        let path = window.path.trim();
        if submit
            && !path.is_empty()
            && let Ok(import) = self.open_options.import()
        {
            self.close_open_options();
            return vec![window.request(PathBuf::from(path), import)];
        }
        if open {
            self.open_window = Some(window);
        } else {
            self.close_open_options();
        }
        Vec::new()
    }

    /// Forgets the Open window's choices and drops its survey.
    fn close_open_options(&mut self) {
        self.open_options = OpenOptions::default();
        self.open_when_plain = false;
    }

    /// The Save dataset as window: the open dataset, whatever it was loaded
    /// from, written as a dataset folder that can be edited as RON.
    pub(crate) fn save_window_ui(
        &mut self,
        ctx: &egui::Context,
        loading: &DatasetLoading,
    ) -> Vec<DatasetRequest> {
        let Some(mut window) = self.save_window.take() else {
            return Vec::new();
        };
        let mut open = true;
        let mut save = false;
        let mut browse = false;
        let saving = loading.saving();
        let picking = self.picked_folder.is_some();
        let shown = dialog_window(ctx, "Save dataset as")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(DIALOG_TEXT_WIDTH);
                ui.label(
                    "Writes the open dataset as a dataset folder (dataset.ron, events.ron, \
                     quotes.ron, displacement.ron, views.ron with the views as the app has \
                     them) to edit as RON. A new or empty folder, \
                     or a dataset folder to replace. With layers, the first dataset is \
                     written; the File menu's Save workspace as… keeps the layers.",
                );
                let ready = !window.path.trim().is_empty() && !saving;
                ui.horizontal(|ui| {
                    let (field, entered) = path_field(ui, "Folder", &mut window);
                    if entered {
                        save = ready;
                        // Esc still closes the window while it saves.
                        field.request_focus();
                    }
                    browse = ui
                        .add_enabled(!picking, egui::Button::new("Browse…"))
                        .clicked();
                });
                ui.horizontal(|ui| {
                    if ui.add_enabled(ready, egui::Button::new("Save")).clicked() {
                        save = true;
                    }
                    if saving {
                        ui.spinner();
                    }
                });
                if let Some(why) = &window.no_picker {
                    ui.colored_label(ui.visuals().warn_fg_color, why);
                }
            });
        window.focused = shown.is_some_and(|shown| focus_in(ctx, shown.response.layer_id));
        if browse && self.picked_folder.is_none() {
            window.no_picker = None;
            let picker = Arc::clone(&self.picker);
            let request = PickRequest::new(PickKind::SaveFolder, "Save the dataset into a folder");
            self.picked_folder = Some(Job::spawn_waiting("file-dialog", ctx, move |_| {
                picker.pick(request)
            }));
        }
        let target = PathBuf::from(window.path.trim());
        if open {
            self.save_window = Some(window);
        }
        if save {
            vec![DatasetRequest::Save(target)]
        } else {
            Vec::new()
        }
    }
}

/// Whether the problems panel has anything to show.
pub(super) fn problems_shown(loading: &DatasetLoading) -> bool {
    loading.shown_problems().is_some()
}

/// "Opening …" with a spinner, while a dataset opens (among the notices).
pub(super) fn opening_ui(ui: &mut egui::Ui, loading: &DatasetLoading) {
    let Some(path) = loading.opening() else {
        return;
    };
    super::notices::notice_frame(ui).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.spinner();
            let name = path.map_or_else(|| "the built-in dataset".to_owned(), display_name);
            ui.label(format!("Opening {name}…"));
        });
    });
}

/// The problems panel above the overview band: the errors of a failed
/// load, or the warnings of a good one when asked for, one a line.
pub(super) fn problems_ui(ui: &mut egui::Ui, loading: &DatasetLoading) -> Vec<DatasetRequest> {
    let mut requests = Vec::new();
    let Some(problems) = loading.shown_problems() else {
        return requests;
    };
    let error_color = ui.visuals().error_fg_color;
    let mut copied = None;
    // Without errors, the panel lists a good load's warnings.
    let headline_color = if loading.problems().is_some() {
        error_color
    } else {
        ui.visuals().warn_fg_color
    };
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(&problems.headline)
                .color(headline_color)
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
            requests.push(DatasetRequest::DismissProblems);
        }
    });
    // Only the rows in view are laid out.
    let row_height = ui.text_style_height(&egui::TextStyle::Monospace);
    let all_rows = problems.rows();
    egui::ScrollArea::vertical()
        .id_salt("load-problems")
        .max_height(forms::PROBLEMS_MAX_HEIGHT)
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
    if let Some((text, what)) = copied {
        ui.ctx().copy_text(text);
        requests.push(DatasetRequest::Note(format!("Copied {what}.")));
    }
    requests
}

/// Files dropped on the window open; files hovering show where to drop.
pub(super) fn dropped_files_ui(ctx: &egui::Context) -> Option<DatasetRequest> {
    let (dropped, hovering, shift) = ctx.input(|input| {
        (
            input
                .raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty()),
            !input.raw.hovered_files.is_empty(),
            input.modifiers.shift,
        )
    });
    if hovering {
        let screen = ctx.content_rect();
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop-overlay"),
        ));
        painter.rect_filled(screen, 0.0, DROP_VEIL);
        painter.text(
            screen.center(),
            egui::Align2::CENTER_CENTER,
            if shift {
                "Drop a dataset folder, or a .ron, .json or .csv file, to add it as a layer"
            } else {
                "Drop a dataset folder, or a .ron, .json or .csv file, to open it \
                 (hold Shift to add it as a layer)"
            },
            DROP_FONT,
            DROP_TEXT,
        );
    }
    dropped.map(|path| {
        if shift {
            DatasetRequest::AddLayer(path, ImportOptions::default())
        } else {
            DatasetRequest::Open(path, ImportOptions::default())
        }
    })
}
