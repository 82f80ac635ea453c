//! A plan as an iCalendar file (RFC 5545): an event per planned session,
//! or per day.
//!
//! Job: turn a computed [`Plan`] into calendar events a person imports into
//! their phone or desktop calendar. Each event is titled with the exercise
//! and that week's dose (the engine's `dose_text`, never reworded here),
//! starts at the person's time of day, lasts as long as that dose takes
//! ([`session_seconds`]), says how to do the exercise and where its page
//! is, and may carry a reminder. `docs/calendar.md` describes the result
//! for people.
//!
//! Limits, on purpose:
//! - Days the engine fixes (`Sessions::dates`: daily, every N days) are
//!   used as they are. Where the person picks the days (`N× a week`), the
//!   planned sessions go on suggested days spread through the week (the
//!   week's first day for one session) and the event says so; optional
//!   extra sessions get no event, only a line in the description.
//! - Several sessions a day are spread over the day (see [`session_times`]);
//!   several exercises in one plan follow each other, session by session.
//!   [`Layout::PerDay`] folds a day's sessions into one event instead.
//! - An event's length is arithmetic on the numbers the plan carries (sets,
//!   reps, hold or duration, the tempo's seconds); no dose is decided here.
//! - Output is deterministic: UIDs are derived from the plan (program,
//!   person, stage, exercise, day and session of the day, not the dose, so
//!   re-importing an updated plan updates its events), and `DTSTAMP` is
//!   [`IcsOptions::stamp`] or the plan's first day at midnight UTC.
//! - With a time zone, times carry `TZID` and the file embeds a `VTIMEZONE`
//!   with the zone's transitions during the plan, from the tz database
//!   jiff reads. Without one, times are floating: 08:00 wherever the
//!   person's device is.
//!
//! The writer is hand-written rather than built on a calendar crate: the
//! subset needed is small (text escaping and 75-octet line folding), the
//! crates available pull in chrono and random UUIDs and cannot build a
//! `VTIMEZONE` from jiff's tz data, and the tests parse every file this
//! module writes with an independent iCalendar parser.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Timestamp};

use planwright_core::model::{Exercise, Program};
use planwright_core::plan::{ExerciseInfo, Plan, SessionDose, Sessions};

/// The `PRODID` of every file: who wrote it, per RFC 5545 3.7.3.
const PRODID: &str = concat!(
    "-//planwright//planwright ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);
/// Sessions of one day are spread over this many minutes from the first.
const SPREAD_MINUTES: i64 = 12 * 60;
/// No spread session starts later than this (minutes after midnight),
/// unless the first one already does.
const LATEST_SPREAD_START: i64 = 22 * 60;
/// The most minutes a reminder may come before a session: a week.
pub const MAX_REMINDER_MINUTES: u32 = 7 * 24 * 60;
/// Seconds a repetition takes when the exercise neither holds it nor gives
/// a tempo with times: a controlled 2 s up and 2 s down.
pub const REP_SECONDS: u32 = 4;
/// Rest between two sets. Exercises have no rest of their own to give yet;
/// the shipped ones ask for about a minute.
pub const REST_SECONDS: u32 = 60;
/// The shortest event: a 30-second stretch still takes getting down onto
/// the mat and up again, and a shorter event hardly shows in a calendar.
pub const MIN_EVENT_MINUTES: u32 = 5;

/// One event per session, or one per day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// An event for every planned session, at its own time of day.
    #[default]
    PerSession,
    /// One event a day at the first time of day, listing that day's
    /// sessions: 42 events rather than 126 for `3× a day` over six weeks.
    PerDay,
}

impl Layout {
    /// Every layout with the name `--calendar` and patient files use.
    pub const ALL: [(Layout, &'static str); 2] = [
        (Layout::PerSession, "per-session"),
        (Layout::PerDay, "per-day"),
    ];
}

/// How the calendar is laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct IcsOptions {
    /// The time of day of each session of a day: the first session at the
    /// first time, the second at the second, and so on. With fewer times
    /// than sessions, the day's sessions are spread from the first time
    /// (see [`session_times`]). Never empty.
    pub times: Vec<Time>,
    /// The person's time zone; `None` writes floating local times.
    pub time_zone: Option<TimeZone>,
    /// An event per session or per day.
    pub layout: Layout,
    /// A reminder this many minutes before each event (0: at its start).
    pub reminder_minutes: Option<u32>,
    /// The `DTSTAMP` of every event; `None`: the plan's first day at
    /// midnight UTC, so the same plan always gives the same bytes.
    pub stamp: Option<Timestamp>,
}

impl Default for IcsOptions {
    /// 08:00 floating time, an event per session, no reminder.
    fn default() -> IcsOptions {
        IcsOptions {
            times: vec![Time::constant(8, 0, 0, 0)],
            time_zone: None,
            layout: Layout::PerSession,
            reminder_minutes: None,
            stamp: None,
        }
    }
}

/// Reads `07:30`, or several times of day in order: `07:30,13:00,19:00`.
pub fn parse_times(text: &str) -> Result<Vec<Time>, String> {
    let mut times: Vec<Time> = Vec::new();
    for part in text.split(',').map(str::trim) {
        let time = parse_time(part)?;
        if times.last().is_some_and(|last| *last >= time) {
            return Err(format!(
                "`{text}`: list the times in order through the day, each once"
            ));
        }
        times.push(time);
    }
    Ok(times)
}

