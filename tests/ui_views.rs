//! Saved views and story mode, driven headlessly: the Views menu goes to
//! a view (its range, lanes and event), the Views window saves the view on
//! screen and renames, reorders and deletes views, Save views writes a
//! dataset folder's views.ron and nothing else, other datasets' views are
//! kept in the settings, and story mode steps through the slides with its
//! keys and clicks while the timeline stays live.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use conflict_timeline::load::{LoadOptions, WriteOptions, load_builtin, load_path, write_folder};
use conflict_timeline::model::SavedView;
use conflict_timeline::ui::{Command, TimelineApp};
use conflict_timeline::{Dataset, TimeView};
use eframe::egui::{self, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

fn harness() -> Harness<'static, TimelineApp> {
    common::app_harness(1400.0, 880.0)
}

fn run_command(harness: &mut Harness<'static, TimelineApp>, command: Command) {
    harness.state_mut().push(command);
    harness.run();
}

fn key(harness: &mut Harness<'static, TimelineApp>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn builtin() -> Dataset {
    load_builtin().unwrap().dataset
}

fn view_position(app: &TimelineApp, id: &str) -> usize {
    app.probe()
        .views()
        .iter()
        .position(|view| view.id == id)
        .unwrap_or_else(|| panic!("no view {id}"))
}

/// The same range but for rounding: the ends within a millionth of the
/// longer span.
fn same_range(a: TimeView, b: TimeView) -> bool {
    let tolerance = a.span().abs().max(b.span().abs()) * 1e-6;
    (a.start - b.start).abs() <= tolerance && (a.end - b.end).abs() <= tolerance
}

/// Asserts the view on screen is `view`'s range, as its author framed it
/// (the selected event's label is not brought into view by moving it).
fn assert_view_range(app: &TimelineApp, view: &SavedView) {
    let (start, end) = view.span();
    let target = app.probe().target_view();
    assert!(
        same_range(target, TimeView::new(start, end)),
        "{target:?} is not the view's {start}..{end}"
    );
}

/// Asserts the app shows `id`: its range, its event selected, only its
/// lanes (when it names some).
fn assert_at_view(app: &TimelineApp, id: &str) {
    let probe = app.probe();
    let view = probe.views()[view_position(app, id)].clone();
    assert_view_range(app, &view);
    let selected = probe.selected_event().map(|e| e.id.to_string());
    assert_eq!(selected, view.select, "{id}");
    if !view.lanes.is_empty() {
        let dataset = probe.dataset();
        for (lane, hidden) in dataset.lanes.iter().zip(probe.hidden_lanes()) {
            assert_eq!(*hidden, !view.lanes.contains(&lane.id), "{id}: {}", lane.id);
        }
    }
}

/// Whether a notice over the timeline says `needle`.
fn has_notice(harness: &Harness<'_, TimelineApp>, needle: &str) -> bool {
    harness
        .state()
        .probe()
        .notices()
        .iter()
        .any(|notice| notice.contains(needle))
}

fn assert_notice(harness: &Harness<'_, TimelineApp>, needle: &str) {
    assert!(
        has_notice(harness, needle),
        "no notice says {needle:?}: {:?}",
        harness.state().probe().notices()
    );
}

fn assert_notice_starting(harness: &Harness<'_, TimelineApp>, start: &str) {
    let notices = harness.state().probe().notices();
    assert!(
        notices.iter().any(|notice| notice.starts_with(start)),
        "no notice starts {start:?}: {notices:?}"
    );
}

/// Writes `list` as the views of the dataset folder `dataset` inline in its
/// dataset.ron, in place of its views.ron; returns its new text.
fn write_views_inline(dataset: &Path, list: &str) -> String {
    std::fs::remove_file(dataset.join("views.ron")).unwrap();
    let main = std::fs::read_to_string(dataset.join("dataset.ron")).unwrap();
    let inline =
        main.trim_end().strip_suffix(')').unwrap().to_owned() + "    views: " + list + ",\n)\n";
    std::fs::write(dataset.join("dataset.ron"), &inline).unwrap();
    inline
}

