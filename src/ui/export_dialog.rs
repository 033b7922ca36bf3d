//! File → Export image… and Copy view as image: the dialog, the native
//! save-file picker, and export jobs that run on a worker thread with
//! progress and cancel, so the window never freezes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use eframe::egui::{self, RichText};

use super::picker::{PendingPick, take_answer};
use super::{ThemeChoice, TimelineApp};
use crate::export::{
    self, Caption, ExportControl, ExportError, ExportReport, ExportSpec, ExportTheme, ImageFormat,
};
use crate::model::Date;
use crate::view::TimeView;

/// Which dates the image shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RangeChoice {
    Visible,
    Whole,
    Custom,
}

/// How big the image is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SizeChoice {
    /// The window's size times this factor.
    Window(u8),
    /// Width × height in pixels.
    Pixels,
}

/// What a finished job produced.
enum Outcome {
    Written(ExportReport),
    Image(egui::ColorImage),
}

/// An export running on a worker thread.
struct Job {
    control: Arc<ExportControl>,
    handle: JoinHandle<Result<Outcome, ExportError>>,
    /// What the status line says while it runs.
    doing: String,
}

/// The dialog's state; kept between openings.
pub(super) struct ExportDialog {
    pub open: bool,
    range: RangeChoice,
    from: String,
    to: String,
    size: SizeChoice,
    width: u32,
    height: u32,
    format: ImageFormat,
    theme: Option<ExportTheme>,
    figures: bool,
    caption: bool,
    headline: String,
    path: String,
    /// The result of the last job, or why it could not start.
    status: Option<Result<String, String>>,
    job: Option<Job>,
    /// The native file dialog's answer, picked on its own thread.
    picked: Option<PendingPick>,
}

impl std::fmt::Debug for ExportDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportDialog")
            .field("open", &self.open)
            .field("path", &self.path)
            .field("running", &self.job.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            range: RangeChoice::Visible,
            from: String::new(),
            to: String::new(),
            size: SizeChoice::Window(2),
            width: 1920,
            height: 1080,
            format: ImageFormat::Png,
            theme: None,
            figures: false,
            caption: true,
            headline: String::new(),
            path: String::new(),
            status: None,
            job: None,
            picked: None,
        }
    }
}

impl ExportDialog {
    /// The running job's progress, 0–1.
    pub fn progress(&self) -> Option<f32> {
        self.job.as_ref().map(|job| job.control.progress())
    }

    pub fn status(&self) -> Option<&Result<String, String>> {
        self.status.as_ref()
    }

    /// Whether the status line under the toolbar shows: a job runs or has
    /// an outcome, and the dialog (which shows it itself) is closed.
    pub fn status_shown(&self) -> bool {
        !self.open && (self.job.is_some() || self.status.is_some())
    }
}

/// A date for a file name or a field: `2016-02-27`.
fn iso_day(time: f64) -> String {
    Date::containing(time).map_or_else(String::new, |d| d.to_iso())
}

impl TimelineApp {
    /// Opens the dialog with the visible range filled in.
    pub(super) fn open_export_dialog(&mut self) {
        let view = self.target_view();
        let dialog = &mut self.export;
        dialog.open = true;
        if dialog.from.is_empty() || dialog.range != RangeChoice::Custom {
            dialog.from = iso_day(view.start);
            dialog.to = iso_day(view.end - 1e-6);
        }
        if dialog.path.is_empty() {
            let folder = std::env::current_dir().unwrap_or_default();
            let name = format!(
                "timeline-{}-to-{}.{}",
                dialog.from,
                dialog.to,
                dialog.format.extension()
            );
            dialog.path = folder.join(name).display().to_string();
        }
    }

