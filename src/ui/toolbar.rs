//! The menu bar, the toolbar (search, lanes) and the keyboard shortcuts:
//! the ways to give commands besides the panels themselves. Like the
//! panels, they read the frame context and return commands.

use eframe::egui;

use super::Command;
use super::frame::{FrameContext, FrameOutput};
use super::settings::{ChartPlacement, InterfaceZoom, ThemeChoice};
use crate::model::counted;
use crate::render::theme::ui::forms;

/// The toolbar's own state: the search field as typed.
#[derive(Debug, Default)]
pub(super) struct ToolbarState {
    pub search_text: String,
    /// Focus the search field next frame.
    pub focus_requested: bool,
}

/// The menu bar; `dataset_menu` draws the File menu's dataset entries.
pub(super) fn menu_bar_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    dataset_menu: impl FnOnce(&mut egui::Ui, &mut FrameOutput),
    out: &mut FrameOutput,
) {
    let format = |ui: &egui::Ui, modifiers, key| {
        ui.ctx()
            .format_shortcut(&egui::KeyboardShortcut::new(modifiers, key))
    };
    ui.menu_button("File", |ui| {
        dataset_menu(ui, out);
        ui.separator();
        let export_keys = format(ui, egui::Modifiers::COMMAND, egui::Key::E);
        let copy_keys = format(
            ui,
            egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::C,
        );
        if ui
            .add(egui::Button::new("Export image…").shortcut_text(export_keys))
            .clicked()
        {
            out.push(Command::OpenExportDialog);
        }
        if ui
            .add(egui::Button::new("Copy view as image").shortcut_text(copy_keys))
            .clicked()
        {
            out.push(Command::CopyViewImage);
        }
        ui.separator();
        if ui.button("Quit").clicked() {
            out.push(Command::Quit);
        }
    });
    ui.menu_button("View", |ui| {
        if ui
            .add(egui::Button::new("Zoom to fit").shortcut_text("Home"))
            .clicked()
        {
            out.push(Command::FitAll);
        }
        if ui.button("Reset view").clicked() {
            out.push(Command::ResetView);
        }
        ui.separator();
        let mut shown = !frame.settings.side_panel_hidden;
        if ui
            .checkbox(&mut shown, "Side panel (details, quotes, figures)")
            .changed()
        {
            out.push(Command::SetSidePanelHidden(!shown));
        }
        ui.menu_button("Figures chart under the timeline", |ui| {
            let current = frame.settings.chart;
            let mut placement = current;
            for (choice, name) in [
                (ChartPlacement::WithFiguresTab, "With the Figures tab"),
                (ChartPlacement::Always, "Always"),
                (ChartPlacement::Never, "Never"),
            ] {
                ui.radio_value(&mut placement, choice, name);
            }
            if placement != current {
                out.push(Command::SetChartPlacement(placement));
            }
        });
        ui.separator();
        let current = frame.settings.theme;
        let mut theme = current;
        for (choice, name) in ThemeChoice::ALL {
            ui.radio_value(&mut theme, choice, name);
        }
        if theme != current {
            out.push(Command::SetTheme(theme));
        }
        ui.separator();
        let zoom = frame.settings.zoom;
        let command = egui::Modifiers::COMMAND;
        let larger = egui::Button::new("Larger interface").shortcut_text(format(
            ui,
            command,
            egui::Key::Equals,
        ));
        if ui.add(larger).clicked() {
            out.push(Command::SetZoom(zoom.stepped(true)));
        }
        let smaller = egui::Button::new("Smaller interface").shortcut_text(format(
            ui,
            command,
            egui::Key::Minus,
        ));
        if ui.add(smaller).clicked() {
            out.push(Command::SetZoom(zoom.stepped(false)));
        }
        let reset = egui::Button::new(format!("Interface at 100 % (now {})", zoom.percent()))
            .shortcut_text(format(ui, command, egui::Key::Num0));
        if ui.add(reset).clicked() {
            out.push(Command::SetZoom(InterfaceZoom::default()));
        }
    });
    ui.menu_button("Help", |ui| {
        if ui.button("Keyboard shortcuts").clicked() {
            out.push(Command::ShowShortcuts);
        }
        if ui.button("About").clicked() {
            out.push(Command::ShowAbout);
        }
    });
}

