//! Checks what serde cannot: ids, references between items, date order,
//! numbers and colours; and warns about what is valid but suspicious.
//!
//! Runs over the whole parsed dataset once, with hash sets of ids, so its cost
//! is linear in the dataset. Places are looked up only for the items that have
//! a problem: a field's place is found by scanning that one item again, once
//! per item (and once per list field) however many problems it has, so that
//! no input makes the checks quadratic. Problems past the reporting cap are
//! counted without their messages being built.

use foldhash::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;

use super::diagnostic::{Collector, Diagnostic, KNOWN_IDS_SHOWN, Place, Problem, Severity};
use super::parse::{FileText, ItemRef, Places, Unreadable};
use super::scan;
use crate::model::{Dataset, Date, Event, SavedView};

/// An item, by file and start offset.
type ItemKey = (usize, usize);

/// A list field of an item.
type ListKey = (ItemKey, &'static str);

/// The fields of one item: name and value range.
type ItemFields<'a> = Vec<(&'a str, Range<usize>)>;

struct Validator<'v, 'f, 'a> {
    files: &'f [FileText<'a>],
    diagnostics: &'v mut Collector,
    /// The fields of the last item asked about, by (file, item start): the
    /// problems of one item are reported together, so each item is scanned
    /// once however many problems it has.
    fields: Option<(ItemKey, ItemFields<'a>)>,
    /// The elements of the last list field asked about, by (file, item
    /// start, field): an event citing 40,000 unknown sources is scanned
    /// once, not once per source.
    elements: Option<(ListKey, Vec<Range<usize>>)>,
    /// The places of the first item of each repeated id, by item kind and
    /// index, found once however often the id is repeated.
    first_places: HashMap<(&'static str, usize), Place>,
}

impl<'v, 'f, 'a> Validator<'v, 'f, 'a> {
    fn new(files: &'f [FileText<'a>], diagnostics: &'v mut Collector) -> Self {
        Self {
            files,
            diagnostics,
            fields: None,
            elements: None,
            first_places: HashMap::default(),
        }
    }
}

impl<'a> Validator<'_, '_, 'a> {
    fn item_place(&self, item: &ItemRef) -> Place {
        self.files[item.file].place(item.range.start)
    }

