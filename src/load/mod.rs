//! Loading datasets: from a folder, a single `.ron` file, the built-in one,
//! or a timeline in another format converted on load ([`import`]: TimelineJS3
//! `.json` and TimelineJS sheet `.csv`; a `.csv` with UCDP GED's columns is
//! read as GED event data).
//!
//! Loading never panics and never stops at the first problem. It returns every
//! error it finds, each with file, line and column, what is wrong and what
//! would be right ([`Diagnostic`]), plus warnings for what is valid but
//! suspicious. The pipeline is: read the files (size limit, UTF-8) →
//! [`parse`] them item by item with places → [`validate`] references, ids
//! and values. Imported files are converted into the model first and then
//! validated the same way. [`write_folder`] writes a dataset back out in the
//! folder form.

mod builtin;
mod diagnostic;
mod fast;
mod html;
pub(crate) mod import;
mod parse;
pub(crate) mod scan;
mod validate;
pub(crate) mod windowed;
mod workspace;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) use builtin::{BUILTIN_NAME, builtin_files};
pub use diagnostic::{Diagnostic, LineCol, MAX_REPORTED, Place, Problem, Severity};
pub use import::{ConflictFormat, ConflictSurvey};
pub(crate) use validate::parse_hex_color;
pub use workspace::{
    Workspace, WorkspaceLayer, is_workspace_file, parse_workspace, read_workspace, workspace_text,
    write_workspace,
};
pub use write::{
    FOLDER_FILES, WriteError, WriteOptions, WrittenFolder, to_folder_ron, to_single_file_ron,
    to_views_ron, write_folder,
};
pub(crate) use write::{WriteFile, human_size, write_folder_with};

use crate::model::{Dataset, Date};
use diagnostic::Collector;
use parse::{FileText, Parser, Places, Section};
use windowed::Windowing;

/// Limits and choices of a load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files larger than this are refused before they are read.
    pub max_file_bytes: u64,
    /// The limit instead for conflict event data: a `.csv` (or the `.csv` of
    /// a `.gz` or `.zip`) whose header, in its first
    /// [`EVENT_DATA_PEEK_BYTES`], is UCDP GED's or ACLED's. Their global
    /// files are gigabytes where a dataset is megabytes.
    pub max_event_data_bytes: u64,
    /// What to take from conflict event data (UCDP GED, ACLED) and how to
    /// lay it out.
    pub import: ImportOptions,
}

/// Choices for opening conflict event data (a UCDP GED or ACLED file): which
/// rows become events and which column makes the lanes. The same options
/// serve `check`, `convert`, `export` and the app, and a reload keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Only rows of these countries (as the file names them); all when empty.
    pub countries: Vec<String>,
    /// Only events that end on or after this date.
    pub from: Option<Date>,
    /// Only events that start on or before this date.
    pub to: Option<Date>,
    /// The column whose values make the lanes, instead of the type of
    /// violence (GED) or the event type (ACLED).
    pub group_by: Option<String>,
}

impl ImportOptions {
    /// Whether no option is set: every row, the default lanes.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// The environment variable that raises (or lowers) the file size limit of
/// the command line and the app: bytes, or a number with `K`, `M` or `G`.
pub(crate) const MAX_FILE_BYTES_VAR: &str = "CONFLICT_TIMELINE_MAX_FILE_BYTES";

/// How much of a file's start is read to tell conflict event data by its
/// header, before the file is read whole.
pub const EVENT_DATA_PEEK_BYTES: usize = 64 * 1024;

impl LoadOptions {
    /// 256 MiB, enough for several million events.
    pub(crate) const DEFAULT_MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
    /// 4 GiB: ACLED's global export (2.5 million rows) is about 1.3 GiB,
    /// UCDP GED's about 330 MiB.
    pub(crate) const DEFAULT_MAX_EVENT_DATA_BYTES: u64 = 4 * 1024 * 1024 * 1024;

    /// The limit for a file whose start is `start`: the event data limit
    /// when it is a GED or ACLED header, else the dataset file limit.
    pub(crate) fn limit_for(&self, start: &[u8]) -> u64 {
        if import::is_event_data(start) {
            self.max_event_data_bytes
        } else {
            self.max_file_bytes
        }
    }

    /// The larger of the two limits: what no file may exceed.
    fn largest_limit(&self) -> u64 {
        self.max_file_bytes.max(self.max_event_data_bytes)
    }

