//! A dataset session: the open dataset, what is derived from it, and all
//! the state that belongs to it — the view, the selection, lane flags, the
//! search, and each panel's own state.
//!
//! Opening a dataset replaces the session whole, so nothing of the old
//! dataset can linger in a cache or a panel. A reload (the files changed)
//! builds a new session too and carries over what the user set up, through
//! [`CarryOver`] and nothing else.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui;

use super::panels::figures::FiguresPanel;
use super::panels::overview::OverviewPanel;
use super::panels::quotes::QuotesPanel;
use super::panels::timeline::TimelinePanel;
use super::toolbar::ToolbarState;
use crate::model::{Dataset, EventIndex, Layers, Source, Text};
use crate::render::DatasetColors;
use crate::render::theme;
use crate::view::{
    DataEnds, History, LaneEvents, LiveSearch, Place, SearchText, SharedText, TimeView,
    TimelineIndex, ViewLimits, initial_view,
};

/// The timeline's width before the first frame tells it: the first
/// window's, less the side panel.
const FIRST_TIMELINE_WIDTH: f32 = theme::ui::WINDOW_SIZE[0] - theme::ui::SIDE_PANEL_WIDTH;

/// A dataset with everything derived from it once: built on the load
/// worker's thread, never changed after.
pub(crate) struct Derived {
    /// Shared with export jobs running off the UI thread.
    pub dataset: Arc<Dataset>,
    /// The layers the dataset was merged from (one, for one dataset).
    pub layers: Arc<Layers>,
    pub index: Arc<TimelineIndex>,
    /// What the data's ends need to be read: the view limits at any
    /// width are fitted from it. Shared with the export dialog.
    pub ends: Arc<DataEnds>,
    pub links: Links,
    /// Lane, series and era colours, parsed once.
    pub colors: DatasetColors,
    /// Per event, the width of its title in the label font. Shared with
    /// export jobs, which would otherwise measure every title again.
    pub label_widths: Arc<Vec<f32>>,
    /// Per lane, its events as every layout reads them; moved into the
    /// timeline's layout cache when the session is made.
    pub lane_events: Vec<LaneEvents>,
    /// The events' and the quotes' text, folded for search.
    /// Ready before the first frame for small datasets; for big ones,
    /// prepared on a worker once the user pauses or searches
    /// ([`SharedText::for_events`]).
    pub event_text: SharedText,
    pub quote_text: Arc<SearchText>,
}

/// How quotes, events and sources refer to each other, resolved once.
#[derive(Debug, Default)]
pub(crate) struct Links {
    /// Per event, the indices of its quotes (only events that have some).
    quotes_by_event: HashMap<EventIndex, Vec<usize>>,
    /// Per quote, its events.
    events_of_quote: Vec<Vec<EventIndex>>,
    /// Source id → index in `dataset.sources`.
    source_index: HashMap<String, usize>,
}

impl Links {
    /// The quotes of an event (indices into `dataset.quotes`).
    pub(crate) fn quotes_of(&self, event: EventIndex) -> &[usize] {
        self.quotes_by_event.get(&event).map_or(&[], Vec::as_slice)
    }

    /// The events a quote belongs to.
    pub(crate) fn events_of(&self, quote: usize) -> &[EventIndex] {
        self.events_of_quote.get(quote).map_or(&[], Vec::as_slice)
    }

    /// A source by id, without scanning the list.
    pub fn source<'a>(&self, dataset: &'a Dataset, id: &str) -> Option<&'a Source> {
        self.source_index
            .get(id)
            .and_then(|&i| dataset.sources.get(i))
    }
}

/// Indexes a dataset, links its quotes, events and sources, measures its
/// labels and prepares its text for search: everything a frame needs, done
/// before the first frame that shows it (on the load job's thread). The
/// events' search text of a big dataset is the exception: a frame needs it
/// only once a search is asked for, so it is prepared on a worker while
/// the timeline already shows.
pub(crate) fn derive(dataset: Dataset) -> Derived {
    let layers = Layers::single(&dataset);
    derive_layers(dataset, layers)
}

