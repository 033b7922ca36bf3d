//! TimelineJS3 JSON: `{"title": SLIDE, "events": [SLIDE, …], "eras": [ERA, …]}`.
//!
//! The file is split into raw JSON values first (`serde_json`'s `RawValue`
//! borrows each one's text from the file), so that every event is read on its
//! own: one broken event does not hide the others, and each value's byte
//! offset gives its line and column. Dates are objects of numbers or strings
//! (`{"year": 2016, "month": "2", "hour": 13, "minute": 45}`), read as
//! [`Builder::date`] says; a part that is `null` or `""` is absent.
//! `display_date`, `format`, `background`, `autolink`, `scale` and other
//! presentation fields have no place in the model and are ignored.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{
    At, Builder, Converted, DateParts, EraIn, EventIn, MediaIn, Part, Role, TimeParts, parse_part,
};
use crate::load::diagnostic::Problem;
use crate::load::parse::FileText;
use crate::model::Date;

/// How a date object should look, for messages.
const DATE_OBJECT: &str = "an object like {\"year\": 2016, \"month\": 2, \"day\": 27}";
/// How a date part should look, for messages.
const WHOLE_NUMBER: &str = "expected a whole number, e.g. 2016 or \"2016\"";
/// How many characters of a wrong value a message quotes.
const QUOTED_CHARS: usize = 40;

#[derive(Deserialize)]
struct Slide<'a> {
    #[serde(borrow, default)]
    start_date: Option<&'a RawValue>,
    #[serde(borrow, default)]
    end_date: Option<&'a RawValue>,
    #[serde(default)]
    text: Option<SlideText>,
    #[serde(borrow, default)]
    media: Option<&'a RawValue>,
    #[serde(default)]
    group: Option<Scalar>,
    #[serde(default)]
    unique_id: Option<Scalar>,
}

#[derive(Deserialize)]
struct SlideText {
    #[serde(default)]
    headline: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct Media {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    caption: Option<String>,
    #[serde(default)]
    credit: Option<String>,
}

#[derive(Deserialize)]
struct DateObject<'a> {
    #[serde(borrow, default)]
    year: Option<&'a RawValue>,
    #[serde(borrow, default)]
    month: Option<&'a RawValue>,
    #[serde(borrow, default)]
    day: Option<&'a RawValue>,
    #[serde(borrow, default)]
    hour: Option<&'a RawValue>,
    #[serde(borrow, default)]
    minute: Option<&'a RawValue>,
    #[serde(borrow, default)]
    second: Option<&'a RawValue>,
    #[serde(borrow, default)]
    millisecond: Option<&'a RawValue>,
}

/// A string, or a number or boolean standing for one (`"unique_id": 12`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Number(serde_json::Number),
    Bool(bool),
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Self::Text(text) => text,
            Self::Number(number) => number.to_string(),
            Self::Bool(value) => value.to_string(),
        }
    }
}

/// Reads a TimelineJS3 JSON file; `fallback_title` names a timeline without
/// a title slide.
pub(crate) fn convert(
    file: &FileText<'_>,
    fallback_title: &str,
    _options: &crate::load::ImportOptions,
) -> Converted {
    let mut reader = Reader {
        text: file.text,
        builder: Builder::new(file),
    };
    reader.run();
    reader.builder.finish_story(fallback_title)
}

struct Reader<'f, 'a> {
    text: &'a str,
    builder: Builder<'f, 'a>,
}

