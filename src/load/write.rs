//! Writing a dataset back out as RON, in the single-file form or the folder
//! form.
//!
//! The output is what a person would write: `Dataset( … )` with optional
//! fields left out when empty and written plainly when present (the
//! `implicit_some` extension, declared at the top so other RON readers
//! understand it too). It loads back to an equal dataset.
//!
//! [`write_folder`] replaces a dataset folder whole or not at all: the new
//! folder is written and synced beside the target under a name of our own,
//! then swapped in by one atomic exchange (see [`crate::replace`] for the
//! names, the locks and how a stopped write is cleaned up).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::load::LoadOptions;
use crate::model::{
    Dataset, DateRange, Era, Event, FORMAT_VERSION, Lane, Quote, SavedView, Series, Source,
};
use crate::replace::{
    Kind, WriterLock, clean_folder, exchange, is_ours, our_name, parent_folder, sync_folder,
};

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
    #[serde(skip_serializing_if = "<[SavedView]>::is_empty")]
    views: &'a [SavedView],
}

/// The dataset as one `.ron` file.
pub fn to_single_file_ron(dataset: &Dataset) -> Result<String, ron::Error> {
    let out = DatasetOut::all(dataset);
    Ok(name_top_struct(&to_ron(&out)?))
}

impl<'a> DatasetOut<'a> {
    /// Every section inline.
    fn all(dataset: &'a Dataset) -> Self {
        Self {
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
            views: &dataset.views,
        }
    }
}

/// Pretty RON as the format shows it, `implicit_some` declared at the top.
fn to_ron<T: Serialize + ?Sized>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("    ")
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut text = ron::Options::default().to_string_pretty(value, config)?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Names the top struct `Dataset`, as the format shows it; the items stay
/// unnamed. It opens on the first line that is not an `#![…]` attribute.
fn name_top_struct(body: &str) -> String {
    let mut named = String::with_capacity(body.len() + 8);
    let mut done = false;
    for line in body.split_inclusive('\n') {
        if !done && line.starts_with('(') {
            named.push_str("Dataset");
            done = true;
        }
        named.push_str(line);
    }
    named
}

/// The files of the folder form.
pub const FOLDER_FILES: [&str; 5] = [
    "dataset.ron",
    "events.ron",
    "quotes.ron",
    "displacement.ron",
    "views.ron",
];

/// The dataset in the folder form: `(file name, text)` for each of
/// [`FOLDER_FILES`]. Every section file is written, `[]` when empty, so that
/// none is left over from an older dataset in the same folder.
pub fn to_folder_ron(dataset: &Dataset) -> Result<Vec<(&'static str, String)>, ron::Error> {
    let head = DatasetOut {
        events: &[],
        quotes: &[],
        displacement: &[],
        views: &[],
        ..DatasetOut::all(dataset)
    };
    let mut main = String::new();
    for line in name_top_struct(&to_ron(&head)?).split_inclusive('\n') {
        if line.starts_with("Dataset(") {
            main.push_str(
                "// Events, quotes, figure series and views are in events.ron, quotes.ron,\n\
                 // displacement.ron and views.ron beside this file.\n",
            );
        }
        main.push_str(line);
    }
    Ok(vec![
        ("dataset.ron", main),
        ("events.ron", to_ron(&dataset.events)?),
        ("quotes.ron", to_ron(&dataset.quotes)?),
        ("displacement.ron", to_ron(&dataset.displacement)?),
        ("views.ron", to_views_ron(&dataset.views)?),
    ])
}

/// The text of a `views.ron`: the views as a list, under a line saying what
/// the file is for (the one file the app writes into a dataset folder).
pub fn to_views_ron(views: &[SavedView]) -> Result<String, ron::Error> {
    let list = to_ron(views)?;
    let mut text = String::with_capacity(list.len() + 128);
    let mut done = false;
    for line in list.split_inclusive('\n') {
        // After the `#![enable(…)]` line, which must open the file.
        if !done && !line.starts_with("#!") {
            text.push_str(
                "// Views: named places on the timeline, in the order story mode presents them.\n",
            );
            done = true;
        }
        text.push_str(line);
    }
    Ok(text)
}

