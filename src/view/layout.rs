//! Where every item goes: rows within lanes, labels that never overlap, and
//! aggregates where items are too dense to draw one by one.
//!
//! Rows are assigned once per *zoom level* (a quarter of a doubling of
//! days per pixel) over a *window* of time around the view (the view and
//! half its width on each side), not per frame, so items keep their rows
//! while the user pans inside it; when the view leaves the window, or the
//! zoom level changes, the window is laid out again around the view.
//! Items are placed most important first; an item that finds no row with
//! room for its label is placed without one (the label shows on hover); one
//! that finds no row at all is counted into an aggregate badge for its
//! place in time. Nothing is silently dropped.
//!
//! The selected event is always drawn with its label: when its lane's
//! layout leaves it in a badge or without a label, that lane alone is laid
//! out again with the selection placed first ([`LayoutCache::update`]), so
//! the cost falls on the frame the selection changes in, not on every frame.
//!
//! The cost of a layout is bounded by the window's width in points, not by
//! how many events it holds: per stretch of a few points only as many
//! events as could ever get a row there are considered, read most important
//! first off per-importance lists, and the badges count the rest with binary
//! searches over sorted starts and ends ([`SpanCounts`]).
//!
//! Each frame, [`build_scene`] turns the placed items that reach into the
//! view into rectangles in screen space ([`Scene`]); the screen and every
//! export paint that same scene, and hit testing reads it.

use super::index::{
    DateOrder, DateOrdered, Span, SpanClasses, TimelineIndex, duration_class, event_is_marker,
    is_marker,
};
use super::time_view::{TimeTransform, TimeView};
use crate::model::{Dataset, EventIndex};
use egui::{Pos2, Rect};
use std::sync::Arc;

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
    /// A bar is this much shorter than its row, above and below.
    pub bar_inset: f32,
    /// Rows every lane may use however low the timeline is (lanes taller
    /// than the timeline scroll); where its height leaves room, lanes that
    /// need more rows get more (see [`LaneRoom`]).
    pub base_rows: u16,
    /// Height of a lane's header strip above its rows.
    pub lane_header: f32,
    /// Height of a layer's header above its lanes, when there are layers.
    pub layer_header: f32,
    /// Space below each lane.
    pub lane_gap: f32,
    /// Height of the strip of aggregate badges under a lane's rows.
    pub aggregate_strip: f32,
    /// Width of one aggregate bucket.
    pub aggregate_bucket: f32,
    /// An aggregate badge is this much smaller than its bucket and strip,
    /// each side.
    pub badge_inset: f32,
}

impl Default for LayoutMetrics {
    fn default() -> Self {
        Self {
            row_height: 22.0,
            marker_radius: 6.0,
            gap: 6.0,
            bar_padding: 5.0,
            bar_inset: 3.0,
            base_rows: 6,
            lane_header: 22.0,
            layer_header: 28.0,
            lane_gap: 6.0,
            aggregate_strip: 20.0,
            aggregate_bucket: 56.0,
            badge_inset: 2.0,
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

/// An event that has a row in a lane's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlacedItem {
    pub event: EventIndex,
    pub row: u16,
    /// Drawn with its label (otherwise the label shows on hover).
    pub label: bool,
    /// The label goes to the left of the item: on the right it would run
    /// past the end of what a view can show, or into the next item of
    /// every row there is.
    pub label_left: bool,
}

/// Where an item's label goes in a layout, if it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LabelSide {
    Right,
    Left,
}

impl PlacedItem {
    fn label_side(&self) -> Option<LabelSide> {
        match (self.label, self.label_left) {
            (false, _) => None,
            (true, false) => Some(LabelSide::Right),
            (true, true) => Some(LabelSide::Left),
        }
    }
}

/// Sorted starts and ends of a set of spans: how many start in a range, run
/// across a time or overlap a range, each in a few binary searches.
#[derive(Clone, Debug, Default)]
pub struct SpanCounts {
    starts: Vec<f64>,
    /// `max(end, start)`, so no span ends before it starts.
    ends: Vec<f64>,
    /// Starts of the spans that end where they start.
    empty: Vec<f64>,
}

/// [`SpanCounts`] being gathered, a span at a time.
#[derive(Default)]
struct SpanCountsBuilder(SpanCounts);

impl SpanCountsBuilder {
    fn push(&mut self, span: Span) {
        let counts = &mut self.0;
        let end = span.end.max(span.start);
        counts.starts.push(span.start);
        counts.ends.push(end);
        if end == span.start {
            counts.empty.push(span.start);
        }
    }

    fn finish(self) -> SpanCounts {
        let mut counts = self.0;
        counts.starts.sort_unstable_by(f64::total_cmp);
        counts.ends.sort_unstable_by(f64::total_cmp);
        counts.empty.sort_unstable_by(f64::total_cmp);
        counts
    }
}

impl SpanCounts {
    pub fn new(spans: impl IntoIterator<Item = Span>) -> Self {
        let mut counts = SpanCountsBuilder::default();
        for span in spans {
            counts.push(span);
        }
        counts.finish()
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn before(sorted: &[f64], time: f64) -> usize {
        sorted.partition_point(|&t| t < time)
    }

    fn at_or_before(sorted: &[f64], time: f64) -> usize {
        sorted.partition_point(|&t| t <= time)
    }

    /// Spans starting in `[t0, t1)`.
    pub(crate) fn starting_in(&self, t0: f64, t1: f64) -> usize {
        Self::before(&self.starts, t1).saturating_sub(Self::before(&self.starts, t0))
    }

    /// Spans that start before `time` and end after it.
    pub(crate) fn running_across(&self, time: f64) -> usize {
        // Started before, minus ended by then; an empty span starting exactly
        // at `time` is in the second count only, so it is added back.
        let empty_here = Self::at_or_before(&self.empty, time) - Self::before(&self.empty, time);
        (Self::before(&self.starts, time) + empty_here)
            .saturating_sub(Self::at_or_before(&self.ends, time))
    }

    /// Spans that start before `t1` and end after `t0` (`t0 < t1`).
    pub fn overlapping(&self, t0: f64, t1: f64) -> usize {
        Self::before(&self.starts, t1).saturating_sub(Self::at_or_before(&self.ends, t0))
    }
}

/// A lane's events in the orders the windowed layout reads them: per
/// importance, most important first, each in start order; and counts of all
/// of them for the aggregate badges. Built once per dataset.
#[derive(Clone, Debug, Default)]
pub struct LaneEvents {
    levels: Vec<ImportanceLevel>,
    pub counts: SpanCounts,
}

/// The events of one importance in a lane, in date order, with what the
/// layout needs of each kept side by side so it reads no event records.
#[derive(Clone, Debug, Default)]
struct ImportanceLevel {
    importance: u8,
    events: Vec<u32>,
    starts: SortedStarts,
    /// Kept beside the starts so that a candidate carries its span and the
    /// layout never looks it up among the dataset's (a cache miss each).
    ends: Vec<f64>,
    /// Positions in the date order of the whole dataset: the tie-break.
    ranks: Vec<u32>,
    markers: Vec<bool>,
    /// The same events grouped by duration (positions in `events`), to find
    /// the earliest ones running across a time without visiting the rest.
    durations: Vec<DurationGroup>,
}

#[derive(Clone, Debug, Default)]
struct DurationGroup {
    max_duration: f64,
    starts: SortedStarts,
    /// Positions in the level's lists (its ends among them).
    positions: Vec<u32>,
}

/// A candidate for a row: its priority (most important, then earliest,
/// first), event, span and whether it is drawn as a marker.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    importance: std::cmp::Reverse<u8>,
    rank: u32,
    event: u32,
    marker: bool,
    span: Span,
}

impl Candidate {
    /// What orders candidates: an event is one candidate, with one span.
    fn priority(&self) -> (std::cmp::Reverse<u8>, u32, u32) {
        (self.importance, self.rank, self.event)
    }
}

/// Start times in ascending order, and every [`START_SAMPLE_STRIDE`]th of
/// them in a list of its own, to find where a time falls among them.
///
/// A layout asks that for every bucket edge of its window and for every
/// duration group, and in a dense lane each binary search of a whole list
/// took a cache miss at most of its steps. The sampled starts, a
/// thirty-second of the list, stay in cache from search to search; they
/// narrow the answer to a stretch of a few cache lines of the list itself.
#[derive(Clone, Debug, Default)]
struct SortedStarts {
    all: Vec<f64>,
    sampled: Vec<f64>,
}

/// How far apart the starts in [`SortedStarts::sampled`] are.
const START_SAMPLE_STRIDE: usize = 32;

impl SortedStarts {
    fn with_capacity(starts: usize) -> Self {
        Self {
            all: Vec::with_capacity(starts),
            sampled: Vec::with_capacity(starts.div_ceil(START_SAMPLE_STRIDE)),
        }
    }

    /// Adds a start no earlier than the last.
    fn push(&mut self, start: f64) {
        if self.all.len().is_multiple_of(START_SAMPLE_STRIDE) {
            self.sampled.push(start);
        }
        self.all.push(start);
    }

    fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// How many of the starts are before `time`: what
    /// `partition_point(|&s| s < time)` says of the whole list.
    fn before(&self, time: f64) -> usize {
        let block = self.sampled.partition_point(|&s| s < time);
        if block == 0 {
            // The first start (the first sample) is not before `time`.
            return 0;
        }
        // The sample opening this block is before `time`; the next one,
        // if there is one, is not.
        let low = (block - 1) * START_SAMPLE_STRIDE + 1;
        let high = (block * START_SAMPLE_STRIDE).min(self.all.len());
        low + self.all[low..high].partition_point(|&s| s < time)
    }
}

impl ImportanceLevel {
    fn candidate(&self, position: usize) -> Candidate {
        Candidate {
            importance: std::cmp::Reverse(self.importance),
            rank: self.ranks[position],
            event: self.events[position],
            marker: self.markers[position],
            span: Span {
                start: self.starts.all[position],
                end: self.ends[position],
            },
        }
    }

    /// Appends the `want` earliest of this level's events that start before
    /// `time` and end after it. Each duration group is read from its
    /// earliest possible start on and stops after `want` finds.
    fn earliest_running_across(&self, time: f64, want: usize, out: &mut Vec<Candidate>) {
        let first = out.len();
        for group in &self.durations {
            let lo = group.starts.before(time - group.max_duration);
            let mut found = 0;
            for (&start, &position) in group.starts.all[lo..].iter().zip(&group.positions[lo..]) {
                if start >= time || found == want {
                    break;
                }
                if self.ends[position as usize] > time {
                    out.push(self.candidate(position as usize));
                    found += 1;
                }
            }
        }
        out[first..].sort_unstable_by_key(Candidate::priority);
        out.truncate(first + want.min(out.len() - first));
    }
}

impl LaneEvents {
    /// One lane's events ([`lane_events`] builds every lane's at once).
    pub fn new(dataset: &Dataset, index: &TimelineIndex, lane: usize) -> Self {
        let Some(lane_index) = index.lanes.get(lane) else {
            return Self::default();
        };
        let mut builder = LaneEventsBuilder::default();
        for &event in &lane_index.by_start {
            let importance = dataset
                .events
                .get(event as usize)
                .map_or(0, |e| e.importance);
            builder.plan(importance, index.spans[event as usize]);
        }
        builder.reserve();
        for &event in &lane_index.by_start {
            let record = dataset.events.get(event as usize);
            builder.push(
                event,
                index
                    .date_rank
                    .get(event as usize)
                    .copied()
                    .unwrap_or(u32::MAX),
                record.map_or(0, |e| e.importance),
                is_marker(dataset, event),
                index.spans[event as usize],
            );
        }
        builder.finish()
    }
}

/// A lane's events taken in date order, each put in its importance level
/// and that level's duration group as it comes.
///
/// The events may be counted first ([`Self::plan`], in any order), so that
/// every list is made at its size at once ([`Self::reserve`]): lists that
/// grew as they were filled were copied and their memory touched anew,
/// which cost more than the filling for millions of events.
#[derive(Default)]
struct LaneEventsBuilder {
    /// By importance: the level of that importance, once it has an event.
    levels: Vec<Option<ImportanceLevel>>,
    counts: SpanCountsBuilder,
    /// By importance: how many events the level will have, and how many in
    /// each duration group.
    planned: Vec<(usize, Vec<usize>)>,
    /// How many spans end where they start.
    planned_empty: usize,
}

impl LaneEventsBuilder {
    /// Counts an event that [`Self::push`] will add.
    fn plan(&mut self, importance: u8, span: Span) {
        let slot = usize::from(importance);
        if self.planned.len() <= slot {
            self.planned.resize_with(slot + 1, Default::default);
        }
        let (events, groups) = &mut self.planned[slot];
        *events += 1;
        let group = duration_class(span.end - span.start);
        if groups.len() <= group {
            groups.resize(group + 1, 0);
        }
        groups[group] += 1;
        if span.end.max(span.start) == span.start {
            self.planned_empty += 1;
        }
    }

    /// Makes the lists at the sizes [`Self::plan`] counted.
    fn reserve(&mut self) {
        let mut total = 0;
        for (slot, (events, groups)) in std::mem::take(&mut self.planned).into_iter().enumerate() {
            if events == 0 {
                continue;
            }
            total += events;
            if self.levels.len() <= slot {
                self.levels.resize_with(slot + 1, || None);
            }
            self.levels[slot] = Some(ImportanceLevel {
                importance: u8::try_from(slot).unwrap_or(u8::MAX),
                events: Vec::with_capacity(events),
                starts: SortedStarts::with_capacity(events),
                ends: Vec::with_capacity(events),
                ranks: Vec::with_capacity(events),
                markers: Vec::with_capacity(events),
                durations: groups
                    .into_iter()
                    .map(|count| DurationGroup {
                        max_duration: 0.0,
                        starts: SortedStarts::with_capacity(count),
                        positions: Vec::with_capacity(count),
                    })
                    .collect(),
            });
        }
        let counts = &mut self.counts.0;
        counts.starts.reserve_exact(total);
        counts.ends.reserve_exact(total);
        counts.empty.reserve_exact(self.planned_empty);
    }

