//! The PDF writer: our own SVG ([`super::svg`]) drawn into a one-page PDF
//! by krilla, so the PDF is the SVG's drawing, not a second one.
//!
//! The shapes and the glyph outlines become PDF vector paths; the SVG's
//! invisible text becomes real PDF text in egui's own fonts (loaded for the
//! SVG reader, so no system font is asked for), painted with no opacity over
//! its outlines: searchable, selectable and copyable like the SVG's. The
//! page has the size the SVG is shown at, at 96 SVG pixels to the inch.

use std::sync::Arc;

use eframe::epaint::text::FontDefinitions;
use krilla::Document;
use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla_svg::{SurfaceExt as _, SvgSettings};

/// PDF points (1/72 inch) per SVG pixel (1/96 inch).
const POINTS_PER_PIXEL: f32 = 72.0 / 96.0;

/// Why a PDF could not be written. Each is a bug of ours (the SVG is ours,
/// the fonts egui's), reported as an error rather than a panic.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PdfError {
    #[error("the SVG to convert could not be read: {0}")]
    Svg(String),
    #[error("the page size {0} × {1} pt is not possible")]
    PageSize(f32, f32),
    #[error("{0}")]
    Krilla(String),
}

/// Converts `svg` (from [`super::svg::write_svg`], with the text laid out
/// in `fonts`) into a PDF of one page, `title` in its metadata.
pub(crate) fn write_pdf(
    svg: &str,
    fonts: &FontDefinitions,
    title: &str,
) -> Result<Vec<u8>, PdfError> {
    let mut database = usvg::fontdb::Database::new();
    for data in fonts.font_data.values() {
        database.load_font_data((*data.font).as_ref().to_vec());
    }
    let options = usvg::Options {
        fontdb: Arc::new(database),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PdfError::Svg(e.to_string()))?;
    let [width, height] = [
        tree.size().width() * POINTS_PER_PIXEL,
        tree.size().height() * POINTS_PER_PIXEL,
    ];
    let Some(size) = Size::from_wh(width, height) else {
        return Err(PdfError::PageSize(width, height));
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creator(env!("CARGO_PKG_NAME").to_owned()),
    );
    {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        let settings = SvgSettings {
            embed_text: true,
            ..SvgSettings::default()
        };
        surface.draw_svg(&tree, size, settings);
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PdfError::Krilla(e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn svg_with_text(text: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\" \
             viewBox=\"0 0 100 20\" font-family=\"Ubuntu\">\
             <rect width=\"100\" height=\"20\" fill=\"#fff\"/>\
             <text fill-opacity=\"0\"><tspan x=\"2\" y=\"14\" font-size=\"12\">{text}</tspan></text>\
             </svg>"
        )
    }

    #[test]
    fn text_in_any_script_gives_a_pdf_of_the_svgs_shown_size() {
        let fonts = FontDefinitions::default();
        // Latin, emoji from egui's fallback fonts, and characters no font
        // of egui's has: a PDF all the same.
        for text in ["Truce", "Truce ⚠ 😀", "停火 هدنة", ""] {
            let pdf = write_pdf(&svg_with_text(text), &fonts, text).unwrap();
            assert!(pdf.starts_with(b"%PDF-"), "{text:?}");
            // 200 × 40 SVG pixels are 150 × 30 points.
            let page = b"/MediaBox[0 0 150 30]";
            assert!(pdf.windows(page.len()).any(|w| w == page), "{text:?}");
        }
    }

    #[test]
    fn an_svg_that_cannot_be_read_is_an_error() {
        let fonts = FontDefinitions::default();
        assert!(matches!(
            write_pdf("<svg", &fonts, "x"),
            Err(PdfError::Svg(_))
        ));
    }
}
