//! The overview band: the whole dataset compressed into one strip, with the
//! density of events and the visible window as a handle to drag, resize or
//! click to jump (the two-band idea of SIMILE's timeline).

use eframe::egui::{self, Align2, Pos2, Rect, Sense, Stroke};

use super::Panel;
use crate::render::theme::{self, HAIRLINE, ui::RANGE_FILL_OPACITY, ui::overview as style};
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::view::{TimeTransform, TimeView, overview_ticks};

/// How close to an edge of the window a drag resizes it.
const EDGE_GRAB: f32 = 6.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Grab {
    Move,
    Left,
    Right,
}

/// The overview's own state.
#[derive(Debug)]
pub(in crate::ui) struct OverviewPanel {
    /// The event density, for (data version, bins, the band's width).
    density: Option<((u64, usize, u32), Vec<u32>)>,
    /// With layers, each layer's density, for the same key.
    layer_density: Vec<Vec<u32>>,
    /// The whole data fitted at the band's width (its bits) as the
    /// timeline fits it: the band's range.
    full: Option<(u32, TimeView)>,
    /// Where the band was drawn last frame.
    pub rect: Rect,
}

impl OverviewPanel {
    /// The band's range as drawn last frame.
    pub(in crate::ui) fn full_view(&self) -> Option<TimeView> {
        self.full.map(|(_, view)| view)
    }

    /// The events starting in each bar of the band, as drawn last frame.
    pub(in crate::ui) fn density(&self) -> &[u32] {
        self.density.as_ref().map_or(&[], |(_, counts)| counts)
    }

    /// With layers, each layer's share of [`OverviewPanel::density`].
    pub(in crate::ui) fn layer_density(&self) -> &[Vec<u32>] {
        &self.layer_density
    }
}

impl Default for OverviewPanel {
    fn default() -> Self {
        Self {
            density: None,
            layer_density: Vec::new(),
            full: None,
            rect: Rect::NOTHING,
        }
    }
}

impl Panel for OverviewPanel {
    fn draw(&mut self, ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
        puffin::profile_function!();
        let panel = self;
        let rect = ui.available_rect_before_wrap().shrink2(style::MARGIN);
        // Not a Tab stop itself: the window drawn on it is (below).
        let response = ui.allocate_rect(rect, Sense::CLICK | Sense::DRAG);
        let painter = ui.painter_at(rect.expand(style::OVERDRAW));
        let visuals = ui.visuals().clone();
        let width_key = rect.width().to_bits();
        let full_view = match panel.full {
            Some((key, view)) if key == width_key => view,
            _ => {
                let view = frame.data.ends.fit(rect.width());
                panel.full = Some((width_key, view));
                view
            }
        };
        let full = TimeTransform::new(full_view, rect.left(), rect.width());
        panel.rect = rect;
        let text = visuals.text_color();
        let weak = visuals.weak_text_color();

        painter.rect_filled(rect, style::CORNER_RADIUS, visuals.extreme_bg_color);

        // Density of events, one bar per `BIN_WIDTH` points of width.
        let bins = (rect.width() / style::BIN_WIDTH).max(1.0) as usize;
        let key = (frame.state.version, bins, width_key);
        if panel
            .density
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            panel.density = Some((key, frame.index().start_density(full.view, bins)));
            let layers = &frame.data.layers;
            panel.layer_density = if layers.is_layered() {
                layers
                    .iter()
                    .map(|layer| {
                        frame
                            .index()
                            .lanes_start_density(layer.lanes.clone(), full.view, bins)
                    })
                    .collect()
            } else {
                Vec::new()
            };
        }
        let counts: &[u32] = panel.density.as_ref().map_or(&[], |(_, counts)| counts);
        let max = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let density_area = Rect::from_min_max(
            Pos2::new(rect.left(), rect.top() + style::DENSITY_TOP),
            rect.max,
        );
        let bin_width = rect.width() / counts.len() as f32;
        for (i, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            // Square root so single events still show next to dense clusters.
            let height =
                (count as f32 / max).sqrt() * (density_area.height() - style::DENSITY_HEADROOM);
            let x = rect.left() + i as f32 * bin_width;
            let bar = Rect::from_min_max(
                Pos2::new(x, density_area.bottom() - height),
                Pos2::new(x + bin_width.max(1.0), density_area.bottom()),
            );
            if panel.layer_density.is_empty() {
                painter.rect_filled(bar, 0.0, weak.gamma_multiply(style::DENSITY_OPACITY));
                continue;
            }
            // Stacked by layer, the first at the bottom, each in its
            // layer's colour and its share of the bar.
            let mut bottom = bar.bottom();
            for (layer, counts) in frame.data.layers.iter().zip(&panel.layer_density) {
                let part = counts.get(i).copied().unwrap_or(0);
                if part == 0 {
                    continue;
                }
                let top = bottom - bar.height() * part as f32 / count as f32;
                let color = crate::render::timeline::layer_color(layer.key, &visuals);
                painter.rect_filled(
                    Rect::from_x_y_ranges(bar.x_range(), top..=bottom),
                    0.0,
                    color.gamma_multiply(style::LAYER_DENSITY_OPACITY),
                );
                bottom = top;
            }
        }

