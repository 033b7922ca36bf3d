//! The search box's state: what is typed, and the events that match it,
//! kept up to date by the library's [`LiveSearch`] (big searches run on a
//! worker; the timeline shows the last finished result meanwhile).
//!
//! It belongs to the open dataset: a new dataset's events are searched
//! with [`Search::set_text`], an opened one starts with an empty query.

use std::sync::Arc;

use eframe::egui;

use crate::view::{LiveSearch, SearchText, TimelineIndex, next_match};

/// The search box and its results.
#[derive(Debug, Default)]
pub(crate) struct Search {
    /// What the search box holds, as typed.
    pub query: String,
    /// Focus the search box in the next frame.
    pub focus_requested: bool,
    /// The events matching (the last finished search).
    live: LiveSearch,
}

impl Search {
    /// An empty search over these events.
    pub fn new(events: Arc<SearchText>) -> Self {
        Self {
            query: String::new(),
            focus_requested: false,
            live: LiveSearch::new(events),
        }
    }

    /// Searches another dataset's events for the same query; returns the
    /// old search, for the caller to free where it likes.
    pub(crate) fn set_text(&mut self, events: Arc<SearchText>) -> LiveSearch {
        std::mem::replace(&mut self.live, LiveSearch::new(events))
    }

    /// Once a frame, after the search box: starts searching for what is
    /// typed, and shows a search that has finished. A search on a worker
    /// asks `ctx` for a frame when it is done.
    pub fn update(&mut self, ctx: &egui::Context) {
        let repaint = ctx.clone();
        self.live
            .ask(&self.query, move || repaint.request_repaint());
        if self.live.poll() {
            ctx.request_repaint();
        }
    }

    /// Whether an event matches the search (all do when there is none).
    pub fn matches(&self, event: u32) -> bool {
        self.live.contains(event as usize)
    }

    /// How many events match; `None` when there is no search.
    pub(crate) fn match_count(&self) -> Option<usize> {
        self.live.count()
    }

    /// Whether a search is still running on a worker.
    pub fn running(&self) -> bool {
        self.live.is_running()
    }

    /// The next matching event in date order after `selected` (any event
    /// when there is no search), wrapping around. A search still running
    /// is waited for: the jump follows what is typed.
    pub(crate) fn next_match(
        &mut self,
        index: &TimelineIndex,
        selected: Option<u32>,
        forward: bool,
    ) -> Option<u32> {
        self.live.finish();
        let rank = selected
            .and_then(|event| index.date_rank.get(event as usize))
            .map(|rank| *rank as usize);
        next_match(&index.by_date, rank, forward, |event| self.matches(event))
    }
}
