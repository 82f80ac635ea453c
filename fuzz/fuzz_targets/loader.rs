//! The content loader on a tree of fuzzed files, and the patient-file and
//! roster readers.
//!
//! The input is one or more files. The first is `planwright.yaml` (none
//! when the input starts with a header); each further one starts after a
//! line `==> PATH` (as `head` prints several files), so a plain YAML file
//! is a one-file tree and the shipped program is its files joined with
//! those lines (`fuzz/run` writes that seed).
//! Paths that `read_tree` could never produce (hidden, `..`, empty parts)
//! are dropped; `patient.yaml`, `roster.yaml` and `roster.csv` go to their
//! own readers instead of the tree.
//!
//! `assemble` must never panic: it returns a program, or diagnostics with
//! at least one error, each with a message and a 1-based position. Every
//! stage of a program that loads is planned, in both units, and a patient
//! file or roster that reads is planned against it; each plan is held to
//! the rules in `planwright_fuzz::invariants`. The first file is also fed
//! to the patient and roster readers, so their own seeds work unchanged.
//! Every Markdown file, and every line of the first file, also goes through
//! the link filter: every address it reports as unsafe is one
//! `is_safe_url` refuses, at an offset inside the text.

#![no_main]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;
use planwright::content::{
    assemble, parse_patient, parse_roster, shipped_tree, PatientFile, SourceFile, SourceTree,
    CONFIG_FILE,
};
use planwright::diagnostic::Diagnostic;
use planwright::markdown::{is_safe_url, unsafe_links};
use planwright::model::{Program, Units};
use planwright_core::progression::{plan, PlanRequest, StageRef};
use planwright_fuzz::invariants;

const HEADER: &[u8] = b"\n==> ";
const MAX_FILES: usize = 32;

/// A failed read: at least one error, every problem located and worded.
fn check_diagnostics(what: &str, diagnostics: &[Diagnostic]) {
    assert!(
        diagnostics.iter().any(Diagnostic::is_error),
        "{what}: failed without an error: {diagnostics:?}"
    );
    for d in diagnostics {
        assert!(
            d.position.line >= 1 && d.position.column >= 1,
            "{what}: bad position in {d}"
        );
        assert!(!d.message.is_empty(), "{what}: empty message");
        let _ = d.render(false);
    }
}

/// A path `read_tree` could have produced: relative, `/`-separated, no
/// hidden, empty, `.` or `..` parts.
fn plausible(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && !part.starts_with('.') && !part.contains('\\'))
}

fn is_text_source(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".yaml") || path.ends_with(".yml")
}

/// Splits the input into files: the first is `planwright.yaml`, each
/// later one is named by its `==> PATH` line. A later file of the same
/// name replaces an earlier one.
fn split(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut rest = data;
    let mut path = CONFIG_FILE.to_string();
    let mut first = true;
    loop {
        let at = rest.windows(HEADER.len()).position(|w| w == HEADER);
        let (body, next) = match at {
            Some(at) => (&rest[..at], Some(&rest[at + HEADER.len()..])),
            None => (rest, None),
        };
        // An input that starts with a header has no planwright.yaml.
        let missing_config = first && at == Some(0);
        first = false;
        if files.len() < MAX_FILES && !missing_config {
            files.insert(path, body.to_vec());
        }
        let Some(next) = next else { break };
        let line_end = next.iter().position(|&b| b == b'\n').unwrap_or(next.len());
        path = String::from_utf8_lossy(&next[..line_end])
            .trim()
            .to_string();
        rest = next.get(line_end + 1..).unwrap_or_default();
    }
    files
}

/// The shipped program's images, so that the shipped seed loads.
fn shipped_assets() -> &'static BTreeSet<String> {
    static ASSETS: OnceLock<BTreeSet<String>> = OnceLock::new();
    ASSETS.get_or_init(|| shipped_tree().assets)
}

fn day_one() -> Date {
    Date::new(2026, 6, 1).expect("a real date")
}

