//! Importing TimelineJS3 JSON and TimelineJS sheets (CSV): the model they
//! load into, the errors with their exact places, and `check` on them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, stderr, stdout};

use std::path::Path;

use conflict_timeline::load::{
    LoadOptions, Origin, Problem, load_path, load_timelinejs_csv_str, load_timelinejs_json_str,
};
use conflict_timeline::model::{Date, Lane};
use conflict_timeline::{Dataset, Diagnostic, LoadError, Loaded};
use proptest::prelude::*;

const JSON_SAMPLE: &str = "tests/data/import/truce-2016.json";
const CSV_SAMPLE: &str = "tests/data/import/truce-2016.csv";

fn load(path: &str) -> Loaded {
    load_path(Path::new(path), &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{path} should load: {:#?}", error.diagnostics))
}

fn load_error(path: &str) -> LoadError {
    match load_path(Path::new(path), &LoadOptions::default()) {
        Ok(_) => panic!("{path} should not load"),
        Err(error) => error,
    }
}

fn error_lines(error: &LoadError) -> Vec<String> {
    error.errors().map(Diagnostic::to_string).collect()
}

fn json_errors(text: &str) -> Vec<String> {
    match load_timelinejs_json_str("t.json", text) {
        Ok(loaded) => panic!("expected errors, loaded {:?}", loaded.dataset),
        Err(error) => error_lines(&error),
    }
}

fn csv_errors(text: &str) -> Vec<String> {
    match load_timelinejs_csv_str("t.csv", text) {
        Ok(loaded) => panic!("expected errors, loaded {:?}", loaded.dataset),
        Err(error) => error_lines(&error),
    }
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn lanes(dataset: &Dataset) -> Vec<(&str, &str)> {
    dataset
        .lanes
        .iter()
        .map(|Lane { id, name, .. }| (id.as_str(), name.as_str()))
        .collect()
}

fn event<'d>(dataset: &'d Dataset, id: &str) -> &'d conflict_timeline::model::Event {
    dataset
        .event(id)
        .unwrap_or_else(|| panic!("no event {id} in {:?}", dataset.events))
}

#[test]
fn timelinejs_json_loads_into_the_model() {
    let loaded = load(JSON_SAMPLE);
    assert_eq!(loaded.origin, Origin::File(JSON_SAMPLE.into()));
    let dataset = &loaded.dataset;
    assert_eq!(dataset.title, "Syria: the truces of 2016");
    assert_eq!(
        dataset.description.as_deref(),
        Some(
            "From the Munich meeting to the September truce — a sample timeline in TimelineJS3 JSON."
        )
    );
    // One lane per group, in order of first appearance; ungrouped events last here.
    assert_eq!(
        lanes(dataset),
        [
            ("diplomacy", "Diplomacy"),
            ("truce", "Truce"),
            ("war", "War"),
            ("events", "Events")
        ]
    );
    let ids: Vec<&str> = dataset.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "unsc-2254",
            "munich-issg-meeting",
            // `Cessation_Begins` is not a valid id: the headline gives one.
            "cessation-of-hostilities-takes-effect",
            "fighting-resumes-around-aleppo",
            "displacement-keeps-rising",
            "united-states-and-russia-agree-on-a-new-truce",
        ]
    );

    // Dates at the precision written, times of day included.
    let munich = event(dataset, "munich-issg-meeting");
    assert_eq!(munich.start, date("2016-02-11T18:30"));
    assert_eq!(munich.end, Some(date("2016-02-12")));
    assert_eq!(munich.lane, "diplomacy");
    assert_eq!(munich.title, "Munich ISSG meeting");
    assert_eq!(
        munich.summary.as_deref(),
        Some(
            "Major powers agree to seek a \"cessation of hostilities\"\nwithin a week. Kerry: “That is ambitious.”"
        )
    );
    assert!(munich.sources.is_empty());
    let aleppo = event(dataset, "fighting-resumes-around-aleppo");
    assert_eq!(aleppo.start, date("2016-04"));
    assert_eq!(aleppo.end, None);
    assert_eq!(
        aleppo.summary.as_deref(),
        Some("The truce erodes.\n\nTalks in Geneva stall.")
    );
    let rising = event(dataset, "displacement-keeps-rising");
    assert_eq!(rising.start, date("2016"));
    assert_eq!(rising.lane, "events");
    assert_eq!(rising.summary, None);

    // Media links become sources.
    let unsc = event(dataset, "unsc-2254");
    assert_eq!(*unsc.sources, ["unsc-2254-media"]);
    assert_eq!(
        unsc.summary.as_deref(),
        Some("The council endorses a road map for a peace process & a ceasefire.")
    );
    let source = dataset.source("unsc-2254-media").unwrap();
    assert_eq!(source.title, "Resolution 2254 (2015)");
    assert_eq!(source.publisher.as_deref(), Some("United Nations"));
    assert_eq!(
        source.url.as_deref(),
        Some("https://example.org/un/resolution-2254")
    );
    let truce = event(dataset, "cessation-of-hostilities-takes-effect");
    let photo = dataset.source(&truce.sources[0]).unwrap();
    assert_eq!(photo.title, "Photo: A. Reporter");
    assert_eq!(
        photo.url.as_deref(),
        Some("https://example.org/photos/truce.jpg")
    );
    assert_eq!(dataset.sources.len(), 2);

    // Eras.
    let eras: Vec<(&str, &str, Date, Option<Date>)> = dataset
        .eras
        .iter()
        .map(|era| (era.id.as_str(), era.title.as_str(), era.start, era.end))
        .collect();
    assert_eq!(
        eras,
        [
            (
                "cessation-of-hostilities",
                "Cessation of hostilities",
                date("2016-02-27"),
                Some(date("2016-04"))
            ),
            (
                "september-truce",
                "September truce",
                date("2016-09-12"),
                Some(date("2016-09-19"))
            ),
        ]
    );

    // An embedded quote is not a link: left out with a warning at its place.
    let not_imported: Vec<String> = loaded
        .warnings
        .iter()
        .filter(|w| matches!(w.problem, Problem::NotImported { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        not_imported,
        [format!(
            "{JSON_SAMPLE}:71:16: warning: the media of event `united-states-and-russia-agree-on-a-new-truce` is not imported: it is embedded HTML, not a link"
        )]
    );
}

#[test]
fn timelinejs_sheet_loads_into_the_model() {
    let loaded = load(CSV_SAMPLE);
    assert_eq!(loaded.origin, Origin::File(CSV_SAMPLE.into()));
    let dataset = &loaded.dataset;
    // The title row.
    assert_eq!(dataset.title, "Syria: the truces of 2016");
    assert_eq!(
        dataset.description.as_deref(),
        Some("A TimelineJS sheet, saved as CSV.")
    );
    // The era row.
    assert_eq!(dataset.eras.len(), 1);
    assert_eq!(dataset.eras[0].id, "cessation-of-hostilities");
    assert_eq!(dataset.eras[0].start, date("2016-02-27"));
    assert_eq!(dataset.eras[0].end, Some(date("2016-04")));
    // Events, with the blank last row skipped.
    assert_eq!(dataset.events.len(), 5);
    assert_eq!(
        lanes(dataset),
        [
            ("diplomacy", "Diplomacy"),
            ("truce", "Truce"),
            ("war", "War"),
            ("events", "Events")
        ]
    );
    let munich = event(dataset, "munich-issg-meeting");
    assert_eq!(munich.start, date("2016-02-11T18:30"));
    assert_eq!(munich.end, Some(date("2016-02-12")));
    assert_eq!(
        munich.summary.as_deref(),
        Some(
            "Major powers agree to seek a \"cessation of hostilities\".\n\nKerry: “That is ambitious.”"
        )
    );
    assert_eq!(
        event(dataset, "fighting-resumes-around-aleppo").start,
        date("2016-04")
    );
    let rising = event(dataset, "displacement-keeps-rising");
    assert_eq!(rising.start, date("2016"));
    assert_eq!(rising.lane, "events");
    let unsc = event(dataset, "security-council-adopts-resolution-2254");
    assert_eq!(
        unsc.summary.as_deref(),
        Some("The council endorses a road map for a peace process & a ceasefire.")
    );
    let source = dataset.source(&unsc.sources[0]).unwrap();
    assert_eq!(source.title, "Resolution 2254 (2015)");
    assert_eq!(source.publisher.as_deref(), Some("United Nations"));
    assert_eq!(
        source.url.as_deref(),
        Some("https://example.org/un/resolution-2254")
    );
}

#[test]
fn json_and_sheet_samples_hold_the_same_events() {
    let json = load(JSON_SAMPLE).dataset;
    let csv = load(CSV_SAMPLE).dataset;
    for (id_json, id_csv) in [
        ("munich-issg-meeting", "munich-issg-meeting"),
        (
            "fighting-resumes-around-aleppo",
            "fighting-resumes-around-aleppo",
        ),
        ("unsc-2254", "security-council-adopts-resolution-2254"),
    ] {
        let (a, b) = (event(&json, id_json), event(&csv, id_csv));
        assert_eq!(
            (a.title.as_str(), a.start, a.end, a.lane.as_str()),
            (b.title.as_str(), b.start, b.end, b.lane.as_str())
        );
    }
}

#[test]
fn json_syntax_error_has_its_line_and_column() {
    let errors = error_lines(&load_error("tests/data/import/broken-syntax.json"));
    assert_eq!(
        errors,
        ["tests/data/import/broken-syntax.json:6:7: error: syntax error: expected `,` or `}`"]
    );
}

/// Every error of the file at `path`, in order, begins with `path:` and
/// then the expected text.
fn assert_errors_begin(path: &str, expected: &[&str]) {
    let errors = error_lines(&load_error(path));
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, expected) in errors.iter().zip(expected) {
        assert!(
            error.starts_with(&format!("{path}:{expected}")),
            "{error:?} should start with {expected:?}"
        );
    }
}

