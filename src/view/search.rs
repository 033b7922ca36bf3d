//! Text search: the one rule by which the timeline's search box, the Quotes
//! panel's search and its text filter match items, and the prepared text it
//! runs over.
//!
//! The rule: a query, trimmed and lowercased, matches an item when one of
//! the item's fields, lowercased, contains it (an event's title, summary or
//! tags; a quote's text, speaker, role or context). An empty query matches
//! everything.
//!
//! Lowercasing a million events' text at every keystroke took 200 ms, so
//! each dataset's text is folded once, when it is loaded ([`SearchText`]):
//! every item's fields, lowercased, one after the other in one buffer, each
//! ended by a NUL byte. A query is then one `memmem` scan over that buffer
//! ([`SearchText::search`]) that jumps to the next item at each hit, and a
//! query that contains the previous one looks again only at the previous
//! matches when they are few ([`SearchText::refine`]). The results are a
//! bit per item with a count ([`MatchSet`]).
//!
//! Even so, a scan of a million events (about 80 MB) takes longer than a
//! frame, so [`LiveSearch`] runs big scans on a worker thread and keeps
//! showing the last finished result until the new one is in; small ones
//! (the cost is known in bytes before starting) run at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex, OnceLock};

use memchr::memmem;

use arcstr::ArcStr;

use crate::model::{Dataset, Event, Quote, Text};

/// Ends every field in [`SearchText`]; a query without it can never match
/// across two fields or two items.
const FIELD_END: u8 = 0;

/// The case-folded text of a list of items (events or quotes), prepared
/// once per dataset.
#[derive(Clone, Debug)]
pub struct SearchText {
    backing: Backing,
}

/// Where a [`SearchText`]'s text is.
#[derive(Clone, Debug)]
enum Backing {
    /// Folded once into a buffer of its own.
    Folded(Folded),
    /// The events' own text as an import wrote it, folded piece by piece as
    /// a search reads it ([`Blocks`]).
    Blocks(Blocks),
}

/// Items' fields, lowercased, each followed by [`FIELD_END`].
#[derive(Clone, Debug)]
struct Folded {
    text: String,
    /// Item `i` is `text[starts[i]..starts[i + 1]]`; one more entry than
    /// there are items.
    starts: Vec<usize>,
    /// Positions in `text` of NUL bytes that belong to a field, not ends of
    /// fields. Validated datasets have none; kept so that a query with a
    /// NUL in it still follows the rule exactly.
    field_nuls: Vec<usize>,
}

impl Default for SearchText {
    /// No items.
    fn default() -> Self {
        Self {
            backing: Backing::Folded(Folded::with_capacity(0, 0)),
        }
    }
}

impl SearchText {
    /// The folded text of items given as their fields.
    pub fn new<'a, Item>(items: impl IntoIterator<Item = Item>) -> Self
    where
        Item: IntoIterator<Item = &'a str>,
    {
        Self::folded(0, 0, items)
    }

    /// The same, with room for `bytes` of text and `items` items made at
    /// once: no copies of a growing buffer.
    fn folded<'a, Item>(bytes: usize, items: usize, fields: impl IntoIterator<Item = Item>) -> Self
    where
        Item: IntoIterator<Item = &'a str>,
    {
        let mut folded = Folded::with_capacity(bytes, items);
        for item in fields {
            folded.push_item(item);
        }
        folded.text.shrink_to_fit();
        Self {
            backing: Backing::Folded(folded),
        }
    }

    /// Events by title, summary and tags: their own text when an import
    /// wrote it in blocks (nothing is copied), else a folded copy.
    pub fn for_events(events: &[Event]) -> Self {
        if let Some(blocks) = Blocks::of_events(events) {
            return Self {
                backing: Backing::Blocks(blocks),
            };
        }
        let bytes = events
            .iter()
            .flat_map(event_fields)
            .map(|f| f.len() + 1)
            .sum();
        Self::folded(bytes, events.len(), events.iter().map(event_fields))
    }

    /// Quotes by text, speaker, role and context.
    pub(crate) fn for_quotes(quotes: &[Quote]) -> Self {
        fn fields(quote: &Quote) -> impl Iterator<Item = &str> {
            [quote.text.as_str(), quote.speaker.as_str()]
                .into_iter()
                .chain(quote.role.as_deref())
                .chain(quote.context.as_deref())
        }
        let bytes = quotes.iter().flat_map(fields).map(|f| f.len() + 1).sum();
        Self::folded(bytes, quotes.len(), quotes.iter().map(fields))
    }

    /// Whether the text is the events' own, read in blocks as it is.
    pub fn reads_blocks(&self) -> bool {
        matches!(self.backing, Backing::Blocks(_))
    }

