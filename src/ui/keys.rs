//! The keyboard in one table: every shortcut, the keys as people read
//! them, what they do and what they send. The key handling reads it
//! (`toolbar::keyboard` for the keys that send a command, the menu bar for
//! the keys that open a menu), Help → Keyboard shortcuts lists it, the
//! menus show their items' keys from it, and a test holds it to the
//! README's table, so the three never drift apart.
//!
//! Esc closes the topmost thing only: an open menu or dropdown, else the
//! topmost window, else it leaves a text field; only when none of them
//! took it does it clear the timeline's selection ([`EscapeTarget`]).

use eframe::egui::{self, Key, Modifiers};

use super::Command;
use super::frame::FrameContext;
use super::settings::{InterfaceZoom, SideTab};

/// A menu of the menu bar, in the bar's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TopMenu {
    File,
    View,
    Views,
    Help,
}

impl TopMenu {
    pub(crate) const ALL: [Self; 4] = [Self::File, Self::View, Self::Views, Self::Help];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::View => "View",
            Self::Views => "Views",
            Self::Help => "Help",
        }
    }

    /// The menu `step` places along the bar, wrapping at its ends.
    pub(crate) fn step(self, step: isize) -> Self {
        let at = Self::ALL.iter().position(|m| *m == self).unwrap_or(0);
        let count = Self::ALL.len() as isize;
        let next = (at as isize + step).rem_euclid(count);
        Self::ALL[next as usize]
    }
}

/// What a key does.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Action {
    /// `toolbar::keyboard` sends the command this makes of the frame.
    Send(fn(&FrameContext<'_>) -> Command),
    /// The menu bar opens this menu and moves the keyboard into it.
    OpenMenu(TopMenu),
    /// Closes the topmost menu, window or text field; else clears the
    /// selection ([`EscapeTarget`]).
    Escape,
}

/// One key (with its modifiers) and what it does.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Binding {
    pub modifiers: Modifiers,
    pub key: Key,
    /// Where it works.
    pub scope: Scope,
    pub action: Action,
}

/// Where a key works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Whatever has the keyboard.
    Anywhere,
    /// Unless a text field (or an open menu) has the keyboard: a plain
    /// letter or `/` is typed there instead.
    NotTyping,
    /// While the timeline has keyboard focus, or nothing has: elsewhere
    /// the arrows move focus between the window's controls.
    Timeline,
    /// In story mode, unless a text field has the keyboard.
    Story,
}

impl Binding {
    /// The keys as this platform writes them (`Ctrl+E`, `⌘E`), for a menu.
    pub(crate) fn text(&self, ctx: &egui::Context) -> String {
        match self.key {
            // egui names these keys; people read them as signs.
            Key::Plus | Key::Minus | Key::Slash if self.modifiers.is_none() => {
                self.key.symbol_or_name().to_owned()
            }
            key => ctx.format_shortcut(&egui::KeyboardShortcut::new(self.modifiers, key)),
        }
    }
}

/// A row of the keyboard table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shortcut {
    /// The keys, as the README and the shortcuts window write them.
    pub keys: &'static str,
    /// What they do.
    pub what: &'static str,
    /// The keys the table's handling reads; empty where the keys are
    /// handled where they apply (Tab, J and K by the timeline's focus,
    /// Enter by the search field).
    pub bindings: &'static [Binding],
}

/// A key that does nothing while a text field has the keyboard.
const fn key(modifiers: Modifiers, key: Key, action: Action) -> Binding {
    Binding {
        modifiers,
        key,
        scope: Scope::NotTyping,
        action,
    }
}

/// A key that works whatever has the keyboard.
const fn anywhere(modifiers: Modifiers, key: Key, action: Action) -> Binding {
    Binding {
        modifiers,
        key,
        scope: Scope::Anywhere,
        action,
    }
}

/// A key of story mode.
const fn story(modifiers: Modifiers, key: Key, action: Action) -> Binding {
    Binding {
        modifiers,
        key,
        scope: Scope::Story,
        action,
    }
}

