//! The loader's errors: one test per class of problem, each asserting the
//! message and the exact line and column, plus warnings and error collection.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use conflict_timeline::load::{LoadOptions, load_path, load_ron_str};
use conflict_timeline::{Diagnostic, LoadError};

/// A valid single-file dataset; tests replace one line to break it.
const BASE: &str = r#"Dataset(
    format: 1,
    title: "T",
    lanes: [(id: "war", name: "War")],
    sources: [(id: "s", title: "S")],
    events: [
        (id: "a", title: "A", start: "2016-02-11", lane: "war", sources: ["s"]),
        (id: "b", title: "B", start: "2016-02-12", lane: "war", sources: ["s"]),
    ],
    quotes: [(id: "q", speaker: "K", date: "2016-02-12", text: "x", events: ["a"], source: "s")],
    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "2016", value: 1, source: "s")])],
)
"#;

/// `BASE` with line `number` (1-based) replaced.
fn with_line(number: usize, line: &str) -> String {
    let mut lines: Vec<&str> = BASE.lines().collect();
    lines[number - 1] = line;
    lines.join("\n") + "\n"
}

fn load_error(text: &str) -> LoadError {
    match load_ron_str("test.ron", text) {
        Ok(loaded) => panic!(
            "expected errors, loaded with warnings {:?}",
            loaded.warnings
        ),
        Err(error) => error,
    }
}

fn error_lines(text: &str) -> Vec<String> {
    load_error(text)
        .errors()
        .map(Diagnostic::to_string)
        .collect()
}

/// The 1-based column of `marker` in `line`, in characters.
fn column_of(line: &str, marker: &str) -> usize {
    let at = line
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in {line:?}"));
    line[..at].chars().count() + 1
}

/// Asserts exactly one error, at `line:column`, whose message contains every `needle`.
fn assert_single_error(text: &str, line: usize, column: usize, needles: &[&str]) {
    let errors = error_lines(text);
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    let prefix = format!("test.ron:{line}:{column}: error: ");
    assert!(
        errors[0].starts_with(&prefix),
        "expected {prefix:?}, got {:?}",
        errors[0]
    );
    for needle in needles {
        assert!(
            errors[0].contains(needle),
            "{:?} should mention {needle:?}",
            errors[0]
        );
    }
}

#[test]
fn the_base_dataset_is_valid() {
    let loaded = load_ron_str("test.ron", BASE).unwrap();
    assert_eq!(loaded.dataset.events.len(), 2);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn syntax_error_names_the_place_and_the_expectation() {
    let line = r#"        (id: "a", title: "A" start: "2016-02-11", lane: "war", sources: ["s"]),"#;
    let text = with_line(7, line);
    let errors = error_lines(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let column = column_of(line, "start:");
    assert!(
        errors[0].starts_with(&format!("test.ron:7:{column}: error: syntax error")),
        "{errors:?}"
    );
    assert!(errors[0].to_lowercase().contains("expected"), "{errors:?}");
}

#[test]
fn unclosed_bracket_is_reported_where_it_opens() {
    let text = BASE.replace(
        r#"sources: ["s"]),
        (id: "b""#,
        r#"sources: ["s"),
        (id: "b""#,
    );
    let errors = error_lines(&text);
    assert!(!errors.is_empty());
    assert!(errors[0].starts_with("test.ron:7:"), "{errors:?}");
    assert!(errors[0].contains("syntax error"), "{errors:?}");
}

#[test]
fn unknown_field_lists_the_allowed_fields() {
    let line =
        r#"        (id: "a", titel: "A", start: "2016-02-11", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "titel"),
        &[
            "unknown field `titel`",
            "in Event",
            "expected one of",
            "title",
            "summary",
            "importance",
        ],
    );
}

#[test]
fn unknown_dataset_field_lists_the_allowed_fields() {
    let line = r#"    titel: "T","#;
    let errors = error_lines(&with_line(3, line));
    assert!(
        errors.iter().any(|e| e
            .starts_with("test.ron:3:5: error: unknown field `titel` in Dataset")
            && e.contains("description")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("missing field `title` in Dataset")),
        "{errors:#?}"
    );
}

#[test]
fn missing_field_names_the_field_and_the_required_ones() {
    let line = r#"        (id: "a", title: "A", start: "2016-02-11", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "(id"),
        &["missing field `lane` in Event", "id, title, start, lane"],
    );
}

#[test]
fn impossible_date_names_the_value_and_the_forms() {
    let line =
        r#"        (id: "a", title: "A", start: "2016-02-30", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"2016-02-30\""),
        &[
            "invalid date \"2016-02-30\"",
            "February 2016 has 29 days",
            "YYYY-MM-DD",
        ],
    );
    for bad in ["16-2-3", "2016-13", "2016/02/01", "Feb 2016"] {
        let line = format!(
            r#"        (id: "a", title: "A", start: "{bad}", lane: "war", sources: ["s"]),"#
        );
        let errors = error_lines(&with_line(7, &line));
        assert!(
            errors.len() == 1 && errors[0].contains(&format!("invalid date {bad:?}")),
            "{errors:?}"
        );
    }
}

#[test]
fn end_before_start_points_at_the_end() {
    let line = r#"        (id: "a", title: "A", start: "2016-02-11", end: "2016-01", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"2016-01\""),
        &[
            "event `a` ends (2016-01) before it starts (2016-02-11)",
            "on or after",
        ],
    );
}

