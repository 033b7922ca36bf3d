//! Where every item goes: rows within lanes, labels that never overlap, and
//! aggregates where items are too dense to draw one by one.
//!
//! Rows are assigned once per *zoom level* (a quarter of a doubling of
//! days per pixel) for a whole lane, not per frame, so items keep their rows
//! while the user pans. Items are placed most important first; an item that
//! finds no row with room for its label is placed without one (the label
//! shows on hover); one that finds no row at all is counted into an
//! aggregate badge for its place in time. Nothing is silently dropped.
//!
//! Each frame, [`build_scene`] turns the visible part of that layout into
//! rectangles in screen space ([`Scene`]); the screen and every export paint
//! that same scene, and hit testing reads it.

use std::collections::BTreeMap;

use super::index::{SpanClasses, TimelineIndex, is_marker};
use super::time_view::TimeTransform;
use crate::model::Dataset;

/// Sizes of the timeline's parts, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutMetrics {
    pub row_height: f32,
    /// Half width of a point marker.
    pub marker_radius: f32,
    /// Space between a marker or bar and its label, and between items.
    pub gap: f32,
    /// Padding of a label inside a bar.
    pub bar_padding: f32,
    /// Rows per lane before items are aggregated.
    pub max_rows: u16,
    /// Height of a lane's header strip above its rows.
    pub lane_header: f32,
    /// Space below each lane.
    pub lane_gap: f32,
    /// Height of the strip of aggregate badges under a lane's rows.
    pub aggregate_strip: f32,
    /// Width of one aggregate bucket.
    pub aggregate_bucket: f32,
}

impl Default for LayoutMetrics {
    fn default() -> Self {
        Self {
            row_height: 22.0,
            marker_radius: 6.0,
            gap: 6.0,
            bar_padding: 5.0,
            max_rows: 6,
            lane_header: 22.0,
            lane_gap: 6.0,
            aggregate_strip: 20.0,
            aggregate_bucket: 56.0,
        }
    }
}

/// Where one event of a lane goes at a zoom level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Row {
        row: u16,
        label: bool,
    },
    /// No room: counted in an aggregate.
    Aggregated,
}

/// A lane's layout at one zoom level.
#[derive(Clone, Debug, Default)]
pub struct LaneLayout {
    /// Rows used (at least 1).
    pub rows: u16,
    /// Per event index, for this lane's events.
    pub placement: std::collections::HashMap<u32, Placement>,
    /// Start times of aggregated events, sorted, with their event indices.
    pub aggregated: Vec<(f64, u32)>,
    /// The same events grouped by duration, to find those that started
    /// before a time and still run at it.
    pub aggregated_spans: SpanClasses<u32>,
}

/// The zoom level a days-per-pixel value falls in. Layouts are computed at
/// the level's upper bound, so extents are never underestimated.
pub fn zoom_level(days_per_px: f64) -> i32 {
    (days_per_px.max(1e-9).log2() * 4.0).ceil() as i32
}

pub fn days_per_px_of_level(level: i32) -> f64 {
    2f64.powf(f64::from(level) / 4.0)
}

/// The time an item occupies on its row at `days_per_px`, with or without
/// its label. `label_width` is in points.
fn extent(
    dataset: &Dataset,
    index: &TimelineIndex,
    event: u32,
    label_width: f32,
    with_label: bool,
    days_per_px: f64,
    metrics: &LayoutMetrics,
) -> (f64, f64) {
    let span = index.spans[event as usize];
    let px = |points: f32| f64::from(points) * days_per_px;
    if is_marker(dataset, event) {
        let center = 0.5 * (span.start + span.end);
        let right = if with_label {
            metrics.marker_radius + metrics.gap + label_width
        } else {
            metrics.marker_radius
        };
        (
            center - px(metrics.marker_radius),
            center + px(right) + px(metrics.gap),
        )
    } else {
        let bar_px = (span.end - span.start) / days_per_px;
        let inside = bar_px >= f64::from(label_width + 2.0 * metrics.bar_padding);
        // Bars are drawn at least a marker wide; labels beside them start there.
        let bar_end = span.end.max(span.start + px(2.0 * metrics.marker_radius));
        let end = if with_label && !inside {
            bar_end + px(metrics.gap + label_width)
        } else {
            bar_end
        };
        (span.start, end + px(metrics.gap))
    }
}

