//! The engine's decisions, pinned: the five shipped stages week by week,
//! what the requested rate changes, the dead ends and load jumps it avoids,
//! the worked examples of `docs/progression.md`, and the hold reasons.

use super::*;
use crate::model::{
    Dose, DoseVar, Load, Progression, QuantityError, Range, Reps, Seconds, Sets, Steps,
};
use crate::plan::Status;

/// A prescription written the way an exercise file writes it.
#[derive(Clone)]
struct Rx {
    dose: Dose,
    progression: Progression,
}

fn range<T: Copy + PartialOrd>(
    text: &str,
    parse: fn(&str) -> Result<T, QuantityError>,
) -> Range<T> {
    Range::parse(text, parse).unwrap()
}

impl Rx {
    fn new() -> Rx {
        Rx {
            dose: Dose {
                sets: Range::single(Sets(1)),
                reps: None,
                hold: None,
                duration: None,
                load: None,
                tempo: None,
            },
            progression: Progression {
                grow: Vec::new(),
                steps: Steps::defaults(MassUnit::Kg),
                weights: Vec::new(),
                max_load_jump: Progression::DEFAULT_MAX_LOAD_JUMP,
            },
        }
    }
    fn sets(mut self, text: &str) -> Rx {
        self.dose.sets = range(text, Sets::parse);
        self
    }
    fn reps(mut self, text: &str) -> Rx {
        self.dose.reps = Some(range(text, Reps::parse));
        self
    }
    fn hold(mut self, text: &str) -> Rx {
        self.dose.hold = Some(range(text, Seconds::parse));
        self
    }
    fn duration(mut self, text: &str) -> Rx {
        self.dose.duration = Some(range(text, Seconds::parse));
        self
    }
    fn load(mut self, text: &str) -> Rx {
        self.dose.load = Some(range(text, Load::parse));
        self
    }
    fn grow(mut self, vars: &[DoseVar]) -> Rx {
        self.progression.grow = vars.to_vec();
        self
    }
    fn weights(mut self, text: &str) -> Rx {
        let Equipment::Weights(w) = Equipment::parse(text).unwrap() else {
            panic!("not a list: {text}")
        };
        self.progression.weights = w;
        self
    }
    fn prescription(&self) -> Prescription {
        Prescription::new(&self.dose, &self.progression)
    }
    fn weeks(&self, rate: RateBand, weeks: u32) -> Vec<Progressed> {
        progress(&self.prescription(), rate, weeks, false)
    }
    /// The plan for a person with these baselines.
    fn personal(&self, rate: RateBand, weeks: u32, baselines: &[&str]) -> Vec<Progressed> {
        let parsed: Vec<Baseline> = baselines
            .iter()
            .map(|b| Baseline::parse(b).unwrap())
            .collect();
        let indexed: Vec<(usize, &Baseline)> = parsed.iter().enumerate().collect();
        let p = Prescription::personalised(&exercise(self), MassUnit::Kg, None, &indexed).unwrap();
        progress(&p, rate, weeks, true)
    }
}

fn band() -> RateBand {
    RateBand::default()
}

/// The default band aiming at `percent` (in tenths: 50 is 5%).
fn at(tenths: u32) -> RateBand {
    aim(
        band(),
        crate::model::Rate {
            basis_points: tenths * 10,
        },
    )
    .unwrap()
}

fn doses(weeks: &[Progressed]) -> Vec<String> {
    weeks
        .iter()
        .map(|w| crate::wording::dose(&w.dose))
        .collect()
}

/// The note of week `i` (from 0), as every renderer prints it.
fn note(weeks: &[Progressed], rate: RateBand, i: usize) -> String {
    let before = i.checked_sub(1).map(|b| &weeks[b].dose);
    crate::wording::step(weeks[i].step, before, &weeks[i].dose, rate)
}

// The shipped program, as in content/exercises/*.md.

fn cat_cow() -> Rx {
    Rx::new()
        .sets("1")
        .duration("30-60 s")
        .grow(&[DoseVar::Duration])
}

fn wall_extension_hold() -> Rx {
    Rx::new()
        .reps("10-15")
        .hold("10-20 s")
        .grow(&[DoseVar::Hold, DoseVar::Reps])
}

fn swiss_ball_lowering() -> Rx {
    Rx::new().sets("2").reps("10-15").grow(&[DoseVar::Reps])
}

fn dumbbell_pullover() -> Rx {
    Rx::new()
        .sets("3")
        .reps("10-20")
        .load("4-12 kg")
        .grow(&[DoseVar::Reps, DoseVar::Load])
        .weights("2,3,4,5,6,7,8,9,10,12kg")
}

