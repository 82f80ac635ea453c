//! A [`Drawing`] as an SVG document, for the guide site.

use std::fmt::Write;

use super::{Drawing, Ink, Segment};

/// A number to a tenth of a drawing unit (a thousandth of standing height),
/// without trailing zeros: short, and the same text on every platform.
fn num(out: &mut String, v: f32) {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, frac) = (tenths.abs() / 10, tenths.abs() % 10);
    if frac == 0 {
        let _ = write!(out, "{sign}{whole}");
    } else {
        let _ = write!(out, "{sign}{whole}.{frac}");
    }
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The drawing as a standalone SVG file; `title` names it for screen
/// readers when the file is opened on its own.
pub fn to_svg(drawing: &Drawing, title: &str) -> String {
    let mut out = String::with_capacity(drawing.shapes.len() * 96 + 512);
    out.push_str(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#);
    num(&mut out, drawing.width);
    out.push(' ');
    num(&mut out, drawing.height);
    out.push_str(r#"" role="img"><title>"#);
    for c in title.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out.push_str("</title>");
    out.push_str(r#"<g fill="none" stroke-linecap="round" stroke-linejoin="round">"#);
    let mut current: Option<Ink> = None;
    for shape in &drawing.shapes {
        if current != Some(shape.ink) {
            if current.is_some() {
                out.push_str("</g>");
            }
            let style = shape.ink.style();
            out.push_str("<g stroke=\"");
            out.push_str(&hex(style.color));
            out.push_str("\" stroke-width=\"");
            num(&mut out, style.width);
            out.push('"');
            if let Some((dash, gap)) = style.dash {
                out.push_str(" stroke-dasharray=\"");
                num(&mut out, dash);
                out.push(' ');
                num(&mut out, gap);
                out.push('"');
            }
            if let Some(fill) = style.fill {
                out.push_str(" fill=\"");
                out.push_str(&hex(fill));
                out.push('"');
            }
            out.push('>');
            current = Some(shape.ink);
        }
        out.push_str("<path d=\"");
        for segment in &shape.path {
            match *segment {
                Segment::Move(x, y) | Segment::Line(x, y) => {
                    out.push(if matches!(segment, Segment::Move(..)) {
                        'M'
                    } else {
                        'L'
                    });
                    num(&mut out, x);
                    out.push(' ');
                    num(&mut out, y);
                }
                Segment::Cubic(c) => {
                    out.push('C');
                    for (i, v) in c.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        num(&mut out, *v);
                    }
                }
                Segment::Close => out.push('Z'),
            }
        }
        out.push_str("\"/>");
    }
    if current.is_some() {
        out.push_str("</g>");
    }
    out.push_str("</g></svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::Shape;

    #[test]
    fn writes_short_numbers_one_group_per_ink_and_an_escaped_title() {
        let drawing = Drawing {
            width: 120.04,
            height: 80.0,
            frames: 1,
            shapes: vec![
                Shape {
                    ink: Ink::Body,
                    path: vec![Segment::Move(1.25, 2.0), Segment::Line(-3.0, 4.56)],
                },
                Shape {
                    ink: Ink::Body,
                    path: vec![Segment::Move(0.0, 0.0), Segment::Close],
                },
                Shape {
                    ink: Ink::Ghost,
                    path: vec![Segment::Cubic([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])],
                },
            ],
        };
        let svg = to_svg(&drawing, "Arms <up> & down");
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80""#));
        assert!(svg.contains("<title>Arms &lt;up&gt; &amp; down</title>"));
        assert!(
            svg.contains(r#"<path d="M1.3 2L-3 4.6"/><path d="M0 0Z"/>"#),
            "{svg}"
        );
        assert_eq!(svg.matches("<g stroke=").count(), 2, "{svg}");
        assert!(svg.contains(r#"stroke-dasharray="3 2.6""#));
        assert!(svg.contains(r#"<path d="C1 2 3 4 5 6"/>"#));
    }
}