/// Occupied intervals of one row, keyed by start (ties broken by event).
#[derive(Default)]
struct Row {
    taken: BTreeMap<(i64, u32), (f64, f64)>,
}

impl Row {
    fn key(time: f64) -> i64 {
        (time * 1440.0).round() as i64
    }

    fn is_free(&self, start: f64, end: f64) -> bool {
        let key = (Self::key(start), u32::MAX);
        if let Some((_, &(_, before_end))) = self.taken.range(..=key).next_back()
            && before_end > start
        {
            return false;
        }
        if let Some((_, &(after_start, _))) = self.taken.range((Self::key(start), 0)..).next()
            && after_start < end
        {
            return false;
        }
        true
    }

    fn take(&mut self, event: u32, start: f64, end: f64) {
        self.taken.insert((Self::key(start), event), (start, end));
    }
}

/// Lays out one lane at `days_per_px`. `label_widths` is per event.
pub fn layout_lane(
    dataset: &Dataset,
    index: &TimelineIndex,
    lane: usize,
    label_widths: &[f32],
    days_per_px: f64,
    metrics: &LayoutMetrics,
) -> LaneLayout {
    let Some(lane_index) = index.lanes.get(lane) else {
        return LaneLayout {
            rows: 1,
            ..LaneLayout::default()
        };
    };
    let mut order: Vec<u32> = lane_index.by_start.clone();
    // Most important first; among equals, earlier first (stable sort keeps
    // the start order of `by_start`).
    order.sort_by_key(|&event| std::cmp::Reverse(dataset.events[event as usize].importance));
    let mut rows: Vec<Row> = Vec::new();
    let mut placement = std::collections::HashMap::with_capacity(order.len());
    let mut aggregated = Vec::new();
    for event in order {
        let width = label_widths.get(event as usize).copied().unwrap_or(0.0);
        let mut placed = None;
        for with_label in [true, false] {
            let (start, end) = extent(
                dataset,
                index,
                event,
                width,
                with_label,
                days_per_px,
                metrics,
            );
            let free = (0..rows.len()).find(|&row| rows[row].is_free(start, end));
            let row = match free {
                Some(row) => Some(row),
                None if rows.len() < usize::from(metrics.max_rows) => {
                    rows.push(Row::default());
                    Some(rows.len() - 1)
                }
                None => None,
            };
            if let Some(row) = row {
                rows[row].take(event, start, end);
                placed = Some(Placement::Row {
                    row: row as u16,
                    label: with_label,
                });
                break;
            }
        }
        let placed = placed.unwrap_or_else(|| {
            aggregated.push((index.spans[event as usize].start, event));
            Placement::Aggregated
        });
        placement.insert(event, placed);
    }
    aggregated.sort_by(|a, b| a.0.total_cmp(&b.0));
    let aggregated_spans = SpanClasses::new(
        aggregated
            .iter()
            .map(|&(_, event)| (index.spans[event as usize], event)),
    );
    LaneLayout {
        rows: rows.len().max(1) as u16,
        placement,
        aggregated,
        aggregated_spans,
    }
}

/// Layouts of every lane at one zoom level, rebuilt only when the level,
/// the data or the label widths change.
#[derive(Clone, Debug, Default)]
pub struct LayoutCache {
    key: Option<(i32, u64)>,
    pub lanes: Vec<LaneLayout>,
}