/// Why a dataset folder could not be written. The folder was not changed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    #[error("{} is a file, not a folder; give a folder to write the dataset into", .path.display())]
    NotAFolder { path: PathBuf },

    #[error(
        "folder {} is not empty and is not a dataset folder (it has no dataset.ron, and has {}); \
         give a new or empty folder, or a dataset folder to replace",
        .path.display(),
        list_names(.found)
    )]
    NotADatasetFolder {
        path: PathBuf,
        /// What is in it, the first few names (`…` for more).
        found: Vec<String>,
    },

    #[error("folder {} does not exist; create it first", .path.display())]
    MissingParent { path: PathBuf },

    #[error(
        "cannot write {}: {} is a file, not a folder; give a path inside a folder",
        .target.display(),
        .path.display()
    )]
    ParentIsAFile { target: PathBuf, path: PathBuf },

    #[error("{} is a folder where a dataset file goes; move it away to write the dataset", .path.display())]
    InTheWay { path: PathBuf },

    #[error(
        "{} would be {} ({bytes} bytes), over the {} a dataset file may have when it is \
         loaded, so the folder would not open; nothing was changed (to raise the limit, set \
         CONFLICT_TIMELINE_MAX_FILE_BYTES, e.g. CONFLICT_TIMELINE_MAX_FILE_BYTES=1G)",
        .path.display(),
        human_size(*.bytes),
        human_size(*.limit)
    )]
    FileTooLarge {
        path: PathBuf,
        bytes: u64,
        limit: u64,
    },

    #[error(
        "cannot write {}: another write into it is under way ({}); try again when it has finished",
        .path.display(),
        .writer
    )]
    Busy { path: PathBuf, writer: String },

    #[error(
        "cannot write {}: the new dataset folder is written beside it in {} and then swapped in \
         whole, and that failed: {source}",
        .path.display(),
        .folder.display()
    )]
    Staging {
        path: PathBuf,
        folder: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write {} as RON: {message}", .path.display())]
    Serialize { path: PathBuf, message: String },

    /// The writer stopped after a step, as a test of interrupted writes asked.
    #[doc(hidden)]
    #[error("the write was stopped after step {step}, as asked")]
    Stopped { step: usize },
}

/// `a, b and 3 more`.
fn list_names(names: &[String]) -> String {
    match names {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `3 KiB`, `313.2 MiB`: a file size as people read it.
pub(crate) fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// How many names of a refused folder's contents an error lists.
const NAMES_SHOWN: usize = 5;

/// Limits and choices of a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// A file larger than this is refused before anything is moved into
    /// place: the loader, with the same limit, would refuse it.
    pub max_file_bytes: u64,
    /// Test only: stop after this many steps, without cleaning up, as if the
    /// process was killed there.
    #[doc(hidden)]
    pub stop_after_step: Option<usize>,
    /// Test only: replace an existing folder as on systems that cannot
    /// exchange two folders atomically.
    #[doc(hidden)]
    pub no_exchange: bool,
}

impl WriteOptions {
    /// Refuses what a load with `options` would refuse.
    pub(crate) fn for_load(options: &LoadOptions) -> Self {
        Self {
            max_file_bytes: options.max_file_bytes,
            ..Self::default()
        }
    }
}

impl Default for WriteOptions {
    /// The limit of [`LoadOptions::default`].
    fn default() -> Self {
        Self {
            max_file_bytes: LoadOptions::DEFAULT_MAX_FILE_BYTES,
            stop_after_step: None,
            no_exchange: false,
        }
    }
}

/// What [`write_folder`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenFolder {
    pub folder: PathBuf,
    /// `(file name, bytes)`, in [`FOLDER_FILES`] order.
    pub files: Vec<(&'static str, usize)>,
    /// Whether an existing dataset folder was replaced.
    pub replaced: bool,
}

/// What is at the target path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Absent,
    EmptyFolder,
    DatasetFolder,
}

