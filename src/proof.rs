//! `check`'s proof of a program: every plan a person can ask for of every
//! exercise, swept by the engine ([`planwright_core::progression::sweep`]),
//! and each group of starting doses whose plans would be stuck before the
//! top of their range turned into a warning at the exercise's
//! `progression` line.
//!
//! It reads no files (the loader found the lines) and decides nothing: the
//! engine sweeps and [`planwright_core::wording`] says what it found; this
//! module runs the exercises in parallel and places the words.

use planwright_core::progression::sweep::sweep;
use planwright_core::wording;
use rayon::prelude::*;

use crate::content::Loaded;
use crate::diagnostic::{self, Diagnostic};

/// Everything `check` and `serve` warn about: the loader's warnings and
/// the proof's, in file and line order.
pub fn all_warnings(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut all = loaded.warnings.clone();
    all.extend(warnings(loaded));
    diagnostic::sort(&mut all);
    all
}

/// A warning for every region of every exercise whose plans would hold
/// before the top of their range (or break a rule), in exercise order, at
/// the exercise's `progression` line.
pub fn warnings(loaded: &Loaded) -> Vec<Diagnostic> {
    let program = &loaded.program;
    let band = program.config.rate;
    program
        .exercises
        .par_iter()
        .map(|exercise| {
            let max_weeks = program
                .stages
                .iter()
                .find(|s| s.id == exercise.stage)
                .map_or(12, |s| s.max_weeks);
            let (path, position) = loaded.progression_at(&exercise.id);
            sweep(exercise, band, max_weeks)
                .iter()
                .map(|region| {
                    Diagnostic::warning(path.clone(), position, wording::region(region, band))
                        .with_hint(wording::region_hint(region))
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}
