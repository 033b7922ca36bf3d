//! The figures chart's time axis, to the pixel: in an export and in the
//! app a date is at the same x in the chart as on the timeline above it,
//! and so are the lines at the pointer and the selected event. Sources are named for
//! people wherever the chart names them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use conflict_timeline::export::{self, ExportSpec};
use conflict_timeline::load::load_builtin;
use conflict_timeline::model::Date;
use conflict_timeline::testing::{ChartFrame, source_label};
use conflict_timeline::ui::{Command, SideTab, TimelineApp};
use conflict_timeline::{TimeView, TimelineIndex};
use eframe::egui::{self, Color32, Pos2, Rect, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn days(from: &str, to: &str) -> TimeView {
    TimeView::new(
        Date::parse(from).unwrap().start_instant(),
        Date::parse(to).unwrap().end_instant(),
    )
}

/// Several dates across `view`: its ends, its quarters and whole months.
fn dates_across(view: TimeView) -> Vec<f64> {
    let mut times: Vec<f64> = (0..=4)
        .map(|k| view.start + view.span() * f64::from(k) / 4.0)
        .collect();
    times.extend(
        [
            "2012-01",
            "2013-07",
            "2014-01",
            "2016-01",
            "2016-02-27",
            "2016-03",
        ]
        .iter()
        .map(|d| Date::parse(d).unwrap().start_instant())
        .filter(|&t| view.contains(t)),
    );
    times
}

#[test]
fn an_exported_chart_puts_every_date_at_the_timeline_s_x() {
    let dataset = load_builtin().unwrap().dataset;
    let index = TimelineIndex::new(&dataset);
    for (range, width, height, scale) in [
        (days("2012", "2016"), 1200, 700, 1.0),
        (days("2016-01", "2016-04"), 800, 500, 2.0),
        (days("2011-03", "2017"), 1920, 1080, 1.0),
    ] {
        let mut spec = ExportSpec::new(&dataset, range);
        spec.width = width;
        spec.height = height;
        spec.scale = scale;
        spec.figures = true;
        let picture = export::draw(&dataset, &index, &spec).unwrap();
        let chart = picture.chart.expect("the chart is drawn");
        let timeline = picture.timeline.transform;
        assert_eq!(chart.shown, range);
        // Value labels take no width from time: the plot is as wide as the
        // timeline.
        let timeline_rect = picture.timeline.geometry.rect;
        assert!(
            (chart.rect.left() - timeline_rect.left()).abs() <= 0.5,
            "{chart:?}"
        );
        assert!(
            (chart.rect.right() - timeline_rect.right()).abs() <= 0.5,
            "{chart:?}"
        );
        for time in dates_across(range) {
            let on_chart = chart.transform().x_from_time(time);
            let on_timeline = timeline.x_from_time(time);
            assert!(
                (on_chart - on_timeline).abs() <= 1.0,
                "{width} px, day {time}: chart {on_chart}, timeline {on_timeline}"
            );
        }
        // Every label under the plot is whole inside the image.
        let labels: Vec<Rect> = picture
            .shapes
            .iter()
            .filter_map(|clipped| match &clipped.shape {
                Shape::Text(text) => Some(text.visual_bounding_rect()),
                _ => None,
            })
            .filter(|rect| {
                rect.top() >= chart.rect.bottom() && rect.top() < chart.rect.bottom() + 24.0
            })
            .collect();
        assert!(labels.len() >= 3, "{labels:?}");
        for label in labels {
            assert!(
                label.left() >= -0.5 && label.right() <= picture.size.x + 0.5,
                "a date label is cut at {label:?} in {} pt",
                picture.size.x
            );
        }
    }
}

fn harness_on_figures() -> Harness<'static, TimelineApp> {
    let mut harness = common::app_harness(1400.0, 860.0);
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Figures));
    harness.run();
    harness
}

/// The x of each vertical line of `color` the chart drew (egui_plot's
/// `VLine`: a path of two points from the plot's top to its bottom).
fn chart_lines(harness: &Harness<'_, TimelineApp>, chart: &ChartFrame, color: Color32) -> Vec<f32> {
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            Shape::Path(path) => Some(path),
            _ => None,
        })
        .filter(|path| {
            path.points.len() == 2 && path.stroke.color == egui::epaint::ColorMode::Solid(color)
        })
        .filter(|path| {
            let [a, b] = [path.points[0], path.points[1]];
            (a.x - b.x).abs() < 0.01
                && chart.rect.x_range().contains(a.x)
                && (a.y - b.y).abs() >= chart.rect.height() - 1.0
        })
        .map(|path| path.points[0].x)
        .collect()
}

