//! The command line: what each subcommand does, callable from tests.
//!
//! `main.rs` parses the arguments into [`Cli`] and hands it to [`run`].
//! Exit codes: 0 success, 1 a data or I/O error, 2 a usage error (clap's,
//! an export request that cannot be drawn: a bad size, range or lane, or
//! import options a file cannot answer: see [`ImportArgs`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::export::{self, Caption, ExportControl, ExportError, ExportSpec, ExportTheme};
use crate::load::{self, Diagnostic, ImportOptions, LoadOptions, Loaded};
use crate::model::{Dataset, Date, Precision, counted};
use crate::view::{TimeView, TimelineIndex, initial_view};

mod terminal;

pub(crate) use terminal::TerminalWriter;
pub use terminal::escape_for_terminal;

/// Exit code for a dataset that has errors, or a file that cannot be read or written.
pub const EXIT_DATA_ERROR: u8 = 1;
/// Exit code for a command line that asks for something impossible.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "conflict-timeline",
    version,
    about = "A zoomable timeline of conflicts, truces and peace talks, loaded from RON datasets.",
    long_about = "A zoomable timeline of conflicts, truces and peace talks, loaded from RON datasets.\n\n\
        With no subcommand, opens the app window with PATH (a dataset folder, a single .ron file, \
        or a TimelineJS .json or .csv file, a UCDP GED event .csv or an ACLED event export .csv, converted on load; \
        also as .json.gz or .csv.gz, or the one such file of a .zip), \
        or with the built-in Syria 2011–2016 dataset when no PATH is given. \
        PATH may also be a workspace file (a .ron file starting `Workspace(`, written by File → Save workspace as…): \
        it opens every layer the workspace names. --layer adds datasets below the first, on the same time axis.\n\n\
        For a UCDP GED or ACLED file, --country, --from, --to and --group-by choose its rows and lanes, \
        here and on check, convert and export; errors that are only about them exit 2.",
    after_help = "Environment:\n  \
        CONFLICT_TIMELINE_MAX_FILE_BYTES  Largest dataset file that is read, in bytes or with a suffix \
        K, M or G (powers of 1024), e.g. 1G. Default: 256M, and 4G for conflict event data (a .csv, \
        also in a .gz or .zip, whose header in its first 64 KiB is UCDP GED's or ACLED's); when set, \
        it is the limit for every file.\n\n\
        At most the first 100 errors and 100 warnings are printed, in file order, then how many more there are.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Dataset to open: a folder with dataset.ron, a single .ron file, a TimelineJS .json or .csv file, a UCDP GED event .csv or an ACLED export .csv (also .json.gz, .csv.gz, or a .zip holding one). Default: the built-in dataset.
    pub path: Option<PathBuf>,

    /// Another dataset to show on the same time axis, its lanes below the first's (any kind PATH can be); it reloads by itself when its files change. Repeat for more layers.
    #[arg(long = "layer", value_name = "LAYER")]
    pub layers: Vec<PathBuf>,

    #[command(flatten)]
    pub import: ImportArgs,

    /// Record where each frame's time goes and show it in the Profiler window (also Help → Profiler): the recent frames, a flame graph of the app's and egui's scopes in one, and the scopes with most time.
    #[arg(long)]
    pub profile: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How the app window opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AppOptions {
    /// `--profile`: the Profiler window open, scopes recorded.
    pub profile: bool,
}

/// Which rows of a UCDP GED or ACLED event file become events, and which
/// column makes the lanes: the same for the app, `check`, `convert` and
/// `export`.
#[derive(Clone, Debug, Default, Args)]
#[command(next_help_heading = "Conflict event data (UCDP GED, ACLED)")]
pub struct ImportArgs {
    /// Only rows of this country, as the file's `country` column names it (trimmed, any case). Repeat for several countries; names are not split at commas, since some contain one.
    #[arg(long = "country", value_name = "NAME", value_parser = parse_country)]
    pub countries: Vec<String>,
    /// Only events that end on or after this date's start: 2016, 2016-02, 2016-02-27.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<Date>,
    /// Only events that start on or before this date's end: --to 2016 keeps all of 2016.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<Date>,
    /// Lanes by this column's values instead of the type of violence (GED) or event type (ACLED): conflict, dyad, side, side_b, region, country, admin1, admin2 (GED); actor, actor2, sub_event_type, disorder_type, inter1, country, admin1, … (ACLED); or another of those columns by its name. The 40 values with most events get lanes, the rest share an "Other" lane; empty cells make a "Not given" lane.
    #[arg(long, value_name = "COLUMN")]
    pub group_by: Option<String>,
}

