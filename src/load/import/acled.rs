//! ACLED event data exported as CSV: one row per event, recognised by its
//! header (`event_id_cnty`, `event_date`, `event_type`, `actor1`, …), as the
//! ACLED codebook names the columns.
//!
//! Columns match case-insensitively and trimmed, in any order; unknown
//! columns (`data_id`, `event_id_no_cnty`, `iso3`, … of older exports) are
//! ignored, and the columns added in 2023 (`disorder_type`,
//! `civilian_targeting`, `tags`) are optional; early files' `ALLY_ACTOR_*`
//! are the associated actors, and a row of HXL hashtags under the header is
//! skipped. Only `event_date` and `event_type` are required. `NA` and empty
//! cells are missing values.
//!
//! Each row becomes an event: its id is `event_id_cnty` in lower case, its
//! title "event type: actor1 vs. actor2, location", its lane its event
//! type (the six types in codebook order, then any others as found), its
//! importance from its fatalities, its sources the `source` cell split on
//! `;` (one source per name across the file), its tags the actors, country,
//! admin1 and ACLED's tags. `time_precision` follows the codebook: 1 the
//! day is known; 2 the sources give a week or weekend, and ACLED codes a day
//! within it (kept, marked approximate); 3 the sources give only the month
//! (the event is placed in that month, marked approximate). The summary says
//! what the row's time and geo precision mean. Every event cites ACLED itself
//! (source `acled`) first, as ACLED's attribution policy asks of every use,
//! and fatalities are charted by month per lane and in total
//! ([`super::fatalities`]).
//!
//! A row without a readable date is skipped with a warning at its cell;
//! header problems are errors.
//!
//! The import options ([`filter`]) leave out rows of other countries or
//! dates before their event is built, and may take the lanes from another
//! column.

use compact_str::{CompactString, format_compact};
use foldhash::HashMap;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

use super::fatalities::{Naming, Tally};
use super::filter::{self, Grouping, RowFilter};
use super::parts::{self, PartEnd, PartReader, PartRows, Step};
use super::records::{Record, row_spans_lines, trimmed};
use super::sheet::{check_width, scan_record};
use super::texts::NewEvent;
use super::windows::{self, Cutter, Window};
use super::{Builder, Converted, MAX_SLUG_CHARS, UNGROUPED_LANE, parse_part, slug};
use crate::load::ImportOptions;
use crate::load::diagnostic::Problem;
use crate::load::parse::FileText;
use crate::load::validate::is_valid_event_id;
use crate::model::{Date, Lane, MONTH_NAMES, Source, Text, naive_from_unix_days};

/// How messages name the format.
const FORMAT: &str = "an ACLED export";

/// The columns without which rows cannot be events.
const REQUIRED: [&str; 2] = ["event_date", "event_type"];

/// ACLED's six event types, in codebook order: the lanes' order.
const EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// The columns `--group-by` accepts in an ACLED export, with their short
/// names.
pub(super) const GROUP_COLUMNS: [(&str, &[&str]); 16] = [
    ("event_type", &["type"]),
    ("sub_event_type", &[]),
    ("disorder_type", &[]),
    ("actor1", &["actor"]),
    ("actor2", &[]),
    ("inter1", &[]),
    ("inter2", &[]),
    ("interaction", &[]),
    ("civilian_targeting", &[]),
    ("country", &[]),
    ("region", &[]),
    ("admin1", &[]),
    ("admin2", &[]),
    ("admin3", &[]),
    ("location", &[]),
    ("source_scale", &[]),
];

/// How the import options see ACLED's columns.
const OPTIONS_FORMAT: filter::Format = filter::Format {
    name: FORMAT,
    group_columns: &GROUP_COLUMNS,
    default_lanes: "event_type",
};

/// The credit ACLED's terms of use ask for, and the citation its codebook
/// gives for the dataset.
pub(crate) const CREDIT: &str = "Data: Armed Conflict Location & Event Data Project (ACLED); www.acleddata.com.\n\
Cite as: Raleigh, Clionadh, Andrew Linke, Håvard Hegre and Joakim Karlsen. (2010). \
\"Introducing ACLED-Armed Conflict Location and Event Data.\" Journal of Peace Research 47(5) 651-660.";

/// The id of the source every event cites first: ACLED itself, as its
/// attribution policy asks of every use of the data.
const DATASET_SOURCE: &str = "acled";

/// Where each known column is (0-based), if the header has it.
#[derive(Clone, Debug, Default)]
struct Columns {
    id: Option<usize>,
    date: Option<usize>,
    time_precision: Option<usize>,
    disorder_type: Option<usize>,
    event_type: Option<usize>,
    sub_event_type: Option<usize>,
    actor1: Option<usize>,
    assoc_actor_1: Option<usize>,
    actor2: Option<usize>,
    assoc_actor_2: Option<usize>,
    civilian_targeting: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    admin3: Option<usize>,
    location: Option<usize>,
    geo_precision: Option<usize>,
    source: Option<usize>,
    source_scale: Option<usize>,
    notes: Option<usize>,
    fatalities: Option<usize>,
    tags: Option<usize>,
    timestamp: Option<usize>,
}

/// A header cell as a key: trimmed, without a byte order mark, lower case.
fn key(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .to_ascii_lowercase()
}

impl Columns {
    fn from_header(names: &[String]) -> Self {
        let mut columns = Self::default();
        for (index, name) in names.iter().enumerate() {
            let slot = match key(name).as_str() {
                "event_id_cnty" => &mut columns.id,
                "event_date" => &mut columns.date,
                "time_precision" => &mut columns.time_precision,
                "disorder_type" => &mut columns.disorder_type,
                "event_type" => &mut columns.event_type,
                "sub_event_type" => &mut columns.sub_event_type,
                "actor1" => &mut columns.actor1,
                // `ally_actor_*` in the uppercase files of ACLED's early
                // versions.
                "assoc_actor_1" | "ally_actor_1" => &mut columns.assoc_actor_1,
                "actor2" => &mut columns.actor2,
                "assoc_actor_2" | "ally_actor_2" => &mut columns.assoc_actor_2,
                "civilian_targeting" => &mut columns.civilian_targeting,
                "country" => &mut columns.country,
                "admin1" => &mut columns.admin1,
                "admin2" => &mut columns.admin2,
                "admin3" => &mut columns.admin3,
                "location" => &mut columns.location,
                "geo_precision" => &mut columns.geo_precision,
                "source" => &mut columns.source,
                "source_scale" => &mut columns.source_scale,
                "notes" => &mut columns.notes,
                "fatalities" => &mut columns.fatalities,
                "tags" => &mut columns.tags,
                "timestamp" => &mut columns.timestamp,
                _ => continue,
            };
            slot.get_or_insert(index);
        }
        columns
    }
}

