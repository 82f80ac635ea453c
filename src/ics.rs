//! A plan as an iCalendar file (RFC 5545): one event per planned session.
//!
//! Job: turn a computed [`Plan`] into calendar events a person imports into
//! their phone or desktop calendar. Each event is titled with the exercise
//! and that week's dose (the engine's `dose_text`, never reworded here),
//! starts at the person's time of day, lasts a fixed time and may carry a
//! reminder. `docs/calendar.md` describes the result for people.
//!
//! Limits, on purpose:
//! - Days the engine fixes (`Sessions::dates`: daily, every N days) are
//!   used as they are. Where the person picks the days (`N× a week`), the
//!   planned sessions go on suggested days spread through the week (the
//!   week's first day for one session) and the event says so; optional
//!   extra sessions get no event, only a line in the description.
//! - Several sessions a day are spread over the day (see [`session_times`]);
//!   several exercises in one plan follow each other, session by session.
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

use std::fmt::Write as _;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Timestamp};

use planwright_core::plan::{Plan, Sessions};

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
    /// How long each event lasts, in minutes.
    pub session_minutes: u32,
    /// A reminder this many minutes before each session (0: at its start).
    pub reminder_minutes: Option<u32>,
    /// The `DTSTAMP` of every event; `None`: the plan's first day at
    /// midnight UTC, so the same plan always gives the same bytes.
    pub stamp: Option<Timestamp>,
}

