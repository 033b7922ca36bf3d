//! Events indexed by time, per lane, so that "what is visible in `[t0, t1)`
//! on lane L" costs two binary searches per duration class plus the answer.
//!
//! Events are grouped by duration into power-of-two classes. Within a class
//! every event lasts at most `max_duration`, so the events overlapping
//! `[t0, t1)` are exactly those starting in `[t0 - max_duration, t1)` that end
//! after `t0`: a contiguous run of the class's start-sorted list. One long
//! ongoing range therefore never forces a scan of everything after it.

use super::eras::EraIndex;
use super::time_view::TimeView;
use crate::model::{Dataset, EventIndex, Precision};

/// An event's extent on the time axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub start: f64,
    pub end: f64,
}

#[derive(Clone, Debug)]
struct DurationClass<T> {
    max_duration: f64,
    /// Sorted by start.
    starts: Vec<f64>,
    ends: Vec<f64>,
    items: Vec<T>,
}

impl<T> Default for DurationClass<T> {
    fn default() -> Self {
        Self {
            max_duration: 0.0,
            starts: Vec::new(),
            ends: Vec::new(),
            items: Vec::new(),
        }
    }
}

/// Items with a time span, grouped into power-of-two duration classes, each
/// sorted by start: finding the items overlapping a range costs two binary
/// searches per class plus the answer.
#[derive(Clone, Debug)]
pub(crate) struct SpanClasses<T> {
    classes: Vec<DurationClass<T>>,
}

impl<T> Default for SpanClasses<T> {
    fn default() -> Self {
        Self {
            classes: Vec::new(),
        }
    }
}

impl<T: Copy> SpanClasses<T> {
    pub fn new(items: impl IntoIterator<Item = (Span, T)>) -> Self {
        let mut items: Vec<(Span, T)> = items.into_iter().collect();
        // Stable: items already in start order keep their order.
        items.sort_by(|a, b| a.0.start.total_cmp(&b.0.start));
        let mut classes = SpanClassesBuilder::default();
        for &(span, _) in &items {
            classes.plan(span);
        }
        classes.reserve();
        for (span, item) in items {
            classes.push(span, item);
        }
        classes.finish()
    }

    /// Calls `found` for every item whose span starts before `t1` and ends
    /// after `t0`.
    pub(crate) fn for_each_overlapping(&self, t0: f64, t1: f64, mut found: impl FnMut(T)) {
        self.for_each_overlapping_while(t0, t1, |item| {
            found(item);
            true
        });
    }

    /// Like [`Self::for_each_overlapping`], but stops as soon as `found`
    /// returns `false`.
    pub(crate) fn for_each_overlapping_while(
        &self,
        t0: f64,
        t1: f64,
        mut found: impl FnMut(T) -> bool,
    ) {
        for class in &self.classes {
            let lo = class
                .starts
                .partition_point(|&start| start < t0 - class.max_duration);
            let hi = class.starts.partition_point(|&start| start < t1).max(lo);
            for i in lo..hi {
                if class.ends[i] > t0 && !found(class.items[i]) {
                    return;
                }
            }
        }
    }

    /// How many items start before `time` and end after it.
    #[cfg(test)]
    pub(crate) fn running_across(&self, time: f64) -> usize {
        let mut count = 0;
        self.for_each_overlapping(time, time, |_| count += 1);
        count
    }
}

/// Items taken in start order, each put in its duration class as it comes:
/// what [`SpanClasses::new`] makes of the same items, without sorting them.
/// The items may be counted first ([`Self::plan`]), so that each class's
/// lists are made at their size at once ([`Self::reserve`]) rather than
/// copied as they grow (the copies' memory stayed with the process a while,
/// a tenth of the memory of an index of millions of events).
pub(crate) struct SpanClassesBuilder<T> {
    classes: Vec<DurationClass<T>>,
    /// Per class, how many items [`Self::plan`] counted.
    planned: ClassCounts,
}

impl<T> Default for SpanClassesBuilder<T> {
    fn default() -> Self {
        Self {
            classes: Vec::new(),
            planned: ClassCounts::default(),
        }
    }
}