/// A key for the timeline itself, while it (or nothing) has the keyboard.
const fn timeline(modifiers: Modifiers, key: Key, action: Action) -> Binding {
    Binding {
        modifiers,
        key,
        scope: Scope::Timeline,
        action,
    }
}

const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;
const COMMAND: Modifiers = Modifiers::COMMAND;
const COMMAND_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

pub(crate) fn zoom_in(frame: &FrameContext<'_>) -> Command {
    let view = frame.target_view();
    Command::StepView(view.zoomed_about(view.center(), 0.5))
}

pub(crate) fn zoom_out(frame: &FrameContext<'_>) -> Command {
    let view = frame.target_view();
    Command::StepView(view.zoomed_about(view.center(), 2.0))
}

fn pan_left(frame: &FrameContext<'_>) -> Command {
    let view = frame.target_view();
    Command::StepView(view.panned(-0.25 * view.span()))
}

fn pan_right(frame: &FrameContext<'_>) -> Command {
    let view = frame.target_view();
    Command::StepView(view.panned(0.25 * view.span()))
}

pub(crate) const FILE_MENU: Shortcut = Shortcut {
    keys: "F10, Alt+F",
    what: "open the File menu: the arrow keys move between its items and on to the other menus, Enter picks, Esc closes",
    bindings: &[
        anywhere(NONE, Key::F10, Action::OpenMenu(TopMenu::File)),
        anywhere(ALT, Key::F, Action::OpenMenu(TopMenu::File)),
    ],
};

pub(crate) const OTHER_MENUS: Shortcut = Shortcut {
    keys: "Alt+V, Alt+W, Alt+H",
    what: "open the View, the Views or the Help menu",
    bindings: &[
        anywhere(ALT, Key::V, Action::OpenMenu(TopMenu::View)),
        anywhere(ALT, Key::W, Action::OpenMenu(TopMenu::Views)),
        anywhere(ALT, Key::H, Action::OpenMenu(TopMenu::Help)),
    ],
};

pub(crate) const UP_DOWN: Shortcut = Shortcut {
    keys: "Up / Down, Page Up / Page Down",
    what: "move between a menu's items; scroll the user guide or the shortcuts",
    bindings: &[],
};

pub(crate) const TAB: Shortcut = Shortcut {
    keys: "Tab / Shift+Tab",
    what: "next / previous event in the timeline, then the next part of the window",
    bindings: &[],
};

pub(crate) const NEXT_EVENT: Shortcut = Shortcut {
    keys: "J / K",
    what: "next / previous event (or search match)",
    bindings: &[],
};

pub(crate) fn interface_larger(frame: &FrameContext<'_>) -> Command {
    Command::SetZoom(frame.settings.zoom.stepped(true))
}

pub(crate) fn interface_smaller(frame: &FrameContext<'_>) -> Command {
    Command::SetZoom(frame.settings.zoom.stepped(false))
}

fn interface_reset(_frame: &FrameContext<'_>) -> Command {
    Command::SetZoom(InterfaceZoom::default())
}

/// The interface zoom's keys as the View menu shows them: larger, smaller,
/// back to 100 %.
pub(crate) const INTERFACE_ZOOM_KEYS: [&Binding; 3] = [
    &INTERFACE_ZOOM.bindings[1],
    &INTERFACE_ZOOM.bindings[2],
    &INTERFACE_ZOOM.bindings[3],
];

/// The whole interface larger or smaller (egui's zoom factor, kept in the
/// settings). Before [`ZOOM`]: `=` and `-` without Ctrl zoom the time view.
pub(crate) const INTERFACE_ZOOM: Shortcut = Shortcut {
    keys: "Ctrl+= / Ctrl+-, Ctrl+0",
    what: "larger / smaller interface, back to 100 %",
    bindings: &[
        anywhere(COMMAND, Key::Plus, Action::Send(interface_larger)),
        anywhere(COMMAND, Key::Equals, Action::Send(interface_larger)),
        anywhere(COMMAND, Key::Minus, Action::Send(interface_smaller)),
        anywhere(COMMAND, Key::Num0, Action::Send(interface_reset)),
    ],
};