    /// How many items.
    pub fn len(&self) -> usize {
        match &self.backing {
            Backing::Folded(folded) => folded.len(),
            Backing::Blocks(blocks) => blocks.items.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The size of the text in bytes: what a full scan reads.
    pub fn bytes(&self) -> usize {
        match &self.backing {
            Backing::Folded(folded) => folded.text.len(),
            Backing::Blocks(blocks) => blocks.bytes,
        }
    }

    /// Whether one item matches.
    pub fn matches(&self, item: usize, query: &SearchQuery) -> bool {
        if query.is_empty() {
            return item < self.len();
        }
        match &self.backing {
            Backing::Folded(folded) => folded
                .item_range(item)
                .is_some_and(|range| Scanner::new(folded, query).find_in(range.start, range.end)),
            Backing::Blocks(blocks) => {
                blocks.item_matches(item, query, &mut Folded::with_capacity(0, 1))
            }
        }
    }

    /// Every item that matches `query` (all of them for an empty query).
    pub fn search(&self, query: &SearchQuery) -> MatchSet {
        self.search_from(query, None, &AtomicBool::new(false))
            .unwrap_or_else(|| MatchSet::none(self.len()))
    }

    /// The items of `previous` that match `query`: the same as
    /// [`Self::search`] when `previous` holds every match of a query that
    /// `query` narrows ([`SearchQuery::narrows`]), and cheaper when
    /// `previous` is small.
    pub fn refine(&self, previous: &MatchSet, query: &SearchQuery) -> MatchSet {
        self.search_from(query, Some(previous), &AtomicBool::new(false))
            .unwrap_or_else(|| MatchSet::none(self.len()))
    }

    /// About what a search costs, in bytes of a scan of folded text: the
    /// whole text, or with `previous`, the text of its items (taken as of
    /// average length) and the cost of looking at each on its own. Text in
    /// blocks is folded as it is read, which costs [`BLOCK_SCAN_COST`]
    /// times as much.
    fn cost(&self, previous: Option<&MatchSet>) -> usize {
        let per_byte = match self.backing {
            Backing::Folded(_) => 1,
            Backing::Blocks(_) => BLOCK_SCAN_COST,
        };
        let bytes = self.bytes().saturating_mul(per_byte);
        match previous {
            None => bytes,
            Some(previous) => {
                let average = bytes / self.len().max(1);
                previous.count().saturating_mul(average + PER_ITEM_COST)
            }
        }
    }

    /// The search, over `previous`'s items when given; `None` when
    /// `cancel` was set before it finished.
    fn search_from(
        &self,
        query: &SearchQuery,
        previous: Option<&MatchSet>,
        cancel: &AtomicBool,
    ) -> Option<MatchSet> {
        let items = self.len();
        if query.is_empty() {
            return Some(previous.cloned().unwrap_or_else(|| MatchSet::all(items)));
        }
        match &self.backing {
            Backing::Folded(folded) => folded.search_from(query, previous, cancel),
            Backing::Blocks(blocks) => blocks.search_from(query, previous, cancel),
        }
    }
}

/// The items of `previous` (of `items` in all) that `matches`; `None` when
/// `cancel` was set before it finished.
fn refine_items(
    items: usize,
    previous: &MatchSet,
    cancel: &AtomicBool,
    mut matches: impl FnMut(usize) -> bool,
) -> Option<MatchSet> {
    let mut set = MatchSet::none(items);
    for (done, item) in previous.iter().enumerate() {
        if done % CANCEL_CHECK_ITEMS == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        if matches(item) {
            set.insert(item);
        }
    }
    Some(set)
}

/// An event's searched fields: title, summary, tags.
fn event_fields(event: &Event) -> impl Iterator<Item = &str> {
    std::iter::once(event.title.as_str())
        .chain(event.summary.as_deref())
        .chain(event.tags.iter().map(Text::as_str))
}

impl Folded {
    fn with_capacity(bytes: usize, items: usize) -> Self {
        let mut starts = Vec::with_capacity(items + 1);
        starts.push(0);
        Self {
            text: String::with_capacity(bytes),
            starts,
            field_nuls: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.starts.truncate(1);
        self.field_nuls.clear();
    }

    /// Adds an item of `fields`, each folded and ended.
    fn push_item<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for field in fields {
            let at = self.text.len();
            push_folded(&mut self.text, field);
            if memchr::memchr(FIELD_END, &self.text.as_bytes()[at..]).is_some() {
                self.field_nuls.extend(
                    memchr::memchr_iter(FIELD_END, &self.text.as_bytes()[at..]).map(|p| at + p),
                );
            }
            self.text.push(char::from(FIELD_END));
        }
        self.starts.push(self.text.len());
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// [`SearchText::search_from`] for a non-empty query.
    fn search_from(
        &self,
        query: &SearchQuery,
        previous: Option<&MatchSet>,
        cancel: &AtomicBool,
    ) -> Option<MatchSet> {
        let items = self.len();
        let scanner = Scanner::new(self, query);
        let mut set = MatchSet::none(items);
        match previous {
            Some(previous) => {
                return refine_items(items, previous, cancel, |item| {
                    item < items && scanner.find_in(self.starts[item], self.starts[item + 1])
                });
            }
            None => {
                // In pieces of about CANCEL_CHECK_BYTES, cut between items, so
                // a cancelled search stops soon.
                let mut first = 0;
                while first < items {
                    if cancel.load(Ordering::Relaxed) {
                        return None;
                    }
                    let limit = self.starts[first] + CANCEL_CHECK_BYTES;
                    let last = (self.starts.partition_point(|&start| start <= limit) - 1)
                        .clamp(first + 1, items);
                    scanner.scan(first, last, 0, &mut set);
                    first = last;
                }
            }
        }
        Some(set)
    }

    /// The bytes of one item.
    fn item_range(&self, item: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.starts.get(item)?..*self.starts.get(item + 1)?)
    }

    /// Whether the bytes `at..at + len` lie in one field: every NUL byte in
    /// them is part of a field.
    fn within_one_field(&self, at: usize, len: usize) -> bool {
        memchr::memchr_iter(FIELD_END, &self.text.as_bytes()[at..at + len])
            .all(|offset| self.field_nuls.binary_search(&(at + offset)).is_ok())
    }
}

/// The events' own text, as the readers that make many events write it
/// (`load::import`'s event texts): blocks in which the events' title,
/// summary and the tags not in them follow one another, each ended by a
/// NUL byte, and no field holds a NUL. The folded copy of the whole text
/// (as big as the text) is never made: a search copies a run of about
/// [`BLOCK_RUN_BYTES`] of a block at a time into a buffer it reuses and
/// lowercases it there ([`lowercase_in_place`]; item by item, as
/// [`push_folded`] does, in the rare run where a character's lowercase is
/// not as long as it is).
#[derive(Clone, Debug)]
struct Blocks {
    blocks: Vec<ArcStr>,
    items: Vec<BlockItem>,
    /// The bytes of all items.
    bytes: usize,
    /// Room to fold a run in, kept from one search to the next.
    room: Arc<Mutex<Folded>>,
}

/// Bytes of a block a search folds at a time (about: a run ends after the
/// item that reaches this).
const BLOCK_RUN_BYTES: usize = 256 << 10;

/// Where an item's text is: `blocks[block][start..end]`.
#[derive(Clone, Copy, Debug)]
struct BlockItem {
    block: u32,
    start: u32,
    end: u32,
}

impl Blocks {
    /// The events' blocks, if every event's searched text lies in one run
    /// of a block as the readers write it; `None` for any other events
    /// (made by hand, or read by ron), which get a folded copy.
    fn of_events(events: &[Event]) -> Option<Self> {
        let mut blocks: Vec<ArcStr> = Vec::new();
        let mut items = Vec::with_capacity(events.len());
        let mut bytes = 0;
        for event in events {
            let parent = event.title.parent();
            if blocks
                .last()
                .is_none_or(|last| !ArcStr::ptr_eq(last, parent))
            {
                blocks.push(parent.clone());
            }
            let block = parent.as_bytes();
            let start = event.title.range().start;
            let mut end = event.title.range().end;
            let mut fields = 1;
            let ended = |end: usize| block.get(end) == Some(&FIELD_END);
            if !ended(end) {
                return None;
            }
            let next_field = |field: &Text, end: &mut usize, fields: &mut usize| {
                let range = field.range();
                let same_block = ArcStr::ptr_eq(field.parent(), parent);
                if same_block && range.start == *end + 1 && ended(range.end) {
                    *end = range.end;
                    *fields += 1;
                    true
                } else {
                    false
                }
            };
            if let Some(summary) = &event.summary
                && !next_field(summary, &mut end, &mut fields)
            {
                return None;
            }
            for tag in &event.tags {
                let range = tag.range();
                let inside = ArcStr::ptr_eq(tag.parent(), parent)
                    && range.start >= start
                    && range.end <= end
                    && memchr::memchr(FIELD_END, tag.as_bytes()).is_none();
                if !inside && !next_field(tag, &mut end, &mut fields) {
                    return None;
                }
            }
            end += 1;
            let text = &block[start..end];
            // The ends of its fields are the only NULs of the item.
            if memchr::memchr_iter(FIELD_END, text).count() != fields {
                return None;
            }
            items.push(BlockItem {
                block: u32::try_from(blocks.len() - 1).ok()?,
                start: u32::try_from(start).ok()?,
                end: u32::try_from(end).ok()?,
            });
            bytes += end - start;
        }
        Some(Self {
            blocks,
            items,
            bytes,
            room: Arc::new(Mutex::new(Folded::with_capacity(0, 0))),
        })
    }

    /// The text of an item, its fields ended by NULs.
    fn item_text(&self, item: usize) -> Option<&str> {
        let at = self.items.get(item)?;
        let block = self.blocks.get(at.block as usize)?;
        block.get(at.start as usize..at.end as usize)
    }

    /// Whether one item matches a non-empty query; `piece` is room to use.
    fn item_matches(&self, item: usize, query: &SearchQuery, piece: &mut Folded) -> bool {
        self.fold_run(item, item + 1, piece)
            && Scanner::new(piece, query).find_in(0, piece.text.len())
    }

    /// Folds the items `first..last`, which follow one another in one
    /// block, into `piece`; `false` if they do not.
    fn fold_run(&self, first: usize, last: usize, piece: &mut Folded) -> bool {
        let (Some(from), Some(to)) = (
            self.items.get(first),
            last.checked_sub(1).and_then(|l| self.items.get(l)),
        ) else {
            return false;
        };
        let Some(run) = self
            .blocks
            .get(from.block as usize)
            .and_then(|block| block.get(from.start as usize..to.end as usize))
        else {
            return false;
        };
        piece.clear();
        piece.text.push_str(run);
        if lowercase_in_place(&mut piece.text) {
            piece.starts.extend(
                self.items[first..last]
                    .iter()
                    .map(|item| (item.end - from.start) as usize),
            );
        } else {
            piece.clear();
            for item in first..last {
                let Some(text) = self.item_text(item) else {
                    return false;
                };
                push_folded(&mut piece.text, text);
                piece.starts.push(piece.text.len());
            }
        }
        true
    }

    /// [`SearchText::search_from`] for a non-empty query.
    fn search_from(
        &self,
        query: &SearchQuery,
        previous: Option<&MatchSet>,
        cancel: &AtomicBool,
    ) -> Option<MatchSet> {
        let items = self.items.len();
        let mut set = MatchSet::none(items);
        // The room of the last search, unless another search holds it: no
        // fresh memory, and no page faults, a keystroke.
        let mut kept = self.room.try_lock().ok();
        let mut own = None;
        let piece = match kept.as_deref_mut() {
            Some(piece) => piece,
            None => own.insert(Folded::with_capacity(0, 0)),
        };
        if let Some(previous) = previous {
            return refine_items(items, previous, cancel, |item| {
                self.item_matches(item, query, piece)
            });
        }
        let mut first = 0;
        while first < items {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            // A run of items that follow one another in one block.
            let at = self.items[first];
            let mut last = first + 1;
            let mut end = at.end;
            while let Some(next) = self.items.get(last)
                && next.block == at.block
                && next.start == end
                && ((end - at.start) as usize) < BLOCK_RUN_BYTES
            {
                end = next.end;
                last += 1;
            }
            if !self.fold_run(first, last, piece) {
                return None;
            }
            Scanner::new(piece, query).scan(0, last - first, first, &mut set);
            first = last;
        }
        Some(set)
    }
}

/// Lowercases `text` where it is, exactly as `str::to_lowercase` would;
/// `false` (the text then half done) when a character's lowercase is not
/// as long as it is (`İ`, the Kelvin sign) or depends on its place (`Σ`).
fn lowercase_in_place(text: &mut String) -> bool {
    text.make_ascii_lowercase();
    let mut at = 0;
    // Most texts are ASCII, or nearly: only the other characters are read.
    while let Some(found) = next_non_ascii(&text.as_bytes()[at..]) {
        at += found;
        let Some(c) = text[at..].chars().next() else {
            return false;
        };
        let mut lower = c.to_lowercase();
        let (Some(first), None) = (lower.next(), lower.next()) else {
            return false;
        };
        if first != c {
            if first.len_utf8() != c.len_utf8() || c == 'Σ' {
                return false;
            }
            let mut buffer = [0; 4];
            text.replace_range(at..at + c.len_utf8(), first.encode_utf8(&mut buffer));
        }
        at += c.len_utf8();
    }
    true
}

/// Where the first byte beyond ASCII is, looking at eight bytes at a time.
fn next_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        let high = u64::from_le_bytes(word) & HIGH_BITS;
        if high != 0 {
            return Some(at + high.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = words.remainder();
    rest.iter()
        .position(|byte| !byte.is_ascii())
        .map(|p| bytes.len() - rest.len() + p)
}

/// Appends `field` lowercased, exactly as `str::to_lowercase` would, without
/// making a string of it first (most fields are ASCII, and the others
/// mostly ASCII: their ASCII stretches are copied and lowercased at once).
fn push_folded(text: &mut String, field: &str) {
    if field.is_ascii() {
        let at = text.len();
        text.push_str(field);
        text[at..].make_ascii_lowercase();
    } else if field.contains('Σ') {
        // A capital sigma lowercases by its place in a word: leave that
        // to the standard library.
        text.push_str(&field.to_lowercase());
    } else {
        // Every other character lowercases on its own.
        let mut rest = field;
        loop {
            let ascii = next_non_ascii(rest.as_bytes()).unwrap_or(rest.len());
            let at = text.len();
            text.push_str(&rest[..ascii]);
            text[at..].make_ascii_lowercase();
            let mut chars = rest[ascii..].chars();
            let Some(c) = chars.next() else {
                break;
            };
            text.extend(c.to_lowercase());
            rest = chars.as_str();
        }
    }
}

/// How many times a byte of text in blocks costs what a byte of folded text
/// does: copied, lowercased, looked at for letters beyond ASCII, then
/// scanned (`cargo bench --bench scale -- search`: 3.5 to 4.6 ms against
/// 0.2 to 0.9 ms at 100,000 events).
const BLOCK_SCAN_COST: usize = 5;

/// Bytes a full scan reads between two looks at its cancel flag.
const CANCEL_CHECK_BYTES: usize = 1 << 20;
/// Items a refinement reads between two looks at its cancel flag.
const CANCEL_CHECK_ITEMS: usize = 4096;
/// The cost of looking at one item on its own, in bytes of a scan: a full
/// scan reads about 15 bytes a nanosecond, while a look at one item, far in
/// memory from the last, takes 100 to 250 ns (measured at a million events).
const PER_ITEM_COST: usize = 4096;

/// A query, prepared once for many items.
struct Scanner<'a> {
    text: &'a Folded,
    finder: memmem::Finder<'a>,
    len: usize,
    /// A hit may run across fields only when the needle holds a NUL.
    check_fields: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a Folded, query: &'a SearchQuery) -> Self {
        let needle = query.needle.as_bytes();
        Self {
            text,
            finder: memmem::Finder::new(needle),
            len: needle.len(),
            check_fields: needle.contains(&FIELD_END),
        }
    }

    /// Whether the needle is in `text[start..end]`, inside one field.
    fn find_in(&self, start: usize, end: usize) -> bool {
        let haystack = &self.text.text.as_bytes()[..end];
        let mut from = start;
        while let Some(found) = self.finder.find(&haystack[from..]) {
            let at = from + found;
            if !self.check_fields || self.text.within_one_field(at, self.len) {
                return true;
            }
            from = at + 1;
        }
        false
    }

    /// Adds the items `first..last` that hold the needle to `set`, as
    /// items `base + first..base + last`: one scan over their text that
    /// skips to the next item at each hit.
    fn scan(&self, first: usize, last: usize, base: usize, set: &mut MatchSet) {
        let starts = &self.text.starts;
        let haystack = &self.text.text.as_bytes()[..starts[last]];
        let mut from = starts[first];
        let mut item = first;
        while let Some(found) = self.finder.find(&haystack[from..]) {
            let at = from + found;
            item = item_at(starts, item, at);
            if self.check_fields && !self.text.within_one_field(at, self.len) {
                from = at + 1;
                continue;
            }
            set.insert(base + item);
            from = starts[item + 1];
        }
    }
}

/// The item whose text holds byte `at`, looking forward from `from` (hits
/// come in order, and most are in one of the next few items): doubling
/// steps, then a binary search.
fn item_at(starts: &[usize], from: usize, at: usize) -> usize {
    let mut low = from;
    let mut step = 1;
    let mut high = from + 1;
    while high < starts.len() && starts[high] <= at {
        low = high;
        high = from + step * 2;
        step *= 2;
    }
    let high = high.min(starts.len());
    low + starts[low..high].partition_point(|&start| start <= at) - 1
}

/// What the user typed, trimmed and lowercased.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    needle: String,
}

