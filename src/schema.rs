//! JSON Schemas for planwright's files, for editors (`planwright schema`).
//!
//! The loader decodes YAML by hand (every problem with its line and
//! column; see `docs/architecture.md`), so there are no serde types to
//! derive schemas from. Instead, the types here describe each file's
//! shape once, with their doc comments as the descriptions an editor
//! shows, and the schemas are derived from them with schemars. A test
//! holds these types to the decoders: for every file kind and every
//! nested mapping, the keys here are exactly the keys the decoder accepts.
//!
//! The schemas are JSON Schema draft-07, the newest draft every YAML
//! editor extension understands, with every subschema inlined so each
//! file stands alone. They check shapes and spellings (keys, types,
//! patterns for quantities such as `10-20`, `30-60 s`, `4 kg`, `7.5%`);
//! rules that span values or files (a range written backwards, a stage
//! that lists an exercise whose file says another stage) stay with
//! `planwright check`.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

/// Every schema `planwright schema` writes: file name and schema.
pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        ("planwright.schema.json", schema_for::<Config>()),
        ("program.schema.json", schema_for::<Program>()),
        ("exercise.schema.json", schema_for::<Exercise>()),
        ("guide.schema.json", schema_for::<GuidePage>()),
        ("patient.schema.json", schema_for::<Patient>()),
    ]
}

fn schema_for<T: JsonSchema>() -> Value {
    let settings = SchemaSettings::draft07().with(|s| s.inline_subschemas = true);
    settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// `planwright.yaml`: settings for the whole site and every printed plan.
///
/// See docs/content-format.md, section 3.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "planwright.yaml")]
pub struct Config {
    /// The title of the site and of the printed plans.
    pub title: Text,
    /// A one-line tagline, also the site's meta description.
    pub description: Option<Text>,
    /// The absolute `http://` or `https://` address the site is published
    /// at, e.g. `https://exercises.your-clinic.org/thoracic/`. Leave it out
    /// until there is one: a placeholder (`example.org`, `*.example`,
    /// `localhost`) is a warning, and printed plans leave it out.
    pub base_url: Option<Url>,
    /// The language of the content, a BCP 47 tag: `en`, `en-GB`, `de` [default: `en`].
    pub language: Option<LanguageTag>,
    /// The weekly progression band [default: 5–10%, aiming for 7.5%].
    pub rate: Option<RateBandKeys>,
    /// The paper size of printed plans [default: `a4`].
    pub paper: Option<Paper>,
    /// The unit system printed plans show loads in [default: `metric`].
    pub units: Option<UnitsName>,
    /// Branding for printed plans; leave it out for unbranded plans.
    pub clinic: Option<Clinic>,
    /// Raw HTML in the author's Markdown: `allow` passes it into the site,
    /// `escape` shows it as text [default: `allow`]. Patient files are
    /// always plain text.
    pub raw_html: Option<RawHtmlName>,
}

/// The weekly progression band: 0 < min ≤ target ≤ max ≤ 10%.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RateBandKeys {
    /// How much the dose grows each week when it can [default: `7.5%`].
    pub target: Option<Percent>,
    /// The smallest weekly increase the plan aims for [default: `5%`].
    pub min: Option<Percent>,
    /// The largest weekly increase allowed; above 10% is refused [default: `10%`].
    pub max: Option<Percent>,
}

/// The clinic printed on every plan.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Clinic {
    /// The clinic's name.
    pub name: Text,
    /// One contact line: phone, email, address.
    pub contact: Option<Text>,
    /// The number people call with a question or a problem, printed in the
    /// letterhead and in the plan's "contact us" line.
    pub phone: Option<Phone>,
    /// An image file, as a path from the content root, e.g. `images/logo.png`.
    pub logo: Option<ContentPath>,
}

/// `program.yaml`: the program, its safety note and its stages in order.
///
/// See docs/content-format.md, section 4.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "program.yaml")]
pub struct Program {
    /// The program's name.
    pub title: Text,
    /// What the program is for and how it works (Markdown); shown on the front page.
    pub summary: Markdown,
    /// A self-check: signs that someone may need this program.
    pub signs: Option<Vec<Text>>,
    /// What the program sets out to achieve.
    pub goals: Option<Vec<Text>>,
    /// The safety note (Markdown): normal effort, when to stop, when to seek help.
    pub safety: Markdown,
    /// The default criteria for moving on from a stage; needed unless every stage has its own.
    pub move_on: Option<Vec<Text>>,
    /// The stages, in the order people do them.
    #[schemars(length(min = 1))]
    pub stages: Vec<Stage>,
}

