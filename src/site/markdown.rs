//! Markdown to HTML for page bodies, with headings shifted so the page's
//! own title stays the only `<h1>`.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::RawHtml;

/// Shifts a heading by `by` levels, stopping at `<h6>`.
fn shift(level: HeadingLevel, by: usize) -> HeadingLevel {
    const LEVELS: [HeadingLevel; 6] = [
        HeadingLevel::H1,
        HeadingLevel::H2,
        HeadingLevel::H3,
        HeadingLevel::H4,
        HeadingLevel::H5,
        HeadingLevel::H6,
    ];
    LEVELS[(level as usize - 1 + by).min(5)]
}

/// Renders author Markdown (tables and strikethrough on), with raw HTML
/// passed through or shown as text as `raw_html` says. The body's
/// highest heading becomes `<h2>`, whether the author wrote `#` or `##`:
/// the template gives the page its one `<h1>`, and no level is skipped.
pub(crate) fn to_html(markdown: &str, raw_html: RawHtml) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(markdown, options);
    let parser = crate::markdown::without_unsafe_links(parser);
    let events: Vec<Event<'_>> = match raw_html {
        RawHtml::Allow => parser.collect(),
        RawHtml::Escape => crate::markdown::html_as_text(parser).collect(),
    };
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let by = 2usize.saturating_sub(top);
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level, by),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, by))),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The first paragraph of `markdown` as plain text, cut at a word boundary
/// near `max_chars`: for meta descriptions.
pub(crate) fn first_paragraph_text(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) if !text.is_empty() => break,
            _ => {}
        }
    }
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_plain_and_short() {
        let md = "Your **mid-back** stiffens\nover time.\n\nSecond paragraph.";
        assert_eq!(
            first_paragraph_text(md, 200),
            "Your mid-back stiffens over time."
        );
        assert_eq!(first_paragraph_text(md, 20), "Your mid-back…");
    }

    #[test]
    fn renders_lists_and_demotes_headings() {
        let html = to_html("# Title\n\n1. one\n2. two\n", RawHtml::Allow);
        assert_eq!(
            html,
            "<h2>Title</h2>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n"
        );
    }

    #[test]
    fn second_level_headings_stay_second_level() {
        assert_eq!(
            to_html("## A\n\n### B\n", RawHtml::Allow),
            "<h2>A</h2>\n<h3>B</h3>\n"
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            to_html("a < b & c", RawHtml::Allow),
            "<p>a &lt; b &amp; c</p>\n"
        );
    }

    #[test]
    fn raw_html_passes_or_shows_as_text_as_configured() {
        let md = "Hold <em>still</em>.\n\n<div class=\"x\">\n<script>alert(1)</script>\n</div>\n";
        let allowed = to_html(md, RawHtml::Allow);
        assert!(allowed.contains("<em>still</em>"), "{allowed}");
        assert!(allowed.contains("<script>alert(1)</script>"), "{allowed}");
        let escaped = to_html(md, RawHtml::Escape);
        assert!(!escaped.contains("<script"), "{escaped}");
        assert!(escaped.contains("&lt;em&gt;still&lt;/em&gt;"), "{escaped}");
        assert!(
            escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{escaped}"
        );
        assert!(!escaped.contains("<div"), "{escaped}");
    }
}
