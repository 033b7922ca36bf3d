//! What the tests share: the real app with the built-in dataset in a
//! headless harness, and the binary run as users run it.

// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use conflict_timeline::Dataset;
use conflict_timeline::model::EventIndex;

use conflict_timeline::load::load_builtin;
use conflict_timeline::ui::TimelineApp;
use eframe::egui;
use egui_kittest::Harness;

/// Turns the mouse wheel by `lines` over `at` (positive: away from the
/// user, which zooms in), with `modifiers` held, and runs the app.
pub fn wheel(
    harness: &mut Harness<'_, TimelineApp>,
    at: egui::Pos2,
    lines: f32,
    modifiers: egui::Modifiers,
) {
    harness.hover_at(at);
    harness.event_modifiers(
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, lines),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers,
        },
        modifiers,
    );
    harness.run();
}

/// The app at `width × height` points, run until it settles. Steps are 50 ms
/// so that double clicks register and animations finish within a run.
pub fn app_harness(width: f32, height: f32) -> Harness<'static, TimelineApp> {
    let dataset = load_builtin().expect("the built-in dataset loads").dataset;
    harness_showing(dataset, width, height)
}

/// [`app_harness`] showing `dataset`.
pub fn harness_showing(dataset: Dataset, width: f32, height: f32) -> Harness<'static, TimelineApp> {
    harness_of(TimelineApp::new(dataset), width, height)
}

/// [`app_harness`] of an app made as the test needs it.
pub fn harness_of(app: TimelineApp, width: f32, height: f32) -> Harness<'static, TimelineApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_step_dt(0.05)
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut TimelineApp| app.ui(ui), app);
    harness.run();
    harness
}

/// A click at `pos`: press and release there, then the app runs.
pub fn click_at(harness: &mut Harness<'_, TimelineApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.drag_at(pos);
    harness.drop_at(pos);
    harness.run();
}

/// A point in the middle of the timeline, over empty lane space.
pub fn empty_spot(app: &TimelineApp) -> egui::Pos2 {
    let rect = app.probe().timeline_rect();
    let bottom = app.probe().scene().bottom;
    egui::Pos2::new(rect.center().x, (bottom + 10.0).min(rect.bottom() - 10.0))
}

/// Shift+drag across the timeline at height `y` from `x0` to `x1`, in ten
/// steps: the span zoom.
pub fn shift_drag(harness: &mut Harness<'_, TimelineApp>, y: f32, x0: f32, x1: f32) {
    let shift = egui::Modifiers::SHIFT;
    harness.hover_at(egui::Pos2::new(x0, y));
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: egui::Pos2::new(x0, y),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: shift,
        },
        shift,
    );
    for step in 1..=10 {
        let x = x0 + (x1 - x0) * step as f32 / 10.0;
        harness.event_modifiers(egui::Event::PointerMoved(egui::Pos2::new(x, y)), shift);
    }
    harness.event_modifiers(
        egui::Event::PointerButton {
            pos: egui::Pos2::new(x1, y),
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: shift,
        },
        shift,
    );
    harness.run();
}

/// The index of the event with this id.
/// Asserts some text on screen (a label, not a control or a timeline node)
/// contains `needle`.
#[track_caller]
pub fn assert_text_shown(harness: &Harness<'_, TimelineApp>, needle: &str) {
    use egui_kittest::kittest::{NodeT as _, Queryable as _};
    assert!(
        harness
            .query_all_by_label_contains(needle)
            .any(|node| node.accesskit_node().role() == egui::accesskit::Role::Label),
        "no text contains {needle:?}"
    );
}

pub fn event_index(app: &TimelineApp, id: &str) -> EventIndex {
    let position = app.probe().dataset().position_of(id);
    position.unwrap_or_else(|| panic!("no event {id}"))
}

/// The names in a folder, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder reads")
        .map(|entry| {
            let entry = entry.expect("the folder reads");
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Runs the `conflict-timeline` binary with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The texts of an SVG's `<text>` elements, checking it is an SVG.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect()
}

/// All the text of an SVG file's `<text>` elements, without white space:
/// what a caption says, however its lines were broken.
pub fn svg_text_squeezed(path: &Path) -> String {
    squeezed(&svg_texts(&std::fs::read_to_string(path).unwrap()).concat())
}

/// A text without white space, to compare with [`svg_text_squeezed`].
pub fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// One lane, "war", with a point event every day for `count` days from
/// 1 January of `first_year`, of every importance in turn: at a coarse
/// zoom far more than rows can show.
pub fn daily_reports(count: u64, first_year: i32) -> Dataset {
    use conflict_timeline::model::{Date, Event, Lane};
    let first = chrono::NaiveDate::from_ymd_opt(first_year, 1, 1).expect("a valid year");
    let events = (0..count)
        .map(|i| {
            let day = first + chrono::Days::new(i);
            Event {
                id: format!("day-{i}").into(),
                title: format!("Report of day {i}").into(),
                start: Date::parse(&day.format("%Y-%m-%d").to_string()).expect("a date"),
                end: None,
                ongoing: false,
                lane: "war".into(),
                summary: None,
                sources: Box::default(),
                tags: Box::default(),
                importance: 1 + (i % 5) as u8,
                approximate: false,
            }
        })
        .collect();
    Dataset {
        title: "Daily reports".into(),
        lanes: vec![Lane {
            id: "war".into(),
            name: "War".into(),
            color: None,
        }],
        events,
        ..Default::default()
    }
}

/// Settings storage in memory, as eframe's on disk.
#[derive(Default)]
pub struct MemoryStorage(pub std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// Three thousand daily reports in one lane at Home, and the first of the
/// badges that fit-all leaves for them.
pub fn dense_at_home() -> (
    Harness<'static, TimelineApp>,
    conflict_timeline::testing::AggregateBadge,
) {
    let mut harness = harness_showing(daily_reports(3000, 2010), 1400.0, 860.0);
    harness.key_press(egui::Key::Home);
    harness.run();
    let badge = *harness
        .state()
        .probe()
        .scene()
        .aggregates
        .first()
        .expect("fit-all aggregates the dense lane");
    (harness, badge)
}

/// The dataset's events in date order.
pub fn events_by_date(app: &TimelineApp) -> Vec<EventIndex> {
    app.probe()
        .index()
        .by_date
        .iter()
        .map(|&event| EventIndex::from_u32(event))
        .collect()
}

/// Steps frames until `done` holds, waiting between them for background
/// work; for at most thirty seconds.
pub fn wait_until(
    harness: &mut Harness<'_, TimelineApp>,
    what: &str,
    done: impl Fn(&Harness<'_, TimelineApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if done(harness) {
            harness.run();
            return;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "timed out waiting until {what}");
        harness
            .state_mut()
            .test_hooks()
            .wait_for_background(left.min(Duration::from_millis(500)));
    }
}

/// Opens File → `item` and types `text` over the window's field `field`.
pub fn type_in_file_window(
    harness: &mut Harness<'_, TimelineApp>,
    item: &str,
    field: &str,
    text: &str,
) {
    use egui_kittest::kittest::Queryable as _;
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label(item).click();
    harness.run();
    harness.get_by_label(field).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label(field).type_text(text);
    harness.run();
}
