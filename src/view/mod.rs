//! View math: the visible time range, time ↔ x, ticks, the time index, and
//! layout of lanes, rows, labels and aggregates. Pure functions over the
//! model, testable without a window; the UI and the exports draw what these
//! compute.

mod eras;
mod figures;
mod index;
mod layout;
mod quotes;
mod ticks;
mod time_view;

pub use eras::{EraHit, EraScene, EraSegmentKind, LISTED_TITLES, MAX_ERA_ROWS};
pub(crate) use eras::{badge_text, build_era_scene, segment_eras};
pub use figures::format_with_unit;
pub(crate) use figures::{format_compact, format_exact, time_marks};
pub use index::TimelineIndex;
pub use layout::{
    AggregateBadge, Hit, ItemKind, ItemShape, LaneBand, LaneEvents, LayoutCache, LayoutMetrics,
    Placement, Scene, SceneInput, build_scene, layout_lane,
};
pub(crate) use quotes::{ListedQuote, QuoteQuery, QuoteSort, citation, list_quotes};
pub use quotes::{short_date, speakers};
pub use ticks::{Tier, ticks};
pub(crate) use time_view::initial_view;
pub use time_view::{TimeTransform, TimeView, ViewLimits};
