//! Exporting images of the timeline: any date range, any size, PNG, SVG or
//! PDF,
//! with or without a window.
//!
//! An export lays out the timeline (and optionally the figures chart, its
//! legend and a caption) in an offscreen egui context at the requested size
//! and pixels-per-point, with the painters the app's window uses
//! ([`crate::render`]). The resulting shapes are then either tessellated by
//! egui and rasterised on the CPU ([`raster`]) for a PNG, or written as SVG
//! elements ([`svg`]), which a PDF draws as vectors and text ([`pdf`]). No GPU and no display are involved, so the same
//! request gives the same pixels on any machine.
//!
//! Files are written to a temporary file of ours beside the target, synced
//! and renamed into place, so a failed, cancelled or killed export never
//! leaves a partial file where the image goes; a temporary file left by a
//! killed export is removed by the next export into that folder.

pub(crate) mod pdf;
pub mod raster;
pub mod story;
pub mod svg;

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use eframe::egui::{self, Color32, Pos2, Rect, TextureId, Vec2};
use eframe::epaint::ClippedShape;

use crate::model::{Dataset, Date, EventIndex, Layers, Precision, Text};
use crate::render::DatasetColors;
use crate::render::chart::{
    ChartFrame, ChartInput, figures_chart, has_figures, legend, shortened_names_line,
};
use crate::render::theme::{self, export as style};
use crate::render::timeline::{
    ItemState, TimelineGeometry, TimelinePicture, measure_label_widths, paint_timeline,
};
use crate::view::LaneEvents;
use crate::view::{
    LaneRoom, LayoutCache, LayoutInput, LayoutMetrics, Scene, SceneInput, TimeTransform, TimeView,
    TimelineIndex, build_scene, short_date, source_name,
};
pub use raster::{RgbaImage, Texture};

/// The largest side of an exported image, in pixels.
pub(crate) const MAX_SIDE_PX: u64 = 16_384;
/// The largest exported image, in pixels.
pub(crate) const MAX_PIXELS: u64 = 200_000_000;
/// The scale factors an export accepts.
pub(crate) const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.25..=16.0;

/// What can go wrong in an export. Every message names what was wrong and
/// what would be right.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("image size {width} × {height} px is not allowed: {reason}")]
    BadSize {
        width: u64,
        height: u64,
        reason: String,
    },
    #[error("scale {0} is not allowed: use a number from 0.25 to 16")]
    BadScale(f32),
    #[error(
        "cannot tell the image format of {}: the file name must end in .png, .svg or .pdf",
        .0.display()
    )]
    UnknownFormat(PathBuf),
    #[error("cannot write {}: the folder {} does not exist", .path.display(), .folder.display())]
    MissingFolder { path: PathBuf, folder: PathBuf },
    #[error(
        "cannot write {}: {} is a file, not a folder; give a path inside a folder",
        .path.display(),
        .folder.display()
    )]
    ParentIsAFile { path: PathBuf, folder: PathBuf },
    #[error("cannot write {}: it is a folder; give a file name ending in .png, .svg or .pdf", .0.display())]
    IsAFolder(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the range is empty or reversed: {from} is not before {to}")]
    BadRange { from: String, to: String },
    #[error("no lane with id `{id}`; this dataset's lanes are: {known}")]
    UnknownLane { id: String, known: String },
    #[error("PNG encoding failed: {0}")]
    Encode(String),
    #[error("PDF writing failed: {0}")]
    Pdf(String),
    #[error("the export was cancelled")]
    Cancelled,
    #[error("no view with id `{id}`; this dataset's views are: {known}")]
    UnknownView { id: String, known: String },
    #[error(
        "the dataset has no views, so there is no story to export; name places on the timeline in its `views` (see docs/dataset-format.md) or save views in the app"
    )]
    NoViews,
    #[error("cannot write a story into {}: it is a file; give a folder for the story's images", .0.display())]
    StoryNotAFolder(PathBuf),
    #[error(
        "cannot write a story into {}: it holds other files ({found}); give a new or empty folder, or one holding only an earlier story's images",
        .path.display()
    )]
    NotAStoryFolder { path: PathBuf, found: String },
}

/// PNG, SVG or PDF, decided by the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ImageFormat {
    Png,
    Svg,
    Pdf,
}

impl ImageFormat {
    pub(crate) fn of_path(path: &Path) -> Result<Self, ExportError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("png") => Ok(Self::Png),
            Some("svg") => Ok(Self::Svg),
            Some("pdf") => Ok(Self::Pdf),
            _ => Err(ExportError::UnknownFormat(path.to_owned())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf => "pdf",
        }
    }
}

/// Light, dark or high contrast, as in the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ExportTheme {
    #[default]
    Light,
    Dark,
    HighContrast,
}

impl ExportTheme {
    /// The app's look it draws in.
    pub(crate) fn look(self) -> crate::render::theme::Look {
        use crate::render::theme::Look;
        match self {
            Self::Light => Look::Light,
            Self::Dark => Look::Dark,
            Self::HighContrast => Look::HighContrast,
        }
    }
}

/// The caption under the image.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Caption {
    None,
    /// The dataset's title, the date range shown and the sources.
    #[default]
    Standard,
    /// This headline instead of the title, then the range and the sources.
    Custom(String),
}

/// Everything an export needs besides the dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSpec {
    /// The date range shown, in days since 1970.
    pub range: TimeView,
    /// Layout size in points; the image is `scale` times this in pixels.
    pub width: u32,
    pub height: u32,
    pub scale: f32,
    pub theme: ExportTheme,
    /// Per lane: left out.
    pub hidden_lanes: Vec<bool>,
    /// Per lane: shown as a header only.
    pub collapsed_lanes: Vec<bool>,
    /// Draw the figures chart and its legend below the timeline.
    pub figures: bool,
    pub caption: Caption,
    /// Grow the height until every event in the range has its row, as far
    /// as the largest image allows (`height` is then found, not given).
    pub fit_rows: bool,
    /// The layers the dataset was merged from, when it was: the caption
    /// names each and credits each one's own sources.
    pub layers: Layers,
    /// Per layer (by position): folded to its header, as on screen.
    pub folded_layers: Vec<bool>,
    /// The event drawn selected, with its label wherever it is.
    pub selected: Option<EventIndex>,
    /// What a slide of a story says, under the caption's headline: the
    /// view's text, then its quotes, a paragraph each.
    pub story: Vec<String>,
}

