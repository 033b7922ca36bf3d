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
//! density and one set of fonts, so the kept layouts are dropped whenever
//! egui lays text out anew: each frame the timeline is painted, a short
//! probe text is laid out through egui's own cache, and when egui hands
//! back another layout of it than the frame before, egui emptied its cache
//! (it does so whenever it clears its glyph atlas, changes its fonts or
//! their options) or the pixel density changed, and the kept layouts go
//! too. A probe that merely fell out of egui's cache (a pass without the
//! timeline) costs the kept layouts, never a wrong glyph.

use std::sync::Arc;

use eframe::egui::{self, Color32, Galley};

use super::theme::{badge, item};

/// How many label layouts are kept: several zooms' worth of distinct labels
/// (a zoom from everything to the closest view shows about a thousand),
/// a few kilobytes each.
const KEPT_LABELS: usize = 2048;

/// The text whose layout tells whether egui laid text out anew.
const FONTS_PROBE: &str = "Aa";

/// The label layouts kept for one egui context (see the module's
/// documentation).
#[derive(Default)]
pub(crate) struct LabelGalleys {
    by_title: foldhash::HashMap<Box<str>, Kept>,
    /// egui's layout of [`FONTS_PROBE`] when the kept layouts were made.
    probe: Option<Arc<Galley>>,
    /// Counts the uses of kept layouts: each use is stamped with the next
    /// count, so the least recently used are known exactly.
    uses: u64,
    /// The layouts of [`BADGE_CHARACTERS`] in the badge font, each laid
    /// out once ([`Self::badge`]).
    badge_pieces: Vec<Arc<Galley>>,
    /// How many labels this frame may lay out that are not kept; `None`:
    /// all it needs (an export).
    budget: Option<usize>,
    /// Labels laid out this frame.
    laid_out: usize,
    /// Whether this frame left labels for the next for want of budget.
    deferred: bool,
}

/// What a badge's `+N` is made of: the sign, then the digits.
const BADGE_CHARACTERS: [char; 11] = ['+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

struct Kept {
    galley: Arc<Galley>,
    last_used: u64,
}

impl std::fmt::Debug for LabelGalleys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LabelGalleys")
            .field("kept", &self.by_title.len())
            .field("uses", &self.uses)
            .finish_non_exhaustive()
    }
}

impl LabelGalleys {
    /// The layouts kept for `ctx`, made valid for the frame about to be
    /// painted with them, which may lay out every label it needs.
    pub(crate) fn for_frame(ctx: &egui::Context) -> Arc<egui::mutex::Mutex<Self>> {
        Self::for_frame_within(ctx, None)
    }

    /// [`Self::for_frame`] for a frame on screen, which lays out at most
    /// `budget` labels that are not kept: the others wait for the next
    /// frames, asked for here ([`Self::title`] gives `None` for them).
    /// Zooming through a million events, a frame met 70 to 100 labels it
    /// had not shown before, 16 µs each; spread over the frames that follow
    /// (each a sixtieth of a second later), they keep every frame short.
    pub(crate) fn for_frame_within(
        ctx: &egui::Context,
        budget: Option<usize>,
    ) -> Arc<egui::mutex::Mutex<Self>> {
        let kept = ctx.data_mut(|data| {
            data.get_temp_mut_or_default::<Arc<egui::mutex::Mutex<Self>>>(egui::Id::unique(
                "conflict_timeline::render::labels::LabelGalleys",
            ))
            .clone()
        });
        let probe = ctx.fonts_mut(|fonts| {
            fonts.layout_no_wrap(
                FONTS_PROBE.to_owned(),
                item::LABEL_FONT,
                Color32::PLACEHOLDER,
            )
        });
        {
            let mut labels = kept.lock();
            labels.begin_frame(probe);
            labels.budget = budget;
        }
        kept
    }

    /// After the frame's labels: asks `ctx` for the next frame when labels
    /// were left for it.
    pub(crate) fn end_frame(&self, ctx: &egui::Context) {
        if self.deferred {
            ctx.request_repaint();
        }
    }

