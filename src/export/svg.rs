//! An SVG writer for egui shapes, before tessellation: rectangles, circles,
//! lines, paths, meshes and text. Each laid-out row of text becomes one
//! `<text>` element (a `<tspan>` per run of one size and colour) with every
//! glyph at the x position egui gave it, so the text is searchable and
//! selectable and still lines up as in the PNG. Ligatures and kerning are
//! switched off, as egui draws neither (renderers that ignore that switch
//! may still join "fi").

use std::collections::HashMap;
use std::fmt::Write as _;

use eframe::egui::{Color32, Pos2, Rect, Shape, Stroke, StrokeKind, epaint};
use epaint::{ClippedShape, ColorMode, CornerRadius, FontFamily, Mesh, PathStroke, TextShape};

/// The name the embedded copy of egui's proportional font goes by.
const EMBEDDED_FAMILY: &str = "conflict-timeline-ui";
/// The font families egui's built-in fonts go by, with generic fallbacks for
/// viewers that ignore embedded fonts.
const PROPORTIONAL_FAMILY: &str =
    "conflict-timeline-ui, Ubuntu, 'Ubuntu Light', 'Helvetica Neue', Arial, sans-serif";
const MONOSPACE_FAMILY: &str = "Hack, 'DejaVu Sans Mono', monospace";

/// Writes `shapes` (positions in points) as an SVG document of `size` points,
/// shown at `scale` times that size. With `embed_font`, egui's proportional
/// font travels inside the file (about 480 KB), so browsers draw the same
/// letters as the PNG on machines that do not have it.
pub(crate) fn write_svg(
    shapes: &[ClippedShape],
    size: [f32; 2],
    scale: f32,
    title: &str,
    embed_font: bool,
) -> String {
    let mut writer = SvgWriter::default();
    let [width, height] = size;
    let canvas = Rect::from_min_max(Pos2::ZERO, Pos2::new(width, height));
    let _ = write!(
        writer.out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" xml:space=\"preserve\" \
         width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" \
         font-family=\"{PROPORTIONAL_FAMILY}\" \
         style=\"font-variant-ligatures: none; font-kerning: none\">\n<title>{}</title>\n",
        num(width * scale),
        num(height * scale),
        num(width),
        num(height),
        escape(title)
    );
    if embed_font {
        use base64::Engine as _;
        let font =
            base64::engine::general_purpose::STANDARD.encode(epaint_default_fonts::UBUNTU_LIGHT);
        let _ = writeln!(
            writer.out,
            "<defs><style>@font-face {{ font-family: \"{EMBEDDED_FAMILY}\"; \
             src: url(data:font/ttf;base64,{font}) format(\"truetype\"); }}</style></defs>"
        );
    }
    let mut open_clip: Option<Option<usize>> = None;
    for clipped in shapes {
        let clip = if clipped.clip_rect.contains_rect(canvas) {
            None
        } else {
            Some(writer.clip_id(clipped.clip_rect))
        };
        if open_clip != Some(clip) {
            if open_clip.is_some_and(|c| c.is_some()) {
                writer.out.push_str("</g>\n");
            }
            if let Some(id) = clip {
                let _ = writeln!(writer.out, "<g clip-path=\"url(#clip{id})\">");
            }
            open_clip = Some(clip);
        }
        writer.shape(&clipped.shape);
    }
    if open_clip.is_some_and(|c| c.is_some()) {
        writer.out.push_str("</g>\n");
    }
    writer.out.push_str("</svg>\n");
    writer.out
}

#[derive(Default)]
struct SvgWriter {
    out: String,
    clips: HashMap<[u32; 4], usize>,
    gradients: usize,
}

impl SvgWriter {
    /// The id of a clip path for `rect`, defined on first use.
    fn clip_id(&mut self, rect: Rect) -> usize {
        let key = [rect.min.x, rect.min.y, rect.max.x, rect.max.y].map(f32::to_bits);
        if let Some(&id) = self.clips.get(&key) {
            return id;
        }
        let id = self.clips.len();
        self.clips.insert(key, id);
        let rect = rect.intersect(Rect::from_min_max(
            Pos2::new(-1e6, -1e6),
            Pos2::new(1e6, 1e6),
        ));
        let _ = writeln!(
            self.out,
            "<clipPath id=\"clip{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
            num(rect.min.x),
            num(rect.min.y),
            num(rect.width().max(0.0)),
            num(rect.height().max(0.0))
        );
        id
    }

