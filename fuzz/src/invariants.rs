//! The rules every computed plan keeps (`docs/progression.md`, sections
//! 1–8), checked on a whole [`Plan`] against the program and request it
//! came from.
//!
//! `crates/planwright-core/tests/properties.rs` checks the same safety
//! rules on `progress` over random prescriptions; these repeat its few
//! lines on the band, the grid and the volume, on plans that have been
//! through `plan` with units, equipment and baselines applied, and add the
//! request-level ones: what was selected, the dates, the sessions, and that
//! out-of-range requests are refused.

use jiff::civil::Date;
use jiff::Span;
use planwright_core::model::{
    DoseVar, Exercise, Frequency, Load, MassUnit, Program, Rate, RateBand, Slug, Units,
};
use planwright_core::plan::{Plan, Status, WeekExercise};
use planwright_core::progression::{
    conversion_step, convert, BaselineValue, Equipment, PlanError, PlanRequest, StageRef,
};
use planwright_core::wording;

/// Checks the engine's answer to `request`: a refusal when the request is
/// out of range, otherwise a plan that keeps every rule.
pub fn check(program: &Program, request: &PlanRequest, result: &Result<Plan, PlanError>) {
    let band = program.config.rate;
    let weeks_out_of_range = request.weeks.is_some_and(|w| !(1..=12).contains(&w));
    let target_out_of_range = request
        .target
        .is_some_and(|t| t > Rate::CEILING || t < band.min || t > band.max);
    let plan = match result {
        Err(e) => {
            assert!(!e.to_string().is_empty(), "a refusal without a message");
            let _ = e.problem.hint();
            return;
        }
        Ok(plan) => plan,
    };
    assert!(
        !weeks_out_of_range,
        "planned {:?} weeks instead of refusing",
        request.weeks
    );
    assert!(
        !target_out_of_range,
        "planned at {:?} in the band {band:?} instead of refusing",
        request.target
    );

    // What was planned.
    let stage = program
        .stages
        .iter()
        .find(|s| s.id == plan.stage.id)
        .expect("the plan's stage is one of the program's");
    assert_eq!(plan.stage.number, stage.number);
    assert_eq!(plan.stage.of, program.stages.len());
    match &request.stage {
        Some(StageRef::Number(n)) => assert_eq!(stage.number, *n),
        Some(StageRef::Id(id)) => assert_eq!(&stage.id, id),
        None => {}
    }
    let mut expected: Vec<&Slug> = Vec::new();
    if request.exercises.is_empty() {
        expected.extend(&stage.exercises);
    } else {
        for id in &request.exercises {
            if !expected.contains(&id) {
                expected.push(id);
            }
        }
    }
    let planned: Vec<&Slug> = plan.exercises.iter().map(|e| &e.id).collect();
    assert_eq!(planned, expected, "planned other exercises than asked");

    // The band, units and dates.
    let rate = request
        .target
        .map_or(band, |target| RateBand { target, ..band });
    assert_eq!(plan.rate, rate);
    assert!(plan.rate.max <= Rate::CEILING);
    let units = request.units.unwrap_or(program.config.units);
    assert_eq!(plan.units, units);
    let unit = match units {
        Units::Metric => MassUnit::Kg,
        Units::Imperial => MassUnit::Lb,
    };
    let weeks = request.weeks.unwrap_or(stage.max_weeks);
    assert!(
        weeks <= stage.max_weeks || request.beyond_stage_limit,
        "planned {weeks} weeks of a {}-week stage without being asked to",
        stage.max_weeks
    );
    assert_eq!(plan.stage.max_weeks, stage.max_weeks);
    assert_eq!(plan.weeks.len(), weeks as usize);
    let day = |offset: u32| -> Date {
        request
            .start
            .checked_add(Span::new().days(i64::from(offset)))
            .expect("a planned day is on the calendar")
    };
    assert_eq!(plan.start, request.start);
    assert_eq!(plan.end, day(weeks * 7 - 1));
    for (w, week) in (0u32..).zip(&plan.weeks) {
        assert_eq!(week.week, w + 1);
        assert_eq!((week.start, week.end), (day(w * 7), day(w * 7 + 6)));
        let ids: Vec<&Slug> = week.exercises.iter().map(|e| &e.id).collect();
        assert_eq!(ids, planned);
    }
    assert_eq!(
        plan.next_stage.as_ref().map(|n| n.number),
        (stage.number < program.stages.len()).then_some(stage.number + 1)
    );

    for (j, info) in plan.exercises.iter().enumerate() {
        let exercise = program
            .exercise(&info.id)
            .expect("a planned exercise is in the program");
        assert_eq!(exercise.stage, stage.id);
        assert_eq!(info.frequency, exercise.frequency);
        let rows: Vec<&WeekExercise> = plan.weeks.iter().map(|w| &w.exercises[j]).collect();
        // Every week has words, from the one wording layer.
        for (w, row) in rows.iter().enumerate() {
            assert!(!wording::note(plan, w, j).is_empty(), "no note");
            assert!(!wording::dose(&row.dose).is_empty(), "no dose words");
        }
        check_exercise(
            exercise,
            request,
            plan.rate,
            unit,
            &rows,
            &day,
            info.personalised,
        );
    }
}

