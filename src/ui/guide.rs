//! Help → User guide: the README's sections on using the app, read from
//! the README itself (compiled into the binary), so the guide says what
//! the README says and never drifts from it.
//!
//! The README is Markdown; the guide reads the part of it those sections
//! use ([`blocks`]): headings, paragraphs, lists, tables and code blocks,
//! with `code`, **bold** and links inline. Pictures are left out (the
//! binary does not carry them), and a link reads as its text.

use std::borrow::Cow;
use std::sync::OnceLock;

use eframe::egui;

use crate::render::theme::ui::guide as style;

/// The README, as compiled in.
const README: &str = include_str!("../../README.md");

/// The README's sections the guide shows, in order.
pub(crate) const SECTIONS: [&str; 5] = [
    "Using the timeline",
    "Quotes and figures",
    "Opening your own datasets",
    "Opening conflict event data",
    "Exporting images",
];

/// A block of the guide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    Heading(String),
    /// A paragraph's text, its lines joined, its inline marks kept.
    Paragraph(String),
    /// A list item, as a paragraph.
    Item(String),
    /// A table: its header's cells, then its rows'.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Preformatted text, as written.
    Code(String),
}

/// A run of a paragraph's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Span<'a> {
    Text(&'a str),
    Code(&'a str),
    Strong(&'a str),
}

/// The guide: each of [`SECTIONS`] with its heading, as blocks.
pub(crate) fn guide() -> &'static [Block] {
    static GUIDE: OnceLock<Vec<Block>> = OnceLock::new();
    GUIDE.get_or_init(|| {
        SECTIONS
            .iter()
            .filter_map(|name| {
                let body = section(README, name)?;
                let mut blocks = vec![Block::Heading((*name).to_owned())];
                blocks.extend(self::blocks(body));
                Some(blocks)
            })
            .flatten()
            .collect()
    })
}

/// The text of the `## name` section, up to the next section.
pub(crate) fn section<'a>(markdown: &'a str, name: &str) -> Option<&'a str> {
    let heading = format!("## {name}\n");
    let start = if markdown.starts_with(&heading) {
        heading.len()
    } else {
        markdown.find(&format!("\n{heading}"))? + heading.len() + 1
    };
    let rest = &markdown[start..];
    let end = rest.find("\n## ").map_or(rest.len(), |end| end + 1);
    Some(&rest[..end])
}

/// The blocks of a piece of Markdown.
pub(crate) fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines().peekable();
    // The paragraph or list item being read.
    let mut text: Option<(bool, String)> = None;
    let finish = |text: &mut Option<(bool, String)>, blocks: &mut Vec<Block>| {
        if let Some((item, text)) = text.take() {
            blocks.push(if item {
                Block::Item(text)
            } else {
                Block::Paragraph(text)
            });
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            finish(&mut text, &mut blocks);
            let mut code = Vec::new();
            for line in lines.by_ref() {
                if line.trim_start().starts_with("```") {
                    break;
                }
                code.push(line);
            }
            blocks.push(Block::Code(code.join("\n")));
        } else if trimmed.starts_with('#') {
            finish(&mut text, &mut blocks);
            blocks.push(Block::Heading(
                trimmed.trim_start_matches('#').trim().to_owned(),
            ));
        } else if trimmed.starts_with('|') {
            finish(&mut text, &mut blocks);
            let mut rows = vec![cells(trimmed)];
            while let Some(line) = lines.next_if(|line| line.trim().starts_with('|')) {
                let row = cells(line.trim());
                let rule = row
                    .iter()
                    .all(|cell| !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':')));
                if !rule {
                    rows.push(row);
                }
            }
            let header = rows.remove(0);
            blocks.push(Block::Table { header, rows });
        } else if trimmed.is_empty() || (trimmed.starts_with("![") && trimmed.ends_with(')')) {
            // A picture is left out, and ends the paragraph it is in.
            finish(&mut text, &mut blocks);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            finish(&mut text, &mut blocks);
            text = Some((true, item.to_owned()));
        } else if let Some((_, paragraph)) = &mut text {
            paragraph.push(' ');
            paragraph.push_str(trimmed);
        } else {
            text = Some((false, trimmed.to_owned()));
        }
    }
    finish(&mut text, &mut blocks);
    blocks
}

/// A table row's cells, trimmed (`\|` is a `|` in a cell).
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

/// A paragraph's runs: `code`, **bold**, and links as their text.
pub(crate) fn spans(text: &str) -> Vec<Span<'_>> {
    let mut spans = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.char_indices().map(|(at, _)| at).find(|&at| {
            let marked = &rest[at..];
            marked.starts_with('`') || marked.starts_with('[') || marked.starts_with("**")
        });
        let Some(at) = next else {
            spans.push(Span::Text(rest));
            break;
        };
        if at > 0 {
            spans.push(Span::Text(&rest[..at]));
        }
        let marked = &rest[at..];
        let (span, after) = if let Some(code) = marked.strip_prefix('`') {
            match code.find('`') {
                Some(end) => (Span::Code(&code[..end]), &code[end + 1..]),
                None => (Span::Text(marked), ""),
            }
        } else if let Some(strong) = marked.strip_prefix("**") {
            match strong.find("**") {
                Some(end) => (Span::Strong(&strong[..end]), &strong[end + 2..]),
                None => (Span::Text(marked), ""),
            }
        } else {
            // A link, `[text](target)`: its text.
            let link = marked.find("](").and_then(|middle| {
                let end = marked[middle..].find(')')? + middle;
                Some((&marked[1..middle], &marked[end + 1..]))
            });
            match link {
                Some((text, after)) => (Span::Text(text), after),
                None => (Span::Text(&marked[..1]), &marked[1..]),
            }
        };
        spans.push(span);
        rest = after;
    }
    spans
}