impl Default for IcsOptions {
    /// 08:00 floating time, 15 minutes, no reminder.
    fn default() -> IcsOptions {
        IcsOptions {
            times: vec![Time::constant(8, 0, 0, 0)],
            time_zone: None,
            session_minutes: 15,
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

/// Minutes after midnight at which each of `count` sessions of one day
/// starts. Given times are used in order; past them, sessions are spread
/// evenly over 12 hours from the first time (08:00 → 08:00, 14:00, 20:00
/// for three a day), starting no later than 22:00, and never closer
/// together than one session's length.
pub fn session_times(times: &[Time], count: usize, session_minutes: u32) -> Vec<i64> {
    let minutes = |t: &Time| i64::from(t.hour()) * 60 + i64::from(t.minute());
    let first = times.first().map_or(8 * 60, minutes);
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

/// One planned session, ready to be written.
struct Event {
    start: DateTime,
    exercise: usize,
    week: usize,
    /// 1-based session of the day, and how many that day.
    slot: (usize, usize),
    /// Whether planwright chose the day (the person picks days).
    suggested_day: bool,
    date: Date,
}

/// The plan as an iCalendar document, lines ending in CRLF.
pub fn render(plan: &Plan, options: &IcsOptions) -> String {
    let events = events(plan, options);
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
    let stamp = utc(stamp);
    for event in &events {
        write_event(&mut out, plan, options, event, tzid.as_deref(), &stamp);
    }
    out.line("END:VCALENDAR");
    out.text
}

/// Every planned session of the plan, in time order.
fn events(plan: &Plan, options: &IcsOptions) -> Vec<Event> {
    let mut events = Vec::new();
    let length = i64::from(options.session_minutes);
    for (w, week) in plan.weeks.iter().enumerate() {
        for (i, exercise) in week.exercises.iter().enumerate() {
            for (date, per_day, suggested_day) in days(&exercise.sessions, week.start) {
                let starts = session_times(&options.times, per_day, options.session_minutes);
                for (k, minute) in starts.into_iter().enumerate() {
                    // Exercises of one plan follow each other, so their
                    // events never overlap.
                    let offset = minute + length * i64::try_from(i).unwrap_or(0);
                    let start = date
                        .at(0, 0, 0, 0)
                        .saturating_add(Span::new().minutes(offset));
                    events.push(Event {
                        start,
                        exercise: i,
                        week: w,
                        slot: (k + 1, per_day),
                        suggested_day,
                        date,
                    });
                }
            }
        }
    }
    events.sort_by_key(|e| (e.start, e.exercise));
    events
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

fn write_event(
    out: &mut Lines,
    plan: &Plan,
    options: &IcsOptions,
    event: &Event,
    tzid: Option<&str>,
    stamp: &str,
) {
    let info = &plan.exercises[event.exercise];
    let week = &plan.weeks[event.week];
    let dose = &week.exercises[event.exercise];
    let summary = format!(
        "{}: {}",
        info.title,
        planwright_core::wording::dose(&dose.dose)
    );
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", uid(plan, event)));
    out.line(&format!("DTSTAMP:{stamp}"));
    let start = local(event.start);
    match tzid {
        Some(id) => out.line(&format!("DTSTART;TZID={}:{start}", param(id))),
        None => out.line(&format!("DTSTART:{start}")),
    }
    out.line(&format!("DURATION:PT{}M", options.session_minutes));
    out.line(&format!("SUMMARY:{}", text(&summary)));
    out.line(&format!("DESCRIPTION:{}", text(&description(plan, event))));
    out.line(&format!("CATEGORIES:{}", text(&plan.program)));
    if let Some(minutes) = options.reminder_minutes {
        out.line("BEGIN:VALARM");
        out.line("ACTION:DISPLAY");
        out.line(&format!("DESCRIPTION:{}", text(&summary)));
        out.line(&format!("TRIGGER:-PT{minutes}M"));
        out.line("END:VALARM");
    }
    out.line("END:VEVENT");
}

fn description(plan: &Plan, event: &Event) -> String {
    let info = &plan.exercises[event.exercise];
    let week = &plan.weeks[event.week];
    let dose = &week.exercises[event.exercise];
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
    let (k, of) = event.slot;
    if of > 1 {
        writeln!(
            d,
            "How often: {}; this is session {k} of {of} today.",
            info.frequency
        )
        .ok();
    } else {
        writeln!(d, "How often: {}.", info.frequency).ok();
    }
    if let Some(tempo) = &info.tempo {
        writeln!(d, "Tempo: {tempo}.").ok();
    }
    writeln!(
        d,
        "This week: {}.",
        planwright_core::wording::note(plan, event.week, event.exercise)
    )
    .ok();
    if let Some(longer) = planwright_core::wording::longer_than_stage(plan) {
        writeln!(d, "{longer}").ok();
    }
    if event.suggested_day {
        writeln!(
            d,
            "Your plan leaves the days to you: planwright put this session on {}, \
             {}. Move it to any day of this week that suits you.",
            weekday(event.date.weekday()),
            if event.date == week.start {
                "the first day of this plan week"
            } else {
                "to spread the week's sessions out"
            }
        )
        .ok();
    }
    if dose.sessions.optional > 0 && event.slot.0 == event.slot.1 {
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
    if let Some(name) = &plan.person.name {
        writeln!(d, "Plan for {name}.").ok();
    }
    d.trim_end().to_string()
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

/// A UID from what identifies the session, not from its dose: the same
/// session of an updated plan keeps its UID, so calendars update it.
fn uid(plan: &Plan, event: &Event) -> String {
    let info = &plan.exercises[event.exercise];
    let mut hash = Fnv::default();
    hash.write(plan.program.as_bytes());
    hash.write(plan.person.name.as_deref().unwrap_or("").as_bytes());
    hash.write(plan.stage.id.as_str().as_bytes());
    format!(
        "{}-{}-{}-{}-{:016x}@planwright",
        plan.stage.id,
        info.id,
        event.date.strftime("%Y%m%d"),
        event.slot.0,
        hash.0
    )
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

    #[test]
    fn offsets_print_as_rfc_5545_utc_offsets() {
        assert_eq!(offset(Offset::from_seconds(3600).unwrap()), "+0100");
        assert_eq!(offset(Offset::from_seconds(-12600).unwrap()), "-0330");
        assert_eq!(offset(Offset::from_seconds(0).unwrap()), "+0000");
        assert_eq!(offset(Offset::from_seconds(19828).unwrap()), "+053028");
    }
}
