//! `check`'s proof of an exercise: every plan a person can ask for, swept,
//! and the starting doses from which a plan would hold before the top of
//! its range (or break a rule), grouped into regions.
//!
//! What is swept: every starting dose on the programmed steps inside the
//! ranges (each growing variable on each of its rungs, in every
//! combination), every target rate of the band in 0.5% steps, every plan
//! length up to the stage's maximum, with the program's equipment, in both
//! unit systems. A hold near the top (less than the band's minimum left)
//! counts as the top and is not reported. The sweep shares one
//! [`Search`] table per unit and rate, so the whole sweep of the shipped
//! program takes milliseconds.
//!
//! Like the rest of the engine it reads nothing and words nothing:
//! [`crate::wording::region`] says a [`Region`] in words.

use std::collections::BTreeMap;

use super::moves::{jump_allowed, standing, Band, Standing};
use super::prescription::{Prescription, Rungs};
use super::request::aim;
use super::search::Search;
use crate::model::{DoseVar, Exercise, MassUnit, Rate, RateBand};
use crate::plan::{HoldReason, SessionDose, Step};

/// Start doses beyond this many are swept one variable at a time (the
/// others at their programmed start) rather than in every combination.
const MAX_COMBINATIONS: usize = 20_000;

/// The rates swept: every 0.5% of the band, and its maximum.
const RATE_STEP_BP: u32 = 50;

/// What went wrong in a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Trouble {
    /// The plan holds before the top of its range; the reasons of the
    /// region are in [`Region::reasons`].
    Holds,
    /// A plan broke one of the engine's own rules: a bug, never expected.
    Broke(Rule),
}

/// A rule every plan keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// Every week grows inside the band or holds.
    Band,
    /// A heavier load adds at most `max_load_jump` to each rep.
    LoadJump,
    /// Every value stays within its range's bounds.
    Bounds,
}

/// Starting doses that share a problem, with what happens from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// The unit loads were planned in, for loaded exercises.
    pub unit: Option<MassUnit>,
    /// True when that is the program's own unit.
    pub own_unit: bool,
    /// The problem.
    pub trouble: Trouble,
    /// The starting doses, in rung order.
    pub starts: Vec<SessionDose>,
    /// The doses at which the plans hold (or break the rule).
    pub at: Vec<SessionDose>,
    /// The lowest and highest target rate that shows it.
    pub rates: (Rate, Rate),
    /// The earliest week it happens in.
    pub week: u32,
    /// The hold reasons, one per distinct reason.
    pub reasons: Vec<HoldReason>,
}

/// The regions of `exercise` that hold before the top or break a rule,
/// for plans of up to `max_weeks` weeks in `band`, with loads in the
/// program's own unit and in the other system. Empty means every plan a
/// person can ask for progresses to the top of its range or for as long
/// as it lasts.
pub fn sweep(exercise: &Exercise, band: RateBand, max_weeks: u32) -> Vec<Region> {
    if exercise.progression.grow.is_empty() {
        return Vec::new();
    }
    // Without a load the unit plays no part: one pass in either.
    let own = exercise.dose.load.map_or(MassUnit::Kg, |l| l.low.unit);
    let unit_list: Vec<MassUnit> = match exercise.dose.load {
        Some(_) => vec![own, own.other()],
        None => vec![own],
    };
    let mut groups: BTreeMap<Key, Region> = BTreeMap::new();
    for unit in unit_list {
        // A unit the exercise cannot be planned in is the loader's error.
        let Ok(p) = Prescription::personalised(exercise, unit, None, &[]) else {
            continue;
        };
        let starts = starts(&p);
        for rate in rates(band) {
            let mut search = Search::new(&p, rate);
            for &start in &starts {
                for weeks in 2..=max_weeks.max(1) {
                    let path = search.path(start, weeks);
                    if let Some(found) = trouble(&p, rate, &path) {
                        let loaded = exercise.dose.load.map(|_| unit);
                        record(&mut groups, &p, loaded, unit == own, rate, start, found);
                    }
                }
            }
        }
    }
    groups.into_values().collect()
}

/// Every target of `band` in 0.5% steps, and its maximum.
fn rates(band: RateBand) -> Vec<RateBand> {
    let (min, max) = (band.min.basis_points, band.max.basis_points);
    let mut targets: Vec<u32> = (min..=max).step_by(RATE_STEP_BP as usize).collect();
    if targets.last() != Some(&max) {
        targets.push(max);
    }
    targets
        .into_iter()
        .filter_map(|bp| aim(band, Rate { basis_points: bp }).ok())
        .collect()
}

