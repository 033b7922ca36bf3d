//! The app across the whole span of time: a dataset mixing deep time, days
//! before the common era and times of day fits, draws, selects, exports and
//! zooms from billions of years to minutes; data with times zooms to ten
//! minutes, data without to a day.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_text_shown, daily_reports, event_index, harness_showing, wheel};

use conflict_timeline::model::EventIndex;
use conflict_timeline::ui::{Command, TimelineApp};
use conflict_timeline::{Dataset, Date, TimeView};
use eframe::egui::{self, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const MIXED: &str = "tests/data/mixed-scales.ron";

fn mixed() -> Dataset {
    conflict_timeline::load::load_path(
        std::path::Path::new(MIXED),
        &conflict_timeline::LoadOptions::default(),
    )
    .expect("the mixed dataset loads")
    .dataset
}

const TEN_MINUTES: f64 = 10.0 / (24.0 * 60.0);

/// Wheels in over `time` until the view stops shrinking; the last view.
fn wheel_in_to_the_closest(harness: &mut Harness<'_, TimelineApp>, time: f64) -> TimeView {
    let mut last = harness.state().probe().view();
    for _ in 0..200 {
        let transform = harness.state().probe().timeline_transform();
        let rect = harness.state().probe().timeline_rect();
        let x = transform.x_from_time(time);
        wheel(harness, Pos2::new(x, rect.center().y), 3.0, Modifiers::NONE);
        let view = harness.state().probe().view();
        assert!(valid(view), "{view:?}");
        assert!(
            view.span() <= last.span() * (1.0 + 1e-9),
            "{view:?} after {last:?}"
        );
        if view.span() >= last.span() * (1.0 - 1e-9) {
            return view;
        }
        last = view;
    }
    panic!("the wheel never stopped zooming: {last:?}");
}

/// A view with finite ends, the end after the start.
fn valid(view: TimeView) -> bool {
    view.start.is_finite() && view.end.is_finite() && view.end > view.start
}

fn middle(harness: &Harness<'_, TimelineApp>, event: EventIndex) -> f64 {
    harness.state().probe().index().middle(event).unwrap()
}

#[test]
fn the_wheel_zooms_into_a_timed_event_down_to_ten_minutes() {
    let mut harness = harness_showing(mixed(), 1400.0, 860.0);
    let truce = event_index(harness.state(), "truce");
    harness.state_mut().push(Command::ZoomToEvent(truce));
    harness.run();
    // The six minutes of the truce fill a good part of the view.
    let zoomed = harness.state().probe().view();
    assert!(zoomed.span() <= 3.0 * 6.0 / 1440.0 + 1e-9, "{zoomed:?}");
    let time = middle(&harness, truce);
    let view = wheel_in_to_the_closest(&mut harness, time);
    assert!((view.span() - TEN_MINUTES).abs() < 1e-9, "{view:?}");
    assert!(view.contains(time), "{view:?}");
    // The keys stop there too.
    harness.key_press(egui::Key::Plus);
    harness.run();
    assert_eq!(harness.state().probe().view(), view);
}

#[test]
fn the_wheel_still_stops_at_a_day_in_data_without_times() {
    let mut harness = harness_showing(daily_reports(60, 2016), 1400.0, 860.0);
    let report = event_index(harness.state(), "day-30");
    harness.state_mut().push(Command::ZoomToEvent(report));
    harness.run();
    let time = middle(&harness, report);
    let view = wheel_in_to_the_closest(&mut harness, time);
    assert!((view.span() - 1.0).abs() < 1e-9, "{view:?}");
    assert!(view.contains(time), "{view:?}");
}

/// The mixed dataset at Home.
fn mixed_at_home() -> Harness<'static, TimelineApp> {
    let mut harness = harness_showing(mixed(), 1400.0, 860.0);
    harness.key_press(egui::Key::Home);
    harness.run();
    harness
}

#[test]
fn home_fits_and_draws_every_event_from_the_big_bang_to_minutes() {
    let harness = mixed_at_home();
    let probe = harness.state().probe();
    let view = probe.view();
    assert_eq!(view, probe.limits().fit_all());
    assert!(valid(view), "{view:?}");
    let dataset = probe.dataset();
    for position in 0..dataset.events.len() {
        let event = EventIndex::new(position).unwrap();
        let span = probe.index().span(event).unwrap();
        assert!(
            view.start <= span.start && span.end <= view.end,
            "{position}"
        );
    }
    // Every event is drawn, or counted in a badge, inside the timeline.
    let scene = probe.scene();
    let counted: usize = scene.aggregates.iter().map(|badge| badge.count).sum();
    assert_eq!(scene.items.len() + counted, dataset.events.len());
    let rect = probe.timeline_rect();
    for item in &scene.items {
        assert!(item.rect.is_finite(), "{item:?}");
        assert!(
            item.rect.left() >= rect.left() - 1.0 && item.rect.right() <= rect.right() + 1.0,
            "{item:?} outside {rect:?}"
        );
    }
    // The overview counts them all.
    let density = probe.overview_density();
    assert_eq!(
        density.iter().map(|&count| count as usize).sum::<usize>(),
        dataset.events.len(),
        "{density:?}"
    );
    // The timeline says what it shows in words.
    let label = harness
        .query_all_by_label_contains("Timeline of From the Big Bang")
        .next()
        .expect("the timeline's node")
        .accesskit_node()
        .label()
        .unwrap();
    // From the Big Bang (its margin before it cut there) to the room the
    // last labels need, in years at this scale.
    assert!(
        label.starts_with("Timeline of From the Big Bang to a truce: 13.8 billion years ago – "),
        "{label}"
    );
    assert!(
        label.ends_with(" years from now") || label.ends_with(" CE"),
        "{label}"
    );
}

