//! A fast reader for events written plainly, the bulk of a large dataset.
//!
//! A million events are mostly one-line items such as
//! `(id: "e-1", title: "…", start: "2016-02-27", lane: "war", sources: ["s"])`.
//! ron reads them correctly but spends most of its time in general machinery
//! (its own whitespace and comment handling, `Deserializer` dispatch, one
//! allocation per field name). This reader knows exactly one shape, the
//! [`Event`] struct with its fields in any order, and reads it in one pass.
//!
//! It is a pure shortcut: it accepts only a subset of what ron accepts and
//! returns the same value ron would. Anything outside that subset (comments,
//! `Some(…)`, escapes other than the common ones, unknown or repeated fields,
//! numbers in other forms, an invalid date) makes it give up, and the item
//! goes to ron, which reads it or reports the error with its exact place.
//! A test compares the two readers on many items, valid and broken.

use std::borrow::Cow;

use super::import::texts::{EventTexts, NewEvent};
use crate::model::{Date, Event};

/// Reads one event item onto `events`, its texts written into `texts`'
/// blocks (sealed by the caller); `false` when ron must read it.
pub(crate) fn read_event_into(
    item: &str,
    texts: &mut EventTexts,
    events: &mut impl super::parse::Sink<Event>,
) -> bool {
    let Some((event, mut reader)) = read_plain(item, 0) else {
        return false;
    };
    reader.skip_whitespace();
    if reader.pos != reader.bytes.len() {
        return false;
    }
    push_plain(&event, texts, events);
    true
}

/// Reads the event item that starts at `start` of `text` onto `events`
/// (as [`read_event_into`]), with what follows it left unread: where it
/// ends and whether its texts hold no control character
/// (`validate::control_character`), or `None` when ron must read it.
pub(crate) fn read_event_at(
    text: &str,
    start: usize,
    texts: &mut EventTexts,
    events: &mut impl super::parse::Sink<Event>,
) -> Option<(usize, bool)> {
    let (event, reader) = read_plain(text, start)?;
    push_plain(&event, texts, events);
    Some((reader.pos, !reader.suspect))
}

/// The event item at `start` of `text`, with the reader after it.
fn read_plain(text: &str, start: usize) -> Option<(PlainEvent<'_>, Reader<'_>)> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: start,
        suspect: false,
    };
    let event = reader.event()?;
    Some((event, reader))
}

fn push_plain(
    event: &PlainEvent<'_>,
    texts: &mut EventTexts,
    events: &mut impl super::parse::Sink<Event>,
) {
    let tags: Vec<&str> = event.tags.iter().map(|tag| &**tag).collect();
    let sources = event
        .sources
        .iter()
        .map(|source| texts.shared(source))
        .collect();
    let lane = texts.shared(&event.lane);
    texts.push(
        events,
        NewEvent {
            id: &event.id,
            title: &event.title,
            summary: event.summary.as_deref(),
            tags: &tags,
            sources,
            own_source: false,
            lane,
            start: event.start,
            end: event.end,
            ongoing: event.ongoing,
            importance: event.importance,
            approximate: event.approximate,
        },
    );
}

/// Reads one event item, or `None` when ron must read it.
#[cfg(test)]
fn read_event(item: &str) -> Option<Event> {
    let mut texts = EventTexts::default();
    let mut events = Vec::new();
    if !read_event_into(item, &mut texts, &mut events) {
        return None;
    }
    texts.seal(&mut events);
    events.pop()
}

/// An event as read, its texts borrowed from the item where they have no
/// escapes.
struct PlainEvent<'a> {
    id: Cow<'a, str>,
    title: Cow<'a, str>,
    start: Date,
    end: Option<Date>,
    ongoing: bool,
    lane: Cow<'a, str>,
    summary: Option<Cow<'a, str>>,
    sources: Vec<Cow<'a, str>>,
    tags: Vec<Cow<'a, str>>,
    importance: u8,
    approximate: bool,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Whether a string read may hold a control character: a byte that
    /// may start one (DEL, or 0xc2, which starts U+0080–U+009F) or an
    /// escape that makes one. Raw bytes below 0x20 are ron's to judge.
    suspect: bool,
}

