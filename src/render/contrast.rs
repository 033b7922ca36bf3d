//! Colour maths for accessibility: WCAG 2 contrast, colour-vision
//! deficiency simulation and perceptual colour difference.
//!
//! The theme's tests hold every text colour and essential mark to WCAG AA
//! contrast with these ([`contrast_ratio`]), and the painters lift a
//! dataset's own colour that is too faint on the background
//! ([`readable_on`]) instead of the dataset file being changed. Lane
//! palettes are checked for the common colour-vision deficiencies by
//! simulating them ([`simulate`], Machado, Oliveira & Fernandes 2009, at
//! full severity) and measuring CIEDE2000 differences ([`delta_e_2000`]) in
//! CIELAB ([`lab`]).

// The simulation and the colour difference check palettes in tests only.
#![cfg_attr(not(test), allow(dead_code))]

use std::sync::LazyLock;

use eframe::egui::Color32;

/// WCAG AA: normal text on its background.
pub(crate) const TEXT_AA: f64 = 4.5;
/// WCAG AAA: normal text in the high-contrast theme.
pub(crate) const TEXT_AAA: f64 = 7.0;
/// WCAG AA: graphical objects and user interface components.
pub(crate) const MARKS_AA: f64 = 3.0;

/// An sRGB channel (0–255) in linear light, looked up.
static LINEAR: LazyLock<[f64; 256]> = LazyLock::new(|| {
    std::array::from_fn(|value| {
        let c = value as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    })
});

/// A linear channel back to sRGB (0–255).
fn srgb_from_linear(linear: f64) -> u8 {
    let c = linear.clamp(0.0, 1.0);
    let encoded = if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    };
    (encoded * 255.0).round() as u8
}

fn linear_rgb(color: Color32) -> [f64; 3] {
    let [r, g, b, _] = opaque(color).to_array();
    [LINEAR[r as usize], LINEAR[g as usize], LINEAR[b as usize]]
}

/// A colour as it shows: a translucent colour (premultiplied, as egui
/// keeps it) over black, which is how egui blends it over a background
/// that is then added; see [`over`] to put it over a background.
fn opaque(color: Color32) -> Color32 {
    let [r, g, b, _] = color.to_array();
    Color32::from_rgb(r, g, b)
}

/// `color` (premultiplied, possibly translucent) painted over an opaque
/// `background`, blended as egui blends: in gamma space.
pub(crate) fn over(color: Color32, background: Color32) -> Color32 {
    let [r, g, b, a] = color.to_array();
    let [br, bg, bb, _] = background.to_array();
    let keep = 1.0 - f32::from(a) / 255.0;
    let mix = |c: u8, under: u8| (f32::from(c) + keep * f32::from(under)).round().min(255.0) as u8;
    Color32::from_rgb(mix(r, br), mix(g, bg), mix(b, bb))
}

/// WCAG 2's relative luminance, 0 (black) to 1 (white), of an opaque colour.
pub(crate) fn relative_luminance(color: Color32) -> f64 {
    let [r, g, b] = linear_rgb(color);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

/// WCAG 2's contrast ratio of two opaque colours, 1 to 21.
pub(crate) fn contrast_ratio(a: Color32, b: Color32) -> f64 {
    let (a, b) = (relative_luminance(a), relative_luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// `color`, or the nearest mix of it with white or black (whichever leads
/// away from `background`) that has at least `ratio` contrast on
/// `background`: a dataset's colour stays its hue, only lighter or darker.
pub(crate) fn readable_on(color: Color32, background: Color32, ratio: f64) -> Color32 {
    readable_over(color, background, ratio, 1.0)
}

/// [`readable_on`] for a colour painted at `opacity` over `background`:
/// the colour (opaque) whose paint at that opacity has `ratio` on it.
pub(crate) fn readable_over(
    color: Color32,
    background: Color32,
    ratio: f64,
    opacity: f32,
) -> Color32 {
    let color = opaque(color);
    let passes = |color: Color32| {
        contrast_ratio(over(color.gamma_multiply(opacity), background), background) >= ratio
    };
    if passes(color) {
        return color;
    }
    let toward = if relative_luminance(background) < 0.18 {
        Color32::WHITE
    } else {
        Color32::BLACK
    };
    // The least mix that passes, to a hundredth: moving away from the
    // background only adds contrast, so a binary search finds it.
    let mixed = |step: u32| mix(color, toward, step as f32 / 100.0);
    let (mut failing, mut passing) = (0, 100);
    if !passes(mixed(passing)) {
        return toward;
    }
    while passing - failing > 1 {
        let middle = (failing + passing) / 2;
        if passes(mixed(middle)) {
            passing = middle;
        } else {
            failing = middle;
        }
    }
    mixed(passing)
}

/// `from` moved `t` (0 to 1) of the way to `to`, opaque.
pub(crate) fn mix(from: Color32, to: Color32, t: f32) -> Color32 {
    let [r, g, b, _] = from.to_array();
    let [tr, tg, tb, _] = to.to_array();
    let lerp =
        |from: u8, to: u8| (f32::from(from) + t * (f32::from(to) - f32::from(from))).round() as u8;
    Color32::from_rgb(lerp(r, tr), lerp(g, tg), lerp(b, tb))
}

/// The common colour-vision deficiencies, each simulated at full severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deficiency {
    /// No working long-wavelength (red) cones.
    Protanopia,
    /// No working medium-wavelength (green) cones.
    Deuteranopia,
    /// No working short-wavelength (blue) cones.
    Tritanopia,
}

impl Deficiency {
    pub(crate) const ALL: [Self; 3] = [Self::Protanopia, Self::Deuteranopia, Self::Tritanopia];

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
    fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Self::Protanopia => [
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ],
            Self::Deuteranopia => [
                [0.367_322, 0.860_646, -0.227_968],
                [0.280_085, 0.672_501, 0.047_413],
                [-0.011_820, 0.042_940, 0.968_881],
            ],
            Self::Tritanopia => [
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ],
        }
    }
}

