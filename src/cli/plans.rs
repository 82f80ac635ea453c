//! `planwright plans`: a printable PDF plan for every person of a roster,
//! and the PDF output of `planwright plan --format pdf`.
//!
//! This file reads the roster, the logo, the authors' pictures and
//! `SOURCE_DATE_EPOCH`, asks the engine for each plan and `crate::pdf` to
//! print it, in parallel, then writes the batch as a whole. A bad row is reported at its line and
//! skipped; the others are still written.

use std::collections::HashMap;
use std::convert::Infallible;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use jiff::civil::Date;
use rayon::prelude::*;

use super::plan::{next_monday, source_date_epoch};
use super::{Output, EXIT_FAILURE, EXIT_USAGE};
use crate::content::request::{Origin, Overrides};
use crate::content::{self, LoadError, Loaded, RosterEntry};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::Slug;
use crate::model::{Paper, Program};
use crate::output;
use crate::pdf::{self, Logo, Pictures};
use crate::World;
use planwright_core::plan::Plan;
use planwright_core::progression;

/// Arguments of `planwright plans`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  planwright plans clinic.yaml --output plans/
  planwright plans monday-clinic.csv --output plans/ --paper letter
  planwright plans national.csv --shard 3/8 --output plans-3/
  planwright plans long-stays.csv --output plans/ --beyond-stage-limit

The roster is a YAML list of entries with the keys of a patient file, or a CSV
file whose header row names those keys (docs/pdf.md has examples). Each PDF is
named after the person, e.g. zoe-angstrom-1k3f9q2m.pdf. The output folder is
replaced as a whole once every plan is printed; planwright refuses to replace a
folder it did not write.

Exit status: 0 when every row was printed, 1 when a row or the content has a
problem (the other rows are still written), 2 when the command line is wrong.")]
pub(crate) struct Args {
    /// The roster: a YAML list of people, or a CSV file with a header row.
    #[arg(value_name = "ROSTER")]
    roster: PathBuf,

    /// The folder to write the PDFs into; replaced as a whole.
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// The paper size [default: `paper` in planwright.yaml].
    #[arg(long, value_enum, value_name = "PAPER")]
    paper: Option<PaperArg>,

    /// The content folder [default: `content`, or the built-in thoracic
    /// program when there is no `content` folder here].
    #[arg(long, value_name = "DIR", value_parser = super::content_dir())]
    content: Option<PathBuf>,

    /// Print only the K-th of N slices of the roster (rows K, K+N, K+2N…),
    /// so N machines or jobs can share a long roster; file names do not
    /// depend on the slice, so the N output folders merge into one.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse, default_value = "1/1", hide_default_value = true)]
    shard: Shard,

    /// Allow a row's `weeks` past its stage's max_weeks; the printed plan
    /// says so. Applies to every row, whatever its `beyond_stage_limit` says.
    #[arg(long)]
    beyond_stage_limit: bool,
}

/// The paper sizes a plan prints on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PaperArg {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

fn paper(arg: Option<PaperArg>, program: &Program) -> Paper {
    match arg {
        Some(PaperArg::A4) => Paper::A4,
        Some(PaperArg::Letter) => Paper::Letter,
        None => program.config.paper,
    }
}

/// The content folder in use: `--content`, or `content` when it exists.
fn content_root(arg: Option<&Path>) -> Option<PathBuf> {
    match arg {
        Some(dir) => Some(dir.to_path_buf()),
        None => Some(PathBuf::from("content")).filter(|d| d.is_dir()),
    }
}

/// The pictures, or the exit code after explaining why one is unusable.
fn load_pictures<'a>(
    program: &Program,
    root: Option<&Path>,
    exercises: impl IntoIterator<Item = &'a Slug>,
    out: Output,
) -> Result<Pictures, ExitCode> {
    content::pictures(program, root, exercises).map_err(|message| {
        out.error(
            &message,
            Some("`planwright check` says what is wrong with each picture"),
        );
        ExitCode::from(EXIT_FAILURE)
    })
}