#[test]
fn a_month_end_that_contains_the_start_is_fine() {
    let line = r#"        (id: "a", title: "A", start: "2016-02-11", end: "2016-02", lane: "war", sources: ["s"]),"#;
    assert!(load_ron_str("test.ron", &with_line(7, line)).is_ok());
}

#[test]
fn duplicate_id_names_both_places() {
    let line =
        r#"        (id: "a", title: "B", start: "2016-02-12", lane: "war", sources: ["s"]),"#;
    let first_column = column_of(BASE.lines().nth(6).unwrap(), "\"a\"");
    assert_single_error(
        &with_line(8, line),
        8,
        column_of(line, "\"a\""),
        &[
            "duplicate event id `a`",
            &format!("first defined at test.ron:7:{first_column}"),
        ],
    );
}

#[test]
fn repeated_ids_in_a_long_event_list_are_reported_in_order_with_their_first_places() {
    // Long enough that the ids are checked in shards, one per core.
    const EVENTS: usize = 250_000;
    let event = |id: &str| {
        format!(
            r#"        (id: "{id}", title: "E", start: "2016-02-11", lane: "war", sources: ["s"]),"#
        )
    };
    let mut lines: Vec<String> = BASE.lines().take(6).map(str::to_owned).collect();
    let first_line = lines.len() + 1;
    for index in 0..EVENTS {
        // Three repeats, far apart and out of the order of their firsts.
        let id = match index {
            200_000 => "e-7".to_owned(),
            210_000 => "e-199999".to_owned(),
            240_000 => "e-7".to_owned(),
            _ => format!("e-{index}"),
        };
        lines.push(event(&id));
    }
    lines.push("    ],".to_owned());
    lines.push(
        r#"    quotes: [(id: "q", speaker: "K", date: "2016-02-12", text: "x", events: ["e-249999", "e-nowhere"], source: "s")],"#
            .to_owned(),
    );
    lines.push(")".to_owned());
    let text = lines.join("\n") + "\n";
    let errors = error_lines(&text);
    let column = column_of(&event("x"), "\"x\"");
    let at = |index: usize| format!("test.ron:{}:{column}", first_line + index);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    for (error, (index, id, first)) in errors.iter().zip([
        (200_000, "e-7", 7),
        (210_000, "e-199999", 199_999),
        (240_000, "e-7", 7),
    ]) {
        assert!(error.starts_with(&at(index)), "{error}");
        assert!(
            error.contains(&format!("duplicate event id `{id}`")),
            "{error}"
        );
        assert!(
            error.contains(&format!("first defined at {}", at(first))),
            "{error}"
        );
    }
    // A quote finds the events by id: only the one named nowhere is unknown.
    assert!(errors[3].contains("e-nowhere"), "{}", errors[3]);
}

#[test]
fn dangling_lane_reference() {
    let line =
        r#"        (id: "a", title: "A", start: "2016-02-11", lane: "wat", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"wat\""),
        &[
            "event `a` refers to lane `wat`, which does not exist",
            "known lanes: `war`",
        ],
    );
}

#[test]
fn dangling_source_reference_points_at_the_list_element() {
    let line = r#"        (id: "a", title: "A", start: "2016-02-11", lane: "war", sources: ["s", "nyt"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"nyt\""),
        &[
            "event `a` refers to source `nyt`, which does not exist",
            "`s`",
        ],
    );
}

