//! What every panel reads and returns in a frame.
//!
//! Panels draw from a read-only [`FrameContext`]: the session's data and
//! state, the settings, and what the panels reported in the *previous*
//! frame ([`Reported`]). They return what happened in a [`FrameOutput`]:
//! commands, the hovered event or quote, the date under the pointer. The
//! app applies it after every panel has run, so no result depends on the
//! order the panels are drawn in.

use eframe::egui;

use super::Command;
use super::dataset_windows::DatasetRequest;
use super::session::{Derived, Links, SessionState};
use super::settings::Settings;
use crate::model::{Dataset, EventIndex};
use crate::render::DatasetColors;
use crate::render::timeline::ItemState;
use crate::view::{SelectionMarks, TimeView, TimelineIndex, ViewLimits};

/// What the panels reported last frame, for the others to show this frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Reported {
    /// The date under the pointer, when it is over the timeline, the
    /// overview or the chart.
    pub pointer_time: Option<f64>,
    /// The event under the pointer on the timeline.
    pub hovered: Option<EventIndex>,
    /// The quote card under the pointer: its events are highlighted.
    pub hovered_quote: Option<usize>,
    /// The timeline's event node with keyboard focus: Tab walks the events.
    pub timeline_focus: Option<egui::Id>,
    /// The keys moved the selection with focus in (or into) the timeline:
    /// focus goes to the selected event once it is drawn.
    pub focus_selected: bool,
}

/// What a panel did this frame. Panels only add to it.
#[derive(Debug, Default)]
pub(super) struct FrameOutput {
    pub commands: Vec<Command>,
    /// What the dataset menu and problems panel asked of the loading.
    pub dataset: Vec<DatasetRequest>,
    pub reported: Reported,
}

impl FrameOutput {
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Adds what another panel did this frame.
    pub(crate) fn absorb(&mut self, other: FrameOutput) {
        self.commands.extend(other.commands);
        self.dataset.extend(other.dataset);
        let (mine, theirs) = (&mut self.reported, other.reported);
        mine.pointer_time = mine.pointer_time.or(theirs.pointer_time);
        mine.hovered = mine.hovered.or(theirs.hovered);
        mine.hovered_quote = mine.hovered_quote.or(theirs.hovered_quote);
        mine.timeline_focus = mine.timeline_focus.or(theirs.timeline_focus);
        mine.focus_selected |= theirs.focus_selected;
    }

    /// The pointer is over a view of time, at `time`.
    pub(crate) fn pointer_at(&mut self, time: f64) {
        self.reported.pointer_time = Some(time);
    }
}

/// The read-only inputs of a frame's panels.
#[derive(Clone, Copy)]
pub(super) struct FrameContext<'a> {
    pub data: &'a Derived,
    pub state: &'a SessionState,
    pub settings: &'a Settings,
    /// What the panels reported last frame.
    pub last: &'a Reported,
}

impl<'a> FrameContext<'a> {
    pub fn dataset(&self) -> &'a Dataset {
        &self.data.dataset
    }

    /// Whether the figures chart is drawn under the timeline: the dataset
    /// has figures, and the settings want it with what the side panel shows.
    pub fn chart_shown(&self) -> bool {
        let tab = (!self.settings.side_panel_hidden).then_some(self.settings.side_tab);
        self.settings.chart.shows_chart(tab) && crate::render::chart::has_figures(self.dataset())
    }

    pub fn index(&self) -> &'a TimelineIndex {
        &self.data.index
    }

    pub fn links(&self) -> &'a Links {
        &self.data.links
    }

    pub fn colors(&self) -> &'a DatasetColors {
        &self.data.colors
    }

    /// The view limits at the timeline's width.
    pub fn limits(&self) -> ViewLimits {
        self.state.view.limits()
    }

    /// The range on screen this frame.
    pub fn view(&self) -> TimeView {
        self.state.view.current()
    }

    /// Where the view is going (the animation's target).
    pub(crate) fn target_view(&self) -> TimeView {
        self.state.view.target()
    }

    pub fn selected(&self) -> Option<EventIndex> {
        self.state.selected
    }

    /// Where the selected event is marked on every time axis: a point at
    /// its middle, a range at its start and its end.
    pub(crate) fn selection_marks(&self) -> Option<SelectionMarks> {
        self.selected()
            .and_then(|e| self.index().selection_marks(self.dataset(), e))
    }

    /// Whether an event is highlighted because a quote of it is hovered.
    pub(crate) fn highlighted_by_quote(&self, event: EventIndex) -> bool {
        self.last
            .hovered_quote
            .is_some_and(|quote| self.links().events_of(quote).contains(&event))
    }

    /// How an event is drawn on the timeline this frame; `hovered` is the
    /// event under the pointer this frame.
    pub(crate) fn item_state(&self, event: EventIndex, hovered: Option<EventIndex>) -> ItemState {
        ItemState {
            selected: self.selected() == Some(event),
            hovered: hovered == Some(event) || self.highlighted_by_quote(event),
            dimmed: !self.state.search.matches(event),
            quotes: self.links().quotes_of(event).len(),
        }
    }
}

impl std::fmt::Debug for FrameContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameContext")
            .field("view", &self.view())
            .field("selected", &self.selected())
            .field("last", self.last)
            .finish_non_exhaustive()
    }
}