#[test]
fn every_json_date_error_is_placed() {
    let path = "tests/data/import/broken-dates.json";
    let expected = [
        "5:46: error: `start_date.month` is 13; a month is 1 to 12",
        "9:21: error: `start_date.year` has no value; every event needs a start year",
        "13:60: error: `start_date.day` is \"30\"; February 2016 has 29 days",
        "16:5: error: event `ends-before-it-starts` ends (2016-03) before it starts (2016-05)",
        "22:31: error: `start_date.year` is \"twenty sixteen\"; expected a whole number, e.g. 2016 or \"2016\"",
        "25:5: error: `start_date.year` has no value; every event needs a start year",
        "31:5: error: duplicate event id `twice`; it is first defined at tests/data/import/broken-dates.json:26:5",
    ];
    assert_errors_begin(path, &expected);
}

#[test]
fn every_csv_error_names_line_column_and_header() {
    let path = "tests/data/import/broken-dates.csv";
    let expected = [
        "2:6: error: column 2 `Month` is \"13\"; a month is 1 to 12",
        "3:1: error: column 1 `Year` has no value; every event needs a start year",
        "4:8: error: column 3 `Day` is \"30\"; February 2016 has 29 days",
        "5:1: error: event `ends-before-it-starts` ends (2016-03) before it starts (2016-05)",
        "6:6: error: column 2 `Month` is \"Feb\"; expected a whole number, e.g. 2016",
        "7:13: error: column 4 `End Year` has no value; an end date with a month, day or time needs a year too",
    ];
    assert_errors_begin(path, &expected);
}

#[test]
fn csv_without_the_required_columns_names_them() {
    let errors = error_lines(&load_error("tests/data/import/missing-columns.csv"));
    assert_eq!(
        errors,
        [
            "tests/data/import/missing-columns.csv:1:1: error: the header row has no `Year` column; a TimelineJS sheet needs the columns Year, Headline; found: `Date`, `Title`, `Text`",
            "tests/data/import/missing-columns.csv:1:1: error: the header row has no `Headline` column; a TimelineJS sheet needs the columns Year, Headline; found: `Date`, `Title`, `Text`",
        ]
    );
    assert_eq!(
        csv_errors(""),
        [
            "t.csv:1:1: error: the header row has no `Year` column; a TimelineJS sheet needs the columns Year, Headline; found: no columns",
            "t.csv:1:1: error: the header row has no `Headline` column; a TimelineJS sheet needs the columns Year, Headline; found: no columns",
        ]
    );
}

