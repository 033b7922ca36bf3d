//! A fast structural scanner for RON: finds struct fields and list items
//! without building values.
//!
//! The loader deserializes every list item on its own, so that one bad item
//! does not hide the errors of the others and every error gets the place of
//! its item. This scanner finds those items: it knows only brackets, strings,
//! characters, comments and commas, which is enough to find where each value
//! starts and ends. It never recurses (nesting is a counter with a limit), so
//! no input can overflow the stack, and it is a single pass over the bytes,
//! which matters for files of a million events.
//!
//! What it cannot judge (the inside of a value) is left to ron, which reports
//! it with a position relative to the item.

use std::ops::Range;

/// Deepest bracket nesting accepted. Real datasets nest three or four levels.
pub(crate) const MAX_NESTING: usize = 128;

/// A structural error at a byte offset of the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub offset: usize,
    pub message: String,
}

/// One `name: value` of a struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field<'a> {
    pub name: &'a str,
    pub name_offset: usize,
    /// Byte range of the value, from its first to its last character.
    pub value: Range<usize>,
}

/// A struct written `Name( field: value, … )` or `( field: value, … )`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StructFields<'a> {
    /// The struct name if one was written before `(`.
    pub name: Option<&'a str>,
    pub open_offset: usize,
    pub fields: Vec<Field<'a>>,
}

