//! Round trips of random dates across the whole range and every precision:
//! deep-time years, years before the common era in ISO and in the
//! historian's form, months, days, times to the minute and the second with
//! and without offsets, in events, eras, quotes, figures, sources and the
//! view. What
//! Save as and `convert` write is in ISO form, and loads back as the same
//! dataset.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use proptest::prelude::*;

use conflict_timeline::cli::{ConvertArgs, ImportArgs, convert};
use conflict_timeline::load::{
    LoadOptions, WriteOptions, load_path, load_ron_str, to_single_file_ron, write_folder,
};
use conflict_timeline::model::{CALENDAR_YEARS, MAX_YEARS};
use conflict_timeline::{Dataset, Date};

/// A date as a dataset may write it, and its ISO form.
#[derive(Clone, Debug)]
struct Written {
    input: String,
    iso: String,
}

impl Written {
    fn date(&self) -> Date {
        Date::parse(&self.iso).unwrap_or_else(|e| panic!("{}: {e}", self.iso))
    }
}

/// A year's ISO form: four digits in 0000–9999, else signed.
fn iso_year(year: i64) -> String {
    if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        let sign = if year < 0 { '-' } else { '+' };
        format!("{sign}{:04}", year.unsigned_abs())
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A year near 1 CE, in deep time, or anywhere up to ±13.8 billion; the
/// historian's form for some years around the common era's start.
fn year_date() -> impl Strategy<Value = Written> {
    let year = prop_oneof![
        -3000i64..=3000,
        -MAX_YEARS..=MAX_YEARS,
        Just(-MAX_YEARS),
        Just(MAX_YEARS),
        -300_000_000i64..=-1_000_000,
        9990i64..=12_000,
    ];
    (year, 0u8..4).prop_map(|(year, form)| {
        let iso = iso_year(year);
        // 13,800,000,001 BCE is beyond the age of the universe.
        let form = if year == -MAX_YEARS { 4 } else { form };
        let input = match form {
            0 if year <= 0 => format!("{} BCE", 1 - year),
            1 if year <= 0 => format!("{} BC", 1 - year),
            0 if year >= 1 => format!("AD {year}"),
            1 if year >= 1 => format!("{year} CE"),
            _ => iso.clone(),
        };
        Written { input, iso }
    })
}

/// A calendar year: one with months and days.
fn calendar_year() -> impl Strategy<Value = i64> {
    prop_oneof![
        -2000i64..=2100,
        *CALENDAR_YEARS.start()..=*CALENDAR_YEARS.end(),
    ]
}

fn month_date() -> impl Strategy<Value = Written> {
    (calendar_year(), 1u32..=12).prop_map(|(year, month)| {
        let iso = format!("{}-{month:02}", iso_year(year));
        Written {
            input: iso.clone(),
            iso,
        }
    })
}

fn day_date() -> impl Strategy<Value = (i64, u32, u32)> {
    (calendar_year(), 1u32..=12, 1u32..=31)
        .prop_map(|(year, month, day)| (year, month, day.min(days_in_month(year, month))))
}

/// A time to the minute or the second, without an offset, in UTC ("Z" or
/// "+00:00") or at an offset up to ±14:00.
fn time_date() -> impl Strategy<Value = Written> {
    let offset = prop_oneof![
        Just(None),
        Just(Some(0)),
        (-14 * 60..=14 * 60i32).prop_map(Some),
        (-14..=14i32).prop_map(|hours| Some(hours * 60)),
    ];
    (
        day_date(),
        0u32..24,
        0u32..60,
        prop::option::of(0u32..60),
        offset,
        any::<bool>(),
    )
        .prop_map(|((year, month, day), hour, minute, second, offset, z)| {
            let mut clock = format!(
                "{}-{month:02}-{day:02}T{hour:02}:{minute:02}",
                iso_year(year)
            );
            if let Some(second) = second {
                clock.push_str(&format!(":{second:02}"));
            }
            let (input, iso) = match offset {
                None => (String::new(), String::new()),
                Some(0) => ((if z { "Z" } else { "+00:00" }).to_owned(), "Z".to_owned()),
                Some(minutes) => {
                    let sign = if minutes < 0 { '-' } else { '+' };
                    let text = format!(
                        "{sign}{:02}:{:02}",
                        minutes.unsigned_abs() / 60,
                        minutes.unsigned_abs() % 60
                    );
                    (text.clone(), text)
                }
            };
            Written {
                input: format!("{clock}{input}"),
                iso: format!("{clock}{iso}"),
            }
        })
}

/// A date of any precision, anywhere it may be.
fn any_date() -> impl Strategy<Value = Written> {
    prop_oneof![
        year_date(),
        month_date(),
        day_date().prop_map(|(year, month, day)| {
            let iso = format!("{}-{month:02}-{day:02}", iso_year(year));
            Written {
                input: iso.clone(),
                iso,
            }
        }),
        time_date(),
    ]
}

/// Two dates, the earlier first: a start and an end.
fn ordered(a: Written, b: Written) -> (Written, Written) {
    if b.date() < a.date() { (b, a) } else { (a, b) }
}

/// The dataset's text with these dates, and the ISO forms it must be
/// written with.
fn dataset_text(
    events: &[(Written, Option<Written>)],
    eras: &[(Written, Option<Written>)],
    quotes: &[Written],
    points: &[Written],
    view: &Option<(Written, Written)>,
    source: &Option<Written>,
) -> (String, Vec<String>) {
    let mut isos = Vec::new();
    let mut iso = |written: &Written| {
        isos.push(written.iso.clone());
        written.input.clone()
    };
    let mut text = String::from("Dataset(\n    format: 1,\n    title: \"Dates\",\n");
    if let Some((start, end)) = view {
        text.push_str(&format!(
            "    view: (start: {:?}, end: {:?}),\n",
            iso(start),
            iso(end)
        ));
    }
    text.push_str("    lanes: [(id: \"l\", name: \"L\")],\n    eras: [\n");
    for (i, (start, end)) in eras.iter().enumerate() {
        let end = end
            .as_ref()
            .map_or_else(String::new, |end| format!(", end: {:?}", iso(end)));
        text.push_str(&format!(
            "        (id: \"era-{i}\", title: \"Era {i}\", start: {:?}{end}),\n",
            iso(start)
        ));
    }
    let source = source
        .as_ref()
        .map_or_else(String::new, |date| format!(", date: {:?}", iso(date)));
    text.push_str(&format!(
        "    ],\n    sources: [(id: \"s\", title: \"S\"{source})],\n    events: [\n"
    ));
    for (i, (start, end)) in events.iter().enumerate() {
        let end = end
            .as_ref()
            .map_or_else(String::new, |end| format!(", end: {:?}", iso(end)));
        text.push_str(&format!(
            "        (id: \"e-{i}\", title: \"Event {i}\", start: {:?}{end}, lane: \"l\", sources: [\"s\"]),\n",
            iso(start)
        ));
    }
    text.push_str("    ],\n    quotes: [\n");
    for (i, date) in quotes.iter().enumerate() {
        text.push_str(&format!(
            "        (id: \"q-{i}\", speaker: \"K\", date: {:?}, text: \"x\", source: \"s\"),\n",
            iso(date)
        ));
    }
    text.push_str(
        "    ],\n    displacement: [(id: \"r\", name: \"R\", unit: \"people\", points: [\n",
    );
    for (i, date) in points.iter().enumerate() {
        text.push_str(&format!(
            "        (date: {:?}, value: {i}, source: \"s\"),\n",
            iso(date)
        ));
    }
    text.push_str("    ])],\n)\n");
    (text, isos)
}

fn span() -> impl Strategy<Value = (Written, Option<Written>)> {
    (any_date(), prop::option::of(any_date())).prop_map(|(start, end)| match end {
        Some(end) => {
            let (start, end) = ordered(start, end);
            (start, Some(end))
        }
        None => (start, None),
    })
}

/// Series points at distinct dates.
fn points() -> impl Strategy<Value = Vec<Written>> {
    prop::collection::vec(any_date(), 0..5).prop_map(|mut points| {
        points.sort_by_key(Written::date);
        points.dedup_by_key(|point| point.date());
        points
    })
}

fn load(path: &Path) -> Dataset {
    load_path(path, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{} should load: {:#?}", path.display(), e.diagnostics))
        .dataset
}

/// Every file of a folder, as one text.
fn folder_text(dir: &Path) -> String {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect()
}

/// The written text has every date in its ISO form and none in the
/// historian's.
fn assert_iso(text: &str, isos: &[String]) {
    for iso in isos {
        assert!(
            text.contains(&format!("\"{iso}\"")),
            "{iso} missing in {text}"
        );
    }
    for historians in [" BCE\"", " BC\"", " CE\"", "\"AD "] {
        assert!(!text.contains(historians), "{historians} in {text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn random_dates_are_written_in_iso_form_and_read_back_the_same(
        events in prop::collection::vec(span(), 1..6),
        eras in prop::collection::vec(span(), 0..3),
        quotes in prop::collection::vec(any_date(), 0..3),
        points in points(),
        view in prop::option::of((any_date(), any_date()).prop_map(|(a, b)| ordered(a, b))),
        source in prop::option::of(any_date()),
    ) {
        let (text, isos) = dataset_text(&events, &eras, &quotes, &points, &view, &source);
        let dataset = load_ron_str("dates.ron", &text)
            .unwrap_or_else(|e| panic!("{text} should load: {:#?}", e.diagnostics))
            .dataset;
        let parent = tempfile::tempdir().unwrap();

        // Save as's writer, in one file and as a folder.
        let single = to_single_file_ron(&dataset).unwrap();
        assert_iso(&single, &isos);
        let again = load_ron_str("again.ron", &single).unwrap().dataset;
        prop_assert_eq!(&again, &dataset);
        let folder = parent.path().join("folder");
        write_folder(&dataset, &folder, &WriteOptions::default()).unwrap();
        assert_iso(&folder_text(&folder), &isos);
        prop_assert_eq!(&load(&folder), &dataset);

        // `convert`, from the historian's forms in a file and from a folder.
        let input = parent.path().join("dates.ron");
        std::fs::write(&input, &text).unwrap();
        for (input, out) in [(input, "from-file"), (folder, "from-folder")] {
            let out = parent.path().join(out);
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            let args = ConvertArgs {
                input,
                out: out.clone(),
                import: ImportArgs::default(),
            };
            let code = convert(&args, &mut stdout, &mut stderr);
            prop_assert_eq!(code, 0, "{}", String::from_utf8_lossy(&stderr));
            assert_iso(&folder_text(&out), &isos);
            prop_assert_eq!(&load(&out), &dataset);
        }
    }
}
