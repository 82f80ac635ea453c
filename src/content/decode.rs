//! Reading typed values out of a marked YAML tree, collecting every problem.
//!
//! Each reader returns `Option<T>`: `None` means a diagnostic was recorded
//! and the caller carries on with the next field, so one pass over a file
//! reports all that is wrong with it. This module knows about YAML shapes
//! and quantities, not about what a program or exercise means.

use std::path::{Path, PathBuf};

use super::yaml::{Key, Node, Value};
use super::{MAX_LINE_CHARS, MAX_PHONE_CHARS, MAX_URL_CHARS};
use crate::diagnostic::{did_you_mean, Diagnostic, Position};
use crate::model::{QuantityError, Slug};

/// Collects diagnostics for one file while its values are read.
pub(crate) struct Decoder {
    path: PathBuf,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The entries of a mapping whose keys have been checked.
pub(crate) struct Fields<'n> {
    entries: &'n [(Key, Node)],
    /// Known keys that an unknown key was reported as a likely misspelling
    /// of; their absence is not reported again as "missing".
    suggested: Vec<&'static str>,
    /// Where the mapping starts, for "missing key" errors.
    pub(crate) position: Position,
}

impl<'n> Fields<'n> {
    /// The value of `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
    }

    /// Where the key `name` is written, if present.
    pub(crate) fn key_position(&self, name: &str) -> Option<Position> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.position)
    }
}

impl Decoder {
    pub(crate) fn new(path: &Path) -> Decoder {
        Decoder {
            path: path.to_path_buf(),
            diagnostics: Vec::new(),
        }
    }

