//! Feeds truncated and garbled versions of the shipped content to the
//! loader: it must never panic, and every failure must come back as
//! diagnostics that point inside a file.
//!
//! The mutations are driven by a fixed-seed generator, so a failure here
//! reproduces exactly on every machine.

use std::path::Path;

use planwright::content::{assemble, read_tree, SourceTree};

/// A small deterministic generator (xorshift64*); no dependency needed for
/// reproducible mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Pieces that mean something to YAML, Markdown front matter or our quantity
/// readers: the places a parser is most likely to trip.
const SHARDS: &[&str] = &[
    ":",
    "- ",
    "---\n",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "\t",
    "\n",
    "&a ",
    "*a",
    "!tag ",
    "|",
    ">",
    "#",
    "%",
    "@",
    "`",
    "\u{feff}",
    "\r\n",
    "–",
    "×",
    "0",
    "-1",
    "99999999999999999999",
    ".nan",
    "1e9",
    "  ",
    "~",
    "? ",
    ",",
    "\\",
    "é",
    "\u{0}",
];

fn shipped() -> SourceTree {
    read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).expect("shipped content")
}

/// How many of a run's error diagnostics point past a file's first line:
/// a loader that lost track of positions would put them all at 1:1.
#[derive(Default)]
struct Placed {
    errors: usize,
    past_first_line: usize,
}

/// Checks one mutated tree: the loader either accepts it or fails with
/// errors that each name a file of the tree and a line and column inside
/// that file's text.
fn check_outcome(tree: &SourceTree, what: &str, placed: &mut Placed) {
    let Err(diagnostics) = assemble(tree) else {
        return;
    };
    assert!(
        diagnostics.iter().any(|d| d.is_error()),
        "{what}: failed without an error"
    );
    for d in &diagnostics {
        assert!(!d.message.is_empty(), "{what}: empty message");
        let rel = d
            .path
            .strip_prefix(&tree.root)
            .unwrap_or_else(|_| panic!("{what}: {} is outside the tree", d.path.display()))
            .to_string_lossy()
            .replace('\\', "/");
        let file = tree
            .files
            .iter()
            .find(|f| f.path == rel)
            .unwrap_or_else(|| panic!("{what}: {d} names no file of the tree"));
        let text = String::from_utf8_lossy(&file.bytes);
        let lines: Vec<&str> = text.split('\n').collect();
        let line = d.position.line as usize;
        assert!(
            (1..=lines.len()).contains(&line),
            "{what}: {d} is past the file's {} lines",
            lines.len()
        );
        let width = lines[line - 1].chars().count() + 1;
        assert!(
            (1..=width).contains(&(d.position.column as usize)),
            "{what}: {d} is past its line's {width} columns"
        );
        if d.is_error() {
            placed.errors += 1;
            placed.past_first_line += usize::from(line > 1);
        }
    }
}

/// At least `percent` of a run's errors sit where the damage is, past
/// line 1: positions are really found, not defaulted to 1:1. Runs are
/// seeded, so the shares are fixed: 97% for garbling, 36% for truncation
/// (a cut near the top rightly reports missing keys at the top); with the
/// decoder's positions lost they fall to 50% and 3%.
fn assert_placed(placed: &Placed, what: &str, percent: usize) {
    assert!(placed.errors > 100, "{what}: only {} errors", placed.errors);
    println!(
        "{what}: {} of {} errors past line 1",
        placed.past_first_line, placed.errors
    );
    assert!(
        placed.past_first_line * 100 >= placed.errors * percent,
        "{what}: {} of {} errors are on line 1",
        placed.errors - placed.past_first_line,
        placed.errors
    );
}

fn with_file(tree: &SourceTree, index: usize, bytes: Vec<u8>) -> SourceTree {
    let mut copy = tree.clone();
    copy.files[index].bytes = bytes;
    copy
}

#[test]
fn truncated_files_never_panic() {
    let tree = shipped();
    let mut placed = Placed::default();
    assert!(
        tree.files.len() >= 10,
        "the shipped tree should have all its files"
    );
    for (i, file) in tree.files.iter().enumerate() {
        // Every cut point near the start (where front matter lives), then a
        // stride through the rest keeps the run short in debug builds.
        let len = file.bytes.len();
        let cuts = (0..len.min(400)).chain((400..len).step_by(7));
        for cut in cuts {
            let what = format!("{} cut at {cut}", file.path);
            check_outcome(
                &with_file(&tree, i, file.bytes[..cut].to_vec()),
                &what,
                &mut placed,
            );
        }
    }
    assert_placed(&placed, "truncated", 25);
}

#[test]
fn garbled_files_never_panic() {
    let tree = shipped();
    let mut placed = Placed::default();
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    for (i, file) in tree.files.iter().enumerate() {
        for round in 0..150 {
            let mut bytes = file.bytes.clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len() + 1);
                match rng.below(4) {
                    0 => {
                        let shard = SHARDS[rng.below(SHARDS.len())].as_bytes();
                        bytes.splice(at..at, shard.iter().copied());
                    }
                    1 if at < bytes.len() => {
                        let end = (at + rng.below(40)).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    2 if at < bytes.len() => bytes[at] = (rng.next() & 0xff) as u8,
                    _ => {
                        // Repeat a slice elsewhere: duplicated keys and lines.
                        let start = rng.below(bytes.len());
                        let end = (start + rng.below(60)).min(bytes.len());
                        let piece: Vec<u8> = bytes[start..end].to_vec();
                        let at = at.min(bytes.len());
                        bytes.splice(at..at, piece);
                    }
                }
            }
            let what = format!("{} garbled round {round}", file.path);
            check_outcome(&with_file(&tree, i, bytes), &what, &mut placed);
        }
    }
    assert_placed(&placed, "garbled", 90);
}

/// Documents built to make a parser work without end are refused at the
/// limit that bounds the work, not after doing it: aliases are refused at
/// the first anchor (nothing is expanded), the YAML parser stops at its
/// 256th bracket of 10 000 (our message, yaml-rust2's limit), and a
/// megabyte-long value is refused by its length, without being echoed.
#[test]
fn hostile_documents_are_refused_at_their_bounds() {
    let tree = shipped();
    let index = tree
        .files
        .iter()
        .position(|f| f.path == "program.yaml")
        .expect("program.yaml");
    let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    let deep = format!("stages: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let wide = format!("title: {}\n", "x".repeat(1 << 20));
    for (name, text, message, at) in [
        (
            "billion laughs",
            laughs.to_string(),
            "anchors and aliases are not supported",
            (1, 7),
        ),
        (
            "deep",
            deep,
            "nested more than 32 levels deep",
            (1, 8 + 256),
        ),
        ("wide", wide, "at most 300 are allowed", (1, 8)),
    ] {
        let Err(diagnostics) = assemble(&with_file(&tree, index, text.into_bytes())) else {
            panic!("{name} should be refused");
        };
        let bound = diagnostics
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{name}: no `{message}` in {diagnostics:?}"));
        assert_eq!(
            (bound.position.line, bound.position.column),
            at,
            "{name}: refused where the bound is reached"
        );
        for d in &diagnostics {
            assert!(d.to_string().len() < 500, "{name}: {d}");
        }
    }
}
