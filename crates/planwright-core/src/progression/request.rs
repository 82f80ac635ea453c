//! What a plan is asked for: the stage or exercises, the start date, the
//! person's own baselines and equipment, and why a request can be refused.
//!
//! The short text forms (`hold=6s`, `2,3,4,5,6,8kg`, `step=1.25kg`) are read
//! here so that the CLI, the patient file and later the website accept
//! exactly the same things.

use std::fmt;

use jiff::civil::Date;
use thiserror::Error;

use crate::model::{
    DoseVar, Load, MassUnit, QuantityError, Rate, RateBand, Reps, Seconds, Sets, Slug, Units,
};
use crate::plan::Person;

/// The first days a plan may have. Every date a plan holds, and so every
/// date written into a PDF or a calendar, then lies in years 1900 to 9999:
/// RFC 5545 and PDF dates have four-digit years, and a plan of the most
/// weeks (12) that starts on the last day still ends within 9999.
pub const STARTS: std::ops::RangeInclusive<Date> =
    jiff::civil::date(1900, 1, 1)..=jiff::civil::date(9999, 9, 30);

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong, e.g. "`2026-02-30` is not a date: February 2026 has 28 days".
    pub message: String,
    /// True when the text is not written `YYYY-MM-DD` at all, so the
    /// reader should be shown the form.
    pub bad_form: bool,
}

/// Reads a date written `YYYY-MM-DD` and nothing else: not `2026-6-1`, not
/// `2026-06-01T08:00` (whose time would be dropped without a word). A date
/// in that form that does not exist says why: February 2026 has 28 days.
/// The patient file's `start`, `issued` and `review`, the `--start`
/// flag and the browser's form share this reader.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let text = text.trim();
    let b = text.as_bytes();
    let form = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    let no_date = |why: Option<String>| DateError {
        message: match &why {
            Some(why) => format!("`{text}` is not a date: {why}"),
            None => format!("`{text}` is not a date"),
        },
        bad_form: why.is_none(),
    };
    if !form {
        return Err(no_date(None));
    }
    // Four digits each fit, so these parses cannot fail.
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let Some(first) = i8::try_from(month)
        .ok()
        .and_then(|m| Date::new(year, m, 1).ok())
    else {
        return Err(no_date(Some("a month is 1 to 12".to_string())));
    };
    let days = i16::from(first.days_in_month());
    match i8::try_from(day)
        .ok()
        .filter(|d| (1..=days).contains(&i16::from(*d)))
    {
        Some(day) => first.with().day(day).build().map_err(|_| no_date(None)),
        None => Err(no_date(Some(format!(
            "{} has {days} days",
            first.strftime("%B %Y")
        )))),
    }
}

impl DateError {
    /// The message for a date typed on its own (a flag, a form field):
    /// when the text is not a date at all, it shows the form too.
    pub fn typed(self) -> String {
        if self.bad_form {
            format!("{}; write it as YYYY-MM-DD, like 2026-06-01", self.message)
        } else {
            self.message
        }
    }
}

/// The most characters a one-line value may have: a name, a clinician, a
/// clinic. Longer text would not fit a line of the printed plan.
pub const MAX_LINE_CHARS: usize = 300;

/// Reads a person's name as typed (a flag, a form field): it fits on a
/// line of the plan, as in a patient file.
pub fn parse_name(text: &str) -> Result<String, String> {
    let chars = text.chars().count();
    if chars > MAX_LINE_CHARS {
        return Err(format!(
            "the name is {chars} characters long; at most {MAX_LINE_CHARS} are allowed"
        ));
    }
    Ok(text.to_string())
}

