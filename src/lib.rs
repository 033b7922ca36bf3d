//! conflict-timeline: a zoomable timeline of conflicts, truces and peace talks.
//!
//! The library holds everything that can be tested without a window: the
//! dataset [`model`], [`load`]ing and validation with exact error places, and
//! the command-line actions in [`cli`]; background work (loads, saves,
//! exports, file dialogs) runs as [`jobs`]. The eframe app in [`ui`] is a thin
//! layer over it; `main.rs` only parses the command line.

pub mod cli;
pub mod export;
pub mod generate;
pub mod jobs;
pub mod load;
pub mod model;
mod render;
mod replace;
pub mod testing;
pub mod ui;
mod view;

pub use load::{Diagnostic, LoadError, LoadOptions, Loaded, Severity};
pub use model::{Dataset, Date, Precision};
pub use view::{TimeView, TimelineIndex};
