//! Numbers and dates for the figures chart: values as people read them
//! ("4.4 M", "650 k"), exact values ("4,873,236"), and the chart's x axis
//! marks, which come from the timeline's own tick ladder so both axes agree;
//! and sources named short enough for a table's column.

use super::short_date;
use super::ticks::{Tier, choose_step, ticks_of_step};
use super::time_view::TimeTransform;
use crate::model::Source;

/// A value as people say it: "4.4 M", "650 k", "19.9 k", "812".
pub(crate) fn format_compact(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Choose the unit after rounding, so 999,950 reads "1 M", not "1000 k".
    let rounded = |scaled: f64| {
        if scaled.abs() >= 100.0 {
            scaled.round()
        } else {
            (scaled * 10.0).round() / 10.0
        }
    };
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 1e9 || rounded(value / 1e6).abs() >= 1000.0 {
        (value / 1e9, " B")
    } else if magnitude >= 1e6 || rounded(value / 1e3).abs() >= 1000.0 {
        (value / 1e6, " M")
    } else if magnitude >= 1e3 || value.round().abs() >= 1000.0 {
        (value / 1e3, " k")
    } else {
        return format!("{}", value.round());
    };
    // One decimal below 100 of the unit ("4.4 M", "19.9 k"), none above ("650 k").
    let text = if scaled.abs() >= 100.0 {
        format!("{scaled:.0}")
    } else {
        let text = format!("{scaled:.1}");
        text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
    };
    format!("{text}{suffix}")
}

/// A value with its unit: "4.4 M people".
pub fn format_with_unit(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        format_compact(value)
    } else {
        format!("{} {unit}", format_compact(value))
    }
}

/// The exact value with thousands separators: "4,873,236"; decimals kept
/// when the value has them ("4,000,000.5").
pub(crate) fn format_exact(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let negative = value < 0.0;
    // Round to three decimals first, so 4.9996 carries into 5.
    let fixed = format!("{:.3}", value.abs());
    let (digits, decimals) = fixed.split_once('.').unwrap_or((fixed.as_str(), ""));
    let decimals = decimals.trim_end_matches('0');
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if !decimals.is_empty() {
        grouped.push('.');
        grouped.push_str(decimals);
    }
    if negative {
        grouped.insert(0, '-');
    }
    grouped
}

/// Grid marks for the chart's time axis: the timeline's minor ticks (with the
/// step length as their "size"), so the chart's dates fall on the same days,
/// months or years as the axis above.
pub(crate) fn time_marks(
    transform: &TimeTransform,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<(f64, f64, String)> {
    let Some(step) = choose_step(transform, measure) else {
        return Vec::new();
    };
    let step_days = step.min_gap_days();
    ticks_of_step(step, transform, measure)
        .into_iter()
        .filter(|tick| tick.tier == Tier::Minor)
        .map(|tick| (tick.time, step_days, tick.label))
        .collect()
}

/// Round values for the chart's value gridlines: multiples of 1, 2, 2.5 or
/// 5 × a power of ten, at most about `max_count` of them from `min` to `max`.
/// 2.5 only from 25 up, so that counts of people stay whole.
pub(crate) fn value_marks(min: f64, max: f64, max_count: f64) -> Vec<f64> {
    let span = max - min;
    if !(span.is_finite() && span > 0.0 && max_count >= 1.0) {
        return Vec::new();
    }
    let raw = span / max_count;
    let magnitude = 10f64.powf(raw.log10().floor());
    let Some(step) = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .filter(|&m| m != 2.5 || magnitude >= 10.0)
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
    else {
        return Vec::new();
    };
    let first = (min / step).ceil() as i64;
    let last = (max / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// Where a label of `width` centred on `x` goes so it stays whole between
/// `left` and `right`: its left edge, or `None` when it cannot fit at all.
pub(crate) fn label_left_within(x: f32, width: f32, left: f32, right: f32) -> Option<f32> {
    if width > right - left {
        return None;
    }
    Some((x - 0.5 * width).clamp(left, right - width))
}

/// A source named for people: its publisher (else its title without commit
/// hashes), and its date when known: "UNHCR, 17 May 2013". Everything that
/// names a source in the figures (the chart's tooltips, the table) says this.
pub fn source_label(source: &Source) -> String {
    let name = source_name(source);
    match source.date {
        Some(date) => format!("{name}, {}", short_date(date)),
        None => name,
    }
}

/// A source's name without its date: the publisher, else the readable title.
pub(crate) fn source_name(source: &Source) -> String {
    match source.publisher.as_deref().map(str::trim) {
        Some(publisher) if !publisher.is_empty() => publisher.to_owned(),
        _ => source_title(source),
    }
}

/// A source's title as people read it: a version-control reference in it
/// ("(commit 0c16a6d…)", a bare 40-digit hash) is left out.
pub fn source_title(source: &Source) -> String {
    let title = source.title.as_str();
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    // Parenthesised parts holding a hash go with their parentheses.
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let inside = &rest[open + 1..close];
        if !inside.split_whitespace().any(is_hash) {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    let words: Vec<&str> = out.split_whitespace().filter(|w| !is_hash(w)).collect();
    let cleaned = words
        .join(" ")
        .trim_end_matches([',', ';', ':'])
        .replace(" ,", ",")
        .trim()
        .to_owned();
    if cleaned.is_empty() {
        source.id.clone()
    } else {
        cleaned
    }
}

/// A commit hash: seven to forty hexadecimal digits with at least one digit
/// and one letter (so neither "2016" nor "facade" is one).
fn is_hash(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    (7..=40).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_hexdigit())
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().any(|c| c.is_ascii_alphabetic())
}

/// A source named in a narrow column: its publisher ("UNHCR"; a long
/// publisher by the abbreviation it gives in brackets: "IDMC" for "Internal
/// Displacement Monitoring Centre (IDMC)"), else its web address's host
/// ("unhcr.org"), else its title's first words. The full reference goes on
/// hover.
pub fn source_short_label(source: &Source) -> String {
    if let Some(publisher) = source.publisher.as_deref().map(str::trim)
        && !publisher.is_empty()
    {
        let abbreviation = publisher
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once('('))
            .map(|(_, inner)| inner.trim())
            .filter(|inner| !inner.is_empty() && !inner.contains(' '));
        return match abbreviation {
            Some(short) if publisher.chars().count() > LONG_PUBLISHER_CHARS => short.to_owned(),
            _ => publisher.to_owned(),
        };
    }
    let host = source
        .url
        .as_deref()
        .and_then(crate::model::web_link)
        .and_then(|url| url.split_once("://"))
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest))
        .map(|host| host.strip_prefix("www.").unwrap_or(host))
        .filter(|host| !host.is_empty());
    match host {
        Some(host) => host.to_owned(),
        None => leading_words(&source_title(source), SHORT_TITLE_CHARS),
    }
}

