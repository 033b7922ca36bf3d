//! Tick marks for the time axis: readable at every zoom, from billions of
//! years to minutes, in two tiers, with labels that never overlap.
//!
//! The lower tier (minor) marks the finest unit that leaves room for its
//! labels ("06:00", "15", "Mar", "2016", "500 BCE", "13.5"); the upper tier
//! (major) names the enclosing unit ("27 February 2016", "March 2016",
//! "2016", "2010s", "1st century", "1st millennium BCE", "billion years
//! ago"). The step is chosen from a fixed ladder (minutes, hours, days,
//! months, then 1-2-5 years up to five billion) as the finest whose smallest
//! gap fits the widest label, so no two labels can touch whatever the
//! calendar does.
//!
//! Years are counted the way dates are shown (`YearForm`): where dates are
//! calendar years, ticks fall on calendar years ("500 BCE", "1 CE", "2000");
//! where dates are so many years ago, ticks fall on round numbers of years
//! before 1950, labelled with the number alone ("13.5", "250") under a major
//! label that names the unit ("billion years ago").

use super::time_view::{TimeTransform, TimeView};
use crate::model::{
    CALENDAR_FORM_YEARS, CALENDAR_YEARS, Date, MAX_YEARS, PRESENT_YEAR, SHORT_MONTH_NAMES,
    civil_from_days, days_from_civil, days_in_month,
};

/// Which row of the axis a tick belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// The fine unit, in the lower row.
    Minor,
    /// The enclosing period, in the upper row.
    Major,
}

/// A step between ticks, finest first in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TickStep {
    Minutes(u32),
    Hours(u32),
    Days(u32),
    Months(u32),
    Years(i64),
}

/// The steps below a year, finest first.
const SUB_YEAR_STEPS: [TickStep; 19] = [
    TickStep::Minutes(1),
    TickStep::Minutes(2),
    TickStep::Minutes(5),
    TickStep::Minutes(10),
    TickStep::Minutes(15),
    TickStep::Minutes(30),
    TickStep::Hours(1),
    TickStep::Hours(2),
    TickStep::Hours(3),
    TickStep::Hours(6),
    TickStep::Hours(12),
    TickStep::Days(1),
    TickStep::Days(2),
    TickStep::Days(5),
    TickStep::Days(10),
    TickStep::Days(15),
    TickStep::Months(1),
    TickStep::Months(3),
    TickStep::Months(6),
];

impl TickStep {
    /// The ladder, finest first: minutes to months, then 1, 2 and 5 times
    /// every power of ten years up to five billion (0.5 Ga steps across the
    /// age of the universe).
    pub(crate) fn ladder() -> impl Iterator<Item = Self> {
        let years =
            (0..10_u32).flat_map(|power| [1, 2, 5].map(|m| Self::Years(m * 10_i64.pow(power))));
        SUB_YEAR_STEPS.into_iter().chain(years)
    }

    /// The smallest gap between two ticks of this step, in days. Calendar
    /// years of a step of ten or more also mark 1 CE, a year short of a
    /// full step from the next.
    pub(crate) fn min_gap_days(self) -> f64 {
        match self {
            Self::Minutes(n) => f64::from(n) / MINUTES_PER_DAY as f64,
            Self::Hours(n) => f64::from(n) / 24.0,
            Self::Days(n) => f64::from(n),
            Self::Months(n) => 28.0 + 30.0 * f64::from(n - 1),
            Self::Years(n) if n >= 10 => 365.0 * (n - 1) as f64,
            Self::Years(n) => 365.0 * n as f64,
        }
    }

    /// Whether the step is a year or longer (the overview shows these).
    pub(crate) fn is_years(self) -> bool {
        matches!(self, Self::Years(_))
    }

    /// Every label a step below a year can produce that could be the
    /// widest; years are measured from the ticks themselves.
    fn label_samples(self) -> &'static [&'static str] {
        match self {
            Self::Minutes(_) | Self::Hours(_) => &["00:00", "08:00", "20:00", "22:22", "18:48"],
            Self::Days(_) => &["28", "30", "31", "22", "20", "29", "18", "10"],
            Self::Months(_) => &SHORT_MONTH_NAMES,
            Self::Years(_) => &["2000"],
        }
    }
}

/// One tick: where it is, until when its period runs, and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub time: f64,
    /// The start of the next tick's period (for sticky labels and shading).
    pub end: f64,
    pub label: String,
    pub tier: Tier,
}

/// Pixels of space kept between two labels.
pub(crate) const LABEL_GAP_PX: f32 = 10.0;

