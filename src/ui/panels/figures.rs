//! The Figures panel: an `egui_plot` chart of every series on the timeline's
//! own time axis, and a table of every value with its source.
//!
//! The chart has no view of its own. Each frame it is given the timeline's
//! range; when the user drags or scrolls it, the range it would move to is
//! sent back as a command and becomes the timeline's range, which the chart
//! shows the next frame. One view, no feedback loop.

use eframe::egui::{self, RichText};

use super::Panel;
use std::collections::{HashMap, HashSet};

use crate::model::{Dataset, SeriesPoint, web_link};
use crate::render::chart::{ChartFrame, has_figures};
use crate::render::theme::ui::figures as style;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::ui::{ChartPlacement, Command};
use crate::view::{
    TimeView, format_exact, format_with_unit, source_label, source_short_label, source_title,
};

/// How the table is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(in crate::ui) enum TableSort {
    #[default]
    Date,
    Series,
    Value,
    Source,
}

/// The table's order: by what, and whether descending.
pub(in crate::ui) type SortOrder = (TableSort, bool);

/// The panel's own state.
#[derive(Debug, Default)]
pub(in crate::ui) struct FiguresPanel {
    sort: TableSort,
    descending: bool,
    /// The table lists only the values in the timeline's view.
    pub only_in_view: bool,
    /// Per series: hidden with the legend.
    pub hidden: Vec<bool>,
    /// The table's rows in display order, and what they were sorted for:
    /// sorted again only when the data, the sort, the hidden series or
    /// (with "only in view") the view change.
    rows: Option<(RowsKey, Vec<Row>)>,
    /// How wide each column's content is, per dataset version and text
    /// sizes: measured once, since every value of the dataset may be
    /// listed, and again when the look changes the fonts.
    content_widths: Option<(WidthsKey, [f32; COLUMNS])>,
    /// The chart as drawn last frame, when it was.
    pub chart_frame: Option<ChartFrame>,
    /// The table as laid out last frame, when it was.
    pub table: Option<TableFit>,
}

/// The table's columns: date, series, value, source.
const COLUMNS: usize = 4;

/// How the table was laid out last frame: each column's content's widest
/// (header included) and the width it was given, and the rows listed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableFit {
    /// Date, series, value, source.
    pub content: [f32; COLUMNS],
    pub widths: [f32; COLUMNS],
    pub rows: usize,
}

impl FiguresPanel {
    pub(crate) fn with_series(series: usize) -> Self {
        Self {
            hidden: vec![false; series],
            ..Self::default()
        }
    }

    pub(crate) fn sort_order(&self) -> SortOrder {
        (self.sort, self.descending)
    }

    pub(crate) fn set_sort_order(&mut self, (sort, descending): SortOrder) {
        self.sort = sort;
        self.descending = descending;
    }
}

