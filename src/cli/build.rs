//! `planwright build`: the guide website from a content tree.
//!
//! The flow reads as a list: load and validate → compute every stage's
//! default plan → render pages (in parallel) → write the site atomically.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use planwright_core::plan::Plan;
use rayon::prelude::*;

use super::{print_json, Output, SummaryFormat, EXIT_FAILURE};
use crate::content::{LoadError, Loaded};
use crate::diagnostic::Diagnostic;
use crate::ics::{self, IcsOptions};
use crate::model::Program;
use crate::output::{self, OutputError};
use crate::pdf::{self, Fonts, PdfOptions};
use crate::site::{self, OutputFile, SiteOptions, Templates};

/// Where `build` and `serve` read content and templates and write output.
#[derive(Debug, clap::Args)]
pub(crate) struct SiteArgs {
    /// The content folder to build, or the project folder around it.
    #[arg(long, value_name = "DIR", default_value = "content", value_parser = super::content_dir())]
    pub(crate) content: PathBuf,

    /// Where to write; the site goes into `<DIR>/site`, printable plans into `<DIR>/plans`.
    #[arg(long, short = 'o', value_name = "DIR", default_value = "output")]
    pub(crate) output: PathBuf,

    /// Templates that override the built-in ones [default: `templates/` next to the content folder].
    #[arg(long, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,
}

impl SiteArgs {
    /// `--templates`, or the `templates/` folder next to the content.
    pub(crate) fn templates_dir(&self) -> PathBuf {
        self.templates
            .clone()
            .unwrap_or_else(|| default_templates_dir(&self.content))
    }
}

/// Arguments of `planwright build`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    site: SiteArgs,

    /// The address the site will be published at (overrides `base_url`).
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<String>,

    /// List every file written and every template override used.
    #[arg(long, short = 'v')]
    verbose: bool,

    /// Build the pages only: no printable plans or calendars, and no links
    /// to them (quicker, for drafts and previews).
    #[arg(long)]
    no_plans: bool,

    /// `text` for people; `json` prints one summary object on stdout for scripts.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text, value_name = "FORMAT")]
    format: SummaryFormat,
}

fn parse_base_url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .ok_or("expected an address starting with https:// or http://")?;
    if rest.is_empty() || text.contains(char::is_whitespace) {
        return Err("expected a full address such as https://example.org/guide/".to_string());
    }
    Ok(if text.ends_with('/') {
        text.to_string()
    } else {
        format!("{text}/")
    })
}

/// The printable PDF and the calendar of every stage's default plan.
fn plan_downloads(
    program: &Program,
    plans: &[Plan],
    content_dir: &Path,
    out: &SiteWriter<'_>,
) -> Result<(), String> {
    let logo = super::plans::logo(program, Some(content_dir))?;
    let ids = program.exercises.iter().map(|e| &e.id);
    let pictures = super::plans::pictures(program, Some(content_dir), ids)?;
    let options = PdfOptions {
        paper: program.config.paper,
        created: super::plan::source_date_epoch()?,
        logo: logo.as_ref(),
        pictures: Some(&pictures),
    };
    let fonts = Fonts::load().map_err(|e| e.to_string())?;
    plans
        .par_iter()
        .zip(&program.stages)
        .try_for_each(|(plan, stage)| {
            let stem = site::download_stem(stage);
            let pdf = pdf::render(plan, program, &options, &fonts).map_err(|e| {
                format!("cannot print the plan of stage {}: {e}", plan.stage.number)
            })?;
            out.generated(OutputFile {
                path: format!("{stem}.pdf"),
                bytes: pdf,
            })?;
            out.generated(OutputFile {
                path: format!("{stem}.ics"),
                bytes: ics::render(plan, program, &IcsOptions::default()).into_bytes(),
            })
        })
}

/// The templates folder that sits next to `content`.
fn default_templates_dir(content: &Path) -> PathBuf {
    let parent = content.parent().filter(|p| !p.as_os_str().is_empty());
    parent.map_or_else(|| PathBuf::from("templates"), |p| p.join("templates"))
}

