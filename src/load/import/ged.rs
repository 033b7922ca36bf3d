//! UCDP GED event files as CSV: the Uppsala Conflict Data Program's
//! Georeferenced Event Dataset, one row per event of organised violence.
//!
//! A CSV is read as GED when its header names enough of GED's own columns
//! ([`recognises`]); headers match case-insensitively, in any order, with
//! unknown columns ignored, so the 49-column layout of recent releases
//! (`id, relid, year, active_year, code_status, type_of_violence, …, best,
//! high, low, gwnoa, gwnob`) and older ones (`best_est`, `low_est`,
//! `high_est`; without `relid`, `code_status` or the `*_dset_id` columns)
//! read alike. `NA` and empty cells are missing values.
//!
//! Each row becomes an event, as the codebook defines the columns:
//! - `id` is the event's id (`ged-ID`); `type_of_violence` 1, 2, 3 its lane
//!   (state-based conflict, non-state conflict, one-sided violence);
//! - `date_start` and `date_end` are the earliest and latest possible dates,
//!   and `date_prec` says how well the date is known: 1 the exact day, 2 a
//!   range of 2–6 days, 3 a week, 4 a range of 8–30 days or a month, 5 a
//!   range of more than a month within one year. Precisions 2–5 make the
//!   event `approximate`; a window that is a whole calendar month (4, 5) or
//!   year (5) becomes that month or year;
//! - `best` (with `low`, `high`) gives the title's deaths and the importance;
//! - the place, the sides, the death breakdown and the sources' headline make
//!   the summary; `source_article` and `source_office` the row's source.
//!
//! Deaths are also charted: monthly series per lane and in total
//! ([`super::fatalities`]), sourced to the dataset (`ucdp-ged`).
//!
//! A row that cannot be an event (no id, a bad date, an unknown type of
//! violence, a repeated id) is skipped with a warning at its cell; a header
//! without a required column is an error.
//!
//! The import options ([`filter`]) leave out rows of other countries or
//! dates before anything of them is read, and may take the lanes from
//! another column.

use compact_str::CompactString;
use foldhash::HashMap;
use std::sync::Arc;

use super::fatalities::{Naming, Tally};
use super::filter::{self, Grouping, RowFilter};
use super::parts::{self, PartEnd, PartReader, PartRows, Step};
use super::records::{Record, trimmed};
use super::sheet::scan_record;
use super::texts::{EventTexts, NewEvent};
use super::windows::{self, Cutter, Window};
use super::{Converted, parse_part};
use crate::load::ImportOptions;
use crate::load::diagnostic::{Diagnostic, Problem};
use crate::load::parse::{FileText, ItemRef};
use crate::model::{Date, Lane, Source, Text, days_in_month};

/// The name messages give the format.
const FORMAT: &str = "UCDP GED";

/// Columns only GED files have: a header with [`SIGNATURE_NEEDED`] of them
/// is GED's.
const SIGNATURE: [&str; 17] = [
    "type_of_violence",
    "date_prec",
    "date_start",
    "date_end",
    "where_prec",
    "where_coordinates",
    "where_description",
    "dyad_name",
    "conflict_name",
    "side_a",
    "side_b",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "event_clarity",
    "best_est",
];
const SIGNATURE_NEEDED: usize = 3;

/// The columns every GED file has and an event cannot do without, as the
/// codebook names them.
const REQUIRED: [&str; 6] = [
    "id",
    "type_of_violence",
    "date_prec",
    "date_start",
    "date_end",
    "best",
];

/// The lanes of `type_of_violence` 1, 2 and 3: ids and the codebook's names.
const LANES: [(&str, &str); 3] = [
    ("state-based-conflict", "State-based conflict"),
    ("non-state-conflict", "Non-state conflict"),
    ("one-sided-violence", "One-sided violence"),
];

/// The columns `--group-by` accepts in a GED file, with their short names.
pub(super) const GROUP_COLUMNS: [(&str, &[&str]); 9] = [
    ("type_of_violence", &["type"]),
    ("conflict_name", &["conflict"]),
    ("dyad_name", &["dyad"]),
    ("side_a", &["side"]),
    ("side_b", &[]),
    ("country", &[]),
    ("region", &[]),
    ("adm_1", &["admin1"]),
    ("adm_2", &["admin2"]),
];

/// How the import options see GED's columns.
const OPTIONS_FORMAT: filter::Format = filter::Format {
    name: "a UCDP GED file",
    group_columns: &GROUP_COLUMNS,
    default_lanes: "type_of_violence",
};

/// The id of the source every event cites: the dataset itself.
const DATASET_SOURCE: &str = "ucdp-ged";

/// How a header cell is compared: trimmed, without a byte order mark, in
/// lowercase.
fn key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
}

/// Whether a CSV header is GED's: it names at least three of the columns
/// that only GED has.
pub(crate) fn recognises(header: &[String]) -> bool {
    header
        .iter()
        .filter(|name| SIGNATURE.contains(&key(name).as_str()))
        .count()
        >= SIGNATURE_NEEDED
}

/// Where each column used is (0-based), if the file has it.
#[derive(Clone, Copy, Debug, Default)]
struct Columns {
    id: Option<usize>,
    relid: Option<usize>,
    type_of_violence: Option<usize>,
    conflict_name: Option<usize>,
    dyad_name: Option<usize>,
    side_a: Option<usize>,
    side_b: Option<usize>,
    source_article: Option<usize>,
    source_office: Option<usize>,
    source_date: Option<usize>,
    source_headline: Option<usize>,
    where_prec: Option<usize>,
    where_coordinates: Option<usize>,
    where_description: Option<usize>,
    adm_1: Option<usize>,
    adm_2: Option<usize>,
    country: Option<usize>,
    event_clarity: Option<usize>,
    date_prec: Option<usize>,
    date_start: Option<usize>,
    date_end: Option<usize>,
    deaths_a: Option<usize>,
    deaths_b: Option<usize>,
    deaths_civilians: Option<usize>,
    deaths_unknown: Option<usize>,
    best: Option<usize>,
    high: Option<usize>,
    low: Option<usize>,
}

