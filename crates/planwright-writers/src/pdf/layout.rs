//! Laying out marks on pages: wrapped text, boxes and rules, measured in
//! points from the top-left corner of the page (the writer flips them to
//! PDF's bottom-left origin).
//!
//! Content is built as [`Slice`]s: horizontal bands of a known height that
//! the [`Flow`] stacks down a page and moves to the next page whole. A slice
//! is never split, so a week's block, a heading with its first line, or a
//! tick box with its label always stay together.

use std::cell::RefCell;

use super::fonts::{Face, Fonts};
use super::PdfError;

/// A colour, each channel from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

/// How a rule or a box outline is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub width: f32,
    pub color: Rgb,
    pub dashed: bool,
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// A run of text in one face; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        color: Rgb,
        text: String,
        /// Measured width, and the face's extent above and below the baseline.
        width: f32,
        ascent: f32,
        descent: f32,
    },
    /// A rectangle, filled, outlined or both.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// A straight rule.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        stroke: Stroke,
    },
    /// A picture kept once in the document and drawn by name: the clinic's
    /// logo, an exercise's drawing.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        name: String,
    },
}

impl Mark {
    fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Mark::Text { x, y, .. } | Mark::Rect { x, y, .. } | Mark::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Mark::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }

    /// The area the mark inks: left, top, right, bottom.
    pub(crate) fn bounds(&self) -> (f32, f32, f32, f32) {
        match *self {
            Mark::Text {
                x,
                y,
                width,
                ascent,
                descent,
                ..
            } => (x, y - ascent, x + width, y + descent),
            Mark::Rect {
                x, y, w, h, stroke, ..
            } => {
                let half = stroke.map_or(0.0, |s| s.width / 2.0);
                (x - half, y - half, x + w + half, y + h + half)
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                let half = stroke.width / 2.0;
                (
                    x1.min(x2) - half,
                    y1.min(y2) - half,
                    x1.max(x2) + half,
                    y1.max(y2) + half,
                )
            }
            Mark::Image { x, y, w, h, .. } => (x, y, x + w, y + h),
        }
    }
}

/// A band of content `h` points tall; marks are relative to its top-left.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Slice {
    pub h: f32,
    pub marks: Vec<Mark>,
}

impl Slice {
    pub(crate) fn gap(h: f32) -> Slice {
        Slice {
            h,
            marks: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, mark: Mark) {
        self.marks.push(mark);
    }

    /// Adds `other`'s marks moved by (`dx`, `dy`), without changing the height.
    pub(crate) fn overlay(&mut self, other: Slice, dx: f32, dy: f32) {
        self.marks.extend(other.marks.into_iter().map(|mut m| {
            m.shift(dx, dy);
            m
        }));
    }

    /// The slices one below the other, as one slice that moves as a whole.
    pub(crate) fn stack(slices: impl IntoIterator<Item = Slice>) -> Slice {
        let mut out = Slice::default();
        for s in slices {
            let h = s.h;
            let y = out.h;
            out.overlay(s, 0.0, y);
            out.h += h;
        }
        out
    }

    /// The slices side by side at the given x offsets; as tall as the tallest.
    pub(crate) fn columns(columns: impl IntoIterator<Item = (f32, Slice)>) -> Slice {
        let mut out = Slice::default();
        for (x, s) in columns {
            out.h = out.h.max(s.h);
            out.overlay(s, x, 0.0);
        }
        out
    }

    /// The slice with space added above and below.
    pub(crate) fn padded(self, top: f32, bottom: f32) -> Slice {
        let h = self.h + top + bottom;
        let mut out = Slice::gap(h);
        out.overlay(self, 0.0, top);
        out
    }
}

/// A text style: face, size, colour, and the height of each line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
    pub leading: f32,
}

impl Style {
    pub(crate) fn bold(self) -> Style {
        Style {
            face: Face::Bold,
            ..self
        }
    }

    pub(crate) fn color(self, color: Rgb) -> Style {
        Style { color, ..self }
    }
}

/// A run of text that is bold or in the paragraph's own face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub text: String,
    pub bold: bool,
}

