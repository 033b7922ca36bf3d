//! Tick marks for the time axis: readable at every zoom, from centuries to
//! single days, in two tiers, with labels that never overlap.
//!
//! The lower tier (minor) marks the finest unit that leaves room for its
//! labels ("15", "Mar", "2016"); the upper tier (major) names the enclosing
//! period ("March 2016", "2016", "2010s"). The step is chosen from a fixed
//! ladder as the finest whose *smallest* gap fits the widest label, so no two
//! labels can touch whatever the calendar does.

use chrono::{Datelike as _, NaiveDate};

use super::time_view::TimeTransform;
use crate::model::{
    MONTH_NAMES, SHORT_MONTH_NAMES, days_in_month, naive_from_unix_days, unix_days,
};

/// Which row of the axis a tick belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// The fine unit, in the lower row.
    Minor,
    /// The enclosing period, in the upper row.
    Major,
}

/// A calendar step between ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TickStep {
    Days(u32),
    Months(u32),
    Years(u32),
}

impl TickStep {
    /// The ladder, finest first.
    pub(crate) const LADDER: [Self; 16] = [
        Self::Days(1),
        Self::Days(2),
        Self::Days(5),
        Self::Days(10),
        Self::Days(15),
        Self::Months(1),
        Self::Months(3),
        Self::Months(6),
        Self::Years(1),
        Self::Years(2),
        Self::Years(5),
        Self::Years(10),
        Self::Years(20),
        Self::Years(50),
        Self::Years(100),
        Self::Years(500),
    ];

    /// The smallest gap between two ticks of this step, in days.
    pub(crate) fn min_gap_days(self) -> f64 {
        match self {
            Self::Days(n) => f64::from(n),
            Self::Months(n) => 28.0 + 30.0 * f64::from(n - 1),
            Self::Years(n) => 365.0 * f64::from(n),
        }
    }