    /// The default options, with the size limit taken from
    /// [`MAX_FILE_BYTES_VAR`] when it is set. A value that is not a size is
    /// an error naming the variable, rather than silently ignored.
    pub(crate) fn from_env() -> Result<Self, LoadError> {
        match std::env::var_os(MAX_FILE_BYTES_VAR) {
            // Set but empty, as `VAR= command` leaves it: not set.
            None => Ok(Self::default()),
            Some(value) if value.is_empty() => Ok(Self::default()),
            Some(value) => {
                let value = value.to_string_lossy();
                match parse_byte_size(&value) {
                    // The variable sets the one limit for every file.
                    Some(max_file_bytes) => Ok(Self {
                        max_file_bytes,
                        max_event_data_bytes: max_file_bytes,
                        ..Self::default()
                    }),
                    None => Err(LoadError::single(
                        whole_file(MAX_FILE_BYTES_VAR),
                        Problem::BadFileLimit {
                            value: value.into_owned(),
                        },
                    )),
                }
            }
        }
    }
}

/// `1048576`, `512K`, `512M`, `1G` (powers of 1024; a trailing `B` or `iB`
/// is allowed, case does not matter).
pub fn parse_byte_size(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_uppercase();
    let text = text
        .strip_suffix("IB")
        .or_else(|| text.strip_suffix('B'))
        .unwrap_or(&text);
    let (digits, shift) = match text.as_bytes().last()? {
        b'K' => (&text[..text.len() - 1], 10),
        b'M' => (&text[..text.len() - 1], 20),
        b'G' => (&text[..text.len() - 1], 30),
        b'T' => (&text[..text.len() - 1], 40),
        _ => (text, 0),
    };
    let digits = digits.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(1 << shift)
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: Self::DEFAULT_MAX_FILE_BYTES,
            max_event_data_bytes: Self::DEFAULT_MAX_EVENT_DATA_BYTES,
            import: ImportOptions::default(),
        }
    }
}

/// Where a dataset came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The dataset compiled into the binary.
    BuiltIn,
    /// A dataset folder.
    Folder(PathBuf),
    /// A single file: a `.ron` dataset, or a TimelineJS `.json` or `.csv`
    /// file or an ACLED export `.csv`, converted on load.
    File(PathBuf),
}

/// A dataset that loaded, with the warnings it loaded with.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub origin: Origin,
    /// The first [`MAX_REPORTED`] warnings in file order.
    pub warnings: Vec<Diagnostic>,
    /// How many more warnings there were.
    pub omitted_warnings: usize,
    /// The import options it was opened with (see [`LoadOptions::import`]),
    /// for a reload to use again.
    pub import: ImportOptions,
}

impl Loaded {
    /// Every warning, the omitted ones too.
    pub fn warning_count(&self) -> usize {
        self.warnings.len() + self.omitted_warnings
    }
}

/// A dataset that did not load: the first [`MAX_REPORTED`] errors in file
/// order, as many warnings, and how many more of each there were.
#[derive(Clone, Debug, Default, thiserror::Error)]
#[error("{}", summary(.diagnostics, *.omitted_errors))]
pub struct LoadError {
    /// Errors first, each group in file and line order.
    pub diagnostics: Vec<Diagnostic>,
    /// Errors found beyond those in `diagnostics`.
    pub omitted_errors: usize,
    /// Warnings found beyond those in `diagnostics`.
    pub omitted_warnings: usize,
}

/// `… and 5 more errors` for `count` problems left out of a report, or
/// `None` when none were.
pub(crate) fn omitted_line(count: usize, what: &str) -> Option<String> {
    (count > 0).then(|| {
        format!(
            "… and {}",
            crate::model::counted(count, &format!("more {what}"), &format!("more {what}s"))
        )
    })
}

fn summary(diagnostics: &[Diagnostic], omitted_errors: usize) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count() + omitted_errors;
    let first = diagnostics.iter().find(|d| d.is_error());
    match first {
        Some(first) if errors == 1 => format!("the dataset has an error: {first}"),
        Some(first) => format!("the dataset has {errors} errors; the first: {first}"),
        None => "the dataset could not be loaded".to_owned(),
    }
}

impl LoadError {
    fn single(place: Place, problem: Problem) -> Self {
        Self {
            diagnostics: vec![Diagnostic { place, problem }],
            ..Self::default()
        }
    }

    /// Every error, the omitted ones too.
    pub fn error_count(&self) -> usize {
        self.errors().count() + self.omitted_errors
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl Dataset {
    /// Loads a dataset folder, a single `.ron` file, or a TimelineJS `.json`
    /// or `.csv` file, with default options.
    pub fn load(path: impl AsRef<Path>) -> Result<Loaded, LoadError> {
        load_path(path.as_ref(), &LoadOptions::default())
    }

    /// The dataset built into the binary.
    pub fn builtin() -> Result<Loaded, LoadError> {
        load_builtin()
    }
}

/// The kinds of single file [`load_path`] reads, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Ron,
    TimelineJsJson,
    TimelineJsCsv,
}

impl FileKind {
    /// The kind a file name's extension says.
    fn of_name(name: &str) -> Option<Self> {
        let (_, extension) = name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "ron" => Some(Self::Ron),
            "json" => Some(Self::TimelineJsJson),
            "csv" => Some(Self::TimelineJsCsv),
            _ => None,
        }
    }

