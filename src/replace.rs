//! Replacing files and folders whole, and cleaning up after a writer that
//! was stopped half-way.
//!
//! A dataset folder or an image is never written where it goes: it is
//! written and synced under a name of our own beside it, then moved into
//! place by one rename (or, for a folder that exists, one exchange of two
//! folders). Everything this program puts beside a user's files for that is
//! named `.conflict-timeline-TOKEN.KIND`, TOKEN random:
//!
//! - `.lock`: a writer's lock, held for as long as the writer runs; its
//!   text says which process writes which folder (the journal that lets the
//!   next writer finish or undo an interrupted replacement);
//! - `.staging`: the new dataset folder being written;
//! - `.old`: the replaced dataset folder, while it is removed;
//! - `.tmp`: an image being written (it is its own lock).
//!
//! A live writer holds an advisory lock on its lock file, which the system
//! releases when the process ends, however it ends. So anything of ours whose
//! lock can be taken is stale, and the next writer in that folder cleans it
//! up ([`clean_folder`]). A lock file exists, locked, before its writer makes
//! anything else and is removed only after the rest, so a staging folder
//! without its lock file is stale too.

use std::ffi::OsStr;
use std::fs::{File, TryLockError};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// How every name this program writes beside a user's files starts.
pub(crate) const PREFIX: &str = ".conflict-timeline-";

/// How staging folders of earlier versions of this program, made inside the
/// target folder, were named.
const LEGACY_STAGING_PREFIX: &str = ".dataset.writing-";

/// What a name of ours is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Lock,
    Staging,
    Old,
    Temp,
}

impl Kind {
    const ALL: [Self; 4] = [Self::Lock, Self::Staging, Self::Old, Self::Temp];

    fn suffix(self) -> &'static str {
        match self {
            Self::Lock => ".lock",
            Self::Staging => ".staging",
            Self::Old => ".old",
            Self::Temp => ".tmp",
        }
    }
}

/// The name of a writer's `kind` of entry.
pub(crate) fn our_name(token: &str, kind: Kind) -> String {
    format!("{PREFIX}{token}{}", kind.suffix())
}

/// The token and kind of a name of ours.
pub(crate) fn parse_name(name: &OsStr) -> Option<(&str, Kind)> {
    let rest = name.to_str()?.strip_prefix(PREFIX)?;
    Kind::ALL.into_iter().find_map(|kind| {
        let token = rest.strip_suffix(kind.suffix())?;
        (!token.is_empty()).then_some((token, kind))
    })
}

/// Whether `name` is one of ours (of this version or an earlier one).
pub(crate) fn is_ours(name: &OsStr) -> bool {
    parse_name(name).is_some()
        || name
            .to_str()
            .is_some_and(|name| name.starts_with(LEGACY_STAGING_PREFIX))
}

/// A writer's lock: a file beside what it writes, locked while it runs,
/// holding the journal that tells a later writer what to finish or undo.
#[derive(Debug)]
pub(crate) struct WriterLock {
    file: File,
    path: PathBuf,
    folder: PathBuf,
    token: String,
}

impl WriterLock {
    /// Makes and locks a new lock file in `folder` with `journal` as text.
    pub(crate) fn acquire(folder: &Path, journal: &[u8]) -> std::io::Result<Self> {
        for _ in 0..8 {
            let named = new_file_of_ours(folder, Kind::Lock)?;
            let (mut file, path) = named.keep().map_err(|error| error.error)?;
            // Waits only while a cleaner holds it, which takes a moment.
            file.lock()?;
            // A cleaner may have taken it between its making and locking,
            // found it unlocked and removed it; then try another name.
            if std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            file.write_all(journal)?;
            file.sync_all()?;
            let token = path
                .file_name()
                .and_then(parse_name)
                .map(|(token, _)| token.to_owned())
                .ok_or_else(|| std::io::Error::other("a lock file got a name not of ours"))?;
            return Ok(Self {
                file,
                path,
                folder: folder.to_owned(),
                token,
            });
        }
        Err(std::io::Error::other(
            "could not make a lock file: another program keeps removing it",
        ))
    }