    /// The byte range of a field's value inside an item.
    fn field_range(&mut self, item: &ItemRef, field: &str) -> Option<Range<usize>> {
        let key = (item.file, item.range.start);
        if !self.files[item.file].has_text() {
            return None;
        }
        if self
            .fields
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            let text: &'a str = self.files[item.file].text;
            let fields = scan::value_struct(text, item.range.clone(), "item")
                .map(|parsed| {
                    parsed
                        .fields
                        .into_iter()
                        .map(|f| (f.name, f.value))
                        .collect()
                })
                .unwrap_or_default();
            self.fields = Some((key, fields));
        }
        let (_, fields) = self.fields.as_ref()?;
        fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.clone())
    }

    /// The place of a field's value inside an item, or the item's own place.
    fn field_place(&mut self, item: &ItemRef, field: &str) -> Place {
        match self.field_range(item, field) {
            Some(value) => self.files[item.file].place(value.start),
            None => self.item_place(item),
        }
    }

    /// The byte range of the `index`-th element of a list field of an item.
    fn list_element_range(
        &mut self,
        item: &ItemRef,
        field: &'static str,
        index: usize,
    ) -> Option<Range<usize>> {
        let key = ((item.file, item.range.start), field);
        if self
            .elements
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            let elements = self
                .field_range(item, field)
                .and_then(|value| scan::value_list(self.files[item.file].text, value, field).ok())
                .unwrap_or_default();
            self.elements = Some((key, elements));
        }
        let (_, elements) = self.elements.as_ref()?;
        elements.get(index).cloned()
    }

    /// The place of the `index`-th element of a list field of an item.
    fn list_element_place(&mut self, item: &ItemRef, field: &'static str, index: usize) -> Place {
        match self.list_element_range(item, field, index) {
            Some(range) => self.files[item.file].place(range.start),
            None => self.field_place(item, field),
        }
    }

    fn push(&mut self, place: Place, problem: Problem) {
        self.diagnostics.push(Diagnostic { place, problem });
    }

    /// Whether a problem at `place` would be reported; if not, it is
    /// counted, and the caller need not build it.
    fn wants(&mut self, severity: Severity, place: &Place) -> bool {
        let wanted = self.diagnostics.wants(severity, place);
        if !wanted {
            self.diagnostics.omit(severity);
        }
        wanted
    }

    /// The place of the `id` of the first item with a repeated id.
    fn first_place(&mut self, item: &'static str, index: usize, places: &[ItemRef]) -> Place {
        if let Some(place) = self.first_places.get(&(item, index)) {
            return place.clone();
        }
        let place = self.field_place(&places[index], "id");
        self.first_places.insert((item, index), place.clone());
        place
    }

    /// Reports the ids of a long list (events) that repeat, and returns the
    /// table of where each first appears: [`Self::unique_ids`] for a few,
    /// in shards built each on its own core for many.
    fn unique_ids_on_every_core<'d>(
        &mut self,
        item: &'static str,
        ids: &(impl Fn(usize) -> &'d str + Sync),
        count: usize,
        places: &[ItemRef],
    ) -> IdTable<'d> {
        let shards = crate::jobs::cores().min(count / IDS_PER_SHARD).max(1);
        self.unique_ids_in_shards(item, ids, count, places, shards)
    }

    /// [`Self::unique_ids_on_every_core`] in `shards` shards.
    fn unique_ids_in_shards<'d>(
        &mut self,
        item: &'static str,
        ids: &(impl Fn(usize) -> &'d str + Sync),
        count: usize,
        places: &[ItemRef],
        shards: usize,
    ) -> IdTable<'d> {
        let shards = shards.clamp(1, usize::from(u16::MAX));
        if shards == 1 {
            let first_seen = self.unique_ids(item, (0..count).map(ids), places);
            return IdTable {
                shards: vec![first_seen],
            };
        }
        // Each id's shard, worked out on every core; then each core goes
        // through the ids of its shard: the repeats of an id all meet in
        // one shard, in the order of the list. The tables are made here,
        // with room to spare (memory taken on a thread that ends is given
        // back to the system late).
        let mut shard_of = vec![0u16; count];
        crate::jobs::on_every_core_mut(&mut shard_of, count.div_ceil(shards), |first, run| {
            for (offset, shard) in run.iter_mut().enumerate() {
                *shard = IdTable::shard_of(ids(first + offset), shards) as u16;
            }
        });
        let room = count / shards + count / shards / SHARD_SLACK + 1;
        let mut built: Vec<ShardBuild<'d>> = (0..shards)
            .map(|_| {
                (
                    HashMap::with_capacity_and_hasher(room, Default::default()),
                    Vec::new(),
                )
            })
            .collect();
        crate::jobs::on_every_core_mut(&mut built, 1, |shard, state| {
            for (first_seen, repeats) in state {
                for (index, _) in shard_of
                    .iter()
                    .enumerate()
                    .filter(|(_, of)| usize::from(**of) == shard)
                {
                    if let Some(first) = seen_before(first_seen, ids(index), index) {
                        repeats.push((index, first));
                    }
                }
            }
        });
        let mut table = IdTable {
            shards: Vec::with_capacity(shards),
        };
        let mut repeats = Vec::new();
        for (first_seen, shard_repeats) in built {
            table.shards.push(first_seen);
            repeats.extend(shard_repeats);
        }
        // Reported in the list's order, as one pass over it reports them.
        repeats.sort_unstable();
        for (index, first) in repeats {
            self.report_repeat(item, ids(index), index, first, places);
        }
        table
    }

    /// Reports the id of item `index`, which item `first` has already.
    fn report_repeat(
        &mut self,
        item: &'static str,
        id: &str,
        index: usize,
        first: usize,
        places: &[ItemRef],
    ) {
        let place = self.field_place(&places[index], "id");
        if !self.wants(Severity::Error, &place) {
            return;
        }
        let first = self.first_place(item, first, places);
        self.push(
            place,
            Problem::DuplicateId {
                item: item.into(),
                id: id.into(),
                first,
            },
        );
    }

    /// Reports duplicate ids; returns each id's first index, for reference
    /// checks.
    fn unique_ids<'d>(
        &mut self,
        item: &'static str,
        ids: impl ExactSizeIterator<Item = &'d str>,
        places: &[ItemRef],
    ) -> HashMap<&'d str, usize> {
        let mut first_seen: HashMap<&'d str, usize> =
            HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (index, id) in ids.enumerate() {
            if let Some(first) = seen_before(&mut first_seen, id, index) {
                self.report_repeat(item, id, index, first, places);
            }
        }
        first_seen
    }

    fn check_color(&mut self, color: Option<&str>, place: &ItemRef) {
        if let Some(color) = color
            && parse_hex_color(color).is_none()
        {
            let at = self.field_place(place, "color");
            self.push(
                at,
                Problem::InvalidColor {
                    value: color.into(),
                },
            );
        }
    }

    fn check_span(
        &mut self,
        item: &str,
        id: &str,
        start: Date,
        end: Option<Date>,
        ongoing: bool,
        place: &ItemRef,
    ) {
        if let Some(end) = end {
            if end.ends_before(&start) {
                let at = self.field_place(place, "end");
                self.push(
                    at,
                    Problem::EndBeforeStart {
                        item: item.into(),
                        id: id.into(),
                        start: start.to_iso(),
                        end: end.to_iso(),
                    },
                );
            }
            if ongoing {
                let at = self.field_place(place, "ongoing");
                self.push(
                    at,
                    Problem::EndAndOngoing {
                        item: item.into(),
                        id: id.into(),
                    },
                );
            }
        }
    }

    /// Reports a control character in a text field of an item; `multi_line`
    /// fields may also hold line breaks.
    fn check_text(&mut self, item: &ItemRef, field: &'static str, value: &str, multi_line: bool) {
        if let Some((character, at)) = control_character(value, multi_line) {
            let place = self.field_place(item, field);
            self.push_control_character(place, field, character, at, multi_line);
        }
    }

    /// [`Validator::check_text`] for each element of a list of strings.
    fn check_list_texts(
        &mut self,
        item: &ItemRef,
        field: &'static str,
        values: &[impl AsRef<str>],
    ) {
        for (index, value) in values.iter().enumerate() {
            if let Some((character, at)) = control_character(value.as_ref(), false) {
                let place = self.list_element_place(item, field, index);
                self.push_control_character(place, field, character, at, false);
            }
        }
    }

    fn push_control_character(
        &mut self,
        place: Place,
        field: &str,
        character: char,
        at: usize,
        multi_line: bool,
    ) {
        if !self.wants(Severity::Error, &place) {
            return;
        }
        self.push(
            place,
            Problem::ControlCharacter {
                field: field.into(),
                code: u32::from(character),
                at,
                multi_line,
            },
        );
    }

    /// `known` holds the first few ids of that kind, `known_total` how many there are.
    fn unknown_reference(
        &mut self,
        place: Place,
        from: impl FnOnce() -> String,
        kind: &str,
        id: &str,
        known: &[&str],
        known_total: usize,
    ) {
        // A million bad references build no message beyond the reported ones.
        if !self.wants(Severity::Error, &place) {
            return;
        }
        self.push(
            place,
            Problem::UnknownReference {
                from: from(),
                kind: kind.into(),
                id: id.into(),
                known: known
                    .iter()
                    .take(KNOWN_IDS_SHOWN)
                    .map(|id| (*id).to_owned())
                    .collect(),
                known_total,
            },
        );
    }
}

