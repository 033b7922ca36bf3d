//! What the app remembers between runs: one struct, stored as is. Missing,
//! old or corrupt saved state is ignored.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::session::SavedView;

/// The key the settings are stored under.
pub(super) const STORAGE_KEY: &str = "conflict-timeline";
/// How many recent datasets the File menu lists.
pub(super) const RECENT_LIMIT: usize = 10;

/// Light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    Light,
    #[default]
    Dark,
}

/// The tabs of the side panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SideTab {
    #[default]
    Details,
    Quotes,
    Figures,
}

impl SideTab {
    /// The tab's name, as its tab and the View menu show it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Details => "Details",
            Self::Quotes => "Quotes",
            Self::Figures => "Figures",
        }
    }
}

/// When the figures chart is drawn under the timeline, on its time axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ChartPlacement {
    /// While the side panel shows the Figures tab.
    #[default]
    WithFiguresTab,
    /// Whatever the side panel shows.
    Always,
    /// Not at all: the Figures tab lists the values only.
    Never,
}

impl ChartPlacement {
    /// Whether the chart is drawn, with the side panel showing `tab` (none
    /// when the panel is hidden).
    pub(crate) fn shows_chart(self, tab: Option<SideTab>) -> bool {
        match self {
            Self::WithFiguresTab => tab == Some(SideTab::Figures),
            Self::Always => true,
            Self::Never => false,
        }
    }
}

/// The app's settings, as saved between runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub side_tab: SideTab,
    /// The side panel is collapsed.
    pub side_panel_hidden: bool,
    /// When the figures chart is drawn under the timeline.
    pub chart: ChartPlacement,
    /// Datasets opened before, most recent first.
    pub recent: Vec<PathBuf>,
    /// The last dataset's view and lanes, written when the app saves.
    pub last_view: Option<SavedView>,
}

impl Settings {
    /// Puts `path` first in the recent datasets.
    pub(crate) fn remember_recent(&mut self, path: PathBuf) {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }
}
