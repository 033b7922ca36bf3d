//! How the hot pieces of the timeline scale with the number of events.
//!
//! The datasets are generated in memory (default seed and lanes) with
//! 100,000 events, and 1,000 for comparison where that is cheap. Each group
//! measures one piece on its own:
//!
//! - `visible`: the per-lane query for the items overlapping a month-wide and
//!   a year-wide view in the middle of the data, over every lane;
//! - `layout_lane`: the row layout of the first lane over the window laid
//!   out around a fit-all and a month-wide view (labels 7 points per
//!   character);
//! - `build_scene`: the frame's scene, 1600 points wide, at fit-all (where
//!   aggregation kicks in) and at a month, from an up-to-date layout;
//! - `aggregation`: the counts of the `+N` badges along a fit-all view, for
//!   every lane, by binary search in the lane's sorted starts and ends;
//! - `badge_events`: the events of the fullest badge and of the fullest
//!   first one (which also lists the ranges running in from the left edge)
//!   of a fit-all and a year-wide view, listed as when a badge is opened;
//! - `data_ends`: what the ends of the data need (the events whose labels
//!   may reach furthest right), built once per dataset, and the fit of
//!   everything with those labels across the drawing width;
//! - `ticks`: the time axis ticks at fit-all, a year, a month and a day;
//! - `search`: a full scan of the events' folded text for a word most
//!   titles hold (`e`), one few hold (`besieged`) and one none holds, and
//!   `besieged` refined from the matches of `besiege`; `search_blocks`,
//!   the same over the events as read back from `events.ron`, whose texts
//!   lie in shared blocks that a search folds piece by piece;
//! - `load_100k`: loading a generated 100,000-event folder from disk and
//!   building its index; the scan that finds its events; its load with
//!   `events.ron` read whole (`read_whole`) and a window at a time
//!   (`read_in_windows`, as a file of 64 MiB or more is read);
//! - `badges`: a frame's hundred `+N` badges whose numbers egui has not
//!   laid out before (as in a zoom), laid out by egui (`laid_out`) and as
//!   the timeline sets them from the digits' layouts (`set_from_digits`);
//! - `labels`: a frame that meets a hundred item labels it has not shown
//!   before, all laid out in it (`all_new`, as an export does and as every
//!   frame did before the budget) or at most the budget of new ones a
//!   frame on screen lays out (`within_budget`).
//!
//! Run with:
//!
//! ```text
//! cargo bench --bench scale
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use conflict_timeline::generate::{GenerateOptions, generate, write_generated};
use conflict_timeline::load::{load_path, load_ron_str, to_single_file_ron};
use conflict_timeline::testing::{
    DataEnds, LaneEvents, LaneRoom, LayoutCache, LayoutInput, LayoutMetrics, SceneInput,
    SearchQuery, SearchText, TimeTransform, build_scene, layout_lane, ticks,
};
use conflict_timeline::{Dataset, LoadOptions};
use conflict_timeline::{TimeView, TimelineIndex};
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main, measurement::WallTime,
};

/// The app's allocator (see `src/main.rs`), so this measures what the app does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The drawing width of the timeline, in points.
const WIDTH: f32 = 1600.0;
/// Points left beyond the ends when the data is fitted (the app's).
const END_PAD: f32 = 6.0;

/// A generated dataset with its index and label widths.
struct Fixture {
    dataset: Dataset,
    index: TimelineIndex,
    label_widths: Vec<f32>,
}

impl Fixture {
    fn new(events: usize) -> Self {
        let dataset = generate(&GenerateOptions::new(events)).expect("the dataset generates");
        let index = TimelineIndex::new(&dataset);
        let label_widths = dataset
            .events
            .iter()
            .map(|event| event.title.chars().count() as f32 * 7.0)
            .collect();
        Self {
            dataset,
            index,
            label_widths,
        }
    }

    /// What the data's ends need, with the app's pad beyond them.
    fn ends(&self) -> DataEnds {
        let metrics = LayoutMetrics::default();
        DataEnds::new(
            &self.dataset,
            &self.index,
            &self.label_widths,
            &metrics,
            END_PAD,
        )
    }

