//! An author's picture (`media.image`) made ready for paper once per
//! batch: an SVG as a Form XObject (vectors, sharp at any zoom), a PNG or
//! JPEG as an image XObject, deflated or re-encoded as JPEG, whichever
//! keeps the plan smaller.

use std::collections::BTreeMap;

use lopdf::Object;
use planwright_core::model::Slug;

use super::deflate;
use super::figure::Form;
use crate::media::{self, Image, ImageError, Raster};

/// JPEG quality for photos on paper: at print size, 75 shows no blocks.
const JPEG_QUALITY: u8 = 75;

/// Every exercise's picture, by the exercise's id.
pub type Pictures = BTreeMap<Slug, Picture>;

/// A picture kept once in the document and drawn by name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum XObject {
    /// Vector drawing operators in a box.
    Form(Form),
    /// Pixels, with their filter already applied.
    Image(lopdf::Stream),
}

/// An author's picture, ready to place on every plan of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub(crate) xobject: XObject,
    aspect: f32,
}

impl Picture {
    /// Reads and prepares the picture at `name` (its path in the content,
    /// which gives its expected format) from the file's `bytes`.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Picture, ImageError> {
        media::read(name, bytes).map(Picture::new)
    }

    /// Prepares a decoded image.
    pub fn new(image: Image) -> Picture {
        let aspect = image.aspect();
        let xobject = match image {
            Image::Raster(raster) => XObject::Image(image_stream(&raster)),
            Image::Vector(v) => XObject::Form(Form {
                width: v.width,
                height: v.height,
                frames: 1,
                content: v.content,
                resources: v.resources,
                objects: v.objects,
            }),
        };
        Picture { xobject, aspect }
    }

    /// Width over height.
    pub(crate) fn aspect(&self) -> f32 {
        self.aspect
    }

    /// Whether it is drawn as vectors.
    pub fn is_vector(&self) -> bool {
        matches!(self.xobject, XObject::Form(_))
    }
}

/// The pixels as an image XObject: deflated, or as a JPEG where that is
/// much smaller (a photo, even one saved as PNG).
fn image_stream(r: &Raster) -> lopdf::Stream {
    let flate = deflate::deflate(&r.pixels);
    let dct = jpeg(r);
    // A drawing stays lossless unless JPEG halves it; a photo takes
    // whichever is smaller.
    let use_dct = dct
        .as_ref()
        .is_some_and(|d| d.len() < flate.len() && (r.from_jpeg || d.len() * 2 < flate.len()));
    let (filter, data) = match (use_dct, dct) {
        (true, Some(d)) => ("DCTDecode", d),
        _ => ("FlateDecode", flate),
    };
    let dict = lopdf::Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Image".to_vec())),
        ("Width", Object::Integer(i64::from(r.width))),
        ("Height", Object::Integer(i64::from(r.height))),
        (
            "ColorSpace",
            Object::Name(
                if r.gray {
                    &b"DeviceGray"[..]
                } else {
                    b"DeviceRGB"
                }
                .to_vec(),
            ),
        ),
        ("BitsPerComponent", Object::Integer(8)),
        ("Filter", Object::Name(filter.as_bytes().to_vec())),
    ]);
    lopdf::Stream::new(dict, data)
}

fn jpeg(r: &Raster) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let color = if r.gray {
        jpeg_encoder::ColorType::Luma
    } else {
        jpeg_encoder::ColorType::Rgb
    };
    let encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    let (w, h) = (u16::try_from(r.width).ok()?, u16::try_from(r.height).ok()?);
    encoder.encode(&r.pixels, w, h, color).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(
        width: u32,
        height: u32,
        gray: bool,
        from_jpeg: bool,
        f: impl Fn(u32, u32) -> [u8; 3],
    ) -> Raster {
        let mut pixels = Vec::new();
        for y in 0..height {
            for x in 0..width {
                let p = f(x, y);
                if gray {
                    pixels.push(p[0]);
                } else {
                    pixels.extend(p);
                }
            }
        }
        Raster {
            width,
            height,
            gray,
            pixels,
            from_jpeg,
        }
    }

    fn filter(stream: &lopdf::Stream) -> String {
        let name = stream.dict.get(b"Filter").unwrap().as_name().unwrap();
        String::from_utf8_lossy(name).into_owned()
    }

    #[test]
    fn a_drawing_stays_lossless_and_a_photo_becomes_a_jpeg() {
        // Flat areas and sharp lines: deflate wins.
        let drawing = raster(300, 200, true, false, |x, y| {
            if (x / 20 + y / 20) % 2 == 0 {
                [0; 3]
            } else {
                [255; 3]
            }
        });
        let s = image_stream(&drawing);
        assert_eq!(filter(&s), "FlateDecode");
        assert_eq!(
            s.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
            b"DeviceGray"
        );
        // Noise-like detail, as in a photo: JPEG is far smaller.
        let photo = raster(300, 200, false, true, |x, y| {
            let v = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) >> 7;
            [(v % 256) as u8, (v / 3 % 256) as u8, (x + y) as u8]
        });
        let s = image_stream(&photo);
        assert_eq!(filter(&s), "DCTDecode");
        assert!(s.content.starts_with(&[0xff, 0xd8]));
        assert_eq!(
            image_stream(&photo),
            s,
            "the same pixels give the same bytes"
        );
    }
}