/// Writes the dataset in the folder form into `dir`: `dataset.ron`,
/// `events.ron`, `quotes.ron`, `displacement.ron` and `views.ron`.
///
/// `dir` may be absent (it is made; its parent must exist), an empty folder,
/// or a dataset folder (one with `dataset.ron`), whose five files are
/// replaced and whose other files are kept. Any other folder is refused, and
/// so is a file over `options.max_file_bytes`.
///
/// The replacement is atomic as a whole: a complete new folder, with the
/// other files of the old one carried over (hard-linked, or copied where
/// links are not possible), is written and synced beside `dir` under a name
/// of our own, then swapped in by one exchange of the two folders (or one
/// rename for a new folder). Stopped at any moment, `dir` holds the whole old
/// dataset or the whole new one (an empty folder stays empty or is filled
/// whole). Where the system cannot exchange two
/// folders, the old folder is first renamed aside and the new one renamed in;
/// stopped between those two renames, the next write puts the old one back.
/// Each write first cleans up what stopped writes of ours left beside it.
pub fn write_folder(
    dataset: &Dataset,
    dir: &Path,
    options: &WriteOptions,
) -> Result<WrittenFolder, WriteError> {
    let files = to_folder_ron(dataset).map_err(|error| WriteError::Serialize {
        path: dir.to_path_buf(),
        message: error.to_string(),
    })?;
    // Known before anything is touched.
    for (name, text) in &files {
        if text.len() as u64 > options.max_file_bytes {
            return Err(WriteError::FileTooLarge {
                path: dir.join(name),
                bytes: text.len() as u64,
                limit: options.max_file_bytes,
            });
        }
    }
    let writers = files
        .into_iter()
        .map(|(name, text)| {
            let write: WriteFile<'_> = Box::new(move |out: &mut dyn Write| {
                out.write_all(text.as_bytes())?;
                Ok(text.len())
            });
            (name, write)
        })
        .collect();
    write_folder_with(dir, writers, options)
}

/// Writes one file of a dataset folder into `out`; returns its size in bytes.
pub(crate) type WriteFile<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<usize> + 'a>;

/// [`write_folder`] with each file's contents written by its own function,
/// for writers that stream a big section instead of building it as one
/// string. `files` lists the folder's files, `dataset.ron` first; the rules
/// and guarantees are those of [`write_folder`]. A file over the limit is
/// written no further than the limit, counted to the end, and refused.
pub(crate) fn write_folder_with(
    dir: &Path,
    files: Vec<(&'static str, WriteFile<'_>)>,
    options: &WriteOptions,
) -> Result<WrittenFolder, WriteError> {
    let place = Place::of(dir)?;
    let mut journal = format!(
        "conflict-timeline is replacing a dataset folder beside this file.\npid {}\ntarget ",
        std::process::id()
    )
    .into_bytes();
    journal.extend_from_slice(&name_bytes(&place.name));
    journal.push(b'\n');
    let lock =
        WriterLock::acquire(&place.parent, &journal).map_err(|source| WriteError::Staging {
            path: dir.to_path_buf(),
            folder: place.parent.clone(),
            source,
        })?;
    let mut writer = FolderWriter {
        dir,
        place,
        options,
        steps: 0,
        staging: lock.sibling(Kind::Staging),
        old: lock.sibling(Kind::Old),
        lock,
        old_aside: false,
    };
    match writer.write(files) {
        Ok(written) => {
            let _ = writer.lock.release();
            Ok(written)
        }
        // As if killed: everything stays as it is, the lock is let go.
        Err(error @ WriteError::Stopped { .. }) => Err(error),
        // The old folder is aside and could not be put back: the journal
        // stays for the next write to put it back.
        Err(error) if writer.old_aside => Err(error),
        Err(error) => {
            // Nothing was moved into place; what was staged goes.
            if writer.staging.exists() {
                let _ = std::fs::remove_dir_all(&writer.staging);
            }
            let _ = writer.lock.release();
            Err(error)
        }
    }
}

/// Where a dataset folder goes: the real path (links followed), its parent
/// folder and its name there.
#[derive(Debug)]
struct Place {
    real: PathBuf,
    parent: PathBuf,
    name: std::ffi::OsString,
}

