//! Opening and reloading datasets in the running app: live reload keeps the
//! last good data on screen while the files are broken, shows the errors,
//! and swaps in the fixed data with the view kept; a failed open changes
//! nothing; recent datasets; a reload paints in the new colours.
//!
//! Between frames the tests wait for the app's background work (a load, a
//! save, a file event), never for a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use conflict_timeline::TimeView;
use conflict_timeline::export::ExportTheme;
use conflict_timeline::load::{LoadOptions, Origin, load_path};
use conflict_timeline::model::EventIndex;
use conflict_timeline::testing::{JobHold, mark_color};
use conflict_timeline::testing::{ManualClock, RELOAD_DEBOUNCE};
use conflict_timeline::ui::{Command, TimelineApp};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

/// A copy of the small folder-form test dataset in a temporary folder.
fn dataset_copy() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let dataset = folder.path().join("minimal");
    std::fs::create_dir(&dataset).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal");
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dataset.join(entry.file_name())).unwrap();
    }
    (folder, dataset)
}

/// The app showing the dataset at `path`. A change to its files reloads
/// without a debounce: the tests write each file whole before the next
/// frame, so no load can see half of one.
fn harness_for(path: &Path) -> Harness<'static, TimelineApp> {
    let mut app = app_for(path);
    app.test_hooks().set_reload_debounce(Duration::ZERO);
    harness_with(app)
}

fn app_for(path: &Path) -> TimelineApp {
    let loaded = load_path(path, &LoadOptions::default()).expect("the test dataset loads");
    TimelineApp::from_loaded(loaded)
}

fn harness_with(app: TimelineApp) -> Harness<'static, TimelineApp> {
    common::harness_of(app, 1200.0, 760.0)
}

/// Steps frames until `done` holds, waiting between them for the app's
/// background work (loads and file events are on other threads) to move
/// on; for at most ten seconds.
fn wait_until(
    harness: &mut Harness<'_, TimelineApp>,
    what: &str,
    done: impl Fn(&TimelineApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        harness.step();
        if done(harness.state()) {
            harness.step();
            return;
        }
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "timed out waiting until {what}");
        // Returns as soon as a load or save finishes or a file event comes.
        harness
            .state_mut()
            .test_hooks()
            .wait_for_background(left.min(Duration::from_millis(500)));
    }
}

/// Switches to the built-in dataset and waits until it is open. (Frames
/// are stepped, not run until quiet: the spinner of an open asks for frames
/// until the load is done, however long that takes.)
fn open_builtin(harness: &mut Harness<'_, TimelineApp>) {
    harness.state_mut().push(Command::OpenBuiltIn);
    harness.step();
    wait_until(harness, "the built-in dataset is open", |app| {
        app.probe().origin() == &Origin::BuiltIn
    });
}

/// File → Save dataset as…, with `folder` typed over the proposed one.
fn save_as(harness: &mut Harness<'_, TimelineApp>, folder: &Path) {
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save dataset as…").click();
    harness.run();
    harness.get_by_label("Folder").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Folder")
        .type_text(folder.to_str().unwrap());
    harness.run();
}

fn event_titles(app: &TimelineApp) -> Vec<String> {
    app.probe()
        .dataset()
        .events
        .iter()
        .map(|e| e.title.to_string())
        .collect()
}

