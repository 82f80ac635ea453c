//! A patient file, with what the command line sets over it, as the
//! engine's [`PlanRequest`], each setting remembering where it was written
//! so that a refusal can point at it.
//!
//! `planwright plan` (flags over one file) and `planwright plans` (one
//! roster row each) both merge here; the browser's form builds its request
//! from its fields in `planwright-web`.

use jiff::civil::Date;

use super::{At, PatientFile};
use crate::diagnostic::Position;
use crate::model::{Rate, Slug, Units};
use planwright_core::progression::{Baseline, Equipment, Field, PlanRequest, StageRef};

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A flag, as the user would type it (`--rate 15%`).
    Flag(String),
    /// A place in the patient file (or roster row).
    File(Position),
    /// Nowhere: the default was used.
    Missing,
}

/// A value given on the command line, with the flag as typed.
#[derive(Debug, Clone)]
pub struct Flag<T> {
    /// The value.
    pub value: T,
    /// The flag and its text, e.g. `--rate 15%`.
    pub typed: String,
}

/// What the command line sets over a patient file; `None` and empty lists
/// leave the file's setting.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--stage`.
    pub stage: Option<Flag<StageRef>>,
    /// `--exercise`, which replaces the file's whole list.
    pub exercises: Vec<Flag<Slug>>,
    /// `--start`.
    pub start: Option<Flag<Date>>,
    /// `--weeks`.
    pub weeks: Option<Flag<u32>>,
    /// `--rate`.
    pub rate: Option<Flag<Rate>>,
    /// `--units`.
    pub units: Option<Flag<Units>>,
    /// `--equipment`.
    pub equipment: Option<Flag<Equipment>>,
    /// `--baseline`, each replacing the file's for the same variable and exercise.
    pub baselines: Vec<Flag<Baseline>>,
    /// `--name`.
    pub name: Option<String>,
    /// `--beyond-stage-limit`: allows longer plans whatever the file says.
    pub beyond_stage_limit: bool,
}

/// Where each field of a request came from.
#[derive(Debug, Clone)]
pub struct Origins {
    stage: Origin,
    exercises: Vec<Origin>,
    start: Origin,
    weeks: Origin,
    rate: Origin,
    units: Origin,
    equipment: Origin,
    baselines: Vec<Origin>,
}

impl Origins {
    /// Where the field a refusal names was written.
    pub fn of(&self, field: Field) -> &Origin {
        const MISSING: &Origin = &Origin::Missing;
        match field {
            Field::Selection => MISSING,
            Field::Stage => &self.stage,
            Field::Exercise(i) => self.exercises.get(i).unwrap_or(MISSING),
            Field::Start => &self.start,
            Field::Weeks => &self.weeks,
            Field::Rate => &self.rate,
            Field::Units => &self.units,
            Field::Equipment => &self.equipment,
            Field::Baseline(i) => self.baselines.get(i).unwrap_or(MISSING),
        }
    }

    /// Whether the start date was given (by a flag or the file) rather
    /// than the default.
    pub fn start_given(&self) -> bool {
        self.start != Origin::Missing
    }
}

/// A flag's value wins over the file's; each keeps its origin.
fn pick<T>(flag: Option<Flag<T>>, file: Option<At<T>>) -> (Option<T>, Origin) {
    match (flag, file) {
        (Some(flag), _) => (Some(flag.value), Origin::Flag(flag.typed)),
        (None, Some(at)) => (Some(at.value), Origin::File(at.position)),
        (None, None) => (None, Origin::Missing),
    }
}