    /// The export the dialog describes, or what is wrong with it.
    fn export_spec(&self, window: egui::Vec2) -> Result<ExportSpec, String> {
        let dialog = &self.export;
        let range = match dialog.range {
            RangeChoice::Visible => self.target_view(),
            RangeChoice::Whole => self.limits().fit_all(),
            RangeChoice::Custom => {
                let parse = |text: &str, what: &str| {
                    Date::parse(text.trim())
                        .map_err(|e| format!("{what} date: {e}; use YYYY, YYYY-MM or YYYY-MM-DD"))
                };
                let from = parse(&dialog.from, "From")?;
                let to = parse(&dialog.to, "To")?;
                TimeView::new(from.start_instant(), to.end_instant())
            }
        };
        let mut spec = ExportSpec::new(self.dataset(), range);
        match dialog.size {
            SizeChoice::Window(factor) => {
                spec.width = window.x.round().max(1.0) as u32;
                spec.height = window.y.round().max(1.0) as u32;
                spec.scale = f32::from(factor);
            }
            SizeChoice::Pixels => {
                spec.width = dialog.width;
                spec.height = dialog.height;
                spec.scale = 1.0;
            }
        }
        spec.theme = dialog.theme.unwrap_or(match self.settings.theme {
            ThemeChoice::Light => ExportTheme::Light,
            ThemeChoice::Dark => ExportTheme::Dark,
        });
        spec.hidden_lanes = self.session.state.lanes.hidden.clone();
        spec.collapsed_lanes = self.session.state.lanes.collapsed.clone();
        spec.figures = dialog.figures;
        spec.caption = match (dialog.caption, dialog.headline.trim()) {
            (false, _) => Caption::None,
            (true, "") => Caption::Standard,
            (true, headline) => Caption::Custom(headline.to_owned()),
        };
        spec.validate().map_err(|e| e.to_string())?;
        Ok(spec)
    }

    /// Starts writing the dialog's export to its file.
    fn start_export(&mut self, window: egui::Vec2) {
        if self.export.job.is_some() {
            return;
        }
        let path = PathBuf::from(self.export.path.trim());
        let prepared = self.export_spec(window).and_then(|spec| {
            export::check_target(&path)
                .map(|_| spec)
                .map_err(|e| e.to_string())
        });
        let spec = match prepared {
            Ok(spec) => spec,
            Err(message) => {
                self.export.status = Some(Err(message));
                return;
            }
        };
        let (dataset, index) = (
            Arc::clone(&self.session.data.dataset),
            Arc::clone(&self.session.data.index),
        );
        let control = Arc::new(ExportControl::default());
        let worker_control = Arc::clone(&control);
        let doing = format!("Exporting {}", file_name(&path));
        let handle = std::thread::spawn(move || {
            export::export_to_file(&dataset, &index, &spec, &path, &worker_control)
                .map(Outcome::Written)
        });
        self.export.status = None;
        self.export.job = Some(Job {
            control,
            handle,
            doing,
        });
    }

    /// Renders the visible view at the window's size for the clipboard.
    pub(super) fn copy_view_image(&mut self, window: egui::Vec2) {
        if self.export.job.is_some() {
            return;
        }
        let mut spec = ExportSpec::new(self.dataset(), self.target_view());
        spec.width = window.x.round().max(64.0) as u32;
        spec.height = window.y.round().max(48.0) as u32;
        spec.theme = match self.settings.theme {
            ThemeChoice::Light => ExportTheme::Light,
            ThemeChoice::Dark => ExportTheme::Dark,
        };
        spec.hidden_lanes = self.session.state.lanes.hidden.clone();
        spec.collapsed_lanes = self.session.state.lanes.collapsed.clone();
        let (dataset, index) = (
            Arc::clone(&self.session.data.dataset),
            Arc::clone(&self.session.data.index),
        );
        let control = Arc::new(ExportControl::default());
        let worker_control = Arc::clone(&control);
        let handle = std::thread::spawn(move || {
            let picture = export::draw(&dataset, &index, &spec)?;
            let image = picture.to_image(&worker_control)?;
            let size = [image.width as usize, image.height as usize];
            Ok(Outcome::Image(egui::ColorImage::from_rgba_unmultiplied(
                size,
                &image.pixels,
            )))
        });
        self.export.status = None;
        self.export.job = Some(Job {
            control,
            handle,
            doing: "Copying the view as an image".to_owned(),
        });
    }

