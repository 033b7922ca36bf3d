//! Where eras go: a bounded number of rows of era titles, and `+N eras`
//! badges for the eras that find no row.
//!
//! Rows are assigned once per dataset (in [`EraIndex::new`]), so an era
//! keeps its row at every zoom and while panning. Eras are taken longest
//! first, then earliest, then in file order, each into the first of
//! [`MAX_ERA_ROWS`] rows where it overlaps no era already there; an era
//! that fits in none is *collapsed*: it gets no row and no band, and is
//! counted into the badge of the stretch of the view it starts in.
//!
//! Each frame, [`build_era_scene`] reads only what is in view: in each row
//! the eras are disjoint, so they are sorted by start and by end alike and
//! the visible ones are found by binary search. Eras narrower than a few
//! points that follow each other closely are drawn as one *cluster* band
//! ("12 eras"), so a row costs at most a few steps per few points of the
//! view's width; the collapsed eras are counted per badge with binary
//! searches over their sorted starts and ends ([`SpanCounts`]). The work
//! of a frame is bounded by the view's width, never by the number of eras.

use std::collections::BTreeMap;

use super::index::{Span, SpanClasses};
use super::layout::SpanCounts;
use super::time_view::{TimeTransform, TimeView};
use crate::model::Dataset;
use egui::{Pos2, Rect};

/// Rows of era titles at most; further overlapping eras are counted into
/// badges.
pub const MAX_ERA_ROWS: usize = 3;

/// An era narrower than this (in points) is drawn on its own only when no
/// other era of its row ends within this distance of its start; otherwise
/// they are drawn together as a cluster.
pub(crate) const MIN_ERA_WIDTH: f32 = 4.0;

/// Width of one badge bucket of collapsed eras, in points.
pub(crate) const ERA_BADGE_BUCKET: f32 = 96.0;

/// An era badge is this much smaller than its bucket and row, each side.
pub(crate) const ERA_BADGE_INSET: f32 = 2.0;

/// How many era titles a tooltip lists before "… and N more".
pub const LISTED_TITLES: usize = 10;

/// The eras of one row: disjoint, sorted by start (and therefore by end).
#[derive(Clone, Debug, Default)]
pub struct EraRow {
    pub starts: Vec<f64>,
    pub ends: Vec<f64>,
    /// Indices into `dataset.eras`.
    pub eras: Vec<u32>,
}

/// The eras of a dataset, assigned to rows once.
#[derive(Clone, Debug, Default)]
pub struct EraIndex {
    /// Per era, its extent (an era without an end reaches the data's end).
    pub spans: Vec<Span>,
    /// At most [`MAX_ERA_ROWS`], none empty.
    pub rows: Vec<EraRow>,
    /// The eras without a row.
    pub collapsed: SpanCounts,
    /// The same, to list their titles.
    collapsed_spans: SpanClasses<u32>,
    /// The same by start, then era: those starting in a stretch are a
    /// binary search away.
    collapsed_by_start: Vec<(f64, u32)>,
}

/// A span key ordered by start, then era index, for a row's map.
#[derive(Clone, Copy, Debug, PartialEq)]
struct StartKey(f64, u32);

impl Eq for StartKey {}

impl PartialOrd for StartKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for StartKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