impl Columns {
    fn from_header(names: &[String]) -> Self {
        let mut columns = Self::default();
        for (index, name) in names.iter().enumerate() {
            let slot = match key(name).as_str() {
                "id" => &mut columns.id,
                "relid" => &mut columns.relid,
                "type_of_violence" => &mut columns.type_of_violence,
                "conflict_name" => &mut columns.conflict_name,
                "dyad_name" => &mut columns.dyad_name,
                "side_a" => &mut columns.side_a,
                "side_b" => &mut columns.side_b,
                "source_article" => &mut columns.source_article,
                "source_office" => &mut columns.source_office,
                "source_date" => &mut columns.source_date,
                "source_headline" => &mut columns.source_headline,
                "where_prec" => &mut columns.where_prec,
                "where_coordinates" => &mut columns.where_coordinates,
                "where_description" => &mut columns.where_description,
                "adm_1" => &mut columns.adm_1,
                "adm_2" => &mut columns.adm_2,
                "country" => &mut columns.country,
                "event_clarity" => &mut columns.event_clarity,
                "date_prec" => &mut columns.date_prec,
                "date_start" => &mut columns.date_start,
                "date_end" => &mut columns.date_end,
                "deaths_a" => &mut columns.deaths_a,
                "deaths_b" => &mut columns.deaths_b,
                "deaths_civilians" => &mut columns.deaths_civilians,
                "deaths_unknown" => &mut columns.deaths_unknown,
                // Releases before 5.0 named the estimates `*_est`.
                "best" | "best_est" => &mut columns.best,
                "high" | "high_est" => &mut columns.high,
                "low" | "low_est" => &mut columns.low,
                _ => continue,
            };
            slot.get_or_insert(index);
        }
        columns
    }

    /// The required columns, in [`REQUIRED`]'s order.
    fn required(&self) -> [Option<usize>; 6] {
        [
            self.id,
            self.type_of_violence,
            self.date_prec,
            self.date_start,
            self.date_end,
            self.best,
        ]
    }
}

/// Reads the rows of one file.
struct Reader<'f, 'a> {
    file: &'f FileText<'a>,
    out: Converted,
    headers: Vec<String>,
    columns: Columns,
    /// How many cells the header has up to its last named one.
    width: usize,
    /// The row each event id was first read from, to skip repeats (an id
    /// held in the key itself: no allocation for each of 300,000 rows).
    ids: HashMap<CompactString, usize>,
    /// The first row of each lane's events, if any.
    lane_rows: [Option<usize>; 3],
    /// Where the header is: the place of errors about the options.
    header_offset: usize,
    /// The rows the import options keep.
    rows: RowFilter,
    /// The lanes of `--group-by`, instead of the types of violence.
    grouping: Option<Grouping>,
    /// Deaths by lane and month, for the fatality series.
    tally: Tally,
    /// The texts of the events read.
    texts: EventTexts,
}

/// One data row: its cells and where it starts.
struct Row<'r> {
    record: &'r Record<'r>,
    offset: usize,
}

impl Row<'_> {
    /// The trimmed cell of a column; `None` when absent, empty or `NA`.
    fn cell(&self, column: Option<usize>) -> Option<&str> {
        let cell = trimmed(self.record.get(column?)?);
        (!cell.is_empty() && cell != "NA").then_some(cell)
    }
}

impl Reader<'_, '_> {
    fn push(&mut self, offset: usize, problem: Problem) {
        self.out.diagnostics.push(Diagnostic {
            place: self.file.place(offset),
            problem,
        });
    }

    /// Where a cell of a row starts (scanned only for a message).
    fn cell_offset(&self, row: &Row<'_>, column: usize) -> usize {
        scan_record(self.file.text, row.offset)
            .field_starts
            .get(column)
            .copied()
            .unwrap_or(row.offset)
    }

    /// How messages name a column: its header as written.
    fn header(&self, column: usize) -> String {
        self.headers
            .get(column)
            .map(|name| name.trim().trim_start_matches('\u{feff}').to_owned())
            .unwrap_or_default()
    }

    /// Warns that a row is skipped because of one of its cells.
    fn skip(&mut self, row: &Row<'_>, column: usize, problem: &str) {
        let offset = self.cell_offset(row, column);
        let header = self.header(column);
        self.push(
            offset,
            Problem::NotImported {
                what: "this row".into(),
                reason: format!("column {} `{header}` {problem}", column + 1),
            },
        );
    }

    /// A count of deaths: a whole number ≥ 0, or `None` when missing. A
    /// value that is not one is `Err` after a warning.
    fn count(&mut self, row: &Row<'_>, column: Option<usize>) -> Result<Option<u64>, ()> {
        let Some(cell) = row.cell(column) else {
            return Ok(None);
        };
        match parse_part(cell) {
            Ok(Some(number)) if number >= 0 => Ok(u64::try_from(number).ok()),
            _ => {
                if let Some(column) = column {
                    self.skip(
                        row,
                        column,
                        &format!("is {cell:?}; a number of deaths is a whole number ≥ 0, e.g. 12"),
                    );
                }
                Err(())
            }
        }
    }

    /// A date column's day; `None` after a warning.
    fn day(&mut self, row: &Row<'_>, column: Option<usize>) -> Option<(i64, u32, u32)> {
        let index = column?;
        let Some(cell) = row.cell(column) else {
            self.skip(
                row,
                index,
                "has no value; every event needs its date_start and date_end",
            );
            return None;
        };
        let day = parse_day(cell);
        if day.is_none() {
            self.skip(
                row,
                index,
                &format!("is {cell:?}; a date is written year-month-day, e.g. 2017-01-31 (a time after it, as in 2017-01-31 00:00:00.000, is ignored)"),
            );
        }
        day
    }

    /// Whether the import options keep a row: tested before anything of
    /// its event is built. A date that cannot be read is left to
    /// [`Reader::row`] to warn about.
    fn wanted(&mut self, row: &Row<'_>) -> bool {
        if !self
            .rows
            .keeps_country(row.cell(self.columns.country).unwrap_or_default())
        {
            return false;
        }
        if self.rows.has_window()
            && let Some(start) = row.cell(self.columns.date_start).and_then(parse_day)
        {
            let end = row
                .cell(self.columns.date_end)
                .and_then(parse_day)
                .unwrap_or(start);
            return self.rows.keeps_days(start, end);
        }
        true
    }

