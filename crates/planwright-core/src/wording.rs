//! Words for the typed plan: the one place where a dose, a week's
//! [`Step`] and a hold reason become the English a person reads.
//!
//! The text table, the JSON document, the website, the PDF and the
//! calendar all print through these functions, so the same dose reads the
//! same everywhere. Nothing here decides a number: it only says what the
//! engine decided. The plan itself holds no sentences, so a translation of
//! these words changes no plan and no plan id.

use crate::model::{Dose, DoseVar, Range, RateBand, Reps};
use crate::plan::{
    Change, Growth, HoldReason, LoadJump, Plan, SessionDose, Status, Step, WeekExercise,
};
use crate::progression::sweep::{Region, Rule, Trouble};

/// `5–10%`.
pub fn band(rate: RateBand) -> String {
    let min = rate.min.to_string();
    format!("{}–{}", min.trim_end_matches('%'), rate.max)
}

/// One session's dose: `30 s`, `2 × 11 reps`, `4 sets: 6, 5, 5, 5 reps`,
/// `10 reps, 11 s hold each`, `3 × 10 reps at 4 kg`.
pub fn dose(d: &SessionDose) -> String {
    let reps = d.reps_per_set.as_deref().map(|reps| {
        if d.sets_are_even() {
            Count::Even(reps.first().map_or(0, |r| r.0).to_string())
        } else {
            Count::PerSet(reps.iter().map(|r| r.0.to_string()).collect())
        }
    });
    Parts {
        sets: (d.sets.0, d.sets.0.to_string()),
        reps,
        hold: d.hold_seconds.map(|s| s.to_string()),
        duration: d.duration_seconds.map(|s| s.to_string()),
        load: d.load.map(|l| l.to_string()),
        tempo: None,
    }
    .words()
}

/// A prescription as its author wrote it, ranges and all, in the same
/// words as a session's dose: `30–60 s`, `10 reps, 10 s hold each`,
/// `3 × 10–20 reps at 4 kg`, `2 × 10 reps (3 s lowering, normal speed up)`.
pub fn prescription(d: &Dose) -> String {
    Parts {
        sets: (
            if d.sets.is_single() { d.sets.low.0 } else { 2 },
            d.sets.to_string(),
        ),
        reps: d.reps.map(|r| Count::Even(range_number(r))),
        hold: d.hold.map(|h| h.to_string()),
        duration: d.duration.map(|s| s.to_string()),
        load: d.load.map(|l| l.to_string()),
        tempo: d.tempo.clone(),
    }
    .words()
}

fn range_number(r: Range<Reps>) -> String {
    if r.is_single() {
        r.low.0.to_string()
    } else {
        format!("{}–{}", r.low.0, r.high.0)
    }
}

/// Reps in every set alike, or set by set.
enum Count {
    Even(String),
    PerSet(Vec<String>),
}

/// A dose taken apart into the words of each variable.
struct Parts {
    /// How many sets (2 stands for a range), and how to write them.
    sets: (u32, String),
    reps: Option<Count>,
    hold: Option<String>,
    duration: Option<String>,
    load: Option<String>,
    tempo: Option<String>,
}

impl Parts {
    fn words(self) -> String {
        let (count, sets) = self.sets;
        // One set needs no "1 ×".
        let times = |what: String| {
            if count == 1 {
                what
            } else {
                format!("{sets} × {what}")
            }
        };
        let counted = self.reps.is_some();
        let mut out = match (self.reps, &self.hold, &self.duration) {
            (Some(Count::PerSet(list)), _, _) => {
                format!("{sets} sets: {} reps", list.join(", "))
            }
            (Some(Count::Even(n)), _, _) => {
                times(format!("{n} {}", if n == "1" { "rep" } else { "reps" }))
            }
            (None, Some(hold), _) => times(format!("{hold} hold")),
            (None, None, Some(duration)) => times(duration.clone()),
            (None, None, None) => plural_text(&sets, count, "set", "sets"),
        };
        // Reps come first; a hold or a time then applies to each of them.
        if counted {
            if let Some(hold) = &self.hold {
                out.push_str(&format!(", {hold} hold each"));
            } else if let Some(duration) = &self.duration {
                out.push_str(&format!(", {duration} each"));
            }
        }
        if let Some(load) = self.load {
            out.push_str(&format!(" at {load}"));
        }
        if let Some(tempo) = self.tempo {
            out.push_str(&format!(" ({tempo})"));
        }
        out
    }
}

