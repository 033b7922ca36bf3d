//! Turns dataset texts into the model, item by item, remembering where each
//! item is.
//!
//! `dataset.ron` is split into its fields and every list into its items with
//! the structural [`scan`](super::scan)ner; each item is then deserialized by
//! ron on its own. That way one broken item does not hide the errors of the
//! others, and every error (ron's, or a later semantic one) is placed at an
//! exact line and column: ron reports positions relative to the item, which
//! [`LineIndex::offset_in`] maps back into the file.

use foldhash::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Collector, Diagnostic, LineCol, LineIndex, Place, Problem};
use super::fast;
use super::import::texts::EventTexts;
use super::scan::{self, ScanError};
use crate::model::{
    Dataset, DateRange, Era, Event, FORMAT_VERSION, Lane, Quote, SavedView, Series, Source,
};
use crate::model::{Date, Text};

/// One dataset file's text, with its display name.
#[derive(Debug)]
pub(crate) struct FileText<'a> {
    pub name: Arc<str>,
    pub text: &'a str,
    pub lines: LineIndex<'a>,
    /// Where `text` begins in its file: the file's start, or the start of
    /// a window of a conflict event file read a window at a time
    /// (`import::windows`), whose offsets count from the window's start.
    start: LineCol,
    /// For a file read a window at a time and no longer held: the places
    /// of the offsets its items were read at, found while each window was
    /// held (`text` is then empty).
    known: Option<KnownPlaces>,
}

impl<'a> FileText<'a> {
    pub fn new(name: Arc<str>, text: &'a str) -> Self {
        Self {
            name,
            text,
            lines: LineIndex::new(text),
            start: LineCol { line: 1, column: 1 },
            known: None,
        }
    }

    /// A window of a file, `text` beginning at `start` in it.
    pub fn window(name: Arc<str>, text: &'a str, start: LineCol) -> Self {
        Self {
            start,
            ..Self::new(name, text)
        }
    }

    /// A file read a window at a time: no text, the places of its items'
    /// offsets given once they are all read ([`FileText::know_places`]).
    pub fn read_in_windows(name: Arc<str>) -> Self {
        Self {
            known: Some(KnownPlaces::default()),
            ..Self::new(name, "")
        }
    }

    /// The places of a file read a window at a time: (offset, line,
    /// column), by offset. Only the first call counts.
    pub fn know_places(&self, places: Vec<(u64, u32, u32)>) {
        if let Some(known) = &self.known {
            let _ = known.0.set(places);
        }
    }

    /// The line and column `text` begins at.
    pub fn start(&self) -> LineCol {
        self.start
    }

    /// Whether the file's text is here to be read again (not one read a
    /// window at a time).
    pub fn has_text(&self) -> bool {
        self.known.is_none()
    }

    pub fn place(&self, offset: usize) -> Place {
        Place {
            file: self.name.clone(),
            position: Some(self.position(offset)),
        }
    }

    /// The line and column of an offset.
    pub fn position(&self, offset: usize) -> LineCol {
        if let Some(known) = &self.known {
            return known.position(offset);
        }
        let at = self.lines.line_col(offset);
        if at.line == 1 {
            LineCol {
                line: self.start.line,
                column: self.start.column + at.column - 1,
            }
        } else {
            LineCol {
                line: self.start.line + at.line - 1,
                column: at.column,
            }
        }
    }
}

/// See [`FileText::know_places`].
#[derive(Debug, Default)]
struct KnownPlaces(std::sync::OnceLock<Vec<(u64, u32, u32)>>);

impl KnownPlaces {
    /// The place of an offset known, else of the nearest one before it.
    fn position(&self, offset: usize) -> LineCol {
        let places = self.0.get().map_or(&[][..], Vec::as_slice);
        let index = places.partition_point(|&(at, _, _)| at <= offset as u64);
        match index.checked_sub(1).and_then(|index| places.get(index)) {
            Some(&(_, line, column)) => LineCol {
                line: line as usize,
                column: column as usize,
            },
            None => LineCol { line: 1, column: 1 },
        }
    }
}

/// Where an item is: which file, which bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ItemRef {
    pub file: usize,
    pub range: Range<usize>,
}