    /// The converter of a file to import; `None` for RON.
    fn converter(self) -> Option<Converter> {
        match self {
            Self::Ron => None,
            Self::TimelineJsJson => Some(import::convert_json as Converter),
            Self::TimelineJsCsv => Some(import::convert_csv as Converter),
        }
    }
}

/// Refuses import options (`--country`, …) for what they cannot apply to:
/// `what` names it.
fn refuse_import_options(
    display: &str,
    what: &str,
    options: &LoadOptions,
) -> Result<(), LoadError> {
    if options.import.is_empty() {
        return Ok(());
    }
    Err(LoadError::single(
        whole_file(display),
        Problem::ImportOptionsNotApplicable { what: what.into() },
    ))
}

impl FileKind {
    /// [`refuse_import_options`] for a file of this kind; a `.csv` is
    /// judged by its header when it is converted.
    fn refuse_import_options(self, display: &str, options: &LoadOptions) -> Result<(), LoadError> {
        match self {
            Self::Ron => refuse_import_options(display, "a RON dataset", options),
            Self::TimelineJsJson => {
                refuse_import_options(display, "a TimelineJS JSON file", options)
            }
            Self::TimelineJsCsv => Ok(()),
        }
    }
}

/// How a single file holds its text: as it is, gzip-compressed
/// (`events.csv.gz`), or as the one file of a zip archive (`ged.zip`, as
/// UCDP distributes its datasets). Only files to import come compressed: a
/// RON dataset is the app's own, saved back as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Packing {
    Plain(FileKind),
    Gzip(FileKind),
    Zip,
}

impl Packing {
    fn of(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?;
        let (stem, extension) = name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "gz" => FileKind::of_name(stem)
                .filter(|kind| *kind != FileKind::Ron)
                .map(Self::Gzip),
            "zip" => Some(Self::Zip),
            _ => FileKind::of_name(name).map(Self::Plain),
        }
    }
}

/// Loads a dataset from a folder, a `.ron` file, or a timeline to convert:
/// TimelineJS3 JSON (`.json`) or a TimelineJS sheet saved as CSV (`.csv`).
///
/// A path to the `dataset.ron` of a folder that also holds section files
/// (`events.ron`, …) loads that whole folder, which is what anyone pointing at
/// it means.
pub fn load_path(path: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let loaded = load_path_as_given(path, options);
    // What the read used on the way (its windows, the lists each core read
    // into) is free now: returned to the system, not kept for later.
    crate::memory::give_back();
    let mut loaded = loaded?;
    loaded.import = options.import.clone();
    Ok(loaded)
}

/// [`load_path`], without noting the import options.
fn load_path_as_given(path: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let display = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|error| {
        LoadError::single(
            whole_file(&display),
            Problem::Io {
                path: display.clone(),
                message: read_failure(path, &error),
            },
        )
    })?;
    if metadata.is_dir() {
        refuse_import_options(&display, "a dataset folder", options)?;
        return load_folder(path, options);
    }
    if !metadata.is_file() {
        return Err(not_regular(&display, &metadata));
    }
    let kind = match Packing::of(path) {
        Some(Packing::Plain(kind)) => kind,
        Some(packing) => {
            let unpacked = unpack(path, packing, options)?;
            unpacked.kind.refuse_import_options(&display, options)?;
            let Some(convert) = unpacked.kind.converter() else {
                return Err(LoadError::single(
                    whole_file(&display),
                    Problem::UnsupportedFileType { path: display },
                ));
            };
            return load_import(
                &unpacked.name,
                &unpacked.text,
                convert,
                &options.import,
                Origin::File(path.to_path_buf()),
            );
        }
        None => {
            return Err(LoadError::single(
                whole_file(&display),
                Problem::UnsupportedFileType { path: display },
            ));
        }
    };
    kind.refuse_import_options(&display, options)?;
    if kind == FileKind::TimelineJsCsv
        && let Some(loaded) = load_in_windows(path, &display, options)?
    {
        return loaded;
    }
    if let Some(convert) = kind.converter() {
        let text = read_text(path, options, kind == FileKind::TimelineJsCsv)?;
        return load_import(
            &display,
            &text,
            convert,
            &options.import,
            Origin::File(path.to_path_buf()),
        );
    }
    if path.file_name().is_some_and(|name| name == "dataset.ron")
        && let Some(folder) = path.parent()
        && Section::ALL
            .iter()
            .any(|section| folder.join(section.file_name()).is_file())
    {
        return load_folder(folder, options);
    }
    let text = read_text(path, options, false)?;
    let files = vec![FileText::new(display.into(), &text)];
    finish(
        &files,
        &[],
        Vec::new(),
        None,
        Origin::File(path.to_path_buf()),
    )
}

