//! The timeline app driven headlessly with real input: scroll, drag, click,
//! keys and typing, asserting what the app state shows afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::TimeView;
use conflict_timeline::load::load_builtin;
use conflict_timeline::model::{Date, EventIndex};
use conflict_timeline::testing::Hit;
use conflict_timeline::ui::{Command, ThemeChoice, TimelineApp};
use eframe::egui::{self, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

use common::{click_at, empty_spot, event_index, wheel};

fn harness() -> Harness<'static, TimelineApp> {
    common::app_harness(1400.0, 860.0)
}

/// The centre of an event as drawn in the last frame.
fn event_center(app: &TimelineApp, id: &str) -> Pos2 {
    let rect = app
        .probe()
        .scene()
        .item_rect(event_index(app, id))
        .unwrap_or_else(|| panic!("{id} is not drawn"));
    rect.center()
}

#[test]
fn opens_at_the_datasets_initial_view() {
    let harness = harness();
    let app = harness.state();
    let view = app.probe().view();
    assert!(
        view.contains(Date::parse("2016-02-27").unwrap().start_instant()),
        "{view:?}"
    );
    assert!(app.probe().scene().items.len() > 10, "items are drawn");
    // The truce is on screen.
    event_center(app, "coh-takes-effect");
}

#[test]
fn scrolling_zooms_about_the_pointer() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    let anchor = harness
        .state()
        .probe()
        .timeline_transform()
        .time_from_x(spot.x);
    let span_before = harness.state().probe().view().span();

    wheel(&mut harness, spot, 3.0, Modifiers::NONE);
    let app = harness.state();
    let span_after = app.probe().view().span();
    assert!(
        span_after < 0.8 * span_before,
        "zoomed in: {span_before} → {span_after}"
    );
    let anchor_after = app.probe().timeline_transform().time_from_x(spot.x);
    assert!(
        (anchor_after - anchor).abs() < 0.01 * span_before,
        "the date under the pointer stays: {anchor} → {anchor_after}"
    );

    wheel(&mut harness, spot, -6.0, Modifiers::NONE);
    assert!(
        harness.state().probe().view().span() > span_after,
        "scrolling the other way zooms out"
    );
}

#[test]
fn dragging_pans() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    let before = harness.state().probe().view();
    let days_per_px = harness.state().probe().timeline_transform().days_per_px();
    harness.hover_at(spot);
    harness.drag_at(spot);
    for step in 1..=10 {
        harness.hover_at(Pos2::new(spot.x + 20.0 * step as f32, spot.y));
    }
    harness.drop_at(Pos2::new(spot.x + 200.0, spot.y));
    harness.run();
    let after = harness.state().probe().view();
    let moved = before.start - after.start;
    assert!(
        (moved - 200.0 * days_per_px).abs() < 0.05 * 200.0 * days_per_px,
        "moved {moved} days, expected {}",
        200.0 * days_per_px
    );
    assert!(
        (after.span() - before.span()).abs() < 1e-6,
        "panning keeps the zoom"
    );
}

#[test]
fn clicking_an_event_selects_it_and_shows_its_details() {
    let mut harness = harness();
    let center = event_center(harness.state(), "coh-takes-effect");
    click_at(&mut harness, center);
    let app = harness.state();
    assert_eq!(
        app.probe().selected_event().map(|e| e.id.as_str()),
        Some("coh-takes-effect")
    );
    let title = app.probe().selected_event().unwrap().title.clone();
    assert!(
        harness.query_all_by_label(&title).count() >= 1,
        "the Details panel shows the title"
    );
    assert!(
        harness
            .query_all_by_label("27 February 2016, 00:00 (UTC+2)")
            .count()
            >= 1,
        "and the date at its precision: the minute, with its offset"
    );

    // The selection survives zooming.
    let spot = empty_spot(harness.state());
    wheel(&mut harness, spot, 2.0, Modifiers::NONE);
    assert_eq!(
        harness
            .state()
            .probe()
            .selected_event()
            .map(|e| e.id.as_str()),
        Some("coh-takes-effect")
    );

    // Clicking empty space clears it; Esc does too.
    let spot = empty_spot(harness.state());
    click_at(&mut harness, spot);
    assert_eq!(harness.state().probe().selected(), None);
    let center = event_center(harness.state(), "coh-takes-effect");
    click_at(&mut harness, center);
    assert!(harness.state().probe().selected().is_some());
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().probe().selected(), None);
}

