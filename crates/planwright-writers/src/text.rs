//! A plan as readable text: a heading, then a week-by-week table per
//! exercise, then when to move on; what `planwright plan` prints and the
//! browser's "Make my plan" page shows.
//!
//! It must not compute or word a dose: doses, changes and notes come from
//! the plan through `planwright_core::wording`.

use std::fmt::Write as _;

use jiff::civil::Date;
use planwright_core::model::Units;
use planwright_core::plan::{Plan, Sessions, Status};

/// How the plan's start date was chosen, for its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartChoice {
    /// The person (a flag, a patient file, a form) gave it.
    Given,
    /// Nobody did: it is the first Monday on or after today.
    NextMonday,
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

/// The plan as a readable week-by-week table, as `planwright plan` prints it.
pub fn render(plan: &Plan, start: StartChoice) -> String {
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
