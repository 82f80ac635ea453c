//! Reading a patient file: one person's plan settings in YAML.
//!
//! It holds the same settings as the `planwright plan` flags plus who the
//! plan is for (`docs/patient-file.md`). Every value keeps where it was
//! written, so a value the engine refuses later (a baseline above an upper
//! bound, a rate above 10%) is still reported at its `path:line:column`.

use std::path::{Path, PathBuf};

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

use super::decode::Decoder;
use super::yaml::{Node, Value};
use super::MAX_NOTES_CHARS;
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{DoseVar, Load, Rate, Slug, Units};
use planwright_core::plan::Person;
use planwright_core::progression::{parse_date, Baseline, BaselineValue, Equipment, StageRef};

pub(crate) const KEYS: &[&str] = &[
    "name",
    "clinician",
    "clinic",
    "clinic_phone",
    "notes",
    "issued",
    "review",
    "stage",
    "exercises",
    "start",
    "rate",
    "weeks",
    "beyond_stage_limit",
    "units",
    "equipment",
    "baseline",
    "time",
    "timezone",
    "reminder",
    "calendar",
];
const WHAT: &str = "the patient file";
/// Patient files are a screenful of YAML; anything this large is a mistake.
const MAX_BYTES: u64 = 1024 * 1024;

/// A value from the patient file and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub position: Position,
}

/// A patient file's settings. Fields left out of the file are `None` or empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatientFile {
    /// The file, as given on the command line.
    pub path: PathBuf,
    /// Name, clinician, clinic, its phone, notes, and the issue and review dates.
    pub person: Person,
    /// The stage to plan.
    pub stage: Option<At<StageRef>>,
    /// The exercises to plan.
    pub exercises: Vec<At<Slug>>,
    /// The first day of week 1.
    pub start: Option<At<Date>>,
    /// How many weeks.
    pub weeks: Option<At<u32>>,
    /// `weeks` may go past the stage's `max_weeks`.
    pub beyond_stage_limit: Option<At<bool>>,
    /// The weekly target.
    pub rate: Option<At<Rate>>,
    /// kg or lb.
    pub units: Option<Units>,
    /// The weights the person has.
    pub equipment: Option<At<Equipment>>,
    /// The person's own starting values, in the order written.
    pub baselines: Vec<At<Baseline>>,
    /// Calendar export: the time of day of each session of a day.
    pub times: Option<Vec<Time>>,
    /// Calendar export: the person's time zone.
    pub time_zone: Option<TimeZone>,
    /// Calendar export: minutes between a reminder and its session.
    pub reminder: Option<u32>,
    /// Calendar export: an event per session or per day.
    pub calendar: Option<crate::ics::Layout>,
}

/// Reads and checks the patient file at `path`, reporting every problem.
pub fn load_patient(path: &Path) -> Result<PatientFile, Vec<Diagnostic>> {
    let cannot = |e: std::io::Error| {
        vec![Diagnostic::error(
            path,
            Position::START,
            format!("cannot read the patient file: {e}"),
        )]
    };
    let bytes = super::read_up_to(path, MAX_BYTES + 1).map_err(cannot)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(vec![Diagnostic::error(
            path,
            Position::START,
            "the patient file is larger than 1 MiB",
        )]);
    }
    let text = super::text_of(&bytes, path, "the patient file").map_err(|d| vec![d])?;
    parse_patient(text, path)
}

/// Parses patient-file text; pure, for tests and [`load_patient`] alike.
/// Problems come in the order they appear in the file.
pub fn parse_patient(text: &str, path: &Path) -> Result<PatientFile, Vec<Diagnostic>> {
    super::parse_yaml_file(text, path, |d, root| decode(d, root, path)).map_err(|mut ds| {
        crate::diagnostic::sort(&mut ds);
        ds
    })
}

