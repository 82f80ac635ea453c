//! An exercise's drawing as a Form XObject: vector strokes kept once in the
//! document and drawn by name, so it stays sharp at any zoom and costs a
//! few hundred bytes however often it is placed.

use std::collections::BTreeMap;

use planwright_core::figure::{Drawing, Segment};

/// A Form XObject's content: drawn in a `width` × `height` box, y up.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Form {
    pub width: f32,
    pub height: f32,
    /// How many positions it shows side by side.
    pub frames: usize,
    pub content: Vec<u8>,
    /// What the content names (an author's SVG has its own colour
    /// spaces, patterns and transparency); empty for a drawn figure.
    pub resources: lopdf::Dictionary,
    /// The objects `resources` refer to, by ids of their own: the writer
    /// gives each a new one in the document.
    pub objects: BTreeMap<lopdf::ObjectId, lopdf::Object>,
}

impl Form {
    /// Width over height.
    pub(crate) fn aspect(&self) -> f32 {
        self.width / self.height
    }
}

/// Writes `v` with at most two decimals and no trailing zeros.
fn num(out: &mut Vec<u8>, v: f32) {
    let hundredths = (v * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (hundredths.abs() / 100, hundredths.abs() % 100);
    let text = match frac {
        0 => format!("{sign}{whole} "),
        f if f % 10 == 0 => format!("{sign}{whole}.{} ", f / 10),
        f => format!("{sign}{whole}.{f:02} "),
    };
    out.extend_from_slice(text.as_bytes());
}

fn color(out: &mut Vec<u8>, c: [u8; 3], op: &str) {
    for channel in c {
        num(out, f32::from(channel) / 255.0);
    }
    out.extend_from_slice(op.as_bytes());
    out.push(b'\n');
}

/// The drawing's strokes as PDF path operators, flipped to y up.
pub(crate) fn form(drawing: &Drawing) -> Form {
    let mut out = Vec::with_capacity(drawing.shapes.len() * 80);
    let flip = |y: f32| drawing.height - y;
    // Round caps and joins, as the line-drawing style asks.
    out.extend_from_slice(b"1 J 1 j\n");
    for shape in &drawing.shapes {
        let style = shape.ink.style();
        color(&mut out, style.color, "RG");
        num(&mut out, style.width);
        out.extend_from_slice(b"w\n");
        match style.dash {
            Some((dash, gap)) => {
                out.push(b'[');
                num(&mut out, dash);
                num(&mut out, gap);
                out.extend_from_slice(b"] 0 d\n");
            }
            None => out.extend_from_slice(b"[] 0 d\n"),
        }
        if let Some(fill) = style.fill {
            color(&mut out, fill, "rg");
        }
        for segment in &shape.path {
            match *segment {
                Segment::Move(x, y) => {
                    num(&mut out, x);
                    num(&mut out, flip(y));
                    out.extend_from_slice(b"m\n");
                }
                Segment::Line(x, y) => {
                    num(&mut out, x);
                    num(&mut out, flip(y));
                    out.extend_from_slice(b"l\n");
                }
                Segment::Cubic([a, b, c, d, e, f]) => {
                    for (x, y) in [(a, b), (c, d), (e, f)] {
                        num(&mut out, x);
                        num(&mut out, flip(y));
                    }
                    out.extend_from_slice(b"c\n");
                }
                Segment::Close => out.extend_from_slice(b"h\n"),
            }
        }
        out.extend_from_slice(if style.fill.is_some() { b"B\n" } else { b"S\n" });
    }
    Form {
        width: drawing.width,
        height: drawing.height,
        frames: drawing.frames,
        content: out,
        resources: lopdf::Dictionary::new(),
        objects: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use planwright_core::figure::{Ink, Shape};

    #[test]
    fn strokes_are_flipped_to_pdf_space_and_styled_by_ink() {
        let drawing = Drawing {
            width: 100.0,
            height: 50.0,
            frames: 1,
            shapes: vec![Shape {
                ink: Ink::Ghost,
                path: vec![Segment::Move(10.0, 5.0), Segment::Line(20.25, 45.0)],
            }],
        };
        let f = form(&drawing);
        let text = String::from_utf8(f.content.clone()).unwrap();
        assert!(text.contains("10 45 m\n20.25 5 l\nS\n"), "{text}");
        // The ghost is dashed; the next solid ink must reset the dash.
        assert!(text.contains("[3 2.6 ] 0 d"), "{text}");
        assert_eq!(f.aspect(), 2.0);
    }
}
