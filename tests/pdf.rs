//! Printed plans end to end: the real binary writes PDFs, lopdf reads them
//! back, and the text on the pages is checked against the engine's own plan
//! (`planwright plan --format json`).

use std::path::Path;
use std::process::{Command, Output};

use lopdf::{Document, Object};
use serde_json::Value;

mod common;
use common::{printed_plan, scratch, stderr};

const NAME: &str = "Zoë Ångström-Fitzgerald";

fn planwright(args: &[&str], epoch: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_planwright"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .args(args);
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    cmd.output().expect("the planwright binary runs")
}

/// Stage 4 for Zoë from 1 June 2026, as a PDF on `paper`.
fn print(dir: &Path, paper: &str, epoch: Option<&str>) -> Vec<u8> {
    let path = dir.join(format!("{paper}.pdf"));
    let out = planwright(
        &[
            "plan",
            "--stage",
            "4",
            "--name",
            NAME,
            "--start",
            "2026-06-01",
            "--format",
            "pdf",
            "--paper",
            paper,
            "-o",
            path.to_str().unwrap(),
        ],
        epoch,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(path).unwrap()
}

fn engine_plan() -> Value {
    let out = planwright(
        &[
            "plan",
            "--stage",
            "4",
            "--name",
            NAME,
            "--start",
            "2026-06-01",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

/// Text of an information-dictionary entry, UTF-16 or plain.
fn info(doc: &Document, key: &[u8]) -> Option<String> {
    let id = doc.trailer.get(b"Info").ok()?.as_reference().ok()?;
    let dict = doc.get_dictionary(id).ok()?;
    let bytes = dict.get(key).ok()?.as_str().ok()?;
    Some(match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => String::from_utf8(bytes.to_vec()).unwrap(),
    })
}

fn check_document(bytes: &[u8], size: (f32, f32)) -> Document {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let pages = doc.get_pages();
    // A first page, the weeks, moving on: three pages for six weeks on
    // either paper (the exercise's columns run across a page break rather
    // than leave the first page half empty, and a short end is folded onto
    // the page before), a fourth for nine.
    let weeks = text(&doc).matches("PAIN (0–10)").count();
    let expected = if weeks > 6 { 3..=4 } else { 3..=3 };
    assert!(
        expected.contains(&pages.len()),
        "{} pages on a {size:?} sheet for {weeks} weeks",
        pages.len()
    );
    for id in pages.values() {
        let page = doc.get_dictionary(*id).unwrap();
        let media: Vec<f32> = page
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(number)
            .collect();
        assert_eq!(media, [0.0, 0.0, size.0, size.1]);
    }
    // Every font is embedded (FontFile2) and named as a subset (ABCDEF+).
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        assert!(dict.get(b"FontFile2").is_ok(), "{dict:?}");
        let name =
            String::from_utf8(dict.get(b"FontName").unwrap().as_name().unwrap().to_vec()).unwrap();
        let (tag, face) = name.split_once('+').expect("a subset tag");
        assert_eq!(tag.len(), 6, "{name}");
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()), "{name}");
        assert!(face.starts_with("DejaVuSans"), "{name}");
    }
    assert_eq!(fonts, 2, "DejaVu Sans and DejaVu Sans Bold");
    doc
}

fn text(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("the text extracts")
}