    /// Adds the event next in date order (`rank`).
    fn push(&mut self, event: u32, rank: u32, importance: u8, marker: bool, span: Span) {
        let slot = usize::from(importance);
        if self.levels.len() <= slot {
            self.levels.resize_with(slot + 1, || None);
        }
        let level = self.levels[slot].get_or_insert_with(|| ImportanceLevel {
            importance,
            ..ImportanceLevel::default()
        });
        let position = level.events.len() as u32;
        level.events.push(event);
        level.starts.push(span.start);
        level.ends.push(span.end);
        level.ranks.push(rank);
        level.markers.push(marker);
        // In start order, so every group is sorted by start too.
        let duration = span.end - span.start;
        let group = duration_class(duration);
        if level.durations.len() <= group {
            level
                .durations
                .resize_with(group + 1, DurationGroup::default);
        }
        let group = &mut level.durations[group];
        group.max_duration = group.max_duration.max(duration);
        group.starts.push(span.start);
        group.positions.push(position);
        self.counts.push(span);
    }

    /// The levels, most important first.
    fn finish(self) -> LaneEvents {
        let levels = self
            .levels
            .into_iter()
            .rev()
            .flatten()
            .map(|mut level| {
                level.durations.retain(|group| !group.starts.is_empty());
                level
            })
            .collect();
        LaneEvents {
            levels,
            counts: self.counts.finish(),
        }
    }
}

/// A lane's layout at one zoom level, over a window of time around the view.
#[derive(Clone, Debug, Default)]
pub struct LaneLayout {
    /// Rows used (at least 1).
    pub rows: u16,
    /// The time range laid out.
    pub window: (f64, f64),
    /// The events with a row, sorted by start.
    pub placed: Vec<PlacedItem>,
    /// Per placed item (by position in `placed`), the time its item and
    /// label take up at the layout's zoom: finds what reaches into a view.
    extents: SpanClasses<u32>,
    /// Spans of the placed events: the badges count the rest.
    placed_counts: SpanCounts,
    /// Events overlapping the window that have no row.
    pub aggregated: usize,
    /// The rows the layout could use, and the event placed first whatever
    /// its importance (the selection).
    pub(crate) cap: LaneCap,
    /// The cap left an event of the window without a row or its label:
    /// the lane would show more with more rows.
    pub capped: bool,
    /// Events of the window without a row or without their label.
    pub left_out: usize,
}

impl LaneLayout {
    /// Where an event of the window went. Scans the placed items: for tests
    /// and tools, not for every frame.
    #[cfg(test)]
    pub(crate) fn placement(&self, event: EventIndex) -> Placement {
        self.placed
            .iter()
            .find(|item| item.event == event)
            .map_or(Placement::Aggregated, |item| Placement::Row {
                row: item.row,
                label: item.label,
            })
    }

    /// Whether `event` has a row and its label here. Scans the placed items:
    /// once per change of selection, not per frame.
    fn shows_label_of(&self, event: EventIndex) -> bool {
        self.placed
            .iter()
            .any(|item| item.event == event && item.label)
    }

    /// Calls `found` with the positions in `placed` of the items whose
    /// extent (with label) overlaps `[t0, t1)`, in start order.
    pub(crate) fn reaching_into(&self, t0: f64, t1: f64, found: &mut Vec<u32>) {
        let first = found.len();
        self.extents.for_each_overlapping(t0, t1, |i| found.push(i));
        found[first..].sort_unstable();
    }

    /// Events starting in `[t0, t1)` that are counted into badges, given all
    /// the lane's events.
    pub fn aggregated_starting_in(&self, all: &SpanCounts, t0: f64, t1: f64) -> usize {
        all.starting_in(t0, t1)
            .saturating_sub(self.placed_counts.starting_in(t0, t1))
    }

    /// Events running across `time` that are counted into badges.
    pub fn aggregated_running_across(&self, all: &SpanCounts, time: f64) -> usize {
        all.running_across(time)
            .saturating_sub(self.placed_counts.running_across(time))
    }

    /// The events a badge of this lane counts, in date order: those of its
    /// lane that start in its time range (and, for the first badge of a
    /// view, those running across its start) and have no row here.
    ///
    /// Read off the lane's start-sorted events and its duration classes,
    /// so it costs the events listed and a few binary searches, not a pass
    /// over the dataset.
    pub fn badge_events(&self, index: &TimelineIndex, badge: &AggregateBadge) -> Vec<EventIndex> {
        let Some(lane) = index.lanes.get(badge.lane) else {
            return Vec::new();
        };
        let (t0, t1) = (badge.time_start, badge.time_end);
        let mut placed: Vec<u32> = self.placed.iter().map(|item| item.event.as_u32()).collect();
        placed.sort_unstable();
        let unplaced = |event: &u32| placed.binary_search(event).is_err();
        let mut events = Vec::new();
        if badge.running_in {
            index.visible(badge.lane, t0, t0, &mut events);
            events.retain(unplaced);
            events.sort_unstable_by_key(|&event| index.date_rank.get(event as usize));
        }
        // The lane's events are in date order: start, then end.
        let start_of = |event: u32| {
            index
                .spans
                .get(event as usize)
                .map_or(f64::NAN, |s| s.start)
        };
        let first = lane.by_start.partition_point(|&event| start_of(event) < t0);
        let last = first + lane.by_start[first..].partition_point(|&event| start_of(event) < t1);
        events.extend(lane.by_start[first..last].iter().filter(|e| unplaced(e)));
        events.into_iter().map(EventIndex::from_u32).collect()
    }
}

/// The zoom level a days-per-pixel value falls in. Layouts are computed at
/// the level's upper bound, so extents are never underestimated.
pub(crate) fn zoom_level(days_per_px: f64) -> i32 {
    (days_per_px.max(1e-9).log2() * 4.0).ceil() as i32
}

pub(crate) fn days_per_px_of_level(level: i32) -> f64 {
    2f64.powf(f64::from(level) / 4.0)
}

/// The time an item occupies on its row at `days_per_px`, with its label
/// on one side or without it. `label_width` is in points.
pub(crate) fn extent(
    span: Span,
    marker: bool,
    label_width: f32,
    label: Option<LabelSide>,
    days_per_px: f64,
    metrics: &LayoutMetrics,
) -> (f64, f64) {
    let px = |points: f32| f64::from(points) * days_per_px;
    if marker {
        let center = 0.5 * (span.start + span.end);
        let beside = metrics.marker_radius + metrics.gap + label_width;
        let (left, right) = match label {
            None => (metrics.marker_radius, metrics.marker_radius),
            Some(LabelSide::Right) => (metrics.marker_radius, beside),
            Some(LabelSide::Left) => (beside, metrics.marker_radius),
        };
        (center - px(left), center + px(right) + px(metrics.gap))
    } else {
        let bar_px = (span.end - span.start) / days_per_px;
        let inside = bar_px >= f64::from(label_width + 2.0 * metrics.bar_padding);
        // Bars are drawn at least a marker wide; labels beside them start there.
        let bar_end = span.end.max(span.start + px(2.0 * metrics.marker_radius));
        let beside = px(metrics.gap + label_width);
        let (start, end) = match label {
            Some(LabelSide::Right) if !inside => (span.start, bar_end + beside),
            Some(LabelSide::Left) if !inside => (span.start - beside, bar_end),
            _ => (span.start, bar_end),
        };
        (start, end + px(metrics.gap))
    }
}

/// The window cut into cells one point wide (at the layout's zoom); a row
/// is a bit set of the cells taken. An extent takes every cell it touches,
/// so two extents that overlap inside the window always share a cell.
struct Cells {
    start: f64,
    days_per_cell: f64,
    count: usize,
}

impl Cells {
    /// The cells `[first, last)` an extent touches, clamped to the window.
    /// Every extent laid out reaches into the window, and two overlapping
    /// extents that both do overlap inside it, so clamping loses nothing.
    fn of(&self, (start, end): (f64, f64)) -> (usize, usize) {
        let cell = |time: f64| (time - self.start) / self.days_per_cell;
        let last_cell = self.count.saturating_sub(1) as f64;
        let first = cell(start).floor().clamp(0.0, last_cell) as usize;
        let last = (cell(end).ceil().clamp(0.0, self.count as f64) as usize).max(first + 1);
        (first, last)
    }
}

/// Taken cells of one row.
struct RowBits(Vec<u64>);

impl RowBits {
    fn new(cells: usize) -> Self {
        Self(vec![0; cells.div_ceil(64)])
    }

    /// Calls `word` with each word index and the mask of `[first, last)` in it.
    fn words(first: usize, last: usize, mut word: impl FnMut(usize, u64) -> bool) -> bool {
        let (w0, w1) = (first / 64, (last - 1) / 64);
        for w in w0..=w1 {
            let lo = if w == w0 { first % 64 } else { 0 };
            let hi = if w == w1 { (last - 1) % 64 + 1 } else { 64 };
            let mask = if hi - lo == 64 {
                u64::MAX
            } else {
                ((1u64 << (hi - lo)) - 1) << lo
            };
            if !word(w, mask) {
                return false;
            }
        }
        true
    }

    fn is_free(&self, (first, last): (usize, usize)) -> bool {
        Self::words(first, last, |w, mask| {
            self.0.get(w).is_none_or(|b| b & mask == 0)
        })
    }

    /// Recomputes, over `[first, last)`, which cells every row has taken.
    fn update_full(&mut self, rows: &[RowBits], (first, last): (usize, usize)) {
        for w in first / 64..=(last - 1) / 64 {
            let all = rows.iter().fold(u64::MAX, |acc, row| {
                acc & row.0.get(w).copied().unwrap_or(0)
            });
            if let Some(bits) = self.0.get_mut(w) {
                *bits = all;
            }
        }
    }

    fn take(&mut self, (first, last): (usize, usize)) {
        Self::words(first, last, |w, mask| {
            if let Some(bits) = self.0.get_mut(w) {
                *bits |= mask;
            }
            true
        });
    }
}

/// Width of a candidate bucket, in points at the layout's zoom.
const CANDIDATE_BUCKET: f32 = 36.0;

/// Lays out the events of one lane that overlap `window` at `days_per_px`.
///
/// Only a bounded number of events per stretch of time can get a row: an
/// item takes at least a marker and a gap on its row, so a bucket
/// [`CANDIDATE_BUCKET`] points wide holds the starts of a few per row. The
/// most important events of each bucket (earliest first among equals, read
/// straight off the per-importance lists) are the candidates, and the
/// events already running when the window starts compete as one more
/// bucket; every other event is counted into the badges without being
/// looked at. The work is therefore bounded by the window's width in
/// points, not by how many events it holds.
///
/// Candidates are placed most important first, each on the first row with
/// room for it and its label, else for it alone; one that finds no row is
/// counted into an aggregate. Ranges longer than the view (half the window)
/// take at most half the rows before the other candidates are placed, and
/// only the rows still free after them: zoomed in on a month of a dense
/// dataset, the month's own events get rows rather than years-long ranges.
pub fn layout_lane(
    dataset: &Dataset,
    index: &TimelineIndex,
    events: &LaneEvents,
    label_widths: &[f32],
    window: (f64, f64),
    days_per_px: f64,
    metrics: &LayoutMetrics,
) -> LaneLayout {
    layout_lane_pinned(
        dataset,
        index,
        events,
        label_widths,
        window,
        days_per_px,
        metrics,
        LaneCap {
            rows: metrics.base_rows,
            ..LaneCap::default()
        },
    )
}

/// What bounds a lane's layout: how many rows it may use, the event it
/// places first, and the time range labels stay within (what a
/// view can show).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LaneCap {
    pub rows: u16,
    pub pinned: Option<EventIndex>,
    pub labels_within: (f64, f64),
    /// A label goes to the left of its item on a row there is rather than
    /// to the right on a new row: for when the lanes are short of room.
    pub compact: bool,
}

impl Default for LaneCap {
    fn default() -> Self {
        Self {
            rows: 0,
            pinned: None,
            labels_within: (f64::NEG_INFINITY, f64::INFINITY),
            compact: false,
        }
    }
}

/// Whether a span is counted in a window by [`SpanCounts::overlapping`]
/// (or, for an empty window, [`SpanCounts::running_across`]).
fn counted_in_window(span: Span, (w0, w1): (f64, f64)) -> bool {
    let end = span.end.max(span.start);
    if w1 > w0 {
        span.start < w1 && end > w0
    } else {
        span.start < w0 && end > w0
    }
}

