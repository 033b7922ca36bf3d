//! Saved views, read against the dataset they belong to: what going to a
//! view shows (its range, the lanes it hides, the event it selects, its
//! quotes), found by id as its files write it. The app's Views menu, story
//! mode and `export --view` / `--story` all read a view through here, so a
//! view looks the same on screen and in every export.

use std::ops::Range;

use crate::model::{Dataset, EventIndex, Layer, Layers, SavedView, plain_id};
use crate::view::TimeView;

/// A view as the dataset shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownView {
    /// The range shown: the view's start to the end of its last date.
    pub range: TimeView,
    /// Per lane of the dataset: hidden at this view. A view that names
    /// lanes shows those of its layer's lanes (its selected event's lane
    /// always), one that names none (or only lanes the dataset no longer
    /// has) every lane of its layer. Another layer's lanes are not its to
    /// decide: they show.
    pub hidden_lanes: Vec<bool>,
    /// The lanes of the view's own layer, which `hidden_lanes` decides.
    pub layer_lanes: Range<usize>,
    /// The event selected there, found in the view's own layer.
    pub selected: Option<EventIndex>,
    /// Its quotes (positions in `dataset.quotes`), in the view's order.
    pub quotes: Vec<usize>,
}

/// The view at `view` (a position in `dataset.views`) as the dataset shows
/// it; `None` for a position the dataset does not have.
pub fn shown_view(dataset: &Dataset, layers: &Layers, view: usize) -> Option<ShownView> {
    let saved = dataset.views.get(view)?;
    Some(show_saved(dataset, layers, saved, layers.of_view(view)))
}

/// `saved`, a view of the layer at `layer` (a position in `layers`; `None`
/// for a dataset of one layer), as the dataset shows it. Names the dataset
/// lacks (a view saved before the files changed) are passed over.
pub fn show_saved(
    dataset: &Dataset,
    layers: &Layers,
    saved: &SavedView,
    layer: Option<usize>,
) -> ShownView {
    let (start, end) = saved.span();
    let layer_ranges = layer.and_then(|at| layers.get(at));
    let layer_lanes = layer_ranges.map_or(0..dataset.lanes.len(), |l| l.lanes.clone());
    let layer_quotes = layer_ranges.map_or(0..dataset.quotes.len(), |l| l.quotes.clone());
    let selected = saved.select.as_deref().and_then(|id| match layer {
        Some(layer) => layers.position_of(dataset, layer, id),
        None => dataset.position_of(id),
    });
    let selected_lane = selected
        .and_then(|event| dataset.event_at(event))
        .map(|event| event.lane.as_str());
    let layer_lane_list = dataset.lanes.get(layer_lanes.clone()).unwrap_or_default();
    let names_some = layer_lane_list
        .iter()
        .any(|lane| saved.lanes.contains(&lane.id));
    let hidden_lanes = dataset
        .lanes
        .iter()
        .enumerate()
        .map(|(at, lane)| {
            names_some
                && layer_lanes.contains(&at)
                && !saved.lanes.contains(&lane.id)
                && selected_lane != Some(lane.id.as_str())
        })
        .collect();
    let layer_quote_list = dataset.quotes.get(layer_quotes.clone()).unwrap_or_default();
    let quotes = saved
        .quotes
        .iter()
        .filter_map(|id| {
            let at = layer_quote_list.iter().position(|quote| quote.id == *id)?;
            Some(layer_quotes.start + at)
        })
        .collect();
    ShownView {
        range: TimeView::new(start, end),
        hidden_lanes,
        layer_lanes,
        selected,
        quotes,
    }
}

/// The first dataset's views in a merged dataset (those of the layer of
/// key 0, the dataset opened first): the views the app shows and presents,
/// and the story `export --story` writes.
pub fn first_views(dataset: &Dataset, layers: &Layers) -> Range<usize> {
    first_layer(layers).map_or(0..dataset.views.len(), |layer| layer.views.clone())
}

