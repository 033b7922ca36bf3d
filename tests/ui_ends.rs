//! The ends of the data can be read: Home and the first view fit the data
//! with the room its first marker and last labels need at the timeline's
//! width, and keep doing so as the window is resized.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::load::load_builtin;
use conflict_timeline::model::EventIndex;
use conflict_timeline::ui::{Command, TimelineApp};
use eframe::egui::{self, Modifiers};
use egui_kittest::Harness;

mod common;

use common::wheel;

/// The points the fit leaves beyond the ends: the app's pad and the gap
/// the layout keeps after an item, with a point for rounding.
const MOST_ROOM_LEFT: f32 = 6.0 + 6.0 + 1.0;

fn harness(width: f32, height: f32) -> Harness<'static, TimelineApp> {
    common::app_harness(width, height)
}

fn press_home(harness: &mut Harness<'_, TimelineApp>) {
    harness.key_press(egui::Key::Home);
    harness.run();
}

/// Selects an event (which draws it with its label, out of any badge)
/// and leaves the view where it is when the event is in it.
fn select(harness: &mut Harness<'_, TimelineApp>, event: EventIndex) {
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
}

/// The first and the last event by date.
fn first_and_last(app: &TimelineApp) -> [EventIndex; 2] {
    let by_date = &app.probe().index().by_date;
    [by_date[0], by_date[by_date.len() - 1]].map(EventIndex::from_u32)
}

/// Asserts that `events` are drawn, each with its whole label, inside the
/// timeline, and every other label drawn ends inside it too; and that the
/// drawing reaches to within the fit's small room of both edges (no margin
/// beyond it).
fn assert_ends_read_whole(app: &TimelineApp, events: &[EventIndex], what: &str) {
    let probe = app.probe();
    let rect = probe.timeline_rect();
    let scene = probe.scene();
    for item in &scene.items {
        if let Some(label) = item.label {
            assert!(
                label.x + label.max_width <= rect.right(),
                "{what}: the label of {:?} runs past the right edge",
                probe.dataset().events[item.event.get()].title
            );
        }
    }
    for &event in events {
        let title = &probe.dataset().events[event.get()].title;
        let item = scene
            .items
            .iter()
            .find(|item| item.event == event)
            .unwrap_or_else(|| panic!("{what}: {title:?} is not drawn"));
        let label = item
            .label
            .unwrap_or_else(|| panic!("{what}: {title:?} is drawn without its label"));
        let width = probe.label_width(event).unwrap();
        assert!(
            label.max_width >= width,
            "{what}: {title:?} is cut short: {} of {width} points",
            label.max_width
        );
        assert!(
            item.rect.left() >= rect.left() && label.x >= rect.left(),
            "{what}: {title:?} starts left of the timeline"
        );
        assert!(
            label.x + width <= rect.right() && item.rect.right() <= rect.right(),
            "{what}: {title:?} ends at {} past the timeline's right edge {}",
            label.x + width,
            rect.right()
        );
    }
}

/// Where an event is drawn with its label: its leftmost and rightmost x.
fn drawn_extent(app: &TimelineApp, event: EventIndex) -> (f32, f32) {
    let item = app.probe().scene().items.iter().find(|i| i.event == event);
    let item = item.expect("the event is drawn");
    let label_end = item.label.map_or(f32::NEG_INFINITY, |l| l.x + l.max_width);
    (item.rect.left(), item.rect.right().max(label_end))
}

/// Asserts that the drawing reaches to within the fit's small room of both
/// of the timeline's edges: no margin beyond that room.
fn assert_tight(app: &TimelineApp, (left, right): (f32, f32), what: &str) {
    let rect = app.probe().timeline_rect();
    for (room, side) in [
        (left - rect.left(), "left"),
        (rect.right() - right, "right"),
    ] {
        assert!(
            room <= MOST_ROOM_LEFT,
            "{what}: {room} points left beyond the data on the {side}"
        );
    }
}