/// The places of every item, index for index with the model's vectors.
#[derive(Debug, Default)]
pub(crate) struct Places {
    /// The values of `dataset.ron`'s `title` and `description`.
    pub title: Option<ItemRef>,
    pub description: Option<ItemRef>,
    pub view: Option<ItemRef>,
    pub lanes: Vec<ItemRef>,
    pub eras: Vec<ItemRef>,
    pub sources: Vec<ItemRef>,
    pub events: Vec<ItemRef>,
    pub quotes: Vec<ItemRef>,
    pub series: Vec<ItemRef>,
    pub views: Vec<ItemRef>,
    /// Items that could not be read, so that references to them are not
    /// reported again as dangling.
    pub unreadable: Unreadable,
    /// Whether no two events have one id, by how they were made: a conflict
    /// event file's importer skips a row whose id was read before (and
    /// warns), so validation need not look again for repeats among its
    /// millions of events.
    pub event_ids_unique: bool,
    /// Whether the events' texts hold no control characters, by how they
    /// were made: the ACLED importer replaces them in every text it makes
    /// (a test holds it to that), and the fast reader of a big
    /// `events.ron` notes any string that may hold one (`load::windowed`),
    /// so validation need not look again.
    pub event_texts_clean: bool,
}

/// What could not be read: ids of broken items, and kinds whose whole list
/// was lost to a syntax error. Keys are item kinds (`"Event"`, `"Lane"`, …).
#[derive(Debug, Default)]
pub(crate) struct Unreadable {
    pub ids: HashMap<&'static str, HashSet<String>>,
    pub whole_kinds: HashSet<&'static str>,
}

impl Unreadable {
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.whole_kinds.is_empty()
    }

    /// Whether a reference to `id` of `kind` may point at something unreadable.
    pub(crate) fn may_contain(&self, kind: &str, id: &str) -> bool {
        self.whole_kinds.contains(kind) || self.ids.get(kind).is_some_and(|ids| ids.contains(id))
    }
}

/// The sections that may have a file of their own in the folder form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Events,
    Quotes,
    Displacement,
    Views,
}

impl Section {
    pub(crate) const ALL: [Self; 4] = [Self::Events, Self::Quotes, Self::Displacement, Self::Views];

    pub fn field(self) -> &'static str {
        match self {
            Self::Events => "events",
            Self::Quotes => "quotes",
            Self::Displacement => "displacement",
            Self::Views => "views",
        }
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Self::Events => "events.ron",
            Self::Quotes => "quotes.ron",
            Self::Displacement => "displacement.ron",
            Self::Views => "views.ron",
        }
    }
}

const DATASET_FIELDS: &[&str] = &[
    "format",
    "title",
    "description",
    "view",
    "lanes",
    "eras",
    "sources",
    "events",
    "quotes",
    "displacement",
    "views",
];
const DATASET_REQUIRED: &[&str] = &["format", "title", "lanes", "sources"];

/// The fields an item must have, for "missing field" messages.
fn required_fields(item: &str) -> &'static [&'static str] {
    match item {
        "Lane" => &["id", "name"],
        "Era" => &["id", "title", "start"],
        "Source" => &["id", "title"],
        "Event" => &["id", "title", "start", "lane"],
        "Quote" => &["id", "speaker", "date", "text", "source"],
        "Series" => &["id", "name", "unit", "points"],
        "SeriesPoint" => &["date", "value", "source"],
        "View" => &["id", "title", "start", "end"],
        "DateRange" => &["start", "end"],
        "Dataset" => DATASET_REQUIRED,
        _ => &[],
    }
}

/// How ron must read every item: optional fields are written plainly.
pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads `files[0]` (the `dataset.ron` or single file) and the section files.
pub(crate) struct Parser<'f, 'a> {
    files: &'f [FileText<'a>],
    pub dataset: Dataset,
    pub places: Places,
    pub diagnostics: Collector,
    /// The events of an `events.ron` read a window at a time, before the
    /// other files (`load::windowed`): taken in place of its text.
    events_read: Option<EventsRead>,
}

/// The events of an `events.ron` read a window at a time
/// (`load::windowed`), with what reading them found.
#[derive(Debug, Default)]
pub(crate) struct EventsRead {
    pub events: Vec<Event>,
    /// In the file's offsets.
    pub places: Vec<ItemRef>,
    pub diagnostics: Collector,
    /// The ids of items that could not be read.
    pub unreadable_ids: Vec<String>,
    /// Whether every event was read by the fast reader, which found no
    /// control character in its texts ([`Places::event_texts_clean`]).
    pub texts_clean: bool,
}

