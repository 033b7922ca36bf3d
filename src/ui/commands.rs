//! Commands: every change the UI asks for, applied in one place after all
//! panels have run ([`TimelineApp::apply`]), so tests replay the same
//! commands and every view change goes through the same clamping and
//! animation.
//!
//! A command names events by [`EventIndex`]; one that names an event the
//! current session does not have (queued before a dataset was swapped in,
//! say) is dropped.
//!
//! Whatever selects an event leaves it drawn and on screen: its lane is
//! shown and expanded, the view moves to it when it is out of view, the
//! lanes scroll to it once it is drawn, and the layout draws it with its
//! label ([`crate::view::LayoutCache::update_selected`]).

use std::path::PathBuf;

use eframe::egui;

use super::TimelineApp;
use super::dataset_windows::DatasetRequest;
use super::session::Session;
use super::settings::{ChartPlacement, InterfaceZoom, SideTab, ThemeChoice};
use crate::load::ImportOptions;
use crate::model::EventIndex;
use crate::view::{MoveKind, TimeView};
use crate::view::{Span, is_marker};

/// A change to the app's state, produced by the UI and applied after it.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show this range now.
    SetView(TimeView),
    /// Show this range now, keeping this time fixed if a zoom limit applies.
    SetViewAbout(TimeView, f64),
    /// Move to this range with a short animation, as an adjustment of the
    /// place shown (a label brought into view): no entry in the history.
    AnimateTo(TimeView),
    /// A move a person would name (a span zoom, an overview jump, a date
    /// clicked in a table): to this range with a short animation, an
    /// entry in the history.
    GoTo(TimeView),
    /// A zoom or pan step from the keyboard: to this range with a short
    /// animation; steps in quick succession are one entry in the history.
    StepView(TimeView),
    /// Home: the data's span fitted to the timeline's width, with room for
    /// its end items.
    FitAll,
    /// The dataset's initial view.
    ResetView,
    /// The timeline is this many points wide: the view limits are fitted
    /// to it, and Home or the first view, unless moved since, with them.
    SetTimelineWidth(f32),
    /// Select; an event out of view is brought into view (animated).
    Select(Option<EventIndex>),
    /// Select an era (an index into `dataset.eras`), or none.
    SelectEra(Option<usize>),
    /// Select and centre in view (animated).
    SelectAndCenter(EventIndex),
    /// Walk to an event (Tab): as [`Command::SelectAndCenter`], but steps
    /// in quick succession are one entry in the history, as a gesture's.
    WalkTo(EventIndex),
    /// Back to the place the view was before (Alt+Left).
    Back,
    /// Forward again to the place Back left (Alt+Right).
    Forward,
    /// Zoom so the event fills most of the view.
    ZoomToEvent(EventIndex),
    ToggleCollapsed(usize),
    ToggleHidden(usize),
    /// Fold a layer (by position) to its header, or unfold it.
    ToggleLayerFolded(usize),
    /// Hide (or show) every lane of a layer (by position).
    SetLayerHidden(usize, bool),
    /// Move the layer of this key one place up or down.
    MoveLayer {
        key: u32,
        up: bool,
    },
    /// Remove the layer of this key.
    RemoveLayer(u32),
    SetTheme(ThemeChoice),
    /// Draw the whole interface this large.
    SetZoom(InterfaceZoom),
    /// Centre the timeline on a quote's date and select its first event.
    FocusQuote(usize),
    /// Show the side panel at this tab.
    SetSideTab(SideTab),
    SetSidePanelHidden(bool),
    /// When the figures chart is drawn under the timeline.
    SetChartPlacement(ChartPlacement),
    /// Search the events for this text (empty: no search).
    SetSearch(String),
    /// Select the next (or previous) event matching the search.
    NextMatch {
        forward: bool,
    },
    FocusSearch,
    /// File → Export image…
    OpenExportDialog,
    /// Render the visible view at the window's size to the clipboard.
    CopyViewImage,
    /// Open a dataset file or folder (replacing the open one if it loads).
    OpenPath(PathBuf),
    OpenBuiltIn,
    /// File → Open dataset…: the Open dataset window.
    ShowOpenDataset,
    /// Help → Keyboard shortcuts.
    ShowShortcuts,
    /// Help → User guide.
    ShowGuide,
    /// Help → About.
    ShowAbout,
    /// Help → Profiler: record the frames and show where their time goes.
    ShowProfiler,
    /// Go to a view (a position in the session's views): its range,
    /// eased, its lanes and its event.
    GoToView(usize),
    /// Save the view on screen as a new view with this title.
    SaveCurrentView(String),
    RenameView(usize, String),
    DeleteView(usize),
    /// Move a view one place up or down in the list (and the story).
    MoveView {
        view: usize,
        up: bool,
    },
    /// Views → Manage views…: the Views window.
    ShowViews,
    /// Views → Save views: write them to the dataset folder's views.ron.
    WriteViews,
    /// The Views window's Revert: the views as the dataset's files have
    /// them, the app's changes dropped.
    RevertViews,
    /// Story mode, from this slide (F5: the first).
    Present(usize),
    /// In story mode: to this slide.
    StorySlide(usize),
    /// Leave story mode where the view is.
    LeaveStory,
    Quit,
}

