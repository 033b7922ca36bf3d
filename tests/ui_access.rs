//! The timeline as a screen reader and the keyboard reach it: every drawn
//! event, badge, era, lane header and the overview's window is a node of
//! the accessibility tree with a label a person would read; the tests find
//! and activate them through that tree, never by coordinates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use conflict_timeline::model::EventIndex;
use conflict_timeline::ui::{Command, TimelineApp};
use eframe::egui::{self, Modifiers, Shape};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// The built-in dataset at Home in a window that draws every event.
fn harness_at_home() -> Harness<'static, TimelineApp> {
    let mut harness = common::app_harness(1600.0, 1000.0);
    harness.key_press(egui::Key::Home);
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    harness
}

/// The labels of the timeline's event nodes, in the tree's order.
fn event_node_labels(harness: &Harness<'_, TimelineApp>) -> Vec<String> {
    harness
        .query_all_by_role(Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| label.contains(" event: "))
        .collect()
}

/// The event an event node's label names, by its title.
fn event_of_label(harness: &Harness<'_, TimelineApp>, label: &str) -> EventIndex {
    let dataset = harness.state().probe().dataset();
    let position = dataset
        .events
        .iter()
        .position(|event| label.contains(&format!(" event: {}, ", event.title)))
        .unwrap_or_else(|| panic!("no event is named in {label:?}"));
    EventIndex::from_u32(position as u32)
}

/// The label of the node that has keyboard focus, if any.
fn focused_label(harness: &Harness<'_, TimelineApp>) -> Option<String> {
    harness
        .query_all_by(|node| node.is_focused())
        .next()
        .and_then(|node| node.accesskit_node().label())
}

#[test]
fn an_event_node_reads_as_a_person_would_say_it() {
    let mut harness = harness_at_home();
    let dataset = harness.state().probe().dataset().clone();
    let munich = common::event_index(harness.state(), "munich-issg");
    let quotes = dataset
        .quotes
        .iter()
        .filter(|quote| quote.events.iter().any(|id| id == "munich-issg"))
        .count();
    assert!(quotes > 1, "the Munich meeting has quotes");
    let label = format!(
        "Diplomacy and the Geneva talks, range event: ISSG Munich meeting agrees to seek a \
         cessation of hostilities, 11–12 February 2016, {quotes} quotes"
    );
    let node = harness.get_by_role_and_label(Role::Button, &label);
    assert_eq!(node.accesskit_node().is_selected(), Some(false));
    node.click_accesskit();
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(munich));
    let node = harness.get_by_role_and_label(Role::Button, &label);
    assert_eq!(node.accesskit_node().is_selected(), Some(true));
}

#[test]
fn every_event_at_home_is_a_node_and_a_click_on_it_selects_it() {
    let mut harness = harness_at_home();
    let labels = event_node_labels(&harness);
    let count = harness.state().probe().dataset().events.len();
    assert_eq!(labels.len(), count, "one node per event: {labels:#?}");
    for (turn, label) in labels.iter().enumerate() {
        let event = event_of_label(&harness, label);
        // Half by a pointer click at the node, half by the screen
        // reader's "click".
        let node = harness.get_by_role_and_label(Role::Button, label);
        if turn % 2 == 0 {
            node.click();
        } else {
            node.click_accesskit();
        }
        harness.run();
        assert_eq!(harness.state().probe().selected(), Some(event), "{label}");
        let selected = harness.query_all_by_role(Role::Button).find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|l| l.contains(" event: ") && *l == **label)
        });
        // The view may have moved to show the label whole; the node says
        // it is selected.
        if let Some(node) = selected {
            assert_eq!(node.accesskit_node().is_selected(), Some(true), "{label}");
        }
    }
}

#[test]
fn the_event_nodes_come_in_date_order() {
    let harness = harness_at_home();
    let labels = event_node_labels(&harness);
    let probe = harness.state().probe();
    let starts: Vec<f64> = labels
        .iter()
        .map(|label| {
            let event = event_of_label(&harness, label);
            probe.index().span(event).unwrap().start
        })
        .collect();
    assert!(
        starts.windows(2).all(|pair| pair[0] <= pair[1]),
        "{labels:#?}"
    );
}

