//! How fast the site's pages render: the shipped program's whole site
//! (home, stages, exercises, guide pages, 404) from a loaded program and
//! its default plans, as `planwright build` does before writing. Criterion's
//! throughput line is pages per second; its time per iteration divided by
//! the page count is the time of one page. Loading, the engine and writing
//! to disk are left out, so a change in templates or Markdown shows alone.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput};
use jiff::civil::Date;
use planwright::content;
use planwright::site::{self, SiteOptions, Templates};

fn pages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let program = content::load(&root)
        .expect("the shipped content loads")
        .program;
    let start = Date::new(2026, 6, 1).expect("a real date");
    let plans = site::default_plans(&program, start).expect("the shipped stages plan");
    let tables = site::plan_tables(&plans);
    let templates = Templates::builtin().expect("the built-in templates parse");
    let options = SiteOptions::default();
    let count = site::render(&program, &tables, &templates, &options)
        .expect("the site renders")
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();

    let mut group = c.benchmark_group("site pages");
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function(format!("the shipped site, {count} pages"), |b| {
        b.iter(|| site::render(black_box(&program), &tables, &templates, &options))
    });
    group.finish();
}

// Written out rather than with `criterion_group!`, whose generated public
// function has no doc comment for the workspace's `missing_docs` lint.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    pages(&mut c);
    c.final_summary();
}
