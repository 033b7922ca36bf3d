//! The visible time range and the map between time and screen x.
//!
//! Time is `f64` days since 1970-01-01 (see [`crate::model::Date`]); pixels
//! are `f32`. A [`TimeView`] has no opinion on input: zooming and panning
//! return a new view, and [`ViewLimits`] clamps it. The UI applies input as
//! commands that call these functions, so tests replay the same math.

use serde::{Deserialize, Serialize};

/// The visible range of time, `[start, end)` in days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeView {
    pub start: f64,
    pub end: f64,
}

impl TimeView {
    pub fn new(start: f64, end: f64) -> Self {
        Self { start, end }
    }

    pub fn span(&self) -> f64 {
        self.end - self.start
    }

    pub fn center(&self) -> f64 {
        0.5 * (self.start + self.end)
    }

    pub fn contains(&self, time: f64) -> bool {
        self.start <= time && time < self.end
    }

    /// Zooms by `factor` about `time`, which stays where it is on screen.
    /// `factor < 1` zooms in (the span shrinks).
    #[must_use]
    pub fn zoomed_about(&self, time: f64, factor: f64) -> Self {
        Self {
            start: time + (self.start - time) * factor,
            end: time + (self.end - time) * factor,
        }
    }

    /// Moves the view by `days` (positive: later).
    #[must_use]
    pub fn panned(&self, days: f64) -> Self {
        Self {
            start: self.start + days,
            end: self.end + days,
        }
    }

    /// A view of `span` days centred on `time`.
    #[must_use]
    pub(crate) fn centered_on(&self, time: f64) -> Self {
        let half = 0.5 * self.span();
        Self {
            start: time - half,
            end: time + half,
        }
    }

    /// Interpolation between two views, for animated transitions: the span
    /// geometrically, so a zoom animates at a constant rate. A zoom into a
    /// part of the view (or out to a view around it) keeps the time that
    /// stays put on screen where it is, so that zooming from billions of
    /// years to minutes flies into the target rather than past it; other
    /// moves interpolate the centre linearly.
    #[must_use]
    pub(crate) fn lerp(&self, target: &Self, t: f64) -> Self {
        let t = t.clamp(0.0, 1.0);
        if t == 0.0 {
            return *self;
        }
        if t == 1.0 {
            return *target;
        }
        let span = self.span().max(f64::MIN_POSITIVE);
        let target_span = target.span().max(f64::MIN_POSITIVE);
        let ratio = target_span / span;
        if let Some(fixed) = self.fixed_point(target) {
            return self.zoomed_about(fixed, ratio.powf(t));
        }
        let new_span = span * ratio.powf(t);
        let center = self.center() + (target.center() - self.center()) * t;
        Self {
            start: center - 0.5 * new_span,
            end: center + 0.5 * new_span,
        }
    }

    /// The time at the same place on screen in this view and in `target`,
    /// when one view lies within the other and they differ in span: the
    /// point a zoom from one to the other is about.
    fn fixed_point(&self, target: &Self) -> Option<f64> {
        let (wide, narrow) = if target.span() < self.span() {
            (self, target)
        } else {
            (target, self)
        };
        let inside = wide.start <= narrow.start && narrow.end <= wide.end;
        let ratio = target.span() / self.span();
        if !inside || !self.is_valid() || !target.is_valid() || (1.0 - ratio).abs() < 1e-3 {
            return None;
        }
        // target.start = p + (self.start - p) · ratio, solved for p.
        let fixed = (target.start - self.start * ratio) / (1.0 - ratio);
        fixed.is_finite().then_some(fixed)
    }

    pub(crate) fn is_valid(&self) -> bool {
        self.start.is_finite() && self.end.is_finite() && self.end > self.start
    }
}

/// How far a view may zoom and pan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewLimits {
    /// No closer than this many days across the view.
    pub min_span: f64,
    /// The range a view must stay within: the data with the room its ends
    /// need ([`super::DataEnds::fit`]), at the widest.
    pub bounds: TimeView,
}

impl ViewLimits {
    /// About one day across the view at the closest, for data dated to days
    /// at the finest.
    pub(crate) const MIN_SPAN_DAYS: f64 = 1.0;

    /// Ten minutes across the view at the closest, for data with times of
    /// day (`"2016-02-27T00:00"`): enough to tell minutes apart.
    pub(crate) const MIN_SPAN_DAYS_WITH_TIMES: f64 = 10.0 / (24.0 * 60.0);

    /// The fraction of a time's distance from 1970 below which a view's
    /// span no longer resolves into pixels in `f64` (about 4,000 steps of
    /// its last digit): a view billions of years away stays a few days
    /// wide at the closest, whatever its data's precision.
    const MIN_SPAN_PER_DAY_AWAY: f64 = 4096.0 * f64::EPSILON;

    /// Limits that keep a view within `bounds` (the fitted view), no closer
    /// than a day.
    pub fn within(bounds: TimeView) -> Self {
        Self {
            min_span: Self::MIN_SPAN_DAYS,
            bounds,
        }
    }

