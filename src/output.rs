//! Writing results to disk, all or nothing.
//!
//! A folder (the site, a batch of plans) is written into a hidden sibling
//! and swapped in only when every file is written; a single file (one plan)
//! is written beside its target under an unpredictable name and renamed
//! over it. So a failed or interrupted run leaves the previous output
//! exactly as it was. Paths come from the renderers as `/`-separated
//! relative paths; anything absolute or with `..` is refused, and a folder
//! planwright did not write is never replaced, so nothing outside the
//! chosen output is written or deleted.
//!
//! This module decides nothing about what is written; it only writes it.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use thiserror::Error;

/// The file that marks a folder as planwright's own output: only a folder
/// holding it (or an empty one) is replaced.
pub const MARKER: &str = ".planwright-output";

const MARKER_TEXT: &[u8] =
    b"Written by planwright. The whole folder is replaced by the next run, so keep nothing else here.\n";

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
}

impl OutputError {
    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            OutputError::NotOurs { .. } => Some(
                "planwright only replaces output it wrote itself; choose a new or empty folder (or another file name), or remove what is there",
            ),
            OutputError::Overlaps { .. } => Some(
                "choose an output folder outside the content folder, for example `output` next to it (the default)",
            ),
            OutputError::NotAFile { .. } => Some(
                "planwright writes a new plain file and renames it over the old one; name a plain file, or write to standard output (leave out -o, or write `-o -`) and redirect it",
            ),
            _ => None,
        }
    }
}

/// A file to write: its path relative to the target folder, and its bytes.
pub trait Entry {
    /// `/`-separated relative path.
    fn path(&self) -> &str;
    /// The file's content.
    fn bytes(&self) -> &[u8];
}

impl Entry for crate::site::OutputFile {
    fn path(&self) -> &str {
        &self.path
    }
    fn bytes(&self) -> &[u8] {
        &self.bytes
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
    /// `abort:swap`: the process dies between moving the old folder aside
    /// and moving the new one in, the narrowest window there is.
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

/// The folder beside `target` and `target`'s own name.
fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// One folder on its way to replacing `target`.
struct Swap {
    target: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
}

impl Swap {
    /// Tidies up after an interrupted run and checks `target` may be
    /// replaced, before anything is written.
    fn prepare(target: &Path) -> Result<Swap, OutputError> {
        let (parent, name) = parent_and_name(target);
        fs::create_dir_all(&parent).map_err(io_error(&parent))?;
        let swap = Swap {
            target: target.to_path_buf(),
            staging: parent.join(format!(".{name}.partial")),
            previous: parent.join(format!(".{name}.previous")),
        };
        // A run that died between its two renames left the old output
        // aside and nothing in its place: put it back first.
        if fs::symlink_metadata(target).is_err() && swap.previous.is_dir() {
            fs::rename(&swap.previous, target).map_err(io_error(target))?;
        }
        for leftover in [&swap.staging, &swap.previous] {
            if fs::symlink_metadata(leftover).is_ok() {
                fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
            }
        }
        check_ours(target)?;
        Ok(swap)
    }

    /// Moves the new output in and the old one aside; on failure, puts the
    /// old one back.
    fn swap_in(&self) -> Result<(), OutputError> {
        let had_previous = fs::symlink_metadata(&self.target).is_ok();
        if had_previous {
            if exchange(&self.staging, &self.target).map_err(io_error(&self.target))? {
                if failpoint() == Some(Failpoint::AbortSwap) {
                    std::process::abort();
                }
                // The new output is in place; the old one is tidied away
                // now, or as a leftover by the next run if this fails.
                let _ = fs::rename(&self.staging, &self.previous);
                return Ok(());
            }
            fs::rename(&self.target, &self.previous).map_err(io_error(&self.target))?;
        }
        if failpoint() == Some(Failpoint::AbortSwap) {
            std::process::abort();
        }
        if let Err(source) = fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = fs::rename(&self.previous, &self.target);
            }
            return Err(OutputError::Io {
                path: self.target.clone(),
                source,
            });
        }
        Ok(())
    }

    /// Undoes a successful `swap_in`, when a later folder failed.
    fn swap_back(&self) {
        let _ = fs::remove_dir_all(&self.target);
        if self.previous.is_dir() {
            let _ = fs::rename(&self.previous, &self.target);
        }
    }
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

/// A folder being written beside `target`, file by file, to replace it in
/// one step on [`Staging::commit`]. Dropped without a commit, it is removed
/// and `target` stays as it was. Large batches write through this as they
/// go, so their memory stays flat however long the roster.
pub struct Staging {
    swap: Swap,
    committed: bool,
}

impl Staging {
    /// Checks `target` may be replaced and starts a fresh staging folder.
    pub fn begin(target: &Path) -> Result<Staging, OutputError> {
        let staging = Staging {
            swap: Swap::prepare(target)?,
            committed: false,
        };
        fs::create_dir_all(&staging.swap.staging).map_err(io_error(&staging.swap.staging))?;
        write_file(&staging.swap.staging.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Writes one file, `path` being `/`-separated and relative.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.swap.staging.join(safe_relative(path)?);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(io_error(folder))?;
        }
        write_file(&path, bytes)
    }

    /// Swaps the staged folder in for `target`.
    pub fn commit(self) -> Result<(), OutputError> {
        Staging::commit_together(vec![self])
    }