/// A baseline value as a plain number (loads in hundredths).
fn number(value: BaselineValue) -> u32 {
    match value {
        BaselineValue::Sets(v) => v.0,
        BaselineValue::Reps(v) => v.0,
        BaselineValue::Hold(v) | BaselineValue::Duration(v) => v.0,
        BaselineValue::Load(v) => v.hundredths,
    }
}

/// `value` is `start ± k × step` for a whole `k`, from `lowest` (where a
/// re-chosen variable may come back down to) up to `high`; a variable
/// that does not grow stays at `start`.
fn on_grid(what: &str, value: u32, (lowest, start): (u32, u32), high: u32, step: u32, grows: bool) {
    if grows {
        assert!(
            value >= lowest.min(start)
                && value <= high
                && value.abs_diff(start).is_multiple_of(step.max(1)),
            "{what} {value} is off the grid {start} ± {step}… from {lowest} up to {high}"
        );
    } else {
        assert_eq!(value, start, "{what} changed but does not grow");
    }
}

/// The loads an exercise may use in a plan in `unit`: its bounds, step and
/// listed weights after conversion and the person's equipment (docs
/// section 6).
struct LoadRule {
    low: Load,
    high: Load,
    step: Load,
    weights: Vec<Load>,
    /// The program's upper bound, before any conversion.
    written_high: Load,
    converted: bool,
}

fn load_rule(exercise: &Exercise, request: &PlanRequest, unit: MassUnit) -> Option<LoadRule> {
    let range = exercise.dose.load?;
    let progression = &exercise.progression;
    let converted = range.low.unit != unit;
    let listed: Vec<Load> = progression
        .weights
        .iter()
        .copied()
        .filter(|w| w.unit == unit)
        .collect();
    let (mut step, mut weights, low, high) = if converted && !listed.is_empty() {
        // A rack in the plan's unit: the heaviest weights not above the
        // programmed start and bound (the plan was made, so one is).
        let at_most_of = |bound: Load| listed.iter().copied().filter(|w| at_most(*w, bound)).max();
        let low = at_most_of(range.low).expect("a listed weight under the start");
        let high = at_most_of(range.high).unwrap_or(low).max(low);
        (progression.steps.load, listed, low, high)
    } else if converted {
        // The plan was made, so the engine found a step for the bound.
        let step = conversion_step(range.high, unit).expect("a converted load has a step");
        let low = convert(range.low, unit, step);
        (
            step,
            Vec::new(),
            low,
            convert(range.high, unit, step).max(low),
        )
    } else {
        (progression.steps.load, listed, range.low, range.high)
    };
    match &request.equipment {
        Some(Equipment::Weights(w)) => weights.clone_from(w),
        Some(Equipment::Step(s)) => {
            weights.clear();
            step = *s;
        }
        None => {}
    }
    Some(LoadRule {
        low,
        high,
        step,
        weights,
        written_high: range.high,
        converted,
    })
}

/// `a <= b` exactly, across units (1 lb = 0.45359237 kg).
fn at_most(a: Load, b: Load) -> bool {
    let in_kg_e8 = |l: Load| {
        u128::from(l.hundredths)
            * match l.unit {
                MassUnit::Kg => 100_000_000,
                MassUnit::Lb => 45_359_237,
            }
    };
    in_kg_e8(a) <= in_kg_e8(b)
}

