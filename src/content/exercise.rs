//! Reading an exercise file: front matter (identity, dose, frequency,
//! progression) and the Markdown instructions below it.

use std::collections::HashSet;

use super::decode::{Decoder, Fields};
use super::yaml::Node;
use super::MAX_NOTES_CHARS;
use crate::diagnostic::Position;
use crate::model::frequency::FrequencyError;
use crate::model::{
    Dose, DoseVar, Exercise, Frequency, Load, Media, Progression, Range, Rate, Reps, Seconds, Sets,
    Steps,
};
use planwright_core::progression::{check_units, UnitProblem};

pub(crate) const KEYS: &[&str] = &[
    "id",
    "title",
    "stage",
    "summary",
    "equipment",
    "cues",
    "cautions",
    "media",
    "dose",
    "frequency",
    "progression",
    "brief",
    "figure",
];
pub(crate) const MEDIA_KEYS: &[&str] = &["image", "alt", "video"];
pub(crate) const DOSE_KEYS: &[&str] = &["sets", "reps", "hold", "duration", "load", "tempo"];
pub(crate) const PROGRESSION_KEYS: &[&str] = &["grow", "steps", "max", "weights", "max_load_jump"];
pub(crate) const VAR_KEYS: &[&str] = &["sets", "reps", "hold", "duration", "load"];
const WHAT: &str = "the exercise front matter";

/// An exercise with the positions cross-file checks need.
#[derive(Debug)]
pub(crate) struct ExerciseEntry {
    pub(crate) exercise: Exercise,
    pub(crate) id_position: Position,
    pub(crate) stage_position: Position,
    /// The `progression` key (or `dose`, without one): where `check`
    /// reports what its sweep of the exercise's plans found.
    pub(crate) progression_position: Position,
    /// The `media.image` value: where `check` reports a missing or
    /// unusable image.
    pub(crate) image_position: Option<Position>,
}

pub(crate) fn decode(
    d: &mut Decoder,
    root: &Node,
    body: &str,
    body_line: u32,
) -> Option<ExerciseEntry> {
    let fields = d.fields(root, WHAT, KEYS)?;
    let id_node = d.required(&fields, "id", WHAT);
    let id = id_node.and_then(|n| d.slug(n, "id"));
    let title = d
        .required(&fields, "title", WHAT)
        .and_then(|n| d.text(n, "title"));
    let stage_node = d.required(&fields, "stage", WHAT);
    let stage = stage_node.and_then(|n| d.slug(n, "stage"));
    let summary = d.optional_text(fields.get("summary"), "summary");
    let equipment = d.text_list(fields.get("equipment"), "equipment");
    let cues = d.text_list(fields.get("cues"), "cues");
    let cautions = d.text_list(fields.get("cautions"), "cautions");
    let brief = match fields.get("brief") {
        Some(n) => d.markdown(n, "brief", MAX_NOTES_CHARS).map(Some),
        None => Some(None),
    };
    let figure = match fields.get("figure") {
        Some(n) => super::figure::decode(d, n).map(Some),
        None => Some(None),
    };
    let (media, image_position) = match fields.get("media") {
        Some(n) => match media(d, n) {
            Some((media, at)) => (Some(Some(media)), at),
            None => (None, None),
        },
        None => (Some(None), None),
    };
    let dose = d.required(&fields, "dose", WHAT).and_then(|n| dose(d, n));
    let progression_position = fields
        .key_position("progression")
        .or_else(|| fields.key_position("dose"))
        .unwrap_or(Position::START);
    let frequency = d
        .required(&fields, "frequency", WHAT)
        .and_then(|n| frequency(d, n));
    // Worded before `progression.max` widens the ranges to their bounds.
    let prescription = dose.clone();
    let (dose, progression) = match dose {
        Some(dose) => progression(d, fields.get("progression"), dose)?,
        None => {
            // Still read the progression block so its own problems show up now.
            if let Some(n) = fields.get("progression") {
                let _ = d.fields(n, "progression", PROGRESSION_KEYS);
            }
            return None;
        }
    };
    let instructions = body.trim();
    if instructions.is_empty() {
        d.error_hint(
            Position::new(body_line, 1),
            "the exercise has no instructions",
            "write step-by-step instructions in Markdown below the closing `---`",
        );
    }
    let exercise = Exercise {
        id: id?,
        title: title?,
        stage: stage?,
        summary: summary?,
        equipment: equipment?,
        cues: cues?,
        cautions: cautions?,
        media: media?,
        dose,
        prescription: prescription?,
        frequency: frequency?,
        progression,
        instructions: instructions.to_string(),
        brief: brief?,
        figure: figure?,
    };
    if !d.is_clean() {
        return None;
    }
    Some(ExerciseEntry {
        exercise,
        id_position: id_node?.position,
        stage_position: stage_node?.position,
        progression_position,
        image_position,
    })
}