fn parse_time(part: &str) -> Result<Time, String> {
    let (hours, minutes) = part
        .split_once(':')
        .ok_or_else(|| format!("`{part}` is not a time of day; write it as HH:MM, like 07:30"))?;
    let number = |s: &str, max: i8| -> Option<i8> {
        let ok = (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| s.parse::<i8>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    match (number(hours, 23), number(minutes, 59)) {
        (Some(h), Some(m)) if minutes.len() == 2 => Ok(Time::constant(h, m, 0, 0)),
        _ => Err(format!(
            "`{part}` is not a time of day; write it as HH:MM from 00:00 to 23:59, like 07:30"
        )),
    }
}

/// Looks up an IANA time zone name (`Europe/London`) in the tz database.
pub fn parse_time_zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name.trim()).map_err(|_| {
        format!(
            "`{name}` is not a time zone in the tz database; use an IANA name like Europe/London"
        )
    })
}

/// Reads a reminder lead time: `10m`, `10 min`, `1h`, `90 minutes`; a bare
/// number is minutes. At most a week.
pub fn parse_reminder(text: &str) -> Result<u32, String> {
    let t = text.trim().to_ascii_lowercase();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let scale = match unit.trim() {
        "" | "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        _ => {
            return Err(format!(
                "`{text}` is not a reminder time; write it like 10m, 30 min or 1h"
            ))
        }
    };
    let minutes = number
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("`{text}` is not a reminder time; write it like 10m or 1h"))?;
    if minutes > MAX_REMINDER_MINUTES {
        return Err(format!(
            "a reminder of `{text}` is more than a week before the session"
        ));
    }
    Ok(minutes)
}

/// Seconds one session of `dose` takes: every set's work, its `duration`
/// or its reps (one when it counts none) times the seconds of a rep, plus
/// [`REST_SECONDS`] between sets. A rep lasts its hold, else the tempo's
/// seconds ([`ExerciseInfo::rep_seconds`]), else [`REP_SECONDS`].
pub fn session_seconds(dose: &SessionDose, info: &ExerciseInfo) -> u64 {
    let sets = u64::from(dose.sets.0);
    let work = match dose.duration_seconds {
        Some(duration) => sets * u64::from(duration.0),
        None => {
            let rep = dose
                .hold_seconds
                .or(info.rep_seconds)
                .map_or(REP_SECONDS, |s| s.0);
            dose.total_reps().map_or(sets, u64::from) * u64::from(rep)
        }
    };
    work + sets.saturating_sub(1) * u64::from(REST_SECONDS)
}

/// An event's length for `seconds` of exercise: whole minutes, rounded
/// up, and never under [`MIN_EVENT_MINUTES`].
pub fn event_minutes(seconds: u64) -> u32 {
    u32::try_from(seconds.div_ceil(60))
        .unwrap_or(u32::MAX)
        .max(MIN_EVENT_MINUTES)
}

/// Minutes after midnight at which each of `count` sessions of one day
/// starts. Given times are used in order; past them, sessions are spread
/// evenly over 12 hours from the first time (08:00 → 08:00, 14:00, 20:00
/// for three a day), starting no later than 22:00, and never closer
/// together than one session's length.
pub fn session_times(times: &[Time], count: usize, session_minutes: u32) -> Vec<i64> {
    let minutes = |t: &Time| i64::from(t.hour()) * 60 + i64::from(t.minute());
    let first = first_minute(times);
    if count <= times.len() {
        return times.iter().take(count).map(minutes).collect();
    }
    if count == 1 {
        return vec![first];
    }
    let steps = i64::try_from(count - 1).unwrap_or(i64::MAX);
    let window = SPREAD_MINUTES.min((LATEST_SPREAD_START - first).max(0));
    let gap = (window / steps).max(i64::from(session_minutes));
    (0..steps + 1).map(|k| first + k * gap).collect()
}

/// Minutes after midnight of the day's first time: 08:00 unless given.
fn first_minute(times: &[Time]) -> i64 {
    times
        .first()
        .map_or(8 * 60, |t| i64::from(t.hour()) * 60 + i64::from(t.minute()))
}

/// One exercise's sessions on one day.
struct Day {
    date: Date,
    week: usize,
    exercise: usize,
    /// How many sessions that day.
    count: usize,
    /// Whether planwright chose the day (the person picks days).
    suggested_day: bool,
}

/// One event, ready to be written.
struct Event<'a> {
    start: DateTime,
    minutes: u32,
    /// The exercise's sessions, one [`Day`] for each exercise of a day's
    /// event; a session's event has one.
    days: Vec<&'a Day>,
    /// The 1-based session of the day of a session's event; `None` for a
    /// day's event.
    slot: Option<usize>,
}

