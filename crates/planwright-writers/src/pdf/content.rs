//! Page content streams: the PDF drawing operators for one page's marks,
//! written straight into bytes.
//!
//! printpdf can write these from its `Op`s, but with an allocation per
//! operator and general float formatting that took 40% of a plan's time.
//! Here every number is rounded to hundredths of a point (finer than any
//! printer) and written with integer arithmetic. What the operators mean
//! is ISO 32000-1, sections 8 and 9.

use std::collections::BTreeMap;

use super::fonts::Face;
use super::layout::{Mark, Rgb, Stroke};

/// The resource names the streams use; `write` registers the same ones.
pub(crate) const REGULAR: &str = "F1";
pub(crate) const BOLD: &str = "F2";
pub(crate) const LOGO: &str = "Im1";

/// Each face's glyph ids by character: the codes a Type 0 font with
/// `Identity-H` encoding expects, two bytes per glyph.
pub(crate) struct Glyphs<'a> {
    pub regular: &'a BTreeMap<u32, u16>,
    pub bold: &'a BTreeMap<u32, u16>,
}

/// The graphics state so far, so each setting is written only when it changes.
#[derive(Default)]
struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
    dashed: Option<bool>,
    font: Option<(Face, f32)>,
    in_text: bool,
}

struct Writer {
    out: Vec<u8>,
    st: State,
}

impl Writer {
    fn op(&mut self, op: &str) {
        self.out.extend_from_slice(op.as_bytes());
        self.out.push(b'\n');
    }

    /// `v` rounded to `1 / scale`, without trailing zeros.
    fn fixed(&mut self, v: f32, scale: i64) {
        let n = (f64::from(v) * scale as f64).round() as i64;
        if n < 0 {
            self.out.push(b'-');
        }
        let n = n.unsigned_abs();
        let scale = scale.unsigned_abs();
        self.int(n / scale);
        let mut frac = n % scale;
        if frac != 0 {
            self.out.push(b'.');
            let mut unit = scale / 10;
            while frac != 0 {
                self.out.push(b'0' + (frac / unit) as u8);
                frac %= unit;
                unit /= 10;
            }
        }
        self.out.push(b' ');
    }

    fn int(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[i..]);
    }

    /// A coordinate or length in points.
    fn pt(&mut self, v: f32) {
        self.fixed(v, 100);
    }

    fn color(&mut self, c: Rgb, op: &str) {
        for v in [c.0, c.1, c.2] {
            self.fixed(v, 1000);
        }
        self.op(op);
    }

    fn fill(&mut self, c: Rgb) {
        if self.st.fill != Some(c) {
            self.color(c, "rg");
            self.st.fill = Some(c);
        }
    }

    fn stroke(&mut self, s: Stroke) {
        if self.st.stroke != Some(s.color) {
            self.color(s.color, "RG");
            self.st.stroke = Some(s.color);
        }
        if self.st.width != Some(s.width) {
            self.pt(s.width);
            self.op("w");
            self.st.width = Some(s.width);
        }
        if self.st.dashed != Some(s.dashed) {
            self.op(if s.dashed { "[2 1.6] 0 d" } else { "[] 0 d" });
            self.st.dashed = Some(s.dashed);
        }
    }

    fn text_mode(&mut self, on: bool) {
        if self.st.in_text != on {
            self.op(if on { "BT" } else { "ET" });
            self.st.in_text = on;
        }
    }
}