    /// Records an error at `position`.
    pub(crate) fn error(&mut self, position: Position, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(&self.path, position, message));
    }

    /// Records an error with a hint.
    pub(crate) fn error_hint(
        &mut self,
        position: Position,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(&self.path, position, message).with_hint(hint));
    }

    /// Records a warning with a hint: a problem that does not stop the
    /// program from being used.
    pub(crate) fn warning_hint(
        &mut self,
        position: Position,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::warning(&self.path, position, message).with_hint(hint));
    }

    /// True when no error has been recorded.
    pub(crate) fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Checks `node` is a mapping whose keys are all in `known`; unknown
    /// keys are reported with the closest known one.
    pub(crate) fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        known: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            let message = if node.value == Value::Null {
                format!("{what} is empty")
            } else {
                format!(
                    "{what} should be a mapping (key: value pairs), found {}",
                    node.kind()
                )
            };
            self.error_hint(
                node.position,
                message,
                format!("expected keys: {}", known.join(", ")),
            );
            return None;
        };
        let mut suggested = Vec::new();
        for (key, _) in entries {
            if known.contains(&key.name.as_str()) {
                continue;
            }
            let hint = match did_you_mean(&key.name, known) {
                Some(close) => {
                    suggested.push(close);
                    format!("did you mean `{close}`?")
                }
                None => format!("expected one of: {}", known.join(", ")),
            };
            self.error_hint(
                key.position,
                format!("unknown key `{}` in {what}", key.name),
                hint,
            );
        }
        Some(Fields {
            entries,
            suggested,
            position: node.position,
        })
    }

    /// The value of a key that must be present.
    pub(crate) fn required<'n>(
        &mut self,
        fields: &Fields<'n>,
        name: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let node = fields.get(name);
        match node {
            Some(n) if n.value != Value::Null => node,
            Some(n) => {
                self.error(n.position, format!("`{name}` in {what} has no value"));
                None
            }
            None if fields.suggested.contains(&name) => None,
            None => {
                self.error(
                    fields.position,
                    format!("missing required key `{name}` in {what}"),
                );
                None
            }
        }
    }

    /// A scalar as one line of text: a title, a name, a list item. Numbers
    /// and booleans are accepted as their text. At most [`MAX_LINE_CHARS`]
    /// characters: such values are printed in headings and on every page of
    /// a plan, so a runaway one is refused rather than laid out for minutes.
    pub(crate) fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        self.text_up_to(
            node,
            what,
            MAX_LINE_CHARS,
            "one-line values such as titles, names and list items are printed in headings \
             and on every page of a plan: shorten it",
        )
    }

    /// A scalar as Markdown text of at most `max` characters.
    pub(crate) fn markdown(&mut self, node: &Node, what: &str, max: usize) -> Option<String> {
        self.text_up_to(node, what, max, "shorten it")
    }

    fn text_up_to(&mut self, node: &Node, what: &str, max: usize, hint: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } => {
                let trimmed = text.trim();
                let chars = trimmed.chars().count();
                if trimmed.is_empty() {
                    self.error(node.position, format!("`{what}` is empty"));
                    None
                } else if chars > max {
                    self.error_hint(
                        node.position,
                        format!("`{what}` is {chars} characters long; at most {max} are allowed"),
                        hint,
                    );
                    None
                } else {
                    Some(trimmed.to_string())
                }
            }
            _ => {
                self.error(
                    node.position,
                    format!("`{what}` should be text, found {}", node.kind()),
                );
                None
            }
        }
    }

    /// Optional text: absent or null gives `Some(None)`.
    pub(crate) fn optional_text(
        &mut self,
        node: Option<&Node>,
        what: &str,
    ) -> Option<Option<String>> {
        match node {
            None => Some(None),
            Some(n) if n.value == Value::Null => Some(None),
            Some(n) => self.text(n, what).map(Some),
        }
    }

    /// A list of text items; absent or null is an empty list. A single
    /// value where a list is expected is refused with a hint, because it is
    /// almost always a forgotten `- `.
    pub(crate) fn text_list(&mut self, node: Option<&Node>, what: &str) -> Option<Vec<String>> {
        let Some(node) = node else {
            return Some(Vec::new());
        };
        if node.value == Value::Null {
            return Some(Vec::new());
        }
        let items = self.list(node, what)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.text(item, &format!("{what}[{}]", i + 1)) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The items of a list node, reporting anything else.
    pub(crate) fn list<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.error_hint(
                    node.position,
                    format!("`{what}` should be a list, found {}", node.kind()),
                    "write each item on its own line starting with `- `, or as `[a, b]`",
                );
                None
            }
        }
    }

    /// A quantity read by `parse`, with the field named in the error.
    pub(crate) fn quantity<T>(
        &mut self,
        node: &Node,
        what: &str,
        parse: impl Fn(&str) -> Result<T, QuantityError>,
    ) -> Option<T> {
        if !matches!(node.value, Value::Scalar { .. }) {
            self.error(
                node.position,
                format!(
                    "`{what}` should be a single value such as `10`, `10-20` or `10 s`, found {}",
                    node.kind()
                ),
            );
            return None;
        }
        let text = self.text(node, what)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(e) => {
                let hint = match &e {
                    QuantityError::NotPositive(_) => Some("doses are counted from 1 upwards"),
                    QuantityError::Backwards(_) => Some("a range reads low to high, like `10-20`"),
                    _ => None,
                };
                let message = format!("`{what}` {e}");
                match hint {
                    Some(h) => self.error_hint(node.position, message, h),
                    None => self.error(node.position, message),
                }
                None
            }
        }
    }

    /// An id that must be a safe slug.
    pub(crate) fn slug(&mut self, node: &Node, what: &str) -> Option<Slug> {
        let text = self.text(node, what)?;
        match Slug::parse(&text) {
            Ok(slug) => Some(slug),
            Err(why) => {
                let suggestion = Slug::suggest(&text);
                let hint = if suggestion.is_empty() {
                    "ids use lower-case letters, digits and single hyphens".to_string()
                } else {
                    format!("ids use lower-case letters, digits and single hyphens, e.g. `{suggestion}`")
                };
                self.error_hint(
                    node.position,
                    format!("`{what}` `{text}` is not a safe id: it {why}"),
                    hint,
                );
                None
            }
        }
    }

    /// A yes-or-no value: `true` or `false` (and, for spreadsheet cells,
    /// `yes`, `no`, `1`, `0`), in any letter case.
    pub(crate) fn boolean(&mut self, node: &Node, what: &str) -> Option<bool> {
        let text = match &node.value {
            Value::Scalar { text, .. } => text.trim().to_ascii_lowercase(),
            _ => String::new(),
        };
        match text.as_str() {
            "true" | "yes" | "1" => Some(true),
            "false" | "no" | "0" => Some(false),
            _ => {
                let found = match &node.value {
                    Value::Scalar { text, .. } => format!("`{}`", text.trim()),
                    _ => node.kind().to_string(),
                };
                self.error_hint(
                    node.position,
                    format!("`{what}` should be true or false, found {found}"),
                    "write `true` or `false` (`yes`/`no` and `1`/`0` work too)",
                );
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub(crate) fn integer(&mut self, node: &Node, what: &str, min: i64, max: i64) -> Option<i64> {
        let parsed = match &node.value {
            Value::Scalar {
                text,
                quoted: false,
            } => text.trim().parse::<i64>().ok(),
            _ => None,
        };
        // A whole number too long for any integer is out of range, not "no
        // whole number".
        let huge = match &node.value {
            Value::Scalar {
                text,
                quoted: false,
            } => {
                let digits = text.trim().trim_start_matches(['-', '+']);
                (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| text.trim().to_string())
            }
            _ => None,
        };
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n),
            Some(n) => {
                self.error(
                    node.position,
                    format!("`{what}` must be between {min} and {max}, found {n}"),
                );
                None
            }
            None if huge.is_some() => {
                self.error(
                    node.position,
                    format!(
                        "`{what}` must be between {min} and {max}, found {}",
                        huge.unwrap_or_default()
                    ),
                );
                None
            }
            None => {
                let found = match &node.value {
                    Value::Scalar { text, .. } => format!("`{text}`"),
                    _ => node.kind().to_string(),
                };
                self.error(
                    node.position,
                    format!("`{what}` should be a whole number, found {found}"),
                );
                None
            }
        }
    }

    /// One of a fixed set of names.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        node: &Node,
        what: &str,
        options: &[(T, &str)],
    ) -> Option<T> {
        let text = self.text(node, what)?;
        if let Some((value, _)) = options
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(&text))
        {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(_, n)| *n).collect();
        let hint = match did_you_mean(&text.to_lowercase(), &names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("expected one of: {}", names.join(", ")),
        };
        self.error_hint(
            node.position,
            format!("`{what}` has unknown value `{text}`"),
            hint,
        );
        None
    }

    /// An http(s) address.
    pub(crate) fn url(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.text_up_to(node, what, MAX_URL_CHARS, "shorten the address")?;
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !text.contains(char::is_whitespace) => Some(text),
            _ => {
                self.error_hint(
                    node.position,
                    format!("`{what}` `{text}` is not a web address"),
                    "write a full address starting with https://",
                );
                None
            }
        }
    }

    /// A phone number as people dial it: digits, spaces, `+`, `-`, `.`,
    /// `/` and brackets, with at least three digits. Printed where a
    /// person in pain looks for whom to call, so an e-mail address or a
    /// sentence typed here is refused rather than printed as a number.
    pub(crate) fn phone(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.text_up_to(node, what, MAX_PHONE_CHARS, "give one number")?;
        let stray = text
            .chars()
            .find(|c| !(c.is_ascii_digit() || " +-./()".contains(*c)));
        let digits = text.chars().filter(char::is_ascii_digit).count();
        if stray.is_none() && digits >= 3 {
            return Some(text);
        }
        let why = match stray {
            Some(c) => format!("`{c}` is not part of a phone number"),
            None => "it has fewer than three digits".to_string(),
        };
        self.error_hint(
            node.position,
            format!("`{what}` `{text}` is not a phone number: {why}"),
            "write the number as people dial it, like `020 7946 0000` or `+44 20 7946 0000`",
        );
        None
    }

    /// A path to a file inside the content tree, relative to its root.
    pub(crate) fn content_path(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.text(node, what)?;
        let escapes = text.starts_with('/')
            || text.starts_with('\\')
            || text.contains(':')
            || text.split(['/', '\\']).any(|part| part == "..");
        if escapes {
            self.error_hint(
                node.position,
                format!("`{what}` `{text}` points outside the content folder"),
                "give a path relative to the content folder, like `images/logo.png`",
            );
            return None;
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml;
    use super::*;
    use crate::model::Reps;

    fn decoder() -> Decoder {
        Decoder::new(Path::new("f.yaml"))
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        let node = yaml::parse("titel: x\nzzz: 1\n", 1).unwrap();
        let mut d = decoder();
        d.fields(&node, "the config", &["title", "language"]);
        let rendered: Vec<String> = d.diagnostics.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            rendered,
            vec![
                "f.yaml:1:1: error: unknown key `titel` in the config\n  hint: did you mean `title`?",
                "f.yaml:2:1: error: unknown key `zzz` in the config\n  hint: expected one of: title, language",
            ]
        );
    }

    #[test]
    fn missing_and_empty_keys_are_reported() {
        let node = yaml::parse("a:\n", 1).unwrap();
        let mut d = decoder();
        let fields = d.fields(&node, "x", &["a", "b"]).unwrap();
        assert!(d.required(&fields, "a", "x").is_none());
        assert!(d.required(&fields, "b", "x").is_none());
        assert_eq!(d.diagnostics[0].message, "`a` in x has no value");
        assert_eq!(d.diagnostics[1].message, "missing required key `b` in x");
    }

    #[test]
    fn quantities_name_their_field() {
        let node = yaml::parse("r: 20-10\n", 1).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let mut d = decoder();
        let got = d.quantity(&entries[0].1, "dose.reps", |t| {
            crate::model::Range::parse(t, Reps::parse)
        });
        assert!(got.is_none());
        assert_eq!(
            d.diagnostics[0].message,
            "`dose.reps` range `20-10` runs backwards: write the smaller number first"
        );
        assert_eq!(d.diagnostics[0].position, Position::new(1, 4));
    }

    #[test]
    fn long_text_and_huge_numbers_are_refused_with_their_limits() {
        let long = format!(
            "t: {}\nn: 99999999999999999999\nm:\n",
            "x".repeat(MAX_LINE_CHARS + 1)
        );
        let node = yaml::parse(&long, 1).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let mut d = decoder();
        assert!(d.text(&entries[0].1, "title").is_none());
        assert!(d.markdown(&entries[0].1, "summary", 1000).is_some());
        assert!(d.integer(&entries[1].1, "weeks", 1, 12).is_none());
        assert!(d.fields(&entries[2].1, "clinic", &["name"]).is_none());
        let messages: Vec<&str> = d.diagnostics.iter().map(|x| x.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`title` is 301 characters long; at most 300 are allowed",
                "`weeks` must be between 1 and 12, found 99999999999999999999",
                "clinic is empty",
            ]
        );
    }

    #[test]
    fn paths_stay_inside_content() {
        let node = yaml::parse("p: ../../etc/passwd\n", 1).unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let mut d = decoder();
        assert!(d.content_path(&entries[0].1, "media.image").is_none());
    }
}