/// What the table's row order depends on.
#[derive(Clone, Debug, PartialEq)]
struct RowsKey {
    data_version: u64,
    sort: TableSort,
    descending: bool,
    hidden: Vec<bool>,
    /// The view, only when it filters.
    view: Option<(f64, f64)>,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
struct Row {
    series: usize,
    point: usize,
}

impl Panel for FiguresPanel {
    fn draw(&mut self, ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
        puffin::profile_function!();
        let panel = self;
        let dataset = frame.dataset();
        if !has_figures(dataset) {
            ui.label(RichText::new("No figures in this dataset.").weak());
            return;
        }
        panel.hidden.resize(dataset.displacement.len(), false);
        // With the chart drawn, its legend under the timeline shows and
        // hides the series; else the tab does.
        if !frame.chart_shown() {
            legend_ui(ui, frame, &mut panel.hidden);
            if frame.settings.chart == ChartPlacement::Never
                && ui.button("Draw the chart under the timeline").clicked()
            {
                out.push(Command::SetChartPlacement(ChartPlacement::WithFiguresTab));
            }
        }
        ui.add_space(style::TABLE_GAP_ABOVE);
        table_ui(ui, frame, panel, out);
    }
}

/// The legend: one toggle per series, in its colour, with its latest value
/// on hover; an entry is one line, its swatch and toggle beside its name.
fn legend_ui(ui: &mut egui::Ui, frame: &FrameContext<'_>, hidden: &mut [bool]) {
    ui.add_space(style::TOGGLES_GAP_ABOVE);
    let layers = &frame.data.layers;
    for (index, series) in frame.dataset().displacement.iter().enumerate() {
        let Some(hidden) = hidden.get_mut(index) else {
            continue;
        };
        // With layers, each dataset's series under its title.
        if layers.is_layered()
            && let Some(layer) = layers.of_series(index).and_then(|at| layers.get(at))
            && layer.series.start == index
        {
            ui.label(egui::RichText::new(&layer.title).small().weak());
        }
        ui.horizontal(|ui| {
            // The full name where it fits, else the short label (cut only
            // when even that does not fit); the full name on hover.
            let room = ui.available_width() - toggle_width(ui, "");
            let name = if text_width(ui, &series.name, egui::TextStyle::Body) <= room {
                series.name.as_str()
            } else {
                series.short_label()
            };
            series_toggle(ui, frame, index, hidden, name);
        });
    }
}

/// The width a series toggle named `name` takes: swatch, check box, name.
pub(super) fn toggle_width(ui: &egui::Ui, name: &str) -> f32 {
    let spacing = ui.spacing();
    // A check box without text is as wide as its icon, or as it is high.
    style::TOGGLE_SWATCH.x
        + spacing.icon_width.max(spacing.interact_size.y)
        + 2.0 * spacing.item_spacing.x
        + text_width(ui, name, egui::TextStyle::Body)
}

/// One series' toggle, laid out left to right: its colour, a check box
/// labelled by its name (shown as `name`, in the series' colour while it is
/// drawn), the full name and latest value on hover. Clicking the box or the
/// name shows or hides the series.
pub(super) fn series_toggle(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    index: usize,
    hidden: &mut bool,
    name: &str,
) {
    let Some(series) = frame.dataset().displacement.get(index) else {
        return;
    };
    let color = frame.colors().series(index);
    let latest = series
        .points
        .last()
        .map(|p| format!("  {} ({})", format_with_unit(p.value, &series.unit), p.date));
    let mut visible = !*hidden;
    let (swatch, _) = ui.allocate_exact_size(style::TOGGLE_SWATCH, egui::Sense::hover());
    ui.painter()
        .rect_filled(swatch, style::TOGGLE_SWATCH_CORNER_RADIUS, color);
    let text_color = if visible {
        color
    } else {
        ui.visuals().weak_text_color()
    };
    let checkbox = ui.checkbox(&mut visible, "");
    let name = ui
        .add(
            egui::Label::new(RichText::new(name).color(text_color))
                .truncate()
                .sense(egui::Sense::click()),
        )
        .on_hover_text(format!("{}{}", series.name, latest.unwrap_or_default()));
    // The box is named by the series' full name, whatever is shown.
    checkbox.widget_info(|| {
        egui::WidgetInfo::selected(egui::accesskit::Role::CheckBox, true, visible, &series.name)
    });
    if name.clicked() {
        visible = !visible;
    }
    if checkbox.changed() || name.clicked() {
        *hidden = !visible;
    }
}

pub(super) fn point_tooltip(
    frame: &FrameContext<'_>,
    ui: &mut egui::Ui,
    series: usize,
    point: usize,
) {
    let dataset = frame.dataset();
    let Some(s) = dataset.displacement.get(series) else {
        return;
    };
    let Some(p) = s.points.get(point) else {
        return;
    };
    ui.set_max_width(style::TOOLTIP_MAX_WIDTH);
    ui.label(
        RichText::new(&s.name)
            .strong()
            .color(frame.colors().series(series)),
    );
    ui.label(RichText::new(format!("{} {}", format_exact(p.value), s.unit)).strong());
    ui.label(format!("as of {}", p.date));
    if let Some(source) = frame.links().source(dataset, &p.source) {
        ui.label(RichText::new(format!("Source: {}", source_label(source))).weak());
        let title = source_title(source);
        if source.publisher.is_some() && title != source_label(source) {
            ui.label(RichText::new(title).small().weak());
        }
    }
    if let Some(note) = &p.note {
        ui.label(RichText::new(note).italics());
    }
}

/// The table's rows in display order, sorted once per change.
fn table_rows<'p>(
    panel: &'p mut FiguresPanel,
    dataset: &Dataset,
    version: u64,
    view: TimeView,
) -> &'p [Row] {
    let key = RowsKey {
        data_version: version,
        sort: panel.sort,
        descending: panel.descending,
        hidden: panel.hidden.clone(),
        view: panel.only_in_view.then_some((view.start, view.end)),
    };
    if panel.rows.as_ref().is_none_or(|(cached, _)| *cached != key) {
        let rows = sorted_rows(dataset, &key);
        panel.rows = Some((key, rows));
    }
    panel.rows.as_ref().map_or(&[], |(_, rows)| rows)
}

