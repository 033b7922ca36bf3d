//! A native file dialog shown on its own thread, so the window keeps
//! drawing while it is open (some platforms' dialogs block their caller).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Duration;

use eframe::egui;

/// A file dialog that is open: its answer arrives later.
#[derive(Debug)]
pub(super) struct PendingPick(Receiver<Option<PathBuf>>);

impl PendingPick {
    /// Runs `pick` (an `rfd` dialog) on a new thread.
    pub fn spawn(pick: impl FnOnce() -> Option<PathBuf> + Send + 'static) -> Self {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            // The app may have closed meanwhile; then nobody waits for it.
            let _ = sender.send(pick());
        });
        Self(receiver)
    }

    /// `None` while the dialog is open (another frame is asked for);
    /// `Some(answer)` once it closed, `Some(None)` if nothing was chosen.
    pub fn poll(&self, ctx: &egui::Context) -> Option<Option<PathBuf>> {
        match self.0.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Disconnected) => Some(None),
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                None
            }
        }
    }
}

/// Polls `pending`, clearing it once the dialog has answered.
pub(super) fn take_answer(
    pending: &mut Option<PendingPick>,
    ctx: &egui::Context,
) -> Option<Option<PathBuf>> {
    let answer = pending.as_ref()?.poll(ctx)?;
    *pending = None;
    Some(answer)
}