impl ExportSpec {
    /// 1920 × 1080 at scale 1, light, with the caption, over `range`.
    pub fn new(dataset: &Dataset, range: TimeView) -> Self {
        Self {
            range,
            width: 1920,
            height: 1080,
            scale: 1.0,
            theme: ExportTheme::Light,
            hidden_lanes: vec![false; dataset.lanes.len()],
            collapsed_lanes: vec![false; dataset.lanes.len()],
            figures: false,
            caption: Caption::Standard,
            fit_rows: false,
            layers: Layers::default(),
            folded_layers: Vec::new(),
            selected: None,
            story: Vec::new(),
        }
    }

    /// Shows the view at `view` (a position in `dataset.views`) as the app
    /// does: its range, its lanes, its event selected, and, under its
    /// title as the headline, its text and quotes. Whether the dataset
    /// has a view at that position.
    pub fn show_view(&mut self, dataset: &Dataset, view: usize) -> bool {
        let (Some(shown), Some(saved)) = (
            crate::view::shown_view(dataset, &self.layers, view),
            dataset.views.get(view),
        ) else {
            return false;
        };
        self.range = shown.range;
        self.hidden_lanes = shown.hidden_lanes;
        self.selected = shown.selected;
        self.caption = Caption::Custom(saved.title.clone());
        self.story = saved
            .text
            .iter()
            .filter(|text| !text.trim().is_empty())
            .map(|text| text.trim().to_owned())
            .chain(
                shown
                    .quotes
                    .iter()
                    .filter_map(|&quote| dataset.quotes.get(quote))
                    .map(quote_paragraph),
            )
            .collect();
        true
    }

    /// The tallest layout, in points, this spec's width and scale allow.
    pub fn largest_height(&self) -> u32 {
        let scale = f64::from(self.scale.max(f32::MIN_POSITIVE));
        let pixel_width = (f64::from(self.width) * scale).round().max(1.0);
        let by_side = MAX_SIDE_PX as f64 / scale;
        let by_area = MAX_PIXELS as f64 / pixel_width / scale;
        by_side.min(by_area).floor().clamp(0.0, f64::from(u32::MAX)) as u32
    }

    /// The image's size in pixels.
    pub fn pixel_size(&self) -> [u64; 2] {
        [self.width, self.height]
            .map(|side| (f64::from(side) * f64::from(self.scale)).round() as u64)
    }

    /// Refuses sizes and ranges that cannot be drawn, before any work.
    pub fn validate(&self) -> Result<(), ExportError> {
        if !self.scale.is_finite() || !SCALE_RANGE.contains(&self.scale) {
            return Err(ExportError::BadScale(self.scale));
        }
        let [width, height] = self.pixel_size();
        let bad = |reason: &str| ExportError::BadSize {
            width,
            height,
            reason: reason.to_owned(),
        };
        if width == 0 || height == 0 {
            return Err(bad("width and height must be at least 1 px"));
        }
        if width > MAX_SIDE_PX || height > MAX_SIDE_PX {
            return Err(bad(&format!("no side may exceed {MAX_SIDE_PX} px")));
        }
        if width * height > MAX_PIXELS {
            return Err(bad(&format!(
                "the image may have at most {} megapixels",
                MAX_PIXELS / 1_000_000
            )));
        }
        if self.width < 64 || self.height < 48 {
            return Err(ExportError::BadSize {
                width: u64::from(self.width),
                height: u64::from(self.height),
                reason:
                    "the layout needs at least 64 × 48 points (width and height before scaling)"
                        .to_owned(),
            });
        }
        if !self.range.is_valid() || self.range.span() <= 0.0 {
            return Err(ExportError::BadRange {
                from: describe_time(self.range.start),
                to: describe_time(self.range.end),
            });
        }
        Ok(())
    }
}

/// Progress and cancellation of an export running on another thread: the
/// control every background job has.
pub type ExportControl = crate::jobs::JobControl;

impl From<crate::jobs::Cancelled> for ExportError {
    fn from(_: crate::jobs::Cancelled) -> Self {
        Self::Cancelled
    }
}

/// Where the timeline went in a drawn picture, for tests and callers that
/// need to know what is where.
#[derive(Clone, Debug)]
pub struct TimelinePlacement {
    pub geometry: TimelineGeometry,
    pub transform: TimeTransform,
    pub scene: Scene,
}

/// An export laid out and drawn into egui shapes, ready to become a PNG or
/// an SVG.
pub struct Picture {
    ctx: egui::Context,
    pub shapes: Vec<ClippedShape>,
    pub textures: HashMap<TextureId, Texture>,
    /// Layout size in points.
    pub size: Vec2,
    pub pixels_per_point: f32,
    pub pixel_size: [u32; 2],
    pub background: Color32,
    pub timeline: TimelinePlacement,
    /// Where the figures chart's plot was drawn and the range it shows (with
    /// `figures` and figures to chart): its time ↔ x map is the timeline's.
    pub chart: Option<ChartFrame>,
    /// The caption's lines, as drawn (empty without a caption).
    pub caption: Vec<String>,
    pub title: String,
    /// Events in the range of lanes drawn that the image does not show:
    /// counted in badges, or below its bottom edge.
    pub undrawn: usize,
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("size", &self.size)
            .field("pixels_per_point", &self.pixels_per_point)
            .field("shapes", &self.shapes.len())
            .finish_non_exhaustive()
    }
}

/// Sizes measured in a first layout pass and used by the second.
#[derive(Default)]
struct Measured {
    /// Height of the chart's legend.
    legend: f32,
    /// Height of the caption block, padding included.
    caption: f32,
}