#[test]
fn a4_plan_holds_the_engines_plan() {
    let dir = scratch("a4");
    let bytes = print(&dir, "a4", Some("1780000000"));
    assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
    let doc = check_document(&bytes, (595.0, 842.0));
    assert_eq!(
        info(&doc, b"Title").as_deref(),
        Some("Concentric strength: 6-week plan for Zoë Ångström-Fitzgerald")
    );
    assert_eq!(info(&doc, b"Author").as_deref(), Some("Thoracic extension"));
    assert_eq!(
        info(&doc, b"Subject").as_deref(),
        Some("Thoracic extension, stage 4 of 5: 2026-06-01 to 2026-07-12")
    );
    let text = text(&doc);
    let plan = engine_plan();
    for needle in [
        NAME,
        "Monday 1 June 2026",
        "Sunday 12 July 2026",
        "Page 3 of 3",
    ] {
        assert!(text.contains(needle), "no `{needle}` in\n{text}");
    }
    // A dose may wrap onto a second line ("… reps" / "at 4 kg"), and the
    // sheet binds a load to its unit with no-break spaces: compare the
    // words without their spacing.
    let flat_text = flat(&text);
    for week in plan["weeks"].as_array().unwrap() {
        let dates = format!("Week {}", week["week"].as_u64().unwrap());
        assert!(text.contains(&dates), "no `{dates}`");
        for e in week["exercises"].as_array().unwrap() {
            let dose = e["dose_text"].as_str().unwrap();
            assert!(
                flat_text.contains(&flat(dose)),
                "no dose `{dose}` in\n{text}"
            );
            // The sheet starts a note with a capital when it begins the line.
            let note = e["note"].as_str().unwrap();
            assert!(
                flat_text
                    .to_lowercase()
                    .contains(&flat(note).to_lowercase()),
                "no note `{note}` in\n{text}"
            );
        }
    }
    let next = plan["next_stage"]["exercises"][0]["dose_text"]
        .as_str()
        .unwrap();
    assert!(
        flat_text.contains(&flat(next)),
        "no next stage dose `{next}`"
    );
    let id = plan["id"].as_str().unwrap();
    let printed = format!("{}-{}", &id[..4], &id[4..]);
    assert!(
        text.contains(&printed),
        "the footer shows the JSON's id `{printed}`"
    );
}

#[test]
fn letter_plan_is_letter_sized() {
    let dir = scratch("letter");
    let doc = check_document(&print(&dir, "letter", None), (612.0, 792.0));
    assert!(text(&doc).contains(NAME));
}

#[test]
fn the_same_plan_gives_the_same_bytes_alone_and_in_a_batch() {
    let dir = scratch("same");
    let first = print(&dir, "a4", None);
    let second = print(&dir, "a4", None);
    assert!(first == second, "two runs differ");
    // In a batch, after another person's plan, the file is still the same.
    let roster = dir.join("roster.yaml");
    std::fs::write(
        &roster,
        format!(
            "- name: Someone Else\n  stage: 2\n  start: 2026-06-01\n\
             - name: {NAME}\n  stage: 4\n  start: 2026-06-01\n"
        ),
    )
    .unwrap();
    let batch = dir.join("batch");
    let out = planwright(
        &[
            "plans",
            roster.to_str().unwrap(),
            "--output",
            batch.to_str().unwrap(),
            "--paper",
            "a4",
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let zoe = std::fs::read_dir(&batch)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("zoe-angstrom-fitzgerald-")
        })
        .expect("Zoë's file, named after her");
    assert!(
        std::fs::read(zoe).unwrap() == first,
        "the batch's PDF differs"
    );
}

#[test]
fn dates_follow_source_date_epoch_and_are_left_out_without_it() {
    let dir = scratch("epoch");
    let with = Document::load_mem(&print(&dir, "a4", Some("1780000000"))).unwrap();
    assert_eq!(
        info(&with, b"CreationDate").as_deref(),
        Some("D:20260528202640Z")
    );
    assert_eq!(
        info(&with, b"ModDate").as_deref(),
        Some("D:20260528202640Z")
    );
    let without = Document::load_mem(&print(&dir, "a4", None)).unwrap();
    assert_eq!(info(&without, b"CreationDate"), None);
    assert_eq!(info(&without, b"ModDate"), None);
}

fn pdfs_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_bad_roster_row_is_reported_and_the_others_are_written() {
    for (roster, bad_line) in [
        ("clinic.yaml", "clinic.yaml:11:10"),
        ("clinic.csv", "clinic.csv:3:"),
    ] {
        let dir = scratch(&format!("roster-{roster}"));
        let output = dir.join("plans");
        let path = format!("tests/fixtures/rosters/{roster}");
        let out = planwright(
            &["plans", &path, "--output", output.to_str().unwrap()],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(bad_line), "{err}");
        assert!(
            err.contains("`weeks` must be between 1 and 12, found 13"),
            "{err}"
        );
        let names = pdfs_in(&output);
        let expected = if roster.ends_with(".csv") { 3 } else { 2 };
        assert_eq!(names.len(), expected, "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("ana-lima-")),
            "{names:?}"
        );
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("zoe-angstrom-fitzgerald-")),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.starts_with("bo-")), "{names:?}");
    }
}

