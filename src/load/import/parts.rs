//! Conflict event files converted on every core: the rows after the header
//! are cut into parts at line starts, each part is read by its own reader
//! on its own thread, and the parts' results are put together in row order
//! (by each format's reader), so that the dataset, its ids, lanes, warnings
//! and fatality series are exactly those of reading the rows one by one.
//!
//! A cut at a line start is a row start unless a quoted cell runs over that
//! line break. That is found out afterwards, without guessing: the reader of
//! the part before a cut reads on past it to its first row start, which
//! must be the very row the next part began with. When it is not (or a part
//! met a row it could not read, or the parts gave one id twice), the caller
//! reads the file again in one part, which is always right.

use super::records::{Record, read_record};
use super::sheet::{open_quote_problem, scan_record};
use crate::load::diagnostic::Problem;

/// Below this many bytes of rows a file is read in one part: threads would
/// cost more than they save.
pub(super) const MIN_PART_BYTES: usize = 4 << 20;

/// At most this many parts, whatever the machine.
const MAX_PARTS: usize = 16;

/// How many parts a file's rows are read in at most: one per core.
pub(super) fn default_parts() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(MAX_PARTS)
}

/// Where the parts of the rows from `body` (the offset after the header) to
/// the end of `text` start: `body` first, then line starts about evenly
/// apart; at most `parts` parts, each at least `min_part_bytes` long. One
/// start means one part.
pub(super) fn part_starts(
    text: &str,
    body: usize,
    parts: usize,
    min_part_bytes: usize,
) -> Vec<usize> {
    let length = text.len().saturating_sub(body);
    let parts = parts.min(length / min_part_bytes.max(1)).max(1);
    let bytes = text.as_bytes();
    let mut starts = vec![body];
    for part in 1..parts {
        let nominal = body + length / parts * part;
        let Some(newline) = memchr::memchr(b'\n', bytes.get(nominal..).unwrap_or_default()) else {
            break;
        };
        let start = nominal + newline + 1;
        if start >= text.len() {
            break;
        }
        if starts.last().is_some_and(|&last| start > last) {
            starts.push(start);
        }
    }
    starts
}

/// How a part's reading ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PartEnd {
    /// The end of the file.
    End,
    /// The first row at or after the part's end starts here; it was not read.
    Next(usize),
    /// A row could not be read (reported); nothing after it was read.
    Unreadable,
}

/// What a part's reader saw of its rows' starts, to check the cuts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PartRows {
    /// The offset of its first row, if it had any.
    pub first: Option<usize>,
    pub end: PartEnd,
}

/// The rows of one part: records from the part's start to the end of the
/// file ([`read_record`]), given by their offsets in the whole text until
/// the first that starts at or after `until`. Rows whose cells are all
/// blank are passed over, as the csv crate's readers pass them.
pub(super) struct PartReader<'t> {
    text: &'t str,
    /// Where the next record may start.
    at: usize,
    until: usize,
    /// The offset of the first row given.
    first: Option<usize>,
}

/// The next step of a [`PartReader`].
pub(super) enum Step {
    /// A row to read, at this offset of the whole text.
    Row(usize),
    /// The part is done.
    Done(PartRows),
    /// A row cannot be read: report the problem at the offset; the part is
    /// done ([`PartEnd::Unreadable`]).
    Unreadable(usize, Problem),
}

impl<'t> PartReader<'t> {
    /// Rows of `text` from `from` (a row start) while they start before
    /// `until`.
    pub fn new(text: &'t str, from: usize, until: usize) -> Self {
        Self {
            text,
            at: from.min(text.len()),
            until,
            first: None,
        }
    }

    /// Reads the next row into `record`.
    pub fn next(&mut self, record: &mut Record<'t>) -> Step {
        loop {
            let Some((offset, next, _)) = read_record(self.text, self.at, record) else {
                self.at = self.text.len();
                return Step::Done(self.rows(PartEnd::End));
            };
            if offset >= self.until {
                return Step::Done(self.rows(PartEnd::Next(offset)));
            }
            self.at = next;
            // A quote left open runs to the end of the file: the rows after
            // it would be lost unnoticed.
            if next >= self.text.len()
                && let Some(quote) = scan_record(self.text, offset).open_quote
            {
                return Step::Unreadable(quote, open_quote_problem());
            }
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            self.first.get_or_insert(offset);
            return Step::Row(offset);
        }
    }