#[test]
fn a_lane_header_collapses_its_lane_and_says_so() {
    let mut harness = harness_at_home();
    let lane = harness
        .state()
        .probe()
        .dataset()
        .lanes
        .iter()
        .position(|lane| lane.name == "War and the uprising")
        .unwrap();
    let count = harness.state().probe().index().lanes[lane].by_start.len();
    let label = format!("War and the uprising, lane of {count} events");
    let header = harness.get_by_role_and_label(Role::Button, &label);
    assert_eq!(header.accesskit_node().data().is_expanded(), Some(true));
    header.click_accesskit();
    harness.run();
    assert!(harness.state().probe().collapsed_lanes()[lane]);
    let header = harness.get_by_role_and_label(Role::Button, &label);
    assert_eq!(header.accesskit_node().data().is_expanded(), Some(false));
    // Enter on the focused header expands it again.
    header.focus();
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(!harness.state().probe().collapsed_lanes()[lane]);
}

#[test]
fn an_era_node_selects_its_era() {
    let mut harness = harness_at_home();
    let node = harness
        .query_all_by_role(Role::Button)
        .find(|node| {
            node.accesskit_node()
                .label()
                .is_some_and(|label| label.starts_with("Era: Cessation of hostilities"))
        })
        .expect("the truce's era is a node");
    let label = node.accesskit_node().label().unwrap();
    assert!(label.contains("27 February 2016"), "{label}");
    node.click_accesskit();
    harness.run();
    let probe = harness.state().probe();
    let era = probe.selected_era().expect("an era is selected");
    assert!(
        probe.dataset().eras[era]
            .title
            .starts_with("Cessation of hostilities")
    );
}

#[test]
fn a_badge_node_opens_its_events() {
    // A year of daily reports in one lane: far too many for its rows.
    let mut harness = common::harness_showing(common::daily_reports(365, 2015), 1000.0, 600.0);
    harness.key_press(egui::Key::Home);
    harness.run();
    let badges: Vec<String> = harness
        .query_all_by_role(Role::Button)
        .filter_map(|node| node.accesskit_node().label())
        .filter(|label| label.starts_with("War, ") && label.contains(" not drawn, "))
        .collect();
    assert!(!badges.is_empty(), "badges are nodes");
    let span_before = harness.state().probe().view().span();
    harness
        .get_by_role_and_label(Role::Button, &badges[0])
        .click_accesskit();
    harness.run();
    let probe = harness.state().probe();
    assert!(
        probe.view().span() < span_before || probe.badge_list().is_some(),
        "activating a badge zooms into it or lists its events"
    );
}

#[test]
fn tab_walks_the_events_by_focus_and_leaves_the_timeline_at_either_end() {
    let mut harness = harness_at_home();
    let order = common::events_by_date(harness.state());
    // From nothing focused, Tab enters the timeline at the first event.
    for expected in &order[..3] {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert_eq!(harness.state().probe().selected(), Some(*expected));
        let focused = focused_label(&harness).expect("an event has focus");
        assert_eq!(event_of_label(&harness, &focused), *expected);
    }
    // A ring marks the focused event.
    let ring = harness.output().shapes.iter().any(|clipped| {
        matches!(&clipped.shape, Shape::Rect(rect)
            if rect.stroke.width == 2.0 && rect.stroke.color == harness.ctx.global_style().visuals.strong_text_color())
    });
    assert!(ring, "the focused event has a ring");

    // Back to the first event, then Shift+Tab leaves for what comes before
    // the events: the lane headers.
    for _ in 0..2 {
        harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::Tab);
        harness.run();
    }
    assert_eq!(harness.state().probe().selected(), Some(order[0]));
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::Tab);
    harness.run();
    let focused = focused_label(&harness).unwrap_or_default();
    assert!(focused.contains(", lane of "), "{focused}");
    assert_eq!(harness.state().probe().selected(), Some(order[0]));
    // Tab comes back to the selected event.
    harness.key_press(egui::Key::Tab);
    harness.run();
    let focused = focused_label(&harness).unwrap_or_default();
    assert_eq!(event_of_label(&harness, &focused), order[0]);

    // From the last event, Tab goes on to the overview's window.
    let last = *order.last().unwrap();
    harness.state_mut().push(Command::SelectAndCenter(last));
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    let focused = focused_label(&harness).unwrap_or_default();
    assert_eq!(event_of_label(&harness, &focused), last, "focus follows");
    harness.key_press(egui::Key::Tab);
    harness.run();
    let overview = harness.get_by_role(Role::Slider);
    assert!(overview.is_focused(), "{:?}", focused_label(&harness));
    // Then the side panel, its tabs first.
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert_eq!(focused_label(&harness).as_deref(), Some("Details"));
}