/// What the plan's calendar events say about each exercise beyond the
/// plan: how to do it and its page in the guide.
struct Guide {
    /// `HOW TO DO IT` as the printed plan labels it, and its lines.
    how: Option<(&'static str, Vec<String>)>,
    /// The exercise's page, when the site has a real address.
    url: Option<String>,
}

impl Guide {
    fn of(program: &Program, exercise: Option<&Exercise>) -> Guide {
        let Some(exercise) = exercise else {
            return Guide {
                how: None,
                url: None,
            };
        };
        // The same source as the printed plan's "how to do it".
        let (label, markdown) = match &exercise.brief {
            Some(brief) => ("How to do it, in brief", brief),
            None => ("How to do it", &exercise.instructions),
        };
        let lines: Vec<String> = crate::pdf::markdown::blocks(markdown, program.config.raw_html)
            .iter()
            .map(|block| {
                let words: String = block.spans.iter().map(|s| s.text.as_str()).collect();
                let indent = "  ".repeat(block.depth);
                match &block.marker {
                    Some(marker) => format!("{indent}{marker} {}", words.trim()),
                    None => format!("{indent}{}", words.trim()),
                }
            })
            .collect();
        Guide {
            how: (!lines.is_empty()).then_some((label, lines)),
            url: program
                .config
                .public_base_url()
                .map(|base| format!("{base}{}", crate::paths::exercise(exercise))),
        }
    }
}

/// The plan as an iCalendar document, lines ending in CRLF. `program` is
/// the one the plan was made from: it gives each exercise's instructions
/// and the site's address.
pub fn render(plan: &Plan, program: &Program, options: &IcsOptions) -> String {
    let days = days_of(plan);
    let events = match options.layout {
        Layout::PerSession => session_events(plan, options, &days),
        Layout::PerDay => day_events(plan, options, &days),
    };
    let guides: Vec<Guide> = plan
        .exercises
        .iter()
        .map(|info| Guide::of(program, program.exercise(&info.id)))
        .collect();
    let stage_url = program.config.public_base_url().and_then(|base| {
        let stage = program.stages.iter().find(|s| s.id == plan.stage.id)?;
        Some(format!("{base}{}", crate::paths::stage(stage)))
    });
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!("PRODID:{PRODID}"));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    let name = format!(
        "{}: stage {}, {}",
        plan.program, plan.stage.number, plan.stage.title
    );
    // NAME is RFC 7986; X-WR-CALNAME is what older clients read.
    out.line(&format!("NAME:{}", text(&name)));
    out.line(&format!("X-WR-CALNAME:{}", text(&name)));
    let tzid = options.time_zone.as_ref().and_then(|tz| {
        let id = tz.iana_name()?;
        let range = match (events.first(), events.last()) {
            (Some(first), Some(last)) => (first.start, last.start),
            _ => (plan.start.at(0, 0, 0, 0), plan.end.at(23, 59, 0, 0)),
        };
        vtimezone(&mut out, tz, id, range);
        Some(id.to_string())
    });
    let stamp = options.stamp.unwrap_or_else(|| {
        plan.start
            .at(0, 0, 0, 0)
            .to_zoned_datetime(TimeZone::UTC)
            .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp())
    });
    let context = Context {
        plan,
        options,
        guides: &guides,
        stage_url: stage_url.as_deref(),
        tzid: tzid.as_deref(),
        stamp: utc(stamp),
    };
    for event in &events {
        write_event(&mut out, &context, event);
    }
    out.line("END:VCALENDAR");
    out.text
}

/// What every event of one file draws on.
struct Context<'a> {
    plan: &'a Plan,
    options: &'a IcsOptions,
    guides: &'a [Guide],
    stage_url: Option<&'a str>,
    tzid: Option<&'a str>,
    stamp: String,
}

/// Every exercise's sessions, day by day, week by week.
fn days_of(plan: &Plan) -> Vec<Day> {
    let mut all = Vec::new();
    for (w, week) in plan.weeks.iter().enumerate() {
        for (i, exercise) in week.exercises.iter().enumerate() {
            for (date, count, suggested_day) in days(&exercise.sessions, week.start) {
                all.push(Day {
                    date,
                    week: w,
                    exercise: i,
                    count,
                    suggested_day,
                });
            }
        }
    }
    all
}

/// How many minutes an event of one session of `exercise` lasts in week `week`.
fn minutes_of(plan: &Plan, week: usize, exercise: usize) -> u32 {
    event_minutes(session_seconds(
        &plan.weeks[week].exercises[exercise].dose,
        &plan.exercises[exercise],
    ))
}

/// Minutes after midnight at which each of a day's sessions starts.
/// Exercises of one plan follow each other, so their sessions never
/// overlap: the second starts when the first one's event of that week ends.
fn starts(plan: &Plan, options: &IcsOptions, day: &Day) -> Vec<i64> {
    let before: i64 = (0..day.exercise)
        .map(|j| i64::from(minutes_of(plan, day.week, j)))
        .sum();
    let length = minutes_of(plan, day.week, day.exercise);
    session_times(&options.times, day.count, length)
        .into_iter()
        .map(|minute| minute + before)
        .collect()
}

fn at(date: Date, minute: i64) -> DateTime {
    date.at(0, 0, 0, 0)
        .saturating_add(Span::new().minutes(minute))
}

/// An event for every planned session, in time order.
fn session_events<'a>(plan: &Plan, options: &IcsOptions, days: &'a [Day]) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    for day in days {
        let minutes = minutes_of(plan, day.week, day.exercise);
        for (k, minute) in starts(plan, options, day).into_iter().enumerate() {
            events.push(Event {
                start: at(day.date, minute),
                minutes,
                days: vec![day],
                slot: Some(k + 1),
            });
        }
    }
    events.sort_by_key(|e| (e.start, e.days[0].exercise));
    events
}

