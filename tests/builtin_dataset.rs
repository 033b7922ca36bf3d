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
        .find(|era| era.start == date("2016-02-27T00:00+02:00"))
        .expect("truce era");
    assert!(
        truce.approximate,
        "the truce eroded; its end is approximate"
    );
}

/// Times of day where the events' own sources give them: the truces' starts.
#[test]
fn truces_start_at_the_times_their_sources_give() {
    let dataset = builtin();
    let expect = [
        // "from 06:00 Damascus time"; no offset given, so local time.
        (
            "annan-ceasefire",
            "2012-04-12T06:00",
            "12 April 2012, 06:00",
        ),
        // Midnight Damascus time, 22:00 GMT on 26 February.
        (
            "coh-takes-effect",
            "2016-02-27T00:00+02:00",
            "27 February 2016, 00:00 (UTC+2)",
        ),
        // Midnight local time, 22:00 GMT on 29 December.
        (
            "nationwide-ceasefire-dec-2016",
            "2016-12-30T00:00+02:00",
            "30 December 2016, 00:00 (UTC+2)",
        ),
    ];
    for (id, start, shown) in expect {
        let event = event_with(&dataset, id);
        assert_eq!(event.start, date(start), "{id}");
        assert_eq!(event.start.precision(), Precision::Minute, "{id}");
        assert_eq!(event.start.to_string(), shown, "{id}");
        assert!(event.end.is_none() && !event.ongoing, "{id} is a point");
    }
    // The Damascus midnights are 22:00 UTC the day before.
    let truce = event_with(&dataset, "coh-takes-effect");
    let utc = date("2016-02-26T22:00Z");
    assert_eq!(truce.start.start_instant(), utc.start_instant());
    // The truce's era starts with it, so the event is drawn inside its era.
    let era = dataset
        .eras
        .iter()
        .find(|era| era.id == "coh-2016")
        .expect("the truce's era");
    assert_eq!(era.start, truce.start);
    assert!(era.start.start_instant() <= truce.start.start_instant());
    // The resolution that demanded the truce comes before it.
    assert!(event_with(&dataset, "unsc-2268").start < truce.start);
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
        ("coh-takes-effect", "2016-02-27T00:00+02:00", None),
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
    let offensive = dataset.event("aleppo-offensive-feb-2016").unwrap();
    assert_eq!(offensive.start.precision(), Precision::Month);
    assert!(offensive.approximate);
    // The Russian air campaign has no invented end.
    let campaign = dataset.event("russian-air-campaign").unwrap();
    assert!(campaign.ongoing && campaign.end.is_none());
    // The cessation of hostilities has no invented end either.
    let truce = dataset.event("coh-takes-effect").unwrap();
    assert!(truce.end.is_none() && !truce.ongoing);
}

fn event_with<'a>(dataset: &'a Dataset, id: &str) -> &'a conflict_timeline::model::Event {
    dataset.event(id).unwrap_or_else(|| panic!("event {id}"))
}

