//! Writing a dataset back out as RON, in the single-file form.
//!
//! The output is what a person would write: `Dataset( … )` with optional
//! fields left out when empty and written plainly when present (the
//! `implicit_some` extension, declared at the top so other RON readers
//! understand it too). It loads back to an equal dataset.

use serde::Serialize;

use crate::model::{Dataset, DateRange, Era, Event, FORMAT_VERSION, Lane, Quote, Series, Source};

#[derive(Serialize)]
#[serde(rename = "Dataset")]
struct DatasetOut<'a> {
    format: i64,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    view: Option<DateRange>,
    lanes: &'a [Lane],
    #[serde(skip_serializing_if = "<[Era]>::is_empty")]
    eras: &'a [Era],
    sources: &'a [Source],
    #[serde(skip_serializing_if = "<[Event]>::is_empty")]
    events: &'a [Event],
    #[serde(skip_serializing_if = "<[Quote]>::is_empty")]
    quotes: &'a [Quote],
    #[serde(skip_serializing_if = "<[Series]>::is_empty")]
    displacement: &'a [Series],
}

/// The dataset as one `.ron` file.
pub fn to_single_file_ron(dataset: &Dataset) -> Result<String, ron::Error> {
    let out = DatasetOut {
        format: FORMAT_VERSION,
        title: &dataset.title,
        description: dataset.description.as_deref(),
        view: dataset.view,
        lanes: &dataset.lanes,
        eras: &dataset.eras,
        sources: &dataset.sources,
        events: &dataset.events,
        quotes: &dataset.quotes,
        displacement: &dataset.displacement,
    };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("    ")
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let body = ron::Options::default().to_string_pretty(&out, config)?;
    // Name the top struct, as the format shows it; the items stay unnamed.
    // It opens on the first line that is not an `#![…]` attribute.
    let mut named = String::with_capacity(body.len() + 8);
    let mut done = false;
    for line in body.split_inclusive('\n') {
        if !done && line.starts_with('(') {
            named.push_str("Dataset");
            done = true;
        }
        named.push_str(line);
    }
    if !named.ends_with('\n') {
        named.push('\n');
    }
    Ok(named)
}
