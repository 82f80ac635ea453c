//! The bad-input corpus: every folder of `tests/bad-input/` is one case, a
//! small input that is wrong (or awkward) in one way, and a `case.txt` that
//! says how the real binary must answer it. See `tests/bad-input/README.md`
//! for the directives.
//!
//! Every case runs in a copy of its folder, under a 1 GiB address-space cap,
//! and must never panic. The work a case can cause is bounded by the input
//! limits the cases exercise, not by a stopwatch: a machine under load must
//! not fail a correct binary. Only a hang (a minute without an exit) is
//! killed. The slowest cases are printed for information; speed itself is
//! measured by the benchmarks. All failures are reported together, with
//! what the binary printed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Past this, a case is a hang: it is killed and fails. Far above any
/// case's run time, so it only catches a binary that never finishes.
const KILL_AFTER: Duration = Duration::from_secs(60);
/// The address-space cap, in KiB (`ulimit -v`).
const MEMORY_KIB: u64 = 1024 * 1024;
/// `SOURCE_DATE_EPOCH` for every case, so "the next Monday" is fixed:
/// Tuesday 2026-05-26 (UTC), so plans without a date start 2026-06-01.
const EPOCH: &str = "1779753600";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

/// A case's `case.txt`, read.
#[derive(Debug, Default)]
struct Spec {
    args: Vec<String>,
    exit: Option<i32>,
    stdout: Vec<String>,
    stderr: Vec<String>,
    stdout_not: Vec<String>,
    stderr_not: Vec<String>,
    /// Copy `tests/bad-input/_content/` to `content/` before anything else.
    with_content: bool,
    generate: Vec<(String, String)>,
    /// Another command whose standard output must equal this case's.
    same_stdout_as: Option<Vec<String>>,
    /// A folder and how many PDFs it must hold after the run.
    pdfs: Option<(String, usize)>,
}

fn parse_spec(text: &str) -> Result<Spec, String> {
    let mut spec = Spec::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(format!("line {}: expected `key: value`", i + 1));
        };
        let value = value.strip_prefix(' ').unwrap_or(value);
        match key {
            "args" => spec.args = words(value)?,
            "exit" => {
                spec.exit = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("line {}: exit must be a number", i + 1))?,
                )
            }
            "stdout" => spec.stdout.push(value.to_string()),
            "stderr" => spec.stderr.push(value.to_string()),
            "stdout-not" => spec.stdout_not.push(value.to_string()),
            "stderr-not" => spec.stderr_not.push(value.to_string()),
            "with" if value.trim() == "content" => spec.with_content = true,
            "generate" => {
                let (path, pieces) = value
                    .split_once(" = ")
                    .ok_or_else(|| format!("line {}: write `generate: PATH = PIECES`", i + 1))?;
                spec.generate
                    .push((path.trim().to_string(), pieces.to_string()));
            }
            "same-stdout-as" => spec.same_stdout_as = Some(words(value)?),
            "pdfs" => {
                let (dir, n) = value
                    .trim()
                    .rsplit_once(' ')
                    .ok_or_else(|| format!("line {}: write `pdfs: DIR N`", i + 1))?;
                let n = n
                    .parse()
                    .map_err(|_| format!("line {}: `pdfs` needs a count", i + 1))?;
                spec.pdfs = Some((dir.to_string(), n));
            }
            other => return Err(format!("line {}: unknown directive `{other}`", i + 1)),
        }
    }
    if spec.args.is_empty() {
        return Err("no `args:` line".to_string());
    }
    if spec.exit.is_none() {
        return Err("no `exit:` line".to_string());
    }
    Ok(spec)
}

/// Splits `args` at spaces; `"…"` keeps spaces in one word.
fn words(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' if !quoted => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quoted {
        return Err(format!("unclosed quote in `{text}`"));
    }
    if in_word {
        out.push(word);
    }
    Ok(out)
}