pub(super) fn decode(d: &mut Decoder, root: &Node, path: &Path) -> Option<PatientFile> {
    if root.value == Value::Null {
        d.error_hint(
            root.position,
            "the patient file is empty",
            "see docs/patient-file.md for an example",
        );
        return None;
    }
    let fields = d.fields(root, WHAT, KEYS)?;
    let text = |d: &mut Decoder, key: &str| d.optional_text(fields.get(key), key);
    let name = text(d, "name");
    let clinician = text(d, "clinician");
    let clinic = text(d, "clinic");
    let clinic_phone = match fields.get("clinic_phone") {
        Some(n) if n.value != Value::Null => d.phone(n, "clinic_phone").map(Some),
        _ => Some(None),
    };
    let notes = match fields.get("notes") {
        Some(n) if n.value != Value::Null => d.markdown(n, "notes", MAX_NOTES_CHARS).map(Some),
        _ => Some(None),
    };
    let issued = optional(fields.get("issued"), |n| date(d, n, "issued"));
    let review = optional(fields.get("review"), |n| date(d, n, "review"));
    let review = match (&issued, review) {
        (Some(Some(issued)), Some(Some(review))) if review.value < issued.value => {
            d.error_hint(
                review.position,
                format!(
                    "`review` {} comes before `issued` {}",
                    review.value, issued.value
                ),
                "the review is the next visit after the plan is handed out: check both dates",
            );
            None
        }
        (_, review) => review,
    };
    let stage = optional(fields.get("stage"), |n| stage(d, n));
    let exercises = match fields.get("exercises") {
        Some(n) => exercises(d, n),
        None => Some(Vec::new()),
    };
    let start = optional(fields.get("start"), |n| date(d, n, "start"));
    let weeks = optional(fields.get("weeks"), |n| {
        d.integer(n, "weeks", 1, 12)
            .and_then(|w| u32::try_from(w).ok())
    });
    let beyond_stage_limit = optional(fields.get("beyond_stage_limit"), |n| {
        d.boolean(n, "beyond_stage_limit")
    });
    let rate = optional(fields.get("rate"), |n| d.quantity(n, "rate", Rate::parse));
    let units = match fields.get("units") {
        Some(n) => d
            .choice(
                n,
                "units",
                &[(Units::Metric, "metric"), (Units::Imperial, "imperial")],
            )
            .map(Some),
        None => Some(None),
    };
    let equipment = optional(fields.get("equipment"), |n| equipment(d, n));
    let baselines = match fields.get("baseline") {
        Some(n) => baselines(d, n),
        None => Some(Vec::new()),
    };
    let times = calendar(d, fields.get("time"), "time", crate::ics::parse_times);
    let time_zone = calendar(
        d,
        fields.get("timezone"),
        "timezone",
        crate::ics::parse_time_zone,
    );
    let reminder = calendar(
        d,
        fields.get("reminder"),
        "reminder",
        crate::ics::parse_reminder,
    );
    let layout = match fields.get("calendar") {
        Some(n) if n.value != Value::Null => {
            d.choice(n, "calendar", &crate::ics::Layout::ALL).map(Some)
        }
        _ => Some(None),
    };
    Some(PatientFile {
        path: path.to_path_buf(),
        person: Person {
            name: name?,
            clinician: clinician?,
            clinic: clinic?,
            notes: notes?,
            clinic_phone: clinic_phone?,
            issued: issued?.map(|a| a.value),
            review: review?.map(|a| a.value),
        },
        stage: stage?,
        exercises: exercises?,
        start: start?,
        weeks: weeks?,
        beyond_stage_limit: beyond_stage_limit?,
        rate: rate?,
        units: units?,
        equipment: equipment?,
        baselines: baselines?,
        times: times?,
        time_zone: time_zone?,
        reminder: reminder?,
        calendar: layout?,
    })
}