/// A cursor over RON text; offsets are absolute in `text`, scanning stops at `end`.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    /// Open brackets of the value being skipped: (closing byte, offset of
    /// the opener). Kept between values to save an allocation per item.
    open: Vec<(u8, usize)>,
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, range: Range<usize>) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: range.start,
            end: range.end.min(text.len()),
            open: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.bytes[self.pos])
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        let at = self.pos + ahead;
        (at < self.end).then(|| self.bytes[at])
    }

    fn error<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, ScanError> {
        Err(ScanError {
            offset,
            message: message.into(),
        })
    }

    /// Describes what is at the cursor, for "found …" in messages.
    fn found(&self) -> String {
        match self
            .text
            .get(self.pos..self.end)
            .and_then(|rest| rest.chars().next())
        {
            None => "the end of the file".to_owned(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// Skips whitespace and comments (block comments nest, as in RON).
    fn skip_trivia(&mut self) -> Result<(), ScanError> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.peek_at(1) == Some(b'/') => {
                    while let Some(byte) = self.peek() {
                        if byte == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.peek_at(1) == Some(b'*') => {
                    let start = self.pos;
                    self.pos += 2;
                    let mut level = 1usize;
                    while level > 0 {
                        match self.peek() {
                            None => return self.error(start, "unclosed block comment `/*`"),
                            Some(b'/') if self.peek_at(1) == Some(b'*') => {
                                level += 1;
                                self.pos += 2;
                            }
                            Some(b'*') if self.peek_at(1) == Some(b'/') => {
                                level -= 1;
                                self.pos += 2;
                            }
                            Some(_) => self.pos += 1,
                        }
                    }
                }
                Some(0xEF) if self.pos == 0 && self.bytes.starts_with(&[0xEF, 0xBB, 0xBF]) => {
                    // A byte order mark some editors write.
                    self.pos += 3;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skips leading trivia and `#![enable(…)]` attributes.
    fn skip_preamble(&mut self) -> Result<(), ScanError> {
        self.skip_trivia()?;
        while self.peek() == Some(b'#') && self.peek_at(1) == Some(b'!') {
            self.pos += 2;
            self.skip_trivia()?;
            if self.peek() != Some(b'[') {
                return self.error(
                    self.pos,
                    format!("expected `[` after `#!`, found {}", self.found()),
                );
            }
            self.skip_value()?;
            self.skip_trivia()?;
        }
        Ok(())
    }

    fn read_ident(&mut self) -> Option<&'a str> {
        let start = self.pos;
        // Raw identifiers `r#name`.
        if self.peek() == Some(b'r')
            && self.peek_at(1) == Some(b'#')
            && self.peek_at(2).is_some_and(is_ident_byte)
        {
            self.pos += 2;
        }
        while self.peek().is_some_and(is_ident_byte) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    fn skip_string(&mut self) -> Result<(), ScanError> {
        let start = self.pos;
        self.pos += 1; // opening quote
        loop {
            let rest = self.bytes.get(self.pos..self.end).unwrap_or_default();
            let Some(found) = memchr::memchr2(b'"', b'\\', rest) else {
                return self.error(start, "unterminated string: no closing `\"`");
            };
            self.pos += found;
            if self.bytes[self.pos] == b'"' {
                self.pos += 1;
                return Ok(());
            }
            self.pos += 2;
        }
    }

    /// `r"…"`, `r#"…"#`: the cursor is on the first `#` or `"` after `r`.
    fn skip_raw_string(&mut self, start: usize) -> Result<(), ScanError> {
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // opening quote, checked by the caller
        loop {
            match self.peek() {
                None => return self.error(start, "unterminated raw string"),
                Some(b'"') => {
                    self.pos += 1;
                    let closing = (0..hashes).all(|i| self.peek_at(i) == Some(b'#'));
                    if closing {
                        self.pos += hashes;
                        return Ok(());
                    }
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn skip_char_literal(&mut self) -> Result<(), ScanError> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                None | Some(b'\n') => return self.error(start, "unterminated character literal"),
                Some(b'\\') => self.pos += 2,
                Some(b'\'') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Skips a bare token: a number, `true`, a struct or variant name, `NaN`,
    /// `r#raw_ident`. It ends at whitespace, a bracket, a comma, a colon, a
    /// quote or a comment.
    fn skip_bare_token(&mut self) {
        while let Some(byte) = self.peek() {
            let ends = matches!(
                byte,
                b' ' | b'\t'
                    | b'\n'
                    | b'\r'
                    | b'('
                    | b')'
                    | b'['
                    | b']'
                    | b'{'
                    | b'}'
                    | b','
                    | b':'
                    | b'"'
                    | b'\''
            ) || (byte == b'/' && matches!(self.peek_at(1), Some(b'/' | b'*')));
            if ends {
                break;
            }
            self.pos += 1;
        }
    }

    /// Where the bracket group opened at `start` ends (just past its
    /// closer), found by a quick pass that knows only brackets and plain
    /// strings. `None` at anything else (a comment, a character or raw
    /// string, a bracket that does not match, nesting too deep, the end of
    /// the text): the full scan then reads the value and reports exactly
    /// what is wrong. The items of a long list are plain, and this reads
    /// them in a fraction of the full scan's time.
    fn quick_group_end(&self, start: usize) -> Option<usize> {
        let bytes = self.bytes.get(..self.end)?;
        if !matches!(QUICK_SCAN[usize::from(*bytes.get(start)?)], Quick::Open) {
            return None;
        }
        let mut closers = [0u8; MAX_NESTING];
        let mut depth = 0;
        let mut pos = start;
        while let Some(&byte) = bytes.get(pos) {
            match QUICK_SCAN[usize::from(byte)] {
                Quick::Plain => pos += 1,
                Quick::Open => {
                    *closers.get_mut(depth)? = closer_of(byte);
                    depth += 1;
                    pos += 1;
                }
                Quick::Close => {
                    depth = depth.checked_sub(1)?;
                    if closers[depth] != byte {
                        return None;
                    }
                    pos += 1;
                    if depth == 0 {
                        return Some(pos);
                    }
                }
                Quick::Quote => {
                    // `r"…"`, `br#"…"#`: raw strings are the full scan's.
                    if pos > 0 && matches!(bytes[pos - 1], b'r' | b'#') {
                        return None;
                    }
                    pos += 1;
                    loop {
                        pos += memchr::memchr2(b'"', b'\\', bytes.get(pos..)?)?;
                        if bytes[pos] == b'"' {
                            pos += 1;
                            break;
                        }
                        pos += 2;
                    }
                }
                Quick::Other => return None,
            }
        }
        None
    }

    /// Skips one value starting at the cursor (after trivia) and returns its
    /// range. A value is a bracket group, a string or a bare token, or a name
    /// followed by a bracket group (`Some(…)`, `Event(…)`); it ends before a
    /// `,`, a `:` or a closing bracket at its own level.
    fn skip_value(&mut self) -> Result<Range<usize>, ScanError> {
        self.skip_trivia()?;
        let start = self.pos;
        if let Some(end) = self.quick_group_end(start) {
            // What the full scan does after a group: trivia, then the end.
            self.pos = end;
            self.skip_trivia()?;
            return Ok(start..end);
        }
        let mut open = std::mem::take(&mut self.open);
        open.clear();
        let skipped = self.skip_value_with(start, &mut open);
        self.open = open;
        skipped
    }

    fn skip_value_with(
        &mut self,
        start: usize,
        open: &mut Vec<(u8, usize)>,
    ) -> Result<Range<usize>, ScanError> {
        let mut last_end = start;
        // At the value's own level: has a whole token been read, and was it a name?
        let mut complete = false;
        let mut after_name = false;
        loop {
            self.skip_trivia()?;
            let Some(byte) = self.peek() else {
                if let Some(&(closer, at)) = open.last() {
                    return self.error(
                        at,
                        format!(
                            "`{}` is never closed: expected `{}` before the end of the file",
                            opener_of(closer) as char,
                            closer as char
                        ),
                    );
                }
                break;
            };
            if open.is_empty() {
                if matches!(byte, b',' | b')' | b']' | b'}' | b':') {
                    break;
                }
                if complete && !(after_name && byte == b'(') {
                    break;
                }
            }
            let token_start = self.pos;
            match byte {
                b'(' | b'[' | b'{' => {
                    if open.len() >= MAX_NESTING {
                        return self.error(
                            self.pos,
                            format!("nested more than {MAX_NESTING} levels deep; datasets need only a few"),
                        );
                    }
                    open.push((closer_of(byte), self.pos));
                    self.pos += 1;
                }
                b')' | b']' | b'}' => {
                    let Some((expected, _)) = open.pop() else {
                        break;
                    };
                    if byte != expected {
                        return self.error(
                            self.pos,
                            format!(
                                "mismatched `{}`: expected `{}` to close the `{}` opened earlier",
                                byte as char,
                                expected as char,
                                opener_of(expected) as char
                            ),
                        );
                    }
                    self.pos += 1;
                }
                b'"' => self.skip_string()?,
                b'\'' => self.skip_char_literal()?,
                _ => {
                    self.skip_bare_token();
                    let token = &self.text[token_start..self.pos];
                    let raw_prefix = match self.peek() {
                        Some(b'"' | b'\'') => token.trim_end_matches('#'),
                        _ => "",
                    };
                    match self.peek() {
                        Some(b'"') if raw_prefix == "r" || raw_prefix == "br" => {
                            self.pos = token_start + raw_prefix.len();
                            self.skip_raw_string(token_start)?;
                        }
                        Some(b'"') if token == "b" => self.skip_string()?,
                        Some(b'\'') if token == "b" => self.skip_char_literal()?,
                        _ => {}
                    }
                    if self.pos == token_start {
                        // A `:` between a field name and its value.
                        self.pos += 1;
                    }
                }
            }
            last_end = self.pos;
            if open.is_empty() {
                complete = true;
                after_name = self.bytes[token_start].is_ascii_alphabetic()
                    || self.bytes[token_start] == b'_';
                after_name &= !matches!(self.bytes[last_end - 1], b'"' | b'\'' | b'#');
            }
        }
        if last_end == start {
            return self.error(
                self.pos,
                format!("expected a value, found {}", self.found()),
            );
        }
        Ok(start..last_end)
    }

    /// Parses `Name( field: value, … )`; the cursor is at the name or `(`.
    fn struct_fields(&mut self, what: &str) -> Result<StructFields<'a>, ScanError> {
        let name = if self.peek().is_some_and(is_ident_byte) {
            let name = self.read_ident();
            self.skip_trivia()?;
            name
        } else {
            None
        };
        if self.peek() != Some(b'(') {
            return self.error(
                self.pos,
                format!("expected `(` to open {what}, found {}", self.found()),
            );
        }
        let open_offset = self.pos;
        self.pos += 1;
        let mut fields = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                None => {
                    return self
                        .error(open_offset, format!("{what} is never closed: expected `)`"));
                }
                Some(_) => {}
            }
            let name_offset = self.pos;
            let Some(field_name) = self.read_ident() else {
                return self.error(
                    self.pos,
                    format!(
                        "expected a field name or `)` in {what}, found {}",
                        self.found()
                    ),
                );
            };
            self.skip_trivia()?;
            if self.peek() != Some(b':') {
                return self.error(
                    self.pos,
                    format!(
                        "expected `:` after the field name `{field_name}`, found {}",
                        self.found()
                    ),
                );
            }
            self.pos += 1;
            let value = self.skip_value()?;
            fields.push(Field {
                name: field_name,
                name_offset,
                value,
            });
            self.skip_trivia()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b')') => {}
                _ => {
                    return self.error(
                        self.pos,
                        format!(
                            "expected `,` or `)` after the value of `{field_name}`, found {}",
                            self.found()
                        ),
                    );
                }
            }
        }
        Ok(StructFields {
            name,
            open_offset,
            fields,
        })
    }

    /// Parses `[ value, … ]`; the cursor is at `[`.
    fn list_items(&mut self, what: &str) -> Result<Vec<Range<usize>>, ScanError> {
        let open_offset = self.open_list(what)?;
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.list_step(open_offset, what)? {
                Some(item) => items.push(item),
                None => return Ok(items),
            }
        }
    }

    /// Steps over the `[` that opens a list; returns its offset.
    fn open_list(&mut self, what: &str) -> Result<usize, ScanError> {
        if self.peek() != Some(b'[') {
            return self.error(
                self.pos,
                format!(
                    "expected `[` to open the list of {what}, found {}",
                    self.found()
                ),
            );
        }
        self.pos += 1;
        Ok(self.pos - 1)
    }

    /// Reads one item of a list and the comma after it, or the closing `]`
    /// (then `None`). The cursor is after trivia, where an item may start.
    fn list_step(
        &mut self,
        open_offset: usize,
        what: &str,
    ) -> Result<Option<Range<usize>>, ScanError> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                return Ok(None);
            }
            None => {
                return self.error(
                    open_offset,
                    format!("the list of {what} is never closed: expected `]`"),
                );
            }
            Some(_) => {}
        }
        let item = self.skip_value()?;
        self.skip_trivia()?;
        match self.peek() {
            Some(b',') => self.pos += 1,
            Some(b']') => {}
            _ => {
                return self.error(
                    self.pos,
                    format!(
                        "expected `,` or `]` after an item of {what}, found {}",
                        self.found()
                    ),
                );
            }
        }
        Ok(Some(item))
    }

    fn expect_end(&mut self, after: &str) -> Result<(), ScanError> {
        self.skip_trivia()?;
        if self.pos < self.end {
            return self.error(
                self.pos,
                format!("unexpected {} after the end of {after}", self.found()),
            );
        }
        Ok(())
    }
}

