//! What tests and benchmarks reach inside the library for, in one place.
//!
//! The library's own API is the dataset [`model`](crate::model),
//! [`load`](crate::load)ing and writing, [`export`](crate::export),
//! [`generate`](crate::generate), the command-line actions in
//! [`cli`](crate::cli) and the app in [`ui`](crate::ui). The view math, the
//! layout, the scene and the painting underneath are internal. Tests that
//! check them through the app, and benchmarks that time them alone, reach
//! them here; nothing here is promised to other programs.
//!
//! - The app: [`AppProbe`] (`app.probe()`) reads what it shows and where it
//!   drew it; [`TestHooks`] (`app.test_hooks()`) sets the reload debounce's
//!   clock and waits for background work instead of sleeping;
//!   [`JobHold`] holds new background jobs before they start, so a test can
//!   act on them first.
//! - The view underneath: the scene and its hit tests, the layout, ticks,
//!   and the painting helpers, for tests of what is drawn and benchmarks of
//!   each stage.

pub use crate::jobs::JobHold;
pub use crate::ui::{AppProbe, Clock, ManualClock, RELOAD_DEBOUNCE, SystemClock, TestHooks};
pub use crate::ui::{FilePicker, FolderOpener, PickKind, PickRequest, PickerUnavailable};

pub use crate::render::chart::ChartFrame;
pub use crate::render::colors::color_or_palette;
pub use crate::render::timeline::TimelineGeometry;
pub use crate::view::{
    AggregateBadge, DataEnds, EraHit, EraSegmentKind, Hit, ItemShape, LISTED_TITLES, LabelPlace,
    LaneBand, LaneEvents, LaneRoom, LayerBand, LayerStart, LayoutCache, LayoutInput, LayoutMetrics,
    MAX_ERA_ROWS, Placement, Scene, SceneInput, TimeTransform, ViewLimits, build_scene,
    format_with_unit, layout_lane, short_date, source_short_label, ticks,
};
pub use crate::view::{
    GESTURE_PAUSE, INLINE_SEARCH_BYTES, MatchSet, SearchQuery, SearchText, quote_in_view,
};
pub use crate::view::{source_label, source_title};

/// The `+N` badges of `counts` as the timeline paints them (each set from
/// the layouts of the sign and the digits, `render::labels`), in one
/// frame's painter: for benchmarks against egui's own layout of the texts.
pub fn badge_galleys(
    painter: &eframe::egui::Painter,
    counts: &[usize],
) -> Vec<std::sync::Arc<eframe::egui::Galley>> {
    let labels = crate::render::labels::LabelGalleys::for_frame(painter.ctx());
    let mut labels = labels.lock();
    counts
        .iter()
        .map(|&count| labels.badge(painter, count))
        .collect()
}

/// Item labels of `titles` as the timeline lays them out in one frame's
/// painter, kept from frame to frame (`render::labels`): with `budget`, at
/// most that many not kept from earlier frames, as a frame on screen does
/// (`Some` of the app's own budget when `on_screen`); else all of them, as
/// an export does. How many labels the frame has: for benchmarks of a
/// frame that meets labels it has not shown before.
pub fn item_labels(painter: &eframe::egui::Painter, titles: &[&str], on_screen: bool) -> usize {
    let budget = on_screen.then_some(crate::render::theme::item::NEW_LABELS_PER_FRAME);
    let labels = crate::render::labels::LabelGalleys::for_frame_within(painter.ctx(), budget);
    let mut labels = labels.lock();
    titles
        .iter()
        .filter(|title| labels.title(painter, title).is_some())
        .count()
}

/// A dataset's colour as the painters draw a mark of it (a lane's bars, a
/// series' line) in `theme`'s look, which the app's themes share: lighter
/// or darker where it would be too faint on the background.
pub fn mark_color(
    color: eframe::egui::Color32,
    theme: crate::export::ExportTheme,
) -> eframe::egui::Color32 {
    use crate::render::theme;
    theme::mark_color(color, &theme::visuals(theme.look()))
}

/// The items of a section file's list (`events.ron`), found as a load finds
/// them before it reads each one: for benchmarks of that scan. How many
/// there are, or the scan's error.
pub fn scan_section_list(text: &str) -> Result<usize, String> {
    crate::load::scan::file_list(text, "events")
        .map(|items| items.len())
        .map_err(|error| error.message)
}

/// Loads a dataset folder with its `events.ron` read a window at a time
/// (windows of the app's size), or read whole however big it is: for
/// benchmarks of the two. How many events it has, or the load's error.
pub fn load_folder_events(folder: &std::path::Path, in_windows: bool) -> Result<usize, String> {
    use crate::load::windowed::Windowing;
    let windowing = Windowing {
        min_bytes: if in_windows { 0 } else { u64::MAX },
        ..Windowing::DEFAULT
    };
    crate::load::load_folder_with(folder, &crate::load::LoadOptions::default(), windowing)
        .map(|loaded| loaded.dataset.events.len())
        .map_err(|error| error.to_string())
}
