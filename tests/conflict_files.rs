//! `generate --layout ged|acled`: synthetic UCDP GED and ACLED files load
//! through their importers without problems, the same seed writes the same
//! bytes; and conflict event data gets its own, larger size limit, told by
//! the file's header, also inside a `.gz` or `.zip`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use conflict_timeline::generate::{
    ACLED_COLUMNS, AcledDates, ConflictOptions, ConflictWriteError, GED_COLUMNS, Layout,
    write_conflict_file, write_rows,
};
use conflict_timeline::load::load_path;
use conflict_timeline::{Date, LoadOptions};

fn options(layout: Layout, events: usize, seed: u64) -> ConflictOptions {
    ConflictOptions {
        layout,
        events,
        seed,
        acled_dates: AcledDates::Iso,
    }
}

fn bytes_of(options: &ConflictOptions) -> Vec<u8> {
    let mut out = Vec::new();
    write_rows(options, &mut out, u64::MAX).unwrap();
    out
}

fn write(folder: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Loads a file with the default options: no errors and no warnings.
fn load_clean(path: &Path, options: &LoadOptions) -> conflict_timeline::Dataset {
    let loaded = load_path(path, options).unwrap_or_else(|error| panic!("{error}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.dataset
}

#[test]
fn a_generated_ged_file_loads_without_problems_with_every_type_and_precision() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("ged.csv");
    let bytes = write_conflict_file(&options(Layout::Ged, 600, 3), &path, u64::MAX).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(bytes, text.len() as u64);
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    assert_eq!(header, GED_COLUMNS);
    // Long cells, as in the real file: about a kilobyte a row.
    let per_row = text.len() / 600;
    assert!((700..2000).contains(&per_row), "{per_row} bytes a row");
    assert!(text.contains("NA,") && text.contains("\"\""));

    let dataset = load_clean(&path, &LoadOptions::default());
    assert_eq!(dataset.events.len(), 600);
    assert_eq!(dataset.lanes.len(), 3, "every type of violence");
    let countries: BTreeSet<&str> = dataset
        .events
        .iter()
        .flat_map(|event| event.tags.iter().map(|tag| tag.as_str()))
        .filter(|tag| ["Syria", "Iraq", "Afghanistan", "Ukraine"].contains(tag))
        .collect();
    assert_eq!(countries.len(), 4, "{countries:?}");
    // Precisions 2–5 make events approximate; 1 does not.
    let approximate = dataset.events.iter().filter(|e| e.approximate).count();
    assert!(approximate > 100 && approximate < 500, "{approximate}");
    let first = dataset.events.iter().map(|e| e.start).min().unwrap();
    let last = dataset.events.iter().map(|e| e.start).max().unwrap();
    assert!(first >= Date::year(1989).unwrap() && first < Date::year(2000).unwrap());
    assert!(last >= Date::year(2015).unwrap() && last < Date::year(2025).unwrap());
}

#[test]
fn a_generated_acled_file_loads_without_problems_in_both_date_forms() {
    let folder = tempfile::tempdir().unwrap();
    for dates in [AcledDates::Iso, AcledDates::Written] {
        let path = folder.path().join("acled.csv");
        let options = ConflictOptions {
            acled_dates: dates,
            ..options(Layout::Acled, 800, 5)
        };
        write_conflict_file(&options, &path, u64::MAX).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        assert_eq!(header, ACLED_COLUMNS);
        let per_row = text.len() / 800;
        assert!((350..900).contains(&per_row), "{per_row} bytes a row");
        let second = text.lines().nth(1).unwrap();
        let date = second.split(',').nth(1).unwrap();
        match dates {
            AcledDates::Iso => assert_eq!(date.len(), 10, "{date}"),
            AcledDates::Written => assert!(date.contains(' '), "{date}"),
        }

        let dataset = load_clean(&path, &LoadOptions::default());
        assert_eq!(dataset.events.len(), 800);
        assert_eq!(dataset.lanes.len(), 6, "all six event types");
        let approximate = dataset.events.iter().filter(|e| e.approximate).count();
        assert!(approximate > 50 && approximate < 400, "{approximate}");
        let first = dataset.events.iter().map(|e| e.start).min().unwrap();
        let last = dataset.events.iter().map(|e| e.start).max().unwrap();
        assert!(first >= Date::year(2018).unwrap() && first < Date::month(2018, 3).unwrap());
        assert!(last >= Date::month(2025, 10).unwrap() && last < Date::year(2026).unwrap());
    }
}

#[test]
fn the_same_seed_writes_the_same_bytes() {
    for layout in [Layout::Ged, Layout::Acled] {
        let first = bytes_of(&options(layout, 200, 9));
        assert_eq!(first, bytes_of(&options(layout, 200, 9)), "{layout:?}");
        assert_ne!(first, bytes_of(&options(layout, 200, 10)), "{layout:?}");
    }
}

#[test]
fn a_file_over_the_limit_is_refused_and_the_old_file_kept() {
    let folder = tempfile::tempdir().unwrap();
    let path = write(folder.path(), "ged.csv", b"old");
    let error = write_conflict_file(&options(Layout::Ged, 2000, 1), &path, 100_000).unwrap_err();
    assert!(
        matches!(error, ConflictWriteError::TooLarge { limit: 100_000, .. }),
        "{error}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    let names: Vec<_> = std::fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left");
}

/// The limits of the tests below: 64 KiB for a dataset file, 1 MiB for
/// conflict event data.
fn small_limits() -> LoadOptions {
    LoadOptions {
        max_file_bytes: 64 * 1024,
        max_event_data_bytes: 1024 * 1024,
        ..LoadOptions::default()
    }
}

#[test]
fn conflict_event_data_has_its_own_limit_told_by_its_header() {
    let folder = tempfile::tempdir().unwrap();
    let limits = small_limits();
    for layout in [Layout::Ged, Layout::Acled] {
        // Over the dataset file limit, under the event data limit.
        let bytes = bytes_of(&options(layout, 300, 2));
        assert!(bytes.len() > 64 * 1024 && bytes.len() < 1024 * 1024);
        let path = write(folder.path(), "events.csv", &bytes);
        assert_eq!(load_clean(&path, &limits).events.len(), 300);
        let packed = write(folder.path(), "events.csv.gz", &gzip(&bytes));
        assert_eq!(load_clean(&packed, &limits).events.len(), 300);
        let zipped = write(folder.path(), "events.zip", &zip("events.csv", &bytes));
        assert_eq!(load_clean(&zipped, &limits).events.len(), 300);

        // Over the event data limit.
        let big = bytes_of(&options(layout, 3000, 2));
        assert!(big.len() > 1024 * 1024);
        for (name, content) in [("big.csv", big.clone()), ("big.csv.gz", gzip(&big))] {
            let path = write(folder.path(), name, &content);
            let error = load_path(&path, &limits).unwrap_err().to_string();
            assert!(
                error.contains("over the limit of 1048576 bytes"),
                "{name}: {error}"
            );
        }
    }
    // Another CSV of the same size keeps the dataset file limit.
    let mut sheet = b"Year,Month,Day,Headline\n".to_vec();
    while sheet.len() < 100 * 1024 {
        sheet.extend_from_slice(b"2016,2,27,A truce begins\n");
    }
    for (name, content) in [("sheet.csv", sheet.clone()), ("sheet.csv.gz", gzip(&sheet))] {
        let path = write(folder.path(), name, &content);
        let error = load_path(&path, &limits).unwrap_err().to_string();
        assert!(
            error.contains("over the limit of 65536 bytes"),
            "{name}: {error}"
        );
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file(name, options).unwrap();
    writer.write_all(bytes).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn the_command_writes_a_file_where_out_says() {
    use conflict_timeline::cli::{AcledDatesArg, GenerateArgs, LayoutArg, SpanArg, generate};
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("acled.csv");
    let args = GenerateArgs {
        events: 40,
        quotes: None,
        lanes: 6,
        seed: 4,
        span: SpanArg::Decades,
        layout: LayoutArg::Acled,
        acled_dates: AcledDatesArg::Written,
        out: path.clone(),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(generate(&args, &mut out, &mut err), 0);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("40 events in the ACLED layout"), "{out}");
    let written = std::fs::read(&path).unwrap();
    let options = ConflictOptions {
        acled_dates: AcledDates::Written,
        ..options(Layout::Acled, 40, 4)
    };
    assert_eq!(written, bytes_of(&options));
}
