//! What the import options ([`ImportOptions`]) do to conflict event data
//! (UCDP GED, ACLED): which rows become events (`--country`, `--from`,
//! `--to`) and which column's values make the lanes (`--group-by`).
//!
//! Both readers check the options against their header ([`setup`]), ask
//! [`RowFilter`] about each row before building its event, and take each
//! event's lane from a [`Grouping`] when a column was chosen. The options
//! are also told in the dataset's title and description ([`title_suffix`],
//! [`description_line`]), so a timeline says which rows it shows.

use std::collections::{HashMap, HashSet};

use super::fatalities::Tally;
use super::{Converted, Ids, MAX_SLUG_CHARS, slug};
use crate::load::ImportOptions;
use crate::load::diagnostic::{Diagnostic, Problem};
use crate::load::parse::{FileText, ItemRef};
use crate::model::{Date, Event, Lane, Precision, Text};

/// Lanes a chosen column makes at most: the values with most events; the
/// others share one more lane, "Other …".
pub(crate) const MAX_GROUP_LANES: usize = 40;

/// The lane of rows whose chosen column is empty or `NA`.
pub(crate) const NOT_GIVEN: &str = "Not given";

/// Distinct countries remembered to suggest the nearest to a `--country`
/// no row has: files have a few hundred at most, and a file with a country
/// in every row must not grow this without bound.
const MAX_COUNTRIES_KEPT: usize = 10_000;

/// Countries an unknown `--country` error names at most.
const MAX_SUGGESTIONS: usize = 8;

/// How a format's columns answer the options.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Format {
    /// How messages name the format: "a UCDP GED file".
    pub name: &'static str,
    /// The columns `--group-by` accepts, each with its short names.
    pub group_columns: &'static [(&'static str, &'static [&'static str])],
    /// The column of the default lanes: choosing it is not grouping.
    pub default_lanes: &'static str,
}

/// A header cell as a key: trimmed, without a byte order mark or quotes,
/// in lower case.
fn key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_matches('"')
        .to_ascii_lowercase()
}

/// The options checked against a header: the row filter, and the grouping
/// when `--group-by` chose a column other than the default lanes'.
#[derive(Debug)]
pub(crate) struct Setup {
    pub rows: RowFilter,
    pub grouping: Option<Grouping>,
}

