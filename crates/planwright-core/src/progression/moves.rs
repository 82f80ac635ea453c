//! One week's possible moves: every dose a week may grow to from the last,
//! and, when there is none, why the dose must hold.
//!
//! A move grows one variable. Alone it may take several steps at once (a
//! load only ever one weight). Or it takes exactly one step and its partner
//! ([`Prescription::partner`]: reps for a longer hold or a heavier load, and
//! so on) is re-chosen so the week lands inside the band. A variable listed
//! after its partner in `progression.grow` does that only when the partner
//! cannot grow on its own that week (at the top of its range, or every step
//! of its own outside the band): double progression, reps before weight. A
//! re-chosen partner stays or comes down, never up, so a week never adds
//! two things at once. Every comparison is
//! exact integer arithmetic on volumes, so "never above the maximum" and
//! "never a bigger load jump than the cap" cannot be broken by rounding.

use super::prescription::{lightest_step, Prescription, Rungs};
use crate::model::{DoseVar, Load, RateBand, Steps};
use crate::plan::{Change, Growth, HoldReason, LoadJump, Volume};

/// A dose a week may grow to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The new dose.
    pub to: Rungs,
    /// What grew, and what was re-chosen with it.
    pub growth: Growth,
}

/// The volumes a week may reach from last week's, as exact bounds: at
/// least `lowest` (the minimum growth, and always some growth), at most
/// `highest` (the maximum).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Band {
    pub(crate) from: u64,
    pub(crate) lowest: u64,
    pub(crate) highest: u64,
}

impl Band {
    pub(crate) fn new(from: Volume, rate: RateBand) -> Band {
        let v = u128::from(from.hundredths);
        let at = |bp: u32| v * (10_000 + u128::from(bp));
        let fit = |x: u128| u64::try_from(x).unwrap_or(u64::MAX);
        Band {
            from: from.hundredths,
            // new × 10000 ≥ old × (10000 + min)  ⇔  new ≥ ⌈old × (10000 + min) / 10000⌉
            lowest: fit(at(rate.min.basis_points).div_ceil(10_000).max(v + 1)),
            // new × 10000 ≤ old × (10000 + max)  ⇔  new ≤ ⌊old × (10000 + max) / 10000⌋
            highest: fit(at(rate.max.basis_points) / 10_000),
        }
    }

    pub(crate) fn contains(&self, volume: u64) -> bool {
        (self.lowest..=self.highest).contains(&volume)
    }
}

/// True when a step from load rung `from` to `to` adds no more than the
/// prescription's `max_load_jump` to each rep.
pub(crate) fn jump_allowed(p: &Prescription, from: u32, to: u32) -> bool {
    let Some(ladder) = &p.load else { return true };
    within_cap(
        ladder.value(from).hundredths,
        ladder.value(to).hundredths,
        p.max_load_jump.basis_points,
    )
}

fn within_cap(from: u32, to: u32, cap_bp: u32) -> bool {
    u64::from(to) * 10_000 <= u64::from(from) * (10_000 + u64::from(cap_bp))
}

/// Every dose a week may grow to from `from`, in the order of
/// `progression.grow`, each variable's smaller steps first.
pub fn moves(p: &Prescription, from: Rungs, rate: RateBand) -> Vec<Move> {
    let band = Band::new(p.volume(from), rate);
    let volume = |r: Rungs| p.volume(r).hundredths;
    let mut choices: Vec<(DoseVar, Choice)> = Vec::new();
    each_choice(p, from, |var, choice| {
        choices.push((var, choice));
        within_reach(p, &band, choice)
    });
    // The variables that can grow alone this week, which nothing re-chooses.
    let alone: Vec<DoseVar> = choices
        .iter()
        .filter_map(|(var, choice)| match choice {
            Choice::Alone(to) if band.contains(volume(*to)) => Some(*var),
            _ => None,
        })
        .collect();
    let mut out: Vec<Move> = Vec::new();
    for (var, choice) in choices {
        let mut push = |to: Rungs| {
            if !out.iter().any(|m| m.to == to) {
                out.push(Move {
                    to,
                    growth: Growth {
                        var,
                        rechosen: p.partner(var).filter(|q| changed(p, *q, from, to)),
                    },
                });
            }
        };
        match choice {
            Choice::Alone(to) => {
                if band.contains(volume(to)) {
                    push(to);
                }
            }
            Choice::Rechosen {
                base,
                partner,
                up_to,
            } => {
                if alone.contains(&partner) && !p.prefers(var, partner) {
                    continue;
                }
                // Volume rises with every rung of the partner: skip to the band.
                let first = first_rung(up_to, |r| volume(base.with(partner, r)) >= band.lowest);
                for rung in first..=up_to {
                    let to = base.with(partner, rung);
                    if volume(to) > band.highest {
                        break;
                    }
                    push(to);
                }
            }
        }
    }
    out
}

