//! `planwright build`: the guide website from a content tree.
//!
//! The flow reads as a list: load and validate → compute every stage's
//! default plan → render pages (in parallel) → write the site atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::{print_json, Output, SummaryFormat, EXIT_FAILURE};
use crate::content::LoadError;
use crate::diagnostic::Diagnostic;
use crate::output;
use crate::site::build::{render_site, Clock, SiteWriter};
use crate::site::SiteOptions;

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

/// The templates folder that sits next to `content`.
fn default_templates_dir(content: &Path) -> PathBuf {
    let parent = content.parent().filter(|p| !p.as_os_str().is_empty());
    parent.map_or_else(|| PathBuf::from("templates"), |p| p.join("templates"))
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

/// "Now" for a site: the next Monday and `SOURCE_DATE_EPOCH`.
pub(crate) fn clock() -> Result<Clock, String> {
    Ok(Clock {
        start: super::plan::next_monday()?,
        created: super::plan::source_date_epoch()?,
    })
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
        ..SiteOptions::default()
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
    let clock = clock().map_err(|message| failure(message, KEPT))?;
    let overridden = render_site(
        &args.site.content,
        &loaded,
        &templates_dir,
        &options,
        clock,
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