/// [`layout_lane`] with at most `cap.rows` rows, and `cap.pinned`, an event
/// of the lane, placed before every other candidate: on the first row, with
/// its label. An event outside the window is not pinned (it is not counted
/// there either).
#[allow(clippy::too_many_arguments)]
pub(crate) fn layout_lane_pinned(
    dataset: &Dataset,
    index: &TimelineIndex,
    events: &LaneEvents,
    label_widths: &[f32],
    window: (f64, f64),
    days_per_px: f64,
    metrics: &LayoutMetrics,
    cap: LaneCap,
) -> LaneLayout {
    puffin::profile_function!();
    let pinned = cap.pinned;
    let (w0, w1) = (window.0, window.1.max(window.0));
    let days_per_px = days_per_px.max(1e-9);
    let max_rows = usize::from(cap.rows.max(1));
    let per_bucket = 4 * max_rows;
    let mut candidates: Vec<Candidate> = Vec::new();

    // Ranges running into the window from before it all cover its first
    // instant, so at most `max_rows` of them fit: a few more than that, most
    // important and earliest first, compete.
    let running_wanted = 2 * max_rows;

    // Buckets on a grid fixed in time, so a bucket's candidates do not
    // depend on where the window starts.
    let bucket = f64::from(CANDIDATE_BUCKET) * days_per_px;
    let first_bucket = (w0 / bucket).floor();
    let buckets = ((w1 / bucket).floor() - first_bucket).max(0.0) as usize + 1;
    let bucket_end = |k: usize| ((first_bucket + k as f64 + 1.0) * bucket).min(w1);
    // The bucket a start falls in: the first whose end is after it, found
    // from the grid and then checked against the ends themselves, so that
    // rounding never moves a start across a boundary.
    let bucket_of = |start: f64| {
        let mut k =
            ((start / bucket).floor() - first_bucket).clamp(0.0, (buckets - 1) as f64) as usize;
        while k > 0 && start < bucket_end(k - 1) {
            k -= 1;
        }
        while k + 1 < buckets && start >= bucket_end(k) {
            k += 1;
        }
        k
    };
    // Each level's events starting in the window, and room for as many of
    // them as the buckets take, made at once: grown as it was filled, the
    // list was copied over and over.
    let in_window: Vec<(usize, usize)> = events
        .levels
        .iter()
        .map(|level| (level.starts.before(w0), level.starts.before(w1)))
        .collect();
    let most_from_buckets = buckets.saturating_mul(per_bucket);
    candidates.reserve(
        running_wanted
            + in_window
                .iter()
                .map(|&(lo, end)| (end - lo).min(most_from_buckets))
                .sum::<usize>(),
    );
    // The candidates are made in the order they are placed in, so they
    // need no sorting: level by level, most important first, and in each
    // its ranges running into the window (which start before it), then
    // the events starting in it, bucket by bucket (a level's lists are in
    // date order).
    let mut running_left = running_wanted;
    let mut left = vec![per_bucket; buckets];
    for (level, &(mut lo, end)) in events.levels.iter().zip(&in_window) {
        if running_left > 0 {
            let before = candidates.len();
            level.earliest_running_across(w0, running_left, &mut candidates);
            running_left -= candidates.len() - before;
        }
        // Only the buckets a level has starts in are visited: a level with
        // a handful of events in the window costs a handful of searches.
        while lo < end {
            let k = bucket_of(level.starts.all[lo]);
            if left[k] == 0 {
                // Buckets the more important events filled give this level
                // nothing: it goes on at the next bucket with room, if any.
                let Some(open) = (k + 1..buckets).find(|&j| left[j] > 0) else {
                    break;
                };
                lo = level.starts.before(bucket_end(open - 1)).clamp(lo, end);
                continue;
            }
            let hi = level.starts.before(bucket_end(k)).clamp(lo, end);
            if hi == lo {
                // Past the last bucket's end (by rounding): in no bucket.
                break;
            }
            let take = (hi - lo).min(left[k]);
            candidates.extend((lo..lo + take).map(|position| level.candidate(position)));
            left[k] -= take;
            lo = hi;
        }
    }
    debug_assert!(candidates.is_sorted_by_key(Candidate::priority));

    let cells = Cells {
        start: w0,
        days_per_cell: days_per_px,
        count: (((w1 - w0) / days_per_px).ceil() as usize).max(1),
    };
    let mut rows: Vec<RowBits> = Vec::new();
    // Cells taken on every row, once all rows exist: an item touching one
    // fits nowhere, which settles most candidates of a crowded window at once.
    let mut full = RowBits::new(cells.count);
    let mut placed = Vec::new();
    // Ranges longer than the view (half the window) say little about when
    // things happen in it: they may take at most half the rows while other
    // items wait, and the rows left over afterwards.
    let spanning_rows = (max_rows / 2).max(1);
    let mut spanning_placed = 0;
    let mut deferred = Vec::new();
    // Whether the cap left an item without a row or without its label
    // (on either side): more rows would show more.
    let mut capped = false;
    let mut place = |candidate: Candidate, rows: &mut Vec<RowBits>, full: &mut RowBits| {
        let event = candidate.event;
        let span = candidate.span;
        // Without a label an extent needs no label width: a crowded
        // window's candidates are mostly turned away here, before it is
        // looked up.
        let bare = extent(span, candidate.marker, 0.0, None, days_per_px, metrics);
        if rows.len() == max_rows && !full.is_free(cells.of(bare)) {
            capped = true;
            return false;
        }
        let width = label_widths.get(event as usize).copied().unwrap_or(0.0);
        let extent_of = |label| extent(span, candidate.marker, width, label, days_per_px, metrics);
        // The label goes right, on a row of its own if need be; left when
        // on the right it would run past what a view can show (`within`:
        // it stays inside, or adds nothing beyond the item), or when the
        // rows are all there are and none has room on the right; else the
        // item goes without it.
        let (lo, hi) = cap.labels_within;
        let within = |(start, end): (f64, f64)| start >= lo.min(bare.0) && end <= hi.max(bare.1);
        let (right, left) = (
            extent_of(Some(LabelSide::Right)),
            extent_of(Some(LabelSide::Left)),
        );
        let (first, second) = match (within(right), within(left)) {
            // A label inside its bar is the same on either side.
            (true, true) if left != right => (LabelSide::Right, Some(LabelSide::Left)),
            (true, _) => (LabelSide::Right, None),
            (false, true) => (LabelSide::Left, None),
            // A label longer than the whole range reads from its start.
            (false, false) => (LabelSide::Right, None),
        };
        // Each try: the label's side (none: without it), and whether it
        // may open a new row; none is tried twice.
        let second = second.map(|side| (Some(side), false));
        let tries = if cap.compact {
            [
                Some((Some(first), false)),
                second,
                Some((Some(first), true)),
                Some((None, false)),
            ]
        } else {
            [Some((Some(first), true)), second, Some((None, false)), None]
        };
        for (label, may_add_row) in tries.into_iter().flatten() {
            let taken = cells.of(extent_of(label));
            let row = match rows.iter().position(|row| row.is_free(taken)) {
                Some(row) => Some(row),
                None if may_add_row && rows.len() < max_rows => {
                    rows.push(RowBits::new(cells.count));
                    Some(rows.len() - 1)
                }
                None => None,
            };
            if let Some(row) = row {
                // Without its label only because every row was taken.
                capped |= label.is_none();
                rows[row].take(taken);
                if rows.len() == max_rows {
                    full.update_full(rows, taken);
                }
                placed.push((
                    candidate.rank,
                    PlacedItem {
                        event: EventIndex::from_u32(event),
                        row: row as u16,
                        label: label.is_some(),
                        label_left: label == Some(LabelSide::Left),
                    },
                ));
                return true;
            }
        }
        capped = true;
        false
    };
    let pinned = pinned.filter(|&event| {
        index
            .span(event)
            .is_some_and(|span| counted_in_window(span, (w0, w1)))
    });
    if let Some(event) = pinned {
        let pin = Candidate {
            importance: std::cmp::Reverse(dataset.event_at(event).map_or(0, |e| e.importance)),
            rank: index
                .date_rank
                .get(event.get())
                .copied()
                .unwrap_or(u32::MAX),
            event: event.as_u32(),
            marker: is_marker(dataset, event.as_u32()),
            span: index.spans[event.get()],
        };
        let span = pin.span;
        if place(pin, &mut rows, &mut full) && span.end - span.start > 0.5 * (w1 - w0) {
            spanning_placed += 1;
        }
    }
    let is_pinned = |candidate: &Candidate| pinned.is_some_and(|e| e.as_u32() == candidate.event);
    candidates.retain(|candidate| !is_pinned(candidate));
    for candidate in candidates {
        let span = candidate.span;
        let spanning = span.end - span.start > 0.5 * (w1 - w0);
        if spanning && spanning_placed >= spanning_rows {
            deferred.push(candidate);
            continue;
        }
        if place(candidate, &mut rows, &mut full) && spanning {
            spanning_placed += 1;
        }
    }
    for candidate in deferred {
        place(candidate, &mut rows, &mut full);
    }
    placed.sort_unstable_by_key(|&(rank, item)| (rank, item.event));
    let placed: Vec<PlacedItem> = placed.into_iter().map(|(_, item)| item).collect();
    let extents = SpanClasses::new(placed.iter().enumerate().map(|(i, item)| {
        let width = label_widths.get(item.event.get()).copied().unwrap_or(0.0);
        let marker = is_marker(dataset, item.event.as_u32());
        let span = index.spans[item.event.get()];
        let (start, end) = extent(span, marker, width, item.label_side(), days_per_px, metrics);
        (Span { start, end }, i as u32)
    }));
    let placed_counts = SpanCounts::new(placed.iter().map(|item| index.spans[item.event.get()]));
    let in_window = if w1 > w0 {
        events.counts.overlapping(w0, w1)
    } else {
        events.counts.running_across(w0)
    };
    let aggregated = in_window.saturating_sub(placed.len());
    let left_out = aggregated + placed.iter().filter(|item| !item.label).count();
    LaneLayout {
        rows: rows.len().max(1) as u16,
        window: (w0, w1),
        aggregated,
        placed,
        extents,
        placed_counts,
        cap: LaneCap {
            rows: max_rows as u16,
            pinned,
            ..cap
        },
        capped: capped || aggregated > 0,
        left_out,
    }
}

/// How far the laid-out window reaches beyond the view on each side, as a
/// fraction of the view's span: panning that far costs no layout.
const WINDOW_MARGIN: f64 = 0.5;

/// The height the lanes share and which lanes take no rows.
#[derive(Clone, Copy, Debug)]
pub struct LaneRoom<'a> {
    /// From the top of the first lane to the bottom of the timeline, in
    /// points. Zero gives every lane its [`LayoutMetrics::base_rows`] on screen.
    pub height: f32,
    /// Per lane: drawn as a header only.
    pub collapsed: &'a [bool],
    /// Per lane: not drawn at all.
    pub hidden: &'a [bool],
    /// The lanes scroll (on screen; an image cannot): every lane may have
    /// its base rows, and a lane with a cluster of a few more events than
    /// its share of rows shows gets the rows for them, beyond the height.
    /// In an image the lanes share the height down to a row each.
    pub scrolls: bool,
}

impl Default for LaneRoom<'_> {
    /// No height beyond every lane's base rows, nothing folded, on screen.
    fn default() -> Self {
        Self {
            height: 0.0,
            collapsed: &[],
            hidden: &[],
            scrolls: true,
        }
    }
}

impl LaneRoom<'_> {
    /// Whether a lane is drawn without rows.
    fn folded(&self, lane: usize) -> bool {
        self.collapsed.get(lane).copied().unwrap_or(false)
            || self.hidden.get(lane).copied().unwrap_or(false)
    }

    /// What a cache compares to tell whether the room changed: the height
    /// to the point and the folded lanes.
    fn same_as(&self, height: i64, folded: &[bool]) -> bool {
        self.height.round() as i64 == height
            && (0..folded
                .len()
                .max(self.collapsed.len())
                .max(self.hidden.len()))
                .all(|lane| folded.get(lane).copied().unwrap_or(false) == self.folded(lane))
    }
}

/// What every layout reads: the data, its label widths, the sizes and the
/// room the lanes have.
#[derive(Clone, Copy, Debug)]
pub struct LayoutInput<'a> {
    pub dataset: &'a Dataset,
    pub index: &'a TimelineIndex,
    pub label_widths: &'a [f32],
    /// Changes whenever the dataset or the label widths do.
    pub data_version: u64,
    pub metrics: &'a LayoutMetrics,
    pub room: LaneRoom<'a>,
    /// Labels stay within this time range: what a view can show (the pan
    /// limits, or an export's range). A label that would run past its end
    /// goes to the left of its item; one goes left to save a row only
    /// where it stays after the range's start.
    pub labels_within: (f64, f64),
}

/// A lane leaving at most this many events of a window without a row or
/// a label gets the rows to show them all, whatever the room: they are a
/// cluster that rows can show, not a crowd only badges can.
const CLUSTER_EVENTS: usize = 24;

/// At most this many times per layout are the rows left over handed out
/// again to the lanes that still want more: each round gives every such
/// lane an equal part, and a lane that needs less returns the rest.
const SHARE_ROUNDS: usize = 4;

/// From how many events in a dataset a zoom's first layout of its lanes
/// is shared among the cores: with millions, a lane's layout at a scale of
/// years took most of a millisecond, and the frame waited for each in turn.
/// Below it a thread costs more than it saves.
const PARALLEL_LAYOUT_EVENTS: usize = 100_000;