    /// The offset just after the last row read.
    pub fn position(&self) -> usize {
        self.at
    }

    /// How the part ended, once it has.
    pub fn rows(&self, end: PartEnd) -> PartRows {
        PartRows {
            first: self.first,
            end,
        }
    }
}

/// Whether the parts' readers agree on every cut: each part before a cut
/// read on to exactly the row the next part began with, and no part met a
/// row it could not read. When not, the file is read in one part.
pub(super) fn cuts_agree(parts: &[PartRows]) -> bool {
    if parts.iter().any(|part| part.end == PartEnd::Unreadable) {
        return false;
    }
    parts.windows(2).all(|pair| match pair[0].end {
        PartEnd::Next(offset) => pair[1].first == Some(offset),
        PartEnd::End => pair[1].first.is_none() && pair[1].end == PartEnd::End,
        PartEnd::Unreadable => false,
    })
}

/// Reads the rows from `body` on in up to `parts` parts of at least
/// `min_part_bytes`, each part's state made by `make` with room for its
/// share of the `rows` expected (the first part with room for all, as the
/// others are appended to it), and read by `read` from its start to the
/// next part's. The parts' states in order when there was more than one
/// and the cuts agree ([`cuts_agree`]); `None` when the rows are to be read
/// in one part.
pub(super) fn read_in_parts<State: Send>(
    text: &str,
    body: usize,
    (parts, min_part_bytes): (usize, usize),
    rows: usize,
    make: impl Fn(usize) -> State + Sync,
    read: impl Fn(&mut State, usize, usize) -> PartRows + Sync,
) -> Option<Vec<State>> {
    let starts = part_starts(text, body, parts, min_part_bytes);
    if starts.len() < 2 {
        return None;
    }
    let share = rows / starts.len() + 16;
    let done = read_parts(
        &starts,
        text.len(),
        |index| make(if index == 0 { rows } else { share }),
        read,
    );
    let ends: Vec<PartRows> = done.iter().map(|(_, rows)| *rows).collect();
    cuts_agree(&ends).then(|| done.into_iter().map(|(state, _)| state).collect())
}

