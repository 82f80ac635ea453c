//! The notes a person reads beside each week's dose. Written here, once,
//! so the text table, the JSON, the website and the PDF all say the same.

use super::choice::HoldReason;
use crate::model::{DoseVar, RateBand};
use crate::plan::SessionDose;

/// The note of week 1.
pub(super) fn baseline_note(personalised: bool) -> String {
    if personalised {
        "starting dose, from your own baseline".to_string()
    } else {
        "starting dose".to_string()
    }
}

/// `5–10%`.
pub fn band_text(rate: RateBand) -> String {
    let min = rate.min.to_string();
    format!("{}–{}", min.trim_end_matches('%'), rate.max)
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn reps_list(dose: &SessionDose) -> String {
    let reps = dose.reps_per_set.as_deref().unwrap_or_default();
    if dose.sets_are_even() {
        reps.first().map_or(String::new(), |r| r.0.to_string())
    } else {
        let list: Vec<String> = reps.iter().map(|r| r.0.to_string()).collect();
        list.join(", ")
    }
}

/// What grew from `before` to `after`, when `var` was chosen.
pub(super) fn progress_note(
    var: DoseVar,
    before: &SessionDose,
    after: &SessionDose,
    rate: RateBand,
) -> String {
    let reps_changed = before.reps_per_set != after.reps_per_set;
    let total = |d: &SessionDose| d.total_reps().unwrap_or(0);
    let mut note = match var {
        DoseVar::Reps => format!(
            "+{}",
            plural(total(after).saturating_sub(total(before)), "rep", "reps")
        ),
        DoseVar::Hold => {
            let s = |d: &SessionDose| d.hold_seconds.map_or(0, |s| s.0);
            format!("+{} s hold", s(after).saturating_sub(s(before)))
        }
        DoseVar::Duration => {
            let s = |d: &SessionDose| d.duration_seconds.map_or(0, |s| s.0);
            format!("+{} s", s(after).saturating_sub(s(before)))
        }
        DoseVar::Sets => format!(
            "+{}",
            plural(after.sets.0.saturating_sub(before.sets.0), "set", "sets")
        ),
        DoseVar::Load => match after.load {
            Some(load) => format!("up to {load}"),
            None => "heavier".to_string(),
        },
    };
    if reps_changed && matches!(var, DoseVar::Sets | DoseVar::Load) {
        note.push_str(&format!(", {} reps a set", reps_list(after)));
    }
    if !after.sets_are_even() && reps_changed {
        note.push_str(&format!(
            "; sets differ because even sets would leave the {} band",
            band_text(rate)
        ));
    }
    note
}

/// Why a week holds.
pub(super) fn hold_note(reason: HoldReason, rate: RateBand) -> String {
    match reason {
        HoldReason::NoProgression => "no progression for this exercise: the dose stays the same".to_string(),
        HoldReason::TopReached => "top of range reached: ready to move to the next stage".to_string(),
        HoldReason::TooBig { smallest } => {
            format!("smallest possible step would be {smallest}: hold")
        }
        HoldReason::TooSmall { largest } => format!(
            "only {largest} is left before the top of the range, under the {} minimum: hold; ready to move to the next stage",
            rate.min
        ),
        HoldReason::Gap { below, above } => format!(
            "the nearest steps, {below} and {above}, fall outside the {} band: hold",
            band_text(rate)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Change, Volume};

    #[test]
    fn hold_notes_say_why() {
        let band = RateBand::default();
        let change = |from, to| Change {
            from: Volume { hundredths: from },
            to: Volume { hundredths: to },
        };
        assert_eq!(
            hold_note(HoldReason::TopReached, band),
            "top of range reached: ready to move to the next stage"
        );
        assert_eq!(
            hold_note(
                HoldReason::TooBig {
                    smallest: change(500, 600)
                },
                band
            ),
            "smallest possible step would be +20%: hold"
        );
        assert_eq!(
            hold_note(
                HoldReason::Gap {
                    below: change(3000, 3100),
                    above: change(3000, 3400)
                },
                band
            ),
            "the nearest steps, +3.3% and +13.3%, fall outside the 5–10% band: hold"
        );
    }
}
