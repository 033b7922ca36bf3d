//! Synthetic conflict event files in the layouts of UCDP GED and ACLED, for
//! benchmarks and tests of their importers: `generate --layout ged|acled`.
//!
//! One CSV file a run, written a row at a time (millions of rows take
//! seconds and little memory), the same bytes for the same options:
//!
//! - GED: the 49 columns of GED 24.1, one row per event of 1989–2024, all
//!   three types of violence, `date_prec` 1–5 with windows that fit each
//!   precision, deaths that add up to `best`, and the long cells real files
//!   have (`where_description`, `source_article`, `source_headline`): about
//!   a kilobyte a row, as in the global file;
//! - ACLED: the 31 columns of a current ACLED export, events of 2018–2025 of
//!   the six event types, `time_precision` 1–3, notes of realistic length
//!   (about 500 bytes a row), dates as `2024-01-31` or, if asked,
//!   `31 January 2024`.
//!
//! Countries are real ones (several, weighted like the real files, so that
//! filters by country have something to choose); every actor, place, source
//! and text is made up. Cells hold `NA` or nothing where real files do, and
//! texts have commas, quotes and semicolons, so the CSV quoting is
//! exercised.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use super::random::Rng;
use super::words::{ACTORS, CAUSES, NOUNS, PLACES, PUBLISHERS, REPORT_KINDS, VERBS};
use super::{GenerateError, MAX_EVENTS};
use crate::model::days_in_month;

/// The random stream of conflict rows.
const ROWS: u64 = 11;

/// The file layouts `generate` writes besides the RON dataset folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// UCDP GED 24.1's 49 columns.
    Ged,
    /// A current ACLED export's 31 columns.
    Acled,
}

/// How ACLED dates are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AcledDates {
    /// `2024-01-31`, as ACLED's API and recent exports write them.
    #[default]
    Iso,
    /// `31 January 2024`, as ACLED's older spreadsheet exports do.
    Written,
}

/// What to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictOptions {
    pub layout: Layout,
    /// Number of rows (events), 0 to [`MAX_EVENTS`].
    pub events: usize,
    /// The same seed (and options) give the same bytes.
    pub seed: u64,
    /// How an ACLED file writes its dates.
    pub acled_dates: AcledDates,
}

/// The GED 24.1 header: 49 columns.
pub const GED_COLUMNS: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

/// The header of a current ACLED export: 31 columns.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// A country: its name, ISO 3166 alpha-3 and numeric codes, Gleditsch–Ward
/// number, region, weight in the file, and first-level areas.
struct Country {
    name: &'static str,
    iso3: &'static str,
    iso: u32,
    gw: u32,
    region: &'static str,
    weight: usize,
    areas: [&'static str; 3],
}

const COUNTRIES: [Country; 10] = [
    Country {
        name: "Syria",
        iso3: "SYR",
        iso: 760,
        gw: 652,
        region: "Middle East",
        weight: 20,
        areas: [
            "Aleppo governorate",
            "Idlib governorate",
            "Homs governorate",
        ],
    },
    Country {
        name: "Iraq",
        iso3: "IRQ",
        iso: 368,
        gw: 645,
        region: "Middle East",
        weight: 12,
        areas: ["Ninawa province", "Al Anbar province", "Baghdad province"],
    },
    Country {
        name: "Afghanistan",
        iso3: "AFG",
        iso: 4,
        gw: 700,
        region: "Asia",
        weight: 16,
        areas: ["Helmand province", "Kandahar province", "Kunduz province"],
    },
    Country {
        name: "Somalia",
        iso3: "SOM",
        iso: 706,
        gw: 520,
        region: "Africa",
        weight: 6,
        areas: ["Banadir region", "Lower Shabelle region", "Bay region"],
    },
    Country {
        name: "Nigeria",
        iso3: "NGA",
        iso: 566,
        gw: 475,
        region: "Africa",
        weight: 7,
        areas: ["Borno state", "Zamfara state", "Kaduna state"],
    },
    Country {
        name: "Ukraine",
        iso3: "UKR",
        iso: 804,
        gw: 369,
        region: "Europe",
        weight: 9,
        areas: ["Donetsk oblast", "Luhansk oblast", "Kharkiv oblast"],
    },
    Country {
        name: "Yemen",
        iso3: "YEM",
        iso: 887,
        gw: 679,
        region: "Middle East",
        weight: 7,
        areas: [
            "Taizz governorate",
            "Marib governorate",
            "Al Hudaydah governorate",
        ],
    },
    Country {
        name: "Colombia",
        iso3: "COL",
        iso: 170,
        gw: 100,
        region: "Americas",
        weight: 5,
        areas: [
            "Cauca department",
            "Antioquia department",
            "Norte de Santander",
        ],
    },
    Country {
        name: "DR Congo (Zaire)",
        iso3: "COD",
        iso: 180,
        gw: 490,
        region: "Africa",
        weight: 8,
        areas: ["Nord-Kivu province", "Ituri province", "Sud-Kivu province"],
    },
    Country {
        name: "Mali",
        iso3: "MLI",
        iso: 466,
        gw: 432,
        region: "Africa",
        weight: 5,
        areas: ["Mopti region", "Gao region", "Timbuktu region"],
    },
];

/// The country weights, in [`COUNTRIES`]' order.
fn country_weights() -> Vec<usize> {
    COUNTRIES.iter().map(|country| country.weight).collect()
}

/// Writes the file the options describe to `path`, replacing it whole (a
/// temporary file beside it, synced and renamed over it), and returns its
/// size. A file that would be over `limit` bytes is refused and `path` is
/// left as it was.
pub fn write_conflict_file(
    options: &ConflictOptions,
    path: &Path,
    limit: u64,
) -> Result<u64, ConflictWriteError> {
    if options.events > MAX_EVENTS {
        return Err(GenerateError::TooManyEvents(options.events).into());
    }
    let mut written = 0u64;
    crate::replace::replace_file(path, |file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        written = write_rows(options, &mut out, limit)?;
        out.flush()
    })
    .map_err(|source| {
        if source.kind() == std::io::ErrorKind::FileTooLarge {
            ConflictWriteError::TooLarge {
                path: path.to_owned(),
                limit,
            }
        } else {
            ConflictWriteError::Io {
                path: path.to_owned(),
                source,
            }
        }
    })?;
    Ok(written)
}

