//! Reading `program.yaml`: the program's prose and its ordered stages.
//!
//! References from stages to exercises are kept with their positions here
//! and resolved later by the loader, once every exercise file is read.

use std::collections::HashMap;

use super::decode::Decoder;
use super::yaml::{Node, Value};
use crate::diagnostic::Position;
use crate::model::{Slug, Stage, StageKind};

pub(crate) const KEYS: &[&str] = &[
    "title", "summary", "signs", "goals", "safety", "move_on", "stages",
];
pub(crate) const STAGE_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "purpose",
    "exercises",
    "max_weeks",
    "move_on",
];
const WHAT: &str = "program.yaml";

/// Default and largest number of weeks a stage may last.
pub(crate) const DEFAULT_MAX_WEEKS: i64 = 6;
const LONGEST_STAGE_WEEKS: i64 = 12;

/// The program file, with the positions cross-file checks need.
#[derive(Debug)]
pub(crate) struct ProgramFile {
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) signs: Vec<String>,
    pub(crate) goals: Vec<String>,
    pub(crate) safety: String,
    pub(crate) stages: Vec<StageEntry>,
}

/// A stage with where its id and exercise references were written.
#[derive(Debug)]
pub(crate) struct StageEntry {
    pub(crate) stage: Stage,
    pub(crate) exercise_refs: Vec<(Slug, Position)>,
}

pub(crate) fn decode(d: &mut Decoder, root: &Node) -> Option<ProgramFile> {
    let fields = d.fields(root, WHAT, KEYS)?;
    let title = d
        .required(&fields, "title", WHAT)
        .and_then(|n| d.text(n, "title"));
    let summary = d
        .required(&fields, "summary", WHAT)
        .and_then(|n| d.markdown(n, "summary", usize::MAX));
    let signs = d.text_list(fields.get("signs"), "signs");
    let goals = d.text_list(fields.get("goals"), "goals");
    let safety = d
        .required(&fields, "safety", WHAT)
        .and_then(|n| d.markdown(n, "safety", usize::MAX));
    let move_on = d.text_list(fields.get("move_on"), "move_on");
    let stages = d
        .required(&fields, "stages", WHAT)
        .and_then(|n| stages(d, n, move_on.as_deref().unwrap_or_default()));
    Some(ProgramFile {
        title: title?,
        summary: summary?,
        signs: signs?,
        goals: goals?,
        safety: safety?,
        stages: stages?,
    })
}

fn stages(d: &mut Decoder, node: &Node, default_move_on: &[String]) -> Option<Vec<StageEntry>> {
    let items = d.list(node, "stages")?;
    if items.is_empty() {
        d.error(
            node.position,
            "`stages` is empty: a program needs at least one stage",
        );
        return None;
    }
    let mut seen: HashMap<Slug, Position> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match stage(d, item, i + 1, default_move_on) {
            Some(entry) => {
                if let Some(first) = seen.get(&entry.stage.id) {
                    d.error_hint(
                        item.position,
                        format!("duplicate stage id `{}`", entry.stage.id),
                        format!("it is already used by the stage at line {}", first.line),
                    );
                    ok = false;
                } else {
                    seen.insert(entry.stage.id.clone(), item.position);
                }
                out.push(entry);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn stage(
    d: &mut Decoder,
    node: &Node,
    number: usize,
    default_move_on: &[String],
) -> Option<StageEntry> {
    // Name the stage by its id when it has a readable one: "stage `holds`"
    // is easier to find than "stage 3".
    let what = match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == "id")
            .and_then(|(_, v)| match &v.value {
                Value::Scalar { text, .. } => Some(format!("stage `{text}`")),
                _ => None,
            }),
        _ => None,
    }
    .unwrap_or_else(|| format!("stage {number}"));
    let fields = d.fields(node, &what, STAGE_KEYS)?;
    let id = d.required(&fields, "id", &what).and_then(|n| {
        let id = d.slug(n, "id")?;
        // `--stage 2` and a patient file's `stage: 2` mean the second stage,
        // so a stage with the id `2` could never be chosen by its id, and
        // one asking for it would silently get another stage.
        if id.as_str().bytes().all(|b| b.is_ascii_digit()) {
            d.error_hint(
                n.position,
                format!("stage id `{id}` is only digits"),
                format!("`--stage {id}` means stage number {id}; give the id a letter, such as `stage-{id}`"),
            );
            return None;
        }
        Some(id)
    });
    let title = d
        .required(&fields, "title", &what)
        .and_then(|n| d.text(n, "title"));
    let kind = d
        .required(&fields, "kind", &what)
        .and_then(|n| d.choice(n, "kind", &StageKind::ALL));
    let purpose = d
        .required(&fields, "purpose", &what)
        .and_then(|n| d.markdown(n, "purpose", usize::MAX));
    let max_weeks = match fields.get("max_weeks") {
        Some(n) => d.integer(n, "max_weeks", 1, LONGEST_STAGE_WEEKS),
        None => Some(DEFAULT_MAX_WEEKS),
    };
    let exercise_refs = d
        .required(&fields, "exercises", &what)
        .and_then(|n| exercise_refs(d, n, &what));
    let own_move_on = d.text_list(fields.get("move_on"), "move_on");
    let move_on = match own_move_on {
        Some(list) if list.is_empty() && default_move_on.is_empty() => {
            d.error_hint(
                fields.position,
                format!("{what} has no criteria for moving on"),
                "add `move_on` to the stage, or a default `move_on` list to the program",
            );
            None
        }
        Some(list) if list.is_empty() => Some(default_move_on.to_vec()),
        other => other,
    };
    Some(StageEntry {
        stage: Stage {
            id: id?,
            number,
            title: title?,
            kind: kind?,
            purpose: purpose?,
            exercises: exercise_refs
                .as_ref()?
                .iter()
                .map(|(s, _)| s.clone())
                .collect(),
            max_weeks: u32::try_from(max_weeks?).ok()?,
            move_on: move_on?,
        },
        exercise_refs: exercise_refs?,
    })
}

fn exercise_refs(d: &mut Decoder, node: &Node, what: &str) -> Option<Vec<(Slug, Position)>> {
    let items = d.list(node, "exercises")?;
    if items.is_empty() {
        d.error_hint(
            node.position,
            format!("{what} has no exercises"),
            "list the ids of the stage's exercises, e.g. `exercises: [cat-cow]`",
        );
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match d.slug(item, "exercises") {
            Some(slug) => out.push((slug, item.position)),
            None => ok = false,
        }
    }
    ok.then_some(out)
}
