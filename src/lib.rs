//! planwright turns exercise programs written as YAML and Markdown into a
//! guide website and printable, personalised progression plans.
//!
//! The pipeline is a pure core with thin edges:
//! [`content`] reads and validates a content tree into the typed
//! [`model`] (from the pure `planwright-core` crate, which also builds for
//! WebAssembly); the CLI ([`cli`]) is the only place that prints or exits.

pub mod cli;
pub mod content;
pub mod diagnostic;
pub mod output;
pub mod proof;
pub mod schema;
pub mod serve;
pub mod site;

pub use planwright_core::model;
pub use planwright_writers::{ics, json, markdown, media, paths, pdf, text, World};

/// DejaVu Sans and DejaVu Sans Bold (Bitstream Vera licence with the Arev
/// additions; `fonts/LICENSE`): the faces every plan is set in, handed to
/// the writers in their [`World`]. `planwright-web` embeds the same files.
pub const FONT_FILES: [&[u8]; 2] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
];

/// The shipped faces, parsed: once per process or batch.
pub fn fonts() -> Result<pdf::Fonts, pdf::PdfError> {
    pdf::Fonts::new(FONT_FILES[0], FONT_FILES[1])
}
