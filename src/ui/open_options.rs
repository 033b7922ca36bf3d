//! The Open window's choices for a conflict event file (UCDP GED or ACLED):
//! which countries, from and to which date, and the lanes by which column.
//!
//! When the window's path names a file that may be one, the file is
//! surveyed on a background job ([`load::survey_conflict_file`]; the window
//! shows a spinner meanwhile and never waits for it); a file that is one
//! then shows its format, its countries with their row counts (ticked ones
//! are kept, none ticked keeps all; a filter field finds one among many),
//! From and To dates read as the command line reads them (a date that does
//! not read says why under its field), and a Lanes by choice among the
//! file's columns. What is chosen is handed to the load as
//! [`ImportOptions`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use eframe::egui::{self, RichText};

use crate::jobs::Job;
use crate::load::{self, ConflictSurvey, ImportOptions, LoadError, LoadOptions};
use crate::model::Date;
use crate::render::theme::ui::forms;

/// Past this many countries the list gets a filter field.
const FILTER_FROM: usize = 8;

/// A survey running on its own thread.
type SurveyJob = Job<Result<Option<ConflictSurvey>, LoadError>>;

/// Where the survey of the window's path is.
#[derive(Debug, Default)]
enum Survey {
    /// Nothing to survey: no path, or not a file that could be conflict
    /// event data.
    #[default]
    None,
    Running(SurveyJob),
    /// A conflict event file: its choices are shown.
    Ready(ConflictSurvey),
    /// Surveyed, and not conflict event data (or unreadable: the load
    /// says why).
    NotConflict,
}

/// The choices for the file at the window's path, and its survey.
#[derive(Debug, Default)]
pub(super) struct OpenOptions {
    /// The path surveyed (or being surveyed), as typed.
    surveyed: Option<String>,
    survey: Survey,
    /// The countries ticked.
    countries: BTreeSet<String>,
    /// The country list's filter.
    filter: String,
    from: String,
    to: String,
    /// The column lanes are made from; `None` for the default lanes.
    group_by: Option<String>,
}

/// Whether a file's name says it may be a conflict event CSV (plain,
/// gzip or zip), worth surveying.
pub(super) fn may_be_conflict_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    [".csv", ".csv.gz", ".zip"]
        .iter()
        .any(|end| name.ends_with(end))
}

/// A date field's date: `None` when empty, or why it does not read.
fn date_of(text: &str) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text)
        .map(Some)
        .map_err(|error| error.to_string())
}

impl OpenOptions {
    /// Choices for the path `path`, surveyed when it names a file that
    /// may be conflict event data and was not surveyed yet; the choices
    /// start as `import` (a recent file's last ones, or none).
    pub fn follow(&mut self, ctx: &egui::Context, path: &str, import: &ImportOptions) {
        let path = path.trim();
        if self.surveyed.as_deref() == Some(path) {
            return;
        }
        *self = Self {
            surveyed: Some(path.to_owned()),
            countries: import.countries.iter().cloned().collect(),
            from: import.from.map(|d| d.iso().to_string()).unwrap_or_default(),
            to: import.to.map(|d| d.iso().to_string()).unwrap_or_default(),
            group_by: import.group_by.clone(),
            ..Self::default()
        };
        let file = PathBuf::from(path);
        if path.is_empty() || !may_be_conflict_file(&file) || !file.is_file() {
            return;
        }
        let options = LoadOptions::from_env().unwrap_or_default();
        self.survey = Survey::Running(Job::spawn("conflict-survey", ctx, move |_| {
            load::survey_conflict_file(&file, &options)
        }));
    }

    /// A finished survey; whether one finished this frame.
    pub fn poll(&mut self) -> bool {
        let Survey::Running(job) = &mut self.survey else {
            return false;
        };
        let Some(outcome) = job.poll() else {
            return false;
        };
        self.survey = match outcome {
            Ok(Ok(Some(survey))) => {
                // Choices carried over that this file cannot take go.
                self.countries
                    .retain(|name| survey.countries.iter().any(|(c, _)| c == name));
                if self
                    .group_by
                    .as_ref()
                    .is_some_and(|column| !survey.group_columns.contains(column))
                {
                    self.group_by = None;
                }
                Survey::Ready(survey)
            }
            _ => Survey::NotConflict,
        };
        true
    }

    /// Whether the path is being surveyed.
    pub fn surveying(&self) -> bool {
        matches!(self.survey, Survey::Running(_))
    }

    /// Whether the path was surveyed and is not conflict event data.
    pub fn not_conflict(&self) -> bool {
        matches!(self.survey, Survey::NotConflict)
    }