    /// The view that shows everything across the drawing width.
    fn fit_all(&self) -> TimeView {
        self.ends().fit(WIDTH)
    }

    /// The lanes laid out for `view` across the drawing width.
    fn laid_out(&self, view: TimeView) -> (LayoutCache, TimeTransform) {
        let transform = TimeTransform::new(view, 0.0, WIDTH);
        let mut layout = LayoutCache::default();
        layout.update(
            &LayoutInput {
                dataset: &self.dataset,
                index: &self.index,
                label_widths: &self.label_widths,
                data_version: 1,
                metrics: &LayoutMetrics::default(),
                room: LaneRoom::default(),
                labels_within: (f64::NEG_INFINITY, f64::INFINITY),
            },
            view,
            transform.days_per_px(),
        );
        (layout, transform)
    }

    /// A view `days` wide around the middle of the data.
    fn middle(&self, days: f64) -> TimeView {
        let center = 0.5 * (self.index.data_start + self.index.data_end);
        TimeView::new(center - 0.5 * days, center + 0.5 * days)
    }
}

const MONTH: f64 = 30.0;
const YEAR: f64 = 365.0;
const DAY: f64 = 1.0;

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    group
}

fn timeline(c: &mut Criterion) {
    let fixtures = [
        (1_000, Fixture::new(1_000)),
        (100_000, Fixture::new(100_000)),
    ];
    let metrics = LayoutMetrics::default();

    let mut g = group(c, "visible");
    for (events, f) in &fixtures {
        for (name, days) in [("month", MONTH), ("year", YEAR)] {
            let view = f.middle(days);
            let mut out = Vec::new();
            g.bench_function(format!("{name}/{events}"), |b| {
                b.iter(|| {
                    out.clear();
                    for lane in 0..f.index.lanes.len() {
                        f.index
                            .visible(lane, black_box(view.start), black_box(view.end), &mut out);
                    }
                    out.len()
                });
            });
        }
    }
    g.finish();

    // What the data's ends need, once per dataset on the load worker,
    // and the fit it gives at a width.
    let mut g = group(c, "data_ends");
    g.sample_size(10);
    for (events, f) in &fixtures {
        g.bench_function(format!("new/{events}"), |b| b.iter(|| black_box(f.ends())));
        let ends = f.ends();
        g.bench_function(format!("fit/{events}"), |b| {
            b.iter(|| black_box(ends.fit(black_box(WIDTH))));
        });
    }
    g.finish();

    let mut g = group(c, "layout_lane");
    g.sample_size(10);
    for (events_count, f) in &fixtures {
        let events = LaneEvents::new(&f.dataset, &f.index, 0);
        for (name, view) in [("fit_all", f.fit_all()), ("month", f.middle(MONTH))] {
            let days_per_px = TimeTransform::new(view, 0.0, WIDTH).days_per_px();
            // The window the app lays out: the view and half of it each side.
            let window = (view.start - 0.5 * view.span(), view.end + 0.5 * view.span());
            g.bench_function(format!("{name}/{events_count}"), |b| {
                b.iter(|| {
                    layout_lane(
                        &f.dataset,
                        &f.index,
                        &events,
                        &f.label_widths,
                        black_box(window),
                        black_box(days_per_px),
                        &metrics,
                    )
                });
            });
        }
    }
    g.finish();

    let mut g = group(c, "build_scene");
    for (events, f) in &fixtures {
        let lanes = f.dataset.lanes.len();
        let (collapsed, hidden) = (vec![false; lanes], vec![false; lanes]);
        for (name, view) in [("fit_all", f.fit_all()), ("month", f.middle(MONTH))] {
            let (layout, transform) = f.laid_out(view);
            let input = SceneInput {
                dataset: &f.dataset,
                index: &f.index,
                layout: &layout,
                label_widths: &f.label_widths,
                transform,
                top: 0.0,
                metrics: LayoutMetrics::default(),
                collapsed: &collapsed,
                hidden: &hidden,
                layers: &[],
            };
            g.bench_function(format!("{name}/{events}"), |b| {
                b.iter(|| build_scene(black_box(&input)));
            });
        }
    }
    g.finish();

    // The counts of the `+N` badges along a fit-all view: per lane, per
    // bucket, the events starting in it and those running in from the
    // left edge that have no row.
    let mut g = group(c, "aggregation");
    for (events, f) in &fixtures {
        let view = f.fit_all();
        let (layout, transform) = f.laid_out(view);
        let bucket_days = f64::from(metrics.aggregate_bucket) * transform.days_per_px();
        g.bench_function(format!("fit_all/{events}"), |b| {
            b.iter(|| {
                let mut total = 0;
                for (lane, events) in layout.lanes.iter().zip(layout.events.iter()) {
                    total += lane.aggregated_running_across(&events.counts, view.start);
                    let mut t0 = view.start;
                    while t0 < view.end {
                        let t1 = t0 + bucket_days;
                        total += lane.aggregated_starting_in(&events.counts, t0, t1);
                        t0 = t1;
                    }
                }
                black_box(total)
            });
        });
    }
    g.finish();

    // The events of a `+N` badge, listed when it is opened.
    let mut g = group(c, "badge_events");
    for (events, f) in &fixtures {
        let lanes = f.dataset.lanes.len();
        let (collapsed, hidden) = (vec![false; lanes], vec![false; lanes]);
        for (name, view) in [("fit_all", f.fit_all()), ("year", f.middle(YEAR))] {
            let (layout, transform) = f.laid_out(view);
            let scene = build_scene(&SceneInput {
                dataset: &f.dataset,
                index: &f.index,
                layout: &layout,
                label_widths: &f.label_widths,
                transform,
                top: 0.0,
                metrics,
                collapsed: &collapsed,
                hidden: &hidden,
                layers: &[],
            });
            let fullest = scene.aggregates.iter().max_by_key(|badge| badge.count);
            let first = scene
                .aggregates
                .iter()
                .filter(|badge| badge.running_in)
                .max_by_key(|badge| badge.count);
            for (which, badge) in [("fullest", fullest), ("first", first)] {
                let Some(badge) = badge else { continue };
                g.bench_function(format!("{name}/{which}/{events}/{}", badge.count), |b| {
                    b.iter(|| layout.badge_events(&f.index, black_box(badge)).len());
                });
            }
        }
    }
    g.finish();

    let f = &fixtures[1].1;
    let measure = |s: &str| 7.0 * s.chars().count() as f32;
    let mut g = group(c, "ticks");
    for (name, view) in [
        ("fit_all", f.fit_all()),
        ("year", f.middle(YEAR)),
        ("month", f.middle(MONTH)),
        ("day", f.middle(DAY)),
    ] {
        let transform = TimeTransform::new(view, 0.0, WIDTH);
        g.bench_function(name, |b| {
            b.iter(|| ticks(black_box(&transform), &measure));
        });
    }
    g.finish();

    let mut g = group(c, "search");
    for (events, f) in &fixtures {
        bench_search(&mut g, *events, &SearchText::for_events(&f.dataset.events));
    }
    g.finish();

    let mut g = group(c, "search_blocks");
    for (events, f) in &fixtures {
        let written = to_single_file_ron(&f.dataset).expect("the dataset writes");
        let read = load_ron_str("dataset.ron", &written).expect("the dataset loads");
        let text = SearchText::for_events(&read.dataset.events);
        assert!(text.reads_blocks());
        bench_search(&mut g, *events, &text);
    }
    g.finish();
}