/// Whether a byte may start a control character (see [`control_character`]):
/// below 0x20 but tab, 0x7f, and 0xc2; in multi-line texts not line feed and
/// carriage return either. Arithmetic without branches, so that a block of
/// bytes is tested at once ([`first_suspect_byte`]).
#[inline(always)]
fn suspect<const MULTI_LINE: bool>(b: u8) -> u8 {
    let line_break = (b == b'\n') | (b == b'\r');
    u8::from(((b < 0x20) & (b != b'\t') & !(MULTI_LINE & line_break)) | (b == 0x7f) | (b == 0xc2))
}

/// The offset of the first byte that may start a control character: blocks
/// of 32 bytes are tested at once, the compiler's vector instructions doing
/// it, as event files have a gigabyte of text to pass over.
pub(crate) fn first_suspect_byte(bytes: &[u8], multi_line: bool) -> Option<usize> {
    if multi_line {
        first_suspect::<true>(bytes)
    } else {
        first_suspect::<false>(bytes)
    }
}

fn first_suspect<const MULTI_LINE: bool>(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(SUSPECT_BLOCK);
    let mut offset = 0;
    for block in &mut blocks {
        if let Ok(block) = block.try_into()
            && let Some(at) = first_suspect_in_block::<MULTI_LINE>(block)
        {
            return Some(offset + at);
        }
        offset += SUSPECT_BLOCK;
    }
    // The rest as one more block, padded with spaces (never suspect): most
    // texts (titles, tags, ids) are shorter than a block, and a byte at a
    // time they cost several times as much.
    let rest = blocks.remainder();
    if rest.is_empty() {
        return None;
    }
    let mut padded = [b' '; SUSPECT_BLOCK];
    padded[..rest.len()].copy_from_slice(rest);
    first_suspect_in_block::<MULTI_LINE>(&padded).map(|at| offset + at)
}

/// How many bytes [`first_suspect`] tests at once.
const SUSPECT_BLOCK: usize = 32;

/// The first suspect byte of a block: all of them tested together first.
#[inline(always)]
fn first_suspect_in_block<const MULTI_LINE: bool>(block: &[u8; SUSPECT_BLOCK]) -> Option<usize> {
    let mut any = 0u8;
    for &b in block {
        any |= suspect::<MULTI_LINE>(b);
    }
    if any == 0 {
        return None;
    }
    block.iter().position(|&b| suspect::<MULTI_LINE>(b) != 0)
}

/// The first control character of a text, and its 1-based position in
/// characters. Tab is allowed everywhere; line feed and carriage return in
/// `multi_line` texts.
pub(crate) fn control_character(text: &str, multi_line: bool) -> Option<(char, usize)> {
    // Control characters are bytes below 0x20, 0x7f, or U+0080–U+009F, which
    // UTF-8 writes as 0xc2 0x80–0x9f: texts are passed over block by block,
    // and a character is decoded only where a byte that may start one is
    // (line breaks of multi-line texts are passed over as bytes too). Each
    // such byte starts a character; U+00A0–U+00BF start with 0xc2 too, so
    // the search goes on after them.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| first_suspect_byte(rest, multi_line))
    {
        let at = from + found;
        let c = text.get(at..)?.chars().next()?;
        if c.is_control() && c != '\t' && !(multi_line && (c == '\n' || c == '\r')) {
            return Some((c, text[..at].chars().count() + 1));
        }
        from = at + c.len_utf8();
    }
    None
}

/// `#rrggbb` or `#rrggbbaa` to RGBA.
pub(crate) fn parse_hex_color(text: &str) -> Option<[u8; 4]> {
    let hex = text.strip_prefix('#')?;
    if !(hex.len() == 6 || hex.len() == 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
    let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
    Some([byte(0)?, byte(2)?, byte(4)?, alpha])
}

pub(crate) fn is_valid_event_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Notes `id` as first seen at `index`, unless it was seen before: then
/// the index it was first seen at.
fn seen_before<'d>(
    first_seen: &mut HashMap<&'d str, usize>,
    id: &'d str,
    index: usize,
) -> Option<usize> {
    match first_seen.entry(id) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(vacant) => {
            vacant.insert(index);
            None
        }
    }
}

/// A shard's table as it is built, and the ids it found again: (index,
/// index of the first).
type ShardBuild<'d> = (HashMap<&'d str, usize>, Vec<(usize, usize)>);

/// Below this many ids a list's ids are checked on one core.
const IDS_PER_SHARD: usize = 100_000;

/// A shard's table has room for an even share of the ids and a
/// 1/`SHARD_SLACK` more, as the hash shares them out nearly evenly.
const SHARD_SLACK: usize = 16;

/// The ids of a list and the index where each first appears, in shards by
/// a hash of the id ([`Validator::unique_ids_on_every_core`]).
#[derive(Debug, Default)]
struct IdTable<'d> {
    shards: Vec<HashMap<&'d str, usize>>,
}