/// One event a day at the first time of day, as long as all that day's
/// sessions together, rounded up once.
fn day_events<'a>(plan: &Plan, options: &IcsOptions, days: &'a [Day]) -> Vec<Event<'a>> {
    let mut by_date: BTreeMap<Date, Vec<&Day>> = BTreeMap::new();
    for day in days {
        by_date.entry(day.date).or_default().push(day);
    }
    let first = first_minute(&options.times);
    by_date
        .into_iter()
        .map(|(date, mut days)| {
            days.sort_by_key(|d| d.exercise);
            let seconds = days
                .iter()
                .map(|d| {
                    let dose = &plan.weeks[d.week].exercises[d.exercise].dose;
                    let each = session_seconds(dose, &plan.exercises[d.exercise]);
                    each * u64::try_from(d.count).unwrap_or(u64::MAX)
                })
                .sum();
            Event {
                start: at(date, first),
                minutes: event_minutes(seconds),
                days,
                slot: None,
            }
        })
        .collect()
}

/// The days of one week with sessions, how many sessions each, and
/// whether planwright chose the day.
fn days(sessions: &Sessions, week_start: Date) -> Vec<(Date, usize, bool)> {
    let planned = usize::try_from(sessions.planned).unwrap_or(usize::MAX);
    match &sessions.dates {
        Some(dates) if !dates.is_empty() => {
            // Spread the week's sessions over its dates: `3× a day` is 21
            // sessions on 7 dates.
            let (each, extra) = (planned / dates.len(), planned % dates.len());
            dates
                .iter()
                .enumerate()
                .map(|(i, d)| (*d, each + usize::from(i < extra), false))
                .filter(|(_, n, _)| *n > 0)
                .collect()
        }
        _ => {
            // The person picks the days: suggest days spread through the
            // week, the first day first (2 a week: days 1 and 4).
            let n = planned.min(7);
            (0..n)
                .filter_map(|k| {
                    let offset = i64::try_from(k * 7 / n).ok()?;
                    let date = week_start.checked_add(Span::new().days(offset)).ok()?;
                    Some((date, 1, true))
                })
                .collect()
        }
    }
}

fn write_event(out: &mut Lines, cx: &Context<'_>, event: &Event<'_>) {
    let summary = summary(cx.plan, event);
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", uid(cx.plan, event)));
    out.line(&format!("DTSTAMP:{}", cx.stamp));
    let start = local(event.start);
    match cx.tzid {
        Some(id) => out.line(&format!("DTSTART;TZID={}:{start}", param(id))),
        None => out.line(&format!("DTSTART:{start}")),
    }
    out.line(&format!("DURATION:PT{}M", event.minutes));
    out.line(&format!("SUMMARY:{}", text(&summary)));
    out.line(&format!("DESCRIPTION:{}", text(&description(cx, event))));
    // One address per event (RFC 5545 3.8.4.6): the exercise's page, or
    // the stage's for a day of several exercises.
    let url = match event.days.as_slice() {
        [day] => cx.guides[day.exercise].url.as_deref(),
        _ => cx.stage_url,
    };
    if let Some(url) = url {
        out.line(&format!("URL:{url}"));
    }
    out.line(&format!("CATEGORIES:{}", text(&cx.plan.program)));
    if let Some(minutes) = cx.options.reminder_minutes {
        out.line("BEGIN:VALARM");
        out.line("ACTION:DISPLAY");
        out.line(&format!("DESCRIPTION:{}", text(&summary)));
        out.line(&format!("TRIGGER:-PT{minutes}M"));
        out.line("END:VALARM");
    }
    out.line("END:VEVENT");
}

/// The exercise and its dose; a day's event names every exercise of the
/// day, with how many sessions when there are several.
fn summary(plan: &Plan, event: &Event<'_>) -> String {
    let item = |day: &Day| {
        let dose =
            planwright_core::wording::dose(&plan.weeks[day.week].exercises[day.exercise].dose);
        let title = &plan.exercises[day.exercise].title;
        match (event.slot, day.count) {
            (None, n) if n > 1 => format!("{title}: {n} sessions of {dose}"),
            _ => format!("{title}: {dose}"),
        }
    };
    event
        .days
        .iter()
        .map(|d| item(d))
        .collect::<Vec<_>>()
        .join("; ")
}

fn description(cx: &Context<'_>, event: &Event<'_>) -> String {
    let plan = cx.plan;
    let Some(first) = event.days.first() else {
        return String::new();
    };
    let week = &plan.weeks[first.week];
    let mut d = String::new();
    writeln!(
        d,
        "Week {} of {}, stage {} of {} ({}).",
        week.week,
        plan.weeks.len(),
        plan.stage.number,
        plan.stage.of,
        plan.stage.title
    )
    .ok();
    if let Some(longer) = planwright_core::wording::longer_than_stage(plan) {
        writeln!(d, "{longer}").ok();
    }
    match event.slot {
        Some(slot) => exercise_part(&mut d, cx, first, Some(slot)),
        None => {
            for day in &event.days {
                d.push('\n');
                let info = &plan.exercises[day.exercise];
                let dose = planwright_core::wording::dose(
                    &plan.weeks[day.week].exercises[day.exercise].dose,
                );
                if day.count > 1 {
                    let times: Vec<String> = starts(plan, cx.options, day)
                        .into_iter()
                        .map(clock)
                        .collect();
                    writeln!(
                        d,
                        "{}: {} sessions of {dose} today, spread through the day: at {}.",
                        info.title,
                        day.count,
                        and_list(&times)
                    )
                    .ok();
                } else {
                    writeln!(d, "{}: {dose}.", info.title).ok();
                }
                exercise_part(&mut d, cx, day, None);
            }
        }
    }
    if let Some(name) = &plan.person.name {
        writeln!(d, "\nPlan for {name}.").ok();
    }
    d.trim_end().to_string()
}