/// The `media` block, and where its `image` value is written.
fn media(d: &mut Decoder, node: &Node) -> Option<(Media, Option<Position>)> {
    let fields = d.fields(node, "media", MEDIA_KEYS)?;
    let image_position = fields.get("image").map(|n| n.position);
    let image = match fields.get("image") {
        Some(n) => d.content_path(n, "media.image").map(Some),
        None => Some(None),
    };
    let alt = d.optional_text(fields.get("alt"), "media.alt");
    let video = match fields.get("video") {
        Some(n) => d.url(n, "media.video").map(Some),
        None => Some(None),
    };
    if let (Some(Some(_)), Some(None)) = (&image, &alt) {
        d.error_hint(
            fields.position,
            "`media.image` has no `alt` text",
            "describe the picture in `media.alt` for readers who cannot see it",
        );
        return None;
    }
    let media = Media {
        image: image?,
        alt: alt?,
        video: video?,
    };
    Some((media, image_position))
}

fn frequency(d: &mut Decoder, node: &Node) -> Option<Frequency> {
    let text = d.text(node, "frequency")?;
    match Frequency::parse(&text) {
        Ok(f) => Some(f),
        Err(e) => {
            d.error_hint(
                node.position,
                e.to_string(),
                format!("write it like {}", FrequencyError::FORMS),
            );
            None
        }
    }
}

fn range_of<T: Copy + PartialOrd>(
    d: &mut Decoder,
    fields: &Fields<'_>,
    key: &str,
    parse: fn(&str) -> Result<T, crate::model::QuantityError>,
) -> Option<Option<Range<T>>> {
    match fields.get(key) {
        None => Some(None),
        Some(n) => d
            .quantity(n, &format!("dose.{key}"), |t| Range::parse(t, parse))
            .map(Some),
    }
}

fn dose(d: &mut Decoder, node: &Node) -> Option<Dose> {
    let problems_before = d.diagnostics.len();
    let fields = d.fields(node, "dose", DOSE_KEYS)?;
    let sets = range_of(d, &fields, "sets", Sets::parse);
    let reps = range_of(d, &fields, "reps", Reps::parse);
    let hold = range_of(d, &fields, "hold", Seconds::parse);
    let duration = range_of(d, &fields, "duration", Seconds::parse);
    let load = range_of(d, &fields, "load", Load::parse);
    let tempo = d.optional_text(fields.get("tempo"), "dose.tempo");
    let dose = Dose {
        sets: sets?.unwrap_or(Range::single(Sets(1))),
        reps: reps?,
        hold: hold?,
        duration: duration?,
        load: load?,
        tempo: tempo?,
    };
    let shape_error = if dose.reps.is_none() && dose.hold.is_none() && dose.duration.is_none() {
        Some((
            "the dose says nothing to do: give `reps`, `hold` or `duration`".to_string(),
            "e.g. `reps: 10`, `hold: 10 s` or `duration: 30-60 s`",
        ))
    } else if dose.duration.is_some() && (dose.reps.is_some() || dose.hold.is_some()) {
        Some((
            "`dose.duration` times a whole set; it cannot be combined with `reps` or `hold`"
                .to_string(),
            "use `reps` with `hold` for repeated holds, or `duration` alone for timed work",
        ))
    } else if dose.load.is_some() && dose.reps.is_none() {
        Some((
            "`dose.load` needs `reps`: loaded work is counted in repetitions".to_string(),
            "add e.g. `reps: 10-20`",
        ))
    } else {
        None
    };
    // A misspelt key already explains why, say, `duration` seems missing;
    // checking the dose's shape or its progression would only repeat it.
    if d.diagnostics.len() > problems_before {
        return None;
    }
    if let Some((message, hint)) = shape_error {
        d.error_hint(fields.position, message, hint);
        return None;
    }
    Some(dose)
}