impl SearchQuery {
    pub fn new(typed: &str) -> Self {
        Self {
            needle: typed.trim().to_lowercase(),
        }
    }

    /// No query: everything matches.
    pub fn is_empty(&self) -> bool {
        self.needle.is_empty()
    }

    /// The folded text searched for.
    pub fn needle(&self) -> &str {
        &self.needle
    }

    /// Whether every match of `self` is a match of `broader` (its needle
    /// contains the other's), so `self` can refine `broader`'s results.
    pub(crate) fn narrows(&self, broader: &SearchQuery) -> bool {
        self.needle.contains(&broader.needle)
    }
}

/// A set of items, one bit each, with its count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchSet {
    words: Vec<u64>,
    items: usize,
    count: usize,
}

impl MatchSet {
    /// None of `items` items.
    pub fn none(items: usize) -> Self {
        Self {
            words: vec![0; items.div_ceil(64)],
            items,
            count: 0,
        }
    }

    /// All of `items` items.
    pub fn all(items: usize) -> Self {
        let mut set = Self::none(items);
        set.words.fill(u64::MAX);
        if let Some(last) = set.words.last_mut()
            && !items.is_multiple_of(64)
        {
            *last = (1 << (items % 64)) - 1;
        }
        set.count = items;
        set
    }

