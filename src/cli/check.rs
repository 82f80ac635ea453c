//! `planwright check`: validate a content tree and report every problem.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Output, EXIT_FAILURE};
use crate::content::{self, LoadError, CONFIG_FILE};

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
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            out.status(&format!(
                "{}: {} stages, {} exercises, {} guide pages; no problems found{warnings}",
                args.content.display(),
                p.stages.len(),
                p.exercises.len(),
                p.guides.len()
            ));
            ExitCode::SUCCESS
        }
        Err(LoadError::NoContent(root)) => {
            out.error(
                &format!("no content folder at `{}`", root.display()),
                Some(&format!(
                    "run planwright inside a project whose content folder holds `{CONFIG_FILE}`, or pass --content DIR"
                )),
            );
            ExitCode::from(EXIT_FAILURE)
        }
        Err(LoadError::Invalid(diagnostics)) => {
            out.diagnostics(&diagnostics);
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let files: std::collections::BTreeSet<_> = errors.iter().map(|d| &d.path).collect();
            let (n, f) = (errors.len(), files.len());
            out.error(
                &format!(
                    "{n} problem{} in {f} file{}",
                    if n == 1 { "" } else { "s" },
                    if f == 1 { "" } else { "s" }
                ),
                None,
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
