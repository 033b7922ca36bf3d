//! Saved views and story mode.
//!
//! The first dataset's views (the format's `views`) are the session's
//! [`Views`]. The Views menu goes to them (eased, one entry in the
//! history); the Views window saves the view on screen as a new one and
//! renames, reorders and deletes them; story mode (F5, View → Present)
//! presents them one after another as slides, full window, each slide's
//! text and quotes set large beside the timeline, which stays live.
//!
//! Changes are the app's until written. Views → Save views writes
//! `views.ron` into a dataset folder, all or nothing: the one file the app
//! ever writes there, never its hand-written files. Any other dataset's
//! views (a single file, an import, the built-in one), and changes not
//! written when the app closes, are kept in the settings for the next run;
//! Save dataset as… writes them out with the rest.

use std::path::PathBuf;

use eframe::egui;

use super::TimelineApp;
use super::commands::Command;
use super::dialogs::{FocusRequest, dialog_window};
use super::frame::{FrameContext, FrameOutput};
use super::notices::{Notice, NoticeAction};
use super::session::{Selection, Session};
use crate::jobs::Job;
use crate::load::Origin;
use crate::model::{Dataset, Layers, Precision, SavedView, span_dates};
use crate::render::theme::ui::story as style;
use crate::view::{Place, ShownView, new_view_id, show_saved};

/// The first dataset's views as the app shows them.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Views {
    pub list: Vec<SavedView>,
    /// Changed in the app since its files' views were read or written.
    pub changed: bool,
}

impl Views {
    /// The views of the first dataset opened (the layer of key 0), as its
    /// files have them.
    pub(crate) fn of_dataset(dataset: &Dataset, layers: &Layers) -> Self {
        Self {
            list: dataset
                .views
                .get(crate::view::first_views(dataset, layers))
                .unwrap_or_default()
                .to_vec(),
            changed: false,
        }
    }
}

/// A title as typed, made a title a dataset may hold: trimmed, without
/// control characters (a pasted line break or escape would not load).
fn one_line(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Story mode: the slide on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Story {
    pub slide: usize,
    /// The window was full screen before the story: it stays so after.
    pub was_fullscreen: bool,
    /// The history's count of changes once the slide was arrived at
    /// ([`crate::view::History::changes`]): a change since is the reader
    /// moving away from the slide. `None` until the move to it is noted.
    pub arrived: Option<u64>,
}

/// Story mode's panel state: the slide as the dataset shows it, found
/// when the slide changes, not every frame (its quotes are looked up
/// among all of the dataset's).
#[derive(Debug, Default)]
pub(crate) struct StoryPanel {
    shown: Option<(SavedView, ShownView)>,
}

impl StoryPanel {
    /// `view` as the dataset shows it.
    fn shown(&mut self, frame: &FrameContext<'_>, view: &SavedView) -> &ShownView {
        if self
            .shown
            .as_ref()
            .is_some_and(|(cached, _)| cached != view)
        {
            self.shown = None;
        }
        let (_, shown) = self.shown.get_or_insert_with(|| {
            let layers = &frame.data.layers;
            let shown = show_saved(frame.dataset(), layers, view, layers.position_of_key(0));
            (view.clone(), shown)
        });
        shown
    }
}

/// The Views window and the writing of `views.ron`.
#[derive(Default)]
pub(super) struct ViewsWindow {
    pub open: bool,
    /// The name typed for the view on screen.
    name: String,
    focus: FocusRequest,
    /// The view being renamed and the name typed so far.
    renaming: Option<(usize, String)>,
    /// The rename field asks for the keyboard when it opens.
    rename_focus: FocusRequest,
    /// `views.ron` being written.
    writing: Option<Writing>,
}

/// A write of `views.ron` under way.
struct Writing {
    path: PathBuf,
    /// The dataset's name among the kept views.
    key: String,
    /// The views as they were when Save views was asked for.
    asked: Vec<SavedView>,
    job: Job<std::io::Result<ViewsWrite>>,
}

/// What a write of `views.ron` did.
enum ViewsWrite {
    /// Written: these views, with this many names left out.
    Written {
        views: Vec<SavedView>,
        dropped: usize,
    },
    /// Refused: the dataset writes its views in its dataset.ron.
    Inline,
}

impl ViewsWindow {
    /// Opens the window with the name field focused.
    pub(super) fn show(&mut self) {
        self.open = true;
        self.focus.ask();
    }
}

/// The name of the settings' entry for a dataset's kept views.
pub(super) fn kept_views_key(origin: &Origin) -> String {
    match super::loading::origin_path(origin) {
        None => crate::load::BUILTIN_NAME.to_owned(),
        Some(path) => std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_owned())
            .display()
            .to_string(),
    }
}

