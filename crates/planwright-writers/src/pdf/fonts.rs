//! The embedded typeface: DejaVu Sans and DejaVu Sans Bold, parsed once and
//! subset per document.
//!
//! Widths are kept in the same thousandths of an em that end up in the
//! PDF's `/W` array, so a line measured here is exactly as wide as the line a
//! viewer draws: wrapping never overflows by rounding.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tag;
use printpdf::{FontType, ParsedFont};

use super::deflate::StreamCache;
use super::ident::Fnv64;
use super::memo::Memo;
use super::PdfError;

/// Characters below this (Latin, Greek, Cyrillic, punctuation, arrows,
/// maths) are measured from a table; the rest through the glyph map.
const FAST: usize = 0x2600;
/// A width no glyph has (65.535 em): marks a character the face lacks.
const MISSING: u16 = u16::MAX;

/// One of the two faces a plan is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// The fonts every plan is set in, parsed once and shared by a whole batch
/// (parsing takes far longer than laying out a plan).
#[derive(Debug)]
pub struct Fonts {
    regular: FaceData,
    bold: FaceData,
    /// Font programs already deflated, shared by every plan of a batch.
    pub(crate) deflated: StreamCache,
    /// Subsets already made, by face and characters.
    subsets: Memo<(Face, Vec<char>), ParsedFont>,
}

#[derive(Debug)]
struct FaceData {
    /// The PostScript name, to which the subset tag is prefixed.
    name: &'static str,
    bytes: &'static [u8],
    glyphs: HashMap<char, u16>,
    /// Width in thousandths of an em by character, for the characters
    /// below [`FAST`]; [`MISSING`] where the face has no glyph. Measuring
    /// is most of laying out a plan, and this skips hashing every character.
    fast: Vec<u16>,
    /// Advance widths in font units, by glyph id.
    advances: Vec<u16>,
    /// Advance widths in thousandths of an em, truncated as printpdf writes `/W`.
    widths: Vec<u16>,
    /// Ascender and descender in ems (descender negative).
    ascent: f32,
    descent: f32,
    parsed: ParsedFont,
}

impl Fonts {
    /// Parses the two faces the host hands over: DejaVu Sans and DejaVu
    /// Sans Bold (`fonts/` of the repository), whose metrics the layout
    /// and the tests are made for.
    pub fn new(regular: &'static [u8], bold: &'static [u8]) -> Result<Fonts, PdfError> {
        Ok(Fonts {
            regular: FaceData::parse("DejaVuSans", regular)?,
            bold: FaceData::parse("DejaVuSans-Bold", bold)?,
            deflated: super::deflate::stream_cache(),
            subsets: Memo::new(64),
        })
    }

    fn face(&self, face: Face) -> &FaceData {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// Whether both faces can draw `c`, wherever in a plan it is printed.
    pub fn draws(&self, c: char) -> bool {
        self.has(Face::Regular, c) && self.has(Face::Bold, c)
    }

    /// Whether the face can draw `c`.
    pub(crate) fn has(&self, face: Face, c: char) -> bool {
        let f = self.face(face);
        match f.fast.get(c as usize) {
            Some(&w) => w != MISSING,
            None => f.glyphs.contains_key(&c),
        }
    }

    /// The width of `text` at `size` points; characters the face lacks
    /// count as zero (the caller reports them).
    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let f = self.face(face);
        let thousandths: u32 = text
            .chars()
            .map(|c| match f.fast.get(c as usize) {
                Some(&MISSING) => 0,
                Some(&w) => u32::from(w),
                None => f.glyphs.get(&c).map_or(0, |&gid| {
                    u32::from(f.widths.get(usize::from(gid)).copied().unwrap_or(0))
                }),
            })
            .sum();
        thousandths as f32 * size / 1000.0
    }

    /// How far the face rises above the baseline, in points at `size`.
    pub(crate) fn ascent(&self, face: Face, size: f32) -> f32 {
        self.face(face).ascent * size
    }

