//! Layers in the running app: another dataset below the first on the same
//! axis, with its header (title, fold, hide, move, remove); search, Details
//! and quotes across layers; identity by (layer, id); each layer reloading
//! on its own and reporting its errors under its name; File → Add layer…
//! and Shift+drop.
//!
//! Between frames the tests wait for the app's background work (a load, a
//! merge, a file event), never for a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use conflict_timeline::load::{LoadOptions, Loaded, load_builtin, load_path};
use conflict_timeline::model::EventIndex;
use conflict_timeline::ui::{Command, TimelineApp};
use eframe::egui::{self, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

use common::{MemoryStorage, click_at};

/// The small folder-form test dataset in a temporary folder, one of its
/// events renamed to an id the built-in dataset has too
/// (`munich-issg`), its lanes `war` and `diplomacy` as the built-in one's.
fn layer_copy() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let dataset = folder.path().join("minimal");
    std::fs::create_dir(&dataset).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal");
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dataset.join(entry.file_name())).unwrap();
    }
    let events = dataset.join("events.ron");
    let text = std::fs::read_to_string(&events).unwrap();
    std::fs::write(&events, text.replace("\"talks\"", "\"munich-issg\"")).unwrap();
    // Its quotes name the event by its new id.
    let quotes = dataset.join("quotes.ron");
    let text = std::fs::read_to_string(&quotes).unwrap();
    std::fs::write(&quotes, text.replace("\"talks\"", "\"munich-issg\"")).unwrap();
    (folder, dataset)
}

fn load(path: &Path) -> Loaded {
    load_path(path, &LoadOptions::default()).expect("the layer loads")
}

/// The built-in dataset with the layer at `path` below it.
fn harness_with_layer(path: &Path) -> Harness<'static, TimelineApp> {
    let base = load_builtin().unwrap();
    let mut app = TimelineApp::from_layers(base, vec![load(path)]);
    app.test_hooks().set_reload_debounce(Duration::ZERO);
    harness_with(app)
}

fn harness_with(app: TimelineApp) -> Harness<'static, TimelineApp> {
    common::harness_of(app, 1400.0, 900.0)
}

/// [`common::wait_until`], asking the app.
fn wait_until(
    harness: &mut Harness<'_, TimelineApp>,
    what: &str,
    done: impl Fn(&TimelineApp) -> bool,
) {
    common::wait_until(harness, what, |harness| done(harness.state()));
}

fn titles(app: &TimelineApp) -> Vec<String> {
    app.probe()
        .layers()
        .iter()
        .map(|(_, title)| (*title).to_owned())
        .collect()
}

/// The event of the layer at `layer` with this id.
fn event_in(app: &TimelineApp, layer: usize, id: &str) -> EventIndex {
    let dataset = app.probe().dataset();
    (0..dataset.events.len())
        .map(|at| EventIndex::new(at).unwrap())
        .find(|&e| dataset.events[e.get()].id == id && app.probe().layer_of(e) == Some(layer))
        .unwrap_or_else(|| panic!("no {id} in layer {layer}"))
}

#[test]
fn a_layer_shows_below_the_first_with_its_header() {
    let (_folder, layer) = layer_copy();
    let harness = harness_with_layer(&layer);
    let app = harness.state();
    let probe = app.probe();
    assert_eq!(
        titles(app),
        [probe.dataset().title.as_str(), "Minimal example"],
        "the first dataset's title is the merge's"
    );
    let scene = probe.scene();
    assert_eq!(scene.layers.len(), 2, "a header per layer");
    // The second header is below every lane of the first layer, above its own.
    let second = scene.layers[1];
    let first_lanes = probe.dataset().lanes.len() - 2;
    for band in &scene.lanes {
        if band.lane < first_lanes {
            assert!(band.bottom <= second.top + 0.5, "{band:?}");
        } else {
            assert!(band.top >= second.bottom - 0.5, "{band:?}");
        }
    }
    // Both `war` lanes are there, one per layer.
    let wars = probe
        .dataset()
        .lanes
        .iter()
        .filter(|l| conflict_timeline::model::plain_id(&l.id) == "war")
        .count();
    assert_eq!(wars, 2);
    // The header names the layer for assistive technology too, by its
    // buttons.
    harness.get_by_label("Remove Minimal example");
    harness.get_by_label("Fold Minimal example");
    // The first dataset opened is not removed: File → Open replaces it.
    let base = probe.dataset().title.clone();
    assert!(harness.query_by_label(&format!("Remove {base}")).is_none());
}

