//! The texts of events read in bulk, written into shared blocks: by the
//! GED and ACLED importers and by the reader of plain events in
//! `events.ron`.
//!
//! A conflict file makes millions of events, each with a title, a summary,
//! an id and a handful of tags. As strings of their own they cost an
//! allocation each and a lowercased copy for the search; here they are
//! written one event after another into blocks of at most a mebibyte
//! ([`BLOCK_BYTES`]), and every text of an event is a slice of its block
//! ([`Text`]). An event's searched text (title, summary, the tags not
//! already in them) lies in one run, each field ended by a NUL byte, and
//! the events' runs follow one another, so that the search scans a block
//! as it is (see [`crate::view::SearchText`]); the ids go to a block of
//! their own:
//!
//! ```text
//! title \0 summary \0 tag \0 … | next event's title \0 …
//! id \0 | next event's id \0 …
//! ```
//!
//! A tag found in the event's title or summary is a slice of it, so the
//! search meets it there; lane ids and source ids, a few texts shared by
//! many events, are kept once each ([`EventTexts::shared`]).
//!
//! A block becomes shared text only when it is full or the reading ends
//! ([`EventTexts::seal`]); until then the events pushed keep empty texts,
//! and the slices are put in place at the seal. Every reader of rows seals
//! before it hands its events on.

use foldhash::HashMap;

use crate::load::parse::Sink;
use std::ops::Range;

use arcstr::ArcStr;

use crate::model::{Date, Event, Text};

/// How many bytes of text a block holds at most (unless one event's texts
/// are more than that alone). A block is one allocation of its text and a
/// header; a mebibyte less a few KiB fills whole pages of the allocator,
/// where a block just over a mebibyte wasted most of a 64 KiB slice (100 MiB
/// of an import of 2.5 million ACLED rows).
const BLOCK_BYTES: usize = (1 << 20) - (4 << 10);

/// Ends every text in a block; never in a validated event's text, which
/// has no control characters.
const TEXT_END: char = '\0';

/// Which text of an event a slice of the block goes to.
#[derive(Clone, Copy, Debug)]
enum Slot {
    Id,
    Title,
    Summary,
    Tag(usize),
    Source(usize),
}

impl Slot {
    /// Puts `text` in its place in `event`.
    fn fill(self, event: &mut Event, text: Text) {
        match self {
            Self::Id => event.id = text,
            Self::Title => event.title = text,
            Self::Summary => event.summary = Some(text),
            Self::Tag(number) => {
                if let Some(tag) = event.tags.get_mut(number) {
                    *tag = text;
                }
            }
            Self::Source(number) => {
                if let Some(source) = event.sources.get_mut(number) {
                    *source = text;
                }
            }
        }
    }
}

/// An event to push, its texts still borrowed.
#[derive(Debug)]
pub(crate) struct NewEvent<'t> {
    pub id: &'t str,
    pub title: &'t str,
    pub summary: Option<&'t str>,
    pub tags: &'t [&'t str],
    /// Source ids shared with other events ([`EventTexts::shared`]).
    pub sources: Vec<Text>,
    /// Whether the event's own id is also the id of a source of its own,
    /// listed first (a GED row's articles).
    pub own_source: bool,
    pub lane: Text,
    pub start: Date,
    pub end: Option<Date>,
    pub ongoing: bool,
    pub importance: u8,
    pub approximate: bool,
}

/// Below this many byte comparisons, a tag is looked for in a field by its
/// first byte, the rest compared where it occurs.
const DIRECT_SEARCH_COST: usize = 1 << 16;

/// Where `tag` first occurs in `field`. Tags are a few words and fields a few
/// hundred bytes, where building a substring searcher costs more than the
/// search (it was a twentieth of an ACLED import); the direct search is
/// bounded by [`DIRECT_SEARCH_COST`] comparisons, and longer texts get the
/// searcher, so that no text makes the search quadratic.
fn find_in_field(field: &[u8], tag: &[u8]) -> Option<usize> {
    let Some(&first) = tag.first() else {
        return Some(0);
    };
    if field.len().saturating_mul(tag.len()) > DIRECT_SEARCH_COST {
        return memchr::memmem::find(field, tag);
    }
    memchr::memchr_iter(first, field).find(|&at| field[at..].starts_with(tag))
}

/// Blocks of event text being written, and the texts shared by many events.
#[derive(Debug, Default)]
pub(crate) struct EventTexts {
    /// The block being written.
    block: String,
    /// The block of ids being written.
    ids: String,
    /// Slices of `block` waiting for the seal: (event index, slot, range).
    pending: Vec<(usize, Slot, Range<usize>)>,
    /// Slices of `ids` waiting for the seal: (event index, slot, range).
    pending_ids: Vec<(usize, Slot, Range<usize>)>,
    /// Lane ids, source ids: each kept once.
    shared: HashMap<Box<str>, Text>,
}

