//! A quick look at a conflict event file (UCDP GED or ACLED) without
//! converting it: its format, the countries its rows name with how many rows
//! each, the columns its lanes can be made from, and the dates it spans. The
//! app's Open window shows these as the choices of
//! [`ImportOptions`](crate::load::ImportOptions) before the file is opened.
//!
//! One pass over the rows reads only the cells it needs (the country and the
//! dates) as bytes, so a file of a few hundred megabytes is surveyed in about
//! the time it takes to read it; a plain `.csv` is read as it is surveyed,
//! a mebibyte at a time, never whole. Rows that are not events (bad dates,
//! no country, text that is not UTF-8) are passed over without a word: the
//! load reports them.

use std::collections::HashMap;

use super::{acled, ged};
use crate::model::Date;

/// The two kinds of conflict event data the importers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictFormat {
    /// UCDP's Georeferenced Event Dataset.
    Ged,
    /// An ACLED event export.
    Acled,
}

impl ConflictFormat {
    /// How the app names the format.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ged => "UCDP GED",
            Self::Acled => "ACLED",
        }
    }

    /// What the lanes are when no column is chosen.
    pub fn default_lanes(self) -> &'static str {
        match self {
            Self::Ged => "type of violence",
            Self::Acled => "event type",
        }
    }

    /// The columns lanes can be made from, the default first, in the order
    /// they are offered.
    fn group_columns(self) -> impl Iterator<Item = &'static str> {
        let columns: &'static [(&'static str, &'static [&'static str])] = match self {
            Self::Ged => &super::ged::GROUP_COLUMNS,
            Self::Acled => &super::acled::GROUP_COLUMNS,
        };
        columns.iter().map(|(name, _)| *name)
    }

    /// The columns of a row's first and last date.
    fn date_columns(self) -> (&'static str, &'static str) {
        match self {
            Self::Ged => ("date_start", "date_end"),
            Self::Acled => ("event_date", "event_date"),
        }
    }

    fn parse_day(self, cell: &str) -> Option<(i64, u32, u32)> {
        match self {
            Self::Ged => ged::parse_day(cell),
            Self::Acled => acled::parse_date(cell),
        }
    }
}

/// What a conflict event file holds, as far as choosing what to open goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictSurvey {
    pub format: ConflictFormat,
    /// Each country the rows name (trimmed, as the file spells it) with its
    /// number of rows, most rows first, then by name.
    pub countries: Vec<(String, usize)>,
    /// The columns of this file lanes can be made from, as the import
    /// options name them (lower case); the default lanes' column first when
    /// the file has it.
    pub group_columns: Vec<String>,
    /// The earliest start and the latest end among the rows' dates.
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// Data rows read (blank rows and ACLED's row of hashtags aside).
    pub rows: usize,
}

/// A header cell as a key: trimmed, without a byte order mark or quotes,
/// in lower case.
fn key(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .to_ascii_lowercase()
}

/// A cell's text, trimmed; `None` when empty or `NA`.
fn value(record: &csv::ByteRecord, column: Option<usize>) -> Option<&str> {
    let cell = std::str::from_utf8(record.get(column?)?).ok()?.trim();
    (!cell.is_empty() && !cell.eq_ignore_ascii_case("na")).then_some(cell)
}