impl Session {
    /// Goes to the session's view at `view`: its range (eased), its lanes,
    /// its event selected. Whether there is such a view.
    pub(super) fn go_to_view(&mut self, view: usize, now: f64) -> bool {
        let Some(saved) = self.state.views.list.get(view) else {
            return false;
        };
        let layers = &self.data.layers;
        let shown = show_saved(&self.data.dataset, layers, saved, layers.position_of_key(0));
        let flags = &mut self.state.lanes.hidden;
        for lane in shown.layer_lanes.clone() {
            if let (Some(flag), Some(&hide)) = (flags.get_mut(lane), shown.hidden_lanes.get(lane)) {
                *flag = hide;
            }
        }
        let selection = shown.selected.map_or(Selection::Nothing, Selection::Event);
        self.show_place(
            &Place {
                view: shown.range,
                selection,
            },
            now,
        );
        // The view's frame is its author's: kept as it is, not moved to
        // bring its event's label whole into view.
        self.panels.timeline.keep_range = true;
        true
    }

    /// The view on screen as a new view titled `title`: its range to the
    /// precision an export names it by (days, minutes for a short range,
    /// years for millennia), the first dataset's
    /// selected event, and its lanes when some of them are hidden.
    fn current_view(&self, title: &str) -> Option<SavedView> {
        let dataset = self.dataset();
        let layers = &self.data.layers;
        let state = &self.state;
        let range = state.view.target();
        let (start, end) = span_dates(range.start, range.end, Precision::for_range(range.span()))?;
        let first = layers.position_of_key(0);
        let lanes = first
            .and_then(|at| layers.get(at))
            .map_or(0..dataset.lanes.len(), |layer| layer.lanes.clone());
        let select = state
            .selected
            .filter(|&event| first.is_none() || layers.of_event(event) == first)
            .and_then(|event| dataset.event_at(event))
            .map(|event| event.id.to_string());
        let hidden = |lane: usize| state.lanes.hidden.get(lane).copied().unwrap_or(false);
        let shown_lanes: Vec<String> = lanes
            .clone()
            .filter(|&lane| !hidden(lane))
            .filter_map(|lane| dataset.lanes.get(lane))
            .map(|lane| lane.id.clone())
            .collect();
        let some_hidden = lanes.clone().any(hidden);
        let title = match one_line(title).as_str() {
            "" => format!("View {}", state.views.list.len() + 1),
            title => title.to_owned(),
        };
        Some(SavedView {
            id: new_view_id(&state.views.list, &title),
            title,
            start,
            end,
            select,
            lanes: if some_hidden { shown_lanes } else { Vec::new() },
            text: None,
            quotes: Vec::new(),
        })
    }
}

impl TimelineApp {
    /// Applies a command of the views and of story mode.
    pub(super) fn apply_views(&mut self, ctx: &egui::Context, command: Command, now: f64) {
        let changes = matches!(
            command,
            Command::SaveCurrentView(_)
                | Command::RenameView(..)
                | Command::DeleteView(_)
                | Command::MoveView { .. }
                | Command::RevertViews
        );
        // A story goes on at the view it shows, wherever the list moves it.
        let on_slide = self
            .session
            .state
            .story
            .and_then(|story| self.session.state.views.list.get(story.slide))
            .map(|view| view.id.clone());
        self.apply_view_command(ctx, command, now);
        if changes {
            self.follow_slide(on_slide, now);
            // Kept in the settings as they change, for the next run.
            self.keep_views();
        }
    }