fn back_bridge() -> Rx {
    Rx::new().sets("4").reps("5-16").grow(&[DoseVar::Reps])
}

fn notes(weeks: &[Progressed], rate: RateBand) -> Vec<String> {
    (0..weeks.len()).map(|i| note(weeks, rate, i)).collect()
}

/// The mean weekly growth of the weeks that grow, in basis points.
fn mean_growth(weeks: &[Progressed]) -> i64 {
    let grew: Vec<i64> = weeks
        .iter()
        .filter(|w| w.status == Status::Progress)
        .map(|w| w.change.basis_points())
        .collect();
    grew.iter().sum::<i64>() / i64::try_from(grew.len().max(1)).unwrap()
}

#[test]
fn stage_1_cat_cow_grows_the_duration() {
    // 30 → 32 (31 is under 5%), and the path nearest 7.5% a week after.
    let weeks = cat_cow().weeks(band(), 6);
    assert_eq!(
        doses(&weeks),
        ["30 s", "32 s", "34 s", "37 s", "40 s", "43 s"]
    );
    assert!(weeks[1..].iter().all(|w| w.status == Status::Progress));
    assert_eq!(notes(&weeks, band())[3], "+3 s");
}

#[test]
fn stage_2_wall_hold_grows_the_hold_first() {
    // Each extra second is +1/hold, inside 5–10%; one more rep is +10%.
    let weeks = wall_extension_hold().weeks(band(), 6);
    let holds: Vec<u32> = weeks
        .iter()
        .map(|w| w.dose.hold_seconds.unwrap().0)
        .collect();
    assert_eq!(holds, [10, 11, 12, 13, 14, 15]);
    assert!(weeks
        .iter()
        .all(|w| w.dose.reps_per_set == Some(vec![Reps(10)])));
    assert_eq!(notes(&weeks, band())[1], "+1 s on each hold");
}

#[test]
fn stage_3_swiss_ball_follows_the_rate_asked_for() {
    // 2 × 10 = 20: 21 (11, 10) is +5%, 22 is +10%. Over a six-week stage a
    // 5% plan takes the gentler steps and a 10% plan the bigger ones.
    let gentle = swiss_ball_lowering().weeks(at(50), 6);
    let brisk = swiss_ball_lowering().weeks(at(100), 6);
    assert_eq!(doses(&gentle)[1], "2 sets: 11, 10 reps");
    assert_eq!(notes(&gentle, at(50))[1], "+1 rep in set 1");
    assert_eq!(doses(&brisk)[1], "2 × 11 reps");
    assert_ne!(doses(&gentle), doses(&brisk));
    let (g, b) = (mean_growth(&gentle), mean_growth(&brisk));
    assert!(g < b, "5%: {g} bp a week, 10%: {b} bp");
    assert!((g - 500).abs() < (b - 500).abs() && (b - 1000).abs() < (g - 1000).abs());
}

#[test]
fn stage_4_pullover_follows_the_rate_asked_for() {
    // 3 × 10 = 30 reps: 31 is +3.3%, 32 (11, 11, 10) +6.7%, 33 +10%.
    let gentle = dumbbell_pullover().weeks(at(50), 6);
    let brisk = dumbbell_pullover().weeks(at(100), 6);
    assert_eq!(doses(&gentle)[1], "3 sets: 11, 11, 10 reps at 4 kg");
    assert_eq!(notes(&gentle, at(50))[1], "+1 rep in sets 1 and 2");
    assert_eq!(
        doses(&brisk),
        [
            "3 × 10 reps at 4 kg",
            "3 × 11 reps at 4 kg",
            "3 × 12 reps at 4 kg",
            "3 × 13 reps at 4 kg",
            "3 × 14 reps at 4 kg",
            "3 sets: 16, 15, 15 reps at 4 kg"
        ]
    );
    let (g, b) = (mean_growth(&gentle), mean_growth(&brisk));
    assert!(g < b, "5%: {g} bp a week, 10%: {b} bp");
    assert!((g - 500).abs() < (b - 500).abs() && (b - 1000).abs() < (g - 1000).abs());
}

