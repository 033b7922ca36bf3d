//! File → Export image… and Copy view as image: the dialog, the native
//! save-file picker, and export jobs that run on a worker thread with
//! progress and cancel, so the window never freezes.
//!
//! The dialog owns its fields and its job; what it needs of the app comes
//! in as an [`ExportContext`] (the dataset, the view, the lane filters), so
//! nothing here reaches into the app. The dialog closes once its export
//! starts: a running job shows its progress and Cancel among the notices,
//! and what it did ("Wrote …", "Copied …") is posted as a notice.
//!
//! The dialog works with keys alone: the file path, its first field, has
//! focus when it opens, Tab walks the fields and buttons, Enter in the path
//! field exports (when the export is valid), Esc closes it while the focus
//! is in it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, RichText};

use super::dialogs::{FocusRequest, dialog_window, escape_closes, focus_in};
use super::notices::{Notice, NoticeAction, folder_of, notice_frame};
use super::pickers::{
    FilePicker, PickKind, PickRequest, PickerUnavailable, SystemPicker, take_pick,
};
use super::{ThemeChoice, TimelineApp};
use crate::export::{
    self, Caption, ExportError, ExportReport, ExportSpec, ExportTheme, ImageFormat,
};
use crate::jobs::Job;
use crate::model::{Dataset, Date};
use crate::render::theme::ui::forms;
use crate::view::{DataEnds, TimeView, TimelineIndex};

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
struct ExportJob {
    job: Job<Result<Outcome, ExportError>>,
    /// What the status line says while it runs.
    doing: String,
}

/// What an export takes from the app: the data (shared with the worker),
/// the view and the lane filters as they are now.
#[derive(Clone)]
pub(super) struct ExportContext {
    pub dataset: Arc<Dataset>,
    pub index: Arc<TimelineIndex>,
    /// Where the view is going (the animation's target).
    pub view: TimeView,
    /// What the data's ends need: the whole dataset's range is fitted at
    /// the image's width.
    pub ends: Arc<DataEnds>,
    pub theme: ThemeChoice,
    /// Per lane.
    pub hidden_lanes: Vec<bool>,
    /// Per lane.
    pub collapsed_lanes: Vec<bool>,
    /// The layers the dataset was merged from: their headers are drawn and
    /// the caption credits each.
    pub layers: Arc<crate::model::Layers>,
    /// Per layer: folded to its header.
    pub folded_layers: Vec<bool>,
    /// What an export would otherwise make again on its job's thread
    /// ([`export::Prepared`]).
    pub known: export::Known,
}

impl ExportContext {
    fn export_theme(&self) -> ExportTheme {
        match self.theme {
            ThemeChoice::Light => ExportTheme::Light,
            ThemeChoice::Dark => ExportTheme::Dark,
            ThemeChoice::HighContrast => ExportTheme::HighContrast,
        }
    }

    /// A spec for `range` with the app's theme and lane filters.
    fn spec(&self, range: TimeView) -> ExportSpec {
        let mut spec = ExportSpec::new(&self.dataset, range);
        spec.theme = self.export_theme();
        spec.hidden_lanes = self.hidden_lanes.clone();
        spec.collapsed_lanes = self.collapsed_lanes.clone();
        spec.layers = (*self.layers).clone();
        spec.folded_layers = self.folded_layers.clone();
        spec
    }
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
    /// Grow the height until every event of the range has its row.
    fit_rows: bool,
    format: ImageFormat,
    theme: Option<ExportTheme>,
    figures: bool,
    caption: bool,
    headline: String,
    path: String,
    /// The result of the last job, or why it could not start.
    status: Option<Result<String, String>>,
    /// Why the last export could not start, shown in the dialog.
    problem: Option<String>,
    job: Option<ExportJob>,
    /// The native file dialog, open on its own thread.
    picked: Option<Job<Result<Option<PathBuf>, PickerUnavailable>>>,
    picker: Arc<dyn FilePicker>,
    /// Why the system's file picker could not be shown.
    no_picker: Option<String>,
    /// Focus the path field.
    focus: FocusRequest,
    /// Whether the focus was in the dialog at the end of the last frame:
    /// then Esc closes it.
    focused: bool,
    /// Notices posted since the app last took them.
    notices: Vec<Notice>,
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
            fit_rows: false,
            format: ImageFormat::Png,
            theme: None,
            figures: false,
            caption: true,
            headline: String::new(),
            path: String::new(),
            status: None,
            problem: None,
            job: None,
            picked: None,
            picker: Arc::new(SystemPicker),
            no_picker: None,
            focus: FocusRequest::default(),
            focused: false,
            notices: Vec::new(),
        }
    }
}

