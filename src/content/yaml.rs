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
        first_line,
    };
    reader.document()
}

struct Reader<'a> {
    parser: Parser<std::str::Chars<'a>>,
    first_line: u32,
}

impl Reader<'_> {
    fn position(&self, mark: Marker) -> Position {
        let line = u32::try_from(mark.line()).unwrap_or(u32::MAX);
        // yaml-rust2 counts columns from 0, lines from 1.
        let column = u32::try_from(mark.col()).unwrap_or(u32::MAX - 1) + 1;
        Position::new(
            line.saturating_add(self.first_line.saturating_sub(1)),
            column,
        )
    }

    fn next(&mut self) -> Result<(Event, Position), SyntaxError> {
        match self.parser.next_token() {
            Ok((event, mark)) => Ok((event, self.position(mark))),
            Err(e) => Err(SyntaxError {
                position: self.position(*e.marker()),
                message: format!("this is not valid YAML: {}", e.info()),
                hint: syntax_hint(e.info()),
            }),
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
            return Err(SyntaxError {
                position,
                message: format!("nested more than {MAX_DEPTH} levels deep"),
                hint: None,
            });
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
                if !quoted && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") {
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

fn syntax_hint(info: &str) -> Option<String> {
    if info.contains("tab") {
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
    fn empty_text_is_null() {
        assert_eq!(parse("", 2).unwrap().value, Value::Null);
        assert_eq!(parse("# only a comment\n", 2).unwrap().value, Value::Null);
    }
}
