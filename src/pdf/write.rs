//! Turning laid-out pages into PDF bytes with printpdf, then fixing what
//! printpdf leaves random or unset: the trailer `/ID` (a hash of the
//! content), the font and image resource names (fixed, not counters), the
//! document information (title, author, subject, and dates only from
//! `SOURCE_DATE_EPOCH`).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Object, StringFormat};
use printpdf::{
    Color, FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix, XObject,
    XObjectId, XObjectTransform,
};

use super::fonts::{Face, Fonts};
use super::ident::Fnv64;
use super::layout::{Mark, Rgb, Stroke};
use super::logo::Logo;
use super::PdfError;

/// What the document information dictionary says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub language: String,
    pub created: Option<jiff::Timestamp>,
}

const LOGO: &str = "Im1";

fn font_id(face: Face) -> FontId {
    FontId(
        match face {
            Face::Regular => "F1",
            Face::Bold => "F2",
        }
        .to_string(),
    )
}

/// Writes `pages` (marks in points from the top-left) as a PDF of
/// `width` × `height` points.
pub(crate) fn write(
    pages: &[Vec<Mark>],
    (width, height): (f32, f32),
    fonts: &Fonts,
    logo: Option<&Logo>,
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for mark in pages.iter().flatten() {
        if let Mark::Text { face, text, .. } = mark {
            used.entry(*face).or_default().extend(text.chars());
        }
    }
    for (face, chars) in &used {
        let parsed = fonts.subset(*face, chars)?;
        doc.resources
            .fonts
            .map
            .insert(font_id(*face), PdfFont::new(parsed));
    }
    if let Some(logo) = logo {
        doc.resources.xobjects.map.insert(
            XObjectId(LOGO.to_string()),
            XObject::Image(logo.image.clone()),
        );
    }
    doc.pages = pages
        .iter()
        .map(|marks| {
            let mut page = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops(marks, height));
            let size = Rect::from_wh(Pt(width), Pt(height));
            page.media_box = size.clone();
            page.trim_box = size.clone();
            page.crop_box = size;
            page
        })
        .collect();

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = printpdf::to_lopdf_doc(&doc, &options, &mut warnings);
    pdf.version = "1.4".to_string();
    let id = content_id(&pdf);
    set_info(&mut pdf, meta)?;
    set_catalog(&mut pdf, &meta.language)?;
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    pdf.compress();
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// A 16-byte id from every stream and page of the document, so it changes
/// exactly when the content does.
fn content_id(pdf: &lopdf::Document) -> Vec<u8> {
    let (mut a, mut b) = (Fnv64::new(), Fnv64::with_seed(0x5eed));
    for object in pdf.objects.values() {
        if let Object::Stream(stream) = object {
            a.write(&stream.content);
            b.write(&stream.content);
        }
    }
    let mut id = a.finish().to_be_bytes().to_vec();
    id.extend(b.finish().to_be_bytes());
    id
}

/// Text for the information dictionary: PDFDocEncoding's ASCII subset as
/// it is, anything else as UTF-16 with a byte order mark.
fn text_string(text: &str) -> Object {
    if text.chars().all(|c| (' '..='~').contains(&c)) {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn pdf_date(at: jiff::Timestamp) -> Object {
    let text = at
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .strftime("D:%Y%m%d%H%M%SZ")
        .to_string();
    Object::String(text.into_bytes(), StringFormat::Literal)
}

/// Replaces printpdf's information dictionary, which always carries dates
/// (the Unix epoch unless set) and empty fields.
fn set_info(pdf: &mut lopdf::Document, meta: &Meta) -> Result<(), PdfError> {
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&meta.author));
    info.set("Subject", text_string(&meta.subject));
    info.set("Keywords", text_string(&meta.keywords));
    info.set(
        "Creator",
        text_string(concat!("planwright ", env!("CARGO_PKG_VERSION"))),
    );
    info.set("Producer", text_string("printpdf 0.12"));
    if let Some(at) = meta.created {
        info.set("CreationDate", pdf_date(at));
        info.set("ModDate", pdf_date(at));
    }
    let id = pdf
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Write(format!("no document information: {e}")))?;
    pdf.objects.insert(id, Object::Dictionary(info));
    Ok(())
}

