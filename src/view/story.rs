//! Saved views, read against the dataset they belong to: what going to a
//! view shows (its range, the lanes it hides, the event it selects, its
//! quotes), found by id as its files write it. The app's Views menu, story
//! mode and `export --view` / `--story` all read a view through here, so a
//! view looks the same on screen and in every export.

use std::ops::Range;

use crate::model::{Dataset, EventIndex, Layers, SavedView, plain_id};
use crate::view::TimeView;

/// A view as the dataset shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownView {
    /// The range shown: the view's start to the end of its last date.
    pub range: TimeView,
    /// Per lane of the dataset: hidden at this view. `None` when the view
    /// names no lanes (every lane shows, as the reader left them). Only
    /// the view's own layer's lanes are hidden: another layer's show.
    pub hidden_lanes: Option<Vec<bool>>,
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
    let hidden_lanes = (!saved.lanes.is_empty()).then(|| {
        dataset
            .lanes
            .iter()
            .enumerate()
            .map(|(at, lane)| layer_lanes.contains(&at) && !saved.lanes.contains(&lane.id))
            .collect()
    });
    let selected = saved.select.as_deref().and_then(|id| match layer {
        Some(layer) => layers.position_of(dataset, layer, id),
        None => dataset.position_of(id),
    });
    let quotes = saved
        .quotes
        .iter()
        .filter_map(|id| {
            let within = dataset.quotes.get(layer_quotes.clone())?;
            within
                .iter()
                .position(|quote| quote.id == *id)
                .map(|at| layer_quotes.start + at)
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

/// The position of the view with this id as its files write it: the first
/// layer's with it when several layers have one.
pub fn view_by_id(dataset: &Dataset, id: &str) -> Option<usize> {
    dataset
        .views
        .iter()
        .position(|view| plain_id(&view.id) == id)
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
        let at = view_by_id(&dataset, "munich").unwrap();
        let shown = shown_view(&dataset, &layers, at).unwrap();
        let view = &dataset.views[at];
        assert_eq!(shown.range, TimeView::new(view.span().0, view.span().1));
        let hidden = shown.hidden_lanes.unwrap();
        for (lane, hidden) in dataset.lanes.iter().zip(hidden) {
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
        // A view naming no lanes leaves the lanes as they are.
        let all = view_by_id(&dataset, "war-before-truce").unwrap();
        assert_eq!(
            shown_view(&dataset, &layers, all).unwrap().hidden_lanes,
            None
        );
        assert_eq!(shown_view(&dataset, &layers, dataset.views.len()), None);
    }

    #[test]
    fn a_layer_s_view_finds_its_own_lanes_event_and_quotes() {
        let base = load_builtin().unwrap().dataset;
        let (merged, layers) = merge(vec![(0, base.clone()), (4, base.clone())]);
        let second = base.views.len() + view_by_id(&base, "munich").unwrap();
        let shown = shown_view(&merged, &layers, second).unwrap();
        let selected = shown.selected.unwrap();
        assert_eq!(layers.of_event(selected), Some(1));
        let hidden = shown.hidden_lanes.unwrap();
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
        // By id, the first layer's comes first.
        assert_eq!(view_by_id(&merged, "munich"), view_by_id(&base, "munich"));
    }

    #[test]
    fn new_ids_are_made_from_titles_and_never_repeat() {
        let dataset = load_builtin().unwrap().dataset;
        assert_eq!(new_view_id(&dataset.views, "Aleppo, 2016!"), "aleppo-2016");
        assert_eq!(new_view_id(&dataset.views, "Munich"), "munich-2");
        assert_eq!(new_view_id(&dataset.views, "…"), "view");
    }
}