/// [`derive`] for a dataset merged from `layers`.
pub(crate) fn derive_layers(dataset: Dataset, layers: Layers) -> Derived {
    // Two halves of about the same cost, one per core: the index, then the
    // lanes' events beside the data's ends; the label widths, the quotes'
    // search text and the links.
    let text_half = || {
        (
            crate::render::timeline::measure_label_widths(&dataset.events),
            Arc::new(SearchText::for_quotes(&dataset.quotes)),
            Links::new(&dataset, &layers),
        )
    };
    let ((index, lane_events, ends), (label_widths, quote_text, links)) = crate::jobs::beside(
        "derive-text",
        || {
            let (index, order) = TimelineIndex::with_date_order(&dataset);
            // The other half is nearly done by now: the ends take its place.
            let (lane_events, ends) = crate::jobs::beside(
                "derive-ends",
                || crate::view::lane_events_in_date_order(&dataset, &order),
                || crate::render::timeline::data_ends(&dataset, &index),
            );
            (index, lane_events, ends)
        },
        text_half,
    );
    let colors = DatasetColors::new(&dataset);
    let dataset = Arc::new(dataset);
    // A big dataset's is only made ready here: it is prepared once the
    // user pauses (`TimelineApp::start_background_work`) or searches.
    let event_text = SharedText::for_events(&dataset);
    // The date order and the lists the halves built on the way are free.
    crate::memory::give_back();
    Derived {
        dataset,
        layers: Arc::new(layers),
        index: Arc::new(index),
        ends: Arc::new(ends),
        links,
        colors,
        label_widths: Arc::new(label_widths),
        lane_events,
        event_text,
        quote_text,
    }
}

impl Links {
    fn new(dataset: &Dataset, layers: &Layers) -> Self {
        let mut quotes_by_event: HashMap<EventIndex, Vec<usize>> = HashMap::new();
        let mut events_of_quote = vec![Vec::new(); dataset.quotes.len()];
        // A quote names events of its own layer, by the ids that layer
        // writes (they may repeat in another).
        for layer in layers.iter() {
            let quotes = dataset.quotes.get(layer.quotes.clone()).unwrap_or_default();
            // Only the events that quotes name are looked up: a table of a
            // few ids, not of every event.
            let mut event_position: HashMap<&str, Option<EventIndex>> = quotes
                .iter()
                .flat_map(|quote| &quote.events)
                .map(|id| (id.as_str(), None))
                .collect();
            if event_position.is_empty() {
                continue;
            }
            let events = dataset.events.get(layer.events.clone()).unwrap_or_default();
            for (offset, event) in events.iter().enumerate() {
                if let Some(slot) = event_position.get_mut(event.id.as_str()) {
                    *slot = EventIndex::new(layer.events.start + offset);
                }
            }
            for (offset, quote) in quotes.iter().enumerate() {
                let quote_index = layer.quotes.start + offset;
                for event in &quote.events {
                    if let Some(&Some(position)) = event_position.get(event.as_str()) {
                        quotes_by_event
                            .entry(position)
                            .or_default()
                            .push(quote_index);
                        events_of_quote[quote_index].push(position);
                    }
                }
            }
        }
        let source_index = dataset
            .sources
            .iter()
            .enumerate()
            .map(|(i, source)| (source.id.clone(), i))
            .collect();
        Self {
            quotes_by_event,
            events_of_quote,
            source_index,
        }
    }
}

/// A move of the view in progress.
#[derive(Clone, Copy, Debug)]
struct Animation {
    from: TimeView,
    to: TimeView,
    start_time: f64,
}

const ANIMATION_SECONDS: f64 = 0.3;

/// How the view came to be: a view the user has not moved follows the
/// timeline's width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ViewOrigin {
    /// The dataset's first view (its own `view`, or everything).
    First,
    /// Home: everything, fitted.
    Home,
    /// Anything else: a zoom, a pan, a selection brought into view.
    Moved,
}

/// The visible range, its limits and the animation towards a new one.
#[derive(Debug)]
pub(super) struct ViewState {
    view: TimeView,
    animation: Option<Animation>,
    limits: ViewLimits,
    /// The timeline's width in points the limits were fitted for.
    width: f32,
    origin: ViewOrigin,
}

impl ViewState {
    /// The dataset's first view at a timeline `width` points wide.
    fn first(dataset: &Dataset, ends: &DataEnds, width: f32) -> Self {
        let limits = ends.limits(width);
        Self {
            view: initial_view(dataset, &limits),
            animation: None,
            limits,
            width,
            origin: ViewOrigin::First,
        }
    }

    pub(crate) fn limits(&self) -> ViewLimits {
        self.limits
    }

    /// The timeline's width the limits were fitted for.
    pub(crate) fn width(&self) -> f32 {
        self.width
    }

    pub(crate) fn origin(&self) -> ViewOrigin {
        self.origin
    }

    /// Home at once, without animation.
    fn go_home_now(&mut self) {
        self.animation = None;
        self.view = self.limits.fit_all();
        self.origin = ViewOrigin::Home;
    }

    /// Home: moves to everything, fitted.
    pub(crate) fn go_home(&mut self, now: f64) {
        self.animate_to(self.limits.fit_all(), now);
        self.origin = ViewOrigin::Home;
    }

    /// Moves back to the dataset's first view.
    pub(crate) fn go_to_first(&mut self, dataset: &Dataset, now: f64) {
        self.animate_to(initial_view(dataset, &self.limits), now);
        self.origin = ViewOrigin::First;
    }

