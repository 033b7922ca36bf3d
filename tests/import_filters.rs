//! Filters and lanes on open for conflict event data: `--country`,
//! `--from`, `--to` and `--group-by` on UCDP GED and ACLED files, through the
//! loader and through `check`, `convert`, `export` and the app's command line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, stderr, stdout};

use std::path::Path;

use clap::Parser as _;
use conflict_timeline::cli::{self, Action, Cli};
use conflict_timeline::load::{LoadOptions, Problem, load_path};
use conflict_timeline::model::Date;
use conflict_timeline::{Dataset, ImportOptions, LoadError, Loaded};

const GED: &str = "tests/data/import/ged/ged241-countries.csv";
const GED_OLDEST: &str = "tests/data/import/ged/ged-oldest-layout.csv";
const ACLED: &str = "tests/data/import/acled/acled-countries.csv";
const ACLED_2019: &str = "tests/data/import/acled/acled-2019-layout.csv";
const RON: &str = "tests/data/minimal.ron";
const SHEET: &str = "tests/data/import/truce-2016.csv";
const JSON: &str = "tests/data/import/timelinejs/cosmo.json";
const FOLDER: &str = "tests/data/minimal";

fn options(countries: &[&str], from: Option<&str>, to: Option<&str>) -> ImportOptions {
    ImportOptions {
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        from: from.map(|d| Date::parse(d).unwrap()),
        to: to.map(|d| Date::parse(d).unwrap()),
        group_by: None,
    }
}

fn grouped(column: &str) -> ImportOptions {
    ImportOptions {
        group_by: Some(column.to_owned()),
        ..ImportOptions::default()
    }
}

fn try_load(path: impl AsRef<Path>, import: &ImportOptions) -> Result<Loaded, LoadError> {
    let options = LoadOptions {
        import: import.clone(),
        ..LoadOptions::default()
    };
    load_path(path.as_ref(), &options)
}

fn load(path: impl AsRef<Path>, import: &ImportOptions) -> Loaded {
    let path = path.as_ref();
    try_load(path, import).unwrap_or_else(|error| {
        panic!(
            "{} should load with {import:?}: {:#?}",
            path.display(),
            error.diagnostics
        )
    })
}

fn load_error(path: impl AsRef<Path>, import: &ImportOptions) -> LoadError {
    match try_load(path.as_ref(), import) {
        Ok(_) => panic!(
            "{} should not load with {import:?}",
            path.as_ref().display()
        ),
        Err(error) => error,
    }
}

/// The only error of a failed load, printed as `check` prints it.
fn only_error(error: &LoadError) -> String {
    let errors: Vec<String> = error.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors[0].clone()
}

fn ids(dataset: &Dataset) -> Vec<&str> {
    let mut ids: Vec<&str> = dataset.events.iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids
}

/// Lanes as (name, number of events), in the dataset's order.
fn lanes(dataset: &Dataset) -> Vec<(String, usize)> {
    dataset
        .lanes
        .iter()
        .map(|lane| {
            let count = dataset.events.iter().filter(|e| e.lane == lane.id).count();
            (lane.name.clone(), count)
        })
        .collect()
}

fn lane_names(dataset: &Dataset) -> Vec<String> {
    lanes(dataset).into_iter().map(|(name, _)| name).collect()
}

#[test]
fn ged_rows_of_one_country_trimmed_and_in_any_case() {
    let loaded = load(GED, &options(&["SYRIA "], None, None));
    assert_eq!(
        ids(&loaded.dataset),
        ["ged-1001", "ged-1002", "ged-1003", "ged-1004", "ged-1009"]
    );
    assert_eq!(
        loaded.dataset.title,
        "ged241-countries (UCDP GED 24.1) — Syria"
    );
    assert_eq!(loaded.import, options(&["SYRIA "], None, None));
    // Several countries.
    let loaded = load(GED, &options(&["Iraq", "DR Congo (Zaire)"], None, None));
    assert_eq!(ids(&loaded.dataset), ["ged-1005", "ged-1006", "ged-1008"]);
}

