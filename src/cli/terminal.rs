//! Text for a terminal: dataset text with its control characters shown, not
//! obeyed.
//!
//! Titles, names, ids and paths come from files anyone can write. Printed
//! raw, an escape sequence in a title can clear the screen, move the cursor
//! or retitle the terminal window, a NUL or a carriage return can hide what
//! came before it, and a bidi override can make a line read backwards. So
//! everything the command line prints goes through [`TerminalWriter`], which
//! writes each such character as a Rust-style escape (`\u{1b}`); only the
//! line breaks the program itself writes stay.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Whether a character must not reach a terminal raw: C0 controls (but the
/// newline), DEL, C1 controls (U+0080–U+009F), the line and paragraph
/// separators (U+2028, U+2029), and the bidi marks, embeddings, overrides
/// and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
/// Zero-width joiners stay: scripts such as Persian need them.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control character but the newline, and every bidi
/// control, written as `\u{…}` (ESC as `\u{1b}`, NUL as `\u{0}`); borrowed
/// when there is none.
///
/// ```
/// use conflict_timeline::cli::escape_for_terminal;
/// assert_eq!(escape_for_terminal("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\n");
/// assert_eq!(escape_for_terminal("Aleppo – 2016"), "Aleppo – 2016");
/// ```
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that passes whole lines through [`escape_for_terminal`]. It
/// holds back a partial line until its newline, a [`flush`](Write::flush)
/// or the end, so a character is never split between two writes. Bytes
/// that are not UTF-8 are written as U+FFFD.
#[derive(Debug)]
pub(crate) struct TerminalWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> TerminalWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn write_escaped(&mut self, bytes: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        self.inner.write_all(escape_for_terminal(&text).as_bytes())
    }

    fn write_pending(&mut self) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let written = self.write_escaped(&pending);
        self.pending = pending;
        self.pending.clear();
        written
    }
}

impl<W: Write> Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match buf.iter().rposition(|&byte| byte == b'\n') {
            Some(last_newline) => {
                self.pending.extend_from_slice(&buf[..=last_newline]);
                self.write_pending()?;
                self.pending.extend_from_slice(&buf[last_newline + 1..]);
            }
            None => self.pending.extend_from_slice(buf),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_pending()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            escape_for_terminal("\u{1b}]0;owned\u{7}\0\r\t\u{7f}\u{9b}2J\u{202e}x\u{2066}\n"),
            "\\u{1b}]0;owned\\u{7}\\u{0}\\u{d}\\u{9}\\u{7f}\\u{9b}2J\\u{202e}x\\u{2066}\n"
        );
        assert_eq!(escape_for_terminal("a\u{61c}b"), "a\\u{61c}b");
        assert_eq!(escape_for_terminal("a\u{2028}b"), "a\\u{2028}b");
        assert!(matches!(
            escape_for_terminal("Genève – «truce» 日本\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_writer_escapes_whole_lines_across_writes() {
        let mut out = Vec::new();
        {
            let mut writer = TerminalWriter::new(&mut out);
            let esc = "é\u{9b}".as_bytes();
            // A two-byte character split between two writes stays whole.
            writer.write_all(&esc[..1]).unwrap();
            writer.write_all(&esc[1..]).unwrap();
            writer.write_all(b"\x1b[2J\nnext\x00").unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "é\\u{9b}\\u{1b}[2J\nnext\\u{0}"
        );
    }
}