    /// The lane of an event: its `--group-by` value's, else its type of
    /// violence's (`lane`, 0 to 2).
    fn lane_id(&mut self, row: &Row<'_>, lane: usize) -> Text {
        match &mut self.grouping {
            Some(grouping) => {
                let cell = row.record.get(grouping.column).unwrap_or_default();
                let lane = grouping.lane(cell, row.offset);
                self.texts.shared(&lane)
            }
            None => {
                self.lane_rows[lane].get_or_insert(row.offset);
                self.texts.shared(LANES[lane].0)
            }
        }
    }

    fn row(&mut self, row: &Row<'_>) {
        if !self.wanted(row) {
            return;
        }
        let columns = self.columns;
        // The id.
        let Some(id_cell) = row.cell(columns.id) else {
            if let Some(column) = columns.id {
                self.skip(row, column, "has no value; every GED event has an id");
            }
            return;
        };
        let id = event_id(id_cell);
        let id_cell = one_line(id_cell);
        if id.len() <= "ged-".len() {
            if let Some(column) = columns.id {
                self.skip(
                    row,
                    column,
                    &format!("is {id_cell:?}; a GED id is a number, e.g. 244657"),
                );
            }
            return;
        }
        if let Some(&first) = self.ids.get(id.as_str()) {
            if let Some(column) = columns.id {
                let first = self.file.place(first);
                self.skip(
                    row,
                    column,
                    &format!("repeats the id {id_cell:?} of the row at {first}; ids are unique in GED, so the first row is kept"),
                );
            }
            return;
        }
        // The lane.
        let lane = match row.cell(columns.type_of_violence).map(code) {
            Some(Some(1)) => 0,
            Some(Some(2)) => 1,
            Some(Some(3)) => 2,
            _ => {
                let other = row.cell(columns.type_of_violence);
                if let Some(column) = columns.type_of_violence {
                    let value = other.map_or_else(|| "empty".to_owned(), |v| format!("{v:?}"));
                    self.skip(
                        row,
                        column,
                        &format!("is {value}; GED's types of violence are 1 (state-based conflict), 2 (non-state conflict) and 3 (one-sided violence)"),
                    );
                }
                return;
            }
        };
        // The dates.
        let precision = match row.cell(columns.date_prec) {
            None => None,
            Some(cell) => match parse_part(cell) {
                Ok(Some(number @ 1..=5)) => Some(number),
                _ => {
                    if let Some(column) = columns.date_prec {
                        self.skip(
                            row,
                            column,
                            &format!("is {cell:?}; GED's date_prec is 1 (the exact day) to 5 (a range within one year)"),
                        );
                    }
                    return;
                }
            },
        };
        let Some(start) = self.day(row, columns.date_start) else {
            return;
        };
        let end = match row.cell(columns.date_end) {
            None => start,
            Some(_) => match self.day(row, columns.date_end) {
                Some(end) => end,
                None => return,
            },
        };
        if end < start {
            if let Some(column) = columns.date_end {
                self.skip(
                    row,
                    column,
                    &format!(
                        "({}) is before date_start ({}); the last possible date cannot come before the first",
                        show_day(end),
                        show_day(start)
                    ),
                );
            }
            return;
        }
        let Some((start_date, end_date)) = dates(start, end, precision) else {
            // Days were checked when read; only a year beyond the calendar
            // fails here.
            if let Some(column) = columns.date_start {
                self.skip(row, column, "is beyond the calendar's years");
            }
            return;
        };
        // The deaths.
        let Ok(best) = self.count(row, columns.best) else {
            return;
        };
        let mut counts = [0; 6];
        let mut given = [false; 6];
        for (index, column) in [
            columns.low,
            columns.high,
            columns.deaths_a,
            columns.deaths_b,
            columns.deaths_civilians,
            columns.deaths_unknown,
        ]
        .into_iter()
        .enumerate()
        {
            let Ok(count) = self.count(row, column) else {
                return;
            };
            if let Some(count) = count {
                counts[index] = count;
                given[index] = true;
            }
        }

        let text = |column: Option<usize>| row.cell(column).map(one_line);
        let side_a = text(columns.side_a);
        let side_b = text(columns.side_b);
        let country = text(columns.country);
        let adm_1 = text(columns.adm_1);
        let adm_2 = text(columns.adm_2);
        let place = text(columns.where_coordinates)
            .or_else(|| adm_2.clone())
            .or_else(|| adm_1.clone())
            .or_else(|| country.clone());

        let mut title = match (&side_a, &side_b) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(one), None) | (None, Some(one)) => one.clone(),
            (None, None) => text(columns.dyad_name)
                .or_else(|| text(columns.conflict_name))
                .unwrap_or_else(|| format!("GED event {id_cell}")),
        };
        if let Some(place) = &place {
            title.push_str(", ");
            title.push_str(place);
        }
        if let Some(best) = best {
            title.push_str(&format!(": {}", deaths(best)));
        }

        // Room for the cells it quotes and its own sentences, so that the
        // text is not copied as it grows.
        let mut summary = String::with_capacity(row.record.bytes() + 256);
        if let Some(description) = text(columns.where_description) {
            line(&mut summary, description);
        }
        let mut first_area = true;
        for area in [&adm_2, &adm_1, &country].into_iter().flatten() {
            if first_area {
                line(&mut summary, area);
                first_area = false;
            } else {
                summary.push_str(", ");
                summary.push_str(area);
            }
        }
        if let Some(code) = row.cell(columns.where_prec).and_then(code)
            && let Some(meaning) = where_meaning(code)
        {
            line(
                &mut summary,
                format!("Location precision: {meaning} (where_prec {code})."),
            );
        }
        if let Some(best) = best {
            let mut told = format!("Deaths: {best} (best estimate");
            match (given[0], given[1]) {
                (true, true) => told.push_str(&format!("; low {}, high {}", counts[0], counts[1])),
                (true, false) => told.push_str(&format!("; low {}", counts[0])),
                (false, true) => told.push_str(&format!("; high {}", counts[1])),
                (false, false) => {}
            }
            told.push(')');
            let mut separator = ": ";
            for (index, name) in [
                (2, "side A"),
                (3, "side B"),
                (4, "civilians"),
                (5, "unknown"),
            ] {
                if given[index] {
                    told.push_str(separator);
                    told.push_str(&format!("{name} {}", counts[index]));
                    separator = ", ";
                }
            }
            told.push('.');
            line(&mut summary, told);
        }
        match (&side_a, &side_b) {
            (Some(a), Some(b)) => line(&mut summary, format!("Side A: {a}. Side B: {b}.")),
            (Some(a), None) => line(&mut summary, format!("Side A: {a}.")),
            (None, Some(b)) => line(&mut summary, format!("Side B: {b}.")),
            (None, None) => {}
        }
        if let Some(conflict) = text(columns.conflict_name) {
            line(&mut summary, format!("Conflict: {conflict}."));
        }
        if let Some(precision) = precision
            && precision > 1
        {
            line(
                &mut summary,
                format!(
                    "Date known only {} (date_prec {precision}).",
                    date_meaning(precision)
                ),
            );
        }
        if row.cell(columns.event_clarity).and_then(code) == Some(2) {
            line(
                &mut summary,
                "Lower clarity: the reports do not allow the event to be fully identified (event_clarity 2).",
            );
        }
        if let Some(headline) = text(columns.source_headline) {
            line(&mut summary, format!("Headline: {headline}"));
        }
        match text(columns.relid) {
            Some(relid) => line(&mut summary, format!("UCDP GED event {id_cell} ({relid}).")),
            None => line(&mut summary, format!("UCDP GED event {id_cell}.")),
        }

        let article = text(columns.source_article);
        let office = text(columns.source_office);
        let own_source = article.is_some() || office.is_some();
        if own_source {
            let source_date = row
                .cell(columns.source_date)
                .and_then(parse_day)
                .and_then(|(year, month, day)| Date::day(year, month, day));
            self.out.dataset.sources.push(Source {
                id: id.to_string(),
                title: article
                    .or_else(|| text(columns.source_headline))
                    .unwrap_or_else(|| format!("Sources of UCDP GED event {id_cell}")),
                publisher: office,
                date: source_date,
                url: None,
            });
            self.out.places.sources.push(item(row.offset));
        }
        let sources = vec![self.texts.shared(DATASET_SOURCE)];

        let mut tags: Vec<&str> = Vec::with_capacity(4);
        for tag in [&side_a, &side_b, &country, &adm_1].into_iter().flatten() {
            if !tags.contains(&tag.as_str()) {
                tags.push(tag);
            }
        }

        let lane = self.lane_id(row, lane);
        self.ids.insert(id.clone(), row.offset);
        self.texts.push(
            &mut self.out.dataset.events,
            NewEvent {
                id: &id,
                title: &title,
                summary: Some(&summary),
                tags: &tags,
                sources,
                own_source,
                lane,
                start: start_date,
                end: end_date,
                ongoing: false,
                importance: importance(best),
                approximate: precision.is_some_and(|precision| precision > 1),
            },
        );
        self.out.places.events.push(item(row.offset));
        self.tally_last(
            (start.0, start.1),
            best,
            given[0].then_some(counts[0]),
            given[1].then_some(counts[1]),
        );
    }

    /// Counts the deaths of the event just pushed in the month of its
    /// `date_start`, in its lane.
    fn tally_last(
        &mut self,
        month: (i64, u32),
        best: Option<u64>,
        low: Option<u64>,
        high: Option<u64>,
    ) {
        if let Some(event) = self.out.dataset.events.last() {
            self.tally.add(&event.lane, month, best, low, high);
        }
    }
}

