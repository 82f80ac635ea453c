//! A prescription ready for the engine: one ladder per dose variable, with
//! the person's baselines, equipment and units already applied.

use super::ladder::{Count, Ladder, LoadLadder};
use super::request::{Baseline, BaselineValue, Equipment, Field, PlanError, Problem};
use crate::model::{
    Dose, DoseVar, Exercise, Load, MassUnit, Progression, Range, Rate, Reps, Seconds, Sets, Steps,
};
use crate::plan::{SessionDose, Volume, VolumeUnit};

/// An exercise's dose as ladders, the order in which they may grow, and
/// the largest load jump allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescription {
    /// Sets per session.
    pub sets: Ladder<Sets>,
    /// Reps per set, when counted.
    pub reps: Option<Ladder<Reps>>,
    /// Seconds per hold.
    pub hold: Option<Ladder<Seconds>>,
    /// Seconds per set.
    pub duration: Option<Ladder<Seconds>>,
    /// The weight.
    pub load: Option<LoadLadder>,
    /// Variables that may grow, most preferred first.
    pub grow: Vec<DoseVar>,
    /// The most a step up in load may add to the weight of every rep.
    pub max_load_jump: Rate,
}

/// Where a dose stands on each ladder. `reps` counts rungs above the reps
/// floor summed over all sets, so sets can differ by one rung (6, 5, 5, 5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rungs {
    /// Rung of the sets ladder.
    pub sets: u32,
    /// Rungs of the reps ladder, summed over the sets.
    pub reps: u32,
    /// Rung of the hold ladder.
    pub hold: u32,
    /// Rung of the duration ladder.
    pub duration: u32,
    /// Rung of the load ladder.
    pub load: u32,
}

impl Rungs {
    /// The rung of `var` (for reps, the rungs summed over the sets).
    pub fn get(self, var: DoseVar) -> u32 {
        match var {
            DoseVar::Sets => self.sets,
            DoseVar::Reps => self.reps,
            DoseVar::Hold => self.hold,
            DoseVar::Duration => self.duration,
            DoseVar::Load => self.load,
        }
    }

    /// The same dose with `var` on `rung`.
    pub fn with(self, var: DoseVar, rung: u32) -> Rungs {
        let mut r = self;
        match var {
            DoseVar::Sets => r.sets = rung,
            DoseVar::Reps => r.reps = rung,
            DoseVar::Hold => r.hold = rung,
            DoseVar::Duration => r.duration = rung,
            DoseVar::Load => r.load = rung,
        }
        r
    }
}

impl Prescription {
    /// The prescription as programmed, in the program's own units.
    pub fn new(dose: &Dose, progression: &Progression) -> Prescription {
        build(dose, progression, &Lowest::of(dose))
    }

    /// The prescription of `exercise` for one person: loads in `unit`, their
    /// `equipment`, and their `baselines` (each with its index in the
    /// request, for errors); a later baseline overrides an earlier one.
    pub fn personalised(
        exercise: &Exercise,
        unit: MassUnit,
        equipment: Option<&Equipment>,
        baselines: &[(usize, &Baseline)],
    ) -> Result<Prescription, PlanError> {
        let (mut dose, mut progression) = in_unit(&exercise.dose, &exercise.progression, unit)
            .map_err(|problem| PlanError {
                field: Field::Units,
                problem: problem.for_exercise(exercise),
            })?;
        // The programmed bottom of each range, before any baseline moves it:
        // a re-chosen variable may come back down that far.
        let lowest = Lowest::of(&dose);
        if let Some(equipment) = equipment {
            if dose.load.is_some() {
                apply_equipment(&mut progression, equipment, unit)?;
            }
        }
        for (index, baseline) in baselines {
            apply_baseline(exercise, &mut dose, &progression, unit, baseline).map_err(
                |problem| PlanError {
                    field: Field::Baseline(*index),
                    problem,
                },
            )?;
        }
        if let (Some(load), false) = (dose.load, progression.weights.is_empty()) {
            if !progression.weights.contains(&load.low) {
                return Err(PlanError {
                    field: Field::Equipment,
                    problem: Problem::StartNotAvailable {
                        exercise: exercise.id.clone(),
                        load: load.low,
                    },
                });
            }
        }
        Ok(build(&dose, &progression, &lowest))
    }