/// How many items each duration class will hold, counted before they come,
/// so that each class's lists are made at their size.
#[derive(Default)]
struct ClassCounts(Vec<usize>);

impl ClassCounts {
    fn count(&mut self, span: Span) {
        let class = duration_class(span.end - span.start);
        if self.0.len() <= class {
            self.0.resize(class + 1, 0);
        }
        self.0[class] += 1;
    }

    /// Each class of `classes` with its count, `classes` grown to every
    /// class counted; the counts are used up.
    fn take_into<'a, C: Default>(
        &mut self,
        classes: &'a mut Vec<C>,
    ) -> impl Iterator<Item = (&'a mut C, usize)> + use<'a, C> {
        let counts = std::mem::take(&mut self.0);
        if classes.len() < counts.len() {
            classes.resize_with(counts.len(), C::default);
        }
        classes.iter_mut().zip(counts)
    }
}

/// The class in `classes` of a span `duration` long, made if it is the
/// class's first.
fn class_for<C: Default>(classes: &mut Vec<C>, duration: f64) -> &mut C {
    let class = duration_class(duration);
    if classes.len() <= class {
        classes.resize_with(class + 1, C::default);
    }
    &mut classes[class]
}

impl<T: Copy> SpanClassesBuilder<T> {
    /// Counts an item that [`Self::push`] will add.
    fn plan(&mut self, span: Span) {
        self.planned.count(span);
    }

    /// Makes each class's lists at the size [`Self::plan`] counted.
    fn reserve(&mut self) {
        for (class, count) in self.planned.take_into(&mut self.classes) {
            class.starts.reserve_exact(count);
            class.ends.reserve_exact(count);
            class.items.reserve_exact(count);
        }
    }

    /// Adds the item next in start order.
    fn push(&mut self, span: Span, item: T) {
        let duration = span.end - span.start;
        let class = class_for(&mut self.classes, duration);
        class.max_duration = class.max_duration.max(duration);
        class.starts.push(span.start);
        class.ends.push(span.end);
        class.items.push(item);
    }

    fn finish(self) -> SpanClasses<T> {
        SpanClasses {
            classes: self.classes,
        }
    }
}

/// An event in the date order of [`TimelineIndex::by_date`], with its span
/// and lane (`NO_LANE` for none).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DateOrdered {
    pub span: Span,
    pub event: u32,
    pub lane: u32,
}

/// Every event in date order ([`TimelineIndex::with_date_order`]).
pub(crate) struct DateOrder(pub Vec<DateOrdered>);

/// One lane's events.
#[derive(Clone, Debug, Default)]
pub struct LaneIndex {
    /// Event indices sorted by start (then end).
    pub by_start: Vec<u32>,
    /// The same events by duration ([`LaneDurations`]).
    durations: LaneDurations,
}

/// A lane's events grouped as [`SpanClasses`] groups them, by power-of-two
/// durations, each group in start order, but holding only the events: their
/// starts and ends are read from the index's spans. Only a badge's list asks
/// it (which events run across a time), once per click, not per frame; a
/// million events hold 4 bytes each here rather than 20.
#[derive(Clone, Debug, Default)]
struct LaneDurations {
    groups: Vec<DurationGroup>,
}

#[derive(Clone, Debug, Default)]
struct DurationGroup {
    max_duration: f64,
    /// In start order.
    events: Vec<u32>,
}

impl LaneDurations {
    /// Calls `found` for every event whose span starts before `t1` and ends
    /// after `t0`.
    fn for_each_overlapping(&self, spans: &[Span], t0: f64, t1: f64, mut found: impl FnMut(u32)) {
        let span_of = |event: u32| spans.get(event as usize).copied();
        let start_of = |event: &u32| span_of(*event).map_or(f64::NAN, |span| span.start);
        for group in &self.groups {
            let events = &group.events;
            let lo = events.partition_point(|event| start_of(event) < t0 - group.max_duration);
            let hi = events.partition_point(|event| start_of(event) < t1).max(lo);
            for &event in &events[lo..hi] {
                if span_of(event).is_some_and(|span| span.end > t0) {
                    found(event);
                }
            }
        }
    }
}