impl ImportArgs {
    /// The load's import options.
    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            countries: self.countries.clone(),
            from: self.from,
            to: self.to,
            group_by: self.group_by.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a dataset, print a summary and every warning; print errors as FILE:LINE:COL: error: MESSAGE and exit 1.
    Check {
        /// Dataset folder, .ron file, TimelineJS .json or .csv file, UCDP GED event .csv or ACLED export .csv. Default: the built-in dataset.
        path: Option<PathBuf>,
        #[command(flatten)]
        import: ImportArgs,
    },
    /// Export an image of the timeline (PNG, SVG or PDF) without opening a window.
    #[command(
        long_about = "Export an image of the timeline (PNG, SVG or PDF) without opening a window or needing a display.\n\n\
            The image shows the dataset's own view range (or all of it, with room for the labels at its \
            ends at the image's width) at 1920 × 1080, scale 1, \
            with a caption naming the dataset, the dates shown and the sources: the dataset's own \
            (one every event cites, such as UCDP GED or ACLED) whatever is drawn, then up to twelve \
            sources of what is drawn and how many more. \
            The layout must be at least 64 × 48 points (--width × --height, before --scale), at most \
            16384 pixels a side and 200 megapixels; an image too low for its chart or caption is \
            refused with what to leave out. With --height auto the image is as high as every event of the \
            range needs for its own row, up to the largest image. Events an image cannot show are counted \
            in badges; the caption and a note say how many.\n\n\
            The image is written to a temporary file of ours in the same folder (.conflict-timeline-….tmp), \
            synced, and renamed over FILE, so FILE is always the old image or the whole new one, even \
            if the export is killed; a temporary file left by a killed export is removed by the next \
            export into that folder.\n\n\
            --view ID draws one of the dataset's views as the app shows it: its range, its lanes, its event \
            selected, and a caption headed by its title with its text and quotes. --story writes every view, \
            in order, as numbered images (01-ID.png, 02-ID.png, …; --format svg or pdf) into the folder --out \
            names, which may be new, empty or an earlier story's (whose other images are then removed); a \
            folder holding anything else is refused.",
        after_help = "Examples:\n  \
            conflict-timeline export --out truce.png --from 2016-02 --to 2016-04 --figures\n  \
            conflict-timeline export my-dataset/ --out slide.svg --width 1280 --height 720 --theme dark\n  \
            conflict-timeline export --out all.png --from 2011 --to 2016 --height auto\n  \
            conflict-timeline export --out report.pdf --from 2016 --to 2016 --figures\n  \
            conflict-timeline export --out print.png --scale 2 --lanes diplomacy,truce --caption \"The February 2016 truce\"\n  \
            conflict-timeline export --view munich --out munich.png\n  \
            conflict-timeline export --story --format pdf --out story"
    )]
    #[command(
        mut_arg("from", |arg| arg
            .help("First date shown: 2016, 2016-02 (its first day), 2016-02-27, a time 2016-02-27T00:00, or a year such as -0043 or -251902000. Default: the dataset's view. Of a UCDP GED or ACLED file, only events that end on or after it are read.")
            .help_heading(None::<&str>)),
        mut_arg("to", |arg| arg
            .help("Last date shown: 2016, 2016-02 (its last day), 2016-02-27, a time 2016-02-27T00:10, or a year such as +12000. Default: the dataset's view. Of a UCDP GED or ACLED file, only events that start on or before it are read.")
            .help_heading(None::<&str>)),
    )]
    Export(ExportArgs),
    /// Convert a dataset (a RON folder or file, TimelineJS JSON, a TimelineJS sheet as CSV, a UCDP GED event CSV or an ACLED export CSV) into a dataset folder in RON.
    #[command(
        long_about = "Convert a dataset into a dataset folder in RON: dataset.ron (title, lanes, eras, sources, view), \
            events.ron, quotes.ron, displacement.ron and views.ron.\n\n\
            INPUT is loaded and checked as `check` does: a dataset folder or .ron file, TimelineJS3 JSON (.json), \
            a TimelineJS Google sheet saved as CSV (.csv), a UCDP GED event file or an ACLED event export (.csv, told apart by their columns), \
            also gzipped (.csv.gz, .json.gz) or as the one such file of a .zip. If it has errors, they are printed and nothing is written.\n\n\
            DIR may be new (its parent must exist), empty, or a dataset folder (one with dataset.ron), whose five files \
            are replaced; its other files are kept. Any other folder is refused, naming what is in it, and so is a \
            file that would be larger than a dataset file may be to load (256 MiB, or CONFLICT_TIMELINE_MAX_FILE_BYTES), before anything is changed.\n\n\
            The replacement is all or nothing: the new folder, with the old one's other files carried over, is \
            written and synced beside DIR (.conflict-timeline-….staging), then swapped in by one atomic exchange, \
            so DIR holds the whole old dataset or the whole new one, even if convert is killed, and never a \
            partial file. Where the system cannot exchange two folders, the old one is renamed aside and the \
            new one renamed in, and a run killed between the two is undone by the next write. Each write first \
            removes what killed writes left beside DIR. A program that has DIR open as its working folder \
            keeps the old, removed folder.",
        after_help = "Examples:\n  \
            conflict-timeline convert timeline.json --out my-dataset\n  \
            conflict-timeline convert sheet.csv --out my-dataset\n  \
            conflict-timeline convert old.ron --out my-dataset\n  \
            conflict-timeline convert GEDEvent_v24_1.csv --out syria-2016 --country Syria --from 2016 --to 2016 --group-by conflict"
    )]
    Convert(ConvertArgs),
    /// Write a synthetic dataset folder (or, with --layout ged|acled, a UCDP GED or ACLED event CSV) of any size, the same for the same options, for benchmarks and tests.
    #[command(
        long_about = "Write a synthetic dataset folder of any size for benchmarks and tests: dataset.ron, \
            events.ron, quotes.ron, displacement.ron and views.ron (empty), with made-up names, places, dates and figures.\n\n\
            The events are a realistic mix: points and ranges from a few hours to years, some ongoing, \
            bursts of events around a few dates, all importances (few important ones), dates at day, month \
            or year precision (mostly day), short and long titles, summaries and tags on some, and sources \
            cited by every event. Quotes belong to events; three figure series have a point each month; \
            four eras span 2000–2020. That is the default span; --span cosmic spreads the same mix over \
            13.8 billion years, from billions of years to seconds, and --span day puts it into one day \
            (see --span below). The same options always give the same files.\n\n\
            DIR may be new (its parent must exist), empty, or a dataset folder whose five files are replaced; \
            any other folder is refused. Counts whose files would be larger than a dataset file may be to load \
            (256 MiB, or CONFLICT_TIMELINE_MAX_FILE_BYTES) are refused before anything is changed. DIR is replaced whole, as by convert: written \
            beside it and swapped in by one atomic exchange.\n\n\
            With --layout ged or --layout acled, one CSV file is written instead, FILE given by --out, in the \
            layout of a UCDP GED 24.1 event file or of an ACLED export: real country names (Syria, Iraq, \
            Afghanistan and seven more), made-up actors, places and texts of realistic length, every type of \
            violence or event type and every date precision, NA cells and quoted cells, dates of 1989–2024 \
            (GED) or 2018–2025 (ACLED). FILE is written beside itself and renamed into place. Files over the \
            limit for conflict event data (4 GiB, or CONFLICT_TIMELINE_MAX_FILE_BYTES) are refused; --lanes, \
            --quotes and --span do not apply.",
        after_help = "Examples:\n  \
            conflict-timeline generate --events 1000000 --out big\n  \
            conflict-timeline generate --events 5000 --quotes 200 --lanes 12 --seed 7 --out small\n  \
            conflict-timeline generate --events 1000000 --span cosmic --seed 7 --out cosmic\n  \
            conflict-timeline generate --layout ged --events 320000 --out ged.csv\n  \
            conflict-timeline generate --layout acled --events 2500000 --acled-dates written --out acled.csv"
    )]
    Generate(GenerateArgs),
}

