//! Markdown handling the site, the printed plans and `check` share, so all
//! treat the same source alike. Rendering itself belongs to `site` and `pdf`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Turns raw HTML into text that shows it, tags and all: an HTML block
/// becomes a paragraph, and each of its lines a line of that paragraph.
pub fn html_as_text<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    // Whether the next line of an HTML block is its first.
    let mut first_line = true;
    events.flat_map(move |event| match event {
        Event::Start(Tag::HtmlBlock) => {
            first_line = true;
            vec![Event::Start(Tag::Paragraph)]
        }
        Event::End(TagEnd::HtmlBlock) => vec![Event::End(TagEnd::Paragraph)],
        Event::Html(text) => {
            let line = Event::Text(CowStr::from(text.trim_end_matches('\n').to_string()));
            if std::mem::replace(&mut first_line, false) {
                vec![line]
            } else {
                vec![Event::SoftBreak, line]
            }
        }
        Event::InlineHtml(text) => vec![Event::Text(text)],
        other => vec![other],
    })
}

/// The schemes a link or image in author Markdown may use; a relative
/// address has none. Everything else (`javascript:`, `vbscript:`, `data:`,
/// `file:`, schemes nobody has heard of) could run code or reach outside
/// the site, and is refused.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Whether a link or image address is safe to put in a page: relative, or
/// with one of [`SAFE_SCHEMES`]. The scheme is read as a browser reads it:
/// tabs and line breaks anywhere are dropped and leading spaces and
/// control characters skipped (`java&#9;script:`), letter case is ignored
/// (`JaVaScRiPt:`), and anything that is not a plain scheme before the
/// colon (`jav%61script:`, a control character) is refused rather than
/// guessed at. Character references (`&#106;`) are already decoded by the
/// Markdown reader.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let before = &cleaned[..colon];
    // `images/a:b.png`, `?q=a:b`, `#x:y`: the colon is past the path's
    // start, so there is no scheme.
    if before.contains(['/', '?', '#']) {
        return true;
    }
    SAFE_SCHEMES.iter().any(|s| before.eq_ignore_ascii_case(s))
}

/// Drops every link and image whose address [`is_safe_url`] refuses,
/// keeping what they enclose (a link's words, an image's alt text) as
/// plain text, so nothing an author wrote goes missing from the page.
pub fn without_unsafe_links<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    // For each link or image open, whether it was dropped.
    let mut open: Vec<bool> = Vec::new();
    events.filter(move |event| match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            let drop = !is_safe_url(dest_url);
            open.push(drop);
            !drop
        }
        Event::End(TagEnd::Link | TagEnd::Image) => !open.pop().unwrap_or(false),
        _ => true,
    })
}

/// Every link and image address in `markdown` that [`is_safe_url`]
/// refuses, with its byte offset in `markdown`, for `check` to report.
pub fn unsafe_links(markdown: &str) -> Vec<(usize, String)> {
    pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_safe_url(&dest_url) =>
            {
                Some((range.start, dest_url.to_string()))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_addresses_and_safe_schemes_pass() {
        for safe in [
            "https://example.org/a",
            "HTTP://x",
            "mailto:clinic@example.org",
            "tel:+44 20 7946 0000",
            "../guide/about.html",
            "images/a:b.png",
            "#week-2",
            "?q=a:b",
            "",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav%61script:alert(1)",
            "java\u{0}script:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:image/svg+xml;base64,PHN2Zz4=",
            "file:///etc/passwd",
            "feed:x",
        ] {
            assert!(!is_safe_url(unsafe_), "{unsafe_:?}");
        }
    }

    #[test]
    fn refused_links_keep_their_words_and_references_are_decoded_first() {
        let markdown = "[click](javascript:alert(1)) and [ok](https://a.org) \
                        ![pic](data:image/png;base64,AA) [x](&#106;avascript:alert(1)) \
                        <vbscript:msgbox(1)> [r]\n\n[r]: JAVASCRIPT:alert(1)\n";
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            without_unsafe_links(pulldown_cmark::Parser::new(markdown)),
        );
        // The only address left is the safe one; the refused ones' words stay.
        let addresses: Vec<&str> = html.split(['"']).skip(1).step_by(2).collect();
        assert_eq!(addresses, ["https://a.org"], "{html}");
        assert!(
            html.contains("click and <a href=\"https://a.org\">ok</a> pic x"),
            "{html}"
        );
        let found: Vec<String> = unsafe_links(markdown).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            found,
            [
                "javascript:alert(1)",
                "data:image/png;base64,AA",
                "javascript:alert(1)",
                "vbscript:msgbox(1)",
                "JAVASCRIPT:alert(1)"
            ]
        );
    }
}