#[test]
fn the_views_menu_goes_to_a_view_eased_with_its_lanes_and_event() {
    let mut harness = harness();
    harness.get_by_label("Views").click();
    harness.run();
    // Every view of the built-in dataset is listed, in order.
    for (at, view) in builtin().views.iter().enumerate() {
        harness.get_by_label(&format!("{}. {}", at + 1, view.title));
    }
    let before = harness.state().probe().history_depth();
    harness.get_by_label("3. Munich: a truce in a week").click();
    // Eased: the first frame is on the way, not there.
    harness.step();
    let munich = harness.state().probe().views()[2].clone();
    let (start, end) = munich.span();
    let first = harness.state().probe().view();
    assert!(!same_range(first, TimeView::new(start, end)), "{first:?}");
    harness.run();
    assert_at_view(harness.state(), "munich");
    assert!(same_range(
        harness.state().probe().view(),
        TimeView::new(start, end)
    ));
    // One named move in the history: Back returns.
    assert_eq!(harness.state().probe().history_depth().0, before.0 + 1);
}

#[test]
fn the_views_window_saves_the_view_on_screen_under_a_name() {
    let mut harness = harness();
    let munich = common::event_index(harness.state(), "munich-issg");
    run_command(&mut harness, Command::ZoomToEvent(munich));
    // The humanitarian lane hidden: the view keeps the lanes shown.
    let humanitarian = harness
        .state()
        .probe()
        .dataset()
        .lanes
        .iter()
        .position(|lane| lane.id == "humanitarian")
        .unwrap();
    run_command(&mut harness, Command::ToggleHidden(humanitarian));
    let shown = harness.state().probe().target_view();
    harness.get_by_label("Views").click();
    harness.run();
    harness.get_by_label("Save current view…").click();
    harness.run();
    assert!(harness.state().probe().views_window_open());
    harness.get_by_label("Name").type_text("Munich close up");
    harness.run();
    harness.get_by_label("Save current view").click();
    harness.run();

    let probe = harness.state().probe();
    let saved = probe.views().last().unwrap().clone();
    assert_eq!(probe.views().len(), builtin().views.len() + 1);
    assert!(probe.views_changed());
    assert_eq!(saved.title, "Munich close up");
    assert_eq!(saved.id, "munich-close-up");
    assert_eq!(saved.select.as_deref(), Some("munich-issg"));
    assert_eq!(saved.lanes, ["war", "diplomacy", "truce"]);
    // The range in whole days, around what was on screen.
    let (start, end) = saved.span();
    assert!(
        start <= shown.start && end >= shown.end,
        "{saved:?} / {shown:?}"
    );
    assert!(shown.start - start < 1.0 && end - shown.end < 1.0);

    // Somewhere else, then back to it from the window.
    run_command(&mut harness, Command::FitAll);
    run_command(&mut harness, Command::ToggleHidden(humanitarian));
    harness
        .get_by_label(&format!("{}. Munich close up", builtin().views.len() + 1))
        .click();
    harness.run();
    assert_at_view(harness.state(), "munich-close-up");
}

