//! Painting the timeline's items with egui shapes: bars, markers, their
//! labels and quote badges, in the theme's sizes ([`super::theme`]). The
//! screen and every export paint through these functions.

use eframe::egui::{self, Color32, Pos2, Rect, Stroke, StrokeKind};

use super::labels::LabelGalleys;
use super::theme::{self, HAIRLINE, item, quote_badge};
use crate::view::{ItemKind, ItemShape};

/// Black or white, whichever has the more contrast on `background` (WCAG).
pub(crate) fn text_on(background: Color32) -> Color32 {
    use super::contrast::contrast_ratio;
    let on_light = contrast_ratio(theme::TEXT_ON_LIGHT, background);
    if on_light >= contrast_ratio(theme::TEXT_ON_DARK, background) {
        theme::TEXT_ON_LIGHT
    } else {
        theme::TEXT_ON_DARK
    }
}

/// How an item looks this frame.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemLook {
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

/// Paints one item and its label (laid out through `labels`).
pub(crate) fn paint_item(
    painter: &egui::Painter,
    labels: &mut LabelGalleys,
    item: &ItemShape,
    title: &str,
    look: &ItemLook,
    visible: Rect,
) {
    let alpha = if look.dimmed {
        item::DIMMED_OPACITY
    } else {
        1.0
    };
    let color = look.color.gamma_multiply(alpha);
    let rect = item.rect;
    let highlight = Stroke::new(
        item::SELECTED_STROKE,
        look.text
            .gamma_multiply(alpha.max(item::SELECTED_MIN_OPACITY)),
    );
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
                    Stroke::new(item::HOLLOW_MARKER_STROKE, color),
                ));
            } else {
                painter.add(egui::Shape::convex_polygon(
                    diamond.clone(),
                    color,
                    Stroke::NONE,
                ));
            }
            if look.selected || look.hovered {
                let grow = r + item::MARKER_OUTLINE_GROW;
                let outline = vec![
                    Pos2::new(c.x, c.y - grow),
                    Pos2::new(c.x + grow, c.y),
                    Pos2::new(c.x, c.y + grow),
                    Pos2::new(c.x - grow, c.y),
                ];
                let stroke = if look.selected {
                    highlight
                } else {
                    Stroke::new(HAIRLINE, look.text.gamma_multiply(item::HOVERED_OPACITY))
                };
                painter.add(egui::Shape::closed_line(outline, stroke));
            }
        }
        ItemKind::Bar => {
            let fill = if look.coarse {
                color.gamma_multiply(item::COARSE_BAR_OPACITY)
            } else {
                color.gamma_multiply(item::BAR_OPACITY)
            };
            paint_faded_bar(
                painter,
                rect,
                fill,
                look.approximate,
                look.approximate || look.ongoing,
            );
            if look.coarse {
                painter.rect_stroke(
                    rect,
                    item::CORNER_RADIUS,
                    Stroke::new(HAIRLINE, color),
                    StrokeKind::Inside,
                );
            }
            if look.selected {
                painter.rect_stroke(
                    rect.expand(item::BAR_SELECTED_GROW),
                    item::OUTLINE_CORNER_RADIUS,
                    highlight,
                    StrokeKind::Outside,
                );
            } else if look.hovered {
                painter.rect_stroke(
                    rect.expand(item::BAR_HOVERED_GROW),
                    item::OUTLINE_CORNER_RADIUS,
                    Stroke::new(HAIRLINE, look.text.gamma_multiply(item::HOVERED_OPACITY)),
                    StrokeKind::Outside,
                );
            }
        }
    }
    if let Some(bubble) = quote_bubble(item, look) {
        painter.add(egui::Shape::convex_polygon(
            bubble.tail.to_vec(),
            bubble.fill,
            Stroke::NONE,
        ));
        painter.rect_filled(bubble.rect, quote_badge::CORNER_RADIUS, bubble.fill);
        painter.text(
            bubble.rect.center(),
            egui::Align2::CENTER_CENTER,
            look.quotes.to_string(),
            quote_badge::FONT,
            bubble.text,
        );
    }
    // Where a label goes against the edges of the view is the scene's rule
    // (`build_scene`); here it is only clipped to the view.
    if let Some(label) = item.label {
        let text_color = if label.inside && !look.coarse {
            text_on(look.color)
        } else {
            // Beside the item, or on a coarse item's pale fill: the theme's text.
            look.text
        };
        let clip = Rect::from_min_max(
            Pos2::new(label.x, rect.top() - item::LABEL_CLIP_MARGIN),
            Pos2::new(
                label.x + label.max_width,
                rect.bottom() + item::LABEL_CLIP_MARGIN,
            ),
        )
        .intersect(visible);
        if clip.width() > 1.0 {
            // Laid out in the placeholder colour and painted in the label's:
            // egui caches a layout by its colour too, and a search that dims
            // most labels would lay every one out again.
            let painter = painter.with_clip_rect(clip);
            // With less room than the title needs (a bar cut by the edge,
            // its neighbour close by) it ends on an ellipsis, so it reads
            // as cut short.
            // A label the frame has no time for waits for the next.
            let Some(whole) = labels.title(&painter, title) else {
                return;
            };
            let galley = fit_to_room(
                &painter,
                whole,
                title,
                item::LABEL_FONT,
                Color32::PLACEHOLDER,
                label.max_width,
            );
            let at = egui::Align2::LEFT_CENTER
                .anchor_size(Pos2::new(label.x, label.y), galley.size())
                .min;
            painter.galley(at, galley, text_color.gamma_multiply(alpha));
        }
    }
}