#[test]
fn plans_never_replaces_a_folder_it_did_not_write() {
    let dir = scratch("guard");
    std::fs::write(dir.join("thesis.docx"), "precious").unwrap();
    let out = planwright(
        &[
            "plans",
            "tests/fixtures/rosters/clinic.yaml",
            "--output",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to replace"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("thesis.docx")).unwrap(),
        "precious"
    );
}

#[test]
fn a_character_the_font_lacks_is_an_error_naming_the_text() {
    let dir = scratch("glyph");
    let path = dir.join("x.pdf");
    let out = planwright(
        &[
            "plan",
            "--stage",
            "1",
            "--name",
            "Wang 王",
            "--format",
            "pdf",
            "-o",
            path.to_str().unwrap(),
        ],
        Some("1780000000"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the font has no glyph for `王` (U+738B) in “Wang 王”"),
        "{}",
        stderr(&out)
    );
    assert!(!path.exists());
}

/// Every file of a folder with its bytes.
fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_shards_of_a_roster_add_up_to_the_whole_batch() {
    let dir = scratch("shards");
    let roster = dir.join("roster.csv");
    let mut csv = String::from("name,stage,start\n");
    for i in 0..23 {
        csv.push_str(&format!("Person {i},{},2026-06-01\n", i % 5 + 1));
    }
    // A bad row and a repeated row, so shards also agree on what they skip.
    csv.push_str("Bad Row,9,2026-06-01\nPerson 3,4,2026-06-01\n");
    std::fs::write(&roster, csv).unwrap();
    let run = |out: &Path, shard: Option<&str>| {
        let mut args = vec![
            "plans",
            roster.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ];
        if let Some(shard) = shard {
            args.extend(["--shard", shard]);
        }
        planwright(&args, Some("1780000000"))
    };
    let whole = run(&dir.join("whole"), None);
    assert_eq!(whole.status.code(), Some(1), "{}", stderr(&whole));
    let all = files_in(&dir.join("whole"));
    assert_eq!(pdfs_in(&dir.join("whole")).len(), 23);

    for n in [1, 3, 4] {
        let mut merged = std::collections::BTreeMap::new();
        let mut sizes = Vec::new();
        let mut codes = Vec::new();
        for k in 1..=n {
            let out = dir.join(format!("shard-{k}-of-{n}"));
            let result = run(&out, Some(&format!("{k}/{n}")));
            codes.push(result.status.code());
            let files = files_in(&out);
            sizes.push(pdfs_in(&out).len());
            for (name, bytes) in files {
                // A row repeated in two slices prints the same file in
                // both: merging the folders keeps one copy.
                if let Some(before) = merged.insert(name.clone(), bytes.clone()) {
                    assert_eq!(before, bytes, "{name} differs between shards of {n}");
                }
            }
        }
        assert_eq!(merged, all, "the {n} shards merge into the whole batch");
        // Only the shard holding the bad row fails, with the batch's exit 1.
        let mut expected = vec![Some(0); n];
        expected[n - 1] = Some(1);
        assert_eq!(codes, expected, "exit statuses of the {n} shards");
        assert!(
            sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 2,
            "{sizes:?}"
        );
    }
    for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
        let result = run(&dir.join("bad"), Some(bad));
        assert_eq!(result.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&result).contains("is not a shard"),
            "{}",
            stderr(&result)
        );
    }
}

