//! A YAML document as a tree of nodes that remember where they were written.
//!
//! serde_yaml can say where the *first* syntax error is, but not where a
//! valid value sits, so it cannot point at a range that runs backwards three
//! lines further down. This module builds a small marked tree from
//! yaml-rust2's parser events instead; `decode` then reads it while
//! collecting every problem. Anchors and aliases are refused (they make
//! "billion laughs" documents possible and no program needs them), as are
//! duplicate keys and nesting deeper than [`MAX_DEPTH`].

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::Position;

/// Deeper nesting than this is refused instead of risking the stack.
pub(crate) const MAX_DEPTH: usize = 32;

/// A node with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) position: Position,
}

/// A YAML value. Scalars stay text; `decode` gives them a type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `~`, `null` or nothing at all.
    Null,
    /// A scalar and whether it was quoted (a quoted `10` is text, not a number).
    Scalar { text: String, quoted: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Key, Node)>),
}

/// A mapping key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) position: Position,
}

/// A problem that stops a document from being read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub(crate) position: Position,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Node {
    /// What kind of value this is, in words, for "expected X, found Y".
    pub(crate) fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping (key: value pairs)",
        }
    }
}

/// Parses one YAML document. `first_line` is the line of the file the text
/// starts on (front matter starts on line 2), so positions match the file.
pub(crate) fn parse(text: &str, first_line: u32) -> Result<Node, SyntaxError> {
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
        text,
        lines: None,
        last_mark: None,
        first_line,
    };
    reader.document()
}

struct Reader<'a> {
    parser: Parser<std::str::Chars<'a>>,
    text: &'a str,
    /// Each line of `text` (without its line break), split on first need.
    lines: Option<Vec<&'a str>>,
    /// Where the event last read starts.
    last_mark: Option<Marker>,
    first_line: u32,
}