    /// Week 1: every ladder on its starting rung, every set alike.
    pub fn start(&self) -> Rungs {
        Rungs {
            sets: self.sets.start,
            reps: self
                .reps
                .map_or(0, |r| r.start * self.sets.value(self.sets.start).0),
            hold: self.hold.map_or(0, |l| l.start),
            duration: self.duration.map_or(0, |l| l.start),
            load: self.load.as_ref().map_or(0, LoadLadder::start),
        }
    }

    /// Every ladder on its top rung: the most the prescription allows.
    pub fn top(&self) -> Rungs {
        let sets = Rungs {
            sets: self.sets.top,
            ..Rungs::default()
        };
        Rungs {
            sets: sets.sets,
            reps: self.top_of(DoseVar::Reps, sets),
            hold: self.top_of(DoseVar::Hold, sets),
            duration: self.top_of(DoseVar::Duration, sets),
            load: self.top_of(DoseVar::Load, sets),
        }
    }

    /// The highest rung of `var` with the sets of `at` (reps count over all sets).
    pub fn top_of(&self, var: DoseVar, at: Rungs) -> u32 {
        match var {
            DoseVar::Sets => self.sets.top,
            DoseVar::Reps => self.reps.map_or(0, |r| r.top * self.sets.value(at.sets).0),
            DoseVar::Hold => self.hold.map_or(0, |l| l.top),
            DoseVar::Duration => self.duration.map_or(0, |l| l.top),
            DoseVar::Load => self.load.as_ref().map_or(0, LoadLadder::top),
        }
    }

    /// True when `var` may grow.
    pub fn grows(&self, var: DoseVar) -> bool {
        self.grow.contains(&var)
    }

    /// True when `progression.grow` lists `a` before `b`.
    pub fn prefers(&self, a: DoseVar, b: DoseVar) -> bool {
        let at = |v| self.grow.iter().position(|g| *g == v);
        matches!((at(a), at(b)), (Some(x), Some(y)) if x < y)
    }

    /// True when the dose has `var` (every dose has sets).
    pub fn has(&self, var: DoseVar) -> bool {
        match var {
            DoseVar::Sets => true,
            DoseVar::Reps => self.reps.is_some(),
            DoseVar::Hold => self.hold.is_some(),
            DoseVar::Duration => self.duration.is_some(),
            DoseVar::Load => self.load.is_some(),
        }
    }

    /// The variable re-chosen when `var` grows, if it may change: reps for
    /// a longer hold, a longer time, an extra set or a heavier load; sets
    /// (or the time of each set) where reps are not counted. Reps
    /// themselves grow alone.
    pub fn partner(&self, var: DoseVar) -> Option<DoseVar> {
        use DoseVar::{Duration, Hold, Load, Reps, Sets};
        let candidates: &[DoseVar] = match var {
            Reps => &[],
            Hold | Duration => &[Reps, Sets],
            Sets => &[Reps, Duration, Hold],
            Load => &[Reps, Duration, Hold, Sets],
        };
        candidates
            .iter()
            .copied()
            .find(|v| self.has(*v))
            .filter(|v| self.grows(*v))
    }

    /// The dose at `rungs`. Extra reps go to the first sets.
    pub fn dose(&self, rungs: Rungs) -> SessionDose {
        let sets = self.sets.value(rungs.sets);
        SessionDose {
            sets,
            reps_per_set: self.reps.map(|ladder| {
                let (each, extra) = (rungs.reps / sets.0, rungs.reps % sets.0);
                (0..sets.0)
                    .map(|i| ladder.value(each + u32::from(i < extra)))
                    .collect()
            }),
            hold_seconds: self.hold.map(|l| l.value(rungs.hold)),
            duration_seconds: self.duration.map(|l| l.value(rungs.duration)),
            load: self.load.as_ref().map(|l| l.value(rungs.load)),
        }
    }

    /// True when the sets at `rungs` carry different reps.
    pub fn uneven(&self, rungs: Rungs) -> bool {
        self.reps.is_some() && rungs.reps % self.sets.value(rungs.sets).0 != 0
    }

    /// How many things a session counts (total reps, or sets when reps are
    /// not counted) and the seconds each one lasts (1 when untimed): the
    /// volume is their product with the load.
    fn count_and_seconds(&self, rungs: Rungs) -> (u64, u64) {
        let sets = u64::from(self.sets.value(rungs.sets).0);
        let count = match self.reps {
            Some(r) => sets * u64::from(r.floor.0) + u64::from(rungs.reps) * u64::from(r.step.0),
            None => sets,
        };
        let seconds =
            |l: Option<Ladder<Seconds>>, rung: u32| l.map_or(1, |l| u64::from(l.value(rung).0));
        (
            count,
            seconds(self.hold, rungs.hold) * seconds(self.duration, rungs.duration),
        )
    }

