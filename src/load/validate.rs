//! Checks what serde cannot: ids, references between items, date order,
//! numbers and colours; and warns about what is valid but suspicious.
//!
//! Runs over the whole parsed dataset once, with hash sets of ids, so its cost
//! is linear in the dataset. Places are looked up only for the items that have
//! a problem: a field's place is found by scanning that one item again.

use foldhash::HashMap;
use std::collections::hash_map::Entry;

use super::diagnostic::{Diagnostic, KNOWN_IDS_SHOWN, Place, Problem};
use super::parse::{FileText, ItemRef, Places};
use super::scan;
use crate::model::{Dataset, Date};

struct Validator<'f, 'a> {
    files: &'f [FileText<'a>],
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_, '_> {
    fn item_place(&self, item: &ItemRef) -> Place {
        self.files[item.file].place(item.range.start)
    }

    /// The place of a field's value inside an item, or the item's own place.
    fn field_place(&self, item: &ItemRef, field: &str) -> Place {
        let file = &self.files[item.file];
        scan::value_struct(file.text, item.range.clone(), "item")
            .ok()
            .and_then(|parsed| parsed.fields.into_iter().find(|f| f.name == field))
            .map_or_else(|| self.item_place(item), |f| file.place(f.value.start))
    }

    /// The place of the `index`-th element of a list field of an item.
    fn list_element_place(&self, item: &ItemRef, field: &str, index: usize) -> Place {
        let file = &self.files[item.file];
        let element = scan::value_struct(file.text, item.range.clone(), "item")
            .ok()
            .and_then(|parsed| parsed.fields.into_iter().find(|f| f.name == field))
            .and_then(|f| scan::value_list(file.text, f.value, field).ok())
            .and_then(|items| items.into_iter().nth(index));
        match element {
            Some(range) => file.place(range.start),
            None => self.field_place(item, field),
        }
    }

    fn push(&mut self, place: Place, problem: Problem) {
        self.diagnostics.push(Diagnostic { place, problem });
    }

    /// Reports duplicate ids; returns each id's first index, for reference
    /// checks.
    fn unique_ids<'d>(
        &mut self,
        item: &str,
        ids: impl ExactSizeIterator<Item = &'d str>,
        places: &[ItemRef],
    ) -> HashMap<&'d str, usize> {
        let mut first_seen: HashMap<&'d str, usize> =
            HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for (index, id) in ids.enumerate() {
            match first_seen.entry(id) {
                Entry::Occupied(first) => {
                    let first = self.field_place(&places[*first.get()], "id");
                    let place = self.field_place(&places[index], "id");
                    self.push(
                        place,
                        Problem::DuplicateId {
                            item: item.into(),
                            id: id.into(),
                            first,
                        },
                    );
                }
                Entry::Vacant(vacant) => {
                    vacant.insert(index);
                }
            }
        }
        first_seen
    }

    fn check_color(&mut self, color: Option<&str>, place: &ItemRef) {
        if let Some(color) = color
            && parse_hex_color(color).is_none()
        {
            let at = self.field_place(place, "color");
            self.push(
                at,
                Problem::InvalidColor {
                    value: color.into(),
                },
            );
        }
    }

    fn check_span(
        &mut self,
        item: &str,
        id: &str,
        start: Date,
        end: Option<Date>,
        ongoing: bool,
        place: &ItemRef,
    ) {
        if let Some(end) = end {
            if end.last_day() < start.first_day() {
                let at = self.field_place(place, "end");
                self.push(
                    at,
                    Problem::EndBeforeStart {
                        item: item.into(),
                        id: id.into(),
                        start: start.to_iso(),
                        end: end.to_iso(),
                    },
                );
            }
            if ongoing {
                let at = self.field_place(place, "ongoing");
                self.push(
                    at,
                    Problem::EndAndOngoing {
                        item: item.into(),
                        id: id.into(),
                    },
                );
            }
        }
    }

    /// `known` holds the first few ids of that kind, `known_total` how many there are.
    fn unknown_reference(
        &mut self,
        place: Place,
        from: String,
        kind: &str,
        id: &str,
        known: &[&str],
        known_total: usize,
    ) {
        self.push(
            place,
            Problem::UnknownReference {
                from,
                kind: kind.into(),
                id: id.into(),
                known: known
                    .iter()
                    .take(KNOWN_IDS_SHOWN)
                    .map(|id| (*id).to_owned())
                    .collect(),
                known_total,
            },
        );
    }
}