    /// Blocks until a running survey finishes, or `timeout`; whether none
    /// runs any more. For tests.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        match &mut self.survey {
            Survey::Running(job) => job.wait(timeout),
            _ => true,
        }
    }

    /// The options chosen, or `Err` while a date does not read. None for a
    /// file that is not conflict event data.
    pub fn import(&self) -> Result<ImportOptions, ()> {
        if !matches!(self.survey, Survey::Ready(_)) {
            return Ok(ImportOptions::default());
        }
        let (Ok(from), Ok(to)) = (date_of(&self.from), date_of(&self.to)) else {
            return Err(());
        };
        Ok(ImportOptions {
            countries: self.countries.iter().cloned().collect(),
            from,
            to,
            group_by: self.group_by.clone(),
        })
    }

    /// The choices, under the path field: a spinner while surveying.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let survey = match &self.survey {
            Survey::None | Survey::NotConflict => return,
            Survey::Running(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading the file's countries and columns…");
                });
                return;
            }
            Survey::Ready(survey) => survey,
        };
        ui.separator();
        ui.label(RichText::new(format!("{} event data", survey.format.name())).strong());
        let span = match (survey.first, survey.last) {
            (Some(first), Some(last)) => format!(", {first} to {last}"),
            _ => String::new(),
        };
        ui.label(
            RichText::new(format!(
                "{}{span}. Choose what to open, or open it all.",
                crate::model::counted(survey.rows, "row", "rows")
            ))
            .weak(),
        );
        countries_ui(ui, &survey.countries, &mut self.countries, &mut self.filter);
        dates_ui(ui, &mut self.from, &mut self.to, survey);
        group_by_ui(ui, survey, &mut self.group_by);
    }
}

/// The country checkboxes with their row counts; a filter field when many.
fn countries_ui(
    ui: &mut egui::Ui,
    countries: &[(String, usize)],
    ticked: &mut BTreeSet<String>,
    filter: &mut String,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Countries");
        let note = if ticked.is_empty() {
            "all (none ticked)".to_owned()
        } else {
            format!("{} ticked", ticked.len())
        };
        ui.label(RichText::new(note).weak()).labelled_by(label.id);
        if !ticked.is_empty() && ui.small_button("Clear").clicked() {
            ticked.clear();
        }
    });
    if countries.len() > FILTER_FROM {
        ui.horizontal(|ui| {
            let label = ui.label("Find a country");
            ui.add(
                egui::TextEdit::singleline(filter)
                    .desired_width(forms::OPEN_FILTER_WIDTH)
                    .hint_text("name"),
            )
            .labelled_by(label.id);
        });
    }
    let needle = filter.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("open-countries")
        .max_height(forms::OPEN_COUNTRIES_HEIGHT)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let mut listed = 0;
            for (name, rows) in countries {
                if !needle.is_empty() && !name.to_lowercase().contains(&needle) {
                    continue;
                }
                listed += 1;
                let mut on = ticked.contains(name);
                if ui
                    .checkbox(&mut on, format!("{name} ({rows})"))
                    .on_hover_text(crate::model::counted(*rows, "row", "rows"))
                    .changed()
                {
                    if on {
                        ticked.insert(name.clone());
                    } else {
                        ticked.remove(name);
                    }
                    // The count above was drawn before the change.
                    ui.ctx().request_repaint();
                }
            }
            if listed == 0 {
                ui.label(RichText::new("No country's name has that in it.").weak());
            }
        });
}

/// The From and To fields, each with why its date does not read.
fn dates_ui(ui: &mut egui::Ui, from: &mut String, to: &mut String, survey: &ConflictSurvey) {
    egui::Grid::new("open-dates")
        .num_columns(2)
        .spacing(forms::EXPORT_GRID_SPACING)
        .show(ui, |ui| {
            for (name, text, hint) in [("From", from, survey.first), ("To", to, survey.last)] {
                let label = ui.label(name);
                ui.vertical(|ui| {
                    let mut field = egui::TextEdit::singleline(text)
                        .desired_width(forms::EXPORT_DATE_WIDTH * 1.5);
                    if let Some(hint) = hint {
                        field = field.hint_text(hint.iso().to_string());
                    }
                    ui.add(field).labelled_by(label.id).on_hover_text(
                        "A date such as 2016, 2016-03 or 2016-03-14; empty for no limit",
                    );
                    if let Err(why) = date_of(text) {
                        ui.colored_label(ui.visuals().error_fg_color, why);
                    }
                });
                ui.end_row();
            }
        });
}

/// The Lanes by choice: the default lanes, or one of the file's columns.
fn group_by_ui(ui: &mut egui::Ui, survey: &ConflictSurvey, group_by: &mut Option<String>) {
    let default = format!("{} (default)", survey.format.default_lanes());
    ui.horizontal(|ui| {
        let label = ui.label("Lanes by");
        let shown = group_by.clone().unwrap_or_else(|| default.clone());
        egui::ComboBox::from_id_salt("open-group-by")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(group_by, None, default.as_str());
                // The default lanes' own column is the first entry.
                for column in survey
                    .group_columns
                    .iter()
                    .filter(|c| !is_default_column(c))
                {
                    ui.selectable_value(group_by, Some(column.clone()), column.as_str());
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// Whether a column is what the default lanes are made from.
fn is_default_column(column: &str) -> bool {
    matches!(column, "type_of_violence" | "event_type")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn only_csv_names_are_surveyed() {
        for name in ["a.csv", "A.CSV", "ged.zip", "e.csv.gz"] {
            assert!(may_be_conflict_file(Path::new(name)), "{name}");
        }
        for name in ["a.ron", "a.json", "a.json.gz", "folder"] {
            assert!(!may_be_conflict_file(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn dates_read_as_on_the_command_line() {
        assert_eq!(date_of("  "), Ok(None));
        assert_eq!(date_of("2016"), Ok(Date::year(2016)));
        assert!(date_of("2016-13").is_err());
    }
}
