//! The look of the app (#16): no text under 12 points, the interface zoom
//! on its keys and in the settings, the themes, and a focus outline that
//! shows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app_harness, event_index};
use conflict_timeline::ui::{
    ChartPlacement, Command, InterfaceZoom, SideTab, ThemeChoice, TimelineApp,
};
use eframe::egui::{self, Color32, Key, Modifiers, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};

/// Every shape of `clipped`, nested ones included.
fn flatten(clipped: &[egui::epaint::ClippedShape]) -> Vec<Shape> {
    fn walk(shape: &Shape, into: &mut Vec<Shape>) {
        if let Shape::Vec(inner) = shape {
            for shape in inner {
                walk(shape, into);
            }
        } else {
            into.push(shape.clone());
        }
    }
    let mut all = Vec::new();
    for clipped in clipped {
        walk(&clipped.shape, &mut all);
    }
    all
}

/// Every shape of the last frame.
fn shapes(harness: &Harness<'_, TimelineApp>) -> Vec<Shape> {
    flatten(&harness.output().shapes)
}

/// The size and the text of every run of text painted last frame.
fn text_runs(harness: &Harness<'_, TimelineApp>) -> Vec<(f32, String)> {
    runs_in(&shapes(harness))
}

/// The size and the text of every run of text among `shapes`.
fn runs_in(shapes: &[Shape]) -> Vec<(f32, String)> {
    let mut runs = Vec::new();
    for shape in shapes {
        if let Shape::Text(text) = shape {
            let job = &text.galley.job;
            for section in &job.sections {
                let range = section.byte_range.start.0..section.byte_range.end.0;
                let run = job.text.get(range).unwrap_or_default();
                if !run.trim().is_empty() {
                    runs.push((section.format.font_id.size, run.to_owned()));
                }
            }
        }
    }
    runs
}

/// The runs under 12 points.
fn small_runs(harness: &Harness<'_, TimelineApp>) -> Vec<String> {
    under_twelve(text_runs(harness))
}

fn under_twelve(runs: Vec<(f32, String)>) -> Vec<String> {
    runs.into_iter()
        .filter(|(size, _)| *size < 12.0)
        .map(|(size, text)| format!("{size}: {text:?}"))
        .collect()
}

#[test]
fn no_text_anywhere_is_drawn_under_twelve_points_at_zoom_one() {
    let mut harness = app_harness(1400.0, 860.0);
    let app = harness.state();
    let event = event_index(app, "daraa-first-deaths");
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    let mut seen = 0;
    let mut small = Vec::new();
    for theme in [ThemeChoice::Dark, ThemeChoice::Light] {
        for tab in [SideTab::Details, SideTab::Quotes, SideTab::Figures] {
            let app = harness.state_mut();
            app.push(Command::SetTheme(theme));
            app.push(Command::SetChartPlacement(ChartPlacement::Always));
            app.push(Command::SetSideTab(tab));
            app.push(Command::SelectAndCenter(event));
            harness.run();
            let runs = text_runs(&harness);
            seen += runs.len();
            small.extend(small_runs(&harness));
        }
    }
    // The windows and the menus.
    for window in [
        Command::ShowShortcuts,
        Command::ShowAbout,
        Command::ShowOpenDataset,
        Command::OpenExportDialog,
    ] {
        harness.state_mut().push(window);
        harness.run();
        small.extend(small_runs(&harness));
    }
    harness.get_by_label("View").click();
    harness.run();
    small.extend(small_runs(&harness));
    assert!(seen > 200, "only {seen} runs of text drawn");
    assert!(
        small.is_empty(),
        "text under 12 points:\n{}",
        small.join("\n")
    );
}

#[test]
fn ctrl_equals_minus_and_zero_zoom_the_interface_and_the_settings_keep_it() {
    let mut harness = app_harness(1200.0, 800.0);
    let view = harness.state().probe().view();
    let zoom = |harness: &Harness<'_, TimelineApp>| {
        let factor = harness.ctx.zoom_factor();
        assert_eq!(factor, harness.state().probe().settings().zoom.factor());
        factor
    };
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert_eq!(zoom(&harness), 1.1);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Plus);
    harness.run();
    assert_eq!(zoom(&harness), 1.2);
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
        harness.run();
    }
    assert_eq!(zoom(&harness), 0.8);
    // The time view did not move for any of these.
    assert_eq!(harness.state().probe().view(), view);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    harness.run();
    assert_eq!(zoom(&harness), 1.0);

    // Without Ctrl, + and - still zoom the time view, not the interface.
    harness.key_press(Key::Equals);
    harness.run();
    let zoomed = harness.state().probe().view();
    assert!(
        zoomed.span() < 0.6 * view.span(),
        "{zoomed:?} from {view:?}"
    );
    harness.key_press(Key::Minus);
    harness.run();
    assert!(harness.state().probe().view().span() > 1.5 * zoomed.span());
    assert_eq!(zoom(&harness), 1.0);
}

