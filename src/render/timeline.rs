//! Painting the timeline: time axis, era bands, lane headers, items and
//! aggregate badges, into an egui painter. The app's timeline and every
//! export call [`paint_timeline`]; only interaction overlays (the pointer's
//! date, the scroll bar, a span being dragged) are the app's own.

use eframe::egui::{self, Align2, Pos2, Rect, Stroke, Visuals};

use super::colors::DatasetColors;
use super::labels::LabelGalleys;
use super::paint::{self, ItemLook};
use super::theme::{self, HAIRLINE, axis, badge, eras, lane};
use crate::model::{Dataset, Event, EventIndex};
use crate::view::{
    EraScene, EraSegmentKind, Scene, Tier, TimeTransform, TimelineIndex, badge_text,
    build_era_scene, ticks,
};

/// Where the axis, the era strip and the lanes go inside the timeline's
/// rectangle.
#[derive(Clone, Debug)]
pub struct TimelineGeometry {
    pub rect: Rect,
    /// Top of the era strip (below the axis).
    pub eras_top: f32,
    /// Top of the first lane (below the era strip).
    pub lanes_top: f32,
    /// Rows of the era strip: the era rows of the dataset (at most
    /// [`crate::view::MAX_ERA_ROWS`]) and a row of `+N eras` badges when
    /// any era has no row.
    pub era_rows: usize,
}

impl TimelineGeometry {
    /// The era rows come from the index, where they are assigned once per
    /// dataset; this costs nothing per era.
    pub fn new(_dataset: &Dataset, index: &TimelineIndex, rect: Rect) -> Self {
        let era_rows = index.eras.strip_rows();
        let eras_top = rect.top() + axis::HEIGHT;
        let lanes_top = eras_top + eras::ROW_HEIGHT * era_rows as f32 + eras::GAP_BELOW;
        Self {
            rect,
            eras_top,
            lanes_top,
            era_rows,
        }
    }

    /// The era strip's segments and badges for `transform`'s view.
    pub fn era_scene(&self, index: &TimelineIndex, transform: &TimeTransform) -> EraScene {
        build_era_scene(&index.eras, transform, self.eras_top, eras::ROW_HEIGHT)
    }

    /// The height left for the lanes.
    pub(crate) fn lanes_height(&self) -> f32 {
        (self.rect.bottom() - self.lanes_top).max(1.0)
    }

    /// The axis strip at the top.
    pub fn axis(&self) -> Rect {
        Rect::from_min_max(
            self.rect.min,
            Pos2::new(self.rect.right(), self.rect.top() + axis::HEIGHT),
        )
    }

    /// Where the lanes are drawn (and clipped).
    pub fn lanes_clip(&self) -> Rect {
        Rect::from_min_max(Pos2::new(self.rect.left(), self.lanes_top), self.rect.max)
    }
}

/// How one event is drawn this frame, beyond its data.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ItemState {
    pub selected: bool,
    pub hovered: bool,
    /// Not matching the search.
    pub dimmed: bool,
    pub quotes: usize,
}

/// Everything [`paint_timeline`] draws.
pub(crate) struct TimelinePicture<'a> {
    pub dataset: &'a Dataset,
    pub index: &'a TimelineIndex,
    /// The dataset's colours, parsed once per dataset.
    pub colors: &'a DatasetColors,
    pub geometry: &'a TimelineGeometry,
    pub transform: TimeTransform,
    pub scene: &'a Scene,
    /// Per event index, its state.
    pub item_state: &'a dyn Fn(EventIndex) -> ItemState,
    /// The selected era (an index into `dataset.eras`), marked.
    pub selected_era: Option<usize>,
    /// Draws the collapse toggles of the lane headers (not in exports).
    pub interactive: bool,
    /// The layers the dataset was merged from, for their headers' titles.
    pub layers: &'a crate::model::Layers,
}

impl std::fmt::Debug for TimelinePicture<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimelinePicture")
            .field("rect", &self.geometry.rect)
            .field("transform", &self.transform)
            .field("items", &self.scene.items.len())
            .finish_non_exhaustive()
    }
}