/// The first words of `text` that fit in `max_chars` characters, with "…"
/// when words were left out; a first word too long is cut.
fn leading_words(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut kept = String::new();
    for word in text.split_whitespace() {
        let needed = kept.chars().count() + usize::from(!kept.is_empty()) + word.chars().count();
        if needed > max_chars {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    if kept.is_empty() {
        kept = text.chars().take(max_chars).collect();
    }
    let kept = kept
        .trim_end_matches([',', ':', ';', '.', '–', '-'])
        .trim_end();
    format!("{kept}…")
}

/// A title standing for its source is cut to its first words within this
/// many characters.
const SHORT_TITLE_CHARS: usize = 24;

/// A publisher longer than this many characters is named by the
/// abbreviation it gives in brackets, when it gives one.
const LONG_PUBLISHER_CHARS: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_get_short_labels() {
        let source = |publisher: Option<&str>, url: Option<&str>| Source {
            id: "s".into(),
            title: "A long headline".into(),
            publisher: publisher.map(Into::into),
            date: None,
            url: url.map(Into::into),
        };
        assert_eq!(source_short_label(&source(Some("UNHCR"), None)), "UNHCR");
        assert_eq!(
            source_short_label(&source(
                Some("Internal Displacement Monitoring Centre (IDMC)"),
                None
            )),
            "IDMC"
        );
        assert_eq!(
            source_short_label(&source(Some("ReliefWeb (OCHA)"), None)),
            "ReliefWeb (OCHA)"
        );
        assert_eq!(
            source_short_label(&source(None, Some("https://www.unhcr.org/x/y.html?z"))),
            "unhcr.org"
        );
        assert_eq!(
            source_short_label(&source(Some(" "), Some("file:///etc/passwd"))),
            "A long headline"
        );
        let mut untitled = source(None, None);
        untitled.title = "13.5m Syrians need aid, protection: UN (agency news item)".into();
        assert_eq!(source_short_label(&untitled), "13.5m Syrians need aid…");
        untitled.title = "Averyveryveryverylongwordindeedyes".into();
        assert_eq!(source_short_label(&untitled), "Averyveryveryverylongwor…");
    }

    #[test]
    fn compact_values_read_like_speech() {
        assert_eq!(format_compact(4_400_000.0), "4.4 M");
        assert_eq!(format_compact(4_873_236.0), "4.9 M");
        assert_eq!(format_compact(650_000.0), "650 k");
        assert_eq!(format_compact(19_931.0), "19.9 k");
        assert_eq!(format_compact(33_000.0), "33 k");
        assert_eq!(format_compact(6_000_000.0), "6 M");
        assert_eq!(format_compact(812.0), "812");
        assert_eq!(format_compact(0.0), "0");
        assert_eq!(format_compact(13_500_000.0), "13.5 M");
        assert_eq!(format_compact(2_500_000_000.0), "2.5 B");
        assert_eq!(format_with_unit(4_400_000.0, "people"), "4.4 M people");
    }

    #[test]
    fn exact_values_group_thousands() {
        assert_eq!(format_exact(4_873_236.0), "4,873,236");
        assert_eq!(format_exact(600.0), "600");
        assert_eq!(format_exact(1_000.0), "1,000");
        assert_eq!(format_exact(4_000_000.5), "4,000,000.5");
        assert_eq!(format_exact(0.0), "0");
        assert_eq!(format_exact(4.9996), "5");
        assert_eq!(format_exact(4.0004), "4");
        assert_eq!(format_exact(1234.25), "1,234.25");
        assert_eq!(format_compact(999_950.0), "1 M");
        assert_eq!(format_compact(999.7), "1 k");
    }

    #[test]
    fn value_marks_are_round_and_within_the_range() {
        assert_eq!(value_marks(0.0, 6_800_000.0, 4.0), [0.0, 2e6, 4e6, 6e6]);
        assert_eq!(
            value_marks(0.0, 100.0, 5.0),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(value_marks(-3.0, 3.0, 3.0), [-2.0, 0.0, 2.0]);
        assert!(value_marks(5.0, 5.0, 4.0).is_empty());
        // A low chart: four lines rather than two.
        assert_eq!(
            value_marks(-400_000.0, 8_200_000.0, 3.75),
            [0.0, 2.5e6, 5e6, 7.5e6]
        );
        // Small counts stay whole.
        assert_eq!(value_marks(0.0, 9.0, 4.0), [0.0, 5.0]);
        assert!(value_marks(0.0, f64::NAN, 4.0).is_empty());
        assert!(value_marks(0.0, 1.0, 0.0).is_empty());
    }

    #[test]
    fn a_label_by_an_edge_moves_inside_whole() {
        // Centred where there is room.
        assert_eq!(label_left_within(100.0, 40.0, 0.0, 300.0), Some(80.0));
        // Pushed in from either edge, never cut.
        assert_eq!(label_left_within(5.0, 40.0, 0.0, 300.0), Some(0.0));
        assert_eq!(label_left_within(298.0, 40.0, 0.0, 300.0), Some(260.0));
        assert_eq!(label_left_within(10.0, 400.0, 0.0, 300.0), None);
    }

    fn source(title: &str, publisher: Option<&str>, date: Option<&str>) -> Source {
        Source {
            id: "some-source".to_owned(),
            title: title.to_owned(),
            publisher: publisher.map(str::to_owned),
            date: date.map(|d| crate::model::Date::parse(d).unwrap()),
            url: None,
        }
    }

    #[test]
    fn sources_are_named_for_people_without_commit_hashes() {
        let package = source(
            "UNHCR Refugee Data Finder statistics package PopulationStatistics/refugees, \
             data/population.rda (commit 0c16a6d0c2f37d8578f9b9e3d1e4459efe850398)",
            None,
            None,
        );
        assert_eq!(
            source_label(&package),
            "UNHCR Refugee Data Finder statistics package PopulationStatistics/refugees, \
             data/population.rda"
        );
        let bare = source("Snapshot 1a2b3c4d5e6f of the table", None, None);
        assert_eq!(source_title(&bare), "Snapshot of the table");
        // Years, words of hex letters and parentheses without a hash stay.
        let plain = source("Briefing (Geneva, 2016): a decade of facade", None, None);
        assert_eq!(
            source_title(&plain),
            "Briefing (Geneva, 2016): a decade of facade"
        );
        // The publisher names it, with the date when known.
        let dated = source(
            "Syria refugee numbers cross 1.5 million (commit 0c16a6d)",
            Some("UNHCR"),
            Some("2013-05-17"),
        );
        assert_eq!(source_label(&dated), "UNHCR, 17 May 2013");
        assert_eq!(source_name(&dated), "UNHCR");
        // A title that is nothing but a hash falls back to the id.
        assert_eq!(
            source_label(&source("0c16a6d0c2f3", None, None)),
            "some-source"
        );
    }
}
