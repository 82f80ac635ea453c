//! Authors' images (`media.image`): PNG, JPEG and SVG files read and
//! checked from their bytes, every limit applied before the work it bounds.
//!
//! Its job: tell what a file is from its first bytes (never its name),
//! refuse what planwright cannot print or should not trust, and decode
//! the rest into what the PDF prints: a raster shrunk to print size, or an
//! SVG converted to PDF drawing operators. `check` runs the same function,
//! so what `check` passes prints.
//!
//! It must not touch the disk, the network or the system's fonts: the
//! caller reads the file. An SVG's links to other files are refused, never
//! followed, and its text would need fonts, so it is refused too.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use thiserror::Error;
use usvg::roxmltree;

/// The largest PNG or JPEG file accepted: a photo from a phone is a few MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The largest SVG file accepted: a detailed drawing is a few hundred KiB.
pub const MAX_SVG_BYTES: usize = 2 * 1024 * 1024;
/// The most pixels a PNG or JPEG may have: 40 megapixels decode to at
/// most 160 MB, the most one picture may make planwright allocate.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The widest or tallest a PNG or JPEG may be, in pixels.
pub const MAX_SIDE: u32 = 10_000;
/// The most SVG elements the drawing may amount to once every `<use>`,
/// pattern, marker and other reference is counted each time it is drawn:
/// a few kilobytes of nested `<use>` can otherwise stand for billions.
pub const MAX_SVG_WORK: u64 = 250_000;
/// The deepest an SVG's elements and references may nest: the converter
/// recurses once per level. (PDF itself allows 28 nested groups, which
/// the conversion checks on its own.)
pub const MAX_SVG_DEPTH: usize = 64;
/// The most XML nodes an SVG may have.
const MAX_SVG_NODES: u32 = 200_000;

/// A raster picture is kept at most this many pixels wide and tall: about
/// three times its printed width (115 pt) and twice its tallest (110 pt),
/// sharp on paper and a few kilobytes in every plan.
pub const KEPT_WIDTH: u32 = 340;
/// See [`KEPT_WIDTH`].
pub const KEPT_HEIGHT: u32 = 220;

/// What `media.image` accepts, for hints.
pub const ACCEPTED: &str = "a PNG, JPEG or SVG file of at most 10 MiB (SVG: 2 MiB), \
                            no more than 40 megapixels and 10,000 pixels a side";

/// The image formats planwright prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG, lossless raster.
    Png,
    /// JPEG, for photos.
    Jpeg,
    /// SVG, vector drawing.
    Svg,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Svg => "SVG",
        }
    }

    /// The file name endings that may hold this format.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Png => &["png"],
            Format::Jpeg => &["jpg", "jpeg"],
            Format::Svg => &["svg"],
        }
    }
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImageError {
    /// The file is larger than its format's limit.
    #[error("the image is {} KiB, more than the {} KiB allowed for {}", .bytes.div_ceil(1024), .limit / 1024, .what)]
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
        /// "a PNG or JPEG file", "an SVG file".
        what: &'static str,
    },
    /// A known image format that planwright does not print.
    #[error("the file is {what}, which planwright cannot print")]
    Unsupported {
        /// "a GIF image", "a WebP image".
        what: &'static str,
    },
    /// Not an image format planwright knows at all.
    #[error("the file is not a PNG, JPEG or SVG image")]
    Unknown,
    /// The name promises another format than the bytes hold.
    #[error("the file is a {} image, but its name ends in `.{extension}`", .format.name())]
    Extension {
        /// What the bytes hold.
        format: Format,
        /// The name's ending, as written (empty when it has none).
        extension: String,
    },
    /// More pixels than may be decoded.
    #[error("the image is {width} × {height} pixels, more than planwright decodes (40 megapixels, 10,000 a side)")]
    TooManyPixels {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },
    /// The bytes are not a valid file of their format.
    #[error("the {} file cannot be read: {detail}", .format.name())]
    Malformed {
        /// The format the file claims by its first bytes.
        format: Format,
        /// What is wrong, in the decoder's words.
        detail: String,
    },
    /// An SVG that holds something planwright will not print or publish.
    #[error("the SVG {what} (line {line} of the SVG)")]
    Svg {
        /// What it holds: "has text", "runs a script".
        what: String,
        /// Where, in the SVG file.
        line: u32,
        /// How to fix it.
        fix: &'static str,
    },
    /// An SVG whose drawing is too big to convert.
    #[error("the SVG is too complex: {0}")]
    TooComplex(String),
}

impl ImageError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        match self {
            ImageError::Extension { format, .. } => format!(
                "rename the file to end in `.{}`, or save it in the format its name says",
                format.extensions()[0]
            ),
            ImageError::TooManyPixels { .. } | ImageError::TooLarge { .. } => format!(
                "save a smaller copy: a picture prints about 4 cm wide, so 1,000 pixels \
                 a side is plenty; planwright takes {ACCEPTED}"
            ),
            ImageError::Svg { fix, .. } => (*fix).to_string(),
            ImageError::TooComplex(_) => {
                "simplify the drawing, or save it as a PNG of a few hundred pixels".to_string()
            }
            _ => format!("use {ACCEPTED}"),
        }
    }
}

/// A decoded image, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Image {
    /// A PNG or JPEG, shrunk to at most [`KEPT_WIDTH`] × [`KEPT_HEIGHT`].
    Raster(Raster),
    /// An SVG as PDF drawing operators.
    Vector(Vector),
}