#[test]
fn csv_headers_match_loosely_and_extra_columns_are_ignored() {
    // Trimmed, any case, any order, a byte order mark, CRLF line ends, an
    // unknown column and no optional date columns.
    let text = "\u{feff} HEADLINE ,notes,year ,  end   YEAR,group\r\n\
                First,x,2014,2015,A\r\n\
                \"Second, with a comma\",y,2015,,b\r\n";
    let loaded = load_timelinejs_csv_str("dir/my-sheet.csv", text).unwrap();
    let dataset = &loaded.dataset;
    assert_eq!(
        dataset.title, "my-sheet",
        "the file stem names an untitled sheet"
    );
    assert_eq!(dataset.events.len(), 2);
    assert_eq!(dataset.events[0].start, date("2014"));
    assert_eq!(dataset.events[0].end, Some(date("2015")));
    assert_eq!(dataset.events[1].title, "Second, with a comma");
    assert_eq!(dataset.events[1].id, "second-with-a-comma");
    assert_eq!(lanes(dataset), [("a", "A"), ("b", "b")]);
}

#[test]
fn csv_places_count_lines_inside_quoted_fields() {
    let text = "Year,Headline,Text,Month\n\
                2016,A,\"two\nlines\",1\n\
                2016,B,,13\n";
    assert_eq!(
        csv_errors(text),
        ["t.csv:4:9: error: column 4 `Month` is \"13\"; a month is 1 to 12"]
    );
}

#[test]
fn json_dates_take_numbers_or_strings_at_their_precision() {
    let text = r#"{"events": [
        {"start_date": {"year": 1999}, "text": {"headline": "Y"}},
        {"start_date": {"year": "1999", "month": "07", "day": null}, "text": {"headline": "M"}},
        {"start_date": {"year": 1999.0, "month": 7, "day": "4", "hour": 12, "millisecond": 5},
         "end_date": {"year": "", "month": ""}, "text": {"headline": "D"}}
    ]}"#;
    let loaded = load_timelinejs_json_str("dates.json", text).unwrap();
    let starts: Vec<Date> = loaded.dataset.events.iter().map(|e| e.start).collect();
    assert_eq!(
        starts,
        [date("1999"), date("1999-07"), date("1999-07-04T12:00")]
    );
    assert_eq!(loaded.dataset.events[2].end, None);
    assert_eq!(loaded.dataset.title, "dates");
}

#[test]
fn json_ids_are_kept_or_made_unique() {
    let text = r#"{"events": [
        {"unique_id": "talks", "start_date": {"year": 2016}, "text": {"headline": "Talks"}},
        {"start_date": {"year": 2016}, "text": {"headline": "Talks"}},
        {"start_date": {"year": 2016}, "text": {"headline": "Talks"}},
        {"unique_id": 42, "start_date": {"year": 2016}, "text": {"headline": "<b>  </b>"}},
        {"unique_id": "Not Valid", "start_date": {"year": 2016}, "text": {"text": "<p>Only a text, which is long enough to need cutting before it ends, here and now, at last.</p>"}},
        {"start_date": {"year": 2016}, "group": 7}
    ]}"#;
    let loaded = load_timelinejs_json_str("ids.json", text).unwrap();
    let events: Vec<(&str, &str)> = loaded
        .dataset
        .events
        .iter()
        .map(|e| (e.id.as_str(), e.title.as_str()))
        .collect();
    assert_eq!(
        events,
        [
            ("talks", "Talks"),
            ("talks-2", "Talks"),
            ("talks-3", "Talks"),
            ("42", "Untitled event"),
            (
                "only-a-text-which-is-long-enough-to-need",
                "Only a text, which is long enough to need cutting before it ends, here and now…"
            ),
            ("untitled-event", "Untitled event"),
        ]
    );
    assert_eq!(lanes(&loaded.dataset), [("events", "Events"), ("7", "7")]);
}

#[test]
fn json_shape_errors_are_placed() {
    assert_eq!(
        json_errors("[1, 2]"),
        [
            "t.json:1:1: error: a TimelineJS file holds one JSON object {\"title\": …, \"events\": [ … ]}; invalid type: sequence, expected a map"
        ]
    );
    assert_eq!(
        json_errors("{\"title\": {}}"),
        [
            "t.json:1:1: error: `events` has no value; a TimelineJS timeline lists its events in \"events\": [ … ]"
        ]
    );
    assert_eq!(
        json_errors("{\n  \"events\": 5\n}"),
        ["t.json:2:13: error: `events` is 5; expected a list [ … ] of events objects"]
    );
    assert_eq!(
        json_errors(
            "{\"events\": [\n  7,\n  {\"start_date\": \"2016-02-11\"},\n  {\"start_date\": {\"year\": 2016}, \"text\": \"x\"}\n]}"
        ),
        [
            "t.json:2:3: error: `events[0]` is 7; expected an event object {\"start_date\": …, \"text\": …}",
            "t.json:3:18: error: `start_date` is \"2016-02-11\"; expected an object like {\"year\": 2016, \"month\": 2, \"day\": 27}",
            "t.json:4:44: error: in events[2]: invalid type: string \"x\", expected struct SlideText",
        ]
    );
    assert_eq!(
        json_errors("{\"title\": {}"),
        ["t.json:1:12: error: syntax error: EOF while parsing an object"]
    );
    // serde_json counts columns in bytes; places count characters (`é` is
    // two bytes, one character).
    assert_eq!(
        json_errors("{\"events\": [{\"start_date\": {\"year\": \"é\"}}"),
        ["t.json:1:41: error: syntax error: EOF while parsing a list"]
    );
}

#[test]
fn json_with_a_byte_order_mark_and_empty_events_loads() {
    let loaded = load_timelinejs_json_str("e.json", "\u{feff}{\"events\": []}").unwrap();
    assert!(loaded.dataset.events.is_empty());
    assert_eq!(
        json_errors("\u{feff}{\"events\": [}"),
        ["t.json:1:14: error: syntax error: expected value"]
    );
}

#[test]
fn other_file_types_are_still_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("timeline.xml");
    std::fs::write(&path, "<timeline/>").unwrap();
    let errors = error_lines(&load_path(&path, &LoadOptions::default()).unwrap_err());
    assert!(
        errors[0].contains("unsupported file type") && errors[0].contains(".json"),
        "{errors:?}"
    );
}

#[test]
fn imported_files_obey_the_size_limit() {
    let options = LoadOptions {
        max_file_bytes: 10,
        ..LoadOptions::default()
    };
    let errors = error_lines(&load_path(Path::new(JSON_SAMPLE), &options).unwrap_err());
    assert!(
        errors[0].contains("over the limit of 10 bytes"),
        "{errors:?}"
    );
}