/// Ticks closer than this are too busy to read, whatever their labels.
pub(crate) const MIN_TICK_SPACING_PX: f32 = 48.0;

const MINUTES_PER_DAY: i64 = 1440;

/// Upper bound on ticks produced, whatever the input.
const MAX_TICKS: usize = 4_000;

/// The furthest instant from 1970 with ticks, in days: a little beyond the
/// furthest year a date can have, either way.
const FURTHEST_DAY: f64 = 366.0 * (MAX_YEARS as f64 + 2.0);

/// The ticks of both tiers for a transform. `measure` gives a label's width
/// in pixels. Minor ticks lie inside the view; the first major tick may start
/// before it (its label can stick to the left edge).
pub fn ticks(transform: &TimeTransform, measure: &dyn Fn(&str) -> f32) -> Vec<Tick> {
    choose_step(transform, measure)
        .map_or_else(Vec::new, |step| ticks_of_step(step, transform, measure))
}

/// The ticks of both tiers at a step already chosen by [`choose_step`].
pub(crate) fn ticks_of_step(
    step: TickStep,
    transform: &TimeTransform,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<Tick> {
    let Some(view) = tick_range(transform.view) else {
        return Vec::new();
    };
    let mut ticks = with_ends(minor_ticks(step, view), Tier::Minor);
    ticks.extend(major_ticks(step, view, transform.days_per_px(), measure));
    ticks
}

/// The part of a view that can have ticks, or `None` for nonsense views.
fn tick_range(view: TimeView) -> Option<TimeView> {
    if !view.is_valid() || view.end < -FURTHEST_DAY || view.start > FURTHEST_DAY {
        return None;
    }
    Some(TimeView::new(
        view.start.max(-FURTHEST_DAY),
        view.end.min(FURTHEST_DAY),
    ))
}

/// The finest step whose smallest gap holds the widest label.
pub(crate) fn choose_step(
    transform: &TimeTransform,
    measure: &dyn Fn(&str) -> f32,
) -> Option<TickStep> {
    let days_per_px = transform.days_per_px();
    if !(days_per_px.is_finite() && days_per_px > 0.0) {
        return None;
    }
    let view = tick_range(transform.view)?;
    // Months, days and times exist only within the calendar's years.
    let calendar = TimeView::new(
        year_start(*CALENDAR_YEARS.start()),
        year_start(CALENDAR_YEARS.end() + 1),
    );
    let has_calendar = view.start < calendar.end && view.end > calendar.start;
    TickStep::ladder().find(|&step| {
        if !step.is_years() && !has_calendar {
            return false;
        }
        let gap_px = (step.min_gap_days() / days_per_px) as f32;
        if gap_px < MIN_TICK_SPACING_PX {
            return false;
        }
        let widest = match step {
            TickStep::Years(_) => minor_ticks(step, view)
                .iter()
                .map(|(_, label)| measure(label))
                .fold(measure("2000"), f32::max),
            _ => step
                .label_samples()
                .iter()
                .map(|label| measure(label))
                .fold(0.0_f32, f32::max),
        };
        gap_px >= widest + LABEL_GAP_PX
    })
}

/// The first instant of a year, in days since 1970.
fn year_start(year: i64) -> f64 {
    days_from_civil(year, 1, 1) as f64
}

/// The (year, month) of an instant.
fn year_month(time: f64) -> (i64, u32) {
    let (year, month, _) = civil_from_days(time.floor() as i64);
    (year, month)
}

fn next_month(year: i64, month: u32, by: u32) -> (i64, u32) {
    let index = year * 12 + i64::from(month) - 1 + i64::from(by);
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// The calendar's years that a view covers, if any.
fn calendar_years(view: TimeView) -> Option<(i64, i64)> {
    let first = year_month(view.start).0.max(*CALENDAR_YEARS.start());
    let last = year_month(view.end).0.min(*CALENDAR_YEARS.end());
    (first <= last).then_some((first, last))
}

/// The minor ticks of a step within a view, as (time, label), in order.
fn minor_ticks(step: TickStep, view: TimeView) -> Vec<(f64, String)> {
    let mut times: Vec<(f64, String)> = Vec::new();
    match step {
        TickStep::Minutes(_) | TickStep::Hours(_) => {
            let minutes = match step {
                TickStep::Hours(n) => i64::from(n) * 60,
                TickStep::Minutes(n) => i64::from(n),
                _ => 1,
            };
            // Steps divide a day, so multiples of the step from 1970 fall on
            // every midnight.
            let per_day = (MINUTES_PER_DAY / minutes) as f64;
            let first = (view.start * per_day).ceil() as i64;
            let last = (view.end * per_day).floor() as i64;
            for k in first..=last.min(first + MAX_TICKS as i64) {
                let minute_of_day = (k * minutes).rem_euclid(MINUTES_PER_DAY);
                let label = format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60);
                times.push((k as f64 / per_day, label));
            }
        }
        TickStep::Days(n) => {
            let Some((first_year, last_year)) = calendar_years(view) else {
                return times;
            };
            let (mut year, mut month) = year_month(view.start).max((first_year, 1));
            while (year, month) <= year_month(view.end).min((last_year, 12))
                && times.len() < MAX_TICKS
            {
                let length = days_in_month(year as i32, month);
                // Days 1, 1+n, 1+2n, … keeping a full step before the next 1st.
                let mut day = 1;
                while day + n <= length + 1 || day == 1 {
                    times.push((days_from_civil(year, month, day) as f64, day.to_string()));
                    day += n;
                }
                (year, month) = next_month(year, month, 1);
            }
        }
        TickStep::Months(n) => {
            let Some((first_year, last_year)) = calendar_years(view) else {
                return times;
            };
            let (mut year, mut month) = year_month(view.start).max((first_year, 1));
            month -= (month - 1) % n;
            while (year, month) <= year_month(view.end).min((last_year, 12))
                && times.len() < MAX_TICKS
            {
                let label = SHORT_MONTH_NAMES[month as usize - 1].to_owned();
                times.push((days_from_civil(year, month, 1) as f64, label));
                (year, month) = next_month(year, month, n);
            }
        }
        TickStep::Years(n) => year_ticks(n, view, &mut times),
    }
    times.retain(|(time, _)| *time >= view.start && *time <= view.end);
    spaced(times, step.min_gap_days())
}

/// Drops ticks nearer than `gap` to the one before, where two ways of
/// counting years meet.
fn spaced(times: Vec<(f64, String)>, gap: f64) -> Vec<(f64, String)> {
    let mut kept: Vec<(f64, String)> = Vec::with_capacity(times.len());
    for tick in times {
        if kept
            .last()
            .is_none_or(|last| tick.0 - last.0 >= gap * 0.999)
        {
            kept.push(tick);
        }
    }
    kept
}

/// The years of a view in each form, as inclusive ranges.
struct YearZones {
    ago: Option<(i64, i64)>,
    calendar: Option<(i64, i64)>,
    from_now: Option<(i64, i64)>,
}

/// The last year told as years ago, and the first told as years from now.
const LAST_YEAR_AGO: i64 = PRESENT_YEAR - CALENDAR_FORM_YEARS;
const FIRST_YEAR_FROM_NOW: i64 = PRESENT_YEAR + CALENDAR_FORM_YEARS;

fn year_zones(view: TimeView) -> YearZones {
    let first = year_month(view.start).0;
    let last = year_month(view.end).0;
    let within = |low: i64, high: i64| {
        let (low, high) = (first.max(low), last.min(high));
        (low <= high).then_some((low, high))
    };
    YearZones {
        ago: within(i64::MIN, LAST_YEAR_AGO),
        calendar: within(LAST_YEAR_AGO + 1, FIRST_YEAR_FROM_NOW - 1),
        from_now: within(FIRST_YEAR_FROM_NOW, i64::MAX),
    }
}

/// Ticks every `n` years: calendar years where dates are calendar years
/// (n BCE, 2n BCE, …; n, 2n, … CE; and 1 CE for steps of ten or more), and
/// round numbers of years from 1950 where dates are years ago or from now.
fn year_ticks(n: i64, view: TimeView, times: &mut Vec<(f64, String)>) {
    let zones = year_zones(view);
    let mut push = |year: i64, label: String| {
        if times.len() < MAX_TICKS {
            times.push((year_start(year), label));
        }
    };
    if let Some((low, high)) = zones.ago {
        // Years ago from the furthest back: multiples of n.
        let (most, least) = (PRESENT_YEAR - low, PRESENT_YEAR - high);
        for ago in multiples(least, most, n).rev() {
            push(PRESENT_YEAR - ago, deep_number(ago, n));
        }
    }
    if let Some((low, high)) = zones.calendar {
        // Before the common era, year 1 - m is m BCE.
        if low <= 0 {
            for m in multiples(1 - high.min(0), 1 - low, n).rev() {
                if m > 0 {
                    push(1 - m, year_label(1 - m));
                }
            }
        }
        if n >= 10 && (low..=high).contains(&1) {
            push(1, year_label(1));
        }
        for year in multiples(low.max(1), high, n) {
            push(year, year_label(year));
        }
    }
    if let Some((low, high)) = zones.from_now {
        for ahead in multiples(low - PRESENT_YEAR, high - PRESENT_YEAR, n) {
            push(PRESENT_YEAR + ahead, deep_number(ahead, n));
        }
    }
}

/// The multiples of `n` from `low` to `high`, at most [`MAX_TICKS`] of them.
fn multiples(low: i64, high: i64, n: i64) -> impl DoubleEndedIterator<Item = i64> {
    let first = low.div_euclid(n) + i64::from(low.rem_euclid(n) != 0);
    let last = high.div_euclid(n).min(first + MAX_TICKS as i64);
    (first..=last).map(move |k| k * n)
}

fn year_label(year: i64) -> String {
    Date::year(year).map_or_else(String::new, |date| date.to_string())
}

/// The unit years ago are counted in at a step: billions, millions or years,
/// with one decimal for steps of a tenth of it.
fn deep_unit(n: i64) -> (i64, &'static str) {
    if n >= 100_000_000 {
        (1_000_000_000, "billion years")
    } else if n >= 100_000 {
        (1_000_000, "million years")
    } else {
        (1, "years")
    }
}

/// A number of years as a tick says it, in the step's unit: "13.5", "250",
/// "1,100", "2,498,050".
fn deep_number(years: i64, n: i64) -> String {
    let (unit, _) = deep_unit(n);
    let whole = grouped(years / unit);
    let tenths = years % unit / (unit / 10).max(1);
    if unit > 1 && tenths != 0 {
        format!("{whole}.{tenths}")
    } else {
        whole
    }
}

/// Digits in threes: "1,100".
fn grouped(value: i64) -> String {
    crate::model::grouped_digits(value.unsigned_abs())
}

/// "1st", "2nd", "3rd", "4th", "11th", "21st".
fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{}{suffix}", grouped(n))
}

