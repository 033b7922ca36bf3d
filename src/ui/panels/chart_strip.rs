//! The figures chart under the timeline: every series on the timeline's own
//! time axis, with a legend that shows and hides them.
//!
//! The strip spans the timeline's whole width, and its plot too (the value
//! labels are inside it), so a date is at the same x on the timeline, on
//! the chart and on the lines at the pointer and the selected event.
//!
//! The chart has no view of its own. Each frame it is given the timeline's
//! range; when the user drags or scrolls it, the range it would move to is
//! sent back as a command and becomes the timeline's range, which the chart
//! shows the next frame. One view, no feedback loop.

use eframe::egui;

use super::figures::{FiguresPanel, point_tooltip, series_toggle, toggle_width};
use crate::model::Dataset;
use crate::render::chart::{ChartInput, figures_chart, pack_rows};
use crate::render::theme::ui::chart_strip as style;
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::view::TimeView;

/// A point's tooltip shows when the pointer is this close to it, in points.
const HOVER_DISTANCE: f32 = 24.0;

/// The strip's first height and its range, under a timeline sharing
/// `height` points with it.
pub(in crate::ui) fn heights(height: f32) -> (f32, egui::Rangef) {
    let most = (height * style::MAX_SHARE).max(style::MIN_HEIGHT);
    let first = (height * style::DEFAULT_SHARE)
        .clamp(*style::DEFAULT_HEIGHT.start(), *style::DEFAULT_HEIGHT.end())
        .min(most);
    (first, egui::Rangef::new(style::MIN_HEIGHT, most))
}

/// The strip's place: a panel along the bottom of `ui` (the timeline's
/// area, which keeps the rest), resized by dragging its top edge. Its
/// content is drawn there after the timeline ([`FiguresPanel::chart_ui`]).
pub(in crate::ui) fn chart_strip_rect(ui: &mut egui::Ui) -> egui::Rect {
    let (first, range) = heights(ui.available_height());
    // The handle is grabbed a few points either side of the edge.
    let grab_radius = ui.style().interaction.resize_grab_radius_side;
    ui.style_mut().interaction.resize_grab_radius_side = style::GRAB_RADIUS;
    // No side margins: the plot spans the timeline's width exactly.
    let margin = egui::Margin {
        top: style::GAP_ABOVE,
        ..egui::Margin::ZERO
    };
    let rect = egui::Panel::bottom("figures-chart")
        .resizable(true)
        .frame(egui::Frame::NONE.inner_margin(margin))
        .default_size(first)
        .size_range(range)
        .show(ui, super::super::reserve)
        .inner;
    ui.style_mut().interaction.resize_grab_radius_side = grab_radius;
    rect
}

impl FiguresPanel {
    /// The legend, then the chart in the rest of `ui`'s height.
    pub(in crate::ui) fn chart_ui(
        &mut self,
        ui: &mut egui::Ui,
        frame: &FrameContext<'_>,
        out: &mut FrameOutput,
    ) {
        let panel = self;
        let dataset = frame.dataset();
        panel.hidden.resize(dataset.displacement.len(), false);
        legend_rows(ui, frame, &mut panel.hidden);
        let view = frame.view();
        let chart_height = ui.available_height().max(1.0);
        let shown = figures_chart(
            ui,
            &ChartInput {
                dataset,
                view,
                colors: frame.colors(),
                hidden: &panel.hidden,
                selected: frame.selection_marks(),
                pointer_time: frame.last.pointer_time,
                height: chart_height,
                interactive: true,
            },
        );

        let (response, chart_frame) = (shown.response, shown.frame);
        // Dragging the chart moves the shared view.
        let (min_x, max_x) = (chart_frame.shown.start, chart_frame.shown.end);
        panel.chart_frame = Some(chart_frame);
        if (min_x - view.start).abs() > 1e-9 * view.span().max(1.0)
            || (max_x - view.end).abs() > 1e-9 * view.span().max(1.0)
        {
            out.push(Command::SetView(TimeView::new(min_x, max_x)));
        }
        let Some(pointer) = response.response.hover_pos() else {
            return;
        };
        let transform = &response.transform;
        let anchor = transform.value_from_position(pointer).x;
        out.pointer_at(anchor);
        // The wheel zooms about the pointer and pans, as on the timeline.
        let wheel = super::timeline::wheel_input(ui, chart_height);
        if wheel.zoom != 0.0 || wheel.pan != 0.0 {
            let factor = f64::from((-wheel.zoom * super::timeline::WHEEL_ZOOM_PER_POINT).exp());
            let days_per_px = view.span() / f64::from(transform.frame().width().max(1.0));
            let next = view
                .zoomed_about(anchor, factor)
                .panned(-f64::from(wheel.pan) * days_per_px);
            out.push(Command::SetViewAbout(next, anchor));
        }
        // The nearest drawn point, with its value, date, source and note.
        let days_per_px = view.span() / f64::from(transform.frame().width().max(1.0));
        let reach = f64::from(HOVER_DISTANCE) * days_per_px;
        // Only the series of the panel under the pointer: each panel has
        // its own value scale.
        let mut elsewhere = vec![true; dataset.displacement.len()];
        for &series in &shown.series {
            if let Some(flag) = elsewhere.get_mut(series) {
                *flag = false;
            }
        }
        let near = nearest_point(
            dataset,
            &elsewhere,
            (anchor - reach, anchor + reach),
            |x, y| {
                transform
                    .position_from_point(&egui_plot::PlotPoint::new(x, y))
                    .distance(pointer)
            },
        );
        if let Some((series, point)) = near {
            // The tooltip is shown as a side effect; the response is not needed.
            drop(response.response.clone().on_hover_ui_at_pointer(|ui| {
                point_tooltip(frame, ui, series, point);
            }));
        }
    }
}

