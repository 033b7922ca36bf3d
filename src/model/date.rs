//! Dates as datasets write them, from billions of years to seconds, with
//! their precision kept.
//!
//! `"2011"`, `"2011-03"` and `"2011-03-15"` are three different statements: the
//! first says "some time in 2011". A [`Date`] remembers which one was written so
//! that it can be shown at its precision ("2011", "March 2011", "15 March 2011")
//! and laid out as the whole unit it covers (a month-precision date spans its
//! month, a minute its minute).
//!
//! The forms (docs/dataset-format.md has them with examples):
//!
//! - ISO 8601 dates, `"2011"`, `"2011-03"`, `"2011-03-15"`, with signed years
//!   in astronomical numbering (year 0 is 1 BCE): `"-0043-03-15"` is 15 March
//!   44 BCE, `"+12000"` the year 12,000. The sign is required outside
//!   0000–9999, and a year has at least four digits. Month and day follow the
//!   proleptic Gregorian calendar, as far as chrono's calendar reaches
//!   ([`CALENDAR_YEARS`], about ±262,000 years).
//! - Deep time: a signed year of any size up to ±13,800,000,000
//!   ([`MAX_YEARS`]), at year precision (`"-251902000"`).
//! - The historian's form, year precision only: `"44 BCE"`, `"500 BC"`,
//!   `"30 CE"`, `"AD 30"`; the era in capitals, one space, the year in digits
//!   without leading zeros or separators. There is no year 0 in it. It is
//!   written back in ISO form.
//! - Times of day on a day: `"2016-02-27T00:00"` (minute precision),
//!   `"2016-02-27T00:00:30"` (second precision), with an optional UTC offset
//!   `"Z"` or `"+02:00"` (up to ±14:00). A time without an offset is the local
//!   time where it happened, placed on the axis and shown as written; one with
//!   an offset is placed at its UTC instant and shown as written, with its
//!   offset ("00:00 (UTC+2)").
//!
//! Layout uses [`Date::start_instant`] and [`Date::end_instant`]: days since
//! 1970-01-01 as `f64`, the time unit of every view computation, one scale over
//! the whole span. Instants come from the Gregorian calendar's arithmetic,
//! which the calendar-less deep-time years continue: a year is 365 or 366
//! days, 365.2425 on average. Internally a date's start and end are exact
//! whole seconds (`i64`: 13.8 billion years are 4.4 × 10¹⁷ seconds), so that
//! ordering and validation never depend on rounding.

use std::cmp::Ordering;
use std::fmt;
use std::ops::RangeInclusive;

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The forms a date may take, for error messages.
pub(crate) const DATE_FORMS: &str = "\"YYYY\", \"YYYY-MM\", \"YYYY-MM-DD\" or \
     \"YYYY-MM-DDThh:mm[:ss]\" with an optional \"Z\" or \"+hh:mm\" offset, signed years \
     such as \"-0043-03-15\", \"+12000\" or \"-251902000\", or \"44 BCE\", \"AD 30\" \
     (e.g. \"2016\", \"2016-02\", \"2016-02-27\", \"2016-02-27T00:00+02:00\")";

/// The furthest a year may lie from year 0, either way: the age of the universe.
pub const MAX_YEARS: i64 = 13_800_000_000;

/// The years that may have a month and a day: those of chrono's calendar
/// (`NaiveDate::MIN` to `NaiveDate::MAX`). Beyond them a date is a year.
pub const CALENDAR_YEARS: RangeInclusive<i64> = -262_143..=262_142;

/// The largest UTC offset, in minutes (±14:00, Kiribati's).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// The longest text that can be a date ("-13800000000" is 12 bytes,
/// "2016-02-27T00:00:30+02:00" 25); anything longer is refused unread.
const MAX_DATE_LEN: usize = 40;

/// How far from the present a year must lie to be shown as so many years ago
/// (or from now) rather than as a calendar year: a million years or more
/// ("1 million years ago", "1.2 million years ago"); nearer, "998,000 BCE".
/// The axis counts its ticks the same way ([`YearForm`]).
pub(crate) const CALENDAR_FORM_YEARS: i64 = 1_000_000;

/// The "present" that years ago count from: 1950, as radiocarbon dating and
/// geology count "before present". Shown to three significant digits (at
/// least 10,000 years), the choice of year hardly shows, and never changes
/// with the day the app runs.
pub(crate) const PRESENT_YEAR: i64 = 1950;

/// How a year is told to people: as a calendar year ("44 BCE", "2016") or as
/// so many years before or after the present ("252 million years ago").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum YearForm {
    YearsAgo,
    Calendar,
    YearsFromNow,
}

impl YearForm {
    /// The form of an astronomical year.
    pub(crate) fn of(year: i64) -> Self {
        if PRESENT_YEAR - year >= CALENDAR_FORM_YEARS {
            Self::YearsAgo
        } else if year - PRESENT_YEAR >= CALENDAR_FORM_YEARS {
            Self::YearsFromNow
        } else {
            Self::Calendar
        }
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

/// How much of a date was written, coarsest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
    /// A time of day to the minute: `"2016-02-27T00:00"`.
    Minute,
    /// A time of day to the second: `"2016-02-27T00:00:30"`.
    Second,
}

impl Precision {
    /// The finest precision worth showing when instants `resolution` days
    /// apart are told apart (a pixel's days, say): years above 20 days,
    /// months above a day, days above ten minutes, minutes above a second,
    /// else seconds. Not a number counts as the coarsest.
    pub(crate) fn for_resolution(resolution: f64) -> Self {
        const MINUTE: f64 = 1.0 / (24.0 * 60.0);
        const SECOND: f64 = MINUTE / 60.0;
        match resolution {
            r if r.is_nan() || r > 20.0 => Self::Year,
            r if r > 1.0 => Self::Month,
            r if r > 10.0 * MINUTE => Self::Day,
            r if r > SECOND => Self::Minute,
            _ => Self::Second,
        }
    }

    /// The precision that tells the ends of a span `days` long apart as
    /// people would: a view of billions of years or of five years in years,
    /// of a few months in months, of a day in days, of an hour in minutes
    /// (a hundredth of the span, [`Self::for_resolution`]).
    pub(crate) fn for_span(days: f64) -> Self {
        Self::for_resolution(days / SPAN_STEPS)
    }

    /// The precision that places a range's ends exactly, for an export's
    /// dates and caption: the day, or the minute or second for a range of a
    /// few days or less ([`Self::for_span`]); the year for a range of more
    /// than a thousand years, where a year is less than a thousandth of it.
    pub(crate) fn for_range(days: f64) -> Self {
        if days > 1000.0 * DAYS_PER_YEAR {
            Self::Year
        } else {
            Self::for_span(days).max(Self::Day)
        }
    }
}

/// The average Gregorian year in days.
const DAYS_PER_YEAR: f64 = 365.2425;

/// The steps a span is told in by [`Precision::for_span`].
const SPAN_STEPS: f64 = 100.0;

/// A date at its precision, from a deep-time year to a second.
///
/// Ordering is chronological by first instant, with coarser dates before finer
/// ones that start at the same instant ("2016" < "2016-01" < "2016-01-01" <
/// "2016-01-01T00:00"). A time with an offset compares at its UTC instant, one
/// without at its written time taken as UTC, which is where both are drawn:
/// "2016-02-27T01:00+02:00" comes before "2016-02-27" (it is 23:00 UTC the day
/// before). Dates at the same instant and precision are ordered by offset, no
/// offset first, so that the order agrees with equality.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The calendar day as one number that orders like (year, month, day):
    /// the astronomical year (0 is 1 BCE, -43 is 44 BCE) times 512, plus the
    /// month (1..=12, or 0 when only the year is known) times 32, plus the
    /// day (1..=31, or 0 when not known); 44 bits at most (±13.8 billion
    /// years), kept as its low 32 and its high 16 ([`Date::calendar`]).
    /// Packed so that a date, and an `Option<Date>`, take 12 bytes: a
    /// million events hold two each.
    calendar_low: u32,
    calendar_high: i16,
    precision: Precision,
    /// The seconds since local midnight (0 unless the precision is a
    /// time) in the low 17 bits, and above them the UTC offset in minutes
    /// plus [`OFFSET_BIAS`], or 0 for none ([`Date::offset_minutes`]).
    time: u32,
}

/// How far [`Date::time`] keeps the offset from 0, which stands for none.
const OFFSET_BIAS: i32 = MAX_OFFSET_MINUTES + 1;
/// The bits of [`Date::time`] below the offset: the seconds of a day.
const SECOND_BITS: u32 = 17;
const SECOND_MASK: u32 = (1 << SECOND_BITS) - 1;

/// [`Date::offset_minutes`] of a date without an offset; below every offset,
/// so that dates without one order first.
const NO_OFFSET: i16 = i16::MIN;

/// The calendar day packed as [`Date::calendar`].
fn pack_calendar(year: i64, month: u32, day: u32) -> i64 {
    (year << 9) | i64::from(month << 5 | day)
}

/// Why a date string was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("invalid date {value:?}: {reason}; expected {DATE_FORMS}")]
    Invalid { value: String, reason: String },
}

