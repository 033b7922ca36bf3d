//! The Quotes panel: every quote as a card, sorted and filtered, linked both
//! ways with the timeline, and copyable with its attribution.
//!
//! Only the cards in and near the scrolled-to part of the list are laid out
//! each frame; the others take the height they had when last shown (or a
//! typical card's height), so a dataset with thousands of quotes costs a
//! frame what a screenful does.

use eframe::egui::{self, RichText, Stroke};

use super::{Command, TimelineApp};
use crate::view::{
    ListedQuote, QuoteQuery, QuoteSort, citation, list_quotes, quote_in_view, speakers,
};

/// The panel's own state.
#[derive(Debug, Default)]
pub(super) struct QuotesPanel {
    pub sort: QuoteSort,
    pub speaker: Option<String>,
    pub text: String,
    pub only_in_view: bool,
    /// Per quote, the height of its card when last laid out (0: not yet).
    pub card_heights: Vec<f32>,
    /// The last list and what it was made for: listed again only when the
    /// data, the filters, the search or the selection change (or, with
    /// "only in view", the view).
    listed: Option<(ListKey, Vec<ListedQuote>)>,
}

/// What the listed quotes depend on.
#[derive(Clone, Debug, PartialEq)]
struct ListKey {
    data_version: u64,
    sort: QuoteSort,
    speaker: Option<String>,
    text: String,
    search: String,
    selected: Option<String>,
    /// The view, only when it filters.
    view: Option<(f64, f64)>,
}

/// The height assumed for a card not laid out yet.
const TYPICAL_CARD: f32 = 120.0;
/// Space between cards.
const CARD_GAP: f32 = 4.0;

