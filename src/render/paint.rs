//! Painting the timeline's scene with egui shapes: colours, items, labels.
//! The screen and every export paint through these functions.

use eframe::egui::{self, Color32, FontId, Pos2, Rect, Stroke, StrokeKind};

use crate::load::parse_hex_color;
use crate::view::{ItemKind, ItemShape};

/// The font of item labels.
pub fn label_font() -> FontId {
    FontId::proportional(13.0)
}

/// Distinct colours for lanes and series that name none.
const PALETTE: [Color32; 8] = [
    Color32::from_rgb(0xd1, 0x49, 0x3f),
    Color32::from_rgb(0x3d, 0x7f, 0xd6),
    Color32::from_rgb(0x2f, 0x9e, 0x5e),
    Color32::from_rgb(0xd9, 0x8a, 0x1c),
    Color32::from_rgb(0x8e, 0x5c, 0xc7),
    Color32::from_rgb(0x1f, 0x9e, 0xa8),
    Color32::from_rgb(0xc2, 0x4f, 0x93),
    Color32::from_rgb(0x7a, 0x8a, 0x2e),
];

/// A dataset colour, or the palette's `fallback`-th colour.
pub fn color_or_palette(color: Option<&str>, fallback: usize) -> Color32 {
    color
        .and_then(parse_hex_color)
        .map_or(PALETTE[fallback % PALETTE.len()], |[r, g, b, a]| {
            Color32::from_rgba_unmultiplied(r, g, b, a)
        })
}

/// Black or white, whichever reads better on `background`.
pub fn text_on(background: Color32) -> Color32 {
    let [r, g, b, _] = background.to_array();
    let luminance = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if luminance > 150.0 {
        Color32::from_rgb(0x10, 0x10, 0x10)
    } else {
        Color32::WHITE
    }
}

pub fn rect_of(rect: [f32; 4]) -> Rect {
    Rect::from_min_max(Pos2::new(rect[0], rect[1]), Pos2::new(rect[2], rect[3]))
}

/// How an item looks this frame.
#[derive(Clone, Copy, Debug)]
pub struct ItemLook {
    pub color: Color32,
    pub text: Color32,
    /// Uncertain dates: faded edges (bars) or a hollow marker.
    pub approximate: bool,
    /// A range still going when the data ends: fades out to the right.
    pub ongoing: bool,
    /// A point covering a month or a year: a lighter bar.
    pub coarse: bool,
    pub selected: bool,
    pub hovered: bool,
    /// Not matching the search.
    pub dimmed: bool,
    pub quotes: usize,
}

