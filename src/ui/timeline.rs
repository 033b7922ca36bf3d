//! The timeline: time axis, era bands, lanes with their items, and the
//! interactions that zoom, pan and select.
//!
//! Input is read against the scene of this frame and turned into
//! [`Command`]s; the view itself only changes when they are applied.

use eframe::egui::{self, FontId, PointerButton, Pos2, Rect, Sense, Stroke};

use super::{Command, TimelineApp};
use crate::model::{format_range, naive_from_unix_days};
use crate::render::timeline::{ItemState, TimelineGeometry, TimelinePicture, paint_timeline};
use crate::view::{
    EraHit, Hit, LISTED_TITLES, SceneInput, TimeTransform, build_scene, segment_eras,
};

/// Zoom speed of the mouse wheel: the view scales by `exp(-points * this)`.
pub(super) const WHEEL_ZOOM_PER_POINT: f32 = 0.0025;

/// This frame's wheel and touchpad scrolling, in points, split by intent.
#[derive(Debug, Default)]
pub(super) struct WheelInput {
    /// Vertical scrolling without modifiers: zoom.
    pub zoom: f32,
    /// Horizontal scrolling, or vertical with Shift: pan.
    pub pan: f32,
    /// Vertical scrolling with Alt: scroll the lanes.
    pub lanes: f32,
}

