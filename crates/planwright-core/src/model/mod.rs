//! The typed program model: what a validated content tree means.
//!
//! Everything here is plain data that has already passed validation: ids are
//! safe slugs, ranges run low to high, every growing dose variable has an
//! upper bound, every reference resolves. The model holds no paths to open,
//! does no I/O and reads no clock, so it compiles for WebAssembly along with
//! the progression engine.

pub mod address;
pub mod frequency;
pub mod quantity;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use frequency::Frequency;
pub use quantity::{Load, MassUnit, QuantityError, Range, Rate, Reps, Seconds, Sets};

/// A URL- and file-name-safe identifier: lower-case ASCII letters, digits
/// and single hyphens, not starting or ending with a hyphen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// The longest id accepted; longer ones make unwieldy URLs and file names.
    pub const MAX_LEN: usize = 64;

    /// Checks `text` is a safe slug. The error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Slug, String> {
        if text.is_empty() {
            return Err("an id cannot be empty".to_string());
        }
        if text.len() > Self::MAX_LEN {
            return Err(format!("is longer than {} characters", Self::MAX_LEN));
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            let what = match bad {
                ' ' => "a space".to_string(),
                '/' | '\\' => "a path separator".to_string(),
                '.' => "a dot".to_string(),
                c if c.is_ascii_uppercase() => "an upper-case letter".to_string(),
                c => format!("`{}`", c.escape_default()),
            };
            return Err(format!("contains {what}"));
        }
        if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            return Err("has a hyphen at an end or two in a row".to_string());
        }
        Ok(Slug(text.to_string()))
    }

    /// Suggests a safe slug for `text` (`"Cat Cow"` gives `cat-cow`).
    pub fn suggest(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        // Cut to length first: a cut just after a hyphen must not leave it
        // at the end. `out` is ASCII, so any length is a char boundary.
        out.truncate(Self::MAX_LEN);
        out.trim_end_matches('-').to_string()
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A slug is read back (the program data of the browser's plans) through
/// [`Slug::parse`], so data cannot smuggle in a path.
impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Slug, D::Error> {
        let text = String::deserialize(d)?;
        Slug::parse(&text).map_err(|why| serde::de::Error::custom(format!("id `{text}` {why}")))
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Paper size for printed plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// What happens to raw HTML written inside the author's Markdown.
///
/// Patient files are not covered: what a patient file says is always shown
/// as plain text, because it may come from anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum RawHtml {
    /// The author's HTML goes into the site as written (and is left out of
    /// printed plans, which cannot show it).
    #[default]
    Allow,
    /// The author's HTML is shown as the text it is, tags and all.
    Escape,
}

/// Units used to show loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// Kilograms.
    Metric,
    /// Pounds.
    Imperial,
}

impl Serialize for Units {
    /// `"metric"` or `"imperial"`, as authors write it.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match self {
            Units::Metric => "metric",
            Units::Imperial => "imperial",
        })
    }
}

impl<'de> Deserialize<'de> for Units {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Units, D::Error> {
        match String::deserialize(d)?.as_str() {
            "metric" => Ok(Units::Metric),
            "imperial" => Ok(Units::Imperial),
            other => Err(serde::de::Error::custom(format!(
                "`{other}` is not metric or imperial"
            ))),
        }
    }
}

/// The weekly progression band: aim for `target`, never below `min` in a
/// week that progresses, never above `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBand {
    /// The rate the engine aims for.
    pub target: Rate,
    /// The smallest growth that counts as progress.
    pub min: Rate,
    /// The largest growth allowed; never more than [`Rate::CEILING`].
    pub max: Rate,
}

impl Serialize for RateBand {
    /// `{"target": 0.075, "min": 0.05, "max": 0.1}`: fractions, for
    /// display; every decision uses the exact basis points.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Rate", 3)?;
        st.serialize_field("target", &self.target.as_fraction())?;
        st.serialize_field("min", &self.min.as_fraction())?;
        st.serialize_field("max", &self.max.as_fraction())?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for RateBand {
    /// Reads back what [`RateBand`]'s `Serialize` writes: a fraction prints
    /// as the shortest decimal that reads back as the same `f64`, so
    /// rounding it to basis points gives the exact rate again.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RateBand, D::Error> {
        #[derive(Deserialize)]
        struct Fractions {
            target: f64,
            min: f64,
            max: f64,
        }
        let f = Fractions::deserialize(d)?;
        let rate = |fraction: f64| {
            let bp = (fraction * 10_000.0).round();
            if (0.0..=f64::from(Rate::CEILING.basis_points)).contains(&bp) {
                Ok(Rate {
                    basis_points: bp as u32,
                })
            } else {
                Err(serde::de::Error::custom(format!(
                    "{fraction} is not a weekly rate"
                )))
            }
        };
        Ok(RateBand {
            target: rate(f.target)?,
            min: rate(f.min)?,
            max: rate(f.max)?,
        })
    }
}