fn plural_text(number: &str, n: u32, one: &str, many: &str) -> String {
    format!("{number} {}", if n == 1 { one } else { many })
}

fn plural(n: u32, one: &str, many: &str) -> String {
    plural_text(&n.to_string(), n, one, many)
}

/// For a plan longer than its stage's `max_weeks` (asked for explicitly),
/// the sentence every copy prints: `Longer than usual: this plan runs 9
/// weeks, 3 more than the 6 weeks stage 2 usually lasts.`
pub fn longer_than_stage(plan: &Plan) -> Option<String> {
    let (weeks, usual) = (
        u32::try_from(plan.weeks.len()).unwrap_or(u32::MAX),
        plan.stage.max_weeks,
    );
    (weeks > usual).then(|| {
        format!(
            "Longer than usual: this plan runs {weeks} weeks, {} more than the {} stage {} usually lasts.",
            weeks - usual,
            plural(usual, "week", "weeks"),
            plan.stage.number
        )
    })
}

/// The note beside exercise `index` in week `week` (from 0) of `plan`:
/// what changed since the week before, or why the dose stayed.
pub fn note(plan: &Plan, week: usize, index: usize) -> String {
    let this = &plan.weeks[week].exercises[index];
    let before = week
        .checked_sub(1)
        .and_then(|w| plan.weeks.get(w))
        .and_then(|w| w.exercises.get(index))
        .map(|e| &e.dose);
    step(this.step, before, &this.dose, plan.rate)
}

/// A week's growth on the week before, as the site's tables and the plan
/// JSON's `change_text` show it: `+6.7%`, or `start` in the first week.
pub fn change(e: &WeekExercise) -> String {
    match e.status {
        Status::Baseline => "start".to_string(),
        Status::Progress | Status::Hold => e.change.to_string(),
    }
}

/// What `step` did, from `before` (last week's dose, when there is one)
/// to `after`, in `rate`'s band.
pub fn step(
    step: Step,
    before: Option<&SessionDose>,
    after: &SessionDose,
    rate: RateBand,
) -> String {
    match step {
        Step::Start {
            personalised: false,
        } => "starting dose".to_string(),
        Step::Start { personalised: true } => "starting dose, from your own baseline".to_string(),
        Step::Grew(growth) => match before {
            Some(before) => grew(growth, before, after),
            None => "grew".to_string(),
        },
        Step::Held { reason } => held(reason, rate),
    }
}

/// `+1 rep in each set`, `+2 s on each hold, 14 reps`,
/// `heavier weight: 5 kg, 17 reps a set`, `+1 set, 11 reps each`.
fn grew(g: Growth, before: &SessionDose, after: &SessionDose) -> String {
    let seconds = |s: Option<crate::model::Seconds>| s.map_or(0, |s| s.0);
    let mut out = match g.var {
        DoseVar::Reps => more_reps(before, after),
        DoseVar::Hold => {
            let more = seconds(after.hold_seconds).saturating_sub(seconds(before.hold_seconds));
            format!("+{more} s on each hold")
        }
        DoseVar::Duration => {
            let more =
                seconds(after.duration_seconds).saturating_sub(seconds(before.duration_seconds));
            if after.sets.0 == 1 {
                format!("+{more} s")
            } else {
                format!("+{more} s on each set")
            }
        }
        DoseVar::Sets => format!(
            "+{}",
            plural(after.sets.0.saturating_sub(before.sets.0), "set", "sets")
        ),
        DoseVar::Load => match after.load {
            Some(load) => format!("heavier weight: {load}"),
            None => "heavier weight".to_string(),
        },
    };
    if let Some(var) = g.rechosen {
        out.push_str(", ");
        out.push_str(&rechosen(var, after));
    }
    out
}

