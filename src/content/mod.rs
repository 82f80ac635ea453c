//! Loading a content tree: the only module that reads input files.
//!
//! [`read_tree`] gathers the files of a content folder (the one place that
//! touches the file system); [`assemble`] turns those bytes into a validated
//! [`Program`] without any further I/O, reporting every problem in every
//! file at once. Nothing here computes doses or writes output.

mod assets;
mod config;
mod decode;
mod exercise;
mod figure;
mod front_matter;
mod guide;
mod patient;
mod placeholder;
mod program;
pub mod request;
mod roster;
mod yaml;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;
use walkdir::WalkDir;

use crate::diagnostic::{self, did_you_mean, Diagnostic, Position};
use crate::model::{Config, Exercise, Program, Slug};
use decode::Decoder;
use exercise::ExerciseEntry;
use guide::GuideEntry;
use program::ProgramFile;

pub use assets::{decode_logo, decode_picture, logo, pictures};
pub use config::parse as parse_config;
pub use patient::{load_patient, parse_patient, At, PatientFile};
pub use planwright_core::progression::{parse_date, DateError};
pub use roster::{load_roster, parse_roster, RosterEntry};

/// Every mapping's keys as its decoder accepts them: the file kind (its
/// schema is `KIND.schema.json`), the path to the mapping (`[]` is a
/// list's items), and the keys. A test holds `crate::schema` to this list.
#[cfg(test)]
pub(crate) const ACCEPTED_KEYS: &[(&str, &[&str], &[&str])] = &[
    ("planwright", &[], config::KEYS),
    ("planwright", &["rate"], config::RATE_KEYS),
    ("planwright", &["clinic"], config::CLINIC_KEYS),
    ("program", &[], program::KEYS),
    ("program", &["stages", "[]"], program::STAGE_KEYS),
    ("exercise", &[], exercise::KEYS),
    ("exercise", &["media"], exercise::MEDIA_KEYS),
    ("exercise", &["figure"], figure::KEYS),
    ("exercise", &["figure", "poses", "[]"], figure::POSE_KEYS),
    ("exercise", &["dose"], exercise::DOSE_KEYS),
    ("exercise", &["progression"], exercise::PROGRESSION_KEYS),
    ("exercise", &["progression", "steps"], exercise::VAR_KEYS),
    ("exercise", &["progression", "max"], exercise::VAR_KEYS),
    ("guide", &[], guide::KEYS),
    ("patient", &[], patient::KEYS),
];

/// The config file at the root of every content tree.
pub const CONFIG_FILE: &str = "planwright.yaml";
/// The program file beside it.
pub const PROGRAM_FILE: &str = "program.yaml";
/// The folder of exercise files.
pub const EXERCISES_DIR: &str = "exercises";
/// The folder of guide pages.
pub const GUIDE_DIR: &str = "guide";
/// Text files larger than this are refused rather than parsed.
pub const MAX_TEXT_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The longest one-line value (a title, a name, a list item), in
/// characters. They are printed in headings and on every page of a plan.
pub use planwright_core::progression::MAX_LINE_CHARS;
/// The longest web address, in characters.
pub const MAX_URL_CHARS: usize = 2000;
/// The longest patient notes, in characters: a few printed pages.
pub const MAX_NOTES_CHARS: usize = 10_000;
/// The longest phone number: the longest international number has 15
/// digits; this leaves room for spaces, brackets and a `+`.
pub const MAX_PHONE_CHARS: usize = 40;

/// One file of a content tree, as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the content root, with `/` separators.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Every file of a content tree, read into memory, in path order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceTree {
    /// The content root as the user gave it; diagnostics show paths under it.
    pub root: PathBuf,
    /// YAML and Markdown files, with their bytes.
    pub files: Vec<SourceFile>,
    /// Paths (relative, `/`-separated) of every other file: images and the like.
    pub assets: BTreeSet<String>,
    /// Problems met while reading (unreadable files, links, oversized files).
    pub diagnostics: Vec<Diagnostic>,
    /// Where the bytes of `assets` are, for the images `check` reads.
    pub asset_source: AssetSource,
}

impl SourceTree {
    /// A file of the tree as diagnostics name it: `--content .` shows
    /// `exercises/a.md`, not `./exercises/a.md`.
    pub fn shown(&self, rel: &str) -> PathBuf {
        if self.root == Path::new(".") {
            PathBuf::from(rel)
        } else {
            self.root.join(rel)
        }
    }

