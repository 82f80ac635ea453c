//! The progression engine: turns a prescription into a dated, week-by-week
//! [`Plan`] in which each week's growth is already worked out in doses a
//! person can do.
//!
//! Its job: pick, each week, the one dose variable to grow (in the
//! exercise's order of preference) and the whole step that lands the
//! week's volume inside the rate band, nearest the target; or hold the dose
//! and say why. It also lays out sessions and dates, and words every dose
//! and note, so that renderers only print. The rules are in plain language
//! in `docs/progression.md`.
//!
//! What it must not do: read files, the clock, the environment or any
//! randomness; start threads; print; or use floating point in any decision.
//! The start date comes in as a value, volumes and rates are exact
//! integers, and the same request always gives the same plan. This keeps
//! the crate building for `wasm32-unknown-unknown`.

mod choice;
mod ladder;
mod prescription;
mod request;
mod sessions;
mod wording;

#[cfg(test)]
mod tests;

use jiff::Span;

pub use choice::{decide, Decision, HoldReason};
pub use ladder::{Count, Ladder, LoadLadder};
pub use prescription::{conversion_step, convert, Prescription, Rungs};
pub use request::{
    aim, checked_band, Baseline, BaselineValue, Equipment, Field, FormError, PlanError,
    PlanRequest, Problem, RateError, StageRef,
};
pub use sessions::sessions;
pub use wording::band_text;

use crate::model::{Exercise, MassUnit, Program, RateBand, Stage, Units};
use crate::plan::{
    Change, ExerciseInfo, NextStage, Plan, SessionDose, StageInfo, StartingDose, Status, Volume,
    Week, WeekExercise, SCHEMA_VERSION,
};

/// One week of one exercise, as the engine decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progressed {
    /// Where the dose stands on its ladders.
    pub rungs: Rungs,
    /// The dose of each session.
    pub dose: SessionDose,
    /// The volume of one session.
    pub volume: Volume,
    /// The change from the week before.
    pub change: Change,
    /// Baseline, progress or hold.
    pub status: Status,
    /// What changed, or why it held.
    pub note: String,
}

/// `weeks` weeks of `prescription` in `rate`'s band, week 1 first.
/// `personalised` only changes week 1's note.
pub fn progress(
    prescription: &Prescription,
    rate: RateBand,
    weeks: u32,
    personalised: bool,
) -> Vec<Progressed> {
    let p = prescription;
    let start = p.start();
    let volume = p.volume(start);
    let mut out = Vec::with_capacity(weeks as usize);
    out.push(Progressed {
        rungs: start,
        dose: p.dose(start),
        volume,
        change: Change {
            from: volume,
            to: volume,
        },
        status: Status::Baseline,
        note: wording::baseline_note(personalised),
    });
    for _ in 1..weeks {
        let Some(last) = out.last() else { break };
        let week = match decide(p, last.rungs, rate) {
            Decision::Grew { var, to } => {
                let dose = p.dose(to);
                let volume = p.volume(to);
                Progressed {
                    rungs: to,
                    note: wording::progress_note(var, &last.dose, &dose, rate),
                    dose,
                    volume,
                    change: Change {
                        from: last.volume,
                        to: volume,
                    },
                    status: Status::Progress,
                }
            }
            Decision::Held(reason) => Progressed {
                change: Change {
                    from: last.volume,
                    to: last.volume,
                },
                status: Status::Hold,
                note: wording::hold_note(reason, rate),
                ..last.clone()
            },
        };
        out.push(week);
    }
    out
}

