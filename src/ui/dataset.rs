//! The app's side of opening datasets: it carries out what the dataset
//! windows ask for ([`DatasetRequest`]) through the loading lifecycle
//! ([`super::loading`]) and swaps a loaded dataset in. The lifecycle
//! itself, the windows and the problems panel live in their own files and
//! do not reach into the app.

use std::sync::Arc;

use eframe::egui;

use super::dataset_windows::{self, DatasetRequest};
use super::frame::Reported;
use super::loading::LoadReason;
use super::notices::Notice;
use super::session::Session;
use super::{Derived, TimelineApp};
use crate::load::{ImportOptions, Loaded};

pub(super) use super::loading::origin_path;

impl TimelineApp {
    /// Carries out what the dataset windows, the menu or a command asked.
    pub(super) fn dataset_request(&mut self, ctx: &egui::Context, request: DatasetRequest) {
        if let DatasetRequest::Open(path, _) = &request
            && crate::load::is_workspace_file(path)
        {
            self.open_workspace(ctx, path.clone());
            return;
        }
        // A dataset opened in place of the layers drops a workspace's
        // layers waiting for their first one.
        if matches!(
            request,
            DatasetRequest::Open(..) | DatasetRequest::OpenRecent(_) | DatasetRequest::OpenBuiltIn
        ) {
            self.workspace_layers.clear();
        }
        let loading = &mut self.loading;
        match request {
            DatasetRequest::Open(path, import) => {
                loading.start_load(ctx, Some(path), import, LoadReason::Open);
            }
            DatasetRequest::OpenRecent(path) => {
                let import = self.settings.recent_import(&path);
                loading.open_recent(ctx, path, import, &mut self.settings.recent);
            }
            DatasetRequest::OpenBuiltIn => {
                loading.start_load(ctx, None, ImportOptions::default(), LoadReason::Open);
            }
            DatasetRequest::Reload => loading.reload_now(ctx),
            DatasetRequest::Save(target) => {
                let data = &self.session.data;
                let layers = Some(Arc::clone(&data.layers));
                let views = self.session.state.views.list.clone();
                loading.start_save(ctx, Arc::clone(&data.dataset), layers, views, target);
            }
            DatasetRequest::Note(note) => loading.post(Notice::info(note)),
            DatasetRequest::ShowWarnings => loading.show_warnings(),
            DatasetRequest::DismissProblems => loading.dismiss_problems(),
            DatasetRequest::AddLayer(path, import) => self.add_layer(ctx, Some(path), import),
            DatasetRequest::ForLayer(key, request) => self.layer_request(ctx, key, *request),
            DatasetRequest::SaveWorkspace => self.show_save_workspace(),
        }
    }

    /// What a layer's problems panel asked of that layer.
    fn layer_request(&mut self, ctx: &egui::Context, key: u32, request: DatasetRequest) {
        let shown = self.shows_layer(key);
        let Some(loading) = self.layer_loadings.get_mut(key) else {
            return;
        };
        match request {
            DatasetRequest::ShowWarnings => loading.show_warnings(),
            DatasetRequest::Reload => loading.reload_now(ctx),
            // A layer that never loaded goes with its errors.
            DatasetRequest::DismissProblems if !shown => {
                self.layer_loadings.loadings.retain(|l| l.key() != key);
            }
            DatasetRequest::DismissProblems => loading.dismiss_problems(),
            _ => {}
        }
    }

    pub(super) fn dataset_requests(&mut self, ctx: &egui::Context, requests: Vec<DatasetRequest>) {
        for request in requests {
            self.dataset_request(ctx, request);
        }
    }

    /// The pickers' answers, file events, debounced reloads, a finished
    /// save or load (swapped in).
    pub(super) fn poll_dataset(&mut self, ctx: &egui::Context) {
        let requests = self.dataset_windows.poll(ctx);
        self.dataset_requests(ctx, requests);
        let polled = self.loading.poll(ctx, &self.session.data.dataset.title);
        if polled.saved {
            self.dataset_windows.close_save();
        }
        if let Some(mut outcome) = polled.loaded {
            if self.merged_out_of_date(&mut outcome) {
                // Merged with layers that have changed since: again. The
                // stale merge is freed off the UI thread.
                self.loading.reload_now(ctx);
                let _ = crate::jobs::detach("free-merge", move || drop(outcome));
            } else {
                if let Some(path) = &outcome.path {
                    self.settings
                        .remember_recent(path.clone(), &outcome.loaded.import);
                }
                if outcome.reason == LoadReason::Open {
                    // A dataset opened replaces every layer; a workspace's
                    // others are added to it.
                    self.layer_loadings = super::layers::LayerLoadings::default();
                    self.pending_layers
                        .extend(std::mem::take(&mut self.workspace_layers));
                }
                self.swap_in(ctx, outcome.loaded, outcome.derived, outcome.reason);
            }
        }
        self.poll_layers(ctx);
    }

    /// Files dropped on the window open; files hovering show where to drop.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        if let Some(request) = dataset_windows::dropped_files_ui(ctx) {
            self.dataset_request(ctx, request);
        }
    }

    /// Shows the Open dataset window, its path field focused.
    pub(super) fn show_open_window(&mut self) {
        self.dataset_windows.show_open(self.loading.origin());
    }

    /// The Open dataset window.
    pub(super) fn open_window(&mut self, ctx: &egui::Context) {
        let requests =
            self.dataset_windows
                .open_window_ui(ctx, &self.loading, &self.settings.recent);
        self.dataset_requests(ctx, requests);
    }

    /// The Save dataset as window.
    pub(super) fn save_window(&mut self, ctx: &egui::Context) {
        let requests = self.dataset_windows.save_window_ui(ctx, &self.loading);
        self.dataset_requests(ctx, requests);
    }

    /// Replaces the session with one for the loaded dataset. A reload
    /// carries over what the user set up
    /// ([`CarryOver`](super::session::CarryOver)); an open shows the new
    /// dataset at its own view. The loading lifecycle has already taken the
    /// origin, cleared the errors and noted the warnings.
    pub(super) fn swap_in(
        &mut self,
        ctx: &egui::Context,
        _loaded: Loaded,
        derived: Derived,
        reason: LoadReason,
    ) {
        let session = match reason {
            LoadReason::Reload => Session::reloaded(derived, self.session.carry_over()),
            LoadReason::Open => {
                // Fitted at once to the timeline's width as it is.
                let mut session = Session::new(derived);
                session.fit_to_width(self.session.state.view.width());
                session
            }
        };
        self.replace_session(ctx, session);
        // An opened dataset's views changed in an earlier run come back.
        if reason == LoadReason::Open {
            self.restore_kept_views();
        }
    }

    /// Shows a new session: the old one is freed off the UI thread, every
    /// loading merges its next load with the new one.
    pub(super) fn replace_session(&mut self, ctx: &egui::Context, session: Session) {
        let title_changed = session.dataset().title != self.dataset().title;
        // A story ended by another dataset: the window as it was before.
        if let Some(story) = self.session.state.story
            && session.state.story.is_none()
            && !story.was_fullscreen
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
        let old = std::mem::replace(&mut self.session, session);
        // The new dataset's background work waits for a pause of its own.
        self.quiet_since = None;
        self.share_basis();
        // Freeing a million events takes a good part of a second: not on
        // the UI thread. Without a thread to be had, it is freed here.
        let _ = crate::jobs::detach("free-session", move || drop(old));
        // What the panels reported was about the old dataset's events.
        self.reported = Reported::default();
        if title_changed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(self.dataset().title.clone()));
        }
    }
}