impl<'f, 'a> Parser<'f, 'a> {
    /// `diagnostics` may already hold what was found before parsing.
    pub fn new(files: &'f [FileText<'a>], diagnostics: Collector) -> Self {
        Self {
            files,
            dataset: Dataset::default(),
            places: Places::default(),
            diagnostics,
            events_read: None,
        }
    }

    /// A parser whose `events.ron` (a file without its text) was read
    /// already.
    pub fn with_events_read(self, events_read: Option<EventsRead>) -> Self {
        Self {
            events_read,
            ..self
        }
    }

    fn push(&mut self, place: Place, problem: Problem) {
        self.diagnostics.push(Diagnostic { place, problem });
    }

    fn push_at(&mut self, file: usize, offset: usize, problem: Problem) {
        let place = self.files[file].place(offset);
        self.push(place, problem);
    }

    /// A structural error. ron's own message is preferred (it names the
    /// parser's expectation); the scanner's is used when ron has none, and for
    /// nesting, which ron would only hit as its recursion limit.
    fn push_scan_error(&mut self, file: usize, error: ScanError, whole: bool) {
        let text = self.files[file].text;
        if whole && scan::holds_nothing(text) {
            let expected = if file == 0 {
                "a dataset file holds the dataset: `Dataset( format: 1, title: \"…\", lanes: [ … ], sources: [ … ], … )`".to_owned()
            } else {
                let name = self.files[file]
                    .name
                    .rsplit(['/', '\\'])
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                format!("{name} holds a list `[ ( … ), … ]`; write `[]` for none")
            };
            self.push_at(file, 0, Problem::EmptyFile { expected });
            return;
        }
        if whole
            && !error.message.starts_with("nested")
            && let Err(ron_error) = ron_options().from_str::<serde::de::IgnoredAny>(text)
        {
            let offset = self.files[file].lines.offset_in(
                0,
                ron_error.span.start.line,
                ron_error.span.start.col,
            );
            let message = match ron_error.code {
                ron::Error::ExceededRecursionLimit => {
                    "nested too deeply; datasets need only a few levels".to_owned()
                }
                ron::Error::Eof => "the file ends in the middle of a value; close every `(`, \
                                    `[` and `\"` that is open, or restore the rest of the file"
                    .to_owned(),
                code => code.to_string(),
            };
            self.push_at(file, offset, Problem::Syntax { message });
            return;
        }
        self.push_at(
            file,
            error.offset,
            Problem::Syntax {
                message: error.message,
            },
        );
    }

    fn push_ron_error(
        &mut self,
        file: usize,
        item_start: usize,
        error: ron::error::SpannedError,
        item: &str,
    ) {
        let (problem, at_item_start) = problem_from_ron(error.code, item);
        let mut offset = if at_item_start {
            item_start
        } else {
            self.files[file].lines.offset_in(
                item_start,
                error.span.start.line,
                error.span.start.col,
            )
        };
        // ron places an error in a string after its opening quote; the value
        // starts at the quote.
        if matches!(problem, Problem::InvalidDate(_))
            && self.files[file].text[..offset].ends_with('"')
        {
            offset -= 1;
        }
        // ron places an out-of-range importance inside the number; the value
        // starts at its sign or first digit.
        if matches!(problem, Problem::ImportanceOutOfRange { .. }) {
            let before = &self.files[file].text[item_start..offset];
            let digits = before.len()
                - before
                    .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
                    .len();
            offset -= digits;
        }
        self.push_at(file, offset, problem);
    }

    /// Deserializes one value found at `range` of `file`.
    fn read_value<T: DeserializeOwned>(
        &mut self,
        file: usize,
        range: Range<usize>,
        item: &str,
    ) -> Option<T> {
        let text = &self.files[file].text[range.clone()];
        match ron_options().from_str::<T>(text) {
            Ok(value) => Some(value),
            Err(error) => {
                self.push_ron_error(file, range.start, error, item);
                None
            }
        }
    }

    /// Deserializes every item of a list; bad items are reported and skipped.
    /// Returns the items read and their places, index for index.
    fn read_items<T: Item>(
        &mut self,
        file: usize,
        items: Vec<Range<usize>>,
        item: &'static str,
    ) -> Read<T> {
        let (values, failures) =
            deserialize_all::<T>(self.files[file].text, &items, crate::jobs::cores());
        let mut places = Vec::with_capacity(values.len());
        let mut failures = failures.into_iter().peekable();
        for (index, range) in items.into_iter().enumerate() {
            let Some((_, error)) = failures.next_if(|(at, _)| *at == index) else {
                places.push(ItemRef { file, range });
                continue;
            };
            self.item_unread(file, range, error, item);
        }
        (values, places)
    }

    /// Reports an item of `file` at `range` that ron could not read, and
    /// notes its id (if it can be read) as an item not to be looked for.
    pub fn item_unread(
        &mut self,
        file: usize,
        range: Range<usize>,
        error: ron::error::SpannedError,
        item: &'static str,
    ) {
        self.push_ron_error(file, range.start, error, item);
        if let Some(id) = self.id_of(file, range) {
            self.places
                .unreadable
                .ids
                .entry(item)
                .or_default()
                .insert(id);
        }
    }

    /// The `id` of an item that failed to deserialize, if it can be read:
    /// from its fields, or, when the item is not even well-formed, from the
    /// first `id: "…"` in its text.
    fn id_of(&self, file: usize, range: Range<usize>) -> Option<String> {
        let text = self.files[file].text;
        let value = match scan::value_struct(text, range.clone(), "item") {
            Ok(fields) => {
                fields
                    .fields
                    .into_iter()
                    .find(|field| field.name == "id")?
                    .value
            }
            Err(_) => {
                let item = &text[range.clone()];
                let after_name = item.find("id:").or_else(|| item.find("id :"))?;
                let quote = after_name + item[after_name..].find('"')?;
                let end = quote + 1 + item[quote + 1..].find('"')?;
                range.start + quote..range.start + end + 1
            }
        };
        ron_options().from_str::<String>(&text[value]).ok()
    }

    /// A list written as a field value inside `dataset.ron`.
    fn read_inline_list<T: Item>(
        &mut self,
        value: Range<usize>,
        what: &str,
        item: &'static str,
    ) -> Read<T> {
        match scan::value_list(self.files[0].text, value, what) {
            Ok(items) => self.read_items(0, items, item),
            Err(error) => {
                self.push_scan_error(0, error, false);
                self.places.unreadable.whole_kinds.insert(item);
                (Vec::new(), Vec::new())
            }
        }
    }

    /// Reads a section file that holds a list, e.g. `events.ron`.
    fn read_section_file<T: Item>(
        &mut self,
        file: usize,
        what: &str,
        item: &'static str,
    ) -> Read<T> {
        match scan::file_list(self.files[file].text, what) {
            Ok(items) => self.read_items(file, items, item),
            Err(error) => {
                self.push_scan_error(file, error, true);
                self.places.unreadable.whole_kinds.insert(item);
                (Vec::new(), Vec::new())
            }
        }
    }

    /// Reads everything. `section_files` gives, for each [`Section`], the index
    /// of its own file in `files`, if the folder has one.
    pub fn run(mut self, section_files: &[(Section, usize)]) -> Self {
        let text = self.files[0].text;
        let top = match scan::file_struct(text, "Dataset") {
            Ok(top) => Some(top),
            Err(error) => {
                self.push_scan_error(0, error, true);
                // Nothing of dataset.ron could be read: do not report
                // references into it as dangling.
                self.places
                    .unreadable
                    .whole_kinds
                    .extend(["Lane", "Source", "Event"]);
                None
            }
        };
        let mut inline_sections: HashMap<&str, usize> = HashMap::default();
        if let Some(top) = top {
            if let Some(name) = top.name.filter(|name| *name != "Dataset") {
                self.push_at(
                    0,
                    top.open_offset.saturating_sub(name.len()),
                    Problem::Syntax {
                        message: format!("expected `Dataset(`, found `{name}(`"),
                    },
                );
            }
            let mut seen: HashMap<&str, usize> = HashMap::default();
            for field in &top.fields {
                if !DATASET_FIELDS.contains(&field.name) {
                    self.push_at(
                        0,
                        field.name_offset,
                        Problem::UnknownField {
                            item: "Dataset".into(),
                            field: field.name.into(),
                            allowed: DATASET_FIELDS
                                .iter()
                                .map(|name| (*name).to_owned())
                                .collect(),
                        },
                    );
                    continue;
                }
                if seen.insert(field.name, field.name_offset).is_some() {
                    self.push_at(
                        0,
                        field.name_offset,
                        Problem::DuplicateField {
                            item: "Dataset".into(),
                            field: field.name.into(),
                        },
                    );
                    continue;
                }
                self.read_dataset_field(field.name, field.value.clone());
                if Section::ALL
                    .iter()
                    .any(|section| section.field() == field.name)
                {
                    inline_sections.insert(field.name, field.name_offset);
                }
            }
            for required in DATASET_REQUIRED {
                if !seen.contains_key(required) {
                    self.push_at(
                        0,
                        top.open_offset,
                        Problem::MissingField {
                            item: "Dataset".into(),
                            field: (*required).into(),
                            required: DATASET_REQUIRED
                                .iter()
                                .map(|name| (*name).to_owned())
                                .collect(),
                        },
                    );
                }
            }
        }
        for &(section, file) in section_files {
            if let Some(&offset) = inline_sections.get(section.field()) {
                self.push_at(
                    0,
                    offset,
                    Problem::SectionTwice {
                        section: section.field().into(),
                        other: self.files[file].name.to_string(),
                    },
                );
            }
            match section {
                Section::Events if !self.files[file].has_text() => {
                    let read = self.events_read.take().unwrap_or_default();
                    // The flag is for all the dataset's events: none came
                    // from elsewhere.
                    if self.dataset.events.is_empty() {
                        self.places.event_texts_clean = read.texts_clean;
                    }
                    self.diagnostics.absorb(read.diagnostics);
                    if !read.unreadable_ids.is_empty() {
                        self.places
                            .unreadable
                            .ids
                            .entry("Event")
                            .or_default()
                            .extend(read.unreadable_ids);
                    }
                    self.extend_events((read.events, read.places));
                }
                Section::Events => {
                    let items = self.read_section_file::<Event>(file, "events", "Event");
                    self.extend_events(items);
                }
                Section::Quotes => {
                    let items = self.read_section_file::<Quote>(file, "quotes", "Quote");
                    self.extend_quotes(items);
                }
                Section::Displacement => {
                    let items =
                        self.read_section_file::<Series>(file, "displacement series", "Series");
                    self.extend_series(items);
                }
                Section::Views => {
                    let items = self.read_section_file::<SavedView>(file, "views", "View");
                    self.extend_views(items);
                }
            }
        }
        self
    }

    fn read_dataset_field(&mut self, name: &str, value: Range<usize>) {
        match name {
            "format" => {
                let found = self.files[0].text[value.clone()].trim();
                if found != FORMAT_VERSION.to_string() {
                    self.push_at(
                        0,
                        value.start,
                        Problem::UnsupportedFormat {
                            found: found.to_owned(),
                            supported: FORMAT_VERSION,
                        },
                    );
                }
            }
            "title" => {
                self.places.title = Some(ItemRef {
                    file: 0,
                    range: value.clone(),
                });
                if let Some(title) = self.read_value::<String>(0, value, "Dataset") {
                    self.dataset.title = title;
                }
            }
            "description" => {
                self.places.description = Some(ItemRef {
                    file: 0,
                    range: value.clone(),
                });
                self.dataset.description = self
                    .read_value::<Option<String>>(0, value, "Dataset")
                    .flatten();
            }
            "view" => {
                let range = value.clone();
                self.dataset.view = self
                    .read_value::<Option<DateRange>>(0, value, "DateRange")
                    .flatten();
                self.places.view = Some(ItemRef { file: 0, range });
            }
            "lanes" => {
                let (lanes, places) = self.read_inline_list::<Lane>(value, "lanes", "Lane");
                append(&mut self.dataset.lanes, lanes);
                append(&mut self.places.lanes, places);
            }
            "eras" => {
                let (eras, places) = self.read_inline_list::<Era>(value, "eras", "Era");
                append(&mut self.dataset.eras, eras);
                append(&mut self.places.eras, places);
            }
            "sources" => {
                let (sources, places) = self.read_inline_list::<Source>(value, "sources", "Source");
                append(&mut self.dataset.sources, sources);
                append(&mut self.places.sources, places);
            }
            "events" => {
                let items = self.read_inline_list::<Event>(value, "events", "Event");
                self.extend_events(items);
            }
            "quotes" => {
                let items = self.read_inline_list::<Quote>(value, "quotes", "Quote");
                self.extend_quotes(items);
            }
            "displacement" => {
                let items = self.read_inline_list::<Series>(value, "displacement series", "Series");
                self.extend_series(items);
            }
            "views" => {
                let items = self.read_inline_list::<SavedView>(value, "views", "View");
                self.extend_views(items);
            }
            // Unknown names are reported by the caller.
            _ => {}
        }
    }

    fn extend_events(&mut self, (events, places): Read<Event>) {
        append(&mut self.dataset.events, events);
        append(&mut self.places.events, places);
    }

    fn extend_quotes(&mut self, (quotes, places): Read<Quote>) {
        append(&mut self.dataset.quotes, quotes);
        append(&mut self.places.quotes, places);
    }

    fn extend_series(&mut self, (series, places): Read<Series>) {
        append(&mut self.dataset.displacement, series);
        append(&mut self.places.series, places);
    }

    fn extend_views(&mut self, (views, places): Read<SavedView>) {
        append(&mut self.dataset.views, views);
        append(&mut self.places.views, places);
    }
}