/// The plan `request` asks for from `program`.
pub fn plan(program: &Program, request: &PlanRequest) -> Result<Plan, PlanError> {
    let fail = |field, problem| PlanError { field, problem };
    let (stage, exercises) = select(program, request)?;
    let rate = match request.target {
        Some(target) => aim(program.config.rate, target),
        None => checked_band(program.config.rate),
    }
    .map_err(|e| fail(Field::Rate, e.into()))?;
    let weeks = request.weeks.unwrap_or(stage.max_weeks);
    if !(1..=12).contains(&weeks) {
        return Err(fail(Field::Weeks, Problem::Weeks(weeks)));
    }
    let units = request.units.unwrap_or(program.config.units);
    let unit = mass_unit(units);
    check_baselines(request, &exercises)?;

    let mut infos = Vec::with_capacity(exercises.len());
    let mut progressions = Vec::with_capacity(exercises.len());
    for exercise in &exercises {
        let applicable: Vec<(usize, &Baseline)> = request
            .baselines
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                b.exercise
                    .as_ref()
                    .map_or_else(|| exercise.dose.has(b.value.var()), |id| *id == exercise.id)
            })
            .collect();
        let prescription =
            Prescription::personalised(exercise, unit, request.equipment.as_ref(), &applicable)?;
        let personalised = !applicable.is_empty();
        infos.push(ExerciseInfo {
            id: exercise.id.clone(),
            title: exercise.title.clone(),
            frequency: exercise.frequency,
            tempo: exercise.dose.tempo.clone(),
            volume_unit: prescription.volume_unit(),
            personalised,
        });
        progressions.push(progress(&prescription, rate, weeks, personalised));
    }

    let start = request.start;
    let too_late = || fail(Field::Start, Problem::StartTooLate(start));
    let day = |offset: u32| {
        start
            .checked_add(Span::new().days(i64::from(offset)))
            .map_err(|_| too_late())
    };
    let end = day(weeks * 7 - 1)?;
    let mut plan_weeks = Vec::with_capacity(weeks as usize);
    for w in 0..weeks {
        let mut week_exercises = Vec::with_capacity(exercises.len());
        for (exercise, progression) in exercises.iter().zip(&progressions) {
            let week = &progression[w as usize];
            week_exercises.push(WeekExercise {
                id: exercise.id.clone(),
                dose: week.dose.clone(),
                dose_text: week.dose.to_string(),
                sessions: sessions(exercise.frequency, start, w).ok_or_else(too_late)?,
                volume: week.volume,
                change: week.change,
                status: week.status,
                note: week.note.clone(),
            });
        }
        plan_weeks.push(Week {
            week: w + 1,
            start: day(w * 7)?,
            end: day(w * 7 + 6)?,
            exercises: week_exercises,
        });
    }

    Ok(Plan {
        schema_version: SCHEMA_VERSION,
        program: program.title.clone(),
        person: request.person.clone(),
        start,
        end,
        units,
        rate,
        stage: StageInfo {
            number: stage.number,
            of: program.stages.len(),
            id: stage.id.clone(),
            title: stage.title.clone(),
            kind: stage.kind,
            move_on: stage.move_on.clone(),
        },
        exercises: infos,
        weeks: plan_weeks,
        next_stage: next_stage(program, stage, unit)?,
    })
}

/// The unit loads are planned in.
pub fn mass_unit(units: Units) -> MassUnit {
    match units {
        Units::Metric => MassUnit::Kg,
        Units::Imperial => MassUnit::Lb,
    }
}

