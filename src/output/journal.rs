//! The record of a swap in progress, so that folders written together
//! are swapped in together even when the process dies between two of them.
//!
//! The record is written (whole, by a rename) once every staged folder is
//! complete and carries the generation's id in its mark, and removed once
//! every folder is in place. A run that finds it, with the lock held,
//! completes the swap before doing anything else: each folder whose target
//! does not yet carry the generation is swapped in from its staging folder.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{check_ours, generation, io_error, swap_in, swap_target, OutputError};

/// The record's file, beside the folders being swapped.
pub const JOURNAL: &str = ".planwright.swap";

pub(super) const HEADER: &str = "planwright: a swap in progress; the next run completes it";

/// What a swap puts where.
pub(super) struct Record {
    /// The id every folder's mark carries once swapped in.
    pub(super) generation: String,
    /// The staging folders, each named after the target it replaces.
    pub(super) staging: Vec<PathBuf>,
}

impl Record {
    fn text(&self) -> String {
        let mut text = format!("{HEADER}\ngeneration {}\n", self.generation);
        for staging in &self.staging {
            let name = staging.file_name().unwrap_or_default().to_string_lossy();
            text.push_str(&name);
            text.push('\n');
        }
        text
    }

    /// Reads a record back; `None` unless every line is as `text` writes
    /// it, so a planted file cannot name anything but staging folders
    /// beside the targets.
    fn parse(text: &str, parent: &Path) -> Option<Record> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let generation = lines.next()?.strip_prefix("generation ")?.to_string();
        let staging = lines
            .map(|name| {
                (name.ends_with(".partial") && swap_target(name).is_some())
                    .then(|| parent.join(name))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Record {
            generation,
            staging,
        })
    }
}

/// Writes the record into `parent`, whole or not at all.
pub(super) fn write(parent: &Path, record: &Record) -> Result<(), OutputError> {
    let path = parent.join(JOURNAL);
    let mut file = tempfile::Builder::new()
        .prefix(&format!("{JOURNAL}."))
        .tempfile_in(parent)
        .map_err(io_error(&path))?;
    file.write_all(record.text().as_bytes())
        .map_err(io_error(&path))?;
    file.persist(&path).map_err(|e| OutputError::Io {
        path: path.clone(),
        source: e.error,
    })?;
    Ok(())
}

/// Removes the record: the swap is complete, or wholly undone.
pub(super) fn remove(parent: &Path) {
    let _ = fs::remove_file(parent.join(JOURNAL));
}

/// Completes the swap a run that died left half-done in `parent`, if any.
pub(super) fn finish(parent: &Path) -> Result<(), OutputError> {
    let path = parent.join(JOURNAL);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(OutputError::Io { path, source }),
    };
    let unfinished = || OutputError::Unfinished {
        folder: parent.to_path_buf(),
        record: path.clone(),
    };
    let record = Record::parse(&text, parent).ok_or_else(unfinished)?;
    for staging in &record.staging {
        let name = staging.file_name().unwrap_or_default().to_string_lossy();
        let target = parent.join(swap_target(&name).ok_or_else(unfinished)?);
        if generation(&target).as_deref() == Some(record.generation.as_str()) {
            continue;
        }
        if generation(staging).as_deref() != Some(record.generation.as_str()) {
            return Err(unfinished());
        }
        check_ours(&target)?;
        swap_in(staging, &target).map_err(io_error(&target))?;
    }
    remove(parent);
    Ok(())
}
