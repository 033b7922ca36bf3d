//! View math: the visible time range, time ↔ x, ticks, the time index,
//! layout of lanes, rows, labels and aggregates, and text search. Pure
//! functions over the model, testable without a window; the UI and the
//! exports draw what these compute.

mod ends;
mod eras;
mod figures;
mod history;
mod index;
mod layout;
mod quotes;
mod search;
mod story;
mod ticks;
mod time_view;

pub use ends::DataEnds;
pub use eras::{EraHit, EraScene, EraSegmentKind, LISTED_TITLES, MAX_ERA_ROWS};
pub(crate) use eras::{badge_text, build_era_scene, segment_eras};
pub use figures::format_with_unit;
pub(crate) use figures::{
    format_compact, format_exact, label_left_within, source_name, time_marks, value_marks,
};
pub use figures::{source_label, source_short_label, source_title};
pub use history::{GESTURE_PAUSE, History, MoveKind, Place};
pub use index::{SelectionMarks, TimelineIndex};
pub(crate) use index::{Span, is_marker};
pub use layout::{
    AggregateBadge, Hit, ItemKind, ItemShape, LabelPlace, LaneBand, LaneEvents, LaneRoom,
    LayerBand, LayerStart, LayoutCache, LayoutInput, LayoutMetrics, Placement, Scene, SceneInput,
    build_scene, hidden_or_folded, layer_starts, layout_lane,
};
pub(crate) use layout::{lane_events, lane_events_in_date_order};
pub(crate) use quotes::{ListedQuote, QuoteQuery, QuoteSort, citation, list_quotes};
pub use quotes::{quote_in_view, short_date, speakers};
pub use search::{INLINE_SEARCH_BYTES, MatchSet, SearchQuery, SearchText, SharedText};
pub(crate) use search::{LiveSearch, next_match};
pub use story::{
    ShownView, first_views, new_view_id, show_saved, shown_view, view_by_id, view_ids, views_within,
};
pub(crate) use ticks::overview_ticks;
pub use ticks::{Tier, ticks};
pub(crate) use time_view::initial_view;
pub use time_view::{TimeTransform, TimeView, ViewLimits};
