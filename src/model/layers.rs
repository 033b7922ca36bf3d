//! Several datasets on one time axis: layers merged into one [`Dataset`]
//! that every view, panel and export reads as it reads any dataset, with
//! a [`Layers`] map saying which part came from which layer.
//!
//! Each layer's lanes, eras, sources, events, quotes, series and views sit
//! together in the merged dataset, in layer order, so a layer is a range of
//! each list and a split gives every layer back as it was.
//!
//! Identity is (layer, id): ids may repeat across layers. Events keep their
//! ids as written (an event's layer is the range it sits in; see
//! [`Layers::position_of`]), and their quotes find them within their own
//! layer. Every other id, and every reference to one, is marked with its
//! layer's key in a layer other than key 0 ([`layered_id`]): a lane
//! `war` of two layers is two lanes. A mark starts with a control
//! character, which no loaded id may hold, so a marked id is never a
//! written one.

use std::collections::HashMap;
use std::ops::Range;

use super::{Dataset, EventIndex, Text};

/// What a marked id starts and its key ends with.
const MARK: char = '\u{1f}';

/// `id` as the layer with key `key` holds it in a merged dataset: as
/// written in the layer of key 0, marked with the key in any other.
pub fn layered_id(key: u32, id: &str) -> String {
    if key == 0 {
        id.to_owned()
    } else {
        format!("{MARK}{key}{MARK}{id}")
    }
}

/// An id as its layer's files write it: without its layer's mark.
pub fn plain_id(id: &str) -> &str {
    id.strip_prefix(MARK)
        .and_then(|rest| rest.split_once(MARK))
        .filter(|(key, _)| !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()))
        .map_or(id, |(_, plain)| plain)
}

/// One layer of a merged dataset: where its parts are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    /// Names the layer for as long as it is open, whatever its place: ids
    /// of every layer but key 0's carry it.
    pub key: u32,
    /// The layer's dataset's title.
    pub title: String,
    /// Its description and initial view: the merged dataset has the first
    /// layer's, and a split gives each layer its own back.
    pub description: Option<String>,
    pub view: Option<super::DateRange>,
    pub lanes: Range<usize>,
    pub eras: Range<usize>,
    pub sources: Range<usize>,
    pub events: Range<usize>,
    pub quotes: Range<usize>,
    pub series: Range<usize>,
    pub views: Range<usize>,
}

/// The layers of a merged dataset, in order (the first drawn on top).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layers {
    layers: Vec<Layer>,
}

