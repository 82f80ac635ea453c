//! `planwright check`: validate a content tree and report every problem,
//! then prove its plans: every plan a person can ask for of every exercise
//! is worked out, and a region that would be stuck before the top of its
//! range is a warning at the exercise's `progression` line
//! ([`crate::proof`]).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{print_json, Output, SummaryFormat, EXIT_FAILURE};
use crate::content::LoadError;
use crate::diagnostic::{Diagnostic, Position};

/// Arguments of `planwright check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The content folder to check, or the project folder around it.
    #[arg(long, value_name = "DIR", default_value = "content", value_parser = super::content_dir())]
    pub(super) content: PathBuf,

    /// `text` for people; `json` prints one summary object on stdout for scripts.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text, value_name = "FORMAT")]
    format: SummaryFormat,
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    if args.format == SummaryFormat::Json {
        return run_json(args);
    }
    match super::load_content(&args.content) {
        Ok(loaded) => {
            let warnings = crate::proof::all_warnings(&loaded);
            out.diagnostics(&warnings);
            let p = &loaded.program;
            let warnings = match warnings.len() {
                0 => String::new(),
                n => format!(", {}", count(n, "warning")),
            };
            out.status(&format!(
                "{}: {}, {}, {}; no problems found{warnings}",
                args.content.display(),
                count(p.stages.len(), "stage"),
                count(p.exercises.len(), "exercise"),
                count(p.guides.len(), "guide page"),
            ));
            ExitCode::SUCCESS
        }
        Err(LoadError::NoContent(root)) => super::no_content(out, &root),
        Err(LoadError::Invalid(diagnostics)) => {
            out.diagnostics(&diagnostics);
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.path).collect();
            out.error(
                &format!(
                    "{} in {}",
                    count(errors.len(), "problem"),
                    count(files.len(), "file")
                ),
                None,
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// The whole result as one JSON object: `ok`, counts, and every problem
/// with its path, line, column, severity, message and hint.
fn run_json(args: &Args) -> ExitCode {
    let result = super::load_content(&args.content);
    let (ok, counts, problems) = match &result {
        Ok(loaded) => {
            let p = &loaded.program;
            let counts = serde_json::json!({
                "stages": p.stages.len(),
                "exercises": p.exercises.len(),
                "guide_pages": p.guides.len(),
            });
            (true, counts, crate::proof::all_warnings(loaded))
        }
        Err(LoadError::NoContent(root)) => {
            let missing = Diagnostic::error(root, Position::START, "no content folder here")
                .with_hint("pass --content DIR, or start a project with `planwright init`");
            (false, serde_json::Value::Null, vec![missing])
        }
        Err(LoadError::Invalid(diagnostics)) => {
            (false, serde_json::Value::Null, diagnostics.clone())
        }
    };
    let summary = serde_json::json!({
        "ok": ok,
        "content": args.content.display().to_string(),
        "counts": counts,
        "problems": problems.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
    });
    print_json(&summary);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILURE)
    }
}

/// "1 stage", "5 stages".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
