//! Drawing: the timeline and the figures chart as egui shapes, with the
//! app's colours and fonts. The window and every export draw through this
//! module, so an exported image is what the screen shows.
//!
//! [`theme`] names every colour and size; [`colors`] holds a dataset's
//! lane, series and era colours, parsed once; [`contrast`] the colour
//! maths the theme is checked with; [`paint`] draws items, with their
//! labels' layouts kept from frame to frame by [`labels`];
//! [`timeline`] the whole timeline and [`chart`] the figures chart.

pub mod chart;
pub mod colors;
pub(crate) mod contrast;
pub(crate) mod labels;
pub mod paint;
pub mod theme;
pub mod timeline;

pub(crate) use colors::DatasetColors;