/// One line of text for `room` points: whole when it fits, otherwise cut
/// short with `…`, never mid-letter. A text cut short is laid out for its
/// room rounded down to a step, so a room that changes a little every
/// frame (a zoom, a pan) reuses one layout.
pub(crate) fn one_line(
    painter: &egui::Painter,
    text: String,
    font: egui::FontId,
    color: Color32,
    room: f32,
) -> std::sync::Arc<egui::Galley> {
    let whole = painter.layout_no_wrap(text.clone(), font.clone(), color);
    fit_to_room(painter, whole, &text, font, color, room)
}

/// [`one_line`] given the text laid out whole already.
fn fit_to_room(
    painter: &egui::Painter,
    whole: std::sync::Arc<egui::Galley>,
    text: &str,
    font: egui::FontId,
    color: Color32,
    room: f32,
) -> std::sync::Arc<egui::Galley> {
    // Measured and laid-out widths differ by a point or so.
    if whole.size().x <= room + item::LABEL_ELIDE_SLACK {
        return whole;
    }
    let stepped = (room / item::ELIDE_STEP).floor() * item::ELIDE_STEP;
    let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
    job.wrap = egui::text::TextWrapping::truncate_at_width(stepped);
    painter.layout_job(job)
}

/// The speech bubble holding the number of an item's quotes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct QuoteBubble {
    pub rect: Rect,
    pub tail: [Pos2; 3],
    pub fill: Color32,
    /// The number's colour.
    pub text: Color32,
}

/// Where an item's quote bubble goes and how it looks, if it has quotes:
/// on a bar's top right corner, or above and right of a marker, clear of
/// the diamond; dimmed with its item, number and all.
pub(crate) fn quote_bubble(item: &ItemShape, look: &ItemLook) -> Option<QuoteBubble> {
    if look.quotes == 0 {
        return None;
    }
    let rect = match item.kind {
        ItemKind::Bar => Rect::from_center_size(
            item.rect.right_top() + quote_badge::OFFSET,
            quote_badge::SIZE,
        ),
        ItemKind::Marker => {
            let c = item.rect.center();
            let r = 0.5 * item.rect.width();
            let dy = r + quote_badge::MARKER_CLEARANCE - quote_badge::MARKER_DX;
            let bottom_left = Pos2::new(c.x + quote_badge::MARKER_DX, c.y - dy);
            Rect::from_min_size(
                Pos2::new(bottom_left.x, bottom_left.y - quote_badge::SIZE.y),
                quote_badge::SIZE,
            )
        }
    };
    let alpha = if look.dimmed {
        item::DIMMED_OPACITY
    } else {
        1.0
    };
    Some(QuoteBubble {
        rect,
        tail: quote_badge::TAIL.map(|offset| rect.left_bottom() + offset),
        fill: look.text.gamma_multiply(alpha),
        text: text_on(look.text).gamma_multiply(alpha),
    })
}

