//! Writing results to disk, all or nothing, one run at a time.
//!
//! Folders (a build's site and plans, a batch of plans) are written into
//! hidden siblings with unpredictable names and swapped in only when every
//! file is written. Folders written together are one generation: each
//! carries the generation's id in its mark, and a record of the swap
//! (`journal`) lets the next run finish a swap that a crash cut short, so
//! no run ever starts from a new site beside old plans. One run at a time
//! writes into a folder (`lock`). A single file (one plan) is written
//! beside its target under an unpredictable name and renamed over it.
//!
//! So a failed or interrupted run leaves the previous output exactly as it
//! was. Paths come from the renderers as `/`-separated relative paths;
//! anything absolute or with `..` is refused, a folder planwright did not
//! write is never replaced, and nothing is written through a symbolic
//! link, so nothing outside the chosen output is written or deleted.
//!
//! This module decides nothing about what is written; it only writes it.

mod journal;
mod lock;

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use thiserror::Error;

pub use journal::JOURNAL;

/// The file that marks a folder as planwright's own output: only a folder
/// holding it (or an empty one) is replaced, and no folder holding it is
/// read as content. In folders written together, its last line names
/// their generation.
pub const MARKER: &str = ".planwright-output";

const MARKER_TEXT: &str =
    "Written by planwright. The whole folder is replaced by the next run, so keep nothing else here.\n";

/// The line of the mark that names the generation.
const GENERATION: &str = "generation: ";

/// Why output could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A generated path would leave the output folder.
    #[error("refusing to write `{0}`: it is not a plain path inside the output folder")]
    UnsafePath(String),
    /// The target holds something planwright did not write.
    #[error("refusing to replace `{}`: {why}", path.display())]
    NotOurs {
        /// The folder or file that would have been replaced.
        path: PathBuf,
        /// What is there instead.
        why: &'static str,
    },
    /// A single file's target is there and is not a plain file.
    #[error("refusing to write `{}`: {what}", path.display())]
    NotAFile {
        /// The file that was to be written.
        path: PathBuf,
        /// What is there instead.
        what: &'static str,
    },
    /// The output and the content overlap, so a build would read its own
    /// output or replace its own content.
    #[error("refusing to write into `{}`: {why} `{}`", output.display(), content.display())]
    Overlaps {
        /// The output folder as given.
        output: PathBuf,
        /// The content folder as given.
        content: PathBuf,
        /// How they overlap, ending where the content folder is named.
        why: &'static str,
    },
    /// A record of an interrupted swap no longer matches the folders.
    #[error("an interrupted run left `{}` half-replaced, and its record `{}` no longer matches the folders there", folder.display(), record.display())]
    Unfinished {
        /// The folder holding the swapped folders.
        folder: PathBuf,
        /// The record of the swap.
        record: PathBuf,
    },
}

impl OutputError {
    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OutputError::NotOurs { .. } => Some(
                "planwright only replaces output it wrote itself; choose a new or empty folder (or another file name), or remove what is there",
            ),
            OutputError::NotAFile { .. } => Some(
                "planwright writes a new plain file and renames it over the old one; name a plain file, or write to standard output (leave out -o, or write `-o -`) and redirect it",
            ),
            OutputError::Overlaps { .. } => Some(
                "choose an output folder outside the content folder, for example `output` next to it (the default)",
            ),
            OutputError::Unfinished { .. } => Some(
                "remove the record and any hidden `.site.*`, `.plans.*` folders beside it, then run again",
            ),
            _ => None,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks a generated path is relative and stays inside its folder.
fn safe_relative(path: &str) -> Result<PathBuf, OutputError> {
    let candidate = Path::new(path);
    let plain = !path.is_empty()
        && !path.contains('\\')
        && candidate
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(candidate.to_path_buf())
    } else {
        Err(OutputError::UnsafePath(path.to_string()))
    }
}

/// A failure the tests can ask for with `PLANWRIGHT_FAILPOINT`, to prove
/// that a run failing or dying half-way changes nothing. Real runs never
/// set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failpoint {
    /// `write:N`: the N-th file write of the process fails with an error.
    Write(usize),
    /// `abort:N`: the process dies just before its N-th file write.
    Abort(usize),
    /// `abort:swap`: the process dies right after swapping in its first
    /// folder, before the others: the moment at which the output is a new
    /// site beside old plans, until the next run finishes the swap.
    AbortSwap,
}