/// A request for a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRequest {
    /// The stage to plan; with `exercises`, the stage they must belong to.
    pub stage: Option<StageRef>,
    /// Plan only these exercises (in this order); empty plans the whole stage.
    pub exercises: Vec<Slug>,
    /// The first day of week 1.
    pub start: Date,
    /// How many weeks (1–12); `None` is the stage's `max_weeks`.
    pub weeks: Option<u32>,
    /// The weekly growth to aim for; `None` is the program's target.
    pub target: Option<Rate>,
    /// Units for loads; `None` is the program's units.
    pub units: Option<Units>,
    /// The weights the person has; `None` uses the program's.
    pub equipment: Option<Equipment>,
    /// The person's own starting values; a later one overrides an earlier
    /// one for the same exercise and variable.
    pub baselines: Vec<Baseline>,
    /// Allows `weeks` past the stage's `max_weeks`: a clinician's explicit
    /// choice, which the printed plan states.
    pub beyond_stage_limit: bool,
    /// Who the plan is for.
    pub person: Person,
}

impl PlanRequest {
    /// The whole of stage `number` from `start`, everything else as the
    /// program prescribes it: the plan the site and its downloads show.
    pub fn stage(number: usize, start: Date) -> PlanRequest {
        PlanRequest {
            stage: Some(StageRef::Number(number)),
            exercises: Vec::new(),
            start,
            weeks: None,
            target: None,
            units: None,
            equipment: None,
            baselines: Vec::new(),
            beyond_stage_limit: false,
            person: Person::default(),
        }
    }
}

/// A stage named by its position (from 1) or its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageRef {
    /// `4` is the fourth stage.
    Number(usize),
    /// The stage's id.
    Id(Slug),
}

impl StageRef {
    /// Reads `4` or `concentric`.
    pub fn parse(text: &str) -> Result<StageRef, String> {
        let text = text.trim();
        if let Ok(n) = text.parse::<usize>() {
            return if n == 0 {
                Err("stages are numbered from 1".to_string())
            } else {
                Ok(StageRef::Number(n))
            };
        }
        Slug::parse(text)
            .map(StageRef::Id)
            .map_err(|why| format!("`{text}` is neither a stage number nor a stage id: it {why}"))
    }
}

impl fmt::Display for StageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StageRef::Number(n) => write!(f, "{n}"),
            StageRef::Id(id) => write!(f, "{id}"),
        }
    }
}

/// A person's own starting value for one dose variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    /// The exercise it is for; `None` applies it to every planned exercise
    /// that has the variable.
    pub exercise: Option<Slug>,
    /// The variable and its value.
    pub value: BaselineValue,
}

/// A starting value, typed by its variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineValue {
    /// Sets per session.
    Sets(Sets),
    /// Reps per set.
    Reps(Reps),
    /// Seconds per hold.
    Hold(Seconds),
    /// Seconds per set.
    Duration(Seconds),
    /// The weight.
    Load(Load),
}

impl BaselineValue {
    /// The variable this value is for.
    pub fn var(self) -> DoseVar {
        match self {
            BaselineValue::Sets(_) => DoseVar::Sets,
            BaselineValue::Reps(_) => DoseVar::Reps,
            BaselineValue::Hold(_) => DoseVar::Hold,
            BaselineValue::Duration(_) => DoseVar::Duration,
            BaselineValue::Load(_) => DoseVar::Load,
        }
    }

    /// Reads the value of `var` (`6s`, `8`, `4kg`).
    pub fn parse(var: DoseVar, text: &str) -> Result<BaselineValue, QuantityError> {
        Ok(match var {
            DoseVar::Sets => BaselineValue::Sets(Sets::parse(text)?),
            DoseVar::Reps => BaselineValue::Reps(Reps::parse(text)?),
            DoseVar::Hold => BaselineValue::Hold(Seconds::parse(text)?),
            DoseVar::Duration => BaselineValue::Duration(Seconds::parse(text)?),
            DoseVar::Load => BaselineValue::Load(Load::parse(text)?),
        })
    }
}