/// An item placed at an offset (see the TimelineJS builder's items).
fn item(offset: usize) -> ItemRef {
    ItemRef {
        file: 0,
        range: offset..offset,
    }
}

/// Reads a GED file; `stem` (the file's name without its extension) titles
/// the dataset and may say the release (`GEDEvent_v24_1`, `ged241`).
pub(crate) fn convert(file: &FileText<'_>, stem: &str, options: &ImportOptions) -> Converted {
    convert_in_parts(
        file,
        stem,
        options,
        parts::default_parts(),
        parts::MIN_PART_BYTES,
    )
}

/// [`convert`], the rows read in up to `parts` parts of at least
/// `min_part_bytes` on as many threads ([`parts`]).
pub(super) fn convert_in_parts(
    file: &FileText<'_>,
    stem: &str,
    options: &ImportOptions,
    parts: usize,
    min_part_bytes: usize,
) -> Converted {
    let text = file.text;
    let mut reader = Reader::new(file);
    let Some((offset, body)) = reader.read_header(text, options) else {
        return reader.out;
    };
    // Hundreds of thousands of rows: room for them all at once rather than
    // copied as the lists grow.
    let rows = super::estimated_rows(text, offset);
    if let Some(done) = parts::read_in_parts(
        text,
        body,
        (parts, min_part_bytes),
        rows,
        |capacity| reader.part(capacity),
        |part, from, until| part.read_rows(from, until),
    ) {
        let mut merged = reader.part(0);
        merged
            .out
            .diagnostics
            .absorb(std::mem::take(&mut reader.out.diagnostics));
        if done.into_iter().all(|part| merged.absorb(part)) {
            return finish(merged, stem, options);
        }
    }
    reader.reserve(rows);
    reader.read_rows(body, usize::MAX);
    finish(reader, stem, options)
}

