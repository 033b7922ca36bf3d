//! Writes that are stopped half-way: a dataset folder, by its name, always
//! holds the whole old dataset or the whole new one, and the next write
//! cleans up what was left.
//!
//! The writer is stopped after each of its steps in turn, in-process and
//! without any cleanup (as a kill leaves it), and the real binary is killed
//! with SIGKILL at many moments of a `convert`.
//!
//! The tests here run one at a time: a lock a stopped writer leaves is only
//! free once no process holds its file open, and a test that starts a
//! process shares the open files with it for a moment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{names, run, stderr};

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use conflict_timeline::Dataset;
use conflict_timeline::load::{
    LoadOptions, WriteError, WriteOptions, WrittenFolder, load_builtin, load_path, write_folder,
};

const CSV_SAMPLE: &str = "tests/data/import/truce-2016.csv";

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn write(dataset: &Dataset, dir: &Path) -> Result<WrittenFolder, WriteError> {
    write_folder(dataset, dir, &WriteOptions::default())
}

fn load(path: &Path) -> Dataset {
    load_path(path, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{} should load: {error}", path.display()))
        .dataset
}

/// Our own names in a folder: staging folders, locks, temporary files.
fn leftovers(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|name| name.starts_with(".conflict-timeline-") || name.starts_with(".dataset."))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before {
    Absent,
    Empty,
    Dataset,
}

/// Sets up the target as `before`; a dataset folder gets other files of the
/// user's, which every later state must keep.
fn prepare(before: Before, dir: &Path, old: &Dataset) {
    match before {
        Before::Absent => {}
        Before::Empty => std::fs::create_dir(dir).unwrap(),
        Before::Dataset => {
            write(old, dir).unwrap();
            std::fs::write(dir.join("README.md"), "notes").unwrap();
            std::fs::create_dir(dir.join("maps")).unwrap();
            std::fs::write(dir.join("maps").join("aleppo.txt"), "map").unwrap();
        }
    }
}

/// What the folder holds now, by its name: `Some(true)` the new dataset,
/// `Some(false)` the old state, `None` nothing at all.
fn state(before: Before, dir: &Path, old: &Dataset, new: &Dataset) -> Option<bool> {
    if !dir.exists() {
        return None;
    }
    if before != Before::Dataset && names(dir).is_empty() {
        assert_eq!(before, Before::Empty, "an absent folder was not made empty");
        return Some(false);
    }
    let loaded = load_path(dir, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{} does not load: {error}", dir.display()))
        .dataset;
    let is_new = loaded == *new;
    assert!(
        is_new || (before == Before::Dataset && loaded == *old),
        "neither old nor new"
    );
    if before == Before::Dataset {
        assert_eq!(
            std::fs::read_to_string(dir.join("README.md")).unwrap(),
            "notes"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("maps").join("aleppo.txt")).unwrap(),
            "map"
        );
    }
    Some(is_new)
}

/// Stops the writer after every one of its steps, as a kill would (nothing
/// cleaned up), and checks the folder by its name and what the next write
/// does with what was left.
fn stop_after_every_step(no_exchange: bool) {
    let old = load_builtin().unwrap().dataset;
    let new = load(Path::new(CSV_SAMPLE));
    for before in [Before::Absent, Before::Empty, Before::Dataset] {
        let mut gaps = 0;
        for step in 1.. {
            let parent = tempfile::tempdir().unwrap();
            let dir = parent.path().join("data");
            prepare(before, &dir, &old);
            let options = WriteOptions {
                stop_after_step: Some(step),
                no_exchange,
                ..WriteOptions::default()
            };
            let finished = match write_folder(&new, &dir, &options) {
                Ok(_) => true,
                Err(WriteError::Stopped { step: stopped }) => {
                    assert_eq!(stopped, step);
                    false
                }
                Err(error) => panic!("{before:?} step {step}: {error}"),
            };
            let now = state(before, &dir, &old, &new);
            if now.is_none() && before != Before::Absent {
                // Only between the two renames of the fallback.
                assert!(no_exchange, "{before:?} step {step}: the folder is gone");
                gaps += 1;
                // Opening it meanwhile says where the dataset is.
                let error = conflict_timeline::load::load_path(&dir, &Default::default())
                    .unwrap_err()
                    .to_string();
                assert!(error.contains("was stopped half-way"), "{error}");
                assert!(error.contains(".conflict-timeline-"), "{error}");
            }
            // The next write beside it finishes or undoes the stopped one.
            write(&Dataset::default(), &parent.path().join("other")).unwrap();
            assert_eq!(
                leftovers(parent.path()),
                Vec::<String>::new(),
                "step {step}"
            );
            let recovered = state(before, &dir, &old, &new);
            assert!(
                recovered.is_some() || before == Before::Absent,
                "{before:?} step {step}: not put back"
            );
            if now.is_some() {
                assert_eq!(
                    recovered, now,
                    "{before:?} step {step}: changed by the cleanup"
                );
            }
            std::fs::remove_dir_all(parent.path().join("other")).unwrap();
            // And a write into it works and leaves nothing of ours.
            write(&new, &dir).unwrap();
            assert_eq!(state(before, &dir, &old, &new), Some(true));
            assert_eq!(names(parent.path()), ["data"], "{before:?} step {step}");
            assert_eq!(leftovers(&dir), Vec::<String>::new());
            if finished {
                assert!(step > 4, "{before:?}: the steps were counted");
                break;
            }
        }
        assert_eq!(
            gaps,
            usize::from(no_exchange && before != Before::Absent),
            "{before:?}"
        );
    }
}

#[test]
fn a_write_stopped_after_any_step_leaves_the_old_or_the_new_dataset() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    stop_after_every_step(false);
}

