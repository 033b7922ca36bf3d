//! The panels of the window. Each owns its state (the `…Panel` struct in
//! its file, kept per dataset in the session), draws from the read-only
//! [`FrameContext`](super::frame::FrameContext), and returns what happened
//! in a [`FrameOutput`](super::frame::FrameOutput): commands, the hovered
//! event or quote, the date under the pointer.
//!
//! - `timeline.rs`: the time axis, eras and lanes; zoom, pan, select.
//! - `timeline_access.rs`: the timeline's accessibility nodes and keyboard focus.
//! - `badge_list.rs`: the timeline's window listing the events of a badge.
//! - `overview.rs`: the whole dataset in one band, with the view as a handle.
//! - `details.rs`: the selected event, its sources and quotes.
//! - `quotes.rs`: every quote as a card, sorted, filtered, linked.
//! - `figures.rs`: the Figures tab: the table of values, the series toggles.
//! - `chart_strip.rs`: the figures chart and its legend, under the timeline.

use eframe::egui;

use super::frame::{FrameContext, FrameOutput};

/// A panel with state of its own.
pub(super) trait Panel {
    /// Draws the panel, adding what happened to `out`.
    fn draw(&mut self, ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput);

    /// Draws the panel from the frame context; returns what happened.
    fn ui(&mut self, ui: &mut egui::Ui, frame: &FrameContext<'_>) -> FrameOutput {
        let mut out = FrameOutput::default();
        self.draw(ui, frame, &mut out);
        out
    }
}

pub(super) mod badge_list;
pub(super) mod chart_strip;
pub(super) mod details;
pub mod figures;
pub(super) mod overview;
pub(super) mod quotes;
pub(super) mod timeline;
pub(super) mod timeline_access;