#[test]
fn views_are_renamed_moved_and_deleted_in_the_window() {
    let mut harness = harness();
    run_command(&mut harness, Command::ShowViews);
    // Rename the first view in its field.
    harness.get_all_by_label("Rename").next().unwrap().click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.focused_text_edit_type("The war");
    eprintln!(
        "field: {:?}",
        harness
            .get_by_label("New name for From uprising to civil war")
            .value()
    );
    harness.key_press(Key::Enter);
    harness.run();
    let probe = harness.state().probe();
    assert_eq!(probe.views()[0].title, "The war");
    assert_eq!(probe.views()[0].id, "war-before-truce", "the id stays");
    assert!(probe.views_changed());

    // Down moves it below the second; Up on the second's place back.
    harness.get_all_by_label("Down").next().unwrap().click();
    harness.run();
    let ids: Vec<String> = harness
        .state()
        .probe()
        .views()
        .iter()
        .map(|v| v.id.clone())
        .collect();
    assert_eq!(&ids[..2], ["vienna-to-geneva", "war-before-truce"]);
    harness.get_all_by_label("Up").nth(1).unwrap().click();
    harness.run();
    assert_eq!(harness.state().probe().views()[0].id, "war-before-truce");

    // Delete the last.
    let count = harness.state().probe().views().len();
    harness.get_all_by_label("Delete").last().unwrap().click();
    harness.run();
    let views = harness.state().probe().views();
    assert_eq!(views.len(), count - 1);
    assert!(views.iter().all(|view| view.id != "displacement"));

    // Revert: the files' views again, the changes dropped.
    harness.get_by_label("Revert").click();
    harness.run();
    assert_eq!(harness.state().probe().views(), builtin().views);
    assert!(!harness.state().probe().views_changed());
}

/// Typing into whatever text field has the keyboard.
trait TypeFocused {
    fn focused_text_edit_type(&mut self, text: &str);
}

impl TypeFocused for Harness<'static, TimelineApp> {
    fn focused_text_edit_type(&mut self, text: &str) {
        self.event(egui::Event::Text(text.to_owned()));
        self.run();
    }
}

#[test]
fn f5_presents_the_views_and_the_story_keys_step_through_them() {
    let mut harness = harness();
    let count = builtin().views.len();
    key(&mut harness, Key::F5);
    assert_eq!(harness.state().probe().story_slide(), Some(0));
    assert_at_view(harness.state(), "war-before-truce");
    // The slide is set beside the timeline: its title and text.
    harness.get_by_label("From uprising to civil war");
    harness.get_by_label("1 / 9");
    for (press, slide) in [
        (Key::PageDown, 1),
        (Key::ArrowRight, 2),
        (Key::PageUp, 1),
        (Key::ArrowLeft, 0),
        (Key::ArrowLeft, 0),
        (Key::End, count - 1),
        (Key::ArrowRight, count - 1),
        (Key::Home, 0),
    ] {
        key(&mut harness, press);
        assert_eq!(
            harness.state().probe().story_slide(),
            Some(slide),
            "{press:?}"
        );
    }
    // Clicks: Next, then a slide of the strip.
    harness.get_by_label("Next \u{203a}").click();
    harness.run();
    assert_eq!(harness.state().probe().story_slide(), Some(1));
    assert_at_view(harness.state(), "vienna-to-geneva");
    // Arriving is not moving away, though the label of its event is
    // brought whole into view.
    assert!(harness.query_by_label("Back to the slide").is_none());
    let strip = harness.get_by_label("Slide 2 of 9: Vienna to Geneva: talks begin and stall");
    let rect = strip.rect();
    let third = egui::pos2(rect.left() + rect.width() * 2.5 / 9.0, rect.center().y);
    common::click_at(&mut harness, third);
    assert_eq!(harness.state().probe().story_slide(), Some(2));
    assert_at_view(harness.state(), "munich");
    // Its quotes are set with the slide.
    harness.get_by_label("\u{201c}That is ambitious.\u{201d}");
    assert!(
        harness
            .query_all_by_label("\u{2014} John Kerry, U.S. Secretary of State, 12 February 2016")
            .next()
            .is_some()
    );

    // Esc leaves where the view is.
    let at = harness.state().probe().target_view();
    key(&mut harness, Key::Escape);
    assert_eq!(harness.state().probe().story_slide(), None);
    assert_eq!(harness.state().probe().target_view(), at);
    assert!(harness.query_by_label("1 / 9").is_none());
}