/// Ticks from `(time, label)` pairs; each runs until the next.
fn with_ends(times: Vec<(f64, String)>, tier: Tier) -> Vec<Tick> {
    let ends: Vec<f64> = times
        .iter()
        .skip(1)
        .map(|(time, _)| *time)
        .chain([f64::INFINITY])
        .collect();
    times
        .into_iter()
        .zip(ends)
        .map(|((time, label), end)| Tick {
            time,
            end,
            label,
            tier,
        })
        .collect()
}

/// A period of the major tier: where it starts, and its label in a long and
/// a short form.
struct Period {
    time: f64,
    labels: [String; 2],
}

impl Period {
    fn new(time: f64, label: String) -> Self {
        Self {
            time,
            labels: [label.clone(), label],
        }
    }
}

/// The calendar periods that name a year step's ticks.
#[derive(Clone, Copy)]
enum YearPeriod {
    Decade,
    Century,
    Millennium,
    Era,
}

impl YearPeriod {
    fn for_step(n: i64) -> Self {
        match n {
            ..10 => Self::Decade,
            10..100 => Self::Century,
            100..1000 => Self::Millennium,
            _ => Self::Era,
        }
    }

    /// The period containing a calendar year: its first year, the first
    /// year after it, and its name.
    fn containing(self, year: i64) -> (i64, i64, String) {
        let bce = year <= 0;
        // Historians count years before the common era backwards from 1 BCE.
        let count = if bce { 1 - year } else { year };
        match self {
            Self::Decade => {
                let decade = count / 10 * 10;
                let (first, last) = (decade.max(1), decade + 9);
                let label = match (decade, bce) {
                    (0, false) => "1–9 CE".to_owned(),
                    (0, true) => "9–1 BCE".to_owned(),
                    (_, true) => format!("{}s BCE", grouped(decade)),
                    (1000..10_000, false) => format!("{decade}s"),
                    (_, false) => format!("{}s CE", grouped(decade)),
                };
                if bce {
                    (1 - last, 2 - first, label)
                } else {
                    (first, last + 1, label)
                }
            }
            Self::Century | Self::Millennium => {
                let (size, name) = match self {
                    Self::Century => (100, "century"),
                    _ => (1000, "millennium"),
                };
                let number = (count - 1) / size + 1;
                let (first, last) = ((number - 1) * size + 1, number * size);
                if bce {
                    let label = format!("{} {name} BCE", ordinal(number));
                    (1 - last, 2 - first, label)
                } else {
                    (first, last + 1, format!("{} {name}", ordinal(number)))
                }
            }
            Self::Era if bce => (LAST_YEAR_AGO + 1, 1, "BCE".to_owned()),
            Self::Era => (1, FIRST_YEAR_FROM_NOW, "CE".to_owned()),
        }
    }
}

