//! Timelines in other formats, converted into the model on load: TimelineJS3
//! JSON ([`json`]) and the TimelineJS Google-sheet layout as CSV ([`sheet`]);
//! and conflict event data, a CSV recognised by its header: UCDP GED
//! ([`ged`]), which makes its items itself.
//!
//! Both readers turn their file into the same intermediate items (a title,
//! events, eras, each with the byte offset it was read from) and hand them to
//! a [`Builder`], which makes the model's items: lanes from groups, ids from
//! `unique_id` or the headline, a source for each media link, plain text from
//! HTML. The result goes through the same validation as a RON dataset; every
//! item's place is its offset, so errors point at the line of the event.
//!
//! A `.csv` is told apart by its header ([`convert_csv`]): ACLED event
//! exports ([`acled`]) make their events themselves, with the builder's ids
//! and diagnostics, since their rows carry sources, tags and importance.
//! Both conflict-data readers apply the import options (`--country`,
//! `--from`, `--to`, `--group-by`) through [`filter`]; any other file given
//! them is refused. They split their rows with [`records`] (cells sliced
//! from the text) and read them in parts on every core ([`parts`]), put
//! together as if read one by one.

mod acled;
mod fatalities;
mod filter;
mod ged;
mod json;
mod parts;
mod records;
mod sheet;
mod survey;
pub(crate) mod texts;
pub(crate) mod windows;

pub(crate) use windows::MIN_WINDOWED_BYTES;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub(crate) use json::convert as convert_json;
pub(crate) use survey::survey_csv;
pub use survey::{ConflictFormat, ConflictSurvey};

use super::ImportOptions;
use super::diagnostic::{Collector, Diagnostic, Problem};
use super::html;
use super::parse::{FileText, ItemRef, Places};
use super::validate::is_valid_event_id;
use crate::model::{
    CALENDAR_YEARS, Dataset, Date, Era, Event, Lane, MAX_YEARS, MONTH_NAMES, Precision, SavedView,
    Source, Text, YearForm, days_in_month, format_range, span_dates, web_link,
};

/// Converts a `.csv` file by its header: an ACLED export ([`acled`]), a
/// UCDP GED event file ([`ged`]), else a TimelineJS sheet ([`sheet`]).
pub(crate) fn convert_csv(file: &FileText<'_>, stem: &str, options: &ImportOptions) -> Converted {
    let header = csv_header(file.text);
    if acled::recognises(&header) {
        return acled::convert(file, stem, options);
    }
    if ged::recognises(&header) {
        return ged::convert(file, stem, options);
    }
    if !options.is_empty() {
        let mut refused = Converted::default();
        refused.diagnostics.push(Diagnostic {
            place: file.place(0),
            problem: Problem::ImportOptionsNotApplicable {
                what:
                    "this CSV (its header is neither UCDP GED's nor ACLED's; a TimelineJS sheet?)"
                        .into(),
            },
        });
        return refused;
    }
    sheet::convert(file, stem)
}

/// Converts a conflict event file too big to hold whole a window at a time
/// (`windows`): the converted file and the file's text that places its
/// items, or `None` when it is to be read whole ([`convert_csv`]): too
/// small to gain, not conflict event data (by `start`, its first bytes),
/// or a file whose windows cannot be read on their own.
pub(crate) fn convert_event_file_in_windows(
    file: &std::fs::File,
    (size, start): (u64, &[u8]),
    name: &Arc<str>,
    stem: &str,
    options: &ImportOptions,
) -> Option<(Converted, FileText<'static>)> {
    if size < MIN_WINDOWED_BYTES {
        return None;
    }
    let header = csv_header(&String::from_utf8_lossy(start));
    if acled::recognises(&header) {
        return acled::convert_in_windows(file, size, name, stem, options, windows::WINDOW_BYTES);
    }
    if ged::recognises(&header) {
        return ged::convert_in_windows(file, size, name, stem, options, windows::WINDOW_BYTES);
    }
    None
}

/// Whether the start of a file (its first bytes, perhaps cut anywhere) has
/// the header of conflict event data: UCDP GED's or ACLED's.
pub(crate) fn is_event_data(start: &[u8]) -> bool {
    let text = String::from_utf8_lossy(start);
    let header = csv_header(&text);
    acled::recognises(&header) || ged::recognises(&header)
}

/// A list in room of exactly its length. Millions of events keep lists
/// grown by pushes, with up to twice the room they use; `shrink_to_fit`
/// does not give that room back (the allocator keeps a block that is at
/// least half used where it is), so the list is moved into a block of its
/// size and the large one freed for the next row to reuse.
pub(crate) fn exact_list<T>(mut list: Vec<T>) -> Vec<T> {
    if list.capacity() == list.len() {
        return list;
    }
    let mut exact = Vec::with_capacity(list.len());
    exact.append(&mut list);
    exact
}

