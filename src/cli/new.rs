//! `planwright new exercise ID --stage N`: a commented exercise template,
//! listed in its stage, whose `TODO`s `planwright check` points at until
//! the author has replaced them.
//!
//! The stage's list in `program.yaml` is extended in place when that can
//! be done by inserting the id alone (a one-line `[a, b]` list, or a block
//! of `- a` lines); any other layout is left untouched and the exact line
//! to add is printed, so authors' files are never reformatted.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Output, EXIT_FAILURE, EXIT_USAGE};
use crate::content::{self, LoadError, EXERCISES_DIR, PROGRAM_FILE};
use crate::model::{Slug, Stage};
use planwright_core::progression::StageRef;

/// Arguments of `planwright new`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Write `exercises/ID.md`: every key, each with a comment saying what it takes.
    #[command(after_help = "Examples:
  planwright new exercise seated-rotation --stage 1
  planwright new exercise seated-rotation --stage mobility
  planwright new exercise band-pull-apart --stage 4 --content my-program

The id is added to the stage's `exercises` in program.yaml when the list can
take it without reformatting the file; otherwise the line to add is printed.
An existing file is never overwritten.")]
    Exercise(ExerciseArgs),
}

/// Arguments of `planwright new exercise`.
#[derive(Debug, clap::Args)]
struct ExerciseArgs {
    /// The new exercise's id: lower-case letters, digits and single hyphens.
    #[arg(value_name = "ID", value_parser = parse_id)]
    id: Slug,

    /// The stage the exercise belongs to, by number or id (required: the
    /// error lists the program's stages).
    #[arg(long, value_name = "N|ID", value_parser = StageRef::parse)]
    stage: Option<StageRef>,

    /// The content folder, or the project folder around it.
    #[arg(long, value_name = "DIR", default_value = "content", value_parser = super::content_dir())]
    content: PathBuf,
}

fn parse_id(text: &str) -> Result<Slug, String> {
    Slug::parse(text).map_err(|why| {
        let suggestion = Slug::suggest(text);
        if suggestion.is_empty() {
            format!("`{text}` is not a safe id: it {why}")
        } else {
            format!("`{text}` is not a safe id: it {why}; try `{suggestion}`")
        }
    })
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    match &args.what {
        What::Exercise(args) => exercise(args, out),
    }
}

