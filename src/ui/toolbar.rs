//! The menu bar, the toolbar (search, lanes) and the keyboard shortcuts:
//! the ways to give commands besides the panels themselves. Like the
//! panels, they read the frame context and return commands.

use eframe::egui;

use super::Command;
use super::frame::{FrameContext, FrameOutput};
use super::keys::{self, Action, EscapeTarget, Scope, TopMenu};
use super::settings::{ChartPlacement, InterfaceZoom, SideTab, ThemeChoice};
use crate::model::counted;
use crate::render::theme::ui::forms;

/// The toolbar's own state: the search field as typed.
#[derive(Debug, Default)]
pub(super) struct ToolbarState {
    pub search_text: String,
    /// Focus the search field next frame.
    pub focus_requested: bool,
}

/// The menu bar's keyboard state, kept in egui's memory with the bar.
#[derive(Clone, Copy, Debug, Default)]
struct MenuKeys {
    /// Each menu's button, as drawn last frame, in the bar's order.
    buttons: [Option<egui::Id>; 4],
    /// A menu opened from the keyboard: the keyboard moves into its list
    /// once the list shows.
    enter: Option<TopMenu>,
}

/// The menu bar and its keys: F10 and Alt+letter open a menu with the
/// keyboard in it, Up and Down move in it (egui's), Left and Right move to
/// the menus beside it, Enter or Space picks an item and closes the menu,
/// Esc closes it. `dataset_menu` draws the File menu's dataset entries.
pub(super) fn menu_bar_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    dataset_menu: impl FnOnce(&mut egui::Ui, &mut FrameOutput),
    out: &mut FrameOutput,
) {
    puffin::profile_function!();
    let ctx = ui.ctx().clone();
    let state_id = ui.scope_id().with("menu-keys");
    let mut bar = MenuBarKeys::start(&ctx, ctx.data(|d| d.get_temp(state_id)).unwrap_or_default());
    bar.menu(ui, TopMenu::File, |ui| file_menu_ui(ui, dataset_menu, out));
    bar.menu(ui, TopMenu::View, |ui| view_menu_ui(ui, frame, out));
    bar.menu(ui, TopMenu::Views, |ui| {
        super::views::views_menu_ui(ui, frame, out);
    });
    bar.menu(ui, TopMenu::Help, |ui| help_menu_ui(ui, out));
    let state = bar.finish(&ctx);
    ctx.data_mut(|d| d.insert_temp(state_id, state));
}

/// The menu bar's keys over one frame.
struct MenuBarKeys {
    state: MenuKeys,
    /// The menu whose list had the keyboard as the frame started.
    in_menu: Option<TopMenu>,
    /// The widget that had the keyboard as the frame started.
    focused: Option<egui::Id>,
    right: bool,
    /// The menu to open this frame, and whether a menu key (rather than an
    /// arrow) asked for it: a menu key closes its menu when it is open.
    open: Option<(TopMenu, bool)>,
}

impl MenuBarKeys {
    fn start(ctx: &egui::Context, state: MenuKeys) -> Self {
        let focused = ctx.memory(|m| m.focused());
        let layer = focused
            .and_then(|id| ctx.read_response(id))
            .map(|r| r.layer_id);
        // The keyboard is in a menu's list, or nowhere with the list open
        // (opened with the pointer).
        let in_menu = TopMenu::ALL.into_iter().find(|menu| {
            let Some(list) = state.buttons[menu_at(*menu)].map(list_id) else {
                return false;
            };
            match layer {
                Some(layer) => layer.id == list,
                None => focused.is_none() && egui::Popup::is_id_open(ctx, list),
            }
        });
        let (left, right) = ctx.input(|i| {
            let plain = i.modifiers.is_none();
            (
                plain && i.key_pressed(egui::Key::ArrowLeft),
                plain && i.key_pressed(egui::Key::ArrowRight),
            )
        });
        let mut open = keys::menu_key_pressed(ctx).map(|menu| (menu, true));
        if let Some(menu) = in_menu
            && left
        {
            // egui would move the keyboard back to the menu's button.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
            open = Some((menu.step(-1), false));
        }
        Self {
            state,
            in_menu,
            focused,
            right,
            open,
        }
    }