impl Layers {
    /// One dataset as the only layer, key 0.
    pub fn single(dataset: &Dataset) -> Self {
        Self {
            layers: vec![Layer {
                key: 0,
                title: dataset.title.clone(),
                description: dataset.description.clone(),
                view: dataset.view,
                lanes: 0..dataset.lanes.len(),
                eras: 0..dataset.eras.len(),
                sources: 0..dataset.sources.len(),
                events: 0..dataset.events.len(),
                quotes: 0..dataset.quotes.len(),
                series: 0..dataset.displacement.len(),
                views: 0..dataset.views.len(),
            }],
        }
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// More than one layer: the app shows layer headers and says which
    /// dataset an event, a quote or a series comes from.
    pub fn is_layered(&self) -> bool {
        self.layers.len() > 1
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Layer> {
        self.layers.iter()
    }

    pub fn get(&self, layer: usize) -> Option<&Layer> {
        self.layers.get(layer)
    }

    /// The position of the layer with this key.
    pub fn position_of_key(&self, key: u32) -> Option<usize> {
        self.layers.iter().position(|layer| layer.key == key)
    }

    /// The layer a part is in, by the part's range.
    fn find(&self, at: usize, range: impl Fn(&Layer) -> &Range<usize>) -> Option<usize> {
        // The ranges are in order: the first layer that ends after `at`.
        let layer = self.layers.partition_point(|layer| range(layer).end <= at);
        self.layers
            .get(layer)
            .filter(|layer| range(layer).contains(&at))
            .map(|_| layer)
    }

    /// The layer an event is in.
    pub fn of_event(&self, event: EventIndex) -> Option<usize> {
        self.find(event.get(), |layer| &layer.events)
    }

    pub fn of_lane(&self, lane: usize) -> Option<usize> {
        self.find(lane, |layer| &layer.lanes)
    }

    pub fn of_quote(&self, quote: usize) -> Option<usize> {
        self.find(quote, |layer| &layer.quotes)
    }

    pub fn of_series(&self, series: usize) -> Option<usize> {
        self.find(series, |layer| &layer.series)
    }

    pub fn of_view(&self, view: usize) -> Option<usize> {
        self.find(view, |layer| &layer.views)
    }

    /// The event of the layer at `layer` with this id, as written.
    pub fn position_of(&self, dataset: &Dataset, layer: usize, id: &str) -> Option<EventIndex> {
        let range = self.layers.get(layer)?.events.clone();
        let events = dataset.events.get(range.clone())?;
        let offset = events.iter().position(|event| event.id == id)?;
        EventIndex::new(range.start + offset)
    }

    /// Where an event is: its layer's key and its id, which find it again
    /// in another merge of the same layers ([`Layers::find_event`]).
    pub fn event_identity(&self, dataset: &Dataset, event: EventIndex) -> Option<(u32, Text)> {
        let layer = self.layers.get(self.of_event(event)?)?;
        Some((layer.key, dataset.event_at(event)?.id.clone()))
    }

    /// The event with this identity ([`Layers::event_identity`]).
    pub fn find_event(&self, dataset: &Dataset, key: u32, id: &str) -> Option<EventIndex> {
        self.position_of(dataset, self.position_of_key(key)?, id)
    }

    /// The events with these identities that the dataset has, each layer's
    /// events read once however many are wanted.
    pub fn find_events<'w>(
        &self,
        dataset: &Dataset,
        wanted: impl IntoIterator<Item = (u32, &'w str)>,
    ) -> HashMap<(u32, &'w str), EventIndex> {
        let mut by_key: HashMap<u32, HashMap<&'w str, Option<EventIndex>>> = HashMap::new();
        for (key, id) in wanted {
            by_key.entry(key).or_default().insert(id, None);
        }
        let mut found = HashMap::new();
        for (key, mut ids) in by_key {
            let Some(layer) = self.position_of_key(key).and_then(|at| self.layers.get(at)) else {
                continue;
            };
            let events = dataset.events.get(layer.events.clone()).unwrap_or_default();
            for (offset, event) in events.iter().enumerate() {
                if let Some(slot) = ids.get_mut(event.id.as_str())
                    && slot.is_none()
                {
                    *slot = EventIndex::new(layer.events.start + offset);
                }
            }
            found.extend(
                ids.into_iter()
                    .filter_map(|(id, at)| Some(((key, id), at?))),
            );
        }
        found
    }
}

/// Merges datasets, each with its layer's key (unique, the first usually
/// 0), into one: the first's title, description and view, every layer's
/// parts in order, ids marked ([`layered_id`]).
pub fn merge(parts: Vec<(u32, Dataset)>) -> (Dataset, Layers) {
    let mut merged = Dataset::default();
    let mut layers = Vec::with_capacity(parts.len());
    for (at, (key, part)) in parts.into_iter().enumerate() {
        if at == 0 {
            merged.title.clone_from(&part.title);
            merged.description.clone_from(&part.description);
            merged.view = part.view;
        }
        let part = mark_ids(key, part);
        let start = |list: usize| list..list;
        let mut layer = Layer {
            key,
            title: part.title,
            description: part.description,
            view: part.view,
            lanes: start(merged.lanes.len()),
            eras: start(merged.eras.len()),
            sources: start(merged.sources.len()),
            events: start(merged.events.len()),
            quotes: start(merged.quotes.len()),
            series: start(merged.displacement.len()),
            views: start(merged.views.len()),
        };
        merged.lanes.extend(part.lanes);
        merged.eras.extend(part.eras);
        merged.sources.extend(part.sources);
        merged.events.extend(part.events);
        merged.quotes.extend(part.quotes);
        merged.displacement.extend(part.displacement);
        merged.views.extend(part.views);
        layer.lanes.end = merged.lanes.len();
        layer.eras.end = merged.eras.len();
        layer.sources.end = merged.sources.len();
        layer.events.end = merged.events.len();
        layer.quotes.end = merged.quotes.len();
        layer.series.end = merged.displacement.len();
        layer.views.end = merged.views.len();
        layers.push(layer);
    }
    (merged, Layers { layers })
}

/// Every layer of a merged dataset as its own dataset again, with its key:
/// the parts [`merge`] was given.
pub fn split(dataset: &Dataset, layers: &Layers) -> Vec<(u32, Dataset)> {
    layers
        .iter()
        .map(|layer| {
            let part = Dataset {
                title: layer.title.clone(),
                description: layer.description.clone(),
                view: layer.view,
                lanes: slice(&dataset.lanes, &layer.lanes),
                eras: slice(&dataset.eras, &layer.eras),
                sources: slice(&dataset.sources, &layer.sources),
                events: slice(&dataset.events, &layer.events),
                quotes: slice(&dataset.quotes, &layer.quotes),
                displacement: slice(&dataset.displacement, &layer.series),
                views: slice(&dataset.views, &layer.views),
            };
            (layer.key, unmark_ids(part))
        })
        .collect()
}

/// The layers of `dataset` with the layer of key `key` as `part`: in its
/// place when there is one (a reload); else a new layer, after every layer
/// of a smaller key (keys are given in the order layers are asked for, so
/// layers loading at once land in that order, whichever loads first).
pub fn put(dataset: &Dataset, layers: &Layers, key: u32, part: Dataset) -> (Dataset, Layers) {
    let mut parts = split(dataset, layers);
    if let Some((_, old)) = parts.iter_mut().find(|(at_key, _)| *at_key == key) {
        *old = part;
    } else {
        let at = parts
            .iter()
            .rposition(|(at_key, _)| *at_key < key)
            .map_or(0, |last| last + 1);
        parts.insert(at, (key, part));
    }
    merge(parts)
}

/// The layers of `dataset` without the layer of key `key`.
pub fn remove(dataset: &Dataset, layers: &Layers, key: u32) -> (Dataset, Layers) {
    let mut parts = split(dataset, layers);
    parts.retain(|(at_key, _)| *at_key != key);
    merge(parts)
}

/// The layers of `dataset` with the layer of key `key` moved one place
/// up (towards the top) or down, where there is one.
pub fn moved(dataset: &Dataset, layers: &Layers, key: u32, up: bool) -> (Dataset, Layers) {
    let mut parts = split(dataset, layers);
    if let Some(at) = parts.iter().position(|(at_key, _)| *at_key == key) {
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        if let Some(other) = other.filter(|&other| other < parts.len()) {
            parts.swap(at, other);
        }
    }
    merge(parts)
}

fn slice<T: Clone>(list: &[T], range: &Range<usize>) -> Vec<T> {
    list.get(range.clone()).map_or_else(Vec::new, <[T]>::to_vec)
}

/// A layer's dataset with its ids, and references to them, marked.
fn mark_ids(key: u32, part: Dataset) -> Dataset {
    if key == 0 {
        return part;
    }
    rename_ids(part, |id| layered_id(key, id))
}

fn unmark_ids(part: Dataset) -> Dataset {
    rename_ids(part, |id| plain_id(id).to_owned())
}

/// Every id but the events' own, and every reference, through `rename`.
/// The texts an event shares with other events (its lane and sources) stay
/// shared: each is renamed once.
fn rename_ids(mut part: Dataset, rename: impl Fn(&str) -> String) -> Dataset {
    let mut texts: HashMap<Text, Text> = HashMap::new();
    let mut renamed_text = |text: &Text| -> Text {
        texts
            .entry(text.clone())
            .or_insert_with(|| Text::from(rename(text)))
            .clone()
    };
    for lane in &mut part.lanes {
        lane.id = rename(&lane.id);
    }
    for era in &mut part.eras {
        era.id = rename(&era.id);
    }
    for source in &mut part.sources {
        source.id = rename(&source.id);
    }
    for event in &mut part.events {
        event.lane = renamed_text(&event.lane);
        for source in &mut event.sources {
            *source = renamed_text(source);
        }
    }
    for quote in &mut part.quotes {
        quote.id = rename(&quote.id);
        quote.source = rename(&quote.source);
    }
    for series in &mut part.displacement {
        series.id = rename(&series.id);
        for point in &mut series.points {
            point.source = rename(&point.source);
        }
    }
    // A view's `select` names an event, whose id stays as written.
    for view in &mut part.views {
        view.id = rename(&view.id);
        for lane in &mut view.lanes {
            *lane = rename(lane);
        }
        for quote in &mut view.quotes {
            *quote = rename(quote);
        }
    }
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_builtin;

    fn builtin() -> Dataset {
        load_builtin().expect("the built-in dataset loads").dataset
    }

    /// A small other dataset with ids the built-in one has too.
    fn other() -> Dataset {
        let mut other = builtin();
        other.title = "Another conflict".to_owned();
        other.events.truncate(5);
        other.quotes.retain(|q| {
            q.events
                .iter()
                .all(|id| other.events.iter().any(|e| e.id == *id))
        });
        other
    }

    #[test]
    fn ids_are_marked_in_other_layers_and_read_plain_again() {
        assert_eq!(layered_id(0, "war"), "war");
        let marked = layered_id(7, "war");
        assert_ne!(marked, "war");
        assert_eq!(plain_id(&marked), "war");
        assert_eq!(plain_id("war"), "war");
        // Only a whole mark is taken off.
        assert_eq!(plain_id("\u{1f}x\u{1f}war"), "\u{1f}x\u{1f}war");
    }

    #[test]
    fn a_merge_keeps_every_layer_apart_and_in_order() {
        let (base, other) = (builtin(), other());
        let (merged, layers) = merge(vec![(0, base.clone()), (3, other.clone())]);
        assert_eq!(layers.len(), 2);
        assert!(layers.is_layered());
        assert_eq!(merged.title, base.title);
        assert_eq!(merged.view, base.view);
        assert_eq!(merged.events.len(), base.events.len() + other.events.len());
        let (first, second) = (layers.get(0).unwrap(), layers.get(1).unwrap());
        assert_eq!(second.title, "Another conflict");
        assert_eq!(second.lanes.start, first.lanes.end);
        // No two lanes, sources or series share an id: a `war` lane of
        // each layer is two lanes.
        for ids in [
            merged
                .lanes
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>(),
            merged.sources.iter().map(|s| s.id.as_str()).collect(),
            merged.displacement.iter().map(|s| s.id.as_str()).collect(),
            merged.quotes.iter().map(|q| q.id.as_str()).collect(),
        ] {
            let mut unique = ids.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), ids.len(), "{ids:?}");
        }
        // Each event's lane and sources are its own layer's.
        for (at, event) in merged.events.iter().enumerate() {
            let layer = layers.of_event(EventIndex::new(at).unwrap()).unwrap();
            let lane = merged.lanes.iter().position(|l| *l.id == *event.lane);
            assert_eq!(lane.and_then(|l| layers.of_lane(l)), Some(layer));
            for source in &event.sources {
                let found = merged.sources.iter().position(|s| *s.id == **source);
                let range = &layers.get(layer).unwrap().sources;
                assert!(found.is_some_and(|s| range.contains(&s)), "{source}");
            }
        }
    }