/// Loads a conflict event file too big to hold whole a window at a time
/// (`import::windows`); `None` when it is to be read whole.
fn load_in_windows(
    path: &Path,
    display: &str,
    options: &LoadOptions,
) -> Result<Option<Result<Loaded, LoadError>>, LoadError> {
    // A smaller file is not opened twice: it is read whole.
    if std::fs::metadata(path).is_ok_and(|metadata| metadata.len() < import::MIN_WINDOWED_BYTES) {
        return Ok(None);
    }
    let (file, size, _, start) = open_within_limit(path, options, true)?;
    let name: Arc<str> = display.into();
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some((converted, whole)) =
        import::convert_event_file_in_windows(&file, (size, &start), &name, &stem, &options.import)
    else {
        return Ok(None);
    };
    Ok(Some(conclude(
        &[whole],
        converted.dataset,
        &converted.places,
        converted.diagnostics,
        Origin::File(path.to_path_buf()),
    )))
}

/// Surveys a conflict event file without converting it ([`ConflictSurvey`]:
/// its format, countries with their row counts, the columns lanes can be
/// made from, its dates), for choosing [`ImportOptions`] before opening it.
/// `None` for anything that is not a UCDP GED or ACLED `.csv` (also inside
/// a `.gz` or `.zip`, read as [`load_path`] reads them, within the same size
/// limit); an error when the file cannot be read.
pub fn survey_conflict_file(
    path: &Path,
    options: &LoadOptions,
) -> Result<Option<ConflictSurvey>, LoadError> {
    let text = match Packing::of(path) {
        Some(Packing::Plain(FileKind::TimelineJsCsv)) => {
            return survey_plain_csv(path, options);
        }
        Some(packing @ (Packing::Gzip(FileKind::TimelineJsCsv) | Packing::Zip)) => {
            let unpacked = unpack(path, packing, options)?;
            if unpacked.kind != FileKind::TimelineJsCsv {
                return Ok(None);
            }
            unpacked.text
        }
        _ => return Ok(None),
    };
    Ok(import::survey_csv(text.as_bytes()))
}

/// [`survey_conflict_file`] for a plain `.csv`: read as it is surveyed,
/// never whole, within the limit its header calls for.
fn survey_plain_csv(
    path: &Path,
    options: &LoadOptions,
) -> Result<Option<ConflictSurvey>, LoadError> {
    use std::io::Read as _;

    let (file, _, limit, start) = open_within_limit(path, options, true)?;
    // The survey's reader buffers what it reads.
    let rest = file.take(limit.saturating_sub(start.len() as u64));
    Ok(import::survey_csv(start.as_slice().chain(rest)))
}

/// Loads the single-file form from a string; `name` is used in messages.
pub fn load_ron_str(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let files = vec![FileText::new(name.into(), text)];
    finish(
        &files,
        &[],
        Vec::new(),
        None,
        Origin::File(PathBuf::from(name)),
    )
}

/// Converts a TimelineJS3 JSON text; `name` is used in messages, and its stem
/// is the title of a timeline without a title slide.
pub fn load_timelinejs_json_str(name: &str, text: &str) -> Result<Loaded, LoadError> {
    load_import(
        name,
        text,
        import::convert_json,
        &ImportOptions::default(),
        Origin::File(PathBuf::from(name)),
    )
}

/// Converts a CSV text as a `.csv` file is opened: an ACLED export or a UCDP
/// GED event file when its header has their columns, else a TimelineJS
/// sheet. `name` is used in messages, and its stem is the title of a sheet
/// without a title row and part of a GED file's title.
pub fn load_timelinejs_csv_str(name: &str, text: &str) -> Result<Loaded, LoadError> {
    load_import(
        name,
        text,
        import::convert_csv,
        &ImportOptions::default(),
        Origin::File(PathBuf::from(name)),
    )
}

