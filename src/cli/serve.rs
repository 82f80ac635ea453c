//! `planwright serve`: build, serve and rebuild on every save.
//!
//! The flow: build once (the same pipeline as `build`, writing
//! `output/site`) → serve it → for each batch of changes under the content
//! or templates folder, rebuild; a good build is written and served and
//! open pages reload, a failed one is reported in the terminal and over
//! the page while the last good site stays up.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Instant;

use super::build::{clock, waiting_message, SiteArgs};
use super::{Output, EXIT_FAILURE};
use crate::content::LoadError;
use crate::diagnostic::Diagnostic;
use crate::serve::{Preview, Watch};
use crate::site::build::{render_site, SiteWriter};
use crate::site::{OutputFile, SiteOptions};

/// Arguments of `planwright serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,

    /// The port to listen on; 0 picks a free one.
    #[arg(long, short = 'p', value_name = "N", default_value_t = 1111)]
    port: u16,

    /// The address to listen on. Anything but loopback lets other machines
    /// read the site.
    #[arg(long, short = 'i', value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    interface: IpAddr,

    /// Open the site in the default browser once it is served.
    #[arg(long)]
    open: bool,
}

/// What the main loop waits for.
enum Signal {
    /// Files changed under the content or templates folder.
    Changed(Vec<PathBuf>),
    /// The operating system's watcher reported a problem.
    WatchFailed(String),
    /// Ctrl-C (or a polite `kill`).
    Stop,
}

/// The folders a build reads and writes.
struct Source {
    content: PathBuf,
    templates: PathBuf,
    /// Holds `site/` and `plans/`, as `build` writes them.
    output: PathBuf,
}

/// Why a build produced no site.
enum Failure {
    /// The content has problems, each with its place.
    Content(Vec<Diagnostic>),
    /// Templates, rendering or writing failed.
    Other(String),
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    if !args.site.content.is_dir() {
        return super::no_content(out, &args.site.content);
    }
    let output = &args.site.output;
    let replaced = [output.join("site"), output.join("plans")];
    if let Err(e) = crate::output::check_apart(&args.site.content, output, &replaced) {
        out.error(&e.to_string(), e.hint());
        return ExitCode::from(EXIT_FAILURE);
    }
    let source = Source {
        content: args.site.content.clone(),
        templates: args.site.templates_dir(),
        output: args.site.output.clone(),
    };
    let address = SocketAddr::new(args.interface, args.port);
    let preview = match Preview::start(address) {
        Ok(preview) => preview,
        Err(e) => {
            out.error(
                &format!("cannot listen on {address}: {e}"),
                Some("another program may be using this port: choose one with --port N, or --port 0 for any free port"),
            );
            return ExitCode::from(EXIT_FAILURE);
        }
    };

    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    }) {
        out.error(&format!("cannot handle Ctrl-C: {e}"), None);
        return ExitCode::from(EXIT_FAILURE);
    }
    // Watching starts before the first build, so a save made while it
    // runs is not missed. The output folder is made first so that changes
    // under it are recognised (and ignored) by their real path; the build
    // would make it anyway.
    let _ = std::fs::create_dir_all(&args.site.output);
    let mut watch = match Watch::start(
        &source.content,
        &source.templates,
        &args.site.output,
        move |batch| {
            let _ = tx.send(match batch {
                Ok(paths) => Signal::Changed(paths),
                Err(message) => Signal::WatchFailed(message),
            });
        },
    ) {
        Ok(watch) => watch,
        Err(message) => {
            out.error(&format!("cannot watch for changes: {message}"), None);
            return ExitCode::from(EXIT_FAILURE);
        }
    };

    let started = Instant::now();
    if let Some(files) = rebuild(&source, &preview, out) {
        let pages = files.iter().filter(|p| p.ends_with(".html")).count();
        out.status(&format!(
            "built {pages} pages and {} other files into {} in {} ms",
            files.len() - pages,
            source.output.join("site").display(),
            started.elapsed().as_millis()
        ));
    }
    let url = preview.url();
    // The address is what this command is for, so it is printed even with
    // --quiet (tests and scripts read it to find a port chosen with 0).
    println!(
        "serving {} at {url} (Ctrl-C to stop)",
        crate::diagnostic::terminal_safe(&source.output.join("site").display().to_string(), false)
    );
    if !args.interface.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines that can reach it can read the site",
            preview.address()
        );
    }
    if args.open {
        if let Err(e) = opener::open(&url) {
            out.error(
                &format!("cannot open a browser: {e}"),
                Some(&format!("open {url} yourself")),
            );
        }
    }

    while let Ok(signal) = rx.recv() {
        let mut changed = match signal {
            Signal::Changed(paths) => paths,
            Signal::WatchFailed(message) => {
                out.error(&format!("watching for changes: {message}"), None);
                continue;
            }
            Signal::Stop => break,
        };
        // Saves that arrived during the previous build join this one.
        let mut stopping = false;
        while let Ok(more) = rx.try_recv() {
            match more {
                Signal::Changed(paths) => changed.extend(paths),
                Signal::WatchFailed(message) => {
                    out.error(&format!("watching for changes: {message}"), None)
                }
                Signal::Stop => stopping = true,
            }
        }
        if stopping {
            break;
        }
        watch.refresh();
        out.status(&format!("changed: {}", describe(&changed, &source)));
        let started = Instant::now();
        if let Some(files) = rebuild(&source, &preview, out) {
            let what = match files.len() {
                0 => "the site is the same".to_string(),
                n => format!("{n} files changed ({})", list(&files)),
            };
            out.status(&format!(
                "rebuilt in {} ms: {what}",
                started.elapsed().as_millis()
            ));
        }
    }
    out.status("stopped; the last good site is in place");
    ExitCode::SUCCESS
}