impl<'a> Reader<'_, 'a> {
    fn run(&mut self) {
        // serde_json does not skip a byte order mark.
        let body_start = if self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let body = &self.text[body_start..];
        if body.trim().is_empty() {
            self.builder.push(
                0,
                Problem::EmptyFile {
                    expected: "a TimelineJS file holds one JSON object `{\"title\": …, \"events\": [ … ]}`".to_owned(),
                },
            );
            return;
        }
        let top = match serde_json::from_str::<HashMap<String, &'a RawValue>>(body) {
            Ok(top) => top,
            Err(error) => {
                let offset = error_offset(self.text, body_start, &error);
                let problem = if error.classify() == serde_json::error::Category::Data {
                    Problem::Invalid {
                        message: format!(
                            "a TimelineJS file holds one JSON object {{\"title\": …, \"events\": [ … ]}}; {}",
                            message(&error)
                        ),
                    }
                } else {
                    Problem::Syntax {
                        message: message(&error),
                    }
                };
                self.builder.push(offset, problem);
                return;
            }
        };
        let top_offset = body_start + (body.len() - body.trim_start().len());

        if let Some(title) = top.get("title") {
            self.title(title);
        }
        match top.get("events") {
            Some(events) => self.events(events),
            None => self.builder.push(
                top_offset,
                Problem::ImportMissingValue {
                    field: "events".into(),
                    column: None,
                    hint: "a TimelineJS timeline lists its events in \"events\": [ … ]".into(),
                },
            ),
        }
        if let Some(eras) = top.get("eras") {
            self.eras(eras);
        }
    }

    fn offset(&self, raw: &RawValue) -> usize {
        offset_of(self.text, raw.get())
    }

    /// Deserializes a raw value, reporting a failure at its place.
    fn read_borrowed<T: Deserialize<'a>>(&mut self, raw: &'a RawValue, what: &str) -> Option<T> {
        match serde_json::from_str::<T>(raw.get()) {
            Ok(value) => Some(value),
            Err(error) => {
                let offset = error_offset(self.text, self.offset(raw), &error);
                self.builder.push(
                    offset,
                    Problem::Invalid {
                        message: format!("in {what}: {}", message(&error)),
                    },
                );
                None
            }
        }
    }

    /// Whether a raw value is a JSON object; reports it when it is not.
    fn expect_object(&mut self, raw: &RawValue, field: &str, expected: &str) -> bool {
        if raw.get().starts_with('{') {
            return true;
        }
        self.invalid(raw, field, format!("expected {expected}"));
        false
    }

    /// Reports a value of the wrong kind at its place.
    fn invalid(&mut self, raw: &RawValue, field: &str, expected: String) {
        let offset = self.offset(raw);
        self.builder.push(
            offset,
            Problem::ImportInvalidValue {
                field: field.into(),
                column: None,
                value: quoted(raw.get()),
                expected,
            },
        );
    }

    /// A list of raw values, or `None` (reported) when it is not a list.
    fn list(&mut self, raw: &'a RawValue, field: &str) -> Option<Vec<&'a RawValue>> {
        if raw.get() == "null" {
            return Some(Vec::new());
        }
        if !raw.get().starts_with('[') {
            self.invalid(
                raw,
                field,
                format!("expected a list [ … ] of {field} objects"),
            );
            return None;
        }
        self.read_borrowed(raw, &format!("`{field}`"))
    }

    fn title(&mut self, raw: &'a RawValue) {
        if raw.get() == "null" || !self.expect_object(raw, "title", "a slide object") {
            return;
        }
        let Some(slide) = self.read_borrowed::<Slide<'_>>(raw, "the title") else {
            return;
        };
        let text = slide.text.unwrap_or(SlideText {
            headline: None,
            text: None,
        });
        let offset = self.offset(raw);
        self.builder.title(
            offset,
            text.headline.as_deref().unwrap_or_default(),
            text.text.as_deref().unwrap_or_default(),
        );
    }

    fn events(&mut self, raw: &'a RawValue) {
        let Some(items) = self.list(raw, "events") else {
            return;
        };
        let mut events = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            if let Some(event) = self.event(item, index) {
                events.push(event);
            }
        }
        self.builder.events(events);
    }

    fn event(&mut self, raw: &'a RawValue, index: usize) -> Option<EventIn> {
        let what = format!("events[{index}]");
        if !self.expect_object(
            raw,
            &what,
            "an event object {\"start_date\": …, \"text\": …}",
        ) {
            return None;
        }
        let offset = self.offset(raw);
        let slide = self.read_borrowed::<Slide<'_>>(raw, &what)?;
        let start = self.date(slide.start_date, offset, "start_date", Role::Start, "event");
        let end = self.date(slide.end_date, offset, "end_date", Role::End, "event");
        let media = match slide.media {
            Some(media) if media.get() != "null" => self.media(media),
            _ => None,
        };
        let (start, end) = (start??, end?);
        let text = slide.text.unwrap_or(SlideText {
            headline: None,
            text: None,
        });
        Some(EventIn {
            offset,
            unique_id: slide.unique_id.map(Scalar::into_string),
            headline: text.headline.unwrap_or_default(),
            text: text.text.unwrap_or_default(),
            start,
            end,
            group: slide.group.map(Scalar::into_string).unwrap_or_default(),
            media,
        })
    }

    fn media(&mut self, raw: &'a RawValue) -> Option<MediaIn> {
        if !self.expect_object(raw, "media", "an object like {\"url\": \"https://…\"}") {
            return None;
        }
        let media = self.read_borrowed::<Media>(raw, "`media`")?;
        Some(MediaIn {
            offset: self.offset(raw),
            url: media.url.unwrap_or_default(),
            caption: media.caption.unwrap_or_default(),
            credit: media.credit.unwrap_or_default(),
        })
    }

    fn eras(&mut self, raw: &'a RawValue) {
        let Some(items) = self.list(raw, "eras") else {
            return;
        };
        for (index, item) in items.into_iter().enumerate() {
            let what = format!("eras[{index}]");
            if !self.expect_object(
                item,
                &what,
                "an era object {\"start_date\": …, \"end_date\": …}",
            ) {
                continue;
            }
            let offset = self.offset(item);
            let Some(slide) = self.read_borrowed::<Slide<'_>>(item, &what) else {
                continue;
            };
            let start = self.date(slide.start_date, offset, "start_date", Role::Start, "era");
            let end = self.date(slide.end_date, offset, "end_date", Role::End, "era");
            if let (Some(Some(start)), Some(end)) = (start, end) {
                let headline = slide
                    .text
                    .and_then(|text| text.headline)
                    .unwrap_or_default();
                self.builder.era(EraIn {
                    offset,
                    headline,
                    start,
                    end,
                });
            }
        }
    }

    /// A date object of an item at `item_offset`; see [`Builder::date`].
    fn date(
        &mut self,
        raw: Option<&'a RawValue>,
        item_offset: usize,
        field: &str,
        role: Role,
        item: &str,
    ) -> Option<Option<Date>> {
        let year_field = format!("{field}.year");
        let raw = raw.filter(|raw| raw.get() != "null");
        let Some(raw) = raw else {
            let parts = DateParts {
                year: None,
                month: None,
                day: None,
                time: TimeParts::default(),
                year_at: At::new(item_offset, year_field, None),
            };
            return self.builder.date(parts, role, item);
        };
        if !self.expect_object(raw, field, DATE_OBJECT) {
            return None;
        }
        let object = self.read_borrowed::<DateObject<'_>>(raw, &format!("`{field}`"))?;
        let year = self.part(object.year, &year_field);
        let month = self.part(object.month, &format!("{field}.month"));
        let day = self.part(object.day, &format!("{field}.day"));
        let hour = self.part(object.hour, &format!("{field}.hour"));
        let minute = self.part(object.minute, &format!("{field}.minute"));
        let second = self.part(object.second, &format!("{field}.second"));
        let millisecond = self.part(object.millisecond, &format!("{field}.millisecond"));
        let (hour, minute, second, fraction) = (hour?, minute?, second?, millisecond?);
        let at = [&hour, &minute, &second, &fraction]
            .into_iter()
            .flatten()
            .next()
            .map(|part| part.at.clone());
        let time = TimeParts {
            hour,
            minute,
            second,
            fraction,
            offset: None,
            written: String::new(),
            at,
        };
        let parts = DateParts {
            year: year?,
            month: month?,
            day: day?,
            time,
            year_at: At::new(self.offset(raw), year_field, None),
        };
        self.builder.date(parts, role, item)
    }

    /// One part of a date: a number, a string of digits, or nothing.
    fn part(&mut self, raw: Option<&'a RawValue>, field: &str) -> Option<Option<Part>> {
        let Some(raw) = raw else {
            return Some(None);
        };
        let written = raw.get();
        let at = At::new(self.offset(raw), field, None);
        let text = match written.as_bytes().first() {
            Some(b'"') => serde_json::from_str::<String>(written).ok(),
            Some(b'-' | b'0'..=b'9') => Some(written.to_owned()),
            _ => None,
        };
        let number = text.as_deref().map(parse_part);
        match number {
            Some(Ok(number)) => Some(number.map(|number| Part {
                number,
                written: written.to_owned(),
                at,
            })),
            _ => {
                self.builder.push(
                    at.offset,
                    Problem::ImportInvalidValue {
                        field: at.field,
                        column: None,
                        value: quoted(written),
                        expected: WHOLE_NUMBER.into(),
                    },
                );
                None
            }
        }
    }
}

/// The byte offset of `part`, a slice of `whole`.
fn offset_of(whole: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(whole.as_ptr() as usize)
        .min(whole.len())
}

/// The byte offset in `whole` of a serde_json error in the text that starts
/// at `sub_start`. serde_json counts lines from 1 and columns in bytes from 1.
fn error_offset(whole: &str, sub_start: usize, error: &serde_json::Error) -> usize {
    let sub = whole.get(sub_start..).unwrap_or_default();
    if error.line() == 0 {
        return sub_start;
    }
    let mut line_start = 0;
    for _ in 1..error.line() {
        match sub[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => break,
        }
    }
    let mut offset = (line_start + error.column().saturating_sub(1)).min(sub.len());
    while !sub.is_char_boundary(offset) {
        offset -= 1;
    }
    sub_start + offset
}

/// serde_json's message without its " at line L column C".
fn message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
}

/// A JSON value as written, shortened for a message.
fn quoted(written: &str) -> String {
    if written.chars().count() <= QUOTED_CHARS {
        return written.to_owned();
    }
    let cut: String = written.chars().take(QUOTED_CHARS).collect();
    format!("{cut}…")
}