/// [`convert`] for a file too big to hold whole, read a window at a time
/// ([`windows`]): the converted file, and the file's text without the text
/// that places its items; `None` when the file is to be read whole (a
/// quoted cell over a window's end, an id given twice, text that is not
/// UTF-8, a header that is not right: the whole file's reading reports each
/// where it is).
pub(super) fn convert_in_windows(
    file: &std::fs::File,
    size: u64,
    name: &Arc<str>,
    stem: &str,
    options: &ImportOptions,
    window_bytes: usize,
) -> Option<(Converted, FileText<'static>)> {
    let mut cutter = Cutter::new(file, size, window_bytes);
    let first = cutter.next(Vec::new())?.ok()?;
    let whole = FileText::read_in_windows(name.clone());
    let (mut template, body, known) = {
        let text = first.file_text(name);
        let mut reader = Reader::new(&text);
        let (offset, body) = reader.read_header(&first.text, options)?;
        let known = windows::places_of(&first, &text, [offset].into_iter());
        (reader.detach(&whole, &first).0, body, known)
    };
    let header_problems = std::mem::take(&mut template.out.diagnostics);
    let mut merged = template.part_of(&whole, windows::estimated_rows(&first, body, size));
    merged.out.diagnostics.absorb(header_problems);
    let window_rows = windows::estimated_rows(&first, body, first.text.len() as u64);
    let done = windows::convert_rows(
        cutter,
        (first, body),
        (&whole, known),
        &mut merged,
        |window, from| {
            let text = window.file_text(name);
            let mut part = template.part_of(&text, window_rows);
            let rows = part.read_rows(from, usize::MAX);
            (rows.end != PartEnd::Unreadable).then(|| part.detach(&whole, window))
        },
        Reader::absorb,
    );
    if !done {
        return None;
    }
    let converted = finish(merged, stem, options);
    Some((converted, whole))
}

impl<'f, 'a> Reader<'f, 'a> {
    /// A reader of `file` before its header is read.
    fn new(file: &'f FileText<'a>) -> Self {
        Reader {
            file,
            out: Converted::default(),
            headers: Vec::new(),
            columns: Columns::default(),
            width: 0,
            ids: HashMap::default(),
            lane_rows: [None; 3],
            header_offset: 0,
            rows: RowFilter::default(),
            grouping: None,
            tally: Tally::default(),
            texts: EventTexts::default(),
        }
    }

    /// Reads the header of `text` (the reader's file or its first window)
    /// and checks it and the import options against it, reporting what is
    /// wrong: where the header starts and where the rows after it do, or
    /// `None` when no rows are to be read.
    fn read_header(&mut self, text: &str, options: &ImportOptions) -> Option<(usize, usize)> {
        let mut header = PartReader::new(text, 0, usize::MAX);
        let mut record = Record::new(text);
        let offset = match header.next(&mut record) {
            Step::Row(offset) => offset,
            Step::Done(_) => {
                check_header(self, 0);
                return None;
            }
            Step::Unreadable(offset, problem) => {
                self.push(offset, problem);
                return None;
            }
        };
        self.headers = record.iter().map(str::to_owned).collect();
        self.columns = Columns::from_header(&self.headers);
        self.width = named_width(&record);
        if !check_header(self, offset) || !check_options(self, options, offset) {
            return None;
        }
        Some((offset, header.position()))
    }

    /// What a window's reader made, handed on to the file read a window at
    /// a time: its offsets counted from the file's start, with the places
    /// of the rows its items come from, found while the window is held.
    fn detach<'g>(
        mut self,
        whole: &'g FileText<'static>,
        window: &Window,
    ) -> (Reader<'g, 'static>, Vec<(u64, u32, u32)>) {
        let offsets = super::place_offsets(&self.out.places)
            .chain(self.lane_rows.iter().flatten().copied())
            .chain(self.grouping.iter().flat_map(Grouping::first_rows));
        let places = windows::places_of(window, self.file, offsets);
        let by = window.base;
        super::shift_places(&mut self.out.places, by);
        for offset in self.ids.values_mut() {
            *offset += by;
        }
        for offset in self.lane_rows.iter_mut().flatten() {
            *offset += by;
        }
        if let Some(grouping) = &mut self.grouping {
            grouping.shift_rows(by);
        }
        let reader = Reader {
            file: whole,
            out: self.out,
            headers: self.headers,
            columns: self.columns,
            width: self.width,
            ids: self.ids,
            lane_rows: self.lane_rows,
            header_offset: self.header_offset,
            rows: self.rows,
            grouping: self.grouping,
            tally: self.tally,
            texts: self.texts,
        };
        (reader, places)
    }

    /// A reader of a part of the rows: the header's columns and options,
    /// nothing read yet, with room for `rows` rows.
    fn part(&self, rows: usize) -> Self {
        self.part_of(self.file, rows)
    }

    /// [`Reader::part`] reading `file`: a window of the file.
    fn part_of<'g, 'b>(&self, file: &'g FileText<'b>, rows: usize) -> Reader<'g, 'b> {
        let mut part = Reader {
            file,
            out: Converted::default(),
            headers: self.headers.clone(),
            columns: self.columns,
            width: self.width,
            ids: HashMap::default(),
            lane_rows: [None; 3],
            header_offset: self.header_offset,
            rows: self.rows.clone(),
            grouping: self.grouping.clone(),
            tally: Tally::default(),
            texts: EventTexts::default(),
        };
        part.reserve(rows);
        part
    }

    fn reserve(&mut self, rows: usize) {
        self.out.dataset.events.reserve(rows);
        self.out.places.events.reserve(rows);
        self.out.dataset.sources.reserve(rows);
        self.out.places.sources.reserve(rows);
        self.ids.reserve(rows);
    }

    /// Reads the rows from `from` (a row start) while they start before
    /// `until`.
    fn read_rows(&mut self, from: usize, until: usize) -> PartRows {
        let text = self.file.text;
        let mut rows = PartReader::new(text, from, until);
        let mut record = Record::new(text);
        loop {
            let offset = match rows.next(&mut record) {
                Step::Row(offset) => offset,
                Step::Done(end) => {
                    self.texts.seal(&mut self.out.dataset.events);
                    return end;
                }
                Step::Unreadable(offset, problem) => {
                    self.push(offset, problem);
                    self.texts.seal(&mut self.out.dataset.events);
                    return rows.rows(PartEnd::Unreadable);
                }
            };
            let filled = named_width(&record);
            if record.len() < self.width || filled > self.width {
                let columns = if record.len() < self.width {
                    record.len()
                } else {
                    filled
                };
                self.push(
                    offset,
                    Problem::RowWidth {
                        columns,
                        header_columns: self.width,
                    },
                );
            }
            self.row(&Row {
                record: &record,
                offset,
            });
        }
    }

    /// Takes in what a reader of the next part of the rows read, as if
    /// this reader had read on; `false` when the part has an id read
    /// before it (the rows are then read again in one part, which warns
    /// about the repeat where it is).
    fn absorb(&mut self, mut part: Self) -> bool {
        if part.ids.keys().any(|id| self.ids.contains_key(id)) {
            return false;
        }
        super::move_entries(&mut self.ids, &mut part.ids);
        for (lane, part_lane) in self.lane_rows.iter_mut().zip(part.lane_rows) {
            if lane.is_none() {
                *lane = part_lane;
            }
        }
        self.rows.absorb(&part.rows);
        let renamed = match (&mut self.grouping, part.grouping.take()) {
            (Some(grouping), Some(part_grouping)) => grouping.absorb(part_grouping),
            _ => HashMap::default(),
        };
        super::rename_lanes(&mut part.out.dataset.events, &renamed);
        self.tally.absorb(part.tally, &renamed);
        super::append_converted(&mut self.out, part.out);
        true
    }
}

