//! Notices: short messages over the bottom right of the timeline ("Wrote …",
//! "Copied …", "Loaded …"), drawn on their own layer so they never push the
//! layout. Information goes away by itself after a few seconds; warnings
//! and errors stay until dismissed. A notice may carry one action: open the
//! folder of a written file, or show a load's warnings in the problems
//! panel.
//!
//! What is under way (a dataset opening, an export while its dialog is
//! closed) shows in the same place for as long as it runs, drawn by the
//! app each frame rather than posted.
//!
//! Opening a folder goes through a [`FolderOpener`], the system's file
//! manager by default, so a test can stand in for it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, RichText};

use crate::jobs::{Job, take_finished};
use crate::render::theme::ui::notices as style;

/// How much a notice matters: information goes away by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NoticeLevel {
    Info,
    Warning,
    Error,
}

/// What a notice's button does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NoticeAction {
    /// Open this folder in the system's file manager.
    OpenFolder(PathBuf),
    /// Show the last load's warnings in the problems panel.
    ShowProblems,
}

impl NoticeAction {
    fn label(&self) -> &'static str {
        match self {
            Self::OpenFolder(_) => "Open folder",
            Self::ShowProblems => "Show problems",
        }
    }
}

/// One message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    pub action: Option<NoticeAction>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self::new(NoticeLevel::Info, text)
    }

    pub fn warning(text: impl Into<String>) -> Self {
        Self::new(NoticeLevel::Warning, text)
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self::new(NoticeLevel::Error, text)
    }

    fn new(level: NoticeLevel, text: impl Into<String>) -> Self {
        Self {
            level,
            text: text.into(),
            action: None,
        }
    }

    #[must_use]
    pub fn with_action(mut self, action: NoticeAction) -> Self {
        self.action = Some(action);
        self
    }
}

/// What a notice asked of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub(crate) enum NoticeRequest {
    ShowProblems,
}

/// Opens a folder in the system's file manager. Called on a worker thread.
pub trait FolderOpener: Send + Sync + std::fmt::Debug {
    /// Why it could not be opened, as a sentence.
    fn open(&self, folder: &Path) -> Result<(), String>;
}

/// The system's file manager.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SystemFolderOpener;

impl FolderOpener for SystemFolderOpener {
    fn open(&self, folder: &Path) -> Result<(), String> {
        let program = if cfg!(target_os = "windows") {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let status = std::process::Command::new(program)
            .arg(folder)
            .status()
            .map_err(|error| format!("{program} could not be run: {error}"))?;
        // Explorer answers 1 even when it opened the folder.
        if status.success() || cfg!(target_os = "windows") {
            Ok(())
        } else {
            Err(format!("{program} answered {status}"))
        }
    }
}

/// A notice on screen.
#[derive(Debug)]
struct Shown {
    id: u64,
    notice: Notice,
    /// When it was first drawn (input time), for information to expire.
    since: Option<f64>,
}

/// The notices on screen, newest last.
#[derive(Debug)]
pub(crate) struct Notices {
    shown: Vec<Shown>,
    next_id: u64,
    opener: Arc<dyn FolderOpener>,
    /// A folder being opened.
    opening: Option<Job<Result<(), String>>>,
}

impl Default for Notices {
    fn default() -> Self {
        Self {
            shown: Vec::new(),
            next_id: 0,
            opener: Arc::new(SystemFolderOpener),
            opening: None,
        }
    }
}

impl Notices {
    /// Shows a notice; one with the same text goes (it is said again, new).
    pub fn post(&mut self, notice: Notice) {
        self.shown.retain(|shown| shown.notice.text != notice.text);
        self.shown.push(Shown {
            id: self.next_id,
            notice,
            since: None,
        });
        self.next_id += 1;
    }

    pub fn post_all(&mut self, notices: impl IntoIterator<Item = Notice>) {
        for notice in notices {
            self.post(notice);
        }
    }

    /// The texts on screen, oldest first.
    pub fn texts(&self) -> Vec<&str> {
        self.shown.iter().map(|s| s.notice.text.as_str()).collect()
    }

    pub fn set_opener(&mut self, opener: Arc<dyn FolderOpener>) {
        self.opener = opener;
    }

    /// Blocks until a folder being opened is, or `timeout`; whether
    /// nothing is being opened any more. For tests.
    pub fn wait(&mut self, timeout: std::time::Duration) -> bool {
        self.opening.as_mut().is_none_or(|job| job.wait(timeout))
    }

    /// Drops information shown for its time by `now`; how long until the
    /// next one goes, if any is left to go.
    fn expire(&mut self, now: f64) -> Option<f64> {
        let lasts = |shown: &Shown| {
            (shown.notice.level == NoticeLevel::Info).then(|| {
                let since = shown.since.unwrap_or(now);
                since + style::INFO_SECONDS - now
            })
        };
        self.shown
            .retain(|shown| lasts(shown).is_none_or(|left| left > 0.0));
        for shown in &mut self.shown {
            shown.since.get_or_insert(now);
        }
        self.shown.iter().filter_map(lasts).reduce(f64::min)
    }