impl fmt::Display for BaselineValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaselineValue::Sets(v) => write!(f, "{v}"),
            BaselineValue::Reps(v) => write!(f, "{v}"),
            BaselineValue::Hold(v) | BaselineValue::Duration(v) => write!(f, "{v}"),
            BaselineValue::Load(v) => write!(f, "{v}"),
        }
    }
}

/// Why a baseline or equipment text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormError {
    /// `hold6s`.
    #[error("expected VAR=VALUE, like `hold=6s`, `reps=8` or `load=4kg`")]
    NoEquals,
    /// `speed=3`.
    #[error("unknown variable `{0}`; expected sets, reps, hold, duration or load")]
    UnknownVar(String),
    /// `cat cow.hold=6s`.
    #[error("`{found}` is not an exercise id: it {why}")]
    BadExercise {
        /// The text before the dot.
        found: String,
        /// What is wrong with it.
        why: String,
    },
    /// A value that is not a quantity.
    #[error("{var} {error}")]
    Value {
        /// The variable.
        var: &'static str,
        /// Why its value was refused.
        error: QuantityError,
    },
    /// An equipment list with no weight in it.
    #[error("no weights given; write them like `2,3,4,5,6,8kg` or `step=2.5lb`")]
    NoWeights,
    /// An equipment list without any unit.
    #[error("give a unit, like `2,3,4kg` or `5,10,15lb`")]
    NoUnit,
    /// `2kg,5lb`.
    #[error("all weights must be in the same unit")]
    MixedUnits,
}

impl Baseline {
    /// Reads `hold=6s` (every planned exercise with a hold) or
    /// `dumbbell-pullover.load=5kg` (one exercise).
    pub fn parse(text: &str) -> Result<Baseline, FormError> {
        let (key, value) = text.split_once('=').ok_or(FormError::NoEquals)?;
        let key = key.trim();
        let (exercise, var_name) = match key.rsplit_once('.') {
            Some((exercise, var)) => {
                let id = Slug::parse(exercise.trim()).map_err(|why| FormError::BadExercise {
                    found: exercise.trim().to_string(),
                    why,
                })?;
                (Some(id), var.trim())
            }
            None => (None, key),
        };
        let var = DoseVar::ALL
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(var_name))
            .map(|(var, _)| *var)
            .ok_or_else(|| FormError::UnknownVar(var_name.to_string()))?;
        let value = BaselineValue::parse(var, value).map_err(|error| FormError::Value {
            var: var.name(),
            error,
        })?;
        Ok(Baseline { exercise, value })
    }

    /// True when `other` sets the same variable of the same exercises, so
    /// one replaces the other.
    pub fn same_target(&self, other: &Baseline) -> bool {
        self.exercise == other.exercise && self.value.var() == other.value.var()
    }
}

impl fmt::Display for Baseline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(exercise) = &self.exercise {
            write!(f, "{exercise}.")?;
        }
        write!(f, "{}={}", self.value.var().name(), self.value)
    }
}

/// The weights a person can actually use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Equipment {
    /// Exactly these weights (dumbbells on a rack), lightest first.
    Weights(Vec<Load>),
    /// Any multiple of this step (adjustable dumbbells, plates).
    Step(Load),
}

impl Equipment {
    /// Reads `2,3,4,5,6,8kg` (a unit written once applies to every number
    /// without one), `2kg, 2.5kg, 3kg`, or `step=1.25kg`.
    pub fn parse(text: &str) -> Result<Equipment, FormError> {
        let text = text.trim();
        if let Some(step) = text
            .strip_prefix("step=")
            .or_else(|| text.strip_prefix("step "))
        {
            let step =
                Load::parse(step).map_err(|error| FormError::Value { var: "step", error })?;
            return Ok(Equipment::Step(step));
        }
        let items: Vec<&str> = text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if items.is_empty() {
            return Err(FormError::NoWeights);
        }
        let has_unit = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
        let unit = items
            .iter()
            .rev()
            .find(|s| has_unit(s))
            .ok_or(FormError::NoUnit)
            .and_then(|s| {
                Load::parse(s)
                    .map(|l| l.unit)
                    .map_err(|error| FormError::Value {
                        var: "weight",
                        error,
                    })
            })?;
        let mut weights = Vec::with_capacity(items.len());
        for item in items {
            let written = if has_unit(item) {
                item.to_string()
            } else {
                format!("{item} {}", unit.symbol())
            };
            let load = Load::parse(&written).map_err(|error| FormError::Value {
                var: "weight",
                error,
            })?;
            if load.unit != unit {
                return Err(FormError::MixedUnits);
            }
            weights.push(load);
        }
        Ok(Equipment::from_weights(weights))
    }

