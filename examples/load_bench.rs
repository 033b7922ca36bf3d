//! Load benchmark: how long a dataset takes from its files to the first
//! frame's data, and the memory it needs.
//!
//! ```sh
//! cargo run --release --example load_bench -- [PATH] [--runs N]
//! ```
//!
//! PATH is any dataset (default: the built-in one). Each run reads, parses
//! and validates the files (`load`), then builds what the app derives from
//! the dataset: the time index and the links between quotes, events and
//! sources (`index`); a big dataset's search text, which the app prepares
//! after the first frame, is waited for after that and reported apart. Prints one line per run, then the medians and the
//! peak resident memory of the first run (later runs may reuse memory the
//! allocator kept), and the memory still resident after the first run's
//! load, once the allocator has given back what the load used on the way:
//! `runs=N load_ms=… index_ms=… total_ms=… peak_rss_mib=… resident_mib=…`.

use std::time::Instant;

use conflict_timeline::cli;
use conflict_timeline::ui::TimelineApp;

/// The app's allocator (see `src/main.rs`), so this measures what the app does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let mut path = None;
    let mut runs = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => match args.next().and_then(|value| value.parse().ok()) {
                Some(value) => runs = value,
                None => {
                    eprintln!("--runs needs a number");
                    return std::process::ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                eprintln!("usage: load_bench [PATH] [--runs N]");
                return std::process::ExitCode::from(2);
            }
            other if path.is_none() && !other.starts_with("--") => {
                path = Some(std::path::PathBuf::from(other));
            }
            other => {
                eprintln!("unexpected argument {other}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let runs = runs.max(1);

    let mut loads = Vec::with_capacity(runs);
    let mut indexes = Vec::with_capacity(runs);
    let mut peak = None;
    let mut resident = None;
    for run in 1..=runs {
        let start = Instant::now();
        let loaded = match cli::load(path.as_deref()) {
            Ok(loaded) => loaded,
            Err(error) => {
                eprintln!("error: {error}");
                return std::process::ExitCode::from(1);
            }
        };
        let load_ms = start.elapsed().as_secs_f64() * 1000.0;
        let events = loaded.dataset.events.len();
        let start = Instant::now();
        let app = TimelineApp::from_loaded(loaded);
        let index_ms = start.elapsed().as_secs_f64() * 1000.0;
        // A big dataset's search text, prepared here (the app prepares it
        // once the user pauses, or on the first search).
        app.wait_for_search_text();
        let search_ms = start.elapsed().as_secs_f64() * 1000.0 - index_ms;
        // Freed before the next run, so the peak is that of one dataset.
        if run == 1 {
            peak = process_memory_mib("VmHWM:");
            // What stays once the load is done: the dataset and what the app
            // derived from it, after the allocator has given back what the
            // load used on the way (mimalloc returns freed pages after a
            // short delay).
            std::thread::sleep(std::time::Duration::from_millis(1500));
            resident = process_memory_mib("VmRSS:");
        }
        drop(std::hint::black_box(app));
        println!(
            "run {run}: {events} events, load {load_ms:.0} ms, index {index_ms:.0} ms, search text ready {search_ms:.0} ms later"
        );
        loads.push(load_ms);
        indexes.push(index_ms);
    }
    let totals: Vec<f64> = loads.iter().zip(&indexes).map(|(a, b)| a + b).collect();
    let peak = peak.map_or_else(|| "unknown".to_owned(), |mib| format!("{mib:.0}"));
    let resident = resident.map_or_else(|| "unknown".to_owned(), |mib| format!("{mib:.0}"));
    println!(
        "runs={runs} load_ms={:.0} index_ms={:.0} total_ms={:.0} peak_rss_mib={peak} resident_mib={resident}",
        median(loads),
        median(indexes),
        median(totals)
    );
    std::process::ExitCode::SUCCESS
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// One of the process's memory figures in `/proc/self/status`, where the
/// system reports them (Linux): `VmHWM:` is the peak resident memory,
/// `VmRSS:` the resident memory now.
fn process_memory_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
