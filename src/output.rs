//! Writing build results to disk, all or nothing.
//!
//! A build is written into a hidden sibling of its target folder and swapped
//! in only when every file is written, so a failed or interrupted build
//! leaves the previous output exactly as it was. Paths come from the
//! renderers as `/`-separated relative paths; anything absolute or with `..`
//! is refused, so nothing is ever written outside the target.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

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

/// Replaces the folder `target` with exactly `files`, atomically from the
/// point of view of a failed build: on any error the old folder is kept.
pub fn replace_dir<E: Entry>(target: &Path, files: &[E]) -> Result<(), OutputError> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.partial"));
    let previous = parent.join(format!(".{name}.previous"));
    // Leftovers of an interrupted build are ours to remove.
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_error(leftover))?;
        }
    }
    if let Err(e) = write_all(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_previous = target.exists();
    if had_previous {
        fs::rename(target, &previous).map_err(io_error(target))?;
    }
    if let Err(source) = fs::rename(&staging, target) {
        // Put the old output back before reporting.
        if had_previous {
            let _ = fs::rename(&previous, target);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(OutputError::Io {
            path: target.to_path_buf(),
            source,
        });
    }
    if had_previous {
        fs::remove_dir_all(&previous).map_err(io_error(&previous))?;
    }
    Ok(())
}

fn write_all<E: Entry>(dir: &Path, files: &[E]) -> Result<(), OutputError> {
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    for file in files {
        let path = dir.join(safe_relative(file.path())?);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(io_error(folder))?;
        }
        fs::write(&path, file.bytes()).map_err(io_error(&path))?;
    }
    Ok(())
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
}