/// A bar whose left and/or right end fades out (uncertain or open ends).
pub(crate) fn paint_faded_bar(
    painter: &egui::Painter,
    rect: Rect,
    color: Color32,
    fade_left: bool,
    fade_right: bool,
) {
    if !fade_left && !fade_right {
        painter.rect_filled(rect, item::CORNER_RADIUS, color);
        return;
    }
    let fade = (rect.width() / 3.0).min(item::MAX_FADE);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventIndex;
    use crate::view::LabelPlace;

    fn marker_at(center: Pos2) -> ItemShape {
        ItemShape {
            event: EventIndex::from_u32(0),
            lane: 0,
            kind: ItemKind::Marker,
            rect: Rect::from_center_size(center, egui::Vec2::splat(12.0)),
            label: None,
        }
    }

    fn look(dimmed: bool) -> ItemLook {
        ItemLook {
            color: Color32::from_rgb(0xb3, 0x40, 0x3a),
            text: Color32::from_gray(0x20),
            approximate: false,
            ongoing: false,
            coarse: false,
            selected: false,
            hovered: false,
            dimmed,
            quotes: 3,
        }
    }

    /// How far `p` is from the diamond of `marker` along both axes
    /// together, past its radius: negative inside it.
    fn clearance(marker: &ItemShape, p: Pos2) -> f32 {
        let c = marker.rect.center();
        (p.x - c.x).abs() + (p.y - c.y).abs() - 0.5 * marker.rect.width()
    }

    /// The characters of every label painted for `item`, as laid out.
    fn painted_labels(item: &ItemShape, title: &str) -> Vec<String> {
        fn texts(shape: &egui::Shape, out: &mut Vec<String>) {
            match shape {
                egui::Shape::Text(text) => out.push(
                    text.galley
                        .rows
                        .iter()
                        .flat_map(|row| row.row.glyphs.iter().map(|glyph| glyph.chr))
                        .collect(),
                ),
                egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| texts(s, out)),
                _ => {}
            }
        }
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let mut look = look(false);
            look.quotes = 0;
            let labels = LabelGalleys::for_frame(ui.ctx());
            paint_item(
                ui.painter(),
                &mut labels.lock(),
                item,
                title,
                &look,
                Rect::EVERYTHING,
            );
        });
        output.textures_delta.clear();
        let mut out = Vec::new();
        for clipped in &output.shapes {
            texts(&clipped.shape, &mut out);
        }
        out
    }

    #[test]
    fn a_label_with_less_room_than_its_title_ends_on_an_ellipsis() {
        let title = "Geneva II conference (Montreux / Geneva)";
        let mut bar = ItemShape {
            event: EventIndex::from_u32(0),
            lane: 0,
            kind: ItemKind::Bar,
            rect: Rect::from_min_max(Pos2::new(0.0, 40.0), Pos2::new(90.0, 56.0)),
            label: Some(LabelPlace {
                x: 5.0,
                y: 48.0,
                inside: true,
                max_width: 80.0,
            }),
        };
        let cut = painted_labels(&bar, title);
        assert_eq!(cut.len(), 1);
        assert!(cut[0].ends_with('…'), "{cut:?}");
        assert!(title.starts_with(cut[0].trim_end_matches('…')), "{cut:?}");

        bar.rect.max.x = 400.0;
        if let Some(label) = &mut bar.label {
            label.max_width = 380.0;
        }
        assert_eq!(painted_labels(&bar, title), vec![title.to_owned()]);
    }

    #[test]
    fn a_dimmed_items_quote_bubble_is_dimmed_with_it() {
        let marker = marker_at(Pos2::new(100.0, 50.0));
        let bright = quote_bubble(&marker, &look(false)).unwrap();
        let dimmed = quote_bubble(&marker, &look(true)).unwrap();
        assert_eq!(bright.rect, dimmed.rect);
        for (bright, dimmed) in [(bright.fill, dimmed.fill), (bright.text, dimmed.text)] {
            assert_eq!(bright.a(), 255);
            assert_eq!(dimmed, bright.gamma_multiply(item::DIMMED_OPACITY));
        }
        let mut without = look(true);
        without.quotes = 0;
        assert_eq!(quote_bubble(&marker, &without), None);
    }

    #[test]
    fn a_quote_bubble_does_not_overlap_its_marker() {
        let marker = marker_at(Pos2::new(100.0, 50.0));
        let bubble = quote_bubble(&marker, &look(true)).unwrap();
        let c = marker.rect.center();
        // The bubble and its tail lie up and to the right of the centre,
        // where the diamond is the points within its radius of it: their
        // nearest points are the bubble's bottom left corner and the tail's
        // corners (the tail is convex).
        assert!(bubble.rect.left() > c.x && bubble.rect.bottom() < c.y);
        for p in std::iter::once(bubble.rect.left_bottom()).chain(bubble.tail) {
            assert!(p.x > c.x && p.y < c.y, "{p:?}");
            assert!(clearance(&marker, p) > 0.0, "{p:?} touches the marker");
        }
    }
}
