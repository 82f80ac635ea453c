//! Where the guide site puts each page, relative to its root. The site
//! writes the pages there; the PDF's footer and the calendar's events
//! link to them, so the scheme lives here, beside the writers, once.

use planwright_core::model::{Exercise, GuidePage, Stage};

/// A stage's page: `stages/<id>.html`.
pub fn stage(stage: &Stage) -> String {
    format!("stages/{}.html", stage.id)
}

/// A guide page: `guide/<slug>.html`.
pub fn guide(guide: &GuidePage) -> String {
    format!("guide/{}.html", guide.slug)
}

/// An exercise's page: `exercises/<id>.html`.
pub fn exercise(exercise: &Exercise) -> String {
    format!("exercises/{}.html", exercise.id)
}

/// Where a stage's printable plan (`.pdf`) and calendar (`.ics`) sit in
/// the site, without the extension.
pub fn download_stem(stage: &Stage) -> String {
    format!("plans/stage-{}-{}", stage.number, stage.id)
}