impl Reader<'_> {
    fn position(&self, mark: Marker) -> Position {
        let line = u32::try_from(mark.line()).unwrap_or(u32::MAX);
        // yaml-rust2 counts columns from 0, lines from 1.
        let column = u32::try_from(mark.col()).unwrap_or(u32::MAX - 1) + 1;
        self.shifted(line, column)
    }

    /// A position in the text as a position in the file.
    fn shifted(&self, line: u32, column: u32) -> Position {
        Position::new(
            line.saturating_add(self.first_line.saturating_sub(1)),
            column,
        )
    }

    /// Where an empty value was written. yaml-rust2 marks it where the next
    /// token starts, often a line or more further down (`title:` on line 1
    /// is marked at the key on line 2); the author wrote it just after the
    /// last thing before the blank lines and comments: `title:` or `-`.
    fn empty_position(&mut self) -> Option<Position> {
        let mark = self.last_mark?;
        let text = self.text;
        let lines = self
            .lines
            .get_or_insert_with(|| text.split('\n').map(|l| l.trim_end_matches('\r')).collect());
        let index = mark.line().checked_sub(1)?;
        let current = lines.get(index)?;
        // Indentation and the `- ` of a list item may come before the mark
        // of the next thing; anything else (`{a: }`) means the mark's line
        // is the right one already.
        let lead = current
            .chars()
            .take_while(|c| c.is_whitespace() || *c == '-')
            .count();
        if mark.col() > lead {
            return None;
        }
        let (line, content) = lines[..index]
            .iter()
            .enumerate()
            .rev()
            .map(|(i, l)| (i, without_comment(l)))
            .find(|(_, l)| !l.is_empty())?;
        let column = u32::try_from(content.chars().count())
            .ok()?
            .saturating_add(1);
        Some(self.shifted(u32::try_from(line + 1).ok()?, column))
    }

    /// The first tab on the marked line, else on the line after it.
    fn tab_position(&self, mark: Marker) -> Option<Position> {
        let index = mark.line().checked_sub(1)?;
        self.text
            .split('\n')
            .enumerate()
            .skip(index)
            .take(2)
            .find_map(|(i, line)| {
                let column = line.chars().position(|c| c == '\t')?;
                Some((i, column))
            })
            .and_then(|(i, column)| {
                Some(self.shifted(u32::try_from(i + 1).ok()?, u32::try_from(column + 1).ok()?))
            })
    }

    fn next(&mut self) -> Result<(Event, Position), SyntaxError> {
        match self.parser.next_token() {
            Ok((event, mark)) => {
                self.last_mark = Some(mark);
                Ok((event, self.position(mark)))
            }
            Err(e) if e.info().contains("recursion limit") => {
                Err(too_deep(self.position(*e.marker())))
            }
            Err(e) => {
                // yaml-rust2 may mark a tab just after it, or at the end of
                // the line above; point at the tab itself.
                let tab = e
                    .info()
                    .contains("tab")
                    .then(|| self.tab_position(*e.marker()))
                    .flatten();
                Err(SyntaxError {
                    position: tab.unwrap_or_else(|| self.position(*e.marker())),
                    message: format!("this is not valid YAML: {}", e.info()),
                    hint: syntax_hint(e.info()),
                })
            }
        }
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        let mut root = None;
        loop {
            let (event, position) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    if root.is_some() {
                        return Err(SyntaxError {
                            position,
                            message: "found a second YAML document".to_string(),
                            hint: Some(
                                "a file holds one document: remove the extra `---` line"
                                    .to_string(),
                            ),
                        });
                    }
                    root = Some(self.node(0)?);
                }
                other => {
                    // Events outside a document do not happen with yaml-rust2,
                    // but a clear error beats a panic if they ever do.
                    return Err(SyntaxError {
                        position,
                        message: format!("unexpected YAML event {other:?}"),
                        hint: None,
                    });
                }
            }
        }
        Ok(root.unwrap_or(Node {
            value: Value::Null,
            position: Position::new(self.first_line, 1),
        }))
    }

    fn node(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let (event, position) = self.next()?;
        self.node_from(event, position, depth)
    }

    fn node_from(
        &mut self,
        event: Event,
        position: Position,
        depth: usize,
    ) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(too_deep(position));
        }
        let anchored = |anchor: usize| {
            (anchor != 0).then(|| SyntaxError {
                position,
                message: "YAML anchors and aliases are not supported".to_string(),
                hint: Some("write the value out in full where it is needed".to_string()),
            })
        };
        let value = match event {
            Event::Alias(_) => return Err(anchored(1).expect("non-zero anchor")),
            Event::Scalar(text, style, anchor, _tag) => {
                if let Some(e) = anchored(anchor) {
                    return Err(e);
                }
                let quoted = !matches!(style, TScalarStyle::Plain);
                if !quoted && text.is_empty() {
                    let position = self.empty_position().unwrap_or(position);
                    return Ok(Node {
                        value: Value::Null,
                        position,
                    });
                } else if !quoted && matches!(text.as_str(), "~" | "null" | "Null" | "NULL") {
                    Value::Null
                } else {
                    Value::Scalar { text, quoted }
                }
            }
            Event::SequenceStart(anchor, _tag) => {
                if let Some(e) = anchored(anchor) {
                    return Err(e);
                }
                let mut items = Vec::new();
                loop {
                    let (event, position) = self.next()?;
                    if event == Event::SequenceEnd {
                        break;
                    }
                    items.push(self.node_from(event, position, depth + 1)?);
                }
                Value::Seq(items)
            }
            Event::MappingStart(anchor, _tag) => {
                if let Some(e) = anchored(anchor) {
                    return Err(e);
                }
                let entries = self.mapping(depth)?;
                // yaml-rust2 marks a block mapping where its first value
                // starts; the first key is where an author sees it begin.
                let position = entries.first().map_or(position, |(k, _)| k.position);
                return Ok(Node {
                    value: Value::Map(entries),
                    position,
                });
            }
            other => {
                return Err(SyntaxError {
                    position,
                    message: format!("unexpected YAML event {other:?}"),
                    hint: None,
                })
            }
        };
        Ok(Node { value, position })
    }

    fn mapping(&mut self, depth: usize) -> Result<Vec<(Key, Node)>, SyntaxError> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut seen: HashMap<String, Position> = HashMap::new();
        loop {
            let (event, position) = self.next()?;
            let name = match event {
                Event::MappingEnd => return Ok(entries),
                Event::Scalar(text, _, 0, _) => text,
                _ => {
                    return Err(SyntaxError {
                        position,
                        message: "a mapping key must be a plain name".to_string(),
                        hint: Some("write keys like `title:`".to_string()),
                    })
                }
            };
            if let Some(first) = seen.insert(name.clone(), position) {
                return Err(SyntaxError {
                    position,
                    message: format!("key `{name}` appears twice in the same mapping"),
                    hint: Some(format!(
                        "it was first given at line {}; keep one of them",
                        first.line
                    )),
                });
            }
            let value = self.node(depth + 1)?;
            entries.push((Key { name, position }, value));
        }
    }
}

/// A line without its trailing comment and spaces; empty when nothing but
/// a comment is on it. A `#` starts a comment at the start of the line or
/// after a space; quotes are not followed, which only matters for a quoted
/// key whose value is empty.
fn without_comment(line: &str) -> &str {
    let line = line.trim_end();
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(at) => line[..at].trim_end(),
        None => line,
    }
}

fn too_deep(position: Position) -> SyntaxError {
    SyntaxError {
        position,
        message: format!("nested more than {MAX_DEPTH} levels deep"),
        hint: Some("no planwright file needs this much nesting: check the brackets".to_string()),
    }
}