/// [`LaneDurations`] being made, from events counted first
/// ([`Self::plan`]) and then added in start order ([`Self::push`]).
#[derive(Default)]
struct LaneDurationsBuilder {
    groups: Vec<DurationGroup>,
    planned: ClassCounts,
}

impl LaneDurationsBuilder {
    fn plan(&mut self, span: Span) {
        self.planned.count(span);
    }

    fn reserve(&mut self) {
        for (group, count) in self.planned.take_into(&mut self.groups) {
            group.events.reserve_exact(count);
        }
    }

    fn push(&mut self, span: Span, event: u32) {
        let duration = span.end - span.start;
        let group = class_for(&mut self.groups, duration);
        group.max_duration = group.max_duration.max(duration);
        group.events.push(event);
    }

    fn finish(self) -> LaneDurations {
        LaneDurations {
            groups: self.groups,
        }
    }
}

/// The time index of a dataset.
#[derive(Clone, Debug)]
pub struct TimelineIndex {
    /// Per event, its extent (ongoing ranges reach `data_end`).
    pub spans: Vec<Span>,
    /// Per event, the index of its lane in `dataset.lanes`.
    pub lane_of_event: Vec<u32>,
    /// Per dataset lane.
    pub lanes: Vec<LaneIndex>,
    /// All events sorted by start, then end: the order of next/previous.
    pub by_date: Vec<u32>,
    /// Per event, its position in `by_date`.
    pub date_rank: Vec<u32>,
    pub data_start: f64,
    pub data_end: f64,
    /// The eras, assigned to a bounded number of rows.
    pub eras: EraIndex,
}

/// Marks a lane index for events whose lane does not exist (cannot happen
/// after validation, but the index never trusts that).
pub(crate) const NO_LANE: u32 = u32::MAX;