#[test]
fn home_fits_everything() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    wheel(&mut harness, spot, 4.0, Modifiers::NONE);
    harness.key_press(egui::Key::Home);
    harness.run();
    let app = harness.state();
    assert_eq!(app.probe().view(), app.probe().limits().fit_all());
    let start_of_war = Date::parse("2011-03-15").unwrap().start_instant();
    assert!(app.probe().view().contains(start_of_war));
}

#[test]
fn tab_and_shift_tab_walk_the_events_in_date_order() {
    let mut harness = harness();
    let order: Vec<EventIndex> = (harness.state().probe().index().by_date.iter())
        .map(|&e| EventIndex::from_u32(e))
        .collect();
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(order[0]));
    for expected in &order[1..5] {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert_eq!(harness.state().probe().selected(), Some(*expected));
    }
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::Tab);
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(order[3]));
    harness.key_press(egui::Key::K);
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(order[2]));
    harness.key_press(egui::Key::J);
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(order[3]));
    // The selected event is centred in view.
    let app = harness.state();
    let span = app.probe().index().span(order[3]).unwrap();
    assert!(
        app.probe().view().contains(span.start),
        "{:?} shows the event",
        app.probe().view()
    );
}

#[test]
fn the_search_box_filters_and_enter_jumps_to_matches() {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::CTRL | Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_label("Search").type_text("Geneva");
    harness.run();
    let app = harness.state();
    assert_eq!(app.probe().search_query(), "Geneva");
    let matches = app.probe().search_match_count().unwrap();
    assert!(matches >= 5, "{matches} matches");
    let geneva_iii = event_index(app, "geneva-iii");
    assert!(app.probe().matches_search(geneva_iii));
    assert!(!app.probe().matches_search(event_index(app, "aleppo-fall")));

    harness.key_press(egui::Key::Enter);
    harness.run();
    let app = harness.state();
    let selected = app
        .probe()
        .selected()
        .expect("Enter selects the first match");
    assert!(app.probe().matches_search(selected));
}

#[test]
fn a_search_too_big_for_a_frame_shows_its_matches_when_its_worker_is_done() {
    use conflict_timeline::generate::{GenerateOptions, generate};
    // Enough text that the search runs off the UI thread.
    let dataset = generate(&GenerateOptions::new(60_000)).unwrap();
    let text = conflict_timeline::testing::SearchText::for_events(&dataset.events);
    assert!(text.bytes() > conflict_timeline::testing::INLINE_SEARCH_BYTES);
    let mentions = |event: &conflict_timeline::model::Event| {
        std::iter::once(&event.title)
            .chain(&event.summary)
            .chain(&event.tags)
            .any(|field| field.to_lowercase().contains("besieged"))
    };
    let expected = dataset
        .events
        .iter()
        .filter(|event| mentions(event))
        .count();
    assert!(expected > 0);
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    harness.key_press_modifiers(Modifiers::CTRL | Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness.get_by_label("Search").type_text("BESIEGED");
    harness.run();
    let started = std::time::Instant::now();
    while harness.state().probe().search_running() {
        assert!(started.elapsed().as_secs() < 60, "the search finishes");
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
    let app = harness.state();
    assert_eq!(app.probe().search_match_count(), Some(expected));
    harness.key_press(egui::Key::Enter);
    harness.run();
    let app = harness.state();
    let selected = app.probe().selected().expect("Enter selects a match");
    assert!(app.probe().matches_search(selected));
    assert!(mentions(app.probe().selected_event().unwrap()));
}

#[test]
fn a_letter_typed_starts_its_search_in_the_frame_that_takes_it() {
    use conflict_timeline::generate::{GenerateOptions, generate};
    // Enough text that the search runs off the UI thread.
    let dataset = generate(&GenerateOptions::new(60_000)).unwrap();
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    harness.key_press_modifiers(Modifiers::CTRL | Modifiers::COMMAND, egui::Key::F);
    harness.run();
    assert_eq!(harness.state().probe().search_match_count(), None);
    harness.event(egui::Event::Text("b".to_owned()));
    harness.step();
    let probe = harness.state().probe();
    assert_eq!(probe.search_query(), "b");
    // Running on its worker already (or done), not waiting for a frame.
    assert!(
        probe.search_running() || probe.search_match_count().is_some(),
        "the search for \"b\" has started"
    );
}

#[test]
fn a_big_datasets_search_text_is_prepared_once_the_user_pauses() {
    use conflict_timeline::generate::{GenerateOptions, generate};
    use conflict_timeline::testing::GESTURE_PAUSE;
    // Big enough that its text is not prepared before the first frame.
    let dataset = generate(&GenerateOptions::new(60_000)).unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .with_step_dt(0.05)
        .build_ui_state(
            |ui, app: &mut TimelineApp| app.ui(ui),
            TimelineApp::new(dataset),
        );
    // Not with the first frame: the user may zoom at once.
    harness.step();
    assert!(!harness.state().probe().search_text_started());
    let at = harness.state().probe().timeline_rect().center();
    harness.hover_at(at);
    // Zooming in and out, a wheel step a frame, for a second.
    for step in 0..20 {
        let lines = if step % 2 == 0 { 1.0 } else { -1.0 };
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, lines),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.step();
        assert!(
            !harness.state().probe().search_text_started(),
            "not while zooming (step {step})"
        );
    }
    // A pause: not before it is a gesture's pause (egui's smoothed scroll
    // goes on a few frames after the wheel stops), and soon after.
    let pause_steps = (GESTURE_PAUSE / 0.05).floor() as usize;
    for step in 0..pause_steps {
        harness.step();
        assert!(
            !harness.state().probe().search_text_started(),
            "not within the pause (step {step})"
        );
    }
    for _ in 0..pause_steps {
        harness.step();
    }
    assert!(harness.state().probe().search_text_started());
}

#[test]
fn double_clicking_an_event_zooms_to_it() {
    let mut harness = harness();
    let center = event_center(harness.state(), "munich-issg");
    harness.hover_at(center);
    for _ in 0..2 {
        harness.drag_at(center);
        harness.drop_at(center);
        harness.hover_at(center);
    }
    harness.run();
    let app = harness.state();
    assert_eq!(
        app.probe().selected_event().map(|e| e.id.as_str()),
        Some("munich-issg")
    );
    assert!(
        app.probe().view().span() < 10.0,
        "zoomed to the two-day meeting: {:?}",
        app.probe().view().span()
    );
}

#[test]
fn view_changes_are_clamped_to_the_limits() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    for _ in 0..30 {
        wheel(&mut harness, spot, 10.0, Modifiers::NONE);
    }
    // The built-in dataset has times of day (the truces' midnights): no
    // closer than ten minutes.
    let span = harness.state().probe().view().span();
    assert!(
        span >= 10.0 / 1440.0 - 1e-9,
        "no closer than ten minutes: {span}"
    );
    for _ in 0..30 {
        wheel(&mut harness, spot, -10.0, Modifiers::NONE);
    }
    let app = harness.state();
    assert_eq!(app.probe().view(), app.probe().limits().fit_all());
}

