//! Authors' images (`media.image`) through the real binary: `check`
//! refuses hostile and broken ones at the line and column of their
//! `media.image`, and a plan prints a good one beside its exercise, an
//! SVG as vectors and a PNG as pixels, within the 60 KB a plan may take.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, printed_plan, repo, scratch, stderr, stdout};
use lopdf::{Document, Object};

/// A copy of the shipped content in a fresh folder.
fn content(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let content = dir.join("content");
    copy_dir(&repo().join("content"), &content);
    std::fs::create_dir_all(content.join("images")).unwrap();
    (dir, content)
}

/// Gives exercise `id` the image `image`, written just before its `dose`,
/// and returns where its value starts: line and column.
fn give_image(content: &Path, id: &str, image: &str) -> (usize, usize) {
    let file = content.join(format!("exercises/{id}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    let block = format!("media:\n  image: {image}\n  alt: What the picture shows.\ndose:\n");
    let text = text.replacen("\ndose:\n", &format!("\n{block}"), 1);
    std::fs::write(&file, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l == format!("  image: {image}"))
        .unwrap();
    (line + 1, "  image: ".len() + 1)
}

/// A PNG whose header claims `width` × `height`, with a few bytes of
/// image data: enough for a decoder to start, and to ask for the memory
/// the header claims.
fn claiming_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = png::Encoder::new(&mut out, width, height);
    let mut writer = encoder.write_header().unwrap();
    // A zlib stream of one empty row.
    writer
        .write_chunk(png::chunk::IDAT, &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1])
        .unwrap();
    drop(writer);
    out
}