fn failpoint() -> Option<Failpoint> {
    static POINT: OnceLock<Option<Failpoint>> = OnceLock::new();
    *POINT.get_or_init(|| {
        let value = std::env::var("PLANWRIGHT_FAILPOINT").ok()?;
        match value.split_once(':')? {
            ("abort", "swap") => Some(Failpoint::AbortSwap),
            ("write", n) => n.parse().ok().map(Failpoint::Write),
            ("abort", n) => n.parse().ok().map(Failpoint::Abort),
            _ => None,
        }
    })
}

/// Counts one file write for the failpoint, failing or dying there when
/// asked to.
fn before_write(path: &Path) -> Result<(), OutputError> {
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let n = WRITES.fetch_add(1, Ordering::SeqCst) + 1;
    match failpoint() {
        Some(Failpoint::Abort(at)) if at == n => std::process::abort(),
        Some(Failpoint::Write(at)) if at == n => Err(OutputError::Io {
            path: path.to_path_buf(),
            source: io::Error::other("injected failure (PLANWRIGHT_FAILPOINT)"),
        }),
        _ => Ok(()),
    }
}

/// Writes one file inside a staging folder, which no one else writes.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    before_write(path)?;
    fs::write(path, bytes).map_err(io_error(path))
}

/// The folder that holds `target`, and `target`'s own name. A path with no
/// name of its own (`.`, `..`, `/`) is refused: replacing it would mean
/// renaming the folder a person is working in.
pub fn parent_and_name(target: &Path) -> Result<(PathBuf, String), OutputError> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match target.file_name() {
        Some(name) => Ok((parent, name.to_string_lossy().into_owned())),
        None => Err(OutputError::NotOurs {
            path: target.to_path_buf(),
            why: "it names no folder of its own; name a folder inside it, such as `plans`",
        }),
    }
}

/// The generation written in the mark of `folder`, if it is one of ours.
pub fn generation(folder: &Path) -> Option<String> {
    let mark = folder.join(MARKER);
    if !fs::symlink_metadata(&mark).ok()?.is_file() {
        return None;
    }
    let text = fs::read_to_string(mark).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix(GENERATION))
        .map(str::to_string)
}

/// Refuses a `target` that is not absent, empty, or planwright's own output.
fn check_ours(target: &Path) -> Result<(), OutputError> {
    let not_ours = |why| {
        Err(OutputError::NotOurs {
            path: target.to_path_buf(),
            why,
        })
    };
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return not_ours(
            "it is a symbolic link, and planwright does not replace what a link points at",
        );
    }
    if !meta.is_dir() {
        return not_ours("it is a file, not a folder");
    }
    let mut items = fs::read_dir(target).map_err(io_error(target))?;
    if items.next().is_some() && !target.join(MARKER).is_file() {
        return not_ours("it holds files that planwright did not write");
    }
    Ok(())
}

/// Where the previous output goes while a swap without an exchange runs:
/// named after the staging folder, so it is as unpredictable.
fn previous_of(staging: &Path) -> PathBuf {
    let name = staging.file_name().unwrap_or_default().to_string_lossy();
    staging.with_file_name(format!(
        "{}.previous",
        name.strip_suffix(".partial").unwrap_or(&name)
    ))
}

/// How a folder was swapped in, so it can be swapped back.
#[derive(Debug, Clone, Copy)]
enum Swapped {
    /// Exchanged in one step: the old folder is now at the staging path.
    Exchanged,
    /// Two renames: the old folder is at the previous path.
    Renamed,
    /// There was no old folder.
    Fresh,
}

/// Puts the folder at `staging` in place of `target`. At every moment the
/// new folder is whole at one of the two paths and the old one at
/// `target`, `staging` or the previous path, which is what lets
/// `journal::finish` complete the swap after a crash at any point.
fn swap_in(staging: &Path, target: &Path) -> io::Result<Swapped> {
    if fs::symlink_metadata(target).is_err() {
        fs::rename(staging, target)?;
        return Ok(Swapped::Fresh);
    }
    if exchange(staging, target)? {
        return Ok(Swapped::Exchanged);
    }
    let previous = previous_of(staging);
    fs::rename(target, &previous)?;
    if let Err(e) = fs::rename(staging, target) {
        let _ = fs::rename(&previous, target);
        return Err(e);
    }
    Ok(Swapped::Renamed)
}