/// The options of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of events (0 to 20000000).
    #[arg(long, value_name = "N")]
    pub events: usize,
    /// Number of quotes, each linked to events. Default: one per hundred events, at most 10000.
    #[arg(long, value_name = "M")]
    pub quotes: Option<usize>,
    /// Number of lanes (1 to 64).
    #[arg(long, value_name = "L", default_value_t = crate::generate::DEFAULT_LANES)]
    pub lanes: usize,
    /// Random seed: the same seed and options give the same files.
    #[arg(long, value_name = "S", default_value_t = crate::generate::DEFAULT_SEED)]
    pub seed: u64,
    /// The stretch of time the events cover.
    #[arg(long, value_enum, default_value_t = SpanArg::Decades)]
    pub span: SpanArg,
    /// What to write: a RON dataset folder (ron), or one CSV file in the layout of UCDP GED 24.1 (ged, 49 columns, about 1 KB a row) or of an ACLED export (acled, 31 columns, about 500 B a row).
    #[arg(long, value_enum, default_value_t = LayoutArg::Ron)]
    pub layout: LayoutArg,
    /// With --layout acled: write dates as 2024-01-31 (iso) or as 31 January 2024 (written).
    #[arg(long, value_enum, default_value_t = AcledDatesArg::Iso)]
    pub acled_dates: AcledDatesArg,
    /// Where to write: with --layout ron the folder (new, empty, or a dataset folder whose files are replaced); with ged or acled the CSV file (replaced whole).
    #[arg(long, value_name = "DIR|FILE")]
    pub out: PathBuf,
}

/// The layouts `generate --layout` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// A RON dataset folder.
    Ron,
    /// A UCDP GED event CSV (the 49 columns of GED 24.1).
    Ged,
    /// An ACLED export CSV (31 columns).
    Acled,
}

/// How `generate --layout acled` writes dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AcledDatesArg {
    /// 2024-01-31.
    Iso,
    /// 31 January 2024.
    Written,
}

/// The options of `convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The dataset to convert: a dataset folder, a .ron file, a TimelineJS .json file, a TimelineJS sheet saved as .csv, a UCDP GED event .csv or an ACLED export .csv.
    pub input: PathBuf,
    /// The folder to write: new, empty, or a dataset folder whose files are replaced.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
}

/// The options of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Dataset folder, .ron file, TimelineJS .json or .csv file, UCDP GED event .csv or ACLED export .csv. Default: the built-in dataset.
    pub path: Option<PathBuf>,
    /// The image file to write; its extension, .png, .svg or .pdf, picks the format (SVG and PDF are vector, their text selectable). With --story, the folder the story's images go into.
    #[arg(long, value_name = "FILE|DIR")]
    pub out: PathBuf,
    /// Export one of the dataset's views (by id): its range, its lanes and its selected event, with its title as the headline and its text and quotes in the caption. --from, --to, --lanes and --caption, when given, win over the view's.
    #[arg(long, value_name = "ID", conflicts_with = "story")]
    pub view: Option<String>,
    /// Export every view of the dataset, in order, as numbered images in the folder --out names (01-ID.png, 02-ID.png, …), each as --view would export it.
    #[arg(long)]
    pub story: bool,
    /// The format of a story's images: png (default), svg or pdf.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "story")]
    pub format: Option<FormatArg>,
    /// Another dataset drawn on the same time axis, its lanes below the first's; the caption names every layer and credits each one's sources. Repeat for more layers.
    #[arg(long = "layer", value_name = "PATH")]
    pub layers: Vec<PathBuf>,
    // `--from` and `--to` are the range shown; of a UCDP GED or ACLED file
    // they also choose the rows (see the help texts set on `Export`).
    #[command(flatten)]
    pub import: ImportArgs,
    /// Layout width in points (at least 64); the image is this times --scale pixels wide.
    #[arg(long, value_name = "PX", default_value_t = 1920)]
    pub width: u32,
    /// Layout height in points (at least 48), or `auto`: as high as every event of the range needs for its own row, up to the largest image. The image is this times --scale pixels high.
    #[arg(long, value_name = "PX|auto", default_value = "1080", value_parser = parse_height)]
    pub height: HeightArg,
    /// Pixels per point: 2 gives a sharp image twice the size (0.25 to 16).
    #[arg(long, value_name = "F", default_value_t = 1.0)]
    pub scale: f32,
    /// Colours: light (print, most web pages), dark (slides, dark pages) or
    /// high-contrast (white on black, text at 7:1 or more).
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// Only these lanes (ids, comma-separated). Default: all.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub lanes: Option<Vec<String>>,
    /// Add the figures chart and its legend below the timeline.
    #[arg(long)]
    pub figures: bool,
    /// The caption's headline instead of the dataset's title.
    #[arg(long, value_name = "TEXT", conflicts_with = "no_caption")]
    pub caption: Option<String>,
    /// Leave out the caption (title, dates shown, sources).
    #[arg(long)]
    pub no_caption: bool,
}

/// The spans `generate --span` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SpanArg {
    /// 2000 to 2020, dates at day, month and year precision, monthly figure series.
    Decades,
    /// 13.8 billion years ago to 2020 with clusters at every scale: billions, millions and thousands of years ago (years), around 44 BCE (years, months, days), 2000-2020 (days) and 27 February 2016 (minutes and seconds, some with UTC offsets); ranges at each scale. Figure series over 2000-2020 only.
    Cosmic,
    /// One day, 27 February 2016: times to the minute and the second, some with UTC offsets, ranges of minutes to hours. No figure series.
    Day,
}

impl From<SpanArg> for crate::generate::Span {
    fn from(span: SpanArg) -> Self {
        match span {
            SpanArg::Decades => Self::Decades,
            SpanArg::Cosmic => Self::Cosmic,
            SpanArg::Day => Self::Day,
        }
    }
}

/// The image formats `export --story --format` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Png,
    Svg,
    Pdf,
}

impl From<FormatArg> for export::ImageFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Png => Self::Png,
            FormatArg::Svg => Self::Svg,
            FormatArg::Pdf => Self::Pdf,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
    HighContrast,
}

/// The height `export` was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeightArg {
    Points(u32),
    /// Every event of the range in its own row.
    Auto,
}