fn exercise(args: &ExerciseArgs, out: Output) -> ExitCode {
    let loaded = match content::load(&args.content) {
        Ok(loaded) => loaded,
        Err(LoadError::NoContent(root)) => return super::no_content(out, &root),
        Err(LoadError::Invalid(diagnostics)) => {
            out.diagnostics(&diagnostics);
            out.error(
                "the content has problems; fix them before adding an exercise",
                Some("`planwright check` lists them all"),
            );
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let program = &loaded.program;
    let known = || {
        let stages: Vec<String> = program
            .stages
            .iter()
            .map(|s| format!("{} ({})", s.number, s.id))
            .collect();
        format!("the stages are {}", stages.join(", "))
    };
    // Filing it under a stage the author did not choose would put it in
    // front of that stage's patients: the stage is always asked for.
    let Some(wanted) = &args.stage else {
        out.error(
            "--stage is required: say which stage the new exercise belongs to",
            Some(&format!(
                "{}; e.g. `planwright new exercise {} --stage 1`",
                known(),
                args.id
            )),
        );
        return ExitCode::from(EXIT_USAGE);
    };
    let stage = match wanted {
        StageRef::Number(n) => program.stages.get(n.wrapping_sub(1)),
        StageRef::Id(id) => program.stages.iter().find(|s| &s.id == id),
    };
    let Some(stage) = stage else {
        out.error(
            &format!("--stage {wanted}: the program has no such stage"),
            Some(&known()),
        );
        return ExitCode::from(EXIT_USAGE);
    };
    let id = &args.id;
    if program.exercise(id).is_some() {
        out.error(
            &format!("the program already has an exercise `{id}`"),
            Some("choose another id"),
        );
        return ExitCode::from(EXIT_FAILURE);
    }
    let path = args.content.join(EXERCISES_DIR).join(format!("{id}.md"));
    if let Err(e) = write_new(&path, template(id, stage).as_bytes()) {
        let hint = (e.kind() == std::io::ErrorKind::AlreadyExists)
            .then_some("planwright never overwrites a file: choose another id, or move the file");
        out.error(&format!("cannot write `{}`: {e}", path.display()), hint);
        return ExitCode::from(EXIT_FAILURE);
    }
    out.status(&format!("wrote {}", path.display()));

    let program_path = args.content.join(PROGRAM_FILE);
    let listed = std::fs::read_to_string(&program_path)
        .ok()
        .and_then(|text| add_to_list(&text, &stage.exercises, id));
    match listed {
        Some(text) => {
            if let Err(e) = crate::output::replace_file(&program_path, text.as_bytes()) {
                out.error(&e.to_string(), Some(&add_by_hand(stage, id)));
                return ExitCode::from(EXIT_FAILURE);
            }
            out.status(&format!(
                "added `{id}` to the exercises of stage `{}` in {}",
                stage.id,
                program_path.display()
            ));
        }
        None => out.status(&format!(
            "{} (planwright leaves {} as you wrote it)",
            add_by_hand(stage, id),
            program_path.display()
        )),
    }
    out.status(&format!(
        "next: replace every TODO in {}, then run `planwright check`",
        path.display()
    ));
    ExitCode::SUCCESS
}

/// Creates `path` with `bytes`, refusing to replace an existing file.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

fn add_by_hand(stage: &Stage, id: &Slug) -> String {
    let mut ids: Vec<&str> = stage.exercises.iter().map(Slug::as_str).collect();
    ids.push(id.as_str());
    format!(
        "now list it in its stage: in stage `{}` of {PROGRAM_FILE}, write `exercises: [{}]`",
        stage.id,
        ids.join(", ")
    )
}

/// `program.yaml` with `id` added to the one `exercises` list whose items
/// are exactly `existing`, or `None` when no list can take it by inserting
/// the id alone.
fn add_to_list(text: &str, existing: &[Slug], id: &Slug) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let same = |items: &[&str]| {
        items.len() == existing.len()
            && items
                .iter()
                .zip(existing)
                .all(|(item, slug)| unquote(item) == slug.as_str())
    };
    let mut found = None;
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = exercises_value(line) else {
            continue;
        };
        let edit = if let Some(inner) = rest.strip_prefix('[') {
            // A flow list on this line: `[a, b]`, then only a comment.
            let close = inner.find(']')?;
            let after = inner[close + 1..].trim();
            if !(after.is_empty() || after.starts_with('#')) {
                return None;
            }
            let items: Vec<&str> = inner[..close].split(',').collect();
            same(&items).then(|| {
                // `rest` lies inside `line`: its offset, past the `[`, to the `]`.
                let at = rest.as_ptr() as usize - line.as_ptr() as usize + 1 + close;
                let mut edited = lines.clone().concat();
                let offset: usize = lines[..i].iter().map(|l| l.len()).sum();
                edited.insert_str(offset + at, &format!(", {id}"));
                edited
            })
        } else if rest.is_empty() || rest.starts_with('#') {
            // A block list: `- a` lines below, indented alike.
            let items: Vec<(usize, &str, &str)> = lines[i + 1..]
                .iter()
                .enumerate()
                .map_while(|(k, l)| {
                    let body = l.trim_start();
                    let item = body.strip_prefix("- ")?;
                    Some((i + 1 + k, &l[..l.len() - body.len()], item))
                })
                .collect();
            let (last, indent, _) = *items.last()?;
            let names: Vec<&str> = items.iter().map(|(_, _, item)| *item).collect();
            let aligned = items.iter().all(|(_, ind, _)| *ind == indent);
            (aligned && same(&names)).then(|| {
                let ending = if lines[last].ends_with("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                };
                let mut edited: String = lines[..=last].concat();
                if !edited.ends_with('\n') {
                    edited.push_str(ending);
                }
                edited.push_str(&format!("{indent}- {id}{ending}"));
                edited.push_str(&lines[last + 1..].concat());
                edited
            })
        } else {
            None
        };
        if let Some(edited) = edit {
            // Two lists with these very items would make the edit a guess.
            if found.is_some() {
                return None;
            }
            found = Some(edited);
        }
    }
    found
}

/// The text after `exercises:` on a line of a stage mapping.
fn exercises_value(line: &str) -> Option<&str> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
    Some(body.strip_prefix("exercises:")?.trim())
}

/// A list item as written, without quotes or a trailing comment.
fn unquote(item: &str) -> &str {
    let item = item.split(" #").next().unwrap_or(item).trim();
    item.strip_prefix('"')
        .and_then(|i| i.strip_suffix('"'))
        .or_else(|| item.strip_prefix('\'').and_then(|i| i.strip_suffix('\'')))
        .unwrap_or(item)
}

