//! Views in datasets (the format's `views`): reading them inline and from
//! `views.ron`, their errors with places, keeping them through Save as and
//! `convert`, counting them in `check`, the stories TimelineJS files become,
//! and the built-in dataset's story.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use conflict_timeline::export::story::STORY_LIST;
use conflict_timeline::load::{
    LoadOptions, WriteOptions, load_builtin, load_path, load_ron_str, to_single_file_ron,
    write_folder,
};
use conflict_timeline::model::SavedView;
use conflict_timeline::{Diagnostic, Loaded};

/// A valid single-file dataset with two views; tests replace one line.
const BASE: &str = r#"Dataset(
    format: 1,
    title: "T",
    lanes: [(id: "war", name: "War"), (id: "talks", name: "Talks")],
    sources: [(id: "s", title: "S")],
    events: [
        (id: "a", title: "A", start: "2016-02-11", lane: "war", sources: ["s"]),
        (id: "b", title: "B", start: "2016-02-12", lane: "talks", sources: ["s"]),
    ],
    quotes: [(id: "q", speaker: "K", date: "2016-02-12", text: "x", events: ["a"], source: "s")],
    views: [
        (id: "munich", title: "Munich", start: "2016-02-01", end: "2016-03-05", select: "a", lanes: ["war"], text: "Agreed.", quotes: ["q"]),
        (id: "all", title: "All", start: "2016", end: "2016"),
    ],
)
"#;

/// `BASE` with line `number` (1-based) replaced.
fn with_line(number: usize, line: &str) -> String {
    let mut lines: Vec<&str> = BASE.lines().collect();
    lines[number - 1] = line;
    lines.join("\n") + "\n"
}

/// The line of `BASE` that holds `marker`, 1-based.
fn line_of(marker: &str) -> usize {
    BASE.lines().position(|line| line.contains(marker)).unwrap() + 1
}

fn errors(text: &str) -> Vec<String> {
    match load_ron_str("test.ron", text) {
        Ok(loaded) => panic!(
            "expected errors, loaded {} views",
            loaded.dataset.views.len()
        ),
        Err(error) => error.errors().map(Diagnostic::to_string).collect(),
    }
}

/// The 1-based column of `marker` in `line`.
fn column_of(line: &str, marker: &str) -> usize {
    line[..line.find(marker).unwrap()].chars().count() + 1
}

/// Exactly one error, at `line:column` of the replaced line, saying each needle.
fn assert_single_error(replaced: &str, at: &str, needles: &[&str]) {
    let line = line_of("id: \"munich\"");
    let found = errors(&with_line(line, replaced));
    assert_eq!(found.len(), 1, "{found:#?}");
    let prefix = format!("test.ron:{line}:{}: error: ", column_of(replaced, at));
    assert!(found[0].starts_with(&prefix), "{prefix:?} / {:?}", found[0]);
    for needle in needles {
        assert!(found[0].contains(needle), "{:?} lacks {needle:?}", found[0]);
    }
}

const MUNICH: &str = r#"        (id: "munich", title: "Munich", start: "2016-02-01", end: "2016-03-05", select: "a", lanes: ["war"], text: "Agreed.", quotes: ["q"]),"#;

#[test]
fn views_are_read_inline_in_order_with_every_field() {
    let loaded = load_ron_str("test.ron", BASE).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let views = &loaded.dataset.views;
    assert_eq!(views.len(), 2);
    let munich = &views[0];
    assert_eq!(munich.id, "munich");
    assert_eq!(munich.title, "Munich");
    assert_eq!(munich.start.to_string(), "1 February 2016");
    assert_eq!(munich.end.to_string(), "5 March 2016");
    assert_eq!(munich.select.as_deref(), Some("a"));
    assert_eq!(munich.lanes, ["war"]);
    assert_eq!(munich.text.as_deref(), Some("Agreed."));
    assert_eq!(munich.quotes, ["q"]);
    let all = &views[1];
    assert_eq!(
        (
            all.select.as_ref(),
            all.lanes.len(),
            all.text.as_ref(),
            all.quotes.len()
        ),
        (None, 0, None, 0)
    );
    // A year's view covers the whole year.
    let (start, end) = all.span();
    assert!((end - start - 366.0).abs() < 1e-9, "{start}..{end}");
}