pub(crate) const ZOOM: Shortcut = Shortcut {
    keys: "+ / -",
    what: "zoom in / out",
    bindings: &[
        key(NONE, Key::Plus, Action::Send(zoom_in)),
        key(SHIFT, Key::Equals, Action::Send(zoom_in)),
        key(NONE, Key::Equals, Action::Send(zoom_in)),
        key(NONE, Key::Minus, Action::Send(zoom_out)),
    ],
};

/// Back and Forward. Before [`PAN`]: a plain Left check also matches
/// with Alt held.
pub(crate) const HISTORY: Shortcut = Shortcut {
    keys: "Alt+Left / Alt+Right",
    what: "back / forward to where the view was (the mouse's back and forward buttons too)",
    bindings: &[
        key(ALT, Key::ArrowLeft, Action::Send(|_| Command::Back)),
        key(ALT, Key::ArrowRight, Action::Send(|_| Command::Forward)),
    ],
};

fn story_slide(frame: &FrameContext<'_>, step: isize) -> Command {
    let slide = frame.state.story.map_or(0, |story| story.slide);
    Command::StorySlide(slide.saturating_add_signed(step))
}

/// Story mode's slides. Before [`PAN`] and [`HOME`], whose keys they take
/// while a story is presented; after [`HISTORY`] (Alt+Left still goes back).
pub(crate) const STORY: Shortcut = Shortcut {
    keys: "Page Down / Page Up, Right / Left, Home / End",
    what: "in story mode: next / previous slide, the first / last",
    bindings: &[
        story(
            NONE,
            Key::PageDown,
            Action::Send(|frame| story_slide(frame, 1)),
        ),
        story(
            NONE,
            Key::ArrowRight,
            Action::Send(|frame| story_slide(frame, 1)),
        ),
        story(
            NONE,
            Key::PageUp,
            Action::Send(|frame| story_slide(frame, -1)),
        ),
        story(
            NONE,
            Key::ArrowLeft,
            Action::Send(|frame| story_slide(frame, -1)),
        ),
        story(NONE, Key::Home, Action::Send(|_| Command::StorySlide(0))),
        story(
            NONE,
            Key::End,
            Action::Send(|_| Command::StorySlide(usize::MAX)),
        ),
    ],
};

pub(crate) const PRESENT: Shortcut = Shortcut {
    keys: "F5",
    what: "present the views as a story, full window (`Esc` leaves it where the view is)",
    bindings: &[key(NONE, Key::F5, Action::Send(|_| Command::Present(0)))],
};

pub(crate) const PAN: Shortcut = Shortcut {
    keys: "Left / Right",
    what: "pan",
    bindings: &[
        timeline(NONE, Key::ArrowLeft, Action::Send(pan_left)),
        timeline(NONE, Key::ArrowRight, Action::Send(pan_right)),
    ],
};

pub(crate) const HOME: Shortcut = Shortcut {
    keys: "Home",
    what: "fit everything, the first and last labels whole",
    bindings: &[key(NONE, Key::Home, Action::Send(|_| Command::FitAll))],
};

pub(crate) const ESCAPE: Shortcut = Shortcut {
    keys: "Esc",
    what: "close the open menu, list or window, or leave the text field; else leave story mode, or clear the selection",
    bindings: &[anywhere(NONE, Key::Escape, Action::Escape)],
};

pub(crate) const SEARCH: Shortcut = Shortcut {
    keys: "/, Ctrl+F",
    what: "search titles, summaries and tags",
    bindings: &[
        anywhere(COMMAND, Key::F, Action::Send(|_| Command::FocusSearch)),
        key(NONE, Key::Slash, Action::Send(|_| Command::FocusSearch)),
    ],
};

pub(crate) const NEXT_MATCH: Shortcut = Shortcut {
    keys: "Enter / Shift+Enter",
    what: "in the search field: next / previous match",
    bindings: &[],
};