/// Whether a CSV header is an ACLED export's: it has `event_id_cnty` and
/// `event_date`, and at least three more of ACLED's core columns.
pub(crate) fn recognises(header: &[String]) -> bool {
    let columns = Columns::from_header(header);
    let core = [
        columns.event_type,
        columns.sub_event_type,
        columns.actor1,
        columns.country,
        columns.fatalities,
        columns.time_precision,
        columns.notes,
        columns.source,
    ];
    columns.id.is_some()
        && columns.date.is_some()
        && core.iter().filter(|column| column.is_some()).count() >= 3
}

/// One data row.
struct Row<'r> {
    text: &'r str,
    record: &'r Record<'r>,
    offset: usize,
    headers: &'r [String],
}

impl Row<'_> {
    /// The trimmed cell of a column; empty when the file or the row has
    /// none, or when it says `NA`.
    fn cell(&self, column: Option<usize>) -> &str {
        let cell = column
            .and_then(|index| self.record.get(index))
            .map_or("", trimmed);
        if cell.eq_ignore_ascii_case("na") {
            ""
        } else {
            cell
        }
    }

    /// Where a column's cell starts, its header and its 1-based number.
    /// Scans the row: only called for a message.
    fn at(&self, column: Option<usize>, fallback: &str) -> (usize, String, Option<usize>) {
        match column {
            Some(index) => {
                let offset = scan_record(self.text, self.offset)
                    .field_starts
                    .get(index)
                    .copied()
                    .unwrap_or(self.offset);
                let name = self
                    .headers
                    .get(index)
                    .map_or(fallback, |name| name.trim())
                    .trim_start_matches('\u{feff}')
                    .to_owned();
                (offset, name, Some(index + 1))
            }
            None => (self.offset, fallback.to_owned(), None),
        }
    }
}

/// What the reader builds besides the builder's own state.
struct State {
    /// Lanes by lower-case event type: their index in `lanes`.
    lane_index: HashMap<String, usize>,
    /// The same by event type as written.
    lane_written: HashMap<String, usize>,
    /// Lanes with their codebook rank and the offset of their first row.
    lanes: Vec<(usize, Lane, usize)>,
    /// Sources by name: their id.
    sources: HashMap<String, String>,
    /// Event ids, with the offset of the row that gave each. An id of up
    /// to 24 bytes (every ACLED id) is held in the key itself: millions of
    /// rows, no allocation each.
    event_rows: HashMap<CompactString, usize>,
    /// The newest `timestamp` (Unix seconds of a row's last change): the
    /// version of the data, as far as the file tells.
    newest: Option<u64>,
    /// Where the header is: the place of errors about the options.
    header_offset: usize,
    /// The rows the import options keep.
    rows: RowFilter,
    /// The lanes of `--group-by`, instead of the event types.
    grouping: Option<Grouping>,
    /// Fatalities by lane and month, for the fatality series.
    tally: Tally,
    /// The row's title and summary are written here, kept from row to row.
    title: String,
    summary: String,
}

/// Reads an ACLED export; `fallback_title` (the file's stem) is the title.
pub(crate) fn convert(
    file: &FileText<'_>,
    fallback_title: &str,
    options: &ImportOptions,
) -> Converted {
    convert_in_parts(
        file,
        fallback_title,
        options,
        parts::default_parts(),
        parts::MIN_PART_BYTES,
    )
}

/// The header's columns, as every part's reader sees them.
struct Header {
    columns: Columns,
    names: Vec<String>,
    /// How many cells up to the last named one.
    width: usize,
}

/// A reader of rows: the builder and what the rows made so far.
struct Part<'f, 'a> {
    builder: Builder<'f, 'a>,
    state: State,
}

impl State {
    /// Nothing read yet; the import options set up.
    fn new(rows: RowFilter, grouping: Option<Grouping>, header_offset: usize) -> Self {
        State {
            lane_index: HashMap::default(),
            lane_written: HashMap::default(),
            lanes: Vec::new(),
            sources: HashMap::default(),
            event_rows: HashMap::default(),
            newest: None,
            header_offset,
            rows,
            grouping,
            tally: Tally::default(),
            title: String::new(),
            summary: String::new(),
        }
    }
}

impl<'f, 'a> Part<'f, 'a> {
    /// A reader of a part of the rows of `file`, set up as `template` is,
    /// with room for `rows` rows.
    fn new(file: &'f FileText<'a>, template: &State, rows: usize) -> Self {
        let mut builder = Builder::new(file);
        builder.source_ids.reserve(DATASET_SOURCE);
        builder.out.dataset.events.reserve(rows);
        builder.out.places.events.reserve(rows);
        let mut state = State::new(
            template.rows.clone(),
            template.grouping.clone(),
            template.header_offset,
        );
        state.event_rows.reserve(rows);
        Self { builder, state }
    }

