//! The Quotes and Figures panels driven headlessly, linked with the timeline.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::model::Date;
use conflict_timeline::ui::{ChartPlacement, Command, SideTab, TimelineApp};
use eframe::egui::{self, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

mod common;

use common::event_index;

fn harness_on(tab: SideTab) -> Harness<'static, TimelineApp> {
    harness_on_at(tab, 1400.0, 860.0)
}

/// [`harness_on`] in a window of `width × height`.
fn harness_on_at(tab: SideTab, width: f32, height: f32) -> Harness<'static, TimelineApp> {
    let mut harness = common::app_harness(width, height);
    harness.state_mut().push(Command::SetSideTab(tab));
    harness.run();
    assert_eq!(harness.state().probe().side_tab(), tab);
    harness
}

#[test]
fn clicking_a_quote_selects_its_event_and_moves_the_timeline_there() {
    let mut harness = harness_on(SideTab::Quotes);
    // Start far away from the quote, zoomed in on 2012.
    let year_2012 = Date::parse("2012").unwrap();
    harness
        .state_mut()
        .push(Command::SetView(conflict_timeline::TimeView::new(
            year_2012.start_instant(),
            year_2012.end_instant(),
        )));
    harness.run();
    let text = "“That is ambitious.”";
    harness.get_by_label(text).click();
    harness.run();
    let app = harness.state();
    let quote = app
        .probe()
        .dataset()
        .quotes
        .iter()
        .find(|q| q.text == "That is ambitious.")
        .unwrap();
    let selected = app
        .probe()
        .selected_event()
        .expect("the quote's event is selected");
    assert!(
        quote.events.iter().any(|id| *id == selected.id),
        "{} is one of {:?}",
        selected.id,
        quote.events
    );
    assert!(
        app.probe().view().contains(quote.date.start_instant()),
        "{:?} shows {}",
        app.probe().view(),
        quote.date
    );
}

#[test]
fn selecting_an_event_lists_its_quotes_first() {
    let mut harness = harness_on(SideTab::Quotes);
    let deal = event_index(harness.state(), "kerry-lavrov-geneva-deal");
    harness.state_mut().push(Command::Select(Some(deal)));
    harness.run();
    let app = harness.state();
    let order = app.probe().quote_order();
    assert_eq!(order.len(), app.probe().dataset().quotes.len());
    let first = &app.probe().dataset().quotes[order[0]];
    assert!(
        first.events.iter().any(|e| e == "kerry-lavrov-geneva-deal"),
        "{first:?}"
    );
}

#[test]
fn quote_cards_outside_the_view_say_so_by_the_list_s_rule() {
    // Tall enough that every card is laid out.
    let mut harness = common::app_harness(1400.0, 4000.0);
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Quotes));
    let february = Date::parse("2016-02").unwrap();
    let view = (february.start_instant(), february.end_instant());
    harness
        .state_mut()
        .push(Command::SetView(conflict_timeline::TimeView::new(
            view.0, view.1,
        )));
    harness.run();
    let app = harness.state();
    let not_in_view = app
        .probe()
        .dataset()
        .quotes
        .iter()
        .filter(|quote| {
            let spans = quote.events.iter().map(|id| {
                let event = event_index(app, id);
                app.probe().index().spans[event.get()]
            });
            !conflict_timeline::testing::quote_in_view(quote, spans, view)
        })
        .count();
    assert!(
        not_in_view > 0 && not_in_view < app.probe().dataset().quotes.len(),
        "{not_in_view} quotes out of view"
    );
    let marked = harness.query_all_by_label_contains("· not in view").count();
    assert_eq!(marked, not_in_view);
}