impl Place {
    fn of(dir: &Path) -> Result<Self, WriteError> {
        // A link to a folder: the folder it points to is replaced, the link
        // stays. A path that ends in `.` or `..` gets its real name.
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let name = real
            .file_name()
            .ok_or_else(|| WriteError::NotAFolder {
                path: dir.to_path_buf(),
            })?
            .to_owned();
        let parent = parent_folder(&real);
        match std::fs::metadata(&parent) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(WriteError::ParentIsAFile {
                    target: dir.to_path_buf(),
                    path: parent_folder(dir),
                });
            }
            Err(_) => {
                return Err(WriteError::MissingParent {
                    path: parent_folder(dir),
                });
            }
        }
        Ok(Self { real, parent, name })
    }
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt as _;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().as_bytes().to_vec()
}

/// The target's name in a writer's journal.
fn journal_target(journal: &[u8]) -> Option<std::ffi::OsString> {
    const KEY: &[u8] = b"\ntarget ";
    let at = journal.windows(KEY.len()).position(|w| w == KEY)? + KEY.len();
    let name = journal[at..].strip_suffix(b"\n")?;
    if name.is_empty() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        Some(std::ffi::OsStr::from_bytes(name).to_owned())
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(name).ok().map(Into::into)
    }
}

/// The process a live writer's journal names.
fn journal_pid(journal: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(journal.split(|b| *b == b'\n').nth(1)?).ok()?;
    text.strip_prefix("pid ")
}

/// Where the folder `path` was set aside by a replacement that was stopped
/// between its two renames, read from that writer's journal: the hint for a
/// folder that is missing by its name meanwhile.
pub(crate) fn set_aside_folder(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let parent = parent_folder(path);
    std::fs::read_dir(&parent)
        .ok()?
        .filter_map(Result::ok)
        .find_map(|entry| {
            let (token, kind) = crate::replace::parse_name(&entry.file_name())
                .map(|(token, kind)| (token.to_owned(), kind))?;
            if kind != Kind::Lock {
                return None;
            }
            let journal = std::fs::read(entry.path()).ok()?;
            let old = parent.join(our_name(&token, Kind::Old));
            (journal_target(&journal).as_deref() == Some(name) && old.is_dir()).then_some(old)
        })
}

/// Finishes or undoes the replacement of a writer that was stopped, from
/// its journal: an old folder renamed aside goes back if nothing took its
/// place, and is removed if the new one is in place.
fn recover(parent: &Path, token: &str, journal: &[u8]) -> std::io::Result<()> {
    let old = parent.join(our_name(token, Kind::Old));
    let staging = parent.join(our_name(token, Kind::Staging));
    if std::fs::symlink_metadata(&old).is_ok()
        && let Some(name) = journal_target(journal)
    {
        let target = parent.join(&name);
        if std::fs::symlink_metadata(&target).is_err() {
            // Stopped between the two renames: the old dataset goes back.
            std::fs::rename(&old, &target)?;
        } else if std::fs::symlink_metadata(&staging).is_ok() {
            // Something else took the name meanwhile: keep the old dataset
            // where the user sees it.
            let mut kept = name;
            kept.push(format!(".old-{token}"));
            std::fs::rename(&old, parent.join(kept))?;
        } else {
            // The new one is in place; what changed in the old one while it
            // was written goes across first, as the writer would have done.
            if carry_over(&old, &target, false).is_ok() {
                std::fs::remove_dir_all(&old)?;
            } else {
                keep_aside(&old, &target, token);
            }
        }
    }
    if std::fs::symlink_metadata(&staging).is_ok() {
        std::fs::remove_dir_all(&staging)?;
    }
    Ok(())
}

/// One write of a dataset folder, step by step.
struct FolderWriter<'a> {
    dir: &'a Path,
    place: Place,
    options: &'a WriteOptions,
    lock: WriterLock,
    staging: PathBuf,
    old: PathBuf,
    /// Steps done, for [`WriteOptions::stop_after_step`].
    steps: usize,
    /// The old folder is renamed aside and nothing is in its place.
    old_aside: bool,
}

