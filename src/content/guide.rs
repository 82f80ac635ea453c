//! Reading a guide page: front matter (title, slug, order) and Markdown body.

use super::decode::Decoder;
use super::yaml::Node;
use crate::diagnostic::Position;
use crate::model::{GuidePage, Slug};

pub(crate) const KEYS: &[&str] = &["title", "description", "slug", "order"];
const WHAT: &str = "the guide page front matter";

/// A guide page with where its slug came from.
#[derive(Debug)]
pub(crate) struct GuideEntry {
    pub(crate) page: GuidePage,
    pub(crate) slug_position: Position,
}

/// `file_stem` gives the slug when the front matter has none.
pub(crate) fn decode(
    d: &mut Decoder,
    root: &Node,
    body: &str,
    body_line: u32,
    file_stem: &str,
) -> Option<GuideEntry> {
    let fields = d.fields(root, WHAT, KEYS)?;
    let title = d
        .required(&fields, "title", WHAT)
        .and_then(|n| d.text(n, "title"));
    let description = d.optional_text(fields.get("description"), "description");
    let (slug, slug_position) = match fields.get("slug") {
        Some(n) => (d.slug(n, "slug"), n.position),
        None => match Slug::parse(file_stem) {
            Ok(slug) => (Some(slug), Position::START),
            Err(why) => {
                d.error_hint(
                    Position::START,
                    format!("the file name `{file_stem}` is not a safe page address: it {why}"),
                    format!(
                        "rename the file to `{}.md` or set `slug`",
                        Slug::suggest(file_stem)
                    ),
                );
                (None, Position::START)
            }
        },
    };
    let order = match fields.get("order") {
        Some(n) => d.integer(n, "order", -1_000_000, 1_000_000),
        None => Some(0),
    };
    if body.trim().is_empty() {
        d.error_hint(
            Position::new(body_line, 1),
            "the guide page has no text",
            "write the page in Markdown below the closing `---`",
        );
        return None;
    }
    Some(GuideEntry {
        page: GuidePage {
            slug: slug?,
            title: title?,
            description: description?,
            order: order?,
            body: body.trim().to_string(),
        },
        slug_position,
    })
}
