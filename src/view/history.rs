//! The history of where the view has been, for Back and Forward: a list of
//! places (a range on the axis and what was selected there) with a cursor
//! at the current one, as a web browser keeps its pages.
//!
//! Two kinds of move enter it. A move a person would name (fit, zoom to an
//! event, a search jump, an overview jump…) is an entry of its own. A
//! gesture (the wheel, a drag, a key's zoom or pan step) is one entry for
//! as long as it goes on: steps less than [`GESTURE_PAUSE`] apart are the
//! same gesture. A move that leaves the range as it was (selecting an event
//! already in view, say) enters nothing; the place it changed is kept when
//! the view next moves away or goes back.
//!
//! The place left is written when a move leaves it, not when it was
//! entered: what was selected and where the view had drifted (a label
//! nudged into view, a resized window) is what Back returns to, and
//! Forward comes back to where Back was pressed.

use super::TimeView;

/// Steps of a gesture this many seconds apart or closer are one gesture:
/// one entry in the history.
pub const GESTURE_PAUSE: f64 = 0.5;

/// How many places the history keeps; the oldest go first.
pub const HISTORY_LIMIT: usize = 100;

/// A place the view has been: the range shown and what was selected.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place<S> {
    pub view: TimeView,
    pub selection: S,
}

/// How a move enters the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveKind {
    /// A move a person would name: an entry of its own.
    Named,
    /// A step of a gesture: steps close together are one entry.
    Gesture,
}

/// Places visited, oldest first, and the one shown.
#[derive(Clone, Debug)]
pub struct History<S> {
    places: Vec<Place<S>>,
    /// The current place's position in `places`.
    cursor: usize,
    /// When the last step of the gesture still open was made: a step
    /// within [`GESTURE_PAUSE`] of it continues it.
    gesture_at: Option<f64>,
    /// How many times the place shown has changed: an entry made, a step
    /// of a gesture, Back, Forward.
    changes: u64,
}

impl<S: Clone + PartialEq> History<S> {
    /// A history that starts at `start`, with nowhere to go back to.
    pub fn new(start: Place<S>) -> Self {
        Self {
            places: vec![start],
            cursor: 0,
            gesture_at: None,
            changes: 0,
        }
    }

    /// Notes a move from `from` to `to` made at `now` (seconds). A move
    /// that leaves the range as it was enters nothing.
    pub fn record(&mut self, kind: MoveKind, from: Place<S>, to: Place<S>, now: f64) {
        if from.view == to.view {
            return;
        }
        self.changes += 1;
        match kind {
            MoveKind::Named => {
                self.gesture_at = None;
                self.enter(from, to);
            }
            MoveKind::Gesture => {
                let continues = self
                    .gesture_at
                    .is_some_and(|at| (0.0..=GESTURE_PAUSE).contains(&(now - at)));
                if continues {
                    self.places[self.cursor] = to;
                } else {
                    self.enter(from, to);
                }
                self.gesture_at = Some(now);
            }
        }
    }

    /// Leaves `from` for a new place `to`: whatever was ahead is dropped.
    fn enter(&mut self, from: Place<S>, to: Place<S>) {
        self.places.truncate(self.cursor + 1);
        self.places[self.cursor] = from;
        self.places.push(to);
        if self.places.len() > HISTORY_LIMIT {
            let excess = self.places.len() - HISTORY_LIMIT;
            self.places.drain(..excess);
        }
        self.cursor = self.places.len() - 1;
    }

    /// Back from `current`, which is kept for Forward: the place to show,
    /// or `None` at the oldest.
    pub fn back(&mut self, current: Place<S>) -> Option<Place<S>> {
        let previous = self.cursor.checked_sub(1)?;
        Some(self.step_to(previous, current))
    }

    /// Forward from `current`, which is kept for Back: the place to show,
    /// or `None` at the newest.
    pub fn forward(&mut self, current: Place<S>) -> Option<Place<S>> {
        let next = self.cursor + 1;
        if next >= self.places.len() {
            return None;
        }
        Some(self.step_to(next, current))
    }

    fn step_to(&mut self, at: usize, current: Place<S>) -> Place<S> {
        self.changes += 1;
        self.places[self.cursor] = current;
        self.cursor = at;
        // A gesture after this is a new entry, not the end of the last one.
        self.gesture_at = None;
        self.places[at].clone()
    }

    pub fn can_go_back(&self) -> bool {
        self.cursor > 0
    }

    pub fn can_go_forward(&self) -> bool {
        self.cursor + 1 < self.places.len()
    }

    /// How many times the place shown has changed through the history
    /// (an entry made, a gesture's step, Back, Forward): a change of it
    /// tells that the view was moved since.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// How many places there are to go back to, and forward to.
    pub fn depth(&self) -> (usize, usize) {
        (self.cursor, self.places.len() - self.cursor - 1)
    }

    /// Every place's selection, oldest first.
    pub fn selections(&self) -> impl Iterator<Item = &S> {
        self.places.iter().map(|place| &place.selection)
    }