impl Image {
    /// Width over height.
    pub fn aspect(&self) -> f32 {
        match self {
            Image::Raster(r) => r.width as f32 / r.height.max(1) as f32,
            Image::Vector(v) => v.width / v.height,
        }
    }
}

/// Pixels on white: transparency is flattened onto the paper's white, and
/// a picture in shades of grey keeps one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// One byte a pixel when true, else three (red, green, blue).
    pub gray: bool,
    /// Rows top to bottom.
    pub pixels: Vec<u8>,
    /// Whether it came from a JPEG: a photo, better kept as one.
    pub from_jpeg: bool,
}

/// An SVG converted to a PDF page's content: drawing operators in a
/// `width` × `height` point box (y up), the resources they name, and the
/// objects those refer to, numbered as in `objects`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// The content stream, uncompressed.
    pub content: Vec<u8>,
    /// The resources dictionary the content uses.
    pub resources: lopdf::Dictionary,
    /// Every object the resources refer to, directly or not, by id.
    pub objects: BTreeMap<lopdf::ObjectId, lopdf::Object>,
}

/// Reads the image `name` (its path, for its extension) from `bytes`.
pub fn read(name: &str, bytes: &[u8]) -> Result<Image, ImageError> {
    let format = sniff(bytes)?;
    let extension = name
        .rsplit('/')
        .next()
        .and_then(|file| file.rsplit_once('.'))
        .map(|(_, ext)| ext)
        .unwrap_or_default();
    if !format
        .extensions()
        .iter()
        .any(|e| e.eq_ignore_ascii_case(extension))
    {
        return Err(ImageError::Extension {
            format,
            extension: extension.to_string(),
        });
    }
    let failed = || ImageError::Malformed {
        format,
        detail: "the decoder failed on it".to_string(),
    };
    match format {
        // Third-party decoders meet hostile bytes here; should one panic,
        // the file is reported as unreadable rather than taking planwright
        // down.
        Format::Png => catch_unwind(AssertUnwindSafe(|| png(bytes).map(Image::Raster)))
            .unwrap_or_else(|_| Err(failed())),
        Format::Jpeg => catch_unwind(AssertUnwindSafe(|| jpeg(bytes).map(Image::Raster)))
            .unwrap_or_else(|_| Err(failed())),
        // The SVG converter recurses once per level of nesting: it runs on
        // a thread with a stack of its own, deep enough for the deepest
        // nesting `Work` lets through, whatever thread asked.
        Format::Svg => std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("svg".to_string())
                .stack_size(SVG_STACK)
                .spawn_scoped(scope, || svg(bytes).map(Image::Vector))
                .map_err(|_| failed())?
                .join()
                .unwrap_or_else(|_| Err(failed()))
        }),
    }
}

/// The SVG thread's stack: ample for [`MAX_SVG_DEPTH`] levels of the
/// converter's recursion, even unoptimised.
const SVG_STACK: usize = 32 * 1024 * 1024;

/// The format from the file's first bytes, with its size limit applied.
fn sniff(bytes: &[u8]) -> Result<Format, ImageError> {
    let others: [(&[u8], &str); 9] = [
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"\0\0\x01\0", "an icon (ICO) file"),
        (b"%PDF", "a PDF document"),
        (b"\x1f\x8b", "a compressed file (SVGZ or gzip)"),
        (b"8BPS", "a Photoshop document"),
        (b"\xff\x0a", "a JPEG XL image"),
    ];
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Format::Png
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Format::Jpeg
    } else if let Some((_, what)) = others.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(ImageError::Unsupported { what });
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Err(ImageError::Unsupported {
            what: "a WebP image",
        });
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(ImageError::Unsupported {
            what: "an AVIF or HEIC image",
        });
    } else if bytes.len() >= 14 && bytes.starts_with(b"BM") {
        return Err(ImageError::Unsupported {
            what: "a BMP image",
        });
    } else if looks_like_xml(bytes) {
        Format::Svg
    } else {
        return Err(ImageError::Unknown);
    };
    let (limit, what) = match format {
        Format::Svg => (MAX_SVG_BYTES, "an SVG file"),
        _ => (MAX_FILE_BYTES, "a PNG or JPEG file"),
    };
    if bytes.len() > limit {
        return Err(ImageError::TooLarge {
            bytes: bytes.len(),
            limit,
            what,
        });
    }
    Ok(format)
}

/// Text whose first character, after a byte-order mark and white space,
/// opens a tag: what every SVG file starts with.
fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn too_many_pixels(width: u64, height: u64) -> Result<(), ImageError> {
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    Ok(())
}

fn png(bytes: &[u8]) -> Result<Raster, ImageError> {
    let bad = |detail: String| ImageError::Malformed {
        format: Format::Png,
        detail,
    };
    // The size is in the header chunk, which must come first: read it by
    // hand, so no decoder sees a file that claims too many pixels.
    if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return Err(bad("it has no header".to_string()));
    }
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (width, height) = (be(16), be(20));
    if width == 0 || height == 0 {
        return Err(bad(format!("it claims to be {width} × {height} pixels")));
    }
    too_many_pixels(u64::from(width), u64::from(height))?;
    // The decoder's own allowance covers the pixels at 8 bits and four
    // channels, plus room for its working rows and metadata.
    let limits = png::Limits {
        bytes: (MAX_PIXELS as usize) * 4 + 8 * 1024 * 1024,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| bad(e.to_string()))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad("its size overflows".to_string()))?;
    // The header was checked above; this guards the buffer itself, should
    // the decoder ever see another size than the one read by hand.
    if size > MAX_PIXELS as usize * 4 {
        return Err(ImageError::TooManyPixels {
            width: u64::from(reader.info().width),
            height: u64::from(reader.info().height),
        });
    }
    let mut pixels = vec![0; size];
    let info = reader
        .next_frame(&mut pixels)
        .map_err(|e| bad(e.to_string()))?;
    pixels.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Grayscale => Channels::Gray,
        png::ColorType::GrayscaleAlpha => Channels::GrayAlpha,
        png::ColorType::Rgb => Channels::Rgb,
        png::ColorType::Rgba => Channels::Rgba,
        png::ColorType::Indexed => return Err(bad("its palette cannot be expanded".to_string())),
    };
    Ok(shrink(info.width, info.height, channels, &pixels, false))
}

