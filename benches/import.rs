//! How fast UCDP GED and ACLED rows become events: 10,000 rows of each
//! layout, generated in memory (`generate --layout ged|acled`, seed 1), are
//! converted and validated as a `.csv` is on load, from the text (the file
//! read is not measured). The GED rows are about 1.2 KB each, the ACLED rows
//! about 550 B, as in the published files.
//!
//! Run with:
//!
//! ```text
//! cargo bench --bench import
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use conflict_timeline::generate::{AcledDates, ConflictOptions, Layout, write_rows};
use conflict_timeline::load::load_timelinejs_csv_str;
use criterion::{Criterion, criterion_group, criterion_main};

/// The app's allocator (see `src/main.rs`), so this measures what the app does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Rows of each layout.
const ROWS: usize = 10_000;

fn text(layout: Layout) -> String {
    let mut out = Vec::new();
    let options = ConflictOptions {
        layout,
        events: ROWS,
        seed: 1,
        acled_dates: AcledDates::Iso,
    };
    write_rows(&options, &mut out, u64::MAX).unwrap();
    String::from_utf8(out).unwrap()
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for (name, layout) in [("ged_10k", Layout::Ged), ("acled_10k", Layout::Acled)] {
        let text = text(layout);
        group.bench_function(name, |b| {
            b.iter(|| {
                let loaded = load_timelinejs_csv_str("events.csv", black_box(&text)).unwrap();
                assert_eq!(loaded.dataset.events.len(), ROWS);
                loaded
            });
        });
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