/// Month names, January first.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Three-letter month names, January first.
pub(crate) const SHORT_MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days from 0001-01-01 (chrono's "days from CE" origin) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl Date {
    /// A date of these parts (see the fields).
    fn packed(
        calendar: i64,
        second_of_day: u32,
        offset_minutes: i16,
        precision: Precision,
    ) -> Self {
        Self {
            // The calendar's high part holds its bits 32 to 47 (it has 44).
            calendar_low: calendar as u32,
            calendar_high: (calendar >> 32) as i16,
            precision,
            time: Self::pack_time(second_of_day, offset_minutes),
        }
    }

    fn pack_time(second_of_day: u32, offset_minutes: i16) -> u32 {
        let offset = if offset_minutes == NO_OFFSET {
            0
        } else {
            (i32::from(offset_minutes) + OFFSET_BIAS).clamp(1, 2 * OFFSET_BIAS - 1) as u32
        };
        (second_of_day & SECOND_MASK) | (offset << SECOND_BITS)
    }

    /// The calendar day as one number (see [`Date::calendar_low`]).
    fn calendar(&self) -> i64 {
        (i64::from(self.calendar_high) << 32) | i64::from(self.calendar_low)
    }

    /// Seconds since local midnight; 0 unless the precision is a time.
    fn second_of_day(&self) -> u32 {
        self.time & SECOND_MASK
    }

    /// The UTC offset in minutes, or [`NO_OFFSET`] (times only).
    fn offset_minutes(&self) -> i16 {
        match (self.time >> SECOND_BITS) as i32 {
            0 => NO_OFFSET,
            biased => (biased - OFFSET_BIAS) as i16,
        }
    }

    /// The same date on another calendar day.
    fn with_calendar(self, calendar: i64) -> Self {
        Self::packed(
            calendar,
            self.second_of_day(),
            self.offset_minutes(),
            self.precision,
        )
    }

    /// The same date at another second of its day.
    fn with_second_of_day(self, second_of_day: u32) -> Self {
        Self::packed(
            self.calendar(),
            second_of_day,
            self.offset_minutes(),
            self.precision,
        )
    }

    /// A year-precision date. `None` beyond ±[`MAX_YEARS`].
    pub fn year(year: i64) -> Option<Self> {
        (-MAX_YEARS..=MAX_YEARS)
            .contains(&year)
            .then(|| Self::packed(pack_calendar(year, 0, 0), 0, NO_OFFSET, Precision::Year))
    }

    /// A month-precision date. `None` if the month is not 1..=12 or the year
    /// is outside [`CALENDAR_YEARS`].
    pub fn month(year: i64, month: u32) -> Option<Self> {
        if !CALENDAR_YEARS.contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        Some(Self {
            precision: Precision::Month,
            ..Self::year(year)?.with_calendar(pack_calendar(year, month, 0))
        })
    }

    /// A day-precision date. `None` if it is not a real calendar day.
    pub fn day(year: i64, month: u32, day: u32) -> Option<Self> {
        let month_date = Self::month(year, month)?;
        if day == 0 || day > days_in_month_of(year, month) {
            return None;
        }
        Some(Self {
            precision: Precision::Day,
            ..month_date.with_calendar(pack_calendar(year, month, day))
        })
    }

    /// This day at a time to the minute (local time, no offset). `None`
    /// unless `self` is a day and the time is a real one.
    pub fn at(self, hour: u32, minute: u32) -> Option<Self> {
        let time = self.at_second(hour, minute, 0)?;
        Some(Self {
            precision: Precision::Minute,
            ..time
        })
    }

    /// This day at a time to the second (local time, no offset). `None`
    /// unless `self` is a day and the time is a real one (no leap seconds).
    pub fn at_second(self, hour: u32, minute: u32, second: u32) -> Option<Self> {
        if self.precision != Precision::Day || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        Some(Self {
            precision: Precision::Second,
            ..self.with_second_of_day(hour * 3600 + minute * 60 + second)
        })
    }

    /// This time with a UTC offset in minutes. `None` unless `self` is a time
    /// and the offset within ±14:00.
    pub fn with_offset(self, minutes: i32) -> Option<Self> {
        if self.precision < Precision::Minute || minutes.abs() > MAX_OFFSET_MINUTES {
            return None;
        }
        let offset = i16::try_from(minutes).ok()?;
        Some(Self::packed(
            self.calendar(),
            self.second_of_day(),
            offset,
            self.precision,
        ))
    }

    /// A day-precision date from a calendar day.
    pub fn from_naive(date: NaiveDate) -> Option<Self> {
        Self::day(i64::from(date.year()), date.month(), date.day())
    }

    /// The day (day precision) containing an instant in days since 1970, or
    /// the year beyond the calendar's years.
    pub(crate) fn containing(instant: f64) -> Option<Self> {
        Self::containing_at(instant, Precision::Day)
    }

    /// The date at `precision` containing an instant in days since 1970
    /// (times without an offset), or the year beyond the calendar's years.
    /// `None` for instants beyond ±[`MAX_YEARS`] or not finite.
    pub(crate) fn containing_at(instant: f64, precision: Precision) -> Option<Self> {
        Self::from_second(split_instant(instant, false)?, precision)
    }

    /// The date at `precision` containing the last moment before `end`, an
    /// exclusive end such as [`Date::end_instant`]'s: the last day of a span.
    pub(crate) fn containing_before(end: f64, precision: Precision) -> Option<Self> {
        Self::from_second(split_instant(end, true)?, precision)
    }

    /// The first year a date can name: 13.8 billion years ago.
    fn first() -> Self {
        Self::packed(
            pack_calendar(-MAX_YEARS, 0, 0),
            0,
            NO_OFFSET,
            Precision::Year,
        )
    }

    /// The last year a date can name.
    fn last() -> Self {
        Self::first().with_calendar(pack_calendar(MAX_YEARS, 0, 0))
    }

    /// The date at `precision` containing an instant, or the first or last
    /// one a date can name for an instant beyond ±[`MAX_YEARS`] (a view's
    /// margin past the age of the universe, say). `None` only for NaN.
    pub(crate) fn nearest(instant: f64, precision: Precision) -> Option<Self> {
        if instant.is_nan() {
            return None;
        }
        let end = Self::last().end_instant();
        if instant >= end {
            return Self::containing_before(end, precision);
        }
        Self::containing_at(instant.max(Self::first().start_instant()), precision)
    }

    /// The date at `precision` containing the last moment before an
    /// exclusive `end`, clamped like [`Date::nearest`]. `None` only for NaN.
    pub(crate) fn nearest_before(end: f64, precision: Precision) -> Option<Self> {
        if end.is_nan() {
            return None;
        }
        let first = Self::first().start_instant();
        if end <= first {
            return Self::containing_at(first, precision);
        }
        Self::containing_before(end.min(Self::last().end_instant()), precision)
    }

    /// The date at `precision` containing a second, given as a day since 1970
    /// and a second of that day.
    fn from_second((days, second_of_day): (i64, u32), precision: Precision) -> Option<Self> {
        let (year, month, day) = civil_from_days(days);
        let year_date = Self::year(year)?;
        if !CALENDAR_YEARS.contains(&year) || precision == Precision::Year {
            return Some(year_date);
        }
        if precision == Precision::Month {
            return Self::month(year, month);
        }
        let day_date = Self::day(year, month, day)?;
        let s = second_of_day;
        let (hour, minute, second) = (s / 3600, s / 60 % 60, s % 60);
        match precision {
            Precision::Year | Precision::Month | Precision::Day => Some(day_date),
            Precision::Minute => day_date.at(hour, minute),
            Precision::Second => day_date.at_second(hour, minute, second),
        }
    }

    /// The same date at a coarser precision (or itself when it is not finer):
    /// the year, month or day as written, without the time and its offset.
    pub(crate) fn truncated(self, precision: Precision) -> Self {
        if precision >= self.precision {
            return self;
        }
        let result = match precision {
            Precision::Year => Self::year(self.year_number()),
            Precision::Month => Self::month(self.year_number(), self.month_field()),
            Precision::Day => Self::day(self.year_number(), self.month_field(), self.day_field()),
            Precision::Minute => Some(Self {
                precision: Precision::Minute,
                ..self.with_second_of_day(self.second_of_day() - self.second_of_day() % 60)
            }),
            Precision::Second => Some(self),
        };
        result.unwrap_or(self)
    }

    /// Parses any of the forms in the module's documentation.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        parse_date(text).map_err(|reason| DateError::Invalid {
            value: text.to_owned(),
            reason,
        })
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The astronomical year: 0 is 1 BCE, -43 is 44 BCE.
    pub(crate) fn year_number(&self) -> i64 {
        self.calendar() >> 9
    }

    /// The month 1..=12, or 0 when not written.
    fn month_field(&self) -> u32 {
        ((self.calendar() >> 5) & 0xf) as u32
    }

    /// The day of the month, or 0 when not written.
    fn day_field(&self) -> u32 {
        (self.calendar() & 0x1f) as u32
    }

    /// The month 1..=12, if written.
    pub(crate) fn month_number(&self) -> Option<u32> {
        Some(self.month_field()).filter(|&month| month != 0)
    }

    /// The day of the month, if written.
    pub(crate) fn day_number(&self) -> Option<u32> {
        Some(self.day_field()).filter(|&day| day != 0)
    }

    /// The UTC offset in minutes, if written.
    fn offset(&self) -> Option<i16> {
        (self.offset_minutes() != NO_OFFSET).then_some(self.offset_minutes())
    }

    /// The time of day as written (hour, minute, second), for times.
    pub(crate) fn time_of_day(&self) -> Option<(u32, u32, u32)> {
        let s = self.second_of_day();
        (self.precision >= Precision::Minute).then_some((s / 3600, s / 60 % 60, s % 60))
    }

    /// The first second this date covers, in seconds since 1970-01-01 UTC.
    fn start_second(&self) -> i64 {
        let days = days_from_civil(
            self.year_number(),
            self.month_field().max(1),
            self.day_field().max(1),
        );
        let offset = self.offset().map_or(0, i64::from) * 60;
        days * SECONDS_PER_DAY + i64::from(self.second_of_day()) - offset
    }

    /// The second after the last one this date covers.
    fn end_second(&self) -> i64 {
        match self.precision {
            Precision::Year => days_from_civil(self.year_number() + 1, 1, 1) * SECONDS_PER_DAY,
            Precision::Month => {
                let (year, month) = match self.month_field() {
                    12 => (self.year_number() + 1, 1),
                    month => (self.year_number(), month + 1),
                };
                days_from_civil(year, month, 1) * SECONDS_PER_DAY
            }
            Precision::Day => self.start_second() + SECONDS_PER_DAY,
            Precision::Minute => self.start_second() + 60,
            Precision::Second => self.start_second() + 1,
        }
    }

    /// Whether this date ends before `other` ends.
    pub(crate) fn ends_before_end_of(&self, other: &Self) -> bool {
        self.end_second() < other.end_second()
    }

    /// Whether this date ends before `other` begins: an end before its start.
    pub(crate) fn ends_before(&self, other: &Self) -> bool {
        self.end_second() <= other.start_second()
    }

    /// Start of the first covered instant, in days since 1970-01-01.
    pub fn start_instant(&self) -> f64 {
        instant_from_seconds(self.start_second())
    }

    /// End of the last covered instant (exclusive), in days since 1970-01-01:
    /// a day's is the next midnight, a minute's the next minute.
    pub fn end_instant(&self) -> f64 {
        instant_from_seconds(self.end_second())
    }

    /// The ISO form, as Save as writes it: `"2016-02-27"`, `"-0043-03-15"`,
    /// `"+12000"`, `"2016-02-27T00:00+02:00"`.
    pub(crate) fn to_iso(self) -> String {
        self.iso().to_string()
    }

    /// The ISO form, to write without an allocation.
    pub(crate) fn iso(self) -> impl fmt::Display {
        Iso(self)
    }

    /// The date as people say it, with short month names: "15 Mar 44 BCE",
    /// "27 Feb 2016, 00:00 (UTC+2)", "252 million years ago".
    pub(crate) fn short(self) -> impl fmt::Display {
        Words {
            date: self,
            months: &SHORT_MONTH_NAMES,
        }
    }

    /// The day part in words: "15 March 44 BCE", "March 2011", "2011".
    fn write_calendar(&self, f: &mut fmt::Formatter<'_>, months: &[&str; 12]) -> fmt::Result {
        let month = months.get((self.month_field() as usize).wrapping_sub(1));
        match (self.day_number(), month) {
            (Some(day), Some(month)) => write!(f, "{day} {month} ")?,
            (None, Some(month)) => write!(f, "{month} ")?,
            _ => {}
        }
        write_year(f, self.year_number())
    }

    /// The time part: "00:00", "00:00:30".
    fn write_clock(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some((hour, minute, second)) = self.time_of_day() else {
            return Ok(());
        };
        write!(f, "{hour:02}:{minute:02}")?;
        if self.precision == Precision::Second {
            write!(f, ":{second:02}")?;
        }
        Ok(())
    }

    /// The offset as people say it: " (UTC+2)", " (UTC-3:30)", " (UTC)".
    fn write_offset_words(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(offset) = self.offset() else {
            return Ok(());
        };
        if offset == 0 {
            return write!(f, " (UTC)");
        }
        let sign = if offset < 0 { '-' } else { '+' };
        let (hours, minutes) = (offset.unsigned_abs() / 60, offset.unsigned_abs() % 60);
        if minutes == 0 {
            write!(f, " (UTC{sign}{hours})")
        } else {
            write!(f, " (UTC{sign}{hours}:{minutes:02})")
        }
    }

    /// Whether two dates name the same calendar day as written.
    fn same_day(&self, other: &Self) -> bool {
        self.calendar() == other.calendar()
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        self.start_second()
            .cmp(&other.start_second())
            .then(self.precision.cmp(&other.precision))
            .then(self.offset_minutes().cmp(&other.offset_minutes()))
            .then_with(|| {
                (self.calendar(), self.second_of_day())
                    .cmp(&(other.calendar(), other.second_of_day()))
            })
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A span as people write it: "11–12 February 2016", "22 January – 15
/// February 2014", "27 February 2016, 00:00–06:00 (UTC+2)", "30 September
/// 2015 – ongoing", or one date for a point.
pub(crate) fn format_range(start: Date, end: Option<Date>, ongoing: bool) -> String {
    let Some(end) = end else {
        return if ongoing {
            format!("{start} – ongoing")
        } else {
            start.to_string()
        };
    };
    if end == start {
        return start.to_string();
    }
    if let Some(text) = look_alike_years(start, end) {
        return text;
    }
    let same_precision = start.precision() == end.precision();
    let month_name = || MONTH_NAMES[(start.month_field() as usize).saturating_sub(1) % 12];
    let same_year = start.year_number() == end.year_number();
    let same_month = same_year && start.month_field() == end.month_field();
    match start.precision() {
        Precision::Day if same_precision && same_month => {
            format!("{}–{end}", start.day_field())
        }
        Precision::Day if same_precision && same_year => {
            format!("{} {} – {end}", start.day_field(), month_name())
        }
        Precision::Month if same_precision && same_year => {
            format!("{} – {end}", month_name())
        }
        Precision::Minute | Precision::Second
            if same_precision && start.same_day(&end) && start.offset() == end.offset() =>
        {
            format!(
                "{}, {}–{}",
                Clock(start, Part::Calendar),
                Clock(start, Part::Time),
                Clock(end, Part::TimeWithOffset)
            )
        }
        _ => format!("{start} – {end}"),
    }
}

/// The instants `[start, end)` as people say them, at the precision the
/// span's length needs ([`Precision::for_span`]) and no finer than
/// `finest`: "2016", "February – May 2016", "27 February 2016, 00:00–00:10",
/// "13.8 billion years ago – 2020". Instants beyond the dates' range are
/// told as its first or last year; empty only when one is not a number.
pub(crate) fn span_words(start: f64, end: f64, finest: Precision) -> String {
    let precision = Precision::for_span(end - start).min(finest);
    match span_dates(start, end, precision) {
        Some((from, to)) => format_range(from, Some(to), false),
        None => String::new(),
    }
}

/// The first and last dates of the instants `[start, end)` at `precision`,
/// the last never before the first. `None` when an instant is not a number.
pub(crate) fn span_dates(start: f64, end: f64, precision: Precision) -> Option<(Date, Date)> {
    let from = Date::nearest(start, precision)?;
    let to = Date::nearest_before(end, precision)?;
    Some((from, to.max(from)))
}

/// One part of a date, for [`format_range`].
#[derive(Clone, Copy)]
enum Part {
    Calendar,
    Time,
    TimeWithOffset,
}

struct Clock(Date, Part);

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(date, part) = self;
        match part {
            Part::Calendar => date.write_calendar(f, &MONTH_NAMES),
            Part::Time => date.write_clock(f),
            Part::TimeWithOffset => {
                date.write_clock(f)?;
                date.write_offset_words(f)
            }
        }
    }
}