    /// Adds an item (ignored beyond the set's items).
    pub fn insert(&mut self, item: usize) {
        if item >= self.items {
            return;
        }
        let (word, bit) = (item / 64, 1u64 << (item % 64));
        if self.words[word] & bit == 0 {
            self.words[word] |= bit;
            self.count += 1;
        }
    }

    pub fn contains(&self, item: usize) -> bool {
        self.words
            .get(item / 64)
            .is_some_and(|word| word & (1 << (item % 64)) != 0)
    }

    /// How many items are in the set.
    pub fn count(&self) -> usize {
        self.count
    }

    /// How many items the set is over (in it or not).
    pub fn items(&self) -> usize {
        self.items
    }

    /// The items in the set, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(index, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(index * 64 + bit)
            })
        })
    }
}

/// The next item after the one at `rank` in `order` (in either direction,
/// wrapping around past the end when `wrap`) that `is_match`; from the
/// first (or last) item when there is no rank.
pub(crate) fn next_match(
    order: &[u32],
    rank: Option<usize>,
    forward: bool,
    wrap: bool,
    is_match: impl Fn(u32) -> bool,
) -> Option<u32> {
    let count = order.len();
    for step in 1..=count {
        let wraps = match (rank, forward) {
            (Some(rank), true) => rank + step >= count,
            (Some(rank), false) => step > rank,
            (None, _) => false,
        };
        if wraps && !wrap {
            return None;
        }
        let at = match (rank, forward) {
            (Some(rank), true) => (rank + step) % count,
            (Some(rank), false) => (rank + count - step % count) % count,
            (None, true) => step - 1,
            (None, false) => count - step,
        };
        let item = order[at];
        if is_match(item) {
            return Some(item);
        }
    }
    None
}

/// Datasets with fewer events than this have their search text prepared
/// before their first frame; bigger ones on a worker once the user pauses
/// or searches ([`SharedText`]), so that the timeline shows without waiting
/// for it (at 320,000 events it takes 0.7 s).
pub const EAGER_SEARCH_EVENTS: usize = 50_000;

/// A dataset's search text, ready, being prepared on a worker, or waiting
/// to be: a search asked for before it is ready waits for it on the
/// search's worker, never on the UI's thread.
///
/// A big dataset's text is not prepared the moment it is shown: it takes a
/// core for half a second at ten million events, and frames drawn beside
/// it (a zoom right after opening) took four times as long. The app starts
/// it when the user pauses ([`Self::start`]), or the first search does.
#[derive(Clone)]
pub struct SharedText {
    text: Arc<OnceLock<SearchText>>,
    /// The dataset whose text is to be prepared, until that is started.
    waiting: Arc<Mutex<Option<Arc<Dataset>>>>,
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match (self.text.get(), self.started()) {
            (Some(_), _) => "ready",
            (None, true) => "being prepared",
            (None, false) => "waiting to be prepared",
        };
        f.debug_tuple("SharedText").field(&state).finish()
    }
}

impl Default for SharedText {
    /// No items, ready.
    fn default() -> Self {
        Self::ready(SearchText::default())
    }
}

impl SharedText {
    /// A text prepared already.
    pub fn ready(text: SearchText) -> Self {
        Self {
            text: Arc::new(OnceLock::from(text)),
            waiting: Arc::default(),
        }
    }

    /// The events' text of a dataset: prepared here for fewer than
    /// [`EAGER_SEARCH_EVENTS`] events, else once [started](Self::start) or
    /// waited for.
    pub fn for_events(dataset: &Arc<Dataset>) -> Self {
        if dataset.events.len() < EAGER_SEARCH_EVENTS {
            return Self::ready(SearchText::for_events(&dataset.events));
        }
        Self {
            text: Arc::new(OnceLock::new()),
            waiting: Arc::new(Mutex::new(Some(Arc::clone(dataset)))),
        }
    }

    /// The dataset whose text is still to be prepared, if it is.
    fn waiting(&self) -> std::sync::MutexGuard<'_, Option<Arc<Dataset>>> {
        // Nothing that can panic runs under the lock; were it poisoned, the
        // dataset in it would still be the one to prepare.
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The dataset whose text is still to be prepared, taken: whoever takes
    /// it prepares it.
    fn take_waiting(&self) -> Option<Arc<Dataset>> {
        self.waiting().take()
    }

