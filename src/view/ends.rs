//! What the ends of the data need to be read, and the view that fits them.
//!
//! Items reach past the data's end by a number of *points*, not days (a
//! marker's disc and the gap after it; given label widths, their labels
//! too): how far in days depends on the zoom, and so on the width the data
//! is fitted into. The app gives no label widths: the layout keeps every
//! label inside the limits by putting one that would run past the end to
//! the left of its item, so the data keeps the width.
//! [`DataEnds`] sums up, once per dataset and whatever the width, what the
//! ends need: on the right, the few events whose drawn extent with label
//! could be the rightmost at some zoom; on the left, where the first
//! marker's disc starts. [`DataEnds::limits`] then solves, for a width in
//! points, the days per point at which the data's span plus exactly that
//! room (and a pad of a few points each side) fills the width. Home, the
//! first view, the pan limit, the overview and the whole dataset's export
//! all take that fit at their own width.
//!
//! Each event's right end at `d` days per point is that of the layout's own
//! rule ([`extent`]): a marker reaches `centre + k·d` for a fixed `k`
//! (points); a bar reaches `max(end, start + 2r·d) + k·d`, with `k` larger
//! once `d` is wide enough that its label no longer fits inside it and goes
//! beside. So every reach is the highest of a few straight lines `t + k·d`:
//! a marker's one and a bar's two with its label inside, which hold at
//! every zoom, and a bar's two with its label beside, which hold from the
//! zoom the label leaves the bar on. A line that another one reaches past
//! wherever it holds (no later start, at least as many points, and no
//! shorter where it begins) is never the rightmost, so the events kept
//! are the owners of the lines no other one dominates:
//!
//! 1. the staircase of the lines that hold at every zoom (latest first,
//!    each with more points than the one before), found with one pass for
//!    bounds and a sort of the few lines within them;
//! 2. the beside lines the staircase does not dominate, in the order of the
//!    zoom they hold from, each kept unless an earlier kept one dominates it.
//!
//! At a million generated events that is about ten events, built in some
//! 50 ms on the load worker; a fit then takes microseconds.

use super::index::{NO_LANE, Span, TimelineIndex, is_marker};
use super::layout::{LabelSide, LayoutMetrics, extent};
use super::time_view::{TimeView, ViewLimits};
use crate::model::Dataset;

/// The least span a fit shows, in closest views, so a dataset of one day
/// (or one minute) is not drawn across the whole width at the closest
/// zoom: thirty days, or five hours for data with times of day.
const MIN_FIT_VIEWS: f64 = 30.0;
/// The least span a fit of data without times shows, in days.
#[cfg(test)]
const MIN_FIT_SPAN_DAYS: f64 = MIN_FIT_VIEWS * ViewLimits::MIN_SPAN_DAYS;
/// The room for the labels takes at most this share of the width; past
/// it (a label about as wide as the timeline) the data keeps the rest and
/// the label is cut at the edge until zoomed in.
const MAX_ROOM_SHARE: f64 = 0.75;
/// Steps of the solve; each one lands on the next set of limiting events,
/// so a few are enough.
const MAX_SOLVE_STEPS: usize = 64;

/// How an event is drawn, if at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Marker,
    Bar,
    /// In no lane: not drawn.
    Hidden,
}

/// An event that may be the rightmost at some zoom.
#[derive(Clone, Copy, Debug, PartialEq)]
struct EndEvent {
    span: Span,
    marker: bool,
    label_width: f32,
}

impl EndEvent {
    /// Where the event and its label end at `days_per_pt`, by the layout's
    /// rule; with the points beyond `t` that reach is made of, at that zoom.
    fn reach(&self, days_per_pt: f64, metrics: &LayoutMetrics) -> Reach {
        let (_, end) = extent(
            self.span,
            self.marker,
            self.label_width,
            // No label, no room for one: the bare item's extent.
            (self.label_width > 0.0).then_some(LabelSide::Right),
            days_per_pt,
            metrics,
        );
        // The straight line through this reach, for the solve's next step:
        // its start (the marker's centre, the bar's end or start) and the
        // points beyond it.
        let base = if self.marker {
            0.5 * (self.span.start + self.span.end)
        } else if self.span.end
            >= self.span.start + 2.0 * f64::from(metrics.marker_radius) * days_per_pt
        {
            self.span.end
        } else {
            self.span.start
        };
        Reach {
            time: end,
            line: Line {
                time: base,
                points: ((end - base) / days_per_pt.max(f64::MIN_POSITIVE)) as f32,
            },
        }
    }
}