/// One stage of the program.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Stage {
    /// The stage's id, unique among stages; exercises name their stage by it.
    pub id: Slug,
    /// The stage's name, e.g. `Static holds`.
    pub title: Text,
    /// What sort of work the stage does.
    pub kind: StageKindName,
    /// Why the stage exists and what it builds (Markdown).
    pub purpose: Markdown,
    /// The ids of the stage's exercises; each needs a file in `exercises/`.
    #[schemars(length(min = 1))]
    pub exercises: Vec<Slug>,
    /// The longest time, in weeks, to spend in this stage [default: 6].
    #[schemars(range(min = 1, max = 12))]
    pub max_weeks: Option<u32>,
    /// This stage's criteria for moving on; replaces the program's `move_on`.
    pub move_on: Option<Vec<Text>>,
}

/// The kind of work a stage does.
#[derive(JsonSchema)]
pub enum StageKindName {
    /// Gentle movement through the available range.
    #[schemars(rename = "mobility")]
    Mobility,
    /// Holding a position still, for endurance and control.
    #[schemars(rename = "static-hold")]
    StaticHold,
    /// Controlling a movement while the muscle lengthens.
    #[schemars(rename = "eccentric")]
    Eccentric,
    /// Lifting or pushing against load.
    #[schemars(rename = "concentric")]
    Concentric,
    /// A whole-body movement bringing the earlier work together.
    #[schemars(rename = "functional")]
    Functional,
}

/// The front matter of `exercises/<id>.md`: one exercise and its dose.
///
/// See docs/content-format.md, sections 5–7. The Markdown body below the
/// closing `---` holds the instructions.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "exercise front matter")]
pub struct Exercise {
    /// The exercise's id, unique among exercises; name the file `<id>.md`.
    pub id: Slug,
    /// The exercise's name, e.g. `Cat–cow`.
    pub title: Text,
    /// The id of the stage the exercise belongs to; that stage must list it.
    pub stage: Slug,
    /// One line that says what the exercise is; shown in listings.
    pub summary: Option<Text>,
    /// What the person needs, e.g. `[exercise mat, dumbbell]`.
    pub equipment: Option<Vec<Text>>,
    /// Short coaching cues: what to think about while doing it.
    pub cues: Option<Vec<Text>>,
    /// What to avoid, when to stop, how to make it easier.
    pub cautions: Option<Vec<Text>>,
    /// A picture and/or a video.
    pub media: Option<Media>,
    /// The starting dose: what one session looks like in week 1.
    pub dose: Dose,
    /// How often to do the exercise.
    pub frequency: FrequencyText,
    /// How the dose grows week by week; without it the dose stays the same.
    pub progression: Option<Progression>,
    /// Shorter instructions for printed plans (Markdown, at most 10,000
    /// characters); without it, paper prints the instructions in full.
    pub brief: Option<Notes>,
    /// The exercise's key positions as joint angles; planwright draws
    /// them as its picture, on the site and on paper.
    pub figure: Option<Figure>,
}

/// An exercise's picture, drawn from two or three key positions seen from
/// the side, the person facing right. Angles are whole degrees counted
/// counter-clockwise from pointing forwards: 0 forwards, 90 up, 180
/// backwards, -90 down. Lengths are fractions of the person's height.
/// See docs/content-format.md, section 5.5.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Figure {
    /// What the pictures show, in words: the movement, for people who cannot see it.
    pub alt: Text,
    /// The parts drawn in the accent colour: what the exercise moves.
    pub moving: Option<Vec<PartName>>,
    /// What is around the person: `mat`, `dumbbell`, or a placed
    /// `wall: {x}`, `ball: {x, radius}`, `bench: {x, width, height}`.
    pub props: Option<Vec<PropItem>>,
    /// The point the arrow between positions follows [default: the end of
    /// the first moving part], or `none` for no arrow.
    pub arrow: Option<ArrowName>,
    /// The start position, at most one between, and the end position.
    #[schemars(length(min = 2, max = 3))]
    pub poses: Vec<PoseKeys>,
}

