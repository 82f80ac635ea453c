//! The static guide website: every page rendered from the program model
//! and the computed plans, as an in-memory list of files.
//!
//! Rendering is pure: the same program and templates give the same bytes,
//! in the same order, whatever the thread count. This module never decides
//! a dose (it prints the plans it is given) and never writes to disk:
//! [`crate::output`] does that, atomically.

pub mod build;
mod markdown;
mod personaliser;
mod tables;
mod templates;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use crate::model::{Exercise, Program, Stage, StageKind};
pub use tables::{default_plans, plan_tables};
pub use templates::{builtin_files, Templates};

/// Why the site could not be built.
#[derive(Debug, Error)]
pub enum SiteError {
    /// A template or asset file could not be read.
    #[error("cannot read `{}`: {message}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A template does not parse.
    #[error("template `{}` has an error: {message}", path.display())]
    Template {
        /// The template file (or built-in template name).
        path: PathBuf,
        /// Tera's explanation.
        message: String,
    },
    /// A page failed to render.
    #[error("cannot render `{page}` with template `{template}`: {message}")]
    Render {
        /// The page's path in the site.
        page: String,
        /// The template used.
        template: String,
        /// Tera's explanation.
        message: String,
    },
    /// A content file would overwrite a generated page or asset.
    #[error("the content file `{0}` has a path the build writes itself")]
    Collision(String),
    /// A rendered file could not be passed on (written, usually).
    #[error("{0}")]
    Emit(String),
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the site, `/`-separated, never absolute or with `..`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Settings that change the built site.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Overrides the config's `base_url` (absolute, ending in `/`).
    pub base_url: Option<String>,
    /// Leave out the links to the printable plans and calendars, for a
    /// site built without them (`build --no-plans`).
    pub without_plans: bool,
    /// The files the browser's plans embed as the command line's do: the
    /// clinic logo and the authors' pictures, as read from the content.
    pub print_media: PrintMedia,
}

/// The bytes of the files a printed plan embeds, for "Make my plan".
#[derive(Debug, Clone, Default)]
pub struct PrintMedia {
    /// `clinic.logo`'s file.
    pub logo: Option<Vec<u8>>,
    /// Each exercise's `media.image` file.
    pub pictures: BTreeMap<crate::model::Slug, Vec<u8>>,
}

/// A week of an exercise's plan as the site shows it. Built by the caller
/// from the progression engine's plan, so the site prints the engine's
/// numbers and never computes its own.
#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    /// Week number, from 1.
    pub week: u32,
    /// The dose in words.
    pub dose: String,
    /// Sessions that week, in words.
    pub sessions: String,
    /// Change from the week before, in words (`+7.7%`, `start`).
    pub change: String,
    /// `baseline`, `progress` or `hold`.
    pub status: String,
    /// Why a week holds, or how sets are split; may be empty.
    pub note: String,
}

/// The default plan of one exercise, as rows for a table.
#[derive(Debug, Clone, Serialize)]
pub struct PlanTable {
    /// The exercise the plan is for.
    pub exercise_id: String,
    /// A caption naming the exercise and the rate.
    pub caption: String,
    /// One row per week.
    pub weeks: Vec<PlanRow>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
}

#[derive(Serialize)]
struct PageView {
    title: String,
    description: String,
    path: String,
    canonical: Option<String>,
}

#[derive(Serialize, Clone)]
struct NavLink {
    number: usize,
    title: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct NavView {
    stages: Vec<NavLink>,
    guides: Vec<NavLink>,
}

/// Markdown, text and lookups worked out once per item, not once per page.
struct Prepared<'a> {
    program: &'a Program,
    /// Each stage's exercises, in the stage's order.
    stage_exercises: Vec<Vec<&'a Exercise>>,
    /// The index in `program.stages` of each exercise's stage.
    exercise_stage: Vec<Option<usize>>,
    summary_html: String,
    safety_html: String,
    purposes_html: Vec<String>,
    instructions_html: BTreeMap<&'a str, String>,
    guides_html: Vec<String>,
    plans: &'a BTreeMap<String, PlanTable>,
    base_url: Option<String>,
    without_plans: bool,
}

