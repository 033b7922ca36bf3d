//! Opening UCDP GED event files (CSV): recognised by their columns in any
//! layout, one event per row, problems with their places, and `check` and
//! `convert` on them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, squeezed, stderr, stdout, svg_text_squeezed};

use std::path::Path;

use conflict_timeline::load::{
    LoadOptions, WriteOptions, load_path, load_timelinejs_csv_str, write_folder,
};
use conflict_timeline::model::{Date, Event};
use conflict_timeline::{Dataset, Diagnostic, LoadError, Loaded};
use proptest::prelude::*;

const RECENT: &str = "tests/data/import/ged/GEDEvent_v24_1.csv";
const OLD: &str = "tests/data/import/ged/ged50.csv";
const OLDEST: &str = "tests/data/import/ged/ged-oldest-layout.csv";
const BAD_ROWS: &str = "tests/data/import/ged/bad-rows.csv";
const MISSING_COLUMNS: &str = "tests/data/import/ged/missing-columns.csv";

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

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn event<'d>(dataset: &'d Dataset, id: &str) -> &'d Event {
    dataset
        .event(id)
        .unwrap_or_else(|| panic!("no event {id} in {:?}", ids(dataset)))
}

fn ids(dataset: &Dataset) -> Vec<&str> {
    dataset
        .events
        .iter()
        .map(|event| event.id.as_str())
        .collect()
}

/// The 49-column header of recent releases.
const HEADER: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low,gwnoa,gwnob";

