//! The shell around the timeline, driven headlessly: File → Open dataset…
//! opens the Open window (and says so when the system has no file picker),
//! notices never move the layout, a load's warnings are listed in the app,
//! dialogs open centred below the menu bar, the Details text wraps before
//! its scroll bar, and the Open, Save and Export dialogs work with keys
//! alone.
//!
//! Between frames the tests wait for the app's background work (a picker,
//! a load, a save, an export), never for a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::app_harness;
use conflict_timeline::load::Origin;
use conflict_timeline::testing::{
    FilePicker, FolderOpener, JobHold, PickKind, PickRequest, PickerUnavailable,
};
use conflict_timeline::ui::{Command, TimelineApp};
use eframe::egui::{self, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// A system without any file picker.
#[derive(Debug)]
struct NoPicker;

const NO_PICKER: &str = "No file picker on this test system.";

impl FilePicker for NoPicker {
    fn pick(&self, _: PickRequest) -> Result<Option<PathBuf>, PickerUnavailable> {
        Err(PickerUnavailable(NO_PICKER.to_owned()))
    }
}

/// A picker that chooses `path` and remembers what it was asked.
#[derive(Debug)]
struct Choosing {
    path: PathBuf,
    asked: Mutex<Vec<PickKind>>,
}

impl FilePicker for Choosing {
    fn pick(&self, request: PickRequest) -> Result<Option<PathBuf>, PickerUnavailable> {
        self.asked.lock().unwrap().push(request.kind);
        Ok(Some(self.path.clone()))
    }
}

/// Remembers the folders it was asked to open.
#[derive(Debug, Default)]
struct Opener(Arc<Mutex<Vec<PathBuf>>>);

impl FolderOpener for Opener {
    fn open(&self, folder: &Path) -> Result<(), String> {
        self.0.lock().unwrap().push(folder.to_owned());
        Ok(())
    }
}

fn minimal_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal")
}

/// The label of the widget that has the keyboard focus.
fn focused(harness: &Harness<'_, TimelineApp>) -> Option<String> {
    harness
        .query_by(|node| node.is_focused())
        .and_then(|node| node.accesskit_node().label())
}

/// The text of a label.
fn text_of(node: &egui_kittest::Node<'_>) -> String {
    let node = node.accesskit_node();
    node.value().or_else(|| node.label()).unwrap_or_default()
}

fn open_file_menu_item(harness: &mut Harness<'_, TimelineApp>, item: &str) {
    harness.get_by_label("File").click();
    harness.run();
    // A menu item's label has its shortcut after it.
    harness.get_by_label_contains(item).click();
    harness.run();
}

// ---- File → Open dataset… (point 6) ----

#[test]
fn file_open_dataset_opens_the_window_and_a_missing_picker_keeps_the_typed_path() {
    let mut harness = app_harness(1200.0, 760.0);
    harness
        .state_mut()
        .test_hooks()
        .set_file_picker(Arc::new(NoPicker));
    open_file_menu_item(&mut harness, "Open dataset…");
    // The same window as Ctrl+O, its path field focused.
    assert_eq!(focused(&harness).as_deref(), Some("Path"));
    let typed = minimal_folder().display().to_string();
    harness.get_by_label("Path").type_text(&typed);
    harness.run();
    harness.get_by_label("Browse files…").click();
    common::wait_until(&mut harness, "the window says there is no picker", |h| {
        h.query_by_label(NO_PICKER).is_some()
    });
    assert_eq!(harness.get_by_label("Path").value(), Some(typed));
    // The field has the focus back: Enter opens what was typed.
    assert_eq!(focused(&harness).as_deref(), Some("Path"));
    harness.key_press(egui::Key::Enter);
    common::wait_until(&mut harness, "the typed folder is open", |h| {
        matches!(h.state().probe().origin(), Origin::Folder(_))
    });
    assert_eq!(harness.state().probe().dataset().title, "Minimal example");
    assert!(
        harness.query_by_label("Path").is_none(),
        "the window closed"
    );
}

