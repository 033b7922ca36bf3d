//! Opening ACLED event exports (CSV): recognised by their columns, one event
//! per row, dates at the row's time precision, and problems at their cells.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, squeezed, stderr, stdout, svg_text_squeezed};

use conflict_timeline::load::{MAX_REPORTED, Problem, load_timelinejs_csv_str};
use conflict_timeline::model::{Date, Event};
use conflict_timeline::{Dataset, Loaded};
use proptest::prelude::*;

const CURRENT: &str = "tests/data/import/acled/acled-2024.csv";
const EXPORT_CRLF: &str = "tests/data/import/acled/acled-export-crlf.csv";
const OLD_LAYOUT: &str = "tests/data/import/acled/acled-2019-layout.csv";
const BAD_ROWS: &str = "tests/data/import/acled/acled-bad-rows.csv";
const MISSING_COLUMN: &str = "tests/data/import/acled/acled-missing-column.csv";

fn load(path: &str) -> Loaded {
    Dataset::load(path).unwrap_or_else(|error| panic!("{path}: {:#?}", error.diagnostics))
}

fn event<'d>(dataset: &'d Dataset, id: &str) -> &'d Event {
    dataset
        .events
        .iter()
        .find(|event| event.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn the_current_layout_loads_one_event_per_row() {
    let loaded = load(CURRENT);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let dataset = &loaded.dataset;
    assert_eq!(dataset.title, "acled-2024");
    assert_eq!(dataset.events.len(), 7);
    // Lanes: the six event types in codebook order.
    let lanes: Vec<&str> = dataset
        .lanes
        .iter()
        .map(|lane| lane.name.as_str())
        .collect();
    assert_eq!(
        lanes,
        [
            "Battles",
            "Explosions/Remote violence",
            "Violence against civilians",
            "Protests",
            "Riots",
            "Strategic developments"
        ]
    );

    let battle = event(dataset, "syr123456");
    assert_eq!(
        battle.title,
        "Battles: Military Forces of Syria (2000-2024) vs. Hayat Tahrir al Sham, Kafr Nobol"
    );
    assert_eq!(battle.start, date("2024-03-14"));
    assert_eq!(battle.end, None);
    assert!(!battle.approximate);
    assert_eq!(battle.lane, "battles");
    assert_eq!(battle.importance, 3);
    let summary = battle.summary.as_deref().unwrap();
    // Quoted notes with commas and doubled quotes come through whole.
    assert!(
        summary.starts_with("On 14 March 2024, Syrian regime forces clashed with HTS near Kafr Nobol, south of Idlib. The \"fighting\" lasted hours.\n\n"),
        "{summary}"
    );
    assert!(
        summary.contains("Where: Kafr Nobol, Ariha, Ariha, Idlib, Syria"),
        "{summary}"
    );
    assert!(summary.contains("Reported fatalities: 12."), "{summary}");
    assert!(
        summary.contains("Type: Armed clash; Battles; Political violence."),
        "{summary}"
    );
    assert_eq!(
        *battle.tags,
        [
            "Military Forces of Syria (2000-2024)",
            "Hayat Tahrir al Sham",
            "Syria",
            "Idlib"
        ]
    );
    assert_eq!(
        *battle.sources,
        ["acled", "syrian-observatory-for-human-rights", "al-jazeera"]
    );

    // Time precision 2: the day ACLED coded, approximate, and said so.
    let strike = event(dataset, "syr123457");
    assert_eq!(strike.start, date("2024-03-11"));
    assert!(strike.approximate);
    let summary = strike.summary.as_deref().unwrap();
    assert!(summary.contains("ACLED time precision 2"), "{summary}");
    assert!(summary.contains("Civilians were targeted"), "{summary}");
    // The same source name is one source across the file.
    assert_eq!(
        *strike.sources,
        ["acled", "syrian-observatory-for-human-rights"]
    );

    // Time precision 3: the month; NA is missing; a repeated source once.
    let shelling = event(dataset, "ukr98765");
    assert_eq!(shelling.start, date("2024-02"));
    assert!(shelling.approximate);
    assert_eq!(
        shelling.title,
        "Explosions/Remote violence: Military Forces of Russia (2000-), Kharkiv"
    );
    assert_eq!(
        *shelling.sources,
        ["acled", "ukrinform", "kyiv-independent"]
    );
    assert!(
        shelling
            .summary
            .as_deref()
            .unwrap()
            .contains("ACLED time precision 3")
    );

    // Associated actors and ACLED's tags become tags.
    let protest = event(dataset, "chl4321");
    assert_eq!(protest.importance, 1);
    assert_eq!(
        *protest.tags,
        [
            "Protesters (Chile)",
            "Women (Chile)",
            "Labor Group (Chile)",
            "Chile",
            "Santiago Metropolitan",
            "crowd size=thousands",
            "women targeted: women"
        ]
    );
    assert_eq!(protest.title, "Protests: Protesters (Chile), Santiago");

    assert_eq!(event(dataset, "mli5555").importance, 4);
    let riot = event(dataset, "nga777");
    assert_eq!(riot.importance, 1);
    assert!(
        riot.summary
            .as_deref()
            .unwrap()
            .contains("Reported fatalities: not given.")
    );

    let sources: Vec<&str> = dataset.sources.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        sources,
        [
            "Armed Conflict Location & Event Data Project (ACLED)",
            "Syrian Observatory for Human Rights",
            "Al Jazeera",
            "Ukrinform",
            "Kyiv Independent",
            "El Mostrador",
            "Local Source",
            "Punch (Nigeria)",
            "Reuters"
        ]
    );
}