        // Year labels.
        let measure = |label: &str| style::LABEL_CHAR_WIDTH * label.chars().count() as f32;
        // Years (or coarser) only: the band is for finding your way, not reading dates.
        for tick in overview_ticks(&full, &measure) {
            let x = full.x_from_time(tick.time);
            painter.vline(
                x,
                rect.top()..=rect.top() + style::TICK_LENGTH,
                Stroke::new(HAIRLINE, weak.gamma_multiply(style::TICK_OPACITY)),
            );
            painter.text(
                Pos2::new(x, rect.top()) + style::LABEL_OFFSET,
                Align2::LEFT_CENTER,
                &tick.label,
                style::LABEL_FONT,
                weak,
            );
        }

        // The selection and the pointer's date, as in the timeline.
        for time in frame.selection_marks().into_iter().flat_map(|m| m.times()) {
            let x = full.x_from_time(time);
            painter.vline(
                x,
                rect.y_range(),
                Stroke::new(style::SELECTED_WIDTH, theme::selection_mark(&visuals)),
            );
        }
        if let Some(time) = frame.last.pointer_time {
            painter.vline(
                full.x_from_time(time),
                rect.y_range(),
                Stroke::new(HAIRLINE, text.gamma_multiply(style::POINTER_OPACITY)),
            );
        }

        // The visible window.
        let view = frame.view();
        let x0 = full.x_from_time(view.start).max(rect.left());
        let x1 = full
            .x_from_time(view.end)
            .min(rect.right())
            .max(x0 + style::WINDOW_MIN_WIDTH);
        let window = Rect::from_x_y_ranges(x0..=x1, rect.y_range());
        painter.rect_filled(
            window,
            style::WINDOW_CORNER_RADIUS,
            visuals.selection.bg_fill.gamma_multiply(RANGE_FILL_OPACITY),
        );
        painter.rect_stroke(
            window,
            style::WINDOW_CORNER_RADIUS,
            Stroke::new(style::WINDOW_STROKE, theme::selection_mark(&visuals)),
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
            out.pointer_at(full.time_from_x(p.x));
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
                out.push(Command::SetView(view.centered_on(full.time_from_x(p.x))));
            }
        }
        // On the frame the drag starts, a jump may just have been queued.
        if response.dragged()
            && !response.drag_started()
            && let Some(p) = pointer
        {
            let grab: Grab = ui.ctx().data(|d| d.get_temp(grab_id)).unwrap_or(Grab::Move);
            let min = frame.limits().min_span_at(view.center());
            let next = match grab {
                Grab::Move => view.panned(f64::from(response.drag_delta().x) * full.days_per_px()),
                Grab::Left => TimeView::new(full.time_from_x(p.x).min(view.end - min), view.end),
                Grab::Right => {
                    TimeView::new(view.start, full.time_from_x(p.x).max(view.start + min))
                }
            };
            out.push(Command::SetView(next));
        }
        if response.clicked()
            && let Some(p) = pointer
        {
            out.push(Command::GoTo(
                frame.target_view().centered_on(full.time_from_x(p.x)),
            ));
        }
        window_node(ui, frame, window, full_view, out);
    }
}

/// The visible window as a node for assistive technology and the keyboard:
/// a slider whose value is the range the timeline shows. Focused, Left and
/// Right pan by a quarter of the view (as they do on the timeline);
/// "increment" and "decrement" do the same.
fn window_node(
    ui: &egui::Ui,
    frame: &FrameContext<'_>,
    window: Rect,
    full: TimeView,
    out: &mut FrameOutput,
) {
    use egui::accesskit::{Action, Role};
    let id = egui::Id::unique("overview-window");
    let response = ui.interact(window, id, Sense::FOCUSABLE);
    let view = frame.target_view();
    let range = |view: TimeView| {
        crate::model::span_words(view.start, view.end, crate::model::Precision::Second)
    };
    ui.ctx().accesskit_node_builder(id, |builder| {
        builder.set_role(Role::Slider);
        builder.set_label(format!(
            "Overview of {}: the part the timeline shows",
            range(full)
        ));
        builder.set_value(range(view));
        builder.add_action(Action::Increment);
        builder.add_action(Action::Decrement);
        builder.add_action(Action::Focus);
    });
    let (mut later, mut earlier) = ui.input(|input| {
        (
            input.has_accesskit_action_request(id, Action::Increment),
            input.has_accesskit_action_request(id, Action::Decrement),
        )
    });
    if response.has_focus() {
        ui.memory_mut(|memory| {
            memory.set_focus_lock_filter(
                id,
                egui::EventFilter {
                    horizontal_arrows: true,
                    ..Default::default()
                },
            );
        });
        ui.input(|input| {
            later |= input.key_pressed(egui::Key::ArrowRight);
            earlier |= input.key_pressed(egui::Key::ArrowLeft);
        });
        ui.painter().rect_stroke(
            window.expand(crate::render::theme::ui::FOCUS_RING_GAP),
            style::WINDOW_CORNER_RADIUS,
            Stroke::new(
                crate::render::theme::ui::FOCUS_RING_WIDTH,
                ui.visuals().strong_text_color(),
            ),
            egui::StrokeKind::Outside,
        );
    }
    if later != earlier {
        let step = if later { 0.25 } else { -0.25 };
        out.push(Command::StepView(view.panned(step * view.span())));
    }
}