impl ExportDialog {
    /// The running job's progress, 0–1.
    pub fn progress(&self) -> Option<f32> {
        self.job
            .as_ref()
            .map(|running| running.job.control().progress())
    }

    pub fn status(&self) -> Option<&Result<String, String>> {
        self.status.as_ref()
    }

    /// The notices posted since the last call.
    pub(crate) fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Whether the file picker is open.
    pub(crate) fn picking(&self) -> bool {
        self.picked.is_some()
    }

    /// Blocks until the file picker answers, or `timeout`; whether it has.
    /// For tests.
    pub(crate) fn wait_for_picker(&mut self, timeout: std::time::Duration) -> bool {
        self.picked.as_mut().is_none_or(|job| job.wait(timeout))
    }

    /// Where the file picker is shown from (the system's, by default).
    pub(crate) fn set_picker(&mut self, picker: Arc<dyn FilePicker>) {
        self.picker = picker;
    }
}

/// The From and To fields for a view: its first and last dates in ISO
/// form, at the precision that places them (`-13800000000`, `2016-02-27`,
/// `2016-02-27T00:10`), within the range dates can name, so that they
/// read back as (about) the same view.
fn range_fields(view: TimeView) -> (String, String) {
    let precision = crate::model::Precision::for_range(view.span());
    crate::model::span_dates(view.start, view.end, precision)
        .map_or_else(Default::default, |(from, to)| (from.to_iso(), to.to_iso()))
}

impl ExportDialog {
    /// Opens the dialog with `view`, the visible range, filled in.
    pub(crate) fn open_at(&mut self, view: TimeView) {
        let dialog = self;
        if !dialog.open {
            dialog.problem = None;
            dialog.no_picker = None;
        }
        dialog.open = true;
        dialog.focus.ask();
        if dialog.from.is_empty() || dialog.range != RangeChoice::Custom {
            (dialog.from, dialog.to) = range_fields(view);
        }
        if dialog.path.is_empty() {
            let folder = std::env::current_dir().unwrap_or_default();
            // No colons from the times: not every system allows them.
            let name = format!(
                "timeline-{}-to-{}.{}",
                dialog.from.replace(':', ""),
                dialog.to.replace(':', ""),
                dialog.format.extension()
            );
            dialog.path = folder.join(name).display().to_string();
        }
    }

    /// The layout's width and height in points, and the scale.
    fn layout_size(&self, window: egui::Vec2) -> (u32, u32, f32) {
        match self.size {
            SizeChoice::Window(factor) => (
                window.x.round().max(1.0) as u32,
                window.y.round().max(1.0) as u32,
                f32::from(factor),
            ),
            SizeChoice::Pixels => (self.width, self.height, 1.0),
        }
    }

    /// The whole dataset's range at the image's width: the data's span
    /// with room for its end items there.
    fn whole(&self, cx: &ExportContext, window: egui::Vec2) -> TimeView {
        let (width, _, _) = self.layout_size(window);
        cx.ends.fit(width as f32)
    }

