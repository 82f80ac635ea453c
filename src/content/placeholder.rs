//! Text still to be written: `TODO` in a content file's values or body.
//!
//! `planwright new` marks every place its template needs the author's own
//! words with `TODO`, and authors use the same word for notes to
//! themselves. Either way the text is not ready for a patient's handout,
//! so every `TODO` outside a YAML comment is an error at its line and
//! column until it is replaced. This module only looks at text; it never
//! reads files.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Position};

/// The marker, matched as a whole word and in capitals only, so that
/// "todo" in running text ("a to-do list") is left alone.
const MARKER: &str = "TODO";

/// Every `TODO` of a content file. `markdown` files have their front
/// matter (between `---` lines) read as YAML and the rest as Markdown,
/// where `#` starts a heading rather than a comment.
pub(super) fn markers(text: &str, path: &Path, markdown: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (number, line, searched) in written(text, markdown) {
        for at in words(searched) {
            let column = line[..at].chars().count() + 1;
            out.push(
                Diagnostic::error(
                    path,
                    Position::new(number, u32::try_from(column).unwrap_or(u32::MAX)),
                    "`TODO` marks text still to be written",
                )
                .with_hint(
                    "replace it with your own words: nothing is built or printed while a TODO is left",
                ),
            );
        }
    }
    out
}

/// Each line of a content file (its number and the line) with the part
/// that can hold an author's words: a YAML line up to its comment, a
/// Markdown line whole. The `---` lines around front matter are skipped.
pub(super) fn written(text: &str, markdown: bool) -> Vec<(u32, &str, &str)> {
    // In a Markdown file, YAML runs from the opening `---` to the next.
    let mut in_yaml = !markdown;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if markdown && line.trim_end() == "---" && (index == 0 || in_yaml) {
            in_yaml = index == 0;
            continue;
        }
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let searched = if in_yaml { without_comment(line) } else { line };
        out.push((number, line, searched));
    }
    out
}

/// Byte offsets of `TODO` standing as a word of its own.
fn words(line: &str) -> impl Iterator<Item = usize> + '_ {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(MARKER).filter_map(move |(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + MARKER.len()..].chars().next();
        (!before.is_some_and(is_word) && !after.is_some_and(is_word)).then_some(at)
    })
}

/// A YAML line up to its comment: a `#` at the start or after a space
/// begins one, unless it is inside quotes.
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') if previous.is_whitespace() => return &line[..at],
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), c) if c == open => quote = None,
            _ => {}
        }
        previous = c;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, markdown: bool) -> Vec<String> {
        markers(text, Path::new("x.md"), markdown)
            .iter()
            .map(|d| format!("{}:{}", d.position.line, d.position.column))
            .collect()
    }

    #[test]
    fn every_todo_in_values_and_body_is_found_where_it_is() {
        let text = "---\nid: a\nsummary: \"TODO: say what it is.\"\ncues:\n  - TODO\n---\n\
                    1. **Set up.** TODO: describe it.\n# TODO heading\n";
        assert_eq!(found(text, true), ["3:11", "5:5", "7:16", "8:3"]);
    }

    #[test]
    fn comments_and_other_words_are_left_alone() {
        let text = "---\n# TODO in a comment\nid: a # TODO later\ntitle: \"# TODO\"\n---\n\
                    TODOS, todo, TODO_LIST and XTODO are not the marker.\n";
        assert_eq!(found(text, true), ["4:11"]);
        // In plain YAML every line is YAML; `---` is not special.
        assert_eq!(found("a: 1 # TODO\nb: TODO\n", false), ["2:4"]);
        // A `---` rule in the body does not reopen the front matter.
        assert_eq!(found("---\na: 1\n---\ntext\n---\n# TODO\n", true), ["6:3"]);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(found("title: \"Ñandú TODO\"\n", false), ["1:15"]);
    }
}