#[test]
fn the_chart_follows_the_timeline_and_dragging_it_moves_the_timeline() {
    let mut harness = harness_on(SideTab::Figures);
    let chart = harness
        .state()
        .probe()
        .chart_frame()
        .expect("the chart is drawn");
    assert_eq!(chart.shown, harness.state().probe().view());

    // Zoom the timeline: the chart shows the same range.
    let timeline = harness.state().probe().timeline_rect();
    let spot = Pos2::new(timeline.center().x, timeline.bottom() - 20.0);
    harness.hover_at(spot);
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Line,
        delta: egui::vec2(0.0, 3.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    harness.run();
    let app = harness.state();
    let chart = app.probe().chart_frame().unwrap();
    assert_eq!(
        chart.shown,
        app.probe().view(),
        "the chart's x range is the timeline's"
    );

    // Drag the chart: the timeline moves by the same time.
    let before = app.probe().view();
    let days_per_px = before.span() / f64::from(chart.rect.width());
    let start = chart.rect.center();
    harness.hover_at(start);
    harness.drag_at(start);
    for step in 1..=10 {
        harness.hover_at(Pos2::new(start.x - 10.0 * step as f32, start.y));
    }
    harness.drop_at(Pos2::new(start.x - 100.0, start.y));
    harness.run();
    let after = harness.state().probe().view();
    let moved = after.start - before.start;
    assert!(moved > 0.0, "dragging left moves later in time: {moved}");
    assert!(
        (moved - 100.0 * days_per_px).abs() < 0.25 * 100.0 * days_per_px,
        "moved {moved} days, expected about {}",
        100.0 * days_per_px
    );
    assert!((after.span() - before.span()).abs() < 1e-6 * before.span());
    assert_eq!(harness.state().probe().chart_frame().unwrap().shown, after);
}

#[test]
fn toggling_a_series_in_the_legend_hides_it() {
    let mut harness = harness_on(SideTab::Figures);
    let name = harness.state().probe().dataset().displacement[0]
        .name
        .clone();
    assert!(!harness.state().probe().hidden_series()[0]);
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, &name)
        .click();
    harness.run();
    assert!(harness.state().probe().hidden_series()[0]);
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, &name)
        .click();
    harness.run();
    assert!(!harness.state().probe().hidden_series()[0]);
}

#[test]
fn alternating_timeline_and_chart_interactions_do_not_drift() {
    let mut harness = harness_on(SideTab::Figures);
    let start_view = harness.state().probe().view();
    let timeline = harness.state().probe().timeline_rect();
    let spot = Pos2::new(timeline.center().x, timeline.bottom() - 20.0);
    for round in 0..6 {
        // Zoom in on the timeline.
        harness.hover_at(spot);
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 40.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.run();
        assert_eq!(
            harness.state().probe().chart_frame().unwrap().shown,
            harness.state().probe().view(),
            "round {round}"
        );
        // Drag the chart right, then back left by the same distance.
        let chart = harness.state().probe().chart_frame().unwrap().rect.center();
        for dx in [60.0, -60.0] {
            harness.hover_at(chart);
            harness.drag_at(chart);
            for step in 1..=6 {
                harness.hover_at(Pos2::new(chart.x + dx * step as f32 / 6.0, chart.y));
            }
            harness.drop_at(Pos2::new(chart.x + dx, chart.y));
            harness.run();
            assert_eq!(
                harness.state().probe().chart_frame().unwrap().shown,
                harness.state().probe().view(),
                "round {round}"
            );
        }
        // Zoom back out by the same amount.
        harness.hover_at(spot);
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -40.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        harness.run();
    }
    let end_view = harness.state().probe().view();
    let tolerance = 0.02 * start_view.span();
    assert!(
        (end_view.start - start_view.start).abs() < tolerance,
        "{start_view:?} → {end_view:?}"
    );
    assert!(
        (end_view.end - start_view.end).abs() < tolerance,
        "{start_view:?} → {end_view:?}"
    );
}