/// Items read from a list, and their places, index for index.
type Read<T> = (Vec<T>, Vec<ItemRef>);

/// Appends without a copy when `to` is still empty, the usual case: a million
/// events are moved once, not twice.
fn append<T>(to: &mut Vec<T>, mut items: Vec<T>) {
    if to.is_empty() {
        *to = items;
    } else {
        to.append(&mut items);
    }
}

/// A list item: read by ron, or by a faster reader that falls back to ron.
pub(crate) trait Item: DeserializeOwned + Send + Clone {
    /// What the items of one run, read one after another, share.
    type Run: Default;

    /// Reads an item onto `values`: one value, or none and the error.
    fn read_into(
        _run: &mut Self::Run,
        values: &mut impl Sink<Self>,
        text: &str,
        options: &ron::Options,
    ) -> Result<(), ron::error::SpannedError> {
        values.push(options.from_str(text)?);
        Ok(())
    }

    /// Finishes the values of a run: before anything reads them.
    fn end_run(_run: &mut Self::Run, _values: &mut [Self]) {}

    /// A value that costs nothing to make or drop, for a long list to be
    /// made at its length and read into in place, a stretch per core
    /// ([`deserialize_all`]); `None` for lists read into vectors.
    fn placeholder() -> Option<Self> {
        None
    }
}