pub(crate) const SIDE_TABS: Shortcut = Shortcut {
    keys: "Ctrl+1 / Ctrl+2 / Ctrl+3",
    what: "the side panel's Details, Quotes or Figures tab",
    bindings: &[
        anywhere(
            COMMAND,
            Key::Num1,
            Action::Send(|_| Command::SetSideTab(SideTab::Details)),
        ),
        anywhere(
            COMMAND,
            Key::Num2,
            Action::Send(|_| Command::SetSideTab(SideTab::Quotes)),
        ),
        anywhere(
            COMMAND,
            Key::Num3,
            Action::Send(|_| Command::SetSideTab(SideTab::Figures)),
        ),
    ],
};

pub(crate) const OPEN: Shortcut = Shortcut {
    keys: "Ctrl+O",
    what: "open a dataset (.ron, TimelineJS .json or .csv, UCDP GED or ACLED .csv, also gzipped or zipped)",
    bindings: &[anywhere(
        COMMAND,
        Key::O,
        Action::Send(|_| Command::ShowOpenDataset),
    )],
};

pub(crate) const EXPORT: Shortcut = Shortcut {
    keys: "Ctrl+E",
    what: "export an image (PNG, SVG or PDF) of the view or any range",
    bindings: &[anywhere(
        COMMAND,
        Key::E,
        Action::Send(|_| Command::OpenExportDialog),
    )],
};

pub(crate) const COPY_IMAGE: Shortcut = Shortcut {
    keys: "Ctrl+Shift+C",
    what: "copy the view as an image",
    bindings: &[anywhere(
        COMMAND_SHIFT,
        Key::C,
        Action::Send(|_| Command::CopyViewImage),
    )],
};

pub(crate) const SHORTCUTS_WINDOW: Shortcut = Shortcut {
    keys: "F1",
    what: "list the keyboard shortcuts",
    bindings: &[anywhere(
        NONE,
        Key::F1,
        Action::Send(|_| Command::ShowShortcuts),
    )],
};

/// Every key, in the order the window and the README list them. The
/// handling reads the bindings in this order, so a key with more
/// modifiers comes before the same key with fewer (egui matches Shift and
/// Alt loosely).
pub(crate) const KEYS: [Shortcut; 21] = [
    FILE_MENU,
    OTHER_MENUS,
    UP_DOWN,
    TAB,
    NEXT_EVENT,
    INTERFACE_ZOOM,
    ZOOM,
    HISTORY,
    STORY,
    PRESENT,
    PAN,
    HOME,
    ESCAPE,
    SEARCH,
    NEXT_MATCH,
    SIDE_TABS,
    OPEN,
    EXPORT,
    COPY_IMAGE,
    SHORTCUTS_WINDOW,
    PRESS,
];

/// Pressing what has the keyboard: egui's own, listed with the rest.
pub(crate) const PRESS: Shortcut = Shortcut {
    keys: "Space, Enter",
    what: "press the focused button, tab or menu item",
    bindings: &[],
};

/// What the pointer does on the timeline, listed with the keys.
pub(crate) const POINTER: [(&str, &str); 12] = [
    (
        "scroll",
        "zoom about the pointer (the date under it stays put)",
    ),
    ("shift+scroll, drag", "pan"),
    (
        "alt+scroll, the bar at the right edge",
        "scroll the lanes when they are taller than the window",
    ),
    ("shift+drag, right-drag", "zoom into the span you draw"),
    (
        "click",
        "select an event: the Details panel shows its dates, summary, tags, sources (links) and quotes",
    ),
    (
        "double-click",
        "zoom to an event or an era; on empty space, fit everything",
    ),
    (
        "click an era's title",
        "select it: Details shows its dates and how many events start in it",
    ),
    (
        "click a lane header",
        "collapse or expand the lane; **Lanes** hides lanes",
    ),
    (
        "click a `+N` badge",
        "zoom into it, or list its events where zooming cannot open it",
    ),
    (
        "right-click a `+N` badge",
        "list its events; pick one to select it",
    ),
    (
        "overview band",
        "drag the window to pan, drag its edges to zoom, click to jump",
    ),
    (
        "click a side tab, or `Ctrl+1` / `Ctrl+2` / `Ctrl+3`",
        "Details, Quotes or Figures",
    ),
];