#[test]
fn the_figures_table_sorts_by_a_header_and_a_date_moves_the_timeline() {
    let mut harness = harness_on(SideTab::Figures);
    // Sort by value, largest first: a second click on a header reverses it.
    harness.get_by_label("Value").click();
    harness.run();
    harness.get_by_label("Value ^").click();
    harness.run();
    harness.get_by_label("Value v");

    let app = harness.state();
    let (series, largest) = app
        .probe()
        .dataset()
        .displacement
        .iter()
        .flat_map(|series| series.points.iter().map(move |point| (series, point)))
        .max_by(|a, b| a.1.value.total_cmp(&b.1.value))
        .unwrap();
    let date = largest.date;
    let label = conflict_timeline::testing::short_date(date);
    let value = conflict_timeline::testing::format_with_unit(largest.value, &series.unit);
    // The first row under the header holds the largest value and its date.
    let header_bottom = harness.get_by_label("Value v").rect().bottom();
    let value_cell = harness
        .get_all_by_label(&value)
        .filter(|node| node.rect().top() > header_bottom)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the largest value is listed");
    let row_top = value_cell.rect().top();
    let date_cell = harness
        .get_all_by_label(&label)
        .find(|node| (node.rect().top() - row_top).abs() < 4.0)
        .expect("the date is on the same row");
    date_cell.click();
    for _ in 0..60 {
        harness.step();
    }
    let view = harness.state().probe().view();
    let middle = 0.5 * (date.start_instant() + date.end_instant());
    assert!(
        (view.center() - middle).abs() < 1.0,
        "{view:?} is centred on {date}"
    );
}

/// The timeline's share of the window's width.
fn timeline_share(harness: &Harness<'static, TimelineApp>, window_width: f32) -> f32 {
    harness.state().probe().timeline_rect().width() / window_width
}

#[test]
fn the_timeline_keeps_sixty_percent_of_the_width_whatever_the_tab() {
    for (width, height) in [(900.0, 600.0), (1280.0, 800.0), (800.0, 500.0)] {
        for tab in [SideTab::Details, SideTab::Quotes, SideTab::Figures] {
            let mut harness = common::app_harness(width, height);
            harness.state_mut().push(Command::SetSideTab(tab));
            harness.run();
            let share = timeline_share(&harness, width);
            assert!(
                share >= 0.6,
                "{tab:?} at {width}×{height}: the timeline has {share:.2} of the width"
            );
        }
    }
}

#[test]
fn a_panel_made_wide_gives_the_width_back_when_the_window_shrinks() {
    // A window wide enough for the panel to widen past its first width.
    let mut harness = harness_on_at(SideTab::Figures, 1600.0, 900.0);
    // Drag the panel's edge far to the left: as wide as it may be.
    let edge_x = side_panel_left(&harness);
    let y = 400.0;
    drag(&mut harness, Pos2::new(edge_x, y), Pos2::new(200.0, y));
    assert!(
        side_panel_left(&harness) < edge_x - 30.0,
        "the panel widened from {edge_x} to {}",
        side_panel_left(&harness)
    );
    harness.set_size(egui::vec2(900.0, 600.0));
    harness.run();
    let share = timeline_share(&harness, 900.0);
    assert!(share >= 0.6, "the timeline has {share:.2} of 900 points");
}

#[test]
fn the_side_panel_s_handle_is_grabbed_a_few_points_from_its_edge() {
    // Six points either side: a grab area of twelve.
    for offset in [-6.0, 6.0] {
        let mut harness = harness_on(SideTab::Details);
        let edge_x = side_panel_left(&harness);
        let y = 400.0;
        let from = Pos2::new(edge_x + offset, y);
        // Narrower: a wider panel would stop at its widest.
        let to = Pos2::new(from.x + 60.0, y);
        drag(&mut harness, from, to);
        // The panel's edge follows the pointer.
        let left = side_panel_left(&harness);
        assert!(
            (left - to.x).abs() < 2.0,
            "grabbed {offset} points from the edge at {edge_x}, dropped at {}: the edge is at {left}",
            to.x
        );
    }
}

/// The side panel's left edge: where the central area ends.
fn side_panel_left(harness: &Harness<'static, TimelineApp>) -> f32 {
    harness
        .state()
        .probe()
        .side_panel_rect()
        .expect("the side panel is shown")
        .left()
}

