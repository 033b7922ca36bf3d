//! Synthetic datasets for benchmarks and tests: `conflict-timeline generate`.
//!
//! [`generate`] builds a whole [`Dataset`] from [`GenerateOptions`] alone: a
//! realistic mix of point events and ranges of every length (a few hours, days,
//! weeks, months, years, some still ongoing), bursts of events around a few
//! dates like offensives, all five importances with few important events,
//! dates written at day, month or year precision (mostly day), short and long
//! titles, summaries and tags on some events, quotes linked to events, monthly
//! figure series, a few eras, and a pool of sources that every event cites.
//! Every name, place, date and figure is made up.
//!
//! That is the default [`Span`], 2000 to 2020. [`Span::Cosmic`] spreads the
//! same mix over 13.8 billion years, with clusters at every scale down to
//! one day in minutes and seconds, and [`Span::Day`] puts it all into one
//! day (see `span`).
//!
//! The result depends on the options only: the same options give the same
//! dataset, and so the same files byte for byte, on every platform and with
//! every version of the dependencies. The random numbers come from a
//! SplitMix64 generator written here, and no floating-point function whose
//! result may differ between platforms is used. Each part of the dataset has
//! its own random stream, so that e.g. asking for more quotes does not change
//! the events.
//!
//! [`write_generated`] writes the folder form like [`crate::load::write_folder`],
//! with the events, the large file, streamed one event a line, so that a
//! million events take seconds and stay well under the loader's size limit.

mod conflict;
mod random;
mod span;
mod words;
mod write;

use std::fmt::Write as _;

use crate::model::{
    Dataset, Date, DateRange, Era, Event, Lane, Precision, Quote, Series, SeriesPoint, Source,
    Text, days_in_month,
};
use random::{Rng, stream};
use span::{Placed, Scale};
use words::{
    ACTORS, CAUSES, FIRST_NAMES, LANE_NAMES, LAST_NAMES, NOUNS, OPERATIONS, ORDINALS, PALETTE,
    PLACES, PUBLISHERS, REPORT_KINDS, ROLES, SAYINGS, SHORT_TITLES, TAGS, TOPICS, VERBS,
};

pub use conflict::{
    ACLED_COLUMNS, AcledDates, ConflictOptions, ConflictWriteError, GED_COLUMNS, Layout,
    write_conflict_file, write_rows,
};
pub use span::Span;
pub(crate) use write::write_events;
pub use write::write_generated;

/// Lanes when none are asked for.
pub(crate) const DEFAULT_LANES: usize = 6;
/// The seed when none is given.
pub(crate) const DEFAULT_SEED: u64 = 1;
/// Most lanes a generated dataset may have.
pub(crate) const MAX_LANES: usize = 64;
/// Most events a generated dataset may have.
pub const MAX_EVENTS: usize = 20_000_000;
/// Most quotes a generated dataset may have.
pub(crate) const MAX_QUOTES: usize = 2_000_000;
/// Most quotes generated when their number is not given: one per hundred
/// events up to this.
pub(crate) const DEFAULT_QUOTES_CAP: usize = 10_000;

/// The first and last year of the generated span (1 January to 31 December).
pub(crate) const FIRST_YEAR: i32 = 2000;
pub(crate) const LAST_YEAR: i32 = 2020;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Number of events, 0 to [`MAX_EVENTS`].
    pub events: usize,
    /// Number of quotes; `None`: one per hundred events, at most
    /// [`DEFAULT_QUOTES_CAP`].
    pub quotes: Option<usize>,
    /// Number of lanes, 1 to [`MAX_LANES`].
    pub lanes: usize,
    /// The same seed (and options) give the same dataset.
    pub seed: u64,
    /// The stretch of time the dataset covers.
    pub span: Span,
}

impl GenerateOptions {
    /// `events` events with the default quotes, lanes and seed.
    pub fn new(events: usize) -> Self {
        Self {
            events,
            quotes: None,
            lanes: DEFAULT_LANES,
            seed: DEFAULT_SEED,
            span: Span::Decades,
        }
    }

