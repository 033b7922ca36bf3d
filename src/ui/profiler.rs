//! The Profiler window (`--profile`, or Help → Profiler): the recent
//! frames as a strip of bars, the chosen frame's scopes as a flame graph
//! per thread, and the scopes that took most of it. It reads what puffin
//! records of the app's scopes and egui's own ([`crate::profile`]); puffin's
//! own egui viewer is built for another egui, so the app draws its own.

use std::sync::Arc;

use eframe::egui;
use egui::{Color32, Rect, Sense, Stroke, pos2, vec2};

use super::dialogs::dialog_window;
use super::keys;
use crate::profile::{self, ProfiledFrame, ScopeTotal};
use crate::render::theme::ui::profiler as style;

/// The window, and what it reads from.
#[derive(Default)]
pub(super) struct ProfilerWindow {
    pub open: bool,
    /// Takes puffin's frames from when the window first opened.
    frames: Option<puffin::GlobalFrameView>,
    /// A frame picked in the strip: shown until Latest is pressed.
    picked: Option<u64>,
    /// The frame shown, read once.
    shown: Option<Shown>,
    /// The flame graph's visible part of the frame, from 0 (its start) to
    /// 1 (its end).
    zoom: (f64, f64),
}

/// The flame graph's zoom when it shows the whole frame: `(0, WHOLE_FRAME)`.
const WHOLE_FRAME: f64 = 1.0;

struct Shown {
    frame: ProfiledFrame,
    totals: Vec<ScopeTotal>,
}

impl ProfilerWindow {
    /// Opens the window and starts recording.
    pub fn show(&mut self) {
        profile::start();
        self.open = true;
        if self.frames.is_none() {
            let frames = puffin::GlobalFrameView::default();
            {
                let mut view = frames.lock();
                view.set_max_recent(style::RECENT_FRAMES);
                view.set_max_slow(style::SLOWEST_FRAMES);
            }
            self.frames = Some(frames);
        }
        self.zoom = (0.0, WHOLE_FRAME);
    }

    pub fn ui(&mut self, ctx: &egui::Context) {
        if !self.open {
            return;
        }
        puffin::profile_function!();
        let mut open = self.open;
        let shown = dialog_window(ctx, "Profiler")
            .open(&mut open)
            .default_size(style::WINDOW_SIZE)
            .show(ctx, |ui| self.contents_ui(ui));
        keys::close_on_escape(ctx, shown.as_ref(), &mut open);
        if !open {
            // Nobody looks: recording would cost every frame for nothing.
            puffin::set_scopes_on(false);
        }
        self.open = open;
        if self.open && self.picked.is_none() {
            // A frame's scopes are handed over as the next one starts: look
            // again a little later, so that the last frame before the app
            // went idle is shown too (a few frames a second, not a spin).
            ctx.request_repaint_after(style::IDLE_REFRESH);
        }
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui) {
        let Some(frames) = &self.frames else {
            return;
        };
        let recent: Vec<Arc<puffin::FrameData>> = frames.lock().recent_frames().cloned().collect();
        let slowest = recent.iter().map(|f| f.duration_ns()).max().unwrap_or(0);
        ui.horizontal(|ui| {
            let mut recording = profile::is_on();
            if ui
                .checkbox(&mut recording, "Record")
                .on_hover_text("Record the scopes of every frame (costs a little time per frame)")
                .changed()
            {
                puffin::set_scopes_on(recording);
            }
            if ui
                .add_enabled(self.picked.is_some(), egui::Button::new("Latest"))
                .on_hover_text("Show each new frame as it comes")
                .clicked()
            {
                self.picked = None;
            }
            ui.label(format!(
                "{} frames, the slowest {}",
                recent.len(),
                milliseconds(slowest)
            ));
        });
        if let Some(index) = strip_ui(ui, &recent, self.picked) {
            self.picked = Some(index);
            self.zoom = (0.0, WHOLE_FRAME);
        }
        // A held frame that is no longer kept: follow the new ones again.
        if let Some(index) = self.picked
            && !recent.iter().any(|f| f.frame_index() == index)
        {
            self.picked = None;
        }
        let chosen = match self.picked {
            Some(index) => recent.iter().find(|f| f.frame_index() == index),
            None => recent.last(),
        };
        let Some(chosen) = chosen else {
            ui.label("No frame recorded yet.");
            return;
        };
        if self
            .shown
            .as_ref()
            .is_none_or(|shown| shown.frame.index != chosen.frame_index())
        {
            let Some(unpacked) = chosen.unpacked().ok() else {
                ui.label("This frame could not be read.");
                return;
            };
            let view = frames.lock();
            let names = profile::names_from(view.scope_collection());
            let frame = ProfiledFrame::read(&unpacked, &names);
            let totals = frame.totals();
            self.shown = Some(Shown { frame, totals });
        }
        let Some(shown) = &self.shown else {
            return;
        };
        ui.label(format!(
            "Frame {}: {}{}",
            shown.frame.index,
            milliseconds(shown.frame.duration_ns),
            if shown.frame.truncated {
                " (some scopes left out)"
            } else {
                ""
            }
        ));
        flame_ui(ui, &shown.frame, &mut self.zoom);
        ui.separator();
        totals_ui(ui, &shown.totals);
    }
}