impl Span {
    pub(crate) fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
        }
    }

    pub(crate) fn bold(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: true,
        }
    }
}

/// Sets text with the embedded fonts, remembering the first character the
/// fonts cannot draw so the whole document fails instead of dropping it.
pub(crate) struct Typesetter<'f> {
    pub fonts: &'f Fonts,
    missing: RefCell<Option<PdfError>>,
}

/// A piece of a wrapped line: text in one face, `x` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub text: String,
    pub face: Face,
    pub x: f32,
    pub width: f32,
}

impl<'f> Typesetter<'f> {
    pub(crate) fn new(fonts: &'f Fonts) -> Typesetter<'f> {
        Typesetter {
            fonts,
            missing: RefCell::new(None),
        }
    }

    /// The first character no face could draw, if any.
    pub(crate) fn finish(self) -> Result<(), PdfError> {
        match self.missing.into_inner() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Notes the first character of `text` that `face` cannot draw.
    pub(crate) fn check(&self, face: Face, text: &str) {
        if self.missing.borrow().is_some() {
            return;
        }
        if let Some(c) = text
            .chars()
            .find(|&c| !c.is_whitespace() && !self.fonts.has(face, c))
        {
            *self.missing.borrow_mut() = Some(PdfError::MissingGlyph {
                character: c,
                text: text.to_string(),
            });
        }
    }

    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        self.fonts.width(face, size, text)
    }

    /// One line of text at `x`, its baseline placed for a band `style.leading` tall.
    pub(crate) fn text_mark(&self, style: Style, x: f32, top: f32, text: &str) -> Mark {
        self.check(style.face, text);
        self.piece_mark(style, style.face, x, top, text)
    }

    fn piece_mark(&self, style: Style, face: Face, x: f32, top: f32, text: &str) -> Mark {
        let ascent = self.fonts.ascent(face, style.size);
        let descent = self.fonts.descent(face, style.size);
        // Centre the face's extent in the line band.
        let baseline = top + (style.leading - ascent - descent) / 2.0 + ascent;
        Mark::Text {
            x,
            y: baseline,
            face,
            size: style.size,
            color: style.color,
            text: text.to_string(),
            width: self.fonts.width(face, style.size, text),
            ascent,
            descent,
        }
    }

    /// Breaks `spans` into lines no wider than `width`, at spaces, and
    /// inside a word only when the word alone is wider than the line.
    /// A `\n` in the text always starts a new line.
    pub(crate) fn wrap(&self, spans: &[Span], style: Style, width: f32) -> Vec<Vec<Piece>> {
        let size = style.size;
        for span in spans {
            self.check(if span.bold { Face::Bold } else { style.face }, &span.text);
        }
        let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
        let mut x = 0.0f32;
        for token in tokens(spans, style.face) {
            let (word, face, spaced) = match token {
                Token::Break => {
                    lines.push(Vec::new());
                    x = 0.0;
                    continue;
                }
                Token::Word { text, face, spaced } => (text, face, spaced),
            };
            let w = self.fonts.width(face, size, word);
            let line_empty = lines.last().is_none_or(Vec::is_empty);
            let gap = if spaced && !line_empty {
                self.fonts.width(face, size, " ")
            } else {
                0.0
            };
            if x + gap + w <= width {
                add_word(&mut lines, face, word, x, gap, w);
                x += gap + w;
                continue;
            }
            if !line_empty {
                lines.push(Vec::new());
                x = 0.0;
            }
            if w <= width {
                add_word(&mut lines, face, word, 0.0, 0.0, w);
                x = w;
                continue;
            }
            // A word wider than the line (a long address, or a name without
            // spaces): break it between characters.
            let mut chunk = String::new();
            for c in word.chars() {
                let cw = self.fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
                if x + cw > width && !chunk.is_empty() {
                    let chunk_w = self.fonts.width(face, size, &chunk);
                    add_word(&mut lines, face, &chunk, 0.0, 0.0, chunk_w);
                    lines.push(Vec::new());
                    chunk.clear();
                    x = 0.0;
                }
                chunk.push(c);
                x += cw;
            }
            let chunk_w = self.fonts.width(face, size, &chunk);
            add_word(&mut lines, face, &chunk, 0.0, 0.0, chunk_w);
        }
        if lines.len() > 1 && lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        lines
    }

    /// A wrapped paragraph as one slice per line.
    pub(crate) fn paragraph(&self, spans: &[Span], style: Style, width: f32) -> Vec<Slice> {
        self.wrap(spans, style, width)
            .into_iter()
            .map(|line| {
                let mut slice = Slice::gap(style.leading);
                for piece in line {
                    let mark = self.piece_mark(style, piece.face, piece.x, 0.0, &piece.text);
                    slice.push(mark);
                }
                slice
            })
            .collect()
    }

    /// Plain text wrapped to `width`, as one slice.
    pub(crate) fn block(&self, text: &str, style: Style, width: f32) -> Slice {
        Slice::stack(self.paragraph(&[Span::plain(text)], style, width))
    }

    /// Plain text on one line, right-aligned to `right`.
    pub(crate) fn right_aligned(&self, style: Style, right: f32, top: f32, text: &str) -> Mark {
        let w = self.width(style.face, style.size, text);
        self.text_mark(style, right - w, top, text)
    }
}

/// A word with its face and whether a space comes before it, or a forced break.
enum Token<'s> {
    Word {
        text: &'s str,
        face: Face,
        spaced: bool,
    },
    Break,
}