/// Whether a text may hold a control character, line breaks aside when
/// `breaks_allowed`: a scan of its bytes, 32 at a time, that almost every
/// cell passes. `true` may be a false alarm (U+00A0 starts like the C1
/// controls), so it is followed by the check character by character, which
/// alone would decode millions of cells.
pub(crate) fn may_have_control(text: &str, breaks_allowed: bool) -> bool {
    let bytes = text.as_bytes();
    crate::load::validate::first_suspect_byte(bytes, breaks_allowed).is_some()
        || if breaks_allowed {
            memchr::memchr2(b'\t', b'\r', bytes).is_some()
        } else {
            memchr::memchr(b'\t', bytes).is_some()
        }
}

/// Appends a list to another: by moving it whole when the first is empty.
fn append_list<T>(to: &mut Vec<T>, mut list: Vec<T>) {
    if to.is_empty() && to.capacity() <= list.capacity() {
        *to = list;
    } else {
        to.append(&mut list);
    }
}

/// Appends what a reader of a later part of a file's rows made to what the
/// readers of the parts before it made ([`parts`]): items, their places and
/// the problems found.
pub(crate) fn append_converted(out: &mut Converted, part: Converted) {
    let (dataset, places) = (part.dataset, part.places);
    append_list(&mut out.dataset.events, dataset.events);
    append_list(&mut out.places.events, places.events);
    append_list(&mut out.dataset.sources, dataset.sources);
    append_list(&mut out.places.sources, places.sources);
    append_list(&mut out.dataset.lanes, dataset.lanes);
    append_list(&mut out.places.lanes, places.lanes);
    append_list(&mut out.dataset.eras, dataset.eras);
    append_list(&mut out.places.eras, places.eras);
    append_list(&mut out.dataset.quotes, dataset.quotes);
    append_list(&mut out.places.quotes, places.quotes);
    append_list(&mut out.dataset.displacement, dataset.displacement);
    append_list(&mut out.places.series, places.series);
    out.diagnostics.absorb(part.diagnostics);
}

/// Moves the entries of `from` into `into`: the whole map when `into` is
/// empty and has no more room, so that the first part's map (with room for
/// every row) is kept rather than copied; into `into` when it was made
/// with room for every row (a file read a window at a time), so that it
/// never grows, copying its entries and leaving the old table's memory
/// behind.
fn move_entries<K: Eq + std::hash::Hash, V>(
    into: &mut foldhash::HashMap<K, V>,
    from: &mut foldhash::HashMap<K, V>,
) {
    if into.is_empty() && into.capacity() <= from.capacity() {
        std::mem::swap(into, from);
    } else {
        into.extend(from.drain());
    }
}

/// Gives events the lane ids a part's lanes have in the whole file.
fn rename_lanes(events: &mut [Event], renamed: &foldhash::HashMap<String, String>) {
    if renamed.is_empty() {
        return;
    }
    let renamed: foldhash::HashMap<&str, Text> = renamed
        .iter()
        .map(|(from, to)| (from.as_str(), Text::from(to.as_str())))
        .collect();
    for event in events {
        if let Some(lane) = renamed.get(event.lane.as_str()) {
            event.lane.clone_from(lane);
        }
    }
}

/// About how many rows a CSV has after the row at `header` (an estimate
/// from the lines of its first 256 KiB, a little over rather than under),
/// to reserve room for their items at once. Reserved room that is never
/// filled costs address space, not memory.
pub(crate) fn estimated_rows(text: &str, header: usize) -> usize {
    const SAMPLE: usize = 256 * 1024;
    let rest = text.as_bytes().get(header..).unwrap_or_default();
    let sample = &rest[..rest.len().min(SAMPLE)];
    let lines = sample.iter().filter(|&&b| b == b'\n').count().max(1);
    if sample.len() == rest.len() {
        return lines;
    }
    let estimate = rest.len() as f64 / sample.len() as f64 * lines as f64;
    (estimate * 1.1) as usize + 16
}

/// The cells of a CSV's first row that is not blank (the header); empty if
/// there is none or it cannot be read.
fn csv_header(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    while let Ok(true) = reader.read_record(&mut record) {
        if record.iter().any(|cell| !cell.trim().is_empty()) {
            return record.iter().map(str::to_owned).collect();
        }
    }
    Vec::new()
}

/// A converted file: the dataset, where each item came from, and the
/// problems found while converting.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    pub dataset: Dataset,
    pub places: Places,
    /// Bounded like every load's: a file with a million bad rows keeps the
    /// first problems and counts the rest.
    pub diagnostics: Collector,
}

/// Where a value is, and how messages name it.
#[derive(Clone, Debug)]
pub(crate) struct At {
    /// Byte offset in the file.
    pub offset: usize,
    /// `start_date.month`, or a CSV column's header.
    pub field: String,
    /// The 1-based column of a CSV field.
    pub column: Option<usize>,
}

impl At {
    pub fn new(offset: usize, field: impl Into<String>, column: Option<usize>) -> Self {
        Self {
            offset,
            field: field.into(),
            column,
        }
    }
}