#[test]
fn aggregates_and_items_account_for_every_visible_event() {
    let harness = harness();
    let app = harness.state();
    // Nothing silently dropped: each drawn item or badge corresponds to a
    // real event, and hit testing finds the drawn items.
    for item in &app.probe().scene().items {
        let Pos2 { x, y } = item.rect.center();
        assert!(matches!(
            app.probe().scene().hit(x, y, 0.0),
            Some(Hit::Event(_))
        ));
    }
}

#[test]
fn saved_state_round_trips_and_corrupt_state_is_ignored() {
    let dataset = load_builtin().unwrap().dataset;
    let mut app = TimelineApp::new(dataset.clone());
    let mut storage = common::MemoryStorage::default();
    let mut settings = app.probe().settings();
    settings.theme = ThemeChoice::Light;
    if let Some(saved) = &mut settings.last_view {
        saved.view = Some(TimeView::new(16_800.0, 16_900.0));
    }
    eframe::set_value(&mut storage, "conflict-timeline", &settings);
    app.restore(&storage);
    assert_eq!(app.probe().view(), TimeView::new(16_800.0, 16_900.0));
    assert_eq!(app.probe().theme(), ThemeChoice::Light);

    use eframe::Storage as _;
    let mut garbage = common::MemoryStorage::default();
    garbage.set_string("conflict-timeline", "(((not ron".to_owned());
    let mut fresh = TimelineApp::new(dataset);
    let before = fresh.probe().view();
    fresh.restore(&garbage);
    assert_eq!(fresh.probe().view(), before);
}

#[test]
fn shift_dragging_a_span_zooms_into_it() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    let transform = harness.state().probe().timeline_transform();
    let (x0, x1) = (spot.x - 150.0, spot.x + 50.0);
    let expected = TimeView::new(transform.time_from_x(x0), transform.time_from_x(x1));
    common::shift_drag(&mut harness, spot.y, x0, x1);
    let view = harness.state().probe().view();
    assert!(
        (view.start - expected.start).abs() < 0.02 * expected.span(),
        "{view:?} vs {expected:?}"
    );
    assert!(
        (view.end - expected.end).abs() < 0.02 * expected.span(),
        "{view:?} vs {expected:?}"
    );
}