/// Checks the import options against the header; `false` after reporting
/// why they cannot apply.
fn check_options(reader: &mut Reader<'_, '_>, options: &ImportOptions, offset: usize) -> bool {
    reader.header_offset = offset;
    match filter::setup(options, &OPTIONS_FORMAT, &reader.headers) {
        Ok(setup) => {
            reader.rows = setup.rows;
            reader.grouping = setup.grouping;
            true
        }
        Err(problems) => {
            for problem in problems {
                reader.push(offset, problem);
            }
            false
        }
    }
}

/// Reports the required columns the header lacks; `false` if any.
fn check_header(reader: &mut Reader<'_, '_>, offset: usize) -> bool {
    let found: Vec<String> = reader
        .headers
        .iter()
        .map(|name| name.trim().trim_start_matches('\u{feff}').to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    let mut ok = true;
    for (column, present) in REQUIRED.iter().zip(reader.columns.required()) {
        if present.is_none() {
            reader.push(
                offset,
                Problem::MissingFormatColumn {
                    format: format!("a {FORMAT} file"),
                    column: (*column).into(),
                    required: REQUIRED.iter().map(|name| (*name).to_owned()).collect(),
                    found: found.clone(),
                },
            );
            ok = false;
        }
    }
    ok
}

/// The lanes used, the dataset's source, title and credit.
fn finish(mut reader: Reader<'_, '_>, stem: &str, options: &ImportOptions) -> Converted {
    // Every row whose id was read before was skipped.
    reader.out.places.event_ids_unique = true;
    let lane_rows = reader.lane_rows;
    let filter::Applied {
        countries,
        lanes_by,
        grouped,
    } = filter::apply(
        reader.file,
        (&reader.rows, reader.header_offset),
        reader.grouping.take(),
        &mut reader.out,
        &mut reader.tally,
        |out| {
            for ((id, name), first) in LANES.iter().zip(lane_rows) {
                if let Some(offset) = first {
                    out.dataset.lanes.push(Lane {
                        id: (*id).to_owned(),
                        name: (*name).to_owned(),
                        color: None,
                    });
                    out.places.lanes.push(item(offset));
                }
            }
        },
    );
    let version = version_of(stem);
    let out = &mut reader.out;
    out.dataset.title = match &version {
        Some(version) => format!("{stem} (UCDP GED {version})"),
        None => format!("{stem} (UCDP GED)"),
    };
    out.dataset
        .title
        .push_str(&filter::title_suffix(options, &countries));
    let mut description = credit(version.as_deref(), lanes_by.unwrap_or("type of violence"));
    if let Some(line) = filter::description_line(options, &countries, lanes_by, grouped) {
        description.push('\n');
        description.push_str(&line);
    }
    out.dataset.description = Some(description);
    out.dataset.sources.push(Source {
        id: DATASET_SOURCE.to_owned(),
        // The release and its citation, so that every caption that credits
        // the source cites the data as UCDP asks.
        title: match &version {
            Some(version) => format!(
                "UCDP Georeferenced Event Dataset (GED) Global version {version} ({})",
                short_citation(Some(version))
            ),
            None => format!(
                "UCDP Georeferenced Event Dataset (GED), version not known ({})",
                short_citation(None)
            ),
        },
        publisher: Some(
            "Uppsala Conflict Data Program, Department of Peace and Conflict Research, Uppsala University"
                .to_owned(),
        ),
        date: None,
        url: Some("https://ucdp.uu.se/downloads/".to_owned()),
    });
    out.places.sources.push(item(0));
    let release = match &version {
        Some(version) => format!("UCDP GED {version}"),
        None => "UCDP GED".to_owned(),
    };
    let lane_name = |lane: &str| format!("Deaths: {lane} ({release}, best estimate)");
    let series = reader.tally.series(
        &out.dataset.lanes,
        &Naming {
            source: DATASET_SOURCE,
            id_prefix: "deaths",
            unit: "deaths",
            lane_name: &lane_name,
            total_name: format!("Deaths, all events ({release}, best estimate)"),
            low_high: true,
        },
    );
    out.places
        .series
        .extend(std::iter::repeat_n(item(0), series.len()));
    out.dataset.displacement.extend(series);
    reader.out
}

/// The GED release a file's name says: `GEDEvent_v24_1` and `ged241` are
/// 24.1, `ged50` is 5.0; `None` when it says none.
pub(crate) fn version_of(stem: &str) -> Option<String> {
    let lower = stem.to_ascii_lowercase();
    let digits_at = |at: usize| -> &str {
        let rest = &lower[at..];
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        &rest[..end]
    };
    // `…v24_1`, `…v24.1`, `…v_24_1`.
    for (at, _) in lower.match_indices('v') {
        let mut start = at + 1;
        if lower[start..].starts_with('_') {
            start += 1;
        }
        let major = digits_at(start);
        if major.is_empty() || major.len() > 2 {
            continue;
        }
        let after = start + major.len();
        if let Some(separator) = lower[after..].chars().next()
            && matches!(separator, '_' | '.' | '-')
        {
            let minor = digits_at(after + 1);
            if (1..=2).contains(&minor.len()) {
                return Some(format!(
                    "{}.{}",
                    major.trim_start_matches('0').max("0"),
                    minor
                ));
            }
        }
    }
    // `ged241`, `ged50`, `ged_241`.
    for (at, _) in lower.match_indices("ged") {
        let mut start = at + 3;
        if lower[start..].starts_with(['_', '-']) {
            start += 1;
        }
        let digits = digits_at(start);
        match digits.len() {
            2 | 3 => {
                let (major, minor) = digits.split_at(digits.len() - 1);
                return Some(format!("{major}.{minor}"));
            }
            _ => continue,
        }
    }
    None
}

/// The dataset's description: what the data is and how UCDP asks it to be
/// cited.
fn credit(version: Option<&str>, lanes: &str) -> String {
    let release = match version {
        Some(version) => format!("UCDP Georeferenced Event Dataset (GED) Global version {version}"),
        None => "UCDP Georeferenced Event Dataset (GED), version not known (the file's name does not say it)".to_owned(),
    };
    let article = version.and_then(release_article).map_or_else(
        || "the Journal of Peace Research article that presents the release you use (Davies, Pettersson & Öberg, \"Organized violence 1989–…\")".to_owned(),
        str::to_owned,
    );
    format!(
        "Events of organised violence from the {release}, Uppsala Conflict Data Program (UCDP), Department of Peace and Conflict Research, Uppsala University (https://ucdp.uu.se).\n\
         Cite, as UCDP asks: Sundberg, Ralph & Erik Melander (2013). Introducing the UCDP Georeferenced Event Dataset. Journal of Peace Research 50(4): 523–532; and {article}.\n\
         One event per row: lanes by {lanes}, dates at the row's date precision, deaths as UCDP's best estimate (low and high in each event's summary). \
         The figures chart deaths by month of date_start, per lane and in total."
    )
}

/// The Journal of Peace Research article UCDP asks users of a release to
/// cite besides Sundberg & Melander (2013).
fn release_article(version: &str) -> Option<&'static str> {
    Some(match version {
        "20.1" => {
            "Pettersson, Therese & Magnus Öberg (2020). Organized violence, 1989–2019. Journal of Peace Research 57(4)"
        }
        "21.1" => {
            "Davies, Shawn, Therese Pettersson & Magnus Öberg (2021). Organized violence 1989–2020, with a special emphasis on Syria. Journal of Peace Research 58(4)"
        }
        "22.1" => {
            "Davies, Shawn, Therese Pettersson & Magnus Öberg (2022). Organized violence 1989–2021 and drone warfare. Journal of Peace Research 59(4)"
        }
        "23.1" => {
            "Davies, Shawn, Therese Pettersson & Magnus Öberg (2023). Organized violence 1989–2022, and the return of conflict between states. Journal of Peace Research 60(4)"
        }
        "24.1" => {
            "Davies, Shawn, Therese Pettersson & Magnus Öberg (2024). Organized violence 1989–2023, and the prevalence of organized crime groups. Journal of Peace Research 61(4)"
        }
        "25.1" => {
            "Davies, Shawn, Therese Pettersson, Margareta Sollenberg & Magnus Öberg (2025). Organized violence 1989–2024, and the challenges of identifying civilian victims. Journal of Peace Research 62(4)"
        }
        _ => return None,
    })
}