    /// Every character of the printed files (the config, the program and
    /// the exercises: values and bodies, not YAML comments) that `draws`
    /// says the printed plans' font cannot draw, at its line and column,
    /// once per character and line. Guide pages are only on the site,
    /// where the reader's browser has fonts of its own.
    pub fn undrawable(&self, draws: impl Fn(char) -> bool) -> Vec<Diagnostic> {
        let printed = |rel: &str| is_read(rel) && !rel.starts_with(&format!("{GUIDE_DIR}/"));
        let mut out = Vec::new();
        for file in self.files.iter().filter(|f| printed(&f.path)) {
            let Ok(text) = std::str::from_utf8(&file.bytes) else {
                continue;
            };
            for (number, line, searched) in placeholder::written(text, file.path.ends_with(".md")) {
                let mut seen = Vec::new();
                for (at, c) in searched.char_indices() {
                    if c.is_whitespace() || c.is_control() || draws(c) || seen.contains(&c) {
                        continue;
                    }
                    seen.push(c);
                    let column = line[..at].chars().count() + 1;
                    out.push(
                        Diagnostic::error(
                            self.shown(&file.path),
                            Position::new(number, u32::try_from(column).unwrap_or(u32::MAX)),
                            format!(
                                "the printed plans' font has no glyph for `{c}` (U+{:04X})",
                                u32::from(c)
                            ),
                        )
                        .with_hint(
                            "write it another way: a PDF would show a box or refuse to print",
                        ),
                    );
                }
            }
        }
        out
    }
}

/// Where a tree's assets are read from. Only the images that
/// `media.image` names are ever read, each once, when the tree is
/// assembled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AssetSource {
    /// Files under the tree's root on disk.
    #[default]
    Disk,
    /// The program built into the binary.
    Shipped,
    /// Bytes held in memory, by path: for tests and fuzzing.
    Memory(std::collections::BTreeMap<String, Vec<u8>>),
}

impl AssetSource {
    /// The bytes of the asset `rel` under `root`, refusing a file larger
    /// than `limit` without reading it whole.
    fn read(&self, root: &Path, rel: &str, limit: usize) -> Result<Vec<u8>, AssetError> {
        let bytes = match self {
            AssetSource::Disk => return read_capped(&root.join(rel), limit),
            AssetSource::Shipped => shipped::FILES
                .iter()
                .find(|(path, _)| *path == rel)
                .map(|(_, bytes)| bytes.to_vec()),
            AssetSource::Memory(files) => files.get(rel).cloned(),
        };
        match bytes {
            Some(b) if b.len() > limit => Err(AssetError::TooLarge(b.len() as u64)),
            Some(b) => Ok(b),
            None => Err(AssetError::Missing),
        }
    }

    /// Why `rel` is not among the tree's files: a folder or a link there
    /// is worth naming.
    fn missing(&self, root: &Path, rel: &str) -> &'static str {
        if *self != AssetSource::Disk {
            return "does not exist in the content folder";
        }
        match std::fs::symlink_metadata(root.join(rel)) {
            Ok(m) if m.is_dir() => "is a folder, not a file",
            Ok(m) if m.file_type().is_symlink() => {
                "is a symbolic link, which planwright never follows"
            }
            _ => "does not exist in the content folder",
        }
    }
}

/// Why an asset's bytes could not be had.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AssetError {
    /// No such file.
    #[error("does not exist in the content folder")]
    Missing,
    /// Larger than the caller accepts.
    #[error("is {} MiB, more than planwright reads", .0.div_ceil(1024 * 1024))]
    TooLarge(u64),
    /// The system would not give the bytes.
    #[error("cannot be read: {0}")]
    Io(String),
}

/// A regular file's bytes, refused unread when it is larger than `limit`,
/// a link or not a file at all.
fn read_capped(path: &Path, limit: usize) -> Result<Vec<u8>, AssetError> {
    use std::io::Read as _;
    let meta = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => AssetError::Missing,
        _ => AssetError::Io(e.to_string()),
    })?;
    if !meta.is_file() {
        return Err(AssetError::Io("it is not a regular file".to_string()));
    }
    if meta.len() > limit as u64 {
        return Err(AssetError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| AssetError::Io(e.to_string()))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may have grown since: never read past the limit.
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AssetError::Io(e.to_string()))?;
    if bytes.len() > limit {
        return Err(AssetError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The bytes of the content file `rel` that is not YAML or Markdown (an
/// image): under `root`, or from the built-in program when there is no
/// content folder. Files larger than `limit` are refused unread.
pub fn read_asset(root: Option<&Path>, rel: &str, limit: usize) -> Result<Vec<u8>, AssetError> {
    match root {
        Some(root) => AssetSource::Disk.read(root, rel, limit),
        None => AssetSource::Shipped.read(Path::new(SHIPPED_ROOT), rel, limit),
    }
}

/// A program that loaded, with any warnings about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated program.
    pub program: Program,
    /// Problems that do not stop the program from being used.
    pub warnings: Vec<Diagnostic>,
    /// Other files of the tree (images and the like), relative to its root.
    pub assets: BTreeSet<String>,
    /// Where each exercise's `progression` is written (its file as shown
    /// in diagnostics, and the line), for warnings about its plans.
    pub progression_at: HashMap<Slug, (PathBuf, Position)>,
}

impl Loaded {
    /// Where to point at exercise `id`'s progression: its line, or the
    /// content root when the exercise was not read from a file.
    pub fn progression_at(&self, id: &Slug) -> (PathBuf, Position) {
        self.progression_at
            .get(id)
            .cloned()
            .unwrap_or_else(|| (PathBuf::new(), Position::START))
    }
}

/// Why a content tree could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The content folder does not exist or is not a folder.
    #[error("no content folder at `{}`", .0.display())]
    NoContent(PathBuf),
    /// The tree was read, but has problems; every one is listed.
    #[error("the content has {} problem(s)", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
}

/// The program shipped with planwright, built into the binary.
mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped_content.rs"));
}

