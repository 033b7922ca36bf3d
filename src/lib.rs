//! conflict-timeline: a zoomable timeline of conflicts, truces and peace talks.
//!
//! The library holds everything that can be tested without a window; the
//! eframe app is a layer over it and `main.rs` only parses the command line.
//!
//! Its API:
//! - [`model`]: the dataset (events, lanes, eras, quotes, figures, sources)
//!   and dates with their precision.
//! - [`load`]: reading dataset folders, RON files and TimelineJS files,
//!   validation with exact error places, the built-in dataset, writing RON.
//! - [`export`]: PNG and SVG images of any range, drawn without a window.
//! - [`generate`]: synthetic datasets of any size.
//! - [`cli`]: what each subcommand does.
//! - [`profile`]: where a frame's time goes (`--profile`), read from the
//!   recorded scopes.
//! - [`ui`]: the app, driven by [`ui::Command`]s.
//! - [`testing`]: what tests and benchmarks reach inside for.
//!
//! Inside, not part of the API:
//! - `view`: view math without a window: the visible range, time ↔ x,
//!   ticks, the time index, lane layout, aggregation, hit tests.
//! - `render`: painting the timeline and the figures chart as egui shapes,
//!   for the window and every export alike.
//! - `jobs`: background work (loads, saves, exports, file dialogs) on named,
//!   cancellable threads, polled the same way.
//! - `replace`: replacing a file or a dataset folder all or nothing.
//! - `memory`: giving the memory a load freed back to the system.

pub mod cli;
pub mod export;
pub mod generate;
mod jobs;
pub mod load;
mod memory;
pub mod model;
pub mod profile;
mod render;
mod replace;
pub mod testing;
pub mod ui;
mod view;

pub use load::{Diagnostic, ImportOptions, LoadError, LoadOptions, Loaded, Severity};
pub use model::{Dataset, Date, Precision};
pub use view::{TimeView, TimelineIndex};
