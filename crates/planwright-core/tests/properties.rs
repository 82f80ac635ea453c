//! Properties of the progression engine over random prescriptions.
//!
//! The oracle below is written from `docs/progression.md` alone: it judges
//! every pair of doses against the documented rules (one variable grows;
//! its partner is re-chosen only one step at a time, never up, and after
//! its partner only when the partner cannot grow alone; loads one weight at
//! a time under the cap; the band) and finds the cheapest sequence of weeks
//! by brute force. The engine must find a sequence of the same cost, and
//! must never hold when the oracle can grow. Other properties check the
//! safety rules on personalised plans: other units, baselines, equipment
//! and rates.

use std::collections::HashMap;

use planwright_core::model::{
    Dose, DoseVar, Exercise, Frequency, Load, MassUnit, Progression, Range, Rate, RateBand, Reps,
    Seconds, Sets, Slug, Steps,
};
use planwright_core::plan::{HoldReason, SessionDose, Status, Step};
use planwright_core::progression::sweep::{sweep, Trouble};
use planwright_core::progression::{
    progress, Baseline, BaselineValue, Equipment, Prescription, Rungs, Search,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------
// Random prescriptions

/// A prescription the content loader would accept.
#[derive(Debug, Clone)]
struct Rx {
    dose: Dose,
    progression: Progression,
    rate: RateBand,
    weeks: u32,
}

fn range<T: Copy + PartialOrd>(low: T, high: T) -> Range<T> {
    Range { low, high }
}

/// The sizes of one generated prescription: for each variable the lowest
/// and highest start and the most extra room, in units (loads in
/// half-units). Small enough for the oracle to try every sequence, with
/// starts large enough that one step is a few percent, as in real
/// prescriptions; or larger for the safety properties.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    sets: (u32, u32, u32),
    reps: (u32, u32, u32),
    hold: (u32, u32, u32),
    duration: (u32, u32, u32),
    load: (u32, u32, u32),
    steps: u32,
    /// The band's minimum, and its maximum, ranges in basis points.
    min: (u32, u32),
    max: (u32, u32),
}

const SMALL: Sizes = Sizes {
    sets: (1, 3, 2),
    reps: (5, 14, 5),
    hold: (6, 24, 5),
    duration: (15, 40, 6),
    load: (4, 16, 6),
    steps: 1,
    min: (300, 550),
    max: (850, 1000),
};

const LARGE: Sizes = Sizes {
    sets: (1, 8, 4),
    reps: (1, 20, 20),
    hold: (1, 60, 40),
    duration: (5, 120, 60),
    load: (1, 40, 30),
    steps: 5,
    min: (100, 1000),
    max: (100, 1000),
};