/// What an event says about one exercise: how often, the week's change,
/// the chosen day, optional sessions, how to do it and its page. `slot`
/// is the session of the day, for a session's own event.
fn exercise_part(d: &mut String, cx: &Context<'_>, day: &Day, slot: Option<usize>) {
    let plan = cx.plan;
    let info = &plan.exercises[day.exercise];
    let week = &plan.weeks[day.week];
    let dose = &week.exercises[day.exercise];
    match slot {
        Some(k) if day.count > 1 => writeln!(
            d,
            "How often: {}; this is session {k} of {} today.",
            info.frequency, day.count
        ),
        _ => writeln!(d, "How often: {}.", info.frequency),
    }
    .ok();
    if let Some(tempo) = &info.tempo {
        writeln!(d, "Tempo: {tempo}.").ok();
    }
    writeln!(
        d,
        "This week: {}.",
        planwright_core::wording::note(plan, day.week, day.exercise)
    )
    .ok();
    if day.suggested_day {
        writeln!(
            d,
            "Your plan leaves the days to you: planwright put {} on {}, \
             {}. Move it to any day of this week that suits you.",
            if slot.is_some() {
                "this session".to_string()
            } else {
                info.title.clone()
            },
            weekday(day.date.weekday()),
            if day.date == week.start {
                "the first day of this plan week"
            } else {
                "to spread the week's sessions out"
            }
        )
        .ok();
    }
    let last_of_day = slot.is_none_or(|k| k == day.count);
    if dose.sessions.optional > 0 && last_of_day {
        // `2–3× a day` offers one more each day; `1–2× a week` one more a week.
        let days = dose.sessions.dates.as_ref().map_or(0, Vec::len);
        let optional = dose.sessions.optional;
        let (extra, period) = match u32::try_from(days) {
            Ok(n) if n > 0 && optional % n == 0 => (optional / n, "today"),
            _ => (optional, "this week"),
        };
        writeln!(
            d,
            "If it feels good, you may add up to {extra} more session{} {period}.",
            if extra == 1 { "" } else { "s" }
        )
        .ok();
    }
    let guide = &cx.guides[day.exercise];
    if let Some((label, lines)) = &guide.how {
        writeln!(d, "\n{label}:").ok();
        for line in lines {
            writeln!(d, "{line}").ok();
        }
    }
    if let Some(url) = &guide.url {
        writeln!(d, "Pictures and the full instructions: {url}").ok();
    }
}

/// `08:00` for 480 minutes after midnight.
fn clock(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60 % 24, minute % 60)
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// A UID from what identifies the event, not from its dose: the same
/// session (or day) of an updated plan keeps its UID, so calendars update
/// it. A day's UID says `day` where a session's names its exercise, and
/// hashes the layout too, so the two layouts never share a UID.
fn uid(plan: &Plan, event: &Event<'_>) -> String {
    let mut hash = Fnv::default();
    hash.write(plan.program.as_bytes());
    hash.write(plan.person.name.as_deref().unwrap_or("").as_bytes());
    hash.write(plan.stage.id.as_str().as_bytes());
    let date = event.days.first().map_or(event.start.date(), |d| d.date);
    let date = date.strftime("%Y%m%d");
    match (event.slot, event.days.first()) {
        (Some(slot), Some(day)) => format!(
            "{}-{}-{date}-{slot}-{:016x}@planwright",
            plan.stage.id, plan.exercises[day.exercise].id, hash.0
        ),
        _ => {
            hash.write(b"per-day");
            format!("{}-day-{date}-{:016x}@planwright", plan.stage.id, hash.0)
        }
    }
}

/// FNV-1a, 64 bits: tiny and fixed forever, unlike std's hasher, whose
/// algorithm may change between Rust releases.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// The zone's definition for the plan's span: the observance in force at
/// the first event, then every transition until the last.
fn vtimezone(out: &mut Lines, tz: &TimeZone, id: &str, (first, last): (DateTime, DateTime)) {
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{id}"));
    let moment = |dt: DateTime| tz.to_ambiguous_timestamp(dt).compatible().ok();
    // A day either side covers events pushed past midnight and the
    // ambiguity of local times near a transition.
    let day = Span::new().hours(24);
    let from = moment(first).and_then(|t| t.checked_sub(day).ok());
    let to = moment(last).and_then(|t| t.checked_add(day).ok());
    let mut wrote = false;
    if let (Some(from), Some(to)) = (from, to) {
        if let Some(before) = tz.preceding(from).next() {
            let previous = offset_before(tz, before.timestamp());
            observance(
                out,
                before.dst().is_dst(),
                previous,
                before.offset(),
                before.timestamp(),
                before.abbreviation(),
            );
            wrote = true;
        }
        for t in tz.following(from).take_while(|t| t.timestamp() <= to) {
            let previous = offset_before(tz, t.timestamp());
            observance(
                out,
                t.dst().is_dst(),
                previous,
                t.offset(),
                t.timestamp(),
                t.abbreviation(),
            );
            wrote = true;
        }
    }
    if !wrote {
        // A zone without transitions (UTC, fixed offsets): one standard
        // observance from the Unix epoch on.
        let at = first
            .to_zoned_datetime(tz.clone())
            .map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp());
        let info = tz.to_offset_info(at);
        observance(
            out,
            false,
            info.offset(),
            info.offset(),
            Timestamp::UNIX_EPOCH,
            info.abbreviation(),
        );
    }
    out.line("END:VTIMEZONE");
}