#[test]
fn the_view_menu_sizes_the_interface_and_picks_the_high_contrast_theme() {
    let mut harness = app_harness(1200.0, 800.0);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Larger interface").click();
    harness.run();
    assert_eq!(harness.state().probe().settings().zoom.factor(), 1.1);
    assert_eq!(harness.ctx.zoom_factor(), 1.1);

    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("High-contrast theme").click();
    harness.run();
    assert_eq!(harness.state().probe().theme(), ThemeChoice::HighContrast);
    let visuals = harness.ctx.global_style().visuals.clone();
    assert_eq!(visuals.panel_fill, Color32::BLACK);
    assert_eq!(visuals.text_color(), Color32::WHITE);
}

#[test]
fn a_saved_zoom_and_theme_are_restored_at_start_and_a_corrupt_zoom_is_ignored() {
    let mut harness = app_harness(1200.0, 800.0);
    let mut settings = harness.state().probe().settings();
    settings.zoom = InterfaceZoom::new(1.5);
    settings.theme = ThemeChoice::HighContrast;
    let mut storage = common::MemoryStorage::default();
    eframe::set_value(&mut storage, "conflict-timeline", &settings);
    harness.state_mut().restore(&storage);
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), 1.5);
    assert_eq!(
        harness.ctx.global_style().visuals.panel_fill,
        Color32::BLACK
    );

    use eframe::Storage as _;
    let saved = storage.get_string("conflict-timeline").expect("saved");
    assert!(saved.contains("zoom:1.5"), "{saved}");
    storage.set_string("conflict-timeline", saved.replace("zoom:1.5", "zoom:40.0"));
    harness.state_mut().restore(&storage);
    harness.run();
    assert_eq!(harness.ctx.zoom_factor(), *InterfaceZoom::RANGE.end());
}

/// The relative luminance of an opaque colour (WCAG 2).
fn luminance(color: Color32) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

fn contrast(a: Color32, b: Color32) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The strongest outline painted around `rect` last frame: its width and
/// its contrast on the panel's background.
fn outline_around(harness: &Harness<'_, TimelineApp>, rect: egui::Rect) -> Option<(f32, f64)> {
    let panel = harness.ctx.global_style().visuals.panel_fill;
    shapes(harness)
        .into_iter()
        .filter_map(|shape| match shape {
            Shape::Rect(shape) if shape.stroke.width > 0.0 => Some(shape),
            _ => None,
        })
        .filter(|shape| {
            shape.rect.expand(4.0).contains_rect(rect) && rect.expand(4.0).contains_rect(shape.rect)
        })
        .map(|shape| (shape.stroke.width, contrast(shape.stroke.color, panel)))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

/// The strongest contrast on the panel of a fill painted within `rect`
/// last frame (a menu item's highlight, a checkbox's box).
fn fill_within(harness: &Harness<'_, TimelineApp>, rect: egui::Rect) -> f64 {
    let panel = harness.ctx.global_style().visuals.panel_fill;
    shapes(harness)
        .into_iter()
        .filter_map(|shape| match shape {
            Shape::Rect(shape) if shape.fill.a() == 255 => Some(shape),
            _ => None,
        })
        .filter(|shape| rect.expand(4.0).contains_rect(shape.rect))
        .map(|shape| contrast(shape.fill, panel))
        .fold(1.0, f64::max)
}

/// The app in `theme`, settled.
fn harness_in(theme: ThemeChoice) -> Harness<'static, TimelineApp> {
    let mut harness = app_harness(1200.0, 800.0);
    harness.state_mut().push(Command::SetTheme(theme));
    harness.run();
    harness
}

