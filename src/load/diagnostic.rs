//! What the loader reports: errors and warnings, each with its file and place.
//!
//! A [`Diagnostic`] prints like a compiler message, `FILE:LINE:COL: error:
//! MESSAGE`, so editors can jump to it. Every [`Problem`] says what is wrong
//! and what would be right.

use std::fmt;
use std::sync::Arc;

/// Whether a problem stops the dataset from loading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Valid but suspicious; the dataset loads.
    Warning,
    /// The dataset cannot be loaded.
    Error,
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A place in a dataset file: the file's display name and, when the problem
/// has one, the line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: Arc<str>,
    pub position: Option<LineCol>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(position) => write!(f, "{}:{position}", self.file),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Everything that can be wrong with a dataset, or suspicious about it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    #[error("syntax error: {message}")]
    Syntax { message: String },

    #[error("unknown field `{field}` in {item}; expected one of: {}", allowed.join(", "))]
    UnknownField {
        item: String,
        field: String,
        allowed: Vec<String>,
    },

    #[error("missing field `{field}` in {item}; {item} needs: {}", required.join(", "))]
    MissingField {
        item: String,
        field: String,
        required: Vec<String>,
    },

    #[error("field `{field}` is written twice in {item}; keep one")]
    DuplicateField { item: String, field: String },

    #[error("{message}")]
    Invalid { message: String },

    #[error("{}", .0)]
    InvalidDate(String),

    #[error(
        "{item} `{id}` ends ({end}) before it starts ({start}); `end` must be on or after `start`"
    )]
    EndBeforeStart {
        item: String,
        id: String,
        start: String,
        end: String,
    },

    #[error(
        "{item} `{id}` has both `end` and `ongoing: true`; write one: `end` for a finished span, `ongoing` for one still going"
    )]
    EndAndOngoing { item: String, id: String },

    #[error(
        "duplicate {item} id `{id}`; it is first defined at {first}; ids must be unique among {}",
        plural(item)
    )]
    DuplicateId {
        item: String,
        id: String,
        first: Place,
    },

    #[error(
        "{item} id `{id}` is not valid; ids use only lowercase letters, digits and `-` (e.g. `munich-issg`)"
    )]
    InvalidId { item: String, id: String },

    #[error("{from} refers to {kind} `{id}`, which does not exist; {}", known_hint(kind, known, *known_total))]
    UnknownReference {
        from: String,
        kind: String,
        id: String,
        /// The first few ids of that kind, for the message.
        known: Vec<String>,
        known_total: usize,
    },

    #[error("`{field}` is {value}; it must be a finite number ≥ 0")]
    InvalidNumber { field: String, value: String },

    #[error(
        "`{field}` is {written}, which is too large to represent (the largest number is about 1.8e308); write a finite number ≥ 0"
    )]
    NumberTooLarge { field: String, written: String },

    #[error("`importance` is {value}; it must be 1 to 5 (5 = always visible, default 3)")]
    ImportanceOutOfRange { value: i64 },

    #[error(
        "`{field}` contains a control character (U+{code:04X}) at character {at}; {}",
        if *multi_line {
            "text fields may contain line breaks and tabs but no other control characters"
        } else {
            "one-line fields may not contain control characters (a tab is allowed)"
        }
    )]
    ControlCharacter {
        field: String,
        code: u32,
        /// 1-based, in characters.
        at: usize,
        multi_line: bool,
    },

    #[error("colour {value:?} is not valid; write `#rrggbb`, e.g. \"#b3403a\"")]
    InvalidColor { value: String },

    #[error(
        "unsupported dataset format {found}; this version of conflict-timeline reads format {supported}"
    )]
    UnsupportedFormat { found: String, supported: i64 },

    #[error(
        "series `{series}` has two points dated {date}; the first is at {first}; keep one value per date"
    )]
    DuplicatePointDate {
        series: String,
        date: String,
        first: Place,
    },

    #[error("the `{section}` section is written both here and in {other}; write it in one place")]
    SectionTwice { section: String, other: String },

    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },

    #[error(
        "file is not valid UTF-8 (first invalid byte at offset {byte_offset}); save it as UTF-8"
    )]
    NotUtf8 { byte_offset: usize },

    #[error(
        "folder {path} has no dataset.ron; a dataset folder needs dataset.ron, and may add events.ron, quotes.ron and displacement.ron"
    )]
    MissingDatasetFile { path: String },

    #[error(
        "file is {size} bytes, over the limit of {limit} bytes; split the dataset, or raise the limit by setting the environment variable {var}, e.g. {var}=1G",
        var = super::MAX_FILE_BYTES_VAR
    )]
    TooLarge { size: u64, limit: u64 },

    #[error(
        "{value:?} is not a size in bytes; write a whole number of bytes, optionally with a suffix K, M or G (powers of 1024), e.g. 512M or 1G"
    )]
    BadFileLimit { value: String },

    #[error(
        "not a regular file ({kind}); a dataset is a folder or a regular `.ron`, `.json` or `.csv` file"
    )]
    NotRegularFile { kind: String },

    #[error("the file is empty; {expected}")]
    EmptyFile { expected: String },

    #[error(
        "unsupported file type {path}; open a dataset folder, a `.ron` file, or a `.json` or `.csv` file to import (TimelineJS, UCDP GED or ACLED; also as `.json.gz`, `.csv.gz`, or the one such file of a `.zip`)"
    )]
    UnsupportedFileType { path: String },

    /// A compressed file that cannot be unpacked.
    #[error(
        "cannot unpack this {format} file: {message}; open the file it holds, or a whole {format} file"
    )]
    Unpack { format: String, message: String },

    /// A zip archive without exactly one file to import.
    #[error(
        "the zip archive holds {found}; a zip archive to open holds exactly one `.csv` or `.json` file"
    )]
    ArchiveContents { found: String },

    /// A value an imported file must give is absent or empty. `column` is the
    /// 1-based column of a CSV field.
    #[error("{} has no value; {hint}", field_label(field, *column))]
    ImportMissingValue {
        field: String,
        column: Option<usize>,
        hint: String,
    },

    /// A value of an imported file that cannot be converted; `value` is shown
    /// as written.
    #[error("{} is {value}; {expected}", field_label(field, *column))]
    ImportInvalidValue {
        field: String,
        column: Option<usize>,
        value: String,
        expected: String,
    },

    #[error(
        "the header row has no `{column}` column; a TimelineJS sheet needs the columns {}; found: {}",
        required.join(", "),
        found_list(found)
    )]
    MissingColumn {
        column: String,
        required: Vec<String>,
        found: Vec<String>,
    },

    /// A header that names a conflict-data format but lacks a column it
    /// needs.
    #[error(
        "the header row has no `{column}` column; {format} needs the columns {}; found: {}",
        required.join(", "),
        found_list(found)
    )]
    MissingFormatColumn {
        format: String,
        column: String,
        required: Vec<String>,
        found: Vec<String>,
    },

    /// An import option that needs a column the file lacks (`--country`
    /// without a `country` column).
    #[error(
        "the header row has no `{column}` column, so {option} cannot choose rows of {format}; open the file without {option}"
    )]
    ImportOptionColumn {
        format: String,
        option: String,
        column: String,
    },

    /// A `--group-by` that is not a column lanes can be made from.
    #[error(
        "--group-by {asked:?} is not a column lanes can be made from in {format}; use one of: {}",
        allowed.join(", ")
    )]
    UnknownGroupBy {
        format: String,
        asked: String,
        allowed: Vec<String>,
    },

    /// A `--group-by` column the format has but this file lacks.
    #[error(
        "the header row has no `{column}` column to make lanes from (--group-by {asked}); of the columns lanes can be made from in {format}, this file has: {}",
        found_list(present)
    )]
    MissingGroupByColumn {
        format: String,
        asked: String,
        column: String,
        present: Vec<String>,
    },

    /// A `--country` that no row of the file has; `nearest` are the file's
    /// countries nearest to it, or all of them when `all`.
    #[error(
        "no row has the country {asked:?} (--country); {}",
        country_hint(nearest, *all)
    )]
    UnknownCountry {
        asked: String,
        nearest: Vec<String>,
        all: bool,
    },

    /// Import options given for a file they do not apply to.
    #[error(
        "--country, --from, --to and --group-by choose rows and lanes of UCDP GED and ACLED event files; {what} is neither, so open it without them"
    )]
    ImportOptionsNotApplicable { what: String },

    // Warnings.
    #[error("event `{id}` cites no source; add `sources: [\"…\"]` so readers can check it")]
    EventWithoutSource { id: String },

    #[error(
        "quote `{id}` is linked to no event; add `events: [\"…\"]` to place it on the timeline"
    )]
    QuoteWithoutEvent { id: String },

    #[error("lane `{id}` has no events")]
    EmptyLane { id: String },

    #[error("source `{id}` is never cited")]
    UnusedSource { id: String },

    #[error("series `{id}` has no points")]
    EmptySeries { id: String },

    #[error(
        "view `{view}` selects event `{event}` ({date}), which is outside its range {start} to {end}; widen the range or select an event inside it"
    )]
    SelectionOutsideView {
        view: String,
        event: String,
        date: String,
        start: String,
        end: String,
    },

    #[error(
        "url {url:?} is not a web address, so it is shown as plain text and never opened; a link is https:// or http:// followed by a host, with no spaces or backslashes"
    )]
    SuspiciousUrl { url: String },

    #[error(
        "file {name} in the dataset folder is not read; the section files are events.ron, quotes.ron and displacement.ron"
    )]
    IgnoredFile { name: String },

    /// Part of an imported file that has no place in the dataset.
    #[error("{what} is not imported: {reason}")]
    NotImported { what: String, reason: String },

    /// A row of an imported table left out because a value it needs is
    /// missing or unreadable.
    #[error("this row is skipped: {} is {value}; {expected}", field_label(field, *column))]
    SkippedRow {
        field: String,
        column: Option<usize>,
        value: String,
        expected: String,
    },

    /// A CSV row with fewer cells than the header names, or with cells past
    /// the header's last column.
    #[error("{}", row_width_message(*columns, *header_columns))]
    RowWidth {
        columns: usize,
        header_columns: usize,
    },

    /// A quoted CSV cell over several lines, one of which reads like a row
    /// of the sheet: the mark of a quote left open and closed by a later
    /// row's quote, which joins the rows between into one cell. An error,
    /// as those rows would otherwise be lost without a word.
    #[error(
        "this quoted cell runs over line breaks, and its line {line} reads like a row of its own \
         ({commas} commas), so a quote was probably left open here and the rows up to the next quote \
         were read into this cell; close the quote with `\"` (a quote inside a quoted cell is written twice: `\"\"`)"
    )]
    RowInsideCell { line: usize, commas: usize },

    /// Text right after a CSV cell's closing quote, which readers join to
    /// the cell: `"A"x` reads as `Ax`.
    #[error(
        "text follows this cell's closing quote and is joined to the cell (`\"A\"x` reads as `Ax`); \
         put the whole cell in quotes, and write a quote inside it twice: `\"\"`"
    )]
    TextAfterQuote,
}

