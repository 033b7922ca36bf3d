//! An SVG writer for egui shapes, before tessellation: rectangles, circles,
//! lines, paths, meshes and text.
//!
//! Text is drawn as the outlines of the glyphs egui laid out, taken from
//! egui's own fonts: each glyph is a path defined once and placed with
//! `<use>` where egui put it, so every SVG renderer (browsers, librsvg,
//! resvg, Inkscape) draws the letters of the PNG whatever fonts it has or
//! ignores. Over them lies the text itself, invisible (`fill-opacity="0"`),
//! one `<text>` per laid-out row with every character at the x egui gave it,
//! so the text is still searchable, selectable and copyable. egui's
//! additive colours become white let through by what lies beneath.

use std::collections::HashMap;
use std::fmt::Write as _;

use eframe::egui::{Color32, Pos2, Rect, Shape, Stroke, StrokeKind, epaint};
use epaint::text::{FontDefinitions, Glyph};
use epaint::{ClippedShape, ColorMode, CornerRadius, FontFamily, Mesh, PathStroke, TextShape};
use skrifa::MetadataProvider as _;

/// The fonts the invisible text asks for: the family of egui's proportional
/// font, then fonts of about its width. Only selection highlights depend on
/// it; the letters shown are outlines.
const PROPORTIONAL_FAMILY: &str = "Ubuntu, 'Ubuntu Light', 'Helvetica Neue', Arial, sans-serif";
const MONOSPACE_FAMILY: &str = "Hack, 'DejaVu Sans Mono', monospace";

/// The lightest grey (0–255) additive light is taken to fall on: about a
/// tenth of an era's colour over white (see `SvgWriter::paint`).
const ADDED_LIGHT_BASE: f32 = 225.0;

/// Writes `shapes` (positions in points) as an SVG document of `size` points,
/// shown at `scale` times that size (egui placed the text for that many
/// pixels per point), on an opaque `background`. `fonts` are the fonts egui
/// laid the text out with: their glyphs' outlines draw the text.
pub(crate) fn write_svg(
    shapes: &[ClippedShape],
    size: [f32; 2],
    scale: f32,
    background: Color32,
    title: &str,
    fonts: &FontDefinitions,
) -> String {
    let mut writer = SvgWriter {
        out: String::new(),
        clips: HashMap::new(),
        gradients: 0,
        pixels_per_point: scale,
        background,
        glyphs: GlyphOutlines::new(fonts),
    };
    let [width, height] = size;
    let canvas = Rect::from_min_max(Pos2::ZERO, Pos2::new(width, height));
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
    let mut document = String::with_capacity(writer.out.len() + writer.glyphs.defs.len() + 512);
    let _ = write!(
        document,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" \
         xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" xml:space=\"preserve\" \
         width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" \
         font-family=\"{PROPORTIONAL_FAMILY}\" \
         style=\"font-variant-ligatures: none; font-kerning: none\">\n<title>{}</title>\n",
        num(width * scale),
        num(height * scale),
        num(width),
        num(height),
        escape(title)
    );
    if !writer.glyphs.defs.is_empty() {
        document.push_str("<defs>\n");
        document.push_str(&writer.glyphs.defs);
        document.push_str("</defs>\n");
    }
    document.push_str(&writer.out);
    document.push_str("</svg>\n");
    document
}

/// egui's fonts, read to draw their glyphs as paths: each glyph at each
/// size is defined once, in `defs`, and placed with `<use>`.
struct GlyphOutlines<'a> {
    faces: Vec<Face<'a>>,
    /// Each family's faces, in egui's fallback order (indices into `faces`).
    families: Vec<(FontFamily, Vec<usize>)>,
    /// The id of each glyph defined so far, by face, glyph and font size;
    /// `None` for a glyph without an outline.
    defined: HashMap<(usize, u32, u32), Option<usize>>,
    /// The `<path>` of every glyph defined so far.
    defs: String,
    /// How many glyphs `defs` holds.
    count: usize,
    /// The shaping buffer, kept between uses.
    buffer: Option<harfrust::UnicodeBuffer>,
    /// The clusters shaped so far, by face, and the ligature each is.
    ligatures: HashMap<(usize, String), Option<skrifa::GlyphId>>,
}