/// Undoes a `swap_in`, keeping the same invariant.
fn swap_back(staging: &Path, target: &Path, how: Swapped) -> io::Result<()> {
    match how {
        Swapped::Exchanged => {
            if !exchange(staging, target)? {
                return Err(io::Error::other("the folders can no longer be exchanged"));
            }
        }
        Swapped::Renamed => {
            fs::rename(target, staging)?;
            fs::rename(previous_of(staging), target)?;
        }
        Swapped::Fresh => fs::rename(target, staging)?,
    }
    Ok(())
}

/// Swaps two folders in one step, so there is no moment at which `b` is
/// missing or half-replaced: Linux's `renameat2` with `RENAME_EXCHANGE`.
/// `Ok(false)` when the file system cannot, and the caller falls back to
/// two renames (a crash between them is mended by the next run).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The target whose swap uses the hidden folder `name`
/// (`.site.Xy3k9Q.partial` or `.site.Xy3k9Q.previous` for `site`), when
/// it is such a folder's name.
fn swap_target(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?;
    let rest = rest
        .strip_suffix(".partial")
        .or_else(|| rest.strip_suffix(".previous"))?;
    let (target, random) = rest.rsplit_once('.')?;
    let plain = !matches!(target, "" | "." | "..") && !target.contains(['/', '\\']);
    let random = random.len() == RANDOM_CHARS && random.chars().all(|c| c.is_ascii_alphanumeric());
    (plain && random).then_some(target)
}

/// How many random characters name a staging folder.
const RANDOM_CHARS: usize = 6;

/// Removes what runs that died left in `parent`: staging folders and old
/// output put aside, except that old output put aside with nothing in its
/// place (a lone folder's swap cut between its two renames) is put back.
/// Called with the lock held and any recorded swap finished, so none of
/// them belongs to a run still going. Only folders that carry the mark (or
/// are empty) are touched, never a look-alike of someone else's.
fn remove_leftovers(parent: &Path) -> Result<(), OutputError> {
    let mut entries: Vec<_> = fs::read_dir(parent)
        .map_err(io_error(parent))?
        .flatten()
        .map(|entry| entry.path())
        .collect();
    // The same order on every run, whatever the directory's.
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let Some(target) = swap_target(&name) else {
            continue;
        };
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && (path.join(MARKER).is_file()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()));
        if !ours {
            continue;
        }
        let target = parent.join(target);
        if name.ends_with(".previous") && fs::symlink_metadata(&target).is_err() {
            fs::rename(&path, &target).map_err(io_error(&target))?;
        } else {
            fs::remove_dir_all(&path).map_err(io_error(&path))?;
        }
    }
    Ok(())
}

/// One folder on its way to replacing `target`.
#[derive(Debug)]
struct Folder {
    target: PathBuf,
    staging: PathBuf,
}

/// Folders being written beside their targets, file by file, to replace
/// them together on [`Staging::commit`]. Dropped without a commit, they
/// are removed and the targets stay as they were. Large batches write
/// through this as they go, so their memory stays flat however long the
/// roster. While it lives, the run holds the lock of the folder the
/// targets are in.
pub struct Staging {
    parent: PathBuf,
    folders: Vec<Folder>,
    /// Each file written: its folder, its path and a hash of its bytes,
    /// from which the generation's id is made.
    files: Mutex<Vec<(usize, String, u64)>>,
    committed: bool,
    // Last, so the staging folders are removed before the lock goes.
    _lock: lock::OutputLock,
}

impl Staging {
    /// Starts replacing `parent/NAME` for every name in `names`, together.
    /// Takes `parent`'s lock (telling `waiting` first if another run holds
    /// it), finishes a swap a crashed run left half-done, removes what
    /// dead runs left, and checks every target may be replaced, all
    /// before anything is written.
    pub fn begin(
        parent: &Path,
        names: &[&str],
        waiting: &dyn Fn(&Path),
    ) -> Result<Staging, OutputError> {
        fs::create_dir_all(parent).map_err(io_error(parent))?;
        let lock = lock::OutputLock::acquire(parent, waiting)?;
        journal::finish(parent)?;
        remove_leftovers(parent)?;
        for name in names {
            check_ours(&parent.join(name))?;
        }
        let mut staging = Staging {
            parent: parent.to_path_buf(),
            folders: Vec::new(),
            files: Mutex::new(Vec::new()),
            committed: false,
            _lock: lock,
        };
        for name in names {
            let folder = tempfile::Builder::new()
                .prefix(&format!(".{name}."))
                .suffix(".partial")
                .rand_bytes(RANDOM_CHARS)
                .tempdir_in(parent)
                .map_err(io_error(parent))?
                .keep();
            staging.folders.push(Folder {
                target: parent.join(name),
                staging: folder.clone(),
            });
            write_file(&folder.join(MARKER), MARKER_TEXT.as_bytes())?;
        }
        Ok(staging)
    }

