//! Whatever selects an event leaves it drawn, with its label, on screen: a
//! search's Enter, Tab, a command from another panel, on the built-in
//! dataset and on generated ones at random views.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::TimeView;
use conflict_timeline::generate::{GenerateOptions, generate};
use conflict_timeline::model::EventIndex;
use conflict_timeline::ui::{Command, TimelineApp};
use eframe::egui::{self, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use proptest::prelude::*;

mod common;

/// Panics unless the selected event is drawn with its label and reaches
/// into the timeline: across its width, and inside its height.
fn assert_selection_shown(harness: &Harness<'_, TimelineApp>, what: &str) {
    let probe = harness.state().probe();
    let selected = probe
        .selected()
        .unwrap_or_else(|| panic!("{what}: something is selected"));
    let title = &probe.dataset().events[selected.get()].title;
    let item = probe
        .scene()
        .items
        .iter()
        .find(|item| item.event == selected)
        .unwrap_or_else(|| panic!("{what}: {title:?} is drawn"));
    let label = item
        .label
        .unwrap_or_else(|| panic!("{what}: {title:?} has its label"));
    let rect = probe.timeline_rect();
    // A label beside its item that fits in the timeline is read whole.
    let reach = label.max_width + item.rect.width() + 24.0;
    if !label.inside && reach < rect.width() {
        assert!(
            label.x >= rect.left() - 0.5 && label.x + label.max_width <= rect.right() + 0.5,
            "{what}: {title:?}'s label {label:?} is cut by {rect:?}"
        );
    }
    assert!(
        item.rect.right() >= rect.left() && item.rect.left() <= rect.right(),
        "{what}: {title:?} at {:?} is within {rect:?} across",
        item.rect
    );
    assert!(
        item.rect.top() >= rect.top() && item.rect.bottom() <= rect.bottom(),
        "{what}: {title:?} at {:?} is within {rect:?} down",
        item.rect
    );
}

#[test]
fn every_munich_match_enter_selects_is_drawn_with_its_label() {
    // The case: at the initial view, matches 4 and 5 sat in a badge.
    let mut harness = common::app_harness(1400.0, 860.0);
    harness.key_press_modifiers(Modifiers::CTRL | Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_label("Search").type_text("Munich");
    harness.run();
    let matches = harness.state().probe().search_match_count().unwrap();
    assert!(matches >= 5, "{matches} matches");
    let mut seen = Vec::new();
    for press in 1..=matches {
        harness.key_press(egui::Key::Enter);
        harness.run();
        assert_selection_shown(&harness, &format!("Enter ×{press}"));
        seen.push(harness.state().probe().selected().unwrap());
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), matches, "Enter walks every match");
}

#[test]
fn tab_leaves_every_event_of_the_built_in_dataset_drawn_with_its_label() {
    let mut harness = common::app_harness(1400.0, 860.0);
    let count = harness.state().probe().dataset().events.len();
    for press in 1..=count {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert_selection_shown(&harness, &format!("Tab ×{press}"));
    }
}

#[test]
fn selecting_an_event_of_a_collapsed_or_hidden_lane_shows_the_lane() {
    let mut harness = common::app_harness(1400.0, 860.0);
    let event = common::event_index(harness.state(), "aleppo-fall");
    let lane = harness.state().probe().index().lane_of_event[event.get()] as usize;
    harness.state_mut().push(Command::ToggleCollapsed(lane));
    harness.run();
    assert!(harness.state().probe().collapsed_lanes()[lane]);
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    assert!(!harness.state().probe().collapsed_lanes()[lane]);
    assert_selection_shown(&harness, "a collapsed lane's event");

    harness.state_mut().push(Command::Select(None));
    harness.state_mut().push(Command::ToggleHidden(lane));
    harness.run();
    let lane_drawn = |harness: &Harness<'_, TimelineApp>| {
        let scene = harness.state().probe().scene();
        scene.lanes.iter().any(|band| band.lane == lane)
    };
    assert!(!lane_drawn(&harness), "the lane is hidden");
    harness.state_mut().push(Command::SelectAndCenter(event));
    harness.run();
    assert!(lane_drawn(&harness), "the lane is shown again");
    assert_selection_shown(&harness, "a hidden lane's event");
}