#[test]
fn clicking_a_layer_header_folds_it_and_selecting_its_event_unfolds_it() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    let header = harness.state().probe().scene().layers[1];
    let x = harness.state().probe().timeline_rect().center().x - 200.0;
    click_at(
        &mut harness,
        Pos2::new(x, 0.5 * (header.top + header.bottom)),
    );
    let app = harness.state();
    let lanes = app.probe().dataset().lanes.len();
    assert!(app.probe().scene().layers[1].folded);
    assert!(
        app.probe().scene().lanes.iter().all(|b| b.lane < lanes - 2),
        "the layer's lanes are folded away"
    );
    // Walking to one of its events unfolds it: every event is reachable.
    let offensive = event_in(app, 1, "offensive");
    harness
        .state_mut()
        .push(Command::SelectAndCenter(offensive));
    harness.run();
    let app = harness.state();
    assert!(!app.probe().scene().layers[1].folded);
    assert!(app.probe().scene().item_rect(offensive).is_some());
}

#[test]
fn ids_repeat_across_layers_and_identity_is_the_layer_and_the_id() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    let app = harness.state();
    let in_base = event_in(app, 0, "munich-issg");
    let in_layer = event_in(app, 1, "munich-issg");
    assert_ne!(in_base, in_layer);
    harness.state_mut().push(Command::SelectAndCenter(in_layer));
    harness.run();
    // Details says which dataset it comes from.
    harness.get_by_label("Dataset: Minimal example");
    // Move the layer up: the merge is made again, the selection is still
    // the layer's event, not the built-in one with the same id.
    let key = harness.state().probe().layers()[1].0;
    harness
        .state_mut()
        .push(Command::MoveLayer { key, up: true });
    harness.run();
    wait_until(&mut harness, "the layers are swapped", |app| {
        app.probe().layers()[0].0 == key
    });
    let app = harness.state();
    assert_eq!(titles(app)[0], "Minimal example");
    let selected = app.probe().selected().expect("still selected");
    assert_eq!(app.probe().layer_of(selected), Some(0), "now the top layer");
    assert_eq!(app.probe().selected_event().unwrap().title, "Talks");
}

#[test]
fn search_spans_the_layers() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    harness
        .state_mut()
        .push(Command::SetSearch("offensive".to_owned()));
    harness.run();
    let app = harness.state();
    let offensive = event_in(app, 1, "offensive");
    assert!(app.probe().matches_search(offensive), "the layer's event");
    let count = app.probe().search_match_count().unwrap();
    assert!(count >= 2, "and the built-in dataset's offensives: {count}");
}

#[test]
fn hide_hides_a_layer_s_lanes_and_remove_takes_it_away() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    let lanes = harness.state().probe().dataset().lanes.len();
    harness.get_by_label("Hide Minimal example").click();
    harness.run();
    let scene = harness.state().probe().scene();
    let shown: Vec<usize> = scene.lanes.iter().map(|b| b.lane).collect();
    assert!(
        shown.iter().all(|&l| l < lanes - 2),
        "the layer's lanes are hidden whole: {shown:?}"
    );
    assert_eq!(
        scene.layers.len(),
        2,
        "its header stays, to show them again"
    );
    harness.get_by_label("Show Minimal example").click();
    harness.run();
    assert_eq!(harness.state().probe().scene().lanes.len(), lanes);

    harness.get_by_label("Remove Minimal example").click();
    wait_until(&mut harness, "the layer is removed", |app| {
        app.probe().layers().len() == 1
    });
    let app = harness.state();
    assert_eq!(app.probe().dataset().lanes.len(), lanes - 2);
    assert!(
        app.probe().scene().layers.is_empty(),
        "no header for one dataset"
    );
}