#[test]
fn dangling_event_reference_from_a_quote() {
    let line = r#"    quotes: [(id: "q", speaker: "K", date: "2016-02-12", text: "x", events: ["zz"], source: "s")],"#;
    assert_single_error(
        &with_line(10, line),
        10,
        column_of(line, "\"zz\""),
        &[
            "quote `q` refers to event `zz`, which does not exist",
            "`a`, `b`",
        ],
    );
}

#[test]
fn negative_nan_and_infinite_values() {
    for (value, shown) in [("-5", "-5"), ("NaN", "NaN"), ("inf", "inf")] {
        let line = format!(
            r#"    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "2016", value: {value}, source: "s")])],"#
        );
        assert_single_error(
            &with_line(11, &line),
            11,
            column_of(&line, "(date"),
            &[&format!("`value` is {shown}"), "finite number ≥ 0"],
        );
    }
}

#[test]
fn unsupported_format_names_both_versions() {
    assert_single_error(
        &with_line(2, "    format: 2,"),
        2,
        13,
        &["unsupported dataset format 2", "reads format 1"],
    );
}

#[test]
fn duplicate_point_dates_in_a_series() {
    let line = r#"    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "2016", value: 1, source: "s"), (date: "2016", value: 2, source: "s")])],"#;
    let second = line.rfind("(date").unwrap() + 1;
    assert_single_error(
        &with_line(11, line),
        11,
        second,
        &["two points dated 2016", "first is at test.ron:11:"],
    );
}

#[test]
fn importance_colour_id_and_end_with_ongoing() {
    let line = r#"        (id: "A b", title: "A", start: "2016-02-11", end: "2016-03", ongoing: true, lane: "war", sources: ["s"], importance: 9),"#;
    let errors = error_lines(&with_line(7, line));
    let expect = [
        (column_of(line, "\"A b\""), "event id `A b` is not valid"),
        (
            column_of(line, "true"),
            "has both `end` and `ongoing: true`",
        ),
        (
            column_of(line, "9)"),
            "`importance` is 9; it must be 1 to 5",
        ),
    ];
    // The quote still refers to `a`, which is now `A b`.
    let errors: Vec<String> = errors
        .into_iter()
        .filter(|e| !e.contains("quote `q` refers to event `a`"))
        .collect();
    assert_eq!(errors.len(), expect.len(), "{errors:#?}");
    for (column, needle) in expect {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("test.ron:7:{column}: error: "))
                    && e.contains(needle)),
            "no {needle:?} at column {column} in {errors:#?}"
        );
    }
    let line = r#"    lanes: [(id: "war", name: "War", color: "red")],"#;
    assert_single_error(
        &with_line(4, line),
        4,
        column_of(line, "\"red\""),
        &["colour \"red\" is not valid", "#rrggbb"],
    );
}

#[test]
fn wrong_value_type_is_placed_at_the_value() {
    let line = r#"        (id: "a", title: 5, start: "2016-02-11", lane: "war", sources: ["s"]),"#;
    let errors = error_lines(&with_line(7, line));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("test.ron:7:"), "{errors:?}");
    assert!(errors[0].contains("expected a string"), "{errors:?}");
}

#[test]
fn every_error_is_collected_not_just_the_first() {
    let text = BASE
        .replace(r#"start: "2016-02-11""#, r#"start: "2016-02-31""#)
        .replace(
            r#"lane: "war", sources: ["s"]),
    ],"#,
            r#"lane: "nowhere", sources: ["s"]),
    ],"#,
        )
        .replace("value: 1,", "value: -1,");
    let errors = error_lines(&text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors[0].starts_with("test.ron:7:"),
        "sorted by place: {errors:#?}"
    );
    assert!(
        errors[1].starts_with("test.ron:8:"),
        "sorted by place: {errors:#?}"
    );
    assert!(
        errors[2].starts_with("test.ron:11:"),
        "sorted by place: {errors:#?}"
    );
}

#[test]
fn deeply_nested_input_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let line = format!(
        r#"        (id: "a", title: "A", start: "2016-02-11", lane: "war", sources: {deep}),"#
    );
    let errors = error_lines(&with_line(7, &line));
    assert!(
        errors.iter().any(|e| e.contains("nested")),
        "{:?}",
        errors
            .iter()
            .map(|e| &e[..e.len().min(200)])
            .collect::<Vec<_>>()
    );
    let whole = format!("Dataset(title: {deep})");
    let errors = error_lines(&whole);
    assert!(errors.iter().any(|e| e.contains("nested")), "{errors:?}");
}