/// The point of a shown series nearest the pointer, within
/// [`HOVER_DISTANCE`] by `distance` (of a point at this x and y), among
/// those whose x (the middle of their date) is within `x_range`. Only the
/// points in that range are looked at: a series' points are sorted by date.
fn nearest_point(
    dataset: &Dataset,
    hidden: &[bool],
    x_range: (f64, f64),
    distance: impl Fn(f64, f64) -> f32,
) -> Option<(usize, usize)> {
    // A date's middle is at most half its length after its start; no date
    // is longer than a year and a day.
    const LONGEST_HALF_DATE: f64 = 183.0;
    let mut nearest: Option<(f32, usize, usize)> = None;
    for (series_index, series) in dataset.displacement.iter().enumerate() {
        if hidden.get(series_index).copied().unwrap_or(false) {
            continue;
        }
        let first = series
            .points
            .partition_point(|p| p.date.start_instant() < x_range.0 - LONGEST_HALF_DATE);
        for (offset, point) in series.points[first..].iter().enumerate() {
            if point.date.start_instant() > x_range.1 {
                break;
            }
            let x = 0.5 * (point.date.start_instant() + point.date.end_instant());
            let d = distance(x, point.value);
            if d < HOVER_DISTANCE && nearest.is_none_or(|(best, _, _)| d < best) {
                nearest = Some((d, series_index, first + offset));
            }
        }
    }
    nearest.map(|(_, series, point)| (series, point))
}

/// The legend over the chart: a toggle per series with points, in rows that
/// break only between entries. The full names, or the series' short labels
/// when they take fewer rows; the full name on hover.
fn legend_rows(ui: &mut egui::Ui, frame: &FrameContext<'_>, hidden: &mut [bool]) {
    let dataset = frame.dataset();
    // With layers, each dataset's series under its title.
    let layers = &frame.data.layers;
    if layers.is_layered() {
        for layer in layers.iter() {
            let series = dataset
                .displacement
                .get(layer.series.clone())
                .unwrap_or_default();
            if series.iter().all(|s| s.points.is_empty()) {
                continue;
            }
            ui.label(egui::RichText::new(&layer.title).small().weak());
            legend_group(ui, frame, hidden, layer.series.clone());
        }
        return;
    }
    legend_group(ui, frame, hidden, 0..dataset.displacement.len());
}

/// The toggles of the series in `series`, in rows.
fn legend_group(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    hidden: &mut [bool],
    series: std::ops::Range<usize>,
) {
    let dataset = frame.dataset();
    let shown: Vec<usize> = dataset
        .displacement
        .iter()
        .enumerate()
        .filter(|(index, series_)| series.contains(index) && !series_.points.is_empty())
        .map(|(index, _)| index)
        .collect();
    let room = ui.available_width();
    let widths = |short: bool| -> Vec<f32> {
        shown
            .iter()
            .map(|&index| {
                let series = &dataset.displacement[index];
                let name = series.label(short);
                toggle_width(ui, name)
            })
            .collect()
    };
    // The short labels when they save a row.
    let full = pack_rows(&widths(false), room, style::LEGEND_GAP);
    let short_rows = pack_rows(&widths(true), room, style::LEGEND_GAP);
    let short = short_rows.last() < full.last();
    let rows = if short { short_rows } else { full };
    let mut entries = shown.iter().zip(&rows).peekable();
    while let Some(&(_, &row)) = entries.peek() {
        ui.horizontal(|ui| {
            let mut first = true;
            while let Some((&index, _)) = entries.next_if(|(_, r)| **r == row) {
                if !first {
                    ui.add_space(style::LEGEND_GAP - ui.spacing().item_spacing.x);
                }
                first = false;
                let series = &dataset.displacement[index];
                let name = series.label(short);
                if let Some(hidden) = hidden.get_mut(index) {
                    series_toggle(ui, frame, index, hidden, name);
                }
            }
        });
    }
}