#[test]
fn a_broken_edit_keeps_the_last_good_data_and_a_fix_swaps_in_with_the_view_kept() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    assert!(matches!(
        harness.state().probe().origin(),
        Origin::Folder(_)
    ));
    let before = event_titles(harness.state());
    // A view of the user's own, and a selection.
    let view = TimeView::new(16_800.0, 16_860.0);
    harness.state_mut().push(Command::SetView(view));
    harness
        .state_mut()
        .push(Command::Select(Some(EventIndex::from_u32(0))));
    harness.run();
    let view = harness.state().probe().view();
    let selected_id = harness.state().probe().selected_event().unwrap().id.clone();

    // Break the events file: a missing comma between two items.
    let events = dataset.join("events.ron");
    let good = std::fs::read_to_string(&events).unwrap();
    std::fs::write(
        &events,
        good.replacen("),\n    (id: \"offensive\"", ")\n    (id: \"offensive\"", 1),
    )
    .unwrap();
    wait_until(&mut harness, "the errors are shown", |app| {
        app.probe().load_problems().is_some()
    });
    let app = harness.state();
    assert_eq!(event_titles(app), before, "the last good data stays");
    assert_eq!(app.probe().view(), view);
    let problems = app.probe().load_problems().unwrap();
    assert!(!problems.dismissable, "it stays until the files are fixed");
    let first = &problems.diagnostics[0];
    assert!(first.place.file.ends_with("events.ron"), "{first}");
    assert!(first.place.position.is_some(), "{first}");
    // The panel lists it as FILE:LINE:COL: error: MESSAGE.
    let line = first.to_string();
    harness.get_by_label(&line);

    // Fix it and add an event: the new data comes in, the view stays.
    let end = good.rfind(']').unwrap();
    let fixed = format!(
        "{}    (id: \"truce\", title: \"Truce begins\", start: \"2016-02-27\", lane: \"war\", sources: [\"report\"]),\n{}",
        &good[..end],
        &good[end..]
    );
    std::fs::write(&events, fixed).unwrap();
    wait_until(&mut harness, "the fixed data is swapped in", |app| {
        app.probe().dataset().events.len() == before.len() + 1
    });
    let app = harness.state();
    assert!(app.probe().load_problems().is_none());
    assert!(event_titles(app).contains(&"Truce begins".to_owned()));
    let now = app.probe().view();
    assert!(
        (now.start - view.start).abs() < 1e-6 && (now.end - view.end).abs() < 1e-6,
        "{now:?} vs {view:?}"
    );
    assert_eq!(
        app.probe().selected_event().unwrap().id,
        selected_id,
        "the selection is kept by id"
    );
}

#[test]
fn a_dataset_that_fails_to_open_changes_nothing_and_says_why() {
    let (folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let before = event_titles(harness.state());
    let broken = folder.path().join("broken.ron");
    std::fs::write(
        &broken,
        "Dataset(format: 1, title: \"x\", lanes: [], sources: [], events: [(id: 1)])",
    )
    .unwrap();
    harness.state_mut().push(Command::OpenPath(broken.clone()));
    harness.step();
    wait_until(&mut harness, "the open fails", |app| {
        !app.probe().dataset_loading() && app.probe().load_problems().is_some()
    });
    let app = harness.state();
    assert_eq!(event_titles(app), before);
    let problems = app.probe().load_problems().unwrap();
    assert!(
        problems.headline.starts_with("Could not open broken.ron"),
        "{}",
        problems.headline
    );
    assert!(problems.dismissable);
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().probe().load_problems().is_none());
}

#[test]
fn opening_another_dataset_replaces_it_and_remembers_it() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    open_builtin(&mut harness);
    assert!(harness.state().probe().dataset().events.len() > 40);
    harness.state_mut().push(Command::OpenPath(dataset.clone()));
    harness.step();
    wait_until(&mut harness, "the folder is open again", |app| {
        matches!(app.probe().origin(), Origin::Folder(_))
    });
    let app = harness.state();
    assert_eq!(app.probe().dataset().title, "Minimal example");
    let canonical = std::fs::canonicalize(&dataset).unwrap();
    assert_eq!(app.probe().recent_datasets().first(), Some(&canonical));
}

#[test]
fn ctrl_o_opens_a_typed_path() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    open_builtin(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness
        .get_by_label("Path")
        .type_text(dataset.to_str().unwrap());
    harness.run();
    harness.get_by_label("Open").click();
    harness.step();
    wait_until(&mut harness, "the typed folder is open", |app| {
        matches!(app.probe().origin(), Origin::Folder(_))
    });
    assert_eq!(harness.state().probe().dataset().title, "Minimal example");
}

