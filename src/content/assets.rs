//! The files a printed plan embeds, read from the content folder for the
//! writers' `World`: the clinic's logo and the authors' pictures.

use std::path::Path;

use rayon::prelude::*;

use crate::model::{Program, Slug};
use crate::pdf::{Logo, Picture, Pictures};

/// The clinic's logo from `clinic.logo`, read from the content folder.
pub fn logo(program: &Program, root: Option<&Path>) -> Result<Option<Logo>, String> {
    let (Some(rel), Some(root)) = (
        program
            .config
            .clinic
            .as_ref()
            .and_then(|c| c.logo.as_deref()),
        root,
    ) else {
        return Ok(None);
    };
    let path = root.join(rel);
    let bytes =
        std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    decode_logo(&bytes, &path).map(Some)
}

/// The clinic's logo from its file's bytes; `path` names the file in an error.
pub fn decode_logo(bytes: &[u8], path: &Path) -> Result<Logo, String> {
    Logo::from_png(bytes).map_err(|e| format!("`{}`: {e}", path.display()))
}

/// Exercise `id`'s picture, the file `image` (`shown` as the reader knows
/// it), prepared for paper from the file's bytes.
pub fn decode_picture(
    id: &Slug,
    image: &str,
    bytes: &[u8],
    shown: &str,
) -> Result<Picture, String> {
    Picture::from_bytes(image, bytes)
        .map_err(|e| format!("cannot use the picture of exercise `{id}`, `{shown}`: {e}"))
}

/// The authors' pictures (`media.image`) of `exercises`, read from the
/// content folder (or the built-in program without one) and prepared for
/// paper, each once for a whole batch.
pub fn pictures<'a>(
    program: &Program,
    root: Option<&Path>,
    exercises: impl IntoIterator<Item = &'a Slug>,
) -> Result<Pictures, String> {
    let wanted: Vec<(&Slug, &str)> = exercises
        .into_iter()
        .filter_map(|id| {
            let image = program.exercise(id)?.media.as_ref()?.image.as_deref()?;
            Some((id, image))
        })
        .collect();
    wanted
        .into_par_iter()
        .map(|(id, image)| {
            let shown = match root {
                Some(root) => root.join(image).display().to_string(),
                None => image.to_string(),
            };
            let bytes = super::read_asset(root, image, crate::media::MAX_FILE_BYTES)
                .map_err(|e| format!("the picture of exercise `{id}`, `{shown}`, {e}"))?;
            Ok((id.clone(), decode_picture(id, image, &bytes, &shown)?))
        })
        .collect()
}
