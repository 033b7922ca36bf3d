//! Monthly fatality series of an imported event file (UCDP GED's `best`,
//! ACLED's `fatalities`): the figures the Figures panel and chart draw on
//! the timeline's axis.
//!
//! A reader feeds a [`Tally`] once per event it keeps: the event's lane, the
//! month of its earliest possible date, its count and, for GED, the low and
//! high estimates. [`Tally::series`] then makes one series per lane, in lane
//! order, and a total of all events. Every series has a point for every
//! month from the first month of the data to the last, zero where a month
//! has no events, so that lines drop to zero rather than bridge the gap.
//! Beyond [`MAX_LANE_SERIES`] lanes (a file grouped by a column with many
//! values), the deadliest lanes keep their series and the others share one
//! "other lanes" series, so that the chart stays legible; the total is
//! always made. A file of a single lane gets the total only, which is that
//! lane's series.
//!
//! Cost: one hash look-up per event, then one pass over lanes × months.

use foldhash::HashMap;

use crate::model::{Date, Lane, Series, SeriesPoint, grouped_digits as grouped};
use crate::render::theme::PALETTE;

/// The most lanes that each get their own series; with more, the
/// deadliest `MAX_LANE_SERIES - 1` do and the rest share one.
pub(crate) const MAX_LANE_SERIES: usize = 8;

/// What one lane's events add up to in one month.
#[derive(Clone, Copy, Debug, Default)]
struct Month {
    value: u64,
    low: u64,
    high: u64,
    events: usize,
    /// Events without a count: they add nothing to the value.
    uncounted: usize,
}

impl Month {
    fn add(&mut self, other: &Self) {
        self.value = self.value.saturating_add(other.value);
        self.low = self.low.saturating_add(other.low);
        self.high = self.high.saturating_add(other.high);
        self.events += other.events;
        self.uncounted += other.uncounted;
    }
}

/// How the series of one file are named and sourced.
pub(crate) struct Naming<'a> {
    /// The id of the dataset's own source, which every point cites.
    pub source: &'a str,
    /// The start of every series id: `deaths`, `fatalities`.
    pub id_prefix: &'a str,
    /// What is counted, e.g. `deaths`.
    pub unit: &'a str,
    /// A lane's series' full name from the lane's name.
    pub lane_name: &'a dyn Fn(&str) -> String,
    /// The total's full name.
    pub total_name: String,
    /// Whether points note the sums of the low and high estimates (GED).
    pub low_high: bool,
}

/// Counts per lane and month, fed once per event.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Lane ids: their slot in `months`.
    lanes: HashMap<String, usize>,
    /// Per lane slot: its months, by `year * 12 + month - 1`.
    months: Vec<HashMap<i64, Month>>,
    /// The first and last month with an event.
    span: Option<(i64, i64)>,
}

impl Tally {
    /// Counts an event of `lane` whose earliest possible date is in `month`
    /// of `year`: `value` deaths (`None`: not given), with `low` and `high`
    /// estimates (the value stands in for one not given).
    pub fn add(
        &mut self,
        lane: &str,
        (year, month): (i64, u32),
        value: Option<u64>,
        low: Option<u64>,
        high: Option<u64>,
    ) {
        let slot = match self.lanes.get(lane) {
            Some(&slot) => slot,
            None => {
                self.lanes.insert(lane.to_owned(), self.months.len());
                self.months.push(HashMap::default());
                self.months.len() - 1
            }
        };
        let key = year.saturating_mul(12).saturating_add(i64::from(month) - 1);
        self.span = Some(match self.span {
            None => (key, key),
            Some((first, last)) => (first.min(key), last.max(key)),
        });
        let Some(months) = self.months.get_mut(slot) else {
            return;
        };
        let cell = months.entry(key).or_default();
        cell.events += 1;
        match value {
            Some(value) => {
                cell.value = cell.value.saturating_add(value);
                cell.low = cell.low.saturating_add(low.unwrap_or(value));
                cell.high = cell.high.saturating_add(high.unwrap_or(value));
            }
            None => cell.uncounted += 1,
        }
    }

