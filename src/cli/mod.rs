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
    /// hint where one helps: mistakes, pictures that cannot be read, and
    /// `TODO`s still to be written. Then works out every plan a person can
    /// ask for and warns where one would stop growing early. Nothing is
    /// written. --content takes the content folder or the project around it.
    Check(check::Args),
    /// Work out a dated plan for one stage: text, JSON, PDF or calendar.
    ///
    /// Week 1 is the starting dose (the program's, or the person's own
    /// baseline); each later week grows the dose by 5–10% in whole reps,
    /// seconds and real weights, or holds it and says why. Settings come
    /// from flags or a patient file. `--format` chooses a week-by-week
    /// table (text), JSON for scripts, a PDF handout to print, or an
    /// iCalendar file (ics) to import into a calendar.
    Plan(Box<plan::Args>),
    /// Print a PDF plan for every person of a roster (YAML or CSV), in parallel.
    ///
    /// Each row is planned and printed on its own: a bad row is reported at
    /// its line and skipped, the others are written, and the exit status is 1
    /// when any row failed. The output folder is replaced as a whole.
    Plans(plans::Args),
    /// Build the site into `output/site` and its plans into `output/plans`.
    ///
    /// Renders a home page, a page per stage, exercise and guide page (each
    /// exercise with its picture and its 6-week table from the progression
    /// engine), a 404 page, sitemap.xml and robots.txt, and each stage's
    /// PDF plan and calendar, which the site links to (`--no-plans` leaves
    /// them out). Links are relative, so the site works from disk or any
    /// web address. The new output replaces the old only when everything
    /// succeeded.
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
    /// Start a file from a commented template: `new exercise ID --stage N`.
    ///
    /// Writes `exercises/ID.md` with every key explained and a `TODO`
    /// wherever the author's own words are needed (`check` points at each
    /// one left), lists it in its stage when program.yaml allows it without
    /// reformatting, and never overwrites a file.
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
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                crate::diagnostic::terminal_safe(line, true)
            );
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
        let safe = |text| crate::diagnostic::terminal_safe(text, true);
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{red}error:{reset} {}", safe(message));
        if let Some(hint) = hint {
            let _ = writeln!(err, "  {cyan}hint:{reset} {}", safe(hint));
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

/// `--content DIR`: the content folder itself, or a project folder (what
/// `planwright init DIR` makes) whose `content/` holds the config. Every
/// command takes either, so `check --content my-program` right after
/// `init my-program` checks the program rather than reporting the project's
/// other files as problems.
pub(crate) fn content_dir() -> impl clap::builder::TypedValueParser<Value = std::path::PathBuf> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PathBufValueParser::new().map(|given| {
        let config = crate::content::CONFIG_FILE;
        let inner = given.join("content");
        if !given.join(config).is_file() && inner.join(config).is_file() {
            inner
        } else {
            given
        }
    })
}

/// Loads and checks a content tree as `build` will use it: the content's
/// own rules, and then what only the site and the printed plans can say (a
/// content file at a path the build writes, a character the PDF font
/// cannot draw). `check` and `build` both load through here, so a clean
/// `check` means `build` accepts the content.
pub(crate) fn load_content(
    root: &std::path::Path,
) -> Result<crate::content::Loaded, crate::content::LoadError> {
    let tree = crate::content::read_tree(root)?;
    let mut problems = match crate::fonts() {
        Ok(fonts) => tree.undrawable(|c| fonts.draws(c)),
        // The embedded fonts are part of the binary: `build` reports it.
        Err(_) => Vec::new(),
    };
    let loaded = match crate::content::assemble(&tree) {
        Ok(loaded) => loaded,
        Err(mut all) => {
            all.extend(problems);
            crate::diagnostic::sort(&mut all);
            return Err(crate::content::LoadError::Invalid(all));
        }
    };
    problems.extend(crate::site::asset_collisions(
        &loaded.program,
        &loaded.assets,
        root,
    ));
    if problems.is_empty() {
        return Ok(loaded);
    }
    problems.extend(loaded.warnings);
    crate::diagnostic::sort(&mut problems);
    Err(crate::content::LoadError::Invalid(problems))
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

    /// Every output a command can write is named in its one-line help, so
    /// `planwright --help` does not undersell a command.
    #[test]
    fn short_help_names_every_output() {
        let cli = Cli::command();
        let about = |name: &str| {
            cli.find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|a| a.to_string().to_lowercase())
                .unwrap_or_default()
        };
        for word in ["text", "json", "pdf", "calendar"] {
            assert!(about("plan").contains(word), "plan: {word}");
        }
        for word in ["output/site", "output/plans"] {
            assert!(about("build").contains(word), "build: {word}");
        }
        assert!(about("new").contains("--stage"));
    }

    /// The README is how a newcomer meets planwright: it says how to get
    /// the command before using it, and every command it shows is one the
    /// command line accepts.
    #[test]
    fn the_readme_installs_the_command_and_shows_only_real_commands() {
        let readme = include_str!("../../README.md");
        let mut installed = false;
        let mut in_console = false;
        let mut checked = 0;
        for line in readme.lines() {
            if line.starts_with("```") {
                in_console = line == "```console";
                continue;
            }
            installed |= in_console && line.starts_with("cargo install --path . --locked");
            let Some(command) = line
                .strip_prefix("$ ")
                .unwrap_or(line)
                .strip_prefix("planwright ")
                .filter(|_| in_console)
            else {
                continue;
            };
            assert!(
                installed,
                "README: `{line}` comes before installing the command"
            );
            let command = command.split("  #").next().unwrap_or(command);
            let mut words = vec!["planwright".to_string()];
            for (i, part) in command.split('"').enumerate() {
                if i % 2 == 1 {
                    words.push(part.to_string());
                } else {
                    words.extend(part.split_whitespace().map(String::from));
                }
            }
            if let Err(e) = Cli::try_parse_from(&words) {
                // `--help` and `--version` "fail" with their own output.
                assert!(!e.use_stderr(), "README: `{line}`: {e}");
            }
            checked += 1;
        }
        assert!(checked >= 8, "{checked} commands");
    }

    #[test]
    fn content_takes_a_project_folder_or_its_content() {
        let project =
            std::env::temp_dir().join(format!("planwright-project-{}", std::process::id()));
        let content = project.join("content");
        std::fs::create_dir_all(&content).unwrap();
        let parse = |dir: &std::path::Path| {
            let cli = Cli::try_parse_from([
                "planwright".as_ref(),
                "check".as_ref(),
                "--content".as_ref(),
                dir.as_os_str(),
            ])
            .unwrap();
            match cli.command {
                Command::Check(args) => args.content,
                _ => unreachable!(),
            }
        };
        // Without a config anywhere, the folder is taken as given.
        assert_eq!(parse(&project), project);
        std::fs::write(content.join(crate::content::CONFIG_FILE), "").unwrap();
        assert_eq!(parse(&project), content);
        assert_eq!(parse(&content), content);
        std::fs::remove_dir_all(&project).unwrap();
    }
}
