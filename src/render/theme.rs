//! The app's look in one place: every colour, font size, stroke width,
//! corner radius, padding and fixed height that is a design choice, named.
//!
//! The window and every export (PNG, SVG, the clipboard) paint with these
//! same values, so changing one here changes the screen and the images
//! alike. Colours that follow the theme (text, weak text, grid lines, the
//! selection, the focus) are egui's [`Visuals`], made here for each of the
//! three looks ([`visuals`], applied with [`apply`]) and tested against
//! WCAG contrast at the end of this file; the values here are the ones that
//! do not follow the theme, and the opacities applied to either. A
//! dataset's own colours are drawn through [`mark_color`], lifted where too
//! faint for the look.
//!
//! Two kinds of size live elsewhere, on purpose: where things go (row
//! heights, gaps, insets of bars and badges) is the layout's input
//! ([`crate::view::LayoutMetrics`], [`crate::view::ERA_BADGE_INSET`]), since
//! the layout is computed without egui; and the shapes of small glyphs (the
//! collapse triangle, the quote bubble's tail) stay in the function that
//! draws them.
//!
//! Values grouped by what they draw; `ui` at the end holds those of the
//! window's own panels (not in exports).

use eframe::egui::{self, Color32, FontId, Stroke, Vec2, Visuals, vec2};

/// The app's three looks. Exports draw in one of them too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Look {
    Light,
    Dark,
    /// Dark, with white text on black and 7:1 contrast for text.
    HighContrast,
}

impl Look {
    #[cfg(test)]
    pub(crate) const ALL: [Self; 3] = [Self::Light, Self::Dark, Self::HighContrast];

    /// The contrast every text colour has on its background in this look:
    /// WCAG AA, or AAA in the high-contrast look.
    pub(crate) fn text_contrast(self) -> f64 {
        match self {
            Self::Light | Self::Dark => super::contrast::TEXT_AA,
            Self::HighContrast => super::contrast::TEXT_AAA,
        }
    }

    /// egui's light or dark mode this look is drawn in.
    fn egui_theme(self) -> egui::Theme {
        match self {
            Self::Light => egui::Theme::Light,
            Self::Dark | Self::HighContrast => egui::Theme::Dark,
        }
    }
}

/// The smallest text anywhere, in points at zoom 1.0: egui's small text
/// (9 points by default) is raised to it.
pub(crate) const SMALLEST_TEXT: f32 = 12.0;

/// The outline of the widget with the keyboard focus (and of one being
/// pressed): egui draws a focused widget in its `active` look, a text
/// field in the selection stroke. Menus draw their items without outlines
/// (egui's menu style), so the `active` fill marks a focused item there: a
/// fill at 3:1 on the menu. Its text is egui's strong text (the `active`
/// text colour is), so the fill lies between: black text on a mid blue
/// (light), white on a mid grey (dark and high contrast).
pub(crate) const FOCUS_STROKE: f32 = 2.0;

/// The look's colours: egui's light or dark visuals with every text colour
/// and mark at WCAG AA contrast on the backgrounds they are drawn on (AAA
/// for text in the high-contrast look), and a focus outline that shows.
pub(crate) fn visuals(look: Look) -> Visuals {
    let gray = Color32::from_gray;
    let rgb = Color32::from_rgb;
    let mut visuals = match look {
        Look::Light => Visuals::light(),
        Look::Dark | Look::HighContrast => Visuals::dark(),
    };
    let (text, weak, focus, selection, selected_text, focus_fill, focus_text) = match look {
        Look::Light => (
            gray(60),
            gray(100),
            rgb(0x00, 0x3c, 0x8c),
            rgb(0x46, 0x82, 0xdc),
            Color32::BLACK,
            rgb(0x5a, 0x8c, 0xd2),
            Color32::BLACK,
        ),
        Look::Dark => (
            gray(175),
            gray(140),
            rgb(0x78, 0xbe, 0xff),
            rgb(0x28, 0x78, 0xbe),
            Color32::WHITE,
            gray(110),
            Color32::WHITE,
        ),
        Look::HighContrast => {
            let yellow = rgb(0xff, 0xe6, 0x00);
            let selection = rgb(0x00, 0x3c, 0x96);
            let white = Color32::WHITE;
            (white, gray(205), yellow, selection, white, gray(90), white)
        }
    };
    visuals.widgets.noninteractive.fg_stroke.color = text;
    visuals.weak_text_color = Some(weak);
    visuals.selection.bg_fill = selection;
    visuals.selection.stroke = Stroke::new(FOCUS_STROKE, selected_text);
    let active = &mut visuals.widgets.active;
    active.bg_stroke = Stroke::new(FOCUS_STROKE, focus);
    active.weak_bg_fill = focus_fill;
    active.bg_fill = focus_fill;
    active.fg_stroke.color = focus_text;
    match look {
        Look::Light => {
            visuals.hyperlink_color = rgb(0x00, 0x5a, 0xbe);
            visuals.warn_fg_color = rgb(0xa8, 0x46, 0x00);
            visuals.error_fg_color = rgb(0xbe, 0x00, 0x00);
        }
        Look::Dark => {
            visuals.error_fg_color = rgb(0xff, 0x5a, 0x5a);
        }
        Look::HighContrast => {
            visuals.panel_fill = Color32::BLACK;
            visuals.window_fill = Color32::BLACK;
            visuals.extreme_bg_color = Color32::BLACK;
            visuals.window_stroke = Stroke::new(HAIRLINE, gray(200));
            visuals.hyperlink_color = rgb(0x8c, 0xc8, 0xff);
            visuals.warn_fg_color = rgb(0xff, 0xc0, 0x40);
            visuals.error_fg_color = rgb(0xff, 0x8c, 0x8c);
            let widgets = &mut visuals.widgets;
            widgets.noninteractive.bg_fill = Color32::BLACK;
            widgets.noninteractive.weak_bg_fill = Color32::BLACK;
            widgets.noninteractive.bg_stroke.color = gray(150);
            widgets.inactive.weak_bg_fill = gray(35);
            widgets.inactive.bg_fill = gray(45);
            widgets.inactive.bg_stroke = Stroke::new(HAIRLINE, gray(170));
            widgets.inactive.fg_stroke.color = Color32::WHITE;
            widgets.hovered.weak_bg_fill = gray(60);
            widgets.hovered.bg_fill = gray(70);
            widgets.hovered.bg_stroke.color = Color32::WHITE;
            widgets.hovered.fg_stroke.color = Color32::WHITE;
            widgets.open.weak_bg_fill = gray(40);
            widgets.open.fg_stroke.color = Color32::WHITE;
        }
    }
    visuals
}

impl Look {
    /// The look `visuals` were made for ([`visuals`]).
    pub(crate) fn of(visuals: &Visuals) -> Self {
        if !visuals.dark_mode {
            Self::Light
        } else if visuals.panel_fill == Color32::BLACK {
            Self::HighContrast
        } else {
            Self::Dark
        }
    }
}

/// A dataset's `color` as drawn for a mark in `visuals` (a lane's bars and
/// markers, a series' line): itself, or lighter (dark looks) or darker
/// (light) until it has the look's text contrast on the timeline's and the
/// plot's background. More than the 3:1 graphics need: a label inside a
/// bar, in black or white, then reads at the text's contrast too (as a bar
/// is painted: at [`item::BAR_OPACITY`]). The dataset keeps its colour;
/// only the drawing adjusts.
pub(crate) fn mark_color(color: Color32, visuals: &Visuals) -> Color32 {
    let ratio = Look::of(visuals).text_contrast();
    let background = visuals.extreme_bg_color;
    super::contrast::readable_over(color, background, ratio, item::BAR_OPACITY)
}

/// The colour of the selection's lines and outlines (the overview's window
/// and selected date, the selected quote's card): the selection's fill
/// where it stands out at 3:1 on the panel, the selected text's colour
/// where it cannot (the high-contrast look's fill holds white text at 7:1,
/// so it is dark).
pub(crate) fn selection_mark(visuals: &Visuals) -> Color32 {
    let fill = visuals.selection.bg_fill;
    if super::contrast::contrast_ratio(fill, visuals.panel_fill) >= super::contrast::MARKS_AA {
        fill
    } else {
        visuals.selection.stroke.color
    }
}