/// Reads the wheel events themselves rather than egui's smoothed delta, so
/// each event's own modifiers decide what it does. Ctrl/Cmd+wheel is left to
/// egui, which reports it as `zoom_delta`.
pub(super) fn wheel_input(ui: &egui::Ui, page_height: f32) -> WheelInput {
    let line = ui
        .ctx()
        .options(|options| options.input_options.line_scroll_speed);
    ui.input(|input| {
        let mut wheel = WheelInput::default();
        for event in &input.events {
            let egui::Event::MouseWheel {
                unit,
                delta,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            if modifiers.command || modifiers.ctrl {
                continue;
            }
            let scale = match unit {
                egui::MouseWheelUnit::Point => 1.0,
                egui::MouseWheelUnit::Line => line,
                egui::MouseWheelUnit::Page => page_height,
            };
            let (dx, dy) = (delta.x * scale, delta.y * scale);
            if modifiers.alt {
                wheel.lanes += dy;
            } else if modifiers.shift {
                wheel.pan += dx + dy;
            } else {
                wheel.zoom += dy;
                wheel.pan += dx;
            }
        }
        wheel
    })
}

pub(super) fn timeline_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals().clone();
    let transform = TimeTransform::new(app.view, rect.left(), rect.width());
    app.timeline_rect = rect;

    let geometry = TimelineGeometry::new(&app.dataset, &app.index, rect);
    let lanes_top = geometry.lanes_top;
    let lanes_height = geometry.lanes_height();

    // While a transition animates, lay out once at its coarsest zoom (wider
    // extents never overlap) instead of at every level it passes.
    let layout_days_per_px = match &app.animation {
        Some(animation) => {
            let width = f64::from(rect.width().max(1.0));
            (animation.from.span().max(animation.to.span()) / width).max(transform.days_per_px())
        }
        None => transform.days_per_px(),
    };
    app.layout.update(
        &app.dataset,
        &app.index,
        &app.label_widths,
        app.view,
        layout_days_per_px,
        app.data_version,
        &app.metrics,
    );
    let build = |app: &TimelineApp, offset: f32| {
        build_scene(&SceneInput {
            dataset: &app.dataset,
            index: &app.index,
            layout: &app.layout,
            label_widths: &app.label_widths,
            transform,
            top: lanes_top - offset,
            metrics: app.metrics,
            collapsed: &app.collapsed,
            hidden: &app.hidden,
        })
    };
    // Lanes taller than the view scroll vertically (Alt+wheel, or the bar at
    // the right edge); the offset is clamped to the content.
    let mut scene = build(app, app.lane_offset);
    let content_height = scene.bottom - (lanes_top - app.lane_offset);
    let max_offset = (content_height - lanes_height).max(0.0);
    let mut offset = app.lane_offset.clamp(0.0, max_offset);
    if app.reveal_selected {
        // Wait for the item to come into view while the view animates.
        let item = app.selected.and_then(|event| scene.item_rect(event));
        if item.is_some() || app.animation.is_none() {
            app.reveal_selected = false;
        }
        if let Some(item) = item {
            let margin = 8.0;
            if item[1] < lanes_top + margin {
                offset -= lanes_top + margin - item[1];
            } else if item[3] > rect.bottom() - margin {
                offset += item[3] - (rect.bottom() - margin);
            }
            offset = offset.clamp(0.0, max_offset);
        }
    }
    let scrollbar = (max_offset > 0.0).then(|| {
        let track = Rect::from_min_max(Pos2::new(rect.right() - 8.0, lanes_top), rect.max);
        let thumb_height = (lanes_height * lanes_height / content_height).max(24.0);
        let thumb_top = track.top() + (track.height() - thumb_height) * offset / max_offset;
        let thumb = Rect::from_min_size(
            Pos2::new(track.left(), thumb_top),
            egui::vec2(8.0, thumb_height),
        );
        let drag = ui.interact(track, response.id.with("lane-scrollbar"), Sense::drag());
        if drag.dragged() {
            let per_point = max_offset / (track.height() - thumb_height).max(1.0);
            offset = (offset + drag.drag_delta().y * per_point).clamp(0.0, max_offset);
        }
        (thumb, drag.hovered() || drag.dragged())
    });
    let wheel = wheel_input(ui, lanes_height);
    if response.hovered() {
        offset = (offset - wheel.lanes).clamp(0.0, max_offset);
    }
    if offset != app.lane_offset {
        app.lane_offset = offset;
        scene = build(app, offset);
    }

    // ---- Interaction ----
    let pointer = response.hover_pos();
    if let Some(p) = pointer {
        app.pointer_time = Some(transform.time_from_x(p.x));
    }
    // The era strip above the lanes: its cluster bands and `+N eras` badges.
    let era_hit = pointer
        .filter(|p| p.y >= geometry.eras_top && p.y < lanes_top)
        .and_then(|p| {
            geometry
                .era_scene(&app.index, &transform)
                .hit(&transform, p.x, p.y)
        });
    let hit = pointer
        .filter(|p| p.y >= lanes_top)
        .and_then(|p| scene.hit(p.x, p.y, 3.0));
    app.hovered = match hit {
        Some(Hit::Event(event)) => Some(event),
        _ => None,
    };
    let (zoom, shift) = ui.input(|i| (i.zoom_delta(), i.modifiers.shift));
    // Input applies to the view on screen; a running animation is replaced.
    let mut view = app.view;
    let mut changed = false;
    let mut zoom_anchor = None;
    if let Some(pointer) = pointer {
        let anchor = transform.time_from_x(pointer.x);
        // Zoom from the view being shown, so the date under the pointer stays.
        if wheel.zoom != 0.0 {
            view = view.zoomed_about(
                anchor,
                f64::from((-wheel.zoom * WHEEL_ZOOM_PER_POINT).exp()),
            );
            changed = true;
            zoom_anchor = Some(anchor);
        }
        if zoom != 1.0 {
            view = view.zoomed_about(anchor, f64::from(1.0 / zoom));
            changed = true;
            zoom_anchor = Some(anchor);
        }
        if wheel.pan != 0.0 {
            view = view.panned(-f64::from(wheel.pan) * transform.days_per_px());
            changed = true;
        }
    }
    let span_drag = (response.dragged_by(PointerButton::Primary) && shift)
        || response.dragged_by(PointerButton::Secondary);
    let span_id = response.id.with("span-select");
    if response.drag_started() && span_drag {
        // Where the button went down, not where the drag was recognised.
        let origin = ui.input(|i| i.pointer.press_origin());
        let start = origin
            .or(response.interact_pointer_pos())
            .map_or(rect.left(), |p| p.x);
        ui.ctx().data_mut(|d| d.insert_temp(span_id, start));
    }
    let span_start: Option<f32> = ui.ctx().data(|d| d.get_temp(span_id));
    let mut span_selection = None;
    if let Some(start) = span_start {
        if response.drag_stopped() {
            ui.ctx().data_mut(|d| d.remove::<f32>(span_id));
            if let Some(end) = response.interact_pointer_pos().map(|p| p.x)
                && (end - start).abs() > 4.0
            {
                app.push(Command::AnimateTo(transform.times_from_xs(start, end)));
            }
        } else if let Some(end) = response.interact_pointer_pos().map(|p| p.x) {
            span_selection = Some(Rect::from_x_y_ranges(
                start.min(end)..=start.max(end),
                rect.y_range(),
            ));
        }
    } else if response.dragged_by(PointerButton::Primary) {
        let delta = response.drag_delta().x;
        if delta != 0.0 {
            view = app.view.panned(-f64::from(delta) * transform.days_per_px());
            changed = true;
        }
    }
    if changed {
        app.push(match zoom_anchor {
            // At the zoom limit the pointer's date stays put, not the centre.
            Some(anchor) => Command::SetViewAbout(view, anchor),
            None => Command::SetView(view),
        });
    }
    if response.double_clicked() {
        match hit {
            Some(Hit::Event(event)) => app.push(Command::ZoomToEvent(event)),
            _ => app.push(Command::FitAll),
        }
    } else if response.clicked() {
        let on_header = pointer.and_then(|p| {
            scene
                .lanes
                .iter()
                .find(|band| p.y >= band.top && p.y < band.rows_top)
                .map(|band| band.lane)
        });
        let era_zoom = match &era_hit {
            Some(EraHit::Badge(badge)) => Some((badge.time_start, badge.time_end)),
            Some(EraHit::Segment(segment)) if segment.count() > 1 => {
                Some((segment.time_start, segment.time_end))
            }
            _ => None,
        };
        match (hit, on_header) {
            _ if era_zoom.is_some() => {
                if let Some((start, end)) = era_zoom {
                    let padding = 0.1 * (end - start);
                    app.push(Command::AnimateTo(crate::view::TimeView::new(
                        start - padding,
                        end + padding,
                    )));
                }
            }
            (Some(Hit::Event(event)), _) => app.push(Command::Select(Some(event))),
            (Some(Hit::Aggregate(badge)), _) => {
                let padding = 0.1 * (badge.time_end - badge.time_start);
                app.push(Command::AnimateTo(crate::view::TimeView::new(
                    badge.time_start - padding,
                    badge.time_end + padding,
                )));
            }
            (None, Some(lane)) => app.push(Command::ToggleCollapsed(lane)),
            (None, None) => app.push(Command::Select(None)),
        }
    }
    // Tooltips are shown as a side effect; their responses are not needed.
    if let Some(era_hit) = &era_hit {
        drop(
            response
                .clone()
                .on_hover_ui_at_pointer(|ui| era_tooltip(app, ui, era_hit)),
        );
    } else if let (Some(Hit::Event(event)), Some(_)) = (hit, pointer) {
        drop(
            response
                .clone()
                .on_hover_ui_at_pointer(|ui| event_tooltip(app, ui, event)),
        );
    } else if let Some(Hit::Aggregate(badge)) = hit {
        drop(response.clone().on_hover_text_at_pointer(format!(
            "{} here — click to zoom in",
            crate::model::counted(badge.count, "more event", "more events")
        )));
    }

    // ---- Painting ----
    let text = visuals.text_color();
    let grid = visuals.widgets.noninteractive.bg_stroke.color;
    let item_state = |event: u32| ItemState {
        selected: app.selected == Some(event),
        hovered: app.hovered == Some(event) || app.highlighted_by_quote(event),
        dimmed: !app.matches_search(event),
        quotes: app.quotes_by_event.get(&event).map_or(0, Vec::len),
    };
    paint_timeline(
        &painter,
        &visuals,
        &TimelinePicture {
            dataset: &app.dataset,
            index: &app.index,
            colors: &app.colors,
            geometry: &geometry,
            transform,
            scene: &scene,
            item_state: &item_state,
            interactive: true,
        },
    );
    if let Some(selection) = span_selection {
        painter.rect_filled(
            selection,
            0.0,
            visuals.selection.bg_fill.gamma_multiply(0.25),
        );
    }
    let weak = visuals.weak_text_color();
    let axis = geometry.axis();
    if let Some((thumb, active)) = scrollbar {
        let color = if active {
            text.gamma_multiply(0.6)
        } else {
            weak.gamma_multiply(0.5)
        };
        painter.rect_filled(thumb.shrink2(egui::vec2(1.5, 0.0)), 3.0, color);
    }
    // The selected event's date, and the pointer's date when it is over
    // another view (the chart, the overview).
    if let Some(event) = app.selected {
        let span = app.index.spans[event as usize];
        let x = transform.x_from_time(0.5 * (span.start + span.end));
        painter.vline(
            x,
            axis.bottom()..=rect.bottom(),
            Stroke::new(1.0, visuals.selection.bg_fill.gamma_multiply(0.6)),
        );
    }
    if let (None, Some(time)) = (pointer, app.pointer_time) {
        painter.vline(
            transform.x_from_time(time),
            axis.bottom()..=rect.bottom(),
            Stroke::new(1.0, text.gamma_multiply(0.35)),
        );
    }
    // The pointer's date.
    if let Some(pointer) = pointer {
        let x = pointer.x;
        painter.vline(
            x,
            axis.bottom()..=rect.bottom(),
            Stroke::new(1.0, text.gamma_multiply(0.35)),
        );
        let label = pointer_date_label(transform.time_from_x(x), transform.days_per_px());
        let galley = painter.layout_no_wrap(
            label,
            FontId::proportional(12.0),
            visuals.strong_text_color(),
        );
        let size = galley.size() + egui::vec2(10.0, 4.0);
        // min/max rather than clamp: a timeline narrower than the label must not panic.
        let left = (x - 0.5 * size.x)
            .min(rect.right() - size.x)
            .max(rect.left());
        let boxed = Rect::from_min_size(Pos2::new(left, axis.bottom() - size.y - 1.0), size);
        painter.rect_filled(boxed, 4.0, visuals.window_fill);
        painter.rect_stroke(boxed, 4.0, Stroke::new(1.0, grid), egui::StrokeKind::Inside);
        painter.galley(boxed.min + egui::vec2(5.0, 2.0), galley, text);
    }
    app.scene = scene;
}