    /// One menu of the bar.
    fn menu(&mut self, ui: &mut egui::Ui, menu: TopMenu, content: impl FnOnce(&mut egui::Ui)) {
        let ctx = ui.ctx().clone();
        let at = menu_at(menu);
        let closed =
            self.state.buttons[at].is_none_or(|b| !egui::Popup::is_id_open(&ctx, list_id(b)));
        if self.state.enter == Some(menu) && closed {
            // Closed before it showed (Esc, a click elsewhere).
            self.state.enter = None;
        }
        if self.state.enter == Some(menu)
            && let Some(button) = self.state.buttons[at]
            && ctx.read_response(list_id(button)).is_some()
        {
            // The list shows (past its first, measuring frame): Down from
            // its button moves into it, as egui's own menus do.
            ctx.memory_mut(|m| {
                m.request_focus(button);
                m.move_focus(egui::FocusDirection::Down);
            });
            self.state.enter = None;
        }
        let button = ui.add(egui::Button::new(menu_title(ui, menu)));
        self.state.buttons[at] = Some(button.id);
        // As egui's menu bar: with another menu open, the pointer moving
        // onto this one opens it. Only a moving pointer: one resting on the
        // bar would take the menus back from the keyboard.
        let mut list = egui::Popup::menu(&button);
        let pointer_moved = ctx.input(|i| i.pointer.delta() != egui::Vec2::ZERO);
        let other_open = self.state.buttons.iter().enumerate().any(|(other, id)| {
            other != at && id.is_some_and(|id| egui::Popup::is_id_open(&ctx, list_id(id)))
        });
        if button.hovered() && !button.clicked() && pointer_moved && other_open {
            list = list.open_memory(Some(egui::SetOpenCommand::Bool(true)));
        }
        let config = egui::containers::menu::MenuConfig::new();
        let info = egui::UiStackInfo::new(egui::UiKind::Menu).with_tag_value(
            egui::containers::menu::MenuConfig::MENU_CONFIG_TAG,
            config.clone(),
        );
        list.close_behavior(config.close_behavior)
            .style(config.style)
            .info(info)
            .show(|ui| {
                content(ui);
                close_after_keyboard_pick(ui);
            });
        if self.right && self.in_menu == Some(menu) && !self.opened_submenu(&ctx, button.id) {
            self.open = Some((menu.step(1), false));
        }
    }

    /// Whether Right opened the submenu of the focused item of this menu.
    fn opened_submenu(&self, ctx: &egui::Context, button: egui::Id) -> bool {
        use egui::containers::menu::{MenuState, SubMenu};
        let Some(focused) = self.focused else {
            return false;
        };
        let submenu = SubMenu::id_from_widget_id(focused);
        MenuState::from_id(ctx, list_id(button), |state| {
            state.open_item == Some(submenu)
        })
    }

    /// Opens the menu asked for; returns the state to keep.
    fn finish(mut self, ctx: &egui::Context) -> MenuKeys {
        if let Some((menu, by_menu_key)) = self.open
            && let Some(button) = self.state.buttons[menu_at(menu)]
        {
            let list = list_id(button);
            if by_menu_key && egui::Popup::is_id_open(ctx, list) {
                egui::Popup::close_id(ctx, list);
                ctx.memory_mut(|m| m.surrender_focus(button));
                self.state.enter = None;
            } else {
                egui::Popup::open_id(ctx, list);
                ctx.memory_mut(|m| m.request_focus(button));
                self.state.enter = Some(menu);
            }
            ctx.request_repaint();
        }
        if self.state.enter.is_some() {
            ctx.request_repaint();
        }
        self.state
    }
}

/// A menu's name, the letter that opens it with Alt underlined.
fn menu_title(ui: &egui::Ui, menu: TopMenu) -> egui::WidgetText {
    let name = menu.name();
    let letter = name.chars().next().map_or(0, char::len_utf8);
    let mut job = egui::text::LayoutJob::default();
    for (text, underlined) in [(&name[..letter], true), (&name[letter..], false)] {
        let text = egui::RichText::new(text);
        let text = if underlined { text.underline() } else { text };
        text.append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    }
    job.into()
}

/// A menu's place in the bar.
fn menu_at(menu: TopMenu) -> usize {
    TopMenu::ALL.iter().position(|m| *m == menu).unwrap_or(0)
}

/// The id of the list a menu's button opens (egui's popup of the button,
/// [`egui::Popup::default_response_id`]).
fn list_id(button: egui::Id) -> egui::Id {
    button.with("popup")
}

/// An item picked with Enter or Space (or by assistive technology) closes
/// its menu, as a click does; one that opens a submenu does not.
fn close_after_keyboard_pick(ui: &egui::Ui) {
    use egui::containers::menu::{MenuState, SubMenu};
    let ctx = ui.ctx();
    let Some(focused) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let Some(response) = ctx.read_response(focused) else {
        return;
    };
    if !response.clicked() || response.clicked_by(egui::PointerButton::Primary) {
        return;
    }
    let list = ui.layer_id().id;
    let open_submenu = MenuState::from_id(ctx, list, |state| state.open_item);
    let in_this_menu = response.layer_id.id == list || Some(response.layer_id.id) == open_submenu;
    if in_this_menu && open_submenu != Some(SubMenu::id_from_widget_id(focused)) {
        ui.close();
    }
}