    /// The number of quotes to generate.
    pub fn quote_count(&self) -> usize {
        self.quotes
            .unwrap_or_else(|| (self.events / 100).min(DEFAULT_QUOTES_CAP))
    }

    /// The number of sources events cite: one per twenty events, 1 to 5000.
    pub(crate) fn event_source_count(&self) -> usize {
        if self.events == 0 {
            0
        } else {
            (self.events / 20).clamp(1, 5000)
        }
    }

    /// Refuses options that cannot make a dataset.
    pub fn validate(&self) -> Result<(), GenerateError> {
        if self.events > MAX_EVENTS {
            return Err(GenerateError::TooManyEvents(self.events));
        }
        if !(1..=MAX_LANES).contains(&self.lanes) {
            return Err(GenerateError::Lanes(self.lanes));
        }
        let quotes = self.quote_count();
        if quotes > MAX_QUOTES {
            return Err(GenerateError::TooManyQuotes(quotes));
        }
        if quotes > 0 && self.events == 0 {
            return Err(GenerateError::QuotesWithoutEvents(quotes));
        }
        Ok(())
    }
}

impl Default for GenerateOptions {
    /// A thousand events.
    fn default() -> Self {
        Self::new(1000)
    }
}

/// Options that cannot make a dataset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    #[error("too many events: {0}; at most {MAX_EVENTS}")]
    TooManyEvents(usize),
    #[error("the number of lanes must be 1 to {MAX_LANES}, not {0}")]
    Lanes(usize),
    #[error("too many quotes: {0}; at most {MAX_QUOTES}")]
    TooManyQuotes(usize),
    #[error("{0} quotes need events to belong to; ask for 1 event or more, or for 0 quotes")]
    QuotesWithoutEvents(usize),
}

/// Builds the dataset the options describe.
pub fn generate(options: &GenerateOptions) -> Result<Dataset, GenerateError> {
    options.validate()?;
    let span = options.span;
    let calendar = span.documents();
    let lanes = lanes(options.lanes);
    let mut sources = event_sources(options, &calendar);
    let stats = if span.has_series() {
        statistics_sources()
    } else {
        Vec::new()
    };
    let scales = span.scales(options.events, &mut Rng::new(options.seed, stream::BURSTS));
    let (events, covered) = events(options, &scales, &lanes, sources.len());
    let quotes = quotes(options, &scales, &events, &covered, sources.len());
    let displacement = series(options.seed, &calendar, &stats);
    sources.extend(stats);
    let quote_count = quotes.len();
    let (first, last) = span.bounds();
    let eras = match span {
        Span::Decades => eras(options.seed, &calendar),
        _ => span::eras(span, options.seed),
    };
    // The default span is not named, so that its datasets stay as they were.
    let (over, span_option) = match span {
        Span::Decades => (String::new(), String::new()),
        Span::Cosmic => (
            " over 13.8 billion years".to_owned(),
            " --span cosmic".to_owned(),
        ),
        Span::Day => (" in one day".to_owned(), " --span day".to_owned()),
    };
    Ok(Dataset {
        title: format!(
            "Synthetic timeline: {}{over}, seed {}",
            crate::model::counted(options.events, "event", "events"),
            options.seed
        ),
        description: Some(format!(
            "Made by `conflict-timeline generate --events {} --quotes {quote_count} --lanes {} \
             --seed {}{span_option}` for benchmarks and tests. Every name, place, date and figure \
             is made up.",
            options.events, options.lanes, options.seed
        )),
        view: Some(DateRange {
            start: first,
            end: last,
        }),
        lanes,
        eras,
        sources,
        events,
        quotes,
        displacement,
        views: Vec::new(),
    })
}

// ---------------------------------------------------------------------------
// Calendar.

/// Every day of the span, by offset from its first day, at each precision.
struct Calendar {
    /// `[day, month, year]` precision dates of each day.
    days: Vec<[Date; 3]>,
    /// Offset of the first day of each month of the span.
    month_starts: Vec<usize>,
}

