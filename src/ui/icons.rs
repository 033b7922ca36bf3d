//! Buttons that show a painted chevron: the window's fonts have no arrows.
//! Each is named for assistive technology, as its text would be.

use eframe::egui;

use crate::render::theme::ui::forms;

/// Which way a chevron points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chevron {
    Left,
    Right,
    Up,
    Down,
}

/// A button with a chevron pointing `direction`, named `name`, enabled or
/// not.
pub(crate) fn chevron_button(
    ui: &mut egui::Ui,
    direction: Chevron,
    enabled: bool,
    name: &str,
) -> egui::Response {
    let button = egui::Button::new("").min_size(forms::CHEVRON_BUTTON_SIZE);
    let response = ui.add_enabled(enabled, button);
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
    let half = forms::CHEVRON_HALF;
    // The tip's offset from the centre, and the arms' from the tail.
    let (tip, arm) = match direction {
        Chevron::Left => (egui::vec2(-0.5 * half, 0.0), egui::vec2(0.0, half)),
        Chevron::Right => (egui::vec2(0.5 * half, 0.0), egui::vec2(0.0, half)),
        Chevron::Up => (egui::vec2(0.0, -0.5 * half), egui::vec2(half, 0.0)),
        Chevron::Down => (egui::vec2(0.0, 0.5 * half), egui::vec2(half, 0.0)),
    };
    let center = response.rect.center();
    let stroke = egui::Stroke::new(
        forms::CHEVRON_STROKE,
        ui.style().interact(&response).fg_stroke.color,
    );
    ui.painter().add(egui::Shape::line(
        vec![center - tip - arm, center + tip, center - tip + arm],
        stroke,
    ));
    response
}