impl FolderWriter<'_> {
    /// Counts a step done; stops there if a test asked.
    fn step(&mut self) -> Result<(), WriteError> {
        self.steps += 1;
        if self.options.stop_after_step == Some(self.steps) {
            return Err(WriteError::Stopped { step: self.steps });
        }
        Ok(())
    }

    fn io(&self, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + use<> {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    }

    fn staging_error(&self) -> impl FnOnce(std::io::Error) -> WriteError + use<> {
        let path = self.dir.to_path_buf();
        let folder = self.place.parent.clone();
        move |source| WriteError::Staging {
            path,
            folder,
            source,
        }
    }

    fn write(
        &mut self,
        files: Vec<(&'static str, WriteFile<'_>)>,
    ) -> Result<WrittenFolder, WriteError> {
        self.step()?;
        // Leftovers of stopped writes beside the target, and inside it.
        let parent = self.place.parent.clone();
        let live = clean_folder(
            &parent,
            Some(self.lock.token()),
            Some(&mut |token: &str, journal: &[u8]| recover(&parent, token, journal)),
        )
        .map_err(self.io(&self.place.parent))?;
        for writer in &live {
            if journal_target(&writer.journal).as_deref() == Some(self.place.name.as_os_str()) {
                let who = journal_pid(&writer.journal).map_or_else(
                    || writer.path.display().to_string(),
                    |pid| format!("process {pid}"),
                );
                return Err(WriteError::Busy {
                    path: self.dir.to_path_buf(),
                    writer: who,
                });
            }
        }
        let target = self.inspect()?;
        std::fs::create_dir(&self.staging).map_err(self.staging_error())?;
        self.step()?;
        let mut written = Vec::with_capacity(files.len());
        for (file_name, write) in files {
            let bytes = write_synced(
                &self.staging.join(file_name),
                write,
                self.options.max_file_bytes,
            )
            .map_err(self.io(&self.dir.join(file_name)))?;
            if bytes > self.options.max_file_bytes {
                return Err(WriteError::FileTooLarge {
                    path: self.dir.join(file_name),
                    bytes,
                    limit: self.options.max_file_bytes,
                });
            }
            written.push((file_name, usize::try_from(bytes).unwrap_or(usize::MAX)));
            self.step()?;
        }
        if target != Target::Absent {
            // The old folder's own files come along, and its permissions.
            carry_over(&self.place.real, &self.staging, true).map_err(|source| WriteError::Io {
                path: self.dir.to_path_buf(),
                source: std::io::Error::new(
                    source.kind(),
                    format!("cannot carry its other files over to the new folder: {source}"),
                ),
            })?;
            if let Ok(metadata) = std::fs::metadata(&self.place.real) {
                let _ = std::fs::set_permissions(&self.staging, metadata.permissions());
            }
        }
        sync_folder(&self.staging);
        self.step()?;
        match target {
            Target::Absent => {
                std::fs::rename(&self.staging, &self.place.real).map_err(self.io(self.dir))?;
                sync_folder(&self.place.parent);
                self.step()?;
            }
            Target::EmptyFolder | Target::DatasetFolder => self.swap_in()?,
        }
        Ok(WrittenFolder {
            folder: self.dir.to_path_buf(),
            files: written,
            replaced: target == Target::DatasetFolder,
        })
    }

    /// Puts the staged folder in the place of the existing one and removes
    /// the old one.
    fn swap_in(&mut self) -> Result<(), WriteError> {
        let real = self.place.real.clone();
        let exchanged = !self.options.no_exchange
            && exchange(&self.staging, &real).map_err(self.io(self.dir))?;
        // Where the old folder is now.
        let old = if exchanged {
            sync_folder(&self.place.parent);
            self.step()?;
            self.staging.clone()
        } else {
            std::fs::rename(&real, &self.old).map_err(self.io(self.dir))?;
            self.old_aside = true;
            self.step()?;
            if let Err(source) = std::fs::rename(&self.staging, &real) {
                // Put the old one back; the journal does it if this fails too.
                std::fs::rename(&self.old, &real).map_err(self.io(self.dir))?;
                self.old_aside = false;
                return Err(WriteError::Io {
                    path: self.dir.to_path_buf(),
                    source,
                });
            }
            self.old_aside = false;
            sync_folder(&self.place.parent);
            self.step()?;
            self.old.clone()
        };
        // What appeared or changed in the old folder while the new one was
        // written. The old folder goes only once all of it is across; if
        // anything could not be moved, it stays where the user sees it.
        let carried = carry_over(&old, &real, false);
        self.step()?;
        if carried.is_ok() {
            let _ = std::fs::remove_dir_all(&old);
        } else {
            keep_aside(&old, &real, self.lock.token());
        }
        self.step()?;
        Ok(())
    }

    /// What is at the target; refuses a file, a folder that is neither empty
    /// nor a dataset folder, and a folder where a dataset file goes.
    fn inspect(&self) -> Result<Target, WriteError> {
        let dir = self.dir;
        let real = &self.place.real;
        let metadata = match std::fs::metadata(real) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Target::Absent);
            }
            Err(source) => {
                return Err(WriteError::Io {
                    path: dir.to_path_buf(),
                    source,
                });
            }
        };
        if !metadata.is_dir() {
            return Err(WriteError::NotAFolder {
                path: dir.to_path_buf(),
            });
        }
        // Leftovers of ours inside it count for nothing.
        let live = clean_folder(
            real,
            None,
            Some(&mut |token: &str, journal: &[u8]| recover(real, token, journal)),
        )
        .map_err(self.io(dir))?;
        if real.join("dataset.ron").is_file() {
            // A folder where a dataset file goes would be lost.
            for name in FOLDER_FILES {
                let path = real.join(name);
                if std::fs::symlink_metadata(&path).is_ok_and(|metadata| metadata.is_dir()) {
                    return Err(WriteError::InTheWay {
                        path: dir.join(name),
                    });
                }
            }
            return Ok(Target::DatasetFolder);
        }
        let entries = std::fs::read_dir(real).map_err(self.io(dir))?;
        let mut found: Vec<String> = entries
            .flatten()
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                if live.iter().any(|writer| writer.path == entry.path()) {
                    format!("{name} (being written by another run)")
                } else {
                    name
                }
            })
            .collect();
        if found.is_empty() {
            return Ok(Target::EmptyFolder);
        }
        found.sort();
        if found.len() > NAMES_SHOWN {
            let more = found.len() - (NAMES_SHOWN - 1);
            found.truncate(NAMES_SHOWN - 1);
            found.push(format!("{more} more"));
        }
        Err(WriteError::NotADatasetFolder {
            path: dir.to_path_buf(),
            found,
        })
    }
}