    /// Drops the kept layouts if egui laid `probe` out anew.
    fn begin_frame(&mut self, probe: Arc<Galley>) {
        let same_fonts = self
            .probe
            .as_ref()
            .is_some_and(|last| Arc::ptr_eq(last, &probe));
        if !same_fonts {
            self.by_title.clear();
            self.badge_pieces.clear();
        }
        self.probe = Some(probe);
        self.laid_out = 0;
        self.deferred = false;
    }

    /// `title` laid out on one line in the label font, in egui's
    /// placeholder colour (painted in the label's): kept from an earlier
    /// frame, or laid out now and kept; `None` when the frame's budget of
    /// new layouts is spent (see [`Self::for_frame_within`]).
    pub(crate) fn title(&mut self, painter: &egui::Painter, title: &str) -> Option<Arc<Galley>> {
        self.uses += 1;
        let stamp = self.uses;
        if let Some(kept) = self.by_title.get_mut(title) {
            kept.last_used = stamp;
            return Some(Arc::clone(&kept.galley));
        }
        if self.budget.is_some_and(|budget| self.laid_out >= budget) {
            self.deferred = true;
            return None;
        }
        self.laid_out += 1;
        let galley =
            painter.layout_no_wrap(title.to_owned(), item::LABEL_FONT, Color32::PLACEHOLDER);
        if self.by_title.len() >= KEPT_LABELS {
            self.forget_oldest_half();
        }
        self.by_title.insert(
            title.into(),
            Kept {
                galley: Arc::clone(&galley),
                last_used: stamp,
            },
        );
        Some(galley)
    }

    /// A badge's `+count` in the badge font and egui's placeholder colour,
    /// set from the layouts of the sign and the digits, each laid out once:
    /// a badge's count changes with every step of a zoom, and laying each
    /// new number out (shaping it, about 11 µs) was most of a zoom frame's
    /// text work, a hundred badges a frame. The pieces are set one after
    /// another at their advances, each on the pixel grid, in one row, so
    /// that the badge is one text (an export's searchable text says
    /// `+count`). The digits of the badge font are all as wide and it
    /// kerns none of these pairs, so this is the text egui would lay out.
    pub(crate) fn badge(&mut self, painter: &egui::Painter, count: usize) -> Arc<Galley> {
        if self.badge_pieces.len() != BADGE_CHARACTERS.len() {
            self.badge_pieces = BADGE_CHARACTERS
                .iter()
                .map(|c| painter.layout_no_wrap(c.to_string(), badge::FONT, Color32::PLACEHOLDER))
                .collect();
        }
        let text = format!("+{count}");
        let pieces: Option<Vec<&Arc<Galley>>> = text
            .chars()
            .map(|c| {
                let at = BADGE_CHARACTERS.iter().position(|&piece| piece == c)?;
                self.badge_pieces.get(at)
            })
            .collect();
        let composed = pieces.and_then(|pieces| compose_one_row(&pieces, &text));
        composed.unwrap_or_else(|| painter.layout_no_wrap(text, badge::FONT, Color32::PLACEHOLDER))
    }

    /// Makes room: keeps the more recently used half of the layouts (every
    /// use has a stamp of its own, so exactly half).
    fn forget_oldest_half(&mut self) {
        let mut last_used: Vec<u64> = self.by_title.values().map(|kept| kept.last_used).collect();
        let middle = last_used.len() / 2;
        let (_, &mut median, _) = last_used.select_nth_unstable(middle);
        self.by_title.retain(|_, kept| kept.last_used >= median);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.by_title.len()
    }
}