/// A part of the body that can move.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum PartName {
    /// The neck and head.
    Head,
    /// The trunk, from the hips to the neck.
    Spine,
    /// Upper arm and forearm.
    Arms,
    /// Thigh, shin and foot.
    Legs,
}

/// The point of the body an arrow follows, or none.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum ArrowName {
    /// The end of the forearm.
    Hand,
    /// The elbow.
    Elbow,
    /// The knee.
    Knee,
    /// The ankle.
    Foot,
    /// The centre of the head.
    Head,
    /// The middle of the back's curve.
    Back,
    /// The hips.
    Pelvis,
    /// No arrow: a position that is only held.
    None,
}

/// A prop: a bare name, or one name with its place.
#[derive(JsonSchema)]
#[schemars(untagged)]
pub enum PropItem {
    /// `mat` or `dumbbell`.
    Bare(BareProp),
    /// A prop with its place.
    Placed(PlacedProp),
}

/// A prop with no place of its own.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
pub enum BareProp {
    /// A mat under the whole figure.
    Mat,
    /// A dumbbell in the hand.
    Dumbbell,
}

/// One of `wall`, `ball` or `bench`, with where it stands.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlacedProp {
    /// A wall at `x`.
    pub wall: Option<PropPlace>,
    /// An exercise ball centred at `x` [default radius: 0.19].
    pub ball: Option<PropPlace>,
    /// A bench from `x` [default width 0.6, height 0.26].
    pub bench: Option<PropPlace>,
}

/// Where a prop is, in fractions of the person's height.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PropPlace {
    /// Forwards from the middle of the picture.
    #[schemars(range(min = -3.0, max = 3.0))]
    pub x: f64,
    /// A ball's radius.
    #[schemars(range(min = 0.0, max = 3.0))]
    pub radius: Option<f64>,
    /// A bench's length.
    #[schemars(range(min = 0.0, max = 3.0))]
    pub width: Option<f64>,
    /// A bench's height.
    #[schemars(range(min = 0.0, max = 3.0))]
    pub height: Option<f64>,
}

/// An angle in whole degrees.
type Angle = i64;

/// One key position.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PoseKeys {
    /// Where the hips are, `[x, y]` in heights, y up from the floor
    /// [default: resting on the floor or mat, centred].
    #[schemars(length(min = 2, max = 2))]
    pub pelvis: Option<Vec<f64>>,
    /// The trunk's direction, from the hips to the base of the neck.
    #[schemars(range(min = -720, max = 720))]
    pub trunk: Angle,
    /// How much the back curves: positive rounds it, negative arches it [default: 0].
    #[schemars(range(min = -720, max = 720))]
    pub bend: Option<Angle>,
    /// The neck's direction, towards the head.
    #[schemars(range(min = -720, max = 720))]
    pub neck: Angle,
    /// `[upper arm, forearm]` directions.
    #[schemars(length(min = 2, max = 2))]
    pub arms: Vec<Angle>,
    /// `[thigh, shin]` or `[thigh, shin, foot]` directions.
    #[schemars(length(min = 2, max = 3))]
    pub legs: Vec<Angle>,
}

/// A picture and/or a video of the exercise.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Media {
    /// A PNG, JPEG or SVG picture of the exercise (at most 10 MiB, SVG 2 MiB,
    /// and 40 megapixels), as a path from the content root, e.g.
    /// `images/cat-cow.svg`.
    pub image: Option<ContentPath>,
    /// A description of the image for people who cannot see it; required with `image`.
    pub alt: Option<Text>,
    /// An `http://` or `https://` link to a video.
    pub video: Option<Url>,
}

