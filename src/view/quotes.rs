//! Which quotes the Quotes panel lists, in what order, and how a quote is
//! cited when copied.

use chrono::Datelike as _;

use crate::model::{Dataset, Date, Precision, Quote, SHORT_MONTH_NAMES};

/// How the quotes are sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum QuoteSort {
    #[default]
    Date,
    Speaker,
}

/// Whether the quote with this index belongs in the visible range.
pub(crate) type InView<'a> = &'a dyn Fn(usize) -> bool;

/// What the panel asks for.
#[derive(Clone, Default)]
pub(crate) struct QuoteQuery<'a> {
    pub sort: QuoteSort,
    /// Only this speaker's quotes.
    pub speaker: Option<&'a str>,
    /// Text the quote (text, speaker, role or context) must contain, any case.
    pub text: &'a str,
    /// The timeline's search, which filters quotes the same way.
    pub search: &'a str,
    /// The id of the selected event: its quotes come first.
    pub selected_event: Option<&'a str>,
    /// The visible time range; with `only_in_view`, quotes outside it are left out.
    pub view: Option<(f64, f64)>,
    pub only_in_view: bool,
    /// A fast answer to "is this quote in view" from the caller's index;
    /// without it, events are looked up by id (linear in the dataset).
    pub quote_in_view: Option<InView<'a>>,
}

impl std::fmt::Debug for QuoteQuery<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuoteQuery")
            .field("sort", &self.sort)
            .field("speaker", &self.speaker)
            .field("text", &self.text)
            .field("search", &self.search)
            .field("selected_event", &self.selected_event)
            .field("view", &self.view)
            .field("only_in_view", &self.only_in_view)
            .finish_non_exhaustive()
    }
}

/// One listed quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ListedQuote {
    pub index: usize,
    /// Linked to the selected event.
    pub linked_to_selection: bool,
    /// One of its events (or, for a quote linked to none, its date) is in
    /// the visible range.
    pub in_view: bool,
}

fn contains_folded(haystack: &str, needle_lower: &str) -> bool {
    haystack.to_lowercase().contains(needle_lower)
}

/// The quotes to list, in order: those of the selected event first, then
/// by date (then speaker) or by speaker (then date).
pub(crate) fn list_quotes(dataset: &Dataset, query: &QuoteQuery<'_>) -> Vec<ListedQuote> {
    let needles: Vec<String> = [query.text, query.search]
        .iter()
        .map(|text| text.trim().to_lowercase())
        .filter(|needle| !needle.is_empty())
        .collect();
    // Only the slow path (no `quote_in_view`) needs the end of the data.
    let data_end = std::cell::OnceCell::new();
    let data_end = || *data_end.get_or_init(|| dataset.time_span().map_or(0.0, |(_, end)| end));
    let overlaps = |start: f64, end: f64| {
        query
            .view
            .is_none_or(|(view_start, view_end)| start < view_end && end > view_start)
    };
    let slow_in_view = |quote: &Quote| {
        let mut linked = quote
            .events
            .iter()
            .filter_map(|id| dataset.event(id))
            .peekable();
        if linked.peek().is_none() {
            return overlaps(quote.date.start_instant(), quote.date.end_instant());
        }
        linked.any(|event| overlaps(event.start_instant(), event.end_instant(data_end())))
    };
    let mut listed: Vec<ListedQuote> = dataset
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, quote)| query.speaker.is_none_or(|speaker| quote.speaker == speaker))
        .filter(|(_, quote)| {
            needles.iter().all(|needle| {
                contains_folded(&quote.text, needle)
                    || contains_folded(&quote.speaker, needle)
                    || quote
                        .role
                        .as_deref()
                        .is_some_and(|role| contains_folded(role, needle))
                    || quote
                        .context
                        .as_deref()
                        .is_some_and(|context| contains_folded(context, needle))
            })
        })
        .map(|(index, quote)| ListedQuote {
            index,
            linked_to_selection: query
                .selected_event
                .is_some_and(|event| quote.events.iter().any(|e| e == event)),
            in_view: query
                .quote_in_view
                .map_or_else(|| slow_in_view(quote), |fast| fast(index)),
        })
        .filter(|listed| !query.only_in_view || listed.in_view || listed.linked_to_selection)
        .collect();
    let quotes = &dataset.quotes;
    listed.sort_by(|a, b| {
        let (qa, qb) = (&quotes[a.index], &quotes[b.index]);
        let by_date = qa.date.cmp(&qb.date);
        let by_speaker = qa.speaker.cmp(&qb.speaker);
        b.linked_to_selection
            .cmp(&a.linked_to_selection)
            .then(match query.sort {
                QuoteSort::Date => by_date.then(by_speaker),
                QuoteSort::Speaker => by_speaker.then(by_date),
            })
            .then(a.index.cmp(&b.index))
    });
    listed
}