/// What [`Cursor::quick_group_end`] makes of a byte.
#[derive(Clone, Copy)]
enum Quick {
    /// Part of a name, a number, white space, `:` or `,`.
    Plain,
    Open,
    Close,
    Quote,
    /// A comment's `/`, a character's `'`, a raw string's `#`.
    Other,
}

/// [`Quick`] for every byte.
static QUICK_SCAN: [Quick; 256] = {
    let mut table = [Quick::Plain; 256];
    table[b'(' as usize] = Quick::Open;
    table[b'[' as usize] = Quick::Open;
    table[b'{' as usize] = Quick::Open;
    table[b')' as usize] = Quick::Close;
    table[b']' as usize] = Quick::Close;
    table[b'}' as usize] = Quick::Close;
    table[b'"' as usize] = Quick::Quote;
    table[b'/' as usize] = Quick::Other;
    table[b'\'' as usize] = Quick::Other;
    table[b'#' as usize] = Quick::Other;
    table
};

fn closer_of(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

fn opener_of(closer: u8) -> u8 {
    match closer {
        b')' => b'(',
        b']' => b'[',
        _ => b'{',
    }
}

/// Whether a file holds nothing but white space, comments and a byte order
/// mark: an empty file, as far as a reader is concerned.
pub(crate) fn holds_nothing(text: &str) -> bool {
    let mut cursor = Cursor::new(text, 0..text.len());
    cursor.skip_trivia().is_ok() && cursor.pos >= text.len()
}

/// A whole file holding one struct, e.g. `Dataset( … )`.
pub(crate) fn file_struct<'a>(text: &'a str, what: &str) -> Result<StructFields<'a>, ScanError> {
    let mut cursor = Cursor::new(text, 0..text.len());
    cursor.skip_preamble()?;
    let fields = cursor.struct_fields(what)?;
    cursor.expect_end(what)?;
    Ok(fields)
}