struct Face<'a> {
    font: skrifa::FontRef<'a>,
    charmap: skrifa::charmap::Charmap<'a>,
    shaper: harfrust::ShaperData,
    /// egui's `FontTweak` of this font: its scale and vertical shift.
    scale: f32,
    y_offset_factor: f32,
    y_offset: f32,
}

impl<'a> GlyphOutlines<'a> {
    fn new(definitions: &'a FontDefinitions) -> Self {
        let mut faces = Vec::new();
        let mut names = HashMap::new();
        for (name, data) in &definitions.font_data {
            let bytes: &'a [u8] = (*data.font).as_ref();
            // A font egui could not read either draws nothing there.
            let Ok(font) = skrifa::FontRef::from_index(bytes, data.index) else {
                continue;
            };
            names.insert(name.as_str(), faces.len());
            faces.push(Face {
                shaper: harfrust::ShaperData::new(&font),
                charmap: font.charmap(),
                font,
                scale: data.tweak.scale,
                y_offset_factor: data.tweak.y_offset_factor,
                y_offset: data.tweak.y_offset,
            });
        }
        let families = definitions
            .families
            .iter()
            .map(|(family, fonts)| {
                let chain = fonts
                    .iter()
                    .filter_map(|name| names.get(name.as_str()).copied())
                    .collect();
                (family.clone(), chain)
            })
            .collect();
        Self {
            faces,
            families,
            defined: HashMap::new(),
            defs: String::new(),
            count: 0,
            buffer: Some(harfrust::UnicodeBuffer::new()),
            ligatures: HashMap::new(),
        }
    }

    /// The face of `family` egui draws `c` with, and the glyph: the first
    /// face that has it, else the first face's "missing glyph" box.
    fn resolve(&self, family: &FontFamily, c: char) -> Option<(usize, skrifa::GlyphId)> {
        let chain = &self
            .families
            .iter()
            .find(|(f, _)| f == family)
            .or_else(|| {
                self.families
                    .iter()
                    .find(|(f, _)| *f == FontFamily::Proportional)
            })?
            .1;
        chain
            .iter()
            .find_map(|&face| {
                let glyph = self.faces[face].charmap.map(c)?;
                (glyph != skrifa::GlyphId::NOTDEF).then_some((face, glyph))
            })
            .or_else(|| chain.first().map(|&face| (face, skrifa::GlyphId::NOTDEF)))
    }

    /// The one glyph `face` shapes `cluster` into (a ligature such as "fi"),
    /// if it is one.
    fn ligature(&mut self, face: usize, cluster: &str) -> Option<skrifa::GlyphId> {
        let key = (face, cluster.to_owned());
        if let Some(&glyph) = self.ligatures.get(&key) {
            return glyph;
        }
        let face = &self.faces[face];
        let mut buffer = self.buffer.take().unwrap_or_default();
        buffer.push_str(cluster);
        buffer.guess_segment_properties();
        let shaper = face.shaper.shaper(&face.font).build();
        let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let glyph = match shaped.glyph_infos() {
            [only] if only.glyph_id != 0 => Some(skrifa::GlyphId::new(only.glyph_id)),
            _ => None,
        };
        self.buffer = Some(shaped.clear());
        self.ligatures.insert(key, glyph);
        glyph
    }