    /// Exactly `weights`, sorted and without repeats.
    pub fn from_weights(mut weights: Vec<Load>) -> Equipment {
        weights.sort();
        weights.dedup();
        Equipment::Weights(weights)
    }

    /// The unit the equipment is written in.
    pub fn unit(&self) -> Option<MassUnit> {
        match self {
            Equipment::Weights(w) => w.first().map(|l| l.unit),
            Equipment::Step(step) => Some(step.unit),
        }
    }
}

impl fmt::Display for Equipment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Equipment::Step(step) => write!(f, "step={step}"),
            Equipment::Weights(w) => {
                let list: Vec<String> = w.iter().map(ToString::to_string).collect();
                f.write_str(&list.join(", "))
            }
        }
    }
}

/// Why a weekly target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RateError {
    /// Above the 10% safety ceiling.
    #[error("{0} is above the 10% weekly safety maximum")]
    AboveCeiling(Rate),
    /// Above the program's band.
    #[error("{target} is above the program's weekly maximum of {max}")]
    AboveMax {
        /// The target asked for.
        target: Rate,
        /// The band's maximum.
        max: Rate,
    },
    /// Below the program's band.
    #[error("{target} is below the program's weekly minimum of {min}")]
    BelowMin {
        /// The target asked for.
        target: Rate,
        /// The band's minimum.
        min: Rate,
    },
    /// The program's own band is not one to plan with: the loader refuses
    /// such a band, so only a program built some other way can have one.
    #[error("the program's weekly band ({min} to {max}, aiming at {target}) is not 0 < min ≤ target ≤ max ≤ 10%")]
    Band {
        /// The band's minimum.
        min: Rate,
        /// The band's target.
        target: Rate,
        /// The band's maximum.
        max: Rate,
    },
}

impl RateError {
    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            RateError::AboveCeiling(_) => "planwright never plans more than 10% a week: \
                bigger jumps raise the risk of flare-ups and injury"
                .to_string(),
            RateError::AboveMax { .. } | RateError::BelowMin { .. } => {
                "choose a target inside the program's band (`rate` in planwright.yaml)".to_string()
            }
            RateError::Band { .. } => {
                "set `rate` in planwright.yaml with 0 < min ≤ target ≤ max ≤ 10%".to_string()
            }
        }
    }
}

/// `band` itself, if it is one planwright plans with: 0 < min ≤ target ≤
/// max ≤ the 10% ceiling. The engine checks it whoever built the program,
/// so no program can be planned above the ceiling.
pub fn checked_band(band: RateBand) -> Result<RateBand, RateError> {
    let ok = band.min.basis_points > 0
        && band.min <= band.target
        && band.target <= band.max
        && band.max <= Rate::CEILING;
    if ok {
        Ok(band)
    } else {
        Err(RateError::Band {
            min: band.min,
            target: band.target,
            max: band.max,
        })
    }
}

/// `band` aiming at `target`, if the target lies inside it and under the ceiling.
pub fn aim(band: RateBand, target: Rate) -> Result<RateBand, RateError> {
    let band = checked_band(band)?;
    if target > Rate::CEILING {
        Err(RateError::AboveCeiling(target))
    } else if target > band.max {
        Err(RateError::AboveMax {
            target,
            max: band.max,
        })
    } else if target < band.min {
        Err(RateError::BelowMin {
            target,
            min: band.min,
        })
    } else {
        Ok(RateBand { target, ..band })
    }
}