    /// The export the dialog describes, or what is wrong with it.
    fn export_spec(&self, cx: &ExportContext, window: egui::Vec2) -> Result<ExportSpec, String> {
        let dialog = self;
        let range = match dialog.range {
            RangeChoice::Visible => cx.view,
            RangeChoice::Whole => dialog.whole(cx, window),
            RangeChoice::Custom => {
                let parse = |text: &str, what: &str| {
                    Date::parse(text.trim()).map_err(|e| format!("{what} date: {e}"))
                };
                let from = parse(&dialog.from, "From")?;
                let to = parse(&dialog.to, "To")?;
                TimeView::new(from.start_instant(), to.end_instant())
            }
        };
        let mut spec = cx.spec(range);
        (spec.width, spec.height, spec.scale) = dialog.layout_size(window);
        spec.fit_rows = dialog.fit_rows;
        spec.theme = dialog.theme.unwrap_or(cx.export_theme());
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
    fn start_export(&mut self, cx: &ExportContext, ctx: &egui::Context, window: egui::Vec2) {
        if self.job.is_some() {
            return;
        }
        let path = PathBuf::from(self.path.trim());
        let prepared = self.export_spec(cx, window).and_then(|spec| {
            export::check_target(&path)
                .map(|_| spec)
                .map_err(|e| e.to_string())
        });
        let spec = match prepared {
            Ok(spec) => spec,
            Err(message) => {
                self.status = Some(Err(message.clone()));
                self.problem = Some(message);
                return;
            }
        };
        let (dataset, index) = (Arc::clone(&cx.dataset), Arc::clone(&cx.index));
        let known = cx.known.clone();
        let doing = format!("Exporting {}", file_name(&path));
        let job = Job::spawn("image-export", ctx, move |control| {
            export::export_to_file_with(&dataset, &index, &spec, &path, control, Some(known))
                .map(Outcome::Written)
        });
        self.status = None;
        self.problem = None;
        self.job = Some(ExportJob { job, doing });
    }

    /// Renders the visible view at the window's size for the clipboard.
    pub(crate) fn copy_view_image(
        &mut self,
        cx: &ExportContext,
        ctx: &egui::Context,
        window: egui::Vec2,
    ) {
        if self.job.is_some() {
            return;
        }
        let mut spec = cx.spec(cx.view);
        spec.width = window.x.round().max(64.0) as u32;
        spec.height = window.y.round().max(48.0) as u32;
        let (dataset, index) = (Arc::clone(&cx.dataset), Arc::clone(&cx.index));
        let known = cx.known.clone();
        let job = Job::spawn("image-copy", ctx, move |control| {
            let prepared = known.prepared(&dataset, &index);
            let picture = export::draw_prepared(&dataset, &index, &spec, &prepared)?;
            let image = picture.to_image(control)?;
            let size = [image.width as usize, image.height as usize];
            Ok(Outcome::Image(egui::ColorImage::from_rgba_unmultiplied(
                size,
                &image.pixels,
            )))
        });
        self.status = None;
        self.job = Some(ExportJob {
            job,
            doing: "Copying the view as an image".to_owned(),
        });
    }

    /// Collects a finished job and the file dialog's answer, and Esc for
    /// the dialog while the focus is in it; keeps frames coming while
    /// something runs, for the progress bar.
    pub(crate) fn poll(&mut self, ctx: &egui::Context) {
        if self.open && self.focused && escape_closes(ctx) {
            self.open = false;
            self.focused = false;
        }
        match take_pick(&mut self.picked) {
            Some(Ok(path)) => {
                if let Ok(format) = ImageFormat::of_path(&path) {
                    self.format = format;
                }
                self.path = path.display().to_string();
                self.no_picker = None;
            }
            Some(Err(PickerUnavailable(why))) => {
                self.no_picker = Some(why);
                self.focus.ask();
            }
            None => {}
        }
        let Some(running) = &mut self.job else {
            return;
        };
        let Some(outcome) = running.job.poll() else {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        };
        self.job = None;
        let result = outcome.unwrap_or_else(|_| {
            Err(ExportError::Encode(
                "the export stopped unexpectedly".into(),
            ))
        });
        let notice = match result {
            Ok(Outcome::Written(report)) => {
                let [width, height] = report.pixel_size;
                let text = format!("Wrote {} ({width} × {height} px)", report.path.display());
                let notice = Notice::info(&text);
                let notice = match folder_of(&report.path) {
                    Some(folder) => notice.with_action(NoticeAction::OpenFolder(folder)),
                    None => notice,
                };
                self.status = Some(Ok(text));
                notice
            }
            Ok(Outcome::Image(image)) => {
                let [width, height] = image.size;
                ctx.copy_image(image);
                let text = format!("Copied the view to the clipboard ({width} × {height} px)");
                self.status = Some(Ok(text.clone()));
                Notice::info(text)
            }
            Err(ExportError::Cancelled) => {
                let text = "Cancelled; no file was written.";
                self.status = Some(Err(text.to_owned()));
                Notice::info(text)
            }
            Err(error) => {
                let text = error.to_string();
                self.status = Some(Err(text.clone()));
                Notice::error(text)
            }
        };
        self.notices.push(notice);
        ctx.request_repaint();
    }

    /// Blocks until the running job is done or `timeout` has passed;
    /// whether nothing runs any more. For tests.
    pub fn wait(&mut self, timeout: std::time::Duration) -> bool {
        self.job
            .as_mut()
            .is_none_or(|running| running.job.wait(timeout))
    }

    /// A job's progress and Cancel among the notices, while it runs with
    /// the dialog closed (the dialog shows them itself while open).
    pub(crate) fn running_ui(&mut self, ui: &mut egui::Ui) {
        if self.open || self.job.is_none() {
            return;
        }
        notice_frame(ui).show(ui, |ui| progress_ui(self, ui));
    }

    /// The Export image window, while it is open.
    pub(crate) fn window_ui(&mut self, ctx: &egui::Context, cx: &ExportContext) {
        if !self.open {
            return;
        }
        let window = ctx.content_rect().size();
        let mut open = true;
        let mut start = false;
        let mut choose_file = false;
        let view = cx.view;
        let whole = self.whole(cx, window);
        let app_theme = cx.export_theme();
        let has_figures = crate::render::chart::has_figures(&cx.dataset);
        let preview = self.export_spec(cx, window);
        let running = self.job.is_some();
        let picking = self.picked.is_some();
        let dialog = &mut *self;
        let shown = dialog_window(ctx, "Export image")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("export-grid")
                    .num_columns(2)
                    .spacing(forms::EXPORT_GRID_SPACING)
                    .show(ui, |ui| {
                        // The file first: it is what most exports change,
                        // and Enter in it exports.
                        let save_label = ui.label("Save to");
                        ui.horizontal(|ui| {
                            let field = ui
                                .add(
                                    egui::TextEdit::singleline(&mut dialog.path)
                                        .desired_width(forms::EXPORT_PATH_WIDTH),
                                )
                                .labelled_by(save_label.id);
                            dialog.focus.apply(&field);
                            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                                start = preview.is_ok() && !running;
                            }
                            choose_file = ui
                                .add_enabled(!picking, egui::Button::new("Choose…"))
                                .clicked();
                        });
                        ui.end_row();
                        if let Some(why) = &dialog.no_picker {
                            ui.label("");
                            ui.colored_label(ui.visuals().warn_fg_color, why);
                            ui.end_row();
                        }

                        ui.label("Dates");
                        ui.vertical(|ui| {
                            let describe = |v: TimeView| {
                                crate::model::span_words(
                                    v.start,
                                    v.end,
                                    crate::model::Precision::Second,
                                )
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
                                        .desired_width(forms::EXPORT_DATE_WIDTH)
                                        .hint_text("2016-02"),
                                );
                                let to_label = ui.label("to");
                                let to = ui
                                    .add(
                                        egui::TextEdit::singleline(&mut dialog.to)
                                            .desired_width(forms::EXPORT_DATE_WIDTH)
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
                                    if height.changed() {
                                        dialog.fit_rows = false;
                                    }
                                }
                            });
                            ui.checkbox(
                                &mut dialog.fit_rows,
                                "Fit all rows: as high as every event needs for its own row",
                            )
                            .on_hover_text(
                                "The height grows, up to the largest image, until no event of \
                                 the range is left in a badge.",
                            );
                        });
                        ui.end_row();

                        ui.label("Format");
                        ui.horizontal(|ui| {
                            let before = dialog.format;
                            ui.radio_value(&mut dialog.format, ImageFormat::Png, "PNG");
                            ui.radio_value(&mut dialog.format, ImageFormat::Svg, "SVG (vector)");
                            ui.radio_value(&mut dialog.format, ImageFormat::Pdf, "PDF (vector)");
                            if dialog.format != before {
                                dialog.path = with_extension(&dialog.path, dialog.format);
                            }
                        });
                        ui.end_row();

                        ui.label("Theme");
                        ui.horizontal(|ui| {
                            let mut theme = dialog.theme.unwrap_or(app_theme);
                            ui.radio_value(&mut theme, ExportTheme::Light, "Light");
                            ui.radio_value(&mut theme, ExportTheme::Dark, "Dark");
                            ui.radio_value(&mut theme, ExportTheme::HighContrast, "High contrast");
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
                                    .desired_width(forms::EXPORT_PATH_WIDTH),
                            );
                        });
                        ui.end_row();
                    });
                ui.separator();
                match &preview {
                    Ok(spec) => {
                        let [width, height] = spec.pixel_size();
                        let format = dialog.format.extension().to_uppercase();
                        let mut line = if spec.fit_rows {
                            format!("{width} px wide, as high as the rows need, {format}")
                        } else {
                            format!("{width} × {height} px {format}")
                        };
                        if Path::new(dialog.path.trim()).is_file() {
                            line.push_str(" — replaces the existing file");
                        }
                        ui.label(RichText::new(line).weak());
                    }
                    Err(message) => {
                        ui.colored_label(ui.visuals().error_fg_color, message);
                    }
                }
                if ui
                    .add_enabled(preview.is_ok() && !running, egui::Button::new("Export"))
                    .clicked()
                {
                    start = true;
                }
                if let Some(problem) = &dialog.problem {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                if dialog.job.is_some() {
                    progress_ui(dialog, ui);
                }
            });
        dialog.focused = open && shown.is_some_and(|shown| focus_in(ctx, shown.response.layer_id));
        if choose_file && dialog.picked.is_none() {
            dialog.no_picker = None;
            let current = PathBuf::from(dialog.path.trim());
            let name = current
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let request = PickRequest::new(PickKind::SaveFile, "Export the image as")
                .starting_in(current.parent())
                .named(name);
            let request = match dialog.format {
                ImageFormat::Png => request.filter("PNG image", &["png"]),
                ImageFormat::Svg => request.filter("SVG image", &["svg"]),
                ImageFormat::Pdf => request.filter("PDF document", &["pdf"]),
            };
            let picker = Arc::clone(&dialog.picker);
            dialog.picked = Some(Job::spawn_waiting("file-dialog", ctx, move |_| {
                picker.pick(request)
            }));
        }
        dialog.open = open;
        if start {
            self.start_export(cx, ctx, window);
            // Out of the way once the export runs: its progress and Cancel
            // show among the notices, then what it wrote. An export that
            // could not start keeps the dialog open, saying why.
            if self.job.is_some() {
                self.open = false;
                self.focused = false;
            }
        }
    }
}