/// The short citation of the dataset, as the caption of an image gives it
/// beside the release: Sundberg & Melander (2013) and the release's article.
fn short_citation(version: Option<&str>) -> String {
    let article = match version {
        Some("20.1") => Some("Pettersson & Öberg 2020"),
        Some("21.1") => Some("Davies, Pettersson & Öberg 2021"),
        Some("22.1") => Some("Davies, Pettersson & Öberg 2022"),
        Some("23.1") => Some("Davies, Pettersson & Öberg 2023"),
        Some("24.1") => Some("Davies, Pettersson & Öberg 2024"),
        Some("25.1") => Some("Davies, Pettersson, Sollenberg & Öberg 2025"),
        _ => None,
    };
    match article {
        Some(article) => format!("Sundberg & Melander 2013; {article}"),
        None => "Sundberg & Melander 2013".to_owned(),
    }
}

/// An event id from a GED id: `ged-244657`; other characters than letters
/// and digits become `-`.
fn event_id(cell: &str) -> CompactString {
    let mut id = CompactString::with_capacity(cell.len() + 4);
    id.push_str("ged-");
    let mut separate = false;
    for c in cell.chars() {
        if c.is_ascii_alphanumeric() {
            if separate && !id.ends_with('-') {
                id.push('-');
            }
            separate = false;
            id.push(c.to_ascii_lowercase());
        } else {
            separate = true;
        }
    }
    id
}