/// False when `choice` is a dose alone above the band, so bigger steps are too.
fn within_reach(p: &Prescription, band: &Band, choice: Choice) -> bool {
    match choice {
        Choice::Alone(to) => p.volume(to).hundredths <= band.highest,
        Choice::Rechosen { .. } => true,
    }
}

/// The doses one step of a variable can reach.
#[derive(Debug, Clone, Copy)]
enum Choice {
    /// The variable grown, nothing else changed.
    Alone(Rungs),
    /// The variable one step up, its partner on any rung from 0 to `up_to`.
    Rechosen {
        base: Rungs,
        partner: DoseVar,
        up_to: u32,
    },
}

/// Calls `visit` with every choice of every growing variable, smaller steps
/// first; `visit` returns false when the dose it was given alone was
/// already above the band, so bigger steps of that variable are too.
fn each_choice(p: &Prescription, from: Rungs, mut visit: impl FnMut(DoseVar, Choice) -> bool) {
    for &var in &p.grow {
        if !p.has(var) {
            continue;
        }
        let here = from.get(var);
        let top = p.top_of(var, from);
        // A load goes one weight at a time, never a bigger jump than the cap.
        let last = if var == DoseVar::Load {
            if here < top && jump_allowed(p, here, here + 1) {
                here + 1
            } else {
                here
            }
        } else {
            top
        };
        for rung in here + 1..=last {
            let base = from.with(var, rung);
            let partner = p.partner(var);
            if rung == here + 1 {
                if let Some(q) = partner {
                    let up_to = not_above(p, q, from, base);
                    visit(
                        var,
                        Choice::Rechosen {
                            base,
                            partner: q,
                            up_to,
                        },
                    );
                }
            }
            match alone(p, from, var, base) {
                Some(to) if visit(var, Choice::Alone(to)) => {}
                _ => break,
            }
        }
    }
}

/// `base` (with `var` grown) with nothing else changed, if that can be:
/// extra sets keep the reps of each set, which needs every set alike.
fn alone(p: &Prescription, from: Rungs, var: DoseVar, base: Rungs) -> Option<Rungs> {
    if var != DoseVar::Sets || p.reps.is_none() {
        return Some(base);
    }
    let (before, after) = (p.sets.value(from.sets).0, p.sets.value(base.sets).0);
    (from.reps % before == 0).then(|| base.with(DoseVar::Reps, from.reps / before * after))
}

/// The highest rung partner `q` may take in `base` without rising above
/// its value in `from`: re-chosen reps never put more reps in a set.
fn not_above(p: &Prescription, q: DoseVar, from: Rungs, base: Rungs) -> u32 {
    let top = p.top_of(q, base);
    let limit = match q {
        DoseVar::Reps => {
            let (before, after) = (p.sets.value(from.sets).0, p.sets.value(base.sets).0);
            if before == after {
                from.reps
            } else {
                from.reps.div_ceil(before.max(1)) * after
            }
        }
        _ => from.get(q),
    };
    limit.min(top)
}