impl Default for RateBand {
    fn default() -> Self {
        RateBand {
            target: Rate { basis_points: 750 },
            min: Rate::percent(5),
            max: Rate::percent(10),
        }
    }
}

/// Clinic branding printed on plans.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Clinic {
    /// The clinic's name.
    pub name: String,
    /// A contact line (phone, e-mail, address).
    pub contact: Option<String>,
    /// The phone number people call with a question or a problem.
    pub phone: Option<String>,
    /// A logo image, relative to the content root.
    pub logo: Option<String>,
}

/// Site-wide settings from `planwright.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Config {
    /// Site and plan title.
    pub title: String,
    /// One-line description for meta tags and listings.
    pub description: Option<String>,
    /// Absolute URL the site is published at, ending in `/`.
    pub base_url: Option<String>,
    /// BCP 47 language tag of the content.
    pub language: String,
    /// Default weekly progression band.
    pub rate: RateBand,
    /// Default paper size of printed plans.
    pub paper: Paper,
    /// Default units of printed loads.
    pub units: Units,
    /// Optional branding for printed plans.
    pub clinic: Option<Clinic>,
    /// What to do with raw HTML in the author's Markdown.
    pub raw_html: RawHtml,
}

impl Config {
    /// The site's address when it is a real one: `None` when `base_url` is
    /// left out or is a placeholder ([`address::placeholder`]), so nothing
    /// printed sends people to an address that leads nowhere.
    pub fn public_base_url(&self) -> Option<&str> {
        self.base_url
            .as_deref()
            .filter(|url| address::placeholder(url).is_none())
    }
}

/// What a stage trains; decides nothing in the engine, but tells readers
/// what kind of work to expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StageKind {
    /// Gentle movement through range.
    Mobility,
    /// Holding a position (isometric work).
    StaticHold,
    /// Controlled lowering.
    Eccentric,
    /// Lifting or pushing.
    Concentric,
    /// Whole-body strength that brings the pieces together.
    Functional,
}

impl StageKind {
    /// Every kind with the name authors write.
    pub const ALL: [(StageKind, &'static str); 5] = [
        (StageKind::Mobility, "mobility"),
        (StageKind::StaticHold, "static-hold"),
        (StageKind::Eccentric, "eccentric"),
        (StageKind::Concentric, "concentric"),
        (StageKind::Functional, "functional"),
    ];

    /// The name authors write in `program.yaml`.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("", |(_, name)| name)
    }
}

/// One stage of the program.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stage {
    /// Unique id.
    pub id: Slug,
    /// Position in the program, starting at 1.
    pub number: usize,
    /// Display title.
    pub title: String,
    /// What kind of work the stage is.
    pub kind: StageKind,
    /// Why the stage exists (Markdown).
    pub purpose: String,
    /// The stage's exercises, in order.
    pub exercises: Vec<Slug>,
    /// The longest time to spend in the stage, in weeks (1–12).
    pub max_weeks: u32,
    /// When to move on to the next stage.
    pub move_on: Vec<String>,
}

/// A dose variable the engine may grow.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum DoseVar {
    /// Number of sets.
    Sets,
    /// Repetitions per set.
    Reps,
    /// Seconds each repetition is held.
    Hold,
    /// Seconds each set lasts.
    Duration,
    /// Weight lifted.
    Load,
}

impl DoseVar {
    /// Every variable with the name authors write.
    pub const ALL: [(DoseVar, &'static str); 5] = [
        (DoseVar::Sets, "sets"),
        (DoseVar::Reps, "reps"),
        (DoseVar::Hold, "hold"),
        (DoseVar::Duration, "duration"),
        (DoseVar::Load, "load"),
    ];

    /// The name authors write.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(var, _)| *var == self)
            .map_or("", |(_, name)| name)
    }
}

/// The prescription for one exercise. Each range starts at the baseline
/// (`low`) and may grow to its upper bound (`high`); variables that do not
/// grow have `low == high`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Dose {
    /// Sets per session.
    pub sets: Range<Sets>,
    /// Repetitions per set, when the exercise counts repetitions.
    pub reps: Option<Range<Reps>>,
    /// Seconds each repetition is held, for holds.
    pub hold: Option<Range<Seconds>>,
    /// Seconds per set, for timed work.
    pub duration: Option<Range<Seconds>>,
    /// Weight, for loaded work.
    pub load: Option<Range<Load>>,
    /// How fast to move, in words.
    pub tempo: Option<String>,
}