#[test]
fn a_dataset_chosen_in_the_picker_opens() {
    let mut harness = app_harness(1200.0, 760.0);
    let picker = Arc::new(Choosing {
        path: minimal_folder(),
        asked: Mutex::default(),
    });
    harness
        .state_mut()
        .test_hooks()
        .set_file_picker(picker.clone());
    open_file_menu_item(&mut harness, "Open dataset…");
    harness.get_by_label("Browse folders…").click();
    common::wait_until(&mut harness, "the chosen folder is open", |h| {
        matches!(h.state().probe().origin(), Origin::Folder(_))
    });
    assert_eq!(*picker.asked.lock().unwrap(), [PickKind::OpenFolder]);
    assert!(
        harness.query_by_label("Path").is_none(),
        "the window closed"
    );
}

// ---- Notices (point 7) ----

#[test]
fn a_written_export_is_a_notice_that_leaves_the_timeline_where_it_was_and_opens_its_folder() {
    let mut harness = app_harness(1024.0, 640.0);
    let opened = Arc::new(Mutex::new(Vec::new()));
    harness
        .state_mut()
        .test_hooks()
        .set_folder_opener(Arc::new(Opener(Arc::clone(&opened))));
    let timeline = harness.state().probe().timeline_rect();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("view.png");
    export_by_keys(&mut harness, &path);
    common::wait_until(&mut harness, "the export is written", |h| {
        h.query_by_label_contains("Wrote ").is_some()
    });
    assert!(path.is_file());
    assert_eq!(
        harness.state().probe().timeline_rect(),
        timeline,
        "the notice does not push the layout"
    );
    let notices = harness.state().probe().notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].starts_with("Wrote "), "{notices:?}");
    harness.get_by_label("Open folder").click();
    common::wait_until(&mut harness, "the folder is opened", |_| {
        !opened.lock().unwrap().is_empty()
    });
    assert_eq!(*opened.lock().unwrap(), [folder.path().to_owned()]);
    assert!(
        harness.state().probe().notices().is_empty(),
        "the notice went with its action"
    );
}

#[test]
fn an_opening_dataset_shows_among_the_notices_and_then_says_it_loaded() {
    let mut harness = app_harness(1200.0, 760.0);
    let timeline = harness.state().probe().timeline_rect();
    // Held, the load cannot finish before the test has looked.
    let hold = JobHold::new(&harness.ctx);
    harness
        .state_mut()
        .push(Command::OpenPath(minimal_folder()));
    harness.step();
    harness.step();
    harness.get_by_label("Opening minimal…");
    assert_eq!(
        harness.state().probe().timeline_rect(),
        timeline,
        "what is under way does not push the layout"
    );
    hold.release();
    common::wait_until(&mut harness, "the folder is open", |h| {
        matches!(h.state().probe().origin(), Origin::Folder(_))
    });
    assert!(harness.query_by_label("Opening minimal…").is_none());
    assert_eq!(harness.state().probe().notices(), ["Loaded minimal."]);
    harness.get_by_label("Loaded minimal.");
}

#[test]
fn a_load_with_warnings_lists_them_in_the_app_not_on_a_command_line() {
    let mut harness = app_harness(1200.0, 760.0);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("warned.ron");
    let minimal = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal.ron"),
    )
    .unwrap();
    let unsourced = minimal.replace(
        "sources: [\"report\"], approximate: true",
        "approximate: true",
    );
    std::fs::write(&path, unsourced).unwrap();
    let timeline = harness.state().probe().timeline_rect();
    harness.state_mut().push(Command::OpenPath(path));
    common::wait_until(&mut harness, "the dataset is open", |h| {
        matches!(h.state().probe().origin(), Origin::File(_))
    });
    let notices = harness.state().probe().notices();
    assert_eq!(notices, ["warned.ron loaded with 1 warning."]);
    let warnings = harness.state().probe().load_warnings().unwrap();
    assert_eq!(warnings.diagnostics.len(), 1);
    assert!(
        harness.state().probe().load_problems().is_none(),
        "no errors"
    );
    assert!(
        notices
            .iter()
            .all(|n| !n.contains("conflict-timeline check"))
    );
    assert_eq!(harness.state().probe().timeline_rect(), timeline);
    harness.get_by_label("Show problems").click();
    harness.run();
    let text = text_of(&harness.get_by_label_contains(": warning: "));
    assert!(text.contains("offensive"), "{text}");
    harness.get_by_label_contains("warned.ron loaded with 1 warning:");
    // Dismissed, and shown again from the File menu.
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.query_by_label_contains(": warning: ").is_none());
    open_file_menu_item(&mut harness, "Show load warnings");
    harness.get_by_label_contains(": warning: ");
}