/// The fill of an era's title bar: its `color` at `opacity` over the
/// timeline, moved toward the background where the theme's text on it
/// would fall short of the look's text contrast.
pub(crate) fn era_title_fill(color: Color32, opacity: f32, visuals: &Visuals) -> Color32 {
    use super::contrast::{contrast_ratio, mix, over};
    let (background, text) = (visuals.extreme_bg_color, visuals.text_color());
    let ratio = Look::of(visuals).text_contrast();
    let passes = |color: Color32| {
        contrast_ratio(text, over(color.gamma_multiply(opacity), background)) >= ratio
    };
    (0..=100)
        .map(|step| mix(color, background, step as f32 / 100.0))
        .find(|&color| passes(color))
        .unwrap_or(background)
        .gamma_multiply(opacity)
}

/// A dataset's `color` as drawn for text (a series' name in the chart's
/// legend) on the panel: at the look's text contrast.
pub(crate) fn text_color_of(color: Color32, visuals: &Visuals) -> Color32 {
    let ratio = Look::of(visuals).text_contrast();
    super::contrast::readable_on(color, visuals.panel_fill, ratio)
}

/// Draws the whole of `ctx` in `look`: its colours, and no text under
/// [`SMALLEST_TEXT`].
pub(crate) fn apply(ctx: &egui::Context, look: Look) {
    let theme = look.egui_theme();
    ctx.set_visuals_of(theme, visuals(look));
    ctx.set_theme(theme);
    ctx.all_styles_mut(|style| {
        for font in style.text_styles.values_mut() {
            font.size = font.size.max(SMALLEST_TEXT);
        }
    });
}

/// Distinct colours for lanes, series and eras that name none, in order:
/// as drawn in each look ([`mark_color`]), apart enough to tell with a
/// colour-vision deficiency (tested below).
pub(crate) const PALETTE: [Color32; 8] = [
    Color32::from_rgb(0xee, 0x11, 0x33),
    Color32::from_rgb(0x22, 0x77, 0xee),
    Color32::from_rgb(0x33, 0xbb, 0x99),
    Color32::from_rgb(0xdd, 0xbb, 0x22),
    Color32::from_rgb(0x88, 0x66, 0xbb),
    Color32::from_rgb(0x88, 0xcc, 0xcc),
    Color32::from_rgb(0xcc, 0x44, 0x88),
    Color32::from_rgb(0x99, 0xaa, 0x55),
];

/// Text on a light fill (a pale lane colour, the quote badge in dark mode).
pub(crate) const TEXT_ON_LIGHT: Color32 = Color32::BLACK;
/// Text on a dark fill.
pub(crate) const TEXT_ON_DARK: Color32 = Color32::WHITE;

/// Grid lines, separators and thin outlines.
pub(crate) const HAIRLINE: f32 = 1.0;

/// The colour of grid lines and separators, light or dark.
pub(crate) fn grid_color(visuals: &Visuals) -> Color32 {
    visuals.widgets.noninteractive.bg_stroke.color
}

/// The two-row time axis at the top of the timeline.
pub mod axis {
    use super::FontId;

    /// Height of the axis strip.
    pub(crate) const HEIGHT: f32 = 40.0;
    /// The lower row: months, days or hours, and the grid lines under them.
    pub(crate) const MINOR_FONT: FontId = FontId::proportional(12.0);
    /// The upper row: the period the lower row's ticks belong to.
    pub(crate) const MAJOR_FONT: FontId = FontId::proportional(12.5);
    /// The font labels are measured in to space the ticks. The upper row is
    /// measured in it too, a little narrower than it is drawn.
    pub(crate) const MEASURE_FONT: FontId = MINOR_FONT;
    /// Opacity of the grid lines of the lower row's ticks.
    pub(crate) const MINOR_GRID_OPACITY: f32 = 0.5;
    /// Where a lower-row tick mark starts, below the axis' top.
    pub(crate) const MINOR_TICK_TOP: f32 = 22.0;
    /// The lower row's labels: right of their tick, centred at this height.
    pub(crate) const MINOR_LABEL_DX: f32 = 3.0;
    pub(crate) const MINOR_LABEL_Y: f32 = 30.0;
    /// The upper row's labels: right of their tick (or of the left edge),
    /// centred at this height, and never closer than `MAJOR_LABEL_END_GAP`
    /// to the end of their period.
    pub(crate) const MAJOR_LABEL_DX: f32 = 4.0;
    pub(crate) const MAJOR_LABEL_Y: f32 = 11.0;
    pub(crate) const MAJOR_LABEL_END_GAP: f32 = 6.0;
}

/// The era strip under the axis and the era bands behind the lanes.
pub mod eras {
    use super::FontId;

    /// Height of one row of era titles.
    pub(crate) const ROW_HEIGHT: f32 = 18.0;
    /// Space between the era strip and the first lane.
    pub(crate) const GAP_BELOW: f32 = 4.0;
    /// The title bar inside its row: this much shorter above and below.
    pub(crate) const TITLE_BAR_INSET: f32 = 2.0;
    /// A title starts this far right of its bar (or of the left edge).
    pub(crate) const TITLE_DX: f32 = 4.0;
    pub(crate) const TITLE_FONT: FontId = FontId::proportional(12.0);
    /// Opacity of a title bar's fill.
    pub(crate) const TITLE_OPACITY: f32 = 0.35;
    /// An era longer than this share of the data is a long one.
    pub(crate) const LONG_ERA_SHARE: f64 = 0.5;
    /// Opacity of a long era's band (a whole war): a faint wash.
    pub(crate) const LONG_WASH: f32 = 0.035;
    /// Opacity of a shorter era's band (a truce): it stands out.
    pub(crate) const SHORT_WASH: f32 = 0.11;
    /// Opacity of the band of eras too narrow to tell apart.
    pub(crate) const CLUSTER_WASH: f32 = 0.08;
    /// Bands reach this far past the timeline's edges, so their ends and
    /// faded edges stay outside.
    pub(crate) const OVERDRAW: f32 = 2.0;
    /// A title too long for its bar runs on over the free row beside it,
    /// stopping this far short of the next era's bar.
    pub(crate) const TITLE_GAP: f32 = 6.0;
    /// Opacity of the selected era's title bar, and its outline's width.
    pub(crate) const SELECTED_TITLE_OPACITY: f32 = 0.4;
    pub(crate) const SELECTED_OUTLINE: f32 = 1.5;
}

/// Count badges: `+N` aggregated events of a lane and `+N eras`.
pub mod badge {
    use super::FontId;

    pub(crate) const CORNER_RADIUS: f32 = 8.0;
    /// Opacity of the fill: the lane's colour, or weak text for eras.
    pub(crate) const FILL_OPACITY: f32 = 0.3;
    pub(crate) const FONT: FontId = FontId::proportional(12.0);
}

/// A lane's header strip: collapse toggle, colour swatch, name and count.
pub mod lane {
    use super::FontId;

    /// The header's fill: the panel's faint background, this much stronger.
    pub(crate) const HEADER_FILL_GAIN: f32 = 1.5;
    /// The collapse toggle's centre, right of the timeline's left edge.
    pub(crate) const TOGGLE_X: f32 = 10.0;
    /// The colour swatch's centre, right of the left edge, with the toggle
    /// (the window) and without it (exports).
    pub(crate) const SWATCH_X_AFTER_TOGGLE: f32 = 24.0;
    pub(crate) const SWATCH_X: f32 = 12.0;
    pub(crate) const SWATCH_SIZE: f32 = 10.0;
    pub(crate) const SWATCH_CORNER_RADIUS: f32 = 2.0;
    /// The name starts this far right of the swatch's centre.
    pub(crate) const NAME_DX: f32 = 10.0;
    pub(crate) const NAME_FONT: FontId = FontId::proportional(13.0);
    /// The event count follows the name after this gap.
    pub(crate) const COUNT_GAP: f32 = 8.0;
    pub(crate) const COUNT_FONT: FontId = FontId::proportional(12.0);
}