/// One part of a date (year, month or day) as a number, with how it was written.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    pub number: i64,
    /// For messages: `13`, `"13"`.
    pub written: String,
    pub at: At,
}

/// Whether a date is an item's start (required) or its end (optional).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Start,
    End,
}

/// The parts of one date; `year_at` places a missing year.
#[derive(Clone, Debug)]
pub(crate) struct DateParts {
    pub year: Option<Part>,
    pub month: Option<Part>,
    pub day: Option<Part>,
    pub time: TimeParts,
    pub year_at: At,
}

/// The time of day of one date, as read; all absent when none is given.
#[derive(Clone, Debug, Default)]
pub(crate) struct TimeParts {
    pub hour: Option<Part>,
    pub minute: Option<Part>,
    pub second: Option<Part>,
    /// Milliseconds, or the fraction of a second as written after the point:
    /// dropped with a warning unless 0.
    pub fraction: Option<Part>,
    /// A UTC offset in minutes (a CSV time's `Z` or `±HH:MM`).
    pub offset: Option<i32>,
    /// The time as written, for messages about it as a whole.
    pub written: String,
    /// Where the time is: its first part, or its CSV cell.
    pub at: Option<At>,
}

impl TimeParts {
    pub fn is_empty(&self) -> bool {
        self.hour.is_none()
            && self.minute.is_none()
            && self.second.is_none()
            && self.fraction.is_none()
            && self.offset.is_none()
    }
}

/// A media link of an event.
#[derive(Clone, Debug)]
pub(crate) struct MediaIn {
    pub offset: usize,
    pub url: String,
    pub caption: String,
    pub credit: String,
}

/// An event as read, before ids and lanes are assigned. Texts are HTML.
#[derive(Clone, Debug)]
pub(crate) struct EventIn {
    pub offset: usize,
    pub unique_id: Option<String>,
    pub headline: String,
    pub text: String,
    pub start: Date,
    pub end: Option<Date>,
    pub group: String,
    pub media: Option<MediaIn>,
}

/// An era as read. The headline is HTML.
#[derive(Clone, Debug)]
pub(crate) struct EraIn {
    pub offset: usize,
    pub headline: String,
    pub start: Date,
    pub end: Option<Date>,
}

/// The lane of events that have no group.
const UNGROUPED_LANE: &str = "Events";
/// Longest id made from a headline or a group name.
const MAX_SLUG_CHARS: usize = 48;
/// Longest title made from an event's text when it has no headline.
const MAX_TITLE_CHARS: usize = 80;
/// Most events a TimelineJS file may have for its slides to become a
/// story ([`Builder::finish_story`]): past that, a story is no story to
/// present one slide at a time.
pub(crate) const MAX_STORY_SLIDES: usize = 1000;

/// Every item place of a conversion.
fn item_places(places: &Places) -> impl Iterator<Item = &ItemRef> {
    places
        .title
        .iter()
        .chain(places.description.iter())
        .chain(places.view.iter())
        .chain(&places.lanes)
        .chain(&places.eras)
        .chain(&places.sources)
        .chain(&places.events)
        .chain(&places.quotes)
        .chain(&places.series)
        .chain(&places.views)
}

/// The offsets of a conversion's items.
pub(crate) fn place_offsets(places: &Places) -> impl Iterator<Item = usize> + '_ {
    item_places(places).map(|item| item.range.start)
}

/// Moves the places of a conversion's items by `by` bytes: those of a
/// window's items, from the window's start to the file's.
pub(crate) fn shift_places(places: &mut Places, by: usize) {
    for item in places
        .title
        .iter_mut()
        .chain(places.description.iter_mut())
        .chain(places.view.iter_mut())
        .chain(places.lanes.iter_mut())
        .chain(places.eras.iter_mut())
        .chain(places.sources.iter_mut())
        .chain(places.events.iter_mut())
        .chain(places.quotes.iter_mut())
        .chain(places.series.iter_mut())
        .chain(places.views.iter_mut())
    {
        item.range = item.range.start + by..item.range.end + by;
    }
}

/// A set of ids of one kind, handing out unused ones.
#[derive(Clone, Debug, Default)]
struct Ids {
    used: HashSet<String>,
    /// The last counter tried for each base, so that many items with one
    /// headline do not make counting quadratic.
    counters: HashMap<String, usize>,
}

impl Ids {
    fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// `base`, or `base-2`, `base-3`, … whichever is free first.
    fn fresh(&mut self, base: &str) -> String {
        let mut id = base.to_owned();
        let counter = self.counters.entry(base.to_owned()).or_insert(1);
        while self.used.contains(&id) {
            *counter += 1;
            id = format!("{base}-{counter}");
        }
        self.used.insert(id.clone());
        id
    }
}

