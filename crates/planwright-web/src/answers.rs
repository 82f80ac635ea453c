//! The reader's answers, as typed into the "Make my plan" form, read into
//! the engine's request with the command line's own readers and messages;
//! and a refusal sent back to the field that caused it.
//!
//! A form field stands for the flag of the same name (`rate` for
//! `--rate`, `baseline:cat-cow.hold` for `--baseline cat-cow.hold=…`), so
//! the same answers give the same plan as `planwright plan`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use planwright_core::model::{Program, Rate, Units};
use planwright_core::plan::Person;
use planwright_core::progression::{
    parse_date, parse_name, Baseline, DateError, Equipment, Field, PlanError, PlanRequest, StageRef,
};

/// The form's fields, each as typed; an empty field is not given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Answers {
    /// `--name`.
    pub name: String,
    /// `--stage`: a number or a stage id.
    pub stage: String,
    /// `--start`, `YYYY-MM-DD`.
    pub start: String,
    /// `--rate`, e.g. `7.5%`.
    pub rate: String,
    /// `--weeks`, 1 to 12.
    pub weeks: String,
    /// `--units`: `metric` or `imperial`.
    pub units: String,
    /// `--equipment`, e.g. `2,3,4,5,6,8kg` or `step=2.5lb`.
    pub equipment: String,
    /// `--baseline EXERCISE.VAR=VALUE`, by `EXERCISE.VAR`.
    pub baselines: BTreeMap<String, String>,
}

/// What is wrong with one field, in the command line's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field: `name`, `stage`, `start`, `rate`, `weeks`, `units`,
    /// `equipment`, `baseline:EXERCISE.VAR`, or `form` for the whole form.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is more to say.
    pub hint: Option<String>,
}

impl FieldError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
            hint: None,
        }
    }
}

/// A request read from the answers, and the field each baseline came from.
#[derive(Debug)]
pub struct Asked {
    /// The engine's request.
    pub request: PlanRequest,
    baseline_fields: Vec<String>,
}

/// Reads a field when it is given, recording its error otherwise.
fn given<T, E>(
    errors: &mut Vec<FieldError>,
    field: &str,
    text: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
    message: impl FnOnce(E) -> String,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match parse(text) {
        Ok(value) => Some(value),
        Err(e) => {
            errors.push(FieldError::new(field, message(e)));
            None
        }
    }
}

/// `--weeks`' own reader: clap's `u32` in `1..=12`, with clap's words.
fn weeks(text: &str) -> Result<u32, String> {
    let n: u32 = text
        .parse()
        .map_err(|e: std::num::ParseIntError| e.to_string())?;
    if (1..=12).contains(&n) {
        Ok(n)
    } else {
        Err(format!("{n} is not in 1..=12"))
    }
}

impl Answers {
    /// The engine's request, or every field that does not read.
    pub fn request(&self) -> Result<Asked, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let name = given(e, "name", &self.name, parse_name, |m| m);
        let stage = given(e, "stage", &self.stage, StageRef::parse, |m| m);
        let start = given(e, "start", &self.start, parse_date, DateError::typed);
        let target = given(e, "rate", &self.rate, Rate::parse, |q| q.to_string());
        let weeks = given(e, "weeks", &self.weeks, weeks, |m| m);
        let units = given(
            e,
            "units",
            &self.units,
            |u| match u {
                "metric" => Ok(Units::Metric),
                "imperial" => Ok(Units::Imperial),
                other => Err(format!("`{other}` is not metric or imperial")),
            },
            |m| m,
        );
        let equipment = given(e, "equipment", &self.equipment, Equipment::parse, |f| {
            f.to_string()
        });
        let mut baselines = Vec::new();
        let mut baseline_fields = Vec::new();
        for (target, value) in &self.baselines {
            let field = format!("baseline:{target}");
            let typed = format!("{target}={}", value.trim());
            if let Some(b) = given(
                e,
                &field,
                value,
                |_| Baseline::parse(&typed),
                |f| f.to_string(),
            ) {
                baselines.push(b);
                baseline_fields.push(field);
            }
        }
        // The page always fills in a start date (the reader's next Monday):
        // the module reads no clock.
        if start.is_none() && !errors.iter().any(|e| e.field == "start") {
            errors.push(FieldError::new(
                "start",
                "give the first day of week 1, as YYYY-MM-DD",
            ));
        }
        match (errors.is_empty(), start) {
            (true, Some(start)) => Ok(Asked {
                request: PlanRequest {
                    stage,
                    exercises: Vec::new(),
                    start,
                    weeks,
                    target,
                    units,
                    equipment,
                    baselines,
                    beyond_stage_limit: false,
                    person: Person {
                        name: name.filter(|n| !n.is_empty()),
                        ..Person::default()
                    },
                },
                baseline_fields,
            }),
            _ => Err(errors),
        }
    }
}

