//! A whole site build after loading: every stage's default plan, the
//! pages, the printable plans and calendars, and the content's images, each
//! handed to a [`SiteWriter`] as soon as it is ready. `planwright build`
//! and `planwright serve` both come through [`render_site`], so both
//! always produce the same bytes from the same tree.
//!
//! It reads the content folder's images and writes through `output`; it
//! must not read the clock (the caller passes a [`Clock`]) or print.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use jiff::civil::Date;
use jiff::Timestamp;
use planwright_core::plan::Plan;
use rayon::prelude::*;

use super::{OutputFile, PrintMedia, SiteOptions, Templates};
use crate::content::{self, Loaded};
use crate::ics::{self, IcsOptions};
use crate::model::Program;
use crate::output::{self, OutputError};
use crate::pdf::{self, Pictures};
use crate::site;
use crate::{paths, World};

/// "Now", as the caller reads it: where the default plans start and the
/// stamp of their PDFs.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// Week 1 of every stage's default plan (the next Monday).
    pub start: Date,
    /// The creation stamp of the PDFs (`SOURCE_DATE_EPOCH`), if any.
    pub created: Option<Timestamp>,
}

/// Where a build's files go as they are rendered: into `output/site`, and
/// the printable plans into `output/plans` as well (clinics pick them up
/// there, while the site carries the same files so its links work wherever
/// it is published). Both folders are one generation, swapped in together
/// on `commit`; dropped without one, nothing changes. From `begin` to the
/// end the run holds the output folder's lock, so builds, `serve`'s
/// rebuilds and batches into it take turns. Files are written as they
/// come, so even a very large site is never held in memory at once;
/// `serve` asks for a copy of every file to serve from memory.
pub struct SiteWriter<'a> {
    /// `site`, then `plans` unless `--no-plans` (which leaves
    /// `output/plans` as it is).
    staging: output::Staging,
    plans: bool,
    /// The content's own files (images), which no generated file may replace.
    assets: &'a BTreeSet<String>,
    written: Mutex<Vec<String>>,
    kept: Option<Mutex<Vec<OutputFile>>>,
}

/// The staging folders of a `SiteWriter`, in the order given to `begin`.
const SITE: usize = 0;
const PLANS: usize = 1;