impl Calendar {
    fn new(first_year: i32, last_year: i32) -> Self {
        let mut days = Vec::with_capacity(366 * (last_year - first_year + 1).max(1) as usize);
        let mut month_starts = Vec::new();
        for year in first_year..=last_year {
            for month in 1..=12 {
                month_starts.push(days.len());
                for day in 1..=days_in_month(year, month) {
                    if let (Some(d), Some(m), Some(y)) = (
                        Date::day(year.into(), month, day),
                        Date::month(year.into(), month),
                        Date::year(year.into()),
                    ) {
                        days.push([d, m, y]);
                    }
                }
            }
        }
        Self { days, month_starts }
    }

    /// A calendar of one day.
    fn new_day(year: i32, month: u32, day: u32) -> Self {
        let days = match (
            Date::day(year.into(), month, day),
            Date::month(year.into(), month),
            Date::year(year.into()),
        ) {
            (Some(d), Some(m), Some(y)) => vec![[d, m, y]],
            // Not a day: the whole year instead.
            _ => return Self::new(year, year),
        };
        Self {
            days,
            month_starts: vec![0],
        }
    }

    /// The offset of a day-precision date on the calendar.
    fn offset_of(&self, day: Date) -> Option<usize> {
        self.days.binary_search_by(|dates| dates[0].cmp(&day)).ok()
    }

    fn len(&self) -> usize {
        self.days.len()
    }

    fn last(&self) -> usize {
        self.days.len() - 1
    }

    /// The date of a day offset at a precision; offsets past the end are the
    /// last day.
    fn date(&self, day: usize, precision: Precision) -> Date {
        let dates = &self.days[day.min(self.last())];
        match precision {
            // The calendar holds days; times are not generated.
            Precision::Day | Precision::Minute | Precision::Second => dates[0],
            Precision::Month => dates[1],
            Precision::Year => dates[2],
        }
    }
}

// ---------------------------------------------------------------------------
// Lanes, sources, eras.

fn lanes(count: usize) -> Vec<Lane> {
    (0..count)
        .map(|index| {
            let (id, name) = match LANE_NAMES.get(index) {
                Some((id, name)) => ((*id).to_owned(), (*name).to_owned()),
                None => (format!("lane-{}", index + 1), format!("Lane {}", index + 1)),
            };
            let color = match PALETTE.get(index) {
                Some(color) => (*color).to_owned(),
                None => hue_color(index),
            };
            Lane {
                id,
                name,
                color: Some(color),
            }
        })
        .collect()
}

