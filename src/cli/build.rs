//! `planwright build`: the guide website from a content tree.
//!
//! The flow reads as a list: load and validate → compute every stage's
//! default plan → render pages (in parallel) → write the site atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use jiff::civil::Date;
use planwright_core::plan::Plan;
use planwright_core::progression::{self, PlanRequest, StageRef};
use rayon::prelude::*;

use super::{print_json, Output, SummaryFormat, EXIT_FAILURE};
use crate::content::{self, LoadError, Loaded};
use crate::diagnostic::Diagnostic;
use crate::ics::{self, IcsOptions};
use crate::model::Program;
use crate::output::{self, OutputError};
use crate::pdf::{self, Fonts, PdfOptions};
use crate::site::{self, OutputFile, SiteOptions, Templates};

/// Where `build` and `serve` read content and templates and write output.
#[derive(Debug, clap::Args)]
pub(crate) struct SiteArgs {
    /// The content folder to build.
    #[arg(long, value_name = "DIR", default_value = "content")]
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

/// Every stage's default plan: the program's baselines and rate, from
/// `start`. The site's tables, the printable PDFs and the calendars all
/// come from these same plans, so they always show the same numbers.
pub(crate) fn default_plans(program: &Program, start: Date) -> Result<Vec<Plan>, String> {
    program
        .stages
        .iter()
        .map(|stage| {
            let request = PlanRequest {
                stage: Some(StageRef::Number(stage.number)),
                exercises: Vec::new(),
                start,
                weeks: None,
                target: None,
                units: None,
                equipment: None,
                baselines: Vec::new(),
                person: Default::default(),
            };
            progression::plan(program, &request).map_err(|e| e.to_string())
        })
        .collect()
}

/// The printable PDF and the calendar of every stage's default plan.
fn plan_downloads(
    program: &Program,
    plans: &[Plan],
    content_dir: &Path,
) -> Result<Vec<OutputFile>, String> {
    let logo = super::plans::logo(program, Some(content_dir))?;
    let options = PdfOptions {
        paper: program.config.paper,
        created: super::plan::source_date_epoch()?,
        logo: logo.as_ref(),
    };
    let fonts = Fonts::load().map_err(|e| e.to_string())?;
    let printed: Vec<[OutputFile; 2]> = plans
        .par_iter()
        .zip(&program.stages)
        .map(|(plan, stage)| {
            let stem = site::download_stem(stage);
            let pdf = pdf::render(plan, program, &options, &fonts).map_err(|e| {
                format!("cannot print the plan of stage {}: {e}", plan.stage.number)
            })?;
            Ok([
                OutputFile {
                    path: format!("{stem}.pdf"),
                    bytes: pdf,
                },
                OutputFile {
                    path: format!("{stem}.ics"),
                    bytes: ics::render(plan, &IcsOptions::default()).into_bytes(),
                },
            ])
        })
        .collect::<Result<_, String>>()?;
    let files: Vec<OutputFile> = printed.into_iter().flatten().collect();
    Ok(files)
}

/// The templates folder that sits next to `content`.
fn default_templates_dir(content: &Path) -> PathBuf {
    let parent = content.parent().filter(|p| !p.as_os_str().is_empty());
    parent.map_or_else(|| PathBuf::from("templates"), |p| p.join("templates"))
}

/// A whole site in memory, ready to write or to serve.
pub(crate) struct RenderedSite {
    /// Every page, asset and content image, by path inside the site.
    pub(crate) files: Vec<OutputFile>,
    /// Templates and assets that came from the project's own folder.
    pub(crate) overridden: Vec<String>,
}

/// Everything after loading: templates, every stage's default plan, the
/// pages, and the content's images, all in memory. `build` writes the
/// result and `serve` writes and serves it, so both always produce the
/// same bytes from the same tree.
pub(crate) fn render_site(
    content_dir: &Path,
    loaded: &Loaded,
    templates_dir: &Path,
    options: &SiteOptions,
) -> Result<RenderedSite, String> {
    let templates = Templates::load(templates_dir).map_err(|e| e.to_string())?;
    let start = super::plan::next_monday()?;
    let plans = default_plans(&loaded.program, start)?;
    let tables = site::plan_tables(&plans);
    let mut files =
        site::render(&loaded.program, &tables, &templates, options).map_err(|e| e.to_string())?;
    files.extend(plan_downloads(&loaded.program, &plans, content_dir)?);
    site::check_collisions(&files, &loaded.assets).map_err(|e| e.to_string())?;
    for asset in &loaded.assets {
        let path = content_dir.join(asset);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        files.push(OutputFile {
            path: asset.clone(),
            bytes,
        });
    }
    Ok(RenderedSite {
        files,
        overridden: templates.overridden,
    })
}

/// Writes a rendered site into `output/site`, and its printable plans
/// into `output/plans` too: clinics pick them up there, while the site
/// carries the same files so its links work wherever it is published.
/// `serve` writes through here as well, so it leaves `output/` as `build`
/// does.
pub(crate) fn write_output(output: &Path, files: &[OutputFile]) -> Result<(), OutputError> {
    let plans: Vec<OutputFile> = files
        .iter()
        .filter_map(|f| {
            f.path.strip_prefix("plans/").map(|name| OutputFile {
                path: name.to_string(),
                bytes: f.bytes.clone(),
            })
        })
        .collect();
    let (site, plans_dir) = (output.join("site"), output.join("plans"));
    output::replace_dirs(&[(&*site, files), (&*plans_dir, &plans)])
}

/// Why a build stopped: the problems to list, and one line to end on.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    message: String,
    hint: Option<String>,
}