/// Reads an optional calendar setting with the same reader as its flag.
fn calendar<T>(
    d: &mut Decoder,
    node: Option<&Node>,
    key: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<Option<T>> {
    let node = match node {
        None => return Some(None),
        Some(n) if n.value == Value::Null => return Some(None),
        Some(n) => n,
    };
    let text = d.text(node, key)?;
    match parse(&text) {
        Ok(value) => Some(Some(value)),
        Err(why) => {
            d.error_hint(
                node.position,
                format!("`{key}` {why}"),
                "see docs/calendar.md for the calendar settings",
            );
            None
        }
    }
}

/// Reads an optional key: absent or null is `Some(None)`, an error `None`.
fn optional<T>(
    node: Option<&Node>,
    read: impl FnOnce(&Node) -> Option<T>,
) -> Option<Option<At<T>>> {
    match node {
        None => Some(None),
        Some(n) if n.value == Value::Null => Some(None),
        Some(n) => read(n).map(|value| {
            Some(At {
                value,
                position: n.position,
            })
        }),
    }
}

fn stage(d: &mut Decoder, node: &Node) -> Option<StageRef> {
    let text = d.text(node, "stage")?;
    match StageRef::parse(&text) {
        Ok(stage) => Some(stage),
        Err(why) => {
            d.error_hint(
                node.position,
                format!("`stage` {why}"),
                "give the stage's number, like `4`, or its id, like `concentric`",
            );
            None
        }
    }
}

fn exercises(d: &mut Decoder, node: &Node) -> Option<Vec<At<Slug>>> {
    if node.value == Value::Null {
        return Some(Vec::new());
    }
    let items = d.list(node, "exercises")?;
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for item in items {
        match d.slug(item, "exercises") {
            Some(id) => out.push(At {
                value: id,
                position: item.position,
            }),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// A date under `key` (`start`, `issued`, `review`), read as `--start` is.
fn date(d: &mut Decoder, node: &Node, key: &str) -> Option<Date> {
    let text = d.text(node, key)?;
    match parse_date(&text) {
        Ok(date) => Some(date),
        Err(e) if e.bad_form => {
            d.error_hint(
                node.position,
                format!("`{key}` {}", e.message),
                "write the date as YYYY-MM-DD, like 2026-06-01",
            );
            None
        }
        Err(e) => {
            d.error(node.position, format!("`{key}` {}", e.message));
            None
        }
    }
}

fn equipment(d: &mut Decoder, node: &Node) -> Option<Equipment> {
    if let Value::Seq(items) = &node.value {
        let mut weights = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match d.quantity(item, "equipment", Load::parse) {
                Some(w) => weights.push(w),
                None => ok = false,
            }
        }
        if ok && weights.windows(2).any(|w| w[0].unit != w[1].unit) {
            d.error(node.position, "`equipment` mixes kg and lb");
            return None;
        }
        if ok && weights.is_empty() {
            d.error_hint(
                node.position,
                "`equipment` lists no weights",
                "list them like `[2 kg, 3 kg, 4 kg]`, or leave `equipment` out",
            );
            return None;
        }
        return ok.then(|| Equipment::from_weights(weights));
    }
    let text = d.text(node, "equipment")?;
    match Equipment::parse(&text) {
        Ok(e) => Some(e),
        Err(e) => {
            d.error_hint(
                node.position,
                format!("`equipment` `{text}`: {e}"),
                "write the weights like `2,3,4,5,6,8kg` or `[2 kg, 3 kg]`, or a step like `step=2.5lb`",
            );
            None
        }
    }
}

/// `baseline:` maps a variable to a value for every planned exercise, or an
/// exercise id to its own mapping of variables.
fn baselines(d: &mut Decoder, node: &Node) -> Option<Vec<At<Baseline>>> {
    let Value::Map(entries) = &node.value else {
        if node.value == Value::Null {
            return Some(Vec::new());
        }
        d.error_hint(
            node.position,
            format!("`baseline` should be a mapping, found {}", node.kind()),
            "write one value a line, like `hold: 6 s`, or group them under an exercise id",
        );
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for (key, value) in entries {
        if let Some(var) = var_named(&key.name) {
            match baseline_value(d, value, var, None) {
                Some(b) => out.push(b),
                None => ok = false,
            }
            continue;
        }
        let Ok(exercise) = Slug::parse(&key.name) else {
            d.error_hint(
                key.position,
                format!("unknown key `{}` in `baseline`", key.name),
                "use sets, reps, hold, duration or load, or an exercise id holding them",
            );
            ok = false;
            continue;
        };
        let Value::Map(vars) = &value.value else {
            d.error_hint(
                value.position,
                format!(
                    "`baseline.{}` should be a mapping, found {}",
                    key.name,
                    value.kind()
                ),
                "under an exercise id, give its values like `load: 5 kg`",
            );
            ok = false;
            continue;
        };
        for (var_key, var_value) in vars {
            let Some(var) = var_named(&var_key.name) else {
                d.error_hint(
                    var_key.position,
                    format!("unknown key `{}` in `baseline.{}`", var_key.name, key.name),
                    "use sets, reps, hold, duration or load",
                );
                ok = false;
                continue;
            };
            match baseline_value(d, var_value, var, Some(exercise.clone())) {
                Some(b) => out.push(b),
                None => ok = false,
            }
        }
    }
    ok.then_some(out)
}

fn var_named(name: &str) -> Option<DoseVar> {
    DoseVar::ALL
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(var, _)| *var)
}

fn baseline_value(
    d: &mut Decoder,
    node: &Node,
    var: DoseVar,
    exercise: Option<Slug>,
) -> Option<At<Baseline>> {
    let what = match &exercise {
        Some(id) => format!("baseline.{id}.{}", var.name()),
        None => format!("baseline.{}", var.name()),
    };
    let value = d.quantity(node, &what, |t| BaselineValue::parse(var, t))?;
    Some(At {
        value: Baseline { exercise, value },
        position: node.position,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MassUnit, Seconds};

    fn parse(text: &str) -> Result<PatientFile, Vec<String>> {
        parse_patient(text, Path::new("alex.yaml"))
            .map_err(|ds| ds.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_every_field() {
        let file = parse(
            "name: Alex Example\nclinician: Dr Sam Carter\nclinic: Riverside Physiotherapy\n\
             notes: |\n  Ease off if it aches.\nstage: 4\nstart: 2026-06-01\nrate: 7%\nweeks: 4\n\
             units: metric\nequipment: 2,3,4,5,6,8kg\nbaseline:\n  reps: 12\n  \
             dumbbell-pullover:\n    load: 5 kg\n",
        )
        .unwrap();
        assert_eq!(file.person.name.as_deref(), Some("Alex Example"));
        assert_eq!(file.person.notes.as_deref(), Some("Ease off if it aches."));
        assert_eq!(file.stage.unwrap().value, StageRef::Number(4));
        assert_eq!(file.start.unwrap().value.to_string(), "2026-06-01");
        assert_eq!(file.weeks.unwrap().value, 4);
        assert_eq!(file.rate.unwrap().value.basis_points, 700);
        assert_eq!(file.units, Some(Units::Metric));
        assert!(matches!(file.equipment.unwrap().value, Equipment::Weights(w) if w.len() == 6));
        let b = &file.baselines;
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].position, Position::new(13, 9));
        assert_eq!(
            b[1].value.exercise.as_ref().unwrap().as_str(),
            "dumbbell-pullover"
        );
        assert_eq!(
            b[1].value.value,
            BaselineValue::Load(Load::new(5, MassUnit::Kg))
        );
    }

    #[test]
    fn reports_every_problem_with_its_place() {
        let errors = parse(
            "nmae: Alex\nweeks: 13\nstart: 1 June\nbaseline:\n  hold: fast\n  cat-cow:\n    speed: 3\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                "alex.yaml:1:1: error: unknown key `nmae` in the patient file\n  hint: did you mean `name`?",
                "alex.yaml:2:8: error: `weeks` must be between 1 and 12, found 13",
                "alex.yaml:3:8: error: `start` `1 June` is not a date\n  hint: write the date as YYYY-MM-DD, like 2026-06-01",
                "alex.yaml:5:9: error: `baseline.hold` `fast` is not a number",
                "alex.yaml:7:5: error: unknown key `speed` in `baseline.cat-cow`\n  hint: use sets, reps, hold, duration or load",
            ]
        );
    }

    #[test]
    fn dates_are_yyyy_mm_dd_and_exist() {
        assert_eq!(parse_date("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert_eq!(
            parse_date(" 2026-06-01 ").unwrap().to_string(),
            "2026-06-01"
        );
        let why = |t: &str| parse_date(t).unwrap_err();
        assert_eq!(
            why("2026-02-30").message,
            "`2026-02-30` is not a date: February 2026 has 28 days"
        );
        assert_eq!(
            why("2026-04-31").message,
            "`2026-04-31` is not a date: April 2026 has 30 days"
        );
        assert_eq!(
            why("2026-06-00").message,
            "`2026-06-00` is not a date: June 2026 has 30 days"
        );
        assert_eq!(
            why("2026-13-01").message,
            "`2026-13-01` is not a date: a month is 1 to 12"
        );
        assert!(!why("2026-00-10").bad_form);
        for t in [
            "2026-06-01T08:00",
            "2026-6-1",
            "20260601",
            "1 June",
            "-2026-06-01",
            "",
        ] {
            assert!(why(t).bad_form, "{t}");
        }
        assert_eq!(
            parse("start: 2026-02-29\n").unwrap_err(),
            ["alex.yaml:1:8: error: `start` `2026-02-29` is not a date: February 2026 has 28 days"]
        );
    }

    #[test]
    fn names_and_notes_have_limits() {
        let errors = parse(&format!(
            "name: {}\nnotes: {}\n",
            "n".repeat(301),
            "word ".repeat(2001)
        ))
        .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].starts_with("alex.yaml:1:7: error: `name` is 301 characters long"));
        assert!(errors[1].starts_with("alex.yaml:2:8: error: `notes` is 10004 characters long"));
    }

    #[test]
    fn equipment_may_be_a_yaml_list() {
        let file = parse("equipment: [2 kg, 4 kg]\nbaseline:\n  hold: 6 s\n").unwrap();
        assert_eq!(
            file.equipment.unwrap().value,
            Equipment::Weights(vec![Load::new(2, MassUnit::Kg), Load::new(4, MassUnit::Kg)])
        );
        assert_eq!(
            file.baselines[0].value.value,
            BaselineValue::Hold(Seconds(6))
        );
        assert!(parse("equipment: [2 kg, 4 lb]\n").is_err());
    }

    #[test]
    fn reads_the_handout_dates_and_the_clinics_phone() {
        let file = parse(
            "clinician: Dr Sam Carter\nclinic_phone: 020 7946 0000\nissued: 2026-05-28\nreview: 2026-07-13\n",
        )
        .unwrap();
        assert_eq!(file.person.clinic_phone.as_deref(), Some("020 7946 0000"));
        assert_eq!(file.person.issued, Some(Date::new(2026, 5, 28).unwrap()));
        assert_eq!(file.person.review, Some(Date::new(2026, 7, 13).unwrap()));
        let none = parse("name: Ana\n").unwrap();
        assert_eq!((none.person.issued, none.person.review), (None, None));
    }

    #[test]
    fn handout_dates_are_checked_like_the_start() {
        assert_eq!(
            parse("issued: 28 May\nreview: 2026-02-30\nclinic_phone: ask at the desk\n").unwrap_err(),
            [
                "alex.yaml:1:9: error: `issued` `28 May` is not a date\n  hint: write the date as YYYY-MM-DD, like 2026-06-01",
                "alex.yaml:2:9: error: `review` `2026-02-30` is not a date: February 2026 has 28 days",
                "alex.yaml:3:15: error: `clinic_phone` `ask at the desk` is not a phone number: `a` is not \
                 part of a phone number\n  hint: write the number as people dial it, like `020 7946 0000` \
                 or `+44 20 7946 0000`",
            ]
        );
        assert_eq!(
            parse("issued: 2026-06-01\nreview: 2026-05-01\n").unwrap_err(),
            [
                "alex.yaml:2:9: error: `review` 2026-05-01 comes before `issued` 2026-06-01\n  \
              hint: the review is the next visit after the plan is handed out: check both dates"
            ]
        );
    }
}