/// A whole file holding one list, e.g. the events of `events.ron`.
///
/// A long file is scanned on every core; the result, errors included, is
/// the same as that of one scan from the start.
pub(crate) fn file_list(text: &str, what: &str) -> Result<Vec<Range<usize>>, ScanError> {
    let mut cursor = Cursor::new(text, 0..text.len());
    cursor.skip_preamble()?;
    let items = cursor.list_items_on_all_cores(what)?;
    cursor.expect_end(&format!("the list of {what}"))?;
    Ok(items)
}

impl Cursor<'_> {
    /// [`Cursor::list_items`], with a long list scanned on every core.
    fn list_items_on_all_cores(&mut self, what: &str) -> Result<Vec<Range<usize>>, ScanError> {
        let open_offset = self.pos;
        self.open_list(what)?;
        match parallel_list_items(self.text, open_offset..self.end, self.pos, what) {
            Some((items, end)) => {
                self.pos = end;
                Ok(items)
            }
            None => {
                self.pos = open_offset;
                self.list_items(what)
            }
        }
    }
}

/// Lists in texts shorter than this are scanned on one core.
const PARALLEL_BYTES: usize = 4 << 20;

/// One core's part of a parallel list scan.
struct Segment {
    /// Where its scan began: a guessed item start (or the list's first byte).
    start: usize,
    items: Vec<Range<usize>>,
    /// The item start at or after the next segment's `start` where the scan
    /// stopped, or, for the last segment, the offset after the closing `]`.
    stop: usize,
}