/// `work` for every lane, in lane order; on every core when `parallel` and
/// no background work runs, the lanes with the most events first, each
/// taken by the next core free. The results are those of one core: each
/// lane's layout is its own.
fn each_lane<T: Send>(
    lanes: &[LaneEvents],
    parallel: bool,
    work: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let cores = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(lanes.len());
    // Beside background work (a search text being prepared, a search) a
    // lane handed to another core waited for that work's turn to end: the
    // frame took 6 ms, where this thread alone takes 2 to 3.
    if !parallel || cores < 2 || crate::jobs::background_work_running() {
        return (0..lanes.len()).map(work).collect();
    }
    let mut order: Vec<usize> = (0..lanes.len()).collect();
    order.sort_by_key(|&lane| std::cmp::Reverse(lanes[lane].counts.len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = crate::jobs::on_every_core(cores, |_| {
        let mut done = Vec::new();
        while let Some(&lane) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            done.push((lane, work(lane)));
        }
        done
    });
    let mut results: Vec<Option<T>> = (0..lanes.len()).map(|_| None).collect();
    for (lane, result) in done.into_iter().flatten() {
        results[lane] = Some(result);
    }
    // Every lane was taken by a core (a core that could not start left its
    // share to the others' loop, or ran it here).
    results
        .into_iter()
        .enumerate()
        .map(|(lane, result)| result.unwrap_or_else(|| work(lane)))
        .collect()
}

/// Layouts of every lane at one zoom level over a window around the view,
/// rebuilt only when the level, the data, the label widths or the room
/// change, or the view leaves the window; and the selected event's lane,
/// when the selection changes and would otherwise not be drawn with its
/// label.
///
/// Lanes share the height there is by the rows they need: every lane may
/// have [`LayoutMetrics::base_rows`]; where the height leaves room, it is
/// split evenly among the lanes, a lane that needs fewer rows takes only
/// those, and what is left goes to the lanes that still leave events in
/// badges or without labels, until no room or no such lane is left. Lanes
/// that are given more than the timeline's height scroll.
#[derive(Clone, Debug, Default)]
pub struct LayoutCache {
    /// Zoom level, data version and label range laid out for.
    key: Option<(i32, u64, u64, u64)>,
    /// The room the lanes were laid out for: height in points, and the
    /// lanes that took no rows.
    room: Option<(i64, Vec<bool>)>,
    /// The selection the lanes were laid out for.
    selected: Option<EventIndex>,
    events_version: Option<u64>,
    /// Per lane, its events by importance and their counts: shared with
    /// an export of the same data, which would take seconds to sort them
    /// again at ten million events ([`Self::lane_events_of`]).
    pub events: Arc<Vec<LaneEvents>>,
    pub lanes: Vec<LaneLayout>,
    /// Per lane: it has had aggregates at this zoom level, so its badge
    /// strip stays while panning rather than coming and going.
    pub strip: Vec<bool>,
}

/// Per lane, its events by importance and their counts: what every layout
/// of a dataset reads, prepared once per dataset (O(events), so the app does
/// it on the load worker; see [`LayoutCache::with_lane_events`]).
pub(crate) fn lane_events(dataset: &Dataset, index: &TimelineIndex) -> Vec<LaneEvents> {
    let order = index
        .by_date
        .iter()
        .enumerate()
        .filter_map(|(rank, &event)| {
            let at = event as usize;
            Some((
                rank,
                DateOrdered {
                    span: *index.spans.get(at)?,
                    event,
                    lane: *index.lane_of_event.get(at)?,
                },
            ))
        });
    lane_events_in_order(dataset, order)
}

/// [`lane_events`] from the events in date order that the index was made
/// of ([`TimelineIndex::with_date_order`]): read in order, where a look up
/// of each event's span and lane out of order was most of the time this
/// took for millions of events.
pub(crate) fn lane_events_in_date_order(dataset: &Dataset, order: &DateOrder) -> Vec<LaneEvents> {
    lane_events_in_order(dataset, order.0.iter().copied().enumerate())
}

/// Every lane's events from the events in date order, with their ranks.
fn lane_events_in_order(
    dataset: &Dataset,
    order: impl Iterator<Item = (usize, DateOrdered)> + Clone,
) -> Vec<LaneEvents> {
    // What the levels need of each event's record, read in the events' own
    // order; the passes below read this small table instead of the records.
    let kinds: Vec<(u8, bool)> = dataset
        .events
        .iter()
        .map(|event| (event.importance, event_is_marker(event)))
        .collect();
    let mut lanes: Vec<LaneEventsBuilder> = (0..dataset.lanes.len())
        .map(|_| LaneEventsBuilder::default())
        .collect();
    for (_, entry) in order.clone() {
        if let (Some(builder), Some(&(importance, _))) = (
            lanes.get_mut(entry.lane as usize),
            kinds.get(entry.event as usize),
        ) {
            builder.plan(importance, entry.span);
        }
    }
    lanes.iter_mut().for_each(LaneEventsBuilder::reserve);
    for (rank, entry) in order {
        if let (Some(builder), Some(&(importance, marker))) = (
            lanes.get_mut(entry.lane as usize),
            kinds.get(entry.event as usize),
        ) {
            builder.push(entry.event, rank as u32, importance, marker, entry.span);
        }
    }
    lanes.into_iter().map(LaneEventsBuilder::finish).collect()
}

impl LayoutCache {
    /// A cache whose lanes' events ([`lane_events`]) are prepared already
    /// for `data_version`, so the first layout need not.
    pub(crate) fn with_lane_events(events: Arc<Vec<LaneEvents>>, data_version: u64) -> Self {
        Self {
            events_version: Some(data_version),
            events,
            ..Self::default()
        }
    }

    /// The lanes' events, if they are those of `data_version`'s data.
    pub(crate) fn lane_events_of(&self, data_version: u64) -> Option<Arc<Vec<LaneEvents>>> {
        (self.events_version == Some(data_version)).then(|| Arc::clone(&self.events))
    }

    /// The events a badge of this frame's scene counts, in date order (see
    /// [`LaneLayout::badge_events`]); none for a lane the cache lacks.
    pub fn badge_events(&self, index: &TimelineIndex, badge: &AggregateBadge) -> Vec<EventIndex> {
        self.lanes
            .get(badge.lane)
            .map_or_else(Vec::new, |layout| layout.badge_events(index, badge))
    }

    /// Brings the cache up to date for `view` laid out at `days_per_px`.
    /// Nothing is selected: see [`Self::update_selected`].
    pub fn update(&mut self, input: &LayoutInput<'_>, view: TimeView, days_per_px: f64) {
        puffin::profile_function!();
        self.update_selected(input, view, days_per_px, None);
    }

    /// [`Self::update`] with `selected` drawn with its label wherever it is
    /// in the window: its lane is laid out again with it placed first when
    /// the lane's own layout leaves it in a badge or without a label. A lane
    /// laid out so for an earlier selection is laid out again without it.
    pub fn update_selected(
        &mut self,
        input: &LayoutInput<'_>,
        view: TimeView,
        days_per_px: f64,
        selected: Option<EventIndex>,
    ) {
        puffin::profile_function!();
        let relaid = self.update_unselected(input, view, days_per_px);
        if relaid || self.selected != selected {
            self.selected = selected;
            self.pin_selected(input);
        }
    }

    /// The rows each lane was given, in lane order (hidden and collapsed
    /// lanes have [`LayoutMetrics::base_rows`], unused).
    pub fn row_caps(&self) -> impl Iterator<Item = u16> + '_ {
        self.lanes.iter().map(|layout| layout.cap.rows)
    }

    /// Lays the lanes of a changed selection out again: those pinned for
    /// another event without it, the selected event's with it if it needs.
    fn pin_selected(&mut self, input: &LayoutInput<'_>) {
        let Some((level, ..)) = self.key else {
            return;
        };
        let days_per_px = days_per_px_of_level(level);
        let selected = self.selected;
        let selected_lane = selected
            .and_then(|event| input.index.lane_of_event.get(event.get()))
            .map(|&lane| lane as usize);
        for (lane, (layout, events)) in self.lanes.iter_mut().zip(self.events.iter()).enumerate() {
            let wanted = selected.filter(|_| selected_lane == Some(lane));
            let window = layout.window;
            let cap = layout.cap;
            let relayout = |pinned| {
                layout_lane_pinned(
                    input.dataset,
                    input.index,
                    events,
                    input.label_widths,
                    window,
                    days_per_px,
                    input.metrics,
                    LaneCap { pinned, ..cap },
                )
            };
            if layout.cap.pinned.is_some() && layout.cap.pinned != wanted {
                *layout = relayout(None);
            }
            if let Some(event) = wanted
                && layout.cap.pinned != Some(event)
                && input
                    .index
                    .span(event)
                    .is_some_and(|span| counted_in_window(span, layout.window))
                && !layout.shows_label_of(event)
            {
                *layout = relayout(Some(event));
            }
            if let Some(strip) = self.strip.get_mut(lane) {
                *strip |= layout.aggregated > 0;
            }
        }
    }

    /// [`Self::update`] without the selection; whether it laid out anew.
    fn update_unselected(
        &mut self,
        input: &LayoutInput<'_>,
        view: TimeView,
        days_per_px: f64,
    ) -> bool {
        let lane_count = input.dataset.lanes.len();
        if self.events_version != Some(input.data_version) {
            self.events = Arc::new(lane_events(input.dataset, input.index));
            self.events_version = Some(input.data_version);
        }
        let level = zoom_level(days_per_px);
        let key = (
            level,
            input.data_version,
            input.labels_within.0.to_bits(),
            input.labels_within.1.to_bits(),
        );
        let same_room = self
            .room
            .as_ref()
            .is_some_and(|(height, folded)| input.room.same_as(*height, folded));
        let inside =
            |layout: &LaneLayout| layout.window.0 <= view.start && view.end <= layout.window.1;
        if self.key == Some(key)
            && same_room
            && self.lanes.len() == lane_count
            && self.lanes.iter().all(inside)
        {
            return false;
        }
        if self.key != Some(key) || !same_room || self.strip.len() != lane_count {
            self.strip = vec![false; lane_count];
        }
        let margin = WINDOW_MARGIN * view.span().max(0.0);
        let window = (view.start - margin, view.end + margin);
        self.share_rows(input, window, days_per_px_of_level(level));
        for (strip, layout) in self.strip.iter_mut().zip(&self.lanes) {
            *strip |= layout.aggregated > 0;
        }
        self.key = Some(key);
        self.room = Some((
            input.room.height.round() as i64,
            (0..lane_count)
                .map(|lane| input.room.folded(lane))
                .collect(),
        ));
        true
    }

    /// Lays every lane out over `window`, sharing the room by the rows the
    /// lanes need (see the type's documentation).
    fn share_rows(&mut self, input: &LayoutInput<'_>, window: (f64, f64), days_per_px: f64) {
        let metrics = input.metrics;
        let room = &input.room;
        let lane_count = input.dataset.lanes.len();
        // On screen every lane may have its base rows, the lanes scrolling;
        // an image cannot scroll, so there the lanes share what there is,
        // down to a row each, rather than push the last lanes off its edge.
        let base = if room.scrolls {
            metrics.base_rows.max(1)
        } else {
            1
        };
        let row_height = metrics.row_height.max(1.0);
        let shown: Vec<usize> = (0..lane_count).filter(|&l| !room.folded(l)).collect();
        let chrome = shown.len() as f32 * (metrics.lane_header + metrics.lane_gap);
        // In an image a lane short of rows shows a strip of badges too:
        // its first share leaves room for one (rows left over are handed
        // out again below). On screen the base rows come first anyway.
        let strips = if room.scrolls {
            0.0
        } else {
            shown.len() as f32 * metrics.aggregate_strip
        };
        let free_rows = ((room.height - chrome - strips) / row_height)
            .floor()
            .max(0.0);
        // As many rows as fit a lane, whatever its share: the bound of
        // every cap, so no hostile height makes a layout unbounded.
        let most = (free_rows as u32).clamp(u32::from(base), u32::from(u16::MAX)) as u16;
        let even = (free_rows / shown.len().max(1) as f32) as u32;
        let first = (even.min(u32::from(most)) as u16).max(base);
        let lay_out_as = |lane: usize, rows: u16, compact: bool| {
            layout_lane_pinned(
                input.dataset,
                input.index,
                &self.events[lane],
                input.label_widths,
                window,
                days_per_px,
                metrics,
                LaneCap {
                    rows,
                    pinned: None,
                    labels_within: input.labels_within,
                    compact,
                },
            )
        };
        let lay_out = |lane: usize, rows: u16| lay_out_as(lane, rows, false);
        let mut lanes: Vec<LaneLayout> = each_lane(
            &self.events,
            input.index.spans.len() >= PARALLEL_LAYOUT_EVENTS,
            |lane| lay_out(lane, if room.folded(lane) { base } else { first }),
        );
        for _ in 0..SHARE_ROUNDS {
            let used: f32 = shown
                .iter()
                .map(|&lane| {
                    let layout = &lanes[lane];
                    let strip =
                        self.strip.get(lane).copied().unwrap_or(false) || layout.aggregated > 0;
                    f32::from(layout.rows) * row_height
                        + if strip { metrics.aggregate_strip } else { 0.0 }
                })
                .sum();
            let spare = ((room.height - chrome - used) / row_height).floor();
            let mut hungry: Vec<usize> = shown
                .iter()
                .copied()
                .filter(|&lane| lanes[lane].capped && lanes[lane].cap.rows < most)
                .collect();
            if spare < 1.0 || hungry.is_empty() {
                break;
            }
            // The lanes hiding the most events get the rows that do not
            // divide evenly.
            hungry.sort_by_key(|&lane| std::cmp::Reverse(lanes[lane].aggregated));
            let spare = spare as usize;
            let (each, rest) = (spare / hungry.len(), spare % hungry.len());
            for (k, &lane) in hungry.iter().enumerate() {
                let extra = each + usize::from(k < rest);
                if extra == 0 {
                    continue;
                }
                let rows = (usize::from(lanes[lane].cap.rows) + extra).min(usize::from(most));
                lanes[lane] = lay_out(lane, rows as u16);
            }
        }
        // A lane that still leaves out only a few events (no more than
        // twice its rows, or than [`CLUSTER_EVENTS`]) is clustered, not
        // dense: it gets the rows to show them all, even where the lanes
        // then scroll. A badge is for more events than rows can show, not
        // for a handful a scroll reaches.
        for &lane in shown.iter().filter(|_| room.scrolls) {
            for _ in 0..SHARE_ROUNDS {
                let layout = &lanes[lane];
                let rows = usize::from(layout.cap.rows);
                if !layout.capped
                    || layout.left_out == 0
                    || layout.left_out > (2 * rows).max(CLUSTER_EVENTS)
                {
                    break;
                }
                let rows = (rows + layout.left_out).min(usize::from(u16::MAX));
                lanes[lane] = lay_out(lane, rows as u16);
            }
        }
        // Where the lanes now run past the room, the lanes that show all
        // their events try doing so in fewer rows, their labels to the left
        // of their items where a row has room there.
        let height = |lanes: &[LaneLayout]| -> f32 {
            shown
                .iter()
                .map(|&lane| {
                    let layout = &lanes[lane];
                    let strip =
                        self.strip.get(lane).copied().unwrap_or(false) || layout.aggregated > 0;
                    f32::from(layout.rows) * row_height
                        + if strip { metrics.aggregate_strip } else { 0.0 }
                })
                .sum()
        };
        if height(&lanes) > room.height - chrome {
            for &lane in &shown {
                let layout = &lanes[lane];
                if !layout.capped && layout.rows > 1 {
                    let compact = lay_out_as(lane, layout.cap.rows, true);
                    if compact.rows < layout.rows && !compact.capped {
                        lanes[lane] = compact;
                    }
                }
            }
        }
        self.lanes = lanes;
    }
}

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
    pub event: EventIndex,
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
    /// Also counts the ranges that began before `time_start` and still run
    /// across it (the first badge of a view), so none goes uncounted.
    pub running_in: bool,
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

