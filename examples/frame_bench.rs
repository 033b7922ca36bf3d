//! Frame benchmark: drives the real app headlessly (egui `Context::run_ui`
//! and `tessellate`; everything but the GPU) through a fixed script and
//! prints how long frames take.
//!
//! ```sh
//! cargo run --release --example frame_bench -- [PATH] [--layer LAYER]... [--frames N] [--tab details|quotes|figures]
//! ```
//!
//! PATH is any dataset (default: the built-in one); each `--layer` adds
//! another dataset below it, as the app's `--layer` does (the layered case:
//! the built-in dataset over a million generated events). `--tab` chooses the side
//! panel's tab shown during the script (default: Details, the app's own
//! default; Quotes and Figures lay out lists and a chart too). The script: fit all,
//! zoom in step by step, 20 % a frame, as far as the app lets a view zoom,
//! about a target: the middle one of the events with a time of day, else
//! 27 February 2016 (midday), else the middle of the dataset. So the zoom
//! passes through every scale of the dataset, from billions of years for a
//! cosmic one (`generate --span cosmic`) down to minutes. Then hold at each
//! scale between everything and the closest view (a billion, a million and
//! a thousand years, a year, a month, a day, an hour, ten minutes), pan
//! across at a month (and at a million years and an hour when the dataset
//! has those scales), zoom back out, and type a word into the search box
//! letter by letter (one letter a frame), then delete it the same way. One
//! line per phase, then `frames=N median_ms=… p99_ms=… max_ms=…` over all
//! frames. Before those lines, how long the first frame took, and the
//! frames while the view is copied as an image and while the dataset is
//! opened again (File → Open), and the frames that take their results.
//!
//! With `FRAME_TRACE` set in the environment, every frame's time and view
//! also go to stderr, to find which frames of a phase are slow, and in the
//! search phase which frames took a keystroke and which showed a search's
//! result. With `FRAME_PROFILE=MS`, the app's and egui's profiling scopes
//! are recorded (as `--profile` records them) and every frame over MS
//! milliseconds prints the scopes that took most of it to stderr (the
//! first 12, or `FRAME_PROFILE_LINES`): where a slow frame's time went.
//! Recording costs a little, so the frame times are then a little longer.

use std::time::Instant;

use conflict_timeline::TimeView;
use conflict_timeline::cli;
use conflict_timeline::model::{Date, Precision};
use conflict_timeline::ui::{Command, SideTab, TimelineApp};
use eframe::egui;

/// The app's allocator (see `src/main.rs`), so this measures what the app does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The window the frames are laid out for, in points.
const WINDOW: egui::Vec2 = egui::vec2(1600.0, 1000.0);

struct Options {
    path: Option<std::path::PathBuf>,
    layers: Vec<std::path::PathBuf>,
    frames: usize,
    tab: SideTab,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        path: None,
        layers: Vec::new(),
        frames: 60,
        tab: SideTab::Details,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--frames" => {
                let value = args.next().ok_or("--frames needs a number")?;
                options.frames = value
                    .parse()
                    .map_err(|_| format!("--frames {value}: not a number"))?;
            }
            "--layer" => {
                let value = args.next().ok_or("--layer needs a path")?;
                options.layers.push(value.into());
            }
            "--tab" => {
                options.tab = match args.next().as_deref() {
                    Some("details") => SideTab::Details,
                    Some("quotes") => SideTab::Quotes,
                    Some("figures") => SideTab::Figures,
                    _ => return Err("--tab takes details, quotes or figures".to_owned()),
                };
            }
            "-h" | "--help" => {
                return Err("usage: frame_bench [PATH] [--layer LAYER]... [--frames N] \
                     [--tab details|quotes|figures]"
                    .to_owned());
            }
            path if options.path.is_none() && !path.starts_with("--") => {
                options.path = Some(path.into());
            }
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    options.frames = options.frames.max(1);
    Ok(options)
}

