//! The Quotes panel: every quote as a card, sorted and filtered, linked both
//! ways with the timeline, and copyable with its attribution.
//!
//! Only the cards in and near the scrolled-to part of the list are laid out
//! each frame; the others take the height they had when last shown (or a
//! typical card's height), so a dataset with thousands of quotes costs a
//! frame what a screenful does.

use eframe::egui::{self, RichText, Stroke};

use super::Panel;
use crate::render::theme;
use crate::render::theme::ui::{forms, quotes as style};
use crate::ui::Command;
use crate::ui::frame::{FrameContext, FrameOutput};
use crate::view::{
    ListedQuote, QuoteQuery, QuoteSort, citation, list_quotes, quote_in_view, speakers,
};

/// How the quotes are sorted and filtered: what a reload keeps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::ui) struct QuoteFilters {
    pub sort: QuoteSort,
    pub speaker: Option<String>,
    pub text: String,
    pub only_in_view: bool,
}

/// The panel's own state.
#[derive(Debug, Default)]
pub(in crate::ui) struct QuotesPanel {
    pub filters: QuoteFilters,
    /// Per quote, the height of its card when last laid out (0: not yet).
    card_heights: Vec<f32>,
    /// The last list and what it was made for: listed again only when the
    /// data, the filters, the search or the selection change (or, with
    /// "only in view", the view).
    listed: Option<(ListKey, Vec<ListedQuote>)>,
    /// The listed quotes' indices, in order.
    order: Vec<usize>,
}

impl QuotesPanel {
    /// The quotes in the order the panel lists them.
    pub fn order(&self) -> &[usize] {
        &self.order
    }
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
    /// The selected event's layer: ids repeat across layers.
    selected_layer: Option<usize>,
    /// The view, only when it filters.
    view: Option<(f64, f64)>,
}

/// The height assumed for a card not laid out yet.
const TYPICAL_CARD: f32 = 120.0;

