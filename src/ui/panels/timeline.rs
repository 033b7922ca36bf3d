//! The timeline: time axis, era bands, lanes with their items, and the
//! interactions that zoom, pan and select.
//!
//! Input is read against the scene of this frame and turned into
//! [`Command`]s; the view itself only changes when they are applied.

use eframe::egui::{self, PointerButton, Pos2, Rect, Sense, Stroke};

use super::Panel;
use super::badge_list::BadgeListWindow;
use super::timeline_access::{AccessScene, TimelineFocus, timeline_nodes};
use crate::model::{EventIndex, format_range};
use crate::render::theme::{self, HAIRLINE, ui::scrollbar as scrollbar_style};
use crate::render::timeline::{TimelineGeometry, TimelinePicture, paint_timeline};
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::view::{
    AggregateBadge, EraHit, EraSegmentKind, Hit, LISTED_TITLES, LaneEvents, LaneRoom, LayoutCache,
    LayoutInput, LayoutMetrics, Scene, SceneInput, TimeTransform, TimeView, ViewLimits,
    build_scene, segment_eras,
};

/// The timeline's own state.
#[derive(Debug)]
pub(in crate::ui) struct TimelinePanel {
    /// The lane layouts, redone when the zoom level or the data change.
    layout: LayoutCache,
    metrics: LayoutMetrics,
    /// How far the lanes are scrolled down, in points.
    pub lane_offset: f32,
    /// Scroll the lanes so the selection is visible, once it is drawn.
    pub reveal_selected: bool,
    /// The range is a saved view's frame, the author's to keep: the
    /// selection is revealed by scrolling the lanes only, never by moving
    /// the view to bring its label whole into it.
    pub keep_range: bool,
    /// What was drawn last frame, and where: for hit tests and tests.
    pub scene: Scene,
    pub rect: Rect,
    /// The list of a badge's events, while it is open.
    pub badge_list: BadgeListWindow,
    /// Keyboard focus in the lanes.
    focus: TimelineFocus,
}

impl TimelinePanel {
    /// A panel whose layouts read these lanes' events (sorted on the load
    /// job's thread, not in the first frame).
    pub(in crate::ui) fn with_lane_events(
        events: std::sync::Arc<Vec<LaneEvents>>,
        data_version: u64,
    ) -> Self {
        Self {
            layout: LayoutCache::with_lane_events(events, data_version),
            ..Self::default()
        }
    }

    /// The lanes' events the layouts read, if they are those of
    /// `data_version`'s data (for an export of it).
    pub(in crate::ui) fn lane_events_of(
        &self,
        data_version: u64,
    ) -> Option<std::sync::Arc<Vec<LaneEvents>>> {
        self.layout.lane_events_of(data_version)
    }
}

impl Default for TimelinePanel {
    fn default() -> Self {
        Self {
            layout: LayoutCache::default(),
            metrics: LayoutMetrics::default(),
            lane_offset: 0.0,
            reveal_selected: false,
            keep_range: false,
            scene: Scene::default(),
            rect: Rect::NOTHING,
            badge_list: BadgeListWindow::default(),
            focus: TimelineFocus::default(),
        }
    }
}

/// Zoom speed of the mouse wheel: the view scales by `exp(-points * this)`.
pub(in crate::ui) const WHEEL_ZOOM_PER_POINT: f32 = 0.0025;

/// This frame's wheel and touchpad scrolling, in points, split by intent.
#[derive(Debug, Default)]
pub(in crate::ui) struct WheelInput {
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
pub(in crate::ui) fn wheel_input(ui: &egui::Ui, page_height: f32) -> WheelInput {
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

impl Panel for TimelinePanel {
    fn draw(&mut self, ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
        puffin::profile_function!();
        let panel = self;
        let rect = ui.available_rect_before_wrap();
        // Not a Tab stop itself: its eras, lane headers and events are. It
        // is their group for assistive technology (and its tooltips').
        let response = ui.allocate_rect(rect, Sense::CLICK | Sense::DRAG);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::accesskit::Role::Group,
                true,
                super::timeline_access::timeline_label(frame),
            )
        });
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals().clone();
        let transform = TimeTransform::new(frame.view(), rect.left(), rect.width());
        panel.rect = rect;
        if rect.width() != frame.state.view.width() {
            // The limits were fitted for another width (the first frame, a
            // resize): fit them to this one, and draw this frame again
            // with them rather than show it at the old fit.
            out.push(Command::SetTimelineWidth(rect.width()));
            ui.ctx().request_discard("the timeline's width changed");
        }

