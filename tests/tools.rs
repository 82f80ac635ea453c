//! The tools around the core commands, end to end on the real binary:
//! calendar export, JSON Schemas, `new exercise`, shell completions and
//! manual pages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn planwright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planwright"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // Thursday 28 May 2026, 20:26 UTC: the default start is Monday 1 June.
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the planwright binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh, empty folder under the target directory, for commands that write.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const COMMANDS: [&str; 6] = ["check", "plan", "build", "init", "completions", "man"];

#[test]
fn completions_name_every_command_in_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = planwright(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(!script.trim().is_empty(), "{shell}: empty script");
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no `{command}`");
        }
        // Options of subcommands complete too, not only their names.
        assert!(script.contains("--stage"), "{shell}: no --stage");
    }
    let out = planwright(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_prints_the_main_page_and_writes_one_per_command() {
    let out = planwright(&["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH planwright 1"), "{page}");
    for command in COMMANDS {
        assert!(page.contains(command), "no `{command}` in the main page");
    }

    let dir = scratch("man-pages");
    let out = planwright(&["man", "--output", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for command in COMMANDS {
        let path = dir.join(format!("planwright-{command}.1"));
        let page =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            page.contains(&format!(".TH planwright-{command} 1")),
            "{page}"
        );
    }
    assert!(dir.join("planwright.1").is_file());
}
