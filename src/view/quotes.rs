//! Which quotes the Quotes panel lists, in what order, whether a quote is in
//! view, and how a quote is cited when copied.

use super::index::Span;
use super::search::{SearchQuery, SearchText};
use crate::model::{Dataset, Date, Quote};

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
    /// Text the quote (text, speaker, role or context) must contain, any
    /// case: the search rule of [`SearchText`].
    pub text: &'a str,
    /// The timeline's search, which filters quotes the same way.
    pub search: &'a str,
    /// The quotes' folded text ([`SearchText::for_quotes`]), prepared once
    /// per dataset; without it, it is prepared for this call.
    pub quote_text: Option<&'a SearchText>,
    /// The id of the selected event: its quotes come first.
    pub selected_event: Option<&'a str>,
    /// The quotes of the selected event's layer, when there are layers:
    /// only they name it (ids repeat across layers). `None`: every quote.
    pub selected_layer_quotes: Option<std::ops::Range<usize>>,
    /// The visible time range; with `only_in_view`, quotes outside it are left out.
    pub view: Option<(f64, f64)>,
    pub only_in_view: bool,
    /// A fast answer to "is this quote in view" from the caller's index,
    /// by [`quote_in_view`]; without it, events are looked up by id (linear
    /// in the dataset).
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

/// Whether a quote belongs in the visible range `view` (`start..end`): one
/// of its events overlaps it or, for a quote linked to no event, its own
/// date does. `event_spans` are the spans of the quote's events that exist.
pub fn quote_in_view(
    quote: &Quote,
    event_spans: impl IntoIterator<Item = Span>,
    (view_start, view_end): (f64, f64),
) -> bool {
    let overlaps = |span: Span| span.start < view_end && span.end > view_start;
    let mut spans = event_spans.into_iter().peekable();
    if spans.peek().is_none() {
        return overlaps(Span {
            start: quote.date.start_instant(),
            end: quote.date.end_instant(),
        });
    }
    spans.any(overlaps)
}