#[test]
fn a_plan_longer_than_its_stage_says_so_on_paper() {
    let dir = scratch("longer");
    let sheet = |weeks: &str, extra: &[&str]| {
        let path = dir.join(format!("{weeks}.pdf"));
        let mut args = vec![
            "plan",
            "--stage",
            "2",
            "--start",
            "2026-06-01",
            "--weeks",
            weeks,
            "--format",
            "pdf",
            "-o",
        ];
        args.push(path.to_str().unwrap());
        args.extend(extra);
        let out = planwright(&args, Some("1780000000"));
        assert!(out.status.success(), "{}", stderr(&out));
        text(&check_document(
            &std::fs::read(&path).unwrap(),
            (595.0, 842.0),
        ))
    };
    let long = sheet("9", &["--beyond-stage-limit"]);
    assert!(
        flat(&long).contains(&flat(
            "Longer than usual: this plan runs 9 weeks, 3 more than the 6 weeks stage 2 usually lasts."
        )),
        "{long}"
    );
    assert!(!sheet("6", &[]).contains("Longer than usual"));
}

/// How many vector pictures the first page draws: Form XObjects placed
/// with `Do` in its content stream, by the names the resources give them.
fn pictures_drawn(doc: &Document) -> usize {
    let page = *doc.get_pages().get(&1).unwrap();
    let content = String::from_utf8_lossy(&doc.get_page_content(page)).to_string();
    let is_form = |o: &Object| {
        o.as_reference()
            .and_then(|id| doc.get_object(id))
            .and_then(Object::as_stream)
            .is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Form")
            })
    };
    let mut names = std::collections::BTreeSet::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            for (name, value) in dict.iter() {
                if is_form(value) {
                    names.insert(String::from_utf8_lossy(name).to_string());
                }
            }
        }
    }
    names
        .iter()
        .filter(|name| content.contains(&format!("/{name} Do")))
        .count()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect()
}