        let geometry = TimelineGeometry::new(frame.dataset(), frame.index(), rect);
        let lanes_top = geometry.lanes_top;
        let layers = &frame.data.layers;
        let layer_starts = crate::view::layer_starts(layers, &frame.state.layers_folded);
        // The layers' headers take their height from the lanes' room.
        let lanes_height = geometry.lanes_height();
        let room_height =
            (lanes_height - layer_starts.len() as f32 * panel.metrics.layer_header).max(0.0);
        let hidden = crate::view::hidden_or_folded(
            &frame.state.lanes.hidden,
            layers,
            &frame.state.layers_folded,
            frame.dataset().lanes.len(),
        );

        // While a transition animates, lay out once at its coarsest zoom (wider
        // extents never overlap) instead of at every level it passes.
        let animation = frame.state.view.animation_spans();
        let layout_days_per_px = match animation {
            Some((widest, _)) => {
                let width = f64::from(rect.width().max(1.0));
                (widest / width).max(transform.days_per_px())
            }
            None => transform.days_per_px(),
        };
        let label_widths = &frame.data.label_widths;
        panel.layout.update_selected(
            &LayoutInput {
                dataset: frame.dataset(),
                index: frame.index(),
                label_widths,
                data_version: frame.state.version,
                metrics: &panel.metrics,
                room: LaneRoom {
                    height: room_height,
                    collapsed: &frame.state.lanes.collapsed,
                    hidden: &hidden,
                    scrolls: true,
                },
                labels_within: (frame.limits().bounds.start, frame.limits().bounds.end),
            },
            frame.view(),
            layout_days_per_px,
            frame.selected(),
        );
        let metrics = panel.metrics;
        let build = |layout: &LayoutCache, offset: f32| {
            build_scene(&SceneInput {
                dataset: frame.dataset(),
                index: frame.index(),
                layout,
                label_widths,
                transform,
                top: lanes_top - offset,
                metrics,
                collapsed: &frame.state.lanes.collapsed,
                hidden: &hidden,
                layers: &layer_starts,
            })
        };
        // Lanes taller than the view scroll vertically (Alt+wheel, or the bar at
        // the right edge); the offset is clamped to the content.
        let mut scene = build(&panel.layout, panel.lane_offset);
        let content_height = scene.bottom - (lanes_top - panel.lane_offset);
        let max_offset = (content_height - lanes_height).max(0.0);
        let mut offset = panel.lane_offset.clamp(0.0, max_offset);
        if panel.reveal_selected {
            // Follow the item until the view stops animating: the rows of
            // the lanes above it may change as the view moves.
            let item = frame.selected().and_then(|event| scene.item_rect(event));
            if animation.is_none() {
                panel.reveal_selected = false;
            }
            // A label the layout put left of its item, which a narrow view
            // cuts at its left edge (or one cut at the right): the view
            // moves by what is cut, when the label fits in it at all.
            let label = frame
                .selected()
                .and_then(|event| scene.items.iter().find(|item| item.event == event))
                .and_then(|item| item.label.filter(|l| !l.inside).map(|l| (item.rect, l)));
            if animation.is_none()
                && !panel.keep_range
                && let Some((item_rect, label)) = label
            {
                let margin = theme::ui::REVEAL_MARGIN;
                let (left, right) = (
                    label.x.min(item_rect.left()) - margin,
                    (label.x + label.max_width).max(item_rect.right()) + margin,
                );
                let shift = if right - left > rect.width() {
                    0.0
                } else if left < rect.left() {
                    left - rect.left()
                } else if right > rect.right() {
                    right - rect.right()
                } else {
                    0.0
                };
                // As far as the limits let the view go. Where they stop it
                // (the item too near the end of what a view may show, on
                // the label's side), the view zooms in about the item until
                // the room up to that end holds the label, and moves so it
                // shows whole.
                let dpp = transform.days_per_px();
                let mut target = frame
                    .limits()
                    .clamp(frame.view().panned(f64::from(shift) * dpp), None);
                let panned = (target.start - frame.view().start) / dpp;
                // Only for a label itself cut, not one short of its margin.
                let tolerance = theme::ui::LABEL_CUT_TOLERANCE;
                let label_cut = label.x < rect.left() - tolerance
                    || label.x + label.max_width > rect.right() + tolerance;
                if label_cut && (panned - f64::from(shift)).abs() >= 1.0 {
                    let cut = LabelCut {
                        item: item_rect,
                        left,
                        right,
                        shift,
                    };
                    if let Some(zoomed) =
                        cut.zoomed(frame.view(), &frame.limits(), &transform, rect)
                    {
                        target = zoomed;
                    }
                }
                let moved = ((target.start - frame.view().start).abs()
                    + (target.span() - frame.view().span()).abs())
                    / dpp;
                if moved >= 1.0 {
                    out.push(Command::AnimateTo(target));
                    panel.reveal_selected = true;
                }
            }
            if let Some(item) = item {
                let margin = theme::ui::REVEAL_MARGIN;
                if item.top() < lanes_top + margin {
                    offset -= lanes_top + margin - item.top();
                } else if item.bottom() > rect.bottom() - margin {
                    offset += item.bottom() - (rect.bottom() - margin);
                }
                offset = offset.clamp(0.0, max_offset);
            }
        }
        let scrollbar = (max_offset > 0.0).then(|| {
            let track = Rect::from_min_max(
                Pos2::new(rect.right() - scrollbar_style::WIDTH, lanes_top),
                rect.max,
            );
            let thumb_height =
                (lanes_height * lanes_height / content_height).max(scrollbar_style::MIN_THUMB);
            let thumb_top = track.top() + (track.height() - thumb_height) * offset / max_offset;
            let thumb = Rect::from_min_size(
                Pos2::new(track.left(), thumb_top),
                egui::vec2(scrollbar_style::WIDTH, thumb_height),
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
        if offset != panel.lane_offset {
            panel.lane_offset = offset;
            scene = build(&panel.layout, offset);
        }

        // ---- Interaction ----
        let pointer = response.hover_pos();
        if let Some(p) = pointer {
            out.pointer_at(transform.time_from_x(p.x));
        }
        // The era strip above the lanes: its cluster bands and `+N eras` badges.
        let era_hit = pointer
            .filter(|p| p.y >= geometry.eras_top && p.y < lanes_top)
            .and_then(|p| {
                geometry
                    .era_scene(frame.index(), &transform)
                    .hit(&transform, p.x, p.y)
            });
        let hit = pointer
            .filter(|p| p.y >= lanes_top)
            .and_then(|p| scene.hit(p.x, p.y, 3.0));
        let hovered = match hit {
            Some(Hit::Event(event)) => Some(event),
            _ => None,
        };
        out.reported.hovered = hovered;
        let (zoom, shift) = ui.input(|i| (i.zoom_delta(), i.modifiers.shift));
        // Input applies to the view on screen; a running animation is replaced.
        let mut view = frame.view();
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
                    out.push(Command::GoTo(transform.times_from_xs(start, end)));
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
                view = frame
                    .view()
                    .panned(-f64::from(delta) * transform.days_per_px());
                changed = true;
            }
        }
        if changed {
            out.push(match zoom_anchor {
                // At the zoom limit the pointer's date stays put, not the centre.
                Some(anchor) => Command::SetViewAbout(view, anchor),
                None => Command::SetView(view),
            });
        }
        if response.double_clicked() {
            match (hit, &era_hit) {
                (Some(Hit::Event(event)), _) => out.push(Command::ZoomToEvent(event)),
                (_, Some(EraHit::Segment(segment))) => {
                    let (start, end) = (segment.time_start, segment.time_end);
                    let padding = 0.1 * (end - start);
                    out.push(Command::GoTo(crate::view::TimeView::new(
                        start - padding,
                        end + padding,
                    )));
                }
                _ => out.push(Command::FitAll),
            }
        } else if response.clicked()
            && let Some(layer) = pointer.and_then(|p| {
                scene
                    .layers
                    .iter()
                    .find(|band| p.y >= band.top && p.y < band.bottom)
            })
        {
            // A layer's header folds or unfolds it.
            out.push(Command::ToggleLayerFolded(layer.layer));
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
            let era_selected = match &era_hit {
                Some(EraHit::Segment(segment)) => match segment.kind {
                    EraSegmentKind::Single(era) => Some(era as usize),
                    EraSegmentKind::Cluster { .. } => None,
                },
                _ => None,
            };
            match (hit, on_header) {
                _ if era_selected.is_some() => out.push(Command::SelectEra(era_selected)),
                _ if era_zoom.is_some() => {
                    if let Some((start, end)) = era_zoom {
                        let padding = 0.1 * (end - start);
                        out.push(Command::GoTo(crate::view::TimeView::new(
                            start - padding,
                            end + padding,
                        )));
                    }
                }
                (Some(Hit::Event(event)), _) => out.push(Command::Select(Some(event))),
                (Some(Hit::Aggregate(badge)), _) => panel.open_badge(frame, &badge, out),
                (None, Some(lane)) => out.push(Command::ToggleCollapsed(lane)),
                (None, None) => out.push(Command::Select(None)),
            }
        }
        // Any badge lists its events on a right click.
        if response.secondary_clicked()
            && let Some(Hit::Aggregate(badge)) = hit
        {
            let events = panel.layout.badge_events(frame.index(), &badge);
            panel.badge_list.open(&badge, events);
        }
        // Tooltips are shown as a side effect; their responses are not needed.
        if let Some(era_hit) = &era_hit {
            drop(
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| era_tooltip(frame, ui, era_hit)),
            );
        } else if let (Some(Hit::Event(event)), Some(_)) = (hit, pointer) {
            drop(
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| event_tooltip(frame, ui, event)),
            );
        } else if let Some(Hit::Aggregate(badge)) = hit {
            let how = if zoom_can_open(frame, &badge) {
                "click to zoom in, right-click to list them"
            } else {
                "click to list them"
            };
            drop(response.clone().on_hover_text_at_pointer(format!(
                "{} here — {how}",
                crate::model::counted(badge.count, "more event", "more events")
            )));
        }

        // ---- Painting ----
        let text = visuals.text_color();
        let grid = theme::grid_color(&visuals);
        let item_state = |event: EventIndex| frame.item_state(event, hovered);
        paint_timeline(
            &painter,
            &visuals,
            &TimelinePicture {
                dataset: frame.dataset(),
                index: frame.index(),
                colors: frame.colors(),
                geometry: &geometry,
                transform,
                scene: &scene,
                item_state: &item_state,
                selected_era: frame.state.selected_era,
                interactive: true,
                layers: &frame.data.layers,
            },
        );
        if let Some(selection) = span_selection {
            painter.rect_filled(
                selection,
                0.0,
                visuals
                    .selection
                    .bg_fill
                    .gamma_multiply(theme::ui::RANGE_FILL_OPACITY),
            );
        }
        let weak = visuals.weak_text_color();
        let axis = geometry.axis();
        if let Some((thumb, active)) = scrollbar {
            let color = if active {
                text.gamma_multiply(scrollbar_style::ACTIVE_OPACITY)
            } else {
                weak.gamma_multiply(scrollbar_style::IDLE_OPACITY)
            };
            painter.rect_filled(
                thumb.shrink2(scrollbar_style::THUMB_INSET),
                scrollbar_style::THUMB_CORNER_RADIUS,
                color,
            );
        }
        // The selected event's date (a range's start and end), and the
        // pointer's date when it is over another view (the chart, the
        // overview).
        for time in frame.selection_marks().into_iter().flat_map(|m| m.times()) {
            let x = transform.x_from_time(time);
            painter.vline(
                x,
                axis.bottom()..=rect.bottom(),
                Stroke::new(
                    HAIRLINE,
                    visuals
                        .selection
                        .bg_fill
                        .gamma_multiply(theme::ui::SELECTED_LINE_OPACITY),
                ),
            );
        }
        if let (None, Some(time)) = (pointer, frame.last.pointer_time) {
            painter.vline(
                transform.x_from_time(time),
                axis.bottom()..=rect.bottom(),
                Stroke::new(
                    HAIRLINE,
                    text.gamma_multiply(theme::ui::POINTER_LINE_OPACITY),
                ),
            );
        }
        // The pointer's date.
        if let Some(pointer) = pointer {
            let x = pointer.x;
            painter.vline(
                x,
                axis.bottom()..=rect.bottom(),
                Stroke::new(
                    HAIRLINE,
                    text.gamma_multiply(theme::ui::POINTER_LINE_OPACITY),
                ),
            );
            let label = pointer_date_label(transform.time_from_x(x), transform.days_per_px());
            let galley = painter.layout_no_wrap(
                label,
                theme::ui::POINTER_DATE_FONT,
                visuals.strong_text_color(),
            );
            let padding = theme::ui::POINTER_DATE_PADDING;
            let size = galley.size() + 2.0 * padding;
            // min/max rather than clamp: a timeline narrower than the label must not panic.
            let left = (x - 0.5 * size.x)
                .min(rect.right() - size.x)
                .max(rect.left());
            let top = axis.bottom() - size.y - theme::ui::POINTER_DATE_LIFT;
            let boxed = Rect::from_min_size(Pos2::new(left, top), size);
            let radius = theme::ui::POINTER_DATE_CORNER_RADIUS;
            painter.rect_filled(boxed, radius, visuals.window_fill);
            painter.rect_stroke(
                boxed,
                radius,
                Stroke::new(HAIRLINE, grid),
                egui::StrokeKind::Inside,
            );
            painter.galley(boxed.min + padding, galley, text);
        }
        // What a screen reader and the keyboard reach.
        let activated = timeline_nodes(
            ui,
            frame,
            &mut panel.focus,
            &AccessScene {
                scene: &scene,
                eras: &geometry.era_scene(frame.index(), &transform),
                rect,
                lanes_clip: geometry.lanes_clip(),
                transform,
            },
            out,
        );
        for badge in activated.badges {
            panel.open_badge(frame, &badge, out);
        }
        layer_controls(ui, frame, &scene, geometry.lanes_clip(), out);
        panel.badge_list.ui(ui.ctx(), frame, out);
        panel.scene = scene;
    }
}

