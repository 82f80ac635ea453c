//! Problems found in input, with the place they were found.
//!
//! A [`Diagnostic`] names a file, a line and a column, says what is wrong and,
//! where it helps, how to fix it. Loading collects every diagnostic of a
//! content tree before giving up, so an author sees all problems in one run.
//! This module only describes and formats problems; printing them (and
//! choosing colours) happens once, in the CLI.

use std::fmt;
use std::path::PathBuf;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input works, but probably not as the author meant.
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A 1-based line and column in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column (in characters), starting at 1.
    pub column: u32,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, column: 1 };

    /// A position from 1-based line and column numbers.
    pub fn new(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    /// The position of byte offset `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position::new(saturating_u32(line), saturating_u32(column))
    }

    /// This position kept inside `text`: a line or column past the end
    /// becomes the end of that line, or of the text. Parsers mark the end
    /// of input one line further down when the last line has no line
    /// break, and an editor cannot jump there.
    pub fn within(self, text: &str) -> Position {
        let Some(line) = text.split('\n').nth(self.line.saturating_sub(1) as usize) else {
            return Position::of_offset(text, text.len());
        };
        let width = saturating_u32(line.trim_end_matches('\r').chars().count() + 1);
        Position::new(self.line.max(1), self.column.clamp(1, width))
    }
}

fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user would type it (relative to where planwright runs).
    pub path: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence without a trailing full stop.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `position` in `path`.
    pub fn error(path: impl Into<PathBuf>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            position,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `position` in `path`.
    pub fn warning(
        path: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, position, message)
        }
    }

    /// Adds a hint telling the author how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Formats the diagnostic, with ANSI colours when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let (bold, red, yellow, cyan, reset) = if color {
            (
                "\x1b[1m",
                "\x1b[1;31m",
                "\x1b[1;33m",
                "\x1b[1;36m",
                "\x1b[0m",
            )
        } else {
            ("", "", "", "", "")
        };
        let tone = match self.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
        };
        let mut out = format!(
            "{bold}{}:{}:{}:{reset} {tone}{}:{reset} {}",
            terminal_safe(&self.path.display().to_string(), false),
            self.position.line,
            self.position.column,
            self.severity.label(),
            terminal_safe(&self.message, true)
        );
        if let Some(hint) = &self.hint {
            out.push_str(&format!(
                "\n  {cyan}hint:{reset} {}",
                terminal_safe(hint, true)
            ));
        }
        out
    }
}

/// `text` with every character that a terminal would act on rather than
/// show written as an escape: the C0 controls (ESC, BEL, CR, backspace…),
/// DEL, the C1 controls and the bidirectional overrides. Paths, titles and
/// names come from content files and rosters, and printed raw they could
/// retitle, clear or rewrite the reader's terminal, or make a line read
/// differently from what it says. Tabs stay; line breaks stay only where
/// `lines` allows them (planwright's own messages span lines, a path never
/// does).
pub fn terminal_safe(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    let acted_on = |c: char| {
        (c.is_control() && c != '\t' && !(lines && c == '\n'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(acted_on) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acted_on(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

impl Diagnostic {
    /// The diagnostic as a JSON object, for `--format json` summaries.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "path": self.path.display().to_string(),
            "line": self.position.line,
            "column": self.position.column,
            "severity": self.severity.label(),
            "message": self.message,
            "hint": self.hint,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Orders diagnostics by file, then position, so every run prints them alike.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.position, a.severity, &a.message)
            .cmp(&(&b.path, b.position, b.severity, &b.message))
    });
}

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_terminal_would_act_on_is_shown_escaped() {
        let title = "Cat\u{1b}]0;pwned\u{7}\r\u{9b}2J\u{202e}cow\tend";
        assert_eq!(
            terminal_safe(title, true),
            "Cat\\u{1b}]0;pwned\\u{7}\\u{d}\\u{9b}2J\\u{202e}cow\tend"
        );
        assert_eq!(terminal_safe("a\nb", true), "a\nb");
        assert_eq!(terminal_safe("a\nb", false), "a\\u{a}b");
        assert_eq!(terminal_safe("Zoë Ångström", false), "Zoë Ångström");
        assert_eq!(terminal_safe("\u{7f}", false), "\\u{7f}");
        let d = Diagnostic::error("ex\u{1b}[2J.md", Position::START, "bad `\u{7}`")
            .with_hint("x\u{1b}c");
        assert_eq!(
            d.render(false),
            "ex\\u{1b}[2J.md:1:1: error: bad `\\u{7}`\n  hint: x\\u{1b}c"
        );
        assert!(!d.render(true).contains("\u{7}"));
    }

    #[test]
    fn positions_past_the_end_come_back_inside_the_text() {
        let text = "ab\ncdé\r\nf";
        // Inside: unchanged.
        assert_eq!(Position::new(2, 4).within(text), Position::new(2, 4));
        assert_eq!(Position::new(3, 2).within(text), Position::new(3, 2));
        // The line after the last, as a parser marks the end of input.
        assert_eq!(Position::new(4, 1).within(text), Position::new(3, 2));
        // Past a line's end (its `\r` is not a column).
        assert_eq!(Position::new(2, 9).within(text), Position::new(2, 4));
        assert_eq!(Position::new(0, 0).within(text), Position::new(1, 1));
        // A text ending in a line break has an empty last line to point at.
        assert_eq!(Position::new(9, 9).within("a\n"), Position::new(2, 1));
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 3), Position::new(2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(Position::of_offset(text, 7), Position::new(2, 4));
        assert_eq!(Position::of_offset(text, 999), Position::new(3, 2));
    }

    #[test]
    fn renders_with_hint() {
        let d = Diagnostic::error("a.yaml", Position::new(3, 5), "unknown key `dos`")
            .with_hint("did you mean `dose`?");
        assert_eq!(
            d.to_string(),
            "a.yaml:3:5: error: unknown key `dos`\n  hint: did you mean `dose`?"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["dose", "frequency", "progression"];
        assert_eq!(did_you_mean("dos", &keys), Some("dose"));
        assert_eq!(did_you_mean("frequncy", &keys), Some("frequency"));
        assert_eq!(did_you_mean("zzz", &keys), None);
    }
}