    /// After the list changed in a story: the slide is the view `on_slide`
    /// (by id) wherever it is now; if it is gone, the slide at its place
    /// is gone to (and past the end, the story ends on the next frame).
    fn follow_slide(&mut self, on_slide: Option<String>, now: f64) {
        let session = &mut self.session;
        let (Some(story), Some(id)) = (&mut session.state.story, on_slide) else {
            return;
        };
        match session
            .state
            .views
            .list
            .iter()
            .position(|view| view.id == id)
        {
            Some(at) => story.slide = at,
            None => {
                let slide = story.slide;
                session.go_to_view(slide, now);
            }
        }
    }

    fn apply_view_command(&mut self, ctx: &egui::Context, command: Command, now: f64) {
        let session = &mut self.session;
        let views = &mut session.state.views;
        match command {
            Command::GoToView(view) => {
                session.go_to_view(view, now);
            }
            Command::SaveCurrentView(title) => {
                if let Some(view) = session.current_view(&title) {
                    let views = &mut session.state.views;
                    views.list.push(view);
                    views.changed = true;
                }
            }
            Command::RenameView(view, title) => {
                let title = one_line(&title);
                if let Some(saved) = views.list.get_mut(view)
                    && !title.is_empty()
                    && saved.title != title
                {
                    saved.title = title;
                    views.changed = true;
                }
            }
            Command::DeleteView(view) if view < views.list.len() => {
                views.list.remove(view);
                views.changed = true;
            }
            Command::MoveView { view, up } => {
                let other = if up {
                    view.checked_sub(1)
                } else {
                    view.checked_add(1)
                };
                if let Some(other) = other.filter(|&other| other < views.list.len())
                    && view < views.list.len()
                {
                    views.list.swap(view, other);
                    views.changed = true;
                }
            }
            Command::ShowViews => self.views_window.show(),
            Command::RevertViews => {
                // A story whose slide is gone ends on the next frame, the
                // window restored (`story_panels_ui`).
                session.state.views =
                    Views::of_dataset(&session.data.dataset, &session.data.layers);
            }
            Command::WriteViews => self.write_views(ctx),
            Command::Present(slide) => {
                if views.list.is_empty() {
                    self.notices.post(Notice::info(
                        "This dataset has no views to present yet: the Views menu's Save current \
                         view… names the place on screen, or write them in its views.ron.",
                    ));
                    return;
                }
                let slide = slide.min(views.list.len() - 1);
                // Presenting again keeps what the window was before.
                let was_fullscreen = match session.state.story {
                    Some(story) => story.was_fullscreen,
                    None => ctx.input(|i| i.viewport().fullscreen.unwrap_or(false)),
                };
                session.state.story = Some(Story {
                    slide,
                    was_fullscreen,
                    arrived: None,
                });
                if !was_fullscreen {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                }
                // The slides, not the window that started them.
                self.views_window.open = false;
                session.go_to_view(slide, now);
            }
            Command::StorySlide(slide) => {
                let last = views.list.len().checked_sub(1);
                if let (Some(story), Some(last)) = (&mut session.state.story, last) {
                    story.slide = slide.min(last);
                    story.arrived = None;
                    let slide = story.slide;
                    session.go_to_view(slide, now);
                }
            }
            Command::LeaveStory => {
                if let Some(story) = session.state.story.take()
                    && !story.was_fullscreen
                {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
                }
            }
            _ => {}
        }
    }

    /// Views → Save views: `views.ron` written into the dataset's folder,
    /// off the UI thread, with only what the dataset has (a view saved
    /// before its files changed may name what they no longer have); any
    /// other dataset's views stay in the app.
    fn write_views(&mut self, ctx: &egui::Context) {
        if self.views_window.writing.is_some() {
            return;
        }
        let Origin::Folder(folder) = self.loading.origin() else {
            self.notices.post(Notice::info(
                "This dataset is not a dataset folder, so its views are kept in the app for \
                 the next run. The File menu's Save dataset as… writes them, with the rest, \
                 into a folder of its own.",
            ));
            return;
        };
        let folder = folder.clone();
        let path = folder.join("views.ron");
        let asked = self.session.state.views.list.clone();
        let list = asked.clone();
        let dataset = std::sync::Arc::clone(&self.session.data.dataset);
        let layers = std::sync::Arc::clone(&self.session.data.layers);
        let target = path.clone();
        let job = Job::spawn("views-save", ctx, move |_| {
            // A views.ron beside views written in dataset.ron would be the
            // section written twice: the folder would not load.
            if !target.exists() && crate::load::writes_views_inline(&folder) {
                return Ok(ViewsWrite::Inline);
            }
            let (views, dropped) = crate::view::views_within(&dataset, &layers, &list);
            let text = crate::load::to_views_ron(&views).map_err(std::io::Error::other)?;
            crate::replace::replace_file(&target, |file| {
                std::io::Write::write_all(file, text.as_bytes())
            })?;
            Ok(ViewsWrite::Written { views, dropped })
        });
        let key = kept_views_key(self.loading.origin());
        self.views_window.writing = Some(Writing {
            path,
            key,
            asked,
            job,
        });
    }

