//! `planwright init` and the built-in program: a new project checks and
//! builds as it is, nothing is overwritten by accident, and a plan needs no
//! project at all.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn planwright(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planwright"))
        .args(args)
        .arg("--color=never")
        .current_dir(dir)
        .output()
        .expect("the planwright binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planwright-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_new_project_checks_and_builds() {
    let dir = scratch("fresh");
    let init = planwright(&dir, &["init", "project"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let said = text(&init.stdout);
    assert!(
        said.contains("cd project") && said.contains("planwright build"),
        "{said}"
    );
    let project = dir.join("project");
    assert!(
        !project.join("templates").exists(),
        "templates only on request"
    );
    assert_eq!(
        std::fs::read_to_string(project.join(".gitignore")).unwrap(),
        "/output/\n"
    );

    // From outside, the project folder is as good as its content folder.
    let check = planwright(&dir, &["check", "--content", "project"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let said = text(&check.stdout);
    assert!(said.starts_with("project/content: 5 stages"), "{said}");
    let check = planwright(&project, &["check"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("5 stages, 5 exercises"));
    let build = planwright(&project, &["build"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert!(project.join("output/site/index.html").is_file());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn init_copies_the_shipped_program_exactly() {
    let dir = scratch("exact");
    assert!(planwright(&dir, &["init", "--with-templates"])
        .status
        .success());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [("content", "content"), ("templates", "templates")] {
        for entry in walk(&repo.join(from)) {
            let rel = entry.strip_prefix(repo.join(from)).unwrap();
            let copy = dir.join(to).join(rel);
            assert_eq!(
                std::fs::read(&entry).unwrap(),
                std::fs::read(&copy).unwrap_or_default(),
                "{} differs from the built-in copy",
                rel.display()
            );
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = scratch("twice");
    assert!(planwright(&dir, &["init"]).status.success());
    let program = dir.join("content/program.yaml");
    std::fs::write(&program, "title: mine\n").unwrap();
    let again = planwright(&dir, &["init"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("already exist"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&program).unwrap(),
        "title: mine\n",
        "nothing was written"
    );
    let forced = planwright(&dir, &["init", "--force"]);
    assert!(forced.status.success());
    assert_ne!(std::fs::read_to_string(&program).unwrap(), "title: mine\n");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_plan_needs_no_project() {
    let dir = scratch("noproject");
    let plan = planwright(
        &dir,
        &[
            "plan",
            "--stage",
            "2",
            "--name",
            "Ana",
            "--start",
            "2026-12-07",
        ],
    );
    assert!(plan.status.success(), "{}", text(&plan.stderr));
    let said = text(&plan.stdout);
    assert!(
        said.contains("For Ana") && said.contains("Wall extension hold"),
        "{said}"
    );

    let build = planwright(&dir, &["build"]);
    assert_eq!(build.status.code(), Some(1));
    let error = text(&build.stderr);
    assert!(error.contains("no content folder at `content`"), "{error}");
    assert!(
        error.contains("planwright init"),
        "says how to start one: {error}"
    );
    assert!(
        !dir.join("output").exists(),
        "a failed build writes nothing"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