/// Reads the progression block and applies its bounds to the dose.
fn progression(
    d: &mut Decoder,
    node: Option<&Node>,
    mut dose: Dose,
) -> Option<(Dose, Progression)> {
    let unit = dose.load.map_or(crate::model::MassUnit::Kg, |l| l.low.unit);
    let mut progression = Progression {
        grow: Vec::new(),
        steps: Steps::defaults(unit),
        weights: Vec::new(),
        max_load_jump: Progression::DEFAULT_MAX_LOAD_JUMP,
    };
    let Some(node) = node else {
        return Some((dose, progression));
    };
    let fields = d.fields(node, "progression", PROGRESSION_KEYS)?;
    let mut ok = true;

    // A progression block exists to make something grow: leaving `grow`
    // out is a mistake, not a request for a flat plan.
    let grow_node = d.required(&fields, "grow", "progression");
    match grow_node {
        Some(n) => {
            // Keep the variables that were read, so later checks (such as
            // `max`) do not report them as missing from `grow`.
            let (valid, clean) = grow(d, n, &dose);
            progression.grow = valid;
            ok &= clean;
        }
        None => ok = false,
    }
    if let Some(n) = fields.get("steps") {
        ok &= steps(d, n, &mut progression.steps, unit).is_some();
    }
    if let Some(n) = fields.get("weights") {
        match weights(d, n, &dose) {
            Some(w) => progression.weights = w,
            None => ok = false,
        }
    }
    if let Some(n) = fields.get("max_load_jump") {
        match max_load_jump(d, n, &dose, &progression.grow) {
            Some(cap) => progression.max_load_jump = cap,
            None => ok = false,
        }
    }
    // Without `grow`, every maximum would be reported as "not growing".
    if let (Some(n), Some(_)) = (fields.get("max"), grow_node) {
        ok &= maxima(d, n, &mut dose, &progression.grow).is_some();
    }
    if !ok {
        return None;
    }
    for var in &progression.grow {
        if !dose.has_room(*var) {
            let name = var.name();
            d.error_hint(
                fields.position,
                format!("`{name}` may grow but has no upper bound above its starting value"),
                format!(
                    "give `dose.{name}` as a range like `10-20`, or set `progression.max.{name}`"
                ),
            );
            ok = false;
        }
    }
    if let (Some(load), true) = (
        dose.load,
        progression.weights.iter().any(|w| w.unit == unit),
    ) {
        for (end, value) in [("starting", load.low), ("largest", load.high)] {
            if !progression.weights.contains(&value) {
                d.error_hint(
                    fields.position,
                    format!("the {end} load {value} is not one of `progression.weights`"),
                    "list every load the person can actually use, including the start and the upper bound",
                );
                ok = false;
            }
        }
    }
    if ok {
        ok = other_unit(d, &fields, &dose, &progression);
    }
    ok.then_some((dose, progression))
}

/// Checks the exercise can be planned with loads in the other unit
/// system: weights listed in it must reach down to the start (an error: the
/// author meant them), and a load too light for any step of it is a warning
/// (plans in the program's own unit are fine; plans in the other are refused).
fn other_unit(
    d: &mut Decoder,
    fields: &Fields<'_>,
    dose: &Dose,
    progression: &Progression,
) -> bool {
    let Some(load) = dose.load else { return true };
    let other = load.low.unit.other();
    let at = fields
        .get("weights")
        .map_or(fields.position, |n| n.position);
    match check_units(dose, progression, other) {
        Ok(()) => true,
        Err(UnitProblem::NoLightWeight { start, lightest }) => {
            d.error_hint(
                at,
                format!(
                    "every weight in {} is heavier than the starting load {start}: the lightest is {lightest}",
                    other.symbol()
                ),
                format!(
                    "list a weight in {} no heavier than {start}, or leave the {} weights out",
                    other.symbol(),
                    other.symbol()
                ),
            );
            false
        }
        Err(UnitProblem::UnderStep { bound, step }) => {
            d.warning_hint(
                at,
                format!(
                    "the load goes up to {bound}, lighter than the lightest {} step ({step}): plans in {} will be refused",
                    other.symbol(),
                    other.symbol()
                ),
                format!(
                    "list the {} weights the person can use in `progression.weights`, or plan in {} only",
                    other.symbol(),
                    load.low.unit.symbol()
                ),
            );
            true
        }
    }
}