/// How the built-in program is named in messages.
pub const SHIPPED_ROOT: &str = "<built-in thoracic program>";

/// The shipped thoracic extension program as a tree, without touching the
/// disk: what `plan` uses when there is no content folder, and what `init`
/// writes.
pub fn shipped_tree() -> SourceTree {
    let mut tree = SourceTree {
        root: PathBuf::from(SHIPPED_ROOT),
        asset_source: AssetSource::Shipped,
        ..SourceTree::default()
    };
    for (path, bytes) in shipped::FILES {
        if is_text_source(path) {
            tree.files.push(SourceFile {
                path: (*path).to_string(),
                bytes: bytes.to_vec(),
            });
        } else {
            tree.assets.insert((*path).to_string());
        }
    }
    tree
}

/// Validates the built-in program (it always passes: a test says so).
pub fn load_shipped() -> Result<Loaded, LoadError> {
    assemble(&shipped_tree()).map_err(LoadError::Invalid)
}

/// The shipped program's files, for `init` to write out.
pub fn shipped_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    shipped::FILES.iter().copied()
}

/// Reads and validates the content tree at `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    let tree = read_tree(root)?;
    assemble(&tree).map_err(LoadError::Invalid)
}

fn is_text_source(rel: &str) -> bool {
    rel.ends_with(".md") || rel.ends_with(".yaml") || rel.ends_with(".yml")
}

/// Reads every file under `root` into memory. Hidden files and folders are
/// skipped, and so are planwright's own output folders (a build into the
/// content must never feed on itself); symbolic links are reported and not
/// followed, so content cannot pull in files from elsewhere on the machine.
pub fn read_tree(root: &Path) -> Result<SourceTree, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NoContent(root.to_path_buf()));
    }
    let mut tree = SourceTree {
        root: root.to_path_buf(),
        ..SourceTree::default()
    };
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().to_string_lossy().starts_with('.')
                    || e.file_type().is_dir() && e.path().join(crate::output::MARKER).is_file())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                tree.diagnostics.push(Diagnostic::error(
                    path,
                    Position::START,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        // A name that is not UTF-8 cannot become a page's address or link;
        // read with its bad bytes replaced, it would fail only in `build`.
        if rel.to_str().is_none() {
            tree.diagnostics.push(
                Diagnostic::error(
                    entry.path(),
                    Position::START,
                    "the name of this file or folder is not valid UTF-8",
                )
                .with_hint("rename it using UTF-8 characters (most names typed today are)"),
            );
            continue;
        }
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.path_is_symlink() {
            tree.diagnostics.push(
                Diagnostic::warning(entry.path(), Position::START, "symbolic link ignored")
                    .with_hint("copy the file into the content folder instead"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if !is_text_source(&rel) {
            tree.assets.insert(rel);
            continue;
        }
        // One byte over the limit is enough for `utf8` to report the size.
        match read_up_to(entry.path(), MAX_TEXT_FILE_BYTES as u64 + 1) {
            Ok(bytes) => tree.files.push(SourceFile { path: rel, bytes }),
            Err(e) => tree.diagnostics.push(Diagnostic::error(
                entry.path(),
                Position::START,
                format!("cannot read: {e}"),
            )),
        }
    }
    Ok(tree)
}

/// Reads at most `limit` bytes of `path`, so that a size limit holds for
/// whatever the path names: `--patient /dev/zero` or a pipe have no size
/// to check beforehand, and a file can grow while it is read. A caller
/// that gets `limit` bytes back knows the file is at least that large.
/// Unlike an asset (see `read_capped`), a patient file or roster may come
/// from a pipe, so anything that can be read is.
pub(crate) fn read_up_to(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Parses a YAML file with `decode`, collecting its diagnostics.
pub(crate) fn parse_yaml_file<T>(
    text: &str,
    path: &Path,
    decode: impl FnOnce(&mut Decoder, &yaml::Node) -> Option<T>,
) -> Result<T, Vec<Diagnostic>> {
    match read_yaml_file(text, path, decode) {
        (Some(v), _) => Ok(v),
        (None, diagnostics) => Err(diagnostics),
    }
}

/// Like [`parse_yaml_file`], keeping the warnings of a file that decoded:
/// the value when there was no error, and every diagnostic.
pub(crate) fn read_yaml_file<T>(
    text: &str,
    path: &Path,
    decode: impl FnOnce(&mut Decoder, &yaml::Node) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut d = Decoder::new(path);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = match yaml::parse(text, 1) {
        Ok(root) => decode(&mut d, &root),
        Err(e) => {
            report_syntax(&mut d, e);
            None
        }
    };
    let value = value.filter(|_| d.is_clean());
    (value, inside(d.diagnostics, text))
}

/// Diagnostics of one file, each pointing at a place the file has.
fn inside(mut diagnostics: Vec<Diagnostic>, text: &str) -> Vec<Diagnostic> {
    for d in &mut diagnostics {
        d.position = d.position.within(text);
    }
    diagnostics
}

fn report_syntax(d: &mut Decoder, e: yaml::SyntaxError) {
    match e.hint {
        Some(hint) => d.error_hint(e.position, e.message, hint),
        None => d.error(e.position, e.message),
    }
}

/// Parses a Markdown file with front matter, handing YAML and body to `decode`.
fn parse_markdown_file<T>(
    text: &str,
    path: &Path,
    decode: impl FnOnce(&mut Decoder, &yaml::Node, &str, u32) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut d = Decoder::new(path);
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(e) => {
            d.error_hint(e.position, e.message, e.hint);
            return (None, inside(d.diagnostics, text));
        }
    };
    let value = match yaml::parse(split.yaml, split.yaml_line) {
        Ok(root) if root.value == yaml::Value::Null => {
            d.error_hint(
                yaml_start(split.yaml_line),
                "the front matter is empty",
                "add the fields between the two `---` lines, starting with `id` and `title`",
            );
            None
        }
        Ok(root) => decode(&mut d, &root, split.body, split.body_line),
        Err(e) => {
            report_syntax(&mut d, e);
            None
        }
    };
    let value = value.filter(|_| d.is_clean());
    (value, inside(d.diagnostics, text))
}

fn yaml_start(line: u32) -> Position {
    Position::new(line, 1)
}

/// Decodes bytes as UTF-8, or reports where the first invalid byte is.
fn utf8<'a>(file: &'a SourceFile, shown: &Path) -> Result<&'a str, Diagnostic> {
    if file.bytes.len() > MAX_TEXT_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            Position::START,
            format!(
                "the file is larger than {} MiB",
                MAX_TEXT_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    text_of(&file.bytes, shown, "the file")
}

/// A whole file's bytes as text, naming the file as `what` ("the file",
/// "the patient file", "the roster") in the error: at the first byte that
/// is not UTF-8, or at a NUL character, which the YAML reader would take
/// for the end of the file and silently drop every key after it. Text
/// saved as UTF-16 (with or without a byte-order mark) is named as such,
/// rather than reported as a stray byte near the start.
pub(crate) fn text_of<'a>(bytes: &'a [u8], path: &Path, what: &str) -> Result<&'a str, Diagnostic> {
    let save_as_utf8 = "save the file with UTF-8 encoding";
    if utf16(bytes) {
        return Err(Diagnostic::error(
            path,
            Position::START,
            format!("{what} is UTF-16 text, not UTF-8"),
        )
        .with_hint(save_as_utf8));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        Diagnostic::error(
            path,
            Position::of_offset(valid, valid.len()),
            format!("{what} is not valid UTF-8 text"),
        )
        .with_hint(save_as_utf8)
    })?;
    match text.find('\0') {
        Some(at) => Err(Diagnostic::error(
            path,
            Position::of_offset(text, at),
            format!("{what} holds a NUL character (byte 0), which text never has"),
        )
        .with_hint("remove it: the file may have been damaged, or is not a text file")),
        None => Ok(text),
    }
}