#[test]
fn an_imported_timeline_saved_as_a_folder_reopens_from_it() {
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/truce-2016.json");
    let mut harness = harness_for(&json);
    let imported = harness.state().probe().dataset().clone();
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("truce-2016");
    save_as(&mut harness, &target);
    harness.get_by_label("Save").click();
    harness.step();
    wait_until(&mut harness, "the saved folder is open", |app| {
        matches!(app.probe().origin(), Origin::Folder(_))
    });
    assert_eq!(harness.state().probe().dataset(), &imported);
    let reloaded = load_path(&target, &LoadOptions::default()).unwrap();
    assert_eq!(reloaded.dataset, imported);
    for file in [
        "dataset.ron",
        "events.ron",
        "quotes.ron",
        "displacement.ron",
    ] {
        assert!(target.join(file).is_file(), "{file}");
    }
}

/// A file dropped on the window, as the windowing integration reports it.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_timelinejs_file_on_the_window_opens_it() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/truce-2016.csv");
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(csv.clone())));
    harness.step();
    wait_until(&mut harness, "the dropped file is open", |app| {
        app.probe().origin() == &Origin::File(csv.clone())
    });
    assert_eq!(
        harness.state().probe().dataset().title,
        "Syria: the truces of 2016"
    );
}

#[test]
fn saving_over_the_open_folder_is_refused_and_its_files_stay() {
    let (_folder, dataset) = dataset_copy();
    let events = dataset.join("events.ron");
    let before = std::fs::read_to_string(&events).unwrap();
    let mut harness = harness_for(&dataset);
    save_as(&mut harness, &dataset);
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label_contains("own folder");
    assert_eq!(std::fs::read_to_string(&events).unwrap(), before);
}