/// The layer of the dataset opened first (key 0), whose views are shown;
/// `None` when `layers` do not say (a dataset that is all one layer).
fn first_layer(layers: &Layers) -> Option<&Layer> {
    layers.position_of_key(0).and_then(|at| layers.get(at))
}

/// The part of `list` that `range` gives (a layer's), or all of it.
fn part<T>(list: &[T], range: Option<Range<usize>>) -> &[T] {
    match range {
        Some(range) => list.get(range).unwrap_or_default(),
        None => list,
    }
}

/// The position of the first dataset's view with this id.
pub fn view_by_id(dataset: &Dataset, layers: &Layers, id: &str) -> Option<usize> {
    let range = first_views(dataset, layers);
    let views = dataset.views.get(range.clone())?;
    let at = views.iter().position(|view| plain_id(&view.id) == id)?;
    Some(range.start + at)
}

/// `views`, views of the first dataset of `dataset` (the layer of key 0),
/// with only the events, lanes and quotes that dataset has: what can be
/// written with its files and load again (a view saved before they
/// changed may name what they no longer have). Also how many names were
/// left out. Reads each of its lists once.
pub fn views_within(
    dataset: &Dataset,
    layers: &Layers,
    views: &[SavedView],
) -> (Vec<SavedView>, usize) {
    use std::collections::HashSet;
    let layer = first_layer(layers);
    let events = part(&dataset.events, layer.map(|l| l.events.clone()));
    let lanes = part(&dataset.lanes, layer.map(|l| l.lanes.clone()));
    let quotes = part(&dataset.quotes, layer.map(|l| l.quotes.clone()));
    let wanted: HashSet<&str> = views.iter().filter_map(|v| v.select.as_deref()).collect();
    let events: HashSet<&str> = events
        .iter()
        .map(|event| event.id.as_str())
        .filter(|id| wanted.contains(id))
        .collect();
    let lanes: HashSet<&str> = lanes.iter().map(|lane| lane.id.as_str()).collect();
    let quotes: HashSet<&str> = quotes.iter().map(|q| q.id.as_str()).collect();
    let mut dropped = 0;
    let kept = views
        .iter()
        .map(|view| {
            let mut view = view.clone();
            if view
                .select
                .as_deref()
                .is_some_and(|id| !events.contains(id))
            {
                view.select = None;
                dropped += 1;
            }
            let before = view.lanes.len() + view.quotes.len();
            view.lanes.retain(|id| lanes.contains(id.as_str()));
            view.quotes.retain(|id| quotes.contains(id.as_str()));
            dropped += before - view.lanes.len() - view.quotes.len();
            view
        })
        .collect();
    (kept, dropped)
}

/// The views' ids as their files write them, for a message listing them.
pub fn view_ids(views: &[SavedView]) -> Vec<&str> {
    views.iter().map(|view| plain_id(&view.id)).collect()
}

