//! The Help menu's windows: the user guide (the README's usage sections),
//! the keyboard shortcuts (the key table the key handling reads, with
//! what the pointer does) and About. Each closes with Esc when it is the
//! topmost window.

use eframe::egui;

use super::dialogs::dialog_window;
use super::guide;
use super::keys;
use crate::model::{Dataset, counted};
use crate::render::theme::ui::guide as style;

/// Which of the Help windows are open.
#[derive(Debug, Default)]
pub(super) struct HelpWindows {
    pub shortcuts: bool,
    pub about: bool,
    pub guide: bool,
}

/// Text as the README writes it, without its code and bold marks.
fn plain(text: &str) -> String {
    text.replace('`', "").replace("**", "")
}

impl HelpWindows {
    /// The open windows.
    pub fn ui(&mut self, ctx: &egui::Context, dataset: &Dataset) {
        // Each opens centred below the menu bar, and stays below it.
        let shown = dialog_window(ctx, "User guide")
            .open(&mut self.guide)
            .default_size(style::WINDOW_SIZE)
            .show(ctx, guide::guide_ui);
        keys::close_on_escape(ctx, shown.as_ref(), &mut self.guide);

        let shown = dialog_window(ctx, "Keyboard shortcuts")
            .open(&mut self.shortcuts)
            .vscroll(true)
            .default_size(style::SHORTCUTS_SIZE)
            .show(ctx, shortcuts_ui);
        keys::close_on_escape(ctx, shown.as_ref(), &mut self.shortcuts);

        let shown = dialog_window(ctx, "About conflict-timeline")
            .open(&mut self.about)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(format!("conflict-timeline {}", env!("CARGO_PKG_VERSION")));
                ui.label("A zoomable timeline of conflicts, truces and peace talks.");
                ui.label(format!(
                    "Dataset: {} — {}, {}, {}.",
                    dataset.title,
                    counted(dataset.events.len(), "event", "events"),
                    counted(dataset.quotes.len(), "quote", "quotes"),
                    counted(dataset.sources.len(), "source", "sources")
                ));
            });
        keys::close_on_escape(ctx, shown.as_ref(), &mut self.about);
    }
}

/// The keys, from the table the key handling reads, then the pointer.
fn shortcuts_ui(ui: &mut egui::Ui) {
    keys::scroll_by_keys(ui, style::KEY_SCROLL_STEP);
    ui.strong("Keys");
    let keys = keys::KEYS.iter().map(|s| (s.keys, s.what));
    shortcut_table(ui, "shortcuts-keys", keys, true);
    ui.separator();
    ui.strong("Pointer");
    shortcut_table(ui, "shortcuts-pointer", keys::POINTER.into_iter(), false);
}

/// Rows of what to press or do and what it does; keys in monospace.
fn shortcut_table<'a>(
    ui: &mut egui::Ui,
    id: &str,
    rows: impl Iterator<Item = (&'a str, &'a str)>,
    keys: bool,
) {
    egui::Grid::new(id)
        .striped(true)
        .num_columns(2)
        .max_col_width(style::TABLE_COLUMN_MAX_WIDTH)
        .show(ui, |ui| {
            for (press, what) in rows {
                let press = egui::RichText::new(plain(press));
                let press = if keys { press.monospace() } else { press };
                ui.add(egui::Label::new(press).extend());
                ui.add(egui::Label::new(plain(what)).wrap());
                ui.end_row();
            }
        });
}