/// Makes the model's items from what a reader found.
#[derive(Debug)]
pub(crate) struct Builder<'f, 'a> {
    file: &'f FileText<'a>,
    out: Converted,
    title_offset: Option<usize>,
    lanes_by_name: HashMap<String, usize>,
    lane_ids: Ids,
    event_ids: Ids,
    era_ids: Ids,
    source_ids: Ids,
    /// The texts of the events a conflict file's rows make.
    texts: texts::EventTexts,
}

impl<'f, 'a> Builder<'f, 'a> {
    pub fn new(file: &'f FileText<'a>) -> Self {
        Self {
            file,
            out: Converted::default(),
            title_offset: None,
            lanes_by_name: HashMap::new(),
            lane_ids: Ids::default(),
            event_ids: Ids::default(),
            era_ids: Ids::default(),
            source_ids: Ids::default(),
            texts: texts::EventTexts::default(),
        }
    }

    /// The same builder for another text of the same file: what a
    /// window's reader made, handed on when the window is let go, its
    /// offsets moved by `by` to count from the file's start (the window's
    /// base) rather than the window's.
    pub fn rebind<'g, 'b>(self, file: &'g FileText<'b>, by: usize) -> Builder<'g, 'b> {
        let mut out = self.out;
        shift_places(&mut out.places, by);
        Builder {
            file,
            out,
            title_offset: self.title_offset.map(|offset| offset + by),
            lanes_by_name: self.lanes_by_name,
            lane_ids: self.lane_ids,
            event_ids: self.event_ids,
            era_ids: self.era_ids,
            source_ids: self.source_ids,
            texts: self.texts,
        }
    }