/// Presses at `from`, moves to `to` over a few frames and lets go.
fn drag(harness: &mut Harness<'static, TimelineApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for step in 1..=10 {
        harness.hover_at(from + (to - from) * (step as f32 / 10.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.run();
}

/// The width `text` takes on one line in `style`, as the app lays it out.
fn natural_width(
    harness: &Harness<'static, TimelineApp>,
    text: &str,
    style: egui::TextStyle,
) -> f32 {
    let font = style.resolve(&harness.ctx.global_style());
    harness.ctx.fonts_mut(|fonts| {
        fonts
            .layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    })
}

/// Asserts every series' legend name is drawn whole inside `room`, by its
/// full name or its short label; returns how many are short.
fn assert_legend_names_whole(harness: &Harness<'static, TimelineApp>, room: egui::Rect) -> usize {
    let dataset = harness.state().probe().dataset().clone();
    let mut shortened = 0;
    for series in &dataset.displacement {
        // The name's label inside the room (not the table's cells).
        let find = |text: &str| {
            harness
                .query_all_by_role_and_label(egui::accesskit::Role::Label, text)
                .map(|node| node.rect())
                .find(|rect| room.contains(rect.center()))
        };
        let (rect, text) = match find(&series.name) {
            Some(rect) => (rect, series.name.clone()),
            None => (
                find(series.short_label())
                    .unwrap_or_else(|| panic!("{} in the legend in {room:?}", series.name)),
                series.short_label().to_owned(),
            ),
        };
        shortened += usize::from(text != series.name);
        let needed = natural_width(harness, &text, egui::TextStyle::Body);
        assert!(
            rect.width() + 0.5 >= needed && room.contains_rect(rect.shrink(0.5)),
            "{text:?} is cut: {} of {needed} points at {rect:?} in {room:?}",
            rect.width(),
        );
        // Its check box is named by the full name, for a screen reader.
        harness.get_by_role_and_label(egui::accesskit::Role::CheckBox, &series.name);
    }
    shortened
}

#[test]
fn legend_names_are_whole_short_where_the_full_name_does_not_fit() {
    // Over the chart, under the timeline: short labels where they save a
    // row, the full names where they do not.
    let mut two_series = conflict_timeline::load::load_builtin().unwrap().dataset;
    two_series.displacement.truncate(2);
    for (dataset, width, short) in [(None, 1400.0, true), (Some(two_series), 1800.0, false)] {
        let mut harness = match dataset {
            None => common::app_harness(width, 900.0),
            Some(dataset) => common::harness_showing(dataset, width, 900.0),
        };
        harness
            .state_mut()
            .push(Command::SetSideTab(SideTab::Figures));
        harness.run();
        let probe = harness.state().probe();
        let timeline = probe.timeline_rect();
        let chart = probe.chart_frame().expect("the chart is drawn").rect;
        let room = egui::Rect::from_x_y_ranges(timeline.x_range(), timeline.bottom()..=chart.top());
        let shortened = assert_legend_names_whole(&harness, room);
        assert_eq!(shortened > 0, short, "{width}: {shortened} shown short");
    }
    // In the Figures tab, when the chart is not drawn.
    let mut harness = harness_on(SideTab::Figures);
    harness
        .state_mut()
        .push(Command::SetChartPlacement(ChartPlacement::Never));
    harness.run();
    assert!(harness.state().probe().chart_frame().is_none());
    let panel = harness.state().probe().side_panel_rect().unwrap();
    assert!(assert_legend_names_whole(&harness, panel) > 0);
}

#[test]
fn every_table_column_shows_its_content_at_the_default_width() {
    // The app's first window.
    let harness = harness_on_at(SideTab::Figures, 1440.0, 880.0);
    let app = harness.state();
    let table = app.probe().figures_table().expect("the table is drawn");
    assert!(table.rows > 0);
    for (column, (content, width)) in table.content.iter().zip(table.widths).enumerate() {
        assert!(
            *content <= width + 0.01,
            "column {column}: {content} of content in {width}: {table:?}"
        );
    }
    // Measured apart: every value, series and source shown is whole.
    let dataset = app.probe().dataset();
    let panel = app.probe().side_panel_rect().unwrap();
    let mut checked = 0;
    let mut texts: Vec<(String, egui::TextStyle)> = Vec::new();
    for series in &dataset.displacement {
        texts.push((series.short_label().to_owned(), egui::TextStyle::Small));
        for point in &series.points {
            let value = conflict_timeline::testing::format_with_unit(point.value, &series.unit);
            texts.push((value, egui::TextStyle::Body));
            if let Some(source) = app.probe().source(&point.source) {
                let label = conflict_timeline::testing::source_short_label(source);
                texts.push((label, egui::TextStyle::Small));
            }
        }
    }
    texts.sort_by(|a, b| a.0.cmp(&b.0));
    texts.dedup_by(|a, b| a.0 == b.0);
    for (text, style) in texts {
        let needed = natural_width(&harness, &text, style);
        for node in harness.query_all_by_role_and_label(egui::accesskit::Role::Label, &text) {
            let rect = node.rect();
            if rect.bottom() < panel.center().y || !panel.contains(rect.center()) {
                continue; // Not in the table (the chart's legend, a tooltip).
            }
            checked += 1;
            assert!(
                rect.width() + 0.5 >= needed && rect.right() <= panel.right(),
                "{text:?} is cut: {} of {needed} points",
                rect.width()
            );
        }
    }
    assert!(checked > 10, "{checked} cells checked");
}

#[test]
fn only_in_view_lists_the_values_in_the_timeline_s_view() {
    let mut harness = harness_on(SideTab::Figures);
    let all = harness.state().probe().figures_table().unwrap().rows;
    let in_range = |harness: &Harness<'static, TimelineApp>, from: &str, to: &str| {
        let (start, end) = (
            Date::parse(from).unwrap().start_instant(),
            Date::parse(to).unwrap().end_instant(),
        );
        let count = harness
            .state()
            .probe()
            .dataset()
            .displacement
            .iter()
            .flat_map(|s| &s.points)
            .filter(|p| {
                let middle = 0.5 * (p.date.start_instant() + p.date.end_instant());
                start <= middle && middle < end
            })
            .count();
        (conflict_timeline::TimeView::new(start, end), count)
    };
    let (view, expected) = in_range(&harness, "2013", "2014");
    assert!(expected > 0 && expected < all, "{expected} of {all}");
    harness.state_mut().push(Command::SetView(view));
    harness.run();
    assert_eq!(harness.state().probe().figures_table().unwrap().rows, all);
    harness.get_by_label("only in view").click();
    harness.run();
    assert_eq!(
        harness.state().probe().figures_table().unwrap().rows,
        expected
    );
    // It follows the view.
    let (view, expected) = in_range(&harness, "2016-01", "2016-12");
    harness.state_mut().push(Command::SetView(view));
    harness.run();
    assert_eq!(
        harness.state().probe().figures_table().unwrap().rows,
        expected
    );
}

#[test]
fn in_a_small_window_the_table_keeps_dates_and_values_whole() {
    let mut harness = common::app_harness(900.0, 600.0);
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Figures));
    harness.run();
    let table = harness.state().probe().figures_table().unwrap();
    let panel = harness.state().probe().side_panel_rect().unwrap();
    assert!(
        table.widths.iter().sum::<f32>() < panel.width(),
        "{table:?} in {panel:?}"
    );
    for column in [0, 2] {
        assert!(
            table.content[column] <= table.widths[column] + 0.01,
            "column {column}: {table:?}"
        );
    }
}

