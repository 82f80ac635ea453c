//! A computed plan: what the progression engine decided, week by week.
//!
//! These types are the engine's output and the one thing every renderer
//! prints: the CLI's text table, the JSON document (`docs/plan-json.md`
//! describes its schema), the website, the PDF and the calendar. They hold
//! typed, exact values and no sentences: what changed in a week is a
//! [`Step`] (which variable grew, or the typed reason for a hold), and
//! [`crate::wording`] turns doses and steps into the words a person reads.
//! So a translation changes no plan and no plan id. Serialising to JSON is
//! the only place floats appear, as fractions and decimal loads for readers.

use std::fmt;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use crate::model::{
    DoseVar, Frequency, Load, MassUnit, Rate, RateBand, Reps, Seconds, Sets, Slug, StageKind, Units,
};

/// The version of the JSON schema in `docs/plan-json.md`. It changes only
/// when a field is removed or changes meaning; new fields keep the version.
pub const SCHEMA_VERSION: u32 = 1;

/// A dated plan for one stage (or some of its exercises).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program's title.
    pub program: String,
    /// Who the plan is for.
    pub person: Person,
    /// The first day of week 1.
    pub start: Date,
    /// The last day of the last week.
    pub end: Date,
    /// Whether loads are in kilograms or pounds.
    pub units: Units,
    /// The weekly growth band the plan was computed with.
    pub rate: RateBand,
    /// The stage being planned, with its move-on criteria.
    pub stage: StageInfo,
    /// What stays the same all plan long for each exercise.
    pub exercises: Vec<ExerciseInfo>,
    /// The weeks, in order; week 1 is the baseline.
    pub weeks: Vec<Week>,
    /// The next stage and its suggested starting doses; `None` after the last stage.
    pub next_stage: Option<NextStage>,
}

/// The person a plan is for; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The person's name.
    pub name: Option<String>,
    /// The clinician who prescribed the plan.
    pub clinician: Option<String>,
    /// The clinic the clinician works at.
    pub clinic: Option<String>,
    /// Free notes for the person (Markdown).
    pub notes: Option<String>,
    // The three below are serialised only when given: the plan id hashes
    // the serialised plan, so a plan that leaves them out keeps the id it
    // had before they existed.
    /// The phone number to call the clinic on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clinic_phone: Option<String>,
    /// The day the plan was handed out, when the clinician gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// The day the person sees the clinician again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<Date>,
}

/// The stage a plan covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageInfo {
    /// Position in the program, from 1.
    pub number: usize,
    /// How many stages the program has.
    pub of: usize,
    /// The stage's id.
    pub id: Slug,
    /// The stage's title.
    pub title: String,
    /// What kind of work the stage does.
    #[serde(serialize_with = "stage_kind")]
    pub kind: StageKind,
    /// The stage's usual longest length in weeks; a plan runs longer only
    /// when asked to explicitly, and then its sheet says so.
    pub max_weeks: u32,
    /// When to move on from the stage.
    pub move_on: Vec<String>,
}

/// What a plan's exercise is and how it is counted, the same every week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExerciseInfo {
    /// The exercise's id.
    pub id: Slug,
    /// The exercise's title.
    pub title: String,
    /// How often it is done, as a clinician says it.
    #[serde(serialize_with = "display")]
    pub frequency: Frequency,
    /// How fast to move, when the program says.
    pub tempo: Option<String>,
    /// How long one repetition takes at that tempo, when its words give
    /// times ([`Seconds::per_rep_in_tempo`]): what a calendar sizes its
    /// events by. Left out of the JSON, which carries `tempo` itself, so
    /// it changes no plan id.
    #[serde(skip)]
    pub rep_seconds: Option<Seconds>,
    /// The unit `volume` is counted in.
    #[serde(serialize_with = "display")]
    pub volume_unit: VolumeUnit,
    /// Whether the person's own baseline replaced part of the program's dose.
    pub personalised: bool,
}