/// The lowest rung in `0..=top` for which `reached` holds (`top + 1` when
/// none does); `reached` must hold for every rung above one where it holds.
fn first_rung(top: u32, reached: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0u32, top + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if reached(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// True when the dose's `var` differs between `a` and `b`. Reps are
/// compared set by set: an extra set of the same reps changes no set.
fn changed(p: &Prescription, var: DoseVar, a: Rungs, b: Rungs) -> bool {
    match var {
        DoseVar::Reps => {
            let (sa, sb) = (p.sets.value(a.sets).0, p.sets.value(b.sets).0);
            if sa == sb {
                a.reps != b.reps
            } else {
                !(a.reps % sa == 0 && b.reps % sb == 0 && a.reps / sa == b.reps / sb)
            }
        }
        _ => a.get(var) != b.get(var),
    }
}

/// Where a dose stands against the top of its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Every growing variable is at its upper bound (or none grows).
    Top,
    /// Less than the band's minimum is left before the top.
    NearTop,
    /// There is room for at least one week's minimum growth.
    Room,
}

/// Where `at` stands.
pub(crate) fn standing(p: &Prescription, at: Rungs, rate: RateBand) -> Standing {
    let (v, top) = (
        u128::from(p.volume(at).hundredths),
        u128::from(p.volume(p.top()).hundredths),
    );
    if p.grow.is_empty() || v >= top {
        Standing::Top
    } else if top * 10_000 < v * (10_000 + u128::from(rate.min.basis_points)) {
        Standing::NearTop
    } else {
        Standing::Room
    }
}

/// Why a dose with no move must hold.
pub fn hold_reason(p: &Prescription, at: Rungs, rate: RateBand) -> HoldReason {
    let volume = p.volume(at);
    let change = |to: u64| Change {
        from: volume,
        to: Volume { hundredths: to },
    };
    match standing(p, at, rate) {
        _ if p.grow.is_empty() => return HoldReason::NoProgression,
        Standing::Top => return HoldReason::TopReached,
        Standing::NearTop => {
            return HoldReason::NearTop {
                left: change(p.volume(p.top()).hundredths),
            }
        }
        Standing::Room => {}
    }
    let band = Band::new(volume, rate);
    let mut misses = Misses::default();
    each_choice(p, at, |_, choice| {
        misses.around(p, &band, choice);
        true
    });
    // A load step the cap refused is the reason, when it is one.
    let load_top = p.top_of(DoseVar::Load, at);
    let jump =
        (p.grows(DoseVar::Load) && at.load < load_top && !jump_allowed(p, at.load, at.load + 1))
            .then(|| load_jump(p, at, &band))
            .flatten();
    if let Some(jump) = jump {
        return HoldReason::LoadJump(jump);
    }
    match (misses.below, misses.above) {
        (Some(b), Some(a)) => HoldReason::Gap {
            below: change(b),
            above: change(a),
        },
        (Some(b), None) => HoldReason::TooSmall { largest: change(b) },
        (None, Some(a)) => HoldReason::TooBig {
            smallest: change(a),
        },
        // Some variable has room, so some step grows the volume; this is
        // never reached, but a hold must still say something true.
        (None, None) => HoldReason::TooBig {
            smallest: change(p.volume(p.top()).hundredths),
        },
    }
}

/// The nearest volumes the steps reach on either side of the band.
#[derive(Default)]
struct Misses {
    /// The largest growth below the minimum.
    below: Option<u64>,
    /// The smallest growth above the maximum.
    above: Option<u64>,
}

impl Misses {
    fn see(&mut self, band: &Band, v: u64) {
        if v <= band.from {
            return;
        }
        if v < band.lowest {
            self.below = self.below.max(Some(v));
        } else if v > band.highest {
            self.above = Some(self.above.map_or(v, |a| a.min(v)));
        }
    }

    /// Notes the volumes of `choice` nearest the band.
    fn around(&mut self, p: &Prescription, band: &Band, choice: Choice) {
        let volume = |r: Rungs| p.volume(r).hundredths;
        match choice {
            Choice::Alone(to) => self.see(band, volume(to)),
            Choice::Rechosen {
                base,
                partner,
                up_to,
            } => {
                let first = first_rung(up_to, |r| volume(base.with(partner, r)) >= band.lowest);
                if first > 0 {
                    self.see(band, volume(base.with(partner, first - 1)));
                }
                if first <= up_to {
                    self.see(band, volume(base.with(partner, first)));
                }
            }
        }
    }
}

/// The refused step to the next weight, and a weight between that would
/// have let the plan go on: in the equipment's usual steps (1 kg, 2.5 lb)
/// if one fits, else the lightest dumbbell steps (0.5 kg, 1 lb).
fn load_jump(p: &Prescription, at: Rungs, band: &Band) -> Option<LoadJump> {
    let ladder = p.load.as_ref()?;
    let (from, next) = (ladder.value(at.load), ladder.value(at.load + 1));
    let cap = p.max_load_jump;
    let fits = |hundredths: u32| match p.partner(DoseVar::Load) {
        None => band.contains(p.volume_with_load(at, hundredths).hundredths),
        Some(q) => {
            let top = not_above(p, q, at, at);
            let lightest = first_rung(top, |r| {
                p.volume_with_load(at.with(q, r), hundredths).hundredths >= band.lowest
            });
            lightest <= top
                && band.contains(
                    p.volume_with_load(at.with(q, lightest), hundredths)
                        .hundredths,
                )
        }
    };
    let helps = [Steps::defaults(from.unit).load, lightest_step(from.unit)]
        .into_iter()
        .find_map(|step| {
            let step = step.hundredths;
            let first = (from.hundredths / step + 1) * step;
            (first..next.hundredths)
                .step_by(step as usize)
                .take_while(|h| within_cap(from.hundredths, *h, cap.basis_points))
                .find(|h| fits(*h))
        })
        .map(|hundredths| Load {
            hundredths,
            unit: from.unit,
        });
    Some(LoadJump {
        from,
        next,
        cap,
        helps,
    })
}