/// Scans the items of a list on several cores, or gives up (`None`), in
/// which case the caller scans from the start.
///
/// The text is cut into one piece per core at lines that look like the
/// start of an item (a line that begins with `(` or a name and `(`). Each
/// core scans from its guessed start until it reaches an item start at or
/// past the next core's guess. A guess is right when the scan before it
/// lands exactly on it as an item start: from the same position and the
/// same state (between items of the list) the scan is the same, so the
/// pieces join into exactly the sequential result. A wrong guess (say, a
/// line inside a multi-line string) or any error makes the whole scan fall
/// back to one core, which also gives the sequential error.
///
/// `list` runs from the opening `[` to the end of the text that may hold the
/// list; `after_open` is the offset after the `[`.
fn parallel_list_items(
    text: &str,
    list: Range<usize>,
    after_open: usize,
    what: &str,
) -> Option<(Vec<Range<usize>>, usize)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if list.len() < PARALLEL_BYTES || threads < 2 {
        return None;
    }
    let open_offset = list.start;
    let text = text.get(..list.end)?;
    let mut starts = vec![after_open];
    for part in 1..threads {
        let guess = likely_item_start(text, list.start + part * list.len() / threads)?;
        if guess > *starts.last()? {
            starts.push(guess);
        }
    }
    let scan_segment = |index: usize| -> Option<Segment> {
        let start = starts[index];
        let next = starts.get(index + 1).copied();
        let mut cursor = Cursor::new(text, 0..text.len());
        cursor.pos = start;
        let mut items = Vec::new();
        loop {
            cursor.skip_trivia().ok()?;
            if next.is_some_and(|next| cursor.pos >= next) {
                return Some(Segment {
                    start,
                    items,
                    stop: cursor.pos,
                });
            }
            match cursor.list_step(open_offset, what).ok()? {
                Some(item) => items.push(item),
                None if next.is_none() => {
                    return Some(Segment {
                        start,
                        items,
                        stop: cursor.pos,
                    });
                }
                // The list closed before the next guess: that guess was
                // not inside the list.
                None => return None,
            }
        }
    };
    let segments: Vec<Option<Segment>> = std::thread::scope(|scope| {
        let scan_segment = &scan_segment;
        let others: Vec<_> = (1..starts.len())
            .map(|index| scope.spawn(move || scan_segment(index)))
            .collect();
        let mut segments = vec![scan_segment(0)];
        segments.extend(others.into_iter().map(|other| other.join().ok().flatten()));
        segments
    });
    let mut items = Vec::new();
    let mut expected_start = after_open;
    let mut end = after_open;
    for segment in segments {
        let segment = segment?;
        if segment.start != expected_start {
            return None;
        }
        expected_start = segment.stop;
        end = segment.stop;
        if items.is_empty() {
            items = segment.items;
        } else {
            items.extend(segment.items);
        }
    }
    Some((items, end))
}