/// A layer's header above its lanes, when the timeline shows layers.
pub mod layer {
    use super::FontId;

    /// The header's fill: the panel's faint background, this much stronger
    /// than a lane header's.
    pub(crate) const HEADER_FILL_GAIN: f32 = 3.0;
    /// The layer's colour band down the left edge of its header and lanes.
    pub(crate) const BAND_WIDTH: f32 = 5.0;
    /// The title starts this far right of the timeline's left edge, with
    /// the fold toggle (the window) and without it (exports).
    pub(crate) const TITLE_X_AFTER_TOGGLE: f32 = 26.0;
    pub(crate) const TITLE_X: f32 = 14.0;
    pub(crate) const TITLE_FONT: FontId = FontId::proportional(14.0);
    /// The count of events and lanes follows the title after this gap.
    pub(crate) const COUNT_GAP: f32 = 10.0;
    pub(crate) const COUNT_FONT: FontId = FontId::proportional(12.0);
    /// The header's buttons: their gap, and the room kept right of them.
    pub(crate) const BUTTON_GAP: f32 = 4.0;
    pub(crate) const BUTTON_MARGIN: f32 = 8.0;
    /// The layers' colours are the palette's from this place on, by key.
    pub(crate) const PALETTE_OFFSET: usize = 5;
}

/// Events: bars, markers and their labels.
pub mod item {
    use super::FontId;

    /// The font of item labels; label widths are measured in it.
    pub(crate) const LABEL_FONT: FontId = FontId::proportional(13.0);
    /// A label's clip reaches this far above and below its item.
    pub(crate) const LABEL_CLIP_MARGIN: f32 = 4.0;
    /// Room left beyond the first item and the last label when the data is
    /// fitted in view (Home, the first view, the overview, the whole
    /// dataset's export), besides the gap the layout keeps after an item.
    pub(crate) const END_PAD: f32 = 6.0;
    /// A label whose title is wider than its room by more than this ends on
    /// an ellipsis (measured widths and laid-out ones differ by a point or
    /// so).
    pub(crate) const LABEL_ELIDE_SLACK: f32 = 1.0;
    /// The most item labels a frame on screen lays out that it did not
    /// keep from earlier frames (about 16 µs each); the rest show in the
    /// frames that follow. An export lays out all it shows.
    pub(crate) const NEW_LABELS_PER_FRAME: usize = 40;
    /// A cut-short text is laid out for its room rounded down to a
    /// multiple of this: while a zoom or a pan changes the room a little
    /// every frame, the same layout serves many frames (egui caches a
    /// layout by its width) instead of a new one each frame.
    pub(crate) const ELIDE_STEP: f32 = 12.0;
    /// Opacity of an item that does not match the search.
    pub(crate) const DIMMED_OPACITY: f32 = 0.22;
    /// Opacity of a bar's fill, and of a coarse (month or year) point's.
    pub(crate) const BAR_OPACITY: f32 = 0.9;
    pub(crate) const COARSE_BAR_OPACITY: f32 = 0.3;
    pub(crate) const CORNER_RADIUS: f32 = 3.0;
    /// An uncertain end fades over a third of the bar, at most this much.
    pub(crate) const MAX_FADE: f32 = 24.0;
    /// The outline of an uncertain (hollow) marker.
    pub(crate) const HOLLOW_MARKER_STROKE: f32 = 2.0;
    /// The selection: a stroke in the text colour, at least this opaque
    /// even on a dimmed item.
    pub(crate) const SELECTED_STROKE: f32 = 2.0;
    pub(crate) const SELECTED_MIN_OPACITY: f32 = 0.6;
    /// The hover outline: a hairline in the text colour at this opacity.
    pub(crate) const HOVERED_OPACITY: f32 = 0.6;
    /// How far a marker's outline stands off the marker.
    pub(crate) const MARKER_OUTLINE_GROW: f32 = 3.0;
    /// How far a bar's selection and hover outlines stand off the bar.
    pub(crate) const BAR_SELECTED_GROW: f32 = 2.0;
    pub(crate) const BAR_HOVERED_GROW: f32 = 1.0;
    pub(crate) const OUTLINE_CORNER_RADIUS: f32 = 4.0;
}

/// The speech bubble on an item with quotes, holding their number.
pub mod quote_badge {
    use super::{FontId, Vec2, vec2};

    /// On a bar: the bubble's centre, from the bar's top right corner.
    pub(crate) const OFFSET: Vec2 = vec2(1.0, -2.0);
    /// On a marker: the bubble sits above and right of the diamond, its
    /// bottom left corner this far right of the diamond's centre…
    pub(crate) const MARKER_DX: f32 = 3.0;
    /// …and this much farther from the diamond than its radius (along
    /// both axes together), so the two never touch.
    pub(crate) const MARKER_CLEARANCE: f32 = 2.0;
    pub(crate) const SIZE: Vec2 = vec2(15.0, 14.0);
    pub(crate) const CORNER_RADIUS: f32 = 3.0;
    pub(crate) const FONT: FontId = FontId::proportional(12.0);
    /// The bubble's tail, from its bottom left corner: where it leaves the
    /// bubble (two points on its bottom edge) and its tip below.
    pub(crate) const TAIL: [Vec2; 3] = [vec2(2.0, -1.0), vec2(6.0, -1.0), vec2(1.0, 2.0)];
}

/// The timeline of a dataset without events says so.
pub(crate) const EMPTY_MESSAGE_FONT: FontId = FontId::proportional(16.0);

/// The figures chart.
pub mod chart {
    use super::{Color32, FontId};

    pub(crate) const LINE_WIDTH: f32 = 2.0;
    pub(crate) const POINT_RADIUS: f32 = 3.5;
    /// The vertical line at the selected event: blue in light and dark mode.
    pub(crate) const SELECTED_COLOR: Color32 = Color32::from_rgb(0x3d, 0x7f, 0xd6);
    pub(crate) const SELECTED_WIDTH: f32 = 2.0;
    /// The vertical line at the pointer's date over another view.
    pub(crate) const POINTER_COLOR: Color32 = Color32::GRAY;
    pub(crate) const POINTER_WIDTH: f32 = 1.0;
    /// The value labels sit inside the plot, this far from its left edge
    /// and this far above their gridline, so they take no width from time.
    pub(crate) const Y_LABEL_INSET: f32 = 3.0;
    pub(crate) const Y_LABEL_LIFT: f32 = 1.0;
    pub(crate) const Y_LABEL_FONT: FontId = FontId::proportional(12.0);
    /// The plot's background behind each value label, over the lines.
    pub(crate) const Y_LABEL_BACKDROP_OPACITY: f32 = 0.8;
    pub(crate) const Y_LABEL_BACKDROP_MARGIN: f32 = 1.0;
    pub(crate) const Y_LABEL_BACKDROP_CORNER_RADIUS: f32 = 2.0;
    /// Value gridlines are at least this far apart.
    pub(crate) const Y_GRID_MIN_SPACING: f32 = 36.0;
    /// The strip under the plot for the date labels, and its font.
    pub(crate) const X_LABELS_HEIGHT: f32 = 18.0;
    pub(crate) const X_LABEL_FONT: FontId = FontId::proportional(12.0);
    /// The tick mark from the plot's bottom edge at each date label.
    pub(crate) const X_TICK_LENGTH: f32 = 3.0;
    /// Space kept between two neighbouring date labels.
    pub(crate) const X_LABEL_GAP: f32 = 6.0;
    /// The date axis spaces its ticks for labels of at least this many
    /// characters ("11 Mar 2016") of about this width each.
    pub(crate) const DATE_CHAR_WIDTH: f32 = 7.0;
    pub(crate) const DATE_MIN_CHARS: usize = 11;
}

/// The chart's legend: a swatch and the series' name per series.
pub mod legend {
    use super::{Vec2, vec2};