impl<'d> IdTable<'d> {
    /// The shard of `id` among `shards`, by a hash of its own (the maps'
    /// hashes are seeded apart from it).
    fn shard_of(id: &str, shards: usize) -> usize {
        use std::hash::BuildHasher;
        const SHARD_SEED: u64 = 0x05ee_d1d5;
        let hash = foldhash::fast::FixedState::with_seed(SHARD_SEED).hash_one(id);
        (hash % shards.max(1) as u64) as usize
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.shards
            .get(Self::shard_of(id, self.shards.len()))?
            .get(id)
            .copied()
    }

    fn contains(&self, id: &str) -> bool {
        self.get(id).is_some()
    }
}

/// What a view may name, for [`check_view`].
struct ViewReferences<'r, 'd> {
    events: &'r IdTable<'d>,
    event_list: &'d [Event],
    event_order: &'r [&'d str],
    lanes: &'r HashMap<&'d str, usize>,
    lane_order: &'r [&'d str],
    lane_total: usize,
    quotes: &'r HashMap<&'d str, usize>,
    quote_order: &'r [&'d str],
    quote_total: usize,
    unreadable: &'r Unreadable,
}

/// A view's texts, its range, and what it names: the event it selects (and
/// whether that event is inside its range), its lanes and its quotes.
fn check_view(
    v: &mut Validator<'_, '_, '_>,
    view: &SavedView,
    place: &ItemRef,
    known: &ViewReferences<'_, '_>,
) {
    v.check_text(place, "id", &view.id, false);
    v.check_text(place, "title", &view.title, false);
    if let Some(text) = &view.text {
        v.check_text(place, "text", text, true);
    }
    v.check_list_texts(place, "lanes", &view.lanes);
    v.check_list_texts(place, "quotes", &view.quotes);
    v.check_span("view", &view.id, view.start, Some(view.end), false, place);
    let from = || format!("view `{}`", view.id);
    if let Some(select) = &view.select {
        v.check_text(place, "select", select, false);
        match known.events.get(select.as_str()) {
            Some(event) => {
                let (start, end) = view.span();
                if let Some(event) = known.event_list.get(event)
                    && !view.end.ends_before(&view.start)
                    && (event.start_instant() >= end || event.end_instant(end) <= start)
                {
                    let at = v.field_place(place, "select");
                    if v.wants(Severity::Warning, &at) {
                        v.push(
                            at,
                            Problem::SelectionOutsideView {
                                view: view.id.clone(),
                                event: select.clone(),
                                date: event.start.to_iso(),
                                start: view.start.to_iso(),
                                end: view.end.to_iso(),
                            },
                        );
                    }
                }
            }
            None if !known.unreadable.may_contain("Event", select) => {
                let at = v.field_place(place, "select");
                v.unknown_reference(
                    at,
                    from,
                    "event",
                    select,
                    known.event_order,
                    known.event_list.len(),
                );
            }
            None => {}
        }
    }
    for (index, lane) in view.lanes.iter().enumerate() {
        if !known.lanes.contains_key(lane.as_str()) && !known.unreadable.may_contain("Lane", lane) {
            let at = v.list_element_place(place, "lanes", index);
            v.unknown_reference(at, from, "lane", lane, known.lane_order, known.lane_total);
        }
    }
    for (index, quote) in view.quotes.iter().enumerate() {
        if !known.quotes.contains_key(quote.as_str())
            && !known.unreadable.may_contain("Quote", quote)
        {
            let at = v.list_element_place(place, "quotes", index);
            v.unknown_reference(
                at,
                from,
                "quote",
                quote,
                known.quote_order,
                known.quote_total,
            );
        }
    }
}

/// The first few ids of a kind, for unknown-reference messages.
fn first_ids<'d>(ids: impl Iterator<Item = &'d str>) -> Vec<&'d str> {
    ids.take(KNOWN_IDS_SHOWN).collect()
}