    /// Writes one file into the `folder`-th of the names given to `begin`,
    /// `path` being `/`-separated and relative.
    pub fn write(&self, folder: usize, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let staged = &self.folders[folder];
        let full = staged.staging.join(safe_relative(path)?);
        if let Some(dir) = full.parent() {
            fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        write_file(&full, bytes)?;
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((
            folder,
            path.to_string(),
            hasher.finish(),
        ));
        Ok(())
    }

    /// The generation's id: made from every file's folder (its place among
    /// the names, not its name), path and bytes, so the same output always
    /// has the same id wherever it is written (builds stay byte-for-byte
    /// repeatable) and different output a different one.
    fn generation(&self) -> String {
        let mut files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        files.sort();
        let mut hasher = DefaultHasher::new();
        files.hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }

    /// Swaps every staged folder in, or none. Folders written together
    /// carry one generation in their marks and their swap is recorded
    /// first, so if the process dies between two folders the next run
    /// completes it; if a folder cannot be swapped in, those already
    /// swapped are put back. Either way the folders never come from two
    /// different runs. A lone folder needs neither: it is swapped in one
    /// step (a crash between two renames, where there is no such step, is
    /// undone by the next run), and its mark stays the same for the same
    /// files, so the folders of a batch's shards merge into one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let together = self.folders.len() > 1;
        if together {
            let generation = self.generation();
            for folder in &self.folders {
                let text = format!("{MARKER_TEXT}{GENERATION}{generation}\n");
                write_file(&folder.staging.join(MARKER), text.as_bytes())?;
            }
            let record = journal::Record {
                generation,
                staging: self.folders.iter().map(|f| f.staging.clone()).collect(),
            };
            journal::write(&self.parent, &record)?;
        }
        let mut done: Vec<Swapped> = Vec::new();
        for folder in &self.folders {
            match swap_in(&folder.staging, &folder.target) {
                Ok(how) => done.push(how),
                Err(source) => {
                    let undone = self
                        .folders
                        .iter()
                        .zip(&done)
                        .rev()
                        .all(|(f, how)| swap_back(&f.staging, &f.target, *how).is_ok());
                    // Put back whole: the record goes. Not all put back:
                    // the record stays and the next run completes the swap.
                    if undone {
                        if together {
                            journal::remove(&self.parent);
                        }
                    } else {
                        self.committed = true;
                    }
                    return Err(OutputError::Io {
                        path: folder.target.clone(),
                        source,
                    });
                }
            }
            if failpoint() == Some(Failpoint::AbortSwap) {
                std::process::abort();
            }
        }
        self.committed = true;
        if together {
            journal::remove(&self.parent);
        }
        // The old output is tidied away now, or by the next run.
        for folder in &self.folders {
            for old in [folder.staging.clone(), previous_of(&folder.staging)] {
                if fs::symlink_metadata(&old).is_ok() {
                    let _ = fs::remove_dir_all(&old);
                }
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            for folder in &self.folders {
                let _ = fs::remove_dir_all(&folder.staging);
            }
        }
    }
}

/// Replaces the single file `path` with `bytes`: written beside it under
/// an unpredictable name (created new, so nothing planted there is
/// followed or overwritten) and renamed over it, so a reader never sees
/// half a file and a failure leaves the old one. A target that is there
/// and is not a plain file (a folder, a link, a device, a pipe, a socket)
/// is refused. A new file gets the usual permissions (0666 less the
/// umask); a replaced one keeps its own.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let existing = match fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(OutputError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    if let Some(meta) = &existing {
        if let Some(what) = not_a_file(&meta.file_type()) {
            return Err(OutputError::NotAFile {
                path: path.to_path_buf(),
                what,
            });
        }
    }
    let (parent, name) = parent_and_name(path)?;
    before_write(path)?;
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".partial")
        .rand_bytes(RANDOM_CHARS);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(&parent).map_err(io_error(path))?;
    file.write_all(bytes).map_err(io_error(path))?;
    if let Some(meta) = existing {
        file.as_file()
            .set_permissions(meta.permissions())
            .map_err(io_error(path))?;
    }
    file.persist(path).map_err(|e| OutputError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// What a single file's target is, when it is not a plain file.
fn not_a_file(kind: &fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("it is a folder");
    }
    if kind.is_symlink() {
        return Some("it is a symbolic link, and planwright does not write through links");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return Some("it is a device, not a plain file");
        }
        if kind.is_fifo() {
            return Some("it is a named pipe (FIFO), not a plain file");
        }
        if kind.is_socket() {
            return Some("it is a socket, not a plain file");
        }
    }
    Some("it is not a plain file")
}