    pub(crate) const ITEM_SPACING: f32 = 6.0;
    /// The space a swatch takes, and the bar drawn at its centre.
    pub(crate) const SWATCH_CELL: Vec2 = vec2(14.0, 12.0);
    pub(crate) const SWATCH: Vec2 = vec2(14.0, 4.0);
    pub(crate) const SWATCH_CORNER_RADIUS: f32 = 1.0;
    /// Space after each series, and between rows of entries.
    pub(crate) const GAP: f32 = 10.0;
    pub(crate) const ROW_GAP: f32 = 4.0;
}

/// An exported image's layout around the timeline.
pub mod export {
    use super::FontId;

    /// Around the chart and the caption.
    pub(crate) const PADDING: f32 = 12.0;
    /// The timeline keeps at least its axis, its era strip and this much
    /// (a lane's header and a row).
    pub(crate) const MIN_LANES_HEIGHT: f32 = 40.0;
    /// The chart takes this share of the image's height, within
    /// `CHART_HEIGHT`, less when the image is low but never below
    /// `MIN_CHART_HEIGHT` (readable).
    pub(crate) const CHART_SHARE: f32 = 0.28;
    pub(crate) const CHART_HEIGHT: std::ops::RangeInclusive<f32> = 100.0..=480.0;
    pub(crate) const MIN_CHART_HEIGHT: f32 = 60.0;
    /// Between the chart and its legend, and below the legend.
    pub(crate) const LEGEND_GAP: f32 = 4.0;
    /// The caption's headline, its date range and its sources line, and
    /// the most rows each may wrap to.
    pub(crate) const HEADLINE_FONT: FontId = FontId::proportional(16.0);
    pub(crate) const HEADLINE_ROWS: usize = 2;
    /// A story slide's text and quotes, between the headline and the range.
    pub(crate) const STORY_FONT: FontId = FontId::proportional(14.0);
    pub(crate) const STORY_ROWS: usize = 12;
    pub(crate) const RANGE_FONT: FontId = FontId::proportional(13.0);
    pub(crate) const RANGE_ROWS: usize = 1;
    pub(crate) const SOURCES_FONT: FontId = FontId::proportional(12.0);
    pub(crate) const SOURCES_ROWS: usize = 4;
    /// Between the caption's lines.
    pub(crate) const CAPTION_LINE_GAP: f32 = 3.0;
}

/// The window's own panels and overlays, never exported. Named here so the
/// whole look is in one file; the panels read them from here.
pub mod ui {
    use super::{Color32, FontId, Vec2, vec2};

    /// Opacity of the selection colour filling a range (a span being
    /// dragged on the timeline, the visible window on the overview).
    pub(crate) const RANGE_FILL_OPACITY: f32 = 0.25;

    /// The line at the selected event across the timeline's lanes: a
    /// hairline in the selection colour at this opacity.
    pub(crate) const SELECTED_LINE_OPACITY: f32 = 0.6;
    /// The ring around a timeline node (an event, an era, a lane header)
    /// with keyboard focus, in the strong text colour, this far outside it.
    pub(crate) const FOCUS_RING_WIDTH: f32 = 2.0;
    pub(crate) const FOCUS_RING_GAP: f32 = 2.0;
    pub(crate) const FOCUS_RING_CORNER_RADIUS: f32 = 3.0;

    /// The line at the pointer's date: a hairline in the text colour at this
    /// opacity (on the timeline; the overview's is `overview::POINTER_OPACITY`).
    pub(crate) const POINTER_LINE_OPACITY: f32 = 0.35;
    /// The pointer's date in a box above the lanes.
    pub(crate) const POINTER_DATE_FONT: FontId = FontId::proportional(12.0);
    /// Padding inside the box, each side.
    pub(crate) const POINTER_DATE_PADDING: Vec2 = vec2(5.0, 2.0);
    pub(crate) const POINTER_DATE_CORNER_RADIUS: f32 = 4.0;
    /// The box sits this far above the axis' bottom edge.
    pub(crate) const POINTER_DATE_LIFT: f32 = 1.0;
    /// A selection scrolled into view keeps this much room from the top
    /// and the bottom of the lanes.
    pub(crate) const REVEAL_MARGIN: f32 = 8.0;
    /// A selected label reaching less than this past an edge of the
    /// timeline is whole (its last pixel's rounding); one reaching further
    /// is cut, and the view zooms in to show it when it cannot move.
    pub(crate) const LABEL_CUT_TOLERANCE: f32 = 0.5;

    /// The Profiler window (`--profile`, Help menu).
    pub mod profiler {
        use super::{FontId, Vec2, vec2};

        pub(crate) const WINDOW_SIZE: Vec2 = vec2(900.0, 620.0);
        /// While the window shows the latest frame, the app draws again
        /// after this long even when idle, to show the last frame it drew.
        pub(crate) const IDLE_REFRESH: std::time::Duration = std::time::Duration::from_millis(250);
        /// The strip of recent frames, a bar each, as high as its time.
        pub(crate) const STRIP_HEIGHT: f32 = 56.0;
        pub(crate) const STRIP_BAR_WIDTH: f32 = 3.0;
        pub(crate) const STRIP_BAR_GAP: f32 = 1.0;
        /// The strip's full height stands for this long a frame; longer
        /// bars are cut at the top.
        pub(crate) const STRIP_FULL_MS: f64 = 16.0;
        /// The line across the strip at the frame budget.
        pub(crate) const BUDGET_MS: f64 = 4.0;
        pub(crate) const BUDGET_LINE_WIDTH: f32 = 1.0;
        /// Frames kept for the strip, and the slowest ones kept apart.
        pub(crate) const RECENT_FRAMES: usize = 600;
        pub(crate) const SLOWEST_FRAMES: usize = 64;
        /// A row of the flame graph, per depth.
        pub(crate) const ROW_HEIGHT: f32 = 18.0;
        pub(crate) const ROW_GAP: f32 = 1.0;
        pub(crate) const SCOPE_FONT: FontId = FontId::monospace(11.0);
        /// A scope's name is written in its box when the box is this wide.
        pub(crate) const MIN_LABEL_WIDTH: f32 = 24.0;
        pub(crate) const LABEL_PADDING: f32 = 3.0;
        /// The thread's name above its rows.
        pub(crate) const THREAD_GAP: f32 = 6.0;
        /// The flame graph's height before the table of totals.
        pub(crate) const GRAPH_HEIGHT: f32 = 300.0;
        /// At most this share of the height the window has left for it.
        pub(crate) const GRAPH_SHARE: f32 = 0.6;
        /// A wheel step's zoom of the flame graph.
        pub(crate) const ZOOM_PER_POINT: f32 = 0.004;
        /// The closest zoom: this share of the frame across the graph.
        pub(crate) const MIN_ZOOM_SPAN: f64 = 1e-6;
        /// A scope is drawn at least this wide, however short.
        pub(crate) const MIN_SCOPE_WIDTH: f32 = 1.0;
        /// Rows in the table of the scopes with the most time.
        pub(crate) const TOTAL_ROWS: usize = 20;
        /// A scope's colour: its name's hash picks the hue; these the rest.
        pub(crate) const SCOPE_SATURATION: f32 = 0.45;
        pub(crate) const SCOPE_VALUE: f32 = 0.75;
    }

    /// The lanes' scroll bar.
    pub mod scrollbar {
        use super::{Vec2, vec2};

        pub(crate) const WIDTH: f32 = 8.0;
        pub(crate) const MIN_THUMB: f32 = 24.0;
        /// The thumb is drawn this much narrower (each side) than its track.
        pub(crate) const THUMB_INSET: Vec2 = vec2(1.5, 0.0);
        pub(crate) const THUMB_CORNER_RADIUS: f32 = 3.0;
        /// Opacity of the thumb while dragged or hovered (text colour) and
        /// otherwise (weak text colour).
        pub(crate) const ACTIVE_OPACITY: f32 = 0.6;
        pub(crate) const IDLE_OPACITY: f32 = 0.5;
    }