#[test]
fn warnings_for_what_is_valid_but_suspicious() {
    let text = BASE
        .replace(
            r#"lane: "war", sources: ["s"]),
        (id: "b""#,
            r#"lane: "war"),
        (id: "b""#,
        )
        .replace(r#"events: ["a"], source"#, "source");
    let loaded = load_ron_str("test.ron", &text).unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("test.ron:7:9: warning: event `a` cites no source"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with("test.ron:10:14: warning: quote `q` is linked to no event"),
        "{warnings:#?}"
    );
}

// ---- Files and folders ----

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const FOLDER_DATASET: &str = "Dataset(format: 1, title: \"T\", lanes: [(id: \"war\", name: \"War\")], sources: [(id: \"s\", title: \"S\")])\n";

fn folder_errors(dir: &Path) -> Vec<String> {
    match load_path(dir, &LoadOptions::default()) {
        Ok(loaded) => panic!("expected errors, loaded {:?}", loaded.dataset.title),
        Err(error) => error.errors().map(Diagnostic::to_string).collect(),
    }
}

#[test]
fn folder_without_dataset_ron() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "events.ron", "[]");
    let errors = folder_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&dir.path().display().to_string()),
        "{errors:?}"
    );
    assert!(errors[0].contains("has no dataset.ron"), "{errors:?}");
}

#[test]
fn missing_file_names_the_path() {
    let errors = folder_errors(Path::new("no/such/dataset.ron"));
    assert_eq!(
        errors,
        ["no/such/dataset.ron: error: cannot read no/such/dataset.ron: no such file or folder"]
    );
}

#[test]
fn not_utf8_names_the_place_of_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", FOLDER_DATASET);
    std::fs::write(dir.path().join("events.ron"), b"[\n  (id: \"caf\xe9\"),\n]").unwrap();
    let errors = folder_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let events = dir.path().join("events.ron").display().to_string();
    assert!(
        errors[0].starts_with(&format!("{events}:2:12: error: file is not valid UTF-8")),
        "{errors:?}"
    );
}

#[test]
fn a_section_written_twice() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = FOLDER_DATASET.replace("])\n", "], events: [])\n");
    write(dir.path(), "dataset.ron", &dataset);
    write(dir.path(), "events.ron", "[]");
    let errors = folder_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let column = column_of(&dataset, "events:");
    let dataset_path = dir.path().join("dataset.ron").display().to_string();
    assert!(
        errors[0].starts_with(&format!(
            "{dataset_path}:1:{column}: error: the `events` section is written both here and in"
        )),
        "{errors:?}"
    );
    assert!(
        errors[0].ends_with("events.ron; write it in one place"),
        "{errors:?}"
    );
}

#[test]
fn errors_in_section_files_carry_their_own_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", FOLDER_DATASET);
    write(
        dir.path(),
        "events.ron",
        "[\n  // first\n  (id: \"a\", title: \"A\", start: \"2016-02-11\", lane: \"war\", sources: [\"s\"]),\n  (id: \"b\", title: \"B\", start: \"2016-2-1\", lane: \"war\"),\n]\n",
    );
    let errors = folder_errors(dir.path());
    let events = dir.path().join("events.ron").display().to_string();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{events}:4:32: error: invalid date \"2016-2-1\"")),
        "{errors:?}"
    );
}

#[test]
fn file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    std::fs::write(&path, BASE).unwrap();
    let options = LoadOptions {
        max_file_bytes: 100,
        ..LoadOptions::default()
    };
    let errors: Vec<String> = load_path(&path, &options)
        .unwrap_err()
        .errors()
        .map(ToString::to_string)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!(
            "file is {} bytes, over the limit of 100 bytes",
            BASE.len()
        )),
        "{errors:?}"
    );
}

#[test]
fn unsupported_file_type() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("timeline.txt");
    std::fs::write(&path, "x").unwrap();
    let errors: Vec<String> = load_path(&path, &LoadOptions::default())
        .unwrap_err()
        .errors()
        .map(ToString::to_string)
        .collect();
    assert!(errors[0].contains("unsupported file type"), "{errors:?}");
}

#[test]
fn misspelt_section_file_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", &FOLDER_DATASET.replace("])\n", "], events: [(id: \"a\", title: \"A\", start: \"2016\", lane: \"war\", sources: [\"s\"])])\n"));
    write(dir.path(), "event.ron", "[]");
    let loaded = load_path(dir.path(), &LoadOptions::default()).unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0]
            .to_string()
            .contains("event.ron in the dataset folder is not read")
    );
}