/// The new value of a re-chosen variable: `17 reps a set`, `reps 12, 11, 11`.
fn rechosen(var: DoseVar, after: &SessionDose) -> String {
    match var {
        DoseVar::Reps => {
            let reps = after.reps_per_set.as_deref().unwrap_or_default();
            let first = reps.first().map_or(0, |r| r.0);
            if !after.sets_are_even() {
                let list: Vec<String> = reps.iter().map(|r| r.0.to_string()).collect();
                format!("reps {}", list.join(", "))
            } else if after.sets.0 == 1 {
                plural(first, "rep", "reps")
            } else {
                format!("{} a set", plural(first, "rep", "reps"))
            }
        }
        DoseVar::Sets => plural(after.sets.0, "set", "sets"),
        DoseVar::Hold => match after.hold_seconds {
            Some(s) => format!("{s} holds"),
            None => "holds re-chosen".to_string(),
        },
        // A time is only re-chosen for an extra set: there are several.
        DoseVar::Duration => match after.duration_seconds {
            Some(s) => format!("{s} each"),
            None => "time re-chosen".to_string(),
        },
        DoseVar::Load => match after.load {
            Some(load) => load.to_string(),
            None => "weight re-chosen".to_string(),
        },
    }
}

/// `+1 rep`, `+1 rep in each set`, `+1 rep in sets 1 and 2`,
/// `+2 reps in set 1, +1 in sets 2 and 3`.
fn more_reps(before: &SessionDose, after: &SessionDose) -> String {
    let (Some(b), Some(a)) = (&before.reps_per_set, &after.reps_per_set) else {
        return "more reps".to_string();
    };
    let deltas: Vec<u32> = a
        .iter()
        .zip(b.iter().chain(std::iter::repeat(&Reps(0))))
        .map(|(a, b)| a.0.saturating_sub(b.0))
        .collect();
    if a.len() == 1 {
        return format!("+{}", plural(deltas[0], "rep", "reps"));
    }
    if deltas.iter().all(|d| *d == deltas[0]) {
        return format!("+{} in each set", plural(deltas[0], "rep", "reps"));
    }
    // Group the sets by how many reps they gained, in the order of the first set of each group.
    let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
    for (i, d) in deltas.iter().enumerate().filter(|(_, d)| **d > 0) {
        match groups.iter_mut().find(|(g, _)| g == d) {
            Some((_, sets)) => sets.push(i + 1),
            None => groups.push((*d, vec![i + 1])),
        }
    }
    let phrases: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(n, (d, sets))| {
            let amount = if n == 0 {
                format!("+{}", plural(*d, "rep", "reps"))
            } else {
                format!("+{d}")
            };
            format!("{amount} in {}", set_list(sets))
        })
        .collect();
    phrases.join(", ")
}

/// `set 2`, `sets 1 and 3`, `sets 1, 2 and 4`.
fn set_list(sets: &[usize]) -> String {
    match sets {
        [one] => format!("set {one}"),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(ToString::to_string).collect();
            format!("sets {} and {last}", rest.join(", "))
        }
        [] => String::new(),
    }
}

/// Why a week holds, in words.
fn held(reason: HoldReason, rate: RateBand) -> String {
    match reason {
        HoldReason::NoProgression => {
            "no progression for this exercise: the dose stays the same".to_string()
        }
        HoldReason::TopReached => "top of range reached: ready to move to the next stage".to_string(),
        HoldReason::NearTop { left } => format!(
            "top of range reached (only {left} is left, under the {} minimum): ready to move to the next stage",
            rate.min
        ),
        HoldReason::TooBig { smallest } => format!(
            "the smallest step would be {smallest}, over the {} maximum",
            rate.max
        ),
        HoldReason::TooSmall { largest } => format!(
            "the largest step left is {largest}, under the {} minimum",
            rate.min
        ),
        HoldReason::Gap { below, above } => format!(
            "the nearest steps, {below} and {above}, fall outside the {} band",
            band(rate)
        ),
        HoldReason::LoadJump(jump) => {
            let mut out = format!(
                "the next weight, {}, is {} heavier, more than the {} a jump may add",
                jump.next,
                heavier(jump.jump()),
                jump.cap
            );
            if let Some(helps) = jump.helps {
                let helps = helps.to_string();
                out.push_str(&format!(": {} {helps} one lets the plan go on", article(&helps)));
            }
            out
        }
    }
}

/// "a" or "an" before a number, as it is said: an 8 kg, an 11 lb, an
/// 18 kg, an 80 lb; a 5 kg, a 110 lb.
fn article(number: &str) -> &'static str {
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    let eleven_or_eighteen = digits == "11" || digits == "18";
    if digits.starts_with('8') || eleven_or_eighteen {
        "an"
    } else {
        "a"
    }
}