/// Each layer header's buttons, at its right end: fold (a screen reader's
/// and the keyboard's way to what a click on the header does), hide or
/// show its lanes, move it up or down, remove it (every layer but the
/// first dataset opened, which File → Open replaces).
fn layer_controls(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    scene: &Scene,
    lanes_clip: Rect,
    out: &mut FrameOutput,
) {
    use crate::render::theme::layer;
    let layers = &frame.data.layers;
    let count = layers.len();
    for band in &scene.layers {
        let Some(info) = layers.get(band.layer) else {
            continue;
        };
        let header = Rect::from_x_y_ranges(lanes_clip.x_range(), band.top..=band.bottom);
        // Only a header wholly in view has its buttons.
        if !lanes_clip.contains_rect(header) {
            continue;
        }
        let row = header.shrink2(egui::vec2(layer::BUTTON_MARGIN, 0.0));
        let mut buttons = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(row)
                .layout(egui::Layout::right_to_left(egui::Align::Center))
                .id_salt(("layer-controls", info.key)),
        );
        buttons.spacing_mut().item_spacing.x = layer::BUTTON_GAP;
        let ui = &mut buttons;
        let title = &info.title;
        // A button reads its word; a screen reader hears which layer's.
        let button = |ui: &mut egui::Ui, word: &str, name: String, hint: String| {
            let response = ui.small_button(word);
            ui.ctx()
                .accesskit_node_builder(response.id, |node| node.set_label(name));
            response.on_hover_text(hint)
        };
        if info.key != 0
            && button(
                ui,
                "Remove",
                format!("Remove {title}"),
                format!("Remove the layer {title}"),
            )
            .clicked()
        {
            out.push(Command::RemoveLayer(info.key));
        }
        let lanes = &frame.state.lanes.hidden;
        let all_hidden = lanes
            .get(info.lanes.clone())
            .is_some_and(|hidden| !hidden.is_empty() && hidden.iter().all(|h| *h));
        let (word, hint) = if all_hidden {
            ("Show", format!("Show the lanes of {title}"))
        } else {
            ("Hide", format!("Hide the lanes of {title}"))
        };
        if button(ui, word, format!("{word} {title}"), hint).clicked() {
            out.push(Command::SetLayerHidden(band.layer, !all_hidden));
        }
        let down = crate::ui::icons::chevron_button(
            ui,
            crate::ui::icons::Chevron::Down,
            band.layer + 1 < count,
            &format!("Move {title} down"),
        )
        .on_hover_text(format!("Move {title} below the next layer"));
        if down.clicked() {
            out.push(Command::MoveLayer {
                key: info.key,
                up: false,
            });
        }
        let up = crate::ui::icons::chevron_button(
            ui,
            crate::ui::icons::Chevron::Up,
            band.layer > 0,
            &format!("Move {title} up"),
        )
        .on_hover_text(format!("Move {title} above the layer before"));
        if up.clicked() {
            out.push(Command::MoveLayer {
                key: info.key,
                up: true,
            });
        }
        let (fold, fold_hint) = if band.folded {
            (
                "Unfold",
                format!("Show the lanes of {title} under its header"),
            )
        } else {
            ("Fold", format!("Fold {title} to its header"))
        };
        if button(ui, fold, format!("{fold} {title}"), fold_hint).clicked() {
            out.push(Command::ToggleLayerFolded(band.layer));
        }
    }
}

