//! The stretch of time a generated dataset covers, and where in it events
//! fall.
//!
//! A [`Span`] is made of one or more [`Scale`]s, each with its own unit
//! (the days of a calendar, deep-time years, the seconds of one day), its
//! own share of the events, the bursts its events cluster around and the
//! lengths of its ranges. The default span, [`Span::Decades`], is one scale
//! of days from 2000 to 2020, placed exactly as before spans existed, so its
//! datasets stay the same byte for byte.

use super::random::{Rng, stream};
use super::{Calendar, ERA_NAMES, FIRST_YEAR, Kind, LAST_YEAR};
use crate::model::{Date, Era, Precision};

/// The stretch of time a generated dataset covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Span {
    /// 2000 to 2020: dates at day, month and year precision, monthly
    /// figure series over the whole span.
    #[default]
    Decades,
    /// 13.8 billion years ago to 2020, with events at every scale: years
    /// spread over billions of years, clusters around a few moments millions
    /// and thousands of years ago, a historical stretch around 44 BCE at
    /// year, month and day precision, 2000–2020 at day precision, and
    /// 27 February 2016 at minute and second precision. Figure series cover
    /// 2000–2020 only.
    Cosmic,
    /// One day, 27 February 2016: times to the minute and the second, some
    /// with UTC offsets, ranges of minutes to hours. No figure series.
    Day,
}

impl Span {
    /// Every span, the default first.
    pub const ALL: [Span; 3] = [Span::Decades, Span::Cosmic, Span::Day];

