//! `generate`: synthetic datasets that are deterministic, load cleanly and
//! have the mix of a real timeline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, stderr, stdout};

use std::collections::{HashMap, HashSet};
use std::path::Path;

use conflict_timeline::generate::{
    self, GenerateError, GenerateOptions, MAX_EVENTS, Span, write_generated,
};
use conflict_timeline::load::{FOLDER_FILES, LoadOptions, WriteOptions, load_path};
use conflict_timeline::{Dataset, Date, Precision};

fn options(events: usize, lanes: usize, seed: u64) -> GenerateOptions {
    GenerateOptions {
        events,
        quotes: None,
        lanes,
        seed,
        span: Span::Decades,
    }
}

fn files(dir: &Path) -> Vec<Vec<u8>> {
    FOLDER_FILES
        .iter()
        .map(|name| std::fs::read(dir.join(name)).unwrap())
        .collect()
}

/// Generates, writes and loads back; returns what was generated.
fn generate_and_load(options: &GenerateOptions) -> (Dataset, conflict_timeline::Loaded) {
    let dataset = generate::generate(options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    write_generated(&dataset, &out, &WriteOptions::default()).unwrap();
    let loaded = load_path(&out, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{options:?} did not load: {error}"));
    (dataset, loaded)
}

#[test]
fn the_same_seed_gives_the_same_files_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    for (name, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
        let output = run(&[
            "generate",
            "--events",
            "3000",
            "--quotes",
            "40",
            "--seed",
            seed,
            "--out",
            &path(name),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let a = files(&dir.path().join("a"));
    assert_eq!(a, files(&dir.path().join("b")), "same seed, same files");
    let c = files(&dir.path().join("c"));
    for (index, name) in FOLDER_FILES.iter().enumerate() {
        // A generated dataset has no views: its views.ron is always `[]`.
        if *name != "views.ron" {
            assert_ne!(a[index], c[index], "{name} should differ with the seed");
        }
    }
    // The library agrees with itself too.
    assert_eq!(
        generate::generate(&options(500, 6, 9)).unwrap(),
        generate::generate(&options(500, 6, 9)).unwrap()
    );
}

#[test]
fn more_quotes_do_not_change_the_events() {
    let few = GenerateOptions {
        quotes: Some(5),
        ..options(2000, 6, 3)
    };
    let many = GenerateOptions {
        quotes: Some(500),
        ..few.clone()
    };
    let few = generate::generate(&few).unwrap();
    let many = generate::generate(&many).unwrap();
    assert_eq!(few.events, many.events);
    assert_eq!((few.quotes.len(), many.quotes.len()), (5, 500));
}

#[test]
fn output_loads_back_equal_without_errors_or_warnings() {
    for (events, lanes, seed) in [
        (1, 1, 1),
        (10, 1, 2),
        (10, 6, 3),
        (64, 64, 4),
        (5000, 6, 1),
        (5000, 13, 8),
        (20_000, 3, 2),
    ] {
        let options = options(events, lanes, seed);
        let (dataset, loaded) = generate_and_load(&options);
        assert!(
            loaded.warnings.is_empty(),
            "{options:?}: {:?}",
            loaded.warnings
        );
        assert_eq!(loaded.dataset, dataset, "{options:?} loads back equal");
        assert_eq!(dataset.events.len(), events);
        assert_eq!(dataset.lanes.len(), lanes);
        assert_eq!(dataset.quotes.len(), options.quote_count());
        assert_eq!(options.quote_count(), events / 100);
    }
}

#[test]
fn no_events_loads_with_only_empty_lane_warnings() {
    let (dataset, loaded) = generate_and_load(&options(0, 2, 1));
    assert!(dataset.events.is_empty() && dataset.quotes.is_empty());
    assert!(!dataset.displacement.is_empty());
    assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
    for warning in &loaded.warnings {
        assert!(warning.to_string().contains("lane"), "{warning}");
    }
}

#[test]
fn the_mix_is_realistic() {
    let options = GenerateOptions {
        quotes: Some(300),
        ..options(5000, 6, 1)
    };
    let (dataset, loaded) = generate_and_load(&options);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let events = &dataset.events;

    let points = events.iter().filter(|e| e.is_point()).count();
    let ongoing = events.iter().filter(|e| e.ongoing).count();
    let same_day = events
        .iter()
        .filter(|e| e.end == Some(e.start) && e.start.precision() == Precision::Day)
        .count();
    assert!((2000..4000).contains(&points), "{points} points of 5000");
    assert!(ongoing >= 50, "{ongoing} ongoing");
    assert!(same_day >= 100, "{same_day} ranges within a day");
    let lengths: Vec<f64> = events
        .iter()
        .filter_map(|e| e.end.map(|end| end.end_instant() - e.start.start_instant()))
        .collect();
    for (low, high, what) in [
        (2.0, 14.0, "days"),
        (14.0, 70.0, "weeks"),
        (60.0, 365.0, "months"),
        (366.0, 4000.0, "years"),
    ] {
        let count = lengths.iter().filter(|l| (low..high).contains(*l)).count();
        assert!(count >= 50, "{count} ranges lasting {what}");
    }

    let mut precisions = HashMap::new();
    for event in events {
        *precisions.entry(event.start.precision()).or_insert(0) += 1;
    }
    let day = precisions[&Precision::Day];
    assert!(day > 4000, "mostly day precision: {precisions:?}");
    assert!(precisions[&Precision::Month] >= 100, "{precisions:?}");
    assert!(precisions[&Precision::Year] >= 20, "{precisions:?}");

    let mut importances = [0usize; 6];
    for event in events {
        importances[usize::from(event.importance)] += 1;
    }
    assert_eq!(importances[0], 0);
    assert!(importances[1..].iter().all(|&n| n > 0), "{importances:?}");
    assert!(
        importances[1] > importances[4] && importances[4] > importances[5],
        "few important events: {importances:?}"
    );

    // Bursts: the busiest week holds far more than an average week.
    let mut by_week: HashMap<i64, usize> = HashMap::new();
    for event in events
        .iter()
        .filter(|e| e.start.precision() == Precision::Day)
    {
        *by_week
            .entry((event.start.start_instant() / 7.0).floor() as i64)
            .or_default() += 1;
    }
    let weeks = (21.0 * 365.25 / 7.0) as usize;
    let busiest = by_week.values().max().copied().unwrap_or(0);
    assert!(busiest > 8 * day / weeks, "busiest week {busiest}");

    let titles: Vec<usize> = events.iter().map(|e| e.title.chars().count()).collect();
    assert!(titles.iter().any(|&n| n < 16), "short titles");
    assert!(titles.iter().any(|&n| n > 70), "long titles");
    assert!(titles.iter().all(|&n| (4..=90).contains(&n)));
    let distinct: HashSet<&str> = events.iter().map(|e| e.title.as_str()).collect();
    assert!(distinct.len() > 2000, "{} distinct titles", distinct.len());
    let summaries = events.iter().filter(|e| e.summary.is_some()).count();
    let tagged = events.iter().filter(|e| !e.tags.is_empty()).count();
    assert!((500..4500).contains(&summaries), "{summaries} summaries");
    assert!((500..4500).contains(&tagged), "{tagged} tagged");
    assert!(events.iter().any(|e| e.approximate));
    assert!(events.iter().all(|e| !e.sources.is_empty()));
    assert!(events.iter().any(|e| e.sources.len() > 1));
    assert!(
        events.windows(2).all(|w| w[0].start <= w[1].start),
        "in date order"
    );

    let ids: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(dataset.quotes.len(), 300);
    for quote in &dataset.quotes {
        assert!(!quote.events.is_empty());
        assert!(quote.events.iter().all(|id| ids.contains(id.as_str())));
        assert!(!quote.speaker.is_empty() && !quote.text.is_empty());
        assert!(dataset.source(&quote.source).is_some());
    }
    assert!(dataset.quotes.iter().any(|q| q.role.is_some()));
    assert!(dataset.quotes.iter().any(|q| q.events.len() > 1));

    assert!(dataset.displacement.len() >= 2);
    for series in &dataset.displacement {
        assert_eq!(series.points.len(), 21 * 12, "monthly for 21 years");
        assert!(
            series
                .points
                .iter()
                .all(|p| p.date.precision() == Precision::Month)
        );
    }
    assert!((3..=6).contains(&dataset.eras.len()));
    assert!(dataset.eras.last().unwrap().is_ongoing());
    assert!(dataset.lanes.iter().all(|lane| lane.color.is_some()));
}

#[test]
fn many_lanes_get_distinct_colours() {
    let dataset = generate::generate(&options(100, 64, 1)).unwrap();
    let colours: HashSet<&str> = dataset
        .lanes
        .iter()
        .filter_map(|lane| lane.color.as_deref())
        .collect();
    assert_eq!(colours.len(), 64);
    let ids: HashSet<&str> = dataset.lanes.iter().map(|lane| lane.id.as_str()).collect();
    assert_eq!(ids.len(), 64);
}

#[test]
fn options_are_checked() {
    let bad = |options: GenerateOptions| generate::generate(&options).unwrap_err();
    assert_eq!(bad(options(10, 0, 1)), GenerateError::Lanes(0));
    assert_eq!(bad(options(10, 65, 1)), GenerateError::Lanes(65));
    assert_eq!(
        bad(options(MAX_EVENTS + 1, 6, 1)),
        GenerateError::TooManyEvents(MAX_EVENTS + 1)
    );
    let quotes_alone = GenerateOptions {
        quotes: Some(3),
        ..options(0, 6, 1)
    };
    assert_eq!(bad(quotes_alone), GenerateError::QuotesWithoutEvents(3));
    assert_eq!(options(2_000_000, 6, 1).quote_count(), 10_000, "capped");
}

#[test]
fn the_cli_writes_and_summarises_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    let out_text = out.to_str().unwrap();
    for round in 0..2 {
        // The second round replaces the dataset folder written by the first.
        let output = run(&[
            "generate", "--events", "250", "--lanes", "4", "--out", out_text,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert_eq!(text.lines().count(), 1, "round {round}: {text}");
        assert!(
            text.starts_with(&format!("wrote {out_text}: 250 events, 2 quotes, 4 lanes")),
            "{text}"
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "dataset.ron",
            "displacement.ron",
            "events.ron",
            "quotes.ron",
            "views.ron"
        ],
        "nothing left over from staging"
    );
    let check = run(&["check", out_text]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stdout(&check).contains("warnings  0"), "{}", stdout(&check));
}

#[test]
fn cli_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let busy = dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("notes.txt"), "x").unwrap();
    let too_many = (MAX_EVENTS + 1).to_string();
    for (args, message) in [
        (&["generate", "--out", out][..], "--events"),
        (&["generate", "--events", "10"], "--out"),
        (&["generate", "--events", "-1", "--out", out], "-1"),
        (&["generate", "--events", "ten", "--out", out], "ten"),
        (
            &["generate", "--events", &too_many, "--out", out],
            "too many events",
        ),
        (
            &["generate", "--events", "10", "--lanes", "0", "--out", out],
            "lanes",
        ),
        (
            &["generate", "--events", "10", "--lanes", "65", "--out", out],
            "lanes",
        ),
        (
            &["generate", "--events", "0", "--quotes", "5", "--out", out],
            "need events",
        ),
        (
            &[
                "generate", "--events", "10", "--quotes", "3000000", "--out", out,
            ],
            "too many quotes",
        ),
        (
            &[
                "generate",
                "--events",
                "10",
                "--out",
                file.to_str().unwrap(),
            ],
            "is a file",
        ),
        (
            &[
                "generate",
                "--events",
                "10",
                "--out",
                busy.to_str().unwrap(),
            ],
            "not empty",
        ),
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
    assert!(!Path::new(out).exists(), "nothing written");
}

#[test]
fn cli_io_errors_exit_1_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no").join("such").join("out");
    let output = run(&["generate", "--events", "10", "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let parent = dir.path().join("no").join("such");
    assert!(
        stderr(&output).contains(&parent.display().to_string()),
        "{}",
        stderr(&output)
    );
}

/// Large files are split and read on every core; a broken item anywhere must
/// still be reported at its exact line and column, and the others kept.
#[test]
fn errors_in_a_large_file_keep_their_exact_places() {
    let dataset = generate::generate(&options(30_000, 4, 5)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data");
    write_generated(&dataset, &out, &WriteOptions::default()).unwrap();
    let events_path = out.join("events.ron");
    let text = std::fs::read_to_string(&events_path).unwrap();
    assert!(text.len() > 4 << 20, "big enough to be read in parallel");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut expected = Vec::new();
    for broken in [6, 14_999, 29_000] {
        let line = lines
            .iter()
            .position(|line| line.contains(&format!("(id: \"ev-{broken}\",")))
            .unwrap();
        let quote = lines[line].find("start: \"").unwrap() + "start: ".len();
        lines[line].insert(quote + 1, 'x');
        let column = lines[line][..quote].chars().count() + 1;
        expected.push((line + 1, column));
    }
    std::fs::write(&events_path, lines.join("\n")).unwrap();

    let error = load_path(&out, &LoadOptions::default()).unwrap_err();
    let found: Vec<(usize, usize)> = error
        .errors()
        .map(|diagnostic| {
            assert!(
                diagnostic.to_string().contains("events.ron:"),
                "{diagnostic}"
            );
            let position = diagnostic.place.position.unwrap();
            (position.line, position.column)
        })
        .collect();
    assert_eq!(found, expected, "{error:?}");
}

/// A file the loader would refuse is refused when written: the folder it
/// would replace stays whole, and nothing of the write is left.
#[test]
fn output_over_the_load_limit_is_refused_and_nothing_changes() {
    let small = generate::generate(&options(50, 3, 1)).unwrap();
    let big = generate::generate(&options(3000, 3, 1)).unwrap();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("data");
    write_generated(&small, &out, &WriteOptions::default()).unwrap();
    let before = files(&out);
    // What the big events file would be, written where nothing limits it.
    let free = parent.path().join("free");
    write_generated(&big, &free, &WriteOptions::default()).unwrap();
    let events_bytes = std::fs::metadata(free.join("events.ron")).unwrap().len();
    std::fs::remove_dir_all(&free).unwrap();

    let limit = events_bytes / 2;
    let options = WriteOptions {
        max_file_bytes: limit,
        ..WriteOptions::default()
    };
    let error = write_generated(&big, &out, &options).unwrap_err();
    match &error {
        conflict_timeline::load::WriteError::FileTooLarge {
            path,
            bytes,
            limit: l,
        } => {
            assert_eq!(path, &out.join("events.ron"));
            assert_eq!(*bytes, events_bytes, "the size it would have had");
            assert_eq!(*l, limit);
        }
        other => panic!("{other}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("events.ron") && message.contains(&format!("({events_bytes} bytes)")),
        "{message}"
    );
    assert_eq!(files(&out), before, "the old dataset is untouched");
    let names: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["data"], "nothing of the write is left");
    // Under the limit it writes.
    let options = WriteOptions {
        max_file_bytes: events_bytes,
        ..WriteOptions::default()
    };
    write_generated(&big, &out, &options).unwrap();
    assert_eq!(
        load_path(&out, &LoadOptions::default()).unwrap().dataset,
        big
    );
}

#[test]
fn one_event_is_counted_in_the_singular() {
    let options = conflict_timeline::generate::GenerateOptions {
        events: 1,
        ..Default::default()
    };
    let dataset = conflict_timeline::generate::generate(&options).unwrap();
    assert!(
        dataset
            .title
            .starts_with("Synthetic timeline: 1 event, seed"),
        "{}",
        dataset.title
    );
}

#[test]
fn counts_far_over_the_load_limit_are_refused_before_anything_is_made() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("big");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args([
            "generate",
            "--events",
            "20000000",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.starts_with("error: 20000000 events would make events.ron about "),
        "{errors}"
    );
    assert!(
        errors.contains("CONFLICT_TIMELINE_MAX_FILE_BYTES"),
        "{errors}"
    );
    // Nothing was made, not even a staging folder beside the target.
    assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none());
}

/// FNV-1a, 64 bits: a hash of file contents that never changes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn the_default_span_makes_the_same_files_as_before_spans() {
    // The hashes of the four files as written before `--span` existed; a
    // deliberate change of how datasets are written changes them too (the
    // comment atop dataset.ron did when views.ron came, which is not
    // hashed: a generated dataset's is always `[]`).
    let before: [(GenerateOptions, [u64; 4]); 2] = [
        (
            GenerateOptions {
                quotes: Some(40),
                ..options(3000, 6, 5)
            },
            [
                0xd363_af9e_e69d_6400,
                0x72df_5daa_1ba5_581f,
                0x08a7_b746_6d38_dee9,
                0x798f_6e93_a328_f5c0,
            ],
        ),
        (
            options(20_000, 3, 2),
            [
                0x7223_7255_c87c_5f8b,
                0xe828_62e2_6e5e_bcd1,
                0x5f29_c2bb_43a9_fbd3,
                0x4c49_3991_8ad5_b8ae,
            ],
        ),
    ];
    for (options, hashes) in before {
        assert_eq!(options.span, Span::default());
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("data");
        write_generated(
            &generate::generate(&options).unwrap(),
            &out,
            &WriteOptions::default(),
        )
        .unwrap();
        let found: Vec<u64> = files(&out)
            .iter()
            .take(4)
            .map(|bytes| fnv1a(bytes))
            .collect();
        assert_eq!(found, hashes, "{options:?}");
    }
    // `--span decades` is the default.
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    for (name, span) in [("plain", None), ("decades", Some("decades"))] {
        let mut args = vec!["generate", "--events", "500", "--seed", "3"];
        args.extend(span.iter().flat_map(|span| ["--span", *span]));
        let out = path(name);
        args.extend(["--out", &out]);
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    assert_eq!(
        files(&dir.path().join("plain")),
        files(&dir.path().join("decades"))
    );
}

/// Every instant a dataset mentions: events' starts and ends, eras, quotes
/// and figures, each as (start, end) in days since 1970.
fn instants(dataset: &Dataset) -> Vec<(f64, f64)> {
    let range = |start: &Date, end: Option<&Date>| {
        (start.start_instant(), end.unwrap_or(start).end_instant())
    };
    let events = dataset
        .events
        .iter()
        .map(|e| range(&e.start, e.end.as_ref()));
    let eras = dataset.eras.iter().map(|e| range(&e.start, e.end.as_ref()));
    let quotes = dataset.quotes.iter().map(|q| range(&q.date, None));
    let points = dataset
        .displacement
        .iter()
        .flat_map(|s| &s.points)
        .map(|p| range(&p.date, None));
    events.chain(eras).chain(quotes).chain(points).collect()
}

fn span_options(span: Span, events: usize, seed: u64) -> GenerateOptions {
    GenerateOptions {
        span,
        ..options(events, 6, seed)
    }
}

#[test]
fn every_span_loads_cleanly_and_covers_what_it_says() {
    let year = |y: i64| Date::year(y).unwrap();
    let day = Date::day(2016, 2, 27).unwrap();
    for (span, first, last) in [
        (Span::Decades, year(2000), year(2020)),
        (Span::Cosmic, year(-13_800_000_000), year(2020)),
        (Span::Day, day, day),
    ] {
        assert_eq!(span.bounds(), (first, last), "{span}");
        for (events, seed) in [(7, 1), (20_000, 4)] {
            let options = span_options(span, events, seed);
            let (dataset, loaded) = generate_and_load(&options);
            assert!(
                loaded.warnings.is_empty(),
                "{options:?}: {:?}",
                loaded.warnings
            );
            assert_eq!(loaded.dataset, dataset, "{options:?} loads back equal");
            assert_eq!(dataset.events.len(), events);
            let view = dataset.view.unwrap();
            assert_eq!((view.start, view.end), (first, last), "{span}");
            // Eras one after another (the default span's may overlap by a
            // month), the last still going.
            let eras = if span == Span::Decades {
                &[][..]
            } else {
                &dataset.eras[..]
            };
            for pair in eras.windows(2) {
                let end = pair[0].end.unwrap();
                assert!(
                    end.end_instant() <= pair[1].start.start_instant(),
                    "{span}: {:?} and {:?}",
                    pair[0],
                    pair[1]
                );
            }
            assert!(dataset.eras.last().unwrap().is_ongoing(), "{span}");
            let (low, high) = (first.start_instant(), last.end_instant());
            for (start, end) in instants(&dataset) {
                assert!(
                    low <= start && start <= end && end <= high,
                    "{span}: {start}..{end} outside {low}..{high}"
                );
            }
            if events < 1000 {
                continue;
            }
            // The events reach both ends of the span: within a thousandth
            // of it (a few hours for a day, 14 million years for the cosmos).
            let margin = (high - low) / 1000.0;
            let earliest = dataset.events[0].start.start_instant();
            let latest = dataset
                .events
                .iter()
                .map(|e| e.end.unwrap_or(e.start).end_instant())
                .fold(f64::MIN, f64::max);
            assert!(earliest - low < margin, "{span}: first event at {earliest}");
            assert!(
                high - latest < margin,
                "{span}: last event ends at {latest}"
            );
        }
    }
}

#[test]
fn every_span_is_deterministic_for_a_seed() {
    for span in Span::ALL {
        let made = |seed| generate::generate(&span_options(span, 3000, seed)).unwrap();
        let first = made(11);
        assert_eq!(first, made(11), "{span}");
        let other = made(12);
        assert_ne!(first.events, other.events, "{span}: the seed matters");
        assert_ne!(first.eras, other.eras, "{span}: the seed matters");
    }
}

/// Events whose start lies in `[low, high)` years (astronomical numbering).
fn in_years(dataset: &Dataset, low: i64, high: i64) -> Vec<&conflict_timeline::model::Event> {
    let (low, high) = (
        Date::year(low).unwrap().start_instant(),
        Date::year(high).unwrap().start_instant(),
    );
    dataset
        .events
        .iter()
        .filter(|e| (low..high).contains(&e.start.start_instant()))
        .collect()
}

fn length_days(event: &conflict_timeline::model::Event) -> Option<f64> {
    event
        .end
        .map(|end| end.end_instant() - event.start.start_instant())
}

#[test]
fn the_cosmic_span_has_events_at_every_scale() {
    const YEAR: f64 = 365.2425;
    let options = GenerateOptions {
        quotes: Some(2000),
        ..span_options(Span::Cosmic, 50_000, 2)
    };
    let dataset = generate::generate(&options).unwrap();
    let count = |events: &[&conflict_timeline::model::Event], precision| {
        events
            .iter()
            .filter(|e| e.start.precision() == precision)
            .count()
    };
    let longest = |events: &[&conflict_timeline::model::Event]| {
        events
            .iter()
            .filter_map(|e| length_days(e))
            .fold(0.0, f64::max)
    };
    // Billions of years: years spread over the whole first 13 billion,
    // ranges of hundreds of millions of years.
    let aeons = in_years(&dataset, -13_800_000_000, -300_000_000);
    assert!(aeons.len() > 2000, "{} events in the aeons", aeons.len());
    assert_eq!(count(&aeons, Precision::Year), aeons.len());
    assert!(longest(&aeons) > 300e6 * YEAR);
    let early = in_years(&dataset, -13_800_000_000, -7_000_000_000).len();
    assert!(early * 3 > aeons.len(), "spread: {early} in the first half");
    // Millions of years: clusters around a few moments.
    let ages = in_years(&dataset, -300_000_000, -300_000);
    assert!(ages.len() > 4000, "{} events in the ages", ages.len());
    assert!(longest(&ages) > 2e6 * YEAR);
    let dinosaurs = in_years(&dataset, -68_000_000, -64_000_000).len();
    assert!(
        dinosaurs * 10 > ages.len(),
        "a cluster: {dinosaurs} of {} within 2 million years of 66 Ma",
        ages.len()
    );
    // Thousands of years.
    let ka = in_years(&dataset, -300_000, -5_000);
    assert!(ka.len() > 3000, "{} events in the ka", ka.len());
    assert!(longest(&ka) > 1000.0 * YEAR);
    // A historical stretch at every calendar precision, around 44 BCE.
    let bce = in_years(&dataset, -200, 1);
    for precision in [Precision::Year, Precision::Month, Precision::Day] {
        assert!(count(&bce, precision) > 50, "{precision:?} BCE");
    }
    let ides = Date::day(-43, 3, 15).unwrap().start_instant();
    let near_ides = bce
        .iter()
        .filter(|e| (e.start.start_instant() - ides).abs() < 30.0)
        .count();
    assert!(
        near_ides > 200,
        "{near_ides} events around the Ides of March"
    );
    // The modern stretch, mostly days.
    let modern = in_years(&dataset, 2000, 2021);
    assert!(
        count(&modern, Precision::Day) > 15_000,
        "{} modern events",
        modern.len()
    );
    // One day in minutes and seconds, some with offsets, ranges of
    // minutes and of hours.
    let times: Vec<_> = dataset
        .events
        .iter()
        .filter(|e| e.start.precision() >= Precision::Minute)
        .collect();
    assert!(count(&times, Precision::Minute) > 1000);
    assert!(count(&times, Precision::Second) > 1000);
    assert!(
        times
            .iter()
            .filter(|e| e.start.to_string().contains("(UTC"))
            .count()
            > 500,
        "times with offsets"
    );
    let lengths: Vec<f64> = times.iter().filter_map(|e| length_days(e)).collect();
    let minutes = lengths.iter().filter(|&&l| l * 24.0 < 1.0).count();
    let hours = lengths.iter().filter(|&&l| l * 24.0 >= 2.0).count();
    assert!(minutes > 300 && hours > 300, "{minutes} and {hours}");
    // Quotes and figures follow the scales.
    assert!(dataset.quotes.iter().any(|q| q.date.start_instant() < ides));
    assert!(
        dataset
            .quotes
            .iter()
            .any(|q| q.date.precision() == Precision::Minute)
    );
    assert!(!dataset.displacement.is_empty());
    for series in &dataset.displacement {
        assert_eq!(series.points.len(), 21 * 12, "monthly over 2000-2020");
    }
}

#[test]
fn the_day_span_is_one_day_in_minutes_and_seconds() {
    let (dataset, loaded) = generate_and_load(&span_options(Span::Day, 5000, 3));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let events = &dataset.events;
    let count = |precision| {
        events
            .iter()
            .filter(|e| e.start.precision() == precision)
            .count()
    };
    assert!(count(Precision::Minute) > 2000, "minutes");
    assert!(count(Precision::Second) > 1000, "seconds");
    assert_eq!(count(Precision::Minute) + count(Precision::Second), 5000);
    let offsets = events
        .iter()
        .filter(|e| e.start.to_string().contains("(UTC"))
        .count();
    assert!((500..2500).contains(&offsets), "{offsets} with offsets");
    let lengths: Vec<f64> = events.iter().filter_map(length_days).collect();
    let minutes = lengths.iter().filter(|&&l| l * 24.0 * 60.0 < 20.0).count();
    let hours = lengths.iter().filter(|&&l| l * 24.0 >= 4.0).count();
    assert!(minutes > 300 && hours > 300, "{minutes} and {hours}");
    assert!(events.iter().any(|e| e.ongoing));
    assert!(dataset.displacement.is_empty(), "no figure series");
    assert!(
        dataset
            .sources
            .iter()
            .all(|s| !s.id.starts_with("figures-"))
    );
    assert!(
        dataset
            .eras
            .iter()
            .all(|e| e.start.precision() == Precision::Minute)
    );
    assert!(dataset.eras.last().unwrap().is_ongoing());
}

#[test]
fn the_cli_takes_a_span() {
    let dir = tempfile::tempdir().unwrap();
    for span in ["cosmic", "day"] {
        let out = dir.path().join(span);
        let out = out.to_str().unwrap();
        let output = run(&["generate", "--events", "3000", "--span", span, "--out", out]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let check = run(&["check", out]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        assert!(stdout(&check).contains("warnings  0"), "{}", stdout(&check));
        let dataset = std::fs::read_to_string(dir.path().join(span).join("dataset.ron")).unwrap();
        assert!(dataset.contains(&format!("--span {span}")), "{dataset}");
    }
    let out = dir.path().join("bad");
    let output = run(&[
        "generate",
        "--events",
        "10",
        "--span",
        "week",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cosmic"), "{}", stderr(&output));
    let help = stdout(&run(&["generate", "--help"]));
    for word in [
        "--span",
        "decades",
        "cosmic",
        "day",
        "13.8 billion",
        "No figure series",
    ] {
        assert!(help.contains(word), "{word} in {help}");
    }
}