#[test]
fn ged_dates_keep_events_that_overlap_the_whole_days_asked() {
    // `--to 2016` keeps all of 2016; the range from December 2015 into
    // January 2016 overlaps it.
    let loaded = load(GED, &options(&[], Some("2016"), Some("2016")));
    assert_eq!(
        ids(&loaded.dataset),
        [
            "ged-1002", "ged-1003", "ged-1004", "ged-1005", "ged-1007", "ged-1008", "ged-1009"
        ]
    );
    let from = load(GED, &options(&[], Some("2017"), None));
    assert_eq!(ids(&from.dataset), ["ged-1006"]);
    let to = load(GED, &options(&[], None, Some("2015-12-20")));
    assert_eq!(ids(&to.dataset), ["ged-1001", "ged-1004"]);
    let to = load(GED, &options(&[], None, Some("2015-12-19")));
    assert_eq!(ids(&to.dataset), ["ged-1001"]);
}

#[test]
fn ged_country_and_dates_together_and_said_in_title_and_description() {
    let loaded = load(GED, &options(&["syria"], Some("2016"), Some("2016")));
    assert_eq!(
        ids(&loaded.dataset),
        ["ged-1002", "ged-1003", "ged-1004", "ged-1009"]
    );
    assert_eq!(
        loaded.dataset.title,
        "ged241-countries (UCDP GED 24.1) — Syria, 2016"
    );
    let description = loaded.dataset.description.as_deref().unwrap();
    assert!(
        description.ends_with(
            "\nRows: country Syria; events overlapping 1 January 2016 – 31 December 2016."
        ),
        "{description}"
    );
    assert!(
        description.contains("lanes by type of violence"),
        "{description}"
    );
}

#[test]
fn ged_lanes_by_each_column_kind() {
    let by_conflict = load(GED, &grouped("conflict"));
    assert_eq!(
        lanes(&by_conflict.dataset),
        [
            ("Syria: Government".to_owned(), 3),
            ("Iraq: Government".to_owned(), 2),
            ("DR Congo (Zaire): Government".to_owned(), 1),
            ("IS - civilians".to_owned(), 1),
            ("Jabhat Fateh al-Sham - IS".to_owned(), 1),
            (
                "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad - civilians".to_owned(),
                1
            ),
        ]
    );
    let description = by_conflict.dataset.description.as_deref().unwrap();
    assert!(
        description.contains("lanes by conflict_name"),
        "{description}"
    );
    assert!(
        description.ends_with("\nLanes by conflict_name."),
        "{description}"
    );
    assert_eq!(
        by_conflict.dataset.lanes[0].id, "syria-government",
        "ids are slugs of the values"
    );

    // The file's names, the short words, in any case.
    for (asked, first) in [
        ("dyad_name", "Government of Syria - Syrian insurgents"),
        ("DYAD", "Government of Syria - Syrian insurgents"),
        ("side", "Government of Syria"),
        ("side_a", "Government of Syria"),
        ("side_b", "IS"),
        ("country", "Syria"),
        ("region", "Middle East"),
        ("admin1", "Aleppo governorate"),
        ("adm_1", "Aleppo governorate"),
    ] {
        let loaded = load(GED, &grouped(asked));
        assert_eq!(lane_names(&loaded.dataset)[0], first, "{asked}");
    }
    // Cells that differ in case and blanks share a lane.
    let by_country = load(GED, &grouped("country"));
    assert_eq!(
        lanes(&by_country.dataset),
        [
            ("Syria".to_owned(), 5),
            ("Iraq".to_owned(), 2),
            ("DR Congo (Zaire)".to_owned(), 1),
            ("Nigeria".to_owned(), 1),
        ]
    );
    assert_eq!(by_country.dataset.lanes[2].id, "dr-congo-zaire");
    // `NA` and empty cells go to a "Not given" lane.
    let by_adm_2 = load(GED, &grouped("admin2"));
    assert_eq!(
        lanes(&by_adm_2.dataset),
        [
            ("Not given".to_owned(), 6),
            ("Mosul district".to_owned(), 2),
            ("Jebel Saman district".to_owned(), 1),
        ]
    );
    let by_adm_1 = load(GED, &grouped("admin1"));
    assert!(
        lanes(&by_adm_1.dataset).contains(&("Not given".to_owned(), 1)),
        "{:?}",
        lanes(&by_adm_1.dataset)
    );
    // The default lanes' column is the default lanes.
    let by_type = load(GED, &grouped("type_of_violence"));
    let default = load(GED, &ImportOptions::default());
    assert_eq!(by_type.dataset.lanes, default.dataset.lanes);
}