/// Which part of a [`PlanRequest`] a [`PlanError`] is about, so the caller
/// can point at the flag or the line that set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Neither a stage nor exercises were chosen.
    Selection,
    /// [`PlanRequest::stage`].
    Stage,
    /// The `n`th of [`PlanRequest::exercises`] (from 0).
    Exercise(usize),
    /// [`PlanRequest::start`].
    Start,
    /// [`PlanRequest::weeks`].
    Weeks,
    /// [`PlanRequest::target`].
    Rate,
    /// [`PlanRequest::units`].
    Units,
    /// [`PlanRequest::equipment`].
    Equipment,
    /// The `n`th of [`PlanRequest::baselines`] (from 0).
    Baseline(usize),
}

/// A refused plan request: which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{problem}")]
pub struct PlanError {
    /// The field at fault.
    pub field: Field,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a plan request.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// No stage and no exercise.
    #[error("choose what to plan: a stage or one or more exercises")]
    NoSelection {
        /// The program's stages, `N id`, for the hint.
        stages: Vec<String>,
    },
    /// Stage number or id not in the program.
    #[error("there is no stage {0}")]
    UnknownStage(String, Vec<String>),
    /// Exercise id not in the program.
    #[error("there is no exercise `{0}`")]
    UnknownExercise(Slug, Vec<String>),
    /// An exercise from another stage than the one asked for.
    #[error("exercise `{exercise}` belongs to stage `{belongs}`, not `{asked}`")]
    NotInStage {
        /// The exercise.
        exercise: Slug,
        /// Its stage.
        belongs: Slug,
        /// The stage asked for.
        asked: Slug,
    },
    /// Exercises from two stages in one plan.
    #[error("exercise `{exercise}` belongs to stage `{belongs}`, but `{first}` belongs to `{first_stage}`")]
    MixedStages {
        /// The exercise from another stage.
        exercise: Slug,
        /// Its stage.
        belongs: Slug,
        /// The first exercise asked for.
        first: Slug,
        /// The first exercise's stage.
        first_stage: Slug,
    },
    /// Weeks outside 1–12.
    #[error("a plan lasts 1 to 12 weeks, not {0}")]
    Weeks(u32),
    /// More weeks than the stage's `max_weeks`, without asking for it.
    #[error(
        "stage `{stage}` lasts at most {max_weeks} weeks, so a {weeks}-week plan goes beyond it"
    )]
    BeyondStageLimit {
        /// The stage.
        stage: Slug,
        /// Its longest length.
        max_weeks: u32,
        /// The weeks asked for.
        weeks: u32,
    },
    /// A first day outside [`STARTS`].
    #[error(
        "the start date {0} is outside the dates planwright plans for ({first} to {last})",
        first = STARTS.start(),
        last = STARTS.end()
    )]
    StartOutOfRange(Date),
    /// A refused weekly target.
    #[error(transparent)]
    Rate(#[from] RateError),
    /// Equipment in another unit than the plan.
    #[error("the equipment is in {found}, but the plan's loads are in {plan}")]
    EquipmentUnit {
        /// The equipment's unit.
        found: &'static str,
        /// The plan's unit.
        plan: &'static str,
    },
    /// The starting load is not among the person's weights.
    #[error("`{exercise}` starts at {load}, which is not among the available weights")]
    StartNotAvailable {
        /// The exercise.
        exercise: Slug,
        /// Its starting load.
        load: Load,
    },
    /// Loads so light that no step of the plan's unit stays within them.
    #[error("`{exercise}` goes up to {bound}, lighter than the lightest {} step ({step}), so no load in {} would stay within it", step.unit.symbol(), step.unit.symbol())]
    LoadUnderStep {
        /// The exercise.
        exercise: Slug,
        /// Its upper bound, as the program gives it.
        bound: Load,
        /// The lightest step of the plan's unit.
        step: Load,
    },
    /// Every weight listed in the plan's unit is heavier than the start.
    #[error("`{exercise}` starts at {start}, but its lightest weight in {} is {lightest}", lightest.unit.symbol())]
    NoLightWeight {
        /// The exercise.
        exercise: Slug,
        /// The programmed starting load.
        start: Load,
        /// The lightest weight listed in the plan's unit.
        lightest: Load,
    },
    /// A baseline for an exercise that is not in the plan.
    #[error("exercise `{0}` is not in this plan")]
    BaselineNotPlanned(Slug),
    /// A baseline of nothing: no sets, reps, seconds or weight to grow from.
    #[error("a {} baseline of zero leaves nothing to grow from", .0.name())]
    BaselineZero(DoseVar),
    /// A baseline for a variable the exercise (or every exercise) lacks.
    #[error("{}", match .exercise {
        Some(e) => format!("`{e}` has no {} in its dose", .var.name()),
        None => format!("no exercise in this plan has {} in its dose", .var.name()),
    })]
    BaselineNoVariable {
        /// The exercise, when the baseline named one.
        exercise: Option<Slug>,
        /// The variable.
        var: DoseVar,
    },
    /// A baseline above the exercise's upper bound.
    #[error("{var} {value} is above the upper bound of `{exercise}` ({bound})")]
    BaselineAboveBound {
        /// The exercise.
        exercise: Slug,
        /// The variable's name.
        var: &'static str,
        /// The baseline as written.
        value: String,
        /// The upper bound.
        bound: String,
    },
    /// A load baseline in the other unit system.
    #[error("load {value} is in {found}, but the plan's loads are in {plan}")]
    BaselineUnit {
        /// The baseline load.
        value: Load,
        /// Its unit.
        found: &'static str,
        /// The plan's unit.
        plan: &'static str,
    },
    /// A load baseline that is not an available weight.
    #[error("load {value} is not among the weights available for `{exercise}`")]
    BaselineNotAvailable {
        /// The exercise.
        exercise: Slug,
        /// The baseline load.
        value: Load,
        /// The weights that are available.
        weights: Vec<Load>,
    },
}