/// `time + points · d`: how far something reaches at `d` days per point.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Line {
    time: f64,
    points: f32,
}

/// A line that holds from a zoom (`from`, days per point) on.
#[derive(Clone, Copy, Debug)]
struct Piece {
    line: Line,
    from: f64,
    owner: u32,
}

impl Piece {
    /// Whether this piece reaches at least as far as `other` wherever
    /// `other` holds: it holds there too, grows at least as fast and is
    /// no shorter where `other` begins.
    fn dominates(&self, other: &Piece) -> bool {
        self.from <= other.from
            && self.line.points >= other.line.points
            && self.line.at(other.from) >= other.line.at(other.from)
    }
}

/// How far the data reaches at one zoom, and the line it does so on.
#[derive(Clone, Copy, Debug)]
struct Reach {
    time: f64,
    line: Line,
}

/// What the ends of a dataset need, whatever the width: computed once per
/// dataset (on the load worker, and by each export of the whole range).
#[derive(Clone, Debug, PartialEq)]
pub struct DataEnds {
    data_start: f64,
    data_end: f64,
    /// The earliest start of a bar and the earliest centre of a marker.
    first_bar_start: Option<f64>,
    first_marker_center: Option<f64>,
    /// The events that may be the rightmost at some zoom.
    right: Vec<EndEvent>,
    metrics: LayoutMetrics,
    pad: f32,
    /// The closest span a view may have: ten minutes for data with times
    /// of day, else a day ([`ViewLimits::closest_span`]).
    min_span: f64,
}