    /// The path of this writer's entry of `kind`, beside the lock.
    pub(crate) fn sibling(&self, kind: Kind) -> PathBuf {
        self.folder.join(our_name(&self.token, kind))
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// Removes the lock file, the writer's last step.
    pub(crate) fn release(self) -> std::io::Result<()> {
        let Self { file, path, .. } = self;
        let removed = std::fs::remove_file(&path);
        drop(file);
        removed
    }
}

/// A writer of ours that is still running.
#[derive(Clone, Debug)]
pub(crate) struct LiveWriter {
    /// Its lock (or temporary) file.
    pub path: PathBuf,
    /// The journal, as far as it could be read (empty while it is written).
    pub journal: Vec<u8>,
}

/// Finishes or undoes one stale writer's replacement, given its token and
/// journal. Called while the stale lock is held.
pub(crate) type Recover<'a> = dyn FnMut(&str, &[u8]) -> std::io::Result<()> + 'a;

/// Cleans up everything of ours in `folder` that no live writer holds:
/// stale writers are handed to `recover` and then their lock files, staging
/// folders and temporary files removed; staging folders of earlier versions
/// are removed. Without `recover`, only temporary files are cleaned: a
/// stale dataset write is left for a dataset writer, which can undo it.
/// Returns the live writers, except `own` (a token).
///
/// Only a failure of `recover` is an error; a leftover that cannot be
/// removed is left for the next time.
pub(crate) fn clean_folder(
    folder: &Path,
    own: Option<&str>,
    mut recover: Option<&mut Recover<'_>>,
) -> std::io::Result<Vec<LiveWriter>> {
    let mut live = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(live);
    };
    let mut ours: Vec<(String, Kind)> = Vec::new();
    let mut legacy = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some((token, kind)) = parse_name(&name) {
            if Some(token) != own {
                ours.push((token.to_owned(), kind));
            }
        } else if name
            .to_str()
            .is_some_and(|name| name.starts_with(LEGACY_STAGING_PREFIX))
        {
            legacy.push(entry.path());
        }
    }
    // Locks first: a lock decides what happens to the rest of its token.
    ours.sort_by_key(|(_, kind)| *kind != Kind::Lock);
    let mut handled: Vec<String> = Vec::new();
    for (token, kind) in ours {
        let path = folder.join(our_name(&token, kind));
        if recover.is_none() && kind != Kind::Temp {
            continue;
        }
        match kind {
            Kind::Lock => {
                let Ok(mut file) = std::fs::OpenOptions::new()
                    .read(true)
                    .write(true)
                    .open(&path)
                else {
                    continue;
                };
                match file.try_lock() {
                    Ok(()) => {}
                    Err(TryLockError::WouldBlock) => {
                        let mut journal = Vec::new();
                        let _ = file.read_to_end(&mut journal);
                        live.push(LiveWriter { path, journal });
                        handled.push(token);
                        continue;
                    }
                    Err(TryLockError::Error(_)) => continue,
                }
                // Taken: its writer is gone. Another cleaner may have
                // finished with it just before.
                if std::fs::symlink_metadata(&path).is_err() {
                    continue;
                }
                let mut journal = Vec::new();
                file.read_to_end(&mut journal)?;
                if let Some(recover) = recover.as_mut() {
                    recover(&token, &journal)?;
                }
                let staging = folder.join(our_name(&token, Kind::Staging));
                if staging.exists() {
                    let _ = std::fs::remove_dir_all(&staging);
                }
                let _ = std::fs::remove_file(&path);
                handled.push(token);
            }
            Kind::Temp => {
                let Ok(file) = std::fs::OpenOptions::new().write(true).open(&path) else {
                    continue;
                };
                match file.try_lock() {
                    Ok(()) => {
                        let _ = std::fs::remove_file(&path);
                    }
                    Err(TryLockError::WouldBlock) => live.push(LiveWriter {
                        path,
                        journal: Vec::new(),
                    }),
                    Err(TryLockError::Error(_)) => {}
                }
            }
            Kind::Staging => {
                // A staging folder is made after its lock and removed before
                // it; without the lock its writer is gone.
                let lock = folder.join(our_name(&token, Kind::Lock));
                if !handled.contains(&token) && std::fs::symlink_metadata(&lock).is_err() {
                    let _ = std::fs::remove_dir_all(&path);
                }
            }
            // A replaced dataset is only ever removed through its journal:
            // without one, it is the user's to look at.
            Kind::Old => {}
        }
    }
    if recover.is_some() {
        for path in legacy {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    Ok(live)
}

/// A new file named as ours, `.conflict-timeline-TOKEN.KIND`, in `folder`.
fn new_file_of_ours(folder: &Path, kind: Kind) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(PREFIX)
        .suffix(kind.suffix())
        .rand_bytes(12)
        .tempfile_in(folder)
}

/// A temporary file of ours in `folder`, locked as its own lock.
pub(crate) fn locked_temp_file(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    for _ in 0..8 {
        let file = new_file_of_ours(folder, Kind::Temp)?;
        file.as_file().lock()?;
        if std::fs::symlink_metadata(file.path()).is_ok() {
            return Ok(file);
        }
    }
    Err(std::io::Error::other(
        "could not make a temporary file: another program keeps removing it",
    ))
}