    /// How far the face drops below the baseline, in points at `size` (positive).
    pub(crate) fn descent(&self, face: Face, size: f32) -> f32 {
        -self.face(face).descent * size
    }

    /// A font program holding only the glyphs for `chars`, renumbered, with
    /// a subset tag derived from those glyphs so the same text always gives
    /// the same font bytes and name.
    pub(crate) fn subset(
        &self,
        face: Face,
        chars: &BTreeSet<char>,
    ) -> Result<Arc<ParsedFont>, PdfError> {
        let key = (face, chars.iter().copied().collect::<Vec<_>>());
        self.subsets
            .get_or_try(&key, || self.make_subset(face, chars))
    }

    fn make_subset(&self, face: Face, chars: &BTreeSet<char>) -> Result<ParsedFont, PdfError> {
        let f = self.face(face);
        let used: BTreeSet<u16> = chars
            .iter()
            .filter_map(|c| f.glyphs.get(c))
            .copied()
            .collect();
        // .notdef first, as the subsetter requires; every other glyph keeps
        // its order, and its new id is its position in this list.
        let ids: Vec<u16> = std::iter::once(0)
            .chain(used.iter().copied().filter(|&g| g != 0))
            .collect();
        let cannot =
            |e: &dyn std::fmt::Display| PdfError::Font(format!("cannot read {}: {e}", f.name));
        let data = ReadScope::new(f.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| cannot(&e))?;
        let font = data.table_provider(0).map_err(|e| cannot(&e))?;
        let bytes = subset(&font, &ids, &profile(), CmapTarget::Unicode)
            .map_err(|e| PdfError::Font(format!("cannot subset {}: {e}", f.name)))?;
        let bytes = unhinted(&bytes)
            .ok_or_else(|| PdfError::Font(format!("cannot read the subset of {}", f.name)))?;
        let new_id: BTreeMap<u16, u16> = ids
            .iter()
            .enumerate()
            .map(|(i, &old)| (old, u16::try_from(i).unwrap_or(0)))
            .collect();
        let codepoint_to_glyph = chars
            .iter()
            .filter_map(|&c| Some((u32::from(c), new_id[f.glyphs.get(&c)?])))
            .collect();
        let glyph_widths = ids
            .iter()
            .map(|&old| {
                (
                    new_id[&old],
                    f.advances.get(usize::from(old)).copied().unwrap_or(0),
                )
            })
            .collect();
        Ok(ParsedFont {
            original_bytes: bytes,
            font_index: 0,
            font_name: Some(format!("{}+{}", subset_tag(f.name, &ids), f.name)),
            codepoint_to_glyph,
            glyph_widths,
            units_per_em: f.parsed.units_per_em,
            font_metrics: f.parsed.font_metrics.clone(),
            font_type: FontType::TrueType,
            pdf_font_metrics: f.parsed.pdf_font_metrics.clone(),
        })
    }
}

impl FaceData {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Result<FaceData, PdfError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| PdfError::Font(format!("cannot parse the embedded font {name}")))?;
        let upem = f32::from(parsed.units_per_em.max(1));
        let count = parsed
            .glyph_widths
            .keys()
            .max()
            .map_or(0, |&g| usize::from(g) + 1);
        let mut advances = vec![0u16; count];
        let mut widths = vec![0u16; count];
        for (&gid, &advance) in &parsed.glyph_widths {
            advances[usize::from(gid)] = advance;
            // The same arithmetic printpdf uses to write `/W`.
            widths[usize::from(gid)] = (f32::from(advance) * 1000.0 / upem) as u16;
        }
        let glyphs = parsed
            .codepoint_to_glyph
            .iter()
            .filter_map(|(&cp, &gid)| Some((char::from_u32(cp)?, gid)))
            .collect();
        let mut fast = vec![MISSING; FAST];
        for (&c, &gid) in &glyphs {
            if let Some(slot) = fast.get_mut(c as usize) {
                *slot = widths.get(usize::from(gid)).copied().unwrap_or(0);
            }
        }
        Ok(FaceData {
            name,
            bytes,
            glyphs,
            fast,
            advances,
            widths,
            ascent: f32::from(parsed.font_metrics.ascent) / upem,
            descent: f32::from(parsed.font_metrics.descent) / upem,
            parsed: ParsedFont {
                // The metrics are all a subset needs; the bytes stay in `bytes`.
                original_bytes: Vec::new(),
                codepoint_to_glyph: BTreeMap::new(),
                glyph_widths: BTreeMap::new(),
                ..parsed
            },
        })
    }
}

