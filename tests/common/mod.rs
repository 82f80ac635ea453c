//! Helpers the integration tests share: running the real binary, scratch
//! folders, and reading a whole output tree back.

#![allow(dead_code)] // each test file uses its own subset

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where the shipped `content/` lives.
pub(crate) fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The real binary, run from the repository root with colours and
/// `SOURCE_DATE_EPOCH` cleared so the environment cannot change the output.
pub(crate) fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_planwright"));
    cmd.current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RAYON_NUM_THREADS");
    cmd
}

/// Runs the binary with `args` and waits for it.
pub(crate) fn planwright(args: &[&str]) -> Output {
    command()
        .args(args)
        .output()
        .expect("the planwright binary runs")
}

/// Runs the binary as on Thursday 28 May 2026, 20:26 UTC
/// (`SOURCE_DATE_EPOCH`), so a plan's default start is Monday 1 June.
pub(crate) fn planwright_on_28_may(args: &[&str]) -> Output {
    command()
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .args(args)
        .output()
        .expect("the planwright binary runs")
}

/// Prints `plan --start 2026-06-01 --format pdf` with `args` (the stage,
/// the paper, …) into `path`, as on 28 May 2026, and returns the PDF.
pub(crate) fn printed_plan(path: &Path, args: &[&str]) -> Vec<u8> {
    let out = planwright_on_28_may(
        &[
            &["plan", "--start", "2026-06-01", "--format", "pdf"][..],
            args,
            &["-o", path.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    std::fs::read(path).unwrap()
}

/// Standard output as text.
pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text, for assertion messages.
pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh, empty folder for one test, unique to this test process.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planwright-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
/// Symbolic links are listed by their target text, so a test can tell them
/// from the files they point at.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                stack.push(path);
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Copies the folder `from` to `to`, which must not exist yet.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The file planwright leaves in every folder it may replace.
pub(crate) const OUTPUT_MARKER: &str = planwright::output::MARKER;

/// The switch that rewrites golden and expected files from what the binary
/// prints now, for a deliberate change to reviewed output.
pub(crate) const BLESS: &str = "PLANWRIGHT_BLESS";

/// Whether this run rewrites golden files. Refused under CI, where a
/// rewrite would turn every comparison into a pass.
pub(crate) fn blessing() -> bool {
    let bless = std::env::var_os(BLESS).is_some();
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "{BLESS} is set under CI: golden files are compared there, never rewritten"
    );
    bless
}

/// Compares `actual` with the golden file at `path` (relative to the
/// repository root) and says what differs, or `None` when they match.
///
/// When blessing, a differing or missing file is rewritten and still
/// reported, so a blessing run that changed anything never passes: read
/// the diff (`git diff tests/`), then run again without the switch.
pub(crate) fn golden_difference(path: &str, actual: &str) -> Option<String> {
    // Asked first, so the switch is refused under CI even when all match.
    let bless = blessing();
    let file = repo().join(path);
    let expected = std::fs::read_to_string(&file).ok();
    if expected.as_deref() == Some(actual) {
        return None;
    }
    if bless {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return Some(format!("{path}: rewritten; review it with `git diff`"));
    }
    let Some(expected) = expected else {
        return Some(format!(
            "{path} is missing; `{BLESS}=1 cargo test` writes it for review"
        ));
    };
    let (mut want, mut got) = (expected.lines(), actual.lines());
    let mut line = 1;
    loop {
        match (want.next(), got.next()) {
            (Some(w), Some(g)) if w == g => line += 1,
            (w, g) => {
                return Some(format!(
                    "{path}:{line} differs (`{BLESS}=1 cargo test` rewrites it for review)\n  \
                     golden: {}\n  actual: {}",
                    w.unwrap_or("(end of file)"),
                    g.unwrap_or("(end of output)")
                ))
            }
        }
    }
}

/// Asserts that every output matches its golden file, reporting all the
/// differences at once.
pub(crate) fn assert_golden<'a>(outputs: impl IntoIterator<Item = (String, &'a str)>) {
    let problems: Vec<String> = outputs
        .into_iter()
        .filter_map(|(path, actual)| golden_difference(&path, actual))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Collects everything a pipe says, line by line on a thread of its own,
/// so a child that writes a lot never blocks on a full pipe.
pub(crate) fn collect(
    pipe: impl std::io::Read + Send + 'static,
) -> std::sync::Arc<std::sync::Mutex<String>> {
    use std::io::BufRead as _;
    let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = std::sync::Arc::clone(&text);
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut sink = sink.lock().unwrap();
            sink.push_str(&line);
            sink.push('\n');
        }
    });
    text
}