/// Every binding of the table, in its order.
pub(crate) fn bindings() -> impl Iterator<Item = &'static Binding> {
    KEYS.iter().flat_map(|shortcut| shortcut.bindings)
}

/// The menu the menu keys pressed this frame open, taking the keys.
pub(crate) fn menu_key_pressed(ctx: &egui::Context) -> Option<TopMenu> {
    ctx.input_mut(|input| {
        bindings().find_map(|binding| match binding.action {
            Action::OpenMenu(menu) if input.consume_key(binding.modifiers, binding.key) => {
                Some(menu)
            }
            _ => None,
        })
    })
}

/// What an Esc pressed this frame closes: the topmost of what is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum EscapeTarget {
    /// Nothing is open: Esc clears the timeline's selection.
    #[default]
    Selection,
    /// A menu, dropdown or other popup (egui closes it).
    Popup,
    /// The topmost window, which closes.
    Window(egui::LayerId),
    /// A text field had the keyboard (egui takes it away).
    TextField,
}

/// Where the target of this frame's Esc is kept for the windows to read.
fn target_id() -> egui::Id {
    egui::Id::unique("conflict-timeline-escape-target")
}

/// Where whether a text field had the keyboard at the end of the last
/// frame is kept: Esc has taken it away by the time this frame starts.
fn text_focus_id() -> egui::Id {
    egui::Id::unique("conflict-timeline-text-focus")
}

/// Works out what Esc closes this frame, from what was open at the end of
/// the last; call once at the start of the frame, before anything draws.
pub(crate) fn escape_target(ctx: &egui::Context) -> EscapeTarget {
    let target = if egui::Popup::is_any_open(ctx) {
        EscapeTarget::Popup
    } else if let Some(window) = topmost_window(ctx) {
        EscapeTarget::Window(window)
    } else if ctx.data(|d| d.get_temp::<bool>(text_focus_id()).unwrap_or(false)) {
        EscapeTarget::TextField
    } else {
        EscapeTarget::Selection
    };
    ctx.data_mut(|d| d.insert_temp(target_id(), target));
    target
}

/// Notes what Esc would leave next frame; call at the end of the frame.
pub(crate) fn end_frame(ctx: &egui::Context) {
    let typing = ctx.text_edit_focused();
    ctx.data_mut(|d| d.insert_temp(text_focus_id(), typing));
}

/// The window drawn on top of the others, if any is open.
fn topmost_window(ctx: &egui::Context) -> Option<egui::LayerId> {
    ctx.memory(|memory| {
        let areas = memory.areas();
        memory
            .layer_ids()
            .filter(|layer| {
                layer.order == egui::Order::Middle
                    && areas.visible_last_frame(layer)
                    && areas.parent_layer(*layer).is_none()
            })
            .last()
    })
}

/// Scrolls the scroll area `ui` is drawn in from the keyboard while its
/// window is the topmost and nothing has the keyboard: Up and Down by a
/// step, Page Up and Page Down (or Space) by a page less a step.
pub(crate) fn scroll_by_keys(ui: &egui::Ui, step: f32) {
    let ctx = ui.ctx();
    if ctx.egui_wants_keyboard_input() || topmost_window(ctx) != Some(ui.layer_id()) {
        return;
    }
    let page = (ui.clip_rect().height() - step).max(step);
    let down = ui.input(|input| {
        let pressed = |key| input.modifiers.is_none() && input.key_pressed(key);
        let mut down = 0.0;
        if pressed(Key::ArrowDown) {
            down += step;
        }
        if pressed(Key::ArrowUp) {
            down -= step;
        }
        if pressed(Key::PageDown) || pressed(Key::Space) {
            down += page;
        }
        if pressed(Key::PageUp) {
            down -= page;
        }
        down
    });
    if down != 0.0 {
        // egui's delta moves the content: down the text is up the content.
        ui.scroll_with_delta(egui::vec2(0.0, -down));
    }
}

