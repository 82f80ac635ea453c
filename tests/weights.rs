//! The shipped dumbbell pullover in pounds, end to end on the real binary:
//! its `progression.weights` lists a pound rack beside the kilogram one, so
//! an imperial plan uses dumbbells people own (not 4 kg converted to
//! 8.8 lb) and never steps up by more than `max_load_jump` (25%).

use serde_json::Value;

mod common;
use common::{planwright_on_28_may as planwright, stderr};

/// The pound rack in content/exercises/dumbbell-pullover.md.
const LB_RACK: [f64; 9] = [3.0, 5.0, 8.0, 10.0, 12.0, 15.0, 17.5, 20.0, 25.0];

/// Each week's load of stage 4's only exercise, with its unit.
fn loads(args: &[&str]) -> Vec<(f64, String)> {
    let mut all = vec!["plan", "--stage", "4", "--format", "json"];
    all.extend_from_slice(args);
    let out = planwright(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    let plan: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    plan["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let load = &w["exercises"][0]["load"];
            (
                load["value"].as_f64().unwrap(),
                load["unit"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_imperial_pullover_starts_at_8_lb_and_uses_only_the_pound_rack() {
    // 12 weeks from the top of the reps range: the load steps up often.
    let weeks = loads(&[
        "--units",
        "imperial",
        "--baseline",
        "reps=20",
        "--weeks",
        "12",
        "--beyond-stage-limit",
    ]);
    assert_eq!(weeks.len(), 12);
    // 4 kg is 8.8 lb: the heaviest listed pound dumbbell not above it.
    assert_eq!(weeks[0], (8.0, "lb".to_string()));
    for (value, unit) in &weeks {
        assert_eq!(unit, "lb");
        assert!(LB_RACK.contains(value), "{value} lb is not on the rack");
        // 12 kg is 26.5 lb: never above it.
        assert!(*value <= 25.0, "{value} lb is over the bound");
    }
    let steps: Vec<(f64, f64)> = weeks
        .windows(2)
        .map(|w| (w[0].0, w[1].0))
        .filter(|(a, b)| b > a)
        .collect();
    assert!(steps.len() >= 3, "the load grows: {weeks:?}");
    for (from, to) in steps {
        assert!(
            to <= from * 1.25,
            "{from} lb to {to} lb adds more than 25% to every rep"
        );
    }
}

#[test]
fn a_metric_pullover_ignores_the_pound_rack() {
    for (value, unit) in loads(&["--units", "metric", "--baseline", "reps=20"]) {
        assert_eq!(unit, "kg");
        assert!(
            [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 12.0].contains(&value),
            "{value} kg"
        );
    }
}