/// Lays out and draws an export. Cheap next to rasterising: one egui pass
/// over what is visible in the range.
///
/// An image too low for what it holds is refused with the least height that
/// would do. The caption cites what shows, and a taller timeline shows more,
/// so that height is found by trying: a few more layouts, on the refusal
/// path only.
pub fn draw(
    dataset: &Dataset,
    index: &TimelineIndex,
    spec: &ExportSpec,
) -> Result<Picture, ExportError> {
    spec.validate()?;
    draw_prepared(dataset, index, spec, &Prepared::of(dataset, index))
}

/// What every layout of a dataset reads besides the dataset and its index:
/// its titles' widths and its lanes' events, made once for all the layouts
/// of an export (a fitted height or a story takes several). The app passes
/// its own: at ten million events, making them again took two seconds of a
/// copy of the view that otherwise takes a tenth of one.
#[derive(Clone)]
pub struct Prepared {
    label_widths: Arc<Vec<f32>>,
    lane_events: Arc<Vec<LaneEvents>>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("events", &self.label_widths.len())
            .field("lanes", &self.lane_events.len())
            .finish()
    }
}

impl Prepared {
    /// Made from the dataset, the widths and the lanes' events side by side.
    pub fn of(dataset: &Dataset, index: &TimelineIndex) -> Self {
        let (label_widths, lane_events) = crate::jobs::beside(
            "export-lanes",
            || measure_label_widths(&dataset.events),
            || crate::view::lane_events(dataset, index),
        );
        Self {
            label_widths: Arc::new(label_widths),
            lane_events: Arc::new(lane_events),
        }
    }

    /// Whether these were made of a dataset the size of `dataset`: a width
    /// for each of its events and the events of each of its lanes. One
    /// prepared for another dataset is not used.
    fn fits(&self, dataset: &Dataset) -> bool {
        self.label_widths.len() == dataset.events.len()
            && self.lane_events.len() == dataset.lanes.len()
    }
}

/// What the app has of its dataset that an export reads, taken to the
/// export's job: the titles' widths, and the lanes' events when the
/// timeline's are those of the data.
#[derive(Clone)]
pub(crate) struct Known {
    pub label_widths: Arc<Vec<f32>>,
    pub lane_events: Option<Arc<Vec<LaneEvents>>>,
}

impl Known {
    /// On the export's thread: the lanes' events are made there when the
    /// app's were not those of the data.
    pub(crate) fn prepared(self, dataset: &Dataset, index: &TimelineIndex) -> Prepared {
        Prepared {
            lane_events: self
                .lane_events
                .unwrap_or_else(|| Arc::new(crate::view::lane_events(dataset, index))),
            label_widths: self.label_widths,
        }
    }
}

/// [`draw`] with what it reads prepared already, for several exports of
/// one dataset. `prepared` made of another dataset (one of another size)
/// is not used: [`draw`] makes its own.
pub fn draw_prepared(
    dataset: &Dataset,
    index: &TimelineIndex,
    spec: &ExportSpec,
    prepared: &Prepared,
) -> Result<Picture, ExportError> {
    spec.validate()?;
    if !prepared.fits(dataset) {
        return draw(dataset, index, spec);
    }
    let colors = DatasetColors::new(dataset);
    let data = Data {
        dataset,
        index,
        colors: &colors,
        prepared,
    };
    if spec.fit_rows {
        let fitted = fit_rows(&data, spec)?;
        return draw_sized(&data, &fitted);
    }
    draw_sized(&data, spec)
}

/// What each layout of an export reads.
#[derive(Clone, Copy)]
struct Data<'a> {
    dataset: &'a Dataset,
    index: &'a TimelineIndex,
    colors: &'a DatasetColors,
    prepared: &'a Prepared,
}

/// `spec` at the least height that shows as many events of its range as
/// the largest image does (every one, unless they are too many for any
/// image): laid out at the largest height, then at the height its rows
/// took, shrunk or grown by what was left over or short, a few times.
fn fit_rows(data: &Data<'_>, spec: &ExportSpec) -> Result<ExportSpec, ExportError> {
    let mut trial = spec.clone();
    trial.fit_rows = false;
    let largest = spec.largest_height().max(MIN_HEIGHT);
    trial.height = largest;
    let tallest = draw_sized(data, &trial)?;
    let least_undrawn = tallest.undrawn;
    // The height the lanes took, with what goes below the timeline.
    let needed = |picture: &Picture| {
        let timeline = &picture.timeline;
        (timeline.scene.bottom - timeline.geometry.rect.top())
            + (picture.size.y - timeline.geometry.rect.bottom())
    };
    let slack = |picture: &Picture| {
        let timeline = &picture.timeline;
        timeline.geometry.rect.bottom() - timeline.scene.bottom
    };
    let clamp = |height: f32| (height.ceil().max(0.0) as u32).clamp(MIN_HEIGHT, largest);
    let mut best = largest;
    let mut height = clamp(needed(&tallest));
    for _ in 0..FIT_TRIES {
        if height >= best {
            break;
        }
        trial.height = height;
        let picture = match draw_sized(data, &trial) {
            Ok(picture) => picture,
            // Too low for its chart or caption: grow towards the best.
            Err(ExportError::BadSize { .. }) => {
                height = height.midpoint(best).max(height + 1).min(best);
                continue;
            }
            Err(error) => return Err(error),
        };
        let left_over = slack(&picture);
        if picture.undrawn <= least_undrawn && left_over >= -0.5 {
            best = height;
            if left_over < 1.0 {
                break;
            }
            height = clamp(height as f32 - left_over);
        } else {
            height = clamp(height as f32 - left_over.min(-1.0));
        }
    }
    trial.height = best;
    Ok(trial)
}

/// The least layout height of an export, in points.
const MIN_HEIGHT: u32 = 48;

/// Layouts tried after the tallest one to find the height that fits the
/// rows: each lands closer, and two or three usually settle it.
const FIT_TRIES: usize = 6;

