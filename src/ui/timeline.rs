//! The timeline: time axis, era bands, lanes with their items, and the
//! interactions that zoom, pan and select.
//!
//! Input is read against the scene of this frame and turned into
//! [`Command`]s; the view itself only changes when they are applied.

use eframe::egui::{self, Align2, FontId, PointerButton, Pos2, Rect, Sense, Stroke};

use super::paint::{self, ItemLook};
use super::{Command, TimelineApp};
use crate::model::{Precision, format_range, naive_from_unix_days};
use crate::view::{Hit, SceneInput, Tier, TimeTransform, build_scene, ticks};

/// Height of the two-row time axis.
pub const AXIS_HEIGHT: f32 = 40.0;
/// Height of one row of era titles.
const ERA_ROW: f32 = 18.0;
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

/// Which row each era's title goes in, so overlapping eras stack.
fn era_rows(app: &TimelineApp) -> (Vec<usize>, usize) {
    let mut row_ends: Vec<f64> = Vec::new();
    let mut rows = Vec::with_capacity(app.dataset.eras.len());
    let data_end = app.index.data_end;
    for era in &app.dataset.eras {
        let start = era.start.start_instant();
        let end = era.end_instant(data_end);
        let row = row_ends
            .iter()
            .position(|&row_end| row_end <= start)
            .unwrap_or_else(|| {
                row_ends.push(f64::NEG_INFINITY);
                row_ends.len() - 1
            });
        row_ends[row] = end;
        rows.push(row);
    }
    let count = row_ends.len();
    (rows, count)
}