impl LayoutCache {
    /// Brings the cache up to date for `days_per_px`; `data_version` changes
    /// whenever the dataset or the label widths do.
    pub fn update(
        &mut self,
        dataset: &Dataset,
        index: &TimelineIndex,
        label_widths: &[f32],
        days_per_px: f64,
        data_version: u64,
        metrics: &LayoutMetrics,
    ) {
        let level = zoom_level(days_per_px);
        if self.key == Some((level, data_version)) {
            return;
        }
        let level_dpp = days_per_px_of_level(level);
        self.lanes = (0..dataset.lanes.len())
            .map(|lane| layout_lane(dataset, index, lane, label_widths, level_dpp, metrics))
            .collect();
        self.key = Some((level, data_version));
    }
}

/// An axis-aligned rectangle in screen points: `[x0, y0, x1, y1]`.
pub type Rect = [f32; 4];

/// How an event is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Marker,
    Bar,
}

/// Where an item's label goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelPlace {
    /// Left edge and vertical centre of the text.
    pub x: f32,
    pub y: f32,
    /// Inside a bar (drawn in the bar's text colour) or beside the item.
    pub inside: bool,
    /// Room for the text; wider text is clipped here.
    pub max_width: f32,
}

/// A visible event, in screen space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ItemShape {
    pub event: u32,
    pub lane: usize,
    pub kind: ItemKind,
    pub rect: Rect,
    pub label: Option<LabelPlace>,
}

/// A count of events too dense to draw, for a stretch of time in a lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AggregateBadge {
    pub lane: usize,
    pub count: usize,
    pub rect: Rect,
    /// The time range the aggregated events start in.
    pub time_start: f64,
    pub time_end: f64,
}

/// A lane band in screen space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBand {
    pub lane: usize,
    /// From the top of the header to the bottom of the lane.
    pub top: f32,
    pub rows_top: f32,
    pub bottom: f32,
    pub collapsed: bool,
}

/// Everything to draw for one frame of the timeline, in screen space.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub lanes: Vec<LaneBand>,
    pub items: Vec<ItemShape>,
    pub aggregates: Vec<AggregateBadge>,
    /// Bottom of the last lane.
    pub bottom: f32,
}

/// What is under a point of the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    Event(u32),
    Aggregate(AggregateBadge),
}

impl Scene {
    /// The item or aggregate at `(x, y)`, with `slop` points of tolerance;
    /// the closest wins.
    pub fn hit(&self, x: f32, y: f32, slop: f32) -> Option<Hit> {
        let distance = |rect: &Rect| {
            let dx = (rect[0] - x).max(x - rect[2]).max(0.0);
            let dy = (rect[1] - y).max(y - rect[3]).max(0.0);
            dx.max(dy)
        };
        let mut best: Option<(f32, Hit)> = None;
        for item in &self.items {
            let mut rect = item.rect;
            if let Some(label) = item.label
                && !label.inside
            {
                rect[2] = rect[2].max(label.x + label.max_width);
            }
            let d = distance(&rect);
            if d <= slop && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, Hit::Event(item.event)));
            }
        }
        for badge in &self.aggregates {
            let d = distance(&badge.rect);
            if d <= slop && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, Hit::Aggregate(*badge)));
            }
        }
        best.map(|(_, hit)| hit)
    }

    /// The screen rectangle of an event, if it is drawn.
    pub fn item_rect(&self, event: u32) -> Option<Rect> {
        self.items
            .iter()
            .find(|item| item.event == event)
            .map(|item| item.rect)
    }
}

/// Input of [`build_scene`].
#[derive(Debug)]
pub struct SceneInput<'a> {
    pub dataset: &'a Dataset,
    pub index: &'a TimelineIndex,
    pub layout: &'a LayoutCache,
    pub label_widths: &'a [f32],
    pub transform: TimeTransform,
    /// Top of the first lane.
    pub top: f32,
    pub metrics: LayoutMetrics,
    /// Per lane: drawn as a header only.
    pub collapsed: &'a [bool],
    /// Per lane: not drawn at all.
    pub hidden: &'a [bool],
}