    /// Reads the rows from `from` (a row start) while they start before
    /// `until`; `first_rows` when these are the file's first rows, which
    /// may be HXL hashtags.
    fn read_rows(
        &mut self,
        header: &Header,
        from: usize,
        until: usize,
        first_rows: bool,
    ) -> PartRows {
        let text = self.builder.file.text;
        let mut rows = PartReader::new(text, from, until);
        let mut record = Record::new(text);
        let mut seen_rows = !first_rows;
        loop {
            let offset = match rows.next(&mut record) {
                Step::Row(offset) => offset,
                Step::Done(end) => {
                    self.builder.seal_events();
                    return end;
                }
                Step::Unreadable(offset, problem) => {
                    self.builder.push(offset, problem);
                    self.builder.seal_events();
                    return rows.rows(PartEnd::Unreadable);
                }
            };
            // The row of HXL hashtags (`#event+code`, `#date+occurred`, …)
            // that copies of ACLED on humanitarian data portals carry under
            // the header.
            if !seen_rows
                && record
                    .iter()
                    .all(|cell| cell.is_empty() || cell.trim_start().starts_with('#'))
            {
                seen_rows = true;
                continue;
            }
            seen_rows = true;
            check_width(
                &mut self.builder,
                (record.len(), super::sheet::named_width(record.iter())),
                header.width,
                offset,
            );
            // A cell over several lines with text after its closing quote is
            // the mark of a quote left open: rows were read into the cell.
            if row_spans_lines(text, offset, rows.position())
                && let Some((opened, _)) = scan_record(text, offset).swallowed
            {
                self.builder.push(
                    opened,
                    Problem::Syntax {
                        message: "this quoted cell runs over line breaks and has text after its closing quote, so a quote was probably left open here and the rows up to the next quote were read into this cell; close the quote with `\"` (a quote inside a quoted cell is written twice: `\"\"`)".into(),
                    },
                );
                self.builder.seal_events();
                return rows.rows(PartEnd::Unreadable);
            }
            let row = Row {
                text,
                record: &record,
                offset,
                headers: &header.names,
            };
            event(&mut self.builder, &mut self.state, &row, &header.columns);
        }
    }

    /// What a window's reader made, handed on to the file read a window at
    /// a time: its offsets counted from the file's start, with the places
    /// of the rows its items come from, found while the window is held.
    fn detach<'g>(
        self,
        whole: &'g FileText<'static>,
        window: &Window,
    ) -> (Part<'g, 'static>, Vec<(u64, u32, u32)>) {
        let Part { builder, mut state } = self;
        let offsets = builder
            .item_offsets()
            .chain(state.lanes.iter().map(|(_, _, offset)| *offset))
            .chain(state.grouping.iter().flat_map(Grouping::first_rows));
        let places = windows::places_of(window, builder.file, offsets);
        let by = window.base;
        for (_, _, offset) in &mut state.lanes {
            *offset += by;
        }
        if let Some(grouping) = &mut state.grouping {
            grouping.shift_rows(by);
        }
        for offset in state.event_rows.values_mut() {
            *offset += by;
        }
        let builder = builder.rebind(whole, by);
        (Part { builder, state }, places)
    }

    /// Takes in what a reader of the next part of the rows read, as if this
    /// reader had read on: its lane and source ids become those reading on
    /// would have made. `false` when the part has an event id read before
    /// it (the rows are then read again in one part, which warns about the
    /// repeat where it is).
    fn absorb(&mut self, mut part: Self) -> bool {
        let (state, builder) = (&mut self.state, &mut self.builder);
        if part
            .state
            .event_rows
            .keys()
            .any(|id| state.event_rows.contains_key(id))
        {
            return false;
        }
        super::move_entries(&mut state.event_rows, &mut part.state.event_rows);
        // Lanes by event type, in the order the part made them.
        let mut renamed: HashMap<String, String> = HashMap::default();
        let mut keys = vec![""; part.state.lanes.len()];
        for (key, &index) in &part.state.lane_index {
            if let Some(slot) = keys.get_mut(index) {
                *slot = key.as_str();
            }
        }
        for ((rank, lane, offset), key) in
            std::mem::take(&mut part.state.lanes).into_iter().zip(keys)
        {
            let id = match state.lane_index.get(key) {
                Some(&index) => state.lanes[index].1.id.clone(),
                None => {
                    let base = slug(&lane.name, MAX_SLUG_CHARS);
                    let id = builder
                        .lane_ids
                        .fresh(if base.is_empty() { "lane" } else { &base });
                    let rank = if rank < EVENT_TYPES.len() {
                        rank
                    } else {
                        EVENT_TYPES.len() + state.lanes.len()
                    };
                    state.lane_index.insert(key.to_owned(), state.lanes.len());
                    state.lanes.push((
                        rank,
                        Lane {
                            id: id.clone(),
                            ..lane.clone()
                        },
                        offset,
                    ));
                    id
                }
            };
            if id != lane.id {
                renamed.insert(lane.id, id);
            }
        }
        if let (Some(grouping), Some(part_grouping)) =
            (&mut state.grouping, part.state.grouping.take())
        {
            renamed.extend(grouping.absorb(part_grouping));
        }
        // Sources by name, in the order the part made them.
        let mut names: HashMap<&str, &str> = HashMap::default();
        for (name, id) in &part.state.sources {
            names.insert(id.as_str(), name.as_str());
        }
        let mut renamed_sources: HashMap<String, Text> = HashMap::default();
        let part_sources = std::mem::take(&mut part.builder.out.dataset.sources);
        let part_places = std::mem::take(&mut part.builder.out.places.sources);
        for (mut source, place) in part_sources.into_iter().zip(part_places) {
            let Some(&name) = names.get(source.id.as_str()) else {
                continue;
            };
            let id = match state.sources.get(name) {
                Some(id) => id.clone(),
                None => {
                    let base = slug(name, MAX_SLUG_CHARS);
                    let id =
                        builder
                            .source_ids
                            .fresh(if base.is_empty() { "source" } else { &base });
                    state.sources.insert(name.to_owned(), id.clone());
                    let mut made = source.clone();
                    made.id.clone_from(&id);
                    builder.out.dataset.sources.push(made);
                    builder.out.places.sources.push(place);
                    id
                }
            };
            if id != source.id {
                let id = builder.texts.shared(&id);
                renamed_sources.insert(std::mem::take(&mut source.id), id);
            }
        }
        let events = &mut part.builder.out.dataset.events;
        super::rename_lanes(events, &renamed);
        if !renamed_sources.is_empty() {
            for event in events.iter_mut() {
                for source in &mut event.sources {
                    if let Some(id) = renamed_sources.get(source.as_str()) {
                        source.clone_from(id);
                    }
                }
            }
        }
        state.newest = state.newest.max(part.state.newest);
        state.rows.absorb(&part.state.rows);
        state.tally.absorb(part.state.tally, &renamed);
        super::append_converted(&mut builder.out, part.builder.out);
        true
    }
}