/// Validates a parsed dataset, sorts series points by date, and adds every
/// error and warning found to `diagnostics`.
pub(crate) fn validate(
    dataset: &mut Dataset,
    places: &Places,
    files: &[FileText<'_>],
    diagnostics: &mut Collector,
) {
    let unreadable = &places.unreadable;
    let mut v = Validator::new(files, diagnostics);

    // The dataset's own texts.
    for (value, place, field, multi_line) in [
        (Some(&dataset.title), &places.title, "title", false),
        (
            dataset.description.as_ref(),
            &places.description,
            "description",
            true,
        ),
    ] {
        if let (Some(value), Some(place)) = (value, place)
            && let Some((character, at)) = control_character(value, multi_line)
        {
            let place = files[place.file].place(place.range.start);
            v.push_control_character(place, field, character, at, multi_line);
        }
    }

    // The view.
    if let (Some(view), Some(place)) = (dataset.view, &places.view)
        && view.end.ends_before(&view.start)
    {
        let at = v.item_place(place);
        v.push(
            at,
            Problem::EndBeforeStart {
                item: "view".into(),
                id: "view".into(),
                start: view.start.to_iso(),
                end: view.end.to_iso(),
            },
        );
    }

    // Ids of each kind.
    let lane_ids = v.unique_ids(
        "lane",
        dataset.lanes.iter().map(|l| l.id.as_str()),
        &places.lanes,
    );
    v.unique_ids(
        "era",
        dataset.eras.iter().map(|e| e.id.as_str()),
        &places.eras,
    );
    let source_ids = v.unique_ids(
        "source",
        dataset.sources.iter().map(|s| s.id.as_str()),
        &places.sources,
    );
    // Quotes refer to events by id; an importer's millions of events have
    // none, and ids that are unique as made.
    let event_ids =
        if places.event_ids_unique && dataset.quotes.is_empty() && dataset.views.is_empty() {
            IdTable::default()
        } else {
            let events = &dataset.events;
            v.unique_ids_on_every_core(
                "event",
                &|index: usize| events[index].id.as_str(),
                events.len(),
                &places.events,
            )
        };
    let quote_ids = v.unique_ids(
        "quote",
        dataset.quotes.iter().map(|q| q.id.as_str()),
        &places.quotes,
    );
    v.unique_ids(
        "view",
        dataset.views.iter().map(|view| view.id.as_str()),
        &places.views,
    );
    v.unique_ids(
        "series",
        dataset.displacement.iter().map(|s| s.id.as_str()),
        &places.series,
    );

    let lane_order = first_ids(dataset.lanes.iter().map(|l| l.id.as_str()));
    let source_order = first_ids(dataset.sources.iter().map(|s| s.id.as_str()));
    let event_order = first_ids(dataset.events.iter().map(|e| e.id.as_str()));

    // By index in `dataset.sources` / `dataset.lanes`.
    let mut cited_sources = vec![false; dataset.sources.len()];
    let mut lane_event_counts = vec![0usize; dataset.lanes.len()];

    for (lane, place) in dataset.lanes.iter().zip(&places.lanes) {
        v.check_text(place, "id", &lane.id, false);
        v.check_text(place, "name", &lane.name, false);
        v.check_color(lane.color.as_deref(), place);
    }
    for (era, place) in dataset.eras.iter().zip(&places.eras) {
        v.check_text(place, "id", &era.id, false);
        v.check_text(place, "title", &era.title, false);
        v.check_color(era.color.as_deref(), place);
        v.check_span("era", &era.id, era.start, era.end, era.ongoing, place);
    }
    for (source, place) in dataset.sources.iter().zip(&places.sources) {
        v.check_text(place, "id", &source.id, false);
        v.check_text(place, "title", &source.title, false);
        if let Some(publisher) = &source.publisher {
            v.check_text(place, "publisher", publisher, false);
        }
        if let Some(url) = &source.url {
            v.check_text(place, "url", url, false);
            if crate::model::web_link(url).is_none() {
                let at = v.field_place(place, "url");
                v.push(at, Problem::SuspiciousUrl { url: url.clone() });
            }
        }
    }

    let references = References {
        lane_ids: &lane_ids,
        source_ids: &source_ids,
        lane_order: &lane_order,
        source_order: &source_order,
        lanes: dataset.lanes.len(),
        sources: dataset.sources.len(),
        unreadable,
        texts_clean: places.event_texts_clean,
    };
    let parts = crate::jobs::cores()
        .min(dataset.events.len() / EVENTS_PER_PART)
        .max(1);
    let uses = check_events_in_parts(&mut v, &dataset.events, &places.events, &references, parts);
    for (count, more) in lane_event_counts.iter_mut().zip(uses.lane_counts) {
        *count += more;
    }
    for (cited, more) in cited_sources.iter_mut().zip(uses.cited) {
        *cited |= more;
    }

    for (quote, place) in dataset.quotes.iter().zip(&places.quotes) {
        v.check_text(place, "id", &quote.id, false);
        v.check_text(place, "speaker", &quote.speaker, false);
        if let Some(role) = &quote.role {
            v.check_text(place, "role", role, false);
        }
        v.check_text(place, "text", &quote.text, true);
        if let Some(context) = &quote.context {
            v.check_text(place, "context", context, true);
        }
        v.check_text(place, "source", &quote.source, false);
        v.check_list_texts(place, "events", &quote.events);
        for (index, event) in quote.events.iter().enumerate() {
            if !event_ids.contains(event.as_str()) && !unreadable.may_contain("Event", event) {
                let at = v.list_element_place(place, "events", index);
                let from = || format!("quote `{}`", quote.id);
                v.unknown_reference(at, from, "event", event, &event_order, dataset.events.len());
            }
        }
        if let Some(&source) = source_ids.get(quote.source.as_str()) {
            cited_sources[source] = true;
        } else if !unreadable.may_contain("Source", &quote.source) {
            let at = v.field_place(place, "source");
            v.unknown_reference(
                at,
                || format!("quote `{}`", quote.id),
                "source",
                &quote.source,
                &source_order,
                dataset.sources.len(),
            );
        }
        if quote.events.is_empty() {
            let at = v.item_place(place);
            if v.wants(Severity::Warning, &at) {
                v.push(
                    at,
                    Problem::QuoteWithoutEvent {
                        id: quote.id.clone(),
                    },
                );
            }
        }
    }

    let quote_order = first_ids(dataset.quotes.iter().map(|q| q.id.as_str()));
    for (view, place) in dataset.views.iter().zip(&places.views) {
        check_view(
            &mut v,
            view,
            place,
            &ViewReferences {
                events: &event_ids,
                event_list: &dataset.events,
                event_order: &event_order,
                lanes: &lane_ids,
                lane_order: &lane_order,
                lane_total: dataset.lanes.len(),
                quotes: &quote_ids,
                quote_order: &quote_order,
                quote_total: dataset.quotes.len(),
                unreadable,
            },
        );
    }

    for (series, place) in dataset.displacement.iter_mut().zip(&places.series) {
        v.check_text(place, "id", &series.id, false);
        v.check_text(place, "name", &series.name, false);
        if let Some(short_name) = &series.short_name {
            v.check_text(place, "short_name", short_name, false);
        }
        v.check_text(place, "unit", &series.unit, false);
        v.check_color(series.color.as_deref(), place);
        if series.points.is_empty() {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::EmptySeries {
                    id: series.id.clone(),
                },
            );
        }
        let mut first_by_date: HashMap<Date, usize> = HashMap::default();
        for (index, point) in series.points.iter().enumerate() {
            for (field, text, multi_line) in [
                ("source", Some(&point.source), false),
                ("note", point.note.as_ref(), true),
            ] {
                if let Some((character, at)) =
                    text.and_then(|text| control_character(text, multi_line))
                {
                    let place = v.list_element_place(place, "points", index);
                    v.push_control_character(place, field, character, at, multi_line);
                }
            }
            if !point.value.is_finite() || point.value < 0.0 {
                let at = v.list_element_place(place, "points", index);
                if v.wants(Severity::Error, &at) {
                    let written = v
                        .list_element_range(place, "points", index)
                        .and_then(|point| written_field(files, place.file, point, "value"));
                    v.push(at, number_problem("value", point.value, written));
                }
            }
            if !source_ids.contains_key(point.source.as_str())
                && !unreadable.may_contain("Source", &point.source)
            {
                let at = v.list_element_place(place, "points", index);
                v.unknown_reference(
                    at,
                    || format!("a point of series `{}`", series.id),
                    "source",
                    &point.source,
                    &source_order,
                    dataset.sources.len(),
                );
            }
            if let Some(&first) = first_by_date.get(&point.date) {
                let at = v.list_element_place(place, "points", index);
                if v.wants(Severity::Error, &at) {
                    let first = v.list_element_place(place, "points", first);
                    v.push(
                        at,
                        Problem::DuplicatePointDate {
                            series: series.id.clone(),
                            date: point.date.to_iso(),
                            first,
                        },
                    );
                }
            } else {
                first_by_date.insert(point.date, index);
            }
        }
        series.points.sort_by_key(|point| point.date);
    }
    for point in dataset
        .displacement
        .iter()
        .flat_map(|series| &series.points)
    {
        if let Some(&source) = source_ids.get(point.source.as_str()) {
            cited_sources[source] = true;
        }
    }

    // Warnings about things nothing uses; meaningless when some items could
    // not be read, since those may be the users.
    if !unreadable.is_empty() {
        return;
    }
    // A repeated id counts as its first use.
    for (lane, place) in dataset.lanes.iter().zip(&places.lanes) {
        if lane_ids
            .get(lane.id.as_str())
            .is_none_or(|&first| lane_event_counts[first] == 0)
        {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::EmptyLane {
                    id: lane.id.clone(),
                },
            );
        }
    }
    for (source, place) in dataset.sources.iter().zip(&places.sources) {
        if source_ids
            .get(source.id.as_str())
            .is_none_or(|&first| !cited_sources[first])
        {
            let at = v.item_place(place);
            if v.wants(Severity::Warning, &at) {
                v.push(
                    at,
                    Problem::UnusedSource {
                        id: source.id.clone(),
                    },
                );
            }
        }
    }
}