// ---- Dialogs centred below the menu bar (point 8) ----

/// Where a window was drawn.
fn window_rect(harness: &Harness<'_, TimelineApp>, id: egui::Id) -> egui::Rect {
    harness
        .ctx
        .memory(|memory| memory.area_rect(id))
        .expect("the window is shown")
}

/// The window is centred on the window's area below the menu bar, and
/// does not reach over the bar.
fn assert_centred_below_the_menu_bar(harness: &Harness<'_, TimelineApp>, id: egui::Id) {
    let rect = window_rect(harness, id);
    let menu_bottom = harness.get_by_label("File").rect().bottom();
    let screen = harness.ctx.content_rect();
    assert!(rect.top() > menu_bottom, "{rect:?} covers the menu bar");
    assert!(
        (rect.center().x - screen.center().x).abs() <= 1.0,
        "{rect:?} is not centred across {screen:?}"
    );
    let middle = 0.5 * (menu_bottom + screen.bottom());
    assert!(
        (rect.center().y - middle).abs() <= 8.0,
        "{rect:?} is not centred down the area below the menu bar"
    );
}

#[test]
fn dialogs_open_centred_below_the_menu_bar_and_stay_below_it() {
    let mut harness = app_harness(1200.0, 760.0);
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    harness.run();
    let open = egui::Id::unique("Open dataset");
    assert_centred_below_the_menu_bar(&harness, open);
    // Dragged up by its title, it stops at the menu bar.
    let title = harness.get_by_label("Open dataset").rect().center();
    harness.drag_at(title);
    harness.run();
    harness.hover_at(egui::pos2(title.x, 0.0));
    harness.run();
    harness.event(egui::Event::PointerButton {
        pos: egui::pos2(title.x, 0.0),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    let menu_bottom = harness.get_by_label("File").rect().bottom();
    let moved = window_rect(&harness, open);
    assert!(moved.top() >= menu_bottom, "{moved:?}");
    assert!(moved.top() < window_rect(&harness, open).bottom());
    harness.key_press(egui::Key::Escape);
    harness.run();

    open_file_menu_item(&mut harness, "Save dataset as…");
    assert_centred_below_the_menu_bar(&harness, egui::Id::unique("Save dataset as"));
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    assert_centred_below_the_menu_bar(&harness, egui::Id::unique("Export image"));
}

#[test]
fn the_help_windows_open_centred_below_the_menu_bar() {
    for (command, title) in [
        (Command::ShowGuide, "User guide"),
        (Command::ShowShortcuts, "Keyboard shortcuts"),
        (Command::ShowAbout, "About conflict-timeline"),
    ] {
        let mut harness = app_harness(1200.0, 760.0);
        harness.state_mut().push(command);
        harness.run();
        assert_centred_below_the_menu_bar(&harness, egui::Id::unique(title));
    }
}

#[test]
fn the_badge_list_opens_centred_below_the_menu_bar() {
    let (mut harness, badge) = common::dense_at_home();
    let pos = badge.rect.center();
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
    assert!(harness.state().probe().badge_list().is_some());
    assert_centred_below_the_menu_bar(&harness, egui::Id::unique("badge-list"));
}

// ---- The Details text and its scroll bar (point 9) ----

#[test]
fn details_text_wraps_before_the_scroll_bar() {
    // Low enough that the details of an event with a long summary scroll.
    let mut harness = app_harness(1200.0, 520.0);
    let event = common::event_index(harness.state(), "munich-issg");
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    let side = harness.state().probe().side_panel_rect().unwrap();
    let bar = harness
        .query_all_by_role(egui::accesskit::Role::ScrollBar)
        .map(|node| node.rect())
        .find(|rect| side.contains_rect(*rect))
        .expect("the details scroll");
    let summary = harness.get_by_label_contains("The 17-nation International Syria Support Group");
    let mut rows = 0;
    for node in harness.query_all_by_role(egui::accesskit::Role::Label) {
        let rect = node.rect();
        if !side.contains_rect(rect) || rect.bottom() < bar.top() || rect.top() > bar.bottom() {
            continue;
        }
        rows += 1;
        assert!(
            rect.right() <= bar.left(),
            "{:?} at {rect:?} runs under the scroll bar at {bar:?}",
            text_of(&node)
        );
    }
    assert!(rows > 3, "the details text is checked: {rows} labels");
    assert!(summary.rect().right() <= bar.left());
}

// ---- Dialogs with keys alone (point 5) ----

/// Ctrl+E, the path typed over the proposed one, Enter.
fn export_by_keys(harness: &mut Harness<'_, TimelineApp>, path: &Path) {
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    assert_eq!(focused(harness).as_deref(), Some("Save to"));
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Save to")
        .type_text(path.to_str().unwrap());
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
}

#[test]
fn the_export_dialog_works_with_keys_alone() {
    let mut harness = app_harness(1024.0, 640.0);
    let event = common::event_index(harness.state(), "munich-issg");
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Save to"));
    // Tab walks the fields and buttons, Shift+Tab back.
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Choose…"));
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert!(
        focused(&harness).is_some_and(|label| label.starts_with("The visible view")),
        "{:?}",
        focused(&harness)
    );
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::Tab);
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::Tab);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Save to"));
    // Esc closes the dialog, and only that: the selection stays.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Save to").is_none(), "closed");
    assert_eq!(harness.state().probe().selected(), Some(event));

    // Enter in the path exports.
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("keys.png");
    export_by_keys(&mut harness, &path);
    assert!(
        harness.query_by_label("Save to").is_none(),
        "the dialog is out of the way once the export starts"
    );
    common::wait_until(&mut harness, "the export is written", |h| {
        !h.state().probe().export_running() && h.state().probe().export_status().is_some()
    });
    assert!(path.is_file());
}