    /// Swaps every staged folder in, or none: if one fails, those already
    /// swapped are put back, so folders written together (a site and its
    /// plans) never come from two different runs.
    pub fn commit_together(mut staged: Vec<Staging>) -> Result<(), OutputError> {
        for i in 0..staged.len() {
            if let Err(e) = staged[i].swap.swap_in() {
                for done in &mut staged[..i] {
                    done.swap.swap_back();
                }
                return Err(e);
            }
            staged[i].committed = true;
        }
        for s in &staged {
            if s.swap.previous.is_dir() {
                fs::remove_dir_all(&s.swap.previous).map_err(io_error(&s.swap.previous))?;
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.swap.staging);
        }
    }
}

/// Replaces the folder `target` with exactly `files`, atomically from the
/// point of view of a failed build: on any error the old folder is kept.
pub fn replace_dir<E: Entry>(target: &Path, files: &[E]) -> Result<(), OutputError> {
    replace_dirs(&[(target, files)])
}

/// Replaces several folders together: all are written before any is
/// swapped in, and if one cannot be swapped in the others are put back,
/// so a site and its plans never come from two different builds.
pub fn replace_dirs<E: Entry>(folders: &[(&Path, &[E])]) -> Result<(), OutputError> {
    let staged = folders
        .iter()
        .map(|(target, _)| Staging::begin(target))
        .collect::<Result<Vec<_>, _>>()?;
    for (staging, (_, files)) in staged.iter().zip(folders) {
        for file in *files {
            staging.write(file.path(), file.bytes())?;
        }
    }
    Staging::commit_together(staged)
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
    let (parent, name) = parent_and_name(path);
    before_write(path)?;
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial").rand_bytes(6);
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
    use crate::site::OutputFile;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("planwright-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_whole_folder() {
        let root = scratch("replace");
        let target = root.join("site");
        replace_dir(&target, &[file("a.html", "one"), file("old/b.html", "two")]).unwrap();
        replace_dir(&target, &[file("a.html", "three")]).unwrap();
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "three");
        assert!(!target.join("old").exists(), "stale files are removed");
        assert_eq!(
            fs::read_dir(&root).unwrap().count(),
            1,
            "no staging folders left"
        );
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let root = scratch("keep");
        let target = root.join("site");
        replace_dir(&target, &[file("a.html", "good")]).unwrap();
        let err = replace_dir(
            &target,
            &[file("a.html", "new"), file("../escape.html", "x")],
        )
        .unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)));
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "good");
        assert!(!root.join("escape.html").exists());
        assert_eq!(fs::read_dir(&root).unwrap().count(), 1);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        for bad in ["/etc/passwd", "../x", "a/../../x", "", "a\\..\\x", "./a"] {
            assert!(safe_relative(bad).is_err(), "{bad}");
        }
        assert!(safe_relative("exercises/cat-cow.html").is_ok());
    }

    #[test]
    fn never_replaces_a_folder_it_did_not_write() {
        let root = scratch("foreign");
        let target = root.join("docs");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("thesis.txt"), "years of work").unwrap();
        let err = replace_dir(&target, &[file("a.html", "x")]).unwrap_err();
        assert!(matches!(err, OutputError::NotOurs { .. }), "{err}");
        assert!(err.hint().is_some());
        assert_eq!(
            fs::read_to_string(target.join("thesis.txt")).unwrap(),
            "years of work"
        );
        assert!(!target.join("a.html").exists());

        fs::write(root.join("file"), "x").unwrap();
        assert!(replace_dir(&root.join("file"), &[file("a.html", "x")]).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&target, root.join("link")).unwrap();
            let err = replace_dir(&root.join("link"), &[file("a.html", "x")]).unwrap_err();
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
        replace_dir(&target, &[file("a.html", "one")]).unwrap();
        assert!(target.join(MARKER).is_file());
        replace_dir(&target, &[file("b.html", "two")]).unwrap();
        assert!(!target.join("a.html").exists());
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_run_that_died_between_renames_gets_its_old_output_back() {
        let root = scratch("died");
        let target = root.join("site");
        replace_dir(&target, &[file("a.html", "old")]).unwrap();
        // What a crash after the first rename of the swap leaves behind.
        fs::rename(&target, root.join(".site.previous")).unwrap();
        fs::create_dir_all(root.join(".site.partial")).unwrap();
        let err = replace_dir(&target, &[file("../x", "new")]).unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)));
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(&root).unwrap().count(), 1, "leftovers removed");
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn folders_replaced_together_are_all_kept_when_one_fails() {
        let root = scratch("together");
        let (site, plans) = (root.join("site"), root.join("plans"));
        replace_dirs(&[
            (&*site, &[file("a.html", "old")][..]),
            (&*plans, &[file("p.pdf", "old")][..]),
        ])
        .unwrap();
        let err = replace_dirs(&[
            (&*site, &[file("a.html", "new")][..]),
            (&*plans, &[file("/p.pdf", "new")][..]),
        ]);
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(site.join("a.html")).unwrap(), "old");
        assert_eq!(fs::read_to_string(plans.join("p.pdf")).unwrap(), "old");
        assert_eq!(fs::read_dir(&root).unwrap().count(), 2);
        fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn single_files_are_replaced_whole() {
        let root = scratch("single");
        let path = root.join("plan.pdf");
        replace_file(&path, b"one").unwrap();
        replace_file(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(
            fs::read_dir(&root).unwrap().count(),
            1,
            "no partial file left"
        );
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
            fs::read_dir(&root).unwrap().count(),
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