/// The request a patient file makes, as `planwright plan --patient` builds it.
fn request_from(file: &PatientFile) -> PlanRequest {
    PlanRequest {
        stage: file.stage.as_ref().map(|at| at.value.clone()),
        exercises: file.exercises.iter().map(|at| at.value.clone()).collect(),
        start: file.start.as_ref().map_or_else(day_one, |at| at.value),
        weeks: file.weeks.as_ref().map(|at| at.value),
        target: file.rate.as_ref().map(|at| at.value),
        units: file.units,
        equipment: file.equipment.as_ref().map(|at| at.value.clone()),
        baselines: file.baselines.iter().map(|at| at.value.clone()).collect(),
        beyond_stage_limit: file.beyond_stage_limit.as_ref().is_some_and(|at| at.value),
        person: file.person.clone(),
    }
}

fn plan_and_check(program: &Program, request: &PlanRequest) {
    invariants::check(program, request, &plan(program, request));
}

/// Reads `text` as a patient file; plans it when `program` loaded.
fn patient(text: &str, path: &Path, program: Option<&Program>) {
    match parse_patient(text, path) {
        Ok(file) => {
            if let Some(program) = program {
                plan_and_check(program, &request_from(&file));
            }
        }
        Err(ds) => check_diagnostics("patient file", &ds),
    }
}

/// Reads `text` as a roster; plans the first few people when `program` loaded.
fn roster(text: &str, path: &Path, program: Option<&Program>) {
    match parse_roster(text, path) {
        Ok(entries) => {
            for entry in entries.iter().take(4) {
                assert!(entry.line >= 1);
                match (&entry.patient, program) {
                    (Ok(file), Some(program)) => plan_and_check(program, &request_from(file)),
                    (Ok(_), None) => {}
                    (Err(ds), _) => check_diagnostics("roster entry", ds),
                }
            }
        }
        Err(ds) => check_diagnostics("roster", &ds),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut files = split(data);
    let side: Vec<(String, Vec<u8>)> = ["patient.yaml", "roster.yaml", "roster.csv"]
        .iter()
        .filter_map(|name| files.remove_entry(*name))
        .collect();
    let mut tree = SourceTree {
        root: PathBuf::from("fuzz"),
        assets: shipped_assets().clone(),
        ..SourceTree::default()
    };
    for (path, bytes) in files {
        if !plausible(&path) {
            continue;
        }
        if is_text_source(&path) {
            tree.files.push(SourceFile { path, bytes });
        } else {
            tree.assets.insert(path);
        }
    }

    for file in &tree.files {
        if let (true, Ok(text)) = (file.path.ends_with(".md"), std::str::from_utf8(&file.bytes)) {
            links(text);
        }
    }
    let loaded = match assemble(&tree) {
        Ok(loaded) => Some(loaded),
        Err(ds) => {
            check_diagnostics("content tree", &ds);
            None
        }
    };
    let program = loaded.as_ref().map(|l| &l.program);
    if let Some(program) = program {
        assert!(!program.stages.is_empty());
        for stage in &program.stages {
            for units in [Units::Metric, Units::Imperial] {
                let request = PlanRequest {
                    stage: Some(StageRef::Number(stage.number)),
                    exercises: Vec::new(),
                    start: day_one(),
                    weeks: None,
                    target: None,
                    units: Some(units),
                    equipment: None,
                    baselines: Vec::new(),
                    beyond_stage_limit: false,
                    person: Default::default(),
                };
                let result = plan(program, &request);
                assert!(
                    result.is_ok(),
                    "a loaded program's stage {} is refused: {result:?}",
                    stage.number
                );
                invariants::check(program, &request, &result);
            }
        }
    }

    for (name, bytes) in &side {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let path = Path::new(name);
            if name == "patient.yaml" {
                patient(text, path, program);
            } else {
                roster(text, path, program);
            }
        }
    }
    // The first file, read as the other kinds too.
    if let Some(text) = tree
        .files
        .iter()
        .find(|f| f.path == CONFIG_FILE)
        .and_then(|f| std::str::from_utf8(&f.bytes).ok())
    {
        patient(text, Path::new("patient.yaml"), program);
        roster(text, Path::new("roster.yaml"), program);
        roster(text, Path::new("roster.csv"), program);
        links(text);
        for line in text.lines() {
            let _ = is_safe_url(line);
        }
    }
});

/// The link filter on `text` as Markdown.
fn links(text: &str) {
    for (offset, url) in unsafe_links(text) {
        assert!(offset < text.len(), "offset {offset} outside the text");
        assert!(!is_safe_url(&url), "`{url}` reported but safe");
    }
}