/// The periods that enclose a step's ticks over a view, the first starting
/// at or before the view.
fn periods(step: TickStep, view: TimeView) -> Vec<Period> {
    let mut periods: Vec<Period> = Vec::new();
    match step {
        TickStep::Minutes(_) | TickStep::Hours(_) => {
            let (first, last) = (view.start.floor() as i64, view.end.floor() as i64);
            for day in first..=last.min(first + MAX_TICKS as i64) {
                let (year, month, day_of_month) = civil_from_days(day);
                if let Some(date) = Date::day(year, month, day_of_month) {
                    periods.push(Period {
                        time: day as f64,
                        labels: [date.to_string(), date.short().to_string()],
                    });
                }
            }
        }
        TickStep::Days(_) => {
            let Some((first_year, last_year)) = calendar_years(view) else {
                return periods;
            };
            let (mut year, mut month) = year_month(view.start).max((first_year, 1));
            while (year, month) <= year_month(view.end).min((last_year, 12))
                && periods.len() < MAX_TICKS
            {
                if let Some(date) = Date::month(year, month) {
                    periods.push(Period {
                        time: days_from_civil(year, month, 1) as f64,
                        labels: [date.to_string(), date.short().to_string()],
                    });
                }
                (year, month) = next_month(year, month, 1);
            }
        }
        TickStep::Months(_) => {
            if let Some((first, last)) = calendar_years(view) {
                for year in first..=last.min(first + MAX_TICKS as i64) {
                    periods.push(Period::new(year_start(year), year_label(year)));
                }
            }
        }
        TickStep::Years(n) => {
            let zones = year_zones(view);
            let (_, unit) = deep_unit(n);
            if let Some((low, _)) = zones.ago {
                periods.push(Period::new(year_start(low), format!("{unit} ago")));
            }
            if let Some((low, high)) = zones.calendar {
                let kind = YearPeriod::for_step(n);
                let mut year = low;
                while year <= high && periods.len() < MAX_TICKS {
                    let (first, next, label) = kind.containing(year);
                    periods.push(Period::new(year_start(first.max(LAST_YEAR_AGO + 1)), label));
                    year = next;
                }
            }
            if let Some((low, _)) = zones.from_now {
                periods.push(Period::new(year_start(low), format!("{unit} from now")));
            }
        }
    }
    periods
}