/// What a page is.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Home,
    Stage(usize),
    Exercise(usize),
    Guide(usize),
    NotFound,
    Personaliser,
}

/// A page to render: where it goes and what it shows.
struct Page {
    path: String,
    kind: PageKind,
}

impl Page {
    /// The prefix that leads from this page back to the site root, so every
    /// link is relative and the site works from any folder or sub-path.
    fn root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
    }
}

/// Which navigation a page shows: the way back to the root and the entry
/// marked as current. Every page of a stage shows the same one, so each is
/// rendered once, not once per page: with a hundred stages the navigation
/// was most of the work of every page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct NavKey {
    root: String,
    current: Current,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Current {
    Nothing,
    Stage(usize),
    Guide(usize),
}

use crate::paths::{
    download_stem, exercise as exercise_path, guide as guide_path, stage as stage_path,
};

fn kind_label(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Mobility => "Mobility",
        StageKind::StaticHold => "Static hold",
        StageKind::Eccentric => "Eccentric strength",
        StageKind::Concentric => "Concentric strength",
        StageKind::Functional => "Functional strength",
    }
}

/// Renders the whole site into memory. `plans` maps exercise ids to their
/// default plan tables (from the progression engine); every exercise needs
/// one.
pub fn render(
    program: &Program,
    plans: &BTreeMap<String, PlanTable>,
    templates: &Templates,
    options: &SiteOptions,
) -> Result<Vec<OutputFile>, SiteError> {
    let files = std::sync::Mutex::new(Vec::new());
    render_each(program, plans, templates, options, &|file| {
        files
            .lock()
            .map_err(|_| SiteError::Emit("a page failed while rendering".to_string()))?
            .push(file);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_default();
    // Pages render in parallel; their order here is the site's own.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the whole site and hands each file to `emit` as soon as it is
/// ready, from whichever thread rendered it, so a large site need never be
/// held in memory at once.
pub fn render_each(
    program: &Program,
    plans: &BTreeMap<String, PlanTable>,
    templates: &Templates,
    options: &SiteOptions,
    emit: &(dyn Fn(OutputFile) -> Result<(), SiteError> + Sync),
) -> Result<(), SiteError> {
    let stage_index: HashMap<&str, usize> = program
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let prepared = Prepared {
        program,
        stage_exercises: program
            .stages
            .iter()
            .map(|s| program.exercises_in(&s.exercises))
            .collect(),
        exercise_stage: program
            .exercises
            .iter()
            .map(|e| stage_index.get(e.stage.as_str()).copied())
            .collect(),
        summary_html: markdown::to_html(&program.summary, program.config.raw_html),
        safety_html: markdown::to_html(&program.safety, program.config.raw_html),
        purposes_html: program
            .stages
            .iter()
            .map(|s| markdown::to_html(&s.purpose, program.config.raw_html))
            .collect(),
        instructions_html: program
            .exercises
            .par_iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    markdown::to_html(&e.instructions, program.config.raw_html),
                )
            })
            .collect(),
        guides_html: program
            .guides
            .iter()
            .map(|g| markdown::to_html(&g.body, program.config.raw_html))
            .collect(),
        plans,
        base_url: options
            .base_url
            .clone()
            .or_else(|| program.config.base_url.clone()),
        without_plans: options.without_plans,
    };

    let mut pages = vec![Page {
        path: "index.html".to_string(),
        kind: PageKind::Home,
    }];
    pages.extend(program.stages.iter().enumerate().map(|(i, s)| Page {
        path: stage_path(s),
        kind: PageKind::Stage(i),
    }));
    pages.extend(program.exercises.iter().enumerate().map(|(i, e)| Page {
        path: exercise_path(e),
        kind: PageKind::Exercise(i),
    }));
    pages.extend(program.guides.iter().enumerate().map(|(i, g)| Page {
        path: guide_path(g),
        kind: PageKind::Guide(i),
    }));
    pages.push(Page {
        path: personaliser::PATH.to_string(),
        kind: PageKind::Personaliser,
    });
    pages.push(Page {
        path: "404.html".to_string(),
        kind: PageKind::NotFound,
    });

    let keys: Vec<NavKey> = pages.iter().map(|p| nav_key(&prepared, p)).collect();
    let navs = render_navs(&prepared, templates, &pages, &keys)?;
    pages
        .par_iter()
        .zip(&keys)
        .try_for_each(|(page, key)| emit(render_page(&prepared, templates, page, &navs[key])?))?;
    program
        .exercises
        .par_iter()
        .filter_map(figure_file)
        .try_for_each(emit)?;
    emit(sitemap(&prepared, templates, &pages)?)?;
    emit(robots(&prepared, templates)?)?;
    for file in personaliser::files(program, &options.print_media)? {
        emit(file)?;
    }
    for (path, bytes) in &templates.assets {
        emit(OutputFile {
            path: path.clone(),
            bytes: bytes.clone(),
        })?;
    }
    Ok(())
}

