//! A dataset's colours, parsed once: each lane's, series' and era's own
//! `#rrggbb` colour or, when it names none (or one that does not parse), a
//! colour of the theme's [`PALETTE`].
//!
//! Painting looks colours up here by index instead of parsing a string per
//! item per frame. Build it once per dataset, where the dataset is loaded
//! (the window) or drawn (an export), and hand it to the painters.

use eframe::egui::Color32;

use super::theme::PALETTE;
use crate::load::parse_hex_color;
use crate::model::Dataset;

/// The palette colour a series starts at: the first is the palette's
/// second, so that one series and one lane differ.
const SERIES_PALETTE_OFFSET: usize = 1;
/// The palette colour eras start at, apart from the first lanes'.
const ERA_PALETTE_OFFSET: usize = 3;

/// A dataset colour, or the palette's `fallback`-th colour.
pub fn color_or_palette(color: Option<&str>, fallback: usize) -> Color32 {
    color
        .and_then(parse_hex_color)
        .map_or(palette_color(fallback), |[r, g, b, a]| {
            Color32::from_rgba_unmultiplied(r, g, b, a)
        })
}

/// The palette's `n`-th colour, round and round.
fn palette_color(n: usize) -> Color32 {
    PALETTE[n % PALETTE.len()]
}

/// The colours of one dataset's lanes, series and eras, by index.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DatasetColors {
    lanes: Vec<Color32>,
    series: Vec<Color32>,
    eras: Vec<Color32>,
}

impl DatasetColors {
    /// Parses every colour of `dataset` once.
    pub fn new(dataset: &Dataset) -> Self {
        Self {
            lanes: dataset
                .lanes
                .iter()
                .enumerate()
                .map(|(i, lane)| color_or_palette(lane.color.as_deref(), i))
                .collect(),
            series: dataset
                .displacement
                .iter()
                .enumerate()
                .map(|(i, series)| {
                    color_or_palette(series.color.as_deref(), i + SERIES_PALETTE_OFFSET)
                })
                .collect(),
            eras: dataset
                .eras
                .iter()
                .enumerate()
                .map(|(i, era)| color_or_palette(era.color.as_deref(), i + ERA_PALETTE_OFFSET))
                .collect(),
        }
    }

    /// The colour of the lane at `lane` in `dataset.lanes`. An index past
    /// the dataset's lanes (a bug) gets the palette colour it would have.
    pub fn lane(&self, lane: usize) -> Color32 {
        self.lanes
            .get(lane)
            .copied()
            .unwrap_or_else(|| palette_color(lane))
    }

    /// The colour of the series at `series` in `dataset.displacement`.
    pub fn series(&self, series: usize) -> Color32 {
        self.series
            .get(series)
            .copied()
            .unwrap_or_else(|| palette_color(series + SERIES_PALETTE_OFFSET))
    }

    /// The colour of the era at `era` in `dataset.eras`.
    pub fn era(&self, era: usize) -> Color32 {
        self.eras
            .get(era)
            .copied()
            .unwrap_or_else(|| palette_color(era + ERA_PALETTE_OFFSET))
    }

    /// Per lane, its colour.
    #[cfg(test)]
    pub fn lanes(&self) -> &[Color32] {
        &self.lanes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Era, Lane};

    fn builtin() -> Dataset {
        crate::load::load_builtin()
            .expect("the built-in dataset loads")
            .dataset
    }

    #[test]
    fn every_colour_of_the_built_in_dataset_is_what_parsing_it_gives() {
        let dataset = builtin();
        let colors = DatasetColors::new(&dataset);
        assert_eq!(colors.lanes().len(), dataset.lanes.len());
        for (i, lane) in dataset.lanes.iter().enumerate() {
            assert_eq!(colors.lane(i), color_or_palette(lane.color.as_deref(), i));
        }
        assert!(!dataset.displacement.is_empty());
        for (i, series) in dataset.displacement.iter().enumerate() {
            assert_eq!(
                colors.series(i),
                color_or_palette(series.color.as_deref(), i + 1)
            );
        }
        assert!(!dataset.eras.is_empty());
        for (i, era) in dataset.eras.iter().enumerate() {
            assert_eq!(colors.era(i), color_or_palette(era.color.as_deref(), i + 3));
        }
    }

    #[test]
    fn missing_and_invalid_colours_fall_back_to_the_palette_by_position() {
        let mut dataset = builtin();
        let lane = |id: &str, color: Option<&str>| Lane {
            id: id.to_owned(),
            name: id.to_owned(),
            color: color.map(str::to_owned),
        };
        dataset.lanes = vec![
            lane("a", Some("#102030")),
            lane("b", None),
            lane("c", Some("not a colour")),
            lane("d", Some("#12345")),
            lane("e", Some("#10203040")),
        ];
        for (i, series) in dataset.displacement.iter_mut().enumerate() {
            series.color = (i == 0).then(|| "red".to_owned());
        }
        let colors = DatasetColors::new(&dataset);
        assert_eq!(colors.lane(0), Color32::from_rgb(0x10, 0x20, 0x30));
        assert_eq!(colors.lane(1), PALETTE[1]);
        assert_eq!(colors.lane(2), PALETTE[2]);
        assert_eq!(colors.lane(3), PALETTE[3]);
        assert_eq!(
            colors.lane(4),
            Color32::from_rgba_unmultiplied(0x10, 0x20, 0x30, 0x40)
        );
        assert_eq!(colors.series(0), PALETTE[1]);
        for (i, era) in dataset.eras.iter().enumerate() {
            if era.color.is_none() {
                assert_eq!(colors.era(i), PALETTE[(i + 3) % PALETTE.len()]);
            }
        }
    }

    #[test]
    fn the_palette_goes_round_and_an_index_past_the_dataset_gets_its_palette_colour() {
        let mut dataset = builtin();
        dataset.lanes = (0..10)
            .map(|i| Lane {
                id: format!("l{i}"),
                name: format!("Lane {i}"),
                color: None,
            })
            .collect();
        dataset.eras.truncate(1);
        let era: &mut Era = &mut dataset.eras[0];
        era.color = None;
        let colors = DatasetColors::new(&dataset);
        assert_eq!(colors.lane(8), PALETTE[0]);
        assert_eq!(colors.lane(9), PALETTE[1]);
        assert_eq!(colors.lane(12), color_or_palette(None, 12));
        assert_eq!(colors.series(50), color_or_palette(None, 51));
        assert_eq!(colors.era(0), PALETTE[3]);
        assert_eq!(colors.era(7), color_or_palette(None, 10));
    }
}