/// The dataset's title, the search field and the lanes menu.
pub(super) fn toolbar_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    toolbar: &mut ToolbarState,
    out: &mut FrameOutput,
) {
    ui.horizontal(|ui| {
        let dataset = frame.dataset();
        ui.strong(&dataset.title);
        ui.separator();
        let label = ui.label("Search");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut toolbar.search_text)
                    .hint_text("title, summary or tag  ( / )")
                    .desired_width(forms::SEARCH_WIDTH),
            )
            .labelled_by(label.id);
        if search.changed() {
            out.push(Command::SetSearch(toolbar.search_text.clone()));
        }
        if std::mem::take(&mut toolbar.focus_requested) {
            search.request_focus();
        }
        if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let forward = !ui.input(|i| i.modifiers.shift);
            out.push(Command::NextMatch { forward });
            // Keep typing possible after jumping.
            search.request_focus();
        }
        if let Some(count) = frame.state.search.match_count() {
            ui.label(counted(count, "match", "matches"));
            if ui
                .small_button("Clear")
                .on_hover_text("Clear the search")
                .clicked()
            {
                toolbar.search_text.clear();
                out.push(Command::SetSearch(String::new()));
            }
        }
        ui.separator();
        ui.menu_button("Lanes", |ui| {
            let lanes = dataset.lanes.iter().zip(&frame.state.lanes.hidden);
            for (position, (lane, hidden)) in lanes.enumerate() {
                let mut visible = !hidden;
                if ui.checkbox(&mut visible, lane.name.as_str()).changed() {
                    out.push(Command::ToggleHidden(position));
                }
            }
        });
    });
}

/// The interface zoom keys, Ctrl+= (or Ctrl++), Ctrl+- and Ctrl+0, in
/// place of egui's own (which would bypass the settings). The timeline's
/// `+`, `=` and `-` without Ctrl zoom the time view ([`keyboard`]).
pub(super) fn zoom_keyboard(ctx: &egui::Context, zoom: InterfaceZoom, out: &mut FrameOutput) {
    use egui::{Key, Modifiers};
    ctx.input_mut(|input| {
        if input.consume_key(Modifiers::COMMAND, Key::Num0) {
            out.push(Command::SetZoom(InterfaceZoom::default()));
        }
        let larger = input.consume_key(Modifiers::COMMAND, Key::Plus)
            || input.consume_key(Modifiers::COMMAND, Key::Equals);
        if larger {
            out.push(Command::SetZoom(zoom.stepped(true)));
        }
        if input.consume_key(Modifiers::COMMAND, Key::Minus) {
            out.push(Command::SetZoom(zoom.stepped(false)));
        }
    });
}

/// The keyboard shortcuts that work anywhere in the window.
pub(super) fn keyboard(ctx: &egui::Context, frame: &FrameContext<'_>, out: &mut FrameOutput) {
    use egui::{Key, Modifiers};
    let typing = ctx.egui_wants_keyboard_input();
    let view = frame.target_view();
    let mut tab_used = false;
    ctx.input_mut(|input| {
        if input.consume_key(Modifiers::COMMAND, Key::F) {
            out.push(Command::FocusSearch);
        }
        if input.consume_key(Modifiers::COMMAND, Key::O) {
            out.push(Command::ShowOpenDataset);
        }
        if input.consume_key(Modifiers::COMMAND, Key::E) {
            out.push(Command::OpenExportDialog);
        }
        if input.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::C) {
            out.push(Command::CopyViewImage);
        }
        if typing {
            return;
        }
        if input.consume_key(Modifiers::NONE, Key::Slash) {
            out.push(Command::FocusSearch);
        }
        // Shift+Tab first: a plain Tab check also matches with Shift held.
        let shift_tab = input.consume_key(Modifiers::SHIFT, Key::Tab);
        if shift_tab || input.consume_key(Modifiers::NONE, Key::K) {
            out.push(Command::NextMatch { forward: false });
        }
        let tab = input.consume_key(Modifiers::NONE, Key::Tab);
        if tab || input.consume_key(Modifiers::NONE, Key::J) {
            out.push(Command::NextMatch { forward: true });
        }
        tab_used = tab || shift_tab;
        if input.consume_key(Modifiers::NONE, Key::Escape) {
            out.push(Command::Select(None));
        }
        if input.consume_key(Modifiers::NONE, Key::Home) {
            out.push(Command::FitAll);
        }
        let zoom_in = input.consume_key(Modifiers::NONE, Key::Plus)
            || input.consume_key(Modifiers::NONE, Key::Equals)
            || input.consume_key(Modifiers::SHIFT, Key::Equals);
        if zoom_in {
            out.push(Command::AnimateTo(view.zoomed_about(view.center(), 0.5)));
        }
        if input.consume_key(Modifiers::NONE, Key::Minus) {
            out.push(Command::AnimateTo(view.zoomed_about(view.center(), 2.0)));
        }
        if input.consume_key(Modifiers::NONE, Key::ArrowLeft) {
            out.push(Command::AnimateTo(view.panned(-0.25 * view.span())));
        }
        if input.consume_key(Modifiers::NONE, Key::ArrowRight) {
            out.push(Command::AnimateTo(view.panned(0.25 * view.span())));
        }
    });
    if tab_used {
        // egui has already taken Tab to move keyboard focus; Tab walks
        // the events here, so cancel that move.
        ctx.memory_mut(|memory| memory.move_focus(egui::FocusDirection::None));
    }
}
