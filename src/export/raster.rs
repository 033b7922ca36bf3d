//! A CPU rasteriser for egui's tessellated output: textured, vertex-coloured
//! triangles with clip rectangles, blended in gamma space with premultiplied
//! alpha as egui's own renderers do. Anti-aliasing comes from egui's
//! feathered meshes, so one sample per pixel (at its centre) is enough.
//!
//! The image is cut into bands of rows that worker threads take from a
//! shared queue; every band sees all triangles in paint order, so the result
//! does not depend on the number of threads.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use eframe::egui::{ClippedPrimitive, Color32, ColorImage, TextureFilter, TextureId};
use eframe::epaint::{Primitive, textures::TextureOptions};

/// A texture as the renderer would hold it.
#[derive(Clone, Debug)]
pub struct Texture {
    pub image: ColorImage,
    pub options: TextureOptions,
}

impl Texture {
    /// Samples at normalised `uv`, premultiplied, each channel 0–255.
    fn sample(&self, u: f32, v: f32) -> [f32; 4] {
        let [width, height] = self.image.size;
        if width == 0 || height == 0 {
            return [0.0; 4];
        }
        let texel = |x: i64, y: i64| -> [f32; 4] {
            let x = x.clamp(0, width as i64 - 1) as usize;
            let y = y.clamp(0, height as i64 - 1) as usize;
            let c = self.image.pixels[y * width + x];
            [
                f32::from(c.r()),
                f32::from(c.g()),
                f32::from(c.b()),
                f32::from(c.a()),
            ]
        };
        let x = u * width as f32 - 0.5;
        let y = v * height as f32 - 0.5;
        if self.options.magnification == TextureFilter::Nearest {
            return texel((x + 0.5).floor() as i64, (y + 0.5).floor() as i64);
        }
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let [a, b, c, d] = [
            texel(x0, y0),
            texel(x0 + 1, y0),
            texel(x0, y0 + 1),
            texel(x0 + 1, y0 + 1),
        ];
        let mut out = [0.0; 4];
        for i in 0..4 {
            let top = a[i] + (b[i] - a[i]) * fx;
            let bottom = c[i] + (d[i] - c[i]) * fx;
            out[i] = top + (bottom - top) * fy;
        }
        out
    }
}

/// An RGBA image with straight (not premultiplied) alpha, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RgbaImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    /// The pixel at (x, y) as RGBA.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = (y as usize * self.width as usize + x as usize) * 4;
        [
            self.pixels[i],
            self.pixels[i + 1],
            self.pixels[i + 2],
            self.pixels[i + 3],
        ]
    }
}

/// The rasteriser was told to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped;

/// One triangle ready to fill, in pixels.
struct Triangle<'a> {
    position: [[f32; 2]; 3],
    /// Premultiplied, 0–255.
    color: [[f32; 4]; 3],
    uv: [[f32; 2]; 3],
    texture: Option<&'a Texture>,
    /// Pixel bounds, clipped: x0, y0, x1, y1 (exclusive ends).
    bounds: [i32; 4],
}

/// Rows per work unit.
const BAND_ROWS: usize = 32;

/// Rasterises `primitives` (positions in points) at `pixels_per_point` over
/// an opaque `background`. `progress` is called with the fraction done;
/// returning `false` from `keep_going` stops the work.
pub(crate) fn rasterize(
    primitives: &[ClippedPrimitive],
    textures: &HashMap<TextureId, Texture>,
    pixels_per_point: f32,
    size: [u32; 2],
    background: Color32,
    progress: &(dyn Fn(f32) + Sync),
    keep_going: &(dyn Fn() -> bool + Sync),
) -> Result<RgbaImage, Stopped> {
    let [width, height] = size;
    let triangles = triangles(primitives, textures, pixels_per_point, size);
    let mut canvas = vec![0u8; width as usize * height as usize * 4];
    for pixel in canvas.chunks_exact_mut(4) {
        pixel.copy_from_slice(&background.to_array());
    }
    let band_bytes = (BAND_ROWS * width as usize * 4).max(4);
    let bands: Vec<(usize, &mut [u8])> = canvas.chunks_mut(band_bytes).enumerate().collect();
    let total = bands.len().max(1);
    let queue = Mutex::new(bands);
    let done = AtomicUsize::new(0);
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    if stopped.load(Ordering::Relaxed) {
                        return;
                    }
                    if !keep_going() {
                        stopped.store(true, Ordering::Relaxed);
                        return;
                    }
                    let next = queue.lock().map(|mut q| q.pop()).unwrap_or_default();
                    let Some((band, pixels)) = next else {
                        return;
                    };
                    let top = (band * BAND_ROWS) as i32;
                    fill_band(&triangles, pixels, width as usize, top);
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(finished as f32 / total as f32);
                }
            });
        }
    });
    if stopped.load(Ordering::Relaxed) {
        return Err(Stopped);
    }
    // Premultiplied to straight alpha.
    for pixel in canvas.chunks_exact_mut(4) {
        let alpha = pixel[3];
        if alpha != 0 && alpha != 255 {
            for channel in &mut pixel[..3] {
                *channel = ((u32::from(*channel) * 255 + u32::from(alpha) / 2) / u32::from(alpha))
                    .min(255) as u8;
            }
        }
    }
    Ok(RgbaImage {
        width,
        height,
        pixels: canvas,
    })
}

