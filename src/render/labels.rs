//! Item labels laid out once and kept from frame to frame.
//!
//! egui keeps a laid-out text only while every frame uses it: a label that
//! leaves the view for one frame is shaped again when it returns. Zooming
//! through a dense timeline does that all the time: each zoom level shows a
//! somewhat different set of labels, and about four in five of the labels a
//! zoom frame needs were on screen a few frames before, not in the frame
//! just before it. Shaping a title (a text shaping plan, then the glyphs)
//! takes tens of microseconds, so a hundred returning labels were most of a
//! zoom frame. [`LabelGalleys`] keeps the most recently used labels' layouts
//! for as long as they stay valid.
//!
//! A layout points into egui's glyph atlas and is made for one pixel
//! density, so the kept layouts are dropped whenever those change: a new
//! density, other text options, or an atlas that egui cleared (its fill
//! ratio went down). Near full, when egui is about to clear it, nothing is
//! kept at all.

use std::sync::Arc;

use eframe::egui::{self, Color32, Galley};

use super::theme::item;

/// How many label layouts are kept: several zooms' worth of distinct labels
/// (a zoom from everything to the closest view shows about a thousand),
/// a few kilobytes each.
const KEPT_LABELS: usize = 2048;

/// From this fill of the glyph atlas on, layouts are not kept: egui clears
/// the atlas at 80 %, and one frame's text never fills a tenth of it.
const NEARLY_FULL_ATLAS: f32 = 0.7;

/// The label layouts kept for one egui context (see the module's
/// documentation).
#[derive(Default)]
pub(crate) struct LabelGalleys {
    by_title: foldhash::HashMap<Box<str>, Kept>,
    /// What the kept layouts were made with.
    pixels_per_point: f32,
    text_options: Option<egui::epaint::text::TextOptions>,
    /// The glyph atlas's fill when last looked at: it only grows until
    /// egui clears the atlas.
    atlas_fill: f32,
    /// The frame being painted, counted by [`Self::for_frame`].
    frame: u64,
}

struct Kept {
    galley: Arc<Galley>,
    last_used: u64,
}

impl std::fmt::Debug for LabelGalleys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabelGalleys")
            .field("kept", &self.by_title.len())
            .field("pixels_per_point", &self.pixels_per_point)
            .field("atlas_fill", &self.atlas_fill)
            .finish_non_exhaustive()
    }
}

impl LabelGalleys {
    /// The layouts kept for `ctx`, made valid for the frame about to be
    /// painted with them.
    pub(crate) fn for_frame(ctx: &egui::Context) -> Arc<egui::mutex::Mutex<Self>> {
        let kept = ctx.data_mut(|data| {
            data.get_temp_mut_or_default::<Arc<egui::mutex::Mutex<Self>>>(egui::Id::unique(
                "conflict_timeline::render::labels::LabelGalleys",
            ))
            .clone()
        });
        {
            let mut labels = kept.lock();
            let pixels_per_point = ctx.pixels_per_point();
            let (text_options, atlas_fill) =
                ctx.fonts(|fonts| (*fonts.options(), fonts.font_atlas_fill_ratio()));
            labels.begin_frame(pixels_per_point, text_options, atlas_fill);
        }
        kept
    }

    /// Drops what the fonts no longer match.
    fn begin_frame(
        &mut self,
        pixels_per_point: f32,
        text_options: egui::epaint::text::TextOptions,
        atlas_fill: f32,
    ) {
        let fonts_changed = self.pixels_per_point != pixels_per_point
            || self.text_options != Some(text_options)
            || atlas_fill < self.atlas_fill
            || atlas_fill >= NEARLY_FULL_ATLAS;
        if fonts_changed {
            self.by_title.clear();
        }
        self.pixels_per_point = pixels_per_point;
        self.text_options = Some(text_options);
        self.atlas_fill = atlas_fill;
        self.frame += 1;
    }

