//! Dates as datasets write them: a year, a month or a day, with that precision kept.
//!
//! `"2011"`, `"2011-03"` and `"2011-03-15"` are three different statements: the
//! first says "some time in 2011". A [`Date`] remembers which one was written so
//! that it can be shown at its precision ("2011", "March 2011", "15 March 2011")
//! and laid out as the whole unit it covers (a month-precision date spans its
//! month). Layout uses [`Date::start_instant`] and [`Date::end_instant`]: days
//! since 1970-01-01 as `f64`, the time unit of every view computation.

use std::fmt;

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The forms a date may take, for error messages.
pub(crate) const DATE_FORMS: &str =
    "\"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (e.g. \"2016\", \"2016-02\", \"2016-02-27\")";

/// How much of a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date at year, month or day precision.
///
/// Ordering is chronological by first day, with coarser dates before finer ones
/// that start on the same day ("2016" < "2016-01" < "2016-01-01").
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i16,
    /// 1..=12, or 0 when only the year is known.
    month: u8,
    /// 1..=31, or 0 when the day is not known.
    day: u8,
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

/// Days from 0001-01-01 (chrono's "days from CE" origin) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

impl Date {
    /// A year-precision date. `None` outside 1..=9999.
    pub fn year(year: i32) -> Option<Self> {
        Self::new(year, 0, 0)
    }

    /// A month-precision date. `None` if the month or year is out of range.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        if month == 0 {
            return None;
        }
        Self::new(year, month, 0)
    }

    /// A day-precision date. `None` if it is not a real calendar day.
    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        if month == 0 || day == 0 {
            return None;
        }
        Self::new(year, month, day)
    }

    fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=9999).contains(&year) || month > 12 {
            return None;
        }
        if day > 0 {
            NaiveDate::from_ymd_opt(year, month, day)?;
        }
        Some(Self {
            year: i16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// A day-precision date from a calendar day.
    pub fn from_naive(date: NaiveDate) -> Option<Self> {
        Self::day(date.year(), date.month(), date.day())
    }

    /// The day (day precision) containing an instant in days since 1970.
    pub(crate) fn containing(instant: f64) -> Option<Self> {
        naive_from_unix_days(instant).and_then(Self::from_naive)
    }

    /// Parses `"YYYY"`, `"YYYY-MM"` or `"YYYY-MM-DD"`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let invalid = |reason: &str| DateError::Invalid {
            value: text.to_owned(),
            reason: reason.to_owned(),
        };
        let mut parts = text.split('-');
        let year_text = parts.next().unwrap_or_default();
        let month_text = parts.next();
        let day_text = parts.next();
        if parts.next().is_some() {
            return Err(invalid("too many parts"));
        }
        let number = |part: &str, digits: usize, what: &str| -> Result<u32, DateError> {
            if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(&format!("the {what} must be {digits} digits")));
            }
            part.parse::<u32>()
                .map_err(|_| invalid(&format!("the {what} is not a number")))
        };
        let year = number(year_text, 4, "year")?;
        if year == 0 {
            return Err(invalid("there is no year 0000"));
        }
        let year = year as i32;
        let Some(month_text) = month_text else {
            return Self::year(year).ok_or_else(|| invalid("year out of range"));
        };
        let month = number(month_text, 2, "month")?;
        if month == 0 {
            return Err(invalid("month 00 does not exist; months are 01 to 12"));
        }
        if !(1..=12).contains(&month) {
            return Err(invalid("the month must be 01 to 12"));
        }
        let Some(day_text) = day_text else {
            return Self::month(year, month).ok_or_else(|| invalid("month out of range"));
        };
        let day = number(day_text, 2, "day")?;
        if day == 0 {
            return Err(invalid("day 00 does not exist; days start at 01"));
        }
        Self::day(year, month, day).ok_or_else(|| {
            let days = days_in_month(year, month);
            invalid(&format!(
                "{} {year} has {days} days",
                MONTH_NAMES[month as usize - 1]
            ))
        })
    }

    pub fn precision(&self) -> Precision {
        if self.day != 0 {
            Precision::Day
        } else if self.month != 0 {
            Precision::Month
        } else {
            Precision::Year
        }
    }

    pub(crate) fn year_number(&self) -> i32 {
        i32::from(self.year)
    }

    /// The month 1..=12, if written.
    pub(crate) fn month_number(&self) -> Option<u32> {
        (self.month != 0).then_some(u32::from(self.month))
    }

    /// The day of the month, if written.
    pub(crate) fn day_number(&self) -> Option<u32> {
        (self.day != 0).then_some(u32::from(self.day))
    }

    /// The first calendar day this date covers.
    pub(crate) fn first_day(&self) -> NaiveDate {
        let month = self.month.max(1);
        let day = self.day.max(1);
        NaiveDate::from_ymd_opt(self.year_number(), u32::from(month), u32::from(day))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The last calendar day this date covers.
    pub(crate) fn last_day(&self) -> NaiveDate {
        let year = self.year_number();
        let (month, day) = match self.precision() {
            Precision::Year => (12, 31),
            Precision::Month => {
                let month = u32::from(self.month);
                (month, days_in_month(year, month))
            }
            Precision::Day => (u32::from(self.month), u32::from(self.day)),
        };
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
    }

    /// Start of the first covered day, in days since 1970-01-01.
    pub fn start_instant(&self) -> f64 {
        unix_days(self.first_day())
    }

    /// End of the last covered day (exclusive), in days since 1970-01-01.
    pub fn end_instant(&self) -> f64 {
        unix_days(self.last_day()) + 1.0
    }

    /// The form it was written in: `"2016"`, `"2016-02"`, `"2016-02-27"`.
    pub(crate) fn to_iso(self) -> String {
        match self.precision() {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

/// A span as people write it: "11–12 February 2016", "22 January – 15
/// February 2014", "30 September 2015 – ongoing", or one date for a point.
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
    let same_precision = start.precision() == end.precision();
    match start.precision() {
        Precision::Day if same_precision && start.year == end.year && start.month == end.month => {
            format!("{}–{end}", start.day)
        }
        Precision::Day if same_precision && start.year == end.year => {
            format!(
                "{} {} – {end}",
                start.day,
                MONTH_NAMES[start.month as usize - 1]
            )
        }
        Precision::Month if same_precision && start.year == end.year => {
            format!("{} – {end}", MONTH_NAMES[start.month as usize - 1])
        }
        _ => format!("{start} – {end}"),
    }
}

/// Days since 1970-01-01 of a calendar day, the time unit of layout.
pub(crate) fn unix_days(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE)
}

/// The calendar day containing an instant given in days since 1970-01-01.
pub fn naive_from_unix_days(days: f64) -> Option<NaiveDate> {
    let whole = days.floor();
    if !whole.is_finite() || whole.abs() > 3_000_000.0 {
        return None;
    }
    NaiveDate::from_num_days_from_ce_opt(whole as i32 + UNIX_EPOCH_DAYS_FROM_CE)
}

/// Three-letter month names, January first.
pub(crate) const SHORT_MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The number of days in a month (1..=12) of a year.
pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day())
}

