//! Turning laid-out pages into PDF bytes with printpdf, then fixing what
//! printpdf leaves random or unset: the trailer `/ID` (a hash of the
//! content), the font and image resource names (fixed, not counters), the
//! document information (title, author, subject, and dates only from
//! `SOURCE_DATE_EPOCH`).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Object, StringFormat};
use printpdf::{
    FontId, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
    XObject, XObjectId,
};

use super::content;
use super::deflate;
use super::fonts::{Face, Fonts};
use super::ident::Fnv64;
use super::layout::Mark;
use super::logo::Logo;
use super::picture::XObject as Drawn;
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

fn font_id(face: Face) -> FontId {
    FontId(
        match face {
            Face::Regular => content::REGULAR,
            Face::Bold => content::BOLD,
        }
        .to_string(),
    )
}

/// What printpdf needs to see drawn to embed a face with the widths and
/// the text mapping of `chars`: every character once. The page streams
/// themselves are written by [`content::page`] and replace these.
fn registration(used: &BTreeMap<Face, BTreeSet<char>>) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    for (face, chars) in used {
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(*face)),
            size: Pt(1.0),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Writes `pages` (marks in points from the top-left) as a PDF of
/// `width` × `height` points; `pictures` are the drawings and images its
/// marks place by name.
pub(crate) fn write(
    pages: &[Vec<Mark>],
    (width, height): (f32, f32),
    fonts: &Fonts,
    logo: Option<&Logo>,
    pictures: &[(String, Drawn)],
    meta: &Meta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for mark in pages.iter().flatten() {
        if let Mark::Text { face, text, .. } = mark {
            used.entry(*face).or_default().extend(text.chars());
        }
    }
    // Each face also carries all of printable ASCII, whatever this plan
    // prints, so the plans of a batch share one subset and one deflated
    // font program unless a name brings letters beyond it: about 3 KB a
    // plan for most of a batch's subsetting and deflating.
    for chars in used.values_mut() {
        chars.extend(' '..='~');
    }
    let mut subsets = BTreeMap::new();
    for (face, chars) in &used {
        let parsed = fonts.subset(*face, chars)?;
        doc.resources
            .fonts
            .map
            .insert(font_id(*face), PdfFont::new(parsed.as_ref().clone()));
        subsets.insert(*face, parsed);
    }
    if let Some(logo) = logo {
        doc.resources.xobjects.map.insert(
            XObjectId(content::LOGO.to_string()),
            XObject::Image(logo.image.clone()),
        );
    }
    doc.pages = pages
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let ops = if i == 0 {
                registration(&used)
            } else {
                Vec::new()
            };
            let mut page = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
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
    let empty = BTreeMap::new();
    let glyphs = content::Glyphs {
        regular: subsets
            .get(&Face::Regular)
            .map_or(&empty, |f| &f.codepoint_to_glyph),
        bold: subsets
            .get(&Face::Bold)
            .map_or(&empty, |f| &f.codepoint_to_glyph),
    };
    add_pictures(&mut pdf, pictures)?;
    let contents = set_contents(&mut pdf, pages, height, &glyphs)?;
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
    deflate::compress(&mut pdf, &fonts.deflated, &contents);
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// Puts planwright's own content stream in every page printpdf made, and
/// returns the streams' ids.
fn set_contents(
    pdf: &mut lopdf::Document,
    pages: &[Vec<Mark>],
    height: f32,
    glyphs: &content::Glyphs<'_>,
) -> Result<BTreeSet<lopdf::ObjectId>, PdfError> {
    let ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    if ids.len() != pages.len() {
        return Err(PdfError::Write(format!(
            "printpdf made {} pages for {} laid out",
            ids.len(),
            pages.len()
        )));
    }
    let mut streams = BTreeSet::new();
    for (id, marks) in ids.into_iter().zip(pages) {
        let contents = pdf
            .get_dictionary(id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| PdfError::Write(format!("a page without contents: {e}")))?;
        let stream = pdf
            .get_object_mut(contents)
            .and_then(Object::as_stream_mut)
            .map_err(|e| PdfError::Write(format!("a page's contents are not a stream: {e}")))?;
        stream.set_plain_content(content::page(marks, height, glyphs));
        streams.insert(contents);
    }
    Ok(streams)
}

/// Adds each picture to the XObject resources every page shares. A form
/// is scaled to a unit square by its matrix, as images are, so placing
/// either is the same `cm` and `Do`. A form's own resources and the
/// objects they refer to come along, renumbered into the document.
fn add_pictures(pdf: &mut lopdf::Document, pictures: &[(String, Drawn)]) -> Result<(), PdfError> {
    if pictures.is_empty() {
        return Ok(());
    }
    fn missing(what: &'static str) -> impl Fn(lopdf::Error) -> PdfError {
        move |e| PdfError::Write(format!("{what}: {e}"))
    }
    let page = pdf
        .get_pages()
        .into_values()
        .next()
        .ok_or_else(|| PdfError::Write("a document without pages".to_string()))?;
    let resources = pdf
        .get_dictionary(page)
        .and_then(|p| p.get(b"Resources"))
        .and_then(Object::as_reference)
        .map_err(missing("a page without resources"))?;
    let xobjects = pdf
        .get_dictionary(resources)
        .and_then(|r| r.get(b"XObject"))
        .and_then(Object::as_reference)
        .map_err(missing("resources without an XObject dictionary"))?;
    let mut ids = Vec::with_capacity(pictures.len());
    for (name, picture) in pictures {
        let stream = match picture {
            Drawn::Image(stream) => stream.clone(),
            Drawn::Form(form) => {
                // New ids in the order of the old, so the bytes never
                // depend on anything but the picture.
                let renumbered: BTreeMap<lopdf::ObjectId, lopdf::ObjectId> = form
                    .objects
                    .keys()
                    .map(|&old| (old, pdf.new_object_id()))
                    .collect();
                for (old, object) in &form.objects {
                    pdf.objects
                        .insert(renumbered[old], renumber(object.clone(), &renumbered));
                }
                let resources = renumber(Object::Dictionary(form.resources.clone()), &renumbered);
                let dict = lopdf::Dictionary::from_iter([
                    ("Type", Object::Name(b"XObject".to_vec())),
                    ("Subtype", Object::Name(b"Form".to_vec())),
                    (
                        "BBox",
                        Object::Array(vec![
                            0.into(),
                            0.into(),
                            Object::Real(form.width),
                            Object::Real(form.height),
                        ]),
                    ),
                    (
                        "Matrix",
                        Object::Array(vec![
                            Object::Real(1.0 / form.width),
                            0.into(),
                            0.into(),
                            Object::Real(1.0 / form.height),
                            0.into(),
                            0.into(),
                        ]),
                    ),
                    ("Resources", resources),
                ]);
                lopdf::Stream::new(dict, form.content.clone())
            }
        };
        let id = pdf.add_object(stream);
        ids.push((name.clone(), id));
    }
    let dict = pdf
        .get_object_mut(xobjects)
        .and_then(Object::as_dict_mut)
        .map_err(missing("the XObject resources are not a dictionary"))?;
    for (name, id) in ids {
        dict.set(name, Object::Reference(id));
    }
    Ok(())
}

/// `object` with every reference to an old id pointing at its new one. A
/// reference to an id the map lacks would point into the wrong document,
/// so it becomes null.
fn renumber(object: Object, ids: &BTreeMap<lopdf::ObjectId, lopdf::ObjectId>) -> Object {
    let dict = |d: lopdf::Dictionary| {
        lopdf::Dictionary::from_iter(d.into_iter().map(|(k, v)| (k, renumber(v, ids))))
    };
    match object {
        Object::Reference(id) => ids
            .get(&id)
            .map_or(Object::Null, |&new| Object::Reference(new)),
        Object::Array(items) => {
            Object::Array(items.into_iter().map(|o| renumber(o, ids)).collect())
        }
        Object::Dictionary(d) => Object::Dictionary(dict(d)),
        Object::Stream(mut s) => {
            s.dict = dict(std::mem::take(&mut s.dict));
            Object::Stream(s)
        }
        other => other,
    }
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