/// [`convert`], the rows read in up to `parts` parts of at least
/// `min_part_bytes` on as many threads ([`parts`]).
pub(super) fn convert_in_parts(
    file: &FileText<'_>,
    fallback_title: &str,
    options: &ImportOptions,
    parts: usize,
    min_part_bytes: usize,
) -> Converted {
    let text = file.text;
    let mut builder = Builder::new(file);
    let (header, template, offset, body) = match read_header(&mut builder, text, options) {
        Ok(read) => read,
        Err(NoRows::NoHeader) => {
            let state = State::new(RowFilter::default(), None, 0);
            return finish(Part { builder, state }, fallback_title, options);
        }
        Err(NoRows::Refused) => return builder.finish(fallback_title),
    };
    // Millions of rows: room for them all at once rather than copied as
    // the lists grow.
    let rows = super::estimated_rows(text, offset);
    if let Some(done) = parts::read_in_parts(
        text,
        body,
        (parts, min_part_bytes),
        rows,
        |capacity| Part::new(file, &template, capacity),
        |part, from, until| part.read_rows(&header, from, until, from == body),
    ) {
        let mut merged = Part::new(file, &template, 0);
        merged
            .builder
            .out
            .diagnostics
            .absorb(std::mem::take(&mut builder.out.diagnostics));
        if done.into_iter().all(|part| merged.absorb(part)) {
            return finish(merged, fallback_title, options);
        }
    }
    let mut whole = Part::new(file, &template, rows);
    whole
        .builder
        .out
        .diagnostics
        .absorb(std::mem::take(&mut builder.out.diagnostics));
    whole.read_rows(&header, body, usize::MAX, true);
    finish(whole, fallback_title, options)
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
    fallback_title: &str,
    options: &ImportOptions,
    window_bytes: usize,
) -> Option<(Converted, FileText<'static>)> {
    let mut cutter = Cutter::new(file, size, window_bytes);
    let first = cutter.next(Vec::new())?.ok()?;
    let (header, template, header_problems, (header_offset, body)) = {
        let text = first.file_text(name);
        let mut builder = Builder::new(&text);
        let (header, template, offset, body) =
            read_header(&mut builder, &first.text, options).ok()?;
        let problems = std::mem::take(&mut builder.out.diagnostics);
        (header, template, problems, (offset, body))
    };
    let whole = FileText::read_in_windows(name.clone());
    let mut merged = Part::new(
        &whole,
        &template,
        windows::estimated_rows(&first, body, size),
    );
    merged.builder.out.diagnostics.absorb(header_problems);
    let known = windows::places_of(&first, &first.file_text(name), [header_offset].into_iter());
    let window_rows = windows::estimated_rows(&first, body, first.text.len() as u64);
    let done = windows::convert_rows(
        cutter,
        (first, body),
        (&whole, known),
        &mut merged,
        |window, from| {
            let text = window.file_text(name);
            let mut part = Part::new(&text, &template, window_rows);
            let rows = part.read_rows(&header, from, usize::MAX, window.index == 0);
            (rows.end != PartEnd::Unreadable).then(|| part.detach(&whole, window))
        },
        Part::absorb,
    );
    if !done {
        return None;
    }
    let converted = finish(merged, fallback_title, options);
    Some((converted, whole))
}

/// Why no rows are read after the header.
enum NoRows {
    /// The file has no header row, or it cannot be read (reported).
    NoHeader,
    /// The header or the import options are refused (reported).
    Refused,
}

/// Reads the header of `text` (whose places `builder` gives) and checks it
/// and the import options against it, reporting what is wrong: the
/// header's columns, the readers' state the options set up, where the
/// header starts and where the rows after it do.
fn read_header(
    builder: &mut Builder<'_, '_>,
    text: &str,
    options: &ImportOptions,
) -> Result<(Header, State, usize, usize), NoRows> {
    let mut header_reader = PartReader::new(text, 0, usize::MAX);
    let mut record = Record::new(text);
    let offset = match header_reader.next(&mut record) {
        Step::Row(offset) => offset,
        Step::Unreadable(offset, problem) => {
            builder.push(offset, problem);
            return Err(NoRows::NoHeader);
        }
        Step::Done(_) => {
            check_header(builder, &Columns::default(), &[], 0);
            return Err(NoRows::NoHeader);
        }
    };
    let names: Vec<String> = record.iter().map(str::to_owned).collect();
    let columns = Columns::from_header(&names);
    let mut template = State::new(RowFilter::default(), None, 0);
    if !check_header(builder, &columns, &names, offset)
        || !check_options(builder, &mut template, options, &names, offset)
    {
        return Err(NoRows::Refused);
    }
    let width = super::sheet::named_width(names.iter().map(String::as_str));
    let header = Header {
        columns,
        names,
        width,
    };
    Ok((header, template, offset, header_reader.position()))
}

