//! Drawing: the timeline and the figures chart as egui shapes, with the
//! app's colours and fonts. The window and every export draw through this
//! module, so an exported image is what the screen shows.

pub mod chart;
pub mod paint;
pub mod timeline;