/// One week of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// The week's number, from 1.
    pub week: u32,
    /// Its first day.
    pub start: Date,
    /// Its last day.
    pub end: Date,
    /// Each exercise's dose that week, in the order of [`Plan::exercises`].
    pub exercises: Vec<WeekExercise>,
}

/// One exercise in one week: the dose of each session, how many sessions,
/// and what changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekExercise {
    /// The exercise's id.
    pub id: Slug,
    /// The dose of every session that week.
    #[serde(flatten)]
    pub dose: SessionDose,
    /// When the sessions fall that week.
    #[serde(flatten)]
    pub sessions: Sessions,
    /// The volume of one session, in [`ExerciseInfo::volume_unit`].
    pub volume: Volume,
    /// The volume's change from the week before.
    pub change: Change,
    /// Whether the dose is the baseline, grew, or held.
    pub status: Status,
    /// What changed, or why the dose held, as data.
    pub step: Step,
}

/// What a week did with an exercise's dose, as data: the wording layer
/// ([`crate::wording`]) says it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Week 1: the starting dose.
    Start {
        /// The person's own baseline replaced part of the programmed dose.
        personalised: bool,
    },
    /// The dose grew inside the band.
    Grew(Growth),
    /// The dose stayed as the week before.
    Held {
        /// Why: its `reason` key and the reason's own keys sit beside
        /// `kind` (`{"kind": "held", "reason": "too_big", "smallest": …}`).
        #[serde(flatten)]
        reason: HoldReason,
    },
}

/// Which variable grew in a week, and which one was re-chosen with it.
/// How much each changed is the difference between the two weeks' doses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Growth {
    /// The variable that grew.
    #[serde(serialize_with = "dose_var")]
    pub var: DoseVar,
    /// A variable re-chosen so the week lands in the band (reps for a
    /// heavier load or a longer hold, sets for longer timed work…), when
    /// it changed.
    #[serde(serialize_with = "optional_dose_var")]
    pub rechosen: Option<DoseVar>,
}

/// Why a week holds the previous dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum HoldReason {
    /// The exercise has no `progression`.
    NoProgression,
    /// Every growing variable is at its upper bound.
    TopReached,
    /// What is left before the upper bounds is less than the band's
    /// minimum: the dose counts as the top of its range.
    NearTop {
        /// The growth to the very top.
        left: Change,
    },
    /// Every possible step grows more than the band's maximum.
    TooBig {
        /// The gentlest of them.
        smallest: Change,
    },
    /// The only steps left grow less than the band's minimum, yet the top
    /// is further away than that (another variable is stuck).
    TooSmall {
        /// The largest of them.
        largest: Change,
    },
    /// Steps exist on both sides of the band but none inside it.
    Gap {
        /// The largest growth below the minimum.
        below: Change,
        /// The smallest growth above the maximum.
        above: Change,
    },
    /// The next weight is a bigger jump per rep than
    /// `progression.max_load_jump` allows, and nothing else can grow.
    LoadJump(LoadJump),
}

impl HoldReason {
    /// True when the hold means the stage is done: the top, or so near it
    /// that no step inside the band is left.
    pub fn at_top(self) -> bool {
        matches!(self, HoldReason::TopReached | HoldReason::NearTop { .. })
    }
}

/// A load step refused for being too heavy a jump per repetition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LoadJump {
    /// The load in use.
    #[serde(serialize_with = "some_load")]
    pub from: Load,
    /// The next available weight.
    #[serde(serialize_with = "some_load")]
    pub next: Load,
    /// The largest jump allowed.
    #[serde(serialize_with = "rate")]
    pub cap: Rate,
    /// A weight in between that would let the plan go on, in the
    /// equipment's usual steps, when there is one.
    #[serde(serialize_with = "load")]
    pub helps: Option<Load>,
}

impl LoadJump {
    /// How much heavier `next` is than `from`.
    pub fn jump(&self) -> Change {
        Change {
            from: Volume {
                hundredths: u64::from(self.from.hundredths),
            },
            to: Volume {
                hundredths: u64::from(self.next.hundredths),
            },
        }
    }
}