/// The quotes to list, in order: those of the selected event first, then
/// by date (then speaker) or by speaker (then date).
pub(crate) fn list_quotes(dataset: &Dataset, query: &QuoteQuery<'_>) -> Vec<ListedQuote> {
    let prepared;
    let quote_text = match query.quote_text {
        Some(text) => text,
        None => {
            prepared = SearchText::for_quotes(&dataset.quotes);
            &prepared
        }
    };
    let matching: Vec<_> = [query.text, query.search]
        .into_iter()
        .map(SearchQuery::new)
        .filter(|query| !query.is_empty())
        .map(|query| quote_text.search(&query))
        .collect();
    // Only the slow path (no `quote_in_view`) needs the end of the data.
    let data_end = std::cell::OnceCell::new();
    let data_end = || *data_end.get_or_init(|| dataset.time_span().map_or(0.0, |(_, end)| end));
    let slow_in_view = |quote: &Quote| {
        query.view.is_none_or(|view| {
            let spans = quote
                .events
                .iter()
                .filter_map(|id| dataset.event(id))
                .map(|event| Span {
                    start: event.start_instant(),
                    end: event.end_instant(data_end()),
                });
            quote_in_view(quote, spans, view)
        })
    };
    let mut listed: Vec<ListedQuote> = dataset
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, quote)| query.speaker.is_none_or(|speaker| quote.speaker == speaker))
        .filter(|(index, _)| matching.iter().all(|set| set.contains(*index)))
        .map(|(index, quote)| ListedQuote {
            index,
            linked_to_selection: query
                .selected_event
                .is_some_and(|event| quote.events.iter().any(|e| e == event))
                && query
                    .selected_layer_quotes
                    .as_ref()
                    .is_none_or(|quotes| quotes.contains(&index)),
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

/// A date the way citations write it: "12 Feb 2016", "Feb 2016", "2016",
/// "15 Mar 44 BCE", "27 Feb 2016, 00:00 (UTC+2)", "252 million years ago".
pub fn short_date(date: Date) -> String {
    date.short().to_string()
}

/// A quote with its attribution, as writers paste it:
/// `“That is ambitious.” — John Kerry, U.S. Secretary of State, 12 Feb 2016, SOURCE`.
pub(crate) fn citation(dataset: &Dataset, quote: &Quote) -> String {
    let mut text = format!("“{}” — {}", quote.text.trim(), quote.speaker_and_role());
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
                selected_layer_quotes: None,
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
    fn a_quote_is_in_view_by_its_events_or_else_by_its_date() {
        let dataset = builtin();
        let mut quote = dataset.quotes[0].clone();
        quote.date = Date::parse("2016-02").unwrap();
        let month = |text: &str| {
            let date = Date::parse(text).unwrap();
            (date.start_instant(), date.end_instant())
        };
        let span = |text: &str| {
            let (start, end) = month(text);
            Span { start, end }
        };
        // Linked to no event: its own date.
        assert!(quote_in_view(&quote, [], month("2016-02")));
        assert!(!quote_in_view(&quote, [], month("2016-03")));
        // Touching is not overlapping: ranges end before their end instant.
        assert!(!quote_in_view(&quote, [], month("2016-01")));
        // Linked to events: theirs, whatever its own date.
        assert!(!quote_in_view(&quote, [span("2015-06")], month("2016-02")));
        assert!(quote_in_view(&quote, [span("2015-06")], month("2015-06")));
        assert!(quote_in_view(
            &quote,
            [span("2015-06"), span("2016-05")],
            month("2016-05")
        ));
    }

    #[test]
    fn the_indexed_and_the_looked_up_in_view_agree() {
        let dataset = builtin();
        let index = crate::view::TimelineIndex::new(&dataset);
        let text = SearchText::for_quotes(&dataset.quotes);
        for name in ["2014", "2015-09", "2016-02", "2016-02-27", "2017-01"] {
            let date = Date::parse(name).unwrap();
            let view = (date.start_instant(), date.end_instant());
            let indexed = |quote: usize| {
                let quote = &dataset.quotes[quote];
                let spans = quote.events.iter().filter_map(|id| {
                    let position = dataset.events.iter().position(|e| &e.id == id)?;
                    index.spans.get(position).copied()
                });
                quote_in_view(quote, spans, view)
            };
            let looked_up = list_quotes(
                &dataset,
                &QuoteQuery {
                    view: Some(view),
                    ..QuoteQuery::default()
                },
            );
            let fast = list_quotes(
                &dataset,
                &QuoteQuery {
                    view: Some(view),
                    quote_text: Some(&text),
                    quote_in_view: Some(&indexed),
                    ..QuoteQuery::default()
                },
            );
            assert_eq!(looked_up, fast, "{name}");
            if name == "2016-02" {
                let in_view = looked_up.iter().filter(|q| q.in_view).count();
                assert!(in_view > 0 && in_view < looked_up.len(), "{in_view}");
            }
        }
    }

    #[test]
    fn the_filter_and_the_search_both_apply() {
        let dataset = builtin();
        let kerry = list_quotes(
            &dataset,
            &QuoteQuery {
                search: " KERRY ",
                ..QuoteQuery::default()
            },
        );
        let mentions_kerry = dataset
            .quotes
            .iter()
            .filter(|q| {
                [
                    Some(&q.text),
                    Some(&q.speaker),
                    q.role.as_ref(),
                    q.context.as_ref(),
                ]
                .into_iter()
                .flatten()
                .any(|field| field.to_lowercase().contains("kerry"))
            })
            .count();
        assert_eq!(kerry.len(), mentions_kerry);
        assert!(mentions_kerry > 8, "his 8 quotes and those that name him");
        let both = list_quotes(
            &dataset,
            &QuoteQuery {
                search: "kerry",
                text: "ambitious",
                ..QuoteQuery::default()
            },
        );
        assert_eq!(both.len(), 1);
        assert_eq!(dataset.quotes[both[0].index].text, "That is ambitious.");
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

    #[test]
    fn citations_and_figures_say_times_and_deep_time_in_words() {
        let mut dataset = builtin();
        let mut quote = dataset.quotes[0].clone();
        for (date, words) in [
            ("2016-02-27T00:00+02:00", ", 27 Feb 2016, 00:00 (UTC+2), "),
            ("2016-02-27T00:00:30Z", ", 27 Feb 2016, 00:00:30 (UTC), "),
            ("-0043-03-15", ", 15 Mar 44 BCE, "),
            ("-251902000", ", 252 million years ago, "),
        ] {
            quote.date = Date::parse(date).unwrap();
            let text = citation(&dataset, &quote);
            assert!(text.contains(words), "{text}");
        }
        // A figure's source dated to the minute.
        let source = &mut dataset.sources[0];
        source.date = Some(Date::parse("2016-02-27T00:00+02:00").unwrap());
        assert!(
            crate::view::source_label(source).ends_with(", 27 Feb 2016, 00:00 (UTC+2)"),
            "{}",
            crate::view::source_label(source)
        );
    }
}