/// What events refer to: lanes and sources by id.
struct References<'r, 'd> {
    lane_ids: &'r HashMap<&'d str, usize>,
    source_ids: &'r HashMap<&'d str, usize>,
    lane_order: &'r [&'d str],
    source_order: &'r [&'d str],
    lanes: usize,
    sources: usize,
    unreadable: &'r super::parse::Unreadable,
    /// Whether the events' texts are known to hold no control characters
    /// ([`super::parse::Places::event_texts_clean`]).
    texts_clean: bool,
}

/// Below this many events they are checked on one thread.
const EVENTS_PER_PART: usize = 50_000;

/// Checks the events ([`check_events`]) in `parts` parts, each on its own
/// thread (a conflict event file has millions of events) and reporting to
/// its own collector, put together after; gives the events per lane and
/// whether each source is cited.
fn check_events_in_parts(
    v: &mut Validator<'_, '_, '_>,
    events: &[Event],
    places: &[ItemRef],
    refs: &References<'_, '_>,
    parts: usize,
) -> EventUses {
    if parts <= 1 || events.is_empty() {
        return check_events(v, events, places, refs);
    }
    let size = events.len().div_ceil(parts);
    let files = v.files;
    let empty = v.diagnostics.empty_like();
    let chunks: Vec<(&[Event], &[ItemRef])> =
        events.chunks(size).zip(places.chunks(size)).collect();
    let checked = crate::jobs::on_every_core(chunks.len(), |part| {
        let (events, places) = chunks[part];
        let mut diagnostics = empty.empty_like();
        let mut validator = Validator::new(files, &mut diagnostics);
        let uses = check_events(&mut validator, events, places, refs);
        (diagnostics, uses)
    });
    let mut uses = EventUses::new(refs);
    for (diagnostics, part) in checked {
        v.diagnostics.absorb(diagnostics);
        uses.add(part);
    }
    uses
}

/// How many events each lane has, and whether events cite each source.
#[derive(Debug, PartialEq, Eq)]
struct EventUses {
    lane_counts: Vec<usize>,
    cited: Vec<bool>,
}

impl EventUses {
    fn new(refs: &References<'_, '_>) -> Self {
        Self {
            lane_counts: vec![0; refs.lanes],
            cited: vec![false; refs.sources],
        }
    }

    fn add(&mut self, other: Self) {
        for (count, more) in self.lane_counts.iter_mut().zip(other.lane_counts) {
            *count += more;
        }
        for (cited, more) in self.cited.iter_mut().zip(other.cited) {
            *cited |= more;
        }
    }
}

