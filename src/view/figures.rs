//! Numbers and dates for the figures chart: values as people read them
//! ("4.4 M", "650 k"), exact values ("4,873,236"), and the chart's x axis
//! marks, which come from the timeline's own tick ladder so both axes agree;
//! and sources named short enough for a table's column.

use super::ticks::{TickStep, Tier, choose_step, ticks};
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
    let step_days =
        choose_step(transform.days_per_px(), measure).map_or(365.0, TickStep::min_gap_days);
    ticks(transform, measure)
        .into_iter()
        .filter(|tick| tick.tier == Tier::Minor)
        .map(|tick| (tick.time, step_days, tick.label))
        .collect()
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
        None => leading_words(&source.title, SHORT_TITLE_CHARS),
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
}
