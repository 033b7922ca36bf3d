//! View math: the visible time range, time ↔ x, ticks, the time index,
//! layout of lanes, rows, labels and aggregates, and text search. Pure
//! functions over the model, testable without a window; the UI and the
//! exports draw what these compute.

mod eras;
mod figures;
mod index;
mod layout;
mod quotes;
mod search;
mod ticks;
mod time_view;

pub use eras::{
    ERA_BADGE_BUCKET, EraBadge, EraHit, EraIndex, EraRow, EraScene, EraSegment, EraSegmentKind,
    LISTED_TITLES, MAX_ERA_ROWS, MIN_ERA_WIDTH, badge_text, build_era_scene, segment_eras,
};
pub use figures::{format_compact, format_exact, format_with_unit, time_marks};
pub use index::{LaneIndex, NO_LANE, Span, SpanClasses, TimelineIndex, is_marker};
pub use layout::{
    AggregateBadge, Hit, ItemKind, ItemShape, LabelPlace, LaneBand, LaneEvents, LaneLayout,
    LayoutCache, LayoutMetrics, PlacedItem, Placement, Rect, Scene, SceneInput, SpanCounts,
    build_scene, days_per_px_of_level, lane_events, layout_lane, zoom_level,
};
pub use quotes::{
    ListedQuote, QuoteQuery, QuoteSort, citation, list_quotes, quote_in_view, short_date, speakers,
};
pub use search::{INLINE_SEARCH_BYTES, LiveSearch, MatchSet, SearchQuery, SearchText, next_match};
pub use ticks::{LABEL_GAP_PX, Tick, TickStep, Tier, choose_step, ticks};
pub use time_view::{TimeTransform, TimeView, ViewLimits, initial_view};