/// The lanes used, the dataset's sources, title and credit, and the
/// fatality series.
fn finish(part: Part<'_, '_>, fallback_title: &str, options: &ImportOptions) -> Converted {
    let Part {
        mut builder,
        mut state,
    } = part;
    let event_type_lanes = std::mem::take(&mut state.lanes);
    // Every row whose id was read before was skipped, and every text
    // made went through `line` or `paragraph`; ids and lanes are slugs.
    builder.out.places.event_ids_unique = true;
    builder.out.places.event_texts_clean = true;
    let filter::Applied {
        countries,
        lanes_by,
        grouped,
    } = filter::apply(
        builder.file,
        (&state.rows, state.header_offset),
        state.grouping.take(),
        &mut builder.out,
        &mut state.tally,
        |out| {
            // Lanes in codebook order, then the others as first found.
            let mut lanes = event_type_lanes;
            lanes.sort_by_key(|(rank, _, _)| *rank);
            for (_, lane, offset) in lanes {
                out.dataset.lanes.push(lane);
                out.places.lanes.push(Builder::item(offset));
            }
        },
    );
    builder.out.dataset.title = format!(
        "{fallback_title}{}",
        filter::title_suffix(options, &countries)
    );
    let mut description = description(state.newest);
    if let Some(line) = filter::description_line(options, &countries, lanes_by, grouped) {
        description.push_str("\n\n");
        description.push_str(&line);
    }
    builder.out.dataset.description = Some(description);
    {
        let out = &mut builder.out;
        // First among the sources, as every event cites it first; there
        // even when the options leave no event, for the caption's credit.
        out.dataset.sources.insert(
            0,
            Source {
                id: DATASET_SOURCE.to_owned(),
                title: "Armed Conflict Location & Event Data Project (ACLED)".to_owned(),
                publisher: None,
                date: None,
                url: Some("https://acleddata.com".to_owned()),
            },
        );
        out.places.sources.insert(0, Builder::item(0));
        let lane_name = |lane: &str| format!("Reported fatalities: {lane} (ACLED)");
        let series = state.tally.series(
            &out.dataset.lanes,
            &Naming {
                source: DATASET_SOURCE,
                id_prefix: "fatalities",
                unit: "fatalities",
                lane_name: &lane_name,
                total_name: "Reported fatalities, all events (ACLED)".to_owned(),
                low_high: false,
            },
        );
        out.places
            .series
            .extend(std::iter::repeat_n(Builder::item(0), series.len()));
        out.dataset.displacement.extend(series);
    }
    builder.finish(fallback_title)
}

/// Checks the import options against the header; `false` after reporting
/// why they cannot apply.
fn check_options(
    builder: &mut Builder<'_, '_>,
    state: &mut State,
    options: &ImportOptions,
    headers: &[String],
    offset: usize,
) -> bool {
    state.header_offset = offset;
    match filter::setup(options, &OPTIONS_FORMAT, headers) {
        Ok(setup) => {
            state.rows = setup.rows;
            state.grouping = setup.grouping;
            true
        }
        Err(problems) => {
            for problem in problems {
                builder.push(offset, problem);
            }
            false
        }
    }
}

/// Whether the import options keep a row dated `day` (the event is that
/// day, or its month at time precision 3).
fn wanted_dates(
    state: &State,
    row: &Row<'_>,
    columns: &Columns,
    day: Date,
    year: i64,
    month: u32,
) -> bool {
    if !state.rows.has_window() {
        return true;
    }
    let precision = row.cell(columns.time_precision);
    let span = match precision.strip_suffix(".0").unwrap_or(precision) {
        "3" => Date::month(year, month).unwrap_or(day),
        _ => day,
    };
    state.rows.keeps_dates(span, None)
}

/// The dataset's description: what it is, how current, and ACLED's credit.
fn description(newest: Option<u64>) -> String {
    let updated = newest
        .and_then(|seconds| naive_from_unix_days(seconds as f64 / 86_400.0))
        .and_then(Date::from_naive)
        .map(|day| format!(" Its rows were last updated by ACLED on or before {day} (their newest `timestamp`)."))
        .unwrap_or_default();
    format!(
        "ACLED events, one per row of the file.{updated} Cite ACLED with the date the file was downloaded. The figures chart reported fatalities by month of event_date, per lane and in total.\n\n{CREDIT}"
    )
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
        .zip([columns.date.is_some(), columns.event_type.is_some()])
    {
        if !present {
            builder.push(
                offset,
                Problem::MissingFormatColumn {
                    format: FORMAT.into(),
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

/// Text for one line: control characters (line breaks too) become spaces.
/// Borrowed as it is when it has none, as almost every cell.
fn line(text: &str) -> Cow<'_, str> {
    if !super::may_have_control(text, false) || !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// Text for a summary: control characters other than line breaks become
/// spaces; `\r\n` becomes `\n`. Borrowed as it is when it has none.
fn paragraph(text: &str) -> Cow<'_, str> {
    if !super::may_have_control(text, true) || !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("\r\n", "\n")
            .chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
            .collect(),
    )
}

/// Appends `lead` and the non-empty parts joined by `separator`, if there
/// are any; whether there were.
fn join_filled<'p>(
    out: &mut String,
    lead: &str,
    parts: impl Iterator<Item = &'p str>,
    separator: &str,
) -> bool {
    let mut any = false;
    for part in parts.filter(|part| !part.is_empty()) {
        out.push_str(if any { separator } else { lead });
        out.push_str(part);
        any = true;
    }
    any
}

/// A list cell (`;`-separated) as its trimmed, non-empty parts.
fn parts(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty() && !part.eq_ignore_ascii_case("na"))
}

/// Importance from reported fatalities: none or unknown 1, 1–9 2, 10–99 3,
/// 100–999 4, 1000 or more 5.
pub(crate) fn importance(fatalities: Option<u64>) -> u8 {
    match fatalities {
        None | Some(0) => 1,
        Some(1..=9) => 2,
        Some(10..=99) => 3,
        Some(100..=999) => 4,
        Some(_) => 5,
    }
}

/// An event date as ACLED writes it: `2022-01-28`, `28 January 2022`,
/// `28-Jan-2022`, `28/01/2022` (day first, as the codebook's dd-mm-yyyy;
/// `01/28/2022` where the month cannot be the first number). A time after an
/// ISO date (`2022-01-28T00:00:00`, `2022-01-28 00:00:00`) is ignored.
/// `(year, month, day)`, not checked against the calendar.
pub(crate) fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() >= 10 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' {
        let (date, rest) = text.split_at_checked(10)?;
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let mut fields = date.split('-');
        let year = number(fields.next()?, 4)?;
        let month = number(fields.next()?, 2)?;
        let day = number(fields.next()?, 2)?;
        return Some((i64::from(year), month, day));
    }
    let mut fields = text
        .split([' ', '-', '/', ','])
        .filter(|field| !field.is_empty());
    let (first, second, third) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() {
        return None;
    }
    let year = |field: &str| {
        (field.len() == 4)
            .then(|| number(field, 4))
            .flatten()
            .map(i64::from)
    };
    if let Some(month) = month_number(second) {
        return Some((year(third)?, month, number(first, 2)?));
    }
    if let Some(month) = month_number(first) {
        // `January 28 2022`.
        return Some((year(third)?, month, number(second, 2)?));
    }
    if let Some(first_year) = year(first) {
        return Some((first_year, number(second, 2)?, number(third, 2)?));
    }
    let (a, b) = (number(first, 2)?, number(second, 2)?);
    let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
    Some((year(third)?, month, day))
}