pub(super) fn quotes_ui(app: &mut TimelineApp, ui: &mut egui::Ui) {
    if app.dataset.quotes.is_empty() {
        ui.label(RichText::new("This dataset has no quotes.").weak());
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Sort");
        ui.selectable_value(&mut app.quotes_panel.sort, QuoteSort::Date, "by date");
        ui.selectable_value(&mut app.quotes_panel.sort, QuoteSort::Speaker, "by speaker");
    });
    ui.horizontal(|ui| {
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut app.quotes_panel.text)
                .hint_text("words in a quote")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let current = app
            .quotes_panel
            .speaker
            .clone()
            .unwrap_or_else(|| "All speakers".to_owned());
        let label = ui.label("Speaker");
        egui::ComboBox::from_id_salt("quote-speaker")
            .selected_text(current)
            .width(190.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut app.quotes_panel.speaker,
                    None,
                    format!("All speakers ({})", app.dataset.quotes.len()),
                );
                for (speaker, count) in speakers(&app.dataset) {
                    ui.selectable_value(
                        &mut app.quotes_panel.speaker,
                        Some(speaker.clone()),
                        format!("{speaker} ({count})"),
                    );
                }
            })
            .response
            .labelled_by(label.id);
        ui.checkbox(&mut app.quotes_panel.only_in_view, "only in view");
    });
    ui.separator();

    let selected_id = app.selected_event().map(|event| event.id.clone());
    let view = app.view;
    let spans = &app.index.spans;
    let events_of_quote = &app.events_of_quote;
    let in_view = |quote: usize| {
        let events = events_of_quote.get(quote).map_or(&[][..], Vec::as_slice);
        let spans = events
            .iter()
            .filter_map(|&event| spans.get(event as usize).copied());
        app.dataset
            .quotes
            .get(quote)
            .is_some_and(|quote| quote_in_view(quote, spans, (view.start, view.end)))
    };
    let key = ListKey {
        data_version: app.data_version,
        sort: app.quotes_panel.sort,
        speaker: app.quotes_panel.speaker.clone(),
        text: app.quotes_panel.text.clone(),
        search: app.search.query.clone(),
        selected: selected_id.clone(),
        view: app
            .quotes_panel
            .only_in_view
            .then_some((view.start, view.end)),
    };
    let listed = match &app.quotes_panel.listed {
        Some((cached, listed)) if *cached == key => listed.clone(),
        _ => {
            let listed = list_quotes(
                &app.dataset,
                &QuoteQuery {
                    sort: key.sort,
                    speaker: key.speaker.as_deref(),
                    text: &key.text,
                    search: &key.search,
                    quote_text: Some(&app.quote_text),
                    selected_event: key.selected.as_deref(),
                    view: key.view,
                    only_in_view: app.quotes_panel.only_in_view,
                    quote_in_view: Some(&in_view),
                },
            );
            app.quotes_panel.listed = Some((key, listed.clone()));
            listed
        }
    };
    app.quote_order = listed.iter().map(|q| q.index).collect();
    if listed.is_empty() {
        ui.label(RichText::new("No quote matches.").weak());
        return;
    }
    let mut commands = Vec::new();
    let mut hovered_quote = None;
    let mut heights = std::mem::take(&mut app.quotes_panel.card_heights);
    heights.resize(app.dataset.quotes.len(), 0.0);
    let height_of = |heights: &[f32], quote: usize| {
        heights
            .get(quote)
            .copied()
            .filter(|h| *h > 0.0)
            .unwrap_or(TYPICAL_CARD)
            + CARD_GAP
    };
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show_viewport(ui, |ui, viewport| {
            // Cards within a screenful of the visible part are laid out, so
            // scrolling a little never shows a gap.
            let margin = viewport.height();
            let (shown_top, shown_bottom) = (viewport.top() - margin, viewport.bottom() + margin);
            let mut y = 0.0;
            let mut skipped = 0.0;
            for item in &listed {
                let height = height_of(&heights, item.index);
                if y + height < shown_top || y > shown_bottom {
                    y += height;
                    skipped += height;
                    continue;
                }
                if skipped > 0.0 {
                    ui.add_space(skipped);
                    skipped = 0.0;
                }
                let top = ui.cursor().top();
                let quote = &app.dataset.quotes[item.index];
                let mut frame = egui::Frame::group(ui.style());
                if item.linked_to_selection {
                    frame = frame.stroke(Stroke::new(2.0, ui.visuals().selection.bg_fill));
                }
                let card = frame.show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let text = ui
                        .add(
                            egui::Label::new(
                                RichText::new(format!("“{}”", quote.text.trim()))
                                    .italics()
                                    .size(14.0),
                            )
                            .sense(egui::Sense::click()),
                        )
                        .on_hover_text("Show on the timeline");
                    if text.clicked() {
                        commands.push(Command::FocusQuote(item.index));
                    }
                    let mut who = quote.speaker.clone();
                    if let Some(role) = &quote.role {
                        who.push_str(&format!(", {role}"));
                    }
                    ui.label(RichText::new(who).strong());
                    let mut when = quote.date.to_string();
                    if quote.approximate {
                        when.push_str(" (approximate)");
                    }
                    // Marked per drawn card: the list itself is not redone
                    // while the view moves.
                    if !in_view(item.index) {
                        when.push_str(" · not in view");
                    }
                    ui.label(RichText::new(when).weak());
                    if let Some(source) = app.source(&quote.source) {
                        super::details::source_link_ui(
                            ui,
                            RichText::new(&source.title).small(),
                            source.url.as_deref(),
                        );
                    }
                    ui.horizontal_wrapped(|ui| {
                        for &event in &app.events_of_quote[item.index] {
                            let title = &app.dataset.events[event as usize].title;
                            let chip = ui.small_button(truncate(title, 38)).on_hover_text(title);
                            if chip.clicked() {
                                commands.push(Command::SelectAndCenter(event));
                            }
                        }
                        if ui
                            .small_button("Copy")
                            .on_hover_text("Copy the quote with its attribution")
                            .clicked()
                        {
                            ui.ctx().copy_text(citation(&app.dataset, quote));
                        }
                    });
                });
                if card.response.contains_pointer() {
                    hovered_quote = Some(item.index);
                }
                ui.add_space(CARD_GAP);
                let measured = (ui.cursor().top() - top - CARD_GAP).max(1.0);
                if let Some(slot) = heights.get_mut(item.index) {
                    *slot = measured;
                }
                y += measured + CARD_GAP;
            }
            if skipped > 0.0 {
                ui.add_space(skipped);
            }
        });
    app.quotes_panel.card_heights = heights;
    app.hovered_quote = hovered_quote;
    app.pending.extend(commands);
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max_chars - 1).collect();
    short.push('…');
    short
}