fn jpeg(bytes: &[u8]) -> Result<Raster, ImageError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let bad = |detail: String| ImageError::Malformed {
        format: Format::Jpeg,
        detail,
    };
    // The decoder refuses larger frames itself while reading the header,
    // before it allocates for them.
    let options = DecoderOptions::default()
        .set_max_width(MAX_SIDE as usize)
        .set_max_height(MAX_SIDE as usize)
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(Cursor::new(bytes), options);
    if let Err(e) = decoder.decode_headers() {
        let text = e.to_string();
        // Its words for a frame past the limits; ours say what the limit is.
        if let Some((w, h)) = sof_size(bytes) {
            too_many_pixels(u64::from(w), u64::from(h))?;
        }
        return Err(bad(text));
    }
    let info = decoder
        .info()
        .ok_or_else(|| bad("it has no frame header".to_string()))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    too_many_pixels(u64::from(width), u64::from(height))?;
    let pixels = decoder.decode().map_err(|e| bad(e.to_string()))?;
    if pixels.len() < width as usize * height as usize * 3 {
        return Err(bad("it holds fewer pixels than its header says".to_string()));
    }
    let raster = shrink(width, height, Channels::Rgb, &pixels, true);
    Ok(match decoder.exif().and_then(|e| exif_orientation(e)) {
        Some(orientation) => orient(raster, orientation),
        None => raster,
    })
}

/// A JPEG's frame size from its start-of-frame segment, read by hand.
fn sof_size(bytes: &[u8]) -> Option<(u16, u16)> {
    let mut at = 2;
    while at + 9 < bytes.len() {
        if bytes[at] != 0xff {
            return None;
        }
        let marker = bytes[at + 1];
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            let h = u16::from_be_bytes([bytes[at + 5], bytes[at + 6]]);
            let w = u16::from_be_bytes([bytes[at + 7], bytes[at + 8]]);
            return Some((w, h));
        }
        at += 2 + len;
    }
    None
}

/// The EXIF orientation (1–8) of a photo: phones store pictures sideways
/// and say so here. Browsers turn the picture upright; so must paper.
fn exif_orientation(exif: &[u8]) -> Option<u16> {
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let little = match tiff.get(..2)? {
        b"II" => true,
        b"MM" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = tiff.get(at..at + 2)?;
        Some(if little {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at + 4)?;
        Some(if little {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        } else {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    let ifd = u32_at(4)? as usize;
    let entries = u16_at(ifd)?;
    (0..usize::from(entries)).find_map(|i| {
        let entry = ifd + 2 + i * 12;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
    })
}

/// The raster turned and mirrored as its EXIF orientation says.
fn orient(r: Raster, orientation: u16) -> Raster {
    if !(2..=8).contains(&orientation) {
        return r;
    }
    let channels = if r.gray { 1 } else { 3 };
    let (w, h) = (r.width as usize, r.height as usize);
    let swap = orientation >= 5;
    let (ow, oh) = if swap { (h, w) } else { (w, h) };
    let mut pixels = vec![0; r.pixels.len()];
    for y in 0..oh {
        for x in 0..ow {
            // Where the output pixel (x, y) comes from in the stored image.
            let (sx, sy) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x),
            };
            let from = (sy * w + sx) * channels;
            let to = (y * ow + x) * channels;
            pixels[to..to + channels].copy_from_slice(&r.pixels[from..from + channels]);
        }
    }
    Raster {
        width: ow as u32,
        height: oh as u32,
        pixels,
        ..r
    }
}

#[derive(Debug, Clone, Copy)]
enum Channels {
    Gray,
    GrayAlpha,
    Rgb,
    Rgba,
}

impl Channels {
    fn count(self) -> usize {
        match self {
            Channels::Gray => 1,
            Channels::GrayAlpha => 2,
            Channels::Rgb => 3,
            Channels::Rgba => 4,
        }
    }

    /// One pixel as red, green and blue on white paper.
    fn rgb(self, p: &[u8]) -> [u32; 3] {
        let on_white =
            |c: u8, a: u8| (u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a))) / 255;
        match self {
            Channels::Gray => [u32::from(p[0]); 3],
            Channels::GrayAlpha => [on_white(p[0], p[1]); 3],
            Channels::Rgb => [u32::from(p[0]), u32::from(p[1]), u32::from(p[2])],
            Channels::Rgba => [
                on_white(p[0], p[3]),
                on_white(p[1], p[3]),
                on_white(p[2], p[3]),
            ],
        }
    }
}