/// A colour of medium saturation and value with a hue that walks round the
/// circle by the golden angle, in integer arithmetic.
fn hue_color(index: usize) -> String {
    let hue = (index * 137 + 20) % 360;
    let (max, min) = (190usize, 80usize);
    let rise = |h: usize| min + (max - min) * h / 60;
    let fall = |h: usize| max - (max - min) * h / 60;
    let (r, g, b) = match hue / 60 {
        0 => (max, rise(hue % 60), min),
        1 => (fall(hue % 60), max, min),
        2 => (min, max, rise(hue % 60)),
        3 => (min, fall(hue % 60), max),
        4 => (rise(hue % 60), min, max),
        _ => (max, min, fall(hue % 60)),
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The sources events and quotes cite.
fn event_sources(options: &GenerateOptions, calendar: &Calendar) -> Vec<Source> {
    let mut rng = Rng::new(options.seed, stream::SOURCES);
    (0..options.event_source_count())
        .map(|index| {
            let title = format!(
                "{} on {} in {}",
                rng.pick(&REPORT_KINDS),
                rng.pick(&TOPICS),
                rng.pick(&PLACES)
            );
            let publisher = (!rng.chance(100)).then(|| (*rng.pick(&PUBLISHERS)).to_owned());
            let day = rng.below(calendar.len());
            let date = (!rng.chance(150)).then(|| calendar.date(day, Precision::Day));
            let url =
                (!rng.chance(200)).then(|| format!("https://example.org/reports/{}", index + 1));
            Source {
                id: format!("src-{}", index + 1),
                title,
                publisher,
                date,
                url,
            }
        })
        .collect()
}

/// The sources of the figure series, one per series.
fn statistics_sources() -> Vec<Source> {
    SERIES
        .iter()
        .map(|(id, name, _)| Source {
            id: format!("figures-{id}"),
            title: format!("{name}: monthly figures"),
            publisher: Some("Office for Displacement Statistics".to_owned()),
            date: None,
            url: Some(format!("https://example.org/figures/{id}")),
        })
        .collect()
}

const ERA_NAMES: [(&str, &str, &str); 4] = [
    ("first-war", "First war", "#b3403a"),
    ("ceasefire", "Ceasefire", "#3a8f5a"),
    ("second-war", "Second war", "#8c2f2a"),
    ("transition", "Transition", "#2f6db3"),
];

/// Four eras one after another; the last is still going.
fn eras(seed: u64, calendar: &Calendar) -> Vec<Era> {
    let mut rng = Rng::new(seed, stream::ERAS);
    let span = calendar.len();
    // Start somewhere in the first tenth, then three more boundaries.
    let mut starts = vec![rng.below(span / 10)];
    for part in 1..ERA_NAMES.len() {
        let low = span * part / 4;
        starts.push(rng.between(low, low + span / 8));
    }
    ERA_NAMES
        .iter()
        .enumerate()
        .map(|(index, (id, title, color))| {
            let precision = if rng.chance(700) {
                Precision::Month
            } else {
                Precision::Day
            };
            let start = calendar.date(starts[index], precision);
            // Each era ends the day (or the month) before the next begins.
            let end = starts.get(index + 1).map(|&next| {
                let last = match precision {
                    Precision::Day => next - 1,
                    _ => {
                        let day_of_month = calendar.date(next, Precision::Day).day_number();
                        next - day_of_month.unwrap_or(1) as usize
                    }
                };
                calendar.date(last.max(starts[index]), precision)
            });
            Era {
                id: (*id).to_owned(),
                title: (*title).to_owned(),
                start,
                ongoing: end.is_none(),
                end,
                approximate: precision == Precision::Month && rng.chance(500),
                color: Some((*color).to_owned()),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Events.

/// How long an event lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Point,
    /// A range within one day, e.g. a meeting.
    Hours,
    Days,
    Weeks,
    Months,
    Years,
    Ongoing,
}

const KINDS: [Kind; 7] = [
    Kind::Point,
    Kind::Hours,
    Kind::Days,
    Kind::Weeks,
    Kind::Months,
    Kind::Years,
    Kind::Ongoing,
];
/// Per ten thousand, index for index with [`KINDS`].
const KIND_WEIGHTS: [usize; 7] = [5400, 800, 1400, 1000, 800, 250, 350];
/// Importance 1 to 5: few events matter when zoomed out.
const IMPORTANCE_WEIGHTS: [usize; 5] = [32, 30, 22, 11, 5];

/// The scale an event was placed on and the first and last of its units
/// the event covers, for the dates of quotes.
#[derive(Clone, Copy)]
struct Covered {
    scale: u8,
    first: usize,
    last: usize,
}

fn events(
    options: &GenerateOptions,
    scales: &[Scale],
    lanes: &[Lane],
    source_count: usize,
) -> (Vec<Event>, Vec<Covered>) {
    let mut rng = Rng::new(options.seed, stream::EVENTS);
    let scale_weights: Vec<usize> = scales.iter().map(|scale| scale.weight).collect();
    let lane_weights: Vec<usize> = (0..lanes.len()).map(|k| 24 / (k + 2) + 1).collect();
    let mut made = Vec::with_capacity(options.events);
    let mut spans = Vec::with_capacity(options.events);
    let mut title = String::new();
    for index in 0..options.events {
        // The first events cover every lane, kind and importance, so that
        // even a small dataset has the whole mix.
        let lane = if index < lanes.len() {
            index
        } else {
            rng.weighted(&lane_weights)
        };
        let kind = match KINDS.get(index) {
            Some(kind) => *kind,
            None => KINDS[rng.weighted(&KIND_WEIGHTS)],
        };
        // The scale: one for the default span, which draws no number for
        // it; the first events visit every scale of the others.
        let scale = match scales.len() {
            0 | 1 => 0,
            _ if index < scales.len() => index,
            _ => rng.weighted(&scale_weights),
        };
        let Some(placed) = scales.get(scale).map(|s| s.place(&mut rng, kind)) else {
            break;
        };
        let Placed {
            start,
            end,
            ongoing,
            first,
            last: last_covered,
        } = placed;
        let precision = start.precision();
        let mut importance = if index < IMPORTANCE_WEIGHTS.len() {
            index + 1
        } else {
            rng.weighted(&IMPORTANCE_WEIGHTS) + 1
        };
        if matches!(kind, Kind::Years | Kind::Ongoing) && index >= IMPORTANCE_WEIGHTS.len() {
            importance = (importance + 1).min(5);
        }
        let approximate = match precision {
            Precision::Year => rng.chance(400),
            Precision::Month => rng.chance(200),
            Precision::Day | Precision::Minute | Precision::Second => rng.chance(20),
        };
        event_title(&mut rng, &mut title);
        let summary = rng.chance(300).then(|| summary(&mut rng));
        let tags = if rng.chance(250) {
            let count = rng.between(1, 3);
            let mut tags: Vec<String> = Vec::with_capacity(count);
            for _ in 0..count {
                let tag = *rng.pick(&TAGS);
                if !tags.iter().any(|t| t == tag) {
                    tags.push(tag.to_owned());
                }
            }
            tags
        } else {
            Vec::new()
        };
        let sources = event_source_ids(&mut rng, index, source_count);
        made.push(Event {
            id: Text::new(),
            title: Text::from(title.as_str()),
            start,
            end,
            ongoing,
            lane: Text::from(lanes[lane].id.as_str()),
            summary: summary.map(Text::from),
            sources: sources.into_iter().map(Text::from).collect(),
            tags: tags.into_iter().map(Text::from).collect(),
            importance: importance as u8,
            approximate,
        });
        spans.push(Covered {
            scale: scale as u8,
            first,
            last: last_covered,
        });
    }
    // In date order, as people keep them; the order of equal starts is the
    // order they were made in. The keys are sorted rather than the events,
    // which are large to move, and the events are then put in place by
    // following the cycles of the permutation, without a second vector.
    let mut order: Vec<(Date, u32)> = made
        .iter()
        .enumerate()
        .map(|(index, event)| (event.start, index as u32))
        .collect();
    order.sort_unstable();
    let spans = order
        .iter()
        .map(|&(_, from)| spans[from as usize])
        .collect();
    // `from[p]`: where the event for place `p` is now; `DONE` once placed.
    const DONE: u32 = u32::MAX;
    let mut from: Vec<u32> = order.into_iter().map(|(_, from)| from).collect();
    for place in 0..from.len() {
        let mut at = place;
        while from[at] != DONE {
            let next = from[at] as usize;
            from[at] = DONE;
            if next == place {
                break;
            }
            made.swap(at, next);
            at = next;
        }
    }
    for (index, event) in made.iter_mut().enumerate() {
        event.id = Text::from(format!("ev-{}", index + 1));
    }
    (made, spans)
}

/// One to three distinct sources; event `i` of the first `source_count`
/// cites source `i` first, so that every source is cited.
fn event_source_ids(rng: &mut Rng, index: usize, source_count: usize) -> Vec<String> {
    if source_count == 0 {
        return Vec::new();
    }
    let count = match rng.below(100) {
        0..70 => 1,
        70..92 => 2,
        _ => 3,
    }
    .min(source_count);
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    chosen.push(if index < source_count {
        index
    } else {
        rng.below(source_count)
    });
    while chosen.len() < count {
        let next = rng.below(source_count);
        if !chosen.contains(&next) {
            chosen.push(next);
        }
    }
    chosen
        .into_iter()
        .map(|source| format!("src-{}", source + 1))
        .collect()
}

/// A title of 4 to about 90 characters, written into `out`.
fn event_title(rng: &mut Rng, out: &mut String) {
    out.clear();
    let _ = match rng.below(100) {
        0..8 => write!(out, "{}", rng.pick(&SHORT_TITLES)),
        8..14 => write!(out, "{} in {}", rng.pick(&SHORT_TITLES), rng.pick(&PLACES)),
        14..40 => write!(out, "{} {}", rng.pick(&NOUNS), rng.pick(&PLACES)),
        40..70 => write!(
            out,
            "{} {} {}",
            rng.pick(&ACTORS),
            rng.pick(&VERBS),
            rng.pick(&PLACES)
        ),
        70..90 => write!(
            out,
            "{} {} {} {}",
            rng.pick(&ACTORS),
            rng.pick(&VERBS),
            rng.pick(&PLACES),
            rng.pick(&CAUSES)
        ),
        90..95 => write!(
            out,
            "Operation \"{}\" begins in {}",
            rng.pick(&OPERATIONS),
            rng.pick(&PLACES)
        ),
        _ => write!(
            out,
            "{} round of talks in {} on {}",
            rng.pick(&ORDINALS),
            rng.pick(&PLACES),
            rng.pick(&TOPICS)
        ),
    };
    clip(out, 90);
}

/// Cuts a text to at most `max` characters at a word boundary.
fn clip(text: &mut String, max: usize) {
    if text.chars().count() <= max {
        return;
    }
    let cut = text
        .char_indices()
        .nth(max)
        .map_or(text.len(), |(at, _)| at);
    let end = text[..cut].rfind(' ').unwrap_or(cut);
    text.truncate(end);
    while text.ends_with([',', ' ', ';']) {
        text.pop();
    }
}

/// One to three sentences.
fn summary(rng: &mut Rng) -> String {
    let mut text = String::new();
    let sentences = rng.between(1, 3);
    for index in 0..sentences {
        if index > 0 {
            text.push(' ');
        }
        let _ = match rng.below(4) {
            0 => write!(
                text,
                "{} {} {} {}.",
                rng.pick(&ACTORS),
                rng.pick(&VERBS),
                rng.pick(&PLACES),
                rng.pick(&CAUSES)
            ),
            1 => write!(
                text,
                "Reports speak of {} people fleeing {}.",
                rng.between(2, 400) * 50,
                rng.pick(&PLACES)
            ),
            2 => write!(
                text,
                "{} called for talks on {}.",
                rng.pick(&ACTORS),
                rng.pick(&TOPICS)
            ),
            _ => write!(
                text,
                "The {} said: \u{201c}{}\u{201d}",
                rng.pick(&ROLES).to_lowercase(),
                rng.pick(&SAYINGS)
            ),
        };
    }
    text
}

// ---------------------------------------------------------------------------
// Quotes and series.

fn quotes(
    options: &GenerateOptions,
    scales: &[Scale],
    events: &[Event],
    spans: &[Covered],
    source_count: usize,
) -> Vec<Quote> {
    let count = options.quote_count();
    if events.is_empty() || source_count == 0 {
        return Vec::new();
    }
    let mut rng = Rng::new(options.seed, stream::QUOTES);
    let mut made: Vec<(usize, Quote)> = (0..count)
        .map(|index| {
            let at = rng.below(events.len());
            let event = &events[at];
            let mut linked = vec![event.id.to_string()];
            if rng.chance(150) && events.len() > 1 {
                // A neighbour in time: quotes often span related events.
                let other = (at + rng.between(1, 5)).min(events.len() - 1);
                let other = if other == at { at - 1 } else { other };
                linked.push(events[other].id.to_string());
            }
            let covered = spans[at];
            let unit = rng.between(covered.first, covered.last);
            // Mostly on a day (a year, a minute) the event covers, else at
            // the event's start.
            let on_unit = rng.chance(880);
            let date = match scales.get(usize::from(covered.scale)) {
                Some(scale) => scale.quote_date(unit, on_unit, event.start),
                None => event.start,
            };
            let speaker = format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
            let role = rng.chance(800).then(|| (*rng.pick(&ROLES)).to_owned());
            let mut text = (*rng.pick(&SAYINGS)).to_owned();
            if rng.chance(300) {
                text.push(' ');
                let saying = *rng.pick(&SAYINGS);
                text.push_str(saying);
            }
            let context = rng.chance(400).then(|| {
                format!(
                    "Speaking to reporters in {} {}",
                    rng.pick(&PLACES),
                    rng.pick(&CAUSES)
                )
            });
            let source = format!("src-{}", rng.below(source_count) + 1);
            let approximate = date.precision() < Precision::Day && rng.chance(300);
            (
                index,
                Quote {
                    id: String::new(),
                    speaker,
                    role,
                    date,
                    text,
                    context,
                    events: linked,
                    source,
                    approximate,
                },
            )
        })
        .collect();
    made.sort_by_key(|(index, quote)| (quote.date, *index));
    made.into_iter()
        .enumerate()
        .map(|(number, (_, mut quote))| {
            quote.id = format!("q-{}", number + 1);
            quote
        })
        .collect()
}

/// `(id, name, colour)` of each figure series.
const SERIES: [(&str, &str, &str); 3] = [
    ("refugees", "Refugees abroad", "#d08a2c"),
    ("displaced", "Internally displaced", "#8a5cb8"),
    ("in-need", "People in need of aid", "#4a9aa8"),
];

/// Monthly figures over the whole span, drifting upward with jumps.
fn series(seed: u64, calendar: &Calendar, stats: &[Source]) -> Vec<Series> {
    let mut rng = Rng::new(seed, stream::SERIES);
    SERIES
        .iter()
        .zip(stats)
        .enumerate()
        .map(|(index, ((id, name, color), source))| {
            let mut value = 5_000.0 * (index as f64 + 1.0) * (1.0 + rng.unit());
            let points = calendar
                .month_starts
                .iter()
                .map(|&start| {
                    let factor = if rng.chance(30) {
                        1.1 + 0.3 * rng.unit()
                    } else {
                        0.985 + 0.04 * rng.unit()
                    };
                    value = (value * factor).max(100.0);
                    let note = rng
                        .chance(50)
                        .then(|| "Estimate; registration was suspended".to_owned());
                    SeriesPoint {
                        date: calendar.date(start, Precision::Month),
                        value: value.round(),
                        source: source.id.clone(),
                        note,
                    }
                })
                .collect();
            Series {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                short_name: None,
                unit: "people".to_owned(),
                color: Some((*color).to_owned()),
                points,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lane_palette_stays_distinct_for_colour_vision_deficiencies() {
        use crate::render::theme::accessibility_tests::{LEAST_PALETTE_DIFFERENCE, indistinct};
        let colors: Vec<eframe::egui::Color32> = PALETTE
            .iter()
            .map(|hex| {
                let [r, g, b, _] = crate::load::parse_hex_color(hex).expect("a colour");
                eframe::egui::Color32::from_rgb(r, g, b)
            })
            .collect();
        let found = indistinct(&colors, LEAST_PALETTE_DIFFERENCE);
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    #[test]
    fn titles_are_clipped_at_a_word() {
        let mut text = "word ".repeat(30);
        clip(&mut text, 90);
        assert!(text.len() <= 90 && text.ends_with("word"), "{text:?}");
        let mut rng = Rng::new(7, 0);
        let mut title = String::new();
        for _ in 0..2000 {
            event_title(&mut rng, &mut title);
            assert!((4..=90).contains(&title.chars().count()), "{title:?}");
        }
    }
}