    /// The overview band under the timeline.
    pub mod overview {
        use super::{FontId, Vec2, vec2};

        pub(crate) const HEIGHT: f32 = 64.0;
        /// The band inside its panel.
        pub(crate) const MARGIN: Vec2 = vec2(8.0, 4.0);
        pub(crate) const CORNER_RADIUS: f32 = 4.0;
        /// The band paints this far past its edges, so the visible
        /// window's outline and the lines at the ends stay whole.
        pub(crate) const OVERDRAW: f32 = 2.0;
        /// One density bar per this many points of width.
        pub(crate) const BIN_WIDTH: f32 = 2.0;
        /// The density bars start below the year labels, and reach this
        /// short of the top of their area.
        pub(crate) const DENSITY_TOP: f32 = 16.0;
        pub(crate) const DENSITY_HEADROOM: f32 = 4.0;
        /// Opacity of the density bars (weak text colour).
        pub(crate) const DENSITY_OPACITY: f32 = 0.7;
        /// A layer's share of a bar, in its colour, when there are layers.
        pub(crate) const LAYER_DENSITY_OPACITY: f32 = 0.85;
        /// Year labels: about this wide per character when spacing ticks.
        pub(crate) const LABEL_CHAR_WIDTH: f32 = 7.0;
        pub(crate) const LABEL_FONT: FontId = FontId::proportional(12.0);
        /// A year's tick mark: this long, at this opacity (weak text).
        pub(crate) const TICK_LENGTH: f32 = 14.0;
        pub(crate) const TICK_OPACITY: f32 = 0.6;
        /// A year's label: right of its tick, centred at this height.
        pub(crate) const LABEL_OFFSET: Vec2 = vec2(3.0, 7.0);
        /// The selected event's line (selection colour).
        pub(crate) const SELECTED_WIDTH: f32 = 2.0;
        /// The pointer's line: a hairline in the text colour at this opacity.
        pub(crate) const POINTER_OPACITY: f32 = 0.4;
        /// The visible window: at least this wide, its outline this thick.
        pub(crate) const WINDOW_MIN_WIDTH: f32 = 3.0;
        pub(crate) const WINDOW_CORNER_RADIUS: f32 = 3.0;
        pub(crate) const WINDOW_STROKE: f32 = 1.5;
    }

    /// The Details tab.
    pub mod details {
        pub(crate) const TITLE_SIZE: f32 = 17.0;
        pub(crate) const TAG_SIZE: f32 = 12.0;
        /// The lane's colour swatch.
        pub(crate) const SWATCH_SIZE: f32 = 10.0;
        pub(crate) const SWATCH_CORNER_RADIUS: f32 = 2.0;
        /// Space under the title, between blocks, and before a section
        /// (Sources, Quotes).
        pub(crate) const TITLE_GAP: f32 = 4.0;
        pub(crate) const BLOCK_GAP: f32 = 6.0;
        pub(crate) const SECTION_GAP: f32 = 8.0;
        /// Between the two lines of the hint shown while nothing is
        /// selected.
        pub(crate) const HINT_GAP: f32 = 8.0;
    }

    /// The Quotes tab.
    pub mod quotes {
        pub(crate) const QUOTE_SIZE: f32 = 14.0;
        /// The selected quote's card outline (selection colour).
        pub(crate) const SELECTED_STROKE: f32 = 2.0;
        pub(crate) const CARD_GAP: f32 = 4.0;
        /// A linked event's button shows at most this many characters of
        /// its title (the hover shows all of it).
        pub(crate) const CHIP_MAX_CHARS: usize = 38;
    }

    /// The figures chart under the timeline (its plot is drawn as in an
    /// export, [`crate::render::theme::chart`]), with its legend above it.
    pub mod chart_strip {
        /// The strip first takes this share of the height it shares with
        /// the timeline, within `DEFAULT_HEIGHT`; dragged, it keeps between
        /// `MIN_HEIGHT` and `MAX_SHARE` of that height.
        pub(crate) const DEFAULT_SHARE: f32 = 0.3;
        pub(crate) const DEFAULT_HEIGHT: std::ops::RangeInclusive<f32> = 150.0..=260.0;
        pub(crate) const MIN_HEIGHT: f32 = 110.0;
        pub(crate) const MAX_SHARE: f32 = 0.55;
        /// Space between the timeline and the strip's legend, where the
        /// strip's edge is grabbed to resize it.
        pub(crate) const GAP_ABOVE: i8 = 6;
        /// The resize handle is grabbed this far either side of the edge.
        pub(crate) const GRAB_RADIUS: f32 = 6.0;
        /// Between the legend's entries, and between its rows.
        pub(crate) const LEGEND_GAP: f32 = 14.0;
    }

    /// The Figures tab: the table of values, and the series toggles when
    /// the chart is not drawn.
    pub mod figures {
        /// The series toggles' swatch: a short bar.
        pub(crate) const TOGGLE_SWATCH: super::Vec2 = super::vec2(14.0, 4.0);
        pub(crate) const TOGGLE_SWATCH_CORNER_RADIUS: f32 = 1.0;
        /// The table's swatch per row.
        pub(crate) const ROW_SWATCH_SIZE: f32 = 8.0;
        pub(crate) const ROW_SWATCH_CORNER_RADIUS: f32 = 2.0;
        /// A striped row's fill reaches this far above and below the row.
        pub(crate) const STRIPE_OVERLAP: f32 = 1.0;
        /// Space above the series toggles and between them and the table.
        pub(crate) const TOGGLES_GAP_ABOVE: f32 = 4.0;
        pub(crate) const TABLE_GAP_ABOVE: f32 = 6.0;
        /// The table's columns are as wide as their content; the source's,
        /// the last, takes the rest. When room is short the source column
        /// gives way down to its least, then the series' down to its.
        pub(crate) const TABLE_SOURCE_MIN_WIDTH: f32 = 48.0;
        pub(crate) const TABLE_SERIES_MIN_WIDTH: f32 = 48.0;
        /// A figure point's tooltip.
        pub(crate) const TOOLTIP_MAX_WIDTH: f32 = 340.0;
    }

    /// The list of the events a badge stands for.
    pub mod badge_list {
        /// The window's first width; its list scrolls past `MAX_HEIGHT`.
        pub(crate) const WIDTH: f32 = 480.0;
        pub(crate) const MAX_HEIGHT: f32 = 360.0;
        /// One event a row: the lane's colour swatch, the dates in a column
        /// this wide, the title.
        pub(crate) const ROW_HEIGHT: f32 = 20.0;
        pub(crate) const SWATCH_SIZE: f32 = 10.0;
        pub(crate) const SWATCH_CORNER_RADIUS: f32 = 2.0;
        pub(crate) const DATE_WIDTH: f32 = 170.0;
    }

    /// Notices over the bottom right of the timeline ("Wrote …", "Copied …").
    pub mod notices {
        use super::{Vec2, vec2};

        /// At most this wide; this far in from the timeline's corner.
        pub(crate) const WIDTH: f32 = 420.0;
        pub(crate) const MARGIN: Vec2 = vec2(12.0, 12.0);
        /// Between two notices, and inside each.
        pub(crate) const GAP: f32 = 6.0;
        pub(crate) const PADDING: f32 = 8.0;
        /// Information goes after this many seconds on screen; warnings and
        /// errors stay until dismissed.
        pub(crate) const INFO_SECONDS: f64 = 6.0;
    }

    /// Text in a dialog wraps at this width.
    pub(crate) const DIALOG_TEXT_WIDTH: f32 = 460.0;

