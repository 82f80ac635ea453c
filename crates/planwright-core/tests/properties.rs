//! Properties of the progression engine over random valid prescriptions:
//! the safety rules of `docs/progression.md` hold for every one of them.

use planwright_core::model::{
    Dose, DoseVar, Load, MassUnit, Progression, Range, Rate, RateBand, Reps, Seconds, Sets, Steps,
};
use planwright_core::plan::Status;
use planwright_core::progression::{progress, Prescription, Progressed};
use proptest::prelude::*;

/// A prescription the content loader would accept: ranges low to high,
/// every growing variable with room, listed weights covering both ends.
#[derive(Debug, Clone)]
struct Case {
    dose: Dose,
    progression: Progression,
    rate: RateBand,
    weeks: u32,
}

fn range(low: u32, extra: u32) -> Range<u32> {
    Range {
        low,
        high: low + extra,
    }
}

fn case() -> impl Strategy<Value = Case> {
    let kind = 0..6u8;
    let numbers = (
        (1..=12u32, 0..=6u32),
        (1..=20u32, 0..=20u32),
        (1..=60u32, 0..=60u32),
        (5..=120u32, 0..=120u32),
        (1..=40u32, 0..=40u32),
    );
    let steps = (
        1..=2u32,
        1..=3u32,
        1..=5u32,
        1..=10u32,
        prop_oneof![Just(50u32), Just(100), Just(125), Just(250), Just(500)],
    );
    let rate = (100..=1000u32, 0..=1000u32, 0..=1000u32);
    let order = Just(DoseVar::ALL.map(|(v, _)| v).to_vec()).prop_shuffle();
    (
        kind,
        numbers,
        steps,
        rate,
        order,
        any::<bool>(),
        any::<u64>(),
        1..=12u32,
    )
        .prop_map(
            |(
                kind,
                (sets, reps, hold, duration, load),
                steps,
                (min, t, m),
                order,
                listed,
                pick,
                weeks,
            )| {
                let unit = MassUnit::Kg;
                // Loads are half-kilos: 0.5 kg to 20 kg, up to 20 kg more.
                let load_range = Range {
                    low: Load {
                        hundredths: load.0 * 50,
                        unit,
                    },
                    high: Load {
                        hundredths: (load.0 + load.1) * 50,
                        unit,
                    },
                };
                let has = |k: &[u8]| k.contains(&kind);
                let s = range(sets.0, sets.1);
                let dose = Dose {
                    sets: Range {
                        low: Sets(s.low),
                        high: Sets(s.high),
                    },
                    reps: has(&[1, 2, 3, 5]).then(|| {
                        let r = range(reps.0, reps.1);
                        Range {
                            low: Reps(r.low),
                            high: Reps(r.high),
                        }
                    }),
                    hold: has(&[2, 4, 5]).then(|| {
                        let r = range(hold.0, hold.1);
                        Range {
                            low: Seconds(r.low),
                            high: Seconds(r.high),
                        }
                    }),
                    duration: has(&[0]).then(|| {
                        let r = range(duration.0, duration.1);
                        Range {
                            low: Seconds(r.low),
                            high: Seconds(r.high),
                        }
                    }),
                    load: has(&[3, 5]).then_some(load_range),
                    tempo: None,
                };
                let room = |v: DoseVar| match v {
                    DoseVar::Sets => !dose.sets.is_single(),
                    DoseVar::Reps => dose.reps.is_some_and(|r| !r.is_single()),
                    DoseVar::Hold => dose.hold.is_some_and(|r| !r.is_single()),
                    DoseVar::Duration => dose.duration.is_some_and(|r| !r.is_single()),
                    DoseVar::Load => dose.load.is_some_and(|r| !r.is_single()),
                };
                // Most of the variables with room (each 3 in 4), in a random order.
                let grow: Vec<DoseVar> = order
                    .into_iter()
                    .enumerate()
                    .filter(|(i, v)| room(*v) && pick >> (2 * i) & 3 != 0)
                    .map(|(_, v)| v)
                    .collect();
                let mut step = Steps::defaults(unit);
                step.sets = Sets(steps.0);
                step.reps = Reps(steps.1);
                step.hold = Seconds(steps.2);
                step.duration = Seconds(steps.3);
                step.load = Load {
                    hundredths: steps.4,
                    unit,
                };
                // Listed weights: both ends and every other half-kilo between.
                let weights = if listed && dose.load.is_some() {
                    let (lo, hi) = (load_range.low.hundredths, load_range.high.hundredths);
                    let mut w: Vec<Load> = (lo..=hi)
                        .step_by(50)
                        .enumerate()
                        .filter(|(i, h)| i % 2 == 0 || *h == hi)
                        .map(|(_, h)| Load {
                            hundredths: h,
                            unit,
                        })
                        .collect();
                    w.dedup();
                    w
                } else {
                    Vec::new()
                };
                let target = min + t % (1001 - min);
                let max = target + m % (1001 - target);
                Case {
                    dose,
                    progression: Progression {
                        grow,
                        steps: step,
                        weights,
                    },
                    rate: RateBand {
                        target: Rate {
                            basis_points: target,
                        },
                        min: Rate { basis_points: min },
                        max: Rate { basis_points: max },
                    },
                    weeks,
                }
            },
        )
}

