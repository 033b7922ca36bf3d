//! Where a frame's time goes: the app's and egui's profiling scopes, as
//! puffin records them (`--profile`), read into what the Profiler window
//! draws: each thread's scopes with their depth and times, for a flame
//! graph, and the scopes that took most of the frame.
//!
//! The app's hot pieces (the frame, the layout, the scene, painting, the
//! side panels) and egui's own (its layout, tessellation) open scopes that
//! cost next to nothing until [`start`] turns recording on.

use std::collections::BTreeMap;

use puffin::{NanoSecond, ScopeId, StreamInfo, UnpackedFrameData};

/// How deep a frame's scopes are read: deeper ones are left out (a
/// recursion in the profiled code would otherwise make the graph endless).
pub const MAX_DEPTH: usize = 32;

/// The most scopes read from one frame; the rest are left out.
pub const MAX_SCOPES: usize = 100_000;

/// Turns the recording of scopes on, from this frame on.
pub fn start() {
    puffin::set_scopes_on(true);
}

/// Whether scopes are being recorded.
pub fn is_on() -> bool {
    puffin::are_scopes_on()
}

/// One frame's scopes.
#[derive(Clone, Debug, Default)]
pub struct ProfiledFrame {
    pub index: u64,
    /// From the first scope's start to the last one's end.
    pub duration_ns: NanoSecond,
    /// The threads that recorded scopes, in the order they started.
    pub threads: Vec<ProfiledThread>,
    /// Whether scopes were left out ([`MAX_DEPTH`], [`MAX_SCOPES`]).
    pub truncated: bool,
}

/// One thread's scopes in a frame.
#[derive(Clone, Debug, Default)]
pub struct ProfiledThread {
    pub name: String,
    /// Every scope, each before its children.
    pub scopes: Vec<ProfiledScope>,
    /// One more than the deepest scope's depth.
    pub depth: usize,
}

/// A scope: a piece of code, how long it ran and when.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfiledScope {
    /// 0 for a scope no other one holds.
    pub depth: usize,
    /// From the frame's start.
    pub start_ns: NanoSecond,
    pub duration_ns: NanoSecond,
    /// The function or the scope's own name.
    pub name: String,
    /// `file:line`.
    pub location: String,
    /// What the scope said about itself (may be empty).
    pub data: String,
}

/// A scope's name and location, by its id.
pub type ScopeNames<'a> = dyn Fn(ScopeId) -> Option<(String, String)> + 'a;

/// A frame's time by scope name: how often each ran and for how long in all.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeTotal {
    pub name: String,
    pub location: String,
    pub calls: usize,
    pub total_ns: NanoSecond,
}

impl ProfiledFrame {
    /// Reads a frame's scopes; a scope puffin has no details for is named
    /// by its id. A stream that does not read is left out from where it
    /// fails (and the frame marked truncated).
    pub fn read(frame: &UnpackedFrameData, names: &ScopeNames<'_>) -> Self {
        let (frame_start, frame_end) = frame.range_ns();
        let mut threads: Vec<(Option<NanoSecond>, ProfiledThread)> = Vec::new();
        let mut truncated = false;
        let mut scopes_read = 0;
        for (info, stream) in &frame.thread_streams {
            let mut thread = ProfiledThread {
                name: info.name.clone(),
                ..ProfiledThread::default()
            };
            truncated |= read_stream(stream, frame_start, names, &mut thread, &mut scopes_read);
            if !thread.scopes.is_empty() {
                threads.push((info.start_time_ns, thread));
            }
        }
        threads.sort_by_key(|(start, _)| *start);
        Self {
            index: frame.frame_index(),
            duration_ns: (frame_end - frame_start).max(0),
            threads: threads.into_iter().map(|(_, thread)| thread).collect(),
            truncated,
        }
    }

    /// Time by scope name, most first: the scopes' own time is not told
    /// apart from their children's, so a scope's total holds what it called.
    pub fn totals(&self) -> Vec<ScopeTotal> {
        let mut by_name: BTreeMap<(&str, &str), (usize, NanoSecond)> = BTreeMap::new();
        for thread in &self.threads {
            for scope in &thread.scopes {
                let entry = by_name
                    .entry((scope.name.as_str(), scope.location.as_str()))
                    .or_default();
                entry.0 += 1;
                entry.1 += scope.duration_ns;
            }
        }
        let mut totals: Vec<ScopeTotal> = by_name
            .into_iter()
            .map(|((name, location), (calls, total_ns))| ScopeTotal {
                name: name.to_owned(),
                location: location.to_owned(),
                calls,
                total_ns,
            })
            .collect();
        totals.sort_by(|a, b| b.total_ns.cmp(&a.total_ns).then(a.name.cmp(&b.name)));
        totals
    }
}

