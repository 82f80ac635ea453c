//! `planwright init`: start a new project from the shipped program.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Output, EXIT_FAILURE};
use crate::content;
use crate::site;

/// Arguments of `planwright init`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The folder to create the project in (created if missing).
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,

    /// Also copy the built-in templates, to change the site's look.
    #[arg(long)]
    with_templates: bool,

    /// Overwrite files that already exist.
    #[arg(long)]
    force: bool,
}

/// Every file `init` writes: path inside the project, and bytes.
fn project_files(with_templates: bool) -> Vec<(String, &'static [u8])> {
    let mut files: Vec<(String, &'static [u8])> = content::shipped_files()
        .map(|(path, bytes)| (format!("content/{path}"), bytes))
        .collect();
    if with_templates {
        files.extend(
            site::builtin_files().map(|(path, bytes)| (format!("templates/{path}"), bytes)),
        );
    }
    files
}

/// Keeps built output out of version control, unless the project already
/// has its own `.gitignore` (which is then left alone).
const GITIGNORE: (&str, &[u8]) = (".gitignore", b"/output/\n");

fn write(dir: &Path, files: &[(String, &[u8])]) -> Result<(), String> {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(())
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    let files = project_files(args.with_templates);
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .map(|(rel, _)| args.dir.join(rel))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if let Some(first) = existing.first() {
            let more = match existing.len() {
                1 => " already exists".to_string(),
                n => format!(" and {} more files already exist", n - 1),
            };
            out.error(
                &format!("`{first}`{more}; nothing was written"),
                Some("choose an empty folder, or pass --force to overwrite these files"),
            );
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    let mut files = files;
    if !args.dir.join(GITIGNORE.0).exists() {
        files.push((GITIGNORE.0.to_string(), GITIGNORE.1));
    }
    if let Err(message) = write(&args.dir, &files) {
        out.error(&message, None);
        return ExitCode::from(EXIT_FAILURE);
    }
    let shown = args.dir.display().to_string();
    let cd = if args.dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {shown}\n")
    };
    out.status(&format!(
        "Created a planwright project in {shown}/ with the thoracic extension program as an example.\n\
         Next:\n{cd}  planwright check                       validate the content\n  \
         planwright serve                       preview the site while you edit\n  \
         planwright build                       build the site into output/site\n  \
         planwright plan --stage 1 --name Ana   work out a plan for one person"
    ));
    ExitCode::SUCCESS
}