/// Turns an imported file into the model; the second argument is the title
/// to use when the file gives none, the third what to take from conflict
/// event data.
type Converter = fn(&FileText<'_>, &str, &ImportOptions) -> import::Converted;

/// Converts an imported file and validates the result like a RON dataset.
fn load_import(
    name: &str,
    text: &str,
    convert: Converter,
    import: &ImportOptions,
    origin: Origin,
) -> Result<Loaded, LoadError> {
    let files = vec![FileText::new(name.into(), text)];
    let stem = Path::new(name)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let converted = convert(&files[0], &stem, import);
    let diagnostics = converted.diagnostics;
    conclude(
        &files,
        converted.dataset,
        &converted.places,
        diagnostics,
        origin,
    )
}

/// Loads the dataset compiled into the binary.
pub fn load_builtin() -> Result<Loaded, LoadError> {
    let texts = builtin_files();
    let mut files = Vec::new();
    let mut sections = Vec::new();
    for (file_name, text) in texts {
        let name: Arc<str> = format!("{BUILTIN_NAME}/{file_name}").into();
        if let Some(section) = Section::ALL.iter().find(|s| s.file_name() == file_name) {
            sections.push((*section, files.len()));
        }
        files.push(FileText::new(name, text));
    }
    finish(&files, &sections, Vec::new(), None, Origin::BuiltIn)
}

fn load_folder(folder: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    load_folder_with(folder, options, Windowing::DEFAULT)
}

/// [`load_folder`], a big `events.ron` read a window at a time as
/// `windowing` says.
pub(crate) fn load_folder_with(
    folder: &Path,
    options: &LoadOptions,
    windowing: Windowing,
) -> Result<Loaded, LoadError> {
    let dataset_path = folder.join("dataset.ron");
    // A dataset.ron that is a folder, a pipe or a broken link is reported as
    // what it is by `read_text`; only a name that is not there is "missing".
    if std::fs::symlink_metadata(&dataset_path)
        .is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound)
    {
        let display = folder.display().to_string();
        return Err(LoadError::single(
            whole_file(&display),
            Problem::MissingDatasetFile { path: display },
        ));
    }
    let mut early = Vec::new();
    // Warn about `.ron` files that are not read: usually a misspelt section.
    if let Ok(entries) = std::fs::read_dir(folder) {
        let mut ignored: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| {
                name.ends_with(".ron")
                    && name != "dataset.ron"
                    && !Section::ALL
                        .iter()
                        .any(|section| section.file_name() == name)
            })
            .collect();
        ignored.sort();
        for name in ignored {
            let display = folder.join(&name).display().to_string();
            early.push(Diagnostic {
                place: whole_file(&display),
                problem: Problem::IgnoredFile { name },
            });
        }
    }

    let mut texts = Vec::new();
    let mut failures = Vec::new();
    // A big `events.ron` is read a window at a time, its text not held.
    let mut windowed = None;
    let mut read = |path: PathBuf, section: Option<Section>| {
        if section == Some(Section::Events) {
            match windowed::read_events(&path, options, texts.len(), windowing) {
                Ok(Some(read)) => {
                    windowed = Some(read);
                    texts.push((path.display().to_string(), None, section));
                    return;
                }
                Ok(None) => {}
                Err(error) => {
                    failures.extend(error.diagnostics);
                    return;
                }
            }
        }
        match read_text(&path, options, false) {
            Ok(text) => texts.push((path.display().to_string(), Some(text), section)),
            Err(error) => failures.extend(error.diagnostics),
        }
    };
    read(dataset_path, None);
    for section in Section::ALL {
        let path = folder.join(section.file_name());
        // Whatever has the name is read, or is an error: a broken link must
        // not pass for a dataset without events.
        if std::fs::symlink_metadata(&path).is_ok() {
            read(path, Some(section));
        }
    }
    if !failures.is_empty() {
        failures.extend(early);
        return Err(LoadError {
            diagnostics: failures,
            ..LoadError::default()
        });
    }
    let mut files = Vec::new();
    let mut sections = Vec::new();
    let mut events_read = None;
    for (name, text, section) in &texts {
        let file = match text {
            Some(text) => FileText::new(name.as_str().into(), text),
            None => {
                let Some((file, read)) = windowed.take() else {
                    continue;
                };
                events_read = Some(read);
                file
            }
        };
        if let Some(section) = section {
            sections.push((*section, files.len()));
        }
        files.push(file);
    }
    finish(
        &files,
        &sections,
        early,
        events_read,
        Origin::Folder(folder.to_path_buf()),
    )
}

/// Parses and validates read files; sorts the diagnostics. `early` are
/// found before parsing; `events_read`, the events of an `events.ron` read
/// a window at a time (its file has no text).
fn finish(
    files: &[FileText<'_>],
    sections: &[(Section, usize)],
    early: Vec<Diagnostic>,
    events_read: Option<parse::EventsRead>,
    origin: Origin,
) -> Result<Loaded, LoadError> {
    let mut diagnostics = Collector::default();
    diagnostics.extend(early);
    let parser = Parser::new(files, diagnostics)
        .with_events_read(events_read)
        .run(sections);
    conclude(
        files,
        parser.dataset,
        &parser.places,
        parser.diagnostics,
        origin,
    )
}

/// Validates a parsed or converted dataset; sorts the diagnostics and keeps
/// the first [`MAX_REPORTED`] of each severity.
fn conclude(
    files: &[FileText<'_>],
    mut dataset: Dataset,
    places: &Places,
    mut diagnostics: Collector,
    origin: Origin,
) -> Result<Loaded, LoadError> {
    validate::validate(&mut dataset, places, files, &mut diagnostics);
    let has_errors = diagnostics.has_errors();
    // Errors first; within each, by file and position (stable for equal places).
    let reported = diagnostics.finish();
    if has_errors {
        return Err(LoadError {
            diagnostics: reported.diagnostics,
            omitted_errors: reported.omitted_errors,
            omitted_warnings: reported.omitted_warnings,
        });
    }
    Ok(Loaded {
        dataset,
        origin,
        warnings: reported.diagnostics,
        omitted_warnings: reported.omitted_warnings,
        import: ImportOptions::default(),
    })
}

fn whole_file(display: &str) -> Place {
    Place {
        file: display.into(),
        position: None,
    }
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// Why a file that has a name cannot be read: for a link, where it leads.
fn read_failure(path: &Path, error: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && error.kind() == std::io::ErrorKind::NotFound {
        return match std::fs::read_link(path) {
            Ok(target) => format!("it is a link to {}, which does not exist", target.display()),
            Err(_) => "it is a link to a file that does not exist".to_owned(),
        };
    }
    if is_loop(error) {
        return "too many levels of links (the link leads to itself, or in a circle)".to_owned();
    }
    if error.kind() == std::io::ErrorKind::NotFound
        && let Some(old) = write::set_aside_folder(path)
    {
        return format!(
            "no such file or folder; a write into it was stopped half-way and left the folder as it \
             was at {}: the next convert or Save as into {} puts it back, or rename it back",
            old.display(),
            path.display()
        );
    }
    io_message(error)
}

/// Whether an error is "too many levels of symbolic links" (ELOOP).
fn is_loop(error: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62;
    cfg!(unix) && error.raw_os_error() == Some(ELOOP)
}

/// `PATH: error: not a regular file (…)`.
fn not_regular(display: &str, metadata: &std::fs::Metadata) -> LoadError {
    LoadError::single(
        whole_file(display),
        Problem::NotRegularFile {
            kind: file_kind(metadata).to_owned(),
        },
    )
}

fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "it is a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "it is a named pipe";
        }
        if file_type.is_socket() {
            return "it is a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "it is a device";
        }
    }
    "it is not a file"
}