/// A layer's header, above its lanes, when the timeline shows layers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayerBand {
    /// The layer's position among the layers.
    pub layer: usize,
    pub top: f32,
    pub bottom: f32,
    /// Folded to its header: its lanes are not drawn.
    pub folded: bool,
}

/// A layer as the scene reads it: the lane it starts at, and whether it
/// is folded to its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LayerStart {
    pub first_lane: usize,
    pub folded: bool,
}

/// The layers as the scene reads them: none for one dataset, which has no
/// layer header; `folded` says, per layer, which are folded to theirs.
pub fn layer_starts(layers: &crate::model::Layers, folded: &[bool]) -> Vec<LayerStart> {
    if !layers.is_layered() {
        return Vec::new();
    }
    layers
        .iter()
        .enumerate()
        .map(|(at, layer)| LayerStart {
            first_lane: layer.lanes.start,
            folded: folded.get(at).copied().unwrap_or(false),
        })
        .collect()
}

/// Per lane, whether it takes no room: hidden itself, or in a folded layer.
pub fn hidden_or_folded<'h>(
    hidden: &'h [bool],
    layers: &crate::model::Layers,
    folded: &[bool],
    lanes: usize,
) -> std::borrow::Cow<'h, [bool]> {
    if !folded.iter().any(|f| *f) {
        return std::borrow::Cow::Borrowed(hidden);
    }
    let mut all: Vec<bool> = (0..lanes)
        .map(|lane| hidden.get(lane).copied().unwrap_or(false))
        .collect();
    for (layer, _) in layers.iter().zip(folded).filter(|(_, folded)| **folded) {
        for flag in all.get_mut(layer.lanes.clone()).into_iter().flatten() {
            *flag = true;
        }
    }
    std::borrow::Cow::Owned(all)
}

/// Everything to draw for one frame of the timeline, in screen space.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    /// The layers' headers, when there are layers.
    pub layers: Vec<LayerBand>,
    pub lanes: Vec<LaneBand>,
    pub items: Vec<ItemShape>,
    pub aggregates: Vec<AggregateBadge>,
    /// Bottom of the last lane.
    pub bottom: f32,
}

/// What is under a point of the timeline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    Event(EventIndex),
    Aggregate(AggregateBadge),
}