impl TimelineApp {
    /// Queues a command, applied at the end of the frame.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Applies queued commands. `now` is the input time, for animations.
    pub(crate) fn apply(&mut self, ctx: &egui::Context, now: f64) {
        let pending = std::mem::take(&mut self.commands);
        if !pending.is_empty() {
            // Show the new state at once.
            ctx.request_repaint();
        }
        // A label's nudge was worked out for the view on screen as the
        // frame began: moot once a named move this frame has gone elsewhere.
        let mut gone_elsewhere = false;
        for command in pending {
            if gone_elsewhere && matches!(command, Command::AnimateTo(_)) {
                continue;
            }
            let kind = command.move_kind();
            gone_elsewhere |= kind == Some(MoveKind::Named);
            let before = self.session.state.place();
            self.apply_one(ctx, command, now);
            if let Some(kind) = kind {
                let state = &mut self.session.state;
                let after = state.place();
                state.history.record(kind, before, after, now);
            }
        }
        // A slide just gone to: the history as it is on arriving.
        let state = &mut self.session.state;
        if let Some(story) = &mut state.story
            && story.arrived.is_none()
        {
            story.arrived = Some(state.history.changes());
        }
    }

    fn apply_one(&mut self, ctx: &egui::Context, command: Command, now: f64) {
        let session = &mut self.session;
        let index = &session.data.index;
        let state = &mut session.state;
        match command {
            Command::SetView(view) => state.view.set(view, None),
            Command::SetViewAbout(view, anchor) => state.view.set(view, Some(anchor)),
            Command::AnimateTo(view) | Command::GoTo(view) | Command::StepView(view) => {
                state.view.animate_to(view, now);
            }
            Command::FitAll => state.view.go_home(now),
            Command::ResetView => state.view.go_to_first(&session.data.dataset, now),
            Command::SetTimelineWidth(width) => session.fit_to_width(width),
            Command::Select(None) => {
                state.selected = None;
                state.selected_era = None;
            }
            Command::Select(Some(event)) => {
                let Some(span) = index.span(event) else {
                    return;
                };
                let view = state.view.target();
                if session.shows(event, span, view) {
                    session.select(event);
                } else {
                    self.apply_one(ctx, Command::SelectAndCenter(event), now);
                }
            }
            Command::SelectEra(era) => {
                if era.is_none_or(|era| era < session.data.dataset.eras.len()) {
                    state.selected_era = era;
                    if era.is_some() {
                        state.selected = None;
                    }
                }
            }
            Command::SelectAndCenter(event) | Command::WalkTo(event) => {
                let Some(span) = index.span(event) else {
                    return;
                };
                session.select(event);
                let state = &mut session.state;
                let middle = 0.5 * (span.start + span.end);
                let mut view = state.view.target().centered_on(middle);
                // Zoom out if the event is wider than the view.
                if span.end - span.start > view.span() * 0.9 {
                    view = TimeView::new(span.start, span.end).zoomed_about(middle, 1.25);
                }
                state.view.animate_to(view, now);
            }
            Command::ZoomToEvent(event) => {
                let Some(span) = index.span(event) else {
                    return;
                };
                session.select(event);
                let state = &mut session.state;
                // The event fills about a third of the view: context on both
                // sides; a minute's event, the closest view.
                let closest = state.view.limits().min_span;
                let length = (span.end - span.start).max(closest / 3.0);
                let center = 0.5 * (span.start + span.end);
                let view = TimeView::new(center - 1.5 * length, center + 1.5 * length);
                state.view.animate_to(view, now);
            }
            Command::Back | Command::Forward => {
                let current = state.place();
                let place = if command == Command::Back {
                    state.history.back(current)
                } else {
                    state.history.forward(current)
                };
                if let Some(place) = place {
                    session.show_place(&place, now);
                }
            }
            Command::ToggleCollapsed(lane) => {
                if let Some(flag) = state.lanes.collapsed.get_mut(lane) {
                    *flag = !*flag;
                }
            }
            Command::ToggleHidden(lane) => {
                if let Some(flag) = state.lanes.hidden.get_mut(lane) {
                    *flag = !*flag;
                }
            }
            Command::ToggleLayerFolded(layer) => {
                if let Some(flag) = state.layers_folded.get_mut(layer) {
                    *flag = !*flag;
                }
            }
            Command::SetLayerHidden(layer, hidden) => {
                if let Some(layer) = session.data.layers.get(layer) {
                    let lanes = layer.lanes.clone();
                    for flag in state.lanes.hidden.get_mut(lanes).into_iter().flatten() {
                        *flag = hidden;
                    }
                }
            }
            Command::MoveLayer { key, up } => {
                self.change_layers(ctx, super::layers::LayerChange::Move { key, up });
            }
            Command::RemoveLayer(key) => {
                if key != 0 {
                    self.change_layers(ctx, super::layers::LayerChange::Remove(key));
                }
            }
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                self.apply_theme(ctx);
            }
            Command::SetZoom(zoom) => {
                self.settings.zoom = zoom;
                self.apply_theme(ctx);
            }
            Command::SetSearch(query) => {
                state.search.set_query(&query);
                session.panels.toolbar.search_text = query;
            }
            Command::NextMatch { forward } => {
                if let Some(event) = state.next_match(index, forward) {
                    self.apply_one(ctx, Command::SelectAndCenter(event), now);
                }
            }
            Command::FocusSearch => session.panels.toolbar.focus_requested = true,
            Command::SetSideTab(tab) => {
                self.settings.side_tab = tab;
                self.settings.side_panel_hidden = false;
            }
            Command::SetSidePanelHidden(hidden) => self.settings.side_panel_hidden = hidden,
            Command::SetChartPlacement(placement) => self.settings.chart = placement,
            Command::FocusQuote(quote_index) => {
                let Some(quote) = session.data.dataset.quotes.get(quote_index) else {
                    return;
                };
                let date = 0.5 * (quote.date.start_instant() + quote.date.end_instant());
                let target = state.view.target().centered_on(date);
                let event = session.data.links.events_of(quote_index).first().copied();
                match event.and_then(|event| Some((event, index.span(event)?))) {
                    // The quote's event is drawn too: centred on instead when
                    // the quote's date is too far from it.
                    Some((event, span)) if !session.shows(event, span, target) => {
                        self.apply_one(ctx, Command::SelectAndCenter(event), now);
                    }
                    selected => {
                        if let Some((event, _)) = selected {
                            session.select(event);
                        }
                        session.state.view.animate_to(target, now);
                    }
                }
            }
            Command::OpenExportDialog => {
                let view = state.view.target();
                self.export.open_at(view);
            }
            Command::OpenPath(path) => {
                self.dataset_request(ctx, DatasetRequest::Open(path, ImportOptions::default()));
            }
            Command::OpenBuiltIn => self.dataset_request(ctx, DatasetRequest::OpenBuiltIn),
            Command::ShowOpenDataset => self.show_open_window(),
            Command::ShowShortcuts => self.windows.shortcuts = true,
            Command::ShowGuide => self.windows.guide = true,
            Command::ShowAbout => self.windows.about = true,
            Command::ShowProfiler => self.start_profiler(),
            Command::CopyViewImage => {
                let cx = self.export_context();
                self.export
                    .copy_view_image(&cx, ctx, ctx.content_rect().size());
            }
            Command::GoToView(_)
            | Command::SaveCurrentView(_)
            | Command::RenameView(..)
            | Command::DeleteView(_)
            | Command::MoveView { .. }
            | Command::ShowViews
            | Command::WriteViews
            | Command::RevertViews
            | Command::Present(_)
            | Command::StorySlide(_)
            | Command::LeaveStory => self.apply_views(ctx, command, now),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }
}