/// Why a conflict file was not written; the path is as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConflictWriteError {
    #[error(transparent)]
    Options(#[from] GenerateError),
    #[error(
        "{} would be over the {} a conflict event file may have when it is loaded; nothing was \
         written (to raise the limit, set CONFLICT_TIMELINE_MAX_FILE_BYTES, e.g. 8G)",
        .path.display(),
        crate::load::human_size(*.limit)
    )]
    TooLarge {
        path: std::path::PathBuf,
        limit: u64,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the header and the rows into `out`, a row at a time; the bytes
/// written. Stops with [`std::io::ErrorKind::FileTooLarge`] past `limit`.
pub fn write_rows(
    options: &ConflictOptions,
    out: &mut dyn std::io::Write,
    limit: u64,
) -> std::io::Result<u64> {
    let mut rng = Rng::new(options.seed, ROWS);
    let weights = country_weights();
    let mut row = String::with_capacity(4096);
    let columns: &[&str] = match options.layout {
        Layout::Ged => &GED_COLUMNS,
        Layout::Acled => &ACLED_COLUMNS,
    };
    row.push_str(&columns.join(","));
    row.push('\n');
    let mut written = 0u64;
    // ACLED numbers events per country.
    let mut per_country = [0u64; COUNTRIES.len()];
    let mut next_id = 1u64;
    for _ in 0..options.events {
        let country = rng.weighted(&weights);
        match options.layout {
            Layout::Ged => {
                ged_row(&mut row, &mut rng, next_id, &COUNTRIES[country]);
                // Ids have gaps, as releases drop events.
                next_id += 1 + rng.below(3) as u64;
            }
            Layout::Acled => {
                per_country[country] += 1;
                acled_row(
                    &mut row,
                    &mut rng,
                    per_country[country],
                    &COUNTRIES[country],
                    options.acled_dates,
                );
            }
        }
        if row.len() >= 1 << 16 {
            written = flush(out, &mut row, written, limit)?;
        }
    }
    flush(out, &mut row, written, limit)
}

fn flush(
    out: &mut dyn std::io::Write,
    chunk: &mut String,
    written: u64,
    limit: u64,
) -> std::io::Result<u64> {
    let written = written + chunk.len() as u64;
    if written > limit {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    out.write_all(chunk.as_bytes())?;
    chunk.clear();
    Ok(written)
}

/// A cell: quoted when it has a comma, quote or line break, quotes doubled.
fn cell(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
    out.push(',');
}

/// A day as `(year, month, day)` plus `days` days.
fn add_days((mut year, mut month, mut day): (i32, u32, u32), days: u32) -> (i32, u32, u32) {
    day += days;
    while day > days_in_month(year, month) {
        day -= days_in_month(year, month);
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
    }
    (year, month, day)
}

/// A random day of a year.
fn day_in(rng: &mut Rng, year: i32) -> (i32, u32, u32) {
    let month = rng.between(1, 12) as u32;
    let day = rng.between(1, days_in_month(year, month) as usize) as u32;
    (year, month, day)
}

/// A made-up sentence or two of report text, with commas and quotes.
fn prose(out: &mut String, rng: &mut Rng, sentences: usize) {
    for index in 0..sentences {
        if index > 0 {
            out.push(' ');
        }
        let actor = rng.pick(&ACTORS);
        let verb = rng.pick(&VERBS);
        let place = rng.pick(&PLACES);
        let _ = write!(out, "{actor} {verb} {place}");
        match rng.below(5) {
            0 => {
                let _ = write!(
                    out,
                    ", according to \"{}\", after {}",
                    rng.pick(&PUBLISHERS),
                    rng.pick(&CAUSES)
                );
            }
            1 => {
                let _ = write!(out, "; the {} was {}", rng.pick(&NOUNS), rng.pick(&CAUSES));
            }
            2 => {
                let _ = write!(
                    out,
                    ", near the {} road, {} km from {}",
                    rng.pick(&PLACES),
                    rng.between(2, 80),
                    rng.pick(&PLACES)
                );
            }
            _ => {}
        }
        out.push('.');
    }
}

/// The armed groups a country's rows name besides its government.
const GROUPS: [&str; 8] = [
    "Front for Renewal",
    "Northern Liberation Army",
    "Movement of the Hills",
    "People's Defence Units",
    "Coast Brigades",
    "Sons of the Valley",
    "Popular Resistance Committees",
    "Eastern Shield",
];

fn ged_row(out: &mut String, rng: &mut Rng, id: u64, country: &Country) {
    let violence = rng.weighted(&[60, 15, 25]) + 1;
    // More events in recent years, as in the real file.
    let year = 1989 + (35.0 * rng.unit().sqrt()) as i32;
    let precision = rng.weighted(&[60, 10, 8, 12, 10]) + 1;
    let (start, end) = match precision {
        1 => {
            let day = day_in(rng, year);
            (day, day)
        }
        2 => {
            let day = day_in(rng, year);
            (day, add_days(day, rng.between(1, 5) as u32))
        }
        3 => {
            let day = day_in(rng, year);
            (day, add_days(day, 6))
        }
        4 => {
            let month = rng.between(1, 12) as u32;
            if rng.chance(500) {
                ((year, month, 1), (year, month, days_in_month(year, month)))
            } else {
                let day = (year, month, rng.between(1, 10) as u32);
                (day, add_days(day, rng.between(7, 18) as u32))
            }
        }
        _ => {
            if rng.chance(300) {
                ((year, 1, 1), (year, 12, 31))
            } else {
                let first = rng.between(1, 9) as u32;
                let last = first + rng.between(2, 3) as u32;
                ((year, first, 1), (year, last, days_in_month(year, last)))
            }
        }
    };
    let government = format!("Government of {}", country.name);
    let group = rng.pick(&GROUPS);
    let other = rng.pick(&GROUPS);
    let (side_a, side_b) = match violence {
        1 => (government.clone(), (*group).to_owned()),
        2 => ((*group).to_owned(), (*other).to_owned()),
        _ => ((*group).to_owned(), "Civilians".to_owned()),
    };
    let conflict = match violence {
        1 => format!("{}: Government", country.name),
        _ => format!("{side_a} - {side_b}"),
    };
    let dyad = format!("{side_a} - {side_b}");
    let area = rng.pick(&country.areas);
    let place = rng.pick(&PLACES);
    let deaths = [
        rng.below(12),
        rng.below(12),
        if violence == 3 {
            rng.between(1, 30)
        } else {
            rng.below(4)
        },
        rng.below(6),
    ];
    let best: usize = deaths.iter().sum();
    let low = best.saturating_sub(rng.below(3));
    let high = best + rng.below(8);
    let conflict_id = 200 + country.gw as usize * 3 + violence;
    let dyad_id = 400 + conflict_id;

    let mut buffer = String::with_capacity(1024);
    let mut text = |fill: &mut dyn FnMut(&mut String)| {
        buffer.clear();
        fill(&mut buffer);
        buffer.clone()
    };
    let where_description = text(&mut |s| {
        let _ = write!(s, "{place} village, {area}, ");
        let _ = write!(
            s,
            "{} km {} of {} town",
            rng.between(1, 40),
            rng.pick(&["north", "south", "east", "west"]),
            rng.pick(&PLACES)
        );
        if rng.chance(500) {
            s.push_str(" (reports differ: \"near the market\", or the checkpoint at the bridge)");
        }
    });
    let sources = rng.between(1, 4);
    let article = text(&mut |s| {
        for index in 0..sources {
            if index > 0 {
                s.push(';');
            }
            let _ = write!(
                s,
                "{},{}-{:02}-{:02},\"{} {} {}, {}\"",
                rng.pick(&PUBLISHERS),
                start.0,
                start.1,
                start.2,
                rng.pick(&ACTORS),
                rng.pick(&VERBS),
                rng.pick(&PLACES),
                rng.pick(&REPORT_KINDS)
            );
            if rng.chance(500) {
                let _ = write!(s, " Update {}", rng.between(1, 4));
            }
        }
    });
    let office = text(&mut |s| {
        for index in 0..sources {
            if index > 0 {
                s.push(';');
            }
            s.push_str(rng.pick::<&str>(&PUBLISHERS));
        }
    });
    let headline = text(&mut |s| {
        for index in 0..sources {
            if index > 0 {
                s.push(';');
            }
            let sentences = rng.between(1, 3);
            prose(s, rng, sentences);
        }
    });
    let original = text(&mut |s| {
        if rng.chance(700) {
            let _ = write!(
                s,
                "{};{}",
                rng.pick(&PUBLISHERS),
                rng.pick(&["Local residents", "Medical sources", "Activists", "Police"])
            );
        }
    });

    let latitude = 10.0 + rng.unit() * 30.0;
    let longitude = 20.0 + rng.unit() * 50.0;
    let _ = write!(
        out,
        "{id},{}-{}-{}.{},{year},{},{},{violence},",
        country.iso3,
        start.0,
        id % 997,
        rng.below(9),
        if rng.chance(900) { "TRUE" } else { "FALSE" },
        if rng.chance(950) {
            "Clear"
        } else {
            "Uncertain"
        },
    );
    let _ = write!(out, "{conflict_id},{conflict_id},");
    cell(out, &conflict);
    let _ = write!(out, "{dyad_id},{dyad_id},");
    cell(out, &dyad);
    let _ = write!(out, "{},{},", conflict_id + 1, conflict_id + 1);
    cell(out, &side_a);
    let _ = write!(out, "{},{},", conflict_id + 2, conflict_id + 2);
    cell(out, &side_b);
    let _ = write!(out, "{sources},");
    cell(out, &article);
    cell(out, &office);
    if rng.chance(900) {
        let _ = write!(out, "{}-{:02}-{:02} 00:00:00.000,", end.0, end.1, end.2);
    } else {
        out.push_str("NA,");
    }
    cell(out, &headline);
    cell(out, &original);
    let where_prec = rng.weighted(&[50, 25, 10, 8, 4, 2, 1]) + 1;
    let _ = write!(out, "{where_prec},");
    cell(out, &format!("{place} village"));
    cell(out, &where_description);
    cell(out, area);
    if rng.chance(600) {
        cell(out, &format!("{} district", rng.pick(&PLACES)));
    } else {
        out.push_str("NA,");
    }
    let _ = write!(
        out,
        "{latitude:.4},{longitude:.4},POINT ({longitude:.4} {latitude:.4}),{},",
        rng.between(100_000, 200_000)
    );
    cell(out, country.name);
    let _ = write!(
        out,
        "{},{},{},{precision},{}-{:02}-{:02} 00:00:00.000,{}-{:02}-{:02} 00:00:00.000,",
        country.gw,
        country.region,
        if rng.chance(900) { 1 } else { 2 },
        start.0,
        start.1,
        start.2,
        end.0,
        end.1,
        end.2,
    );
    let gwnob = if violence == 1 && rng.chance(100) {
        country.gw.to_string()
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{},{},{},{},{best},{high},{low},{},{gwnob}",
        deaths[0], deaths[1], deaths[2], deaths[3], country.gw
    );
}

/// ACLED's six event types with their sub-event types and disorder types.
const EVENT_TYPES: [(&str, [&str; 2], &str, usize); 6] = [
    (
        "Battles",
        ["Armed clash", "Government regains territory"],
        "Political violence",
        30,
    ),
    (
        "Explosions/Remote violence",
        ["Shelling/artillery/missile attack", "Air/drone strike"],
        "Political violence",
        25,
    ),
    (
        "Violence against civilians",
        ["Attack", "Abduction/forced disappearance"],
        "Political violence",
        15,
    ),
    (
        "Protests",
        ["Peaceful protest", "Protest with intervention"],
        "Demonstrations",
        18,
    ),
    (
        "Riots",
        ["Violent demonstration", "Mob violence"],
        "Demonstrations",
        6,
    ),
    (
        "Strategic developments",
        ["Agreement", "Headquarters or base established"],
        "Strategic developments",
        6,
    ),
];

fn acled_row(out: &mut String, rng: &mut Rng, number: u64, country: &Country, dates: AcledDates) {
    let weights: Vec<usize> = EVENT_TYPES.iter().map(|(.., weight)| *weight).collect();
    let kind = rng.weighted(&weights);
    let (event_type, subtypes, disorder, _) = EVENT_TYPES[kind];
    let year = 2018 + rng.below(8) as i32;
    let precision = rng.weighted(&[80, 15, 5]) + 1;
    let (_, month, day) = day_in(rng, year);
    let day = if precision == 3 { 15 } else { day };
    let _ = write!(out, "{}{number},", country.iso3);
    match dates {
        AcledDates::Iso => {
            let _ = write!(out, "{year}-{month:02}-{day:02},");
        }
        AcledDates::Written => {
            let name = crate::model::MONTH_NAMES[month as usize - 1];
            let _ = write!(out, "{day:02} {name} {year},");
        }
    }
    let _ = write!(out, "{year},{precision},");
    cell(out, disorder);
    cell(out, event_type);
    cell(out, rng.pick::<&str>(&subtypes));
    let government = format!("Military Forces of {} (2019-)", country.name);
    let (actor1, actor2) = match kind {
        0 | 1 => (
            government.clone(),
            format!("{} (Militia)", rng.pick(&GROUPS)),
        ),
        2 => (
            format!("{} (Militia)", rng.pick(&GROUPS)),
            format!("Civilians ({})", country.name),
        ),
        3 | 4 => (format!("Protesters ({})", country.name), String::new()),
        _ => (government, String::new()),
    };
    cell(out, &actor1);
    if rng.chance(300) {
        cell(
            out,
            &format!("{}; Students ({})", rng.pick(&GROUPS), country.name),
        );
    } else {
        out.push(',');
    }
    let _ = write!(out, "{},", rng.between(1, 8));
    cell(out, &actor2);
    out.push(',');
    let inter2 = if actor2.is_empty() {
        0
    } else {
        rng.between(1, 8)
    };
    let _ = write!(out, "{inter2},{},", rng.between(10, 88));
    cell(
        out,
        if kind == 2 && rng.chance(800) {
            "Civilian targeting"
        } else {
            ""
        },
    );
    let _ = write!(out, "{},{},", country.iso, country.region);
    cell(out, country.name);
    let area = rng.pick(&country.areas);
    cell(out, area);
    let admin2 = rng.pick(&PLACES);
    if rng.chance(800) {
        cell(out, admin2);
    } else {
        out.push(',');
    }
    out.push(',');
    let location = rng.pick(&PLACES);
    cell(out, location);
    let latitude = 10.0 + rng.unit() * 30.0;
    let longitude = 20.0 + rng.unit() * 50.0;
    let _ = write!(
        out,
        "{latitude:.4},{longitude:.4},{},",
        rng.weighted(&[70, 25, 5]) + 1
    );
    let publishers = rng.between(1, 3);
    let mut source = String::new();
    for index in 0..publishers {
        if index > 0 {
            source.push_str("; ");
        }
        source.push_str(rng.pick::<&str>(&PUBLISHERS));
    }
    cell(out, &source);
    cell(
        out,
        rng.pick::<&str>(&[
            "National",
            "Subnational",
            "International",
            "New media-National",
            "Other",
        ]),
    );
    let mut notes = String::with_capacity(512);
    let when = if precision == 3 {
        "In the month of".to_owned()
    } else {
        "On".to_owned()
    };
    let _ = write!(
        notes,
        "{when} {day} {} {year}, in {location} ({admin2}, {area}), ",
        crate::model::MONTH_NAMES[month as usize - 1]
    );
    let sentences = rng.between(1, 3);
    prose(&mut notes, rng, sentences);
    let fatalities = match kind {
        0..=2 => rng.below(15),
        4 => rng.below(2),
        _ => 0,
    };
    let _ = write!(notes, " [{fatalities} fatalities reported]");
    cell(out, &notes);
    let _ = write!(out, "{fatalities},");
    if rng.chance(200) {
        cell(out, "crowd size=no report");
    } else {
        out.push(',');
    }
    let _ = writeln!(out, "{}", 1_700_000_000 + rng.below(50_000_000));
}