/// Replaces `path` with a file of what `write` writes, whole or not at all:
/// written and synced as a temporary file of ours beside it, then renamed
/// over it. Stale temporary files of ours in that folder are removed first;
/// on any error the temporary file is removed and `path` is as it was.
pub(crate) fn replace_file(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = parent_folder(path);
    let _ = clean_folder(&folder, None, None);
    let mut file = locked_temp_file(&folder)?;
    write(file.as_file_mut())?;
    file.as_file().sync_all()?;
    // A temporary file is private; the new file gets the usual permissions,
    // or keeps those of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let permissions = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
        file.as_file().set_permissions(permissions)?;
    }
    file.persist(path).map_err(|error| error.error)?;
    sync_folder(&folder);
    Ok(())
}

/// A file of `bytes`, written and synced as a temporary file of ours in
/// `folder`, with the permissions of a new file: to be renamed into place
/// ([`tempfile::NamedTempFile::persist`]) once the files written with it
/// are all ready. Dropped, it is removed.
pub(crate) fn staged_file(folder: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut file = locked_temp_file(folder)?;
    file.as_file_mut().write_all(bytes)?;
    file.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(file)
}

/// The folder `path` is in (`.` for a bare name).
pub(crate) fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Makes the renames in `folder` durable where the platform allows it.
pub(crate) fn sync_folder(folder: &Path) {
    if let Ok(folder) = File::open(folder) {
        let _ = folder.sync_all();
    }
}

/// Exchanges two folders in one atomic step. `Ok(false)` where the system
/// or the file system cannot; nothing was changed then.
pub(crate) fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(errno)
                if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP]
                    .contains(&errno) =>
            {
                Ok(false)
            }
            Err(errno) => Err(errno.into()),
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_names_read_back() {
        assert_eq!(
            parse_name(OsStr::new(".conflict-timeline-ab12.staging")),
            Some(("ab12", Kind::Staging))
        );
        assert_eq!(parse_name(OsStr::new(".conflict-timeline-.lock")), None);
        assert_eq!(parse_name(OsStr::new("conflict-timeline-ab.lock")), None);
        assert!(is_ours(OsStr::new(".dataset.writing-x1")));
        assert!(!is_ours(OsStr::new("dataset.ron")));
    }

    #[test]
    fn a_live_lock_is_kept_and_a_stale_one_cleaned() {
        let folder = tempfile::tempdir().unwrap();
        let live = WriterLock::acquire(folder.path(), b"live").unwrap();
        std::fs::create_dir(live.sibling(Kind::Staging)).unwrap();
        let stale = WriterLock::acquire(folder.path(), b"stale").unwrap();
        std::fs::create_dir(stale.sibling(Kind::Staging)).unwrap();
        std::fs::write(stale.sibling(Kind::Staging).join("x"), "x").unwrap();
        let stale_token = stale.token().to_owned();
        // Dropped without release: as if its process was killed.
        drop(stale);
        let orphan = folder.path().join(our_name("orphan", Kind::Staging));
        std::fs::create_dir(&orphan).unwrap();
        let mut recovered = Vec::new();
        let found = clean_folder(
            folder.path(),
            None,
            Some(&mut |token: &str, journal: &[u8]| {
                recovered.push((token.to_owned(), journal.to_vec()));
                Ok(())
            }),
        )
        .unwrap();
        assert_eq!(recovered, [(stale_token, b"stale".to_vec())]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].journal, b"live");
        let mut names: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        let mut expected = vec![
            live.sibling(Kind::Lock).file_name().unwrap().to_owned(),
            live.sibling(Kind::Staging).file_name().unwrap().to_owned(),
        ];
        expected.sort();
        assert_eq!(names, expected);
        live.release().unwrap();
    }

    #[test]
    fn a_live_temporary_file_is_kept_and_a_stale_one_removed() {
        let folder = tempfile::tempdir().unwrap();
        let live = locked_temp_file(folder.path()).unwrap();
        let stale = folder.path().join(our_name("gone", Kind::Temp));
        std::fs::write(&stale, "half an image").unwrap();
        // A stale dataset write is not an image writer's to clean.
        let lock = folder.path().join(our_name("dead", Kind::Lock));
        std::fs::write(&lock, "").unwrap();
        let found = clean_folder(folder.path(), None, None).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, live.path());
        assert!(!stale.exists());
        assert!(lock.exists());
    }
}
