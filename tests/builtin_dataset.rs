//! The built-in dataset: it loads cleanly, holds what the product promises,
//! and both dataset forms load to the same thing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use conflict_timeline::load::{
    LoadOptions, load_builtin, load_path, load_ron_str, to_single_file_ron,
};
use conflict_timeline::model::{Dataset, Date, Precision};

fn builtin() -> Dataset {
    let loaded = load_builtin().unwrap_or_else(|error| panic!("{:#?}", error.diagnostics));
    assert!(
        loaded.warnings.is_empty(),
        "built-in warnings: {:#?}",
        loaded.warnings
    );
    loaded.dataset
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn loads_without_errors_or_warnings() {
    let dataset = builtin();
    assert_eq!(
        dataset.title,
        "Syria 2011–2016: war, truce and the Geneva talks"
    );
    assert!(dataset.events.len() >= 40, "{}", dataset.events.len());
    let view = dataset.view.expect("an initial view");
    assert!(view.start < view.end);
}

#[test]
fn has_the_lanes_and_eras_the_story_needs() {
    let dataset = builtin();
    for lane in ["war", "diplomacy", "truce", "humanitarian"] {
        assert!(dataset.lane(lane).is_some(), "lane {lane}");
    }
    let war = dataset
        .eras
        .iter()
        .find(|era| era.start == date("2011-03-15"))
        .expect("war era");
    assert!(war.is_ongoing());
    let truce = dataset
        .eras
        .iter()
        .find(|era| era.start == date("2016-02-27"))
        .expect("truce era");
    assert!(
        truce.approximate,
        "the truce eroded; its end is approximate"
    );
}

#[test]
fn key_events_have_their_checked_dates() {
    let dataset = builtin();
    let expect = [
        ("uprising-day-of-rage", "2011-03-15", None),
        ("geneva-i-communique", "2012-06-30", None),
        ("geneva-ii", "2014-01-22", Some("2014-02-15")),
        ("russian-intervention", "2015-09-30", None),
        ("unsc-2254", "2015-12-18", None),
        ("geneva-iii", "2016-01-29", Some("2016-02-03")),
        ("munich-issg", "2016-02-11", Some("2016-02-12")),
        ("us-russia-coh-terms", "2016-02-22", None),
        ("coh-takes-effect", "2016-02-27", None),
        ("kerry-lavrov-geneva-deal", "2016-09-09", None),
        ("sept-2016-truce", "2016-09-12", Some("2016-09-19")),
        ("aleppo-fall", "2016-12-22", None),
    ];
    for (id, start, end) in expect {
        let event = dataset.event(id).unwrap_or_else(|| panic!("event {id}"));
        assert_eq!(event.start, date(start), "{id} start");
        assert_eq!(event.end, end.map(date), "{id} end");
        assert!(!event.sources.is_empty(), "{id} cites a source");
    }
    // Month-only facts stay month-only.
    assert_eq!(
        dataset
            .event("envoy-change-2014")
            .unwrap()
            .start
            .precision(),
        Precision::Month
    );
    // The Russian air campaign has no invented end.
    let campaign = dataset.event("russian-air-campaign").unwrap();
    assert!(campaign.ongoing && campaign.end.is_none());
    // Russia's proposed 1 March ceasefire and the 25 February target for talks.
    assert!(dataset.events.iter().any(|e| e.start == date("2016-03-01")));
    assert!(dataset.events.iter().any(|e| e.start == date("2016-02-25")));
}

#[test]
fn quotes_are_attributed_to_the_seed_articles() {
    let dataset = builtin();
    assert_eq!(dataset.quotes.len(), 13);
    let speakers: HashSet<&str> = dataset.quotes.iter().map(|q| q.speaker.as_str()).collect();
    assert_eq!(
        speakers,
        HashSet::from(["John Kerry", "Sergey Lavrov", "Mark Toner", "Ash Carter"])
    );
    let seed_sources = ["haaretz-2016-02-12", "abc-2016-09-08", "blog-coh-2016-02"];
    for quote in &dataset.quotes {
        assert!(
            seed_sources.contains(&quote.source.as_str()),
            "{} cites {}",
            quote.id,
            quote.source
        );
        assert!(
            !quote.events.is_empty(),
            "{} is linked to an event",
            quote.id
        );
        assert!(quote.role.is_some(), "{} has a role", quote.id);
    }
    let ambitious = dataset
        .quotes
        .iter()
        .find(|q| q.text == "That is ambitious.")
        .expect("Kerry's quote");
    assert_eq!(ambitious.speaker, "John Kerry");
    assert_eq!(ambitious.date, date("2016-02-12"));
    assert!(ambitious.events.iter().any(|e| e == "munich-issg"));
}

#[test]
fn displacement_series_carry_sources_and_the_seed_figure() {
    let dataset = builtin();
    let ids: HashSet<&str> = dataset.displacement.iter().map(|s| s.id.as_str()).collect();
    for id in ["refugees-worldwide", "idps-unhcr", "fled-reported"] {
        assert!(ids.contains(id), "series {id}");
    }
    let worldwide = dataset
        .displacement
        .iter()
        .find(|s| s.id == "refugees-worldwide")
        .unwrap();
    let end_2015 = worldwide
        .points
        .iter()
        .find(|p| p.date == date("2015-12-31"))
        .unwrap();
    assert_eq!(end_2015.value, 4_873_236.0);
    let fled = dataset
        .displacement
        .iter()
        .find(|s| s.id == "fled-reported")
        .unwrap();
    assert!(fled.points.iter().any(|p| p.value == 4_400_000.0));
    for series in &dataset.displacement {
        assert!(
            series.points.windows(2).all(|w| w[0].date < w[1].date),
            "{} sorted",
            series.id
        );
    }
}

#[test]
fn folder_and_single_file_forms_load_equal() {
    let folder = load_path("tests/data/minimal".as_ref(), &LoadOptions::default()).unwrap();
    let single = load_path("tests/data/minimal.ron".as_ref(), &LoadOptions::default()).unwrap();
    assert_eq!(folder.dataset, single.dataset);
    assert!(folder.warnings.is_empty() && single.warnings.is_empty());
}

#[test]
fn the_builtin_dataset_round_trips_through_the_single_file_form() {
    let dataset = builtin();
    let text = to_single_file_ron(&dataset).unwrap();
    assert!(text.contains("\nDataset(\n"), "{}", &text[..200]);
    // Plain RON readers understand it too.
    ron::Options::default()
        .from_str::<ron::Value>(&text)
        .unwrap_or_else(|e| panic!("{e}: {}", &text[..200]));
    let reloaded =
        load_ron_str("roundtrip.ron", &text).unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert_eq!(reloaded.dataset, dataset);
}

#[test]
fn the_builtin_folder_on_disk_matches_the_embedded_copy() {
    let on_disk = load_path(
        "assets/datasets/syria-2011-2016".as_ref(),
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(on_disk.dataset, builtin());
}

#[test]
fn the_complete_example_in_the_docs_loads_cleanly() {
    let docs = include_str!("../docs/dataset-format.md");
    let section = docs
        .split("## A complete example")
        .nth(1)
        .expect("the example section");
    let example = section
        .split("```ron\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a ron block");
    let loaded = load_ron_str("docs-example.ron", example)
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    assert_eq!(loaded.dataset.events.len(), 2);
    assert_eq!(loaded.dataset.quotes.len(), 1);
    // The example is also a file in assets/datasets/, word for word.
    let file = include_str!("../assets/datasets/minimal-example.ron");
    assert_eq!(file, format!("{example}\n"));
    let from_file = conflict_timeline::load::load_path(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/datasets/minimal-example.ron"
        )),
        &conflict_timeline::load::LoadOptions::default(),
    )
    .unwrap();
    assert!(from_file.warnings.is_empty(), "{:#?}", from_file.warnings);
    assert_eq!(from_file.dataset, loaded.dataset);
}
