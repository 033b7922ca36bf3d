//! A load gives back to the system the memory it freed on the way. The
//! app's allocator, mimalloc, keeps what a thread frees for later
//! allocations; after a load that used hundreds of megabytes for a moment
//! on every core, that kept the app's resident memory far above what its
//! dataset needs until the user next did something. This test binary runs
//! with the app's allocator, as the app does. Linux only: it reads the
//! process's resident memory from `/proc`.

#![cfg(target_os = "linux")]

use std::path::Path;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The resident memory of this process in MiB (Linux's `/proc`).
fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// What a load's readers do: a thread fills many small blocks, 96 MiB in
/// all, frees them and ends.
fn use_memory_on_a_thread() {
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let blocks: Vec<Vec<u8>> = (0..96 * 1024)
                .map(|block| vec![(block % 251) as u8; 1024])
                .collect();
            std::hint::black_box(&blocks);
        });
    });
}

#[test]
fn a_load_gives_back_the_memory_freed_before_it_ends() {
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/minimal");
    // The first load's own memory (the allocator's start, the dataset's
    // code paths) is not what this test is about.
    let first = conflict_timeline::load::load_path(&minimal, &Default::default());
    assert!(first.is_ok(), "{:?}", first.err());
    drop(first);

    let before = resident_mib();
    use_memory_on_a_thread();
    let kept = resident_mib();
    if kept - before < 64.0 {
        // Told to give memory back at once (`MIMALLOC_PURGE_DELAY=0`):
        // nothing is left for the load to give back.
        eprintln!(
            "the allocator kept {:.0} MiB of the 96 freed: nothing to test",
            kept - before
        );
        return;
    }
    let loaded = conflict_timeline::load::load_path(&minimal, &Default::default());
    assert!(loaded.is_ok(), "{:?}", loaded.err());
    let after = resident_mib();
    assert!(
        after - before < 16.0,
        "{:.0} MiB before, {:.0} MiB with the freed memory kept, {:.0} MiB after the load",
        before,
        kept,
        after
    );
}