#[test]
fn a_layer_reloads_on_its_own_and_keeps_its_last_good_version_on_errors() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    let before = harness.state().probe().dataset().events.len();
    let events = layer.join("events.ron");
    let good = std::fs::read_to_string(&events).unwrap();
    // Broken: the layer's errors are reported under its name, and the
    // timeline keeps showing both layers.
    std::fs::write(
        &events,
        good.replacen("),\n    (id: \"offensive\"", ")\n    (id: \"offensive\"", 1),
    )
    .unwrap();
    let key = harness.state().probe().layers()[1].0;
    wait_until(&mut harness, "the layer's errors are shown", |app| {
        app.probe().layer_problems(key).is_some()
    });
    let app = harness.state();
    assert_eq!(app.probe().dataset().events.len(), before);
    assert_eq!(app.probe().layers().len(), 2);
    let problems = app.probe().layer_problems(key).unwrap();
    assert!(
        problems.headline.contains("minimal"),
        "{}",
        problems.headline
    );
    assert!(
        app.probe().load_problems().is_none(),
        "not the first dataset's"
    );
    // Fixed, with one more event: swapped in, the first layer untouched.
    let end = good.rfind(']').unwrap();
    let fixed = format!(
        "{}    (id: \"truce\", title: \"Truce begins\", start: \"2016-02-27\", lane: \"war\", sources: [\"report\"]),\n{}",
        &good[..end],
        &good[end..]
    );
    std::fs::write(&events, fixed).unwrap();
    wait_until(&mut harness, "the fixed layer is swapped in", |app| {
        app.probe().dataset().events.len() == before + 1
    });
    let app = harness.state();
    assert!(app.probe().layer_problems(key).is_none());
    assert_eq!(titles(app)[1], "Minimal example");
    event_in(app, 1, "truce");
}

#[test]
fn file_add_layer_opens_a_typed_path_below_the_dataset() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with(TimelineApp::new(load_builtin().unwrap().dataset));
    common::type_in_file_window(&mut harness, "Add layer…", "Path", layer.to_str().unwrap());
    harness.get_by_label("Add as layer").click();
    wait_until(&mut harness, "the layer is added", |app| {
        app.probe().layers().len() == 2
    });
    assert_eq!(titles(harness.state())[1], "Minimal example");
}