#[test]
fn the_errors_panel_shows_the_first_hundred_errors_and_how_many_more() {
    let (folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let mut text = String::from(
        "Dataset(format: 1, title: \"x\", lanes: [(id: \"war\", name: \"War\")], sources: [(id: \"s\", title: \"S\")], events: [\n",
    );
    for i in 0..5_000 {
        text.push_str(&format!(
            "(id: \"e{i}\", title: \"E\", start: \"2016\", lane: \"nope\", sources: [\"s\"]),\n"
        ));
    }
    text.push_str("])\n");
    let broken = folder.path().join("many.ron");
    std::fs::write(&broken, text).unwrap();
    harness.state_mut().push(Command::OpenPath(broken));
    harness.step();
    wait_until(&mut harness, "the open fails", |app| {
        !app.probe().dataset_loading() && app.probe().load_problems().is_some()
    });
    let problems = harness.state().probe().load_problems().unwrap();
    assert!(
        problems.headline.contains("5000 errors"),
        "{}",
        problems.headline
    );
    let errors = problems.diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!(errors, 100);
    assert_eq!(problems.omitted_errors, 4_900);
    // The errors, the count of the rest, then the warning (the unused lane).
    let rows = problems.rows();
    assert_eq!(rows.len(), 102);
    assert!(
        matches!(&rows[100], conflict_timeline::ui::ProblemRow::Omitted(line) if line == "… and 4900 more errors"),
        "{:?}",
        rows[100]
    );
}

#[cfg(unix)]
#[test]
fn opening_a_named_pipe_fails_at_once_instead_of_waiting() {
    let (folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let pipe = folder.path().join("pipe.ron");
    let status = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(status.success());
    harness.state_mut().push(Command::OpenPath(pipe.clone()));
    harness.step();
    wait_until(&mut harness, "the open fails", |app| {
        !app.probe().dataset_loading() && app.probe().load_problems().is_some()
    });
    let problems = harness.state().probe().load_problems().unwrap();
    assert!(
        problems.diagnostics[0]
            .to_string()
            .starts_with(&format!("{}: error: not a regular file", pipe.display())),
        "{:?}",
        problems.diagnostics
    );
}

#[test]
fn a_folder_replaced_whole_by_convert_reloads_and_keeps_reloading() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/truce-2016.csv");
    let imported = load_path(&csv, &LoadOptions::default()).unwrap().dataset;
    // As `convert` does it: a new folder swapped in under the same name.
    conflict_timeline::load::write_folder(
        &imported,
        &dataset,
        &conflict_timeline::load::WriteOptions::default(),
    )
    .unwrap();
    wait_until(&mut harness, "the replaced folder is reloaded", |app| {
        app.probe().dataset() == &imported
    });
    // The watcher follows the name, not the removed folder: an edit to the
    // new folder reloads too.
    let main = dataset.join("dataset.ron");
    let text = std::fs::read_to_string(&main).unwrap();
    std::fs::write(&main, text.replace(&imported.title, "Edited after convert")).unwrap();
    wait_until(&mut harness, "the edit is reloaded", |app| {
        app.probe().dataset().title == "Edited after convert"
    });
}

#[test]
fn a_change_reloads_only_once_the_files_were_quiet_for_the_debounce() {
    let (folder, dataset) = dataset_copy();
    let clock = ManualClock::default();
    let mut app = app_for(&dataset);
    app.test_hooks()
        .set_reload_clock(std::sync::Arc::new(clock.clone()));
    let mut harness = harness_with(app);
    let before = harness.state().probe().dataset().events.len();
    let events = dataset.join("events.ron");
    let good = std::fs::read_to_string(&events).unwrap();
    let end = good.rfind(']').unwrap();
    let added = format!(
        "{}    (id: \"truce\", title: \"Truce begins\", start: \"2016-02-27\", lane: \"war\", sources: [\"report\"]),\n{}",
        &good[..end],
        &good[end..]
    );
    // Moved in whole from outside the folder: one change, one file event.
    let written = folder.path().join("events.ron.new");
    std::fs::write(&written, added).unwrap();
    std::fs::rename(&written, &events).unwrap();
    // The watcher reports the change; the clock stands still, so the
    // files have not been quiet for the debounce yet and nothing reloads.
    let reported = harness
        .state_mut()
        .test_hooks()
        .wait_for_background(Duration::from_secs(10));
    assert!(reported, "the watcher reports the change");
    harness.step();
    // Platforms that report one change as several events have sent them
    // all by now.
    while harness
        .state_mut()
        .test_hooks()
        .wait_for_background(Duration::from_millis(200))
    {
        harness.step();
    }
    for _ in 0..5 {
        harness.step();
        assert!(!harness.state().probe().dataset_loading(), "no reload yet");
    }
    clock.advance(RELOAD_DEBOUNCE - Duration::from_millis(1));
    harness.step();
    assert!(!harness.state().probe().dataset_loading(), "still too soon");
    assert_eq!(harness.state().probe().dataset().events.len(), before);
    // Held, the reload is seen to start before it can finish.
    let hold = JobHold::new(&harness.ctx);
    clock.advance(Duration::from_millis(1));
    harness.step();
    assert!(
        harness.state().probe().dataset_loading(),
        "quiet long enough: it reloads"
    );
    hold.release();
    wait_until(&mut harness, "the change is swapped in", |app| {
        app.probe().dataset().events.len() == before + 1
    });
}

#[test]
fn a_newer_open_wins_over_one_still_loading() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/truce-2016.csv");
    // Held, neither load can finish before the other is asked for.
    let hold = JobHold::new(&harness.ctx);
    harness.state_mut().push(Command::OpenPath(csv.clone()));
    harness.step();
    assert!(harness.state().probe().dataset_loading());
    harness.state_mut().push(Command::OpenBuiltIn);
    harness.step();
    hold.release();
    wait_until(&mut harness, "the built-in dataset is open", |app| {
        app.probe().origin() == &Origin::BuiltIn && !app.probe().dataset_loading()
    });
    let canonical = std::fs::canonicalize(&csv).unwrap();
    assert!(
        !harness
            .state()
            .probe()
            .recent_datasets()
            .contains(&canonical),
        "the older load is dropped unseen"
    );
}

