//! One week's decision: which variable grows, to which rung, or why the
//! dose holds. The rules are written out in `docs/progression.md`.
//!
//! Every comparison against the band is exact integer arithmetic on
//! volumes (`new × 10000` against `old × (10000 + basis points)`), so
//! "never above the maximum" cannot be broken by rounding.

use super::prescription::{Prescription, Rungs};
use crate::model::{DoseVar, RateBand};
use crate::plan::{Change, Volume};

/// What a week does with the dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// `var` grew and the dose moved to `to`.
    Grew {
        /// The variable that grew (reps may be re-chosen with sets or load).
        var: DoseVar,
        /// The new dose.
        to: Rungs,
    },
    /// The dose stays as it was.
    Held(HoldReason),
}

/// Why a week holds the previous dose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldReason {
    /// The exercise has no `progression`.
    NoProgression,
    /// Every growing variable is at its upper bound.
    TopReached,
    /// Every possible step grows more than the band's maximum; `smallest`
    /// is the gentlest of them.
    TooBig {
        /// The smallest possible growth.
        smallest: Change,
    },
    /// The only steps left (before the upper bounds) grow less than the
    /// band's minimum; `largest` is the biggest of them.
    TooSmall {
        /// The largest possible growth.
        largest: Change,
    },
    /// Steps exist on both sides of the band but none inside it.
    Gap {
        /// The largest growth below the minimum.
        below: Change,
        /// The smallest growth above the maximum.
        above: Change,
    },
}

/// The band around last week's volume, as exact integer thresholds on
/// `volume × 10000`.
struct Band {
    from: u64,
    lowest: u128,
    highest: u128,
    aim: u128,
}

impl Band {
    fn new(from: Volume, rate: RateBand) -> Band {
        let v = u128::from(from.hundredths);
        let at = |bp: u32| v * (10_000 + u128::from(bp));
        Band {
            from: from.hundredths,
            lowest: at(rate.min.basis_points),
            highest: at(rate.max.basis_points),
            aim: at(rate.target.basis_points),
        }
    }
}

/// A dose that grows volume and stays inside the band.
#[derive(Clone, Copy)]
struct Candidate {
    rungs: Rungs,
    /// Even sets first, then nearest the target, then the smaller increase.
    rank: (bool, u128, u64),
}

/// Whether to keep offering bigger doses of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    More,
    /// The dose offered was above the band: bigger ones are too.
    Stop,
}

/// The doses one variable can reach, offered smallest volume first.
struct Scan<'a> {
    p: &'a Prescription,
    band: &'a Band,
    best: Option<Candidate>,
    /// The largest volume offered below the band.
    below: Option<u64>,
    /// The smallest volume offered above the band.
    above: Option<u64>,
}

impl<'a> Scan<'a> {
    fn new(p: &'a Prescription, band: &'a Band) -> Scan<'a> {
        Scan {
            p,
            band,
            best: None,
            below: None,
            above: None,
        }
    }

    fn offer(&mut self, rungs: Rungs) -> Flow {
        let volume = self.p.volume(rungs).hundredths;
        if volume <= self.band.from {
            return Flow::More;
        }
        let scaled = u128::from(volume) * 10_000;
        if scaled < self.band.lowest {
            self.below = self.below.max(Some(volume));
            return Flow::More;
        }
        if scaled > self.band.highest {
            self.above = Some(self.above.map_or(volume, |a| a.min(volume)));
            return Flow::Stop;
        }
        let candidate = Candidate {
            rungs,
            rank: (self.p.uneven(rungs), scaled.abs_diff(self.band.aim), volume),
        };
        if self.best.is_none_or(|b| candidate.rank < b.rank) {
            self.best = Some(candidate);
        }
        Flow::More
    }

    /// Offers every total of reps for the sets and load of `base`, from the
    /// smallest that grows volume upwards: the reps of a heavier load or an
    /// extra set are re-chosen so the week lands in the band. Returns
    /// [`Flow::Stop`] when even the smallest was above the band.
    fn reps_rechosen(&mut self, base: Rungs) -> Flow {
        let Some(reps) = self.p.reps else {
            return self.offer(base);
        };
        let sets = self.p.sets.value(base.sets).0;
        let top = sets * reps.top;
        let (_, each) = self.p.volume_parts(Rungs { reps: 0, ..base });
        // The fewest total reps whose volume is above last week's.
        let needed = self.band.from / each + 1;
        let at_floor = u64::from(sets) * u64::from(reps.floor.0);
        let step = u64::from(reps.step.0);
        let first = needed.saturating_sub(at_floor).div_ceil(step);
        let first = u32::try_from(first).unwrap_or(u32::MAX);
        for k in first..=top {
            if self.offer(Rungs { reps: k, ..base }) == Flow::Stop {
                return if k == first { Flow::Stop } else { Flow::More };
            }
        }
        Flow::More
    }
}