/// One bit per field, to refuse repeated fields (ron's error to report).
const ID: u16 = 1 << 0;
const TITLE: u16 = 1 << 1;
const START: u16 = 1 << 2;
const END: u16 = 1 << 3;
const ONGOING: u16 = 1 << 4;
const LANE: u16 = 1 << 5;
const SUMMARY: u16 = 1 << 6;
const SOURCES: u16 = 1 << 7;
const TAGS: u16 = 1 << 8;
const IMPORTANCE: u16 = 1 << 9;
const APPROXIMATE: u16 = 1 << 10;

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// ASCII whitespace only: a comment or any other character ends the
    /// shortcut at the next token.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.pos;
        while self.peek().is_some_and(is_ident_byte) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    /// A `"…"` string with at most the escapes `\" \\ \n \t \r \0 \'`.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        // The common case: no escape, one copy of the slice. The end is
        // found by memchr, and control characters before it (which are
        // ron's to judge) by a test of every byte that the compiler does
        // many bytes at a time.
        let rest = &self.bytes[start..];
        let stop = memchr::memchr2(b'"', b'\\', rest)?;
        let found = rest[..stop].iter().fold(0u8, |found, &b| {
            found | u8::from(b < 0x20) | (u8::from((b == 0x7f) | (b == 0xc2)) << 1)
        });
        if found & 1 != 0 {
            return None;
        }
        self.suspect |= found != 0;
        if rest[stop] == b'"' {
            self.pos = start + stop + 1;
            return Some(Cow::Borrowed(&self.text[start..start + stop]));
        }
        let mut value = String::with_capacity(stop + 16);
        let mut run_start = start;
        loop {
            let byte = self.peek()?;
            match byte {
                b'"' => {
                    value.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Some(Cow::Owned(value));
                }
                b'\\' => {
                    value.push_str(&self.text[run_start..self.pos]);
                    let escaped = match *self.bytes.get(self.pos + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'\'' => '\'',
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'0' => '\0',
                        _ => return None,
                    };
                    self.suspect |= escaped.is_control();
                    value.push(escaped);
                    self.pos += 2;
                    run_start = self.pos;
                }
                // Raw control characters: leave their judgement to ron.
                0..0x20 => return None,
                0x7f | 0xc2 => {
                    self.suspect = true;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn date(&mut self) -> Option<Date> {
        self.eat(b'"')?;
        let start = self.pos;
        let length = self.bytes[start..].iter().position(|&b| b == b'"')?;
        let text = &self.text[start..start + length];
        // The characters of every date form ("2016-02-27T00:00+02:00",
        // "44 BCE", "AD 30"); anything else, an escape say, is ron's to read.
        let date_byte = |b: u8| b.is_ascii_digit() || b"-+:TZ BCEAD".contains(&b);
        if !text.bytes().all(date_byte) {
            return None;
        }
        self.pos = start + length + 1;
        Date::parse(text).ok()
    }

    fn bool(&mut self) -> Option<bool> {
        self.skip_whitespace();
        let value = match self.ident()? {
            "true" => true,
            "false" => false,
            _ => return None,
        };
        Some(value)
    }

    /// A plain decimal `u8`: no sign, suffix, leading zero or other base.
    fn small_integer(&mut self) -> Option<u8> {
        self.skip_whitespace();
        let text = self.ident()?;
        if !text.bytes().all(|b| b.is_ascii_digit()) || (text.len() > 1 && text.starts_with('0')) {
            return None;
        }
        text.parse().ok()
    }

    fn strings(&mut self) -> Option<Vec<Cow<'a, str>>> {
        self.eat(b'[')?;
        let mut values = Vec::new();
        loop {
            self.skip_whitespace();
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(values);
            }
            values.push(self.string()?);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {}
                _ => return None,
            }
        }
    }

    fn event(&mut self) -> Option<PlainEvent<'a>> {
        self.skip_whitespace();
        if self.peek()? != b'(' && self.ident()? != "Event" {
            return None;
        }
        // `Event(` with no space, as ron writes it; anything else goes to ron.
        if self.peek()? != b'(' {
            return None;
        }
        self.pos += 1;
        let mut seen = 0u16;
        let (mut id, mut title, mut start, mut lane) = (None, None, None, None);
        let mut end = None;
        let mut summary = None;
        let (mut sources, mut tags) = (Vec::new(), Vec::new());
        let mut importance = crate::model::DEFAULT_IMPORTANCE;
        let (mut ongoing, mut approximate) = (false, false);
        loop {
            self.skip_whitespace();
            if self.peek()? == b')' {
                self.pos += 1;
                break;
            }
            let name = self.ident()?;
            let bit = match name {
                "id" => ID,
                "title" => TITLE,
                "start" => START,
                "end" => END,
                "ongoing" => ONGOING,
                "lane" => LANE,
                "summary" => SUMMARY,
                "sources" => SOURCES,
                "tags" => TAGS,
                "importance" => IMPORTANCE,
                "approximate" => APPROXIMATE,
                _ => return None,
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            self.eat(b':')?;
            match bit {
                ID => id = Some(self.string()?),
                TITLE => title = Some(self.string()?),
                START => start = Some(self.date()?),
                END => end = Some(self.date()?),
                ONGOING => ongoing = self.bool()?,
                LANE => lane = Some(self.string()?),
                SUMMARY => summary = Some(self.string()?),
                SOURCES => sources = self.strings()?,
                TAGS => tags = self.strings()?,
                IMPORTANCE => importance = self.small_integer()?,
                _ => approximate = self.bool()?,
            }
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b')' => {}
                _ => return None,
            }
        }
        Some(PlainEvent {
            id: id?,
            title: title?,
            start: start?,
            end,
            ongoing,
            lane: lane?,
            summary,
            sources,
            tags,
            importance,
            approximate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::ron_options;

    fn ron_event(item: &str) -> Result<Event, ron::error::SpannedError> {
        ron_options().from_str(item)
    }

    /// An item read where it starts in a longer text: where it ends, and
    /// whether its texts are known to hold no control character.
    fn read_at(text: &str, start: usize) -> Option<(usize, bool)> {
        let mut texts = EventTexts::default();
        let mut events = Vec::new();
        read_event_at(text, start, &mut texts, &mut events)
    }

    #[test]
    fn an_item_read_in_a_longer_text_ends_at_its_closing_parenthesis() {
        let item = "(id: \"a\", title: \"T (1)\", start: \"2016\", lane: \"war\")";
        let text = format!("[\n    {item},\n    (id: \"b\")]");
        assert_eq!(read_at(&text, 6), Some((6 + item.len(), true)));
    }

    #[test]
    fn a_string_that_may_hold_a_control_character_is_noted() {
        let item = |title: &str| {
            format!("(id: \"a\", title: \"{title}\", start: \"2016\", lane: \"war\")")
        };
        for (title, clean) in [
            ("plain, café", true),
            ("delete \u{7f} here", false),
            // U+0085 (0xc2 0x85), a control character; U+00A3 (0xc2 0xa3)
            // is none, but starts the same.
            ("next \u{85} line", false),
            ("pound £", false),
            // Escapes: of a quote (no control character), of a tab and a
            // line break (control characters, the tab allowed but noted
            // all the same), and a byte after an escape.
            ("quote \\\" and back\\\\slash", true),
            ("tab\\there", false),
            ("line\\nbreak", false),
            ("quote\\\" then \u{7f}", false),
        ] {
            let text = item(title);
            assert_eq!(
                read_at(&text, 0).map(|(_, clean)| clean),
                Some(clean),
                "{title}"
            );
        }
    }

    /// The shortcut either gives up or agrees with ron.
    fn agrees_with_ron(item: &str) {
        if let Some(fast) = read_event(item) {
            assert_eq!(ron_event(item).ok(), Some(fast), "item: {item}");
        }
    }

    #[test]
    fn reads_plain_items_as_ron_does() {
        let items = [
            r#"(id: "a", title: "T", start: "2016-02-27", lane: "war")"#,
            r#"Event(id: "a", title: "T", start: "2016", end: "2016-03", lane: "war",)"#,
            "(\n  id: \"a-1\",\n  title: \"Say \\\"no\\\" \\\\ \\n\",\n  start: \"2016-02\",\n  ongoing: true,\n  lane: \"l\",\n  summary: \"S “quoted” é\",\n  sources: [\"s1\", \"s2\",],\n  tags: [],\n  importance: 5,\n  approximate: false,\n)",
            r#"(lane: "war", start: "2011-03-15", title: "", id: "x", importance: 0)"#,
            r#"(id: "a", title: "T", start: "2016-02-27T00:00+02:00", end: "2016-02-27T06:00:30Z", lane: "w")"#,
            r#"(id: "a", title: "T", start: "-0043-03-15", end: "+12000", lane: "w")"#,
            r#"(id: "a", title: "T", start: "500 BC", end: "AD 30", lane: "w")"#,
            r#"(id: "a", title: "T", start: "-251902000", lane: "w")"#,
        ];
        for item in items {
            assert!(read_event(item).is_some(), "should be read: {item}");
            agrees_with_ron(item);
        }
    }

    #[test]
    fn gives_up_on_what_it_does_not_know() {
        let items = [
            r#"(id: "a", title: "T", start: "2016", lane: "w") // note"#,
            r#"(id: "a", title: "T", start: "2016", end: Some("2017"), lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016", end: None, lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016", lane: "w", colour: "red")"#,
            r#"(id: "a", id: "b", title: "T", start: "2016", lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016")"#,
            r#"(id: "a", title: "T", start: "2016-02-30", lane: "w")"#,
            r#"(id: "a", title: "T", start: " 2016", lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016-02-27T24:01", lane: "w")"#,
            r#"(id: "a", title: "T", start: "0 BCE", lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016\u{2d}02", lane: "w")"#,
            r#"(id: "a", title: "\u{e9}", start: "2016", lane: "w")"#,
            r#"(id: "a", title: r"T", start: "2016", lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016", lane: "w", importance: 05)"#,
            r#"(id: "a", title: "T", start: "2016", lane: "w", importance: 300)"#,
            r#"(id: "a", title: "T", start: "2016", lane: "w", importance: 0x3)"#,
            r#"(id: "a", title: "T", start: "2016", lane: "w", ongoing: yes)"#,
            r#"Quote(id: "a", title: "T", start: "2016", lane: "w")"#,
            r#"Event (id: "a", title: "T", start: "2016", lane: "w")"#,
            r#"(id: "a", title: "T", start: "2016", lane: "w") x"#,
            "(id: \"a\", title: \"line\nbreak\", start: \"2016\", lane: \"w\")",
        ];
        for item in items {
            assert_eq!(read_event(item), None, "should go to ron: {item}");
        }
    }

    #[test]
    fn never_disagrees_with_ron_on_any_cut_or_edit_of_an_item() {
        let item = "(id: \"ev-7\", title: \"A \\\"b\\\" c\", start: \"2016-02\", end: \"2016-03-01\", ongoing: false, lane: \"war\", summary: \"Sé\", sources: [\"s-1\", \"s-2\"], tags: [\"t\"], importance: 4, approximate: true)";
        let inserts = [
            "", " ", ",", "\"", "(", ")", "[", "]", ":", "x", "\\", "7", "-", "/",
        ];
        for cut in 0..=item.len() {
            if !item.is_char_boundary(cut) {
                continue;
            }
            agrees_with_ron(&item[..cut]);
            for insert in inserts {
                agrees_with_ron(&format!("{}{insert}{}", &item[..cut], &item[cut..]));
                if let Some(next) = item[cut..].chars().next() {
                    let after = cut + next.len_utf8();
                    agrees_with_ron(&format!("{}{insert}{}", &item[..cut], &item[after..]));
                }
            }
        }
    }
}