impl TimelineApp {
    /// What an export takes from the app, as it is now.
    pub(super) fn export_context(&self) -> ExportContext {
        let session = &self.session;
        ExportContext {
            dataset: Arc::clone(&session.data.dataset),
            index: Arc::clone(&session.data.index),
            view: session.state.view.target(),
            ends: Arc::clone(&session.data.ends),
            theme: self.settings.theme,
            // A folded layer's lanes are left out, as on screen.
            hidden_lanes: crate::view::hidden_or_folded(
                &session.state.lanes.hidden,
                &session.data.layers,
                &session.state.layers_folded,
                session.data.dataset.lanes.len(),
            )
            .into_owned(),
            collapsed_lanes: session.state.lanes.collapsed.clone(),
            layers: Arc::clone(&session.data.layers),
            folded_layers: session.state.layers_folded.clone(),
            known: export::Known {
                label_widths: Arc::clone(&session.data.label_widths),
                lane_events: session
                    .panels
                    .timeline
                    .lane_events_of(session.state.version),
            },
        }
    }
}

/// Progress and Cancel while a job runs.
fn progress_ui(dialog: &ExportDialog, ui: &mut egui::Ui) {
    let Some(running) = &dialog.job else {
        return;
    };
    let mut cancel = false;
    ui.horizontal(|ui| {
        ui.label(format!("{}…", running.doing));
        ui.add(
            egui::ProgressBar::new(running.job.control().progress())
                .desired_width(forms::EXPORT_PROGRESS_WIDTH)
                .show_percentage(),
        );
        cancel = ui.button("Cancel").clicked();
    });
    if cancel {
        running.job.cancel();
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn context() -> ExportContext {
        let dataset = crate::load::load_builtin().unwrap().dataset;
        let derived = super::super::derive(dataset);
        let lanes = derived.dataset.lanes.len();
        let mut hidden_lanes = vec![false; lanes];
        hidden_lanes[0] = true;
        ExportContext {
            view: TimeView::new(16_800.0, 16_900.0),
            ends: Arc::clone(&derived.ends),
            dataset: derived.dataset,
            index: derived.index,
            theme: ThemeChoice::Light,
            hidden_lanes,
            collapsed_lanes: vec![false; lanes],
            layers: derived.layers,
            folded_layers: Vec::new(),
            known: export::Known {
                label_widths: derived.label_widths,
                lane_events: Some(Arc::new(derived.lane_events)),
            },
        }
    }

    #[test]
    fn the_app_hands_an_export_its_widths_and_lanes_events() {
        let dataset = crate::load::load_builtin().unwrap().dataset;
        let app = TimelineApp::new(dataset);
        let cx = app.export_context();
        assert_eq!(cx.known.label_widths.len(), cx.dataset.events.len());
        let lane_events = cx.known.lane_events.expect("the timeline's lanes' events");
        assert_eq!(lane_events.len(), cx.dataset.lanes.len());
    }

    #[test]
    fn an_export_from_the_apps_widths_and_lanes_is_the_export_made_from_scratch() {
        let cx = context();
        let mut dialog = ExportDialog::default();
        dialog.open_at(cx.view);
        for fit_rows in [false, true] {
            dialog.fit_rows = fit_rows;
            let spec = dialog.export_spec(&cx, egui::vec2(800.0, 500.0)).unwrap();
            let fresh = export::draw(&cx.dataset, &cx.index, &spec).unwrap();
            // The timeline's lanes' events, or none when they are stale.
            for lane_events in [cx.known.lane_events.clone(), None] {
                let known = export::Known {
                    label_widths: Arc::clone(&cx.known.label_widths),
                    lane_events,
                };
                let prepared = known.prepared(&cx.dataset, &cx.index);
                let from_app =
                    export::draw_prepared(&cx.dataset, &cx.index, &spec, &prepared).unwrap();
                assert_eq!(from_app.pixel_size, fresh.pixel_size);
                assert_eq!(from_app.to_svg(), fresh.to_svg(), "fit rows: {fit_rows}");
            }
        }
    }

    #[test]
    fn the_spec_takes_the_view_theme_and_lanes_from_the_context() {
        let cx = context();
        let mut dialog = ExportDialog::default();
        dialog.open_at(cx.view);
        assert!(dialog.open);
        let spec = dialog.export_spec(&cx, egui::vec2(800.0, 500.0)).unwrap();
        assert_eq!(spec.range, cx.view);
        assert_eq!(spec.theme, ExportTheme::Light);
        assert_eq!(spec.hidden_lanes, cx.hidden_lanes);
        assert_eq!(spec.pixel_size(), [1600, 1000], "twice the window");
        dialog.range = RangeChoice::Whole;
        let spec = dialog.export_spec(&cx, egui::vec2(800.0, 500.0)).unwrap();
        assert_eq!(
            spec.range,
            cx.ends.fit(800.0),
            "fitted at the image's width"
        );
        assert!(!spec.fit_rows);
        dialog.fit_rows = true;
        let spec = dialog.export_spec(&cx, egui::vec2(800.0, 500.0)).unwrap();
        assert!(spec.fit_rows, "fit all rows reaches the export");
    }

    #[test]
    fn a_copy_runs_as_a_job_and_ends_in_a_status() {
        let cx = context();
        let ctx = egui::Context::default();
        let mut dialog = ExportDialog::default();
        dialog.copy_view_image(&cx, &ctx, egui::vec2(480.0, 320.0));
        assert!(dialog.progress().is_some(), "running");
        assert!(dialog.wait(std::time::Duration::from_secs(60)));
        dialog.poll(&ctx);
        assert_eq!(dialog.progress(), None);
        let status = dialog.status().cloned();
        assert!(
            matches!(&status, Some(Ok(message)) if message.starts_with("Copied the view")),
            "{status:?}"
        );
    }
}