    /// New limits for a timeline `width` points wide. Home and the first
    /// view, unless moved since, are fitted again at once (no animation):
    /// resizing at Home stays at Home. A moved view is only kept within.
    pub(crate) fn refit(&mut self, dataset: &Dataset, ends: &DataEnds, width: f32) {
        let limits = ends.limits(width);
        self.limits = limits;
        self.width = width;
        match self.origin {
            ViewOrigin::Home => {
                self.animation = None;
                self.view = limits.fit_all();
            }
            ViewOrigin::First => {
                self.animation = None;
                self.view = initial_view(dataset, &limits);
            }
            ViewOrigin::Moved => {
                self.view = limits.clamp(self.view, None);
                if let Some(animation) = &mut self.animation {
                    animation.to = limits.clamp(animation.to, None);
                }
            }
        }
    }

    /// The range on screen (the animation's current frame while animating).
    pub(crate) fn current(&self) -> TimeView {
        self.view
    }

    /// Where the view is going: the animation's target, or the view.
    pub fn target(&self) -> TimeView {
        self.animation.as_ref().map_or(self.view, |a| a.to)
    }

    /// The two ends of a running animation, widest first.
    pub(crate) fn animation_spans(&self) -> Option<(f64, f64)> {
        self.animation.as_ref().map(|a| {
            (
                a.from.span().max(a.to.span()),
                a.from.span().min(a.to.span()),
            )
        })
    }

    /// Shows `view` now, stopping any animation; `anchor` stays fixed if a
    /// zoom limit applies.
    pub fn set(&mut self, view: TimeView, anchor: Option<f64>) {
        self.animation = None;
        self.view = self.limits.clamp(view, anchor);
        self.origin = ViewOrigin::Moved;
    }

    /// Moves to `target` with a short animation starting at `now`.
    pub(crate) fn animate_to(&mut self, target: TimeView, now: f64) {
        let target = self.limits.clamp(target, None);
        self.animation = Some(Animation {
            from: self.view,
            to: target,
            start_time: now,
        });
        self.origin = ViewOrigin::Moved;
    }

    /// Moves the animation to `now`; whether it is still running.
    pub fn advance(&mut self, now: f64) -> bool {
        let Some(animation) = self.animation else {
            return false;
        };
        let t = ((now - animation.start_time) / ANIMATION_SECONDS).clamp(0.0, 1.0);
        // Ease out: fast start, gentle landing.
        let eased = 1.0 - (1.0 - t) * (1.0 - t) * (1.0 - t);
        self.view = animation.from.lerp(&animation.to, eased);
        if t >= 1.0 {
            self.view = animation.to;
            self.animation = None;
        }
        self.animation.is_some()
    }
}

/// The search: the query as asked, and the events matching it, kept up to
/// date by the library's [`LiveSearch`] (a big search runs on a worker and
/// the last finished result shows meanwhile).
#[derive(Debug, Default)]
pub(super) struct Search {
    /// The query asked for, as typed.
    query: String,
    live: LiveSearch,
}

impl Search {
    fn new(text: SharedText) -> Self {
        Self {
            query: String::new(),
            live: LiveSearch::new(text),
        }
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// Searches for `query` from the next [`Search::update`] on.
    pub(crate) fn set_query(&mut self, query: &str) {
        query.clone_into(&mut self.query);
    }

    /// Before the panels, and again once the frame's commands are
    /// applied: starts searching for the query if it changed, and shows a
    /// search that has finished. A search on a
    /// worker asks `ctx` for a frame when it is done.
    pub fn update(&mut self, ctx: &egui::Context) {
        let repaint = ctx.clone();
        let new_query = self.live.asked() != self.query;
        self.live
            .ask(&self.query, move || repaint.request_repaint());
        if self.live.poll() || new_query {
            ctx.request_repaint();
        }
    }

    /// The result for the query as it is now, waiting for it if need be:
    /// a jump to the next match follows what is typed.
    fn settle(&mut self) {
        self.live.ask(&self.query, || {});
        self.live.finish();
    }

    /// Whether an event matches (all do when there is no query).
    pub fn matches(&self, event: EventIndex) -> bool {
        self.live.contains(event.get())
    }

    /// How many events match, when there is a query.
    pub(crate) fn match_count(&self) -> Option<usize> {
        self.live.count()
    }

    /// Whether a search is still running on a worker.
    pub fn running(&self) -> bool {
        self.live.is_running()
    }
}

/// Per lane: collapsed to its header, or hidden.
#[derive(Clone, Debug, Default)]
pub(super) struct LaneFlags {
    pub collapsed: Vec<bool>,
    pub hidden: Vec<bool>,
}

impl LaneFlags {
    fn new(lanes: usize) -> Self {
        Self {
            collapsed: vec![false; lanes],
            hidden: vec![false; lanes],
        }
    }

