//! CSV in the TimelineJS Google-sheet layout: a header row naming the columns
//! Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display
//! Date, Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail,
//! Type, Group, Background; then one row per slide.
//!
//! Headers match case-insensitively and trimmed, in any order; unknown
//! columns are ignored and only Year and Headline are required. A row of Type
//! `title` gives the dataset's title and description, rows of Type `era` are
//! eras, every other row is an event. Blank rows are skipped. Errors are
//! placed at the field's first character and name its column number and
//! header.
//!
//! A quote left open at the end of the file is an error at the quote: the
//! csv crate would silently make the rest of the file one cell. So is a
//! quoted cell that runs over line breaks and has text after its closing
//! quote: a quote left open and closed by a later row's quote, the rows
//! between read into the cell. A row with
//! fewer cells than the header, or a filled cell past the header's last
//! column, is a warning at the row: such a row is most often shifted by a
//! stray comma or line break. Blank trailing cells, in rows or the header,
//! are what spreadsheets write and count for nothing.

use super::{
    At, Builder, Converted, DateParts, EraIn, EventIn, MediaIn, Part, Role, TimeParts, parse_part,
};
use crate::load::diagnostic::Problem;
use crate::load::parse::FileText;
use crate::model::Date;

/// The columns a sheet must have, as the template names them.
const REQUIRED: [&str; 2] = ["Year", "Headline"];

/// Where each known column is (0-based), if the sheet has it.
#[derive(Clone, Debug, Default)]
struct Columns {
    year: Option<usize>,
    month: Option<usize>,
    day: Option<usize>,
    time: Option<usize>,
    end_year: Option<usize>,
    end_month: Option<usize>,
    end_day: Option<usize>,
    end_time: Option<usize>,
    headline: Option<usize>,
    text: Option<usize>,
    media: Option<usize>,
    media_credit: Option<usize>,
    media_caption: Option<usize>,
    kind: Option<usize>,
    group: Option<usize>,
}

impl Columns {
    fn from_header(names: &[String]) -> Self {
        let mut columns = Self::default();
        for (index, name) in names.iter().enumerate() {
            let key = name
                .trim_start_matches('\u{feff}')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let slot = match key.as_str() {
                "year" => &mut columns.year,
                "month" => &mut columns.month,
                "day" => &mut columns.day,
                "time" => &mut columns.time,
                "end year" => &mut columns.end_year,
                "end month" => &mut columns.end_month,
                "end day" => &mut columns.end_day,
                "end time" => &mut columns.end_time,
                "headline" => &mut columns.headline,
                "text" => &mut columns.text,
                "media" => &mut columns.media,
                "media credit" => &mut columns.media_credit,
                "media caption" => &mut columns.media_caption,
                "type" => &mut columns.kind,
                "group" => &mut columns.group,
                // Display Date (an author's label, not a date), Media
                // Thumbnail, Background and unknown columns are not used.
                _ => continue,
            };
            // The first of two columns with one name counts.
            slot.get_or_insert(index);
        }
        columns
    }
}

/// One data row: its cells, where it starts and where each field starts.
struct Row<'r> {
    record: &'r csv::StringRecord,
    offset: usize,
    field_starts: Vec<usize>,
    headers: &'r [String],
}

impl Row<'_> {
    /// The trimmed cell of a column; empty when the sheet or row has none.
    fn cell(&self, column: Option<usize>) -> &str {
        column
            .and_then(|index| self.record.get(index))
            .map_or("", str::trim)
    }

    /// Where a column's field is, named by its header and number.
    fn at(&self, column: Option<usize>, fallback_name: &str) -> At {
        match column {
            Some(index) => At::new(
                self.field_starts.get(index).copied().unwrap_or(self.offset),
                self.headers
                    .get(index)
                    .map_or(fallback_name, |name| name.trim())
                    .trim_start_matches('\u{feff}'),
                Some(index + 1),
            ),
            None => At::new(self.offset, fallback_name, None),
        }
    }
}