/// Carries what is in `from` over to `to`. With `link`, every entry but the
/// dataset files and leftovers of ours is hard-linked (copied where the file
/// system cannot link) into a new tree; without, entries missing in `to`
/// are moved there (the new files win over the old ones).
fn carry_over(from: &Path, to: &Path, link: bool) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if FOLDER_FILES.iter().any(|file| name == *file) || is_ours(&name) {
            continue;
        }
        let source = entry.path();
        let target = to.join(&name);
        if link {
            link_tree(&source, &target)?;
        } else {
            move_newer(&source, &target)?;
        }
    }
    Ok(())
}

/// Moves `source`, an entry of the old folder, to `target` in the new one,
/// where a snapshot of it was linked or copied when the write began. The
/// old folder's entry is the user's latest: it replaces the snapshot unless
/// both are the same file; folders are merged entry by entry.
fn move_newer(source: &Path, target: &Path) -> std::io::Result<()> {
    let Ok(staged) = std::fs::symlink_metadata(target) else {
        return std::fs::rename(source, target);
    };
    let current = std::fs::symlink_metadata(source)?;
    if current.is_dir() && staged.is_dir() {
        for entry in std::fs::read_dir(source)? {
            let entry = entry?;
            move_newer(&entry.path(), &target.join(entry.file_name()))?;
        }
        return Ok(());
    }
    if same_file(&current, &staged) {
        return Ok(());
    }
    if staged.is_dir() {
        std::fs::remove_dir_all(target)?;
    } else if current.is_dir() {
        // A folder cannot be renamed over a file.
        std::fs::remove_file(target)?;
    }
    // A file (or link) replaces the stale snapshot in one rename.
    std::fs::rename(source, target)
}