/// The calendar day containing an instant given in days since 1970-01-01.
pub fn naive_from_unix_days(days: f64) -> Option<NaiveDate> {
    let whole = days.floor();
    if !whole.is_finite() || whole.abs() > 3_000_000.0 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(whole as i32 + UNIX_EPOCH_DAYS_FROM_CE)
}

/// The number of days in a month (1..=12) of a year.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    days_in_month_of(i64::from(year), month)
}

/// The number of days in a month (1..=12) of any year, proleptic Gregorian.
fn days_in_month_of(year: i64, month: u32) -> u32 {
    match month {
        2 if year.rem_euclid(4) == 0
            && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0) =>
        {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a day of the proleptic Gregorian calendar, for
/// any year (Howard Hinnant's `days_from_civil`, in `i64`).
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let month = i64::from(month);
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The (year, month, day) of a day counted from 1970-01-01: the inverse of
/// [`days_from_civil`].
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

/// Seconds since 1970 as days, exact for whole days.
fn instant_from_seconds(seconds: i64) -> f64 {
    seconds.div_euclid(SECONDS_PER_DAY) as f64
        + seconds.rem_euclid(SECONDS_PER_DAY) as f64 / SECONDS_PER_DAY as f64
}

/// The second containing an instant in days since 1970, as (day, second of
/// the day), or the one before it when `before`. Within the calendar's years
/// (±9.6 × 10⁷ days) an instant made from a whole second may lie a rounding
/// error below it, so a few units in the last place count as that second;
/// beyond them (where only years are told apart) the day is enough.
fn split_instant(instant: f64, before: bool) -> Option<(i64, u32)> {
    // Beyond MAX_YEARS (5.04e12 days) either way; `Date::year` checks exactly.
    if !instant.is_finite() || instant.abs() > 6.0e12 {
        return None;
    }
    if instant.abs() >= 1.0e8 {
        let day = if before {
            instant.ceil() - 1.0
        } else {
            instant.floor()
        };
        return Some((day as i64, 0));
    }
    let seconds = instant * SECONDS_PER_DAY as f64;
    let tolerance = (seconds.abs() * f64::EPSILON * 4.0).max(1e-6);
    let seconds = (seconds + tolerance).floor() as i64 - i64::from(before);
    Some((
        seconds.div_euclid(SECONDS_PER_DAY),
        seconds.rem_euclid(SECONDS_PER_DAY) as u32,
    ))
}

/// A year as people say it: "2016", "30 CE", "44 BCE", "12,000 BCE",
/// "12,000 CE", "252 million years ago", "5 billion years from now".
fn write_year(f: &mut fmt::Formatter<'_>, year: i64) -> fmt::Result {
    match YearForm::of(year) {
        YearForm::YearsAgo => {
            return write!(f, "{} years ago", Approximate(PRESENT_YEAR - year));
        }
        YearForm::YearsFromNow => {
            return write!(f, "{} years from now", Approximate(year - PRESENT_YEAR));
        }
        YearForm::Calendar => {}
    }
    match year {
        ..=0 => write!(f, "{} BCE", Grouped(1 - year)),
        1..=999 => write!(f, "{year} CE"),
        1000..=9999 => write!(f, "{year}"),
        _ => write!(f, "{} CE", Grouped(year)),
    }
}

/// A count of years below ten thousand as it is ("4500"), above with commas
/// ("12,000").
struct Grouped(i64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        if digits.len() < 5 {
            return f.write_str(&digits);
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(",")?;
            }
            write!(f, "{digit}")?;
        }
        Ok(())
    }
}