/// A menu item with the keys of a binding of the key table.
fn item(ui: &mut egui::Ui, text: &str, binding: &keys::Binding) -> egui::Response {
    let keys = binding.text(ui.ctx());
    ui.add(egui::Button::new(text).shortcut_text(keys))
}

fn file_menu_ui(
    ui: &mut egui::Ui,
    dataset_menu: impl FnOnce(&mut egui::Ui, &mut FrameOutput),
    out: &mut FrameOutput,
) {
    dataset_menu(ui, out);
    ui.separator();
    if item(ui, "Export image…", &keys::EXPORT.bindings[0]).clicked() {
        out.push(Command::OpenExportDialog);
    }
    if item(ui, "Copy view as image", &keys::COPY_IMAGE.bindings[0]).clicked() {
        out.push(Command::CopyViewImage);
    }
    ui.separator();
    if ui.button("Quit").clicked() {
        out.push(Command::Quit);
    }
}

fn view_menu_ui(ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
    let history = &frame.state.history;
    for (name, binding, enabled, command) in [
        (
            "Back",
            &keys::HISTORY.bindings[0],
            history.can_go_back(),
            Command::Back,
        ),
        (
            "Forward",
            &keys::HISTORY.bindings[1],
            history.can_go_forward(),
            Command::Forward,
        ),
    ] {
        let keys = binding.text(ui.ctx());
        let button = egui::Button::new(name).shortcut_text(keys);
        if ui.add_enabled(enabled, button).clicked() {
            out.push(command);
        }
    }
    ui.separator();
    if item(ui, "Zoom in", &keys::ZOOM.bindings[0]).clicked() {
        out.push((keys::zoom_in)(frame));
    }
    if item(ui, "Zoom out", &keys::ZOOM.bindings[3]).clicked() {
        out.push((keys::zoom_out)(frame));
    }
    if item(ui, "Zoom to fit", &keys::HOME.bindings[0]).clicked() {
        out.push(Command::FitAll);
    }
    if ui.button("Reset view").clicked() {
        out.push(Command::ResetView);
    }
    let present = !frame.state.views.list.is_empty();
    if ui
        .add_enabled(
            present,
            egui::Button::new("Present").shortcut_text(keys::PRESENT.bindings[0].text(ui.ctx())),
        )
        .clicked()
    {
        out.push(Command::Present(0));
    }
    ui.separator();
    let mut shown = !frame.settings.side_panel_hidden;
    if ui
        .checkbox(&mut shown, "Side panel (details, quotes, figures)")
        .changed()
    {
        out.push(Command::SetSidePanelHidden(!shown));
    }
    let tabs = [SideTab::Details, SideTab::Quotes, SideTab::Figures];
    for (tab, binding) in tabs.into_iter().zip(keys::SIDE_TABS.bindings) {
        if item(ui, &format!("{} tab", tab.name()), binding).clicked() {
            out.push(Command::SetSideTab(tab));
        }
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
    let [larger, smaller, reset] = keys::INTERFACE_ZOOM_KEYS;
    if item(ui, "Larger interface", larger).clicked() {
        out.push((keys::interface_larger)(frame));
    }
    if item(ui, "Smaller interface", smaller).clicked() {
        out.push((keys::interface_smaller)(frame));
    }
    let zoom = frame.settings.zoom;
    let at_100 = format!("Interface at 100 % (now {})", zoom.percent());
    if item(ui, &at_100, reset).clicked() {
        out.push(Command::SetZoom(InterfaceZoom::default()));
    }
}

fn help_menu_ui(ui: &mut egui::Ui, out: &mut FrameOutput) {
    if ui.button("User guide").clicked() {
        out.push(Command::ShowGuide);
    }
    if item(
        ui,
        "Keyboard shortcuts",
        &keys::SHORTCUTS_WINDOW.bindings[0],
    )
    .clicked()
    {
        out.push(Command::ShowShortcuts);
    }
    if ui
        .button("Profiler")
        .on_hover_text("Where each frame's time goes (also: --profile)")
        .clicked()
    {
        out.push(Command::ShowProfiler);
    }
    if ui.button("About").clicked() {
        out.push(Command::ShowAbout);
    }
}

/// Back and Forward, the dataset's title, the search field and the lanes
/// menu.
pub(super) fn toolbar_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    toolbar: &mut ToolbarState,
    out: &mut FrameOutput,
) {
    puffin::profile_function!();
    ui.horizontal(|ui| {
        history_buttons(ui, frame, out);
        ui.separator();
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

/// The toolbar's Back and Forward buttons, enabled while there is a place
/// to go to, named for assistive technology and on hover.
fn history_buttons(ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
    use super::icons::{Chevron, chevron_button};
    let history = &frame.state.history;
    let buttons = [
        ("Back", history.can_go_back(), Command::Back, Chevron::Left),
        (
            "Forward",
            history.can_go_forward(),
            Command::Forward,
            Chevron::Right,
        ),
    ];
    for ((name, enabled, command, chevron), binding) in
        buttons.into_iter().zip(keys::HISTORY.bindings)
    {
        let response = chevron_button(ui, chevron, enabled, name);
        let hint = format!("{name} to where the view was ({})", binding.text(ui.ctx()));
        let response = response
            .on_hover_text(hint.as_str())
            .on_disabled_hover_text(hint);
        if response.clicked() {
            out.push(command);
        }
    }
}

/// The keyboard shortcuts that work anywhere in the window: the key
/// table's keys that send a command, and Esc when nothing above the
/// timeline takes it. Runs before anything draws: what Esc closes is
/// decided by what was open as the frame started.
pub(super) fn keyboard(ctx: &egui::Context, frame: &FrameContext<'_>, out: &mut FrameOutput) {
    puffin::profile_function!();
    use egui::{Key, Modifiers};
    let escape = keys::escape_target(ctx);
    // Letters are text while a text field has focus (a focused button or
    // event leaves them to the shortcuts); an open menu or dropdown has
    // the arrows and letters too.
    let typing = ctx.text_edit_focused() || escape == EscapeTarget::Popup;
    // Tab walks the events while an event has keyboard focus, or while
    // nothing has (it then enters the timeline); elsewhere it moves focus.
    let focused = ctx.memory(|memory| memory.focused());
    let in_timeline = focused.is_some() && focused == frame.last.timeline_focus;
    let walks = in_timeline || focused.is_none();
    let mut focus_move = None;
    ctx.input_mut(|input| {
        for binding in keys::bindings() {
            let works = match binding.scope {
                Scope::Anywhere => true,
                Scope::NotTyping => !typing,
                Scope::Timeline => !typing && walks,
                Scope::Story => !typing && frame.state.story.is_some(),
            };
            if !works {
                continue;
            }
            match binding.action {
                Action::Send(command) => {
                    if input.consume_key(binding.modifiers, binding.key) {
                        out.push(command(frame));
                    }
                }
                // Otherwise the menu, window or text field takes it.
                Action::Escape => {
                    if escape == EscapeTarget::Selection
                        && input.consume_key(binding.modifiers, binding.key)
                    {
                        // Story mode is left where the view is.
                        out.push(if frame.state.story.is_some() {
                            Command::LeaveStory
                        } else {
                            Command::Select(None)
                        });
                    }
                }
                // The menu bar's.
                Action::OpenMenu(_) => {}
            }
        }
        // The mouse's back and forward buttons, as in a web browser.
        if input.pointer.button_pressed(egui::PointerButton::Extra1) {
            out.push(Command::Back);
        }
        if input.pointer.button_pressed(egui::PointerButton::Extra2) {
            out.push(Command::Forward);
        }
        if typing {
            return;
        }
        // Shift+Tab first: a plain Tab check also matches with Shift held.
        for (modifiers, forward) in [(Modifiers::SHIFT, false), (Modifiers::NONE, true)] {
            if !(walks && input.consume_key(modifiers, Key::Tab)) {
                continue;
            }
            match frame.state.walk(frame.index(), forward, false) {
                Some(event) => {
                    out.push(Command::WalkTo(event));
                    out.reported.focus_selected = true;
                    focus_move = Some(egui::FocusDirection::None);
                }
                // Past the first or last event: on to the rest of the window.
                None if in_timeline => {
                    focus_move = Some(if forward {
                        egui::FocusDirection::Next
                    } else {
                        egui::FocusDirection::Previous
                    });
                }
                None => {}
            }
        }
        for (key, forward) in [(Key::K, false), (Key::J, true)] {
            if input.consume_key(Modifiers::NONE, key) {
                out.push(Command::NextMatch { forward });
                out.reported.focus_selected |= in_timeline;
            }
        }
    });
    if let Some(direction) = focus_move {
        // egui has already taken Tab to move keyboard focus where nothing
        // had it (cancel that: Tab walked the events), and not where an
        // event holds the Tab key (move it on past the last event).
        ctx.memory_mut(|memory| memory.move_focus(direction));
    }
}