fn rx(sizes: Sizes) -> impl Strategy<Value = Rx> {
    let kind = 0..7u8;
    let span = |(lo, hi, extra): (u32, u32, u32)| (lo..=hi, 0..=extra);
    let numbers = (
        span(sizes.sets),
        span(sizes.reps),
        span(sizes.hold),
        span(sizes.duration),
        span(sizes.load),
    );
    let steps = (
        1..=2u32,
        1..=sizes.steps.min(3),
        1..=sizes.steps.max(2),
        1..=sizes.steps.max(2),
    );
    let load = (
        prop_oneof![Just(MassUnit::Kg), Just(MassUnit::Lb)],
        prop_oneof![Just(50u32), Just(100), Just(250)],
        0..3u8,
        prop_oneof![
            Just(1000u32),
            Just(2500),
            Just(3300),
            Just(5000),
            Just(10_000)
        ],
    );
    let rate = (
        sizes.min.0..=sizes.min.1,
        any::<u32>(),
        sizes.max.0..=sizes.max.1,
    );
    let order = Just(DoseVar::ALL.map(|(v, _)| v).to_vec()).prop_shuffle();
    (
        kind,
        numbers,
        steps,
        load,
        rate,
        order,
        any::<u64>(),
        2..=6u32,
    )
        .prop_map(
            |(
                kind,
                (sets, reps, hold, duration, load),
                (sets_step, reps_step, hold_step, duration_step),
                (unit, load_step, rack, cap),
                (min, t, m),
                order,
                pick,
                weeks,
            )| {
                let has = |k: &[u8]| k.contains(&kind);
                let load_range = range(
                    Load {
                        hundredths: load.0 * 50,
                        unit,
                    },
                    Load {
                        hundredths: (load.0 + load.1) * 50,
                        unit,
                    },
                );
                let dose = Dose {
                    sets: range(Sets(sets.0), Sets(sets.0 + sets.1)),
                    reps: has(&[1, 2, 3, 5]).then(|| range(Reps(reps.0), Reps(reps.0 + reps.1))),
                    hold: has(&[2, 4, 5]).then(|| range(Seconds(hold.0), Seconds(hold.0 + hold.1))),
                    duration: has(&[0, 6])
                        .then(|| range(Seconds(duration.0), Seconds(duration.0 + duration.1))),
                    load: has(&[3, 5, 6]).then_some(load_range),
                    tempo: None,
                };
                // Most of the variables with room (each 3 in 4), in a random order.
                let grow: Vec<DoseVar> = order
                    .into_iter()
                    .enumerate()
                    .filter(|(i, v)| dose.has_room(*v) && pick >> (2 * i) & 3 != 0)
                    .map(|(_, v)| v)
                    .collect();
                let mut step = Steps::defaults(unit);
                step.sets = Sets(sets_step);
                step.reps = Reps(reps_step);
                step.hold = Seconds(hold_step);
                step.duration = Seconds(duration_step);
                step.load = Load {
                    hundredths: load_step,
                    unit,
                };
                // A rack: none (steps), every half-unit, or a sparse one
                // with both ends (gaps the cap may refuse).
                let (lo, hi) = (load_range.low.hundredths, load_range.high.hundredths);
                let weights: Vec<Load> = match (rack, dose.load.is_some()) {
                    (0, _) | (_, false) => Vec::new(),
                    (r, true) => {
                        let mut w: Vec<Load> = (lo..=hi)
                            .step_by(50)
                            .enumerate()
                            .filter(|(i, h)| r == 1 || i % 3 == 0 || *h == hi)
                            .map(|(_, hundredths)| Load { hundredths, unit })
                            .collect();
                        w.dedup();
                        w
                    }
                };
                let max = m.max(min);
                let target = min + t % (max - min + 1);
                Rx {
                    dose,
                    progression: Progression {
                        grow,
                        steps: step,
                        weights,
                        max_load_jump: Rate { basis_points: cap },
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

fn exercise(rx: &Rx) -> Exercise {
    Exercise {
        id: Slug::parse("exercise").unwrap(),
        title: "Exercise".to_string(),
        stage: Slug::parse("stage").unwrap(),
        summary: None,
        equipment: Vec::new(),
        cues: Vec::new(),
        cautions: Vec::new(),
        media: None,
        dose: rx.dose.clone(),
        prescription: rx.dose.clone(),
        frequency: Frequency::EveryNDays { days: 2 },
        progression: rx.progression.clone(),
        instructions: "Move.".to_string(),
        brief: None,
        figure: None,
    }
}

// ---------------------------------------------------------------------
// The oracle: the documented rules, judged on doses

/// Exact band test: `before × (1 + min) ≤ after ≤ before × (1 + max)`, and growth.
fn in_band(rate: RateBand, before: u64, after: u64) -> bool {
    let (b, a) = (u128::from(before), u128::from(after));
    a > b
        && a * 10_000 >= b * (10_000 + u128::from(rate.min.basis_points))
        && a * 10_000 <= b * (10_000 + u128::from(rate.max.basis_points))
}

/// How a variable's value compares between two doses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moved {
    Same,
    Up,
    Down,
}

/// Reps are compared set by set: the same when every set is alike and
/// unchanged; with the same sets, by their total; with other sets, by the
/// most reps in a set.
fn moved(var: DoseVar, a: &SessionDose, b: &SessionDose) -> Moved {
    let cmp = |x: u64, y: u64| match x.cmp(&y) {
        std::cmp::Ordering::Equal => Moved::Same,
        std::cmp::Ordering::Less => Moved::Up,
        std::cmp::Ordering::Greater => Moved::Down,
    };
    let secs = |s: Option<Seconds>| u64::from(s.map_or(0, |s| s.0));
    match var {
        DoseVar::Sets => cmp(a.sets.0.into(), b.sets.0.into()),
        DoseVar::Hold => cmp(secs(a.hold_seconds), secs(b.hold_seconds)),
        DoseVar::Duration => cmp(secs(a.duration_seconds), secs(b.duration_seconds)),
        DoseVar::Load => cmp(
            a.load.map_or(0, |l| l.hundredths).into(),
            b.load.map_or(0, |l| l.hundredths).into(),
        ),
        DoseVar::Reps => {
            let (Some(x), Some(y)) = (&a.reps_per_set, &b.reps_per_set) else {
                return Moved::Same;
            };
            if x.len() == y.len() {
                let total = |r: &[Reps]| r.iter().map(|r| u64::from(r.0)).sum();
                return if x == y {
                    Moved::Same
                } else {
                    cmp(total(x), total(y))
                };
            }
            let alike = |r: &[Reps]| r.windows(2).all(|w| w[0] == w[1]);
            if alike(x) && alike(y) && x[0] == y[0] {
                return Moved::Same;
            }
            let most = |r: &[Reps]| r.iter().map(|r| u64::from(r.0)).max().unwrap_or(0);
            match cmp(most(x), most(y)) {
                Moved::Up => Moved::Up,
                _ => Moved::Down,
            }
        }
    }
}

/// The partner table of section 5.
fn partner(p: &Prescription, var: DoseVar) -> Option<DoseVar> {
    use DoseVar::{Duration, Hold, Load, Reps, Sets};
    let order: &[DoseVar] = match var {
        Reps => &[],
        Hold | Duration => &[Reps, Sets],
        Sets => &[Reps, Duration, Hold],
        Load => &[Reps, Duration, Hold, Sets],
    };
    order
        .iter()
        .copied()
        .find(|v| p.has(*v))
        .filter(|v| p.grows(*v))
}

struct Oracle<'p> {
    p: &'p Prescription,
    rate: RateBand,
    states: Vec<Rungs>,
    top_volume: u64,
    best: HashMap<(Rungs, u32), Cost>,
    alone: std::cell::RefCell<HashMap<(Rungs, DoseVar), bool>>,
}

/// The documented cost, field by field in the documented order.
type Cost = (u32, u32, u128, u32, u32, u64);

fn add(a: Cost, b: Cost) -> Cost {
    (
        a.0 + b.0,
        a.1 + b.1,
        a.2 + b.2,
        a.3 + b.3,
        a.4 + b.4,
        a.5 + b.5,
    )
}

impl<'p> Oracle<'p> {
    fn new(p: &'p Prescription, rate: RateBand) -> Oracle<'p> {
        let mut states = Vec::new();
        let load_top = p.load.as_ref().map_or(0, |l| l.top());
        for sets in 0..=p.sets.top {
            let reps_top = p.reps.map_or(0, |r| r.top * p.sets.value(sets).0);
            for reps in 0..=reps_top {
                for hold in 0..=p.hold.map_or(0, |l| l.top) {
                    for duration in 0..=p.duration.map_or(0, |l| l.top) {
                        for load in 0..=load_top {
                            states.push(Rungs {
                                sets,
                                reps,
                                hold,
                                duration,
                                load,
                            });
                        }
                    }
                }
            }
        }
        let top_volume = states
            .iter()
            .map(|s| p.volume(*s).hundredths)
            .max()
            .unwrap_or(0);
        Oracle {
            p,
            rate,
            states,
            top_volume,
            best: HashMap::new(),
            alone: std::cell::RefCell::new(HashMap::new()),
        }
    }

    fn volume(&self, r: Rungs) -> u64 {
        self.p.volume(r).hundredths
    }

    /// The variable that grew if `s → t` is a week the rules allow.
    fn legal(&self, s: Rungs, t: Rungs) -> Option<DoseVar> {
        let p = self.p;
        if !in_band(self.rate, self.volume(s), self.volume(t)) {
            return None;
        }
        let (a, b) = (p.dose(s), p.dose(t));
        let vars: Vec<DoseVar> = DoseVar::ALL
            .iter()
            .map(|(v, _)| *v)
            .filter(|v| p.has(*v))
            .collect();
        let ups: Vec<DoseVar> = vars
            .iter()
            .copied()
            .filter(|v| moved(*v, &a, &b) == Moved::Up)
            .collect();
        let [grown] = ups[..] else { return None };
        if !p.grows(grown) {
            return None;
        }
        let others: Vec<DoseVar> = vars
            .iter()
            .copied()
            .filter(|v| *v != grown && moved(*v, &a, &b) != Moved::Same)
            .collect();
        let one_step = |var: DoseVar| match var {
            DoseVar::Reps => false,
            _ => t.get(var) == s.get(var) + 1,
        };
        if grown == DoseVar::Load {
            let (from, to) = (a.load.unwrap().hundredths, b.load.unwrap().hundredths);
            let cap = u64::from(p.max_load_jump.basis_points);
            if !one_step(DoseVar::Load) || u64::from(to) * 10_000 > u64::from(from) * (10_000 + cap)
            {
                return None;
            }
        }
        match others[..] {
            [] => Some(grown),
            [q] if Some(q) == partner(p, grown) && one_step(grown) => {
                // After its partner, only when the partner cannot grow alone.
                let first = |v: DoseVar| p.grow.iter().position(|g| *g == v);
                if first(grown) > first(q) && self.grows_alone(s, q) {
                    return None;
                }
                Some(grown)
            }
            _ => None,
        }
    }

    /// True when `q` alone can grow inside the band from `s`.
    fn grows_alone(&self, s: Rungs, q: DoseVar) -> bool {
        if let Some(known) = self.alone.borrow().get(&(s, q)) {
            return *known;
        }
        let found = self.states.iter().any(|t| {
            let (a, b) = (self.p.dose(s), self.p.dose(*t));
            let only_q = DoseVar::ALL
                .iter()
                .all(|(v, _)| *v == q || moved(*v, &a, &b) == Moved::Same);
            only_q && moved(q, &a, &b) == Moved::Up && self.legal(s, *t) == Some(q)
        });
        self.alone.borrow_mut().insert((s, q), found);
        found
    }

    fn moves(&self, s: Rungs) -> Vec<(Rungs, DoseVar)> {
        self.states
            .iter()
            .filter_map(|t| self.legal(s, *t).map(|v| (*t, v)))
            .collect()
    }

    fn week_cost(&self, s: Rungs, t: Rungs, grown: DoseVar) -> Cost {
        let (before, after) = (u128::from(self.volume(s)), u128::from(self.volume(t)));
        let growth = (after - before) * 1_000_000_000_000 / before;
        let target = u128::from(self.rate.target.basis_points) * 100_000_000;
        let order = self.p.grow.iter().position(|v| *v == grown).unwrap();
        let dose = self.p.dose(t);
        (
            0,
            0,
            growth.abs_diff(target),
            u32::from(!dose.sets_are_even()),
            u32::try_from(order).unwrap(),
            u64::from(dose.load.map_or(0, |l| l.hundredths)),
        )
    }

    fn hold_cost(&self, s: Rungs) -> Cost {
        let (v, top) = (u128::from(self.volume(s)), u128::from(self.top_volume));
        if self.p.grow.is_empty() || v >= top {
            (0, 0, 0, 0, 0, 0)
        } else if top * 10_000 < v * (10_000 + u128::from(self.rate.min.basis_points)) {
            (0, 1, 0, 0, 0, 0)
        } else {
            (1, 0, 0, 0, 0, 0)
        }
    }

    /// The cheapest cost of `left` more weeks from `s`, over every sequence.
    fn cheapest(&mut self, s: Rungs, left: u32) -> Cost {
        if left == 0 {
            return (0, 0, 0, 0, 0, 0);
        }
        if let Some(c) = self.best.get(&(s, left)) {
            return *c;
        }
        let moves = self.moves(s);
        let cost = if moves.is_empty() {
            (0..left).fold((0, 0, 0, 0, 0, 0), |c, _| add(c, self.hold_cost(s)))
        } else {
            moves
                .into_iter()
                .map(|(t, v)| add(self.week_cost(s, t, v), self.cheapest(t, left - 1)))
                .min()
                .unwrap()
        };
        self.best.insert((s, left), cost);
        cost
    }

    /// The cost of the engine's plan, checking each week is allowed.
    fn cost_of(&self, weeks: &[(Rungs, Step)]) -> Result<Cost, String> {
        let mut cost = (0, 0, 0, 0, 0, 0);
        for pair in weeks.windows(2) {
            let (s, t) = (pair[0].0, pair[1].0);
            match pair[1].1 {
                Step::Grew(g) => {
                    let grown = self
                        .legal(s, t)
                        .ok_or_else(|| format!("a week the rules do not allow: {s:?} → {t:?}"))?;
                    if grown != g.var {
                        return Err(format!("{:?} grew, but the step says {:?}", grown, g.var));
                    }
                    cost = add(cost, self.week_cost(s, t, grown));
                }
                Step::Held { .. } => {
                    if s != t {
                        return Err("a hold changed the dose".to_string());
                    }
                    if let Some((t, _)) = self.moves(s).first() {
                        return Err(format!("held at {s:?} although {t:?} was allowed"));
                    }
                    cost = add(cost, self.hold_cost(s));
                }
                Step::Start { .. } => return Err("a start after week 1".to_string()),
            }
        }
        Ok(cost)
    }
}

/// A dose anywhere on `p`'s ladders, every set alike, picked by `at`.
fn somewhere(p: &Prescription, at: [u32; 5]) -> Rungs {
    let sets = at[0] % (p.sets.top + 1);
    let per_set = at[1] % (p.reps.map_or(0, |r| r.top) + 1);
    Rungs {
        sets,
        reps: per_set * p.sets.value(sets).0,
        hold: at[2] % (p.hold.map_or(0, |l| l.top) + 1),
        duration: at[3] % (p.duration.map_or(0, |l| l.top) + 1),
        load: at[4] % (p.load.as_ref().map_or(0, |l| l.top()) + 1),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// (a) and (b): from any dose, every week the engine plans is one the
    /// rules allow; it holds only when no week is allowed; and its plan
    /// costs exactly as little as the cheapest sequence the oracle finds,
    /// so it never holds where some sequence inside the band would have
    /// grown every week or reached the top.
    #[test]
    fn the_engine_finds_the_cheapest_plan_the_rules_allow(rx in rx(SMALL), at in any::<[u32; 5]>(), from_start in any::<bool>()) {
        let p = Prescription::new(&rx.dose, &rx.progression);
        let start = if from_start { p.start() } else { somewhere(&p, at) };
        let weeks = Search::new(&p, rx.rate).path(start, rx.weeks);
        let mut oracle = Oracle::new(&p, rx.rate);
        let engine_cost = oracle.cost_of(&weeks).map_err(TestCaseError::fail)?;
        let best = oracle.cheapest(start, rx.weeks - 1);
        // No avoidable hold: stuck and short-of-the-top weeks first.
        prop_assert_eq!((engine_cost.0, engine_cost.1), (best.0, best.1), "avoidable hold");
        prop_assert_eq!(engine_cost, best);
    }

    /// The search remembers solved doses between plans (the sweep asks it
    /// for many); what it remembers never changes a plan.
    #[test]
    fn a_shared_search_plans_like_a_fresh_one(rx in rx(SMALL), other in 0u32..4) {
        let p = Prescription::new(&rx.dose, &rx.progression);
        let mut shared = Search::new(&p, rx.rate);
        // Warm it up on other starts and lengths first.
        let top = p.top();
        let warm = Rungs { reps: top.reps.min(other), hold: top.hold.min(other), ..p.start() };
        shared.path(warm, 6);
        shared.path(p.start(), rx.weeks + 1);
        let fresh = Search::new(&p, rx.rate).path(p.start(), rx.weeks);
        prop_assert_eq!(&shared.path(p.start(), rx.weeks), &fresh);
        // And `progress` is that path.
        let planned: Vec<(Rungs, Step)> = progress(&p, rx.rate, rx.weeks, false).iter().map(|w| (w.rungs, w.step)).collect();
        prop_assert_eq!(planned, fresh);
    }
}

// ---------------------------------------------------------------------
// Safety rules on personalised plans

/// A person's request: plan unit, baselines, equipment, in any mix.
#[derive(Debug, Clone)]
struct Person {
    unit: MassUnit,
    baselines: Vec<Baseline>,
    equipment: Option<Equipment>,
}

fn person() -> impl Strategy<Value = (u8, [u32; 5], u8, MassUnit)> {
    (
        any::<u8>(),
        [1..100u32, 1..100u32, 1..100u32, 1..100u32, 1..100u32],
        0..3u8,
        prop_oneof![Just(MassUnit::Kg), Just(MassUnit::Lb)],
    )
}

/// Baselines on some variables (each somewhere within its range, or a
/// little below its bottom), equipment in the plan's unit or none.
fn make_person(rx: &Rx, (which, at, kit, unit): (u8, [u32; 5], u8, MassUnit)) -> Person {
    let d = &rx.dose;
    let pick = |i: usize| which >> i & 1 == 1;
    let within = |low: u32, high: u32, at: u32| {
        (low * 4 / 5).max(1) + at % (high - (low * 4 / 5).max(1) + 1)
    };
    let mut baselines = Vec::new();
    let mut add = |value| {
        baselines.push(Baseline {
            exercise: None,
            value,
        })
    };
    if pick(0) {
        add(BaselineValue::Sets(Sets(within(
            d.sets.low.0,
            d.sets.high.0,
            at[0],
        ))));
    }
    if let (true, Some(r)) = (pick(1), d.reps) {
        add(BaselineValue::Reps(Reps(within(r.low.0, r.high.0, at[1]))));
    }
    if let (true, Some(h)) = (pick(2), d.hold) {
        add(BaselineValue::Hold(Seconds(within(
            h.low.0, h.high.0, at[2],
        ))));
    }
    if let (true, Some(s)) = (pick(3), d.duration) {
        add(BaselineValue::Duration(Seconds(within(
            s.low.0, s.high.0, at[3],
        ))));
    }
    let step = match unit {
        MassUnit::Kg => 50,
        MassUnit::Lb => 100,
    };
    let equipment = match kit {
        1 => Some(Equipment::Step(Load {
            hundredths: step * (1 + at[4] % 5),
            unit,
        })),
        2 => Some(Equipment::from_weights(
            (1..=40)
                .filter(|i| i % (1 + at[4] % 4) == 0 || *i < 4)
                .map(|i| Load {
                    hundredths: i * step,
                    unit,
                })
                .collect(),
        )),
        _ => None,
    };
    Person {
        unit,
        baselines,
        equipment,
    }
}

/// `load` in hundredths of a kilogram × 10⁸, exactly, to compare across units.
fn exact(load: Load) -> u128 {
    match load.unit {
        MassUnit::Kg => u128::from(load.hundredths) * 100_000_000,
        MassUnit::Lb => u128::from(load.hundredths) * 45_359_237,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// Every personalised plan keeps the band, the load-jump cap and the
    /// program's bounds, in whole steps from its own start.
    #[test]
    fn personalised_plans_keep_every_safety_rule(rx in rx(LARGE), who in person()) {
        let person = make_person(&rx, who);
        let indexed: Vec<(usize, &Baseline)> = person.baselines.iter().enumerate().collect();
        let Ok(p) = Prescription::personalised(&exercise(&rx), person.unit, person.equipment.as_ref(), &indexed) else {
            // A refused request is the CLI's error to show, not a plan.
            return Ok(());
        };
        let weeks = progress(&p, rx.rate, rx.weeks, !indexed.is_empty());
        prop_assert_eq!(weeks.len() as u32, rx.weeks);
        prop_assert_eq!(weeks[0].status, Status::Baseline);
        let first = &weeks[0].dose;
        for b in &person.baselines {
            match b.value {
                BaselineValue::Sets(v) => prop_assert_eq!(first.sets, v),
                BaselineValue::Reps(v) => prop_assert!(first.reps_per_set.iter().flatten().all(|r| *r == v)),
                BaselineValue::Hold(v) => prop_assert_eq!(first.hold_seconds, Some(v)),
                BaselineValue::Duration(v) => prop_assert_eq!(first.duration_seconds, Some(v)),
                BaselineValue::Load(v) => prop_assert_eq!(first.load, Some(v)),
            }
        }
        let (min, max) = (u128::from(rx.rate.min.basis_points), u128::from(rx.rate.max.basis_points));
        let d = &rx.dose;
        let steps = &rx.progression.steps;
        for pair in weeks.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (before, after) = (u128::from(a.volume.hundredths), u128::from(b.volume.hundredths));
            prop_assert!(after >= before, "volume fell: {:?}", pair);
            prop_assert!(after * 10_000 <= before * (10_000 + max), "above the maximum: {:?}", pair);
            match b.status {
                Status::Progress => prop_assert!(after * 10_000 >= before * (10_000 + min) && after > before),
                Status::Hold => prop_assert_eq!(&b.dose, &a.dose),
                Status::Baseline => prop_assert!(false, "a baseline after week 1"),
            }
            if let (Some(x), Some(y)) = (a.dose.load, b.dose.load) {
                let cap = u128::from(rx.progression.max_load_jump.basis_points);
                prop_assert!(u128::from(y.hundredths) * 10_000 <= u128::from(x.hundredths) * (10_000 + cap), "load jump {} → {}", x, y);
            }
        }
        for week in &weeks {
            let dose = &week.dose;
            // Bounds: never above the program's upper bound (loads compared exactly across units).
            prop_assert!(dose.sets <= d.sets.high);
            prop_assert!(dose.reps_per_set.iter().flatten().all(|r| Some(*r) <= d.reps.map(|r| r.high)));
            prop_assert!(dose.hold_seconds <= d.hold.map(|h| h.high));
            prop_assert!(dose.duration_seconds <= d.duration.map(|h| h.high));
            if let (Some(l), Some(range)) = (dose.load, d.load) {
                prop_assert_eq!(l.unit, person.unit);
                prop_assert!(exact(l) <= exact(range.high), "{} is above {}", l, range.high);
            }
            // Whole steps from the person's own start; sets differ by one step at most.
            prop_assert!((dose.sets.0 as i64 - first.sets.0 as i64) % i64::from(steps.sets.0) == 0);
            if let Some(reps) = &dose.reps_per_set {
                prop_assert_eq!(reps.len() as u32, dose.sets.0);
                let r0 = i64::from(first.reps_per_set.as_ref().unwrap()[0].0);
                prop_assert!(reps.iter().all(|r| (i64::from(r.0) - r0) % i64::from(steps.reps.0) == 0));
                let spread = reps.iter().max().unwrap().0 - reps.iter().min().unwrap().0;
                prop_assert!(spread <= steps.reps.0, "{:?}", reps);
            }
            for (now, start, step) in [
                (dose.hold_seconds, first.hold_seconds, steps.hold.0),
                (dose.duration_seconds, first.duration_seconds, steps.duration.0),
            ] {
                if let (Some(now), Some(start)) = (now, start) {
                    prop_assert!((i64::from(now.0) - i64::from(start.0)) % i64::from(step) == 0);
                }
            }
            // Volume is what the docs define.
            let count = u64::from(dose.total_reps().unwrap_or(dose.sets.0));
            let seconds = u64::from(dose.hold_seconds.or(dose.duration_seconds).map_or(1, |s| s.0));
            let load = dose.load.map_or(100, |l| u64::from(l.hundredths));
            prop_assert_eq!(week.volume.hundredths, count * seconds * load);
            // Variables that do not grow stay put.
            let grows = |v| rx.progression.grow.contains(&v);
            if !grows(DoseVar::Sets) { prop_assert_eq!(dose.sets, first.sets); }
            if !grows(DoseVar::Hold) { prop_assert_eq!(dose.hold_seconds, first.hold_seconds); }
            if !grows(DoseVar::Duration) { prop_assert_eq!(dose.duration_seconds, first.duration_seconds); }
            if !grows(DoseVar::Load) { prop_assert_eq!(dose.load, first.load); }
            if !grows(DoseVar::Reps) {
                let r0 = first.reps_per_set.as_ref().map(|f| f[0]);
                prop_assert!(dose.reps_per_set.iter().flatten().all(|r| Some(*r) == r0));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// `check`'s sweep and the engine agree: a plan from a swept start, rate
    /// and length is stuck before the top exactly when the sweep reports a
    /// region holding that start.
    #[test]
    fn the_sweep_reports_exactly_the_starts_that_get_stuck(rx in rx(SMALL), at in [0u32..8, 0..8, 0..8, 0..8, 0..8]) {
        let band = RateBand { target: rx.rate.min, ..rx.rate };
        let regions = sweep(&exercise(&rx), band, 6);
        // A start on the programmed steps, in the program's own unit.
        let p = Prescription::new(&rx.dose, &rx.progression);
        let grows = |v| p.grows(v) && p.has(v);
        let pick = |v: DoseVar, i: usize, top: u32| if grows(v) { at[i] % (top + 1) } else { p.start().get(v) };
        let per_set = pick(DoseVar::Reps, 1, p.reps.map_or(0, |r| r.top));
        let sets = pick(DoseVar::Sets, 0, p.sets.top);
        let start = Rungs {
            sets,
            reps: if grows(DoseVar::Reps) { per_set * p.sets.value(sets).0 } else { 0 },
            hold: pick(DoseVar::Hold, 2, p.hold.map_or(0, |l| l.top)),
            duration: pick(DoseVar::Duration, 3, p.duration.map_or(0, |l| l.top)),
            load: pick(DoseVar::Load, 4, p.load.as_ref().map_or(0, |l| l.top())),
        };
        // Stuck at any swept rate and length?
        let start_dose = p.dose(start);
        let mut targets: Vec<u32> = (band.min.basis_points..=band.max.basis_points).step_by(50).collect();
        if targets.last() != Some(&band.max.basis_points) {
            targets.push(band.max.basis_points);
        }
        let stuck = targets.iter().any(|&target| {
            let rate = RateBand { target: Rate { basis_points: target }, ..band };
            let mut search = Search::new(&p, rate);
            (2..=6).any(|weeks| {
                search.path(start, weeks).iter().any(|(_, step)| {
                    matches!(step, Step::Held { reason } if !reason.at_top() && *reason != HoldReason::NoProgression)
                })
            })
        });
        let reported = regions.iter().any(|r| {
            r.trouble == Trouble::Holds
                && r.unit.is_none_or(|u| Some(u) == rx.dose.load.map(|l| l.low.unit))
                && r.starts.contains(&start_dose)
        });
        prop_assert!(regions.iter().all(|r| r.trouble == Trouble::Holds), "a rule broken: {:?}", regions);
        prop_assert_eq!(stuck, reported, "from {:?}: {:?}", start_dose, regions);
    }
}