/// What the ends of the data need to be drawn whole when fitted in view,
/// with the timeline's metrics and [`theme::item::END_PAD`] beyond them.
///
/// Only the items: a label that would run past the end of the fitted range
/// goes to the left of its item instead (the layout keeps every label
/// within the range a view can show), so the data keeps the whole width
/// rather than ceding a label's room to the right of it.
pub(crate) fn data_ends(
    dataset: &Dataset,
    index: &crate::view::TimelineIndex,
) -> crate::view::DataEnds {
    crate::view::DataEnds::new(
        dataset,
        index,
        &[],
        &crate::view::LayoutMetrics::default(),
        theme::item::END_PAD,
    )
}

/// Per event, the width of its title in the label font, for the layout.
///
/// The widths come from egui's default fonts, the only ones the app and the
/// exports draw with, held here apart from any egui context: so this runs on
/// any thread, and the app measures a dataset on its load worker, before
/// the first frame that shows it. Each character's width is looked up in a
/// table (ASCII) or a map (the rest) filled from the font on first use, so
/// a million titles take a pass over their bytes, not a million text
/// layouts.
pub(crate) fn measure_label_widths(events: &[Event]) -> Vec<f32> {
    puffin::profile_function!();
    let font = theme::item::LABEL_FONT;
    let mut fonts = egui::epaint::text::Fonts::new(
        egui::epaint::text::TextOptions::default(),
        egui::FontDefinitions::default(),
    );
    // Glyph widths are in points: the same at every pixel density.
    let mut fonts = fonts.with_pixels_per_point(1.0);
    // A table for the first characters (Latin, Greek, Cyrillic and more),
    // NaN until a character comes; a map for the rest.
    let mut table = vec![f32::NAN; GLYPH_TABLE_CHARS];
    let mut other: foldhash::HashMap<char, f32> = foldhash::HashMap::default();
    let mut width_of = |c: char| match table.get_mut(c as usize) {
        Some(width) => {
            if width.is_nan() {
                *width = fonts.glyph_width(&font, c);
            }
            *width
        }
        None => *other
            .entry(c)
            .or_insert_with(|| fonts.glyph_width(&font, c)),
    };
    let ascii: [f32; 128] = std::array::from_fn(|byte| width_of(char::from(byte as u8)));
    events
        .iter()
        .map(|event| {
            let title = &event.title;
            let width: f32 = if title.is_ascii() {
                title.bytes().map(|byte| ascii[usize::from(byte)]).sum()
            } else {
                title.chars().map(&mut width_of).sum()
            };
            width.ceil() + 1.0
        })
        .collect()
}

/// Characters whose widths [`measure_label_widths`] keeps in a table.
const GLYPH_TABLE_CHARS: usize = 0x800;

