//! Back and Forward driven headlessly: the moves a person would name enter
//! the history one by one, a gesture enters it once until it pauses, and
//! Alt+Left / Alt+Right, the mouse's back and forward buttons, the
//! toolbar's arrows and the View menu go back and forward with the
//! selection travelling with the view.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::TimeView;
use conflict_timeline::model::Date;
use conflict_timeline::testing::GESTURE_PAUSE;
use conflict_timeline::ui::{Command, SideTab, TimelineApp};
use eframe::egui::{self, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;

use common::{empty_spot, event_index, wheel};

fn harness() -> Harness<'static, TimelineApp> {
    common::app_harness(1400.0, 860.0)
}

fn run_command(harness: &mut Harness<'static, TimelineApp>, command: Command) {
    harness.state_mut().push(command);
    harness.run();
}

/// Lets more than a gesture's pause go by.
fn pause(harness: &mut Harness<'static, TimelineApp>) {
    let steps = (GESTURE_PAUSE / 0.05).ceil() as usize + 2;
    harness.run_steps(steps);
}

fn back(harness: &mut Harness<'static, TimelineApp>) {
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    harness.run();
}

fn forward(harness: &mut Harness<'static, TimelineApp>) {
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    harness.run();
}

fn selected_id(harness: &Harness<'static, TimelineApp>) -> Option<String> {
    let probe = harness.state().probe();
    probe.selected_event().map(|e| e.id.to_string())
}

/// Whether the button named `name` is off.
fn disabled(harness: &Harness<'static, TimelineApp>, name: &str) -> bool {
    harness.get_by_label(name).accesskit_node().is_disabled()
}

fn year(text: &str) -> TimeView {
    let year = Date::parse(text).unwrap();
    TimeView::new(year.start_instant(), year.end_instant())
}

#[test]
fn alt_left_and_alt_right_go_back_and_forward_with_the_selection() {
    let mut harness = harness();
    assert_eq!(harness.state().probe().history_depth(), (0, 0));
    let first = harness.state().probe().view();
    // Somewhere with an event selected, then two named moves.
    let geneva = event_index(harness.state(), "geneva-ii");
    run_command(&mut harness, Command::SelectAndCenter(geneva));
    let at_geneva = harness.state().probe().view();
    let munich = event_index(harness.state(), "munich-issg");
    run_command(&mut harness, Command::ZoomToEvent(munich));
    let at_munich = harness.state().probe().view();
    run_command(&mut harness, Command::FitAll);
    let home = harness.state().probe().view();
    assert_eq!(harness.state().probe().history_depth(), (3, 0));

    back(&mut harness);
    assert_eq!(harness.state().probe().view(), at_munich);
    assert_eq!(selected_id(&harness).as_deref(), Some("munich-issg"));
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), at_geneva);
    assert_eq!(selected_id(&harness).as_deref(), Some("geneva-ii"));
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), first);
    assert_eq!(selected_id(&harness), None, "nothing was selected at first");
    // At the oldest place, Back does nothing.
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), first);
    assert_eq!(harness.state().probe().history_depth(), (0, 3));

    forward(&mut harness);
    assert_eq!(harness.state().probe().view(), at_geneva);
    assert_eq!(selected_id(&harness).as_deref(), Some("geneva-ii"));
    forward(&mut harness);
    forward(&mut harness);
    assert_eq!(harness.state().probe().view(), home);
    assert_eq!(selected_id(&harness).as_deref(), Some("munich-issg"));
    forward(&mut harness);
    assert_eq!(harness.state().probe().history_depth(), (3, 0));
}

#[test]
fn a_wheel_gesture_is_one_entry_until_it_pauses() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    let first = harness.state().probe().view();
    for _ in 0..4 {
        wheel(&mut harness, spot, 1.0, Modifiers::NONE);
    }
    let after_first_gesture = harness.state().probe().view();
    assert!(after_first_gesture.span() < 0.8 * first.span());
    assert_eq!(harness.state().probe().history_depth(), (1, 0));
    pause(&mut harness);
    for _ in 0..3 {
        wheel(&mut harness, spot, 1.0, Modifiers::NONE);
    }
    assert_eq!(harness.state().probe().history_depth(), (2, 0));

    back(&mut harness);
    assert_eq!(harness.state().probe().view(), after_first_gesture);
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), first);
}

