//! The tools around the core commands, end to end on the real binary:
//! calendar export, JSON Schemas, `new exercise`, shell completions and
//! manual pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use icalendar::parser::{read_components, unfold, Component};
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

mod common;
use common::{planwright_on_28_may as planwright, stderr, stdout};

/// A fresh, empty folder under the target directory, for commands that write.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const COMMANDS: [&str; 10] = [
    "check",
    "plan",
    "plans",
    "build",
    "serve",
    "init",
    "completions",
    "man",
    "schema",
    "new",
];

/// The subcommands `planwright --help` lists, `help` aside: the list the
/// tests below are checked against, so a new command cannot be missed.
fn listed_commands() -> Vec<String> {
    let out = planwright(&["--help"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn the_command_list_is_every_command() {
    assert_eq!(listed_commands(), COMMANDS);
}

/// How each shell's script offers a subcommand, word for word: a bare name
/// would also match inside `planwright` or `command`.
fn offered(shell: &str, script: &str, command: &str) -> bool {
    match shell {
        "bash" => script.contains(&format!("planwright,{command})")),
        "zsh" => script.lines().any(|l| l.trim() == format!("({command})")),
        "fish" => script.contains(&format!(
            "-n \"__fish_planwright_needs_command\" -f -a \"{command}\""
        )),
        _ => unreachable!("{shell}"),
    }
}

#[test]
fn completions_name_every_command_in_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = planwright(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for command in COMMANDS {
            assert!(offered(shell, &script, command), "{shell}: no `{command}`");
        }
        // A piece of a longer word is not a command.
        assert!(
            !offered(shell, &script, "wright"),
            "{shell}: the check matches too much"
        );
        // Options of subcommands complete too, not only their names.
        assert!(script.contains("--stage"), "{shell}: no --stage");
    }
    let out = planwright(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_prints_the_main_page_and_writes_one_per_command() {
    let out = planwright(&["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH planwright 1"), "{page}");
    // The SUBCOMMANDS section points at each command's own page.
    for command in COMMANDS {
        assert!(
            page.contains(&format!("\n.TP\nplanwright\\-{command}(1)\n")),
            "no `{command}` in the main page"
        );
    }

    let dir = scratch("man-pages");
    let out = planwright(&["man", "--output", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("planwright-{c}.1"))
        .chain(["planwright.1".to_string()])
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    for command in COMMANDS {
        let path = dir.join(format!("planwright-{command}.1"));
        let page = std::fs::read_to_string(&path).unwrap();
        assert!(
            page.contains(&format!(".TH planwright-{command} 1")),
            "{page}"
        );
        // Each page describes its own command, not a neighbour's.
        let about = listed_about(command);
        assert!(page.contains(&about), "{command}: no `{about}` in {page}");
    }
}

/// The one-line description `--help` gives `command`, as roff escapes it.
fn listed_about(command: &str) -> String {
    let out = planwright(&["--help"]);
    let line = stdout(&out)
        .lines()
        .find(|l| l.split_whitespace().next() == Some(command))
        .unwrap_or_else(|| panic!("`{command}` in --help"))
        .trim_start()[command.len()..]
        .trim()
        .to_string();
    line.replace('-', "\\-").replace('\'', "\\*(Aq")
}

/// One parsed VEVENT: its DTSTART value and TZID, length, summary, page
/// and alarms.
#[derive(Debug)]
struct Event {
    start: String,
    tzid: Option<String>,
    duration: String,
    summary: String,
    description: String,
    url: Option<String>,
    uid: String,
    triggers: Vec<String>,
}

fn property<'a>(c: &'a Component<'_>, name: &str) -> Option<&'a icalendar::parser::Property<'a>> {
    c.properties.iter().find(|p| p.name.as_str() == name)
}

fn value(c: &Component<'_>, name: &str) -> String {
    property(c, name)
        .map(|p| p.val.as_str().to_string())
        .unwrap_or_else(|| panic!("no {name} in {}", c.name.as_str()))
}

/// Runs `plan --format ics` with `args`, checks the file's framing, parses
/// it with the icalendar crate's parser and returns its events and the
/// TZIDs of its VTIMEZONEs.
/// What the engine's JSON says week `week` (from 0) of a stage's only
/// exercise reads like, for the calendar's titles to be compared with.
fn dose_text(stage: &str, start: &str, week: usize) -> String {
    let out = planwright(&[
        "plan", "--stage", stage, "--start", start, "--format", "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    plan["weeks"][week]["exercises"][0]["dose_text"]
        .as_str()
        .expect("a dose text")
        .to_string()
}

fn calendar(args: &[&str]) -> (Vec<Event>, Vec<String>, String) {
    let mut all = vec!["plan", "--format", "ics"];
    all.extend(args);
    let out = planwright(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // RFC 5545 3.1: CRLF line ends, lines of at most 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(!line.contains('\n'), "bare LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    let unfolded = unfold(&text);
    let root = read_components(&unfolded).expect("an iCalendar parser reads the file");

    assert_eq!(root.len(), 1, "one VCALENDAR");
    let cal = &root[0];
    assert_eq!(cal.name.as_str(), "VCALENDAR");
    assert_eq!(value(cal, "VERSION"), "2.0");
    assert!(value(cal, "PRODID").contains("planwright"));
    let mut events = Vec::new();
    let mut zones = Vec::new();
    for c in &cal.components {
        match c.name.as_str() {
            "VTIMEZONE" => zones.push(value(c, "TZID")),
            "VEVENT" => {
                // Required by RFC 5545 3.6.1 for a calendar without METHOD
                // REQUEST: UID and DTSTAMP; DTSTART since there is no METHOD.
                let stamp = value(c, "DTSTAMP");
                assert!(stamp.ends_with('Z'), "DTSTAMP is UTC: {stamp}");
                let dtstart = property(c, "DTSTART").expect("DTSTART");
                let tzid = dtstart
                    .params
                    .iter()
                    .find(|p| p.key.as_str() == "TZID")
                    .and_then(|p| p.val.as_ref())
                    .map(|v| v.as_str().to_string());
                let triggers = c
                    .components
                    .iter()
                    .filter(|a| a.name.as_str() == "VALARM")
                    .map(|a| {
                        assert_eq!(value(a, "ACTION"), "DISPLAY");
                        assert!(!value(a, "DESCRIPTION").is_empty());
                        value(a, "TRIGGER")
                    })
                    .collect();
                events.push(Event {
                    start: dtstart.val.as_str().to_string(),
                    tzid,
                    duration: value(c, "DURATION"),
                    summary: value(c, "SUMMARY"),
                    description: value(c, "DESCRIPTION"),
                    url: property(c, "URL").map(|p| p.val.as_str().to_string()),
                    uid: value(c, "UID"),
                    triggers,
                });
            }
            other => panic!("unexpected component {other}"),
        }
    }
    let uids: BTreeSet<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(uids.len(), events.len(), "every UID is unique");
    (events, zones, text)
}

/// Events per day (`YYYYMMDD`) and the set of start times (`HHMMSS`).
fn by_day(events: &[Event]) -> (BTreeMap<String, usize>, BTreeSet<String>) {
    let mut days = BTreeMap::new();
    let mut times = BTreeSet::new();
    for e in events {
        let (day, time) = e.start.split_once('T').expect("a date-time");
        *days.entry(day.to_string()).or_insert(0) += 1;
        times.insert(time.to_string());
    }
    (days, times)
}

/// `count` dates `step` days apart from 2026-06-01, as `YYYYMMDD`.
fn dates_from_june_1(count: usize, step: usize) -> Vec<String> {
    let first = jiff::civil::date(2026, 6, 1);
    (0..count)
        .map(|i| {
            let d = first
                .checked_add(jiff::Span::new().days(i64::try_from(i * step).unwrap()))
                .unwrap();
            d.strftime("%Y%m%d").to_string()
        })
        .collect()
}

#[test]
fn three_times_a_day_for_six_weeks_is_126_events_at_spread_times() {
    let (events, zones, _) = calendar(&["--stage", "1", "--start", "2026-06-01"]);
    assert_eq!(events.len(), 126);
    assert!(zones.is_empty(), "floating times need no VTIMEZONE");
    let (days, times) = by_day(&events);
    assert_eq!(
        days.keys().cloned().collect::<Vec<_>>(),
        dates_from_june_1(42, 1)
    );
    assert!(days.values().all(|n| *n == 3));
    // The default 08:00, spread over the day; floating: no TZID, no `Z`.
    let expected: BTreeSet<String> = ["080000", "140000", "200000"].map(String::from).into();
    assert_eq!(times, expected);
    assert!(events
        .iter()
        .all(|e| e.tzid.is_none() && !e.start.ends_with('Z')));
    assert!(events.iter().all(|e| e.triggers.is_empty()));
    // Titles carry the engine's dose text for the week.
    assert_eq!(
        events[0].summary,
        format!("Cat–cow: {}", dose_text("1", "2026-06-01", 0))
    );
    assert_eq!(events[0].summary, "Cat–cow: 30 s");
    assert!(
        events[0].description.contains("session 1 of 3 today"),
        "{}",
        events[0].description
    );
}

#[test]
fn every_second_day_is_21_events_at_the_chosen_time_and_zone() {
    let (events, zones, _) = calendar(&[
        "--stage",
        "4",
        "--start",
        "2026-06-01",
        "--time",
        "07:30",
        "--tz",
        "Europe/London",
        "--reminder",
        "10m",
    ]);
    assert_eq!(events.len(), 21);
    let (days, times) = by_day(&events);
    assert_eq!(
        days.keys().cloned().collect::<Vec<_>>(),
        dates_from_june_1(21, 2)
    );
    assert_eq!(times, BTreeSet::from(["073000".to_string()]));
    assert!(events
        .iter()
        .all(|e| e.tzid.as_deref() == Some("Europe/London")));
    assert_eq!(zones, ["Europe/London"], "one VTIMEZONE for the TZID");
    assert!(events.iter().all(|e| e.triggers == ["-PT10M"]));
    // Week 1 has four sessions (every second day), so event 4 is week 2's.
    for (event, week) in [(0, 0), (4, 1)] {
        assert_eq!(
            events[event].summary,
            format!("Dumbbell pullover: {}", dose_text("4", "2026-06-01", week))
        );
    }
    assert_ne!(events[0].summary, events[4].summary);
}

#[test]
fn the_timezone_covers_a_daylight_saving_change_inside_the_plan() {
    // British Summer Time starts on Sunday 29 March 2026.
    let (_, zones, text) = calendar(&[
        "--stage",
        "2",
        "--start",
        "2026-03-16",
        "--tz",
        "Europe/London",
    ]);
    assert_eq!(zones, ["Europe/London"]);
    assert!(text.contains(
        "BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\n"
    ), "{text}");
}

#[test]
fn days_left_to_the_person_get_a_suggested_day_that_says_so() {
    // Stage 5 is "once or twice a week": one event a week, on its first day.
    let (events, _, _) = calendar(&["--stage", "5", "--start", "2026-06-01"]);
    assert_eq!(events.len(), 6);
    let (days, _) = by_day(&events);
    assert_eq!(
        days.keys().cloned().collect::<Vec<_>>(),
        dates_from_june_1(6, 7)
    );
    let d = &events[0].description;
    assert!(d.contains("Your plan leaves the days to you"), "{d}");
    assert!(d.contains("Monday"), "{d}");
    assert!(
        d.contains("you may add up to 1 more session this week"),
        "{d}"
    );
}

/// The plan's JSON, for the calendar's numbers to be checked against.
fn plan_json(args: &[&str]) -> Value {
    let mut all = vec!["plan", "--format", "json"];
    all.extend(args);
    let out = planwright(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Minutes of one session as docs/calendar.md works them out from the
/// plan's numbers: every set's work plus a minute's rest between sets,
/// rounded up, 5 at least. A rep lasts its hold, else 4 s (the default,
/// and what stage 3's tempo `3 s lowering, normal speed up` comes to).
fn documented_minutes(exercise: &Value) -> u64 {
    let number = |key: &str| exercise[key].as_u64();
    let sets = number("sets").unwrap();
    let work = match number("duration_seconds") {
        Some(duration) => sets * duration,
        None => {
            let reps: u64 = exercise["reps_per_set"]
                .as_array()
                .map_or(sets, |r| r.iter().map(|n| n.as_u64().unwrap()).sum());
            reps * number("hold_seconds").unwrap_or(4)
        }
    };
    (work + (sets - 1) * 60).div_ceil(60).max(5)
}

#[test]
fn each_event_lasts_as_long_as_that_weeks_dose() {
    let runs: [&[&str]; 6] = [
        &["--stage", "1"],
        &["--stage", "2"],
        &["--stage", "3"],
        &["--stage", "4"],
        &["--stage", "5"],
        // At the top of its range: 4 × 16 reps and three rests, 436 s.
        &["--stage", "5", "--baseline", "reps=16"],
    ];
    for args in runs {
        let args = [args, &["--start", "2026-06-01"]].concat();
        let plan = plan_json(&args);
        let (events, _, _) = calendar(&args);
        for e in &events {
            let day = &e.start[..8];
            let week = plan["weeks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|w| {
                    let (from, to) = (w["start"].as_str().unwrap(), w["end"].as_str().unwrap());
                    (from.replace('-', "").as_str()..=to.replace('-', "").as_str()).contains(&day)
                })
                .expect("the event's week");
            let minutes = documented_minutes(&week["exercises"][0]);
            assert_eq!(e.duration, format!("PT{minutes}M"), "{args:?} {}", e.start);
        }
        if args.contains(&"reps=16") {
            assert!(events.iter().all(|e| e.duration == "PT8M"));
        }
    }
    // No more 15-minute blocks for a 30-second stretch.
    let (events, _, _) = calendar(&["--stage", "1", "--start", "2026-06-01"]);
    assert!(events.iter().all(|e| e.duration == "PT5M"));
}

#[test]
fn a_day_calendar_has_one_event_a_day_listing_its_sessions() {
    let (sessions, _, _) = calendar(&["--stage", "1", "--start", "2026-06-01"]);
    let (days, _, _) = calendar(&[
        "--stage",
        "1",
        "--start",
        "2026-06-01",
        "--calendar",
        "per-day",
    ]);
    assert_eq!((sessions.len(), days.len()), (126, 42));
    let (per_day, times) = by_day(&days);
    assert_eq!(
        per_day.keys().cloned().collect::<Vec<_>>(),
        dates_from_june_1(42, 1)
    );
    assert!(per_day.values().all(|n| *n == 1));
    assert_eq!(times, BTreeSet::from(["080000".to_string()]));
    assert!(days.iter().all(|e| e.duration == "PT5M"));
    let first = &days[0];
    assert_eq!(first.summary, "Cat–cow: 3 sessions of 30 s");
    assert!(
        first.description.contains(
            "Cat–cow: 3 sessions of 30 s today, spread through the day: at 08:00, 14:00 and 20:00."
        ),
        "{}",
        first.description
    );
    assert!(first.description.contains("How to do it:\n1. Set up."));
    // Its own UIDs, stable from run to run, never a session's.
    assert!(
        first.uid.starts_with("mobility-day-20260601-"),
        "{}",
        first.uid
    );
    let session_uids: BTreeSet<&str> = sessions.iter().map(|e| e.uid.as_str()).collect();
    assert!(days.iter().all(|e| !session_uids.contains(e.uid.as_str())));
    let (again, _, _) = calendar(&[
        "--stage",
        "1",
        "--start",
        "2026-06-01",
        "--calendar",
        "per-day",
    ]);
    assert_eq!(
        again.iter().map(|e| &e.uid).collect::<Vec<_>>(),
        days.iter().map(|e| &e.uid).collect::<Vec<_>>()
    );

    // The person's own times of day, and a reminder per day.
    let (days, _, _) = calendar(&[
        "--stage",
        "2",
        "--start",
        "2026-06-01",
        "--calendar",
        "per-day",
        "--time",
        "07:30,18:00",
        "--reminder",
        "10m",
    ]);
    assert_eq!(days.len(), 42);
    assert!(days.iter().all(|e| e.start.ends_with("T073000")));
    assert!(days.iter().all(|e| e.triggers == ["-PT10M"]));
    assert!(
        days[0]
            .description
            .contains("2 sessions of 10 reps, 10 s hold each today, spread through the day: at 07:30 and 18:00."),
        "{}",
        days[0].description
    );
}

#[test]
fn events_link_the_exercise_page_only_at_a_real_address() {
    let dir = scratch("ics-address");
    let content = dir.join("content");
    common::copy_dir(&common::repo().join("content"), &content);
    let config = content.join("planwright.yaml");
    let shipped = std::fs::read_to_string(&config).unwrap();
    let c = content.to_str().unwrap();
    for (url, linked) in [
        (None, false),
        (Some("https://planwright.example/thoracic/"), false),
        (Some("http://localhost:1111/"), false),
        (
            Some("https://exercises.riverside-physio.co.uk/thoracic/"),
            true,
        ),
    ] {
        let extra = url.map_or(String::new(), |u| format!("base_url: {u}\n"));
        std::fs::write(&config, format!("{shipped}{extra}")).unwrap();
        for layout in ["per-session", "per-day"] {
            let args = [
                "--content",
                c,
                "--stage",
                "4",
                "--start",
                "2026-06-01",
                "--calendar",
                layout,
            ];
            let (events, _, _) = calendar(&args);
            let page = url.map(|u| format!("{u}exercises/dumbbell-pullover.html"));
            for e in &events {
                assert_eq!(e.url.is_some(), linked, "{url:?} {layout}");
                if linked {
                    assert_eq!(e.url, page);
                    let line = format!(
                        "Pictures and the full instructions: {}",
                        page.as_ref().unwrap()
                    );
                    assert!(e.description.contains(&line), "{}", e.description);
                } else {
                    assert!(!e.description.contains("http"), "{}", e.description);
                }
                // How to do it, from the same source as the printed plan.
                assert!(
                    e.description.contains("How to do it:\n")
                        && e.description.contains("Choosing a weight."),
                    "{}",
                    e.description
                );
            }
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_layout_comes_from_the_patient_file_and_the_flag_wins() {
    let dir = scratch("ics-layout");
    let patient = dir.join("kim.yaml");
    std::fs::write(&patient, "stage: 1\nstart: 2026-06-01\ncalendar: per-day\n").unwrap();
    let p = patient.to_str().unwrap();
    assert_eq!(calendar(&["--patient", p]).0.len(), 42);
    assert_eq!(
        calendar(&["--patient", p, "--calendar", "per-session"])
            .0
            .len(),
        126
    );
    std::fs::write(&patient, "stage: 1\ncalendar: daily\n").unwrap();
    let out = planwright(&["plan", "--patient", p, "--format", "ics"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("kim.yaml:2:11: error: `calendar` has unknown value `daily`"),
        "{err}"
    );
    assert!(err.contains("per-session, per-day"), "{err}");
}

#[test]
fn a_built_sites_calendars_have_an_event_per_session() {
    let dir = scratch("ics-build");
    let out = common::command()
        .args(["build", "--content"])
        .arg(common::repo().join("content"))
        .arg("--output")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(dir.join("out/site/plans/stage-1-mobility.ics")).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 126);
    assert!(ics.contains("UID:mobility-cat-cow-"));
    assert!(!ics.contains("-day-"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn calendars_are_byte_identical_run_after_run() {
    let args = [
        "plan",
        "--stage",
        "3",
        "--format",
        "ics",
        "--tz",
        "America/New_York",
    ];
    let first = planwright(&args);
    let second = planwright(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(first.stdout, second.stdout);
    // SOURCE_DATE_EPOCH (set by `planwright`) gives the DTSTAMP.
    assert!(stdout(&first).contains("DTSTAMP:20260528T202640Z\r\n"));

    // Without it, the stamp comes from the plan: still the same bytes.
    let run = || {
        common::command()
            .args([
                "plan",
                "--stage",
                "3",
                "--start",
                "2026-06-01",
                "--format",
                "ics",
            ])
            .output()
            .unwrap()
    };
    let (a, b) = (run(), run());
    assert!(a.status.success(), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout);
    assert!(stdout(&a).contains("DTSTAMP:20260601T000000Z\r\n"));
}

#[test]
fn calendar_settings_come_from_the_patient_file_and_flags_win() {
    let dir = scratch("ics-patient");
    let patient = dir.join("sam.yaml");
    std::fs::write(
        &patient,
        "name: Sam\nstage: 4\nstart: 2026-06-01\ntime: 06:45\ntimezone: Europe/Berlin\nreminder: 1h\n",
    )
    .unwrap();
    let p = patient.to_str().unwrap();
    let (events, zones, _) = calendar(&["--patient", p]);
    assert_eq!(zones, ["Europe/Berlin"]);
    assert!(events.iter().all(|e| e.start.ends_with("T064500")));
    assert!(events.iter().all(|e| e.triggers == ["-PT60M"]));
    assert!(events[0].description.contains("Plan for Sam."));

    let (events, zones, _) = calendar(&["--patient", p, "--time", "18:00", "--tz", "Asia/Tokyo"]);
    assert_eq!(zones, ["Asia/Tokyo"]);
    assert!(events.iter().all(|e| e.start.ends_with("T180000")));

    std::fs::write(&patient, "stage: 4\ntimezone: Europe/Londres\ntime: 7.30\n").unwrap();
    let out = planwright(&["plan", "--patient", p, "--format", "ics"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("sam.yaml:2:11: error: `timezone` `Europe/Londres` is not a time zone"),
        "{err}"
    );
    assert!(
        err.contains("sam.yaml:3:7: error: `time` `7.30` is not a time of day"),
        "{err}"
    );
}

#[test]
fn calendar_flags_are_checked() {
    let out = planwright(&["plan", "--stage", "1", "--time", "25:00", "--format", "ics"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`25:00` is not a time of day"),
        "{}",
        stderr(&out)
    );
    let out = planwright(&[
        "plan",
        "--stage",
        "1",
        "--tz",
        "Nowhere/Special",
        "--format",
        "ics",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = planwright(&["plan", "--stage", "1", "--reminder", "10m"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--reminder without --format ics"
    );
    assert!(stderr(&out).contains("--format ics"), "{}", stderr(&out));
    let out = planwright(&["plan", "--stage", "1", "--calendar", "per-day"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--calendar without --format ics"
    );
    let out = planwright(&[
        "plan",
        "--stage",
        "1",
        "--format",
        "ics",
        "--calendar",
        "daily",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("per-session, per-day"),
        "{}",
        stderr(&out)
    );
    let help = stdout(&planwright(&["plan", "--help"]));
    assert!(help.contains("--calendar <LAYOUT>"), "{help}");
}

/// YAML as an editor's YAML extension sees it, converted to JSON.
fn yaml_to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(text.clone()), Value::Number),
        Yaml::Integer(n) => Value::from(*n),
        Yaml::String(text) => Value::String(text.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        other => format!("{other:?}"),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Yaml::Null => Value::Null,
        other => panic!("unexpected YAML node {other:?}"),
    }
}

fn yaml_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        // The front matter: between the first line `---` and the next.
        let mut lines = text.lines();
        assert_eq!(
            lines.next().map(str::trim_end),
            Some("---"),
            "{}",
            path.display()
        );
        lines
            .take_while(|l| l.trim_end() != "---")
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        text.to_string()
    };
    let docs =
        YamlLoader::load_from_str(&yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    docs.first().map_or(Value::Null, yaml_to_json)
}

/// The schemas `planwright schema` writes, compiled, by file name.
fn validators(scratch_name: &str) -> BTreeMap<String, jsonschema::Validator> {
    let dir = scratch(scratch_name);
    let out = planwright(&["schema", "--output", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut validators = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{} is a valid schema",
            path.display()
        );
        let validator =
            jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        validators.insert(name, validator);
    }
    validators
}

/// Which schema a file of a content tree answers to.
fn schema_name(rel: &str) -> Option<&'static str> {
    match rel {
        "planwright.yaml" => Some("planwright.schema.json"),
        "program.yaml" => Some("program.schema.json"),
        _ if rel.starts_with("exercises/") && rel.ends_with(".md") => Some("exercise.schema.json"),
        _ if rel.starts_with("guide/") && rel.ends_with(".md") => Some("guide.schema.json"),
        _ => None,
    }
}

/// Every problem the schemas find in a content tree, as `file: error`.
fn schema_problems(
    validators: &BTreeMap<String, jsonschema::Validator>,
    root: &Path,
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(name) = schema_name(&rel) else {
            continue;
        };
        let instance = yaml_file(entry.path());
        checked += 1;
        for error in validators[name].iter_errors(&instance) {
            problems.push(format!("{rel}: {error} at {}", error.instance_path()));
        }
    }
    (checked, problems)
}

#[test]
fn every_shipped_content_file_validates_against_the_emitted_schemas() {
    let validators = validators("schemas-shipped");
    assert_eq!(validators.len(), 5);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (checked, problems) = schema_problems(&validators, &manifest.join("content"));
    assert_eq!(checked, 10, "config, program, 5 exercises, 3 guide pages");
    assert!(problems.is_empty(), "{problems:#?}");
    // Trees that `planwright check` accepts validate too.
    for tree in [
        "tests/fixtures/check/valid/content",
        "tests/fixtures/site/basic/content",
    ] {
        let (checked, problems) = schema_problems(&validators, &manifest.join(tree));
        assert!(checked >= 3, "{tree}");
        assert!(problems.is_empty(), "{tree}: {problems:#?}");
    }
    let patients = manifest.join("tests/fixtures/patients");
    for file in ["alex.yaml", "above-bound.yaml", "too-fast.yaml"] {
        let instance = yaml_file(&patients.join(file));
        let errors: Vec<String> = validators["patient.schema.json"]
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
}

#[test]
fn the_schemas_flag_what_check_flags_for_shapes_and_spellings() {
    let validators = validators("schemas-misses");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, problems) = schema_problems(
        &validators,
        &manifest.join("tests/fixtures/check/unknown-keys/content"),
    );
    // Each misspelt key is refused by name, in its own file: the errors
    // `check` reports in that fixture's expected.txt.
    for (file, key) in [
        ("exercises/press.md", "dos"),
        ("planwright.yaml", "titel"),
        ("program.yaml", "max_week"),
    ] {
        let unexpected =
            format!("{file}: Additional properties are not allowed ('{key}' was unexpected)");
        assert!(
            problems.iter().any(|p| p.starts_with(&unexpected)),
            "no `{unexpected}` in {problems:#?}"
        );
    }
    let typos = yaml_file(&manifest.join("tests/fixtures/patients/typos.yaml"));
    let errors: Vec<String> = validators["patient.schema.json"]
        .iter_errors(&typos)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("'nmae' was unexpected")),
        "{errors:#?}"
    );

    // Every form docs/content-format.md shows is accepted, and near misses are not.
    let exercise = &validators["exercise.schema.json"];
    let dose = |dose: Value| {
        serde_json::json!({
            "id": "x", "title": "X", "stage": "s", "frequency": "daily", "dose": dose
        })
    };
    for good in [
        serde_json::json!({ "sets": 3, "reps": "10-20", "load": "4 kg" }),
        serde_json::json!({ "reps": "10–20", "hold": "10 s" }),
        serde_json::json!({ "hold": "10s", "reps": 5 }),
        serde_json::json!({ "duration": "30-60 s" }),
        serde_json::json!({ "duration": "1 min" }),
        serde_json::json!({ "duration": 45 }),
        serde_json::json!({ "reps": "10", "load": "4-8 kg" }),
        serde_json::json!({ "reps": 8, "load": "8.5 lb" }),
        serde_json::json!({ "reps": 8, "load": "8.5 LB" }),
    ] {
        assert!(exercise.is_valid(&dose(good.clone())), "{good}");
    }
    for bad in [
        serde_json::json!({ "reps": "ten" }),
        serde_json::json!({ "reps": 0 }),
        serde_json::json!({ "hold": "10 hours" }),
        serde_json::json!({ "reps": 8, "load": "4" }),
        serde_json::json!({ "reps": 8, "load": "4 stone" }),
        serde_json::json!({ "reps": 8, "weight": "4 kg" }),
    ] {
        assert!(!exercise.is_valid(&dose(bad.clone())), "{bad}");
    }
    let config = &validators["planwright.schema.json"];
    for (rate, ok) in [("7.5%", true), ("7.5", true), ("fast", false)] {
        let instance = serde_json::json!({ "title": "T", "rate": { "target": rate } });
        assert_eq!(config.is_valid(&instance), ok, "rate {rate}");
    }
    let instance = serde_json::json!({ "title": "T", "rate": { "target": 7.5 } });
    assert!(config.is_valid(&instance));

    // `max_load_jump` is a percentage; `weights` may hold both units.
    let progression = |progression: Value| {
        let mut e = dose(serde_json::json!({ "reps": "10-20", "load": "4 kg" }));
        e["progression"] = progression;
        e
    };
    let with_jump = |jump: Value| {
        progression(serde_json::json!({
            "grow": ["reps", "load"], "max": { "load": "12 kg" }, "max_load_jump": jump
        }))
    };
    for (jump, ok) in [
        (serde_json::json!("25%"), true),
        (serde_json::json!("33.5%"), true),
        (serde_json::json!(25), true),
        (serde_json::json!(100), true),
        (serde_json::json!("steep"), false),
        (serde_json::json!(0), false),
        (serde_json::json!(150), false),
        (serde_json::json!(["25%"]), false),
    ] {
        assert_eq!(
            exercise.is_valid(&with_jump(jump.clone())),
            ok,
            "max_load_jump {jump}"
        );
    }
    let racks = progression(serde_json::json!({
        "grow": ["reps"], "weights": ["4 kg", "5 kg", "8 lb", "10 lb"]
    }));
    assert!(exercise.is_valid(&racks), "weights in kg and lb");

    // A patient file's `beyond_stage_limit` takes the words the decoder takes.
    let patient = &validators["patient.schema.json"];
    for (value, ok) in [
        (serde_json::json!(true), true),
        (serde_json::json!(false), true),
        (serde_json::json!("yes"), true),
        (serde_json::json!("No"), true),
        (serde_json::json!("TRUE"), true),
        (serde_json::json!(1), true),
        (serde_json::json!(0), true),
        (serde_json::json!("maybe"), false),
        (serde_json::json!(2), false),
    ] {
        let instance = serde_json::json!({ "weeks": 9, "beyond_stage_limit": value });
        assert_eq!(
            patient.is_valid(&instance),
            ok,
            "beyond_stage_limit {value}"
        );
    }
}

/// A copy of the valid fixture tree to write into.
fn fixture_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check/valid/content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir
            .join("content")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

fn planwright_in(dir: &Path, args: &[&str]) -> Output {
    common::command()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the planwright binary runs")
}

#[test]
fn a_new_exercise_is_flagged_until_written_then_checks_and_plans() {
    let dir = fixture_copy("new-exercise");
    let program = std::fs::read_to_string(dir.join("content/program.yaml")).unwrap();
    let out = planwright_in(
        &dir,
        &["new", "exercise", "band-pull", "--stage", "lifting"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("wrote content/exercises/band-pull.md"),
        "{}",
        stdout(&out)
    );
    // One line changed in place, the rest of program.yaml as it was.
    let edited = std::fs::read_to_string(dir.join("content/program.yaml")).unwrap();
    assert_eq!(
        edited,
        program.replace("exercises: [press]", "exercises: [press, band-pull]")
    );
    let template = std::fs::read_to_string(dir.join("content/exercises/band-pull.md")).unwrap();
    assert!(template.contains("id: band-pull\n") && template.contains("stage: lifting\n"));
    assert!(
        template.lines().filter(|l| l.starts_with('#')).count() > 10,
        "commented"
    );
    let front_matter = yaml_file(&dir.join("content/exercises/band-pull.md"));
    assert!(validators("schemas-template")["exercise.schema.json"].is_valid(&front_matter));

    // Every TODO of the template is an error where it stands, until the
    // author's own words replace it.
    let out = planwright_in(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let todos: Vec<(usize, usize)> = template
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .filter_map(|(i, l)| l.find("TODO").map(|c| (i + 1, c + 1)))
        .collect();
    assert!(todos.len() >= 6, "{todos:?}");
    let flagged: Vec<(usize, usize)> = stderr(&out)
        .lines()
        .filter(|l| l.contains("`TODO` marks text still to be written"))
        .map(|l| {
            let mut at = l.split(':').skip(1).map(|n| n.parse::<usize>().unwrap());
            (at.next().unwrap(), at.next().unwrap())
        })
        .collect();
    assert_eq!(flagged, todos, "{}", stderr(&out));
    assert!(stderr(&out).contains("content/exercises/band-pull.md:"));
    let written = template
        .replace(
            "\"TODO: say in one sentence what the exercise is.\"",
            "Pull a band apart.",
        )
        .replace("TODO: ", "");
    std::fs::write(dir.join("content/exercises/band-pull.md"), written).unwrap();

    let out = planwright_in(&dir, &["check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out = planwright_in(
        &dir,
        &["plan", "--exercise", "band-pull", "--start", "2026-06-01"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Band pull: once a day"),
        "{}",
        stdout(&out)
    );

    // Never twice, never over a file.
    let written = std::fs::read_to_string(dir.join("content/exercises/band-pull.md")).unwrap();
    let out = planwright_in(&dir, &["new", "exercise", "band-pull", "--stage", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already has an exercise `band-pull`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("content/exercises/band-pull.md")).unwrap(),
        written
    );
}

#[test]
fn a_new_exercise_needs_its_stage_named() {
    let dir = fixture_copy("new-no-stage");
    let out = planwright_in(&dir, &["new", "exercise", "band-pull"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("--stage is required"), "{said}");
    // The hint lists the stages to choose from.
    let program = std::fs::read_to_string(dir.join("content/program.yaml")).unwrap();
    assert!(
        program.contains("id: lifting") && said.contains("(lifting)"),
        "{said}"
    );
    assert!(!dir.join("content/exercises/band-pull.md").exists());
}

#[test]
fn unsafe_ids_and_unknown_stages_write_nothing() {
    let dir = fixture_copy("new-refused");
    for (args, code) in [
        (vec!["new", "exercise", "../escape"], 2),
        (vec!["new", "exercise", "Band_Pull"], 2),
        (vec!["new", "exercise", "band-pull", "--stage", "7"], 2),
        (
            vec!["new", "exercise", "band-pull", "--stage", "jumping"],
            2,
        ),
    ] {
        let out = planwright_in(&dir, &args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    }
    assert!(
        stderr(&planwright_in(&dir, &["new", "exercise", "Band_Pull"])).contains("try `band-pull`")
    );
    let files: Vec<_> = std::fs::read_dir(dir.join("content/exercises"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 2, "nothing was written");
}

#[test]
fn a_list_that_cannot_take_the_id_in_place_gets_the_exact_line_to_write() {
    let dir = fixture_copy("new-by-hand");
    let path = dir.join("content/program.yaml");
    let split = std::fs::read_to_string(&path)
        .unwrap()
        .replace("exercises: [press]", "exercises: [\n      press\n    ]");
    std::fs::write(&path, &split).unwrap();
    let out = planwright_in(&dir, &["new", "exercise", "band-pull", "--stage", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        split,
        "left as written"
    );
    let text = stdout(&out);
    let line = text
        .split('`')
        .find(|part| part.starts_with("exercises: ["))
        .unwrap_or_else(|| panic!("no line to add in {text}"));
    assert_eq!(line, "exercises: [press, band-pull]");
    // Writing that line is all that is left to do, besides the template's
    // TODOs: they are the only problems check still reports.
    std::fs::write(
        &path,
        split.replace("exercises: [\n      press\n    ]", line),
    )
    .unwrap();
    let out = planwright_in(&dir, &["check"]);
    let reported = stderr(&out);
    let errors: Vec<&str> = reported
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|l| l.contains("`TODO` marks text still to be written")),
        "{errors:#?}"
    );
}

#[test]
fn a_calendar_longer_than_its_stage_says_so_in_every_event() {
    let (events, _, _) = calendar(&[
        "--stage",
        "5",
        "--start",
        "2026-06-01",
        "--weeks",
        "8",
        "--beyond-stage-limit",
    ]);
    assert!(!events.is_empty());
    let notice =
        "Longer than usual: this plan runs 8 weeks, 2 more than the 6 weeks stage 5 usually lasts.";
    assert!(
        events.iter().all(|e| e.description.contains(notice)),
        "{}",
        events[0].description
    );
    let (usual, _, _) = calendar(&["--stage", "5", "--start", "2026-06-01"]);
    assert!(usual
        .iter()
        .all(|e| !e.description.contains("Longer than usual")));
}