/// Reads a sheet; `fallback_title` names a sheet without a title row.
pub(crate) fn convert(file: &FileText<'_>, fallback_title: &str) -> Converted {
    let text = file.text;
    let mut builder = Builder::new(file);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    // The columns, their names, how many up to the last named one, and
    // whether they start with Year, Month and Day.
    let mut header: Option<(Columns, Vec<String>, usize, bool)> = None;
    let mut events = Vec::new();
    let mut unreadable = false;
    loop {
        let offset = match next_row(&mut reader, text, &mut record) {
            NextRow::Row(offset) => offset,
            NextRow::End => break,
            NextRow::Unreadable(offset, problem) => {
                builder.push(offset, problem);
                unreadable = true;
                break;
            }
        };
        let Some((columns, headers, header_columns, date_columns)) = &header else {
            let headers: Vec<String> = record.iter().map(str::to_owned).collect();
            let columns = Columns::from_header(&headers);
            if !check_header(&mut builder, &columns, &headers, offset) {
                return builder.finish(fallback_title);
            }
            let width = named_width(headers.iter().map(String::as_str));
            let date_columns = starts_with_date_columns(&headers);
            header = Some((columns, headers, width, date_columns));
            continue;
        };
        check_width(
            &mut builder,
            (record.len(), named_width(record.iter())),
            *header_columns,
            offset,
        );
        let scan = scan_record(text, offset);
        if let Some((opened, after)) = scan.swallowed {
            let at = file
                .place(after)
                .position
                .map_or_else(String::new, |position| {
                    format!("line {}, column {}", position.line, position.column)
                });
            builder.push(
                opened,
                Problem::Syntax {
                    message: format!(
                        "this quoted cell runs over line breaks and has text after its closing quote (at {at}), so a quote was probably left open here and the rows up to that quote were read into this cell; close the quote with `\"` (a quote inside a quoted cell is written twice: `\"\"`)"
                    ),
                },
            );
            unreadable = true;
            break;
        }
        if let Some(at) = scan.text_after_quote {
            builder.push(at, Problem::TextAfterQuote);
        }
        let row_inside = if *date_columns {
            scan.multiline.iter().find_map(|&(opened, closed)| {
                row_like_line(text, opened, closed, *header_columns).map(|found| (opened, found))
            })
        } else {
            None
        };
        if let Some((opened, (line_start, commas))) = row_inside {
            let line = file.place(line_start).position.map_or(0, |at| at.line);
            builder.push(opened, Problem::RowInsideCell { line, commas });
            unreadable = true;
            break;
        }
        let row = Row {
            record: &record,
            offset,
            field_starts: scan.field_starts,
            headers,
        };
        match row.cell(columns.kind).to_lowercase().as_str() {
            "title" => builder.title(offset, row.cell(columns.headline), row.cell(columns.text)),
            "era" => {
                if let Some((start, end)) = dates(&mut builder, &row, columns, "era") {
                    builder.era(EraIn {
                        offset,
                        headline: row.cell(columns.headline).to_owned(),
                        start,
                        end,
                    });
                }
            }
            _ => {
                if let Some((start, end)) = dates(&mut builder, &row, columns, "event") {
                    let url = row.cell(columns.media);
                    let media = (!url.is_empty()).then(|| MediaIn {
                        offset: row.at(columns.media, "Media").offset,
                        url: url.to_owned(),
                        caption: row.cell(columns.media_caption).to_owned(),
                        credit: row.cell(columns.media_credit).to_owned(),
                    });
                    events.push(EventIn {
                        offset,
                        unique_id: None,
                        headline: row.cell(columns.headline).to_owned(),
                        text: row.cell(columns.text).to_owned(),
                        start,
                        end,
                        group: row.cell(columns.group).to_owned(),
                        media,
                    });
                }
            }
        }
    }
    match header {
        Some(_) => builder.events(events),
        None if unreadable => {}
        None => {
            check_header(&mut builder, &Columns::default(), &[], 0);
        }
    }
    builder.finish_story(fallback_title)
}