#[test]
fn the_timeline_stays_live_in_a_story_and_back_to_the_slide_returns() {
    let mut harness = harness();
    run_command(&mut harness, Command::Present(2));
    assert_at_view(harness.state(), "munich");
    assert!(harness.query_by_label("Back to the slide").is_none());
    // Zoom out with the wheel over the timeline, and select another event.
    let centre = harness.state().probe().timeline_rect().center();
    common::wheel(&mut harness, centre, -3.0, Modifiers::NONE);
    let zoomed = harness.state().probe().target_view();
    let munich = harness.state().probe().views()[2].span();
    assert!(zoomed.span() > munich.1 - munich.0, "the wheel zooms out");
    let other = common::event_index(harness.state(), "russia-proposed-ceasefire-date");
    run_command(&mut harness, Command::Select(Some(other)));
    assert_eq!(
        harness.state().probe().story_slide(),
        Some(2),
        "still the story"
    );
    // The selected event's details under the slide.
    harness.get_by_label("Sources");
    harness.get_by_label("Back to the slide").click();
    harness.run();
    assert_at_view(harness.state(), "munich");
    assert!(harness.query_by_label("Back to the slide").is_none());
}

#[test]
fn present_without_views_says_how_to_make_them() {
    let mut dataset = builtin();
    dataset.views.clear();
    let mut harness = common::harness_showing(dataset, 1400.0, 880.0);
    key(&mut harness, Key::F5);
    assert_eq!(harness.state().probe().story_slide(), None);
    assert_notice(&harness, "no views to present");
}

/// The built-in dataset as a folder in a temporary folder.
fn folder_copy() -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let dataset = folder.path().join("syria");
    write_folder(&builtin(), &dataset, &WriteOptions::default()).unwrap();
    (folder, dataset)
}

fn harness_for(path: &Path) -> Harness<'static, TimelineApp> {
    let loaded = load_path(path, &LoadOptions::default()).unwrap();
    let mut app = TimelineApp::from_loaded(loaded);
    app.test_hooks().set_reload_debounce(Duration::ZERO);
    common::harness_of(app, 1400.0, 880.0)
}

#[test]
fn save_views_writes_the_folder_s_views_ron_and_nothing_else() {
    let (_folder, dataset) = folder_copy();
    let files_before: Vec<(String, Vec<u8>)> = [
        "dataset.ron",
        "events.ron",
        "quotes.ron",
        "displacement.ron",
    ]
    .iter()
    .map(|name| {
        (
            (*name).to_owned(),
            std::fs::read(dataset.join(name)).unwrap(),
        )
    })
    .collect();
    let mut harness = harness_for(&dataset);
    run_command(&mut harness, Command::FitAll);
    run_command(
        &mut harness,
        Command::SaveCurrentView("Everything".to_owned()),
    );
    run_command(&mut harness, Command::DeleteView(0));
    assert!(harness.state().probe().views_changed());
    harness.get_by_label("Views").click();
    harness.run();
    harness.get_by_label("Save views").click();
    harness.run();
    common::wait_until(
        &mut harness,
        "the views are written and reloaded",
        |harness| {
            let probe = harness.state().probe();
            !probe.views_changed() && probe.dataset().views.iter().any(|v| v.id == "everything")
        },
    );
    let written = load_path(&dataset, &LoadOptions::default())
        .unwrap()
        .dataset;
    assert_eq!(written.views, harness.state().probe().views());
    assert_eq!(written.views.len(), builtin().views.len());
    assert_eq!(written.views.last().unwrap().title, "Everything");
    assert!(written.views.iter().all(|v| v.id != "war-before-truce"));
    // The hand-written files are as they were, and nothing else was left.
    for (name, bytes) in files_before {
        assert_eq!(std::fs::read(dataset.join(&name)).unwrap(), bytes, "{name}");
    }
    assert_eq!(
        common::names(&dataset),
        [
            "dataset.ron",
            "displacement.ron",
            "events.ron",
            "quotes.ron",
            "views.ron"
        ]
    );
    assert_notice_starting(&harness, "Saved 9 views");
}