/// Reads one thread's stream into `thread`, depth first, without
/// recursion; returns whether anything was left out.
fn read_stream(
    stream: &StreamInfo,
    frame_start: NanoSecond,
    names: &ScopeNames<'_>,
    thread: &mut ProfiledThread,
    scopes_read: &mut usize,
) -> bool {
    let mut truncated = false;
    // Readers of the scopes at each depth still to read.
    let mut stack = vec![puffin::Reader::from_start(&stream.stream)];
    loop {
        let depth = stack.len().saturating_sub(1);
        let Some(reader) = stack.last_mut() else {
            break;
        };
        let Some(next) = reader.next() else {
            stack.pop();
            continue;
        };
        let Ok(scope) = next else {
            truncated = true;
            stack.pop();
            continue;
        };
        if *scopes_read >= MAX_SCOPES {
            return true;
        }
        *scopes_read += 1;
        let (name, location) =
            names(scope.id).unwrap_or_else(|| (format!("scope {}", scope.id.0), String::new()));
        thread.depth = thread.depth.max(depth + 1);
        thread.scopes.push(ProfiledScope {
            depth,
            start_ns: scope.record.start_ns - frame_start,
            duration_ns: scope.record.duration_ns,
            name,
            location,
            data: scope.record.data.to_owned(),
        });
        if scope.child_begin_position < scope.child_end_position {
            if depth + 1 >= MAX_DEPTH {
                truncated = true;
            } else if let Ok(children) =
                puffin::Reader::with_offset(&stream.stream, scope.child_begin_position)
            {
                stack.push(children);
            } else {
                truncated = true;
            }
        }
    }
    truncated
}

/// The names puffin has for the scopes it recorded.
pub fn names_from(
    scopes: &puffin::ScopeCollection,
) -> impl Fn(ScopeId) -> Option<(String, String)> {
    move |id| {
        scopes
            .fetch_by_id(&id)
            .map(|details| (details.name().to_string(), details.location()))
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use puffin::{Stream, ThreadInfo};

    use super::*;

    fn id(n: u32) -> ScopeId {
        ScopeId(NonZeroU32::new(n).expect("not zero"))
    }

    /// A stream of `frame` (start 100 ns), `layout` (110–150) inside it
    /// with `lane` (120–130) inside that, then `paint` (160–190).
    fn stream() -> StreamInfo {
        let mut stream = Stream::default();
        let (frame, _) = stream.begin_scope(|| 100, id(1), "");
        let (layout, _) = stream.begin_scope(|| 110, id(2), "");
        let (lane, _) = stream.begin_scope(|| 120, id(3), "war");
        stream.end_scope(lane, 130);
        stream.end_scope(layout, 150);
        let (paint, _) = stream.begin_scope(|| 160, id(4), "");
        stream.end_scope(paint, 190);
        stream.end_scope(frame, 200);
        StreamInfo::parse(stream).expect("a stream")
    }

    fn names(id: ScopeId) -> Option<(String, String)> {
        let name = match id.0.get() {
            1 => "frame",
            2 => "layout",
            3 => "lane",
            4 => "paint",
            _ => return None,
        };
        Some((name.to_owned(), format!("app.rs:{}", id.0)))
    }

    fn frame() -> UnpackedFrameData {
        let thread = ThreadInfo {
            start_time_ns: Some(0),
            name: "main".to_owned(),
        };
        UnpackedFrameData::new(7, BTreeMap::from([(thread, stream())])).expect("a frame")
    }

    #[test]
    fn scopes_are_read_depth_first_with_times_from_the_frame_start() {
        let profiled = ProfiledFrame::read(&frame(), &names);
        assert_eq!(profiled.index, 7);
        assert_eq!(profiled.duration_ns, 100);
        assert!(!profiled.truncated);
        let [thread] = profiled.threads.as_slice() else {
            panic!("one thread: {:?}", profiled.threads);
        };
        assert_eq!(thread.name, "main");
        assert_eq!(thread.depth, 3);
        let read: Vec<(usize, &str, NanoSecond, NanoSecond, &str)> = thread
            .scopes
            .iter()
            .map(|s| {
                (
                    s.depth,
                    s.name.as_str(),
                    s.start_ns,
                    s.duration_ns,
                    s.data.as_str(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (0, "frame", 0, 100, ""),
                (1, "layout", 10, 40, ""),
                (2, "lane", 20, 10, "war"),
                (1, "paint", 60, 30, ""),
            ]
        );
        assert_eq!(thread.scopes[1].location, "app.rs:2");
    }

    #[test]
    fn totals_sum_each_scope_most_first() {
        let totals = ProfiledFrame::read(&frame(), &names).totals();
        let read: Vec<(&str, usize, NanoSecond)> = totals
            .iter()
            .map(|t| (t.name.as_str(), t.calls, t.total_ns))
            .collect();
        assert_eq!(
            read,
            [
                ("frame", 1, 100),
                ("layout", 1, 40),
                ("paint", 1, 30),
                ("lane", 1, 10)
            ]
        );
    }

    #[test]
    fn unknown_scopes_are_named_by_id() {
        let profiled = ProfiledFrame::read(&frame(), &|_| None);
        assert_eq!(profiled.threads[0].scopes[0].name, "scope 1");
    }
}