    /// `title` laid out on one line in the label font, in egui's
    /// placeholder colour (painted in the label's): kept from an earlier
    /// frame, or laid out now and kept.
    pub(crate) fn title(&mut self, painter: &egui::Painter, title: &str) -> Arc<Galley> {
        let frame = self.frame;
        if let Some(kept) = self.by_title.get_mut(title) {
            kept.last_used = frame;
            return Arc::clone(&kept.galley);
        }
        let galley =
            painter.layout_no_wrap(title.to_owned(), item::LABEL_FONT, Color32::PLACEHOLDER);
        if self.by_title.len() >= KEPT_LABELS {
            self.forget_oldest_half();
        }
        self.by_title.insert(
            title.into(),
            Kept {
                galley: Arc::clone(&galley),
                last_used: frame,
            },
        );
        galley
    }

    /// Makes room: keeps the more recently used half of the layouts.
    fn forget_oldest_half(&mut self) {
        let mut last_used: Vec<u64> = self.by_title.values().map(|kept| kept.last_used).collect();
        let middle = last_used.len() / 2;
        let (_, &mut median, _) = last_used.select_nth_unstable(middle);
        self.by_title.retain(|_, kept| kept.last_used > median);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_title.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame in `ctx` that lays out `titles` through the kept
    /// layouts; returns their galleys.
    fn frame(ctx: &egui::Context, titles: &[&str]) -> Vec<Arc<Galley>> {
        let mut galleys = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let kept = LabelGalleys::for_frame(ui.ctx());
            let mut kept = kept.lock();
            galleys = titles
                .iter()
                .map(|title| kept.title(ui.painter(), title))
                .collect();
        });
        output.textures_delta.clear();
        galleys
    }

    fn kept_count(ctx: &egui::Context) -> usize {
        let kept = LabelGalleys::for_frame(ctx);
        kept.lock().len()
    }

    #[test]
    fn a_label_that_returns_after_frames_away_is_not_laid_out_again() {
        let ctx = egui::Context::default();
        let first = frame(&ctx, &["Siege of Aleppo"]);
        // Frames without it: egui's own cache lets it go.
        for _ in 0..3 {
            frame(&ctx, &["Munich"]);
        }
        let again = frame(&ctx, &["Siege of Aleppo"]);
        assert!(Arc::ptr_eq(&first[0], &again[0]));
        let text: String = again[0].rows[0].row.glyphs.iter().map(|g| g.chr).collect();
        assert_eq!(text, "Siege of Aleppo");
    }

    #[test]
    fn a_new_pixel_density_lays_labels_out_anew() {
        let ctx = egui::Context::default();
        let first = frame(&ctx, &["Geneva talks"]);
        ctx.set_pixels_per_point(2.0);
        let again = frame(&ctx, &["Geneva talks"]);
        assert!(!Arc::ptr_eq(&first[0], &again[0]));
        assert_eq!(again[0].pixels_per_point, 2.0);
    }

    #[test]
    fn a_cleared_glyph_atlas_drops_every_kept_label() {
        let ctx = egui::Context::default();
        frame(&ctx, &["Truce"]);
        let kept = LabelGalleys::for_frame(&ctx);
        let mut kept = kept.lock();
        let options = kept.text_options.unwrap_or_default();
        kept.begin_frame(1.0, options, 0.3);
        kept.begin_frame(1.0, options, 0.35);
        assert_eq!(kept.len(), 1, "an atlas that grew keeps its glyphs");
        kept.begin_frame(1.0, options, 0.02);
        assert_eq!(kept.len(), 0, "an atlas that shrank was cleared");
    }

    #[test]
    fn the_kept_labels_are_bounded_and_the_recent_ones_stay() {
        let ctx = egui::Context::default();
        let titles: Vec<String> = (0..KEPT_LABELS + 10)
            .map(|i| format!("event {i}"))
            .collect();
        for chunk in titles.chunks(256) {
            let chunk: Vec<&str> = chunk.iter().map(String::as_str).collect();
            frame(&ctx, &chunk);
        }
        assert!(kept_count(&ctx) <= KEPT_LABELS);
        let last = titles.last().map(String::as_str).unwrap_or_default();
        let kept = LabelGalleys::for_frame(&ctx);
        assert!(kept.lock().by_title.contains_key(last));
    }
}