impl Dose {
    /// True when the dose uses `var` (every dose has sets).
    pub fn has(&self, var: DoseVar) -> bool {
        match var {
            DoseVar::Sets => true,
            DoseVar::Reps => self.reps.is_some(),
            DoseVar::Hold => self.hold.is_some(),
            DoseVar::Duration => self.duration.is_some(),
            DoseVar::Load => self.load.is_some(),
        }
    }

    /// True when `var` has an upper bound above its starting value.
    pub fn has_room(&self, var: DoseVar) -> bool {
        match var {
            DoseVar::Sets => !self.sets.is_single(),
            DoseVar::Reps => self.reps.is_some_and(|r| !r.is_single()),
            DoseVar::Hold => self.hold.is_some_and(|r| !r.is_single()),
            DoseVar::Duration => self.duration.is_some_and(|r| !r.is_single()),
            DoseVar::Load => self.load.is_some_and(|r| !r.is_single()),
        }
    }
}

/// How an exercise's dose may grow from week to week.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Progression {
    /// Variables that may grow, most preferred first. Empty: the dose stays put.
    pub grow: Vec<DoseVar>,
    /// Smallest change of each growing variable.
    pub steps: Steps,
    /// Loads actually available, ascending; empty when any multiple of the
    /// load step will do. It may list weights in both units (a rack in kg
    /// and one in lb); a plan uses those in its own unit.
    pub weights: Vec<Load>,
    /// The most a heavier load may add to the weight of every rep
    /// ([`Progression::DEFAULT_MAX_LOAD_JUMP`] unless the program says).
    pub max_load_jump: Rate,
}

impl Progression {
    /// 25%: a step from 4 kg to 5 kg is allowed, 4 kg to 6 kg is not. The
    /// weekly band limits the work of a whole session, but every single
    /// rep of a heavier weight is that much harder on the joint, and a
    /// jump of a half in one week is what tissues in rehab tolerate worst.
    pub const DEFAULT_MAX_LOAD_JUMP: Rate = Rate::percent(25);
}

/// Step sizes for each dose variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Steps {
    /// Sets added at a time.
    pub sets: Sets,
    /// Repetitions added at a time.
    pub reps: Reps,
    /// Seconds of hold added at a time.
    pub hold: Seconds,
    /// Seconds of duration added at a time.
    pub duration: Seconds,
    /// Weight added at a time.
    pub load: Load,
}

impl Steps {
    /// One set, one rep, one second, and the smallest common plate or
    /// dumbbell step in `unit` (1 kg or 2.5 lb).
    pub fn defaults(unit: MassUnit) -> Steps {
        Steps {
            sets: Sets(1),
            reps: Reps(1),
            hold: Seconds(1),
            duration: Seconds(1),
            load: match unit {
                MassUnit::Kg => Load::new(1, MassUnit::Kg),
                MassUnit::Lb => Load {
                    hundredths: 250,
                    unit: MassUnit::Lb,
                },
            },
        }
    }
}

/// Pictures and video for an exercise.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Media {
    /// Image path relative to the content root.
    pub image: Option<String>,
    /// Text alternative for the image.
    pub alt: Option<String>,
    /// An http(s) video address.
    pub video: Option<String>,
}

/// One exercise with its instructions and prescription.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Exercise {
    /// Unique id.
    pub id: Slug,
    /// Display title.
    pub title: String,
    /// The stage the exercise belongs to.
    pub stage: Slug,
    /// One-line summary.
    pub summary: Option<String>,
    /// What is needed.
    pub equipment: Vec<String>,
    /// Short coaching cues.
    pub cues: Vec<String>,
    /// Things to watch out for.
    pub cautions: Vec<String>,
    /// Optional picture and video.
    pub media: Option<Media>,
    /// The baseline dose and its bounds.
    pub dose: Dose,
    /// The dose as the author wrote it, before `progression.max` added
    /// upper bounds: what a reader is prescribed ([`crate::wording::prescription`]
    /// says it in words).
    pub prescription: Dose,
    /// How often to do it.
    pub frequency: Frequency,
    /// How the dose may grow.
    pub progression: Progression,
    /// Step-by-step instructions (Markdown).
    pub instructions: String,
    /// The author's own shorter instructions for paper (Markdown), when
    /// the full ones are too long for a printed plan. Paper never cuts
    /// the instructions itself: without this it prints them whole.
    pub brief: Option<String>,
    /// The exercise's key positions, drawn as its picture.
    pub figure: Option<crate::figure::Figure>,
}

