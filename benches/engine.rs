//! How many plans the progression engine computes per second, and how long
//! `check`'s proof of the shipped program takes.
//!
//! Each `plan` benchmark computes one whole plan (the whole-stage search,
//! dates, sessions, doses, next stage) from the shipped program;
//! criterion's throughput line ("thrpt", in elements per second) is plans
//! per second. One plan must take well under a millisecond, so that the
//! website can recompute a plan on every keystroke in the browser. The
//! `check` benchmarks sweep every plan a person can ask for of the five
//! shipped exercises (issue #14: well under a second, for every `check` and
//! every `serve` rebuild).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput};
use jiff::civil::Date;
use planwright::{content, proof};
use planwright_core::progression::sweep::sweep;
use planwright_core::progression::{plan, Baseline, PlanRequest, StageRef};

fn request(stage: usize, weeks: u32, baselines: Vec<Baseline>) -> PlanRequest {
    PlanRequest {
        stage: Some(StageRef::Number(stage)),
        exercises: Vec::new(),
        start: Date::new(2026, 6, 1).expect("a real date"),
        weeks: Some(weeks),
        target: None,
        units: None,
        equipment: None,
        baselines,
        beyond_stage_limit: weeks > 6,
        person: Default::default(),
    }
}

fn plans(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let program = content::load(&root)
        .expect("the shipped content loads")
        .program;
    let mut group = c.benchmark_group("plan");
    group.throughput(Throughput::Elements(1));
    for stage in 1..=program.stages.len() {
        let request = request(stage, 6, Vec::new());
        group.bench_function(format!("stage {stage}, 6 weeks"), |b| {
            b.iter(|| plan(black_box(&program), black_box(&request)))
        });
    }
    // The most work a shipped plan does: 12 weeks of double progression,
    // with reps re-chosen at every heavier weight.
    let baseline = Baseline::parse("reps=18").expect("a valid baseline");
    let request = request(4, 12, vec![baseline]);
    group.bench_function("stage 4, 12 weeks from 18 reps", |b| {
        b.iter(|| plan(black_box(&program), black_box(&request)))
    });
    group.finish();
}

fn proof(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = content::load(&root).expect("the shipped content loads");
    let program = &loaded.program;
    let mut group = c.benchmark_group("check");
    group.bench_function("sweep of the shipped program, one thread", |b| {
        b.iter(|| {
            for exercise in &program.exercises {
                black_box(sweep(black_box(exercise), program.config.rate, 6));
            }
        })
    });
    group.bench_function("proof of the shipped program, rayon", |b| {
        b.iter(|| black_box(proof::warnings(&loaded)))
    });
    group.finish();
}

// Written out rather than with `criterion_group!`, whose generated public
// function has no doc comment for the workspace's `missing_docs` lint.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    plans(&mut c);
    proof(&mut c);
    c.final_summary();
}