#[test]
fn at_home_the_first_and_last_events_are_drawn_with_their_labels_whole() {
    for (width, height) in [(1600.0, 1000.0), (1280.0, 800.0)] {
        let mut harness = harness(width, height);
        press_home(&mut harness);
        let app = harness.state();
        let home = app.probe().limits().fit_all();
        assert_eq!(app.probe().view(), home);
        let what = format!("{width}×{height}");
        assert_ends_read_whole(app, &[], &what);
        // Each event in turn is selected, so it is drawn with its label
        // whichever rows its lane has: still Home, and read whole. The
        // furthest they reach is the fit's small room from the edges.
        let by_date = harness.state().probe().index().by_date.clone();
        let mut reach = (f32::INFINITY, f32::NEG_INFINITY);
        for event in by_date.into_iter().map(EventIndex::from_u32) {
            select(&mut harness, event);
            let probe = harness.state().probe();
            assert_eq!(probe.view(), probe.limits().fit_all(), "still Home");
            assert_eq!(probe.fitted_width(), probe.timeline_rect().width());
            assert_ends_read_whole(harness.state(), &[event], &what);
            let (left, right) = drawn_extent(harness.state(), event);
            reach = (reach.0.min(left), reach.1.max(right));
        }
        assert_tight(harness.state(), reach, &what);
    }
}

#[test]
fn resizing_the_window_at_home_stays_home_with_the_last_label_whole() {
    let mut harness = harness(1600.0, 1000.0);
    press_home(&mut harness);
    let [first, last] = first_and_last(harness.state());
    for (width, height) in [(1280.0, 800.0), (1500.0, 900.0), (1100.0, 760.0)] {
        harness.set_size(egui::vec2(width, height));
        harness.run();
        let app = harness.state();
        let rect = app.probe().timeline_rect();
        assert_eq!(
            app.probe().fitted_width(),
            rect.width(),
            "fitted to the panel"
        );
        assert_eq!(
            app.probe().view(),
            app.probe().limits().fit_all(),
            "still Home"
        );
        let what = format!("resized to {width}×{height}");
        assert_ends_read_whole(app, &[], &what);
        for event in [first, last] {
            select(&mut harness, event);
            assert_ends_read_whole(harness.state(), &[event], &what);
        }
    }
}

#[test]
fn a_view_the_user_moved_is_kept_through_a_resize() {
    let mut harness = harness(1600.0, 1000.0);
    press_home(&mut harness);
    let rect = harness.state().probe().timeline_rect();
    wheel(&mut harness, rect.center(), 3.0, Modifiers::NONE);
    let zoomed = harness.state().probe().view();
    assert!(zoomed.span() < harness.state().probe().limits().fit_all().span());
    harness.set_size(egui::vec2(1280.0, 800.0));
    harness.run();
    assert_eq!(harness.state().probe().view(), zoomed);
}

#[test]
fn the_first_frame_of_a_dataset_without_its_own_view_shows_its_ends_whole() {
    let mut dataset = load_builtin().unwrap().dataset;
    dataset.view = None;
    for (width, height) in [(1600.0, 1000.0), (1280.0, 800.0)] {
        // One frame only, as the builder runs it: no settling.
        let harness = Harness::builder()
            .with_size(egui::vec2(width, height))
            .build_ui_state(
                |ui, app: &mut TimelineApp| app.ui(ui),
                TimelineApp::new(dataset.clone()),
            );
        let app = harness.state();
        assert_eq!(
            app.probe().fitted_width(),
            app.probe().timeline_rect().width()
        );
        assert_eq!(app.probe().view(), app.probe().limits().fit_all());
        let what = format!("the first frame at {width}×{height}");
        assert_ends_read_whole(app, &[], &what);
    }
}

#[test]
fn the_datasets_own_view_stays_as_written() {
    let mut harness = harness(1280.0, 800.0);
    let app = harness.state();
    let range = app.probe().dataset().view.unwrap();
    let written = (range.start.start_instant(), range.end.end_instant());
    let view = app.probe().view();
    assert_eq!((view.start, view.end), written);
    // Home and back: the dataset's view again, as written.
    press_home(&mut harness);
    harness.state_mut().push(Command::ResetView);
    harness.run();
    let view = harness.state().probe().view();
    assert_eq!((view.start, view.end), written);
}

#[test]
fn the_overview_fits_the_data_at_its_own_width() {
    let harness = harness(1400.0, 860.0);
    let probe = harness.state().probe();
    let (rect, overview) = probe.overview_transform();
    assert!(rect.width() > probe.timeline_rect().width());
    let index = probe.index();
    let first = index.spans[index.by_date[0] as usize];
    // Before the first event: its marker's half and the pad, in the
    // overview's own points (a 5 % margin would be some 60 points).
    let before = (0.5 * (first.start + first.end) - overview.view.start) / overview.days_per_px();
    assert!((6.0..=13.0).contains(&before), "{before} points");
    assert!(overview.view.span() < probe.limits().fit_all().span());
}
