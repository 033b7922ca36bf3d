//! The figures chart: every displacement series as an `egui_plot` chart on
//! the timeline's time axis, and a legend. The app's Figures panel and the
//! exports draw the chart through [`figures_chart`].

use eframe::egui::{self, RichText};
use egui_plot::{GridMark, Line, Plot, PlotPoints, Points, VLine};

use super::colors::DatasetColors;
use super::theme::{chart, legend as legend_style};
use crate::model::{Dataset, Date};
use crate::view::{
    SelectionMarks, TimeTransform, TimeView, format_compact, format_with_unit, time_marks,
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

/// Draws the chart at the full available width.
pub(crate) fn figures_chart(
    ui: &mut egui::Ui,
    input: &ChartInput<'_>,
) -> egui_plot::PlotResponse<()> {
    let view = input.view;
    let width = ui.available_width();
    let plot_id = ui.make_persistent_id(PLOT_ID);
    // Dates on the x axis, on the same calendar steps as the timeline's axis.
    let spacer = move |grid: egui_plot::GridInput| -> Vec<GridMark> {
        let transform = TimeTransform::new(TimeView::new(grid.bounds.0, grid.bounds.1), 0.0, width);
        // The chart writes whole dates ("11 Mar 2016").
        let measure = |label: &str| {
            chart::DATE_CHAR_WIDTH * label.chars().count().max(chart::DATE_MIN_CHARS) as f32
        };
        time_marks(&transform, &measure)
            .into_iter()
            .map(|(value, step_size, _)| GridMark { value, step_size })
            .collect()
    };
    let x_label = |mark: GridMark, _range: &std::ops::RangeInclusive<f64>| -> String {
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
    };
    let plot = Plot::new(PLOT_ID)
        .id(plot_id)
        .height(input.height)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_drag([input.interactive, false])
        .include_y(0.0)
        .show_x(false)
        .show_y(false)
        .x_grid_spacer(spacer)
        .x_axis_formatter(x_label)
        .y_axis_formatter(|mark, _| format_compact(mark.value))
        .y_axis_min_width(chart::Y_AXIS_MIN_WIDTH);
    let dataset = input.dataset;
    let hidden = input.hidden;
    plot.show(ui, |plot_ui| {
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
    })
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