    /// The same history with each place's selection made another kind
    /// (event positions to ids and back, for a reload).
    pub fn map<T>(&self, mut convert: impl FnMut(&S) -> T) -> History<T> {
        History {
            places: self
                .places
                .iter()
                .map(|place| Place {
                    view: place.view,
                    selection: convert(&place.selection),
                })
                .collect(),
            cursor: self.cursor,
            gesture_at: None,
            changes: self.changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: f64, selection: u32) -> Place<u32> {
        Place {
            view: TimeView::new(start, start + 10.0),
            selection,
        }
    }

    #[test]
    fn named_moves_go_back_and_forward_in_order() {
        let mut history = History::new(at(0.0, 0));
        history.record(MoveKind::Named, at(0.0, 0), at(100.0, 1), 1.0);
        history.record(MoveKind::Named, at(100.0, 1), at(200.0, 2), 2.0);
        assert_eq!(history.depth(), (2, 0));
        assert_eq!(history.back(at(200.0, 2)), Some(at(100.0, 1)));
        assert_eq!(history.back(at(100.0, 1)), Some(at(0.0, 0)));
        assert_eq!(history.back(at(0.0, 0)), None);
        assert_eq!(history.forward(at(0.0, 0)), Some(at(100.0, 1)));
        assert_eq!(history.forward(at(100.0, 1)), Some(at(200.0, 2)));
        assert_eq!(history.forward(at(200.0, 2)), None);
    }

    #[test]
    fn the_place_left_is_kept_as_it_was_when_left() {
        let mut history = History::new(at(0.0, 0));
        // Something was selected and the view drifted before the move.
        history.record(MoveKind::Named, at(5.0, 7), at(100.0, 1), 1.0);
        assert_eq!(history.back(at(100.0, 3)), Some(at(5.0, 7)));
        // Forward returns to where Back was pressed, its selection too.
        assert_eq!(history.forward(at(5.0, 7)), Some(at(100.0, 3)));
    }

    #[test]
    fn a_new_move_after_going_back_drops_what_was_ahead() {
        let mut history = History::new(at(0.0, 0));
        history.record(MoveKind::Named, at(0.0, 0), at(100.0, 0), 1.0);
        history.record(MoveKind::Named, at(100.0, 0), at(200.0, 0), 2.0);
        history.back(at(200.0, 0));
        history.record(MoveKind::Named, at(100.0, 0), at(300.0, 0), 3.0);
        assert!(!history.can_go_forward());
        assert_eq!(history.back(at(300.0, 0)), Some(at(100.0, 0)));
    }

    #[test]
    fn a_move_that_leaves_the_range_enters_nothing() {
        let mut history = History::new(at(0.0, 0));
        history.record(MoveKind::Named, at(0.0, 0), at(0.0, 5), 1.0);
        history.record(MoveKind::Gesture, at(0.0, 0), at(0.0, 0), 1.0);
        assert!(!history.can_go_back());
        // Nor does it drop what is ahead.
        history.record(MoveKind::Named, at(0.0, 0), at(100.0, 0), 2.0);
        history.back(at(100.0, 0));
        history.record(MoveKind::Named, at(0.0, 0), at(0.0, 4), 3.0);
        assert!(history.can_go_forward());
    }

    #[test]
    fn a_gesture_is_one_entry_until_it_pauses() {
        let mut history = History::new(at(0.0, 0));
        for (step, now) in [0.0, 0.2, 0.4, 0.9, 1.3].iter().enumerate() {
            let from = at(step as f64, 0);
            history.record(MoveKind::Gesture, from, at(step as f64 + 1.0, 0), *now);
        }
        assert_eq!(history.depth(), (1, 0), "no pause longer than the limit");
        history.record(
            MoveKind::Gesture,
            at(5.0, 0),
            at(6.0, 0),
            1.3 + GESTURE_PAUSE + 0.1,
        );
        assert_eq!(history.depth(), (2, 0));
        assert_eq!(history.back(at(6.0, 0)), Some(at(5.0, 0)));
        assert_eq!(history.back(at(5.0, 0)), Some(at(0.0, 0)));
    }

    #[test]
    fn a_named_move_ends_a_gesture_and_back_starts_a_new_one() {
        let mut history = History::new(at(0.0, 0));
        history.record(MoveKind::Gesture, at(0.0, 0), at(1.0, 0), 0.0);
        history.record(MoveKind::Named, at(1.0, 0), at(50.0, 0), 0.1);
        history.record(MoveKind::Gesture, at(50.0, 0), at(51.0, 0), 0.2);
        assert_eq!(history.depth(), (3, 0));
        history.back(at(51.0, 0));
        history.record(MoveKind::Gesture, at(50.0, 0), at(52.0, 0), 0.3);
        assert_eq!(history.depth(), (3, 0));
        assert_eq!(history.back(at(52.0, 0)), Some(at(50.0, 0)));
    }

    #[test]
    fn the_history_keeps_its_newest_places() {
        let mut history = History::new(at(0.0, 0));
        let moves = HISTORY_LIMIT + 20;
        for step in 0..moves {
            let from = at(step as f64, 0);
            history.record(MoveKind::Named, from, at(step as f64 + 1.0, 0), 0.0);
        }
        assert_eq!(history.depth(), (HISTORY_LIMIT - 1, 0));
        let mut current = at(moves as f64, 0);
        while let Some(previous) = history.back(current) {
            current = previous;
        }
        assert_eq!(current, at((moves + 1 - HISTORY_LIMIT) as f64, 0));
    }

    #[test]
    fn a_history_maps_its_selections_and_keeps_its_place() {
        let mut history = History::new(at(0.0, 1));
        history.record(MoveKind::Named, at(0.0, 1), at(100.0, 2), 0.0);
        let mut named = history.map(|s| format!("event-{s}"));
        let back = named.back(Place {
            view: at(100.0, 0).view,
            selection: "event-2".to_owned(),
        });
        assert_eq!(back.map(|p| p.selection), Some("event-1".to_owned()));
    }
}