/// Averages blocks of pixels down to at most [`KEPT_WIDTH`] ×
/// [`KEPT_HEIGHT`], by a whole factor and in whole numbers so the result
/// is the same on every machine; transparency goes onto white.
fn shrink(width: u32, height: u32, channels: Channels, pixels: &[u8], from_jpeg: bool) -> Raster {
    let factor = width
        .div_ceil(KEPT_WIDTH)
        .max(height.div_ceil(KEPT_HEIGHT))
        .max(1) as usize;
    let (w, h) = (
        (width as usize / factor).max(1),
        (height as usize / factor).max(1),
    );
    let n = channels.count();
    let row = width as usize * n;
    let mut rgb = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 3];
            let mut count = 0u32;
            for sy in y * factor..((y + 1) * factor).min(height as usize) {
                for sx in x * factor..((x + 1) * factor).min(width as usize) {
                    let at = sy * row + sx * n;
                    if let Some(p) = pixels.get(at..at + n) {
                        let c = channels.rgb(p);
                        for k in 0..3 {
                            sum[k] += c[k];
                        }
                        count += 1;
                    }
                }
            }
            let count = count.max(1);
            rgb.extend(sum.map(|s| ((s + count / 2) / count) as u8));
        }
    }
    let gray = rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
    let pixels = if gray {
        rgb.chunks_exact(3).map(|p| p[0]).collect()
    } else {
        rgb
    };
    Raster {
        width: w as u32,
        height: h as u32,
        gray,
        pixels,
        from_jpeg,
    }
}

/// Why an SVG is refused, found by reading its elements before any
/// converter does.
fn svg_problem(what: impl Into<String>, line: u32, fix: &'static str) -> ImageError {
    ImageError::Svg {
        what: what.into(),
        line,
        fix,
    }
}

