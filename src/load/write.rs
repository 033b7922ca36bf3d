//! Writing a dataset back out as RON, in the single-file form or the folder
//! form.
//!
//! The output is what a person would write: `Dataset( … )` with optional
//! fields left out when empty and written plainly when present (the
//! `implicit_some` extension, declared at the top so other RON readers
//! understand it too). It loads back to an equal dataset.
//!
//! [`write_folder`] never leaves a partial dataset: every file is written and
//! synced in a temporary folder beside the target first, then moved into
//! place by renames, which replace a file whole.

use std::io::Write;
use std::path::{Path, PathBuf};

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
pub const FOLDER_FILES: [&str; 4] = [
    "dataset.ron",
    "events.ron",
    "quotes.ron",
    "displacement.ron",
];

/// The dataset in the folder form: `(file name, text)` for each of
/// [`FOLDER_FILES`]. Every section file is written, `[]` when empty, so that
/// none is left over from an older dataset in the same folder.
pub fn to_folder_ron(dataset: &Dataset) -> Result<Vec<(&'static str, String)>, ron::Error> {
    let head = DatasetOut {
        events: &[],
        quotes: &[],
        displacement: &[],
        ..DatasetOut::all(dataset)
    };
    let mut main = String::new();
    for line in name_top_struct(&to_ron(&head)?).split_inclusive('\n') {
        if line.starts_with("Dataset(") {
            main.push_str(
                "// Events, quotes and figure series are in events.ron, quotes.ron and\n\
                 // displacement.ron beside this file.\n",
            );
        }
        main.push_str(line);
    }
    Ok(vec![
        ("dataset.ron", main),
        ("events.ron", to_ron(&dataset.events)?),
        ("quotes.ron", to_ron(&dataset.quotes)?),
        ("displacement.ron", to_ron(&dataset.displacement)?),
    ])
}

/// Why a dataset folder could not be written. Nothing was changed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    #[error("{} is a file, not a folder; give a folder to write the dataset into", .path.display())]
    NotAFolder { path: PathBuf },

    #[error(
        "folder {} is not empty and is not a dataset folder (it has no dataset.ron); \
         give a new or empty folder, or a dataset folder to replace",
        .path.display()
    )]
    NotADatasetFolder { path: PathBuf },

    #[error("folder {} does not exist; create it first", .path.display())]
    MissingParent { path: PathBuf },

    #[error("{} is a folder where a dataset file goes; move it away to write the dataset", .path.display())]
    InTheWay { path: PathBuf },

    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot write {} as RON: {message}", .path.display())]
    Serialize { path: PathBuf, message: String },
}