#[test]
fn the_focused_widget_has_an_outline_of_two_points_at_three_to_one_in_every_theme() {
    for theme in [
        ThemeChoice::Light,
        ThemeChoice::Dark,
        ThemeChoice::HighContrast,
    ] {
        let mut harness = harness_in(theme);
        // A side tab, a button, a text field.
        for (label, role) in [
            ("Quotes", egui::accesskit::Role::Tab),
            ("Lanes", egui::accesskit::Role::Button),
            ("Search", egui::accesskit::Role::TextInput),
        ] {
            let node = harness.get_by_role_and_label(role, label);
            node.focus();
            harness.run();
            let node = harness.get_by_role_and_label(role, label);
            assert!(node.is_focused(), "{theme:?}: {label} has the focus");
            let rect = node.rect();
            let (width, ratio) = outline_around(&harness, rect)
                .unwrap_or_else(|| panic!("{theme:?}: no outline around {label}"));
            assert!(width >= 2.0, "{theme:?}: {label}'s outline is {width} wide");
            assert!(ratio >= 3.0, "{theme:?}: {label}'s outline at {ratio:.2}:1");
        }
        // In a menu, whose items egui draws without outlines: a focused
        // item (and a checkbox's box) is filled instead, at 3:1 on the menu.
        harness.get_by_label("View").click();
        harness.run();
        for (label, role) in [
            ("Larger interface", egui::accesskit::Role::Button),
            ("Side panel", egui::accesskit::Role::CheckBox),
        ] {
            let by = || By::new().role(role).label_contains(label);
            harness.get(by()).focus();
            harness.run();
            let node = harness.get(by());
            assert!(node.is_focused(), "{theme:?}: {label} has the focus");
            let ratio = fill_within(&harness, node.rect());
            assert!(ratio >= 3.0, "{theme:?}: {label}'s fill at {ratio:.2}:1");
        }
    }
}

#[test]
fn an_export_in_the_high_contrast_theme_is_drawn_white_on_black() {
    use conflict_timeline::export::{self, Caption, ExportControl, ExportSpec, ExportTheme};
    use conflict_timeline::load::load_builtin;
    use conflict_timeline::{TimeView, TimelineIndex};
    let dataset = load_builtin().expect("the built-in dataset loads").dataset;
    let index = TimelineIndex::new(&dataset);
    let background = |theme| {
        let mut spec = ExportSpec::new(&dataset, TimeView::new(16_800.0, 16_900.0));
        spec.width = 600;
        spec.height = 400;
        spec.caption = Caption::None;
        spec.theme = theme;
        let picture = export::draw(&dataset, &index, &spec).expect("drawn");
        let image = picture
            .to_image(&ExportControl::default())
            .expect("rasterised");
        // Low in the timeline, right of every label: its background.
        image.pixel(spec.width - 3, spec.height - 3)
    };
    // Black under the faint wash of the era behind it.
    let [r, g, b, _] = background(ExportTheme::HighContrast);
    assert!(r.max(g).max(b) <= 5, "{r},{g},{b}");
    let [r, g, b, _] = background(ExportTheme::Dark);
    assert!(r.min(g).min(b) >= 8, "{r},{g},{b}");

    let folder = tempfile::tempdir().expect("a temporary folder");
    let out = folder.path().join("view.png");
    let output = common::run(&[
        "export",
        "--out",
        out.to_str().expect("a UTF-8 path"),
        "--width",
        "400",
        "--height",
        "300",
        "--theme",
        "high-contrast",
    ]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    assert!(out.is_file());
}

#[test]
fn an_exported_image_has_no_text_under_twelve_points_either() {
    use conflict_timeline::export::{self, Caption, ExportSpec};
    use conflict_timeline::load::load_builtin;
    use conflict_timeline::{TimeView, TimelineIndex};
    let dataset = load_builtin().expect("the built-in dataset loads").dataset;
    let index = TimelineIndex::new(&dataset);
    let mut spec = ExportSpec::new(&dataset, TimeView::new(15_000.0, 17_200.0));
    spec.figures = true;
    spec.caption = Caption::Standard;
    let picture = export::draw(&dataset, &index, &spec).expect("drawn");
    let runs = runs_in(&flatten(&picture.shapes));
    assert!(runs.len() > 50, "only {} runs of text drawn", runs.len());
    let small = under_twelve(runs);
    assert!(
        small.is_empty(),
        "text under 12 points:\n{}",
        small.join("\n")
    );
}

#[test]
fn the_overview_s_window_is_outlined_at_three_to_one_in_every_theme() {
    for theme in [
        ThemeChoice::Light,
        ThemeChoice::Dark,
        ThemeChoice::HighContrast,
    ] {
        let harness = harness_in(theme);
        let (band, _) = harness.state().probe().overview_transform();
        let panel = harness.ctx.global_style().visuals.panel_fill;
        let outlines: Vec<f64> = shapes(&harness)
            .into_iter()
            .filter_map(|shape| match shape {
                Shape::Rect(shape) if shape.stroke.width > 1.0 => Some(shape),
                _ => None,
            })
            .filter(|shape| band.expand(4.0).contains_rect(shape.rect))
            .map(|shape| contrast(shape.stroke.color, panel))
            .collect();
        assert!(!outlines.is_empty(), "{theme:?}: the window is outlined");
        for ratio in outlines {
            assert!(
                ratio >= 3.0,
                "{theme:?}: the window's outline at {ratio:.2}:1"
            );
        }
    }
}