/// Checks each event: its id, texts, dates, importance, and that its lane
/// and sources exist; gives the events per lane and whether each source is
/// cited.
fn check_events(
    v: &mut Validator<'_, '_, '_>,
    events: &[Event],
    places: &[ItemRef],
    refs: &References<'_, '_>,
) -> EventUses {
    let mut uses = EventUses::new(refs);
    for (event, place) in events.iter().zip(places) {
        if !is_valid_event_id(&event.id) {
            let at = v.field_place(place, "id");
            if v.wants(Severity::Error, &at) {
                v.push(
                    at,
                    Problem::InvalidId {
                        item: "event".into(),
                        id: event.id.to_string(),
                    },
                );
            }
        }
        if !refs.texts_clean {
            v.check_text(place, "title", &event.title, false);
            v.check_text(place, "lane", &event.lane, false);
            if let Some(summary) = &event.summary {
                v.check_text(place, "summary", summary, true);
            }
            v.check_list_texts(place, "sources", &event.sources);
            v.check_list_texts(place, "tags", &event.tags);
        }
        v.check_span(
            "event",
            &event.id,
            event.start,
            event.end,
            event.ongoing,
            place,
        );
        if !(1..=5).contains(&event.importance) {
            let at = v.field_place(place, "importance");
            v.push(
                at,
                Problem::ImportanceOutOfRange {
                    value: event.importance.into(),
                },
            );
        }
        if let Some(&lane) = refs.lane_ids.get(event.lane.as_str()) {
            uses.lane_counts[lane] += 1;
        } else if !refs.unreadable.may_contain("Lane", &event.lane) {
            let at = v.field_place(place, "lane");
            v.unknown_reference(
                at,
                || format!("event `{}`", event.id),
                "lane",
                &event.lane,
                refs.lane_order,
                refs.lanes,
            );
        }
        for (index, source) in event.sources.iter().enumerate() {
            if let Some(&source) = refs.source_ids.get(source.as_str()) {
                uses.cited[source] = true;
            } else if !refs.unreadable.may_contain("Source", source) {
                let at = v.list_element_place(place, "sources", index);
                v.unknown_reference(
                    at,
                    || format!("event `{}`", event.id),
                    "source",
                    source,
                    refs.source_order,
                    refs.sources,
                );
            }
        }
        if event.sources.is_empty() {
            let at = v.item_place(place);
            if v.wants(Severity::Warning, &at) {
                v.push(
                    at,
                    Problem::EventWithoutSource {
                        id: event.id.to_string(),
                    },
                );
            }
        }
    }
    uses
}