/// Builds the frame's scene from the visible items only.
pub fn build_scene(input: &SceneInput<'_>) -> Scene {
    let SceneInput {
        dataset,
        index,
        layout,
        label_widths,
        transform,
        top,
        metrics,
        collapsed,
        hidden,
    } = input;
    let mut scene = Scene::default();
    let days_per_px = transform.days_per_px();
    // A margin so items whose labels reach into view are found too.
    let widest_label: f32 = 400.0;
    let t0 = transform.view.start - f64::from(widest_label) * days_per_px;
    let t1 = transform.view.end + f64::from(metrics.marker_radius) * days_per_px;
    let right_edge = transform.left + transform.width;
    let mut y = *top;
    let mut visible = Vec::new();
    for lane in 0..dataset.lanes.len() {
        if hidden.get(lane).copied().unwrap_or(false) {
            continue;
        }
        let is_collapsed = collapsed.get(lane).copied().unwrap_or(false);
        let Some(lane_layout) = layout.lanes.get(lane) else {
            continue;
        };
        let lane_top = y;
        let rows_top = y + metrics.lane_header;
        if is_collapsed {
            y = rows_top + metrics.lane_gap;
            scene.lanes.push(LaneBand {
                lane,
                top: lane_top,
                rows_top,
                bottom: rows_top,
                collapsed: true,
            });
            continue;
        }
        let rows_bottom = rows_top + f32::from(lane_layout.rows) * metrics.row_height;
        visible.clear();
        index.visible(lane, t0, t1, &mut visible);
        for &event in &visible {
            let Some(&Placement::Row { row, label }) = lane_layout.placement.get(&event) else {
                continue;
            };
            let span = index.spans[event as usize];
            let row_top = rows_top + f32::from(row) * metrics.row_height;
            let center_y = row_top + 0.5 * metrics.row_height;
            let width = label_widths.get(event as usize).copied().unwrap_or(0.0);
            let (kind, rect, label_place) = if is_marker(dataset, event) {
                let cx = transform.x_from_time(0.5 * (span.start + span.end));
                let r = metrics.marker_radius;
                let rect = [cx - r, center_y - r, cx + r, center_y + r];
                let label_x = cx + r + metrics.gap;
                let place = label.then_some(LabelPlace {
                    x: label_x,
                    y: center_y,
                    inside: false,
                    max_width: width,
                });
                (ItemKind::Marker, rect, place)
            } else {
                let x0 = transform.x_from_time(span.start);
                let x1 = transform
                    .x_from_time(span.end)
                    .max(x0 + 2.0 * metrics.marker_radius);
                let h = metrics.row_height - 6.0;
                let rect = [x0, center_y - 0.5 * h, x1, center_y + 0.5 * h];
                let inside = x1 - x0 >= width + 2.0 * metrics.bar_padding;
                let place = label.then(|| {
                    if inside {
                        // Keep the label in view while the bar runs off the left edge.
                        let visible_x0 = x0.max(transform.left);
                        let x = (visible_x0 + metrics.bar_padding)
                            .min(x1 - metrics.bar_padding - width);
                        LabelPlace {
                            x,
                            y: center_y,
                            inside: true,
                            max_width: x1 - metrics.bar_padding - x,
                        }
                    } else {
                        LabelPlace {
                            x: x1 + metrics.gap,
                            y: center_y,
                            inside: false,
                            max_width: width,
                        }
                    }
                });
                (ItemKind::Bar, rect, place)
            };
            let reaches = label_place.map_or(rect[2], |p| p.x + p.max_width);
            if reaches < transform.left || rect[0] > right_edge {
                continue;
            }
            scene.items.push(ItemShape {
                event,
                lane,
                kind,
                rect,
                label: label_place,
            });
        }
        let mut bottom = rows_bottom;
        if !lane_layout.aggregated.is_empty() {
            let strip_top = rows_bottom;
            bottom += metrics.aggregate_strip;
            push_aggregates(&mut scene, lane, lane_layout, transform, strip_top, metrics);
        }
        scene.lanes.push(LaneBand {
            lane,
            top: lane_top,
            rows_top,
            bottom,
            collapsed: false,
        });
        y = bottom + metrics.lane_gap;
    }
    scene.bottom = y;
    scene
}