/// Paper prints the instructions whole (tests/pdf/check finds every step
/// in pdftotext's reading of each plan), within 60 KB a plan.
#[test]
fn every_printed_plan_holds_the_whole_instructions_within_60_kb() {
    let dir = scratch("whole");
    let program = planwright::content::load_shipped().unwrap().program;
    for stage in 1..=5 {
        for paper in ["a4", "letter"] {
            let n = stage.to_string();
            let path = dir.join(format!("{n}-{paper}.pdf"));
            let bytes = printed_plan(&path, &["--stage", &n, "--paper", paper]);
            assert!(
                bytes.len() <= 60 * 1024,
                "stage {n}, {paper}: {} bytes",
                bytes.len()
            );
            let doc = Document::load_mem(&bytes).unwrap();
            let exercises = program.stages[stage - 1].exercises.len();
            assert_eq!(pictures_drawn(&doc), exercises, "stage {n}, {paper}");
            let text = flat(&text(&doc));
            assert!(text.contains("HOWTODOIT"), "stage {n}");
            assert!(
                !text.contains("INBRIEF"),
                "stage {n}: no author's brief, no cut"
            );
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_authors_brief_is_printed_instead_of_the_full_steps() {
    let dir = scratch("brief");
    let content = dir.join("content");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let file = content.join("exercises/cat-cow.md");
    let source = std::fs::read_to_string(&file).unwrap();
    let with_brief = source.replacen(
        "\nstage: mobility\n",
        "\nstage: mobility\nbrief: |\n  1. **Round, then arch.** On all fours, curl your back up, then let it sag.\n",
        1,
    );
    assert_ne!(with_brief, source, "the fixture edit applies");
    std::fs::write(&file, with_brief).unwrap();
    let pdf = printed_plan(
        &dir.join("plan.pdf"),
        &["--content", content.to_str().unwrap(), "--stage", "1"],
    );
    let printed = flat(&text(&Document::load_mem(&pdf).unwrap()));
    assert!(printed.contains("HOWTODOIT,INBRIEF"), "{printed}");
    // (lopdf reads a step's number after its first line: check the ends.)
    assert!(printed.contains("Round,thenarch."), "{printed}");
    assert!(printed.contains("thenletitsag."), "{printed}");
    assert!(
        !printed.contains(&flat("Kneel on all fours on a mat.")),
        "the full steps stay on the guide page"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The text of one page (from 1).
fn page_text(doc: &Document, page: u32) -> String {
    doc.extract_text(&[page]).expect("the text extracts")
}

/// What a clinic's handout carries, from a patient file: the clinician,
/// the issue and review dates and the notes on the first page, and whom
/// to call beside every week's pain box.
#[test]
fn a_patient_files_handout_carries_the_clinics_details_on_page_one() {
    let dir = scratch("handout");
    let pdf = printed_plan(
        &dir.join("alex.pdf"),
        &[
            "--patient",
            "tests/fixtures/patients/alex.yaml",
            "--paper",
            "letter",
        ],
    );
    let doc = check_document(&pdf, (612.0, 792.0));
    let first = flat(&page_text(&doc, 1));
    for needle in [
        "CLINICIAN",
        "Dr Sam Carter",
        "Riverside Physiotherapy",
        "Issued on Thursday 28 May 2026",
        "See your clinician again on Monday 13 July 2026",
        "Notes from Dr Sam Carter",
        "Ease off for a day if your shoulder aches the next morning.",
        "020 7946 0000",
    ] {
        assert!(
            first.contains(&flat(needle)),
            "no `{needle}` on page 1:\n{first}"
        );
    }
    let all = flat(&text(&doc));
    assert_eq!(
        all.matches(&flat("Ease off for a day")).count(),
        1,
        "the notes once, on page 1"
    );
    assert_eq!(
        all.matches(&flat("Call 020 7946 0000")).count(),
        6,
        "beside each week's pain box"
    );
    // Whom to call also ends "How to use this sheet", read before the
    // weeks (on page 1 when the exercise leaves room, else above week 1).
    let contact = all.find(&flat("Contact us if your pain goes above 5"));
    let weeks = all.find(&flat("Your 6 weeks"));
    assert!(contact.is_some() && contact < weeks, "{all}");
    // The shipped content has no address: no code and no "full guide".
    assert!(!all.contains("Fullguide") && !all.contains("http"), "{all}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A plan without a patient file leaves lines to write the dates on; the
/// issue date is the day of `SOURCE_DATE_EPOCH` when it is set.
#[test]
fn without_a_patient_file_the_issue_date_is_the_stamp_or_a_line() {
    let dir = scratch("issued");
    let stamped = Document::load_mem(&print(&dir, "a4", Some("1780000000"))).unwrap();
    let first = flat(&page_text(&stamped, 1));
    assert!(
        first.contains(&flat("Issued on Thursday 28 May 2026")),
        "{first}"
    );
    assert!(
        !first.contains("Seeyourclinician"),
        "no clinician, no review: {first}"
    );
    let blank = Document::load_mem(&print(&dir, "a4", None)).unwrap();
    let first = flat(&page_text(&blank, 1));
    assert!(
        first.contains("Issuedon") && !first.contains("Issuedon2026"),
        "{first}"
    );
    assert!(!first.contains("Thursday28May"), "{first}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A placeholder `base_url` prints no address and no QR code; a real one
/// prints both.
#[test]
fn only_a_real_address_is_printed() {
    let dir = scratch("address");
    let content = dir.join("content");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let config = content.join("planwright.yaml");
    let shipped = std::fs::read_to_string(&config).unwrap();
    for (url, printed) in [
        ("https://planwright.example/thoracic/", false),
        ("https://example.org/thoracic/", false),
        ("http://localhost:1111/", false),
        ("https://exercises.riverside-physio.co.uk/thoracic/", true),
    ] {
        std::fs::write(&config, format!("{shipped}base_url: {url}\n")).unwrap();
        let pdf = printed_plan(
            &dir.join("plan.pdf"),
            &["--content", content.to_str().unwrap(), "--stage", "2"],
        );
        let doc = Document::load_mem(&pdf).unwrap();
        let all = flat(&text(&doc));
        assert_eq!(
            all.contains("Fullguidewithpictures"),
            printed,
            "{url}: {all}"
        );
        assert_eq!(all.contains(&flat(url)), printed, "{url}: {all}");
        // The QR code is drawn as filled squares: a page without one has
        // far fewer path operations.
        let page = doc.page_iter().next().unwrap();
        let content = doc.get_and_decode_page_content(page).unwrap();
        let rects = content
            .operations
            .iter()
            .filter(|op| op.operator == "re")
            .count();
        assert_eq!(rects > 100, printed, "{url}: {rects} rectangles on page 1");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