fn parse_height(text: &str) -> Result<HeightArg, String> {
    if text.trim().eq_ignore_ascii_case("auto") {
        return Ok(HeightArg::Auto);
    }
    text.trim()
        .parse()
        .map(HeightArg::Points)
        .map_err(|_| "use a height in points (e.g. 1080) or `auto`".to_owned())
}

fn parse_country(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("name a country, as the file's `country` column writes it".to_owned());
    }
    Ok(text.to_owned())
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.to_string())
}

/// What to do after parsing.
#[derive(Debug)]
pub enum Action {
    /// Open the window with this dataset, and these below it as layers.
    OpenApp(Box<Loaded>, Vec<Loaded>, AppOptions),
    /// Exit with this code.
    Exit(u8),
}

/// Loads the given dataset, or the built-in one. The size limit may be
/// raised with [`load::MAX_FILE_BYTES_VAR`].
pub fn load(path: Option<&Path>) -> Result<Loaded, load::LoadError> {
    load_with(path, &ImportOptions::default())
}

/// [`load`] with import options for a UCDP GED or ACLED file. Options for
/// anything else, the built-in dataset too, are refused
/// ([`load::Problem::ImportOptionsNotApplicable`]).
pub fn load_with(path: Option<&Path>, import: &ImportOptions) -> Result<Loaded, load::LoadError> {
    match path {
        Some(path) => {
            let options = LoadOptions {
                import: import.clone(),
                ..LoadOptions::from_env()?
            };
            load::load_path(path, &options)
        }
        None if !import.is_empty() => Err(load::LoadError {
            diagnostics: vec![Diagnostic {
                place: load::Place {
                    file: load::BUILTIN_NAME.into(),
                    position: None,
                },
                problem: load::Problem::ImportOptionsNotApplicable {
                    what: "the built-in dataset".into(),
                },
            }],
            ..load::LoadError::default()
        }),
        None => load::load_builtin(),
    }
}

/// Loads a layer with the command line's import options where they apply
/// (a conflict event file), else as it is.
fn load_layer(path: &Path, import: &ImportOptions) -> Result<Loaded, load::LoadError> {
    load_where_options_apply(Some(path), import, true)
}

/// [`load_with`]; when `fall_back` and the only errors say the options do
/// not apply to this dataset, loads it without them.
fn load_where_options_apply(
    path: Option<&Path>,
    import: &ImportOptions,
    fall_back: bool,
) -> Result<Loaded, load::LoadError> {
    match load_with(path, import) {
        Err(error)
            if fall_back
                && error.errors().all(|diagnostic| {
                    matches!(
                        diagnostic.problem,
                        load::Problem::ImportOptionsNotApplicable { .. }
                    )
                }) =>
        {
            load_with(path, &ImportOptions::default())
        }
        loaded => loaded,
    }
}

/// Whether every error of a failed load is about the import options (a
/// `--group-by` or `--country` the file cannot answer, options for a file
/// that is not conflict event data): a usage error.
fn options_failed(error: &load::LoadError) -> bool {
    error.omitted_errors == 0
        && error.errors().next().is_some()
        && error.errors().all(|diagnostic| {
            matches!(
                diagnostic.problem,
                load::Problem::ImportOptionsNotApplicable { .. }
                    | load::Problem::UnknownGroupBy { .. }
                    | load::Problem::MissingGroupByColumn { .. }
                    | load::Problem::ImportOptionColumn { .. }
                    | load::Problem::UnknownCountry { .. }
            )
        })
}

/// The exit code of a failed load: [`EXIT_USAGE`] when the options were
/// the trouble, else [`EXIT_DATA_ERROR`].
fn load_exit_code(error: &load::LoadError) -> u8 {
    if options_failed(error) {
        EXIT_USAGE
    } else {
        EXIT_DATA_ERROR
    }
}

/// Runs a parsed command line. Output goes to `out`, diagnostics to `err`,
/// both through [`TerminalWriter`]: control characters in dataset text are
/// printed escaped.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Action {
    let mut out = TerminalWriter::new(out);
    let mut err = TerminalWriter::new(err);
    let action = dispatch(cli, &mut out, &mut err);
    let _ = out.flush();
    let _ = err.flush();
    action
}

fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Action {
    match cli.command {
        Some(Command::Check { path, import }) => {
            Action::Exit(check_with(path.as_deref(), &import.options(), out, err))
        }
        Some(Command::Export(args)) => Action::Exit(export(&args, out, err)),
        Some(Command::Convert(args)) => Action::Exit(convert(&args, out, err)),
        Some(Command::Generate(args)) => Action::Exit(generate(&args, out, err)),
        None => {
            // A workspace file names its layers, each with its options.
            let workspace = match cli.path.as_deref().filter(|p| load::is_workspace_file(p)) {
                Some(path) => match load::read_workspace(path) {
                    Ok(workspace) if cli.import.options().is_empty() => Some(workspace),
                    Ok(_) => {
                        let _ = writeln!(
                            err,
                            "error: --country, --from, --to and --group-by do not apply to a \
                             workspace: each of its layers has its own (edit the workspace, or \
                             add the file with --layer)"
                        );
                        return Action::Exit(EXIT_USAGE);
                    }
                    Err(error) => {
                        print_failure(&error, err);
                        return Action::Exit(EXIT_DATA_ERROR);
                    }
                },
                None => None,
            };
            // The import options choose the rows of every conflict event
            // file among them; a dataset they do not apply to is read whole
            // when it is a layer.
            let import = cli.import.options();
            let first: Vec<Result<Loaded, load::LoadError>> = match &workspace {
                Some(workspace) => workspace
                    .layers
                    .iter()
                    .map(|layer| load_with(layer.path.as_deref(), &layer.import))
                    .collect(),
                None => vec![load_with(cli.path.as_deref(), &import)],
            };
            let mut layers = Vec::with_capacity(first.len() + cli.layers.len());
            for result in first
                .into_iter()
                .chain(cli.layers.iter().map(|path| load_layer(path, &import)))
            {
                match result {
                    Ok(loaded) => {
                        print_diagnostics(&loaded.warnings, err);
                        print_omitted(loaded.omitted_warnings, "warning", err);
                        layers.push(loaded);
                    }
                    Err(error) => {
                        print_failure(&error, err);
                        return Action::Exit(load_exit_code(&error));
                    }
                }
            }
            let base = layers.remove(0);
            Action::OpenApp(
                Box::new(base),
                layers,
                AppOptions {
                    profile: cli.profile,
                },
            )
        }
    }
}

