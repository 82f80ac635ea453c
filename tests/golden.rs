//! Golden files for what people read: the plan of every shipped stage as
//! text and JSON, a calendar, and the `<main>` of each kind of site page.
//! A change to any of them shows as a diff in `tests/golden/` that someone
//! reviewed (`tests/golden/README.md`); the printed PDFs' text layers are
//! compared by `tests/pdf/check`, which has pdftotext.

use std::path::Path;

mod common;
use common::{assert_golden, planwright_on_28_may as planwright, repo, scratch, stderr};

/// The shipped program's stage numbers, read from the program itself so a
/// new stage cannot go without a golden file.
fn stages() -> Vec<usize> {
    let loaded = planwright::content::load(&repo().join("content")).expect("shipped content");
    loaded.program.stages.iter().map(|s| s.number).collect()
}

fn run(args: &[&str]) -> String {
    let out = planwright(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn every_shipped_stage_plans_as_its_golden_text_and_json() {
    let stages = stages();
    assert_eq!(stages.len(), 5);
    let mut outputs = Vec::new();
    for stage in stages {
        let n = stage.to_string();
        let plan = [
            "plan",
            "--stage",
            &n,
            "--start",
            "2026-06-01",
            "--name",
            "Alex Example",
        ];
        outputs.push((format!("tests/golden/plan/stage-{n}.txt"), run(&plan)));
        let json = [&plan[..], &["--format", "json"]].concat();
        outputs.push((format!("tests/golden/plan/stage-{n}.json"), run(&json)));
    }
    // A personalised plan: another unit, the person's own start and weights.
    outputs.push((
        "tests/golden/plan/stage-4-personalised.txt".to_string(),
        run(&[
            "plan",
            "--stage",
            "4",
            "--start",
            "2026-06-01",
            "--units",
            "imperial",
            "--baseline",
            "reps=12",
            "--baseline",
            "load=8lb",
            "--equipment",
            "5,8,10,12,15 lb",
        ]),
    ));
    assert_golden(
        outputs
            .iter()
            .map(|(path, text)| (path.clone(), text.as_str())),
    );
}

#[test]
fn a_calendar_matches_its_golden_file() {
    let ics = run(&[
        "plan",
        "--stage",
        "2",
        "--start",
        "2026-06-01",
        "--format",
        "ics",
        "--time",
        "07:30,18:00",
        "--tz",
        "Europe/Lisbon",
        "--reminder",
        "15m",
    ]);
    // One event a day, two weeks of a stage done three times a day.
    let per_day = run(&[
        "plan",
        "--stage",
        "1",
        "--start",
        "2026-06-01",
        "--weeks",
        "2",
        "--format",
        "ics",
        "--calendar",
        "per-day",
    ]);
    assert_golden([
        (
            "tests/golden/calendar/stage-2.ics".to_string(),
            ics.as_str(),
        ),
        (
            "tests/golden/calendar/stage-1-per-day.ics".to_string(),
            per_day.as_str(),
        ),
    ]);
}

/// The page's `<main>` element, byte for byte as written: the part that
/// differs between pages (the frame around it is in every page alike).
fn main_of(page: &Path) -> String {
    let html = std::fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    format!("{}\n", &html[start..end])
}

#[test]
fn each_kind_of_page_has_its_golden_main() {
    let out = scratch("golden-site");
    let built = planwright(&[
        "build",
        "--content",
        repo().join("content").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(built.status.success(), "{}", stderr(&built));
    let site = out.join("site");
    let mut outputs = Vec::new();
    for page in [
        "index.html",
        "stages/static-holds.html",
        // One exercise timed, one with a weight.
        "exercises/wall-extension-hold.html",
        "exercises/dumbbell-pullover.html",
        "guide/progress-safely.html",
        "404.html",
    ] {
        let name = page.replace('/', "-").replace(".html", ".main.html");
        outputs.push((
            format!("tests/golden/site/{name}"),
            main_of(&site.join(page)),
        ));
    }
    assert_golden(
        outputs
            .iter()
            .map(|(path, text)| (path.clone(), text.as_str())),
    );
    std::fs::remove_dir_all(out).unwrap();
}