/// Builds the site, writes it and serves it; on failure reports the
/// problems in the terminal and to open pages, and keeps the last good
/// site. Returns the site paths that changed when the build succeeded.
fn rebuild(source: &Source, preview: &Preview, out: Output) -> Option<Vec<String>> {
    match build(source, out) {
        Ok(files) => Some(preview.publish(files)),
        Err(Failure::Content(diagnostics)) => {
            out.diagnostics(&diagnostics);
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.path).collect();
            let summary = format!(
                "{} in {}",
                count(errors.len(), "problem"),
                count(files.len(), "file")
            );
            out.error(
                &summary,
                Some("still serving the last good site; save a fix to rebuild"),
            );
            let problems: Vec<String> = diagnostics.iter().map(|d| d.render(false)).collect();
            preview.fail(&format!("The content has {summary}"), &problems);
            None
        }
        Err(Failure::Other(message)) => {
            out.error(
                &message,
                Some("still serving the last good site; save a fix to rebuild"),
            );
            preview.fail("The site could not be built", &[message]);
            None
        }
    }
}

/// The `build` pipeline, leaving `output/` as `build` leaves it.
fn build(source: &Source, out: Output) -> Result<Vec<OutputFile>, Failure> {
    let loaded = match super::load_content(&source.content) {
        Ok(loaded) => loaded,
        Err(LoadError::NoContent(root)) => {
            return Err(Failure::Other(format!(
                "no content folder at `{}`",
                root.display()
            )))
        }
        Err(LoadError::Invalid(diagnostics)) => return Err(Failure::Content(diagnostics)),
    };
    // Like `check`: the author sees at once when an edit leaves some plan
    // stuck before the top of its range.
    let warnings = crate::proof::all_warnings(&loaded);
    out.diagnostics(&warnings);
    let options = SiteOptions::default();
    // The lock is held from here until the rebuild is written, not for
    // the whole session, so a `build` beside `serve` waits one rebuild at most.
    let writer = SiteWriter::begin(
        &source.output,
        &loaded.assets,
        &options,
        true,
        &waiting_message(out),
    )
    .map_err(|e| Failure::Other(e.to_string()))?;
    render_site(
        &source.content,
        &loaded,
        &source.templates,
        &options,
        clock().map_err(Failure::Other)?,
        &writer,
    )
    .map_err(Failure::Other)?;
    let (_, files) = writer.commit().map_err(|e| Failure::Other(e.to_string()))?;
    Ok(files)
}

/// The changed files as the user named their folders: `content/exercises/press.md`.
fn describe(paths: &[PathBuf], source: &Source) -> String {
    let roots = [&source.content, &source.templates].map(|r| (canonical(r), r.as_path()));
    let mut shown: Vec<String> = paths
        .iter()
        .map(|path| {
            roots
                .iter()
                .find_map(|(canonical, given)| {
                    path.strip_prefix(canonical).ok().map(|rel| given.join(rel))
                })
                .unwrap_or_else(|| path.clone())
                .display()
                .to_string()
        })
        .collect();
    shown.sort();
    shown.dedup();
    list(&shown)
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The first few items, then how many more.
fn list(items: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// "1 problem", "2 problems".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
