//! Conflict event files too big to hold whole, read a window at a time.
//!
//! An ACLED export of millions of rows is more than a gigabyte of text; held
//! whole while its rows are converted, it was a third of the memory an
//! import needed at its peak. Instead the file is cut into windows of about
//! [`WINDOW_BYTES`], each ending after a line break; each core reads one
//! window into a buffer it reuses, converts its rows into a part of its own
//! (as the parts of a file held whole are, see [`super::parts`]), and the
//! parts are put together in the file's order as they are done.
//!
//! Every place a part reports is found while its window is held: a window
//! knows the line and column it begins at (counted as the windows are cut,
//! one after another), and the places of the rows its items come from are
//! kept, to be found again by offset once the text is gone
//! ([`FileText::know_places`]).
//!
//! A window's rows end at its end unless a quoted cell runs over that line
//! break; a window whose last row is left open, or whose text is not UTF-8,
//! or a read that fails, gives up the windows, and the caller reads the
//! file whole, which reports what is wrong where it is.

use std::sync::{Arc, Mutex};

use crate::load::diagnostic::LineCol;
use crate::load::parse::FileText;

/// About how many bytes a window holds.
pub(crate) const WINDOW_BYTES: usize = 32 << 20;

/// Files from this size on are read a window at a time.
pub(crate) const MIN_WINDOWED_BYTES: u64 = 64 << 20;

/// A window of a file's text.
#[derive(Debug)]
pub(crate) struct Window {
    /// Its number, from 0 at the start of the file.
    pub index: usize,
    /// After the first window, the text begins with the line break that
    /// ends the window before it, so that no row starts at offset 0 (where
    /// a byte order mark is passed over, as only at the file's start).
    pub text: String,
    /// The file offset of the text's first byte.
    pub base: usize,
    /// The line and column of the text's first byte.
    pub start: LineCol,
    /// Where its rows may start in the text: 0 in the first window (whose
    /// header is read first), 1 in the others.
    pub rows_from: usize,
}

impl Window {
    /// The window's text as a file's text, its offsets counted from the
    /// window's start and its places the file's.
    pub fn file_text(&self, name: &Arc<str>) -> FileText<'_> {
        FileText::window(name.clone(), &self.text, self.start)
    }
}

/// Cuts a file into windows, one after another.
pub(crate) struct Cutter<'f> {
    file: &'f std::fs::File,
    size: u64,
    /// Where the next window's rows begin.
    next: u64,
    /// The line and column of the byte before it (after the first window,
    /// the line break the window before ended with).
    start: LineCol,
    index: usize,
    window_bytes: usize,
    /// Where a window may end: the line break in the bytes given (a
    /// window's own, after the one it begins with) that it ends with.
    cut: fn(&[u8]) -> Option<usize>,
    /// The widest a window may grow to find where to end; past it, the
    /// windows are given up.
    max_window_bytes: usize,
}

/// Why the windows were given up: the file is then read whole.
#[derive(Debug)]
pub(crate) struct GiveUp;

impl<'f> Cutter<'f> {
    /// The windows of the first `size` bytes of `file`, of about
    /// `window_bytes` each.
    pub fn new(file: &'f std::fs::File, size: u64, window_bytes: usize) -> Self {
        Self {
            file,
            size,
            next: 0,
            start: LineCol { line: 1, column: 1 },
            index: 0,
            window_bytes: window_bytes.max(2),
            cut: |bytes| memchr::memrchr(b'\n', bytes),
            max_window_bytes: usize::MAX,
        }
    }

    /// Windows that give up rather than grow past `bytes` to find where
    /// to end.
    pub fn at_most(self, bytes: usize) -> Self {
        Self {
            max_window_bytes: bytes,
            ..self
        }
    }

    /// Windows that end only before a line where `cut` says a new item
    /// starts (the line break it gives is kept in the window; the next
    /// begins with it).
    pub fn cut_where(self, cut: fn(&[u8]) -> Option<usize>) -> Self {
        Self { cut, ..self }
    }