/// A fresh id for a view titled `title`: its words in `[a-z0-9-]`, with a
/// number added when a view has it already.
pub fn new_view_id(views: &[SavedView], title: &str) -> String {
    let base = crate::load::import::slug(title, 40);
    let base = if base.is_empty() {
        "view".to_owned()
    } else {
        base
    };
    let taken = |id: &str| views.iter().any(|view| plain_id(&view.id) == id);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_builtin;
    use crate::model::merge;

    #[test]
    fn a_view_shows_its_range_lanes_event_and_quotes() {
        let dataset = load_builtin().unwrap().dataset;
        let layers = Layers::single(&dataset);
        let at = view_by_id(&dataset, &layers, "munich").unwrap();
        let shown = shown_view(&dataset, &layers, at).unwrap();
        let view = &dataset.views[at];
        assert_eq!(shown.range, TimeView::new(view.span().0, view.span().1));
        for (lane, hidden) in dataset.lanes.iter().zip(shown.hidden_lanes) {
            assert_eq!(hidden, !view.lanes.contains(&lane.id), "{}", lane.id);
        }
        let selected = shown.selected.unwrap();
        assert_eq!(dataset.events[selected.get()].id, "munich-issg");
        let quotes: Vec<&str> = shown
            .quotes
            .iter()
            .map(|&q| dataset.quotes[q].id.as_str())
            .collect();
        assert_eq!(quotes, view.quotes);
        // A view naming no lanes shows every lane; so does one naming only
        // lanes the dataset has no more.
        let all = view_by_id(&dataset, &layers, "war-before-truce").unwrap();
        let every = vec![false; dataset.lanes.len()];
        assert_eq!(
            shown_view(&dataset, &layers, all).unwrap().hidden_lanes,
            every
        );
        let mut gone = dataset.views[at].clone();
        gone.lanes = vec!["no-such-lane".to_owned()];
        assert_eq!(
            show_saved(&dataset, &layers, &gone, Some(0)).hidden_lanes,
            every
        );
        // The selected event's lane shows, named or not.
        let mut elsewhere = dataset.views[at].clone();
        elsewhere.lanes = vec!["war".to_owned()];
        let shown = show_saved(&dataset, &layers, &elsewhere, Some(0));
        let diplomacy = dataset
            .lanes
            .iter()
            .position(|l| l.id == "diplomacy")
            .unwrap();
        let truce = dataset.lanes.iter().position(|l| l.id == "truce").unwrap();
        assert!(!shown.hidden_lanes[diplomacy] && shown.hidden_lanes[truce]);
        assert_eq!(shown_view(&dataset, &layers, dataset.views.len()), None);
    }

    #[test]
    fn a_layer_s_view_finds_its_own_lanes_event_and_quotes() {
        let base = load_builtin().unwrap().dataset;
        let (merged, layers) = merge(vec![(0, base.clone()), (4, base.clone())]);
        let second =
            base.views.len() + view_by_id(&base, &Layers::single(&base), "munich").unwrap();
        let shown = shown_view(&merged, &layers, second).unwrap();
        let selected = shown.selected.unwrap();
        assert_eq!(layers.of_event(selected), Some(1));
        let hidden = shown.hidden_lanes;
        // The view hides the second layer's lanes it does not name, and
        // none of the first layer's.
        assert_eq!(shown.layer_lanes, layers.get(1).unwrap().lanes);
        for (at, hidden) in hidden.iter().enumerate() {
            let lane = crate::model::plain_id(&merged.lanes[at].id);
            let named = base.views[second - base.views.len()]
                .lanes
                .iter()
                .any(|l| l == lane);
            let second_layer = layers.of_lane(at) == Some(1);
            assert_eq!(*hidden, second_layer && !named, "{lane}");
        }
        for quote in shown.quotes {
            assert_eq!(layers.of_quote(quote), Some(1));
        }
        // By id: the first dataset's, the one the app and a story show.
        assert_eq!(
            view_by_id(&merged, &layers, "munich"),
            view_by_id(&base, &Layers::single(&base), "munich")
        );
        assert_eq!(first_views(&merged, &layers), 0..base.views.len());
    }

    #[test]
    fn views_keep_only_what_the_dataset_has() {
        let dataset = load_builtin().unwrap().dataset;
        let layers = Layers::single(&dataset);
        let (same, dropped) = views_within(&dataset, &layers, &dataset.views);
        assert_eq!((same, dropped), (dataset.views.clone(), 0));
        let mut stale = dataset.views[2].clone();
        stale.select = Some("renamed-since".to_owned());
        stale.lanes.push("gone".to_owned());
        stale.quotes.insert(0, "gone-too".to_owned());
        let (kept, dropped) = views_within(&dataset, &layers, &[stale]);
        assert_eq!(dropped, 3);
        assert_eq!(kept[0].select, None);
        assert_eq!(kept[0].lanes, dataset.views[2].lanes);
        assert_eq!(kept[0].quotes, dataset.views[2].quotes);
    }

    #[test]
    fn new_ids_are_made_from_titles_and_never_repeat() {
        let dataset = load_builtin().unwrap().dataset;
        assert_eq!(new_view_id(&dataset.views, "Aleppo, 2016!"), "aleppo-2016");
        assert_eq!(new_view_id(&dataset.views, "Munich"), "munich-2");
        assert_eq!(new_view_id(&dataset.views, "…"), "view");
    }
}