impl DataEnds {
    /// The ends of `dataset` drawn with `metrics`, `pad` points beyond
    /// them. `label_widths` are in points, per event.
    pub fn new(
        dataset: &Dataset,
        index: &TimelineIndex,
        label_widths: &[f32],
        metrics: &LayoutMetrics,
        pad: f32,
    ) -> Self {
        let (r, gap, padding) = (metrics.marker_radius, metrics.gap, metrics.bar_padding);
        let width_of = |event: usize| label_widths.get(event).copied().unwrap_or(0.0);
        let kinds: Vec<Kind> = (0..index.spans.len())
            .map(|event| {
                let lane = index.lane_of_event.get(event).copied();
                if lane.is_none_or(|lane| lane == NO_LANE) {
                    Kind::Hidden
                } else if is_marker(dataset, event as u32) {
                    Kind::Marker
                } else {
                    Kind::Bar
                }
            })
            .collect();
        // An event's lines at every zoom: a marker's one; a bar's two with
        // its label inside, which its reach is never short of.
        let lines_of = |event: usize, span: &Span| -> [Option<Line>; 2] {
            match kinds[event] {
                Kind::Hidden => [None, None],
                Kind::Marker => [
                    Some(Line::new(
                        0.5 * (span.start + span.end),
                        match width_of(event) {
                            width if width > 0.0 => r + gap + width + gap,
                            _ => r + gap,
                        },
                    )),
                    None,
                ],
                Kind::Bar => [
                    Some(Line::new(span.end, gap)),
                    Some(Line::new(span.start, 2.0 * r + gap)),
                ],
            }
        };
        let mut first_bar_start: Option<f64> = None;
        let mut first_marker_center: Option<f64> = None;
        // One pass for the line of most points and the latest line: only
        // lines later than the one and with more points than the other
        // can be steps of the staircase. A second pass keeps those few.
        let mut most: Option<Line> = None;
        let mut latest: Option<Line> = None;
        for (event, span) in index.spans.iter().enumerate() {
            match kinds[event] {
                Kind::Hidden => continue,
                Kind::Marker => {
                    let center = 0.5 * (span.start + span.end);
                    first_marker_center =
                        Some(first_marker_center.map_or(center, |c| c.min(center)));
                }
                Kind::Bar => {
                    first_bar_start =
                        Some(first_bar_start.map_or(span.start, |s| s.min(span.start)));
                }
            }
            for line in lines_of(event, span).into_iter().flatten() {
                if most.is_none_or(|m| (line.points, line.time) > (m.points, m.time)) {
                    most = Some(line);
                }
                if latest.is_none_or(|l| (line.time, line.points) > (l.time, l.points)) {
                    latest = Some(line);
                }
            }
        }
        let mut candidates: Vec<(Line, u32)> = Vec::new();
        if let (Some(most), Some(latest)) = (most, latest) {
            for (event, span) in index.spans.iter().enumerate() {
                for line in lines_of(event, span).into_iter().flatten() {
                    if line == most
                        || line == latest
                        || (line.time > most.time && line.points > latest.points)
                    {
                        candidates.push((line, event as u32));
                    }
                }
            }
        }
        let staircase = Staircase::of(candidates);
        // The bars' lines with the label beside, from the zoom it goes
        // there on, unless a line of the staircase reaches past them.
        let mut beside: Vec<Piece> = Vec::new();
        for (event, span) in index.spans.iter().enumerate() {
            if kinds[event] != Kind::Bar {
                continue;
            }
            let width = width_of(event);
            if width <= 0.0 {
                continue;
            }
            // The label fits inside while `(end - start) / d` has room for
            // it and the padding.
            let label_room = f64::from(width + 2.0 * padding);
            if label_room <= 0.0 {
                continue;
            }
            let from = (span.end - span.start).max(0.0) / label_room;
            for line in [
                Line::new(span.end, gap + width + gap),
                Line::new(span.start, 2.0 * r + gap + width + gap),
            ] {
                let piece = Piece {
                    line,
                    from,
                    owner: event as u32,
                };
                if from.is_finite() && !staircase.dominates(&piece) {
                    beside.push(piece);
                }
            }
        }
        let mut keep: Vec<bool> = vec![false; index.spans.len()];
        for &(_, owner) in &staircase.steps {
            if let Some(slot) = keep.get_mut(owner as usize) {
                *slot = true;
            }
        }
        // A beside line counts from its zoom on: one that an earlier beside
        // line reaches past from there on is never the rightmost either.
        // Those left are few (each one longer than all before it), so each
        // is checked against them all.
        beside.sort_unstable_by(|a, b| {
            a.from
                .total_cmp(&b.from)
                .then(b.line.points.total_cmp(&a.line.points))
                .then(b.line.time.total_cmp(&a.line.time))
        });
        let mut kept: Vec<Piece> = Vec::new();
        for piece in beside {
            if !kept.iter().any(|k| k.dominates(&piece)) {
                if let Some(slot) = keep.get_mut(piece.owner as usize) {
                    *slot = true;
                }
                kept.push(piece);
            }
        }
        let right = keep
            .iter()
            .enumerate()
            .filter(|(_, kept)| **kept)
            .map(|(event, _)| EndEvent {
                span: index.spans[event],
                marker: kinds[event] == Kind::Marker,
                label_width: label_widths.get(event).copied().unwrap_or(0.0),
            })
            .collect();
        Self {
            data_start: index.data_start,
            data_end: index.data_end,
            first_bar_start,
            first_marker_center,
            right,
            metrics: *metrics,
            pad,
            min_span: ViewLimits::closest_span(dataset.has_times()),
        }
    }

    /// How many events may be the rightmost at some zoom.
    #[cfg(test)]
    fn frontier_len(&self) -> usize {
        self.right.len()
    }

    /// The limits for a timeline `width` points wide: the fitted view
    /// (everything with the room its ends need, [`Self::fit`]) is the pan
    /// limit and the widest zoom; the closest is ten minutes for data with
    /// times of day, else a day.
    pub fn limits(&self, width: f32) -> ViewLimits {
        ViewLimits::within(self.fit(width)).with_min_span(self.min_span)
    }