/// The corrections of the historians' audit: each fact as checked against a
/// public record, with that record among the event's sources.
#[test]
fn corrected_facts_are_pinned_with_their_sources() {
    let dataset = builtin();
    let cites = |id: &str, source: &str| {
        let event = event_with(&dataset, id);
        assert!(
            event.sources.iter().any(|s| s == source),
            "{id} cites {source}: {:?}",
            event.sources
        );
        assert!(dataset.source(source).is_some(), "source {source}");
    };

    // Ghouta: a sarin attack (UN S/2013/553), ranked with the key events.
    let ghouta = event_with(&dataset, "ghouta-chemical-attack");
    assert_eq!(ghouta.start, date("2013-08-21"));
    assert_eq!(ghouta.title, "Sarin attack on Ghouta near Damascus");
    assert!(!ghouta.title.contains("Alleged"));
    assert!(ghouta.importance >= 4, "{}", ghouta.importance);
    for words in [
        "S/2013/553",
        "1,429",
        "355",
        "281",
        "Human Rights Watch",
        "Russia",
    ] {
        assert!(
            ghouta
                .summary
                .as_deref()
                .unwrap_or_default()
                .contains(words),
            "Ghouta summary: {words}"
        );
    }
    cites("ghouta-chemical-attack", "un-s-2013-553");
    let report = dataset.source("un-s-2013-553").unwrap();
    assert_eq!(report.date, Some(date("2013-09-16")));

    // Aleppo's evacuation: the ICRC's final figure, not an interim one.
    let evacuation = event_with(&dataset, "aleppo-evacuation");
    assert!(
        evacuation
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("35,000"),
        "{:?}",
        evacuation.summary
    );
    assert!(
        evacuation
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("34,000")
    );
    cites("aleppo-evacuation", "redcross-uk-2016-12-23");

    // Annan resigned on 2 August 2012 and blamed both sides.
    let annan = event_with(&dataset, "annan-resigns");
    assert_eq!(annan.start, date("2012-08-02"));
    assert!(
        annan
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("escalating military campaign of the opposition")
    );
    assert!(
        annan
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("government's intransigence")
    );
    assert!(
        !annan
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("regime")
    );
    cites("annan-resigns", "un-sgsm14441");

    // De Mistura was appointed on 10 July 2014.
    let envoy = event_with(&dataset, "envoy-change-2014");
    assert_eq!(envoy.start, date("2014-07-10"));
    assert_eq!(envoy.start.precision(), Precision::Day);
    assert!(
        envoy
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("13 May")
            && envoy
                .summary
                .as_deref()
                .unwrap_or_default()
                .contains("31 May")
    );
    cites("envoy-change-2014", "reuters-de-mistura-2014-07-10");

    // The ISSG first met in Vienna on 30 October 2015; 14 November was its second statement.
    let first = event_with(&dataset, "vienna-talks-1");
    assert_eq!(first.start, date("2015-10-30"));
    assert!(
        first.title.contains("First ISSG meeting"),
        "{}",
        first.title
    );
    let second = event_with(&dataset, "vienna-issg-statement");
    assert_eq!(second.start, date("2015-11-14"));
    assert!(second.title.contains("Second ISSG"), "{}", second.title);
    assert!(!second.title.contains("formed"));
    cites("vienna-issg-statement", "state-kerry-2015-11-14");

    // UNSMIS suspended its activities on 16 June 2012 (Gen. Mood's statement).
    let unsmis = event_with(&dataset, "unsmis");
    assert!(
        unsmis
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("16 June 2012"),
        "{:?}",
        unsmis.summary
    );
    cites("unsmis", "syrianmemory-mood-2012-06-16");

    // Annan's "appears to be holding" was said on 12 April, not 10 April.
    let ceasefire = event_with(&dataset, "annan-ceasefire");
    assert!(
        ceasefire
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("On 12 April, the day the ceasefire began, Annan said")
    );

    // Russia's 1 March proposal sits on the day it was made, before Munich.
    let proposal = event_with(&dataset, "russia-proposed-ceasefire-date");
    assert_eq!(proposal.start, date("2016-02-10"));
    assert!(proposal.start < event_with(&dataset, "munich-issg").start);
    assert!(
        proposal
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("1 March")
    );
    assert!(!dataset.events.iter().any(|e| e.start == date("2016-03-01")));
    cites(
        "russia-proposed-ceasefire-date",
        "ap-russia-march-1-2016-02-10",
    );

    // De Mistura's "still alive, but barely" of 27 April 2016.
    let truce = event_with(&dataset, "coh-takes-effect");
    assert!(
        truce
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("27 April")
            && truce
                .summary
                .as_deref()
                .unwrap_or_default()
                .contains("still alive, but barely")
    );
    cites("coh-takes-effect", "un-news-53808");

    // Strikes on eastern Aleppo had paused since 18 October.
    let offensive = event_with(&dataset, "aleppo-final-offensive");
    assert!(
        offensive
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("18 October")
            && offensive
                .summary
                .as_deref()
                .unwrap_or_default()
                .contains("nearly four weeks")
    );
    cites("aleppo-final-offensive", "dw-2016-11-15");

    // The 15 March protests are not the "Day of Rage" of 4–5 February.
    let uprising = event_with(&dataset, "uprising-day-of-rage");
    assert_eq!(uprising.start, date("2011-03-15"));
    assert_eq!(uprising.title, "15 March protests begin the uprising");
    assert!(
        uprising
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("4 and 5 February 2011")
    );

    // The era spans uprising and civil war; the ICRC's classification is an event.
    let era = dataset.eras.iter().find(|e| e.id == "civil-war").unwrap();
    assert_eq!(era.title, "Uprising and civil war");
    assert_eq!(
        event_with(&dataset, "icrc-civil-war-2012").start,
        date("2012-07-15")
    );

    // Framings are attributed to those who wrote them.
    assert!(
        event_with(&dataset, "aleppo-offensive-feb-2016")
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("In Haaretz's words")
    );
    assert!(
        event_with(&dataset, "state-dept-confirms-geneva-meeting")
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("In ABC News's reading")
    );
    assert!(
        event_with(&dataset, "aleppo-fall")
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("to that point")
    );

    // The aid convoy: who blamed whom, and the Commission of Inquiry's finding.
    let convoy = event_with(&dataset, "aid-convoy-attack");
    assert!(
        convoy
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("Syrian air force")
    );
    assert!(
        convoy
            .summary
            .as_deref()
            .unwrap_or_default()
            .contains("denied")
    );
    cites("aid-convoy-attack", "newarab-convoy-coi-2017-03-01");

    // The 25 February target passed without talks.
    let target = event_with(&dataset, "geneva-target-date");
    assert_eq!(target.start, date("2016-02-25"));
    assert!(
        target.title.contains("passes without talks"),
        "{}",
        target.title
    );
}