#[test]
fn clicking_a_lane_header_collapses_it() {
    let mut harness = harness();
    let band = harness.state().probe().scene().lanes[0];
    let header = Pos2::new(
        harness.state().probe().timeline_rect().left() + 60.0,
        0.5 * (band.top + band.rows_top),
    );
    click_at(&mut harness, header);
    assert!(harness.state().probe().collapsed_lanes()[0]);
    assert!(
        harness
            .state()
            .probe()
            .scene()
            .items
            .iter()
            .all(|item| item.lane != 0),
        "a collapsed lane draws no items"
    );
    click_at(&mut harness, header);
    assert!(!harness.state().probe().collapsed_lanes()[0]);
}

#[test]
fn clicking_an_aggregate_zooms_into_it() {
    let (mut harness, badge) = common::dense_at_home();
    let center = badge.rect.center();
    let span_before = harness.state().probe().view().span();
    click_at(&mut harness, center);
    let view = harness.state().probe().view();
    assert!(
        view.span() < 0.5 * span_before,
        "zoomed in: {} → {}",
        span_before,
        view.span()
    );
    assert!(view.contains(0.5 * (badge.time_start + badge.time_end)));
}

/// A right click: the secondary button pressed and released in place.
fn right_click_at(harness: &mut Harness<'_, TimelineApp>, pos: Pos2) {
    harness.hover_at(pos);
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
}

/// One lane of `count` ranges, years long, that all run across mid-2020:
/// more than the lane's rows hold at any zoom.
fn overlapping_ranges(count: usize) -> conflict_timeline::Dataset {
    use conflict_timeline::model::{Event, Lane};
    let events = (0..count)
        .map(|i| Event {
            id: format!("range-{i}").into(),
            title: format!("Range {i} of the long war").into(),
            start: Date::parse(&format!("20{:02}-{:02}", 5 + i % 15, 1 + i % 12)).unwrap(),
            end: Some(Date::parse("2030").unwrap()),
            ongoing: false,
            lane: "war".into(),
            summary: None,
            sources: Box::default(),
            tags: Box::default(),
            importance: 1 + (i % 5) as u8,
            approximate: false,
        })
        .collect();
    conflict_timeline::Dataset {
        title: "Overlapping ranges".into(),
        lanes: vec![Lane {
            id: "war".into(),
            name: "War".into(),
            color: None,
        }],
        events,
        ..Default::default()
    }
}

#[test]
fn a_badge_zooming_cannot_open_lists_its_events_and_picking_one_selects_it() {
    let mut harness = common::harness_showing(overlapping_ranges(300), 1400.0, 860.0);
    // As close as the view goes: a day.
    let day = Date::parse("2020-06-15").unwrap().start_instant();
    harness
        .state_mut()
        .push(conflict_timeline::ui::Command::SetView(TimeView::new(
            day,
            day + 0.01,
        )));
    harness.run();
    let app = harness.state();
    let view = app.probe().view();
    assert!((view.span() - app.probe().limits().min_span).abs() < 1e-6);
    let scene = app.probe().scene().clone();
    let badge = *scene
        .aggregates
        .first()
        .expect("the ranges without a row are counted");
    assert!(badge.count > 250, "{badge:?}");
    harness.hover_at(badge.rect.center());
    // Tooltips wait for the pointer to rest.
    for _ in 0..20 {
        harness.step();
    }
    let tooltip = format!("{} more events here — click to list them", badge.count);
    harness.get_by_label(&tooltip);

    click_at(&mut harness, badge.rect.center());
    let app = harness.state();
    assert_eq!(app.probe().view(), view, "the click does not zoom");
    let listed = app
        .probe()
        .badge_list()
        .expect("the click opens the list")
        .to_vec();
    // Exactly the ranges without a row: with those drawn, every one once.
    assert_eq!(listed.len(), badge.count);
    let drawn: Vec<EventIndex> = scene.items.iter().map(|item| item.event).collect();
    assert!(listed.iter().all(|event| !drawn.contains(event)));
    assert_eq!(listed.len() + drawn.len(), 300);
    let ranks: Vec<u32> = listed
        .iter()
        .map(|event| app.probe().index().date_rank[event.get()])
        .collect();
    assert!(ranks.windows(2).all(|pair| pair[0] < pair[1]), "date order");

    // The first rows show; picking one selects it and keeps the list open.
    let first = listed[0];
    let title = app.probe().dataset().events[first.get()].title.clone();
    harness.get_by_label(&title).click();
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(first));
    assert_eq!(harness.state().probe().badge_list(), Some(&listed[..]));

    // Esc closes the list, and only the list: the selection stays.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().probe().badge_list(), None);
    assert_eq!(harness.state().probe().selected(), Some(first));
}