/// The text of a field of the struct at `range`, as written, e.g. `1e400`.
fn written_field(
    files: &[FileText<'_>],
    file: usize,
    range: Range<usize>,
    field: &str,
) -> Option<String> {
    let text = files.get(file).filter(|file| file.has_text())?.text;
    let fields = scan::value_struct(text, range, "item").ok()?;
    let value = fields.fields.into_iter().find(|f| f.name == field)?.value;
    text.get(value).map(|written| written.trim().to_owned())
}

/// The problem with a number that is not finite, or negative; `written` is
/// the number as the file writes it, if known.
fn number_problem(field: &str, value: f64, written: Option<String>) -> Problem {
    let written_as_infinity = written.as_deref().is_some_and(|w| {
        let w = w.trim_start_matches(['+', '-']).to_ascii_lowercase();
        w == "inf" || w == "infinity"
    });
    match written {
        Some(written) if value.is_infinite() && !written_as_infinity => Problem::NumberTooLarge {
            field: field.into(),
            written,
        },
        _ => Problem::InvalidNumber {
            field: field.into(),
            value: format!("{value}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What checking `ids` (one item `(id: "…")` a line) for repeats
    /// reports, in `shards` shards (`None`: the one-table check), with the
    /// report capped at `cap`: the diagnostics, how many errors were left
    /// out, and where each id is first found.
    fn repeats_reported(
        ids: &[String],
        shards: Option<usize>,
        cap: usize,
    ) -> (Vec<String>, usize, Vec<Option<usize>>) {
        let mut text = String::new();
        let mut places = Vec::new();
        for id in ids {
            let start = text.len();
            text.push_str(&format!("(id: \"{id}\")"));
            places.push(ItemRef {
                file: 0,
                range: start..text.len(),
            });
            text.push('\n');
        }
        let files = [FileText::new("ids.ron".into(), &text)];
        let mut diagnostics = Collector::with_cap(cap);
        let mut v = Validator::new(&files, &mut diagnostics);
        let id = |index: usize| ids[index].as_str();
        let firsts: Vec<Option<usize>> = match shards {
            Some(shards) => {
                let table = v.unique_ids_in_shards("event", &id, ids.len(), &places, shards);
                ids.iter().map(|id| table.get(id)).collect()
            }
            None => {
                let table = v.unique_ids("event", (0..ids.len()).map(id), &places);
                ids.iter()
                    .map(|id| table.get(id.as_str()).copied())
                    .collect()
            }
        };
        let reported = diagnostics.finish();
        (
            reported
                .diagnostics
                .iter()
                .map(Diagnostic::to_string)
                .collect(),
            reported.omitted_errors,
            firsts,
        )
    }

    #[test]
    fn ids_checked_in_shards_report_what_one_table_reports() {
        // Repeats of repeats, out of order, more of them than the cap.
        let ids: Vec<String> = (0..3000)
            .map(|index| format!("e-{}", (index * 7) % 1100))
            .collect();
        for cap in [5, 10_000] {
            let one_table = repeats_reported(&ids, None, cap);
            assert!(one_table.0.len() >= 5, "{:?}", one_table.0);
            for shards in [1, 2, 3, 5] {
                assert_eq!(
                    repeats_reported(&ids, Some(shards), cap),
                    one_table,
                    "{shards} shards, cap {cap}"
                );
            }
        }
        let none = repeats_reported(&[], Some(3), 10);
        assert_eq!(none, (Vec::new(), 0, Vec::new()));
    }

    #[test]
    fn hex_colours() {
        assert_eq!(parse_hex_color("#b3403a"), Some([0xb3, 0x40, 0x3a, 255]));
        assert_eq!(parse_hex_color("#b3403a80"), Some([0xb3, 0x40, 0x3a, 0x80]));
        for bad in ["b3403a", "#b3403", "#gg0000", "#", "red", "#b3403a8"] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn event_ids() {
        assert!(is_valid_event_id("munich-issg"));
        assert!(is_valid_event_id("unsc-2254"));
        for bad in ["", "Munich", "a_b", "a b", "é"] {
            assert!(!is_valid_event_id(bad), "{bad}");
        }
    }

    #[test]
    fn control_characters_are_found_by_character_position() {
        assert_eq!(control_character("plain text, é £", false), None);
        assert_eq!(control_character("two\nlines\r\n\ttab", true), None);
        assert_eq!(control_character("two\nlines", false), Some(('\n', 4)));
        // Positions count characters, not bytes; U+00A3 (0xc2 0xa3) is no
        // control character, U+0085 (0xc2 0x85) is.
        assert_eq!(
            control_character("é£ line\nx\u{85}y", true),
            Some(('\u{85}', 10))
        );
        assert_eq!(control_character("ab\u{7f}", true), Some(('\u{7f}', 3)));
        assert_eq!(control_character("é\u{1}", true), Some(('\u{1}', 2)));
        // Past the first blocks of 32 bytes, and in the last, short one.
        let long = format!("{}\n{}", "a".repeat(40), "b".repeat(40));
        assert_eq!(control_character(&long, true), None);
        assert_eq!(control_character(&long, false), Some(('\n', 41)));
        // Characters that start like the C1 controls are passed over.
        assert_eq!(control_character("\u{a0}x\u{b7}y\u{a9}", true), None);
        assert_eq!(
            control_character("\u{a0}\u{b7}\u{85}", false),
            Some(('\u{85}', 3))
        );
        let tail = format!("{}\u{1b}", "c".repeat(70));
        assert_eq!(control_character(&tail, true), Some(('\u{1b}', 71)));
    }

    #[test]
    fn suspect_bytes_are_found_at_every_length_and_place() {
        let rule = |b: u8, multi_line: bool| {
            (b < 0x20 && b != b'\t' && !(multi_line && (b == b'\n' || b == b'\r')))
                || b == 0x7f
                || b == 0xc2
        };
        for length in 0..100 {
            for place in 0..length {
                for byte in [0u8, b'\n', b'\t', 0x1f, 0x7f, 0xc2, b' ', b'z'] {
                    let mut bytes = vec![b'a'; length];
                    bytes[place] = byte;
                    for multi_line in [false, true] {
                        let expected = rule(byte, multi_line).then_some(place);
                        assert_eq!(
                            first_suspect_byte(&bytes, multi_line),
                            expected,
                            "{length} {place} {byte:#x} {multi_line}"
                        );
                    }
                }
            }
            assert_eq!(first_suspect_byte(&vec![b'a'; length], false), None);
        }
    }

    #[test]
    fn events_checked_in_parts_report_as_in_one() {
        use crate::load::parse::Unreadable;
        let text = "events";
        let files = [FileText::new("events.ron".into(), text)];
        let mut events = Vec::new();
        let template = crate::load::load_builtin().unwrap().dataset.events[0].clone();
        for n in 0..1000 {
            let mut event = template.clone();
            event.id = format!("e-{n}").into();
            event.lane = if n % 97 == 0 {
                "nowhere".into()
            } else {
                "lane".into()
            };
            event.sources = if n % 89 == 0 {
                Box::new(["unknown".into()])
            } else {
                Box::new(["known".into()])
            };
            if n % 101 == 0 {
                event.title = format!("{}\u{7}", event.title).into();
            }
            events.push(event);
        }
        let places: Vec<ItemRef> = (0..events.len())
            .map(|n| ItemRef {
                file: 0,
                range: n % 6..n % 6,
            })
            .collect();
        let lane_ids: HashMap<&str, usize> = [("lane", 0)].into_iter().collect();
        let source_ids: HashMap<&str, usize> = [("known", 0), ("spare", 1)].into_iter().collect();
        let unreadable = Unreadable::default();
        let refs = References {
            lane_ids: &lane_ids,
            source_ids: &source_ids,
            lane_order: &["lane"],
            source_order: &["known", "spare"],
            lanes: 1,
            sources: 2,
            unreadable: &unreadable,
            texts_clean: false,
        };
        let check = |parts: usize, cap: usize| {
            let mut diagnostics = Collector::with_cap(cap);
            let mut v = Validator::new(&files, &mut diagnostics);
            let counts = check_events_in_parts(&mut v, &events, &places, &refs, parts);
            let reported = diagnostics.finish();
            (
                counts,
                reported.diagnostics,
                reported.omitted_errors,
                reported.omitted_warnings,
            )
        };
        for cap in [5, 1000] {
            let one = check(1, cap);
            assert_eq!(one.0.lane_counts, vec![1000 - 11]);
            assert_eq!(one.0.cited, vec![true, false]);
            for parts in [2, 3, 8] {
                assert_eq!(check(parts, cap), one, "{parts} parts, cap {cap}");
            }
        }
    }
}