/// Paints the whole timeline into `picture.geometry.rect`.
pub(crate) fn paint_timeline(
    painter: &egui::Painter,
    visuals: &Visuals,
    picture: &TimelinePicture<'_>,
) {
    puffin::profile_function!();
    let TimelinePicture {
        dataset,
        index,
        colors,
        geometry,
        transform,
        scene,
        ..
    } = picture;
    let rect = geometry.rect;
    let painter = painter.with_clip_rect(rect.intersect(painter.clip_rect()));
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let grid = theme::grid_color(visuals);
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);

    paint_eras(&painter, visuals, picture);
    paint_axis(&painter, visuals, geometry, transform);

    // Lanes, scrolled under the axis and the era strip.
    let lane_painter = painter.with_clip_rect(geometry.lanes_clip());
    // Each lane's colour as drawn in this theme, worked out once.
    let lane_colors: Vec<egui::Color32> = (0..dataset.lanes.len())
        .map(|lane| theme::mark_color(colors.lane(lane), visuals))
        .collect();
    let lane_color = |lane: usize| {
        lane_colors
            .get(lane)
            .copied()
            .unwrap_or_else(|| theme::mark_color(colors.lane(lane), visuals))
    };
    paint_layer_headers(&lane_painter, visuals, picture);
    for band in &scene.lanes {
        let lane = &dataset.lanes[band.lane];
        let color = lane_color(band.lane);
        let header = Rect::from_x_y_ranges(rect.x_range(), band.top..=band.rows_top);
        lane_painter.rect_filled(
            header,
            0.0,
            visuals
                .faint_bg_color
                .gamma_multiply(lane::HEADER_FILL_GAIN),
        );
        lane_painter.hline(rect.x_range(), band.top, Stroke::new(HAIRLINE, grid));
        let c = Pos2::new(rect.left() + lane::TOGGLE_X, header.center().y);
        let swatch_x = if picture.interactive {
            // Collapse toggle: a triangle pointing right (collapsed) or down.
            paint_fold_toggle(&lane_painter, c, band.collapsed, weak);
            rect.left() + lane::SWATCH_X_AFTER_TOGGLE
        } else {
            rect.left() + lane::SWATCH_X
        };
        lane_painter.rect_filled(
            Rect::from_center_size(
                Pos2::new(swatch_x, c.y),
                egui::Vec2::splat(lane::SWATCH_SIZE),
            ),
            lane::SWATCH_CORNER_RADIUS,
            color,
        );
        let count = index.lanes.get(band.lane).map_or(0, |l| l.by_start.len());
        let name = lane_painter.text(
            Pos2::new(swatch_x + lane::NAME_DX, c.y),
            Align2::LEFT_CENTER,
            &lane.name,
            lane::NAME_FONT,
            text,
        );
        lane_painter.text(
            Pos2::new(name.right() + lane::COUNT_GAP, c.y),
            Align2::LEFT_CENTER,
            format!("{count} event{}", if count == 1 { "" } else { "s" }),
            lane::COUNT_FONT,
            weak,
        );
    }
    let body_clip = geometry.lanes_clip();
    let budget = picture
        .interactive
        .then_some(theme::item::NEW_LABELS_PER_FRAME);
    let labels = LabelGalleys::for_frame_within(painter.ctx(), budget);
    let mut labels = labels.lock();
    for item in &scene.items {
        let event = &dataset.events[item.event.get()];
        let color = lane_color(item.lane);
        let state = (picture.item_state)(item.event);
        let look = ItemLook {
            color,
            text,
            approximate: event.approximate,
            ongoing: event.ongoing,
            // A point drawn as a bar: one that covers a month or a year.
            coarse: event.is_point() && !crate::view::is_marker(dataset, item.event.as_u32()),
            selected: state.selected,
            hovered: state.hovered,
            dimmed: state.dimmed,
            quotes: state.quotes,
        };
        paint::paint_item(
            &lane_painter,
            &mut labels,
            item,
            &event.title,
            &look,
            body_clip,
        );
    }
    for badge in &scene.aggregates {
        let badge_rect = badge.rect;
        let color = lane_color(badge.lane);
        lane_painter.rect_filled(
            badge_rect,
            badge::CORNER_RADIUS,
            color.gamma_multiply(badge::FILL_OPACITY),
        );
        let galley = labels.badge(&lane_painter, badge.count);
        let at = Align2::CENTER_CENTER
            .anchor_size(badge_rect.center(), galley.size())
            .min;
        lane_painter.galley(at, galley, text);
    }
    labels.end_frame(painter.ctx());
    if scene.items.is_empty() && dataset.events.is_empty() {
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "This dataset has no events.",
            theme::EMPTY_MESSAGE_FONT,
            weak,
        );
    }
}

/// A layer's colour, by its key, in `visuals`' theme.
pub(crate) fn layer_color(key: u32, visuals: &Visuals) -> egui::Color32 {
    let palette = theme::PALETTE;
    let at = (key as usize + theme::layer::PALETTE_OFFSET) % palette.len();
    theme::mark_color(palette[at], visuals)
}