/// A count of at least a million years, to three significant digits: "1.2
/// million", "252 million", "13.8 billion".
struct Approximate(i64);

impl fmt::Display for Approximate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (number, name) = significant(self.0, 3);
        write!(f, "{number} {name}")
    }
}

/// A count of at least a million years to `figures` significant digits, as
/// a number and its unit: ("1.2", "million"), ("251.941", "million").
fn significant(years: i64, figures: u32) -> (String, &'static str) {
    let years = years.unsigned_abs();
    let mut scale = 1;
    while years / scale >= 10_u64.pow(figures) {
        scale *= 10;
    }
    let rounded = (years + scale / 2) / scale * scale;
    let (unit, name, decimals) = if rounded >= 1_000_000_000 {
        (1_000_000_000, "billion", 9)
    } else {
        (1_000_000, "million", 6)
    };
    let (whole, fraction) = (rounded / unit, rounded % unit);
    if fraction == 0 {
        return (whole.to_string(), name);
    }
    let digits = format!("{fraction:0decimals$}");
    (format!("{whole}.{}", digits.trim_end_matches('0')), name)
}

/// A range of years ago (or from now) whose ends would read alike at three
/// figures, with the figures that tell them apart: "251.94–251.88 million
/// years ago". `None` for other ranges.
fn look_alike_years(start: Date, end: Date) -> Option<String> {
    let form = YearForm::of(start.year_number());
    if form == YearForm::Calendar || YearForm::of(end.year_number()) != form {
        return None;
    }
    let (direction, count): (&str, fn(i64) -> i64) = match form {
        YearForm::YearsAgo => ("ago", |year| PRESENT_YEAR - year),
        _ => ("from now", |year| year - PRESENT_YEAR),
    };
    let (first, last) = (count(start.year_number()), count(end.year_number()));
    if significant(first, 3) != significant(last, 3) {
        return None;
    }
    let figures =
        (4..=12).find(|&figures| significant(first, figures) != significant(last, figures))?;
    let ((first, first_unit), (last, last_unit)) =
        (significant(first, figures), significant(last, figures));
    Some(if first_unit == last_unit {
        format!("{first}–{last} {first_unit} years {direction}")
    } else {
        format!("{first} {first_unit} – {last} {last_unit} years {direction}")
    })
}

/// A date in words with some month names.
struct Words {
    date: Date,
    months: &'static [&'static str; 12],
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { date, months } = self;
        date.write_calendar(f, months)?;
        if date.precision >= Precision::Minute {
            f.write_str(", ")?;
            date.write_clock(f)?;
            date.write_offset_words(f)?;
        }
        Ok(())
    }
}

/// A date in its ISO form.
struct Iso(Date);

impl fmt::Display for Iso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(date) = self;
        let year = date.year_number();
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}")?;
        } else {
            let sign = if year < 0 { '-' } else { '+' };
            write!(f, "{sign}{:04}", year.unsigned_abs())?;
        }
        if let Some(month) = date.month_number() {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = date.day_number() {
            write!(f, "-{day:02}")?;
        }
        if date.precision >= Precision::Minute {
            f.write_str("T")?;
            date.write_clock(f)?;
        }
        match date.offset() {
            None => {}
            Some(0) => f.write_str("Z")?,
            Some(offset) => {
                let sign = if offset < 0 { '-' } else { '+' };
                let minutes = offset.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)?;
            }
        }
        Ok(())
    }
}

/// Parses a date, or says why it is not one.
fn parse_date(text: &str) -> Result<Date, String> {
    if text.len() > MAX_DATE_LEN {
        return Err(format!("too long for a date ({} bytes)", text.len()));
    }
    if text.contains(' ') {
        return parse_historian(text);
    }
    let (day_text, time_text) = match text.split_once('T') {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let (sign, unsigned) = match day_text.as_bytes().first() {
        Some(b'+') => (Some(1), &day_text[1..]),
        Some(b'-') => (Some(-1), &day_text[1..]),
        _ => (None, day_text),
    };
    let mut parts = unsigned.split('-');
    let year_text = parts.next().unwrap_or_default();
    let month_text = parts.next();
    let day_of_month_text = parts.next();
    if parts.next().is_some() {
        return Err("too many parts".to_owned());
    }
    let year = parse_iso_year(year_text, sign)?;
    let Some(month_text) = month_text else {
        if time_text.is_some() {
            return Err("a time needs a whole day before it: YYYY-MM-DDThh:mm".to_owned());
        }
        return Date::year(year).ok_or_else(|| "year out of range".to_owned());
    };
    if !CALENDAR_YEARS.contains(&year) {
        return Err(format!(
            "months and days are known from year {} to +{}; write a year further away alone",
            CALENDAR_YEARS.start(),
            CALENDAR_YEARS.end()
        ));
    }
    let month = digits(month_text, 2, "month")?;
    if month == 0 {
        return Err("month 00 does not exist; months are 01 to 12".to_owned());
    }
    if !(1..=12).contains(&month) {
        return Err("the month must be 01 to 12".to_owned());
    }
    let Some(day_of_month_text) = day_of_month_text else {
        if time_text.is_some() {
            return Err("a time needs a whole day before it: YYYY-MM-DDThh:mm".to_owned());
        }
        return Date::month(year, month).ok_or_else(|| "month out of range".to_owned());
    };
    let day_of_month = digits(day_of_month_text, 2, "day")?;
    if day_of_month == 0 {
        return Err("day 00 does not exist; days start at 01".to_owned());
    }
    let day = Date::day(year, month, day_of_month).ok_or_else(|| {
        format!(
            "{} {} has {} days",
            MONTH_NAMES[month as usize - 1],
            DisplayYear(year),
            days_in_month_of(year, month)
        )
    })?;
    match time_text {
        None => Ok(day),
        Some(time_text) => parse_time(day, time_text),
    }
}

/// The year of an ISO date, after its sign.
fn parse_iso_year(text: &str, sign: Option<i64>) -> Result<i64, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the year must be 4 digits, or a sign and at least 4 digits".to_owned());
    }
    if text.len() < 4 {
        return Err(match sign {
            Some(_) => "a signed year has at least 4 digits (\"-0043\")".to_owned(),
            None => "the year must be 4 digits".to_owned(),
        });
    }
    // 13,800,000,000 has 11 digits; a few leading zeros more are harmless.
    let value = if text.len() > 15 {
        None
    } else {
        text.parse::<i64>().ok().filter(|&v| v <= MAX_YEARS)
    };
    let Some(value) = value else {
        return Err("years reach ±13,800,000,000 (the age of the universe)".to_owned());
    };
    match sign {
        Some(sign) => Ok(sign * value),
        None if text.len() > 4 => Err(format!(
            "a year beyond 9999 needs its sign: \"+{text}\" (or \"-{text}\" before the common era)"
        )),
        None => Ok(value),
    }
}

/// A number of exactly `count` ASCII digits.
fn digits(text: &str, count: usize, what: &str) -> Result<u32, String> {
    if text.len() != count || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} must be {count} digits"));
    }
    text.parse::<u32>()
        .map_err(|_| format!("the {what} is not a number"))
}

/// The time after the `T`: `hh:mm`, `hh:mm:ss`, and an optional offset.
fn parse_time(day: Date, text: &str) -> Result<Date, String> {
    let (clock, offset) = if let Some(clock) = text.strip_suffix('Z') {
        (clock, Some(0))
    } else if let Some(at) = text.find(['+', '-']) {
        (&text[..at], Some(parse_offset(&text[at..])?))
    } else {
        (text, None)
    };
    let mut parts = clock.split(':');
    let hour = parts.next().unwrap_or_default();
    let minute = parts.next();
    let second = parts.next();
    if parts.next().is_some() {
        return Err("a time is hh:mm or hh:mm:ss".to_owned());
    }
    let Some(minute) = minute else {
        return Err("a time is hh:mm or hh:mm:ss".to_owned());
    };
    let hour = digits(hour, 2, "hour")?;
    let minute = digits(minute, 2, "minute")?;
    let second = second.map(|s| digits(s, 2, "second")).transpose()?;
    if hour > 23 {
        return Err("hours are 00 to 23".to_owned());
    }
    if minute > 59 {
        return Err("minutes are 00 to 59".to_owned());
    }
    if second.is_some_and(|second| second > 59) {
        return Err("seconds are 00 to 59".to_owned());
    }
    let time = match second {
        Some(second) => day.at_second(hour, minute, second),
        None => day.at(hour, minute),
    }
    .ok_or_else(|| "not a time of day".to_owned())?;
    match offset {
        None => Ok(time),
        Some(minutes) => time
            .with_offset(minutes)
            .ok_or_else(|| "UTC offsets reach ±14:00".to_owned()),
    }
}