impl TimelinePanel {
    /// A badge clicked or activated: zoom into it where that shows its
    /// events, else list them.
    fn open_badge(
        &mut self,
        frame: &FrameContext<'_>,
        badge: &AggregateBadge,
        out: &mut FrameOutput,
    ) {
        if zoom_can_open(frame, badge) {
            let padding = 0.1 * (badge.time_end - badge.time_start);
            out.push(Command::GoTo(crate::view::TimeView::new(
                badge.time_start - padding,
                badge.time_end + padding,
            )));
        } else {
            let events = self.layout.badge_events(frame.index(), badge);
            self.badge_list.open(badge, events);
        }
    }
}

/// A selected item's label cut by an edge of the timeline, and the view
/// cannot move far enough that way to show it.
struct LabelCut {
    /// The item on screen.
    item: Rect,
    /// The left and right ends of the item with its label and a margin.
    left: f32,
    right: f32,
    /// How far the view would have to move (points; positive: right).
    shift: f32,
}

/// The most a view zooms in at once to show a selected item's label.
const MOST_LABEL_ZOOM: f64 = 64.0;

impl LabelCut {
    /// The view zoomed in about the item's far edge from the label (where
    /// its date stays) just enough that the room between the item and the
    /// limit of what a view may show on the label's side holds the label,
    /// then moved so the label shows whole; `None` when the label is wider
    /// than the timeline or no zoom within [`MOST_LABEL_ZOOM`] does it.
    fn zoomed(
        &self,
        view: TimeView,
        limits: &ViewLimits,
        transform: &TimeTransform,
        rect: Rect,
    ) -> Option<TimeView> {
        let item_width = f64::from(self.item.width());
        // On the label's side: the item's far edge, the points beyond the
        // item (gap, label, margin; the same at every zoom), and the room
        // from the edge to the limit, which grows with the zoom.
        let (anchor, beyond, room) = if self.shift > 0.0 {
            let anchor = self.item.left();
            let limit = transform.x_from_time(limits.bounds.end);
            (anchor, self.right - self.item.right(), limit - anchor)
        } else {
            let anchor = self.item.right();
            let limit = transform.x_from_time(limits.bounds.start);
            (anchor, self.item.left() - self.left, anchor - limit)
        };
        let (beyond, room) = (f64::from(beyond), f64::from(room));
        if room <= item_width || beyond + item_width > f64::from(rect.width()) {
            return None;
        }
        // The item's width grows with the zoom at most as its span does
        // (a short one is drawn at a width of its own): a little over.
        let factor = (beyond / (room - item_width)).max(1.0) * 1.02;
        if factor > MOST_LABEL_ZOOM {
            return None;
        }
        let anchor_time = transform.time_from_x(anchor);
        let zoomed = view.zoomed_about(anchor_time, 1.0 / factor);
        let reach = item_width * factor + beyond;
        let shift = if self.shift > 0.0 {
            (f64::from(anchor) + reach - f64::from(rect.right())).max(0.0)
        } else {
            (f64::from(anchor) - reach - f64::from(rect.left())).min(0.0)
        };
        let days_per_px = transform.days_per_px() / factor;
        Some(limits.clamp(zoomed.panned(shift * days_per_px), None))
    }
}