/// Checks the options against a file's header. The problems are errors at
/// the header: a `--group-by` the format does not offer or the file lacks,
/// a `--country` in a file without a `country` column.
pub(crate) fn setup(
    options: &ImportOptions,
    format: &Format,
    headers: &[String],
) -> Result<Setup, Vec<Problem>> {
    let keys: Vec<String> = headers.iter().map(|name| key(name)).collect();
    let find = |column: &str| keys.iter().position(|key| key == column);
    let mut problems = Vec::new();
    let country = find("country");
    if !options.countries.is_empty() && country.is_none() {
        problems.push(Problem::ImportOptionColumn {
            format: format.name.into(),
            option: "--country".into(),
            column: "country".into(),
        });
    }
    let mut grouping = None;
    if let Some(asked) = &options.group_by {
        let wanted = asked.trim().to_ascii_lowercase();
        let chosen = format
            .group_columns
            .iter()
            .find(|(name, short)| *name == wanted || short.contains(&wanted.as_str()))
            .map(|(name, _)| *name);
        match chosen {
            None => problems.push(Problem::UnknownGroupBy {
                format: format.name.into(),
                asked: asked.clone(),
                allowed: allowed_names(format),
            }),
            Some(name) if name == format.default_lanes => {}
            Some(name) => match find(name) {
                Some(column) => grouping = Some(Grouping::new(column, name)),
                None => problems.push(Problem::MissingGroupByColumn {
                    format: format.name.into(),
                    asked: asked.clone(),
                    column: name.into(),
                    present: format
                        .group_columns
                        .iter()
                        .map(|(name, _)| *name)
                        .filter(|name| find(name).is_some())
                        .map(str::to_owned)
                        .collect(),
                }),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Setup {
        rows: RowFilter::new(options),
        grouping,
    })
}

/// The columns `--group-by` accepts, with their short names: "conflict_name
/// (conflict)".
fn allowed_names(format: &Format) -> Vec<String> {
    format
        .group_columns
        .iter()
        .map(|(name, short)| {
            if short.is_empty() {
                (*name).to_owned()
            } else {
                format!("{name} ({})", short.join(", "))
            }
        })
        .collect()
}

/// Which rows become events: by their country and their dates.
#[derive(Clone, Debug, Default)]
pub(crate) struct RowFilter {
    /// The countries asked for, trimmed and in lower case, each with
    /// how the first row that has it writes it, and as asked.
    countries: Vec<(String, Option<String>, String)>,
    /// The countries of the file, by their name in lower case, as the
    /// first row that has one writes it: to suggest from.
    seen: HashMap<String, String>,
    /// The last country put in `seen`.
    last_seen: String,
    /// The first and last instant kept (days since 1970).
    window: Option<(f64, f64)>,
}

impl RowFilter {
    fn new(options: &ImportOptions) -> Self {
        let countries = options
            .countries
            .iter()
            .map(|country| {
                (
                    country.trim().to_lowercase(),
                    None,
                    country.trim().to_owned(),
                )
            })
            .collect();
        let window = (options.from.is_some() || options.to.is_some()).then(|| {
            (
                options
                    .from
                    .map_or(f64::NEG_INFINITY, |d| d.start_instant()),
                options.to.map_or(f64::INFINITY, |d| d.end_instant()),
            )
        });
        Self {
            countries,
            seen: HashMap::new(),
            last_seen: String::new(),
            window,
        }
    }

    /// Whether a row with this `country` cell is kept; notes which asked
    /// country it is, and the file's countries for suggestions.
    pub fn keeps_country(&mut self, cell: &str) -> bool {
        if self.countries.is_empty() {
            return true;
        }
        let cell = cell.trim();
        let found = if cell.is_ascii() {
            self.countries
                .iter()
                .position(|(wanted, _, _)| wanted.eq_ignore_ascii_case(cell))
        } else {
            let lower = cell.to_lowercase();
            self.countries
                .iter()
                .position(|(wanted, _, _)| *wanted == lower)
        };
        // Rows come in runs of one country: only a change is looked up.
        if cell != self.last_seen
            && !cell.is_empty()
            && !cell.eq_ignore_ascii_case("na")
            && self.seen.len() < MAX_COUNTRIES_KEPT
        {
            cell.clone_into(&mut self.last_seen);
            let lower = cell.to_lowercase();
            self.seen.entry(lower).or_insert_with(|| cell.to_owned());
        }
        match found {
            Some(index) => {
                self.countries[index]
                    .1
                    .get_or_insert_with(|| cell.to_owned());
                true
            }
            None => false,
        }
    }

    /// Takes in what the filter of a later part of the rows found, as if
    /// this one had read on.
    pub fn absorb(&mut self, part: &Self) {
        for (country, part_country) in self.countries.iter_mut().zip(&part.countries) {
            if country.1.is_none() {
                country.1.clone_from(&part_country.1);
            }
        }
        for (key, written) in &part.seen {
            if self.seen.len() >= MAX_COUNTRIES_KEPT {
                break;
            }
            self.seen
                .entry(key.clone())
                .or_insert_with(|| written.clone());
        }
    }

    /// The countries asked for, as the file writes them (as asked when no
    /// row has one), for the title and description.
    pub fn country_names(&self) -> Vec<String> {
        self.countries
            .iter()
            .map(|(_, found, asked)| found.clone().unwrap_or_else(|| asked.clone()))
            .collect()
    }

    /// Whether dates are asked for at all.
    pub fn has_window(&self) -> bool {
        self.window.is_some()
    }

    /// Whether an event from `start` to `end` (or the point `start`)
    /// overlaps the dates asked for.
    pub fn keeps_dates(&self, start: Date, end: Option<Date>) -> bool {
        match self.window {
            None => true,
            Some((first, last)) => {
                start.start_instant() < last && end.unwrap_or(start).end_instant() > first
            }
        }
    }

    /// [`RowFilter::keeps_dates`] for days as (year, month, day); days that
    /// are not in the calendar are kept, for the reader to warn about.
    pub fn keeps_days(&self, start: (i64, u32, u32), end: (i64, u32, u32)) -> bool {
        match (
            Date::day(start.0, start.1, start.2),
            Date::day(end.0, end.1, end.2),
        ) {
            (Some(start), Some(end)) => self.keeps_dates(start, Some(end)),
            _ => true,
        }
    }

    /// The errors for asked countries no row has, each naming the file's
    /// countries nearest to it.
    pub fn unmatched(&self) -> Vec<Problem> {
        let missing: Vec<(&String, &String)> = self
            .countries
            .iter()
            .filter(|(_, found, _)| found.is_none())
            .map(|(wanted, _, asked)| (wanted, asked))
            .collect();
        if missing.is_empty() {
            return Vec::new();
        }
        let mut known: Vec<&String> = self.seen.values().collect();
        known.sort();
        missing
            .into_iter()
            .map(|(wanted, asked)| {
                let nearest = if known.len() <= MAX_SUGGESTIONS {
                    known.iter().map(|name| (*name).clone()).collect()
                } else {
                    let mut ranked: Vec<(usize, &String)> = known
                        .iter()
                        .map(|name| (distance(wanted, &name.to_lowercase()), *name))
                        .collect();
                    ranked.sort();
                    ranked
                        .into_iter()
                        .take(MAX_SUGGESTIONS)
                        .map(|(_, name)| name.clone())
                        .collect()
                };
                Problem::UnknownCountry {
                    asked: asked.clone(),
                    nearest,
                    all: known.len() <= MAX_SUGGESTIONS,
                }
            })
            .collect()
    }
}

/// How far apart two names are: the edit distance in characters, less when
/// one contains the other ("congo" and "dr congo (zaire)").
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let edits = previous[b.len()];
    let (short, long): (String, String) = if a.len() <= b.len() {
        (a.iter().collect(), b.iter().collect())
    } else {
        (b.iter().collect(), a.iter().collect())
    };
    if !short.is_empty() && long.contains(&short) {
        edits.min(1)
    } else {
        edits
    }
}

/// Lanes from the values of one column: one lane per value, the most
/// frequent [`MAX_GROUP_LANES`] kept and the rest in one "Other" lane.
#[derive(Clone, Debug)]
pub(crate) struct Grouping {
    /// The column's index in the header.
    pub column: usize,
    /// The column's name, as the codebook writes it.
    name: &'static str,
    /// Groups by their value as written, then by the value in lower case
    /// (values that differ only in case share a lane); empty cells by "".
    by_written: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
    groups: Vec<Group>,
    ids: Ids,
}

/// One value's lane: its id, name, how many events and its first row.
#[derive(Clone, Debug)]
struct Group {
    id: String,
    name: String,
    events: usize,
    first: usize,
}

/// What grouping made, for the description.
#[derive(Clone, Debug, Default)]
pub(crate) struct Grouped {
    /// Values that have a lane of their own.
    pub kept: usize,
    /// Values put together in the "Other" lane.
    pub other: usize,
    /// The lane ids those values had while rows were read, and the id of
    /// the "Other" lane they went into: for what was counted by lane then.
    pub moved: Option<(Vec<String>, String)>,
}

impl Grouping {
    fn new(column: usize, name: &'static str) -> Self {
        Self {
            column,
            name,
            by_written: HashMap::new(),
            by_key: HashMap::new(),
            groups: Vec::new(),
            ids: Ids::default(),
        }
    }

    /// The column's name, as the codebook writes it.
    pub fn column_name(&self) -> &'static str {
        self.name
    }

    /// The offsets of the rows each lane was first met at.
    pub fn first_rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.groups.iter().map(|group| group.first)
    }

    /// Moves the offsets of the rows lanes were first met at by `by`: for
    /// a window's rows, counted from the window's start.
    pub fn shift_rows(&mut self, by: usize) {
        for group in &mut self.groups {
            group.first += by;
        }
    }

    /// The lane of an event whose row has this cell in the column, made on
    /// its first use; counts the event. Called once per event.
    pub fn lane(&mut self, cell: &str, offset: usize) -> String {
        let cell = cell.trim();
        let cell = if cell.eq_ignore_ascii_case("na") {
            ""
        } else {
            cell
        };
        let index = match self.by_written.get(cell) {
            Some(&index) => index,
            None => {
                let key = cell.to_lowercase();
                let index = match self.by_key.get(&key) {
                    Some(&index) => index,
                    None => {
                        let name = if cell.is_empty() {
                            NOT_GIVEN.to_owned()
                        } else {
                            one_line(cell)
                        };
                        let base = slug(&name, MAX_SLUG_CHARS);
                        let id = self.ids.fresh(if base.is_empty() { "lane" } else { &base });
                        self.groups.push(Group {
                            id,
                            name,
                            events: 0,
                            first: offset,
                        });
                        self.by_key.insert(key, self.groups.len() - 1);
                        self.groups.len() - 1
                    }
                };
                self.by_written.insert(cell.to_owned(), index);
                index
            }
        };
        let group = &mut self.groups[index];
        group.events += 1;
        group.id.clone()
    }

    /// Takes in the groups of a later part of the rows (read from the same
    /// start), as if this grouping had read on; gives the part's lane ids
    /// that are named otherwise here, with their ids here.
    pub fn absorb(&mut self, part: Self) -> foldhash::HashMap<String, String> {
        let mut keys = vec![""; part.groups.len()];
        for (key, &index) in &part.by_key {
            if let Some(slot) = keys.get_mut(index) {
                *slot = key.as_str();
            }
        }
        let mut renamed = foldhash::HashMap::default();
        for (group, key) in part.groups.iter().zip(keys) {
            let id = match self.by_key.get(key) {
                Some(&index) => {
                    let here = &mut self.groups[index];
                    here.events += group.events;
                    here.first = here.first.min(group.first);
                    here.id.clone()
                }
                None => {
                    let base = slug(&group.name, MAX_SLUG_CHARS);
                    let id = self.ids.fresh(if base.is_empty() { "lane" } else { &base });
                    self.groups.push(Group {
                        id: id.clone(),
                        name: group.name.clone(),
                        events: group.events,
                        first: group.first,
                    });
                    self.by_key.insert(key.to_owned(), self.groups.len() - 1);
                    id
                }
            };
            if id != group.id {
                renamed.insert(group.id.clone(), id);
            }
        }
        renamed
    }

    /// Makes the lanes, most events first (ties by name), at most
    /// [`MAX_GROUP_LANES`] and an "Other" lane; moves the events of values
    /// beyond them into it.
    pub fn finish(
        mut self,
        events: &mut [Event],
        lanes: &mut Vec<Lane>,
        places: &mut Vec<ItemRef>,
        item: impl Fn(usize) -> ItemRef,
    ) -> Grouped {
        self.groups
            .sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
        let kept = self.groups.len().min(MAX_GROUP_LANES);
        let rest = self.groups.split_off(kept);
        for group in &self.groups {
            lanes.push(Lane {
                id: group.id.clone(),
                name: group.name.clone(),
                color: None,
            });
            places.push(item(group.first));
        }
        if rest.is_empty() {
            return Grouped {
                kept,
                other: 0,
                moved: None,
            };
        }
        let other = self.ids.fresh("other");
        let moved: HashSet<&str> = rest.iter().map(|group| group.id.as_str()).collect();
        let other_lane = Text::from(other.as_str());
        for event in events.iter_mut() {
            if moved.contains(event.lane.as_str()) {
                event.lane.clone_from(&other_lane);
            }
        }
        lanes.push(Lane {
            id: other,
            name: format!("Other ({} more {} values)", rest.len(), self.name),
            color: None,
        });
        places.push(item(
            rest.iter().map(|group| group.first).min().unwrap_or(0),
        ));
        Grouped {
            kept,
            other: rest.len(),
            moved: Some((
                rest.into_iter().map(|group| group.id).collect(),
                lanes.last().map(|lane| lane.id.clone()).unwrap_or_default(),
            )),
        }
    }
}