/// `50%`, not `+50%`: the word "heavier" says the direction.
fn heavier(change: Change) -> String {
    change.to_string().trim_start_matches('+').to_string()
}

/// A region of `check`'s sweep in words: where plans start, what happens
/// to them and why.
pub fn region(r: &Region, band: RateBand) -> String {
    let unit = match (r.unit, r.own_unit) {
        (Some(unit), false) => format!(" with loads in {}", unit.symbol()),
        _ => String::new(),
    };
    let rates = if r.rates.0 == r.rates.1 {
        r.rates.0.to_string()
    } else {
        format!(
            "{}–{}",
            r.rates.0.to_string().trim_end_matches('%'),
            r.rates.1
        )
    };
    let from = format!(
        "from a start of {}{unit}, aiming at {rates}",
        doses(&r.starts)
    );
    match r.trouble {
        Trouble::Broke(rule) => format!(
            "{from}, a plan breaks the rule that {} in week {}, at {}",
            match rule {
                Rule::Band => "every week grows inside the band or holds",
                Rule::LoadJump => "a heavier weight adds at most `max_load_jump` to each rep",
                Rule::Bounds => "every value stays inside its range",
            },
            r.week,
            doses(&r.at)
        ),
        Trouble::Holds => format!(
            "{from}, the plan cannot progress from {} (from week {}), short of the top of its range: {}",
            doses(&r.at),
            r.week,
            reasons(&r.reasons, band)
        ),
    }
}

/// What an author can do about a region.
pub fn region_hint(r: &Region) -> String {
    match (r.trouble, r.reasons.first()) {
        (Trouble::Broke(_), _) => {
            "this is a bug in planwright's engine; please report it with this exercise".to_string()
        }
        (Trouble::Holds, Some(HoldReason::LoadJump(j))) => {
            let between = match j.helps {
                Some(w) => format!(", such as {w},"),
                None => String::new(),
            };
            format!(
                "list a weight in between{between} in `progression.weights`, or raise `progression.max_load_jump` if so big a jump is safe here"
            )
        }
        (Trouble::Holds, Some(HoldReason::TooBig { .. })) => {
            "use smaller steps in `progression.steps`, or let a variable with finer steps grow too"
                .to_string()
        }
        _ => {
            "other step sizes in `progression.steps` let the plan land inside the band".to_string()
        }
    }
}

/// Several doses as one, each variable as the range it spans:
/// `3 × 17–20 reps at 7.5 lb`.
fn doses(list: &[SessionDose]) -> String {
    fn span<T: Copy + Ord>(values: impl Iterator<Item = T>) -> Option<Range<T>> {
        let all: Vec<T> = values.collect();
        Some(Range {
            low: *all.iter().min()?,
            high: *all.iter().max()?,
        })
    }
    let Some(sets) = span(list.iter().map(|d| d.sets)) else {
        return String::new();
    };
    let uneven = list.iter().any(|d| !d.sets_are_even());
    let spread = Dose {
        sets,
        reps: span(
            list.iter()
                .flat_map(|d| d.reps_per_set.iter().flatten().copied()),
        ),
        hold: span(list.iter().filter_map(|d| d.hold_seconds)),
        duration: span(list.iter().filter_map(|d| d.duration_seconds)),
        load: span(list.iter().filter_map(|d| d.load)),
        tempo: None,
    };
    let words = prescription(&spread);
    if uneven {
        format!("{words}, sets uneven")
    } else {
        words
    }
}

/// `+11.1–16.7%`.
fn changes(list: impl Iterator<Item = Change>) -> String {
    let all: Vec<Change> = list.collect();
    let key = |c: &&Change| c.tenths_of_percent();
    match (all.iter().min_by_key(key), all.iter().max_by_key(key)) {
        (Some(lo), Some(hi)) if lo.tenths_of_percent() != hi.tenths_of_percent() => {
            format!(
                "{}–{}",
                lo.to_string().trim_end_matches('%'),
                hi.to_string().trim_start_matches('+')
            )
        }
        (Some(one), _) => one.to_string(),
        _ => String::new(),
    }
}

