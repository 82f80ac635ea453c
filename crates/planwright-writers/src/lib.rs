//! planwright's writers: a computed [`Plan`](planwright_core::plan::Plan)
//! printed as a PDF handout ([`pdf`]), an iCalendar file ([`ics`]), the
//! plan document as JSON ([`json`]) or a readable table ([`text`]).
//!
//! Like typst's `World`, a writer is handed everything it needs from the
//! host in one value ([`World`]: the fonts, the creation stamp, the clinic
//! logo, the authors' pictures) and never looks anything up itself: no
//! files, no clock, no environment, no system time-zone database (jiff's
//! bundled one is compiled in). So the command line, a site build and the
//! browser, through `planwright-web`, write the same bytes for the same
//! plan, and this crate builds for `wasm32-unknown-unknown`.
//!
//! The writers never compute or word a dose: numbers come from the engine,
//! words from `planwright_core::wording`.

pub mod ics;
pub mod json;
pub mod markdown;
pub mod media;
pub mod paths;
pub mod pdf;
pub mod text;

/// Everything the host hands the writers: what a writer would otherwise
/// have to look up from a disk, a clock or an environment.
#[derive(Debug, Clone, Copy)]
pub struct World<'a> {
    /// The faces every PDF is set in, parsed once per process or batch.
    pub fonts: &'a pdf::Fonts,
    /// "Now", for the PDF's creation date and issue date and the calendar's
    /// `DTSTAMP`; `None` keeps the output a function of the plan alone.
    pub created: Option<jiff::Timestamp>,
    /// The clinic's logo (from `clinic.logo`), decoded once per batch.
    pub logo: Option<&'a pdf::Logo>,
    /// The authors' pictures (from `media.image`) by exercise id.
    pub pictures: Option<&'a pdf::Pictures>,
}