    /// Takes in the counts of a later part of the rows, its lanes named as
    /// `renamed` says where they are named otherwise here.
    pub fn absorb(&mut self, part: Self, renamed: &foldhash::HashMap<String, String>) {
        let mut months_of: Vec<Option<HashMap<i64, Month>>> =
            part.months.into_iter().map(Some).collect();
        for (lane, part_slot) in part.lanes {
            let Some(months) = months_of.get_mut(part_slot).and_then(Option::take) else {
                continue;
            };
            let lane = renamed.get(&lane).cloned().unwrap_or(lane);
            let slot = match self.lanes.get(&lane) {
                Some(&slot) => slot,
                None => {
                    self.lanes.insert(lane, self.months.len());
                    self.months.push(HashMap::default());
                    self.months.len() - 1
                }
            };
            if let Some(here) = self.months.get_mut(slot) {
                for (key, month) in months {
                    here.entry(key).or_default().add(&month);
                }
            }
        }
        self.span = match (self.span, part.span) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (one, other) => one.or(other),
        };
    }

    /// Counts what was counted under the lanes `from` under the lane `to`
    /// instead, as when lanes are put together after the rows are read.
    pub fn merge_lanes(&mut self, from: &[String], to: &str) {
        let mut merged: HashMap<i64, Month> = HashMap::default();
        for id in from {
            let Some(slot) = self.lanes.remove(id) else {
                continue;
            };
            if let Some(months) = self.months.get_mut(slot) {
                for (key, month) in months.drain() {
                    merged.entry(key).or_default().add(&month);
                }
            }
        }
        if merged.is_empty() {
            return;
        }
        let slot = match self.lanes.get(to) {
            Some(&slot) => slot,
            None => {
                self.lanes.insert(to.to_owned(), self.months.len());
                self.months.push(HashMap::default());
                self.months.len() - 1
            }
        };
        if let Some(months) = self.months.get_mut(slot) {
            for (key, month) in merged {
                months.entry(key).or_default().add(&month);
            }
        }
    }

    /// The series: one per lane of `lanes` that has events (in that order;
    /// beyond [`MAX_LANE_SERIES`], the deadliest and one of the others),
    /// then the total. None without events.
    pub fn series(&self, lanes: &[Lane], naming: &Naming<'_>) -> Vec<Series> {
        let Some((first, last)) = self.span else {
            return Vec::new();
        };
        // Lanes with events, in lane order, with their total.
        let used: Vec<(&Lane, &HashMap<i64, Month>, u64, usize)> = lanes
            .iter()
            .enumerate()
            .filter_map(|(index, lane)| {
                let months = self.months.get(*self.lanes.get(&lane.id)?)?;
                let total = months
                    .values()
                    .fold(0u64, |sum, month| sum.saturating_add(month.value));
                Some((lane, months, total, index))
            })
            .collect();
        let mut out = Vec::new();
        if used.len() > 1 {
            // Which lanes get their own series: all, or the deadliest (ties
            // to the earlier lane) when there are too many.
            let mut own = vec![true; used.len()];
            if used.len() > MAX_LANE_SERIES {
                let mut ranked: Vec<usize> = (0..used.len()).collect();
                ranked.sort_by(|&a, &b| used[b].2.cmp(&used[a].2).then(a.cmp(&b)));
                own = vec![false; used.len()];
                for &index in ranked.iter().take(MAX_LANE_SERIES - 1) {
                    own[index] = true;
                }
            }
            for ((lane, months, _, index), own) in used.iter().zip(&own) {
                if *own {
                    let name = (naming.lane_name)(&lane.name);
                    // The lane's own colour, as the app gives it, so that a
                    // lane and its deaths read as one.
                    let color = lane.color.clone().or_else(|| Some(palette_hex(*index)));
                    out.push(make_series(
                        format!("{}-lane-{}", naming.id_prefix, lane.id),
                        name,
                        lane.name.clone(),
                        color,
                        (first, last),
                        |key| months.get(&key).copied().unwrap_or_default(),
                        naming,
                    ));
                }
            }
            let others: Vec<&HashMap<i64, Month>> = used
                .iter()
                .zip(&own)
                .filter(|(_, own)| !**own)
                .map(|((_, months, _, _), _)| *months)
                .collect();
            if !others.is_empty() {
                let count = others.len();
                out.push(make_series(
                    format!("{}-other-lanes", naming.id_prefix),
                    (naming.lane_name)(&format!("the {count} other lanes")),
                    format!("Other lanes ({count})"),
                    spare_color(lanes.len() + 1),
                    (first, last),
                    |key| sum_at(&others, key),
                    naming,
                ));
            }
        }
        let all: Vec<&HashMap<i64, Month>> = self.months.iter().collect();
        out.push(make_series(
            format!("{}-total", naming.id_prefix),
            naming.total_name.clone(),
            "All events".to_owned(),
            spare_color(lanes.len()),
            (first, last),
            |key| sum_at(&all, key),
            naming,
        ));
        out
    }
}

