//! The figures chart: every displacement series as an `egui_plot` chart on
//! the timeline's time axis, and a legend. The app's Figures panel and the
//! exports draw the chart through [`figures_chart`].
//!
//! The plot has no axis widgets: egui_plot places them beside the plot and
//! so narrows it, which would put a date at another x than on the timeline.
//! The plot takes the chart's whole width instead, with the value labels
//! painted inside it and the date labels painted whole under it, from the
//! plot's own transform ([`ChartFrame`]).

use eframe::egui::{self, RichText};
use egui_plot::{GridMark, Line, Plot, PlotPoints, Points, VLine};

use super::colors::DatasetColors;
use super::theme::{chart, legend as legend_style};
use crate::model::{Dataset, Date};
use crate::view::{
    SelectionMarks, TimeTransform, TimeView, format_compact, format_with_unit, label_left_within,
    time_marks, value_marks,
};

/// The chart's plot id.
const PLOT_ID: &str = "figures-chart";

/// Whether the dataset has any figure to chart.
pub(crate) fn has_figures(dataset: &Dataset) -> bool {
    dataset.displacement.iter().any(|s| !s.points.is_empty())
}

/// What the chart shows.
#[derive(Debug)]
pub(crate) struct ChartInput<'a> {
    pub dataset: &'a Dataset,
    /// The dataset's colours, parsed once per dataset.
    pub colors: &'a DatasetColors,
    /// The x range: the timeline's view.
    pub view: TimeView,
    /// Per series: left out.
    pub hidden: &'a [bool],
    /// Vertical lines at the selected event: at a point, or at a range's
    /// start and end.
    pub selected: Option<SelectionMarks>,
    /// A vertical line at the pointer's date over another view.
    pub pointer_time: Option<f64>,
    pub height: f32,
    /// Dragging pans (the app); an export is still.
    pub interactive: bool,
}

/// Where the chart's plot was drawn and the time range it showed: its time
/// ↔ x map. The plot spans the chart's whole width, its value labels inside
/// it, so time is never shifted by them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartFrame {
    /// The plot area (without the date labels under it).
    pub rect: egui::Rect,
    /// The x range the chart showed, read back from the plot (after any
    /// drag this frame).
    pub shown: TimeView,
}

impl ChartFrame {
    fn of(response: &egui_plot::PlotResponse<()>) -> Self {
        let bounds = response.transform.bounds();
        Self {
            rect: *response.transform.frame(),
            shown: TimeView::new(bounds.min()[0], bounds.max()[0]),
        }
    }

    /// The chart's time ↔ x map.
    pub fn transform(&self) -> TimeTransform {
        TimeTransform::new(self.shown, self.rect.left(), self.rect.width())
    }
}

/// The dates marked on the chart's time axis at `width` points: the
/// timeline's minor ticks, spaced for whole dates ("11 Mar 2016").
fn date_marks(start: f64, end: f64, width: f32) -> Vec<GridMark> {
    let transform = TimeTransform::new(TimeView::new(start, end), 0.0, width);
    let measure = |label: &str| {
        chart::DATE_CHAR_WIDTH * label.chars().count().max(chart::DATE_MIN_CHARS) as f32
    };
    time_marks(&transform, &measure)
        .into_iter()
        .map(|(value, step_size, _)| GridMark { value, step_size })
        .collect()
}

/// The label of a date mark: the year, the month or the day, by the step.
fn date_label(mark: GridMark) -> String {
    let Some(date) = Date::containing(mark.value + 0.5) else {
        return String::new();
    };
    let short = crate::view::short_date(date);
    if mark.step_size >= 365.0 {
        date.year_number().to_string()
    } else if mark.step_size >= 28.0 {
        short
            .split_once(' ')
            .map_or(short.clone(), |(_, month_year)| month_year.to_owned())
    } else {
        short
    }
}