/// Frame times of one phase, in milliseconds.
struct Phase {
    name: &'static str,
    times: Vec<f64>,
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn summary(times: &[f64]) -> (f64, f64, f64) {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    (
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.99),
        sorted.last().copied().unwrap_or(0.0),
    )
}

/// The app, its egui context and a frame counter.
struct Driver {
    ctx: egui::Context,
    app: TimelineApp,
    frame: u64,
    /// `FRAME_PROFILE`: the recorded frames, and the time over which a
    /// frame's scopes are printed.
    profile: Option<(puffin::GlobalFrameView, f64)>,
    /// `FRAME_TRACE`: every frame's time to stderr.
    trace: bool,
}

/// The most scopes printed of a slow frame, unless `FRAME_PROFILE_LINES`
/// says otherwise.
const PROFILE_LINES: usize = 12;

impl Driver {
    /// Runs one frame (layout, painting, tessellation) and returns its time.
    fn frame(&mut self, commands: Vec<Command>) -> f64 {
        self.frame_with(commands, Vec::new())
    }

    /// A frame with these input events besides the pointer's.
    fn frame_with(&mut self, commands: Vec<Command>, events: Vec<egui::Event>) -> f64 {
        for command in commands {
            self.app.push(command);
        }
        let time = self.frame as f64 / 60.0;
        self.frame += 1;
        let center = egui::pos2(WINDOW.x * 0.35, WINDOW.y * 0.45);
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, WINDOW)),
            time: Some(time),
            predicted_dt: 1.0 / 60.0,
            // The pointer rests over the timeline, as a user's does.
            events: std::iter::once(egui::Event::PointerMoved(center))
                .chain(events)
                .collect(),
            ..Default::default()
        };
        let start = Instant::now();
        let mut output = self.ctx.run_ui(input, |ui| self.app.ui(ui));
        let primitives = self
            .ctx
            .tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        if self.trace {
            eprintln!(
                "frame {} {:.1} ms view {:?}",
                self.frame,
                elapsed,
                self.app.probe().view()
            );
        }
        std::hint::black_box(primitives);
        output.textures_delta.clear();
        if let Some((frames, over_ms)) = &self.profile {
            puffin::GlobalProfiler::lock().new_frame();
            if elapsed > *over_ms {
                print_scopes(self.frame, elapsed, frames);
            }
        }
        elapsed
    }
}

/// The scopes that took most of the last recorded frame, to stderr.
fn print_scopes(frame: u64, elapsed: f64, frames: &puffin::GlobalFrameView) {
    let view = frames.lock();
    let Some(recorded) = view.latest_frame() else {
        return;
    };
    let Some(unpacked) = recorded.unpacked().ok() else {
        return;
    };
    let names = conflict_timeline::profile::names_from(view.scope_collection());
    let profiled = conflict_timeline::profile::ProfiledFrame::read(&unpacked, &names);
    eprintln!("frame {frame}: {elapsed:.2} ms");
    let lines = std::env::var("FRAME_PROFILE_LINES")
        .ok()
        .and_then(|lines| lines.parse().ok())
        .unwrap_or(PROFILE_LINES);
    for total in profiled.totals().iter().take(lines) {
        eprintln!(
            "  {:>7.3} ms {:>5}x {}",
            total.total_ns as f64 / 1e6,
            total.calls,
            total.name
        );
    }
}

/// The word the search phase types: its first letters match most generated
/// titles, the whole word a few.
const SEARCH_WORD: &str = "besieged";