    /// Every label this step can produce that could be the widest.
    fn label_samples(self) -> Vec<String> {
        match self {
            Self::Days(_) => ["28", "30", "31", "22", "20", "29", "18", "10"]
                .map(String::from)
                .to_vec(),
            Self::Months(_) => SHORT_MONTH_NAMES.map(String::from).to_vec(),
            Self::Years(_) => ["2000", "2008", "1988", "8888"].map(String::from).to_vec(),
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

/// The ticks of both tiers for a transform. `measure` gives a label's width
/// in pixels. Minor ticks lie inside the view; the first major tick may start
/// before it (its label can stick to the left edge).
pub fn ticks(transform: &TimeTransform, measure: &dyn Fn(&str) -> f32) -> Vec<Tick> {
    let days_per_px = transform.days_per_px();
    let view = transform.view;
    let Some(step) = choose_step(days_per_px, measure) else {
        return Vec::new();
    };
    let (Some(first), Some(last)) = (
        naive_from_unix_days(view.start),
        naive_from_unix_days(view.end),
    ) else {
        return Vec::new();
    };
    let mut ticks: Vec<Tick> = minor_ticks(step, first, last)
        .into_iter()
        .filter(|tick| tick.time >= view.start && tick.time <= view.end)
        .collect();
    let majors = major_ticks(step, first, last, days_per_px, measure);
    ticks.extend(majors);
    ticks
}

/// The finest step whose smallest gap holds the widest label.
pub(crate) fn choose_step(days_per_px: f64, measure: &dyn Fn(&str) -> f32) -> Option<TickStep> {
    if !(days_per_px.is_finite() && days_per_px > 0.0) {
        return None;
    }
    TickStep::LADDER.into_iter().find(|step| {
        let widest = step
            .label_samples()
            .iter()
            .map(|label| measure(label))
            .fold(0.0_f32, f32::max);
        step.min_gap_days() / days_per_px
            >= f64::from((widest + LABEL_GAP_PX).max(MIN_TICK_SPACING_PX))
    })
}

fn next_month(year: i32, month: u32, by: u32) -> (i32, u32) {
    let index = year * 12 + (month as i32 - 1) + by as i32;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

fn day(year: i32, month: u32, day: u32) -> Option<f64> {
    NaiveDate::from_ymd_opt(year, month, day).map(unix_days)
}

/// Upper bound on ticks produced, whatever the input.
const MAX_TICKS: usize = 4_000;

fn minor_ticks(step: TickStep, first: NaiveDate, last: NaiveDate) -> Vec<Tick> {
    let mut times: Vec<(f64, String)> = Vec::new();
    match step {
        TickStep::Days(n) => {
            let (mut year, mut month) = (first.year(), first.month());
            while (year, month) <= (last.year(), last.month()) && times.len() < MAX_TICKS {
                let length = days_in_month(year, month);
                // Days 1, 1+n, 1+2n, … keeping a full step before the next 1st.
                let mut d = 1;
                while d + n <= length + 1 || d == 1 {
                    if let Some(time) = day(year, month, d) {
                        times.push((time, d.to_string()));
                    }
                    d += n;
                }
                (year, month) = next_month(year, month, 1);
            }
        }
        TickStep::Months(n) => {
            let (mut year, mut month) = (first.year(), first.month());
            month -= (month - 1) % n;
            while (year, month) <= (last.year(), last.month()) && times.len() < MAX_TICKS {
                if let Some(time) = day(year, month, 1) {
                    times.push((time, SHORT_MONTH_NAMES[month as usize - 1].to_owned()));
                }
                (year, month) = next_month(year, month, n);
            }
        }
        TickStep::Years(n) => {
            let n = n as i32;
            let mut year = first.year().div_euclid(n) * n;
            while year <= last.year() && times.len() < MAX_TICKS {
                if let Some(time) = day(year, 1, 1) {
                    times.push((time, year.to_string()));
                }
                year += n;
            }
        }
    }
    with_ends(times, Tier::Minor)
}

/// Ticks from `(time, label)` pairs; each runs until the next.
fn with_ends(times: Vec<(f64, String)>, tier: Tier) -> Vec<Tick> {
    let mut ticks = Vec::with_capacity(times.len());
    for (index, (time, label)) in times.iter().enumerate() {
        let end = times.get(index + 1).map_or(f64::INFINITY, |next| next.0);
        ticks.push(Tick {
            time: *time,
            end,
            label: label.clone(),
            tier,
        });
    }
    ticks
}

fn major_ticks(
    step: TickStep,
    first: NaiveDate,
    last: NaiveDate,
    days_per_px: f64,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<Tick> {
    let mut periods: Vec<(f64, [String; 2])> = Vec::new();
    match step {
        TickStep::Days(_) => {
            let (mut year, mut month) = (first.year(), first.month());
            while (year, month) <= (last.year(), last.month()) && periods.len() < MAX_TICKS {
                if let Some(time) = day(year, month, 1) {
                    let long = format!("{} {year}", MONTH_NAMES[month as usize - 1]);
                    let short = format!("{} {year}", SHORT_MONTH_NAMES[month as usize - 1]);
                    periods.push((time, [long, short]));
                }
                (year, month) = next_month(year, month, 1);
            }
        }
        TickStep::Months(_) => {
            for year in first.year()..=last.year() {
                if let Some(time) = day(year, 1, 1) {
                    periods.push((time, [year.to_string(), year.to_string()]));
                }
            }
        }
        TickStep::Years(n) => {
            let period = if n < 10 { 10 } else { 100 };
            let mut year = first.year().div_euclid(period) * period;
            while year <= last.year() && periods.len() < MAX_TICKS {
                if let Some(time) = day(year.max(1), 1, 1) {
                    let label = format!("{year}s");
                    periods.push((time, [label.clone(), label]));
                }
                year += period;
            }
        }
    }
    // The long form when every period has room for it, else the short form.
    let min_px = periods
        .windows(2)
        .map(|pair| ((pair[1].0 - pair[0].0) / days_per_px) as f32)
        .fold(f32::INFINITY, f32::min);
    let use_long = periods
        .iter()
        .all(|(_, labels)| measure(&labels[0]) + LABEL_GAP_PX <= min_px);
    let form = usize::from(!use_long);
    let times: Vec<(f64, String)> = periods
        .into_iter()
        .map(|(time, mut labels)| (time, std::mem::take(&mut labels[form])))
        .collect();
    let mut ticks = with_ends(times, Tier::Major);
    // Labels too wide for their period are left empty (the tick still marks it).
    for tick in &mut ticks {
        let room = ((tick.end - tick.time) / days_per_px) as f32;
        if tick.end.is_finite() && measure(&tick.label) + LABEL_GAP_PX > room {
            tick.label.clear();
        }
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::view::TimeView;

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
        let view = TimeView::new(1e12, 1e12 + 10.0);
        assert!(ticks(&TimeTransform::new(view, 0.0, 1000.0), &measure).is_empty());
    }
}