/// A page of prose (Markdown) in the guide.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GuidePage {
    /// URL slug.
    pub slug: Slug,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: Option<String>,
    /// Sort key: lower first.
    pub order: i64,
    /// Body (Markdown).
    pub body: String,
}

/// A whole validated program: config, stages, exercises and guide pages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Program {
    /// Site-wide settings.
    pub config: Config,
    /// Program title.
    pub title: String,
    /// What the program is for (Markdown).
    pub summary: String,
    /// Signs someone may need the program.
    pub signs: Vec<String>,
    /// What the program aims for.
    pub goals: Vec<String>,
    /// Safety note (Markdown).
    pub safety: String,
    /// Stages in order.
    pub stages: Vec<Stage>,
    /// Exercises, in stage order.
    pub exercises: Vec<Exercise>,
    /// Guide pages, sorted by order then slug.
    pub guides: Vec<GuidePage>,
    /// Where each exercise sits in `exercises`; leave it at
    /// `ExerciseIndex::default()` when building a program.
    #[serde(skip)]
    pub index: ExerciseIndex,
}

/// Where each exercise sits in [`Program::exercises`], worked out on the
/// first lookup. A site or a batch of plans looks exercises up once per
/// page, plan and sheet; a scan of the whole list each time made a program
/// of thousands of exercises quadratic to build.
///
/// It is a cache, not part of what a program means: programs compare equal
/// whatever their indexes hold, and a lookup the index gets wrong (after
/// `exercises` was changed by hand) falls back to a scan, so it can make a
/// lookup slow but never wrong.
#[derive(Clone, Default)]
pub struct ExerciseIndex(std::sync::OnceLock<std::collections::HashMap<Slug, usize>>);

impl PartialEq for ExerciseIndex {
    fn eq(&self, _: &ExerciseIndex) -> bool {
        true
    }
}

impl Eq for ExerciseIndex {}

impl fmt::Debug for ExerciseIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ExerciseIndex")
    }
}

impl Program {
    /// The exercise with `id`, if any (the first, should ids repeat).
    pub fn exercise(&self, id: &Slug) -> Option<&Exercise> {
        let positions = self.index.0.get_or_init(|| {
            // Reversed, so the first of any repeated id is the one kept.
            self.exercises
                .iter()
                .enumerate()
                .rev()
                .map(|(i, e)| (e.id.clone(), i))
                .collect()
        });
        positions
            .get(id)
            .and_then(|&i| self.exercises.get(i))
            .filter(|e| &e.id == id)
            .or_else(|| self.exercises.iter().find(|e| &e.id == id))
    }

    /// The exercises `ids` name, in that order, leaving out unknown ids.
    pub fn exercises_in(&self, ids: &[Slug]) -> Vec<&Exercise> {
        ids.iter().filter_map(|id| self.exercise(id)).collect()
    }

    /// The stage numbered `number` (1-based), if any.
    pub fn stage_number(&self, number: usize) -> Option<&Stage> {
        self.stages.get(number.checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_refuse_unsafe_ids() {
        assert!(Slug::parse("cat-cow").is_ok());
        assert!(Slug::parse("stage-2").is_ok());
        assert_eq!(Slug::parse("a b").unwrap_err(), "contains a space");
        assert_eq!(Slug::parse("../x").unwrap_err(), "contains a dot");
        assert_eq!(Slug::parse("a/b").unwrap_err(), "contains a path separator");
        assert_eq!(
            Slug::parse("Cat").unwrap_err(),
            "contains an upper-case letter"
        );
        assert!(Slug::parse("-a").is_err());
        assert!(Slug::parse("a--b").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn suggests_slugs() {
        assert_eq!(Slug::suggest("Cat Cow"), "cat-cow");
        assert_eq!(Slug::suggest("../etc/passwd"), "etc-passwd");
    }

    #[test]
    fn a_long_suggestion_is_itself_a_valid_slug() {
        // Found by the `quantities` fuzz target: the 64-character cut fell
        // just after the hyphen between the two words.
        let text = format!("{} b", "a".repeat(63));
        let suggestion = Slug::suggest(&text);
        assert_eq!(suggestion, "a".repeat(63));
        assert!(Slug::parse(&suggestion).is_ok());
    }
}