    /// The main window: its first size and the least it may be made.
    pub(crate) const WINDOW_SIZE: [f32; 2] = [1440.0, 880.0];
    pub(crate) const MIN_WINDOW_SIZE: [f32; 2] = [800.0, 500.0];
    /// The side panel's width: at first, at least and at most.
    pub(crate) const SIDE_PANEL_WIDTH: f32 = 510.0;
    pub(crate) const SIDE_PANEL_WIDTH_RANGE: std::ops::RangeInclusive<f32> = 240.0..=760.0;
    /// The side panel takes at most this share of the window's width, so
    /// the timeline keeps at least 60 % of it (its margins included).
    pub(crate) const SIDE_PANEL_MAX_SHARE: f32 = 0.36;
    /// The side panel's resize handle reaches this far either side of its
    /// edge (egui's default is 3).
    pub(crate) const SIDE_PANEL_GRAB_RADIUS: f32 = 6.0;
    /// The side panel's tab names, and the space above them.
    pub(crate) const TAB_SIZE: f32 = 15.0;
    pub(crate) const TABS_GAP_ABOVE: f32 = 4.0;
    /// Tooltips of events and eras on the timeline.
    pub(crate) const TOOLTIP_MAX_WIDTH: f32 = 360.0;

    /// Widths of form fields and the like: the search box, the path fields
    /// of the Open dataset and Save dataset as windows, the export dialog's
    /// fields, grid and progress bar, the Quotes tab's speaker list, the
    /// load problems' list.
    pub mod forms {
        use super::{Vec2, vec2};

        pub(crate) const SEARCH_WIDTH: f32 = 240.0;
        pub(crate) const OPEN_PATH_WIDTH: f32 = 380.0;
        /// The Open window's list of a conflict file's countries scrolls
        /// past this height, and its filter field is this wide.
        pub(crate) const OPEN_COUNTRIES_HEIGHT: f32 = 160.0;
        pub(crate) const OPEN_FILTER_WIDTH: f32 = 200.0;
        /// The export's custom range: its From and To dates.
        pub(crate) const EXPORT_DATE_WIDTH: f32 = 90.0;
        /// The export's path and caption headline.
        pub(crate) const EXPORT_PATH_WIDTH: f32 = 320.0;
        /// The export progress bar.
        pub(crate) const EXPORT_PROGRESS_WIDTH: f32 = 160.0;
        pub(crate) const EXPORT_GRID_SPACING: Vec2 = vec2(12.0, 8.0);
        pub(crate) const SPEAKER_LIST_WIDTH: f32 = 190.0;
        /// The load problems' list scrolls past this height.
        pub(crate) const PROBLEMS_MAX_HEIGHT: f32 = 150.0;
        /// A chevron button (Back and Forward, a layer's move up and
        /// down), and the chevron drawn in it: half its height, its
        /// line's width.
        pub(crate) const CHEVRON_BUTTON_SIZE: Vec2 = vec2(26.0, 20.0);
        pub(crate) const CHEVRON_HALF: f32 = 5.0;
        pub(crate) const CHEVRON_STROKE: f32 = 1.5;
    }

    /// The Views window and story mode.
    pub mod story {
        /// The Views window's first width, its name fields, and its list,
        /// which scrolls past this height.
        pub(crate) const WINDOW_WIDTH: f32 = 460.0;
        pub(crate) const NAME_WIDTH: f32 = 220.0;
        /// A view's title in the window's list, cut short past this.
        pub(crate) const TITLE_WIDTH: f32 = 260.0;
        pub(crate) const LIST_HEIGHT: f32 = 320.0;
        /// The Views menu lists at most this many views; the window all.
        pub(crate) const MENU_VIEWS: usize = 24;
        /// The slide takes this share of the window's width, within
        /// `PANEL_WIDTH`, beside the timeline.
        pub(crate) const PANEL_SHARE: f32 = 0.36;
        pub(crate) const PANEL_WIDTH: std::ops::RangeInclusive<f32> = 300.0..=720.0;
        /// The slide's number, its title, its text, its quotes and who
        /// said them: set large, to be read across a room.
        pub(crate) const COUNTER_SIZE: f32 = 15.0;
        pub(crate) const TITLE_SIZE: f32 = 30.0;
        pub(crate) const TEXT_SIZE: f32 = 20.0;
        pub(crate) const QUOTE_SIZE: f32 = 20.0;
        pub(crate) const ATTRIBUTION_SIZE: f32 = 15.0;
        /// Space under the number and the title, and above each quote.
        pub(crate) const GAP: f32 = 12.0;
        /// The progress strip: its height, and the gap between slides.
        pub(crate) const STRIP_HEIGHT: f32 = 14.0;
        pub(crate) const SEGMENT_GAP: f32 = 2.0;
        pub(crate) const SEGMENT_CORNER_RADIUS: f32 = 2.0;
        /// The slides not on screen, dimmer than the one that is.
        pub(crate) const OTHER_SEGMENT_OPACITY: f32 = 0.35;
    }

    /// Help → User guide and Keyboard shortcuts.
    pub mod guide {
        use super::{Vec2, vec2};

        /// The user guide's first size.
        pub(crate) const WINDOW_SIZE: Vec2 = vec2(640.0, 560.0);
        /// Space above a heading and after a paragraph, a table or code.
        pub(crate) const HEADING_GAP: f32 = 10.0;
        pub(crate) const PARAGRAPH_GAP: f32 = 6.0;
        /// Up and Down scroll the guide and the shortcuts this far.
        pub(crate) const KEY_SCROLL_STEP: f32 = 40.0;
        /// The keyboard shortcuts window's first size.
        pub(crate) const SHORTCUTS_SIZE: Vec2 = vec2(640.0, 640.0);
        /// A table's column wraps its text at this width.
        pub(crate) const TABLE_COLUMN_MAX_WIDTH: f32 = 420.0;
    }

    /// The veil over the window while a dataset is dragged over it.
    pub(crate) const DROP_VEIL: Color32 = Color32::from_black_alpha(170);
    pub(crate) const DROP_TEXT: Color32 = Color32::WHITE;
    pub(crate) const DROP_FONT: FontId = FontId::proportional(22.0);
}

#[cfg(test)]
mod tests {
    /// The files that paint for the screen and the exports.
    const PAINTING: [(&str, &str); 4] = [
        ("render/paint.rs", include_str!("paint.rs")),
        ("render/timeline.rs", include_str!("timeline.rs")),
        ("render/chart.rs", include_str!("chart.rs")),
        ("export/mod.rs", include_str!("../export/mod.rs")),
    ];

    /// The app's own panels and windows.
    const PANELS: [(&str, &str); 19] = [
        ("ui/mod.rs", include_str!("../ui/mod.rs")),
        ("ui/views.rs", include_str!("../ui/views.rs")),
        ("ui/profiler.rs", include_str!("../ui/profiler.rs")),
        ("ui/toolbar.rs", include_str!("../ui/toolbar.rs")),
        ("ui/help.rs", include_str!("../ui/help.rs")),
        ("ui/guide.rs", include_str!("../ui/guide.rs")),
        (
            "ui/dataset_windows.rs",
            include_str!("../ui/dataset_windows.rs"),
        ),
        (
            "ui/export_dialog.rs",
            include_str!("../ui/export_dialog.rs"),
        ),
        (
            "ui/panels/timeline.rs",
            include_str!("../ui/panels/timeline.rs"),
        ),
        (
            "ui/panels/overview.rs",
            include_str!("../ui/panels/overview.rs"),
        ),
        (
            "ui/panels/details.rs",
            include_str!("../ui/panels/details.rs"),
        ),
        (
            "ui/panels/quotes.rs",
            include_str!("../ui/panels/quotes.rs"),
        ),
        (
            "ui/panels/figures.rs",
            include_str!("../ui/panels/figures.rs"),
        ),
        ("ui/notices.rs", include_str!("../ui/notices.rs")),
        ("ui/dialogs.rs", include_str!("../ui/dialogs.rs")),
        ("ui/pickers.rs", include_str!("../ui/pickers.rs")),
        (
            "ui/panels/badge_list.rs",
            include_str!("../ui/panels/badge_list.rs"),
        ),
        (
            "ui/panels/chart_strip.rs",
            include_str!("../ui/panels/chart_strip.rs"),
        ),
        (
            "ui/panels/timeline_access.rs",
            include_str!("../ui/panels/timeline_access.rs"),
        ),
    ];

