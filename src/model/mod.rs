//! The dataset model: what the app shows, independent of files and of egui.
//!
//! These types mirror the dataset format contract (format version 1) field for
//! field, so that serde reads them straight from RON with unknown fields
//! rejected. Validation that serde cannot express (references between items,
//! duplicate ids, end before start) lives in [`crate::load`].

mod date;
mod layers;
mod link;

use serde::{Deserialize, Serialize};

pub(crate) use date::{
    CALENDAR_FORM_YEARS, MONTH_NAMES, PRESENT_YEAR, SHORT_MONTH_NAMES, YearForm, civil_from_days,
    days_from_civil, days_in_month, format_range, span_dates, span_words,
};
pub use date::{CALENDAR_YEARS, Date, DateError, MAX_YEARS, Precision, naive_from_unix_days};
pub use layers::{Layer, Layers, layered_id, merge, moved, plain_id, put, remove, split};
pub(crate) use link::web_link;

/// An event's text: its id, title, summary, lane, tags and source ids.
///
/// Shared and cheap to clone: a lane id or a tag that a million events carry
/// is one text, and the texts an import makes are slices of a few large
/// blocks (one allocation for thousands of events, and the search runs
/// over those blocks as they are: see [`crate::view::SearchText`]). It
/// reads as a `str` wherever one is wanted.
pub type Text = arcstr::Substr;

/// `1 event`, `2 events`: a count with its noun in the right number.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A count with its digits in threes: "1,234", "12,000,000".
pub(crate) fn grouped_digits(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The only dataset format version this build reads and writes.
pub(crate) const FORMAT_VERSION: i64 = 1;

/// Everything a timeline shows, loaded from one dataset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub title: String,
    pub description: Option<String>,
    /// The range to show when the dataset is first opened.
    pub view: Option<DateRange>,
    pub lanes: Vec<Lane>,
    pub eras: Vec<Era>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
    pub quotes: Vec<Quote>,
    /// Figure series, e.g. refugees abroad and internally displaced people.
    pub displacement: Vec<Series>,
    /// Named places on the timeline, in the order story mode presents them.
    pub views: Vec<SavedView>,
}

/// A closed range of dates, e.g. the initial view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
}

/// A horizontal band of the timeline that events are placed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    pub id: String,
    pub name: String,
    /// `#rrggbb`; a palette colour is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// A shaded background span behind all lanes, e.g. a war or a truce.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Era {
    pub id: String,
    pub title: String,
    pub start: Date,
    /// Absent: the era is still going when the data ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ongoing: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Where a fact comes from: an article, a report, a data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Something that happened: at a date (a point) or over a span (a range).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique among events, `[a-z0-9-]+`.
    pub id: Text,
    pub title: Text,
    pub start: Date,
    /// Last date covered (inclusive, at its own precision). Absent for a point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// A range still going when the data ends (instead of `end`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub ongoing: bool,
    pub lane: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Boxed slices, not vectors: a list is made once, and a million
    /// events save the 16 bytes of two capacities.
    #[serde(default, skip_serializing_if = "<[Text]>::is_empty")]
    pub sources: Box<[Text]>,
    #[serde(default, skip_serializing_if = "<[Text]>::is_empty")]
    pub tags: Box<[Text]>,
    /// 1..=5: what stays visible when zoomed out.
    #[serde(
        default = "default_importance",
        skip_serializing_if = "is_default_importance",
        deserialize_with = "importance_from_integer"
    )]
    pub importance: u8,
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
}

/// Words someone said, verbatim from a source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub id: String,
    pub speaker: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub date: Date,
    pub text: String,
    /// Where and why it was said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The events it belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    pub source: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
}

/// A figure over time, e.g. refugees who fled the country.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub id: String,
    pub name: String,
    /// A short label for where room is short (a legend, the table), e.g.
    /// "Refugees, worldwide" for "Syrian refugees worldwide (UNHCR,
    /// year-end)"; the full name is then given on hover and in captions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    /// What is counted, e.g. "people".
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Sorted by date once loaded.
    pub points: Vec<SeriesPoint>,
}

impl Series {
    /// The label where room is short: the short name when the series has
    /// one (not blank), else the name.
    pub fn short_label(&self) -> &str {
        self.short_name
            .as_deref()
            .filter(|short| !short.trim().is_empty())
            .unwrap_or(&self.name)
    }

