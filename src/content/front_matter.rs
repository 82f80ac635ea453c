//! Splitting a Markdown file into its YAML front matter and its body.

use crate::diagnostic::Position;

/// A Markdown file cut at its `---` fences.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the fences.
    pub(crate) yaml: &'a str,
    /// The line the YAML starts on (always 2).
    pub(crate) yaml_line: u32,
    /// The Markdown after the closing fence.
    pub(crate) body: &'a str,
    /// The line the body starts on.
    pub(crate) body_line: u32,
}

/// Why the front matter could not be found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SplitError {
    pub(crate) position: Position,
    pub(crate) message: &'static str,
    pub(crate) hint: &'static str,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Finds the front matter. The text must start with a `---` line (after an
/// optional byte-order mark) and the YAML ends at the next `---` line.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if is_fence(first) => {}
        _ => {
            return Err(SplitError {
                position: Position::START,
                message: "expected front matter: the file must start with a `---` line",
                hint: "put the YAML fields between two `---` lines at the top of the file",
            })
        }
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = yaml_start;
    let mut line_no = 2u32;
    for line in lines {
        if is_fence(line) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
        line_no = line_no.saturating_add(1);
    }
    Err(SplitError {
        position: Position::START,
        message: "the front matter is never closed",
        hint: "did you forget the closing `---` line after the YAML fields?",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\nid: a\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "id: a\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\nid: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "id: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn reports_missing_fences() {
        assert!(split("# no front matter\n")
            .unwrap_err()
            .message
            .contains("must start"));
        assert!(split("---\nid: a\n").unwrap_err().hint.contains("closing"));
        assert!(split("").is_err());
    }
}