/// Where a build's files go as they are rendered: into `output/site`, and
/// the printable plans into `output/plans` as well (clinics pick them up
/// there, while the site carries the same files so its links work wherever
/// it is published). Both folders are one generation, swapped in together
/// on `commit`; dropped without one, nothing changes. From `begin` to the
/// end the run holds the output folder's lock, so builds, `serve`'s
/// rebuilds and batches into it take turns. Files are written as they
/// come, so even a very large site is never held in memory at once;
/// `serve` asks for a copy of every file to serve from memory.
pub(crate) struct SiteWriter<'a> {
    /// `site`, then `plans` unless `--no-plans` (which leaves
    /// `output/plans` as it is).
    staging: output::Staging,
    plans: bool,
    /// The content's own files (images), which no generated file may replace.
    assets: &'a BTreeSet<String>,
    written: Mutex<Vec<String>>,
    kept: Option<Mutex<Vec<OutputFile>>>,
}

/// The staging folders of a `SiteWriter`, in the order given to `begin`.
const SITE: usize = 0;
const PLANS: usize = 1;

impl<'a> SiteWriter<'a> {
    /// Starts writing into `output`; `waiting` is told when another run is
    /// writing there and this one has to wait its turn.
    pub(crate) fn begin(
        output: &Path,
        assets: &'a BTreeSet<String>,
        options: &SiteOptions,
        keep: bool,
        waiting: &dyn Fn(&Path),
    ) -> Result<SiteWriter<'a>, OutputError> {
        let plans = !options.without_plans;
        let names: &[&str] = if plans { &["site", "plans"] } else { &["site"] };
        Ok(SiteWriter {
            staging: output::Staging::begin(output, names, waiting)?,
            plans,
            assets,
            written: Mutex::new(Vec::new()),
            kept: keep.then(|| Mutex::new(Vec::new())),
        })
    }

    /// Writes one generated file; it may not take a content file's path.
    fn generated(&self, file: OutputFile) -> Result<(), String> {
        if self.assets.contains(&file.path) {
            return Err(site::SiteError::Collision(file.path).to_string());
        }
        self.put(file)
    }

    fn put(&self, file: OutputFile) -> Result<(), String> {
        if let Some(name) = file.path.strip_prefix("plans/").filter(|_| self.plans) {
            self.staging
                .write(PLANS, name, &file.bytes)
                .map_err(|e| e.to_string())?;
        }
        self.staging
            .write(SITE, &file.path, &file.bytes)
            .map_err(|e| e.to_string())?;
        lock(&self.written).push(file.path.clone());
        if let Some(kept) = &self.kept {
            lock(kept).push(file);
        }
        Ok(())
    }

    /// Swaps the new site and plans in. Returns every path written, and
    /// the files themselves when they were kept.
    pub(crate) fn commit(self) -> Result<(Vec<String>, Vec<OutputFile>), OutputError> {
        self.staging.commit()?;
        let mut written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        let kept = self
            .kept
            .map(|k| k.into_inner().unwrap_or_else(|e| e.into_inner()))
            .unwrap_or_default();
        Ok((written, kept))
    }
}

