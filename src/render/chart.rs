//! The figures chart: every displacement series as an `egui_plot` chart on
//! the timeline's time axis, and a legend. The app's Figures panel and the
//! exports draw the chart through [`figures_chart`].
//!
//! The plot has no axis widgets: egui_plot places them beside the plot and
//! so narrows it, which would put a date at another x than on the timeline.
//! The plot takes the chart's whole width instead, with the value labels
//! painted inside it and the date labels painted whole under it, from the
//! plot's own transform ([`ChartFrame`]).

use eframe::egui;
use egui_plot::{GridMark, Line, Plot, PlotPoints, Points, VLine};

use super::colors::DatasetColors;
use super::theme::{self, chart, legend as legend_style};
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

/// The label of a date mark: the year, the month, the day or the time, by
/// the step.
fn date_label(mark: GridMark) -> String {
    if mark.step_size < 1.0 {
        let precision = if mark.step_size < 1.0 / (24.0 * 60.0) {
            crate::model::Precision::Second
        } else {
            crate::model::Precision::Minute
        };
        // A mark is on its minute; a rounding error below it is not the one before.
        let time = mark.value + mark.step_size * 1e-3;
        return Date::containing_at(time, precision).map_or_else(String::new, |date| {
            let short = crate::view::short_date(date);
            short
                .split_once(", ")
                .map_or(short.clone(), |(_, clock)| clock.to_owned())
        });
    }
    let Some(date) = Date::containing(mark.value + 0.5) else {
        return String::new();
    };
    let short = crate::view::short_date(date);
    if mark.step_size >= 365.0 {
        date.truncated(crate::model::Precision::Year).to_string()
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

/// The series the chart draws, by unit: one group for each unit among the
/// shown series with points, in the order the units first come. Series of
/// different units never share a value axis: each group is a panel of its
/// own, with its own scale.
pub(crate) fn unit_groups(dataset: &Dataset, hidden: &[bool]) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut group_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (index, series) in dataset.displacement.iter().enumerate() {
        if hidden.get(index).copied().unwrap_or(false) || series.points.is_empty() {
            continue;
        }
        let unit = series.unit.trim();
        let group = *group_of.entry(unit).or_insert_with(|| {
            groups.push((unit.to_owned(), Vec::new()));
            groups.len() - 1
        });
        groups[group].1.push(index);
    }
    groups
}

/// What [`figures_chart`] drew: the response of the panel the pointer is
/// on (or the first), the chart's time frame, and the series of that panel.
pub(crate) struct ChartShown {
    pub response: egui_plot::PlotResponse<()>,
    pub frame: ChartFrame,
    /// The series drawn in the panel of `response`.
    pub series: Vec<usize>,
}

/// Draws the chart at the full available width: the plot over the whole
/// width, its value labels inside it, the date labels whole under it. Series
/// of several units are drawn in panels stacked one above the other, each
/// with its own value scale and its unit written in its corner, on the same
/// time axis.
pub(crate) fn figures_chart(ui: &mut egui::Ui, input: &ChartInput<'_>) -> ChartShown {
    let width = ui.available_width();
    let plot_height =
        (input.height - chart::X_LABELS_HEIGHT - ui.spacing().item_spacing.y).max(1.0);
    let mut groups = unit_groups(input.dataset, input.hidden);
    let several = groups.len() > 1;
    if groups.is_empty() {
        groups.push((String::new(), Vec::new()));
    }
    let gap = ui.spacing().item_spacing.y;
    let count = groups.len() as f32;
    let panel_height = ((plot_height - gap * (count - 1.0)) / count).max(1.0);
    let mut shown: Option<ChartShown> = None;
    let mut union: Option<egui::Rect> = None;
    for (at, (unit, members)) in groups.into_iter().enumerate() {
        let response = plot_panel(ui, input, at, &members, panel_height, width);
        let frame = ChartFrame::of(&response);
        paint_value_labels(ui, &response.transform);
        if several {
            paint_unit_label(ui, frame.rect, &unit);
        }
        union = Some(union.map_or(frame.rect, |rect| rect.union(frame.rect)));
        let active = response.response.hovered() || response.response.dragged();
        if shown.is_none() || active {
            shown = Some(ChartShown {
                response,
                frame,
                series: members,
            });
        }
    }
    let mut shown = shown.unwrap_or_else(|| unreachable!("at least one panel is drawn"));
    // The time axis is the same in every panel: one frame over them all.
    if let Some(rect) = union {
        shown.frame.rect = rect;
    }
    let (strip, _) = ui.allocate_exact_size(
        egui::vec2(shown.frame.rect.width(), chart::X_LABELS_HEIGHT),
        egui::Sense::hover(),
    );
    paint_date_labels(ui, &shown.frame, strip);
    shown
}

/// One panel of the chart: the series `members` on a value scale of their
/// own.
fn plot_panel(
    ui: &mut egui::Ui,
    input: &ChartInput<'_>,
    at: usize,
    members: &[usize],
    height: f32,
    width: f32,
) -> egui_plot::PlotResponse<()> {
    let view = input.view;
    let plot_id = ui.make_persistent_id((PLOT_ID, at));
    // Dates on the x axis, on the same calendar steps as the timeline's axis.
    let x_spacer =
        move |grid: egui_plot::GridInput| date_marks(grid.bounds.0, grid.bounds.1, width);
    let y_spacer =
        move |grid: egui_plot::GridInput| value_grid(grid.bounds.0, grid.bounds.1, height);
    // No axis widgets: they would take width from the plot and shift time.
    let plot = Plot::new((PLOT_ID, at))
        .id(plot_id)
        .height(height)
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
    let visuals = ui.visuals().clone();
    plot.show(ui, |plot_ui| {
        plot_ui.set_plot_bounds_x(view.start..=view.end);
        for &index in members {
            let Some(series) = dataset.displacement.get(index) else {
                continue;
            };
            let color = theme::mark_color(input.colors.series(index), &visuals);
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

/// A panel's unit, written in its top right corner.
fn paint_unit_label(ui: &egui::Ui, frame: egui::Rect, unit: &str) {
    let painter = ui.painter().with_clip_rect(frame);
    let color = ui.visuals().strong_text_color();
    let galley = painter.layout_no_wrap(unit.to_owned(), chart::Y_LABEL_FONT, color);
    let pos = egui::pos2(
        frame.right() - chart::Y_LABEL_INSET - galley.size().x,
        frame.top() + chart::Y_LABEL_LIFT,
    );
    let backdrop = ui
        .visuals()
        .extreme_bg_color
        .gamma_multiply(chart::Y_LABEL_BACKDROP_OPACITY);
    painter.rect_filled(
        egui::Rect::from_min_size(pos, galley.size()).expand(chart::Y_LABEL_BACKDROP_MARGIN),
        chart::Y_LABEL_BACKDROP_CORNER_RADIUS,
        backdrop,
    );
    painter.galley(pos, galley, color);
}

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

/// One entry of a drawn legend: where its swatch and its text went.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// The series, an index into the dataset's displacement series.
    pub series: usize,
    pub swatch: egui::Rect,
    pub text: egui::Rect,
    /// The text as drawn.
    pub label: String,
    /// Whether the entry names the series by its short label (the caption
    /// then spells out the full name).
    pub shortened: bool,
}

/// A still legend over as many lines as it needs: each series' colour, name
/// and latest value, one entry that never breaks inside (its swatch on the
/// line of its name); entries wrap as wholes. The series' short labels are
/// used when they save a line and `may_shorten` (where the full names are
/// spelled out elsewhere: the export's caption).
pub(crate) fn legend(
    ui: &mut egui::Ui,
    dataset: &Dataset,
    colors: &DatasetColors,
    hidden: &[bool],
    may_shorten: bool,
    layers: &crate::model::Layers,
) -> Vec<LegendEntry> {
    let shown: Vec<usize> = dataset
        .displacement
        .iter()
        .enumerate()
        .filter(|(index, series)| {
            !hidden.get(*index).copied().unwrap_or(false) && !series.points.is_empty()
        })
        .map(|(index, _)| index)
        .collect();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let left = ui.max_rect().left();
    let row_width = ui.available_width().max(legend_style::SWATCH_CELL.x);
    let swatch_width = legend_style::SWATCH_CELL.x + legend_style::ITEM_SPACING;
    // One line each; a text wider than the whole legend is cut at its end.
    let text_width = (row_width - swatch_width).max(1.0);
    let lay_out = |short: bool| -> Vec<(String, std::sync::Arc<egui::Galley>)> {
        shown
            .iter()
            .map(|&index| {
                let series = &dataset.displacement[index];
                let name = series.label(short);
                let latest = series
                    .points
                    .last()
                    .map(|p| format!(" {} ({})", format_with_unit(p.value, &series.unit), p.date))
                    .unwrap_or_default();
                let text = format!("{name}{latest}");
                let mut job = egui::text::LayoutJob::simple_singleline(
                    text.clone(),
                    font.clone(),
                    theme::text_color_of(colors.series(index), ui.visuals()),
                );
                job.wrap.max_width = text_width;
                job.wrap.max_rows = 1;
                let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
                (text, galley)
            })
            .collect()
    };
    let widths = |entries: &[(String, std::sync::Arc<egui::Galley>)]| -> Vec<f32> {
        entries
            .iter()
            .map(|(_, galley)| swatch_width + galley.size().x)
            .collect()
    };
    // With layers, each dataset's series start a row of their own after
    // its title: the group of each entry, and each group's title.
    let group_of = |index: usize| {
        layers
            .is_layered()
            .then(|| layers.of_series(index))
            .flatten()
    };
    let headings: Vec<Option<std::sync::Arc<egui::Galley>>> = shown
        .iter()
        .enumerate()
        .map(|(at, &index)| {
            let group = group_of(index)?;
            if at > 0 && group_of(shown[at - 1]) == Some(group) {
                return None;
            }
            let title = layers.get(group)?.title.clone();
            let color = ui.visuals().weak_text_color();
            Some(ui.fonts_mut(|fonts| fonts.layout_no_wrap(title, font.clone(), color)))
        })
        .collect();
    let heading_width = |at: usize| {
        headings
            .get(at)
            .and_then(Option::as_ref)
            .map_or(0.0, |galley| galley.size().x + legend_style::GAP)
    };
    let widths = |entries: &[(String, std::sync::Arc<egui::Galley>)]| -> Vec<f32> {
        widths(entries)
            .into_iter()
            .enumerate()
            .map(|(at, width)| width + heading_width(at))
            .collect()
    };
    let starts_group: Vec<bool> = (0..shown.len())
        .map(|at| at > 0 && headings.get(at).is_some_and(Option::is_some))
        .collect();
    let pack = |widths: &[f32]| pack_grouped_rows(widths, &starts_group, row_width);
    let full = lay_out(false);
    let full_rows = pack(&widths(&full));
    let shortens = may_shorten
        && shown
            .iter()
            .any(|&index| dataset.displacement[index].is_shortened());
    let (entries, rows, shortened) = if shortens {
        let short = lay_out(true);
        let short_rows = pack(&widths(&short));
        if short_rows.last() < full_rows.last() {
            (short, short_rows, true)
        } else {
            (full, full_rows, false)
        }
    } else {
        (full, full_rows, false)
    };

    let row_height = entries
        .iter()
        .map(|(_, galley)| galley.size().y)
        .fold(legend_style::SWATCH_CELL.y, f32::max);
    let top = ui.max_rect().top();
    let mut drawn = Vec::with_capacity(entries.len());
    let mut x = left;
    let mut row = 0;
    for (at, ((&index, (label, galley)), &entry_row)) in
        shown.iter().zip(entries).zip(&rows).enumerate()
    {
        if entry_row != row {
            row = entry_row;
            x = left;
        }
        let y = top + row as f32 * (row_height + legend_style::ROW_GAP);
        if let Some(heading) = headings.get(at).and_then(Option::as_ref) {
            let pos = egui::pos2(x, y + 0.5 * (row_height - heading.size().y));
            let color = ui.visuals().weak_text_color();
            ui.painter()
                .galley(pos, std::sync::Arc::clone(heading), color);
            x += heading.size().x + legend_style::GAP;
        }
        let swatch = egui::Rect::from_min_size(
            egui::pos2(x, y + 0.5 * (row_height - legend_style::SWATCH_CELL.y)),
            legend_style::SWATCH_CELL,
        );
        let color = theme::mark_color(colors.series(index), ui.visuals());
        ui.painter().rect_filled(
            egui::Rect::from_center_size(swatch.center(), legend_style::SWATCH),
            legend_style::SWATCH_CORNER_RADIUS,
            color,
        );
        let text_pos = egui::pos2(
            swatch.right() + legend_style::ITEM_SPACING,
            y + 0.5 * (row_height - galley.size().y),
        );
        let text = egui::Rect::from_min_size(text_pos, galley.size());
        ui.painter().galley(text_pos, galley, color);
        x = text.right() + legend_style::GAP;
        let series = &dataset.displacement[index];
        drawn.push(LegendEntry {
            series: index,
            swatch,
            text,
            label,
            shortened: shortened && series.is_shortened(),
        });
    }
    if let Some(last_row) = rows.last() {
        let height =
            (*last_row + 1) as f32 * (row_height + legend_style::ROW_GAP) - legend_style::ROW_GAP;
        ui.allocate_rect(
            egui::Rect::from_min_size(egui::pos2(left, top), egui::vec2(row_width, height)),
            egui::Sense::hover(),
        );
    }
    drawn
}

/// [`pack_rows`], with a new row wherever `starts_group` says a group
/// starts.
fn pack_grouped_rows(widths: &[f32], starts_group: &[bool], row_width: f32) -> Vec<usize> {
    let mut rows = Vec::with_capacity(widths.len());
    let mut start = 0;
    let mut first_row = 0;
    for end in (1..=widths.len())
        .filter(|&end| end == widths.len() || starts_group.get(end).copied().unwrap_or(false))
    {
        let packed = pack_rows(&widths[start..end], row_width, legend_style::GAP);
        let last = packed.last().copied().unwrap_or(0);
        rows.extend(packed.into_iter().map(|row| row + first_row));
        first_row += last + 1;
        start = end;
    }
    rows
}

/// The row of each entry when entries this wide are laid out left to right
/// in rows of `row_width`, `gap` apart, wrapping as wholes: an entry goes to
/// a new row when it would cross the row's end, unless it starts the row.
pub(crate) fn pack_rows(widths: &[f32], row_width: f32, gap: f32) -> Vec<usize> {
    let mut rows = Vec::with_capacity(widths.len());
    let mut row = 0;
    let mut x = 0.0;
    for &width in widths {
        if x > 0.0 && x + width > row_width {
            row += 1;
            x = 0.0;
        }
        rows.push(row);
        x += width + gap;
    }
    rows
}

/// The caption's line naming the series the legend shows by their short
/// labels: "Series: Refugees worldwide = Syrian refugees worldwide (UNHCR,
/// year-end); …", or none.
pub(crate) fn shortened_names_line(dataset: &Dataset, entries: &[LegendEntry]) -> Option<String> {
    let pairs: Vec<String> = entries
        .iter()
        .filter(|entry| entry.shortened)
        .filter_map(|entry| dataset.displacement.get(entry.series))
        .map(|series| format!("{} = {}", series.short_label(), series.name))
        .collect();
    (!pairs.is_empty()).then(|| format!("Series: {}.", pairs.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_marks_within_a_day_say_the_time() {
        let at = |date: &str, step_size: f64| {
            let value = Date::parse(date).expect("a date").start_instant();
            date_label(GridMark { value, step_size })
        };
        assert_eq!(at("2016", 365.0), "2016");
        assert_eq!(at("2016-02-27", 1.0), "27 Feb 2016");
        assert_eq!(at("2016-02-27T06:00", 0.25), "06:00");
        assert_eq!(at("2016-02-27T00:10", 1.0 / 144.0), "00:10");
        assert_eq!(at("2016-02-27T00:10:30", 1.0 / 2880.0), "00:10:30");
    }

    #[test]
    fn entries_wrap_as_wholes() {
        assert_eq!(pack_rows(&[40.0, 40.0, 40.0], 100.0, 10.0), [0, 0, 1]);
        // An entry wider than a row starts its own and the next goes on.
        assert_eq!(pack_rows(&[30.0, 150.0, 30.0], 100.0, 10.0), [0, 1, 2]);
        assert_eq!(pack_rows(&[150.0, 30.0], 100.0, 10.0), [0, 1]);
        assert_eq!(pack_rows(&[], 100.0, 10.0), Vec::<usize>::new());
    }

    /// The built-in dataset's legend drawn `width` wide, with the shapes
    /// painted.
    fn legend_at(width: f32) -> (Dataset, Vec<LegendEntry>, Vec<egui::epaint::ClippedShape>) {
        let dataset = crate::load::load_builtin()
            .expect("the built-in dataset loads")
            .dataset;
        let colors = DatasetColors::new(&dataset);
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(width, 600.0),
            )),
            ..Default::default()
        };
        let mut entries = Vec::new();
        let mut run = |ctx: &egui::Context| {
            let mut output = ctx.run_ui(input.clone(), |ui| {
                entries = legend(
                    ui,
                    &dataset,
                    &colors,
                    &[],
                    true,
                    &crate::model::Layers::default(),
                );
            });
            output.textures_delta.clear();
            output
        };
        // The first pass loads the fonts.
        run(&ctx);
        let output = run(&ctx);
        (dataset, entries, output.shapes)
    }

    #[test]
    fn each_legend_swatch_is_on_the_line_of_its_name() {
        for width in [320.0, 500.0, 900.0, 1900.0, 6000.0] {
            let (dataset, entries, shapes) = legend_at(width);
            assert_eq!(entries.len(), dataset.displacement.len());
            for entry in &entries {
                let swatch_y = entry.swatch.center().y;
                assert!(
                    entry.text.y_range().contains(swatch_y),
                    "{width}: {:?} beside {:?}",
                    entry.swatch,
                    entry.text
                );
                assert!(
                    entry.swatch.right() <= entry.text.left()
                        && entry.text.left() - entry.swatch.right() <= legend_style::ITEM_SPACING,
                    "{width}: {entry:?}"
                );
                // The text is painted as one line, where the entry says.
                let painted = shapes.iter().any(|clipped| match &clipped.shape {
                    egui::Shape::Text(text) => {
                        text.galley.text() == entry.label
                            && text.galley.rows.len() == 1
                            && (text.pos - entry.text.min).length() < 0.5
                    }
                    _ => false,
                });
                assert!(painted, "{width}: {entry:?} painted on one line");
            }
            // Entries do not overlap.
            for (a, b) in entries.iter().zip(entries.iter().skip(1)) {
                let (a, b) = (a.swatch.union(a.text), b.swatch.union(b.text));
                assert!(!a.intersects(b), "{width}: {a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn short_labels_are_used_when_they_save_a_line() {
        let (dataset, wide, _) = legend_at(6000.0);
        assert!(wide.iter().all(|entry| !entry.shortened), "{wide:?}");
        assert_eq!(shortened_names_line(&dataset, &wide), None);
        let (dataset, narrow, _) = legend_at(1900.0);
        assert!(narrow.iter().all(|entry| entry.shortened), "{narrow:?}");
        let line = shortened_names_line(&dataset, &narrow).unwrap_or_default();
        assert!(
            line.starts_with(
                "Series: Refugees worldwide = Syrian refugees worldwide (UNHCR, year-end); "
            ),
            "{line}"
        );
    }
}
