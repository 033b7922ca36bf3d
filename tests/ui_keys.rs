//! The keyboard driven headlessly: the menus open and work from the keys,
//! the side tabs have keys and are tabs, Esc closes only the topmost
//! thing, and the Help menu's windows show the README's guide and keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::ui::{Command, SideTab, TimelineApp};
use eframe::egui::{Key, Modifiers, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

mod common;

use common::event_index;

fn harness() -> Harness<'static, TimelineApp> {
    common::app_harness(1400.0, 860.0)
}

/// The harness with an event selected.
fn with_selection() -> Harness<'static, TimelineApp> {
    let mut harness = harness();
    let munich = event_index(harness.state(), "munich-issg");
    harness.state_mut().push(Command::Select(Some(munich)));
    harness.run();
    assert_eq!(harness.state().probe().selected(), Some(munich));
    harness
}

fn press(harness: &mut Harness<'static, TimelineApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// The label of the widget that has the keyboard.
fn focused_label(harness: &Harness<'static, TimelineApp>) -> String {
    harness
        .query_all_by(|node| node.is_focused())
        .find_map(|node| {
            let node = node.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .unwrap_or_default()
}

/// Asserts the keyboard is on the menu item (or button) `label`; a menu
/// item's label ends with its keys.
#[track_caller]
fn assert_focus(harness: &Harness<'static, TimelineApp>, label: &str) {
    let focused = focused_label(harness);
    assert!(
        focused.starts_with(label),
        "{focused:?} has the keyboard, not {label:?}"
    );
}

/// Whether a menu item (or any button) with this label shows.
fn shows_button(harness: &Harness<'static, TimelineApp>, label: &str) -> bool {
    harness
        .query_all_by(|node| {
            node.role() == Role::Button && node.label().is_some_and(|l| l.starts_with(label))
        })
        .next()
        .is_some()
}

/// Whether a window with this title is open (with the menus closed: a
/// title is also a menu item's label).
fn window_open(harness: &Harness<'static, TimelineApp>, title: &str) -> bool {
    harness.query_all_by_label(title).next().is_some()
}

#[test]
fn alt_letters_open_their_menus_with_the_keyboard_in_the_first_item() {
    let mut harness = harness();
    assert!(!shows_button(&harness, "Zoom to fit"));
    press(&mut harness, Modifiers::ALT, Key::V);
    assert!(shows_button(&harness, "Zoom to fit"), "the View menu opens");
    assert_focus(&harness, "Zoom in");
    // Down moves through the items; Enter picks one and closes the menu.
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    press(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_focus(&harness, "Zoom to fit");
    let munich = event_index(harness.state(), "munich-issg");
    harness.state_mut().push(Command::ZoomToEvent(munich));
    harness.run();
    let zoomed = harness.state().probe().view();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        !shows_button(&harness, "Zoom to fit"),
        "picking closes the menu"
    );
    assert!(harness.state().probe().view().span() > 10.0 * zoomed.span());

    press(&mut harness, Modifiers::ALT, Key::H);
    assert_focus(&harness, "User guide");
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert!(
        harness.query_by_label("Using the timeline").is_some(),
        "the guide opens"
    );
}

#[test]
fn f10_opens_the_file_menu_and_left_and_right_move_between_the_menus() {
    let mut harness = harness();
    press(&mut harness, Modifiers::NONE, Key::F10);
    assert!(
        shows_button(&harness, "Export image…"),
        "the File menu opens"
    );
    assert_focus(&harness, "Open dataset…");
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert!(!shows_button(&harness, "Export image…"));
    assert!(
        shows_button(&harness, "Zoom to fit"),
        "Right opens the View menu"
    );
    assert_focus(&harness, "Zoom in");
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert!(
        shows_button(&harness, "Manage views…"),
        "Right opens the Views menu"
    );
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert_focus(&harness, "User guide");
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    press(&mut harness, Modifiers::NONE, Key::ArrowLeft);
    assert_focus(&harness, "Open dataset…");
    // The arrows moved in the menus, not the timeline.
    let view = harness.state().probe().view();
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!shows_button(&harness, "Export image…"), "Esc closes it");
    assert_eq!(harness.state().probe().view(), view);
    // A menu opened with the pointer takes the arrows too.
    harness.get_by_label("View").click();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::ArrowRight);
    assert!(
        shows_button(&harness, "Manage views…"),
        "Right opens the Views menu"
    );
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().probe().view(), view);
    // A menu closed before its list showed leaves the keyboard where it
    // was, and asks for no more frames.
    harness.key_press_modifiers(Modifiers::ALT, Key::H);
    harness.step();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!shows_button(&harness, "User guide"));
    assert!(focused_label(&harness).is_empty());
    harness.step();
    assert!(!harness.ctx.has_requested_repaint());
    // F10 again opens it again, and once more closes it.
    press(&mut harness, Modifiers::NONE, Key::F10);
    assert!(shows_button(&harness, "Export image…"));
    press(&mut harness, Modifiers::NONE, Key::F10);
    assert!(!shows_button(&harness, "Export image…"));
}