    /// The next window, read into `buffer` (whose room is reused); `None`
    /// after the last.
    pub fn next(&mut self, mut buffer: Vec<u8>) -> Option<Result<Window, GiveUp>> {
        if self.next >= self.size {
            return None;
        }
        let from = if self.index == 0 { 0 } else { self.next - 1 };
        let rows_from = usize::from(self.index > 0);
        let mut want = self.window_bytes;
        loop {
            let length = usize::try_from((self.size - from).min(want as u64)).ok()?;
            buffer.clear();
            buffer.resize(length, 0);
            if read_exact_at(self.file, &mut buffer, from).is_err() {
                return Some(Err(GiveUp));
            }
            if from + length as u64 >= self.size {
                break;
            }
            // Cut after the last line break (not the one a window begins
            // with) where a window may end.
            match (self.cut)(&buffer[rows_from..]) {
                Some(at) => {
                    buffer.truncate(rows_from + at + 1);
                    break;
                }
                // Nowhere to end in the window: a wider one.
                None if want < self.max_window_bytes => want = want.saturating_mul(2),
                None => return Some(Err(GiveUp)),
            }
        }
        let window_start = if self.index == 0 {
            LineCol { line: 1, column: 1 }
        } else {
            self.start
        };
        let end = from + buffer.len() as u64;
        self.start = last_byte_position(&buffer, window_start);
        self.next = end;
        let index = self.index;
        self.index += 1;
        let base = usize::try_from(from).ok()?;
        Some(match String::from_utf8(buffer) {
            Ok(text) => Ok(Window {
                index,
                text,
                base,
                start: window_start,
                rows_from,
            }),
            Err(_) => Err(GiveUp),
        })
    }
}

/// The line and column of the last byte of `bytes`, which begin at `start`
/// (columns count characters: UTF-8 bytes that do not continue one).
fn last_byte_position(bytes: &[u8], start: LineCol) -> LineCol {
    let Some((_, before)) = bytes.split_last() else {
        return start;
    };
    let characters = |bytes: &[u8]| bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count();
    let breaks = memchr::memchr_iter(b'\n', before).count();
    match memchr::memrchr(b'\n', before) {
        Some(at) => LineCol {
            line: start.line + breaks,
            column: characters(&before[at + 1..]) + 1,
        },
        None => LineCol {
            line: start.line,
            column: start.column + characters(before),
        },
    }
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt as _;
    file.read_exact_at(buffer, offset)
}

#[cfg(not(unix))]
fn read_exact_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read as _, Seek as _};
    let mut file = file;
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(buffer)
}

/// Converts the windows `cutter` gives after `first` (already read), on
/// every core: `convert` makes a part of a window, `None` when its rows
/// cannot be read in it; `merge` takes the parts in the file's order, as
/// soon as each and those before it are done, `false` when it cannot. The
/// windows' buffers are reused. `false` when the windows were given up.
pub(crate) fn convert_windows<Part: Send>(
    cutter: Cutter<'_>,
    first: Window,
    convert: impl Fn(&Window) -> Option<Part> + Sync,
    merge: impl FnMut(Part) -> bool + Send,
) -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};

    /// Parts done before those before them, and the number of the next
    /// part to merge.
    struct Merger<Part, Merge> {
        waiting: std::collections::BTreeMap<usize, Part>,
        next: usize,
        merge: Merge,
    }
    let given_up = AtomicBool::new(false);
    let give_up = || given_up.store(true, Ordering::Relaxed);
    let first = Mutex::new(Some(first));
    let cutter = Mutex::new(cutter);
    let merger = Mutex::new(Merger {
        waiting: std::collections::BTreeMap::new(),
        next: 0,
        merge,
    });
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let work = |_| {
        let mut buffer = Vec::new();
        while !given_up.load(Ordering::Relaxed) {
            let first = first.lock().ok().and_then(|mut first| first.take());
            let window = match first {
                Some(first) => first,
                None => match cutter
                    .lock()
                    .map(|mut cutter| cutter.next(std::mem::take(&mut buffer)))
                {
                    Ok(None) => return,
                    Ok(Some(Ok(window))) => window,
                    Ok(Some(Err(GiveUp))) | Err(_) => return give_up(),
                },
            };
            let part = convert(&window);
            buffer = window.text.into_bytes();
            let Some(part) = part else {
                return give_up();
            };
            let Ok(mut merger) = merger.lock() else {
                return give_up();
            };
            merger.waiting.insert(window.index, part);
            // The parts next in the file's order are merged at once, so
            // that none waits for the end.
            loop {
                let next = merger.next;
                let Some(part) = merger.waiting.remove(&next) else {
                    break;
                };
                if !(merger.merge)(part) {
                    return give_up();
                }
                merger.next += 1;
            }
        }
    };
    crate::jobs::on_every_core(cores, work);
    !given_up.into_inner()
        && merger
            .into_inner()
            .is_ok_and(|merger| merger.waiting.is_empty())
}

