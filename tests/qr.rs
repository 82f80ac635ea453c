//! The QR code on a printed plan, read the way a phone reads it: the page
//! is rasterised (hayro, a PDF renderer in pure Rust) and the code found
//! and decoded in the picture (rqrr). It must lead to the stage's page of
//! the built guide, and keep the standard's quiet zone of 4 light modules
//! on every side, on A4 and on US Letter.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};

mod common;
use common::{planwright_on_28_may as planwright, printed_plan, repo, scratch, stderr};

/// Pixels per PDF point: about 5 pixels per module of the printed code.
const SCALE: f32 = 4.0;
/// The quiet zone ISO/IEC 18004 asks for, in modules.
const QUIET_MODULES: f32 = 4.0;

/// A rendered page in grey levels (0 black, 255 white).
struct Grey {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

impl Grey {
    fn at(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x as usize >= self.width || y as usize >= self.height {
            return 255; // beyond the sheet: blank paper
        }
        self.pixels[y as usize * self.width + x as usize]
    }
}

fn rasterise(pdf: &[u8], page: usize) -> Grey {
    let pdf = Pdf::new(pdf.to_vec()).expect("hayro reads the PDF");
    let pages = pdf.pages();
    let pixmap = render(
        &pages[page],
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: SCALE,
            y_scale: SCALE,
            bg_color: WHITE,
        },
    );
    let (width, height) = (usize::from(pixmap.width()), usize::from(pixmap.height()));
    // On a white background every pixel is opaque: premultiplied is plain.
    let pixels = pixmap
        .data()
        .iter()
        .map(|p| ((u16::from(p.r) + u16::from(p.g) + u16::from(p.b)) / 3) as u8)
        .collect();
    Grey {
        width,
        height,
        pixels,
    }
}

/// What a scanner finds on the page: each code's text, and where the
/// quiet zone around it is broken (pixel positions of dark ink within
/// 4 modules of the code).
fn scan(page: &Grey) -> Vec<(String, Vec<(i64, i64)>)> {
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(page.width, page.height, |x, y| {
            page.pixels[y * page.width + x]
        });
    let mut found = Vec::new();
    for grid in prepared.detect_grids() {
        let (meta, text) = grid.decode().expect("the code decodes");
        let modules = (17 + 4 * meta.version.0) as f32;
        let xs = grid.bounds.map(|p| p.x as f32);
        let ys = grid.bounds.map(|p| p.y as f32);
        let (left, right) = (
            xs.iter().copied().fold(f32::MAX, f32::min),
            xs.iter().copied().fold(f32::MIN, f32::max),
        );
        let (top, bottom) = (
            ys.iter().copied().fold(f32::MAX, f32::min),
            ys.iter().copied().fold(f32::MIN, f32::max),
        );
        let module = (right - left).max(bottom - top) / modules;
        // The ring from half a module outside the code (clear of its own
        // anti-aliased edge) to 4 modules out must hold no ink.
        let (inner, outer) = (0.5 * module, QUIET_MODULES * module);
        let mut ink = Vec::new();
        for y in (top - outer) as i64..=(bottom + outer) as i64 {
            for x in (left - outer) as i64..=(right + outer) as i64 {
                let (fx, fy) = (x as f32, y as f32);
                let inside = fx > left - inner
                    && fx < right + inner
                    && fy > top - inner
                    && fy < bottom + inner;
                if !inside && page.at(x, y) < 128 {
                    ink.push((x, y));
                }
            }
        }
        found.push((text, ink));
    }
    found
}

/// A real-looking address: the shipped content has none, and a
/// placeholder one (`*.example`) prints no code at all.
const BASE_URL: &str = "https://exercises.riverside-physio.co.uk/thoracic/";