/// Reports the required columns the header lacks; `false` if any.
fn check_header(
    builder: &mut Builder<'_, '_>,
    columns: &Columns,
    headers: &[String],
    offset: usize,
) -> bool {
    let found: Vec<String> = headers
        .iter()
        .map(|name| name.trim().trim_start_matches('\u{feff}').to_owned())
        .filter(|name| !name.is_empty())
        .collect();
    let mut ok = true;
    for (column, present) in REQUIRED
        .iter()
        .zip([columns.year.is_some(), columns.headline.is_some()])
    {
        if !present {
            builder.push(
                offset,
                Problem::MissingColumn {
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

/// Warns about a row with fewer cells than the header names, or with a
/// cell past the header's last named column. Blank cells at the end of a
/// row or the header do not count: spreadsheets write them, and they lose
/// nothing. The row is given as its number of cells and its
/// [`named_width`].
pub(super) fn check_width(
    builder: &mut Builder<'_, '_>,
    (count, filled): (usize, usize),
    header_columns: usize,
    offset: usize,
) {
    let columns = if count < header_columns {
        count
    } else if filled > header_columns {
        filled
    } else {
        return;
    };
    builder.push(
        offset,
        Problem::RowWidth {
            columns,
            header_columns,
        },
    );
}

/// Whether a sheet starts with TimelineJS's Year, Month and Day columns:
/// the layout whose rows [`row_like_line`] can recognise.
fn starts_with_date_columns(headers: &[String]) -> bool {
    let name = |index: usize| {
        headers.get(index).map(|name| {
            name.trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
        })
    };
    name(0).as_deref() == Some("year")
        && name(1).as_deref() == Some("month")
        && name(2).as_deref() == Some("day")
}

/// The first line after a line break inside the quoted cell `opened..closed`
/// that reads like a row of a sheet `header_columns` wide starting with
/// Year, Month and Day: a year, a month (1–12) or nothing, a day (1–31) or
/// nothing, and at least half a row's commas. Returns the line's offset and
/// its commas. Text written over several lines does not look like that.
fn row_like_line(
    text: &str,
    opened: usize,
    closed: usize,
    header_columns: usize,
) -> Option<(usize, usize)> {
    let cell = &text[opened + 1..closed];
    let half_row = (header_columns.saturating_sub(1) / 2).max(3);
    let number_in = |field: &str, low: u32, high: u32| {
        let field = field.trim();
        field.is_empty()
            || (field.len() <= 2
                && field.bytes().all(|b| b.is_ascii_digit())
                && field
                    .parse::<u32>()
                    .is_ok_and(|n| (low..=high).contains(&n)))
    };
    let mut line_start = opened + 1;
    let mut lines = cell.split('\n');
    if let Some(first) = lines.next() {
        line_start += first.len() + 1;
    }
    for line in lines {
        let start = line_start;
        line_start += line.len() + 1;
        let commas = memchr::memchr_iter(b',', line.as_bytes()).count();
        if commas < half_row {
            continue;
        }
        let mut fields = line.split(',');
        let year = fields.next().unwrap_or_default().trim();
        let digits = year.strip_prefix('-').unwrap_or(year);
        let is_year =
            (1..=12).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
        if is_year
            && number_in(fields.next().unwrap_or_default(), 1, 12)
            && number_in(fields.next().unwrap_or_default(), 1, 31)
        {
            return Some((start, commas));
        }
    }
    None
}

/// How many cells there are up to the last one that is not blank.
pub(super) fn named_width<'c>(cells: impl DoubleEndedIterator<Item = &'c str>) -> usize {
    cells
        .rev()
        .skip_while(|cell| cell.trim().trim_start_matches('\u{feff}').is_empty())
        .count()
}

/// The start and end of a row's item, or `None` after reporting why not.
fn dates(
    builder: &mut Builder<'_, '_>,
    row: &Row<'_>,
    columns: &Columns,
    item: &str,
) -> Option<(Date, Option<Date>)> {
    let start = date(
        builder,
        row,
        [columns.year, columns.month, columns.day, columns.time],
        ["Year", "Month", "Day", "Time"],
        Role::Start,
        item,
    );
    let end = date(
        builder,
        row,
        [
            columns.end_year,
            columns.end_month,
            columns.end_day,
            columns.end_time,
        ],
        ["End Year", "End Month", "End Day", "End Time"],
        Role::End,
        item,
    );
    Some((start??, end?))
}

fn date(
    builder: &mut Builder<'_, '_>,
    row: &Row<'_>,
    columns: [Option<usize>; 4],
    names: [&str; 4],
    role: Role,
    item: &str,
) -> Option<Option<Date>> {
    let [year, month, day] = [0, 1, 2].map(|index| {
        let cell = row.cell(columns[index]);
        let at = row.at(columns[index], names[index]);
        // Years may have thousands separators ("-251,902,000"), as
        // TimelineJS's sheet reader takes them.
        let number = if index == 0 {
            parse_part(&cell.replace([',', ' '], ""))
        } else {
            parse_part(cell)
        };
        match number {
            Ok(number) => Some(number.map(|number| Part {
                number,
                written: format!("{cell:?}"),
                at,
            })),
            Err(()) => {
                builder.push(
                    at.offset,
                    Problem::ImportInvalidValue {
                        field: at.field,
                        column: at.column,
                        value: format!("{cell:?}"),
                        expected: "expected a whole number, e.g. 2016".into(),
                    },
                );
                None
            }
        }
    });
    let time = time(builder, row.cell(columns[3]), row.at(columns[3], names[3]));
    let parts = DateParts {
        year: year?,
        month: month?,
        day: day?,
        time: time?,
        year_at: row.at(columns[0], names[0]),
    };
    builder.date(parts, role, item)
}

/// A Time cell as its parts; `None` after reporting why it is not a time.
fn time(builder: &mut Builder<'_, '_>, cell: &str, at: At) -> Option<TimeParts> {
    if cell.is_empty() {
        return Some(TimeParts::default());
    }
    let written = format!("{cell:?}");
    let Some(clock) = parse_time(cell) else {
        builder.push(
            at.offset,
            Problem::ImportInvalidValue {
                field: at.field,
                column: at.column,
                value: written,
                expected: "expected a time such as 13:45, 1:45 PM, 6:30:15 pm, 9 pm, 1130, 11.30 or 13:45+02:00".into(),
            },
        );
        return None;
    };
    let part = |number: i64| Part {
        number,
        written: written.clone(),
        at: at.clone(),
    };
    Some(TimeParts {
        hour: Some(part(clock.hour)),
        minute: clock.minute.map(part),
        second: clock.second.map(part),
        fraction: clock.fraction.map(|fraction| Part {
            number: i64::from(fraction.bytes().any(|digit| digit != b'0')),
            written: format!(".{fraction}"),
            at: at.clone(),
        }),
        offset: clock.offset,
        written: written.clone(),
        at: Some(at),
    })
}

/// A time as TimelineJS's sheets write it, before range checks.
#[derive(Debug, PartialEq, Eq)]
struct Clock<'t> {
    hour: i64,
    minute: Option<i64>,
    second: Option<i64>,
    /// The digits after the seconds' point or comma.
    fraction: Option<&'t str>,
    /// A trailing `Z` (0) or `±HH:MM`, in minutes.
    offset: Option<i32>,
}

/// Reads a time the way TimelineJS's `parseTime` does: `13:45`, `6:30:15`,
/// `11.30`, `1130` (`HMM`/`HHMM`), `9`, each with an optional `am`/`pm`
/// (`a.m.`, any case; `12 am` is 0:00), seconds with an optional fraction
/// (`40.5`, `40,5`); and, beyond TimelineJS, a trailing `Z` or `±HH:MM`
/// offset. `None` for anything else.
fn parse_time(text: &str) -> Option<Clock<'_>> {
    let mut rest = text.trim();
    let mut offset = None;
    if let Some(before) = rest.strip_suffix('Z') {
        rest = before.trim_end();
        offset = Some(0);
    } else if rest.len() > 6
        && let Some((before, zone)) = rest.split_at_checked(rest.len() - 6)
        && let [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] = *zone.as_bytes()
        && [h1, h2, m1, m2].iter().all(u8::is_ascii_digit)
    {
        let minutes = i32::from(h1 - b'0') * 600
            + i32::from(h2 - b'0') * 60
            + i32::from(m1 - b'0') * 10
            + i32::from(m2 - b'0');
        if m1 > b'5' {
            return None;
        }
        offset = Some(if sign == b'-' { -minutes } else { minutes });
        rest = before.trim_end();
    }
    let mut meridiem = None;
    let lower = rest.to_ascii_lowercase();
    for (suffix, pm) in [
        ("a.m.", false),
        ("p.m.", true),
        ("a.m", false),
        ("p.m", true),
        ("am", false),
        ("pm", true),
    ] {
        if lower.ends_with(suffix) {
            meridiem = Some(pm);
            rest = rest[..rest.len() - suffix.len()].trim_end();
            break;
        }
    }
    let number = |field: &str| {
        (!field.is_empty() && field.len() <= 2 && field.bytes().all(|b| b.is_ascii_digit()))
            .then(|| field.parse::<i64>().ok())
            .flatten()
    };
    let (mut hour, minute, second, fraction) = if rest.contains(':') {
        let mut fields = rest.split(':');
        let hour = number(fields.next()?)?;
        let minute = number(fields.next()?)?;
        let (second, fraction) = match fields.next() {
            None => (None, None),
            Some(field) => {
                let (whole, fraction) = match field.split_once(['.', ',']) {
                    Some((whole, fraction)) => (whole, Some(fraction)),
                    None => (field, None),
                };
                if let Some(fraction) = fraction
                    && (fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()))
                {
                    return None;
                }
                (Some(number(whole)?), fraction)
            }
        };
        if fields.next().is_some() {
            return None;
        }
        (hour, Some(minute), second, fraction)
    } else if let Some((hour, minute)) = rest.split_once('.') {
        (number(hour)?, Some(number(minute)?), None, None)
    } else if (3..=4).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit()) {
        let (hour, minute) = rest.split_at(rest.len() - 2);
        (number(hour)?, Some(number(minute)?), None, None)
    } else {
        (number(rest)?, None, None, None)
    };
    match meridiem {
        Some(true) if hour != 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    Some(Clock {
        hour,
        minute,
        second,
        fraction,
        offset,
    })
}

/// What [`next_row`] found.
pub(super) enum NextRow {
    /// A row that is not blank, read into the record, at this byte offset.
    Row(usize),
    /// The end of the file.
    End,
    /// A problem after which the rest of the file cannot be read, and where.
    Unreadable(usize, Problem),
}

/// Reads the next row that is not blank into `record`. The csv crate ends a
/// quote left open at the end of the file without a word, the rest of the
/// file being its field: rows after it would be lost unnoticed, so that is
/// reported as unreadable (only the last record can end so).
pub(super) fn next_row(
    reader: &mut csv::Reader<&[u8]>,
    text: &str,
    record: &mut csv::StringRecord,
) -> NextRow {
    loop {
        match reader.read_record(record) {
            Ok(true) => {}
            Ok(false) => return NextRow::End,
            Err(error) => {
                let offset = error
                    .position()
                    .map_or(0, |position| record_start(text, position.byte()));
                let message = format!("cannot read the CSV: {error}");
                return NextRow::Unreadable(offset, Problem::Syntax { message });
            }
        }
        let offset = record
            .position()
            .map_or(0, |position| record_start(text, position.byte()));
        if reader.position().byte() >= text.len() as u64
            && let Some(quote) = scan_record(text, offset).open_quote
        {
            return NextRow::Unreadable(quote, open_quote_problem());
        }
        if !record.iter().all(|cell| cell.trim().is_empty()) {
            return NextRow::Row(offset);
        }
    }
}

/// A quote left open at the end of the file.
pub(super) fn open_quote_problem() -> Problem {
    Problem::Syntax {
        message: "this quote is not closed before the end of the file, so the rest of the file would be one cell; close it with `\"` (a quote inside a quoted cell is written twice: `\"\"`)".into(),
    }
}

/// Where a record starts: csv reports the position before the blank lines
/// it skips, and counts a byte order mark.
pub(super) fn record_start(text: &str, byte: u64) -> usize {
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    if at == 0 && text.starts_with('\u{feff}') {
        at = '\u{feff}'.len_utf8();
    }
    let bytes = text.as_bytes();
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

/// A record as the csv crate splits it.
#[derive(Debug, PartialEq)]
pub(super) struct RecordScan {
    /// The byte offset of each field.
    pub field_starts: Vec<usize>,
    /// The offset of a quote still open at the end of the file.
    pub open_quote: Option<usize>,
    /// A quoted cell that runs over a line break and has text after its
    /// closing quote: `(where the quote opened, where the text after it is)`.
    /// That is the mark of a quote left open: the rows up to the next quote
    /// were read into the cell.
    pub swallowed: Option<(usize, usize)>,
    /// Quoted cells that run over a line break: `(opening quote, closing
    /// quote)`.
    pub multiline: Vec<(usize, usize)>,
    /// The first text right after a closing quote on one line.
    pub text_after_quote: Option<usize>,
}

/// Splits the record starting at `start` as the csv crate does: a field is
/// quoted when it starts with `"`, `""` inside quotes is a quote, and a
/// record ends at a line break outside quotes.
pub(super) fn scan_record(text: &str, start: usize) -> RecordScan {
    let bytes = text.as_bytes();
    let mut starts = vec![start];
    let mut at = start;
    let mut quote = None;
    let mut swallowed = None;
    let mut multiline = Vec::new();
    let mut text_after_quote = None;
    while at < bytes.len() {
        let byte = bytes[at];
        if let Some(opened) = quote {
            if byte == b'"' {
                if bytes.get(at + 1) == Some(&b'"') {
                    at += 2;
                    continue;
                }
                // Blanks before the next comma or line end are what some
                // writers leave; only other text is joined to the cell.
                let text_follows = bytes[at + 1..]
                    .iter()
                    .take_while(|&&next| !matches!(next, b',' | b'\n' | b'\r'))
                    .any(|&next| next != b' ' && next != b'\t');
                if memchr::memchr(b'\n', &bytes[opened..at]).is_some() {
                    if swallowed.is_none() && text_follows {
                        swallowed = Some((opened, at + 1));
                    }
                    multiline.push((opened, at));
                } else if text_follows && text_after_quote.is_none() {
                    text_after_quote = Some(at + 1);
                }
                quote = None;
            }
            at += 1;
            continue;
        }
        match byte {
            b'"' if starts.last() == Some(&at) => quote = Some(at),
            b',' => starts.push(at + 1),
            b'\n' | b'\r' => break,
            _ => {}
        }
        at += 1;
    }
    RecordScan {
        field_starts: starts,
        open_quote: quote,
        swallowed,
        multiline,
        text_after_quote,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_start_after_commas_outside_quotes() {
        let text = "a,\"b,\"\"c\"\"\nd\",e\nf,g";
        assert_eq!(scan_record(text, 0).field_starts, vec![0, 2, 14]);
        assert_eq!(scan_record(text, 16).field_starts, vec![16, 18]);
        assert_eq!(scan_record(text, 16).open_quote, None);
    }

    #[test]
    fn a_quote_open_at_the_end_is_found_where_it_opened() {
        let text = "a,\"b\nc,d\n";
        assert_eq!(scan_record(text, 0).open_quote, Some(2));
        // A doubled quote inside quotes does not close it; one after a
        // field's start is a plain character.
        assert_eq!(scan_record("\"x\"\"", 0).open_quote, Some(0));
        assert_eq!(scan_record("x\"y,z", 0).open_quote, None);
    }

    #[test]
    fn width_counts_up_to_the_last_filled_cell() {
        assert_eq!(named_width(["a", "", "b", " ", ""].into_iter()), 3);
        assert_eq!(named_width(["", ""].into_iter()), 0);
    }

    #[test]
    fn records_start_after_blank_lines_and_the_bom() {
        assert_eq!(record_start("\u{feff}Year", 0), 3);
        assert_eq!(record_start("a\n\r\n\nb", 2), 5);
    }

    /// A clock's hour, minute, second, fraction and offset.
    type Parts<'t> = (i64, Option<i64>, Option<i64>, Option<&'t str>, Option<i32>);

    fn clock(text: &str) -> Option<Parts<'_>> {
        parse_time(text).map(|c| (c.hour, c.minute, c.second, c.fraction, c.offset))
    }

    #[test]
    fn times_read_as_timelinejs_reads_them() {
        assert_eq!(clock("13:45"), Some((13, Some(45), None, None, None)));
        assert_eq!(clock("1:45 PM"), Some((13, Some(45), None, None, None)));
        assert_eq!(
            clock("6:30:15 pm"),
            Some((18, Some(30), Some(15), None, None))
        );
        assert_eq!(
            clock("1:45:00 p.m."),
            Some((13, Some(45), Some(0), None, None))
        );
        assert_eq!(clock("9 pm"), Some((21, None, None, None, None)));
        assert_eq!(clock("9PM"), Some((21, None, None, None, None)));
        assert_eq!(clock("12 am"), Some((0, None, None, None, None)));
        assert_eq!(clock("12:30 a.m."), Some((0, Some(30), None, None, None)));
        assert_eq!(clock("12 pm"), Some((12, None, None, None, None)));
        assert_eq!(clock("1130"), Some((11, Some(30), None, None, None)));
        assert_eq!(clock("930"), Some((9, Some(30), None, None, None)));
        assert_eq!(clock("11.30"), Some((11, Some(30), None, None, None)));
        assert_eq!(clock("00:00"), Some((0, Some(0), None, None, None)));
        assert_eq!(
            clock("11:30:40.5"),
            Some((11, Some(30), Some(40), Some("5"), None))
        );
        assert_eq!(
            clock("11:30:40,25"),
            Some((11, Some(30), Some(40), Some("25"), None))
        );
    }

    #[test]
    fn a_trailing_offset_is_kept() {
        assert_eq!(clock("13:45Z"), Some((13, Some(45), None, None, Some(0))));
        assert_eq!(
            clock("13:45 +02:00"),
            Some((13, Some(45), None, None, Some(120)))
        );
        assert_eq!(
            clock("6:30:15 pm -05:30"),
            Some((18, Some(30), Some(15), None, Some(-330)))
        );
        assert_eq!(clock("13:45+02:60"), None);
    }

    #[test]
    fn other_text_is_not_a_time() {
        for text in [
            "13:45 EST",
            "13:45 UTC",
            "noon",
            "13:",
            ":45",
            "1:2:3:4",
            "11:30:40.",
            "11:30:40.5x",
            "123:45",
            "12345",
            "1.2.3",
            "-1:00",
            "+02:00",
        ] {
            assert_eq!(parse_time(text), None, "{text}");
        }
    }

    #[test]
    fn hostile_times_are_refused_quickly() {
        let long = "1:".repeat(100_000);
        assert_eq!(parse_time(&long), None);
        assert_eq!(parse_time(&"9".repeat(100_000)), None);
    }
}
