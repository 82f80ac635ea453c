//! Reading a roster: many people's plan settings in one file, for
//! `planwright plans`.
//!
//! A roster is a YAML list of entries, each with the keys of a patient file
//! (`docs/patient-file.md`), or a CSV table whose header row names those
//! keys. Every entry is read on its own and keeps its line, so one bad row
//! is reported where it is while the others are still used.

use std::path::Path;

use super::decode::Decoder;
use super::patient::{self, PatientFile};
use super::yaml::{self, Key, Node, Value};
use crate::diagnostic::{self, Diagnostic, Position};

/// Rosters are lists of people; anything this large is a mistake.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// One person of a roster: where their entry starts, and its settings or
/// what is wrong with them.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    /// The line the entry starts on (a CSV row's line).
    pub line: u32,
    /// The entry's settings, or every problem found in it.
    pub patient: Result<PatientFile, Vec<Diagnostic>>,
}

/// Reads the roster at `path`: CSV when its name ends in `.csv`, else YAML.
/// An error here means no entry could be read at all.
pub fn load_roster(path: &Path) -> Result<Vec<RosterEntry>, Vec<Diagnostic>> {
    let whole = |message: String| vec![Diagnostic::error(path, Position::START, message)];
    let bytes = super::read_up_to(path, MAX_BYTES + 1)
        .map_err(|e| whole(format!("cannot read the roster: {e}")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(whole("the roster is larger than 16 MiB".to_string()));
    }
    let text = super::text_of(&bytes, path, "the roster").map_err(|d| vec![d])?;
    parse_roster(text, path)
}

/// Parses roster text; the format follows `path`'s extension.
pub fn parse_roster(text: &str, path: &Path) -> Result<Vec<RosterEntry>, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let entries = if is_csv {
        csv_entries(text, path)?
    } else {
        yaml_entries(text, path)?
    };
    if entries.is_empty() {
        return Err(vec![Diagnostic::error(
            path,
            Position::START,
            "the roster lists nobody",
        )
        .with_hint(
            "give one entry per person; see docs/pdf.md for an example",
        )]);
    }
    Ok(entries
        .into_iter()
        .map(|(node, line)| RosterEntry {
            line,
            patient: node.and_then(|node| decode(&node, path)),
        })
        .collect())
}

fn decode(node: &Node, path: &Path) -> Result<PatientFile, Vec<Diagnostic>> {
    let mut d = Decoder::new(path);
    if node.value == Value::Null {
        // Not "the patient file is empty": the file has other entries.
        d.error_hint(
            node.position,
            "this roster entry is empty",
            "give the person's settings after the `- `, like `- name: Alex Example`, or remove the line",
        );
        return Err(d.diagnostics);
    }
    match patient::decode(&mut d, node, path) {
        Some(file) if d.is_clean() => Ok(file),
        _ => {
            let mut ds = d.diagnostics;
            diagnostic::sort(&mut ds);
            Err(ds)
        }
    }
}

/// An entry's mapping and its line, or why its row could not be read at all.
type Raw = (Result<Node, Vec<Diagnostic>>, u32);

fn yaml_entries(text: &str, path: &Path) -> Result<Vec<Raw>, Vec<Diagnostic>> {
    let root = yaml::parse(text, 1).map_err(|e| {
        let mut d = Diagnostic::error(path, e.position, e.message);
        if let Some(hint) = e.hint {
            d = d.with_hint(hint);
        }
        vec![d]
    })?;
    match root.value {
        Value::Seq(items) => Ok(items
            .into_iter()
            .map(|item| {
                let line = item.position.line;
                (Ok(item), line)
            })
            .collect()),
        Value::Null => Ok(Vec::new()),
        _ => Err(vec![Diagnostic::error(
            path,
            root.position,
            format!(
                "the roster should be a list of people, found {}",
                root.kind()
            ),
        )
        .with_hint(
            "start each person's entry with `- `, like `- name: Alex Example`",
        )]),
    }
}