/// The value gridlines of a plot `height` points high showing `min..=max`.
fn value_grid(min: f64, max: f64, height: f32) -> Vec<GridMark> {
    // Two lines at least, so even the lowest chart has a value to read.
    let count = f64::from((height / chart::Y_GRID_MIN_SPACING).max(2.0));
    let marks = value_marks(min, max, count);
    let step_size = match marks.as_slice() {
        [a, b, ..] => b - a,
        _ => (max - min).abs(),
    };
    marks
        .into_iter()
        .map(|value| GridMark { value, step_size })
        .collect()
}

/// Draws the chart at the full available width: the plot over the whole
/// width, its value labels inside it, the date labels whole under it.
pub(crate) fn figures_chart(
    ui: &mut egui::Ui,
    input: &ChartInput<'_>,
) -> (egui_plot::PlotResponse<()>, ChartFrame) {
    let view = input.view;
    let width = ui.available_width();
    let plot_height =
        (input.height - chart::X_LABELS_HEIGHT - ui.spacing().item_spacing.y).max(1.0);
    let plot_id = ui.make_persistent_id(PLOT_ID);
    // Dates on the x axis, on the same calendar steps as the timeline's axis.
    let x_spacer =
        move |grid: egui_plot::GridInput| date_marks(grid.bounds.0, grid.bounds.1, width);
    let y_spacer =
        move |grid: egui_plot::GridInput| value_grid(grid.bounds.0, grid.bounds.1, plot_height);
    // No axis widgets: they would take width from the plot and shift time.
    let plot = Plot::new(PLOT_ID)
        .id(plot_id)
        .height(plot_height)
        .show_axes(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_drag([input.interactive, false])
        .include_y(0.0)
        .show_x(false)
        .show_y(false)
        .x_grid_spacer(x_spacer)
        .y_grid_spacer(y_spacer);
    let dataset = input.dataset;
    let hidden = input.hidden;
    let response = plot.show(ui, |plot_ui| {
        plot_ui.set_plot_bounds_x(view.start..=view.end);
        for (index, series) in dataset.displacement.iter().enumerate() {
            if hidden.get(index).copied().unwrap_or(false) {
                continue;
            }
            let color = input.colors.series(index);
            let points: Vec<[f64; 2]> = series
                .points
                .iter()
                .map(|p| {
                    [
                        0.5 * (p.date.start_instant() + p.date.end_instant()),
                        p.value,
                    ]
                })
                .collect();
            if points.len() > 1 {
                plot_ui.line(
                    Line::new(series.name.clone(), PlotPoints::from(points.clone()))
                        .color(color)
                        .width(chart::LINE_WIDTH),
                );
            }
            plot_ui.points(
                Points::new(series.name.clone(), PlotPoints::from(points.clone()))
                    .color(color)
                    .radius(chart::POINT_RADIUS)
                    .filled(true),
            );
            if let [[x, y]] = points.as_slice() {
                // A lone point gets its value written beside it.
                plot_ui.text(
                    egui_plot::Text::new(
                        series.name.clone(),
                        egui_plot::PlotPoint::new(*x, *y),
                        format_compact(*y),
                    )
                    .color(color)
                    .anchor(egui::Align2::LEFT_BOTTOM),
                );
            }
        }
        for time in input.selected.into_iter().flat_map(SelectionMarks::times) {
            plot_ui.vline(
                VLine::new("selected event", time)
                    .color(chart::SELECTED_COLOR)
                    .width(chart::SELECTED_WIDTH)
                    .allow_hover(false),
            );
        }
        if let Some(time) = input.pointer_time {
            plot_ui.vline(
                VLine::new("pointer", time)
                    .color(chart::POINTER_COLOR)
                    .width(chart::POINTER_WIDTH)
                    .allow_hover(false),
            );
        }
    });
    let frame = ChartFrame::of(&response);
    paint_value_labels(ui, &response.transform);
    let (strip, _) = ui.allocate_exact_size(
        egui::vec2(frame.rect.width(), chart::X_LABELS_HEIGHT),
        egui::Sense::hover(),
    );
    paint_date_labels(ui, &frame, strip);
    (response, frame)
}

/// The value labels, inside the plot at its left edge: above their
/// gridline, or under it when there is no room above.
fn paint_value_labels(ui: &egui::Ui, transform: &egui_plot::PlotTransform) {
    let frame = *transform.frame();
    let bounds = transform.bounds();
    let painter = ui.painter().with_clip_rect(frame);
    let color = ui.visuals().weak_text_color();
    let backdrop = ui
        .visuals()
        .extreme_bg_color
        .gamma_multiply(chart::Y_LABEL_BACKDROP_OPACITY);
    for mark in value_grid(bounds.min()[1], bounds.max()[1], frame.height()) {
        let y = transform.position_from_point_y(mark.value);
        let galley = painter.layout_no_wrap(format_compact(mark.value), chart::Y_LABEL_FONT, color);
        let above = y - chart::Y_LABEL_LIFT - galley.size().y;
        let top = if above >= frame.top() {
            above
        } else {
            y + chart::Y_LABEL_LIFT
        };
        let pos = egui::pos2(frame.left() + chart::Y_LABEL_INSET, top);
        // A backdrop keeps the label readable over the series' lines.
        painter.rect_filled(
            egui::Rect::from_min_size(pos, galley.size()).expand(chart::Y_LABEL_BACKDROP_MARGIN),
            chart::Y_LABEL_BACKDROP_CORNER_RADIUS,
            backdrop,
        );
        painter.galley(pos, galley, color);
    }
}

/// The date labels under the plot, each centred on its date's x with a tick,
/// moved inside at the edges so none is cut, and left out where it would
/// run into its neighbour.
fn paint_date_labels(ui: &egui::Ui, frame: &ChartFrame, strip: egui::Rect) {
    let painter = ui.painter();
    let color = ui.visuals().weak_text_color();
    let transform = frame.transform();
    let mut taken_until = f32::NEG_INFINITY;
    for mark in date_marks(frame.shown.start, frame.shown.end, frame.rect.width()) {
        let x = transform.x_from_time(mark.value);
        if !(frame.rect.left()..=frame.rect.right()).contains(&x) {
            continue;
        }
        painter.vline(
            x,
            frame.rect.bottom()..=strip.top() + chart::X_TICK_LENGTH,
            egui::Stroke::new(super::theme::HAIRLINE, color),
        );
        let galley = painter.layout_no_wrap(date_label(mark), chart::X_LABEL_FONT, color);
        let width = galley.size().x;
        let Some(left) = label_left_within(x, width, strip.left(), strip.right()) else {
            continue;
        };
        if left < taken_until {
            continue;
        }
        taken_until = left + width + chart::X_LABEL_GAP;
        painter.galley(
            egui::pos2(left, strip.top() + chart::X_TICK_LENGTH),
            galley,
            color,
        );
    }
}

/// A still legend, wrapped over as many lines as it needs: each series'
/// colour, name and latest value.
pub(crate) fn legend(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    colors: &DatasetColors,
    hidden: &[bool],
) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = legend_style::ITEM_SPACING;
        for (index, series) in dataset.displacement.iter().enumerate() {
            if hidden.get(index).copied().unwrap_or(false) || series.points.is_empty() {
                continue;
            }
            let color = colors.series(index);
            let (swatch, _) =
                ui.allocate_exact_size(legend_style::SWATCH_CELL, egui::Sense::hover());
            ui.painter().rect_filled(
                egui::Rect::from_center_size(swatch.center(), legend_style::SWATCH),
                legend_style::SWATCH_CORNER_RADIUS,
                color,
            );
            let latest = series
                .points
                .last()
                .map(|p| format!(" {} ({})", format_with_unit(p.value, &series.unit), p.date))
                .unwrap_or_default();
            ui.label(RichText::new(format!("{}{latest}", series.name)).color(color));
            ui.add_space(legend_style::GAP);
        }
    });
}