/// The stage and exercises asked for.
fn select<'p>(
    program: &'p Program,
    request: &PlanRequest,
) -> Result<(&'p Stage, Vec<&'p Exercise>), PlanError> {
    let fail = |field, problem| PlanError { field, problem };
    let stage_list = || -> Vec<String> {
        program
            .stages
            .iter()
            .map(|s| format!("{} `{}`", s.number, s.id))
            .collect()
    };
    let asked = match &request.stage {
        Some(r) => {
            let found = match r {
                StageRef::Number(n) => program.stage_number(*n),
                StageRef::Id(id) => program.stages.iter().find(|s| &s.id == id),
            };
            Some(found.ok_or_else(|| {
                fail(
                    Field::Stage,
                    Problem::UnknownStage(r.to_string(), stage_list()),
                )
            })?)
        }
        None => None,
    };
    if request.exercises.is_empty() {
        let stage = asked.ok_or_else(|| {
            fail(
                Field::Selection,
                Problem::NoSelection {
                    stages: stage_list(),
                },
            )
        })?;
        return Ok((stage, program.exercises_in(&stage.exercises)));
    }
    let mut chosen: Vec<&Exercise> = Vec::with_capacity(request.exercises.len());
    for (i, id) in request.exercises.iter().enumerate() {
        let exercise = program.exercise(id).ok_or_else(|| {
            let ids = program
                .exercises
                .iter()
                .map(|e| format!("`{}`", e.id))
                .collect();
            fail(
                Field::Exercise(i),
                Problem::UnknownExercise(id.clone(), ids),
            )
        })?;
        match (asked, chosen.first()) {
            (Some(stage), _) if exercise.stage != stage.id => {
                return Err(fail(
                    Field::Exercise(i),
                    Problem::NotInStage {
                        exercise: id.clone(),
                        belongs: exercise.stage.clone(),
                        asked: stage.id.clone(),
                    },
                ));
            }
            (None, Some(first)) if exercise.stage != first.stage => {
                return Err(fail(
                    Field::Exercise(i),
                    Problem::MixedStages {
                        exercise: id.clone(),
                        belongs: exercise.stage.clone(),
                        first: first.id.clone(),
                        first_stage: first.stage.clone(),
                    },
                ));
            }
            _ => {}
        }
        if !chosen.iter().any(|e| e.id == exercise.id) {
            chosen.push(exercise);
        }
    }
    let stage_id = &chosen[0].stage;
    let stage = match asked {
        Some(stage) => stage,
        None => program
            .stages
            .iter()
            .find(|s| &s.id == stage_id)
            .ok_or_else(|| {
                fail(
                    Field::Exercise(0),
                    Problem::UnknownStage(stage_id.to_string(), stage_list()),
                )
            })?,
    };
    Ok((stage, chosen))
}

/// Baselines that name no planned exercise, or a variable no planned
/// exercise has, are mistakes worth stopping for.
fn check_baselines(request: &PlanRequest, exercises: &[&Exercise]) -> Result<(), PlanError> {
    for (i, baseline) in request.baselines.iter().enumerate() {
        let fail = |problem| PlanError {
            field: Field::Baseline(i),
            problem,
        };
        let zero = match baseline.value {
            BaselineValue::Sets(s) => s.0 == 0,
            BaselineValue::Reps(r) => r.0 == 0,
            BaselineValue::Hold(s) | BaselineValue::Duration(s) => s.0 == 0,
            BaselineValue::Load(l) => l.hundredths == 0,
        };
        if zero {
            return Err(fail(Problem::BaselineZero(baseline.value.var())));
        }
        match &baseline.exercise {
            Some(id) if !exercises.iter().any(|e| &e.id == id) => {
                return Err(fail(Problem::BaselineNotPlanned(id.clone())));
            }
            None if !exercises.iter().any(|e| e.dose.has(baseline.value.var())) => {
                return Err(fail(Problem::BaselineNoVariable {
                    exercise: None,
                    var: baseline.value.var(),
                }));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The next stage's starting doses, in the plan's unit. An exercise there
/// whose loads cannot be given in that unit fails the plan: its sheet would
/// otherwise print a first load above the program's bound.
fn next_stage(
    program: &Program,
    stage: &Stage,
    unit: MassUnit,
) -> Result<Option<NextStage>, PlanError> {
    let Some(next) = program.stage_number(stage.number + 1) else {
        return Ok(None);
    };
    let exercises = program
        .exercises_in(&next.exercises)
        .into_iter()
        .map(|exercise| {
            let p = Prescription::personalised(exercise, unit, None, &[])?;
            let dose = p.dose(p.start());
            Ok(StartingDose {
                id: exercise.id.clone(),
                title: exercise.title.clone(),
                dose_text: dose.to_string(),
                dose,
                frequency: exercise.frequency,
            })
        })
        .collect::<Result<_, PlanError>>()?;
    Ok(Some(NextStage {
        number: next.number,
        id: next.id.clone(),
        title: next.title.clone(),
        exercises,
    }))
}
