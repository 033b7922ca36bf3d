//! The command line as users run it: output, messages and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{run, stderr, stdout, svg_texts};

#[test]
fn check_prints_the_builtin_summary() {
    let output = run(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("Syria 2011–2016: war, truce and the Geneva talks\n"),
        "{text}"
    );
    for label in [
        "lanes",
        "events",
        "quotes",
        "series",
        "sources",
        "span",
        "warnings  0",
    ] {
        assert!(text.contains(label), "{label} missing in {text}");
    }
    assert!(text.contains("15 March 2011 – "), "{text}");
    assert!(text.ends_with("ok: no errors\n"), "{text}");
}

#[test]
fn check_accepts_a_folder_and_a_single_file() {
    for path in [
        "tests/data/minimal",
        "tests/data/minimal.ron",
        "tests/data/minimal/dataset.ron",
    ] {
        let output = run(&["check", path]);
        assert_eq!(output.status.code(), Some(0), "{path}: {}", stderr(&output));
        assert!(stdout(&output).starts_with("Minimal example\n"), "{path}");
    }
}

#[test]
fn check_prints_errors_like_a_compiler_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text = include_str!("data/minimal.ron").replace("\"2016-02-11\"", "\"2016-02-30\"");
    std::fs::write(&path, text).unwrap();
    let output = run(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    let first = errors.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("{}:16:46:", path.display()))
            && first.contains(": error: invalid date \"2016-02-30\""),
        "{errors}"
    );
    assert!(
        errors.ends_with("error: the dataset did not load: 1 error\n"),
        "{errors}"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn check_of_a_missing_path_exits_1() {
    let output = run(&["check", "no/such/folder"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read no/such/folder: no such file or folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn opening_a_broken_dataset_reports_and_exits_1_without_a_window() {
    let output = run(&["no/such/folder"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no such file or folder"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--bogus"][..],
        &["check", "a", "b"],
        &["frobnicate", "x", "y"],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("Usage"), "{args:?}");
    }
}

#[test]
fn help_describes_the_commands() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("check") && text.contains("built-in"),
        "{text}"
    );
}

/// Runs the binary with `args` and extra environment variables; kills it and
/// fails if it has not finished within `seconds` (a blocked read must not
/// hang the test run).
fn run_within(args: &[&str], envs: &[(&str, &str)], seconds: u64) -> std::process::Output {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} did not finish in {seconds} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::process::Output {
        status,
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read(&err_path).unwrap(),
    }
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_as_the_dataset_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["pipe.ron", "pipe.json", "pipe.csv"] {
        let pipe = dir.path().join(name);
        mkfifo(&pipe);
        let pipe = pipe.to_str().unwrap();
        let out = dir.path().join("out");
        for args in [
            &["check", pipe][..],
            &["convert", pipe, "--out", out.to_str().unwrap()],
        ] {
            let output = run_within(args, &[], 20);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let errors = stderr(&output);
            assert!(
                errors.starts_with(&format!("{pipe}: error: not a regular file")),
                "{args:?}: {errors}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_inside_a_dataset_folder_is_refused_at_once() {
    let minimal = std::path::Path::new("tests/data/minimal");
    for name in [
        "dataset.ron",
        "events.ron",
        "quotes.ron",
        "displacement.ron",
    ] {
        let dir = tempfile::tempdir().unwrap();
        for file in [
            "dataset.ron",
            "events.ron",
            "quotes.ron",
            "displacement.ron",
        ] {
            if file != name && minimal.join(file).exists() {
                std::fs::copy(minimal.join(file), dir.path().join(file)).unwrap();
            }
        }
        let pipe = dir.path().join(name);
        mkfifo(&pipe);
        let output = run_within(&["check", dir.path().to_str().unwrap()], &[], 20);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let errors = stderr(&output);
        assert!(
            errors.starts_with(&format!("{}: error: not a regular file", pipe.display())),
            "{name}: {errors}"
        );
    }
}

/// A single-file dataset with `bad` events in a lane that does not exist and
/// `unused` sources nothing cites.
fn hostile_dataset(bad: usize, unused: usize) -> String {
    let mut text = String::from(
        "Dataset(format: 1, title: \"T\", lanes: [(id: \"war\", name: \"War\")], sources: [(id: \"s\", title: \"S\")",
    );
    for i in 0..unused {
        text.push_str(&format!(", (id: \"u{i}\", title: \"U\")"));
    }
    text.push_str("], events: [\n(id: \"ok\", title: \"A\", start: \"2016\", lane: \"war\", sources: [\"s\"]),\n");
    for i in 0..bad {
        text.push_str(&format!(
            "(id: \"e{i}\", title: \"E\", start: \"2016\", lane: \"nope\", sources: [\"s\"]),\n"
        ));
    }
    text.push_str("])\n");
    text
}

#[test]
fn check_prints_the_first_hundred_errors_and_how_many_more() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, hostile_dataset(5_000, 0)).unwrap();
    let path = path.to_str().unwrap();
    for args in [
        &["check", path][..],
        &[
            "convert",
            path,
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ],
    ] {
        let output = run_within(args, &[], 60);
        assert_eq!(output.status.code(), Some(1));
        let errors = stderr(&output);
        let lines: Vec<&str> = errors.lines().collect();
        assert_eq!(lines.len(), 102, "{args:?}: {errors}");
        assert!(lines[0].starts_with(&format!("{path}:3:")), "{}", lines[0]);
        assert!(
            lines[99].starts_with(&format!("{path}:102:")),
            "{}",
            lines[99]
        );
        assert_eq!(lines[100], "… and 4900 more errors");
        assert_eq!(lines[101], "error: the dataset did not load: 5000 errors");
    }
}

#[test]
fn check_prints_the_first_hundred_warnings_and_counts_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unused.ron");
    std::fs::write(&path, hostile_dataset(0, 250)).unwrap();
    let output = run_within(&["check", path.to_str().unwrap()], &[], 60);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.matches(": warning: ").count(), 100, "{text}");
    assert!(
        text.contains("\n… and 150 more warnings\nok: no errors\n"),
        "{text}"
    );
    assert!(text.contains("warnings  250\n"), "{text}");
}