/// A UTC offset `+hh:mm` or `-hh:mm`, in minutes.
fn parse_offset(text: &str) -> Result<i32, String> {
    let expected = || "a UTC offset is \"Z\", \"+hh:mm\" or \"-hh:mm\"".to_owned();
    let sign = match text.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(expected()),
    };
    let Some((hours, minutes)) = text[1..].split_once(':') else {
        return Err(expected());
    };
    let hours = digits(hours, 2, "offset's hour").map_err(|_| expected())?;
    let minutes = digits(minutes, 2, "offset's minute").map_err(|_| expected())?;
    if minutes > 59 {
        return Err("an offset's minutes are 00 to 59".to_owned());
    }
    let total = (hours * 60 + minutes) as i32;
    if total > MAX_OFFSET_MINUTES {
        return Err("UTC offsets reach ±14:00".to_owned());
    }
    if total == 0 && sign < 0 {
        return Err("\"-00:00\" means an unknown offset; write \"Z\" or leave it out".to_owned());
    }
    Ok(sign * total)
}

/// The historian's form: `"44 BCE"`, `"500 BC"`, `"30 CE"`, `"AD 30"`.
fn parse_historian(text: &str) -> Result<Date, String> {
    #[derive(PartialEq)]
    enum Era {
        Before,
        Common,
    }
    let (number, era) = if let Some(number) = text.strip_prefix("AD ") {
        (number, Era::Common)
    } else {
        let Some((number, marker)) = text.split_once(' ') else {
            return Err("expected a year and its era".to_owned());
        };
        match marker {
            "BCE" | "BC" => (number, Era::Before),
            "CE" => (number, Era::Common),
            "AD" => return Err(format!("AD goes before the year: \"AD {number}\"")),
            _ if ["BCE", "BC", "CE", "AD"]
                .iter()
                .any(|era| era.eq_ignore_ascii_case(marker)) =>
            {
                return Err(format!(
                    "write the era in capitals: \"{number} {}\"",
                    marker.to_ascii_uppercase()
                ));
            }
            _ => {
                return Err(
                    "after the year and one space comes BCE, BC or CE (or AD before it)".to_owned(),
                );
            }
        }
    };
    if number.is_empty() || number.len() > 11 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the year must be written in digits only, 1 to 13800000000".to_owned());
    }
    if number.starts_with('0') {
        return Err(if number.bytes().all(|b| b == b'0') {
            "there is no year 0 before or in the common era: 1 BCE is followed by 1 CE".to_owned()
        } else {
            "write the year without leading zeros".to_owned()
        });
    }
    let value = number
        .parse::<i64>()
        .ok()
        .filter(|&v| v <= MAX_YEARS)
        .ok_or_else(|| "years reach 13,800,000,000 (the age of the universe)".to_owned())?;
    let year = if era == Era::Before { 1 - value } else { value };
    Date::year(year)
        .ok_or_else(|| "years reach 13,800,000,000 (the age of the universe)".to_owned())
}

/// A calendar year in words, for error messages ("February 44 BCE has 28 days").
struct DisplayYear(i64);

impl fmt::Display for DisplayYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(f, self.0)
    }
}