/// Reads a file as UTF-8 within the size limit; a `.csv` (`by_header`)
/// within the limit its header calls for ([`LoadOptions::limit_for`]).
fn read_text(path: &Path, options: &LoadOptions, by_header: bool) -> Result<ReadText, LoadError> {
    let display = path.display().to_string();
    text_of(read_bytes(path, options, by_header)?, &display)
}

/// A file's bytes as read. A big file's are in memory mapped for them
/// alone ([`read_on_every_core`]), which goes back to the system the moment
/// it is dropped: a 200 MB `events.ron` freed through the allocator stayed
/// with the process a while after the dataset it made was done, now and
/// then for good.
enum FileBytes {
    Heap(Vec<u8>),
    Mapped(memmap2::MmapMut),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Self::Heap(bytes) => bytes,
            Self::Mapped(map) => map,
        }
    }
}

/// A file's text: its [`FileBytes`], checked to be UTF-8.
pub(crate) struct ReadText(TextBytes);

enum TextBytes {
    Heap(String),
    /// Checked once made; nothing writes to it from then on.
    Mapped(memmap2::MmapMut),
}

impl From<String> for ReadText {
    fn from(text: String) -> Self {
        Self(TextBytes::Heap(text))
    }
}

impl std::ops::Deref for ReadText {
    type Target = str;

    /// A mapped text is checked again (a few tens of milliseconds for
    /// 200 MB, by the standard library's vectorised check): each load takes
    /// it once or twice, and the check keeps the code safe.
    fn deref(&self) -> &str {
        match &self.0 {
            TextBytes::Heap(text) => text,
            TextBytes::Mapped(map) => std::str::from_utf8(map).unwrap_or_default(),
        }
    }
}

/// An error reading `path`, for messages.
fn io_failure(path: &Path, error: &std::io::Error) -> LoadError {
    let display = path.display().to_string();
    LoadError::single(
        whole_file(&display),
        Problem::Io {
            message: read_failure(path, error),
            path: display,
        },
    )
}

/// Opens a regular file for reading, with its size.
fn open_regular(path: &Path) -> Result<(std::fs::File, u64), LoadError> {
    let display = path.display().to_string();
    let io_error = |error: std::io::Error| io_failure(path, &error);
    // Opening a pipe waits for a writer, reading a device may never end:
    // only regular files are opened, and the opened one is checked again.
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(not_regular(&display, &metadata));
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(not_regular(&display, &metadata));
    }
    Ok((file, metadata.len()))
}

/// A regular file opened within its limit: `options.max_file_bytes`, or
/// with `by_header` the limit its first [`EVENT_DATA_PEEK_BYTES`] call for,
/// read first. Gives the file, its size, its limit and the bytes read.
fn open_within_limit(
    path: &Path,
    options: &LoadOptions,
    by_header: bool,
) -> Result<(std::fs::File, u64, u64, Vec<u8>), LoadError> {
    use std::io::Read as _;

    let (mut file, size) = open_regular(path)?;
    let mut start = Vec::new();
    let limit = if by_header {
        (&mut file)
            .take(EVENT_DATA_PEEK_BYTES as u64)
            .read_to_end(&mut start)
            .map_err(|error| io_failure(path, &error))?;
        options.limit_for(&start)
    } else {
        options.max_file_bytes
    };
    if size > limit {
        return Err(too_large(&path.display().to_string(), size, limit));
    }
    Ok((file, size, limit, start))
}

