//! `planwright plan` end to end: the real binary on the shipped content.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{planwright_on_28_may as planwright, stderr, stdout};

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = planwright(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// Each week's `dose_text` for the stage's only exercise.
fn dose_texts(plan: &Value) -> Vec<String> {
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["exercises"][0]["dose_text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn text_plan_for_stage_4_is_a_dated_table() {
    let out = planwright(&["plan", "--stage", "4"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Thoracic extension: stage 4 of 5, Concentric strength\n"));
    assert!(text.contains(
        "Starts Monday 1 June 2026 (the first Monday on or after today; choose another day with --start)"
    ));
    assert!(text.contains("Runs 6 weeks, to Sunday 12 July 2026"));
    assert!(text.contains("Weekly growth: aim for 7.5%, within 5–10%; loads in kg"));
    let row = |week: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{week} ")))
            .unwrap_or_else(|| panic!("no row for week {week} in\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        row("1"),
        "1 Mon 1 Jun – Sun 7 Jun 4: Mon Wed Fri Sun 3 × 10 reps at 4 kg – starting dose"
    );
    assert_eq!(
        row("2"),
        "2 Mon 8 Jun – Sun 14 Jun 3: Tue Thu Sat 3 sets: 11, 11, 10 reps at 4 kg +6.7% +1 rep in sets 1 and 2"
    );
    assert!(text.contains("Move on to stage 5 (Functional strength) when:\n"));
    assert!(text
        .contains("  - Your lower back stays in contact with the bench or floor on every rep.\n"));
    assert!(text.contains("  - Back bridge: 4 × 5 reps, once or twice a week\n"));
}

#[test]
fn json_plan_has_every_documented_field() {
    let plan = json(&["plan", "--stage", "4", "--start", "2026-06-03"]);
    assert_eq!(plan["schema_version"], 1);
    assert_eq!(plan["start"], "2026-06-03");
    assert_eq!(plan["end"], "2026-07-14");
    assert_eq!(plan["rate"]["target"], 0.075);
    assert_eq!(plan["rate"]["min"], 0.05);
    assert_eq!(plan["rate"]["max"], 0.1);
    assert_eq!(plan["stage"]["number"], 4);
    assert_eq!(plan["stage"]["id"], "concentric");
    assert_eq!(plan["person"]["name"], Value::Null);
    assert_eq!(plan["next_stage"]["id"], "functional");
    assert_eq!(
        plan["next_stage"]["exercises"][0]["reps_per_set"],
        serde_json::json!([5, 5, 5, 5])
    );
    let weeks = plan["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 6);
    let first = &weeks[0];
    assert_eq!(
        (
            first["week"].clone(),
            first["start"].clone(),
            first["end"].clone()
        ),
        (1.into(), "2026-06-03".into(), "2026-06-09".into())
    );
    let e = &first["exercises"][0];
    for key in [
        "id",
        "sets",
        "reps_per_set",
        "hold_seconds",
        "duration_seconds",
        "load",
        "sessions",
        "volume",
        "change",
        "status",
        "step",
        "dose_text",
        "change_text",
        "note",
    ] {
        assert!(e.get(key).is_some(), "missing `{key}` in {e}");
    }
    assert_eq!(e["id"], "dumbbell-pullover");
    assert_eq!(e["sets"], 3);
    assert_eq!(e["reps_per_set"], serde_json::json!([10, 10, 10]));
    assert_eq!(e["hold_seconds"], Value::Null);
    assert_eq!(e["duration_seconds"], Value::Null);
    assert_eq!(e["load"], serde_json::json!({"value": 4.0, "unit": "kg"}));
    assert_eq!(e["sessions"], 4);
    assert_eq!(e["volume"], 120.0);
    assert_eq!(e["change"], 0.0);
    assert_eq!(e["status"], "baseline");
    assert_eq!(
        e["step"],
        serde_json::json!({"kind": "start", "personalised": false})
    );
    assert_eq!(e["dose_text"], "3 × 10 reps at 4 kg");
    assert_eq!(e["change_text"], "start");
    assert_eq!(e["note"], "starting dose");
    assert_eq!(plan["stage"]["max_weeks"], 6);
    let second = &weeks[1]["exercises"][0];
    assert_eq!(
        (second["change"].clone(), second["status"].clone()),
        (0.0667.into(), "progress".into())
    );
    assert_eq!(
        second["step"],
        serde_json::json!({"kind": "grew", "var": "reps", "rechosen": null})
    );
    assert_eq!(second["note"], "+1 rep in sets 1 and 2");
}

/// The table of docs/progression.md, section 12: each stage's six doses.
fn documented_shipped_table() -> Vec<Vec<String>> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/progression.md"))
            .unwrap();
    let section = doc
        .split("## 12. The shipped program at 7.5%")
        .nth(1)
        .expect("section 12");
    section
        .lines()
        .filter(|l| l.starts_with("| ") && l.chars().nth(2).is_some_and(|c| c.is_ascii_digit()))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .skip(1)
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn every_shipped_stage_progresses_every_week_as_documented() {
    let table = documented_shipped_table();
    assert_eq!(table.len(), 5, "five stages in the docs' table");
    for (i, doses) in table.iter().enumerate() {
        let stage = (i + 1).to_string();
        let plan = json(&["plan", "--stage", &stage, "--rate", "7.5%"]);
        assert_eq!(&dose_texts(&plan), doses, "stage {stage}");
        let statuses: Vec<&str> = plan["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["exercises"][0]["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses[0], "baseline");
        assert!(
            statuses[1..].iter().all(|s| *s == "progress"),
            "stage {stage}: {statuses:?}"
        );
    }
}

#[test]
fn the_rate_asked_for_changes_the_plan() {
    // Stages 3 and 4 at 5% grow more gently than at 10%, each nearer its aim.
    for stage in ["3", "4"] {
        let mean = |rate: &str| {
            let plan = json(&["plan", "--stage", stage, "--rate", rate]);
            let changes: Vec<f64> = plan["weeks"].as_array().unwrap()[1..]
                .iter()
                .map(|w| w["exercises"][0]["change"].as_f64().unwrap())
                .collect();
            (
                dose_texts(&plan),
                changes.iter().sum::<f64>() / changes.len() as f64,
            )
        };
        let ((gentle, g), (brisk, b)) = (mean("5%"), mean("10%"));
        assert_ne!(gentle, brisk, "stage {stage}");
        assert!(g < b, "stage {stage}: {g} at 5%, {b} at 10%");
        assert!((g - 0.05).abs() < (b - 0.05).abs() && (b - 0.1).abs() < (g - 0.1).abs());
    }
}

#[test]
fn a_plan_past_the_stage_limit_says_so() {
    // tests/stage_limit.rs: when such a plan is refused and how to ask for it.
    let out = planwright(&[
        "plan",
        "--stage",
        "2",
        "--weeks",
        "9",
        "--beyond-stage-limit",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "Longer than usual: this plan runs 9 weeks, 3 more than the 6 weeks stage 2 usually lasts.\n"
    ));
    let plain = planwright(&["plan", "--stage", "2"]);
    assert!(!stdout(&plain).contains("Longer than usual"));
}

#[test]
fn sessions_follow_the_frequency() {
    let sessions = |stage: &str| -> Vec<(u64, u64)> {
        json(&["plan", "--stage", stage])["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                let e = &w["exercises"][0];
                (
                    e["sessions"].as_u64().unwrap(),
                    e["optional_sessions"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(sessions("1"), vec![(21, 0); 6]);
    assert_eq!(
        sessions("4"),
        [(4, 0), (3, 0), (4, 0), (3, 0), (4, 0), (3, 0)]
    );
    assert_eq!(sessions("5"), vec![(1, 1); 6]);
}

#[test]
fn an_unsafe_rate_is_refused_naming_the_flag() {
    let out = planwright(&["plan", "--stage", "1", "--rate", "15%"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --rate 15%: 15% is above the 10% weekly safety maximum\n  \
         hint: planwright never plans more than 10% a week: bigger jumps raise the risk of flare-ups and injury\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_baseline_above_the_upper_bound_is_refused() {
    let out = planwright(&["plan", "--stage", "2", "--baseline", "hold=25s"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: --baseline hold=25s: hold 25 s is above the upper bound of `wall-extension-hold` (20 s)\n"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn baselines_units_and_equipment_personalise_the_plan() {
    let plan = json(&[
        "plan",
        "--exercise",
        "dumbbell-pullover",
        "--baseline",
        "reps=18",
        "--weeks",
        "4",
    ]);
    // docs/progression.md, example 5: the reps climb, then the weight.
    assert_eq!(
        dose_texts(&plan),
        [
            "3 × 18 reps at 4 kg",
            "3 sets: 20, 19, 19 reps at 4 kg",
            "3 sets: 17, 17, 16 reps at 5 kg",
            "3 × 18 reps at 5 kg"
        ]
    );
    assert_eq!(plan["exercises"][0]["personalised"], true);
    let imperial = json(&[
        "plan", "--stage", "4", "--units", "imperial", "--weeks", "1",
    ]);
    assert_eq!(imperial["units"], "imperial");
    // The pound rack beside the kilogram one: 4 kg is 8.8 lb, so 8 lb.
    assert_eq!(
        imperial["weeks"][0]["exercises"][0]["load"],
        serde_json::json!({"value": 8.0, "unit": "lb"})
    );
    let own = planwright(&["plan", "--stage", "4", "--equipment", "2,3,5,6kg"]);
    assert_eq!(own.status.code(), Some(2));
    assert!(stderr(&own)
        .contains("`dumbbell-pullover` starts at 4 kg, which is not among the available weights"));
}

#[test]
fn nothing_chosen_is_a_usage_error_listing_the_stages() {
    let out = planwright(&["plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("with --stage N or --exercise ID"));
    assert!(stderr(&out).contains("1 `mobility`, 2 `static-holds`"));
}

#[test]
fn a_patient_file_fills_in_the_plan() {
    let out = planwright(&["plan", "--patient", "tests/fixtures/patients/alex.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("For Alex Example · clinician: Dr Sam Carter · Riverside Physiotherapy\n")
    );
    assert!(text.contains("Starts Monday 1 June 2026\n"));
    assert!(text.contains("3 × 18 reps at 4 kg"));
    assert!(text.contains("Notes:\n  Ease off for a day"));
    // A flag overrides the file.
    let plan = json(&[
        "plan",
        "--patient",
        "tests/fixtures/patients/alex.yaml",
        "--weeks",
        "2",
        "--name",
        "Sam",
    ]);
    assert_eq!(plan["weeks"].as_array().unwrap().len(), 2);
    assert_eq!(plan["person"]["name"], "Sam");
    assert_eq!(plan["person"]["clinic"], "Riverside Physiotherapy");
}

#[test]
fn patient_file_errors_point_at_the_line() {
    let out = planwright(&["plan", "--patient", "tests/fixtures/patients/typos.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "tests/fixtures/patients/typos.yaml:1:1: error: unknown key `nmae` in the patient file"
        ),
        "{err}"
    );
    assert!(err.contains("tests/fixtures/patients/typos.yaml:3:8: error: `weeks` must be between 1 and 12, found 13"), "{err}");
    assert!(
        err.contains(
            "tests/fixtures/patients/typos.yaml:4:8: error: `start` `1 June` is not a date"
        ),
        "{err}"
    );

    let out = planwright(&[
        "plan",
        "--patient",
        "tests/fixtures/patients/above-bound.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(
        "tests/fixtures/patients/above-bound.yaml:5:9: error: hold 25 s is above the upper bound of `wall-extension-hold` (20 s)\n"
    ), "{}", stderr(&out));

    let out = planwright(&["plan", "--patient", "tests/fixtures/patients/too-fast.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with(
        "tests/fixtures/patients/too-fast.yaml:3:7: error: 15% is above the 10% weekly safety maximum\n"
    ), "{}", stderr(&out));
}

#[test]
fn output_goes_to_a_file() {
    let dir = std::env::temp_dir().join(format!("planwright-plan-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("plan.json");
    let path = file.to_str().unwrap();
    let out = planwright(&["plan", "--stage", "3", "--format", "json", "-o", path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("wrote the 6-week plan for stage 3 to"));
    let plan: Value = serde_json::from_slice(&std::fs::read(Path::new(path)).unwrap()).unwrap();
    assert_eq!(plan["stage"]["id"], "eccentric");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_same_request_gives_the_same_bytes() {
    let a = planwright(&["plan", "--stage", "5", "--format", "json"]);
    let b = planwright(&["plan", "--stage", "5", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

/// The engine itself refuses what the loader would: a program built some
/// other way (a library user, the browser later) cannot be planned above
/// the 10% ceiling or from a baseline of nothing.
#[test]
fn the_engine_refuses_a_band_above_the_ceiling_and_zero_baselines() {
    use planwright::model::{Rate, Seconds};
    use planwright_core::progression::{
        plan, Baseline, BaselineValue, Field, PlanRequest, Problem, RateError,
    };
    let program = planwright::content::load_shipped().unwrap().program;
    let request = PlanRequest::stage(2, jiff::civil::Date::new(2026, 6, 1).unwrap());
    assert!(plan(&program, &request).is_ok());

    for (min, target, max) in [(5, 15, 20), (0, 5, 10), (8, 7, 10)] {
        let mut bad = program.clone();
        bad.config.rate.min = Rate::percent(min);
        bad.config.rate.target = Rate::percent(target);
        bad.config.rate.max = Rate::percent(max);
        let err = plan(&bad, &request).unwrap_err();
        assert_eq!(err.field, Field::Rate);
        assert!(
            matches!(err.problem, Problem::Rate(RateError::Band { .. })),
            "{err}"
        );
    }

    let zero = PlanRequest {
        baselines: vec![Baseline {
            exercise: None,
            value: BaselineValue::Hold(Seconds(0)),
        }],
        ..request
    };
    let err = plan(&program, &zero).unwrap_err();
    assert_eq!(err.field, Field::Baseline(0));
    assert!(matches!(err.problem, Problem::BaselineZero(_)), "{err}");
}

#[test]
fn the_example_in_plan_json_md_is_what_the_binary_prints() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/plan-json.md"))
            .unwrap();
    let block = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a JSON example");
    let mut documented: Value = serde_json::from_str(block).expect("the example is JSON");
    let actual = json(&[
        "plan",
        "--stage",
        "4",
        "--start",
        "2026-06-01",
        "--weeks",
        "2",
        "--name",
        "Alex Example",
    ]);
    // The example shortens the move-on list; everything else is verbatim.
    documented["stage"]["move_on"] = actual["stage"]["move_on"].clone();
    assert_eq!(documented, actual);
}

/// `SOURCE_DATE_EPOCH` counts seconds from 1970: a negative one, or one
/// whose plans would end past 9999, is refused by name rather than written
/// into a calendar as a year no calendar reads.
#[test]
fn source_date_epoch_outside_planwrights_dates_is_refused_by_name() {
    for value in ["-1", "-315619200000", "253402300799"] {
        let out = common::command()
            .env("SOURCE_DATE_EPOCH", value)
            .args(["plan", "--stage", "1", "--format", "ics"])
            .output()
            .unwrap();
        // Like a wrong flag: the invocation, not the content, is at fault.
        assert_eq!(out.status.code(), Some(2), "{value}: {}", stdout(&out));
        assert!(out.stdout.is_empty(), "{value}: nothing is written");
        assert!(
            stderr(&out).contains(&format!("SOURCE_DATE_EPOCH `{value}`")),
            "{value}: {}",
            stderr(&out)
        );
    }
}