/// One session in week 1. Give `reps`, `hold` or `duration`; `duration`
/// stands alone; `load` needs `reps`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Dose {
    /// Sets per session: a count (`3`) or a range (`2-4`) [default: 1].
    pub sets: Option<CountOrRange>,
    /// Repetitions per set: a count (`10`) or a range (`10-20`).
    pub reps: Option<CountOrRange>,
    /// How long each repetition is held: `10 s`, `1 min` or a range (`10-20 s`).
    pub hold: Option<SecondsOrRange>,
    /// How long each set lasts, for timed work: `30 s` or a range (`30-60 s`).
    pub duration: Option<SecondsOrRange>,
    /// The weight used, with its unit: `4 kg`, `8.5 lb` or a range (`4-8 kg`).
    pub load: Option<LoadOrRange>,
    /// Free text about speed, e.g. `3 s lowering, 1 s up`.
    pub tempo: Option<Text>,
}

/// How the dose grows week by week, within the weekly band.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Progression {
    /// The dose values that may grow, first preferred; each needs an upper
    /// bound (a range in `dose`, or `max`).
    #[schemars(length(min = 1))]
    pub grow: Vec<DoseVarName>,
    /// The smallest step for each value [defaults: 1 set, 1 rep, 1 s, 1 kg or 2.5 lb].
    pub steps: Option<VarValues>,
    /// Upper bounds for values whose dose is a single value.
    pub max: Option<VarValues>,
    /// The loads the person actually has, e.g. `[2 kg, 3 kg, 4 kg]`. Those
    /// in the dose's unit must include the starting load and the upper
    /// bound. Weights may mix units: those in the other unit are a second
    /// rack (e.g. `[5 lb, 8 lb, 10 lb]` beside the kg dumbbells), used by
    /// plans in that unit; one of them must be no heavier than the
    /// converted starting load.
    pub weights: Option<Vec<LoadValue>>,
    /// The most a step up to a heavier weight may add to the weight of
    /// every rep, above 0% and at most 100% [default: `25%`, which lets
    /// 4 kg go to 5 kg but not to 6 kg]. Needs `load` in `grow`.
    pub max_load_jump: Option<LoadJump>,
}

/// One value per dose variable.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct VarValues {
    /// Sets, a whole number.
    pub sets: Option<Count>,
    /// Repetitions, a whole number.
    pub reps: Option<Count>,
    /// A hold time: `1 s`, `5 s`.
    pub hold: Option<SecondsValue>,
    /// A set's duration: `5 s`, `1 min`.
    pub duration: Option<SecondsValue>,
    /// A load with its unit: `1 kg`, `2.5 lb`.
    pub load: Option<LoadValue>,
}

/// A dose variable.
#[derive(JsonSchema)]
pub enum DoseVarName {
    /// Sets per session.
    #[schemars(rename = "sets")]
    Sets,
    /// Repetitions per set.
    #[schemars(rename = "reps")]
    Reps,
    /// Seconds each repetition is held.
    #[schemars(rename = "hold")]
    Hold,
    /// Seconds each set lasts.
    #[schemars(rename = "duration")]
    Duration,
    /// The weight.
    #[schemars(rename = "load")]
    Load,
}

/// The front matter of a guide page, `guide/<slug>.md`.
///
/// See docs/content-format.md, section 9.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "guide page front matter")]
pub struct GuidePage {
    /// The page's title.
    pub title: Text,
    /// A one-line description, for listings and the page's meta description.
    pub description: Option<Text>,
    /// The page's address [default: the file name without `.md`].
    pub slug: Option<Slug>,
    /// Where the page comes in the guide's menu, lowest first.
    #[schemars(range(min = -1_000_000, max = 1_000_000))]
    pub order: Option<i64>,
}