fn svg(bytes: &[u8]) -> Result<Vector, ImageError> {
    let bad = |detail: String| ImageError::Malformed {
        format: Format::Svg,
        detail,
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "it is not UTF-8 text (byte {} is not)",
            e.valid_up_to() + 1
        ))
    })?;
    // An entity can stand for a billion characters in a few lines; an SVG
    // never needs one.
    if let Some(at) = text.find("<!ENTITY") {
        return Err(svg_problem(
            "declares XML entities",
            line_of(text, at),
            "remove the `<!DOCTYPE …>` with its entities; save the drawing as plain SVG",
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_SVG_NODES,
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        // Its position is in the SVG, not the exercise file: say so.
        let pos = e.pos();
        let message = e.to_string();
        let message = message
            .strip_suffix(&format!(" at {}:{}", pos.row, pos.col))
            .unwrap_or(&message);
        bad(format!(
            "{message} (line {}, column {} of the SVG)",
            pos.row, pos.col
        ))
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(bad(format!(
            "it is XML, but its root element is `<{}>`, not an SVG `<svg>`",
            root.tag_name().name()
        )));
    }
    screen(&doc)?;
    let work = Work::new(&doc).total()?;
    if work > MAX_SVG_WORK {
        return Err(ImageError::TooComplex(format!(
            "drawn out, it has {work} elements, more than {MAX_SVG_WORK}"
        )));
    }

    let mut options = usvg::Options {
        resources_dir: None,
        ..usvg::Options::default()
    };
    // Belt and braces: `screen` refused every `<image>` already, and no
    // picture an SVG names is ever loaded, from a file or from the SVG.
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_xmltree(&doc, &options).map_err(|e| bad(e.to_string()))?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    if !(width.is_finite() && height.is_finite() && width > 0.0 && height > 0.0) {
        return Err(bad("it has no size".to_string()));
    }
    let conversion = svg2pdf::ConversionOptions {
        compress: false,
        ..svg2pdf::ConversionOptions::default()
    };
    let pdf = svg2pdf::to_pdf(&tree, conversion, svg2pdf::PageOptions { dpi: 72.0 }).map_err(
        |e| match e {
            svg2pdf::ConversionError::TooMuchNesting => ImageError::TooComplex(
                "its groups nest more deeply than a PDF can draw (28 levels)".to_string(),
            ),
            e => bad(e.to_string()),
        },
    )?;
    vector(&pdf).ok_or_else(|| bad("it could not be converted to PDF".to_string()))
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn line_of(text: &str, at: usize) -> u32 {
    u32::try_from(text[..at.min(text.len())].matches('\n').count() + 1).unwrap_or(u32::MAX)
}

/// Refuses what an SVG must not hold: scripts and event handlers (the site
/// publishes the file as it is, and a reader who opens it directly would
/// run them), links to other files (never read: content must not pull in
/// files from elsewhere), embedded pictures, text (it needs fonts the
/// PDF may not have) and filter effects (not printed).
fn screen(doc: &roxmltree::Document<'_>) -> Result<(), ImageError> {
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let line = doc.text_pos_at(node.range().start).row;
        let name = node.tag_name().name();
        match name {
            "script" => {
                return Err(svg_problem(
                    "holds a script",
                    line,
                    "remove the `<script>`: a picture must not run code",
                ))
            }
            "foreignObject" => {
                return Err(svg_problem(
                    "holds HTML (`<foreignObject>`)",
                    line,
                    "remove the `<foreignObject>`; draw with SVG shapes only",
                ))
            }
            "text" => {
                return Err(svg_problem(
                    "has text",
                    line,
                    "convert the text to paths (in Inkscape: Path ▸ Object to Path), \
                     or write the words in the exercise instead",
                ))
            }
            "image" | "feImage" => {
                return Err(svg_problem(
                    "embeds or links a picture, an `<image>`, which is never read",
                    line,
                    "use the picture itself as `media.image`, or draw it with SVG shapes",
                ))
            }
            "filter" => {
                return Err(svg_problem(
                    "uses filter effects (blur, shadow), which are not printed",
                    line,
                    "remove the filter effects from the drawing",
                ))
            }
            _ => {}
        }
        for attribute in node.attributes() {
            let key = attribute.name();
            if key.starts_with("on") && key.len() > 2 {
                return Err(svg_problem(
                    format!("runs a script (`{key}`)"),
                    line,
                    "remove the event handler: a picture must not run code",
                ));
            }
            let value = attribute.value().trim();
            if key == "href" && name != "a" && !value.starts_with('#') {
                return Err(svg_problem(
                    format!("links to another file (`{value}`), which is never read"),
                    line,
                    "draw everything inside the one SVG file",
                ));
            }
            if value.to_ascii_lowercase().contains("javascript:") {
                return Err(svg_problem(
                    "links to a script (`javascript:`)",
                    line,
                    "remove the link: a picture must not run code",
                ));
            }
        }
    }
    Ok(())
}

/// How many elements an SVG amounts to when drawn: each element, plus
/// whatever it draws again by reference (`<use>`, a pattern, a clip path,
/// a mask, a gradient), plus markers once per vertex of the shapes that
/// may carry them. Counted before conversion, so a small file that would
/// draw billions of shapes is refused without drawing any.
struct Work<'a, 'input> {
    ids: HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    /// What each element draws, with and without markers applying to it.
    done: HashMap<(roxmltree::NodeId, bool), u64>,
    /// References from style sheets, which may apply to any element.
    sheet_refs: Vec<&'a str>,
    /// Whether a style sheet sets markers, which may apply to any shape.
    sheet_marks: bool,
    /// The largest marker, which any shape may carry at every vertex.
    marker: u64,
    doc: &'a roxmltree::Document<'input>,
}

impl<'a, 'input> Work<'a, 'input> {
    fn new(doc: &'a roxmltree::Document<'input>) -> Work<'a, 'input> {
        let ids = doc
            .descendants()
            .filter_map(|n| Some((n.attribute("id")?, n)))
            .collect();
        let sheet_refs = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "style")
            .flat_map(|n| n.descendants().filter_map(|t| t.text()))
            .flat_map(url_refs)
            .collect();
        let sheet_marks = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "style")
            .flat_map(|n| n.descendants().filter_map(|t| t.text()))
            .any(|text| text.contains("marker"));
        Work {
            ids,
            done: HashMap::new(),
            sheet_refs,
            sheet_marks,
            marker: 0,
            doc,
        }
    }

    fn total(mut self) -> Result<u64, ImageError> {
        let markers: Vec<_> = self
            .doc
            .descendants()
            .filter(|n| n.tag_name().name() == "marker")
            .collect();
        for m in markers {
            let cost = self.cost(m, false, 0, &mut HashSet::new())?;
            self.marker = self.marker.max(cost);
        }
        // Markers are counted on their own first, so a marker that holds
        // shapes is not charged per vertex of itself.
        self.done.clear();
        let mut sheet = 0u64;
        for id in self.sheet_refs.clone() {
            if let Some(target) = self.ids.get(id).copied() {
                sheet = sheet.max(self.cost(target, false, 0, &mut HashSet::new())?);
            }
        }
        let root = self.doc.root_element();
        let elements = self.doc.descendants().filter(|n| n.is_element()).count() as u64;
        // A style sheet may give any shape markers.
        let marked = self.sheet_marks || carries_markers(root);
        let own = self.cost(root, marked, 0, &mut HashSet::new())?;
        Ok(own.saturating_add(elements.saturating_mul(sheet)))
    }

    /// What `node` draws; `marked` when markers apply to it, through its
    /// own properties, an ancestor's or those of the `<use>` that drew it.
    fn cost(
        &mut self,
        node: roxmltree::Node<'a, 'input>,
        marked: bool,
        depth: usize,
        path: &mut HashSet<roxmltree::NodeId>,
    ) -> Result<u64, ImageError> {
        let marked = marked || carries_markers(node);
        if let Some(&c) = self.done.get(&(node.id(), marked)) {
            return Ok(c);
        }
        if depth > MAX_SVG_DEPTH {
            return Err(ImageError::TooComplex(format!(
                "its elements and references nest more than {MAX_SVG_DEPTH} deep"
            )));
        }
        if !path.insert(node.id()) {
            let line = self.doc.text_pos_at(node.range().start).row;
            return Err(svg_problem(
                "refers to itself in a loop",
                line,
                "make every `<use>` and `url(#…)` point at something outside itself",
            ));
        }
        let mut cost = 1u64;
        let mut refs: Vec<&'a str> = Vec::new();
        for attribute in node.attributes() {
            let value = attribute.value();
            if attribute.name() == "href" {
                refs.extend(value.trim().strip_prefix('#'));
            }
            refs.extend(url_refs(value));
        }
        for id in refs {
            if let Some(target) = self.ids.get(id).copied() {
                cost = cost.saturating_add(self.cost(target, marked, depth + 1, path)?);
            }
        }
        if marked {
            let vertices = match node.tag_name().name() {
                "path" => node.attribute("d").map_or(0, numbers),
                "polyline" | "polygon" => node.attribute("points").map_or(0, numbers),
                "line" => 2,
                _ => 0,
            };
            cost = cost.saturating_add(vertices.saturating_add(2).saturating_mul(self.marker));
        }
        for child in node.children().filter(roxmltree::Node::is_element) {
            cost = cost.saturating_add(self.cost(child, marked, depth + 1, path)?);
            if cost > MAX_SVG_WORK {
                break;
            }
        }
        path.remove(&node.id());
        self.done.insert((node.id(), marked), cost);
        Ok(cost)
    }
}

