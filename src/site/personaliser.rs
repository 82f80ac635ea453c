//! "Make my plan" (`make-my-plan.html`): a page where a reader works out
//! their own plan in the browser, and the two scripts only it loads:
//! planwright-web (the engine and the writers compiled to WebAssembly, so
//! the weeks, the PDF and the calendar are those `planwright plan` makes)
//! and the program as data for it. The page asks the module everything and
//! works from disk or any server, with no request anywhere (see
//! `docs/personaliser.md`).

use serde_json::json;

use super::{OutputFile, Prepared, PrintMedia, SiteError};
use crate::model::Program;

/// Where the page is in the site; its template has the same name.
pub(super) const PATH: &str = "make-my-plan.html";

/// wasm-bindgen's glue for planwright-web (`--target no-modules`): it
/// defines the global function `wasm_bindgen` that starts the module.
const GLUE: &str = include_str!("../../crates/planwright-web/dist/planwright_web.js");

/// planwright-web itself, gzipped; the page unpacks it with the browser's
/// own `DecompressionStream`.
const WASM_GZ: &[u8] = include_bytes!("../../crates/planwright-web/dist/planwright_web_bg.wasm.gz");

/// The page's title, description and template variables.
pub(super) fn page(
    prepared: &Prepared<'_>,
    root: &str,
    context: &mut tera::Context,
) -> (&'static str, String, String) {
    let program = prepared.program;
    let stages: Vec<serde_json::Value> = (0..program.stages.len())
        .map(|i| super::stage_view(prepared, i, root))
        .collect();
    context.insert("program", &json!({ "title": program.title }));
    context.insert("stages", &stages);
    let description = format!(
        "Your own week-by-week plan for {}: your stage, first day, pace and starting doses, \
         worked out in your browser, to print or add to your calendar.",
        program.title
    );
    (PATH, "Make my plan".to_string(), description)
}

/// `assets/planwright-web.js` and `assets/program.js`. Both are plain
/// scripts rather than a `.wasm` and a `.json` beside the page because a
/// page opened from disk may not `fetch()` the files next to it, but it may
/// load scripts.
pub(super) fn files(program: &Program, media: &PrintMedia) -> Result<[OutputFile; 2], SiteError> {
    let mut module = String::with_capacity(GLUE.len() + WASM_GZ.len().div_ceil(3) * 4 + 40);
    module.push_str(GLUE);
    if !module.ends_with('\n') {
        module.push('\n');
    }
    module.push_str("var PLANWRIGHT_WASM_GZ = \"");
    module.push_str(&base64(WASM_GZ));
    module.push_str("\";\n");
    Ok([
        OutputFile {
            path: "assets/planwright-web.js".to_string(),
            bytes: module.into_bytes(),
        },
        OutputFile {
            path: "assets/program.js".to_string(),
            bytes: program_script(program, media)?.into_bytes(),
        },
    ])
}

/// The program's JSON text as one JavaScript string literal, which the
/// module reads as it is. serde_json escapes every quote, backslash and
/// control character, and the literal sits in a script file of its own, so
/// nothing an author wrote (`</script>` included) can end it early.
///
/// `PLANWRIGHT_MEDIA` carries the clinic logo and the authors' pictures as
/// base64, so the browser's PDF embeds what `planwright plan` embeds.
fn program_script(program: &Program, media: &PrintMedia) -> Result<String, SiteError> {
    let failed = |e: serde_json::Error| SiteError::Render {
        page: "assets/program.js".to_string(),
        template: PATH.to_string(),
        message: e.to_string(),
    };
    let json = serde_json::to_string(program).map_err(failed)?;
    let literal = serde_json::to_string(&json).map_err(failed)?;
    let pictures: serde_json::Map<String, serde_json::Value> = media
        .pictures
        .iter()
        .map(|(id, bytes)| (id.to_string(), base64(bytes).into()))
        .collect();
    let media = json!({
        "logo": media.logo.as_deref().map(base64),
        "pictures": pictures,
    });
    Ok(format!(
        "var PLANWRIGHT_PROGRAM = {literal};\nvar PLANWRIGHT_MEDIA = {media};\n"
    ))
}

/// Standard base64 with padding (RFC 4648, section 4), which both `atob`
/// and `Uint8Array.fromBase64` read.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        // A chunk of n bytes fills n + 1 characters; `=` pads to four.
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_is_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
    }
}
