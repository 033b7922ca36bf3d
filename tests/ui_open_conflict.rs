//! Opening conflict event data (UCDP GED, ACLED) from the Open window: a
//! path to such a file shows its countries with their row counts, From and
//! To dates and the columns lanes can be made from; what is chosen goes
//! with the load, and the open dataset keeps it for reloads, for the recent
//! list, and when it was opened from the command line. A file of another
//! kind shows none of it, and one chosen in the picker opens at once.
//!
//! Between frames the tests wait for the app's background work (a survey,
//! a load), never for a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::app_harness;
use conflict_timeline::load::{Origin, load_path};
use conflict_timeline::testing::{FilePicker, PickRequest, PickerUnavailable};
use conflict_timeline::ui::TimelineApp;
use conflict_timeline::{Date, ImportOptions, LoadOptions};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// The GED fixture with the country of its last three rows made `Iraq`:
/// five rows in Syria, three in Iraq.
fn ged_two_countries(folder: &Path) -> PathBuf {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/ged/GEDEvent_v24_1.csv");
    let text = std::fs::read_to_string(fixture).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let last_three = lines.len() - 3;
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        if index < last_three {
            out.push_str(line);
        } else {
            // The country is the last cell that says Syria.
            let at = line.rfind(",\"Syria\",").unwrap();
            out.push_str(&format!("{},\"Iraq\",{}", &line[..at], &line[at + 9..]));
        }
        out.push('\n');
    }
    let path = folder.join("ged-test.csv");
    std::fs::write(&path, out).unwrap();
    path
}

/// Ctrl+O, `path` typed, and its survey done.
fn type_in_open_window(harness: &mut Harness<'_, TimelineApp>, path: &Path) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness.get_by_label("Path").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Path")
        .type_text(path.to_str().unwrap());
    harness.step();
}

fn wait_for_countries(harness: &mut Harness<'_, TimelineApp>) {
    common::wait_until(harness, "the file's countries are shown", |h| {
        h.query_by_label("Syria (5)").is_some()
    });
}

fn open_and_wait(harness: &mut Harness<'_, TimelineApp>, path: &Path) {
    harness.get_by_label("Open").click();
    harness.step();
    let canonical = std::fs::canonicalize(path).unwrap();
    common::wait_until(harness, "the file is open", |h| {
        matches!(h.state().probe().origin(), Origin::File(p)
            if std::fs::canonicalize(p).is_ok_and(|p| p == canonical))
            && !h.state().probe().dataset_loading()
    });
}

#[test]
fn a_typed_ged_file_shows_its_choices_and_opens_with_those_chosen() {
    let folder = tempfile::tempdir().unwrap();
    let ged = ged_two_countries(folder.path());
    let mut harness = app_harness(1440.0, 880.0);
    type_in_open_window(&mut harness, &ged);
    wait_for_countries(&mut harness);
    assert!(harness.query_by_label("Iraq (3)").is_some());
    common::assert_text_shown(&harness, "UCDP GED event data");
    common::assert_text_shown(&harness, "all (none ticked)");

    harness.get_by_label("Syria (5)").click();
    harness.run();
    common::assert_text_shown(&harness, "1 ticked");
    harness.get_by_label("From").focus();
    harness.get_by_label("From").type_text("2016-03");
    harness.run();
    harness.get_by_label("Lanes by").click();
    harness.run();
    harness.get_by_label("conflict_name").click();
    harness.run();

    open_and_wait(&mut harness, &ged);
    let expected = ImportOptions {
        countries: vec!["Syria".to_owned()],
        from: Date::parse("2016-03").ok(),
        to: None,
        group_by: Some("conflict_name".to_owned()),
    };
    assert_eq!(harness.state().probe().import_options(), &expected);
    // The choices took effect: Syria's rows from March 2016, in lanes by
    // conflict.
    let dataset = harness.state().probe().dataset();
    assert_eq!(dataset.events.len(), 4, "{:?}", dataset.events);
    assert!(
        dataset
            .events
            .iter()
            .all(|event| event.tags.iter().any(|tag| tag == "Syria"))
    );
    assert!(dataset.title.contains("Syria"), "{}", dataset.title);
    assert!(
        harness.query_by_label("Path").is_none(),
        "the window closed"
    );
    let settings = harness.state().probe().settings();
    let canonical = std::fs::canonicalize(&ged).unwrap();
    assert_eq!(settings.recent.first(), Some(&canonical));
    let remembered = &settings.recent_imports[0];
    assert_eq!(remembered.path, canonical);
    assert_eq!(remembered.countries, expected.countries);
    assert_eq!(remembered.group_by, expected.group_by);

    // File → Reload loads with the same options.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Reload").click();
    harness.step();
    common::wait_until(&mut harness, "the reload is done", |h| {
        h.state()
            .probe()
            .notices()
            .iter()
            .any(|n| n.starts_with("Reloaded") || n.contains("loaded with"))
            && !h.state().probe().dataset_loading()
    });
    assert_eq!(harness.state().probe().import_options(), &expected);
}