    /// The id of the path of `glyph` of `face` at `size` points, defined on
    /// first use; `None` when the glyph has no outline.
    fn glyph_id(&mut self, face: usize, glyph: skrifa::GlyphId, size: f32) -> Option<usize> {
        let key = (face, glyph.to_u32(), size.to_bits());
        if let Some(&id) = self.defined.get(&key) {
            return id;
        }
        let font_face = &self.faces[face];
        let mut pen = PathPen::default();
        let drawn = font_face
            .font
            .outline_glyphs()
            .get(glyph)
            .and_then(|outline| {
                let settings = skrifa::outline::DrawSettings::unhinted(
                    skrifa::instance::Size::new(size * font_face.scale),
                    skrifa::instance::LocationRef::default(),
                );
                outline.draw(settings, &mut pen).ok()
            });
        let id = (drawn.is_some() && !pen.d.is_empty()).then(|| {
            let id = self.count;
            self.count += 1;
            let _ = writeln!(self.defs, "<path id=\"g{id}\" d=\"{}\"/>", pen.d);
            id
        });
        self.defined.insert(key, id);
        id
    }

    /// How far below egui's baseline the glyphs of `face` are drawn, at `size`.
    fn baseline_shift(&self, face: usize, size: f32) -> f32 {
        let face = &self.faces[face];
        size * face.scale * face.y_offset_factor + face.y_offset
    }
}

/// Collects a glyph outline as SVG path data, y pointing down.
#[derive(Default)]
struct PathPen {
    d: String,
}

impl skrifa::outline::OutlinePen for PathPen {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "M{} {}", num(x), num(-y));
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "L{} {}", num(x), num(-y));
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let _ = write!(self.d, "Q{} {} {} {}", num(cx0), num(-cy0), num(x), num(-y));
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let _ = write!(
            self.d,
            "C{} {} {} {} {} {}",
            num(cx0),
            num(-cy0),
            num(cx1),
            num(-cy1),
            num(x),
            num(-y)
        );
    }

    fn close(&mut self) {
        self.d.push('Z');
    }
}

struct SvgWriter<'a> {
    out: String,
    clips: HashMap<[u32; 4], usize>,
    gradients: usize,
    /// The pixels per point egui laid the text out for.
    pixels_per_point: f32,
    /// The picture's background, what egui's additive colours are taken to
    /// add their light to.
    background: Color32,
    glyphs: GlyphOutlines<'a>,
}