/// The `#rrggbb` of the app's palette colour `n`: the colour a lane at
/// index `n` without its own colour is drawn in.
fn palette_hex(n: usize) -> String {
    let color = PALETTE[n % PALETTE.len()];
    format!("#{:02x}{:02x}{:02x}", color.r(), color.g(), color.b())
}

/// The palette colour `n`, which none of `n` lanes drawn in palette colours
/// takes, for the total and the other lanes; none (the chart's own choice)
/// once lanes take every palette colour.
fn spare_color(n: usize) -> Option<String> {
    (n < PALETTE.len()).then(|| palette_hex(n))
}

/// The sum of several lanes' month.
fn sum_at(lanes: &[&HashMap<i64, Month>], key: i64) -> Month {
    let mut sum = Month::default();
    for months in lanes {
        if let Some(month) = months.get(&key) {
            sum.add(month);
        }
    }
    sum
}

/// A series with a point for every month from `first` to `last`.
fn make_series(
    id: String,
    name: String,
    short_name: String,
    color: Option<String>,
    (first, last): (i64, i64),
    at: impl Fn(i64) -> Month,
    naming: &Naming<'_>,
) -> Series {
    let points = (first..=last)
        .filter_map(|key| {
            let date = Date::month(
                key.div_euclid(12),
                u32::try_from(key.rem_euclid(12)).ok()? + 1,
            )?;
            let month = at(key);
            Some(SeriesPoint {
                date,
                // Exact up to 2^53 deaths a month.
                value: month.value as f64,
                source: naming.source.to_owned(),
                note: note(&month, naming.low_high),
            })
        })
        .collect();
    Series {
        id,
        name,
        short_name: Some(short_name),
        unit: naming.unit.to_owned(),
        color,
        points,
    }
}