/// A patient file: one person's plan settings.
///
/// See docs/patient-file.md. Flags of `planwright plan` override these.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "patient file")]
pub struct Patient {
    /// The person's name, printed on the plan.
    pub name: Option<Text>,
    /// The prescribing clinician.
    pub clinician: Option<Text>,
    /// The clinician's clinic.
    pub clinic: Option<Text>,
    /// The clinic's phone number, for the plan's "contact us" line
    /// [default: `clinic.phone` in planwright.yaml].
    pub clinic_phone: Option<Phone>,
    /// Notes for the person (Markdown), printed on the plan's first page.
    pub notes: Option<Notes>,
    /// The day the plan is handed out, `YYYY-MM-DD`, printed as "Issued on"
    /// [default: the day of `SOURCE_DATE_EPOCH`, else a line to write it on].
    pub issued: Option<DateText>,
    /// The day to see the clinician again, `YYYY-MM-DD`, printed as "See
    /// your clinician again on" [default: a line to write it on when a
    /// clinician is named].
    pub review: Option<DateText>,
    /// The stage to plan: its number (`4`) or its id (`concentric`).
    pub stage: Option<StageChoice>,
    /// Plan only these exercises, e.g. `[dumbbell-pullover]`.
    pub exercises: Option<Vec<Slug>>,
    /// The first day of week 1, `YYYY-MM-DD` [default: the first Monday on or after today].
    pub start: Option<DateText>,
    /// The weekly growth to aim for, e.g. `7.5%`; inside the program's band.
    pub rate: Option<Percent>,
    /// How many weeks to plan [default: the stage's `max_weeks`].
    #[schemars(range(min = 1, max = 12))]
    pub weeks: Option<u32>,
    /// Allow `weeks` past the stage's `max_weeks`, a clinician's explicit
    /// choice that the printed plan states [default: `false`].
    pub beyond_stage_limit: Option<YesNo>,
    /// kg or lb for every load [default: the program's `units`].
    pub units: Option<UnitsName>,
    /// The weights the person has: `2,3,4,5,6,8kg`, `[2 kg, 3 kg]` or `step=2.5lb`.
    pub equipment: Option<EquipmentText>,
    /// The person's own starting values: `hold: 6 s` for every planned
    /// exercise, or under an exercise id for one.
    pub baseline: Option<Baselines>,
    /// Calendar export: the time of day of the first session, or one per
    /// session of a day: `07:30` or `07:30,13:00,19:00` [default: `08:00`].
    pub time: Option<TimesText>,
    /// Calendar export: the person's time zone, an IANA name such as
    /// `Europe/London` [default: floating local time].
    pub timezone: Option<TimeZoneName>,
    /// Calendar export: a reminder before each session: `10m`, `30 min`, `1h`.
    pub reminder: Option<ReminderText>,
    /// Calendar export: an event for every session, or one a day listing
    /// the day's sessions [default: `per-session`].
    pub calendar: Option<CalendarLayout>,
}

/// The paper size of printed plans.
#[derive(JsonSchema)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[schemars(rename = "a4")]
    A4,
    /// US Letter, 8.5 × 11 in.
    #[schemars(rename = "letter")]
    Letter,
}

/// What happens to raw HTML in the author's Markdown.
#[derive(JsonSchema)]
pub enum RawHtmlName {
    /// Passed into the site as written.
    #[schemars(rename = "allow")]
    Allow,
    /// Shown as text.
    #[schemars(rename = "escape")]
    Escape,
}

/// How a calendar lays out the sessions.
#[derive(JsonSchema)]
pub enum CalendarLayout {
    /// An event for every session, at its own time of day.
    #[schemars(rename = "per-session")]
    PerSession,
    /// One event a day at the first `time`, listing that day's sessions.
    #[schemars(rename = "per-day")]
    PerDay,
}

/// The unit system for loads.
#[derive(JsonSchema)]
pub enum UnitsName {
    /// Kilograms.
    #[schemars(rename = "metric")]
    Metric,
    /// Pounds.
    #[schemars(rename = "imperial")]
    Imperial,
}

/// A baseline mapping: dose variables apply to every planned exercise; an
/// exercise id holds that exercise's own variables.
pub struct Baselines;

impl JsonSchema for Baselines {
    fn schema_name() -> Cow<'static, str> {
        "Baselines".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let vars = generator.subschema_for::<VarValues>();
        let mut schema = vars.clone();
        // Keys other than the five variables are exercise ids holding
        // their own variables.
        schema.insert("additionalProperties".into(), vars.to_value());
        schema.insert(
            "propertyNames".into(),
            serde_json::json!({ "pattern": SLUG_PATTERN }),
        );
        schema.insert(
            "description".into(),
            "The person's own starting values. `hold: 6 s` applies to every planned exercise \
             with a hold; `dumbbell-pullover: {load: 5 kg}` to one exercise. Never above the \
             exercise's upper bound."
                .into(),
        );
        schema
    }
}