impl Problem {
    /// How to fix the problem, when there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        let list = |items: &[String]| items.join(", ");
        Some(match self {
            Problem::NoSelection { stages } | Problem::UnknownStage(_, stages) => {
                format!("the stages are: {}", list(stages))
            }
            Problem::UnknownExercise(_, ids) => format!("the exercises are: {}", list(ids)),
            Problem::NotInStage { belongs, .. } => {
                format!("plan it with its own stage, `{belongs}`, or leave out the stage")
            }
            Problem::MixedStages { .. } => "plan one stage at a time".to_string(),
            Problem::Weeks(_) => "give a number of weeks from 1 to 12".to_string(),
            Problem::BeyondStageLimit { max_weeks, .. } => format!(
                "plan {max_weeks} weeks or fewer, or ask for the longer plan explicitly \
                 (--beyond-stage-limit, or `beyond_stage_limit: true` in a patient file)"
            ),
            Problem::NoLightWeight { lightest, .. } => format!(
                "list a weight in {} no heavier than the start in `progression.weights`",
                lightest.unit.symbol()
            ),
            Problem::StartOutOfRange(_) => format!(
                "give a start date from {} to {}",
                STARTS.start(),
                STARTS.end()
            ),
            Problem::Rate(e) => e.hint(),
            Problem::EquipmentUnit { found, plan } => format!(
                "give the weights in {plan}, or plan in {found} with the matching units"
            ),
            Problem::StartNotAvailable { load, .. } => format!(
                "add {load} to the equipment, or give a starting load that is in it with a load baseline"
            ),
            Problem::LoadUnderStep { bound, .. } => format!(
                "plan in {} (--units {}), where the program's own loads are used",
                bound.unit.symbol(),
                match bound.unit {
                    MassUnit::Kg => "metric",
                    MassUnit::Lb => "imperial",
                }
            ),
            Problem::BaselineNotPlanned(_) => {
                "name an exercise of the plan before the dot, or leave the exercise out".to_string()
            }
            Problem::BaselineZero(_) => "give a starting value above zero".to_string(),
            Problem::BaselineNoVariable { .. } => {
                "a baseline sets a value the dose already has: sets, reps, hold, duration or load"
                    .to_string()
            }
            Problem::BaselineAboveBound { bound, .. } => {
                format!("a baseline is where the plan starts; it cannot be above {bound}")
            }
            Problem::BaselineUnit { plan, .. } => format!("give the load in {plan}"),
            Problem::BaselineNotAvailable { weights, .. } => {
                let w: Vec<String> = weights.iter().map(ToString::to_string).collect();
                format!("choose one of: {}", w.join(", "))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baselines_read_var_equals_value() {
        let b = Baseline::parse("hold=6s").unwrap();
        assert_eq!(b.exercise, None);
        assert_eq!(b.value, BaselineValue::Hold(Seconds(6)));
        let b = Baseline::parse("dumbbell-pullover.load=5kg").unwrap();
        assert_eq!(b.exercise.unwrap().as_str(), "dumbbell-pullover");
        assert_eq!(b.value, BaselineValue::Load(Load::new(5, MassUnit::Kg)));
        assert_eq!(b.value.to_string(), "5 kg");
        assert_eq!(Baseline::parse("reps 8"), Err(FormError::NoEquals));
        assert!(matches!(
            Baseline::parse("speed=3"),
            Err(FormError::UnknownVar(_))
        ));
        assert_eq!(
            Baseline::parse("reps=2.5").unwrap_err().to_string(),
            "reps `2.5` must be a whole number"
        );
    }

    #[test]
    fn equipment_reads_a_list_or_a_step() {
        let kg = |n| Load::new(n, MassUnit::Kg);
        assert_eq!(
            Equipment::parse("2,3,4,5,6,8kg"),
            Ok(Equipment::Weights(vec![
                kg(2),
                kg(3),
                kg(4),
                kg(5),
                kg(6),
                kg(8)
            ]))
        );
        assert_eq!(
            Equipment::parse("8 kg, 2kg, 2 kg"),
            Ok(Equipment::Weights(vec![kg(2), kg(8)]))
        );
        let step = Equipment::parse("step=2.5lb").unwrap();
        assert_eq!(step.to_string(), "step=2.5 lb");
        assert_eq!(Equipment::parse("2,3,4"), Err(FormError::NoUnit));
        assert_eq!(Equipment::parse("2kg,5lb"), Err(FormError::MixedUnits));
        assert_eq!(Equipment::parse(" , "), Err(FormError::NoWeights));
    }

    #[test]
    fn targets_stay_inside_the_band_and_under_the_ceiling() {
        let band = RateBand::default();
        let r = |s| Rate::parse(s).unwrap();
        assert_eq!(aim(band, r("6%")).unwrap().target, r("6%"));
        assert_eq!(aim(band, r("15%")), Err(RateError::AboveCeiling(r("15%"))));
        assert!(matches!(
            aim(band, r("4%")),
            Err(RateError::BelowMin { .. })
        ));
        let narrow = RateBand {
            max: r("8%"),
            ..band
        };
        assert!(matches!(
            aim(narrow, r("9%")),
            Err(RateError::AboveMax { .. })
        ));
    }

    #[test]
    fn stages_are_named_by_number_or_id() {
        assert_eq!(StageRef::parse("4"), Ok(StageRef::Number(4)));
        assert!(matches!(StageRef::parse("concentric"), Ok(StageRef::Id(_))));
        assert!(StageRef::parse("0").is_err());
        assert!(StageRef::parse("Stage 4").is_err());
    }
}