/// Folders the build fills itself: the templates' assets, the drawn
/// figures and the printable plans. A content file in one could collide
/// with a file that only some builds write (a template override, `--no-plans`),
/// so the whole folder is the build's.
pub const RESERVED_DIRS: &[&str] = &["assets", "figures", "plans"];

/// Every content file (image or other asset) that has a path the build
/// writes itself: a page, `sitemap.xml`, `robots.txt`, or anything under
/// [`RESERVED_DIRS`]. Copied into the site it would replace that file, so
/// `check` and `build` both refuse it, at the file (`root` is the content
/// folder as shown).
pub fn asset_collisions(
    program: &Program,
    assets: &std::collections::BTreeSet<String>,
    root: &std::path::Path,
) -> Vec<crate::diagnostic::Diagnostic> {
    let mut generated: std::collections::HashSet<String> =
        ["index.html", "404.html", "sitemap.xml", "robots.txt"]
            .into_iter()
            .map(String::from)
            .collect();
    generated.insert(personaliser::PATH.to_string());
    generated.extend(program.stages.iter().map(stage_path));
    generated.extend(program.exercises.iter().map(exercise_path));
    generated.extend(program.guides.iter().map(guide_path));
    assets
        .iter()
        .filter(|asset| {
            generated.contains(asset.as_str())
                || RESERVED_DIRS
                    .iter()
                    .any(|dir| asset.strip_prefix(dir).is_some_and(|r| r.starts_with('/')))
        })
        .map(|asset| {
            crate::diagnostic::Diagnostic::error(
                root.join(asset),
                crate::diagnostic::Position::START,
                SiteError::Collision(asset.clone()).to_string(),
            )
            .with_hint(format!(
                "move or rename it: pages, sitemap.xml, robots.txt and the folders {} are the build's own",
                RESERVED_DIRS
                    .iter()
                    .map(|d| format!("`{d}/`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
        .collect()
}

fn absolute(base_url: Option<&str>, path: &str) -> Option<String> {
    let base = base_url?;
    Some(if path == "index.html" {
        base.to_string()
    } else {
        format!("{base}{path}")
    })
}

fn nav_key(prepared: &Prepared<'_>, page: &Page) -> NavKey {
    let current = match page.kind {
        PageKind::Stage(i) => Current::Stage(i),
        PageKind::Exercise(i) => {
            prepared.exercise_stage[i].map_or(Current::Nothing, Current::Stage)
        }
        PageKind::Guide(i) => Current::Guide(i),
        PageKind::Home | PageKind::NotFound | PageKind::Personaliser => Current::Nothing,
    };
    NavKey {
        root: page.root(),
        current,
    }
}

/// Renders `nav.html` once for each navigation the pages show; `keys`
/// holds each page's.
fn render_navs(
    prepared: &Prepared<'_>,
    templates: &Templates,
    pages: &[Page],
    keys: &[NavKey],
) -> Result<BTreeMap<NavKey, String>, SiteError> {
    // The first page showing each one names it in an error.
    let mut wanted: BTreeMap<&NavKey, &str> = BTreeMap::new();
    for (page, key) in pages.iter().zip(keys) {
        wanted.entry(key).or_insert(&page.path);
    }
    wanted
        .into_par_iter()
        .map(|(key, page)| {
            let mut context = tera::Context::new();
            context.insert("site", &site_view(prepared));
            context.insert("root", &key.root);
            context.insert("nav", &nav(prepared, key));
            let html =
                templates
                    .tera
                    .render("nav.html", &context)
                    .map_err(|e| SiteError::Render {
                        page: page.to_string(),
                        template: "nav.html".to_string(),
                        message: templates::error_chain(&e),
                    })?;
            // base.html puts it on a line of its own.
            let html = html.trim_end().to_string();
            Ok((key.clone(), html))
        })
        // In order, so a broken nav.html is reported for the same page
        // whichever thread got there first.
        .collect::<Vec<Result<_, SiteError>>>()
        .into_iter()
        .collect()
}

fn site_view<'a>(prepared: &'a Prepared<'_>) -> SiteView<'a> {
    let config = &prepared.program.config;
    SiteView {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        base_url: prepared.base_url.as_deref(),
    }
}

fn nav(prepared: &Prepared<'_>, key: &NavKey) -> NavView {
    let program = prepared.program;
    let root = &key.root;
    NavView {
        stages: program
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| NavLink {
                number: s.number,
                title: s.title.clone(),
                url: format!("{root}{}", stage_path(s)),
                current: key.current == Current::Stage(i),
            })
            .collect(),
        guides: program
            .guides
            .iter()
            .enumerate()
            .map(|(i, g)| NavLink {
                number: i + 1,
                title: g.title.clone(),
                url: format!("{root}{}", guide_path(g)),
                current: key.current == Current::Guide(i),
            })
            .collect(),
    }
}

fn stage_link(stage: Option<&Stage>, root: &str) -> Option<NavLink> {
    stage.map(|s| NavLink {
        number: s.number,
        title: s.title.clone(),
        url: format!("{root}{}", stage_path(s)),
        current: false,
    })
}

/// Where an exercise's drawn positions are in the site.
fn figure_path(exercise: &Exercise) -> String {
    format!("figures/{}.svg", exercise.id)
}

/// An exercise's positions drawn as an SVG file, when it has a figure:
/// a file the pages refer to, cached once and never inlined.
fn figure_file(exercise: &Exercise) -> Option<OutputFile> {
    let figure = exercise.figure.as_ref()?;
    let drawing = planwright_core::figure::draw(figure);
    let svg = planwright_core::figure::svg::to_svg(&drawing, &figure.alt);
    Some(OutputFile {
        path: figure_path(exercise),
        bytes: svg.into_bytes(),
    })
}

/// The drawn positions as pages show them: the file, its words, its size.
fn figure_view(exercise: &Exercise, root: &str) -> Option<serde_json::Value> {
    let figure = exercise.figure.as_ref()?;
    let drawing = planwright_core::figure::draw(figure);
    Some(serde_json::json!({
        "src": format!("{root}{}", figure_path(exercise)),
        "alt": figure.alt,
        // The drawing's proportions at about its size on a page, so the
        // page keeps the picture's room before it loads.
        "width": (drawing.width * 3.0).round() as u32,
        "height": (drawing.height * 3.0).round() as u32,
    }))
}

fn stage_view(prepared: &Prepared<'_>, index: usize, root: &str) -> serde_json::Value {
    let program = prepared.program;
    let stage = &program.stages[index];
    serde_json::json!({
        "id": stage.id.as_str(),
        "number": stage.number,
        "count": program.stages.len(),
        "title": stage.title,
        "kind": kind_label(stage.kind),
        "purpose_html": prepared.purposes_html[index],
        "max_weeks": stage.max_weeks,
        "move_on": stage.move_on,
        "url": format!("{root}{}", stage_path(stage)),
        "plan_pdf": (!prepared.without_plans).then(|| format!("{root}{}.pdf", download_stem(stage))),
        "plan_ics": (!prepared.without_plans).then(|| format!("{root}{}.ics", download_stem(stage))),
    })
}

fn exercise_view(
    prepared: &Prepared<'_>,
    exercise: &Exercise,
    root: &str,
) -> Result<serde_json::Value, String> {
    let plan = prepared
        .plans
        .get(exercise.id.as_str())
        .ok_or_else(|| format!("no plan was computed for exercise `{}`", exercise.id))?;
    let media = exercise.media.as_ref();
    Ok(serde_json::json!({
        "id": exercise.id.as_str(),
        "title": exercise.title,
        "summary": exercise.summary,
        "url": format!("{root}{}", exercise_path(exercise)),
        "dose": planwright_core::wording::prescription(&exercise.prescription),
        "frequency": exercise.frequency.to_string(),
        "equipment": exercise.equipment,
        "cues": exercise.cues,
        "cautions": exercise.cautions,
        "image": media.and_then(|m| m.image.as_ref()).map(|i| format!("{root}{i}")),
        "image_alt": media.and_then(|m| m.alt.as_ref()),
        "figure": figure_view(exercise, root),
        "thumb": thumb(exercise, root),
        "video": media.and_then(|m| m.video.as_ref()),
        "instructions_html": prepared.instructions_html.get(exercise.id.as_str()),
        "plan": plan,
    }))
}

/// The author's image, shown small on the stage and home pages where the
/// exercise has no drawn figure to show there instead.
fn thumb(exercise: &Exercise, root: &str) -> Option<String> {
    if exercise.figure.is_some() {
        return None;
    }
    let image = exercise.media.as_ref()?.image.as_ref()?;
    Some(format!("{root}{image}"))
}

fn render_page(
    prepared: &Prepared<'_>,
    templates: &Templates,
    page: &Page,
    nav_html: &str,
) -> Result<OutputFile, SiteError> {
    let program = prepared.program;
    let config = &program.config;
    let root = page.root();
    let mut context = tera::Context::new();
    context.insert("site", &site_view(prepared));
    context.insert("root", &root);
    context.insert("nav_html", nav_html);

    let fail = |template: &str, message: String| SiteError::Render {
        page: page.path.clone(),
        template: template.to_string(),
        message,
    };
    let (template, title, description) = match page.kind {
        PageKind::Home => {
            let stages: Vec<serde_json::Value> = prepared
                .stage_exercises
                .iter()
                .enumerate()
                .map(|(i, exercises)| {
                    let mut view = stage_view(prepared, i, &root);
                    let exercises: Vec<serde_json::Value> = exercises
                        .iter()
                        .map(|e| {
                            serde_json::json!({
                                "title": e.title,
                                "url": format!("{root}{}", exercise_path(e)),
                                "thumb": thumb(e, &root),
                                "image_alt": e.media.as_ref().and_then(|m| m.alt.as_ref()),
                                "dose": planwright_core::wording::prescription(&e.prescription),
                                "frequency": e.frequency.to_string(),
                                "figure": figure_view(e, &root),
                            })
                        })
                        .collect();
                    view["exercises"] = serde_json::Value::from(exercises);
                    view
                })
                .collect();
            let band = config.rate;
            context.insert(
                "program",
                &serde_json::json!({
                    "title": program.title,
                    "summary_html": prepared.summary_html,
                    "safety_html": prepared.safety_html,
                    "signs": program.signs,
                    "goals": program.goals,
                    "max_weeks": program.stages.iter().map(|s| s.max_weeks).max().unwrap_or(0),
                    "rate": format!("{}–{}", band.min.to_string().trim_end_matches('%'), band.max),
                }),
            );
            context.insert("stages", &stages);
            let description = config
                .description
                .clone()
                .unwrap_or_else(|| markdown::first_paragraph_text(&program.summary, 160));
            ("index.html", config.title.clone(), description)
        }
        PageKind::Stage(i) => {
            let stage = &program.stages[i];
            let exercises = prepared.stage_exercises[i]
                .iter()
                .map(|e| exercise_view(prepared, e, &root))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| fail("stage.html", m))?;
            context.insert("stage", &stage_view(prepared, i, &root));
            context.insert("exercises", &exercises);
            context.insert(
                "prev",
                &stage_link(i.checked_sub(1).map(|p| &program.stages[p]), &root),
            );
            context.insert("next", &stage_link(program.stages.get(i + 1), &root));
            let description = markdown::first_paragraph_text(&stage.purpose, 160);
            (
                "stage.html",
                format!("Stage {}: {}", stage.number, stage.title),
                description,
            )
        }
        PageKind::Exercise(i) => {
            let exercise = &program.exercises[i];
            let stage_index = prepared.exercise_stage[i].ok_or_else(|| {
                fail(
                    "exercise.html",
                    format!("unknown stage `{}`", exercise.stage),
                )
            })?;
            context.insert(
                "exercise",
                &exercise_view(prepared, exercise, &root).map_err(|m| fail("exercise.html", m))?,
            );
            context.insert("stage", &stage_view(prepared, stage_index, &root));
            context.insert(
                "prev",
                &stage_link(
                    stage_index.checked_sub(1).map(|p| &program.stages[p]),
                    &root,
                ),
            );
            context.insert(
                "next",
                &stage_link(program.stages.get(stage_index + 1), &root),
            );
            let description = exercise.summary.clone().unwrap_or_else(|| {
                format!(
                    "How to do {}: {}, {}.",
                    exercise.title,
                    planwright_core::wording::prescription(&exercise.prescription),
                    exercise.frequency
                )
            });
            ("exercise.html", exercise.title.clone(), description)
        }
        PageKind::Guide(i) => {
            let guide = &program.guides[i];
            context.insert(
                "guide",
                &serde_json::json!({
                    "title": guide.title,
                    "description": guide.description,
                    "body_html": prepared.guides_html[i],
                }),
            );
            let description = guide
                .description
                .clone()
                .unwrap_or_else(|| markdown::first_paragraph_text(&guide.body, 160));
            ("guide.html", guide.title.clone(), description)
        }
        PageKind::Personaliser => personaliser::page(prepared, &root, &mut context),
        PageKind::NotFound => (
            "404.html",
            "Page not found".to_string(),
            config.title.clone(),
        ),
    };
    context.insert(
        "page",
        &PageView {
            title,
            description,
            path: page.path.clone(),
            canonical: match page.kind {
                PageKind::NotFound => None,
                _ => absolute(prepared.base_url.as_deref(), &page.path),
            },
        },
    );
    let html = templates
        .tera
        .render(template, &context)
        .map_err(|e| fail(template, templates::error_chain(&e)))?;
    Ok(OutputFile {
        path: page.path.clone(),
        bytes: html.into_bytes(),
    })
}

fn sitemap(
    prepared: &Prepared<'_>,
    templates: &Templates,
    pages: &[Page],
) -> Result<OutputFile, SiteError> {
    // A sitemap lists absolute addresses only (sitemaps.org): a site with
    // no address yet gets an empty one rather than paths no crawler can
    // use, and robots.txt then names no sitemap.
    let urls: Vec<String> = pages
        .iter()
        .filter(|p| !matches!(p.kind, PageKind::NotFound))
        .filter_map(|p| absolute(prepared.base_url.as_deref(), &p.path))
        .collect();
    let mut context = tera::Context::new();
    context.insert("urls", &urls);
    render_plain(templates, "sitemap.xml", &context)
}

fn robots(prepared: &Prepared<'_>, templates: &Templates) -> Result<OutputFile, SiteError> {
    let mut context = tera::Context::new();
    context.insert(
        "sitemap",
        &absolute(prepared.base_url.as_deref(), "sitemap.xml"),
    );
    render_plain(templates, "robots.txt", &context)
}

fn render_plain(
    templates: &Templates,
    name: &str,
    context: &tera::Context,
) -> Result<OutputFile, SiteError> {
    let text = templates
        .tera
        .render(name, context)
        .map_err(|e| SiteError::Render {
            page: name.to_string(),
            template: name.to_string(),
            message: templates::error_chain(&e),
        })?;
    Ok(OutputFile {
        path: name.to_string(),
        bytes: text.into_bytes(),
    })
}