    /// Calls that take a design value (a font size, a colour, an opacity, a
    /// stroke width, a corner radius, a size, a space) as the arguments at
    /// these positions. A name ending in `_` stands for any name it begins.
    const DESIGN_ARGUMENTS: [(&str, &[usize]); 26] = [
        ("FontId::proportional(", &[0]),
        ("FontId::monospace(", &[0]),
        ("Color32::from_", &[0, 1, 2, 3]),
        ("gamma_multiply(", &[0]),
        ("Stroke::new(", &[0]),
        ("vec2(", &[0, 1]),
        ("splat(", &[0]),
        (".width(", &[0]),
        (".radius(", &[0]),
        ("rect_filled(", &[1]),
        ("rect_stroke(", &[1]),
        ("expand(", &[0]),
        ("shrink(", &[0]),
        ("clamp(", &[0, 1]),
        (".size(", &[0]),
        ("add_space(", &[0]),
        ("desired_width(", &[0]),
        ("set_max_width(", &[0]),
        ("max_height(", &[0]),
        (".spacing(", &[0]),
        ("default_size(", &[0]),
        ("min_size(", &[0]),
        ("max_size(", &[0]),
        ("exact_size(", &[0]),
        ("inner_size(", &[0]),
        ("truncate(", &[1]),
    ];

    /// Whether `argument` is a number other than zero (no rounding, no
    /// width and no offset are not design values).
    fn is_design_literal(argument: &str) -> bool {
        let literal: String = argument
            .trim_start_matches(|c: char| c.is_whitespace() || c == '[' || c == '-')
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            .collect();
        literal
            .replace('_', "")
            .parse::<f64>()
            .is_ok_and(|value| value != 0.0)
    }

    /// The arguments of a call, from just after its `(`: split at the
    /// commas outside brackets, up to the closing `)`.
    fn arguments(after_paren: &str) -> Vec<&str> {
        let mut arguments = Vec::new();
        let (mut depth, mut start) = (0_usize, 0);
        for (at, c) in after_paren.char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => {
                    arguments.push(&after_paren[start..at]);
                    break;
                }
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    arguments.push(&after_paren[start..at]);
                    start = at + 1;
                }
                _ => {}
            }
        }
        arguments
    }

    /// A literal offset in points, `+ 8.0` or `- 8.0` (not a factor such as
    /// `- 0.5 * width`), or a size bound to a name, `let margin = 8.0;`.
    /// The painting files keep such offsets only for the shapes of small
    /// glyphs, which stay where they are drawn (see the module's doc), so
    /// only the panels are held to this.
    fn literal_offsets(line: &str) -> bool {
        let bound = line.trim_start().starts_with("let ")
            && line.split_once(" = ").is_some_and(|(_, value)| {
                let value = value.trim().trim_end_matches(';');
                value.parse::<f64>().is_ok() && is_design_literal(value)
            });
        bound
            || ["+ ", "- "].iter().any(|operator| {
                line.match_indices(operator).any(|(at, _)| {
                    let rest = &line[at + operator.len()..];
                    let literal: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect();
                    literal.contains('.')
                        && is_design_literal(&literal)
                        && !rest[literal.len()..].trim_start().starts_with('*')
                })
            })
    }

    /// The lines of `text` with a literal design value, as `file:line: code`.
    fn literals_in(file: &str, text: &str, offsets_too: bool) -> Vec<String> {
        let mut found = Vec::new();
        let mut line_start = 0;
        for (number, line) in text.split_inclusive('\n').enumerate() {
            // Comments may name values; only code counts.
            let code = line.split("//").next().unwrap_or_default();
            let literal_argument = DESIGN_ARGUMENTS.iter().any(|(call, positions)| {
                code.match_indices(call).any(|(at, _)| {
                    let mut rest = &text[line_start + at + call.len()..];
                    // `Color32::from_` is followed by the rest of a name.
                    if !call.ends_with('(') {
                        let name = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'));
                        rest = rest[name.unwrap_or(rest.len())..]
                            .strip_prefix('(')
                            .unwrap_or_default();
                    }
                    let arguments = arguments(rest);
                    positions.iter().any(|&position| {
                        arguments
                            .get(position)
                            .is_some_and(|argument| is_design_literal(argument))
                    })
                })
            });
            if literal_argument || (offsets_too && literal_offsets(code)) {
                found.push(format!("{file}:{}: {}", number + 1, line.trim()));
            }
            line_start += line.len();
        }
        found
    }

    #[test]
    fn painting_code_takes_fonts_colours_and_strokes_from_the_theme() {
        let mut literals = Vec::new();
        // A file's own tests size windows and images as they please.
        let code = |text: &'static str| {
            let tests = text.find("\n#[cfg(test)]\nmod tests");
            &text[..tests.unwrap_or(text.len())]
        };
        for (file, text) in PAINTING {
            literals.extend(literals_in(file, code(text), false));
        }
        for (file, text) in PANELS {
            literals.extend(literals_in(file, code(text), true));
        }
        assert!(
            literals.is_empty(),
            "name these in render::theme:\n{}",
            literals.join("\n")
        );
    }

    #[test]
    fn the_theme_guard_tells_design_values_from_other_numbers() {
        let flagged = |code: &str| !literals_in("f.rs", code, true).is_empty();
        for design in [
            "painter.rect_filled(rect, 4.0, fill);",
            "painter.rect_stroke(\n    rect,\n    3.0,\n    stroke,\n);",
            "Stroke::new(1.5, color)",
            "egui::vec2(0.0, 1.0)",
            "RichText::new(name).size(15.0)",
            ".with_inner_size([1400.0, 860.0])",
            "Color32::from_black_alpha(170)",
            "let top = rect.top() + 16.0;",
            "truncate(title, 38)",
            "let margin = 8.0;",
            "(height * 0.5).clamp(160.0, 420.0)",
        ] {
            assert!(flagged(design), "{design}");
        }
        for other in [
            "painter.rect_filled(bar, 0.0, fill);",
            "let left = x - 0.5 * size.x;",
            "galley.size() + 2.0 * padding",
            "view.zoomed_about(view.center(), 0.5)",
            "(end - start).abs() > 4.0",
            "ui.add_space(style::GAP); // not 8.0",
            "let size = galley.size();",
            "rows[i - 1]",
            "let mut skipped = 0.0;",
            "offset.clamp(0.0, max_offset)",
        ] {
            assert!(!flagged(other), "{other}");
        }
    }
}

/// The theme held to WCAG contrast and the palettes to colour-vision
/// deficiencies, by the maths in [`super::contrast`].
#[cfg(test)]
pub(crate) mod accessibility_tests {
    use super::super::colors::DatasetColors;
    use super::super::contrast::{Deficiency, MARKS_AA, contrast_ratio, least_difference, over};
    use super::*;

    fn builtin() -> crate::model::Dataset {
        crate::load::load_builtin()
            .expect("the built-in dataset loads")
            .dataset
    }

    /// A focused widget's text on its fill in the high-contrast look.
    const FOCUSED_TEXT_HIGH_CONTRAST: f64 = 6.8;

    /// Every failing pair, as `look: what: ratio < wanted`.
    fn failures(pairs: &[(Look, String, Color32, Color32, f64)]) -> Vec<String> {
        pairs
            .iter()
            .filter_map(|(look, what, fg, bg, wanted)| {
                let ratio = contrast_ratio(*fg, *bg);
                (ratio < *wanted).then(|| format!("{look:?}: {what}: {ratio:.2} < {wanted}"))
            })
            .collect()
    }