#[test]
fn acled_rows_by_country_and_dates() {
    let loaded = load(ACLED, &options(&["Syria"], None, None));
    assert_eq!(ids(&loaded.dataset), ["syr1", "syr2", "syr3", "syr4"]);
    // A name with a comma is one country.
    let loaded = load(
        ACLED,
        &options(&["Bonaire, Saint Eustatius and Saba", "iraq"], None, None),
    );
    assert_eq!(ids(&loaded.dataset), ["bes1", "irq1"]);
    assert_eq!(
        loaded.dataset.title,
        "acled-countries — Bonaire, Saint Eustatius and Saba, Iraq"
    );
    let description = loaded.dataset.description.as_deref().unwrap();
    assert!(
        description.ends_with("\n\nRows: countries Bonaire, Saint Eustatius and Saba, Iraq."),
        "{description}"
    );

    let in_2016 = load(ACLED, &options(&[], Some("2016"), Some("2016")));
    assert_eq!(
        ids(&in_2016.dataset),
        ["irq1", "syr1", "syr2", "syr4", "yem1"]
    );
    // SYR2 is known to its month (time precision 3): December 2016 overlaps
    // the 20th, though ACLED's day, the 15th, is before it.
    let late = load(ACLED, &options(&["syria"], Some("2016-12-20"), None));
    assert_eq!(ids(&late.dataset), ["syr2", "syr3"]);
    let early = load(ACLED, &options(&["syria"], None, Some("2016-11")));
    assert_eq!(ids(&early.dataset), ["syr1", "syr4"]);
}

#[test]
fn acled_lanes_by_each_column_kind() {
    for (asked, expected) in [
        (
            "actor",
            vec![
                ("Military Forces of Russia (2000-)", 2),
                ("Military Forces of Iraq (2014-)", 1),
            ],
        ),
        ("actor2", vec![("Not given", 3), ("Civilians (Syria)", 2)]),
        (
            "sub_event_type",
            vec![("Peaceful protest", 3), ("Air/drone strike", 2)],
        ),
        (
            "disorder_type",
            vec![("Political violence", 5), ("Demonstrations", 3)],
        ),
        ("inter1", vec![("Protesters", 3), ("State forces", 3)]),
        (
            "Country",
            vec![("Syria", 4), ("Bonaire, Saint Eustatius and Saba", 1)],
        ),
        ("admin1", vec![("Idleb", 3), ("Aleppo", 1)]),
        ("region", vec![("Middle East", 7), ("Caribbean", 1)]),
    ] {
        let loaded = load(ACLED, &grouped(asked));
        let got = lanes(&loaded.dataset);
        for (index, (name, count)) in expected.iter().enumerate() {
            assert_eq!(got[index], ((*name).to_owned(), *count), "{asked}: {got:?}");
        }
        let total: usize = got.iter().map(|(_, count)| count).sum();
        assert_eq!(total, 8, "{asked}: every event in a lane");
    }
    let by_type = load(ACLED, &grouped("event_type"));
    assert_eq!(
        by_type.dataset.lanes,
        load(ACLED, &ImportOptions::default()).dataset.lanes
    );
}

/// A GED file whose `side_a` has `values` values, value `i` in `i + 1` rows.
fn many_sides(values: usize) -> String {
    let mut text = String::from(
        "id,type_of_violence,side_a,side_b,country,date_prec,date_start,date_end,best\n",
    );
    let mut id = 0;
    for value in 0..values {
        for _ in 0..=value {
            id += 1;
            text.push_str(&format!(
                "{id},1,Group {value:02},Civilians,Syria,1,2016-01-01,2016-01-01,1\n"
            ));
        }
    }
    text
}