impl EventTexts {
    /// The one copy of a text many events carry.
    pub fn shared(&mut self, text: &str) -> Text {
        if let Some(shared) = self.shared.get(text) {
            return shared.clone();
        }
        let shared = Text::from(text);
        self.shared.insert(text.into(), shared.clone());
        shared
    }

    /// Pushes `new` onto `events`, its texts written into the block.
    pub fn push(&mut self, events: &mut impl Sink<Event>, new: NewEvent<'_>) {
        // The most this event writes (its tags may be found in its title or
        // summary instead): a block it would take past its size is sealed
        // first.
        let most = new.title.len()
            + new.summary.map_or(0, str::len)
            + new.tags.iter().map(|tag| tag.len()).sum::<usize>()
            + new.tags.len()
            + 2;
        if !self.block.is_empty() && self.block.len().saturating_add(most) > BLOCK_BYTES {
            self.seal(events.values_mut());
        }
        let index = events.len();
        let title = self.write(new.title);
        let summary = new.summary.map(|summary| self.write(summary));
        for (number, tag) in new.tags.iter().enumerate() {
            // A capital sigma lowercases by its place in a word, so a tag
            // with one is searched as written on its own.
            let sigma = !tag.is_ascii() && tag.contains('Σ');
            let found = [Some(&title), summary.as_ref()]
                .into_iter()
                .flatten()
                .filter(|_| !sigma)
                .find_map(|field| {
                    let at = find_in_field(self.block[field.clone()].as_bytes(), tag.as_bytes())?;
                    Some(field.start + at..field.start + at + tag.len())
                });
            let range = match found {
                Some(range) => range,
                None => self.write(tag),
            };
            self.pending.push((index, Slot::Tag(number), range));
        }
        let id = self.ids.len()..self.ids.len() + new.id.len();
        self.ids.push_str(new.id);
        self.ids.push(TEXT_END);
        self.pending.push((index, Slot::Title, title));
        if let Some(summary) = summary {
            self.pending.push((index, Slot::Summary, summary));
        }
        let mut sources = new.sources;
        if new.own_source {
            sources.insert(0, Text::new());
            self.pending_ids.push((index, Slot::Source(0), id.clone()));
        }
        let sources = super::exact_list(sources);
        self.pending_ids.push((index, Slot::Id, id));
        events.push(Event {
            id: Text::new(),
            title: Text::new(),
            start: new.start,
            end: new.end,
            ongoing: new.ongoing,
            lane: new.lane,
            summary: None,
            sources: sources.into(),
            tags: vec![Text::new(); new.tags.len()].into(),
            importance: new.importance,
            approximate: new.approximate,
        });
    }

    /// Writes `text` and its end into the block: its range there.
    fn write(&mut self, text: &str) -> Range<usize> {
        let start = self.block.len();
        self.block.push_str(text);
        let range = start..self.block.len();
        self.block.push(TEXT_END);
        range
    }

    /// Makes the blocks shared text and puts their slices in the events
    /// that wait for them; new blocks are begun. Call before the events are
    /// read.
    pub fn seal(&mut self, events: &mut [Event]) {
        for (block, pending) in [
            (&mut self.block, &mut self.pending),
            (&mut self.ids, &mut self.pending_ids),
        ] {
            if !pending.is_empty() {
                let shared = ArcStr::from(block.as_str());
                for (index, slot, range) in pending.drain(..) {
                    // A slice reaches 4 GiB into its block at most; only a
                    // single text bigger than that (a file over the
                    // default limits) could not be one, and stays empty
                    // rather than stop the program.
                    if range.end > u32::MAX as usize {
                        continue;
                    }
                    if let Some(event) = events.get_mut(index) {
                        slot.fill(event, shared.substr(range));
                    }
                }
            }
            block.clear();
        }
    }