    /// The name `generate --span` takes.
    pub fn name(self) -> &'static str {
        match self {
            Span::Decades => "decades",
            Span::Cosmic => "cosmic",
            Span::Day => "day",
        }
    }

    /// The first and last date of the span: every generated event, era,
    /// quote and figure lies within them.
    pub fn bounds(self) -> (Date, Date) {
        let (first, last) = match self {
            Span::Decades => (Date::year(FIRST_YEAR.into()), Date::year(LAST_YEAR.into())),
            Span::Cosmic => (
                Date::year(-crate::model::MAX_YEARS),
                Date::year(LAST_YEAR.into()),
            ),
            Span::Day => (the_day(), the_day()),
        };
        (fixed(first), fixed(last))
    }

    /// The scales of the span, each with its share of the events.
    pub(super) fn scales(self, events: usize, rng: &mut Rng) -> Vec<Scale> {
        match self {
            Span::Decades => vec![modern(events, rng, 1)],
            Span::Cosmic => cosmic(events, rng),
            Span::Day => vec![one_day(rng, 1)],
        }
    }

    /// The calendar the sources are dated in (and, for spans with them, the
    /// figure series run over).
    pub(super) fn documents(self) -> Calendar {
        match self {
            Span::Decades | Span::Cosmic => Calendar::new(FIRST_YEAR, LAST_YEAR),
            Span::Day => Calendar::new_day(THE_DAY.0, THE_DAY.1, THE_DAY.2),
        }
    }

    /// Whether the span has figure series.
    pub(super) fn has_series(self) -> bool {
        !matches!(self, Span::Day)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The day of [`Span::Day`] and of the finest stretch of [`Span::Cosmic`].
const THE_DAY: (i32, u32, u32) = (2016, 2, 27);

fn the_day() -> Option<Date> {
    Date::day(THE_DAY.0.into(), THE_DAY.1, THE_DAY.2)
}

/// A date written into this code: one `Date` accepts (a real calendar day,
/// a year within the limits), whatever the options.
#[allow(clippy::expect_used)]
fn fixed(date: Option<Date>) -> Date {
    date.expect("a fixed date in the generator is valid")
}

// ---------------------------------------------------------------------------
// Scales.

/// A date many events cluster around, like an offensive: an offset in the
/// scale's unit.
#[derive(Clone, Debug)]
pub(super) struct Burst {
    pub(super) centre: usize,
    pub(super) width: usize,
    pub(super) weight: usize,
}

/// `count` bursts at random places among `len` units, `widths` wide.
pub(super) fn random_bursts(
    rng: &mut Rng,
    count: usize,
    len: usize,
    widths: (usize, usize),
) -> Vec<Burst> {
    (0..count)
        .map(|_| Burst {
            centre: rng.below(len),
            width: rng.between(widths.0, widths.1),
            weight: rng.between(1, 10),
        })
        .collect()
}

/// One stretch of a span with its own unit.
pub(super) struct Scale {
    pub(super) unit: Unit,
    pub(super) bursts: Vec<Burst>,
    burst_weights: Vec<usize>,
    /// Per thousand short events, the share that falls in a burst.
    burst_chance: usize,
    /// The share of the span's events, relative to the other scales'.
    pub(super) weight: usize,
}

/// What a scale counts in.
pub(super) enum Unit {
    /// The days of a calendar: dates at day, month or year precision.
    Days(Calendar),
    /// Years at year precision: `count` of them from `first`, the first
    /// year's date kept for the impossible case of a year being refused.
    Years {
        first: i64,
        count: usize,
        first_date: Date,
        /// The lengths in years of the four kinds of range, shortest first.
        lengths: [(usize, usize); 4],
    },
    /// The seconds of one day, at minute or second precision.
    Seconds { day: Date },
}

/// Where an event was placed.
pub(super) struct Placed {
    pub(super) start: Date,
    pub(super) end: Option<Date>,
    pub(super) ongoing: bool,
    /// The first and last unit the event covers, for the dates of quotes.
    pub(super) first: usize,
    pub(super) last: usize,
}

impl Placed {
    /// An event of a kind from its first unit to `end_unit` (a range's),
    /// or to the scale's `last` unit when it is still going; `date` names a
    /// unit's date.
    fn of(
        kind: Kind,
        date: impl Fn(usize) -> Date,
        first: usize,
        end_unit: usize,
        last: usize,
    ) -> Self {
        let (end, ongoing) = match kind {
            Kind::Point => (None, false),
            Kind::Ongoing => (None, true),
            _ => (Some(date(end_unit)), false),
        };
        Self {
            start: date(first),
            end,
            ongoing,
            first,
            last: if ongoing { last } else { end_unit },
        }
    }
}

/// UTC offsets some times are written with, in minutes.
const OFFSETS: [i32; 6] = [120, 180, 0, -300, 330, 60];

const SECONDS_PER_DAY: usize = 86_400;

impl Scale {
    fn new(unit: Unit, bursts: Vec<Burst>, burst_chance: usize, weight: usize) -> Self {
        let burst_weights = bursts.iter().map(|burst| burst.weight).collect();
        Self {
            unit,
            bursts,
            burst_weights,
            burst_chance,
            weight,
        }
    }

    /// How many units the scale has.
    fn len(&self) -> usize {
        match &self.unit {
            Unit::Days(calendar) => calendar.len(),
            Unit::Years { count, .. } => *count,
            Unit::Seconds { .. } => SECONDS_PER_DAY,
        }
    }

    /// The first unit of an event: in a burst now and then (short events
    /// only), else anywhere.
    fn first_unit(&self, rng: &mut Rng, long: bool) -> usize {
        let last = self.len() - 1;
        if !long && !self.bursts.is_empty() && rng.chance(self.burst_chance) {
            let burst = &self.bursts[rng.weighted(&self.burst_weights)];
            // Triangular around the centre.
            let spread = rng.below(burst.width + 1) + rng.below(burst.width + 1);
            (burst.centre + spread)
                .saturating_sub(burst.width)
                .min(last)
        } else {
            rng.below(self.len())
        }
    }

    /// Places an event of a kind.
    pub(super) fn place(&self, rng: &mut Rng, kind: Kind) -> Placed {
        let long = matches!(kind, Kind::Months | Kind::Years | Kind::Ongoing);
        let first = self.first_unit(rng, long);
        let last = self.len() - 1;
        match &self.unit {
            Unit::Days(calendar) => place_days(rng, kind, calendar, first),
            Unit::Years {
                first: first_year,
                first_date,
                lengths,
                ..
            } => {
                let length = match kind {
                    Kind::Point | Kind::Hours | Kind::Ongoing => 0,
                    Kind::Days => rng.between(lengths[0].0, lengths[0].1),
                    Kind::Weeks => rng.between(lengths[1].0, lengths[1].1),
                    Kind::Months => rng.between(lengths[2].0, lengths[2].1),
                    Kind::Years => rng.between(lengths[3].0, lengths[3].1),
                };
                let end_unit = first.saturating_add(length).min(last);
                let year =
                    |offset: usize| Date::year(first_year + offset as i64).unwrap_or(*first_date);
                Placed::of(kind, year, first, end_unit, last)
            }
            Unit::Seconds { day } => {
                let length = match kind {
                    Kind::Point | Kind::Ongoing => 0,
                    Kind::Days => rng.between(60, 900),
                    Kind::Weeks => rng.between(900, 3600),
                    Kind::Hours => rng.between(3600, 6 * 3600),
                    Kind::Months => rng.between(2 * 3600, 8 * 3600),
                    Kind::Years => rng.between(8 * 3600, 20 * 3600),
                };
                let end_unit = (first + length).min(last);
                let precision = if rng.chance(600) {
                    Precision::Minute
                } else {
                    Precision::Second
                };
                // An offset when both ends stay on the day in local time.
                let offset = if rng.chance(300) {
                    let minutes = *rng.pick(&OFFSETS);
                    let shift = i64::from(minutes) * 60;
                    let on_day = |second: usize| {
                        (0..SECONDS_PER_DAY as i64).contains(&(second as i64 + shift))
                    };
                    (on_day(first) && on_day(end_unit)).then_some(minutes)
                } else {
                    None
                };
                let time = |second: usize| time_on(*day, second, precision, offset);
                Placed::of(kind, time, first, end_unit, last)
            }
        }
    }

    /// The date of a quote about an event that starts at `start`: when
    /// `on_unit`, the unit of the scale it was said at (the day, the year,
    /// or the minute in UTC), else the event's start. On a calendar, a
    /// quote about an event that starts on a day is always dated on a day.
    pub(super) fn quote_date(&self, unit: usize, on_unit: bool, start: Date) -> Date {
        match &self.unit {
            Unit::Days(calendar) if on_unit || start.precision() == Precision::Day => {
                calendar.date(unit, Precision::Day)
            }
            Unit::Years {
                first, first_date, ..
            } if on_unit => Date::year(first + unit as i64).unwrap_or(*first_date),
            Unit::Seconds { day } if on_unit => time_on(*day, unit, Precision::Minute, Some(0)),
            _ => start,
        }
    }
}

/// The time of day, written at `precision` with the local time that puts it
/// at `utc_second` of the day (UTC) when it has an offset.
fn time_on(day: Date, utc_second: usize, precision: Precision, offset: Option<i32>) -> Date {
    let shift = offset.map_or(0, |minutes| i64::from(minutes) * 60);
    let local = (utc_second as i64 + shift).clamp(0, SECONDS_PER_DAY as i64 - 1) as u32;
    let (hour, minute, second) = (local / 3600, local / 60 % 60, local % 60);
    let time = match precision {
        Precision::Second => day.at_second(hour, minute, second),
        _ => day.at(hour, minute),
    };
    let time = match (time, offset) {
        (Some(time), Some(minutes)) => time.with_offset(minutes),
        (time, _) => time,
    };
    time.unwrap_or(day)
}

/// An event on a calendar of days, as the default span has always placed
/// them.
fn place_days(rng: &mut Rng, kind: Kind, calendar: &Calendar, first: usize) -> Placed {
    let last = calendar.last();
    let length = match kind {
        Kind::Point | Kind::Hours | Kind::Ongoing => 0,
        Kind::Days => rng.between(1, 13),
        Kind::Weeks => rng.between(14, 70),
        Kind::Months => rng.between(31, 360),
        Kind::Years => rng.between(366, 6 * 365),
    };
    let end_day = (first + length).min(last);
    // Precision: day for most, coarser mostly for long events.
    let coarse = match kind {
        Kind::Point => [880, 90, 30],
        Kind::Hours | Kind::Days | Kind::Weeks => [1000, 0, 0],
        Kind::Months => [550, 420, 30],
        Kind::Years => [400, 300, 300],
        Kind::Ongoing => [700, 250, 50],
    };
    let precision = match rng.weighted(&coarse) {
        0 => Precision::Day,
        1 => Precision::Month,
        _ => Precision::Year,
    };
    let start = calendar.date(first, precision);
    let (end, ongoing) = match kind {
        Kind::Point => (None, false),
        Kind::Ongoing => (None, true),
        Kind::Hours => (Some(start), false),
        _ => {
            // Some day-precision ranges end at month precision, as
            // people write "27 February – April 2016".
            let end_precision = if precision == Precision::Day
                && matches!(kind, Kind::Months | Kind::Years)
                && rng.chance(200)
            {
                Precision::Month
            } else {
                precision
            };
            (Some(calendar.date(end_day, end_precision)), false)
        }
    };
    let last_covered = match (kind, end) {
        (Kind::Ongoing, _) => last,
        (_, Some(_)) => end_day,
        _ => first,
    };
    Placed {
        start,
        end,
        ongoing,
        first,
        last: last_covered,
    }
}

/// 2000–2020 in days with a few bursts, more for more events: the default
/// span, and the modern stretch of the cosmic one.
fn modern(events: usize, rng: &mut Rng, weight: usize) -> Scale {
    let calendar = Calendar::new(FIRST_YEAR, LAST_YEAR);
    let count = (4 + events / 50_000).min(24);
    let bursts = random_bursts(rng, count, calendar.len(), (3, 45));
    Scale::new(Unit::Days(calendar), bursts, 350, weight)
}

/// 27 February 2016 in seconds, with a few bursts of minutes to half an
/// hour, one in the first forty minutes after midnight.
fn one_day(rng: &mut Rng, weight: usize) -> Scale {
    let day = fixed(the_day());
    let mut bursts = vec![Burst {
        centre: 1200,
        width: 1200,
        weight: 8,
    }];
    bursts.extend(random_bursts(rng, 5, SECONDS_PER_DAY, (60, 1800)));
    Scale::new(Unit::Seconds { day }, bursts, 400, weight)
}

/// Years from `first` to `last` (inclusive), with bursts around fixed
/// years and ranges of the given lengths.
fn years(
    first: i64,
    last: i64,
    bursts: &[(i64, usize, usize)],
    burst_chance: usize,
    lengths: [(usize, usize); 4],
    weight: usize,
) -> Scale {
    let bursts = bursts
        .iter()
        .map(|&(centre, width, weight)| Burst {
            centre: usize::try_from(centre - first).unwrap_or(0),
            width,
            weight,
        })
        .collect();
    let first_date = fixed(Date::year(first));
    let count = usize::try_from(last - first + 1).unwrap_or(1).max(1);
    Scale::new(
        Unit::Years {
            first,
            count,
            first_date,
            lengths,
        },
        bursts,
        burst_chance,
        weight,
    )
}

/// The scales of [`Span::Cosmic`], with their shares per thousand events.
fn cosmic(events: usize, rng: &mut Rng) -> Vec<Scale> {
    const MA: usize = 1_000_000;
    let last_year = i64::from(LAST_YEAR);
    // Billions of years: spread evenly, ranges up to billions of years.
    let aeons = years(
        -crate::model::MAX_YEARS,
        last_year,
        &[],
        0,
        [
            (1_000, 100_000),
            (100_000, 10 * MA),
            (10 * MA, 300 * MA),
            (300 * MA, 3_000 * MA),
        ],
        80,
    );
    // Millions of years: dense around a few moments.
    let ages = years(
        -300_000_000,
        -100_000,
        &[
            (-251_900_000, 2 * MA, 5),
            (-201_400_000, MA, 3),
            (-66_000_000, MA, 6),
            (-2_600_000, 300_000, 4),
        ],
        850,
        [
            (100, 10_000),
            (10_000, 200_000),
            (200_000, 2 * MA),
            (2 * MA, 20 * MA),
        ],
        120,
    );
    // Thousands of years: dense around a few moments.
    let ka = years(
        -300_000,
        -5_000,
        &[
            (-70_000, 5_000, 5),
            (-40_000, 3_000, 3),
            (-11_700, 1_000, 6),
            (-8_200, 400, 3),
        ],
        850,
        [(1, 20), (20, 200), (200, 2_000), (2_000, 20_000)],
        100,
    );
    // A historical stretch in days, months and years, dense around the
    // Ides of March 44 BCE.
    let calendar = Calendar::new(-200, 100);
    let ides = Date::day(-43, 3, 15).and_then(|ides| calendar.offset_of(ides));
    let mut bursts: Vec<Burst> = ides
        .map(|centre| Burst {
            centre,
            width: 20,
            weight: 8,
        })
        .into_iter()
        .collect();
    bursts.extend(random_bursts(rng, 3, calendar.len(), (10, 200)));
    let history = Scale::new(Unit::Days(calendar), bursts, 500, 150);
    vec![
        aeons,
        ages,
        ka,
        history,
        modern(events * 45 / 100, rng, 450),
        one_day(rng, 100),
    ]
}

// ---------------------------------------------------------------------------
// Eras.

/// Four eras one after another, the last still going, at the scales of the
/// span (the default span's are made with its calendar instead).
pub(super) fn eras(span: Span, seed: u64) -> Vec<Era> {
    let mut rng = Rng::new(seed, stream::ERAS);
    let jitter = |rng: &mut Rng, n: usize| rng.below(n) as i64;
    let starts: Vec<Date> = match span {
        Span::Decades | Span::Cosmic => vec![
            fixed(Date::year(-13_700_000_000 + jitter(&mut rng, 100_000_000))),
            fixed(Date::year(-66_000_000 - jitter(&mut rng, 10_000_000))),
            fixed(Date::day(-43, 3, 15)),
            fixed(the_day().and_then(|day| day.at(0, 0)?.with_offset(120))),
        ],
        Span::Day => {
            let day = fixed(the_day());
            let mut starts = Vec::with_capacity(ERA_NAMES.len());
            for (part, offset) in [(0, None), (6, None), (12, None), (18, Some(60))] {
                let minute = rng.below(60) as u32;
                let start = day.at(part, minute);
                let start = match offset {
                    Some(offset) => start.and_then(|start| start.with_offset(offset)),
                    None => start,
                };
                starts.push(fixed(start));
            }
            starts
        }
    };
    ERA_NAMES
        .iter()
        .zip(&starts)
        .enumerate()
        .map(|(index, ((id, title, color), &start))| {
            // Each era ends the last whole year, day or minute before the
            // next begins.
            let end = starts.get(index + 1).map(|next| {
                let before = |instant| Date::containing_before(instant, start.precision());
                before(next.start_instant())
                    .and_then(|end| {
                        if end.end_instant() > next.start_instant() {
                            before(end.start_instant())
                        } else {
                            Some(end)
                        }
                    })
                    .filter(|end| !end.ends_before(&start))
                    .unwrap_or(start)
            });
            Era {
                id: (*id).to_owned(),
                title: (*title).to_owned(),
                start,
                ongoing: end.is_none(),
                end,
                approximate: start.precision() == Precision::Year,
                color: Some((*color).to_owned()),
            }
        })
        .collect()
}
