//! The engine's decisions, pinned: the five shipped stages week by week,
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
}

fn band() -> RateBand {
    RateBand::default()
}

fn doses(weeks: &[Progressed]) -> Vec<String> {
    weeks.iter().map(|w| crate::wording::dose(&w.dose)).collect()
}

/// The note of week `i` (from 0), as every renderer prints it.
fn note(weeks: &[Progressed], rate: RateBand, i: usize) -> String {
    let before = i.checked_sub(1).map(|b| &weeks[b].dose);
    crate::wording::step(weeks[i].step, before, &weeks[i].dose, rate)
}

#[test]
fn scratch_show() {
    for (name, rx) in [("cat", cat_cow()), ("wall", wall_extension_hold()), ("swiss", swiss_ball_lowering()), ("pull", dumbbell_pullover()), ("bridge", back_bridge())] {
        for bp in [500u32, 750, 1000] {
            let rate = aim(band(), crate::model::Rate { basis_points: bp }).unwrap();
            let t = std::time::Instant::now();
            let w = rx.weeks(rate, 8);
            let el = t.elapsed();
            let rows: Vec<String> = (0..w.len()).map(|i| format!("{} [{}] {}", crate::wording::dose(&w[i].dose), w[i].change, note(&w, rate, i))).collect();
            eprintln!("{name} {bp} ({el:?}):\n  {}", rows.join("\n  "));
        }
    }
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

#[test]
fn stage_1_cat_cow_grows_the_duration() {
    // 30 → 32 (31 is under 5%) → 34 (34.4 is the target) → 37 → 40 → 43.
    let weeks = cat_cow().weeks(band(), 6);
    assert_eq!(
        doses(&weeks),
        [
            "1 × 30 s",
            "1 × 32 s",
            "1 × 34 s",
            "1 × 37 s",
            "1 × 40 s",
            "1 × 43 s"
        ]
    );
    assert!(weeks[1..].iter().all(|w| w.status == Status::Progress));
}

#[test]
fn stage_2_wall_hold_grows_the_hold_first() {
    // Volume is 10 reps × hold: each extra second is +1/hold, inside 5–10%.
    let weeks = wall_extension_hold().weeks(band(), 6);
    let holds: Vec<u32> = weeks
        .iter()
        .map(|w| w.dose.hold_seconds.unwrap().0)
        .collect();
    assert_eq!(holds, [10, 11, 12, 13, 14, 15]);
    assert!(weeks
        .iter()
        .all(|w| w.dose.reps_per_set == Some(vec![Reps(10)])));
    assert!(weeks[1..].iter().all(|w| w.status == Status::Progress));
}

#[test]
fn stage_3_swiss_ball_adds_a_rep_to_each_set() {
    // 20 → 21 (11, 10) and 22 (11, 11) are both in the band; even sets win.
    let weeks = swiss_ball_lowering().weeks(band(), 6);
    assert_eq!(
        doses(&weeks),
        [
            "2 × 10 reps",
            "2 × 11 reps",
            "2 × 12 reps",
            "2 × 13 reps",
            "2 × 14 reps",
            "2 × 15 reps"
        ]
    );
}

#[test]
fn stage_4_pullover_keeps_sets_even_while_even_fits() {
    // 30 → 33 reps is +10%, inside the band, so 11, 11, 10 is not needed.
    let weeks = dumbbell_pullover().weeks(band(), 6);
    assert_eq!(
        doses(&weeks),
        [
            "3 × 10 reps at 4 kg",
            "3 × 11 reps at 4 kg",
            "3 × 12 reps at 4 kg",
            "3 × 13 reps at 4 kg",
            "3 × 14 reps at 4 kg",
            "3 × 15 reps at 4 kg"
        ]
    );
    let changes: Vec<i64> = weeks.iter().map(|w| w.change.basis_points()).collect();
    assert_eq!(changes, [0, 1000, 909, 833, 769, 714]);
}

#[test]
fn stage_4_pullover_steps_up_the_weight_at_the_top_of_its_reps() {
    // Weeks 7–11 reach 3 × 20 at 4 kg = 240; 5 kg needs 51–52 reps for
    // 5–10%, and 51 = 3 × 17 is even.
    let weeks = dumbbell_pullover().weeks(band(), 14);
    assert_eq!(weeks[10].dose.to_string(), "3 × 20 reps at 4 kg");
    assert_eq!(weeks[11].dose.to_string(), "3 × 17 reps at 5 kg");
    assert_eq!(note(&weeks, band(), 11), "up to 5 kg, 17 reps a set");
    assert_eq!(weeks[11].change.basis_points(), 625);
}

#[test]
fn stage_5_back_bridge_needs_uneven_sets() {
    // 4 × 5 = 20: 4 × 6 = 24 is +20%, so one set carries the extra rep.
    let weeks = back_bridge().weeks(band(), 6);
    assert_eq!(
        doses(&weeks),
        [
            "4 × 5 reps",
            "4 sets: 6, 5, 5, 5 reps",
            "4 sets: 6, 6, 6, 5 reps",
            "4 sets: 7, 6, 6, 6 reps",
            "4 sets: 7, 7, 7, 6 reps",
            "4 sets: 8, 7, 7, 7 reps"
        ]
    );
    assert_eq!(
        note(&weeks, band(), 1),
        "+1 rep; sets differ because even sets would leave the 5–10% band"
    );
}

#[test]
fn a_single_set_of_five_cannot_grow_inside_the_band() {
    let weeks = Rx::new()
        .reps("5-8")
        .grow(&[DoseVar::Reps])
        .weeks(band(), 2);
    assert_eq!(weeks[1].status, Status::Hold);
    assert_eq!(note(&weeks, band(), 1), "smallest possible step would be +20%: hold");
    assert_eq!(weeks[1].dose, weeks[0].dose);
}

#[test]
fn the_last_sliver_before_the_top_is_a_hold() {
    // 59 → 60 s is +1.7%: under the minimum, and nothing bigger is left.
    let weeks = Rx::new()
        .duration("59-60 s")
        .grow(&[DoseVar::Duration])
        .weeks(band(), 2);
    assert_eq!(
        note(&weeks, band(), 1),
        "only +1.7% is left before the top of the range, under the 5% minimum: hold; ready to move to the next stage"
    );
}

#[test]
fn a_gap_across_the_band_is_a_hold() {
    // 2 × 30 s: one more second (the top, 31 s) is +3.3%, a third set +50%.
    let weeks = Rx::new()
        .sets("2-3")
        .hold("30-31 s")
        .grow(&[DoseVar::Hold, DoseVar::Sets])
        .weeks(band(), 2);
    assert_eq!(
        note(&weeks, band(), 1),
        "the nearest steps, +3.3% and +50%, fall outside the 5–10% band: hold"
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
    // 33 = +10%, the only even choice inside the band.
    let weeks = Rx::new()
        .sets("2-3")
        .reps("10-15")
        .grow(&[DoseVar::Reps, DoseVar::Sets])
        .weeks(band(), 8);
    assert_eq!(weeks[5].dose.to_string(), "2 × 15 reps");
    assert_eq!(weeks[6].dose.to_string(), "3 × 11 reps");
    assert_eq!(note(&weeks, band(), 6), "+1 set, 11 reps a set");
}

#[test]
fn the_target_decides_between_two_steps() {
    // From 40 s: 42 is +5%, 43 is +7.5%, 44 is +10%.
    let rx = Rx::new().duration("40-60 s").grow(&[DoseVar::Duration]);
    let at = |target: u32| {
        let rate = aim(
            band(),
            crate::model::Rate {
                basis_points: target,
            },
        )
        .unwrap();
        rx.weeks(rate, 2)[1].dose.duration_seconds.unwrap().0
    };
    assert_eq!((at(500), at(750), at(1000)), (42, 43, 44));
}

#[test]
fn step_grids_are_anchored_at_the_start() {
    // Hold steps of 5 s from 20 s: 20 → 25 is +25%, too big; so the hold
    // stays and reps (step 1 over 10) grow instead.
    let mut rx = Rx::new()
        .reps("10-12")
        .hold("20-40 s")
        .grow(&[DoseVar::Hold, DoseVar::Reps]);
    rx.progression.steps.hold = Seconds(5);
    let weeks = rx.weeks(band(), 3);
    assert_eq!(weeks[1].dose.to_string(), "1 × 11 reps, 20 s hold each");
    assert_eq!(note(&weeks, band(), 1), "+1 rep");
}

/// `| 2 | 1 × 32 s | 32 | +6.7% | +2 s |`, as in the docs' tables.
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

fn assert_documented(name: &str, weeks: &[Progressed]) {
    let rows = doc_rows(weeks, band());
    assert!(
        DOC.contains(&rows),
        "docs/progression.md, {name}: expected these rows\n{rows}"
    );
}

#[test]
fn worked_examples_in_the_docs_are_what_the_engine_does() {
    assert_documented("example 1 (timed mobility)", &cat_cow().weeks(band(), 6));
    let mut hold = wall_extension_hold();
    hold.dose.hold = Some(range("18-20 s", Seconds::parse));
    assert_documented("example 2 (hold, then reps)", &hold.weeks(band(), 9));
    assert_documented("example 3 (uneven sets)", &back_bridge().weeks(band(), 4));
    let reps = Baseline::parse("reps=18").unwrap();
    let pullover = Prescription::personalised(
        &exercise(&dumbbell_pullover()),
        MassUnit::Kg,
        None,
        &[(0, &reps)],
    )
    .unwrap();
    assert_documented(
        "example 4 (double progression)",
        &progress(&pullover, band(), 6, true),
    );
    assert_documented(
        "example 5 (a step too big)",
        &Rx::new()
            .reps("5-8")
            .grow(&[DoseVar::Reps])
            .weeks(band(), 2),
    );
}

/// The shipped dumbbell pullover as a whole exercise, for personal settings.
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
        prescription: rx.dose.to_string(),
        frequency: crate::model::Frequency::EveryNDays { days: 2 },
        progression: rx.progression.clone(),
        instructions: "Lift.".to_string(),
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
        "smallest possible step would be +12.5%: hold"
    );
}

