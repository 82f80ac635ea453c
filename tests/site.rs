//! `planwright build` on the shipped content and on fixture trees: every
//! page exists, every internal link resolves, the HTML parses cleanly, the
//! tables print the engine's numbers, and builds are repeatable and atomic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use scraper::{Html, Selector};

mod common;
// Builds run as on a fixed day, so "the next Monday" a plan starts on
// cannot change between two builds that run either side of midnight.
use common::{planwright_on_28_may as planwright, repo, scratch, snapshot, stderr};

fn build(content: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    planwright(&args)
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Checks every relative `href`/`src` of every page points at a file of
/// the site, and every `#fragment` at an element with that id.
fn check_links(site: &Path) {
    let pages: BTreeMap<String, Html> = snapshot(site)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path,
                Html::parse_document(&String::from_utf8(bytes).unwrap()),
            )
        })
        .collect();
    let refs = Selector::parse("[href], [src]").unwrap();
    let mut broken = Vec::new();
    for (path, html) in &pages {
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for element in html.select(&refs) {
            let value = element.value();
            let target = value.attr("href").or(value.attr("src")).unwrap();
            if target.starts_with("https://")
                || target.starts_with("http://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                !target.starts_with('/'),
                "{path}: root-relative link {target} breaks under a sub-path"
            );
            let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
            // A query (`make-my-plan.html?stage=2`) is for the page's script.
            let file = file.split_once('?').map_or(file, |(file, _)| file);
            let resolved = if file.is_empty() {
                PathBuf::from(path)
            } else {
                normalise(&dir.join(file))
            };
            let resolved_str = resolved.to_string_lossy().replace('\\', "/");
            if !site.join(&resolved).is_file() {
                broken.push(format!("{path}: {target} (no file {resolved_str})"));
                continue;
            }
            if !fragment.is_empty() {
                let target_page = &pages[&resolved_str];
                let id = Selector::parse(&format!("[id=\"{fragment}\"]")).unwrap();
                if target_page.select(&id).next().is_none() {
                    broken.push(format!("{path}: {target} (no element with id {fragment})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                assert!(out.pop(), "link leaves the site: {}", path.display());
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn the_shipped_site_is_complete_linked_and_well_formed() {
    let out = scratch("shipped");
    let result = build(&repo().join("content"), &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.starts_with("built 16 pages and 23 other files into")
            && stdout.contains("and 5 printable plans into"),
        "{stdout}"
    );
    let site = out.join("site");

    let program = planwright::content::load(&repo().join("content"))
        .unwrap()
        .program;
    let mut expected = vec![
        "index.html".to_string(),
        "make-my-plan.html".to_string(),
        "404.html".to_string(),
        "sitemap.xml".to_string(),
        "robots.txt".to_string(),
        "assets/style.css".to_string(),
        "assets/reader.js".to_string(),
        "assets/make-my-plan.js".to_string(),
        "assets/planwright-web.js".to_string(),
        "assets/program.js".to_string(),
        "assets/favicon.svg".to_string(),
    ];
    expected.extend(
        program
            .stages
            .iter()
            .map(|s| format!("stages/{}.html", s.id)),
    );
    expected.extend(
        program
            .exercises
            .iter()
            .map(|e| format!("exercises/{}.html", e.id)),
    );
    // Every shipped exercise has its positions drawn.
    expected.extend(
        program
            .exercises
            .iter()
            .map(|e| format!("figures/{}.svg", e.id)),
    );
    expected.extend(
        program
            .guides
            .iter()
            .map(|g| format!("guide/{}.html", g.slug)),
    );
    for stage in &program.stages {
        let stem = planwright::paths::download_stem(stage);
        expected.push(format!("{stem}.pdf"));
        expected.push(format!("{stem}.ics"));
    }
    // The mark that lets the next build replace this folder.
    expected.push(planwright::output::MARKER.to_string());
    let files = snapshot(&site);
    let mut actual: Vec<&String> = files.keys().collect();
    actual.sort();
    expected.sort();
    assert_eq!(actual, expected.iter().collect::<Vec<_>>());

    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes.clone()).unwrap();
        let html = Html::parse_document(&text);
        assert!(
            html.errors.is_empty(),
            "{path} has HTML errors: {:?}",
            html.errors
        );
        assert_eq!(select(&html, "title").len(), 1, "{path}: one <title>");
        assert_eq!(select(&html, "h1").len(), 1, "{path}: one <h1>");
        let description = Selector::parse("meta[name=description]").unwrap();
        let content = html
            .select(&description)
            .next()
            .and_then(|m| m.value().attr("content"));
        assert!(
            content.is_some_and(|c| !c.is_empty()),
            "{path}: meta description"
        );
        let remote = remote_loads(&html);
        assert!(remote.is_empty(), "{path} loads from elsewhere: {remote:?}");
    }
    check_links(&site);

    // The shipped content has no address yet: it builds without a warning,
    // and nothing names an address (a sitemap's must be absolute).
    assert_eq!(String::from_utf8_lossy(&result.stderr), "", "no warnings");
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(
        sitemap.contains("<urlset") && !sitemap.contains("<loc>"),
        "{sitemap}"
    );
    let robots = String::from_utf8(files["robots.txt"].clone()).unwrap();
    assert!(!robots.contains("Sitemap"), "{robots}");
    let home = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(!home.contains("rel=\"canonical\""), "{home}");
    // Clinics find the same printable plans outside the site.
    for stage in &program.stages {
        let stem = planwright::paths::download_stem(stage);
        let name = stem.trim_start_matches("plans/");
        assert_eq!(
            std::fs::read(out.join("plans").join(format!("{name}.pdf"))).unwrap(),
            files[&format!("{stem}.pdf")],
        );
    }
    let stage_page = String::from_utf8(files["stages/concentric.html"].clone()).unwrap();
    assert!(stage_page.contains("Print your 6-week plan (PDF)"));
    the_home_page_links_each_stages_plan_and_calendar(&program, &files);
    the_signs_read_as_a_list_until_a_script_makes_them_answer(&program, &files);
    pictures_are_shown_with_words(&program, &files);
    std::fs::remove_dir_all(out).unwrap();
}

/// A newcomer finds the printable plans from the home page: each stage's
/// card links its own PDF and calendar, named by its stage.
fn the_home_page_links_each_stages_plan_and_calendar(
    program: &planwright::model::Program,
    files: &BTreeMap<String, Vec<u8>>,
) {
    let home = Html::parse_document(&String::from_utf8(files["index.html"].clone()).unwrap());
    let cards: Vec<_> = home
        .select(&Selector::parse(".roadmap-stage").unwrap())
        .collect();
    assert_eq!(cards.len(), program.stages.len());
    for (card, stage) in cards.iter().zip(&program.stages) {
        let stem = planwright::paths::download_stem(stage);
        let links: Vec<(String, String)> = card
            .select(&Selector::parse(".downloads a").unwrap())
            .map(|a| {
                (
                    a.value().attr("href").unwrap().to_string(),
                    a.text().collect::<String>(),
                )
            })
            .collect();
        let n = stage.number;
        assert_eq!(
            links,
            [
                (
                    format!("{stem}.pdf"),
                    format!("Print the plan for stage {n} (PDF)")
                ),
                (
                    format!("{stem}.ics"),
                    format!("Add stage {n} to your calendar (.ics)")
                ),
            ],
            "stage {n}"
        );
    }
}

/// "Is this program for you?" answers: without a script the signs are a
/// plain list with the answer under it (the boxes hidden, since they could
/// do nothing); reader.js shows the boxes and hides the answer until one
/// is ticked (tests/browser/check.mjs tries it). The answer is in a live
/// region and points to the first stage.
fn the_signs_read_as_a_list_until_a_script_makes_them_answer(
    program: &planwright::model::Program,
    files: &BTreeMap<String, Vec<u8>>,
) {
    let home = Html::parse_document(&String::from_utf8(files["index.html"].clone()).unwrap());
    let boxes = Selector::parse("[data-signs] li input[type=checkbox]").unwrap();
    let boxes: Vec<_> = home.select(&boxes).collect();
    assert_eq!(boxes.len(), program.signs.len());
    assert!(boxes.iter().all(|b| b.value().attr("hidden").is_some()));
    assert_eq!(
        select(&home, "[data-signs] li"),
        program.signs.iter().map(|s| s.trim()).collect::<Vec<_>>()
    );
    let answer = select(&home, "[data-signs] [role=status] [data-signs-answer]");
    let first = &program.stages[0];
    assert_eq!(
        answer,
        [format!(
            "One or more familiar: the program is worth trying. Start with stage 1, {}.",
            first.title
        )]
    );
    let link = Selector::parse("[data-signs-answer] a").unwrap();
    assert_eq!(
        home.select(&link).next().unwrap().value().attr("href"),
        Some(format!("stages/{}.html", first.id).as_str())
    );
}

/// Each exercise's drawing: large on its page and small on its stage's,
/// both with words that describe the movement; a thumbnail on the home
/// page beside a link that names the exercise, so its alt is empty.
fn pictures_are_shown_with_words(
    program: &planwright::model::Program,
    files: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    let page = |path: &str| Html::parse_document(&String::from_utf8(files[path].clone()).unwrap());
    let attr = |html: &Html, css: &str, name: &str| -> Vec<String> {
        let selector = Selector::parse(css).unwrap();
        html.select(&selector)
            .map(|e| e.value().attr(name).unwrap_or_default().to_string())
            .collect()
    };
    let home = page("index.html");
    assert_eq!(
        attr(&home, "img.pose-thumb", "alt"),
        vec![""; program.exercises.len()]
    );
    for exercise in &program.exercises {
        let figure = exercise
            .figure
            .as_ref()
            .expect("every shipped exercise has a figure");
        let svg = format!("figures/{}.svg", exercise.id);
        let own = page(&format!("exercises/{}.html", exercise.id));
        let stage = page(&format!("stages/{}.html", exercise.stage));
        for (html, css, up) in [
            (&own, "figure.pose img", "../"),
            (&stage, "img.pose-small", "../"),
        ] {
            assert_eq!(
                attr(html, css, "src"),
                vec![format!("{up}{svg}")],
                "{}",
                exercise.id
            );
            let alt = attr(html, css, "alt");
            assert_eq!(alt, vec![figure.alt.clone()], "{}", exercise.id);
            assert!(
                alt[0].split_whitespace().count() >= 12,
                "the words teach the movement: {alt:?}"
            );
        }
        let drawn = String::from_utf8(files[&svg].clone()).unwrap();
        assert!(
            drawn.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(
            drawn.contains("<title>"),
            "{svg} names itself when opened alone"
        );
        assert!(
            !drawn.contains("<script") && !drawn.contains("href"),
            "{svg} is only strokes"
        );
    }
}

/// Whether an address reaches outside the site: another scheme or host.
fn is_remote(target: &str) -> bool {
    let target = target.trim();
    target.starts_with("//")
        || target.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.contains('/') && !scheme.eq_ignore_ascii_case("data")
        })
}

/// Everything in a page that a browser would fetch on its own from
/// elsewhere: scripts, styles, images, media, frames and `url()`s in
/// inline styles. Links people follow (`<a href>`, the canonical address)
/// are not fetches.
fn remote_loads(html: &Html) -> Vec<String> {
    let fetchers =
        Selector::parse("[src], [srcset], [poster], [data], link[href], [style], style").unwrap();
    let mut found = Vec::new();
    for element in html.select(&fetchers) {
        let v = element.value();
        let rel = v.attr("rel").unwrap_or_default();
        for attr in ["src", "poster", "data"] {
            found.extend(v.attr(attr).filter(|t| is_remote(t)).map(str::to_string));
        }
        if let Some(set) = v.attr("srcset") {
            found.extend(
                set.split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .filter(|t| is_remote(t))
                    .map(str::to_string),
            );
        }
        if v.name() == "link" && !matches!(rel, "canonical" | "alternate") {
            found.extend(v.attr("href").filter(|t| is_remote(t)).map(str::to_string));
        }
        let style = if v.name() == "style" {
            element.text().collect::<String>()
        } else {
            v.attr("style").unwrap_or_default().to_string()
        };
        if style.contains("url(") || style.contains("@import") {
            found.push(style);
        }
    }
    found
}

#[test]
fn the_remote_check_sees_every_way_a_page_can_fetch() {
    for (page, remote) in [
        (r#"<script src="https://cdn.example/x.js"></script>"#, true),
        (r#"<script src="//cdn.example/x.js"></script>"#, true),
        (
            r#"<link rel="stylesheet" href="http://cdn.example/x.css">"#,
            true,
        ),
        (
            r#"<img srcset="a.png 1x, https://cdn.example/b.png 2x" alt="">"#,
            true,
        ),
        (
            r#"<video poster="https://cdn.example/p.jpg"></video>"#,
            true,
        ),
        (
            r#"<iframe src="https://video.example/embed/1"></iframe>"#,
            true,
        ),
        (
            r#"<div style="background: url(https://cdn.example/b.png)"></div>"#,
            true,
        ),
        (
            r#"<style>@import "https://cdn.example/x.css";</style>"#,
            true,
        ),
        (r#"<script src="../assets/reader.js"></script>"#, false),
        (
            r#"<link rel="canonical" href="https://planwright.example/">"#,
            false,
        ),
        (r#"<a href="https://planwright.example/">guide</a>"#, false),
        (r#"<img src="data:image/png;base64,AAAA" alt="">"#, false),
    ] {
        let html = Html::parse_document(&format!("<!doctype html><title>t</title>{page}"));
        assert_eq!(!remote_loads(&html).is_empty(), remote, "{page}");
    }
}

#[test]
fn nothing_is_fetched_from_elsewhere() {
    let out = scratch("offline");
    assert!(build(&repo().join("content"), &out, &[]).status.success());
    let mut pages = 0;
    for (path, bytes) in snapshot(&out.join("site")) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
        let remote = remote_loads(&html);
        assert!(remote.is_empty(), "{path} loads {remote:?}");
        // And the browser is told so: only the site's own files may load
        // or run, whatever HTML an author let through.
        let csp = Selector::parse(r#"meta[http-equiv="Content-Security-Policy"]"#).unwrap();
        let metas: Vec<_> = html.select(&csp).collect();
        assert_eq!(metas.len(), 1, "{path}");
        let policy = metas[0].value().attr("content").unwrap_or_default();
        // "Make my plan" runs planwright-web, and so may compile
        // WebAssembly: 'wasm-unsafe-eval' allows that and never eval() of
        // text. It connects nowhere at all.
        let policy = if path == "make-my-plan.html" {
            assert!(policy.contains("connect-src 'none'"), "{path}: {policy}");
            policy.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self'")
        } else {
            policy.to_string()
        };
        let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
        for wanted in ["default-src 'none'", "script-src 'self'", "base-uri 'none'"] {
            assert!(directives.contains(&wanted), "{path}: {policy}");
        }
        assert!(
            !policy.contains("unsafe") && !policy.contains('*'),
            "{path}: {policy}"
        );
    }
    assert!(pages >= 10, "only {pages} pages checked");
    let css = std::fs::read_to_string(out.join("site/assets/style.css")).unwrap();
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the stylesheet loads nothing"
    );
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn exercise_tables_print_the_engines_plan() {
    let out = scratch("tables");
    assert!(build(&repo().join("content"), &out, &[]).status.success());
    let program = planwright::content::load(&repo().join("content"))
        .unwrap()
        .program;
    let row = Selector::parse("table.progression tbody tr").unwrap();
    let cell = Selector::parse("th, td").unwrap();
    for stage in &program.stages {
        let json = planwright(&[
            "plan",
            "--stage",
            &stage.number.to_string(),
            "--format",
            "json",
            "--start",
            "2026-01-05",
        ]);
        assert!(
            json.status.success(),
            "{}",
            String::from_utf8_lossy(&json.stderr)
        );
        let plan: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        for (index, id) in stage.exercises.iter().enumerate() {
            let page =
                std::fs::read_to_string(out.join(format!("site/exercises/{id}.html"))).unwrap();
            let html = Html::parse_document(&page);
            let rows: Vec<Vec<String>> = html
                .select(&row)
                .map(|r| {
                    r.select(&cell)
                        .map(|c| c.text().collect::<String>().trim().to_string())
                        .collect()
                })
                .collect();
            let weeks = plan["weeks"].as_array().unwrap();
            assert_eq!(rows.len(), weeks.len(), "{id}: one row per week");
            for (week, cells) in weeks.iter().zip(&rows) {
                let e = &week["exercises"][index];
                assert_eq!(e["id"].as_str(), Some(id.as_str()));
                assert_eq!(cells[0], week["week"].to_string(), "{id}: week number");
                assert_eq!(
                    cells[1],
                    e["dose_text"].as_str().unwrap(),
                    "{id} week {}",
                    week["week"]
                );
                assert_eq!(
                    cells[4],
                    e["note"].as_str().unwrap(),
                    "{id} week {}: note",
                    week["week"]
                );
            }
        }
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn two_builds_are_byte_identical() {
    let first = scratch("repeat-a");
    let second = scratch("repeat-b");
    assert!(build(&repo().join("content"), &first, &[]).status.success());
    assert!(build(&repo().join("content"), &second, &[])
        .status
        .success());
    assert_eq!(
        snapshot(&first.join("site")),
        snapshot(&second.join("site"))
    );
    std::fs::remove_dir_all(first).unwrap();
    std::fs::remove_dir_all(second).unwrap();
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/site").join(name)
}

#[test]
fn project_templates_override_the_built_in_ones_and_content_is_escaped() {
    let out = scratch("override");
    let result = build(
        &fixture("basic/content"),
        &out,
        &["--verbose", "--base-url", "https://clinic.example/guide"],
    );
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(stdout.contains("template guide.html from"), "{stdout}");
    assert!(
        stdout.contains("template assets/extra.css from"),
        "{stdout}"
    );
    let site = out.join("site");
    let guide = std::fs::read_to_string(site.join("guide/safety.html")).unwrap();
    assert!(
        guide.contains("overridden-guide"),
        "the project's guide.html is used"
    );
    assert!(site.join("assets/extra.css").is_file());
    assert!(
        site.join("assets/style.css").is_file(),
        "built-in assets stay"
    );
    assert_eq!(
        std::fs::read(site.join("images/press.svg")).unwrap(),
        std::fs::read(fixture("basic/content/images/press.svg")).unwrap(),
        "content images are copied"
    );
    let page = std::fs::read_to_string(site.join("exercises/press.html")).unwrap();
    assert!(
        !page.contains("<script>alert"),
        "front matter never reaches the HTML unescaped"
    );
    assert!(page.contains(
        "Press &lt;script&gt;alert(&quot;x&quot;)&lt;&#x2F;script&gt; &amp; &quot;friends&quot;"
    ));
    assert!(page.contains("<link rel=\"canonical\" href=\"https:&#x2F;&#x2F;clinic.example&#x2F;guide&#x2F;exercises&#x2F;press.html\">"));
    check_links(&site);
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let out = scratch("atomic");
    assert!(build(&fixture("basic/content"), &out, &[]).status.success());
    let before = snapshot(&out);

    let broken_templates = fixture("broken-template/templates");
    let result = build(
        &fixture("basic/content"),
        &out,
        &["--templates", broken_templates.to_str().unwrap()],
    );
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("base.html"),
        "names the broken template: {stderr}"
    );
    assert_eq!(snapshot(&out), before, "a template error changes nothing");

    let broken_content = repo().join("tests/fixtures/check/range-backwards/content");
    let result = build(&broken_content, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let check = planwright(&["check", "--content", broken_content.to_str().unwrap()]);
    let diagnostics = |o: &Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .filter(|l| !l.starts_with("error:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        diagnostics(&result),
        diagnostics(&check),
        "build reports what check reports"
    );
    assert_eq!(snapshot(&out), before, "a content error changes nothing");
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn json_summary_for_scripts() {
    let out = scratch("json");
    let result = build(&repo().join("content"), &out, &["--format", "json"]);
    assert!(result.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(summary["ok"], true);
    assert_eq!(summary["pages"], 16);
    assert_eq!(summary["printable_plans"], 5);

    let broken = repo().join("tests/fixtures/check/range-backwards/content");
    let result = build(&broken, &out, &["--format", "json"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(result.stderr.is_empty(), "JSON mode keeps stderr quiet");
    let summary: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(summary["ok"], false);
    assert_eq!(summary["problems"][0]["line"], 7);
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn no_plans_builds_the_pages_alone_and_leaves_the_plans_folder_be() {
    let out = scratch("no-plans");
    assert!(build(&repo().join("content"), &out, &[]).status.success());
    let plans_before = snapshot(&out.join("plans"));
    assert!(plans_before.keys().any(|k| k.ends_with(".pdf")));

    let result = build(&repo().join("content"), &out, &["--no-plans"]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let site = snapshot(&out.join("site"));
    assert!(site.keys().any(|k| k.ends_with(".html")));
    assert!(
        !site.keys().any(|k| k.starts_with("plans/")),
        "no downloads in the site: {:?}",
        site.keys()
    );
    for (path, bytes) in &site {
        if path.ends_with(".html") {
            let page = String::from_utf8_lossy(bytes);
            assert!(
                !page.contains("class=\"downloads\"") && !page.contains("plans/stage-"),
                "{path} links no plan"
            );
        }
    }
    let home = String::from_utf8_lossy(&site["index.html"]);
    assert!(
        !home.contains("plan to print"),
        "the home page promises no plan it cannot link: {home}"
    );
    check_links(&out.join("site"));
    assert_eq!(
        snapshot(&out.join("plans")),
        plans_before,
        "output/plans is left as the last full build wrote it"
    );
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn each_page_marks_its_own_stage_or_guide_in_the_navigation() {
    let out = scratch("nav");
    assert!(build(&repo().join("content"), &out, &["--no-plans"])
        .status
        .success());
    let site = out.join("site");
    let program = planwright::content::load(&repo().join("content"))
        .unwrap()
        .program;
    let current = |path: &str| {
        let html = Html::parse_document(&std::fs::read_to_string(site.join(path)).unwrap());
        // The mark underlines the name alone: it has an element of its own,
        // without the number or the space after it.
        let names = select(&html, "nav.site-nav a[aria-current=page] .nav-title");
        let links = select(&html, "nav.site-nav a[aria-current=page]");
        assert_eq!(
            names.len(),
            links.len(),
            "{path}: the current link's name is in a .nav-title"
        );
        for (name, link) in names.iter().zip(&links) {
            assert!(
                link.ends_with(&format!(" {name}")) || link == name,
                "{path}: {link} / {name}"
            );
        }
        (links, select(&html, "nav.site-nav .stage-nav li").len())
    };
    let stages = program.stages.len();
    for stage in &program.stages {
        let mark = vec![format!("{} {}", stage.number, stage.title)];
        assert_eq!(
            current(&format!("stages/{}.html", stage.id)),
            (mark.clone(), stages)
        );
        for id in &stage.exercises {
            assert_eq!(
                current(&format!("exercises/{id}.html")),
                (mark.clone(), stages),
                "{id}"
            );
        }
    }
    for guide in &program.guides {
        assert_eq!(
            current(&format!("guide/{}.html", guide.slug)),
            (vec![guide.title.clone()], stages)
        );
    }
    for page in ["index.html", "404.html"] {
        assert_eq!(current(page), (Vec::new(), stages), "{page}");
    }
    std::fs::remove_dir_all(out).unwrap();
}

/// On a phone the menu folds away, with no script: the navigation and the
/// reader controls sit in a closed `<details>` whose summary comes first,
/// and the site's title stays outside it.
#[test]
fn the_menu_is_a_closed_details_around_the_navigation_and_reader_controls() {
    let out = scratch("menu");
    assert!(build(&repo().join("content"), &out, &["--no-plans"])
        .status
        .success());
    let site = out.join("site");
    for path in [
        "index.html",
        "stages/static-holds.html",
        "exercises/cat-cow.html",
        "guide/progress-safely.html",
        "404.html",
    ] {
        let html = Html::parse_document(&std::fs::read_to_string(site.join(path)).unwrap());
        let menu = Selector::parse("header.site-header details.menu").unwrap();
        let menus: Vec<_> = html.select(&menu).collect();
        assert_eq!(menus.len(), 1, "{path}: one menu");
        let menu = menus[0];
        assert_eq!(menu.value().attr("open"), None, "{path}: folded at first");
        let first = menu
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .next()
            .unwrap();
        assert_eq!(first.value().name(), "summary", "{path}: summary first");
        assert_eq!(first.text().collect::<String>().trim(), "Menu", "{path}");
        let inside = |css: &str| menu.select(&Selector::parse(css).unwrap()).count();
        assert_eq!(inside("nav.site-nav"), 1, "{path}: the navigation folds");
        assert_eq!(
            inside("[data-reader-controls]"),
            1,
            "{path}: so do the reader controls"
        );
        assert_eq!(inside(".brand"), 0, "{path}: the title stays in view");
        assert_eq!(select(&html, "header .brand").len(), 1, "{path}");
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn the_navigation_template_is_told_it_cannot_use_the_page() {
    // nav.html is rendered once for many pages, so `page` is not there.
    let out = scratch("nav-page");
    let templates = fixture("nav-uses-page/templates");
    let result = build(
        &repo().join("content"),
        &out,
        &["--templates", templates.to_str().unwrap()],
    );
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("with template `nav.html`") && stderr.contains("page.title"),
        "{stderr}"
    );
    assert!(!out.join("site").exists(), "nothing is written");
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn a_published_address_gives_canonical_links_and_an_absolute_sitemap() {
    let out = scratch("published");
    let url = "https://exercises.riverside-physio.co.uk/thoracic/";
    let result = build(
        &repo().join("content"),
        &out,
        &["--no-plans", "--base-url", url],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    let files = snapshot(&out.join("site"));
    let sitemap = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(
        sitemap.contains(&format!("<loc>{url}exercises/cat-cow.html</loc>")),
        "{sitemap}"
    );
    assert!(
        sitemap.contains(&format!("<loc>{url}</loc>")),
        "the home page"
    );
    assert!(!sitemap.contains("404"), "{sitemap}");
    let robots = String::from_utf8(files["robots.txt"].clone()).unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {url}sitemap.xml")),
        "{robots}"
    );
    let page =
        Html::parse_document(&String::from_utf8(files["stages/mobility.html"].clone()).unwrap());
    let canonical = Selector::parse("link[rel=canonical]").unwrap();
    let href = page
        .select(&canonical)
        .next()
        .and_then(|l| l.value().attr("href"));
    assert_eq!(href, Some(format!("{url}stages/mobility.html").as_str()));
    std::fs::remove_dir_all(out).unwrap();
}

/// A placeholder `base_url` builds, with a warning at its line and column.
#[test]
fn a_placeholder_address_is_a_warning_from_build() {
    let dir = scratch("placeholder");
    let content = dir.join("content");
    common::copy_dir(&repo().join("content"), &content);
    let config = content.join("planwright.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replacen(
            "language: en",
            "base_url: https://planwright.example/thoracic/\nlanguage: en",
            1,
        ),
    )
    .unwrap();
    let line = std::fs::read_to_string(&config)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("base_url:"))
        .unwrap()
        + 1;
    let result = build(&content, &dir.join("out"), &["--no-plans"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let err = stderr(&result);
    assert!(
        err.contains(&format!(
            "planwright.yaml:{line}:11: warning: `base_url` `https://planwright.example/thoracic/` is not a real address"
        )),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