/// The content stream of a page `height` points tall. Marks are placed
/// from the top-left; PDF counts from the bottom-left.
pub(crate) fn page(marks: &[Mark], height: f32, glyphs: &Glyphs<'_>) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::with_capacity(marks.len() * 48),
        st: State::default(),
    };
    let flip = |y: f32| height - y;
    for mark in marks {
        match mark {
            Mark::Text {
                x,
                y,
                face,
                size,
                color,
                text,
                ..
            } => {
                w.text_mode(true);
                if w.st.font != Some((*face, *size)) {
                    w.out.push(b'/');
                    w.out.extend_from_slice(
                        match face {
                            Face::Regular => REGULAR,
                            Face::Bold => BOLD,
                        }
                        .as_bytes(),
                    );
                    w.out.push(b' ');
                    w.pt(*size);
                    w.op("Tf");
                    w.st.font = Some((*face, *size));
                }
                w.fill(*color);
                // An absolute position for every run: no relative cursor to drift.
                w.out.extend_from_slice(b"1 0 0 1 ");
                w.pt(*x);
                w.pt(flip(*y));
                w.op("Tm");
                let map = match face {
                    Face::Regular => glyphs.regular,
                    Face::Bold => glyphs.bold,
                };
                // Two bytes a glyph in a literal string: half the size of
                // hex, and the bytes `(`, `)`, `\` and CR escaped.
                w.out.push(b'(');
                for c in text.chars() {
                    // Layout refuses characters the face lacks, so every
                    // one has a glyph; .notdef is the safe fallback.
                    let gid = map.get(&u32::from(c)).copied().unwrap_or(0);
                    for byte in gid.to_be_bytes() {
                        match byte {
                            b'(' | b')' | b'\\' => w.out.extend_from_slice(&[b'\\', byte]),
                            b'\r' => w.out.extend_from_slice(b"\\r"),
                            _ => w.out.push(byte),
                        }
                    }
                }
                w.op(") Tj");
            }
            Mark::Rect {
                x,
                y,
                w: width,
                h,
                fill,
                stroke,
            } => {
                w.text_mode(false);
                if let Some(c) = fill {
                    w.fill(*c);
                }
                if let Some(s) = stroke {
                    w.stroke(*s);
                }
                w.pt(*x);
                w.pt(flip(y + h));
                w.pt(*width);
                w.pt(*h);
                w.op(match (fill, stroke) {
                    (Some(_), Some(_)) => "re B",
                    (Some(_), None) => "re f",
                    _ => "re S",
                });
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                w.text_mode(false);
                w.stroke(*stroke);
                w.pt(*x1);
                w.pt(flip(*y1));
                w.out.extend_from_slice(b"m ");
                w.pt(*x2);
                w.pt(flip(*y2));
                w.op("l S");
            }
            Mark::Image {
                x,
                y,
                w: width,
                h,
                name,
            } => {
                w.text_mode(false);
                w.out.extend_from_slice(b"q ");
                w.pt(*width);
                w.out.extend_from_slice(b"0 0 ");
                w.pt(*h);
                w.pt(*x);
                w.pt(flip(y + h));
                w.out.extend_from_slice(b"cm /");
                w.out.extend_from_slice(name.as_bytes());
                w.op(" Do Q");
            }
        }
    }
    w.text_mode(false);
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(v: f32, scale: i64) -> String {
        let mut w = Writer {
            out: Vec::new(),
            st: State::default(),
        };
        w.fixed(v, scale);
        String::from_utf8(w.out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_the_hundredth() {
        assert_eq!(written(40.0, 100), "40 ");
        assert_eq!(written(798.875, 100), "798.88 ");
        assert_eq!(written(0.05, 100), "0.05 ");
        assert_eq!(written(-3.1, 100), "-3.1 ");
        assert_eq!(written(0.0, 100), "0 ");
        assert_eq!(written(0.349, 1000), "0.349 ");
        assert_eq!(written(0.5, 1000), "0.5 ");
    }

    #[test]
    fn a_page_draws_text_boxes_and_rules() {
        let mut regular = BTreeMap::new();
        regular.insert(u32::from('A'), 0x24);
        // Glyph 0x0128's low byte is `(`, which a literal string escapes.
        regular.insert(u32::from('b'), 0x0128);
        let bold = BTreeMap::new();
        let glyphs = Glyphs {
            regular: &regular,
            bold: &bold,
        };
        let ink = Rgb(0.1, 0.2, 0.3);
        let marks = [
            Mark::Text {
                x: 40.0,
                y: 100.0,
                face: Face::Regular,
                size: 9.0,
                color: ink,
                text: "Ab".to_string(),
                width: 10.0,
                ascent: 7.0,
                descent: 2.0,
            },
            Mark::Rect {
                x: 10.0,
                y: 20.0,
                w: 30.0,
                h: 40.0,
                fill: Some(ink),
                stroke: None,
            },
            Mark::Line {
                x1: 0.0,
                y1: 0.0,
                x2: 5.5,
                y2: 0.0,
                stroke: Stroke {
                    width: 0.5,
                    color: ink,
                    dashed: true,
                },
            },
        ];
        let text = String::from_utf8(page(&marks, 842.0, &glyphs)).unwrap();
        assert_eq!(
            text,
            "BT\n/F1 9 Tf\n0.1 0.2 0.3 rg\n1 0 0 1 40 742 Tm\n(\0$\u{1}\\() Tj\nET\n\
             10 782 30 40 re f\n0.1 0.2 0.3 RG\n0.5 w\n[2 1.6] 0 d\n0 842 m 5.5 842 l S\n"
        );
    }
}