/// Each CSV row as the mapping a patient file would hold, so both formats
/// are checked by the same reader. Empty cells are left out.
fn csv_entries(text: &str, path: &Path) -> Result<Vec<Raw>, Vec<Diagnostic>> {
    let delimiter = delimiter_of(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(delimiter)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(path, text, &e, 1, delimiter))?
        .clone();
    let header_at = cell_starts(text, 0, 1, delimiter);
    let at = |starts: &[Position], i: usize, line: u32| {
        starts.get(i).copied().unwrap_or(Position::new(line, 1))
    };
    let mut duplicates = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        if let Some(first) = headers.iter().take(i).position(|h| h == name) {
            let first = at(&header_at, first, 1);
            duplicates.push(
                Diagnostic::error(
                    path,
                    at(&header_at, i, 1),
                    format!(
                        "the column `{name}` appears twice in the header row (first at column {})",
                        first.column
                    ),
                )
                .with_hint(
                    "keep one of the two columns: a row cannot say two things for one setting",
                ),
            );
        }
    }
    if !duplicates.is_empty() {
        return Err(duplicates);
    }
    let header_node = Node {
        value: Value::Map(
            headers
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let position = at(&header_at, i, 1);
                    (
                        Key {
                            name: h.to_string(),
                            position,
                        },
                        Node {
                            value: Value::Null,
                            position,
                        },
                    )
                })
                .collect(),
        ),
        position: Position::START,
    };
    let mut d = Decoder::new(path);
    d.fields(&header_node, "the roster's header row", patient::KEYS);
    if !d.is_clean() {
        return Err(d.diagnostics);
    }
    let mut out = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let (line, byte) = record_start(text, record.position());
                let starts = cell_starts(text, byte, line, delimiter);
                let cells = headers.iter().zip(record.iter()).enumerate();
                let entries = cells
                    .filter(|(_, (_, cell))| !cell.is_empty())
                    .map(|(i, (header, cell))| {
                        let position = at(&starts, i, line);
                        let key = Key {
                            name: header.to_string(),
                            position,
                        };
                        (key, cell_node(header, cell, position))
                    })
                    .collect();
                out.push((
                    Ok(Node {
                        value: Value::Map(entries),
                        position: Position::new(line, 1),
                    }),
                    line,
                ));
            }
            Err(e) => {
                let Some(position) = e.position() else {
                    return Err(csv_error(path, text, &e, 1, delimiter));
                };
                let (line, _) = record_start(text, Some(position));
                // A row that is not CSV fails on its own; the others are read.
                out.push((Err(csv_error(path, text, &e, line, delimiter)), line));
            }
        }
    }
    Ok(out)
}

/// The line and byte where a record starts. The reader's own line count
/// goes wrong with CRLF line ends, and its byte offset may point at the
/// line break before the record, so both come from the text: the record
/// starts at the first character after any line breaks (blank lines hold
/// no record).
fn record_start(text: &str, position: Option<&csv::Position>) -> (u32, usize) {
    let byte = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
    let rest = text.get(byte..).unwrap_or("");
    let start = byte + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
    let before = text.get(..start).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), start)
}

/// The cell separator, read off the header row: a comma, or the semicolon
/// spreadsheets write where the comma is the decimal sign, or a tab. The
/// header holds only key names, so whichever of the three it has most of
/// (outside quotes) is the one; a single column gives no sign, so comma.
fn delimiter_of(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some((_, n)) = counts.iter_mut().find(|(d, _)| *d == c) {
                *n += 1;
            }
        }
    }
    // `max_by_key` keeps the last of equals: reversed, ties go to the comma.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// Where each cell of the record starting at byte `start` (on `line`,
/// column 1) begins, following quotes, so a cell after a quoted line break
/// is placed on its own line and a CRLF line end counts as one.
fn cell_starts(text: &str, start: usize, line: u32, delimiter: u8) -> Vec<Position> {
    let mut starts = vec![Position::new(line, 1)];
    let (mut line, mut column) = (line, 1u32);
    let mut quoted = false;
    for c in text.get(start..).unwrap_or("").chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if quoted => {
                line += 1;
                column = 0;
            }
            '\n' => break,
            '\r' => continue,
            c if !quoted && c as u32 == u32::from(delimiter) => {
                starts.push(Position::new(line, column + 1));
            }
            _ => {}
        }
        column += 1;
    }
    starts
}

