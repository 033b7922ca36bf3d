//! Writing a generated dataset folder, with the events streamed.
//!
//! [`load::write_folder_with`] does the writing, with the rules of
//! [`load::write_folder`]: the target may be new, empty or a dataset
//! folder; the new folder is staged beside it and swapped in whole, and a
//! file over the load limit is refused before anything is moved into place.
//! Only `events.ron` is written differently: streamed one event a line
//! rather than built as one pretty-printed string, which is what makes a
//! million events fast and keeps more of them under the loader's size limit.

use std::fmt::Write as _;
use std::path::Path;

use crate::load::{self, WriteFile, WriteOptions, WrittenFolder};
use crate::model::{Dataset, Date, Event, Text};

/// Writes a dataset in the folder form into `dir`: `dataset.ron`,
/// `quotes.ron` and `displacement.ron` are the text of
/// [`load::to_folder_ron`], `events.ron` is streamed by [`write_events`].
/// A file over `options.max_file_bytes` is refused and nothing is changed.
pub fn write_generated(
    dataset: &Dataset,
    dir: &Path,
    options: &WriteOptions,
) -> Result<WrittenFolder, load::WriteError> {
    // Everything but the events goes through the project's own writer.
    let head = without_events(dataset);
    let texts = load::to_folder_ron(&head).map_err(|error| load::WriteError::Serialize {
        path: dir.to_path_buf(),
        message: error.to_string(),
    })?;
    let files = texts
        .into_iter()
        .map(|(name, text)| {
            let write: WriteFile<'_> = if name == "events.ron" {
                Box::new(|out: &mut dyn std::io::Write| {
                    let bytes = write_events(out, &dataset.events)?;
                    Ok(usize::try_from(bytes).unwrap_or(usize::MAX))
                })
            } else {
                Box::new(move |out: &mut dyn std::io::Write| {
                    out.write_all(text.as_bytes())?;
                    Ok(text.len())
                })
            };
            (name, write)
        })
        .collect();
    load::write_folder_with(dir, files, options)
}

/// A copy of the dataset without its events, the one large part.
fn without_events(dataset: &Dataset) -> Dataset {
    Dataset {
        title: dataset.title.clone(),
        description: dataset.description.clone(),
        view: dataset.view,
        lanes: dataset.lanes.clone(),
        eras: dataset.eras.clone(),
        sources: dataset.sources.clone(),
        events: Vec::new(),
        quotes: dataset.quotes.clone(),
        displacement: dataset.displacement.clone(),
        views: dataset.views.clone(),
    }
}

/// Streams `events` as the contents of `events.ron`: a list with one event
/// a line, in the syntax the loader reads, written in chunks rather than
/// built as one string (the pretty form, with a field a line, takes half as
/// much again). Returns the bytes written.
pub(crate) fn write_events(out: &mut dyn std::io::Write, events: &[Event]) -> std::io::Result<u64> {
    let mut written = 0u64;
    let mut chunk = String::with_capacity(1 << 16);
    chunk.push_str("#![enable(implicit_some)]\n");
    chunk.push_str(if events.is_empty() { "[]\n" } else { "[\n" });
    for event in events {
        event_ron(&mut chunk, event);
        if chunk.len() >= 1 << 16 {
            out.write_all(chunk.as_bytes())?;
            written += chunk.len() as u64;
            chunk.clear();
        }
    }
    if !events.is_empty() {
        chunk.push_str("]\n");
    }
    out.write_all(chunk.as_bytes())?;
    written += chunk.len() as u64;
    Ok(written)
}

/// One event as a line of the list.
fn event_ron(out: &mut String, event: &Event) {
    out.push_str("    (id: ");
    ron_string(out, &event.id);
    out.push_str(", title: ");
    ron_string(out, &event.title);
    field_date(out, "start", event.start);
    if let Some(end) = event.end {
        field_date(out, "end", end);
    }
    if event.ongoing {
        out.push_str(", ongoing: true");
    }
    out.push_str(", lane: ");
    ron_string(out, &event.lane);
    if let Some(summary) = &event.summary {
        out.push_str(", summary: ");
        ron_string(out, summary);
    }
    string_list(out, "sources", &event.sources);
    string_list(out, "tags", &event.tags);
    if event.importance != 3 {
        let _ = write!(out, ", importance: {}", event.importance);
    }
    if event.approximate {
        out.push_str(", approximate: true");
    }
    out.push_str("),\n");
}

fn field_date(out: &mut String, name: &str, date: Date) {
    out.push_str(", ");
    out.push_str(name);
    out.push_str(": \"");
    let _ = write!(out, "{}", date.iso());
    out.push('"');
}

fn string_list(out: &mut String, name: &str, values: &[Text]) {
    if values.is_empty() {
        return;
    }
    out.push_str(", ");
    out.push_str(name);
    out.push_str(": [");
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        ron_string(out, value);
    }
    out.push(']');
}

/// A RON string literal as ron writes it: every character through
/// [`char::escape_debug`], so `"`, `'` and `\` are escaped and so are
/// characters that do not print; other text, non-ASCII included, is kept.
fn ron_string(out: &mut String, value: &str) {
    out.push('"');
    // Runs of characters that stay as they are are copied whole.
    let mut run = 0;
    for (at, c) in value.char_indices() {
        let kept = if c.is_ascii() {
            (' '..='~').contains(&c) && !matches!(c, '"' | '\'' | '\\')
        } else {
            c.escape_debug().len() == 1
        };
        if !kept {
            out.push_str(&value[run..at]);
            out.extend(c.escape_debug());
            run = at + c.len_utf8();
        }
    }
    out.push_str(&value[run..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};

    #[test]
    fn streamed_events_read_back_as_written() {
        let options = GenerateOptions {
            events: 300,
            ..GenerateOptions::default()
        };
        let mut dataset = generate(&options).unwrap();
        dataset.events[0].title =
            "Tab\there, \"quoted\", it's, back\\slash, bell\u{7}, e\u{301}".into();
        dataset.events[1].tags = Box::new(["a".into(), "b".into()]);
        let mut streamed = Vec::new();
        let bytes = write_events(&mut streamed, &dataset.events).unwrap();
        assert_eq!(bytes, streamed.len() as u64);
        let text = String::from_utf8(streamed).unwrap();
        assert_eq!(text.lines().count(), 300 + 3, "one event a line");
        let read: Vec<Event> = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&text)
            .unwrap();
        assert_eq!(read, dataset.events);
        let mut empty = Vec::new();
        write_events(&mut empty, &[]).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            load::to_folder_ron(&Dataset::default()).unwrap()[1].1
        );
    }
}
