//! Runs that write one output at the same time take turns, and whatever
//! happens to them the output is one whole generation.
//!
//! Builds of two small programs (`tests/fixtures/generations/`), a `serve`
//! rebuilding a third copy, and roster batches run against one output
//! folder at once; some are killed at random moments (from a fixed seed)
//! and some die on purpose between swapping in the site and the plans.
//! After every round, with nothing running, the site and the plans must
//! each be exactly one build's, both of the same build unless a swap cut
//! short is recorded for the next run to finish; and the next build must
//! succeed and leave exactly its own output, with nothing left over.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{collect, command, copy_dir, repo, scratch, snapshot, stderr};
use fs4::FileExt;
use planwright::output::{JOURNAL, MARKER};

/// A fixed "now", so every build plans from the same Monday.
const EPOCH: &str = "1780000000";

/// How long anything may take before the test gives up on it.
const PATIENCE: Duration = Duration::from_secs(60);

type Files = BTreeMap<String, Vec<u8>>;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/generations").join(name)
}

fn build(content: &Path, output: &Path) -> Command {
    let mut cmd = command();
    cmd.env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--output")
        .arg(output)
        .stdin(Stdio::null());
    cmd
}

/// The files of `folder` inside an output snapshot.
fn folder(files: &Files, name: &str) -> Files {
    let prefix = format!("{name}/");
    files
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|k| (k.to_string(), v.clone())))
        .collect()
}

/// The generation named in a folder's mark.
fn generation(files: &Files) -> String {
    let mark = String::from_utf8_lossy(&files[MARKER]).into_owned();
    mark.lines()
        .find_map(|l| l.strip_prefix("generation: "))
        .expect("the mark names its generation")
        .to_string()
}

/// What a build of each program leaves, built alone.
fn references(root: &Path) -> Vec<Files> {
    ["one", "two"]
        .iter()
        .map(|name| {
            let out = root.join(format!("reference-{name}"));
            let result = build(&fixture(name), &out).output().unwrap();
            assert!(result.status.success(), "{}", stderr(&result));
            snapshot(&out)
        })
        .collect()
}

/// Takes the output's lock as any other program may (`flock output/`
/// does the same), so no run writes while it is held.
fn hold(out: &Path) -> std::fs::File {
    let folder = std::fs::File::open(out).unwrap();
    FileExt::lock(&folder).unwrap();
    folder
}

/// Checks the output is whole: the site and the plans each exactly one
/// program's build, and the same build's unless a swap cut short is on
/// record. Returns which program the site is from.
fn assert_whole(out: &Path, references: &[Files], round: &str) -> usize {
    let held = hold(out);
    let files = snapshot(out);
    drop(held);
    let which = |name: &str| {
        let now = folder(&files, name);
        references
            .iter()
            .position(|r| folder(r, name) == now)
            .unwrap_or_else(|| {
                panic!(
                    "{round}: `{name}` is no build's whole {name}: {:?}",
                    now.keys()
                )
            })
    };
    let (site, plans) = (which("site"), which("plans"));
    let recorded = out.join(JOURNAL).is_file();
    let files_of = |name| folder(&files, name);
    assert!(
        site == plans || recorded,
        "{round}: the site of build {site} beside the plans of build {plans}, and no record of a swap to finish"
    );
    if !recorded {
        assert_eq!(
            generation(&files_of("site")),
            generation(&files_of("plans")),
            "{round}"
        );
    }
    site
}