/// The language of the text, and the title shown in the viewer's title bar.
fn set_catalog(pdf: &mut lopdf::Document, language: &str) -> Result<(), PdfError> {
    let catalog = pdf
        .catalog_mut()
        .map_err(|e| PdfError::Write(format!("no catalog: {e}")))?;
    catalog.set("Lang", text_string(language));
    let mut prefs = lopdf::Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// Rounds to hundredths of a point: finer than any printer, and the
/// content streams stay short.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

/// The current graphics state, so each setting is written only when it changes.
#[derive(Default)]
struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
    dashed: Option<bool>,
    font: Option<(Face, f32)>,
    in_text: bool,
}

impl State {
    fn fill(&mut self, ops: &mut Vec<Op>, c: Rgb) {
        if self.fill != Some(c) {
            ops.push(Op::SetFillColor { col: color(c) });
            self.fill = Some(c);
        }
    }

    fn stroke(&mut self, ops: &mut Vec<Op>, s: Stroke) {
        if self.stroke != Some(s.color) {
            ops.push(Op::SetOutlineColor {
                col: color(s.color),
            });
            self.stroke = Some(s.color);
        }
        if self.width != Some(s.width) {
            ops.push(Op::SetOutlineThickness { pt: Pt(s.width) });
            self.width = Some(s.width);
        }
        if self.dashed != Some(s.dashed) {
            let dash = if s.dashed {
                LineDashPattern::new(0.0, &[2.0, 1.6])
            } else {
                LineDashPattern::solid()
            };
            ops.push(Op::SetLineDashPattern { dash });
            self.dashed = Some(s.dashed);
        }
    }

    fn text(&mut self, ops: &mut Vec<Op>, on: bool) {
        if self.in_text != on {
            ops.push(if on {
                Op::StartTextSection
            } else {
                Op::EndTextSection
            });
            self.in_text = on;
        }
    }
}

fn ops(marks: &[Mark], page_height: f32) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut st = State::default();
    let flip = |y: f32| r2(page_height - y);
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
                st.text(&mut ops, true);
                if st.font != Some((*face, *size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(*face)),
                        size: Pt(*size),
                    });
                    st.font = Some((*face, *size));
                }
                st.fill(&mut ops, *color);
                // An absolute position for every run: no relative cursor to drift.
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(r2(*x)), Pt(flip(*y))),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
            }
            Mark::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                st.text(&mut ops, false);
                if let Some(c) = fill {
                    st.fill(&mut ops, *c);
                }
                if let Some(s) = stroke {
                    st.stroke(&mut ops, *s);
                }
                let mode = match (fill, stroke) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (Some(_), None) => PaintMode::Fill,
                    _ => PaintMode::Stroke,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(r2(*x)),
                        y: Pt(flip(y + h)),
                        width: Pt(r2(*w)),
                        height: Pt(r2(*h)),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Mark::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                st.text(&mut ops, false);
                st.stroke(&mut ops, *stroke);
                let point = |x: f32, y: f32| LinePoint {
                    p: Point {
                        x: Pt(r2(x)),
                        y: Pt(flip(y)),
                    },
                    bezier: false,
                };
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![point(*x1, *y1), point(*x2, *y2)],
                        is_closed: false,
                    },
                });
            }
            Mark::Image { x, y, w, h } => {
                st.text(&mut ops, false);
                ops.push(Op::UseXobject {
                    id: XObjectId(LOGO.to_string()),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(r2(*x))),
                        translate_y: Some(Pt(flip(y + h))),
                        scale_x: Some(r2(*w)),
                        scale_y: Some(r2(*h)),
                        no_auto_scale: true,
                        ..Default::default()
                    },
                });
            }
        }
    }
    st.text(&mut ops, false);
    ops
}
