//! The timeline for assistive technology and the keyboard.
//!
//! The timeline is painted as shapes, which a screen reader cannot see. So
//! every era band, lane header, event and badge drawn this frame is also a
//! node of the accessibility tree, with a role, a label a person would
//! read, its state (selected, collapsed) and the actions it answers
//! (activate, focus). Only what is drawn gets a node: the cost follows the
//! view, not the dataset.
//!
//! Keyboard focus in the lanes is roving: of the events, only the current
//! one (the selected event when it is drawn, else the first drawn in date
//! order) is in the Tab order. While it has focus, Tab and Shift+Tab walk
//! every event of the dataset in date order (`toolbar::keyboard`), the view
//! following; past the first or the last event they leave the timeline.
//! Focus follows the selection while it is in the lanes, and an event that
//! gains focus is selected. Era bands and lane headers are Tab stops of
//! their own, activated with Enter or Space.
//!
//! The nodes sense no pointer: clicks and drags still reach the timeline
//! underneath, which hit-tests its scene as before.

use eframe::egui::{self, Id, Rect, Sense};
use egui::accesskit::{Action, Role};

use crate::model::{EventIndex, counted, format_range};
use crate::render::theme;
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::view::{AggregateBadge, EraScene, EraSegmentKind, Scene, TimeTransform, TimeView};

/// What the timeline keeps between frames for keyboard focus.
#[derive(Debug, Default)]
pub(in crate::ui) struct TimelineFocus {
    /// Keyboard focus is in the lanes (on an event, or asked to go there):
    /// it follows the selection, once the selected event is drawn.
    pub follows_selection: bool,
}

/// The id of an event's node: the same whatever draws it, frame to frame.
pub(in crate::ui) fn event_node_id(event: EventIndex) -> Id {
    Id::unique(("timeline-event", event.get()))
}

/// What the nodes are made from: this frame's scene and where it is.
pub(super) struct AccessScene<'a> {
    pub scene: &'a Scene,
    pub eras: &'a EraScene,
    /// The whole timeline, and the part its lanes are drawn in.
    pub rect: Rect,
    pub lanes_clip: Rect,
    pub transform: TimeTransform,
}

/// What the nodes asked of the timeline that only it can do.
#[derive(Debug, Default)]
pub(super) struct Activated {
    /// Badges activated: zoom into them or list their events, as a click.
    pub badges: Vec<AggregateBadge>,
}

/// Whether a node was activated this frame: by assistive technology's
/// "click", or by Enter or Space while it has keyboard focus.
fn activated(ui: &egui::Ui, response: &egui::Response) -> bool {
    let by_key = response.has_focus()
        && ui.input(|input| {
            input.key_pressed(egui::Key::Enter) || input.key_pressed(egui::Key::Space)
        });
    by_key || ui.input(|input| input.has_accesskit_action_request(response.id, Action::Click))
}

/// A button node over `rect` described by `describe`, answering "click", and
/// "focus" when `takes_focus` (a Tab stop, or an event: any event may be
/// focused by assistive technology, and then becomes the current one).
fn node(
    ui: &egui::Ui,
    rect: Rect,
    id: Id,
    (focusable, takes_focus): (bool, bool),
    describe: impl FnOnce(&mut egui::accesskit::Node),
) -> egui::Response {
    let sense = if focusable {
        Sense::FOCUSABLE
    } else {
        Sense::hover()
    };
    let response = ui.interact(rect, id, sense);
    // Its place and role the egui way; the rest below.
    response.widget_info(|| egui::WidgetInfo::new(Role::Button));
    ui.ctx().accesskit_node_builder(id, |builder| {
        builder.add_action(Action::Click);
        if takes_focus {
            builder.add_action(Action::Focus);
        }
        describe(builder);
    });
    response
}

/// Keeps the keys the timeline answers (Tab walks the events, the arrows
/// pan) from moving egui's focus away from the focused node.
fn hold_keys(ui: &egui::Ui, id: Id) {
    ui.memory_mut(|memory| {
        memory.set_focus_lock_filter(
            id,
            egui::EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: false,
            },
        );
    });
}

/// A ring around a node with keyboard focus.
fn paint_focus_ring(ui: &egui::Ui, clip: Rect, rect: Rect) {
    let color = ui.visuals().strong_text_color();
    ui.painter().with_clip_rect(clip).rect_stroke(
        rect.expand(theme::ui::FOCUS_RING_GAP),
        theme::ui::FOCUS_RING_CORNER_RADIUS,
        egui::Stroke::new(theme::ui::FOCUS_RING_WIDTH, color),
        egui::StrokeKind::Outside,
    );
}