fn check_exercise(
    exercise: &Exercise,
    request: &PlanRequest,
    rate: RateBand,
    unit: MassUnit,
    rows: &[&WeekExercise],
    day: &dyn Fn(u32) -> Date,
    personalised: bool,
) {
    let id = &exercise.id;
    let dose = &exercise.dose;
    let grows = |var| exercise.progression.grow.contains(&var);
    let steps = &exercise.progression.steps;
    // The baselines that apply; a later one overrides an earlier one.
    let applicable: Vec<BaselineValue> = request
        .baselines
        .iter()
        .filter(|b| {
            b.exercise
                .as_ref()
                .map_or_else(|| dose.has(b.value.var()), |e| e == id)
        })
        .map(|b| b.value)
        .collect();
    assert_eq!(personalised, !applicable.is_empty(), "{id}: personalised");
    let baseline = |var: DoseVar| {
        applicable
            .iter()
            .rev()
            .find(|v| v.var() == var)
            .map(|v| number(*v))
    };

    // Week 1: the programmed start, or the person's own baseline.
    let first = &rows[0].dose;
    assert_eq!(rows[0].status, Status::Baseline, "{id}: week 1");
    assert_eq!(rows[0].change.from, rows[0].volume);
    assert_eq!(rows[0].change.to, rows[0].volume);
    let sets_start = baseline(DoseVar::Sets).unwrap_or(dose.sets.low.0);
    assert_eq!(first.sets.0, sets_start, "{id}: week-1 sets");
    let reps_start = first
        .reps_per_set
        .as_ref()
        .map(|r| r[0].0)
        .unwrap_or_default();
    if let Some(reps) = dose.reps {
        let start = baseline(DoseVar::Reps).unwrap_or(reps.low.0);
        let week1 = first.reps_per_set.as_deref().unwrap_or_default();
        assert!(
            week1.iter().all(|r| r.0 == start),
            "{id}: week-1 reps {week1:?}, not {start}"
        );
    }
    let hold_start = dose
        .hold
        .map(|h| baseline(DoseVar::Hold).unwrap_or(h.low.0));
    assert_eq!(
        first.hold_seconds.map(|s| s.0),
        hold_start,
        "{id}: week-1 hold"
    );
    let duration_start = dose
        .duration
        .map(|d| baseline(DoseVar::Duration).unwrap_or(d.low.0));
    assert_eq!(
        first.duration_seconds.map(|s| s.0),
        duration_start,
        "{id}: week-1 duration"
    );
    let load_rule = load_rule(exercise, request, unit);
    if let (Some(rule), Some(load)) = (&load_rule, first.load) {
        match baseline(DoseVar::Load) {
            Some(b) => assert_eq!(load.hundredths, b, "{id}: week-1 load is the baseline"),
            None => assert_eq!(load, rule.low, "{id}: week-1 load"),
        }
        if !rule.weights.is_empty() {
            assert!(
                rule.weights.contains(&load),
                "{id}: start {load} not available"
            );
        }
    }

    for (w, row) in (0u32..).zip(rows) {
        let d = &row.dose;
        let what = format!("{id} week {}", w + 1);
        // A heavier weight adds at most the cap to each rep.
        if let (Some(load), Some(before)) = (
            d.load,
            w.checked_sub(1).and_then(|b| rows[b as usize].dose.load),
        ) {
            let cap = u64::from(exercise.progression.max_load_jump.basis_points);
            assert!(
                u64::from(load.hundredths) * 10_000
                    <= u64::from(before.hundredths) * (10_000 + cap),
                "{what}: {before} → {load} is over the {} cap",
                exercise.progression.max_load_jump
            );
        }

        // Whole steps inside the bounds (section 4).
        on_grid(
            &format!("{what}: sets"),
            d.sets.0,
            (dose.sets.low.0, sets_start),
            dose.sets.high.0,
            steps.sets.0,
            grows(DoseVar::Sets),
        );
        assert_eq!(
            d.reps_per_set.is_some(),
            dose.reps.is_some(),
            "{what}: reps"
        );
        if let (Some(reps), Some(range)) = (&d.reps_per_set, dose.reps) {
            assert_eq!(reps.len(), d.sets.0 as usize, "{what}: one count per set");
            let step = steps.reps.0.max(1);
            // Re-chosen reps may come down to the programmed bottom of the
            // range, or the person's baseline if that is lower.
            let lowest = range.low.0.min(reps_start);
            for r in reps {
                if grows(DoseVar::Reps) {
                    assert!(
                        r.0 >= lowest
                            && r.0 <= range.high.0
                            && r.0.abs_diff(reps_start) % step == 0,
                        "{what}: reps {reps:?} off the grid from {reps_start} by {step}, {lowest}–{}",
                        range.high.0
                    );
                } else {
                    assert_eq!(r.0, reps_start, "{what}: reps changed but do not grow");
                }
            }
            assert!(
                reps.windows(2)
                    .all(|p| p[0] >= p[1] && p[0].0 - p[1].0 <= step),
                "{what}: sets differ by more than a step, or extra reps not first: {reps:?}"
            );
        }
        assert_eq!(
            d.hold_seconds.is_some(),
            dose.hold.is_some(),
            "{what}: hold"
        );
        if let (Some(h), Some(range), Some(start)) = (d.hold_seconds, dose.hold, hold_start) {
            on_grid(
                &format!("{what}: hold"),
                h.0,
                (range.low.0, start),
                range.high.0,
                steps.hold.0,
                grows(DoseVar::Hold),
            );
        }
        assert_eq!(
            d.duration_seconds.is_some(),
            dose.duration.is_some(),
            "{what}: duration"
        );
        if let (Some(s), Some(range), Some(start)) =
            (d.duration_seconds, dose.duration, duration_start)
        {
            on_grid(
                &format!("{what}: duration"),
                s.0,
                (range.low.0, start),
                range.high.0,
                steps.duration.0,
                grows(DoseVar::Duration),
            );
        }
        assert_eq!(d.load.is_some(), dose.load.is_some(), "{what}: load");
        if let (Some(load), Some(rule), Some(start)) = (d.load, &load_rule, first.load) {
            assert_eq!(load.unit, unit, "{what}: load in the plan's unit");
            if !grows(DoseVar::Load) {
                assert_eq!(load, start, "{what}: load changed but does not grow");
            } else if rule.weights.is_empty() {
                on_grid(
                    &format!("{what}: load"),
                    load.hundredths,
                    (start.hundredths, start.hundredths),
                    rule.high.hundredths,
                    rule.step.hundredths,
                    true,
                );
            } else {
                assert!(
                    rule.weights.contains(&load) && load >= start && load <= rule.high,
                    "{what}: load {load} is not an available weight from {start} to {}",
                    rule.high
                );
            }
            // Converted loads are rounded down: never above the program's
            // bound (a bound under every step of the new unit is refused).
            if rule.converted {
                assert!(
                    at_most(load, rule.written_high),
                    "{what}: {load} is above the program's bound {}",
                    rule.written_high
                );
            }
        }

        // Volume as the docs define it (section 2).
        let count = u64::from(d.total_reps().unwrap_or(d.sets.0));
        let seconds = u64::from(d.hold_seconds.or(d.duration_seconds).map_or(1, |s| s.0));
        let load = d.load.map_or(100, |l| u64::from(l.hundredths));
        assert_eq!(
            row.volume.hundredths,
            count * seconds * load,
            "{what}: volume"
        );

        // Sessions from the frequency (section 7).
        let s = &row.sessions;
        let week_days = || (w * 7..w * 7 + 7).map(day);
        match exercise.frequency {
            Frequency::PerDay { times } => {
                assert_eq!(
                    (s.planned, s.optional),
                    (7 * times.low, 7 * (times.high - times.low))
                );
                assert_eq!(s.dates, Some(week_days().collect()), "{what}: daily");
            }
            Frequency::EveryNDays { days } => {
                let dates: Vec<Date> = (w * 7..w * 7 + 7)
                    .filter(|o| o % days == 0)
                    .map(day)
                    .collect();
                assert_eq!((s.planned, s.optional), (dates.len() as u32, 0));
                assert_eq!(s.dates.as_ref(), Some(&dates), "{what}: every {days} days");
            }
            Frequency::PerWeek { times } => {
                assert_eq!(
                    (s.planned, s.optional, &s.dates),
                    (times.low, times.high - times.low, &None)
                );
            }
        }
    }

    // The band (sections 3 and 5): never above the maximum, never falling;
    // progress at least the minimum; a hold keeps the dose.
    let (min, max) = (
        u128::from(rate.min.basis_points),
        u128::from(rate.max.basis_points),
    );
    for (w, pair) in (2u32..).zip(rows.windows(2)) {
        let (last, this) = (pair[0], pair[1]);
        let (before, after) = (
            u128::from(last.volume.hundredths),
            u128::from(this.volume.hundredths),
        );
        let what = format!("{id} week {w}");
        assert_eq!(
            (this.change.from, this.change.to),
            (last.volume, this.volume)
        );
        assert!(
            after >= before,
            "{what}: volume fell from {before} to {after}"
        );
        assert!(
            after * 10_000 <= before * (10_000 + max),
            "{what}: {before} to {after} is above the maximum {}",
            rate.max
        );
        match this.status {
            Status::Progress => {
                assert!(
                    after > before && after * 10_000 >= before * (10_000 + min),
                    "{what}: {before} to {after} progresses by less than the minimum {}",
                    rate.min
                );
                assert!(!exercise.progression.grow.is_empty());
            }
            Status::Hold => assert_eq!(this.dose, last.dose, "{what}: a hold changed the dose"),
            Status::Baseline => panic!("{what}: a baseline after week 1"),
        }
    }
}