/// A frame's time, as the window writes it.
fn milliseconds(ns: puffin::NanoSecond) -> String {
    format!("{:.2} ms", ns as f64 / 1e6)
}

/// The recent frames as bars, newest on the right; returns the frame
/// clicked.
fn strip_ui(
    ui: &mut egui::Ui,
    recent: &[Arc<puffin::FrameData>],
    picked: Option<u64>,
) -> Option<u64> {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, style::STRIP_HEIGHT), Sense::click());
    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);
    let step = style::STRIP_BAR_WIDTH + style::STRIP_BAR_GAP;
    let fits = (width / step).floor().max(0.0) as usize;
    let shown = &recent[recent.len().saturating_sub(fits)..];
    let height_of = |ns: puffin::NanoSecond| {
        (ns as f64 / 1e6 / style::STRIP_FULL_MS).min(1.0) as f32 * rect.height()
    };
    let mut clicked = None;
    let pointer = response.hover_pos();
    for (slot, frame) in shown.iter().enumerate() {
        let left = rect.right() - (shown.len() - slot) as f32 * step;
        let bar = Rect::from_min_max(
            pos2(left, rect.bottom() - height_of(frame.duration_ns())),
            pos2(left + style::STRIP_BAR_WIDTH, rect.bottom()),
        );
        let column = Rect::from_x_y_ranges(left..=left + step, rect.y_range());
        let over = pointer.is_some_and(|p| column.contains(p));
        let color = if picked == Some(frame.frame_index()) {
            visuals.selection.bg_fill
        } else if over {
            visuals.strong_text_color()
        } else {
            visuals.weak_text_color()
        };
        painter.rect_filled(bar, 0.0, color);
        if over {
            response.clone().on_hover_text(format!(
                "Frame {}: {}",
                frame.frame_index(),
                milliseconds(frame.duration_ns())
            ));
            if response.clicked() {
                clicked = Some(frame.frame_index());
            }
        }
    }
    let budget = rect.bottom() - height_of((style::BUDGET_MS * 1e6) as puffin::NanoSecond);
    painter.hline(
        rect.x_range(),
        budget,
        Stroke::new(style::BUDGET_LINE_WIDTH, visuals.warn_fg_color),
    );
    clicked
}