/// The bytes of a regular file within its limit ([`open_within_limit`]).
fn read_bytes(path: &Path, options: &LoadOptions, by_header: bool) -> Result<FileBytes, LoadError> {
    use std::io::Read as _;

    let display = path.display().to_string();
    let io_error = |error: std::io::Error| io_failure(path, &error);
    let (file, size, limit, mut bytes) = open_within_limit(path, options, by_header)?;
    if let Ok(size) = usize::try_from(size)
        && size >= PARALLEL_READ_BYTES
        && let Some(whole) = read_on_every_core(&file, &bytes, size)
    {
        return Ok(FileBytes::Mapped(whole));
    }
    bytes.reserve(
        usize::try_from(size)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    // The file may grow between the size check and the read.
    file.take(limit.saturating_add(1).saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&display, bytes.len() as u64, limit));
    }
    Ok(FileBytes::Heap(bytes))
}

/// Files from this size on are read on every core ([`read_on_every_core`]).
const PARALLEL_READ_BYTES: usize = 64 << 20;

/// The `size` bytes of `file`, `head` (its first bytes, read already) and
/// the rest read in one part per core: most of the time a big read takes
/// is the kernel's copy into fresh memory, which then runs on each core.
/// `None` when the file is no longer `size` bytes long, or a read fails
/// (the caller then reads it the ordinary way, which reports the error).
#[cfg(unix)]
fn read_on_every_core(file: &std::fs::File, head: &[u8], size: usize) -> Option<memmap2::MmapMut> {
    use std::os::unix::fs::FileExt as _;
    use std::sync::Mutex;

    // Zeroed memory fresh from the system, mapped for these bytes alone
    // (see `FileBytes`): not touched until read into.
    let mut bytes = memmap2::MmapMut::map_anon(size).ok()?;
    bytes.get_mut(..head.len())?.copy_from_slice(head);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let part_bytes = (size - head.len()).div_ceil(cores).max(1);
    // Each part's offset in the file and its room, taken by its reader.
    type Part<'b> = Mutex<Option<(u64, &'b mut [u8])>>;
    let parts: Vec<Part<'_>> = bytes[head.len()..]
        .chunks_mut(part_bytes)
        .enumerate()
        .map(|(index, part)| Mutex::new(Some(((head.len() + index * part_bytes) as u64, part))))
        .collect();
    let read = crate::jobs::on_every_core(parts.len(), |index| {
        let (offset, part) = parts.get(index)?.lock().ok()?.take()?;
        file.read_exact_at(part, offset).ok()
    });
    drop(parts);
    if read.iter().any(Option::is_none) {
        return None;
    }
    // Grown since its size was taken: read again, with the limit.
    let mut after = [0_u8; 1];
    if file.read_at(&mut after, size as u64).ok()? != 0 {
        return None;
    }
    Some(bytes)
}

#[cfg(not(unix))]
fn read_on_every_core(
    _file: &std::fs::File,
    _head: &[u8],
    _size: usize,
) -> Option<memmap2::MmapMut> {
    None
}

fn too_large(display: &str, size: u64, limit: u64) -> LoadError {
    LoadError::single(whole_file(display), Problem::TooLarge { size, limit })
}

/// The text of a file's bytes, or where they stop being UTF-8.
fn text_of(bytes: impl Into<FileBytes>, display: &str) -> Result<ReadText, LoadError> {
    let not_utf8 = |bytes: &[u8], error: std::str::Utf8Error| {
        let byte_offset = error.valid_up_to();
        let valid = std::str::from_utf8(&bytes[..byte_offset]).unwrap_or_default();
        let position = diagnostic::LineIndex::new(valid).line_col(byte_offset);
        LoadError::single(
            Place {
                file: display.into(),
                position: Some(position),
            },
            Problem::NotUtf8 { byte_offset },
        )
    };
    match bytes.into() {
        FileBytes::Heap(bytes) => String::from_utf8(bytes)
            .map(ReadText::from)
            .map_err(|error| not_utf8(error.as_bytes(), error.utf8_error())),
        FileBytes::Mapped(map) => match std::str::from_utf8(&map) {
            Ok(_) => Ok(ReadText(TextBytes::Mapped(map))),
            Err(error) => Err(not_utf8(&map, error)),
        },
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self::Heap(bytes)
    }
}

/// The text inside a compressed file, the name messages give it, and its kind.
struct Unpacked {
    name: String,
    text: ReadText,
    kind: FileKind,
}

