//! The app's Export image dialog and Copy view as image, driven headlessly:
//! the export runs on a worker thread while frames keep coming. Between
//! frames the tests wait for the job itself, never for a fixed time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::app_harness;
use conflict_timeline::testing::JobHold;
use conflict_timeline::ui::TimelineApp;
use eframe::egui::{self, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Steps frames until the running export is done (or a minute has passed).
fn wait_for_export(harness: &mut Harness<'_, TimelineApp>) {
    harness.step();
    while harness.state().probe().export_running() {
        let finished = harness
            .state_mut()
            .test_hooks()
            .wait_for_background(Duration::from_secs(60));
        assert!(finished, "the export did not finish");
        harness.step();
    }
    harness.step();
}

fn open_dialog_with_path(harness: &mut Harness<'_, TimelineApp>, path: &std::path::Path) {
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    let field = harness.get_by_label("Save to");
    field.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Save to")
        .type_text(path.to_str().unwrap());
    harness.run();
}

fn png_size(path: &std::path::Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let info = decoder.read_info().unwrap();
    let info = info.info();
    (info.width, info.height)
}

#[test]
fn ctrl_e_exports_the_visible_view_at_the_window_size() {
    let mut harness = app_harness(1024.0, 640.0);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("view.png");
    open_dialog_with_path(&mut harness, &path);
    harness.get_by_label_contains("×1 (1024 × 640)").click();
    harness.run();
    harness.get_by_label("Export").click();
    harness.step();
    wait_for_export(&mut harness);
    let status = harness.state().probe().export_status().cloned();
    assert!(
        matches!(&status, Some(Ok(message)) if message.starts_with("Wrote ")),
        "{status:?}"
    );
    assert_eq!(png_size(&path), (1024, 640));
    // The status line says what was written.
    harness.get_by_label_contains("Wrote ");
}

#[test]
fn the_dialog_exports_a_pdf_when_pdf_is_chosen() {
    let mut harness = app_harness(1024.0, 640.0);
    let folder = tempfile::tempdir().unwrap();
    open_dialog_with_path(&mut harness, &folder.path().join("view.png"));
    // Choosing the format gives the file name its extension.
    harness.get_by_label("PDF (vector)").click();
    harness.run();
    harness.get_by_label("Export").click();
    harness.step();
    wait_for_export(&mut harness);
    let status = harness.state().probe().export_status().cloned();
    assert!(
        matches!(&status, Some(Ok(message)) if message.starts_with("Wrote ")),
        "{status:?}"
    );
    let names: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["view.pdf"]);
    let pdf = std::fs::read(folder.path().join("view.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn the_dialog_refuses_a_bad_range_before_starting() {
    let mut harness = app_harness(1024.0, 640.0);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bad.svg");
    open_dialog_with_path(&mut harness, &path);
    let from = harness.get_by_label("From");
    from.click();
    harness.run();
    // Typing a date switches to a custom range; this one ends before it starts.
    let to = harness.get_by_label("to");
    to.focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("to").type_text("2011-01");
    harness.run();
    harness.get_by_label_contains("is not before");
    // Export is disabled, so nothing runs and nothing is written.
    harness.get_by_label("Export").click();
    harness.run();
    assert!(!harness.state().probe().export_running());
    assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none());
}

#[test]
fn a_big_export_can_be_cancelled_and_leaves_no_file() {
    let mut harness = app_harness(1024.0, 640.0);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("huge.png");
    open_dialog_with_path(&mut harness, &path);
    harness.get_by_label_contains("×4 (4096 × 2560)").click();
    harness.run();
    // However fast the machine, the export cannot finish before Cancel.
    let hold = JobHold::new(&harness.ctx);
    harness.get_by_label("Export").click();
    harness.step();
    assert!(harness.state().probe().export_running());
    harness.step();
    // The window keeps drawing while the export runs: the progress and a
    // Cancel button are on screen.
    harness.get_by_label("Cancel").click();
    harness.step();
    hold.release();
    wait_for_export(&mut harness);
    let status = harness.state().probe().export_status().cloned();
    assert!(
        matches!(&status, Some(Err(message)) if message.starts_with("Cancelled")),
        "{status:?}"
    );
    assert!(std::fs::read_dir(folder.path()).unwrap().next().is_none());
}

#[test]
fn copy_view_as_image_puts_the_view_on_the_clipboard() {
    let mut harness = app_harness(1024.0, 640.0);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::C);
    let mut copied = None;
    for _ in 0..100 {
        harness.step();
        copied =
            harness
                .output()
                .platform_output
                .commands
                .iter()
                .find_map(|command| match command {
                    egui::OutputCommand::CopyImage(image) => Some(image.size),
                    _ => None,
                });
        if copied.is_some() {
            break;
        }
        harness
            .state_mut()
            .test_hooks()
            .wait_for_background(Duration::from_secs(60));
    }
    assert_eq!(copied, Some([1024, 640]));
    let status = harness.state().probe().export_status().cloned();
    assert!(
        matches!(&status, Some(Ok(message)) if message.starts_with("Copied")),
        "{status:?}"
    );
}