#[test]
fn with_a_menu_open_the_pointer_moving_onto_another_opens_it() {
    let mut harness = harness();
    harness.get_by_label("View").click();
    harness.run();
    assert!(shows_button(&harness, "Zoom to fit"));
    harness.get_by_label("Help").hover();
    harness.run();
    assert!(shows_button(&harness, "User guide"));
    assert!(!shows_button(&harness, "Zoom to fit"));
}

#[test]
fn every_menu_item_with_a_key_shows_it() {
    let mut harness = harness();
    let shown = |harness: &Harness<'static, TimelineApp>, text: &str| {
        harness.query_by_label_contains(text).is_some()
    };
    press(&mut harness, Modifiers::ALT, Key::F);
    for keys in ["Ctrl+O", "Ctrl+E", "Ctrl+Shift+C"] {
        assert!(shown(&harness, keys), "the File menu shows {keys}");
    }
    press(&mut harness, Modifiers::ALT, Key::V);
    for keys in ["Home", "Ctrl+1", "Ctrl+2", "Ctrl+3"] {
        assert!(shown(&harness, keys), "the View menu shows {keys}");
    }
    press(&mut harness, Modifiers::ALT, Key::H);
    assert!(shown(&harness, "F1"), "the Help menu shows F1");
}

#[test]
fn esc_closes_an_open_menu_and_keeps_the_selection() {
    let mut harness = with_selection();
    let selected = harness.state().probe().selected();
    harness.get_by_role_and_label(Role::Button, "Lanes").click();
    harness.run();
    let lanes_shown = |harness: &Harness<'static, TimelineApp>| {
        harness.query_all_by_role(Role::CheckBox).next().is_some()
    };
    assert!(lanes_shown(&harness), "the Lanes menu opens");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!lanes_shown(&harness), "Esc closes it");
    assert_eq!(harness.state().probe().selected(), selected);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(
        harness.state().probe().selected(),
        None,
        "then Esc clears it"
    );
}

#[test]
fn esc_closes_an_open_dropdown_and_keeps_the_selection() {
    let mut harness = with_selection();
    let selected = harness.state().probe().selected();
    press(&mut harness, Modifiers::COMMAND, Key::Num2);
    harness
        .get_by_role_and_label(Role::ComboBox, "Speaker")
        .click();
    harness.run();
    let listed = |harness: &Harness<'static, TimelineApp>| {
        harness.query_by_label_contains("All speakers (").is_some()
    };
    assert!(listed(&harness), "the speakers drop down");
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!listed(&harness), "Esc closes the list");
    assert_eq!(harness.state().probe().selected(), selected);
}

#[test]
fn esc_closes_the_topmost_window_only_then_the_selection() {
    let mut harness = with_selection();
    let selected = harness.state().probe().selected();
    press(&mut harness, Modifiers::NONE, Key::F1);
    harness.state_mut().push(Command::ShowAbout);
    harness.run();
    assert!(window_open(&harness, "Keyboard shortcuts"));
    assert!(window_open(&harness, "About conflict-timeline"));

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        !window_open(&harness, "About conflict-timeline"),
        "the top one closes"
    );
    assert!(
        window_open(&harness, "Keyboard shortcuts"),
        "the other stays"
    );
    assert_eq!(harness.state().probe().selected(), selected);

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!window_open(&harness, "Keyboard shortcuts"));
    assert_eq!(harness.state().probe().selected(), selected);

    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().probe().selected(), None);
}