fn row_width_message(columns: usize, header_columns: usize) -> String {
    let has = |n: usize| crate::model::counted(n, "column", "columns");
    if columns < header_columns {
        format!(
            "this row has {}, the header has {}; its missing cells are read as empty (a comma too few, or a line break outside quotes?)",
            has(columns),
            has(header_columns)
        )
    } else {
        format!(
            "this row has {}, the header has {}; the cells after column {header_columns} are not imported (a comma outside quotes, or a quote left open?)",
            has(columns),
            has(header_columns)
        )
    }
}

/// `` `start_date.year` `` or, for a CSV field, ``column 3 `Month` ``.
fn field_label(field: &str, column: Option<usize>) -> String {
    match column {
        Some(column) => format!("column {column} `{field}`"),
        None => format!("`{field}`"),
    }
}

fn found_list(found: &[String]) -> String {
    if found.is_empty() {
        return "no columns".to_owned();
    }
    found
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The countries an unknown `--country` message offers.
fn country_hint(countries: &[String], all: bool) -> String {
    let list = countries
        .iter()
        .map(|name| format!("{name:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    match (countries.is_empty(), all) {
        (true, _) => "no row names a country".to_owned(),
        (false, true) => format!("the file's countries are {list}"),
        (false, false) => format!("the file's countries nearest to it: {list}"),
    }
}

/// How many known ids an unknown-reference message lists.
pub(crate) const KNOWN_IDS_SHOWN: usize = 12;

fn known_hint(kind: &str, known: &[String], known_total: usize) -> String {
    if known.is_empty() {
        return format!("no {kind} is defined");
    }
    let mut list = known
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if known_total > known.len() {
        list.push_str(&format!(" … ({known_total} in all)"));
    }
    format!("known {}: {list}", plural(kind))
}

/// `lane` → `lanes`; `series` stays `series`.
pub(crate) fn plural(noun: &str) -> String {
    if noun.ends_with('s') {
        noun.to_owned()
    } else {
        format!("{noun}s")
    }
}

impl Problem {
    /// Warnings are the problems a dataset may still load with.
    pub(crate) fn severity(&self) -> Severity {
        match self {
            Self::EventWithoutSource { .. }
            | Self::QuoteWithoutEvent { .. }
            | Self::EmptyLane { .. }
            | Self::UnusedSource { .. }
            | Self::EmptySeries { .. }
            | Self::SelectionOutsideView { .. }
            | Self::SuspiciousUrl { .. }
            | Self::IgnoredFile { .. }
            | Self::NotImported { .. }
            | Self::SkippedRow { .. }
            | Self::RowWidth { .. }
            | Self::TextAfterQuote => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One error or warning with its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub place: Place,
    pub problem: Problem,
}

impl Diagnostic {
    pub(crate) fn severity(&self) -> Severity {
        self.problem.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// `FILE:LINE:COL: error: MESSAGE`, as compilers print.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {label}: {}", self.place, self.problem)
    }
}

/// How many errors, and separately how many warnings, a load reports; the
/// rest are counted, not kept (see [`Collector`]).
pub const MAX_REPORTED: usize = 100;

/// The diagnostics of one load, bounded: at most [`MAX_REPORTED`] errors and
/// as many warnings are kept, the first in file order; the others are only
/// counted. A dataset with a million bad references must not print a million
/// lines nor hold a million messages in memory.
///
/// Each kind is kept in a buffer of at most twice the cap; when it fills, it
/// is sorted by place and cut back to the cap. What is cut can never be
/// among the first [`MAX_REPORTED`], so the kept ones are exactly those, and
/// [`Collector::wants`] lets callers skip building a message that would be
/// dropped.
#[derive(Debug)]
pub(crate) struct Collector {
    cap: usize,
    errors: Bounded,
    warnings: Bounded,
}

#[derive(Debug, Default)]
struct Bounded {
    kept: Vec<Diagnostic>,
    omitted: usize,
    /// Once the buffer has been cut: the last kept place. Anything after it
    /// would be dropped.
    last_kept: Option<Place>,
}

impl Bounded {
    fn wants(&self, place: &Place) -> bool {
        self.last_kept.as_ref().is_none_or(|last| place < last)
    }

    fn push(&mut self, diagnostic: Diagnostic, cap: usize) {
        if !self.wants(&diagnostic.place) {
            self.omitted += 1;
            return;
        }
        self.kept.push(diagnostic);
        if self.kept.len() >= 2 * cap.max(1) {
            self.cut(cap);
        }
    }

    /// Sorts by place (stable, so equal places keep their order) and keeps
    /// the first `cap`.
    fn cut(&mut self, cap: usize) {
        self.kept.sort_by(|a, b| a.place.cmp(&b.place));
        if self.kept.len() > cap {
            self.omitted += self.kept.len() - cap;
            self.kept.truncate(cap);
            self.last_kept = self.kept.last().map(|d| d.place.clone());
        }
    }
}

impl Default for Collector {
    fn default() -> Self {
        Self::with_cap(MAX_REPORTED)
    }
}

impl Collector {
    pub(crate) fn with_cap(cap: usize) -> Self {
        Self {
            cap,
            errors: Bounded::default(),
            warnings: Bounded::default(),
        }
    }

    fn of(&self, severity: Severity) -> &Bounded {
        match severity {
            Severity::Error => &self.errors,
            Severity::Warning => &self.warnings,
        }
    }

    /// Whether a problem of this severity at `place` would be kept; when
    /// not, [`Collector::omit`] counts it without its message being built.
    pub(crate) fn wants(&self, severity: Severity, place: &Place) -> bool {
        self.of(severity).wants(place)
    }

    /// Counts a problem that [`Collector::wants`] said would not be kept.
    pub(crate) fn omit(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors.omitted += 1,
            Severity::Warning => self.warnings.omitted += 1,
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        let cap = self.cap;
        match diagnostic.severity() {
            Severity::Error => self.errors.push(diagnostic, cap),
            Severity::Warning => self.warnings.push(diagnostic, cap),
        }
    }

    /// An empty collector with the same cap.
    pub(crate) fn empty_like(&self) -> Self {
        Self::with_cap(self.cap)
    }

    /// Takes in what another collector kept and counted, as if its
    /// problems had been pushed here (the kept ones are sorted by place).
    pub(crate) fn absorb(&mut self, other: Self) {
        self.errors.omitted += other.errors.omitted;
        self.warnings.omitted += other.warnings.omitted;
        for diagnostic in other.errors.kept.into_iter().chain(other.warnings.kept) {
            self.push(diagnostic);
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.kept.is_empty() || self.errors.omitted > 0
    }

    /// The kept diagnostics, errors first, each group in file order; then
    /// how many errors and how many warnings were left out.
    pub fn finish(mut self) -> Reported {
        let cap = self.cap;
        self.errors.cut(cap);
        self.warnings.cut(cap);
        let mut diagnostics = self.errors.kept;
        diagnostics.append(&mut self.warnings.kept);
        Reported {
            diagnostics,
            omitted_errors: self.errors.omitted,
            omitted_warnings: self.warnings.omitted,
        }
    }
}

impl Extend<Diagnostic> for Collector {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        for diagnostic in iter {
            self.push(diagnostic);
        }
    }
}

/// What a [`Collector`] kept and counted.
#[derive(Debug)]
pub(crate) struct Reported {
    pub diagnostics: Vec<Diagnostic>,
    pub omitted_errors: usize,
    pub omitted_warnings: usize,
}

/// Byte offset → line and column, for one file.
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    /// Made on first need: a dataset that loads cleanly never asks for a
    /// place, and a million lines take time to index.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// For very long lines (a minified JSON file is one line): checkpoints
    /// `(byte offset, characters before it)` about every [`CHUNK_BYTES`],
    /// made on first need, so that a column costs a chunk's count instead of
    /// the whole line's.
    checkpoints: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// See [`LineIndex::checkpoints`].
const CHUNK_BYTES: usize = 4096;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            line_starts: std::sync::OnceLock::new(),
            checkpoints: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|at| at + 1))
                .collect()
        });
        let line = line_starts.partition_point(|&start| start <= offset).max(1);
        let line_start = line_starts[line - 1];
        let column = if !self.text.is_char_boundary(offset) {
            offset - line_start
        } else if offset - line_start <= 2 * CHUNK_BYTES {
            self.text[line_start..offset].chars().count()
        } else {
            self.chars_before(offset) - self.chars_before(line_start)
        } + 1;
        LineCol { line, column }
    }

    /// The number of characters in `text[..offset]`; `offset` is on a
    /// character boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let text = self.text;
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut checkpoints = vec![(0, 0)];
            let (mut at, mut count) = (0, 0);
            while at < text.len() {
                let mut next = (at + CHUNK_BYTES).min(text.len());
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                count += text[at..next].chars().count();
                checkpoints.push((next, count));
                at = next;
            }
            checkpoints
        });
        let index = checkpoints
            .partition_point(|&(at, _)| at <= offset)
            .saturating_sub(1);
        let (at, before) = checkpoints.get(index).copied().unwrap_or((0, 0));
        before + text.get(at..offset).map_or(0, |rest| rest.chars().count())
    }

    /// The byte offset of a line and column counted inside `sub`, a slice of
    /// this text starting at `sub_start` (how ron reports errors of an item).
    pub(crate) fn offset_in(&self, sub_start: usize, line: usize, column: usize) -> usize {
        let sub = &self.text[sub_start.min(self.text.len())..];
        let mut offset = 0;
        for _ in 1..line.max(1) {
            match sub[offset..].find('\n') {
                Some(at) => offset += at + 1,
                None => {
                    offset = sub.len();
                    break;
                }
            }
        }
        let rest = &sub[offset..];
        let advance = rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(at, _)| at);
        sub_start + offset + advance
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let index = LineIndex::new("ab\n–x\n\ny");
        assert_eq!(index.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(3), LineCol { line: 2, column: 1 });
        // After the three-byte dash, the `x` is the second character.
        assert_eq!(index.line_col(6), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(9), LineCol { line: 4, column: 1 });
    }

    #[test]
    fn columns_of_very_long_lines_count_characters() {
        let line = "é".repeat(5000) + "x" + &"a".repeat(9000) + "y";
        let text = format!("first\n{line}\nlast");
        let index = LineIndex::new(&text);
        let x = text.find('x').unwrap();
        let y = text.find('y').unwrap();
        assert_eq!(
            index.line_col(x),
            LineCol {
                line: 2,
                column: 5001
            }
        );
        assert_eq!(
            index.line_col(y),
            LineCol {
                line: 2,
                column: 14_002
            }
        );
        assert_eq!(index.line_col(text.len()), LineCol { line: 3, column: 5 });
    }

    #[test]
    fn offsets_inside_a_slice_map_back() {
        let text = "[\n  (a: 1,\n   b: –2),\n]";
        let index = LineIndex::new(text);
        let item_start = text.find('(').unwrap();
        let offset = index.offset_in(item_start, 2, 8);
        assert_eq!(&text[offset..offset + 1], "2");
        assert_eq!(index.line_col(offset), LineCol { line: 3, column: 8 });
    }

    fn at(line: usize, problem: Problem) -> Diagnostic {
        Diagnostic {
            place: Place {
                file: "f.ron".into(),
                position: Some(LineCol { line, column: 1 }),
            },
            problem,
        }
    }

    #[test]
    fn the_collector_keeps_the_first_in_file_order_and_counts_the_rest() {
        let mut collector = Collector::with_cap(10);
        // Lines in a scrambled order, each once; errors and warnings apart.
        for i in 0..1000 {
            let line = (i * 389) % 1000 + 1;
            collector.push(at(line, Problem::InvalidDate(format!("{line}"))));
            collector.push(at(
                line,
                Problem::EmptyLane {
                    id: format!("{line}"),
                },
            ));
        }
        assert!(collector.has_errors());
        let reported = collector.finish();
        assert_eq!(reported.omitted_errors, 990);
        assert_eq!(reported.omitted_warnings, 990);
        let lines: Vec<(bool, usize)> = reported
            .diagnostics
            .iter()
            .map(|d| (d.is_error(), d.place.position.map_or(0, |p| p.line)))
            .collect();
        let expected: Vec<(bool, usize)> = (1..=10)
            .map(|line| (true, line))
            .chain((1..=10).map(|line| (false, line)))
            .collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn the_collector_says_what_it_would_drop() {
        let mut collector = Collector::with_cap(2);
        for line in [5, 6, 7, 8] {
            collector.push(at(line, Problem::InvalidDate(String::new())));
        }
        let late = at(9, Problem::InvalidDate(String::new())).place;
        let early = at(1, Problem::InvalidDate(String::new())).place;
        assert!(!collector.wants(Severity::Error, &late));
        assert!(collector.wants(Severity::Error, &early));
        assert!(collector.wants(Severity::Warning, &late));
        collector.omit(Severity::Error);
        let reported = collector.finish();
        assert_eq!(reported.diagnostics.len(), 2);
        assert_eq!(reported.omitted_errors, 3);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("lane"), "lanes");
        assert_eq!(plural("series"), "series");
    }

    #[test]
    fn prints_like_a_compiler() {
        let diagnostic = Diagnostic {
            place: Place {
                file: "data/events.ron".into(),
                position: Some(LineCol { line: 3, column: 9 }),
            },
            problem: Problem::InvalidDate("invalid date".into()),
        };
        assert_eq!(
            diagnostic.to_string(),
            "data/events.ron:3:9: error: invalid date"
        );
    }
}