/// `check`: the summary and warnings, or the errors. Returns the exit code.
pub fn check(path: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    check_with(path, &ImportOptions::default(), out, err)
}

/// [`check`] with import options for a UCDP GED or ACLED file.
pub fn check_with(
    path: Option<&Path>,
    import: &ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match load_with(path, import) {
        Ok(loaded) => {
            let _ = write!(out, "{}", summary(&loaded));
            print_diagnostics(&loaded.warnings, out);
            print_omitted(loaded.omitted_warnings, "warning", out);
            let _ = writeln!(out, "ok: no errors");
            0
        }
        Err(error) => {
            print_failure(&error, err);
            load_exit_code(&error)
        }
    }
}

/// `convert`: loads the input and writes it as a dataset folder. Returns the
/// exit code.
pub fn convert(args: &ConvertArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // One limit for reading the input and for what may be written.
    let load_options = match LoadOptions::from_env() {
        Ok(options) => LoadOptions {
            import: args.import.options(),
            ..options
        },
        Err(error) => {
            print_failure(&error, err);
            return EXIT_DATA_ERROR;
        }
    };
    let loaded = match load::load_path(&args.input, &load_options) {
        Ok(loaded) => loaded,
        Err(error) => {
            print_failure(&error, err);
            return load_exit_code(&error);
        }
    };
    print_diagnostics(&loaded.warnings, err);
    print_omitted(loaded.omitted_warnings, "warning", err);
    if is_input_folder(&args.input, &args.out) {
        let _ = writeln!(
            err,
            "error: {} is the dataset being converted; write the result to another folder",
            args.out.display()
        );
        return EXIT_USAGE;
    }
    let dataset = &loaded.dataset;
    match load::write_folder(
        dataset,
        &args.out,
        &load::WriteOptions::for_load(&load_options),
    ) {
        Ok(written) => {
            let how = if written.replaced {
                "replaced the dataset files"
            } else {
                "a new dataset folder"
            };
            let _ = writeln!(out, "wrote {} ({how})", written.folder.display());
            for (name, bytes) in &written.files {
                let what = match *name {
                    "events.ron" => counted(dataset.events.len(), "event", "events"),
                    "quotes.ron" => counted(dataset.quotes.len(), "quote", "quotes"),
                    "displacement.ron" => counted(dataset.displacement.len(), "series", "series"),
                    "views.ron" => counted(dataset.views.len(), "view", "views"),
                    _ => format!(
                        "{:?}: {}, {}, {}",
                        dataset.title,
                        counted(dataset.lanes.len(), "lane", "lanes"),
                        counted(dataset.eras.len(), "era", "eras"),
                        counted(dataset.sources.len(), "source", "sources")
                    ),
                };
                let _ = writeln!(out, "  {name:<17} {what} ({})", human_bytes(*bytes));
            }
            0
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            write_exit_code(&error)
        }
    }
}

/// `generate --layout ged|acled`: writes one CSV file of conflict events.
fn generate_conflict_file(
    args: &GenerateArgs,
    layout: crate::generate::Layout,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let load_options = match LoadOptions::from_env() {
        Ok(options) => options,
        Err(error) => {
            print_failure(&error, err);
            return EXIT_DATA_ERROR;
        }
    };
    let options = crate::generate::ConflictOptions {
        layout,
        events: args.events,
        seed: args.seed,
        acled_dates: match args.acled_dates {
            AcledDatesArg::Iso => crate::generate::AcledDates::Iso,
            AcledDatesArg::Written => crate::generate::AcledDates::Written,
        },
    };
    let started = std::time::Instant::now();
    match crate::generate::write_conflict_file(
        &options,
        &args.out,
        load_options.max_event_data_bytes,
    ) {
        Ok(bytes) => {
            let name = match layout {
                crate::generate::Layout::Ged => "UCDP GED",
                crate::generate::Layout::Acled => "ACLED",
            };
            let _ = writeln!(
                out,
                "wrote {}: {} in the {name} layout ({}, {:.1} s)",
                args.out.display(),
                counted(args.events, "event", "events"),
                human_bytes(usize::try_from(bytes).unwrap_or(usize::MAX)),
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(error @ crate::generate::ConflictWriteError::Options(_)) => {
            let _ = writeln!(err, "error: {error}");
            EXIT_USAGE
        }
        Err(error @ crate::generate::ConflictWriteError::TooLarge { .. }) => {
            let _ = writeln!(err, "error: {error}; ask for fewer events (--events)");
            EXIT_USAGE
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            EXIT_DATA_ERROR
        }
    }
}

/// Refuses, before minutes and gigabytes are spent on them, event counts
/// whose `events.ron` would clearly be over the load limit: the bytes per
/// event of a sample made with the same options, times the count. Counts
/// near the limit are left to the exact check made while writing.
fn too_many_events(options: &crate::generate::GenerateOptions, limit: u64) -> Option<String> {
    const SAMPLE: usize = 2_000;
    // Options that are wrong anyway are reported as such by `generate`.
    if options.events <= SAMPLE || options.validate().is_err() {
        return None;
    }
    let sample = crate::generate::generate(&crate::generate::GenerateOptions {
        events: SAMPLE,
        quotes: Some(0),
        ..options.clone()
    })
    .ok()?;
    let bytes = crate::generate::write_events(&mut std::io::sink(), &sample.events).ok()?;
    let per_event = bytes as f64 / SAMPLE as f64;
    let estimate = per_event * options.events as f64;
    // A margin for how far the sample may be from the whole.
    if estimate <= limit as f64 * 1.2 {
        return None;
    }
    let fitting = (limit as f64 / per_event / 1_000.0).floor() * 1_000.0;
    Some(format!(
        "{} events would make events.ron about {}, over the {} a dataset file may have when it is \
         loaded; ask for at most about {fitting} events, or raise the limit with \
         {}, e.g. {}=1G",
        options.events,
        load::human_size(estimate as u64),
        load::human_size(limit),
        load::MAX_FILE_BYTES_VAR,
        load::MAX_FILE_BYTES_VAR,
    ))
}

/// `generate`: builds a synthetic dataset and writes it as a dataset folder,
/// or writes a conflict event file. Returns the exit code.
pub fn generate(args: &GenerateArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let layout = match args.layout {
        LayoutArg::Ron => None,
        LayoutArg::Ged => Some(crate::generate::Layout::Ged),
        LayoutArg::Acled => Some(crate::generate::Layout::Acled),
    };
    if let Some(layout) = layout {
        return generate_conflict_file(args, layout, out, err);
    }
    let options = crate::generate::GenerateOptions {
        events: args.events,
        quotes: args.quotes,
        lanes: args.lanes,
        seed: args.seed,
        span: args.span.into(),
    };
    let load_options = match LoadOptions::from_env() {
        Ok(options) => options,
        Err(error) => {
            print_failure(&error, err);
            return EXIT_DATA_ERROR;
        }
    };
    if let Some(refusal) = too_many_events(&options, load_options.max_file_bytes) {
        let _ = writeln!(err, "error: {refusal}");
        return EXIT_USAGE;
    }
    let started = std::time::Instant::now();
    let dataset = match crate::generate::generate(&options) {
        Ok(dataset) => dataset,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return EXIT_USAGE;
        }
    };
    let write_options = load::WriteOptions::for_load(&load_options);
    match crate::generate::write_generated(&dataset, &args.out, &write_options) {
        Ok(written) => {
            let bytes: usize = written.files.iter().map(|(_, bytes)| bytes).sum();
            let points: usize = dataset.displacement.iter().map(|s| s.points.len()).sum();
            let _ = writeln!(
                out,
                "wrote {}: {}, {}, {}, {}, {}, {} with {} ({}, {:.1} s)",
                written.folder.display(),
                counted(dataset.events.len(), "event", "events"),
                counted(dataset.quotes.len(), "quote", "quotes"),
                counted(dataset.lanes.len(), "lane", "lanes"),
                counted(dataset.eras.len(), "era", "eras"),
                counted(dataset.sources.len(), "source", "sources"),
                counted(dataset.displacement.len(), "series", "series"),
                counted(points, "point", "points"),
                human_bytes(bytes),
                started.elapsed().as_secs_f64()
            );
            // Freeing millions of small strings takes most of a second; let
            // that happen beside the exit rather than before it.
            // If no thread can start, it is freed here instead.
            let _ = crate::jobs::detach("free-dataset", move || drop(dataset));
            0
        }
        Err(error @ load::WriteError::FileTooLarge { .. }) => {
            let _ = writeln!(
                err,
                "error: {error}; ask for fewer events (--events) or quotes (--quotes)"
            );
            EXIT_USAGE
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            write_exit_code(&error)
        }
    }
}

/// Whether `out` is the folder the input dataset was loaded from, which
/// converting would overwrite with itself, losing its comments.
fn is_input_folder(input: &Path, out: &Path) -> bool {
    let folder = if input.is_dir() {
        input
    } else if input.file_name().is_some_and(|name| name == "dataset.ron") {
        match input.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        }
    } else {
        return false;
    };
    match (folder.canonicalize(), out.canonicalize()) {
        (Ok(folder), Ok(out)) => folder == out,
        _ => false,
    }
}