/// The date under the pointer, as precise as the zoom makes meaningful.
fn pointer_date_label(time: f64, days_per_px: f64) -> String {
    let Some(day) = naive_from_unix_days(time) else {
        return String::new();
    };
    let Some(date) = crate::model::Date::from_naive(day) else {
        return String::new();
    };
    use chrono::Datelike as _;
    if days_per_px > 20.0 {
        date.year_number().to_string()
    } else if days_per_px > 1.0 {
        crate::model::Date::month(date.year_number(), day.month())
            .map_or_else(String::new, |d| d.to_string())
    } else {
        date.to_string()
    }
}

fn event_tooltip(app: &TimelineApp, ui: &mut egui::Ui, event: u32) {
    let Some(item) = app.dataset.events.get(event as usize) else {
        return;
    };
    ui.set_max_width(360.0);
    ui.strong(&item.title);
    let mut dates = format_range(item.start, item.end, item.ongoing);
    if item.approximate {
        dates.push_str(" (approximate)");
    }
    ui.label(dates);
    if let Some(lane) = app.dataset.lane(&item.lane) {
        ui.label(egui::RichText::new(&lane.name).color(ui.visuals().weak_text_color()));
    }
    let quotes = app.quotes_by_event.get(&event).map_or(0, Vec::len);
    if quotes > 0 {
        ui.label(format!(
            "{quotes} quote{}",
            if quotes == 1 { "" } else { "s" }
        ));
    }
}