impl PatientFile {
    /// The engine's request: `overrides` over this file. When neither
    /// gives a start date, week 1 starts on `default_start()`, which is
    /// asked only then (it may read the clock, and fail).
    pub fn request<E>(
        self,
        overrides: Overrides,
        default_start: impl FnOnce() -> Result<Date, E>,
    ) -> Result<(PlanRequest, Origins), E> {
        let (stage, stage_origin) = pick(overrides.stage, self.stage);
        let (start, start_origin) = pick(overrides.start, self.start);
        let start = match start {
            Some(date) => date,
            None => default_start()?,
        };
        let (weeks, weeks_origin) = pick(overrides.weeks, self.weeks);
        let (target, rate_origin) = pick(overrides.rate, self.rate);
        let (equipment, equipment_origin) = pick(overrides.equipment, self.equipment);
        let (exercises, exercise_origins): (Vec<Slug>, Vec<Origin>) =
            if overrides.exercises.is_empty() {
                self.exercises
                    .into_iter()
                    .map(|at| (at.value, Origin::File(at.position)))
                    .unzip()
            } else {
                overrides
                    .exercises
                    .into_iter()
                    .map(|f| (f.value, Origin::Flag(f.typed)))
                    .unzip()
            };
        let flags = overrides.baselines;
        let mut baselines: Vec<(Baseline, Origin)> = self
            .baselines
            .into_iter()
            .filter(|at| !flags.iter().any(|f| f.value.same_target(&at.value)))
            .map(|at| (at.value, Origin::File(at.position)))
            .collect();
        baselines.extend(flags.into_iter().map(|f| (f.value, Origin::Flag(f.typed))));
        let (baselines, baseline_origins) = baselines.into_iter().unzip();
        // A file's units are a word with no place of their own worth
        // pointing at: a refusal names the file (or the roster row).
        let (units, units_origin) = match overrides.units {
            Some(flag) => (Some(flag.value), Origin::Flag(flag.typed)),
            None => (self.units, Origin::Missing),
        };
        let mut person = self.person;
        if overrides.name.is_some() {
            person.name = overrides.name;
        }
        let request = PlanRequest {
            stage,
            exercises,
            start,
            weeks,
            target,
            units,
            equipment,
            baselines,
            beyond_stage_limit: overrides.beyond_stage_limit
                || self.beyond_stage_limit.is_some_and(|a| a.value),
            person,
        };
        let origins = Origins {
            stage: stage_origin,
            exercises: exercise_origins,
            start: start_origin,
            weeks: weeks_origin,
            rate: rate_origin,
            units: units_origin,
            equipment: equipment_origin,
            baselines: baseline_origins,
        };
        Ok((request, origins))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse_patient;

    fn file(text: &str) -> PatientFile {
        parse_patient(text, std::path::Path::new("p.yaml")).unwrap()
    }

    #[test]
    fn flags_win_and_keep_their_text_the_file_keeps_its_place() {
        let monday = jiff::civil::date(2026, 6, 1);
        let overrides = Overrides {
            rate: Some(Flag {
                value: Rate::parse("6%").unwrap(),
                typed: "--rate 6%".into(),
            }),
            baselines: vec![Flag {
                value: Baseline::parse("hold=8s").unwrap(),
                typed: "--baseline hold=8s".into(),
            }],
            ..Overrides::default()
        };
        let Ok((request, origins)) =
            file("stage: 2\nrate: 7%\nbaseline:\n  hold: 6 s\n  reps: 5\n")
                .request(overrides, || Ok::<_, std::convert::Infallible>(monday));
        assert_eq!(request.target, Some(Rate::parse("6%").unwrap()));
        assert_eq!(origins.of(Field::Rate), &Origin::Flag("--rate 6%".into()));
        assert_eq!(origins.of(Field::Stage), &Origin::File(Position::new(1, 8)));
        // The flag's hold replaces the file's; the file's reps stay, first.
        assert_eq!(request.baselines.len(), 2);
        assert_eq!(request.baselines[1], Baseline::parse("hold=8s").unwrap());
        assert_eq!(
            origins.of(Field::Baseline(0)),
            &Origin::File(Position::new(5, 9))
        );
        assert_eq!(request.start, monday);
        assert!(!origins.start_given());
        // A given start never asks for the default (which may read the clock).
        let given = file("start: 2026-07-06\n").request(Overrides::default(), || Err("asked"));
        assert_eq!(given.unwrap().0.start, jiff::civil::date(2026, 7, 6));
        assert_eq!(origins.of(Field::Units), &Origin::Missing);
    }
}