impl EraIndex {
    /// Assigns every era a row or collapses it. `data_end` is where eras
    /// without an end stop.
    pub fn new(dataset: &Dataset, data_end: f64) -> Self {
        let spans: Vec<Span> = dataset
            .eras
            .iter()
            .map(|era| {
                let start = era.start.start_instant();
                let end = era.end_instant(data_end);
                Span {
                    start,
                    end: if end.is_nan() { start } else { end.max(start) },
                }
            })
            .collect();
        // Longest first, then earliest, then in file order.
        let mut order: Vec<u32> = (0..spans.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (sa, sb) = (spans[a as usize], spans[b as usize]);
            (sb.end - sb.start)
                .total_cmp(&(sa.end - sa.start))
                .then(sa.start.total_cmp(&sb.start))
                .then(a.cmp(&b))
        });
        let mut rows: Vec<BTreeMap<StartKey, f64>> = Vec::new();
        let mut collapsed = Vec::new();
        for era in order {
            let span = spans[era as usize];
            let key = StartKey(span.start, era);
            let fits = |row: &BTreeMap<StartKey, f64>| {
                // The row's eras are disjoint: only the last one starting
                // before this one and the first one after can overlap it.
                let before = row.range(..key).next_back();
                let after = row.range(key..).next();
                [before, after]
                    .into_iter()
                    .flatten()
                    .all(|(k, &end)| !overlaps(span, Span { start: k.0, end }))
            };
            match rows.iter().position(fits) {
                Some(row) => {
                    rows[row].insert(key, span.end);
                }
                None if rows.len() < MAX_ERA_ROWS => {
                    rows.push(BTreeMap::from([(key, span.end)]));
                }
                None => collapsed.push(era),
            }
        }
        let rows = rows
            .into_iter()
            .map(|row| {
                let mut out = EraRow::default();
                for (StartKey(start, era), end) in row {
                    out.starts.push(start);
                    // Disjoint spans sorted by start are sorted by end too;
                    // the running maximum keeps that true for binary search
                    // whatever the floating point does.
                    let end = out.ends.last().map_or(end, |&last: &f64| last.max(end));
                    out.ends.push(end);
                    out.eras.push(era);
                }
                out
            })
            .collect();
        let mut collapsed_by_start: Vec<(f64, u32)> = collapsed
            .iter()
            .map(|&era| (spans[era as usize].start, era))
            .collect();
        collapsed_by_start.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        Self {
            collapsed_by_start,
            collapsed: SpanCounts::new(collapsed.iter().map(|&era| spans[era as usize])),
            collapsed_spans: SpanClasses::new(
                collapsed.iter().map(|&era| (spans[era as usize], era)),
            ),
            spans,
            rows,
        }
    }

    /// Rows of titles in the era strip, badges included: the rows used, and
    /// one more for the badges when any era is collapsed.
    pub(crate) fn strip_rows(&self) -> usize {
        self.rows.len() + usize::from(!self.collapsed.is_empty())
    }

    /// The row an era's title is in; `None` for a collapsed era.
    #[cfg(test)]
    pub(crate) fn row_of(&self, era: u32) -> Option<usize> {
        let span = self.spans.get(era as usize)?;
        self.rows.iter().position(|row| {
            let i = row.starts.partition_point(|&s| s < span.start);
            row.eras[i..]
                .iter()
                .zip(&row.starts[i..])
                .take_while(|&(_, &s)| s == span.start)
                .any(|(&e, _)| e == era)
        })
    }

    /// Up to `limit` collapsed eras starting in `[t0, t1)` (with
    /// `running_in`, also those that started before `t0` and run across it:
    /// what a badge counts), in file order, and how many there are in all.
    pub(crate) fn collapsed_in(
        &self,
        t0: f64,
        t1: f64,
        running_in: bool,
        limit: usize,
    ) -> (Vec<u32>, usize) {
        let total = self.collapsed.starting_in(t0, t1)
            + if running_in {
                self.collapsed.running_across(t0)
            } else {
                0
            };
        let mut found = Vec::new();
        if limit > 0 && running_in {
            // Every era overlapping the stretch counts: stop at the limit.
            self.collapsed_spans
                .for_each_overlapping_while(t0, t1.max(t0), |era| {
                    found.push(era);
                    found.len() < limit
                });
        } else if limit > 0 {
            // Only those starting in it: a binary search, however many
            // eras run across.
            let from = self
                .collapsed_by_start
                .partition_point(|&(start, _)| start < t0);
            found.extend(
                self.collapsed_by_start[from..]
                    .iter()
                    .take_while(|&&(start, _)| start < t1)
                    .take(limit)
                    .map(|&(_, era)| era),
            );
        }
        found.sort_unstable();
        (found, total)
    }
}

/// What a segment of an era row draws.
#[derive(Clone, Debug, PartialEq)]
pub enum EraSegmentKind {
    /// One era, drawn with its band and title.
    Single(u32),
    /// Several narrow eras drawn as one band: the positions
    /// `first..first + count` of their row.
    Cluster { first: usize, count: usize },
}

/// One band of an era row in view.
#[derive(Clone, Debug, PartialEq)]
pub struct EraSegment {
    pub row: usize,
    pub kind: EraSegmentKind,
    /// The time it covers, from the first era's start to the last's end.
    pub time_start: f64,
    pub time_end: f64,
}

impl EraSegment {
    /// How many eras it draws.
    pub fn count(&self) -> usize {
        match self.kind {
            EraSegmentKind::Single(_) => 1,
            EraSegmentKind::Cluster { count, .. } => count,
        }
    }
}

/// A count of collapsed eras starting in a stretch of the view.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EraBadge {
    pub count: usize,
    pub rect: Rect,
    /// The time range the counted eras start in (the first badge also
    /// counts those running in from the left).
    pub time_start: f64,
    pub time_end: f64,
}