    #[test]
    fn identity_is_the_layer_and_the_id() {
        let (merged, layers) = merge(vec![(0, builtin()), (5, other())]);
        let id = merged.events[0].id.clone();
        let first = layers.position_of(&merged, 0, &id).unwrap();
        let second = layers.position_of(&merged, 1, &id).unwrap();
        assert_ne!(first, second, "the same id in two layers is two events");
        assert_eq!(layers.of_event(first), Some(0));
        assert_eq!(layers.of_event(second), Some(1));
        let (key, found_id) = layers.event_identity(&merged, second).unwrap();
        assert_eq!((key, found_id.as_str()), (5, id.as_str()));
        // Found again after the layers swapped places.
        let parts = split(&merged, &layers);
        let (swapped, swapped_layers) = merge(parts.into_iter().rev().collect());
        let again = swapped_layers.find_event(&swapped, 5, &id).unwrap();
        assert_eq!(swapped_layers.of_event(again), Some(0));
        assert_eq!(swapped.events[again.get()], merged.events[second.get()]);
        assert_eq!(
            layers.of_event(EventIndex::new(merged.events.len()).unwrap()),
            None
        );
        let found = layers.find_events(&merged, [(0, id.as_str()), (5, id.as_str()), (9, "x")]);
        assert_eq!(found.get(&(0, id.as_str())), Some(&first));
        assert_eq!(found.get(&(5, id.as_str())), Some(&second));
        assert_eq!(found.len(), 2, "no layer 9");
    }