#[test]
fn a_view_naming_a_missing_event_lane_or_quote_is_an_error_at_the_name() {
    assert_single_error(
        &MUNICH.replace("select: \"a\"", "select: \"zz\""),
        "\"zz\"",
        &["view `munich`", "event `zz`", "`a`"],
    );
    assert_single_error(
        &MUNICH.replace("lanes: [\"war\"]", "lanes: [\"war\", \"peace\"]"),
        "\"peace\"",
        &["view `munich`", "lane `peace`", "`talks`"],
    );
    assert_single_error(
        &MUNICH.replace("quotes: [\"q\"]", "quotes: [\"kerry\"]"),
        "\"kerry\"",
        &["view `munich`", "quote `kerry`", "`q`"],
    );
}

#[test]
fn a_view_s_unknown_field_bad_date_and_end_before_start_are_errors_with_their_place() {
    assert_single_error(
        &MUNICH.replace("text:", "txt:"),
        "txt:",
        &["txt", "in View", "text, quotes"],
    );
    assert_single_error(
        &MUNICH.replace("\"2016-03-05\"", "\"2016-02-30\""),
        "\"2016-02-30\"",
        &["2016-02-30"],
    );
    assert_single_error(
        &MUNICH.replace("\"2016-03-05\"", "\"2016-01-05\""),
        "\"2016-01-05\"",
        &["view `munich`", "2016-01-05"],
    );
    assert_single_error(
        r#"        (id: "munich", title: "Munich", start: "2016-02-01"),"#,
        "(id",
        &["`end`", "id, title, start, end"],
    );
}

#[test]
fn two_views_with_one_id_are_an_error_naming_both_places() {
    let line = line_of("id: \"all\"");
    let text = with_line(
        line,
        r#"        (id: "munich", title: "All", start: "2016", end: "2016"),"#,
    );
    let found = errors(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(&format!("test.ron:{line}:")),
        "{found:?}"
    );
    assert!(found[0].contains("munich"), "{found:?}");
    assert!(
        found[0].contains(&format!("test.ron:{}:", line_of("id: \"munich\""))),
        "{found:?}"
    );
}

#[test]
fn a_view_selecting_an_event_outside_its_range_is_a_warning() {
    let text = with_line(
        line_of("id: \"munich\""),
        &MUNICH.replace("\"2016-02-01\"", "\"2016-02-20\""),
    );
    let loaded = load_ron_str("test.ron", &text).unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("view `munich` selects event `a`") && warnings[0].contains("outside"),
        "{warnings:?}"
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const FOLDER_DATASET: &str = "Dataset(format: 1, title: \"T\", lanes: [(id: \"war\", name: \"War\")], sources: [(id: \"s\", title: \"S\")], events: [(id: \"a\", title: \"A\", start: \"2016-02-11\", lane: \"war\", sources: [\"s\"])])\n";

#[test]
fn a_folder_s_views_ron_is_read_and_its_errors_carry_its_own_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", FOLDER_DATASET);
    write(
        dir.path(),
        "views.ron",
        "// the story\n[\n    (id: \"one\", title: \"One\", start: \"2016-02\", end: \"2016-02\", select: \"a\"),\n]\n",
    );
    let loaded = load_path(dir.path(), &LoadOptions::default()).unwrap();
    assert_eq!(loaded.dataset.views.len(), 1);
    assert_eq!(loaded.dataset.views[0].select.as_deref(), Some("a"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);

    let line = r#"    (id: "one", title: "One", start: "2016-02", end: "2016-02", select: "b"),"#;
    write(dir.path(), "views.ron", &format!("[\n{line}\n]\n"));
    let error = load_path(dir.path(), &LoadOptions::default()).unwrap_err();
    let found: Vec<String> = error.errors().map(Diagnostic::to_string).collect();
    let views = dir.path().join("views.ron").display().to_string();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!("{views}:2:{}: error: ", column_of(line, "\"b\""))),
        "{found:?}"
    );
}

#[test]
fn views_written_inline_and_in_views_ron_are_one_section_twice() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dataset.ron",
        &FOLDER_DATASET.replace("])\n", "], views: [])\n"),
    );
    write(dir.path(), "views.ron", "[]");
    let error = load_path(dir.path(), &LoadOptions::default()).unwrap_err();
    let found: Vec<String> = error.errors().map(Diagnostic::to_string).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("the `views` section is written both here and in"),
        "{found:?}"
    );
}