    /// The offsets its items' places are at.
    pub fn item_offsets(&self) -> impl Iterator<Item = usize> + '_ {
        place_offsets(&self.out.places).chain(self.title_offset)
    }

    /// Puts their texts in the events pushed through [`Self::texts`]:
    /// before anything reads them.
    pub fn seal_events(&mut self) {
        self.texts.seal(&mut self.out.dataset.events);
    }

    pub fn push(&mut self, offset: usize, problem: Problem) {
        self.out.diagnostics.push(Diagnostic {
            place: self.file.place(offset),
            problem,
        });
    }

    fn item(offset: usize) -> ItemRef {
        // An empty range: the item's place is its offset; validation finds no
        // RON fields in it and places every problem of the item there.
        ItemRef {
            file: 0,
            range: offset..offset,
        }
    }

    /// Sets the dataset's title and description; a second title is ignored
    /// with a warning.
    pub fn title(&mut self, offset: usize, headline: &str, text: &str) {
        if let Some(first) = self.title_offset {
            let first = self.file.place(first);
            self.push(
                offset,
                Problem::NotImported {
                    what: "this title".into(),
                    reason: format!("the title is already given at {first}"),
                },
            );
            return;
        }
        self.title_offset = Some(offset);
        let title = html::to_line(headline);
        if !title.is_empty() {
            self.out.dataset.title = title;
        }
        let description = html::to_text(text);
        self.out.dataset.description = (!description.is_empty()).then_some(description);
    }

    /// A date from its parts; `None` after reporting why it cannot be one,
    /// `Some(None)` for an absent end.
    ///
    /// TimelineJS's year -N is N BCE (its docs and labels say so): down to
    /// the years we show as calendar years ([`YearForm`]) it
    /// becomes the astronomical year -N+1, so that "-500" reads "500 BCE" as
    /// it does in TimelineJS; further back, where both apps say "years ago",
    /// the year is kept as written. Year 0 is read as 1 BCE with a warning.
    /// Times are local wall-clock times, as in TimelineJS.
    pub fn date(&mut self, parts: DateParts, role: Role, item: &str) -> Option<Option<Date>> {
        let DateParts {
            year,
            month,
            day,
            time,
            year_at,
        } = parts;
        let Some(year) = year else {
            if role == Role::End && month.is_none() && day.is_none() && time.is_empty() {
                return Some(None);
            }
            let hint = match role {
                Role::Start => format!("every {item} needs a start year"),
                Role::End => "an end date with a month, day or time needs a year too".to_owned(),
            };
            self.push(
                year_at.offset,
                Problem::ImportMissingValue {
                    field: year_at.field,
                    column: year_at.column,
                    hint,
                },
            );
            return None;
        };
        let mut ok = true;
        let invalid = |part: &Part, expected: String| Problem::ImportInvalidValue {
            field: part.at.field.clone(),
            column: part.at.column,
            value: part.written.clone(),
            expected,
        };
        let written_year = year.number;
        if written_year.abs() > MAX_YEARS {
            let problem = invalid(
                &year,
                format!(
                    "years are -{MAX_YEARS} to {MAX_YEARS} (the age of the universe either way)"
                ),
            );
            self.push(year.at.offset, problem);
            return None;
        }
        // Where even the BCE reading (-N + 1) is years ago, the two readings
        // differ by a year that no display shows: keep the year as written.
        let shown_as_years_ago =
            written_year < 0 && YearForm::of(written_year + 1) == YearForm::YearsAgo;
        let astronomical = if written_year < 0 && !shown_as_years_ago {
            written_year + 1
        } else {
            written_year
        };
        if written_year == 0 {
            self.push(
                year.at.offset,
                Problem::NotImported {
                    what: format!("year 0 of {} as a year of its own", field_label(&year.at)),
                    reason: "TimelineJS year 0 has no BCE or CE equivalent; it is read as 1 BCE, the same year as -1".into(),
                },
            );
        }
        // Deep time, and years beyond the calendar, are years only.
        let year_only = shown_as_years_ago || !CALENDAR_YEARS.contains(&astronomical);
        let limits = [
            (&time.hour, 23, "an hour is 0 to 23"),
            (&time.minute, 59, "a minute is 0 to 59"),
            (&time.second, 59, "a second is 0 to 59"),
        ];
        for (part, limit, expected) in limits {
            if let Some(part) = part
                && !(0..=limit).contains(&part.number)
            {
                let problem = invalid(part, expected.into());
                self.push(part.at.offset, problem);
                ok = false;
            }
        }
        if year_only {
            if !ok {
                return None;
            }
            if month.is_some() || day.is_some() || !time.is_empty() {
                let at = month.as_ref().or(day.as_ref()).map_or_else(
                    || time.at.clone().unwrap_or(year.at.clone()),
                    |part| part.at.clone(),
                );
                let why = if shown_as_years_ago {
                    format!(
                        "TimelineJS year {written_year} is shown as so many years ago, and TimelineJS too places it by its year alone"
                    )
                } else {
                    format!(
                        "year {written_year} is beyond the calendar's years ({} to {})",
                        CALENDAR_YEARS.start(),
                        CALENDAR_YEARS.end()
                    )
                };
                self.push(
                    at.offset,
                    Problem::NotImported {
                        what: format!("the month, day and time of {}", date_name(&year.at)),
                        reason: format!("{why}; only the year is kept"),
                    },
                );
            }
            return Date::year(astronomical).map(Some);
        }
        let month_number = month.as_ref().map(|month| {
            let number = u32::try_from(month.number)
                .ok()
                .filter(|month| (1..=12).contains(month));
            if number.is_none() {
                let problem = invalid(month, "a month is 1 to 12".into());
                self.push(month.at.offset, problem);
                ok = false;
            }
            number
        });
        let day_number = day.as_ref().map(|day| {
            let number = u32::try_from(day.number)
                .ok()
                .filter(|day| (1..=31).contains(day));
            if month.is_none() {
                let problem = invalid(day, "a day needs a month; give the month too".into());
                self.push(day.at.offset, problem);
                ok = false;
            } else if number.is_none() {
                let problem = invalid(day, "a day is 1 to 31".into());
                self.push(day.at.offset, problem);
                ok = false;
            }
            number
        });
        if !ok {
            return None;
        }
        let date = match (month_number.flatten(), day_number.flatten()) {
            (None, _) => Date::year(astronomical),
            (Some(month), None) => Date::month(astronomical, month),
            (Some(month), Some(day_of_month)) => {
                let date = Date::day(astronomical, month, day_of_month);
                if date.is_none()
                    && let Some(day) = &day
                {
                    let days =
                        i32::try_from(astronomical).map_or(0, |year| days_in_month(year, month));
                    let name = MONTH_NAMES
                        .get(month as usize - 1)
                        .copied()
                        .unwrap_or_default();
                    let shown = Date::year(astronomical)
                        .map(|year| year.to_string())
                        .unwrap_or_default();
                    let mut expected = format!("{name} {shown} has {days} days");
                    if written_year < 0 {
                        expected.push_str(&format!(
                            " (TimelineJS year {written_year} is {shown}, which had no {day_of_month} {name})"
                        ));
                    }
                    let problem = invalid(day, expected);
                    self.push(day.at.offset, problem);
                }
                date
            }
        }?;
        self.time(date, &time, &year.at).map(Some)
    }

    /// A date at its time of day, if one is given; `None` after reporting
    /// why not. Parts are in range (checked by [`Builder::date`]).
    fn time(&mut self, date: Date, time: &TimeParts, year_at: &At) -> Option<Date> {
        if time.is_empty() {
            return Some(date);
        }
        let at = time.at.clone().unwrap_or_else(|| year_at.clone());
        if date.precision() != Precision::Day {
            self.push(
                at.offset,
                Problem::NotImported {
                    what: format!("the time of {}", date_name(year_at)),
                    reason: "a time needs a day (TimelineJS would put it on the 1st, or on 1 January); the date is kept without it".into(),
                },
            );
            return Some(date);
        }
        let number = |part: &Option<Part>| {
            part.as_ref()
                .and_then(|part| u32::try_from(part.number).ok())
        };
        let hour = match &time.hour {
            Some(_) => number(&time.hour)?,
            None => {
                if let Some(minute) = &time.minute {
                    self.push(
                        minute.at.offset,
                        Problem::NotImported {
                            what: format!("a minute without an hour in {}", date_name(year_at)),
                            reason: "the hour is read as 0, as TimelineJS does".into(),
                        },
                    );
                }
                0
            }
        };
        let minute = number(&time.minute).unwrap_or(0);
        if let Some(fraction) = &time.fraction
            && fraction.number != 0
        {
            self.push(
                fraction.at.offset,
                Problem::NotImported {
                    what: format!(
                        "the fraction of a second of {} ({})",
                        date_name(year_at),
                        fraction.written
                    ),
                    reason: "times are kept to the whole second".into(),
                },
            );
        }
        let timed = match &time.second {
            Some(_) => date.at_second(hour, minute, number(&time.second)?),
            None => date.at(hour, minute),
        }?;
        match time.offset {
            None => Some(timed),
            Some(minutes) => {
                let with = timed.with_offset(minutes);
                if with.is_none() {
                    self.push(
                        at.offset,
                        Problem::ImportInvalidValue {
                            field: at.field.clone(),
                            column: at.column,
                            value: time.written.clone(),
                            expected: "a UTC offset is -14:00 to +14:00".into(),
                        },
                    );
                }
                with
            }
        }
    }

    /// Adds the events of the file, in order. Valid `unique_id`s are kept
    /// (duplicates are left for validation to report); the other events get
    /// ids made from their headlines that no other event has.
    pub fn events(&mut self, events: Vec<EventIn>) {
        let explicit: Vec<Option<String>> = events
            .iter()
            .map(|event| {
                event
                    .unique_id
                    .as_deref()
                    .map(str::trim)
                    .filter(|id| is_valid_event_id(id))
                    .map(str::to_owned)
            })
            .collect();
        for id in explicit.iter().flatten() {
            self.event_ids.reserve(id);
        }
        for (event, id) in events.into_iter().zip(explicit) {
            self.event(event, id);
        }
    }

    fn event(&mut self, event: EventIn, explicit_id: Option<String>) {
        let summary = html::to_text(&event.text);
        let mut title = html::to_line(&event.headline);
        if title.is_empty() {
            title = first_line(&summary, MAX_TITLE_CHARS);
        }
        if title.is_empty()
            && let Some(media) = &event.media
        {
            title = html::to_line(&media.caption);
        }
        if title.is_empty() {
            title = "Untitled event".to_owned();
        }
        let id = explicit_id.unwrap_or_else(|| {
            let base = slug(&title, MAX_SLUG_CHARS);
            self.event_ids
                .fresh(if base.is_empty() { "event" } else { &base })
        });
        let lane = self.lane(&event.group, event.offset);
        let mut sources = Vec::new();
        if let Some(media) = &event.media
            && let Some(source) = self.media_source(media, &id)
        {
            sources.push(source);
        }
        self.out.dataset.events.push(Event {
            id: id.into(),
            title: title.into(),
            start: event.start,
            end: event.end,
            ongoing: false,
            lane: lane.into(),
            summary: (!summary.is_empty()).then(|| summary.into()),
            sources: sources.into_iter().map(Text::from).collect(),
            tags: Box::default(),
            importance: 3,
            approximate: false,
        });
        self.out.places.events.push(Self::item(event.offset));
    }

    /// The id of the lane of a group, made on its first use.
    fn lane(&mut self, group: &str, offset: usize) -> String {
        let mut name = html::to_line(group);
        if name.is_empty() {
            UNGROUPED_LANE.clone_into(&mut name);
        }
        if let Some(&index) = self.lanes_by_name.get(&name)
            && let Some(lane) = self.out.dataset.lanes.get(index)
        {
            return lane.id.clone();
        }
        let base = slug(&name, MAX_SLUG_CHARS);
        let id = self
            .lane_ids
            .fresh(if base.is_empty() { "lane" } else { &base });
        self.lanes_by_name
            .insert(name.clone(), self.out.dataset.lanes.len());
        self.out.dataset.lanes.push(Lane {
            id: id.clone(),
            name,
            color: None,
        });
        self.out.places.lanes.push(Self::item(offset));
        id
    }

    /// The source for an event's media link, if it is one.
    fn media_source(&mut self, media: &MediaIn, event_id: &str) -> Option<String> {
        let url = media.url.trim();
        if url.is_empty() {
            return None;
        }
        if url.starts_with('<') {
            self.push(
                media.offset,
                Problem::NotImported {
                    what: format!("the media of event `{event_id}`"),
                    reason: "it is embedded HTML, not a link".into(),
                },
            );
            return None;
        }
        // TimelineJS writes protocol-relative links (`//host/…`) for the
        // page's own scheme; a dataset is not a page, so they become https.
        let url = if url.starts_with("//") {
            format!("https:{url}")
        } else {
            url.to_owned()
        };
        let Some(url) = web_link(&url).map(str::to_owned) else {
            self.push(
                media.offset,
                Problem::NotImported {
                    what: format!("the media link of event `{event_id}`"),
                    reason: format!(
                        "{url:?} is not a web link; only https:// and http:// links are kept, so that no file, share or script is opened from the timeline"
                    ),
                },
            );
            return None;
        };
        let caption = html::to_line(&media.caption);
        let credit = html::to_line(&media.credit);
        let (title, publisher) = match (caption.is_empty(), credit.is_empty()) {
            (false, false) => (caption, Some(credit)),
            (false, true) => (caption, None),
            (true, false) => (credit, None),
            (true, true) => (url.clone(), None),
        };
        let id = self.source_ids.fresh(&format!("{event_id}-media"));
        self.out.dataset.sources.push(Source {
            id: id.clone(),
            title,
            publisher,
            date: None,
            url: Some(url),
        });
        self.out.places.sources.push(Self::item(media.offset));
        Some(id)
    }

    pub fn era(&mut self, era: EraIn) {
        let mut title = html::to_line(&era.headline);
        if title.is_empty() {
            title = format_range(era.start, era.end, false);
        }
        let base = slug(&title, MAX_SLUG_CHARS);
        let id = self
            .era_ids
            .fresh(if base.is_empty() { "era" } else { &base });
        self.out.dataset.eras.push(Era {
            id,
            title,
            start: era.start,
            end: era.end,
            ongoing: false,
            approximate: false,
            color: None,
        });
        self.out.places.eras.push(Self::item(era.offset));
    }

    /// The converted file; `fallback_title` (the file's stem) names a dataset
    /// whose file gives no title.
    pub fn finish(mut self, fallback_title: &str) -> Converted {
        if self.out.dataset.title.is_empty() {
            fallback_title.clone_into(&mut self.out.dataset.title);
        }
        self.out
    }

    /// [`Builder::finish`], with the file's slides as a story, as
    /// TimelineJS presents them: the title slide (when there is one), then
    /// each event in date order, each a view. A title slide shows the
    /// whole timeline; an event's view frames it, selected, with room
    /// around it, and says what its slide says.
    pub fn finish_story(mut self, fallback_title: &str) -> Converted {
        if self.out.dataset.title.is_empty() {
            fallback_title.clone_into(&mut self.out.dataset.title);
        }
        self.story();
        self.finish(fallback_title)
    }

    fn story(&mut self) {
        let events = self.out.dataset.events.len();
        if events > MAX_STORY_SLIDES {
            let at = self
                .title_offset
                .or_else(|| {
                    self.out
                        .places
                        .events
                        .first()
                        .map(|event| event.range.start)
                })
                .unwrap_or(0);
            self.push(
                at,
                Problem::NotImported {
                    what: "the slides as a story".into(),
                    reason: format!(
                        "a story has at most {MAX_STORY_SLIDES} slides and this timeline has {events} events; every event is on the timeline"
                    ),
                },
            );
            return;
        }
        let dataset = &self.out.dataset;
        let Some((first, last)) = dataset.first_and_last_dates() else {
            return;
        };
        let mut ids = Ids::default();
        let mut views = Vec::with_capacity(events + 1);
        let mut places = Vec::with_capacity(events + 1);
        if let Some(offset) = self.title_offset {
            views.push(SavedView {
                id: ids.fresh("title"),
                title: dataset.title.clone(),
                start: first,
                end: last,
                select: None,
                lanes: Vec::new(),
                text: dataset.description.clone(),
                quotes: Vec::new(),
            });
            places.push(Self::item(offset));
        }
        let data_end = last.end_instant();
        let mut order: Vec<usize> = (0..events).collect();
        // Stable: events of one date keep the file's order, as TimelineJS does.
        order.sort_by(|&a, &b| {
            dataset.events[a]
                .start_instant()
                .total_cmp(&dataset.events[b].start_instant())
        });
        for index in order {
            let (Some(event), Some(place)) =
                (dataset.events.get(index), self.out.places.events.get(index))
            else {
                continue;
            };
            let (start, end) = (event.start_instant(), event.end_instant(data_end));
            let unit = event.start.end_instant() - start;
            let margin = ((end - start) / 2.0).max(unit);
            let finest = event
                .end
                .map_or(event.start.precision(), |end| end.precision())
                .max(event.start.precision());
            // Told as people would tell the range, never finer than the event.
            let precision = Precision::for_span(end - start + 2.0 * margin).min(finest);
            let Some((from, to)) = span_dates(start - margin, end + margin, precision) else {
                continue;
            };
            views.push(SavedView {
                id: ids.fresh(&event.id),
                title: event.title.to_string(),
                start: from,
                end: to,
                select: Some(event.id.to_string()),
                lanes: Vec::new(),
                text: event.summary.as_ref().map(ToString::to_string),
                quotes: Vec::new(),
            });
            places.push(place.clone());
        }
        self.out.dataset.views = views;
        self.out.places.views = places;
    }
}