    /// Whether the text is prepared or being prepared.
    pub fn started(&self) -> bool {
        self.waiting().is_none()
    }

    /// Starts preparing the text on a worker thread (here, when no thread
    /// is to be had), unless that was started already.
    pub fn start(&self) {
        let Some(dataset) = self.take_waiting() else {
            return;
        };
        let job = {
            let (text, dataset) = (Arc::clone(&self.text), Arc::clone(&dataset));
            move || prepare(&text, &dataset)
        };
        if crate::jobs::detach("search-text", job).is_err() {
            prepare(&self.text, &dataset);
        }
    }

    /// The text, if it is ready.
    pub fn get(&self) -> Option<&SearchText> {
        self.text.get()
    }

    /// The text, once it is ready: prepared here if nobody started it.
    pub fn wait(&self) -> &SearchText {
        if let Some(dataset) = self.take_waiting() {
            prepare(&self.text, &dataset);
        }
        self.text.wait()
    }
}

/// Prepares the search text of `dataset`'s events into `text`.
fn prepare(text: &OnceLock<SearchText>, dataset: &Dataset) {
    let _ = text.set(SearchText::for_events(&dataset.events));
}

/// Searches no bigger than this many bytes run at once, in the frame the
/// query changed; bigger ones on a worker. A full scan of 4 MiB (about
/// 50,000 generated events) takes 0.1 to 0.2 ms, 0.55 ms when nearly every
/// event matches (`cargo bench --bench scale -- search`).
pub const INLINE_SEARCH_BYTES: usize = 4 << 20;

/// The search as the user types: the query asked for, the last finished
/// result (shown until the next is in), and the search running for a newer
/// query, if any.
pub(crate) struct LiveSearch {
    text: SharedText,
    /// What was last asked for, as typed.
    asked: String,
    /// The query of `shown`.
    shown_query: SearchQuery,
    /// The last finished result; `None` for an empty query.
    shown: Option<Arc<MatchSet>>,
    running: Option<Running>,
    /// The thread the searches run on, one after another.
    worker: crate::jobs::Worker,
}

/// A search on a worker thread.
struct Running {
    query: SearchQuery,
    cancel: Arc<AtomicBool>,
    /// The result, sent before the worker wakes the UI, so the frame it
    /// wakes finds it; `None` inside when cancelled.
    result: Receiver<Option<MatchSet>>,
}

impl std::fmt::Debug for LiveSearch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("LiveSearch");
        match self.text.get() {
            Some(text) => debug.field("items", &text.len()),
            None => debug.field("items", &"preparing"),
        };
        debug
            .field("asked", &self.asked)
            .field("shown_query", &self.shown_query)
            .field("count", &self.count())
            .field("running", &self.running.as_ref().map(|r| &r.query))
            .finish()
    }
}

impl Default for LiveSearch {
    fn default() -> Self {
        Self::new(SharedText::default())
    }
}

impl Drop for LiveSearch {
    fn drop(&mut self) {
        self.cancel_running();
    }
}

impl LiveSearch {
    pub fn new(text: SharedText) -> Self {
        Self {
            text,
            asked: String::new(),
            shown_query: SearchQuery::default(),
            shown: None,
            running: None,
            worker: crate::jobs::Worker::new("search"),
        }
    }

    /// Searches for `typed` from now on. A small search is done before this
    /// returns; a big one starts on a worker thread, which calls `wake`
    /// when it is done ([`Self::poll`] then shows its result).
    pub fn ask(&mut self, typed: &str, wake: impl FnOnce() + Send + 'static) {
        if typed == self.asked {
            return;
        }
        self.asked = typed.to_owned();
        let query = SearchQuery::new(typed);
        let current = self
            .running
            .as_ref()
            .map_or(&self.shown_query, |r| &r.query);
        if query == *current {
            return;
        }
        self.cancel_running();
        if query == self.shown_query {
            return;
        }
        // The last result holds every match of a query this one narrows;
        // refining it is worth it when it is not most of the items. A text
        // still being prepared is waited for on the worker.
        let narrowed = self
            .shown
            .clone()
            .filter(|_| query.narrows(&self.shown_query));
        let previous = match self.text.get() {
            Some(text) => {
                let previous =
                    narrowed.filter(|previous| text.cost(Some(previous)) < text.cost(None));
                let cost = text.cost(previous.as_deref());
                if query.is_empty() || cost <= INLINE_SEARCH_BYTES {
                    let result =
                        text.search_from(&query, previous.as_deref(), &AtomicBool::new(false));
                    self.show(query, result);
                    return;
                }
                previous
            }
            None if query.is_empty() => {
                self.show(query, Some(MatchSet::default()));
                return;
            }
            None => narrowed,
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, result) = channel();
        let job = {
            let (text, query, cancel) = (self.text.clone(), query.clone(), Arc::clone(&cancel));
            move || {
                // Nobody waits any more when the search was replaced.
                let text = text.wait();
                let _ = sender.send(text.search_from(&query, previous.as_deref(), &cancel));
                // A search replaced meanwhile has nothing to show.
                if !cancel.load(Ordering::Relaxed) {
                    wake();
                }
            }
        };
        match self.worker.run(job) {
            Ok(()) => {
                self.running = Some(Running {
                    query,
                    cancel,
                    result,
                });
            }
            // No thread to be had: search here rather than not at all.
            Err(_) => {
                let previous = self
                    .shown
                    .clone()
                    .filter(|_| query.narrows(&self.shown_query));
                let result = self.text.wait().search_from(
                    &query,
                    previous.as_deref(),
                    &AtomicBool::new(false),
                );
                self.show(query, result);
            }
        }
    }

    /// What was last asked for, as typed.
    pub(crate) fn asked(&self) -> &str {
        &self.asked
    }