#[test]
fn stage_4_pullover_steps_up_the_weight_when_the_reps_cannot_grow() {
    // Double progression: reps first. At 20, 19, 19 (58 reps × 4 kg) one
    // or two more reps are +1.7% or +3.4%, under the minimum, so the weight
    // goes up and the reps are re-chosen: 5 kg × 50 reps is +7.8%.
    let weeks = dumbbell_pullover().personal(band(), 6, &["reps=18"]);
    assert_eq!(
        doses(&weeks),
        [
            "3 × 18 reps at 4 kg",
            "3 sets: 20, 19, 19 reps at 4 kg",
            "3 sets: 17, 17, 16 reps at 5 kg",
            "3 × 18 reps at 5 kg",
            "3 sets: 20, 19, 19 reps at 5 kg",
            "3 sets: 18, 17, 17 reps at 6 kg"
        ]
    );
    let said = notes(&weeks, band());
    assert_eq!(said[2], "heavier weight: 5 kg, reps 17, 17, 16");
    assert_eq!(said[3], "+1 rep in sets 1 and 2, +2 in set 3");
    assert!(weeks[1..].iter().all(|w| w.status == Status::Progress));
}

#[test]
fn stage_5_back_bridge_spreads_reps_over_its_sets() {
    // 4 × 5 = 20: 4 × 6 = 24 is +20%, so the extra reps go set by set.
    let weeks = back_bridge().weeks(band(), 6);
    assert_eq!(
        doses(&weeks),
        [
            "4 × 5 reps",
            "4 sets: 6, 6, 5, 5 reps",
            "4 × 6 reps",
            "4 sets: 7, 7, 6, 6 reps",
            "4 × 7 reps",
            "4 sets: 8, 8, 7, 7 reps"
        ]
    );
    assert_eq!(notes(&weeks, band())[1], "+1 rep in sets 1 and 2");
    assert_eq!(notes(&weeks, band())[2], "+1 rep in sets 3 and 4");
}

#[test]
fn a_cat_cow_from_50_s_reaches_its_top_instead_of_stalling_below_it() {
    // Week by week, 50 → 54 → 58 s left only +3.4% to the top: a dead end.
    // The path 50 → 53 → 56 → 60 stays in the band and gets there.
    let weeks = cat_cow().personal(band(), 6, &["duration=50s"]);
    assert_eq!(doses(&weeks)[..4], ["50 s", "53 s", "56 s", "60 s"]);
    assert!(weeks[4..]
        .iter()
        .all(|w| w.dose.duration_seconds == Some(Seconds(60))));
    assert_eq!(
        notes(&weeks, band())[4],
        "top of range reached: ready to move to the next stage"
    );
}

#[test]
fn a_six_second_wall_hold_lengthens_its_hold() {
    // One more second on 6 s is +17%: the hold grows with its reps
    // re-chosen (15 × 6 s → 14 × 7 s is +8.9%) and never holds.
    let weeks = wall_extension_hold().personal(band(), 12, &["hold=6s"]);
    assert!(weeks[1..].iter().all(|w| w.status == Status::Progress));
    let last = weeks.last().unwrap().dose.hold_seconds.unwrap();
    assert!(last >= Seconds(8), "hold stayed at {last}");
    let first_longer = weeks
        .iter()
        .position(|w| w.dose.hold_seconds > Some(Seconds(6)))
        .unwrap();
    assert_eq!(
        notes(&weeks, band())[first_longer],
        format!(
            "+1 s on each hold, {} reps",
            weeks[first_longer].dose.reps_per_set.as_ref().unwrap()[0].0
        )
    );
    // At 10% the hold lengthens within a six-week stage.
    let brisk = wall_extension_hold().personal(at(100), 6, &["hold=6s"]);
    assert!(brisk.iter().any(|w| w.dose.hold_seconds > Some(Seconds(6))));
}

#[test]
fn a_rack_with_a_big_gap_holds_and_says_which_weight_would_help() {
    // 2, 4, 6, 8 kg: 4 → 6 kg is 50% more per rep, over the 25% cap.
    let rack = dumbbell_pullover().weights("2,4,6,8kg");
    let weeks = rack.personal(band(), 6, &["reps=18"]);
    assert_eq!(doses(&weeks)[2], "3 × 20 reps at 4 kg");
    assert!(weeks[3..]
        .iter()
        .all(|w| w.status == Status::Hold && w.dose.load == Some(Load::new(4, MassUnit::Kg))));
    assert_eq!(
        notes(&weeks, band())[3],
        "the next weight, 6 kg, is 50% heavier, more than the 25% a jump may add: a 5 kg one lets the plan go on"
    );
    // A cap of 50% lets the same rack go on.
    let mut daring = rack;
    daring.progression.max_load_jump = crate::model::Rate::percent(50);
    let weeks = daring.personal(band(), 6, &["reps=18"]);
    assert_eq!(weeks[3].dose.load, Some(Load::new(6, MassUnit::Kg)));
}

