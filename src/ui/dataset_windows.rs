//! What the user sees of opening and saving datasets: the File menu's
//! dataset entries, the Open dataset and Save dataset as windows, the
//! system's file and folder pickers, files dropped on the window, and the
//! status panel (opening…, a note, the errors of a failed load).
//!
//! Each draws from explicit inputs (the loading lifecycle, read only) and
//! returns [`DatasetRequest`]s for the app to carry out after.

use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText};

use super::loading::{DatasetLoading, ProblemRow, display_name, origin_path, take_pick};
use crate::jobs::Job;
use crate::load::Origin;
use crate::render::theme::ui::{DROP_FONT, DROP_TEXT, DROP_VEIL, forms};

/// Something the user asked of the dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub(super) enum DatasetRequest {
    /// Open a dataset file or folder (replacing the open one if it loads).
    Open(PathBuf),
    /// Open a recent dataset, or drop it from the list if it is gone.
    OpenRecent(PathBuf),
    OpenBuiltIn,
    /// Reload the open dataset's files now.
    Reload,
    /// Write the open dataset as a dataset folder here.
    Save(PathBuf),
    Note(String),
    DismissNote,
    DismissProblems,
}

/// The Open and Save windows and the pickers they started; kept between
/// datasets.
#[derive(Debug, Default)]
pub(super) struct DatasetWindows {
    /// The Open dataset window: its path field, while it is open.
    open_window: Option<String>,
    focus_open_field: bool,
    /// The Save dataset as window: its folder field, while it is open.
    save_window: Option<String>,
    /// The file or folder dialog of the Open window or the File menu.
    picked: Option<Job<Option<PathBuf>>>,
    /// The folder dialog of the Save window.
    picked_folder: Option<Job<Option<PathBuf>>>,
}

impl DatasetWindows {
    /// Shows the Open dataset window, its path field focused.
    pub(crate) fn show_open(&mut self, origin: &Origin) {
        if self.open_window.is_none() {
            let start = origin_path(origin)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            self.open_window = Some(start);
        }
        self.focus_open_field = true;
    }

    /// A save went well: its window closes.
    pub(crate) fn close_save(&mut self) {
        self.save_window = None;
    }

    /// The pickers' answers.
    pub(crate) fn poll(&mut self) -> Vec<DatasetRequest> {
        let mut requests = Vec::new();
        if let Some(path) = take_pick(&mut self.picked) {
            self.open_window = None;
            requests.push(DatasetRequest::Open(path));
        }
        if let Some(path) = take_pick(&mut self.picked_folder)
            && let Some(field) = &mut self.save_window
        {
            *field = path.display().to_string();
        }
        requests
    }

    /// Opens the system's file or folder picker on its own thread.
    fn pick_dataset(&mut self, ctx: &egui::Context, origin: &Origin, folder: bool) {
        if self.picked.is_some() {
            return;
        }
        let start = origin_path(origin)
            .and_then(Path::parent)
            .map(Path::to_owned);
        self.picked = Some(Job::spawn("file-dialog", ctx, move |_| {
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
                "A dataset .ron file, a TimelineJS .json file or a TimelineJS sheet .csv",
            )
            .clicked()
        {
            self.pick_dataset(ui.ctx(), origin, false);
        }
        if ui.button("Open dataset folder…").clicked() {
            self.pick_dataset(ui.ctx(), origin, true);
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
            .button("Save dataset as…")
            .on_hover_text("Write the open dataset as a RON dataset folder, to edit it as RON")
            .clicked()
        {
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
            self.save_window = Some(default);
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
        let Some(mut path) = self.open_window.take() else {
            return Vec::new();
        };
        let mut open = true;
        let mut submit = false;
        let mut browse = None;
        let mut chosen_recent = None;
        let focus = std::mem::take(&mut self.focus_open_field);
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
                        .add(
                            egui::TextEdit::singleline(&mut path)
                                .desired_width(forms::OPEN_PATH_WIDTH),
                        )
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
        if let Some(folder) = browse {
            self.pick_dataset(ctx, loading.origin(), folder);
        }
        if let Some(entry) = chosen_recent {
            return vec![DatasetRequest::OpenRecent(entry)];
        }
        if submit && !path.trim().is_empty() {
            return vec![DatasetRequest::Open(PathBuf::from(path.trim()))];
        }
        if open {
            self.open_window = Some(path);
        }
        Vec::new()
    }

    /// The Save dataset as window: the open dataset, whatever it was loaded
    /// from, written as a dataset folder that can be edited as RON.
    pub(crate) fn save_window_ui(
        &mut self,
        ctx: &egui::Context,
        loading: &DatasetLoading,
    ) -> Vec<DatasetRequest> {
        let Some(mut folder) = self.save_window.take() else {
            return Vec::new();
        };
        let mut open = true;
        let mut save = false;
        let mut browse = false;
        let saving = loading.saving();
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
                    ui.add(
                        egui::TextEdit::singleline(&mut folder)
                            .desired_width(forms::OPEN_PATH_WIDTH),
                    )
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
        if browse && self.picked_folder.is_none() {
            self.picked_folder = Some(Job::spawn("file-dialog", ctx, |_| {
                rfd::FileDialog::new()
                    .set_title("Save the dataset into a folder")
                    .pick_folder()
            }));
        }
        let target = PathBuf::from(folder.trim());
        if open {
            self.save_window = Some(folder);
        }
        if save {
            vec![DatasetRequest::Save(target)]
        } else {
            Vec::new()
        }
    }
}

/// Whether the status panel has anything to show.
pub(super) fn status_shown(loading: &DatasetLoading) -> bool {
    loading.problems().is_some() || loading.note().is_some() || loading.opening().is_some()
}

/// Opening…, the note, and the errors of a failed load, above the
/// overview band.
pub(super) fn status_ui(ui: &mut egui::Ui, loading: &DatasetLoading) -> Vec<DatasetRequest> {
    let mut requests = Vec::new();
    if let Some(path) = loading.opening() {
        ui.horizontal(|ui| {
            ui.spinner();
            let name = path.map_or_else(|| "the built-in dataset".to_owned(), display_name);
            ui.label(format!("Opening {name}…"));
        });
    }
    if let Some(note) = loading.note() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(note).weak());
            if ui.small_button("Dismiss").clicked() {
                requests.push(DatasetRequest::DismissNote);
            }
        });
    }
    let Some(problems) = loading.problems() else {
        return requests;
    };
    let error_color = ui.visuals().error_fg_color;
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
            "Drop a dataset folder, or a .ron, .json or .csv file, to open it",
            DROP_FONT,
            DROP_TEXT,
        );
    }
    dropped.map(DatasetRequest::Open)
}