#[test]
fn a_drag_is_one_entry() {
    let mut harness = harness();
    let spot = empty_spot(harness.state());
    let first = harness.state().probe().view();
    harness.hover_at(spot);
    harness.drag_at(spot);
    for step in 1..=10 {
        harness.hover_at(Pos2::new(spot.x + 20.0 * step as f32, spot.y));
        harness.step();
    }
    harness.drop_at(Pos2::new(spot.x + 200.0, spot.y));
    harness.run();
    assert_ne!(harness.state().probe().view(), first);
    assert_eq!(harness.state().probe().history_depth(), (1, 0));
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), first);
}

#[test]
fn the_mouse_s_back_and_forward_buttons_go_back_and_forward() {
    let mut harness = harness();
    let first = harness.state().probe().view();
    run_command(&mut harness, Command::FitAll);
    let home = harness.state().probe().view();
    assert_ne!(first, home);
    let spot = empty_spot(harness.state());
    for (button, expected) in [
        (egui::PointerButton::Extra1, first),
        (egui::PointerButton::Extra2, home),
    ] {
        harness.hover_at(spot);
        for pressed in [true, false] {
            harness.event(egui::Event::PointerButton {
                pos: spot,
                button,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        harness.run();
        assert_eq!(harness.state().probe().view(), expected, "{button:?}");
    }
}

#[test]
fn the_toolbar_s_arrows_go_back_and_forward_and_are_off_where_there_is_nowhere_to_go() {
    let mut harness = harness();
    assert!(disabled(&harness, "Back"), "nothing to go back to");
    assert!(disabled(&harness, "Forward"));
    let first = harness.state().probe().view();
    run_command(&mut harness, Command::FitAll);
    let home = harness.state().probe().view();
    harness.get_by_label("Back").click();
    harness.run();
    assert_eq!(harness.state().probe().view(), first);
    assert!(disabled(&harness, "Back"));
    harness.get_by_label("Forward").click();
    harness.run();
    assert_eq!(harness.state().probe().view(), home);
    assert!(disabled(&harness, "Forward"));
}

#[test]
fn the_view_menu_goes_back() {
    let mut harness = harness();
    let first = harness.state().probe().view();
    run_command(&mut harness, Command::FitAll);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Back").click();
    harness.run();
    assert_eq!(harness.state().probe().view(), first);
}

#[test]
fn each_move_a_person_would_name_is_one_entry() {
    let mut harness = harness();
    let app = harness.state();
    let geneva = event_index(app, "geneva-ii");
    let munich = event_index(app, "munich-issg");
    let far = year("2012");
    let moves = [
        Command::GoTo(year("2013")),
        Command::FitAll,
        Command::ResetView,
        Command::SetView(far),
        Command::SelectAndCenter(munich),
        Command::SetView(far),
        Command::ZoomToEvent(geneva),
        Command::SetView(far),
        Command::FocusQuote(0),
        Command::SetView(far),
        Command::Select(Some(munich)),
        Command::SetView(far),
        Command::NextMatch { forward: true },
    ];
    let mut expected = 0;
    for command in moves {
        let gesture = matches!(command, Command::SetView(_));
        if gesture {
            pause(&mut harness);
        }
        run_command(&mut harness, command.clone());
        expected += 1;
        assert_eq!(
            harness.state().probe().history_depth(),
            (expected, 0),
            "after {command:?}"
        );
    }
    // Selecting an event already in view moves nothing: no entry.
    let shown = harness.state().probe().selected().unwrap();
    run_command(&mut harness, Command::Select(None));
    run_command(&mut harness, Command::Select(Some(shown)));
    assert_eq!(harness.state().probe().history_depth(), (expected, 0));
}

#[test]
fn tab_walks_are_one_entry_and_a_search_jump_is_its_own() {
    let mut harness = harness();
    run_command(&mut harness, Command::SetView(year("2011")));
    pause(&mut harness);
    let depth = harness.state().probe().history_depth().0;
    for _ in 0..5 {
        harness.key_press(Key::Tab);
        harness.step();
    }
    harness.run();
    assert!(selected_id(&harness).is_some(), "Tab walked the events");
    assert!(
        harness.state().probe().history_depth().0 <= depth + 1,
        "quick Tabs are one entry: {:?}",
        harness.state().probe().history_depth()
    );
    let before_search = harness.state().probe().history_depth().0;
    run_command(&mut harness, Command::SetSearch("geneva".to_owned()));
    run_command(&mut harness, Command::SetView(year("2014")));
    pause(&mut harness);
    run_command(&mut harness, Command::NextMatch { forward: true });
    assert_eq!(
        harness.state().probe().history_depth().0,
        before_search + 2,
        "the view set, then the jump"
    );
    let jumped_to = selected_id(&harness);
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), year("2014"));
    forward(&mut harness);
    assert_eq!(selected_id(&harness), jumped_to);
}

#[test]
fn a_quote_click_and_a_table_date_click_enter_the_history() {
    let mut harness = harness();
    run_command(&mut harness, Command::SetSideTab(SideTab::Quotes));
    run_command(&mut harness, Command::SetView(year("2012")));
    pause(&mut harness);
    let depth = harness.state().probe().history_depth().0;
    harness.get_by_label("“That is ambitious.”").click();
    harness.run();
    assert_eq!(harness.state().probe().history_depth().0, depth + 1);
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), year("2012"));

    // A date in the figures table.
    run_command(&mut harness, Command::SetSideTab(SideTab::Figures));
    let app = harness.state();
    let point = &app.probe().dataset().displacement[0].points[0];
    let label = conflict_timeline::testing::short_date(point.date);
    let middle = 0.5 * (point.date.start_instant() + point.date.end_instant());
    harness.get_all_by_label(&label).next().unwrap().click();
    harness.run();
    let view = harness.state().probe().view();
    assert!((view.center() - middle).abs() < 1.0, "{view:?}");
    assert_eq!(harness.state().probe().history_depth().0, depth + 1);
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), year("2012"));
}