/// `slice.partition_point(is_before)`, for an answer likely near the
/// start: steps that double, then a binary search between the last two.
fn gallop_partition_point<T>(slice: &[T], is_before: impl Fn(&T) -> bool) -> usize {
    let mut low = 0;
    let mut step = 1;
    while low + step <= slice.len() && is_before(&slice[low + step - 1]) {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(slice.len());
    low + slice[low..high].partition_point(is_before)
}

/// The order of events by date: start, then end, then position (so no two
/// are equal and any sort gives the one order).
fn date_order(a: &DateOrdered, b: &DateOrdered) -> std::cmp::Ordering {
    a.span
        .start
        .total_cmp(&b.span.start)
        .then(a.span.end.total_cmp(&b.span.end))
        .then(a.event.cmp(&b.event))
}

/// Below this many events, one core keys and sorts them all.
const SORT_PER_CORE: usize = 100_000;

/// The events' keys in [`date_order`], and each event's span and lane in
/// the events' own order.
struct Keyed {
    keyed: Vec<DateOrdered>,
    spans: Vec<Span>,
    lane_of_event: Vec<u32>,
}

/// [`Keyed`] for events `0..count`: each core keys a stretch of them and
/// sorts its keys, and the sorted stretches are merged.
fn sorted_on_every_core(count: usize, key: impl Fn(usize) -> DateOrdered + Sync) -> Keyed {
    let parts = crate::jobs::cores().min(count / SORT_PER_CORE).max(1);
    sorted_in_parts(count, parts, key)
}

/// [`sorted_on_every_core`] in `parts` stretches. The lists are made here
/// and filled by the cores: memory taken on a thread that ends is given
/// back to the system late, and a million events' keys are 24 MB.
fn sorted_in_parts(count: usize, parts: usize, key: impl Fn(usize) -> DateOrdered + Sync) -> Keyed {
    let stretch = count.div_ceil(parts.max(1)).max(1);
    let unset = DateOrdered {
        span: Span {
            start: f64::NAN,
            end: f64::NAN,
        },
        event: 0,
        lane: NO_LANE,
    };
    let mut keyed = vec![unset; count];
    crate::jobs::on_every_core_mut(&mut keyed, stretch, |first, run| {
        for (offset, slot) in run.iter_mut().enumerate() {
            *slot = key(first + offset);
        }
    });
    let spans: Vec<Span> = keyed.iter().map(|entry| entry.span).collect();
    let lane_of_event: Vec<u32> = keyed.iter().map(|entry| entry.lane).collect();
    crate::jobs::on_every_core_mut(&mut keyed, stretch, |_, run| {
        run.sort_unstable_by(date_order);
    });
    // Merged two runs at a time, until one is left, between two lists.
    let mut run_length = stretch;
    let mut merged = Vec::new();
    while run_length < count {
        merged.clear();
        merged.reserve(count);
        for pair in keyed.chunks(2 * run_length) {
            let (first, second) = pair.split_at(run_length.min(pair.len()));
            merge_into(&mut merged, first, second);
        }
        std::mem::swap(&mut keyed, &mut merged);
        run_length *= 2;
    }
    Keyed {
        keyed,
        spans,
        lane_of_event,
    }
}

/// Two lists in [`date_order`], appended to `out` as one.
fn merge_into(out: &mut Vec<DateOrdered>, first: &[DateOrdered], second: &[DateOrdered]) {
    let (mut a, mut b) = (0, 0);
    while let (Some(x), Some(y)) = (first.get(a), second.get(b)) {
        if date_order(x, y).is_le() {
            out.push(*x);
            a += 1;
        } else {
            out.push(*y);
            b += 1;
        }
    }
    out.extend_from_slice(&first[a..]);
    out.extend_from_slice(&second[b..]);
}

impl TimelineIndex {
    pub fn new(dataset: &Dataset) -> Self {
        Self::with_date_order(dataset).0
    }

    /// The index, and the events in date order with what the lanes'
    /// events are made of ([`crate::view::lane_events_in_date_order`]).
    pub(crate) fn with_date_order(dataset: &Dataset) -> (Self, DateOrder) {
        let (data_start, data_end) = dataset.time_span().unwrap_or((0.0, 1.0));
        let lane_position: foldhash::HashMap<&str, u32> = dataset
            .lanes
            .iter()
            .enumerate()
            .map(|(index, lane)| (lane.id.as_str(), index as u32))
            .collect();
        // Sorting the keys themselves, not indices into `spans`, keeps a
        // million comparisons in the cache; the lane rides along (in the
        // padding the key has anyway), so that everything after reads the
        // events in date order without a look back at each. Each core keys
        // and sorts a stretch of the events; the stretches are merged.
        let key = |event: usize| {
            let record = &dataset.events[event];
            DateOrdered {
                span: Span {
                    start: record.start_instant(),
                    end: record.end_instant(data_end),
                },
                event: event as u32,
                lane: lane_position
                    .get(record.lane.as_str())
                    .copied()
                    .unwrap_or(NO_LANE),
            }
        };
        let Keyed {
            keyed,
            spans,
            lane_of_event,
        } = sorted_on_every_core(dataset.events.len(), key);
        let by_date: Vec<u32> = keyed.iter().map(|entry| entry.event).collect();
        let mut date_rank = vec![0u32; by_date.len()];
        for (rank, &event) in by_date.iter().enumerate() {
            date_rank[event as usize] = rank as u32;
        }

        // Each lane's lists made at their size at once.
        let mut lane_sizes = vec![0usize; dataset.lanes.len()];
        let mut lane_spans: Vec<LaneDurationsBuilder> = (0..dataset.lanes.len())
            .map(|_| LaneDurationsBuilder::default())
            .collect();
        for (&lane, &span) in lane_of_event.iter().zip(&spans) {
            if let (Some(size), Some(classes)) = (
                lane_sizes.get_mut(lane as usize),
                lane_spans.get_mut(lane as usize),
            ) {
                *size += 1;
                classes.plan(span);
            }
        }
        lane_spans
            .iter_mut()
            .for_each(LaneDurationsBuilder::reserve);
        let mut by_start: Vec<Vec<u32>> = lane_sizes.into_iter().map(Vec::with_capacity).collect();
        for entry in &keyed {
            let lane = entry.lane as usize;
            if let (Some(events), Some(classes)) =
                (by_start.get_mut(lane), lane_spans.get_mut(lane))
            {
                events.push(entry.event);
                classes.push(entry.span, entry.event);
            }
        }
        let lanes = by_start
            .into_iter()
            .zip(lane_spans)
            .map(|(by_start, durations)| LaneIndex {
                by_start,
                durations: durations.finish(),
            })
            .collect();
        let index = Self {
            eras: EraIndex::new(dataset, data_end),
            spans,
            lane_of_event,
            lanes,
            by_date,
            date_rank,
            data_start,
            data_end,
        };
        (index, DateOrder(keyed))
    }

    /// How many events start in each of `bins` equal stretches of `range`
    /// (the overview's density): a binary search per stretch over the
    /// sorted starts, each from where the last ended, so it costs the
    /// stretches, not the events (a pass over a million events took a
    /// frame's budget).
    /// How many events start in `[t0, t1)`, by binary search.
    ///
    /// The starts are read through `by_date` (a cache miss a step): this
    /// and the overview's density are asked once per era shown or per
    /// width, and a list of the starts in date order would hold 8 bytes
    /// an event for them.
    pub(crate) fn starting_in(&self, t0: f64, t1: f64) -> usize {
        let start = |event: &u32| self.start_of(*event);
        let from = self.by_date.partition_point(|e| start(e) < t0);
        let to = self.by_date.partition_point(|e| start(e) < t1);
        to.saturating_sub(from)
    }

    /// An event's start, by its position; NaN for one this index does not
    /// have.
    fn start_of(&self, event: u32) -> f64 {
        self.spans
            .get(event as usize)
            .map_or(f64::NAN, |span| span.start)
    }

    pub(crate) fn start_density(&self, range: TimeView, bins: usize) -> Vec<u32> {
        let bins = bins.max(1);
        let scale = bins as f64 / range.span();
        // A start's stretch, as a float: it only grows with the start, so
        // the starts of stretch k follow those of k - 1.
        let stretch = |event: &u32| ((self.start_of(*event) - range.start) * scale).floor();
        let events = &self.by_date;
        let mut before = events.partition_point(|event| stretch(event) < 0.0);
        (1..=bins)
            .map(|end| {
                let next = before
                    + gallop_partition_point(&events[before..], |event| {
                        stretch(event) < end as f64
                    });
                let count = (next - before) as u32;
                before = next;
                count
            })
            .collect()
    }

    /// [`TimelineIndex::start_density`] of the events of some lanes only
    /// (a layer's): each lane's starts counted by a search per bin.
    pub(crate) fn lanes_start_density(
        &self,
        lanes: std::ops::Range<usize>,
        range: TimeView,
        bins: usize,
    ) -> Vec<u32> {
        let bins = bins.max(1);
        let scale = bins as f64 / range.span();
        let stretch = |event: &u32| {
            let start = self
                .spans
                .get(*event as usize)
                .map_or(f64::NAN, |s| s.start);
            ((start - range.start) * scale).floor()
        };
        let mut counts = vec![0u32; bins];
        for lane in self.lanes.get(lanes).unwrap_or_default() {
            let events = &lane.by_start;
            // A lane with fewer events than bins: each counted where it is.
            if events.len() < bins {
                for event in events {
                    let bin = stretch(event);
                    if bin >= 0.0 && bin < bins as f64 {
                        counts[bin as usize] += 1;
                    }
                }
                continue;
            }
            let mut before = events.partition_point(|e| stretch(e) < 0.0);
            for (end, count) in (1..=bins).zip(&mut counts) {
                let next =
                    before + gallop_partition_point(&events[before..], |e| stretch(e) < end as f64);
                *count += (next - before) as u32;
                before = next;
            }
        }
        counts
    }

    /// Appends the events of `lane` overlapping `[t0, t1)` to `out`, sorted
    /// by start.
    pub fn visible(&self, lane: usize, t0: f64, t1: f64, out: &mut Vec<u32>) {
        let Some(lane) = self.lanes.get(lane) else {
            return;
        };
        let first = out.len();
        lane.durations
            .for_each_overlapping(&self.spans, t0, t1, |event| out.push(event));
        out[first..].sort_unstable_by(|a, b| {
            self.spans[*a as usize]
                .start
                .total_cmp(&self.spans[*b as usize].start)
        });
    }

    /// An event's span; `None` for a position this index does not have.
    pub fn span(&self, event: EventIndex) -> Option<Span> {
        self.spans.get(event.get()).copied()
    }

    /// The middle of an event's span, where the app centres and marks it.
    pub fn middle(&self, event: EventIndex) -> Option<f64> {
        self.span(event).map(|span| 0.5 * (span.start + span.end))
    }

    /// Where the time axes mark an event when it is selected; `None` for a
    /// position this index or `dataset` does not have.
    pub fn selection_marks(&self, dataset: &Dataset, event: EventIndex) -> Option<SelectionMarks> {
        let span = self.span(event)?;
        let point = dataset.event_at(event)?.is_point();
        Some(if point {
            SelectionMarks::Point(0.5 * (span.start + span.end))
        } else {
            SelectionMarks::Range {
                start: span.start,
                end: span.end,
            }
        })
    }

    /// The event after (`forward`) or before the given one in date order; the
    /// first or last when there is none selected.
    pub fn step(&self, from: Option<u32>, forward: bool) -> Option<u32> {
        let count = self.by_date.len();
        if count == 0 {
            return None;
        }
        let rank = match from {
            None if forward => 0,
            None => count - 1,
            Some(event) => {
                let rank = *self.date_rank.get(event as usize)? as usize;
                if forward {
                    (rank + 1).min(count - 1)
                } else {
                    rank.saturating_sub(1)
                }
            }
        };
        Some(self.by_date[rank])
    }
}

/// Power-of-two duration class: 0 for a day or less, else the power of two
/// of days a span fits under (the lanes' layout groups by it too).
pub(crate) fn duration_class(days: f64) -> usize {
    if days <= 1.0 || !days.is_finite() {
        0
    } else {
        (days.log2().ceil() as usize).min(40)
    }
}

/// Where the selected event is marked on the time axes (the timeline, the
/// overview, the figures chart): a point at its middle, with one line; a
/// range at its start and at its end, so both ends can be read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SelectionMarks {
    Point(f64),
    Range { start: f64, end: f64 },
}