// Sheets the csv crate reads leniently.

fn csv_warnings(text: &str) -> Vec<String> {
    match load_timelinejs_csv_str("t.csv", text) {
        Ok(loaded) => loaded
            .warnings
            .iter()
            .map(Diagnostic::to_string)
            .filter(|w| !w.contains("cites no source"))
            .collect(),
        Err(error) => panic!("expected a load, got {:#?}", error.diagnostics),
    }
}

#[test]
fn a_quote_left_open_at_the_end_is_an_error_where_it_opened() {
    // Read leniently, the open quote made the last two lines one headline:
    // one event instead of two, and no word about it.
    let text = "Year,Headline\n2016,\"Munich\n2017,Geneva\n";
    assert_eq!(
        csv_errors(text),
        [
            "t.csv:2:6: error: syntax error: this quote is not closed before the end of the file, so the rest of the file would be one cell; close it with `\"` (a quote inside a quoted cell is written twice: `\"\"`)"
        ]
    );
    // In the header, and with a doubled quote that does not close it.
    let errors = csv_errors("Year,Headline\r\n2016,\"He said \"\"no\"\"\r\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("t.csv:2:6: error: syntax error: this quote is not closed"));
    let errors = csv_errors("Year,\"Headline\n2016,A\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("t.csv:1:6: error: syntax error: this quote is not closed"));
    // A quoted cell over several lines, closed, is fine.
    let loaded = load_timelinejs_csv_str("t.csv", "Year,Headline\n2016,\"A\nB\"\n2017,C").unwrap();
    assert_eq!(loaded.dataset.events.len(), 2);
}

#[test]
fn a_row_wider_or_narrower_than_the_header_is_a_warning_at_the_row() {
    let text = "Year,Headline,Text\n\
                2016,Munich\n\
                2017,Geneva,x,\"y, z\"\n\
                2018,Astana,,,\n\
                2019,Sochi,text\n";
    let loaded = load_timelinejs_csv_str("t.csv", text).unwrap();
    assert_eq!(loaded.dataset.events.len(), 4, "the rows are still read");
    assert_eq!(
        csv_warnings(text),
        [
            "t.csv:2:1: warning: this row has 2 columns, the header has 3 columns; its missing cells are read as empty (a comma too few, or a line break outside quotes?)",
            "t.csv:3:1: warning: this row has 4 columns, the header has 3 columns; the cells after column 3 are not imported (a comma outside quotes, or a quote left open?)",
        ]
    );
}

#[test]
fn sheets_in_the_template_layout_import_without_width_warnings() {
    // The TimelineJS template's 18 columns as a spreadsheet saves them: a
    // byte order mark, CRLF, blank columns after the header's last, a
    // multi-line quoted cell, a blank row, and trailing blank cells.
    let loaded = load("tests/data/import/template-layout.csv");
    let dataset = &loaded.dataset;
    assert_eq!(dataset.title, "Ceasefires in 2016");
    assert_eq!(dataset.events.len(), 4);
    assert_eq!(dataset.eras.len(), 1);
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    assert_eq!(
        warnings,
        [
            "tests/data/import/template-layout.csv:6:1: warning: event `the-truce-begins` cites no source; add `sources: [\"…\"]` so readers can check it",
            "tests/data/import/template-layout.csv:6:35: warning: the media of event `the-truce-begins` is not imported: it is embedded HTML, not a link",
            "tests/data/import/template-layout.csv:9:1: warning: event `nationwide-ceasefire` cites no source; add `sources: [\"…\"]` so readers can check it",
        ]
    );
    // The protocol-relative media link became an https one.
    let geneva = event(dataset, "kerry-and-lavrov-agree-in-geneva");
    let source = dataset.source(&geneva.sources[0]).unwrap();
    assert_eq!(
        source.url.as_deref(),
        Some("https://example.org/geneva.jpg")
    );
    // The same rows with LF line ends, no BOM and no blank columns: the same warnings.
    let text = std::fs::read_to_string("tests/data/import/template-layout.csv").unwrap();
    let plain = text
        .trim_start_matches('\u{feff}')
        .replace(",,\r\n", "\n")
        .replace("\r\n", "\n");
    let plain = load_timelinejs_csv_str("tests/data/import/template-layout.csv", &plain).unwrap();
    assert_eq!(plain.dataset, loaded.dataset);
    assert_eq!(plain.warnings.len(), loaded.warnings.len());
}

#[test]
fn media_links_that_are_not_web_links_are_dropped_with_a_warning() {
    let text = "Year,Headline,Media\n\
                2016,A,javascript:alert(1)\n\
                2016,B,\\\\host\\share\\x.jpg\n\
                2016,C,file:///etc/passwd\n\
                2016,D,images/d.jpg\n\
                2016,E,HTTPS://example.org/e.jpg\n";
    let loaded = load_timelinejs_csv_str("t.csv", text).unwrap();
    let urls: Vec<Option<&str>> = loaded
        .dataset
        .sources
        .iter()
        .map(|s| s.url.as_deref())
        .collect();
    assert_eq!(urls, [Some("HTTPS://example.org/e.jpg")]);
    let warnings = csv_warnings(text);
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    assert_eq!(
        warnings[0],
        "t.csv:2:8: warning: the media link of event `a` is not imported: \"javascript:alert(1)\" is not a web link; only https:// and http:// links are kept, so that no file, share or script is opened from the timeline"
    );
    for (warning, place) in
        warnings
            .iter()
            .zip(["t.csv:2:8", "t.csv:3:8", "t.csv:4:8", "t.csv:5:8"])
    {
        assert!(warning.starts_with(place), "{warning}");
        assert!(warning.contains("is not a web link"), "{warning}");
    }

    let json = r#"{"events": [
        {"start_date": {"year": 2016}, "text": {"headline": "A"},
         "media": {"url": "data:text/html,<script>alert(1)</script>"}},
        {"start_date": {"year": 2016}, "text": {"headline": "B"},
         "media": {"url": "http://example.org/b.jpg"}}
    ]}"#;
    let loaded = load_timelinejs_json_str("t.json", json).unwrap();
    assert_eq!(loaded.dataset.sources.len(), 1);
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("t.json:3:")
            && w.contains("the media link of event `a` is not imported: \"data:text/html")),
        "{warnings:#?}"
    );
}