fn plan(case: &Case) -> Vec<Progressed> {
    let p = Prescription::new(&case.dose, &case.progression);
    progress(&p, case.rate, case.weeks, false)
}

/// `value` is `low + k × step` for a whole `k`, and at most `high`.
fn on_grid(value: u32, low: u32, high: u32, step: u32) -> bool {
    value >= low && value <= high && (value - low) % step == 0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn weekly_growth_stays_inside_the_band(case in case()) {
        let weeks = plan(&case);
        prop_assert_eq!(weeks.len() as u32, case.weeks);
        prop_assert_eq!(weeks[0].status, Status::Baseline);
        let (min, max) = (
            u128::from(case.rate.min.basis_points),
            u128::from(case.rate.max.basis_points),
        );
        for pair in weeks.windows(2) {
            let (before, after) = (u128::from(pair[0].volume.hundredths), u128::from(pair[1].volume.hundredths));
            prop_assert!(after >= before, "volume fell: {:?}", pair);
            prop_assert!(after * 10_000 <= before * (10_000 + max), "above the maximum: {:?}", pair);
            match pair[1].status {
                Status::Progress => prop_assert!(
                    after * 10_000 >= before * (10_000 + min) && after > before,
                    "progress below the minimum: {:?}", pair
                ),
                Status::Hold => prop_assert_eq!(&pair[1].dose, &pair[0].dose),
                Status::Baseline => prop_assert!(false, "a baseline after week 1"),
            }
        }
    }

    #[test]
    fn every_value_is_a_whole_step_inside_its_bounds(case in case()) {
        let (d, steps) = (&case.dose, &case.progression.steps);
        for week in plan(&case) {
            let dose = &week.dose;
            prop_assert!(on_grid(dose.sets.0, d.sets.low.0, d.sets.high.0, steps.sets.0));
            if let (Some(reps), Some(range)) = (&dose.reps_per_set, d.reps) {
                prop_assert_eq!(reps.len() as u32, dose.sets.0);
                for r in reps {
                    prop_assert!(on_grid(r.0, range.low.0, range.high.0, steps.reps.0), "reps {:?}", reps);
                }
                let spread = reps.iter().max().unwrap().0 - reps.iter().min().unwrap().0;
                prop_assert!(spread <= steps.reps.0, "sets differ by more than a step: {:?}", reps);
            }
            if let (Some(h), Some(range)) = (dose.hold_seconds, d.hold) {
                prop_assert!(on_grid(h.0, range.low.0, range.high.0, steps.hold.0));
            }
            if let (Some(s), Some(range)) = (dose.duration_seconds, d.duration) {
                prop_assert!(on_grid(s.0, range.low.0, range.high.0, steps.duration.0));
            }
            if let (Some(l), Some(range)) = (dose.load, d.load) {
                if case.progression.weights.is_empty() {
                    prop_assert!(on_grid(l.hundredths, range.low.hundredths, range.high.hundredths, steps.load.hundredths));
                } else {
                    prop_assert!(case.progression.weights.contains(&l));
                    prop_assert!(l >= range.low && l <= range.high);
                }
            }
            for (present, what) in [
                (dose.reps_per_set.is_some(), d.reps.is_some()),
                (dose.hold_seconds.is_some(), d.hold.is_some()),
                (dose.duration_seconds.is_some(), d.duration.is_some()),
                (dose.load.is_some(), d.load.is_some()),
            ] {
                prop_assert_eq!(present, what);
            }
        }
    }

    #[test]
    fn volume_is_what_the_docs_define(case in case()) {
        for week in plan(&case) {
            let d = &week.dose;
            let count = u64::from(d.total_reps().unwrap_or(d.sets.0));
            let seconds = u64::from(d.hold_seconds.or(d.duration_seconds).map_or(1, |s| s.0));
            let load = d.load.map_or(100, |l| u64::from(l.hundredths));
            prop_assert_eq!(week.volume.hundredths, count * seconds * load);
        }
    }

    #[test]
    fn the_same_input_gives_the_same_plan(case in case()) {
        prop_assert_eq!(plan(&case), plan(&case.clone()));
    }

    #[test]
    fn variables_that_do_not_grow_stay_put(case in case()) {
        let weeks = plan(&case);
        let first = &weeks[0].dose;
        let grows = |v| case.progression.grow.contains(&v);
        for week in &weeks {
            if !grows(DoseVar::Sets) { prop_assert_eq!(week.dose.sets, first.sets); }
            if !grows(DoseVar::Hold) { prop_assert_eq!(week.dose.hold_seconds, first.hold_seconds); }
            if !grows(DoseVar::Duration) { prop_assert_eq!(week.dose.duration_seconds, first.duration_seconds); }
            if !grows(DoseVar::Load) { prop_assert_eq!(week.dose.load, first.load); }
            if !grows(DoseVar::Reps) {
                prop_assert!(week.dose.reps_per_set.iter().flatten().all(|r| Some(*r) == first.reps_per_set.as_ref().map(|f| f[0])));
            }
        }
    }
}