#[test]
fn a_single_set_of_five_cannot_grow_inside_the_band() {
    let weeks = Rx::new()
        .reps("5-8")
        .grow(&[DoseVar::Reps])
        .weeks(band(), 2);
    assert_eq!(weeks[1].status, Status::Hold);
    assert_eq!(
        note(&weeks, band(), 1),
        "the smallest step would be +20%, over the 10% maximum"
    );
    assert_eq!(weeks[1].dose, weeks[0].dose);
}

#[test]
fn the_last_sliver_before_the_top_counts_as_the_top() {
    // 59 → 60 s is +1.7%: under the minimum, and nothing bigger is left.
    let weeks = Rx::new()
        .duration("59-60 s")
        .grow(&[DoseVar::Duration])
        .weeks(band(), 2);
    assert_eq!(
        note(&weeks, band(), 1),
        "top of range reached (only +1.7% is left, under the 5% minimum): ready to move to the next stage"
    );
}

#[test]
fn a_gap_across_the_band_is_a_hold() {
    // 2 × 30 s: one more second (the top, 31 s) is +3.3%; a third set with
    // its holds re-chosen is at least 3 × 30 s, +50%.
    let weeks = Rx::new()
        .sets("2-3")
        .hold("30-31 s")
        .grow(&[DoseVar::Hold, DoseVar::Sets])
        .weeks(band(), 2);
    assert_eq!(
        note(&weeks, band(), 1),
        "the nearest steps, +3.3% and +50%, fall outside the 5–10% band"
    );
}

#[test]
fn no_progression_block_keeps_the_dose() {
    let weeks = Rx::new().reps("10").weeks(band(), 3);
    assert!(weeks[1..].iter().all(|w| w.status == Status::Hold));
    assert_eq!(
        note(&weeks, band(), 2),
        "no progression for this exercise: the dose stays the same"
    );
}

#[test]
fn an_added_set_re_chooses_the_reps() {
    // 2 × 15 = 30 reps at the top: a third set with reps back to 11 is
    // 33 = +10%, and the reps of a set never rise with it.
    let weeks = Rx::new()
        .sets("2-3")
        .reps("10-15")
        .grow(&[DoseVar::Reps, DoseVar::Sets])
        .personal(band(), 3, &["reps=14"]);
    assert_eq!(doses(&weeks)[..2], ["2 × 14 reps", "2 × 15 reps"]);
    // 32 reps (+6.7%) is nearer 7.5% than 33 (+10%); sets may differ.
    assert_eq!(doses(&weeks)[2], "3 sets: 11, 11, 10 reps");
    assert_eq!(note(&weeks, band(), 2), "+1 set, reps 11, 11, 10");
}

#[test]
fn longer_timed_sets_re_choose_the_sets_and_more_sets_the_time() {
    // 3 × 40 s = 120 at the top of the sets: the time grows alone (+2 s a
    // set is +5%). At the top of the time, 1 × 60 s becomes 2 sets with the
    // time re-chosen: 2 × 33 s is +10%.
    let rx = Rx::new()
        .sets("1-2")
        .duration("30-60 s")
        .grow(&[DoseVar::Duration, DoseVar::Sets]);
    let weeks = rx.personal(band(), 2, &["duration=60s"]);
    assert_eq!(doses(&weeks)[1], "2 × 32 s");
    assert_eq!(note(&weeks, band(), 1), "+1 set, 32 s each");
}

#[test]
fn the_target_decides_between_two_steps() {
    // From 40 s: 42 is +5%, 43 is +7.5%, 44 is +10%.
    let rx = Rx::new().duration("40-60 s").grow(&[DoseVar::Duration]);
    let first = |rate| rx.weeks(rate, 2)[1].dose.duration_seconds.unwrap().0;
    assert_eq!((first(at(50)), first(at(75)), first(at(100))), (42, 43, 44));
}

#[test]
fn step_grids_are_anchored_at_the_start() {
    // Hold steps of 5 s from 20 s: 20 → 25 is +25%, too big, and a longer
    // hold with fewer reps is a fall; so reps grow instead.
    let mut rx = Rx::new()
        .reps("10-12")
        .hold("20-40 s")
        .grow(&[DoseVar::Hold, DoseVar::Reps]);
    rx.progression.steps.hold = Seconds(5);
    let weeks = rx.weeks(band(), 3);
    assert_eq!(doses(&weeks)[1], "11 reps, 20 s hold each");
    assert_eq!(note(&weeks, band(), 1), "+1 rep");
}