#[test]
fn the_printed_code_scans_to_the_stages_guide_page_with_its_quiet_zone() {
    let dir = scratch("qr");
    // The shipped program, published at an address.
    let content = dir.join("content");
    common::copy_dir(&repo().join("content"), &content);
    let config = content.join("planwright.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}base_url: {BASE_URL}\n")).unwrap();
    let content_arg = content.to_str().unwrap();
    let built = planwright(&[
        "build",
        "--content",
        content_arg,
        "--output",
        dir.join("built").to_str().unwrap(),
    ]);
    assert!(built.status.success(), "{}", stderr(&built));
    let loaded = planwright::content::load(&content).unwrap();
    let base = loaded
        .program
        .config
        .base_url
        .clone()
        .expect("the copy has an address");
    assert_eq!(base, BASE_URL);
    let mut cases: Vec<(String, &str)> = loaded
        .program
        .stages
        .iter()
        .map(|s| (s.number.to_string(), "a4"))
        .collect();
    cases.push(("1".to_string(), "letter"));
    for (number, paper) in cases {
        let stage = &loaded.program.stages[number.parse::<usize>().unwrap() - 1];
        let file = dir.join(format!("stage-{number}-{paper}.pdf"));
        let pdf = printed_plan(
            &file,
            &[
                "--content",
                content_arg,
                "--stage",
                &number,
                "--paper",
                paper,
            ],
        );
        let page = rasterise(&pdf, 0);
        let codes = scan(&page);
        assert_eq!(
            codes.len(),
            1,
            "stage {number}, {paper}: one code on the first page"
        );
        let (text, ink) = &codes[0];
        // The address is the built site's page for this stage.
        let path = text
            .strip_prefix(base.as_str())
            .unwrap_or_else(|| panic!("stage {number}: `{text}` is not under {base}"));
        assert_eq!(
            path,
            format!("stages/{}.html", stage.id),
            "stage {number}, {paper}"
        );
        assert!(
            dir.join("built/site").join(path).is_file(),
            "{path} is not in the built site"
        );
        assert!(
            ink.is_empty(),
            "stage {number}, {paper}: {} inked pixels inside the 4-module quiet zone, first at {:?}",
            ink.len(),
            ink.first()
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// An exercise's video gets its own code beside the exercise on the first
/// page, which scans to the video's address.
#[test]
fn an_exercises_video_scans_from_beside_the_exercise() {
    let dir = scratch("qr-video");
    let content = dir.join("content");
    common::copy_dir(&repo().join("content"), &content);
    let video = "https://www.youtube.com/watch?v=thoracic-cat-cow";
    let file = content.join("exercises/cat-cow.md");
    let source = std::fs::read_to_string(&file).unwrap();
    let edited = source.replacen(
        "\nstage: mobility\n",
        &format!("\nstage: mobility\nmedia:\n  video: {video}\n"),
        1,
    );
    assert_ne!(edited, source, "the fixture edit applies");
    std::fs::write(&file, edited).unwrap();
    for paper in ["a4", "letter"] {
        let pdf = printed_plan(
            &dir.join(format!("{paper}.pdf")),
            &[
                "--content",
                content.to_str().unwrap(),
                "--stage",
                "1",
                "--paper",
                paper,
            ],
        );
        let codes = scan(&rasterise(&pdf, 0));
        let (_, ink) = codes
            .iter()
            .find(|(text, _)| text == video)
            .unwrap_or_else(|| panic!("{paper}: no code for the video among {codes:?}"));
        assert!(
            ink.is_empty(),
            "{paper}: {} inked pixels in the video code's quiet zone",
            ink.len()
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The shipped content has no address: its plans carry no code to scan.
#[test]
fn a_plan_without_an_address_has_no_code() {
    let dir = scratch("no-qr");
    let pdf = printed_plan(&dir.join("plan.pdf"), &["--stage", "1"]);
    assert!(scan(&rasterise(&pdf, 0)).is_empty(), "no code on the page");
    std::fs::remove_dir_all(dir).unwrap();
}