#[test]
fn a_quote_dated_far_from_its_event_still_shows_the_event_it_selects() {
    let mut dataset = conflict_timeline::load::load_builtin().unwrap().dataset;
    let quote = dataset
        .quotes
        .iter()
        .position(|quote| !quote.events.is_empty())
        .expect("a quote with an event");
    let event_id = dataset.quotes[quote].events[0].clone();
    let event = dataset.position_of(&event_id).unwrap();
    let year = dataset.events[event.get()].start.start_instant() / 365.25 + 1970.0;
    let far = if year < 2014.0 {
        "2016-06-01"
    } else {
        "2011-06-01"
    };
    dataset.quotes[quote].date = conflict_timeline::Date::parse(far).unwrap();
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    let view = harness.state().probe().view();
    let month = TimeView::new(view.center() - 15.0, view.center() + 15.0);
    harness.state_mut().push(Command::SetView(month));
    harness.run();
    harness.state_mut().push(Command::FocusQuote(quote));
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(event));
    assert_selection_shown(&harness, "a quote's event");
}

#[test]
fn selecting_a_marker_just_off_the_edge_brings_it_into_view() {
    let mut harness = common::app_harness(1400.0, 860.0);
    let event = common::event_index(harness.state(), "unsc-2254");
    let span = harness.state().probe().index().span(event).unwrap();
    // The marker's day overlaps the view, its centre (the diamond) does not.
    let middle = 0.5 * (span.start + span.end);
    let view = TimeView::new(middle + 0.2, middle + 10.2);
    assert!(span.end > view.start);
    harness.state_mut().push(Command::SetView(view));
    harness.run();
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    assert_selection_shown(&harness, "a marker off the left edge");
}

#[test]
fn a_label_at_the_end_of_what_a_view_may_show_is_shown_by_zooming_in() {
    // A case the property below found: nearly all of the data in view, the
    // selected bar 400 points from the left, its 423-point label cut at the
    // right edge, where the view is at the end of what it may show, and 4
    // points short of fitting on the left.
    let options = GenerateOptions {
        lanes: 3,
        seed: 375,
        ..GenerateOptions::new(4000)
    };
    let dataset = generate(&options).unwrap();
    let mut harness = common::harness_showing(dataset, 1200.0, 800.0);
    let limits = harness.state().probe().limits();
    let all = limits.fit_all();
    let span = (all.span().ln() * 0.9953214952352006).exp();
    let view = TimeView::new(all.start, all.start + span);
    harness.state_mut().push(Command::SetView(view));
    harness.run();
    let event = EventIndex::from_u32(2236);
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    assert_selection_shown(&harness, "a label at the end");
    let shown = harness.state().probe().view();
    assert!(
        shown.span() < view.span(),
        "{shown:?} is closer than {view:?}"
    );
    assert!(
        shown.span() > 0.5 * view.span(),
        "{shown:?} is no closer than it needs"
    );
}

/// A generated dataset, a view somewhere over it (a day to all of it) and
/// an event.
fn case() -> impl Strategy<Value = (u64, usize, f64, f64, usize)> {
    (
        0..1000u64,
        1..6usize,
        0.0..1.0f64,
        0.0..1.0f64,
        any::<prop::sample::Index>(),
    )
        .prop_map(|(seed, lanes, at, zoom, event)| (seed, lanes, at, zoom, event.index(4000)))
}

proptest! {
    // Each case runs the app for a few dozen frames.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn selecting_any_event_leaves_it_drawn_with_its_label_in_view(
        (seed, lanes, at, zoom, event) in case()
    ) {
        let options = GenerateOptions {
            lanes,
            seed,
            ..GenerateOptions::new(4000)
        };
        let dataset = generate(&options).unwrap();
        let mut harness = common::harness_showing(dataset, 1200.0, 800.0);
        let limits = harness.state().probe().limits();
        let all = limits.fit_all();
        // From a day to the whole span, on a log scale.
        let span = (all.span().ln() * zoom).exp().max(1.0);
        let start = all.start + at * (all.span() - span).max(0.0);
        harness
            .state_mut()
            .push(Command::SetView(TimeView::new(start, start + span)));
        harness.run();
        let event = EventIndex::from_u32(event as u32);
        harness.state_mut().push(Command::Select(Some(event)));
        harness.run();
        prop_assert_eq!(harness.state().probe().selected(), Some(event));
        assert_selection_shown(&harness, &format!("view {start}+{span}"));
    }
}