/// One-row layouts set one after another as one layout of `text` (their
/// texts put together): the first piece's layout with the others' glyphs
/// and mesh moved to where the pieces before them end, on the pixel grid.
/// `None` unless every piece is one row.
fn compose_one_row(pieces: &[&Arc<Galley>], text: &str) -> Option<Arc<Galley>> {
    let first = pieces.first()?;
    let [first_row] = first.rows.as_slice() else {
        return None;
    };
    let pixels_per_point = first.pixels_per_point.max(f32::MIN_POSITIVE);
    let mut row = (*first_row.row).clone();
    row.glyphs.clear();
    row.visuals.mesh.clear();
    row.visuals.mesh_bounds = egui::Rect::NOTHING;
    let mut x = 0.0_f32;
    for piece in pieces {
        let [placed] = piece.rows.as_slice() else {
            return None;
        };
        let shift = egui::vec2((x * pixels_per_point).round() / pixels_per_point, 0.0);
        // A glyph names its first vertex in the row's mesh: the piece's are
        // after the vertices of the pieces before it.
        let vertices_before = u32::try_from(row.visuals.mesh.vertices.len()).ok()?;
        row.glyphs.extend(placed.row.glyphs.iter().map(|glyph| {
            let mut glyph = *glyph;
            glyph.pos += shift;
            glyph.first_vertex += vertices_before;
            glyph
        }));
        let mut mesh = placed.row.visuals.mesh.clone();
        mesh.translate(shift);
        row.visuals.mesh.append(mesh);
        row.visuals.mesh_bounds = row
            .visuals
            .mesh_bounds
            .union(placed.row.visuals.mesh_bounds.translate(shift));
        // The pen moves by the advances as laid out; only where each piece
        // is put goes on the pixel grid, so no rounding adds up.
        x += placed.row.size.x;
    }
    row.size.x = x;
    row.visuals.glyph_index_start = 0;
    row.visuals.glyph_vertex_range = 0..row.visuals.mesh.vertices.len();
    let mut galley = (***first).clone();
    galley.num_vertices = row.visuals.mesh.vertices.len();
    galley.num_indices = row.visuals.mesh.indices.len();
    galley.mesh_bounds = row.visuals.mesh_bounds.translate(first_row.pos.to_vec2());
    galley.rect.max.x = galley.rect.min.x + x;
    let mut job = (*first.job).clone();
    job.text = text.to_owned();
    if let Some(section) = job.sections.first_mut() {
        section.byte_range = egui::text::ByteIndex(0)..egui::text::ByteIndex(text.len());
    }
    job.sections.truncate(1);
    galley.job = Arc::new(job);
    galley.rows = vec![egui::epaint::text::PlacedRow {
        pos: first_row.pos,
        row: Arc::new(row),
        ends_with_newline: false,
    }];
    Some(Arc::new(galley))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one frame in `ctx` that lays out `titles` through the kept
    /// layouts; returns their galleys.
    fn frame(ctx: &egui::Context, titles: &[&str]) -> Vec<Arc<Galley>> {
        frame_within(ctx, titles, None)
            .0
            .into_iter()
            .map(|galley| galley.expect("a frame without a budget lays out every label"))
            .collect()
    }

    /// [`frame`] with a budget of new layouts: the galleys the frame had,
    /// and whether it left labels for the next frame (which it asks egui
    /// for).
    fn frame_within(
        ctx: &egui::Context,
        titles: &[&str],
        budget: Option<usize>,
    ) -> (Vec<Option<Arc<Galley>>>, bool) {
        let mut galleys = Vec::new();
        let mut deferred = false;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let kept = LabelGalleys::for_frame_within(ui.ctx(), budget);
            let mut kept = kept.lock();
            galleys = titles
                .iter()
                .map(|title| kept.title(ui.painter(), title))
                .collect();
            kept.end_frame(ui.ctx());
            deferred = kept.deferred;
        });
        output.textures_delta.clear();
        if deferred {
            assert!(
                output
                    .viewport_output
                    .values()
                    .any(|viewport| viewport.repaint_delay.is_zero()),
                "a frame that left labels asks for the next"
            );
        }
        (galleys, deferred)
    }

    #[test]
    fn a_frame_on_screen_lays_out_its_budget_of_new_labels_and_the_next_the_rest() {
        let ctx = egui::Context::default();
        let titles: Vec<String> = (0..7).map(|n| format!("Event {n}")).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        // Two of them shown before: kept, and outside the budget.
        frame(&ctx, &titles[..2]);
        let (first, again) = frame_within(&ctx, &titles, Some(3));
        let shown: Vec<bool> = first.iter().map(Option::is_some).collect();
        assert_eq!(shown, [true, true, true, true, true, false, false]);
        assert!(again, "the frame left labels for the next");
        let (second, again) = frame_within(&ctx, &titles, Some(3));
        assert!(second.iter().all(Option::is_some), "the rest in the next");
        assert!(!again, "which left none");
        // What each frame had is what egui lays out.
        for (title, galley) in titles.iter().zip(&second) {
            assert_eq!(galley.as_ref().map(|g| g.text()), Some(*title));
        }
        // An export's frame lays out all it needs.
        let fresh = egui::Context::default();
        let (all, again) = frame_within(&fresh, &titles, None);
        assert!(all.iter().all(Option::is_some));
        assert!(!again);
    }

    fn kept_count(ctx: &egui::Context) -> usize {
        let kept = LabelGalleys::for_frame(ctx);
        kept.lock().len()
    }

    #[test]
    fn a_badge_set_from_its_digits_is_the_text_egui_lays_out() {
        let ctx = egui::Context::default();
        for pixels_per_point in [1.0, 1.5, 2.0] {
            ctx.set_pixels_per_point(pixels_per_point);
            for count in [0, 7, 42, 9655, 1_234_567_890] {
                let mut pair = None;
                let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                    let kept = LabelGalleys::for_frame(ui.ctx());
                    let badge = kept.lock().badge(ui.painter(), count);
                    let laid_out = ui.painter().layout_no_wrap(
                        format!("+{count}"),
                        badge::FONT,
                        Color32::PLACEHOLDER,
                    );
                    pair = Some((badge, laid_out));
                });
                output.textures_delta.clear();
                let (badge, laid_out) = pair.expect("a frame ran");
                let text = format!("+{count}");
                assert_eq!(badge.text(), text);
                let [row] = badge.rows.as_slice() else {
                    panic!("one row: {:?}", badge.rows.len());
                };
                let chars: String = row.row.glyphs.iter().map(|g| g.chr).collect();
                assert_eq!(chars, text);
                // Within a pixel of egui's own layout, glyph by glyph (each
                // piece is put on the pixel grid, as egui puts a galley).
                let pixel = 1.0 / pixels_per_point + 1e-3;
                assert!(
                    (badge.size().x - laid_out.size().x).abs() <= pixel,
                    "{count} at {pixels_per_point}: {} against {}",
                    badge.size().x,
                    laid_out.size().x
                );
                assert!((badge.size().y - laid_out.size().y).abs() < f32::EPSILON);
                for (ours, egui) in row.row.glyphs.iter().zip(&laid_out.rows[0].row.glyphs) {
                    assert!(
                        (ours.pos.x - egui.pos.x).abs() <= pixel,
                        "{count} at {pixels_per_point}: {:?} at {} against {}",
                        ours.chr,
                        ours.pos.x,
                        egui.pos.x
                    );
                }
                // Each glyph names its own vertices in the one mesh.
                for pair in row.row.glyphs.windows(2) {
                    assert!(pair[0].first_vertex < pair[1].first_vertex);
                }
                // Every glyph is drawn: as many vertices as egui's layout.
                assert_eq!(badge.num_vertices, laid_out.num_vertices);
                assert_eq!(badge.num_indices, laid_out.num_indices);
            }
        }
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
    fn new_fonts_drop_every_kept_label() {
        let ctx = egui::Context::default();
        let first = frame(&ctx, &["Truce"]);
        // Other fonts (the proportional family's fallbacks in another
        // order): egui rebuilds its fonts, atlas and all, at the next pass.
        let mut fonts = egui::FontDefinitions::default();
        if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
            family.reverse();
        }
        ctx.set_fonts(fonts);
        frame(&ctx, &[]);
        let again = frame(&ctx, &["Truce"]);
        assert!(!Arc::ptr_eq(&first[0], &again[0]));
    }

    #[test]
    fn more_labels_in_one_frame_than_are_kept_leave_the_newest_half() {
        let ctx = egui::Context::default();
        let titles: Vec<String> = (0..KEPT_LABELS + 1).map(|i| format!("event {i}")).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        frame(&ctx, &titles);
        let kept = kept_count(&ctx);
        assert!(
            kept > KEPT_LABELS / 4 && kept <= KEPT_LABELS / 2 + 1,
            "{kept} kept"
        );
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