/// [`draw`] at the spec's own height.
fn draw_sized(data: &Data<'_>, spec: &ExportSpec) -> Result<Picture, ExportError> {
    let mut too_low = match draw_once(data, spec) {
        Err(Drawn::TooLow(too_low)) => too_low,
        Err(Drawn::Failed(error)) => return Err(error),
        Ok(picture) => return Ok(picture),
    };
    let mut least = too_low.least_height.ceil().max(spec.height as f32 + 1.0);
    let mut trial = spec.clone();
    for _ in 0..8 {
        if f64::from(least * spec.scale) > MAX_SIDE_PX as f64 {
            break;
        }
        trial.height = least as u32;
        match draw_once(data, &trial) {
            Ok(_) => break,
            Err(Drawn::TooLow(higher)) => {
                least = higher.least_height.ceil().max(least + 1.0);
                too_low = higher;
            }
            Err(Drawn::Failed(_)) => break,
        }
    }
    too_low.least_height = least;
    let [width, height] = spec.pixel_size();
    Err(ExportError::BadSize {
        width,
        height,
        reason: too_low_reason(
            too_low.chart,
            too_low.caption,
            too_low.least_height,
            f64::from(too_low.least_height * spec.scale) <= MAX_SIDE_PX as f64,
        ),
    })
}

/// Why [`draw_once`] drew nothing.
enum Drawn {
    TooLow(TooLow),
    Failed(ExportError),
}

/// An image too low for what it holds.
struct TooLow {
    chart: bool,
    caption: bool,
    /// The least height, in points, that this layout would have needed.
    least_height: f32,
}

impl From<ExportError> for Drawn {
    fn from(error: ExportError) -> Self {
        Self::Failed(error)
    }
}

fn draw_once(data: &Data<'_>, spec: &ExportSpec) -> Result<Picture, Drawn> {
    let Data {
        dataset,
        index,
        colors,
        prepared,
    } = *data;
    spec.validate()?;
    let ctx = egui::Context::default();
    crate::render::theme::apply(&ctx, spec.theme.look());
    ctx.all_styles_mut(|style| style.animation_time = 0.0);
    let size = Vec2::new(spec.width as f32, spec.height as f32);
    let raw_input = || {
        let mut input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)),
            max_texture_side: Some(16_384),
            time: Some(0.0),
            ..Default::default()
        };
        input
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .native_pixels_per_point = Some(spec.scale);
        input
    };
    let mut textures: HashMap<TextureId, Texture> = HashMap::new();
    let label_widths = prepared.label_widths.as_slice();
    // The data version every layout of an export is made for.
    let mut layout = LayoutCache::with_lane_events(Arc::clone(&prepared.lane_events), 1);
    let mut measured = Measured::default();
    let mut placement = None;
    let mut caption_lines = Vec::new();
    let mut overflow = false;
    let mut minimum_height = 0.0;
    let mut undrawn = 0;
    let mut chart = None;
    let mut output = None;
    // Two passes: the first measures the legend and the caption at the
    // tallest timeline (so its sources are a superset), the second lays out
    // with those heights. egui settles plot axes in the first pass too. A
    // third when the second's shorter timeline leaves events undrawn that
    // the first showed: the caption then has a line more to measure.
    let mut caption_rows = None;
    for pass in 0..3 {
        if pass == 2 && caption_rows == Some(caption_lines.len()) {
            break;
        }
        if pass == 1 {
            caption_rows = Some(caption_lines.len());
        }
        let full = ctx.run_ui(raw_input(), |ui| {
            let composed = compose(
                ui,
                &Compose {
                    dataset,
                    index,
                    colors,
                    spec,
                    label_widths,
                    measured: &measured,
                    first_pass: pass == 0,
                },
                &mut layout,
            );
            placement = Some(composed.placement);
            caption_lines = composed.caption_lines;
            overflow = composed.overflow;
            minimum_height = composed.minimum_height;
            measured = composed.measured;
            undrawn = composed.undrawn;
            chart = composed.chart;
        });
        let mut full = full;
        for (id, deltas) in &full.textures_delta.set {
            for delta in deltas {
                apply_texture_delta(&mut textures, *id, delta);
            }
        }
        // Applied: the renderer's copy is `textures`.
        full.textures_delta.clear();
        output = Some((full.shapes, full.pixels_per_point));
    }
    if overflow {
        return Err(Drawn::TooLow(TooLow {
            chart: spec.figures && has_figures(dataset),
            caption: spec.caption != Caption::None,
            least_height: minimum_height,
        }));
    }
    let (Some((shapes, pixels_per_point)), Some(timeline)) = (output, placement) else {
        return Err(ExportError::Encode("egui drew no frame".to_owned()).into());
    };
    let background = ctx.style_of(ctx.theme()).visuals.panel_fill;
    let [width, height] = spec.pixel_size().map(|side| side as u32);
    Ok(Picture {
        pixels_per_point,
        shapes,
        textures,
        size,
        pixel_size: [width, height],
        background,
        timeline,
        caption: caption_lines,
        title: dataset.title.clone(),
        undrawn,
        chart,
        ctx,
    })
}

/// Why an image is too low, with advice for what is actually in it and the
/// least height that would do (`possible`: within the largest image).
fn too_low_reason(chart: bool, caption: bool, minimum_height: f32, possible: bool) -> String {
    let at_least = minimum_height.ceil();
    let taller = if possible {
        format!("make it at least {at_least} points high")
    } else {
        format!(
            "it would need {at_least} points, more than the largest image ({MAX_SIDE_PX} px); \
             export a shorter range"
        )
    };
    match (chart, caption) {
        (true, true) => format!(
            "it is too low for the timeline with the figures chart and the caption; {taller}, \
             or leave out the chart or the caption"
        ),
        (true, false) => format!(
            "it is too low for the timeline with the figures chart; {taller}, or leave out the \
             chart"
        ),
        (false, true) => format!(
            "it is too low for the timeline with the caption; {taller}, or leave out the caption"
        ),
        (false, false) => {
            format!("it is too low for the timeline's axis, eras and a lane; {taller}")
        }
    }
}