#[test]
fn any_badge_lists_its_events_on_a_right_click_until_another_dataset_opens() {
    let (mut harness, badge) = common::dense_at_home();
    let view = harness.state().probe().view();
    harness.hover_at(badge.rect.center());
    for _ in 0..20 {
        harness.step();
    }
    harness.get_by_label_contains("click to zoom in, right-click to list them");
    right_click_at(&mut harness, badge.rect.center());
    let app = harness.state();
    assert_eq!(app.probe().view(), view, "a right click does not zoom");
    let listed = app.probe().badge_list().expect("the list is open");
    assert_eq!(listed.len(), badge.count);
    let index = app.probe().index();
    assert!(listed.iter().all(|event| {
        index.lane_of_event[event.get()] as usize == badge.lane
            && app.probe().scene().item_rect(*event).is_none()
    }));

    // Another dataset (the same one, opened afresh) closes it.
    harness
        .state_mut()
        .push(conflict_timeline::ui::Command::OpenBuiltIn);
    let started = std::time::Instant::now();
    while harness.state().probe().badge_list().is_some() {
        assert!(started.elapsed().as_secs() < 10, "the dataset opens");
        harness.step();
        harness
            .state_mut()
            .test_hooks()
            .wait_for_background(std::time::Duration::from_millis(200));
    }
}

#[test]
fn clicking_the_overview_jumps_there() {
    let mut harness = harness();
    let (rect, transform) = harness.state().probe().overview_transform();
    let target = Date::parse("2012-06-30").unwrap().start_instant();
    let x = transform.x_from_time(target);
    click_at(&mut harness, Pos2::new(x, rect.center().y));
    let view = harness.state().probe().view();
    assert!(
        (view.center() - target).abs() < 0.02 * view.span().max(30.0),
        "{view:?} centred on Geneva I"
    );
}

#[test]
fn lanes_taller_than_the_window_scroll_and_follow_the_selection() {
    let mut harness = common::app_harness(1024.0, 640.0);
    let rect = harness.state().probe().timeline_rect();
    assert!(
        harness.state().probe().scene().bottom > rect.bottom(),
        "at 1024×640 the lanes overflow"
    );
    // Walking to the last event (a humanitarian one, in the bottom lane)
    // scrolls it into view.
    let last = EventIndex::from_u32(*harness.state().probe().index().by_date.last().unwrap());
    harness
        .state_mut()
        .push(conflict_timeline::ui::Command::SelectAndCenter(last));
    harness.run();
    let app = harness.state();
    let item = app
        .probe()
        .scene()
        .item_rect(app.probe().selected().unwrap())
        .expect("the selection is drawn");
    assert!(
        item.bottom() <= rect.bottom() && item.top() >= rect.top(),
        "{item:?} inside {rect:?}"
    );
    // Alt+wheel scrolls the lanes without zooming.
    let span = app.probe().view().span();
    let spot = Pos2::new(rect.center().x, rect.center().y);
    wheel(&mut harness, spot, 5.0, Modifiers::ALT);
    assert_eq!(
        harness.state().probe().view().span(),
        span,
        "Alt+wheel does not zoom"
    );
}

