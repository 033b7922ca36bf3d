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
pub mod render;
pub mod replace;
pub mod ui;
pub mod view;

pub use load::{Diagnostic, LoadError, LoadOptions, Loaded, Severity};
pub use model::{Dataset, Date, Precision};

/// mimalloc for every program built on the library (the app, its examples
/// and tests). Loading a million events makes millions of small strings on
/// every core at once; the system allocator spent a tenth of the load in
/// its own locks and free lists, and returned memory to the kernel only to
/// ask for it again. With mimalloc a million events loaded about a quarter
/// faster and in less memory (see `docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