/// The tables a PDF reader uses from an embedded TrueType font. `name`
/// (15 KB of licence text in DejaVu) is left out, as PDF producers do: the
/// licence ships beside the fonts in `fonts/LICENSE`. The hinting tables
/// go too; see [`unhinted`].
fn profile() -> SubsetProfile {
    SubsetProfile::Custom(vec![
        tag::CMAP,
        tag::HEAD,
        tag::HHEA,
        tag::HMTX,
        tag::MAXP,
        tag::POST,
    ])
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The font without its TrueType hinting: the instructions inside every
/// glyph (60% of DejaVu's glyph data) and the `cvt`, `fpgm` and `prep`
/// tables. Hinting snaps outlines to a coarse pixel grid; printers and PDF
/// viewers draw the outlines well without it, and each plan is ~10 KB
/// smaller. Returns `None` if the font is not the TrueType the subsetter
/// writes.
fn unhinted(font: &[u8]) -> Option<Vec<u8>> {
    let count = usize::from(be16(font, 4)?);
    let mut tables: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = be32(font, record + 8)? as usize;
        let length = be32(font, record + 12)? as usize;
        tables.insert(tag, font.get(offset..offset + length)?.to_vec());
    }
    for hinting in [b"cvt ", b"fpgm", b"prep"] {
        tables.remove(hinting);
    }
    let glyphs = usize::from(be16(tables.get(b"maxp")?, 4)?);
    let short_loca = be16(tables.get(b"head")?, 50)? == 0;
    let loca = tables.get(b"loca")?;
    let offset = |i: usize| -> Option<usize> {
        if short_loca {
            Some(usize::from(be16(loca, 2 * i)?) * 2)
        } else {
            Some(be32(loca, 4 * i)? as usize)
        }
    };
    let glyf = tables.get(b"glyf")?;
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity(4 * (glyphs + 1));
    for i in 0..glyphs {
        new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        let glyph = glyf.get(offset(i)?..offset(i + 1)?)?;
        if glyph.is_empty() {
            continue;
        }
        new_glyf.extend(without_instructions(glyph)?);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
    }
    new_loca.extend(u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    tables.insert(*b"glyf", new_glyf);
    tables.insert(*b"loca", new_loca);
    let head = tables.get_mut(b"head")?;
    head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes()); // long offsets
    head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    Some(assemble(&tables))
}

/// A glyph's outline or components without the instructions after them.
fn without_instructions(glyph: &[u8]) -> Option<Vec<u8>> {
    let contours = be16(glyph, 0)? as i16;
    if contours >= 0 {
        let at = 10 + 2 * usize::try_from(contours).ok()?;
        let length = usize::from(be16(glyph, at)?);
        let mut out = glyph.get(..at)?.to_vec();
        out.extend([0, 0]);
        out.extend(glyph.get(at + 2 + length..)?);
        return Some(out);
    }
    // A composite: walk the components to where instructions would start,
    // clearing WE_HAVE_INSTRUCTIONS on the way.
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    const INSTRUCTIONS: u16 = 0x0100;
    let mut out = glyph.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = be16(glyph, at)?;
        let mut size = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        size += if flags & SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        out.extend((flags & !INSTRUCTIONS).to_be_bytes());
        out.extend(glyph.get(at + 2..at + size)?);
        at += size;
        if flags & MORE == 0 {
            return Some(out);
        }
    }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt file from its tables, in tag order, with the checksums the