/// Whether an element sets a marker property, which its shapes and its
/// children's inherit.
fn carries_markers(node: roxmltree::Node<'_, '_>) -> bool {
    node.attributes().any(|a| {
        a.name().starts_with("marker") || (a.name() == "style" && a.value().contains("marker"))
    })
}

/// The ids named by `url(#id)` in a value.
fn url_refs(value: &str) -> impl Iterator<Item = &str> {
    value.split("url(").skip(1).filter_map(|rest| {
        let rest = rest.trim_start().trim_start_matches(['"', '\'']);
        let id = rest.strip_prefix('#')?;
        let end = id.find([')', '"', '\'']).unwrap_or(id.len());
        Some(id[..end].trim())
    })
}

/// At least as many as the numbers in a path's data: each has a digit.
fn numbers(data: &str) -> u64 {
    let mut count = 0;
    let mut in_number = false;
    for c in data.chars() {
        let digit = c.is_ascii_digit();
        if digit && !in_number {
            count += 1;
        }
        in_number = digit || c == '.';
    }
    count
}

/// The one page svg2pdf wrote, as content, resources and the objects they
/// refer to.
fn vector(pdf: &[u8]) -> Option<Vector> {
    let doc = lopdf::Document::load_mem(pdf).ok()?;
    let page = doc.page_iter().next()?;
    let dict = doc.get_dictionary(page).ok()?;
    let media_box = dict.get(b"MediaBox").ok()?.as_array().ok()?;
    let number = |o: &lopdf::Object| o.as_float().ok();
    let (x0, y0) = (number(media_box.first()?)?, number(media_box.get(1)?)?);
    let (x1, y1) = (number(media_box.get(2)?)?, number(media_box.get(3)?)?);
    let resources = match dict.get(b"Resources").ok()? {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok()?.clone(),
        lopdf::Object::Dictionary(d) => d.clone(),
        _ => return None,
    };
    let content = doc.get_page_content(page);
    let mut objects = BTreeMap::new();
    let mut todo: Vec<lopdf::ObjectId> = Vec::new();
    refs_in(&lopdf::Object::Dictionary(resources.clone()), &mut todo);
    while let Some(id) = todo.pop() {
        if objects.contains_key(&id) {
            continue;
        }
        let object = doc.get_object(id).ok()?.clone();
        refs_in(&object, &mut todo);
        objects.insert(id, object);
    }
    Some(Vector {
        width: x1 - x0,
        height: y1 - y0,
        content,
        resources,
        objects,
    })
}