/// Reads a gzip file or the one file to import of a zip archive. The
/// unpacked text is held to the same size limit as a plain file's, however
/// small the archive (a few kilobytes can unpack to gigabytes); a `.csv`'s
/// limit is the one its header calls for, read first
/// ([`LoadOptions::limit_for`]), and the archive is held to it too.
fn unpack(path: &Path, packing: Packing, options: &LoadOptions) -> Result<Unpacked, LoadError> {
    use std::io::Read as _;

    let display = path.display().to_string();
    let unpack_error = |format: &str, message: String| {
        LoadError::single(
            whole_file(&display),
            Problem::Unpack {
                format: format.to_owned(),
                message,
            },
        )
    };
    let gzip = match packing {
        Packing::Plain(kind) => {
            let bytes = read_bytes(path, options, kind == FileKind::TimelineJsCsv)?;
            return Ok(Unpacked {
                text: text_of(bytes, &display)?,
                name: display,
                kind,
            });
        }
        Packing::Gzip(kind) => Some(kind),
        Packing::Zip => None,
    };
    let (file, archive_size) = open_regular(path)?;
    // No file may be larger than the larger limit; the one that applies is
    // known once the start of what it holds has been read.
    if archive_size > options.largest_limit() {
        return Err(too_large(&display, archive_size, options.largest_limit()));
    }
    // Reads what `open` opens within its limit: a `.csv`'s start is read
    // first to choose it; the archive itself is held to it as well.
    let read_limited = |reader: &mut dyn std::io::Read,
                        kind: FileKind,
                        format: &str,
                        name: &str|
     -> Result<Vec<u8>, LoadError> {
        let mut out = Vec::new();
        let limit = if kind == FileKind::TimelineJsCsv {
            reader
                .take(EVENT_DATA_PEEK_BYTES as u64)
                .read_to_end(&mut out)
                .map_err(|error| unpack_error(format, error.to_string()))?;
            options.limit_for(&out)
        } else {
            options.max_file_bytes
        };
        if archive_size > limit {
            return Err(too_large(&display, archive_size, limit));
        }
        reader
            .take(limit.saturating_add(1).saturating_sub(out.len() as u64))
            .read_to_end(&mut out)
            .map_err(|error| unpack_error(format, error.to_string()))?;
        if out.len() as u64 > limit {
            return Err(too_large(name, out.len() as u64, limit));
        }
        Ok(out)
    };
    match gzip {
        Some(kind) => {
            let mut decoder =
                flate2::read::MultiGzDecoder::new(std::io::BufReader::with_capacity(1 << 20, file));
            let out = read_limited(&mut decoder, kind, "gzip", &display)?;
            Ok(Unpacked {
                text: text_of(out, &display)?,
                name: display,
                kind,
            })
        }
        None => {
            let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
                .map_err(|error| unpack_error("zip", error.to_string()))?;
            let mut files: Vec<(usize, String)> = Vec::new();
            let mut candidates: Vec<(usize, String, FileKind)> = Vec::new();
            for index in 0..archive.len() {
                let Ok(entry) = archive.by_index_raw(index) else {
                    continue;
                };
                // A name that is not valid text cannot be the file to open.
                let Ok(name) = entry.name() else {
                    continue;
                };
                let name = name.into_owned();
                // Folders, and the resource forks macOS adds to archives.
                if entry.is_dir() || name.starts_with("__MACOSX/") {
                    continue;
                }
                let base = name.rsplit('/').next().unwrap_or(&name);
                if let Some(kind) = FileKind::of_name(base).filter(|k| *k != FileKind::Ron)
                    && !base.starts_with('.')
                {
                    candidates.push((index, name.clone(), kind));
                }
                files.push((index, name));
            }
            let [(index, name, kind)] = candidates.as_slice() else {
                return Err(LoadError::single(
                    whole_file(&display),
                    Problem::ArchiveContents {
                        found: archive_listing(&files),
                    },
                ));
            };
            let inner = format!("{display}/{name}");
            let mut entry = archive
                .by_index(*index)
                .map_err(|error| unpack_error("zip", error.to_string()))?;
            let out = read_limited(&mut entry, *kind, "zip", &inner)?;
            Ok(Unpacked {
                text: text_of(out, &inner)?,
                name: inner,
                kind: *kind,
            })
        }
    }
}

/// The files of an archive, for a message: "no files", or their names, the
/// first ten of them.
fn archive_listing(files: &[(usize, String)]) -> String {
    const SHOWN: usize = 10;
    if files.is_empty() {
        return "no files".to_owned();
    }
    let mut listing = files
        .iter()
        .take(SHOWN)
        .map(|(_, name)| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > SHOWN {
        listing.push_str(&format!(" and {} more", files.len() - SHOWN));
    }
    listing
}

/// Whether the `dataset.ron` of the folder `folder` writes its views
/// inline (a `views` field, even an empty one): then a `views.ron` beside
/// it would be the section written twice, and the folder would not load.
/// A file that cannot be read or scanned counts as writing them, so that
/// nothing is written beside it.
pub fn writes_views_inline(folder: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(folder.join("dataset.ron")) else {
        return true;
    };
    scan::file_struct(&text, "Dataset").map_or(true, |top| {
        top.fields.iter().any(|field| field.name == "views")
    })
}