impl SvgWriter<'_> {
    /// `color` as SVG can paint it. egui's additive colours (no alpha, some
    /// colour: light added to what lies beneath) have no blending that every
    /// SVG renderer knows. Adding light `l` over `b` is painting white at
    /// opacity `l / (255 - b)`, which lets what lies beneath show through as
    /// egui does; `b` is the background, but on a light one no lighter than
    /// [`ADDED_LIGHT_BASE`]: there the light falls on the washes of era
    /// colours, and over white it cannot brighten anything anyway.
    fn paint(&self, color: Color32) -> Color32 {
        if color.a() > 0 || color == Color32::TRANSPARENT {
            return color;
        }
        let mean = |c: [u8; 4]| (f32::from(c[0]) + f32::from(c[1]) + f32::from(c[2])) / 3.0;
        let light = mean(color.to_array());
        let base = mean(self.background.to_array()).min(ADDED_LIGHT_BASE);
        let opacity = (light / (255.0 - base)).clamp(0.0, 1.0);
        Color32::from_white_alpha((opacity * 255.0).round() as u8)
    }

    fn paint_stroke(&self, stroke: Stroke) -> Stroke {
        Stroke::new(stroke.width, self.paint(stroke.color))
    }

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
                    fill(self.paint(circle.fill)),
                    stroke(self.paint_stroke(circle.stroke))
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
                    fill(self.paint(ellipse.fill)),
                    stroke(self.paint_stroke(ellipse.stroke))
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
                    stroke(self.paint_stroke(*s))
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
            fill(self.paint(fill_color)),
            stroke(self.paint_stroke(Stroke::new(s.width, stroke_color)))
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
        let fill_color = self.paint(fill_color);
        let s = self.paint_stroke(s);
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
            let color = self.paint(Color32::from_rgba_premultiplied(r, g, b, a));
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
        // The tessellator puts a galley on the pixel grid; so do we.
        let ppp = self.pixels_per_point;
        let origin = if ppp > 0.0 && ppp.is_finite() {
            Pos2::new(
                (shape.pos.x * ppp).round() / ppp,
                (shape.pos.y * ppp).round() / ppp,
            )
        } else {
            shape.pos
        };
        let transform = rotation(shape.angle, origin);
        let mut char_index = 0;
        for placed in &galley.rows {
            let row = &placed.row;
            let mut runs: Vec<(usize, Vec<PlacedGlyph>)> = Vec::new();
            // The glyphs drawn, as `<use>` elements in runs of one colour.
            let mut drawn: Vec<(Color32, String)> = Vec::new();
            let xs = spread_ligatures(
                &row.glyphs
                    .iter()
                    .map(|g| (g.pos.x, g.advance_width, g.chr))
                    .collect::<Vec<_>>(),
            );
            let outline_xs = pen_positions(&row.glyphs, ppp);
            for (i, glyph) in row.glyphs.iter().enumerate() {
                let section = section_of(char_index).unwrap_or(0);
                char_index += 1;
                let y = origin.y + placed.pos.y + glyph.pos.y;
                let x = origin.x + placed.pos.x + xs[i];
                match runs.last_mut() {
                    Some((run_section, glyphs)) if *run_section == section => {
                        glyphs.push((x, y, glyph.chr));
                    }
                    _ => runs.push((section, vec![(x, y, glyph.chr)])),
                }
                // What egui gave no bitmap (a space, the second letter of a
                // ligature) is not drawn.
                if glyph.uv_rect.is_nothing() {
                    continue;
                }
                let Some(format) = job.sections.get(section).map(|s| &s.format) else {
                    continue;
                };
                let color = self.paint(text_color(shape, format.color));
                let size = format.font_id.size;
                let Some((face, mut glyph_id)) =
                    self.glyphs.resolve(&format.font_id.family, glyph.chr)
                else {
                    continue;
                };
                let joined: String = row.glyphs[i + 1..]
                    .iter()
                    .take_while(|g| {
                        g.advance_width == 0.0 && g.uv_rect.is_nothing() && !g.chr.is_whitespace()
                    })
                    .map(|g| g.chr)
                    .collect();
                if !joined.is_empty()
                    && let Some(ligature) = self
                        .glyphs
                        .ligature(face, &format!("{}{joined}", glyph.chr))
                {
                    glyph_id = ligature;
                }
                let Some(id) = self.glyphs.glyph_id(face, glyph_id, size) else {
                    continue;
                };
                let x = origin.x + placed.pos.x + outline_xs[i];
                let y = y + self.glyphs.baseline_shift(face, size);
                let element = format!(
                    "<use xlink:href=\"#g{id}\" x=\"{}\" y=\"{}\"/>",
                    num(x),
                    num(y)
                );
                match drawn.last_mut() {
                    Some((run_color, uses)) if *run_color == color => uses.push_str(&element),
                    _ => drawn.push((color, element)),
                }
            }
            if placed.ends_with_newline {
                char_index += 1;
            }
            for (color, uses) in &drawn {
                let _ = writeln!(self.out, "<g{}{transform}>{uses}</g>", fill(*color));
            }
            let visible = runs
                .iter()
                .any(|(_, glyphs)| glyphs.iter().any(|(_, _, c)| !c.is_whitespace()));
            if !visible {
                continue;
            }
            // The text itself, invisible over its outlines: for search,
            // selection and copying. Each run keeps its colour (never its
            // opacity, which would show it), for an editor that makes the
            // text visible again.
            let _ = write!(self.out, "<text fill-opacity=\"0\"{transform}>");
            for (section, glyphs) in &runs {
                let Some(format) = job.sections.get(*section).map(|s| &s.format) else {
                    continue;
                };
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
                let [r, g, b, _] = self
                    .paint(text_color(shape, format.color))
                    .to_srgba_unmultiplied();
                let _ = write!(
                    self.out,
                    "<tspan x=\"{xs}\" y=\"{}\" font-size=\"{}\"{family} \
                     fill=\"#{r:02x}{g:02x}{b:02x}\">{}</tspan>",
                    num(glyphs[0].1),
                    num(format.font_id.size),
                    escape(&text)
                );
            }
            self.out.push_str("</text>\n");
        }
    }
}