/// The starting doses to sweep: each growing variable on each rung from
/// the programmed bottom of its range, every set alike.
fn starts(p: &Prescription) -> Vec<Rungs> {
    let start = p.start();
    let rungs_of = |var: DoseVar| -> Vec<u32> {
        if p.grows(var) && p.has(var) {
            let top = match var {
                DoseVar::Reps => p.reps.map_or(0, |r| r.top),
                _ => p.top_of(var, start),
            };
            (0..=top).collect()
        } else {
            vec![match var {
                DoseVar::Reps => p.reps.map_or(0, |r| r.start),
                _ => start.get(var),
            }]
        }
    };
    let vars = [
        DoseVar::Sets,
        DoseVar::Reps,
        DoseVar::Hold,
        DoseVar::Duration,
        DoseVar::Load,
    ];
    let lists: Vec<Vec<u32>> = vars.iter().map(|v| rungs_of(*v)).collect();
    let combinations = lists
        .iter()
        .map(Vec::len)
        .fold(1usize, usize::saturating_mul);
    // Reps are per set here; the dose counts them over all sets.
    let dose = |rungs: [u32; 5]| Rungs {
        sets: rungs[0],
        reps: rungs[1] * p.sets.value(rungs[0]).0,
        hold: rungs[2],
        duration: rungs[3],
        load: rungs[4],
    };
    let mut out = Vec::new();
    if combinations <= MAX_COMBINATIONS {
        let mut current = [0u32; 5];
        cartesian(&lists, 0, &mut current, &mut |r| out.push(dose(r)));
    } else {
        let base = [
            start.sets,
            p.reps.map_or(0, |r| r.start),
            start.hold,
            start.duration,
            start.load,
        ];
        for (i, list) in lists.iter().enumerate() {
            for &rung in list {
                let mut r = base;
                r[i] = rung;
                out.push(dose(r));
            }
        }
        out.sort();
        out.dedup();
    }
    out
}

fn cartesian(
    lists: &[Vec<u32>],
    i: usize,
    current: &mut [u32; 5],
    visit: &mut impl FnMut([u32; 5]),
) {
    if i == lists.len() {
        visit(*current);
        return;
    }
    for &v in &lists[i] {
        current[i] = v;
        cartesian(lists, i + 1, current, visit);
    }
}

/// The first trouble on a path: a rule broken, or a hold before the top.
fn trouble(p: &Prescription, rate: RateBand, path: &[(Rungs, Step)]) -> Option<Found> {
    let top = p.top();
    for (week, pair) in (2u32..).zip(path.windows(2)) {
        let ((before, _), (after, step)) = (pair[0], pair[1]);
        let found = |trouble| Found {
            trouble,
            at: after,
            week,
            reason: None,
        };
        let in_bounds = [
            DoseVar::Sets,
            DoseVar::Hold,
            DoseVar::Duration,
            DoseVar::Load,
        ]
        .iter()
        .all(|v| after.get(*v) <= top.get(*v))
            && after.reps <= p.top_of(DoseVar::Reps, after);
        if !in_bounds {
            return Some(found(Trouble::Broke(Rule::Bounds)));
        }
        match step {
            Step::Grew(_) => {
                let band = Band::new(p.volume(before), rate);
                if !band.contains(p.volume(after).hundredths) {
                    return Some(found(Trouble::Broke(Rule::Band)));
                }
                if after.load != before.load
                    && (after.load != before.load + 1 || !jump_allowed(p, before.load, after.load))
                {
                    return Some(found(Trouble::Broke(Rule::LoadJump)));
                }
            }
            Step::Held { reason } => {
                if after != before {
                    return Some(found(Trouble::Broke(Rule::Band)));
                }
                if standing(p, after, rate) == Standing::Room {
                    return Some(Found {
                        reason: Some(reason),
                        ..found(Trouble::Holds)
                    });
                }
                return None;
            }
            Step::Start { .. } => return Some(found(Trouble::Broke(Rule::Band))),
        }
    }
    None
}

struct Found {
    trouble: Trouble,
    at: Rungs,
    week: u32,
    reason: Option<HoldReason>,
}

/// Regions are told apart by unit, trouble and kind of hold reason (and,
/// for a refused load jump, by the two weights).
type Key = (Option<MassUnit>, Trouble, u8, u32, u32);

fn key(unit: Option<MassUnit>, trouble: Trouble, reason: Option<HoldReason>) -> Key {
    let (kind, a, b) = match reason {
        None => (0, 0, 0),
        Some(HoldReason::TooBig { .. }) => (1, 0, 0),
        Some(HoldReason::TooSmall { .. }) => (2, 0, 0),
        Some(HoldReason::Gap { .. }) => (3, 0, 0),
        Some(HoldReason::LoadJump(j)) => (4, j.from.hundredths, j.next.hundredths),
        Some(HoldReason::NoProgression | HoldReason::TopReached | HoldReason::NearTop { .. }) => {
            (5, 0, 0)
        }
    };
    (unit, trouble, kind, a, b)
}