#[test]
fn overlapping_eras_collapse_into_a_badge_that_lists_them_and_zooms_in() {
    use conflict_timeline::testing::{
        LISTED_TITLES, MAX_ERA_ROWS, TimeTransform, TimelineGeometry,
    };

    // Two thousand eras over 2012–2015, all overlapping one another.
    let mut dataset = load_builtin().unwrap().dataset;
    let start = Date::parse("2012-01-01").unwrap();
    let end = Date::parse("2015-12-31").unwrap();
    dataset
        .eras
        .extend((0..2000).map(|i| conflict_timeline::model::Era {
            id: format!("era-{i}"),
            title: format!("Overlapping era {i}"),
            start,
            end: Some(end),
            ongoing: false,
            approximate: false,
            color: None,
        }));
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    harness.key_press(egui::Key::Home);
    harness.run();
    let (badge, rows) = {
        let app = harness.state();
        let rect = app.probe().timeline_rect();
        let geometry = TimelineGeometry::new(app.probe().dataset(), app.probe().index(), rect);
        let transform = TimeTransform::new(app.probe().view(), rect.left(), rect.width());
        let scene = geometry.era_scene(app.probe().index(), &transform);
        (
            *scene
                .badges
                .first()
                .expect("the eras without a row have a badge"),
            geometry.era_rows,
        )
    };
    assert_eq!(
        rows,
        MAX_ERA_ROWS + 1,
        "three rows of titles and the badges"
    );
    // Every era without a row is counted (the civil war and the truces keep
    // rows; the others run across the whole view, so the first badge
    // counts them all).
    let collapsed = harness.state().probe().index().eras.collapsed.len();
    assert!(collapsed >= 2000 - MAX_ERA_ROWS);
    assert_eq!(badge.count, collapsed);
    let center = badge.rect.center();
    // Hovering lists a few of their titles and how many more there are.
    harness.hover_at(center);
    // Tooltips wait for the pointer to rest.
    for _ in 0..20 {
        harness.step();
    }
    harness.get_by_label(&format!("{collapsed} eras"));
    harness.get_by_label_contains(&format!("… and {} more", collapsed - LISTED_TITLES));
    // Clicking zooms in.
    let span_before = harness.state().probe().view().span();
    click_at(&mut harness, center);
    assert!(harness.state().probe().view().span() < 0.5 * span_before);
}

#[test]
fn commands_naming_an_event_the_dataset_lacks_are_dropped() {
    // Queued for a dataset with more events than the one now open (a
    // dataset swapped in meanwhile): nothing happens, nothing panics.
    let mut harness = harness();
    let known = event_index(harness.state(), "coh-takes-effect");
    harness
        .state_mut()
        .push(conflict_timeline::ui::Command::Select(Some(known)));
    harness.run();
    let view = harness.state().probe().view();
    let beyond = EventIndex::from_u32(harness.state().probe().dataset().events.len() as u32);
    for command in [
        conflict_timeline::ui::Command::Select(Some(beyond)),
        conflict_timeline::ui::Command::SelectAndCenter(beyond),
        conflict_timeline::ui::Command::ZoomToEvent(EventIndex::from_u32(u32::MAX)),
    ] {
        harness.state_mut().push(command);
        harness.run();
        assert_eq!(harness.state().probe().selected(), Some(known));
        assert_eq!(harness.state().probe().view(), view);
    }
}

/// Where the era strip draws this era's title bar at the current view.
fn era_title_point(app: &TimelineApp, era: usize) -> Pos2 {
    use conflict_timeline::testing::{EraHit, EraSegmentKind, TimeTransform, TimelineGeometry};
    let probe = app.probe();
    let rect = probe.timeline_rect();
    let geometry = TimelineGeometry::new(probe.dataset(), probe.index(), rect);
    let transform = TimeTransform::new(probe.view(), rect.left(), rect.width());
    let scene = geometry.era_scene(probe.index(), &transform);
    let segment = scene
        .segments
        .iter()
        .find(|s| s.kind == EraSegmentKind::Single(era as u32))
        .expect("the era has a title bar in view");
    let x =
        transform.x_from_time(0.5 * (segment.time_start + segment.time_end.min(probe.view().end)));
    let y = (geometry.eras_top as i32..geometry.lanes_top as i32)
        .map(|y| y as f32 + 0.5)
        .find(|&y| {
            matches!(scene.hit(&transform, x, y),
                Some(EraHit::Segment(s)) if s.kind == EraSegmentKind::Single(era as u32))
        })
        .expect("the title bar is hit");
    Pos2::new(x, y)
}

#[test]
fn clicking_an_era_selects_it_and_details_show_it() {
    let mut harness = harness();
    let era = harness
        .state()
        .probe()
        .dataset()
        .eras
        .iter()
        .position(|e| e.id == "coh-2016")
        .expect("the 2016 cessation of hostilities is an era");
    let event = event_index(harness.state(), "coh-takes-effect");
    harness
        .state_mut()
        .push(conflict_timeline::ui::Command::Select(Some(event)));
    harness.run();
    let point = era_title_point(harness.state(), era);
    click_at(&mut harness, point);
    let probe = harness.state().probe();
    assert_eq!(probe.selected_era(), Some(era));
    assert_eq!(
        probe.selected(),
        None,
        "an era and an event are not both selected"
    );
    // Details shows its title, its dates and what it covers.
    harness.get_by_label("Cessation of hostilities (eroded from April 2016)");
    common::assert_text_shown(&harness, "27 February 2016, 00:00 (UTC+2)");
    common::assert_text_shown(&harness, "start in this period");
    // Selecting an event, or Escape, leaves the era.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(harness.state().probe().selected_era(), None);
}