/// Whether Esc closes the window on `layer` this frame: it was pressed,
/// nothing above the window took it, and the window is the topmost.
pub(crate) fn escape_closes(ctx: &egui::Context, layer: egui::LayerId) -> bool {
    let target = ctx.data(|d| d.get_temp::<EscapeTarget>(target_id()));
    target == Some(EscapeTarget::Window(layer)) && ctx.input(|i| i.key_pressed(Key::Escape))
}

/// Clears `open` when Esc closes the window shown with this response.
pub(crate) fn close_on_escape<R>(
    ctx: &egui::Context,
    shown: Option<&egui::InnerResponse<R>>,
    open: &mut bool,
) {
    if shown.is_some_and(|shown| escape_closes(ctx, shown.response.layer_id)) {
        *open = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the README's table with this header, as (first cell,
    /// second cell) with the code marks taken out.
    fn readme_table(header: &str) -> Vec<(String, String)> {
        let readme = include_str!("../../README.md");
        let start = readme
            .find(header)
            .unwrap_or_else(|| panic!("the README has a table headed {header}"));
        readme[start..]
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .map(|line| {
                let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
                let cell = |at: usize| cells.get(at).map_or("", |c| c.trim()).replace('`', "");
                (cell(0), cell(1))
            })
            .collect()
    }

    fn unmarked(text: &str) -> String {
        text.replace('`', "")
    }

    #[test]
    fn the_keyboard_table_is_the_readmes() {
        let readme = readme_table("| key | does |");
        let table: Vec<(String, String)> = KEYS
            .iter()
            .map(|s| (unmarked(s.keys), unmarked(s.what)))
            .collect();
        for row in &table {
            assert!(
                readme.contains(row),
                "the README's keyboard table lacks {row:?}"
            );
        }
        for row in &readme {
            assert!(
                table.contains(row),
                "the keyboard table lacks the README's {row:?}"
            );
        }
    }

    #[test]
    fn the_pointer_table_is_the_readmes() {
        let readme = readme_table("| do | to |");
        let table: Vec<(String, String)> = POINTER
            .iter()
            .map(|(keys, what)| (unmarked(keys), unmarked(what)))
            .collect();
        assert_eq!(table, readme);
    }

    #[test]
    fn no_two_bindings_take_the_same_key() {
        let all: Vec<&Binding> = bindings().collect();
        for (at, a) in all.iter().enumerate() {
            for b in &all[at + 1..] {
                // Story mode's keys work only in it, and are read first there.
                let story = |binding: &Binding| binding.scope == Scope::Story;
                assert!(
                    !(a.key == b.key && a.modifiers == b.modifiers && story(a) == story(b)),
                    "{:?} {:?} is bound twice",
                    a.modifiers,
                    a.key
                );
            }
        }
    }

    #[test]
    fn every_binding_names_its_keys_in_its_row() {
        for shortcut in KEYS {
            for binding in shortcut.bindings {
                let name = binding.key.name();
                // `+` / `-` are written as the keys' symbols; Shift+= and =
                // are the keys `+` is typed with.
                let written = match binding.key {
                    Key::Plus | Key::Equals => "+",
                    Key::Minus => "-",
                    Key::ArrowLeft => "Left",
                    Key::ArrowRight => "Right",
                    Key::PageDown => "Page Down",
                    Key::PageUp => "Page Up",
                    Key::Escape => "Esc",
                    Key::Slash => "/",
                    Key::Num1 => "1",
                    Key::Num2 => "2",
                    Key::Num3 => "3",
                    _ => name,
                };
                assert!(
                    shortcut.keys.contains(written),
                    "{:?} is not written in {:?}",
                    binding.key,
                    shortcut.keys
                );
                for (held, word) in [
                    (binding.modifiers.command, "Ctrl+"),
                    (binding.modifiers.alt, "Alt+"),
                ] {
                    assert!(!held || shortcut.keys.contains(word), "{}", shortcut.keys);
                }
            }
        }
    }

    #[test]
    fn the_menus_step_round_the_bar() {
        assert_eq!(TopMenu::File.step(1), TopMenu::View);
        assert_eq!(TopMenu::File.step(-1), TopMenu::Help);
        assert_eq!(TopMenu::Help.step(1), TopMenu::File);
    }
}
