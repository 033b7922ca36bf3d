//! What the app remembers between runs: one struct, stored as is. Missing,
//! old or corrupt saved state is ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::session::LastView;
use crate::load::ImportOptions;
use crate::model::Date;
use crate::render::theme::Look;

/// The key the settings are stored under.
pub(super) const STORAGE_KEY: &str = "conflict-timeline";
/// How many recent datasets the File menu lists.
pub(super) const RECENT_LIMIT: usize = 10;

/// Light, dark or high contrast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    Light,
    #[default]
    Dark,
    /// White text on black, at 7:1 contrast or more.
    HighContrast,
}

impl ThemeChoice {
    /// Every theme, with its name in the View menu.
    pub(crate) const ALL: [(Self, &'static str); 3] = [
        (Self::Light, "Light theme"),
        (Self::Dark, "Dark theme"),
        (Self::HighContrast, "High-contrast theme"),
    ];

    /// The look it draws in.
    pub(crate) fn look(self) -> Look {
        match self {
            Self::Light => Look::Light,
            Self::Dark => Look::Dark,
            Self::HighContrast => Look::HighContrast,
        }
    }
}

/// How large the whole interface is drawn: egui's zoom factor, 1.0 at
/// first, changed a tenth at a time (Ctrl+= and Ctrl+-, Ctrl+0 resets).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InterfaceZoom(f32);

impl Default for InterfaceZoom {
    fn default() -> Self {
        Self(1.0)
    }
}

impl InterfaceZoom {
    /// The least and the most zoom.
    pub const RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;
    /// One step in or out.
    const STEP: f32 = 0.1;

    /// `factor` within [`Self::RANGE`], to a hundredth; anything not a
    /// number (a corrupt saved value) is 1.0.
    pub fn new(factor: f32) -> Self {
        if !factor.is_finite() {
            return Self::default();
        }
        let factor = factor.clamp(*Self::RANGE.start(), *Self::RANGE.end());
        Self((factor * 100.0).round() / 100.0)
    }

    pub fn factor(self) -> f32 {
        self.0
    }

    /// One step larger, or smaller.
    pub fn stepped(self, larger: bool) -> Self {
        let step = if larger { Self::STEP } else { -Self::STEP };
        Self::new(self.0 + step)
    }

    /// The zoom as a percentage, "120 %".
    pub(crate) fn percent(self) -> String {
        format!("{:.0} %", self.0 * 100.0)
    }
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
    /// How large the interface is drawn.
    pub zoom: InterfaceZoom,
    pub side_tab: SideTab,
    /// The side panel is collapsed.
    pub side_panel_hidden: bool,
    /// When the figures chart is drawn under the timeline.
    pub chart: ChartPlacement,
    /// Datasets opened before, most recent first.
    pub recent: Vec<PathBuf>,
    /// The import options of recent conflict event files opened with some
    /// (settings saved before these existed read as none).
    pub recent_imports: Vec<RecentImport>,
    /// The last dataset's view and lanes, written when the app saves.
    pub last_view: Option<LastView>,
    /// The layers shown at the end of the last run, the first dataset
    /// first (an empty path: the built-in dataset); empty without layers.
    pub layer_set: Vec<RecentImport>,
    /// Views changed in the app and not written to their dataset's files,
    /// the most recent first: a single-file, imported or built-in
    /// dataset's, or a folder's not yet saved.
    pub kept_views: Vec<KeptViews>,
}

/// The views of one dataset kept in the settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeptViews {
    /// The dataset: its path (links resolved), or the built-in dataset's name.
    pub dataset: String,
    pub views: Vec<crate::model::SavedView>,
}

/// At most this many datasets' views are kept.
pub(crate) const KEPT_VIEWS_LIMIT: usize = 32;

/// A recent dataset's import options, as [`ImportOptions`] are stored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecentImport {
    pub path: PathBuf,
    pub countries: Vec<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub group_by: Option<String>,
}

impl RecentImport {
    pub(super) fn options(&self) -> ImportOptions {
        ImportOptions {
            countries: self.countries.clone(),
            from: self.from,
            to: self.to,
            group_by: self.group_by.clone(),
        }
    }
}

impl Settings {
    /// Puts `path` first in the recent datasets, with the import options
    /// it was opened with.
    pub(crate) fn remember_recent(&mut self, path: PathBuf, import: &ImportOptions) {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(RECENT_LIMIT);
        self.recent_imports.retain(|r| r.path != path);
        if !import.is_empty() {
            self.recent_imports.push(RecentImport {
                path,
                countries: import.countries.clone(),
                from: import.from,
                to: import.to,
                group_by: import.group_by.clone(),
            });
        }
        let recent = &self.recent;
        self.recent_imports.retain(|r| recent.contains(&r.path));
    }

    /// The import options a recent dataset was last opened with (none
    /// when it had none).
    pub(crate) fn recent_import(&self, path: &Path) -> ImportOptions {
        self.recent_imports
            .iter()
            .find(|r| r.path == path)
            .map(RecentImport::options)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn settings_saved_before_recent_imports_still_read() {
        let old = r#"(theme: Light, recent: ["/data/ged.csv"])"#;
        let settings: Settings = ron::from_str(old).unwrap();
        assert_eq!(settings.recent, [PathBuf::from("/data/ged.csv")]);
        assert!(settings.recent_imports.is_empty());
        assert!(
            settings
                .recent_import(Path::new("/data/ged.csv"))
                .is_empty()
        );
    }

    #[test]
    fn a_recent_file_keeps_the_options_it_was_last_opened_with() {
        let mut settings = Settings::default();
        let ged = PathBuf::from("/no/such/folder/ged.csv");
        let import = ImportOptions {
            countries: vec!["Syria".to_owned()],
            from: Date::parse("2016").ok(),
            to: None,
            group_by: Some("conflict_name".to_owned()),
        };
        settings.remember_recent(ged.clone(), &import);
        assert_eq!(settings.recent_import(&ged), import);
        let text = ron::to_string(&settings).unwrap();
        let read: Settings = ron::from_str(&text).unwrap();
        assert_eq!(read.recent_import(&ged), import, "{text}");
        // Opened again without options: none are remembered.
        settings.remember_recent(ged.clone(), &ImportOptions::default());
        assert!(settings.recent_import(&ged).is_empty());
        assert!(settings.recent_imports.is_empty());
        // A file that falls off the recent list takes its options along.
        settings.remember_recent(ged.clone(), &import);
        for n in 0..RECENT_LIMIT {
            settings.remember_recent(PathBuf::from(format!("/no/such/{n}")), &Default::default());
        }
        assert!(settings.recent_imports.is_empty());
    }
}