#[test]
fn the_chart_is_under_the_timeline_with_the_figures_tab_always_or_never() {
    let mut harness = harness_on(SideTab::Details);
    let full_height = harness.state().probe().timeline_rect().height();
    assert!(harness.state().probe().chart_frame().is_none());

    // With the Figures tab, the chart takes the bottom of the timeline's area.
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Figures));
    harness.run();
    let probe = harness.state().probe();
    let timeline = probe.timeline_rect();
    let chart = probe
        .chart_frame()
        .expect("the chart is drawn with Figures");
    assert!(chart.rect.top() > timeline.bottom());
    assert!(
        timeline.height() < full_height && timeline.height() >= 0.45 * full_height,
        "{} of {full_height}",
        timeline.height()
    );

    // Always: whatever the tab, and with the side panel hidden.
    harness
        .state_mut()
        .push(Command::SetChartPlacement(ChartPlacement::Always));
    for tab in [SideTab::Quotes, SideTab::Details] {
        harness.state_mut().push(Command::SetSideTab(tab));
        harness.run();
        assert!(harness.state().probe().chart_frame().is_some(), "{tab:?}");
    }
    harness.state_mut().push(Command::SetSidePanelHidden(true));
    harness.run();
    assert!(harness.state().probe().chart_frame().is_some());
    assert_eq!(
        harness.state().probe().settings().chart,
        ChartPlacement::Always
    );

    // Never: the Figures tab offers to draw it again.
    harness.state_mut().push(Command::SetSidePanelHidden(false));
    harness
        .state_mut()
        .push(Command::SetChartPlacement(ChartPlacement::Never));
    harness
        .state_mut()
        .push(Command::SetSideTab(SideTab::Figures));
    harness.run();
    assert!(harness.state().probe().chart_frame().is_none());
    assert_eq!(
        harness.state().probe().timeline_rect().height(),
        full_height
    );
    harness
        .get_by_label("Draw the chart under the timeline")
        .click();
    harness.run();
    harness.run();
    assert!(harness.state().probe().chart_frame().is_some());
    assert_eq!(
        harness.state().probe().settings().chart,
        ChartPlacement::WithFiguresTab
    );
}