/// Whether zooming into a badge can show its events: not when the view is
/// at its closest already, nor when the badge covers less time than the
/// closest view (its events are too many for the rows at any zoom).
fn zoom_can_open(frame: &FrameContext<'_>, badge: &AggregateBadge) -> bool {
    // The clamped span may miss the limit by a rounding error.
    let middle = 0.5 * (badge.time_start + badge.time_end);
    let closest = frame.limits().min_span_at(middle) * (1.0 + 1e-6);
    frame.view().span() > closest && badge.time_end - badge.time_start >= closest
}

/// The date under the pointer, as precise as the zoom makes meaningful:
/// the year, the month, the day, the minute when zoomed into a day, the
/// second closer still.
fn pointer_date_label(time: f64, days_per_px: f64) -> String {
    let precision = crate::model::Precision::for_resolution(days_per_px);
    crate::model::Date::nearest(time, precision).map_or_else(String::new, |d| d.to_string())
}

fn event_tooltip(frame: &FrameContext<'_>, ui: &mut egui::Ui, event: EventIndex) {
    let dataset = frame.dataset();
    let Some(item) = dataset.event_at(event) else {
        return;
    };
    ui.set_max_width(theme::ui::TOOLTIP_MAX_WIDTH);
    ui.strong(item.title.as_str());
    let mut dates = format_range(item.start, item.end, item.ongoing);
    if item.approximate {
        dates.push_str(" (approximate)");
    }
    ui.label(dates);
    if let Some(lane) = dataset.lane(&item.lane) {
        ui.label(egui::RichText::new(&lane.name).color(ui.visuals().weak_text_color()));
    }
    let quotes = frame.links().quotes_of(event).len();
    if quotes > 0 {
        ui.label(crate::model::counted(quotes, "quote", "quotes"));
    }
}