#[test]
fn a_reload_never_replaces_a_dataset_being_opened() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    let hold = JobHold::new(&harness.ctx);
    harness.state_mut().push(Command::OpenBuiltIn);
    harness.step();
    // File → Reload while the built-in dataset is still opening.
    harness.get_by_label("File").click();
    // The spinner of the open keeps asking for frames: step, not run.
    for _ in 0..4 {
        harness.step();
    }
    harness.get_by_label("Reload").click();
    harness.step();
    hold.release();
    wait_until(&mut harness, "the built-in dataset is open", |app| {
        !app.probe().dataset_loading()
    });
    assert_eq!(
        harness.state().probe().origin(),
        &Origin::BuiltIn,
        "the reload did not replace the open"
    );
}

/// Every rectangle filled with exactly `color` in the last frame.
fn rects_filled_with(harness: &Harness<'_, TimelineApp>, color: egui::Color32) -> usize {
    fn count(shape: &egui::Shape, color: egui::Color32) -> usize {
        match shape {
            egui::Shape::Rect(rect) => usize::from(rect.fill == color),
            egui::Shape::Vec(shapes) => shapes.iter().map(|s| count(s, color)).sum(),
            _ => 0,
        }
    }
    harness
        .output()
        .shapes
        .iter()
        .map(|clipped| count(&clipped.shape, color))
        .sum()
}

#[test]
fn a_reload_paints_the_lanes_in_their_new_colours() {
    let (_folder, dataset) = dataset_copy();
    let mut harness = harness_for(&dataset);
    // As drawn in the dark theme: lifted where too faint on it.
    let drawn = |color| mark_color(color, ExportTheme::Dark);
    let old = drawn(egui::Color32::from_rgb(0xb3, 0x40, 0x3a));
    let new = drawn(egui::Color32::from_rgb(0x12, 0x34, 0x56));
    assert!(
        rects_filled_with(&harness, old) > 0,
        "the War lane's swatch"
    );
    assert_eq!(rects_filled_with(&harness, new), 0);

    let file = dataset.join("dataset.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("#b3403a", "#123456")).unwrap();
    wait_until(&mut harness, "the new colour is loaded", |app| {
        app.probe().dataset().lanes[0].color.as_deref() == Some("#123456")
    });
    harness.run();
    assert!(
        rects_filled_with(&harness, new) > 0,
        "the War lane's swatch"
    );
    assert_eq!(
        rects_filled_with(&harness, old),
        0,
        "no trace of the old colour"
    );
}

#[test]
fn a_reloaded_big_dataset_waits_for_a_pause_of_its_own_before_its_search_text() {
    use conflict_timeline::generate::{GenerateOptions, generate, write_generated};
    // Big enough that its search text waits for the user to pause.
    let folder = tempfile::tempdir().unwrap();
    let dataset = generate(&GenerateOptions::new(60_000)).unwrap();
    write_generated(&dataset, folder.path(), &Default::default()).unwrap();
    drop(dataset);
    let mut harness = harness_for(folder.path());
    let pause_steps = (conflict_timeline::testing::GESTURE_PAUSE / 0.05).ceil() as usize;
    for _ in 0..4 * pause_steps {
        if harness.state().probe().search_text_started() {
            break;
        }
        harness.step();
    }
    assert!(harness.state().probe().search_text_started());

    // A change reloads it, the view kept: its text waits for a pause too.
    let file = folder.path().join("dataset.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("title: \"", "title: \"Reloaded ", 1)).unwrap();
    wait_until(&mut harness, "the change is loaded", |app| {
        app.probe().dataset().title.starts_with("Reloaded ")
    });
    assert!(
        !harness.state().probe().search_text_started(),
        "not in the frame that shows the reloaded dataset"
    );
    for _ in 0..2 * pause_steps {
        harness.step();
    }
    assert!(harness.state().probe().search_text_started());
}