    /// Shows the running search's result if it has finished; true when the
    /// result shown changed.
    pub(crate) fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        match running.result.try_recv() {
            Ok(result) => {
                let query = running.query.clone();
                self.running = None;
                self.show(query, result)
            }
            Err(TryRecvError::Empty) => false,
            // The worker is gone without a result (a bug): keep what is shown.
            Err(TryRecvError::Disconnected) => {
                self.running = None;
                false
            }
        }
    }

    /// Waits for the running search, if any, and shows its result; true
    /// when the result shown changed.
    pub fn finish(&mut self) -> bool {
        let Some(running) = self.running.take() else {
            return false;
        };
        match running.result.recv() {
            Ok(result) => self.show(running.query, result),
            Err(_) => false,
        }
    }

    /// Whether a search is running on a worker.
    pub(crate) fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Shows a finished search; true when it was not cancelled.
    fn show(&mut self, query: SearchQuery, result: Option<MatchSet>) -> bool {
        let Some(result) = result else {
            return false;
        };
        self.shown = (!query.is_empty()).then(|| Arc::new(result));
        self.shown_query = query;
        true
    }

    fn cancel_running(&mut self) {
        if let Some(running) = self.running.take() {
            // The worker stops at its next look at the flag; its result
            // goes nowhere.
            running.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The query of the result shown.
    #[cfg(test)]
    pub(crate) fn shown_query(&self) -> &SearchQuery {
        &self.shown_query
    }

    /// The items matching the query shown; `None` when it is empty.
    #[cfg(test)]
    pub(crate) fn matches(&self) -> Option<&MatchSet> {
        self.shown.as_deref()
    }

    /// Whether an item matches the query shown (all do when it is empty).
    pub fn contains(&self, item: usize) -> bool {
        self.shown.as_ref().is_none_or(|set| set.contains(item))
    }

    /// How many items match the query shown; `None` when it is empty.
    pub fn count(&self) -> Option<usize> {
        self.shown.as_ref().map(|set| set.count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_builtin;
    use proptest::prelude::*;

    /// The rule as it reads: lowercase every field and look for the
    /// lowercased, trimmed query in it.
    fn slow_matches(fields: &[&str], typed: &str) -> bool {
        let needle = typed.trim().to_lowercase();
        needle.is_empty()
            || fields
                .iter()
                .any(|field| field.to_lowercase().contains(&needle))
    }

    fn items_text(items: &[Vec<&str>]) -> SearchText {
        SearchText::new(items.iter().map(|fields| fields.iter().copied()))
    }

    fn found(text: &SearchText, typed: &str) -> Vec<usize> {
        text.search(&SearchQuery::new(typed)).iter().collect()
    }

    #[test]
    fn a_query_is_trimmed_and_matches_any_case() {
        let text = items_text(&[vec!["Geneva talks"], vec!["Aleppo"], vec!["GENEVA III"]]);
        assert_eq!(found(&text, "  geneva "), [0, 2]);
        assert_eq!(found(&text, "GeNeVa"), [0, 2]);
        assert_eq!(found(&text, "talks geneva"), Vec::<usize>::new());
    }

    #[test]
    fn an_empty_query_matches_everything() {
        let text = items_text(&[vec!["a"], vec!["b"]]);
        assert_eq!(found(&text, "   "), [0, 1]);
        assert!(text.matches(1, &SearchQuery::new("")));
        assert!(!text.matches(2, &SearchQuery::new("")));
    }

    #[test]
    fn titles_summaries_and_tags_of_events_are_searched() {
        let dataset = load_builtin().unwrap().dataset;
        let text = SearchText::for_events(&dataset.events);
        assert_eq!(text.len(), dataset.events.len());
        for (index, event) in dataset.events.iter().enumerate() {
            let query = SearchQuery::new(&event.title.to_uppercase());
            assert!(text.matches(index, &query), "{}", event.title);
            if let Some(summary) = &event.summary {
                assert!(text.matches(index, &SearchQuery::new(summary)));
            }
            for tag in &event.tags {
                assert!(text.matches(index, &SearchQuery::new(tag)), "{tag}");
            }
        }
        // Not across fields: the end of a title and the start of a summary.
        let event = dataset
            .events
            .iter()
            .position(|e| e.summary.is_some())
            .unwrap();
        let summary = dataset.events[event].summary.as_deref().unwrap();
        let across = format!(
            "{}{}",
            dataset.events[event].title.chars().last().unwrap(),
            summary.chars().next().unwrap()
        );
        assert_eq!(
            text.matches(event, &SearchQuery::new(&across)),
            slow_matches(&[&dataset.events[event].title, summary], &across)
        );
    }

    #[test]
    fn quotes_are_searched_by_text_speaker_role_and_context() {
        let dataset = load_builtin().unwrap().dataset;
        let text = SearchText::for_quotes(&dataset.quotes);
        for (index, quote) in dataset.quotes.iter().enumerate() {
            for field in [
                Some(&quote.text),
                Some(&quote.speaker),
                quote.role.as_ref(),
                quote.context.as_ref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(text.matches(index, &SearchQuery::new(field)), "{field}");
            }
        }
    }

    #[test]
    fn case_folding_covers_more_than_ascii() {
        let text = items_text(&[
            vec!["Ärzte ohne Grenzen"],
            vec!["ΟΔΟΣ"],
            vec!["İstanbul"],
            vec!["Straße"],
        ]);
        assert_eq!(found(&text, "ärzte"), [0]);
        assert_eq!(found(&text, "ÄRZTE"), [0]);
        // A final capital sigma lowercases to ς in a word, as `to_lowercase` does.
        assert_eq!(found(&text, "\u{3bf}\u{3b4}\u{3bf}\u{3c2}"), [1]);
        assert_eq!(
            found(&text, "\u{3bf}\u{3b4}\u{3bf}\u{3c3}"),
            Vec::<usize>::new()
        );
        assert_eq!(found(&text, "ΟΔΟΣ"), [1]);
        assert_eq!(found(&text, "İ"), [2]);
        assert_eq!(found(&text, "straße"), [3]);
    }

    #[test]
    fn a_needle_with_a_nul_matches_only_inside_one_field() {
        let text = items_text(&[vec!["ab", "cd"], vec!["b\0c"], vec!["x"]]);
        assert_eq!(found(&text, "b\0c"), [1]);
        assert_eq!(found(&text, "\0"), [1]);
        assert!(!text.matches(0, &SearchQuery::new("b\0c")));
    }

    #[test]
    fn refining_finds_what_a_fresh_search_finds() {
        let dataset = load_builtin().unwrap().dataset;
        let text = SearchText::for_events(&dataset.events);
        let mut previous = text.search(&SearchQuery::new("g"));
        for typed in ["ge", "gen", "gene", "genev", "geneva"] {
            let query = SearchQuery::new(typed);
            let fresh = text.search(&query);
            let refined = text.refine(&previous, &query);
            assert_eq!(refined, fresh, "{typed}");
            previous = refined;
        }
        assert!(previous.count() >= 5);
    }

    #[test]
    fn no_items_match_nothing() {
        let text = SearchText::default();
        assert!(text.is_empty());
        assert_eq!(text.search(&SearchQuery::new("a")).count(), 0);
        assert!(!text.matches(0, &SearchQuery::new("a")));
        let mut live = LiveSearch::default();
        live.ask("a", || {});
        assert_eq!(live.count(), Some(0));
        assert!(format!("{live:?}").contains("items: 0"));
    }

    #[test]
    fn match_sets_count_and_list_their_items() {
        let mut set = MatchSet::none(130);
        for item in [129, 0, 64, 64, 200] {
            set.insert(item);
        }
        assert_eq!(set.count(), 3);
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 64, 129]);
        assert!(set.contains(64) && !set.contains(65) && !set.contains(1000));
        let all = MatchSet::all(130);
        assert_eq!(all.count(), 130);
        assert_eq!(all.iter().count(), 130);
        assert_eq!(MatchSet::all(128).iter().count(), 128);
    }

    #[test]
    fn next_match_walks_in_order_and_wraps() {
        let order = [3, 1, 4, 0, 2];
        let even = |item: u32| item.is_multiple_of(2);
        assert_eq!(next_match(&order, None, true, true, even), Some(4));
        assert_eq!(next_match(&order, None, false, true, even), Some(2));
        assert_eq!(next_match(&order, Some(2), true, true, even), Some(0));
        assert_eq!(next_match(&order, Some(4), true, true, even), Some(4));
        assert_eq!(next_match(&order, Some(2), false, true, even), Some(2));
        assert_eq!(next_match(&order, Some(0), true, true, |_| false), None);
        assert_eq!(next_match(&[], None, true, true, even), None);
        // Without wrapping, the walk ends at either end.
        assert_eq!(next_match(&order, Some(2), true, false, even), Some(0));
        assert_eq!(next_match(&order, Some(3), true, false, even), Some(2));
        assert_eq!(next_match(&order, Some(4), true, false, even), None);
        assert_eq!(next_match(&order, Some(2), false, false, even), None);
        assert_eq!(next_match(&order, Some(3), false, false, even), Some(4));
        assert_eq!(next_match(&order, None, false, false, even), Some(2));
    }

    /// Many items, so that searches are bigger than the inline limit.
    const BIG_ITEMS: usize = 150_000;

    fn big_text() -> SearchText {
        let titles: Vec<String> = (0..BIG_ITEMS)
            .map(|i| format!("Shelling near village {i} reported"))
            .collect();
        SearchText::new(titles.iter().map(|t| [t.as_str()]))
    }

    #[test]
    fn a_live_search_shows_the_last_result_until_the_next_is_in() {
        let text = Arc::new(big_text());
        assert!(text.bytes() > INLINE_SEARCH_BYTES);
        let mut live = LiveSearch::new(SharedText::ready(SearchText::clone(&text)));
        assert_eq!(live.count(), None);
        assert!(live.contains(5));
        live.ask("village 1234", || {});
        assert!(live.is_running());
        // Nothing shown yet: the empty query's "everything".
        assert_eq!(live.count(), None);
        live.finish();
        let expected = text.search(&SearchQuery::new("village 1234"));
        assert_eq!(live.matches(), Some(&expected));
        assert_eq!(expected.count(), 1 + 10 + 100);
        assert!(live.contains(1234) && live.contains(123_456) && !live.contains(1235));
        // Narrowing a small result is done at once.
        live.ask("village 12345", || {});
        assert!(!live.is_running());
        assert_eq!(live.count(), Some(1 + 10));
        // Clearing is at once too.
        live.ask("  ", || {});
        assert_eq!(live.count(), None);
    }

    #[test]
    fn a_search_asked_before_the_text_is_ready_waits_for_it_on_the_worker() {
        // Being prepared elsewhere: started, not ready.
        let pending = SharedText {
            text: Arc::new(OnceLock::new()),
            waiting: Arc::default(),
        };
        let mut live = LiveSearch::new(pending.clone());
        // Clearing needs no text.
        live.ask("  ", || {});
        assert!(!live.is_running());
        live.ask("village 1234", || {});
        assert!(live.is_running());
        assert_eq!(live.count(), None);
        assert!(pending.text.set(big_text()).is_ok());
        live.finish();
        assert_eq!(live.count(), Some(1 + 10 + 100));
    }

    /// A dataset of [`EAGER_SEARCH_EVENTS`] events, "Event 0" onwards.
    fn big_dataset() -> Arc<Dataset> {
        let mut dataset = load_builtin().unwrap().dataset;
        let template = dataset.events[0].clone();
        dataset.events = (0..EAGER_SEARCH_EVENTS)
            .map(|n| Event {
                id: format!("e-{n}").into(),
                title: format!("Event {n}").into(),
                ..template.clone()
            })
            .collect();
        Arc::new(dataset)
    }

    #[test]
    fn a_big_datasets_text_waits_to_be_started_then_is_prepared_on_a_worker() {
        let dataset = big_dataset();
        let shared = SharedText::for_events(&dataset);
        assert!(!shared.started());
        assert!(shared.get().is_none());
        shared.start();
        assert!(shared.started());
        // Started once: a second start changes nothing.
        shared.start();
        let expected = SearchText::for_events(&dataset.events);
        let text = shared.wait();
        assert_eq!(text.len(), expected.len());
        let query = SearchQuery::new("event 4999");
        assert_eq!(text.search(&query), expected.search(&query));
        assert_eq!(text.search(&query).count(), 11);
    }

    #[test]
    fn a_text_nobody_started_is_prepared_by_whoever_waits_for_it() {
        let dataset = big_dataset();
        let shared = SharedText::for_events(&dataset);
        let clone = shared.clone();
        assert_eq!(shared.wait().len(), dataset.events.len());
        assert!(clone.started());
        assert!(clone.get().is_some());
    }

    #[test]
    fn a_newer_query_replaces_a_running_search() {
        let text = Arc::new(big_text());
        let mut live = LiveSearch::new(SharedText::ready(SearchText::clone(&text)));
        let (sender, woken) = std::sync::mpsc::channel();
        for typed in ["r", "re", "rep", "repo"] {
            let sender = sender.clone();
            live.ask(typed, move || {
                let _ = sender.send(());
            });
        }
        woken.recv().unwrap();
        while !live.poll() {
            std::thread::yield_now();
        }
        assert_eq!(live.shown_query().needle(), "repo");
        assert_eq!(live.count(), Some(BIG_ITEMS));
        // Asking again for what is shown or running changes nothing.
        live.ask("repo ", || {});
        assert!(!live.is_running());
    }

    #[test]
    fn a_search_with_items_cut_into_pieces_finds_all() {
        // Hits at the edges of the pieces a full scan is cut into.
        let text = big_text();
        let set = text.search(&SearchQuery::new("reported"));
        assert_eq!(set.count(), text.len());
        let last = BIG_ITEMS - 1;
        let set = text.search(&SearchQuery::new(&format!("village {last} ")));
        assert_eq!(set.iter().collect::<Vec<_>>(), [last]);
    }

    fn field() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[aAbBσΣİß\\x00 ]{0,6}").unwrap()
    }

    /// Events whose texts an import wrote in blocks, as `(title, summary,
    /// tags)`.
    fn imported_events(items: &[(String, String, Vec<String>)]) -> Vec<Event> {
        use crate::load::import::texts::{EventTexts, NewEvent};
        let mut texts = EventTexts::default();
        let mut events = Vec::new();
        for (n, (title, summary, tags)) in items.iter().enumerate() {
            let id = format!("e{n}");
            let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
            let lane = texts.shared("lane");
            texts.push(
                &mut events,
                NewEvent {
                    id: &id,
                    title,
                    summary: (!summary.is_empty()).then_some(summary.as_str()),
                    tags: &tags,
                    sources: Vec::new(),
                    own_source: n % 2 == 0,
                    lane,
                    start: crate::model::Date::parse("2016-02-27").expect("a day"),
                    end: None,
                    ongoing: false,
                    importance: 3,
                    approximate: false,
                },
            );
        }
        texts.seal(&mut events);
        events
    }

    #[test]
    fn texts_are_lowercased_in_place_when_lengths_allow() {
        for text in [
            "Aleppo",
            "Government of Syria – Syrian insurgents, a longer text than 32 bytes É",
            "Ḥalab, Café, ÇANAKKALE",
            "ß σ ς Ärzte",
            "",
        ] {
            let mut lowered = text.to_owned();
            assert!(lowercase_in_place(&mut lowered), "{text}");
            assert_eq!(lowered, text.to_lowercase());
        }
        for text in ["ΟΔΟΣ", "İstanbul", "5 \u{212a}"] {
            assert!(!lowercase_in_place(&mut text.to_owned()), "{text}");
        }
    }

    #[test]
    fn the_first_byte_beyond_ascii_is_found_anywhere() {
        for length in 0..40 {
            for at in 0..=length {
                let mut bytes = vec![b'a'; length];
                if at < length {
                    bytes[at] = 0xc3;
                }
                let expected = (at < length).then_some(at);
                assert_eq!(next_non_ascii(&bytes), expected, "{length} {at}");
            }
        }
    }

    #[test]
    fn fields_fold_as_to_lowercase_does() {
        for field in [
            "Aleppo",
            "Government of Syria – Syrian insurgents",
            "Ḥalab, Café, ÇANAKKALE",
            "ß σ ς Ärzte",
            "ΟΔΟΣ ΑΘΗΝΑ",
            "İstanbul, 5 \u{212a}",
            "",
        ] {
            let mut folded = "x".to_owned();
            push_folded(&mut folded, field);
            assert_eq!(folded, format!("x{}", field.to_lowercase()), "{field}");
        }
    }

    #[test]
    fn events_read_from_ron_are_searched_in_their_blocks() {
        let options = crate::generate::GenerateOptions {
            events: 20_000,
            ..crate::generate::GenerateOptions::default()
        };
        let dataset = crate::generate::generate(&options).expect("generated");
        let text = crate::load::to_single_file_ron(&dataset).expect("written");
        let loaded = crate::load::load_ron_str("dataset.ron", &text).expect("loaded");
        let events = &loaded.dataset.events;
        assert_eq!(*events, dataset.events);
        let search = SearchText::for_events(events);
        assert!(search.reads_blocks());
        let copy = SearchText::new(events.iter().map(event_fields));
        for typed in ["shelling", "TRUCE", "e", "talks in", "zzz"] {
            let query = SearchQuery::new(typed);
            assert_eq!(search.search(&query), copy.search(&query), "{typed}");
        }
    }

    #[test]
    fn imported_events_are_searched_in_their_blocks() {
        let items: Vec<(String, String, Vec<String>)> = (0..BIG_ITEMS)
            .map(|i| {
                (
                    format!("Shelling near village {i}"),
                    format!(
                        "Where: Village {i}, Idlib, Syria.\n\nReported fatalities: {}.",
                        i % 7
                    ),
                    vec![
                        format!("Village {i}"),
                        "Syria".into(),
                        format!("Actor {}", i % 13),
                    ],
                )
            })
            .collect();
        let events = imported_events(&items);
        let text = SearchText::for_events(&events);
        assert!(text.reads_blocks());
        assert_eq!(text.len(), BIG_ITEMS);
        let copy = SearchText::new(events.iter().map(event_fields));
        assert!(!copy.reads_blocks());
        for typed in [
            "village 1234",
            "SYRIA",
            "actor 12",
            "fatalities: 6",
            "12\n",
            "idlib, syria.",
            "e17",
        ] {
            let query = SearchQuery::new(typed);
            let set = text.search(&query);
            assert_eq!(set, copy.search(&query), "{typed}");
            for item in [0, 1, 1234, BIG_ITEMS - 1] {
                assert_eq!(
                    text.matches(item, &query),
                    copy.matches(item, &query),
                    "{typed} {item}"
                );
            }
        }
        // The ids are not searched.
        assert_eq!(text.search(&SearchQuery::new("e17")).count(), 0);
        // Events dropped between others leave the rest searched in place.
        let kept: Vec<Event> = events.iter().step_by(3).cloned().collect();
        let text = SearchText::for_events(&kept);
        assert!(text.reads_blocks());
        let copy = SearchText::new(kept.iter().map(event_fields));
        let query = SearchQuery::new("village 12");
        assert_eq!(text.search(&query), copy.search(&query));
        // An event from elsewhere: the whole text is a folded copy.
        let mut mixed = kept;
        mixed[5].title = Text::from("Made by hand");
        assert!(!SearchText::for_events(&mixed).reads_blocks());
    }

    /// A field of an imported event: no NUL, which validation refuses.
    fn text_field() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[aAbBσΣİß ]{0,6}").unwrap()
    }

    proptest! {
        #[test]
        fn search_follows_the_rule(
            items in proptest::collection::vec(proptest::collection::vec(field(), 0..4), 0..12),
            typed in field(),
            narrower in field(),
        ) {
            let fields: Vec<Vec<&str>> =
                items.iter().map(|item| item.iter().map(String::as_str).collect()).collect();
            let text = items_text(&fields);
            let query = SearchQuery::new(&typed);
            let set = text.search(&query);
            let expected: Vec<usize> = (0..fields.len())
                .filter(|&i| slow_matches(&fields[i], &typed))
                .collect();
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected.clone());
            prop_assert_eq!(set.count(), expected.len());
            for (i, item) in fields.iter().enumerate() {
                prop_assert_eq!(text.matches(i, &query), slow_matches(item, &typed));
            }
            // Refining with a query that narrows this one.
            let longer = format!("{}{narrower}", typed.trim());
            let longer_query = SearchQuery::new(&longer);
            if longer_query.narrows(&query) {
                prop_assert_eq!(text.refine(&set, &longer_query), text.search(&longer_query));
            }
        }

        #[test]
        fn search_in_blocks_follows_the_rule(
            items in proptest::collection::vec(
                (text_field(), text_field(), proptest::collection::vec(text_field(), 0..4)),
                0..12,
            ),
            typed in field(),
            narrower in field(),
        ) {
            let items: Vec<(String, String, Vec<String>)> = items
                .into_iter()
                .map(|(title, summary, tags)| {
                    let tags = tags.into_iter().filter(|tag| !tag.is_empty()).collect();
                    (title, summary, tags)
                })
                .collect();
            let events = imported_events(&items);
            let text = SearchText::for_events(&events);
            prop_assert!(text.reads_blocks());
            let fields: Vec<Vec<&str>> = items
                .iter()
                .map(|(title, summary, tags)| {
                    std::iter::once(title.as_str())
                        .chain((!summary.is_empty()).then_some(summary.as_str()))
                        .chain(tags.iter().map(String::as_str))
                        .collect()
                })
                .collect();
            let query = SearchQuery::new(&typed);
            let set = text.search(&query);
            let expected: Vec<usize> = (0..fields.len())
                .filter(|&i| slow_matches(&fields[i], &typed))
                .collect();
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected);
            for (i, item) in fields.iter().enumerate() {
                prop_assert_eq!(text.matches(i, &query), slow_matches(item, &typed));
            }
            let longer = format!("{}{narrower}", typed.trim());
            let longer_query = SearchQuery::new(&longer);
            if longer_query.narrows(&query) {
                prop_assert_eq!(text.refine(&set, &longer_query), text.search(&longer_query));
            }
        }
    }
}