/// The eras under the pointer in the era strip: one era's title and dates,
/// or the titles of a cluster or a badge (at most [`LISTED_TITLES`], then
/// how many more).
fn era_tooltip(frame: &FrameContext<'_>, ui: &mut egui::Ui, hit: &EraHit) {
    ui.set_max_width(theme::ui::TOOLTIP_MAX_WIDTH);
    let eras = &frame.index().eras;
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
                badge.time_start <= frame.view().start,
                LISTED_TITLES,
            );
            (listed, badge.count, true)
        }
    };
    if total > 1 || zooms {
        ui.strong(crate::model::counted(total, "era", "eras"));
    }
    for &era in &listed {
        let Some(era) = frame.dataset().eras.get(era as usize) else {
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
    let hint = if zooms {
        "Click to zoom in"
    } else {
        "Click for its details, double-click to zoom to it"
    };
    ui.label(egui::RichText::new(hint).color(ui.visuals().weak_text_color()));
}

#[cfg(test)]
mod tests {
    use super::pointer_date_label;
    use crate::model::Date;

    #[test]
    fn the_pointer_reads_the_date_as_precisely_as_the_zoom_shows() {
        let at = |date: &str| {
            Date::parse(date)
                .map(|date| date.start_instant() + 1e-7)
                .unwrap_or(f64::NAN)
        };
        // A 1,400-point timeline at Home of a cosmological dataset.
        assert_eq!(
            pointer_date_label(at("-251902000"), 5.2e12 / 1400.0),
            "252 million years ago"
        );
        // Its margin beyond the age of the universe reads as its first year.
        assert_eq!(
            pointer_date_label(-6.0e12, 5.2e12 / 1400.0),
            "13.8 billion years ago"
        );
        assert_eq!(pointer_date_label(at("2016-02-27"), 30.0), "2016");
        assert_eq!(pointer_date_label(at("2016-02-27"), 2.0), "February 2016");
        assert_eq!(
            pointer_date_label(at("-0043-03-15"), 0.5),
            "15 March 44 BCE"
        );
        // Zoomed into a day: hours and minutes; into minutes: seconds.
        assert_eq!(
            pointer_date_label(at("2016-02-27T00:10"), 1.0 / 1400.0),
            "27 February 2016, 00:10"
        );
        assert_eq!(
            pointer_date_label(at("2016-02-27T00:10:30"), 10.0 / 1440.0 / 1400.0),
            "27 February 2016, 00:10:30"
        );
        assert_eq!(pointer_date_label(f64::NAN, 1.0), "");
    }
}