impl Asked {
    /// The engine's refusal at the field that caused it, with the hint the
    /// command line gives.
    pub fn refusal(&self, e: &PlanError) -> FieldError {
        let field = match e.field {
            Field::Selection | Field::Stage => "stage".to_string(),
            Field::Start => "start".to_string(),
            Field::Weeks => "weeks".to_string(),
            Field::Rate => "rate".to_string(),
            Field::Units => "units".to_string(),
            Field::Equipment => "equipment".to_string(),
            Field::Baseline(i) => self
                .baseline_fields
                .get(i)
                .cloned()
                .unwrap_or_else(|| "form".to_string()),
            Field::Exercise(_) => "form".to_string(),
        };
        FieldError {
            field,
            message: e.to_string(),
            hint: e.problem.hint(),
        }
    }
}

/// What the form offers, from the program: its stages, their exercises and
/// each exercise's dose variables with where they start and may grow to.
pub fn form(program: &Program) -> serde_json::Value {
    let stages: Vec<serde_json::Value> = program
        .stages
        .iter()
        .map(|stage| {
            let exercises: Vec<serde_json::Value> = program
                .exercises
                .iter()
                .filter(|e| e.stage == stage.id)
                .map(|e| {
                    let d = &e.prescription;
                    let top = &e.dose;
                    let mut vars = vec![serde_json::json!({
                        "var": "sets", "start": d.sets.low.to_string(), "max": top.sets.high.to_string(),
                    })];
                    let mut add = |var: &str, range: Option<(String, String)>| {
                        if let Some((start, max)) = range {
                            vars.push(serde_json::json!({"var": var, "start": start, "max": max}));
                        }
                    };
                    add("reps", d.reps.zip(top.reps).map(|(a, b)| (a.low.to_string(), b.high.to_string())));
                    add("hold", d.hold.zip(top.hold).map(|(a, b)| (a.low.to_string(), b.high.to_string())));
                    add("duration", d.duration.zip(top.duration).map(|(a, b)| (a.low.to_string(), b.high.to_string())));
                    add("load", d.load.zip(top.load).map(|(a, b)| (a.low.to_string(), b.high.to_string())));
                    serde_json::json!({"id": e.id, "title": e.title, "baselines": vars})
                })
                .collect();
            serde_json::json!({
                "number": stage.number,
                "id": stage.id,
                "title": stage.title,
                "max_weeks": stage.max_weeks,
                "exercises": exercises,
            })
        })
        .collect();
    let rate = program.config.rate;
    serde_json::json!({
        "title": program.title,
        "units": program.config.units,
        "paper": match program.config.paper {
            planwright_core::model::Paper::A4 => "a4",
            planwright_core::model::Paper::Letter => "letter",
        },
        "rate": {"min": rate.min.to_string(), "max": rate.max.to_string(), "target": rate.target.to_string()},
        "stages": stages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(json: &str) -> Answers {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_field_that_does_not_read_is_reported_in_the_clis_words() {
        let errors = answers(
            r#"{"stage":"stage two!","start":"2026-02-30","rate":"fast","weeks":"15","baselines":{"cat-cow.hold":"long"}}"#,
        )
        .request()
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["stage", "start", "rate", "weeks", "baseline:cat-cow.hold"]
        );
        assert_eq!(
            errors[1].message,
            "`2026-02-30` is not a date: February 2026 has 28 days"
        );
        assert_eq!(errors[3].message, "15 is not in 1..=12");
    }

    #[test]
    fn empty_fields_are_not_given_and_the_start_is_required() {
        let asked = answers(r#"{"start":"2026-06-01","rate":" "}"#)
            .request()
            .unwrap();
        assert_eq!(asked.request.target, None);
        assert_eq!(asked.request.stage, None);
        let errors = answers("{}").request().unwrap_err();
        assert_eq!(errors[0].field, "start");
    }
}