    /// Flags set from lane ids, for `dataset`'s lanes.
    fn from_ids(dataset: &Dataset, collapsed: &[String], hidden: &[String]) -> Self {
        Self {
            collapsed: dataset
                .lanes
                .iter()
                .map(|l| collapsed.contains(&l.id))
                .collect(),
            hidden: dataset
                .lanes
                .iter()
                .map(|l| hidden.contains(&l.id))
                .collect(),
        }
    }

    /// The ids of the lanes whose flag is set.
    fn ids(dataset: &Dataset, flags: &[bool]) -> Vec<String> {
        dataset
            .lanes
            .iter()
            .zip(flags)
            .filter(|(_, on)| **on)
            .map(|(lane, _)| lane.id.clone())
            .collect()
    }
}

/// The session's state that commands change: read by every panel through
/// the frame context, written only when commands are applied.
#[derive(Debug)]
pub(super) struct SessionState {
    pub view: ViewState,
    pub selected: Option<EventIndex>,
    /// The selected era (an index into `dataset.eras`); an event and an
    /// era are never selected at once.
    pub selected_era: Option<usize>,
    pub lanes: LaneFlags,
    pub search: Search,
    /// The data's version, for the caches keyed by it (the panels' caches
    /// live in the session, so a new dataset starts them afresh anyway).
    pub version: u64,
    /// Where the view has been, for Back and Forward.
    pub history: History<Selection>,
    /// Per layer (by position): folded to its header.
    pub layers_folded: Vec<bool>,
    /// The first dataset's views as the app has them.
    pub views: super::views::Views,
    /// Story mode, while the views are presented.
    pub story: Option<super::views::Story>,
}

/// What is selected, as a place in the history keeps it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Selection {
    #[default]
    Nothing,
    Event(EventIndex),
    /// An index into `dataset.eras`.
    Era(usize),
}

/// A [`Selection`] by id, which a reload finds again in the new data: an
/// event by its layer's key and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SelectionId {
    Nothing,
    Event(u32, Text),
    Era(String),
}

impl SessionState {
    /// Where the view is going and what is selected: the place a move
    /// leaves, or the one Back and Forward keep.
    pub(crate) fn place(&self) -> Place<Selection> {
        let selection = match (self.selected, self.selected_era) {
            (Some(event), _) => Selection::Event(event),
            (None, Some(era)) => Selection::Era(era),
            (None, None) => Selection::Nothing,
        };
        Place {
            view: self.view.target(),
            selection,
        }
    }

    /// The next event in date order after the selection that matches the
    /// search (or any event when there is no search), wrapping around.
    pub(crate) fn next_match(
        &mut self,
        index: &TimelineIndex,
        forward: bool,
    ) -> Option<EventIndex> {
        self.search.settle();
        self.walk(index, forward, true)
    }

    /// The next event in date order after the selection that matches the
    /// search as it stands, past either end only when `wrap`.
    pub(crate) fn walk(
        &self,
        index: &TimelineIndex,
        forward: bool,
        wrap: bool,
    ) -> Option<EventIndex> {
        let rank = self
            .selected
            .and_then(|e| index.date_rank.get(e.get()))
            .map(|r| *r as usize);
        let search = &self.search;
        crate::view::next_match(&index.by_date, rank, forward, wrap, |event| {
            search.matches(EventIndex::from_u32(event))
        })
        .map(EventIndex::from_u32)
    }
}

/// Each panel's own state, for this dataset.
#[derive(Debug, Default)]
pub(super) struct Panels {
    pub toolbar: ToolbarState,
    pub timeline: TimelinePanel,
    pub overview: OverviewPanel,
    pub quotes: QuotesPanel,
    pub figures: FiguresPanel,
    /// Story mode's slide, as the dataset shows it.
    pub story: super::views::StoryPanel,
}

/// The open dataset and everything that belongs to it.
pub(crate) struct Session {
    pub(super) data: Derived,
    pub(super) state: SessionState,
    pub(super) panels: Panels,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("title", &self.data.dataset.title)
            .field("view", &self.state.view.current())
            .field("selected", &self.state.selected)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session at the dataset's own initial view, nothing selected.
    pub fn new(mut data: Derived) -> Self {
        let view = ViewState::first(&data.dataset, &data.ends, FIRST_TIMELINE_WIDTH);
        let lane_events = std::mem::take(&mut data.lane_events);
        let event_text = data.event_text.clone();
        let lanes = data.dataset.lanes.len();
        let series = data.dataset.displacement.len();
        let first_place = Place {
            view: view.current(),
            selection: Selection::Nothing,
        };
        Self {
            state: SessionState {
                history: History::new(first_place),
                layers_folded: vec![false; data.layers.len()],
                views: super::views::Views::of_dataset(&data.dataset, &data.layers),
                story: None,
                view,
                selected: None,
                selected_era: None,
                lanes: LaneFlags::new(lanes),
                search: Search::new(event_text),
                version: 1,
            },
            panels: Panels {
                timeline: TimelinePanel::with_lane_events(Arc::new(lane_events), 1),
                figures: FiguresPanel::with_series(series),
                ..Panels::default()
            },
            data,
        }
    }

