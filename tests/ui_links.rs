//! Only web links can be opened from the app: a source whose `url` is a
//! script, a file or a share is plain text in the Details and Quotes panels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use conflict_timeline::load::load_builtin;
use conflict_timeline::testing::source_label;
use conflict_timeline::ui::{Command, SideTab, TimelineApp};
use eframe::egui::{self, accesskit::Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const HOSTILE: &str = "Hostile source";
const HOSTILE_URL: &str = "javascript:alert(document.cookie)";
const WEB: &str = "Web source";
const WEB_URL: &str = "https://example.org/report";

/// The built-in dataset with an event whose first source is a `javascript:`
/// link and whose second is a web link, shown in Details.
fn harness_with_hostile_source() -> Harness<'static, TimelineApp> {
    let mut dataset = load_builtin().unwrap().dataset;
    let (index, event) = dataset
        .events
        .iter()
        .enumerate()
        .find(|(_, event)| event.sources.len() >= 2)
        .expect("an event with two sources");
    let index = conflict_timeline::model::EventIndex::new(index).unwrap();
    let ids = [event.sources[0].clone(), event.sources[1].clone()];
    for source in &mut dataset.sources {
        if source.id == ids[0] {
            source.title = HOSTILE.into();
            source.url = Some(HOSTILE_URL.into());
        } else if source.id == ids[1] {
            source.title = WEB.into();
            source.url = Some(WEB_URL.into());
        }
    }
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Details));
    harness.state_mut().push(Command::Select(Some(index)));
    harness.run();
    harness
}

/// Clicks the widget labelled `label` and returns the URLs the app asked
/// egui to open in the frames after it.
fn urls_opened_by_clicking(
    harness: &mut Harness<'static, TimelineApp>,
    label: &str,
) -> Vec<String> {
    harness.get_by_label(label).click();
    let mut urls = Vec::new();
    for _ in 0..4 {
        harness.step();
        for command in &harness.output().platform_output.commands {
            if let egui::OutputCommand::OpenUrl(open) = command {
                urls.push(open.url.clone());
            }
        }
    }
    urls
}

#[test]
fn a_javascript_source_in_details_is_text_and_opens_nothing() {
    let mut harness = harness_with_hostile_source();
    assert!(
        harness
            .query_by_role_and_label(Role::Link, HOSTILE)
            .is_none(),
        "a javascript: source must not be a link"
    );
    harness.get_by_role_and_label(Role::Label, HOSTILE);
    assert_eq!(
        urls_opened_by_clicking(&mut harness, HOSTILE),
        Vec::<String>::new()
    );
}

#[test]
fn a_web_source_in_details_is_a_link_that_opens() {
    let mut harness = harness_with_hostile_source();
    harness.get_by_role_and_label(Role::Link, WEB);
    assert_eq!(urls_opened_by_clicking(&mut harness, WEB), [WEB_URL]);
}

#[test]
fn quotes_and_figures_show_non_web_sources_as_text() {
    let mut dataset = load_builtin().unwrap().dataset;
    for source in &mut dataset.sources {
        source.url = Some(r"\\attacker\share\report.pdf".into());
    }
    // Sources go by title in the Quotes panel, for people (publisher and
    // date) in the chart, and by short label in the Figures table.
    let titles: Vec<String> = dataset
        .sources
        .iter()
        .flat_map(|s| [s.title.clone(), source_label(s)])
        .collect();
    let short_labels: Vec<String> = dataset
        .sources
        .iter()
        .map(conflict_timeline::testing::source_short_label)
        .collect();
    let figure_source = dataset.displacement[0].points[0].source.clone();
    let mut harness = common::harness_showing(dataset, 1400.0, 860.0);
    for tab in [SideTab::Quotes, SideTab::Figures] {
        harness.state_mut().push(Command::SetSideTab(tab));
        harness.run();
        for title in titles.iter().chain(&short_labels) {
            assert!(
                harness.query_by_role_and_label(Role::Link, title).is_none(),
                "{tab:?}: {title} must not be a link"
            );
        }
    }
    // The Figures table's source cell was clickable whenever it had a url.
    let title = short_labels
        .iter()
        .zip(harness.state().probe().dataset().sources.iter())
        .find(|(_, source)| source.id == figure_source)
        .map(|(title, _)| title.clone())
        .unwrap();
    harness
        .query_all_by_label(&title)
        .next()
        .expect("the first point's source is in the table")
        .click();
    for _ in 0..4 {
        harness.step();
        assert!(
            !harness
                .output()
                .platform_output
                .commands
                .iter()
                .any(|command| matches!(command, egui::OutputCommand::OpenUrl(_))),
            "clicking {title} opened a url"
        );
    }
}
