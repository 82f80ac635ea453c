//! The site's templates and static assets: the defaults built into the
//! binary, overridden file by file from a project's own `templates/` folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use super::SiteError;

/// Templates shipped with planwright, by the name a user overrides them with.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("nav.html", include_str!("../../templates/nav.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("stage.html", include_str!("../../templates/stage.html")),
    (
        "exercise.html",
        include_str!("../../templates/exercise.html"),
    ),
    ("guide.html", include_str!("../../templates/guide.html")),
    (
        "make-my-plan.html",
        include_str!("../../templates/make-my-plan.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
];

/// Static files shipped with planwright, copied to the site as they are.
const DEFAULT_ASSETS: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../templates/assets/style.css"),
    ),
    (
        "assets/reader.js",
        include_bytes!("../../templates/assets/reader.js"),
    ),
    (
        "assets/make-my-plan.js",
        include_bytes!("../../templates/assets/make-my-plan.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../templates/assets/favicon.svg"),
    ),
];

/// Every built-in template and asset, by the path a project overrides it
/// with (`base.html`, `assets/style.css`): what `init --with-templates` writes.
pub fn builtin_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .chain(DEFAULT_ASSETS.iter().copied())
}

/// Ready-to-render templates and the static assets that go with them.
pub struct Templates {
    pub(crate) tera: Tera,
    /// Site path → bytes, in path order.
    pub(crate) assets: BTreeMap<String, Vec<u8>>,
    /// Which files came from the project rather than the defaults.
    pub overridden: Vec<String>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Result<Templates, SiteError> {
        Templates::assemble(BTreeMap::new(), BTreeMap::new())
    }

    /// The built-in templates, each replaced by the file of the same name in
    /// `dir` when there is one; other files under `dir/assets/` are added.
    pub fn load(dir: &Path) -> Result<Templates, SiteError> {
        if !dir.is_dir() {
            return Templates::builtin();
        }
        let mut templates = BTreeMap::new();
        let mut assets = BTreeMap::new();
        let entries = WalkDir::new(dir).follow_links(false).sort_by_file_name();
        for entry in entries {
            let entry = entry.map_err(|e| SiteError::Read {
                path: e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
                message: e.to_string(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let name = site_path(rel);
            if name.split('/').any(|part| part.starts_with('.')) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| SiteError::Read {
                path: entry.path().to_path_buf(),
                message: e.to_string(),
            })?;
            if name.starts_with("assets/") {
                assets.insert(name, bytes);
            } else {
                let text = String::from_utf8(bytes).map_err(|_| SiteError::Read {
                    path: entry.path().to_path_buf(),
                    message: "the template is not valid UTF-8 text".to_string(),
                })?;
                templates.insert(name, (entry.path().to_path_buf(), text));
            }
        }
        Templates::assemble(templates, assets)
    }

    fn assemble(
        overrides: BTreeMap<String, (PathBuf, String)>,
        asset_overrides: BTreeMap<String, Vec<u8>>,
    ) -> Result<Templates, SiteError> {
        let mut overridden: Vec<String> = overrides.keys().cloned().collect();
        overridden.extend(asset_overrides.keys().cloned());
        overridden.sort();

        let mut tera = Tera::default();
        // Values from content never reach a page unescaped. The sitemap
        // escapes its addresses itself with `escape_xml`: HTML escaping
        // would turn every `/` into `&#x2F;`.
        tera.autoescape_on(vec![".html"]);
        let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .filter(|(name, _)| !overrides.contains_key(*name))
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        sources.extend(
            overrides
                .iter()
                .map(|(name, (_, text))| (name.clone(), text.clone())),
        );
        tera.add_raw_templates(sources).map_err(|e| {
            let name = template_in_error(&e);
            let path = name
                .as_deref()
                .and_then(|n| overrides.get(n))
                .map(|(p, _)| p.clone())
                .unwrap_or_else(|| PathBuf::from(name.unwrap_or_default()));
            SiteError::Template {
                path,
                message: error_chain(&e),
            }
        })?;

        let mut assets: BTreeMap<String, Vec<u8>> = DEFAULT_ASSETS
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        assets.extend(asset_overrides);
        Ok(Templates {
            tera,
            assets,
            overridden,
        })
    }
}

/// `a\b\c` or `a/b/c` as the site path `a/b/c`.
fn site_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The name of the template a Tera error is about, when it says.
fn template_in_error(e: &tera::Error) -> Option<String> {
    let text = e.to_string();
    let start = text.find('\'')? + 1;
    let len = text[start..].find('\'')?;
    Some(text[start..start + len].to_string())
}

/// Tera errors nest; the useful detail is usually in the innermost one.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.join(": ")
}
