//! The plan of a stage as one path: of every sequence of weekly moves, the
//! one with the lowest [`Cost`].
//!
//! Choosing week by week can walk into a dead end (a dose from which every
//! step is under the minimum or over the maximum) although another
//! sequence inside the band reaches the top; and it cannot weigh this
//! week's step against the next ones. So the engine searches the whole
//! stage. The space is small (a few variables with a few dozen rungs, at
//! most 12 weeks) and the best path from a dose depends only on the dose
//! and the weeks left, so each (dose, weeks left) is solved once and
//! remembered: one plan takes microseconds, and `check`'s sweep of every
//! starting dose reuses the same table.
//!
//! A week moves whenever any move exists: a hold is never chosen, only
//! forced. The cost is documented in `docs/progression.md`, section 5.

use std::collections::HashMap;
use std::ops::Add;

use super::moves::{hold_reason, moves, standing, Move, Standing};
use super::prescription::{Prescription, Rungs};
use crate::model::RateBand;
use crate::plan::{HoldReason, Step};

/// What a path costs, compared field by field in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cost {
    /// Weeks held before the top of the range: a dead end.
    pub stuck: u32,
    /// Weeks held near the top, short of it (less than the band's minimum
    /// is left): the plan did not quite reach its top.
    pub near_top: u32,
    /// The sum over weeks that grow of how far each week's growth is from
    /// the target, as a fraction in units of 10⁻¹² (so 1% is 10¹⁰).
    pub distance: u128,
    /// Weeks whose sets carry different reps.
    pub uneven: u32,
    /// The position in `progression.grow` of each week's growing
    /// variable, summed: the author's order of preference.
    pub order: u32,
    /// The load of each week that grows, summed: lighter first.
    pub load: u64,
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            stuck: self.stuck.saturating_add(o.stuck),
            near_top: self.near_top.saturating_add(o.near_top),
            distance: self.distance.saturating_add(o.distance),
            uneven: self.uneven.saturating_add(o.uneven),
            order: self.order.saturating_add(o.order),
            load: self.load.saturating_add(o.load),
        }
    }
}

/// 10¹²: distances are fractions in these units.
const FRACTION: u128 = 1_000_000_000_000;

/// The cost of the week that makes move `m` from `from`.
pub fn move_cost(p: &Prescription, rate: RateBand, from: Rungs, m: &Move) -> Cost {
    let (before, after) = (
        u128::from(p.volume(from).hundredths),
        u128::from(p.volume(m.to).hundredths),
    );
    let growth = (after - before) * FRACTION / before.max(1);
    let target = u128::from(rate.target.basis_points) * (FRACTION / 10_000);
    Cost {
        stuck: 0,
        near_top: 0,
        distance: growth.abs_diff(target),
        uneven: u32::from(p.uneven(m.to)),
        order: p
            .grow
            .iter()
            .position(|v| *v == m.growth.var)
            .map_or(0, |i| u32::try_from(i).unwrap_or(u32::MAX)),
        load: p
            .load
            .as_ref()
            .map_or(0, |l| u64::from(l.value(m.to.load).hundredths)),
    }
}

/// The cost of one week held at `at`, a dose with no move.
pub fn hold_cost(p: &Prescription, rate: RateBand, at: Rungs) -> Cost {
    match standing(p, at, rate) {
        Standing::Top => Cost::default(),
        Standing::NearTop => Cost {
            near_top: 1,
            ..Cost::default()
        },
        Standing::Room => Cost {
            stuck: 1,
            ..Cost::default()
        },
    }
}

/// The best path from each dose, worked out once and remembered.
pub struct Search<'p> {
    p: &'p Prescription,
    rate: RateBand,
    moves: HashMap<Rungs, Vec<Move>>,
    best: HashMap<(Rungs, u32), (Cost, Option<Move>)>,
}

impl<'p> Search<'p> {
    /// A search of `p`'s paths in `rate`'s band.
    pub fn new(p: &'p Prescription, rate: RateBand) -> Search<'p> {
        Search {
            p,
            rate,
            moves: HashMap::new(),
            best: HashMap::new(),
        }
    }

    fn moves_from(&mut self, at: Rungs) -> Vec<Move> {
        let (p, rate) = (self.p, self.rate);
        self.moves
            .entry(at)
            .or_insert_with(|| moves(p, at, rate))
            .clone()
    }

    /// The cost of the best path of `weeks_left` more weeks from `from`.
    pub fn cost(&mut self, from: Rungs, weeks_left: u32) -> Cost {
        self.solve(from, weeks_left).0
    }

    fn solve(&mut self, from: Rungs, weeks_left: u32) -> (Cost, Option<Move>) {
        if weeks_left == 0 {
            return (Cost::default(), None);
        }
        if let Some(found) = self.best.get(&(from, weeks_left)) {
            return *found;
        }
        let moves = self.moves_from(from);
        let found = if moves.is_empty() {
            let week = hold_cost(self.p, self.rate, from);
            let held = (0..weeks_left).fold(Cost::default(), |total, _| total + week);
            (held, None)
        } else {
            let mut chosen: Option<(Cost, u64, Move)> = None;
            for m in moves {
                let cost = move_cost(self.p, self.rate, from, &m) + self.cost(m.to, weeks_left - 1);
                let volume = self.p.volume(m.to).hundredths;
                // Equal costs: the gentler week, then the lower rungs, so
                // the choice never depends on the order moves were found.
                let better =
                    chosen.is_none_or(|(c, v, best)| (cost, volume, m.to) < (c, v, best.to));
                if better {
                    chosen = Some((cost, volume, m));
                }
            }
            chosen.map_or((Cost::default(), None), |(cost, _, m)| (cost, Some(m)))
        };
        self.best.insert((from, weeks_left), found);
        found
    }

    /// The best plan of `weeks` weeks from `start`: each week's dose and
    /// what the week did (week 1 is [`Step::Start`], not personalised).
    pub fn path(&mut self, start: Rungs, weeks: u32) -> Vec<(Rungs, Step)> {
        let mut out = Vec::with_capacity(weeks as usize);
        out.push((
            start,
            Step::Start {
                personalised: false,
            },
        ));
        let mut at = start;
        // Once a week holds, every later one holds at the same dose, for
        // the same reason.
        let mut held = None;
        for left in (1..weeks).rev() {
            let step = match self.solve(at, left).1 {
                Some(m) => {
                    at = m.to;
                    Step::Grew(m.growth)
                }
                None => Step::Held {
                    reason: *held.get_or_insert_with(|| self.hold_reason(at)),
                },
            };
            out.push((at, step));
        }
        out
    }

    /// Why `at` holds.
    pub fn hold_reason(&self, at: Rungs) -> HoldReason {
        hold_reason(self.p, at, self.rate)
    }
}
