//! The layer set as a workspace: File → Save workspace as… writes it to a
//! small RON file (`conflict-timeline WORKSPACE.ron` opens it again), and
//! the settings keep it so that the next start opens the same layers.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::TimelineApp;
use super::dialogs::dialog_window;
use super::notices::{Notice, NoticeAction};
use super::settings::RecentImport;
use crate::jobs::Job;
use crate::load::{ImportOptions, Origin, Workspace, WorkspaceLayer};
use crate::render::theme::ui::forms;

/// The Save workspace as window and the write it started.
#[derive(Default)]
pub(super) struct WorkspaceSave {
    /// The path field, while the window is open.
    window: Option<String>,
    focus: bool,
    job: Option<(PathBuf, Job<std::io::Result<()>>)>,
}

impl WorkspaceSave {
    /// For tests: blocks until a write finishes, or `timeout`.
    pub fn wait(&mut self, timeout: std::time::Duration) -> bool {
        self.job.as_mut().is_some_and(|(_, job)| job.wait(timeout))
    }

    pub fn busy(&self) -> bool {
        self.job.is_some()
    }
}

fn layer_of(origin: &Origin, import: &ImportOptions) -> WorkspaceLayer {
    WorkspaceLayer {
        path: super::dataset::origin_path(origin).map(Path::to_owned),
        import: import.clone(),
    }
}

impl TimelineApp {
    /// The layers on screen as a workspace, in their order.
    pub(super) fn workspace(&self) -> Workspace {
        let layers = self
            .session
            .data
            .layers
            .iter()
            .filter_map(|layer| {
                if layer.key == 0 {
                    Some(layer_of(self.loading.origin(), self.loading.import()))
                } else {
                    let loading = self.layer_loadings.get(layer.key)?;
                    Some(layer_of(loading.origin(), loading.import()))
                }
            })
            .collect();
        Workspace { layers }
    }

    /// File → Save workspace as…: the window, a workspace beside the first
    /// dataset proposed.
    pub(super) fn show_save_workspace(&mut self) {
        let proposed = super::dataset::origin_path(self.loading.origin())
            .map(|path| crate::replace::parent_folder(path).join("workspace.ron"))
            .unwrap_or_else(|| PathBuf::from("workspace.ron"));
        let save = &mut self.workspace_save;
        save.window
            .get_or_insert_with(|| proposed.display().to_string());
        save.focus = true;
    }

    /// The Save workspace as window, and a finished write.
    pub(super) fn workspace_ui(&mut self, ctx: &egui::Context) {
        if let Some((path, _)) = &self.workspace_save.job {
            let path = path.clone();
            let finished = self
                .workspace_save
                .job
                .as_mut()
                .and_then(|(_, job)| job.poll());
            if let Some(result) = finished {
                self.workspace_save.job = None;
                let notice = match result {
                    Ok(Ok(())) => Notice::info(format!("Saved the workspace: {}", path.display()))
                        .with_action(NoticeAction::OpenFolder(crate::replace::parent_folder(
                            &path,
                        ))),
                    Ok(Err(error)) => Notice::error(format!(
                        "Could not save the workspace {}: {error}",
                        path.display()
                    )),
                    Err(_) => Notice::error("Could not save the workspace: the writer stopped"),
                };
                self.notices.post(notice);
            }
        }
        let Some(mut typed) = self.workspace_save.window.take() else {
            return;
        };
        let mut open = true;
        let mut save = false;
        let saving = self.workspace_save.job.is_some();
        let focus = std::mem::take(&mut self.workspace_save.focus);
        let shown = dialog_window(ctx, "Save workspace as")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(
                    "Writes the layers on screen, in their order, to a small workspace file: \
                     open it as a dataset to get them all back.",
                );
                ui.horizontal(|ui| {
                    let label = ui.label("Workspace file");
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut typed)
                                .desired_width(forms::OPEN_PATH_WIDTH),
                        )
                        .labelled_by(label.id);
                    if focus {
                        field.request_focus();
                    }
                    save |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                });
                let ready = !typed.trim().is_empty() && !saving;
                if ui.add_enabled(ready, egui::Button::new("Save")).clicked() {
                    save = true;
                }
            });
        if let Some(shown) = &shown
            && super::keys::escape_closes(ctx, shown.response.layer_id)
        {
            open = false;
        }
        let path = PathBuf::from(typed.trim());
        if save && !typed.trim().is_empty() && !saving {
            let workspace = self.workspace();
            let target = path.clone();
            let job = Job::spawn("workspace-save", ctx, move |_| {
                crate::load::write_workspace(&target, &workspace)
            });
            self.workspace_save.job = Some((path, job));
            return;
        }
        if open {
            self.workspace_save.window = Some(typed);
        }
    }

    /// The layer set to keep for the next start: the first dataset and
    /// every layer, when there are layers.
    pub(super) fn layer_set(&self) -> Vec<RecentImport> {
        if !self.session.data.layers.is_layered() {
            return Vec::new();
        }
        self.workspace()
            .layers
            .into_iter()
            .map(|layer| RecentImport {
                path: layer.path.unwrap_or_default(),
                countries: layer.import.countries,
                from: layer.import.from,
                to: layer.import.to,
                group_by: layer.import.group_by,
            })
            .collect()
    }

    /// The layers of the last run, when it showed the same first dataset:
    /// opened again from the first frame on; those whose files are gone are
    /// dropped with a note.
    pub(super) fn restore_layers(&mut self, saved: &[RecentImport]) {
        let Some((first, rest)) = saved.split_first() else {
            return;
        };
        let base = super::dataset::origin_path(self.loading.origin());
        let same_base = match base {
            None => first.path.as_os_str().is_empty(),
            Some(base) => super::loading::same_path(base, &first.path),
        };
        if !same_base || self.session.data.layers.is_layered() {
            return;
        }
        for layer in rest {
            if layer.path.as_os_str().is_empty() {
                // The built-in dataset, always there.
                self.pending_layers.push((None, layer.options()));
            } else if layer.path.exists() {
                self.pending_layers
                    .push((Some(layer.path.clone()), layer.options()));
            } else {
                self.notices.post(Notice::warning(format!(
                    "{} no longer exists; its layer is not opened again.",
                    layer.path.display()
                )));
            }
        }
    }

    /// Opens a workspace file in place of what shows: its first layer, then
    /// the others once that one is open. A workspace that cannot be read
    /// changes nothing and says why.
    pub(super) fn open_workspace(&mut self, ctx: &egui::Context, path: PathBuf) {
        match crate::load::read_workspace(&path) {
            Ok(workspace) => {
                let mut layers = workspace.layers.into_iter();
                let Some(first) = layers.next() else {
                    return;
                };
                self.workspace_layers = layers.map(|l| (l.path, l.import)).collect();
                let reason = super::loading::LoadReason::Open;
                self.loading
                    .start_load(ctx, first.path, first.import, reason);
            }
            Err(error) => {
                let why: Vec<String> = error.diagnostics.iter().map(ToString::to_string).collect();
                self.notices.post(Notice::error(format!(
                    "Could not open the workspace {}: {}",
                    path.display(),
                    why.join("; ")
                )));
            }
        }
    }

    /// Opens the layers [`TimelineApp::restore_layers`] kept.
    pub(super) fn open_pending_layers(&mut self, ctx: &egui::Context) {
        for (path, import) in std::mem::take(&mut self.pending_layers) {
            self.add_layer(ctx, path, import);
        }
    }
}