    fn shape(&mut self, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) => {}
            Shape::Vec(shapes) => {
                for shape in shapes {
                    self.shape(shape);
                }
            }
            Shape::Circle(circle) => {
                let _ = writeln!(
                    self.out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                    num(circle.center.x),
                    num(circle.center.y),
                    num(circle.radius),
                    fill(circle.fill),
                    stroke(circle.stroke)
                );
            }
            Shape::Ellipse(ellipse) => {
                let _ = writeln!(
                    self.out,
                    "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\"{}{}{}/>",
                    num(ellipse.center.x),
                    num(ellipse.center.y),
                    num(ellipse.radius.x),
                    num(ellipse.radius.y),
                    rotation(ellipse.angle, ellipse.center),
                    fill(ellipse.fill),
                    stroke(ellipse.stroke)
                );
            }
            Shape::LineSegment { points, stroke: s } => {
                if s.is_empty() {
                    return;
                }
                let _ = writeln!(
                    self.out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
                    num(points[0].x),
                    num(points[0].y),
                    num(points[1].x),
                    num(points[1].y),
                    stroke(*s)
                );
            }
            Shape::Path(path) => {
                self.polyline(&path.points, path.closed, path.fill, &path.stroke);
            }
            Shape::Band(band) => {
                let upper = band.points.iter().map(|p| Pos2::new(p.x, p.y.min));
                let lower = band.points.iter().rev().map(|p| Pos2::new(p.x, p.y.max));
                let outline: Vec<Pos2> = upper.chain(lower).collect();
                self.polyline(
                    &outline,
                    true,
                    band.fill,
                    &PathStroke::new(band.stroke.width, band.stroke.color),
                );
            }
            Shape::Rect(rect) => {
                self.rect(
                    rect.rect,
                    rect.corner_radius,
                    rect.fill,
                    rect.stroke,
                    rect.stroke_kind,
                    rect.angle,
                );
            }
            Shape::Text(text) => self.text(text),
            Shape::Mesh(mesh) => self.mesh(mesh),
            Shape::QuadraticBezier(curve) => {
                let [a, b, c] = curve.points;
                let d = format!(
                    "M{} {} Q{} {} {} {}{}",
                    num(a.x),
                    num(a.y),
                    num(b.x),
                    num(b.y),
                    num(c.x),
                    num(c.y),
                    if curve.closed { " Z" } else { "" }
                );
                self.path_element(&d, curve.fill, &curve.stroke);
            }
            Shape::CubicBezier(curve) => {
                let [a, b, c, e] = curve.points;
                let d = format!(
                    "M{} {} C{} {} {} {} {} {}{}",
                    num(a.x),
                    num(a.y),
                    num(b.x),
                    num(b.y),
                    num(c.x),
                    num(c.y),
                    num(e.x),
                    num(e.y),
                    if curve.closed { " Z" } else { "" }
                );
                self.path_element(&d, curve.fill, &curve.stroke);
            }
        }
    }

    fn polyline(&mut self, points: &[Pos2], closed: bool, fill_color: Color32, s: &PathStroke) {
        if points.len() < 2 {
            return;
        }
        let mut d = String::new();
        for (i, p) in points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { " L" },
                num(p.x),
                num(p.y)
            );
        }
        if closed {
            d.push_str(" Z");
        }
        let fill_color = if closed {
            fill_color
        } else {
            Color32::TRANSPARENT
        };
        self.path_element(&d, fill_color, s);
    }

    fn path_element(&mut self, d: &str, fill_color: Color32, s: &PathStroke) {
        let stroke_color = match &s.color {
            ColorMode::Solid(color) => *color,
            // A gradient stroke has no colour of its own; its middle is the best guess.
            ColorMode::UV(callback) => callback(Rect::NOTHING, Pos2::ZERO),
        };
        let _ = writeln!(
            self.out,
            "<path d=\"{d}\"{}{} stroke-linejoin=\"round\"/>",
            fill(fill_color),
            stroke(Stroke::new(s.width, stroke_color))
        );
    }

    fn rect(
        &mut self,
        rect: Rect,
        radius: CornerRadius,
        fill_color: Color32,
        s: Stroke,
        kind: StrokeKind,
        angle: f32,
    ) {
        let transform = rotation(angle, rect.center());
        if fill_color.a() > 0 {
            self.rounded_rect(
                rect,
                radius,
                0.0,
                &format!("{}{transform}", fill(fill_color)),
            );
        }
        if !s.is_empty() {
            // egui strokes a rectangle inside, across or outside its edge.
            let shift = match kind {
                StrokeKind::Inside => -0.5 * s.width,
                StrokeKind::Middle => 0.0,
                StrokeKind::Outside => 0.5 * s.width,
            };
            self.rounded_rect(
                rect.expand(shift),
                radius,
                shift,
                &format!(" fill=\"none\"{}{transform}", stroke(s)),
            );
        }
    }

    fn rounded_rect(&mut self, rect: Rect, radius: CornerRadius, grow: f32, attributes: &str) {
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        let limit = 0.5 * rect.width().min(rect.height());
        let r = |corner: u8| (f32::from(corner) + grow).clamp(0.0, limit);
        let [nw, ne, sw, se] = [r(radius.nw), r(radius.ne), r(radius.sw), r(radius.se)];
        if nw == ne && ne == sw && sw == se {
            let rounding = if nw > 0.0 {
                format!(" rx=\"{}\"", num(nw))
            } else {
                String::new()
            };
            let _ = writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{rounding}{attributes}/>",
                num(rect.min.x),
                num(rect.min.y),
                num(rect.width()),
                num(rect.height())
            );
            return;
        }
        let (x0, y0, x1, y1) = (rect.min.x, rect.min.y, rect.max.x, rect.max.y);
        let d = format!(
            "M{} {} H{} A{} {} 0 0 1 {} {} V{} A{} {} 0 0 1 {} {} H{} A{} {} 0 0 1 {} {} V{} A{} {} 0 0 1 {} {} Z",
            num(x0 + nw),
            num(y0),
            num(x1 - ne),
            num(ne),
            num(ne),
            num(x1),
            num(y0 + ne),
            num(y1 - se),
            num(se),
            num(se),
            num(x1 - se),
            num(y1),
            num(x0 + sw),
            num(sw),
            num(sw),
            num(x0),
            num(y1 - sw),
            num(y0 + nw),
            num(nw),
            num(nw),
            num(x0 + nw),
            num(y0)
        );
        let _ = writeln!(self.out, "<path d=\"{d}\"{attributes}/>");
    }

    fn mesh(&mut self, mesh: &Mesh) {
        if let Some(strip) = horizontal_strip(mesh) {
            // A bar fading along x: one rectangle with a gradient.
            let id = self.gradients;
            self.gradients += 1;
            let (x0, x1) = (strip.stops[0].0, strip.stops[strip.stops.len() - 1].0);
            let width = (x1 - x0).max(1e-3);
            let _ = write!(
                self.out,
                "<linearGradient id=\"fade{id}\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">"
            );
            for (stop, (x, color)) in strip.stops.iter().enumerate() {
                // A transparent stop takes its neighbour's colour: viewers
                // blend stops without premultiplying, so black would show.
                let shown = if color.a() == 0 {
                    let neighbour = strip.stops[stop.saturating_sub(1)..]
                        .iter()
                        .chain(strip.stops.iter())
                        .find(|(_, c)| c.a() > 0);
                    neighbour.map_or(*color, |(_, c)| *c)
                } else {
                    *color
                };
                let [r, g, b, _] = shown.to_srgba_unmultiplied();
                let [_, _, _, a] = color.to_srgba_unmultiplied();
                let _ = write!(
                    self.out,
                    "<stop offset=\"{}\" stop-color=\"#{r:02x}{g:02x}{b:02x}\" stop-opacity=\"{}\"/>",
                    num((x - x0) / width),
                    num(f32::from(a) / 255.0)
                );
            }
            self.out.push_str("</linearGradient>\n");
            let _ = writeln!(
                self.out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#fade{id})\"/>",
                num(x0),
                num(strip.top),
                num(width),
                num(strip.bottom - strip.top)
            );
            return;
        }
        for triangle in mesh.indices.chunks_exact(3) {
            let Some(vertices) = triangle
                .iter()
                .map(|&i| mesh.vertices.get(i as usize))
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let mut sum = [0u32; 4];
            for vertex in &vertices {
                for (total, channel) in sum.iter_mut().zip(vertex.color.to_array()) {
                    *total += u32::from(channel);
                }
            }
            let [r, g, b, a] = sum.map(|total| (total / 3) as u8);
            let color = Color32::from_rgba_premultiplied(r, g, b, a);
            if color.a() == 0 {
                continue;
            }
            let points = vertices
                .iter()
                .map(|v| format!("{},{}", num(v.pos.x), num(v.pos.y)))
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(self.out, "<polygon points=\"{points}\"{}/>", fill(color));
        }
    }

    fn text(&mut self, shape: &TextShape) {
        let galley = &shape.galley;
        let job = &galley.job;
        // Byte offset of every char, to find the section a glyph comes from.
        let char_bytes: Vec<usize> = job.text.char_indices().map(|(i, _)| i).collect();
        let section_of = |char_index: usize| {
            let byte = char_bytes
                .get(char_index)
                .copied()
                .unwrap_or(job.text.len());
            job.sections
                .iter()
                .position(|s| s.byte_range.start.0 <= byte && byte < s.byte_range.end.0)
                .or_else(|| job.sections.len().checked_sub(1))
        };
        let transform = rotation(shape.angle, shape.pos);
        let mut char_index = 0;
        for placed in &galley.rows {
            let row = &placed.row;
            let mut runs: Vec<(usize, Vec<PlacedGlyph>)> = Vec::new();
            let xs = spread_ligatures(
                &row.glyphs
                    .iter()
                    .map(|g| (g.pos.x, g.advance_width, g.chr))
                    .collect::<Vec<_>>(),
            );
            for (glyph, glyph_x) in row.glyphs.iter().zip(xs) {
                let section = section_of(char_index).unwrap_or(0);
                char_index += 1;
                let x = shape.pos.x + placed.pos.x + glyph_x;
                let y = shape.pos.y + placed.pos.y + glyph.pos.y;
                match runs.last_mut() {
                    Some((run_section, glyphs)) if *run_section == section => {
                        glyphs.push((x, y, glyph.chr));
                    }
                    _ => runs.push((section, vec![(x, y, glyph.chr)])),
                }
            }
            if placed.ends_with_newline {
                char_index += 1;
            }
            let visible = runs
                .iter()
                .any(|(_, glyphs)| glyphs.iter().any(|(_, _, c)| !c.is_whitespace()));
            if !visible {
                continue;
            }
            let _ = write!(self.out, "<text{transform}>");
            for (section, glyphs) in &runs {
                let Some(format) = job.sections.get(*section).map(|s| &s.format) else {
                    continue;
                };
                let mut color = format.color;
                if color == Color32::PLACEHOLDER {
                    color = shape.fallback_color;
                }
                if let Some(override_color) = shape.override_text_color {
                    color = override_color;
                }
                let color = color.gamma_multiply(shape.opacity_factor);
                let family = match &format.font_id.family {
                    FontFamily::Monospace => format!(" font-family=\"{MONOSPACE_FAMILY}\""),
                    _ => String::new(),
                };
                let xs = glyphs
                    .iter()
                    .map(|(x, _, _)| num(*x))
                    .collect::<Vec<_>>()
                    .join(" ");
                let text: String = glyphs.iter().map(|(_, _, c)| *c).collect();
                let _ = write!(
                    self.out,
                    "<tspan x=\"{xs}\" y=\"{}\" font-size=\"{}\"{family}{}>{}</tspan>",
                    num(glyphs[0].1),
                    num(format.font_id.size),
                    fill(color),
                    escape(&text)
                );
            }
            self.out.push_str("</text>\n");
        }
    }
}

