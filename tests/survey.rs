//! Surveying conflict event files before opening them: the format, the
//! countries with their row counts, the columns lanes can be made from and
//! the dates, for UCDP GED and ACLED files, plain, gzip or zip; anything
//! else is not surveyed; the size limit holds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use conflict_timeline::load::{ConflictFormat, ConflictSurvey, survey_conflict_file};
use conflict_timeline::{Date, LoadOptions};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import");

fn fixture(name: &str) -> PathBuf {
    Path::new(DATA).join(name)
}

fn survey(path: &Path) -> Option<ConflictSurvey> {
    survey_conflict_file(path, &LoadOptions::default()).expect("the file reads")
}

/// The GED fixture with the country of its last three rows made `Iraq`.
fn ged_two_countries() -> String {
    let text = std::fs::read_to_string(fixture("ged/GEDEvent_v24_1.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let last_three = lines.len() - 3;
    lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if index < last_three {
                return (*line).to_owned();
            }
            // The country is the last cell that says Syria.
            let at = line.rfind(",\"Syria\",").unwrap();
            format!("{},\"Iraq\",{}", &line[..at], &line[at + 9..])
        })
        .map(|line| line + "\n")
        .collect()
}

fn write(folder: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_ged_file_names_its_countries_most_rows_first_and_its_lane_columns() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "ged.csv", ged_two_countries().as_bytes());
    let survey = survey(&path).expect("GED");
    assert_eq!(survey.format, ConflictFormat::Ged);
    assert_eq!(survey.format.name(), "UCDP GED");
    let rows: usize = survey.countries.iter().map(|(_, n)| n).sum();
    assert_eq!(rows, survey.rows);
    assert_eq!(
        survey.countries,
        [("Syria".to_owned(), rows - 3), ("Iraq".to_owned(), 3)]
    );
    assert_eq!(survey.group_columns[0], "type_of_violence", "default first");
    for column in ["conflict_name", "dyad_name", "side_a", "country", "adm_1"] {
        assert!(survey.group_columns.iter().any(|c| c == column), "{column}");
    }
    assert_eq!(survey.first, Date::day(2016, 1, 1));
    assert!(survey.last >= Date::day(2016, 9, 20), "{:?}", survey.last);
}

#[test]
fn every_ged_and_acled_fixture_is_surveyed_as_its_format() {
    for name in [
        "ged/GEDEvent_v24_1.csv",
        "ged/ged50.csv",
        "ged/ged-oldest-layout.csv",
    ] {
        let survey = survey(&fixture(name)).expect(name);
        assert_eq!(survey.format, ConflictFormat::Ged, "{name}");
    }
    for name in [
        "acled/acled-2024.csv",
        "acled/acled-2019-layout.csv",
        "acled/acled-export-crlf.csv",
    ] {
        let survey = survey(&fixture(name)).expect(name);
        assert_eq!(survey.format, ConflictFormat::Acled, "{name}");
        assert_eq!(survey.group_columns[0], "event_type", "{name}");
    }
    let acled = survey(&fixture("acled/acled-2024.csv")).unwrap();
    for country in ["Syria", "Ukraine", "Chile", "Mali", "Nigeria", "Sudan"] {
        assert!(
            acled
                .countries
                .iter()
                .any(|(name, n)| name == country && *n > 0),
            "{country}: {:?}",
            acled.countries
        );
    }
    let counts: Vec<usize> = acled.countries.iter().map(|(_, n)| *n).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(acled.group_columns.iter().any(|c| c == "sub_event_type"));
    assert!(acled.group_columns.iter().any(|c| c == "admin1"));
}

#[test]
fn gzip_and_zip_files_are_surveyed_as_the_csv_they_hold() {
    let folder = tempfile::tempdir().unwrap();
    let text = ged_two_countries();
    let plain = survey(&write(folder.path(), "ged.csv", text.as_bytes())).unwrap();

    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    let gz = write(folder.path(), "ged.csv.gz", &encoder.finish().unwrap());
    assert_eq!(survey(&gz).as_ref(), Some(&plain));

    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(
            "ged-25.1/GEDEvent_v25_1.csv",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    writer.write_all(text.as_bytes()).unwrap();
    let archive = writer.finish().unwrap().into_inner();
    let zip = write(folder.path(), "ged.zip", &archive);
    assert_eq!(survey(&zip).as_ref(), Some(&plain));
}

#[test]
fn other_files_are_not_conflict_event_data() {
    let folder = tempfile::tempdir().unwrap();
    for path in [
        fixture("truce-2016.csv"),
        fixture("truce-2016.json"),
        fixture("timelinejs/synthetic-cases.csv"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal.ron"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal"),
        write(folder.path(), "notes.txt", b"id,country\n"),
    ] {
        assert_eq!(survey(&path), None, "{}", path.display());
    }
}

#[test]
fn the_size_limit_and_missing_files_are_errors() {
    let small = LoadOptions {
        max_file_bytes: 100,
        max_event_data_bytes: 100,
        ..LoadOptions::default()
    };
    let error = survey_conflict_file(&fixture("ged/GEDEvent_v24_1.csv"), &small).unwrap_err();
    assert!(error.to_string().contains("over the limit"), "{error}");
    let missing = Path::new(DATA).join("ged/no-such-file.csv");
    assert!(survey_conflict_file(&missing, &LoadOptions::default()).is_err());
}
