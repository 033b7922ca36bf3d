//! CSV records of conflict event files, their cells sliced from the file's
//! text: no copy of a record and no second check of its UTF-8 (the text is
//! a `str` already), only cells with doubled quotes in them (or text after
//! a closing quote) are unquoted into a buffer of the record.
//!
//! The records are split exactly as the csv crate splits them with its
//! defaults (comma, `"` quotes with `""` inside them, records ended by
//! `\n`, `\r` or `\r\n`, empty lines skipped, flexible widths), the crate's
//! own state machine followed byte class by byte class; a property test
//! holds the two to the same records and offsets.

use std::ops::Range;

/// The byte order mark, skipped at the start of a file as the csv crate does.
const BOM: &str = "\u{feff}";

/// The cells of one record.
#[derive(Debug, Default)]
pub(super) struct Record<'t> {
    text: &'t str,
    /// Cells that could not be slices of the text, unquoted.
    unquoted: String,
    /// Each cell: in `unquoted` (true) or in the text, and where.
    cells: Vec<(bool, Range<usize>)>,
}

impl<'t> Record<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            unquoted: String::new(),
            cells: Vec::new(),
        }
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// A cell's text.
    pub fn get(&self, index: usize) -> Option<&str> {
        let (owned, range) = self.cells.get(index)?;
        let source = if *owned { &self.unquoted } else { self.text };
        source.get(range.clone())
    }

    /// The cells in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> {
        (0..self.cells.len()).map(|index| self.get(index).unwrap_or_default())
    }

    /// The length of all cells together, in bytes.
    pub fn bytes(&self) -> usize {
        self.cells.iter().map(|(_, range)| range.len()).sum()
    }
}

/// A cell without the white space around it, as `str::trim` gives it: a
/// cell that begins and ends with ASCII other than white space (almost
/// every one) is given as it is without a look at its characters.
pub(super) fn trimmed(cell: &str) -> &str {
    let plain = |byte: Option<&u8>| {
        byte.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b)
    };
    let bytes = cell.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        cell
    } else {
        cell.trim()
    }
}

/// Whether the record from `start` to `next` (where the one after it may
/// start) runs over a line break: only a quoted cell can hold one, so this
/// is whether any of its cells does, found by one look at its bytes.
pub(super) fn row_spans_lines(text: &str, start: usize, next: usize) -> bool {
    let row = text.as_bytes().get(start..next).unwrap_or_default();
    let row = row.strip_suffix(b"\n").unwrap_or(row);
    let row = row.strip_suffix(b"\r").unwrap_or(row);
    memchr::memchr(b'\n', row).is_some()
}

/// How a record ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RecordEnd {
    /// At a line break, or at the end of the text after a complete cell.
    Complete,
    /// At the end of the text inside a quoted cell.
    OpenQuote,
}

/// Splits the record at or after `at` (blank lines skipped; at offset 0 a
/// byte order mark too) into `record`: its start, where the next one may
/// start, and how it ended; `None` at the end of the text.
pub(super) fn read_record(
    text: &str,
    mut at: usize,
    record: &mut Record<'_>,
) -> Option<(usize, usize, RecordEnd)> {
    let bytes = text.as_bytes();
    if at == 0 && text.starts_with(BOM) {
        at = BOM.len();
    }
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    if at >= bytes.len() {
        return None;
    }
    record.unquoted.clear();
    record.cells.clear();
    let start = at;
    loop {
        // A cell starts at `at`.
        if bytes.get(at) == Some(&b'"') {
            let (next, ended) = quoted_cell(text, at + 1, record);
            at = next;
            if ended == RecordEnd::OpenQuote {
                return Some((start, at, RecordEnd::OpenQuote));
            }
        } else {
            let end =
                memchr::memchr3(b',', b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |n| at + n);
            record.cells.push((false, at..end));
            at = end;
        }
        // `at` is at a comma, a line break or the end.
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(b'\r') => {
                at += 1;
                if bytes.get(at) == Some(&b'\n') {
                    at += 1;
                }
                return Some((start, at, RecordEnd::Complete));
            }
            Some(_) => return Some((start, at + 1, RecordEnd::Complete)),
            None => return Some((start, at, RecordEnd::Complete)),
        }
    }
}

