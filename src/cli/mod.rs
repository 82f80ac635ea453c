//! The command line: argument parsing, one file per subcommand, and the one
//! place that prints diagnostics and turns outcomes into exit codes.
//!
//! Exit codes scripts can rely on: 0 success, 1 the input has problems (or
//! the work failed), 2 the command line itself was wrong.

mod build;
mod check;
mod completions;
mod init;
mod new;
mod plan;
mod plans;
mod schema;
mod serve;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::Diagnostic;

/// Exit code: the input has problems or the work failed.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: the command line was wrong (clap uses the same).
pub const EXIT_USAGE: u8 = 2;

/// Build exercise-program guide sites and printable, personalised plans.
///
/// planwright reads a content folder (exercises and progression rules as
/// YAML and Markdown) and checks it, builds a guide website from it, and
/// works out week-by-week plans in which every 5–10% weekly increase is
/// already calculated.
#[derive(Debug, Parser)]
#[command(
    name = "planwright",
    version,
    propagate_version = true,
    after_help = "Examples:\n  planwright check                    validate ./content and report every problem\n  planwright check --content my-program\n  planwright plan --stage 4            a dated 6-week plan for stage 4\n\nExit status: 0 on success, 1 when the content has problems, 2 for a wrong command line."
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    quiet: bool,

    /// When to colour output: auto colours only on a terminal and never when NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a content tree and report every problem in it.
    ///
    /// Reads the config, the program, every exercise and every guide page,
    /// and prints each problem as `path:line:column: error: message`, with a
    /// hint where one helps. Nothing is written.
    Check(check::Args),
    /// Work out a dated, week-by-week plan for one stage, as text or JSON.
    ///
    /// Week 1 is the starting dose (the program's, or the person's own
    /// baseline); each later week grows the dose by 5–10% in whole reps,
    /// seconds and real weights, or holds it and says why. Settings come
    /// from flags or a patient file.
    Plan(Box<plan::Args>),
    /// Print a PDF plan for every person of a roster (YAML or CSV), in parallel.
    ///
    /// Each row is planned and printed on its own: a bad row is reported at
    /// its line and skipped, the others are written, and the exit status is 1
    /// when any row failed. The output folder is replaced as a whole.
    Plans(plans::Args),
    /// Build the guide website into `output/site`.
    ///
    /// Renders a home page, a page per stage, exercise and guide page (each
    /// exercise with its 6-week table from the progression engine), a 404
    /// page, sitemap.xml and robots.txt. Links are relative, so the site
    /// works from disk or any web address. The new site replaces the old
    /// one only when everything succeeded.
    Build(build::Args),
    /// Preview the site while you edit: build, serve, rebuild on every save.
    ///
    /// Builds into `output/site` like `build`, serves it on
    /// http://127.0.0.1:1111/, and watches the content and templates
    /// folders: each save rebuilds the site and reloads open pages. When
    /// the content has problems they are shown in the terminal and over
    /// the page, and the last good site stays up. Ctrl-C stops.
    Serve(serve::Args),
    /// Start a new project: a content folder with the thoracic program as an example.
    ///
    /// Writes `content/` (and `templates/` with --with-templates) into DIR,
    /// refusing to overwrite anything unless --force is given, then prints
    /// the commands to run next.
    Init(init::Args),
    /// Print a shell completion script for bash, zsh, fish, elvish or PowerShell.
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one page per command with --output.
    Man(completions::ManArgs),
    /// Write JSON Schemas of planwright's files, for editors.
    ///
    /// One schema each for planwright.yaml, program.yaml, exercise and
    /// guide page front matter, and patient files, so an editor can
    /// complete keys and flag mistakes while you type (docs/editor.md).
    Schema(schema::Args),
    /// Start a new file from a commented template: `planwright new exercise ID`.
    ///
    /// Writes `exercises/ID.md` with every key explained, lists it in its
    /// stage when program.yaml allows it without reformatting, and never
    /// overwrites a file.
    New(new::Args),
}

/// How output should look, decided once from flags and the environment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    quiet: bool,
    color: bool,
}

impl Output {
    /// Prints a line of progress or summary to stdout, unless quiet.
    pub(crate) fn status(&self, line: &str) {
        if !self.quiet {
            // A closed pipe (e.g. `| head`) is not an error worth reporting.
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }

    /// Prints diagnostics to stderr; warnings are left out when quiet.
    pub(crate) fn diagnostics(&self, diagnostics: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for d in diagnostics {
            if self.quiet && !d.is_error() {
                continue;
            }
            let _ = writeln!(err, "{}", d.render(self.color));
        }
    }

    /// Prints a one-line error (and optional hint) to stderr.
    pub(crate) fn error(&self, message: &str, hint: Option<&str>) {
        let (red, cyan, reset) = if self.color {
            ("\x1b[1;31m", "\x1b[1;36m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{red}error:{reset} {message}");
        if let Some(hint) = hint {
            let _ = writeln!(err, "  {cyan}hint:{reset} {hint}");
        }
    }
}

/// How `check` and `build` report their outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SummaryFormat {
    /// Lines for people.
    Text,
    /// One JSON object on stdout, for scripts and editors.
    Json,
}

/// Prints a JSON summary on stdout; a closed pipe is not worth reporting.
pub(crate) fn print_json(value: &serde_json::Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let _ = writeln!(std::io::stdout(), "{text}");
}

/// The message and hint for a missing content folder, the same for every
/// command: where it looked, and how to start a project.
pub(crate) fn no_content_text(root: &std::path::Path) -> (String, String) {
    let looked = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    (
        format!(
            "no content folder at `{}` (looked in {})",
            root.display(),
            looked.display()
        ),
        format!(
            "run planwright where a `content/` folder holds `{}`, pass --content DIR, \
             or start a new project with `planwright init`",
            crate::content::CONFIG_FILE
        ),
    )
}

/// Reports a missing content folder and gives the exit code.
pub(crate) fn no_content(out: Output, root: &std::path::Path) -> ExitCode {
    let (message, hint) = no_content_text(root);
    out.error(&message, Some(&hint));
    ExitCode::from(EXIT_FAILURE)
}

fn wants_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; mistakes exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let out = Output {
        quiet: cli.quiet,
        color: wants_color(cli.color),
    };
    match cli.command {
        Command::Check(args) => check::run(&args, out),
        Command::Plan(args) => plan::run(&args, out),
        Command::Plans(args) => plans::run(&args, out),
        Command::Build(args) => build::run(&args, out),
        Command::Serve(args) => serve::run(&args, out),
        Command::Init(args) => init::run(&args, out),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args, out),
        Command::Schema(args) => schema::run(&args, out),
        Command::New(args) => new::run(&args, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