/// The colour a text section is drawn in.
fn text_color(shape: &TextShape, section_color: Color32) -> Color32 {
    let mut color = section_color;
    if color == Color32::PLACEHOLDER {
        color = shape.fallback_color;
    }
    if let Some(override_color) = shape.override_text_color {
        color = override_color;
    }
    color.gamma_multiply(shape.opacity_factor)
}

/// The x (in points, from the row's start) of the pen position of every
/// glyph of a row, where egui draws its outline. egui stores a glyph's x
/// rounded down to a whole pixel and draws it up to a pixel to the right (at
/// a quarter-pixel step of the pen position), so the pen is followed along
/// the advances instead; where it strays from egui's x by more than that (a
/// tab, an aligned row) egui's x is taken.
fn pen_positions(glyphs: &[Glyph], pixels_per_point: f32) -> Vec<f32> {
    let mut xs = Vec::with_capacity(glyphs.len());
    let mut pen: Option<f32> = None;
    for glyph in glyphs {
        let x = match pen {
            Some(pen) if (-0.2..=1.0).contains(&((pen - glyph.pos.x) * pixels_per_point)) => pen,
            _ => glyph.pos.x,
        };
        xs.push(x);
        pen = Some(x + glyph.advance_width);
    }
    xs
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
    use eframe::egui;
    use std::sync::Arc;

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

    /// `text` laid out in egui's proportional font at `size` points, written
    /// as an SVG at `pixels_per_point`, with the galley.
    fn text_svg(text: &str, size: f32, pixels_per_point: f32) -> (String, Arc<epaint::Galley>) {
        let definitions = FontDefinitions::default();
        let mut fonts =
            epaint::text::Fonts::new(epaint::text::TextOptions::default(), definitions.clone());
        let galley = fonts
            .with_pixels_per_point(pixels_per_point)
            .layout_no_wrap(
                text.to_owned(),
                epaint::FontId::proportional(size),
                Color32::BLACK,
            );
        let shape = Shape::galley(Pos2::new(10.0, 20.0), Arc::clone(&galley), Color32::BLACK);
        let clipped = [ClippedShape {
            clip_rect: Rect::EVERYTHING,
            shape,
            transform_after_tessellation: Default::default(),
        }];
        let svg = write_svg(
            &clipped,
            [200.0, 100.0],
            pixels_per_point,
            Color32::WHITE,
            "t",
            &definitions,
        );
        (svg, galley)
    }

    #[test]
    fn text_is_drawn_as_glyph_outlines_under_invisible_text() {
        let (svg, galley) = text_svg("Tall offices, Syria", 13.0, 1.0);
        // One outline for each glyph egui draws (no spaces, one for a
        // ligature), each glyph's path defined once.
        let drawn = galley.rows[0]
            .row
            .glyphs
            .iter()
            .filter(|g| !g.uv_rect.is_nothing())
            .count();
        assert_eq!(svg.matches("<use ").count(), drawn);
        let distinct: std::collections::HashSet<char> = "Tall offices, Syria"
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        assert!(svg.matches("<path id=").count() <= distinct.len(), "{svg}");
        assert!(svg.contains("<path id=\"g0\" d=\"M"), "{svg}");
        // The text is there whole, invisible, and no font is embedded.
        assert!(svg.contains("<text fill-opacity=\"0\">"), "{svg}");
        assert!(
            svg.contains(" fill=\"#000000\">Tall offices, Syria</tspan>"),
            "{svg}"
        );
        assert!(!svg.contains("@font-face"));
        // The outlines are filled in the text's colour.
        assert!(svg.contains("<g fill=\"#000000\"><use "), "{svg}");
    }

    #[test]
    fn every_glyph_egui_draws_is_drawn_whatever_the_script() {
        // Accents, dashes and quotes, an icon from a fallback font, and
        // characters no font has (egui draws a box for each).
        let text = "Ärzte in Ḥalab — «ceasefire» 停火 \u{e624}";
        let (svg, galley) = text_svg(text, 13.0, 2.0);
        let drawn = galley.rows[0]
            .row
            .glyphs
            .iter()
            .filter(|g| !g.uv_rect.is_nothing())
            .count();
        assert!(drawn >= 25, "{drawn}");
        assert_eq!(svg.matches("<use ").count(), drawn, "{svg}");
        assert!(svg.contains(&format!(">{text}</tspan>")), "{svg}");
    }

    #[test]
    fn a_ligature_is_drawn_as_the_fonts_ligature_glyph() {
        // egui draws "fi" as one glyph; so does the SVG, not as "f" and "i".
        let (svg, galley) = text_svg("fi", 14.0, 1.0);
        let glyphs = &galley.rows[0].row.glyphs;
        assert_eq!(glyphs.len(), 2);
        assert!(glyphs[1].uv_rect.is_nothing(), "Ubuntu joins fi");
        assert_eq!(svg.matches("<use ").count(), 1, "{svg}");
        let (alone, _) = text_svg("f", 14.0, 1.0);
        let path = |svg: &str| {
            let start = svg.find("<path id=\"g0\" d=\"").unwrap();
            svg[start..].lines().next().unwrap().to_owned()
        };
        assert_ne!(path(&svg), path(&alone));
    }

    #[test]
    fn glyphs_follow_the_pen_not_the_whole_pixels_egui_stores() {
        let (_, galley) = text_svg("Government offensive around Aleppo", 13.0, 1.0);
        let glyphs = &galley.rows[0].row.glyphs;
        let xs = pen_positions(glyphs, 1.0);
        let mut pen = 0.0;
        for (glyph, x) in glyphs.iter().zip(&xs) {
            assert!((x - pen).abs() < 1e-3, "{x} vs the pen at {pen}");
            // egui's whole pixel is at most one pixel left of the pen.
            assert!(
                (-0.2..1.0).contains(&(x - glyph.pos.x)),
                "{x} vs {}",
                glyph.pos.x
            );
            pen += glyph.advance_width;
        }
        // Where egui's x jumps (a tab stop, an aligned row), its x is taken.
        let mut moved = glyphs.clone();
        for glyph in &mut moved[5..] {
            glyph.pos.x += 20.0;
        }
        let xs = pen_positions(&moved, 1.0);
        assert_eq!(xs[5], moved[5].pos.x);
    }

    #[test]
    fn additive_light_is_white_let_through_by_what_lies_beneath() {
        // egui's faint fills add light (no alpha); the PNG adds 8 to each
        // channel of what lies beneath. White at 8 / (255 − 27) over the
        // dark background does the same there; on a light background the
        // light falls on era washes about 225 bright.
        let header = |background: Color32| {
            let shape = Shape::rect_filled(
                Rect::from_min_size(Pos2::new(0.0, 10.0), egui::vec2(100.0, 20.0)),
                0.0,
                Color32::from_additive_luminance(8),
            );
            let clipped = [ClippedShape {
                clip_rect: Rect::EVERYTHING,
                shape,
                transform_after_tessellation: Default::default(),
            }];
            let svg = write_svg(
                &clipped,
                [100.0, 40.0],
                1.0,
                background,
                "t",
                &FontDefinitions::default(),
            );
            let rect = svg
                .lines()
                .find(|l| l.starts_with("<rect"))
                .unwrap_or_default();
            assert!(rect.contains("fill=\"#ffffff\""), "{rect}");
            let opacity = rect.split("fill-opacity=\"").nth(1).unwrap_or_default();
            opacity
                .split('"')
                .next()
                .unwrap_or_default()
                .parse::<f32>()
                .unwrap_or(0.0)
        };
        let dark = header(Color32::from_gray(27));
        assert!((dark - 8.0 / 228.0).abs() < 0.006, "{dark}");
        let light = header(Color32::from_gray(248));
        assert!((light - 8.0 / 30.0).abs() < 0.006, "{light}");
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
