//! The overview band: the whole dataset compressed into one strip, with the
//! density of events and the visible window as a handle to drag, resize or
//! click to jump (the two-band idea of SIMILE's timeline).

use eframe::egui::{self, Align2, FontId, Pos2, Rect, Sense, Stroke};

use super::{Command, TimelineApp};
use crate::view::{Tier, TimeTransform, TimeView, ticks};

/// Height of the band.
pub const HEIGHT: f32 = 64.0;
/// How close to an edge of the window a drag resizes it.
const EDGE_GRAB: f32 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Grab {
    Move,
    Left,
    Right,
}

/// Events per bin across the whole span, for `bins` bins.
pub fn density(app: &TimelineApp, bins: usize) -> Vec<u32> {
    app.index.start_density(app.limits.fit_all(), bins)
}

pub(super) fn overview_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    let rect = ui
        .available_rect_before_wrap()
        .shrink2(egui::vec2(8.0, 4.0));
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let painter = ui.painter_at(rect.expand(2.0));
    let visuals = ui.visuals().clone();
    let full = TimeTransform::new(app.limits.fit_all(), rect.left(), rect.width());
    app.overview_rect = rect;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();

    painter.rect_filled(rect, 4.0, visuals.extreme_bg_color);

    // Density of events, one bar per two points of width.
    let bins = (rect.width() / 2.0).max(1.0) as usize;
    let key = (app.data_version, bins);
    if app
        .overview_density
        .as_ref()
        .is_none_or(|(cached, _)| *cached != key)
    {
        app.overview_density = Some((key, density(app, bins)));
    }
    let counts: &[u32] = app
        .overview_density
        .as_ref()
        .map_or(&[], |(_, counts)| counts);
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
    let density_area = Rect::from_min_max(Pos2::new(rect.left(), rect.top() + 16.0), rect.max);
    let bin_width = rect.width() / counts.len() as f32;
    for (i, &count) in counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        // Square root so single events still show next to dense clusters.
        let height = (count as f32 / max).sqrt() * (density_area.height() - 4.0);
        let x = rect.left() + i as f32 * bin_width;
        let bar = Rect::from_min_max(
            Pos2::new(x, density_area.bottom() - height),
            Pos2::new(x + bin_width.max(1.0), density_area.bottom()),
        );
        painter.rect_filled(bar, 0.0, weak.gamma_multiply(0.7));
    }

    // Year labels.
    let measure = |label: &str| 7.0 * label.chars().count() as f32;
    // Years (or coarser) only: the band is for finding your way, not reading dates.
    let all_ticks = ticks(&full, &measure);
    let has_year_ticks = all_ticks
        .iter()
        .any(|t| t.tier == Tier::Minor && t.label.len() == 4);
    let tier = if has_year_ticks {
        Tier::Minor
    } else {
        Tier::Major
    };
    for tick in all_ticks
        .iter()
        .filter(|t| t.tier == tier && !t.label.is_empty())
    {
        let x = full.x_from_time(tick.time);
        painter.vline(
            x,
            rect.top()..=rect.top() + 14.0,
            Stroke::new(1.0, weak.gamma_multiply(0.6)),
        );
        painter.text(
            Pos2::new(x + 3.0, rect.top() + 7.0),
            Align2::LEFT_CENTER,
            &tick.label,
            FontId::proportional(11.0),
            weak,
        );
    }

    // The selection and the pointer's date, as in the timeline.
    if let Some(event) = app.selected {
        let span = app.index.spans[event as usize];
        let x = full.x_from_time(0.5 * (span.start + span.end));
        painter.vline(
            x,
            rect.y_range(),
            Stroke::new(2.0, visuals.selection.bg_fill),
        );
    }
    if let Some(time) = app.pointer_time.or(app.previous_pointer_time) {
        painter.vline(
            full.x_from_time(time),
            rect.y_range(),
            Stroke::new(1.0, text.gamma_multiply(0.4)),
        );
    }

    // The visible window.
    let x0 = full.x_from_time(app.view.start).max(rect.left());
    let x1 = full
        .x_from_time(app.view.end)
        .min(rect.right())
        .max(x0 + 3.0);
    let window = Rect::from_x_y_ranges(x0..=x1, rect.y_range());
    painter.rect_filled(window, 3.0, visuals.selection.bg_fill.gamma_multiply(0.25));
    painter.rect_stroke(
        window,
        3.0,
        Stroke::new(1.5, visuals.selection.bg_fill),
        egui::StrokeKind::Inside,
    );

    // ---- Interaction ----
    let grab_id = response.id.with("grab");
    let pointer = response.interact_pointer_pos().or(response.hover_pos());
    let grab_at = |x: f32| {
        if (x - x0).abs() <= EDGE_GRAB {
            Grab::Left
        } else if (x - x1).abs() <= EDGE_GRAB {
            Grab::Right
        } else {
            Grab::Move
        }
    };
    if let Some(p) = response.hover_pos() {
        app.pointer_time = Some(full.time_from_x(p.x));
        if matches!(grab_at(p.x), Grab::Left | Grab::Right) {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        }
    }
    if response.drag_started()
        && let Some(p) = pointer
    {
        let grab = grab_at(p.x);
        ui.ctx().data_mut(|d| d.insert_temp(grab_id, grab));
        if grab == Grab::Move && !(x0..=x1).contains(&p.x) {
            // Grabbing outside the window first brings it under the pointer.
            app.push(Command::SetView(
                app.view.centered_on(full.time_from_x(p.x)),
            ));
        }
    }
    // On the frame the drag starts, a jump may just have been queued.
    if response.dragged()
        && !response.drag_started()
        && let Some(p) = pointer
    {
        let grab: Grab = ui.ctx().data(|d| d.get_temp(grab_id)).unwrap_or(Grab::Move);
        let view = app.view;
        let min = app.limits.min_span;
        let next = match grab {
            Grab::Move => view.panned(f64::from(response.drag_delta().x) * full.days_per_px()),
            Grab::Left => TimeView::new(full.time_from_x(p.x).min(view.end - min), view.end),
            Grab::Right => TimeView::new(view.start, full.time_from_x(p.x).max(view.start + min)),
        };
        app.push(Command::SetView(next));
    }
    if response.clicked()
        && let Some(p) = pointer
    {
        app.push(Command::AnimateTo(
            app.target_view().centered_on(full.time_from_x(p.x)),
        ));
    }
}