/// The dose of one session. Absent variables are `None`, and JSON `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionDose {
    /// Sets per session.
    #[serde(serialize_with = "sets")]
    pub sets: Sets,
    /// Repetitions in each set, first set first; sets may differ by one step.
    #[serde(serialize_with = "reps_per_set")]
    pub reps_per_set: Option<Vec<Reps>>,
    /// Seconds each repetition is held.
    #[serde(serialize_with = "seconds")]
    pub hold_seconds: Option<Seconds>,
    /// Seconds each set lasts.
    #[serde(serialize_with = "seconds")]
    pub duration_seconds: Option<Seconds>,
    /// The weight used.
    #[serde(serialize_with = "load")]
    pub load: Option<Load>,
}

impl SessionDose {
    /// Total repetitions in a session, when the exercise counts them.
    pub fn total_reps(&self) -> Option<u32> {
        self.reps_per_set
            .as_ref()
            .map(|reps| reps.iter().map(|r| r.0).sum())
    }

    /// True when every set has the same reps (or reps are not counted).
    pub fn sets_are_even(&self) -> bool {
        self.reps_per_set
            .as_ref()
            .is_none_or(|reps| reps.windows(2).all(|w| w[0] == w[1]))
    }
}

/// When an exercise's sessions fall in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sessions {
    /// Sessions planned that week.
    #[serde(rename = "sessions")]
    pub planned: u32,
    /// Extra sessions the person may add (the `2` of "1–2× a week").
    #[serde(rename = "optional_sessions")]
    pub optional: u32,
    /// The days with a planned session, when the frequency fixes them (daily
    /// or every N days); `None` when the person picks the days.
    #[serde(rename = "session_dates")]
    pub dates: Option<Vec<Date>>,
}

/// What a week did with an exercise's dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Week 1: the starting dose.
    Baseline,
    /// The dose grew inside the band.
    Progress,
    /// The dose stayed as the week before; the note says why.
    Hold,
}

/// The unit an exercise's volume is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeUnit {
    /// Seconds (holds, timed sets) rather than repetitions.
    pub seconds: bool,
    /// Multiplied by this load unit, for loaded work.
    pub load: Option<MassUnit>,
}

impl fmt::Display for VolumeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = if self.seconds { "s" } else { "reps" };
        match self.load {
            Some(unit) => write!(f, "{} × {base}", unit.symbol()),
            None => f.write_str(base),
        }
    }
}

/// The volume of one session in hundredths of its [`VolumeUnit`], so loads
/// of 2.5 lb stay exact. It is what the weekly band applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Volume {
    /// Hundredths of the volume unit.
    pub hundredths: u64,
}

impl Serialize for Volume {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Display-only float: the exact value stays in `hundredths`.
        s.serialize_f64(self.hundredths as f64 / 100.0)
    }
}

impl fmt::Display for Volume {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.hundredths / 100, self.hundredths % 100);
        match frac {
            0 => write!(f, "{whole}"),
            f2 if f2 % 10 == 0 => write!(f, "{whole}.{}", f2 / 10),
            f2 => write!(f, "{whole}.{f2:02}"),
        }
    }
}

/// How a week's volume compares with the week before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Last week's volume (this week's in week 1).
    pub from: Volume,
    /// This week's volume.
    pub to: Volume,
}

impl Change {
    /// The growth in basis points, rounded half up. Band limits are whole
    /// basis points, so a week inside the band never shows more than its maximum.
    pub fn basis_points(&self) -> i64 {
        ratio_rounded(self.from.hundredths, self.to.hundredths, 10_000)
    }

    /// The growth in tenths of a percent, rounded half up, for display.
    pub fn tenths_of_percent(&self) -> i64 {
        ratio_rounded(self.from.hundredths, self.to.hundredths, 1_000)
    }
}