/// A row the CSV reader refused, in the roster's words: a row with more or
/// fewer cells than the header has columns is the usual case, from a comma
/// in an unquoted cell or a quote that is never closed.
fn csv_error(path: &Path, text: &str, e: &csv::Error, line: u32, delimiter: u8) -> Vec<Diagnostic> {
    let at = Position::new(line, 1);
    let d = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let row = text
                .lines()
                .nth(line.saturating_sub(1) as usize)
                .unwrap_or("");
            let hint = if row.matches('"').count() % 2 == 1 {
                "a quote opened on this line is never closed, so the rest of the file reads as one cell"
                    .to_string()
            } else if len > expected_len {
                match delimiter {
                    b';' => "quote a cell that holds a semicolon, like \"reps=12; load=5kg\"",
                    b'\t' => "a cell holds a tab: remove it, or quote the cell",
                    _ => "quote a cell that holds a comma, like \"O'Brien, Siobhán\"",
                }
                .to_string()
            } else {
                let d = char::from(delimiter);
                format!("give every column a cell; an empty cell (`{d}{d}`) leaves the setting out")
            };
            Diagnostic::error(
                path,
                at,
                format!(
                    "this row has {len} cell{}, but the header row names {expected_len} column{}",
                    if *len == 1 { "" } else { "s" },
                    if *expected_len == 1 { "" } else { "s" },
                ),
            )
            .with_hint(hint)
        }
        _ => Diagnostic::error(
            path,
            at,
            format!(
                "the roster is not valid CSV: {}",
                e.to_string().trim_start_matches("CSV error: ")
            ),
        ),
    };
    vec![d]
}

fn scalar(text: &str, position: Position) -> Node {
    Node {
        value: Value::Scalar {
            text: text.to_string(),
            quoted: false,
        },
        position,
    }
}

/// A cell as the YAML value it stands for: `exercises` a list (`a b` or
/// `a, b`), `baseline` a mapping (`hold=6s; dumbbell-pullover.load=5kg`),
/// everything else text.
fn cell_node(header: &str, cell: &str, position: Position) -> Node {
    match header {
        "exercises" => Node {
            value: Value::Seq(
                cell.split([',', ';', ' '])
                    .filter(|s| !s.is_empty())
                    .map(|s| scalar(s, position))
                    .collect(),
            ),
            position,
        },
        "baseline" => baseline_node(cell, position),
        _ => scalar(cell, position),
    }
}