/// Whether `bytes` look like UTF-16: a UTF-16 byte-order mark, or (without
/// one) a zero in every other byte of the start, as Latin text gives.
fn utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let start = &bytes[..bytes.len().min(64) & !1];
    let pairs = start.len() / 2;
    let zeros = |parity: usize| {
        start
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    pairs >= 2 && (zeros(0) == pairs || zeros(1) == pairs)
}

/// The id an exercise file that failed to load was meant to have: its `id`
/// field when that much can be read, else its file name.
fn claimed_id(text: &str, rel: &str) -> Option<Slug> {
    let from_field = front_matter::split(text)
        .ok()
        .and_then(|split| yaml::parse(split.yaml, split.yaml_line).ok())
        .and_then(|root| match root.value {
            yaml::Value::Map(entries) => entries.into_iter().find(|(k, _)| k.name == "id"),
            _ => None,
        })
        .and_then(|(_, node)| match node.value {
            yaml::Value::Scalar { text, .. } => Slug::parse(&text).ok(),
            _ => None,
        });
    let stem = rel.rsplit('/').next()?.trim_end_matches(".md");
    from_field.or_else(|| Slug::parse(stem).ok())
}

/// Where something was defined, for "first defined at" hints.
#[derive(Debug, Clone)]
struct Origin {
    path: PathBuf,
    position: Position,
}

impl Origin {
    fn describe(&self) -> String {
        format!(
            "{}:{}:{}",
            self.path.display(),
            self.position.line,
            self.position.column
        )
    }
}

/// What one content file gave, before the files are checked together.
enum Read {
    Config(Box<Config>),
    Program(Box<ProgramFile>),
    Exercise(Box<ExerciseEntry>, PathBuf),
    Guide(Box<GuideEntry>, PathBuf),
    /// Ids an exercise file with errors claims, so the stage that lists
    /// it is not also told the exercise does not exist.
    Broken(Option<Slug>),
    Nothing,
}