/// Prints one plan as a PDF for `planwright plan --format pdf`: to FILE, or
/// to standard output when it is not a terminal.
pub(super) fn write_plan_pdf(
    plan: &Plan,
    program: &Program,
    content: Option<&Path>,
    paper_arg: Option<PaperArg>,
    output: Option<&Path>,
    out: Output,
) -> ExitCode {
    if output.is_none() && std::io::stdout().is_terminal() {
        out.error(
            "a PDF is not for the terminal",
            Some("write it to a file with -o plan.pdf"),
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let created = match source_date_epoch() {
        Ok(at) => at,
        Err(message) => {
            out.error(
                &message,
                Some("unset it, or set it to a Unix time in seconds"),
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let root = content_root(content);
    let logo = match load_logo(program, root.as_deref(), out) {
        Ok(logo) => logo,
        Err(code) => return code,
    };
    let ids = plan.exercises.iter().map(|e| &e.id);
    let pictures = match load_pictures(program, root.as_deref(), ids, out) {
        Ok(pictures) => pictures,
        Err(code) => return code,
    };
    let paper = paper(paper_arg, program);
    let printed = crate::fonts().and_then(|fonts| {
        let world = World {
            fonts: &fonts,
            created,
            logo: logo.as_ref(),
            pictures: Some(&pictures),
        };
        pdf::render(plan, program, paper, &world)
    });
    let bytes = match printed {
        Ok(bytes) => bytes,
        Err(e) => {
            out.error(&format!("cannot print the plan: {e}"), None);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    match output {
        Some(path) => {
            if let Err(e) = output::replace_file(path, &bytes) {
                out.error(&e.to_string(), e.hint());
                return ExitCode::from(EXIT_FAILURE);
            }
            out.status(&format!(
                "wrote the {}-week plan for stage {} to {} ({} KB)",
                plan.weeks.len(),
                plan.stage.number,
                path.display(),
                bytes.len().div_ceil(1024)
            ));
        }
        // A closed pipe (e.g. `| head`) is not an error worth reporting.
        None => {
            let _ = std::io::stdout().write_all(&bytes);
        }
    }
    ExitCode::SUCCESS
}

/// A printed plan, named for the batch folder.
struct PlanFile {
    name: String,
    bytes: Vec<u8>,
}

/// The program `plan` and `plans` work from: `--content`, else `content`
/// when it exists, else the built-in program (a person or clinic printing
/// the shipped program needs no project). Problems are reported here; the
/// error is the exit code. Also returns the content folder in use, if any.
pub(super) fn load_program(
    content: Option<&Path>,
    out: Output,
) -> Result<(Loaded, Option<PathBuf>), ExitCode> {
    let root = content_root(content);
    let loaded = match root.as_deref() {
        Some(dir) => content::load(dir),
        None => content::load_shipped(),
    };
    match loaded {
        Ok(loaded) => Ok((loaded, root)),
        Err(LoadError::NoContent(missing)) => Err(super::no_content(out, &missing)),
        Err(LoadError::Invalid(diagnostics)) => {
            out.diagnostics(&diagnostics);
            out.error(
                "the content has problems; `planwright check` lists them all",
                None,
            );
            Err(ExitCode::from(EXIT_FAILURE))
        }
    }
}

/// The clinic's logo, or the exit code after explaining why it is unusable.
fn load_logo(
    program: &Program,
    root: Option<&Path>,
    out: Output,
) -> Result<Option<Logo>, ExitCode> {
    content::logo(program, root).map_err(|message| {
        out.error(
            &message,
            Some("`clinic.logo` in planwright.yaml must be a PNG file"),
        );
        ExitCode::from(EXIT_FAILURE)
    })
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    let (Loaded { program, .. }, root) = match load_program(args.content.as_deref(), out) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let entries = match content::load_roster(&args.roster) {
        Ok(entries) => entries,
        Err(diagnostics) => {
            out.diagnostics(&diagnostics);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let (created, monday) = match source_date_epoch().and_then(|at| Ok((at, next_monday()?))) {
        Ok(found) => found,
        Err(message) => {
            out.error(
                &message,
                Some("unset it, or set it to a Unix time in seconds"),
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let logo = match load_logo(&program, root.as_deref(), out) {
        Ok(logo) => logo,
        Err(code) => return code,
    };
    // Every exercise's, once: any of them may be in some row's plan.
    let ids = program.exercises.iter().map(|e| &e.id);
    let pictures = match load_pictures(&program, root.as_deref(), ids, out) {
        Ok(pictures) => pictures,
        Err(code) => return code,
    };
    let fonts = match crate::fonts() {
        Ok(fonts) => fonts,
        Err(e) => {
            out.error(&e.to_string(), None);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let paper = paper(args.paper, &program);
    let world = World {
        fonts: &fonts,
        created,
        logo: logo.as_ref(),
        pictures: Some(&pictures),
    };

    // Check the output folder may be replaced before printing anything.
    let begun = output::parent_and_name(&args.output).and_then(|(parent, name)| {
        if let Some(content) = &root {
            output::check_apart(content, &args.output, std::slice::from_ref(&args.output))?;
        }
        output::Staging::begin(&parent, &[&name], &super::build::waiting_message(out))
    });
    let staging = match begun {
        Ok(staging) => staging,
        Err(e) => {
            out.error(&e.to_string(), e.hint());
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let mine: Vec<&RosterEntry> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| args.shard.has(*i))
        .map(|(_, e)| e)
        .collect();
    let progress = if !out.quiet && std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(mine.len() as u64).with_style(
            indicatif::ProgressStyle::with_template("{bar:32} {pos}/{len} plans  {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut batch = Batch::default();
    // Printed in parallel a chunk at a time and written as they come, so
    // memory stays flat however long the roster; within a chunk the rows
    // are judged in their order, so what is reported never depends on
    // which thread finished first.
    for chunk in mine.chunks(CHUNK) {
        let outcomes: Vec<Result<PlanFile, Vec<Diagnostic>>> = chunk
            .par_iter()
            .map(|entry| {
                let outcome = print(
                    entry,
                    &args.roster,
                    &program,
                    paper,
                    &world,
                    monday,
                    args.beyond_stage_limit,
                );
                progress.inc(1);
                outcome
            })
            .collect();
        let keep: Vec<PlanFile> = chunk
            .iter()
            .zip(outcomes)
            .filter_map(|(entry, outcome)| batch.take(entry, outcome, &args.roster))
            .collect();
        let written = keep
            .par_iter()
            .try_for_each(|file| staging.write(0, &file.name, &file.bytes));
        if let Err(e) = written {
            progress.finish_and_clear();
            out.error(&e.to_string(), e.hint());
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    progress.finish_and_clear();

    for (_, diagnostics) in &batch.failed {
        out.diagnostics(diagnostics);
    }
    out.diagnostics(&batch.warnings);
    let written = batch.written;
    if written > 0 {
        if let Err(e) = staging.commit() {
            out.error(&e.to_string(), e.hint());
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    let rows = mine.len();
    let shard = match args.shard {
        Shard { k: 1, n: 1 } => String::new(),
        Shard { k, n } => format!(" (shard {k} of {n}: {rows} of {} rows)", entries.len()),
    };
    let summary = format!(
        "wrote {written} plan{} to {}{shard}",
        if written == 1 { "" } else { "s" },
        args.output.display()
    );
    if batch.failed.is_empty() {
        out.status(&summary);
        ExitCode::SUCCESS
    } else {
        let lines: Vec<String> = batch
            .failed
            .iter()
            .map(|(line, _)| line.to_string())
            .collect();
        out.error(
            &format!(
                "{} of {rows} rows failed (line {} of {}); {summary}",
                batch.failed.len(),
                lines.join(", "),
                args.roster.display()
            ),
            Some(if written > 0 {
                "the other rows were written; fix these and run again"
            } else {
                "nothing was written; the previous output is as it was"
            }),
        );
        ExitCode::from(EXIT_FAILURE)
    }
}

/// How many rows are printed before their files are written.
const CHUNK: usize = 256;

/// What a batch has written and found so far.
#[derive(Default)]
struct Batch {
    written: usize,
    /// Each file name written, with a hash of its bytes and its line.
    files: HashMap<String, (u64, u32)>,
    /// The line each person's name was first printed from: a name printed
    /// twice with different settings is worth a word, as one person may
    /// have been entered twice (two people may share a name, so it is no
    /// error).
    names: HashMap<String, u32>,
    failed: Vec<(u32, Vec<Diagnostic>)>,
    warnings: Vec<Diagnostic>,
}

impl Batch {
    /// Takes one row's outcome: the plan to write, or `None` with the
    /// reason noted (or nothing to say, for a repeated row).
    fn take(
        &mut self,
        entry: &RosterEntry,
        outcome: Result<PlanFile, Vec<Diagnostic>>,
        roster: &Path,
    ) -> Option<PlanFile> {
        let file = match outcome {
            Ok(file) => file,
            Err(diagnostics) => {
                self.failed.push((entry.line, diagnostics));
                return None;
            }
        };
        let hash = {
            let mut h = DefaultHasher::new();
            file.bytes.hash(&mut h);
            h.finish()
        };
        match self.files.get(&file.name) {
            // The same person with the same settings twice: one file.
            Some(&(same, _)) if same == hash => return None,
            Some(&(_, line)) => {
                self.failed.push((
                    entry.line,
                    vec![Diagnostic::error(
                        roster,
                        Position::new(entry.line, 1),
                        format!(
                            "a plan named `{}` was already printed from line {line}",
                            file.name
                        ),
                    )],
                ));
                return None;
            }
            None => {}
        }
        if let Some(name) = person_name(entry) {
            match self.names.get(&name) {
                Some(first) => self.warnings.push(
                    Diagnostic::warning(
                        roster,
                        Position::new(entry.line, 1),
                        format!(
                            "`{name}` is also on line {first}, with other settings: \
                             both plans are printed"
                        ),
                    )
                    .with_hint("if this is one person, keep one of the rows"),
                ),
                None => {
                    self.names.insert(name, entry.line);
                }
            }
        }
        self.files.insert(file.name.clone(), (hash, entry.line));
        self.written += 1;
        Some(file)
    }
}

/// `--shard K/N`: the K-th of N slices of a roster. Row i (counting from
/// 0) belongs to slice i mod N + 1, so every slice mixes the roster's
/// stages alike, and a row's slice depends only on its place in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    k: usize,
    n: usize,
}

impl Shard {
    fn has(self, row: usize) -> bool {
        row % self.n + 1 == self.k
    }

    fn parse(text: &str) -> Result<Shard, String> {
        let usage = || format!("`{text}` is not a shard; write K/N with 1 ≤ K ≤ N, like 2/8");
        let (k, n) = text.split_once('/').ok_or_else(usage)?;
        let k: usize = k.trim().parse().map_err(|_| usage())?;
        let n: usize = n.trim().parse().map_err(|_| usage())?;
        if k == 0 || n == 0 || k > n {
            return Err(usage());
        }
        Ok(Shard { k, n })
    }
}

/// The name a roster entry gives, if it reads.
fn person_name(entry: &RosterEntry) -> Option<String> {
    entry.patient.as_ref().ok()?.person.name.clone()
}

/// One roster entry through the engine and the printer.
fn print(
    entry: &RosterEntry,
    roster: &Path,
    program: &Program,
    paper: Paper,
    world: &World<'_>,
    monday: Date,
    beyond_stage_limit: bool,
) -> Result<PlanFile, Vec<Diagnostic>> {
    let file = entry.patient.clone()?;
    let at = |position: Option<Position>, message: String, hint: Option<String>| {
        let mut d = Diagnostic::error(
            roster,
            position.unwrap_or(Position::new(entry.line, 1)),
            message,
        );
        if let Some(hint) = hint {
            d = d.with_hint(hint);
        }
        vec![d]
    };
    let overrides = Overrides {
        beyond_stage_limit,
        ..Overrides::default()
    };
    let Ok((request, origins)) = file.request(overrides, || Ok::<_, Infallible>(monday));
    let plan = progression::plan(program, &request).map_err(|e| {
        let position = match origins.of(e.field) {
            Origin::File(position) => Some(*position),
            Origin::Flag(_) | Origin::Missing => None,
        };
        at(position, e.to_string(), e.problem.hint())
    })?;
    let bytes = pdf::render(&plan, program, paper, world)
        .map_err(|e| at(None, format!("cannot print the plan: {e}"), None))?;
    Ok(PlanFile {
        name: pdf::file_name(&plan),
        bytes,
    })
}