    /// The view that shows the data's span with the room its ends need
    /// at `width` points across: the first and last items whole (with the
    /// labels whose widths it was given), the pad beyond them, and no more.
    pub fn fit(&self, width: f32) -> TimeView {
        let width = f64::from(width.max(1.0));
        let span = (self.data_end - self.data_start).max(MIN_FIT_VIEWS * self.min_span);
        let mut days_per_pt = span / width;
        // The widest zoom known to be too close, for the last refinement.
        let mut too_close = None;
        for _ in 0..MAX_SOLVE_STEPS {
            let (left, right) = (self.left(days_per_pt), self.right(days_per_pt));
            let needed = (right.time - left.time) / width;
            if needed <= days_per_pt {
                break;
            }
            too_close = Some(days_per_pt);
            // Solve for the lines the ends are on now; when the ends move
            // to other events at that zoom, the next step takes those.
            let room = f64::from(left.line.points + right.line.points);
            let data = right.line.time - left.line.time;
            if room > width * MAX_ROOM_SHARE {
                days_per_pt = days_per_pt.max(data / (width * (1.0 - MAX_ROOM_SHARE)));
                too_close = None;
                break;
            }
            // The ends only reach further as the zoom widens, so `needed`
            // is no more than the answer: each step moves towards it.
            days_per_pt = (data / (width - room)).max(needed);
        }
        // A bar whose label goes inside as the zoom closes in can make a
        // step overshoot: halve the gap to the closest zoom that fits.
        if let Some(mut low) = too_close {
            for _ in 0..MAX_SOLVE_STEPS {
                let middle = 0.5 * (low + days_per_pt);
                if middle <= low || middle >= days_per_pt {
                    break;
                }
                let (left, right) = (self.left(middle), self.right(middle));
                if (right.time - left.time) / width <= middle {
                    days_per_pt = middle;
                } else {
                    low = middle;
                }
            }
        }
        let (left, right) = (self.left(days_per_pt), self.right(days_per_pt));
        let span = width * days_per_pt;
        let slack = span - (right.time - left.time);
        let start = if slack >= 0.0 {
            // What is left over (a fit at the least span, or a step past
            // the closest fit) goes evenly to both sides.
            left.time - 0.5 * slack
        } else {
            // Labels wider than the width allows: the left end whole and
            // the last labels cut at the right edge, but the data's own
            // span always in view.
            left.time.max(self.data_end - span)
        };
        TimeView::new(start, start + span)
    }

    /// Where the drawing starts at `days_per_pt`, the pad included.
    fn left(&self, days_per_pt: f64) -> Reach {
        let pad = self.pad;
        let mut reach = Reach {
            time: self.data_start,
            line: Line::new(self.data_start, 0.0),
        };
        if let Some(start) = self.first_bar_start
            && start < reach.time
        {
            reach.line = Line::new(start, 0.0);
            reach.time = start;
        }
        if let Some(center) = self.first_marker_center {
            let radius = self.metrics.marker_radius;
            let time = center - f64::from(radius) * days_per_pt;
            if time < reach.time {
                reach = Reach {
                    time,
                    line: Line::new(center, radius),
                };
            }
        }
        reach.line.points += pad;
        reach.time -= f64::from(pad) * days_per_pt;
        reach
    }

    /// Where the drawing ends at `days_per_pt`, the pad included.
    fn right(&self, days_per_pt: f64) -> Reach {
        let pad = self.pad;
        let mut reach = Reach {
            time: self.data_end,
            line: Line::new(self.data_end, 0.0),
        };
        for event in &self.right {
            let event_reach = event.reach(days_per_pt, &self.metrics);
            if event_reach.time > reach.time {
                reach = event_reach;
            }
        }
        reach.line.points += pad;
        reach.time += f64::from(pad) * days_per_pt;
        reach
    }
}

impl Line {
    fn new(time: f64, points: f32) -> Self {
        Self { time, points }
    }

    /// Where the line is at `days_per_pt`.
    fn at(&self, days_per_pt: f64) -> f64 {
        self.time + f64::from(self.points) * days_per_pt
    }
}