/// Human form at the date's precision: "2011", "March 2011", "15 March 2011".
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{}", self.year),
            Precision::Month => write!(f, "{} {}", MONTH_NAMES[self.month as usize - 1], self.year),
            Precision::Day => write!(
                f,
                "{} {} {}",
                self.day,
                MONTH_NAMES[self.month as usize - 1],
                self.year
            ),
        }
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({})", self.to_iso())
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
        serializer.serialize_str(&self.to_iso())
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

    #[test]
    fn parses_each_precision() {
        assert_eq!(Date::parse("2011").unwrap().precision(), Precision::Year);
        assert_eq!(
            Date::parse("2011-03").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            Date::parse("2011-03-15").unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn rejects_malformed_and_impossible_dates() {
        for bad in [
            "2016-02-30",
            "16-2-3",
            "2016-13",
            "2016-00",
            "0000",
            "2016-2",
            "2016-02-3",
            "",
            "2016-",
            "2016-02-27-01",
            " 2016",
            "2016-02-29x",
            "２０１６",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(Date::parse("2016-02-29").is_ok(), "2016 is a leap year");
        let message = Date::parse("2016-02-30").unwrap_err().to_string();
        assert!(message.contains("February 2016 has 29 days"), "{message}");
        assert!(message.contains("YYYY-MM-DD"), "{message}");
    }

    #[test]
    fn displays_at_its_precision() {
        assert_eq!(Date::parse("2011").unwrap().to_string(), "2011");
        assert_eq!(Date::parse("2011-03").unwrap().to_string(), "March 2011");
        assert_eq!(
            Date::parse("2011-03-15").unwrap().to_string(),
            "15 March 2011"
        );
    }

    #[test]
    fn ranges_read_like_prose() {
        let d = |text: &str| Date::parse(text).unwrap();
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
    }

    #[test]
    fn a_month_covers_the_whole_month() {
        let february = Date::parse("2016-02").unwrap();
        assert_eq!(
            february.first_day(),
            NaiveDate::from_ymd_opt(2016, 2, 1).unwrap()
        );
        assert_eq!(
            february.last_day(),
            NaiveDate::from_ymd_opt(2016, 2, 29).unwrap()
        );
        assert_eq!(february.end_instant() - february.start_instant(), 29.0);
        let year = Date::parse("2015").unwrap();
        assert_eq!(year.end_instant() - year.start_instant(), 365.0);
        let day = Date::parse("2016-02-27").unwrap();
        assert_eq!(day.end_instant() - day.start_instant(), 1.0);
    }

    #[test]
    fn instants_count_days_from_the_unix_epoch() {
        assert_eq!(Date::parse("1970-01-01").unwrap().start_instant(), 0.0);
        assert_eq!(Date::parse("1970-01-02").unwrap().start_instant(), 1.0);
        let truce = Date::parse("2016-02-27").unwrap();
        assert_eq!(
            naive_from_unix_days(truce.start_instant() + 0.5),
            Some(truce.first_day())
        );
    }

    #[test]
    fn orders_chronologically_coarse_first() {
        let mut dates: Vec<Date> = ["2016-01-01", "2015-12", "2016", "2016-01"]
            .iter()
            .map(|text| Date::parse(text).unwrap())
            .collect();
        dates.sort();
        let texts: Vec<String> = dates.iter().map(|d| d.to_iso()).collect();
        assert_eq!(texts, ["2015-12", "2016", "2016-01", "2016-01-01"]);
    }
}