    /// A session for reloaded data, with what the user set up carried over.
    pub fn reloaded(data: Derived, carried: CarryOver) -> Self {
        let mut session = Self::new(data);
        carried.apply(&mut session);
        session
    }

    /// The timeline is `width` points wide: the limits follow (see
    /// [`ViewState::refit`]).
    pub(crate) fn fit_to_width(&mut self, width: f32) {
        if width.is_finite() && width > 0.0 {
            let data = &self.data;
            self.state.view.refit(&data.dataset, &data.ends, width);
        }
    }

    pub fn dataset(&self) -> &Dataset {
        &self.data.dataset
    }

    /// What a reload keeps of this session.
    pub(crate) fn carry_over(&self) -> CarryOver {
        let dataset = self.dataset();
        let state = &self.state;
        CarryOver {
            view: state.view.target(),
            view_origin: state.view.origin(),
            width: state.view.width(),
            selected: state
                .selected
                .and_then(|e| self.data.layers.event_identity(dataset, e)),
            selected_era: state
                .selected_era
                .and_then(|e| dataset.eras.get(e))
                .map(|e| e.id.clone()),
            collapsed_lanes: LaneFlags::ids(dataset, &state.lanes.collapsed),
            hidden_lanes: LaneFlags::ids(dataset, &state.lanes.hidden),
            hidden_series: dataset
                .displacement
                .iter()
                .zip(&self.panels.figures.hidden)
                .filter(|(_, on)| **on)
                .map(|(series, _)| series.name.clone())
                .collect(),
            search: state.search.query().to_owned(),
            lane_offset: self.panels.timeline.lane_offset,
            quotes: self.panels.quotes.filters.clone(),
            figures_sort: self.panels.figures.sort_order(),
            figures_only_in_view: self.panels.figures.only_in_view,
            folded_layers: self
                .data
                .layers
                .iter()
                .zip(&state.layers_folded)
                .filter(|(_, folded)| **folded)
                .map(|(layer, _)| layer.key)
                .collect(),
            views: state.views.changed.then(|| state.views.clone()),
            story: state.story,
            history: state.history.map(|selection| match *selection {
                Selection::Nothing => SelectionId::Nothing,
                Selection::Event(event) => self
                    .data
                    .layers
                    .event_identity(dataset, event)
                    .map_or(SelectionId::Nothing, |(key, id)| {
                        SelectionId::Event(key, id)
                    }),
                Selection::Era(era) => dataset
                    .eras
                    .get(era)
                    .map_or(SelectionId::Nothing, |e| SelectionId::Era(e.id.clone())),
            }),
        }
    }

    /// Shows a place of the history: its range (animated) and its
    /// selection, an event drawn as any selected event is.
    pub(crate) fn show_place(&mut self, place: &Place<Selection>, now: f64) {
        self.state.view.animate_to(place.view, now);
        match place.selection {
            Selection::Event(event) if self.dataset().event_at(event).is_some() => {
                self.select(event);
            }
            Selection::Era(era) if era < self.dataset().eras.len() => {
                self.state.selected = None;
                self.state.selected_era = Some(era);
            }
            _ => {
                self.state.selected = None;
                self.state.selected_era = None;
            }
        }
    }

    /// The view and lanes to save with the settings.
    pub(crate) fn last_view(&self) -> LastView {
        let dataset = self.dataset();
        LastView {
            dataset_title: dataset.title.clone(),
            view: Some(self.state.view.target()),
            collapsed_lanes: LaneFlags::ids(dataset, &self.state.lanes.collapsed),
            hidden_lanes: LaneFlags::ids(dataset, &self.state.lanes.hidden),
        }
    }

    /// Restores a saved view and lanes when they belong to this dataset.
    pub fn restore(&mut self, saved: &LastView) {
        if saved.dataset_title != self.dataset().title {
            return;
        }
        if let Some(view) = saved.view.filter(TimeView::is_valid) {
            self.state.view.set(view, None);
        }
        self.state.lanes =
            LaneFlags::from_ids(self.dataset(), &saved.collapsed_lanes, &saved.hidden_lanes);
    }
}

