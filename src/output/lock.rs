//! One writer at a time in an output folder.
//!
//! Every run that replaces folders inside a folder (a build's `site/` and
//! `plans/` inside `output/`, a batch inside the batch folder's parent)
//! holds an advisory lock on that folder from before it tidies up or
//! checks anything until it has swapped its folders in. The operating
//! system lets the lock go when the process ends however it ends, so a
//! killed run never leaves a stale lock behind.
//!
//! On Unix the lock is `flock` on the folder itself: no file is created
//! anywhere, and any other program can take the same lock (`flock
//! output/ rsync …`) to copy a whole generation out while no run writes.
//! Elsewhere a folder cannot be locked, so the lock is on a file in it.

use std::fs::File;
use std::path::Path;

use fs4::{FileExt, TryLockError};

use super::{io_error, OutputError};

/// The held lock of one folder; dropping it lets the next run in.
pub(super) struct OutputLock {
    // Held for its lock, which closing it releases; `None` where the file
    // system cannot lock.
    _held: Option<File>,
}

impl OutputLock {
    /// Takes the lock of `folder`, waiting as long as another run holds
    /// it; `waiting` is told first, so the person at the terminal knows
    /// why nothing happens.
    pub(super) fn acquire(folder: &Path, waiting: &dyn Fn(&Path)) -> Result<Self, OutputError> {
        let file = open(folder).map_err(io_error(folder))?;
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                waiting(folder);
                FileExt::lock(&file).map_err(io_error(folder))?;
            }
            // A file system that cannot lock at all (some network ones)
            // still gets its output, as cargo does: runs there are not
            // kept apart, and everything else holds.
            Err(TryLockError::Error(_)) => return Ok(OutputLock { _held: None }),
        }
        Ok(OutputLock { _held: Some(file) })
    }
}

#[cfg(unix)]
fn open(folder: &Path) -> std::io::Result<File> {
    File::open(folder)
}

#[cfg(not(unix))]
fn open(folder: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(folder.join(".planwright.lock"))
}