fn apply_texture_delta(
    textures: &mut HashMap<TextureId, Texture>,
    id: TextureId,
    delta: &egui::epaint::ImageDelta,
) {
    let egui::ImageData::Color(image) = &delta.image;
    match delta.pos {
        None => {
            textures.insert(
                id,
                Texture {
                    image: (**image).clone(),
                    options: delta.options,
                },
            );
        }
        Some([x0, y0]) => {
            let Some(texture) = textures.get_mut(&id) else {
                return;
            };
            let [width, height] = texture.image.size;
            for y in 0..image.size[1] {
                for x in 0..image.size[0] {
                    if x0 + x < width && y0 + y < height {
                        texture.image.pixels[(y0 + y) * width + x0 + x] =
                            image.pixels[y * image.size[0] + x];
                    }
                }
            }
        }
    }
}

struct Compose<'a> {
    dataset: &'a Dataset,
    index: &'a TimelineIndex,
    colors: &'a DatasetColors,
    spec: &'a ExportSpec,
    label_widths: &'a [f32],
    measured: &'a Measured,
    first_pass: bool,
}

struct Composed {
    /// The chart and caption left the timeline less than its minimum.
    overflow: bool,
    /// The least height the image needs with what is in it, in points.
    minimum_height: f32,
    placement: TimelinePlacement,
    caption_lines: Vec<String>,
    measured: Measured,
    /// See [`Picture::undrawn`].
    undrawn: usize,
    /// See [`Picture::chart`].
    chart: Option<ChartFrame>,
}

/// The export's layout: the timeline on top, then the chart and its legend,
/// then the caption.
fn compose(ui: &mut egui::Ui, input: &Compose<'_>, layout: &mut LayoutCache) -> Composed {
    let Compose {
        dataset,
        index,
        colors,
        spec,
        label_widths,
        measured,
        first_pass,
    } = *input;
    let screen = ui.max_rect();
    let visuals = ui.visuals().clone();
    let painter = ui.painter().clone();
    painter.rect_filled(screen, 0.0, visuals.panel_fill);

    let with_chart = spec.figures && has_figures(dataset);
    let caption_block = match (&spec.caption, first_pass) {
        (Caption::None, _) => 0.0,
        // At first the sources are not known; leave them all the room.
        (_, true) => 0.0,
        (_, false) => measured.caption,
    };
    // The timeline keeps at least its axis, era strip and a lane's header.
    let minimum = TimelineGeometry::new(dataset, index, screen).lanes_top - screen.top()
        + style::MIN_LANES_HEIGHT;
    // The chart takes about a quarter of the height, less when the image is
    // low, but no less than a readable 60 points.
    let chart_height = if with_chart {
        let room =
            screen.height() - caption_block - measured.legend - 2.0 * style::PADDING - minimum;
        (screen.height() * style::CHART_SHARE)
            .clamp(*style::CHART_HEIGHT.start(), *style::CHART_HEIGHT.end())
            .min(room)
            .max(style::MIN_CHART_HEIGHT)
    } else {
        0.0
    };
    let chart_block = if with_chart {
        chart_height + measured.legend + 2.0 * style::PADDING
    } else {
        0.0
    };
    let overflow = screen.bottom() - chart_block - caption_block < screen.top() + minimum;
    // What would fit: the timeline's least height, the chart at its least,
    // and the caption as measured at this width.
    let least_chart_block = if with_chart {
        style::MIN_CHART_HEIGHT + measured.legend + 2.0 * style::PADDING
    } else {
        0.0
    };
    let needed_height = minimum + least_chart_block + caption_block;
    let timeline_bottom =
        (screen.bottom() - chart_block - caption_block).max(screen.top() + minimum);
    let timeline_rect = Rect::from_min_max(screen.min, Pos2::new(screen.right(), timeline_bottom));

    let geometry = TimelineGeometry::new(dataset, index, timeline_rect);
    let transform = TimeTransform::new(spec.range, timeline_rect.left(), timeline_rect.width());
    let metrics = LayoutMetrics::default();
    let layer_starts = crate::view::layer_starts(&spec.layers, &spec.folded_layers);
    let layer_headers = layer_starts.len() as f32 * metrics.layer_header;
    layout.update_selected(
        &LayoutInput {
            dataset,
            index,
            label_widths,
            data_version: 1,
            metrics: &metrics,
            room: LaneRoom {
                height: (timeline_rect.bottom() - geometry.lanes_top - layer_headers).max(0.0),
                collapsed: &spec.collapsed_lanes,
                hidden: &spec.hidden_lanes,
                scrolls: false,
            },
            labels_within: (spec.range.start, spec.range.end),
        },
        spec.range,
        transform.days_per_px(),
        spec.selected,
    );
    let scene = build_scene(&SceneInput {
        dataset,
        index,
        layout,
        label_widths,
        transform,
        top: geometry.lanes_top,
        metrics,
        collapsed: &spec.collapsed_lanes,
        hidden: &spec.hidden_lanes,
        layers: &layer_starts,
    });
    paint_timeline(
        &painter,
        &visuals,
        &TimelinePicture {
            dataset,
            index,
            colors,
            geometry: &geometry,
            transform,
            scene: &scene,
            item_state: &|event| ItemState {
                selected: Some(event) == spec.selected,
                ..ItemState::default()
            },
            selected_era: None,
            interactive: false,
            layers: &spec.layers,
        },
    );

    let mut next_measured = Measured::default();
    let mut chart_frame = None;
    let mut legend_entries = Vec::new();
    if with_chart {
        // The chart spans the timeline's width, so a date is at the same x
        // in both; only its legend is inset.
        let chart_rect = Rect::from_min_max(
            Pos2::new(timeline_rect.left(), timeline_bottom + style::PADDING),
            Pos2::new(timeline_rect.right(), screen.bottom()),
        );
        let mut chart_ui = ui.new_child(egui::UiBuilder::new().max_rect(chart_rect));
        let frame = figures_chart(
            &mut chart_ui,
            &ChartInput {
                dataset,
                colors,
                view: spec.range,
                hidden: &[],
                selected: None,
                pointer_time: None,
                height: chart_height,
                interactive: false,
            },
        )
        .frame;
        chart_frame = Some(frame);
        let legend_top = chart_ui.min_rect().bottom() + style::LEGEND_GAP;
        let legend_rect = Rect::from_min_max(
            Pos2::new(chart_rect.left() + style::PADDING, legend_top),
            Pos2::new(chart_rect.right() - style::PADDING, chart_rect.bottom()),
        );
        let mut legend_ui = ui.new_child(egui::UiBuilder::new().max_rect(legend_rect));
        // Short labels only where the caption spells out the full names.
        let may_shorten = spec.caption != Caption::None;
        legend_entries = legend(
            &mut legend_ui,
            dataset,
            colors,
            &[],
            may_shorten,
            &spec.layers,
        );
        next_measured.legend = legend_ui.min_rect().height() + style::LEGEND_GAP;
    }

    let lanes = geometry.lanes_clip();
    let undrawn = scene
        .aggregates
        .iter()
        .map(|badge| badge.count)
        .sum::<usize>()
        + scene
            .items
            .iter()
            .filter(|item| item.rect.top() >= lanes.bottom())
            .count();
    let mut caption_lines = Vec::new();
    if spec.caption != Caption::None {
        let width = (screen.width() - 2.0 * style::PADDING).max(16.0);
        // Whether a line of sources shows whole in the rows it is given.
        let fits = |line: &str| {
            let mut job = egui::text::LayoutJob::simple(
                line.to_owned(),
                style::SOURCES_FONT,
                Color32::WHITE,
                width,
            );
            job.wrap.max_rows = style::SOURCES_ROWS;
            job.wrap.break_anywhere = false;
            !ui.fonts_mut(|fonts| fonts.layout_job(job)).elided
        };
        caption_lines = caption_text(
            dataset,
            spec,
            &scene,
            lanes.top(),
            lanes.bottom(),
            index,
            with_chart,
            &fits,
        );
        // The series the legend names by their short labels, in full.
        caption_lines.extend(shortened_names_line(dataset, &legend_entries));
        if undrawn > 0 {
            caption_lines.push(undrawn_line(undrawn));
        }
        let top = timeline_bottom + chart_block + style::PADDING;
        painter.hline(
            screen.x_range(),
            timeline_bottom + chart_block,
            egui::Stroke::new(theme::HAIRLINE, theme::grid_color(&visuals)),
        );
        let mut y = top;
        let text = visuals.text_color();
        let weak = visuals.weak_text_color();
        // The headline, the story's paragraphs, the range, the rest.
        let story = story_paragraphs(spec).count();
        for (line_index, line) in caption_lines.iter().enumerate() {
            let (font, color, max_rows) = match line_index {
                0 => (
                    style::HEADLINE_FONT,
                    visuals.strong_text_color(),
                    style::HEADLINE_ROWS,
                ),
                at if at <= story => (style::STORY_FONT, text, style::STORY_ROWS),
                at if at == story + 1 => (style::RANGE_FONT, text, style::RANGE_ROWS),
                _ => (style::SOURCES_FONT, weak, style::SOURCES_ROWS),
            };
            let mut job = egui::text::LayoutJob::simple(line.clone(), font, color, width);
            job.wrap.max_rows = max_rows;
            job.wrap.break_anywhere = false;
            let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
            let height = galley.size().y;
            painter.galley(Pos2::new(screen.left() + style::PADDING, y), galley, color);
            y += height + style::CAPTION_LINE_GAP;
        }
        next_measured.caption = y - top + 2.0 * style::PADDING;
    }
    Composed {
        overflow,
        minimum_height: needed_height,
        placement: TimelinePlacement {
            geometry,
            transform,
            scene,
        },
        caption_lines,
        measured: next_measured,
        undrawn,
        chart: chart_frame,
    }
}