/// `export`: draws and writes the image. Returns the exit code.
pub fn export(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // Refuse what cannot work before loading anything.
    if !args.story
        && let Err(error) = export::check_target(&args.out)
    {
        let _ = writeln!(err, "error: {error}");
        return exit_code_of(&error);
    }
    let mut parts = Vec::with_capacity(1 + args.layers.len());
    let paths = std::iter::once(args.path.as_deref()).chain(args.layers.iter().map(|p| Some(&**p)));
    for (key, path) in (0..).zip(paths) {
        match load_for_export(path, &args.import) {
            Ok(loaded) => parts.push((key, loaded.dataset)),
            Err(error) => {
                print_failure(&error, err);
                return load_exit_code(&error);
            }
        }
    }
    let (dataset, layers) = crate::model::merge(parts);
    let dataset = &dataset;
    let index = TimelineIndex::new(dataset);
    let base = match export_spec(args, dataset, &index) {
        Ok(mut spec) => {
            spec.layers = layers;
            spec
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return exit_code_of(&error);
        }
    };
    if args.story {
        let format = args.format.unwrap_or(FormatArg::Png).into();
        let spec_of = |view: usize| view_spec(args, &base, dataset, view);
        return match export::story::export_story(
            dataset,
            &index,
            &args.out,
            format,
            crate::view::first_views(dataset, &base.layers),
            &spec_of,
            &ExportControl::default(),
        ) {
            Ok(reports) => {
                let _ = writeln!(
                    out,
                    "wrote {} ({})",
                    args.out.display(),
                    counted(reports.len(), "image", "images")
                );
                for report in &reports {
                    report_written(report, &base, true, out, err);
                }
                0
            }
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                exit_code_of(&error)
            }
        };
    }
    let spec = match &args.view {
        Some(id) => match crate::view::view_by_id(dataset, &base.layers, id) {
            Some(view) => view_spec(args, &base, dataset, view),
            None => Err(ExportError::UnknownView {
                id: id.clone(),
                known: known_views(dataset, &base.layers),
            }),
        },
        None => Ok(base),
    };
    let spec = match spec {
        Ok(spec) => spec,
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            return exit_code_of(&error);
        }
    };
    match export::export_to_file(dataset, &index, &spec, &args.out, &ExportControl::default()) {
        Ok(report) => {
            report_written(&report, &spec, false, out, err);
            0
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            exit_code_of(&error)
        }
    }
}

/// "wrote FILE (W × H px, SIZE FORMAT)", and a note on what it could not
/// draw, naming the file when `of_many`.
fn report_written(
    report: &export::ExportReport,
    spec: &ExportSpec,
    of_many: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) {
    let [width, height] = report.pixel_size;
    let _ = writeln!(
        out,
        "wrote {} ({} × {} px, {} {})",
        report.path.display(),
        width,
        height,
        human_bytes(report.bytes),
        report.format.extension().to_uppercase()
    );
    if report.undrawn > 0 {
        let advice = if spec.fit_rows {
            format!(
                "no image within {} px a side holds them all; export a shorter range \
                 (--from, --to)",
                export::MAX_SIDE_PX
            )
        } else {
            "export with --height auto, or a shorter range (--from, --to)".to_owned()
        };
        let file = if of_many {
            format!("{}: ", report.path.display())
        } else {
            String::new()
        };
        let _ = writeln!(
            err,
            "note: {file}{} events in the range are not drawn (counted in badges, or in \
             lanes below the image's edge); {advice}",
            report.undrawn,
        );
    }
}

