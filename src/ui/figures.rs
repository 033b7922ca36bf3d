//! The Figures panel: an `egui_plot` chart of every series on the timeline's
//! own time axis, and a table of every value with its source.
//!
//! The chart has no view of its own. Each frame it is given the timeline's
//! range; when the user drags or scrolls it, the range it would move to is
//! sent back as a command and becomes the timeline's range, which the chart
//! shows the next frame. One view, no feedback loop.

use eframe::egui::{self, RichText};

use super::{Command, TimelineApp};
use crate::render::chart::{ChartInput, figures_chart, has_figures};
use crate::view::{TimeView, format_exact, format_with_unit};

/// How the table is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum TableSort {
    #[default]
    Date,
    Series,
    Value,
    Source,
}

#[derive(Debug, Default)]
pub(super) struct FiguresPanel {
    pub sort: TableSort,
    pub descending: bool,
    /// Per series: hidden with the legend.
    pub hidden: Vec<bool>,
}

/// Where the chart was drawn last frame and the range it showed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartFrame {
    pub rect: egui::Rect,
    /// The x range the chart showed, read back from the plot (after any
    /// drag this frame).
    pub shown: TimeView,
}

/// One row of the table.
struct Row {
    series: usize,
    point: usize,
}

fn series_color(app: &TimelineApp, series: usize) -> egui::Color32 {
    crate::render::chart::series_color(&app.dataset, series)
}

pub(super) fn figures_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    if !has_figures(&app.dataset) {
        ui.label(RichText::new("No figures in this dataset.").weak());
        return;
    }
    app.figures_panel
        .hidden
        .resize(app.dataset.displacement.len(), false);
    let view = app.view;
    let chart_height = (ui.available_height() * 0.5).clamp(160.0, 420.0);
    let selected_time = app.selected.map(|e| {
        let span = app.index.spans[e as usize];
        0.5 * (span.start + span.end)
    });
    let response = figures_chart(
        ui,
        &ChartInput {
            dataset: &app.dataset,
            view,
            hidden: &app.figures_panel.hidden,
            selected_time,
            pointer_time: app.pointer_time.or(app.previous_pointer_time),
            height: chart_height,
            interactive: true,
        },
    );

    // Dragging the chart moves the shared view.
    let bounds = response.transform.bounds();
    let (min_x, max_x) = (bounds.min()[0], bounds.max()[0]);
    app.chart_frame = Some(ChartFrame {
        rect: *response.transform.frame(),
        shown: TimeView::new(min_x, max_x),
    });
    if (min_x - view.start).abs() > 1e-9 * view.span().max(1.0)
        || (max_x - view.end).abs() > 1e-9 * view.span().max(1.0)
    {
        app.push(Command::SetView(TimeView::new(min_x, max_x)));
    }
    // The wheel zooms about the pointer, as on the timeline.
    if let Some(pointer) = response.response.hover_pos() {
        let anchor = response.transform.value_from_position(pointer).x;
        app.pointer_time = Some(anchor);
        // The wheel zooms and pans as it does on the timeline.
        let wheel = super::timeline::wheel_input(ui, chart_height);
        if wheel.zoom != 0.0 || wheel.pan != 0.0 {
            let factor = f64::from((-wheel.zoom * super::timeline::WHEEL_ZOOM_PER_POINT).exp());
            let days_per_px = view.span() / f64::from(response.transform.frame().width().max(1.0));
            let next = view
                .zoomed_about(anchor, factor)
                .panned(-f64::from(wheel.pan) * days_per_px);
            app.push(Command::SetViewAbout(next, anchor));
        }
        // The nearest visible point, with its value, date, source and note.
        let mut nearest: Option<(f32, usize, usize)> = None;
        for (series_index, series) in app.dataset.displacement.iter().enumerate() {
            if app.figures_panel.hidden[series_index] {
                continue;
            }
            for (point_index, point) in series.points.iter().enumerate() {
                let x = 0.5 * (point.date.start_instant() + point.date.end_instant());
                let screen = response
                    .transform
                    .position_from_point(&egui_plot::PlotPoint::new(x, point.value));
                let distance = screen.distance(pointer);
                if distance < 24.0 && nearest.is_none_or(|(d, _, _)| distance < d) {
                    nearest = Some((distance, series_index, point_index));
                }
            }
        }
        if let Some((_, series_index, point_index)) = nearest {
            // The tooltip is shown as a side effect; the response is not needed.
            drop(
                response
                    .response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| point_tooltip(app, ui, series_index, point_index)),
            );
        }
    }

    legend_ui(app, ui);
    ui.add_space(6.0);
    table_ui(app, ui);
}

/// The legend: one toggle per series, in its colour, with its latest value.
fn legend_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    for index in 0..app.dataset.displacement.len() {
        let color = series_color(app, index);
        let series = &app.dataset.displacement[index];
        let latest = series
            .points
            .last()
            .map(|p| format!("  {} ({})", format_with_unit(p.value, &series.unit), p.date));
        let mut visible = !app.figures_panel.hidden[index];
        ui.horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(14.0, 4.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 1.0, color);
            let text_color = if visible {
                color
            } else {
                ui.visuals().weak_text_color()
            };
            let checkbox = ui.checkbox(&mut visible, "");
            // The name is truncated to the panel's width rather than widening it.
            let name = ui
                .add(
                    egui::Label::new(RichText::new(&series.name).color(text_color))
                        .truncate()
                        .sense(egui::Sense::click()),
                )
                .on_hover_text(format!("{}{}", series.name, latest.unwrap_or_default()));
            let checkbox = checkbox.labelled_by(name.id);
            if name.clicked() {
                visible = !visible;
            }
            if checkbox.changed() || name.clicked() {
                app.figures_panel.hidden[index] = !visible;
            }
        });
    }
}