/// Reads a quoted cell whose text starts at `at` (after its opening quote):
/// up to its closing quote, `""` being a quote, and any text after the
/// closing quote up to the next comma or line break, as the csv crate
/// keeps it. Gives where it stopped (at a comma, a line break or the end)
/// and whether the quote was closed.
fn quoted_cell(text: &str, first: usize, record: &mut Record<'_>) -> (usize, RecordEnd) {
    let bytes = text.as_bytes();
    let mut at = first;
    // Where in the record's buffer the cell begins, once it is copied
    // there; until then it is `text[first..at]` (`at` is still `first`).
    let mut copied: Option<usize> = None;
    loop {
        let Some(quote) = memchr::memchr(b'"', &bytes[at..]).map(|n| at + n) else {
            // The end of the text inside the quotes: the rest is the cell.
            end_cell(text, record, copied, first, at, bytes.len());
            return (bytes.len(), RecordEnd::OpenQuote);
        };
        match bytes.get(quote + 1) {
            Some(b'"') => {
                // A doubled quote: one quote in the cell.
                let begun = *copied.get_or_insert(record.unquoted.len());
                let _ = begun;
                record.unquoted.push_str(&text[at..=quote]);
                at = quote + 2;
            }
            Some(b',' | b'\n' | b'\r') | None => {
                end_cell(text, record, copied, first, at, quote);
                return (quote + 1, RecordEnd::Complete);
            }
            Some(_) => {
                // Text after the closing quote belongs to the cell, quotes
                // in it as they are.
                let rest = quote + 1;
                let end = memchr::memchr3(b',', b'\n', b'\r', &bytes[rest..])
                    .map_or(bytes.len(), |n| rest + n);
                let begun = *copied.get_or_insert(record.unquoted.len());
                record.unquoted.push_str(&text[at..quote]);
                record.unquoted.push_str(&text[rest..end]);
                record.cells.push((true, begun..record.unquoted.len()));
                return (end, RecordEnd::Complete);
            }
        }
    }
}

/// Ends a quoted cell at `end`: a slice of the text from `first`, or, when
/// it has been copied into the record's buffer from `begun` on, the copy
/// with the text from `at` added.
fn end_cell(
    text: &str,
    record: &mut Record<'_>,
    copied: Option<usize>,
    first: usize,
    at: usize,
    end: usize,
) {
    match copied {
        None => record.cells.push((false, first..end)),
        Some(begun) => {
            record.unquoted.push_str(&text[at..end]);
            record.cells.push((true, begun..record.unquoted.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cells_are_trimmed_as_str_trim_trims() {
        for cell in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\u{b}a\u{b}",
            "\u{a0}a",
            "a\u{3000}",
            "é",
            " é ",
            "a\tb",
            "\r\n",
            "x\u{85}",
        ] {
            assert_eq!(trimmed(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn rows_over_lines_are_told_by_their_bytes() {
        let text = "a,b\n\"x\ny\",z\r\nc\r\"p\nq\"";
        assert!(!row_spans_lines(text, 0, 4));
        assert!(row_spans_lines(text, 4, 14));
        assert!(!row_spans_lines(text, 14, 16));
        assert!(row_spans_lines(text, 16, text.len()));
        assert!(!row_spans_lines(text, 16, 17));
    }

    /// The records as the csv crate reads them (as the readers used it):
    /// each one's start (blank lines and a byte order mark passed over) and
    /// cells.
    fn by_the_csv_crate(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let byte = record.position().map_or(0, |p| p.byte());
            let start = super::super::sheet::record_start(text, byte);
            out.push((start, record.iter().map(str::to_owned).collect()));
        }
        out
    }

    fn by_slices(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut record = Record::new(text);
        let mut at = 0;
        let mut out = Vec::new();
        while let Some((start, next, _)) = read_record(text, at, &mut record) {
            out.push((start, record.iter().map(str::to_owned).collect()));
            assert!(next > at);
            at = next;
        }
        out
    }

    #[test]
    fn records_as_the_csv_crate_splits_them() {
        for text in [
            "",
            "a,b\nc,d",
            "a,b\r\nc,d\r\n",
            "\u{feff}id,x\n1,2\n",
            "\n\n\r\na\n\n",
            "a,\n,b\n,\n",
            "\"q, \"\"x\"\"\",b\n",
            "\"ab\"cd\"e,f\n",
            "\"two\nlines\",x\r\n\"open",
            "a\rb\r\r\nc",
            "\"\"\n\"\"\"\"\n\"",
            "x,\"\",\"a\"\"",
            "é,\"ü\"\"ß\"\nZ",
        ] {
            assert_eq!(by_slices(text), by_the_csv_crate(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_splits_as_the_csv_crate_splits_it(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(","), Just("\""), Just("\"\""), Just("\n"), Just("\r"),
                    Just("\r\n"), Just("a"), Just("bc"), Just(" "), Just("é"), Just("\u{feff}"),
                ],
                0..40,
            )
        ) {
            let text: String = parts.concat();
            prop_assert_eq!(by_slices(&text), by_the_csv_crate(&text));
        }
    }
}
