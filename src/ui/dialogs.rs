//! Where dialogs open: centred on the window, and kept below the menu bar
//! so that no dialog ever covers it (the menus stay reachable, by pointer
//! and by keyboard, while a dialog is open).
//!
//! The app tells this module where the menu bar ended each frame
//! ([`set_menu_bar`]); every dialog window is built with
//! [`dialog_window`], which centres it in the area below the bar the first
//! time it shows and keeps it inside that area when moved or resized.
//!
//! A dialog closes on Esc while the focus is in it ([`focus_in`] at the
//! end of its frame, [`escape_closes`] at the start of the next, before
//! the panels read the keys), so Esc in a dialog does nothing else.

use eframe::egui;

/// Where the menu bar's bottom edge was drawn this frame (temporary data in
/// the context, so windows drawn after the panels read it).
#[derive(Clone, Copy, Debug)]
struct MenuBarBottom(f32);

fn menu_bar_key() -> egui::Id {
    egui::Id::unique("dialogs-menu-bar-bottom")
}

/// Records the menu bar's rect as drawn this frame: dialogs stay below it.
pub(crate) fn set_menu_bar(ctx: &egui::Context, menu_bar: egui::Rect) {
    ctx.data_mut(|data| data.insert_temp(menu_bar_key(), MenuBarBottom(menu_bar.bottom())));
}

/// The area dialogs open in and are kept in: the window's content below the
/// menu bar.
pub(crate) fn dialog_area(ctx: &egui::Context) -> egui::Rect {
    let mut area = ctx.content_rect();
    if let Some(MenuBarBottom(bottom)) = ctx.data(|data| data.get_temp(menu_bar_key())) {
        area.min.y = bottom.clamp(area.min.y, area.max.y);
    }
    area
}

/// A dialog window titled `title`: centred on the area below the menu bar
/// when it first opens, never collapsed, and kept within that area. Its id
/// is `Id::unique(title)` (a window whose title changes sets its own).
pub(crate) fn dialog_window<'open>(ctx: &egui::Context, title: &str) -> egui::Window<'open> {
    let area = dialog_area(ctx);
    egui::Window::new(title.to_owned())
        .id(egui::Id::unique(title))
        .collapsible(false)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(area.center())
        .constrain_to(area)
}

/// How many frames a dialog asks for the focus of its first field before
/// giving up.
const FOCUS_TRIES: u8 = 3;

/// The focus a dialog asks for its first field when it opens. It is asked
/// for again each frame until the field has it, a few frames at most: the
/// click on a menu item that opens a dialog takes the focus away from a text
/// field in the frame the dialog opens.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FocusRequest(u8);

impl FocusRequest {
    /// Focus the field from the next frame.
    pub fn ask(&mut self) {
        self.0 = FOCUS_TRIES;
    }

    /// Gives `field` the focus while asked for.
    pub fn apply(&mut self, field: &egui::Response) {
        if self.0 == 0 {
            return;
        }
        if field.has_focus() {
            self.0 = 0;
        } else {
            field.request_focus();
            self.0 -= 1;
        }
    }
}

/// Whether the focused widget is in `layer` (a dialog's window), at the
/// end of its frame.
pub(crate) fn focus_in(ctx: &egui::Context, layer: egui::LayerId) -> bool {
    ctx.memory(|memory| memory.focused())
        .and_then(|id| ctx.read_response(id))
        .is_some_and(|response| response.layer_id == layer)
}

/// Whether Esc was pressed, taking the key so nothing else acts on it: a
/// dialog the focus was in closes, and that is all Esc does. Called before
/// the panels read the keys.
pub(crate) fn escape_closes(ctx: &egui::Context) -> bool {
    ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn the_dialog_area_starts_below_the_menu_bar() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let ctx = ui.ctx().clone();
            let content = ctx.content_rect();
            assert_eq!(dialog_area(&ctx), content, "no menu bar yet");
            let bar = egui::Rect::from_min_max(content.min, egui::pos2(content.max.x, 24.0));
            set_menu_bar(&ctx, bar);
            let area = dialog_area(&ctx);
            assert_eq!(area.top(), 24.0);
            assert_eq!(area.bottom(), content.bottom());
        });
        output.textures_delta.clear();
    }
}