#[test]
fn lanes_are_capped_with_the_rest_in_one_other_lane() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ged-sides.csv");
    std::fs::write(&path, many_sides(50)).unwrap();
    let loaded = load(&path, &grouped("side"));
    let got = lanes(&loaded.dataset);
    assert_eq!(got.len(), 41, "{got:?}");
    // The 40 values with most events, most first.
    assert_eq!(got[0], ("Group 49".to_owned(), 50));
    assert_eq!(got[39], ("Group 10".to_owned(), 11));
    // The other ten: 1 + 2 + … + 10 events.
    assert_eq!(got[40], ("Other (10 more side_a values)".to_owned(), 55));
    assert_eq!(loaded.dataset.lanes[40].id, "other");
    assert_eq!(loaded.dataset.events.len(), 50 * 51 / 2);
    // The fatality series still add up: the lanes put into "Other" are
    // counted in the series of the lanes beyond the deadliest, not lost.
    let series = &loaded.dataset.displacement;
    let sum = |series: &conflict_timeline::model::Series| -> f64 {
        series.points.iter().map(|point| point.value).sum()
    };
    let total = series
        .iter()
        .find(|series| series.id == "deaths-total")
        .expect("a total series");
    let lanes_sum: f64 = series
        .iter()
        .filter(|series| series.id != "deaths-total")
        .map(sum)
        .sum();
    assert!(sum(total) > 0.0);
    assert_eq!(lanes_sum, sum(total));
    let description = loaded.dataset.description.as_deref().unwrap();
    assert!(
        description.ends_with(
            "Lanes by side_a: the 40 values with most events, the other 10 in one lane."
        ),
        "{description}"
    );
    // At the cap exactly, no "Other" lane.
    std::fs::write(&path, many_sides(40)).unwrap();
    let loaded = load(&path, &grouped("side_a"));
    assert_eq!(loaded.dataset.lanes.len(), 40);
    assert!(
        !lane_names(&loaded.dataset)
            .iter()
            .any(|n| n.starts_with("Other"))
    );
}

#[test]
fn group_by_a_column_not_offered_or_absent_is_an_error_at_the_header() {
    let error = only_error(&load_error(GED, &grouped("best")));
    assert_eq!(
        error,
        format!(
            "{GED}:1:1: error: --group-by \"best\" is not a column lanes can be made from in a UCDP GED file; \
             use one of: type_of_violence (type), conflict_name (conflict), dyad_name (dyad), side_a (side), \
             side_b, country, region, adm_1 (admin1), adm_2 (admin2)"
        )
    );
    // ACLED's own words are not GED's, and the other way round.
    let error = only_error(&load_error(ACLED, &grouped("conflict")));
    assert!(
        error.starts_with(&format!("{ACLED}:1:1: error: --group-by \"conflict\" is not a column lanes can be made from in an ACLED export; use one of: event_type (type), sub_event_type,")),
        "{error}"
    );
    assert!(error.contains("actor1 (actor)"), "{error}");
    let error = only_error(&load_error(GED, &grouped("actor")));
    assert!(
        error.contains("is not a column lanes can be made from"),
        "{error}"
    );

    // The format has it, this file does not.
    let error = only_error(&load_error(GED_OLDEST, &grouped("region")));
    assert_eq!(
        error,
        format!(
            "{GED_OLDEST}:1:1: error: the header row has no `region` column to make lanes from (--group-by region); \
             of the columns lanes can be made from in a UCDP GED file, this file has: `type_of_violence`, \
             `conflict_name`, `dyad_name`, `side_a`, `side_b`, `country`, `adm_1`"
        )
    );
    let error = only_error(&load_error(ACLED_2019, &grouped("disorder_type")));
    assert!(
        error.starts_with(&format!(
            "{ACLED_2019}:1:1: error: the header row has no `disorder_type` column"
        )),
        "{error}"
    );
}