/// Where a line may break: any white space but a no-break space, which
/// holds a number to its unit (`4\u{a0}kg`).
fn breaks(c: char) -> bool {
    c.is_whitespace() && c != '\u{a0}'
}

/// The words of all spans in order; spaces at span edges count too, so
/// `**Set up.** Lie down` keeps its space.
fn tokens(spans: &[Span], face: Face) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut pending_space = false;
    for span in spans {
        let face = if span.bold { Face::Bold } else { face };
        for (n, line) in span.text.split('\n').enumerate() {
            if n > 0 {
                out.push(Token::Break);
                pending_space = false;
            }
            let mut rest = line;
            loop {
                let trimmed = rest.trim_start_matches(breaks);
                pending_space |= trimmed.len() < rest.len();
                if trimmed.is_empty() {
                    break;
                }
                let end = trimmed.find(breaks).unwrap_or(trimmed.len());
                out.push(Token::Word {
                    text: &trimmed[..end],
                    face,
                    spaced: pending_space,
                });
                pending_space = false;
                rest = &trimmed[end..];
            }
        }
    }
    out
}

/// Appends a word to the last line, merging it into the last piece when
/// the face is the same (fewer text operations in the PDF).
fn add_word(lines: &mut [Vec<Piece>], face: Face, word: &str, x: f32, gap: f32, w: f32) {
    let Some(line) = lines.last_mut() else {
        return;
    };
    match line.last_mut() {
        Some(last) if last.face == face => {
            if gap > 0.0 {
                last.text.push(' ');
            }
            last.text.push_str(word);
            last.width += gap + w;
        }
        _ => line.push(Piece {
            text: word.to_string(),
            face,
            x: x + gap,
            width: w,
        }),
    }
}

/// Where content may go on a page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frame {
    pub left: f32,
    pub right: f32,
    /// Where content starts on the first page and on every later page.
    pub first_top: f32,
    pub top: f32,
    pub bottom: f32,
}

/// Stacks slices down pages, starting a new page when the next slice does
/// not fit.
pub(crate) struct Flow {
    frame: Frame,
    pub pages: Vec<Vec<Mark>>,
    y: f32,
}

impl Flow {
    pub(crate) fn new(frame: Frame) -> Flow {
        Flow {
            frame,
            pages: vec![Vec::new()],
            y: frame.first_top,
        }
    }

    fn page_top(&self) -> f32 {
        if self.pages.len() == 1 {
            self.frame.first_top
        } else {
            self.frame.top
        }
    }

    fn at_top(&self) -> bool {
        self.y <= self.page_top()
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.frame.top;
    }

