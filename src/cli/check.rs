//! `planwright check`: validate a content tree and report every problem.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Output, EXIT_FAILURE};
use crate::content::{self, LoadError};

/// Arguments of `planwright check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The content folder to check.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    match content::load(&args.content) {
        Ok(loaded) => {
            out.diagnostics(&loaded.warnings);
            let p = &loaded.program;
            let warnings = match loaded.warnings.len() {
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

/// "1 stage", "5 stages".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