/// Parses and decodes one file on its own; `path` is how it is shown.
fn read_file(file: &SourceFile, path: PathBuf) -> (Read, Vec<Diagnostic>) {
    let rel = file.path.as_str();
    let text = match utf8(file, &path) {
        Ok(text) => text,
        Err(d) => {
            let broken = if rel.starts_with("exercises/") && rel.ends_with(".md") {
                claimed_id(&String::from_utf8_lossy(&file.bytes), rel)
            } else {
                None
            };
            return (Read::Broken(broken), vec![d]);
        }
    };
    if !is_read(rel) {
        let warning = Diagnostic::warning(
            &path,
            Position::START,
            "this file is not part of the program and is ignored",
        )
        .with_hint(format!(
            "exercises go in `{EXERCISES_DIR}/`, guide pages in `{GUIDE_DIR}/`; \
             the config is `{CONFIG_FILE}` and the stages are in `{PROGRAM_FILE}`"
        ));
        return (Read::Nothing, vec![warning]);
    }
    if rel == CONFIG_FILE {
        match read_yaml_file(text, &path, config::decode) {
            (Some(c), ds) => (Read::Config(Box::new(c)), ds),
            (None, ds) => (Read::Nothing, ds),
        }
    } else if rel == PROGRAM_FILE {
        match parse_yaml_file(text, &path, program::decode) {
            Ok(p) => (Read::Program(Box::new(p)), Vec::new()),
            Err(ds) => (Read::Nothing, ds),
        }
    } else if rel.starts_with("exercises/") && rel.ends_with(".md") {
        let (entry, ds) = parse_markdown_file(text, &path, exercise::decode);
        match entry {
            Some(entry) => (Read::Exercise(Box::new(entry), path), ds),
            None => (Read::Broken(claimed_id(text, rel)), ds),
        }
    } else {
        let stem = rel
            .rsplit('/')
            .next()
            .unwrap_or(rel)
            .trim_end_matches(".md")
            .to_string();
        let (entry, ds) = parse_markdown_file(text, &path, |d, root, body, line| {
            guide::decode(d, root, body, line, &stem)
        });
        match entry {
            Some(entry) => (Read::Guide(Box::new(entry), path), ds),
            None => (Read::Nothing, ds),
        }
    }
}

/// Every link or image of a Markdown file whose address could run code or
/// reach outside the site, as an error where it is written. The site drops
/// such links anyway; `check` says so, so the author can mend the link.
fn unsafe_links(text: &str, path: &Path) -> Vec<Diagnostic> {
    let schemes = crate::markdown::SAFE_SCHEMES
        .iter()
        .map(|s| format!("{s}:"))
        .collect::<Vec<_>>()
        .join(", ");
    crate::markdown::unsafe_links(text)
        .into_iter()
        .map(|(offset, url)| {
            Diagnostic::error(
                path,
                Position::of_offset(text, offset),
                format!("the link to `{url}` is refused: it could run code or reach outside the site"),
            )
            .with_hint(format!(
                "link to a page of the site (a relative address) or with {schemes}; the site shows the link's words without it"
            ))
        })
        .collect()
}

/// Whether planwright reads the file at `rel`: the config, the program,
/// and the Markdown files of `exercises/` and `guide/`.
fn is_read(rel: &str) -> bool {
    let markdown_in = |dir: &str| {
        rel.strip_prefix(dir)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(|r| r.ends_with(".md"))
    };
    rel == CONFIG_FILE
        || rel == PROGRAM_FILE
        || markdown_in(EXERCISES_DIR)
        || markdown_in(GUIDE_DIR)
}