/// Each layer's header: its colour band down the left edge of the header
/// and its lanes, its title, how many events and lanes it has, and (in the
/// window) the fold toggle.
fn paint_layer_headers(painter: &egui::Painter, visuals: &Visuals, picture: &TimelinePicture<'_>) {
    use theme::layer;
    let scene = picture.scene;
    let rect = picture.geometry.rect;
    let grid = theme::grid_color(visuals);
    for (at, band) in scene.layers.iter().enumerate() {
        let Some(info) = picture.layers.get(band.layer) else {
            continue;
        };
        let color = layer_color(info.key, visuals);
        let header = Rect::from_x_y_ranges(rect.x_range(), band.top..=band.bottom);
        painter.rect_filled(
            header,
            0.0,
            visuals
                .faint_bg_color
                .gamma_multiply(layer::HEADER_FILL_GAIN),
        );
        painter.hline(rect.x_range(), band.top, Stroke::new(HAIRLINE, grid));
        // The band runs down to the next layer's header.
        let end = scene
            .layers
            .get(at + 1)
            .map_or(scene.bottom, |next| next.top);
        painter.rect_filled(
            Rect::from_x_y_ranges(
                rect.left()..=rect.left() + layer::BAND_WIDTH,
                band.top..=end.max(band.bottom),
            ),
            0.0,
            color,
        );
        let y = header.center().y;
        let title_x = if picture.interactive {
            let c = Pos2::new(rect.left() + lane::TOGGLE_X + layer::BAND_WIDTH, y);
            paint_fold_toggle(painter, c, band.folded, visuals.text_color());
            rect.left() + layer::TITLE_X_AFTER_TOGGLE
        } else {
            rect.left() + layer::TITLE_X
        };
        let title = painter.text(
            Pos2::new(title_x, y),
            Align2::LEFT_CENTER,
            &info.title,
            layer::TITLE_FONT,
            visuals.strong_text_color(),
        );
        let (events, lanes) = (info.events.len(), info.lanes.len());
        painter.text(
            Pos2::new(title.right() + layer::COUNT_GAP, y),
            Align2::LEFT_CENTER,
            format!(
                "{} · {}",
                crate::model::counted(events, "event", "events"),
                crate::model::counted(lanes, "lane", "lanes")
            ),
            layer::COUNT_FONT,
            visuals.weak_text_color(),
        );
    }
}

/// A fold toggle: a triangle pointing right (folded) or down, at `c`.
fn paint_fold_toggle(painter: &egui::Painter, c: Pos2, folded: bool, color: egui::Color32) {
    let triangle = if folded {
        vec![
            Pos2::new(c.x - 3.0, c.y - 4.5),
            Pos2::new(c.x + 4.0, c.y),
            Pos2::new(c.x - 3.0, c.y + 4.5),
        ]
    } else {
        vec![
            Pos2::new(c.x - 4.5, c.y - 3.0),
            Pos2::new(c.x + 4.5, c.y - 3.0),
            Pos2::new(c.x, c.y + 4.0),
        ]
    };
    painter.add(egui::Shape::convex_polygon(triangle, color, Stroke::NONE));
}