impl Scene {
    /// The item or aggregate at `(x, y)`, with `slop` points of tolerance;
    /// the closest wins.
    pub fn hit(&self, x: f32, y: f32, slop: f32) -> Option<Hit> {
        let distance = |rect: &Rect| {
            let dx = (rect.left() - x).max(x - rect.right()).max(0.0);
            let dy = (rect.top() - y).max(y - rect.bottom()).max(0.0);
            dx.max(dy)
        };
        let mut best: Option<(f32, Hit)> = None;
        for item in &self.items {
            let mut rect = item.rect;
            if let Some(label) = item.label
                && !label.inside
            {
                rect.min.x = rect.left().min(label.x);
                rect.max.x = rect.right().max(label.x + label.max_width);
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
    pub fn item_rect(&self, event: EventIndex) -> Option<Rect> {
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
    /// The layers in order, each with a header above its lanes; empty for
    /// one dataset (no headers).
    pub layers: &'a [LayerStart],
}

/// Builds the frame's scene from the visible items only.
pub fn build_scene(input: &SceneInput<'_>) -> Scene {
    puffin::profile_function!();
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
        layers,
    } = input;
    let mut scene = Scene::default();
    let mut next_layer = 0;
    let mut layer_folded = false;
    // The headers of the layers that start at or before `lane`, at `y`.
    let mut headers_up_to = |lane: usize, y: &mut f32, scene: &mut Scene| {
        while let Some(layer) = layers.get(next_layer).filter(|l| l.first_lane <= lane) {
            scene.layers.push(LayerBand {
                layer: next_layer,
                top: *y,
                bottom: *y + metrics.layer_header,
                folded: layer.folded,
            });
            *y += metrics.layer_header;
            layer_folded = layer.folded;
            next_layer += 1;
        }
        layer_folded
    };
    let days_per_px = transform.days_per_px();
    // Items are found by the time they and their labels take up, so those
    // whose labels reach into view from the left are found too.
    let t0 = transform.view.start;
    let t1 = transform.view.end + f64::from(metrics.marker_radius) * days_per_px;
    let right_edge = transform.left + transform.width;
    let mut y = *top;
    let mut found = Vec::new();
    let mut rows_of_items = Vec::new();
    let mut moved_beside = Vec::new();
    for lane in 0..dataset.lanes.len() {
        if headers_up_to(lane, &mut y, &mut scene) || hidden.get(lane).copied().unwrap_or(false) {
            continue;
        }
        let is_collapsed = collapsed.get(lane).copied().unwrap_or(false);
        let (Some(lane_layout), Some(lane_events)) =
            (layout.lanes.get(lane), layout.events.get(lane))
        else {
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
        found.clear();
        lane_layout.reaching_into(t0, t1, &mut found);
        let lane_first = scene.items.len();
        // The row of each item pushed for this lane, and the bars whose
        // labels went beside them because the edge cut their visible part.
        rows_of_items.clear();
        moved_beside.clear();
        for &position in &found {
            let Some(&PlacedItem {
                event,
                row,
                label,
                label_left,
            }) = lane_layout.placed.get(position as usize)
            else {
                continue;
            };
            let span = index.spans[event.get()];
            let row_top = rows_top + f32::from(row) * metrics.row_height;
            let center_y = row_top + 0.5 * metrics.row_height;
            let width = label_widths.get(event.get()).copied().unwrap_or(0.0);
            let (kind, rect, label_place) = if is_marker(dataset, event.as_u32()) {
                let cx = transform.x_from_time(0.5 * (span.start + span.end));
                let r = metrics.marker_radius;
                let rect =
                    Rect::from_center_size(Pos2::new(cx, center_y), egui::Vec2::splat(2.0 * r));
                let label_x = if label_left {
                    cx - r - metrics.gap - width
                } else {
                    cx + r + metrics.gap
                };
                // A label that would start left of the view would show only
                // its tail: it goes (the item's tooltip has it); but the
                // selection's stays, and the view moves to show it whole.
                let selected = layout.selected == Some(event);
                let place =
                    (label && (label_x >= transform.left || selected)).then_some(LabelPlace {
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
                let h = metrics.row_height - 2.0 * metrics.bar_inset;
                let rect = Rect::from_x_y_ranges(x0..=x1, center_y - 0.5 * h..=center_y + 0.5 * h);
                let visible = (transform.left, right_edge);
                let place = label
                    .then(|| bar_label(rect, width, visible, label_left, metrics))
                    .flatten();
                if place.is_some_and(|p| !p.inside) && x0 < transform.left {
                    moved_beside.push(scene.items.len());
                }
                (ItemKind::Bar, rect, place)
            };
            // A bar's label lives on the bar: the two go together. A marker's
            // label beside it may reach into view while the marker does not.
            let reaches = match kind {
                ItemKind::Bar => rect.right(),
                ItemKind::Marker => {
                    label_place.map_or(rect.right(), |p| rect.right().max(p.x + p.max_width))
                }
            };
            if reaches < transform.left || rect.left() > right_edge {
                moved_beside.retain(|&i| i != scene.items.len());
                continue;
            }
            rows_of_items.push(row);
            scene.items.push(ItemShape {
                event,
                lane,
                kind,
                rect,
                label: label_place,
            });
        }
        keep_labels_off_their_neighbours(
            &mut scene.items[lane_first..],
            &rows_of_items,
            moved_beside.iter().map(|&i| i - lane_first),
            transform.left,
            metrics,
        );
        let mut bottom = rows_bottom;
        if layout.strip.get(lane).copied().unwrap_or(false) || lane_layout.aggregated > 0 {
            let strip_top = rows_bottom;
            bottom += metrics.aggregate_strip;
            let counts = &lane_events.counts;
            push_aggregates(
                &mut scene,
                lane,
                lane_layout,
                counts,
                transform,
                strip_top,
                metrics,
            );
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
    // Layers without lanes still have their headers.
    headers_up_to(usize::MAX, &mut y, &mut scene);
    scene.bottom = y;
    scene
}

/// Where a bar's label goes, by one rule wherever the bar is against the
/// edges of the view (`visible`, left and right): on the visible part of
/// the bar, from its visible start, when it fits there; beside the bar
/// when it does not (after its end, or before its start for a label the
/// layout put on the `left`); and inside, as far as it reaches, when the
/// bar runs past the edge on that side (beside it would be out of view).
fn bar_label(
    bar: Rect,
    width: f32,
    visible: (f32, f32),
    left_side: bool,
    metrics: &LayoutMetrics,
) -> Option<LabelPlace> {
    let (left, right) = visible;
    let x = bar.left().max(left) + metrics.bar_padding;
    let room = bar.right().min(right) - metrics.bar_padding - x;
    let beside_x = if left_side {
        bar.left() - metrics.gap - width
    } else {
        bar.right() + metrics.gap
    };
    let beside_out_of_view = if left_side {
        beside_x < left
    } else {
        bar.right() > right
    };
    if room >= width || beside_out_of_view {
        inside_label(bar, x, width, metrics)
    } else {
        Some(LabelPlace {
            x: beside_x,
            y: bar.center().y,
            inside: false,
            max_width: width,
        })
    }
}

/// A label inside a bar from `x`, clipped at the bar's padding; none when
/// no room is left there.
fn inside_label(bar: Rect, x: f32, width: f32, metrics: &LayoutMetrics) -> Option<LabelPlace> {
    let max_width = (bar.right() - metrics.bar_padding - x).min(width);
    (max_width > 0.0).then_some(LabelPlace {
        x,
        y: bar.center().y,
        inside: true,
        max_width,
    })
}

/// The layout keeps room beside a bar for its label only when the label
/// does not fit in the whole bar; a bar cut by the left edge may show too
/// little of itself for it, and its label went beside it. Where the next
/// item of its row leaves no room there, the label goes back inside the
/// visible part, its start readable and the rest clipped.
///
/// `items` are one lane's, in start order, with their rows in `rows`;
/// `moved` are the positions of the bars whose labels were moved; `left`
/// is the view's left edge.
fn keep_labels_off_their_neighbours(
    items: &mut [ItemShape],
    rows: &[u16],
    moved: impl Iterator<Item = usize>,
    left: f32,
    metrics: &LayoutMetrics,
) {
    for position in moved {
        let (Some(item), Some(&row)) = (items.get(position), rows.get(position)) else {
            continue;
        };
        let Some(label) = item.label else {
            continue;
        };
        // Items on one row never overlap, so the first later one on the
        // row is the next to the right.
        let next_left = rows
            .iter()
            .zip(items.iter())
            .skip(position + 1)
            .find(|(r, _)| **r == row)
            .map(|(_, next)| next.rect.left());
        if next_left.is_some_and(|next| label.x + label.max_width + metrics.gap > next)
            && let Some(item) = items.get_mut(position)
        {
            let x = item.rect.left().max(left) + metrics.bar_padding;
            item.label = inside_label(item.rect, x, label.max_width, metrics);
        }
    }
}

/// Count badges for the aggregated events of a lane, one per bucket of the
/// visible width that holds any.
fn push_aggregates(
    scene: &mut Scene,
    lane: usize,
    layout: &LaneLayout,
    all: &SpanCounts,
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
        // The first bucket also counts ranges that began left of the view
        // and still run into it, so none goes uncounted.
        let carried = if i == 0 {
            layout.aggregated_running_across(all, a)
        } else {
            0
        };
        let count = layout.aggregated_starting_in(all, a, b) + carried;
        if count > 0 {
            scene.aggregates.push(AggregateBadge {
                lane,
                count,
                rect: Rect::from_min_max(
                    Pos2::new(x0 + metrics.badge_inset, strip_top + metrics.badge_inset),
                    Pos2::new(
                        x1 - metrics.badge_inset,
                        strip_top + metrics.aggregate_strip - metrics.badge_inset,
                    ),
                ),
                time_start: a,
                time_end: b,
                running_in: i == 0,
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
            sources: Box::default(),
            tags: Box::default(),
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

    /// The whole data as the window: the layout of a lane at one zoom.
    fn layout_all(
        dataset: &Dataset,
        index: &TimelineIndex,
        widths: &[f32],
        dpp: f64,
    ) -> LaneLayout {
        let events = LaneEvents::new(dataset, index, 0);
        layout_lane(
            dataset,
            index,
            &events,
            widths,
            (index.data_start - 10.0, index.data_end + 10.0),
            dpp,
            &LayoutMetrics::default(),
        )
    }

    /// No two items (with their labels where placed) share time on a row.
    fn assert_no_overlaps_on_rows(
        dataset: &Dataset,
        layout: &LaneLayout,
        index: &TimelineIndex,
        widths: &[f32],
        dpp: f64,
    ) {
        let metrics = LayoutMetrics::default();
        let mut by_row: std::collections::HashMap<u16, Vec<(f64, f64)>> = Default::default();
        for item in &layout.placed {
            let event = item.event;
            by_row.entry(item.row).or_default().push(extent(
                index.spans[event.get()],
                is_marker(dataset, event.as_u32()),
                widths[event.get()],
                item.label_side(),
                dpp,
                &metrics,
            ));
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
            let layout = layout_all(&dataset, &index, &widths, dpp);
            assert_no_overlaps_on_rows(&dataset, &layout, &index, &widths, dpp);
            // Conservation: every event is placed or aggregated, exactly once.
            let mut placed: Vec<u32> = layout
                .placed
                .iter()
                .map(|item| item.event.as_u32())
                .collect();
            placed.sort_unstable();
            placed.dedup();
            assert_eq!(placed.len(), layout.placed.len());
            assert_eq!(
                layout.placed.len() + layout.aggregated,
                dataset.events.len()
            );
            assert!(layout.rows <= metrics.base_rows);
        }
    }

    /// A deterministic pseudo-random lane: points and ranges of many lengths
    /// and importances, dense enough to aggregate.
    fn random_lane(seed: u64, count: usize) -> Dataset {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = move |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let base = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        let events = (0..count)
            .map(|i| {
                let start = base + chrono::Duration::days(next(1500) as i64);
                let end = match next(4) {
                    0 | 1 => None,
                    2 => Some(start + chrono::Duration::days(next(20) as i64)),
                    _ => Some(start + chrono::Duration::days(next(600) as i64)),
                };
                let mut e = event(&format!("e{i}"), "2010", None, 1 + next(5) as u8);
                e.start = Date::from_naive(start).unwrap();
                e.end = end.and_then(Date::from_naive);
                e.ongoing = end.is_none() && next(40) == 0;
                e
            })
            .collect();
        dataset(events)
    }

    #[test]
    fn span_counts_match_a_brute_force_count() {
        let dataset = random_lane(3, 400);
        let index = TimelineIndex::new(&dataset);
        let counts = SpanCounts::new(index.spans.iter().copied());
        for q in 0..200u32 {
            let t0 = index.data_start + f64::from(q * 37 % 1700) - 50.0;
            let t1 = t0 + f64::from(1 + q * q % 300);
            let starting = index
                .spans
                .iter()
                .filter(|s| s.start >= t0 && s.start < t1)
                .count();
            let running = index
                .spans
                .iter()
                .filter(|s| s.start < t0 && s.end > t0)
                .count();
            let overlapping = index
                .spans
                .iter()
                .filter(|s| s.start < t1 && s.end > t0)
                .count();
            assert_eq!(counts.starting_in(t0, t1), starting);
            assert_eq!(counts.running_across(t0), running);
            assert_eq!(counts.overlapping(t0, t1), overlapping);
        }
    }

    #[test]
    fn a_sampled_search_counts_the_starts_before_a_time() {
        // Many events on few days: long runs of equal starts, across
        // sample boundaries too.
        let dataset = random_lane(11, 3000);
        let index = TimelineIndex::new(&dataset);
        let events = LaneEvents::new(&dataset, &index, 0);
        assert!(events.levels.len() > 1);
        let lists = events.levels.iter().flat_map(|level| {
            std::iter::once(&level.starts).chain(level.durations.iter().map(|group| &group.starts))
        });
        for starts in lists {
            let all = &starts.all;
            let (first, last) = (all[0], all[all.len() - 1]);
            let mut times: Vec<f64> = all.iter().flat_map(|&s| [s, s + 0.5]).collect();
            times.extend([first - 1.0, last + 1.0, f64::NEG_INFINITY, f64::INFINITY]);
            for time in times {
                assert_eq!(
                    starts.before(time),
                    all.partition_point(|&s| s < time),
                    "starts before {time}"
                );
            }
        }
        let long = events
            .levels
            .iter()
            .filter(|l| l.starts.all.len() > 4 * START_SAMPLE_STRIDE);
        assert!(long.count() > 0, "a list long enough to be sampled");
    }

    /// What a layout on screen reads, with no room beyond the base rows and
    /// labels free to go anywhere.
    fn screen_input<'a>(
        dataset: &'a Dataset,
        index: &'a TimelineIndex,
        widths: &'a [f32],
        metrics: &'a LayoutMetrics,
    ) -> LayoutInput<'a> {
        LayoutInput {
            dataset,
            index,
            label_widths: widths,
            data_version: 1,
            metrics,
            room: LaneRoom::default(),
            labels_within: (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// The scene of one lane, 1000 points wide, with the layout updated for it.
    fn scene_of(
        dataset: &Dataset,
        index: &TimelineIndex,
        cache: &mut LayoutCache,
        widths: &[f32],
        view: TimeView,
    ) -> (Scene, TimeTransform) {
        let transform = TimeTransform::new(view, 0.0, 1000.0);
        let metrics = LayoutMetrics::default();
        cache.update(
            &screen_input(dataset, index, widths, &metrics),
            view,
            transform.days_per_px(),
        );
        let scene = build_scene(&SceneInput {
            dataset,
            index,
            layout: cache,
            label_widths: widths,
            transform,
            top: 0.0,
            metrics,
            collapsed: &[],
            hidden: &[],
            layers: &[],
        });
        (scene, transform)
    }

    /// Label widths from 20 to 170 points, varying from event to event.
    fn varied_widths(events: usize) -> Vec<f32> {
        (0..events).map(|i| 20.0 + (i % 11) as f32 * 15.0).collect()
    }

    /// 25 views across the data, from two days to about five years wide,
    /// numbered for messages.
    fn sample_views(index: &TimelineIndex) -> impl Iterator<Item = (u32, TimeView)> + '_ {
        (0..25u32).map(|q| {
            let span = [2.0, 15.0, 60.0, 400.0, 2000.0][q as usize % 5];
            let t0 = index.data_start + f64::from(q * 97 % 1500) - 0.3 * span;
            (q, TimeView::new(t0, t0 + span))
        })
    }

    #[test]
    fn every_event_in_view_is_drawn_or_counted_once() {
        for seed in 0..6 {
            let dataset = random_lane(seed, 3000);
            let index = TimelineIndex::new(&dataset);
            let widths = varied_widths(dataset.events.len());
            let mut cache = LayoutCache::default();
            for (q, view) in sample_views(&index) {
                let (scene, transform) = scene_of(&dataset, &index, &mut cache, &widths, view);
                let layout = &cache.lanes[0];
                let level_dpp = days_per_px_of_level(zoom_level(transform.days_per_px()));
                assert_no_overlaps_on_rows(&dataset, layout, &index, &widths, level_dpp);
                // Brute force: the events overlapping the view (up to the end
                // of the last badge bucket, which may pass the right edge),
                // the placed ones among them, and the badges' total.
                let bucket = LayoutMetrics::default().aggregate_bucket;
                let buckets = (transform.width / bucket).ceil();
                let end = transform.time_from_x(transform.left + buckets * bucket);
                let overlapping: Vec<u32> = (0..dataset.events.len() as u32)
                    .filter(|&e| {
                        let s = index.spans[e as usize];
                        s.start < end && s.end > view.start
                    })
                    .collect();
                let placed: std::collections::HashSet<u32> = layout
                    .placed
                    .iter()
                    .map(|item| item.event.as_u32())
                    .collect();
                let placed_in_view = overlapping.iter().filter(|e| placed.contains(e)).count();
                let badges: usize = scene.aggregates.iter().map(|b| b.count).sum();
                assert_eq!(
                    badges + placed_in_view,
                    overlapping.len(),
                    "seed {seed} view {q}"
                );
                // Every placed item overlapping the view by its dates is in
                // the scene, and the scene draws only placed items.
                let drawn: std::collections::HashSet<u32> =
                    scene.items.iter().map(|item| item.event.as_u32()).collect();
                assert!(drawn.is_subset(&placed));
                for &e in &overlapping {
                    let in_view = index.spans[e as usize].start < view.end;
                    if in_view && placed.contains(&e) && !is_marker(&dataset, e) {
                        assert!(
                            drawn.contains(&e),
                            "placed bar {e} {:?} in view {view:?} not drawn; window {:?} {:?}",
                            index.spans[e as usize],
                            layout.window,
                            layout.placement(EventIndex::from_u32(e))
                        );
                    }
                }
            }
        }
    }

    /// Checks that each badge of `scene` lists exactly the events it
    /// counts: by brute force, the events of its lane that start in its
    /// range (or run across its start, for the first) and have no row.
    fn assert_badges_list_their_events(
        index: &TimelineIndex,
        cache: &LayoutCache,
        scene: &Scene,
    ) -> Result<(), String> {
        for badge in &scene.aggregates {
            let listed = cache.badge_events(index, badge);
            if listed.len() != badge.count {
                return Err(format!("{} listed, badge counts {badge:?}", listed.len()));
            }
            let ranks: Vec<u32> = listed
                .iter()
                .map(|event| index.date_rank[event.get()])
                .collect();
            if !ranks.windows(2).all(|pair| pair[0] < pair[1]) {
                return Err(format!("not in date order: {badge:?}"));
            }
            let placed: std::collections::HashSet<u32> = cache.lanes[badge.lane]
                .placed
                .iter()
                .map(|item| item.event.as_u32())
                .collect();
            let expected: Vec<EventIndex> = index
                .by_date
                .iter()
                .copied()
                .filter(|&e| {
                    let span = index.spans[e as usize];
                    let starts_in = span.start >= badge.time_start && span.start < badge.time_end;
                    let runs_in = badge.running_in
                        && span.start < badge.time_start
                        && span.end > badge.time_start;
                    index.lane_of_event[e as usize] as usize == badge.lane
                        && (starts_in || runs_in)
                        && !placed.contains(&e)
                })
                .map(EventIndex::from_u32)
                .collect();
            if listed != expected {
                return Err(format!("{badge:?} lists other events than it counts"));
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        #[test]
        fn a_badge_lists_exactly_the_events_it_counts(
            seed in 0u64..1000,
            lanes in 1usize..4,
            start in 0.0f64..1.0,
            // From the closest zoom (a day) to decades, logarithmically.
            log_span in 0.0f64..13.0,
        ) {
            let options = crate::generate::GenerateOptions {
                events: 3000,
                quotes: Some(0),
                lanes,
                seed,
                span: crate::generate::Span::Decades,
            };
            let dataset = crate::generate::generate(&options)
                .map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let index = TimelineIndex::new(&dataset);
            let widths = varied_widths(dataset.events.len());
            let span = log_span.exp2();
            let t0 = index.data_start + start * (index.data_end - index.data_start) - 0.5 * span;
            let mut cache = LayoutCache::default();
            let (scene, _) = scene_of(&dataset, &index, &mut cache, &widths, TimeView::new(t0, t0 + span));
            assert_badges_list_their_events(&index, &cache, &scene)
                .map_err(proptest::test_runner::TestCaseError::fail)?;
        }
    }

    #[test]
    fn lanes_laid_out_on_every_core_are_those_laid_out_on_one() {
        let options = crate::generate::GenerateOptions {
            events: 6000,
            quotes: Some(0),
            lanes: 5,
            seed: 11,
            span: crate::generate::Span::Decades,
        };
        let dataset = crate::generate::generate(&options).expect("a dataset");
        let index = TimelineIndex::new(&dataset);
        let events = lane_events(&dataset, &index);
        let widths = varied_widths(dataset.events.len());
        let window = (index.data_start, index.data_end);
        let lay_out = |lane: usize| {
            layout_lane(
                &dataset,
                &index,
                &events[lane],
                &widths,
                window,
                2.0,
                &LayoutMetrics::default(),
            )
        };
        let one = each_lane(&events, false, lay_out);
        let every = each_lane(&events, true, lay_out);
        assert_eq!(one.len(), dataset.lanes.len());
        assert_eq!(format!("{one:?}"), format!("{every:?}"));
        assert!(one.iter().all(|layout| !layout.placed.is_empty()));
    }

    #[test]
    fn beside_background_work_every_lane_is_laid_out_on_this_thread() {
        let options = crate::generate::GenerateOptions {
            events: 2000,
            quotes: Some(0),
            lanes: 6,
            ..crate::generate::GenerateOptions::default()
        };
        let dataset = crate::generate::generate(&options).expect("a dataset");
        let index = TimelineIndex::new(&dataset);
        let events = lane_events(&dataset, &index);
        let (started, wait_started) = std::sync::mpsc::channel();
        let (release, wait_release) = std::sync::mpsc::channel::<()>();
        crate::jobs::detach("test-background", move || {
            let _ = started.send(());
            let _ = wait_release.recv_timeout(std::time::Duration::from_secs(60));
        })
        .expect("a thread");
        wait_started
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("started");
        // Long enough that another core, were one used, would take some.
        let threads = each_lane(&events, true, |_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::thread::current().id()
        });
        drop(release);
        assert_eq!(threads.len(), 6);
        assert!(threads.iter().all(|&id| id == std::thread::current().id()));
    }

    #[test]
    fn every_lane_built_in_one_pass_is_the_lane_built_alone() {
        for (seed, lanes) in [(1, 1), (2, 3), (3, 7)] {
            let options = crate::generate::GenerateOptions {
                events: 4000,
                quotes: Some(0),
                lanes,
                seed,
                span: crate::generate::Span::Decades,
            };
            let dataset = crate::generate::generate(&options).expect("a dataset");
            let (index, order) = TimelineIndex::with_date_order(&dataset);
            let together = lane_events(&dataset, &index);
            assert_eq!(
                format!("{together:?}"),
                format!("{:?}", lane_events_in_date_order(&dataset, &order))
            );
            assert_eq!(together.len(), dataset.lanes.len());
            for (lane, built) in together.iter().enumerate() {
                let alone = LaneEvents::new(&dataset, &index, lane);
                assert_eq!(format!("{built:?}"), format!("{alone:?}"), "lane {lane}");
                assert!(
                    built.levels.len() > 1,
                    "lane {lane} has several importances"
                );
                assert!(
                    built
                        .levels
                        .windows(2)
                        .all(|pair| pair[0].importance > pair[1].importance)
                );
            }
        }
    }

    #[test]
    fn a_badge_at_the_closest_zoom_lists_every_range_it_stands_for() {
        // Two hundred years-long ranges over one day: no zoom gives them rows.
        let events: Vec<Event> = (0..200)
            .map(|i| {
                let start = format!("20{:02}-01-01", i % 15);
                event(
                    &format!("long{i}"),
                    &start,
                    Some("2030-12-31"),
                    1 + (i % 5) as u8,
                )
            })
            .collect();
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![60.0; dataset.events.len()];
        let mut cache = LayoutCache::default();
        let day = Date::parse("2020-06-15").unwrap().start_instant();
        let (scene, _) = scene_of(
            &dataset,
            &index,
            &mut cache,
            &widths,
            TimeView::new(day, day + 1.0),
        );
        let badge = scene.aggregates.first().expect("the ranges are counted");
        let listed = cache.badge_events(&index, badge);
        assert_eq!(listed.len(), badge.count);
        assert_eq!(
            listed.len() + cache.lanes[0].placed.len(),
            200,
            "every range without a row is listed"
        );
        assert_badges_list_their_events(&index, &cache, &scene).unwrap();
        // A badge of another lane or of a lane the data lacks lists nothing.
        let elsewhere = AggregateBadge { lane: 7, ..*badge };
        assert!(cache.badge_events(&index, &elsewhere).is_empty());
    }

    #[test]
    fn rows_stay_put_while_panning_inside_the_window() {
        let dataset = random_lane(11, 3000);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![60.0; dataset.events.len()];
        let mut cache = LayoutCache::default();
        let start = index.data_start + 400.0;
        let view = TimeView::new(start, start + 60.0);
        scene_of(&dataset, &index, &mut cache, &widths, view);
        let before = cache.lanes[0].placed.clone();
        let window = cache.lanes[0].window;
        assert!(!before.is_empty());
        for step in 1..=5 {
            let panned = view.panned(f64::from(step) * 5.0);
            assert!(panned.end <= window.1);
            scene_of(&dataset, &index, &mut cache, &widths, panned);
            assert_eq!(cache.lanes[0].placed, before);
        }
        // Far away, the window moves with the view.
        let far = view.panned(300.0);
        scene_of(&dataset, &index, &mut cache, &widths, far);
        assert!(cache.lanes[0].window.0 <= far.start && far.end <= cache.lanes[0].window.1);
    }

    #[test]
    fn a_crowded_window_considers_a_bounded_number_of_events() {
        // Many events on one day: only a few per row can be candidates, the
        // rest are counted, and the layout still fills the rows.
        let events: Vec<Event> = (0..5000)
            .map(|i| event(&format!("e{i}"), "2016-02-27", None, 1 + (i % 5) as u8))
            .collect();
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![50.0; dataset.events.len()];
        let layout = layout_all(&dataset, &index, &widths, 0.01);
        let metrics = LayoutMetrics::default();
        assert_eq!(layout.rows, metrics.base_rows);
        assert!(layout.placed.len() <= usize::from(metrics.base_rows));
        assert_eq!(layout.placed.len() + layout.aggregated, 5000);
        // The most important win.
        assert!(
            layout
                .placed
                .iter()
                .all(|item| dataset.events[item.event.get()].importance == 5)
        );
    }

    #[test]
    fn ranges_running_across_a_time_are_counted() {
        let span = |start: f64, end: f64| crate::view::index::Span { start, end };
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
        let layout = layout_all(&dataset, &index, &widths, 1.0);
        let key = EventIndex::from_u32(dataset.events.len() as u32 - 1);
        assert_eq!(
            layout.placement(key),
            Placement::Row {
                row: 0,
                label: true
            }
        );
        assert!(layout.aggregated > 0);
    }

    #[test]
    fn ranges_longer_than_the_view_leave_rows_to_the_events_in_it() {
        // Ten important years-long ranges, and minor events during March 2016.
        let mut events: Vec<Event> = (0..10)
            .map(|i| event(&format!("long{i}"), "2014", Some("2018"), 5))
            .collect();
        events.extend(
            (1..=28).map(|day| event(&format!("day{day}"), &format!("2016-03-{day:02}"), None, 1)),
        );
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![60.0; dataset.events.len()];
        let lane = LaneEvents::new(&dataset, &index, 0);
        let metrics = LayoutMetrics::default();
        let month = Date::parse("2016-03").unwrap();
        let (start, end) = (month.start_instant(), month.end_instant());
        let window = (start - 15.5, end + 15.5);
        let layout = layout_lane(&dataset, &index, &lane, &widths, window, 0.05, &metrics);
        let rows_of = |prefix: &str| {
            let mut rows: Vec<u16> = layout
                .placed
                .iter()
                .filter(|item| dataset.events[item.event.get()].id.starts_with(prefix))
                .map(|item| item.row)
                .collect();
            rows.sort_unstable();
            rows.dedup();
            rows
        };
        let half = usize::from(metrics.base_rows / 2);
        assert_eq!(
            rows_of("long").len(),
            half,
            "long ranges take half the rows"
        );
        assert_eq!(
            rows_of("day").len(),
            usize::from(metrics.base_rows) - half,
            "the month's events take the others"
        );
        assert_no_overlaps_on_rows(&dataset, &layout, &index, &widths, 0.05);
        assert_eq!(
            layout.placed.len() + layout.aggregated,
            dataset.events.len(),
            "every event is placed or counted"
        );

        // Without events in the view, the long ranges may use every row.
        let sparse = self::dataset(dataset.events[..10].to_vec());
        let index = TimelineIndex::new(&sparse);
        let lane = LaneEvents::new(&sparse, &index, 0);
        let layout = layout_lane(&sparse, &index, &lane, &widths, window, 0.05, &metrics);
        assert_eq!(layout.placed.len(), usize::from(metrics.base_rows));
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
        let everywhere = (f64::NEG_INFINITY, f64::INFINITY);
        let scene = scene_in_room(&dataset, &index, &widths, transform, 0.0, everywhere);
        assert_eq!(scene.items.len(), 2);
        let truce_x =
            transform.x_from_time(Date::parse("2016-02-27").unwrap().start_instant() + 0.5);
        let (talks_event, truce_event) = (EventIndex::from_u32(0), EventIndex::from_u32(1));
        let rect = scene.item_rect(truce_event).unwrap();
        let y = rect.center().y;
        assert_eq!(scene.hit(truce_x, y, 2.0), Some(Hit::Event(truce_event)));
        let talks_x = transform.x_from_time(Date::parse("2016-02-12").unwrap().start_instant());
        let talks = scene.item_rect(talks_event).unwrap();
        assert_eq!(
            scene.hit(talks_x, talks.center().y, 2.0),
            Some(Hit::Event(talks_event))
        );
        // Empty space far from both.
        assert_eq!(scene.hit(5.0, y, 2.0), None);
    }

    /// The scene of every lane of `dataset` drawn by `transform`, laid out
    /// with `height` points of room and labels `within` a time range.
    fn scene_in_room(
        dataset: &Dataset,
        index: &TimelineIndex,
        widths: &[f32],
        transform: TimeTransform,
        height: f32,
        within: (f64, f64),
    ) -> Scene {
        let metrics = LayoutMetrics::default();
        let mut cache = LayoutCache::default();
        cache.update(
            &LayoutInput {
                dataset,
                index,
                label_widths: widths,
                data_version: 1,
                metrics: &metrics,
                room: LaneRoom {
                    height,
                    ..LaneRoom::default()
                },
                labels_within: within,
            },
            transform.view,
            transform.days_per_px(),
        );
        build_scene(&SceneInput {
            dataset,
            index,
            layout: &cache,
            label_widths: widths,
            transform,
            top: 0.0,
            metrics,
            collapsed: &[],
            hidden: &[],
            layers: &[],
        })
    }

    /// The scene of every lane of `dataset`, 1000 points wide, with the
    /// layout updated for `view` and `selected`.
    fn scene_selecting(
        dataset: &Dataset,
        index: &TimelineIndex,
        cache: &mut LayoutCache,
        widths: &[f32],
        view: TimeView,
        selected: Option<EventIndex>,
    ) -> Scene {
        let transform = TimeTransform::new(view, 0.0, 1000.0);
        let metrics = LayoutMetrics::default();
        cache.update_selected(
            &screen_input(dataset, index, widths, &metrics),
            view,
            transform.days_per_px(),
            selected,
        );
        build_scene(&SceneInput {
            dataset,
            index,
            layout: cache,
            label_widths: widths,
            transform,
            top: 0.0,
            metrics,
            collapsed: &[],
            hidden: &[],
            layers: &[],
        })
    }

    /// Every lane's events overlapping its window are placed or counted,
    /// never both, never neither.
    fn assert_conserved(cache: &LayoutCache) {
        for (layout, events) in cache.lanes.iter().zip(cache.events.iter()) {
            let mut placed: Vec<EventIndex> = layout.placed.iter().map(|item| item.event).collect();
            placed.sort_unstable();
            placed.dedup();
            assert_eq!(placed.len(), layout.placed.len(), "placed once each");
            let (w0, w1) = layout.window;
            assert_eq!(
                layout.placed.len() + layout.aggregated,
                events.counts.overlapping(w0, w1)
            );
        }
    }

    #[test]
    fn a_selected_event_leaves_its_badge_with_its_label_and_returns_when_deselected() {
        let events: Vec<Event> = (0..300)
            .map(|i| event(&format!("e{i}"), "2016-02-27", None, 1 + (i % 5) as u8))
            .collect();
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![50.0; dataset.events.len()];
        let start = Date::parse("2016-02-17").unwrap().start_instant();
        let view = TimeView::new(start, start + 20.0);
        let mut cache = LayoutCache::default();
        let scene = scene_selecting(&dataset, &index, &mut cache, &widths, view, None);
        let plain = cache.lanes[0].placed.clone();
        assert!(scene.aggregates.iter().map(|b| b.count).sum::<usize>() > 0);
        // A minor event, in the badge.
        let minor = EventIndex::from_u32(0);
        assert_eq!(dataset.events[0].importance, 1);
        assert_eq!(cache.lanes[0].placement(minor), Placement::Aggregated);

        let scene = scene_selecting(&dataset, &index, &mut cache, &widths, view, Some(minor));
        assert_eq!(
            cache.lanes[0].placement(minor),
            Placement::Row {
                row: 0,
                label: true
            }
        );
        let item = scene.items.iter().find(|item| item.event == minor);
        assert!(item.is_some_and(|item| item.label.is_some()), "drawn");
        assert_conserved(&cache);
        let level_dpp = days_per_px_of_level(zoom_level(view.span() / 1000.0));
        assert_no_overlaps_on_rows(&dataset, &cache.lanes[0], &index, &widths, level_dpp);
        let badges: usize = scene.aggregates.iter().map(|b| b.count).sum();
        assert_eq!(
            badges + cache.lanes[0].placed.len(),
            300,
            "the badge counts"
        );

        // Another minor event takes its place; deselecting restores the
        // layout without a selection.
        let other = EventIndex::from_u32(5);
        scene_selecting(&dataset, &index, &mut cache, &widths, view, Some(other));
        assert_eq!(cache.lanes[0].placement(minor), Placement::Aggregated);
        assert!(matches!(
            cache.lanes[0].placement(other),
            Placement::Row { label: true, .. }
        ));
        scene_selecting(&dataset, &index, &mut cache, &widths, view, None);
        assert_eq!(cache.lanes[0].placed, plain);
        // An event drawn with its label anyway changes nothing.
        let shown = plain.iter().find(|item| item.label).unwrap().event;
        scene_selecting(&dataset, &index, &mut cache, &widths, view, Some(shown));
        assert_eq!(cache.lanes[0].placed, plain);
        assert_eq!(cache.lanes[0].cap.pinned, None);
    }

    mod selection_property {
        use super::*;
        use crate::generate::{GenerateOptions, generate};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(64))]

            /// Selecting any event of a generated dataset at any view, and
            /// moving the view to it as the app does when it is out of
            /// view, draws it with its label in view; every lane still
            /// places or counts each event exactly once.
            #[test]
            fn a_selected_event_is_drawn_with_its_label_in_view(
                seed in 0..1000u64,
                lanes in 1..5usize,
                at in 0.0..1.0f64,
                zoom in 0.0..1.0f64,
                pick in any::<prop::sample::Index>(),
            ) {
                let options = GenerateOptions { lanes, seed, ..GenerateOptions::new(3000) };
                let dataset = generate(&options).unwrap();
                let index = TimelineIndex::new(&dataset);
                let widths: Vec<f32> = dataset
                    .events
                    .iter()
                    .map(|e| 7.0 * e.title.chars().count() as f32)
                    .collect();
                let all = index.data_end - index.data_start;
                let span = (all.ln() * zoom).exp().max(1.0);
                let start = index.data_start + at * (all - span).max(0.0);
                let mut view = TimeView::new(start, start + span);
                let mut cache = LayoutCache::default();
                scene_selecting(&dataset, &index, &mut cache, &widths, view, None);
                let selected = EventIndex::from_u32(pick.index(dataset.events.len()) as u32);
                let event = index.spans[selected.get()];
                let middle = 0.5 * (event.start + event.end);
                // The app's rule (`Session::shows`): a marker is drawn at
                // its middle, a bar over its span.
                let shown = if crate::view::index::is_marker(&dataset, selected.as_u32()) {
                    view.contains(middle)
                } else {
                    event.start < view.end && event.end.max(event.start) > view.start
                };
                if !shown {
                    view = view.centered_on(middle);
                }
                let scene =
                    scene_selecting(&dataset, &index, &mut cache, &widths, view, Some(selected));
                let item = scene.items.iter().find(|item| item.event == selected);
                prop_assert!(item.is_some(), "drawn");
                let item = item.unwrap();
                prop_assert!(item.label.is_some(), "with its label");
                prop_assert!(item.rect.right() >= 0.0 && item.rect.left() <= 1000.0, "in view");
                assert_conserved(&cache);
            }
        }
    }

    /// The scene of a lane holding `events`, seen over `view` on a timeline
    /// 1000 points wide, every label `width` points wide.
    fn scene_with(events: Vec<Event>, width: f32, view: TimeView) -> (Scene, TimeTransform) {
        let dataset = dataset(events);
        let index = TimelineIndex::new(&dataset);
        let widths = vec![width; dataset.events.len()];
        let mut cache = LayoutCache::default();
        scene_of(&dataset, &index, &mut cache, &widths, view)
    }

    fn day(date: &str) -> f64 {
        Date::parse(date).unwrap().start_instant()
    }

    #[test]
    fn a_bar_starting_left_of_the_view_reads_its_label_from_the_visible_start() {
        let width = 120.0;
        let metrics = LayoutMetrics::default();
        // The talks run from well before the view to its middle.
        let events = vec![event("talks", "2016-01-01", Some("2016-03-15"), 5)];
        let view = TimeView::new(day("2016-03-01"), day("2016-03-29"));
        let (scene, transform) = scene_with(events.clone(), width, view);
        let item = scene.items[0];
        let label = item.label.expect("the talks are labelled");
        assert!(label.inside, "{label:?}");
        assert_eq!(label.x, transform.left + metrics.bar_padding);
        assert!(label.max_width >= width, "read in full: {label:?}");
        assert!(label.x + label.max_width <= item.rect.right());

        // Panned on until less of the bar shows than its label needs: the
        // label goes beside the bar's end, whole and in view.
        let view = TimeView::new(day("2016-03-14"), day("2016-04-11"));
        let (scene, transform) = scene_with(events, width, view);
        let item = scene.items[0];
        assert!(item.rect.left() < transform.left);
        let label = item.label.expect("the talks are labelled");
        assert!(!label.inside, "{label:?}");
        assert_eq!(label.x, item.rect.right() + metrics.gap);
        assert!(label.x >= transform.left);
        assert_eq!(label.max_width, width);
    }

    #[test]
    fn a_bar_cut_by_the_left_edge_keeps_its_label_off_the_next_item() {
        let width = 120.0;
        // A bar wide enough for its label inside, and on its row, right
        // after its end, another event: no room beside the first.
        let events = vec![
            event("talks", "2016-01-01", Some("2016-03-15"), 5),
            event("next", "2016-03-17", Some("2016-04-20"), 5),
        ];
        let view = TimeView::new(day("2016-03-14"), day("2016-04-11"));
        let (scene, transform) = scene_with(events, width, view);
        let talks = scene
            .items
            .iter()
            .find(|item| item.event.get() == 0)
            .unwrap();
        let next = scene
            .items
            .iter()
            .find(|item| item.event.get() == 1)
            .unwrap();
        assert_eq!(talks.rect.center().y, next.rect.center().y, "one row");
        let label = talks.label.expect("the talks are labelled");
        assert!(label.inside, "{label:?}");
        assert!(label.x >= transform.left);
        assert!(label.x + label.max_width <= talks.rect.right());
    }

    #[test]
    fn a_bar_running_past_the_right_edge_keeps_its_label_inside_its_visible_part() {
        let width = 120.0;
        // Short enough that the layout puts the label beside it; its end
        // is past the right edge.
        let events = vec![event("talks", "2016-03-27", Some("2016-04-02"), 5)];
        let view = TimeView::new(day("2016-03-01"), day("2016-03-29"));
        let (scene, transform) = scene_with(events, width, view);
        let item = scene.items[0];
        assert!(item.rect.right() > transform.left + transform.width);
        let label = item.label.expect("the talks are labelled");
        assert!(label.inside, "no label outside the bar: {label:?}");
        assert!(label.x >= item.rect.left());
        assert!(label.x + label.max_width <= item.rect.right());
    }

    #[test]
    fn a_bar_out_of_view_is_not_drawn_nor_its_label() {
        let width = 300.0;
        let view = TimeView::new(day("2016-03-01"), day("2016-03-29"));
        // A short range that ended just before the view: its label beside
        // it would reach into view.
        let before = vec![event("talks", "2016-02-26", Some("2016-02-28"), 5)];
        let (scene, _) = scene_with(before, width, view);
        assert!(scene.items.is_empty(), "{:?}", scene.items);
        let after = vec![event("talks", "2016-04-02", Some("2016-04-05"), 5)];
        let (scene, _) = scene_with(after, width, view);
        assert!(scene.items.is_empty(), "{:?}", scene.items);
        // Nor a marker's label starting left of the view.
        let marker = vec![event("truce", "2016-02-28", None, 5)];
        let (scene, transform) = scene_with(marker, width, view);
        assert!(
            scene
                .items
                .iter()
                .all(|item| item.label.is_none_or(|l| l.x >= transform.left)),
            "{:?}",
            scene.items
        );
    }

    #[test]
    fn every_drawn_label_starts_in_view_and_bar_labels_stay_with_their_bars() {
        for seed in 0..4 {
            let dataset = random_lane(seed, 2000);
            let index = TimelineIndex::new(&dataset);
            let widths = varied_widths(dataset.events.len());
            let mut cache = LayoutCache::default();
            for (q, view) in sample_views(&index) {
                let (scene, transform) = scene_of(&dataset, &index, &mut cache, &widths, view);
                let right = transform.left + transform.width;
                for item in &scene.items {
                    let Some(label) = item.label else { continue };
                    assert!(label.x >= transform.left, "seed {seed} view {q}: {item:?}");
                    if item.kind == ItemKind::Bar {
                        assert!(item.rect.right() >= transform.left, "{item:?}");
                        assert!(item.rect.left() <= right, "{item:?}");
                        if label.inside {
                            assert!(label.x + label.max_width <= item.rect.right(), "{item:?}");
                        }
                    }
                }
            }
        }
    }

    /// Two lanes: "crowd" with `crowd` events a day apart from 2016 (a
    /// cluster needing a row each at a coarse zoom), and "calm" with one.
    fn crowd_and_calm(crowd: usize) -> Dataset {
        let mut events: Vec<Event> = (0..crowd)
            .map(|i| event(&format!("c{i}"), &format!("2016-01-{:02}", 1 + i), None, 3))
            .collect();
        let mut calm = event("calm", "2016-06-01", None, 3);
        calm.lane = "calm".into();
        events.push(calm);
        Dataset {
            title: "t".into(),
            lanes: vec![
                Lane {
                    id: "l".into(),
                    name: "Crowd".into(),
                    color: None,
                },
                Lane {
                    id: "calm".into(),
                    name: "Calm".into(),
                    color: None,
                },
            ],
            events,
            ..Dataset::default()
        }
    }

    /// The lanes of `dataset` laid out for its whole year 2016 across 1000
    /// points with `height` points of room.
    fn laid_out_with_room(dataset: &Dataset, height: f32, collapsed: &[bool]) -> LayoutCache {
        let index = TimelineIndex::new(dataset);
        let widths = vec![120.0; dataset.events.len()];
        let start = Date::parse("2016-01-01").unwrap().start_instant();
        let view = TimeView::new(start, start + 366.0);
        let metrics = LayoutMetrics::default();
        let mut cache = LayoutCache::default();
        cache.update(
            &LayoutInput {
                dataset,
                index: &index,
                label_widths: &widths,
                data_version: 1,
                metrics: &metrics,
                room: LaneRoom {
                    height,
                    collapsed,
                    hidden: &[],
                    scrolls: true,
                },
                labels_within: (f64::NEG_INFINITY, f64::INFINITY),
            },
            view,
            view.span() / 1000.0,
        );
        assert_conserved(&cache);
        cache
    }

    #[test]
    fn lanes_take_the_rows_the_height_leaves_them() {
        let metrics = LayoutMetrics::default();
        // Twenty events in twenty days, at about 0.4 days a point: each
        // needs a row of its own, far more than the base rows.
        let dataset = crowd_and_calm(20);
        let short = laid_out_with_room(&dataset, 0.0, &[]);
        // Few enough left out to be a cluster: shown in full, the lanes
        // scrolling, rather than in a badge.
        assert_eq!(short.lanes[0].aggregated, 0);
        assert!(short.lanes[0].rows > metrics.base_rows);

        let tall = laid_out_with_room(&dataset, 800.0, &[]);
        let crowd = &tall.lanes[0];
        assert_eq!(crowd.aggregated, 0);
        assert_eq!(crowd.left_out, 0, "every event with its label");
        assert_eq!(tall.lanes[1].rows, 1, "the calm lane takes only its row");
        let chrome = 2.0 * (metrics.lane_header + metrics.lane_gap);
        let used = f32::from(crowd.rows + tall.lanes[1].rows) * metrics.row_height;
        assert!(used + chrome <= 800.0, "within the room: {used}");
    }

    #[test]
    fn a_dense_lane_shares_the_room_and_counts_the_rest_in_badges() {
        let metrics = LayoutMetrics::default();
        // Four hundred events in four hundred days at the same zoom: more
        // than any room holds.
        let mut dataset = crowd_and_calm(0);
        let start = Date::parse("2016-01-01").unwrap().start_instant();
        dataset.events.extend((0..400).map(|i| {
            let day = crate::model::naive_from_unix_days(start + f64::from(i)).unwrap();
            event(
                &format!("d{i}"),
                &day.format("%Y-%m-%d").to_string(),
                None,
                3,
            )
        }));
        let short = laid_out_with_room(&dataset, 0.0, &[]);
        assert_eq!(short.lanes[0].rows, metrics.base_rows, "as before");
        assert!(short.lanes[0].aggregated > 0);

        let height = 600.0;
        let tall = laid_out_with_room(&dataset, height, &[]);
        let dense = &tall.lanes[0];
        assert!(dense.rows > metrics.base_rows, "uses the room");
        assert!(dense.aggregated > 0 && dense.aggregated < short.lanes[0].aggregated);
        let chrome = 2.0 * (metrics.lane_header + metrics.lane_gap);
        let used = f32::from(dense.rows + tall.lanes[1].rows) * metrics.row_height
            + metrics.aggregate_strip;
        assert!(used + chrome <= height, "no more than the room: {used}");

        // Collapsing the calm lane leaves its room to the dense one.
        let collapsed = laid_out_with_room(&dataset, height, &[false, true]);
        assert!(collapsed.lanes[0].rows > dense.rows);
    }

    #[test]
    fn labels_stay_within_the_range_a_view_can_show() {
        // Points through 2016, a view of the whole year whose end is the
        // end of what can be shown: labels near it go left of their marker.
        let dataset = dataset(
            (0..12)
                .map(|m| event(&format!("m{m}"), &format!("2016-{:02}-15", m + 1), None, 3))
                .collect(),
        );
        let index = TimelineIndex::new(&dataset);
        let widths = vec![150.0; dataset.events.len()];
        let start = Date::parse("2016-01-01").unwrap().start_instant();
        let view = TimeView::new(start, start + 366.0);
        let transform = TimeTransform::new(view, 0.0, 1000.0);
        let within = (view.start, view.end);
        let scene = scene_in_room(&dataset, &index, &widths, transform, 400.0, within);
        assert_eq!(scene.items.len(), 12);
        assert!(scene.aggregates.is_empty());
        let mut left = 0;
        for item in &scene.items {
            let label = item.label.expect("labelled");
            assert!(
                label.x >= 0.0 && label.x + label.max_width <= 1000.0,
                "{label:?}"
            );
            if label.x < item.rect.left() {
                left += 1;
                assert!(label.x + label.max_width <= item.rect.left(), "left of it");
            }
        }
        assert!(left >= 1, "the last months' labels go left");
        // Hit testing covers a label on the left too.
        let december = scene.items.last().unwrap();
        let label = december.label.unwrap();
        assert_eq!(
            scene.hit(label.x + 2.0, label.y, 0.0),
            Some(Hit::Event(december.event))
        );
    }
}