impl Command {
    /// How the command enters the history, when it moves the view.
    fn move_kind(&self) -> Option<MoveKind> {
        match self {
            Self::GoTo(_)
            | Self::FitAll
            | Self::ResetView
            | Self::Select(Some(_))
            | Self::SelectAndCenter(_)
            | Self::ZoomToEvent(_)
            | Self::FocusQuote(_)
            | Self::NextMatch { .. }
            | Self::GoToView(_)
            | Self::Present(_)
            | Self::StorySlide(_) => Some(MoveKind::Named),
            Self::SetView(_) | Self::SetViewAbout(..) | Self::StepView(_) | Self::WalkTo(_) => {
                Some(MoveKind::Gesture)
            }
            _ => None,
        }
    }
}

impl Session {
    /// Whether `view` shows an event whose span is `span`: a marker's
    /// centre is inside it, or a bar overlaps it.
    fn shows(&self, event: EventIndex, span: Span, view: TimeView) -> bool {
        if is_marker(&self.data.dataset, event.as_u32()) {
            view.contains(0.5 * (span.start + span.end))
        } else {
            span.start < view.end && span.end.max(span.start) > view.start
        }
    }

    /// Selects an event of this session and has it drawn: its lane shown
    /// and expanded, the lanes scrolled to it once it is drawn.
    pub(super) fn select(&mut self, event: EventIndex) {
        self.state.selected = Some(event);
        // An event and an era are never both selected.
        self.state.selected_era = None;
        self.panels.timeline.reveal_selected = true;
        self.panels.timeline.keep_range = false;
        let lane = self.data.index.lane_of_event.get(event.get());
        let lanes = &mut self.state.lanes;
        if let Some(&lane) = lane {
            for flags in [&mut lanes.collapsed, &mut lanes.hidden] {
                if let Some(flag) = flags.get_mut(lane as usize) {
                    *flag = false;
                }
            }
            // Its layer unfolds too.
            let layer = self.data.layers.of_lane(lane as usize);
            if let Some(folded) = layer.and_then(|at| self.state.layers_folded.get_mut(at)) {
                *folded = false;
            }
        }
    }
}