    /// The volume of one session at `rungs` had it used `load` (hundredths
    /// of the plan's unit) instead of its own.
    pub fn volume_with_load(&self, rungs: Rungs, load: u32) -> Volume {
        let (count, seconds) = self.count_and_seconds(rungs);
        Volume {
            hundredths: count * seconds * u64::from(load),
        }
    }

    /// The volume of one session at `rungs`: (total reps, or sets) × (hold
    /// or duration seconds, when timed) × (load, when loaded).
    pub fn volume(&self, rungs: Rungs) -> Volume {
        let load = self
            .load
            .as_ref()
            .map_or(100, |l| l.value(rungs.load).hundredths);
        self.volume_with_load(rungs, load)
    }

    /// The unit [`Prescription::volume`] counts in.
    pub fn volume_unit(&self) -> VolumeUnit {
        VolumeUnit {
            seconds: self.hold.is_some() || self.duration.is_some(),
            load: self.load.as_ref().map(|l| l.value(0).unit),
        }
    }
}

/// The programmed bottom of each range, which re-chosen variables may go
/// back down to (or the baseline, when a person starts lower).
struct Lowest {
    sets: Sets,
    reps: Option<Reps>,
    hold: Option<Seconds>,
    duration: Option<Seconds>,
    load: Option<Load>,
}

impl Lowest {
    fn of(dose: &Dose) -> Lowest {
        Lowest {
            sets: dose.sets.low,
            reps: dose.reps.map(|r| r.low),
            hold: dose.hold.map(|r| r.low),
            duration: dose.duration.map(|r| r.low),
            load: dose.load.map(|r| r.low),
        }
    }
}

fn build(dose: &Dose, progression: &Progression, lowest: &Lowest) -> Prescription {
    let grows = |var| progression.grow.contains(&var);
    let steps = &progression.steps;
    // A growing variable's ladder reaches down to the programmed bottom of
    // its range, for when it is re-chosen; one that does not grow stays on
    // its starting rung.
    fn ladder<T: Count>(range: Range<T>, lowest: Option<T>, step: T, grows: bool) -> Ladder<T> {
        if grows {
            let low = lowest.map_or(range.low, |l| l.min(range.low));
            Ladder::new(range.low, low, range.high, step)
        } else {
            Ladder::new(range.low, range.low, range.low, step)
        }
    }
    Prescription {
        sets: ladder(
            dose.sets,
            Some(lowest.sets),
            steps.sets,
            grows(DoseVar::Sets),
        ),
        reps: dose
            .reps
            .map(|r| ladder(r, lowest.reps, steps.reps, grows(DoseVar::Reps))),
        hold: dose
            .hold
            .map(|r| ladder(r, lowest.hold, steps.hold, grows(DoseVar::Hold))),
        duration: dose
            .duration
            .map(|r| ladder(r, lowest.duration, steps.duration, grows(DoseVar::Duration))),
        load: dose.load.map(|r| load_ladder(r, lowest.load, progression)),
        grow: progression.grow.clone(),
        max_load_jump: progression.max_load_jump,
    }
}

fn load_ladder(range: Range<Load>, lowest: Option<Load>, progression: &Progression) -> LoadLadder {
    let high = if progression.grow.contains(&DoseVar::Load) {
        range.high
    } else {
        range.low
    };
    // Loads never go down; rungs below the start only keep the ladder the
    // same for every starting load, which `check`'s sweep relies on.
    let low = lowest.map_or(range.low, |l| l.min(range.low));
    if progression.weights.is_empty() {
        let step = progression.steps.load.hundredths.max(1);
        let down = (range.low.hundredths - low.hundredths) / step;
        let up = (high.hundredths - range.low.hundredths) / step;
        LoadLadder::Steps {
            floor: Load {
                hundredths: range.low.hundredths - down * step,
                unit: range.low.unit,
            },
            step: Load {
                hundredths: step,
                unit: range.low.unit,
            },
            start: down,
            top: down + up,
        }
    } else {
        let weights: Vec<Load> = progression
            .weights
            .iter()
            .copied()
            .filter(|w| *w >= low && *w <= high)
            .collect();
        let start = weights.iter().position(|w| *w == range.low).unwrap_or(0);
        LoadLadder::Weights {
            start: u32::try_from(start).unwrap_or(0),
            weights,
        }
    }
}