fn major_ticks(
    step: TickStep,
    view: TimeView,
    days_per_px: f64,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<Tick> {
    let periods = periods(step, view);
    // The long form when every period has room for it, else the short form.
    let min_px = periods
        .windows(2)
        .map(|pair| ((pair[1].time - pair[0].time) / days_per_px) as f32)
        .fold(f32::INFINITY, f32::min);
    let use_long = periods
        .iter()
        .all(|period| measure(&period.labels[0]) + LABEL_GAP_PX <= min_px);
    let form = usize::from(!use_long);
    let times: Vec<(f64, String)> = periods
        .into_iter()
        .map(|mut period| (period.time, std::mem::take(&mut period.labels[form])))
        .collect();
    let mut ticks = with_ends(times, Tier::Major);
    // Labels too wide for what the view shows of their period are left empty
    // (the tick still marks it): a label sticks to the left edge, and never
    // runs past the right one.
    for tick in &mut ticks {
        let room = ((tick.end.min(view.end) - tick.time.max(view.start)) / days_per_px) as f32;
        if measure(&tick.label) + LABEL_GAP_PX > room {
            tick.label.clear();
        }
    }
    ticks
}

/// The labelled ticks of the overview band, one row for finding your way:
/// years (or coarser) when the whole range is that long, else the enclosing
/// periods. Where years are counted from the present, the first number of
/// each stretch says its unit ("13.5 billion years ago", "12", "11.5", …).
pub(crate) fn overview_ticks(
    transform: &TimeTransform,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<Tick> {
    let Some(step) = choose_step(transform, measure) else {
        return Vec::new();
    };
    let all = ticks_of_step(step, transform, measure);
    let TickStep::Years(n) = step else {
        // A period that began before the band is named at its left edge.
        let start = transform.view.start;
        return all
            .into_iter()
            .filter(|tick| tick.tier == Tier::Major && !tick.label.is_empty())
            .map(|tick| Tick {
                time: tick.time.max(start),
                ..tick
            })
            .collect();
    };
    let (_, unit) = deep_unit(n);
    let last_ago = year_start(LAST_YEAR_AGO + 1);
    let first_from_now = year_start(FIRST_YEAR_FROM_NOW);
    let zone = |time: f64| {
        if time < last_ago {
            Some("ago")
        } else if time >= first_from_now {
            Some("from now")
        } else {
            None
        }
    };
    let mut kept: Vec<Tick> = Vec::new();
    // Where the widened label of each stretch ends, in days.
    let mut covered_until = f64::NEG_INFINITY;
    let mut named: Option<&str> = None;
    for mut tick in all.into_iter().filter(|tick| tick.tier == Tier::Minor) {
        if tick.time < covered_until {
            continue;
        }
        if let Some(direction) = zone(tick.time)
            && named != Some(direction)
        {
            named = Some(direction);
            tick.label = format!("{} {unit} {direction}", tick.label);
            let width = f64::from(measure(&tick.label) + LABEL_GAP_PX);
            covered_until = tick.time + width * transform.days_per_px();
        }
        kept.push(tick);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::naive_from_unix_days;
    use crate::view::TimeView;
    use chrono::Datelike as _;

    fn measure(text: &str) -> f32 {
        7.0 * text.chars().count() as f32
    }

    fn transform(start: &str, span_days: f64) -> TimeTransform {
        let start = Date::parse(start).unwrap().start_instant();
        TimeTransform::new(TimeView::new(start, start + span_days), 0.0, 1200.0)
    }

    /// Asserts that the labels of one tier never overlap on screen.
    fn assert_no_overlap(transform: &TimeTransform, ticks: &[Tick], tier: Tier) {
        let mut labelled: Vec<&Tick> = ticks
            .iter()
            .filter(|t| t.tier == tier && !t.label.is_empty())
            .collect();
        labelled.sort_by(|a, b| a.time.total_cmp(&b.time));
        for pair in labelled.windows(2) {
            let gap = transform.x_from_time(pair[1].time) - transform.x_from_time(pair[0].time);
            assert!(
                gap >= measure(&pair[0].label),
                "{:?} and {:?} overlap ({gap} px) at {} days across",
                pair[0].label,
                pair[1].label,
                transform.view.span()
            );
        }
    }

    #[test]
    fn ticks_are_readable_at_every_zoom_from_twenty_years_to_a_day() {
        let mut span = 20.0 * 365.25;
        while span >= 1.0 {
            for start in ["2000-01-01", "2016-02-20", "2011-12-31"] {
                let transform = transform(start, span);
                let ticks = ticks(&transform, &measure);
                let minor: Vec<&Tick> = ticks.iter().filter(|t| t.tier == Tier::Minor).collect();
                assert!(
                    !minor.is_empty() || span < 1.5,
                    "no minor ticks at {span} days from {start}"
                );
                assert!(minor.len() <= 200, "{} ticks at {span} days", minor.len());
                assert!(
                    ticks.iter().any(|t| t.tier == Tier::Major),
                    "no context tier at {span} days"
                );
                assert_no_overlap(&transform, &ticks, Tier::Minor);
                assert_no_overlap(&transform, &ticks, Tier::Major);
            }
            span *= 0.83;
        }
    }

    #[test]
    fn labels_name_days_months_and_years() {
        // About a month across: day numbers below, the month above.
        let found = ticks(&transform("2016-02-01", 30.0), &measure);
        let minor: Vec<&str> = found
            .iter()
            .filter(|t| t.tier == Tier::Minor)
            .map(|t| t.label.as_str())
            .collect();
        assert!(minor.contains(&"27"), "{minor:?}");
        assert!(
            found
                .iter()
                .any(|t| t.tier == Tier::Major && t.label == "February 2016")
        );

        // Two years across: months below, years above.
        let found = ticks(&transform("2015-01-01", 730.0), &measure);
        assert!(
            found
                .iter()
                .any(|t| t.tier == Tier::Minor && t.label == "Jul")
        );
        assert!(
            found
                .iter()
                .any(|t| t.tier == Tier::Major && t.label == "2016")
        );

        // Twenty years across: years below, decades above.
        let found = ticks(&transform("2000-01-01", 7300.0), &measure);
        assert!(
            found
                .iter()
                .any(|t| t.tier == Tier::Minor && t.label == "2010")
        );
        assert!(
            found
                .iter()
                .any(|t| t.tier == Tier::Major && t.label == "2010s")
        );
    }

    #[test]
    fn ticks_fall_on_calendar_boundaries() {
        let ticks = ticks(&transform("2016-01-01", 400.0), &measure);
        for tick in ticks.iter().filter(|t| t.tier == Tier::Minor) {
            let date = naive_from_unix_days(tick.time + 0.5).unwrap();
            assert_eq!(date.day(), 1, "{tick:?} is on the first of a month");
        }
    }

    #[test]
    fn nonsense_views_give_no_ticks() {
        for view in [
            TimeView::new(1e15, 1e15 + 10.0),
            TimeView::new(-1e15, -1e15 + 10.0),
            TimeView::new(f64::NAN, 10.0),
            TimeView::new(10.0, 10.0),
        ] {
            assert!(ticks(&TimeTransform::new(view, 0.0, 1000.0), &measure).is_empty());
        }
    }

    fn days_from_year(year: f64) -> f64 {
        (year - 1970.0) * 365.2425
    }

    /// The labels of one tier, in order.
    fn labels(ticks: &[Tick], tier: Tier) -> Vec<&str> {
        ticks
            .iter()
            .filter(|t| t.tier == tier && !t.label.is_empty())
            .map(|t| t.label.as_str())
            .collect()
    }

    fn between(start_year: f64, end_year: f64, width: f32) -> Vec<Tick> {
        let view = TimeView::new(days_from_year(start_year), days_from_year(end_year));
        ticks(&TimeTransform::new(view, 0.0, width), &measure)
    }

    #[test]
    fn the_age_of_the_universe_is_told_in_half_billion_years() {
        let found = between(-13.8e9, 2100.0, 2000.0);
        let minor = labels(&found, Tier::Minor);
        for label in ["13.5", "13", "4.5", "0.5"] {
            assert!(minor.contains(&label), "{label} not in {minor:?}");
        }
        assert!(labels(&found, Tier::Major).contains(&"billion years ago"));
        assert_no_overlap(
            &TimeTransform::new(
                TimeView::new(days_from_year(-13.8e9), days_from_year(2100.0)),
                0.0,
                2000.0,
            ),
            &found,
            Tier::Minor,
        );
        // Each tick is a round number of years before 1950.
        let tick = found.iter().find(|t| t.label == "4.5").unwrap();
        assert_eq!(
            Date::containing_at(tick.time, crate::model::Precision::Year)
                .unwrap()
                .year_number(),
            1950 - 4_500_000_000
        );
    }

    #[test]
    fn millions_of_years_ago_meet_the_calendar_where_dates_do() {
        let found = between(-3.2e6, 2100.0, 1200.0);
        let minor = labels(&found, Tier::Minor);
        assert!(minor.contains(&"3"), "{minor:?}");
        assert!(minor.contains(&"1"), "{minor:?}");
        assert!(
            !minor.iter().any(|label| label.contains("BCE")),
            "no calendar year where dates are years ago: {minor:?}"
        );
        assert!(labels(&found, Tier::Major).contains(&"million years ago"));

        // Closer in, whole years ago, then calendar years from 998,049 BCE.
        let found = between(-1.05e6, -0.95e6, 1200.0);
        let minor = labels(&found, Tier::Minor);
        assert!(minor.contains(&"1,030,000"), "{minor:?}");
        assert!(
            minor.iter().any(|label| label.ends_with("BCE")),
            "{minor:?}"
        );
    }

    #[test]
    fn centuries_and_millennia_around_the_common_era() {
        let found = between(-600.0, 300.0, 1200.0);
        let minor = labels(&found, Tier::Minor);
        for label in ["500 BCE", "100 BCE", "1 CE", "100 CE"] {
            assert!(minor.contains(&label), "{label} not in {minor:?}");
        }
        let major = labels(&found, Tier::Major);
        for label in [
            "5th century BCE",
            "1st century BCE",
            "1st century",
            "2nd century",
        ] {
            assert!(major.contains(&label), "{label} not in {major:?}");
        }
        // 500 BCE is astronomical year -499, where the 5th century BCE starts.
        let tick = found.iter().find(|t| t.label == "500 BCE").unwrap();
        assert_eq!(tick.time, Date::parse("-0499").unwrap().start_instant());

        let found = between(-5000.0, 3000.0, 1200.0);
        let major = labels(&found, Tier::Major);
        for label in ["1st millennium BCE", "1st millennium", "3rd millennium"] {
            assert!(major.contains(&label), "{label} not in {major:?}");
        }

        let found = between(-60.0, 40.0, 1200.0);
        let major = labels(&found, Tier::Major);
        for label in ["40s BCE", "9–1 BCE", "1–9 CE", "10s CE"] {
            assert!(major.contains(&label), "{label} not in {major:?}");
        }
    }

    #[test]
    fn the_overview_says_its_unit_once_per_stretch() {
        let view = TimeView::new(days_from_year(-13.8e9), days_from_year(2100.0));
        let transform = TimeTransform::new(view, 0.0, 1200.0);
        let found = overview_ticks(&transform, &measure);
        assert!(
            found[0].label.ends_with(" billion years ago"),
            "{:?}",
            found[0]
        );
        assert_eq!(
            found
                .iter()
                .filter(|t| t.label.contains("years ago"))
                .count(),
            1
        );
        assert_no_overlap(&transform, &found, Tier::Minor);

        // Years when the range is years long, the month when it is a month.
        let found = overview_ticks(&transform_at("2000-01-01", 7300.0), &measure);
        assert!(found.iter().any(|t| t.label == "2010"), "{found:?}");
        let found = overview_ticks(&transform_at("2016-02-01", 28.0), &measure);
        assert!(
            found.iter().any(|t| t.label == "February 2016"),
            "{found:?}"
        );
        // A month that began before the band is named at its left edge.
        let transform = transform_at("2024-01-03", 70.0);
        let found = overview_ticks(&transform, &measure);
        let january = found.iter().find(|t| t.label == "January 2024").unwrap();
        assert_eq!(january.time, transform.view.start);
    }

    fn transform_at(start: &str, span_days: f64) -> TimeTransform {
        transform(start, span_days)
    }

    #[test]
    fn a_period_label_never_runs_past_the_right_edge() {
        // The view ends just after 1 January 2017: no room to name 2017.
        let start = Date::parse("2015-06-01").unwrap().start_instant();
        let end = Date::parse("2017-01-03").unwrap().start_instant();
        let found = ticks(
            &TimeTransform::new(TimeView::new(start, end), 0.0, 1200.0),
            &measure,
        );
        assert!(!labels(&found, Tier::Major).contains(&"2017"), "{found:?}");
        assert!(labels(&found, Tier::Major).contains(&"2016"));
    }

    #[test]
    fn a_day_is_told_in_hours_and_an_hour_in_minutes() {
        let found = ticks(&transform("2016-02-26T18:00", 0.5), &measure);
        let minor = labels(&found, Tier::Minor);
        assert!(minor.contains(&"00:00"), "{minor:?}");
        assert!(minor.contains(&"06:00"), "{minor:?}");
        let major = labels(&found, Tier::Major);
        assert!(major.contains(&"27 February 2016"), "{major:?}");
        let midnight = found.iter().find(|t| t.label == "00:00").unwrap();
        assert_eq!(
            midnight.time,
            Date::parse("2016-02-27").unwrap().start_instant()
        );

        let found = ticks(&transform("2016-02-27T00:00", 10.0 / 1440.0), &measure);
        let minor = labels(&found, Tier::Minor);
        assert!(minor.contains(&"00:05"), "{minor:?}");
        assert!(labels(&found, Tier::Major).contains(&"27 February 2016"));

        // Before the common era too.
        let found = ticks(&transform("-0043-03-15", 0.5), &measure);
        assert!(labels(&found, Tier::Major).contains(&"15 March 44 BCE"));
    }

    #[test]
    fn ticks_are_readable_at_every_zoom_from_the_big_bang_to_minutes() {
        let centres = [
            "2016-02-27",
            "-0043-03-15",
            "0001-01-01",
            "-251902000",
            "-998050",
            "+5000000000",
            "-262143-01-01",
        ];
        for width in [600.0, 1200.0, 2400.0] {
            for centre in centres {
                let centre = Date::parse(centre).unwrap().start_instant();
                let mut span = days_from_year(13.8e9) * 2.0;
                while span >= 10.0 / 1440.0 {
                    let view = TimeView::new(centre - 0.5 * span, centre + 0.5 * span);
                    let transform = TimeTransform::new(view, 0.0, width);
                    let found = ticks(&transform, &measure);
                    let minor = found.iter().filter(|t| t.tier == Tier::Minor).count();
                    assert!(minor <= 100, "{minor} ticks over {span} days");
                    assert!(
                        found.iter().any(|t| t.tier == Tier::Major),
                        "no major tick over {span} days at {centre}"
                    );
                    for tick in &found {
                        assert!(tick.time.is_finite(), "{tick:?}");
                        if tick.tier == Tier::Minor {
                            assert!(view.start <= tick.time && tick.time <= view.end);
                        }
                    }
                    assert_no_overlap(&transform, &found, Tier::Minor);
                    assert_no_overlap(&transform, &found, Tier::Major);
                    span *= 0.7;
                }
            }
        }
    }
}