#[test]
fn a_file_dropped_with_shift_held_is_added_as_a_layer() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with(TimelineApp::new(load_builtin().unwrap().dataset));
    let input = harness.input_mut();
    input
        .events
        .push(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    input
        .dropped_files
        .push(std::sync::Arc::new(DroppedPath(layer.clone())));
    harness.step();
    harness
        .input_mut()
        .events
        .push(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    wait_until(&mut harness, "the layer is added", |app| {
        app.probe().layers().len() == 2
    });
    let base = load_builtin().unwrap().dataset;
    assert_eq!(
        titles(harness.state()),
        [base.title.as_str(), "Minimal example"]
    );
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
fn save_workspace_as_writes_the_layers_and_the_file_opens_them_again() {
    let (folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    let file = folder.path().join("story.ron");
    // The field proposes a file beside the first dataset; typed over.
    common::type_in_file_window(
        &mut harness,
        "Save workspace as…",
        "Workspace file",
        file.to_str().unwrap(),
    );
    harness.get_by_label("Save").click();
    wait_until(&mut harness, "the workspace is written", |_| file.is_file());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Workspace("), "{text}");
    assert!(
        text.contains("path: \"minimal\""),
        "relative to its folder: {text}"
    );

    // Opened as the command line opens it: both layers, in order.
    let cli = <conflict_timeline::cli::Cli as clap::Parser>::try_parse_from([
        "conflict-timeline",
        file.to_str().unwrap(),
    ])
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    match conflict_timeline::cli::run(cli, &mut out, &mut err) {
        conflict_timeline::cli::Action::OpenApp(base, layers, _) => {
            assert_eq!(base.dataset.title, load_builtin().unwrap().dataset.title);
            assert_eq!(layers.len(), 1);
            assert_eq!(layers[0].dataset.title, "Minimal example");
        }
        conflict_timeline::cli::Action::Exit(code) => {
            panic!("exit {code}: {}", String::from_utf8_lossy(&err))
        }
    }
}

#[test]
fn opening_a_workspace_in_the_app_opens_its_layers_in_place_of_what_shows() {
    let (folder, layer) = layer_copy();
    let file = folder.path().join("work.ron");
    std::fs::write(
        &file,
        "Workspace(format: 1, layers: [(path: \"minimal\"), ()])",
    )
    .unwrap();
    let mut harness = harness_with(TimelineApp::new(load_builtin().unwrap().dataset));
    harness.state_mut().push(Command::OpenPath(file.clone()));
    wait_until(&mut harness, "both layers are open", |app| {
        app.probe().layers().len() == 2
    });
    let base = load_builtin().unwrap().dataset.title;
    assert_eq!(titles(harness.state()), ["Minimal example", base.as_str()]);
    let _ = layer;
    // A broken workspace changes nothing and says why, with its place.
    std::fs::write(&file, "Workspace(format: 1, layers: [(paht: \"x\")])").unwrap();
    harness.state_mut().push(Command::OpenPath(file));
    harness.run();
    let app = harness.state();
    assert_eq!(app.probe().layers().len(), 2);
    assert!(
        app.probe()
            .notices()
            .iter()
            .any(|n| n.contains("work.ron:1:") && n.contains("paht")),
        "{:?}",
        app.probe().notices()
    );
}

#[test]
fn the_layer_set_is_restored_on_the_next_start_and_gone_files_are_dropped_with_a_note() {
    let (_folder, layer) = layer_copy();
    let app = TimelineApp::from_layers(load_builtin().unwrap(), vec![load(&layer)]);
    let mut settings = app.probe().settings();
    // What the app keeps when it saves.
    let mut storage = MemoryStorage::default();
    {
        let mut app = app;
        eframe::App::save(&mut app, &mut storage);
        settings.layer_set =
            eframe::get_value::<conflict_timeline::ui::Settings>(&storage, "conflict-timeline")
                .unwrap()
                .layer_set;
    }
    assert_eq!(settings.layer_set.len(), 2);
    let mut gone = settings.layer_set[1].clone();
    gone.path = layer.with_file_name("gone");
    settings.layer_set.push(gone);
    eframe::set_value(&mut storage, "conflict-timeline", &settings);

    let mut app = TimelineApp::new(load_builtin().unwrap().dataset);
    app.restore(&storage);
    let mut harness = harness_with(app);
    wait_until(&mut harness, "the layer is opened again", |app| {
        app.probe().layers().len() == 2
    });
    assert_eq!(titles(harness.state())[1], "Minimal example");
    assert!(
        harness
            .state()
            .probe()
            .notices()
            .iter()
            .any(|n| n.contains("gone") && n.contains("no longer exists")),
        "{:?}",
        harness.state().probe().notices()
    );
}

#[test]
fn the_overview_stacks_its_density_by_layer() {
    let (_folder, layer) = layer_copy();
    let harness = harness_with_layer(&layer);
    let probe = harness.state().probe();
    let total = probe.overview_density();
    let layers = probe.overview_layer_density();
    assert_eq!(layers.len(), 2);
    for (bin, &count) in total.iter().enumerate() {
        let parts: u32 = layers.iter().map(|l| l[bin]).sum();
        assert_eq!(parts, count, "bin {bin}");
    }
    assert_eq!(layers[1].iter().sum::<u32>(), 2, "the layer's two events");
}

#[test]
fn the_first_dataset_reloads_under_its_layers_and_keeps_them() {
    let (_folder, layer) = layer_copy();
    let (_other, base) = layer_copy();
    // The first dataset is a copy too, so that it can be edited.
    let mut app = TimelineApp::from_layers(load(&base), vec![load(&layer)]);
    app.test_hooks().set_reload_debounce(Duration::ZERO);
    let mut harness = harness_with(app);
    let before = harness.state().probe().dataset().events.len();
    let events = base.join("events.ron");
    let good = std::fs::read_to_string(&events).unwrap();
    let end = good.rfind(']').unwrap();
    let more = format!(
        "{}    (id: \"truce\", title: \"Truce begins\", start: \"2016-02-27\", lane: \"war\", sources: [\"report\"]),\n{}",
        &good[..end],
        &good[end..]
    );
    std::fs::write(&events, more).unwrap();
    wait_until(&mut harness, "the first dataset is reloaded", |app| {
        app.probe().dataset().events.len() == before + 1
    });
    let app = harness.state();
    assert_eq!(app.probe().layers().len(), 2, "the layer stays");
    event_in(app, 0, "truce");
    assert_eq!(app.probe().scene().layers.len(), 2);
}

#[test]
fn save_dataset_as_with_layers_writes_the_first_dataset_and_keeps_the_layers() {
    let (folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    let target = folder.path().join("saved");
    common::type_in_file_window(
        &mut harness,
        "Save dataset as…",
        "Folder",
        target.to_str().unwrap(),
    );
    harness.get_by_label("Save").click();
    harness.step();
    wait_until(&mut harness, "the saved folder is open", |app| {
        matches!(
            app.probe().origin(),
            conflict_timeline::load::Origin::Folder(_)
        )
    });
    let saved = load(&target).dataset;
    assert_eq!(
        saved,
        load_builtin().unwrap().dataset,
        "the first dataset alone"
    );
    wait_until(&mut harness, "the layer is there", |app| {
        app.probe().layers().len() == 2
    });
    assert_eq!(titles(harness.state())[1], "Minimal example");
}

#[test]
fn the_figures_legend_groups_the_series_by_dataset() {
    let (_folder, layer) = layer_copy();
    let mut harness = harness_with_layer(&layer);
    harness
        .state_mut()
        .push(Command::SetSideTab(conflict_timeline::ui::SideTab::Figures));
    harness.run();
    let base = load_builtin().unwrap().dataset.title;
    // Each dataset's title heads its series, in the tab and over the chart.
    for title in [base.as_str(), "Minimal example"] {
        let headings = harness
            .query_all_by_label(title)
            .filter(|node| {
                use egui_kittest::kittest::NodeT as _;
                node.accesskit_node().role() == egui::accesskit::Role::Label
            })
            .count();
        assert!(headings >= 1, "{title}");
    }
}

#[test]
fn changes_asked_for_while_one_is_made_are_all_made_in_order() {
    let (_folder, first) = layer_copy();
    let (_other, second) = layer_copy();
    let base = load_builtin().unwrap();
    let app = TimelineApp::from_layers(base, vec![load(&first), load(&second)]);
    let mut harness = harness_with(app);
    let keys: Vec<u32> = harness
        .state()
        .probe()
        .layers()
        .iter()
        .map(|(key, _)| *key)
        .collect();
    assert_eq!(keys.len(), 3);
    // Two removals in one frame, then a move: none is lost.
    harness.state_mut().push(Command::RemoveLayer(keys[1]));
    harness.state_mut().push(Command::MoveLayer {
        key: keys[2],
        up: true,
    });
    harness.state_mut().push(Command::MoveLayer {
        key: keys[2],
        up: true,
    });
    harness.step();
    wait_until(&mut harness, "every change is made", |app| {
        !app.probe().dataset_loading()
    });
    let now: Vec<u32> = harness
        .state()
        .probe()
        .layers()
        .iter()
        .map(|(key, _)| *key)
        .collect();
    assert_eq!(
        now,
        [keys[2], 0],
        "removed, then moved up twice (once at the top)"
    );
}