#[test]
fn a_country_no_row_has_is_an_error_naming_the_countries_nearest_to_it() {
    // Few countries: all of them.
    let error = only_error(&load_error(GED, &options(&["Syira"], None, None)));
    assert_eq!(
        error,
        format!(
            "{GED}:1:1: error: no row has the country \"Syira\" (--country); the file's countries are \
             \"DR Congo (Zaire)\", \"Iraq\", \"Nigeria\", \"Syria\""
        )
    );
    // Each country no row has is an error; the others are fine.
    let error = load_error(ACLED, &options(&["Syria", "Irak", "Lebanom"], None, None));
    let errors: Vec<String> = error.errors().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("\"Irak\""), "{errors:#?}");
    assert!(errors[1].contains("\"Lebanom\""), "{errors:#?}");
    // Many countries: the nearest few, nearest first.
    let mut text = String::from(
        "id,type_of_violence,side_a,side_b,country,date_prec,date_start,date_end,best\n",
    );
    let countries = [
        "Syria",
        "Sri Lanka",
        "Sudan",
        "South Sudan",
        "Somalia",
        "Iraq",
        "Iran",
        "Yemen (North Yemen)",
        "Nigeria",
        "Niger",
        "Mali",
        "Libya",
    ];
    for (id, country) in countries.iter().enumerate() {
        text.push_str(&format!("{id},1,A,B,{country},1,2016-01-01,2016-01-01,1\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ged-many-countries.csv");
    std::fs::write(&path, text).unwrap();
    let error = only_error(&load_error(&path, &options(&["Syira"], None, None)));
    assert!(
        error.contains("the file's countries nearest to it: \"Syria\", "),
        "{error}"
    );
    assert_eq!(error.matches('"').count(), 2 * (1 + 8), "{error}");
    let error = only_error(&load_error(&path, &options(&["yemen"], None, None)));
    assert!(
        error.contains("nearest to it: \"Yemen (North Yemen)\""),
        "{error}"
    );
    // A country no row has in the dates asked is not an error: the file has it.
    let loaded = load(&path, &options(&["Syria"], Some("2020"), None));
    assert!(loaded.dataset.events.is_empty());
}

#[test]
fn country_in_a_file_without_a_country_column_is_an_error() {
    let text = "id,type_of_violence,side_a,side_b,date_prec,date_start,date_end,best\n1,1,A,B,1,2016-01-01,2016-01-01,1\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-country.csv");
    std::fs::write(&path, text).unwrap();
    let error = load_error(&path, &options(&["Syria"], None, None));
    let message = only_error(&error);
    assert!(
        message.ends_with(
            ":1:1: error: the header row has no `country` column, so --country cannot choose rows of a UCDP GED file; open the file without --country"
        ),
        "{message}"
    );
}

#[test]
fn options_for_other_files_are_refused() {
    for path in [RON, SHEET, JSON, FOLDER] {
        for import in [
            options(&["Syria"], None, None),
            options(&[], Some("2016"), None),
            grouped("conflict"),
        ] {
            let error = load_error(path, &import);
            let only: Vec<_> = error.errors().collect();
            assert_eq!(only.len(), 1, "{path}: {only:#?}");
            assert!(
                matches!(only[0].problem, Problem::ImportOptionsNotApplicable { .. }),
                "{path}: {only:#?}"
            );
            assert!(
                only[0].to_string().contains(
                    "--country, --from, --to and --group-by choose rows and lanes of UCDP GED and ACLED event files"
                ),
                "{}",
                only[0]
            );
        }
        // Without options they load as ever.
        load(path, &ImportOptions::default());
    }
}