pub(super) fn timeline_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    let rect = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(rect, Sense::click_and_drag());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals().clone();
    let transform = TimeTransform::new(app.view, rect.left(), rect.width());
    app.timeline_rect = rect;

    let (era_row_of, era_row_count) = era_rows(app);
    let eras_top = rect.top() + AXIS_HEIGHT;
    let lanes_top = eras_top + ERA_ROW * era_row_count as f32 + 4.0;
    let lanes_height = (rect.bottom() - lanes_top).max(1.0);

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
    let hit = pointer.and_then(|p| scene.hit(p.x, p.y, 3.0));
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
    if let Some(start) = span_start {
        if response.drag_stopped() {
            ui.ctx().data_mut(|d| d.remove::<f32>(span_id));
            if let Some(end) = response.interact_pointer_pos().map(|p| p.x)
                && (end - start).abs() > 4.0
            {
                app.push(Command::AnimateTo(transform.times_from_xs(start, end)));
            }
        } else if let Some(end) = response.interact_pointer_pos().map(|p| p.x) {
            let selection = Rect::from_x_y_ranges(start.min(end)..=start.max(end), rect.y_range());
            painter.rect_filled(
                selection,
                0.0,
                visuals.selection.bg_fill.gamma_multiply(0.25),
            );
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
        match (hit, on_header) {
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
    if let (Some(Hit::Event(event)), Some(_)) = (hit, pointer) {
        drop(
            response
                .clone()
                .on_hover_ui_at_pointer(|ui| event_tooltip(app, ui, event)),
        );
    } else if let Some(Hit::Aggregate(badge)) = hit {
        drop(response.clone().on_hover_text_at_pointer(format!(
            "{} more events here — click to zoom in",
            badge.count
        )));
    }

    // ---- Painting ----
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let grid = visuals.widgets.noninteractive.bg_stroke.color;
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);

    // Era bands behind everything, titles in their strip.
    let body = Rect::from_min_max(Pos2::new(rect.left(), eras_top), rect.max);
    for (era_index, era) in app.dataset.eras.iter().enumerate() {
        let color = paint::color_or_palette(era.color.as_deref(), era_index + 3);
        let x0 = transform
            .x_from_time(era.start.start_instant())
            .max(rect.left() - 2.0);
        let x1 = transform
            .x_from_time(era.end_instant(app.index.data_end))
            .min(rect.right() + 2.0);
        if x1 <= rect.left() || x0 >= rect.right() {
            continue;
        }
        let band = Rect::from_x_y_ranges(x0..=x1, body.y_range());
        let fade = era.approximate || era.is_ongoing();
        // An era spanning most of the data (a whole war) is a faint wash;
        // shorter ones (a truce) stand out.
        let era_span = era.end_instant(app.index.data_end) - era.start.start_instant();
        let data_span = (app.index.data_end - app.index.data_start).max(1.0);
        let wash = if era_span > 0.5 * data_span {
            0.035
        } else {
            0.11
        };
        paint::paint_faded_bar(&painter, band, color.gamma_multiply(wash), false, fade);
        let row_top = eras_top + ERA_ROW * era_row_of[era_index] as f32;
        let title_bar = Rect::from_x_y_ranges(x0..=x1, row_top + 2.0..=row_top + ERA_ROW - 2.0);
        paint::paint_faded_bar(&painter, title_bar, color.gamma_multiply(0.35), false, fade);
        let title_x = x0.max(rect.left()) + 4.0;
        painter.with_clip_rect(title_bar.intersect(rect)).text(
            Pos2::new(title_x, title_bar.center().y),
            Align2::LEFT_CENTER,
            &era.title,
            FontId::proportional(11.5),
            text,
        );
    }

    // Grid and axis.
    let measure = |label: &str| {
        ui.ctx().fonts_mut(|fonts| {
            label
                .chars()
                .map(|c| fonts.glyph_width(&FontId::proportional(12.0), c))
                .sum::<f32>()
        })
    };
    let all_ticks = ticks(&transform, &measure);
    let axis = Rect::from_min_max(rect.min, Pos2::new(rect.right(), rect.top() + AXIS_HEIGHT));
    painter.rect_filled(axis, 0.0, visuals.panel_fill);
    for tick in &all_ticks {
        let x = transform.x_from_time(tick.time);
        match tick.tier {
            Tier::Minor => {
                painter.vline(
                    x,
                    eras_top..=rect.bottom(),
                    Stroke::new(1.0, grid.gamma_multiply(0.5)),
                );
                painter.vline(x, axis.top() + 22.0..=axis.bottom(), Stroke::new(1.0, weak));
                painter.text(
                    Pos2::new(x + 3.0, axis.top() + 30.0),
                    Align2::LEFT_CENTER,
                    &tick.label,
                    FontId::proportional(12.0),
                    weak,
                );
            }
            Tier::Major => {
                if x >= rect.left() {
                    painter.vline(x, axis.top()..=rect.bottom(), Stroke::new(1.0, grid));
                }
                // The label sticks to the left edge while its period is in view.
                let width = measure(&tick.label);
                let end_x = transform.x_from_time(tick.end);
                let label_x = (x + 4.0).max(rect.left() + 4.0).min(end_x - width - 6.0);
                // A period whose end is too close to the left edge has no room left.
                if label_x < rect.left() {
                    continue;
                }
                painter.text(
                    Pos2::new(label_x, axis.top() + 11.0),
                    Align2::LEFT_CENTER,
                    &tick.label,
                    FontId::proportional(12.5),
                    text,
                );
            }
        }
    }
    painter.hline(rect.x_range(), axis.bottom(), Stroke::new(1.0, grid));

    // Lanes, scrolled under the axis and the era strip.
    let body_clip = Rect::from_min_max(Pos2::new(rect.left(), lanes_top), rect.max);
    let lane_painter = painter.with_clip_rect(body_clip);
    for band in &scene.lanes {
        let lane = &app.dataset.lanes[band.lane];
        let color = paint::color_or_palette(lane.color.as_deref(), band.lane);
        let header = Rect::from_x_y_ranges(rect.x_range(), band.top..=band.rows_top);
        lane_painter.rect_filled(header, 0.0, visuals.faint_bg_color.gamma_multiply(1.5));
        lane_painter.hline(rect.x_range(), band.top, Stroke::new(1.0, grid));
        // Collapse toggle: a triangle pointing right (collapsed) or down.
        let c = Pos2::new(rect.left() + 10.0, header.center().y);
        let triangle = if band.collapsed {
            vec![
                Pos2::new(c.x - 3.0, c.y - 4.5),
                Pos2::new(c.x + 4.0, c.y),
                Pos2::new(c.x - 3.0, c.y + 4.5),
            ]
        } else {
            vec![
                Pos2::new(c.x - 4.5, c.y - 3.0),
                Pos2::new(c.x + 4.5, c.y - 3.0),
                Pos2::new(c.x, c.y + 4.0),
            ]
        };
        lane_painter.add(egui::Shape::convex_polygon(triangle, weak, Stroke::NONE));
        lane_painter.rect_filled(
            Rect::from_center_size(Pos2::new(rect.left() + 24.0, c.y), egui::vec2(10.0, 10.0)),
            2.0,
            color,
        );
        let count = app
            .index
            .lanes
            .get(band.lane)
            .map_or(0, |l| l.by_start.len());
        let name = lane_painter.text(
            Pos2::new(rect.left() + 34.0, c.y),
            Align2::LEFT_CENTER,
            &lane.name,
            FontId::proportional(13.0),
            text,
        );
        lane_painter.text(
            Pos2::new(name.right() + 8.0, c.y),
            Align2::LEFT_CENTER,
            format!("{count} event{}", if count == 1 { "" } else { "s" }),
            FontId::proportional(11.5),
            weak,
        );
    }
    let item_painter = painter.with_clip_rect(body_clip);
    for item in &scene.items {
        let event = &app.dataset.events[item.event as usize];
        let lane_color =
            paint::color_or_palette(app.dataset.lanes[item.lane].color.as_deref(), item.lane);
        let look = ItemLook {
            color: lane_color,
            text,
            approximate: event.approximate,
            ongoing: event.ongoing,
            coarse: event.is_point() && event.start.precision() != Precision::Day,
            selected: app.selected == Some(item.event),
            hovered: app.hovered == Some(item.event) || app.highlighted_by_quote(item.event),
            dimmed: !app.matches_search(item.event),
            quotes: app.quotes_by_event.get(&item.event).map_or(0, Vec::len),
        };
        paint::paint_item(&item_painter, item, &event.title, &look, body_clip);
    }
    for badge in &scene.aggregates {
        let badge_rect = paint::rect_of(badge.rect);
        let lane_color =
            paint::color_or_palette(app.dataset.lanes[badge.lane].color.as_deref(), badge.lane);
        item_painter.rect_filled(badge_rect, 8.0, lane_color.gamma_multiply(0.3));
        item_painter.text(
            badge_rect.center(),
            Align2::CENTER_CENTER,
            format!("+{}", badge.count),
            FontId::proportional(11.0),
            text,
        );
    }

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
    if scene.items.is_empty() && app.dataset.events.is_empty() {
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "This dataset has no events.",
            FontId::proportional(16.0),
            weak,
        );
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