/// `| 2 | 32 s | 32 | +6.7% | +2 s |`, as in the docs' tables.
fn doc_rows(weeks: &[Progressed], rate: RateBand) -> String {
    weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let change = match w.status {
                Status::Baseline => "–".to_string(),
                _ => w.change.to_string(),
            };
            format!(
                "| {} | {} | {} | {} | {} |\n",
                i + 1,
                crate::wording::dose(&w.dose),
                w.volume,
                change,
                note(weeks, rate, i)
            )
        })
        .collect()
}

const DOC: &str = include_str!("../../../../docs/progression.md");

fn assert_documented(name: &str, weeks: &[Progressed], rate: RateBand) {
    let rows = doc_rows(weeks, rate);
    assert!(
        DOC.contains(&rows),
        "docs/progression.md, {name}: expected these rows\n{rows}"
    );
}

#[test]
fn worked_examples_in_the_docs_are_what_the_engine_does() {
    assert_documented(
        "example 1 (timed mobility)",
        &cat_cow().weeks(band(), 6),
        band(),
    );
    assert_documented(
        "example 2 (the rate asked for, 5%)",
        &dumbbell_pullover().weeks(at(50), 6),
        at(50),
    );
    assert_documented(
        "example 2 (the rate asked for, 10%)",
        &dumbbell_pullover().weeks(at(100), 6),
        at(100),
    );
    assert_documented(
        "example 3 (no dead end)",
        &cat_cow().personal(band(), 6, &["duration=50s"]),
        band(),
    );
    assert_documented(
        "example 4 (a hold that cannot grow alone)",
        &wall_extension_hold().personal(band(), 12, &["hold=6s"]),
        band(),
    );
    assert_documented(
        "example 5 (double progression)",
        &dumbbell_pullover().personal(band(), 6, &["reps=18"]),
        band(),
    );
    assert_documented(
        "example 6 (a load jump too big)",
        &dumbbell_pullover()
            .weights("2,4,6,8kg")
            .personal(band(), 5, &["reps=18"]),
        band(),
    );
    assert_documented(
        "example 7 (a step too big)",
        &Rx::new()
            .reps("5-8")
            .grow(&[DoseVar::Reps])
            .weeks(band(), 2),
        band(),
    );
}

#[test]
fn the_shipped_program_table_in_the_docs_is_what_the_engine_does() {
    let stages = [
        ("1 Cat–cow", cat_cow()),
        ("2 Wall extension hold", wall_extension_hold()),
        ("3 Swiss ball lowering", swiss_ball_lowering()),
        ("4 Dumbbell pullover", dumbbell_pullover()),
        ("5 Back bridge", back_bridge()),
    ];
    for (name, rx) in stages {
        let weeks = rx.weeks(band(), 6);
        assert!(
            weeks[1..].iter().all(|w| w.status == Status::Progress),
            "{name}"
        );
        let row = format!("| {name} | {} |\n", doses(&weeks).join(" | "));
        assert!(
            DOC.contains(&row),
            "docs/progression.md, section 12: expected\n{row}"
        );
    }
}

const GUIDE: &str = include_str!("../../../../content/guide/progress-safely.md");

#[test]
fn the_guide_says_what_the_engine_does() {
    // "11, 11 and 10 reps is about 7% more": the shipped pullover's week 2.
    let weeks = dumbbell_pullover().weeks(band(), 2);
    assert_eq!(doses(&weeks)[1], "3 sets: 11, 11, 10 reps at 4 kg");
    assert_eq!(weeks[1].change.to_string(), "+6.7%");
    assert!(GUIDE.contains("11, 11 and 10\n  reps is about 7% more"));
    // "After 3 × 20 at 4 kg … comes 5 kg with 18, 17 and 17 reps: about 8%".
    let weeks = dumbbell_pullover().personal(band(), 2, &["reps=20"]);
    assert_eq!(doses(&weeks)[1], "3 sets: 18, 17, 17 reps at 5 kg");
    assert_eq!(weeks[1].change.to_string(), "+8.3%");
    assert!(GUIDE.contains("After 3 × 20 at 4 kg, for example, comes 5 kg\n  with 18, 17 and 17 reps: about 8% more work"));
    // "4 kg to 6 kg": the plan keeps the dose and names a weight between.
    let weeks = dumbbell_pullover()
        .weights("2,4,6,8kg")
        .personal(band(), 2, &["reps=20"]);
    assert_eq!(weeks[1].status, Status::Hold);
    assert!(GUIDE.contains("(4 kg to 6 kg is half as heavy again), the plan keeps your dose"));
}