    /// Collects a finished job and the file dialog's answer; keeps frames
    /// coming while something runs.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        if let Some(Some(path)) = take_answer(&mut self.export.picked, ctx) {
            if let Ok(format) = ImageFormat::of_path(&path) {
                self.export.format = format;
            }
            self.export.path = path.display().to_string();
        }
        let finished = self
            .export
            .job
            .as_ref()
            .is_some_and(|job| job.handle.is_finished());
        if !finished {
            if self.export.job.is_some() {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            return;
        }
        let Some(job) = self.export.job.take() else {
            return;
        };
        let result = job.handle.join().unwrap_or_else(|_| {
            Err(ExportError::Encode(
                "the export stopped unexpectedly".into(),
            ))
        });
        self.export.status = Some(match result {
            Ok(Outcome::Written(report)) => {
                let [width, height] = report.pixel_size;
                Ok(format!(
                    "Wrote {} ({width} × {height} px)",
                    report.path.display()
                ))
            }
            Ok(Outcome::Image(image)) => {
                let [width, height] = image.size;
                ctx.copy_image(image);
                Ok(format!(
                    "Copied the view to the clipboard ({width} × {height} px)"
                ))
            }
            Err(ExportError::Cancelled) => Err("Cancelled; no file was written.".to_owned()),
            Err(error) => Err(error.to_string()),
        });
        ctx.request_repaint();
    }

    /// The Export image window.
    pub(super) fn export_window(&mut self, ctx: &egui::Context) {
        if !self.export.open {
            return;
        }
        let window = ctx.content_rect().size();
        let mut open = true;
        let mut start = false;
        let mut choose_file = false;
        let view = self.target_view();
        let whole = self.limits().fit_all();
        let app_theme = self.settings.theme;
        let has_figures = crate::render::chart::has_figures(self.dataset());
        let preview = self.export_spec(window);
        let running = self.export.job.is_some();
        let dialog = &mut self.export;
        egui::Window::new("Export image")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("export-grid")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .show(ui, |ui| {
                        ui.label("Dates");
                        ui.vertical(|ui| {
                            let describe = |v: TimeView| {
                                format!("{} – {}", iso_day(v.start), iso_day(v.end - 1e-6))
                            };
                            ui.radio_value(
                                &mut dialog.range,
                                RangeChoice::Visible,
                                format!("The visible view ({})", describe(view)),
                            );
                            ui.radio_value(
                                &mut dialog.range,
                                RangeChoice::Whole,
                                format!("The whole dataset ({})", describe(whole)),
                            );
                            ui.horizontal(|ui| {
                                ui.radio_value(&mut dialog.range, RangeChoice::Custom, "From");
                                let from = ui.add(
                                    egui::TextEdit::singleline(&mut dialog.from)
                                        .desired_width(90.0)
                                        .hint_text("2016-02"),
                                );
                                let to_label = ui.label("to");
                                let to = ui
                                    .add(
                                        egui::TextEdit::singleline(&mut dialog.to)
                                            .desired_width(90.0)
                                            .hint_text("2016-03-31"),
                                    )
                                    .labelled_by(to_label.id);
                                if from.changed() || to.changed() {
                                    dialog.range = RangeChoice::Custom;
                                }
                            });
                        });
                        ui.end_row();

                        ui.label("Size");
                        ui.vertical(|ui| {
                            ui.horizontal(|ui| {
                                for factor in [1u8, 2, 4] {
                                    let pixels = (window * f32::from(factor)).round();
                                    ui.radio_value(
                                        &mut dialog.size,
                                        SizeChoice::Window(factor),
                                        format!("×{factor} ({} × {})", pixels.x, pixels.y),
                                    );
                                }
                            });
                            ui.horizontal(|ui| {
                                ui.radio_value(&mut dialog.size, SizeChoice::Pixels, "Pixels");
                                let width = ui.add(
                                    egui::DragValue::new(&mut dialog.width)
                                        .range(1..=16_384)
                                        .suffix(" px"),
                                );
                                ui.label("×");
                                let height = ui.add(
                                    egui::DragValue::new(&mut dialog.height)
                                        .range(1..=16_384)
                                        .suffix(" px"),
                                );
                                if width.changed() || height.changed() {
                                    dialog.size = SizeChoice::Pixels;
                                }
                            });
                        });
                        ui.end_row();

                        ui.label("Format");
                        ui.horizontal(|ui| {
                            let before = dialog.format;
                            ui.radio_value(&mut dialog.format, ImageFormat::Png, "PNG");
                            ui.radio_value(&mut dialog.format, ImageFormat::Svg, "SVG (vector)");
                            if dialog.format != before {
                                dialog.path = with_extension(&dialog.path, dialog.format);
                            }
                        });
                        ui.end_row();

                        ui.label("Theme");
                        ui.horizontal(|ui| {
                            let mut theme = dialog.theme.unwrap_or(match app_theme {
                                ThemeChoice::Light => ExportTheme::Light,
                                ThemeChoice::Dark => ExportTheme::Dark,
                            });
                            ui.radio_value(&mut theme, ExportTheme::Light, "Light");
                            ui.radio_value(&mut theme, ExportTheme::Dark, "Dark");
                            dialog.theme = Some(theme);
                        });
                        ui.end_row();

                        ui.label("Include");
                        ui.vertical(|ui| {
                            ui.add_enabled(
                                has_figures,
                                egui::Checkbox::new(
                                    &mut dialog.figures,
                                    "Figures chart and legend",
                                ),
                            );
                            ui.checkbox(
                                &mut dialog.caption,
                                "Caption: title, dates shown, sources",
                            );
                            ui.add_enabled(
                                dialog.caption,
                                egui::TextEdit::singleline(&mut dialog.headline)
                                    .hint_text("headline (default: the dataset's title)")
                                    .desired_width(320.0),
                            );
                        });
                        ui.end_row();

                        let save_label = ui.label("Save to");
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::TextEdit::singleline(&mut dialog.path).desired_width(320.0),
                            )
                            .labelled_by(save_label.id);
                            choose_file = ui.button("Choose…").clicked();
                        });
                        ui.end_row();
                    });
                ui.separator();
                match &preview {
                    Ok(spec) => {
                        let [width, height] = spec.pixel_size();
                        let mut line = format!(
                            "{width} × {height} px {}",
                            dialog.format.extension().to_uppercase()
                        );
                        if Path::new(dialog.path.trim()).is_file() {
                            line.push_str(" — replaces the existing file");
                        }
                        ui.label(RichText::new(line).weak());
                    }
                    Err(message) => {
                        ui.colored_label(ui.visuals().error_fg_color, message);
                    }
                }
                start = ui
                    .add_enabled(preview.is_ok() && !running, egui::Button::new("Export"))
                    .clicked();
                status_ui(dialog, ui);
            });
        if choose_file && dialog.picked.is_none() {
            let current = PathBuf::from(dialog.path.trim());
            let folder = current.parent().map(Path::to_owned);
            let name = current
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let format = dialog.format;
            dialog.picked = Some(PendingPick::spawn(move || {
                let mut picker = rfd::FileDialog::new().set_file_name(name);
                if let Some(folder) = folder.filter(|f| f.is_dir()) {
                    picker = picker.set_directory(folder);
                }
                picker = match format {
                    ImageFormat::Png => picker.add_filter("PNG image", &["png"]),
                    ImageFormat::Svg => picker.add_filter("SVG image", &["svg"]),
                };
                picker.save_file()
            }));
        }
        dialog.open = open;
        if start {
            self.start_export(window);
        }
    }
}

/// Progress and Cancel while a job runs; its outcome after.
pub(super) fn status_ui(dialog: &mut ExportDialog, ui: &mut egui::Ui) {
    if let Some(job) = &dialog.job {
        let mut cancel = false;
        ui.horizontal(|ui| {
            ui.label(format!("{}…", job.doing));
            ui.add(
                egui::ProgressBar::new(job.control.progress())
                    .desired_width(160.0)
                    .show_percentage(),
            );
            cancel = ui.button("Cancel").clicked();
        });
        if cancel {
            job.control.cancel();
        }
    } else if let Some(status) = &dialog.status {
        let mut dismiss = false;
        ui.horizontal(|ui| {
            match status {
                Ok(message) => ui.label(message),
                Err(message) => ui.colored_label(ui.visuals().error_fg_color, message),
            };
            dismiss = ui.small_button("Dismiss").clicked();
        });
        if dismiss {
            dialog.status = None;
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The path with its extension set for `format`.
fn with_extension(path: &str, format: ImageFormat) -> String {
    if path.trim().is_empty() {
        return String::new();
    }
    PathBuf::from(path.trim())
        .with_extension(format.extension())
        .display()
        .to_string()
}