#[test]
fn views_written_in_dataset_ron_are_not_overwritten_by_a_views_ron() {
    let (_folder, dataset) = folder_copy();
    // The views inline in dataset.ron, with no views.ron.
    let views = std::fs::read_to_string(dataset.join("views.ron")).unwrap();
    // The list after the `#![enable(…)]` line and the comment.
    let list = views[views.find("\n[").unwrap() + 1..]
        .trim_end()
        .to_owned();
    let inline = write_views_inline(&dataset, &list);
    let mut harness = harness_for(&dataset);
    assert_eq!(harness.state().probe().views().len(), builtin().views.len());
    run_command(&mut harness, Command::DeleteView(0));
    run_command(&mut harness, Command::WriteViews);
    // The write is checked and refused off the UI thread.
    common::wait_until(&mut harness, "the write is refused", |harness| {
        has_notice(harness, "written in its dataset.ron")
    });
    assert!(!dataset.join("views.ron").exists());
    assert_eq!(
        std::fs::read_to_string(dataset.join("dataset.ron")).unwrap(),
        inline
    );
    assert!(harness.state().probe().views_changed(), "kept in the app");
    assert_notice(&harness, "written in its dataset.ron");
}

#[test]
fn another_dataset_s_views_are_kept_in_the_settings_for_the_next_run() {
    let mut harness = harness();
    run_command(&mut harness, Command::SaveCurrentView("Mine".to_owned()));
    run_command(&mut harness, Command::WriteViews);
    assert_notice(&harness, "kept in the app");
    let mut storage = common::MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let kept = harness.state().probe().settings().kept_views;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].views.last().unwrap().title, "Mine");

    // The next run shows them in place of the files'.
    let mut app = TimelineApp::new(builtin());
    app.restore(&storage);
    let harness = common::harness_of(app, 1400.0, 880.0);
    let views = harness.state().probe().views();
    assert_eq!(views.last().unwrap().title, "Mine");
    assert!(harness.state().probe().views_changed());
}

#[test]
fn save_dataset_as_writes_the_views_as_the_app_has_them() {
    let folder = tempfile::tempdir().unwrap();
    let mut harness = harness();
    run_command(&mut harness, Command::SaveCurrentView("Mine".to_owned()));
    let target = folder.path().join("saved");
    common::type_in_file_window(
        &mut harness,
        "Save dataset as…",
        "Folder",
        target.to_str().unwrap(),
    );
    harness.get_by_label("Save").click();
    harness.step();
    common::wait_until(&mut harness, "the saved folder is open", |harness| {
        matches!(
            harness.state().probe().origin(),
            conflict_timeline::load::Origin::Folder(_)
        )
    });
    let saved = load_path(&target, &LoadOptions::default()).unwrap().dataset;
    assert_eq!(saved.views.last().unwrap().title, "Mine");
    assert_eq!(saved.views.len(), builtin().views.len() + 1);
    // Open from the folder they were written to, they are its files' now.
    assert_eq!(harness.state().probe().views(), saved.views);
    assert!(!harness.state().probe().views_changed());
}

#[test]
fn a_view_naming_no_lanes_shows_every_lane_whatever_came_before() {
    let mut harness = harness();
    let munich = view_position(harness.state(), "munich");
    run_command(&mut harness, Command::GoToView(munich));
    assert!(harness.state().probe().hidden_lanes().iter().any(|h| *h));
    let collapse = view_position(harness.state(), "september-collapse");
    assert!(harness.state().probe().views()[collapse].lanes.is_empty());
    run_command(&mut harness, Command::GoToView(collapse));
    assert!(harness.state().probe().hidden_lanes().iter().all(|h| !h));
}

