//! Markdown handling the site and the printed plans share, so both treat
//! the same source alike. Rendering itself belongs to `site` and `pdf`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Turns raw HTML into text that shows it, tags and all: an HTML block
/// becomes a paragraph, and each of its lines a line of that paragraph.
pub(crate) fn html_as_text<'a>(
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
