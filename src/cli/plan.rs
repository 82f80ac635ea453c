//! `planwright plan`: a dated, week-by-week plan for one stage, as text or JSON.
//!
//! This file reads flags and the patient file, reads "today" (the only
//! clock in planwright, honouring `SOURCE_DATE_EPOCH`), asks the engine for
//! the plan and prints it. It never computes or words a dose: every number
//! and note comes from `planwright_core::progression`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::Span;

use super::{Output, EXIT_FAILURE, EXIT_USAGE};
use crate::content::{self, PatientFile};
use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Rate, Slug, Units};
use planwright_core::plan::{Plan, Sessions, Status};
use planwright_core::progression::{
    self, Baseline, Equipment, Field, PlanError, PlanRequest, StageRef,
};

/// Arguments of `planwright plan`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  planwright plan --stage 4
  planwright plan --stage 2 --name \"Alex Example\" --start 2026-06-01 --rate 6%
  planwright plan --exercise dumbbell-pullover --baseline load=5kg --equipment 2,3,4,5,6,8kg
  planwright plan --patient alex.yaml --format json -o alex-plan.json
  planwright plan --stage 1 --format ics --time 07:30 --tz Europe/London --reminder 10m -o plan.ics
  planwright plan --stage 1 --format ics --calendar per-day -o plan.ics

  planwright plan --patient alex.yaml --format pdf --paper letter -o alex-plan.pdf

Flags override the same settings in a --patient file. See docs/progression.md for
how each week is worked out, docs/plan-json.md for the JSON and
docs/patient-file.md for patient files, docs/calendar.md for .ics files.

Exit status: 0 on success, 1 when the content or the patient file has a problem,
2 when a flag or its value is wrong.")]
pub(crate) struct Args {
    /// The stage to plan: its number (1 is the first) or its id.
    #[arg(long, value_name = "N|ID", value_parser = StageRef::parse)]
    stage: Option<StageRef>,

    /// Plan only this exercise (repeat for more). Without --stage, plans it within its own stage.
    #[arg(long = "exercise", value_name = "ID", value_parser = Slug::parse)]
    exercises: Vec<Slug>,

    /// The person's name, printed on the plan.
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    name: Option<String>,

    /// The first day of week 1 [default: the first Monday on or after today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, allow_hyphen_values = true)]
    start: Option<Date>,

    /// The weekly growth to aim for, e.g. 7.5%; never above 10% [default: the program's target].
    #[arg(long, value_name = "PERCENT", value_parser = given(Rate::parse), allow_hyphen_values = true)]
    rate: Option<Given<Rate>>,

    /// How many weeks to plan, 1 to 12 [default: the stage's length]. More
    /// than the stage's `max_weeks` needs --beyond-stage-limit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=12), allow_negative_numbers = true)]
    weeks: Option<u32>,

    /// Allow --weeks past the stage's max_weeks, for a clinician who wants
    /// a longer stage; every printed copy of the plan says so.
    #[arg(long)]
    beyond_stage_limit: bool,

    /// The person's own starting value, e.g. hold=6s, reps=8, load=4kg, or
    /// EXERCISE.VAR=VALUE for one exercise (repeatable). Never above the exercise's upper bound.
    #[arg(long = "baseline", value_name = "VAR=VALUE", value_parser = given(Baseline::parse))]
    baselines: Vec<Given<Baseline>>,

    /// Units for loads [default: the program's `units`].
    #[arg(long, value_enum, value_name = "UNITS")]
    units: Option<UnitsArg>,

    /// The weights the person has: a list such as 2,3,4,5,6,8kg (a unit at the end applies to
    /// all), or step=2.5lb for any multiple of a step.
    #[arg(long, value_name = "WEIGHTS", value_parser = given(Equipment::parse))]
    equipment: Option<Given<Equipment>>,

    /// A patient file (YAML) with the person's details and settings; flags override it.
    #[arg(long, value_name = "FILE")]
    patient: Option<PathBuf>,

    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    format: Format,