/// Full scans for a word most titles hold, one few hold and one none
/// holds, and a refinement.
fn bench_search(g: &mut BenchmarkGroup<'_, WallTime>, events: usize, text: &SearchText) {
    for word in ["e", "besieged", "zqzq"] {
        let query = SearchQuery::new(word);
        g.bench_function(format!("{word}/{events}"), |b| {
            b.iter(|| text.search(black_box(&query)).count());
        });
    }
    let broader = text.search(&SearchQuery::new("besiege"));
    let query = SearchQuery::new("besieged");
    g.bench_function(format!("refine_besieged/{events}"), |b| {
        b.iter(|| text.refine(&broader, black_box(&query)).count());
    });
}

fn load(c: &mut Criterion) {
    let dataset = generate(&GenerateOptions::new(100_000)).expect("the dataset generates");
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_generated(&dataset, dir.path(), &Default::default()).expect("the dataset writes");
    drop(dataset);

    let mut g = c.benchmark_group("load_100k");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    // The scan that finds each event's text before it is read.
    let events = std::fs::read_to_string(dir.path().join("events.ron")).unwrap();
    g.bench_function("scan_events", |b| {
        b.iter(|| conflict_timeline::testing::scan_section_list(black_box(&events)).unwrap());
    });
    // The events' file read whole, then a window at a time, as a file of
    // 64 MiB or more is.
    for (name, in_windows) in [("read_whole", false), ("read_in_windows", true)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                conflict_timeline::testing::load_folder_events(black_box(dir.path()), in_windows)
                    .unwrap()
            });
        });
    }
    g.bench_function("load_path_and_index", |b| {
        b.iter(|| {
            let loaded = load_path(black_box(dir.path()), &LoadOptions::default()).unwrap();
            let index = TimelineIndex::new(&loaded.dataset);
            (loaded, index)
        });
    });
    g.finish();
}