/// Builds a generated file's bytes from its pieces: `"text"` (with `\n`,
/// `\r`, `\t`, `\\`, `\"`, `\xNN` for any byte and `\u{…}`), `"text"*N`
/// for N copies, `@file` for a file of the case and `@file:crlf` for the
/// same with Windows line endings.
fn generate(pieces: &str, dir: &Path) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut rest = pieces.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('@') {
            let end = after.find(' ').unwrap_or(after.len());
            let (name, crlf) = match after[..end].strip_suffix(":crlf") {
                Some(name) => (name, true),
                None => (&after[..end], false),
            };
            let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("@{name}: {e}"))?;
            if crlf {
                for b in bytes {
                    if b == b'\n' {
                        out.push(b'\r');
                    }
                    out.push(b);
                }
            } else {
                out.extend(bytes);
            }
            rest = after[end..].trim_start();
            continue;
        }
        let Some(body) = rest.strip_prefix('"') else {
            return Err(format!("expected `\"` or `@` at `{rest}`"));
        };
        let mut piece = Vec::new();
        let mut chars = body.char_indices();
        let end = loop {
            let Some((at, c)) = chars.next() else {
                return Err("unclosed `\"`".to_string());
            };
            match c {
                '"' => break at + 1,
                '\\' => match chars.next().map(|(_, c)| c) {
                    Some('n') => piece.push(b'\n'),
                    Some('r') => piece.push(b'\r'),
                    Some('t') => piece.push(b'\t'),
                    Some('\\') => piece.push(b'\\'),
                    Some('"') => piece.push(b'"'),
                    Some('x') => {
                        let hex: String = (0..2)
                            .filter_map(|_| chars.next())
                            .map(|(_, c)| c)
                            .collect();
                        piece.push(
                            u8::from_str_radix(&hex, 16).map_err(|_| format!("bad \\x{hex}"))?,
                        );
                    }
                    Some('u') => {
                        let code: String = chars
                            .by_ref()
                            .map(|(_, c)| c)
                            .skip_while(|c| *c == '{')
                            .take_while(|c| *c != '}')
                            .collect();
                        let c = u32::from_str_radix(&code, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .ok_or_else(|| format!("bad \\u{{{code}}}"))?;
                        piece.extend(c.to_string().as_bytes());
                    }
                    other => return Err(format!("unknown escape \\{other:?}")),
                },
                c => piece.extend(c.to_string().as_bytes()),
            }
        };
        rest = &body[end..];
        let mut copies = 1;
        if let Some(after) = rest.strip_prefix('*') {
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after.len());
            copies = after[..digits]
                .parse()
                .map_err(|_| format!("bad count at `*{after}`"))?;
            rest = &after[digits..];
        }
        for _ in 0..copies {
            out.extend_from_slice(&piece);
        }
        rest = rest.trim_start();
    }
    Ok(out)
}

/// An argument `@@FILE` stands for the contents of FILE (one too long to
/// write in `case.txt`), without its final line break.
fn expand(args: &[String], dir: &Path) -> Result<Vec<String>, String> {
    args.iter()
        .map(|arg| match arg.strip_prefix("@@") {
            Some(name) => std::fs::read_to_string(dir.join(name))
                .map(|t| t.trim_end_matches('\n').to_string())
                .map_err(|e| format!("@@{name}: {e}")),
            None => Ok(arg.clone()),
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a work folder");
    for entry in std::fs::read_dir(from).expect("read a case folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a case file");
        }
    }
}

/// What one run of the binary gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    killed: bool,
}

