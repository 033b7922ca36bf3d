//! An `events.ron` too big to hold whole, read a window at a time.
//!
//! A million events are 200 MB of text, ten million 2 GB. Held whole while
//! its events were read, the text was the largest thing a load held at its
//! peak, and reading it into fresh memory took most of a big load's system
//! time (the kernel hands out fresh memory a page at a time). Instead the
//! file is cut into windows of about 8 MiB ([`Windowing::DEFAULT`],
//! `import::windows`), each ending before a line where an item of the list
//! starts; each core reads a window into a buffer it reuses and reads its
//! items as it finds them (the fast reader, or ron for an item it leaves),
//! and the events are put together in the file's order as the windows are
//! done.
//!
//! A window is read as if it began between two items of the list (the
//! first window, at the file's start). That holds when the window before
//! it ended so: its last item whole and followed by its comma, as every
//! window is asked to. A window that does not end so (a multi-line string
//! or comment running over its end, a missing comma), whose items do not
//! scan, or that is not UTF-8 gives the windows up: the file is then read
//! whole, which reports what is wrong where it is.
//!
//! What is wrong inside an item (a field ron cannot read) is reported from
//! its window, at its place. The places of the items are kept by offset
//! ([`FileText::know_places`]), so that the checks after reading place what
//! they find at the item's start, the text being gone by then.

use std::path::Path;
use std::sync::{Arc, Mutex};

use super::diagnostic::Collector;
use super::fast;
use super::import::texts::EventTexts;
use super::import::windows::{self, Cutter, Window};
use super::parse::{EventsRead, FileText, ItemRef, Parser, ron_options};
use super::scan::{self, WindowStep, WindowWalk};
use super::{LoadError, LoadOptions};
use crate::model::Event;

/// When an `events.ron` is read a window at a time, and in windows of what
/// size.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Windowing {
    /// Files from this size on.
    pub min_bytes: u64,
    /// About how many bytes a window holds.
    pub window_bytes: usize,
}

impl Windowing {
    /// Files of 64 MiB or more (about 300,000 events), as conflict event
    /// files, in windows of 8 MiB: a core's window takes tens of
    /// milliseconds, and the last to be done keeps the others waiting for
    /// less than a bigger one would.
    pub const DEFAULT: Self = Self {
        min_bytes: windows::MIN_WINDOWED_BYTES,
        window_bytes: 8 << 20,
    };
}

/// The `events.ron` at `path` read a window at a time, as the file
/// `file_index` of its dataset: its text-less [`FileText`], which knows
/// its items' places, and its events. `Ok(None)` when it is to be read
/// whole: smaller than `windowing.min_bytes`, or its windows given up.
pub(crate) fn read_events(
    path: &Path,
    options: &LoadOptions,
    file_index: usize,
    windowing: Windowing,
) -> Result<Option<(FileText<'static>, EventsRead)>, LoadError> {
    if std::fs::metadata(path).map_or(true, |metadata| metadata.len() < windowing.min_bytes) {
        return Ok(None);
    }
    let (file, size, _, _) = super::open_within_limit(path, options, false)?;
    let name: Arc<str> = path.display().to_string().into();
    // A file with no line where an item starts for many windows (all on
    // one line, say) is read whole, on every core, rather than as one
    // ever wider window.
    let mut cutter = Cutter::new(&file, size, windowing.window_bytes)
        .cut_where(scan::last_item_line_break)
        .at_most(windowing.window_bytes.saturating_mul(8));
    let Some(Ok(first)) = cutter.next(Vec::new()) else {
        return Ok(None);
    };
    let mut read = EventsRead {
        texts_clean: true,
        ..EventsRead::default()
    };
    let mut known = Vec::new();
    let mut closed = false;
    // The lists of events a window is read into, emptied into the whole
    // list and read into again: memory new to the process costs the
    // system's time at its first touch.
    let spare_lists: Mutex<Vec<Vec<Event>>> = Mutex::default();
    let spare_list = || {
        spare_lists
            .lock()
            .ok()
            .and_then(|mut lists| lists.pop())
            .unwrap_or_default()
    };
    let done = windows::convert_windows(
        cutter,
        first,
        |window| read_window(window, &name, file_index, spare_list()),
        |mut part| {
            // Nothing but the list's end may come after it.
            if closed {
                return false;
            }
            closed = part.closed;
            if read.events.is_empty() {
                // Room that cannot be had is not asked for: the lists then
                // grow as they go.
                let estimate = estimated_items(&part, size);
                let _ = read.events.try_reserve_exact(estimate);
                let _ = read.places.try_reserve_exact(estimate);
                let _ = known.try_reserve_exact(estimate);
            }
            read.events.append(&mut part.read.events);
            if let Ok(mut lists) = spare_lists.lock() {
                lists.push(part.read.events);
            }
            read.places.extend(part.read.places);
            known.extend(part.known);
            read.diagnostics.absorb(part.read.diagnostics);
            read.unreadable_ids.extend(part.read.unreadable_ids);
            read.texts_clean &= part.read.texts_clean;
            true
        },
    );
    if !done || !closed {
        return Ok(None);
    }
    let whole = FileText::read_in_windows(name);
    whole.know_places(known);
    Ok(Some((whole, read)))
}