// ---- Hostile input: size of the work, the error cap, odd files ----

/// A dataset whose events are `events` (each a full item text).
fn with_events(events: &[String]) -> String {
    format!(
        "Dataset(\n    format: 1,\n    title: \"T\",\n    lanes: [(id: \"war\", name: \"War\")],\n    sources: [(id: \"s\", title: \"S\")],\n    events: [\n{}\n    ],\n)\n",
        events.join("\n")
    )
}

/// Loads `text`, which must fail, within `seconds`.
fn load_error_within(text: &str, seconds: u64) -> LoadError {
    let started = std::time::Instant::now();
    let error = load_error(text);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(seconds),
        "took {:?}",
        started.elapsed()
    );
    error
}

/// The errors kept are the first in file order: their places ascend.
fn assert_first_in_file_order(error: &LoadError) {
    let places: Vec<_> = error.errors().map(|d| d.place.clone()).collect();
    assert!(
        places.windows(2).all(|pair| pair[0] <= pair[1]),
        "{places:?}"
    );
}

#[test]
fn an_event_citing_forty_thousand_unknown_sources_checks_quickly() {
    // Each bad element used to rescan the whole item: minutes for this.
    let sources: Vec<String> = (0..40_000).map(|i| format!("\"x{i}\"")).collect();
    let event = format!(
        "        (id: \"a\", title: \"A\", start: \"2016\", lane: \"war\", sources: [{}]),",
        sources.join(", ")
    );
    let text = with_events(std::slice::from_ref(&event));
    let error = load_error_within(&text, 10);
    assert_eq!(error.error_count(), 40_000);
    assert_eq!(
        error.errors().count(),
        conflict_timeline::load::MAX_REPORTED
    );
    assert_eq!(error.omitted_errors, 40_000 - 100);
    assert_first_in_file_order(&error);
    let first = error.errors().next().unwrap().to_string();
    let column = column_of(&event, "\"x0\"");
    assert!(
        first.starts_with(&format!(
            "test.ron:7:{column}: error: event `a` refers to source `x0`"
        )),
        "{first}"
    );
    assert!(error.to_string().contains("40000 errors"), "{error}");
}

#[test]
fn a_quote_linking_forty_thousand_unknown_events_checks_quickly() {
    let events: Vec<String> = (0..40_000).map(|i| format!("\"e{i}\"")).collect();
    let text = BASE.replace(
        "events: [\"a\"]",
        &format!("events: [{}]", events.join(",")),
    );
    let error = load_error_within(&text, 10);
    assert_eq!(error.error_count(), 40_000);
    assert_eq!(error.errors().count(), 100);
    assert_first_in_file_order(&error);
    assert!(
        error
            .errors()
            .next()
            .unwrap()
            .to_string()
            .contains("event `e0`"),
        "{error}"
    );
}

#[test]
fn repeated_ids_and_point_dates_of_a_large_item_check_quickly() {
    // The first item is large; every repeat of its id used to rescan it.
    let tags: Vec<String> = (0..20_000).map(|i| format!("\"t{i}\"")).collect();
    let mut events = vec![format!(
        "        (id: \"a\", title: \"A\", start: \"2016\", lane: \"war\", sources: [\"s\"], tags: [{}]),",
        tags.join(", ")
    )];
    events.extend((0..20_000).map(|_| {
        "        (id: \"a\", title: \"A\", start: \"2016\", lane: \"war\", sources: [\"s\"]),"
            .to_owned()
    }));
    let error = load_error_within(&with_events(&events), 20);
    assert_eq!(error.error_count(), 20_000);
    assert!(
        error
            .errors()
            .next()
            .unwrap()
            .to_string()
            .contains("first defined at test.ron:7:"),
        "{error}"
    );

    let points: Vec<String> = (0..20_000)
        .map(|_| "(date: \"2016\", value: 1, source: \"s\")".to_owned())
        .collect();
    let line = format!(
        "    displacement: [(id: \"r\", name: \"R\", unit: \"people\", points: [{}])],",
        points.join(", ")
    );
    let error = load_error_within(&with_line(11, &line), 20);
    assert_eq!(error.error_count(), 19_999);
    assert_first_in_file_order(&error);
}