    /// The short label when `short`, else the full name.
    pub fn label(&self, short: bool) -> &str {
        if short {
            self.short_label()
        } else {
            &self.name
        }
    }

    /// Whether [`Series::short_label`] is not the full name.
    pub fn is_shortened(&self) -> bool {
        self.short_label() != self.name
    }
}

/// A named place on the timeline (the format's `views`): a range, with what
/// is selected, which lanes show and what a slide of a story says there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "View")]
pub struct SavedView {
    /// Unique among views.
    pub id: String,
    pub title: String,
    pub start: Date,
    /// The last date shown (inclusive, at its own precision).
    pub end: Date,
    /// An event to select there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// The lanes shown, every other hidden; empty shows every lane.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lanes: Vec<String>,
    /// What the slide says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Quotes shown with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<String>,
}

impl SavedView {
    /// The range shown, as `[start, end)` instants.
    pub fn span(&self) -> (f64, f64) {
        (self.start.start_instant(), self.end.end_instant())
    }
}

/// One value of a series, as of a date, with its source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesPoint {
    pub date: Date,
    pub value: f64,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The importance of an event that gives none.
pub(crate) const DEFAULT_IMPORTANCE: u8 = 3;

fn default_importance() -> u8 {
    DEFAULT_IMPORTANCE
}

/// Reads any integer, so that `importance: -3` is reported as the value it
/// is rather than as an integer out of bounds; 0 and 6..=255 are reported by
/// the loader's checks, with the same message.
fn importance_from_integer<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<u8, D::Error> {
    struct Importance;

    impl serde::de::Visitor<'_> for Importance {
        type Value = u8;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an importance from 1 to 5")
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<u8, E> {
            u8::try_from(value).map_err(|_| out_of_range(value))
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<u8, E> {
            u8::try_from(value).map_err(|_| out_of_range(value))
        }

        fn visit_i128<E: serde::de::Error>(self, value: i128) -> Result<u8, E> {
            u8::try_from(value).map_err(|_| out_of_range(value))
        }

        fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<u8, E> {
            u8::try_from(value).map_err(|_| out_of_range(value))
        }

        fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<u8, E> {
            Err(E::custom(format!(
                "`importance` is {value}; it must be a whole number from 1 to 5 (5 = always visible, default 3)"
            )))
        }
    }

    fn out_of_range<E: serde::de::Error>(value: impl std::fmt::Display) -> E {
        E::custom(format!(
            "`importance` is {value}; it must be 1 to 5 (5 = always visible, default 3)"
        ))
    }

    deserializer.deserialize_any(Importance)
}