#[test]
fn the_description_credits_acled_as_its_terms_ask() {
    let loaded = load(CURRENT);
    let description = loaded.dataset.description.unwrap();
    assert!(
        description
            .contains("Armed Conflict Location & Event Data Project (ACLED); www.acleddata.com"),
        "{description}"
    );
    assert!(
        description
            .contains("Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen. (2010)"),
        "{description}"
    );
    // The newest `timestamp`, 1710806400, is 19 March 2024.
    assert!(
        description.contains("last updated by ACLED on or before 19 March 2024"),
        "{description}"
    );
}

#[test]
fn the_export_form_with_a_bom_crlf_and_blank_trailing_lines_loads() {
    let loaded = load(EXPORT_CRLF);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let dataset = &loaded.dataset;
    assert_eq!(dataset.events.len(), 2);
    let first = event(dataset, "yem1001");
    assert_eq!(first.start, date("2022-01-28"));
    assert!(!first.approximate);
    assert!(
        first
            .summary
            .as_deref()
            .unwrap()
            .starts_with("Clashes near Harib; \"heavy\" losses reported, per local sources.\n")
    );
    let second = event(dataset, "yem1002");
    assert_eq!(second.start, date("2022-02-03"));
    assert!(second.approximate);
}

#[test]
fn an_older_layout_with_other_columns_loads() {
    let loaded = load(OLD_LAYOUT);
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let dataset = &loaded.dataset;
    let first = event(dataset, "ang1");
    assert_eq!(first.start, date("1997-01"));
    assert!(first.approximate);
    assert_eq!(first.importance, 3);
    assert_eq!(event(dataset, "ang2").start, date("1997-02-25"));
    let lanes: Vec<&str> = dataset.lanes.iter().map(|lane| lane.id.as_str()).collect();
    assert_eq!(lanes, ["battles", "riots"]);
}

#[test]
fn columns_are_found_in_any_order_and_unknown_ones_ignored() {
    let text = "Extra,FATALITIES,Event_Type,actor2,event_date,ACTOR1,event_id_cnty,country,location\n\
                x,5,battles,B,2020-05-01,A,ZZZ1,Land,Town\n";
    let loaded = load_timelinejs_csv_str("any-order.csv", text).unwrap();
    let dataset = &loaded.dataset;
    let only = event(dataset, "zzz1");
    assert_eq!(only.title, "battles: A vs. B, Town");
    assert_eq!(only.lane, "battles");
    assert_eq!(dataset.lanes[0].name, "Battles");
    assert_eq!(only.importance, 2);
}