/// What the import options made of a file's rows, for its title and
/// description.
pub(crate) struct Applied {
    /// The countries asked for, as the file names them.
    pub countries: Vec<String>,
    /// The column `--group-by` made the lanes from, if any.
    pub lanes_by: Option<&'static str>,
    pub grouped: Grouped,
}

/// Ends what the import options did to a file's rows, once all are read:
/// reports the countries asked for that no row has (at the header, at
/// `header_offset`), makes the lanes of `--group-by` (without it,
/// `default_lanes` makes the format's own) and counts the fatalities of
/// lanes put together into "Other" under it.
pub(crate) fn apply(
    file: &FileText<'_>,
    (rows, header_offset): (&RowFilter, usize),
    grouping: Option<Grouping>,
    out: &mut Converted,
    tally: &mut Tally,
    default_lanes: impl FnOnce(&mut Converted),
) -> Applied {
    for problem in rows.unmatched() {
        out.diagnostics.push(Diagnostic {
            place: file.place(header_offset),
            problem,
        });
    }
    let (lanes_by, mut grouped) = match grouping {
        Some(grouping) => {
            let name = grouping.column_name();
            let grouped = grouping.finish(
                &mut out.dataset.events,
                &mut out.dataset.lanes,
                &mut out.places.lanes,
                super::Builder::item,
            );
            (Some(name), grouped)
        }
        None => {
            default_lanes(out);
            (None, Grouped::default())
        }
    };
    if let Some((from, to)) = grouped.moved.take() {
        tally.merge_lanes(&from, &to);
    }
    Applied {
        countries: rows.country_names(),
        lanes_by,
        grouped,
    }
}