    /// A finished write of `views.ron`: the views are the files' again.
    pub(super) fn poll_views_write(&mut self) {
        let Some(writing) = &mut self.views_window.writing else {
            return;
        };
        let Some(result) = writing.job.poll() else {
            return;
        };
        let Some(Writing {
            path, key, asked, ..
        }) = self.views_window.writing.take()
        else {
            return;
        };
        let notice = match result {
            Ok(Ok(ViewsWrite::Written { views, dropped })) => {
                let count = crate::model::counted(views.len(), "view", "views");
                // Unless they were changed again while written.
                let shown = &mut self.session.state.views;
                if shown.list == asked && key == kept_views_key(self.loading.origin()) {
                    shown.list.clone_from(&views);
                    shown.changed = false;
                }
                self.settings.kept_views.retain(|kept| kept.dataset != key);
                let left_out = if dropped > 0 {
                    format!(
                        " ({} to what the dataset no longer has left out)",
                        crate::model::counted(dropped, "name", "names")
                    )
                } else {
                    String::new()
                };
                Notice::info(format!("Saved {count}: {}{left_out}", path.display())).with_action(
                    NoticeAction::OpenFolder(crate::replace::parent_folder(&path)),
                )
            }
            Ok(Ok(ViewsWrite::Inline)) => Notice::warning(
                "This dataset's views are written in its dataset.ron, and the app writes only \
                 views.ron: move them into a views.ron of their own to save views from the \
                 app. Until then they are kept in the app.",
            ),
            Ok(Err(error)) => Notice::error(format!(
                "Could not save the views to {}: {error}. They are kept in the app.",
                path.display()
            )),
            Err(_) => Notice::error("Could not save the views: the writer stopped"),
        };
        self.notices.post(notice);
    }

    /// The kept views of the open dataset, from the settings, in place of
    /// its files' (they are changes not yet written).
    pub(super) fn restore_kept_views(&mut self) {
        let key = kept_views_key(self.loading.origin());
        if let Some(kept) = self.settings.kept_views.iter().find(|k| k.dataset == key) {
            let views = &mut self.session.state.views;
            if views.list != kept.views {
                views.list.clone_from(&kept.views);
                views.changed = true;
            }
        }
    }

    /// Keeps the open dataset's changed views in the settings (or forgets
    /// them once they are the files' again).
    pub(super) fn keep_views(&mut self) {
        let key = kept_views_key(self.loading.origin());
        self.settings.kept_views.retain(|kept| kept.dataset != key);
        let views = &self.session.state.views;
        if views.changed {
            self.settings.kept_views.insert(
                0,
                super::settings::KeptViews {
                    dataset: key,
                    views: views.list.clone(),
                },
            );
            self.settings
                .kept_views
                .truncate(super::settings::KEPT_VIEWS_LIMIT);
        }
    }