/// What a reload keeps: the view, the selection (by event id), the lane
/// and series filters, the search, where the lanes are scrolled, and the
/// quote filters and table order. Ids and names, not positions: the
/// reloaded dataset may have them elsewhere, or not at all.
#[derive(Clone, Debug)]
pub(super) struct CarryOver {
    pub view: TimeView,
    /// Home stays Home, and a first view the first view, of the new data.
    pub view_origin: ViewOrigin,
    /// The timeline's width, so the new data is fitted to it at once.
    pub width: f32,
    /// The selected event's layer key and id.
    pub selected: Option<(u32, Text)>,
    pub selected_era: Option<String>,
    pub collapsed_lanes: Vec<String>,
    pub hidden_lanes: Vec<String>,
    pub hidden_series: Vec<String>,
    pub search: String,
    pub lane_offset: f32,
    pub quotes: super::panels::quotes::QuoteFilters,
    pub figures_sort: super::panels::figures::SortOrder,
    /// The figures table's "only in view".
    pub figures_only_in_view: bool,
    /// Back and Forward, their selections by id.
    pub history: History<SelectionId>,
    /// The keys of the layers folded to their headers.
    pub folded_layers: Vec<u32>,
    /// The views when changed in the app and not yet written: kept over
    /// the files' (which are taken as they are otherwise).
    pub views: Option<super::views::Views>,
    /// Story mode goes on at its slide.
    pub story: Option<super::views::Story>,
}

impl CarryOver {
    fn apply(self, session: &mut Session) {
        let dataset = Arc::clone(&session.data.dataset);
        let layers = Arc::clone(&session.data.layers);
        session.fit_to_width(self.width);
        let state = &mut session.state;
        match self.view_origin {
            ViewOrigin::Moved => state.view.set(self.view, None),
            ViewOrigin::Home => state.view.go_home_now(),
            ViewOrigin::First => {}
        }
        // The selection's event and the history's, found in one pass.
        let history_events = self.history.selections().filter_map(|s| match s {
            SelectionId::Event(key, id) => Some((*key, id.as_str())),
            _ => None,
        });
        let selected = self.selected.as_ref().map(|(key, id)| (*key, id.as_str()));
        let found = layers.find_events(&dataset, selected.into_iter().chain(history_events));
        state.selected = selected.and_then(|wanted| found.get(&wanted).copied());
        state.selected_era = self
            .selected_era
            .and_then(|id| dataset.eras.iter().position(|e| e.id == id));
        state.lanes = LaneFlags::from_ids(&dataset, &self.collapsed_lanes, &self.hidden_lanes);
        state.layers_folded = layers
            .iter()
            .map(|layer| self.folded_layers.contains(&layer.key))
            .collect();
        state.search.set_query(&self.search);
        if let Some(views) = self.views {
            // Still changed only if they differ from the files' now: a
            // Save dataset as… reopens the files it wrote them to.
            let changed = views.list != state.views.list;
            state.views = super::views::Views {
                list: views.list,
                changed,
            };
        }
        // A slide that is gone ends the story on the next frame, the window
        // restored (`story_panels_ui`).
        state.story = self.story;
        let panels = &mut session.panels;
        panels.toolbar.search_text = self.search;
        panels.timeline.lane_offset = self.lane_offset;
        panels.quotes.filters = self.quotes;
        panels.figures.hidden = dataset
            .displacement
            .iter()
            .map(|s| self.hidden_series.contains(&s.name))
            .collect();
        panels.figures.set_sort_order(self.figures_sort);
        panels.figures.only_in_view = self.figures_only_in_view;
        session.state.history = self.history.map(|selection| match selection {
            SelectionId::Nothing => Selection::Nothing,
            SelectionId::Event(key, id) => found
                .get(&(*key, id.as_str()))
                .map_or(Selection::Nothing, |&event| Selection::Event(event)),
            SelectionId::Era(id) => dataset
                .eras
                .iter()
                .position(|e| &e.id == id)
                .map_or(Selection::Nothing, Selection::Era),
        });
    }
}