#[test]
fn kept_views_that_name_what_the_files_no_longer_have_are_saved_without_those_names() {
    let (_folder, dataset) = folder_copy();
    // Kept from an earlier run: a view naming an event since renamed.
    let mut stale = builtin().views[2].clone();
    stale.select = Some("renamed-since".to_owned());
    let mut settings = conflict_timeline::ui::Settings::default();
    settings.kept_views.push(conflict_timeline::ui::KeptViews {
        dataset: std::fs::canonicalize(&dataset)
            .unwrap()
            .display()
            .to_string(),
        views: vec![stale],
    });
    let mut storage = common::MemoryStorage::default();
    eframe::set_value(&mut storage, "conflict-timeline", &settings);
    let loaded = load_path(&dataset, &LoadOptions::default()).unwrap();
    let mut app = TimelineApp::from_loaded(loaded);
    app.test_hooks().set_reload_debounce(Duration::ZERO);
    app.restore(&storage);
    let mut harness = common::harness_of(app, 1400.0, 880.0);
    assert_eq!(harness.state().probe().views().len(), 1, "the kept views");
    assert!(harness.state().probe().views_changed());
    run_command(&mut harness, Command::WriteViews);
    common::wait_until(&mut harness, "the views are written", |harness| {
        !harness.state().probe().views_changed()
    });
    // The folder loads, the view without the name it lost.
    let written = load_path(&dataset, &LoadOptions::default())
        .unwrap()
        .dataset;
    assert_eq!(written.views.len(), 1);
    assert_eq!(written.views[0].select, None);
    assert_eq!(written.views[0].lanes, builtin().views[2].lanes);
    assert_notice(
        &harness,
        "1 name to what the dataset no longer has left out",
    );
}

#[test]
fn an_empty_inline_views_section_gets_no_views_ron_beside_it() {
    let (_folder, dataset) = folder_copy();
    write_views_inline(&dataset, "[]");
    let mut harness = harness_for(&dataset);
    run_command(&mut harness, Command::SaveCurrentView("Mine".to_owned()));
    run_command(&mut harness, Command::WriteViews);
    common::wait_until(&mut harness, "the write is refused", |harness| {
        has_notice(harness, "written in its dataset.ron")
    });
    assert!(!dataset.join("views.ron").exists());
    assert!(load_path(&dataset, &LoadOptions::default()).is_ok());
}

#[test]
fn a_story_follows_its_slide_when_views_are_moved_or_deleted() {
    let mut harness = harness();
    run_command(&mut harness, Command::Present(2));
    // A view before the slide deleted: the slide is still Munich.
    run_command(&mut harness, Command::DeleteView(0));
    let probe = harness.state().probe();
    assert_eq!(probe.story_slide(), Some(1));
    assert_eq!(probe.views()[1].id, "munich");
    // Munich moved down: the story follows it.
    run_command(&mut harness, Command::MoveView { view: 1, up: false });
    assert_eq!(harness.state().probe().story_slide(), Some(2));
    // Munich deleted: the view now at its place is shown.
    run_command(&mut harness, Command::DeleteView(2));
    assert_eq!(harness.state().probe().story_slide(), Some(2));
    assert_at_view(harness.state(), "truce-erodes");
    // Every view gone: the story ends.
    let count = harness.state().probe().views().len();
    for _ in 0..count {
        run_command(&mut harness, Command::DeleteView(0));
    }
    harness.run();
    assert_eq!(harness.state().probe().story_slide(), None);
}

#[test]
fn present_in_the_views_window_starts_the_story_and_closes_the_window() {
    let mut harness = harness();
    run_command(&mut harness, Command::ShowViews);
    assert!(harness.state().probe().views_window_open());
    harness.get_by_label_contains("Present").click();
    harness.run();
    assert_eq!(harness.state().probe().story_slide(), Some(0));
    assert!(!harness.state().probe().views_window_open());
}