/// The first line at or after `from` that begins (after spaces) with `(` or
/// with a name and `(`: where an item of a list of structs likely starts.
/// Looks a bounded distance ahead.
fn likely_item_start(text: &str, from: usize) -> Option<usize> {
    const LOOK_AHEAD: usize = 1 << 20;
    let bytes = text.as_bytes();
    let limit = (from + LOOK_AHEAD).min(bytes.len());
    let mut at = from;
    while at < limit {
        let line = at + memchr::memchr(b'\n', bytes.get(at..limit)?)? + 1;
        if let Some(first) = item_line_start(bytes, line) {
            return Some(first);
        }
        at = line;
    }
    None
}

/// Where the line at `line` of `bytes` starts an item, if it looks like it
/// does: `(` or a name and `(`, after spaces, all within `bytes`.
fn item_line_start(bytes: &[u8], line: usize) -> Option<usize> {
    let mut first = line;
    while matches!(bytes.get(first), Some(b' ' | b'\t')) {
        first += 1;
    }
    let mut name_end = first;
    while bytes.get(name_end).is_some_and(|&b| is_ident_byte(b)) {
        name_end += 1;
    }
    (bytes.get(name_end) == Some(&b'(')).then_some(first)
}

/// A walk through the items of a window of a file that holds a list (see
/// `load::windowed`), begun at `from`, taken to be between two items (or,
/// in the file's first window, at its start, before the list opens). Each
/// item is read by the caller, or skipped to be read apart; anything that
/// does not scan so, an item left unfinished at the window's end or without
/// the comma after it included, ends the walk with `None`: the caller then
/// reads the file whole.
pub(crate) struct WindowWalk<'a> {
    cursor: Cursor<'a>,
}

/// Where a [`WindowWalk`] is.
pub(crate) enum WindowStep {
    /// At an item that starts at this offset.
    Item(usize),
    /// At the window's end, between two items.
    End,
    /// The list closed, and nothing but trivia follows in the window.
    Closed,
}

impl<'a> WindowWalk<'a> {
    pub fn new(text: &'a str, from: usize, first: bool) -> Option<Self> {
        let mut cursor = Cursor::new(text, from..text.len());
        if first {
            cursor.skip_preamble().ok()?;
            cursor.open_list("items").ok()?;
        }
        Some(Self { cursor })
    }

    /// The next step: at an item, the walk waits for [`Self::read_to`] or
    /// [`Self::skip_item`].
    pub fn step(&mut self) -> Option<WindowStep> {
        let cursor = &mut self.cursor;
        cursor.skip_trivia().ok()?;
        match cursor.peek() {
            None => Some(WindowStep::End),
            Some(b']') => {
                cursor.pos += 1;
                cursor.expect_end("the list").ok()?;
                Some(WindowStep::Closed)
            }
            Some(_) => Some(WindowStep::Item(cursor.pos)),
        }
    }

    /// The item the walk is at was read, and ends at `end`: on to the comma
    /// (or the `]`) after it.
    pub fn read_to(&mut self, end: usize) -> Option<()> {
        self.cursor.pos = end;
        self.after_item()
    }

    /// Skips the item the walk is at: its range.
    pub fn skip_item(&mut self) -> Option<Range<usize>> {
        let item = self.cursor.skip_value().ok()?;
        self.after_item()?;
        Some(item)
    }

    fn after_item(&mut self) -> Option<()> {
        let cursor = &mut self.cursor;
        cursor.skip_trivia().ok()?;
        match cursor.peek() {
            Some(b',') => cursor.pos += 1,
            Some(b']') => {}
            _ => return None,
        }
        Some(())
    }
}

/// The line break in `bytes` after which the last line that looks like the
/// start of a list item begins ([`item_line_start`]), with that much of the
/// line in `bytes`: where a window of a list may end.
pub(crate) fn last_item_line_break(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(at) = memchr::memrchr(b'\n', &bytes[..end]) {
        if item_line_start(bytes, at + 1).is_some() {
            return Some(at);
        }
        end = at;
    }
    None
}

/// The items of a list value found at `range` of `text`.
pub(crate) fn value_list(
    text: &str,
    range: Range<usize>,
    what: &str,
) -> Result<Vec<Range<usize>>, ScanError> {
    let mut cursor = Cursor::new(text, range);
    cursor.skip_trivia()?;
    let items = cursor.list_items_on_all_cores(what)?;
    cursor.expect_end(&format!("the list of {what}"))?;
    Ok(items)
}