/// Where a run of items is read to: a vector, or the run's own stretch of
/// the list ([`Slots`]).
pub(crate) trait Sink<T> {
    /// The values read so far.
    fn len(&self) -> usize;
    fn push(&mut self, value: T);
    /// The values read so far.
    fn values_mut(&mut self) -> &mut [T];
}

impl<T> Sink<T> for Vec<T> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn push(&mut self, value: T) {
        Vec::push(self, value);
    }

    fn values_mut(&mut self) -> &mut [T] {
        self
    }
}

/// A run's stretch of a list made at its length, filled from its start.
/// A run has as many slots as items; an item that fails leaves its slot
/// to the end of the stretch (removed once all runs are read).
pub(crate) struct Slots<'a, T> {
    slots: &'a mut [T],
    filled: usize,
}

impl<T> Sink<T> for Slots<'_, T> {
    fn len(&self) -> usize {
        self.filled
    }

    fn push(&mut self, value: T) {
        if let Some(slot) = self.slots.get_mut(self.filled) {
            *slot = value;
            self.filled += 1;
        }
    }

    fn values_mut(&mut self) -> &mut [T] {
        &mut self.slots[..self.filled]
    }
}

impl Item for Lane {
    type Run = ();
}
impl Item for Era {
    type Run = ();
}
impl Item for Source {
    type Run = ();
}
impl Item for Quote {
    type Run = ();
}
impl Item for Series {
    type Run = ();
}
impl Item for SavedView {
    type Run = ();
}