/// Count badges for the aggregated events of a lane, one per bucket of the
/// visible width that holds any.
fn push_aggregates(
    scene: &mut Scene,
    lane: usize,
    layout: &LaneLayout,
    transform: &TimeTransform,
    strip_top: f32,
    metrics: &LayoutMetrics,
) {
    let bucket = metrics.aggregate_bucket;
    let buckets = (transform.width / bucket).ceil() as usize;
    for i in 0..buckets {
        let x0 = transform.left + i as f32 * bucket;
        let x1 = x0 + bucket;
        let (a, b) = (transform.time_from_x(x0), transform.time_from_x(x1));
        let lo = layout.aggregated.partition_point(|(start, _)| *start < a);
        let hi = layout.aggregated.partition_point(|(start, _)| *start < b);
        // The first bucket also counts ranges that began left of the view
        // and still run into it, so none goes uncounted.
        let carried = if i == 0 {
            layout.aggregated_spans.running_across(a)
        } else {
            0
        };
        let count = hi - lo + carried;
        if count > 0 {
            scene.aggregates.push(AggregateBadge {
                lane,
                count,
                rect: [
                    x0 + 2.0,
                    strip_top + 2.0,
                    x1 - 2.0,
                    strip_top + metrics.aggregate_strip - 2.0,
                ],
                time_start: a,
                time_end: b,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Lane};
    use crate::view::TimeView;

    fn event(id: &str, start: &str, end: Option<&str>, importance: u8) -> Event {
        Event {
            id: id.into(),
            title: id.into(),
            start: Date::parse(start).unwrap(),
            end: end.map(|e| Date::parse(e).unwrap()),
            ongoing: false,
            lane: "l".into(),
            summary: None,
            sources: Vec::new(),
            tags: Vec::new(),
            importance,
            approximate: false,
        }
    }

    fn dataset(events: Vec<Event>) -> Dataset {
        Dataset {
            title: "t".into(),
            lanes: vec![Lane {
                id: "l".into(),
                name: "L".into(),
                color: None,
            }],
            events,
            ..Dataset::default()
        }
    }

    /// Pixel extents (with labels where placed) of the items on each row.
    fn assert_no_overlaps_on_rows(
        dataset: &Dataset,
        layout: &LaneLayout,
        index: &TimelineIndex,
        widths: &[f32],
        dpp: f64,
    ) {
        let metrics = LayoutMetrics::default();
        let mut by_row: std::collections::HashMap<u16, Vec<(f64, f64)>> = Default::default();
        for (&event, placement) in &layout.placement {
            if let Placement::Row { row, label } = placement {
                by_row.entry(*row).or_default().push(extent(
                    dataset,
                    index,
                    event,
                    widths[event as usize],
                    *label,
                    dpp,
                    &metrics,
                ));
            }
        }
        for (row, mut extents) in by_row {
            extents.sort_by(|a, b| a.0.total_cmp(&b.0));
            for pair in extents.windows(2) {
                assert!(
                    pair[0].1 <= pair[1].0 + 1e-9,
                    "row {row}: {:?} overlaps {:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn stacking_puts_no_two_overlapping_items_on_one_row() {
        let events: Vec<Event> = (0..60)
            .map(|i| {
                let day = 1 + (i * 7) % 28;
                let start = format!("2016-{:02}-{day:02}", 1 + i % 12);
                let end = (i % 3 == 0).then(|| format!("2016-{:02}-28", 1 + i % 12));
                event(&format!("e{i}"), &start, end.as_deref(), 1 + (i % 5) as u8)
            })
            .collect();
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths: Vec<f32> = (0..dataset.events.len())
            .map(|i| 30.0 + (i % 7) as f32 * 20.0)
            .collect();
        for dpp in [0.05, 0.3, 1.0, 4.0] {
            let metrics = LayoutMetrics::default();
            let layout = layout_lane(&dataset, &index, 0, &widths, dpp, &metrics);
            assert_no_overlaps_on_rows(&dataset, &layout, &index, &widths, dpp);
            // Conservation: every event is placed or aggregated, exactly once.
            assert_eq!(layout.placement.len(), dataset.events.len());
            let aggregated = layout
                .placement
                .values()
                .filter(|p| **p == Placement::Aggregated)
                .count();
            assert_eq!(aggregated, layout.aggregated.len());
            assert!(layout.rows <= metrics.max_rows);
        }
    }

    #[test]
    fn ranges_running_across_a_time_are_counted() {
        let span = |start: f64, end: f64| crate::view::Span { start, end };
        let set = SpanClasses::new(
            [
                span(0.0, 100.0),
                span(50.0, 60.0),
                span(90.0, 95.0),
                span(200.0, 201.0),
            ]
            .into_iter()
            .map(|s| (s, ())),
        );
        assert_eq!(set.running_across(55.0), 2);
        assert_eq!(set.running_across(96.0), 1);
        assert_eq!(set.running_across(150.0), 0);
        assert_eq!(set.running_across(-1.0), 0);
    }

    #[test]
    fn important_events_win_the_rows_when_space_runs_out() {
        let mut events: Vec<Event> = (0..40)
            .map(|i| event(&format!("minor{i}"), "2016-02-27", None, 1))
            .collect();
        events.push(event("key", "2016-02-27", None, 5));
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![80.0; dataset.events.len()];
        let layout = layout_lane(&dataset, &index, 0, &widths, 1.0, &LayoutMetrics::default());
        let key = dataset.events.len() as u32 - 1;
        assert_eq!(
            layout.placement[&key],
            Placement::Row {
                row: 0,
                label: true
            }
        );
        assert!(!layout.aggregated.is_empty());
    }

    #[test]
    fn hit_testing_finds_the_item_under_a_point() {
        let dataset = dataset(vec![
            event("talks", "2016-02-11", Some("2016-02-12"), 5),
            event("truce", "2016-02-27", None, 5),
        ]);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![40.0, 40.0];
        let start = Date::parse("2016-02-01").unwrap().start_instant();
        let transform = TimeTransform::new(TimeView::new(start, start + 40.0), 0.0, 800.0);
        let mut cache = LayoutCache::default();
        let metrics = LayoutMetrics::default();
        cache.update(
            &dataset,
            &index,
            &widths,
            transform.days_per_px(),
            1,
            &metrics,
        );
        let scene = build_scene(&SceneInput {
            dataset: &dataset,
            index: &index,
            layout: &cache,
            label_widths: &widths,
            transform,
            top: 0.0,
            metrics,
            collapsed: &[],
            hidden: &[],
        });
        assert_eq!(scene.items.len(), 2);
        let truce_x =
            transform.x_from_time(Date::parse("2016-02-27").unwrap().start_instant() + 0.5);
        let rect = scene.item_rect(1).unwrap();
        let y = 0.5 * (rect[1] + rect[3]);
        assert_eq!(scene.hit(truce_x, y, 2.0), Some(Hit::Event(1)));
        let talks_x = transform.x_from_time(Date::parse("2016-02-12").unwrap().start_instant());
        let talks = scene.item_rect(0).unwrap();
        assert_eq!(
            scene.hit(talks_x, 0.5 * (talks[1] + talks[3]), 2.0),
            Some(Hit::Event(0))
        );
        // Empty space far from both.
        assert_eq!(scene.hit(5.0, y, 2.0), None);
    }
}