/// An event's label as a person would read it: "Diplomacy and the Geneva
/// talks, range event: ISSG Munich meeting agrees to seek a cessation of
/// hostilities, 11–12 February 2016, 3 quotes".
pub(in crate::ui) fn event_label(frame: &FrameContext<'_>, event: EventIndex) -> String {
    let dataset = frame.dataset();
    let Some(item) = dataset.event_at(event) else {
        return String::new();
    };
    let lane = dataset
        .lane(&item.lane)
        .map_or("", |lane| lane.name.as_str());
    let kind = if item.is_point() {
        "point event"
    } else if item.ongoing {
        "ongoing range event"
    } else {
        "range event"
    };
    let mut label = format!(
        "{lane}, {kind}: {}, {}",
        item.title,
        format_range(item.start, item.end, item.ongoing)
    );
    if item.approximate {
        label.push_str(" (approximate)");
    }
    let quotes = frame.links().quotes_of(event).len();
    if quotes > 0 {
        label.push_str(&format!(", {}", counted(quotes, "quote", "quotes")));
    }
    if !frame.state.search.matches(event) {
        label.push_str(", not a search match");
    }
    label
}

/// The timeline's own label: what it shows.
pub(super) fn timeline_label(frame: &FrameContext<'_>) -> String {
    let view = frame.view();
    format!(
        "Timeline of {}: {}",
        frame.dataset().title,
        time_range_label(view.start, view.end)
    )
}

/// The dates a view, a badge or an era cluster covers, at the precision
/// its span needs.
fn time_range_label(start: f64, end: f64) -> String {
    crate::model::span_words(start, end, crate::model::Precision::Second)
}

