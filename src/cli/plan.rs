//! `planwright plan`: a dated, week-by-week plan for one stage, as text or JSON.
//!
//! This file reads flags and the patient file, reads "today" (the only
//! clock in planwright, honouring `SOURCE_DATE_EPOCH`), asks the engine for
//! the plan and prints it. It never computes or words a dose: every number
//! and note comes from `planwright_core::progression`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::Span;

use super::{Output, EXIT_FAILURE, EXIT_USAGE};
use crate::content::request::{Flag, Origin, Origins, Overrides};
use crate::content::{self, PatientFile};
use crate::diagnostic::Diagnostic;
use crate::model::{Rate, Slug, Units};
use crate::text::StartChoice;
use planwright_core::progression::{
    self, Baseline, DateError, Equipment, Field, PlanError, StageRef,
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
    #[arg(long, value_name = "NAME", value_parser = progression::parse_name)]
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
    progression::parse_date(text).map_err(DateError::typed)
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
    // "Today" is read only when no start date is given.
    let (request, origins) = match patient
        .unwrap_or_default()
        .request(overrides(args), next_monday)
    {
        Ok(asked) => asked,
        Err(message) => {
            out.error(
                &message,
                Some("unset it, or set it to a Unix time in seconds"),
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let plan = match progression::plan(&loaded.program, &request) {
        Ok(plan) => plan,
        Err(e) => return refuse(&e, &origins, args.patient.as_deref(), out),
    };
    let start_choice = if origins.start_given() {
        StartChoice::Given
    } else {
        StartChoice::NextMonday
    };
    let rendered = match args.format {
        Format::Text => crate::text::render(&plan, start_choice),
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

/// The flags that set a plan's request, over the patient file's settings.
fn overrides(args: &Args) -> Overrides {
    fn flag<T: Clone>(name: &str, given: &Given<T>) -> Flag<T> {
        Flag {
            value: given.value.clone(),
            typed: format!("--{name} {}", given.text),
        }
    }
    Overrides {
        stage: args.stage.clone().map(|s| Flag {
            typed: format!("--stage {s}"),
            value: s,
        }),
        exercises: args
            .exercises
            .iter()
            .map(|id| Flag {
                value: id.clone(),
                typed: format!("--exercise {id}"),
            })
            .collect(),
        start: args.start.map(|date| Flag {
            value: date,
            typed: format!("--start {date}"),
        }),
        weeks: args.weeks.map(|w| Flag {
            value: w,
            typed: format!("--weeks {w}"),
        }),
        rate: args.rate.as_ref().map(|r| flag("rate", r)),
        units: args.units.map(|u| match u {
            UnitsArg::Metric => Flag {
                value: Units::Metric,
                typed: "--units metric".to_string(),
            },
            UnitsArg::Imperial => Flag {
                value: Units::Imperial,
                typed: "--units imperial".to_string(),
            },
        }),
        equipment: args.equipment.as_ref().map(|e| flag("equipment", e)),
        baselines: args.baselines.iter().map(|b| flag("baseline", b)).collect(),
        name: args.name.clone(),
        beyond_stage_limit: args.beyond_stage_limit,
    }
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
        assert_eq!(
            progression::parse_name("Zoë Ångström").unwrap(),
            "Zoë Ångström"
        );
        assert_eq!(
            progression::parse_name(&"n".repeat(100_000)).unwrap_err(),
            "the name is 100000 characters long; at most 300 are allowed"
        );
    }
}