/// How a message names a field: "column 1 `Year`", "`start_date.year`".
fn field_label(at: &At) -> String {
    match at.column {
        Some(column) => format!("column {column} `{}`", at.field),
        None => format!("`{}`", at.field),
    }
}

/// How a message names the date a year belongs to: "`start_date`", "the
/// date of column 1 `Year`".
fn date_name(year_at: &At) -> String {
    match (year_at.column, year_at.field.strip_suffix(".year")) {
        (None, Some(date)) => format!("`{date}`"),
        _ => format!("the date of {}", field_label(year_at)),
    }
}

/// The first line of a text, cut at a word boundary to at most `max` characters.
fn first_line(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let cut: String = line.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > 0 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// A lowercase `a-z0-9-` id from a name: `"Munich talks (2016)"` →
/// `munich-talks-2016`; common accented letters lose their accents, other
/// characters separate words. At most `max` characters, cut between words
/// where possible. Empty if nothing is left.
pub(crate) fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut separate = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = fold_accent(c);
        if plain.is_empty() {
            separate = true;
            continue;
        }
        if separate && !out.is_empty() {
            out.push('-');
        }
        separate = false;
        out.push_str(plain);
    }
    if out.len() <= max {
        return out;
    }
    let cut = &out[..max];
    match cut.rfind('-') {
        Some(at) if at >= max / 2 => cut[..at].to_owned(),
        _ => cut.trim_end_matches('-').to_owned(),
    }
}