#[test]
fn check_with_the_flags() {
    let output = run(&[
        "check",
        GED,
        "--country",
        "Syria",
        "--from",
        "2016",
        "--to",
        "2016",
        "--group-by",
        "conflict",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("ged241-countries (UCDP GED 24.1) — Syria, 2016\n"),
        "{out}"
    );
    assert!(out.contains("events    4"), "{out}");
    assert!(
        out.contains(
            "lanes     3: Syria: Government (2), IS - civilians (1), Jabhat Fateh al-Sham - IS (1)"
        ),
        "{out}"
    );

    let output = run(&["check", ACLED, "--group-by", "nope"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("{ACLED}:1:1: error: --group-by \"nope\"")),
        "{}",
        stderr(&output)
    );
    let output = run(&["check", GED, "--country", "Atlantis"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = run(&["check", RON, "--country", "Syria"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a RON dataset is neither"),
        "{}",
        stderr(&output)
    );
    let output = run(&["check", "--from", "2016"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the built-in dataset is neither"),
        "{}",
        stderr(&output)
    );
    // A data error is still 1.
    let output = run(&[
        "check",
        "tests/data/import/ged/missing-columns.csv",
        "--country",
        "Syria",
    ]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn convert_writes_the_filtered_dataset_which_reloads_equal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("syria");
    let out_text = out.to_str().unwrap();
    let output = run(&[
        "convert",
        ACLED,
        "--out",
        out_text,
        "--country",
        "syria",
        "--to",
        "2016",
        "--group-by",
        "actor",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("\"acled-countries — Syria, to 2016\""),
        "{}",
        stdout(&output)
    );
    let written = load(&out, &ImportOptions::default()).dataset;
    let mut import = options(&["syria"], None, Some("2016"));
    import.group_by = Some("actor".into());
    let imported = load(ACLED, &import).dataset;
    assert_eq!(written, imported);
    assert_eq!(ids(&written), ["syr1", "syr2", "syr4"]);

    // Nothing is written when the options fail.
    let other = dir.path().join("none");
    let output = run(&[
        "convert",
        GED,
        "--out",
        other.to_str().unwrap(),
        "--group-by",
        "notes",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!other.exists());
    let output = run(&[
        "convert",
        SHEET,
        "--out",
        other.to_str().unwrap(),
        "--country",
        "Syria",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!other.exists());
}

#[test]
fn export_dates_are_the_range_and_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("syria.svg");
    let image_text = image.to_str().unwrap();
    let output = run(&[
        "export",
        GED,
        "--out",
        image_text,
        "--from",
        "2016",
        "--to",
        "2016",
        "--country",
        "Syria",
        "--group-by",
        "conflict",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&image).unwrap();
    let texts = common::svg_texts(&svg).join(" ");
    assert!(texts.contains("Syria: Government"), "{texts}");
    assert!(!texts.contains("Iraq"), "{texts}");

    // Of any other dataset, --from and --to are only the range drawn.
    let output = run(&[
        "export", RON, "--out", image_text, "--from", "2016-02", "--to", "2016-03",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(&[
        "export", "--out", image_text, "--from", "2016", "--to", "2016",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The other options are refused there.
    let output = run(&["export", RON, "--out", image_text, "--country", "Syria"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn the_app_opens_with_the_options_and_keeps_them_for_reloads() {
    let cli = Cli::try_parse_from([
        "conflict-timeline",
        GED,
        "--country",
        "Iraq",
        "--group-by",
        "dyad",
    ])
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    match cli::run(cli, &mut out, &mut err) {
        Action::OpenApp(loaded, _, _) => {
            assert_eq!(ids(&loaded.dataset), ["ged-1005", "ged-1006"]);
            assert_eq!(loaded.import.countries, ["Iraq"]);
            assert_eq!(loaded.import.group_by.as_deref(), Some("dyad"));
        }
        Action::Exit(code) => panic!("exit {code}: {}", String::from_utf8_lossy(&err)),
    }
    // Options that cannot apply: a usage error, no window.
    let output = run(&[RON, "--country", "Syria"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a RON dataset is neither"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn help_tells_the_options() {
    for command in ["check", "convert", "export"] {
        let output = run(&[command, "--help"]);
        let help = stdout(&output);
        for flag in [
            "--country <NAME>",
            "--from <DATE>",
            "--to <DATE>",
            "--group-by <COLUMN>",
        ] {
            assert!(help.contains(flag), "{command}: {flag}\n{help}");
        }
    }
    let help = stdout(&run(&["export", "--help"]));
    assert!(
        help.contains("Of a UCDP GED or ACLED file, only events that end on or after it are read."),
        "{help}"
    );
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("--country <NAME>"), "{help}");
}
