//! How many PDF plans planwright prints per second, for a clinic's roster
//! of 1,000 people: one thread, then every core (rayon), as
//! `planwright plans` runs. Criterion's throughput line ("thrpt", in
//! elements per second) is PDFs per second. The fonts are parsed once, as
//! in a batch; each iteration prints all 1,000 plans.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput};
use jiff::civil::Date;
use planwright::content;
use planwright::{pdf, World};
use planwright_core::plan::{Person, Plan};
use planwright_core::progression::{plan, PlanRequest};
use rayon::prelude::*;

const PEOPLE: usize = 1_000;

fn roster(program: &planwright::model::Program) -> Vec<Plan> {
    (0..PEOPLE)
        .map(|i| {
            let start = Date::new(2026, 6, 1).expect("a real date");
            let request = PlanRequest {
                weeks: Some(6),
                person: Person {
                    name: Some(format!("Zoë Ångström-Fitzgerald {i}")),
                    clinician: Some("Dr Sam Carter".to_string()),
                    clinic: Some("Riverside Physiotherapy".to_string()),
                    notes: None,
                    ..Person::default()
                },
                ..PlanRequest::stage(i % program.stages.len() + 1, start)
            };
            plan(program, &request).expect("the shipped stages plan")
        })
        .collect()
}

fn pdfs(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let program = content::load(&root)
        .expect("the shipped content loads")
        .program;
    let plans = roster(&program);
    let fonts = planwright::fonts().expect("the embedded fonts parse");
    let world = World {
        fonts: &fonts,
        created: None,
        logo: None,
        pictures: None,
    };
    let paper = program.config.paper;
    let print = |p: &Plan| pdf::render(black_box(p), &program, paper, &world).map(|b| b.len());

    // One plan alone, as `plan --format pdf` prints it once the fonts are
    // loaded: the figure to compare with a single Typst compile.
    c.bench_function("pdf one plan (stage 4)", |b| {
        let one = &plans[3];
        b.iter(|| print(one))
    });

    let mut group = c.benchmark_group("pdf roster of 1,000");
    group.throughput(Throughput::Elements(PEOPLE as u64));
    group.sample_size(10);
    group.bench_function("one thread", |b| {
        b.iter(|| plans.iter().map(print).collect::<Result<Vec<_>, _>>())
    });
    group.bench_function(
        format!("rayon, {} threads", rayon::current_num_threads()),
        |b| b.iter(|| plans.par_iter().map(print).collect::<Result<Vec<_>, _>>()),
    );
    group.finish();
}

// Written out rather than with `criterion_group!`, whose generated public
// function has no doc comment for the workspace's `missing_docs` lint.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    pdfs(&mut c);
    c.final_summary();
}