#[test]
fn personal_baselines_start_the_plan_and_may_not_exceed_the_bound() {
    let exercise = exercise(&dumbbell_pullover());
    let b = |text: &str| Baseline::parse(text).unwrap();
    let reps = b("reps=8");
    let p = Prescription::personalised(&exercise, MassUnit::Kg, None, &[(0, &reps)]).unwrap();
    assert_eq!(p.dose(p.start()).to_string(), "3 × 8 reps at 4 kg");
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
    assert_eq!(p.dose(p.start()).to_string(), "3 × 10 reps at 10 lb");
    let own = Equipment::parse("5,10,15,20lb").unwrap();
    let e = Prescription::personalised(&exercise, MassUnit::Lb, Some(&own), &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`dumbbell-pullover` starts at 7.5 lb, which is not among the available weights"
    );
}

#[test]
fn loads_lighter_than_a_pound_step_convert_in_the_lightest_weights_or_not_at_all() {
    // 0.5–1 kg is 1.1–2.2 lb: a 2.5 lb step would start above the bound,
    // so the plan goes in 1 lb steps, 1 lb to 2 lb, and never past 1 kg
    // (the step to 2 lb is +100%, so the reps grow instead).
    let light = Rx::new()
        .sets("2")
        .reps("10-15")
        .load("0.5-1kg")
        .grow(&[DoseVar::Reps, DoseVar::Load]);
    let p = Prescription::personalised(&exercise(&light), MassUnit::Lb, None, &[]).unwrap();
    let weeks = progress(&p, band(), 12, false);
    let loads: Vec<String> = weeks
        .iter()
        .map(|w| p.dose(w.rungs).load.unwrap().to_string())
        .collect();
    assert_eq!(loads.first().unwrap(), "1 lb");
    assert!(
        loads.iter().all(|l| l == "1 lb" || l == "2 lb"),
        "{loads:?}"
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
fn scratch_six() {
    let b = |t: &str| Baseline::parse(t).unwrap();
    let wall = wall_extension_hold();
    let cases: Vec<(&str, Rx, Vec<Baseline>)> = vec![
        ("wall6", wall.clone(), vec![b("hold=6s")]),
        ("cat50", cat_cow(), vec![b("duration=50s")]),
        ("pull", dumbbell_pullover(), vec![]),
        ("swiss", swiss_ball_lowering(), vec![]),
        ("rack", dumbbell_pullover().weights("2,4,6,8kg"), vec![b("reps=18")]),
    ];
    for (name, rx, bl) in cases {
        for bp in [500u32, 750, 1000] {
            let rate = aim(band(), crate::model::Rate { basis_points: bp }).unwrap();
            let refs: Vec<(usize, &Baseline)> = bl.iter().enumerate().collect();
            let p = Prescription::personalised(&exercise(&rx), MassUnit::Kg, None, &refs).unwrap();
            let w = progress(&p, rate, 6, !bl.is_empty());
            let rows: Vec<String> = (0..w.len()).map(|i| format!("{} [{}] {}", crate::wording::dose(&w[i].dose), w[i].change, note(&w, rate, i))).collect();
            eprintln!("{name} {bp}:\n  {}", rows.join("\n  "));
        }
    }
}