/// How `color` looks to a person with `deficiency`.
pub(crate) fn simulate(color: Color32, deficiency: Deficiency) -> Color32 {
    let rgb = linear_rgb(color);
    let m = deficiency.matrix();
    let row = |i: usize| m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2];
    Color32::from_rgb(
        srgb_from_linear(row(0)),
        srgb_from_linear(row(1)),
        srgb_from_linear(row(2)),
    )
}

/// CIELAB (D65 white) of an opaque sRGB colour: `[L*, a*, b*]`.
pub(crate) fn lab(color: Color32) -> [f64; 3] {
    let [r, g, b] = linear_rgb(color);
    let x = 0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = 0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b;
    let (xn, yn, zn) = (0.950_47, 1.0, 1.088_83);
    let f = |t: f64| {
        let delta: f64 = 6.0 / 29.0;
        if t > delta.powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * delta * delta) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x / xn), f(y / yn), f(z / zn));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CIEDE2000 colour difference of two CIELAB colours (Sharma, Wu &
/// Dalal 2005): about 1 is a just noticeable difference; two marks meant
/// to be told apart at a glance want 10 or more.
pub(crate) fn delta_e_2000(lab1: [f64; 3], lab2: [f64; 3]) -> f64 {
    use std::f64::consts::PI;
    let [l1, a1, b1] = lab1;
    let [l2, a2, b2] = lab2;
    let c1 = a1.hypot(b1);
    let c2 = a2.hypot(b2);
    let c_mean = 0.5 * (c1 + c2);
    let c7 = c_mean.powi(7);
    let g = 0.5 * (1.0 - (c7 / (c7 + 25_f64.powi(7))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).rem_euclid(2.0 * PI)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d > PI {
            d - 2.0 * PI
        } else if d < -PI {
            d + 2.0 * PI
        } else {
            d
        }
    };
    let dh_big = 2.0 * (c1p * c2p).sqrt() * (dh / 2.0).sin();
    let l_mean = 0.5 * (l1 + l2);
    let cp_mean = 0.5 * (c1p + c2p);
    let h_mean = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= PI {
        0.5 * (h1p + h2p)
    } else if h1p + h2p < 2.0 * PI {
        0.5 * (h1p + h2p + 2.0 * PI)
    } else {
        0.5 * (h1p + h2p - 2.0 * PI)
    };
    let deg = PI / 180.0;
    let t = 1.0 - 0.17 * (h_mean - 30.0 * deg).cos()
        + 0.24 * (2.0 * h_mean).cos()
        + 0.32 * (3.0 * h_mean + 6.0 * deg).cos()
        - 0.20 * (4.0 * h_mean - 63.0 * deg).cos();
    let d_theta = 30.0 * deg * (-((h_mean / deg - 275.0) / 25.0).powi(2)).exp();
    let cp7 = cp_mean.powi(7);
    let rc = 2.0 * (cp7 / (cp7 + 25_f64.powi(7))).sqrt();
    let l50 = (l_mean - 50.0).powi(2);
    let sl = 1.0 + 0.015 * l50 / (20.0 + l50).sqrt();
    let sc = 1.0 + 0.045 * cp_mean;
    let sh = 1.0 + 0.015 * cp_mean * t;
    let rt = -(2.0 * d_theta).sin() * rc;
    let (l, c, h) = (dl / sl, dc / sc, dh_big / sh);
    (l * l + c * c + h * h + rt * c * h).sqrt()
}

/// The least CIEDE2000 difference between any two of `colors`, as seen
/// with `deficiency` (or normal vision with `None`), and the pair.
pub(crate) fn least_difference(
    colors: &[Color32],
    deficiency: Option<Deficiency>,
) -> Option<(f64, usize, usize)> {
    let seen: Vec<[f64; 3]> = colors
        .iter()
        .map(|&c| lab(deficiency.map_or(c, |d| simulate(c, d))))
        .collect();
    let mut least: Option<(f64, usize, usize)> = None;
    for i in 0..seen.len() {
        for j in i + 1..seen.len() {
            let difference = delta_e_2000(seen[i], seen[j]);
            if least.is_none_or(|(d, _, _)| difference < d) {
                least = Some((difference, i, j));
            }
        }
    }
    least
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn wcag_luminance_and_contrast_match_known_values() {
        assert!(close(relative_luminance(Color32::WHITE), 1.0, 1e-9));
        assert!(close(relative_luminance(Color32::BLACK), 0.0, 1e-9));
        assert!(close(
            contrast_ratio(Color32::WHITE, Color32::BLACK),
            21.0,
            1e-9
        ));
        // The darkest grey passing AA on white, and the lightest failing it.
        let grey = |v| Color32::from_rgb(v, v, v);
        assert!(close(
            contrast_ratio(grey(0x76), Color32::WHITE),
            4.54,
            0.01
        ));
        assert!(close(
            contrast_ratio(grey(0x77), Color32::WHITE),
            4.48,
            0.01
        ));
        // Symmetric.
        let (a, b) = (Color32::from_rgb(0x3d, 0x7f, 0xd6), grey(27));
        assert_eq!(contrast_ratio(a, b), contrast_ratio(b, a));
        // Pure red: 0.2126.
        assert!(close(relative_luminance(Color32::RED), 0.2126, 1e-9));
    }

    #[test]
    fn a_translucent_colour_over_a_background_blends_as_egui_does() {
        let half_white = Color32::WHITE.gamma_multiply(0.5);
        let mixed = over(half_white, Color32::BLACK);
        assert!(mixed.r().abs_diff(128) <= 1, "{mixed:?}");
        assert_eq!(over(Color32::RED, Color32::BLUE), Color32::RED);
        assert_eq!(over(Color32::TRANSPARENT, Color32::BLUE), Color32::BLUE);
    }

    #[test]
    fn cielab_matches_known_values() {
        let [l, a, b] = lab(Color32::WHITE);
        assert!(close(l, 100.0, 0.01) && close(a, 0.0, 0.01) && close(b, 0.0, 0.01));
        let [l, a, b] = lab(Color32::from_rgb(255, 0, 0));
        assert!(close(l, 53.24, 0.05), "{l}");
        assert!(close(a, 80.09, 0.1), "{a}");
        assert!(close(b, 67.20, 0.1), "{b}");
    }

    #[test]
    fn ciede2000_matches_sharmas_test_data() {
        for (lab1, lab2, expected) in [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, 2.5, 0.0], [50.0, 3.1736, 0.5854], 1.0),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
            ([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082),
        ] {
            let found = delta_e_2000(lab1, lab2);
            assert!(close(found, expected, 1e-4), "{lab1:?} {lab2:?}: {found}");
            assert!(close(delta_e_2000(lab2, lab1), expected, 1e-4));
        }
        assert_eq!(delta_e_2000([40.0, 10.0, 10.0], [40.0, 10.0, 10.0]), 0.0);
    }

    #[test]
    fn simulated_deficiencies_confuse_the_colours_they_should() {
        let red = Color32::from_rgb(0xd0, 0x30, 0x30);
        let green = Color32::from_rgb(0x50, 0x90, 0x30);
        let difference = |a, b, d| delta_e_2000(lab(simulate(a, d)), lab(simulate(b, d)));
        let normal = delta_e_2000(lab(red), lab(green));
        // Red and green come much closer without red or green cones…
        assert!(difference(red, green, Deficiency::Protanopia) < 0.5 * normal);
        assert!(difference(red, green, Deficiency::Deuteranopia) < 0.5 * normal);
        // …but not without blue cones.
        assert!(difference(red, green, Deficiency::Tritanopia) > 0.5 * normal);
        // Greys stay grey.
        let grey = Color32::from_gray(128);
        for deficiency in Deficiency::ALL {
            let seen = simulate(grey, deficiency);
            assert!(seen.r().abs_diff(128) <= 1 && seen.g().abs_diff(128) <= 1);
            assert!(seen.b().abs_diff(128) <= 1, "{deficiency:?}: {seen:?}");
        }
    }

    #[test]
    fn a_faint_colour_is_lifted_to_the_contrast_asked_keeping_a_passing_one() {
        let dark = Color32::from_gray(10);
        let light = Color32::from_gray(255);
        let navy = Color32::from_rgb(0x20, 0x30, 0x70);
        let lifted = readable_on(navy, dark, MARKS_AA);
        assert!(contrast_ratio(lifted, dark) >= MARKS_AA);
        assert!(lifted.b() > lifted.r(), "still blue: {lifted:?}");
        assert_eq!(readable_on(navy, light, MARKS_AA), navy);
        let pale = Color32::from_rgb(0xf0, 0xe0, 0x60);
        let darkened = readable_on(pale, light, TEXT_AA);
        assert!(contrast_ratio(darkened, light) >= TEXT_AA);
        assert!(darkened.r() > darkened.b(), "still yellow: {darkened:?}");
    }
}