#[test]
fn the_open_window_works_with_keys_alone() {
    let mut harness = app_harness(1200.0, 760.0);
    let event = common::event_index(harness.state(), "munich-issg");
    harness.state_mut().push(Command::Select(Some(event)));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Path"));
    for next in ["Browse files…", "Browse folders…"] {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert_eq!(focused(&harness).as_deref(), Some(next));
    }
    // "Open" is disabled while the path is empty, so Tab passes it by.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Path").is_none(), "closed");
    assert_eq!(
        harness.state().probe().selected(),
        Some(event),
        "Esc did only that"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::O);
    harness.run();
    assert_eq!(focused(&harness).as_deref(), Some("Path"));
    harness
        .get_by_label("Path")
        .type_text(minimal_folder().to_str().unwrap());
    harness.run();
    // Tab to Open, and Enter on it.
    for _ in 0..3 {
        harness.key_press(egui::Key::Tab);
        harness.run();
    }
    assert_eq!(focused(&harness).as_deref(), Some("Open"));
    harness.key_press(egui::Key::Enter);
    common::wait_until(&mut harness, "the typed folder is open", |h| {
        matches!(h.state().probe().origin(), Origin::Folder(_))
    });
}

#[test]
fn the_save_window_works_with_keys_alone() {
    let mut harness = app_harness(1200.0, 760.0);
    open_file_menu_item(&mut harness, "Save dataset as…");
    assert_eq!(focused(&harness).as_deref(), Some("Folder"));
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Folder").is_none(), "closed");

    open_file_menu_item(&mut harness, "Save dataset as…");
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("saved");
    assert_eq!(focused(&harness).as_deref(), Some("Folder"));
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Folder")
        .type_text(target.to_str().unwrap());
    harness.run();
    for next in ["Browse…", "Save"] {
        harness.key_press(egui::Key::Tab);
        harness.run();
        assert_eq!(focused(&harness).as_deref(), Some(next));
    }
    for _ in 0..2 {
        harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::Tab);
        harness.run();
    }
    assert_eq!(focused(&harness).as_deref(), Some("Folder"));
    harness.key_press(egui::Key::Enter);
    common::wait_until(&mut harness, "the dataset is saved and reopened", |h| {
        matches!(h.state().probe().origin(), Origin::Folder(_))
    });
    assert!(target.join("dataset.ron").is_file());
    assert!(
        harness.query_by_label("Folder").is_none(),
        "closed once saved"
    );
    let notices = harness.state().probe().notices();
    assert!(
        notices
            .iter()
            .any(|n| n.starts_with("Saved as a dataset folder")),
        "{notices:?}"
    );
}