fn offset_before(tz: &TimeZone, at: Timestamp) -> Offset {
    let just_before = at.checked_sub(Span::new().seconds(1)).unwrap_or(at);
    tz.to_offset(just_before)
}

fn observance(
    out: &mut Lines,
    daylight: bool,
    from: Offset,
    to: Offset,
    at: Timestamp,
    name: &str,
) {
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    out.line(&format!("BEGIN:{kind}"));
    // DTSTART of an observance is the local time just before the change.
    out.line(&format!("DTSTART:{}", local(from.to_datetime(at))));
    out.line(&format!("TZOFFSETFROM:{}", offset(from)));
    out.line(&format!("TZOFFSETTO:{}", offset(to)));
    if !name.is_empty() {
        out.line(&format!("TZNAME:{}", text(name)));
    }
    out.line(&format!("END:{kind}"));
}

/// `+0100`, `-0330`, `+053028` (seconds only when there are any).
fn offset(o: Offset) -> String {
    let total = o.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let s = total.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// A local date-time, `20260601T073000`.
fn local(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

/// A UTC date-time, `20260601T000000Z`.
fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 3.3.11).
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value, quoted when it holds `:`, `;` or `,` (RFC 5545 3.2).
fn param(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Content lines, folded at 75 octets without splitting a character and
/// ended with CRLF (RFC 5545 3.1).
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.text.push_str("\r\n ");
                // The leading space counts towards the next line's octets.
                width = 1;
            }
            self.text.push(c);
            width += len;
        }
        self.text.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i8, m: i8) -> Time {
        Time::constant(h, m, 0, 0)
    }

    #[test]
    fn times_and_reminders_read_the_usual_ways() {
        assert_eq!(parse_times("07:30"), Ok(vec![t(7, 30)]));
        assert_eq!(
            parse_times("7:30, 13:00,19:15"),
            Ok(vec![t(7, 30), t(13, 0), t(19, 15)])
        );
        assert!(parse_times("24:00").is_err());
        assert!(parse_times("7.30").is_err());
        assert!(parse_times("07:3").is_err());
        assert!(parse_times("13:00,07:30").is_err());
        assert_eq!(parse_reminder("10m"), Ok(10));
        assert_eq!(parse_reminder("30 min"), Ok(30));
        assert_eq!(parse_reminder("1h"), Ok(60));
        assert_eq!(parse_reminder("15"), Ok(15));
        assert_eq!(parse_reminder("0m"), Ok(0));
        assert!(parse_reminder("soon").is_err());
        assert!(parse_reminder("-5m").is_err());
        assert!(parse_reminder("200h").is_err());
    }

    #[test]
    fn sessions_of_a_day_spread_from_the_first_time() {
        assert_eq!(session_times(&[t(8, 0)], 3, 15), [480, 840, 1200]);
        assert_eq!(session_times(&[t(8, 0)], 2, 15), [480, 1200]);
        assert_eq!(session_times(&[t(8, 0)], 1, 15), [480]);
        // Late starts squeeze towards 22:00, never closer than a session.
        assert_eq!(session_times(&[t(18, 0)], 3, 15), [1080, 1200, 1320]);
        assert_eq!(session_times(&[t(23, 0)], 2, 15), [1380, 1395]);
        // Given times win.
        assert_eq!(
            session_times(&[t(7, 0), t(12, 30), t(21, 0)], 2, 15),
            [420, 750]
        );
    }

    #[test]
    fn text_is_escaped_and_long_lines_fold_on_character_boundaries() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        let mut lines = Lines::default();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        lines.line(&long);
        for line in lines.text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(lines.text.replace("\r\n ", ""), format!("{long}\r\n"));
    }

    use planwright_core::model::{Reps, Seconds, Sets};
    use planwright_core::progression::{self, PlanRequest};

    fn shipped(base_url: Option<&str>) -> Program {
        let mut program = planwright::content::load_shipped().unwrap().program;
        program.config.base_url = base_url.map(str::to_string);
        program
    }

    fn plan(program: &Program, stage: usize) -> Plan {
        let start = Date::new(2026, 6, 1).unwrap();
        progression::plan(program, &PlanRequest::stage(stage, start)).unwrap()
    }

    fn layout(layout: Layout) -> IcsOptions {
        IcsOptions {
            layout,
            ..IcsOptions::default()
        }
    }

    /// Each event's properties, unfolded and unescaped, by name.
    fn events(ics: &str) -> Vec<BTreeMap<String, String>> {
        let unfolded = ics.replace("\r\n ", "");
        let mut all = Vec::new();
        let mut current: Option<BTreeMap<String, String>> = None;
        let mut depth = 0;
        for line in unfolded.split("\r\n") {
            match line {
                "BEGIN:VEVENT" => current = Some(BTreeMap::new()),
                "END:VEVENT" => all.extend(current.take()),
                // VALARMs inside an event: their properties are not the event's.
                l if l.starts_with("BEGIN:") && current.is_some() => depth += 1,
                l if l.starts_with("END:") && current.is_some() => depth -= 1,
                l => {
                    if let (Some(event), 0) = (current.as_mut(), depth) {
                        let (name, value) = l.split_once(':').unwrap();
                        let value = value
                            .replace("\\n", "\n")
                            .replace("\\,", ",")
                            .replace("\\;", ";")
                            .replace("\\\\", "\\");
                        event.insert(name.to_string(), value);
                    }
                }
            }
        }
        all
    }

    #[test]
    fn a_session_lasts_its_sets_reps_and_rests() {
        let program = shipped(None);
        let stage_4 = plan(&program, 4);
        let info = stage_4.exercises[0].clone();
        let mut dose = stage_4.weeks[0].exercises[0].dose.clone();
        dose.sets = Sets(3);
        dose.reps_per_set = Some(vec![Reps(12), Reps(12), Reps(11)]);
        // 35 reps of 4 s, and two rests of a minute.
        assert_eq!(session_seconds(&dose, &info), 35 * 4 + 2 * 60);
        // A tempo that gives 5 s a rep.
        let slow = ExerciseInfo {
            rep_seconds: Some(Seconds(5)),
            ..info.clone()
        };
        assert_eq!(session_seconds(&dose, &slow), 35 * 5 + 2 * 60);
        // A held rep lasts its hold, whatever the tempo.
        dose.hold_seconds = Some(Seconds(10));
        assert_eq!(session_seconds(&dose, &slow), 35 * 10 + 2 * 60);
        // Timed sets last their duration, reps or not.
        dose.duration_seconds = Some(Seconds(45));
        assert_eq!(session_seconds(&dose, &info), 3 * 45 + 2 * 60);
        // A single hold with no reps counted is one rep.
        dose.duration_seconds = None;
        dose.reps_per_set = None;
        dose.sets = Sets(1);
        assert_eq!(session_seconds(&dose, &info), 10);

        assert_eq!(event_minutes(0), MIN_EVENT_MINUTES);
        assert_eq!(event_minutes(300), 5);
        assert_eq!(event_minutes(301), 6);
        assert_eq!(event_minutes(436), 8);

        // The shipped tempo `3 s lowering, normal speed up` is 4 s a rep:
        // 2 × 10 reps and a rest, 140 s, is a 5-minute event.
        let stage_3 = plan(&program, 3);
        assert_eq!(stage_3.exercises[0].rep_seconds, Some(Seconds(4)));
        let dose = &stage_3.weeks[0].exercises[0].dose;
        assert_eq!(session_seconds(dose, &stage_3.exercises[0]), 140);
    }

    #[test]
    fn events_say_how_to_do_it_and_link_the_page_only_at_a_real_address() {
        let url = "https://exercises.riverside-physio.co.uk/thoracic/";
        for (base, linked) in [
            (None, false),
            (Some("https://planwright.example/thoracic/"), false),
            (Some("http://localhost:1111/"), false),
            (Some(url), true),
        ] {
            let program = shipped(base);
            let p = plan(&program, 1);
            for l in [Layout::PerSession, Layout::PerDay] {
                let ics = render(&p, &program, &layout(l));
                let first = &events(&ics)[0];
                let page = format!("{url}exercises/cat-cow.html");
                assert_eq!(first.get("URL") == Some(&page), linked, "{base:?} {l:?}");
                assert_eq!(ics.contains("URL:"), linked, "{base:?} {l:?}");
                let d = &first["DESCRIPTION"];
                assert_eq!(
                    d.contains(&format!("Pictures and the full instructions: {page}")),
                    linked,
                    "{d}"
                );
                // The instructions, as the printed plan gives them.
                assert!(
                    d.contains("\nHow to do it:\n1. Set up. Kneel on all fours"),
                    "{d}"
                );
            }
        }
        // The author's own brief wins, as on paper.
        let mut program = shipped(None);
        let cat_cow = program
            .exercises
            .iter_mut()
            .find(|e| e.id.as_str() == "cat-cow");
        cat_cow.unwrap().brief = Some("Round your back, then arch it, **slowly**.".to_string());
        let ics = render(&plan(&program, 1), &program, &IcsOptions::default());
        let d = &events(&ics)[0]["DESCRIPTION"];
        assert!(
            d.ends_with("How to do it, in brief:\nRound your back, then arch it, slowly."),
            "{d}"
        );
        assert!(!d.contains("Kneel on all fours"), "{d}");
    }

    #[test]
    fn a_day_is_one_event_as_long_as_its_sessions_together() {
        let program = shipped(None);
        let mut p = plan(&program, 1);
        // 150 s a session: 3 minutes, so 5 each; 450 s a day, 8 minutes.
        for week in &mut p.weeks {
            week.exercises[0].dose.duration_seconds = Some(Seconds(150));
        }
        let sessions = events(&render(&p, &program, &layout(Layout::PerSession)));
        let days = events(&render(&p, &program, &layout(Layout::PerDay)));
        assert_eq!((sessions.len(), days.len()), (126, 42));
        assert!(sessions.iter().all(|e| e["DURATION"] == "PT5M"));
        assert!(days.iter().all(|e| e["DURATION"] == "PT8M"));
        assert!(days.iter().all(|e| e["DTSTART"].ends_with("T080000")));
        let day = &days[0];
        assert_eq!(day["DTSTART"], "20260601T080000");
        assert_eq!(day["SUMMARY"], "Cat–cow: 3 sessions of 150 s");
        assert!(
            day["DESCRIPTION"].contains(
                "Cat–cow: 3 sessions of 150 s today, spread through the day: \
                 at 08:00, 14:00 and 20:00.\nHow often: 3× a day.\n"
            ),
            "{}",
            day["DESCRIPTION"]
        );
        assert!(!day["DESCRIPTION"].contains("session 1 of 3"));
    }

    #[test]
    fn a_day_of_several_exercises_lists_each_and_links_the_stage() {
        let program = shipped(Some("https://guide.clinic.org/thoracic/"));
        let mut p = plan(&program, 1);
        // A second exercise, done twice a day, from the plan of stage 2.
        let other = plan(&program, 2);
        p.exercises.push(other.exercises[0].clone());
        for (week, from) in p.weeks.iter_mut().zip(&other.weeks) {
            week.exercises.push(from.exercises[0].clone());
        }
        let days = events(&render(&p, &program, &layout(Layout::PerDay)));
        assert_eq!(days.len(), 42);
        let day = &days[0];
        assert_eq!(
            day["SUMMARY"],
            "Cat–cow: 3 sessions of 30 s; Wall extension hold: 2 sessions of 10 reps, 10 s hold each"
        );
        assert_eq!(
            day["URL"],
            "https://guide.clinic.org/thoracic/stages/mobility.html"
        );
        let d = &day["DESCRIPTION"];
        for page in ["cat-cow", "wall-extension-hold"] {
            assert!(
                d.contains(&format!("thoracic/exercises/{page}.html")),
                "{d}"
            );
        }
        // 3 × 30 s and 2 × 100 s: 290 s, 5 minutes.
        assert_eq!(day["DURATION"], "PT5M");
        // One after the other: the hold's sessions start when the
        // stretch's 5 minutes end.
        assert!(d.contains("2 sessions of 10 reps, 10 s hold each today, spread through the day: at 08:05 and 20:05."), "{d}");
        let sessions = events(&render(&p, &program, &layout(Layout::PerSession)));
        assert_eq!(sessions.len(), 42 * 5);
        let starts: Vec<&str> = sessions[..5]
            .iter()
            .map(|e| e["DTSTART"].as_str())
            .collect();
        assert_eq!(
            starts,
            [
                "20260601T080000",
                "20260601T080500",
                "20260601T140000",
                "20260601T200000",
                "20260601T200500"
            ]
        );
    }

    #[test]
    fn uids_are_stable_and_differ_between_layouts() {
        let program = shipped(None);
        let p = plan(&program, 2);
        let uids = |p: &Plan, l: Layout| -> Vec<String> {
            events(&render(p, &program, &layout(l)))
                .into_iter()
                .map(|e| e["UID"].clone())
                .collect()
        };
        let sessions = uids(&p, Layout::PerSession);
        let days = uids(&p, Layout::PerDay);
        // A session's UID is as it was before days had events of their own.
        assert_eq!(
            sessions[0],
            "static-holds-wall-extension-hold-20260601-1-81febf82eae7b4e3@planwright"
        );
        assert_eq!(
            days[0],
            "static-holds-day-20260601-c3825956212f0bfe@planwright"
        );
        let all: std::collections::BTreeSet<&String> = sessions.iter().chain(&days).collect();
        assert_eq!(all.len(), sessions.len() + days.len());
        // A different dose keeps every UID: an updated plan updates its events.
        let mut heavier = p.clone();
        for week in &mut heavier.weeks {
            week.exercises[0].dose.hold_seconds = Some(Seconds(20));
        }
        assert_eq!(uids(&heavier, Layout::PerSession), sessions);
        assert_eq!(uids(&heavier, Layout::PerDay), days);
        // Same plan, same bytes.
        for l in [Layout::PerSession, Layout::PerDay] {
            assert_eq!(
                render(&p, &program, &layout(l)),
                render(&p, &program, &layout(l))
            );
        }
    }

    #[test]
    fn long_instructions_fold_at_75_octets_in_both_layouts() {
        let mut program = shipped(Some(
            "https://exercises.riverside-physio.co.uk/a/very/long/path/to/the/guide/",
        ));
        for e in &mut program.exercises {
            e.brief = Some(format!("Ünïcödé, ünd; {}", "ä\\b, ".repeat(80)));
        }
        let p = plan(&program, 1);
        for l in [Layout::PerSession, Layout::PerDay] {
            let ics = render(&p, &program, &layout(l));
            for line in ics.split("\r\n") {
                assert!(line.len() <= 75, "{} octets: {line}", line.len());
            }
            let e = &events(&ics)[0];
            assert!(
                e["DESCRIPTION"].contains("ä\\b, ä\\b"),
                "{}",
                e["DESCRIPTION"]
            );
            assert!(e["URL"].ends_with("/guide/exercises/cat-cow.html"));
        }
    }

    #[test]
    fn offsets_print_as_rfc_5545_utc_offsets() {
        assert_eq!(offset(Offset::from_seconds(3600).unwrap()), "+0100");
        assert_eq!(offset(Offset::from_seconds(-12600).unwrap()), "-0330");
        assert_eq!(offset(Offset::from_seconds(0).unwrap()), "+0000");
        assert_eq!(offset(Offset::from_seconds(19828).unwrap()), "+053028");
    }
}