impl SelectionMarks {
    /// The times to draw a line at.
    pub fn times(self) -> impl Iterator<Item = f64> {
        let (first, second) = match self {
            Self::Point(time) => (time, None),
            Self::Range { start, end } => (start, Some(end)),
        };
        std::iter::once(first).chain(second)
    }
}

/// Whether an event is drawn as a marker (a point at a day or a time of day)
/// rather than a bar (a range, or a point that covers a month or a year).
pub(crate) fn is_marker(dataset: &Dataset, event: u32) -> bool {
    dataset
        .events
        .get(event as usize)
        .is_some_and(event_is_marker)
}

/// [`is_marker`] of the event itself.
pub(crate) fn event_is_marker(event: &crate::model::Event) -> bool {
    event.is_point() && event.start.precision() >= Precision::Day
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Lane};

    /// A deterministic pseudo-random dataset: points and ranges of many lengths.
    fn random_dataset(seed: u64, events: usize, lanes: usize) -> Dataset {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut next = move |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let lanes: Vec<Lane> = (0..lanes)
            .map(|i| Lane {
                id: format!("l{i}"),
                name: format!("Lane {i}"),
                color: None,
            })
            .collect();
        let events = (0..events)
            .map(|i| {
                let start = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap()
                    + chrono::Duration::days(next(2500) as i64);
                let start_date = Date::from_naive(start).unwrap();
                let end = match next(4) {
                    0 => None,
                    1 => Some(start + chrono::Duration::days(next(10) as i64)),
                    2 => Some(start + chrono::Duration::days(next(400) as i64)),
                    _ => Some(start + chrono::Duration::days(next(3) as i64)),
                };
                Event {
                    id: format!("e{i}").into(),
                    title: format!("Event {i}").into(),
                    start: start_date,
                    end: end.and_then(Date::from_naive),
                    ongoing: next(50) == 0 && end.is_none(),
                    lane: format!("l{}", next(lanes.len() as u64)).into(),
                    summary: None,
                    sources: Box::default(),
                    tags: Box::default(),
                    importance: 1 + next(5) as u8,
                    approximate: false,
                }
            })
            .collect();
        Dataset {
            title: "random".into(),
            lanes,
            events,
            ..Dataset::default()
        }
    }

    #[test]
    fn keys_sorted_on_every_core_are_those_of_one_sort() {
        // Enough events for two stretches, with starts that repeat.
        let count = 2 * SORT_PER_CORE + 7;
        let key = |event: usize| DateOrdered {
            span: Span {
                start: ((event * 7919) % 1000) as f64,
                end: ((event * 7919) % 1000 + event % 5) as f64,
            },
            event: event as u32,
            lane: (event % 3) as u32,
        };
        let Keyed {
            keyed,
            spans,
            lane_of_event,
        } = sorted_on_every_core(count, key);
        let mut one_sort: Vec<DateOrdered> = (0..count).map(key).collect();
        one_sort.sort_unstable_by(date_order);
        let events = |list: &[DateOrdered]| list.iter().map(|e| e.event).collect::<Vec<_>>();
        assert_eq!(events(&keyed), events(&one_sort));
        assert!(keyed.windows(2).all(|w| date_order(&w[0], &w[1]).is_lt()));
        assert_eq!(spans, (0..count).map(|e| key(e).span).collect::<Vec<_>>());
        assert_eq!(
            lane_of_event,
            (0..count).map(|e| key(e).lane).collect::<Vec<_>>()
        );
        assert!(sorted_on_every_core(0, key).keyed.is_empty());
        // In any number of parts, even or odd, and merged in several passes.
        for count in [0, 1, 2, 7, 64, 1001] {
            let mut one_sort: Vec<DateOrdered> = (0..count).map(key).collect();
            one_sort.sort_unstable_by(date_order);
            for parts in 1..=5 {
                let sorted = sorted_in_parts(count, parts, key);
                assert_eq!(
                    events(&sorted.keyed),
                    events(&one_sort),
                    "{count} in {parts}"
                );
                assert_eq!(sorted.spans.len(), count);
            }
        }
    }

    #[test]
    fn the_lanes_densities_add_up_to_the_whole() {
        let dataset = random_dataset(3, 3000, 4);
        let index = TimelineIndex::new(&dataset);
        let full = TimeView::new(index.data_start, index.data_end + 1.0);
        let whole = index.start_density(full, 37);
        let first = index.lanes_start_density(0..2, full, 37);
        let rest = index.lanes_start_density(2..4, full, 37);
        let sum: Vec<u32> = first.iter().zip(&rest).map(|(a, b)| a + b).collect();
        assert_eq!(sum, whole);
        assert!(first.iter().sum::<u32>() > 0 && rest.iter().sum::<u32>() > 0);
    }

    #[test]
    fn start_density_counts_what_a_pass_over_every_event_counts() {
        for seed in 0..4 {
            let dataset = random_dataset(seed, 3000, 3);
            let index = TimelineIndex::new(&dataset);
            let full = TimeView::new(index.data_start, index.data_end);
            let part = TimeView::new(
                full.start + 0.3 * full.span(),
                full.start + 0.6 * full.span(),
            );
            // A range starting at an event's start: starts right on the
            // edges of stretches.
            let on_edge = TimeView::new(index.spans[7].start, index.spans[7].start + 64.0);
            for range in [full, part, on_edge] {
                for bins in [1, 7, 64, 800, 5000] {
                    let mut expected = vec![0u32; bins];
                    let scale = bins as f64 / range.span();
                    for span in &index.spans {
                        let bin = ((span.start - range.start) * scale).floor();
                        if bin >= 0.0 && (bin as usize) < bins {
                            expected[bin as usize] += 1;
                        }
                    }
                    assert_eq!(
                        index.start_density(range, bins),
                        expected,
                        "{range:?} {bins}"
                    );
                }
            }
        }
    }

    #[test]
    fn visible_query_matches_a_brute_force_scan() {
        for seed in 0..20 {
            let dataset = random_dataset(seed, 500, 3);
            let index = TimelineIndex::new(&dataset);
            for query in 0..50u32 {
                let t0 = index.data_start + f64::from(query * 53 % 2600) - 50.0;
                let t1 = t0 + f64::from(1 + query * query % 700);
                for lane in 0..3 {
                    let mut fast = Vec::new();
                    index.visible(lane, t0, t1, &mut fast);
                    fast.sort_unstable();
                    let slow: Vec<u32> = (0..dataset.events.len() as u32)
                        .filter(|&e| {
                            let span = index.spans[e as usize];
                            index.lane_of_event[e as usize] == lane as u32
                                && span.start < t1
                                && span.end > t0
                        })
                        .collect();
                    assert_eq!(fast, slow, "seed {seed} lane {lane} [{t0}, {t1})");
                }
            }
        }
    }

    #[test]
    fn stepping_walks_events_in_date_order() {
        let dataset = random_dataset(7, 100, 2);
        let index = TimelineIndex::new(&dataset);
        let mut walked = Vec::new();
        let mut current = index.step(None, true);
        while let Some(event) = current {
            walked.push(event);
            let next = index.step(Some(event), true);
            if next == Some(event) {
                break;
            }
            current = next;
        }
        assert_eq!(walked, index.by_date);
        assert_eq!(index.step(None, false), index.by_date.last().copied());
        assert_eq!(
            index.step(Some(index.by_date[5]), false),
            Some(index.by_date[4])
        );
    }

    #[test]
    fn a_selected_range_is_marked_at_both_ends_and_a_point_once() {
        let dataset = random_dataset(3, 60, 1);
        let index = TimelineIndex::new(&dataset);
        let mut kinds = (0, 0);
        for (position, event) in dataset.events.iter().enumerate() {
            let at = EventIndex::from_u32(position as u32);
            let span = index.span(at).unwrap();
            let marks = index.selection_marks(&dataset, at).unwrap();
            let times: Vec<f64> = marks.times().collect();
            if event.is_point() {
                kinds.0 += 1;
                assert_eq!(times, vec![0.5 * (span.start + span.end)], "{}", event.id);
            } else {
                kinds.1 += 1;
                assert_eq!(times, vec![span.start, span.end], "{}", event.id);
            }
        }
        assert!(kinds.0 > 0 && kinds.1 > 0, "{kinds:?}");
        let other = EventIndex::from_u32(dataset.events.len() as u32);
        assert_eq!(index.selection_marks(&dataset, other), None);
    }

    #[test]
    fn points_at_a_day_or_a_time_are_markers_and_coarser_ones_bars() {
        let point = |start: &str| Event {
            id: start.into(),
            title: start.into(),
            start: Date::parse(start).unwrap(),
            end: None,
            ongoing: false,
            lane: "l".into(),
            summary: None,
            sources: Box::default(),
            tags: Box::default(),
            importance: 3,
            approximate: false,
        };
        let starts = [
            "2016",
            "2016-02",
            "2016-02-27",
            "2016-02-27T00:00",
            "2016-02-27T00:00:30+02:00",
            "-251902000",
        ];
        let dataset = Dataset {
            events: starts.iter().map(|start| point(start)).collect(),
            ..Dataset::default()
        };
        let markers: Vec<bool> = (0..starts.len() as u32)
            .map(|event| is_marker(&dataset, event))
            .collect();
        assert_eq!(markers, [false, false, true, true, true, false]);
    }
}