#[test]
fn the_file_size_limit_is_raised_and_lowered_by_an_environment_variable() {
    let var = "CONFLICT_TIMELINE_MAX_FILE_BYTES";
    let path = "tests/data/minimal.ron";
    let output = run_within(&["check", path], &[(var, "100")], 20);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(errors.contains("over the limit of 100 bytes"), "{errors}");
    assert!(errors.contains(&format!("{var}=1G")), "{errors}");

    let output = run_within(&["check", path], &[(var, "1G")], 20);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // Set but empty, as `VAR= command` leaves it, is the default.
    let output = run_within(&["check", path], &[(var, "")], 20);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = run_within(&["check", path], &[(var, "lots")], 20);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.starts_with(&format!("{var}: error: \"lots\" is not a size in bytes")),
        "{errors}"
    );

    let help = stdout(&run(&["--help"]));
    assert!(help.contains(var), "{help}");
}

#[test]
fn check_counts_one_in_the_singular() {
    let output = run(&["check", "tests/data/minimal.ron"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for line in [
        "  events    2 (1 point, 1 range of which 0 ongoing)\n",
        "  quotes    1 by 1 speaker\n",
        "  series    1 with 2 points\n",
    ] {
        assert!(text.contains(line), "{line:?} missing in {text}");
    }
}

/// The bytes a terminal would obey: every control character but the newline.
fn raw_controls(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .filter(|&c| c != '\n' && (c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)))
        .map(|c| format!("{c:?}"))
        .collect()
}

#[test]
fn control_characters_from_a_dataset_are_printed_escaped() {
    const HOSTILE: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\0\u{9b}31m\u{202e}";
    let dir = tempfile::tempdir().unwrap();
    // In the title, a lane's name, and the file's own name (which cannot
    // hold a NUL).
    let path = dir
        .path()
        .join(format!("data{}.ron", HOSTILE.replace('\0', "")));
    let text = include_str!("data/minimal.ron")
        .replace("Minimal example", &format!("Minimal{HOSTILE}"))
        .replace("name: \"War\"", &format!("name: \"War{HOSTILE}\""));
    std::fs::write(&path, &text).unwrap();
    let output = run(&["check", path.to_str().unwrap()]);
    let printed = [output.stdout.as_slice(), output.stderr.as_slice()].concat();
    assert_eq!(raw_controls(&printed), Vec::<String>::new());
    // Whether the title is refused or shown, the file's name is printed.
    let printed = String::from_utf8_lossy(&printed);
    assert!(
        printed.contains("data\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}.ron"),
        "{printed}"
    );

    // In an error that quotes an id (escaped by us, or already by `{:?}`).
    let broken = text.replace("lane: \"war\"", &format!("lane: \"war{HOSTILE}\""));
    std::fs::write(&path, broken).unwrap();
    for args in [
        vec!["check", path.to_str().unwrap()],
        vec!["convert", path.to_str().unwrap(), "--out"],
    ] {
        let mut args = args;
        let out = dir.path().join("out");
        if args[0] == "convert" {
            args.push(out.to_str().unwrap());
        }
        let output = run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(raw_controls(&output.stdout), Vec::<String>::new());
        assert_eq!(raw_controls(&output.stderr), Vec::<String>::new());
        let errors = stderr(&output);
        assert!(
            errors.contains("war\\u{1b}]0;owned\\u{7}"),
            "{args:?}: {errors}"
        );
    }
}

#[test]
fn usage_errors_print_the_arguments_escaped() {
    // clap quotes the value; the C1 control and the bidi override in it
    // reached the terminal raw.
    let output = run(&["export", "--from", "2016\u{9b}2J\u{202e}", "--out", "x.png"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(raw_controls(&output.stderr), Vec::<String>::new());
    assert!(
        stderr(&output).contains("invalid value '2016\\u{9b}2J\\u{202e}'"),
        "{}",
        stderr(&output)
    );
}

/// A dataset without its own view: three events from 2000 to 2019 and
/// nothing else that has a date.
const NO_VIEW_DATASET: &str = r#"Dataset(
    format: 1,
    title: "Twenty years",
    lanes: [(id: "war", name: "War")],
    sources: [(id: "report", title: "A report")],
    events: [
        (id: "first", title: "The first event", start: "2000-03-01", lane: "war", sources: ["report"]),
        (id: "middle", title: "An event in the middle", start: "2010-06-15", lane: "war", sources: ["report"]),
        (id: "last", title: "The last event of the twenty years", start: "2019-10-01", lane: "war", sources: ["report"]),
    ],
)"#;

#[test]
fn export_of_the_whole_data_starts_at_its_first_event_not_a_margin_before() {
    let folder = tempfile::tempdir().unwrap();
    let dataset = folder.path().join("twenty.ron");
    std::fs::write(&dataset, NO_VIEW_DATASET).unwrap();
    let out = folder.path().join("whole.svg");
    let output = run(&[
        "export",
        dataset.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--width",
        "1920",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let texts = svg_texts(&std::fs::read_to_string(&out).unwrap());
    // The caption names the range shown: from a few days before the first
    // event (its marker's half and a few points, at about four days a
    // point), where a margin of 5 % of the span would be a year before it.
    let range = texts
        .iter()
        .find(|t| t.contains(" – ") && t.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("no range in the caption: {texts:?}"));
    let (from, to) = range.split_once(" – ").unwrap();
    let day = |text: &str| {
        chrono::NaiveDate::parse_from_str(text, "%d %b %Y")
            .unwrap_or_else(|e| panic!("{text:?} in {range:?}: {e}"))
    };
    let first = chrono::NaiveDate::from_ymd_opt(2000, 3, 1).unwrap();
    let before = (first - day(from)).num_days();
    assert!((1..=60).contains(&before), "{range}: {before} days before");
    // The same at the end: the range stops a few points (some weeks) after
    // the last event, and its label is drawn whole, left of its marker.
    let last = chrono::NaiveDate::from_ymd_opt(2019, 10, 1).unwrap();
    let after = (day(to) - last).num_days();
    assert!((1..=120).contains(&after), "{range}: {after} days after");
    assert!(
        texts
            .iter()
            .any(|t| t == "The last event of the twenty years"),
        "{texts:?}"
    );
}

#[test]
fn check_spans_deep_time_to_a_minute() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ages.ron");
    std::fs::write(
        &path,
        r#"Dataset(
    format: 1,
    title: "Ages",
    lanes: [(id: "l", name: "L")],
    sources: [(id: "s", title: "S")],
    events: [
        (id: "permian", title: "End-Permian extinction", start: "-251902000", lane: "l", sources: ["s"]),
        (id: "truce", title: "Truce", start: "2016-02-27T00:00+02:00", lane: "l", sources: ["s"]),
    ],
)
"#,
    )
    .unwrap();
    let output = run(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    // The first and last dates as written, in words.
    assert!(
        text.contains("  span      252 million years ago – 27 February 2016, 00:00 (UTC+2)\n"),
        "{text}"
    );
}

#[test]
fn timelinejs_cosmological_templates_export_with_an_axis_from_billions_of_years_to_hours() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["cosmo.json", "cosmo-mixed.json"] {
        let out = folder.path().join(format!("{name}.svg"));
        let path = format!("tests/data/import/timelinejs/{name}");
        let output = run(&["export", &path, "--out", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let texts = svg_texts(&std::fs::read_to_string(&out).unwrap());
        // The whole span: billions of years ago, counted in round numbers.
        assert!(
            texts.iter().any(|t| t == "billion years ago"),
            "{name}: {texts:?}"
        );
        assert!(
            texts.iter().any(|t| t == "10" || t == "12"),
            "{name}: {texts:?}"
        );
    }
    // Zoomed into the day of the Moon landing, the axis tells its hours.
    let out = folder.path().join("moon.svg");
    let output = run(&[
        "export",
        "tests/data/import/timelinejs/cosmo-mixed.json",
        "--from",
        "1969-07-20",
        "--to",
        "1969-07-20",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let texts = svg_texts(&std::fs::read_to_string(&out).unwrap());
    assert!(texts.iter().any(|t| t == "12:00"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t == "20 July 1969" || t == "20 Jul 1969"),
        "{texts:?}"
    );
}

#[test]
fn check_and_export_of_deep_time_to_minutes_say_the_dates_in_words() {
    let mixed = "tests/data/mixed-scales.ron";
    let output = run(&["check", mixed]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("  span      13.8 billion years ago – 27 February 2016, 00:07:30 (UTC+2)\n"),
        "{text}"
    );
    // The whole data, its margins beyond the age of the universe: the
    // caption says the range in years, never "day N".
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("whole.svg");
    let output = run(&["export", mixed, "--out", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let texts = svg_texts(&std::fs::read_to_string(&out).unwrap());
    let range = texts
        .iter()
        .find(|t| t.starts_with("13.8 billion years ago – "))
        .unwrap_or_else(|| panic!("no range in the caption: {texts:?}"));
    assert!(!range.contains("day"), "{range}");
    // Ten minutes of the night, to the minute.
    let output = run(&[
        "export",
        mixed,
        "--out",
        out.to_str().unwrap(),
        "--from",
        "2016-02-26T21:58",
        "--to",
        "2016-02-26T22:07",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let texts = svg_texts(&std::fs::read_to_string(&out).unwrap());
    assert!(
        texts
            .iter()
            .any(|t| t == "26 Feb 2016, 21:58 – 26 Feb 2016, 22:07"),
        "{texts:?}"
    );
}

#[test]
fn export_with_a_layer_draws_both_datasets_and_credits_each() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("layered.svg");
    let ged = "tests/data/import/ged/GEDEvent_v24_1.csv";
    let output = run(&[
        "export",
        "--layer",
        ged,
        "--from",
        "2016",
        "--to",
        "2016",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let texts = svg_texts(&std::fs::read_to_string(&out).unwrap());
    let caption = common::svg_text_squeezed(&out);
    // The headline names both datasets.
    let headline = texts
        .iter()
        .find(|t| t.contains("Syria 2011") && t.contains(" · "))
        .unwrap_or_else(|| panic!("no headline: {texts:?}"));
    // Each layer has its header, its title in it.
    for title in ["Syria 2011", "GEDEvent_v24_1"] {
        assert!(
            texts.iter().any(|t| t.starts_with(title)),
            "{title}: {texts:?}"
        );
    }
    assert!(headline.contains("GEDEvent_v24_1"), "{headline}");
    // The GED layer's own source is credited whatever is drawn, and the
    // built-in dataset's lanes and the GED file's lanes are both drawn.
    assert!(caption.contains("UCDP"), "{caption}");
    for lane in ["Diplomacy", "State-based conflict"] {
        assert!(texts.iter().any(|t| t.contains(lane)), "{lane}: {texts:?}");
    }

    // With the figures, the legend heads each dataset's series with its
    // title (the GED layer has none: only the first dataset's).
    let figures = folder.path().join("figures.svg");
    let output = run(&[
        "export",
        "--layer",
        "tests/data/minimal",
        "--figures",
        "--out",
        figures.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let texts = svg_texts(&std::fs::read_to_string(&figures).unwrap());
    assert_eq!(
        texts.iter().filter(|t| *t == "Minimal example").count(),
        2,
        "the layer's header and the heading of its series: {texts:?}"
    );

    // A lane is named as its layer writes it; an unknown one is refused
    // with the lanes of every layer listed once.
    let output = run(&[
        "export",
        "--layer",
        ged,
        "--lanes",
        "nowhere",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("diplomacy"), "{message}");
    assert!(
        !message.contains('\u{1f}'),
        "no layer mark shows: {message:?}"
    );

    // A layer that does not load fails the export, naming its file.
    let output = run(&[
        "export",
        "--layer",
        "tests/data/import/ged/missing-columns.csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("missing-columns.csv"),
        "{}",
        stderr(&output)
    );
}