/// Patterns are written for ECMA 262 regular expressions (what JSON
/// Schema uses) without the `i` flag, so unit words spell out both cases.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn unit_words(words: &[&str]) -> String {
    let alternatives: Vec<String> = words.iter().map(|w| any_case(w)).collect();
    format!("({})", alternatives.join("|"))
}

/// A decimal number as `parse_fixed` reads it: `10`, `7.5`, `.5`.
const NUMBER: &str = r"([0-9]+\.?[0-9]*|\.[0-9]+)";
/// The range separators `Range::parse` accepts.
const RANGE: &str = r"(-|–|—|\s+to\s+)";
const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

fn seconds_unit() -> String {
    unit_words(&[
        "seconds", "second", "secs", "sec", "s", "minutes", "minute", "mins", "min",
    ])
}

fn load_unit() -> String {
    unit_words(&[
        "kilograms",
        "kilogram",
        "kilos",
        "kilo",
        "kgs",
        "kg",
        "pounds",
        "pound",
        "lbs",
        "lb",
    ])
}

/// Declares a type whose schema is written out by hand.
macro_rules! scalar {
    ($(#[$doc:meta])* $name:ident => $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

scalar! {
    /// Plain text on one line, at most 300 characters: titles, names, list
    /// items. YAML may read a bare number or `true` as a scalar; planwright
    /// takes it as text.
    Text => json_schema!({ "type": ["string", "number", "boolean"], "maxLength": 300 })
}

scalar! {
    /// Markdown: paragraphs, lists, bold and links.
    Markdown => json_schema!({ "type": "string" })
}

scalar! {
    /// Markdown notes for one person, at most 10,000 characters; HTML in
    /// them is printed as text.
    Notes => json_schema!({ "type": "string", "maxLength": 10000 })
}

scalar! {
    /// An id: lower-case letters, digits and single hyphens, at most 64 characters.
    Slug => json_schema!({
        "type": "string",
        "pattern": SLUG_PATTERN,
        "maxLength": 64,
        "examples": ["cat-cow", "stage-2"]
    })
}

scalar! {
    /// A web address starting with `http://` or `https://`.
    Url => json_schema!({
        "type": "string",
        "pattern": r"^https?://\S+$",
        "examples": ["https://example.org/thoracic/"]
    })
}

scalar! {
    /// A phone number as people dial it: digits, spaces, `+`, `-`, `.`,
    /// `/` and brackets, at least three digits, at most 40 characters.
    /// YAML reads a bare number as a number; planwright takes its text.
    Phone => json_schema!({
        "type": ["string", "integer"],
        "pattern": r"^[0-9 +\-./()]*[0-9][0-9 +\-./()]*[0-9][0-9 +\-./()]*[0-9][0-9 +\-./()]*$",
        "maxLength": 40,
        "examples": ["020 7946 0000", "+44 20 7946 0000"]
    })
}

scalar! {
    /// A path from the content root to a file in it, e.g. `images/logo.png`.
    ContentPath => json_schema!({
        "type": "string",
        "pattern": r"^[^/\\]",
        "examples": ["images/logo.png"]
    })
}

scalar! {
    /// A BCP 47 language tag.
    LanguageTag => json_schema!({
        "type": "string",
        "pattern": "^[A-Za-z0-9]{2,3}(-[A-Za-z0-9]{2,8})*$",
        "examples": ["en", "en-GB", "de", "pt-BR"]
    })
}

scalar! {
    /// A percentage: `7.5%`; a bare number is a percentage too.
    Percent => json_schema!({
        "anyOf": [
            { "type": "number", "exclusiveMinimum": 0 },
            { "type": "string", "pattern": format!(r"^\s*{NUMBER}\s*%?\s*$") }
        ],
        "examples": ["7.5%", "5%", "10%"]
    })
}

scalar! {
    /// A percentage above 0% and at most 100%: `25%`, `33.5%`; a bare
    /// number is a percentage too.
    LoadJump => json_schema!({
        "anyOf": [
            { "type": "number", "exclusiveMinimum": 0, "maximum": 100 },
            { "type": "string", "pattern": format!(r"^\s*{NUMBER}\s*%?\s*$") }
        ],
        "examples": ["25%", "33.5%"]
    })
}

scalar! {
    /// A whole count, more than zero.
    Count => json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": format!(r"^\s*{NUMBER}\s*$") }
        ],
        "examples": [10]
    })
}