/// The next week's decision from a dose at `from`.
pub fn decide(p: &Prescription, from: Rungs, rate: RateBand) -> Decision {
    if p.grow.is_empty() {
        return Decision::Held(HoldReason::NoProgression);
    }
    let volume = p.volume(from);
    let band = Band::new(volume, rate);
    let (mut below, mut above) = (None::<u64>, None::<u64>);
    for &var in &p.grow {
        let mut scan = Scan::new(p, &band);
        moves(&mut scan, var, from);
        if let Some(best) = scan.best {
            return Decision::Grew {
                var,
                to: best.rungs,
            };
        }
        below = below.max(scan.below);
        above = match (above, scan.above) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let change = |to: u64| Change {
        from: volume,
        to: Volume { hundredths: to },
    };
    Decision::Held(match (below, above) {
        (None, None) => HoldReason::TopReached,
        (None, Some(a)) => HoldReason::TooBig {
            smallest: change(a),
        },
        (Some(b), None) => HoldReason::TooSmall { largest: change(b) },
        (Some(b), Some(a)) => HoldReason::Gap {
            below: change(b),
            above: change(a),
        },
    })
}

/// Offers every dose reachable by growing `var` alone (with reps re-chosen
/// when sets or load grow and reps may grow too).
fn moves(scan: &mut Scan<'_>, var: DoseVar, from: Rungs) {
    let p = scan.p;
    match var {
        DoseVar::Reps => {
            let Some(reps) = p.reps else { return };
            let top = p.sets.value(from.sets).0 * reps.top;
            for k in from.reps + 1..=top {
                if scan.offer(Rungs { reps: k, ..from }) == Flow::Stop {
                    break;
                }
            }
        }
        DoseVar::Hold => {
            let top = p.hold.map_or(0, |l| l.top);
            for k in from.hold + 1..=top {
                if scan.offer(Rungs { hold: k, ..from }) == Flow::Stop {
                    break;
                }
            }
        }
        DoseVar::Duration => {
            let top = p.duration.map_or(0, |l| l.top);
            for k in from.duration + 1..=top {
                if scan.offer(Rungs {
                    duration: k,
                    ..from
                }) == Flow::Stop
                {
                    break;
                }
            }
        }
        DoseVar::Sets => {
            let sets = p.sets.value(from.sets).0;
            for k in from.sets + 1..=p.sets.top {
                let more = p.sets.value(k).0;
                let flow = if p.reps.is_some() && p.grows(DoseVar::Reps) {
                    scan.reps_rechosen(Rungs { sets: k, ..from })
                } else {
                    // Reps that do not grow are the same in every set.
                    let each = from.reps / sets;
                    scan.offer(Rungs {
                        sets: k,
                        reps: each * more,
                        ..from
                    })
                };
                if flow == Flow::Stop {
                    break;
                }
            }
        }
        DoseVar::Load => {
            let top = p.load.as_ref().map_or(0, |l| l.top());
            if from.load < top {
                let heavier = Rungs {
                    load: from.load + 1,
                    ..from
                };
                if p.grows(DoseVar::Reps) {
                    scan.reps_rechosen(heavier);
                } else {
                    scan.offer(heavier);
                }
            }
        }
    }
}
