//! Deflating a document's streams: at zlib's default level with one
//! compressor per thread, reused, and with what every plan of a batch
//! carries (font programs, their text maps, the logo) deflated only once.
//!
//! lopdf's own `compress` uses level 9 and a fresh compressor per stream;
//! for a plan that was most of the time spent, for files 1–2% smaller.

use std::cell::RefCell;
use std::collections::BTreeSet;

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::Object;

use super::memo::Memo;

/// Deflated resource streams by their plain bytes. The key is the whole
/// stream, not a hash of it, so two can never be confused. Plans of one
/// stage share a font subset unless a name brings new letters; a few dozen
/// entries cover a clinic's roster.
pub(crate) type StreamCache = Memo<Vec<u8>, Vec<u8>>;

/// A new, empty cache for [`compress`].
pub(crate) fn stream_cache() -> StreamCache {
    Memo::new(64)
}

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), true));
}

/// `plain` as a zlib stream, as `/FlateDecode` expects.
pub(crate) fn deflate(plain: &[u8]) -> Vec<u8> {
    COMPRESSOR.with(|cell| {
        let mut z = cell.borrow_mut();
        z.reset();
        let mut out = Vec::with_capacity(plain.len() / 2 + 64);
        loop {
            let read = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
            let status = z
                .compress_vec(
                    &plain[read.min(plain.len())..],
                    &mut out,
                    FlushCompress::Finish,
                )
                .expect("deflate never fails on an in-memory buffer with room to grow");
            match status {
                Status::StreamEnd => return out,
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(64)),
            }
        }
    })
}

/// Deflates every stream of `pdf` that may be compressed and is not yet,
/// where that makes it smaller. All but the `pages` (each plan's own)
/// go through `shared`.
pub(crate) fn compress(
    pdf: &mut lopdf::Document,
    shared: &StreamCache,
    pages: &BTreeSet<lopdf::ObjectId>,
) {
    for (id, object) in &mut pdf.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let deflated = if !pages.contains(id) {
            let plain = stream.content.as_slice();
            shared
                .get_or_make(plain, || deflate(plain))
                .as_ref()
                .clone()
        } else {
            deflate(&stream.content)
        };
        if deflated.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(deflated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn deflated_streams_inflate_to_what_went_in() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for plain in [&b""[..], b"BT /F1 12 Tf ET", &text] {
            let once = deflate(plain);
            assert_eq!(deflate(plain), once, "a reused compressor starts afresh");
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&once[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, plain);
        }
    }
}