#[test]
fn without_an_atomic_exchange_a_stopped_write_is_put_back_by_the_next() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    stop_after_every_step(true);
}

/// Generates a dataset folder of `events` events with the binary.
fn generate(events: usize, out: &Path) {
    let output = run(&[
        "generate",
        "--events",
        &events.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// `convert INPUT --out OUT`, killed with SIGKILL once `kill_when` says so
/// (given the time since the start and whether a staging folder exists
/// beside OUT), or run to its end.
fn convert_killed(input: &Path, out: &Path, kill_when: &dyn Fn(Duration, bool) -> bool) -> bool {
    let parent = out.parent().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_conflict-timeline"))
        .args([
            "convert",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "convert failed: {status}");
            return false;
        }
        let staging = names(parent).iter().any(|name| name.ends_with(".staging"));
        if kill_when(started.elapsed(), staging) {
            // SIGKILL: no handler, no cleanup.
            let _ = child.kill();
            let _ = child.wait();
            return true;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// The events of the dataset in `dir`, checked whole: its title, from
/// dataset.ron, names the number of events in events.ron.
fn whole_dataset_events(dir: &Path) -> usize {
    let dataset = load(dir);
    let events = dataset.events.len();
    assert!(
        dataset.title.contains(&format!(": {events} events,")),
        "a mix of two datasets: {:?} with {events} events",
        dataset.title
    );
    events
}

#[test]
fn convert_killed_at_any_moment_leaves_a_dataset_that_checks() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let inputs = tempfile::tempdir().unwrap();
    let (small, large) = (inputs.path().join("small"), inputs.path().join("large"));
    generate(3_000, &small);
    generate(12_000, &large);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("data");
    // How long a whole convert takes here.
    let started = Instant::now();
    assert!(!convert_killed(&small, &out, &|_, _| false));
    let whole = started.elapsed();
    assert_eq!(whole_dataset_events(&out), 3_000);

    let mut killed = 0;
    for round in 0..12u32 {
        let input = if round % 2 == 0 { &large } else { &small };
        // Half at moments spread over the run, half while the new folder
        // is written and swapped in.
        let fraction = f64::from(round) / 12.0;
        let was_killed = if round % 2 == 0 {
            let at = whole.mul_f64(0.2 + 1.2 * fraction);
            convert_killed(input, &out, &move |elapsed, _| elapsed >= at)
        } else {
            let after = Duration::from_micros(u64::from(round) * 3_000);
            let seen = std::cell::Cell::new(None::<Instant>);
            convert_killed(input, &out, &move |_, staging| {
                if staging && seen.get().is_none() {
                    seen.set(Some(Instant::now()));
                }
                seen.get().is_some_and(|at| at.elapsed() >= after)
            })
        };
        killed += usize::from(was_killed);
        let events = whole_dataset_events(&out);
        assert!([3_000, 12_000].contains(&events), "{events} events");
        let check = run(&["check", out.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    }
    assert!(killed >= 6, "only {killed} of the runs were killed");
    // A whole run cleans up after the killed ones.
    assert!(!convert_killed(&large, &out, &|_, _| false));
    assert_eq!(whole_dataset_events(&out), 12_000);
    assert_eq!(names(parent.path()), ["data"]);
    let leftovers: Vec<String> = names(&out)
        .into_iter()
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