/// Era bands behind everything, their titles in the era strip; eras too
/// narrow to tell apart as one band, and the eras without a row as `+N eras`
/// badges.
fn paint_eras(painter: &egui::Painter, visuals: &Visuals, picture: &TimelinePicture<'_>) {
    let TimelinePicture {
        dataset,
        index,
        colors,
        geometry,
        transform,
        selected_era,
        ..
    } = *picture;
    let text = visuals.text_color();
    let rect = geometry.rect;
    let body = Rect::from_min_max(Pos2::new(rect.left(), geometry.eras_top), rect.max);
    let data_span = (index.data_end - index.data_start).max(1.0);
    let scene = geometry.era_scene(index, &transform);
    let title_room = era_title_room(&scene, &transform, rect.right());
    for (segment, &room_end) in scene.segments.iter().zip(&title_room) {
        let selected = matches!(segment.kind, EraSegmentKind::Single(era) if Some(era as usize) == selected_era);
        let (color, fade, wash, title) = match segment.kind {
            EraSegmentKind::Single(era_index) => {
                let Some(era) = dataset.eras.get(era_index as usize) else {
                    continue;
                };
                let color = colors.era(era_index as usize);
                // An era spanning most of the data (a whole war) is a faint
                // wash; shorter ones (a truce) stand out.
                let era_span = segment.time_end - segment.time_start;
                let wash = if era_span > eras::LONG_ERA_SHARE * data_span {
                    eras::LONG_WASH
                } else {
                    eras::SHORT_WASH
                };
                let fade = era.approximate || era.is_ongoing();
                (color, fade, wash, era.title.clone())
            }
            EraSegmentKind::Cluster { count, .. } => (
                visuals.weak_text_color(),
                false,
                eras::CLUSTER_WASH,
                format!("{count} eras"),
            ),
        };
        let x0 = transform
            .x_from_time(segment.time_start)
            .max(rect.left() - eras::OVERDRAW);
        let x1 = transform
            .x_from_time(segment.time_end)
            .min(rect.right() + eras::OVERDRAW);
        if x1 <= rect.left() || x0 >= rect.right() {
            continue;
        }
        let band = Rect::from_x_y_ranges(x0..=x1, body.y_range());
        paint::paint_faded_bar(painter, band, color.gamma_multiply(wash), false, fade);
        let row_top = geometry.eras_top + eras::ROW_HEIGHT * segment.row as f32;
        let title_bar = Rect::from_x_y_ranges(
            x0..=x1,
            row_top + eras::TITLE_BAR_INSET..=row_top + eras::ROW_HEIGHT - eras::TITLE_BAR_INSET,
        );
        let title_opacity = if selected {
            eras::SELECTED_TITLE_OPACITY
        } else {
            eras::TITLE_OPACITY
        };
        paint::paint_faded_bar(
            painter,
            title_bar,
            theme::era_title_fill(color, title_opacity, visuals),
            false,
            fade,
        );
        if selected {
            painter.rect_stroke(
                title_bar,
                0.0,
                Stroke::new(eras::SELECTED_OUTLINE, text),
                egui::StrokeKind::Inside,
            );
        }
        // The title runs on past a narrow bar over the free row beside it,
        // and what still does not fit ends in `…`, never mid-letter.
        let title_x = x0.max(rect.left()) + eras::TITLE_DX;
        let width = (room_end.min(rect.right()) - title_x).max(0.0);
        let galley = paint::one_line(painter, title, eras::TITLE_FONT, text, width);
        let at = Align2::LEFT_CENTER
            .anchor_size(Pos2::new(title_x, title_bar.center().y), galley.size())
            .min;
        let row = Rect::from_x_y_ranges(rect.x_range(), title_bar.y_range());
        painter.with_clip_rect(row).galley(at, galley, text);
    }
    for badge in &scene.badges {
        let badge_rect = badge.rect;
        painter.rect_filled(
            badge_rect,
            badge::CORNER_RADIUS,
            visuals
                .weak_text_color()
                .gamma_multiply(badge::FILL_OPACITY),
        );
        painter.with_clip_rect(badge_rect.intersect(rect)).text(
            badge_rect.center(),
            Align2::CENTER_CENTER,
            badge_text(badge.count),
            badge::FONT,
            text,
        );
    }
}

/// Per era segment, where its title must end: the start of the next
/// segment's bar in the same row (less a gap), or `right` for the last.
fn era_title_room(scene: &EraScene, transform: &TimeTransform, right: f32) -> Vec<f32> {
    let mut room = vec![right; scene.segments.len()];
    let mut by_row: Vec<(usize, f64, usize)> = scene
        .segments
        .iter()
        .enumerate()
        .map(|(i, segment)| (segment.row, segment.time_start, i))
        .collect();
    by_row.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for pair in by_row.windows(2) {
        let ((row, _, this), (next_row, next_start, _)) = (pair[0], pair[1]);
        if row == next_row {
            room[this] = transform.x_from_time(next_start) - eras::TITLE_GAP;
        }
    }
    room
}