    /// The Views window.
    pub(super) fn views_window_ui(&mut self, ctx: &egui::Context) {
        self.poll_views_write();
        if !self.views_window.open {
            return;
        }
        let mut open = true;
        let mut commands = Vec::new();
        let window = &mut self.views_window;
        let views = &self.session.state.views;
        let folder = matches!(self.loading.origin(), Origin::Folder(_));
        let writing = window.writing.is_some();
        let shown = dialog_window(ctx, "Views")
            .open(&mut open)
            .resizable(true)
            .default_width(style::WINDOW_WIDTH)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("Name");
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut window.name)
                                .hint_text("the view on screen")
                                .desired_width(style::NAME_WIDTH),
                        )
                        .labelled_by(label.id);
                    window.focus.apply(&field);
                    let entered =
                        field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if ui.button("Save current view").clicked() || entered {
                        commands.push(Command::SaveCurrentView(std::mem::take(&mut window.name)));
                    }
                });
                ui.separator();
                if views.list.is_empty() {
                    ui.weak("No views yet: name the view on screen and save it.");
                }
                let count = views.list.len();
                // Only the rows in sight are drawn: an import's story may
                // have a thousand views.
                let row_height = ui.spacing().interact_size.y;
                egui::ScrollArea::vertical()
                    .max_height(style::LIST_HEIGHT)
                    .show_rows(ui, row_height, count, |ui, rows| {
                        for at in rows {
                            if let Some(view) = views.list.get(at) {
                                let row = Row { at, count, view };
                                ui.horizontal(|ui| row.ui(ui, window, &mut commands));
                            }
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    let present = egui::Button::new("Present")
                        .shortcut_text(super::keys::PRESENT.bindings[0].text(ui.ctx()));
                    if ui.add_enabled(count > 0, present).clicked() {
                        commands.push(Command::Present(0));
                    }
                    let revert = ui
                        .add_enabled(views.changed, egui::Button::new("Revert"))
                        .on_hover_text("The views as the dataset's files have them");
                    if revert.clicked() {
                        commands.push(Command::RevertViews);
                    }
                    if folder {
                        let save = egui::Button::new("Save views");
                        if ui
                            .add_enabled(views.changed && !writing, save)
                            .on_hover_text("Write them to views.ron in the dataset's folder")
                            .clicked()
                        {
                            commands.push(Command::WriteViews);
                        }
                    }
                });
                if views.changed {
                    ui.weak(if folder {
                        "Changed: kept in the app until Save views writes them to views.ron."
                    } else {
                        "Kept in the app for the next run; the File menu's Save dataset as… \
                         writes them with the rest."
                    });
                }
            });
        if let Some(shown) = &shown
            && super::keys::escape_closes(ctx, shown.response.layer_id)
        {
            open = false;
        }
        self.views_window.open = open;
        self.commands.extend(commands);
    }
}

/// One view in the Views window, a row of its grid.
struct Row<'v> {
    at: usize,
    count: usize,
    view: &'v SavedView,
}

impl Row<'_> {
    /// The view, to go to it (or the field renaming it), then Rename, Up,
    /// Down and Delete.
    fn ui(&self, ui: &mut egui::Ui, window: &mut ViewsWindow, commands: &mut Vec<Command>) {
        let Self { at, count, view } = *self;
        match &mut window.renaming {
            Some((view_at, typed)) if *view_at == at => {
                let field = ui.add(
                    egui::TextEdit::singleline(typed)
                        .desired_width(style::TITLE_WIDTH)
                        .id_salt(("rename-view", at)),
                );
                let name = format!("New name for {}", view.title);
                ui.ctx()
                    .accesskit_node_builder(field.id, |node| node.set_label(name));
                if field.lost_focus() {
                    if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        commands.push(Command::RenameView(at, typed.clone()));
                    }
                    window.renaming = None;
                } else {
                    window.rename_focus.apply(&field);
                }
            }
            _ => {
                let label = format!("{}. {}", at + 1, view.title);
                let range = crate::model::format_range(view.start, Some(view.end), false);
                // One width for every title, cut short where longer: the
                // rows' buttons line up.
                let button = egui::Button::new(label).truncate();
                if ui
                    .add_sized([style::TITLE_WIDTH, ui.spacing().interact_size.y], button)
                    .on_hover_text(format!("{}: go to {range}", view.title))
                    .clicked()
                {
                    commands.push(Command::GoToView(at));
                }
            }
        }
        ui.horizontal(|ui| {
            if ui
                .small_button("Rename")
                .on_hover_text(format!("Rename {}", view.title))
                .clicked()
            {
                window.renaming = Some((at, view.title.clone()));
                window.rename_focus.ask();
            }
            let up = ui.add_enabled(at > 0, egui::Button::new("Up").small());
            if up
                .on_hover_text(format!("Move {} up", view.title))
                .clicked()
            {
                commands.push(Command::MoveView { view: at, up: true });
            }
            let down = ui.add_enabled(at + 1 < count, egui::Button::new("Down").small());
            if down
                .on_hover_text(format!("Move {} down", view.title))
                .clicked()
            {
                commands.push(Command::MoveView {
                    view: at,
                    up: false,
                });
            }
            if ui
                .small_button("Delete")
                .on_hover_text(format!("Delete {}", view.title))
                .clicked()
            {
                commands.push(Command::DeleteView(at));
            }
        });
    }
}