/// The lines no other line dominates, latest first (so their points grow).
struct Staircase {
    steps: Vec<(Line, u32)>,
}

impl Staircase {
    /// The staircase of `lines` (those that may be steps: the rest are
    /// dominated anyway).
    fn of(mut lines: Vec<(Line, u32)>) -> Self {
        lines.sort_unstable_by(|(a, _), (b, _)| {
            b.time
                .total_cmp(&a.time)
                .then(b.points.total_cmp(&a.points))
        });
        let mut steps: Vec<(Line, u32)> = Vec::new();
        for (line, owner) in lines {
            if steps
                .last()
                .is_none_or(|(last, _)| line.points > last.points)
            {
                steps.push((line, owner));
            }
        }
        Self { steps }
    }

    /// Whether a line of the staircase reaches at least as far as `piece`
    /// wherever it holds. The lines with at least its points are the
    /// earliest steps; each is checked where the piece begins.
    fn dominates(&self, piece: &Piece) -> bool {
        let steeper = self
            .steps
            .partition_point(|(step, _)| step.points < piece.line.points);
        let start = piece.from.max(0.0);
        self.steps[steeper..]
            .iter()
            .any(|(step, _)| step.at(start) >= piece.line.at(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Event, Lane};

    const PAD: f32 = 6.0;

    /// A random dataset over about four years: points at day, month and
    /// year precision, ranges of a day to two years, some ongoing.
    fn random_dataset(seed: u64, count: usize) -> Dataset {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = move |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let base = chrono::NaiveDate::from_ymd_opt(2012, 1, 1).expect("a date");
        let events = (0..count)
            .map(|i| {
                let start = base + chrono::Duration::days(next(1500) as i64);
                let end = match next(5) {
                    0 | 1 => None,
                    2 => Some(start + chrono::Duration::days(1 + next(20) as i64)),
                    _ => Some(start + chrono::Duration::days(1 + next(700) as i64)),
                };
                let mut start_date = Date::from_naive(start).expect("a day");
                if end.is_none() && next(4) == 0 {
                    start_date = Date::parse(&start.format("%Y-%m").to_string()).expect("a month");
                }
                Event {
                    id: format!("e{i}").into(),
                    title: format!("e{i}").into(),
                    start: start_date,
                    end: end.and_then(Date::from_naive),
                    ongoing: end.is_none() && next(60) == 0,
                    lane: "l".into(),
                    summary: None,
                    sources: Box::default(),
                    tags: Box::default(),
                    importance: 1 + next(5) as u8,
                    approximate: false,
                }
            })
            .collect();
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

    fn random_widths(seed: u64, count: usize) -> Vec<f32> {
        (0..count)
            .map(|i| {
                let mixed = (i as u64 + 1).wrapping_mul(seed.wrapping_add(0x9e37_79b9_7f4a_7c15));
                10.0 + (mixed >> 7) as f32 % 290.0
            })
            .collect()
    }

    /// Every drawn event's reach at `days_per_pt`, by the layout's rule.
    fn every_reach(dataset: &Dataset, index: &TimelineIndex, widths: &[f32], d: f64) -> f64 {
        let metrics = LayoutMetrics::default();
        (0..dataset.events.len())
            .map(|e| {
                let marker = is_marker(dataset, e as u32);
                extent(
                    index.spans[e],
                    marker,
                    widths[e],
                    Some(LabelSide::Right),
                    d,
                    &metrics,
                )
                .1
            })
            .fold(index.data_end, f64::max)
    }

    /// Every drawn event's start at `days_per_pt`.
    fn every_start(dataset: &Dataset, index: &TimelineIndex, d: f64) -> f64 {
        let metrics = LayoutMetrics::default();
        (0..dataset.events.len())
            .map(|e| {
                let marker = is_marker(dataset, e as u32);
                extent(index.spans[e], marker, 0.0, None, d, &metrics).0
            })
            .fold(index.data_start, f64::min)
    }

    #[test]
    fn every_event_and_its_label_is_inside_the_fit_at_every_width() {
        for seed in 0..12 {
            let count = [1, 2, 5, 40, 300][seed as usize % 5];
            let dataset = random_dataset(seed, count);
            let index = TimelineIndex::new(&dataset);
            let widths = random_widths(seed, count);
            let ends = DataEnds::new(&dataset, &index, &widths, &LayoutMetrics::default(), PAD);
            for width in [300.0, 640.0, 1020.0, 1600.0, 3000.0] {
                let fit = ends.fit(width);
                let d = fit.span() / f64::from(width);
                let room = f64::from(PAD) * d;
                let reach = every_reach(&dataset, &index, &widths, d);
                let start = every_start(&dataset, &index, d);
                let what = format!("seed {seed}, {count} events, {width} points: {fit:?}");
                assert!(fit.span() >= MIN_FIT_SPAN_DAYS - 1e-9, "{what}");
                // Narrow widths may leave a label wider than half the
                // timeline cut; every other one ends inside.
                let widest = widths.iter().copied().fold(0.0, f32::max);
                if 2.0 * (widest + 30.0) < width {
                    assert!(reach + room <= fit.end + 1e-6 * fit.span(), "{what}");
                }
                assert!(start - room >= fit.start - 1e-6 * fit.span(), "{what}");
                // No margin beyond the room: one end or the other is tight,
                // unless the least span made the fit wider.
                let tight = (fit.start - (start - room)).abs() < 1e-6 * fit.span()
                    || (fit.end - (reach + room)).abs() < 1e-6 * fit.span();
                let widened = (fit.span() - MIN_FIT_SPAN_DAYS).abs() < 1e-6;
                assert!(tight || widened || 2.0 * (widest + 30.0) >= width, "{what}");
            }
        }
    }

    #[test]
    fn a_timeline_too_narrow_for_the_labels_still_shows_all_the_data() {
        let empty = Dataset::default();
        for (seed, count) in [(0, 0), (3, 1), (4, 40)] {
            let dataset = if count == 0 {
                empty.clone()
            } else {
                random_dataset(seed, count)
            };
            let index = TimelineIndex::new(&dataset);
            let widths = vec![400.0; count];
            let ends = DataEnds::new(&dataset, &index, &widths, &LayoutMetrics::default(), PAD);
            for width in [0.0, 1.0, 10.0, 40.0, 200.0] {
                let fit = ends.fit(width);
                let what = format!("{count} events at {width} points: {fit:?}");
                assert!(
                    fit.is_valid() && fit.span() >= MIN_FIT_SPAN_DAYS - 1e-9,
                    "{what}"
                );
                assert!(
                    fit.start <= index.data_start && fit.end >= index.data_end,
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn the_frontier_answers_as_every_event_does() {
        for seed in 0..8 {
            let count = [3, 50, 400, 2000][seed as usize % 4];
            let dataset = random_dataset(seed + 100, count);
            let index = TimelineIndex::new(&dataset);
            let widths = random_widths(seed, count);
            let metrics = LayoutMetrics::default();
            let ends = DataEnds::new(&dataset, &index, &widths, &metrics, PAD);
            assert!(
                ends.frontier_len() <= count.min(60),
                "{}",
                ends.frontier_len()
            );
            // At zooms from a tenth of a day to a hundred days a point.
            for step in 0..60 {
                let d = 0.1 * 1.2f64.powi(step);
                let all = every_reach(&dataset, &index, &widths, d);
                let frontier = ends.right(d).time - f64::from(PAD) * d;
                assert!(
                    (all - frontier).abs() <= 1e-9 * all.abs(),
                    "seed {seed}, {d} days a point: {all} vs {frontier}"
                );
            }
        }
    }

    #[test]
    fn a_dataset_with_times_zooms_to_minutes_others_to_days() {
        let metrics = LayoutMetrics::default();
        let closest = |dataset: &Dataset| {
            let index = TimelineIndex::new(dataset);
            DataEnds::new(dataset, &index, &[], &metrics, PAD)
                .limits(1000.0)
                .min_span
        };
        let mut dataset = random_dataset(1, 1);
        dataset.events[0].start = Date::parse("2016-02-27").expect("a day");
        dataset.events[0].end = None;
        dataset.eras.clear();
        dataset.quotes.clear();
        assert_eq!(closest(&dataset), ViewLimits::MIN_SPAN_DAYS);
        // A time anywhere: an event's end, an era's start, a quote.
        let mut timed = dataset.clone();
        timed.events[0].end = Some(Date::parse("2016-02-27T00:30+02:00").expect("a time"));
        assert_eq!(closest(&timed), ViewLimits::MIN_SPAN_DAYS_WITH_TIMES);
        let mut quoted = dataset.clone();
        quoted.quotes.push(crate::model::Quote {
            id: "q".to_owned(),
            speaker: "S".to_owned(),
            role: None,
            date: Date::parse("2016-02-27T00:00:30").expect("a time"),
            text: "t".to_owned(),
            context: None,
            events: Vec::new(),
            source: "s".to_owned(),
            approximate: false,
        });
        assert_eq!(closest(&quoted), ViewLimits::MIN_SPAN_DAYS_WITH_TIMES);
        let mut era = dataset;
        era.eras.push(crate::model::Era {
            id: "e".to_owned(),
            title: "E".to_owned(),
            start: Date::parse("2016-02-26T23:00").expect("a time"),
            end: None,
            ongoing: true,
            approximate: false,
            color: None,
        });
        assert_eq!(closest(&era), ViewLimits::MIN_SPAN_DAYS_WITH_TIMES);
        // Home of a few minutes' data spans hours, not a month.
        let index = TimelineIndex::new(&timed);
        let fit = DataEnds::new(&timed, &index, &[40.0], &metrics, PAD).fit(1000.0);
        let hours = fit.span() * 24.0;
        assert!((5.0 - 1e-9..12.0).contains(&hours), "{fit:?}");
    }

    #[test]
    fn a_bar_whose_label_fits_inside_needs_no_room() {
        // One long range whose short label fits inside it at any fit.
        let mut dataset = random_dataset(1, 1);
        dataset.events[0].start = Date::parse("2014-01-01").expect("a day");
        dataset.events[0].end = Some(Date::parse("2015-12-31").expect("a day"));
        let index = TimelineIndex::new(&dataset);
        let metrics = LayoutMetrics::default();
        let ends = DataEnds::new(&dataset, &index, &[40.0], &metrics, PAD);
        let width = 1000.0;
        let fit = ends.fit(width);
        let d = fit.span() / f64::from(width);
        // Only the pad and the layout's gap after an item beyond the data.
        let beyond = (fit.end - index.data_end) / d;
        assert!(
            (beyond - f64::from(PAD + metrics.gap)).abs() < 1e-6,
            "{beyond}"
        );
        assert!(((index.data_start - fit.start) / d - f64::from(PAD)).abs() < 1e-6);
    }

    #[test]
    fn a_fit_leaves_exactly_the_room_of_the_last_label() {
        // Two markers a year apart; the last one's label is 200 points.
        let mut dataset = random_dataset(2, 2);
        dataset.events[0].start = Date::parse("2015-01-01").expect("a day");
        dataset.events[1].start = Date::parse("2016-01-01").expect("a day");
        for event in &mut dataset.events {
            event.end = None;
            event.ongoing = false;
        }
        let index = TimelineIndex::new(&dataset);
        let metrics = LayoutMetrics::default();
        let ends = DataEnds::new(&dataset, &index, &[50.0, 200.0], &metrics, PAD);
        let width = 1000.0;
        let fit = ends.fit(width);
        let d = fit.span() / f64::from(width);
        let first = 0.5 * (index.spans[0].start + index.spans[0].end);
        let last = 0.5 * (index.spans[1].start + index.spans[1].end);
        let left = (first - fit.start) / d;
        let right = (fit.end - last) / d;
        let r = f64::from(metrics.marker_radius);
        let g = f64::from(metrics.gap);
        assert!((left - (r + f64::from(PAD))).abs() < 1e-6, "{left}");
        assert!(
            (right - (r + g + 200.0 + g + f64::from(PAD))).abs() < 1e-6,
            "{right}"
        );
    }
}