/// What [`write_folder`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenFolder {
    pub folder: PathBuf,
    /// `(file name, bytes)`, in [`FOLDER_FILES`] order.
    pub files: Vec<(&'static str, usize)>,
    /// Whether an existing dataset folder's files were replaced.
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
/// `events.ron`, `quotes.ron` and `displacement.ron`.
///
/// `dir` may be absent (it is made; its parent must exist), an empty folder,
/// or a dataset folder (one with `dataset.ron`), whose four files are
/// replaced and whose other files are left alone. Any other folder is refused.
/// All files are written to a temporary folder first (inside an existing
/// `dir`, beside a new one); only when all are complete are they renamed into
/// place, the old files moved aside and put back if any rename fails, so a
/// failure leaves no partial file and the old dataset as it was.
pub fn write_folder(dataset: &Dataset, dir: &Path) -> Result<WrittenFolder, WriteError> {
    let files = to_folder_ron(dataset).map_err(|error| WriteError::Serialize {
        path: dir.to_path_buf(),
        message: error.to_string(),
    })?;
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
    write_folder_with(dir, writers)
}

/// Writes one file of a dataset folder into `out`; returns its size in bytes.
pub type WriteFile<'a> = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<usize> + 'a>;

/// [`write_folder`] with each file's contents written by its own function,
/// for writers that stream a big section instead of building it as one
/// string. `files` lists the folder's files, `dataset.ron` first; the rules
/// and guarantees are those of [`write_folder`].
pub fn write_folder_with(
    dir: &Path,
    files: Vec<(&'static str, WriteFile<'_>)>,
) -> Result<WrittenFolder, WriteError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    let target = inspect(dir)?;
    // The files are staged on the target's file system so that renames move
    // them without copying: inside an existing folder (so its parent need
    // not be writable), beside a new one.
    let staging_parent = if target == Target::Absent {
        let parent = match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(WriteError::MissingParent { path: parent });
        }
        if dir.file_name().is_none() {
            return Err(WriteError::NotAFolder {
                path: dir.to_path_buf(),
            });
        }
        parent
    } else {
        dir.to_path_buf()
    };
    let staging = tempfile::Builder::new()
        .prefix(".dataset.writing-")
        .tempdir_in(&staging_parent)
        .map_err(io_error(&staging_parent))?;
    // A folder made the ordinary way, so that it gets the usual permissions
    // (the temporary folder itself is private).
    let payload = staging.path().join("dataset");
    std::fs::create_dir(&payload).map_err(io_error(&payload))?;
    let names: Vec<&'static str> = files.iter().map(|(name, _)| *name).collect();
    let mut written = Vec::with_capacity(files.len());
    for (file_name, write) in files {
        let shown = dir.join(file_name);
        let bytes = write_synced(&payload.join(file_name), write).map_err(io_error(&shown))?;
        written.push((file_name, bytes));
    }
    if target == Target::Absent {
        std::fs::rename(&payload, dir).map_err(io_error(dir))?;
    } else {
        let previous = staging.path().join("previous");
        std::fs::create_dir(&previous).map_err(io_error(&previous))?;
        // `dataset.ron` last: a reader that reloads when it changes finds
        // the sections already new.
        let order: Vec<&str> = names
            .iter()
            .skip(1)
            .chain(names.iter().take(1))
            .copied()
            .collect();
        replace_all(dir, &payload, &previous, &order)?;
    }
    // Make the renames durable where the platform allows it.
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(WrittenFolder {
        folder: dir.to_path_buf(),
        files: written,
        replaced: target == Target::DatasetFolder,
    })
}

/// Moves the staged files over the old ones. The old files are first moved
/// aside; if any step fails, every file already replaced is put back, so
/// the folder holds either the whole old dataset or the whole new one.
fn replace_all(
    dir: &Path,
    staged: &Path,
    previous: &Path,
    order: &[&str],
) -> Result<(), WriteError> {
    let mut done: Vec<(&str, bool)> = Vec::with_capacity(order.len());
    for name in order {
        let to = dir.join(name);
        let had_old = to.exists();
        let step = (|| {
            if had_old {
                std::fs::rename(&to, previous.join(name))?;
            }
            std::fs::rename(staged.join(name), &to)
        })();
        if let Err(source) = step {
            // Put back this file's old version if it was moved aside, then
            // the ones already replaced. Best effort: the error is reported.
            if had_old && !to.exists() {
                let _ = std::fs::rename(previous.join(name), &to);
            }
            for (name, had_old) in done.iter().rev() {
                let to = dir.join(name);
                if *had_old {
                    let _ = std::fs::rename(previous.join(name), &to);
                } else {
                    let _ = std::fs::remove_file(&to);
                }
            }
            return Err(WriteError::Io { path: to, source });
        }
        done.push((name, had_old));
    }
    Ok(())
}

/// Refuses a target that is a file or a folder holding something other than
/// a dataset.
fn inspect(dir: &Path) -> Result<Target, WriteError> {
    let metadata = match std::fs::metadata(dir) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Absent),
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
    if dir.join("dataset.ron").is_file() {
        // Check now what would make a rename fail half-way.
        for name in FOLDER_FILES {
            let path = dir.join(name);
            if std::fs::symlink_metadata(&path).is_ok_and(|metadata| metadata.is_dir()) {
                return Err(WriteError::InTheWay { path });
            }
        }
        return Ok(Target::DatasetFolder);
    }
    let mut entries = std::fs::read_dir(dir).map_err(|source| WriteError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    if entries.next().is_some() {
        return Err(WriteError::NotADatasetFolder {
            path: dir.to_path_buf(),
        });
    }
    Ok(Target::EmptyFolder)
}

fn write_synced(path: &Path, write: WriteFile<'_>) -> std::io::Result<usize> {
    let file = std::fs::File::create(path)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let bytes = write(&mut out)?;
    let file = out
        .into_inner()
        .map_err(std::io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(bytes)
}