/// The fields of a struct value found at `range` of `text`.
pub(crate) fn value_struct<'a>(
    text: &'a str,
    range: Range<usize>,
    what: &str,
) -> Result<StructFields<'a>, ScanError> {
    let mut cursor = Cursor::new(text, range);
    cursor.skip_trivia()?;
    let fields = cursor.struct_fields(what)?;
    cursor.expect_end(what)?;
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item_texts<'a>(text: &'a str, items: &[Range<usize>]) -> Vec<&'a str> {
        items.iter().map(|range| &text[range.clone()]).collect()
    }

    /// The full scan's answer for the value at the start of `text`.
    fn full_scan_end(text: &str) -> Result<usize, ScanError> {
        let mut cursor = Cursor::new(text, 0..text.len());
        let mut open = Vec::new();
        cursor.skip_value_with(0, &mut open).map(|range| range.end)
    }

    #[test]
    fn the_quick_pass_ends_a_group_where_the_full_scan_does_or_leaves_it() {
        let groups = [
            "(a: 1)",
            "(id: \"x\", title: \"A (b) [c] {d}\", tags: [\"t\", \"u\"])",
            "(s: \"escaped \\\" quote ) ]\", n: [1, [2, (3)]])",
            "{\"k\": (v: \"\\\\\")}",
            "(b: b\"bytes\")",
            "(x: 1) trailing",
            "[(a: 1), (b: 2)] , next",
            // Left to the full scan: comments, characters, raw strings,
            // brackets that do not match, groups never closed.
            "(a: 1 // note )\n)",
            "(a: /* ) */ 1)",
            "(c: 'x')",
            "(r: r\"raw ) \")",
            "(r: r#\"raw\"#)",
            "(a: 1]",
            "(a: [1)",
            "(a: \"unterminated)",
            "(a: (b: 1)",
            "(x: \"\\",
        ];
        let mut quick = 0;
        for text in groups {
            let cursor = Cursor::new(text, 0..text.len());
            if let Some(end) = cursor.quick_group_end(0) {
                quick += 1;
                assert_eq!(
                    Ok(end),
                    full_scan_end(text).map_err(|e| e.message),
                    "{text}"
                );
            }
        }
        assert_eq!(quick, 7, "the plain groups are read quickly");
        // Not a group: the full scan's.
        assert_eq!(Cursor::new("1, 2", 0..4).quick_group_end(0), None);
        assert_eq!(Cursor::new("Some(1)", 0..7).quick_group_end(0), None);
        // Deeper than the scan allows: the full scan reports it.
        let deep = format!(
            "{}{}",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert_eq!(Cursor::new(&deep, 0..deep.len()).quick_group_end(0), None);
        assert!(full_scan_end(&deep).is_err());
    }

    #[test]
    fn splits_a_list_into_exact_item_slices() {
        let text = "[\n  (a: 1), // one\n  (b: \"x, ]\"),\n  /* c */ (c: [1, 2]),\n]\n";
        let items = file_list(text, "items").unwrap();
        assert_eq!(
            item_texts(text, &items),
            ["(a: 1)", "(b: \"x, ]\")", "(c: [1, 2])"]
        );
    }

    #[test]
    fn strings_chars_raw_strings_and_comments_hide_brackets() {
        let text =
            r####"[ "(", '[', r#"a"]"#, br"x)", b"]", /* ] /* nested ) */ */ "\"]", r#ident ]"####;
        let items = file_list(text, "items").unwrap();
        assert_eq!(
            item_texts(text, &items),
            [
                "\"(\"",
                "'['",
                "r#\"a\"]\"#",
                "br\"x)\"",
                "b\"]\"",
                "\"\\\"]\"",
                "r#ident"
            ]
        );
    }

    #[test]
    fn finds_struct_fields_and_their_values() {
        let text = "#![enable(implicit_some)]\n// head\nDataset(\n  format: 1,\n  title: \"A (b)\",\n  lanes: [ (id: \"x\") ],\n)";
        let parsed = file_struct(text, "Dataset").unwrap();
        assert_eq!(parsed.name, Some("Dataset"));
        let names: Vec<&str> = parsed.fields.iter().map(|f| f.name).collect();
        assert_eq!(names, ["format", "title", "lanes"]);
        assert_eq!(&text[parsed.fields[1].value.clone()], "\"A (b)\"");
        let lanes = value_list(text, parsed.fields[2].value.clone(), "lanes").unwrap();
        assert_eq!(item_texts(text, &lanes), ["(id: \"x\")"]);
    }

    #[test]
    fn reports_unclosed_and_mismatched_brackets_where_they_are() {
        let unclosed = file_list("[ (a: [1, 2 ]", "items").unwrap_err();
        assert_eq!(unclosed.offset, 2, "{unclosed:?}");
        let mismatched = file_list("[ (a: 1] ]", "items").unwrap_err();
        assert_eq!(mismatched.offset, 7, "{mismatched:?}");
        assert!(
            mismatched.message.contains("expected `)`"),
            "{mismatched:?}"
        );
        let string = file_list("[ \"abc ]", "items").unwrap_err();
        assert_eq!(string.offset, 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = format!("[{}]", "[".repeat(1_000_000));
        let error = file_list(&text, "items").unwrap_err();
        assert!(error.message.contains("nested more than"), "{error:?}");
    }

    #[test]
    fn missing_commas_and_trailing_text_are_errors() {
        assert!(file_list("[ (a: 1) (b: 2) ]", "items").is_err());
        assert!(file_list("[ ] x", "items").is_err());
        assert!(file_struct("Dataset( a: 1 b: 2 )", "Dataset").is_err());
        assert!(file_struct("Dataset( a 1 )", "Dataset").is_err());
        assert!(file_list("[ , ]", "items").is_err());
    }

    /// One scan from the start, as files shorter than [`PARALLEL_BYTES`] get.
    fn sequential_list(text: &str) -> Result<Vec<Range<usize>>, ScanError> {
        let mut cursor = Cursor::new(text, 0..text.len());
        cursor.skip_preamble()?;
        let items = cursor.list_items("events")?;
        cursor.expect_end("the list of events")?;
        Ok(items)
    }

    /// A list long enough to be scanned on every core, with `trap` written
    /// into one item in the middle.
    fn long_list(trap: &str) -> String {
        let mut text = String::from("#![enable(implicit_some)]\n[\n");
        let mut index = 0;
        while text.len() < 2 * PARALLEL_BYTES {
            let note = if index == 40_000 { trap } else { "plain" };
            text.push_str(&format!(
                "    (id: \"e-{index}\", title: \"Event {index} (a [test]) \\\"q\\\"\", note: \"{note}\"),\n"
            ));
            index += 1;
        }
        text.push_str("]\n");
        text
    }

    #[test]
    fn a_parallel_scan_equals_one_scan_from_the_start() {
        // Lines inside a multi-line string that look like item starts, at
        // every place a core may guess one, must not change the items.
        let fake_items = "\n(x: 1),\n  Event(\n".repeat(2000);
        for trap in ["", fake_items.as_str(), "\n    (", "/* ( */"] {
            let text = long_list(trap);
            let parallel = file_list(&text, "events");
            assert_eq!(parallel, sequential_list(&text));
            assert!(parallel.is_ok_and(|items| items.len() > 40_000));
        }
        // The same for a list that is a field of `dataset.ron`.
        let list = long_list(fake_items.as_str());
        let list = list.trim_start_matches("#![enable(implicit_some)]\n");
        let text = format!("Dataset(\n  events: {list},\n  title: \"t\",\n)\n");
        let range = 19..19 + list.len();
        assert_eq!(&text[range.clone()], list);
        let mut cursor = Cursor::new(&text, range.clone());
        let sequential = cursor.list_items("events");
        let parallel = value_list(&text, range, "events");
        assert_eq!(parallel, sequential);
        assert!(parallel.is_ok_and(|items| items.len() > 40_000));

        let mut fake_everywhere = String::from("[\n");
        while fake_everywhere.len() < 2 * PARALLEL_BYTES {
            fake_everywhere.push_str("    (text: \"\n    (not: an item)\n\"),\n");
        }
        fake_everywhere.push(']');
        assert_eq!(
            file_list(&fake_everywhere, "events"),
            sequential_list(&fake_everywhere)
        );
    }

    #[test]
    fn a_parallel_scan_reports_the_first_error_as_one_scan_does() {
        let text = long_list("x\" (");
        let error = file_list(&text, "events");
        assert!(error.is_err());
        assert_eq!(error, sequential_list(&text));
        let mut unclosed = long_list("");
        unclosed.truncate(unclosed.len() - 2);
        assert_eq!(file_list(&unclosed, "events"), sequential_list(&unclosed));
        assert!(file_list(&unclosed, "events").is_err());
    }
}
