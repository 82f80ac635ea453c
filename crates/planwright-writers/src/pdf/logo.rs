//! The clinic's logo: a PNG decoded once, shrunk to print size, and drawn
//! in the top corner of the first page.

use std::io::Cursor;

use printpdf::{RawImage, RawImageData, RawImageFormat};

use super::PdfError;

/// The widest a logo is kept, in pixels: 3× its largest printed width
/// (120 pt), sharp at 216 dpi and small in every PDF of a batch.
const MAX_WIDTH: u32 = 360;
/// The tallest a logo is kept, in pixels: 3× its printed height.
const MAX_HEIGHT: u32 = 132;
/// Larger files are refused: a logo is a few kilobytes.
const MAX_BYTES: usize = 8 * 1024 * 1024;

/// A decoded logo, ready to place on every plan of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub(crate) image: RawImage,
}

impl Logo {
    /// Decodes a PNG file's bytes. Other formats are refused with a hint.
    pub fn from_png(bytes: &[u8]) -> Result<Logo, PdfError> {
        if bytes.len() > MAX_BYTES {
            return Err(PdfError::Logo("the logo is larger than 8 MiB".to_string()));
        }
        if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Err(PdfError::Logo(
                "the logo is not a PNG image; save it as PNG".to_string(),
            ));
        }
        let mut decoder = png::Decoder::new(Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let bad = |e: png::DecodingError| PdfError::Logo(format!("cannot read the PNG: {e}"));
        let mut reader = decoder.read_info().map_err(bad)?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| PdfError::Logo("the logo is too large".to_string()))?;
        let mut pixels = vec![0; size];
        let info = reader.next_frame(&mut pixels).map_err(bad)?;
        pixels.truncate(info.buffer_size());
        let (channels, format) = match info.color_type {
            png::ColorType::Grayscale => (1, RawImageFormat::R8),
            png::ColorType::GrayscaleAlpha => (2, RawImageFormat::RG8),
            png::ColorType::Rgb => (3, RawImageFormat::RGB8),
            png::ColorType::Rgba => (4, RawImageFormat::RGBA8),
            png::ColorType::Indexed => {
                return Err(PdfError::Logo(
                    "cannot expand the PNG's palette".to_string(),
                ))
            }
        };
        let (width, height, pixels) = shrink(info.width, info.height, channels, &pixels);
        Ok(Logo {
            image: RawImage {
                pixels: RawImageData::U8(pixels),
                width: width as usize,
                height: height as usize,
                data_format: format,
                tag: Vec::new(),
            },
        })
    }

    /// Width over height.
    pub(crate) fn aspect(&self) -> f32 {
        self.image.width as f32 / self.image.height.max(1) as f32
    }
}

/// Averages blocks of pixels down to at most `MAX_WIDTH` × `MAX_HEIGHT`,
/// by a whole factor so the result is the same on every machine.
fn shrink(width: u32, height: u32, channels: usize, pixels: &[u8]) -> (u32, u32, Vec<u8>) {
    let factor = width
        .div_ceil(MAX_WIDTH)
        .max(height.div_ceil(MAX_HEIGHT))
        .max(1);
    if factor == 1 {
        return (width, height, pixels.to_vec());
    }
    let (w, h) = ((width / factor).max(1), (height / factor).max(1));
    let row = width as usize * channels;
    let mut out = Vec::with_capacity(w as usize * h as usize * channels);
    for y in 0..h as usize {
        for x in 0..w as usize {
            for c in 0..channels {
                let mut sum = 0u32;
                let mut n = 0u32;
                for dy in 0..factor as usize {
                    for dx in 0..factor as usize {
                        let (sx, sy) = (x * factor as usize + dx, y * factor as usize + dy);
                        if let Some(&v) = pixels.get(sy * row + sx * channels + c) {
                            sum += u32::from(v);
                            n += 1;
                        }
                    }
                }
                out.push((sum / n.max(1)) as u8);
            }
        }
    }
    (w, h, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_png() {
        let err = Logo::from_png(b"GIF89a....").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot use the clinic logo: the logo is not a PNG image; save it as PNG"
        );
    }

    #[test]
    fn shrinks_large_images_by_a_whole_factor() {
        let pixels = vec![200u8; 1000 * 100 * 3];
        let (w, h, out) = shrink(1000, 100, 3, &pixels);
        assert_eq!((w, h), (333, 33));
        assert_eq!(out.len(), 333 * 33 * 3);
        assert!(out.iter().all(|&v| v == 200));
    }
}