/// format asks for.
fn assemble(tables: &BTreeMap<[u8; 4], Vec<u8>>) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut power = 1u16;
    while power * 2 <= count {
        power *= 2;
    }
    let mut out = Vec::new();
    out.extend(0x0001_0000u32.to_be_bytes());
    out.extend(count.to_be_bytes());
    out.extend((power * 16).to_be_bytes());
    out.extend((power.trailing_zeros() as u16).to_be_bytes());
    out.extend((count * 16 - power * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        body.extend(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    let head_at = out.len()
        + tables
            .iter()
            .take_while(|(tag, _)| *tag != b"head")
            .map(|(_, d)| d.len().div_ceil(4) * 4)
            .sum::<usize>();
    out.extend(body);
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    if let Some(slot) = out.get_mut(head_at + 8..head_at + 12) {
        slot.copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// Six capital letters from the face and its glyph set: ISO 32000-1, 9.6.4
/// asks for a tag on every subset font, and readers such as `pdffonts`
/// recognise a subset by it.
fn subset_tag(name: &str, ids: &[u16]) -> String {
    let mut hash = Fnv64::new();
    hash.write(name.as_bytes());
    for id in ids {
        hash.write(&id.to_be_bytes());
    }
    let mut value = hash.finish();
    (0..6)
        .map(|_| {
            let letter = b'A' + (value % 26) as u8;
            value /= 26;
            char::from(letter)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_widths_written_to_the_pdf() {
        let fonts = crate::pdf::test_fonts();
        // DejaVu Sans: `i` is 569/2048 em wide, written as 277/1000; `M`
        // is 1767/2048, written as 862/1000.
        assert_eq!(fonts.width(Face::Regular, 10.0, "i"), 2.77);
        assert_eq!(fonts.width(Face::Regular, 10.0, "iM"), 11.39);
        assert!(fonts.width(Face::Bold, 10.0, "iM") > fonts.width(Face::Regular, 10.0, "iM"));
        for c in ['ë', 'Å', '–', '×', '≤', '✓'] {
            assert!(fonts.has(Face::Regular, c), "{c}");
            assert!(fonts.has(Face::Bold, c), "{c}");
        }
        assert!(!fonts.has(Face::Regular, '王'));
    }

    #[test]
    fn subsets_are_small_tagged_and_the_same_for_the_same_text() {
        let fonts = crate::pdf::test_fonts();
        let chars: BTreeSet<char> = "Zoë Ångström × 3 – 10 reps".chars().collect();
        let a = fonts.subset(Face::Regular, &chars).unwrap();
        let b = fonts.subset(Face::Regular, &chars).unwrap();
        assert_eq!(a.original_bytes, b.original_bytes);
        assert!(a.original_bytes.len() < 4_000, "{}", a.original_bytes.len());
        // The subset is a font printpdf (and so a PDF reader) can read back,
        // with the widths of the original glyphs.
        let back = ParsedFont::from_bytes(&a.original_bytes, 0, &mut Vec::new()).unwrap();
        for ch in &chars {
            let gid = back.lookup_glyph_index(u32::from(*ch)).unwrap();
            assert_eq!(
                back.get_glyph_width(gid),
                a.glyph_widths.get(&gid).copied(),
                "{ch}"
            );
        }
        let name = a.font_name.clone().unwrap();
        let (tag, rest) = name.split_once('+').unwrap();
        assert_eq!(rest, "DejaVuSans");
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        let other: BTreeSet<char> = "Alex".chars().collect();
        let c = fonts.subset(Face::Regular, &other).unwrap();
        assert_ne!(c.font_name, a.font_name);
        // Every character maps to a glyph of the subset, with its width.
        for ch in &chars {
            let gid = a.codepoint_to_glyph[&u32::from(*ch)];
            assert!(gid > 0);
            assert!(a.glyph_widths.contains_key(&gid));
        }
    }
}
