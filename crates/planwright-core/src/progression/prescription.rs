//! A prescription ready for the engine: one ladder per dose variable, with
//! the person's baselines, equipment and units already applied.

use super::ladder::{Count, Ladder, LoadLadder};
use super::request::{Baseline, BaselineValue, Equipment, Field, PlanError, Problem};
use crate::model::{
    Dose, DoseVar, Exercise, Load, MassUnit, Progression, Range, Reps, Seconds, Sets, Steps,
};
use crate::plan::{SessionDose, Volume, VolumeUnit};

/// An exercise's dose as ladders, and the order in which they may grow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescription {
    /// Sets per session.
    pub sets: Ladder<Sets>,
    /// Reps per set, when counted. Below the start only when reps grow: a
    /// heavier load or an added set may bring them back towards the bottom
    /// of their range.
    pub reps: Option<Ladder<Reps>>,
    /// Seconds per hold.
    pub hold: Option<Ladder<Seconds>>,
    /// Seconds per set.
    pub duration: Option<Ladder<Seconds>>,
    /// The weight.
    pub load: Option<LoadLadder>,
    /// Variables that may grow, most preferred first.
    pub grow: Vec<DoseVar>,
}

/// Where a dose stands on each ladder. `reps` counts rungs above the reps
/// floor summed over all sets, so sets can differ by one rung (6, 5, 5, 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Prescription {
    /// The prescription as programmed, in the program's own units.
    pub fn new(dose: &Dose, progression: &Progression) -> Prescription {
        build(dose, progression, dose.reps.map(|r| r.low))
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
            .map_err(|step| PlanError {
                field: Field::Units,
                problem: Problem::LoadUnderStep {
                    exercise: exercise.id.clone(),
                    bound: exercise.dose.load.map_or(step, |l| l.high),
                    step,
                },
            })?;
        // The programmed bottom of the reps range, before any baseline moves it.
        let lowest_reps = dose.reps.map(|r| r.low);
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
        Ok(build(&dose, &progression, lowest_reps))
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
            load: 0,
        }
    }

    /// True when `var` may grow.
    pub fn grows(&self, var: DoseVar) -> bool {
        self.grow.contains(&var)
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
    /// not counted) and the volume each one carries, in hundredths: volume
    /// is their product.
    pub(super) fn volume_parts(&self, rungs: Rungs) -> (u64, u64) {
        let sets = u64::from(self.sets.value(rungs.sets).0);
        let count = match self.reps {
            Some(r) => sets * u64::from(r.floor.0) + u64::from(rungs.reps) * u64::from(r.step.0),
            None => sets,
        };
        let seconds =
            |l: Option<Ladder<Seconds>>, rung: u32| l.map_or(1, |l| u64::from(l.value(rung).0));
        let each = seconds(self.hold, rungs.hold)
            * seconds(self.duration, rungs.duration)
            * self
                .load
                .as_ref()
                .map_or(100, |l| u64::from(l.value(rungs.load).hundredths));
        (count, each)
    }

    /// The volume of one session at `rungs`: (total reps, or sets) × (hold
    /// or duration seconds, when timed) × (load, when loaded).
    pub fn volume(&self, rungs: Rungs) -> Volume {
        let (count, each) = self.volume_parts(rungs);
        Volume {
            hundredths: count * each,
        }
    }

    /// The unit [`Prescription::volume`] counts in.
    pub fn volume_unit(&self) -> VolumeUnit {
        VolumeUnit {
            seconds: self.hold.is_some() || self.duration.is_some(),
            load: self.load.as_ref().map(|l| l.value(0).unit),
        }
    }
}

fn build(dose: &Dose, progression: &Progression, lowest_reps: Option<Reps>) -> Prescription {
    let grows = |var| progression.grow.contains(&var);
    let steps = &progression.steps;
    // A variable that does not grow stays on its starting rung.
    fn ladder<T: Count>(range: Range<T>, step: T, grows: bool) -> Ladder<T> {
        let high = if grows { range.high } else { range.low };
        Ladder::new(range.low, range.low, high, step)
    }
    Prescription {
        sets: ladder(dose.sets, steps.sets, grows(DoseVar::Sets)),
        reps: dose.reps.map(|r| {
            let lowest = match lowest_reps {
                Some(lowest) if grows(DoseVar::Reps) => lowest.min(r.low),
                _ => r.low,
            };
            let high = if grows(DoseVar::Reps) { r.high } else { r.low };
            Ladder::new(r.low, lowest, high, steps.reps)
        }),
        hold: dose
            .hold
            .map(|r| ladder(r, steps.hold, grows(DoseVar::Hold))),
        duration: dose
            .duration
            .map(|r| ladder(r, steps.duration, grows(DoseVar::Duration))),
        load: dose.load.map(|r| load_ladder(r, progression)),
        grow: progression.grow.clone(),
    }
}

fn load_ladder(range: Range<Load>, progression: &Progression) -> LoadLadder {
    let high = if progression.grow.contains(&DoseVar::Load) {
        range.high
    } else {
        range.low
    };
    if progression.weights.is_empty() {
        let step = progression.steps.load.hundredths.max(1);
        LoadLadder::Steps {
            start: range.low,
            step: Load {
                hundredths: step,
                unit: range.low.unit,
            },
            top: (high.hundredths - range.low.hundredths) / step,
        }
    } else {
        LoadLadder::Weights(
            progression
                .weights
                .iter()
                .copied()
                .filter(|w| *w >= range.low && *w <= high)
                .collect(),
        )
    }
}

/// The dose and progression with loads in `unit`. Converted loads are
/// rounded down to a step of `unit` (see [`conversion_step`]), never below
/// one step, so the upper bound is never exceeded; the program's weight
/// list describes equipment in the other unit and is dropped. Fails with
/// the lightest step when even that is above the converted upper bound:
/// no load in `unit` would then stay within the program's.
fn in_unit(
    dose: &Dose,
    progression: &Progression,
    unit: MassUnit,
) -> Result<(Dose, Progression), Load> {
    let mut dose = dose.clone();
    let mut progression = progression.clone();
    let Some(load) = dose.load else {
        return Ok((dose, progression));
    };
    if load.low.unit == unit {
        return Ok((dose, progression));
    }
    let step = conversion_step(load.high, unit).ok_or_else(|| lightest_step(unit))?;
    let low = convert(load.low, unit, step);
    let high = convert(load.high, unit, step).max(low);
    dose.load = Some(Range { low, high });
    progression.steps.load = step;
    progression.weights.clear();
    Ok((dose, progression))
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

fn lightest_step(unit: MassUnit) -> Load {
    Load {
        hundredths: match unit {
            MassUnit::Kg => 50,
            MassUnit::Lb => 100,
        },
        unit,
    }
}

/// `load` in hundredths of `unit`, rounded down.
fn exact_hundredths(load: Load, unit: MassUnit) -> u64 {
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