fn point_tooltip(app: &TimelineApp, ui: &mut egui::Ui, series: usize, point: usize) {
    let s = &app.dataset.displacement[series];
    let p = &s.points[point];
    ui.set_max_width(340.0);
    ui.label(
        RichText::new(&s.name)
            .strong()
            .color(series_color(app, series)),
    );
    ui.label(RichText::new(format!("{} {}", format_exact(p.value), s.unit)).strong());
    ui.label(format!("as of {}", p.date));
    if let Some(source) = app.source(&p.source) {
        ui.label(RichText::new(&source.title).weak());
    }
    if let Some(note) = &p.note {
        ui.label(RichText::new(note).italics());
    }
}

fn table_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    let mut rows: Vec<Row> = Vec::new();
    for (series, s) in app.dataset.displacement.iter().enumerate() {
        if app
            .figures_panel
            .hidden
            .get(series)
            .copied()
            .unwrap_or(false)
        {
            continue;
        }
        rows.extend((0..s.points.len()).map(|point| Row { series, point }));
    }
    let dataset = &app.dataset;
    let point = |row: &Row| &dataset.displacement[row.series].points[row.point];
    rows.sort_by(|a, b| {
        let order = match app.figures_panel.sort {
            TableSort::Date => point(a).date.cmp(&point(b).date),
            TableSort::Series => dataset.displacement[a.series]
                .name
                .cmp(&dataset.displacement[b.series].name),
            TableSort::Value => point(a).value.total_cmp(&point(b).value),
            TableSort::Source => point(a).source.cmp(&point(b).source),
        };
        let order = order.then(point(a).date.cmp(&point(b).date));
        if app.figures_panel.descending {
            order.reverse()
        } else {
            order
        }
    });
    let mut commands = Vec::new();
    let colors: Vec<egui::Color32> = (0..dataset.displacement.len())
        .map(|s| series_color(app, s))
        .collect();
    let target = app.target_view();
    let source_index = &app.source_index;
    let source_of = |id: &str| source_index.get(id).map(|&i| &dataset.sources[i]);
    let panel = &mut app.figures_panel;
    egui::ScrollArea::vertical()
        .id_salt("figures-table")
        .auto_shrink(false)
        .show(ui, |ui| {
            let column = (ui.available_width() / 3.2).max(60.0);
            // Dates, values and headers never wrap; names and sources truncate.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            egui::Grid::new("figures-table-grid")
                .striped(true)
                .num_columns(4)
                .max_col_width(column)
                .show(ui, |ui| {
                    for (label, sort) in [
                        ("Date", TableSort::Date),
                        ("Series", TableSort::Series),
                        ("Value", TableSort::Value),
                        ("Source", TableSort::Source),
                    ] {
                        let active = panel.sort == sort;
                        let arrow = if !active {
                            ""
                        } else if panel.descending {
                            " v"
                        } else {
                            " ^"
                        };
                        if ui
                            .selectable_label(
                                active,
                                RichText::new(format!("{label}{arrow}")).strong(),
                            )
                            .clicked()
                        {
                            if active {
                                panel.descending = !panel.descending;
                            } else {
                                panel.sort = sort;
                                panel.descending = false;
                            }
                        }
                    }
                    ui.end_row();
                    for row in &rows {
                        let series = &dataset.displacement[row.series];
                        let p = &series.points[row.point];
                        if ui
                            .selectable_label(false, crate::view::short_date(p.date))
                            .on_hover_text("Show this date on the timeline")
                            .clicked()
                        {
                            commands.push(Command::AnimateTo(target.centered_on(
                                0.5 * (p.date.start_instant() + p.date.end_instant()),
                            )));
                        }
                        ui.horizontal(|ui| {
                            let (swatch, _) =
                                ui.allocate_exact_size(egui::vec2(8.0, 8.0), egui::Sense::hover());
                            ui.painter().rect_filled(swatch, 2.0, colors[row.series]);
                            ui.add(
                                egui::Label::new(RichText::new(&series.name).small()).truncate(),
                            )
                            .on_hover_text(&series.name);
                        });
                        ui.label(format_with_unit(p.value, &series.unit))
                            .on_hover_text(format!("{} {}", format_exact(p.value), series.unit));
                        match source_of(&p.source) {
                            Some(source) => {
                                let label =
                                    egui::Label::new(RichText::new(&source.title).small().color(
                                        if source.url.is_some() {
                                            ui.visuals().hyperlink_color
                                        } else {
                                            ui.visuals().text_color()
                                        },
                                    ))
                                    .truncate()
                                    .sense(egui::Sense::click());
                                let response = ui.add(label).on_hover_text(&source.title);
                                if let Some(url) = &source.url
                                    && response.clicked()
                                {
                                    ui.ctx().open_url(egui::OpenUrl::new_tab(url));
                                }
                            }
                            None => {
                                ui.label(&p.source);
                            }
                        }
                        ui.end_row();
                    }
                });
        });
    app.pending.extend(commands);
}