/// The x of each vertical line of `color` across the timeline's lanes.
fn timeline_lines(harness: &Harness<'_, TimelineApp>, timeline: Rect, color: Color32) -> Vec<f32> {
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            Shape::LineSegment { points, stroke } if stroke.color == color => Some(*points),
            _ => None,
        })
        .filter(|[a, b]| {
            (a.x - b.x).abs() < 0.01
                && timeline.x_range().contains(a.x)
                && (a.y - b.y).abs() >= 0.5 * timeline.height()
        })
        .map(|[a, _]| a.x)
        .collect()
}

#[test]
fn in_the_app_a_date_is_at_the_same_x_on_the_timeline_the_chart_and_their_lines() {
    let mut harness = harness_on_figures();
    let app = harness.state();
    let chart = app.probe().chart_frame().expect("the chart is drawn");
    let timeline = app.probe().timeline_rect();
    assert_eq!(chart.shown, app.probe().view());
    // Under the timeline, as wide: the plot's ends are the timeline's.
    assert!(
        chart.rect.top() > timeline.bottom(),
        "{chart:?}, {timeline:?}"
    );
    assert!(
        (chart.rect.left() - timeline.left()).abs() <= 0.5
            && (chart.rect.right() - timeline.right()).abs() <= 0.5,
        "{chart:?}, {timeline:?}"
    );
    let transform = app.probe().timeline_transform();
    for time in dates_across(chart.shown) {
        let (on_chart, on_timeline) = (
            chart.transform().x_from_time(time),
            transform.x_from_time(time),
        );
        assert!(
            (on_chart - on_timeline).abs() <= 1.0,
            "day {time}: chart {on_chart}, timeline {on_timeline}"
        );
    }

    // The pointer over the timeline: the chart's line at the same x.
    for share in [0.1, 0.35, 0.6, 0.9] {
        let x = timeline.left() + share * timeline.width();
        harness.hover_at(Pos2::new(x, timeline.bottom() - 20.0));
        harness.run();
        let app = harness.state();
        let chart = app.probe().chart_frame().unwrap();
        let lines = chart_lines(&harness, &chart, Color32::GRAY);
        assert_eq!(lines.len(), 1, "one pointer line: {lines:?}");
        assert!((lines[0] - x).abs() <= 1.0, "{lines:?} vs {x}");
    }

    // The pointer over the chart: the timeline's line at the same x.
    let pointer_line = harness
        .ctx
        .global_style()
        .visuals
        .text_color()
        .gamma_multiply(0.35); // the theme's pointer line opacity
    for share in [0.15, 0.5, 0.85] {
        let chart = harness.state().probe().chart_frame().unwrap();
        let x = chart.rect.left() + share * chart.rect.width();
        harness.hover_at(Pos2::new(x, chart.rect.center().y));
        harness.run();
        let lines = timeline_lines(&harness, timeline, pointer_line);
        assert_eq!(lines.len(), 1, "one pointer line: {lines:?}");
        assert!((lines[0] - x).abs() <= 1.0, "{lines:?} vs {x}");
    }

    // The selected event: the chart's lines at the timeline's x of its
    // dates, and the timeline's own line there too.
    harness.hover_at(Pos2::new(1.0, 1.0));
    let selected_line = Color32::from_rgb(0x3d, 0x7f, 0xd6);
    for id in ["kerry-lavrov-geneva-deal", "russian-air-campaign"] {
        let event = common::event_index(harness.state(), id);
        harness.state_mut().push(Command::Select(Some(event)));
        for _ in 0..60 {
            harness.step();
        }
        harness.run();
        let app = harness.state();
        let chart = app.probe().chart_frame().unwrap();
        let transform = app.probe().timeline_transform();
        let span = app.probe().index().spans[event.get()];
        let is_point = app.probe().dataset().events[event.get()].is_point();
        let times = if is_point {
            vec![0.5 * (span.start + span.end)]
        } else {
            vec![span.start, span.end]
        };
        let mut lines = chart_lines(&harness, &chart, selected_line);
        lines.sort_by(f32::total_cmp);
        let expected: Vec<f32> = times
            .iter()
            .filter(|&&t| (chart.shown.start..=chart.shown.end).contains(&t))
            .map(|&t| transform.x_from_time(t))
            .collect();
        assert!(!expected.is_empty(), "{id} is in view");
        assert_eq!(
            lines.len(),
            expected.len(),
            "{id}: {lines:?} vs {expected:?}"
        );
        for (line, x) in lines.iter().zip(&expected) {
            assert!((line - x).abs() <= 1.0, "{id}: {line} vs {x}");
        }
        let timeline_selected = harness
            .ctx
            .global_style()
            .visuals
            .selection
            .bg_fill
            .gamma_multiply(0.6); // the theme's selected line opacity
        let mut on_timeline = timeline_lines(&harness, timeline, timeline_selected);
        on_timeline.sort_by(f32::total_cmp);
        assert_eq!(on_timeline.len(), lines.len(), "{id}: {on_timeline:?}");
        for (a, b) in on_timeline.iter().zip(&lines) {
            assert!((a - b).abs() <= 1.0, "{id}: timeline {a}, chart {b}");
        }
    }
}