#[test]
fn bad_rows_are_skipped_with_warnings_at_their_cells() {
    let output = run(&["check", BAD_ROWS]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "acled-bad-rows.csv:2:6: warning: this row is skipped: column 2 `event_date` is \"2022-02-30\"; that day is not in the calendar",
        "acled-bad-rows.csv:3:6: warning: this row is skipped: column 2 `event_date` is empty;",
        "acled-bad-rows.csv:4:6: warning: this row is skipped: column 2 `event_date` is \"yesterday\"; expected a date such as 2022-01-28 or 28 January 2022",
        "acled-bad-rows.csv:6:1: warning: this row is skipped: column 1 `event_id_cnty` is \"AAA4\"; the event with this id is already given at line 5",
        "acled-bad-rows.csv:7:17: warning: column 3 `time_precision` \"7\" is not imported",
        "acled-bad-rows.csv:7:64: warning: column 11 `fatalities` \"many\" is not imported",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert!(text.contains("events    3 "), "{text}");
    assert!(
        text.contains("lanes     3: Battles (1), Protests (1), Looting (1)"),
        "{text}"
    );
}

#[test]
fn a_header_without_a_required_column_is_an_error() {
    let output = run(&["check", MISSING_COLUMN]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.starts_with(&format!(
            "{MISSING_COLUMN}:1:1: error: the header row has no `event_type` column; an ACLED export needs the columns event_date, event_type; found: "
        )),
        "{errors}"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn a_timelinejs_sheet_is_still_a_sheet() {
    let output = run(&["check", "tests/data/import/truce-2016.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn warnings_are_capped() {
    let mut text =
        String::from("event_id_cnty,event_date,event_type,actor1,country,fatalities,source\n");
    for row in 0..1000 {
        text.push_str(&format!("X{row},not a date,Battles,A,Land,0,S\n"));
    }
    text.push_str("OK1,2020-01-01,Battles,A,Land,0,S\n");
    let loaded = load_timelinejs_csv_str("many.csv", &text).unwrap();
    assert_eq!(loaded.dataset.events.len(), 1);
    assert_eq!(loaded.warnings.len(), MAX_REPORTED);
    assert_eq!(loaded.warning_count(), 1000);
    assert!(matches!(
        loaded.warnings[0].problem,
        Problem::SkippedRow { .. }
    ));
}

#[test]
fn a_quote_left_open_is_an_error_at_the_quote() {
    let text = "event_id_cnty,event_date,event_type,actor1,country,notes\n\
                A1,2020-01-01,Battles,A,Land,\"open\nA2,2020-01-02,Battles,A,Land,x\n";
    let error = load_timelinejs_csv_str("open.csv", text).unwrap_err();
    let first = error.errors().next().unwrap().to_string();
    assert!(
        first.starts_with("open.csv:2:30: error: syntax error"),
        "{first}"
    );
}

#[test]
fn control_characters_in_cells_become_spaces() {
    let text = "event_id_cnty,event_date,event_type,actor1,country,notes\n\
                A1,2020-01-01,Battles,\"A\u{1b}[31m\",Land,\"line\u{7}\tone\r\nline two\"\n";
    let loaded = load_timelinejs_csv_str("ctl.csv", text).unwrap();
    let only = &loaded.dataset.events[0];
    assert!(
        !only.title.chars().any(char::is_control),
        "{:?}",
        only.title
    );
    let summary = only.summary.as_deref().unwrap();
    assert!(summary.starts_with("line  one\nline two"), "{summary:?}");
}

fn never_panics(text: &str) {
    let _ = load_timelinejs_csv_str("fuzz.csv", text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn hostile_rows_never_panic(rows in proptest::collection::vec(".{0,80}", 0..8)) {
        let mut text = String::from(
            "event_id_cnty,event_date,time_precision,event_type,actor1,actor2,country,source,fatalities,tags\n",
        );
        for row in rows {
            text.push_str(&row);
            text.push('\n');
        }
        never_panics(&text);
    }

    #[test]
    fn hostile_cells_never_panic(
        cells in proptest::collection::vec("[0-9A-Za-z ;,\"\r\n/-]{0,20}", 10),
    ) {
        let text = format!(
            "event_id_cnty,event_date,time_precision,event_type,actor1,actor2,country,source,fatalities,tags\n{}\n",
            cells.join(",")
        );
        never_panics(&text);
    }
}

#[test]
fn convert_writes_what_loads_back_the_same() {
    for path in [CURRENT, EXPORT_CRLF, OLD_LAYOUT] {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        let output = run(&["convert", "--out", out.to_str().unwrap(), path]);
        assert_eq!(output.status.code(), Some(0), "{path}: {}", stderr(&output));
        let back = Dataset::load(&out).unwrap().dataset;
        assert_eq!(back, load(path).dataset, "{path}");
    }
}

#[test]
fn early_uppercase_files_and_portal_copies_load() {
    // ACLED's early versions: uppercase columns, `ALLY_ACTOR_*`, day-first
    // dates; whole numbers written as `12.0`.
    let text = "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES\n\
                540,ANG5,5,18/01/1997,1997,1.0,Battle-No change of territory,UNITA,,2,Military Forces of Angola,,1,12,Angola,Lunda Norte,,,Cafunfo,-8.78,17.99,1,Reuters,Clashes.,12.0\n";
    let loaded = load_timelinejs_csv_str("v7.csv", text).unwrap();
    let only = event(&loaded.dataset, "ang5");
    assert_eq!(only.start, date("1997-01-18"));
    assert_eq!(only.importance, 3);
    assert_eq!(
        loaded.dataset.lanes[0].name,
        "Battle-No change of territory"
    );

    // Copies on humanitarian data portals carry a row of HXL hashtags.
    let text = "event_id_cnty,event_date,event_type,actor1,country,fatalities,source\n\
                #event+code,#date+occurred,#event+type,#group+name+first,#country+name,#affected+killed,#meta+source\n\
                SOM1,2020-01-01,Battles,A,Somalia,2,S\n";
    let loaded = load_timelinejs_csv_str("hdx.csv", text).unwrap();
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.dataset.events.len(), 1);
}

#[test]
fn a_row_without_an_id_gets_one_from_its_line() {
    let text = "event_id_cnty,event_date,event_type,actor1,country,source\n\
                NA,2020-01-01,Battles,A,Land,S\n\
                ,2020-01-02,Battles,A,Land,S\n\
                ÄÖ,2020-01-03,Battles,A,Land,S\n";
    let loaded = load_timelinejs_csv_str("ids.csv", text).unwrap();
    let ids: Vec<&str> = loaded
        .dataset
        .events
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["row-2", "row-3", "ao"]);
}

/// The fixture's rows read straight from the CSV: (event type, month of
/// `event_date`, fatalities; `None` for `NA`).
fn fixture_fatalities() -> Vec<(String, String, Option<u64>)> {
    let mut reader = csv::Reader::from_path(CURRENT).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (kind, date, fatalities) = (
        column("event_type"),
        column("event_date"),
        column("fatalities"),
    );
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[kind].to_owned(),
                record[date][..7].to_owned(),
                record[fatalities].parse().ok(),
            )
        })
        .collect()
}

#[test]
fn monthly_fatalities_per_event_type_and_in_total_sum_the_rows() {
    let dataset = load(CURRENT).dataset;
    let rows = fixture_fatalities();
    let months = ["2024-01", "2024-02", "2024-03"];
    // One series per lane, in lane order, then the total.
    assert_eq!(dataset.displacement.len(), dataset.lanes.len() + 1);
    let kinds = dataset
        .lanes
        .iter()
        .map(|lane| Some(lane.name.as_str()))
        .chain([None]);
    for (series, kind) in dataset.displacement.iter().zip(kinds) {
        match kind {
            Some(kind) => {
                assert_eq!(series.name, format!("Reported fatalities: {kind} (ACLED)"));
                assert_eq!(series.short_name.as_deref(), Some(kind));
            }
            None => assert_eq!(series.name, "Reported fatalities, all events (ACLED)"),
        }
        assert_eq!(series.unit, "fatalities");
        let dates: Vec<Date> = series.points.iter().map(|p| p.date).collect();
        let expected: Vec<Date> = months.iter().map(|month| date(month)).collect();
        assert_eq!(dates, expected, "{}", series.id);
        for (point, month) in series.points.iter().zip(months) {
            let of_month: Vec<_> = rows
                .iter()
                .filter(|row| row.1 == month && kind.is_none_or(|kind| row.0 == kind))
                .collect();
            let sum: u64 = of_month.iter().filter_map(|row| row.2).sum();
            assert_eq!(point.value, sum as f64, "{} {month}", series.id);
            assert_eq!(point.source, "acled");
            let uncounted = of_month.iter().filter(|row| row.2.is_none()).count();
            let expected = (!of_month.is_empty()).then(|| {
                let events = of_month.len();
                let mut note = format!("{events} event{}", if events == 1 { "" } else { "s" });
                if uncounted > 0 {
                    note.push_str(&format!(" ({uncounted} without a count)"));
                }
                note
            });
            assert_eq!(point.note, expected, "{} {month}", series.id);
        }
    }
    let total = dataset.displacement.last().unwrap();
    assert_eq!(total.points[0].value, 150.0);
    assert_eq!(
        total.points[0].note.as_deref(),
        Some("2 events (1 without a count)")
    );
}

#[test]
fn every_event_cites_acled_first() {
    let dataset = load(CURRENT).dataset;
    let acled = dataset.source("acled").unwrap();
    assert_eq!(
        acled.title,
        "Armed Conflict Location & Event Data Project (ACLED)"
    );
    assert_eq!(acled.url.as_deref(), Some("https://acleddata.com"));
    assert_eq!(dataset.sources[0].id, "acled");
    assert!(
        dataset
            .events
            .iter()
            .all(|event| event.sources.first().map(|source| source.as_str()) == Some("acled"))
    );
}

/// The texts of an exported SVG run together, without white space: a line
/// of the caption may wrap anywhere between words.
#[test]
fn an_export_credits_acled_first_and_counts_the_sources_past_twelve() {
    let folder = tempfile::tempdir().unwrap();
    let credit =
        squeezed("Sources: Armed Conflict Location & Event Data Project (ACLED); acleddata.com");
    // The fixture, with the chart.
    let out = folder.path().join("fixture.svg");
    let output = run(&[
        "export",
        CURRENT,
        "--out",
        out.to_str().unwrap(),
        "--figures",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = svg_text_squeezed(&out);
    assert!(text.contains(&credit), "{text}");
    assert!(text.contains(&squeezed("Al Jazeera")), "{text}");

    // A file citing twenty newspapers: twelve are named, the rest counted.
    let file = folder.path().join("many-sources.csv");
    let mut csv =
        "event_id_cnty,event_date,event_type,actor1,country,fatalities,source\n".to_owned();
    let papers: Vec<String> = (1..=20).map(|n| format!("Paper {n:02}")).collect();
    for (n, paper) in papers.iter().enumerate() {
        csv.push_str(&format!(
            "X{n},2024-03-{:02},Battles,Army,Syria,{n},{paper}\n",
            n + 1
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let out = folder.path().join("many.svg");
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
    assert!(text.contains(&credit), "{text}");
    let named = papers
        .iter()
        .filter(|paper| text.contains(&squeezed(paper)))
        .count();
    assert_eq!(named, 12, "{text}");
    assert!(text.contains(&squeezed("; and 8 more sources.")), "{text}");
}

#[test]
fn a_narrow_export_keeps_the_credit_and_the_count_within_the_caption() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("many-sources.csv");
    let mut csv =
        "event_id_cnty,event_date,event_type,actor1,country,fatalities,source\n".to_owned();
    for n in 0..40 {
        csv.push_str(&format!(
            "X{n},2024-03-{:02},Battles,Army,Syria,1,The Newspaper of Record Number {n}\n",
            n % 28 + 1
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let out = folder.path().join("narrow.svg");
    let output = run(&[
        "export",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--width",
        "480",
        "--height",
        "auto",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = svg_text_squeezed(&out);
    assert!(
        text.contains(&squeezed(
            "Sources: Armed Conflict Location & Event Data Project (ACLED); acleddata.com"
        )),
        "{text}"
    );
    // Fewer than twelve fit four rows at this width; the line still ends
    // with its count, not cut off.
    assert!(text.contains("moresources."), "{text}");
    assert!(!text.contains('…'), "{text}");
    assert!(text.matches("NewspaperofRecord").count() < 12, "{text}");
}