/// The frame's scopes, a row per depth under each thread's name; the
/// wheel zooms about the pointer, a drag pans, a double click shows the
/// whole frame.
fn flame_ui(ui: &mut egui::Ui, frame: &ProfiledFrame, zoom: &mut (f64, f64)) {
    let size = vec2(
        ui.available_width(),
        style::GRAPH_HEIGHT.min(ui.available_height() * style::GRAPH_SHARE),
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals().clone();
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);
    if frame.duration_ns <= 0 || rect.width() <= 0.0 {
        return;
    }
    // Zoom and pan, in fractions of the frame.
    let (mut from, mut to) = *zoom;
    let span = (to - from).max(f64::EPSILON);
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        if scroll != 0.0
            && let Some(pointer) = response.hover_pos()
        {
            let at = from + f64::from((pointer.x - rect.left()) / rect.width()) * span;
            let factor = f64::from((-scroll * style::ZOOM_PER_POINT).exp())
                .clamp(style::MIN_ZOOM_SPAN, WHOLE_FRAME / style::MIN_ZOOM_SPAN);
            from = at - (at - from) * factor;
            to = at + (to - at) * factor;
        }
    }
    if response.dragged() {
        let shift = -f64::from(response.drag_delta().x / rect.width()) * span;
        from += shift;
        to += shift;
    }
    if response.double_clicked() {
        (from, to) = (0.0, WHOLE_FRAME);
    }
    // The whole frame at most; a millionth of it at least.
    let span = (to - from).clamp(style::MIN_ZOOM_SPAN, WHOLE_FRAME);
    from = from.clamp(0.0, WHOLE_FRAME - span);
    *zoom = (from, from + span);
    let duration = frame.duration_ns as f64;
    let x_of = |ns: puffin::NanoSecond| {
        rect.left() + ((ns as f64 / duration - from) / span) as f32 * rect.width()
    };

    let mut top = rect.top();
    let mut hovered = None;
    let pointer = response.hover_pos();
    for thread in &frame.threads {
        let title = painter.text(
            pos2(rect.left(), top),
            egui::Align2::LEFT_TOP,
            &thread.name,
            style::SCOPE_FONT,
            visuals.text_color(),
        );
        top = title.bottom() + style::ROW_GAP;
        for scope in &thread.scopes {
            let left = x_of(scope.start_ns);
            let right = x_of(scope.start_ns + scope.duration_ns);
            if right < rect.left() || left > rect.right() {
                continue;
            }
            let y = top + scope.depth as f32 * (style::ROW_HEIGHT + style::ROW_GAP);
            if y > rect.bottom() {
                continue;
            }
            let right = right.max(left + style::MIN_SCOPE_WIDTH);
            let bar = Rect::from_min_max(pos2(left, y), pos2(right, y + style::ROW_HEIGHT));
            painter.rect_filled(bar, 0.0, scope_color(&scope.name));
            if bar.width() >= style::MIN_LABEL_WIDTH {
                let text = format!("{} {}", scope.name, milliseconds(scope.duration_ns));
                let inner = bar.shrink2(vec2(style::LABEL_PADDING, 0.0));
                painter.with_clip_rect(inner.intersect(rect)).text(
                    inner.left_center(),
                    egui::Align2::LEFT_CENTER,
                    text,
                    style::SCOPE_FONT,
                    Color32::BLACK,
                );
            }
            if pointer.is_some_and(|p| bar.contains(p)) {
                hovered = Some(scope);
            }
        }
        top += thread.depth as f32 * (style::ROW_HEIGHT + style::ROW_GAP) + style::THREAD_GAP;
    }
    if let Some(scope) = hovered {
        response.on_hover_ui_at_pointer(|ui| {
            ui.strong(&scope.name);
            ui.label(milliseconds(scope.duration_ns));
            if !scope.data.is_empty() {
                ui.label(&scope.data);
            }
            if !scope.location.is_empty() {
                ui.weak(&scope.location);
            }
        });
    }
}

/// The scopes with most time in the frame, as a table.
fn totals_ui(ui: &mut egui::Ui, totals: &[ScopeTotal]) {
    ui.strong("Most time (a scope's time holds its children's)");
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("profiler totals")
                .striped(true)
                .show(ui, |ui| {
                    ui.weak("Scope");
                    ui.weak("Calls");
                    ui.weak("Time");
                    ui.end_row();
                    for total in totals.iter().take(style::TOTAL_ROWS) {
                        ui.label(&total.name).on_hover_text(&total.location);
                        ui.label(total.calls.to_string());
                        ui.label(milliseconds(total.total_ns));
                        ui.end_row();
                    }
                });
        });
}

/// A scope's colour, the same for a name in every frame.
fn scope_color(name: &str) -> Color32 {
    let hash = name.bytes().fold(0u32, |hash, byte| {
        hash.wrapping_mul(31).wrapping_add(u32::from(byte))
    });
    let hue = (hash % 360) as f32 / 360.0;
    egui::ecolor::Hsva::new(hue, style::SCOPE_SATURATION, style::SCOPE_VALUE, 1.0).into()
}