fn sorted_rows(dataset: &Dataset, key: &RowsKey) -> Vec<Row> {
    let by_id: HashMap<&str, String> = dataset
        .sources
        .iter()
        .map(|source| (source.id.as_str(), source_short_label(source)))
        .collect();
    // Sorted by the label shown; a missing source by its id.
    let source_label = |p: &SeriesPoint| -> String {
        by_id
            .get(p.source.as_str())
            .cloned()
            .unwrap_or_else(|| p.source.clone())
    };
    let mut rows: Vec<Row> = Vec::new();
    for (series, s) in dataset.displacement.iter().enumerate() {
        if key.hidden.get(series).copied().unwrap_or(false) {
            continue;
        }
        rows.extend(
            s.points
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    // In view where the chart draws it: at its date's middle.
                    key.view.is_none_or(|(start, end)| {
                        let middle = 0.5 * (p.date.start_instant() + p.date.end_instant());
                        start <= middle && middle < end
                    })
                })
                .map(|(point, _)| Row { series, point }),
        );
    }
    let point = |row: &Row| &dataset.displacement[row.series].points[row.point];
    rows.sort_by(|a, b| {
        let order = match key.sort {
            TableSort::Date => point(a).date.cmp(&point(b).date),
            TableSort::Series => dataset.displacement[a.series]
                .short_label()
                .cmp(dataset.displacement[b.series].short_label()),
            TableSort::Value => point(a).value.total_cmp(&point(b).value),
            TableSort::Source => source_label(point(a)).cmp(&source_label(point(b))),
        };
        let order = order.then(point(a).date.cmp(&point(b).date));
        if key.descending {
            order.reverse()
        } else {
            order
        }
    });
    rows
}

/// Lays out one cell of `width` with its content left-aligned.
fn cell<R>(ui: &mut egui::Ui, width: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            add(ui)
        },
    )
    .inner
}

/// The headers, with the sort's arrow on the sorted one.
const HEADERS: [(&str, TableSort); COLUMNS] = [
    ("Date", TableSort::Date),
    ("Series", TableSort::Series),
    ("Value", TableSort::Value),
    ("Source", TableSort::Source),
];

/// A header's text: its name, and the sort's direction when it sorts.
fn header_text(label: &str, arrow: Option<bool>) -> RichText {
    let arrow = match arrow {
        None => "",
        Some(true) => " v",
        Some(false) => " ^",
    };
    RichText::new(format!("{label}{arrow}")).strong()
}

/// A series in the table: its short label, small.
fn series_text(series: &crate::model::Series) -> RichText {
    RichText::new(series.short_label()).small()
}

/// A source in the table: its short label, small.
fn source_text(label: &str) -> RichText {
    RichText::new(label).small()
}

/// The width `text` takes on one line in `ui`.
pub(super) fn text_width(
    ui: &egui::Ui,
    text: impl Into<egui::WidgetText>,
    style: egui::TextStyle,
) -> f32 {
    text.into()
        .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
        .size()
        .x
}

/// What the table's content widths depend on: the data, and the sizes of
/// the fonts its cells are written in.
type WidthsKey = (u64, [u32; 3]);

fn widths_key(ui: &egui::Ui, version: u64) -> WidthsKey {
    let size = |style: egui::TextStyle| style.resolve(ui.style()).size.to_bits();
    (
        version,
        [
            size(egui::TextStyle::Small),
            size(egui::TextStyle::Body),
            size(egui::TextStyle::Button),
        ],
    )
}