/// What `build`, `serve` and `plans` say while another run holds the
/// output folder: the wait is as long as that run's writing, and a run
/// that dies lets go at once, so they wait without a time limit.
pub(crate) fn waiting_message(out: Output) -> impl Fn(&Path) {
    move |folder: &Path| {
        if !out.quiet {
            eprintln!(
                "waiting for another planwright run to finish writing `{}` …",
                folder.display()
            );
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Every push completes before the lock is let go, so a panic elsewhere
    // leaves nothing half-done behind it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Everything after loading: templates, every stage's default plan, the
/// pages, the printable plans (unless `options.without_plans`) and the
/// content's images, each handed to `out` as soon as it is ready. `build`
/// and `serve` both come through here, so both always produce the same
/// bytes from the same tree. Returns the templates taken from the project.
pub(crate) fn render_site(
    content_dir: &Path,
    loaded: &Loaded,
    templates_dir: &Path,
    options: &SiteOptions,
    out: &SiteWriter<'_>,
) -> Result<Vec<String>, String> {
    let templates = Templates::load(templates_dir).map_err(|e| e.to_string())?;
    let start = super::plan::next_monday()?;
    let plans = site::default_plans(&loaded.program, start).map_err(|e| e.to_string())?;
    let tables = site::plan_tables(&plans);
    site::render_each(&loaded.program, &tables, &templates, options, &|file| {
        out.generated(file).map_err(site::SiteError::Emit)
    })
    .map_err(|e| e.to_string())?;
    if !options.without_plans {
        plan_downloads(&loaded.program, &plans, content_dir, out)?;
    }
    for asset in &loaded.assets {
        let path = content_dir.join(asset);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        out.put(OutputFile {
            path: asset.clone(),
            bytes,
        })?;
    }
    Ok(templates.overridden)
}

/// Why a build stopped: the problems to list, and one line to end on.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    message: String,
    hint: Option<String>,
}

/// What a successful build wrote, for the summary.
struct Built {
    /// Every path written inside the site.
    files: Vec<String>,
    warnings: Vec<Diagnostic>,
    overridden: Vec<String>,
}

/// The whole build: load, render, write the site and the plans. Nothing
/// is printed here, so text and JSON summaries say the same thing.
fn build(args: &Args, out: Output) -> Result<Built, Failure> {
    let output = &args.site.output;
    output::check_apart(
        &args.site.content,
        output,
        &[output.join("site"), output.join("plans")],
    )
    .map_err(|e| Failure {
        diagnostics: Vec::new(),
        message: e.to_string(),
        hint: e.hint().map(str::to_string),
    })?;
    let loaded = super::load_content(&args.site.content).map_err(|e| match e {
        LoadError::NoContent(root) => {
            let (message, hint) = super::no_content_text(&root);
            Failure {
                diagnostics: Vec::new(),
                message,
                hint: Some(hint),
            }
        }
        LoadError::Invalid(diagnostics) => Failure {
            diagnostics,
            message: "the content has problems; the previous site was left as it was".to_string(),
            hint: None,
        },
    })?;
    let templates_dir = args.site.templates_dir();
    let options = SiteOptions {
        base_url: args.base_url.clone(),
        without_plans: args.no_plans,
    };
    const KEPT: &str = "nothing was written; the previous site was left as it was";
    let failure = |message: String, hint: &str| Failure {
        diagnostics: loaded.warnings.clone(),
        message,
        hint: Some(hint.to_string()),
    };
    let writer = SiteWriter::begin(
        output,
        &loaded.assets,
        &options,
        false,
        &waiting_message(out),
    )
    .map_err(|e| failure(e.to_string(), e.hint().unwrap_or(KEPT)))?;
    let overridden = render_site(
        &args.site.content,
        &loaded,
        &templates_dir,
        &options,
        &writer,
    )
    .map_err(|message| failure(message, KEPT))?;
    let (files, _) = writer
        .commit()
        .map_err(|e| failure(e.to_string(), e.hint().unwrap_or(KEPT)))?;
    Ok(Built {
        files,
        warnings: loaded.warnings,
        overridden,
    })
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    let started = Instant::now();
    let result = build(args, out);
    let elapsed_ms = started.elapsed().as_millis();
    let site_dir = args.site.output.join("site");
    let plans_dir = args.site.output.join("plans");
    if args.format == SummaryFormat::Json {
        let summary = match &result {
            Ok(built) => serde_json::json!({
                "ok": true,
                "site": site_dir.display().to_string(),
                "plans": plans_dir.display().to_string(),
                "pages": built.files.iter().filter(|f| f.ends_with(".html")).count(),
                "files": built.files.len(),
                "printable_plans": built.files.iter().filter(|f| f.ends_with(".pdf")).count(),
                "elapsed_ms": elapsed_ms,
                "problems": built.warnings.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            }),
            Err(failure) => serde_json::json!({
                "ok": false,
                "error": failure.message,
                "problems": failure.diagnostics.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            }),
        };
        print_json(&summary);
        return if result.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_FAILURE)
        };
    }
    let built = match result {
        Ok(built) => built,
        Err(failure) => {
            out.diagnostics(&failure.diagnostics);
            out.error(&failure.message, failure.hint.as_deref());
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    out.diagnostics(&built.warnings);
    let files = &built.files;
    if args.verbose {
        let templates_dir = args.site.templates_dir();
        for name in &built.overridden {
            out.status(&format!("template {name} from {}", templates_dir.display()));
        }
        for file in files {
            out.status(&format!("wrote {}", site_dir.join(file).display()));
        }
    }
    let pages = files.iter().filter(|f| f.ends_with(".html")).count();
    let plans = files.iter().filter(|f| f.ends_with(".pdf")).count();
    out.status(&format!(
        "built {pages} pages and {} other files into {}, and {plans} printable plans into {} in {elapsed_ms} ms",
        files.len() - pages,
        site_dir.display(),
        plans_dir.display(),
    ));
    ExitCode::SUCCESS
}