    #[test]
    fn every_text_colour_meets_its_looks_contrast_on_every_background_it_is_drawn_on() {
        let dataset = builtin();
        let colors = DatasetColors::new(&dataset);
        let mut pairs = Vec::new();
        for look in Look::ALL {
            let v = visuals(look);
            let wanted = look.text_contrast();
            let lane_header = over(
                v.faint_bg_color.gamma_multiply(lane::HEADER_FILL_GAIN),
                v.extreme_bg_color,
            );
            let backgrounds = [
                ("panel", v.panel_fill),
                ("window", v.window_fill),
                ("timeline", v.extreme_bg_color),
                ("lane header", lane_header),
                ("striped row", over(v.faint_bg_color, v.panel_fill)),
            ];
            for (name, bg) in backgrounds {
                pairs.push((look, format!("text on {name}"), v.text_color(), bg, wanted));
                let strong = v.strong_text_color();
                pairs.push((look, format!("strong text on {name}"), strong, bg, wanted));
                pairs.push((
                    look,
                    format!("weak text on {name}"),
                    v.weak_text_color(),
                    bg,
                    wanted,
                ));
            }
            for (name, bg) in [("panel", v.panel_fill), ("window", v.window_fill)] {
                for (what, fg) in [
                    ("link", v.hyperlink_color),
                    ("warning", v.warn_fg_color),
                    ("error", v.error_fg_color),
                ] {
                    pairs.push((look, format!("{what} on {name}"), fg, bg, wanted));
                }
            }
            let w = &v.widgets;
            for (state, widget) in [
                ("inactive", &w.inactive),
                ("hovered", &w.hovered),
                ("active", &w.active),
                ("open", &w.open),
            ] {
                let what = format!("{state} button text");
                // No colour is both 3:1 on black, to show as a focused
                // menu item's fill, and 7:1 under white: the high-contrast
                // look's focused fill is 3:1 on black, its text 6.9:1.
                let wanted = if state == "active" && look == Look::HighContrast {
                    FOCUSED_TEXT_HIGH_CONTRAST
                } else {
                    wanted
                };
                pairs.push((
                    look,
                    what,
                    widget.fg_stroke.color,
                    widget.weak_bg_fill,
                    wanted,
                ));
            }
            let (selected, selection) = (v.selection.stroke.color, v.selection.bg_fill);
            pairs.push((look, "selected text".into(), selected, selection, wanted));
            // Era titles on their bars, plain and selected; badge counts
            // on their lane's colour.
            for era in 0..dataset.eras.len() + PALETTE.len() {
                for opacity in [eras::TITLE_OPACITY, eras::SELECTED_TITLE_OPACITY] {
                    let fill = era_title_fill(colors.era(era), opacity, &v);
                    let bar = over(fill, v.extreme_bg_color);
                    let what = format!("era {era}'s title at {opacity}");
                    pairs.push((look, what, v.text_color(), bar, wanted));
                }
            }
            for lane in 0..dataset.lanes.len() + PALETTE.len() {
                let fill = mark_color(colors.lane(lane), &v).gamma_multiply(badge::FILL_OPACITY);
                let what = format!("lane {lane}'s badge count");
                pairs.push((
                    look,
                    what,
                    v.text_color(),
                    over(fill, v.extreme_bg_color),
                    wanted,
                ));
            }
            for lane in 0..dataset.lanes.len() + PALETTE.len() {
                // A label inside its bar, in black or white.
                let mark = mark_color(colors.lane(lane), &v);
                let label = super::super::paint::text_on(mark);
                let bar = over(mark.gamma_multiply(item::BAR_OPACITY), v.extreme_bg_color);
                pairs.push((
                    look,
                    format!("label in lane {lane}'s bar"),
                    label,
                    bar,
                    wanted,
                ));
                // A coarse (month or year) point's pale bar holds the
                // theme's text.
                let pale = over(
                    mark.gamma_multiply(item::COARSE_BAR_OPACITY),
                    v.extreme_bg_color,
                );
                let what = format!("label in lane {lane}'s coarse bar");
                pairs.push((look, what, v.text_color(), pale, wanted));
            }
            for series in 0..dataset.displacement.len() {
                let color = text_color_of(colors.series(series), &v);
                let what = format!("series {series}'s legend");
                pairs.push((look, what, color, v.panel_fill, wanted));
            }
        }
        let failed = failures(&pairs);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn marks_and_the_focus_outline_stand_out_at_three_to_one() {
        let dataset = builtin();
        let colors = DatasetColors::new(&dataset);
        let mut pairs = Vec::new();
        for look in Look::ALL {
            let v = visuals(look);
            let timeline = v.extreme_bg_color;
            for lane in 0..dataset.lanes.len() + PALETTE.len() {
                let bar = mark_color(colors.lane(lane), &v).gamma_multiply(item::BAR_OPACITY);
                let what = format!("lane {lane}'s bars");
                pairs.push((look, what, over(bar, timeline), timeline, MARKS_AA));
            }
            for series in 0..dataset.displacement.len() + PALETTE.len() {
                let line = mark_color(colors.series(series), &v);
                pairs.push((
                    look,
                    format!("series {series}'s line"),
                    line,
                    timeline,
                    MARKS_AA,
                ));
            }
            // The selected item's outline is in the text colour.
            pairs.push((
                look,
                "selected item".into(),
                v.text_color(),
                timeline,
                MARKS_AA,
            ));
            for (name, bg) in [("panel", v.panel_fill), ("timeline", timeline)] {
                let what = format!("selection's outline on {name}");
                pairs.push((look, what, selection_mark(&v), bg, MARKS_AA));
            }
            // The keyboard focus: a button's outline, a text field's.
            let focus = v.widgets.active.bg_stroke;
            let field = v.selection.stroke;
            assert!(focus.width >= FOCUS_STROKE && field.width >= FOCUS_STROKE);
            let fill = v.widgets.active.weak_bg_fill;
            for (name, bg) in [("panel", v.panel_fill), ("window", v.window_fill)] {
                pairs.push((look, format!("focus on {name}"), focus.color, bg, MARKS_AA));
                // A focused menu item's fill (menus draw no outlines).
                let what = format!("focused fill on {name}");
                pairs.push((look, what, fill, bg, MARKS_AA));
            }
            for (name, bg) in [("panel", v.panel_fill), ("field", v.text_edit_bg_color())] {
                let what = format!("focused field on {name}");
                pairs.push((look, what, field.color, bg, MARKS_AA));
            }
        }
        let failed = failures(&pairs);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    /// The least CIEDE2000 difference between two of the built-in
    /// dataset's lane colours, as drawn in every look, for normal vision
    /// and each deficiency: plainly apart side by side.
    const LEAST_LANE_DIFFERENCE: f64 = 9.0;
    /// The same for a palette of eight. Above 5 two colours read as
    /// different ones side by side; eight colours each lifted to the text's
    /// contrast in three looks, seen with four kinds of vision, get little
    /// further apart than this.
    pub(crate) const LEAST_PALETTE_DIFFERENCE: f64 = 5.5;

    /// Colours as drawn in every look stay `least` apart, for every
    /// vision; the failures as text.
    pub(crate) fn indistinct(colors: &[Color32], least: f64) -> Vec<String> {
        let mut found = Vec::new();
        for look in Look::ALL {
            let v = visuals(look);
            let drawn: Vec<Color32> = colors.iter().map(|&c| mark_color(c, &v)).collect();
            for deficiency in [None].into_iter().chain(Deficiency::ALL.map(Some)) {
                if let Some((difference, i, j)) = least_difference(&drawn, deficiency)
                    && difference < least
                {
                    found.push(format!(
                        "{look:?}, {deficiency:?}: {:?} and {:?}: ΔE {difference:.1}",
                        colors[i], colors[j]
                    ));
                }
            }
        }
        found
    }

    #[test]
    fn the_built_in_lanes_stay_distinct_for_colour_vision_deficiencies() {
        let dataset = builtin();
        let colors = DatasetColors::new(&dataset);
        let lanes: Vec<Color32> = (0..dataset.lanes.len()).map(|i| colors.lane(i)).collect();
        let found = indistinct(&lanes, LEAST_LANE_DIFFERENCE);
        assert!(found.is_empty(), "{}", found.join("\n"));
    }

    #[test]
    fn the_fallback_palette_stays_distinct_for_colour_vision_deficiencies() {
        let found = indistinct(&PALETTE, LEAST_PALETTE_DIFFERENCE);
        assert!(found.is_empty(), "{}", found.join("\n"));
    }
}