/// A glyph's baseline position and its character.
type PlacedGlyph = (f32, f32, char);

/// The x of every character of a row. egui draws a ligature ("fi", "ff")
/// as one glyph with the whole advance on its first character; the others
/// follow with no advance. An SVG viewer draws the characters one by one, so
/// they are spread evenly over the ligature's advance instead of piling up at
/// its end. `glyphs` holds each glyph's x, advance and character. Only ASCII
/// letters count as ligature parts: a combining accent keeps its place.
fn spread_ligatures(glyphs: &[(f32, f32, char)]) -> Vec<f32> {
    let mut xs: Vec<f32> = glyphs.iter().map(|(x, _, _)| *x).collect();
    let mut lead = 0;
    while lead < glyphs.len() {
        let (x, advance, _) = glyphs[lead];
        let mut end = lead + 1;
        while end < glyphs.len() && glyphs[end].1 == 0.0 && glyphs[end].2.is_ascii_alphabetic() {
            end += 1;
        }
        let count = end - lead;
        if count > 1 && advance > 0.0 {
            for (k, slot) in xs[lead..end].iter_mut().enumerate() {
                *slot = x + advance * k as f32 / count as f32;
            }
        }
        lead = end;
    }
    xs
}

/// A mesh of quads side by side along x, each column of one colour: the
/// shape of a bar that fades at an end.
struct Strip {
    top: f32,
    bottom: f32,
    stops: Vec<(f32, Color32)>,
}