    /// Whether every event pushed has its texts.
    #[cfg(test)]
    fn sealed(&self) -> bool {
        self.pending.is_empty() && self.pending_ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_event<'t>(
        texts: &mut EventTexts,
        id: &'t str,
        summary: Option<&'t str>,
        tags: &'t [&'t str],
    ) -> NewEvent<'t> {
        NewEvent {
            id,
            title: "Battles: A vs. B, Aleppo",
            summary,
            tags,
            sources: vec![texts.shared("acled")],
            own_source: false,
            lane: texts.shared("battles"),
            start: Date::parse("2016-02-27").expect("a day"),
            end: None,
            ongoing: false,
            importance: 2,
            approximate: false,
        }
    }

    #[test]
    fn events_get_their_texts_at_the_seal() {
        let mut texts = EventTexts::default();
        let mut events = Vec::new();
        let tags = ["A", "Syria", "Idlib"];
        let first = new_event(&mut texts, "syr1", Some("Where: Aleppo, Syria."), &tags);
        texts.push(&mut events, first);
        let second = new_event(&mut texts, "syr2", None, &[]);
        texts.push(
            &mut events,
            NewEvent {
                own_source: true,
                ..second
            },
        );
        assert!(!texts.sealed());
        assert_eq!(events[0].title, "");
        texts.seal(&mut events);
        assert!(texts.sealed());

        let event = &events[0];
        assert_eq!(event.id, "syr1");
        assert_eq!(event.title, "Battles: A vs. B, Aleppo");
        assert_eq!(event.summary.as_deref(), Some("Where: Aleppo, Syria."));
        assert_eq!(*event.tags, ["A", "Syria", "Idlib"]);
        assert_eq!(*event.sources, ["acled"]);
        assert_eq!(event.lane, "battles");
        // A tag in the title or summary is a slice of it; one that is not
        // is written after the summary, before the id.
        let block = event.title.parent().as_str();
        assert_eq!(
            block,
            "Battles: A vs. B, Aleppo\0Where: Aleppo, Syria.\0Idlib\0\
             Battles: A vs. B, Aleppo\0"
        );
        assert_eq!(event.id.parent().as_str(), "syr1\0syr2\0");
        assert_eq!(event.tags[0].range(), 9..10);

        let event = &events[1];
        assert_eq!(event.id, "syr2");
        assert_eq!(event.summary, None);
        assert_eq!(*event.sources, ["syr2", "acled"]);
        // Shared texts are one text.
        assert!(Text::shallow_eq(&events[0].lane, &events[1].lane));
    }

    #[test]
    fn tags_are_found_in_fields_short_and_long() {
        for (field, tag, found) in [
            ("Aleppo, Syria", "Syria", Some(8)),
            ("Aleppo, Syria", "Syrian", None),
            ("SSSyria", "SSyria", Some(1)),
            ("abc", "", Some(0)),
            ("", "a", None),
        ] {
            assert_eq!(
                find_in_field(field.as_bytes(), tag.as_bytes()),
                found,
                "{tag:?}"
            );
        }
        // Beyond the direct search's bound, the searcher: the same answers.
        let long = "a".repeat(100_000) + "ab";
        let tag = "a".repeat(1_000) + "b";
        assert_eq!(find_in_field(long.as_bytes(), tag.as_bytes()), Some(99_001));
        assert_eq!(find_in_field(long.as_bytes(), b"ba"), None);
    }

    #[test]
    fn full_blocks_are_sealed_as_events_come() {
        let mut texts = EventTexts::default();
        let mut events = Vec::new();
        let summary = "x".repeat(4096);
        let ids: Vec<String> = (0..600).map(|n| format!("e{n}")).collect();
        for id in &ids {
            let new = new_event(&mut texts, id, Some(&summary), &[]);
            texts.push(&mut events, new);
        }
        texts.seal(&mut events);
        assert!(events.iter().zip(&ids).all(|(event, id)| event.id == *id));
        assert!(
            events
                .iter()
                .all(|event| event.summary.as_deref() == Some(&*summary))
        );
        // More than one block, none over BLOCK_BYTES.
        assert!(!arcstr::ArcStr::ptr_eq(
            events[0].title.parent(),
            events[599].title.parent()
        ));
        assert!(
            events
                .iter()
                .all(|event| event.title.parent().len() <= BLOCK_BYTES)
        );
        // One event's texts alone beyond a block are a block of their own.
        let mut texts = EventTexts::default();
        let mut events = Vec::new();
        let long = "y".repeat(BLOCK_BYTES + 1);
        for (id, summary) in [("a", summary.as_str()), ("b", &long), ("c", &summary)] {
            let new = new_event(&mut texts, id, Some(summary), &[]);
            texts.push(&mut events, new);
        }
        texts.seal(&mut events);
        assert_eq!(events[1].summary.as_deref(), Some(long.as_str()));
        let [a, b, c] = [0, 1, 2].map(|n| events[n].title.parent().clone());
        assert!(!arcstr::ArcStr::ptr_eq(&a, &b) && !arcstr::ArcStr::ptr_eq(&b, &c));
    }
}
