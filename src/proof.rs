//! `check`'s proof of a program: every plan a person can ask for of every
//! exercise, swept by the engine ([`planwright_core::progression::sweep`]),
//! and each group of starting doses whose plans would be stuck before the
//! top of their range turned into a warning at the exercise's
//! `progression` line.
//!
//! It reads no files (the loader found the lines) and decides nothing: the
//! engine sweeps and [`planwright_core::wording`] says what it found; this
//! module runs the exercises in parallel and places the words.

use std::path::PathBuf;

use planwright_core::progression::sweep::sweep;
use planwright_core::wording;
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Position};
use crate::model::{Program, Slug};

/// A warning for every region of every exercise whose plans would hold
/// before the top of their range (or break a rule), in exercise order.
/// `at` gives the file and line to point at for an exercise.
pub fn warnings(
    program: &Program,
    at: impl Fn(&Slug) -> (PathBuf, Position) + Sync,
) -> Vec<Diagnostic> {
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
            let (path, position) = at(&exercise.id);
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