/// Events read plainly have their texts written into shared blocks, as an
/// import's are (`import::texts`); the few that ron reads keep their own.
impl Item for Event {
    type Run = EventTexts;

    fn read_into(
        texts: &mut EventTexts,
        values: &mut impl Sink<Self>,
        text: &str,
        options: &ron::Options,
    ) -> Result<(), ron::error::SpannedError> {
        if !fast::read_event_into(text, texts, values) {
            values.push(options.from_str(text)?);
        }
        Ok(())
    }

    fn end_run(texts: &mut EventTexts, values: &mut [Self]) {
        texts.seal(values);
    }

    /// Empty texts and lists (none allocates) at an arbitrary date.
    fn placeholder() -> Option<Self> {
        Some(Self {
            id: Text::new(),
            title: Text::new(),
            start: Date::year(0)?,
            end: None,
            ongoing: false,
            lane: Text::new(),
            summary: None,
            sources: Box::default(),
            tags: Box::default(),
            importance: 0,
            approximate: false,
        })
    }
}

/// Lists at least this long are read on every core.
const PARALLEL_ITEMS: usize = 4096;

/// Items that failed, by index, with ron's error.
type Failures = Vec<(usize, ron::error::SpannedError)>;

/// Deserializes every item; lists of [`PARALLEL_ITEMS`] or more are cut into
/// one run of consecutive items per core. The values come back in item
/// order. A list of a kind with a [`Item::placeholder`] (events) is made at
/// its length first and each run read into its own stretch of it, so that
/// it is never held twice; others are read into a vector per run, the
/// first made big enough for all and the others moved into it.
fn deserialize_all<T: Item>(
    text: &str,
    items: &[Range<usize>],
    threads: usize,
) -> (Vec<T>, Failures) {
    let read_run = |first: usize, run: &[Range<usize>], values: &mut ReadItem<'_, T>| {
        let options = ron_options();
        let mut failures = Vec::new();
        let mut shared = T::Run::default();
        for (index, range) in run.iter().enumerate() {
            if let Err(error) = values(&mut shared, &text[range.clone()], &options) {
                failures.push((first + index, error));
            }
        }
        (shared, failures)
    };
    let into_vec = |first: usize, run: &[Range<usize>], capacity: usize| {
        let mut values = Vec::with_capacity(capacity);
        let (mut shared, failures) = read_run(first, run, &mut |shared, text, options| {
            T::read_into(shared, &mut values, text, options)
        });
        T::end_run(&mut shared, &mut values);
        (values, failures)
    };
    if items.len() < PARALLEL_ITEMS || threads < 2 {
        return into_vec(0, items, items.len());
    }
    let run_length = items.len().div_ceil(threads);
    if let Some(placeholder) = T::placeholder() {
        return deserialize_in_place(items, run_length, placeholder, &read_run);
    }
    std::thread::scope(|scope| {
        let into_vec = &into_vec;
        let others: Vec<_> = items
            .chunks(run_length)
            .enumerate()
            .skip(1)
            .map(|(run, ranges)| {
                scope.spawn(move || into_vec(run * run_length, ranges, ranges.len()))
            })
            .collect();
        let (mut values, mut failures) = into_vec(0, &items[..run_length], items.len());
        for other in others {
            match other.join() {
                Ok((more_values, more_failures)) => {
                    values.extend(more_values);
                    failures.extend(more_failures);
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        (values, failures)
    })
}

/// How [`deserialize_all`] reads a run: each item through the function
/// given, which reads it to where the run's values go.
type ReadRun<'a, T> = dyn Fn(usize, &[Range<usize>], &mut ReadItem<'_, T>) -> (<T as Item>::Run, Failures)
    + Sync
    + 'a;

/// Reads one item's text to where its run's values go.
type ReadItem<'a, T> = dyn FnMut(&mut <T as Item>::Run, &str, &ron::Options) -> Result<(), ron::error::SpannedError>
    + 'a;

/// [`deserialize_all`] of a list made at its length from `placeholder`s,
/// each run of `run_length` items read into its own stretch on its own
/// core; the slots of items that failed are removed after.
fn deserialize_in_place<T: Item>(
    items: &[Range<usize>],
    run_length: usize,
    placeholder: T,
    read_run: &ReadRun<'_, T>,
) -> (Vec<T>, Failures) {
    let mut values = vec![placeholder; items.len()];
    let read = |first: usize, run: &[Range<usize>], slots: &mut [T]| {
        let mut slots = Slots { slots, filled: 0 };
        let (mut shared, failures) = read_run(first, run, &mut |shared, text, options| {
            T::read_into(shared, &mut slots, text, options)
        });
        T::end_run(&mut shared, slots.values_mut());
        (slots.filled, failures)
    };
    let read = &read;
    let runs = std::thread::scope(|scope| {
        let mut stretches = values.chunks_mut(run_length).zip(items.chunks(run_length));
        let Some((first_slots, first_run)) = stretches.next() else {
            return Vec::new();
        };
        let others: Vec<_> = stretches
            .enumerate()
            .map(|(run, (slots, ranges))| {
                scope.spawn(move || read((run + 1) * run_length, ranges, slots))
            })
            .collect();
        let mut runs = vec![read(0, first_run, first_slots)];
        for other in others {
            match other.join() {
                Ok(run) => runs.push(run),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        runs
    });
    let mut failures = Vec::new();
    let mut kept = Vec::with_capacity(runs.len());
    for (filled, run_failures) in runs {
        kept.push(filled);
        failures.extend(run_failures);
    }
    if !failures.is_empty() {
        // Each run's values are its first `filled` slots.
        let mut position = 0;
        let mut run = 0;
        values.retain(|_| {
            let keep = position < kept.get(run).copied().unwrap_or(0);
            position += 1;
            if position == run_length {
                position = 0;
                run += 1;
            }
            keep
        });
    }
    (values, failures)
}

fn item_name(name: &str) -> String {
    match name {
        "SeriesPoint" => "series point".to_owned(),
        "DateRange" => "view".to_owned(),
        other => other.to_owned(),
    }
}

fn invalid(message: &str) -> Problem {
    Problem::Invalid {
        message: message.to_owned(),
    }
}

/// Maps ron's error to a [`Problem`]; the flag says whether the problem is
/// best placed at the start of the item (a missing field has no place of its own).
fn problem_from_ron(code: ron::Error, item: &str) -> (Problem, bool) {
    use ron::Error as E;
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            Problem::UnknownField {
                item: item_name(outer.as_deref().unwrap_or(item)),
                field: found,
                allowed: expected.iter().map(|name| (*name).to_owned()).collect(),
            },
            false,
        ),
        E::MissingStructField { field, outer } => {
            let outer = outer.unwrap_or_else(|| item.to_owned());
            (
                Problem::MissingField {
                    item: item_name(&outer),
                    field: field.to_owned(),
                    required: required_fields(&outer)
                        .iter()
                        .map(|name| (*name).to_owned())
                        .collect(),
                },
                true,
            )
        }
        E::DuplicateStructField { field, outer } => (
            Problem::DuplicateField {
                item: item_name(outer.as_deref().unwrap_or(item)),
                field: field.to_owned(),
            },
            false,
        ),
        E::Message(message) if message.starts_with("invalid date") => {
            (Problem::InvalidDate(message), false)
        }
        // See `model::importance_from_integer`.
        E::Message(message)
            if let Some(value) = message
                .strip_prefix("`importance` is ")
                .and_then(|rest| rest.split(';').next())
                .and_then(|value| value.parse::<i64>().ok()) =>
        {
            (Problem::ImportanceOutOfRange { value }, false)
        }
        E::Message(message) => (Problem::Invalid { message }, false),
        E::InvalidValueForType { expected, found } => (
            Problem::Invalid {
                message: format!("expected {expected}, found {found}"),
            },
            false,
        ),
        E::ExpectedString | E::ExpectedStringEnd => (
            invalid("expected a string in double quotes, e.g. \"text\""),
            false,
        ),
        E::ExpectedInteger | E::ExpectedFloat => (invalid("expected a number"), false),
        E::ExpectedBoolean => (invalid("expected `true` or `false`"), false),
        E::ExpectedArray => (invalid("expected a list `[ … ]`"), false),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            (invalid("expected a struct `( field: value, … )`"), false)
        }
        E::ExceededRecursionLimit => (
            Problem::Syntax {
                message: "nested too deeply; datasets need only a few levels".to_owned(),
            },
            false,
        ),
        other => (
            Problem::Syntax {
                message: other.to_string(),
            },
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` event items, one a line; those whose numbers `broken` holds
    /// have a date that does not read. Gives the text and each item's range.
    fn event_items(count: usize, broken: &[usize]) -> (String, Vec<Range<usize>>) {
        let mut text = String::new();
        let mut items = Vec::new();
        for n in 0..count {
            let start = if broken.contains(&n) {
                "2016-13"
            } else {
                "2016-02"
            };
            let item = format!(
                "(id: \"e-{n}\", title: \"Event {n}\", start: \"{start}\", lane: \"l\", sources: [\"s\"], tags: [\"t{}\"])",
                n % 7
            );
            items.push(text.len()..text.len() + item.len());
            text.push_str(&item);
            text.push_str(",\n");
        }
        (text, items)
    }

    #[test]
    fn a_long_list_read_in_place_keeps_item_order_and_drops_the_items_that_fail() {
        let count = PARALLEL_ITEMS * 3 + 17;
        // In the first run, at a run's edges, and in the last.
        let broken = [0, 5, PARALLEL_ITEMS, count / 2, count / 2 + 1, count - 1];
        let (text, items) = event_items(count, &broken);
        let (events, failures): (Vec<Event>, Failures) = deserialize_all(&text, &items, 2);
        let failed: Vec<usize> = failures.iter().map(|(index, _)| *index).collect();
        assert_eq!(failed, broken);
        let expected: Vec<String> = (0..count)
            .filter(|n| !broken.contains(n))
            .map(|n| format!("e-{n}"))
            .collect();
        let ids: Vec<&str> = events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, expected);
        // Every event has its texts, read into its slot.
        for event in &events {
            let n = &event.id["e-".len()..];
            assert_eq!(event.title, format!("Event {n}"));
            assert_eq!(*event.sources, ["s"]);
            assert_eq!(event.tags.len(), 1);
        }
    }

    #[test]
    fn a_long_list_without_failures_is_read_whole() {
        let count = PARALLEL_ITEMS * 2 + 1;
        let (text, items) = event_items(count, &[]);
        let (events, failures): (Vec<Event>, Failures) = deserialize_all(&text, &items, 3);
        assert!(failures.is_empty());
        assert_eq!(events.len(), count);
        assert_eq!(events[count - 1].id, format!("e-{}", count - 1));
    }
}