/// Validates a whole tree read into memory and builds the [`Program`].
/// Pure: the same tree always gives the same result, in the same order.
pub fn assemble(tree: &SourceTree) -> Result<Loaded, Vec<Diagnostic>> {
    let mut diagnostics = tree.diagnostics.clone();
    let shown = |rel: &str| tree.shown(rel);

    let mut config = None;
    let mut program_file = None;
    let mut exercises: Vec<(ExerciseEntry, PathBuf)> = Vec::new();
    let mut guides: Vec<(GuideEntry, PathBuf)> = Vec::new();
    // Ids of exercise files that have errors of their own: references to
    // them are not reported again as "unknown exercise".
    let mut broken_exercises: HashSet<Slug> = HashSet::new();

    // Files are read independently, in parallel (a large program has
    // thousands); what they hold is then gathered in the tree's order, so
    // the result never depends on which finished first.
    let read: Vec<(Read, Vec<Diagnostic>)> = tree
        .files
        .par_iter()
        .map(|file| {
            let path = shown(&file.path);
            let (item, mut ds) = read_file(file, path.clone());
            if let (true, Ok(text)) = (is_read(&file.path), std::str::from_utf8(&file.bytes)) {
                let markdown = file.path.ends_with(".md");
                ds.extend(placeholder::markers(text, &path, markdown));
                if markdown {
                    ds.extend(unsafe_links(text, &path));
                }
            }
            (item, ds)
        })
        .collect();
    for (item, ds) in read {
        diagnostics.extend(ds);
        match item {
            Read::Config(c) => config = Some(*c),
            Read::Program(p) => program_file = Some(*p),
            Read::Exercise(entry, path) => exercises.push((*entry, path)),
            Read::Guide(entry, path) => guides.push((*entry, path)),
            Read::Broken(ids) => broken_exercises.extend(ids),
            Read::Nothing => {}
        }
    }
    let has_file = |name: &str| tree.files.iter().any(|f| f.path == name);
    for (name, what) in [
        (CONFIG_FILE, "the site config"),
        (PROGRAM_FILE, "the program and its stages"),
    ] {
        if !has_file(name) {
            diagnostics.push(
                Diagnostic::error(
                    shown(name),
                    Position::START,
                    format!("missing `{name}`, which holds {what}"),
                )
                .with_hint("see docs/content-format.md for a complete example"),
            );
        }
    }

    check_unique(
        exercises
            .iter()
            .map(|(e, path)| (&e.exercise.id, path, e.id_position)),
        "exercise id",
        &mut diagnostics,
    );
    check_unique(
        guides
            .iter()
            .map(|(g, path)| (&g.page.slug, path, g.slug_position)),
        "guide page slug",
        &mut diagnostics,
    );
    if let Some(program_file) = &program_file {
        link_stages(
            program_file,
            &exercises,
            &broken_exercises,
            &shown(PROGRAM_FILE),
            &mut diagnostics,
        );
    }
    check_assets(tree, config.as_ref(), &exercises, &mut diagnostics);
    warn_on_misnamed_exercises(&exercises, &mut diagnostics);

    diagnostic::sort(&mut diagnostics);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(Diagnostic::is_error);
    match (config, program_file) {
        (Some(config), Some(program_file)) if errors.is_empty() => {
            let progression_at = exercises
                .iter()
                .map(|(e, path)| {
                    (
                        e.exercise.id.clone(),
                        (path.clone(), e.progression_position),
                    )
                })
                .collect();
            let program = build_program(config, program_file, exercises, guides);
            Ok(Loaded {
                program,
                warnings,
                assets: tree.assets.clone(),
                progression_at,
            })
        }
        _ => {
            let mut all = errors;
            all.extend(warnings);
            diagnostic::sort(&mut all);
            Err(all)
        }
    }
}

/// Reports every id after the first that repeats one, naming where the
/// first was given. `items` are (id, file, position of the id).
fn check_unique<'a>(
    items: impl Iterator<Item = (&'a Slug, &'a PathBuf, Position)>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&Slug, Origin> = HashMap::new();
    for (id, path, position) in items {
        if let Some(first) = seen.get(id) {
            out.push(
                Diagnostic::error(path, position, format!("duplicate {what} `{id}`"))
                    .with_hint(format!("it is already used by {}", first.describe())),
            );
        } else {
            seen.insert(
                id,
                Origin {
                    path: path.clone(),
                    position,
                },
            );
        }
    }
}

/// Checks stages and exercises point at each other consistently.
fn link_stages(
    program: &program::ProgramFile,
    exercises: &[(ExerciseEntry, PathBuf)],
    broken_exercises: &HashSet<Slug>,
    program_path: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let by_id: HashMap<&Slug, &ExerciseEntry> =
        exercises.iter().map(|(e, _)| (&e.exercise.id, e)).collect();
    let exercise_ids: Vec<&str> = exercises
        .iter()
        .map(|(e, _)| e.exercise.id.as_str())
        .collect();
    let stage_ids: Vec<&str> = program.stages.iter().map(|s| s.stage.id.as_str()).collect();
    // Which stage lists each exercise, and where.
    let mut listed_in: HashMap<&Slug, (&Slug, Position)> = HashMap::new();

    for entry in &program.stages {
        for (id, position) in &entry.exercise_refs {
            if broken_exercises.contains(id) {
                continue;
            }
            if !by_id.contains_key(id) {
                let hint = match did_you_mean(id.as_str(), &exercise_ids) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "add `{EXERCISES_DIR}/{id}.md`, or list one of the existing exercises"
                    ),
                };
                out.push(
                    Diagnostic::error(
                        program_path,
                        *position,
                        format!("stage `{}` lists unknown exercise `{id}`", entry.stage.id),
                    )
                    .with_hint(hint),
                );
            } else if let Some((other, first)) = listed_in.get(id) {
                out.push(
                    Diagnostic::error(
                        program_path,
                        *position,
                        format!(
                            "exercise `{id}` is listed more than once (also in stage `{other}`)"
                        ),
                    )
                    .with_hint(format!(
                        "an exercise belongs to one stage; it was first listed at line {}",
                        first.line
                    )),
                );
            } else {
                listed_in.insert(id, (&entry.stage.id, *position));
            }
        }
    }

    for (entry, path) in exercises {
        let exercise = &entry.exercise;
        let Some(stage) = program.stages.iter().find(|s| s.stage.id == exercise.stage) else {
            let hint = match did_you_mean(exercise.stage.as_str(), &stage_ids) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the stages are: {}", stage_ids.join(", ")),
            };
            out.push(
                Diagnostic::error(
                    path,
                    entry.stage_position,
                    format!("unknown stage `{}`", exercise.stage),
                )
                .with_hint(hint),
            );
            continue;
        };
        match listed_in.get(&exercise.id) {
            Some((listing, _)) if **listing == exercise.stage => {}
            Some((listing, _)) => out.push(
                Diagnostic::error(
                    path,
                    entry.stage_position,
                    format!(
                        "exercise `{}` says it belongs to stage `{}`, but `{PROGRAM_FILE}` lists it under stage `{listing}`",
                        exercise.id, exercise.stage
                    ),
                )
                .with_hint("make the two agree"),
            ),
            None => out.push(
                Diagnostic::error(
                    path,
                    entry.stage_position,
                    format!(
                        "exercise `{}` says it belongs to stage `{}`, but that stage does not list it",
                        exercise.id, stage.stage.id
                    ),
                )
                .with_hint(format!("add `{}` to the `exercises` of stage `{}` in `{PROGRAM_FILE}`", exercise.id, stage.stage.id)),
            ),
        }
    }
}