/// `(to - from) / from × scale`, rounded half away from zero, exactly.
fn ratio_rounded(from: u64, to: u64, scale: i128) -> i64 {
    if from == 0 {
        return 0;
    }
    let (from, to) = (i128::from(from), i128::from(to));
    let num = (to - from) * scale * 2;
    let den = from * 2;
    let q = (num.abs() + from) / den;
    let q = if num < 0 { -q } else { q };
    i64::try_from(q).unwrap_or(i64::MAX)
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.basis_points() as f64 / 10_000.0)
    }
}

impl fmt::Display for Change {
    /// `+6.7%`, `+10%`, `0%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.tenths_of_percent();
        let sign = match tenths {
            0 => "",
            t if t > 0 => "+",
            _ => "-",
        };
        let t = tenths.unsigned_abs();
        if t % 10 == 0 {
            write!(f, "{sign}{}%", t / 10)
        } else {
            write!(f, "{sign}{}.{}%", t / 10, t % 10)
        }
    }
}

/// The stage after the planned one, with the doses it starts at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStage {
    /// Position in the program, from 1.
    pub number: usize,
    /// The stage's id.
    pub id: Slug,
    /// The stage's title.
    pub title: String,
    /// Its exercises at their programmed starting doses.
    pub exercises: Vec<StartingDose>,
}

/// An exercise's programmed starting dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartingDose {
    /// The exercise's id.
    pub id: Slug,
    /// The exercise's title.
    pub title: String,
    /// The dose of one session.
    #[serde(flatten)]
    pub dose: SessionDose,
    /// How often it is done.
    #[serde(serialize_with = "display")]
    pub frequency: Frequency,
}

fn display<T: fmt::Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

fn stage_kind<S: Serializer>(v: &StageKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.name())
}

fn dose_var<S: Serializer>(v: &DoseVar, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.name())
}

fn optional_dose_var<S: Serializer>(v: &Option<DoseVar>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(var) => s.serialize_str(var.name()),
        None => s.serialize_none(),
    }
}

fn rate<S: Serializer>(v: &Rate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(v.as_fraction())
}

fn some_load<S: Serializer>(v: &Load, s: S) -> Result<S::Ok, S::Error> {
    load(&Some(*v), s)
}

fn sets<S: Serializer>(v: &Sets, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(v.0)
}

fn reps_per_set<S: Serializer>(v: &Option<Vec<Reps>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(reps) => s.collect_seq(reps.iter().map(|r| r.0)),
        None => s.serialize_none(),
    }
}

fn seconds<S: Serializer>(v: &Option<Seconds>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(sec) => s.serialize_u32(sec.0),
        None => s.serialize_none(),
    }
}

fn load<S: Serializer>(v: &Option<Load>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    match v {
        Some(load) => {
            let mut st = s.serialize_struct("Load", 2)?;
            // Display-only float; hundredths make it exact to two places.
            st.serialize_field("value", &(f64::from(load.hundredths) / 100.0))?;
            st.serialize_field("unit", load.unit.symbol())?;
            st.end()
        }
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(from: u64, to: u64) -> Change {
        Change {
            from: Volume { hundredths: from },
            to: Volume { hundredths: to },
        }
    }

    #[test]
    fn changes_round_half_up_and_never_past_the_exact_ceiling() {
        assert_eq!(change(3000, 3200).to_string(), "+6.7%");
        assert_eq!(change(3000, 3300).to_string(), "+10%");
        assert_eq!(change(3000, 3000).to_string(), "0%");
        assert_eq!(change(2000, 2100).basis_points(), 500);
        // 9.9967% rounds to the 10% ceiling, and never past it: the
        // ceiling is a whole number of basis points.
        assert_eq!(change(30000, 32999).basis_points(), 1_000);
        assert_eq!(change(30000, 33000).basis_points(), 1_000);
    }

    #[test]
    fn volumes_print_without_trailing_zeros() {
        assert_eq!(Volume { hundredths: 12000 }.to_string(), "120");
        assert_eq!(Volume { hundredths: 22550 }.to_string(), "225.5");
        assert_eq!(Volume { hundredths: 101 }.to_string(), "1.01");
    }
}