/// The dose and progression with loads in `unit`.
///
/// When the program lists weights in `unit` (a rack in pounds beside one in
/// kilograms), the plan uses them: the load starts at the heaviest listed
/// weight not above the programmed start and stops at the heaviest not above
/// its upper bound. Otherwise converted loads are rounded down to a step of
/// `unit` (see [`conversion_step`]), never below one step, so the upper
/// bound is never exceeded. Either way the weights in the other unit are
/// dropped: they describe other equipment.
fn in_unit(
    dose: &Dose,
    progression: &Progression,
    unit: MassUnit,
) -> Result<(Dose, Progression), UnitProblem> {
    let mut dose = dose.clone();
    let mut progression = progression.clone();
    progression.weights.retain(|w| w.unit == unit);
    let Some(load) = dose.load else {
        return Ok((dose, progression));
    };
    if load.low.unit == unit {
        return Ok((dose, progression));
    }
    if !progression.weights.is_empty() {
        let at_most = |bound: Load| {
            let exact = exact_hundredths(bound, unit);
            progression
                .weights
                .iter()
                .copied()
                .filter(|w| u64::from(w.hundredths) <= exact)
                .max()
        };
        let low = at_most(load.low).ok_or(UnitProblem::NoLightWeight {
            start: load.low,
            lightest: progression.weights[0],
        })?;
        let high = at_most(load.high).unwrap_or(low).max(low);
        dose.load = Some(Range { low, high });
        return Ok((dose, progression));
    }
    let step = conversion_step(load.high, unit).ok_or(UnitProblem::UnderStep {
        bound: load.high,
        step: lightest_step(unit),
    })?;
    let low = convert(load.low, unit, step);
    let high = convert(load.high, unit, step).max(low);
    dose.load = Some(Range { low, high });
    progression.steps.load = step;
    Ok((dose, progression))
}

/// Why an exercise's loads cannot be planned in the other unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitProblem {
    /// The upper bound is lighter than the unit's lightest step.
    UnderStep {
        /// The bound, as the program gives it.
        bound: Load,
        /// The lightest step of the unit.
        step: Load,
    },
    /// Every weight listed in the unit is heavier than the starting load.
    NoLightWeight {
        /// The starting load, as the program gives it.
        start: Load,
        /// The lightest weight listed in the unit.
        lightest: Load,
    },
}

impl UnitProblem {
    fn for_exercise(self, exercise: &Exercise) -> Problem {
        match self {
            UnitProblem::UnderStep { bound, step } => Problem::LoadUnderStep {
                exercise: exercise.id.clone(),
                bound,
                step,
            },
            UnitProblem::NoLightWeight { start, lightest } => Problem::NoLightWeight {
                exercise: exercise.id.clone(),
                start,
                lightest,
            },
        }
    }
}

/// Checks that `exercise` can be planned with loads in `unit`: what the
/// loader asks of every exercise, for both unit systems, so a plan in the
/// other unit is never refused for the program's sake.
pub fn check_units(
    dose: &Dose,
    progression: &Progression,
    unit: MassUnit,
) -> Result<(), UnitProblem> {
    in_unit(dose, progression, unit).map(|_| ())
}

/// The step that loads converted to `unit` go in, for an exercise whose
/// upper bound is `bound`: the unit's usual step (2.5 lb or 1 kg), or for
/// loads lighter than that the lightest weights sold (1 lb or 0.5 kg
/// dumbbells); `None` when `bound` is lighter still.
pub fn conversion_step(bound: Load, unit: MassUnit) -> Option<Load> {
    let exact = exact_hundredths(bound, unit);
    [Steps::defaults(unit).load, lightest_step(unit)]
        .into_iter()
        .find(|step| u64::from(step.hundredths) <= exact)
}

/// The lightest weights sold: 0.5 kg or 1 lb.
pub(super) fn lightest_step(unit: MassUnit) -> Load {
    Load {
        hundredths: match unit {
            MassUnit::Kg => 50,
            MassUnit::Lb => 100,
        },
        unit,
    }
}