    /// Calendar (--format ics): the time of day of the first session, or
    /// one time per session of a day, e.g. 07:30,13:00,19:00 [default: 08:00].
    #[arg(long = "time", value_name = "HH:MM[,HH:MM…]", value_parser = given(crate::ics::parse_times))]
    times: Option<Given<Vec<Time>>>,

    /// Calendar (--format ics): the person's time zone, an IANA name such as
    /// Europe/London [default: the patient file's, else floating local time].
    #[arg(long = "tz", value_name = "ZONE", value_parser = crate::ics::parse_time_zone)]
    time_zone: Option<TimeZone>,

    /// Calendar (--format ics): a reminder this long before each session, e.g. 10m or 1h.
    #[arg(long, value_name = "TIME", value_parser = crate::ics::parse_reminder)]
    reminder: Option<u32>,

    /// Calendar (--format ics): an event for every session, or one a day
    /// listing the day's sessions [default: the patient file's, else per-session].
    #[arg(long, value_enum, value_name = "LAYOUT")]
    calendar: Option<CalendarArg>,

    /// The paper size of a PDF [default: `paper` in planwright.yaml].
    #[arg(long, value_enum, value_name = "PAPER")]
    paper: Option<super::plans::PaperArg>,

    /// The content folder [default: `content`, or the built-in thoracic
    /// program when there is no `content` folder here].
    #[arg(long, value_name = "DIR", value_parser = super::content_dir())]
    content: Option<PathBuf>,

