//! The system's file and folder pickers, behind [`FilePicker`] so a test can
//! stand in for them.
//!
//! A picker can be missing: on Linux the dialogs come from the desktop
//! portal (through D-Bus) or, failing that, from `zenity`, and a system may
//! have neither. The picker library answers "nothing chosen" both when the
//! user cancels and when no dialog could be shown, so [`SystemPicker`]
//! looks for a way to show one first and says so when there is none; the
//! windows then show why and keep what the user typed.

use std::path::{Path, PathBuf};

/// What a picker is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickKind {
    /// An existing file to open.
    OpenFile,
    /// An existing folder to open.
    OpenFolder,
    /// A folder to save into.
    SaveFolder,
    /// A file name to save as.
    SaveFile,
}

/// One request to a picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickRequest {
    pub kind: PickKind,
    pub title: String,
    /// The folder it starts in, when there is one to start in.
    pub start: Option<PathBuf>,
    /// The proposed file name (for [`PickKind::SaveFile`]).
    pub file_name: Option<String>,
    /// File filters: a name and the extensions it takes.
    pub filters: Vec<(String, Vec<String>)>,
}

impl PickRequest {
    pub fn new(kind: PickKind, title: impl Into<String>) -> Self {
        Self {
            kind,
            title: title.into(),
            start: None,
            file_name: None,
            filters: Vec::new(),
        }
    }

    /// Starts in `folder` when it is one.
    pub(crate) fn starting_in(mut self, folder: Option<&Path>) -> Self {
        self.start = folder.filter(|f| f.is_dir()).map(Path::to_owned);
        self
    }

    pub(crate) fn filter(mut self, name: &str, extensions: &[&str]) -> Self {
        let extensions = extensions.iter().map(|e| (*e).to_owned()).collect();
        self.filters.push((name.to_owned(), extensions));
        self
    }

    pub(crate) fn named(mut self, file_name: String) -> Self {
        self.file_name = Some(file_name);
        self
    }
}

/// Why no picker was shown: a sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PickerUnavailable(pub String);

/// Shows a file or folder picker and waits for the user's answer: the path
/// chosen, `None` when cancelled, or why no picker could be shown. Called
/// on a worker thread, never on the UI thread.
pub trait FilePicker: Send + Sync + std::fmt::Debug {
    fn pick(&self, request: PickRequest) -> Result<Option<PathBuf>, PickerUnavailable>;
}

/// The system's pickers.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SystemPicker;

impl FilePicker for SystemPicker {
    fn pick(&self, request: PickRequest) -> Result<Option<PathBuf>, PickerUnavailable> {
        system_picker_available()?;
        let mut dialog = rfd::FileDialog::new().set_title(&request.title);
        if let Some(start) = &request.start {
            dialog = dialog.set_directory(start);
        }
        if let Some(name) = &request.file_name {
            dialog = dialog.set_file_name(name);
        }
        for (name, extensions) in &request.filters {
            dialog = dialog.add_filter(name, extensions);
        }
        Ok(match request.kind {
            PickKind::OpenFile => dialog.pick_file(),
            PickKind::OpenFolder | PickKind::SaveFolder => dialog.pick_folder(),
            PickKind::SaveFile => dialog.save_file(),
        })
    }
}

/// What the user is told when no picker can be shown.
const NO_PICKER: &str = "No file picker is available on this system (it needs the desktop \
                         portal, xdg-desktop-portal, or zenity). Type or paste the path instead.";

/// Whether the pickers can be shown here: always on Windows and macOS; on
/// other systems when the desktop portal's D-Bus service is installed and a
/// session bus runs, or `zenity` is on the `PATH`.
fn system_picker_available() -> Result<(), PickerUnavailable> {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return Ok(());
    }
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let session_bus = var("DBUS_SESSION_BUS_ADDRESS").is_some()
        || var("XDG_RUNTIME_DIR").is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let data_dirs = var("XDG_DATA_DIRS")
        .map(|dirs| std::env::split_paths(&dirs).collect::<Vec<_>>())
        .unwrap_or_else(|| vec!["/usr/local/share".into(), "/usr/share".into()]);
    let path = var("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    if (session_bus && portal_installed(&data_dirs)) || on_path(&path, "zenity") {
        Ok(())
    } else {
        Err(PickerUnavailable(NO_PICKER.to_owned()))
    }
}

/// Whether the desktop portal's D-Bus service is installed under one of
/// the data folders.
fn portal_installed(data_dirs: &[PathBuf]) -> bool {
    data_dirs.iter().any(|dir| {
        dir.join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .is_file()
    })
}

/// Whether a program is in one of the folders of the `PATH`.
fn on_path(path: &[PathBuf], program: &str) -> bool {
    path.iter().any(|dir| dir.join(program).is_file())
}

/// A finished pick as the windows take it: a path, or why there was no
/// picker. `None`: cancelled, or still open.
pub(crate) type Picked = Option<Result<PathBuf, PickerUnavailable>>;

/// Takes a finished pick out of its slot.
pub(crate) fn take_pick(
    slot: &mut Option<crate::jobs::Job<Result<Option<PathBuf>, PickerUnavailable>>>,
) -> Picked {
    match crate::jobs::take_finished(slot)? {
        Ok(Ok(Some(path))) => Some(Ok(path)),
        Ok(Ok(None)) => None,
        Ok(Err(unavailable)) => Some(Err(unavailable)),
        Err(_) => Some(Err(PickerUnavailable(
            "The file picker stopped unexpectedly. Type or paste the path instead.".to_owned(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn the_portal_and_zenity_are_found_where_they_are_installed() {
        let share = tempfile::tempdir().unwrap();
        let bin = tempfile::tempdir().unwrap();
        let dirs = [PathBuf::from("/nonexistent"), share.path().to_owned()];
        assert!(!portal_installed(&dirs));
        let services = share.path().join("dbus-1/services");
        std::fs::create_dir_all(&services).unwrap();
        std::fs::write(services.join("org.freedesktop.portal.Desktop.service"), "").unwrap();
        assert!(portal_installed(&dirs));

        let path = [bin.path().to_owned()];
        assert!(!on_path(&path, "zenity"));
        std::fs::write(bin.path().join("zenity"), "").unwrap();
        assert!(on_path(&path, "zenity"));
    }

    #[test]
    fn a_missing_picker_is_told_apart_from_a_cancel() {
        let slot = &mut Some(crate::jobs::Job::spawn("test-pick", &egui_ctx(), |_| {
            Err(PickerUnavailable("none here".to_owned()))
        }));
        assert!(
            slot.as_mut()
                .unwrap()
                .wait(std::time::Duration::from_secs(30))
        );
        assert_eq!(
            take_pick(slot),
            Some(Err(PickerUnavailable("none here".to_owned())))
        );
        let cancelled = &mut Some(crate::jobs::Job::spawn("test-pick", &egui_ctx(), |_| {
            Ok(None)
        }));
        assert!(
            cancelled
                .as_mut()
                .unwrap()
                .wait(std::time::Duration::from_secs(30))
        );
        assert_eq!(take_pick(cancelled), None);
        assert!(cancelled.is_none(), "the finished job is taken");
    }

    fn egui_ctx() -> eframe::egui::Context {
        eframe::egui::Context::default()
    }
}
