//! `planwright check` on every fixture tree in `tests/fixtures/check/`,
//! comparing exit status and output with the case's `expected.txt`.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn run_check(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_planwright"))
        .arg("check")
        .args(args)
        .arg("--color=never")
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the planwright binary runs");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output
            .status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn every_fixture_prints_what_it_expects() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected the full set of fixtures, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let actual = run_check(case, &[]);
        let name = case.file_name().unwrap().to_string_lossy();
        let expected = format!("tests/fixtures/check/{name}/expected.txt");
        if let Some(difference) = common::golden_difference(&expected, &actual) {
            failures.push(format!("== {name}: {difference}\n-- actual\n{actual}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn shipped_content_is_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_check(root, &[]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("content: 5 stages, 5 exercises"), "{out}");
    assert!(out.ends_with("--- stderr\n"), "no warnings expected: {out}");
}

#[test]
fn a_missing_content_folder_is_explained() {
    let out = run_check(&fixtures(), &["--content", "no-such-folder"]);
    let looked = fixtures().join("no-such-folder");
    assert_eq!(
        out,
        format!(
            "exit: 1\n--- stdout\n--- stderr\nerror: no content folder at `no-such-folder` (looked in {})\n  \
             hint: run planwright where a `content/` folder holds `planwright.yaml`, pass --content DIR, \
             or start a new project with `planwright init`\n",
            looked.display()
        )
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let out = run_check(&fixtures(), &["--no-such-flag"]);
    assert!(out.starts_with("exit: 2\n"), "{out}");
}

#[test]
fn json_summary_lists_every_problem_for_scripts() {
    let run = |case: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_planwright"))
            .args(["check", "--format", "json"])
            .current_dir(fixtures().join(case))
            .output()
            .expect("the planwright binary runs");
        let summary: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("JSON on stdout");
        (output.status.code(), summary)
    };
    let (code, summary) = run("many-errors");
    assert_eq!(code, Some(1));
    assert_eq!(summary["ok"], false);
    let problems = summary["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 4);
    assert_eq!(problems[0]["path"], "content/exercises/press.md");
    assert_eq!(problems[0]["line"], 7);
    assert_eq!(problems[0]["column"], 9);
    assert_eq!(problems[0]["severity"], "error");

    let (code, summary) = run("valid");
    assert_eq!(code, Some(0));
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["counts"]["stages"], 2);
    assert_eq!(summary["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn the_proof_of_the_plans_is_in_the_json_summary_too() {
    let dir = fixtures().join("plans-stuck-hold");
    let output = Command::new(env!("CARGO_BIN_EXE_planwright"))
        .args(["check", "--format", "json"])
        .current_dir(&dir)
        .output()
        .expect("the planwright binary runs");
    assert_eq!(output.status.code(), Some(0), "warnings do not fail check");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(summary["ok"], true);
    let problems = summary["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(
        (&p["path"], &p["line"], &p["column"], &p["severity"]),
        (
            &serde_json::json!("content/exercises/wall-hold.md"),
            &serde_json::json!(9),
            &serde_json::json!(1),
            &serde_json::json!("warning")
        )
    );
    assert!(p["message"]
        .as_str()
        .unwrap()
        .contains("the plan cannot progress from 6–9 s hold"));
}

/// A file name that is not UTF-8 (Latin-1 `café.png` from an old archive)
/// is reported by check as build would refuse it, and nothing is built.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_by_check_and_build() {
    use std::os::unix::ffi::OsStrExt as _;
    let dir = common::scratch("not-utf8-name");
    common::copy_dir(&common::repo().join("content"), &dir.join("content"));
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.png");
    std::fs::write(dir.join("content").join(name), b"not read").unwrap();
    for args in [&["check"][..], &["build", "--no-plans"][..]] {
        let out = common::command()
            .current_dir(&dir)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let said = common::stderr(&out);
        assert!(
            said.contains(":1:1: error: the name of this file or folder is not valid UTF-8"),
            "{args:?}: {said}"
        );
    }
    assert!(!dir.join("output").exists(), "nothing was built");
    std::fs::remove_dir_all(dir).unwrap();
}