    /// Write the plan to FILE instead of standard output (`-` is standard
    /// output). FILE is replaced whole; a link, device or pipe is refused.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

impl Args {
    /// The file to write, or `None` for standard output (no -o, or `-o -`).
    fn output_file(&self) -> Option<&Path> {
        self.output
            .as_deref()
            .filter(|path| path.as_os_str() != "-")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum UnitsArg {
    /// Kilograms.
    Metric,
    /// Pounds.
    Imperial,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CalendarArg {
    /// An event for every session, at its own time of day.
    PerSession,
    /// One event a day at the first --time, listing that day's sessions.
    PerDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A readable week-by-week table.
    Text,
    /// The schema in docs/plan-json.md.
    Json,
    /// An iCalendar file, one event per session (docs/calendar.md).
    Ics,
    /// A printable plan with tick boxes for every session (docs/pdf.md).
    Pdf,
}

/// A flag's value with the text the user typed, for error messages.
#[derive(Debug, Clone)]
struct Given<T> {
    text: String,
    value: T,
}

fn given<T: 'static, E: 'static>(
    parse: fn(&str) -> Result<T, E>,
) -> impl Fn(&str) -> Result<Given<T>, E> + Clone + Send + Sync + 'static {
    move |text| {
        parse(text).map(|value| Given {
            text: text.to_string(),
            value,
        })
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    content::parse_date(text).map_err(|e| {
        if e.bad_form {
            format!("{}; write it as YYYY-MM-DD, like 2026-06-01", e.message)
        } else {
            e.message
        }
    })
}

/// A name fits on a line of the plan, as in a patient file.
fn parse_name(text: &str) -> Result<String, String> {
    let chars = text.chars().count();
    if chars > content::MAX_LINE_CHARS {
        return Err(format!(
            "the name is {chars} characters long; at most {} are allowed",
            content::MAX_LINE_CHARS
        ));
    }
    Ok(text.to_string())
}

/// Where a setting came from, so a refusal can point at it.
#[derive(Debug, Clone)]
enum Origin {
    /// A flag, as the user would type it (`--rate 15%`).
    Flag(String),
    /// A line of the patient file.
    File(Position),
    /// Nowhere: the user gave nothing.
    Missing,
}

/// The origins of a request's fields.
#[derive(Debug)]
struct Origins {
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
    fn of(&self, field: Field) -> &Origin {
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
}

/// A flag's value wins over the file's; each keeps its origin.
fn pick<T>(flag: Option<(T, String)>, file: Option<content::At<T>>) -> (Option<T>, Origin) {
    match (flag, file) {
        (Some((v, text)), _) => (Some(v), Origin::Flag(text)),
        (None, Some(at)) => (Some(at.value), Origin::File(at.position)),
        (None, None) => (None, Origin::Missing),
    }
}

/// How the start date was chosen, for the plan's heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartChoice {
    Given,
    NextMonday,
}

pub(crate) fn run(args: &Args, out: Output) -> ExitCode {
    let loaded = match super::plans::load_program(args.content.as_deref(), out) {
        Ok((loaded, _)) => loaded,
        Err(code) => return code,
    };
    let patient = match &args.patient {
        Some(path) => match content::load_patient(path) {
            Ok(file) => Some(file),
            Err(diagnostics) => {
                out.diagnostics(&diagnostics);
                return ExitCode::from(EXIT_FAILURE);
            }
        },
        None => None,
    };
    if args.format != Format::Ics
        && (args.times.is_some()
            || args.time_zone.is_some()
            || args.reminder.is_some()
            || args.calendar.is_some())
    {
        out.error(
            "--time, --tz, --reminder and --calendar only apply to a calendar (--format ics)",
            Some("add --format ics, or leave them out"),
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let calendar = calendar_options(args, patient.as_ref());
    let (start, start_choice, start_origin) = match start_date(args, patient.as_ref()) {
        Ok(found) => found,
        Err(message) => {
            out.error(
                &message,
                Some("unset it, or set it to a Unix time in seconds"),
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (request, origins) = request(args, patient, start, start_origin);
    let plan = match progression::plan(&loaded.program, &request) {
        Ok(plan) => plan,
        Err(e) => return refuse(&e, &origins, args.patient.as_deref(), out),
    };
    let rendered = match args.format {
        Format::Text => text(&plan, start_choice),
        Format::Json => crate::json::plan_document(&plan),
        Format::Ics => match calendar {
            Ok(options) => crate::ics::render(&plan, &loaded.program, &options),
            Err(message) => {
                out.error(
                    &message,
                    Some("unset it, or set it to a Unix time in seconds"),
                );
                return ExitCode::from(EXIT_USAGE);
            }
        },
        Format::Pdf => {
            return super::plans::write_plan_pdf(
                &plan,
                &loaded.program,
                args.content.as_deref(),
                args.paper,
                args.output_file(),
                out,
            )
        }
    };
    match args.output_file() {
        Some(path) => {
            if let Err(e) = crate::output::replace_file(path, rendered.as_bytes()) {
                out.error(&e.to_string(), e.hint());
                return ExitCode::from(EXIT_FAILURE);
            }
            out.status(&format!(
                "wrote the {}-week plan for stage {} to {}",
                plan.weeks.len(),
                plan.stage.number,
                path.display()
            ));
        }
        // A closed pipe (e.g. `| head`) is not an error worth reporting.
        None => {
            let _ = std::io::stdout().write_all(rendered.as_bytes());
        }
    }
    ExitCode::SUCCESS
}

/// The start date: `--start`, the patient file's, or the first Monday on
/// or after today.
fn start_date(
    args: &Args,
    patient: Option<&PatientFile>,
) -> Result<(Date, StartChoice, Origin), String> {
    if let Some(date) = args.start {
        return Ok((
            date,
            StartChoice::Given,
            Origin::Flag(format!("--start {date}")),
        ));
    }
    if let Some(at) = patient.and_then(|p| p.start.as_ref()) {
        return Ok((at.value, StartChoice::Given, Origin::File(at.position)));
    }
    Ok((next_monday()?, StartChoice::NextMonday, Origin::Missing))
}

/// The first Monday on or after today: where a plan starts when no date is
/// given (plans, rosters and the site's downloads alike).
pub(super) fn next_monday() -> Result<Date, String> {
    let today = today()?;
    let ahead = (7 - i64::from(today.weekday().to_monday_zero_offset())) % 7;
    let monday = today
        .checked_add(Span::new().days(ahead))
        .map_err(|e| format!("cannot count forward from {today}: {e}"))?;
    debug_assert_eq!(monday.weekday(), Weekday::Monday);
    Ok(monday)
}

/// Today's date: from `SOURCE_DATE_EPOCH` (UTC) when set, so builds and
/// tests are reproducible, else from the system clock in local time.
fn today() -> Result<Date, String> {
    match source_date_epoch()? {
        Some(at) => Ok(at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "now".
pub(super) fn source_date_epoch() -> Result<Option<jiff::Timestamp>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => {
            let seconds: i64 = v
                .trim()
                .parse()
                .map_err(|_| format!("SOURCE_DATE_EPOCH `{v}` is not a whole number of seconds"))?;
            // It stamps PDFs and calendars and stands for today, so it must
            // be a day planwright can start a plan on (years 1970 to 9999).
            let last = planwright_core::progression::STARTS.end();
            jiff::Timestamp::from_second(seconds)
                .ok()
                .filter(|at| seconds >= 0 && at.to_zoned_datetime(TimeZone::UTC).date() <= *last)
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "SOURCE_DATE_EPOCH `{v}` is outside planwright's dates: it counts \
                         seconds since 1970-01-01 and must stand for a day from 1970-01-01 \
                         to {last}"
                    )
                })
        }
        _ => Ok(None),
    }
}

/// The calendar layout: flags over the patient file over the defaults.
/// The only error is an unreadable `SOURCE_DATE_EPOCH` (the `DTSTAMP`).
fn calendar_options(
    args: &Args,
    patient: Option<&PatientFile>,
) -> Result<crate::ics::IcsOptions, String> {
    let defaults = crate::ics::IcsOptions::default();
    Ok(crate::ics::IcsOptions {
        times: args
            .times
            .as_ref()
            .map(|t| t.value.clone())
            .or_else(|| patient.and_then(|p| p.times.clone()))
            .unwrap_or(defaults.times),
        time_zone: args
            .time_zone
            .clone()
            .or_else(|| patient.and_then(|p| p.time_zone.clone())),
        reminder_minutes: args.reminder.or(patient.and_then(|p| p.reminder)),
        layout: args
            .calendar
            .map(|c| match c {
                CalendarArg::PerSession => crate::ics::Layout::PerSession,
                CalendarArg::PerDay => crate::ics::Layout::PerDay,
            })
            .or(patient.and_then(|p| p.calendar))
            .unwrap_or(defaults.layout),
        // Without SOURCE_DATE_EPOCH, the stamp comes from the plan itself,
        // so the same plan always gives the same file.
        stamp: source_date_epoch()?,
    })
}

/// Merges flags over the patient file into the engine's request.
fn request(
    args: &Args,
    patient: Option<PatientFile>,
    start: Date,
    start_origin: Origin,
) -> (PlanRequest, Origins) {
    let file = patient.unwrap_or_default();
    let (stage, stage_origin) = pick(
        args.stage.clone().map(|s| {
            let text = format!("--stage {s}");
            (s, text)
        }),
        file.stage,
    );
    let (weeks, weeks_origin) = pick(args.weeks.map(|w| (w, format!("--weeks {w}"))), file.weeks);
    let (target, rate_origin) = pick(
        args.rate
            .clone()
            .map(|r| (r.value, format!("--rate {}", r.text))),
        file.rate,
    );
    let (equipment, equipment_origin) = pick(
        args.equipment
            .clone()
            .map(|e| (e.value, format!("--equipment {}", e.text))),
        file.equipment,
    );
    let (exercises, exercise_origins): (Vec<Slug>, Vec<Origin>) = if args.exercises.is_empty() {
        file.exercises
            .into_iter()
            .map(|at| (at.value, Origin::File(at.position)))
            .unzip()
    } else {
        args.exercises
            .iter()
            .map(|id| (id.clone(), Origin::Flag(format!("--exercise {id}"))))
            .unzip()
    };
    // A flag replaces the file's baseline for the same exercise and variable.
    let mut baselines: Vec<(Baseline, Origin)> = file
        .baselines
        .into_iter()
        .filter(|at| {
            !args
                .baselines
                .iter()
                .any(|b| b.value.same_target(&at.value))
        })
        .map(|at| (at.value, Origin::File(at.position)))
        .collect();
    baselines.extend(args.baselines.iter().map(|b| {
        (
            b.value.clone(),
            Origin::Flag(format!("--baseline {}", b.text)),
        )
    }));
    let (baselines, baseline_origins) = baselines.into_iter().unzip();
    let units = args
        .units
        .map(|u| match u {
            UnitsArg::Metric => Units::Metric,
            UnitsArg::Imperial => Units::Imperial,
        })
        .or(file.units);
    let mut person = file.person;
    if args.name.is_some() {
        person.name.clone_from(&args.name);
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
        beyond_stage_limit: args.beyond_stage_limit
            || file.beyond_stage_limit.is_some_and(|a| a.value),
        person,
    };
    let origins = Origins {
        stage: stage_origin,
        exercises: exercise_origins,
        start: start_origin,
        weeks: weeks_origin,
        rate: rate_origin,
        units: match args.units {
            Some(UnitsArg::Metric) => Origin::Flag("--units metric".to_string()),
            Some(UnitsArg::Imperial) => Origin::Flag("--units imperial".to_string()),
            None => Origin::Missing,
        },
        equipment: equipment_origin,
        baselines: baseline_origins,
    };
    (request, origins)
}

/// Reports a refused request at the flag or file line that caused it:
/// a flag is a usage error (2), a patient-file value an input problem (1).
fn refuse(
    e: &PlanError,
    origins: &Origins,
    patient: Option<&std::path::Path>,
    out: Output,
) -> ExitCode {
    let hint = e.problem.hint();
    match (origins.of(e.field), patient) {
        (Origin::File(position), Some(path)) => {
            let mut d = Diagnostic::error(path, *position, e.to_string());
            if let Some(hint) = hint {
                d = d.with_hint(hint);
            }
            out.diagnostics(&[d]);
            ExitCode::from(EXIT_FAILURE)
        }
        (Origin::Flag(flag), _) => {
            out.error(&format!("{flag}: {e}"), hint.as_deref());
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            let message = match e.field {
                Field::Selection => format!("{e}, with --stage N or --exercise ID"),
                _ => e.to_string(),
            };
            out.error(&message, hint.as_deref());
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

fn short_date(date: Date) -> String {
    date.strftime("%a %-d %b").to_string()
}

fn sessions_text(sessions: &Sessions) -> String {
    let mut text = sessions.planned.to_string();
    if sessions.optional > 0 {
        write!(text, " (+{} optional)", sessions.optional).ok();
    }
    // Spaced sessions (every N days) move through the week: name the days.
    if let Some(dates) = sessions.dates.as_ref().filter(|d| d.len() < 7) {
        let days: Vec<String> = dates.iter().map(|d| d.strftime("%a").to_string()).collect();
        write!(text, ": {}", days.join(" ")).ok();
    }
    text
}

/// Lays out rows as columns, padded by characters (not bytes, for `×` and `–`).
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < columns {
                let pad = widths[c] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The plan as a readable week-by-week table.
fn text(plan: &Plan, start: StartChoice) -> String {
    let mut t = String::new();
    let stage = &plan.stage;
    writeln!(
        t,
        "{}: stage {} of {}, {}",
        plan.program, stage.number, stage.of, stage.title
    )
    .ok();
    let person = &plan.person;
    let who: Vec<String> = [
        person.name.as_ref().map(|n| format!("For {n}")),
        person.clinician.as_ref().map(|c| format!("clinician: {c}")),
        person.clinic.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !who.is_empty() {
        writeln!(t, "{}", who.join(" · ")).ok();
    }
    let how = match start {
        StartChoice::Given => String::new(),
        StartChoice::NextMonday => {
            " (the first Monday on or after today; choose another day with --start)".to_string()
        }
    };
    writeln!(t, "Starts {}{how}", long_date(plan.start)).ok();
    writeln!(
        t,
        "Runs {} weeks, to {}",
        plan.weeks.len(),
        long_date(plan.end)
    )
    .ok();
    if let Some(longer) = planwright_core::wording::longer_than_stage(plan) {
        writeln!(t, "{longer}").ok();
    }
    let units = match plan.units {
        Units::Metric => "kg",
        Units::Imperial => "lb",
    };
    writeln!(
        t,
        "Weekly growth: aim for {}, within {}; loads in {units}",
        plan.rate.target,
        planwright_core::wording::band(plan.rate)
    )
    .ok();

    for (i, exercise) in plan.exercises.iter().enumerate() {
        writeln!(t).ok();
        let mut heading = format!("{}: {}", exercise.title, exercise.frequency);
        if let Some(tempo) = &exercise.tempo {
            write!(heading, "; tempo {tempo}").ok();
        }
        writeln!(t, "{heading}").ok();
        let mut rows = vec![vec![
            "Week".to_string(),
            "Dates".to_string(),
            "Sessions".to_string(),
            "Dose".to_string(),
            "Change".to_string(),
            "Note".to_string(),
        ]];
        for (w, week) in plan.weeks.iter().enumerate() {
            let e = &week.exercises[i];
            let change = match e.status {
                Status::Baseline => "–".to_string(),
                Status::Progress | Status::Hold => e.change.to_string(),
            };
            rows.push(vec![
                week.week.to_string(),
                format!("{} – {}", short_date(week.start), short_date(week.end)),
                sessions_text(&e.sessions),
                planwright_core::wording::dose(&e.dose),
                change,
                planwright_core::wording::note(plan, w, i),
            ]);
        }
        t.push_str(&table(&rows));
    }

    writeln!(t).ok();
    match &plan.next_stage {
        Some(next) => {
            writeln!(t, "Move on to stage {} ({}) when:", next.number, next.title).ok();
            for line in &stage.move_on {
                writeln!(t, "  - {line}").ok();
            }
            writeln!(t).ok();
            writeln!(t, "Stage {} starts with:", next.number).ok();
            for e in &next.exercises {
                writeln!(
                    t,
                    "  - {}: {}, {}",
                    e.title,
                    planwright_core::wording::dose(&e.dose),
                    e.frequency
                )
                .ok();
            }
        }
        None => {
            writeln!(t, "This is the last stage. It is complete when:").ok();
            for line in &stage.move_on {
                writeln!(t, "  - {line}").ok();
            }
        }
    }
    if let Some(notes) = &person.notes {
        writeln!(t).ok();
        writeln!(t, "Notes:").ok();
        for line in notes.lines() {
            writeln!(t, "  {line}").ok();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_flags_say_why_a_date_is_refused() {
        assert_eq!(parse_date("2028-02-29").unwrap().to_string(), "2028-02-29");
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a date: February 2026 has 28 days"
        );
        assert_eq!(
            parse_date("2026-06-01T08:00").unwrap_err(),
            "`2026-06-01T08:00` is not a date; write it as YYYY-MM-DD, like 2026-06-01"
        );
    }

    #[test]
    fn a_name_fits_on_a_line() {
        assert_eq!(parse_name("Zoë Ångström").unwrap(), "Zoë Ångström");
        assert_eq!(
            parse_name(&"n".repeat(100_000)).unwrap_err(),
            "the name is 100000 characters long; at most 300 are allowed"
        );
    }
}