/// Each column's widest content, header included, over every value of the
/// dataset: the dates (clickable), the swatch and short label of each
/// series, the values with their unit, the sources' short labels.
fn content_widths(ui: &egui::Ui, dataset: &Dataset) -> [f32; COLUMNS] {
    let padding = 2.0 * ui.spacing().button_padding.x;
    let spacing = ui.spacing().item_spacing.x;
    let widest = |texts: &mut dyn Iterator<Item = String>, style: egui::TextStyle, small: bool| {
        let unique: HashSet<String> = texts.collect();
        unique
            .into_iter()
            .map(|text| {
                let text = if small {
                    RichText::new(text).small()
                } else {
                    RichText::new(text)
                };
                text_width(ui, text, style.clone())
            })
            .fold(0.0, f32::max)
    };
    let points = || {
        dataset
            .displacement
            .iter()
            .flat_map(|s| s.points.iter().map(move |p| (s, p)))
    };
    let date = padding
        + widest(
            &mut points().map(|(_, p)| crate::view::short_date(p.date)),
            egui::TextStyle::Button,
            false,
        );
    let series = style::ROW_SWATCH_SIZE
        + spacing
        + widest(
            &mut dataset
                .displacement
                .iter()
                .map(|s| s.short_label().to_owned()),
            egui::TextStyle::Small,
            true,
        );
    let value = widest(
        &mut points().map(|(s, p)| format_with_unit(p.value, &s.unit)),
        egui::TextStyle::Body,
        false,
    );
    let cited: HashSet<&str> = points().map(|(_, p)| p.source.as_str()).collect();
    let sources = dataset
        .sources
        .iter()
        .filter(|source| cited.contains(source.id.as_str()))
        .map(source_short_label);
    let source = widest(&mut sources.into_iter(), egui::TextStyle::Small, true);
    let mut widths = [date, series, value, source];
    for (width, (label, _)) in widths.iter_mut().zip(HEADERS) {
        // The header is a selectable label, with the sort's arrow.
        let header = [true, false]
            .map(|descending| {
                text_width(
                    ui,
                    header_text(label, Some(descending)),
                    egui::TextStyle::Button,
                )
            })
            .into_iter()
            .fold(0.0, f32::max)
            + padding;
        *width = width.max(header).ceil();
    }
    widths
}

/// The columns' widths in `available`: each its content's; what is left
/// goes to the source, the last column. When the content is wider, the
/// source column gives way first (down to `TABLE_SOURCE_MIN_WIDTH`), then
/// the series' (down to `TABLE_SERIES_MIN_WIDTH`): dates and values stay
/// whole as long as they can, then every column gives way in proportion.
fn column_widths(content: [f32; COLUMNS], available: f32) -> [f32; COLUMNS] {
    let [date, series, value, source] = content;
    let rest = available - date - series - value;
    if rest >= source {
        return [date, series, value, rest];
    }
    let source = rest.max(style::TABLE_SOURCE_MIN_WIDTH.min(source));
    let series = (available - date - value - source).max(style::TABLE_SERIES_MIN_WIDTH.min(series));
    let widths = [date, series, value, source];
    let total: f32 = widths.iter().sum();
    if total > available && total > 0.0 {
        widths.map(|width| width * available.max(0.0) / total)
    } else {
        widths
    }
}

/// The full reference of a source, for its hover: title, publisher and
/// date, and its address.
fn source_reference(source: &crate::model::Source) -> String {
    let mut reference = source_title(source);
    let by = [
        source.publisher.clone(),
        source.date.map(|date| date.to_string()),
    ];
    let by: Vec<String> = by.into_iter().flatten().collect();
    if !by.is_empty() {
        reference.push_str(&format!("\n{}", by.join(", ")));
    }
    reference
}