/// Flattens the meshes into triangles in paint order, in pixels.
fn triangles<'a>(
    primitives: &[ClippedPrimitive],
    textures: &'a HashMap<TextureId, Texture>,
    pixels_per_point: f32,
    [width, height]: [u32; 2],
) -> Vec<Triangle<'a>> {
    let mut out = Vec::new();
    for primitive in primitives {
        let Primitive::Mesh(mesh) = &primitive.primitive else {
            continue;
        };
        let clip = primitive.clip_rect;
        let clip = [
            ((clip.min.x * pixels_per_point).round() as i32).clamp(0, width as i32),
            ((clip.min.y * pixels_per_point).round() as i32).clamp(0, height as i32),
            ((clip.max.x * pixels_per_point).round() as i32).clamp(0, width as i32),
            ((clip.max.y * pixels_per_point).round() as i32).clamp(0, height as i32),
        ];
        if clip[0] >= clip[2] || clip[1] >= clip[3] {
            continue;
        }
        let texture = textures.get(&mesh.texture_id);
        for corners in mesh.indices.chunks_exact(3) {
            let Some(vertices) = corners
                .iter()
                .map(|&i| mesh.vertices.get(i as usize))
                .collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let position = [0, 1, 2].map(|k| {
                [
                    vertices[k].pos.x * pixels_per_point,
                    vertices[k].pos.y * pixels_per_point,
                ]
            });
            let color = [0, 1, 2].map(|k| {
                let c = vertices[k].color;
                [
                    f32::from(c.r()),
                    f32::from(c.g()),
                    f32::from(c.b()),
                    f32::from(c.a()),
                ]
            });
            if color.iter().all(|c| c[3] == 0.0 && c[0] == 0.0) {
                continue;
            }
            let uv = [0, 1, 2].map(|k| [vertices[k].uv.x, vertices[k].uv.y]);
            let xs = position.map(|p| p[0]);
            let ys = position.map(|p| p[1]);
            let min_x = xs.iter().copied().fold(f32::INFINITY, f32::min);
            let max_x = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let min_y = ys.iter().copied().fold(f32::INFINITY, f32::min);
            let max_y = ys.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            if !(min_x.is_finite() && max_x.is_finite() && min_y.is_finite() && max_y.is_finite()) {
                continue;
            }
            // Clamped as floats first: a bar far outside the image (an
            // era of centuries seen at a day) must not overflow an i32.
            let to_pixel =
                |value: f32, low: i32, high: i32| value.clamp(low as f32, high as f32) as i32;
            let bounds = [
                to_pixel(min_x.floor(), clip[0], clip[2]),
                to_pixel(min_y.floor(), clip[1], clip[3]),
                to_pixel(max_x.ceil() + 1.0, clip[0], clip[2]),
                to_pixel(max_y.ceil() + 1.0, clip[1], clip[3]),
            ];
            if bounds[0] >= bounds[2] || bounds[1] >= bounds[3] {
                continue;
            }
            out.push(Triangle {
                position,
                color,
                uv,
                texture,
                bounds,
            });
        }
    }
    out
}

/// Whether a pixel centre exactly on an edge belongs to the triangle: of two
/// triangles sharing the edge (walked in opposite directions) exactly one
/// takes it, so no pixel is blended twice.
fn owns_edge(dx: f32, dy: f32) -> bool {
    dy > 0.0 || (dy == 0.0 && dx > 0.0)
}

