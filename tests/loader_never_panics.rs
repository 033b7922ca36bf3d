//! The loader never panics, whatever it is given: mutated datasets, random
//! bytes, pathological nesting.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conflict_timeline::load::{load_builtin, load_ron_str, to_single_file_ron};
use proptest::prelude::*;

const MINIMAL: &str = include_str!("data/minimal.ron");

/// Characters that matter to RON's structure, and a few that are awkward.
const SPICY: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    ",",
    ":",
    "/",
    "*",
    "//",
    "/*",
    "*/",
    "#",
    "r#\"",
    "\\",
    "\n",
    "-",
    "0",
    "NaN",
    "inf",
    "Some(",
    "é",
    "–",
    "\u{0}",
    "9999999999999999999999",
    "1e999",
];

fn load_does_not_panic(text: &str) {
    // Either result is fine; reaching here without a panic is the point.
    let _ = load_ron_str("fuzz.ron", text);
}

#[test]
fn every_single_byte_deletion_of_the_example() {
    for at in 0..MINIMAL.len() {
        if MINIMAL.is_char_boundary(at) && MINIMAL.is_char_boundary(at + 1) {
            let text = format!("{}{}", &MINIMAL[..at], &MINIMAL[at + 1..]);
            load_does_not_panic(&text);
        }
    }
}

#[test]
fn every_structural_insertion_into_the_example() {
    for at in (0..=MINIMAL.len()).filter(|&at| MINIMAL.is_char_boundary(at)) {
        for spicy in SPICY {
            let text = format!("{}{spicy}{}", &MINIMAL[..at], &MINIMAL[at..]);
            load_does_not_panic(&text);
        }
    }
}

#[test]
fn truncations_of_the_builtin_dataset() {
    let text = to_single_file_ron(&load_builtin().unwrap().dataset).unwrap();
    let step = (text.len() / 400).max(1);
    for at in (0..text.len())
        .step_by(step)
        .filter(|&at| text.is_char_boundary(at))
    {
        load_does_not_panic(&text[..at]);
    }
}

#[test]
fn pathological_nesting_and_lengths() {
    for depth in [127, 128, 129, 1_000, 200_000] {
        load_does_not_panic(&"(".repeat(depth));
        load_does_not_panic(&format!("Dataset(title: {}", "[".repeat(depth)));
        load_does_not_panic(&format!(
            "Dataset(title: {}{})",
            "Some(".repeat(depth),
            ")".repeat(depth)
        ));
        load_does_not_panic(&format!("{}{}", "/*".repeat(depth), "*/".repeat(depth)));
    }
    load_does_not_panic(&format!("Dataset(title: \"{}\")", "x".repeat(5_000_000)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_edits_of_the_example(edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..4, any::<prop::sample::Index>(), ".{0,6}"), 1..6)) {
        let mut text = MINIMAL.to_owned();
        for (position, kind, spicy, random) in edits {
            let mut at = position.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match kind {
                0 => {
                    let end = text[at..].char_indices().nth(3).map_or(text.len(), |(i, _)| at + i);
                    text.replace_range(at..end, "");
                }
                1 => text.insert_str(at, SPICY[spicy.index(SPICY.len())]),
                2 => text.insert_str(at, &random),
                _ => {
                    let end = text[at..].char_indices().nth(1).map_or(text.len(), |(i, _)| at + i);
                    text.replace_range(at..end, SPICY[spicy.index(SPICY.len())]);
                }
            }
        }
        load_does_not_panic(&text);
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}") {
        load_does_not_panic(&text);
    }
}