/// A tiny deterministic random source, so every run of the test makes the
/// same choices (the moments still fall on a busy machine's schedule).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Saves `path` again, unchanged, as an editor does: `serve` rebuilds.
fn touch(path: &Path) {
    let text = std::fs::read(path).unwrap();
    let temporary = path.with_file_name(".touch.saving");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// A running `planwright serve` on a free port, with what it printed.
struct Serve {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    fn start(content: &Path, output: &Path) -> Serve {
        let mut child = command()
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .arg("serve")
            .arg("--content")
            .arg(content)
            .arg("--output")
            .arg(output)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        let serve = Serve {
            child,
            stdout,
            stderr,
        };
        eventually("serve to start", || serve.said("serving "));
        serve
    }

    fn said(&self, text: &str) -> bool {
        self.stdout.lock().unwrap().contains(text)
    }

    fn rebuilds(&self) -> usize {
        self.stdout.lock().unwrap().matches("rebuilt in").count()
    }

    fn errors(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn concurrent_builds_and_kills_always_leave_one_whole_generation() {
    let root = scratch("concurrent");
    let references = references(&root);
    assert_ne!(
        generation(&folder(&references[0], "site")),
        generation(&folder(&references[1], "site"))
    );
    let out = root.join("output");
    let served = root.join("served");
    copy_dir(&fixture("one"), &served);
    let serve = Serve::start(&served, &out);
    assert_whole(&out, &references, "serve's first build");

    let contents = [fixture("one"), fixture("two")];
    let mut random = Lcg(18);
    let mut rebuilds = serve.rebuilds();
    for round in 0..3 {
        // Three builds at once, while `serve` rebuilds: each one is
        // killed at a random moment (or left alone), and one dies on
        // purpose between swapping in the site and the plans.
        let mut runs: Vec<(Child, Option<u64>)> = (0..3)
            .map(|i| {
                let mut cmd = build(&contents[(round + i) % 2], &out);
                if i == round % 3 && round % 2 == 1 {
                    cmd.env("PLANWRIGHT_FAILPOINT", "abort:swap");
                }
                let kill = (random.below(3) == 0).then(|| random.below(600));
                (cmd.stdout(Stdio::null()).spawn().unwrap(), kill)
            })
            .collect();
        touch(&served.join("exercises/wall-hold.md"));
        let started = Instant::now();
        let mut kills: Vec<(u64, usize)> = runs
            .iter()
            .enumerate()
            .filter_map(|(i, (_, kill))| kill.map(|ms| (ms, i)))
            .collect();
        kills.sort();
        for (ms, i) in kills {
            let at = Duration::from_millis(ms);
            std::thread::sleep(at.saturating_sub(started.elapsed()));
            let _ = runs[i].0.kill();
        }
        for (i, (child, kill)) in runs.into_iter().enumerate() {
            let result = child.wait_with_output().unwrap();
            let aborted = i == round % 3 && round % 2 == 1;
            if kill.is_none() && !aborted {
                assert!(
                    result.status.success(),
                    "round {round}, build {i}: {}",
                    stderr(&result)
                );
            }
        }
        // `serve` rebuilt after the save, waiting its turn if need be.
        eventually("serve's rebuild", || serve.rebuilds() > rebuilds);
        rebuilds = serve.rebuilds();
        assert_whole(&out, &references, &format!("round {round}"));
    }
    assert!(
        !serve.errors().contains("error"),
        "serve: {}",
        serve.errors()
    );

    // `serve` killed in the middle of a rebuild, at a random moment.
    touch(&served.join("exercises/wall-hold.md"));
    std::thread::sleep(Duration::from_millis(random.below(400)));
    drop(serve);
    assert_whole(&out, &references, "serve killed");

    // The next build succeeds and leaves exactly its own output: the swap
    // any dead run left half-done finished, nothing left over.
    let result = build(&contents[1], &out).output().unwrap();
    assert!(result.status.success(), "{}", stderr(&result));
    assert_eq!(snapshot(&out), references[1]);
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_run_waits_while_another_writes_the_output() {
    let root = scratch("concurrent-wait");
    let out = root.join("output");
    let reference = root.join("reference");
    let alone = build(&fixture("one"), &reference).output().unwrap();
    assert!(alone.status.success(), "{}", stderr(&alone));

    // Another program (here, this test) holds the lock of `output/`.
    std::fs::create_dir_all(&out).unwrap();
    let holder = hold(&out);
    let mut waiting = build(&fixture("one"), &out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let said = collect(waiting.stderr.take().unwrap());
    eventually("the second run to say it waits", || {
        said.lock().unwrap().contains(&format!(
            "waiting for another planwright run to finish writing `{}` …",
            out.display()
        ))
    });
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "it waits as long as the other run writes"
    );
    drop(holder);
    let status = waiting.wait().unwrap();
    assert!(status.success(), "{}", said.lock().unwrap());
    assert_eq!(snapshot(&out), snapshot(&reference));

    // --quiet waits without a word.
    let holder = hold(&out);
    let quiet = build(&fixture("two"), &out)
        .arg("--quiet")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(holder);
    let result = quiet.wait_with_output().unwrap();
    assert!(result.status.success());
    assert_eq!(stderr(&result), "");
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn roster_batches_into_one_folder_take_turns() {
    let root = scratch("concurrent-plans");
    let roster = root.join("roster.yaml");
    std::fs::write(
        &roster,
        "- name: Ana\n  stage: 1\n- name: Ben\n  stage: 2\n",
    )
    .unwrap();
    let batch = |out: &Path| {
        let mut cmd = command();
        cmd.env("SOURCE_DATE_EPOCH", EPOCH)
            .arg("plans")
            .arg(&roster)
            .arg("--output")
            .arg(out)
            .stdout(Stdio::null());
        cmd
    };
    let reference = root.join("reference");
    let alone = batch(&reference).output().unwrap();
    assert!(alone.status.success(), "{}", stderr(&alone));
    let out = root.join("plans");
    let runs: Vec<Child> = (0..3).map(|_| batch(&out).spawn().unwrap()).collect();
    for run in runs {
        let result = run.wait_with_output().unwrap();
        assert!(result.status.success(), "{}", stderr(&result));
    }
    assert_eq!(snapshot(&out), snapshot(&reference));
    let mut left: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["plans", "reference", "roster.yaml"],
        "nothing left over"
    );
    std::fs::remove_dir_all(root).unwrap();
}
