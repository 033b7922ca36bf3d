//! The Profiler window: `--profile` (and Help → Profiler) records the
//! frames' scopes and shows them. Alone in its test binary, since puffin's
//! recorder is global to the process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app_harness, assert_text_shown};
use conflict_timeline::ui::TimelineApp;
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Runs `frames` frames, each handed to the recorder as eframe does at
/// the end of a frame.
fn frames(harness: &mut Harness<'_, TimelineApp>, frames: usize) {
    for _ in 0..frames {
        harness.step();
        puffin::GlobalProfiler::lock().new_frame();
    }
}

#[test]
fn the_profiler_shows_where_a_frame_goes_and_can_be_opened_from_the_help_menu() {
    let mut harness = app_harness(1400.0, 900.0);
    assert!(harness.query_by_label("Profiler").is_none());

    // Help → Profiler, as --profile does at start.
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Profiler").click();
    frames(&mut harness, 6);

    assert!(conflict_timeline::profile::is_on(), "recording is on");
    // The chosen frame and its scopes: the app's own (the frame, the
    // timeline panel, the layout) and egui's among them.
    assert_text_shown(&harness, "Frame ");
    for scope in ["TimelineApp::ui", "TimelinePanel", "Context::run"] {
        assert_text_shown(&harness, scope);
    }

    // Record off: no more scopes are recorded.
    harness.get_by_label("Record").click();
    frames(&mut harness, 2);
    assert!(!conflict_timeline::profile::is_on());

    // On again, then the window closed (Esc): recording stops with it.
    harness.get_by_label("Record").click();
    frames(&mut harness, 2);
    assert!(conflict_timeline::profile::is_on());
    harness.key_press(egui::Key::Escape);
    frames(&mut harness, 2);
    assert!(
        harness.query_by_label("Record").is_none(),
        "the window closed"
    );
    assert!(!conflict_timeline::profile::is_on());
}

#[test]
fn profile_is_a_documented_flag() {
    let help = common::stdout(&common::run(&["--help"]));
    assert!(help.contains("--profile"), "{help}");
}