/// `text` as the fonts of `family` can draw it: an arrow they lack reads
/// as `>`, anything else they lack as `?`.
fn drawable<'a>(ui: &egui::Ui, family: &egui::FontFamily, text: &'a str) -> Cow<'a, str> {
    let font = egui::FontId::new(
        ui.style().text_styles[&egui::TextStyle::Body].size,
        family.clone(),
    );
    ui.ctx().fonts_mut(|fonts| {
        if fonts.has_glyphs(&font, text) {
            return Cow::Borrowed(text);
        }
        let readable = text.chars().map(|c| match c {
            c if c.is_whitespace() || fonts.has_glyph(&font, c) => c,
            '→' => '>',
            '←' => '<',
            _ => '?',
        });
        Cow::Owned(readable.collect())
    })
}

/// A paragraph laid out with its runs' styles.
fn paragraph_job(ui: &egui::Ui, text: &str, prefix: &str) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style();
    let mut add = |text: egui::RichText| {
        text.append_to(
            &mut job,
            style,
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    };
    if !prefix.is_empty() {
        add(egui::RichText::new(prefix));
    }
    let (proportional, monospace) = (egui::FontFamily::Proportional, egui::FontFamily::Monospace);
    for span in spans(text) {
        add(match span {
            Span::Text(text) => egui::RichText::new(drawable(ui, &proportional, text)),
            Span::Code(code) => egui::RichText::new(drawable(ui, &monospace, code)).code(),
            Span::Strong(text) => egui::RichText::new(drawable(ui, &proportional, text)).strong(),
        });
    }
    job
}

/// The guide's text, in a scrolling column.
pub(crate) fn guide_ui(ui: &mut egui::Ui) {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            super::keys::scroll_by_keys(ui, style::KEY_SCROLL_STEP);
            for (at, block) in guide().iter().enumerate() {
                block_ui(ui, at, block);
            }
        });
}

fn block_ui(ui: &mut egui::Ui, at: usize, block: &Block) {
    match block {
        Block::Heading(text) => {
            ui.add_space(style::HEADING_GAP);
            let text = drawable(ui, &egui::FontFamily::Proportional, text);
            ui.label(egui::RichText::new(text).heading());
        }
        Block::Paragraph(text) => {
            ui.label(paragraph_job(ui, text, ""));
            ui.add_space(style::PARAGRAPH_GAP);
        }
        Block::Item(text) => {
            ui.label(paragraph_job(ui, text, "•  "));
        }
        Block::Table { header, rows } => {
            egui::Grid::new(("guide-table", at))
                .striped(true)
                .num_columns(header.len())
                .max_col_width(style::TABLE_COLUMN_MAX_WIDTH)
                .show(ui, |ui| {
                    for cell in header {
                        ui.strong(drawable(ui, &egui::FontFamily::Proportional, cell));
                    }
                    ui.end_row();
                    for row in rows {
                        for cell in row {
                            ui.label(paragraph_job(ui, cell, ""));
                        }
                        ui.end_row();
                    }
                });
            ui.add_space(style::PARAGRAPH_GAP);
        }
        Block::Code(code) => {
            egui::ScrollArea::horizontal()
                .id_salt(("guide-code", at))
                .show(ui, |ui| {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        let code = drawable(ui, &egui::FontFamily::Monospace, code);
                        ui.add(egui::Label::new(egui::RichText::new(code).code()).extend());
                    });
                });
            ui.add_space(style::PARAGRAPH_GAP);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_of_the_guide_is_in_the_readme() {
        for name in SECTIONS {
            let body = section(README, name).unwrap_or_else(|| panic!("no section {name}"));
            assert!(!blocks(body).is_empty(), "{name} is empty");
        }
        let headings = guide()
            .iter()
            .filter(|block| matches!(block, Block::Heading(_)))
            .count();
        assert!(headings >= SECTIONS.len());
    }

    #[test]
    fn a_section_ends_at_the_next() {
        let text = "# T\n\n## A\n\none\n\n## B\n\ntwo\n";
        assert_eq!(section(text, "A"), Some("\none\n\n"));
        assert_eq!(section(text, "B"), Some("\ntwo\n"));
        assert_eq!(section(text, "C"), None);
    }

    #[test]
    fn markdown_reads_as_blocks() {
        let text = "A paragraph\nover two lines.\n\n![A picture](p.png)\n\n\
                    | key | does |\n|---|---|\n| `a \\| b` | this |\n\n\
                    - an item\n  that goes on\n- another\n\n```sh\ncargo run\n```\n";
        assert_eq!(
            blocks(text),
            vec![
                Block::Paragraph("A paragraph over two lines.".into()),
                Block::Table {
                    header: vec!["key".into(), "does".into()],
                    rows: vec![vec!["`a | b`".into(), "this".into()]],
                },
                Block::Item("an item that goes on".into()),
                Block::Item("another".into()),
                Block::Code("cargo run".into()),
            ]
        );
    }

    #[test]
    fn inline_marks_read_as_runs() {
        assert_eq!(
            spans("Press `Home`, **Lanes** or see [the format](docs/f.md) * 2."),
            vec![
                Span::Text("Press "),
                Span::Code("Home"),
                Span::Text(", "),
                Span::Strong("Lanes"),
                Span::Text(" or see "),
                Span::Text("the format"),
                Span::Text(" * 2."),
            ]
        );
        // Marks left open read as they are written.
        assert_eq!(spans("a `b"), vec![Span::Text("a "), Span::Text("`b")]);
        assert_eq!(spans("[x] y"), vec![Span::Text("["), Span::Text("x] y")]);
    }
}