#[test]
fn the_overview_window_reads_the_view_and_pans_by_key_and_by_action() {
    let mut harness = harness_at_home();
    let node = harness.get_by_role(Role::Slider);
    let label = node.accesskit_node().label().unwrap();
    assert!(label.starts_with("Overview of "), "{label}");
    let before = harness.state().probe().view();
    let value = node.accesskit_node().value().unwrap();
    assert!(value.contains(" – "), "{value}");
    // Zoom in first: at Home the view cannot pan.
    harness
        .state_mut()
        .push(Command::SetView(before.zoomed_about(before.center(), 0.25)));
    harness.run();
    let zoomed = harness.state().probe().view();
    harness.get_by_role(Role::Slider).increment_accesskit();
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    let later = harness.state().probe().view();
    assert!(later.start > zoomed.start, "{zoomed:?} → {later:?}");
    harness.get_by_role(Role::Slider).focus();
    harness.run();
    harness.key_press(egui::Key::ArrowLeft);
    for _ in 0..30 {
        harness.step();
    }
    harness.run();
    let earlier = harness.state().probe().view();
    assert!(earlier.start < later.start, "{later:?} → {earlier:?}");
    assert!(
        harness.get_by_role(Role::Slider).is_focused(),
        "Left keeps focus"
    );
}

#[test]
fn tab_goes_from_the_timeline_to_its_chart_the_overview_and_the_side_panel() {
    let mut harness = harness_at_home();
    harness
        .state_mut()
        .push(Command::SetSideTab(conflict_timeline::ui::SideTab::Figures));
    harness.run();
    let last = *harness.state().probe().index().by_date.last().unwrap();
    harness
        .state_mut()
        .push(Command::SelectAndCenter(EventIndex::from_u32(last)));
    harness.run();
    // Focus on the last event.
    let label = event_node_labels(&harness)
        .into_iter()
        .find(|label| event_of_label(&harness, label) == EventIndex::from_u32(last))
        .unwrap();
    harness.get_by_role_and_label(Role::Button, &label).focus();
    harness.run();
    assert!(focused_label(&harness).is_some_and(|l| l == label));
    // Next: the chart's legend, whose first box names the first series.
    harness.key_press(egui::Key::Tab);
    harness.run();
    let first_series = harness.state().probe().dataset().displacement[0]
        .name
        .clone();
    assert_eq!(
        focused_label(&harness).as_deref(),
        Some(first_series.as_str())
    );
}

#[test]
fn tab_pressed_frame_after_frame_walks_every_event_while_the_view_moves() {
    let mut harness = common::app_harness(1400.0, 860.0);
    let order = common::events_by_date(harness.state());
    // One frame between presses: the view is still moving and focus is
    // still catching up with the selection.
    for (press, expected) in order.iter().enumerate().take(16) {
        harness.key_press(egui::Key::Tab);
        harness.step();
        assert_eq!(
            harness.state().probe().selected(),
            Some(*expected),
            "Tab ×{}",
            press + 1
        );
    }
    harness.run();
    let focused = focused_label(&harness).expect("an event has focus");
    assert_eq!(event_of_label(&harness, &focused), order[15]);
}