/// The caption's note on events the image does not show.
fn undrawn_line(undrawn: usize) -> String {
    let (events, are, them) = if undrawn == 1 {
        ("event", "is", "it")
    } else {
        ("events", "are", "them")
    };
    format!(
        "{undrawn} more {events} in this range {are} not drawn (counted in badges, or in \
         lanes below the image's edge): a taller image or a shorter range shows {them}."
    )
}

/// The caption: a headline, the range shown, and the sources of what is
/// drawn — what a newsroom needs to publish the image.
#[allow(
    clippy::too_many_arguments,
    reason = "the caption's inputs, each needed"
)]
fn caption_text(
    dataset: &Dataset,
    spec: &ExportSpec,
    scene: &Scene,
    visible_top: f32,
    visible_bottom: f32,
    index: &TimelineIndex,
    with_chart: bool,
    fits: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let layered = spec.layers.is_layered();
    let headline = match &spec.caption {
        Caption::Custom(text) if !text.trim().is_empty() => text.trim().to_owned(),
        // Every layer's dataset, by its title.
        _ if layered => {
            let titles: Vec<&str> = spec.layers.iter().map(|l| l.title.as_str()).collect();
            titles.join(" · ")
        }
        _ => dataset.title.clone(),
    };
    let mut range = describe_range(spec.range);
    let hidden: Vec<&str> = dataset
        .lanes
        .iter()
        .zip(&spec.hidden_lanes)
        .filter(|(_, hidden)| **hidden)
        .map(|(lane, _)| lane.name.as_str())
        .collect();
    if !hidden.is_empty() {
        let shown: Vec<&str> = dataset
            .lanes
            .iter()
            .zip(&spec.hidden_lanes)
            .filter(|(_, hidden)| !**hidden)
            .map(|(lane, _)| lane.name.as_str())
            .collect();
        range.push_str(&format!(" · lanes: {}", shown.join(", ")));
    }
    // Sources of the drawn events (in date order) and, with the chart, of
    // the figures in range.
    let mut ids: Vec<&str> = Vec::new();
    // Only items inside the image: lanes below its bottom edge are cut off.
    let mut events: Vec<EventIndex> = scene
        .items
        .iter()
        .filter(|item| item.rect.top() < visible_bottom && item.rect.bottom() > visible_top)
        .map(|item| item.event)
        .collect();
    events.sort_by_key(|&e| index.date_rank.get(e.get()).copied().unwrap_or(u32::MAX));
    for event in events {
        if let Some(event) = dataset.event_at(event) {
            ids.extend(event.sources.iter().map(Text::as_str));
        }
    }
    if with_chart {
        for series in &dataset.displacement {
            for point in &series.points {
                if spec.range.contains(point.date.start_instant()) {
                    ids.push(point.source.as_str());
                }
            }
        }
    }
    let by_id: HashMap<&str, &crate::model::Source> =
        dataset.sources.iter().map(|s| (s.id.as_str(), s)).collect();
    // The dataset's own sources first, whatever is drawn: each layer's.
    let credit: Vec<&str> = if layered {
        spec.layers
            .iter()
            .flat_map(|layer| {
                own_sources(
                    dataset.events.get(layer.events.clone()).unwrap_or_default(),
                    dataset
                        .sources
                        .get(layer.sources.clone())
                        .unwrap_or_default(),
                )
            })
            .collect()
    } else {
        own_sources(&dataset.events, &dataset.sources)
    };
    let mut names: Vec<String> = credit
        .iter()
        .filter_map(|id| by_id.get(id))
        .map(|source| credit_name(source))
        .collect();
    let credited = names.len();
    let mut seen: HashSet<String> = HashSet::new();
    let mut more = 0usize;
    for id in ids {
        if credit.contains(&id) {
            continue;
        }
        let name = match by_id.get(id) {
            Some(source) => source_name(source),
            None => continue,
        };
        if seen.insert(name.clone()) {
            if names.len() < credited + MAX_CAPTION_SOURCES {
                names.push(name);
            } else {
                more += 1;
            }
        }
    }
    let mut lines = vec![headline];
    lines.extend(story_paragraphs(spec).map(str::to_owned));
    lines.push(range);
    if !names.is_empty() {
        // Fewer names (the credit is kept) until the line, with its count
        // of the others, fits the rows the caption gives it.
        let mut line = sources_line(&names, more);
        while names.len() > credited && !fits(&line) {
            names.pop();
            more += 1;
            line = sources_line(&names, more);
        }
        lines.push(line);
    }
    lines
}

