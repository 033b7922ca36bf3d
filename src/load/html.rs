//! HTML to plain text, for the headlines and texts of imported timelines.
//!
//! TimelineJS fields hold HTML fragments (`<p>…</p>`, `<b>`, `&amp;`,
//! `&#8217;`). The dataset model holds plain text, so tags are dropped,
//! entities decoded and whitespace collapsed as a browser would: `<br>` ends a
//! line, block elements (`<p>`, `<div>`, `<li>`, …) end a paragraph, every
//! other run of whitespace becomes one space. `<script>` and `<style>` are
//! dropped with their content. Text that is not HTML passes through with
//! only its whitespace collapsed.

/// The text of an HTML fragment, paragraphs separated by a blank line and
/// `<br>` kept as a line break.
pub(crate) fn to_text(html: &str) -> String {
    let mut out = TextOut::default();
    render(html, &mut out);
    out.text
}

/// The text of an HTML fragment on one line: every break becomes a space.
pub(crate) fn to_line(html: &str) -> String {
    to_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Plain text with collapsed whitespace and pending breaks.
#[derive(Debug, Default)]
struct TextOut {
    text: String,
    pending_space: bool,
    /// 0: none, 1: a line break, 2: a paragraph break.
    pending_breaks: u8,
}

impl TextOut {
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = true;
            return;
        }
        if !self.text.is_empty() {
            match self.pending_breaks {
                0 if self.pending_space => self.text.push(' '),
                0 => {}
                1 => self.text.push('\n'),
                _ => self.text.push_str("\n\n"),
            }
        }
        self.pending_space = false;
        self.pending_breaks = 0;
        self.text.push(c);
    }

    /// `<br>`: two in a row leave a blank line.
    fn br(&mut self) {
        self.pending_breaks = (self.pending_breaks + 1).min(2);
    }

    /// The start or end of a line element such as `<li>`.
    fn line_break(&mut self) {
        self.pending_breaks = self.pending_breaks.max(1);
    }

    fn paragraph_break(&mut self) {
        self.pending_breaks = 2;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }
}

/// Elements that end a paragraph where they open or close.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "hr",
    "dl",
    "figure",
    "address",
];

/// Elements that end a line where they open or close.
const LINES: &[&str] = &["li", "tr", "dt", "dd", "figcaption", "caption"];

/// Elements whose content is not text.
const HIDDEN: &[&str] = &["script", "style", "template", "noscript"];

fn render(html: &str, out: &mut TextOut) {
    let mut rest = html;
    // Once a comment is found unclosed, no later one can close either.
    let mut comments_can_close = true;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => match tag(rest, &mut comments_can_close) {
                Some((name, len)) => {
                    rest = &rest[len..];
                    if name.is_empty() {
                        continue;
                    }
                    let closing = name.starts_with('/');
                    let bare = name.trim_start_matches('/');
                    if bare == "br" {
                        out.br();
                    } else if BLOCKS.contains(&bare) {
                        out.paragraph_break();
                    } else if LINES.contains(&bare) {
                        out.line_break();
                    } else if matches!(bare, "td" | "th") {
                        out.space();
                    } else if !closing && HIDDEN.contains(&bare) {
                        rest = skip_hidden(rest, bare);
                    }
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            },
            '&' => match entity(rest) {
                Some((decoded, len)) => {
                    match decoded {
                        Decoded::Char(c) => out.push(c),
                        Decoded::Nothing => {}
                    }
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            },
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
}

/// A tag, comment or declaration at the start of `text` (which starts with
/// `<`): its lowercase name (`"/p"` for a closing tag, empty for a comment)
/// and its length in bytes. `None` when the `<` is just a character.
///
/// The search for the closing `>` stops at the next `<`, and an unclosed
/// comment is searched for once, so text full of stray `<` stays linear.
fn tag(text: &str, comments_can_close: &mut bool) -> Option<(String, usize)> {
    let after = &text[1..];
    if let Some(comment) = after.strip_prefix("!--") {
        if !*comments_can_close {
            return None;
        }
        let Some(end) = comment.find("-->") else {
            *comments_can_close = false;
            return None;
        };
        return Some((String::new(), 4 + end + 3));
    }
    let first = after.chars().next()?;
    if !(first.is_ascii_alphabetic() || matches!(first, '/' | '!' | '?')) {
        return None;
    }
    // Find the closing `>` outside quoted attribute values.
    let mut quote: Option<char> = None;
    let mut end = None;
    for (at, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(at);
                break;
            }
            (_, '<') => return None,
            (None, _) => {}
        }
    }
    let end = end?;
    let inner = &after[..end];
    let name: String = if matches!(first, '!' | '?') {
        String::new()
    } else {
        let slash = usize::from(first == '/');
        let name: String = inner[slash..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            return None;
        }
        if slash == 1 { format!("/{name}") } else { name }
    };
    Some((name, 1 + end + 1))
}