/// The era strip of one frame: the segments of every row that reach into
/// the view, and the badges of the collapsed eras.
#[derive(Clone, Debug, Default)]
pub struct EraScene {
    /// In the order they are painted: by their first era's index.
    pub segments: Vec<EraSegment>,
    pub badges: Vec<EraBadge>,
    /// Top of the era strip and the height of one row, for hit testing.
    pub top: f32,
    pub row_height: f32,
}

/// What is under a point of the era strip.
#[derive(Clone, Debug, PartialEq)]
pub enum EraHit {
    Segment(EraSegment),
    Badge(EraBadge),
}

impl EraScene {
    /// The segment or badge under `(x, y)`.
    pub fn hit(&self, transform: &TimeTransform, x: f32, y: f32) -> Option<EraHit> {
        if y < self.top {
            return None;
        }
        let row = ((y - self.top) / self.row_height).floor() as usize;
        for badge in &self.badges {
            if badge.rect.contains(Pos2::new(x, y)) {
                return Some(EraHit::Badge(*badge));
            }
        }
        let time = transform.time_from_x(x);
        let slop = 2.0 * transform.days_per_px();
        self.segments
            .iter()
            .filter(|s| s.row == row)
            .find(|s| time >= s.time_start - slop && time <= s.time_end + slop)
            .map(|s| EraHit::Segment(s.clone()))
    }
}