/// The views' ids, for a message: "(none)" when there are none.
fn known_views(dataset: &Dataset, layers: &crate::model::Layers) -> String {
    let range = crate::view::first_views(dataset, layers);
    let ids = crate::view::view_ids(dataset.views.get(range).unwrap_or_default());
    if ids.is_empty() {
        return "(none)".to_owned();
    }
    let mut shown: Vec<String> = ids
        .iter()
        .take(KNOWN_VIEWS_SHOWN)
        .map(|id| format!("`{id}`"))
        .collect();
    if ids.len() > KNOWN_VIEWS_SHOWN {
        shown.push(format!("and {} more", ids.len() - KNOWN_VIEWS_SHOWN));
    }
    shown.join(", ")
}

/// The most view ids a message lists.
const KNOWN_VIEWS_SHOWN: usize = 20;

/// The spec of `base` showing the view at `view`: its range, lanes,
/// selection and caption, except what the arguments give themselves.
fn view_spec(
    args: &ExportArgs,
    base: &ExportSpec,
    dataset: &Dataset,
    view: usize,
) -> Result<ExportSpec, ExportError> {
    let mut spec = base.clone();
    if !spec.show_view(dataset, view) {
        return Err(ExportError::UnknownView {
            id: view.to_string(),
            known: known_views(dataset, &base.layers),
        });
    }
    if let Some(from) = args.import.from {
        spec.range.start = from.start_instant();
    }
    if let Some(to) = args.import.to {
        spec.range.end = to.end_instant();
    }
    if args.lanes.is_some() {
        spec.hidden_lanes.clone_from(&base.hidden_lanes);
    }
    if args.caption.is_some() || args.no_caption {
        spec.caption = base.caption.clone();
    }
    if spec.range.start >= spec.range.end {
        return Err(ExportError::BadRange {
            from: time_text(spec.range.start),
            to: time_text(spec.range.end),
        });
    }
    spec.validate()?;
    Ok(spec)
}

/// Loads what `export` draws. `--from` and `--to` are the range drawn, and
/// also choose the rows of a UCDP GED or ACLED file; for any other dataset
/// they are only the range, so their refusal there is not an error.
fn load_for_export(path: Option<&Path>, import: &ImportArgs) -> Result<Loaded, load::LoadError> {
    let only_dates = import.countries.is_empty() && import.group_by.is_none();
    load_where_options_apply(path, &import.options(), only_dates)
}

/// The export request the arguments describe.
pub(crate) fn export_spec(
    args: &ExportArgs,
    dataset: &Dataset,
    index: &TimelineIndex,
) -> Result<ExportSpec, ExportError> {
    // The dataset's own view, or the whole data fitted at the image's
    // width with the room its end items need.
    let default = || {
        let ends = crate::render::timeline::data_ends(dataset, index);
        initial_view(dataset, &ends.limits(args.width as f32))
    };
    let (start, end) = match (args.import.from, args.import.to) {
        (Some(from), Some(to)) => (from.start_instant(), to.end_instant()),
        (from, to) => {
            let default = default();
            (
                from.map_or(default.start, |d| d.start_instant()),
                to.map_or(default.end, |d| d.end_instant()),
            )
        }
    };
    if start >= end {
        let describe = |date: Option<Date>, time: f64| {
            date.map_or_else(
                || format!("the default ({})", time_text(time)),
                |d| d.to_string(),
            )
        };
        return Err(ExportError::BadRange {
            from: describe(args.import.from, start),
            to: describe(args.import.to, end),
        });
    }
    let mut spec = ExportSpec::new(dataset, TimeView::new(start, end));
    spec.width = args.width;
    match args.height {
        HeightArg::Points(height) => spec.height = height,
        HeightArg::Auto => spec.fit_rows = true,
    }
    spec.scale = args.scale;
    spec.theme = match args.theme {
        ThemeArg::Light => ExportTheme::Light,
        ThemeArg::Dark => ExportTheme::Dark,
        ThemeArg::HighContrast => ExportTheme::HighContrast,
    };
    spec.figures = args.figures;
    spec.caption = match (&args.caption, args.no_caption) {
        (_, true) => Caption::None,
        (Some(text), false) => Caption::Custom(text.clone()),
        (None, false) => Caption::Standard,
    };
    if let Some(lanes) = &args.lanes {
        // A lane is named by its id as its layer's files write it: a `war`
        // of two layers names both.
        let written = |lane: &crate::model::Lane| crate::model::plain_id(&lane.id).to_owned();
        for id in lanes {
            if !dataset.lanes.iter().any(|lane| written(lane) == *id) {
                let mut seen = std::collections::HashSet::new();
                let known: Vec<String> = dataset
                    .lanes
                    .iter()
                    .map(written)
                    .filter(|id| seen.insert(id.clone()))
                    .collect();
                return Err(ExportError::UnknownLane {
                    id: id.clone(),
                    known: known.join(", "),
                });
            }
        }
        spec.hidden_lanes = dataset
            .lanes
            .iter()
            .map(|lane| !lanes.contains(&written(lane)))
            .collect();
    }
    spec.validate()?;
    Ok(spec)
}

/// A target that is not a folder one may write a dataset into is a usage
/// error (2); anything else that stops a write is an I/O error (1).
fn write_exit_code(error: &load::WriteError) -> u8 {
    match error {
        load::WriteError::NotAFolder { .. } | load::WriteError::NotADatasetFolder { .. } => {
            EXIT_USAGE
        }
        _ => EXIT_DATA_ERROR,
    }
}

/// Usage errors exit 2; data and file errors exit 1.
fn exit_code_of(error: &ExportError) -> u8 {
    match error {
        ExportError::BadSize { .. }
        | ExportError::BadScale(_)
        | ExportError::UnknownFormat(_)
        | ExportError::IsAFolder(_)
        | ExportError::BadRange { .. }
        | ExportError::UnknownLane { .. }
        | ExportError::UnknownView { .. }
        | ExportError::StoryNotAFolder(_)
        | ExportError::NotAStoryFolder { .. } => EXIT_USAGE,
        ExportError::MissingFolder { .. }
        | ExportError::ParentIsAFile { .. }
        | ExportError::Write { .. }
        | ExportError::Encode(_)
        | ExportError::Pdf(_)
        | ExportError::NoViews
        | ExportError::Cancelled => EXIT_DATA_ERROR,
    }
}