/// What a window holds: its events, read, and the places of its items.
struct Part {
    read: EventsRead,
    /// (offset, line, column) of each item read, in the file.
    known: Vec<(u64, u32, u32)>,
    /// Whether the list closed in it.
    closed: bool,
    /// Its bytes: for the number of events in the file.
    bytes: usize,
}

/// About how many events a file of `size` bytes holds, a little over rather
/// than under, from the events read in its first window (room that is made
/// but never written to takes no memory), and never more than an event
/// every [`SMALLEST_EVENT_BYTES`].
fn estimated_items(first: &Part, size: u64) -> usize {
    let per_byte = first.read.events.len() as f64 / first.bytes.max(1) as f64;
    let estimate = (size as f64 * per_byte * 1.05) as usize + 16;
    estimate.min(usize::try_from(size).unwrap_or(usize::MAX) / SMALLEST_EVENT_BYTES)
}

/// The fewest bytes an event is written in, with the comma after it:
/// `(id:"a",title:"",start:"1",lane:"l"),`.
const SMALLEST_EVENT_BYTES: usize = 38;

/// Reads a window's events into `events` (an empty list whose room is
/// reused); `None` when its items do not scan as those of a window between
/// two items of the list ([`WindowWalk`]).
///
/// An item is read as it is found: one written plainly by the fast reader,
/// which gives where it ends; any other is skipped by the scan and read by
/// ron, which reports what is wrong with it.
fn read_window(
    window: &Window,
    name: &Arc<str>,
    file_index: usize,
    mut events: Vec<Event>,
) -> Option<Part> {
    let text = [window.file_text(name)];
    let mut parser = Parser::new(&text, Collector::default());
    let mut walk = WindowWalk::new(&window.text, window.rows_from, window.index == 0)?;
    let mut texts = EventTexts::default();
    let mut ranges = Vec::new();
    let mut texts_clean = true;
    let options = ron_options();
    let closed = loop {
        let start = match walk.step()? {
            WindowStep::End => break false,
            WindowStep::Closed => break true,
            WindowStep::Item(start) => start,
        };
        if let Some((end, clean)) =
            fast::read_event_at(&window.text, start, &mut texts, &mut events)
        {
            walk.read_to(end)?;
            ranges.push(start..end);
            texts_clean &= clean;
            continue;
        }
        texts_clean = false;
        let range = walk.skip_item()?;
        match options.from_str::<Event>(&window.text[range.clone()]) {
            Ok(event) => {
                events.push(event);
                ranges.push(range);
            }
            Err(error) => parser.item_unread(0, range, error, "Event"),
        }
    };
    texts.seal(&mut events);
    let known = windows::places_of(window, &text[0], ranges.iter().map(|range| range.start));
    let places = ranges
        .into_iter()
        .map(|range| ItemRef {
            file: file_index,
            range: window.base + range.start..window.base + range.end,
        })
        .collect();
    let unreadable_ids = parser
        .places
        .unreadable
        .ids
        .remove("Event")
        .map(|ids| ids.into_iter().collect())
        .unwrap_or_default();
    Some(Part {
        read: EventsRead {
            events,
            places,
            diagnostics: parser.diagnostics,
            unreadable_ids,
            texts_clean,
        },
        known,
        closed,
        bytes: window.text.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate, write_generated};
    use crate::load::{Diagnostic, LoadOptions, Loaded, load_folder_with};

    /// Windows of a few hundred bytes: many windows in a small file.
    const SMALL: Windowing = Windowing {
        min_bytes: 0,
        window_bytes: 700,
    };
    /// Never in windows.
    const WHOLE: Windowing = Windowing {
        min_bytes: u64::MAX,
        window_bytes: 700,
    };

    /// A generated dataset of `events` events in a new folder, its
    /// `events.ron` then made what `edit` makes of it.
    fn folder(events: usize, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let dataset = generate(&GenerateOptions::new(events)).unwrap();
        write_generated(&dataset, dir.path(), &Default::default()).unwrap();
        let path = dir.path().join("events.ron");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
        dir
    }

    /// `text` with its lines made what `edit` makes of them.
    fn edit_lines(text: String, edit: impl FnOnce(&mut Vec<String>)) -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        edit(&mut lines);
        lines.join("\n") + "\n"
    }

    fn load(dir: &tempfile::TempDir, windowing: Windowing) -> Result<Loaded, Vec<Diagnostic>> {
        load_folder_with(dir.path(), &LoadOptions::default(), windowing)
            .map_err(|error| error.diagnostics)
    }

    /// Whether the folder's `events.ron` is read in windows (not given up).
    fn read_in_windows(dir: &tempfile::TempDir) -> bool {
        let path = dir.path().join("events.ron");
        read_events(&path, &LoadOptions::default(), 1, SMALL)
            .unwrap()
            .is_some()
    }

    fn assert_same(
        windowed: Result<Loaded, Vec<Diagnostic>>,
        whole: Result<Loaded, Vec<Diagnostic>>,
    ) {
        match (windowed, whole) {
            (Ok(windowed), Ok(whole)) => {
                assert_eq!(windowed.dataset, whole.dataset);
                assert_eq!(windowed.warnings, whole.warnings);
            }
            (Err(windowed), Err(whole)) => assert_eq!(windowed, whole),
            (windowed, whole) => panic!(
                "windowed: {:?}\nwhole: {:?}",
                windowed.map(|loaded| loaded.dataset.events.len()),
                whole.map(|loaded| loaded.dataset.events.len())
            ),
        }
    }

    #[test]
    fn events_read_in_windows_are_those_read_whole() {
        let dir = folder(3000, |text| text);
        assert!(read_in_windows(&dir));
        let windowed = load(&dir, SMALL).unwrap();
        assert_eq!(windowed.dataset.events.len(), 3000);
        assert_same(Ok(windowed), load(&dir, WHOLE));
    }

    /// Items the fast reader leaves to ron, written over several lines,
    /// and items ron cannot read: each reported where it is, as when the
    /// file is read whole.
    #[test]
    fn items_ron_reads_and_items_that_fail_are_as_when_read_whole() {
        let dir = folder(1500, |text| {
            edit_lines(text, |lines| {
                let unusual = [
                    // Pretty, a field a line.
                    "    (\n        id: \"pretty\",\n        title: \"Over \\\"lines\\\"\",\n        start: \"2001\",\n        lane: \"war\",\n    ),",
                    // A comment, `Some`, an escape ron knows and this reader not.
                    "    Event(id: \"named\", /* a note */ title: \"caf\\u{e9}\", start: \"2002\", lane: \"war\", summary: Some(\"s\")),",
                    // A date that is no date.
                    "    (id: \"bad-date\", title: \"t\", start: \"2016-13\", lane: \"war\"),",
                    // A field the format does not have.
                    "    (id: \"unknown\", title: \"t\", start: \"2003\", lane: \"war\", colour: \"red\"),",
                    // No title.
                    "    (id: \"untitled\", start: \"2004\", lane: \"war\"),",
                ];
                for (n, item) in unusual.iter().enumerate() {
                    lines.insert(3 + n * 300, (*item).to_owned());
                }
            })
        });
        assert!(read_in_windows(&dir));
        let windowed = load(&dir, SMALL);
        let errors = windowed.as_ref().unwrap_err();
        let errors = errors
            .iter()
            .filter(|error| error.severity() == crate::load::Severity::Error);
        assert_eq!(errors.count(), 3);
        assert_same(windowed, load(&dir, WHOLE));
    }

    /// A string over many lines that look like items: a window that ends
    /// inside it gives the windows up, and the file is read whole.
    #[test]
    fn a_window_that_ends_inside_a_string_gives_the_windows_up() {
        let dir = folder(400, |text| {
            let fake =
                "\n    (id: \"fake\", title: \"x\", start: \"2000\", lane: \"war\"),".repeat(60);
            let item = format!(
                "    (id: \"long\", title: \"t\", start: \"2005\", lane: \"war\", summary: \"{}\"),",
                fake.replace('"', "'")
            );
            edit_lines(text, |lines| {
                lines.insert(100, item);
            })
        });
        assert!(!read_in_windows(&dir));
        let windowed = load(&dir, SMALL).unwrap();
        assert_eq!(windowed.dataset.events.len(), 401);
        assert_same(Ok(windowed), load(&dir, WHOLE));
    }

    /// Texts the fast reader notes as maybe holding a control character
    /// are checked after reading (the others are not checked again): the
    /// problems are those of the whole read, placed at their items.
    #[test]
    fn control_characters_in_texts_read_plainly_are_found() {
        let dir = folder(900, |text| {
            edit_lines(text, |lines| {
                for (at, title) in [
                    (200, "del \u{7f}"),
                    (500, "next \u{85} line"),
                    (700, "pound £"),
                ] {
                    lines.insert(
                    at,
                    format!("    (id: \"odd-{at}\", title: \"{title}\", start: \"2005\", lane: \"war\"),"),
                );
                }
            })
        });
        assert!(read_in_windows(&dir));
        let problems = |loaded: Result<Loaded, Vec<Diagnostic>>| -> Vec<String> {
            let mut problems: Vec<String> = loaded
                .unwrap_err()
                .into_iter()
                .filter(|error| error.severity() == crate::load::Severity::Error)
                .map(|error| format!("{:?}", error.problem))
                .collect();
            problems.sort();
            problems
        };
        let windowed = problems(load(&dir, SMALL));
        assert_eq!(windowed.len(), 2, "{windowed:?}");
        assert_eq!(windowed, problems(load(&dir, WHOLE)));
    }

    /// A byte order mark and lines ended by CR LF.
    #[test]
    fn a_byte_order_mark_and_crlf_lines_are_read_in_windows() {
        let dir = folder(1200, |text| {
            format!("\u{feff}{}", text.replace('\n', "\r\n"))
        });
        assert!(read_in_windows(&dir));
        let windowed = load(&dir, SMALL).unwrap();
        assert_eq!(windowed.dataset.events.len(), 1200);
        assert_same(Ok(windowed), load(&dir, WHOLE));
    }

    /// Something after the list, on a line that looks like an item: the
    /// windows are given up, and the whole read reports it.
    #[test]
    fn what_follows_the_list_is_reported_as_when_read_whole() {
        let dir = folder(600, |text| text + "Event(\n");
        assert!(!read_in_windows(&dir));
        let windowed = load(&dir, SMALL);
        assert!(windowed.is_err());
        assert_same(windowed, load(&dir, WHOLE));
    }

    /// A syntax error between items gives the windows up: the whole file's
    /// read reports it where it is.
    #[test]
    fn a_missing_comma_is_reported_as_when_read_whole() {
        let dir = folder(800, |text| {
            edit_lines(text, |lines| {
                let line = &mut lines[500];
                line.truncate(line.len() - 1);
            })
        });
        assert!(!read_in_windows(&dir));
        let windowed = load(&dir, SMALL);
        assert!(windowed.is_err());
        assert_same(windowed, load(&dir, WHOLE));
    }

    /// The checks after reading place what they find at the item's start,
    /// its text being gone.
    #[test]
    fn a_check_after_reading_places_its_problem_at_the_item() {
        let dir = folder(600, |text| {
            edit_lines(text, |lines| {
                lines.insert(
                    402,
                    "    (id: \"lost\", title: \"t\", start: \"2005\", lane: \"no-such-lane\"),"
                        .to_owned(),
                );
            })
        });
        assert!(read_in_windows(&dir));
        let errors = load(&dir, SMALL).unwrap_err();
        let lost = errors
            .iter()
            .find(|error| format!("{:?}", error.problem).contains("no-such-lane"))
            .unwrap();
        let position = lost.place.position.unwrap();
        assert_eq!((position.line, position.column), (403, 5));
    }
}