#[test]
fn a_narrow_eras_title_runs_on_beside_its_bar() {
    // At Home the September 2016 truce is a sliver a few points wide; its
    // title is painted in full over the free row beside it.
    let harness = harness();
    let title = "September 2016 truce";
    let painted = harness
        .output()
        .shapes
        .iter()
        .any(|clipped| match &clipped.shape {
            // Whole: not elided, and not clipped to the sliver of its bar.
            egui::Shape::Text(text) => {
                text.galley.text() == title
                    && !text.galley.elided
                    && clipped.clip_rect.contains_rect(text.visual_bounding_rect())
            }
            _ => false,
        });
    assert!(painted, "{title:?} is painted whole");
}

/// The x of every vertical line drawn over the timeline's lanes in the last
/// frame, reaching its bottom edge.
fn vertical_lines(harness: &Harness<'_, TimelineApp>) -> Vec<f32> {
    fn collect(shape: &egui::Shape, bottom: f32, out: &mut Vec<f32>) {
        match shape {
            egui::Shape::LineSegment { points: [a, b], .. }
                if a.x == b.x && (a.y.max(b.y) - bottom).abs() < 0.5 =>
            {
                out.push(a.x);
            }
            egui::Shape::Vec(shapes) => {
                for shape in shapes {
                    collect(shape, bottom, out);
                }
            }
            _ => {}
        }
    }
    let bottom = harness.state().probe().timeline_rect().bottom();
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        collect(&clipped.shape, bottom, &mut out);
    }
    out
}

#[test]
fn a_selected_range_is_marked_at_its_start_and_end_and_a_point_once() {
    use conflict_timeline::ui::Command;
    let mut harness = harness();
    let talks = event_index(harness.state(), "geneva-iii");
    let span = harness.state().probe().index().span(talks).unwrap();
    let pad = 2.0 * (span.end - span.start);
    harness.state_mut().push(Command::SetView(TimeView::new(
        span.start - pad,
        span.end + pad,
    )));
    harness.run();
    let lines_at = |harness: &Harness<'_, TimelineApp>, time: f64| {
        let x = harness
            .state()
            .probe()
            .timeline_transform()
            .x_from_time(time);
        vertical_lines(harness)
            .iter()
            .filter(|line| (**line - x).abs() < 0.5)
            .count()
    };
    let middle = 0.5 * (span.start + span.end);
    let before: Vec<usize> = [span.start, middle, span.end]
        .iter()
        .map(|&t| lines_at(&harness, t))
        .collect();

    harness.state_mut().push(Command::Select(Some(talks)));
    harness.run();
    let after: Vec<usize> = [span.start, middle, span.end]
        .iter()
        .map(|&t| lines_at(&harness, t))
        .collect();
    assert_eq!(
        after,
        vec![before[0] + 1, before[1], before[2] + 1],
        "one line at the start and one at the end, none at the middle"
    );

    // A point keeps one line, at its date.
    let truce = event_index(harness.state(), "coh-takes-effect");
    let day = harness.state().probe().index().middle(truce).unwrap();
    harness
        .state_mut()
        .push(Command::SetView(TimeView::new(day - 10.0, day + 10.0)));
    harness.state_mut().push(Command::Select(None));
    harness.run();
    let before = lines_at(&harness, day);
    harness.state_mut().push(Command::Select(Some(truce)));
    harness.run();
    assert_eq!(lines_at(&harness, day), before + 1);
}