/// Every image and logo named in the content must be a file in the tree,
/// and every `media.image` one planwright can show and print: each is read
/// and decoded here (in parallel, each file once), so `check` finds what
/// `build` would.
/// Where the value at `keys` (mapping keys from the root) is written in the
/// YAML file `rel` of the tree. The model keeps no positions, and the few
/// checks that need one after decoding find it again here.
fn value_position(tree: &SourceTree, rel: &str, keys: &[&str]) -> Option<Position> {
    let file = tree.files.iter().find(|f| f.path == rel)?;
    let text = std::str::from_utf8(&file.bytes).ok()?;
    let mut node = yaml::parse(text, 1).ok()?;
    for key in keys {
        let yaml::Value::Map(entries) = node.value else {
            return None;
        };
        node = entries.into_iter().find(|(k, _)| k.name == *key)?.1;
    }
    Some(node.position)
}

fn check_assets(
    tree: &SourceTree,
    config: Option<&crate::model::Config>,
    exercises: &[(ExerciseEntry, PathBuf)],
    out: &mut Vec<Diagnostic>,
) {
    let missing = |asset: &str, path: PathBuf, position: Position, what: &str| {
        Diagnostic::error(
            path,
            position,
            format!(
                "`{what}` `{asset}` {}",
                tree.asset_source.missing(&tree.root, asset)
            ),
        )
        .with_hint(format!(
            "put the file at `{}`",
            tree.root.join(asset).display()
        ))
    };
    if let Some(logo) = config
        .and_then(|c| c.clinic.as_ref())
        .and_then(|c| c.logo.as_deref())
    {
        let at = value_position(tree, CONFIG_FILE, &["clinic", "logo"]).unwrap_or(Position::START);
        let config_path = tree.root.join(CONFIG_FILE);
        if !tree.assets.contains(logo) {
            out.push(missing(logo, config_path, at, "clinic.logo"));
        } else {
            // The very decoder the printed plans use, so that a logo check
            // passes is one every plan can print.
            let problem =
                match tree
                    .asset_source
                    .read(&tree.root, logo, crate::media::MAX_FILE_BYTES)
                {
                    Ok(bytes) => crate::pdf::Logo::from_png(&bytes)
                        .err()
                        .map(|e| e.to_string()),
                    Err(e) => Some(format!("the file {e}")),
                };
            if let Some(problem) = problem {
                out.push(
                    Diagnostic::error(
                        config_path,
                        at,
                        format!("`clinic.logo` `{logo}`: {problem}"),
                    )
                    .with_hint(
                        "give a PNG image, for example one exported from the clinic's letterhead",
                    ),
                );
            }
        }
    }
    let mut images: Vec<(&str, &PathBuf, Position)> = Vec::new();
    for (entry, path) in exercises {
        let Some(image) = entry
            .exercise
            .media
            .as_ref()
            .and_then(|m| m.image.as_deref())
        else {
            continue;
        };
        let position = entry.image_position.unwrap_or(Position::START);
        if tree.assets.contains(image) {
            images.push((image, path, position));
        } else {
            out.push(missing(image, path.clone(), position, "media.image"));
        }
    }
    let distinct: BTreeSet<&str> = images.iter().map(|(asset, _, _)| *asset).collect();
    let verdicts: HashMap<&str, Option<(String, String)>> = distinct
        .into_par_iter()
        .map(|asset| {
            let problem =
                match tree
                    .asset_source
                    .read(&tree.root, asset, crate::media::MAX_FILE_BYTES)
                {
                    Ok(bytes) => crate::media::read(asset, &bytes)
                        .err()
                        .map(|e| (e.to_string(), e.hint())),
                    Err(AssetError::TooLarge(bytes)) => {
                        let e = crate::media::ImageError::TooLarge {
                            bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
                            limit: crate::media::MAX_FILE_BYTES,
                            what: "a PNG or JPEG file",
                        };
                        Some((e.to_string(), e.hint()))
                    }
                    Err(e) => Some((
                        format!("the file {e}"),
                        "check the file can be opened, and is not empty or locked".to_string(),
                    )),
                };
            (asset, problem)
        })
        .collect();
    for (asset, path, position) in images {
        if let Some(Some((message, hint))) = verdicts.get(asset) {
            out.push(
                Diagnostic::error(
                    path,
                    position,
                    format!("`media.image` `{asset}` cannot be used: {message}"),
                )
                .with_hint(hint.clone()),
            );
        }
    }
}