/// The hold reasons of a region (all of one kind) in words.
fn reasons(list: &[HoldReason], band: RateBand) -> String {
    let pick = |f: fn(&HoldReason) -> Option<Change>| changes(list.iter().filter_map(f));
    match list.first() {
        Some(HoldReason::TooBig { .. }) => format!(
            "every step is over the {} maximum (the smallest is {})",
            band.max,
            pick(|r| match r {
                HoldReason::TooBig { smallest } => Some(*smallest),
                _ => None,
            })
        ),
        Some(HoldReason::TooSmall { .. }) => format!(
            "every step left is under the {} minimum (the largest is {})",
            band.min,
            pick(|r| match r {
                HoldReason::TooSmall { largest } => Some(*largest),
                _ => None,
            })
        ),
        Some(HoldReason::Gap { .. }) => format!(
            "no step lands inside the {} band (the nearest are {} and {})",
            self::band(band),
            pick(|r| match r {
                HoldReason::Gap { below, .. } => Some(*below),
                _ => None,
            }),
            pick(|r| match r {
                HoldReason::Gap { above, .. } => Some(*above),
                _ => None,
            })
        ),
        Some(HoldReason::LoadJump(j)) => {
            let mut helps: Vec<String> = Vec::new();
            for reason in list {
                if let HoldReason::LoadJump(LoadJump { helps: Some(w), .. }) = reason {
                    let w = w.to_string();
                    if !helps.contains(&w) {
                        helps.push(w);
                    }
                }
            }
            let mut out = format!(
                "the next weight, {}, is {} heavier than {}, more than the {} a jump may add",
                j.next,
                heavier(j.jump()),
                j.from,
                j.cap
            );
            if !helps.is_empty() {
                out.push_str(&format!(
                    "; a weight of {} would let it go on",
                    helps.join(" or ")
                ));
            }
            out
        }
        Some(other) => held(*other, band),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Load, MassUnit, Rate, Seconds, Sets};
    use crate::plan::Volume;

    fn reps(sets: &[u32]) -> SessionDose {
        SessionDose {
            sets: Sets(u32::try_from(sets.len()).unwrap()),
            reps_per_set: Some(sets.iter().map(|r| Reps(*r)).collect()),
            hold_seconds: None,
            duration_seconds: None,
            load: None,
        }
    }

    fn grew_by(
        var: DoseVar,
        rechosen: Option<DoseVar>,
        a: &SessionDose,
        b: &SessionDose,
    ) -> String {
        step(
            Step::Grew(Growth { var, rechosen }),
            Some(a),
            b,
            RateBand::default(),
        )
    }

    #[test]
    fn doses_read_the_same_way_everywhere() {
        let timed = SessionDose {
            sets: Sets(1),
            reps_per_set: None,
            hold_seconds: None,
            duration_seconds: Some(Seconds(32)),
            load: None,
        };
        assert_eq!(dose(&timed), "32 s");
        assert_eq!(dose(&reps(&[6, 5, 5, 5])), "4 sets: 6, 5, 5, 5 reps");
        assert_eq!(dose(&reps(&[11, 11])), "2 × 11 reps");
        let held = SessionDose {
            hold_seconds: Some(Seconds(10)),
            ..reps(&[10])
        };
        assert_eq!(dose(&held), "10 reps, 10 s hold each");
        let loaded = SessionDose {
            load: Some(Load::new(4, MassUnit::Kg)),
            ..reps(&[10, 10, 10])
        };
        assert_eq!(dose(&loaded), "3 × 10 reps at 4 kg");
        let bare_hold = SessionDose {
            sets: Sets(3),
            reps_per_set: None,
            hold_seconds: Some(Seconds(20)),
            duration_seconds: None,
            load: None,
        };
        assert_eq!(dose(&bare_hold), "3 × 20 s hold");
    }

    #[test]
    fn a_prescription_without_ranges_reads_like_its_first_week() {
        let written = Dose {
            sets: Range::single(Sets(1)),
            reps: Some(Range::single(Reps(10))),
            hold: Some(Range::single(Seconds(10))),
            duration: None,
            load: None,
            tempo: None,
        };
        let week1 = SessionDose {
            hold_seconds: Some(Seconds(10)),
            ..reps(&[10])
        };
        assert_eq!(prescription(&written), dose(&week1));
        let ranged = Dose {
            sets: Range::single(Sets(3)),
            reps: Some(Range {
                low: Reps(10),
                high: Reps(20),
            }),
            hold: None,
            load: Some(Range::single(Load::new(4, MassUnit::Kg))),
            tempo: Some("slowly".to_string()),
            duration: None,
        };
        assert_eq!(prescription(&ranged), "3 × 10–20 reps at 4 kg (slowly)");
        let timed = Dose {
            sets: Range::single(Sets(1)),
            reps: None,
            hold: None,
            duration: Some(Range {
                low: Seconds(30),
                high: Seconds(60),
            }),
            load: None,
            tempo: None,
        };
        assert_eq!(prescription(&timed), "30–60 s");
    }

    #[test]
    fn changes_are_said_per_set_never_as_totals() {
        let r = DoseVar::Reps;
        assert_eq!(
            grew_by(r, None, &reps(&[10, 10, 10]), &reps(&[11, 11, 11])),
            "+1 rep in each set"
        );
        assert_eq!(
            grew_by(r, None, &reps(&[10, 10, 10]), &reps(&[11, 11, 10])),
            "+1 rep in sets 1 and 2"
        );
        assert_eq!(
            grew_by(r, None, &reps(&[11, 11, 10]), &reps(&[13, 12, 11])),
            "+2 reps in set 1, +1 in sets 2 and 3"
        );
        assert_eq!(grew_by(r, None, &reps(&[10]), &reps(&[12])), "+2 reps");
        let at = |kg, list: &[u32]| SessionDose {
            load: Some(Load::new(kg, MassUnit::Kg)),
            ..reps(list)
        };
        assert_eq!(
            grew_by(
                DoseVar::Load,
                Some(r),
                &at(4, &[20, 20, 20]),
                &at(5, &[17, 17, 17])
            ),
            "heavier weight: 5 kg, 17 reps a set"
        );
        let hold = |s, list: &[u32]| SessionDose {
            hold_seconds: Some(Seconds(s)),
            ..reps(list)
        };
        assert_eq!(
            grew_by(DoseVar::Hold, Some(r), &hold(6, &[15]), &hold(7, &[14])),
            "+1 s on each hold, 14 reps"
        );
        assert_eq!(
            grew_by(DoseVar::Hold, None, &hold(10, &[10]), &hold(11, &[10])),
            "+1 s on each hold"
        );
    }

    /// A one-stage program: a hold of 10 s growing to 15 s, 6 weeks at most.
    fn one_stage() -> crate::model::Program {
        use crate::model::{Exercise, Frequency, Program, Slug, Stage, StageKind};
        let id = |s: &str| Slug::parse(s).unwrap();
        let stage = Stage {
            id: id("holds"),
            number: 1,
            title: "Holds".to_string(),
            kind: StageKind::StaticHold,
            purpose: String::new(),
            exercises: vec![id("hold")],
            max_weeks: 6,
            move_on: Vec::new(),
        };
        let dose = Dose {
            sets: Range::single(Sets(1)),
            reps: None,
            hold: Some(Range {
                low: Seconds(10),
                high: Seconds(15),
            }),
            duration: None,
            load: None,
            tempo: None,
        };
        let exercise = Exercise {
            id: id("hold"),
            title: "Hold".to_string(),
            stage: id("holds"),
            summary: None,
            equipment: Vec::new(),
            cues: Vec::new(),
            cautions: Vec::new(),
            media: None,
            dose: dose.clone(),
            prescription: dose,
            frequency: Frequency::EveryNDays { days: 1 },
            progression: crate::model::Progression {
                grow: vec![DoseVar::Hold],
                steps: crate::model::Steps::defaults(MassUnit::Kg),
                weights: Vec::new(),
                max_load_jump: crate::model::Progression::DEFAULT_MAX_LOAD_JUMP,
            },
            instructions: "Hold.".to_string(),
            brief: None,
            figure: None,
        };
        Program {
            config: crate::model::Config {
                title: "P".to_string(),
                description: None,
                base_url: None,
                language: "en".to_string(),
                rate: RateBand::default(),
                paper: crate::model::Paper::A4,
                units: crate::model::Units::Metric,
                clinic: None,
                raw_html: crate::model::RawHtml::Allow,
            },
            title: "P".to_string(),
            summary: String::new(),
            signs: Vec::new(),
            goals: Vec::new(),
            safety: String::new(),
            stages: vec![stage],
            exercises: vec![exercise],
            guides: Vec::new(),
            index: Default::default(),
        }
    }

    fn planned(weeks: u32) -> Plan {
        let mut request =
            crate::progression::PlanRequest::stage(1, jiff::civil::Date::new(2026, 6, 1).unwrap());
        request.weeks = Some(weeks);
        request.beyond_stage_limit = true;
        crate::progression::plan(&one_stage(), &request).unwrap()
    }

    #[test]
    fn a_plan_longer_than_its_stage_says_by_how_much() {
        assert_eq!(longer_than_stage(&planned(6)), None);
        assert_eq!(longer_than_stage(&planned(5)), None);
        assert_eq!(
            longer_than_stage(&planned(7)).as_deref(),
            Some("Longer than usual: this plan runs 7 weeks, 1 more than the 6 weeks stage 1 usually lasts.")
        );
    }

    #[test]
    fn a_weeks_note_compares_it_with_the_week_before() {
        let plan = planned(3);
        // 10 s → 11 s is +10%: one second more on each hold.
        assert_eq!(note(&plan, 0, 0), "starting dose");
        assert_eq!(note(&plan, 1, 0), "+1 s on each hold");
        assert_eq!(dose(&plan.weeks[1].exercises[0].dose), "11 s hold");
    }

    #[test]
    fn a_broken_rule_is_said_as_a_bug_to_report() {
        let at = reps(&[12, 12]);
        let broken = Region {
            unit: None,
            own_unit: true,
            trouble: Trouble::Broke(Rule::Band),
            starts: vec![reps(&[10, 10])],
            at: vec![at],
            rates: (Rate::percent(5), Rate::percent(6)),
            week: 3,
            reasons: Vec::new(),
        };
        assert_eq!(
            region(&broken, RateBand::default()),
            "from a start of 2 × 10 reps, aiming at 5–6%, a plan breaks the rule that every week grows inside the band or holds in week 3, at 2 × 12 reps"
        );
        assert!(region_hint(&broken).starts_with("this is a bug in planwright"));
    }

    #[test]
    fn a_weight_takes_the_article_its_number_is_said_with() {
        for (number, word) in [
            ("8 lb", "an"),
            ("8.5 kg", "an"),
            ("11 lb", "an"),
            ("18 kg", "an"),
            ("80 lb", "an"),
            ("5 kg", "a"),
            ("1 lb", "a"),
            ("110 lb", "a"),
            ("180 lb", "a"),
            ("2.5 kg", "a"),
        ] {
            assert_eq!(article(number), word, "{number}");
        }
    }

    #[test]
    fn ranges_of_changes_read_as_one_when_they_agree() {
        let change = |from, to| Change {
            from: Volume { hundredths: from },
            to: Volume { hundredths: to },
        };
        assert_eq!(changes([change(600, 700)].into_iter()), "+16.7%");
        assert_eq!(
            changes([change(900, 1000), change(600, 700), change(600, 700)].into_iter()),
            "+11.1–16.7%"
        );
    }

    #[test]
    fn holds_say_why() {
        let band = RateBand::default();
        let change = |from, to| Change {
            from: Volume { hundredths: from },
            to: Volume { hundredths: to },
        };
        let said = |reason| held(reason, band);
        assert_eq!(
            said(HoldReason::TooBig {
                smallest: change(500, 600)
            }),
            "the smallest step would be +20%, over the 10% maximum"
        );
        assert_eq!(
            said(HoldReason::NearTop {
                left: change(5800, 6000)
            }),
            "top of range reached (only +3.4% is left, under the 5% minimum): ready to move to the next stage"
        );
        assert_eq!(
            said(HoldReason::LoadJump(LoadJump {
                from: Load::new(4, MassUnit::Kg),
                next: Load::new(6, MassUnit::Kg),
                cap: Rate::percent(25),
                helps: Some(Load::new(5, MassUnit::Kg)),
            })),
            "the next weight, 6 kg, is 50% heavier, more than the 25% a jump may add: a 5 kg one lets the plan go on"
        );
        assert_eq!(
            said(HoldReason::Gap {
                below: change(3000, 3100),
                above: change(3000, 3400)
            }),
            "the nearest steps, +3.3% and +13.3%, fall outside the 5–10% band"
        );
    }
}