#[test]
fn esc_in_the_search_field_leaves_it_and_keeps_the_selection() {
    let mut harness = with_selection();
    let selected = harness.state().probe().selected();
    press(&mut harness, Modifiers::COMMAND, Key::F);
    harness.get_by_role(Role::TextInput).type_text("geneva");
    harness.run();
    assert!(harness.get_by_role(Role::TextInput).is_focused());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(!harness.get_by_role(Role::TextInput).is_focused());
    assert_eq!(harness.state().probe().selected(), selected);
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert_eq!(harness.state().probe().selected(), None);
}

#[test]
fn the_side_tabs_are_tabs_with_keys() {
    let mut harness = harness();
    let tab_selected = |harness: &Harness<'static, TimelineApp>, name: &str| {
        let tab = harness.get_by_role_and_label(Role::Tab, name);
        tab.accesskit_node().is_selected()
    };
    harness.get_by_role_and_label(Role::TabList, "Side panel");
    assert_eq!(tab_selected(&harness, "Details"), Some(true));
    assert_eq!(tab_selected(&harness, "Quotes"), Some(false));

    press(&mut harness, Modifiers::COMMAND, Key::Num2);
    assert_eq!(harness.state().probe().side_tab(), SideTab::Quotes);
    assert_eq!(tab_selected(&harness, "Quotes"), Some(true));
    assert_eq!(tab_selected(&harness, "Details"), Some(false));

    // A hidden side panel shows at the tab asked for.
    harness.state_mut().push(Command::SetSidePanelHidden(true));
    harness.run();
    assert!(harness.query_all_by_role(Role::Tab).next().is_none());
    press(&mut harness, Modifiers::COMMAND, Key::Num3);
    assert_eq!(harness.state().probe().side_tab(), SideTab::Figures);
    assert_eq!(tab_selected(&harness, "Figures"), Some(true));

    // A tab takes the keyboard and Enter picks it.
    harness.get_by_role_and_label(Role::Tab, "Details").focus();
    harness.run();
    press(&mut harness, Modifiers::NONE, Key::Enter);
    assert_eq!(harness.state().probe().side_tab(), SideTab::Details);
}

/// The README's keyboard table: its keys and what they do, marks removed.
fn readme_keys() -> Vec<(String, String)> {
    let readme = include_str!("../README.md");
    let start = readme
        .find("| key | does |")
        .expect("the README's keyboard table");
    readme[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().replace('`', "").replace("**", ""))
                .collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect()
}

#[test]
fn the_shortcuts_window_lists_the_readmes_keys() {
    let mut harness = harness();
    press(&mut harness, Modifiers::ALT, Key::H);
    harness.get_by_label_contains("Keyboard shortcuts").click();
    harness.run();
    let rows = readme_keys();
    assert!(rows.len() > 10);
    for (keys, what) in rows {
        let shown = |label: &str| harness.query_all_by_label(label).next().is_some();
        assert!(shown(&keys), "the window lists {keys}");
        assert!(shown(&what), "the window says {what}");
    }
}

#[test]
fn the_user_guide_shows_the_readmes_usage_sections() {
    let mut harness = harness();
    press(&mut harness, Modifiers::ALT, Key::H);
    harness
        .get_by_role_and_label(Role::Button, "User guide")
        .click();
    harness.run();
    for heading in [
        "Using the timeline",
        "Quotes and figures",
        "Opening your own datasets",
        "Exporting images",
    ] {
        assert!(harness.query_by_label(heading).is_some(), "{heading}");
    }
    // The README's text, its marks read: **Open dataset…** as bold,
    // `Ctrl+O` as code, its tables cell by cell.
    harness.get_by_label_contains("Open dataset… (Ctrl+O) opens a window that takes a dataset");
    harness.get_by_label("list the keyboard shortcuts");
    // The keys scroll it.
    let top = |harness: &Harness<'static, TimelineApp>| {
        harness.get_by_label("Quotes and figures").rect().top()
    };
    let before = top(&harness);
    press(&mut harness, Modifiers::NONE, Key::PageDown);
    let paged = top(&harness);
    assert!(paged < before - 200.0, "{before} → {paged}");
    press(&mut harness, Modifiers::NONE, Key::ArrowUp);
    assert!(top(&harness) > paged, "Up scrolls back a step");
    // A section the guide leaves out.
    assert!(harness.query_by_label("Layout of the code").is_none());
    press(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(
        harness.query_by_label("Using the timeline").is_none(),
        "Esc closes it"
    );
}