/// A row of [`HEADER`] with the given cells set by column name.
fn row(cells: &[(&str, &str)]) -> String {
    HEADER
        .split(',')
        .map(|column| {
            cells
                .iter()
                .find(|(name, _)| *name == column)
                .map_or("", |(_, value)| *value)
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn minimal_row(id: &str) -> Vec<(&str, &str)> {
    vec![
        ("id", id),
        ("type_of_violence", "1"),
        ("side_a", "Government of Syria"),
        ("side_b", "Syrian insurgents"),
        ("date_prec", "1"),
        ("date_start", "2016-02-27"),
        ("date_end", "2016-02-27"),
        ("best", "3"),
    ]
}

#[test]
fn the_recent_layout_loads_every_row_as_an_event() {
    let loaded = load(RECENT);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let dataset = &loaded.dataset;
    assert_eq!(dataset.title, "GEDEvent_v24_1 (UCDP GED 24.1)");
    assert_eq!(
        ids(dataset),
        [
            "ged-244657",
            "ged-244658",
            "ged-244659",
            "ged-244660",
            "ged-244661",
            "ged-244662",
            "ged-244663",
            "ged-244664"
        ]
    );
    let lanes: Vec<(&str, &str)> = dataset
        .lanes
        .iter()
        .map(|lane| (lane.id.as_str(), lane.name.as_str()))
        .collect();
    assert_eq!(
        lanes,
        [
            ("state-based-conflict", "State-based conflict"),
            ("non-state-conflict", "Non-state conflict"),
            ("one-sided-violence", "One-sided violence"),
        ]
    );
}

#[test]
fn a_row_maps_to_title_dates_summary_sources_and_tags() {
    let dataset = load(RECENT).dataset;
    let first = event(&dataset, "ged-244657");
    assert_eq!(
        first.title,
        "Government of Syria – Syrian insurgents, Aleppo town: 12 deaths"
    );
    assert_eq!(first.start, date("2016-02-27"));
    assert_eq!(first.end, None);
    assert!(!first.approximate);
    assert_eq!(first.lane, "state-based-conflict");
    assert_eq!(first.importance, 3);
    assert_eq!(
        *first.tags,
        [
            "Government of Syria",
            "Syrian insurgents",
            "Syria",
            "Aleppo governorate"
        ]
    );
    let summary = first.summary.as_deref().unwrap();
    for part in [
        "Aleppo city, eastern districts",
        "Jebel Saman district, Aleppo governorate, Syria",
        "Location precision: the exact location (where_prec 1).",
        "Deaths: 12 (best estimate; low 10, high 15): side A 5, side B 4, civilians 3, unknown 0.",
        "Side A: Government of Syria. Side B: Syrian insurgents.",
        "Conflict: Syria: Government.",
        "Headline: Truce largely holds, \"monitor\" says",
        "UCDP GED event 244657 (SYR-2016-1-299-12).",
    ] {
        assert!(
            summary.lines().any(|line| line == part),
            "{part:?} in {summary}"
        );
    }
    assert_eq!(*first.sources, ["ged-244657", "ucdp-ged"]);
    let source = dataset.source("ged-244657").unwrap();
    // A quoted cell with commas and doubled quotes is read whole.
    assert_eq!(
        source.title,
        "Agence France Presse,2016-02-27,\"Truce largely holds, monitor says\"; Reuters,2016-02-28"
    );
    assert_eq!(source.publisher.as_deref(), Some("AFP;Reuters"));
    assert_eq!(source.date, Some(date("2016-02-27")));
    assert_eq!(source.url, None);
}

#[test]
fn date_prec_gives_the_precision_range_and_uncertainty() {
    let dataset = load(RECENT).dataset;
    // (id, start, end, approximate, a line of the summary or none)
    let expected = [
        ("ged-244657", "2016-02-27", None, false, None),
        ("ged-244658", "2016-03-01", Some("2016-03-03"), false, None),
        (
            "ged-244659",
            "2016-04-10",
            Some("2016-04-14"),
            true,
            Some("Date known only within a range of 2–6 days (date_prec 2)."),
        ),
        (
            "ged-244660",
            "2016-05-02",
            Some("2016-05-08"),
            true,
            Some("Date known only to the week (date_prec 3)."),
        ),
        (
            "ged-244661",
            "2016-06",
            None,
            true,
            Some("Date known only within a range of 8–30 days, or to the month (date_prec 4)."),
        ),
        (
            "ged-244662",
            "2016",
            None,
            true,
            Some(
                "Date known only within a range of more than a month, within one calendar year (date_prec 5).",
            ),
        ),
        ("ged-244663", "2016-08-15", Some("2016-11-20"), true, None),
        ("ged-244664", "2016-09-20", Some("2016-10-04"), true, None),
    ];
    for (id, start, end, approximate, line) in expected {
        let event = event(&dataset, id);
        assert_eq!(event.start, date(start), "{id}");
        assert_eq!(event.end, end.map(date), "{id}");
        assert_eq!(event.approximate, approximate, "{id}");
        if let Some(line) = line {
            let summary = event.summary.as_deref().unwrap();
            assert!(summary.lines().any(|l| l == line), "{line:?} in {summary}");
        }
    }
    // Exact days say nothing of uncertainty.
    let exact = event(&dataset, "ged-244657").summary.as_deref().unwrap();
    assert!(!exact.contains("date_prec"), "{exact}");
}

#[test]
fn importance_grows_with_the_best_estimate() {
    let dataset = load(RECENT).dataset;
    for (id, importance) in [
        ("ged-244664", 1), // 0 deaths
        ("ged-244663", 2), // 1
        ("ged-244659", 2), // 3
        ("ged-244657", 3), // 12
        ("ged-244661", 4), // 30
        ("ged-244658", 4), // 40
        ("ged-244662", 5), // 150
    ] {
        assert_eq!(event(&dataset, id).importance, importance, "{id}");
    }
    assert_eq!(
        event(&dataset, "ged-244663").title,
        "Government of Syria – Syrian insurgents, northern Syria: 1 death"
    );
    assert!(event(&dataset, "ged-244664").title.ends_with(": 0 deaths"));
}

#[test]
fn na_and_empty_cells_are_missing() {
    let dataset = load(RECENT).dataset;
    // Every source cell is NA: the event cites only the dataset.
    let event = event(&dataset, "ged-244659");
    assert_eq!(*event.sources, ["ucdp-ged"]);
    let summary = event.summary.as_deref().unwrap();
    assert!(!summary.contains("NA"), "{summary}");
    assert!(!summary.contains("Headline"), "{summary}");
    // No adm_1 or adm_2: the area is the country.
    let national = super_summary(&dataset, "ged-244661");
    assert!(national.lines().any(|line| line == "Syria"), "{national}");
    assert!(
        national.contains("(event_clarity 2)"),
        "lower clarity is said: {national}"
    );
}

fn super_summary(dataset: &Dataset, id: &str) -> String {
    event(dataset, id)
        .summary
        .as_deref()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn the_description_credits_ucdp_as_its_codebook_asks() {
    let dataset = load(RECENT).dataset;
    let description = dataset.description.clone().unwrap();
    for part in [
        "UCDP Georeferenced Event Dataset (GED) Global version 24.1",
        "Uppsala Conflict Data Program",
        "Sundberg, Ralph & Erik Melander (2013). Introducing the UCDP Georeferenced Event Dataset. Journal of Peace Research 50(4)",
        "Davies, Shawn, Therese Pettersson & Magnus Öberg (2024)",
    ] {
        assert!(description.contains(part), "{part:?} in {description}");
    }
    let source = dataset.source("ucdp-ged").unwrap();
    assert_eq!(
        source.title,
        "UCDP Georeferenced Event Dataset (GED) Global version 24.1 \
         (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2024)"
    );
    assert_eq!(source.url.as_deref(), Some("https://ucdp.uu.se/downloads/"));

    // A name that does not say the version.
    let text = format!("{HEADER}\n{}\n", row(&minimal_row("1")));
    let loaded = load_timelinejs_csv_str("syria-events.csv", &text).unwrap();
    assert_eq!(loaded.dataset.title, "syria-events (UCDP GED)");
    let description = loaded.dataset.description.unwrap();
    assert!(description.contains("version not known"), "{description}");
    assert!(description.contains("Sundberg"), "{description}");
}

#[test]
fn older_layouts_load_alike() {
    let recent = load(RECENT).dataset;
    // 5.0's order without relid, the dset ids and gwno columns; an extra
    // column; a byte order mark, CRLF line ends and blank trailing lines.
    let old = load(OLD);
    assert!(old.warnings.is_empty(), "{:#?}", old.warnings);
    assert_eq!(old.dataset.title, "ged50 (UCDP GED 5.0)");
    assert_eq!(old.dataset.events.len(), 3);
    for event in &old.dataset.events {
        let same = self::event(&recent, &event.id);
        assert_eq!(event.title, same.title);
        assert_eq!((event.start, event.end), (same.start, same.end));
        assert_eq!(event.lane, same.lane);
        assert_eq!(event.importance, same.importance);
        assert_eq!(event.tags, same.tags);
        assert_eq!(event.approximate, same.approximate);
    }
    // Upper-case headers and the `*_est` estimates of the first releases.
    let oldest = load(OLDEST).dataset;
    assert_eq!(ids(&oldest), ["ged-244660", "ged-244661"]);
    assert_eq!(
        event(&oldest, "ged-244661").title,
        event(&recent, "ged-244661").title
    );
    assert_eq!(event(&oldest, "ged-244661").start, date("2016-06"));
    let summary = event(&oldest, "ged-244660").summary.clone().unwrap();
    assert!(
        summary.contains("Deaths: 7 (best estimate; low 7, high 9)."),
        "{summary}"
    );
}

#[test]
fn bad_rows_are_skipped_with_warnings_at_their_cells() {
    let loaded = load(BAD_ROWS);
    assert_eq!(ids(&loaded.dataset), ["ged-6"]);
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    let expected = [
        ":2:17: warning: this row is not imported: column 6 `type_of_violence` is \"4\"; GED's types of violence are 1 (state-based conflict), 2 (non-state conflict) and 3 (one-sided violence)",
        ":3:204: warning: this row is not imported: column 39 `date_start` is \"2016-02-30\"",
        ":4:215: warning: this row is not imported: column 40 `date_end` (2016-03-01) is before date_start (2016-03-05)",
        ":5:202: warning: this row is not imported: column 38 `date_prec` is \"9\"",
        ":6:230: warning: this row is not imported: column 45 `best` is \"many\"",
        ":7:1: warning: this row is not imported: column 1 `id` has no value",
        ":9:1: warning: this row is not imported: column 1 `id` repeats the id \"6\" of the row at tests/data/import/ged/bad-rows.csv:8:1",
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(expected) {
        assert!(
            warning.starts_with(&format!("{BAD_ROWS}{expected}")),
            "{warning}\nexpected {expected}"
        );
    }
}

#[test]
fn a_header_without_a_required_column_is_an_error() {
    let error = load_error(MISSING_COLUMNS);
    let errors: Vec<String> = error.errors().map(Diagnostic::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!(
            "{MISSING_COLUMNS}:1:1: error: the header row has no `date_prec` column; a UCDP GED file needs the columns id, type_of_violence, date_prec, date_start, date_end, best; found: `id`, `relid`"
        )),
        "{}",
        errors[0]
    );
    assert!(errors[1].contains("no `best` column"), "{}", errors[1]);
}

#[test]
fn columns_in_any_order_with_quotes_and_unknown_columns() {
    let text = "\u{feff}\"best\",\"note\",\"date_end\",\"date_start\",\"date_prec\",\"type_of_violence\",\"id\",\"side_b\",\"side_a\"\r\n\
                \"7\",\"x, \"\"y\"\"\",\"2016-01-02\",\"2016-01-01\",\"1\",\"3\",\"99\",\"Civilians\",\"IS\"\r\n\
                \r\n";
    let loaded = load_timelinejs_csv_str("order.csv", text).unwrap();
    let event = &loaded.dataset.events[0];
    assert_eq!(event.id, "ged-99");
    assert_eq!(event.title, "IS – Civilians: 7 deaths");
    assert_eq!(event.lane, "one-sided-violence");
    assert_eq!(event.end, Some(date("2016-01-02")));
}

#[test]
fn rows_too_short_or_long_are_warned_about() {
    let short = "id,type_of_violence,date_prec,date_start,date_end,best,side_a\n1,1,1,2016-01-01,2016-01-01\n";
    let loaded = load_timelinejs_csv_str("short.csv", short).unwrap();
    let warnings: Vec<String> = loaded.warnings.iter().map(Diagnostic::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w
                .starts_with("short.csv:2:1: warning: this row has 5 columns, the header has 7")),
        "{warnings:#?}"
    );
}

#[test]
fn a_quote_left_open_is_an_error_at_the_quote() {
    let text = format!("{HEADER}\n{}\n2,\"open\n", row(&minimal_row("1")));
    let error = match load_timelinejs_csv_str("open.csv", &text) {
        Ok(_) => panic!("should not load"),
        Err(error) => error,
    };
    let first = error.errors().next().unwrap().to_string();
    assert!(
        first.starts_with("open.csv:3:3: error: syntax error: this quote is not closed"),
        "{first}"
    );
}

#[test]
fn timelinejs_sheets_are_still_sheets() {
    let loaded = load("tests/data/import/truce-2016.csv");
    assert!(!loaded.dataset.events.is_empty());
    assert!(!loaded.dataset.title.contains("UCDP"));
}

#[test]
fn imports_round_trip_through_the_folder_form() {
    for sample in [RECENT, OLD, OLDEST] {
        let imported = load(sample).dataset;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("converted");
        write_folder(&imported, &dir, &WriteOptions::default()).unwrap();
        let again = load_path(&dir, &LoadOptions::default()).unwrap().dataset;
        assert_eq!(again, imported, "{sample}");
    }
}

#[test]
fn check_reports_a_ged_file() {
    let output = run(&["check", RECENT]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("GEDEvent_v24_1 (UCDP GED 24.1)"), "{out}");
    assert!(out.contains("events    8"), "{out}");

    let output = run(&["check", BAD_ROWS]);
    assert!(output.status.success(), "{}", stderr(&output));
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        all.contains(&format!(
            "{BAD_ROWS}:2:17: warning: this row is not imported"
        )),
        "{all}"
    );

    let output = run(&["check", MISSING_COLUMNS]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(&format!(
            "{MISSING_COLUMNS}:1:1: error: the header row has no `date_prec` column"
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn many_bad_rows_are_capped() {
    let mut text = format!("{HEADER}\n");
    for id in 0..500 {
        let mut cells = minimal_row("");
        let id = id.to_string();
        cells[0] = ("id", &id);
        cells[1] = ("type_of_violence", "9");
        text.push_str(&row(&cells));
        text.push('\n');
    }
    text.push_str(&row(&minimal_row("1000")));
    text.push('\n');
    let loaded = load_timelinejs_csv_str("many.csv", &text).unwrap();
    assert_eq!(loaded.dataset.events.len(), 1);
    assert_eq!(loaded.warning_count(), 500);
    assert!(loaded.warnings.len() <= conflict_timeline::load::MAX_REPORTED);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever follows a GED header, loading returns without panicking.
    #[test]
    fn hostile_rows_never_panic(body in "[-0-9a-zA-Z,\"\r\n NA:.\u{1}é–]{0,300}") {
        let text = format!("{HEADER}\n{body}");
        let _ = load_timelinejs_csv_str("hostile.csv", &text);
    }
}

#[test]
fn control_characters_in_cells_do_not_stop_the_load() {
    let mut cells = minimal_row("\u{1}7");
    cells[2] = ("side_a", "Gov\u{1b}ernment");
    cells.push(("where_description", "a\u{7}b"));
    let text = format!("{HEADER}\n{}\n", row(&cells));
    let loaded = load_timelinejs_csv_str("c.csv", &text).unwrap();
    let event = &loaded.dataset.events[0];
    assert_eq!(event.id, "ged-7");
    assert_eq!(event.title, "Gov ernment – Syrian insurgents: 3 deaths");
}

#[test]
fn codes_written_as_decimals_are_read() {
    let mut cells = minimal_row("8");
    cells[1] = ("type_of_violence", "2.0");
    cells[4] = ("date_prec", "3.0");
    cells.push(("where_prec", "6.0"));
    cells.push(("event_clarity", "2.0"));
    let text = format!("{HEADER}\n{}\n", row(&cells));
    let loaded = load_timelinejs_csv_str("decimals.csv", &text).unwrap();
    let event = &loaded.dataset.events[0];
    assert_eq!(event.lane, "non-state-conflict");
    assert!(event.approximate);
    let summary = event.summary.as_deref().unwrap();
    assert!(
        summary.contains("Location precision: the country only (where_prec 6)."),
        "{summary}"
    );
    assert!(summary.contains("(event_clarity 2)"), "{summary}");
}

/// The recent fixture's rows read straight from the CSV, as the codebook
/// defines them: (type of violence, month of `date_start`, best, low, high).
fn fixture_deaths() -> Vec<(String, String, f64, u64, u64)> {
    let mut reader = csv::Reader::from_path(RECENT).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (kind, start, best, low, high) = (
        column("type_of_violence"),
        column("date_start"),
        column("best"),
        column("low"),
        column("high"),
    );
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let number = |at: usize| record[at].parse::<u64>().unwrap();
            (
                record[kind].to_owned(),
                record[start][..7].to_owned(),
                number(best) as f64,
                number(low),
                number(high),
            )
        })
        .collect()
}

#[test]
fn monthly_deaths_per_lane_and_in_total_sum_the_rows() {
    let dataset = load(RECENT).dataset;
    let rows = fixture_deaths();
    let ids: Vec<&str> = dataset
        .displacement
        .iter()
        .map(|series| series.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "deaths-lane-state-based-conflict",
            "deaths-lane-non-state-conflict",
            "deaths-lane-one-sided-violence",
            "deaths-total"
        ]
    );
    // Every month from the first row's to the last row's, zero or not.
    let first = rows.iter().map(|row| row.1.clone()).min().unwrap();
    let last = rows.iter().map(|row| row.1.clone()).max().unwrap();
    assert_eq!((first.as_str(), last.as_str()), ("2016-01", "2016-09"));
    let months: Vec<String> = (1..=9).map(|m| format!("2016-{m:02}")).collect();
    for (series, kind) in dataset
        .displacement
        .iter()
        .zip([Some("1"), Some("2"), Some("3"), None])
    {
        assert_eq!(series.unit, "deaths");
        let dates: Vec<Date> = series.points.iter().map(|p| p.date).collect();
        let expected: Vec<Date> = months.iter().map(|month| date(month)).collect();
        assert_eq!(dates, expected, "{}", series.id);
        for (point, month) in series.points.iter().zip(&months) {
            let of_month: Vec<_> = rows
                .iter()
                .filter(|row| &row.1 == month && kind.is_none_or(|kind| row.0 == kind))
                .collect();
            let best: f64 = of_month.iter().map(|row| row.2).sum();
            assert_eq!(point.value, best, "{} {month}", series.id);
            assert_eq!(point.source, "ucdp-ged");
            let expected = (!of_month.is_empty()).then(|| {
                let low: u64 = of_month.iter().map(|row| row.3).sum();
                let high: u64 = of_month.iter().map(|row| row.4).sum();
                let events = of_month.len();
                let noun = if events == 1 { "event" } else { "events" };
                format!("low {low} – high {high}; {events} {noun}")
            });
            assert_eq!(point.note, expected, "{} {month}", series.id);
        }
    }
    // July has no events: every line is at zero there.
    assert!(
        dataset
            .displacement
            .iter()
            .all(|s| s.points[6].value == 0.0)
    );
    // Named as the dataset and its release, and sourced to it.
    let total = dataset.displacement.last().unwrap();
    assert_eq!(
        total.name,
        "Deaths, all events (UCDP GED 24.1, best estimate)"
    );
    assert_eq!(
        dataset.displacement[0].name,
        "Deaths: State-based conflict (UCDP GED 24.1, best estimate)"
    );
    assert_eq!(
        dataset.displacement[0].short_name.as_deref(),
        Some("State-based conflict")
    );
    assert!(dataset.source("ucdp-ged").unwrap().title.contains("24.1"));
}

#[test]
fn a_file_of_one_type_of_violence_has_the_total_only() {
    let text = format!("{HEADER}\n{}\n", row(&minimal_row("1")),);
    let loaded = load_timelinejs_csv_str("one-lane.csv", &text).unwrap();
    let ids: Vec<&str> = loaded
        .dataset
        .displacement
        .iter()
        .map(|series| series.id.as_str())
        .collect();
    assert_eq!(ids, ["deaths-total"]);
    assert_eq!(loaded.dataset.displacement[0].points[0].value, 3.0);
}

#[test]
fn the_figures_panel_lists_the_fatality_series() {
    use conflict_timeline::ui::{Command, SideTab};
    use egui_kittest::kittest::Queryable as _;
    let dataset = load(RECENT).dataset;
    let names: Vec<String> = dataset
        .displacement
        .iter()
        .map(|series| series.name.clone())
        .collect();
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Figures));
    harness.run();
    assert_eq!(names.len(), 4);
    for name in &names {
        assert!(
            harness.query_by_label(name).is_some(),
            "the Figures panel lists {name:?}"
        );
    }
}

#[test]
fn convert_keeps_the_fatality_series() {
    let imported = load(RECENT).dataset;
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("converted");
    let output = run(&["convert", RECENT, "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let converted = load_path(&out, &LoadOptions::default()).unwrap().dataset;
    assert_eq!(converted.displacement, imported.displacement);
    assert_eq!(converted.sources, imported.sources);
}

/// The texts of an exported SVG run together, without white space: a line
/// of the caption may wrap anywhere between words.
#[test]
fn an_export_credits_ucdp_ged_and_its_release_whatever_it_shows() {
    let folder = tempfile::tempdir().unwrap();
    let credit = squeezed(
        "Sources: UCDP Georeferenced Event Dataset (GED) Global version 24.1 \
         (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2024), Uppsala Conflict Data Program",
    );
    // All of it with the chart, and months before the first event.
    for (name, extra) in [
        ("all.svg", &["--figures"][..]),
        ("before.svg", &["--from", "2015-03", "--to", "2015-05"][..]),
    ] {
        let out = folder.path().join(name);
        let mut args = vec!["export", RECENT, "--out", out.to_str().unwrap()];
        args.extend(extra);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = svg_text_squeezed(&out);
        assert!(text.contains(&credit), "{name}: {text}");
        if name == "before.svg" {
            // Nothing drawn but the credit: no other source.
            assert!(!text.contains("AFP"), "{text}");
        }
    }
}

#[test]
fn an_export_names_twelve_sources_besides_the_credit_and_counts_the_rest() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("GEDEvent_v24_1.csv");
    let mut text = format!("{HEADER}\n");
    let offices: Vec<String> = (1..=30).map(|n| format!("Office {n:02}")).collect();
    for (n, office) in offices.iter().enumerate() {
        let id = format!("{}", 1000 + n);
        let day = format!("2016-03-{:02}", n + 1);
        let mut cells = minimal_row(&id);
        cells.retain(|(name, _)| !name.starts_with("date_"));
        cells.extend([
            ("date_prec", "1"),
            ("date_start", day.as_str()),
            ("date_end", day.as_str()),
            ("source_article", "An article"),
            ("source_office", office.as_str()),
        ]);
        text.push_str(&row(&cells));
        text.push('\n');
    }
    std::fs::write(&file, text).unwrap();
    let out = folder.path().join("sources.svg");
    let output = run(&[
        "export",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--height",
        "auto",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = svg_text_squeezed(&out);
    assert!(
        text.contains(&squeezed(
            "Sources: UCDP Georeferenced Event Dataset (GED) Global version 24.1"
        )),
        "{text}"
    );
    let named = offices
        .iter()
        .filter(|office| text.contains(&squeezed(office)))
        .count();
    assert_eq!(named, 12, "{text}");
    assert!(text.contains(&squeezed("; and 18 more sources.")), "{text}");
}