/// `seated-rotation` → `Seated rotation`.
fn title_of(id: &Slug) -> String {
    let words = id.as_str().replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The exercise file: valid as it is, every key explained.
fn template(id: &Slug, stage: &Stage) -> String {
    let title = title_of(id);
    let stage_id = &stage.id;
    format!(
        r#"---
# A new exercise. Every key is described in docs/content-format.md,
# sections 5 to 7. Lines starting with # are comments: keep or delete them.
# Each TODO marks words only you can write: `planwright check` points at
# every one left, and nothing is built or printed until they are replaced.

# The exercise's id: lower-case letters, digits and single hyphens. Keep it
# the same as the file name, without `.md`.
id: {id}
# The name people see.
title: {title}
# The id of the stage the exercise belongs to. That stage's `exercises`
# list in program.yaml must include `{id}`.
stage: {stage_id}
# One line that says what the exercise is; shown in listings. Optional.
summary: "TODO: say in one sentence what the exercise is."
# What the person needs, e.g. [exercise mat, dumbbell]; [] for nothing.
equipment: []
# Short coaching cues: what to think about while doing it. Three to five.
cues:
  - "TODO: what to think about, e.g. move slowly and smoothly."
# What to avoid, when to stop, how to make it easier. Two to four.
cautions:
  - Stop if you feel sharp pain, or pins and needles.
# A picture and/or a video. Optional: remove the # signs to use it. The
# image is a file in the content folder; `alt` describes it for people who
# cannot see it.
# media:
#   image: images/{id}.svg
#   alt: What the picture shows.
#   video: https://example.org/videos/{id}
# One session in week 1. Give `reps`, `hold` or `duration`:
#   sets: 3          sets per session (default 1)
#   reps: 10-20      repetitions per set; a range starts at 10, never passes 20
#   hold: 10 s       how long each repetition is held
#   duration: 30 s   how long each set lasts, instead of reps and hold
#   load: 4 kg       a weight, with reps
#   tempo: 3 s down  free text about speed
dose:
  sets: 1
  reps: 10-20
# How often: 3x per day, twice a day, once a day, every second day,
# 1-2x per week, weekly...
frequency: once a day
# How the dose grows each week, within the program's weekly band. Optional:
# without it the dose stays the same. `grow` lists the values that may grow,
# first preferred; each needs an upper bound (the top of its range in
# `dose`, or `max`). Also possible: `steps` (the smallest step of each
# value), `max`, `weights` (the loads the person has, in kg and/or lb) and
# `max_load_jump` (the most a heavier weight adds to every rep; 25%).
progression:
  grow: [reps]
---
1. **Set up.** TODO: describe the starting position.
2. **Move.** TODO: describe what moves, where to and how far.
3. **Breathe.** TODO: say when to breathe in and when to breathe out.
4. **Return.** TODO: describe how to come back, and what to do between
   repetitions and sets.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(ids: &[&str]) -> Vec<Slug> {
        ids.iter().map(|i| Slug::parse(i).unwrap()).collect()
    }

    fn new() -> Slug {
        Slug::parse("new-one").unwrap()
    }

    #[test]
    fn a_one_line_list_takes_the_id_in_place() {
        let text =
            "stages:\n  - id: a\n    exercises: [x, y] # both\n  - id: b\n    exercises: [z]\n";
        assert_eq!(
            add_to_list(text, &slugs(&["x", "y"]), &new()).as_deref(),
            Some("stages:\n  - id: a\n    exercises: [x, y, new-one] # both\n  - id: b\n    exercises: [z]\n")
        );
        assert_eq!(
            add_to_list(text, &slugs(&["z"]), &new()).as_deref(),
            Some("stages:\n  - id: a\n    exercises: [x, y] # both\n  - id: b\n    exercises: [z, new-one]\n")
        );
    }

    #[test]
    fn a_block_list_gets_a_line_in_its_own_style() {
        let text = "stages:\r\n  - id: a\r\n    exercises:\r\n      - x\r\n      - 'y'\r\n    max_weeks: 4\r\n";
        assert_eq!(
            add_to_list(text, &slugs(&["x", "y"]), &new()).as_deref(),
            Some("stages:\r\n  - id: a\r\n    exercises:\r\n      - x\r\n      - 'y'\r\n      - new-one\r\n    max_weeks: 4\r\n")
        );
    }

    #[test]
    fn other_layouts_are_left_alone() {
        // Split over lines, or items that differ from the stage's.
        let split = "stages:\n  - id: a\n    exercises: [x,\n      y]\n";
        assert_eq!(add_to_list(split, &slugs(&["x", "y"]), &new()), None);
        let other = "stages:\n  - id: a\n    exercises: [x]\n";
        assert_eq!(add_to_list(other, &slugs(&["q"]), &new()), None);
    }

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title_of(&new()), "New one");
    }
}