fn record(
    groups: &mut BTreeMap<Key, Region>,
    p: &Prescription,
    unit: Option<MassUnit>,
    own_unit: bool,
    rate: RateBand,
    start: Rungs,
    found: Found,
) {
    let region = groups
        .entry(key(unit, found.trouble, found.reason))
        .or_insert_with(|| Region {
            unit,
            own_unit,
            trouble: found.trouble,
            starts: Vec::new(),
            at: Vec::new(),
            rates: (rate.target, rate.target),
            week: found.week,
            reasons: Vec::new(),
        });
    let (start, at) = (p.dose(start), p.dose(found.at));
    if !region.starts.contains(&start) {
        region.starts.push(start);
    }
    if !region.at.contains(&at) {
        region.at.push(at);
    }
    region.rates = (
        region.rates.0.min(rate.target),
        region.rates.1.max(rate.target),
    );
    region.week = region.week.min(found.week);
    if let Some(reason) = found.reason {
        if !region.reasons.contains(&reason) {
            region.reasons.push(reason);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dose, Load, Progression, Range, Reps, Sets, Steps};
    use crate::plan::Growth;

    fn pullover() -> Prescription {
        let kg = |n| Load::new(n, MassUnit::Kg);
        Prescription::new(
            &Dose {
                sets: Range::single(Sets(3)),
                reps: Some(Range {
                    low: Reps(10),
                    high: Reps(20),
                }),
                hold: None,
                duration: None,
                load: Some(Range {
                    low: kg(4),
                    high: kg(8),
                }),
                tempo: None,
            },
            &Progression {
                grow: vec![DoseVar::Reps, DoseVar::Load],
                steps: Steps::defaults(MassUnit::Kg),
                weights: vec![kg(4), kg(5), kg(6), kg(8)],
                max_load_jump: Progression::DEFAULT_MAX_LOAD_JUMP,
            },
        )
    }

    fn grew(var: DoseVar) -> Step {
        Step::Grew(Growth {
            var,
            rechosen: None,
        })
    }

    #[test]
    fn every_rate_of_the_band_in_half_percents_and_its_maximum() {
        let band = RateBand {
            target: Rate::percent(7),
            min: Rate::percent(5),
            max: Rate { basis_points: 975 },
        };
        let targets: Vec<u32> = rates(band).iter().map(|r| r.target.basis_points).collect();
        assert_eq!(
            targets,
            [500, 550, 600, 650, 700, 750, 800, 850, 900, 950, 975]
        );
        assert_eq!(rates(RateBand::default()).len(), 11);
    }

    #[test]
    fn a_path_that_breaks_a_rule_is_trouble() {
        let p = pullover();
        let rate = RateBand::default();
        let start = p.start();
        let at = |reps, load| Rungs {
            reps,
            load,
            ..start
        };
        let first = |path: &[(Rungs, Step)]| trouble(&p, rate, path).map(|f| (f.trouble, f.week));
        let begin = (
            start,
            Step::Start {
                personalised: false,
            },
        );
        // 30 → 33 reps is +10%, inside the band: no trouble.
        assert_eq!(first(&[begin, (at(3, 0), grew(DoseVar::Reps))]), None);
        // 30 → 36 reps is +20%.
        assert_eq!(
            first(&[begin, (at(6, 0), grew(DoseVar::Reps))]),
            Some((Trouble::Broke(Rule::Band), 2))
        );
        // 3 × 20 at 4 kg → 3 × 14 at 6 kg is +5% of work, inside the band,
        // but it skips a weight and puts 50% more on every rep.
        let top = (
            at(30, 0),
            Step::Start {
                personalised: false,
            },
        );
        assert_eq!(
            first(&[top, (at(12, 2), grew(DoseVar::Load))]),
            Some((Trouble::Broke(Rule::LoadJump), 2))
        );
        // 3 × 20 at 4 kg → 3 × 17 at 5 kg: one weight, +25%, allowed.
        assert_eq!(first(&[top, (at(21, 1), grew(DoseVar::Load))]), None);
        // 21 reps a set is past the range's top.
        assert_eq!(
            first(&[begin, (at(33, 0), grew(DoseVar::Reps))]),
            Some((Trouble::Broke(Rule::Bounds), 2))
        );
        // A hold that changes the dose.
        let hold = Step::Held {
            reason: HoldReason::TopReached,
        };
        assert_eq!(
            first(&[begin, (at(1, 0), hold)]),
            Some((Trouble::Broke(Rule::Band), 2))
        );
    }
}
