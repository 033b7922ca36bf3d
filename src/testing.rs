//! What tests and benchmarks reach inside the library for, in one place.
//!
//! The library's own API is the dataset [`model`](crate::model),
//! [`load`](crate::load)ing and writing, [`export`](crate::export),
//! [`generate`](crate::generate), the command-line actions in
//! [`cli`](crate::cli) and the app in [`ui`](crate::ui). The view math, the
//! layout, the scene and the painting underneath are internal. Tests that
//! check them through the app, and benchmarks that time them alone, reach
//! them here; nothing here is promised to other programs.

pub use crate::render::paint::color_or_palette;
pub use crate::render::timeline::TimelineGeometry;
pub use crate::view::{
    AggregateBadge, Hit, ItemShape, LISTED_TITLES, LaneBand, LaneEvents, LayoutCache,
    LayoutMetrics, MAX_ERA_ROWS, Placement, Scene, SceneInput, TimeTransform, ViewLimits,
    build_scene, format_with_unit, layout_lane, short_date, ticks,
};