/// A cell on one line: control characters become spaces.
fn one_line(cell: &str) -> String {
    if !super::may_have_control(cell, false) || !cell.chars().any(char::is_control) {
        return cell.to_owned();
    }
    cell.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// What a title adds for the options: " — Syria, 2016", or "" when no row
/// filter is set. `countries` as [`RowFilter::country_names`] gives them.
pub(crate) fn title_suffix(options: &ImportOptions, countries: &[String]) -> String {
    let mut parts: Vec<String> = countries.to_vec();
    match (options.from, options.to) {
        (Some(from), Some(to)) if from == to => parts.push(from.to_string()),
        (Some(from), Some(to)) => parts.push(format!("{from} – {to}")),
        (Some(from), None) => parts.push(format!("from {from}")),
        (None, Some(to)) => parts.push(format!("to {to}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" — {}", parts.join(", "))
    }
}

/// The description's line on the options: "Rows: country Syria; 1 January
/// 2016 – 31 December 2016; lanes by conflict_name." `None` when none is set.
pub(crate) fn description_line(
    options: &ImportOptions,
    countries: &[String],
    lanes_by: Option<&str>,
    grouped: Grouped,
) -> Option<String> {
    let mut parts = Vec::new();
    match countries {
        [] => {}
        [one] => parts.push(format!("country {one}")),
        many => parts.push(format!("countries {}", many.join(", "))),
    }
    let first = options
        .from
        .map(|from| Date::nearest(from.start_instant(), Precision::Day).unwrap_or(from));
    let last = options
        .to
        .map(|to| Date::nearest_before(to.end_instant(), Precision::Day).unwrap_or(to));
    match (first, last) {
        (Some(first), Some(last)) => parts.push(format!("events overlapping {first} – {last}")),
        (Some(first), None) => parts.push(format!("events ending on or after {first}")),
        (None, Some(last)) => parts.push(format!("events starting on or before {last}")),
        (None, None) => {}
    }
    let mut line = String::new();
    if !parts.is_empty() {
        line = format!("Rows: {}.", parts.join("; "));
    }
    if let Some(column) = lanes_by {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&format!("Lanes by {column}"));
        if grouped.other > 0 {
            line.push_str(&format!(
                ": the {} values with most events, the other {} in one lane",
                grouped.kept, grouped.other
            ));
        }
        line.push('.');
    }
    (!line.is_empty()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_favour_names_that_contain_the_asked_one() {
        assert_eq!(distance("syria", "syria"), 0);
        assert_eq!(distance("syira", "syria"), 2);
        assert_eq!(distance("congo", "dr congo (zaire)"), 1);
        assert!(distance("syira", "syria") < distance("syira", "sri lanka"));
    }

    #[test]
    fn titles_name_countries_and_dates() {
        let options = ImportOptions {
            countries: vec![" syria ".into()],
            from: Date::parse("2016").ok(),
            to: Date::parse("2016").ok(),
            group_by: None,
        };
        let countries = ["Syria".to_owned()];
        assert_eq!(title_suffix(&options, &countries), " — Syria, 2016");
        assert_eq!(
            description_line(
                &options,
                &countries,
                Some("conflict_name"),
                Grouped::default()
            )
            .as_deref(),
            Some(
                "Rows: country Syria; events overlapping 1 January 2016 – 31 December 2016. Lanes by conflict_name."
            )
        );
        assert_eq!(title_suffix(&ImportOptions::default(), &[]), "");
        assert_eq!(
            description_line(&ImportOptions::default(), &[], None, Grouped::default()),
            None
        );
    }
}
