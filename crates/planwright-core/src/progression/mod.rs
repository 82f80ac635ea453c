//! The progression engine: turns a prescription into a dated, week-by-week
//! [`Plan`] in which each week's growth is already worked out in doses a
//! person can do.
//!
//! Its job: find the sequence of weekly doses for the whole stage that
//! keeps every week inside the rate band, grows every week while anything
//! can grow, never adds more weight per rep than the load-jump cap, and
//! tracks the requested rate as closely as whole steps allow ([`search`]);
//! when a week must hold, say why as data. It also lays out sessions and
//! dates. The rules are in plain language in `docs/progression.md`.
//!
//! What it must not do: read files, the clock, the environment or any
//! randomness; start threads; print or word anything (that is
//! [`crate::wording`]); or use floating point in any decision. The start
//! date comes in as a value, volumes and rates are exact integers, and the
//! same request always gives the same plan. This keeps the crate building
//! for `wasm32-unknown-unknown`.

mod ladder;
mod moves;
mod prescription;
mod request;
pub mod search;
mod sessions;
pub mod sweep;

#[cfg(test)]
mod tests;

use jiff::Span;

pub use ladder::{Count, Ladder, LoadLadder};
pub use moves::{hold_reason, moves, Move};
pub use prescription::{check_units, conversion_step, convert, Prescription, Rungs, UnitProblem};
pub use request::{
    aim, checked_band, parse_date, parse_name, Baseline, BaselineValue, DateError, Equipment,
    Field, FormError, PlanError, PlanRequest, Problem, RateError, StageRef, MAX_LINE_CHARS, STARTS,
};
pub use search::{Cost, Search};
pub use sessions::sessions;

use crate::model::{Exercise, MassUnit, Program, RateBand, Seconds, Stage, Units};
use crate::plan::{
    Change, ExerciseInfo, NextStage, Plan, SessionDose, StageInfo, StartingDose, Status, Step,
    Volume, Week, WeekExercise, SCHEMA_VERSION,
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
    pub step: Step,
}

/// `weeks` weeks of `prescription` in `rate`'s band, week 1 first: the
/// lowest-cost path of [`search`]. `personalised` only marks week 1.
pub fn progress(
    prescription: &Prescription,
    rate: RateBand,
    weeks: u32,
    personalised: bool,
) -> Vec<Progressed> {
    let p = prescription;
    let path = Search::new(p, rate).path(p.start(), weeks.max(1));
    let mut out: Vec<Progressed> = Vec::with_capacity(path.len());
    for (rungs, step) in path {
        let volume = p.volume(rungs);
        let from = out.last().map_or(volume, |w| w.volume);
        let (status, step) = match step {
            Step::Start { .. } => (Status::Baseline, Step::Start { personalised }),
            Step::Grew(_) => (Status::Progress, step),
            Step::Held { .. } => (Status::Hold, step),
        };
        out.push(Progressed {
            rungs,
            dose: p.dose(rungs),
            volume,
            change: Change { from, to: volume },
            status,
            step,
        });
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
    if weeks > stage.max_weeks && !request.beyond_stage_limit {
        return Err(fail(
            Field::Weeks,
            Problem::BeyondStageLimit {
                stage: stage.id.clone(),
                max_weeks: stage.max_weeks,
                weeks,
            },
        ));
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
            rep_seconds: exercise
                .dose
                .tempo
                .as_deref()
                .and_then(Seconds::per_rep_in_tempo),
            volume_unit: prescription.volume_unit(),
            personalised,
        });
        progressions.push(progress(&prescription, rate, weeks, personalised));
    }

    let start = request.start;
    let out_of_range = || fail(Field::Start, Problem::StartOutOfRange(start));
    if !STARTS.contains(&start) {
        return Err(out_of_range());
    }
    let day = |offset: u32| {
        start
            .checked_add(Span::new().days(i64::from(offset)))
            .map_err(|_| out_of_range())
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
                sessions: sessions(exercise.frequency, start, w).ok_or_else(out_of_range)?,
                volume: week.volume,
                change: week.change,
                status: week.status,
                step: week.step,
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
            max_weeks: stage.max_weeks,
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