/// Every reference inside `object`.
fn refs_in(object: &lopdf::Object, out: &mut Vec<lopdf::ObjectId>) {
    match object {
        lopdf::Object::Reference(id) => out.push(*id),
        lopdf::Object::Array(items) => items.iter().for_each(|o| refs_in(o, out)),
        lopdf::Object::Dictionary(d) => d.iter().for_each(|(_, o)| refs_in(o, out)),
        lopdf::Object::Stream(s) => s.dict.iter().for_each(|(_, o)| refs_in(o, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn png_of(width: u32, height: u32, color: png::ColorType, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    /// A PNG whose header claims `width` × `height`, with a few bytes of
    /// image data: what a hostile author can write in a hundred bytes.
    fn claiming_png(width: u32, height: u32) -> Vec<u8> {
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend(kind);
            c.extend(data);
            c.extend(crc32(&[kind, data].concat()).to_be_bytes());
            c
        };
        let mut header = width.to_be_bytes().to_vec();
        header.extend(height.to_be_bytes());
        header.extend([8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &header));
        png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
        png.extend(chunk(b"IEND", b""));
        png
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn jpeg_of(width: u16, height: u16, exif: Option<&[u8]>) -> Vec<u8> {
        let mut pixels = Vec::new();
        for y in 0..height {
            for x in 0..width {
                // Left half dark, right half light: which way is up shows.
                let v = if x < width / 2 { 20 } else { 230 };
                pixels.extend([v, v, (y % 256) as u8]);
            }
        }
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
        if let Some(exif) = exif {
            encoder.add_app_segment(1, exif).unwrap();
        }
        encoder
            .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    }

    fn raster(image: Image) -> Raster {
        match image {
            Image::Raster(r) => r,
            Image::Vector(_) => panic!("a raster was expected"),
        }
    }

    fn vector(image: Result<Image, ImageError>) -> Vector {
        match image {
            Ok(Image::Vector(v)) => v,
            other => panic!("a vector was expected, not {other:?}"),
        }
    }

    #[test]
    fn a_png_claiming_fifty_thousand_pixels_a_side_is_refused_unallocated() {
        let bytes = claiming_png(50_000, 50_000);
        assert!(bytes.len() < 100, "{} bytes", bytes.len());
        // Refused from the header alone, before any decoder sees it: the
        // integration test `tests/images.rs` runs `check` on it with its
        // address space capped far below the 7.5 GB it would take.
        assert_eq!(
            read("images/x.png", &bytes),
            Err(ImageError::TooManyPixels {
                width: 50_000,
                height: 50_000
            })
        );
        // Wide but short is refused too: the side limit, not only the count.
        assert!(matches!(
            read("x.png", &claiming_png(20_000, 10)),
            Err(ImageError::TooManyPixels { .. })
        ));
    }

    #[test]
    fn a_truncated_png_is_malformed() {
        let pixels: Vec<u8> = (0..64 * 64 * 3).map(|i| (i * 7 % 251) as u8).collect();
        let whole = png_of(64, 64, png::ColorType::Rgb, &pixels);
        assert!(read("a.png", &whole).is_ok());
        for cut in [30, whole.len() / 2, whole.len() - 13] {
            match read("a.png", &whole[..cut]) {
                Err(ImageError::Malformed {
                    format: Format::Png,
                    ..
                }) => {}
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_png_with_transparency_goes_onto_white_and_a_gray_one_keeps_one_channel() {
        // Two pixels: opaque black, fully transparent red.
        let bytes = png_of(2, 1, png::ColorType::Rgba, &[0, 0, 0, 255, 255, 0, 0, 0]);
        let r = raster(read("a.png", &bytes).unwrap());
        assert!(r.gray, "black on white is gray");
        assert_eq!(r.pixels, [0, 255]);
    }

    #[test]
    fn a_jpeg_is_shrunk_to_print_size_by_a_whole_factor() {
        let bytes = jpeg_of(1000, 600, None);
        let r = raster(read("photos/a.JPG", &bytes).unwrap());
        // 1000 / 340 and 600 / 220 round up to 3.
        assert_eq!((r.width, r.height), (333, 200));
        assert_eq!(r.pixels.len(), 333 * 200 * 3);
        assert!(r.from_jpeg && !r.gray);
        assert_eq!(
            read("a.jpeg", &bytes).map(|i| i.aspect()),
            Ok(333.0 / 200.0)
        );
    }

    #[test]
    fn a_photo_stored_sideways_is_turned_upright() {
        // EXIF with one entry: orientation 6, turn 90° clockwise.
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01".to_vec();
        exif.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        exif.extend([0, 0, 0, 0]);
        let r = raster(read("a.jpg", &jpeg_of(64, 32, Some(&exif))).unwrap());
        assert_eq!((r.width, r.height), (32, 64));
        // The stored left half (dark) is now the top.
        assert!(r.pixels[3 * (2 * 32 + 16)] < 60, "top is dark");
        assert!(r.pixels[3 * (60 * 32 + 16)] > 200, "bottom is light");
    }

    #[test]
    fn a_jpeg_claiming_too_many_pixels_is_refused_before_decoding() {
        let mut bytes = jpeg_of(16, 16, None);
        // Rewrite the frame header's size to 60,000 × 60,000.
        let sof = bytes.windows(2).position(|w| w == [0xff, 0xc0]).unwrap();
        bytes[sof + 5..sof + 9].copy_from_slice(&[0xea, 0x60, 0xea, 0x60]);
        assert_eq!(
            read("a.jpg", &bytes),
            Err(ImageError::TooManyPixels {
                width: 60_000,
                height: 60_000
            })
        );
    }

    #[test]
    fn formats_are_told_by_their_bytes_and_the_name_must_agree() {
        assert_eq!(
            read("a.gif", b"GIF89a\x01\0\x01\0\0\0\0;"),
            Err(ImageError::Unsupported {
                what: "a GIF image"
            })
        );
        // A GIF named .png is still a GIF.
        assert_eq!(
            read("a.png", b"GIF89a\x01\0\x01\0\0\0\0;"),
            Err(ImageError::Unsupported {
                what: "a GIF image"
            })
        );
        assert_eq!(
            read("a.webp", b"RIFF\0\0\0\0WEBPVP8 "),
            Err(ImageError::Unsupported {
                what: "a WebP image"
            })
        );
        assert_eq!(read("a.png", b"hello"), Err(ImageError::Unknown));
        let jpeg = jpeg_of(8, 8, None);
        let lie = read("images/a.png", &jpeg).unwrap_err();
        assert_eq!(
            lie,
            ImageError::Extension {
                format: Format::Jpeg,
                extension: "png".to_string()
            }
        );
        assert!(lie.hint().contains("`.jpg`"), "{}", lie.hint());
        assert!(matches!(
            read("images/a", &jpeg),
            Err(ImageError::Extension { .. })
        ));
    }

    #[test]
    fn files_past_their_size_limit_are_refused() {
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_FILE_BYTES + 1, 0);
        assert!(matches!(
            read("a.png", &big),
            Err(ImageError::TooLarge {
                limit: MAX_FILE_BYTES,
                ..
            })
        ));
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><!--{}--></svg>",
            " ".repeat(MAX_SVG_BYTES)
        );
        assert!(matches!(
            read("a.svg", svg.as_bytes()),
            Err(ImageError::TooLarge {
                limit: MAX_SVG_BYTES,
                ..
            })
        ));
    }

    const NS: &str =
        "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

    fn svg_of(body: &str) -> String {
        format!("<svg {NS} viewBox=\"0 0 40 20\" width=\"40\" height=\"20\">\n{body}\n</svg>\n")
    }

    #[test]
    fn an_svg_becomes_pdf_drawing_operators() {
        let svg = svg_of(
            "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/>\
             <stop offset=\"1\" stop-color=\"#036\"/></linearGradient></defs>\n\
             <rect x=\"2\" y=\"2\" width=\"36\" height=\"16\" fill=\"url(#g)\" stroke=\"#000\"/>",
        );
        let v = vector(read("d.svg", svg.as_bytes()));
        assert_eq!((v.width, v.height), (40.0, 20.0));
        let content = String::from_utf8_lossy(&v.content);
        assert!(
            content.contains(" re") || content.contains(" l"),
            "{content}"
        );
        // The gradient is a shading the content names, carried along.
        assert!(!v.resources.is_empty());
        assert!(!v.objects.is_empty());
        assert_eq!(
            read("d.svg", svg.as_bytes()),
            Ok(Image::Vector(v)),
            "same bytes"
        );
    }

    #[test]
    fn a_malformed_svg_says_where_in_the_svg() {
        let err = read("d.svg", svg_of("<path d=\"M0 0 L10 10\"</svg>").as_bytes()).unwrap_err();
        let ImageError::Malformed {
            format: Format::Svg,
            detail,
        } = &err
        else {
            panic!("{err:?}");
        };
        assert!(detail.contains("line 2, column"), "{detail}");
        // XML that is not an SVG.
        assert!(matches!(
            read("d.svg", b"<html><body/></html>"),
            Err(ImageError::Malformed { .. })
        ));
    }

    #[test]
    fn an_svg_never_reads_another_file() {
        for body in [
            "<image xlink:href=\"file:///etc/passwd\" width=\"5\" height=\"5\"/>",
            "<image href=\"../x.png\" width=\"5\" height=\"5\"/>",
            "<use href=\"other.svg#shape\"/>",
            "<use xlink:href=\"/etc/passwd#x\"/>",
        ] {
            match read("d.svg", svg_of(body).as_bytes()) {
                Err(ImageError::Svg { line: 2, .. }) => {}
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_svg_with_scripts_text_entities_or_filters_is_refused() {
        let cases = [
            (svg_of("<script>alert(1)</script>"), "holds a script"),
            (
                svg_of("<rect width=\"5\" height=\"5\" onclick=\"x()\"/>"),
                "runs a script",
            ),
            (
                svg_of("<a href=\"javascript:x()\"><rect width=\"5\" height=\"5\"/></a>"),
                "javascript",
            ),
            (svg_of("<text x=\"1\" y=\"9\">Hi</text>"), "has text"),
            (
                svg_of("<filter id=\"f\"><feGaussianBlur stdDeviation=\"2\"/></filter>"),
                "filter",
            ),
            (
                format!(
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaaaaaa\">\n]>\n{}",
                    svg_of("<desc>&a;</desc>")
                ),
                "entities",
            ),
        ];
        for (svg, expected) in cases {
            let err = read("d.svg", svg.as_bytes()).unwrap_err();
            assert!(err.to_string().contains(expected), "{err}");
        }
    }

    #[test]
    fn an_svg_that_would_draw_billions_of_shapes_is_refused_without_drawing() {
        // Each level draws the one below ten times: 10^9 rectangles.
        let mut defs = String::from("<g id=\"l0\"><rect width=\"1\" height=\"1\"/></g>");
        for level in 1..=9 {
            defs.push_str(&format!("<g id=\"l{level}\">"));
            for _ in 0..10 {
                defs.push_str(&format!("<use href=\"#l{}\"/>", level - 1));
            }
            defs.push_str("</g>");
        }
        let svg = svg_of(&format!("<defs>{defs}</defs><use href=\"#l9\"/>"));
        assert!(svg.len() < 3000);
        assert!(matches!(
            read("bomb.svg", svg.as_bytes()),
            Err(ImageError::TooComplex(_))
        ));
        // A marker on every vertex of a long path counts once per vertex.
        let path: String = (0..2000).map(|i| format!(" L{i} {}", i % 7)).collect();
        let mut shapes = String::from("<marker id=\"m\">");
        shapes.push_str(&"<circle r=\"1\"/>".repeat(200));
        shapes.push_str("</marker>");
        let svg = svg_of(&format!(
            "{shapes}<path d=\"M0 0{path}\" marker-mid=\"url(#m)\"/>"
        ));
        assert!(matches!(
            read("markers.svg", svg.as_bytes()),
            Err(ImageError::TooComplex(_))
        ));
        // Markers count only where they apply: long paths without them
        // beside one arrow are an ordinary drawing.
        let long: String = (0..3000).map(|i| format!(" L{i} {}", i % 5)).collect();
        let paths = format!("<path d=\"M0 0{long}\" fill=\"none\" stroke=\"#000\"/>").repeat(20);
        let arrow = format!(
            "<marker id=\"m\">{}</marker>{paths}\
             <path d=\"M0 0 L5 5\" stroke=\"#000\" marker-end=\"url(#m)\"/>",
            "<circle r=\"1\"/>".repeat(50)
        );
        assert!(read("arrow.svg", svg_of(&arrow).as_bytes()).is_ok());
        // A loop of references is refused, not followed forever.
        let svg = svg_of("<g id=\"a\"><use href=\"#b\"/></g><g id=\"b\"><use href=\"#a\"/></g>");
        assert!(matches!(
            read("loop.svg", svg.as_bytes()),
            Err(ImageError::Svg { .. })
        ));
        // Nesting up to the limit converts; deeper is refused.
        let nested = |levels: usize| {
            let g = "<g transform=\"translate(1 0)\">".repeat(levels);
            let rect = "<rect width=\"1\" height=\"1\"/>";
            svg_of(&format!("{g}{rect}{}", "</g>".repeat(levels)))
        };
        let ok = read("deep.svg", nested(20).as_bytes());
        assert!(ok.is_ok(), "{ok:?}");
        assert!(matches!(
            read("deep.svg", nested(40).as_bytes()),
            Err(ImageError::TooComplex(_))
        ));
        let deep = format!("{}{}", "<g>".repeat(500), "</g>".repeat(500));
        assert!(matches!(
            read("deep.svg", svg_of(&deep).as_bytes()),
            Err(ImageError::TooComplex(_))
        ));
    }
}