/// "low 1,203 – high 1,580; 57 events", "57 events"; none for a month
/// without events.
fn note(month: &Month, low_high: bool) -> Option<String> {
    if month.events == 0 {
        return None;
    }
    let mut note = String::new();
    if low_high && month.events > month.uncounted {
        note.push_str(&format!(
            "low {} – high {}; ",
            grouped(month.low),
            grouped(month.high)
        ));
    }
    note.push_str(&grouped(month.events as u64));
    note.push_str(if month.events == 1 {
        " event"
    } else {
        " events"
    });
    if month.uncounted > 0 {
        note.push_str(&format!(
            " ({} without a count)",
            grouped(month.uncounted as u64)
        ));
    }
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(id: &str) -> Lane {
        Lane {
            id: id.to_owned(),
            name: id.to_uppercase(),
            color: None,
        }
    }

    fn naming(lane_name: &dyn Fn(&str) -> String) -> Naming<'_> {
        Naming {
            source: "data",
            id_prefix: "deaths",
            unit: "deaths",
            lane_name,
            total_name: "Deaths, all events".to_owned(),
            low_high: true,
        }
    }

    #[test]
    fn months_between_are_zero_and_the_total_sums_the_lanes() {
        let mut tally = Tally::default();
        tally.add("a", (2020, 11), Some(5), Some(4), Some(9));
        tally.add("b", (2021, 2), Some(3), None, None);
        tally.add("a", (2021, 2), Some(1), Some(1), Some(2));
        tally.add("b", (2021, 2), None, None, None);
        let name = |lane: &str| format!("Deaths: {lane}");
        let series = tally.series(&[lane("a"), lane("b")], &naming(&name));
        let ids: Vec<&str> = series.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["deaths-lane-a", "deaths-lane-b", "deaths-total"]);
        assert_eq!(series[0].name, "Deaths: A");
        for series in &series {
            let dates: Vec<String> = series.points.iter().map(|p| p.date.to_iso()).collect();
            assert_eq!(dates, ["2020-11", "2020-12", "2021-01", "2021-02"]);
        }
        let values = |s: &Series| s.points.iter().map(|p| p.value).collect::<Vec<_>>();
        assert_eq!(values(&series[0]), [5.0, 0.0, 0.0, 1.0]);
        assert_eq!(values(&series[1]), [0.0, 0.0, 0.0, 3.0]);
        assert_eq!(values(&series[2]), [5.0, 0.0, 0.0, 4.0]);
        assert_eq!(
            series[2].points[3].note.as_deref(),
            Some("low 4 – high 5; 3 events (1 without a count)")
        );
        assert_eq!(series[2].points[1].note, None);
    }

    #[test]
    fn many_lanes_keep_the_deadliest_and_share_the_rest() {
        let mut tally = Tally::default();
        let lanes: Vec<Lane> = (0..12).map(|n| lane(&format!("l{n}"))).collect();
        for (n, lane) in lanes.iter().enumerate() {
            tally.add(&lane.id, (2000, 1), Some(n as u64 * 1000), None, None);
        }
        let name = |lane: &str| format!("Deaths: {lane}");
        let series = tally.series(&lanes, &naming(&name));
        let ids: Vec<&str> = series.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "deaths-lane-l5",
                "deaths-lane-l6",
                "deaths-lane-l7",
                "deaths-lane-l8",
                "deaths-lane-l9",
                "deaths-lane-l10",
                "deaths-lane-l11",
                "deaths-other-lanes",
                "deaths-total"
            ]
        );
        assert_eq!(series[7].points[0].value, 10_000.0);
        assert_eq!(series[7].short_name.as_deref(), Some("Other lanes (5)"));
        assert_eq!(series[8].points[0].value, 66_000.0);
        assert_eq!(
            series[8].points[0].note.as_deref(),
            Some("low 66,000 – high 66,000; 12 events")
        );
    }

    #[test]
    fn a_lane_series_has_its_lanes_colour_and_the_total_a_colour_of_its_own() {
        let mut tally = Tally::default();
        tally.add("a", (2016, 1), Some(3), None, None);
        tally.add("b", (2016, 2), Some(4), None, None);
        let mut coloured = lane("b");
        coloured.color = Some("#123456".to_owned());
        let naming = naming(&|name| format!("Deaths: {name}"));
        let series = tally.series(&[lane("a"), coloured], &naming);
        let colors: Vec<Option<&str>> = series.iter().map(|s| s.color.as_deref()).collect();
        // Lane a is drawn in the palette's first colour, lane b in its own;
        // the total takes the palette's third, which no lane has.
        assert_eq!(colors, [Some("#ee1133"), Some("#123456"), Some("#33bb99")]);
    }

    #[test]
    fn one_lane_has_the_total_only_and_no_events_no_series() {
        let name = |lane: &str| lane.to_owned();
        assert!(
            Tally::default()
                .series(&[lane("a")], &naming(&name))
                .is_empty()
        );
        let mut tally = Tally::default();
        tally.add("a", (1999, 12), Some(7), None, None);
        let series = tally.series(&[lane("a")], &naming(&name));
        assert_eq!(series.len(), 1);
        assert_eq!(series[0].id, "deaths-total");
        assert_eq!(
            series[0].points[0].note.as_deref(),
            Some("low 7 – high 7; 1 event")
        );
    }
}