fn warn_on_misnamed_exercises(exercises: &[(ExerciseEntry, PathBuf)], out: &mut Vec<Diagnostic>) {
    for (entry, path) in exercises {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if stem != entry.exercise.id.as_str() {
            out.push(
                Diagnostic::warning(
                    path,
                    entry.id_position,
                    format!("id `{}` differs from the file name", entry.exercise.id),
                )
                .with_hint(format!(
                    "name the file `{}.md` so it is easy to find",
                    entry.exercise.id
                )),
            );
        }
    }
}

fn build_program(
    config: crate::model::Config,
    file: program::ProgramFile,
    exercises: Vec<(ExerciseEntry, PathBuf)>,
    guides: Vec<(GuideEntry, PathBuf)>,
) -> Program {
    let mut by_id: HashMap<Slug, Exercise> = exercises
        .into_iter()
        .map(|(e, _)| (e.exercise.id.clone(), e.exercise))
        .collect();
    let stages: Vec<_> = file.stages.into_iter().map(|s| s.stage).collect();
    let ordered = stages
        .iter()
        .flat_map(|s| s.exercises.iter())
        .filter_map(|id| by_id.remove(id))
        .collect();
    let mut guides: Vec<_> = guides.into_iter().map(|(g, _)| g.page).collect();
    guides.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    Program {
        config,
        title: file.title,
        summary: file.summary,
        signs: file.signs,
        goals: file.goals,
        safety: file.safety,
        stages,
        exercises: ordered,
        guides,
        index: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exercise_lookups_stay_right_when_the_list_changes_after_indexing() {
        let mut program = load_shipped().expect("the shipped program loads").program;
        let ids: Vec<Slug> = program.exercises.iter().map(|e| e.id.clone()).collect();
        for id in &ids {
            assert_eq!(&program.exercise(id).unwrap().id, id);
        }
        // The index was built above; now every position it holds is stale.
        program.exercises.reverse();
        let extra = Slug::parse("added-later").unwrap();
        let mut added = program.exercises[0].clone();
        added.id = extra.clone();
        program.exercises.push(added);
        for id in ids.iter().chain([&extra]) {
            assert_eq!(&program.exercise(id).unwrap().id, id);
        }
        let stage = &program.stages[1];
        let listed: Vec<&Slug> = program
            .exercises_in(&stage.exercises)
            .iter()
            .map(|e| &e.id)
            .collect();
        assert_eq!(listed, stage.exercises.iter().collect::<Vec<_>>());
        assert!(program
            .exercise(&Slug::parse("no-such-exercise").unwrap())
            .is_none());
    }

    #[test]
    fn an_unusable_image_is_reported_at_its_media_image_value() {
        let mut tree = shipped_tree();
        let file = tree
            .files
            .iter_mut()
            .find(|f| f.path == "exercises/cat-cow.md")
            .unwrap();
        let text = String::from_utf8(file.bytes.clone()).unwrap().replacen(
            "\ndose:\n",
            "\nmedia:\n  alt: A cat.\n  image: images/cat.png\ndose:\n",
            1,
        );
        let line = text
            .lines()
            .position(|l| l.contains("images/cat.png"))
            .unwrap()
            + 1;
        file.bytes = text.into_bytes();
        tree.assets.insert("images/cat.png".to_string());
        // Bytes in memory: a GIF behind a `.png` name.
        tree.asset_source = AssetSource::Memory(
            [(
                "images/cat.png".to_string(),
                b"GIF89a\x01\0\x01\0\0\0\0;".to_vec(),
            )]
            .into(),
        );
        let problems = assemble(&tree).unwrap_err();
        let gif = problems
            .iter()
            .find(|d| d.message.contains("GIF"))
            .unwrap_or_else(|| panic!("{problems:?}"));
        assert_eq!(gif.position, Position::new(line as u32, 10));
        assert!(gif
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("PNG, JPEG or SVG"));
        // Gone from the tree: missing, at the same place.
        tree.assets.clear();
        let problems = assemble(&tree).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].position, Position::new(line as u32, 10));
        assert!(problems[0]
            .message
            .ends_with("does not exist in the content folder"));
    }

    #[test]
    fn the_built_in_program_is_valid_and_current() {
        let loaded = load_shipped().expect("the shipped program loads");
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let on_disk = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap();
        assert_eq!(
            loaded.program, on_disk.program,
            "the binary embeds today's content/"
        );
    }
}