/// The Views menu: present, each view, save the one on screen, manage.
pub(super) fn views_menu_ui(ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
    let views = &frame.state.views;
    let present =
        egui::Button::new("Present").shortcut_text(super::keys::PRESENT.bindings[0].text(ui.ctx()));
    if ui.add_enabled(!views.list.is_empty(), present).clicked() {
        out.push(Command::Present(0));
    }
    ui.separator();
    for (at, view) in views.list.iter().enumerate().take(style::MENU_VIEWS) {
        if ui.button(format!("{}. {}", at + 1, view.title)).clicked() {
            out.push(Command::GoToView(at));
        }
    }
    if views.list.len() > style::MENU_VIEWS {
        ui.weak(format!(
            "and {} more in the Views window",
            views.list.len() - style::MENU_VIEWS
        ));
    }
    if !views.list.is_empty() {
        ui.separator();
    }
    if ui.button("Save current view…").clicked() {
        out.push(Command::ShowViews);
    }
    if ui.button("Manage views…").clicked() {
        out.push(Command::ShowViews);
    }
    if ui
        .add_enabled(views.changed, egui::Button::new("Save views"))
        .clicked()
    {
        out.push(Command::WriteViews);
    }
}

/// Story mode's panels: the progress strip along the bottom and the slide
/// beside the timeline (which the caller draws in what is left).
pub(super) fn story_panels_ui(
    ui: &mut egui::Ui,
    frame: &FrameContext<'_>,
    story: Story,
    panel: &mut StoryPanel,
    out: &mut FrameOutput,
) {
    let views = &frame.state.views.list;
    let Some(view) = views.get(story.slide) else {
        out.push(Command::LeaveStory);
        return;
    };
    let shown = panel.shown(frame, view);
    // Moved away by the reader: the view (not by arriving), or the
    // selection.
    let changes = frame.state.history.changes();
    let moved = story.arrived.is_some_and(|arrived| arrived != changes)
        || frame.selected() != shown.selected;
    egui::Panel::bottom("story-strip").show(ui, |ui| {
        strip_ui(ui, story.slide, moved, views, out);
    });
    let width = (ui.available_width() * style::PANEL_SHARE)
        .clamp(*style::PANEL_WIDTH.start(), *style::PANEL_WIDTH.end());
    egui::Panel::right("story-slide")
        .resizable(false)
        .exact_size(width)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let slide = Slide {
                        number: story.slide,
                        count: views.len(),
                        view,
                        shown,
                    };
                    slide.ui(ui, frame, out);
                });
        });
}

/// Previous and Next, Back to the slide once the reader has moved away
/// from it, the slides as a strip (click one to go to it), and Leave.
fn strip_ui(
    ui: &mut egui::Ui,
    slide: usize,
    moved: bool,
    views: &[SavedView],
    out: &mut FrameOutput,
) {
    let count = views.len();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(slide > 0, egui::Button::new("\u{2039} Previous"))
            .clicked()
        {
            out.push(Command::StorySlide(slide - 1));
        }
        if ui
            .add_enabled(slide + 1 < count, egui::Button::new("Next \u{203a}"))
            .clicked()
        {
            out.push(Command::StorySlide(slide + 1));
        }
        if moved && ui.button("Back to the slide").clicked() {
            out.push(Command::StorySlide(slide));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let leave =
                egui::Button::new("Leave the story").shortcut_text(super::keys::ESCAPE.keys);
            if ui.add(leave).clicked() {
                out.push(Command::LeaveStory);
            }
            progress_ui(ui, slide, views, out);
        });
    });
}