fn is_default_importance(importance: &u8) -> bool {
    *importance == default_importance()
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Quote {
    /// Who said it, as a line names them: "John Kerry, U.S. Secretary of
    /// State", or the speaker alone without a role.
    pub fn speaker_and_role(&self) -> String {
        match self
            .role
            .as_deref()
            .map(str::trim)
            .filter(|role| !role.is_empty())
        {
            Some(role) => format!("{}, {role}", self.speaker),
            None => self.speaker.clone(),
        }
    }

    /// Who said it and when: "John Kerry, U.S. Secretary of State,
    /// 12 February 2016", the date marked when it is uncertain.
    pub fn attribution(&self) -> String {
        let approximate = if self.approximate {
            " (approximate date)"
        } else {
            ""
        };
        format!("{}, {}{approximate}", self.speaker_and_role(), self.date)
    }
}

impl Event {
    /// A point event has neither an end nor `ongoing`.
    pub fn is_point(&self) -> bool {
        self.end.is_none() && !self.ongoing
    }

    /// Start instant (days since 1970-01-01).
    pub fn start_instant(&self) -> f64 {
        self.start.start_instant()
    }

    /// End instant (exclusive). A point covers its own date's unit; an ongoing
    /// range reaches `data_end`, the end of the dataset's span.
    pub fn end_instant(&self, data_end: f64) -> f64 {
        match self.end {
            Some(end) => end.end_instant(),
            None if self.ongoing => data_end.max(self.start.end_instant()),
            None => self.start.end_instant(),
        }
    }
}

impl Era {
    /// An era without an end is still going when the data ends.
    pub fn is_ongoing(&self) -> bool {
        self.ongoing || self.end.is_none()
    }

    pub fn end_instant(&self, data_end: f64) -> f64 {
        match self.end {
            Some(end) => end.end_instant(),
            None => data_end.max(self.start.end_instant()),
        }
    }
}

/// An event's position in its dataset's `events`: how the index, the
/// layout, hit tests, links and the app's commands name an event.
///
/// It names an event only within the dataset it came from. Look it up with
/// [`Dataset::event_at`] (or the index's checked lookups), which answer
/// `None` for a position the dataset does not have, never panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventIndex(u32);

impl EventIndex {
    /// The event at `position`; `None` beyond `u32::MAX` events.
    pub fn new(position: usize) -> Option<Self> {
        u32::try_from(position).ok().map(Self)
    }

    /// From the compact `u32` positions the index stores.
    pub const fn from_u32(position: u32) -> Self {
        Self(position)
    }

    /// The position, for indexing.
    pub const fn get(self) -> usize {
        self.0 as usize
    }

    /// The position as the index stores it.
    pub(crate) const fn as_u32(self) -> u32 {
        self.0
    }
}

impl Dataset {
    pub fn lane(&self, id: &str) -> Option<&Lane> {
        self.lanes.iter().find(|lane| lane.id == id)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.id == id)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|event| event.id == id)
    }

    /// The event at a position, or `None` if this dataset has no such
    /// position (an [`EventIndex`] from another dataset, say).
    pub(crate) fn event_at(&self, event: EventIndex) -> Option<&Event> {
        self.events.get(event.get())
    }

    /// Whether any event, era or quote is dated to a time of day: such a
    /// dataset may be zoomed to minutes, any other to days.
    pub fn has_times(&self) -> bool {
        let timed = |date: &Date| date.precision() >= Precision::Minute;
        self.events
            .iter()
            .any(|event| timed(&event.start) || event.end.as_ref().is_some_and(timed))
            || self
                .eras
                .iter()
                .any(|era| timed(&era.start) || era.end.as_ref().is_some_and(timed))
            || self.quotes.iter().any(|quote| timed(&quote.date))
    }

    /// The position of the event with this id.
    pub fn position_of(&self, id: &str) -> Option<EventIndex> {
        self.events
            .iter()
            .position(|event| event.id == id)
            .and_then(EventIndex::new)
    }

    /// The earliest date and the latest as written, among event starts and
    /// ends, era bounds, quotes and figure points: the one that starts first
    /// and the one that ends last. `None` for a dataset with no dates.
    pub(crate) fn first_and_last_dates(&self) -> Option<(Date, Date)> {
        let dates = self
            .events
            .iter()
            .flat_map(|event| std::iter::once(event.start).chain(event.end))
            .chain(
                self.eras
                    .iter()
                    .flat_map(|era| std::iter::once(era.start).chain(era.end)),
            )
            .chain(self.quotes.iter().map(|quote| quote.date))
            .chain(
                self.displacement
                    .iter()
                    .flat_map(|series| series.points.iter().map(|point| point.date)),
            );
        dates.fold(None, |span, date| match span {
            None => Some((date, date)),
            Some((first, last)) => Some((
                first.min(date),
                if last.ends_before_end_of(&date) {
                    date
                } else {
                    last
                },
            )),
        })
    }

    /// The span covered by dated items with a definite extent (event starts and
    /// ends, era bounds, quotes, figure points), as `[start, end)` instants.
    /// `None` for a dataset with no dates at all.
    pub(crate) fn time_span(&self) -> Option<(f64, f64)> {
        let mut span: Option<(f64, f64)> = None;
        let mut include = |start: f64, end: f64| {
            span = Some(match span {
                Some((lo, hi)) => (lo.min(start), hi.max(end)),
                None => (start, end),
            });
        };
        for event in &self.events {
            let end = event.end.unwrap_or(event.start);
            include(event.start.start_instant(), end.end_instant());
        }
        for era in &self.eras {
            let end = era.end.unwrap_or(era.start);
            include(era.start.start_instant(), end.end_instant());
        }
        for quote in &self.quotes {
            include(quote.date.start_instant(), quote.date.end_instant());
        }
        for point in self.displacement.iter().flat_map(|series| &series.points) {
            include(point.date.start_instant(), point.date.end_instant());
        }
        span
    }
}
