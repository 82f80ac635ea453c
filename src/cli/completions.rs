//! `planwright completions SHELL` and `planwright man`: shell completion
//! scripts and manual pages, both generated from the same clap definition
//! as the parser, so they can never describe options that do not exist.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Output, EXIT_FAILURE};

/// Arguments of `planwright completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Install, for example:
  planwright completions bash > ~/.local/share/bash-completion/completions/planwright
  planwright completions zsh > ~/.zfunc/_planwright     (with fpath+=~/.zfunc before compinit)
  planwright completions fish > ~/.config/fish/completions/planwright.fish")]
pub(crate) struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

/// Arguments of `planwright man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  planwright man | man -l -                 read the page now
  planwright man --output ~/.local/share/man/man1")]
pub(crate) struct ManArgs {
    /// Write `planwright.1` and one `planwright-COMMAND.1` per command into
    /// DIR instead of printing `planwright.1` to standard output.
    #[arg(long, short, value_name = "DIR")]
    output: Option<PathBuf>,
}

/// Prints the completion script for one shell.
pub(crate) fn completions(args: &CompletionsArgs) -> ExitCode {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "planwright", &mut script);
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = std::io::stdout().write_all(&script);
    ExitCode::SUCCESS
}

/// The manual pages: `planwright.1`, then one per subcommand, as
/// (file name, roff text).
fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut command = Cli::command();
    // Building fills in what the derive leaves implicit (the version on
    // every subcommand, the generated `help` command).
    command.build();
    let mut pages = Vec::new();
    let mut top = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut top)?;
    pages.push(("planwright.1".to_string(), top));
    for sub in command.get_subcommands() {
        // `help` repeats what every page already says.
        if sub.get_name() == "help" {
            continue;
        }
        // After `build`, a subcommand's display name is `planwright-NAME`,
        // the conventional name of its page.
        let name = sub
            .get_display_name()
            .map_or_else(|| format!("planwright-{}", sub.get_name()), str::to_string);
        let mut page = Vec::new();
        clap_mangen::Man::new(sub.clone()).render(&mut page)?;
        pages.push((format!("{name}.1"), page));
    }
    Ok(pages)
}

/// Prints the main manual page, or writes every page into a folder.
pub(crate) fn man(args: &ManArgs, out: Output) -> ExitCode {
    let pages = match man_pages() {
        Ok(pages) => pages,
        Err(e) => {
            out.error(&format!("cannot render the manual pages: {e}"), None);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let Some(dir) = &args.output else {
        if let Some((_, page)) = pages.first() {
            let _ = std::io::stdout().write_all(page);
        }
        return ExitCode::SUCCESS;
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        out.error(&format!("cannot create `{}`: {e}", dir.display()), None);
        return ExitCode::from(EXIT_FAILURE);
    }
    for (name, page) in &pages {
        let path = dir.join(name);
        if let Err(e) = crate::output::replace_file(&path, page) {
            out.error(&e.to_string(), e.hint());
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    out.status(&format!(
        "wrote {} manual pages to {}",
        pages.len(),
        dir.display()
    ));
    ExitCode::SUCCESS
}
