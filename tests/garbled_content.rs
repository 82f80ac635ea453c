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

fn check_outcome(tree: &SourceTree, what: &str) {
    match assemble(tree) {
        Ok(_) => {}
        Err(diagnostics) => {
            assert!(
                diagnostics.iter().any(|d| d.is_error()),
                "{what}: failed without an error"
            );
            for d in &diagnostics {
                assert!(
                    d.position.line >= 1 && d.position.column >= 1,
                    "{what}: bad position in {d}"
                );
                assert!(!d.message.is_empty(), "{what}: empty message");
            }
        }
    }
}

fn with_file(tree: &SourceTree, index: usize, bytes: Vec<u8>) -> SourceTree {
    let mut copy = tree.clone();
    copy.files[index].bytes = bytes;
    copy
}

#[test]
fn truncated_files_never_panic() {
    let tree = shipped();
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
            check_outcome(&with_file(&tree, i, file.bytes[..cut].to_vec()), &what);
        }
    }
}

#[test]
fn garbled_files_never_panic() {
    let tree = shipped();
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
            check_outcome(&with_file(&tree, i, bytes), &what);
        }
    }
}

#[test]
fn hostile_documents_are_refused_quickly() {
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
    for (name, text) in [
        ("billion laughs", laughs.to_string()),
        ("deep", deep),
        ("wide", wide),
    ] {
        let started = std::time::Instant::now();
        let result = assemble(&with_file(&tree, index, text.into_bytes()));
        assert!(result.is_err(), "{name} should be refused");
        // Generous: this guards against runaway work, not speed.
        assert!(
            started.elapsed().as_secs() < 5,
            "{name} took {:?}",
            started.elapsed()
        );
    }
}
