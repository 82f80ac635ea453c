//! Plans longer than a stage's `max_weeks`, end to end on the real binary:
//! refused unless asked for with `--beyond-stage-limit`, a patient file's
//! `beyond_stage_limit` or a roster's column, and each refusal points at
//! where the weeks were given. Stage 2 of the shipped program,
//! `static-holds`, lasts at most 6 weeks.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{planwright_on_28_may as planwright, scratch, stderr, stdout};

const REFUSED: &str =
    "stage `static-holds` lasts at most 6 weeks, so a 9-week plan goes beyond it\n  \
     hint: plan 6 weeks or fewer, or ask for the longer plan explicitly \
     (--beyond-stage-limit, or `beyond_stage_limit: true` in a patient file)\n";

fn weeks_in(out: &std::process::Output) -> usize {
    assert!(out.status.success(), "{}", stderr(out));
    let plan: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    plan["weeks"].as_array().expect("a list of weeks").len()
}

fn patient_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn weeks_past_the_stage_limit_from_the_flag_are_a_usage_error_naming_the_way_out() {
    let out = planwright(&["plan", "--stage", "2", "--weeks", "9"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), format!("error: --weeks 9: {REFUSED}"));
    assert!(out.stdout.is_empty());

    let out = planwright(&[
        "plan",
        "--stage",
        "2",
        "--weeks",
        "9",
        "--beyond-stage-limit",
        "--format",
        "json",
    ]);
    assert_eq!(weeks_in(&out), 9);
    // Up to the limit, nothing needs asking for.
    let out = planwright(&["plan", "--stage", "2", "--weeks", "6", "--format", "json"]);
    assert_eq!(weeks_in(&out), 6);
}

#[test]
fn a_patient_files_weeks_past_the_limit_are_refused_at_their_line() {
    let dir = scratch("stage-limit-patient");
    let long = patient_file(&dir, "long.yaml", "name: Alex\nstage: 2\nweeks: 9\n");
    let out = planwright(&["plan", "--patient", long.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!("{}:3:8: error: {REFUSED}", long.display())
    );

    // The file can ask for it, in any of the words for yes.
    for yes in ["true", "yes", "1"] {
        let asked = patient_file(
            &dir,
            "asked.yaml",
            &format!("stage: 2\nweeks: 9\nbeyond_stage_limit: {yes}\n"),
        );
        let out = planwright(&[
            "plan",
            "--patient",
            asked.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(weeks_in(&out), 9, "beyond_stage_limit: {yes}");
    }

    // The flag overrides a file that says no, as flags do.
    let no = patient_file(
        &dir,
        "no.yaml",
        "stage: 2\nweeks: 9\nbeyond_stage_limit: false\n",
    );
    let refused = planwright(&["plan", "--patient", no.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let out = planwright(&[
        "plan",
        "--patient",
        no.to_str().unwrap(),
        "--beyond-stage-limit",
        "--format",
        "json",
    ]);
    assert_eq!(weeks_in(&out), 9);

    // `--weeks` over a file's weeks is refused at the flag.
    let short = patient_file(&dir, "short.yaml", "stage: 2\nweeks: 4\n");
    let out = planwright(&["plan", "--patient", short.to_str().unwrap(), "--weeks", "9"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), format!("error: --weeks 9: {REFUSED}"));
}

#[test]
fn a_patient_file_says_yes_or_no_and_nothing_else() {
    let dir = scratch("stage-limit-maybe");
    let maybe = patient_file(
        &dir,
        "maybe.yaml",
        "stage: 2\nweeks: 9\nbeyond_stage_limit: maybe\n",
    );
    let out = planwright(&["plan", "--patient", maybe.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "{}:3:21: error: `beyond_stage_limit` should be true or false, found `maybe`\n  \
             hint: write `true` or `false` (`yes`/`no` and `1`/`0` work too)\n",
            maybe.display()
        )
    );
}

#[test]
fn a_roster_row_past_the_limit_fails_alone_unless_its_column_or_the_flag_allows_it() {
    let dir = scratch("stage-limit-roster");
    let roster = patient_file(
        &dir,
        "roster.csv",
        "name,stage,start,weeks,beyond_stage_limit\n\
         Ana Lima,2,2026-06-01,9,yes\n\
         Bo Berg,2,2026-06-01,9,\n\
         Cy Cole,2,2026-06-01,6,no\n",
    );
    let output = dir.join("plans");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "plans",
            roster.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        planwright(&args)
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:3:22: error: {REFUSED}", roster.display())),
        "Bo's row is refused at its weeks cell:\n{err}"
    );
    assert!(err.contains("1 of 3 rows failed (line 3"), "{err}");
    assert_eq!(pdfs(&output), 2, "Ana's and Cy's plans are written");

    let out = run(&["--beyond-stage-limit"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(pdfs(&output), 3, "the flag allows Bo's row too");
}

fn pdfs(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("pdf".as_ref()))
        .count()
}

#[test]
fn the_flag_is_documented_where_people_look() {
    for command in ["plan", "plans"] {
        let out = planwright(&[command, "--help"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let help = stdout(&out);
        assert!(help.contains("--beyond-stage-limit"), "{command}: {help}");
        assert!(
            help.contains("past the stage's max_weeks") || help.contains("past its stage's"),
            "{command}: {help}"
        );
    }
    let out = planwright(&["completions", "bash"]);
    assert!(stdout(&out).contains("--beyond-stage-limit"));
}
