//! The plans the site shows (every stage at the program's defaults) and
//! their rows as the site's tables print them: text only, every number as
//! the engine decided it.

use std::collections::BTreeMap;

use jiff::civil::Date;
use planwright_core::model::Program;
use planwright_core::plan::{Plan, Status};
use planwright_core::progression::{self, PlanError, PlanRequest};
use planwright_core::wording;
use rayon::prelude::*;

use super::{PlanRow, PlanTable};

/// Every stage's default plan: the program's baselines and rate, from
/// `start`. The site's tables, the printable PDFs and the calendars all
/// come from these same plans, so they always show the same numbers.
pub fn default_plans(program: &Program, start: Date) -> Result<Vec<Plan>, PlanError> {
    program
        .stages
        .par_iter()
        .map(|stage| progression::plan(program, &PlanRequest::stage(stage.number, start)))
        .collect()
}

/// Every exercise's default plan as the rows the site prints.
pub fn plan_tables(plans: &[Plan]) -> BTreeMap<String, PlanTable> {
    let mut tables = BTreeMap::new();
    for plan in plans {
        for (index, info) in plan.exercises.iter().enumerate() {
            tables.insert(info.id.to_string(), table(plan, index));
        }
    }
    tables
}
/// The rows of one exercise (`index` in the plan) as the site prints them.
fn table(plan: &Plan, index: usize) -> PlanTable {
    let info = &plan.exercises[index];
    let weeks = plan
        .weeks
        .iter()
        .enumerate()
        .map(|(w, week)| {
            let e = &week.exercises[index];
            PlanRow {
                week: week.week,
                dose: wording::dose(&e.dose),
                sessions: match e.sessions.optional {
                    0 => e.sessions.planned.to_string(),
                    n => format!("{} (+{n} optional)", e.sessions.planned),
                },
                change: wording::change(e),
                status: match e.status {
                    Status::Baseline => "baseline",
                    Status::Progress => "progress",
                    Status::Hold => "hold",
                }
                .to_string(),
                note: wording::note(plan, w, index),
            }
        })
        .collect();
    PlanTable {
        exercise_id: info.id.to_string(),
        caption: format!(
            "{}: {} weeks, growing {} a week",
            info.title,
            plan.weeks.len(),
            wording::band(plan.rate)
        ),
        weeks,
    }
}
