//! The guide page's address as a QR code, drawn with filled rectangles (no
//! image, so it stays sharp at any zoom and costs a few hundred bytes).

use std::sync::LazyLock;

use qrcode::{Color, EcLevel, QrCode};

use super::layout::{Mark, Rgb, Slice};
use super::memo::Memo;
use super::PdfError;

/// White modules kept around the code inside its square, so it scans even
/// when something is printed close by.
const QUIET: usize = 2;

/// A code's modules: its width, and each run of dark modules in a row as
/// (row, first column, length).
struct Runs {
    width: usize,
    runs: Vec<(usize, usize, usize)>,
}

/// Codes already encoded: a batch prints the same few stage addresses on
/// every plan, and choosing a code's mask is most of a plan's layout time.
static ENCODED: LazyLock<Memo<String, Runs>> = LazyLock::new(|| Memo::new(64));

fn encode(text: &str) -> Result<Runs, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(format!("cannot encode `{text}` as a QR code: {e}")))?;
    let width = code.width();
    let mut runs = Vec::new();
    for (row, line) in code.to_colors().chunks(width).enumerate() {
        let mut col = 0;
        while col < width {
            if line[col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && line[col] == Color::Dark {
                col += 1;
            }
            runs.push((row, start, col - start));
        }
    }
    Ok(Runs { width, runs })
}

/// A `size` × `size` slice holding the QR code of `text`: one rectangle per
/// run of dark modules in a row.
pub(crate) fn code(text: &str, size: f32, ink: Rgb) -> Result<Slice, PdfError> {
    let code = ENCODED.get_or_try(text, || encode(text))?;
    let module = size / (code.width + 2 * QUIET) as f32;
    let mut slice = Slice::gap(size);
    for &(row, start, len) in &code.runs {
        slice.push(Mark::Rect {
            x: (start + QUIET) as f32 * module,
            y: (row + QUIET) as f32 * module,
            w: len as f32 * module,
            h: module,
            fill: Some(ink),
            stroke: None,
        });
    }
    Ok(slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_inside_its_square() {
        let url = "https://planwright.example/thoracic/stages/concentric.html";
        let slice = code(url, 50.0, Rgb(0.0, 0.0, 0.0)).unwrap();
        assert!(!slice.marks.is_empty());
        for m in &slice.marks {
            let (l, t, r, b) = m.bounds();
            assert!(l >= 0.0 && t >= 0.0 && r <= 50.001 && b <= 50.001, "{m:?}");
        }
    }
}