/// `#rrggbb` or `#rrggbbaa` to RGBA.
pub fn parse_hex_color(text: &str) -> Option<[u8; 4]> {
    let hex = text.strip_prefix('#')?;
    if !(hex.len() == 6 || hex.len() == 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
    let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
    Some([byte(0)?, byte(2)?, byte(4)?, alpha])
}

pub(crate) fn is_valid_event_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Validates a parsed dataset, sorts series points by date, and returns every
/// error and warning found.
pub(crate) fn validate(
    dataset: &mut Dataset,
    places: &Places,
    files: &[FileText<'_>],
) -> Vec<Diagnostic> {
    let unreadable = &places.unreadable;
    let mut v = Validator {
        files,
        diagnostics: Vec::new(),
    };

    // The view.
    if let (Some(view), Some(place)) = (dataset.view, &places.view)
        && view.end.last_day() < view.start.first_day()
    {
        let at = v.item_place(place);
        v.push(
            at,
            Problem::EndBeforeStart {
                item: "view".into(),
                id: "view".into(),
                start: view.start.to_iso(),
                end: view.end.to_iso(),
            },
        );
    }

    // Ids of each kind.
    let lane_ids = v.unique_ids(
        "lane",
        dataset.lanes.iter().map(|l| l.id.as_str()),
        &places.lanes,
    );
    v.unique_ids(
        "era",
        dataset.eras.iter().map(|e| e.id.as_str()),
        &places.eras,
    );
    let source_ids = v.unique_ids(
        "source",
        dataset.sources.iter().map(|s| s.id.as_str()),
        &places.sources,
    );
    let event_ids = v.unique_ids(
        "event",
        dataset.events.iter().map(|e| e.id.as_str()),
        &places.events,
    );
    v.unique_ids(
        "quote",
        dataset.quotes.iter().map(|q| q.id.as_str()),
        &places.quotes,
    );
    v.unique_ids(
        "series",
        dataset.displacement.iter().map(|s| s.id.as_str()),
        &places.series,
    );

    let lane_order: Vec<&str> = dataset.lanes.iter().map(|l| l.id.as_str()).collect();
    let source_order: Vec<&str> = dataset.sources.iter().map(|s| s.id.as_str()).collect();
    let event_order: Vec<&str> = dataset
        .events
        .iter()
        .take(KNOWN_IDS_SHOWN)
        .map(|e| e.id.as_str())
        .collect();

    // By index in `dataset.sources` / `dataset.lanes`.
    let mut cited_sources = vec![false; dataset.sources.len()];
    let mut lane_event_counts = vec![0usize; dataset.lanes.len()];

    for (lane, place) in dataset.lanes.iter().zip(&places.lanes) {
        v.check_color(lane.color.as_deref(), place);
    }
    for (era, place) in dataset.eras.iter().zip(&places.eras) {
        v.check_color(era.color.as_deref(), place);
        v.check_span("era", &era.id, era.start, era.end, era.ongoing, place);
    }
    for (source, place) in dataset.sources.iter().zip(&places.sources) {
        if let Some(url) = &source.url
            && crate::model::web_link(url).is_none()
        {
            let at = v.field_place(place, "url");
            v.push(at, Problem::SuspiciousUrl { url: url.clone() });
        }
    }

    for (event, place) in dataset.events.iter().zip(&places.events) {
        if !is_valid_event_id(&event.id) {
            let at = v.field_place(place, "id");
            v.push(
                at,
                Problem::InvalidId {
                    item: "event".into(),
                    id: event.id.clone(),
                },
            );
        }
        v.check_span(
            "event",
            &event.id,
            event.start,
            event.end,
            event.ongoing,
            place,
        );
        if !(1..=5).contains(&event.importance) {
            let at = v.field_place(place, "importance");
            v.push(
                at,
                Problem::ImportanceOutOfRange {
                    value: event.importance,
                },
            );
        }
        if let Some(&lane) = lane_ids.get(event.lane.as_str()) {
            lane_event_counts[lane] += 1;
        } else if !unreadable.may_contain("Lane", &event.lane) {
            let at = v.field_place(place, "lane");
            v.unknown_reference(
                at,
                format!("event `{}`", event.id),
                "lane",
                &event.lane,
                &lane_order,
                lane_order.len(),
            );
        }
        for (index, source) in event.sources.iter().enumerate() {
            if let Some(&source) = source_ids.get(source.as_str()) {
                cited_sources[source] = true;
            } else if !unreadable.may_contain("Source", source) {
                let at = v.list_element_place(place, "sources", index);
                v.unknown_reference(
                    at,
                    format!("event `{}`", event.id),
                    "source",
                    source,
                    &source_order,
                    source_order.len(),
                );
            }
        }
        if event.sources.is_empty() {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::EventWithoutSource {
                    id: event.id.clone(),
                },
            );
        }
    }

    for (quote, place) in dataset.quotes.iter().zip(&places.quotes) {
        for (index, event) in quote.events.iter().enumerate() {
            if !event_ids.contains_key(event.as_str()) && !unreadable.may_contain("Event", event) {
                let at = v.list_element_place(place, "events", index);
                let from = format!("quote `{}`", quote.id);
                v.unknown_reference(at, from, "event", event, &event_order, dataset.events.len());
            }
        }
        if let Some(&source) = source_ids.get(quote.source.as_str()) {
            cited_sources[source] = true;
        } else if !unreadable.may_contain("Source", &quote.source) {
            let at = v.field_place(place, "source");
            v.unknown_reference(
                at,
                format!("quote `{}`", quote.id),
                "source",
                &quote.source,
                &source_order,
                source_order.len(),
            );
        }
        if quote.events.is_empty() {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::QuoteWithoutEvent {
                    id: quote.id.clone(),
                },
            );
        }
    }

    for (series, place) in dataset.displacement.iter_mut().zip(&places.series) {
        v.check_color(series.color.as_deref(), place);
        if series.points.is_empty() {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::EmptySeries {
                    id: series.id.clone(),
                },
            );
        }
        let mut first_by_date: HashMap<Date, usize> = HashMap::default();
        for (index, point) in series.points.iter().enumerate() {
            if !point.value.is_finite() || point.value < 0.0 {
                let at = v.list_element_place(place, "points", index);
                v.push(
                    at,
                    Problem::InvalidNumber {
                        field: "value".into(),
                        value: format!("{}", point.value),
                    },
                );
            }
            if !source_ids.contains_key(point.source.as_str())
                && !unreadable.may_contain("Source", &point.source)
            {
                let at = v.list_element_place(place, "points", index);
                v.unknown_reference(
                    at,
                    format!("a point of series `{}`", series.id),
                    "source",
                    &point.source,
                    &source_order,
                    source_order.len(),
                );
            }
            if let Some(&first) = first_by_date.get(&point.date) {
                let first = v.list_element_place(place, "points", first);
                let at = v.list_element_place(place, "points", index);
                v.push(
                    at,
                    Problem::DuplicatePointDate {
                        series: series.id.clone(),
                        date: point.date.to_iso(),
                        first,
                    },
                );
            } else {
                first_by_date.insert(point.date, index);
            }
        }
        series.points.sort_by_key(|point| point.date);
    }
    for point in dataset
        .displacement
        .iter()
        .flat_map(|series| &series.points)
    {
        if let Some(&source) = source_ids.get(point.source.as_str()) {
            cited_sources[source] = true;
        }
    }

    // Warnings about things nothing uses; meaningless when some items could
    // not be read, since those may be the users.
    if !unreadable.is_empty() {
        return v.diagnostics;
    }
    // A repeated id counts as its first use.
    for (lane, place) in dataset.lanes.iter().zip(&places.lanes) {
        if lane_ids
            .get(lane.id.as_str())
            .is_none_or(|&first| lane_event_counts[first] == 0)
        {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::EmptyLane {
                    id: lane.id.clone(),
                },
            );
        }
    }
    for (source, place) in dataset.sources.iter().zip(&places.sources) {
        if source_ids
            .get(source.id.as_str())
            .is_none_or(|&first| !cited_sources[first])
        {
            let at = v.item_place(place);
            v.push(
                at,
                Problem::UnusedSource {
                    id: source.id.clone(),
                },
            );
        }
    }

    v.diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours() {
        assert_eq!(parse_hex_color("#b3403a"), Some([0xb3, 0x40, 0x3a, 255]));
        assert_eq!(parse_hex_color("#b3403a80"), Some([0xb3, 0x40, 0x3a, 0x80]));
        for bad in ["b3403a", "#b3403", "#gg0000", "#", "red", "#b3403a8"] {
            assert_eq!(parse_hex_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn event_ids() {
        assert!(is_valid_event_id("munich-issg"));
        assert!(is_valid_event_id("unsc-2254"));
        for bad in ["", "Munich", "a_b", "a b", "é"] {
            assert!(!is_valid_event_id(bad), "{bad}");
        }
    }
}
