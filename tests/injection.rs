//! Hostile text in every field: names, titles and cues holding `<script>`,
//! quotes, `&` and Tera syntax must come out as those characters on the
//! site, in the PDF, the calendar and the JSON, never as markup or
//! template code; raw HTML in Markdown follows the `raw_html` switch.

mod common;

use std::path::Path;

use common::{copy_dir, planwright, repo, scratch, stderr};
use scraper::{Html, Selector};

/// What the fixture's plain-text fields all say.
const HOSTILE: &str =
    r#"<script>alert("pw")</script> & "q" {{ site.title }} {% if true %}x{% endif %}"#;

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/injection/content")
}

fn build(content: &Path, out: &Path) {
    let result = planwright(&[
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
}

fn page(site: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(site.join(rel)).unwrap())
}

fn texts(html: &Html, css: &str) -> Vec<String> {
    html.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Every `<script>` of every page: `(src, inline text)`.
fn scripts(site: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for rel in [
        "index.html",
        "stages/holds.html",
        "exercises/wall-hold.html",
        "guide/notes.html",
        "404.html",
    ] {
        let html = page(site, rel);
        for s in html.select(&Selector::parse("script").unwrap()) {
            found.push((
                s.value().attr("src").unwrap_or("").to_string(),
                s.text().collect(),
            ));
        }
    }
    found
}

#[test]
fn plain_text_fields_are_plain_text_on_every_page() {
    let out = scratch("inject-site");
    build(&fixture(), &out);
    let site = out.join("site");

    let exercise = page(&site, "exercises/wall-hold.html");
    assert_eq!(texts(&exercise, "h1"), [HOSTILE]);
    assert!(texts(&exercise, "title")[0].starts_with(HOSTILE));
    for list in ["ul li", "dd"] {
        assert!(
            texts(&exercise, list).iter().any(|t| t == HOSTILE),
            "{list} shows the cue as written"
        );
    }
    let description = exercise
        .select(&Selector::parse("meta[name=description]").unwrap())
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_string));
    assert_eq!(description.as_deref(), Some(HOSTILE));
    let home = page(&site, "index.html");
    assert!(
        texts(&home, "li").iter().any(|t| t == HOSTILE),
        "signs and goals"
    );
    assert_eq!(texts(&page(&site, "guide/notes.html"), "h1"), [HOSTILE]);
    // Tera syntax in Markdown bodies is text too, not evaluated.
    let guide = std::fs::read_to_string(site.join("guide/notes.html")).unwrap();
    assert!(
        guide.contains(r#"{{ page.title }} {% include "base.html" %}"#)
            || guide.contains("{{ page.title }} {% include &quot;base.html&quot; %}"),
        "{guide}"
    );
    assert!(texts(&page(&site, "stages/holds.html"), "p")
        .iter()
        .any(|t| t.contains("{{ site.title }} {% raw %}")));

    // The hostile text never runs: the only scripts are the reader
    // controls and the author's own, which `raw_html: allow` lets through.
    let found = scripts(&site);
    // Something to judge: the reader controls and the author's script.
    assert!(
        found
            .iter()
            .any(|(src, _)| src.ends_with("assets/reader.js")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, inline)| inline.contains("pwInjected")),
        "{found:?}"
    );
    for (src, inline) in found {
        assert!(!inline.contains("alert"), "{inline}");
        assert!(src.is_empty() || src.ends_with("assets/reader.js"), "{src}");
        assert!(
            src.is_empty() == inline.contains("pwInjected"),
            "{src} {inline}"
        );
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn raw_html_in_markdown_follows_the_config_switch() {
    let out = scratch("inject-switch");
    build(&fixture(), &out.join("allow"));
    let allowed = page(&out.join("allow/site"), "exercises/wall-hold.html");
    assert_eq!(
        texts(&allowed, "kbd"),
        ["Author HTML"],
        "allowed by default"
    );
    assert_eq!(texts(&allowed, "div.note script").len(), 1);

    let content = out.join("content");
    copy_dir(&fixture(), &content);
    let config = content.join("planwright.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("raw_html: escape\n");
    std::fs::write(&config, text).unwrap();
    build(&content, &out.join("escape"));
    let site = out.join("escape/site");
    let escaped = page(&site, "exercises/wall-hold.html");
    assert!(texts(&escaped, "kbd").is_empty());
    assert!(texts(&escaped, "div.note").is_empty());
    let body = texts(&escaped, "main").join("\n");
    assert!(body.contains("<kbd>Author HTML</kbd>"), "{body}");
    assert!(
        body.contains("<script>window.pwInjected = 2</script>"),
        "{body}"
    );
    let home = texts(&page(&site, "index.html"), "main").join("\n");
    assert!(home.contains("<em>author HTML</em>"), "{home}");
    for (src, _) in scripts(&site) {
        assert!(
            src.ends_with("assets/reader.js"),
            "only the reader's script is left: {src}"
        );
    }
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn printed_plans_calendars_and_json_show_the_text_as_written() {
    let out = scratch("inject-print");
    let patient = out.join("patient.yaml");
    std::fs::write(
        &patient,
        "name: '<b>Zoë</b> & \"Jo\" {{ name }}'\nclinician: '{% if x %}Dr Who{% endif %}'\nnotes: |\n  Take care <script>alert(1)</script> & rest.\n\n  <div>kept as text</div>\n",
    )
    .unwrap();
    let content = fixture();
    let run = |format: &str, file: &str| {
        let path = out.join(file);
        let result = planwright(&[
            "plan",
            "--content",
            content.to_str().unwrap(),
            "--patient",
            patient.to_str().unwrap(),
            "--stage",
            "1",
            "--start",
            "2026-06-01",
            "--format",
            format,
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(result.status.success(), "{}", stderr(&result));
        std::fs::read(path).unwrap()
    };

    let pdf = lopdf::Document::load_mem(&run("pdf", "plan.pdf")).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).unwrap();
    for shown in [
        "<b>Zoë</b> & \"Jo\" {{ name }}",
        "{% if x %}Dr Who{% endif %}",
        "Take care <script>alert(1)</script> & rest.",
        "<div>kept as text</div>",
        "<script>alert(\"pw\")</script>",
        "{{ site.title }}",
    ] {
        assert!(text.contains(shown), "the PDF shows {shown:?}:\n{text}");
    }

    let json: serde_json::Value = serde_json::from_slice(&run("json", "plan.json")).unwrap();
    assert_eq!(json["person"]["name"], "<b>Zoë</b> & \"Jo\" {{ name }}");
    assert_eq!(json["exercises"][0]["title"], HOSTILE, "{json}");

    let ics = String::from_utf8(run("ics", "plan.ics")).unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains(HOSTILE), "{unfolded}");
    std::fs::remove_dir_all(out).unwrap();
}