    #[test]
    fn a_split_gives_every_layer_back_as_it_was() {
        let (base, other) = (builtin(), other());
        let (merged, layers) = merge(vec![(0, base.clone()), (2, other.clone())]);
        let parts = split(&merged, &layers);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], (0, base));
        let (key, part) = &parts[1];
        assert_eq!(*key, 2);
        assert_eq!(*part, other, "its own description and view too");
    }

    #[test]
    fn a_layer_is_put_in_its_place_removed_and_moved() {
        let (merged, layers) = merge(vec![(0, builtin()), (4, other())]);
        // A reload of the second layer replaces it in place.
        let mut reloaded = other();
        reloaded.events.truncate(2);
        let (merged, layers) = put(&merged, &layers, 4, reloaded);
        let keys: Vec<u32> = layers.iter().map(|l| l.key).collect();
        assert_eq!(keys, [0, 4]);
        assert_eq!(layers.get(1).unwrap().events.len(), 2);
        // A new key goes after the smaller keys: last, or before a layer
        // asked for later that loaded first.
        let (merged, layers) = put(&merged, &layers, 6, other());
        let keys: Vec<u32> = layers.iter().map(|l| l.key).collect();
        assert_eq!(keys, [0, 4, 6]);
        let (merged, layers) = put(&merged, &layers, 5, other());
        let keys: Vec<u32> = layers.iter().map(|l| l.key).collect();
        assert_eq!(keys, [0, 4, 5, 6]);
        let (merged, layers) = remove(&merged, &layers, 5);
        // Up, and up again stops at the top.
        let (merged, layers) = moved(&merged, &layers, 6, true);
        let (merged, layers) = moved(&merged, &layers, 6, true);
        let (merged, layers) = moved(&merged, &layers, 6, true);
        let keys: Vec<u32> = layers.iter().map(|l| l.key).collect();
        assert_eq!(keys, [6, 0, 4]);
        // The first layer's title and view are the merged dataset's.
        assert_eq!(merged.title, "Another conflict");
        let (merged, layers) = remove(&merged, &layers, 6);
        let keys: Vec<u32> = layers.iter().map(|l| l.key).collect();
        assert_eq!(keys, [0, 4]);
        assert_eq!(merged.events.len(), builtin().events.len() + 2);
        assert_eq!(merged.title, builtin().title);
        // Moved down and back up, the first dataset has its view and
        // description again.
        let (merged, layers) = moved(&merged, &layers, 0, false);
        let (merged, _) = moved(&merged, &layers, 0, true);
        assert_eq!(merged.view, builtin().view);
        assert_eq!(merged.description, builtin().description);
    }

    #[test]
    fn one_dataset_is_one_layer() {
        let dataset = builtin();
        let layers = Layers::single(&dataset);
        assert!(!layers.is_layered());
        let last = EventIndex::new(dataset.events.len() - 1).unwrap();
        assert_eq!(layers.of_event(last), Some(0));
        assert_eq!(layers.of_lane(dataset.lanes.len()), None);
    }
}