impl<'a> SiteWriter<'a> {
    /// Starts writing into `output`; `waiting` is told when another run is
    /// writing there and this one has to wait its turn.
    pub fn begin(
        output: &Path,
        assets: &'a BTreeSet<String>,
        options: &SiteOptions,
        keep: bool,
        waiting: &dyn Fn(&Path),
    ) -> Result<SiteWriter<'a>, OutputError> {
        let plans = !options.without_plans;
        let names: &[&str] = if plans { &["site", "plans"] } else { &["site"] };
        Ok(SiteWriter {
            staging: output::Staging::begin(output, names, waiting)?,
            plans,
            assets,
            written: Mutex::new(Vec::new()),
            kept: keep.then(|| Mutex::new(Vec::new())),
        })
    }

    /// Writes one generated file; it may not take a content file's path.
    fn generated(&self, file: OutputFile) -> Result<(), String> {
        if self.assets.contains(&file.path) {
            return Err(site::SiteError::Collision(file.path).to_string());
        }
        self.put(file)
    }

    /// Writes one of the content's own files (an image) as it is.
    pub fn put(&self, file: OutputFile) -> Result<(), String> {
        if let Some(name) = file.path.strip_prefix("plans/").filter(|_| self.plans) {
            self.staging
                .write(PLANS, name, &file.bytes)
                .map_err(|e| e.to_string())?;
        }
        self.staging
            .write(SITE, &file.path, &file.bytes)
            .map_err(|e| e.to_string())?;
        lock(&self.written).push(file.path.clone());
        if let Some(kept) = &self.kept {
            lock(kept).push(file);
        }
        Ok(())
    }

    /// Swaps the new site and plans in. Returns every path written, and
    /// the files themselves when they were kept.
    pub fn commit(self) -> Result<(Vec<String>, Vec<OutputFile>), OutputError> {
        self.staging.commit()?;
        let mut written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        written.sort();
        let kept = self
            .kept
            .map(|k| k.into_inner().unwrap_or_else(|e| e.into_inner()))
            .unwrap_or_default();
        Ok((written, kept))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // Every push completes before the lock is let go, so a panic elsewhere
    // leaves nothing half-done behind it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Everything after loading: templates, every stage's default plan, the
/// pages, the printable plans (unless `options.without_plans`) and the
/// content's images, each handed to `out` as soon as it is ready. `build`
/// and `serve` both come through here, so both always produce the same
/// bytes from the same tree. Returns the templates taken from the project.
pub fn render_site(
    content_dir: &Path,
    loaded: &Loaded,
    templates_dir: &Path,
    options: &SiteOptions,
    clock: Clock,
    out: &SiteWriter<'_>,
) -> Result<Vec<String>, String> {
    let templates = Templates::load(templates_dir).map_err(|e| e.to_string())?;
    let plans = site::default_plans(&loaded.program, clock.start).map_err(|e| e.to_string())?;
    let options = &SiteOptions {
        print_media: print_media(&loaded.program, content_dir)?,
        ..options.clone()
    };
    let tables = site::plan_tables(&plans);
    site::render_each(&loaded.program, &tables, &templates, options, &|file| {
        out.generated(file).map_err(site::SiteError::Emit)
    })
    .map_err(|e| e.to_string())?;
    if !options.without_plans {
        plan_downloads(
            &loaded.program,
            &plans,
            content_dir,
            clock.created,
            &options.print_media,
            out,
        )?;
    }
    for asset in &loaded.assets {
        let path = content_dir.join(asset);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        out.put(OutputFile {
            path: asset.clone(),
            bytes,
        })?;
    }
    Ok(templates.overridden)
}

/// The clinic logo's and the authors' pictures' bytes, for the browser's
/// plans: read as `planwright plan` reads them.
fn print_media(program: &Program, content_dir: &Path) -> Result<PrintMedia, String> {
    let read = |rel: &str| {
        content::read_asset(Some(content_dir), rel, crate::media::MAX_FILE_BYTES)
            .map_err(|e| format!("`{}`: {e}", content_dir.join(rel).display()))
    };
    let logo = match program
        .config
        .clinic
        .as_ref()
        .and_then(|c| c.logo.as_deref())
    {
        Some(rel) => Some(read(rel)?),
        None => None,
    };
    let pictures = program
        .exercises
        .iter()
        .filter_map(|e| Some((&e.id, e.media.as_ref()?.image.as_deref()?)))
        .map(|(id, rel)| Ok((id.clone(), read(rel)?)))
        .collect::<Result<_, String>>()?;
    Ok(PrintMedia { logo, pictures })
}

/// The printable PDF and the calendar of every stage's default plan.
fn plan_downloads(
    program: &Program,
    plans: &[Plan],
    content_dir: &Path,
    created: Option<Timestamp>,
    media: &PrintMedia,
    out: &SiteWriter<'_>,
) -> Result<(), String> {
    // From the bytes "Make my plan" already carries: each file read once.
    let logo_file = program
        .config
        .clinic
        .as_ref()
        .and_then(|c| c.logo.as_deref());
    let logo = match (&media.logo, logo_file) {
        (Some(bytes), Some(rel)) => Some(content::decode_logo(bytes, &content_dir.join(rel))?),
        _ => None,
    };
    let pictures: Pictures = media
        .pictures
        .par_iter()
        .map(|(id, bytes)| {
            let image = program
                .exercise(id)
                .and_then(|e| e.media.as_ref()?.image.as_deref())
                .unwrap_or_default();
            let shown = content_dir.join(image).display().to_string();
            Ok((
                id.clone(),
                content::decode_picture(id, image, bytes, &shown)?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let fonts = crate::fonts().map_err(|e| e.to_string())?;
    let world = World {
        fonts: &fonts,
        created,
        logo: logo.as_ref(),
        pictures: Some(&pictures),
    };
    plans
        .par_iter()
        .zip(&program.stages)
        .try_for_each(|(plan, stage)| {
            let stem = paths::download_stem(stage);
            let pdf = pdf::render(plan, program, program.config.paper, &world).map_err(|e| {
                format!("cannot print the plan of stage {}: {e}", plan.stage.number)
            })?;
            out.generated(OutputFile {
                path: format!("{stem}.pdf"),
                bytes: pdf,
            })?;
            out.generated(OutputFile {
                path: format!("{stem}.ics"),
                bytes: ics::render(plan, program, &IcsOptions::default()).into_bytes(),
            })
        })
}