fn horizontal_strip(mesh: &Mesh) -> Option<Strip> {
    let vertices = &mesh.vertices;
    if vertices.len() < 4 || !vertices.len().is_multiple_of(2) {
        return None;
    }
    let top = vertices[0].pos.y;
    let bottom = vertices[1].pos.y;
    let mut stops = Vec::with_capacity(vertices.len() / 2);
    for pair in vertices.chunks_exact(2) {
        let (upper, lower) = (&pair[0], &pair[1]);
        let same_column = upper.pos.x == lower.pos.x && upper.color == lower.color;
        if !same_column || upper.pos.y != top || lower.pos.y != bottom || upper.uv != lower.uv {
            return None;
        }
        if stops
            .last()
            .is_some_and(|(x, _): &(f32, Color32)| upper.pos.x < *x)
        {
            return None;
        }
        stops.push((upper.pos.x, upper.color));
    }
    (bottom > top).then_some(Strip { top, bottom, stops })
}

/// ` transform="rotate(…)"` for a rotation in radians about `center`, or nothing.
fn rotation(angle: f32, center: Pos2) -> String {
    if angle == 0.0 {
        return String::new();
    }
    format!(
        " transform=\"rotate({} {} {})\"",
        num(angle.to_degrees()),
        num(center.x),
        num(center.y)
    )
}