/// The slides as segments of a strip, the one on screen lit; a click goes
/// to the slide under it, a hover names it. As wide as the room left.
fn progress_ui(ui: &mut egui::Ui, slide: usize, views: &[SavedView], out: &mut FrameOutput) {
    let count = views.len().max(1);
    let size = egui::vec2(ui.available_width(), style::STRIP_HEIGHT);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    let title = views.get(slide).map_or("", |view| view.title.as_str());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::ProgressIndicator,
            true,
            format!("Slide {} of {}: {title}", slide + 1, views.len()),
        )
    });
    let segment = rect.width() / count as f32;
    // Left of the strip is the first slide (a cast saturates at 0).
    let at = |x: f32| (((x - rect.left()) / segment) as usize).min(count - 1);
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let lit = visuals.selection.bg_fill;
    let other = visuals
        .text_color()
        .gamma_multiply(style::OTHER_SEGMENT_OPACITY);
    // A thousand slides are a thousand thin segments, or a bar where
    // they are thinner than their gaps.
    let gap = if segment > 2.0 * style::SEGMENT_GAP {
        style::SEGMENT_GAP
    } else {
        0.0
    };
    let piece = |index: usize, width: f32| {
        let left = rect.left() + index as f32 * segment;
        egui::Rect::from_min_max(
            egui::pos2(left, rect.top()),
            egui::pos2(left + width, rect.bottom()),
        )
    };
    if gap > 0.0 {
        for index in 0..count {
            let fill = if index == slide { lit } else { other };
            painter.rect_filled(
                piece(index, segment - gap),
                style::SEGMENT_CORNER_RADIUS,
                fill,
            );
        }
    } else {
        // Too many to tell apart: one bar, the slide on screen lit in it,
        // never thinner than a gap.
        painter.rect_filled(rect, style::SEGMENT_CORNER_RADIUS, other);
        let lit_piece = piece(slide, segment.max(style::SEGMENT_GAP));
        painter.rect_filled(lit_piece, style::SEGMENT_CORNER_RADIUS, lit);
    }
    if let Some(pointer) = response.hover_pos() {
        let hovered = at(pointer.x);
        if let Some(view) = views.get(hovered) {
            response
                .clone()
                .on_hover_text_at_pointer(format!("{}. {}", hovered + 1, view.title));
        }
    }
    if response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
    {
        out.push(Command::StorySlide(at(pointer.x)));
    }
}

/// A slide as story mode sets it beside the timeline.
struct Slide<'s> {
    /// Its position in the story, from 0.
    number: usize,
    count: usize,
    view: &'s SavedView,
    shown: &'s ShownView,
}

impl Slide<'_> {
    /// Its number, title, text and quotes, set large; and the event the
    /// reader selected, when it is not the slide's.
    fn ui(&self, ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
        let Self {
            number,
            count,
            view,
            shown,
        } = *self;
        let dataset = frame.dataset();
        ui.add_space(style::GAP);
        ui.label(
            egui::RichText::new(format!("{} / {count}", number + 1))
                .size(style::COUNTER_SIZE)
                .weak(),
        );
        ui.add_space(style::GAP);
        ui.label(
            egui::RichText::new(&view.title)
                .size(style::TITLE_SIZE)
                .strong(),
        );
        ui.add_space(style::GAP);
        if let Some(text) = view.text.as_deref().filter(|text| !text.trim().is_empty()) {
            ui.label(egui::RichText::new(text.trim()).size(style::TEXT_SIZE));
        }
        for quote in shown.quotes.iter().filter_map(|&q| dataset.quotes.get(q)) {
            ui.add_space(style::GAP);
            ui.label(
                egui::RichText::new(format!("\u{201c}{}\u{201d}", quote.text.trim()))
                    .size(style::QUOTE_SIZE)
                    .italics(),
            );
            ui.label(
                egui::RichText::new(format!("\u{2014} {}", quote.attribution()))
                    .size(style::ATTRIBUTION_SIZE)
                    .weak(),
            );
            // Where and why it was said: a few words need it to be read right.
            if let Some(context) = quote.context.as_deref().filter(|c| !c.trim().is_empty()) {
                ui.label(
                    egui::RichText::new(context.trim())
                        .size(style::ATTRIBUTION_SIZE)
                        .weak(),
                );
            }
        }
        if frame.selected().is_some() && frame.selected() != shown.selected {
            ui.add_space(style::GAP);
            ui.separator();
            super::details::details_ui(ui, frame, out);
        }
    }
}