/// The eras of a segment, in row order, at most `limit`.
pub(crate) fn segment_eras(index: &EraIndex, segment: &EraSegment, limit: usize) -> Vec<u32> {
    match segment.kind {
        EraSegmentKind::Single(era) => vec![era],
        EraSegmentKind::Cluster { first, count } => index
            .rows
            .get(segment.row)
            .map(|row| {
                row.eras[first..first + count]
                    .iter()
                    .take(limit)
                    .copied()
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Builds the era strip for the view of `transform`, with the strip's top
/// at `top` and rows `row_height` apart.
pub(crate) fn build_era_scene(
    index: &EraIndex,
    transform: &TimeTransform,
    top: f32,
    row_height: f32,
) -> EraScene {
    let mut scene = EraScene {
        top,
        row_height,
        ..EraScene::default()
    };
    let view: TimeView = transform.view;
    let (t0, t1) = (view.start, view.end);
    let days_per_px = transform.days_per_px();
    let narrow = f64::from(MIN_ERA_WIDTH) * days_per_px;
    for (row_index, row) in index.rows.iter().enumerate() {
        let count = row.eras.len();
        let in_view = row.starts.partition_point(|&s| s < t1);
        let mut i = row.ends.partition_point(|&e| e <= t0);
        while i < in_view {
            let (start, end) = (row.starts[i], row.ends[i]);
            let mut next = i + 1;
            if end - start < narrow {
                // Every era of the row that ends within `narrow` of this
                // one's start goes with it; the next one ends past that, so
                // every other step moves on by at least `narrow`.
                let limit = start + narrow;
                next = (i + row.ends[i..].partition_point(|&e| e <= limit))
                    .clamp(i + 1, in_view.max(i + 1));
            }
            let segment = if next - i == 1 {
                EraSegment {
                    row: row_index,
                    kind: EraSegmentKind::Single(row.eras[i]),
                    time_start: start,
                    time_end: end,
                }
            } else {
                EraSegment {
                    row: row_index,
                    kind: EraSegmentKind::Cluster {
                        first: i,
                        count: next - i,
                    },
                    time_start: start,
                    time_end: row.ends[next - 1],
                }
            };
            // A cluster right after another cluster joins it.
            if let (
                EraSegmentKind::Cluster { count: added, .. },
                Some(EraSegment {
                    row: last_row,
                    kind: EraSegmentKind::Cluster { count: total, .. },
                    time_end,
                    ..
                }),
            ) = (&segment.kind, scene.segments.last_mut())
                && *last_row == row_index
                && segment.time_start - *time_end < narrow
            {
                *total += added;
                *time_end = segment.time_end;
            } else {
                scene.segments.push(segment);
            }
            i = next;
        }
        debug_assert!(i <= count);
    }
    scene.segments.sort_by_key(|segment| match segment.kind {
        EraSegmentKind::Single(era) => (era as usize, 0),
        EraSegmentKind::Cluster { first, .. } => (
            index.rows[segment.row].eras[first] as usize,
            segment.row + 1,
        ),
    });

    if !index.collapsed.is_empty() {
        let badge_top = top + row_height * index.rows.len() as f32;
        let buckets = (transform.width / ERA_BADGE_BUCKET).ceil().max(1.0) as usize;
        for i in 0..buckets {
            let x0 = transform.left + i as f32 * ERA_BADGE_BUCKET;
            let x1 = x0 + ERA_BADGE_BUCKET;
            // Counted up to the view's end: the last bucket may pass it.
            let (a, b) = (transform.time_from_x(x0), transform.time_from_x(x1).min(t1));
            // The first badge also counts eras that began left of the view
            // and still run into it.
            let carried = if i == 0 {
                index.collapsed.running_across(a)
            } else {
                0
            };
            let count = index.collapsed.starting_in(a, b) + carried;
            if count > 0 {
                scene.badges.push(EraBadge {
                    count,
                    rect: Rect::from_min_max(
                        Pos2::new(x0 + ERA_BADGE_INSET, badge_top + ERA_BADGE_INSET),
                        Pos2::new(
                            x1 - ERA_BADGE_INSET,
                            badge_top + row_height - ERA_BADGE_INSET,
                        ),
                    ),
                    time_start: a,
                    time_end: b,
                });
            }
        }
    }
    scene
}

/// "+1 era", "+12 eras".
pub(crate) fn badge_text(count: usize) -> String {
    format!("+{}", crate::model::counted(count, "era", "eras"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Era};
    use crate::view::TimelineIndex;

    fn era(id: usize, start: Date, end: Option<Date>) -> Era {
        Era {
            id: format!("era-{id}"),
            title: format!("Era {id}"),
            start,
            end,
            ongoing: false,
            approximate: false,
            color: None,
        }
    }

    fn day(offset: i64) -> Date {
        let base = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        Date::from_naive(base + chrono::Duration::days(offset)).unwrap()
    }

    /// `count` eras, each 200 to 800 days long, starting within five years:
    /// most of them overlap most others.
    fn overlapping(count: usize) -> Dataset {
        let eras = (0..count)
            .map(|i| {
                let start = (i as i64 * 7919) % 1800;
                let length = 200 + (i as i64 * 31) % 600;
                era(i, day(start), Some(day(start + length)))
            })
            .collect();
        Dataset {
            title: "eras".into(),
            eras,
            ..Dataset::default()
        }
    }

    /// Every era overlapping the view is drawn in a row or counted in a
    /// badge, exactly once; rows and shapes stay bounded.
    fn assert_conserved(dataset: &Dataset, index: &TimelineIndex, view: TimeView, width: f32) {
        let eras = &index.eras;
        let transform = TimeTransform::new(view, 10.0, width);
        let scene = build_era_scene(eras, &transform, 40.0, 18.0);
        let overlapping = eras
            .spans
            .iter()
            .filter(|s| s.start < view.end && s.end > view.start)
            .count();
        let drawn: usize = scene.segments.iter().map(EraSegment::count).sum();
        let counted: usize = scene.badges.iter().map(|b| b.count).sum();
        assert_eq!(drawn + counted, overlapping, "view {view:?}");
        assert!(eras.rows.len() <= MAX_ERA_ROWS);
        assert!(eras.strip_rows() <= MAX_ERA_ROWS + 1);
        assert!(scene.segments.iter().all(|s| s.row < eras.rows.len()));
        // At most two steps per narrow width of the view and row, and one
        // badge per bucket.
        let per_row = 2 * (width / MIN_ERA_WIDTH).ceil() as usize + 4;
        assert!(scene.segments.len() <= MAX_ERA_ROWS * per_row);
        assert!(scene.badges.len() <= (width / ERA_BADGE_BUCKET).ceil() as usize);
        // No era is in two segments.
        let mut seen = std::collections::HashSet::new();
        for segment in &scene.segments {
            let row = &eras.rows[segment.row];
            let members: Vec<u32> = match segment.kind {
                EraSegmentKind::Single(era) => vec![era],
                EraSegmentKind::Cluster { first, count } => row.eras[first..first + count].to_vec(),
            };
            for era in members {
                assert!(seen.insert(era), "era {era} drawn twice");
            }
        }
        let _ = dataset;
    }

    #[test]
    fn a_hundred_thousand_overlapping_eras_share_three_rows_and_are_all_counted() {
        let dataset = overlapping(100_000);
        let index = TimelineIndex::new(&dataset);
        let eras = &index.eras;
        assert_eq!(eras.rows.len(), MAX_ERA_ROWS);
        let in_rows: usize = eras.rows.iter().map(|r| r.eras.len()).sum();
        assert_eq!(in_rows + eras.collapsed.len(), 100_000);
        // Rows hold disjoint eras, sorted by start and end.
        for row in &eras.rows {
            for i in 1..row.eras.len() {
                assert!(row.starts[i - 1] <= row.starts[i]);
                assert!(row.ends[i - 1] <= row.starts[i]);
            }
        }
        let all = TimeView::new(index.data_start, index.data_end);
        for (view, width) in [
            (all, 1600.0),
            (all, 300.0),
            (
                TimeView::new(day(400).start_instant(), day(430).start_instant()),
                1600.0,
            ),
            (
                TimeView::new(day(1000).start_instant(), day(1001).start_instant()),
                900.0,
            ),
            (
                TimeView::new(day(-500).start_instant(), day(0).start_instant()),
                900.0,
            ),
        ] {
            assert_conserved(&dataset, &index, view, width);
        }
        // The badges' tooltips list a bounded number of titles, and their
        // count matches the badge.
        let transform = TimeTransform::new(all, 0.0, 1600.0);
        let scene = build_era_scene(eras, &transform, 0.0, 18.0);
        for (i, badge) in scene.badges.iter().enumerate() {
            let (listed, total) =
                eras.collapsed_in(badge.time_start, badge.time_end, i == 0, LISTED_TITLES);
            assert_eq!(total, badge.count);
            assert!(listed.len() <= LISTED_TITLES);
            assert!(listed.iter().all(|&era| eras.row_of(era).is_none()));
        }
    }

    #[test]
    fn many_narrow_eras_in_a_row_draw_as_bounded_clusters() {
        // A hundred thousand one-day eras one after another: one row, far
        // more eras than points at fit-all.
        let eras = (0..100_000)
            .map(|i| era(i, day(i as i64), Some(day(i as i64))))
            .collect();
        let dataset = Dataset {
            title: "days".into(),
            eras,
            ..Dataset::default()
        };
        let index = TimelineIndex::new(&dataset);
        assert_eq!(index.eras.rows.len(), 1);
        assert!(index.eras.collapsed.is_empty());
        let all = TimeView::new(index.data_start, index.data_end);
        assert_conserved(&dataset, &index, all, 1600.0);
        // Zoomed in to a month, every day is its own band.
        let month = TimeView::new(day(5000).start_instant(), day(5030).start_instant());
        assert_conserved(&dataset, &index, month, 1600.0);
        let scene = build_era_scene(
            &index.eras,
            &TimeTransform::new(month, 0.0, 1600.0),
            0.0,
            18.0,
        );
        assert_eq!(scene.segments.len(), 30);
        assert!(
            scene
                .segments
                .iter()
                .all(|s| matches!(s.kind, EraSegmentKind::Single(_)))
        );
    }

    #[test]
    fn rows_are_the_same_at_every_zoom_and_the_longest_eras_keep_them() {
        // The built-in rule before rows were bounded: first fit in file
        // order. The three eras of the built-in dataset keep their rows.
        let dataset = crate::load::load_builtin().unwrap().dataset;
        let index = TimelineIndex::new(&dataset);
        let rows: Vec<Option<usize>> = (0..dataset.eras.len() as u32)
            .map(|era| index.eras.row_of(era))
            .collect();
        assert_eq!(rows, vec![Some(0), Some(1), Some(1)]);
        assert_eq!(index.eras.strip_rows(), 2);

        // Four eras over the same years, the shortest collapses.
        let dataset = Dataset {
            eras: vec![
                era(0, day(0), Some(day(100))),
                era(1, day(10), Some(day(400))),
                era(2, day(20), Some(day(300))),
                era(3, day(30), Some(day(200))),
            ],
            ..Dataset::default()
        };
        let index = TimelineIndex::new(&dataset);
        let rows: Vec<Option<usize>> = (0..4).map(|era| index.eras.row_of(era)).collect();
        assert_eq!(rows, vec![None, Some(0), Some(1), Some(2)]);
        assert_eq!(index.eras.strip_rows(), MAX_ERA_ROWS + 1);
        let view = TimeView::new(day(50).start_instant(), day(60).start_instant());
        assert_conserved(&dataset, &index, view, 800.0);
        let scene = build_era_scene(
            &index.eras,
            &TimeTransform::new(view, 0.0, 800.0),
            0.0,
            18.0,
        );
        assert_eq!(scene.badges.len(), 1);
        assert_eq!(scene.badges[0].count, 1);
    }
}