/// `load` in hundredths of `unit`, rounded down.
pub(super) fn exact_hundredths(load: Load, unit: MassUnit) -> u64 {
    // 1 lb is exactly 0.45359237 kg.
    const LB_IN_KG_E8: u64 = 45_359_237;
    const E8: u64 = 100_000_000;
    let h = u64::from(load.hundredths);
    match (load.unit, unit) {
        (MassUnit::Kg, MassUnit::Lb) => h * E8 / LB_IN_KG_E8,
        (MassUnit::Lb, MassUnit::Kg) => h * LB_IN_KG_E8 / E8,
        _ => h,
    }
}

/// `load` in `unit`, rounded down to a multiple of `step` but at least one step.
pub fn convert(load: Load, unit: MassUnit, step: Load) -> Load {
    let step_h = u64::from(step.hundredths.max(1));
    let rounded = (exact_hundredths(load, unit) / step_h * step_h).max(step_h);
    Load {
        hundredths: u32::try_from(rounded).unwrap_or(u32::MAX),
        unit,
    }
}

fn apply_equipment(
    progression: &mut Progression,
    equipment: &Equipment,
    unit: MassUnit,
) -> Result<(), PlanError> {
    if let Some(found) = equipment.unit().filter(|u| *u != unit) {
        return Err(PlanError {
            field: Field::Equipment,
            problem: Problem::EquipmentUnit {
                found: found.symbol(),
                plan: unit.symbol(),
            },
        });
    }
    match equipment {
        Equipment::Weights(weights) => progression.weights = weights.clone(),
        Equipment::Step(step) => {
            progression.weights.clear();
            progression.steps.load = *step;
        }
    }
    Ok(())
}

fn apply_baseline(
    exercise: &Exercise,
    dose: &mut Dose,
    progression: &Progression,
    unit: MassUnit,
    baseline: &Baseline,
) -> Result<(), Problem> {
    let id = &exercise.id;
    let no_variable = || Problem::BaselineNoVariable {
        exercise: Some(id.clone()),
        var: baseline.value.var(),
    };
    fn set<T: Copy + PartialOrd + std::fmt::Display>(
        range: &mut Range<T>,
        value: T,
        id: &crate::model::Slug,
        var: DoseVar,
    ) -> Result<(), Problem> {
        if value > range.high {
            return Err(Problem::BaselineAboveBound {
                exercise: id.clone(),
                var: var.name(),
                value: value.to_string(),
                bound: range.high.to_string(),
            });
        }
        range.low = value;
        Ok(())
    }
    let var = baseline.value.var();
    match baseline.value {
        BaselineValue::Sets(v) => set(&mut dose.sets, v, id, var),
        BaselineValue::Reps(v) => set(dose.reps.as_mut().ok_or_else(no_variable)?, v, id, var),
        BaselineValue::Hold(v) => set(dose.hold.as_mut().ok_or_else(no_variable)?, v, id, var),
        BaselineValue::Duration(v) => {
            set(dose.duration.as_mut().ok_or_else(no_variable)?, v, id, var)
        }
        BaselineValue::Load(v) => {
            let range = dose.load.as_mut().ok_or_else(no_variable)?;
            if v.unit != unit {
                return Err(Problem::BaselineUnit {
                    value: v,
                    found: v.unit.symbol(),
                    plan: unit.symbol(),
                });
            }
            if !progression.weights.is_empty() && !progression.weights.contains(&v) {
                return Err(Problem::BaselineNotAvailable {
                    exercise: id.clone(),
                    value: v,
                    weights: progression
                        .weights
                        .iter()
                        .copied()
                        .filter(|w| *w <= range.high)
                        .collect(),
                });
            }
            set(range, v, id, var)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kg(n: u32) -> Load {
        Load::new(n, MassUnit::Kg)
    }

    #[test]
    fn kilograms_become_real_pound_steps_rounded_down() {
        let lb = Steps::defaults(MassUnit::Lb).load;
        // 4 kg = 8.82 lb → 7.5 lb; 12 kg = 26.46 lb → 25 lb.
        assert_eq!(convert(kg(4), MassUnit::Lb, lb).to_string(), "7.5 lb");
        assert_eq!(convert(kg(12), MassUnit::Lb, lb).to_string(), "25 lb");
        // Never rounded to nothing.
        assert_eq!(convert(kg(1), MassUnit::Lb, lb).to_string(), "2.5 lb");
        let kg_step = Steps::defaults(MassUnit::Kg).load;
        let ten_lb = Load {
            hundredths: 1000,
            unit: MassUnit::Lb,
        };
        // 10 lb = 4.54 kg → 4 kg.
        assert_eq!(convert(ten_lb, MassUnit::Kg, kg_step), kg(4));
    }
}