/// The text after the closing tag of a hidden element, or nothing if it is
/// never closed.
fn skip_hidden<'a>(text: &'a str, name: &str) -> &'a str {
    // Case-insensitive search for `</name` without copying the text.
    let bytes = text.as_bytes();
    let closing = name.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find("</") {
        let at = from + found;
        let name_start = at + 2;
        let name_end = name_start + closing.len();
        if bytes
            .get(name_start..name_end)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(closing))
        {
            let after = &text[name_end..];
            return match after.find('>') {
                Some(end) => &after[end + 1..],
                None => "",
            };
        }
        from = name_start;
    }
    ""
}

#[derive(Debug)]
enum Decoded {
    Char(char),
    Nothing,
}

/// An entity at the start of `text` (which starts with `&`): what it stands
/// for and its length. `None` for an `&` that starts no known entity.
fn entity(text: &str) -> Option<(Decoded, usize)> {
    let end = text
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';')
        .map(|(at, _)| at)?;
    let body = &text[1..end];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        Decoded::Char(
            char::from_u32(code)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}'),
        )
    } else {
        named_entity(body)?
    };
    Some((decoded, end + 1))
}

fn named_entity(name: &str) -> Option<Decoded> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "shy" | "zwj" | "zwnj" => return Some(Decoded::Nothing),
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "deg" => '°',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "divide" => '÷',
        "minus" => '−',
        "plusmn" => '±',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "prime" => '′',
        "Prime" => '″',
        "iexcl" => '¡',
        "iquest" => '¿',
        "szlig" => 'ß',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "atilde" => 'ã',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "Aacute" => 'Á',
        "Agrave" => 'À',
        "Auml" => 'Ä',
        "Ccedil" => 'Ç',
        "Eacute" => 'É',
        "Egrave" => 'È',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        _ => return None,
    };
    Some(Decoded::Char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_keeps_paragraphs() {
        assert_eq!(
            to_text("<p>First <b>bold</b> line<br>second\nline</p><p>Next</p>"),
            "First bold line\nsecond line\n\nNext"
        );
        assert_eq!(
            to_line("<p>First <b>bold</b> line<br>second</p><p>Next</p>"),
            "First bold line second Next"
        );
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            to_text("Tom &amp; Jerry&#39;s &quot;show&quot;&nbsp;&#8217;&#x2019; &hellip;"),
            "Tom & Jerry's \"show\" ’’ …"
        );
        assert_eq!(to_text("&lt;b&gt; is a tag"), "<b> is a tag");
        assert_eq!(
            to_text("AT&T & co &unknown; &#xZZ;"),
            "AT&T & co &unknown; &#xZZ;"
        );
    }

    #[test]
    fn leaves_plain_text_and_stray_brackets() {
        assert_eq!(to_text("  a < b and c > d  "), "a < b and c > d");
        assert_eq!(to_text("x <3 y"), "x <3 y");
        assert_eq!(to_text("unclosed <b"), "unclosed <b");
        assert_eq!(to_text(""), "");
    }

    #[test]
    fn drops_comments_scripts_and_attributes() {
        assert_eq!(
            to_text(
                "a<!-- hidden -->b<script>alert('<p>')</script>c<a href=\"x>y\" title='q'>d</a>"
            ),
            "abcd"
        );
        assert_eq!(to_text("<STYLE>p { }</STYLE>Text"), "Text");
        assert_eq!(to_text("<ul><li>one</li><li>two</li></ul>"), "one\ntwo");
        assert_eq!(to_text("one<br><br/>two<BR />three"), "one\n\ntwo\nthree");
    }

    #[test]
    fn stray_brackets_and_unclosed_elements_stay_linear() {
        // Quadratic scanning would take minutes on these; linear is instant.
        let stray = "a<b c ".repeat(200_000) + ">";
        assert!(to_text(&stray).starts_with("a<b c a<b c"));
        let comments = "<!-- x ".repeat(200_000);
        assert!(to_text(&comments).starts_with("<!-- x"));
        let scripts = "<script>x ".repeat(100_000);
        assert_eq!(to_text(&scripts), "");
        let styles = "<STYLE>p</style>text ".repeat(100_000);
        assert!(to_text(&styles).starts_with("text text"));
    }
}