/// Paints one item and its label.
pub fn paint_item(
    painter: &egui::Painter,
    item: &ItemShape,
    title: &str,
    look: &ItemLook,
    visible: Rect,
) {
    let alpha = if look.dimmed { 0.22 } else { 1.0 };
    let color = look.color.gamma_multiply(alpha);
    let rect = rect_of(item.rect);
    let highlight = Stroke::new(2.0, look.text.gamma_multiply(alpha.max(0.6)));
    match item.kind {
        ItemKind::Marker => {
            let c = rect.center();
            let r = 0.5 * rect.width();
            let diamond = vec![
                Pos2::new(c.x, c.y - r),
                Pos2::new(c.x + r, c.y),
                Pos2::new(c.x, c.y + r),
                Pos2::new(c.x - r, c.y),
            ];
            if look.approximate {
                painter.add(egui::Shape::convex_polygon(
                    diamond.clone(),
                    Color32::TRANSPARENT,
                    Stroke::new(2.0, color),
                ));
            } else {
                painter.add(egui::Shape::convex_polygon(
                    diamond.clone(),
                    color,
                    Stroke::NONE,
                ));
            }
            if look.selected || look.hovered {
                let grow = r + 3.0;
                let outline = vec![
                    Pos2::new(c.x, c.y - grow),
                    Pos2::new(c.x + grow, c.y),
                    Pos2::new(c.x, c.y + grow),
                    Pos2::new(c.x - grow, c.y),
                ];
                let stroke = if look.selected {
                    highlight
                } else {
                    Stroke::new(1.0, look.text.gamma_multiply(0.6))
                };
                painter.add(egui::Shape::closed_line(outline, stroke));
            }
        }
        ItemKind::Bar => {
            let fill = if look.coarse {
                color.gamma_multiply(0.45)
            } else {
                color.gamma_multiply(0.9)
            };
            paint_faded_bar(
                painter,
                rect,
                fill,
                look.approximate,
                look.approximate || look.ongoing,
            );
            if look.coarse {
                painter.rect_stroke(rect, 3.0, Stroke::new(1.0, color), StrokeKind::Inside);
            }
            if look.selected {
                painter.rect_stroke(rect.expand(2.0), 4.0, highlight, StrokeKind::Outside);
            } else if look.hovered {
                painter.rect_stroke(
                    rect.expand(1.0),
                    4.0,
                    Stroke::new(1.0, look.text.gamma_multiply(0.6)),
                    StrokeKind::Outside,
                );
            }
        }
    }
    if look.quotes > 0 {
        // A speech-bubble badge with the number of quotes.
        let center = Pos2::new(rect.right() + 1.0, rect.top() - 2.0);
        let bubble = Rect::from_center_size(center, egui::vec2(13.0, 11.0));
        let tail = vec![
            Pos2::new(bubble.left() + 2.0, bubble.bottom() - 1.0),
            Pos2::new(bubble.left() + 6.0, bubble.bottom() - 1.0),
            Pos2::new(bubble.left() + 1.0, bubble.bottom() + 3.5),
        ];
        let fill = look.text.gamma_multiply(alpha);
        painter.add(egui::Shape::convex_polygon(tail, fill, Stroke::NONE));
        painter.rect_filled(bubble, 3.0, fill);
        painter.text(
            bubble.center(),
            egui::Align2::CENTER_CENTER,
            look.quotes.to_string(),
            FontId::proportional(9.5),
            text_on(fill),
        );
    }
    // A label beside an item that starts left of the view would show only
    // its tail; leave it out (the item's tooltip has it).
    let label = item
        .label
        .filter(|label| label.inside || label.x >= visible.left());
    if let Some(label) = label {
        let text_color = if label.inside && !look.coarse {
            text_on(look.color)
        } else {
            // Beside the item, or on a coarse item's pale fill: the theme's text.
            look.text
        };
        let clip = Rect::from_min_max(
            Pos2::new(label.x, rect.top() - 4.0),
            Pos2::new(label.x + label.max_width, rect.bottom() + 4.0),
        )
        .intersect(visible);
        if clip.width() > 1.0 {
            // Laid out in the placeholder colour and painted in the label's:
            // egui caches a layout by its colour too, and a search that dims
            // most labels would lay every one out again.
            let painter = painter.with_clip_rect(clip);
            let galley =
                painter.layout_no_wrap(title.to_owned(), label_font(), Color32::PLACEHOLDER);
            let at = egui::Align2::LEFT_CENTER
                .anchor_size(Pos2::new(label.x, label.y), galley.size())
                .min;
            painter.galley(at, galley, text_color.gamma_multiply(alpha));
        }
    }
}

/// A bar whose left and/or right end fades out (uncertain or open ends).
pub fn paint_faded_bar(
    painter: &egui::Painter,
    rect: Rect,
    color: Color32,
    fade_left: bool,
    fade_right: bool,
) {
    if !fade_left && !fade_right {
        painter.rect_filled(rect, 3.0, color);
        return;
    }
    let fade = (rect.width() / 3.0).min(24.0);
    let transparent = Color32::TRANSPARENT;
    let xs = [
        rect.left(),
        if fade_left {
            rect.left() + fade
        } else {
            rect.left()
        },
        if fade_right {
            rect.right() - fade
        } else {
            rect.right()
        },
        rect.right(),
    ];
    let colors = [
        if fade_left { transparent } else { color },
        color,
        color,
        if fade_right { transparent } else { color },
    ];
    let mut mesh = egui::Mesh::default();
    for (x, c) in xs.iter().zip(colors) {
        mesh.colored_vertex(Pos2::new(*x, rect.top()), c);
        mesh.colored_vertex(Pos2::new(*x, rect.bottom()), c);
    }
    for quad in 0..3u32 {
        let i = quad * 2;
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i + 1, i + 3, i + 2);
    }
    painter.add(egui::Shape::mesh(mesh));
}
