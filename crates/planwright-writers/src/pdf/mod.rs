//! Printable, personalised plans as PDF.
//!
//! Its job: print a computed [`Plan`] as a handout on A4 or US Letter: a
//! first page with who the plan is for, its dates (issue and review too),
//! the clinician's notes, the stage's goal, how to use the sheet and whom
//! to call, the safety note and each exercise; a block per week with the
//! dose in words, the change from last week and a tick box for every
//! session; when to move on; and on every page a footer with the page
//! number, the plan's id and, when the site has a real address, the
//! guide's address as text and QR code.
//! Text is set in DejaVu Sans, embedded and subset to the glyphs used.
//!
//! It must not compute or word a dose: every dose, change and note comes
//! from the plan as the engine wrote it. It does no I/O and reads neither
//! the clock nor the environment: the host's [`World`] brings the fonts,
//! the logo, the authors' pictures and the creation time
//! (`SOURCE_DATE_EPOCH` on the command line). The same inputs always give
//! the same bytes, alone, in a batch or in the browser.
//!
//! ```no_run
//! # fn demo(plan: &planwright_core::plan::Plan, program: &planwright_core::model::Program,
//! #     regular: &'static [u8], bold: &'static [u8])
//! # -> Result<(), planwright_writers::pdf::PdfError> {
//! use planwright_writers::{pdf, World};
//! let fonts = pdf::Fonts::new(regular, bold)?; // once per process or batch
//! let world = World { fonts: &fonts, created: None, logo: None, pictures: None };
//! let bytes = pdf::render(plan, program, program.config.paper, &world)?;
//! # let _ = bytes; Ok(()) }
//! ```

mod content;
mod deflate;
mod figure;
mod fonts;
mod ident;
mod layout;
mod logo;
pub(crate) mod markdown;
mod memo;
mod picture;
mod qr;
mod sheet;
mod write;

use thiserror::Error;

use planwright_core::model::{Paper, Program};
use planwright_core::plan::Plan;

use crate::World;

pub use fonts::Fonts;
pub use ident::{file_name, plan_id};
pub use logo::Logo;
pub use picture::{Picture, Pictures};

/// How to print a plan: the paper and what the host's [`World`] brought.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PdfOptions<'a> {
    /// A4 or US Letter.
    pub(crate) paper: Paper,
    /// The document's creation date, and the plan's issue date when the
    /// patient file gives none; `None` leaves the dates out (and a line to
    /// write the issue date on), so the bytes depend on nothing but the plan.
    pub(crate) created: Option<jiff::Timestamp>,
    /// The clinic's logo (from `clinic.logo`), decoded once per batch.
    pub(crate) logo: Option<&'a Logo>,
    /// The authors' pictures (from `media.image`) by exercise id, read
    /// once per batch; an exercise's picture takes the place of its drawn
    /// figure.
    pub(crate) pictures: Option<&'a Pictures>,
}

/// Why a plan could not be printed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PdfError {
    /// A character of the text is not in the font: it would print as a box.
    #[error("the font has no glyph for `{character}` (U+{:04X}) in “{text}”", u32::from(*character))]
    MissingGlyph {
        /// The character.
        character: char,
        /// The text it appears in.
        text: String,
    },
    /// The logo could not be used.
    #[error("cannot use the clinic logo: {0}")]
    Logo(String),
    /// The embedded font could not be read or subset.
    #[error("font: {0}")]
    Font(String),
    /// The guide's address could not be encoded.
    #[error("{0}")]
    Qr(String),
    /// The document could not be serialised.
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// Prints `plan` (computed from `program`) as a PDF document on `paper`.
pub fn render(
    plan: &Plan,
    program: &Program,
    paper: Paper,
    world: &World<'_>,
) -> Result<Vec<u8>, PdfError> {
    let options = &PdfOptions {
        paper,
        created: world.created,
        logo: world.logo,
        pictures: world.pictures,
    };
    let fonts = world.fonts;
    let id = plan_id(plan);
    let sheet = sheet::lay_out(plan, program, options, fonts, &id)?;
    if cfg!(debug_assertions) {
        let (al, at, ar, ab) = sheet.live_area;
        let outside = sheet.pages.iter().flatten().find(|m| {
            let (l, t, r, b) = m.bounds();
            l < al - sheet::OVERHANG
                || t < at - sheet::OVERHANG
                || r > ar + sheet::OVERHANG
                || b > ab + sheet::OVERHANG
        });
        assert!(
            outside.is_none(),
            "{outside:?} leaves the live area {:?}",
            sheet.live_area
        );
    }
    let weeks = plan.weeks.len();
    let title = match &plan.person.name {
        Some(name) => format!("{}: {weeks}-week plan for {name}", plan.stage.title),
        None => format!("{}: {weeks}-week plan", plan.stage.title),
    };
    let clinic = plan
        .person
        .clinic
        .clone()
        .or_else(|| program.config.clinic.as_ref().map(|c| c.name.clone()));
    let author = match (&plan.person.clinician, clinic) {
        (Some(who), Some(clinic)) => format!("{who}, {clinic}"),
        (Some(who), None) => who.clone(),
        (None, Some(clinic)) => clinic,
        (None, None) => plan.program.clone(),
    };
    let meta = write::Meta {
        title,
        author,
        subject: format!(
            "{}, stage {} of {}: {} to {}",
            plan.program, plan.stage.number, plan.stage.of, plan.start, plan.end
        ),
        keywords: format!("plan {id}"),
        language: program.config.language.clone(),
        created: options.created,
    };
    write::write(
        &sheet.pages,
        sheet.size,
        fonts,
        options.logo,
        &sheet.xobjects,
        &meta,
    )
}

/// The shipped faces, for the tests: the host passes them in everywhere else.
#[cfg(test)]
pub(crate) fn test_fonts() -> Fonts {
    Fonts::new(
        include_bytes!("../../../../fonts/DejaVuSans.ttf"),
        include_bytes!("../../../../fonts/DejaVuSans-Bold.ttf"),
    )
    .expect("the shipped fonts parse")
}

/// The size of a page in points: 595 × 842 for A4, 612 × 792 for Letter.
pub fn page_size(paper: Paper) -> (f32, f32) {
    sheet::page_size(paper)
}
