//! The figures chart: every displacement series as an `egui_plot` chart on
//! the timeline's time axis, and a legend. The app's Figures panel and the
//! exports draw the chart through [`figures_chart`].

use eframe::egui;
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
                let name = if short {
                    series.short_label()
                } else {
                    series.name.as_str()
                };
                let latest = series
                    .points
                    .last()
                    .map(|p| format!(" {} ({})", format_with_unit(p.value, &series.unit), p.date))
                    .unwrap_or_default();
                let text = format!("{name}{latest}");
                let mut job = egui::text::LayoutJob::simple_singleline(
                    text.clone(),
                    font.clone(),
                    colors.series(index),
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
    let full = lay_out(false);
    let full_rows = pack_rows(&widths(&full), row_width, legend_style::GAP);
    let shortens = may_shorten
        && shown
            .iter()
            .any(|&index| dataset.displacement[index].is_shortened());
    let (entries, rows, shortened) = if shortens {
        let short = lay_out(true);
        let short_rows = pack_rows(&widths(&short), row_width, legend_style::GAP);
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
    for ((&index, (label, galley)), &entry_row) in shown.iter().zip(entries).zip(&rows) {
        if entry_row != row {
            row = entry_row;
            x = left;
        }
        let y = top + row as f32 * (row_height + legend_style::ROW_GAP);
        let swatch = egui::Rect::from_min_size(
            egui::pos2(x, y + 0.5 * (row_height - legend_style::SWATCH_CELL.y)),
            legend_style::SWATCH_CELL,
        );
        let color = colors.series(index);
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
                entries = legend(ui, &dataset, &colors, &[], true);
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