/// The grid lines and the two-row axis of dates.
fn paint_axis(
    painter: &egui::Painter,
    visuals: &Visuals,
    geometry: &TimelineGeometry,
    transform: &TimeTransform,
) {
    let rect = geometry.rect;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let grid = theme::grid_color(visuals);
    let measure = |label: &str| {
        painter.ctx().fonts_mut(|fonts| {
            label
                .chars()
                .map(|c| fonts.glyph_width(&axis::MEASURE_FONT, c))
                .sum::<f32>()
        })
    };
    let all_ticks = ticks(transform, &measure);
    let strip = geometry.axis();
    painter.rect_filled(strip, 0.0, visuals.panel_fill);
    for tick in &all_ticks {
        let x = transform.x_from_time(tick.time);
        match tick.tier {
            Tier::Minor => {
                painter.vline(
                    x,
                    geometry.eras_top..=rect.bottom(),
                    Stroke::new(HAIRLINE, grid.gamma_multiply(axis::MINOR_GRID_OPACITY)),
                );
                painter.vline(
                    x,
                    strip.top() + axis::MINOR_TICK_TOP..=strip.bottom(),
                    Stroke::new(HAIRLINE, weak),
                );
                painter.text(
                    Pos2::new(x + axis::MINOR_LABEL_DX, strip.top() + axis::MINOR_LABEL_Y),
                    Align2::LEFT_CENTER,
                    &tick.label,
                    axis::MINOR_FONT,
                    weak,
                );
            }
            Tier::Major => {
                if x >= rect.left() {
                    painter.vline(x, strip.top()..=rect.bottom(), Stroke::new(HAIRLINE, grid));
                }
                // The label sticks to the left edge while its period is in view.
                let width = measure(&tick.label);
                let end_x = transform.x_from_time(tick.end);
                let label_x = (x + axis::MAJOR_LABEL_DX)
                    .max(rect.left() + axis::MAJOR_LABEL_DX)
                    .min(end_x - width - axis::MAJOR_LABEL_END_GAP);
                // A period whose end is too close to the left edge has no room left.
                if label_x < rect.left() {
                    continue;
                }
                painter.text(
                    Pos2::new(label_x, strip.top() + axis::MAJOR_LABEL_Y),
                    Align2::LEFT_CENTER,
                    &tick.label,
                    axis::MAJOR_FONT,
                    text,
                );
            }
        }
    }
    painter.hline(rect.x_range(), strip.bottom(), Stroke::new(HAIRLINE, grid));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_builtin;

    #[test]
    fn label_widths_are_those_of_the_fonts_on_screen() {
        let mut dataset = load_builtin().unwrap().dataset;
        dataset.events[0].title = "Ärzte in Ḥalab — «ceasefire» 停火".into();
        let widths = measure_label_widths(&dataset.events);
        // The fonts of a context that has drawn a frame, as the app's.
        let ctx = egui::Context::default();
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let font = theme::item::LABEL_FONT;
        for (event, width) in dataset.events.iter().zip(&widths) {
            let on_screen = ctx.fonts_mut(|fonts| {
                event
                    .title
                    .chars()
                    .map(|c| fonts.glyph_width(&font, c))
                    .sum::<f32>()
            });
            assert_eq!(*width, on_screen.ceil() + 1.0, "{}", event.title);
            if !event.title.is_ascii() {
                continue;
            }
            // And about what egui lays out for the title (glyphs the font
            // lacks are drawn as a replacement but measured as nothing).
            let galley = ctx.fonts_mut(|fonts| {
                fonts.layout_no_wrap(event.title.to_string(), font.clone(), egui::Color32::WHITE)
            });
            assert!(
                (galley.size().x - on_screen).abs() < 2.0,
                "{}: {} against {on_screen}",
                event.title,
                galley.size().x
            );
        }
    }
}