#[test]
fn an_overview_click_enters_the_history() {
    let mut harness = harness();
    let first = harness.state().probe().view();
    let (rect, transform) = harness.state().probe().overview_transform();
    let target = Date::parse("2012-06-30").unwrap().start_instant();
    let at = Pos2::new(transform.x_from_time(target), rect.center().y);
    harness.hover_at(at);
    harness.drag_at(at);
    harness.drop_at(at);
    harness.run();
    assert_eq!(harness.state().probe().history_depth(), (1, 0));
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), first);
}

#[test]
fn a_span_zoom_enters_the_history() {
    let mut harness = harness();
    let first = harness.state().probe().view();
    let spot = empty_spot(harness.state());
    let (x0, x1) = (spot.x - 150.0, spot.x + 50.0);
    common::shift_drag(&mut harness, spot.y, x0, x1);
    assert!(harness.state().probe().view().span() < 0.5 * first.span());
    assert_eq!(harness.state().probe().history_depth(), (1, 0));
    back(&mut harness);
    assert_eq!(harness.state().probe().view(), first);
}

#[test]
fn a_new_move_after_going_back_drops_the_way_forward() {
    let mut harness = harness();
    run_command(&mut harness, Command::FitAll);
    back(&mut harness);
    assert_eq!(harness.state().probe().history_depth(), (0, 1));
    run_command(&mut harness, Command::GoTo(year("2015")));
    assert_eq!(harness.state().probe().history_depth(), (1, 0));
    assert!(disabled(&harness, "Forward"));
}

#[test]
fn alt_left_in_the_search_field_does_not_go_back() {
    let mut harness = harness();
    run_command(&mut harness, Command::FitAll);
    run_command(&mut harness, Command::FocusSearch);
    harness.run();
    let home = harness.state().probe().view();
    back(&mut harness);
    assert_eq!(
        harness.state().probe().view(),
        home,
        "the field has the keys"
    );
}
