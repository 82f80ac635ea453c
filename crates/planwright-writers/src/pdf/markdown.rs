//! The Markdown of the content (the safety note, a stage's purpose, an
//! exercise's instructions, a patient's notes) as plain paragraphs and list
//! items of bold and regular text: what a printed sheet can show.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::layout::Span;
use planwright_core::model::RawHtml;

/// A paragraph, or an item of a list with its marker (`•`, `1.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// `None` for a paragraph.
    pub marker: Option<String>,
    /// How deep the list is nested, from 0.
    pub depth: usize,
    pub spans: Vec<Span>,
}

/// Reads Markdown into blocks. Headings become bold paragraphs; links keep
/// their text; images and code blocks' fences are left out. Raw HTML is
/// left out too under `RawHtml::Allow` (paper cannot show it), and printed
/// as the text it is under `RawHtml::Escape`.
pub(crate) fn blocks(markdown: &str, raw_html: RawHtml) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Each open list: the next number, or None for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut bold = 0usize;
    let mut heading = false;
    let mut current: Option<Block> = None;
    let mut in_image = false;

    let flush = |current: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(block) = current.take() {
            if block.spans.iter().any(|s| !s.text.trim().is_empty()) {
                out.push(block);
            }
        }
    };

    let parser = Parser::new(markdown);
    let events: Box<dyn Iterator<Item = Event<'_>>> = match raw_html {
        RawHtml::Allow => Box::new(parser),
        RawHtml::Escape => Box::new(crate::markdown::html_as_text(parser)),
    };
    for event in events {
        match event {
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut out);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut current, &mut out);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ => "•".to_string(),
                };
                current = Some(Block {
                    marker: Some(marker),
                    depth: lists.len().saturating_sub(1),
                    spans: Vec::new(),
                });
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph inside a list item continues the item.
                if current.as_ref().is_none_or(|b| b.marker.is_none()) {
                    flush(&mut current, &mut out);
                    current = Some(Block {
                        marker: None,
                        depth: lists.len(),
                        spans: Vec::new(),
                    });
                } else if let Some(block) = current.as_mut() {
                    if !block.spans.is_empty() {
                        block.spans.push(Span::plain(" "));
                    }
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut out);
                heading = true;
                current = Some(Block {
                    marker: None,
                    depth: 0,
                    spans: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                heading = false;
                flush(&mut current, &mut out);
            }
            Event::End(TagEnd::Paragraph)
                if current.as_ref().is_some_and(|b| b.marker.is_none()) =>
            {
                flush(&mut current, &mut out);
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Image { .. }) => in_image = true,
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(text) | Event::Code(text) if !in_image => {
                let block = current.get_or_insert_with(|| Block {
                    marker: None,
                    depth: lists.len(),
                    spans: Vec::new(),
                });
                let span = Span {
                    text: text.into_string(),
                    bold: bold > 0 || heading,
                };
                match block.spans.last_mut() {
                    Some(last) if last.bold == span.bold => last.text.push_str(&span.text),
                    _ => block.spans.push(span),
                }
            }
            Event::SoftBreak => {
                if let Some(block) = current.as_mut() {
                    block.spans.push(Span::plain(" "));
                }
            }
            Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.spans.push(Span::plain("\n"));
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

/// The text of every block, for checking what a sheet printed.
#[cfg(test)]
pub(crate) fn plain(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| b.spans.iter().map(|s| s.text.as_str()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paragraphs_lists_and_bold() {
        let md = "Work within a range.\n\n- sharp pain\n- pins and needles\n\n\
                  1. **Set up.** Lie on your back.\n   Bend your knees.\n2. **Lift.** Breathe out.\n";
        let b = blocks(md, RawHtml::Allow);
        assert_eq!(
            plain(&b),
            [
                "Work within a range.",
                "sharp pain",
                "pins and needles",
                "Set up. Lie on your back. Bend your knees.",
                "Lift. Breathe out."
            ]
        );
        assert_eq!(b[1].marker.as_deref(), Some("•"));
        assert_eq!(b[4].marker.as_deref(), Some("2."));
        assert!(b[3].spans[0].bold);
        assert!(!b[3].spans[1].bold);
    }

    #[test]
    fn raw_html_is_left_out_or_printed_as_text() {
        let md = "Say <b>hi</b> & {{ name }}.\n\n<script>alert(1)</script>\n";
        assert_eq!(plain(&blocks(md, RawHtml::Allow)), ["Say hi & {{ name }}."]);
        assert_eq!(
            plain(&blocks(md, RawHtml::Escape)),
            ["Say <b>hi</b> & {{ name }}.", "<script>alert(1)</script>"]
        );
    }
}