/// Reads `progression.max_load_jump`: a percentage above 0 and at most 100%.
fn max_load_jump(d: &mut Decoder, node: &Node, dose: &Dose, grow: &[DoseVar]) -> Option<Rate> {
    if dose.load.is_none() {
        d.error_hint(
            node.position,
            "`progression.max_load_jump` is given, but the dose has no load",
            "add `dose.load` or remove `max_load_jump`",
        );
        return None;
    }
    // Like `max`: a cap on a load that never grows would say nothing.
    if !grow.contains(&DoseVar::Load) {
        d.error_hint(
            node.position,
            "`progression.max_load_jump` is set, but `load` is not in `progression.grow`",
            "add `load` to `grow`, or remove `max_load_jump`",
        );
        return None;
    }
    let cap = d.quantity(node, "progression.max_load_jump", Rate::parse)?;
    if cap > Rate::percent(100) {
        d.error_hint(
            node.position,
            format!("`progression.max_load_jump` of {cap} is more than 100%"),
            "it is the most a heavier weight may add to each rep, such as `25%`; 100% lets a load double at once",
        );
        return None;
    }
    Some(cap)
}

/// The valid variables of `grow`, and whether every item was valid.
fn grow(d: &mut Decoder, node: &Node, dose: &Dose) -> (Vec<DoseVar>, bool) {
    let Some(items) = d.list(node, "progression.grow") else {
        return (Vec::new(), false);
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut ok = true;
    for item in items {
        let Some(var) = d.choice(item, "progression.grow", &DoseVar::ALL) else {
            ok = false;
            continue;
        };
        if !seen.insert(var) {
            d.error(
                item.position,
                format!("`{}` is listed twice in `progression.grow`", var.name()),
            );
            ok = false;
        } else if !dose.has(var) {
            d.error_hint(
                item.position,
                format!(
                    "`progression.grow` lists `{}`, but the dose has none",
                    var.name()
                ),
                format!("add `{}` to the dose or remove it from `grow`", var.name()),
            );
            ok = false;
        } else {
            out.push(var);
        }
    }
    (out, ok)
}

fn steps(
    d: &mut Decoder,
    node: &Node,
    steps: &mut Steps,
    unit: crate::model::MassUnit,
) -> Option<()> {
    let fields = d.fields(node, "progression.steps", VAR_KEYS)?;
    let mut ok = true;
    if let Some(n) = fields.get("sets") {
        ok &= d
            .quantity(n, "progression.steps.sets", Sets::parse)
            .map(|v| steps.sets = v)
            .is_some();
    }
    if let Some(n) = fields.get("reps") {
        ok &= d
            .quantity(n, "progression.steps.reps", Reps::parse)
            .map(|v| steps.reps = v)
            .is_some();
    }
    if let Some(n) = fields.get("hold") {
        ok &= d
            .quantity(n, "progression.steps.hold", Seconds::parse)
            .map(|v| steps.hold = v)
            .is_some();
    }
    if let Some(n) = fields.get("duration") {
        ok &= d
            .quantity(n, "progression.steps.duration", Seconds::parse)
            .map(|v| steps.duration = v)
            .is_some();
    }
    if let Some(n) = fields.get("load") {
        match d.quantity(n, "progression.steps.load", Load::parse) {
            Some(step) if step.unit != unit => {
                d.error(
                    n.position,
                    format!(
                        "`progression.steps.load` is in {}, but the dose is in {}",
                        step.unit.symbol(),
                        unit.symbol()
                    ),
                );
                ok = false;
            }
            Some(step) => steps.load = step,
            None => ok = false,
        }
    }
    ok.then_some(())
}

fn weights(d: &mut Decoder, node: &Node, dose: &Dose) -> Option<Vec<Load>> {
    let items = d.list(node, "progression.weights")?;
    if dose.load.is_none() {
        d.error_hint(
            node.position,
            "`progression.weights` is given, but the dose has no load",
            "add `dose.load` or remove `weights`",
        );
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    // Weights in the dose's unit are the program's rack; those in the
    // other unit a second rack, for plans in that unit.
    for item in items {
        match d.quantity(item, "progression.weights", Load::parse) {
            Some(w) => out.push(w),
            None => ok = false,
        }
    }
    out.sort();
    out.dedup();
    ok.then_some(out)
}

/// Applies `progression.max` upper bounds to single-valued dose variables.
fn maxima(d: &mut Decoder, node: &Node, dose: &mut Dose, grow: &[DoseVar]) -> Option<()> {
    let fields = d.fields(node, "progression.max", VAR_KEYS)?;
    let mut ok = true;
    for (var, name) in DoseVar::ALL {
        let Some(n) = fields.get(name) else { continue };
        let what = format!("progression.max.{name}");
        if !grow.contains(&var) {
            d.error_hint(
                n.position,
                format!("`{what}` is set, but `{name}` is not in `progression.grow`"),
                format!("add `{name}` to `grow`, or remove the maximum"),
            );
            ok = false;
            continue;
        }
        let applied = match var {
            DoseVar::Sets => bound(d, n, &what, Some(&mut dose.sets), Sets::parse),
            DoseVar::Reps => bound(d, n, &what, dose.reps.as_mut(), Reps::parse),
            DoseVar::Hold => bound(d, n, &what, dose.hold.as_mut(), Seconds::parse),
            DoseVar::Duration => bound(d, n, &what, dose.duration.as_mut(), Seconds::parse),
            DoseVar::Load => bound(d, n, &what, dose.load.as_mut(), Load::parse),
        };
        ok &= applied.is_some();
    }
    ok.then_some(())
}

fn bound<T: Copy + PartialOrd + std::fmt::Display>(
    d: &mut Decoder,
    node: &Node,
    what: &str,
    range: Option<&mut Range<T>>,
    parse: fn(&str) -> Result<T, crate::model::QuantityError>,
) -> Option<()> {
    let max = d.quantity(node, what, parse)?;
    // `grow` already checked the variable is in the dose.
    let range = range?;
    if !range.is_single() {
        d.error_hint(
            node.position,
            format!(
                "`{what}` is set, but the dose already gives the range {}–{}",
                range.low, range.high
            ),
            "keep one upper bound: the range's top or `progression.max`",
        );
        return None;
    }
    if max <= range.low {
        d.error(
            node.position,
            format!(
                "`{what}` ({max}) must be above the starting dose ({})",
                range.low
            ),
        );
        return None;
    }
    range.high = max;
    Some(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::{parse_markdown_file, yaml};
    use super::*;
    use crate::model::MassUnit;

    fn parse(front: &str) -> Result<Exercise, Vec<String>> {
        let text =
            format!("---\nid: x\ntitle: X\nstage: s\nfrequency: daily\n{front}---\nDo it.\n");
        let (entry, diagnostics) = parse_markdown_file(&text, Path::new("x.md"), decode);
        entry
            .map(|e| e.exercise)
            .ok_or_else(|| diagnostics.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn maxima_become_upper_bounds() {
        let e = parse("dose:\n  reps: 10\n  hold: 10 s\nprogression:\n  grow: [hold, reps]\n  max:\n    hold: 20 s\n    reps: 15\n").unwrap();
        assert_eq!(
            e.dose.hold,
            Some(Range {
                low: Seconds(10),
                high: Seconds(20)
            })
        );
        assert_eq!(
            e.dose.reps,
            Some(Range {
                low: Reps(10),
                high: Reps(15)
            })
        );
        assert_eq!(e.progression.grow, vec![DoseVar::Hold, DoseVar::Reps]);
        assert_eq!(e.dose.sets, Range::single(Sets(1)));
        assert_eq!(
            planwright_core::wording::prescription(&e.prescription),
            "10 reps, 10 s hold each",
            "bounds are not part of the prescription"
        );
    }

    /// The file's diagnostics, errors and warnings alike, as `line:col: message`.
    fn said(front: &str) -> Vec<String> {
        let text =
            format!("---\nid: x\ntitle: X\nstage: s\nfrequency: daily\n{front}---\nDo it.\n");
        let (_, diagnostics) = parse_markdown_file(&text, Path::new("x.md"), decode);
        diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.position.line, d.position.column, d.message))
            .collect()
    }

    #[test]
    fn a_load_jump_cap_is_a_percentage_up_to_a_hundred() {
        let loaded = "dose:\n  reps: 10-20\n  load: 4-8 kg\nprogression:\n  grow: [reps, load]\n";
        assert_eq!(
            parse(loaded).unwrap().progression.max_load_jump,
            Progression::DEFAULT_MAX_LOAD_JUMP
        );
        let e = parse(&format!("{loaded}  max_load_jump: 33.5%\n")).unwrap();
        assert_eq!(e.progression.max_load_jump, Rate { basis_points: 3350 });
        assert_eq!(
            said(&format!("{loaded}  max_load_jump: 150%\n")),
            ["11:18: `progression.max_load_jump` of 150% is more than 100%"]
        );
        assert_eq!(
            said(&format!("{loaded}  max_load_jump: 0%\n")),
            ["11:18: `progression.max_load_jump` must be more than zero (found `0%`)"]
        );
        assert_eq!(
            said("dose:\n  reps: 10-20\nprogression:\n  grow: [reps]\n  max_load_jump: 20%\n"),
            ["10:18: `progression.max_load_jump` is given, but the dose has no load"]
        );
        assert_eq!(
            said("dose:\n  reps: 10-20\n  load: 4 kg\nprogression:\n  grow: [reps]\n  max_load_jump: 20%\n"),
            ["11:18: `progression.max_load_jump` is set, but `load` is not in `progression.grow`"]
        );
    }

    #[test]
    fn weights_in_the_other_unit_are_a_second_rack() {
        let rack = "dose:\n  reps: 10-20\n  load: 4-12 kg\nprogression:\n  grow: [reps, load]\n";
        let e = parse(&format!(
            "{rack}  weights: [4 kg, 6 kg, 12 kg, 8 lb, 10 lb, 25 lb]\n"
        ))
        .unwrap();
        assert_eq!(e.progression.weights.len(), 6);
        // The kilogram rack must still hold both ends; the pound one need not.
        assert_eq!(
            said(&format!("{rack}  weights: [4 kg, 6 kg, 8 lb, 10 lb]\n")),
            ["10:3: the largest load 12 kg is not one of `progression.weights`"]
        );
        // But it must reach down to the start: 4 kg is 8.8 lb.
        assert_eq!(
            said(&format!("{rack}  weights: [4 kg, 12 kg, 10 lb, 25 lb]\n")),
            ["11:12: every weight in lb is heavier than the starting load 4 kg: the lightest is 10 lb"]
        );
        // A load too light for any pound step is a warning: kg plans work.
        assert_eq!(
            said("dose:\n  reps: 10\n  load: 0.2-0.4 kg\nprogression:\n  grow: [load]\n  steps:\n    load: 0.1 kg\n"),
            ["10:3: the load goes up to 0.4 kg, lighter than the lightest lb step (1 lb): plans in lb will be refused"]
        );
    }

    #[test]
    fn weights_are_sorted_and_must_hold_both_ends() {
        let e = parse("dose:\n  reps: 10\n  load: 4-8 kg\nprogression:\n  grow: [load]\n  weights: [8 kg, 4 kg, 6 kg, 4 kg]\n").unwrap();
        let kg = |n| Load::new(n, MassUnit::Kg);
        assert_eq!(e.progression.weights, vec![kg(4), kg(6), kg(8)]);
        let errors = parse("dose:\n  reps: 10\n  load: 4-8 kg\nprogression:\n  grow: [load]\n  weights: [4 kg, 6 kg]\n").unwrap_err();
        assert_eq!(
            errors,
            vec!["the largest load 8 kg is not one of `progression.weights`"]
        );
    }

    #[test]
    fn progression_mistakes_are_named() {
        let errors = parse("dose:\n  reps: 10-20\nprogression:\n  grow: [reps, reps, hold]\n  max:\n    reps: 25\n").unwrap_err();
        assert_eq!(
            errors,
            vec![
                "`reps` is listed twice in `progression.grow`",
                "`progression.grow` lists `hold`, but the dose has none",
                "`progression.max.reps` is set, but the dose already gives the range 10–20",
            ]
        );
        let errors = parse("dose:\n  reps: 10\nprogression:\n  max:\n    reps: 8\n").unwrap_err();
        assert_eq!(errors, vec!["missing required key `grow` in progression"]);
        let errors =
            parse("dose:\n  reps: 10\nprogression:\n  grow: [reps]\n  max:\n    reps: 8\n")
                .unwrap_err();
        assert_eq!(
            errors,
            vec!["`progression.max.reps` (8) must be above the starting dose (10)"]
        );
    }

    #[test]
    fn dose_shapes_that_make_no_sense_are_refused() {
        let nothing = parse("dose:\n  sets: 2\n").unwrap_err();
        assert!(nothing[0].starts_with("the dose says nothing to do"));
        let mixed = parse("dose:\n  duration: 30 s\n  reps: 5\n").unwrap_err();
        assert!(mixed[0].contains("cannot be combined"));
        let unloaded = parse("dose:\n  hold: 10 s\n  load: 2 kg\n").unwrap_err();
        assert!(unloaded[0].contains("needs `reps`"));
    }

    #[test]
    fn yaml_positions_reach_the_file() {
        // The front matter starts on line 2, so line numbers are shifted.
        let node = yaml::parse("a: 1\n", 2).unwrap();
        assert_eq!(node.position.line, 2);
    }
}