/// What a successful build wrote, for the summary.
struct Built {
    files: Vec<OutputFile>,
    warnings: Vec<Diagnostic>,
    overridden: Vec<String>,
}

/// The whole build: load, render, write the site and the plans. Nothing
/// is printed here, so text and JSON summaries say the same thing.
fn build(args: &Args) -> Result<Built, Failure> {
    let loaded = content::load(&args.site.content).map_err(|e| match e {
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
    };
    const KEPT: &str = "nothing was written; the previous site was left as it was";
    let failure = |message: String, hint: &str| Failure {
        diagnostics: loaded.warnings.clone(),
        message,
        hint: Some(hint.to_string()),
    };
    let site = render_site(&args.site.content, &loaded, &templates_dir, &options)
        .map_err(|message| failure(message, KEPT))?;
    write_output(&args.site.output, &site.files)
        .map_err(|e| failure(e.to_string(), e.hint().unwrap_or(KEPT)))?;
    Ok(Built {
        files: site.files,
        warnings: loaded.warnings,
        overridden: site.overridden,
    })
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    let started = Instant::now();
    let result = build(args);
    let elapsed_ms = started.elapsed().as_millis();
    let site_dir = args.site.output.join("site");
    let plans_dir = args.site.output.join("plans");
    if args.format == SummaryFormat::Json {
        let summary = match &result {
            Ok(built) => serde_json::json!({
                "ok": true,
                "site": site_dir.display().to_string(),
                "plans": plans_dir.display().to_string(),
                "pages": built.files.iter().filter(|f| f.path.ends_with(".html")).count(),
                "files": built.files.len(),
                "printable_plans": built.files.iter().filter(|f| f.path.ends_with(".pdf")).count(),
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
            out.status(&format!("wrote {}", site_dir.join(&file.path).display()));
        }
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let plans = files.iter().filter(|f| f.path.ends_with(".pdf")).count();
    out.status(&format!(
        "built {pages} pages and {} other files into {}, and {plans} printable plans into {} in {elapsed_ms} ms",
        files.len() - pages,
        site_dir.display(),
        plans_dir.display(),
    ));
    ExitCode::SUCCESS
}