/// The index of a dataset big enough to be keyed and sorted on every core.
fn index(c: &mut Criterion) {
    const EVENTS: usize = 300_000;
    let dataset = generate(&GenerateOptions::new(EVENTS)).expect("the dataset generates");
    let mut g = c.benchmark_group("index");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function(format!("new/{EVENTS}"), |b| {
        b.iter(|| TimelineIndex::new(black_box(&dataset)));
    });
    g.finish();
}

fn badges(c: &mut Criterion) {
    use eframe::egui;
    const BADGES: usize = 100;
    let ctx = egui::Context::default();
    let mut g = c.benchmark_group("badges");
    // Each frame shows numbers no frame showed before.
    let frame = |set: &dyn Fn(&egui::Painter, &[usize]) -> usize, base: &mut usize| {
        let counts: Vec<usize> = (*base..*base + BADGES).collect();
        *base += BADGES;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            black_box(set(ui.painter(), &counts));
        });
        output.textures_delta.clear();
    };
    let mut base = 10_000;
    g.bench_function("laid_out/100", |b| {
        b.iter(|| {
            frame(
                &|painter, counts| {
                    counts
                        .iter()
                        .map(|count| {
                            painter
                                .layout_no_wrap(
                                    format!("+{count}"),
                                    egui::FontId::proportional(12.0),
                                    egui::Color32::PLACEHOLDER,
                                )
                                .size()
                                .x as usize
                        })
                        .sum()
                },
                &mut base,
            );
        });
    });
    g.bench_function("set_from_digits/100", |b| {
        b.iter(|| {
            frame(
                &|painter, counts| {
                    conflict_timeline::testing::badge_galleys(painter, counts)
                        .iter()
                        .map(|galley| galley.size().x as usize)
                        .sum()
                },
                &mut base,
            );
        });
    });
    g.finish();
}

/// A zoom frame that meets a hundred labels it has not shown before, as
/// zooming through a million events does: all laid out in the frame (as
/// before the label budget, and as an export still does), or at most the
/// budget of new ones, the others left for the frames that follow.
fn labels(c: &mut Criterion) {
    use eframe::egui;
    const NEW: usize = 100;
    let ctx = egui::Context::default();
    let mut g = c.benchmark_group("labels");
    let mut next = 0usize;
    // Titles no frame showed before, of a realistic length.
    let mut titles = |count: usize| -> Vec<String> {
        (0..count)
            .map(|_| {
                next += 1;
                format!("Coalition aircraft bombed the supply road near Karsk, day {next}")
            })
            .collect()
    };
    for (name, on_screen) in [("all_new/100", false), ("within_budget/100", true)] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || titles(NEW),
                |frame_titles| {
                    let refs: Vec<&str> = frame_titles.iter().map(String::as_str).collect();
                    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
                        black_box(conflict_timeline::testing::item_labels(
                            ui.painter(),
                            &refs,
                            on_screen,
                        ));
                    });
                    output.textures_delta.clear();
                },
                criterion::BatchSize::SmallInput,
            );
        });
    }
    g.finish();
}

criterion_group!(benches, timeline, load, index, badges, labels);
criterion_main!(benches);