    /// The closest span for data with times of day or without.
    pub(crate) fn closest_span(has_times: bool) -> f64 {
        if has_times {
            Self::MIN_SPAN_DAYS_WITH_TIMES
        } else {
            Self::MIN_SPAN_DAYS
        }
    }

    /// These limits, no closer than `min_span` days.
    #[must_use]
    pub fn with_min_span(self, min_span: f64) -> Self {
        Self { min_span, ..self }
    }

    /// The closest span a view about `time` may have: [`Self::min_span`],
    /// or wider where `f64` could not tell that span's pixels apart.
    pub(crate) fn min_span_at(&self, time: f64) -> f64 {
        self.min_span.max(time.abs() * Self::MIN_SPAN_PER_DAY_AWAY)
    }

    /// The view that shows everything.
    pub fn fit_all(&self) -> TimeView {
        self.bounds
    }

    /// The nearest allowed view: span within limits, inside the bounds.
    /// A zoom clamped at a limit keeps `anchor` (e.g. the pointer's date)
    /// fixed when it can.
    #[must_use]
    pub(crate) fn clamp(&self, view: TimeView, anchor: Option<f64>) -> TimeView {
        if !view.is_valid() {
            return self.bounds;
        }
        let max_span = self.bounds.span();
        let mut view = view;
        let anchor = anchor.filter(|anchor| anchor.is_finite());
        let min_span = self.min_span_at(anchor.unwrap_or(view.center()));
        if view.span() < min_span {
            let anchor = anchor.unwrap_or(view.center());
            view = view.zoomed_about(anchor, min_span / view.span());
        }
        if view.span() >= max_span {
            return self.bounds;
        }
        if view.start < self.bounds.start {
            view = view.panned(self.bounds.start - view.start);
        } else if view.end > self.bounds.end {
            view = view.panned(self.bounds.end - view.end);
        }
        view
    }
}

/// Maps time to x and back for a view drawn across `[left, left + width)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeTransform {
    pub view: TimeView,
    pub left: f32,
    pub width: f32,
}

impl TimeTransform {
    pub fn new(view: TimeView, left: f32, width: f32) -> Self {
        Self {
            view,
            left,
            width: width.max(1.0),
        }
    }

    /// Days per pixel.
    pub fn days_per_px(&self) -> f64 {
        self.view.span() / f64::from(self.width)
    }

    /// Screen x of a time. Far outside the view the result is far off screen
    /// but finite; clamp before drawing.
    pub fn x_from_time(&self, time: f64) -> f32 {
        let fraction = (time - self.view.start) / self.view.span();
        (f64::from(self.left) + fraction * f64::from(self.width)) as f32
    }

    pub fn time_from_x(&self, x: f32) -> f64 {
        let fraction = f64::from(x - self.left) / f64::from(self.width);
        self.view.start + fraction * self.view.span()
    }

    /// The time range covered by `[x0, x1]`.
    pub(crate) fn times_from_xs(&self, x0: f32, x1: f32) -> TimeView {
        let (a, b) = (self.time_from_x(x0.min(x1)), self.time_from_x(x0.max(x1)));
        TimeView::new(a, b)
    }
}