// The binary.

#[test]
fn check_reads_json_and_csv() {
    for path in [JSON_SAMPLE, CSV_SAMPLE] {
        let output = run(&["check", path]);
        assert_eq!(output.status.code(), Some(0), "{path}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.starts_with("Syria: the truces of 2016\n"), "{text}");
        assert!(text.contains(&format!("dataset   {path}")), "{text}");
        assert!(text.contains("lanes     4: Diplomacy"), "{text}");
        assert!(text.ends_with("ok: no errors\n"), "{text}");
    }
}

#[test]
fn check_prints_import_errors_and_exits_1() {
    let output = run(&["check", "tests/data/import/broken-dates.csv"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.starts_with(
            "tests/data/import/broken-dates.csv:2:6: error: column 2 `Month` is \"13\"; a month is 1 to 12\n"
        ),
        "{errors}"
    );
    assert!(
        errors.ends_with("error: the dataset did not load: 6 errors\n"),
        "{errors}"
    );
    assert!(stdout(&output).is_empty());

    let output = run(&["check", "tests/data/import/broken-syntax.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .starts_with("tests/data/import/broken-syntax.json:6:7: error: syntax error"),
        "{}",
        stderr(&output)
    );
}

// Never panics.

fn import_does_not_panic(text: &str) {
    let _ = load_timelinejs_json_str("fuzz.json", text);
    let _ = load_timelinejs_csv_str("fuzz.csv", text);
}

#[test]
fn every_single_byte_deletion_of_the_samples() {
    for sample in [
        include_str!("data/import/truce-2016.json"),
        include_str!("data/import/truce-2016.csv"),
    ] {
        for at in 0..sample.len() {
            if sample.is_char_boundary(at) && sample.is_char_boundary(at + 1) {
                import_does_not_panic(&format!("{}{}", &sample[..at], &sample[at + 1..]));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        import_does_not_panic(&text);
    }

    #[test]
    fn arbitrary_dates_never_panic(
        year in prop::option::of(-20_000i64..20_000),
        month in prop::option::of(-2i64..15),
        day in prop::option::of(-2i64..40),
        html in "[<>&;#a-z0-9 /\"]{0,40}",
    ) {
        let part = |value: Option<i64>| value.map_or("null".to_owned(), |v| v.to_string());
        let json = format!(
            "{{\"events\": [{{\"start_date\": {{\"year\": {}, \"month\": {}, \"day\": {}}}, \"text\": {{\"headline\": {:?}, \"text\": {:?}}}}}]}}",
            part(year), part(month), part(day), html, html
        );
        let _ = load_timelinejs_json_str("p.json", &json);
        let cell = |value: Option<i64>| value.map_or(String::new(), |v| v.to_string());
        let csv = format!(
            "Year,Month,Day,Headline,Text\n{},{},{},\"{}\",x\n",
            cell(year), cell(month), cell(day), html.replace('"', "\"\"")
        );
        let _ = load_timelinejs_csv_str("p.csv", &csv);
    }
}

#[test]
fn a_sheet_with_many_bad_rows_reports_the_first_hundred_and_counts_the_rest() {
    let mut text = String::from("Year,Month,Day,Headline\n");
    for row in 0..5_000 {
        text.push_str(&format!("20x{row},1,1,Event {row}\n"));
    }
    let error = match load_timelinejs_csv_str("t.csv", &text) {
        Ok(_) => panic!("expected errors"),
        Err(error) => error,
    };
    assert_eq!(
        error.errors().count(),
        conflict_timeline::load::MAX_REPORTED
    );
    assert_eq!(error.error_count(), 5_000);
    // The first errors in file order: rows 2, 3, 4, …
    let first = error_lines(&error);
    assert!(first[0].starts_with("t.csv:2:1: error:"), "{}", first[0]);
    assert!(first[1].starts_with("t.csv:3:1: error:"), "{}", first[1]);
}

#[test]
fn a_quote_left_open_mid_sheet_is_an_error_where_it_opened() {
    // The quote opened in the first row's headline closes only at the third
    // row's: the csv crate would read the second row into that cell.
    let text = "Year,Month,Day,Headline\n2019,1,1,\"D\n2020,1,1,\"E\",x\n2021,1,1,F\n";
    let errors = csv_errors(text);
    assert!(
        errors[0].starts_with("t.csv:2:10: error: syntax error: this quoted cell runs over line breaks and has text after its closing quote (at line 3, column 11)"),
        "{errors:?}"
    );
    // A quoted cell over two lines, closed properly, is fine.
    let good = "Year,Month,Day,Headline,Text\n2019,1,1,\"Two\nlines\",x\n2020,1,1,E,y\n";
    let loaded = load_timelinejs_csv_str("t.csv", good).unwrap();
    assert_eq!(loaded.dataset.events.len(), 2);
}

#[test]
fn an_empty_json_file_says_it_is_empty() {
    for text in ["", "  \n", "\u{feff}"] {
        let errors = json_errors(text);
        assert_eq!(
            errors,
            [
                "t.json:1:1: error: the file is empty; a TimelineJS file holds one JSON object `{\"title\": …, \"events\": [ … ]}`"
            ],
            "{text:?}"
        );
    }
}

#[test]
fn a_quote_left_open_mid_sheet_and_closed_before_a_comma_is_an_error() {
    // The second row is read into the first row's headline; every row still
    // has the header's width, so only the row inside the cell tells.
    let header = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n";
    let text = format!(
        "{header}2016,1,1,,,,,,,A,\"open,,,,,,,\n2016,1,2,,,,,,,B,text\",,,,,,,\n2016,1,3,,,,,,,C,t,,,,,,,\n"
    );
    let errors = csv_errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("t.csv:2:18: error: this quoted cell runs over line breaks, and its line 3 reads like a row of its own (10 commas)"),
        "{errors:?}"
    );
    // Prose over several lines, commas and numbers included, is not a row.
    let prose = format!(
        "{header}2016,1,1,,,,,,,A,\"In 2016, talks resumed.\n2017, however, brought war, again, and again.\nThe end\",,,,,,,\n"
    );
    let loaded = load_timelinejs_csv_str("t.csv", &prose).unwrap();
    assert_eq!(loaded.dataset.events.len(), 1);
}

#[test]
fn text_after_a_closing_quote_on_one_line_is_a_warning_at_the_text() {
    let text = "Year,Month,Day,Headline\n2016,1,1,\"A\"x\n";
    let loaded = load_timelinejs_csv_str("t.csv", text).unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "t.csv:2:13: warning: text follows this cell's closing quote and is joined to the cell"
        )),
        "{warnings:?}"
    );
    // Cells quoted as a whole, with doubled quotes inside, are fine.
    let fine = "Year,Month,Day,Headline\n2016,1,1,\"A \"\"B\"\" C\"\n";
    let loaded = load_timelinejs_csv_str("t.csv", fine).unwrap();
    assert!(
        !loaded
            .warnings
            .iter()
            .any(|w| w.to_string().contains("closing quote")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn multi_line_cells_that_are_prose_load_whatever_the_sheet() {
    for text in [
        // A blank after a multi-line cell's closing quote.
        "Year,Month,Day,Headline,Text\n2016,2,1,Talks,\"Para one.\nPara two.\" \n2016,3,1,More,x\n",
        // Narrow sheets whose text has commas and numbers.
        "Year,Headline,Text\n2016,Talks,\"First paragraph.\nTroops moved into Aleppo, Homs, and Hama.\"\n",
        "Year,Month,Day,Headline,Text\n2016,2,1,Toll,\"Reported:\n1,200 killed, 3,000 wounded, 40,000 fled\"\n",
    ] {
        let loaded = load_timelinejs_csv_str("t.csv", text)
            .unwrap_or_else(|error| panic!("{text:?}: {:?}", error.diagnostics));
        assert!(!loaded.dataset.events.is_empty());
        assert!(
            !loaded
                .warnings
                .iter()
                .any(|w| w.to_string().contains("quote")),
            "{text:?}: {:?}",
            loaded.warnings
        );
    }
}

#[test]
fn many_multi_line_cells_are_read_in_time_linear_in_the_file() {
    // Each row's multi-line cell once counted the lines from the start of
    // the file: 20,000 rows took minutes.
    let mut text = String::from("Year,Month,Day,Headline,Text\n");
    for row in 0..40_000 {
        text.push_str(&format!("2016,1,1,Event {row},\"line one\nline two\"\n"));
    }
    let started = std::time::Instant::now();
    let loaded = load_timelinejs_csv_str("t.csv", &text).unwrap();
    assert_eq!(loaded.dataset.events.len(), 40_000);
    // Generous: linear work is well under a second even in a debug build.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

// TimelineJS's dates: negative and cosmological years, times of day, checked
// on TimelineJS's own templates and on cases written for them.

const TLJS: &str = "tests/data/import/timelinejs";

fn starts(dataset: &Dataset) -> Vec<String> {
    dataset
        .events
        .iter()
        .map(|event| {
            let end = event.end.map(|end| format!("/{end:?}")).unwrap_or_default();
            format!("{:?}{end}", event.start)
        })
        .collect()
}

fn dates(texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .map(|text| match text.split_once('/') {
            Some((start, end)) => format!("{:?}/{:?}", date(start), date(end)),
            None => format!("{:?}", date(text)),
        })
        .collect()
}

/// The warnings of a load about what was not imported.
fn warnings(loaded: &Loaded) -> Vec<String> {
    loaded
        .warnings
        .iter()
        .map(Diagnostic::to_string)
        .filter(|line| line.contains("is not imported"))
        .collect()
}

/// Loads a sample, writes it as a dataset folder and loads that back equal.
fn load_and_export(path: &str) -> Loaded {
    let loaded = load(path);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    conflict_timeline::load::write_folder(
        &loaded.dataset,
        &out,
        &conflict_timeline::load::WriteOptions::default(),
    )
    .unwrap();
    let back = load_path(&out, &LoadOptions::default()).unwrap();
    assert_eq!(back.dataset, loaded.dataset, "{path}");
    loaded
}

#[test]
fn the_cosmological_template_imports_as_timelinejs_shows_it() {
    let loaded = load_and_export(&format!("{TLJS}/cosmo.json"));
    // The big bang is exactly at the bound; deep years stay as written, a
    // year shown in words like "315,000 BCE" moves to its astronomical year.
    assert_eq!(
        starts(&loaded.dataset),
        dates(&[
            "-13800000000",
            "-13799630000",
            "-12800000000",
            "-4600000000",
            "-538800000/-251902000",
            "-314999",
            "-3499",
        ])
    );
    assert_eq!(loaded.dataset.events[5].start.to_string(), "315,000 BCE");
    assert_eq!(loaded.dataset.events[6].start.to_string(), "3500 BCE");
    assert!(warnings(&loaded).is_empty(), "{:#?}", warnings(&loaded));
}

#[test]
fn the_mixed_template_puts_deep_time_and_days_on_one_axis() {
    let loaded = load_and_export(&format!("{TLJS}/cosmo-mixed.json"));
    assert_eq!(
        starts(&loaded.dataset),
        dates(&[
            "-13800000000",
            "-4600000000",
            "-540000000",
            "-299999",
            "-3499",
            "-0299",
            "1021",
            "1609-11",
            "1826",
            "1969-07-20",
            "1990-04-25",
        ])
    );
    assert_eq!(loaded.dataset.events[5].start.to_string(), "300 BCE");
}

#[test]
fn marktwain_times_import_to_the_second() {
    let loaded = load_and_export(&format!("{TLJS}/marktwain-excerpt.json"));
    let found = starts(&loaded.dataset);
    assert!(
        found.contains(&format!("{:?}", date("1900-01-06T06:45:56"))),
        "{found:?}"
    );
    for event in &loaded.dataset.events {
        assert_eq!(
            event.start.precision(),
            conflict_timeline::model::Precision::Second
        );
    }
}

#[test]
fn milliseconds_are_dropped_with_a_warning_each() {
    let loaded = load_and_export(&format!("{TLJS}/legacy-milliseconds.json"));
    let found = starts(&loaded.dataset);
    assert_eq!(found.len(), 5, "{found:?}");
    for start in &found {
        assert_eq!(start, &format!("{:?}", date("2015-01-01T01:01:01")));
    }
    let warned = warnings(&loaded)
        .iter()
        .filter(|line| line.contains("the fraction of a second"))
        .count();
    assert_eq!(warned, 5, "{:#?}", warnings(&loaded));
}

#[test]
fn the_sheet_template_with_its_time_columns_imports() {
    let loaded = load_and_export(&format!("{TLJS}/my-own-timeline-excerpt.csv"));
    assert_eq!(
        starts(&loaded.dataset),
        dates(&["1815-12-10/1852-11-27", "1948-03-14"])
    );
}

/// The synthetic sheet without its rows that are errors.
fn synthetic_csv() -> String {
    let text = std::fs::read_to_string(format!("{TLJS}/synthetic-cases.csv")).unwrap();
    text.lines()
        .filter(|line| {
            !(line.contains("24:00") || line.contains("12:75") || line.starts_with(",,,13:45"))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn synthetic_sheet_rows_import_as_the_research_proposes() {
    let loaded = load_timelinejs_csv_str("cases.csv", &synthetic_csv()).unwrap();
    assert_eq!(
        starts(&loaded.dataset),
        dates(&[
            "-0499",
            "-0043-03-15",
            "0000",
            "0000",
            "-314999",
            "-251902000/-201400000",
            "2016-02-27T00:00",
            "2016-02-27T13:45/2016-02-27T18:30:15",
            "2016-02-27T11:30",
            "2016-02-27T11:30",
            "2016-02-27T21:00",
            "2016-02-27T00:00",
            "2016-02-27T11:30:40",
            "2016-02-27T13:45+02:00",
            "2016",
        ])
    );
    let warnings = warnings(&loaded);
    for expected in [
        "6:1: warning: year 0 of column 1 `Year` as a year of its own is not imported: TimelineJS year 0 has no BCE or CE equivalent",
        "15:11: warning: the fraction of a second of the date of column 1 `Year` (.5) is not imported",
        "17:8: warning: the time of the date of column 1 `Year` is not imported: a time needs a day",
    ] {
        assert!(
            warnings.iter().any(|line| line.contains(expected)),
            "{expected:?} not in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
}

#[test]
fn synthetic_sheet_time_errors_name_their_cells() {
    let text = std::fs::read_to_string(format!("{TLJS}/synthetic-cases.csv")).unwrap();
    let errors = csv_errors(&text);
    assert_eq!(
        errors,
        [
            "t.csv:18:11: error: column 4 `Time` is \"24:00\"; an hour is 0 to 23",
            "t.csv:19:11: error: column 4 `Time` is \"12:75\"; a minute is 0 to 59",
            "t.csv:20:1: error: column 1 `Year` has no value; every event needs a start year",
        ]
    );
}

#[test]
fn synthetic_json_dates_import_and_29_february_44_bce_is_an_error() {
    let text = std::fs::read_to_string(format!("{TLJS}/synthetic-cases.json")).unwrap();
    let errors = json_errors(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains(
            "`start_date.day` is 29; February 44 BCE has 28 days (TimelineJS year -44 is 44 BCE, which had no 29 February)"
        ),
        "{errors:#?}"
    );
    let text = text.replace(r#""month": 2, "day": 29"#, r#""month": 2, "day": 28"#);
    let loaded = load_timelinejs_json_str("cases.json", &text).unwrap();
    assert_eq!(
        starts(&loaded.dataset),
        dates(&[
            "-0499",
            "-0043-03-15",
            "-0043-02-28",
            "0000",
            "-13800000000",
            "2016-02-27T00:00",
            "1900-01-06T06:45:56",
            "2016-02-27T13:45",
            "2016-02-27T21:00",
            "2016-02-27T00:30",
            "2015-01-01T01:01:01",
            "2016",
            "1609-11",
        ])
    );
    let warnings = warnings(&loaded);
    for expected in [
        "year 0 of `start_date.year` as a year of its own is not imported",
        "a minute without an hour in `start_date` is not imported: the hour is read as 0",
        "the fraction of a second of `start_date` (30) is not imported",
        "the time of `start_date` is not imported: a time needs a day",
    ] {
        assert!(
            warnings.iter().any(|line| line.contains(expected)),
            "{expected:?} not in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
}

/// The start of each event of a JSON file of date objects, and its
/// not-imported warnings.
fn json_starts(dates: &[&str]) -> (Vec<String>, Vec<String>) {
    let events: Vec<String> = dates
        .iter()
        .enumerate()
        .map(|(index, date)| {
            format!(r#"{{"start_date": {date}, "text": {{"headline": "e{index}"}}}}"#)
        })
        .collect();
    let text = format!("{{\"events\": [\n{}\n]}}", events.join(",\n"));
    let loaded = load_timelinejs_json_str("t.json", &text)
        .unwrap_or_else(|error| panic!("{text} should load: {:#?}", error.diagnostics));
    (starts(&loaded.dataset), warnings(&loaded))
}

#[test]
fn bce_years_shift_down_to_the_years_shown_in_words() {
    // Years are shown as years ago from a million years before 1950, which
    // is 998,050 BCE: down to there -N is N BCE, further back as written.
    let (found, warned) = json_starts(&[
        r#"{"year": -998050}"#,
        r#"{"year": -998051}"#,
        r#"{"year": -998049}"#,
        r#"{"year": "-2000000"}"#,
    ]);
    assert_eq!(found, dates(&["-998049", "-998051", "-998048", "-2000000"]));
    assert!(warned.is_empty(), "{warned:#?}");
    // The typed digits are the shown ones, on both sides of the threshold.
    let loaded = load_timelinejs_json_str(
        "t.json",
        r#"{"events": [{"start_date": {"year": -998050}}, {"start_date": {"year": -998051}}]}"#,
    )
    .unwrap();
    assert_eq!(loaded.dataset.events[0].start.to_string(), "998,050 BCE");
    assert_eq!(
        loaded.dataset.events[1].start.to_string(),
        "1 million years ago"
    );
}

#[test]
fn deep_and_uncalendared_years_drop_finer_parts_with_a_warning() {
    let (found, warned) = json_starts(&[
        r#"{"year": -251902000, "month": 3, "day": 1, "hour": 12}"#,
        r#"{"year": -300000, "month": 3}"#,
        r#"{"year": 300000, "month": 3}"#,
    ]);
    assert_eq!(found, dates(&["-251902000", "-299999", "+300000"]));
    assert_eq!(warned.len(), 3, "{warned:#?}");
    assert!(
        warned[0].contains(
            "t.json:2:46: warning: the month, day and time of `start_date` is not imported: TimelineJS year -251902000 is shown as so many years ago"
        ),
        "{warned:#?}"
    );
    assert!(
        warned[1].contains("year -300000 is beyond the calendar's years"),
        "{warned:#?}"
    );
}

#[test]
fn years_above_9999_are_signed_years_and_the_age_of_the_universe_is_the_bound() {
    let (found, warned) = json_starts(&[
        r#"{"year": 12000, "month": 5, "day": 1}"#,
        r#"{"year": "13800000000"}"#,
        r#"{"year": -13800000000}"#,
    ]);
    assert_eq!(
        found,
        dates(&["+12000-05-01", "+13800000000", "-13800000000"])
    );
    assert!(warned.is_empty(), "{warned:#?}");
    assert_eq!(
        json_errors(r#"{"events": [{"start_date": {"year": -13800000001}}]}"#),
        [
            "t.json:1:37: error: `start_date.year` is -13800000001; years are -13800000000 to 13800000000 (the age of the universe either way)"
        ]
    );
    assert_eq!(
        csv_errors("Year,Headline\n\"13,800,000,001\",Too late\n"),
        [
            "t.csv:2:1: error: column 1 `Year` is \"13,800,000,001\"; years are -13800000000 to 13800000000 (the age of the universe either way)"
        ]
    );
}

#[test]
fn json_times_take_their_precision_and_are_checked() {
    let (found, warned) = json_starts(&[
        r#"{"year": 2016, "month": 2, "day": 27, "hour": "13", "minute": 45, "second": "7"}"#,
        r#"{"year": 2016, "month": 2, "day": 27, "hour": 23, "minute": "", "second": null}"#,
        r#"{"year": 2016, "month": 2, "hour": 9}"#,
        r#"{"year": -44, "month": 3, "day": 15, "hour": 11}"#,
    ]);
    assert_eq!(
        found,
        dates(&[
            "2016-02-27T13:45:07",
            "2016-02-27T23:00",
            "2016-02",
            "-0043-03-15T11:00"
        ])
    );
    assert_eq!(warned.len(), 1, "{warned:#?}");
    assert!(warned[0].contains("the time of `start_date` is not imported: a time needs a day"));
    let errors = json_errors(
        r#"{"events": [
{"start_date": {"year": 2016, "month": 2, "day": 27, "hour": 24}},
{"start_date": {"year": 2016, "month": 2, "day": 27, "hour": 1, "minute": -1}},
{"start_date": {"year": 2016, "month": 2, "day": 27, "hour": 1, "second": 60}},
{"start_date": {"year": 2016, "month": 2, "day": 27, "hour": "one"}}
]}"#,
    );
    assert_eq!(
        errors,
        [
            "t.json:2:62: error: `start_date.hour` is 24; an hour is 0 to 23",
            "t.json:3:75: error: `start_date.minute` is -1; a minute is 0 to 59",
            "t.json:4:75: error: `start_date.second` is 60; a second is 0 to 59",
            "t.json:5:62: error: `start_date.hour` is \"one\"; expected a whole number, e.g. 2016 or \"2016\"",
        ]
    );
}

#[test]
fn sheet_time_cells_are_checked_where_they_are() {
    let errors = csv_errors(
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline\n\
         2016,2,27,13:45 EST,,,,,Zone name\n\
         2016,2,27,23:30pm,,,,,Past midnight\n\
         2016,2,27,13:45+15:00,,,,,Offset too far\n\
         2016,2,27,13:45,,,,14:00,End time without its year\n\
         2016,2,27,13:45:61,,,,,Second 61\n",
    );
    assert_eq!(
        errors,
        [
            "t.csv:2:11: error: column 4 `Time` is \"13:45 EST\"; expected a time such as 13:45, 1:45 PM, 6:30:15 pm, 9 pm, 1130, 11.30 or 13:45+02:00",
            "t.csv:3:11: error: column 4 `Time` is \"23:30pm\"; an hour is 0 to 23",
            "t.csv:4:11: error: column 4 `Time` is \"13:45+15:00\"; a UTC offset is -14:00 to +14:00",
            "t.csv:5:17: error: column 5 `End Year` has no value; an end date with a month, day or time needs a year too",
            "t.csv:6:11: error: column 4 `Time` is \"13:45:61\"; a second is 0 to 59",
        ]
    );
    let loaded = load_timelinejs_csv_str(
        "t.csv",
        "Year,Month,Day,Time,Headline\n\"-251,902,000\",,,13:45,Deep\n2016,2,27,6:30Z,UTC\n",
    )
    .unwrap();
    assert_eq!(
        starts(&loaded.dataset),
        dates(&["-251902000", "2016-02-27T06:30Z"])
    );
    let warned = warnings(&loaded);
    assert_eq!(warned.len(), 1, "{warned:#?}");
    assert!(warned[0].contains("t.csv:2:18: warning: the month, day and time of the date of column 1 `Year` is not imported"), "{warned:#?}");
}

/// Each imported era's start and end.
fn era_dates(loaded: &conflict_timeline::Loaded) -> Vec<(Date, Option<Date>)> {
    loaded
        .dataset
        .eras
        .iter()
        .map(|era| (era.start, era.end))
        .collect()
}

#[test]
fn eras_read_their_dates_by_the_same_rules() {
    let loaded = load_timelinejs_json_str(
        "t.json",
        r#"{"events": [{"start_date": {"year": -44}}],
            "eras": [{"start_date": {"year": "-13800000000"}, "end_date": {"year": -500}},
                     {"start_date": {"year": -1},
                      "end_date": {"year": 2016, "month": 2, "day": 27, "hour": 9}}]}"#,
    )
    .unwrap();
    let eras = era_dates(&loaded);
    assert_eq!(
        eras,
        [
            (date("-13800000000"), Some(date("-0499"))),
            (date("0000"), Some(date("2016-02-27T09:00"))),
        ]
    );
    let loaded = load_timelinejs_csv_str(
        "t.csv",
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Headline,Type\n\
         2016,2,27,,,,,,An event,\n\
         -3500,,,,\"-3,000\",,,,Bronze age,era\n\
         2016,2,27,9 am,2016,2,27,5:30 pm,Talks,era\n",
    )
    .unwrap();
    let eras = era_dates(&loaded);
    assert_eq!(
        eras,
        [
            (date("-3499"), Some(date("-2999"))),
            (date("2016-02-27T09:00"), Some(date("2016-02-27T17:30"))),
        ]
    );
}