#[test]
fn clicking_an_event_at_home_selects_it_and_details_say_its_dates_in_words() {
    let mut harness = mixed_at_home();
    let extinction = event_index(harness.state(), "extinction");
    let rect = harness
        .state()
        .probe()
        .scene()
        .item_rect(extinction)
        .expect("the extinction is drawn at Home");
    let at = rect.center();
    harness.hover_at(at);
    harness.drag_at(at);
    harness.drop_at(at);
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(extinction));
    assert_text_shown(&harness, "252 million years ago");

    for (id, words) in [
        ("ides", "15 March 44 BCE"),
        ("rubicon", "49 BCE"),
        ("big-bang", "13.8 billion years ago"),
        ("truce", "27 February 2016, 00:00–00:05 (UTC+2)"),
        ("first-report", "27 February 2016, 00:07:30 (UTC+2)"),
    ] {
        let event = event_index(harness.state(), id);
        harness.state_mut().push(Command::Select(Some(event)));
        harness.run();
        assert_text_shown(&harness, words);
    }
    // The quote, with its time.
    harness
        .state_mut()
        .push(Command::SetSideTab(conflict_timeline::ui::SideTab::Quotes));
    harness.run();
    assert_text_shown(&harness, "27 February 2016, 00:00 (UTC+2)");
}

#[test]
fn the_export_dialog_fills_its_dates_at_home_and_they_read_back() {
    let mut harness = mixed_at_home();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    // The From field follows its radio button, the To field its label.
    let fields = |harness: &Harness<'_, TimelineApp>| {
        let to = harness.get_by_label("to").value().unwrap_or_default();
        let inputs: Vec<String> = harness
            .query_all_by_role(egui::accesskit::Role::TextInput)
            .filter_map(|node| node.value())
            .collect();
        let at = inputs
            .iter()
            .rposition(|value| *value == to)
            .expect("the To field");
        (inputs[at - 1].clone(), to)
    };
    let (from, to) = fields(&harness);
    assert_eq!(from, "-13800000000");
    let from = Date::parse(&from).expect("From reads back");
    let to = Date::parse(&to).expect("To reads back");
    // The view's margin before the Big Bang is cut at it; the fields cover
    // the data and end in the view's last year.
    let probe = harness.state().probe();
    let (view, index) = (probe.view(), probe.index());
    assert!(from.start_instant() <= index.data_start && index.data_end <= to.end_instant());
    assert!(
        to.start_instant() <= view.end && view.end <= to.end_instant(),
        "{to}"
    );
    harness.key_press(egui::Key::Escape);
    harness.run();

    // Ten minutes of the night (the truce is 22:00–22:06 UTC): to the minute.
    let truce = event_index(harness.state(), "truce");
    let time = middle(&harness, truce);
    harness.state_mut().push(Command::SetView(TimeView::new(
        time - TEN_MINUTES / 2.0,
        time + TEN_MINUTES / 2.0,
    )));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    let (from, to) = fields(&harness);
    assert_eq!(
        (from.as_str(), to.as_str()),
        ("2016-02-26T21:58", "2016-02-26T22:07")
    );
    assert!(Date::parse(&from).is_ok() && Date::parse(&to).is_ok());
}

#[test]
fn zooming_from_the_big_bang_to_ten_minutes_and_back_animates_smoothly() {
    let mut harness = mixed_at_home();
    let home = harness.state().probe().view();
    let truce = event_index(harness.state(), "truce");
    let time = middle(&harness, truce);
    let night = TimeView::new(time - TEN_MINUTES / 2.0, time + TEN_MINUTES / 2.0);
    for (command, target) in [(Command::AnimateTo(night), night), (Command::FitAll, home)] {
        let before = harness.state().probe().view();
        harness.state_mut().push(command);
        let mut last = before;
        let mut frames = 0;
        for _ in 0..40 {
            harness.step();
            let view = harness.state().probe().view();
            assert!(valid(view), "{view:?}");
            // The night stays in view: the zoom flies into it, not past it.
            assert!(
                view.start <= night.start && night.end <= view.end,
                "{view:?}"
            );
            // The span changes one way only, never more than from end to end.
            let zooming_in = target.span() < before.span();
            if zooming_in {
                assert!(
                    view.span() <= last.span() * (1.0 + 1e-9),
                    "{view:?} after {last:?}"
                );
            } else {
                assert!(
                    view.span() >= last.span() * (1.0 - 1e-9),
                    "{view:?} after {last:?}"
                );
            }
            if view != last {
                frames += 1;
            }
            last = view;
        }
        assert!(frames >= 3, "animated in {frames} frames");
        assert!(
            (last.start - target.start).abs() <= 1e-9 * target.span().max(1.0)
                && (last.end - target.end).abs() <= 1e-9 * target.span().max(1.0),
            "{last:?} is not {target:?}"
        );
    }
}
