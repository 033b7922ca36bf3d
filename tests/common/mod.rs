//! What the app tests share: the real app with the built-in dataset in a
//! headless harness.

use conflict_timeline::load::load_builtin;
use conflict_timeline::ui::TimelineApp;
use eframe::egui;
use egui_kittest::Harness;

/// The app at `width × height` points, run until it settles. Steps are 50 ms
/// so that double clicks register and animations finish within a run.
pub fn app_harness(width: f32, height: f32) -> Harness<'static, TimelineApp> {
    let dataset = load_builtin().expect("the built-in dataset loads").dataset;
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_step_dt(0.05)
        .with_max_steps(64)
        .build_ui_state(
            |ui, app: &mut TimelineApp| app.ui(ui),
            TimelineApp::new(dataset),
        );
    harness.run();
    harness
}

/// The index of the event with this id.
#[allow(dead_code, reason = "not every test crate looks events up")]
pub fn event_index(app: &TimelineApp, id: &str) -> u32 {
    let position = app.dataset().events.iter().position(|e| e.id == id);
    position.unwrap_or_else(|| panic!("no event {id}")) as u32
}