/// The rows of a file after its header (which ends at `body` in the first
/// window), converted a window at a time ([`convert_windows`]): `read`
/// makes a window's part, its rows read from the offset given, with the
/// places of its items ([`places_of`]), `None` when its rows cannot be
/// read in it; `absorb` merges the parts into `merged` in the file's order.
/// The places are given to `whole` with `known` (the header's) before
/// them. `false` when the windows were given up.
pub(crate) fn convert_rows<Part: Send, Merged: Send>(
    cutter: Cutter<'_>,
    (first, body): (Window, usize),
    (whole, mut known): (&FileText<'_>, Vec<(u64, u32, u32)>),
    merged: &mut Merged,
    read: impl Fn(&Window, usize) -> Option<(Part, Vec<(u64, u32, u32)>)> + Sync,
    absorb: impl Fn(&mut Merged, Part) -> bool + Sync,
) -> bool {
    let done = convert_windows(
        cutter,
        first,
        |window| {
            let from = if window.index == 0 {
                body
            } else {
                window.rows_from
            };
            read(window, from)
        },
        |(part, places)| {
            known.extend(places);
            absorb(merged, part)
        },
    );
    if done {
        whole.know_places(known);
    }
    done
}

/// The places of a window's items, by their offsets in the window: the
/// offsets in the file, with their lines and columns, in order.
pub(crate) fn places_of(
    window: &Window,
    file: &FileText<'_>,
    offsets: impl Iterator<Item = usize>,
) -> Vec<(u64, u32, u32)> {
    let mut offsets: Vec<usize> = offsets.collect();
    offsets.sort_unstable();
    offsets.dedup();
    let narrow = |value: usize| u32::try_from(value).unwrap_or(u32::MAX);
    let bytes = window.text.as_bytes();
    let characters = |bytes: &[u8]| bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count();
    // Walked through once, in order: the line breaks before each offset
    // counted from the one before.
    let (mut at, mut breaks, mut line_start) = (0, 0, None);
    offsets
        .into_iter()
        .map(|offset| {
            let offset = offset.min(bytes.len());
            let between = &bytes[at..offset];
            breaks += memchr::memchr_iter(b'\n', between).count();
            if let Some(last) = memchr::memrchr(b'\n', between) {
                line_start = Some(at + last + 1);
            }
            at = offset;
            let place = match line_start {
                Some(line_start) => LineCol {
                    line: file.start().line + breaks,
                    column: characters(&bytes[line_start..offset]) + 1,
                },
                None => LineCol {
                    line: file.start().line,
                    column: file.start().column + characters(&bytes[..offset]),
                },
            };
            (
                (window.base + offset) as u64,
                narrow(place.line),
                narrow(place.column),
            )
        })
        .collect()
}

/// An estimate of a file's rows from its first window's.
pub(crate) fn estimated_rows(first: &Window, header_end: usize, size: u64) -> usize {
    let sample = first.text.as_bytes().get(header_end..).unwrap_or_default();
    let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
    let per_byte = lines as f64 / sample.len().max(1) as f64;
    (size as f64 * per_byte * 1.05) as usize + 16
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn windows_of(text: &str, window_bytes: usize) -> Vec<Window> {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let mut cutter = Cutter::new(&file, text.len() as u64, window_bytes);
        let mut windows = Vec::new();
        while let Some(window) = cutter.next(Vec::new()) {
            windows.push(window.unwrap());
        }
        windows
    }

    #[test]
    fn windows_cover_the_file_and_know_their_places() {
        let text = "head,er\nrow é 1\n\nrow 2 ü\r\nrow 3, a much longer line than a window\nlast";
        for window_bytes in [1, 4, 9, 16, 1000] {
            let windows = windows_of(text, window_bytes);
            let whole = FileText::new("f".into(), text);
            let mut covered = 0;
            for window in &windows {
                // Each window's rows begin where the one before ended.
                assert_eq!(window.base + window.rows_from, covered, "{window_bytes}");
                covered = window.base + window.text.len();
                assert_eq!(&text[window.base..covered], window.text);
                if window.index > 0 {
                    assert!(window.text.starts_with('\n'));
                }
                // Every offset's place is the file's, also as the places
                // of a window's items are found.
                let file = window.file_text(&"f".into());
                let boundaries =
                    (0..window.text.len()).filter(|&at| window.text.is_char_boundary(at));
                for (offset, line, column) in places_of(window, &file, boundaries) {
                    let at = whole.position(offset as usize);
                    assert_eq!((line as usize, column as usize), (at.line, at.column));
                }
                for offset in 0..window.text.len() {
                    if window.text.is_char_boundary(offset) {
                        assert_eq!(
                            file.position(offset),
                            whole.position(window.base + offset),
                            "{window_bytes} {offset}"
                        );
                    }
                }
            }
            assert_eq!(covered, text.len());
        }
    }

    #[test]
    fn text_that_is_not_utf8_gives_up() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"a,b\n\xff\xfe\n").unwrap();
        let mut cutter = Cutter::new(&file, 8, 1000);
        assert!(matches!(cutter.next(Vec::new()), Some(Err(GiveUp))));
    }
}