scalar! {
    /// A whole count or a range `low-high`: start at low, never above high.
    CountOrRange => json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            {
                "type": "string",
                "pattern": format!(r"^\s*{NUMBER}\s*({RANGE}\s*{NUMBER}\s*)?$")
            }
        ],
        "examples": [10, "10-20"]
    })
}

scalar! {
    /// Seconds (`10 s`, `10s`, `10`) or minutes (`1 min`).
    SecondsValue => json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            {
                "type": "string",
                "pattern": format!(r"^\s*{NUMBER}\s*{}?\s*$", seconds_unit())
            }
        ],
        "examples": ["10 s", "1 min"]
    })
}

scalar! {
    /// A time or a range of times: `10 s`, `1 min`, `30-60 s`.
    SecondsOrRange => json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            {
                "type": "string",
                "pattern": format!(
                    r"^\s*{NUMBER}\s*{unit}?\s*({RANGE}\s*{NUMBER}\s*{unit}?\s*)?$",
                    unit = seconds_unit()
                )
            }
        ],
        "examples": ["10 s", "30-60 s", "1 min"]
    })
}

scalar! {
    /// A load with its unit: `4 kg`, `8.5 lb`.
    LoadValue => json_schema!({
        "type": "string",
        "pattern": format!(r"^\s*{NUMBER}\s*{}\s*$", load_unit()),
        "examples": ["4 kg", "8.5 lb"]
    })
}

scalar! {
    /// A load or a range of loads, with a unit: `4 kg`, `4-8 kg`.
    LoadOrRange => json_schema!({
        "type": "string",
        "pattern": format!(
            r"^\s*{NUMBER}\s*({unit}?\s*{RANGE}\s*{NUMBER}\s*)?{unit}\s*$",
            unit = load_unit()
        ),
        "examples": ["4 kg", "4-8 kg", "8.5 lb"]
    })
}

scalar! {
    /// How often, in words. planwright reads: `3x per day`, `3× a day`,
    /// `2-3x per day`, `once a day`, `daily`, `twice a day`, `every second
    /// day`, `every other day`, `every 2 days`, `every 3rd day`, `3 times
    /// per week`, `1-2x per week`, `once or twice a week`, `twice a week`,
    /// `weekly`. See docs/content-format.md, section 6.
    FrequencyText => json_schema!({
        "type": "string",
        "minLength": 1,
        "examples": [
            "3x per day", "twice a day", "daily", "every second day",
            "every 3 days", "1-2x per week", "once or twice a week"
        ]
    })
}

scalar! {
    /// A stage's number (from 1) or its id.
    StageChoice => json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": SLUG_PATTERN }
        ],
        "examples": [4, "concentric"]
    })
}

scalar! {
    /// A calendar date, `YYYY-MM-DD`.
    DateText => json_schema!({
        "type": "string",
        "pattern": r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$",
        "examples": ["2026-06-01"]
    })
}

scalar! {
    /// Weights: a list such as `2,3,4,5,6,8kg` (a unit at the end applies
    /// to all), a YAML list of loads, or `step=2.5lb`.
    EquipmentText => json_schema!({
        "anyOf": [
            { "type": "string", "minLength": 1 },
            {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "string",
                    "pattern": format!(r"^\s*{NUMBER}\s*{}\s*$", load_unit())
                }
            }
        ],
        "examples": ["2,3,4,5,6,8kg", "step=2.5lb"]
    })
}

scalar! {
    /// Yes or no: `true`/`false`, `yes`/`no` or `1`/`0`, in any case.
    YesNo => json_schema!({
        "anyOf": [
            { "type": "boolean" },
            { "type": "integer", "enum": [0, 1] },
            {
                "type": "string",
                "pattern": format!(r"^\s*{}\s*$", unit_words(&["true", "false", "yes", "no", "1", "0"]))
            }
        ],
        "examples": [true, false]
    })
}

scalar! {
    /// Times of day, `HH:MM`, in order when several.
    TimesText => json_schema!({
        "type": "string",
        "pattern": r"^\s*[0-9]{1,2}:[0-9]{2}\s*(,\s*[0-9]{1,2}:[0-9]{2}\s*)*$",
        "examples": ["07:30", "07:30,13:00,19:00"]
    })
}