#[test]
fn errors_are_capped_at_the_first_hundred_in_file_order_with_a_count() {
    let events: Vec<String> = (0..20_000)
        .map(|i| {
            format!("        (id: \"e{i}\", title: \"E\", start: \"2016\", lane: \"nope\", sources: [\"s\"]),")
        })
        .collect();
    let error = load_error(&with_events(&events));
    assert_eq!(error.errors().count(), 100);
    assert_eq!(error.omitted_errors, 19_900);
    assert_eq!(error.error_count(), 20_000);
    let lines: Vec<usize> = error
        .errors()
        .map(|d| d.place.position.unwrap().line)
        .collect();
    assert_eq!(lines, (7..107).collect::<Vec<_>>());
    // Warnings are capped alike: the lane has no events, the source is cited.
    assert_eq!(error.omitted_warnings, 0);
}

#[test]
fn item_errors_found_while_parsing_are_capped_too() {
    let events: Vec<String> = (0..5_000)
        .map(|i| {
            format!("        (id: \"e{i}\", title: \"E\", start: \"2016-13\", lane: \"war\", sources: [\"s\"]),")
        })
        .collect();
    let error = load_error(&with_events(&events));
    assert_eq!(error.errors().count(), 100);
    assert_eq!(error.error_count(), 5_000);
    assert_first_in_file_order(&error);
}

#[test]
fn warnings_are_capped_at_the_first_hundred_with_a_count() {
    let sources: Vec<String> = (0..300)
        .map(|i| format!("(id: \"u{i}\", title: \"U\")"))
        .collect();
    let text = BASE.replace(
        "sources: [(id: \"s\", title: \"S\")],",
        &format!(
            "sources: [(id: \"s\", title: \"S\"), {}],",
            sources.join(", ")
        ),
    );
    let loaded = load_ron_str("test.ron", &text).unwrap();
    assert_eq!(loaded.warnings.len(), 100);
    assert_eq!(loaded.omitted_warnings, 200);
    assert_eq!(loaded.warning_count(), 300);
    assert!(
        loaded.warnings[0]
            .to_string()
            .contains("source `u0` is never cited")
    );
}

#[test]
fn control_characters_in_one_line_fields_are_refused_with_their_place() {
    let line = "        (id: \"a\", title: \"Ab\u{1b}]0;x\", start: \"2016-02-11\", lane: \"war\", sources: [\"s\"]),";
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"Ab"),
        &[
            "`title` contains a control character (U+001B) at character 3",
            "one-line fields may not contain control characters",
        ],
    );
    let line = "        (id: \"a\", title: \"A\", start: \"2016-02-11\", lane: \"war\", sources: [\"s\"], tags: [\"ok\", \"a\u{0}b\"]),";
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"a\u{0}b"),
        &["`tags` contains a control character (U+0000) at character 2"],
    );
    assert_single_error(
        &with_line(3, "    title: \"T\\u{7}\","),
        3,
        12,
        &["`title` contains a control character (U+0007) at character 2"],
    );
    // A tab is allowed in a one-line field; line breaks in a text field.
    let line = "        (id: \"a\", title: \"A\tB\", start: \"2016-02-11\", lane: \"war\", sources: [\"s\"], summary: \"one\\ntwo\\r\\n\tthree\"),";
    load_ron_str("test.ron", &with_line(7, line)).unwrap();
}

#[test]
fn a_series_short_name_is_a_one_line_field() {
    let line = r#"    displacement: [(id: "r", name: "Refugees", short_name: "Ref\u{7}", unit: "people", points: [(date: "2016", value: 1, source: "s")])],"#;
    assert_single_error(
        &with_line(11, line),
        11,
        column_of(line, "\"Ref\\u"),
        &["`short_name` contains a control character (U+0007) at character 4"],
    );
    // Written plainly it loads, and a misspelt field is refused.
    let line = r#"    displacement: [(id: "r", name: "Refugees", short_name: "Ref", unit: "people", points: [(date: "2016", value: 1, source: "s")])],"#;
    let loaded = load_ron_str("test.ron", &with_line(11, line)).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.dataset.displacement[0].short_label(), "Ref");
    let line = line.replace("short_name", "shortname");
    let message = load_error(&with_line(11, &line)).to_string();
    assert!(message.contains("shortname"), "{message}");
}

#[test]
fn control_characters_other_than_line_breaks_are_refused_in_text_fields() {
    let line = "        (id: \"a\", title: \"A\", start: \"2016-02-11\", lane: \"war\", sources: [\"s\"], summary: \"one\\ntwo\\u{9b}\"),";
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"one"),
        &[
            "`summary` contains a control character (U+009B) at character 8",
            "text fields may contain line breaks",
        ],
    );
}