impl Panel for QuotesPanel {
    fn draw(&mut self, ui: &mut egui::Ui, frame: &FrameContext<'_>, out: &mut FrameOutput) {
        puffin::profile_function!();
        let panel = self;
        let dataset = frame.dataset();
        if dataset.quotes.is_empty() {
            ui.label(RichText::new("This dataset has no quotes.").weak());
            return;
        }
        ui.horizontal(|ui| {
            ui.label("Sort");
            let sort = &mut panel.filters.sort;
            ui.selectable_value(sort, QuoteSort::Date, "by date");
            ui.selectable_value(sort, QuoteSort::Speaker, "by speaker");
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut panel.filters.text)
                    .hint_text("words in a quote")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let current = panel
                .filters
                .speaker
                .clone()
                .unwrap_or_else(|| "All speakers".to_owned());
            let label = ui.label("Speaker");
            egui::ComboBox::from_id_salt("quote-speaker")
                .selected_text(current)
                .width(forms::SPEAKER_LIST_WIDTH)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut panel.filters.speaker,
                        None,
                        format!("All speakers ({})", dataset.quotes.len()),
                    );
                    for (speaker, count) in speakers(dataset) {
                        ui.selectable_value(
                            &mut panel.filters.speaker,
                            Some(speaker.clone()),
                            format!("{speaker} ({count})"),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            ui.checkbox(&mut panel.filters.only_in_view, "only in view");
        });
        ui.separator();

        let selected_id = frame
            .selected()
            .and_then(|e| dataset.event_at(e))
            .map(|event| event.id.to_string());
        let view = frame.view();
        let index = frame.index();
        let links = frame.links();
        let frame_layers = std::sync::Arc::clone(&frame.data.layers);
        // The library's rule, for the list and for each card's mark alike.
        let in_view = |quote: usize| {
            let spans = links
                .events_of(quote)
                .iter()
                .filter_map(|&event| index.span(event));
            dataset
                .quotes
                .get(quote)
                .is_some_and(|quote| quote_in_view(quote, spans, (view.start, view.end)))
        };
        let filters = &panel.filters;
        let key = ListKey {
            data_version: frame.state.version,
            sort: filters.sort,
            speaker: filters.speaker.clone(),
            text: filters.text.clone(),
            search: frame.state.search.query().to_owned(),
            selected: selected_id,
            selected_layer: frame.selected().and_then(|e| frame.data.layers.of_event(e)),
            view: filters.only_in_view.then_some((view.start, view.end)),
        };
        if panel
            .listed
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            let listed = list_quotes(
                dataset,
                &QuoteQuery {
                    sort: key.sort,
                    speaker: key.speaker.as_deref(),
                    text: &key.text,
                    search: &key.search,
                    quote_text: Some(&frame.data.quote_text),
                    selected_event: key.selected.as_deref(),
                    selected_layer_quotes: key
                        .selected_layer
                        .and_then(|layer| frame.data.layers.get(layer))
                        .filter(|_| frame.data.layers.is_layered())
                        .map(|layer| layer.quotes.clone()),
                    view: key.view,
                    only_in_view: filters.only_in_view,
                    quote_in_view: Some(&in_view),
                },
            );
            panel.order = listed.iter().map(|q| q.index).collect();
            panel.listed = Some((key, listed));
        }
        let listed: &[ListedQuote] = panel.listed.as_ref().map_or(&[], |(_, l)| l);
        if listed.is_empty() {
            ui.label(RichText::new("No quote matches.").weak());
            return;
        }
        let heights = &mut panel.card_heights;
        heights.resize(dataset.quotes.len(), 0.0);
        let height_of = |heights: &[f32], quote: usize| {
            heights
                .get(quote)
                .copied()
                .filter(|h| *h > 0.0)
                .unwrap_or(TYPICAL_CARD)
                + style::CARD_GAP
        };
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show_viewport(ui, |ui, viewport| {
                // Cards within a screenful of the visible part are laid out, so
                // scrolling a little never shows a gap.
                let margin = viewport.height();
                let (shown_top, shown_bottom) =
                    (viewport.top() - margin, viewport.bottom() + margin);
                let mut y = 0.0;
                let mut skipped = 0.0;
                for item in listed {
                    let height = height_of(heights, item.index);
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
                    let Some(quote) = dataset.quotes.get(item.index) else {
                        continue;
                    };
                    let mut frame = egui::Frame::group(ui.style());
                    if item.linked_to_selection {
                        frame = frame.stroke(Stroke::new(
                            style::SELECTED_STROKE,
                            theme::selection_mark(ui.visuals()),
                        ));
                    }
                    let card = frame.show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        let text = ui
                            .add(
                                egui::Label::new(
                                    RichText::new(format!("“{}”", quote.text.trim()))
                                        .italics()
                                        .size(style::QUOTE_SIZE),
                                )
                                .sense(egui::Sense::click()),
                            )
                            .on_hover_text("Show on the timeline");
                        if text.clicked() {
                            out.push(Command::FocusQuote(item.index));
                        }
                        ui.label(RichText::new(quote.speaker_and_role()).strong());
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
                        // With layers, the dataset the quote is from.
                        let layers = &frame_layers;
                        if layers.is_layered()
                            && let Some(layer) =
                                layers.of_quote(item.index).and_then(|at| layers.get(at))
                        {
                            ui.label(RichText::new(format!("From {}", layer.title)).weak());
                        }
                        if let Some(source) = links.source(dataset, &quote.source) {
                            super::details::source_link_ui(
                                ui,
                                RichText::new(&source.title).small(),
                                source.url.as_deref(),
                            );
                        }
                        ui.horizontal_wrapped(|ui| {
                            for &event in links.events_of(item.index) {
                                let Some(title) = dataset.event_at(event).map(|e| e.title.as_str())
                                else {
                                    continue;
                                };
                                let chip = ui
                                    .small_button(truncate(title, style::CHIP_MAX_CHARS))
                                    .on_hover_text(title);
                                if chip.clicked() {
                                    out.push(Command::SelectAndCenter(event));
                                }
                            }
                            if ui
                                .small_button("Copy")
                                .on_hover_text("Copy the quote with its attribution")
                                .clicked()
                            {
                                ui.ctx().copy_text(citation(dataset, quote));
                            }
                        });
                    });
                    if card.response.contains_pointer() {
                        out.reported.hovered_quote = Some(item.index);
                    }
                    ui.add_space(style::CARD_GAP);
                    let measured = (ui.cursor().top() - top - style::CARD_GAP).max(1.0);
                    if let Some(slot) = heights.get_mut(item.index) {
                        *slot = measured;
                    }
                    y += measured + style::CARD_GAP;
                }
                if skipped > 0.0 {
                    ui.add_space(skipped);
                }
            });
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max_chars - 1).collect();
    short.push('…');
    short
}