#[test]
fn the_view_menu_places_the_chart() {
    let mut harness = harness_on(SideTab::Quotes);
    assert!(harness.state().probe().chart_frame().is_none());
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Figures chart under the timeline")
        .click();
    harness.run();
    harness.get_by_label("Always").click();
    harness.run();
    harness.run();
    assert_eq!(
        harness.state().probe().settings().chart,
        ChartPlacement::Always
    );
    assert!(harness.state().probe().chart_frame().is_some());
}

#[test]
fn dragging_the_chart_s_top_edge_resizes_it_and_the_timeline_keeps_the_rest() {
    let mut harness = harness_on(SideTab::Figures);
    let probe = harness.state().probe();
    let (timeline, chart) = (probe.timeline_rect(), probe.chart_frame().unwrap().rect);
    let area = chart.bottom() - timeline.top();
    // The edge is between the timeline and the chart's legend, grabbed a
    // few points off it.
    let edge = Pos2::new(timeline.center().x, timeline.bottom() + 3.0);
    drag(&mut harness, edge, edge - egui::vec2(0.0, 120.0));
    let probe = harness.state().probe();
    let (taller, after) = (probe.chart_frame().unwrap().rect, probe.timeline_rect());
    assert!(
        (taller.height() - chart.height() - 120.0).abs() <= 4.0,
        "{chart:?} → {taller:?}"
    );
    assert!((after.height() - (timeline.height() - 120.0)).abs() <= 4.0);
    assert!(
        (taller.left() - after.left()).abs() <= 0.5
            && (taller.right() - after.right()).abs() <= 0.5
    );

    // Dragged far up, the timeline keeps almost half the area.
    let edge = Pos2::new(after.center().x, after.bottom() + 3.0);
    drag(&mut harness, edge, Pos2::new(edge.x, timeline.top() + 10.0));
    let after = harness.state().probe().timeline_rect();
    assert!(after.height() >= 0.4 * area, "{after:?} in {area}");
}

#[test]
fn a_table_shown_in_the_first_frame_is_measured_in_the_theme_s_fonts() {
    // The app starts on the Figures tab (as saved), so the table is drawn
    // in the frame that applies the theme's larger text.
    let settings = conflict_timeline::ui::Settings {
        side_tab: SideTab::Figures,
        ..Default::default()
    };
    let mut storage = common::MemoryStorage::default();
    eframe::set_value(&mut storage, "conflict-timeline", &settings);
    let dataset = conflict_timeline::load::load_builtin().unwrap().dataset;
    let mut app = TimelineApp::new(dataset);
    app.restore(&storage);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 880.0))
        .with_step_dt(0.05)
        .build_ui_state(|ui, app: &mut TimelineApp| app.ui(ui), app);
    harness.run();
    let table = harness
        .state()
        .probe()
        .figures_table()
        .expect("the table is drawn");
    for (column, (content, width)) in table.content.iter().zip(table.widths).enumerate() {
        assert!(
            *content <= width + 0.01,
            "column {column}: {content} of content in {width}: {table:?}"
        );
    }
    // The series' short names are measured at the size they are drawn.
    let widest_series = harness
        .state()
        .probe()
        .dataset()
        .displacement
        .iter()
        .map(|series| natural_width(&harness, series.short_label(), egui::TextStyle::Small))
        .fold(0.0, f32::max);
    assert!(
        table.content[1] >= widest_series,
        "{table:?} vs {widest_series}"
    );
}