/// Runs `read` on each part's state (made by `make` from the part's
/// number), the first on this thread and the others on their own, and gives
/// back each part's state with how its rows went.
fn read_parts<State: Send>(
    starts: &[usize],
    end: usize,
    make: impl Fn(usize) -> State + Sync,
    read: impl Fn(&mut State, usize, usize) -> PartRows + Sync,
) -> Vec<(State, PartRows)> {
    let range = |index: usize| (starts[index], starts.get(index + 1).copied().unwrap_or(end));
    let run = |index: usize| {
        let (from, until) = range(index);
        let mut state = make(index);
        let rows = read(&mut state, from, until);
        (state, rows)
    };
    crate::jobs::on_every_core(starts.len(), run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_start_at_line_starts_and_cover_the_rows() {
        let text = "h\n".to_owned() + &"a,b\n".repeat(1000);
        let starts = part_starts(&text, 2, 4, 100);
        assert_eq!(starts.len(), 4);
        assert_eq!(starts[0], 2);
        for pair in starts.windows(2) {
            assert!(pair[0] < pair[1]);
        }
        for &start in &starts[1..] {
            assert_eq!(text.as_bytes()[start - 1], b'\n');
        }
        assert_eq!(part_starts(&text, 2, 4, usize::MAX), vec![2]);
        assert_eq!(part_starts(&text, 2, 1, 100), vec![2]);
    }

    #[test]
    fn a_cut_inside_a_quoted_cell_is_found_out() {
        let text = "x\n1,\"two\nlines\"\n2,b\n";
        // A cut after "two\n": inside the quoted cell.
        let cut = text.find("lines").unwrap();
        let read = |from: usize, until: usize| {
            let mut reader = PartReader::new(text, from, until);
            let mut record = Record::new(text);
            loop {
                match reader.next(&mut record) {
                    Step::Row(_) => {}
                    Step::Done(rows) => return rows,
                    Step::Unreadable(..) => return reader.rows(PartEnd::Unreadable),
                }
            }
        };
        let parts = [read(2, cut), read(cut, text.len())];
        assert!(!cuts_agree(&parts));
        // A cut at the row start agrees.
        let cut = text.find("2,b").unwrap();
        let parts = [read(2, cut), read(cut, text.len())];
        assert!(cuts_agree(&parts), "{parts:?}");
    }

    /// Conversions in parts give what a conversion in one part gives.
    mod same_as_one_part {
        use std::sync::Arc;

        use crate::generate::{AcledDates, ConflictOptions, Layout, write_rows};
        use crate::load::ImportOptions;
        use crate::load::import::{Converted, acled, ged};
        use crate::load::parse::FileText;
        use crate::model::Date;

        fn generated(layout: Layout, events: usize, seed: u64) -> String {
            let options = ConflictOptions {
                layout,
                events,
                seed,
                acled_dates: AcledDates::Iso,
            };
            let mut bytes = Vec::new();
            write_rows(&options, &mut bytes, u64::MAX).unwrap();
            String::from_utf8(bytes).unwrap()
        }

        /// Everything a conversion gives, to compare.
        fn outcome(converted: Converted) -> String {
            let places = &converted.places;
            format!(
                "{:#?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:#?}",
                converted.dataset,
                places.events,
                places.sources,
                places.lanes,
                places.series,
                converted.diagnostics.finish(),
            )
        }

        fn convert(layout: Layout, text: &str, options: &ImportOptions, parts: usize) -> String {
            let file = FileText::new(Arc::from("events.csv"), text);
            // Parts of a few rows each.
            let min_part_bytes = if parts > 1 { 512 } else { usize::MAX };
            outcome(match layout {
                Layout::Ged => {
                    ged::convert_in_parts(&file, "ged241", options, parts, min_part_bytes)
                }
                Layout::Acled => {
                    acled::convert_in_parts(&file, "acled", options, parts, min_part_bytes)
                }
            })
        }

        /// A conversion a window at a time, windows of about `window_bytes`;
        /// `None` when the windows were given up. Every item's place is
        /// checked against the whole text's.
        fn convert_in_windows(
            layout: Layout,
            text: &str,
            options: &ImportOptions,
            window_bytes: usize,
        ) -> Option<String> {
            use std::io::Write as _;
            let mut file = tempfile::tempfile().unwrap();
            file.write_all(text.as_bytes()).unwrap();
            let name: Arc<str> = Arc::from("events.csv");
            let size = text.len() as u64;
            let (converted, whole) = match layout {
                Layout::Acled => {
                    acled::convert_in_windows(&file, size, &name, "acled", options, window_bytes)?
                }
                Layout::Ged => {
                    ged::convert_in_windows(&file, size, &name, "ged241", options, window_bytes)?
                }
            };
            let text_file = FileText::new(name, text);
            let places = &converted.places;
            assert!(places.event_ids_unique);
            for item in places
                .events
                .iter()
                .chain(&places.sources)
                .chain(&places.lanes)
                .chain(&places.series)
            {
                let offset = item.range.start;
                assert_eq!(
                    whole.position(offset),
                    text_file.position(offset),
                    "the place of {offset}"
                );
            }
            Some(outcome(converted))
        }

        /// Conversions a window at a time give what a conversion of the
        /// whole text gives, for windows of several sizes.
        fn assert_same_in_windows(layout: Layout, text: &str, options: &ImportOptions) {
            let one = convert(layout, text, options, 1);
            for window_bytes in [3000, 11_000, 64_000] {
                let windowed = convert_in_windows(layout, text, options, window_bytes)
                    .unwrap_or_else(|| panic!("windows of {window_bytes} bytes given up"));
                assert!(
                    one == windowed,
                    "windows of {window_bytes} bytes differ from the whole text:\n{}",
                    first_difference(&one, &windowed)
                );
            }
        }

        fn assert_same(layout: Layout, text: &str, options: &ImportOptions) {
            let one = convert(layout, text, &ImportOptions::clone(options), 1);
            for parts in [2, 3, 7] {
                let many = convert(layout, text, options, parts);
                assert!(
                    one == many,
                    "{parts} parts differ from one:\n{}",
                    first_difference(&one, &many)
                );
            }
        }

        fn first_difference(a: &str, b: &str) -> String {
            a.lines()
                .zip(b.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .map_or_else(
                    || "(one is longer)".to_owned(),
                    |(line, (x, y))| format!("line {line}: {x}\n    vs: {y}"),
                )
        }

        /// Rows a reader warns about or skips, spread over the file: a bad
        /// date, a bad count, a short row.
        fn with_bad_rows(text: &str, every: usize, bad: &str) -> String {
            let mut out = String::new();
            for (index, line) in text.lines().enumerate() {
                out.push_str(line);
                out.push('\n');
                if index > 0 && index % every == 0 {
                    out.push_str(bad);
                    out.push('\n');
                }
            }
            out
        }

        fn ged_options() -> Vec<ImportOptions> {
            vec![
                ImportOptions::default(),
                ImportOptions {
                    group_by: Some("conflict".into()),
                    ..ImportOptions::default()
                },
                ImportOptions {
                    countries: vec!["Syria".into(), "Yemen (North Yemen)".into()],
                    from: Date::parse("2015").ok(),
                    to: Date::parse("2020-06").ok(),
                    ..ImportOptions::default()
                },
            ]
        }

        #[test]
        fn ged_files() {
            let text = generated(Layout::Ged, 400, 3);
            for options in ged_options() {
                assert_same(Layout::Ged, &text, &options);
                assert_same_in_windows(Layout::Ged, &text, &options);
            }
            let bad = with_bad_rows(&text, 37, "999999999,x,2015,yes,Clear,4,1,x");
            assert_same(Layout::Ged, &bad, &ImportOptions::default());
            assert_same_in_windows(Layout::Ged, &bad, &ImportOptions::default());
            let marked = format!("\u{feff}{text}");
            assert_same_in_windows(Layout::Ged, &marked, &ImportOptions::default());
        }

        #[test]
        fn ged_ids_repeated_across_parts_warn_as_in_one_part() {
            let text = generated(Layout::Ged, 200, 5);
            let mut lines: Vec<&str> = text.lines().collect();
            // The first row again at the end: its id repeats.
            let first = lines[1];
            lines.push(first);
            let repeated = lines.join("\n") + "\n";
            assert_same(Layout::Ged, &repeated, &ImportOptions::default());
            assert!(
                convert(Layout::Ged, &repeated, &ImportOptions::default(), 3)
                    .contains("repeats the id")
            );
            // Read a window at a time, the repeat is in another window: the
            // file is to be read whole.
            assert!(
                convert_in_windows(Layout::Ged, &repeated, &ImportOptions::default(), 3000)
                    .is_none()
            );
        }

        #[test]
        fn quoted_cells_over_lines_at_the_cuts() {
            // Every row's where_description runs over many lines, so that
            // most cuts fall inside a quoted cell.
            let text = generated(Layout::Ged, 300, 9);
            let header = text.lines().next().unwrap();
            let column = header
                .split(',')
                .position(|name| name == "where_description")
                .unwrap();
            let mut out = String::new();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let mut writer = csv::Writer::from_writer(Vec::new());
            for (index, record) in reader.records().enumerate() {
                let record = record.unwrap();
                let cells: Vec<String> = record
                    .iter()
                    .enumerate()
                    .map(|(at, cell)| {
                        if index > 0 && at == column {
                            format!("{cell}\n{}", "more\n".repeat(30))
                        } else {
                            cell.to_owned()
                        }
                    })
                    .collect();
                writer.write_record(&cells).unwrap();
            }
            out.push_str(&String::from_utf8(writer.into_inner().unwrap()).unwrap());
            assert_same(Layout::Ged, &out, &ImportOptions::default());
        }

        #[test]
        fn a_byte_order_mark_changes_no_row() {
            for layout in [Layout::Ged, Layout::Acled] {
                let text = generated(layout, 300, 2);
                let marked = format!("\u{feff}{text}");
                assert_same(layout, &marked, &ImportOptions::default());
                let plain = convert(layout, &text, &ImportOptions::default(), 3);
                let with_mark = convert(layout, &marked, &ImportOptions::default(), 3);
                // The same events; places differ by the mark's bytes.
                let events = |outcome: &str| {
                    outcome
                        .split("events: [")
                        .nth(1)
                        .map(|rest| rest.split("quotes:").next().unwrap_or_default().to_owned())
                };
                assert_eq!(events(&plain), events(&with_mark));
                assert_eq!(
                    plain.matches("Diagnostic {").count(),
                    with_mark.matches("Diagnostic {").count()
                );
            }
        }

        #[test]
        fn acled_files() {
            let text = generated(Layout::Acled, 500, 4);
            for options in [
                ImportOptions::default(),
                ImportOptions {
                    group_by: Some("actor".into()),
                    ..ImportOptions::default()
                },
                ImportOptions {
                    countries: vec!["Syria".into()],
                    from: Date::parse("2019").ok(),
                    ..ImportOptions::default()
                },
            ] {
                assert_same(Layout::Acled, &text, &options);
                assert_same_in_windows(Layout::Acled, &text, &options);
            }
            let bad = with_bad_rows(&text, 41, "XYZ1,31 Foo 2020,2020,9");
            assert_same(Layout::Acled, &bad, &ImportOptions::default());
            assert_same_in_windows(Layout::Acled, &bad, &ImportOptions::default());
            // Rows without ids take ids from their lines, and rows of event
            // types and sources first met in later parts.
            let header = text.lines().next().unwrap().to_owned();
            let mut odd = header + "\n";
            for (index, line) in text.lines().skip(1).enumerate() {
                let line = if index % 5 == 0 {
                    line.split_once(',')
                        .map_or(line.to_owned(), |(_, rest)| format!(",{rest}"))
                } else {
                    line.to_owned()
                };
                let line = if index % 97 == 96 {
                    line.replacen(",Battles,", &format!(",Type {index},"), 1)
                } else {
                    line
                };
                odd.push_str(&line);
                odd.push('\n');
            }
            assert_same(Layout::Acled, &odd, &ImportOptions::default());
            assert_same_in_windows(Layout::Acled, &odd, &ImportOptions::default());
            let marked = format!("\u{feff}{text}");
            assert_same_in_windows(Layout::Acled, &marked, &ImportOptions::default());
        }

        #[test]
        fn acled_quoted_cells_over_lines_in_windows() {
            // Notes over several lines: a window that ends inside one is
            // given up (the file is then read whole); any that is not gives
            // what the whole text gives.
            let text = generated(Layout::Acled, 400, 6);
            let multi_line = text.replace("\"On ", "\"On\nseveral\nlines ");
            let one = convert(Layout::Acled, &multi_line, &ImportOptions::default(), 1);
            let mut given_up = 0;
            for window_bytes in [2000, 2500, 3000, 5000, 9000] {
                match convert_in_windows(
                    Layout::Acled,
                    &multi_line,
                    &ImportOptions::default(),
                    window_bytes,
                ) {
                    Some(windowed) => {
                        assert!(one == windowed, "{}", first_difference(&one, &windowed))
                    }
                    None => given_up += 1,
                }
            }
            assert!(given_up > 0, "no window ended inside a cell");
            // An id given twice in different windows is given up too.
            let lines: Vec<&str> = text.lines().collect();
            let repeated = lines.join("\n") + "\n" + lines[1] + "\n";
            assert!(
                convert_in_windows(Layout::Acled, &repeated, &ImportOptions::default(), 3000)
                    .is_none()
            );
        }
    }
}