    /// Space before the next slice; none at the top of a page.
    pub(crate) fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y += h;
        }
    }

    /// Places a slice, on a new page when it does not fit on this one.
    pub(crate) fn place(&mut self, slice: Slice) {
        if self.y + slice.h > self.frame.bottom && !self.at_top() {
            self.new_page();
        }
        let (left, y) = (self.frame.left, self.y);
        let page = self.pages.last_mut().expect("a flow always has a page");
        page.extend(slice.marks.into_iter().map(|mut m| {
            m.shift(left, y);
            m
        }));
        self.y += slice.h;
    }

    /// Places slices one after the other, each moving to a new page on its own.
    pub(crate) fn place_all(&mut self, slices: impl IntoIterator<Item = Slice>) {
        for s in slices {
            self.place(s);
        }
    }

    /// How much room is left on this page.
    pub(crate) fn remaining(&self) -> f32 {
        self.frame.bottom - self.y
    }

    /// The tallest slice that fits on a page.
    pub(crate) fn page_height(&self) -> f32 {
        self.frame.bottom - self.frame.top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style {
        face: Face::Regular,
        size: 10.0,
        color: Rgb(0.0, 0.0, 0.0),
        leading: 14.0,
    };

    fn text_of(lines: &[Vec<Piece>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let fonts = crate::pdf::test_fonts();
        let t = Typesetter::new(&fonts);
        let text = "Keep the same slight bend in your elbows all the way through.";
        let lines = t.wrap(&[Span::plain(text)], BODY, 120.0);
        assert!(lines.len() > 2);
        for line in &lines {
            let end = line.last().map_or(0.0, |p| p.x + p.width);
            assert!(end <= 120.0, "{line:?}");
        }
        assert_eq!(text_of(&lines).join(" "), text);
        t.finish().unwrap();
    }

    #[test]
    fn mixes_bold_and_regular_with_one_space_between() {
        let fonts = crate::pdf::test_fonts();
        let t = Typesetter::new(&fonts);
        let lines = t.wrap(
            &[Span::bold("Set up."), Span::plain(" Lie on your back.")],
            BODY,
            500.0,
        );
        assert_eq!(text_of(&lines), ["Set up.|Lie on your back."]);
        let (a, b) = (&lines[0][0], &lines[0][1]);
        assert_eq!(a.face, Face::Bold);
        let space = fonts.width(Face::Regular, 10.0, " ");
        assert!((b.x - (a.x + a.width + space)).abs() < 0.01);
    }

    #[test]
    fn breaks_a_word_longer_than_the_line() {
        let fonts = crate::pdf::test_fonts();
        let t = Typesetter::new(&fonts);
        let url = "https://planwright.example/a-very-long-path/stages/concentric.html";
        let lines = t.wrap(&[Span::plain(format!("See {url}"))], BODY, 100.0);
        assert!(lines.len() >= 3);
        for line in &lines {
            assert!(line.iter().all(|p| p.x + p.width <= 100.0), "{line:?}");
        }
        assert_eq!(
            text_of(&lines).concat().replace(' ', ""),
            format!("See{url}")
        );
    }

    #[test]
    fn reports_a_character_the_font_lacks_with_its_text() {
        let fonts = crate::pdf::test_fonts();
        let t = Typesetter::new(&fonts);
        t.wrap(&[Span::plain("Ana 王 Lima")], BODY, 300.0);
        let err = t.finish().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the font has no glyph for `王` (U+738B) in “Ana 王 Lima”"
        );
    }

    #[test]
    fn flow_moves_a_slice_that_does_not_fit_to_a_new_page() {
        let frame = Frame {
            left: 10.0,
            right: 100.0,
            first_top: 10.0,
            top: 20.0,
            bottom: 100.0,
        };
        let mut flow = Flow::new(frame);
        let mut s = Slice::gap(50.0);
        s.push(Mark::Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 50.0,
            fill: None,
            stroke: None,
        });
        flow.place(s.clone());
        flow.place(s);
        assert_eq!(flow.pages.len(), 2);
        assert_eq!(flow.pages[1][0].bounds(), (10.0, 20.0, 20.0, 70.0));
    }
}