/// Every event of the built-in dataset drawn with its label in full at
/// Home, none in a badge; with `fits`, all inside the timeline without
/// scrolling the lanes, else within the lanes a scroll reaches.
fn assert_home_shows_every_event(width: f32, height: f32, fits: bool) {
    let mut harness = common::app_harness(width, height);
    harness.key_press(egui::Key::Home);
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    let app = harness.state();
    let probe = app.probe();
    let scene = probe.scene();
    let rect = probe.timeline_rect();
    assert!(
        scene.aggregates.is_empty(),
        "{width}×{height}: badges at Home: {:?}",
        scene
            .aggregates
            .iter()
            .map(|badge| (badge.lane, badge.count))
            .collect::<Vec<_>>()
    );
    let events = probe.dataset().events.len();
    let mut drawn: Vec<EventIndex> = scene.items.iter().map(|item| item.event).collect();
    drawn.sort_unstable();
    drawn.dedup();
    assert_eq!(
        drawn.len(),
        events,
        "{width}×{height}: every event is drawn"
    );
    let bottom = if fits { rect.bottom() } else { scene.bottom };
    for item in &scene.items {
        let title = &probe.dataset().events[item.event.get()].title;
        let label = item
            .label
            .unwrap_or_else(|| panic!("{width}×{height}: {title} has no label"));
        assert!(
            item.rect.left() >= rect.left()
                && item.rect.right() <= rect.right()
                && item.rect.bottom() <= bottom,
            "{width}×{height}: {title} at {:?} is outside {rect:?}",
            item.rect
        );
        assert!(
            label.x >= rect.left() - 0.5 && label.x + label.max_width <= rect.right() + 0.5,
            "{width}×{height}: {title}'s label is cut: {label:?} in {rect:?}"
        );
    }
}

#[test]
fn home_shows_every_builtin_event_with_its_label_at_1600_by_1000() {
    assert_home_shows_every_event(1600.0, 1000.0, true);
}

#[test]
fn home_shows_every_builtin_event_with_its_label_at_1280_by_800() {
    assert_home_shows_every_event(1280.0, 800.0, false);
}

#[test]
fn home_leaves_no_builtin_event_in_a_badge_at_900_by_600() {
    // A timeline under 500 points wide beside the side panel: some labels
    // are longer than the room on either side of their item, but every
    // event has a row.
    let mut harness = common::app_harness(900.0, 600.0);
    harness.key_press(egui::Key::Home);
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    let probe = harness.state().probe();
    let scene = probe.scene();
    assert!(scene.aggregates.is_empty(), "{:?}", scene.aggregates);
    let mut drawn: Vec<EventIndex> = scene.items.iter().map(|item| item.event).collect();
    drawn.sort_unstable();
    drawn.dedup();
    assert_eq!(drawn.len(), probe.dataset().events.len());
}

/// Events from the big bang to a second, with offsets: every date form.
const AGES: &str = r#"Dataset(
    format: 1,
    title: "Ages",
    lanes: [(id: "l", name: "L"), (id: "m", name: "M")],
    eras: [(id: "permian", title: "Permian", start: "-298900000", end: "-251902000")],
    sources: [(id: "s", title: "S")],
    events: [
        (id: "bang", title: "Big bang", start: "-13800000000", lane: "l", sources: ["s"]),
        (id: "permian-end", title: "End-Permian extinction", start: "-251902000", lane: "l", sources: ["s"]),
        (id: "caesar", title: "Ides", start: "-0043-03-15", lane: "m", sources: ["s"]),
        (id: "bce", title: "From 500 BCE", start: "500 BC", end: "AD 30", lane: "m", sources: ["s"]),
        (id: "truce", title: "Truce", start: "2016-02-27T00:00+02:00", end: "2016-02-27T00:00:30+02:00", lane: "m", sources: ["s"]),
        (id: "talks", title: "Talks", start: "2016-03-14T10:00", lane: "m", sources: ["s"]),
        (id: "sun", title: "Sun", start: "+5000000000", lane: "l", sources: ["s"]),
    ],
    quotes: [(id: "q", speaker: "K", date: "2016-02-27T00:00Z", text: "x", events: ["truce"], source: "s")],
    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "-0043", value: 1, source: "s"), (date: "2016-02-27T00:00", value: 3, source: "s")])],
)
"#;

#[test]
fn a_dataset_from_the_big_bang_to_a_second_opens_and_every_event_can_be_shown() {
    let dataset = conflict_timeline::load::load_ron_str("ages.ron", AGES)
        .unwrap()
        .dataset;
    let mut harness = common::harness_showing(dataset, 1280.0, 800.0);
    let rect = harness.state().probe().timeline_rect();
    for id in [
        "bang",
        "permian-end",
        "caesar",
        "bce",
        "truce",
        "talks",
        "sun",
    ] {
        let event = common::event_index(harness.state(), id);
        harness.state_mut().push(Command::ZoomToEvent(event));
        harness.run();
        harness.state_mut().push(Command::Select(Some(event)));
        harness.run();
        assert_eq!(harness.state().probe().selected(), Some(event), "{id}");
        harness.hover_at(rect.center());
        harness.run();
    }
    // Details show the dates as people say them.
    common::assert_text_shown(&harness, "5 billion years from now");
    harness.state_mut().push(Command::FitAll);
    harness.run();
    harness.hover_at(rect.center());
    harness.run();
}