/// The paragraphs of a story's slide the caption shows (see
/// [`ExportSpec::story`]): only with a caption, and not the blank ones.
fn story_paragraphs(spec: &ExportSpec) -> impl Iterator<Item = &str> {
    spec.story
        .iter()
        .map(|paragraph| paragraph.trim())
        .filter(move |paragraph| spec.caption != Caption::None && !paragraph.is_empty())
}

/// A quote as a slide's caption gives it: “words” — speaker, role, date
/// (where and why it was said: a few words need it to be read right).
fn quote_paragraph(quote: &crate::model::Quote) -> String {
    let mut paragraph = format!(
        "\u{201c}{}\u{201d} \u{2014} {}",
        quote.text.trim(),
        quote.attribution()
    );
    if let Some(context) = quote.context.as_deref().filter(|c| !c.trim().is_empty()) {
        paragraph.push_str(&format!(" ({})", context.trim()));
    }
    paragraph
}

/// "Sources: A; B; and 1,234 more sources."
fn sources_line(names: &[String], more: usize) -> String {
    let mut line = format!("Sources: {}", names.join("; "));
    if more > 0 {
        line.push_str(&format!(
            "; and {} more {}",
            grouped(more),
            if more == 1 { "source" } else { "sources" }
        ));
    }
    line.push('.');
    line
}

/// The most sources the caption names besides the dataset's own: a file of
/// conflict events cites thousands, which no caption holds; the rest are
/// counted.
const MAX_CAPTION_SOURCES: usize = 12;

/// A dataset's own sources: those every event of `events` cites, as an imported
/// event dataset's events cite the dataset (UCDP GED, ACLED). The caption
/// names them first, whatever the image shows, since their producers ask
/// every use of the data to credit them. In the order of the first event's
/// sources; none without events.
fn own_sources<'d>(
    events: &'d [crate::model::Event],
    sources: &'d [crate::model::Source],
) -> Vec<&'d str> {
    let Some(first) = events.first() else {
        // No events (an import whose options left out every row): the one
        // source of a dataset that has just one is what it comes from.
        return match sources {
            [only] => vec![only.id.as_str()],
            _ => Vec::new(),
        };
    };
    let mut unique = HashSet::new();
    let mut candidates: Vec<&str> = first
        .sources
        .iter()
        .map(Text::as_str)
        .filter(|id| unique.insert(*id))
        .collect();
    // The first event's few sources at most, so each event costs a few
    // comparisons.
    for event in events.iter().skip(1) {
        if candidates.is_empty() {
            break;
        }
        candidates.retain(|id| event.sources.iter().any(|source| source == id));
    }
    candidates
}

/// How the caption credits a dataset's own source: its title (with the
/// release), its publisher when the title does not name it, and its web
/// address, as "Armed Conflict Location & Event Data Project (ACLED);
/// acleddata.com".
fn credit_name(source: &crate::model::Source) -> String {
    let mut name = crate::view::source_title(source);
    if let Some(publisher) = source.publisher.as_deref().map(str::trim)
        && !publisher.is_empty()
        && !name.contains(publisher)
    {
        name.push_str(", ");
        name.push_str(publisher);
    }
    if let Some(url) = source.url.as_deref().map(str::trim)
        && !url.is_empty()
    {
        let bare = url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        name.push_str("; ");
        name.push_str(bare);
    }
    name
}

/// Digits in threes: "1,234".
fn grouped(value: usize) -> String {
    crate::model::grouped_digits(value as u64)
}

/// A range as people say it, with short month names, at the precision that
/// places it: "1 Feb 2016 – 31 Mar 2016", "27 Feb 2016, 00:00 – 27 Feb
/// 2016, 00:09", "13.8 billion years ago – 2020"; one date when both ends
/// fall in it.
fn describe_range(range: TimeView) -> String {
    let precision = Precision::for_range(range.span());
    match crate::model::span_dates(range.start, range.end, precision) {
        Some((from, to)) if from == to => short_date(from),
        Some((from, to)) => format!("{} – {}", short_date(from), short_date(to)),
        None => "no dates".to_owned(),
    }
}