/// A number of at most `digits` ASCII digits.
fn number(field: &str, digits: usize) -> Option<u32> {
    (!field.is_empty() && field.len() <= digits && field.bytes().all(|b| b.is_ascii_digit()))
        .then(|| field.parse().ok())
        .flatten()
}

/// A month's number from its English name or its first three letters.
fn month_number(name: &str) -> Option<u32> {
    if name.len() < 3 || !name.is_ascii() {
        return None;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    MONTH_NAMES.iter().zip(1..).find_map(|(month, number)| {
        let month = month.to_ascii_lowercase();
        (month == name || (name.len() == 3 && month.starts_with(&name))).then_some(number)
    })
}

/// The lane of an event type, made on its first use.
fn lane(state: &mut State, builder: &mut Builder<'_, '_>, event_type: &str, offset: usize) -> Text {
    // By the type as written first, which allocates nothing.
    if let Some(&index) = state.lane_written.get(event_type)
        && let Some((_, lane, _)) = state.lanes.get(index)
    {
        return builder.texts.shared(&lane.id);
    }
    let key = event_type.to_lowercase();
    if let Some(&index) = state.lane_index.get(&key)
        && let Some((_, lane, _)) = state.lanes.get(index)
    {
        state.lane_written.insert(event_type.to_owned(), index);
        return builder.texts.shared(&lane.id);
    }
    let known = EVENT_TYPES
        .iter()
        .position(|known| known.eq_ignore_ascii_case(event_type));
    let name = match known {
        Some(rank) => EVENT_TYPES[rank].to_owned(),
        None if event_type.is_empty() => UNGROUPED_LANE.to_owned(),
        None => line(event_type).into_owned(),
    };
    let base = slug(&name, MAX_SLUG_CHARS);
    let id = builder
        .lane_ids
        .fresh(if base.is_empty() { "lane" } else { &base });
    state.lane_index.insert(key, state.lanes.len());
    state
        .lane_written
        .insert(event_type.to_owned(), state.lanes.len());
    state.lanes.push((
        known.unwrap_or(EVENT_TYPES.len() + state.lanes.len()),
        Lane {
            id: id.clone(),
            name,
            color: None,
        },
        offset,
    ));
    builder.texts.shared(&id)
}

/// The id of the source of a name, made on its first use.
fn source(state: &mut State, builder: &mut Builder<'_, '_>, name: &str, offset: usize) -> Text {
    if let Some(id) = state.sources.get(name) {
        return builder.texts.shared(id);
    }
    let base = slug(name, MAX_SLUG_CHARS);
    let id = builder
        .source_ids
        .fresh(if base.is_empty() { "source" } else { &base });
    state.sources.insert(name.to_owned(), id.clone());
    builder.out.dataset.sources.push(Source {
        id: id.clone(),
        title: line(name).into_owned(),
        publisher: None,
        date: None,
        url: None,
    });
    builder.out.places.sources.push(Builder::item(offset));
    builder.texts.shared(&id)
}

/// What `geo_precision` says, per the codebook.
fn geo_precision(code: &str) -> Option<&'static str> {
    match code {
        "1" => Some("the location is the place itself (geo precision 1)"),
        "2" => Some(
            "the event was near or in part of this place's area; the nearest town is given (geo precision 2)",
        ),
        "3" => {
            Some("only a larger region is known; a central place in it is given (geo precision 3)")
        }
        _ => None,
    }
}