#[test]
fn the_chart_s_tooltip_names_its_source_for_people() {
    let mut harness = harness_on_figures();
    // Tooltips at once, without waiting for their delay.
    harness
        .ctx
        .all_styles_mut(|style| style.interaction.tooltip_delay = 0.0);
    let app = harness.state();
    let chart = app.probe().chart_frame().unwrap();
    let dataset = app.probe().dataset();
    // A point whose source's title holds a commit hash.
    let point = dataset
        .displacement
        .iter()
        .flat_map(|series| &series.points)
        .find(|p| {
            app.probe()
                .source(&p.source)
                .is_some_and(|source| source.title.contains("commit "))
                && chart.shown.contains(p.date.start_instant())
        })
        .expect("a figure from a versioned source is in view");
    let source = app.probe().source(&point.source).unwrap();
    let label = source_label(source);
    assert!(!label.contains("commit"), "{label}");
    let x = 0.5 * (point.date.start_instant() + point.date.end_instant());
    let at = chart.transform().x_from_time(x);
    // Find the point's height on the plot by hovering along its x.
    let mut found = false;
    for step in 0..=40 {
        let y = chart.rect.top() + chart.rect.height() * step as f32 / 40.0;
        harness.hover_at(Pos2::new(at, y));
        harness.run();
        if harness
            .query_by_label_contains(&format!("Source: {label}"))
            .is_some()
        {
            found = true;
            break;
        }
    }
    assert!(found, "the tooltip says “Source: {label}”");
    assert!(
        harness.query_by_label_contains("0c16a6d").is_none(),
        "no commit hash is shown"
    );
}

#[test]
fn series_of_different_units_get_panels_of_their_own_never_one_axis() {
    let mut dataset = load_builtin().unwrap().dataset;
    // One series in per cent: it cannot share the people's axis.
    let mut share = dataset.displacement[0].clone();
    share.id = "share".to_owned();
    share.name = "Share displaced".to_owned();
    share.short_name = None;
    share.unit = "%".to_owned();
    for point in &mut share.points {
        point.value = 40.0;
    }
    dataset.displacement.push(share);
    let index = TimelineIndex::new(&dataset);
    let mut spec = ExportSpec::new(&dataset, days("2011-03", "2017"));
    spec.width = 1400;
    spec.height = 900;
    spec.figures = true;
    let picture = export::draw(&dataset, &index, &spec).unwrap();
    let chart = picture.chart.expect("the chart is drawn");
    let texts: Vec<(String, Rect)> = picture
        .shapes
        .iter()
        .filter_map(|clipped| match &clipped.shape {
            Shape::Text(text) => Some((text.galley.text().to_owned(), text.visual_bounding_rect())),
            _ => None,
        })
        .collect();
    // Each panel says its unit, the per cent panel below the people's.
    let unit = |name: &str| {
        texts
            .iter()
            .find(|(text, rect)| text == name && chart.rect.contains(rect.center()))
            .map(|(_, rect)| *rect)
            .unwrap_or_else(|| panic!("no {name:?} panel label in {texts:?}"))
    };
    let (people, percent) = (unit("people"), unit("%"));
    assert!(percent.top() > people.bottom(), "{people:?} {percent:?}");
    // The per cent panel's scale reads 40 %, not a sliver under millions:
    // its value labels are small numbers.
    let small_labels = texts
        .iter()
        .filter(|(_, rect)| rect.top() > people.bottom() && chart.rect.contains(rect.center()))
        .filter_map(|(text, _)| text.parse::<f64>().ok())
        .filter(|value| *value > 0.0 && *value <= 100.0)
        .count();
    assert!(small_labels >= 1, "{texts:?}");
    // One dataset of one unit keeps its single panel, with no unit label.
    let plain = load_builtin().unwrap().dataset;
    let index = TimelineIndex::new(&plain);
    let mut spec = ExportSpec::new(&plain, days("2011-03", "2017"));
    spec.figures = true;
    let picture = export::draw(&plain, &index, &spec).unwrap();
    assert!(!picture.shapes.iter().any(|clipped| matches!(
        &clipped.shape,
        Shape::Text(text) if text.galley.text() == "people"
    )));
}