/// Whether two entries are one file: hard links of each other.
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        // Copies, not links, where links are missing: equal size and time.
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    }
}

/// Keeps an old folder that could not be emptied where the user sees it,
/// beside `target` as `NAME.old-TOKEN`, instead of removing what is left.
fn keep_aside(old: &Path, target: &Path, token: &str) {
    let mut kept = target.file_name().unwrap_or_default().to_os_string();
    kept.push(format!(".old-{token}"));
    let _ = std::fs::rename(old, parent_folder(target).join(kept));
}

/// A copy of the tree at `from` made of hard links where possible.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let metadata = std::fs::symlink_metadata(from)?;
    if metadata.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        let _ = std::fs::set_permissions(to, metadata.permissions());
        sync_folder(to);
        return Ok(());
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    #[cfg(unix)]
    if metadata.file_type().is_symlink() {
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    std::fs::copy(from, to)?;
    std::fs::File::open(to)?.sync_all()
}

/// Writes one file and syncs it; returns its size. Past `limit` bytes the
/// rest is only counted, not written.
fn write_synced(path: &Path, write: WriteFile<'_>, limit: u64) -> std::io::Result<u64> {
    let file = std::fs::File::create(path)?;
    let mut out = Limited {
        inner: std::io::BufWriter::with_capacity(1 << 20, file),
        written: 0,
        limit,
    };
    write(&mut out)?;
    let Limited { inner, written, .. } = out;
    let file = inner
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(written)
}

/// A writer that counts everything and writes at most `limit` bytes.
struct Limited<W> {
    inner: W,
    written: u64,
    limit: u64,
}

impl<W: Write> Write for Limited<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let len = buf.len() as u64;
        if self.written + len <= self.limit {
            self.inner.write_all(buf)?;
        }
        self.written += len;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_old_folders_latest_entries_replace_their_snapshots() {
        let root = tempfile::tempdir().unwrap();
        let (old, new) = (root.path().join("old"), root.path().join("new"));
        std::fs::create_dir_all(old.join("notes")).unwrap();
        std::fs::write(old.join("same.md"), "unchanged").unwrap();
        std::fs::write(old.join("notes/a.md"), "first").unwrap();
        // The snapshot taken when the write began: links of the old files.
        link_tree(&old, &new).unwrap();
        std::fs::remove_file(new.join("dataset.ron")).ok();
        // Meanwhile the user saves a file anew (a new file under the name),
        // adds one, and turns a file into a folder.
        std::fs::remove_file(old.join("notes/a.md")).unwrap();
        std::fs::write(old.join("notes/a.md"), "second").unwrap();
        std::fs::write(old.join("notes/b.md"), "added").unwrap();
        std::fs::remove_file(old.join("same.md")).unwrap();
        std::fs::create_dir(old.join("same.md")).unwrap();
        std::fs::write(old.join("same.md/inside"), "x").unwrap();
        carry_over(&old, &new, false).unwrap();
        assert_eq!(
            std::fs::read_to_string(new.join("notes/a.md")).unwrap(),
            "second"
        );
        assert_eq!(
            std::fs::read_to_string(new.join("notes/b.md")).unwrap(),
            "added"
        );
        assert_eq!(
            std::fs::read_to_string(new.join("same.md/inside")).unwrap(),
            "x"
        );
    }

    #[test]
    fn an_old_folder_that_cannot_be_emptied_is_kept_beside_the_target() {
        let root = tempfile::tempdir().unwrap();
        let old = root.path().join(".conflict-timeline-t.old");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join("left.md"), "x").unwrap();
        keep_aside(&old, &root.path().join("data"), "t");
        assert_eq!(
            std::fs::read_to_string(root.path().join("data.old-t/left.md")).unwrap(),
            "x"
        );
    }
}