/// A time as a date at the finest precision, within the range dates can
/// name ("27 Feb 2016, 00:00:00"), for a range that is not one.
fn describe_time(time: f64) -> String {
    Date::nearest(time, Precision::Second).map_or_else(|| "not a time".to_owned(), short_date)
}

impl Picture {
    /// Tessellates and rasterises the picture.
    pub fn to_image(&self, control: &ExportControl) -> Result<RgbaImage, ExportError> {
        control.check()?;
        let primitives = self
            .ctx
            .tessellate(self.shapes.clone(), self.pixels_per_point);
        control.check()?;
        raster::rasterize(
            &primitives,
            &self.textures,
            self.pixels_per_point,
            self.pixel_size,
            self.background,
            &|fraction| control.set_progress(0.1 + 0.8 * fraction),
            &|| !control.is_cancelled(),
        )
        .map_err(|raster::Stopped| ExportError::Cancelled)
    }

    /// The picture as an SVG document, its text drawn as the outlines of
    /// the glyphs and kept as invisible text (see [`svg`]).
    pub fn to_svg(&self) -> String {
        self.svg_with(&self.font_definitions())
    }

    /// The fonts the picture's text was laid out in.
    fn font_definitions(&self) -> egui::FontDefinitions {
        self.ctx.fonts(|fonts| fonts.definitions().clone())
    }

    /// The SVG document, its glyphs outlined from `fonts`.
    fn svg_with(&self, fonts: &egui::FontDefinitions) -> String {
        svg::write_svg(
            &self.shapes,
            [self.size.x, self.size.y],
            self.pixels_per_point,
            self.background,
            &self.title,
            fonts,
        )
    }

    /// The picture as a one-page vector PDF: the drawing of [`Self::to_svg`],
    /// its text real, selectable text in egui's fonts (see [`pdf`]).
    pub fn to_pdf(&self) -> Result<Vec<u8>, ExportError> {
        let fonts = self.font_definitions();
        let svg = self.svg_with(&fonts);
        pdf::write_pdf(&svg, &fonts, &self.title).map_err(|e| ExportError::Pdf(e.to_string()))
    }
}

/// Encodes an image as PNG.
pub fn encode_png(image: &RgbaImage) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    writer
        .write_image_data(&image.pixels)
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// Checks that `path` can be written: a known extension, an existing folder.
pub(crate) fn check_target(path: &Path) -> Result<ImageFormat, ExportError> {
    if path.is_dir() {
        return Err(ExportError::IsAFolder(path.to_owned()));
    }
    let format = ImageFormat::of_path(path)?;
    let folder = crate::replace::parent_folder(path);
    match std::fs::metadata(&folder) {
        Ok(metadata) if metadata.is_dir() => Ok(format),
        Ok(_) => Err(ExportError::ParentIsAFile {
            path: path.to_owned(),
            folder,
        }),
        Err(_) => Err(ExportError::MissingFolder {
            path: path.to_owned(),
            folder,
        }),
    }
}

/// Writes `bytes` to `path` whole or not at all: through a temporary file of
/// ours in the same folder, synced, then renamed into place
/// ([`crate::replace::replace_file`]). Stale temporary files of ours in that
/// folder, left by a stopped export, are removed first; on error no
/// temporary file is left and `path` is as it was.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::replace::replace_file(path, |file| file.write_all(bytes)).map_err(|source| {
        ExportError::Write {
            path: path.to_owned(),
            source,
        }
    })
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportReport {
    pub path: PathBuf,
    pub format: ImageFormat,
    /// Pixel size (for SVG and PDF: the size it is shown at, a PDF's page
    /// at 96 pixels to the inch).
    pub pixel_size: [u32; 2],
    pub bytes: usize,
    /// See [`Picture::undrawn`].
    pub undrawn: usize,
}

/// Draws, renders and writes an export. Reports progress and stops when
/// `control` is cancelled; on any error no file is left behind.
pub fn export_to_file(
    dataset: &Dataset,
    index: &TimelineIndex,
    spec: &ExportSpec,
    path: &Path,
    control: &ExportControl,
) -> Result<ExportReport, ExportError> {
    export_to_file_with(dataset, index, spec, path, control, None)
}

/// [`export_to_file`] from what the app has of the dataset (all made here
/// when `None`), once the target and the spec are found good.
pub(crate) fn export_to_file_with(
    dataset: &Dataset,
    index: &TimelineIndex,
    spec: &ExportSpec,
    path: &Path,
    control: &ExportControl,
    known: Option<Known>,
) -> Result<ExportReport, ExportError> {
    let format = check_target(path)?;
    spec.validate()?;
    let prepared = match known {
        Some(known) => known.prepared(dataset, index),
        None => Prepared::of(dataset, index),
    };
    let (bytes, mut report) = render_export(dataset, index, spec, format, control, &prepared)?;
    write_atomically(path, &bytes)?;
    control.set_progress(1.0);
    path.clone_into(&mut report.path);
    Ok(report)
}

/// Draws and renders an export in `format`: its bytes, and its report
/// but for the path (empty).
pub(crate) fn render_export(
    dataset: &Dataset,
    index: &TimelineIndex,
    spec: &ExportSpec,
    format: ImageFormat,
    control: &ExportControl,
    prepared: &Prepared,
) -> Result<(Vec<u8>, ExportReport), ExportError> {
    spec.validate()?;
    control.set_progress(0.02);
    let picture = draw_prepared(dataset, index, spec, prepared)?;
    control.check()?;
    control.set_progress(0.1);
    let bytes = match format {
        ImageFormat::Png => {
            let image = picture.to_image(control)?;
            control.set_progress(0.92);
            encode_png(&image)?
        }
        ImageFormat::Svg => picture.to_svg().into_bytes(),
        ImageFormat::Pdf => picture.to_pdf()?,
    };
    control.check()?;
    let report = ExportReport {
        path: PathBuf::new(),
        format,
        pixel_size: picture.pixel_size,
        bytes: bytes.len(),
        undrawn: picture.undrawn,
    };
    Ok((bytes, report))
}