/// Fills every triangle's part inside the rows `top..top + rows`.
fn fill_band(triangles: &[Triangle<'_>], pixels: &mut [u8], width: usize, top: i32) {
    let rows = (pixels.len() / 4 / width.max(1)) as i32;
    let bottom = top + rows;
    for triangle in triangles {
        let [x0, y0, x1, y1] = triangle.bounds;
        if y1 <= top || y0 >= bottom {
            continue;
        }
        fill_triangle(
            triangle,
            pixels,
            width,
            top,
            [x0, y0.max(top), x1, y1.min(bottom)],
        );
    }
}

fn fill_triangle(
    triangle: &Triangle<'_>,
    pixels: &mut [u8],
    width: usize,
    top: i32,
    [x0, y0, x1, y1]: [i32; 4],
) {
    let [a, mut b, mut c] = triangle.position;
    let mut order = [0usize, 1, 2];
    let edge = |a: [f32; 2], b: [f32; 2], p: [f32; 2]| {
        (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
    };
    let mut area = edge(a, b, c);
    if area.abs() < 1e-6 {
        return;
    }
    if area < 0.0 {
        std::mem::swap(&mut b, &mut c);
        order.swap(1, 2);
        area = -area;
    }
    let color = order.map(|k| triangle.color[k]);
    let uv = order.map(|k| triangle.uv[k]);
    // Edge k is opposite vertex k: its function is that vertex's weight.
    let edges = [(b, c), (c, a), (a, b)];
    let owns = edges.map(|(p, q)| owns_edge(q[0] - p[0], q[1] - p[1]));
    // Weight k = A_k * x + B_k(y); A_k is constant.
    let step = edges.map(|(p, q)| -(q[1] - p[1]) / area);
    let flat_color = color[1] == color[0] && color[2] == color[0];
    let flat_uv = uv[1] == uv[0] && uv[2] == uv[0];
    // A constant texel (the white pixel of untextured shapes) is sampled once.
    let constant_texel = match (triangle.texture, flat_uv) {
        (None, _) => Some([255.0; 4]),
        (Some(texture), true) => Some(texture.sample(uv[0][0], uv[0][1])),
        (Some(_), false) => None,
    };
    for y in y0..y1 {
        let py = y as f32 + 0.5;
        let weight_at = |k: usize, px: f32| edge(edges[k].0, edges[k].1, [px, py]) / area;
        let inside = |px: f32| {
            (0..3).all(|k| {
                let w = weight_at(k, px);
                w > 0.0 || (w == 0.0 && owns[k])
            })
        };
        // The span of pixel centres inside all three half-planes.
        let mut lo = x0 as f32;
        let mut hi = (x1 - 1) as f32;
        let mut empty = false;
        for (k, slope) in step.iter().enumerate() {
            let at_zero = weight_at(k, 0.5);
            if *slope == 0.0 {
                if at_zero < 0.0 {
                    empty = true;
                }
                continue;
            }
            // Pixel x where the weight crosses zero: x + 0.5 = t.
            let t = 0.5 - at_zero / slope - 0.5;
            if *slope > 0.0 {
                lo = lo.max(t.ceil() - 1.0);
            } else {
                hi = hi.min(t.floor() + 1.0);
            }
        }
        if empty || lo > hi {
            continue;
        }
        let (mut start, mut end) = (lo.max(x0 as f32) as i32, hi.min((x1 - 1) as f32) as i32);
        while start <= end && !inside(start as f32 + 0.5) {
            start += 1;
        }
        while end >= start && !inside(end as f32 + 0.5) {
            end -= 1;
        }
        if start > end {
            continue;
        }
        let row = ((y - top) as usize) * width;
        for x in start..=end {
            let px = x as f32 + 0.5;
            let w = [weight_at(0, px), weight_at(1, px), weight_at(2, px)];
            let vertex = if flat_color {
                color[0]
            } else {
                let mut mixed = [0.0f32; 4];
                for (channel, value) in mixed.iter_mut().enumerate() {
                    *value = w[0] * color[0][channel]
                        + w[1] * color[1][channel]
                        + w[2] * color[2][channel];
                }
                mixed
            };
            let texel = constant_texel.unwrap_or_else(|| {
                let u = w[0] * uv[0][0] + w[1] * uv[1][0] + w[2] * uv[2][0];
                let v = w[0] * uv[0][1] + w[1] * uv[1][1] + w[2] * uv[2][1];
                triangle.texture.map_or([255.0; 4], |t| t.sample(u, v))
            });
            let source = [0, 1, 2, 3].map(|i| vertex[i] * texel[i] / 255.0);
            let alpha = source[3].clamp(0.0, 255.0);
            if alpha <= 0.0 && source[0] <= 0.0 && source[1] <= 0.0 && source[2] <= 0.0 {
                continue;
            }
            let keep = 1.0 - alpha / 255.0;
            let i = (row + x as usize) * 4;
            for channel in 0..4 {
                let blended = source[channel] + f32::from(pixels[i + channel]) * keep;
                pixels[i + channel] = blended.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eframe::egui::{Pos2, Rect, epaint::Mesh};

    fn primitive(mesh: Mesh) -> ClippedPrimitive {
        ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: Primitive::Mesh(mesh),
        }
    }

    fn run(primitives: &[ClippedPrimitive], size: [u32; 2]) -> RgbaImage {
        rasterize(
            primitives,
            &HashMap::new(),
            1.0,
            size,
            Color32::BLACK,
            &|_| {},
            &|| true,
        )
        .expect("not stopped")
    }

    #[test]
    fn a_rectangle_covers_exactly_its_pixels() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(2.0, 3.0), Pos2::new(7.0, 5.0)),
            Color32::RED,
        );
        let image = run(&[primitive(mesh)], [10, 8]);
        for y in 0..8 {
            for x in 0..10 {
                let inside = (2..7).contains(&x) && (3..5).contains(&y);
                let expected = if inside {
                    [255, 0, 0, 255]
                } else {
                    [0, 0, 0, 255]
                };
                assert_eq!(image.pixel(x, y), expected, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn translucent_quads_sharing_a_diagonal_blend_once() {
        // Two triangles of one quad share a diagonal through pixel centres.
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(16.0, 16.0)),
            Color32::from_white_alpha(128),
        );
        let image = run(&[primitive(mesh)], [16, 16]);
        let first = image.pixel(0, 0);
        for y in 0..16 {
            for x in 0..16 {
                assert_eq!(image.pixel(x, y), first, "pixel {x},{y}");
            }
        }
        assert_eq!(first, [128, 128, 128, 255]);
    }

    #[test]
    fn clip_rectangles_cut_shapes() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(10.0, 10.0)),
            Color32::GREEN,
        );
        let clipped = ClippedPrimitive {
            clip_rect: Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(4.0, 10.0)),
            primitive: Primitive::Mesh(mesh),
        };
        let image = run(&[clipped], [10, 10]);
        assert_eq!(image.pixel(3, 5), [0, 255, 0, 255]);
        assert_eq!(image.pixel(4, 5), [0, 0, 0, 255]);
    }

    #[test]
    fn vertex_colours_are_interpolated() {
        let mut mesh = Mesh::default();
        mesh.colored_vertex(Pos2::new(0.0, 0.0), Color32::BLACK);
        mesh.colored_vertex(Pos2::new(100.0, 0.0), Color32::WHITE);
        mesh.colored_vertex(Pos2::new(0.0, 10.0), Color32::BLACK);
        mesh.colored_vertex(Pos2::new(100.0, 10.0), Color32::WHITE);
        mesh.add_triangle(0, 1, 2);
        mesh.add_triangle(1, 3, 2);
        let image = run(&[primitive(mesh)], [100, 10]);
        let middle = image.pixel(50, 5)[0];
        assert!((126..=130).contains(&middle), "{middle}");
        assert!(image.pixel(5, 5)[0] < image.pixel(95, 5)[0]);
    }

    #[test]
    fn shapes_far_outside_the_image_are_clipped_not_lost() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(-3e9, 2.0), Pos2::new(3e9, 6.0)),
            Color32::RED,
        );
        let image = run(&[primitive(mesh)], [16, 8]);
        assert_eq!(image.pixel(8, 4), [255, 0, 0, 255]);
        assert_eq!(image.pixel(8, 7), [0, 0, 0, 255]);
    }

    #[test]
    fn stopping_returns_no_image() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::ZERO, Pos2::new(4.0, 4.0)),
            Color32::RED,
        );
        let result = rasterize(
            &[primitive(mesh)],
            &HashMap::new(),
            1.0,
            [64, 256],
            Color32::BLACK,
            &|_| {},
            &|| false,
        );
        assert_eq!(result, Err(Stopped));
    }
}