/// Each speaker with their number of quotes, most quoted first.
pub fn speakers(dataset: &Dataset) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for quote in &dataset.quotes {
        *counts.entry(quote.speaker.as_str()).or_default() += 1;
    }
    let mut speakers: Vec<(String, usize)> =
        counts.into_iter().map(|(s, n)| (s.to_owned(), n)).collect();
    speakers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    speakers
}

/// A date the way citations write it: "12 Feb 2016", "Feb 2016", "2016".
pub fn short_date(date: Date) -> String {
    let first = date.first_day();
    let month = SHORT_MONTH_NAMES[first.month0() as usize];
    match date.precision() {
        Precision::Day => format!("{} {month} {}", first.day(), first.year()),
        Precision::Month => format!("{month} {}", first.year()),
        Precision::Year => first.year().to_string(),
    }
}

/// A quote with its attribution, as writers paste it:
/// `“That is ambitious.” — John Kerry, U.S. Secretary of State, 12 Feb 2016, SOURCE`.
pub(crate) fn citation(dataset: &Dataset, quote: &Quote) -> String {
    let mut text = format!("“{}” — {}", quote.text.trim(), quote.speaker);
    if let Some(role) = &quote.role {
        text.push_str(&format!(", {role}"));
    }
    text.push_str(&format!(", {}", short_date(quote.date)));
    if quote.approximate {
        text.push_str(" (approximate date)");
    }
    if let Some(source) = dataset.source(&quote.source) {
        text.push_str(&format!(", {}", source.title));
        if let Some(publisher) = &source.publisher {
            text.push_str(&format!(" ({publisher})"));
        }
        if let Some(url) = &source.url {
            text.push_str(&format!(", {url}"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_builtin;

    fn builtin() -> Dataset {
        load_builtin().unwrap().dataset
    }

    #[test]
    fn quotes_of_the_selected_event_come_first() {
        let dataset = builtin();
        let listed = list_quotes(
            &dataset,
            &QuoteQuery {
                selected_event: Some("kerry-lavrov-geneva-deal"),
                ..QuoteQuery::default()
            },
        );
        assert_eq!(listed.len(), dataset.quotes.len());
        let linked = listed.iter().take_while(|q| q.linked_to_selection).count();
        assert!(linked >= 1);
        for quote in &listed[..linked] {
            assert!(
                dataset.quotes[quote.index]
                    .events
                    .iter()
                    .any(|e| e == "kerry-lavrov-geneva-deal")
            );
        }
        // The rest stay in date order.
        let dates: Vec<Date> = listed[linked..]
            .iter()
            .map(|q| dataset.quotes[q.index].date)
            .collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn filters_by_speaker_text_and_view() {
        let dataset = builtin();
        let toner = list_quotes(
            &dataset,
            &QuoteQuery {
                speaker: Some("Mark Toner"),
                ..QuoteQuery::default()
            },
        );
        assert_eq!(toner.len(), 2);
        let pause = list_quotes(
            &dataset,
            &QuoteQuery {
                text: "PAUSE",
                ..QuoteQuery::default()
            },
        );
        assert_eq!(pause.len(), 1);
        let february = Date::parse("2016-02").unwrap();
        let in_view = list_quotes(
            &dataset,
            &QuoteQuery {
                view: Some((february.start_instant(), february.end_instant())),
                only_in_view: true,
                ..QuoteQuery::default()
            },
        );
        assert!(!in_view.is_empty() && in_view.iter().all(|q| q.in_view));
        assert!(in_view.len() < dataset.quotes.len());
        let by_speaker = list_quotes(
            &dataset,
            &QuoteQuery {
                sort: QuoteSort::Speaker,
                ..QuoteQuery::default()
            },
        );
        let names: Vec<&str> = by_speaker
            .iter()
            .map(|q| dataset.quotes[q.index].speaker.as_str())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn speakers_are_counted() {
        let speakers = speakers(&builtin());
        assert_eq!(speakers[0], ("John Kerry".to_owned(), 8));
        assert_eq!(speakers.len(), 4);
    }

    #[test]
    fn citations_carry_the_attribution() {
        let dataset = builtin();
        let quote = dataset
            .quotes
            .iter()
            .find(|q| q.text == "That is ambitious.")
            .unwrap();
        let text = citation(&dataset, quote);
        assert!(
            text.starts_with(
                "“That is ambitious.” — John Kerry, U.S. Secretary of State, 12 Feb 2016, "
            ),
            "{text}"
        );
    }
}
