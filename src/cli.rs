//! The command line: what each subcommand does, callable from tests.
//!
//! `main.rs` parses the arguments into [`Cli`] and hands it to [`run`].
//! Exit codes: 0 success, 1 a data or I/O error, 2 a usage error (clap's).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::load::{self, Diagnostic, LoadOptions, Loaded};
use crate::model::{Dataset, Date, naive_from_unix_days};

/// Exit code for a dataset that has errors, or a file that cannot be read or written.
pub const EXIT_DATA_ERROR: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "conflict-timeline",
    version,
    about = "A zoomable timeline of conflicts, truces and peace talks, loaded from RON datasets.",
    long_about = "A zoomable timeline of conflicts, truces and peace talks, loaded from RON datasets.\n\n\
        With no subcommand, opens the app window with PATH (a dataset folder or a single .ron file), \
        or with the built-in Syria 2011–2016 dataset when no PATH is given.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Dataset to open: a folder with dataset.ron, or a single .ron file. Default: the built-in dataset.
    pub path: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a dataset, print a summary and every warning; print errors as FILE:LINE:COL: error: MESSAGE and exit 1.
    Check {
        /// Dataset folder or .ron file. Default: the built-in dataset.
        path: Option<PathBuf>,
    },
}

/// What to do after parsing.
#[derive(Debug)]
pub enum Action {
    /// Open the window with this dataset.
    OpenApp(Box<Loaded>),
    /// Exit with this code.
    Exit(u8),
}

/// Loads the given dataset, or the built-in one.
pub fn load(path: Option<&Path>) -> Result<Loaded, load::LoadError> {
    match path {
        Some(path) => load::load_path(path, &LoadOptions::default()),
        None => load::load_builtin(),
    }
}

/// Runs a parsed command line. Output goes to `out`, diagnostics to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Action {
    match cli.command {
        Some(Command::Check { path }) => Action::Exit(check(path.as_deref(), out, err)),
        None => match load(cli.path.as_deref()) {
            Ok(loaded) => {
                print_diagnostics(&loaded.warnings, err);
                Action::OpenApp(Box::new(loaded))
            }
            Err(error) => {
                print_failure(&error, err);
                Action::Exit(EXIT_DATA_ERROR)
            }
        },
    }
}

/// `check`: the summary and warnings, or the errors. Returns the exit code.
pub fn check(path: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match load(path) {
        Ok(loaded) => {
            let _ = write!(out, "{}", summary(&loaded));
            print_diagnostics(&loaded.warnings, out);
            let _ = writeln!(out, "ok: no errors");
            0
        }
        Err(error) => {
            print_failure(&error, err);
            EXIT_DATA_ERROR
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], to: &mut dyn Write) {
    for diagnostic in diagnostics {
        let _ = writeln!(to, "{diagnostic}");
    }
}

fn print_failure(error: &load::LoadError, to: &mut dyn Write) {
    print_diagnostics(&error.diagnostics, to);
    let errors = error.errors().count();
    let plural = if errors == 1 { "" } else { "s" };
    let _ = writeln!(
        to,
        "error: the dataset did not load: {errors} error{plural}"
    );
}

/// A one-screen summary of a loaded dataset.
pub fn summary(loaded: &Loaded) -> String {
    let dataset = &loaded.dataset;
    let origin = match &loaded.origin {
        load::Origin::BuiltIn => load::BUILTIN_NAME.to_owned(),
        load::Origin::Folder(path) | load::Origin::File(path) => path.display().to_string(),
    };
    let mut text = format!("{}\n", dataset.title);
    let mut line = |label: &str, value: String| text.push_str(&format!("  {label:<9} {value}\n"));
    line("dataset", origin);
    line("span", span_text(dataset));
    let lanes = dataset
        .lanes
        .iter()
        .map(|lane| {
            let count = dataset.events.iter().filter(|e| e.lane == lane.id).count();
            format!("{} ({count})", lane.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    line("lanes", format!("{}: {lanes}", dataset.lanes.len()));
    let ranges = dataset.events.iter().filter(|e| !e.is_point()).count();
    let ongoing = dataset.events.iter().filter(|e| e.ongoing).count();
    line(
        "events",
        format!(
            "{} ({} points, {ranges} ranges of which {ongoing} ongoing)",
            dataset.events.len(),
            dataset.events.len() - ranges
        ),
    );
    let mut speakers: Vec<&str> = dataset.quotes.iter().map(|q| q.speaker.as_str()).collect();
    speakers.sort_unstable();
    speakers.dedup();
    line(
        "quotes",
        format!("{} by {} speakers", dataset.quotes.len(), speakers.len()),
    );
    let points: usize = dataset.displacement.iter().map(|s| s.points.len()).sum();
    line(
        "series",
        format!("{} with {points} points", dataset.displacement.len()),
    );
    line("sources", dataset.sources.len().to_string());
    line("eras", dataset.eras.len().to_string());
    line("warnings", loaded.warnings.len().to_string());
    text
}

fn span_text(dataset: &Dataset) -> String {
    let Some((start, end)) = dataset.time_span() else {
        return "no dates".to_owned();
    };
    let day = |instant: f64| naive_from_unix_days(instant).and_then(Date::from_naive);
    match (day(start), day(end - 1.0)) {
        (Some(first), Some(last)) => format!("{first} – {last}"),
        _ => "out of range".to_owned(),
    }
}
