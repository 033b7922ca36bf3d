//! Files to import opened compressed: `.csv.gz` and `.json.gz`, and a `.zip`
//! archive holding one such file (as UCDP distributes its datasets). The
//! unpacked text loads exactly as the plain file does; an archive without
//! exactly one file to open, a damaged one and one that unpacks past the size
//! limit are errors that say so.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::{run, stderr, stdout};
use conflict_timeline::load::{LoadError, load_path};
use conflict_timeline::{Dataset, LoadOptions};

const SHEET: &str = "tests/data/import/timelinejs/my-own-timeline-excerpt.csv";
const JSON: &str = "tests/data/import/timelinejs/cosmo.json";

fn load(path: &Path) -> Dataset {
    load_path(path, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{} should load: {error}", path.display()))
        .dataset
}

fn load_error(path: &Path, options: &LoadOptions) -> String {
    let error: LoadError = load_path(path, options)
        .map(|_| ())
        .expect_err("the file should not load");
    error.to_string()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A zip archive of `(name, content)` entries; a name ending in `/` is a folder.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        if name.ends_with('/') {
            writer.add_directory(*name, options).unwrap();
        } else {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

fn write(folder: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn gzip_files_load_as_the_files_they_hold() {
    let folder = tempfile::tempdir().unwrap();
    for (plain, name) in [(SHEET, "sheet.csv.gz"), (JSON, "cosmo.JSON.GZ")] {
        let packed = write(folder.path(), name, &gzip(&std::fs::read(plain).unwrap()));
        assert_eq!(load(&packed), load(Path::new(plain)), "{name}");
    }
}

#[test]
fn a_zip_of_one_file_to_import_loads_as_that_file() {
    let folder = tempfile::tempdir().unwrap();
    let sheet = std::fs::read(SHEET).unwrap();
    let archive = zip(&[
        ("data/", b""),
        ("data/events.csv", &sheet),
        ("__MACOSX/data/._events.csv", b"\0\x05\x16\x07"),
        ("README.txt", b"About the data."),
    ]);
    let packed = write(folder.path(), "events.zip", &archive);
    assert_eq!(load(&packed), load(Path::new(SHEET)));
    // The command line checks it like any dataset.
    let output = run(&["check", packed.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("ok: no errors"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn problems_inside_an_archive_are_placed_in_the_file_it_holds() {
    let folder = tempfile::tempdir().unwrap();
    let archive = zip(&[("bad.csv", b"Year,Headline\nsoon,A title\n")]);
    let packed = write(folder.path(), "bad.zip", &archive);
    let message = load_error(&packed, &LoadOptions::default());
    let place = format!("{}/bad.csv:2:1:", packed.display());
    assert!(message.contains(&place), "{message}");
}

#[test]
fn a_zip_without_exactly_one_file_to_import_is_an_error_naming_what_it_holds() {
    let folder = tempfile::tempdir().unwrap();
    let two = zip(&[("a.csv", b"Year,Headline\n"), ("b.csv", b"Year,Headline\n")]);
    let message = load_error(
        &write(folder.path(), "two.zip", &two),
        &LoadOptions::default(),
    );
    assert!(message.contains("`a.csv`, `b.csv`"), "{message}");
    assert!(
        message.contains("exactly one `.csv` or `.json` file"),
        "{message}"
    );

    let none = zip(&[("notes.txt", b"nothing to open")]);
    let message = load_error(
        &write(folder.path(), "none.zip", &none),
        &LoadOptions::default(),
    );
    assert!(message.contains("`notes.txt`"), "{message}");

    let empty = zip(&[]);
    let message = load_error(
        &write(folder.path(), "empty.zip", &empty),
        &LoadOptions::default(),
    );
    assert!(message.contains("holds no files"), "{message}");
}

#[test]
fn damaged_archives_are_errors_not_panics() {
    let folder = tempfile::tempdir().unwrap();
    let sheet = std::fs::read(SHEET).unwrap();
    let mut packed = gzip(&sheet);
    let middle = packed.len() / 2;
    packed.truncate(middle);
    let message = load_error(
        &write(folder.path(), "cut.csv.gz", &packed),
        &LoadOptions::default(),
    );
    assert!(
        message.contains("cannot unpack this gzip file"),
        "{message}"
    );

    let message = load_error(
        &write(folder.path(), "junk.zip", b"PK\x03\x04 not really"),
        &LoadOptions::default(),
    );
    assert!(message.contains("cannot unpack this zip file"), "{message}");
}

#[test]
fn what_an_archive_unpacks_to_is_held_to_the_size_limit() {
    let folder = tempfile::tempdir().unwrap();
    // A few kilobytes that unpack to ten megabytes.
    let mut text = b"Year,Headline\n".to_vec();
    text.resize(10 * 1024 * 1024, b' ');
    let options = LoadOptions {
        max_file_bytes: 1024 * 1024,
        max_event_data_bytes: 1024 * 1024,
        ..LoadOptions::default()
    };
    let packed = gzip(&text);
    assert!(packed.len() < 64 * 1024);
    let message = load_error(&write(folder.path(), "bomb.csv.gz", &packed), &options);
    assert!(
        message.contains("over the limit of 1048576 bytes"),
        "{message}"
    );
    let archive = zip(&[("bomb.csv", &text)]);
    let message = load_error(&write(folder.path(), "bomb.zip", &archive), &options);
    assert!(
        message.contains("over the limit of 1048576 bytes"),
        "{message}"
    );
}

#[test]
fn only_files_to_import_open_compressed() {
    let folder = tempfile::tempdir().unwrap();
    let packed = write(folder.path(), "dataset.ron.gz", &gzip(b"Dataset()"));
    let message = load_error(&packed, &LoadOptions::default());
    assert!(message.contains("unsupported file type"), "{message}");
}

#[test]
fn a_ucdp_zip_opens_as_the_ged_file_it_holds_titled_by_its_version() {
    const GED: &str = "tests/data/import/ged/GEDEvent_v24_1.csv";
    let folder = tempfile::tempdir().unwrap();
    let archive = zip(&[("GEDEvent_v24_1.csv", &std::fs::read(GED).unwrap())]);
    let packed = write(folder.path(), "ged241-csv.zip", &archive);
    let zipped = load(&packed);
    assert_eq!(zipped.events, load(Path::new(GED)).events);
    assert!(zipped.title.contains("UCDP GED 24.1"), "{}", zipped.title);
    let packed = write(
        folder.path(),
        "GEDEvent_v24_1.csv.gz",
        &gzip(&std::fs::read(GED).unwrap()),
    );
    assert_eq!(load(&packed).events, load(Path::new(GED)).events);
}