scalar! {
    /// An IANA time zone name.
    TimeZoneName => json_schema!({
        "type": "string",
        "minLength": 1,
        "examples": ["Europe/London", "America/New_York", "Asia/Tokyo"]
    })
}

scalar! {
    /// Minutes (`10m`, `30 min`, a bare number) or hours (`1h`), at most a week.
    ReminderText => json_schema!({
        "anyOf": [
            { "type": "integer", "minimum": 0 },
            {
                "type": "string",
                "pattern": format!(
                    r"^\s*[0-9]+\s*{}?\s*$",
                    unit_words(&["minutes", "minute", "mins", "min", "m", "hours", "hour", "hrs", "hr", "h"])
                )
            }
        ],
        "examples": ["10m", "30 min", "1h"]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The object schema for `path` inside `schema`: through `properties`,
    /// array `items` (`[]`), and the `anyOf` an optional key adds.
    fn object_at<'a>(schema: &'a Value, path: &[&str]) -> &'a Value {
        let mut node = schema;
        for step in path {
            node = if *step == "[]" {
                &node["items"]
            } else {
                &node["properties"][*step]
            };
            if let Some(variants) = node["anyOf"].as_array() {
                node = variants
                    .iter()
                    .find(|v| v.get("properties").is_some() || v.get("items").is_some())
                    .unwrap_or(node);
            }
        }
        node
    }

    #[test]
    fn text_limits_match_the_decoders() {
        let schemas: std::collections::HashMap<_, _> = schemas().into_iter().collect();
        let text = serde_json::to_string(&schemas["planwright.schema.json"]).unwrap();
        assert!(
            text.contains(&format!("\"maxLength\":{}", crate::content::MAX_LINE_CHARS)),
            "{text}"
        );
        let patient = serde_json::to_string(&schemas["patient.schema.json"]).unwrap();
        assert!(
            patient.contains(&format!(
                "\"maxLength\":{}",
                crate::content::MAX_NOTES_CHARS
            )),
            "{patient}"
        );
    }

    #[test]
    fn every_mapping_has_exactly_the_keys_its_decoder_accepts() {
        let schemas: std::collections::HashMap<_, _> = schemas().into_iter().collect();
        for (kind, path, keys) in crate::content::ACCEPTED_KEYS {
            let file = format!("{kind}.schema.json");
            let schema = &schemas[file.as_str()];
            let object = object_at(schema, path);
            let mut in_schema: Vec<&str> = object["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{file} {path:?} is not an object: {object}"))
                .keys()
                .map(String::as_str)
                .collect();
            let mut decoded = keys.to_vec();
            in_schema.sort_unstable();
            decoded.sort_unstable();
            assert_eq!(in_schema, decoded, "{file} at {path:?}");
            assert_eq!(
                object["additionalProperties"],
                Value::Bool(false),
                "{file} at {path:?} must refuse unknown keys, as the decoder does"
            );
        }
    }

    #[test]
    fn a_baseline_takes_the_dose_variables_or_exercise_ids() {
        let patient = schema_for::<Patient>();
        let baseline = object_at(&patient, &["baseline"]);
        let mut keys: Vec<&str> = baseline["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        // The patient decoder reads baseline variables by these names.
        let mut vars: Vec<&str> = crate::model::DoseVar::ALL.iter().map(|(_, n)| *n).collect();
        vars.sort_unstable();
        assert_eq!(keys, vars);
        assert_eq!(baseline["propertyNames"]["pattern"], SLUG_PATTERN);
        assert_eq!(
            baseline["additionalProperties"]["properties"], baseline["properties"],
            "an exercise id holds the same variables"
        );
    }

    #[test]
    fn schemas_are_draft_07_and_self_contained() {
        for (file, schema) in schemas() {
            assert_eq!(
                schema["$schema"], "http://json-schema.org/draft-07/schema#",
                "{file}"
            );
            let text = schema.to_string();
            assert!(
                !text.contains("$ref"),
                "{file} should inline every subschema"
            );
            assert!(schema["title"].is_string(), "{file} has a title");
        }
    }
}
