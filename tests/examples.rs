//! The example datasets under `assets/datasets/`: every one loads without an
//! error or a warning, and the deep-time example spans the universe's age in
//! every form a date may take.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use conflict_timeline::load::{LoadOptions, Loaded, load_path, load_ron_str, to_single_file_ron};
use conflict_timeline::model::{Date, Precision};

const EXAMPLES: &str = "assets/datasets";
const DEEP_TIME: &str = "assets/datasets/deep-time";

/// Days in a year of the Gregorian calendar, on average.
const DAYS_PER_YEAR: f64 = 365.2425;

fn load_cleanly(path: &Path) -> Loaded {
    let loaded = load_path(path, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{}: {:#?}", path.display(), error.diagnostics));
    assert!(
        loaded.warnings.is_empty(),
        "{}: {:#?}",
        path.display(),
        loaded.warnings
    );
    loaded
}

/// Every dataset under `assets/datasets/`: the folders and the `.ron` files.
fn examples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_dir() || path.extension().is_some_and(|extension| extension == "ron")
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_example_loads_without_errors_or_warnings() {
    let paths = examples();
    for expected in [
        "assets/datasets/deep-time",
        "assets/datasets/minimal-example.ron",
        "assets/datasets/syria-2011-2016",
    ] {
        assert!(
            paths.iter().any(|path| path == Path::new(expected)),
            "{expected} in {paths:?}"
        );
    }
    for path in paths {
        let loaded = load_cleanly(&path);
        assert!(!loaded.dataset.events.is_empty(), "{}", path.display());
    }
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn the_deep_time_example_spans_the_age_of_the_universe() {
    let dataset = load_cleanly(DEEP_TIME.as_ref()).dataset;
    assert_eq!(
        dataset.title,
        "From the Big Bang to the Moon: 13.8 billion years"
    );
    assert!(
        (20..=40).contains(&dataset.events.len()),
        "{}",
        dataset.events.len()
    );
    let first = dataset
        .events
        .iter()
        .map(|event| event.start.start_instant())
        .fold(f64::INFINITY, f64::min);
    let last = dataset
        .events
        .iter()
        .map(|event| event.end.unwrap_or(event.start).end_instant())
        .fold(f64::NEG_INFINITY, f64::max);
    let years = (last - first) / DAYS_PER_YEAR;
    assert!(years >= 13.7e9, "{years} years");
    // The Big Bang is 13.787 billion years ago, shown as people say it.
    let big_bang = dataset.event("big-bang").expect("the Big Bang");
    assert_eq!(big_bang.start, date("-13787000000"));
    assert_eq!(big_bang.start.to_string(), "13.8 billion years ago");
    assert!(big_bang.approximate);
    // The lanes, and the nested eons, eras and period of the ICS chart.
    for lane in ["cosmos", "earth", "life", "humans"] {
        assert!(dataset.lane(lane).is_some(), "lane {lane}");
    }
    let era = |id: &str| {
        dataset
            .eras
            .iter()
            .find(|era| era.id == id)
            .unwrap_or_else(|| panic!("era {id}"))
    };
    assert_eq!(era("mesozoic").start, date("-251902000"));
    assert_eq!(era("cenozoic").start, date("-66000000"));
    assert_eq!(era("mesozoic").end, Some(date("-66000001")));
    for (inner, outer) in [
        ("paleozoic", "phanerozoic"),
        ("mesozoic", "phanerozoic"),
        ("cenozoic", "phanerozoic"),
        ("quaternary", "cenozoic"),
    ] {
        let (inner, outer) = (era(inner), era(outer));
        assert!(outer.start <= inner.start, "{} in {}", inner.id, outer.id);
    }
    // Every event cites a source the dataset lists.
    for event in &dataset.events {
        assert!(!event.sources.is_empty(), "{} cites a source", event.id);
        for source in &event.sources {
            assert!(dataset.source(source).is_some(), "{}: {source}", event.id);
        }
    }
}

#[test]
fn the_deep_time_example_shows_every_form_of_date() {
    let dataset = load_cleanly(DEEP_TIME.as_ref()).dataset;
    let shown = |id: &str| {
        let event = dataset.event(id).unwrap_or_else(|| panic!("event {id}"));
        let start = event.start.to_string();
        match event.end {
            Some(end) => format!("{start} – {end}"),
            None => start,
        }
    };
    assert_eq!(
        shown("end-permian-extinction"),
        "252 million years ago – 252 million years ago"
    );
    // The historian's form, and an ISO signed year.
    assert_eq!(shown("jebel-irhoud"), "313,000 BCE");
    assert_eq!(shown("gobekli-tepe"), "9600 BCE – 8200 BCE");
    assert_eq!(shown("proto-cuneiform"), "3200 BCE");
    // An ISO date before the common era, to the day.
    assert_eq!(shown("caesar-assassinated"), "15 March 44 BCE");
    // Times of day in UTC and with an offset, in their order.
    let landing = dataset.event("apollo-11-landing").unwrap();
    let step = dataset.event("first-step-on-the-moon").unwrap();
    assert_eq!(landing.start.precision(), Precision::Second);
    assert_eq!(landing.start.to_string(), "20 July 1969, 20:17:40 (UTC)");
    assert_eq!(step.start.to_string(), "20 July 1969, 22:56 (UTC-4)");
    assert_eq!(
        step.start.start_instant(),
        date("1969-07-21T02:56Z").start_instant()
    );
    assert!(landing.start < step.start);
}

#[test]
fn the_deep_time_example_is_written_back_in_iso_form() {
    let dataset = load_cleanly(DEEP_TIME.as_ref()).dataset;
    let text = to_single_file_ron(&dataset).unwrap();
    for written in ["\"-312999\"", "\"-9599\"", "\"-8199\"", "\"-0043-03-15\""] {
        assert!(text.contains(written), "{written}");
    }
    assert!(!text.contains("BCE\"") && !text.contains(" BC\""));
    let reloaded =
        load_ron_str("deep-time.ron", &text).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert_eq!(reloaded.dataset, dataset);
}

/// The app opens the deep-time example at all of it and names its dates in
/// Details as people say them.
#[test]
fn the_app_shows_the_deep_time_example_and_its_dates() {
    let dataset = load_cleanly(DEEP_TIME.as_ref()).dataset;
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    let app = harness.state();
    // The first view fits the whole span: the Big Bang is drawn.
    let big_bang = common::event_index(app, "big-bang");
    assert!(app.probe().scene().item_rect(big_bang).is_some());
    assert!(app.probe().view().span() / DAYS_PER_YEAR >= 13.7e9);
    for (id, shown) in [
        ("big-bang", "13.8 billion years ago"),
        ("gobekli-tepe", "9600 BCE – 8200 BCE"),
        ("caesar-assassinated", "15 March 44 BCE"),
        ("apollo-11-landing", "20 July 1969, 20:17:40 (UTC)"),
        ("first-step-on-the-moon", "20 July 1969, 22:56 (UTC-4)"),
    ] {
        let event = common::event_index(harness.state(), id);
        harness
            .state_mut()
            .push(conflict_timeline::ui::Command::Select(Some(event)));
        harness.run();
        assert_eq!(
            harness
                .state()
                .probe()
                .selected_event()
                .map(|e| e.id.as_str()),
            Some(id)
        );
        common::assert_text_shown(&harness, shown);
    }
}
