//! Watching the folders a site is built from, so a save becomes a rebuild.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// Editors save a file in several steps (write a temporary file, rename,
/// touch); changes with less than this between them are one save.
const QUIET: Duration = Duration::from_millis(100);
/// A batch is reported after this long even if changes keep coming, so a
/// program writing continuously still gets its work previewed.
const LONGEST_BATCH: Duration = Duration::from_secs(1);

/// Watches a content folder and a templates folder and reports changes to
/// either, a batch at a time.
///
/// The templates folder is optional: while it does not exist, the folder
/// that would hold it is watched (not recursively), so creating it starts
/// watching it too (see [`Watch::refresh`]). Hidden files, which neither
/// the content loader nor the templates read, and anything under the
/// output folder are left out, so writing the site never triggers a build.
pub struct Watch {
    watcher: RecommendedWatcher,
    templates: PathBuf,
    templates_watched: bool,
}

/// The roots a change must fall under to count.
struct Filter {
    content: PathBuf,
    templates: PathBuf,
    output: PathBuf,
}

impl Filter {
    fn relevant(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return false;
        }
        [&self.content, &self.templates].into_iter().any(|root| {
            path.strip_prefix(root).is_ok_and(|rel| {
                !rel.components()
                    .any(|c| matches!(c, Component::Normal(name) if name.to_string_lossy().starts_with('.')))
            })
        })
    }
}

/// Makes `path` absolute and free of symbolic links where it exists, so it
/// compares equal to the paths the operating system reports.
fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

impl Watch {
    /// Starts watching `content` (which must exist) and `templates`.
    /// `on_change` receives the changed paths of each batch, or an error
    /// from the operating system's watcher, on a background thread.
    pub fn start(
        content: &Path,
        templates: &Path,
        output: &Path,
        mut on_change: impl FnMut(Result<Vec<PathBuf>, String>) + Send + 'static,
    ) -> Result<Watch, String> {
        let filter = Filter {
            content: canonical(content),
            templates: canonical(templates),
            output: canonical(output),
        };
        let templates = filter.templates.clone();
        let content = filter.content.clone();
        let (events, incoming) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(events).map_err(|e| e.to_string())?;
        std::thread::Builder::new()
            .name("serve-watch".to_string())
            .spawn(move || {
                // Ends when the watcher is dropped and the channel closes.
                while let Some(batch) = next_batch(&incoming, &filter) {
                    if batch.as_ref().map_or(true, |paths| !paths.is_empty()) {
                        on_change(batch);
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        watcher
            .watch(&content, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch `{}`: {e}", content.display()))?;
        if let Some(parent) = templates.parent().filter(|p| p.is_dir()) {
            // Only to notice the templates folder being created; a failure
            // costs that alone.
            let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
        }
        let mut watch = Watch {
            watcher,
            templates,
            templates_watched: false,
        };
        watch.refresh();
        Ok(watch)
    }

    /// Starts watching the templates folder if it has appeared since the
    /// last call; call it after each batch of changes.
    pub fn refresh(&mut self) {
        if !self.templates.is_dir() {
            // The watch went with the folder; watch it again if it returns.
            self.templates_watched = false;
        } else if !self.templates_watched {
            self.templates_watched = self
                .watcher
                .watch(&self.templates, RecursiveMode::Recursive)
                .is_ok();
        }
    }
}

/// Whether an event means a file's content, name or presence changed.
/// Opening and reading are left out: every build reads every file, and
/// counting that as a change would rebuild forever.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Waits for the next change, then gathers every change until things
/// are quiet. Returns the relevant paths (possibly none) or a watcher
/// error, and `None` once the watcher is gone.
fn next_batch(
    incoming: &mpsc::Receiver<notify::Result<Event>>,
    filter: &Filter,
) -> Option<Result<Vec<PathBuf>, String>> {
    let mut paths = Vec::new();
    let add = |event: notify::Result<Event>, paths: &mut Vec<PathBuf>| match event {
        Ok(event) if is_change(&event.kind) => {
            paths.extend(event.paths.into_iter().filter(|p| filter.relevant(p)));
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e.to_string()),
    };
    if let Err(message) = add(incoming.recv().ok()?, &mut paths) {
        return Some(Err(message));
    }
    let started = Instant::now();
    while started.elapsed() < LONGEST_BATCH {
        match incoming.recv_timeout(QUIET) {
            Ok(event) => {
                if let Err(message) = add(event, &mut paths) {
                    return Some(Err(message));
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    paths.sort();
    paths.dedup();
    Some(Ok(paths))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_count() {
        let filter = Filter {
            content: PathBuf::from("/p/content"),
            templates: PathBuf::from("/p/templates"),
            output: PathBuf::from("/p/content/out"),
        };
        for yes in [
            "/p/content/exercises/press.md",
            "/p/content",
            "/p/templates",
            "/p/templates/assets/style.css",
        ] {
            assert!(filter.relevant(Path::new(yes)), "{yes}");
        }
        for no in [
            "/p/content/.press.md.swp",
            "/p/content/.git/index",
            "/p/templates/.hidden/x.html",
            "/p/content/out/site/index.html",
            "/p/README.md",
            "/p/output/site/index.html",
        ] {
            assert!(!filter.relevant(Path::new(no)), "{no}");
        }
    }
}
