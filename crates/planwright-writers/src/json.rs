//! The plan as the JSON document of `docs/plan-json.md`: the engine's
//! typed plan, the words of [`planwright_core::wording`] beside each dose
//! and week (`dose_text`, `note`), and the plan's id at the end.
//!
//! It decides nothing and words nothing itself: numbers come from the plan,
//! words from the wording layer, the id from [`crate::pdf::plan_id`], a
//! hash of the typed plan alone, so the words never change it.

use jiff::civil::Date;
use planwright_core::model::{RateBand, Slug, Units};
use planwright_core::plan::{ExerciseInfo, Person, Plan, StageInfo, StartingDose, WeekExercise};
use planwright_core::wording;
use serde::Serialize;

/// The document, keys in the documented order.
#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    program: &'a str,
    person: &'a Person,
    start: Date,
    end: Date,
    units: Units,
    rate: RateBand,
    stage: &'a StageInfo,
    exercises: &'a [ExerciseInfo],
    weeks: Vec<WeekView<'a>>,
    next_stage: Option<NextView<'a>>,
    id: String,
}

#[derive(Serialize)]
struct WeekView<'a> {
    week: u32,
    start: Date,
    end: Date,
    exercises: Vec<WeekExerciseView<'a>>,
}

/// A week's dose and step as the engine gave them, then their words.
#[derive(Serialize)]
struct WeekExerciseView<'a> {
    #[serde(flatten)]
    typed: &'a WeekExercise,
    dose_text: String,
    change_text: String,
    note: String,
}

#[derive(Serialize)]
struct NextView<'a> {
    number: usize,
    id: &'a Slug,
    title: &'a str,
    exercises: Vec<StartingView<'a>>,
}

#[derive(Serialize)]
struct StartingView<'a> {
    #[serde(flatten)]
    typed: &'a StartingDose,
    dose_text: String,
}

/// `plan` as the pretty-printed JSON document, ending in a newline.
pub fn plan_document(plan: &Plan) -> String {
    let weeks = plan
        .weeks
        .iter()
        .enumerate()
        .map(|(w, week)| WeekView {
            week: week.week,
            start: week.start,
            end: week.end,
            exercises: week
                .exercises
                .iter()
                .enumerate()
                .map(|(i, e)| WeekExerciseView {
                    typed: e,
                    dose_text: wording::dose(&e.dose),
                    change_text: wording::change(e),
                    note: wording::note(plan, w, i),
                })
                .collect(),
        })
        .collect();
    let next_stage = plan.next_stage.as_ref().map(|next| NextView {
        number: next.number,
        id: &next.id,
        title: &next.title,
        exercises: next
            .exercises
            .iter()
            .map(|e| StartingView {
                typed: e,
                dose_text: wording::dose(&e.dose),
            })
            .collect(),
    });
    let document = Document {
        schema_version: plan.schema_version,
        program: &plan.program,
        person: &plan.person,
        start: plan.start,
        end: plan.end,
        units: plan.units,
        rate: plan.rate,
        stage: &plan.stage,
        exercises: &plan.exercises,
        weeks,
        next_stage,
        id: crate::pdf::plan_id(plan),
    };
    // Serialising cannot fail: the document holds no maps with non-string keys.
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use planwright::content;
    use planwright_core::progression::{self, PlanRequest};

    fn stage_4() -> Plan {
        let program = content::assemble(&content::shipped_tree())
            .expect("the shipped program loads")
            .program;
        let start = Date::new(2026, 6, 1).unwrap();
        progression::plan(&program, &PlanRequest::stage(4, start)).unwrap()
    }

    #[test]
    fn the_words_are_in_the_document_but_not_in_the_plan_id() {
        let plan = stage_4();
        let document = plan_document(&plan);
        let value: serde_json::Value = serde_json::from_str(&document).unwrap();
        let week2 = &value["weeks"][1]["exercises"][0];
        assert_eq!(
            week2["dose_text"],
            wording::dose(&plan.weeks[1].exercises[0].dose)
        );
        assert_eq!(week2["note"], wording::note(&plan, 1, 0));
        assert_eq!(week2["step"]["kind"], "grew");
        assert_eq!(value["id"], crate::pdf::plan_id(&plan));
        // What the id hashes is the typed plan: no sentence is part of it,
        // so rewording (or translating) a note changes no id.
        let hashed = serde_json::to_string(&plan).unwrap();
        for word in ["\"dose_text\"", "\"note\"", "reps in", "starting dose"] {
            assert!(!hashed.contains(word), "the plan id hashes `{word}`");
        }
    }
}