fn baseline_node(cell: &str, position: Position) -> Node {
    let mut entries: Vec<(Key, Node)> = Vec::new();
    for item in cell.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let key = |name: &str| Key {
            name: name.to_string(),
            position,
        };
        let Some((target, value)) = item.split_once('=') else {
            // Not `VAR=VALUE`: left as text so the reader reports it.
            return scalar(cell, position);
        };
        let (target, value) = (target.trim(), value.trim());
        match target.split_once('.') {
            Some((exercise, var)) => {
                let var_entry = (key(var), scalar(value, position));
                match entries.iter_mut().find(|(k, _)| k.name == exercise) {
                    Some((
                        _,
                        Node {
                            value: Value::Map(vars),
                            ..
                        },
                    )) => vars.push(var_entry),
                    _ => entries.push((
                        key(exercise),
                        Node {
                            value: Value::Map(vec![var_entry]),
                            position,
                        },
                    )),
                }
            }
            None => entries.push((key(target), scalar(value, position))),
        }
    }
    Node {
        value: Value::Map(entries),
        position,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, name: &str) -> Vec<RosterEntry> {
        parse_roster(text, Path::new(name)).unwrap()
    }

    fn errors(entry: &RosterEntry) -> Vec<String> {
        entry
            .patient
            .as_ref()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_a_yaml_list_entry_by_entry() {
        let entries = parse(
            "- name: Alex Example\n  stage: 4\n  start: 2026-06-01\n\
             - name: Bo\n  weeks: 13\n\
             - name: Zoë Ångström\n  stage: concentric\n  baseline:\n    reps: 12\n",
            "clinic.yaml",
        );
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].line, 1);
        let alex = entries[0].patient.as_ref().unwrap();
        assert_eq!(alex.person.name.as_deref(), Some("Alex Example"));
        assert_eq!(
            errors(&entries[1]),
            ["clinic.yaml:5:10: error: `weeks` must be between 1 and 12, found 13"]
        );
        assert_eq!(entries[2].line, 6);
        assert_eq!(entries[2].patient.as_ref().unwrap().baselines.len(), 1);
    }

    #[test]
    fn reads_csv_rows_with_their_lines_and_columns() {
        let entries = parse(
            "name,stage,start,weeks,exercises,baseline,equipment\n\
             Alex Example,4,2026-06-01,6,dumbbell-pullover,reps=12; dumbbell-pullover.load=5kg,\"2,3,4,5,6,8kg\"\n\
             Bo,2,2026-06-01,13,,,\n\
             \"Zoë Ångström\",concentric,,,,,\n",
            "clinic.csv",
        );
        assert_eq!(entries.len(), 3);
        let alex = entries[0].patient.as_ref().unwrap();
        assert_eq!(entries[0].line, 2);
        assert_eq!(alex.weeks.as_ref().unwrap().value, 6);
        assert_eq!(alex.exercises.len(), 1);
        assert_eq!(alex.baselines.len(), 2);
        assert!(alex.equipment.is_some());
        assert_eq!(
            errors(&entries[1]),
            ["clinic.csv:3:17: error: `weeks` must be between 1 and 12, found 13"]
        );
        let zoe = entries[2].patient.as_ref().unwrap();
        assert_eq!(zoe.person.name.as_deref(), Some("Zoë Ångström"));
    }

    #[test]
    fn a_beyond_stage_limit_column_takes_yes_or_no() {
        let entries = parse(
            "name,stage,weeks,beyond_stage_limit\n\
             Ana,2,9,yes\n\
             Bo,2,6,FALSE\n\
             Cy,2,9,maybe\n",
            "clinic.csv",
        );
        let value = |i: usize| {
            entries[i]
                .patient
                .as_ref()
                .unwrap()
                .beyond_stage_limit
                .as_ref()
                .map(|a| a.value)
        };
        assert_eq!((value(0), value(1)), (Some(true), Some(false)));
        assert_eq!(
            errors(&entries[2]),
            ["clinic.csv:4:8: error: `beyond_stage_limit` should be true or false, found `maybe`\n  hint: write `true` or `false` (`yes`/`no` and `1`/`0` work too)"]
        );
    }

    #[test]
    fn refuses_unknown_columns_and_what_is_not_a_list() {
        let err = parse_roster("nmae,stage\nAlex,4\n", Path::new("r.csv")).unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "r.csv:1:1: error: unknown key `nmae` in the roster's header row\n  hint: did you mean `name`?"
        );
        let err = parse_roster("name: Alex\n", Path::new("r.yaml")).unwrap_err();
        assert!(err[0].to_string().contains("should be a list of people"));
        assert!(parse_roster("", Path::new("r.yaml")).is_err());
    }

    #[test]
    fn an_empty_entry_is_reported_on_its_own_line() {
        let entries = parse("- name: Ana\n  stage: 2\n-\n- name: Bo\n", "r.yaml");
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[1].line, 3);
        assert_eq!(
            errors(&entries[1])[0],
            "r.yaml:3:2: error: this roster entry is empty\n  hint: give the person's settings \
             after the `- `, like `- name: Alex Example`, or remove the line"
        );
        assert!(entries[2].patient.is_ok());
    }

    #[test]
    fn a_row_with_the_wrong_number_of_cells_fails_alone() {
        let entries = parse("name,stage\nAlex,4\nBo,4,extra\nCy,4\n", "r.csv");
        assert_eq!(entries.len(), 3);
        assert!(entries[0].patient.is_ok());
        assert_eq!(entries[1].line, 3);
        assert_eq!(
            errors(&entries[1]),
            [
                "r.csv:3:1: error: this row has 3 cells, but the header row names 2 columns\n  \
              hint: quote a cell that holds a comma, like \"O'Brien, Siobhán\""
            ]
        );
        assert!(entries[2].patient.is_ok());
        let short = parse("name,stage\nAlex\n", "r.csv");
        assert!(errors(&short[0])[0]
            .contains("this row has 1 cell, but the header row names 2 columns"));
        let unclosed = parse("name,stage\nAlex,4\n\"Bo,4\nCy,1\n", "r.csv");
        assert!(errors(&unclosed[1])[0].contains("a quote opened on this line is never closed"));
    }

    #[test]
    fn semicolons_and_tabs_are_read_from_the_header_row() {
        // What a spreadsheet in most of Europe writes: semicolons, a BOM,
        // CRLF line ends and a baseline cell quoted for its own semicolons.
        let semicolons = parse(
            "\u{feff}name;stage;weeks;baseline\r\n\
             Ana Pérez;2;6;\"hold=6s; reps=10\"\r\n\
             Bo;2;13;\r\n",
            "clinic.csv",
        );
        assert_eq!(semicolons.len(), 2);
        let ana = semicolons[0].patient.as_ref().unwrap();
        assert_eq!(ana.person.name.as_deref(), Some("Ana Pérez"));
        assert_eq!(ana.baselines.len(), 2);
        assert_eq!(
            errors(&semicolons[1]),
            ["clinic.csv:3:6: error: `weeks` must be between 1 and 12, found 13"]
        );
        let tabs = parse("name\tstage\tweeks\nAna\t2\t13\n", "clinic.csv");
        assert_eq!(
            errors(&tabs[0]),
            ["clinic.csv:2:7: error: `weeks` must be between 1 and 12, found 13"]
        );
        // Separators inside quotes do not outvote the real one.
        let quoted = parse("\"name\";stage\nAna;2\n", "r.csv");
        assert!(quoted[0].patient.is_ok());
        assert_eq!(delimiter_of("name,stage;weeks"), b',');
        assert_eq!(delimiter_of("name"), b',');
        assert_eq!(delimiter_of("\"a;b;c\",d"), b',');
        let short = parse("name;stage\nAna\n", "r.csv");
        assert!(errors(&short[0])[0].contains("an empty cell (`;;`)"));
    }

    #[test]
    fn lines_stay_right_across_blank_lines_crlf_and_quoted_line_breaks() {
        let entries = parse(
            "name,notes,weeks\r\n\
             \r\n\
             Ana,\"first line\r\nsecond line\",13\r\n\
             \r\n\
             Bo,,14\r\n",
            "r.csv",
        );
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].line, 3);
        // The `weeks` cell sits on line 4, after the quoted line break.
        assert_eq!(
            errors(&entries[0]),
            ["r.csv:4:14: error: `weeks` must be between 1 and 12, found 13"]
        );
        assert_eq!(entries[1].line, 6);
        assert_eq!(
            errors(&entries[1]),
            ["r.csv:6:5: error: `weeks` must be between 1 and 12, found 14"]
        );
    }

    #[test]
    fn a_duplicated_column_is_refused_where_it_is() {
        let err =
            parse_roster("name,stage,weeks,stage\nAna,2,6,3\n", Path::new("r.csv")).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(
            err[0].to_string(),
            "r.csv:1:18: error: the column `stage` appears twice in the header row \
             (first at column 6)\n  hint: keep one of the two columns: a row cannot say two \
             things for one setting"
        );
    }

    #[test]
    fn review_issued_and_clinic_phone_columns_are_read_and_checked() {
        let entries = parse(
            "name,clinician,issued,review,clinic_phone\n\
             Ana,Dr Sam Carter,2026-05-28,2026-07-13,020 7946 0000\n\
             Bo,,,13 July,\n",
            "clinic.csv",
        );
        let ana = &entries[0].patient.as_ref().unwrap().person;
        assert_eq!(ana.review, Some(jiff::civil::date(2026, 7, 13)));
        assert_eq!(ana.issued, Some(jiff::civil::date(2026, 5, 28)));
        assert_eq!(ana.clinic_phone.as_deref(), Some("020 7946 0000"));
        assert_eq!(
            errors(&entries[1]),
            ["clinic.csv:3:6: error: `review` `13 July` is not a date\n  hint: write the date as YYYY-MM-DD, like 2026-06-01"]
        );
    }
}