/// Runs the binary in `dir` under the memory cap, killing it after
/// [`KILL_AFTER`].
fn run(dir: &Path, args: &[String]) -> Run {
    let binary = env!("CARGO_BIN_EXE_planwright");
    let mut command = if cfg!(target_os = "linux") {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
            .arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn().expect("the planwright binary starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the binary") {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            let _ = child.kill();
            killed = true;
            break child.wait().expect("wait for the killed binary");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    Run {
        code: status.code(),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed,
        killed,
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 3000;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

/// Runs one case; the problems found, and how long the binary took.
fn check_case(case: &Path, work_root: &Path) -> (Vec<String>, Duration) {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let spec = match std::fs::read_to_string(case.join("case.txt"))
        .map_err(|e| e.to_string())
        .and_then(|t| parse_spec(&t))
    {
        Ok(spec) => spec,
        Err(e) => return (vec![format!("case.txt: {e}")], Duration::ZERO),
    };
    let work = work_root.join(&name);
    let _ = std::fs::remove_dir_all(&work);
    if spec.with_content {
        copy_tree(&corpus().join("_content"), &work.join("content"));
    }
    copy_tree(case, &work);
    for (path, pieces) in &spec.generate {
        match generate(pieces, &work) {
            Ok(bytes) => {
                let target = work.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).expect("generated file's folder");
                std::fs::write(target, bytes).expect("write a generated file");
            }
            Err(e) => return (vec![format!("generate {path}: {e}")], Duration::ZERO),
        }
    }

    let args = match expand(&spec.args, &work) {
        Ok(args) => args,
        Err(e) => return (vec![e], Duration::ZERO),
    };
    let got = run(&work, &args);
    let mut problems = Vec::new();
    if got.killed {
        problems.push(format!("still running after {KILL_AFTER:?}: killed"));
    }
    if got.code != spec.exit {
        problems.push(format!(
            "exit status {:?}, expected {}",
            got.code,
            spec.exit.unwrap_or_default()
        ));
    }
    for (stream, text) in [("stdout", &got.stdout), ("stderr", &got.stderr)] {
        for bad in ["panicked", "RUST_BACKTRACE"] {
            if text.contains(bad) {
                problems.push(format!("{stream} contains `{bad}`"));
            }
        }
    }
    let expect = |stream: &str, text: &str, wanted: &[String], unwanted: &[String]| {
        let mut out = Vec::new();
        for w in wanted {
            if !text.contains(w.as_str()) {
                out.push(format!("{stream} lacks `{w}`"));
            }
        }
        for u in unwanted {
            if text.contains(u.as_str()) {
                out.push(format!("{stream} should not contain `{u}`"));
            }
        }
        out
    };
    problems.extend(expect(
        "stdout",
        &got.stdout,
        &spec.stdout,
        &spec.stdout_not,
    ));
    problems.extend(expect(
        "stderr",
        &got.stderr,
        &spec.stderr,
        &spec.stderr_not,
    ));
    if let Some(other) = &spec.same_stdout_as {
        let twin = run(&work, other);
        if twin.code != Some(0) {
            problems.push(format!(
                "same-stdout-as `{}` exited with {:?}: {}",
                other.join(" "),
                twin.code,
                shorten(&twin.stderr)
            ));
        } else if twin.stdout != got.stdout {
            problems.push(format!(
                "stdout differs from `{}`, which printed:\n{}",
                other.join(" "),
                shorten(&twin.stdout)
            ));
        }
    }
    if let Some((dir, n)) = &spec.pdfs {
        let found = std::fs::read_dir(work.join(dir))
            .map(|items| {
                items
                    .filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                    .count()
            })
            .unwrap_or(0);
        if found != *n {
            problems.push(format!("{dir}/ holds {found} PDF(s), expected {n}"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "ran `planwright {}` in {}\n--- exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            shorten(&spec.args.join(" ")),
            work.display(),
            got.code,
            shorten(&got.stdout),
            shorten(&got.stderr)
        ));
    }
    (problems, got.elapsed)
}

#[test]
fn every_bad_input_is_refused_clearly() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/bad-input")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("case.txt").is_file())
        .collect();
    cases.sort();
    // `PLANWRIGHT_CASE=patient-` runs only the cases whose name contains it.
    let only = std::env::var("PLANWRIGHT_CASE").ok();
    assert!(
        cases.len() >= 45,
        "expected the whole corpus, found {} cases",
        cases.len()
    );
    if let Some(only) = &only {
        cases.retain(|case| {
            case.file_name()
                .unwrap()
                .to_string_lossy()
                .contains(only.as_str())
        });
        // A filter that matches nothing would pass without testing anything.
        assert!(!cases.is_empty(), "PLANWRIGHT_CASE={only} matches no case");
    }
    let work_root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-input");
    let mut failures = Vec::new();
    let mut times = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (problems, elapsed) = check_case(case, &work_root);
        times.push((elapsed, name.clone()));
        if !problems.is_empty() {
            failures.push(format!("== {name}\n  - {}", problems.join("\n  - ")));
        }
    }
    times.sort_by(|a, b| b.cmp(a));
    let slowest: Vec<String> = times
        .iter()
        .take(5)
        .map(|(t, name)| format!("  {:>6.0} ms  {name}", t.as_secs_f64() * 1000.0))
        .collect();
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "{} cases; slowest with the {build} binary:\n{}",
        times.len(),
        slowest.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} of {} case(s) failed: {}\n\n{}\n\nslowest ({build}):\n{}",
        failures.len(),
        times.len(),
        failures
            .iter()
            .map(|f| f
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("== "))
            .collect::<Vec<_>>()
            .join(", "),
        failures.join("\n\n"),
        slowest.join("\n")
    );
}

#[test]
fn generated_pieces_make_the_bytes_they_say() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(dir.join("piece.txt"), "a\nb\n").unwrap();
    assert_eq!(
        generate(r#""x"*3 "\xff\u{feff}\t" @piece.txt:crlf"#, dir).unwrap(),
        b"xxx\xff\xef\xbb\xbf\ta\r\nb\r\n"
    );
    assert!(generate(r#""open"#, dir).is_err());
    assert_eq!(
        words(r#"plan --name "Ana Lima" --stage 2"#).unwrap(),
        ["plan", "--name", "Ana Lima", "--stage", "2"]
    );
}