#[test]
fn a_date_that_does_not_read_says_why_and_holds_the_open() {
    let folder = tempfile::tempdir().unwrap();
    let ged = ged_two_countries(folder.path());
    let mut harness = app_harness(1440.0, 880.0);
    type_in_open_window(&mut harness, &ged);
    wait_for_countries(&mut harness);
    harness.get_by_label("To").focus();
    harness.get_by_label("To").type_text("2016-13");
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("2016-13")
            .any(|node| node.accesskit_node().role() == egui::accesskit::Role::Label),
        "the error names the date"
    );
    assert!(harness.get_by_label("Open").accesskit_node().is_disabled());
}

#[test]
fn a_recent_file_reopens_with_the_options_it_was_opened_with() {
    let folder = tempfile::tempdir().unwrap();
    let ged = ged_two_countries(folder.path());
    let mut harness = app_harness(1440.0, 880.0);
    type_in_open_window(&mut harness, &ged);
    wait_for_countries(&mut harness);
    harness.get_by_label("Iraq (3)").click();
    harness.run();
    open_and_wait(&mut harness, &ged);
    let chosen = harness.state().probe().import_options().clone();
    assert_eq!(chosen.countries, ["Iraq"]);

    harness
        .state_mut()
        .push(conflict_timeline::ui::Command::OpenBuiltIn);
    harness.step();
    common::wait_until(&mut harness, "the built-in dataset is open", |h| {
        h.state().probe().origin() == &Origin::BuiltIn
    });
    assert!(harness.state().probe().import_options().is_empty());

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Open recent").click();
    harness.run();
    harness.get_by_label("ged-test.csv").click();
    harness.step();
    common::wait_until(&mut harness, "the recent file is open", |h| {
        matches!(h.state().probe().origin(), Origin::File(_))
            && !h.state().probe().dataset_loading()
    });
    assert_eq!(harness.state().probe().import_options(), &chosen);
}

#[test]
fn options_given_on_the_command_line_stay_for_reloads() {
    let folder = tempfile::tempdir().unwrap();
    let ged = ged_two_countries(folder.path());
    let import = ImportOptions {
        countries: vec!["Syria".to_owned()],
        from: Date::parse("2016").ok(),
        to: Date::parse("2016").ok(),
        group_by: None,
    };
    let options = LoadOptions {
        import: import.clone(),
        ..LoadOptions::default()
    };
    let loaded = load_path(&ged, &options).expect("the file loads");
    let app = TimelineApp::from_loaded(loaded);
    assert_eq!(app.probe().import_options(), &import);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 880.0))
        .with_step_dt(0.05)
        .with_max_steps(64)
        .build_ui_state(|ui, app: &mut TimelineApp| app.ui(ui), app);
    harness.run();
    // The Open window starts at the open file, with its options.
    type_in_open_window(&mut harness, &ged);
    wait_for_countries(&mut harness);
    common::assert_text_shown(&harness, "1 ticked");
    assert_eq!(
        harness.get_by_label("From").value().as_deref(),
        Some("2016")
    );
    harness.key_press(egui::Key::Escape);
    harness.run();

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Reload").click();
    harness.step();
    common::wait_until(&mut harness, "the reload is done", |h| {
        !h.state().probe().dataset_loading()
            && h.state()
                .probe()
                .notices()
                .iter()
                .any(|n| n.starts_with("Reloaded") || n.contains("loaded with"))
    });
    assert_eq!(harness.state().probe().import_options(), &import);
}

/// A picker that chooses one path.
#[derive(Debug)]
struct Choosing(PathBuf);

impl FilePicker for Choosing {
    fn pick(&self, _: PickRequest) -> Result<Option<PathBuf>, PickerUnavailable> {
        Ok(Some(self.0.clone()))
    }
}

#[test]
fn a_picked_ged_file_waits_for_its_choices_and_another_csv_opens_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let ged = ged_two_countries(folder.path());
    let mut harness = app_harness(1440.0, 880.0);
    harness
        .state_mut()
        .test_hooks()
        .set_file_picker(std::sync::Arc::new(Choosing(ged.clone())));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness.get_by_label("Browse files…").click();
    common::wait_until(&mut harness, "the picked file's countries are shown", |h| {
        h.query_by_label("Syria (5)").is_some()
    });
    assert_eq!(
        harness.get_by_label("Path").value().as_deref(),
        ged.to_str()
    );
    assert_eq!(harness.state().probe().origin(), &Origin::BuiltIn);
    harness.key_press(egui::Key::Escape);
    harness.run();

    let sheet = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/truce-2016.csv");
    harness
        .state_mut()
        .test_hooks()
        .set_file_picker(std::sync::Arc::new(Choosing(sheet)));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness.get_by_label("Browse files…").click();
    common::wait_until(&mut harness, "the picked sheet is open", |h| {
        matches!(h.state().probe().origin(), Origin::File(_))
            && !h.state().probe().dataset_loading()
    });
    assert!(
        harness.query_by_label("Path").is_none(),
        "the window closed"
    );
    assert!(harness.state().probe().import_options().is_empty());
}

#[test]
fn a_path_of_another_kind_shows_no_choices() {
    let mut harness = app_harness(1440.0, 880.0);
    let sheet = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/truce-2016.csv");
    type_in_open_window(&mut harness, &sheet);
    common::wait_until(&mut harness, "the survey is done", |h| {
        h.query_by_label_contains("Reading the file").is_none()
    });
    assert!(harness.query_by_label("Lanes by").is_none());
    assert!(harness.query_by_label("From").is_none());
}
