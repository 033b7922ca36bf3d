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
pub const MAX_NESTING: usize = 128;

/// A structural error at a byte offset of the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanError {
    pub offset: usize,
    pub message: String,
}

/// One `name: value` of a struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    pub name: &'a str,
    pub name_offset: usize,
    /// Byte range of the value, from its first to its last character.
    pub value: Range<usize>,
}

/// A struct written `Name( field: value, … )` or `( field: value, … )`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructFields<'a> {
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
            match self.peek() {
                None => return self.error(start, "unterminated string: no closing `\"`"),
                Some(b'\\') => self.pos += 2,
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => self.pos += 1,
            }
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

    /// Skips one value starting at the cursor (after trivia) and returns its
    /// range. A value is a bracket group, a string or a bare token, or a name
    /// followed by a bracket group (`Some(…)`, `Event(…)`); it ends before a
    /// `,`, a `:` or a closing bracket at its own level.
    fn skip_value(&mut self) -> Result<Range<usize>, ScanError> {
        self.skip_trivia()?;
        let start = self.pos;
        let mut last_end = start;
        // (closing byte, offset of the opener)
        let mut open: Vec<(u8, usize)> = Vec::new();
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
                    let raw_prefix = token.trim_end_matches('#');
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
        if self.peek() != Some(b'[') {
            return self.error(
                self.pos,
                format!(
                    "expected `[` to open the list of {what}, found {}",
                    self.found()
                ),
            );
        }
        let open_offset = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return Ok(items);
                }
                None => {
                    return self.error(
                        open_offset,
                        format!("the list of {what} is never closed: expected `]`"),
                    );
                }
                Some(_) => {}
            }
            items.push(self.skip_value()?);
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
        }
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

/// A whole file holding one struct, e.g. `Dataset( … )`.
pub fn file_struct<'a>(text: &'a str, what: &str) -> Result<StructFields<'a>, ScanError> {
    let mut cursor = Cursor::new(text, 0..text.len());
    cursor.skip_preamble()?;
    let fields = cursor.struct_fields(what)?;
    cursor.expect_end(what)?;
    Ok(fields)
}

/// A whole file holding one list, e.g. the events of `events.ron`.
pub fn file_list(text: &str, what: &str) -> Result<Vec<Range<usize>>, ScanError> {
    let mut cursor = Cursor::new(text, 0..text.len());
    cursor.skip_preamble()?;
    let items = cursor.list_items(what)?;
    cursor.expect_end(&format!("the list of {what}"))?;
    Ok(items)
}

/// The items of a list value found at `range` of `text`.
pub fn value_list(
    text: &str,
    range: Range<usize>,
    what: &str,
) -> Result<Vec<Range<usize>>, ScanError> {
    let mut cursor = Cursor::new(text, range);
    cursor.skip_trivia()?;
    let items = cursor.list_items(what)?;
    cursor.expect_end(&format!("the list of {what}"))?;
    Ok(items)
}

/// The fields of a struct value found at `range` of `text`.
pub fn value_struct<'a>(
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
}