    /// The notices over the bottom right of `over` (the timeline), with
    /// `under_way` drawn first: what is running now.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        over: egui::Rect,
        under_way: impl FnOnce(&mut egui::Ui),
    ) -> Vec<NoticeRequest> {
        if let Some(outcome) = take_finished(&mut self.opening) {
            let failed = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(why)) => Some(why),
                Err(failed) => Some(failed.to_string()),
            };
            if let Some(why) = failed {
                self.post(Notice::error(format!("Could not open the folder: {why}")));
            }
        }
        let now = ctx.input(|input| input.time);
        if let Some(left) = self.expire(now) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(left.max(0.0)));
        }
        let mut requests = Vec::new();
        let mut dismissed = Vec::new();
        let mut open_folder = None;
        let corner = over.right_bottom() - style::MARGIN;
        egui::Area::new(egui::Id::unique("notices"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::RIGHT_BOTTOM)
            .fixed_pos(corner)
            .constrain_to(over)
            .show(ctx, |ui| {
                ui.set_max_width(style::WIDTH.min(over.width()));
                ui.spacing_mut().item_spacing.y = style::GAP;
                under_way(ui);
                for shown in &self.shown {
                    let notice = &shown.notice;
                    notice_frame(ui).show(ui, |ui| {
                        ui.horizontal_wrapped(|ui| {
                            let text = RichText::new(&notice.text);
                            let text = match notice.level {
                                NoticeLevel::Info => text,
                                NoticeLevel::Warning => text.color(ui.visuals().warn_fg_color),
                                NoticeLevel::Error => text.color(ui.visuals().error_fg_color),
                            };
                            ui.label(text);
                            if let Some(action) = &notice.action
                                && ui.small_button(action.label()).clicked()
                            {
                                match action {
                                    NoticeAction::OpenFolder(folder) => {
                                        open_folder = Some(folder.clone());
                                    }
                                    NoticeAction::ShowProblems => {
                                        requests.push(NoticeRequest::ShowProblems);
                                    }
                                }
                                dismissed.push(shown.id);
                            }
                            if ui
                                .small_button("Dismiss")
                                .on_hover_text("Close this notice")
                                .clicked()
                            {
                                dismissed.push(shown.id);
                            }
                        });
                    });
                }
            });
        self.shown.retain(|shown| !dismissed.contains(&shown.id));
        if let Some(folder) = open_folder
            && self.opening.is_none()
        {
            let opener = Arc::clone(&self.opener);
            self.opening = Some(Job::spawn_waiting("open-folder", ctx, move |_| {
                opener.open(&folder)
            }));
        }
        requests
    }
}

impl super::TimelineApp {
    /// The notices posted this frame, and all on screen, over the timeline;
    /// what they ask is carried out at once.
    pub(super) fn notices_ui(&mut self, ctx: &egui::Context) {
        self.notices.post_all(self.loading.take_notices());
        for loading in &mut self.layer_loadings.loadings {
            self.notices.post_all(loading.take_notices());
        }
        self.notices.post_all(self.export.take_notices());
        let over = self.session.panels.timeline.rect;
        let (loading, export) = (&self.loading, &mut self.export);
        let layers = &self.layer_loadings.loadings;
        let requests = self.notices.ui(ctx, over, |ui| {
            super::dataset_windows::opening_ui(ui, loading);
            for layer in layers {
                super::dataset_windows::opening_ui(ui, layer);
            }
            export.running_ui(ui);
        });
        for request in requests {
            match request {
                NoticeRequest::ShowProblems => self.loading.show_warnings(),
            }
        }
    }
}

/// The frame of one notice (and of each thing under way).
pub(crate) fn notice_frame(ui: &egui::Ui) -> egui::Frame {
    egui::Frame::popup(ui.style()).inner_margin(style::PADDING)
}

/// The folder a written file is in, to open.
pub(crate) fn folder_of(path: &Path) -> Option<PathBuf> {
    let folder = path.parent()?;
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    Some(folder.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn information_goes_by_itself_and_errors_stay() {
        let mut notices = Notices::default();
        notices.post(Notice::info("Wrote a file"));
        notices.post(Notice::error("Could not save"));
        notices.post(
            Notice::warning("Loaded with 3 warnings").with_action(NoticeAction::ShowProblems),
        );
        // First drawn at 10 s.
        let left = notices.expire(10.0);
        assert_eq!(left, Some(style::INFO_SECONDS));
        assert_eq!(
            notices
                .expire(10.0 + style::INFO_SECONDS / 2.0)
                .map(|l| l > 0.0),
            Some(true)
        );
        assert_eq!(notices.texts().len(), 3);
        assert_eq!(notices.expire(10.0 + style::INFO_SECONDS + 1.0), None);
        assert_eq!(
            notices.texts(),
            ["Could not save", "Loaded with 3 warnings"],
            "only information goes"
        );
        assert_eq!(notices.expire(1e6), None, "the others stay until dismissed");
        assert_eq!(notices.texts().len(), 2);
    }

    #[test]
    fn a_notice_said_again_replaces_the_old_one_and_is_shown_afresh() {
        let mut notices = Notices::default();
        notices.post(Notice::info("Copied"));
        notices.post(Notice::info("Other"));
        let _ = notices.expire(0.0);
        notices.post(Notice::info("Copied"));
        assert_eq!(notices.texts(), ["Other", "Copied"]);
        // The new one lasts its whole time from when it is first drawn.
        let _ = notices.expire(style::INFO_SECONDS - 1.0);
        let _ = notices.expire(style::INFO_SECONDS + 0.5);
        assert_eq!(notices.texts(), ["Copied"]);
    }

    #[test]
    fn a_written_file_opens_its_folder() {
        assert_eq!(
            folder_of(Path::new("/tmp/out/view.png")),
            Some(PathBuf::from("/tmp/out"))
        );
        assert_eq!(folder_of(Path::new("view.png")), Some(PathBuf::from(".")));
    }
}