fn human_bytes(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// A time as a date, within the range dates can name: the second for an
/// instant inside the calendar, the year beyond it.
fn time_text(time: f64) -> String {
    Date::nearest(time, Precision::Second)
        .map_or_else(|| "not a time".to_owned(), |d| d.to_string())
}

fn print_diagnostics(diagnostics: &[Diagnostic], to: &mut dyn Write) {
    for diagnostic in diagnostics {
        let _ = writeln!(to, "{diagnostic}");
    }
}

/// `… and 5 more errors`, after the first [`load::MAX_REPORTED`].
fn print_omitted(count: usize, what: &str, to: &mut dyn Write) {
    if let Some(line) = load::omitted_line(count, what) {
        let _ = writeln!(to, "{line}");
    }
}

/// The errors (the first [`load::MAX_REPORTED`], then how many more), the
/// warnings likewise, and the total.
fn print_failure(error: &load::LoadError, to: &mut dyn Write) {
    let (errors, warnings): (Vec<_>, Vec<_>) = error.diagnostics.iter().partition(|d| d.is_error());
    for diagnostic in errors {
        let _ = writeln!(to, "{diagnostic}");
    }
    print_omitted(error.omitted_errors, "error", to);
    for diagnostic in warnings {
        let _ = writeln!(to, "{diagnostic}");
    }
    print_omitted(error.omitted_warnings, "warning", to);
    let errors = error.error_count();
    let plural = if errors == 1 { "" } else { "s" };
    let _ = writeln!(
        to,
        "error: the dataset did not load: {errors} error{plural}"
    );
}

/// A one-screen summary of a loaded dataset.
pub fn summary(loaded: &Loaded) -> String {
    let dataset = &loaded.dataset;
    let origin = match &loaded.origin {
        load::Origin::BuiltIn => load::BUILTIN_NAME.to_owned(),
        load::Origin::Folder(path) | load::Origin::File(path) => path.display().to_string(),
    };
    let mut text = format!("{}\n", dataset.title);
    let mut line = |label: &str, value: String| text.push_str(&format!("  {label:<9} {value}\n"));
    line("dataset", origin);
    line("span", span_text(dataset));
    let lanes = dataset
        .lanes
        .iter()
        .map(|lane| {
            let count = dataset.events.iter().filter(|e| e.lane == lane.id).count();
            format!("{} ({count})", lane.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    line("lanes", format!("{}: {lanes}", dataset.lanes.len()));
    let ranges = dataset.events.iter().filter(|e| !e.is_point()).count();
    let ongoing = dataset.events.iter().filter(|e| e.ongoing).count();
    line(
        "events",
        format!(
            "{} ({}, {} of which {ongoing} ongoing)",
            dataset.events.len(),
            counted(dataset.events.len() - ranges, "point", "points"),
            counted(ranges, "range", "ranges")
        ),
    );
    let mut speakers: Vec<&str> = dataset.quotes.iter().map(|q| q.speaker.as_str()).collect();
    speakers.sort_unstable();
    speakers.dedup();
    line(
        "quotes",
        format!(
            "{} by {}",
            dataset.quotes.len(),
            counted(speakers.len(), "speaker", "speakers")
        ),
    );
    let points: usize = dataset.displacement.iter().map(|s| s.points.len()).sum();
    line(
        "series",
        format!(
            "{} with {}",
            dataset.displacement.len(),
            counted(points, "point", "points")
        ),
    );
    line("sources", dataset.sources.len().to_string());
    line("eras", dataset.eras.len().to_string());
    line("views", dataset.views.len().to_string());
    line("warnings", loaded.warning_count().to_string());
    text
}

/// The data's first and last dates as written, in words: "13.8 billion
/// years ago – 27 February 2016, 00:00 (UTC+2)".
fn span_text(dataset: &Dataset) -> String {
    match dataset.first_and_last_dates() {
        Some((first, last)) if first == last => first.to_string(),
        Some((first, last)) => format!("{first} – {last}"),
        None => "no dates".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn export_args(width: u32) -> ExportArgs {
        ExportArgs {
            path: None,
            out: PathBuf::from("whole.png"),
            view: None,
            story: false,
            format: None,
            layers: Vec::new(),
            import: ImportArgs::default(),
            width,
            height: HeightArg::Points(1080),
            scale: 1.0,
            theme: ThemeArg::Light,
            lanes: None,
            figures: false,
            caption: None,
            no_caption: false,
        }
    }

    #[test]
    fn the_default_range_without_a_view_is_the_data_with_its_end_labels_whole() {
        let mut dataset = load::load_builtin().unwrap().dataset;
        dataset.view = None;
        let index = TimelineIndex::new(&dataset);
        for width in [1000, 1920] {
            let spec = export_spec(&export_args(width), &dataset, &index).unwrap();
            let range = spec.range;
            let days_per_pt = range.span() / f64::from(width);
            // It starts the first marker's half and the pad before the
            // first event's centre: no margin of the span.
            let first = index.spans[index.by_date[0] as usize];
            let metrics = crate::view::LayoutMetrics::default();
            let room = f64::from(metrics.marker_radius + crate::render::theme::item::END_PAD);
            let centre = 0.5 * (first.start + first.end);
            assert!(
                ((centre - range.start) / days_per_pt - room).abs() < 1e-6,
                "{width}: {range:?}"
            );
            // Drawn, every label it shows ends inside the image.
            let picture = export::draw(&dataset, &index, &spec).unwrap();
            let placement = &picture.timeline;
            let right = placement.transform.left + placement.transform.width;
            for item in &placement.scene.items {
                let label = item.label.map_or(item.rect.right(), |l| l.x + l.max_width);
                assert!(label <= right + 1e-3, "{width}: {item:?}");
            }
        }
    }

    #[test]
    fn the_default_range_with_a_view_is_the_view_as_written() {
        let dataset = load::load_builtin().unwrap().dataset;
        let index = TimelineIndex::new(&dataset);
        let spec = export_spec(&export_args(1920), &dataset, &index).unwrap();
        let view = dataset.view.unwrap();
        assert_eq!(
            (spec.range.start, spec.range.end),
            (view.start.start_instant(), view.end.end_instant())
        );
    }
}