/// The shipped dumbbell pullover (or any prescription) as a whole exercise.
fn exercise(rx: &Rx) -> Exercise {
    Exercise {
        id: crate::model::Slug::parse("dumbbell-pullover").unwrap(),
        title: "Dumbbell pullover".to_string(),
        stage: crate::model::Slug::parse("concentric").unwrap(),
        summary: None,
        equipment: Vec::new(),
        cues: Vec::new(),
        cautions: Vec::new(),
        media: None,
        dose: rx.dose.clone(),
        prescription: rx.dose.clone(),
        frequency: crate::model::Frequency::EveryNDays { days: 2 },
        progression: rx.progression.clone(),
        instructions: "Lift.".to_string(),
        brief: None,
        figure: None,
    }
}

#[test]
fn a_high_reps_floor_leaves_no_room_for_a_heavier_weight() {
    // With reps 18–20, 5 kg needs at least 3 × 18 = 270 (+12.5%) from 240.
    let mut rx = dumbbell_pullover();
    rx.dose.reps = Some(range("18-20", Reps::parse));
    let weeks = rx.weeks(band(), 4);
    assert_eq!(
        note(&weeks, band(), 3),
        "the smallest step would be +12.5%, over the 10% maximum"
    );
}

#[test]
fn personal_baselines_start_the_plan_and_may_not_exceed_the_bound() {
    let exercise = exercise(&dumbbell_pullover());
    let b = |text: &str| Baseline::parse(text).unwrap();
    let start = |p: &Prescription| crate::wording::dose(&p.dose(p.start()));
    let reps = b("reps=8");
    let p = Prescription::personalised(&exercise, MassUnit::Kg, None, &[(0, &reps)]).unwrap();
    assert_eq!(start(&p), "3 × 8 reps at 4 kg");
    let too_many = b("reps=21");
    let e =
        Prescription::personalised(&exercise, MassUnit::Kg, None, &[(3, &too_many)]).unwrap_err();
    assert_eq!(e.field, Field::Baseline(3));
    assert_eq!(
        e.to_string(),
        "reps 21 is above the upper bound of `dumbbell-pullover` (20)"
    );
    let pounds = b("load=10lb");
    let e = Prescription::personalised(&exercise, MassUnit::Kg, None, &[(0, &pounds)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "load 10 lb is in lb, but the plan's loads are in kg"
    );
    // In pounds the kg weight list no longer applies: 2.5 lb steps from 7.5 lb.
    let p = Prescription::personalised(&exercise, MassUnit::Lb, None, &[(0, &pounds)]).unwrap();
    assert_eq!(start(&p), "3 × 10 reps at 10 lb");
    let own = Equipment::parse("5,10,15,20lb").unwrap();
    let e = Prescription::personalised(&exercise, MassUnit::Lb, Some(&own), &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`dumbbell-pullover` starts at 7.5 lb, which is not among the available weights"
    );
}

#[test]
fn a_pound_rack_beside_the_kilogram_one_is_used_for_plans_in_pounds() {
    // 4 kg is 8.8 lb: the heaviest listed pound weight not above it is 8 lb;
    // 12 kg is 26.5 lb, so 25 lb is the top.
    let rx = dumbbell_pullover().weights("2,3,4,5,6,7,8,9,10,12kg");
    let mut both = rx.clone();
    let Equipment::Weights(lb) = Equipment::parse("3,5,8,10,12,15,17.5,20,25,30lb").unwrap() else {
        unreachable!()
    };
    both.progression.weights.extend(lb);
    let p = Prescription::personalised(&exercise(&both), MassUnit::Lb, None, &[]).unwrap();
    let lb = |h: u32| Load {
        hundredths: h * 100,
        unit: MassUnit::Lb,
    };
    assert_eq!(p.dose(p.start()).load, Some(lb(8)));
    assert_eq!(p.dose(p.top()).load, Some(lb(25)));
    // In kg the pound rack is ignored.
    let p = Prescription::personalised(&exercise(&both), MassUnit::Kg, None, &[]).unwrap();
    assert_eq!(p.dose(p.top()).load, Some(Load::new(12, MassUnit::Kg)));
    // A pound rack whose lightest weight is above the start cannot be used.
    let mut heavy = rx;
    heavy.progression.weights.push(lb(10));
    let e = Prescription::personalised(&exercise(&heavy), MassUnit::Lb, None, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`dumbbell-pullover` starts at 4 kg, but its lightest weight in lb is 10 lb"
    );
}

#[test]
fn loads_lighter_than_a_pound_step_convert_in_the_lightest_weights_or_not_at_all() {
    // 0.5–1 kg is 1.1–2.2 lb: a 2.5 lb step would start above the bound,
    // so the plan goes in 1 lb steps, 1 lb to 2 lb, and never past 1 kg.
    // The step to 2 lb is +100% per rep, over the cap, so the reps grow.
    let light = Rx::new()
        .sets("2")
        .reps("10-15")
        .load("0.5-1kg")
        .grow(&[DoseVar::Reps, DoseVar::Load]);
    let p = Prescription::personalised(&exercise(&light), MassUnit::Lb, None, &[]).unwrap();
    let weeks = progress(&p, band(), 12, false);
    assert!(
        weeks
            .iter()
            .all(|w| w.dose.load.unwrap().to_string() == "1 lb"),
        "{:?}",
        doses(&weeks)
    );
    assert_eq!(
        conversion_step(Load::new(1, MassUnit::Kg), MassUnit::Lb)
            .unwrap()
            .to_string(),
        "1 lb"
    );

    // 0.2–0.4 kg is under 1 lb: no pound load stays within it.
    let lighter = Rx::new().sets("2").reps("10").load("0.2-0.4kg");
    let e = Prescription::personalised(&exercise(&lighter), MassUnit::Lb, None, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`dumbbell-pullover` goes up to 0.4 kg, lighter than the lightest lb step (1 lb), so no load in lb would stay within it"
    );
    assert_eq!(
        e.problem.hint().unwrap(),
        "plan in kg (--units metric), where the program's own loads are used"
    );
    // In its own unit it plans as written.
    assert!(Prescription::personalised(&exercise(&lighter), MassUnit::Kg, None, &[]).is_ok());

    // The other way: 1–2 lb (0.45–0.9 kg) goes in 0.5 kg steps.
    let pounds = Rx::new().sets("2").reps("10").load("1-2lb");
    let p = Prescription::personalised(&exercise(&pounds), MassUnit::Kg, None, &[]).unwrap();
    assert_eq!(p.dose(p.start()).load.unwrap().to_string(), "0.5 kg");
}

#[test]
fn the_sweep_finds_nothing_wrong_with_the_shipped_exercises() {
    let mut pullover = dumbbell_pullover();
    let Equipment::Weights(lb) = Equipment::parse("3,5,8,10,12,15,17.5,20,25lb").unwrap() else {
        unreachable!()
    };
    pullover.progression.weights.extend(lb);
    for (name, rx) in [
        ("cat-cow", cat_cow()),
        ("wall-extension-hold", wall_extension_hold()),
        ("swiss-ball", swiss_ball_lowering()),
        ("dumbbell-pullover", pullover),
        ("back-bridge", back_bridge()),
    ] {
        let regions = sweep::sweep(&exercise(&rx), band(), 6);
        assert!(regions.is_empty(), "{name}: {regions:#?}");
    }
}

#[test]
fn the_sweep_reports_a_region_that_cannot_progress_in_words() {
    // The pullover in pounds without a pound rack converts to 2.5 lb steps
    // from 7.5 lb: 7.5 → 10 lb is 33% more per rep, over the cap.
    let regions = sweep::sweep(&exercise(&dumbbell_pullover()), band(), 6);
    assert_eq!(regions.len(), 1, "{regions:#?}");
    let r = &regions[0];
    assert_eq!(r.unit, Some(MassUnit::Lb));
    assert!(!r.own_unit);
    assert_eq!(
        crate::wording::region(r, band()),
        "from a start of 3 × 16–20 reps at 7.5 lb with loads in lb, aiming at 5–10%, the plan cannot progress from 3 × 20 reps at 7.5 lb (from week 2), short of the top of its range: the next weight, 10 lb, is 33.3% heavier than 7.5 lb, more than the 25% a jump may add; a weight of 8 lb would let it go on"
    );
    assert!(crate::wording::region_hint(r).contains("`progression.max_load_jump`"));

    // A hold that cannot grow alone and reps that do not grow: 1 × 6 s,
    // +1 s is +17%.
    let stiff = Rx::new().hold("6-10 s").grow(&[DoseVar::Hold]);
    let regions = sweep::sweep(&exercise(&stiff), band(), 6);
    assert_eq!(regions.len(), 1, "{regions:#?}");
    assert_eq!(
        crate::wording::region(&regions[0], band()),
        "from a start of 6–9 s hold, aiming at 5–10%, the plan cannot progress from 6–9 s hold (from week 2), short of the top of its range: every step is over the 10% maximum (the smallest is +11.1–16.7%)"
    );
    assert_eq!(
        crate::wording::region_hint(&regions[0]),
        "use smaller steps in `progression.steps`, or let a variable with finer steps grow too"
    );
}

#[test]
fn many_sets_grow_alone_keeping_each_sets_reps() {
    // 20 × 4 reps: two more sets of 4 are +10%, inside the band, so the
    // sets grow alone by two and every set keeps its 4 reps.
    let rx = Rx::new()
        .sets("20-24")
        .reps("3-5")
        .grow(&[DoseVar::Sets, DoseVar::Reps]);
    let weeks = rx.personal(at(100), 2, &["reps=4"]);
    assert_eq!(doses(&weeks)[1], "22 × 4 reps");
    assert_eq!(note(&weeks, at(100), 1), "+2 sets");
}

#[test]
fn a_week_may_land_exactly_on_the_bands_maximum() {
    // 2 × 15 at the top of the reps: a third set of 11 is exactly +10%.
    let weeks = Rx::new()
        .sets("2-3")
        .reps("10-15")
        .grow(&[DoseVar::Reps, DoseVar::Sets])
        .personal(at(100), 2, &["reps=15"]);
    assert_eq!(doses(&weeks)[1], "3 × 11 reps");
    assert_eq!(weeks[1].change.basis_points(), 1000);
}

#[test]
fn a_longer_hold_never_brings_more_reps_with_it() {
    // 30 s × (21, 20, 20): one more second alone is +3.3%, too little; with
    // a rep more it would be +5%, but a re-chosen variable never goes up,
    // even when the sets are uneven.
    let rx = Rx::new()
        .sets("3")
        .reps("20-25")
        .hold("30-40 s")
        .grow(&[DoseVar::Hold, DoseVar::Reps]);
    let p = rx.prescription();
    let from = Rungs {
        reps: 1,
        ..p.start()
    };
    assert_eq!(
        crate::wording::dose(&p.dose(from)),
        "3 sets: 21, 20, 20 reps, 30 s hold each"
    );
    let found = moves(&p, from, band());
    assert!(found.iter().any(|m| m.growth.var == DoseVar::Reps));
    for m in found.iter().filter(|m| m.growth.var == DoseVar::Hold) {
        assert!(m.to.reps <= from.reps, "{:?}", p.dose(m.to));
    }
}

/// A program of two stages of `max_weeks` weeks: the pullover, then the bridge.
fn two_stages(max_weeks: u32) -> crate::model::Program {
    use crate::model::{Config, Paper, Program, RawHtml, Slug, Stage, StageKind, Units};
    let id = |s: &str| Slug::parse(s).unwrap();
    let stage = |n: usize, name: &str, exercise: &str| Stage {
        id: id(name),
        number: n,
        title: name.to_string(),
        kind: StageKind::Concentric,
        purpose: String::new(),
        exercises: vec![id(exercise)],
        max_weeks,
        move_on: Vec::new(),
    };
    let mut bridge = exercise(&back_bridge());
    bridge.id = id("back-bridge");
    bridge.stage = id("functional");
    Program {
        config: Config {
            title: "P".to_string(),
            description: None,
            base_url: None,
            language: "en".to_string(),
            rate: band(),
            paper: Paper::A4,
            units: Units::Metric,
            clinic: None,
            raw_html: RawHtml::Allow,
        },
        title: "P".to_string(),
        summary: String::new(),
        signs: Vec::new(),
        goals: Vec::new(),
        safety: String::new(),
        stages: vec![
            stage(1, "concentric", "dumbbell-pullover"),
            stage(2, "functional", "back-bridge"),
        ],
        exercises: vec![exercise(&dumbbell_pullover()), bridge],
        guides: Vec::new(),
        index: Default::default(),
    }
}

#[test]
fn a_plan_longer_than_its_stage_is_refused_unless_asked_for() {
    let program = two_stages(6);
    let start = jiff::civil::Date::new(2026, 6, 1).unwrap();
    let mut request = PlanRequest::stage(1, start);
    request.weeks = Some(7);
    let e = plan(&program, &request).unwrap_err();
    assert_eq!(e.field, Field::Weeks);
    assert_eq!(
        e.to_string(),
        "stage `concentric` lasts at most 6 weeks, so a 7-week plan goes beyond it"
    );
    request.weeks = Some(6);
    assert_eq!(plan(&program, &request).unwrap().weeks.len(), 6);
    request.weeks = Some(7);
    request.beyond_stage_limit = true;
    let longer = plan(&program, &request).unwrap();
    assert_eq!((longer.weeks.len(), longer.stage.max_weeks), (7, 6));
    // The next stage starts as the program prescribes it.
    let next = longer.next_stage.unwrap();
    assert_eq!((next.number, next.id.as_str()), (2, "functional"));
    assert_eq!(crate::wording::dose(&next.exercises[0].dose), "4 × 5 reps");
    let last = plan(&program, &PlanRequest::stage(2, start)).unwrap();
    assert!(last.next_stage.is_none());
}