/// The dataset's own `view` range, or everything.
pub(crate) fn initial_view(dataset: &crate::model::Dataset, limits: &ViewLimits) -> TimeView {
    dataset.view.map_or(limits.fit_all(), |range| {
        limits.clamp(
            TimeView::new(range.start.start_instant(), range.end.end_instant()),
            None,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_about_a_point_keeps_that_time_under_it() {
        let view = TimeView::new(16_000.0, 17_000.0);
        let transform = TimeTransform::new(view, 100.0, 1000.0);
        for x in [100.0, 350.0, 733.0, 1099.0] {
            let time = transform.time_from_x(x);
            for factor in [0.5, 0.9, 1.1, 3.0] {
                let zoomed = TimeTransform::new(view.zoomed_about(time, factor), 100.0, 1000.0);
                assert!(
                    (zoomed.x_from_time(time) - x).abs() < 1e-3,
                    "x {x} factor {factor}"
                );
            }
        }
    }

    #[test]
    fn time_and_x_round_trip_over_every_pixel() {
        // Zoomed in to a day in 2016: the epoch is millions of pixels away.
        let view = TimeView::new(16_858.25, 16_859.25);
        let transform = TimeTransform::new(view, 0.0, 1600.0);
        for x in 0..1600 {
            let x = x as f32;
            assert!((transform.x_from_time(transform.time_from_x(x)) - x).abs() < 1e-3);
        }
    }

    #[test]
    fn limits_clamp_span_and_position() {
        let limits = ViewLimits::within(TimeView::new(14_900.0, 17_100.0));
        // Too close: widened to a day about the anchor.
        let tiny = limits.clamp(TimeView::new(16_000.0, 16_000.1), Some(16_000.05));
        assert!((tiny.span() - 1.0).abs() < 1e-9 && tiny.contains(16_000.05));
        // Too far: the whole fitted range.
        assert_eq!(
            limits.clamp(TimeView::new(0.0, 100_000.0), None),
            limits.fit_all()
        );
        // Panned past the end: pushed back inside.
        let late = limits.clamp(TimeView::new(17_050.0, 17_150.0), None);
        assert_eq!(late.end, limits.bounds.end);
        assert!((late.span() - 100.0).abs() < 1e-9);
        // Nonsense becomes the fit-all view.
        assert_eq!(
            limits.clamp(TimeView::new(f64::NAN, 3.0), None),
            limits.fit_all()
        );
    }

    #[test]
    fn data_with_times_zooms_to_ten_minutes() {
        let bounds = TimeView::new(14_900.0, 17_100.0);
        let days = ViewLimits::within(bounds);
        let times = days.with_min_span(ViewLimits::closest_span(true));
        assert_eq!(ViewLimits::closest_span(false), days.min_span);
        assert!((times.min_span * 24.0 * 60.0 - 10.0).abs() < 1e-9);
        let anchor = 16_858.0 + 0.25;
        let tiny = TimeView::new(anchor - 1e-6, anchor + 1e-6);
        let clamped = times.clamp(tiny, Some(anchor));
        assert!((clamped.span() - times.min_span).abs() < 1e-12 && clamped.contains(anchor));
        assert!((days.clamp(tiny, Some(anchor)).span() - 1.0).abs() < 1e-9);
        // Zooming in step by step stops there, and the anchor stays put.
        let mut view = bounds;
        for _ in 0..200 {
            view = times.clamp(view.zoomed_about(anchor, 0.8), Some(anchor));
        }
        assert!((view.span() - times.min_span).abs() < 1e-9, "{view:?}");
        assert!(view.contains(anchor));
    }

    #[test]
    fn billions_of_years_away_a_view_stays_wide_enough_to_draw() {
        // 13.8 billion years before 1970, in days.
        let big_bang = -5.04e12;
        let limits = ViewLimits::within(TimeView::new(big_bang - 1e10, 20_000.0))
            .with_min_span(ViewLimits::closest_span(true));
        let view = limits.clamp(TimeView::new(big_bang, big_bang + 1e-3), Some(big_bang));
        assert!(view.is_valid() && view.contains(big_bang), "{view:?}");
        // Wide enough that a 4,000-pixel timeline's pixels are distinct times.
        let step = view.span() / 4000.0;
        assert!(big_bang + step > big_bang && view.start + step > view.start);
        // Near 1970 the data's limit holds.
        let near = limits.clamp(TimeView::new(16_858.0, 16_858.000_1), Some(16_858.0));
        assert!((near.span() - limits.min_span).abs() < 1e-12);
    }

    #[test]
    fn alternating_zooms_and_pans_return_exactly() {
        // The shared view of the timeline and the chart is one TimeView;
        // alternating their interactions must not accumulate error.
        let start = TimeView::new(16_679.0, 17_166.0);
        let mut view = start;
        for i in 0..1000 {
            let anchor = view.start + view.span() * f64::from(i % 7) / 7.0;
            view = view.zoomed_about(anchor, 0.8).panned(3.5);
            view = view.panned(-3.5).zoomed_about(anchor, 1.25);
        }
        assert!(
            (view.start - start.start).abs() < 1e-6 && (view.end - start.end).abs() < 1e-6,
            "{view:?}"
        );
    }

    #[test]
    fn lerp_reaches_its_ends() {
        let a = TimeView::new(0.0, 1000.0);
        let b = TimeView::new(500.0, 510.0);
        assert_eq!(a.lerp(&b, 0.0), a);
        let end = a.lerp(&b, 1.0);
        assert!((end.start - b.start).abs() < 1e-9 && (end.end - b.end).abs() < 1e-9);
    }

    #[test]
    fn a_zoom_from_billions_of_years_to_minutes_flies_into_its_target() {
        // Home on a cosmological dataset, and ten minutes of a night in 2016.
        let cosmos = TimeView::new(-5.2e12, 3.0e4);
        let night = TimeView::new(16_857.9, 16_857.9 + 10.0 / 1440.0);
        for (from, to) in [(cosmos, night), (night, cosmos)] {
            let mut last = from;
            for step in 1..=100 {
                let view = from.lerp(&to, f64::from(step) / 100.0);
                assert!(view.is_valid(), "{view:?}");
                // The night stays in view, at the same place on screen.
                assert!(
                    view.start <= night.start && night.end <= view.end,
                    "{view:?}"
                );
                // The span changes one way, by the same factor each step.
                let factor = view.span() / last.span();
                let expected = (to.span() / from.span()).powf(0.01);
                assert!(
                    (factor / expected - 1.0).abs() < 1e-6,
                    "{factor} {expected}"
                );
                last = view;
            }
            assert_eq!(last, to);
        }
        // A pan interpolates the centre.
        let a = TimeView::new(0.0, 10.0);
        let b = TimeView::new(100.0, 110.0);
        assert_eq!(a.lerp(&b, 0.5), TimeView::new(50.0, 60.0));
    }
}