/// A dataset's view and lanes as saved between runs, so the same dataset
/// opens where it was left (and another one does not open at a stale
/// range).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LastView {
    /// The dataset the view belongs to (its title).
    pub dataset_title: String,
    pub view: Option<TimeView>,
    /// Ids of collapsed and hidden lanes.
    pub collapsed_lanes: Vec<String>,
    pub hidden_lanes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_builtin;
    use crate::view::{MoveKind, QuoteSort};

    fn builtin() -> Dataset {
        load_builtin().expect("the built-in dataset loads").dataset
    }

    /// A session with everything a reload keeps set to something other
    /// than its default.
    fn set_up(dataset: Dataset) -> Session {
        let mut session = Session::new(derive(dataset));
        let dataset = Arc::clone(&session.data.dataset);
        let truce = dataset.position_of("coh-takes-effect").expect("the truce");
        session.state.selected = Some(truce);
        session
            .state
            .view
            .set(TimeView::new(16_800.0, 16_900.0), None);
        session.state.lanes.collapsed[0] = true;
        session.state.lanes.hidden[1] = true;
        session.state.search.set_query("geneva");
        session.state.search.update(&egui::Context::default());
        session.panels.toolbar.search_text = "geneva".to_owned();
        session.panels.timeline.lane_offset = 40.0;
        session.panels.quotes.filters.sort = QuoteSort::Speaker;
        session.panels.quotes.filters.text = "truce".to_owned();
        session.panels.figures.hidden[0] = true;
        session
            .panels
            .figures
            .set_sort_order((crate::ui::panels::figures::TableSort::Value, true));
        session.panels.figures.only_in_view = true;
        session
    }

    #[test]
    fn a_reload_carries_over_what_the_user_set_up_by_id() {
        let old = set_up(builtin());
        // The reloaded files have one more event first, so every position
        // moves by one; lanes and series are found by id and name.
        let mut edited = builtin();
        let mut extra = edited.events[0].clone();
        extra.id = "a-new-event".into();
        edited.events.insert(0, extra);
        let mut reloaded = Session::reloaded(derive(edited), old.carry_over());

        let state = &reloaded.state;
        assert_eq!(state.view.current(), TimeView::new(16_800.0, 16_900.0));
        let selected = state.selected.and_then(|e| reloaded.dataset().event_at(e));
        assert_eq!(selected.map(|e| e.id.as_str()), Some("coh-takes-effect"));
        assert_eq!(state.lanes.collapsed, old.state.lanes.collapsed);
        assert_eq!(state.lanes.hidden, old.state.lanes.hidden);
        assert_eq!(state.search.query(), "geneva");
        let mut search = std::mem::take(&mut reloaded.state.search);
        search.settle();
        assert_eq!(
            search.match_count().map(|n| n > 0),
            Some(true),
            "the search runs over the new events"
        );
        let panels = &reloaded.panels;
        assert_eq!(panels.toolbar.search_text, "geneva");
        assert_eq!(panels.timeline.lane_offset, 40.0);
        assert_eq!(panels.quotes.filters, old.panels.quotes.filters);
        assert_eq!(panels.figures.hidden, old.panels.figures.hidden);
        assert_eq!(panels.figures.sort_order(), old.panels.figures.sort_order());
        assert!(panels.figures.only_in_view);
    }

    #[test]
    fn a_reload_carries_the_selected_era_by_id() {
        let mut old = Session::new(derive(builtin()));
        let era = old.dataset().eras.iter().position(|e| e.id == "coh-2016");
        old.state.selected_era = era;
        // The reloaded files list a new era first.
        let mut edited = builtin();
        let mut extra = edited.eras[0].clone();
        extra.id = "a-new-era".to_owned();
        edited.eras.insert(0, extra);
        let reloaded = Session::reloaded(derive(edited), old.carry_over());
        let selected = reloaded
            .state
            .selected_era
            .and_then(|e| reloaded.dataset().eras.get(e));
        assert_eq!(selected.map(|e| e.id.as_str()), Some("coh-2016"));
    }

    #[test]
    fn a_reload_keeps_the_history_its_selections_by_id() {
        let mut old = Session::new(derive(builtin()));
        let dataset = Arc::clone(&old.data.dataset);
        let truce = dataset.position_of("coh-takes-effect").expect("the truce");
        let munich = dataset.position_of("munich-issg").expect("Munich");
        let first = old.state.place();
        let at_truce = Place {
            view: TimeView::new(16_800.0, 16_900.0),
            selection: Selection::Event(truce),
        };
        let at_munich = Place {
            view: TimeView::new(16_700.0, 16_750.0),
            selection: Selection::Event(munich),
        };
        let history = &mut old.state.history;
        history.record(MoveKind::Named, first, at_truce, 0.0);
        history.record(MoveKind::Named, at_truce, at_munich, 1.0);
        // The reloaded files have two more events first, and no Munich.
        let mut edited = builtin();
        for id in ["a-new-event", "another-new-event"] {
            let mut extra = edited.events[0].clone();
            extra.id = id.into();
            edited.events.insert(0, extra);
        }
        edited.events.retain(|e| e.id != "munich-issg");
        let mut reloaded = Session::reloaded(derive(edited), old.carry_over());
        let moved_truce = reloaded.dataset().position_of("coh-takes-effect");
        assert_ne!(moved_truce, Some(truce), "the truce moved");
        let current = reloaded.state.place();
        let back = reloaded.state.history.back(current).expect("a place back");
        assert_eq!(back.view, at_truce.view);
        assert_eq!(back.selection, Selection::Event(moved_truce.expect("kept")));
        let forward = reloaded.state.history.forward(back).expect("and forward");
        assert_eq!(forward.selection, Selection::Nothing, "Munich is gone");
    }

    #[test]
    fn a_reload_drops_a_selection_whose_event_is_gone() {
        let old = set_up(builtin());
        let mut edited = builtin();
        edited.events.retain(|e| e.id != "coh-takes-effect");
        let reloaded = Session::reloaded(derive(edited), old.carry_over());
        assert_eq!(reloaded.state.selected, None);
    }

    #[test]
    fn a_new_session_starts_clean() {
        let session = Session::new(derive(builtin()));
        let dataset = session.dataset();
        assert_eq!(
            session.state.view.current(),
            initial_view(dataset, &session.state.view.limits())
        );
        assert_eq!(session.state.selected, None);
        assert!(session.state.lanes.collapsed.iter().all(|c| !c));
        assert_eq!(session.state.search.match_count(), None);
        assert_eq!(session.panels.quotes.filters, Default::default());
        assert_eq!(
            session.panels.figures.hidden,
            vec![false; dataset.displacement.len()]
        );
    }

    #[test]
    fn home_and_the_first_view_follow_the_width_and_a_moved_view_stays() {
        let mut dataset = builtin();
        dataset.view = None;
        let mut session = Session::new(derive(dataset));
        // The first view, never moved: fitted to each width at once.
        for width in [1200.0, 700.0] {
            session.fit_to_width(width);
            let view = &session.state.view;
            assert_eq!(view.width(), width);
            assert_eq!(view.current(), session.data.ends.fit(width));
            assert_eq!(view.origin(), ViewOrigin::First);
        }
        // Moved: kept as it is, within the new limits.
        let moved = TimeView::new(16_800.0, 16_900.0);
        session.state.view.set(moved, None);
        session.fit_to_width(1300.0);
        assert_eq!(session.state.view.current(), moved);
        // Home, even while it animates: fitted at once to the new width.
        session.state.view.go_home(0.0);
        session.fit_to_width(900.0);
        assert_eq!(session.state.view.current(), session.data.ends.fit(900.0));
        assert_eq!(session.state.view.target(), session.data.ends.fit(900.0));
        assert_eq!(session.state.view.origin(), ViewOrigin::Home);
        // A width that is no width changes nothing.
        session.fit_to_width(f32::NAN);
        session.fit_to_width(0.0);
        assert_eq!(session.state.view.width(), 900.0);
    }

    #[test]
    fn a_reload_at_home_stays_home_at_the_same_width() {
        let mut old = Session::new(derive(builtin()));
        old.fit_to_width(1111.0);
        old.state.view.go_home(0.0);
        let mut edited = builtin();
        edited.events.retain(|e| e.id != "coh-takes-effect");
        let reloaded = Session::reloaded(derive(edited), old.carry_over());
        let view = &reloaded.state.view;
        assert_eq!(view.width(), 1111.0);
        assert_eq!(view.origin(), ViewOrigin::Home);
        assert_eq!(view.current(), reloaded.data.ends.fit(1111.0));
    }

    #[test]
    fn a_saved_view_restores_only_on_its_own_dataset() {
        let old = set_up(builtin());
        let saved = old.last_view();
        let mut fresh = Session::new(derive(builtin()));
        fresh.restore(&saved);
        assert_eq!(fresh.state.view.current(), old.state.view.target());
        assert_eq!(fresh.state.lanes.hidden, old.state.lanes.hidden);

        let mut other = Session::new(derive(builtin()));
        let before = other.state.view.current();
        other.restore(&LastView {
            dataset_title: "Another dataset".to_owned(),
            ..saved
        });
        assert_eq!(other.state.view.current(), before);
    }

    #[test]
    fn links_resolve_quotes_events_and_sources_both_ways() {
        let session = Session::new(derive(builtin()));
        let dataset = session.dataset();
        let links = &session.data.links;
        for (quote_index, quote) in dataset.quotes.iter().enumerate() {
            let events: Vec<&str> = links
                .events_of(quote_index)
                .iter()
                .filter_map(|&e| dataset.event_at(e))
                .map(|e| e.id.as_str())
                .collect();
            assert_eq!(events, quote.events, "quote {quote_index}");
            for &event in links.events_of(quote_index) {
                assert!(links.quotes_of(event).contains(&quote_index));
            }
            assert!(links.source(dataset, &quote.source).is_some());
        }
        // Positions the dataset does not have answer nothing.
        let beyond = EventIndex::from_u32(u32::MAX);
        assert!(links.quotes_of(beyond).is_empty());
        assert!(links.events_of(usize::MAX).is_empty());
    }
}