#[test]
fn sources_have_web_addresses_or_say_what_they_are() {
    let dataset = builtin();
    // The few sources with no web address found say in their title what
    // they are (a transcript, a report, a news item, a blog post ...).
    let without_url: Vec<&str> = dataset
        .sources
        .iter()
        .filter(|s| s.url.is_none())
        .map(|s| s.id.as_str())
        .collect();
    assert!(without_url.len() <= 4, "{without_url:?}");
    for id in &without_url {
        let title = &dataset.source(id).unwrap().title;
        assert!(
            ["transcript", "report", "news item", "Blog post"]
                .iter()
                .any(|what| title.contains(what)),
            "{id}: {title}"
        );
    }
    // The Congressional Research Service report is cited to the CRS's own page.
    assert!(
        dataset
            .source("crs-r43119")
            .unwrap()
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://crsreports.congress.gov/")
    );
    // The New York Times article of 12 February 2016 has its address.
    assert!(dataset.source("nyt-2016-02-12").unwrap().url.is_some());
    // State Department material comes from the State Department's archive.
    assert!(
        dataset
            .source("state-kerry-2015-11-14")
            .unwrap()
            .url
            .as_deref()
            .unwrap()
            .starts_with("https://2009-2017.state.gov/")
    );
    // No source points to a book site or an essay site.
    for source in &dataset.sources {
        let url = source.url.as_deref().unwrap_or("");
        assert!(
            !url.contains("goodreads") && !url.contains("quintessay"),
            "{url}"
        );
    }
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
    // The 1.5 million mark of May 2013 is UNHCR's own wording and value.
    let region = dataset
        .displacement
        .iter()
        .find(|s| s.id == "refugees-region")
        .unwrap();
    let may_2013 = region
        .points
        .iter()
        .find(|p| p.date == date("2013-05-17"))
        .expect("the 17 May 2013 point");
    assert_eq!(may_2013.value, 1_500_000.0);
    assert_eq!(may_2013.source, "unhcr-519620e06");
    assert!(!region.points.iter().any(|p| p.value == 1_523_626.0));
    // The 2011 worldwide stock says what it is not.
    let end_2011 = worldwide
        .points
        .iter()
        .find(|p| p.date == date("2011-12-31"))
        .unwrap();
    let note = end_2011.note.as_deref().unwrap();
    assert!(note.contains("18,451") && note.contains("guests"), "{note}");
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
fn long_series_names_have_short_labels_that_keep_their_source() {
    let dataset = builtin();
    for series in &dataset.displacement {
        let short = series
            .short_name
            .as_deref()
            .unwrap_or_else(|| panic!("{} has a short name", series.id));
        assert!(
            short.chars().count() <= 20 && short.chars().count() < series.name.chars().count(),
            "{short:?} is short beside {:?}",
            series.name
        );
        assert_eq!(series.short_label(), short);
    }
    // Two series of people displaced inside Syria: each short label names
    // whose figures it charts, as the full name does.
    let labels: HashSet<&str> = dataset
        .displacement
        .iter()
        .map(|s| s.short_label())
        .collect();
    assert_eq!(labels.len(), dataset.displacement.len(), "{labels:?}");
}

#[test]
fn the_builtin_dataset_keeps_its_short_names_in_the_single_file_form() {
    let dataset = builtin();
    let text = to_single_file_ron(&dataset).unwrap();
    assert!(
        text.contains("short_name: \"IDPs (IDMC)\""),
        "{}",
        &text[..200]
    );
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