fn fill(color: Color32) -> String {
    if color.a() == 0 {
        return " fill=\"none\"".to_owned();
    }
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    if a == 255 {
        format!(" fill=\"#{r:02x}{g:02x}{b:02x}\"")
    } else {
        format!(
            " fill=\"#{r:02x}{g:02x}{b:02x}\" fill-opacity=\"{}\"",
            num(f32::from(a) / 255.0)
        )
    }
}

fn stroke(s: Stroke) -> String {
    if s.is_empty() {
        return String::new();
    }
    let [r, g, b, a] = s.color.to_srgba_unmultiplied();
    let opacity = if a == 255 {
        String::new()
    } else {
        format!(" stroke-opacity=\"{}\"", num(f32::from(a) / 255.0))
    };
    format!(
        " stroke=\"#{r:02x}{g:02x}{b:02x}\" stroke-width=\"{}\"{opacity}",
        num(s.width)
    )
}

/// A number with at most two decimals and no trailing zeros.
fn num(value: f32) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let text = format!("{:.2}", value);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Escapes text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters and these two are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.50), "12.5");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn ligature_characters_are_spread_over_the_ligature() {
        // "afib": a, then f and i drawn as one ligature 10 wide (the i with
        // no advance, at the ligature's end), then b.
        let glyphs = [
            (0.0, 6.0, 'a'),
            (6.0, 10.0, 'f'),
            (16.0, 0.0, 'i'),
            (16.0, 7.0, 'b'),
        ];
        assert_eq!(spread_ligatures(&glyphs), [0.0, 6.0, 11.0, 16.0]);
        // A combining accent stays where egui put it.
        let accent = [(0.0, 6.0, 'e'), (4.0, 0.0, '\u{301}')];
        assert_eq!(spread_ligatures(&accent), [0.0, 4.0]);
    }

    #[test]
    fn a_faded_bar_is_one_gradient_rectangle() {
        let mut mesh = Mesh::default();
        for (x, color) in [
            (0.0, Color32::TRANSPARENT),
            (10.0, Color32::RED),
            (30.0, Color32::RED),
        ] {
            mesh.colored_vertex(Pos2::new(x, 5.0), color);
            mesh.colored_vertex(Pos2::new(x, 15.0), color);
        }
        let strip = horizontal_strip(&mesh).expect("a strip");
        assert_eq!(strip.stops.len(), 3);
        assert_eq!((strip.top, strip.bottom), (5.0, 15.0));
    }
}