#[test]
fn day_and_month_zero_say_they_do_not_exist() {
    let line =
        r#"        (id: "a", title: "A", start: "2016-02-00", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"2016-02-00"),
        &["day 00 does not exist; days start at 01"],
    );
    let line = r#"        (id: "a", title: "A", start: "2016-00", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"2016-00"),
        &["month 00 does not exist; months are 01 to 12"],
    );
}

#[test]
fn a_number_too_large_to_represent_says_so() {
    let line = r#"    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "2016", value: 1e400, source: "s")])],"#;
    assert_single_error(
        &with_line(11, line),
        11,
        column_of(line, "(date"),
        &[
            "`value` is 1e400, which is too large to represent",
            "finite number ≥ 0",
        ],
    );
}

#[test]
fn a_negative_importance_names_the_field_and_the_range() {
    let line = r#"        (id: "a", title: "A", start: "2016-02-11", lane: "war", sources: ["s"], importance: -3),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "-3"),
        &["`importance` is -3; it must be 1 to 5"],
    );
}

#[test]
fn an_empty_file_says_what_it_must_hold() {
    let errors = error_lines("\n  \n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "test.ron:1:1: error: the file is empty; a dataset file holds the dataset: `Dataset("
        ),
        "{errors:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", FOLDER_DATASET);
    write(dir.path(), "events.ron", "");
    let errors = folder_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(
            "error: the file is empty; events.ron holds a list `[ ( … ), … ]`; write `[]` for none"
        ),
        "{errors:?}"
    );
}

#[test]
fn plurals_of_series_are_series() {
    let line = r#"    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "2016", value: 1, source: "s")]), (id: "r", name: "R", unit: "people", points: [(date: "2016", value: 1, source: "s")])],"#;
    let errors = error_lines(&with_line(11, line));
    assert!(errors[0].contains("unique among series"), "{errors:?}");
    assert!(!errors[0].contains("seriess"), "{errors:?}");
}

#[test]
fn the_size_limit_message_says_how_to_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    std::fs::write(&path, BASE).unwrap();
    let options = LoadOptions {
        max_file_bytes: 100,
        ..LoadOptions::default()
    };
    let error = load_path(&path, &options).unwrap_err().to_string();
    assert!(
        error.contains("CONFLICT_TIMELINE_MAX_FILE_BYTES=1G"),
        "{error}"
    );
    assert!(!error.contains("raise the limit;"), "{error}");
}

#[test]
fn byte_sizes_take_suffixes() {
    use conflict_timeline::load::parse_byte_size;
    assert_eq!(parse_byte_size("1000"), Some(1000));
    assert_eq!(parse_byte_size("512K"), Some(512 << 10));
    assert_eq!(parse_byte_size("512M"), Some(512 << 20));
    assert_eq!(parse_byte_size("1g"), Some(1 << 30));
    assert_eq!(parse_byte_size("2GiB"), Some(2 << 30));
    for bad in ["", "G", "-1", "1.5G", "lots", "99999999999999999999"] {
        assert_eq!(parse_byte_size(bad), None, "{bad}");
    }
}

#[test]
fn a_folder_named_dataset_ron_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dataset.ron")).unwrap();
    let errors = folder_errors(dir.path());
    let path = dir.path().join("dataset.ron").display().to_string();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{path}: error: not a regular file")),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_section_link_is_an_error_not_an_empty_section() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", FOLDER_DATASET);
    let target = dir.path().join("gone.ron");
    std::os::unix::fs::symlink(&target, dir.path().join("events.ron")).unwrap();
    let errors = folder_errors(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let events = dir.path().join("events.ron").display().to_string();
    assert!(
        errors[0].starts_with(&format!("{events}: error: cannot read {events}")),
        "{errors:?}"
    );
    assert!(
        errors[0].contains(&format!(
            "it is a link to {}, which does not exist",
            target.display()
        )),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_section_link_loop_is_an_error_not_an_empty_section() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dataset.ron", FOLDER_DATASET);
    std::os::unix::fs::symlink("quotes.ron", dir.path().join("events.ron")).unwrap();
    std::os::unix::fs::symlink("events.ron", dir.path().join("quotes.ron")).unwrap();
    let errors = folder_errors(dir.path());
    assert_eq!(errors.len(), 2, "{errors:?}");
    for error in &errors {
        assert!(error.contains("too many levels of links"), "{errors:?}");
    }
}

#[test]
fn an_importance_beyond_any_integer_or_with_a_fraction_gets_the_range() {
    for (value, needle) in [
        (
            "99999999999999999999999",
            "`importance` is 99999999999999999999999; it must be 1 to 5",
        ),
        (
            "2.5",
            "`importance` is 2.5; it must be a whole number from 1 to 5",
        ),
    ] {
        let line = format!(
            r#"        (id: "a", title: "A", start: "2016-02-11", lane: "war", sources: ["s"], importance: {value}),"#
        );
        let column = column_of(&line, value);
        assert_single_error(&with_line(7, &line), 7, column, &[needle]);
    }
}

#[test]
fn a_file_of_only_white_space_comments_or_a_byte_order_mark_is_empty() {
    for text in [
        "  \n\t\n",
        "// nothing yet\n/* still /* nothing */ */\n",
        "\u{feff}",
        "\u{feff}\n  ",
    ] {
        let errors = error_lines(text);
        assert_eq!(errors.len(), 1, "{text:?}: {errors:?}");
        assert!(
            errors[0].starts_with("test.ron:1:1: error: the file is empty;"),
            "{text:?}: {errors:?}"
        );
    }
}

#[test]
fn nesting_at_the_top_gets_our_message_not_the_parsers_advice() {
    for text in ["(".repeat(200), "[".repeat(200)] {
        let errors = error_lines(&text);
        assert!(errors[0].contains("nested"), "{errors:?}");
        assert!(!errors[0].contains("recursion_limit"), "{errors:?}");
        assert!(!errors[0].contains("serde_stacker"), "{errors:?}");
    }
}

#[test]
fn a_file_cut_short_says_so_in_words() {
    let errors = error_lines("Dataset(format: 1, title: \"t\", lanes: [");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("the file ends in the middle of a value"),
        "{errors:?}"
    );
    assert!(!errors[0].contains("Unexpected end of RON"), "{errors:?}");
}

#[test]
fn impossible_dates_of_every_form_are_placed_like_any_date() {
    for (bad, reason) in [
        ("-0043-02-30", "February 44 BCE has 28 days"),
        ("2016-02-27T24:01", "hours are 00 to 23"),
        ("2016-02-27T12:00+14:30", "UTC offsets reach ±14:00"),
        ("12000", "needs its sign: \"+12000\""),
        ("0 BCE", "there is no year 0"),
        ("-251902000-06", "write a year further away alone"),
    ] {
        let line = format!(
            r#"        (id: "a", title: "A", start: "{bad}", lane: "war", sources: ["s"]),"#
        );
        assert_single_error(
            &with_line(7, &line),
            7,
            column_of(&line, &format!("\"{bad}\"")),
            &[&format!("invalid date {bad:?}"), reason, "44 BCE"],
        );
    }
}

#[test]
fn an_end_before_its_start_is_found_at_the_utc_instants() {
    // 02:00 at UTC+2 is midnight UTC, an hour before the start.
    let line = r#"        (id: "a", title: "A", start: "2016-02-27T01:00Z", end: "2016-02-27T02:00+02:00", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"2016-02-27T02:00+02:00\""),
        &["event `a` ends (2016-02-27T02:00+02:00) before it starts (2016-02-27T01:00Z)"],
    );
    let line = r#"        (id: "a", title: "A", start: "-0499", end: "-0500", lane: "war", sources: ["s"]),"#;
    assert_single_error(
        &with_line(7, line),
        7,
        column_of(line, "\"-0500\""),
        &["ends (-0500) before it starts (-0499)"],
    );
    // A minute, a day and a year that contain or follow their starts are fine.
    for (start, end) in [
        ("2016-02-27T00:00+02:00", "2016-02-26T23:00Z"),
        ("2016-02-27T10:00", "2016-02-27T10:00"),
        ("2016-02-27T10:00", "2016-02-27"),
        ("44 BCE", "-0043-03-15"),
        ("-251902000", "-66043000"),
    ] {
        let line = format!(
            r#"        (id: "a", title: "A", start: "{start}", end: "{end}", lane: "war", sources: ["s"]),"#
        );
        let loaded = load_ron_str("test.ron", &with_line(7, &line));
        assert!(loaded.is_ok(), "{start} – {end}: {:?}", loaded.err());
    }
}