/// The eras under the pointer in the era strip: one era's title and dates,
/// or the titles of a cluster or a badge (at most [`LISTED_TITLES`], then
/// how many more).
fn era_tooltip(app: &TimelineApp, ui: &mut egui::Ui, hit: &EraHit) {
    ui.set_max_width(360.0);
    let eras = &app.index.eras;
    let (listed, total, zooms) = match hit {
        EraHit::Segment(segment) => (
            segment_eras(eras, segment, LISTED_TITLES),
            segment.count(),
            segment.count() > 1,
        ),
        EraHit::Badge(badge) => {
            let (listed, _) = eras.collapsed_in(
                badge.time_start,
                badge.time_end,
                badge.time_start <= app.view.start,
                LISTED_TITLES,
            );
            (listed, badge.count, true)
        }
    };
    if total > 1 || zooms {
        ui.strong(crate::model::counted(total, "era", "eras"));
    }
    for &era in &listed {
        let Some(era) = app.dataset.eras.get(era as usize) else {
            continue;
        };
        if total == 1 && !zooms {
            ui.strong(&era.title);
            let mut dates = format_range(era.start, era.end, era.ongoing || era.end.is_none());
            if era.approximate {
                dates.push_str(" (approximate)");
            }
            ui.label(dates);
        } else {
            ui.label(&era.title);
        }
    }
    if total > listed.len() {
        ui.label(
            egui::RichText::new(format!("… and {} more", total - listed.len()))
                .color(ui.visuals().weak_text_color()),
        );
    }
    if zooms {
        ui.label(egui::RichText::new("Click to zoom in").color(ui.visuals().weak_text_color()));
    }
}