/// Adds this frame's nodes: eras, lane headers, then events and badges in
/// date order. Returns what only the timeline can do.
pub(super) fn timeline_nodes(
    ui: &egui::Ui,
    frame: &FrameContext<'_>,
    focus: &mut TimelineFocus,
    input: &AccessScene<'_>,
    out: &mut FrameOutput,
) -> Activated {
    let mut activated_badges = Vec::new();
    let focused = ui.memory(|memory| memory.focused());
    era_nodes(ui, frame, input, out);
    lane_nodes(ui, frame, input, out);

    // Events and badges in the lanes' visible part, in date order.
    enum Drawn<'s> {
        Event(EventIndex, Rect),
        Badge(&'s AggregateBadge),
    }
    let clip = input.lanes_clip;
    let index = frame.index();
    let mut drawn: Vec<(f64, Drawn<'_>)> = Vec::new();
    for item in &input.scene.items {
        let mut rect = item.rect;
        if let Some(label) = item.label.filter(|label| !label.inside) {
            rect.min.x = rect.left().min(label.x);
            rect.max.x = rect.right().max(label.x + label.max_width);
        }
        let rect = rect.intersect(clip);
        if rect.is_positive()
            && let Some(span) = index.span(item.event)
        {
            drawn.push((span.start, Drawn::Event(item.event, rect)));
        }
    }
    for badge in &input.scene.aggregates {
        if badge.rect.intersect(clip).is_positive() {
            drawn.push((badge.time_start, Drawn::Badge(badge)));
        }
    }
    drawn.sort_by(|a, b| a.0.total_cmp(&b.0));

    let selected = frame.selected();
    let is_drawn = |event| {
        drawn
            .iter()
            .any(|(_, d)| matches!(d, Drawn::Event(e, _) if *e == event))
    };
    let current = selected.filter(|&event| is_drawn(event)).or_else(|| {
        drawn.iter().find_map(|(_, d)| match d {
            Drawn::Event(event, _) => Some(*event),
            Drawn::Badge(_) => None,
        })
    });
    let focused_event = drawn.iter().find_map(|(_, d)| match d {
        Drawn::Event(event, _) if focused == Some(event_node_id(*event)) => Some(*event),
        _ => None,
    });
    if frame.last.focus_selected || focused_event.is_some() {
        focus.follows_selection = true;
    } else if focused.is_some() {
        // Focus went elsewhere in the window.
        focus.follows_selection = false;
    }

    for (_, item) in &drawn {
        match *item {
            Drawn::Event(event, rect) => {
                let id = event_node_id(event);
                let is_selected = selected == Some(event);
                let response = node(ui, rect, id, (current == Some(event), true), |builder| {
                    builder.set_label(event_label(frame, event));
                    builder.set_selected(is_selected);
                });
                let focus_asked =
                    ui.input(|input| input.has_accesskit_action_request(id, Action::Focus));
                if focus_asked {
                    ui.memory_mut(|memory| memory.request_focus(id));
                    focus.follows_selection = true;
                    out.reported.timeline_focus = Some(id);
                }
                if !is_selected
                    && (activated(ui, &response) || response.gained_focus() || focus_asked)
                {
                    out.push(Command::Select(Some(event)));
                }
                if response.has_focus() {
                    hold_keys(ui, id);
                    paint_focus_ring(ui, clip, rect);
                    out.reported.timeline_focus = Some(id);
                }
            }
            Drawn::Badge(badge) => {
                let id = Id::unique(("timeline-badge", badge.lane, badge.time_start.to_bits()));
                let lane = frame
                    .dataset()
                    .lanes
                    .get(badge.lane)
                    .map_or("", |lane| lane.name.as_str());
                let response = node(
                    ui,
                    badge.rect.intersect(clip),
                    id,
                    (false, false),
                    |builder| {
                        builder.set_label(format!(
                            "{lane}, {} not drawn, {}: activate to see them",
                            counted(badge.count, "event", "events"),
                            time_range_label(badge.time_start, badge.time_end)
                        ));
                    },
                );
                if activated(ui, &response) {
                    activated_badges.push(*badge);
                }
            }
        }
    }

    // Focus follows the selection while it is in the lanes.
    if focus.follows_selection
        && let Some(event) = selected.filter(|&event| is_drawn(event))
        && focused != Some(event_node_id(event))
    {
        ui.memory_mut(|memory| memory.request_focus(event_node_id(event)));
        // It has focus from the next frame on, when Tab must already walk.
        out.reported.timeline_focus = Some(event_node_id(event));
    }
    Activated {
        badges: activated_badges,
    }
}

/// The era strip's bands and `+N eras` badges: Tab stops that select an
/// era, or zoom into a cluster or a badge.
fn era_nodes(
    ui: &egui::Ui,
    frame: &FrameContext<'_>,
    input: &AccessScene<'_>,
    out: &mut FrameOutput,
) {
    let eras = input.eras;
    let transform = input.transform;
    let zoom_to = |start: f64, end: f64| {
        let padding = 0.1 * (end - start);
        Command::GoTo(TimeView::new(start - padding, end + padding))
    };
    for segment in &eras.segments {
        let top = eras.top + segment.row as f32 * eras.row_height;
        let rect = Rect::from_x_y_ranges(
            transform.x_from_time(segment.time_start)..=transform.x_from_time(segment.time_end),
            top..=top + eras.row_height,
        )
        .intersect(input.rect);
        if !rect.is_positive() {
            continue;
        }
        let (id, label, command) = match segment.kind {
            EraSegmentKind::Single(era_index) => {
                let Some(era) = frame.dataset().eras.get(era_index as usize) else {
                    continue;
                };
                let mut dates = format_range(era.start, era.end, era.ongoing || era.end.is_none());
                if era.approximate {
                    dates.push_str(" (approximate)");
                }
                (
                    Id::unique(("timeline-era", era_index)),
                    format!("Era: {}, {dates}", era.title),
                    Command::SelectEra(Some(era_index as usize)),
                )
            }
            EraSegmentKind::Cluster { first, count } => (
                Id::unique(("timeline-era-cluster", segment.row, first)),
                format!(
                    "{}, {}: activate to zoom in",
                    counted(count, "era", "eras"),
                    time_range_label(segment.time_start, segment.time_end)
                ),
                zoom_to(segment.time_start, segment.time_end),
            ),
        };
        let selected = matches!(segment.kind,
            EraSegmentKind::Single(era) if frame.state.selected_era == Some(era as usize));
        let response = node(ui, rect, id, (true, true), |builder| {
            builder.set_label(label);
            builder.set_selected(selected);
        });
        if activated(ui, &response) {
            out.push(command);
        }
        if response.has_focus() {
            paint_focus_ring(ui, input.rect, rect);
        }
    }
    for badge in &eras.badges {
        let rect = badge.rect.intersect(input.rect);
        if !rect.is_positive() {
            continue;
        }
        let id = Id::unique(("timeline-era-badge", badge.time_start.to_bits()));
        let response = node(ui, rect, id, (true, true), |builder| {
            builder.set_label(format!(
                "{} more, {}: activate to zoom in",
                counted(badge.count, "era", "eras"),
                time_range_label(badge.time_start, badge.time_end)
            ));
        });
        if activated(ui, &response) {
            out.push(zoom_to(badge.time_start, badge.time_end));
        }
        if response.has_focus() {
            paint_focus_ring(ui, input.rect, rect);
        }
    }
}

/// The lane headers: Tab stops that collapse or expand their lane.
fn lane_nodes(
    ui: &egui::Ui,
    frame: &FrameContext<'_>,
    input: &AccessScene<'_>,
    out: &mut FrameOutput,
) {
    for band in &input.scene.lanes {
        let rect = Rect::from_x_y_ranges(input.rect.x_range(), band.top..=band.rows_top)
            .intersect(input.lanes_clip);
        if !rect.is_positive() {
            continue;
        }
        let Some(lane) = frame.dataset().lanes.get(band.lane) else {
            continue;
        };
        let count = frame
            .index()
            .lanes
            .get(band.lane)
            .map_or(0, |lane| lane.by_start.len());
        let id = Id::unique(("timeline-lane", band.lane));
        let response = node(ui, rect, id, (true, true), |builder| {
            builder.set_label(format!(
                "{}, lane of {}",
                lane.name,
                counted(count, "event", "events")
            ));
            builder.set_expanded(!band.collapsed);
        });
        if activated(ui, &response) {
            out.push(Command::ToggleCollapsed(band.lane));
        }
        if response.has_focus() {
            paint_focus_ring(
                ui,
                input.lanes_clip,
                rect.shrink(theme::ui::FOCUS_RING_WIDTH),
            );
        }
    }
}