#[test]
fn save_as_and_convert_keep_the_views() {
    let loaded = load_ron_str("test.ron", BASE).unwrap();
    let single = to_single_file_ron(&loaded.dataset).unwrap();
    assert!(single.contains("views: ["), "{single}");
    let again = load_ron_str("again.ron", &single).unwrap();
    assert_eq!(again.dataset.views, loaded.dataset.views);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("folder");
    let written = write_folder(&loaded.dataset, &out, &WriteOptions::default()).unwrap();
    assert!(written.files.iter().any(|(name, _)| *name == "views.ron"));
    let views_ron = std::fs::read_to_string(out.join("views.ron")).unwrap();
    assert!(views_ron.contains("id: \"munich\""), "{views_ron}");
    assert!(
        !std::fs::read_to_string(out.join("dataset.ron"))
            .unwrap()
            .contains("views:")
    );
    let again = load_path(&out, &LoadOptions::default()).unwrap();
    assert_eq!(again.dataset.views, loaded.dataset.views);

    // The command line's convert, from a single file into a folder.
    let source = dir.path().join("one.ron");
    std::fs::write(&source, BASE).unwrap();
    let converted = dir.path().join("converted");
    let output = common::run(&[
        "convert",
        source.to_str().unwrap(),
        "--out",
        converted.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(
        common::stdout(&output).contains("views.ron         2 views"),
        "{}",
        common::stdout(&output)
    );
    let again = load_path(&converted, &LoadOptions::default()).unwrap();
    assert_eq!(again.dataset.views, loaded.dataset.views);
}

#[test]
fn check_counts_the_views() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("one.ron");
    std::fs::write(&source, BASE).unwrap();
    let output = common::run(&["check", source.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(
        common::stdout(&output).contains("\n  views     2\n"),
        "{}",
        common::stdout(&output)
    );
}

fn story_of(path: &str) -> Loaded {
    load_path(Path::new(path), &LoadOptions::default()).unwrap()
}

#[test]
fn a_timelinejs_file_becomes_a_story_title_slide_first_then_events_by_date() {
    for path in [
        "tests/data/import/truce-2016.json",
        "tests/data/import/truce-2016.csv",
    ] {
        let loaded = story_of(path);
        let dataset = &loaded.dataset;
        let views = &dataset.views;
        let title = &views[0];
        assert_eq!(title.id, "title", "{path}");
        assert_eq!(title.title, dataset.title, "{path}");
        assert_eq!(title.text, dataset.description, "{path}");
        assert_eq!(title.select, None);
        // Then one slide per event, in date order, each selecting its
        // event inside its range and saying what the event says.
        assert_eq!(views.len(), dataset.events.len() + 1, "{path}");
        let mut previous = f64::NEG_INFINITY;
        for view in &views[1..] {
            let event = dataset.event(view.select.as_deref().unwrap()).unwrap();
            let (start, end) = view.span();
            assert!(
                start < event.start_instant()
                    && event.end.unwrap_or(event.start).end_instant() < end,
                "{path}: {view:?}"
            );
            assert!(
                event.start_instant() >= previous,
                "{path}: out of order at {}",
                view.id
            );
            previous = event.start_instant();
            assert_eq!(view.title, *event.title);
            assert_eq!(view.text.as_deref(), event.summary.as_deref());
        }
    }
}

#[test]
fn the_timelinejs_project_s_own_examples_become_stories() {
    for path in [
        "tests/data/import/timelinejs/marktwain-excerpt.json",
        "tests/data/import/timelinejs/cosmo.json",
        "tests/data/import/timelinejs/my-own-timeline-excerpt.csv",
    ] {
        let loaded = story_of(path);
        let views = &loaded.dataset.views;
        let events = loaded.dataset.events.len();
        assert!(
            views.len() == events || views.len() == events + 1,
            "{path}: {} views, {events} events",
            views.len()
        );
        for view in views {
            assert!(!view.end.to_string().is_empty());
            assert!(view.span().0 < view.span().1, "{path}: {view:?}");
        }
    }
}

#[test]
fn the_built_in_dataset_tells_its_story_in_six_to_ten_views() {
    let loaded = load_builtin().unwrap();
    let dataset = &loaded.dataset;
    let views: &[SavedView] = &dataset.views;
    assert!((6..=10).contains(&views.len()), "{} views", views.len());
    let ids: Vec<&str> = views.iter().map(|view| view.id.as_str()).collect();
    // The story's chapters, in order.
    let order = [
        "war-before-truce",
        "munich",
        "cessation-of-hostilities",
        "truce-erodes",
        "september-deal",
        "fall-of-aleppo",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|id| {
            ids.iter()
                .position(|at| at == id)
                .unwrap_or_else(|| panic!("no view {id}: {ids:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{ids:?}"
    );
    for view in views {
        assert!(
            view.text.as_ref().is_some_and(|text| !text.is_empty()),
            "{}",
            view.id
        );
        // Every quote a view shows is one of the dataset's verbatim quotes.
        for quote in &view.quotes {
            assert!(dataset.quotes.iter().any(|q| q.id == *quote), "{quote}");
        }
    }
    let munich = &views[positions[1]];
    assert_eq!(munich.select.as_deref(), Some("munich-issg"));
    assert!(munich.quotes.iter().any(|q| q == "kerry-ambitious"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

// ---- Exporting views and stories ----

#[test]
fn export_view_draws_the_view_s_range_lanes_and_caption() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("munich.svg");
    let output = common::run(&["export", "--view", "munich", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = common::svg_text_squeezed(&out);
    let dataset = load_builtin().unwrap().dataset;
    let view = &dataset.views[conflict_timeline_view_position(&dataset, "munich")];
    // The view's title is the headline, its text and quotes follow.
    for needle in [
        view.title.as_str(),
        view.text.as_deref().unwrap(),
        "That is ambitious.",
        "John Kerry",
        "6 Feb 2016 – 18 Feb 2016",
    ] {
        assert!(
            text.contains(&common::squeezed(needle)),
            "{needle:?} not in {text}"
        );
    }
    // Its lanes only: the humanitarian lane is hidden.
    assert!(text.contains("Diplomacyandthe"), "{text}");
    assert!(!text.contains("Humanitarian4events"), "{text}");

    // --caption and --lanes win over the view's.
    let out = dir.path().join("mine.svg");
    let output = common::run(&[
        "export",
        "--view",
        "munich",
        "--caption",
        "Mine",
        "--lanes",
        "humanitarian",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = common::svg_text_squeezed(&out);
    assert!(
        text.contains("Mine") && !text.contains("Munich:atruce"),
        "{text}"
    );
    assert!(text.contains("Humanitarian"), "{text}");
}

fn conflict_timeline_view_position(dataset: &conflict_timeline::Dataset, id: &str) -> usize {
    dataset.views.iter().position(|view| view.id == id).unwrap()
}

#[test]
fn export_of_an_unknown_view_is_refused_naming_the_views() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let output = common::run(&["export", "--view", "nope", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let errors = common::stderr(&output);
    assert!(
        errors.contains("no view with id `nope`") && errors.contains("`munich`"),
        "{errors}"
    );
    assert!(!out.exists());
}

/// `BASE` without its views.
fn without_views() -> String {
    let start = BASE.find("    views: [").unwrap();
    let end = start + BASE[start..].find("    ],\n").unwrap() + "    ],\n".len();
    format!("{}{}", &BASE[..start], &BASE[end..])
}

/// The images in a story's folder (its list of them aside), checking the
/// list names exactly them.
fn slide_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != STORY_LIST)
        .collect();
    names.sort();
    if let Ok(list) = std::fs::read_to_string(dir.join(STORY_LIST)) {
        let mut listed: Vec<&str> = list.lines().collect();
        listed.sort_unstable();
        assert_eq!(listed, names, "the story's list names its images");
    }
    names
}

#[test]
fn export_story_writes_every_view_as_a_numbered_image_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story");
    let output = common::run(&[
        "export",
        "--story",
        "--format",
        "svg",
        "--width",
        "960",
        "--height",
        "600",
        "--out",
        story.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let dataset = load_builtin().unwrap().dataset;
    let expected: Vec<String> = dataset
        .views
        .iter()
        .enumerate()
        .map(|(at, view)| format!("{:02}-{}.svg", at + 1, view.id))
        .collect();
    assert_eq!(slide_names(&story), expected);
    assert!(common::stdout(&output).starts_with(&format!("wrote {} (9 images)", story.display())));
    // Each slide is its view, its text in the caption.
    for (name, view) in expected.iter().zip(&dataset.views) {
        let text = common::svg_text_squeezed(&story.join(name));
        assert!(text.contains(&common::squeezed(&view.title)), "{name}");
        assert!(
            text.contains(&common::squeezed(view.text.as_deref().unwrap())),
            "{name}"
        );
    }

    // Again, from a story of two views: the folder holds exactly the new story.
    let two = dir.path().join("two.ron");
    std::fs::write(&two, BASE).unwrap();
    let output = common::run(&[
        "export",
        two.to_str().unwrap(),
        "--story",
        "--out",
        story.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert_eq!(slide_names(&story), ["01-munich.png", "02-all.png"]);
}

#[test]
fn export_story_refuses_a_folder_of_other_files_and_a_dataset_without_views() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("mine");
    std::fs::create_dir(&story).unwrap();
    std::fs::write(story.join("notes.txt"), "mine").unwrap();
    let output = common::run(&["export", "--story", "--out", story.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", common::stderr(&output));
    assert!(common::stderr(&output).contains("it holds other files (notes.txt)"));
    assert_eq!(slide_names(&story), ["notes.txt"]);

    let plain = dir.path().join("plain.ron");
    std::fs::write(&plain, without_views()).unwrap();
    let output = common::run(&[
        "export",
        plain.to_str().unwrap(),
        "--story",
        "--out",
        dir.path().join("s").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", common::stderr(&output));
    assert!(
        common::stderr(&output).contains("has no views"),
        "{}",
        common::stderr(&output)
    );
    assert!(!dir.path().join("s").exists());
}

#[test]
fn a_timelinejs_file_of_more_than_a_thousand_events_makes_no_story_and_says_so() {
    let events: Vec<String> = (0..1001)
        .map(|n| {
            format!(
                r#"{{"start_date": {{"year": {}}}, "text": {{"headline": "Event {n}"}}}}"#,
                1000 + n
            )
        })
        .collect();
    let json = format!(
        r#"{{"title": {{"text": {{"headline": "Many"}}}}, "events": [{}]}}"#,
        events.join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.json");
    std::fs::write(&path, json).unwrap();
    let loaded = load_path(&path, &LoadOptions::default()).unwrap();
    assert_eq!(loaded.dataset.events.len(), 1001);
    assert!(loaded.dataset.views.is_empty());
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("the slides as a story") && w.contains("at most 1000 slides")),
        "{warnings:?}"
    );
}

#[test]
fn a_story_never_removes_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("mine");
    std::fs::create_dir(&story).unwrap();
    // Named as a slide would be, but the user's: no story's list names it.
    std::fs::write(story.join("01-intro.png"), "mine").unwrap();
    let output = common::run(&["export", "--story", "--out", story.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", common::stderr(&output));
    assert!(common::stderr(&output).contains("01-intro.png"));
    assert_eq!(std::fs::read(story.join("01-intro.png")).unwrap(), b"mine");
    assert_eq!(slide_names(&story), ["01-intro.png"]);
}

#[test]
fn a_story_with_layers_is_the_first_dataset_s() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story");
    let layer = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/datasets/minimal-example.ron"
    );
    let output = common::run(&[
        "export",
        "--story",
        "--layer",
        layer,
        "--width",
        "1280",
        "--height",
        "800",
        "--out",
        story.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let builtin = load_builtin().unwrap().dataset;
    assert_eq!(slide_names(&story).len(), builtin.views.len());
    // And --view finds the first dataset's view of an id both have.
    let out = dir.path().join("munich.svg");
    let output = common::run(&[
        "export",
        "--view",
        "munich",
        "--layer",
        layer,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = common::svg_text_squeezed(&out);
    assert!(
        text.contains(&common::squeezed("Munich: a truce in a week")),
        "{text}"
    );
}

#[test]
fn a_quote_of_uncertain_date_is_marked_so_in_a_view_s_caption() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deal.svg");
    let output = common::run(&[
        "export",
        "--view",
        "september-deal",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = common::svg_text_squeezed(&out);
    // Ash Carter's words are dated to 8 September 2016 only approximately.
    let carter = common::squeezed(
        "— Ash Carter, U.S. Secretary of Defense, 8 September 2016 (approximate date)",
    );
    assert!(text.contains(&carter), "{text}");
}