/// The date as people say it: "2011", "March 2011", "15 March 44 BCE",
/// "252 million years ago", "27 February 2016, 00:00 (UTC+2)".
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Words {
            date: *self,
            months: &MONTH_NAMES,
        }
        .fmt(f)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({})", self.iso())
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;

        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "a date string {DATE_FORMS}")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn reason(text: &str) -> String {
        match Date::parse(text) {
            Ok(date) => panic!("{text:?} should be rejected, read as {date:?}"),
            Err(DateError::Invalid { value, reason }) => {
                assert_eq!(value, text);
                reason
            }
        }
    }

    #[test]
    fn parses_each_precision() {
        assert_eq!(d("2011").precision(), Precision::Year);
        assert_eq!(d("2011-03").precision(), Precision::Month);
        assert_eq!(d("2011-03-15").precision(), Precision::Day);
        assert_eq!(d("2016-02-27T00:00").precision(), Precision::Minute);
        assert_eq!(d("2016-02-27T00:00:30").precision(), Precision::Second);
        assert_eq!(d("-0043-03-15").precision(), Precision::Day);
        assert_eq!(d("-251902000").precision(), Precision::Year);
        assert_eq!(d("44 BCE").precision(), Precision::Year);
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "2016-02-30",
            "16-2-3",
            "2016-13",
            "2016-00",
            "2016-2",
            "2016-02-3",
            "",
            "2016-",
            "2016-02-27-01",
            " 2016",
            "2016-02-29x",
            "２０１６",
            "-",
            "+",
            "--0043",
            "-43",
            "+999",
            "12000",
            "-0043-02-30",
            "-251902000-01",
            "+13800000001",
            "-99999999999999999999",
            "2016-02-27T",
            "2016-02-27T24:01",
            "2016-02-27T24:00",
            "2016-02-27T12:60",
            "2016-02-27T12:00:60",
            "2016-02-27T1:00",
            "2016-02-27T12",
            "2016-02-27T12:00:00:00",
            "2016-02-27T12:00+14:30",
            "2016-02-27T12:00+15:00",
            "2016-02-27T12:00+02",
            "2016-02-27T12:00+0200",
            "2016-02-27T12:00-00:00",
            "2016-02-27T12:00+02:60",
            "2016-02-27T12:00z",
            "2016-02-27t12:00",
            "2016-02-27 12:00",
            "2016-02T12:00",
            "2016T12:00",
            "2016-02-27T12:00.5",
            "0 BCE",
            "0 CE",
            "AD 0",
            "30 AD",
            "44 bce",
            "44  BCE",
            "044 BCE",
            "4,000 BCE",
            "-44 BCE",
            "44 B.C.",
            "BCE 44",
            "13800000001 BCE",
            "99999999999 BC",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Date::parse("2016-02-29").is_ok(), "2016 is a leap year");
        let message = Date::parse("2016-02-30").unwrap_err().to_string();
        assert!(message.contains("February 2016 has 29 days"), "{message}");
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(reason("-0043-02-30"), "February 44 BCE has 28 days");
        assert_eq!(reason("2016-02-27T24:01"), "hours are 00 to 23");
        assert_eq!(reason("2016-02-27T10:00+14:30"), "UTC offsets reach ±14:00");
        assert!(reason("12000").contains("\"+12000\""));
        assert!(reason("-43").contains("at least 4 digits"));
        assert!(reason("-251902000-03").contains("write a year further away alone"));
        assert!(reason("+13800000001").contains("13,800,000,000"));
        assert!(reason("0 BCE").contains("no year 0"));
        assert!(reason("30 AD").contains("\"AD 30\""));
        assert!(reason("44 bce").contains("\"44 BCE\""));
        assert!(reason("2016-02T10:00").contains("whole day"));
        assert!(reason(&"9".repeat(10_000)).contains("too long"));
        let message = Date::parse("-0043-02-30").unwrap_err().to_string();
        for form in ["\"-0043-03-15\"", "44 BCE", "AD 30", "Thh:mm", "+hh:mm"] {
            assert!(message.contains(form), "{message} lists {form}");
        }
    }

    #[test]
    fn years_before_the_common_era_count_astronomically() {
        assert_eq!(d("-0043-03-15"), Date::day(-43, 3, 15).unwrap());
        assert_eq!(d("-0499"), Date::year(-499).unwrap());
        assert_eq!(d("0000"), Date::year(0).unwrap(), "year 0 is 1 BCE");
        assert_eq!(d("-0000"), d("0000"));
        assert_eq!(d("+2016"), d("2016"));
        assert_eq!(d("+12000"), Date::year(12_000).unwrap());
        assert_eq!(d("-251902000"), Date::year(-251_902_000).unwrap());
        assert_eq!(d("-13800000000"), Date::year(-MAX_YEARS).unwrap());
        assert_eq!(d("+13800000000"), Date::year(MAX_YEARS).unwrap());
        assert!(Date::year(MAX_YEARS + 1).is_none());
        // -0044 is a leap year (45 BCE, proleptic Gregorian): divisible by 4.
        assert!(Date::parse("-0044-02-29").is_ok());
        assert!(Date::parse("-0043-02-29").is_err());
    }

    #[test]
    fn the_historians_form_means_the_same_year() {
        assert_eq!(d("44 BCE"), d("-0043"));
        assert_eq!(d("500 BC"), d("-0499"));
        assert_eq!(d("1 BCE"), d("0000"));
        assert_eq!(d("30 CE"), d("0030"));
        assert_eq!(d("AD 30"), d("0030"));
        assert_eq!(d("AD 2016"), d("2016"));
        assert_eq!(d("12000 BCE"), d("-11999"));
        assert_eq!(d("13800000000 BCE"), d("-13799999999"));
        // Written back in ISO form.
        assert_eq!(d("44 BCE").to_iso(), "-0043");
        assert_eq!(d("AD 30").to_iso(), "0030");
    }

    #[test]
    fn month_and_day_reach_as_far_as_chronos_calendar() {
        let (first, last) = (*CALENDAR_YEARS.start(), *CALENDAR_YEARS.end());
        assert_eq!(first, i64::from(NaiveDate::MIN.year()));
        assert_eq!(last, i64::from(NaiveDate::MAX.year()));
        assert!(Date::day(first, 1, 1).is_some());
        assert!(Date::day(last, 12, 31).is_some());
        assert!(Date::month(first - 1, 12).is_none());
        assert!(Date::month(last + 1, 1).is_none());
        assert!(Date::year(last + 1).is_some());
        assert!(Date::parse("+262142-12-31").is_ok());
        assert!(Date::parse("+262143-01").is_err());
        assert!(Date::parse("-262143-01-01").is_ok());
        assert!(Date::parse("-262144-12").is_err());
    }

    #[test]
    fn times_of_day_keep_their_precision_and_offset() {
        let midnight = d("2016-02-27T00:00");
        assert_eq!(midnight, Date::day(2016, 2, 27).unwrap().at(0, 0).unwrap());
        let second = d("2016-02-27T00:00:30");
        assert_eq!(
            second,
            Date::day(2016, 2, 27).unwrap().at_second(0, 0, 30).unwrap()
        );
        assert_eq!(
            d("2016-02-27T00:00+02:00"),
            midnight.with_offset(120).unwrap()
        );
        assert_eq!(d("2016-02-27T00:00Z"), midnight.with_offset(0).unwrap());
        assert_eq!(d("2016-02-27T00:00+00:00"), d("2016-02-27T00:00Z"));
        assert_eq!(
            d("2016-02-27T00:00-14:00"),
            midnight.with_offset(-840).unwrap()
        );
        assert_eq!(
            d("2016-02-27T23:59:59+14:00").precision(),
            Precision::Second
        );
        assert!(midnight.with_offset(841).is_none());
        assert!(Date::year(2016).unwrap().at(0, 0).is_none());
        assert!(Date::day(2016, 2, 27).unwrap().with_offset(0).is_none());
        assert!(Date::day(2016, 2, 27).unwrap().at(24, 0).is_none());
        assert!(d("-0043-03-15T12:00").precision() == Precision::Minute);
    }

    #[test]
    fn displays_as_people_say_it() {
        let shown = |text: &str| d(text).to_string();
        assert_eq!(shown("2011"), "2011");
        assert_eq!(shown("2011-03"), "March 2011");
        assert_eq!(shown("2011-03-15"), "15 March 2011");
        assert_eq!(shown("-0043-03-15"), "15 March 44 BCE");
        assert_eq!(shown("-0043-03"), "March 44 BCE");
        assert_eq!(shown("-0499"), "500 BCE");
        assert_eq!(shown("0000"), "1 BCE");
        assert_eq!(shown("0030"), "30 CE");
        assert_eq!(shown("0999"), "999 CE");
        assert_eq!(shown("1000"), "1000");
        assert_eq!(shown("-4499"), "4500 BCE");
        assert_eq!(shown("-11999"), "12,000 BCE");
        assert_eq!(shown("+12000"), "12,000 CE");
        assert_eq!(shown("-0998049"), "998,050 BCE");
        assert_eq!(shown("-0998050"), "1 million years ago");
        assert_eq!(shown("-0999999"), "1 million years ago");
        assert_eq!(shown("-1000000"), "1 million years ago");
        assert_eq!(shown("-1200000"), "1.2 million years ago");
        assert_eq!(shown("-251902000"), "252 million years ago");
        assert_eq!(shown("-66043000"), "66 million years ago");
        assert_eq!(shown("-999999999"), "1 billion years ago");
        assert_eq!(shown("-4540000000"), "4.54 billion years ago");
        assert_eq!(shown("-13800000000"), "13.8 billion years ago");
        assert_eq!(shown("+1000000"), "1,000,000 CE");
        assert_eq!(shown("+1001949"), "1,001,949 CE");
        assert_eq!(shown("+1001950"), "1 million years from now");
        assert_eq!(shown("+5000000000"), "5 billion years from now");
        assert_eq!(shown("2016-02-27T00:00"), "27 February 2016, 00:00");
        assert_eq!(shown("2016-02-27T00:00:30"), "27 February 2016, 00:00:30");
        assert_eq!(
            shown("2016-02-27T00:00+02:00"),
            "27 February 2016, 00:00 (UTC+2)"
        );
        assert_eq!(
            shown("2016-02-27T00:00-03:30"),
            "27 February 2016, 00:00 (UTC-3:30)"
        );
        assert_eq!(shown("2016-02-27T00:00Z"), "27 February 2016, 00:00 (UTC)");
    }

    #[test]
    fn short_forms_abbreviate_the_month_only() {
        let short = |text: &str| d(text).short().to_string();
        assert_eq!(short("2016-02-12"), "12 Feb 2016");
        assert_eq!(short("2016-02"), "Feb 2016");
        assert_eq!(short("2016"), "2016");
        assert_eq!(short("-0043-03-15"), "15 Mar 44 BCE");
        assert_eq!(short("-251902000"), "252 million years ago");
        assert_eq!(
            short("2016-02-27T00:00+02:00"),
            "27 Feb 2016, 00:00 (UTC+2)"
        );
    }

    #[test]
    fn writes_the_iso_form() {
        for (text, iso) in [
            ("2016", "2016"),
            ("2016-02", "2016-02"),
            ("2016-02-27", "2016-02-27"),
            ("0000", "0000"),
            ("-0000", "0000"),
            ("+0030", "0030"),
            ("-0043-03-15", "-0043-03-15"),
            ("-00043", "-0043"),
            ("+12000", "+12000"),
            ("-251902000", "-251902000"),
            ("500 BC", "-0499"),
            ("2016-02-27T00:00", "2016-02-27T00:00"),
            ("2016-02-27T00:00:30", "2016-02-27T00:00:30"),
            ("2016-02-27T00:00+02:00", "2016-02-27T00:00+02:00"),
            ("2016-02-27T00:00-09:30", "2016-02-27T00:00-09:30"),
            ("2016-02-27T00:00+00:00", "2016-02-27T00:00Z"),
        ] {
            assert_eq!(d(text).to_iso(), iso, "{text}");
            assert_eq!(format!("{:?}", d(text)), format!("Date({iso})"));
        }
    }

    #[test]
    fn ranges_read_like_prose() {
        assert_eq!(
            format_range(d("2016-02-11"), Some(d("2016-02-12")), false),
            "11–12 February 2016"
        );
        assert_eq!(
            format_range(d("2014-01-22"), Some(d("2014-02-15")), false),
            "22 January – 15 February 2014"
        );
        assert_eq!(
            format_range(d("2011-12-26"), Some(d("2012-01-28")), false),
            "26 December 2011 – 28 January 2012"
        );
        assert_eq!(
            format_range(d("2015-09-30"), None, true),
            "30 September 2015 – ongoing"
        );
        assert_eq!(
            format_range(d("2016-02"), Some(d("2016-04")), false),
            "February – April 2016"
        );
        assert_eq!(
            format_range(d("2016-02-27"), None, false),
            "27 February 2016"
        );
        assert_eq!(
            format_range(d("-0043-03-14"), Some(d("-0043-03-15")), false),
            "14–15 March 44 BCE"
        );
        assert_eq!(
            format_range(d("-0499"), Some(d("0030")), false),
            "500 BCE – 30 CE"
        );
        assert_eq!(
            format_range(d("-251902000"), Some(d("-201300000")), false),
            "252 million years ago – 201 million years ago"
        );
        // Ends that read alike at three figures get the figures that differ.
        assert_eq!(
            format_range(d("-251941000"), Some(d("-251880000")), false),
            "251.94–251.88 million years ago"
        );
        assert_eq!(
            format_range(d("-1001000000"), Some(d("-999000000")), false),
            "1 billion years ago – 999 million years ago"
        );
        assert_eq!(
            format_range(d("+5000000000"), Some(d("+5000100000")), false),
            "5–5.0001 billion years from now"
        );
        assert_eq!(
            format_range(d("2016-02-27T00:00"), Some(d("2016-02-27T06:00")), false),
            "27 February 2016, 00:00–06:00"
        );
        assert_eq!(
            format_range(
                d("2016-02-27T00:00+02:00"),
                Some(d("2016-02-27T06:30+02:00")),
                false
            ),
            "27 February 2016, 00:00–06:30 (UTC+2)"
        );
        assert_eq!(
            format_range(
                d("2016-02-27T00:00+02:00"),
                Some(d("2016-02-27T06:30Z")),
                false
            ),
            "27 February 2016, 00:00 (UTC+2) – 27 February 2016, 06:30 (UTC)"
        );
        assert_eq!(
            format_range(d("2016-02-26T22:00"), Some(d("2016-02-27T06:00")), false),
            "26 February 2016, 22:00 – 27 February 2016, 06:00"
        );
        assert_eq!(
            format_range(d("2016-02-27T00:00:30"), None, true),
            "27 February 2016, 00:00:30 – ongoing"
        );
    }

    #[test]
    fn each_precision_covers_its_whole_unit() {
        let length = |text: &str| {
            let date = d(text);
            date.end_instant() - date.start_instant()
        };
        assert_eq!(length("2016-02"), 29.0);
        assert_eq!(length("2015"), 365.0);
        assert_eq!(length("2016-02-27"), 1.0);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(length("2016-02-27T00:00"), 1.0 / 1440.0));
        assert!(close(length("2016-02-27T00:00:30"), 1.0 / 86_400.0));
        assert!(close(length("2016-02-27T12:00+02:00"), 1.0 / 1440.0));
        assert_eq!(length("-0043-02"), 28.0);
        assert_eq!(length("-0044"), 366.0);
        assert_eq!(length("-251902000"), 366.0, "divisible by 400");
        assert_eq!(length("-251902001"), 365.0);
        assert_eq!(length("2016-12"), 31.0);
    }

    #[test]
    fn instants_count_days_from_the_unix_epoch() {
        assert_eq!(d("1970-01-01").start_instant(), 0.0);
        assert_eq!(d("1970-01-02").start_instant(), 1.0);
        assert_eq!(d("1969").start_instant(), -365.0);
        assert_eq!(d("1970-01-01T06:00").start_instant(), 0.25);
        assert_eq!(d("1970-01-01T06:00").end_instant(), 0.25 + 1.0 / 1440.0);
        assert_eq!(d("1970-01-01T00:00:01").end_instant(), 2.0 / 86_400.0);
        let truce = d("2016-02-27");
        assert_eq!(
            naive_from_unix_days(truce.start_instant() + 0.5),
            NaiveDate::from_ymd_opt(2016, 2, 27)
        );
    }

    #[test]
    fn an_offset_places_the_time_at_its_utc_instant() {
        let damascus = d("2016-02-27T00:00+02:00");
        let utc = d("2016-02-26T22:00Z");
        let local = d("2016-02-26T22:00");
        assert_eq!(damascus.start_instant(), utc.start_instant());
        assert_eq!(damascus.start_instant(), local.start_instant());
        assert_eq!(
            damascus.start_instant(),
            d("2016-02-27").start_instant() - 2.0 / 24.0
        );
        assert_eq!(
            d("2016-02-27T00:00-14:00").start_instant(),
            d("2016-02-27T14:00").start_instant()
        );
        // An end at its UTC instant: before the start is an error, whatever
        // the offsets say as written.
        assert!(d("2016-02-27T01:00+02:00").ends_before(&d("2016-02-27T00:00Z")));
        assert!(!d("2016-02-27T01:00").ends_before(&d("2016-02-27T01:00")));
        assert!(!d("2016-02-27").ends_before(&d("2016-02-27T12:00")));
        assert!(d("2016-02-26").ends_before(&d("2016-02-27T00:00")));
    }

    #[test]
    fn instants_agree_with_chronos_calendar() {
        for (year, month, day) in [
            (1970, 1, 1),
            (2016, 2, 29),
            (1, 1, 1),
            (0, 3, 1),
            (-43, 3, 15),
            (-4713, 11, 24),
            (9999, 12, 31),
            (-262_143, 1, 1),
            (262_142, 12, 31),
        ] {
            let naive = NaiveDate::from_ymd_opt(year, month, day).unwrap();
            let date = Date::day(year.into(), month, day).unwrap();
            assert_eq!(
                date.start_instant(),
                f64::from(naive.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE),
                "{naive}"
            );
            assert_eq!(Date::from_naive(naive), Some(date));
            assert_eq!(
                civil_from_days(date.start_instant() as i64),
                (i64::from(year), month, day)
            );
        }
    }

    #[test]
    fn deep_time_continues_the_calendar() {
        // A year is 365.2425 days on average, far beyond the calendar too.
        let cycle = d("-13800000000").start_instant() - d("-13799999600").start_instant();
        assert_eq!(cycle, -146_097.0);
        let years = d("-251902000").start_instant() / 365.2425;
        assert!((years + 251_902_000.0 + 1970.0).abs() < 1.0, "{years}");
        // No seam where chrono's calendar ends: -262144, the year before
        // its first, is a leap year like any other divisible by 4 (not 100).
        let first = *CALENDAR_YEARS.start();
        let before = Date::year(first - 1).unwrap();
        assert_eq!(
            before.end_instant(),
            Date::year(first).unwrap().start_instant()
        );
        assert_eq!(before.end_instant() - before.start_instant(), 366.0);
        assert!(d("-13800000000").start_instant().is_finite());
    }

    #[test]
    fn the_date_containing_an_instant() {
        let at = |instant: f64, precision| Date::containing_at(instant, precision);
        assert_eq!(Date::containing(0.5), Some(d("1970-01-01")));
        assert_eq!(Date::containing(-0.5), Some(d("1969-12-31")));
        assert_eq!(at(0.25, Precision::Minute), Some(d("1970-01-01T06:00")));
        assert_eq!(
            at(0.25 + 30.5 / 86_400.0, Precision::Second),
            Some(d("1970-01-01T06:00:30"))
        );
        assert_eq!(at(40.0, Precision::Month), Some(d("1970-02")));
        assert_eq!(at(40.0, Precision::Year), Some(d("1970")));
        let deep = d("-251902000");
        assert_eq!(Date::containing(deep.start_instant() + 100.0), Some(deep));
        assert_eq!(at(deep.start_instant(), Precision::Second), Some(deep));
        assert_eq!(
            Date::containing(d("-0043-03-15").start_instant()),
            Some(d("-0043-03-15"))
        );
        assert_eq!(Date::containing(d("+13800000000").end_instant()), None);
        assert_eq!(
            Date::containing(d("-13800000000").start_instant()),
            Some(d("-13800000000"))
        );
        assert_eq!(
            Date::containing(d("-13800000000").start_instant() - 1.0),
            None
        );
        assert_eq!(Date::containing(f64::NAN), None);
        assert_eq!(Date::containing(f64::INFINITY), None);
        assert_eq!(Date::containing(-1e300), None);
    }

    #[test]
    fn the_nearest_date_stays_within_the_dates_range() {
        let first = d("-13800000000");
        let last = d("+13800000000");
        for precision in [Precision::Year, Precision::Day, Precision::Second] {
            // A fitted view's margins past the age of the universe.
            assert_eq!(Date::nearest(-1e13, precision), Some(first));
            assert_eq!(Date::nearest(f64::NEG_INFINITY, precision), Some(first));
            assert_eq!(Date::nearest(1e13, precision), Some(last));
            assert_eq!(Date::nearest(last.end_instant(), precision), Some(last));
            assert_eq!(Date::nearest_before(-1e13, precision), Some(first));
            assert_eq!(Date::nearest_before(1e300, precision), Some(last));
            assert_eq!(Date::nearest(f64::NAN, precision), None);
            assert_eq!(Date::nearest_before(f64::NAN, precision), None);
        }
        // Inside, the same as the date containing it.
        let time = d("2016-02-27T00:10");
        assert_eq!(
            Date::nearest(time.start_instant() + 1e-6, Precision::Minute),
            Some(time)
        );
        assert_eq!(
            Date::nearest_before(time.end_instant(), Precision::Minute),
            Some(time)
        );
    }

    #[test]
    fn the_precision_follows_the_scale() {
        let minute = 1.0 / 1440.0;
        assert_eq!(Precision::for_resolution(1e9), Precision::Year);
        assert_eq!(Precision::for_resolution(30.0), Precision::Year);
        assert_eq!(Precision::for_resolution(5.0), Precision::Month);
        assert_eq!(Precision::for_resolution(0.5), Precision::Day);
        // A day across 1,000 pixels: a pixel is 1.4 minutes.
        assert_eq!(Precision::for_resolution(1.44 * minute), Precision::Minute);
        assert_eq!(Precision::for_resolution(0.01 * minute), Precision::Second);
        assert_eq!(Precision::for_resolution(f64::NAN), Precision::Year);
        // Billions of years, a few years, a few months, a day, an hour.
        assert_eq!(Precision::for_span(5.0e12), Precision::Year);
        assert_eq!(Precision::for_span(3000.0), Precision::Year);
        assert_eq!(Precision::for_span(150.0), Precision::Month);
        assert_eq!(Precision::for_span(59.0), Precision::Day);
        assert_eq!(Precision::for_span(1.0), Precision::Day);
        assert_eq!(Precision::for_span(60.0 * minute), Precision::Minute);
        assert_eq!(Precision::for_span(10.0 * minute), Precision::Minute);
        // A range's ends: days or finer, years beyond a thousand years.
        assert_eq!(Precision::for_range(20.0 * 365.0), Precision::Day);
        assert_eq!(Precision::for_range(10.0 * minute), Precision::Minute);
        assert_eq!(Precision::for_range(5.0e12), Precision::Year);
        assert_eq!(Precision::for_range(400_000.0), Precision::Year);
    }

    #[test]
    fn spans_in_words_at_their_scale() {
        let span = |from: &str, to: &str| {
            span_words(
                d(from).start_instant(),
                d(to).end_instant(),
                Precision::Second,
            )
        };
        // A cosmological fit, its margins past the age of the universe.
        let big_bang = d("-13800000000").start_instant();
        assert_eq!(
            span_words(big_bang - 1e11, d("2020").end_instant(), Precision::Second),
            "13.8 billion years ago – 2020"
        );
        assert_eq!(
            span_words(-1e13, 1e13, Precision::Second),
            "13.8 billion years ago – 13.8 billion years from now"
        );
        assert_eq!(span("2011", "2016"), "2011 – 2016");
        assert_eq!(span("2016-02", "2016-05"), "February – May 2016");
        assert_eq!(
            span("2016-02-01", "2016-03-31"),
            "1 February – 31 March 2016"
        );
        assert_eq!(span("2016-02-27", "2016-02-27"), "27 February 2016");
        assert_eq!(
            span("2016-02-27T00:00", "2016-02-27T00:09"),
            "27 February 2016, 00:00–00:09"
        );
        assert_eq!(span("-0043-03-15", "-0043-03-16"), "15–16 March 44 BCE");
        // No finer than asked.
        assert_eq!(
            span_words(
                d("2016-02-27T00:00").start_instant(),
                d("2016-02-27T00:09").end_instant(),
                Precision::Day
            ),
            "27 February 2016"
        );
        // Never "day N", never a panic.
        assert_eq!(span_words(f64::NAN, 3.0, Precision::Second), "");
        assert_eq!(
            span_words(5.0, 5.0, Precision::Second),
            "6 January 1970, 00:00:00"
        );
        let backwards = span_words(10.0, 5.0, Precision::Second);
        assert!(
            !backwards.is_empty() && !backwards.contains("day"),
            "{backwards}"
        );
    }

    #[test]
    fn the_date_before_an_exclusive_end() {
        let before = |date: &str, precision| {
            Date::containing_before(d(date).end_instant(), precision).map(|d| d.to_iso())
        };
        assert_eq!(
            before("2016-02", Precision::Day).as_deref(),
            Some("2016-02-29")
        );
        assert_eq!(
            before("2016", Precision::Day).as_deref(),
            Some("2016-12-31")
        );
        assert_eq!(
            before("2016-02-27T00:00", Precision::Second).as_deref(),
            Some("2016-02-27T00:00:59")
        );
        assert_eq!(
            before("2016-02-27T00:00", Precision::Day).as_deref(),
            Some("2016-02-27")
        );
        assert_eq!(
            before("-251902000", Precision::Day).as_deref(),
            Some("-251902000")
        );
        assert_eq!(
            before("+13800000000", Precision::Year).as_deref(),
            Some("+13800000000")
        );
        assert_eq!(
            before("-0043-03-15", Precision::Day).as_deref(),
            Some("-0043-03-15")
        );
        assert_eq!(Date::containing_before(f64::NAN, Precision::Day), None);
    }

    #[test]
    fn truncating_keeps_the_written_calendar_day() {
        let time = d("2016-02-27T00:00:30+02:00");
        assert_eq!(
            time.truncated(Precision::Minute),
            d("2016-02-27T00:00+02:00")
        );
        assert_eq!(time.truncated(Precision::Day), d("2016-02-27"));
        assert_eq!(time.truncated(Precision::Month), d("2016-02"));
        assert_eq!(time.truncated(Precision::Year), d("2016"));
        assert_eq!(d("2016").truncated(Precision::Day), d("2016"));
    }

    #[test]
    fn orders_chronologically_coarse_first() {
        let mut dates: Vec<Date> = [
            "2016-01-01T00:00",
            "2016-01-01",
            "2015-12",
            "2016",
            "2016-01",
            "2016-01-01T00:00:00",
            "2016-01-01T01:00+02:00",
            "-0043",
            "44 BCE",
            "-251902000",
            "+12000",
        ]
        .iter()
        .map(|text| d(text))
        .collect();
        dates.sort();
        let texts: Vec<String> = dates.iter().map(|d| d.to_iso()).collect();
        assert_eq!(
            texts,
            [
                "-251902000",
                "-0043",
                "-0043",
                "2015-12",
                "2016-01-01T01:00+02:00",
                "2016",
                "2016-01",
                "2016-01-01",
                "2016-01-01T00:00",
                "2016-01-01T00:00:00",
                "+12000",
            ]
        );
        // The same instant and precision: no offset first, then by offset.
        let mut same = [
            d("2016-01-01T00:00Z"),
            d("2016-01-01T02:00+02:00"),
            d("2016-01-01T00:00"),
        ];
        same.sort();
        let texts: Vec<String> = same.iter().map(|d| d.to_iso()).collect();
        assert_eq!(
            texts,
            [
                "2016-01-01T00:00",
                "2016-01-01T00:00Z",
                "2016-01-01T02:00+02:00"
            ]
        );
        assert_ne!(same[1], same[2]);
    }

    #[test]
    fn a_date_takes_twelve_bytes_with_or_without_an_option() {
        assert_eq!(std::mem::size_of::<Date>(), 12);
        assert_eq!(std::mem::size_of::<Option<Date>>(), 12);
        // Every offset a date may have, and none, comes back as written.
        let time = d("2016-02-27T01:00:59");
        for minutes in -MAX_OFFSET_MINUTES..=MAX_OFFSET_MINUTES {
            let offset = time.with_offset(minutes).expect("an offset");
            assert_eq!(offset.offset(), Some(minutes as i16));
            assert_eq!(offset.second_of_day(), 3659);
        }
        assert_eq!(time.offset(), None);
        assert_eq!(
            d("2016-02-27T23:59:59+14:00").time_of_day(),
            Some((23, 59, 59))
        );
        // The packed day keeps the parts apart at both ends of the range.
        for text in ["-13800000000", "-0001-12-31", "0000-01-01", "+13800000000"] {
            let date = d(text);
            assert_eq!(Date::parse(&date.to_iso()), Ok(date));
        }
        assert_eq!(d("-0001-12-31").year_number(), -1);
        assert_eq!(d("-0001-12-31").month_number(), Some(12));
        assert_eq!(d("-0001-12-31").day_number(), Some(31));
    }

    #[test]
    fn hostile_input_is_refused_quickly() {
        // Bounded before any work: a long text is not split or scanned.
        let long = format!("2016-02-27T{}", "1".repeat(1_000_000));
        assert!(reason(&long).contains("too long"));
        assert!(Date::parse(&"-".repeat(39)).is_err());
        assert!(Date::parse("9999999999999999999999999999999999999").is_err());
        assert!(Date::parse("+999999999999999999999999999999999999").is_err());
        assert!(Date::parse("-9223372036854775808").is_err());
        assert!(Date::parse("2016-02-27T00:00+99999999999999999999").is_err());
        assert!(Date::parse("AD 99999999999999999999999999999999999").is_err());
    }

    mod round_trips {
        use proptest::prelude::*;

        use super::super::*;

        /// Any date of any precision, from the whole range.
        fn any_date() -> impl Strategy<Value = Date> {
            let calendar_year =
                prop_oneof![1900_i64..2100, -10_000_i64..10_000, CALENDAR_YEARS.clone(),];
            let deep_year = -MAX_YEARS..=MAX_YEARS;
            prop_oneof![
                deep_year.prop_filter_map("a year", Date::year),
                calendar_year.clone().prop_filter_map("a year", Date::year),
                (calendar_year.clone(), 1_u32..=12)
                    .prop_filter_map("a month", |(y, m)| Date::month(y, m)),
                (calendar_year.clone(), 1_u32..=12, 1_u32..=31)
                    .prop_filter_map("a day", |(y, m, d)| Date::day(y, m, d)),
                (
                    calendar_year,
                    1_u32..=12,
                    1_u32..=28,
                    0_u32..24,
                    0_u32..60,
                    0_u32..60,
                    any::<bool>(),
                    prop::option::of(-MAX_OFFSET_MINUTES..=MAX_OFFSET_MINUTES),
                )
                    .prop_filter_map(
                        "a time",
                        |(y, m, d, hour, minute, second, seconds, offset)| {
                            let day = Date::day(y, m, d)?;
                            let time = if seconds {
                                day.at_second(hour, minute, second)?
                            } else {
                                day.at(hour, minute)?
                            };
                            match offset {
                                Some(offset) => time.with_offset(offset),
                                None => Some(time),
                            }
                        }
                    ),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn the_iso_form_reads_back_as_the_same_date(date in any_date()) {
                let iso = date.to_iso();
                prop_assert_eq!(Date::parse(&iso), Ok(date), "{}", iso);
                let ron_text = ron::to_string(&date).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let read: Date = ron::from_str(&ron_text).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(read, date);
                // Shown without a panic, and never empty.
                prop_assert!(!date.to_string().is_empty());
                prop_assert!(!date.short().to_string().is_empty());
            }

            #[test]
            fn instants_follow_the_order(a in any_date(), b in any_date()) {
                let (first, second) = if a <= b { (a, b) } else { (b, a) };
                prop_assert!(first.start_instant() <= second.start_instant());
                prop_assert!(first.start_instant() < first.end_instant());
                prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
                prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
                // Any two dates make a range in words, without a panic.
                prop_assert!(!format_range(first, Some(second), false).is_empty());
            }

            #[test]
            fn the_date_containing_its_start_is_itself_at_its_precision(date in any_date()) {
                // Offsets move the instant; the date containing it has none.
                prop_assume!(date.offset().is_none());
                let found = Date::containing_at(date.start_instant(), date.precision());
                if CALENDAR_YEARS.contains(&date.year_number()) {
                    prop_assert_eq!(found, Some(date));
                } else {
                    prop_assert_eq!(found, Some(date.truncated(Precision::Year)));
                }
            }

            #[test]
            fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,30}") {
                let _ = Date::parse(&text);
            }

            #[test]
            fn date_like_text_parses_or_fails_without_panicking(
                text in "[-+ ]?[0-9]{0,12}(-[0-9]{0,3}){0,3}(T[0-9:]{0,9}([-+Z][0-9:]{0,6})?)?( ?(BCE|BC|CE|AD))?"
            ) {
                if let Ok(date) = Date::parse(&text) {
                    prop_assert_eq!(Date::parse(&date.to_iso()), Ok(date));
                }
            }
        }
    }
}