fn syntax_hint(info: &str) -> Option<String> {
    if info.contains("quoted scalar") {
        Some(
            "a quoted value must end with the same quote it starts with; \
             check the quotes on this line"
                .to_string(),
        )
    } else if info.contains("tab") {
        Some("YAML is indented with spaces, not tabs".to_string())
    } else if info.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted".to_string())
    } else if info.contains("did not find expected") || info.contains("block mapping") {
        Some("check the indentation of this line and the one above".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_keys(node: &Node) -> Vec<(&str, Position)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, _)| (k.name.as_str(), k.position))
                .collect(),
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn keys_keep_their_positions() {
        let node = parse("a: 1\nb:\n  c: [x, y]\n", 1).unwrap();
        assert_eq!(
            map_keys(&node),
            vec![("a", Position::new(1, 1)), ("b", Position::new(2, 1))]
        );
        let shifted = parse("a: 1\nb: 2\n", 2).unwrap();
        assert_eq!(map_keys(&shifted)[1].1, Position::new(3, 1));
    }

    #[test]
    fn quoted_scalars_are_marked() {
        let node = parse("a: '10'\nb: 10\nc:\n", 1).unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        assert!(matches!(
            &entries[0].1.value,
            Value::Scalar { quoted: true, .. }
        ));
        assert!(matches!(
            &entries[1].1.value,
            Value::Scalar { quoted: false, .. }
        ));
        assert_eq!(entries[2].1.value, Value::Null);
    }

    #[test]
    fn refuses_aliases_duplicates_and_depth() {
        let alias = parse("a: &x [1]\nb: *x\n", 1).unwrap_err();
        assert!(alias.message.contains("anchors"));
        let dup = parse("a: 1\na: 2\n", 1).unwrap_err();
        assert_eq!(dup.position, Position::new(2, 1));
        assert!(dup.message.contains("appears twice"));
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&deep, 1).unwrap_err().message.contains("nested"));
        assert!(parse("a: 1\n---\nb: 2\n", 1)
            .unwrap_err()
            .message
            .contains("second"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: 1\n b: 2\nc: [\n", 1).unwrap_err();
        assert!(err.message.starts_with("this is not valid YAML"));
        assert!(err.position.line >= 2);
    }

    #[test]
    fn empty_values_are_placed_where_they_were_written() {
        let node = parse(
            "title:\n# a comment\n\nrate:\n  min:   # none\n  max: 9%\nlist:\n  -\n",
            1,
        )
        .unwrap();
        let Value::Map(entries) = node.value else {
            panic!()
        };
        // Just after the colon, not on the next key's line.
        assert_eq!(entries[0].1.value, Value::Null);
        assert_eq!(entries[0].1.position, Position::new(1, 7));
        let Value::Map(rate) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(rate[0].1.position, Position::new(5, 7));
        let Value::Seq(items) = &entries[2].1.value else {
            panic!()
        };
        assert_eq!(items[0].position, Position::new(8, 4));
        // In front matter, lines count from where the YAML starts.
        let shifted = parse("id: a\ntitle:\nstage: b\n", 2).unwrap();
        let Value::Map(entries) = shifted.value else {
            panic!()
        };
        assert_eq!(entries[1].1.position, Position::new(3, 7));
        // On one line, the mark is right already.
        let flow = parse("a: {b: , c: 1}\n", 1).unwrap();
        let Value::Map(entries) = flow.value else {
            panic!()
        };
        let Value::Map(inner) = &entries[0].1.value else {
            panic!()
        };
        assert_eq!(inner[0].1.position.line, 1);
    }

    #[test]
    fn tabs_are_pointed_at() {
        let indented = parse("title: T\nrate:\n\ttarget: 7%\n", 1).unwrap_err();
        assert_eq!(indented.position, Position::new(3, 1));
        let after_value = parse("dose:\n  reps: 10\n\thold: 10 s\n", 2).unwrap_err();
        assert_eq!(after_value.position, Position::new(4, 1));
        assert!(after_value.hint.unwrap().contains("tabs"));
    }

    #[test]
    fn unclosed_quotes_and_deep_brackets_are_explained() {
        let quote = parse("title: \"Fixture\nrate: 1\n", 1).unwrap_err();
        assert_eq!(quote.position, Position::new(1, 8));
        assert!(quote.hint.unwrap().contains("same quote"));
        // yaml-rust2's own limit on brackets gives the same message as ours.
        let deep = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            parse(&deep, 1).unwrap_err().message,
            format!("nested more than {MAX_DEPTH} levels deep")
        );
    }

    #[test]
    fn empty_text_is_null() {
        assert_eq!(parse("", 2).unwrap().value, Value::Null);
        assert_eq!(parse("# only a comment\n", 2).unwrap().value, Value::Null);
    }
}