/// Surveys a CSV as it is read: `None` when it is neither GED nor ACLED
/// (the header decides, as when the file is opened). Only a buffer's worth
/// of the file is held at a time, so a file of gigabytes is surveyed in
/// little memory.
pub(crate) fn survey_csv(csv: impl std::io::Read) -> Option<ConflictSurvey> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(csv);
    let mut record = csv::ByteRecord::new();
    let header = loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) if record.iter().all(|cell| cell.trim_ascii().is_empty()) => continue,
            Ok(true) => {
                break record
                    .iter()
                    .map(|cell| String::from_utf8_lossy(cell).into_owned())
                    .collect::<Vec<_>>();
            }
            Ok(false) | Err(_) => return None,
        }
    };
    // ACLED first, as the loader tells them apart.
    let format = if acled::recognises(&header) {
        ConflictFormat::Acled
    } else if ged::recognises(&header) {
        ConflictFormat::Ged
    } else {
        return None;
    };
    let keys: Vec<String> = header.iter().map(|name| key(name)).collect();
    let position = |name: &str| keys.iter().position(|k| k == name);
    let country = position("country");
    let (start_name, end_name) = format.date_columns();
    let (start, end) = (position(start_name), position(end_name));
    let group_columns = format
        .group_columns()
        .filter(|name| position(name).is_some())
        .map(str::to_owned)
        .collect();

    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut first: Option<(i64, u32, u32)> = None;
    let mut last: Option<(i64, u32, u32)> = None;
    let mut rows = 0;
    // A read error ends the survey where it is: the load says what it is.
    while let Ok(true) = reader.read_byte_record(&mut record) {
        if record.iter().all(|cell| cell.trim_ascii().is_empty())
            || record.iter().all(|cell| {
                let cell = cell.trim_ascii();
                cell.is_empty() || cell.starts_with(b"#")
            })
        {
            // Blank rows, and the row of HXL hashtags under an ACLED header.
            continue;
        }
        rows += 1;
        if let Some(name) = value(&record, country) {
            match counts.get_mut(name) {
                Some(count) => *count += 1,
                None => {
                    counts.insert(name.to_owned(), 1);
                }
            }
        }
        let day_of = |column| value(&record, column).and_then(|cell| format.parse_day(cell));
        if let Some(day) = day_of(start) {
            first = Some(first.map_or(day, |first| first.min(day)));
        }
        if let Some(day) = day_of(end).or_else(|| day_of(start)) {
            last = Some(last.map_or(day, |last| last.max(day)));
        }
    }
    let mut countries: Vec<(String, usize)> = counts.into_iter().collect();
    countries.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let date = |day: Option<(i64, u32, u32)>| day.and_then(|(y, m, d)| Date::day(y, m, d));
    Some(ConflictSurvey {
        format,
        countries,
        group_columns,
        first: date(first),
        last: date(last),
        rows,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    const GED_HEADER: &str = "id,type_of_violence,conflict_name,dyad_name,side_a,side_b,\
        country,adm_1,date_prec,date_start,date_end,best\n";

    #[test]
    fn ged_rows_are_counted_by_country_most_first() {
        let text = format!(
            "{GED_HEADER}\
             1,1,A,A-B,A,B,Syria,Idlib,1,2016-02-27 00:00:00.000,2016-02-27 00:00:00.000,3\n\
             2,1,A,A-B,A,B,Iraq,Ninewa,1,2015-01-02,2015-01-03,3\n\
             3,1,A,A-B,A,B, Syria ,Idlib,1,2016-05-01,2016-06-30,3\n\
             \n\
             4,1,A,A-B,A,B,NA,,1,not a date,,3\n"
        );
        let survey = survey_csv(text.as_bytes()).expect("GED");
        assert_eq!(survey.format, ConflictFormat::Ged);
        assert_eq!(
            survey.countries,
            [("Syria".to_owned(), 2), ("Iraq".to_owned(), 1)]
        );
        assert_eq!(
            survey.group_columns,
            [
                "type_of_violence",
                "conflict_name",
                "dyad_name",
                "side_a",
                "side_b",
                "country",
                "adm_1"
            ]
        );
        assert_eq!(survey.first, Date::day(2015, 1, 2));
        assert_eq!(survey.last, Date::day(2016, 6, 30));
        assert_eq!(survey.rows, 4);
    }

    #[test]
    fn acled_hashtags_are_not_a_row_and_ties_go_by_name() {
        let text = "event_id_cnty,event_date,event_type,actor1,country,admin1,fatalities\n\
             #event+code,#date+occurred,#event+type,#group+name,#country+name,#adm1+name,#affected+killed\n\
             A1,14 March 2024,Battles,X,Sudan,Khartoum,1\n\
             A2,2024-01-02,Riots,Y,Mali,Gao,0\n";
        let survey = survey_csv(text.as_bytes()).expect("ACLED");
        assert_eq!(survey.format, ConflictFormat::Acled);
        assert_eq!(
            survey.countries,
            [("Mali".to_owned(), 1), ("Sudan".to_owned(), 1)]
        );
        assert_eq!(
            survey.group_columns,
            ["event_type", "actor1", "country", "admin1"]
        );
        assert_eq!(survey.first, Date::day(2024, 1, 2));
        assert_eq!(survey.last, Date::day(2024, 3, 14));
        assert_eq!(survey.rows, 2);
    }

    #[test]
    fn other_csv_is_not_surveyed() {
        assert_eq!(
            survey_csv(b"Year,Month,Day,Headline\n2016,1,1,Hi\n".as_slice()),
            None
        );
        assert_eq!(survey_csv(b"".as_slice()), None);
        assert_eq!(survey_csv(b"\n\n".as_slice()), None);
    }
}