/// Refuses an output folder that is the content folder or inside it (a
/// build would take its own output in as content, one level deeper every
/// run), and a content folder inside a folder the run replaces (the swap
/// would delete it). Paths are compared as the file system resolves them,
/// links and all; `output` and `replaced` may not exist yet. When the
/// content folder does not exist there is nothing to overlap, and loading
/// it reports it missing.
pub fn check_apart(content: &Path, output: &Path, replaced: &[PathBuf]) -> Result<(), OutputError> {
    let Ok(real_content) = content.canonicalize() else {
        return Ok(());
    };
    let overlaps = |why| {
        Err(OutputError::Overlaps {
            output: output.to_path_buf(),
            content: content.to_path_buf(),
            why,
        })
    };
    let real_output = resolve(output).map_err(io_error(output))?;
    if real_output == real_content {
        return overlaps("it is the content folder");
    }
    if real_output.starts_with(&real_content) {
        return overlaps("it is inside the content folder");
    }
    for folder in replaced {
        let real = resolve(folder).map_err(io_error(folder))?;
        if real_content.starts_with(&real) {
            return overlaps("it would replace the folder that holds the content folder");
        }
    }
    Ok(())
}

/// `path` made absolute with every link resolved, as far as it exists; the
/// rest is added as written, `..` taking off the last part.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    for part in std::path::absolute(path)?.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("planwright-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn never_waits(folder: &Path) {
        panic!("nothing else holds the lock of {}", folder.display());
    }

    /// Replaces `parent/NAME` with the given files for every folder, together.
    fn replace(parent: &Path, folders: &[(&str, &[(&str, &str)])]) -> Result<(), OutputError> {
        let names: Vec<&str> = folders.iter().map(|(name, _)| *name).collect();
        let staging = Staging::begin(parent, &names, &never_waits)?;
        for (i, (_, files)) in folders.iter().enumerate() {
            for (path, text) in *files {
                staging.write(i, path, text.as_bytes())?;
            }
        }
        staging.commit()
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_whole_folder() {
        let root = scratch("replace");
        let target = root.join("site");
        replace(
            &root,
            &[("site", &[("a.html", "one"), ("old/b.html", "two")])],
        )
        .unwrap();
        replace(&root, &[("site", &[("a.html", "three")])]).unwrap();
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "three");
        assert!(!target.join("old").exists(), "stale files are removed");
        assert_eq!(
            names_in(&root),
            ["site"],
            "no staging folder or record left"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let root = scratch("keep");
        let target = root.join("site");
        replace(&root, &[("site", &[("a.html", "good")])]).unwrap();
        let err = replace(
            &root,
            &[("site", &[("a.html", "new"), ("../escape.html", "x")])],
        )
        .unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)));
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "good");
        assert!(!root.join("escape.html").exists());
        assert_eq!(names_in(&root), ["site"]);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        for bad in ["/etc/passwd", "../x", "a/../../x", "", "a\\..\\x", "./a"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("exercises/cat-cow.html").is_ok());
        for bad in [".", "..", "/", "a/.."] {
            assert!(parent_and_name(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let root = scratch("foreign");
        let target = root.join("docs");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("thesis.txt"), "years of work").unwrap();
        let err = replace(&root, &[("docs", &[("a.html", "x")])]).unwrap_err();
        assert!(matches!(err, OutputError::NotOurs { .. }), "{err}");
        assert!(err.hint().is_some());
        assert_eq!(
            fs::read_to_string(target.join("thesis.txt")).unwrap(),
            "years of work"
        );
        assert!(!target.join("a.html").exists());

        fs::write(root.join("file"), "x").unwrap();
        assert!(replace(&root, &[("file", &[("a.html", "x")])]).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&target, root.join("link")).unwrap();
            let err = replace(&root, &[("link", &[("a.html", "x")])]).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{err}");
            assert!(!target.join("a.html").exists());
        }
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn an_empty_folder_or_our_own_output_is_replaced() {
        let root = scratch("ours");
        let target = root.join("site");
        fs::create_dir_all(&target).unwrap();
        replace(&root, &[("site", &[("a.html", "one")])]).unwrap();
        assert!(target.join(MARKER).is_file());
        replace(&root, &[("site", &[("b.html", "two")])]).unwrap();
        assert!(!target.join("a.html").exists());
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn folders_written_together_carry_one_generation_named_by_their_files() {
        let root = scratch("generation");
        let (site, plans) = (root.join("site"), root.join("plans"));
        let write = |text: &str| {
            replace(
                &root,
                &[
                    ("site", &[("a.html", text)]),
                    ("plans", &[("p.pdf", "same")]),
                ],
            )
            .unwrap();
            let id = generation(&site).expect("the site's mark names its generation");
            assert_eq!(generation(&plans).as_deref(), Some(id.as_str()));
            id
        };
        let first = write("one");
        assert_eq!(write("one"), first, "the same files, the same generation");
        assert_ne!(write("two"), first);
        // A lone folder's mark is the same for the same files, wherever
        // they were written, so the shards of a batch merge into one.
        replace(&root, &[("a", &[("p.pdf", "x")])]).unwrap();
        replace(&root, &[("b", &[("p.pdf", "x")])]).unwrap();
        assert_eq!(generation(&root.join("a")), None);
        assert_eq!(
            fs::read(root.join("a").join(MARKER)).unwrap(),
            fs::read(root.join("b").join(MARKER)).unwrap()
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn folders_replaced_together_are_all_kept_when_one_fails() {
        let root = scratch("together");
        let (site, plans) = (root.join("site"), root.join("plans"));
        replace(
            &root,
            &[
                ("site", &[("a.html", "old")]),
                ("plans", &[("p.pdf", "old")]),
            ],
        )
        .unwrap();
        let err = replace(
            &root,
            &[
                ("site", &[("a.html", "new")]),
                ("plans", &[("/p.pdf", "new")]),
            ],
        );
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(site.join("a.html")).unwrap(), "old");
        assert_eq!(fs::read_to_string(plans.join("p.pdf")).unwrap(), "old");
        assert_eq!(names_in(&root), ["plans", "site"]);
        fs::remove_dir_all(root).unwrap();
    }

    /// A staging folder as a run leaves it once complete: the mark with
    /// its generation and one file.
    fn staged(root: &Path, name: &str, generation: &str, text: &str) -> PathBuf {
        let folder = root.join(format!(".{name}.Ab3dE9.partial"));
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(MARKER),
            format!("{MARKER_TEXT}{GENERATION}{generation}\n"),
        )
        .unwrap();
        fs::write(folder.join("file"), text).unwrap();
        folder
    }

    fn record(root: &Path, generation: &str, staging: &[&Path]) {
        let record = journal::Record {
            generation: generation.to_string(),
            staging: staging.iter().map(|s| s.to_path_buf()).collect(),
        };
        journal::write(root, &record).unwrap();
    }

    #[test]
    fn the_next_run_finishes_a_swap_cut_short() {
        let root = scratch("finish");
        let (site, plans) = (root.join("site"), root.join("plans"));
        replace(
            &root,
            &[("site", &[("file", "old")]), ("plans", &[("file", "old")])],
        )
        .unwrap();
        // Died after the site was exchanged, before the plans: the old
        // site now sits at the site's staging path.
        let new_site = staged(&root, "site", "g2", "new");
        let new_plans = staged(&root, "plans", "g2", "new");
        record(&root, "g2", &[&new_site, &new_plans]);
        swap_in(&new_site, &site).unwrap();
        // Then another run starts, and fails before writing anything.
        let err = replace(&root, &[("site", &[("../x", "")])]).unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)));
        for folder in [&site, &plans] {
            assert_eq!(fs::read_to_string(folder.join("file")).unwrap(), "new");
            assert_eq!(generation(folder).as_deref(), Some("g2"));
        }
        assert_eq!(
            names_in(&root),
            ["plans", "site"],
            "record and old copies gone"
        );

        // Died between the two renames of a swap without exchange: the
        // site is aside, nothing in its place, the plans not yet swapped.
        let newer_site = staged(&root, "site", "g3", "newer");
        let newer_plans = staged(&root, "plans", "g3", "newer");
        record(&root, "g3", &[&newer_site, &newer_plans]);
        fs::rename(&site, previous_of(&newer_site)).unwrap();
        let err = replace(&root, &[("site", &[("../x", "")])]).unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)));
        for folder in [&site, &plans] {
            assert_eq!(fs::read_to_string(folder.join("file")).unwrap(), "newer");
        }
        assert_eq!(names_in(&root), ["plans", "site"]);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_lone_folders_swap_cut_between_two_renames_is_undone() {
        let root = scratch("undone");
        replace(&root, &[("plans", &[("file", "old")])]).unwrap();
        // What a crash between the renames leaves where the folders cannot
        // be exchanged: the old folder aside, the new one not yet in place.
        let new = staged(&root, "plans", "g2", "new");
        fs::rename(root.join("plans"), previous_of(&new)).unwrap();
        // The next run into the same folder, even for another target.
        replace(&root, &[("site", &[("file", "site")])]).unwrap();
        assert_eq!(fs::read_to_string(root.join("plans/file")).unwrap(), "old");
        assert_eq!(names_in(&root), ["plans", "site"]);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_record_that_does_not_match_the_folders_is_refused() {
        let root = scratch("mismatch");
        replace(&root, &[("site", &[("file", "old")])]).unwrap();
        let gone = root.join(".site.Ab3dE9.partial");
        record(&root, "g9", &[&gone]);
        let err = replace(&root, &[("site", &[("file", "new")])]).unwrap_err();
        assert!(matches!(err, OutputError::Unfinished { .. }), "{err}");
        assert!(err.hint().is_some());
        // A planted record may only name staging folders beside the targets.
        for planted in ["../outside", ".site.Ab3dE9.previous", "...Ab3dE9.partial"] {
            fs::write(
                root.join(JOURNAL),
                format!("{}\ngeneration g9\n{planted}\n", journal::HEADER),
            )
            .unwrap();
            let err = replace(&root, &[("site", &[("file", "new")])]).unwrap_err();
            assert!(
                matches!(err, OutputError::Unfinished { .. }),
                "{planted}: {err}"
            );
        }
        assert_eq!(fs::read_to_string(root.join("site/file")).unwrap(), "old");
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn what_dead_runs_left_is_removed_and_nothing_else() {
        let root = scratch("leftovers");
        replace(&root, &[("plans", &[("p.pdf", "kept")])]).unwrap();
        staged(&root, "site", "g1", "dead run");
        fs::create_dir_all(root.join(".plans.Zz9yY8.previous")).unwrap();
        let theirs = root.join(".notes.Ab3dE9.partial");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("mine.txt"), "not planwright's").unwrap();
        fs::create_dir_all(root.join(".site.partial")).unwrap();
        replace(&root, &[("site", &[("a.html", "x")])]).unwrap();
        assert_eq!(
            names_in(&root),
            [".notes.Ab3dE9.partial", ".site.partial", "plans", "site"],
            "only marked or empty swap folders go"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn staging_folders_have_unpredictable_names_and_usual_permissions() {
        let root = scratch("names");
        let first = Staging::begin(&root, &["site"], &never_waits).unwrap();
        let name = first.folders[0].staging.clone();
        drop(first);
        let second = Staging::begin(&root, &["site"], &never_waits).unwrap();
        assert_ne!(second.folders[0].staging, name);
        assert_eq!(
            swap_target(&name.file_name().unwrap().to_string_lossy()),
            Some("site")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let usual = root.join("usual");
            fs::create_dir(&usual).unwrap();
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&second.folders[0].staging), mode(&usual));
        }
        drop(second);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_second_run_waits_for_the_lock() {
        let root = scratch("lock");
        let held = Staging::begin(&root, &["site"], &never_waits).unwrap();
        let (told, heard) = std::sync::mpsc::channel();
        let other = {
            let root = root.clone();
            std::thread::spawn(move || {
                let waiting = move |_: &Path| told.send(()).unwrap();
                let staging = Staging::begin(&root, &["site"], &waiting).unwrap();
                staging.write(0, "a.html", b"second").unwrap();
                staging.commit().unwrap();
            })
        };
        heard.recv().unwrap();
        held.write(0, "a.html", b"first").unwrap();
        held.commit().unwrap();
        other.join().unwrap();
        assert_eq!(
            fs::read_to_string(root.join("site/a.html")).unwrap(),
            "second"
        );
        assert_eq!(names_in(&root), ["site"], "the lock leaves no file behind");
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn single_files_are_replaced_whole() {
        let root = scratch("single");
        let path = root.join("plan.pdf");
        replace_file(&path, b"one").unwrap();
        replace_file(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(names_in(&root), ["plan.pdf"], "no partial file left");
        assert!(replace_file(&root, b"x").is_err(), "a folder is refused");
        assert!(replace_file(&root.join("missing/plan.pdf"), b"x").is_err());
        fs::remove_dir_all(root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn single_files_get_usual_permissions_and_keep_their_own() {
        use std::os::unix::fs::PermissionsExt;
        let root = scratch("modes");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let usual = root.join("usual");
        fs::write(&usual, "").unwrap();
        let new = root.join("new.pdf");
        replace_file(&new, b"x").unwrap();
        assert_eq!(
            mode(&new),
            mode(&usual),
            "0666 less the umask, as any new file"
        );
        let private = root.join("private.pdf");
        fs::write(&private, "old").unwrap();
        fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
        replace_file(&private, b"new").unwrap();
        assert_eq!(mode(&private), 0o600);
        fs::remove_dir_all(root).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn single_files_are_never_written_over_links_pipes_sockets_or_devices() {
        use rustix::fs::{mknodat, FileType, Mode, CWD};
        let root = scratch("special");
        let precious = root.join("precious.txt");
        fs::write(&precious, "keep").unwrap();
        let link = root.join("link.pdf");
        std::os::unix::fs::symlink(&precious, &link).unwrap();
        let fifo = root.join("fifo.pdf");
        mknodat(CWD, &fifo, FileType::Fifo, Mode::from(0o644), 0).unwrap();
        let socket = root.join("socket.pdf");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let mut cases = vec![
            (link, "symbolic link"),
            (fifo, "named pipe"),
            (socket, "socket"),
        ];
        // A device node like /dev/null, where the system lets us make one.
        let device = root.join("null.pdf");
        if mknodat(
            CWD,
            &device,
            FileType::CharacterDevice,
            Mode::from(0o666),
            rustix::fs::makedev(1, 3),
        )
        .is_ok()
        {
            cases.push((device, "device"));
        }
        for (path, what) in &cases {
            let before = fs::symlink_metadata(path).unwrap().file_type();
            let err = replace_file(path, b"plan").unwrap_err();
            assert!(matches!(err, OutputError::NotAFile { .. }), "{err}");
            assert!(err.to_string().contains(what), "{err}");
            assert_eq!(fs::symlink_metadata(path).unwrap().file_type(), before);
        }
        assert_eq!(fs::read_to_string(&precious).unwrap(), "keep");
        assert_eq!(
            names_in(&root).len(),
            cases.len() + 1,
            "no partial file left"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn output_and_content_may_not_overlap() {
        let root = scratch("apart");
        let content = root.join("project/content");
        fs::create_dir_all(&content).unwrap();
        let refused = |output: &Path, replaced: &[PathBuf]| {
            matches!(
                check_apart(&content, output, replaced),
                Err(OutputError::Overlaps { .. })
            )
        };
        let build = |output: &Path| vec![output.join("site"), output.join("plans")];
        for inside in [
            content.clone(),
            content.join("output"),
            content.join("not/yet/there"),
            root.join("project/content/../content/./output"),
            root.join("project/missing/../content/output"),
        ] {
            assert!(refused(&inside, &build(&inside)), "{}", inside.display());
        }
        #[cfg(unix)]
        {
            let link = root.join("link");
            std::os::unix::fs::symlink(&content, &link).unwrap();
            assert!(refused(&link.join("output"), &[]), "through a link");
        }
        let output = root.join("project/output");
        assert!(!refused(&output, &build(&output)), "beside the content");
        assert!(!refused(
            &root.join("project"),
            &build(&root.join("project"))
        ));
        assert!(
            refused(&root, &[root.join("project")]),
            "a batch folder that holds the content"
        );
        assert!(check_apart(&root.join("none"), &root.join("none/out"), &[]).is_ok());
        fs::remove_dir_all(root).unwrap();
    }
}