/// A cell on one line: control characters and runs of blanks become one
/// space.
fn one_line(cell: &str) -> String {
    // Control characters and U+00A0 are bytes below 0x20, 0x7f, or start
    // with 0xc2: most cells are passed over byte by byte.
    let suspect = (crate::load::validate::first_suspect_byte(cell.as_bytes(), false).is_some()
        || cell.contains('\t'))
        && cell.chars().any(|c| c.is_control() || c == '\u{a0}');
    if !suspect && !cell.contains("  ") {
        return cell.to_owned();
    }
    cell.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `YYYY-MM-DD`, optionally followed by a time (` 00:00:00.000`,
/// `T00:00:00`) that is ignored: GED's dates are days.
pub(crate) fn parse_day(cell: &str) -> Option<(i64, u32, u32)> {
    let cell = cell.trim();
    let (date, time) = match cell.find([' ', 'T']) {
        Some(at) => (&cell[..at], Some(cell[at + 1..].trim())),
        None => (cell, None),
    };
    if let Some(time) = time
        && !(time.len() >= 5
            && time
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
            && time.as_bytes().get(2) == Some(&b':'))
    {
        return None;
    }
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || year.len() != 4
        || !(1..=2).contains(&month.len())
        || !(1..=2).contains(&day.len())
        || ![year, month, day]
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let year: i64 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    Date::day(year, month, day)?;
    Some((year, month, day))
}

fn show_day((year, month, day): (i64, u32, u32)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// An event's start and end from its first and last possible days at its
/// `date_prec`: a whole calendar month (precision 4 or 5) or year (5) is
/// that month or year; otherwise the days, a point when they are one.
fn dates(
    start: (i64, u32, u32),
    end: (i64, u32, u32),
    precision: Option<i64>,
) -> Option<(Date, Option<Date>)> {
    let (year, month, day) = start;
    let precision = precision.unwrap_or(1);
    if precision >= 4 && year == end.0 && day == 1 {
        let last = i32::try_from(year).map_or(0, |year| days_in_month(year, end.1));
        if precision == 5 && month == 1 && end.1 == 12 && end.2 == 31 {
            return Some((Date::year(year)?, None));
        }
        if month == end.1 && end.2 == last {
            return Some((Date::month(year, month)?, None));
        }
    }
    let first = Date::day(year, month, day)?;
    if end == start {
        return Some((first, None));
    }
    Some((first, Some(Date::day(end.0, end.1, end.2)?)))
}

/// What a `date_prec` above 1 says of the date, as the codebook has it.
fn date_meaning(precision: i64) -> &'static str {
    match precision {
        2 => "within a range of 2–6 days",
        3 => "to the week",
        4 => "within a range of 8–30 days, or to the month",
        _ => "within a range of more than a month, within one calendar year",
    }
}

/// A code cell as its number: `1`, or `1.0` as some tools write it.
fn code(cell: &str) -> Option<i64> {
    parse_part(cell).ok().flatten()
}

/// What a `where_prec` says of the location, as the codebook has it.
fn where_meaning(code: i64) -> Option<&'static str> {
    Some(match code {
        1 => "the exact location",
        2 => "within about 25 km of a known point",
        3 => "the district (second-order administrative division) only",
        4 => "the province (first-order administrative division) only",
        5 => "a larger part of the country, or a road or river, only",
        6 => "the country only",
        7 => "international waters or airspace",
        _ => return None,
    })
}

/// Adds a line to a summary.
fn line(summary: &mut String, text: impl AsRef<str>) {
    if !summary.is_empty() {
        summary.push('\n');
    }
    summary.push_str(text.as_ref());
}

/// `1 death`, `12 deaths`.
fn deaths(count: u64) -> String {
    if count == 1 {
        "1 death".to_owned()
    } else {
        format!("{count} deaths")
    }
}

/// Importance from the best estimate of deaths: 100 or more 5, 25–99 4,
/// 5–24 3, 1–4 2, none (or no estimate) 1.
pub(crate) fn importance(best: Option<u64>) -> u8 {
    match best {
        Some(100..) => 5,
        Some(25..=99) => 4,
        Some(5..=24) => 3,
        Some(1..=4) => 2,
        _ => 1,
    }
}

/// How many cells there are up to the last one that is not blank.
fn named_width(record: &Record<'_>) -> usize {
    record
        .iter()
        .rev()
        .skip_while(|cell| cell.trim().trim_start_matches('\u{feff}').is_empty())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn recognised_by_its_own_columns() {
        assert!(recognises(&header(
            "id,year,type_of_violence,side_a,side_b,date_prec,date_start,date_end,best"
        )));
        assert!(recognises(&header(
            "\u{feff}ID,TYPE_OF_VIOLENCE,Date_Start,DATE_END,best_est"
        )));
        assert!(!recognises(&header("Year,Month,Day,Headline,Text,Group")));
        assert!(!recognises(&header(
            "event_id_cnty,event_date,year,time_precision,event_type,actor1,fatalities"
        )));
    }

    #[test]
    fn days_with_and_without_times() {
        assert_eq!(parse_day("2017-01-31"), Some((2017, 1, 31)));
        assert_eq!(parse_day("2017-01-31 00:00:00.000"), Some((2017, 1, 31)));
        assert_eq!(parse_day("2017-1-3T00:00:00"), Some((2017, 1, 3)));
        assert_eq!(parse_day("2017-02-30"), None);
        assert_eq!(parse_day("31/01/2017"), None);
        assert_eq!(parse_day("2017-01-31 noon"), None);
        assert_eq!(parse_day("2017"), None);
    }

    #[test]
    fn precision_makes_months_and_years() {
        let month = dates((2016, 2, 1), (2016, 2, 29), Some(4)).unwrap();
        assert_eq!(month, (Date::month(2016, 2).unwrap(), None));
        let year = dates((2016, 1, 1), (2016, 12, 31), Some(5)).unwrap();
        assert_eq!(year, (Date::year(2016).unwrap(), None));
        // A whole year at precision 4 stays a range of days.
        let days = dates((2016, 1, 1), (2016, 12, 31), Some(4)).unwrap();
        assert_eq!(days.1, Date::day(2016, 12, 31));
        // An exact whole month is still days.
        let exact = dates((2016, 2, 1), (2016, 2, 29), Some(1)).unwrap();
        assert_eq!(exact.0, Date::day(2016, 2, 1).unwrap());
        let point = dates((2016, 2, 3), (2016, 2, 3), Some(2)).unwrap();
        assert_eq!(point, (Date::day(2016, 2, 3).unwrap(), None));
    }

    #[test]
    fn versions_from_file_names() {
        assert_eq!(version_of("GEDEvent_v24_1").as_deref(), Some("24.1"));
        assert_eq!(version_of("ged241").as_deref(), Some("24.1"));
        assert_eq!(version_of("ged50").as_deref(), Some("5.0"));
        assert_eq!(version_of("ged171-syria").as_deref(), Some("17.1"));
        assert_eq!(version_of("syria-events"), None);
    }

    #[test]
    fn ids_and_importance() {
        assert_eq!(event_id("244657"), "ged-244657");
        assert_eq!(event_id(" SYR 12.5 "), "ged-syr-12-5");
        assert_eq!(importance(None), 1);
        assert_eq!(importance(Some(0)), 1);
        assert_eq!(importance(Some(4)), 2);
        assert_eq!(importance(Some(5)), 3);
        assert_eq!(importance(Some(25)), 4);
        assert_eq!(importance(Some(100)), 5);
    }

    #[test]
    fn cells_on_one_line() {
        assert_eq!(one_line("a\u{1}b  c\nd"), "a b c d");
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(one_line("a\tb"), "a b");
        assert_eq!(one_line("a\u{a0}b\u{85}c"), "a b c");
        // Other characters written with 0xc2 stay, and so does the cell.
        assert_eq!(one_line("£ 12 – café"), "£ 12 – café");
        let long = format!("{}\u{7f}x", "y".repeat(70));
        assert_eq!(one_line(&long), format!("{} x", "y".repeat(70)));
    }
}