fn drawing_png() -> Vec<u8> {
    let (w, h) = (600u32, 400u32);
    let mut pixels = vec![255u8; (w * h) as usize];
    for y in 180..200 {
        for x in 50..550 {
            pixels[(y * w + x) as usize] = 30;
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

const DRAWING_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120" width="200" height="120">
  <rect x="5" y="100" width="190" height="8" rx="3" fill="#dde" stroke="#333"/>
  <path d="M40 95 Q 100 30 160 95" fill="none" stroke="#1c2126" stroke-width="6" stroke-linecap="round"/>
  <circle cx="165" cy="80" r="10" fill="none" stroke="#1c2126" stroke-width="5"/>
</svg>
"##;

/// `planwright check` on `content`, its address space capped at 2 GB: a
/// decoder that believed a 50,000 × 50,000 header would ask for 7.5 GB
/// and die, where planwright must refuse the file and go on.
fn check_capped(content: &Path) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_planwright");
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2000000 && exec \"$0\" check --content \"$1\"")
        .arg(bin)
        .arg(content)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn check_reports_a_pixel_bomb_and_a_malformed_svg_at_their_media_image() {
    let (dir, content) = content("images-check");
    let bomb = claiming_png(50_000, 50_000);
    assert!(bomb.len() < 100, "{} bytes", bomb.len());
    std::fs::write(content.join("images/bomb.png"), bomb).unwrap();
    std::fs::write(
        content.join("images/broken.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<path d=\"M0 0\"</svg>\n",
    )
    .unwrap();
    let at_bomb = give_image(&content, "wall-extension-hold", "images/bomb.png");
    let at_svg = give_image(&content, "cat-cow", "images/broken.svg");
    let out = check_capped(&content);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let root = content.display();
    let bomb_line = format!(
        "{root}/exercises/wall-extension-hold.md:{}:{}: error: `media.image` `images/bomb.png` \
         cannot be used: the image is 50000 × 50000 pixels",
        at_bomb.0, at_bomb.1
    );
    let svg_line = format!(
        "{root}/exercises/cat-cow.md:{}:{}: error: `media.image` `images/broken.svg` \
         cannot be used: the SVG file cannot be read:",
        at_svg.0, at_svg.1
    );
    assert!(err.contains(&bomb_line), "{bomb_line}\nnot in\n{err}");
    assert!(err.contains(&svg_line), "{svg_line}\nnot in\n{err}");
    assert!(err.contains("(line 2, column"), "{err}");
    assert!(err.contains("hint: "), "{err}");
    assert!(err.contains("error: 2 problems in 2 files"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_reports_a_missing_or_unsupported_image_at_its_media_image() {
    let (dir, content) = content("images-missing");
    std::fs::write(
        content.join("images/anim.png"),
        b"GIF89a\x01\0\x01\0\0\0\0;",
    )
    .unwrap();
    let at_missing = give_image(&content, "back-bridge", "images/nowhere.svg");
    let at_gif = give_image(&content, "dumbbell-pullover", "images/anim.png");
    let out = check_capped(&content);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let root = content.display();
    for expected in [
        format!(
            "{root}/exercises/back-bridge.md:{}:{}: error: `media.image` `images/nowhere.svg` \
             does not exist in the content folder",
            at_missing.0, at_missing.1
        ),
        format!(
            "{root}/exercises/dumbbell-pullover.md:{}:{}: error: `media.image` `images/anim.png` \
             cannot be used: the file is a GIF image, which planwright cannot print",
            at_gif.0, at_gif.1
        ),
    ] {
        assert!(err.contains(&expected), "{expected}\nnot in\n{err}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The XObjects a document holds, by subtype.
fn xobjects(doc: &Document, subtype: &[u8]) -> usize {
    doc.objects
        .values()
        .filter(|o| {
            let dict = match o {
                Object::Stream(s) => &s.dict,
                _ => return false,
            };
            dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(subtype)
        })
        .count()
}

#[test]
fn a_plan_prints_an_svg_as_vectors_and_a_png_as_pixels_within_60_kb() {
    let (dir, content) = content("images-print");
    std::fs::write(content.join("images/catcow.svg"), DRAWING_SVG).unwrap();
    std::fs::write(content.join("images/wall.png"), drawing_png()).unwrap();
    give_image(&content, "cat-cow", "images/catcow.svg");
    give_image(&content, "wall-extension-hold", "images/wall.png");
    let check = common::planwright(&["check", "--content", content.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));

    let content_arg = content.to_str().unwrap();
    let svg_plan = printed_plan(
        &dir.join("mobility.pdf"),
        &["--content", content_arg, "--stage", "1"],
    );
    let doc = Document::load_mem(&svg_plan).unwrap();
    // The author's picture takes the drawn figure's place: one form, the SVG.
    assert_eq!(xobjects(&doc, b"Form"), 1);
    assert_eq!(xobjects(&doc, b"Image"), 0);
    assert!(svg_plan.len() <= 60 * 1024, "{} bytes", svg_plan.len());

    let png_plan = printed_plan(
        &dir.join("holds.pdf"),
        &["--content", content_arg, "--stage", "2"],
    );
    let doc = Document::load_mem(&png_plan).unwrap();
    assert_eq!(xobjects(&doc, b"Image"), 1);
    assert_eq!(xobjects(&doc, b"Form"), 0);
    assert!(png_plan.len() <= 60 * 1024, "{} bytes", png_plan.len());

    // The same content prints the same bytes.
    let again = printed_plan(
        &dir.join("mobility-again.pdf"),
        &["--content", content_arg, "--stage", "1"],
    );
    assert_eq!(again, svg_plan);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn build_shows_the_image_on_the_exercise_page_as_a_file() {
    let (dir, content) = content("images-site");
    std::fs::write(content.join("images/catcow.svg"), DRAWING_SVG).unwrap();
    give_image(&content, "cat-cow", "images/catcow.svg");
    let output = dir.join("output");
    let out = common::planwright(&[
        "build",
        "--no-plans",
        "--content",
        content.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let page = std::fs::read_to_string(output.join("site/exercises/cat-cow.html")).unwrap();
    // An `<img>`, never the SVG inlined into the page, so nothing in it runs.
    assert!(
        page.contains(
            "<img src=\"..&#x2F;images&#x2F;catcow.svg\" alt=\"What the picture shows.\">"
        ),
        "{page}"
    );
    assert!(!page.contains("<svg"), "the SVG is not inlined");
    assert_eq!(
        std::fs::read_to_string(output.join("site/images/catcow.svg")).unwrap(),
        DRAWING_SVG
    );
    std::fs::remove_dir_all(dir).unwrap();
}