fn key(key: egui::Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

/// Spans of views, in days.
const YEAR: f64 = 365.2425;
const MONTH: f64 = 30.0;
const HOUR: f64 = 1.0 / 24.0;
const MILLION_YEARS: f64 = 1e6 * YEAR;

/// The scales the script holds at, when the dataset has them: the view's
/// span in days and the phase's name.
const SCALES: [(f64, &str); 8] = [
    (1e9 * YEAR, "a billion years"),
    (MILLION_YEARS, "a million years"),
    (1e3 * YEAR, "a thousand years"),
    (365.0, "a year"),
    (MONTH, "a month"),
    (1.0, "a day"),
    (HOUR, "an hour"),
    (10.0 / 1440.0, "ten minutes"),
];

/// What the script zooms in to: the middle one, in time, of the events
/// with a time of day (the finest scale a dataset has), else midday on
/// 27 February 2016 when the dataset covers it, else the middle of all.
fn target(app: &TimelineApp, full: TimeView) -> f64 {
    let mut times: Vec<f64> = app
        .probe()
        .dataset()
        .events
        .iter()
        .filter(|event| event.start.precision() >= Precision::Minute)
        .map(|event| event.start.start_instant())
        .collect();
    times.sort_by(f64::total_cmp);
    if let Some(&middle) = times.get(times.len() / 2) {
        return middle;
    }
    Date::day(2016, 2, 27)
        .map(|d| d.start_instant() + 0.5)
        .filter(|t| full.contains(*t))
        .unwrap_or_else(|| full.center())
}

/// Frames while work runs off the UI thread, a frame every 16 ms as the
/// app's wake-ups ask for, until it is done.
#[derive(Default)]
struct BackgroundFrames {
    /// Frames while the work ran, the one that started it included.
    meanwhile: Vec<f64>,
    /// The frames that took the work's result.
    done: Vec<f64>,
    /// Milliseconds from the start of the work to the frame that took it.
    done_after: Vec<f64>,
}

impl BackgroundFrames {
    /// Starts the work with `command`, then draws frames while `running`.
    fn run(
        &mut self,
        driver: &mut Driver,
        command: Command,
        running: impl Fn(&TimelineApp) -> bool,
    ) {
        let started = Instant::now();
        self.meanwhile.push(driver.frame(vec![command]));
        while running(&driver.app) {
            std::thread::sleep(std::time::Duration::from_millis(16));
            let time = driver.frame(Vec::new());
            if running(&driver.app) {
                self.meanwhile.push(time);
            } else {
                self.done.push(time);
                self.done_after
                    .push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
}

/// How many times the dataset is opened again at the end.
const OPENS: usize = 3;

/// How many times the view is copied as an image.
const COPIES: usize = 3;

/// Time between two keystrokes of the search phase.
const KEYSTROKE_INTERVAL: std::time::Duration = std::time::Duration::from_millis(150);

/// One keystroke's frame, then, until the next keystroke is due, the frame
/// that shows the search's result if it finished off the UI thread (frames
/// that only find it still running are not counted: the app draws none).
/// Returns the time from the keystroke until its matches were shown.
fn keystroke(driver: &mut Driver, event: egui::Event, times: &mut Vec<f64>) -> f64 {
    let start = Instant::now();
    times.push(driver.frame_with(Vec::new(), vec![event]));
    if driver.trace {
        eprintln!(
            "keystroke frame {:.1} ms, searching after it: {}",
            times.last().copied().unwrap_or_default(),
            driver.app.probe().search_running()
        );
    }
    let mut shown = start.elapsed();
    while driver.app.probe().search_running() || start.elapsed() < KEYSTROKE_INTERVAL {
        std::thread::sleep(std::time::Duration::from_millis(2));
        if driver.app.probe().search_running() {
            let time = driver.frame(Vec::new());
            if !driver.app.probe().search_running() {
                if driver.trace {
                    eprintln!("search result frame {time:.1} ms");
                }
                times.push(time);
                shown = start.elapsed();
            }
        }
    }
    shown.as_secs_f64() * 1000.0
}

fn main() -> std::process::ExitCode {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    let load_start = Instant::now();
    let loaded = match cli::load(options.path.as_deref()) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::from(1);
        }
    };
    let mut events = loaded.dataset.events.len();
    let mut layers = Vec::new();
    for path in &options.layers {
        match cli::load(Some(path)) {
            Ok(layer) => {
                events += layer.dataset.events.len();
                layers.push(layer);
            }
            Err(error) => {
                eprintln!("error: {error}");
                return std::process::ExitCode::from(1);
            }
        }
    }
    let app = TimelineApp::from_layers(loaded, layers);
    println!(
        "dataset: {events} events, loaded and indexed in {:.0} ms",
        load_start.elapsed().as_secs_f64() * 1000.0
    );
    let profile = std::env::var("FRAME_PROFILE").ok().map(|over| {
        conflict_timeline::profile::start();
        let frames = puffin::GlobalFrameView::default();
        (frames, over.parse().unwrap_or(4.0))
    });
    let mut driver = Driver {
        ctx: egui::Context::default(),
        app,
        frame: 0,
        profile,
        trace: std::env::var_os("FRAME_TRACE").is_some(),
    };
    // Settle: fonts, label widths, first layout.
    let first = driver.frame(vec![Command::SetSideTab(options.tab), Command::FitAll]);
    for _ in 0..20 {
        driver.frame(Vec::new());
    }
    println!("first frame: {first:.1} ms");

    let limits = driver.app.probe().limits();
    let full = limits.fit_all();
    let closest = limits.min_span;
    let target = target(&driver.app, full);
    let around = |days: f64| TimeView::new(target - 0.5 * days, target + 0.5 * days);
    let n = options.frames;
    let mut phases: Vec<Phase> = Vec::new();
    let hold = |driver: &mut Driver, name: &'static str, view: TimeView| {
        let mut times = Vec::with_capacity(n);
        times.push(driver.frame(vec![Command::SetView(view)]));
        for _ in 1..n {
            times.push(driver.frame(Vec::new()));
        }
        Phase { name, times }
    };
    phases.push(hold(&mut driver, "fit all", full));

    // Zoom in as far as the app lets a view, 20 % per frame, about the target.
    let mut times = Vec::new();
    let mut view = full;
    // The last step lands on the closest view itself (whose span may differ
    // from `closest` in the last digit, so the loop does not test it).
    loop {
        view = view.zoomed_about(target, 0.8);
        let last = view.span() <= closest;
        if last {
            view = around(closest);
        }
        times.push(driver.frame(vec![Command::SetViewAbout(view, target)]));
        if last {
            break;
        }
    }
    phases.push(Phase {
        name: "zoom in to closest",
        times,
    });
    // Hold at every scale the dataset has between everything and the
    // closest view.
    let scales = SCALES
        .iter()
        .filter(|(days, _)| (closest..full.span()).contains(days));
    for &(days, name) in scales {
        phases.push(hold(&mut driver, name, around(days)));
    }

    // Pan across at a month (and at a million years and at an hour when the
    // dataset has them), a tenth of the view per frame, towards the side
    // with room.
    for (days, name) in [
        (MONTH, "pan at a month"),
        (MILLION_YEARS, "pan at 1M years"),
        (HOUR, "pan at an hour"),
    ] {
        if days != MONTH && !(closest..full.span()).contains(&days) {
            continue;
        }
        let mut view = around(days);
        let step = if view.end + n as f64 * 0.1 * days > full.end {
            -0.1 * days
        } else {
            0.1 * days
        };
        let mut times = Vec::new();
        driver.frame(vec![Command::SetView(view)]);
        for _ in 0..n {
            view = view.panned(step);
            times.push(driver.frame(vec![Command::SetView(view)]));
        }
        phases.push(Phase { name, times });
    }

    // Zoom back out to everything, 25 % per frame.
    let mut times = Vec::new();
    let mut view = around(closest);
    driver.frame(vec![Command::SetView(view)]);
    while view.span() < full.span() {
        view = view.zoomed_about(target, 1.25);
        times.push(driver.frame(vec![Command::SetViewAbout(view, target)]));
    }
    phases.push(Phase {
        name: "zoom out to all",
        times,
    });

    // Type a word into the search box at a typist's pace, one letter a
    // frame, then delete it the same way. Frames in between only when a
    // search running off the UI thread finishes, as its wake-up asks.
    driver.frame(vec![Command::FocusSearch]);
    driver.frame(Vec::new());
    let mut times = Vec::new();
    let mut latencies = Vec::new();
    for letter in SEARCH_WORD.chars() {
        let event = egui::Event::Text(letter.to_string());
        latencies.push(keystroke(&mut driver, event, &mut times));
    }
    let typed_count = driver.app.probe().search_match_count();
    for _ in SEARCH_WORD.chars() {
        latencies.push(keystroke(
            &mut driver,
            key(egui::Key::Backspace),
            &mut times,
        ));
    }
    if driver.trace {
        eprintln!("search typing frames: {times:.1?}");
    }
    phases.push(Phase {
        name: "search typing",
        times,
    });
    let (latency_median, _, latency_max) = summary(&latencies);
    println!(
        "search {SEARCH_WORD:?}: {} matches; a keystroke's matches shown after \
         median_ms={latency_median:.1} max_ms={latency_max:.1}",
        typed_count.map_or_else(|| "no".to_owned(), |n| n.to_string()),
    );

    // Copy the view as an image, as Edit → Copy view as image does: the
    // picture is drawn and rasterised on a worker while frames go on.
    let mut copying = BackgroundFrames::default();
    for _ in 0..COPIES {
        copying.run(&mut driver, Command::CopyViewImage, |app| {
            app.probe().export_running()
        });
    }
    let (median, p99, max) = summary(&copying.meanwhile);
    let (done_median, _, done_max) = summary(&copying.done);
    let (after_median, _, _) = summary(&copying.done_after);
    println!(
        "copy as image ({COPIES} times): done after median_ms={after_median:.0}; frames meanwhile={} \
         median_ms={median:.2} p99_ms={p99:.2} max_ms={max:.2}; the frame that takes it \
         median_ms={done_median:.1} max_ms={done_max:.1}",
        copying.meanwhile.len(),
    );

    // Open the same dataset again, as File → Open does, a few times: it
    // loads on a worker while frames go on, then replaces the one shown in
    // one frame.
    let reopen = match &options.path {
        Some(path) => Command::OpenPath(path.clone()),
        None => Command::OpenBuiltIn,
    };
    let mut loading = BackgroundFrames::default();
    let mut after_swaps = Vec::new();
    for _ in 0..OPENS {
        loading.run(&mut driver, reopen.clone(), |app| {
            app.probe().dataset_loading()
        });
        after_swaps.extend((0..10).map(|_| driver.frame(Vec::new())));
    }
    let (median, p99, max) = summary(&loading.meanwhile);
    let (swap_median, _, swap_max) = summary(&loading.done);
    let (after_median, _, after_max) = summary(&after_swaps);
    let (shown_median, _, _) = summary(&loading.done_after);
    println!(
        "open again ({OPENS} times): shown after median_ms={shown_median:.0}; frames meanwhile={} \
         median_ms={median:.2} p99_ms={p99:.2} max_ms={max:.2}; the frame that shows it \
         median_ms={swap_median:.1} max_ms={swap_max:.1}; the 10 after it \
         median_ms={after_median:.2} max_ms={after_max:.2}",
        loading.meanwhile.len(),
    );

    let mut all = Vec::new();
    for phase in &phases {
        let (median, p99, max) = summary(&phase.times);
        println!(
            "{:<18} frames={:<4} median_ms={median:.2} p99_ms={p99:.2} max_ms={max:.2}",
            phase.name,
            phase.times.len()
        );
        all.extend_from_slice(&phase.times);
    }
    let (median, p99, max) = summary(&all);
    println!(
        "frames={} median_ms={median:.2} p99_ms={p99:.2} max_ms={max:.2}",
        all.len()
    );
    std::process::ExitCode::SUCCESS
}