/// Adds the event of one row, or warns why the row is skipped.
#[allow(clippy::too_many_lines)]
fn event(builder: &mut Builder<'_, '_>, state: &mut State, row: &Row<'_>, columns: &Columns) {
    if !state.rows.keeps_country(row.cell(columns.country)) {
        return;
    }
    let date_cell = row.cell(columns.date);
    let skip = |builder: &mut Builder<'_, '_>,
                column: Option<usize>,
                name: &str,
                value: String,
                expected: &str| {
        let (offset, field, column) = row.at(column, name);
        builder.push(
            offset,
            Problem::SkippedRow {
                field,
                column,
                value,
                expected: expected.to_owned(),
            },
        );
    };
    if date_cell.is_empty() {
        skip(
            builder,
            columns.date,
            "event_date",
            "empty".into(),
            "every event needs its date, such as 2022-01-28 or 28 January 2022",
        );
        return;
    }
    let Some((year, month, day)) = parse_date(date_cell) else {
        skip(
            builder,
            columns.date,
            "event_date",
            format!("{date_cell:?}"),
            "expected a date such as 2022-01-28 or 28 January 2022",
        );
        return;
    };
    let Some(day_date) = Date::day(year, month, day) else {
        skip(
            builder,
            columns.date,
            "event_date",
            format!("{date_cell:?}"),
            "that day is not in the calendar",
        );
        return;
    };
    if !wanted_dates(state, row, columns, day_date, year, month) {
        return;
    }
    // The event's id: ACLED's, else one made from the row's line.
    let written_id = row.cell(columns.id);
    let mut id = CompactString::from(written_id);
    id.make_ascii_lowercase();
    if !is_valid_event_id(&id) {
        id = CompactString::from(slug(written_id, MAX_SLUG_CHARS));
    }
    if !id.is_empty()
        && let Some(&first) = state.event_rows.get(&id)
    {
        let first = builder.file.place(first);
        let line_of = first.position.map_or(0, |at| at.line);
        skip(
            builder,
            columns.id,
            "event_id_cnty",
            format!("{written_id:?}"),
            &format!("the event with this id is already given at line {line_of}"),
        );
        return;
    }
    if id.is_empty() {
        let line_of = builder
            .file
            .place(row.offset)
            .position
            .map_or(0, |at| at.line);
        // A file id can be `row-N` only if written so; count past it.
        id = format_compact!("row-{line_of}");
        let mut counter = 1;
        while state.event_rows.contains_key(&id) {
            counter += 1;
            id = format_compact!("row-{line_of}-{counter}");
        }
    }

    // `1.0` as some tools write whole numbers.
    let precision = row.cell(columns.time_precision);
    let precision = precision.strip_suffix(".0").unwrap_or(precision);
    let (start, approximate, when) = match precision {
        "" | "1" => (day_date, false, None),
        "2" => (
            day_date,
            true,
            Some(format!(
                "Date: in the week or weekend around {day_date}; the sources give the week, not the day (ACLED time precision 2)."
            )),
        ),
        "3" => match Date::month(year, month) {
            Some(month_date) => (
                month_date,
                true,
                Some(format!(
                    "Date: {month_date}; the sources give only the month, and ACLED's date ({day_date}) is a day within it (ACLED time precision 3)."
                )),
            ),
            None => (day_date, true, None),
        },
        other => {
            let (offset, field, column) = row.at(columns.time_precision, "time_precision");
            builder.push(
                offset,
                Problem::NotImported {
                    what: format!("column {} `{field}` {other:?}", column.unwrap_or(0)),
                    reason: "ACLED's time precision is 1 (day), 2 (week) or 3 (month); the date is read as the day".into(),
                },
            );
            (day_date, false, None)
        }
    };

    if let Ok(seconds) = row.cell(columns.timestamp).parse::<u64>() {
        state.newest = state.newest.max(Some(seconds));
    }
    let fatalities_cell = row.cell(columns.fatalities);
    let fatalities = if fatalities_cell.is_empty() {
        None
    } else if let Ok(Some(number)) = parse_part(fatalities_cell)
        && let Ok(number) = u64::try_from(number)
    {
        Some(number)
    } else {
        let (offset, field, column) = row.at(columns.fatalities, "fatalities");
        builder.push(
            offset,
            Problem::NotImported {
                what: format!(
                    "column {} `{field}` {fatalities_cell:?}",
                    column.unwrap_or(0)
                ),
                reason: "fatalities are a whole number of 0 or more; the event's fatalities are left unknown".into(),
            },
        );
        None
    };

    let event_type = row.cell(columns.event_type);
    let actor1 = row.cell(columns.actor1);
    let actor2 = row.cell(columns.actor2);
    let location = row.cell(columns.location);
    let admin1 = row.cell(columns.admin1);
    let country = row.cell(columns.country);
    let place = [location, admin1, country]
        .into_iter()
        .find(|place| !place.is_empty())
        .unwrap_or_default();

    // The title and summary are written into buffers kept from row to row.
    let mut title = std::mem::take(&mut state.title);
    title.clear();
    title.push_str(if event_type.is_empty() {
        "Event"
    } else {
        event_type
    });
    title.push(':');
    match (actor1.is_empty(), actor2.is_empty()) {
        (false, false) => {
            let _ = write!(title, " {actor1} vs. {actor2}");
        }
        (false, true) => {
            let _ = write!(title, " {actor1}");
        }
        (true, false) => {
            let _ = write!(title, " {actor2}");
        }
        (true, true) => {}
    }
    if !place.is_empty() {
        title.push_str(if actor1.is_empty() && actor2.is_empty() {
            " "
        } else {
            ", "
        });
        title.push_str(place);
    }

    // Room for the notes and the lines after them, so that the text is not
    // copied as it grows.
    let notes = row.cell(columns.notes);
    let mut summary = std::mem::take(&mut state.summary);
    summary.clear();
    summary.reserve(notes.len() + 512);
    if !notes.is_empty() {
        summary.push_str(notes);
        summary.push_str("\n\n");
    }
    let area = [
        location,
        row.cell(columns.admin3),
        row.cell(columns.admin2),
        admin1,
        country,
    ];
    if join_filled(&mut summary, "Where: ", area.into_iter(), ", ") {
        if let Some(meaning) = geo_precision(row.cell(columns.geo_precision)) {
            summary.push_str("; ");
            summary.push_str(meaning);
        }
        summary.push_str(".\n");
    }
    if let Some(when) = &when {
        summary.push_str(when);
        summary.push('\n');
    }
    match fatalities {
        Some(count) => {
            let _ = writeln!(summary, "Reported fatalities: {count}.");
        }
        None => summary.push_str("Reported fatalities: not given.\n"),
    }
    for (label, actor, associated) in [
        ("Actor 1", actor1, row.cell(columns.assoc_actor_1)),
        ("Actor 2", actor2, row.cell(columns.assoc_actor_2)),
    ] {
        if actor.is_empty() {
            continue;
        }
        let _ = write!(summary, "{label}: {actor}");
        if join_filled(&mut summary, " (with ", parts(associated), ", ") {
            summary.push(')');
        }
        summary.push_str(".\n");
    }
    let kind = [
        row.cell(columns.sub_event_type),
        event_type,
        row.cell(columns.disorder_type),
    ];
    if join_filled(&mut summary, "Type: ", kind.into_iter(), "; ") {
        summary.push_str(".\n");
    }
    if !row.cell(columns.civilian_targeting).is_empty() {
        // The codebook's only value is "Civilian targeting".
        summary.push_str("Civilians were targeted (ACLED civilian targeting).\n");
    }
    let scale = row.cell(columns.source_scale);
    if !scale.is_empty() {
        let _ = writeln!(summary, "Source scale: {scale}.");
    }
    summary.truncate(summary.trim_end().len());

    let mut sources: Vec<Text> = vec![builder.texts.shared(DATASET_SOURCE)];
    for name in parts(row.cell(columns.source)) {
        let id = source(state, builder, name, row.offset);
        if !sources.contains(&id) {
            sources.push(id);
        }
    }

    let mut tags: Vec<Cow<'_, str>> = Vec::new();
    let mut tag = |text| {
        let text = line(text);
        if !text.is_empty() && !tags.contains(&text) {
            tags.push(text);
        }
    };
    for text in [actor1, actor2] {
        tag(text);
    }
    for cell in [
        row.cell(columns.assoc_actor_1),
        row.cell(columns.assoc_actor_2),
    ] {
        parts(cell).for_each(&mut tag);
    }
    tag(country);
    tag(admin1);
    parts(row.cell(columns.tags)).for_each(&mut tag);

    let lane = match &mut state.grouping {
        Some(grouping) => {
            let cell = row.record.get(grouping.column).unwrap_or_default();
            let lane = grouping.lane(cell, row.offset);
            builder.texts.shared(&lane)
        }
        None => lane(state, builder, event_type, row.offset),
    };
    state
        .tally
        .add(&lane, (year, month), fatalities, None, None);
    let tags: Vec<&str> = tags.iter().map(AsRef::as_ref).collect();
    let summary_text = paragraph(&summary);
    builder.texts.push(
        &mut builder.out.dataset.events,
        NewEvent {
            id: &id,
            title: &line(&title),
            summary: (!summary_text.is_empty()).then_some(&*summary_text),
            tags: &tags,
            sources,
            own_source: false,
            lane,
            start,
            end: None,
            ongoing: false,
            importance: importance(fatalities),
            approximate,
        },
    );
    builder.out.places.events.push(Builder::item(row.offset));
    state.event_rows.insert(id, row.offset);
    state.title = title;
    state.summary = summary;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_owned).collect()
    }

    /// Validation trusts the importer's events to hold no control
    /// characters (`event_texts_clean`): every cell that makes a text,
    /// full of them, makes none that a full validation would refuse.
    #[test]
    fn control_characters_never_reach_an_event() {
        let header = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,\
            sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,\
            civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,\
            longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";
        let hostile = "\"a\u{1}b\tc\r\nd\u{7f}e\u{85}f\u{b}g\u{c}h\u{1b}\rx\"";
        let mut text = header.replace(' ', "") + "\n";
        for row in 0..3 {
            let cells: Vec<String> = header
                .split(',')
                .map(str::trim)
                .map(|column| match column {
                    "event_id_cnty" => format!("SYR{row}"),
                    "event_date" => "2016-02-27".to_owned(),
                    "year" => "2016".to_owned(),
                    "time_precision" => "1".to_owned(),
                    "fatalities" => "3".to_owned(),
                    "latitude" | "longitude" => "36.2".to_owned(),
                    "timestamp" => "1700000000".to_owned(),
                    // Lists of several parts.
                    "assoc_actor_1" | "assoc_actor_2" | "source" | "tags" => {
                        "\"x\u{1}y; z\u{85}w\"".to_owned()
                    }
                    _ if row == 2 => format!("\"{column}\u{2}\""),
                    _ => hostile.to_owned(),
                })
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        for options in [
            ImportOptions::default(),
            ImportOptions {
                group_by: Some("actor".into()),
                ..ImportOptions::default()
            },
        ] {
            let file = FileText::new(Arc::from("hostile.csv"), &text);
            let mut converted = convert(&file, "hostile", &options);
            assert_eq!(converted.dataset.events.len(), 3);
            assert!(converted.places.event_texts_clean);
            converted.places.event_texts_clean = false;
            let mut diagnostics = converted.diagnostics;
            crate::load::validate::validate(
                &mut converted.dataset,
                &converted.places,
                std::slice::from_ref(&file),
                &mut diagnostics,
            );
            let reported = diagnostics.finish();
            assert!(
                !reported.diagnostics.iter().any(|diagnostic| matches!(
                    diagnostic.problem,
                    Problem::ControlCharacter { .. }
                )),
                "{:#?}",
                reported.diagnostics
            );
        }
    }

    #[test]
    fn recognised_by_core_columns() {
        assert!(recognises(&header(
            "event_id_cnty,event_date,year,time_precision,event_type,actor1,fatalities,country"
        )));
        assert!(recognises(&header(
            "\u{feff}EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,ACTOR1,COUNTRY"
        )));
        assert!(!recognises(&header("Year,Month,Day,Headline,Text")));
        assert!(!recognises(&header("event_id_cnty,event_date,notes")));
        assert!(!recognises(&header(
            "id,event_date,event_type,actor1,country"
        )));
    }

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(parse_date("2022-01-28"), Some((2022, 1, 28)));
        assert_eq!(parse_date("28 January 2022"), Some((2022, 1, 28)));
        assert_eq!(parse_date("28-Jan-2022"), Some((2022, 1, 28)));
        assert_eq!(parse_date("28 january 2022"), Some((2022, 1, 28)));
        assert_eq!(parse_date("January 28, 2022"), Some((2022, 1, 28)));
        assert_eq!(parse_date("28/01/2022"), Some((2022, 1, 28)));
        assert_eq!(parse_date("01/28/2022"), Some((2022, 1, 28)));
        assert_eq!(parse_date("2022-01-28T00:00:00"), Some((2022, 1, 28)));
        assert_eq!(parse_date("2022/01/28"), Some((2022, 1, 28)));
        for bad in [
            "",
            "28 Janvier 2022",
            "2022-01-28x",
            "28 January 22",
            "28 January 2022 extra",
            "yesterday",
            "99999-01-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn importance_thresholds() {
        assert_eq!(importance(None), 1);
        assert_eq!(importance(Some(0)), 1);
        assert_eq!(importance(Some(1)), 2);
        assert_eq!(importance(Some(10)), 3);
        assert_eq!(importance(Some(100)), 4);
        assert_eq!(importance(Some(1000)), 5);
        assert_eq!(importance(Some(u64::MAX)), 5);
    }

    #[test]
    fn hostile_dates_are_refused_quickly() {
        assert_eq!(parse_date(&"1".repeat(100_000)), None);
        assert_eq!(parse_date(&"- ".repeat(100_000)), None);
    }
}
