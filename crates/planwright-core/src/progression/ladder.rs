//! Ladders: the values a dose variable may take, as whole steps.
//!
//! A dose only ever lands on a rung, so "whole reps, whole seconds, real
//! dumbbells" holds by construction rather than by rounding afterwards.

use crate::model::{Load, Reps, Seconds, Sets};

/// A dose quantity counted in whole units (sets, reps, seconds).
pub trait Count: Copy + Ord {
    /// The number of units.
    fn get(self) -> u32;
    /// A quantity of `n` units.
    fn of(n: u32) -> Self;
}

impl Count for Sets {
    fn get(self) -> u32 {
        self.0
    }
    fn of(n: u32) -> Self {
        Sets(n)
    }
}

impl Count for Reps {
    fn get(self) -> u32 {
        self.0
    }
    fn of(n: u32) -> Self {
        Reps(n)
    }
}

impl Count for Seconds {
    fn get(self) -> u32 {
        self.0
    }
    fn of(n: u32) -> Self {
        Seconds(n)
    }
}

/// Rungs `floor + k × step` for `k` in `0..=top`; week 1 stands on `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ladder<T> {
    /// Rung 0, the lowest value the engine may use.
    pub floor: T,
    /// The distance between rungs.
    pub step: T,
    /// The rung of the week-1 value.
    pub start: u32,
    /// The highest rung that stays within the upper bound.
    pub top: u32,
}

impl<T: Count> Ladder<T> {
    /// A ladder through `start` in steps of `step`, reaching down to the
    /// lowest rung not below `lowest` and up to the highest not above
    /// `highest`. `lowest <= start <= highest` and `step > 0`.
    pub fn new(start: T, lowest: T, highest: T, step: T) -> Ladder<T> {
        let (s, step_n) = (start.get(), step.get().max(1));
        let down = s.saturating_sub(lowest.get()) / step_n;
        let up = highest.get().saturating_sub(s) / step_n;
        Ladder {
            floor: T::of(s - down * step_n),
            step: T::of(step_n),
            start: down,
            top: down + up,
        }
    }

    /// The value on `rung`.
    pub fn value(&self, rung: u32) -> T {
        T::of(self.floor.get() + rung * self.step.get())
    }
}

/// The loads a person can use: the listed weights, or every step of the
/// equipment. A load only ever grows, one rung at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadLadder {
    /// `floor + k × step`, for `k` in `0..=top`.
    Steps {
        /// Rung 0: the lowest load on the grid through the start.
        floor: Load,
        /// The smallest load change of the equipment.
        step: Load,
        /// The rung of the week-1 load.
        start: u32,
        /// The highest rung within the upper bound.
        top: u32,
    },
    /// The available weights up to the upper bound, lightest first.
    Weights {
        /// The weights.
        weights: Vec<Load>,
        /// The index of the week-1 load.
        start: u32,
    },
}

impl LoadLadder {
    /// The load on `rung`.
    pub fn value(&self, rung: u32) -> Load {
        match self {
            LoadLadder::Steps { floor, step, .. } => Load {
                hundredths: floor.hundredths + rung * step.hundredths,
                unit: floor.unit,
            },
            LoadLadder::Weights { weights, .. } => weights[rung as usize],
        }
    }

    /// The rung of the week-1 load.
    pub fn start(&self) -> u32 {
        match self {
            LoadLadder::Steps { start, .. } | LoadLadder::Weights { start, .. } => *start,
        }
    }

    /// The highest rung.
    pub fn top(&self) -> u32 {
        match self {
            LoadLadder::Steps { top, .. } => *top,
            // At most a few dozen listed weights; never near u32::MAX.
            LoadLadder::Weights { weights, .. } => {
                u32::try_from(weights.len().saturating_sub(1)).unwrap_or(u32::MAX)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MassUnit;

    #[test]
    fn rungs_are_anchored_at_the_start() {
        let l = Ladder::new(Reps(15), Reps(10), Reps(20), Reps(2));
        // 15 - 2 - 2 = 11 is the lowest rung not below 10; 19 the highest not above 20.
        assert_eq!((l.floor, l.start, l.top), (Reps(11), 2, 4));
        assert_eq!(l.value(l.top), Reps(19));
        let single = Ladder::new(Seconds(30), Seconds(30), Seconds(30), Seconds(5));
        assert_eq!((single.start, single.top), (0, 0));
    }

    #[test]
    fn listed_weights_are_the_rungs() {
        let kg = |n| Load::new(n, MassUnit::Kg);
        let l = LoadLadder::Weights {
            weights: vec![kg(4), kg(5), kg(6)],
            start: 0,
        };
        assert_eq!((l.value(1), l.top()), (kg(5), 2));
        let s = LoadLadder::Steps {
            floor: Load {
                hundredths: 750,
                unit: MassUnit::Lb,
            },
            step: Load {
                hundredths: 250,
                unit: MassUnit::Lb,
            },
            start: 0,
            top: 7,
        };
        assert_eq!(
            (s.value(7).to_string(), s.start()),
            ("25 lb".to_string(), 0)
        );
    }
}
