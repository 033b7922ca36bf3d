//! Writing datasets in the folder form (`write_folder`) and the `convert`
//! command: what is written loads back equal, what is refused is left
//! untouched, and no partial or temporary file is ever left behind.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{names, run, stderr, stdout};

use std::path::{Path, PathBuf};

use conflict_timeline::Dataset;
use conflict_timeline::load::{
    FOLDER_FILES, LoadOptions, Origin, WriteError, WriteOptions, WrittenFolder, load_builtin,
    load_path, write_folder,
};

const JSON_SAMPLE: &str = "tests/data/import/truce-2016.json";
const CSV_SAMPLE: &str = "tests/data/import/truce-2016.csv";

/// Writes with the default options.
fn write(dataset: &Dataset, dir: &Path) -> Result<WrittenFolder, WriteError> {
    write_folder(dataset, dir, &WriteOptions::default())
}

fn load(path: &Path) -> Dataset {
    load_path(path, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{} should load: {:#?}", path.display(), error.diagnostics))
        .dataset
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    names.sort();
    names
}

/// Every file of a folder with its contents.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect()
}

#[test]
fn the_builtin_dataset_round_trips_through_the_folder_form() {
    let builtin = load_builtin().unwrap().dataset;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("syria");
    let written = write(&builtin, &dir).unwrap();
    assert_eq!(written.folder, dir);
    assert!(!written.replaced);
    let files: Vec<&str> = written.files.iter().map(|(name, _)| *name).collect();
    assert_eq!(files, FOLDER_FILES);
    for (name, bytes) in &written.files {
        assert_eq!(
            std::fs::metadata(dir.join(name)).unwrap().len(),
            *bytes as u64
        );
    }
    // Nothing but the folder is left beside it.
    assert_eq!(names(parent.path()), ["syria"]);
    assert_eq!(names(&dir), sorted(&FOLDER_FILES));

    let loaded = load_path(&dir, &LoadOptions::default()).unwrap();
    assert_eq!(loaded.origin, Origin::Folder(dir.clone()));
    assert_eq!(loaded.dataset, builtin);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn the_folder_form_has_the_sections_in_their_own_files() {
    let builtin = load_builtin().unwrap().dataset;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("out");
    write(&builtin, &dir).unwrap();
    let main = std::fs::read_to_string(dir.join("dataset.ron")).unwrap();
    assert!(main.contains("\nDataset(\n"), "{main}");
    assert!(main.contains("lanes:") && main.contains("sources:"));
    for section in ["events:", "quotes:", "displacement:"] {
        assert!(!main.contains(section), "{section} inline in {main}");
    }
    let events = std::fs::read_to_string(dir.join("events.ron")).unwrap();
    assert!(events.contains("\n[\n"), "{}", &events[..80]);
    // Pointing at dataset.ron loads the whole folder, too.
    assert_eq!(load(&dir.join("dataset.ron")), builtin);
}

#[test]
fn imported_datasets_round_trip_through_the_folder_form() {
    for sample in [JSON_SAMPLE, CSV_SAMPLE] {
        let imported = load(Path::new(sample));
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("converted");
        write(&imported, &dir).unwrap();
        assert_eq!(load(&dir), imported, "{sample}");
        // Empty sections are written as empty lists, not left out.
        let quotes = std::fs::read_to_string(dir.join("quotes.ron")).unwrap();
        assert!(quotes.trim_end().ends_with("[]"), "{quotes}");
    }
}

#[test]
fn an_empty_folder_is_filled() {
    let dataset = load(Path::new(JSON_SAMPLE));
    let dir = tempfile::tempdir().unwrap();
    let written = write(&dataset, dir.path()).unwrap();
    assert!(!written.replaced);
    assert_eq!(names(dir.path()), sorted(&FOLDER_FILES));
    assert_eq!(load(dir.path()), dataset);
}

#[test]
fn a_dataset_folder_is_replaced_and_its_other_files_kept() {
    let builtin = load_builtin().unwrap().dataset;
    let imported = load(Path::new(CSV_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    write(&builtin, &dir).unwrap();
    std::fs::write(dir.join("README.md"), "notes").unwrap();

    let written = write(&imported, &dir).unwrap();
    assert!(written.replaced);
    assert_eq!(load(&dir), imported);
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "notes"
    );
    let mut expected = FOLDER_FILES.to_vec();
    expected.push("README.md");
    assert_eq!(names(&dir), sorted(&expected));
    assert_eq!(names(parent.path()), ["data"], "no temporary folder left");
}

#[test]
fn a_folder_that_is_not_a_dataset_is_refused_untouched() {
    let dataset = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("photos");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("holiday.jpg"), "jpeg").unwrap();
    let before = snapshot(&dir);

    let error = write(&dataset, &dir).unwrap_err();
    assert!(matches!(error, WriteError::NotADatasetFolder { ref path, .. } if *path == dir));
    let message = error.to_string();
    assert!(
        message.contains(&dir.display().to_string())
            && message.contains("is not empty and is not a dataset folder"),
        "{message}"
    );
    assert_eq!(snapshot(&dir), before);
    assert_eq!(names(parent.path()), ["photos"]);
}

#[test]
fn a_file_or_a_missing_parent_is_refused() {
    let dataset = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let file = parent.path().join("dataset.ron");
    std::fs::write(&file, "x").unwrap();
    let error = write(&dataset, &file).unwrap_err();
    assert!(matches!(error, WriteError::NotAFolder { .. }), "{error}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");

    let nested = parent.path().join("no").join("such").join("folder");
    let error = write(&dataset, &nested).unwrap_err();
    assert!(
        matches!(error, WriteError::MissingParent { ref path } if *path == parent.path().join("no").join("such")),
        "{error}"
    );
    assert_eq!(names(parent.path()), ["dataset.ron"]);
}

#[test]
fn a_failed_replacement_leaves_the_old_dataset_whole() {
    let builtin = load_builtin().unwrap().dataset;
    let imported = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    write(&builtin, &dir).unwrap();
    // A folder where quotes.ron should go: renaming over it would fail after
    // events.ron was already replaced, so it is refused before anything moves.
    std::fs::remove_file(dir.join("quotes.ron")).unwrap();
    std::fs::create_dir(dir.join("quotes.ron")).unwrap();
    std::fs::write(dir.join("quotes.ron").join("keep"), "x").unwrap();
    let before = snapshot(&dir);

    let error = write(&imported, &dir).unwrap_err();
    assert!(matches!(error, WriteError::InTheWay { .. }), "{error}");
    assert_eq!(snapshot(&dir), before);
    assert_eq!(names(parent.path()), ["data"], "no temporary folder left");
}

// The binary.

fn path_arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn convert_writes_a_folder_that_checks() {
    let parent = tempfile::tempdir().unwrap();
    let out: PathBuf = parent.path().join("truce");
    let output = run(&["convert", JSON_SAMPLE, "--out", path_arg(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("wrote {} (a new dataset folder)\n", out.display())),
        "{text}"
    );
    for line in [
        "  dataset.ron       \"Syria: the truces of 2016\": 4 lanes, 2 eras, 2 sources",
        "  events.ron        6 events",
        "  quotes.ron        0 quotes",
        "  displacement.ron  0 series",
    ] {
        assert!(text.contains(line), "{line:?} missing in {text}");
    }
    // The input's warnings go to stderr, as when opening it.
    assert!(
        stderr(&output).contains("warning: the media of event"),
        "{}",
        stderr(&output)
    );
    assert_eq!(load(&out), load(Path::new(JSON_SAMPLE)));

    let check = run(&["check", path_arg(&out)]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // Converting again replaces the dataset.
    let again = run(&["convert", CSV_SAMPLE, "--out", path_arg(&out)]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).contains("(replaced the dataset files)"));
    assert_eq!(load(&out), load(Path::new(CSV_SAMPLE)));
}

#[test]
fn convert_reads_ron_folders_and_files() {
    for input in ["tests/data/minimal", "tests/data/minimal.ron"] {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("copy");
        let output = run(&["convert", input, "--out", path_arg(&out)]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{input}: {}",
            stderr(&output)
        );
        assert_eq!(load(&out), load(Path::new(input)), "{input}");
    }
}

#[test]
fn convert_of_a_broken_input_writes_nothing_and_exits_1() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let output = run(&[
        "convert",
        "tests/data/import/broken-dates.json",
        "--out",
        path_arg(&out),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.starts_with("tests/data/import/broken-dates.json:5:46: error: "),
        "{errors}"
    );
    assert!(
        errors.ends_with("error: the dataset did not load: 7 errors\n"),
        "{errors}"
    );
    assert!(stdout(&output).is_empty());
    assert!(names(parent.path()).is_empty());
}

#[test]
fn convert_refuses_a_folder_that_is_not_a_dataset() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("photos");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("holiday.jpg"), "jpeg").unwrap();
    let output = run(&["convert", CSV_SAMPLE, "--out", path_arg(&out)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is not empty and is not a dataset folder"),
        "{}",
        stderr(&output)
    );
    assert_eq!(names(&out), ["holiday.jpg"]);
    assert_eq!(names(parent.path()), ["photos"]);
}

#[test]
fn convert_refuses_to_overwrite_its_input() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    write(&load(Path::new(JSON_SAMPLE)), &dir).unwrap();
    std::fs::write(
        dir.join("events.ron"),
        "// hand-written comments\n".to_owned()
            + &std::fs::read_to_string(dir.join("events.ron")).unwrap(),
    )
    .unwrap();
    let before = snapshot(&dir);
    for input in [dir.clone(), dir.join("dataset.ron")] {
        let output = run(&["convert", path_arg(&input), "--out", path_arg(&dir)]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("is the dataset being converted"),
            "{}",
            stderr(&output)
        );
    }
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn convert_usage_errors_exit_2() {
    for args in [
        &["convert"][..],
        &["convert", JSON_SAMPLE],
        &["convert", "--out", "x"],
        &["convert", JSON_SAMPLE, CSV_SAMPLE, "--out", "x"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("Usage"), "{args:?}");
    }
}

#[test]
fn help_describes_convert() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("convert"), "{}", stdout(&output));
    let output = run(&["convert", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for needle in [
        "--out <DIR>",
        "TimelineJS",
        ".csv",
        "dataset.ron",
        "partial",
    ] {
        assert!(text.contains(needle), "{needle} missing in {text}");
    }
}

// Leftovers, limits and refusals.

#[test]
fn stale_leftovers_are_cleaned_and_do_not_make_a_folder_not_empty() {
    let dataset = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    // A staging folder of a killed write beside it, with its lock file...
    let staging = parent.path().join(".conflict-timeline-dead1.staging");
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("events.ron"), vec![b' '; 100_000]).unwrap();
    std::fs::write(
        parent.path().join(".conflict-timeline-dead1.lock"),
        "conflict-timeline\npid 1\ntarget data\n",
    )
    .unwrap();
    // ... one without, an image's temporary file, and inside the folder a
    // staging folder of an earlier version.
    std::fs::create_dir(parent.path().join(".conflict-timeline-dead2.staging")).unwrap();
    std::fs::write(dir.join(".conflict-timeline-dead3.tmp"), "half a png").unwrap();
    std::fs::create_dir(dir.join(".dataset.writing-x1")).unwrap();
    std::fs::write(dir.join(".dataset.writing-x1").join("quotes.ron"), "[").unwrap();

    let written = write(&dataset, &dir).unwrap();
    assert!(!written.replaced, "it was an empty folder");
    assert_eq!(names(parent.path()), ["data"]);
    assert_eq!(names(&dir), sorted(&FOLDER_FILES));
    assert_eq!(load(&dir), dataset);
}

#[test]
fn a_folder_that_is_not_a_dataset_is_refused_naming_what_is_in_it() {
    let dataset = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("photos");
    std::fs::create_dir(&dir).unwrap();
    for name in ["a.jpg", "b.jpg"] {
        std::fs::write(dir.join(name), "jpeg").unwrap();
    }
    let message = write(&dataset, &dir).unwrap_err().to_string();
    assert!(
        message.contains("(it has no dataset.ron, and has a.jpg and b.jpg)"),
        "{message}"
    );
    for name in ["c.jpg", "d.jpg", "e.jpg", "f.jpg"] {
        std::fs::write(dir.join(name), "jpeg").unwrap();
    }
    let message = write(&dataset, &dir).unwrap_err().to_string();
    assert!(
        message.contains("and has a.jpg, b.jpg, c.jpg, d.jpg and 2 more)"),
        "{message}"
    );
    assert_eq!(names(parent.path()), ["photos"]);
}

#[test]
fn a_live_write_blocks_and_is_named() {
    let dataset = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    // Another process writing the same folder: its lock file, locked.
    let lock_path = parent.path().join(".conflict-timeline-live.lock");
    std::fs::write(&lock_path, "conflict-timeline\npid 4242\ntarget data\n").unwrap();
    let lock = std::fs::File::open(&lock_path).unwrap();
    lock.lock().unwrap();
    let error = write(&dataset, &dir).unwrap_err();
    assert!(matches!(error, WriteError::Busy { .. }), "{error}");
    assert!(error.to_string().contains("(process 4242)"), "{error}");
    // A write into another folder beside it is not held up.
    write(&dataset, &parent.path().join("other")).unwrap();
    assert!(lock_path.exists(), "a live lock is not cleaned");
    drop(lock);
    // Once it is gone, the next write cleans up after it.
    write(&dataset, &dir).unwrap();
    assert_eq!(names(parent.path()), ["data", "other"]);

    // A temporary file being written inside an empty folder makes it not
    // empty, and is named as such.
    let busy = parent.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    let temp = busy.join(".conflict-timeline-live.tmp");
    std::fs::write(&temp, "").unwrap();
    let held = std::fs::File::open(&temp).unwrap();
    held.lock().unwrap();
    let message = write(&dataset, &busy).unwrap_err().to_string();
    assert!(
        message.contains(".conflict-timeline-live.tmp (being written by another run)"),
        "{message}"
    );
    drop(held);
    write(&dataset, &busy).unwrap();
}

#[test]
fn a_file_over_the_load_limit_is_refused_before_anything_moves() {
    let builtin = load_builtin().unwrap().dataset;
    let imported = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("data");
    write(&imported, &dir).unwrap();
    let before = snapshot(&dir);
    let files = conflict_timeline::load::to_folder_ron(&builtin).unwrap();
    let (largest, text) = files.iter().max_by_key(|(_, text)| text.len()).unwrap();
    let limit = text.len() as u64 - 1;
    let options = WriteOptions {
        max_file_bytes: limit,
        ..WriteOptions::default()
    };
    let error = write_folder(&builtin, &dir, &options).unwrap_err();
    assert!(
        matches!(&error, WriteError::FileTooLarge { path, bytes, limit: l }
            if *path == dir.join(largest) && *bytes == text.len() as u64 && *l == limit),
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.contains("would not open; nothing was changed"),
        "{message}"
    );
    assert_eq!(snapshot(&dir), before);
    assert_eq!(names(parent.path()), ["data"]);
}

#[cfg(unix)]
#[test]
fn a_link_to_a_dataset_folder_stays_a_link_to_the_new_dataset() {
    let builtin = load_builtin().unwrap().dataset;
    let imported = load(Path::new(JSON_SAMPLE));
    let parent = tempfile::tempdir().unwrap();
    let real = parent.path().join("real");
    write(&builtin, &real).unwrap();
    let link = parent.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write(&imported, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(load(&real), imported);
    assert_eq!(names(parent.path()), ["link", "real"]);
}

#[test]
fn convert_into_a_path_under_a_file_says_the_parent_is_a_file() {
    let parent = tempfile::tempdir().unwrap();
    let file = parent.path().join("notes.txt");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("data");
    let output = run(&["convert", JSON_SAMPLE, "--out", path_arg(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("{} is a file, not a folder", file.display())),
        "{}",
        stderr(&output)
    );
    assert_eq!(names(parent.path()), ["notes.txt"]);
}

#[test]
fn dates_of_every_form_are_written_in_iso_form_and_read_back_the_same() {
    let parent = tempfile::tempdir().unwrap();
    let input = parent.path().join("ages.ron");
    std::fs::write(
        &input,
        r#"Dataset(
    format: 1,
    title: "Ages",
    view: (start: "44 BCE", end: "2016-02-27T00:00"),
    lanes: [(id: "l", name: "L")],
    eras: [(id: "permian", title: "Permian", start: "-298900000", end: "-251902000")],
    sources: [(id: "s", title: "S")],
    events: [
        (id: "caesar", title: "Ides", start: "-0043-03-15", lane: "l", sources: ["s"]),
        (id: "bce", title: "BCE", start: "500 BC", end: "AD 30", lane: "l", sources: ["s"]),
        (id: "far", title: "Far", start: "+12000", lane: "l", sources: ["s"]),
        (id: "truce", title: "Truce", start: "2016-02-27T00:00+02:00", end: "2016-02-27T00:00:30+02:00", lane: "l", sources: ["s"]),
        (id: "talks", title: "Talks", start: "2016-03-14T10:00", lane: "l", sources: ["s"]),
    ],
    quotes: [(id: "q", speaker: "K", date: "2016-02-27T00:00Z", text: "x", events: ["truce"], source: "s")],
    displacement: [(id: "r", name: "R", unit: "people", points: [(date: "-0043", value: 1, source: "s")])],
)
"#,
    )
    .unwrap();
    let dataset = load(&input);
    let out = parent.path().join("out");
    write(&dataset, &out).unwrap();
    let written = std::fs::read_to_string(out.join("events.ron")).unwrap()
        + &std::fs::read_to_string(out.join("dataset.ron")).unwrap();
    for iso in [
        "\"-0043-03-15\"",
        "\"-0499\"",
        "\"0030\"",
        "\"+12000\"",
        "\"2016-02-27T00:00+02:00\"",
        "\"2016-02-27T00:00:30+02:00\"",
        "\"2016-03-14T10:00\"",
        "\"-298900000\"",
        "\"-0043\"",
    ] {
        assert!(written.contains(iso), "{iso} missing in {written}");
    }
    for historians in ["\"500 BC\"", "\"AD 30\"", "\"44 BCE\""] {
        assert!(!written.contains(historians), "{historians} in {written}");
    }
    assert_eq!(load(&out), dataset);
}