/// The table of every value: "only in view", a header that sorts, then
/// only the rows in sight laid out, whatever the number of values. Columns
/// are as wide as their content, the source's taking the rest.
fn table_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    panel: &mut FiguresPanel,
    out: &mut FrameOutput,
) {
    let dataset = frame.dataset();
    let colors = frame.colors();
    let target = frame.target_view();
    let source_of = |id: &str| frame.links().source(dataset, id);

    ui.checkbox(&mut panel.only_in_view, "only in view")
        .on_hover_text("List only the values in the timeline's view");

    let version = frame.state.version;
    let key = widths_key(ui, version);
    let content = match panel.content_widths {
        Some((cached, widths)) if cached == key => widths,
        _ => {
            let widths = content_widths(ui, dataset);
            panel.content_widths = Some((key, widths));
            widths
        }
    };
    let spacing = ui.spacing().item_spacing.x;
    let gaps = (COLUMNS - 1) as f32;
    let widths = column_widths(content, ui.available_width() - gaps * spacing);
    // Only the source column may be narrower than its content: it cuts its
    // label short, the full reference on hover.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    ui.horizontal(|ui| {
        for ((label, sort), width) in HEADERS.into_iter().zip(widths) {
            let active = panel.sort == sort;
            let clicked = cell(ui, width, |ui| {
                ui.selectable_label(
                    active,
                    header_text(label, active.then_some(panel.descending)),
                )
                .clicked()
            });
            if clicked {
                if active {
                    panel.descending = !panel.descending;
                } else {
                    panel.sort = sort;
                    panel.descending = false;
                }
            }
        }
    });
    ui.separator();

    let rows = table_rows(panel, dataset, version, frame.view());
    let listed = rows.len();
    if rows.is_empty() {
        ui.label(RichText::new("No value in the view.").weak());
    }
    let row_height = ui.spacing().interact_size.y;
    let stripe = ui.visuals().faint_bg_color;
    let link_color = ui.visuals().hyperlink_color;
    let text_color = ui.visuals().text_color();
    egui::ScrollArea::vertical()
        .id_salt("figures-table")
        .auto_shrink(false)
        .show_rows(ui, row_height, rows.len(), |ui, visible| {
            for (offset, row) in rows[visible.clone()].iter().enumerate() {
                let series = &dataset.displacement[row.series];
                let p = &series.points[row.point];
                // Stripes behind odd rows, as a striped grid draws them.
                let stripe_shape = ui.painter().add(egui::Shape::Noop);
                let response = ui.horizontal(|ui| {
                    cell(ui, widths[0], |ui| {
                        if ui
                            .selectable_label(false, crate::view::short_date(p.date))
                            .on_hover_text(format!("{}\nShow this date on the timeline", p.date))
                            .clicked()
                        {
                            out.push(Command::GoTo(target.centered_on(
                                0.5 * (p.date.start_instant() + p.date.end_instant()),
                            )));
                        }
                    });
                    cell(ui, widths[1], |ui| {
                        let size = egui::Vec2::splat(style::ROW_SWATCH_SIZE);
                        let (swatch, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                        ui.painter().rect_filled(
                            swatch,
                            style::ROW_SWATCH_CORNER_RADIUS,
                            colors.series(row.series),
                        );
                        ui.add(egui::Label::new(series_text(series)))
                            .on_hover_text(&series.name);
                    });
                    cell(ui, widths[2], |ui| {
                        ui.label(format_with_unit(p.value, &series.unit))
                            .on_hover_text(format!("{} {}", format_exact(p.value), series.unit));
                    });
                    cell(ui, widths[3], |ui| match source_of(&p.source) {
                        Some(source) => {
                            // Only a web link is clickable; any other `url`
                            // is plain text that says it is not opened.
                            let link = source.url.as_deref().and_then(web_link);
                            let color = if link.is_some() {
                                link_color
                            } else {
                                text_color
                            };
                            let label = egui::Label::new(
                                source_text(&source_short_label(source)).color(color),
                            );
                            let reference = source_reference(source);
                            match (link, source.url.as_deref()) {
                                (Some(link), _) => {
                                    let response = ui
                                        .add(label.sense(egui::Sense::click()))
                                        .on_hover_cursor(egui::CursorIcon::PointingHand)
                                        .on_hover_text(format!("{reference}\n{link}"));
                                    if response.clicked() {
                                        ui.ctx().open_url(egui::OpenUrl::new_tab(link));
                                    }
                                }
                                (None, Some(url)) => {
                                    ui.add(label).on_hover_text(format!(
                                        "{reference}\n{}",
                                        super::details::not_a_web_link(url)
                                    ));
                                }
                                (None, None) => {
                                    ui.add(label).on_hover_text(reference);
                                }
                            }
                        }
                        None => {
                            ui.label(source_text(&p.source));
                        }
                    });
                });
                if (visible.start + offset) % 2 == 1 {
                    let rect = response
                        .response
                        .rect
                        .expand2(egui::vec2(0.0, style::STRIPE_OVERLAP));
                    ui.painter()
                        .set(stripe_shape, egui::Shape::rect_filled(rect, 0.0, stripe));
                }
            }
        });
    panel.table = Some(TableFit {
        content,
        widths,
        rows: listed,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_their_content_and_give_way_source_first() {
        let content = [80.0, 100.0, 70.0, 120.0];
        // Room to spare: the source takes the rest.
        assert_eq!(column_widths(content, 500.0), [80.0, 100.0, 70.0, 250.0]);
        // Short: the source gives way, then the series.
        let min_source = style::TABLE_SOURCE_MIN_WIDTH;
        assert_eq!(
            column_widths(content, 250.0 + min_source + 2.0),
            [80.0, 100.0, 70.0, min_source + 2.0]
        );
        let narrow = column_widths(content, 200.0 + min_source);
        assert_eq!(narrow[0], 80.0);
        assert_eq!(narrow[2], 70.0);
        assert_eq!(narrow[3], min_source);
        assert!((narrow.iter().sum::<f32>() - (200.0 + min_source)).abs() < 1e-3);
        // Shorter still: every column in proportion, the whole in the room.
        let tiny = column_widths(content, 120.0);
        assert!((tiny.iter().sum::<f32>() - 120.0).abs() < 1e-3, "{tiny:?}");
    }
}
