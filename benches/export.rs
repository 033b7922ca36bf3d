//! How long a PNG export of the built-in dataset takes, stage by stage.
//!
//! The range is the February 2016 truce (January to April 2016), drawn with
//! the figures chart and the standard caption, as the README's example
//! export. At 3840 × 2160 px (1920 × 1080 points at scale 2) each stage is
//! measured on its own:
//!
//! - `draw`: laying out the timeline, the chart and the caption into egui
//!   shapes;
//! - `to_image`: tessellating those shapes and rasterising them on the CPU;
//! - `encode_png`: compressing the finished pixels into a PNG;
//! - `pipeline`: all three in a row, as the app and the command line do
//!   (without writing the file).
//!
//! The whole pipeline is measured at 1920 × 1080 px (scale 1) too, for
//! comparison.
//!
//! `copy_view_300000` draws a view of 300,000 generated events at 1600 ×
//! 1000 points, as Copy view as image does: `draw` from the dataset alone,
//! `draw_prepared` from the titles' widths and lanes' events the app has
//! already (`cargo bench --bench export -- copy_view`).
//!
//! Run with:
//!
//! ```text
//! cargo bench --bench export
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use conflict_timeline::Dataset;
use conflict_timeline::export::{self, ExportControl, ExportSpec};
use conflict_timeline::load::load_builtin;
use conflict_timeline::model::Date;
use conflict_timeline::{TimeView, TimelineIndex};
use criterion::{Criterion, criterion_group, criterion_main};

/// The app's allocator (see `src/main.rs`), so this measures what the app does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The February 2016 truce, with a month either side.
fn truce_2016() -> TimeView {
    TimeView::new(
        Date::parse("2016-01").unwrap().start_instant(),
        Date::parse("2016-04").unwrap().end_instant(),
    )
}

/// An export of 1920 × 1080 points at `scale`, with the figures chart.
fn spec(dataset: &Dataset, scale: f32) -> ExportSpec {
    let mut spec = ExportSpec::new(dataset, truce_2016());
    spec.width = 1920;
    spec.height = 1080;
    spec.scale = scale;
    spec.figures = true;
    spec
}

/// Draw, rasterise and encode: what an export does before writing the file.
fn pipeline(dataset: &Dataset, index: &TimelineIndex, spec: &ExportSpec) -> Vec<u8> {
    let picture = export::draw(dataset, index, spec).unwrap();
    let image = picture.to_image(&ExportControl::default()).unwrap();
    export::encode_png(&image).unwrap()
}

fn export_png(c: &mut Criterion) {
    let dataset = load_builtin().expect("the built-in dataset loads").dataset;
    let index = TimelineIndex::new(&dataset);

    let uhd = spec(&dataset, 2.0);
    assert_eq!(uhd.pixel_size(), [3840, 2160]);
    let picture = export::draw(&dataset, &index, &uhd).unwrap();
    let image = picture.to_image(&ExportControl::default()).unwrap();

    let mut group = c.benchmark_group("export_3840x2160");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("draw", |b| {
        b.iter(|| export::draw(&dataset, &index, black_box(&uhd)).unwrap());
    });
    group.bench_function("to_image", |b| {
        b.iter(|| {
            black_box(&picture)
                .to_image(&ExportControl::default())
                .unwrap()
        });
    });
    group.bench_function("encode_png", |b| {
        b.iter(|| export::encode_png(black_box(&image)).unwrap());
    });
    group.bench_function("pipeline", |b| {
        b.iter(|| pipeline(&dataset, &index, black_box(&uhd)));
    });
    group.finish();

    let hd = spec(&dataset, 1.0);
    assert_eq!(hd.pixel_size(), [1920, 1080]);
    let mut group = c.benchmark_group("export_1920x1080");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("pipeline", |b| {
        b.iter(|| pipeline(&dataset, &index, black_box(&hd)));
    });
    group.finish();
}

/// Copying the view of a big dataset as an image: drawn from the dataset
/// alone (the titles measured and the lanes' events sorted again, as every
/// copy did before), or from what the app has prepared already.
fn copy_view(c: &mut Criterion) {
    const EVENTS: usize = 300_000;
    let dataset = conflict_timeline::generate::generate(
        &conflict_timeline::generate::GenerateOptions::new(EVENTS),
    )
    .expect("the dataset generates");
    let index = TimelineIndex::new(&dataset);
    let mut spec = ExportSpec::new(&dataset, truce_2016());
    spec.width = 1600;
    spec.height = 1000;
    let prepared = export::Prepared::of(&dataset, &index);
    let mut group = c.benchmark_group(format!("copy_view_{EVENTS}"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("draw", |b| {
        b.iter(|| export::draw(&dataset, &index, black_box(&spec)).unwrap());
    });
    group.bench_function("draw_prepared", |b| {
        b.iter(|| export::draw_prepared(&dataset, &index, black_box(&spec), &prepared).unwrap());
    });
    group.finish();
}

criterion_group!(benches, export_png, copy_view);
criterion_main!(benches);