/// The ASCII letters or digits a character stands for in an id; empty for
/// a separator.
fn fold_accent(c: char) -> &'static str {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    const LETTERS: [&str; 26] = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    match c {
        '0'..='9' => DIGITS[(c as usize) - ('0' as usize)],
        'a'..='z' => LETTERS[(c as usize) - ('a' as usize)],
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

/// A date part written as text: a whole number, or nothing when blank.
/// `Err` with the reason when it is not a number.
pub(crate) fn parse_part(text: &str) -> Result<Option<i64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(number) = text.parse::<i64>() {
        return Ok(Some(number));
    }
    // `2016.0`, as spreadsheets and some JSON writers give whole numbers.
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() && number.fract() == 0.0 && number.abs() < 1e15 => {
            Ok(Some(number as i64))
        }
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_suspected() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let text = format!("ab{c}cd");
            if c.is_control() {
                assert!(may_have_control(&text, false), "{c:?}");
                assert_eq!(may_have_control(&text, true), c != '\n', "{c:?}");
            }
        }
        assert!(!may_have_control("Kabul, Afghanistan: 12 — ok", false));
        assert!(!may_have_control("two\nlines", true));
        assert!(!may_have_control("", false));
    }

    #[test]
    fn exact_lists_have_no_spare_room() {
        let mut list = Vec::with_capacity(8);
        list.extend(["a".to_owned(), "b".to_owned()]);
        let list = exact_list(list);
        assert_eq!((list.len(), list.capacity()), (2, 2));
        assert_eq!(list, ["a", "b"]);
    }

    #[test]
    fn slugs_are_ids() {
        assert_eq!(slug("Munich talks (2016)", 48), "munich-talks-2016");
        assert_eq!(
            slug("  Cessez-le-feu à Alep!  ", 48),
            "cessez-le-feu-a-alep"
        );
        assert_eq!(slug("—", 48), "");
        assert_eq!(slug("Straße", 48), "strasse");
        assert_eq!(slug("one two three four", 12), "one-two");
        assert_eq!(slug("abcdefghijklmnop", 8), "abcdefgh");
        for text in ["Ünïcødé – tëxt", "a__b", "日本"] {
            let id = slug(text, 48);
            assert!(id.is_empty() || is_valid_event_id(&id), "{id}");
        }
    }

    #[test]
    fn fresh_ids_count_up() {
        let mut ids = Ids::default();
        ids.reserve("talks-2");
        assert_eq!(ids.fresh("talks"), "talks");
        assert_eq!(ids.fresh("talks"), "talks-3");
        assert_eq!(ids.fresh("war"), "war");
    }

    #[test]
    fn parts_are_whole_numbers() {
        assert_eq!(parse_part(" 2016 "), Ok(Some(2016)));
        assert_eq!(parse_part("03"), Ok(Some(3)));
        assert_eq!(parse_part("2016.0"), Ok(Some(2016)));
        assert_eq!(parse_part("-500"), Ok(Some(-500)));
        assert_eq!(parse_part(""), Ok(None));
        assert_eq!(parse_part("March"), Err(()));
        assert_eq!(parse_part("2.5"), Err(()));
        assert_eq!(parse_part("1e999"), Err(()));
    }

    #[test]
    fn titles_from_text_are_cut_between_words() {
        assert_eq!(first_line("Short.\nMore", 80), "Short.");
        assert_eq!(first_line("one two three", 9), "one two…");
    }
}
