//! What a printed plan shows and where: the first page (who, when, the
//! goal, how to use the sheet, safety, each exercise in brief), a block per
//! week with its dose and tick boxes, when to move on, and a header and
//! footer on every page. Every dose and phrase about a dose is the plan's
//! own text; this module only places it.

use jiff::civil::Date;

use planwright_core::model::{Paper, Program, RawHtml};
use planwright_core::plan::{Plan, Sessions, Status, Week};
use planwright_core::wording;

use super::figure;
use super::fonts::{Face, Fonts};
use super::layout::{Flow, Frame, Mark, Rgb, Slice, Span, Stroke, Style, Typesetter};
use super::markdown::{self, Block};
use super::picture::XObject;
use super::{qr, PdfError, PdfOptions};

const INK: Rgb = Rgb(0.11, 0.13, 0.15);
const MUTED: Rgb = Rgb(0.37, 0.41, 0.45);
const ACCENT: Rgb = Rgb(0.07, 0.35, 0.50);
const TINT: Rgb = Rgb(0.90, 0.94, 0.96);
const RULE: Rgb = Rgb(0.70, 0.76, 0.80);
const WARM: Rgb = Rgb(0.99, 0.96, 0.90);
const WARM_INK: Rgb = Rgb(0.62, 0.29, 0.0);
const BOX_INK: Rgb = Rgb(0.22, 0.25, 0.28);

const BODY: Style = Style {
    face: Face::Regular,
    size: 9.0,
    color: INK,
    leading: 12.2,
};
const SMALL: Style = Style {
    face: Face::Regular,
    size: 8.0,
    color: MUTED,
    leading: 10.5,
};
const LABEL: Style = Style {
    face: Face::Bold,
    size: 7.5,
    color: MUTED,
    leading: 10.0,
};
/// The exercise in brief and the safety note: smaller, to fit the first page.
const BRIEF: Style = Style {
    face: Face::Regular,
    size: 8.5,
    color: INK,
    leading: 11.2,
};
const KICKER: Style = Style {
    face: Face::Bold,
    size: 9.0,
    color: ACCENT,
    leading: 12.0,
};
const TITLE: Style = Style {
    face: Face::Bold,
    size: 24.0,
    color: INK,
    leading: 29.0,
};
const H2: Style = Style {
    face: Face::Bold,
    size: 13.0,
    color: ACCENT,
    leading: 18.0,
};
const H3: Style = Style {
    face: Face::Bold,
    size: 11.0,
    color: INK,
    leading: 15.0,
};
const DOSE: Style = Style {
    face: Face::Bold,
    size: 13.0,
    color: INK,
    leading: 17.0,
};

/// A tick box: 13 pt, about 4.6 mm, big enough for a pen.
const TICK: f32 = 13.0;
const MARGIN_X: f32 = 40.0;
const MARGIN_TOP: f32 = 34.0;
const MARGIN_BOTTOM: f32 = 26.0;
const QR_SIZE: f32 = 46.0;
/// How far a rule or box outline drawn on the edge of the live area may
/// reach past it: half its width, as strokes are centred on their path.
pub(crate) const OVERHANG: f32 = 0.5;

/// Laid-out pages and their size in points.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub size: (f32, f32),
    pub pages: Vec<Vec<Mark>>,
    /// The area every mark must stay inside: left, top, right, bottom.
    pub live_area: (f32, f32, f32, f32),
    /// The exercises' pictures, by the names the pages place them with.
    pub xobjects: Vec<(String, XObject)>,
    /// How much of the last page's room for content is used, from 0 to 1.
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests of endings
    pub last_page_fill: f32,
}

pub(crate) fn page_size(paper: Paper) -> (f32, f32) {
    match paper {
        Paper::A4 => (595.0, 842.0),
        Paper::Letter => (612.0, 792.0),
    }
}

/// Everything a sheet needs to know about the plan and its program.
struct Ctx<'a> {
    plan: &'a Plan,
    program: &'a Program,
    options: &'a PdfOptions<'a>,
    plan_id: &'a str,
    /// Each of the plan's exercises' picture, when it has one.
    figures: Vec<Option<Figure>>,
    /// Each exercise's video as a QR code, when it has one: encoded before
    /// layout, so an address too long to encode is an error up front.
    videos: Vec<Option<Slice>>,
}

/// An exercise's picture: the author's own, or its drawn figure.
struct Figure {
    /// The name its marks place it by.
    name: String,
    xobject: XObject,
    aspect: f32,
    /// Its width on paper, before a tall one is narrowed.
    width: f32,
}

pub(crate) fn lay_out(
    plan: &Plan,
    program: &Program,
    options: &PdfOptions<'_>,
    fonts: &Fonts,
    plan_id: &str,
) -> Result<Sheet, PdfError> {
    let t = Typesetter::new(fonts);
    // The person's details first, so a character the font lacks is
    // reported with the field it was typed in.
    let person = &plan.person;
    for text in [
        &person.name,
        &person.clinician,
        &person.clinic,
        &person.clinic_phone,
        &person.notes,
    ]
    .into_iter()
    .flatten()
    {
        t.check(Face::Bold, text);
        t.check(Face::Regular, text);
    }
    /// 3 cm per position of a drawn figure, and no figure wider than this.
    const FRAME_W: f32 = 85.0;
    const MAX_W: f32 = 250.0;
    /// An author's picture: about 4 cm, room for a photo's detail.
    const PICTURE_W: f32 = 115.0;
    let figures = plan
        .exercises
        .iter()
        .enumerate()
        .map(|(i, info)| {
            // The author chose their picture: it wins over a drawn one.
            if let Some(p) = options.pictures.and_then(|p| p.get(&info.id)) {
                return Some(Figure {
                    name: format!("Pic{}", i + 1),
                    xobject: p.xobject.clone(),
                    aspect: p.aspect(),
                    width: PICTURE_W,
                });
            }
            let pose = program.exercise(&info.id)?.figure.as_ref()?;
            let form = figure::form(&planwright_core::figure::draw(pose));
            Some(Figure {
                name: format!("Fig{}", i + 1),
                aspect: form.aspect(),
                width: (FRAME_W * form.frames as f32).min(MAX_W),
                xobject: XObject::Form(form),
            })
        })
        .collect();
    let videos = plan
        .exercises
        .iter()
        .map(|info| {
            let video = program
                .exercise(&info.id)?
                .media
                .as_ref()?
                .video
                .as_deref()?;
            Some(qr::code(video, QR_SIZE, INK))
        })
        .map(Option::transpose)
        .collect::<Result<_, _>>()?;
    let ctx = Ctx {
        plan,
        program,
        options,
        plan_id,
        figures,
        videos,
    };
    let (page_w, page_h) = page_size(options.paper);
    let width = page_w - 2.0 * MARGIN_X;

    // One QR code serves every page's footer.
    let url = guide_url(plan, program);
    let qr = match &url {
        Some(url) => Some(qr::code(url, QR_SIZE, INK)?),
        None => None,
    };
    let footer = |page: usize, pages: usize| {
        footer(&t, &ctx, width, (page, pages), url.as_deref(), qr.as_ref())
    };
    // Footers differ only in their page number; measure one with the
    // widest numbers to know the room they take.
    let footer_h = footer(99, 99).h;
    let header = running_header(&t, &ctx, width);
    let frame = Frame {
        left: MARGIN_X,
        right: page_w - MARGIN_X,
        first_top: MARGIN_TOP,
        top: MARGIN_TOP + header.h + 14.0,
        bottom: page_h - MARGIN_BOTTOM - footer_h - 14.0,
    };

    let (mut pages, last_page_fill) = body(&t, &ctx, frame, width);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 {
            let mut s = Slice::default();
            s.overlay(header.clone(), MARGIN_X, MARGIN_TOP);
            page.extend(s.marks);
        }
        let f = footer(i + 1, count);
        let mut s = Slice::default();
        s.overlay(f.clone(), MARGIN_X, page_h - MARGIN_BOTTOM - f.h);
        page.extend(s.marks);
    }
    t.finish()?;
    Ok(Sheet {
        size: (page_w, page_h),
        pages,
        last_page_fill,
        live_area: (
            MARGIN_X,
            MARGIN_TOP,
            page_w - MARGIN_X,
            page_h - MARGIN_BOTTOM,
        ),
        xobjects: ctx
            .figures
            .into_iter()
            .flatten()
            .map(|f| (f.name, f.xobject))
            .collect(),
    })
}

/// The least share of its room a plan's last page may fill. Below it the
/// end is fitted again: a sheet that is mostly blank looks as if a page
/// were missing, and costs a sheet of paper for a few lines.
const MIN_LAST_PAGE_FILL: f32 = 0.25;

/// How the end of a plan, its last weeks and when to move on, is fitted
/// onto the last pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The spacing as designed.
    Plain,
    /// Less space between the weeks and before moving on, so a short end
    /// that just spilled over folds back onto the page before.
    Tight,
    /// The last `n` weeks stay with moving on, so that a page of its own
    /// is not mostly empty.
    Carry(usize),
}

impl Ending {
    fn week_gap(self) -> f32 {
        if self == Ending::Tight {
            4.0
        } else {
            8.0
        }
    }

    /// Before the weeks, when the first page's content runs over, and
    /// before moving on.
    fn section_gap(self) -> f32 {
        if self == Ending::Tight {
            12.0
        } else {
            22.0
        }
    }
}

/// Every page's content (without header and footer), and how full the last
/// page is. Laid out as designed first; only when that ends on a mostly
/// empty page, again more tightly, then with the last weeks carried over.
fn body(t: &Typesetter<'_>, ctx: &Ctx<'_>, frame: Frame, w: f32) -> (Vec<Vec<Mark>>, f32) {
    let room = frame.bottom - frame.top;
    let fill = |pages: &[Vec<Mark>]| {
        let bottom = pages
            .last()
            .into_iter()
            .flatten()
            .map(|m| m.bounds().3)
            .fold(frame.top, f32::max);
        (bottom - frame.top) / room
    };
    let lay = |ending: Ending| -> Option<Vec<Vec<Mark>>> {
        let mut flow = Flow::new(frame);
        first_page(t, ctx, &mut flow, w);
        // The weeks start on a page of their own, unless the first page's
        // content already ran over onto a second.
        if flow.pages.len() == 1 {
            flow.new_page();
        } else {
            flow.gap(ending.section_gap());
        }
        let mut blocks = weeks(t, ctx, w, room, ending);
        let carried = match ending {
            Ending::Carry(n) if n <= blocks.len() => blocks.split_off(blocks.len() - n),
            Ending::Carry(_) => return None,
            Ending::Plain | Ending::Tight => Vec::new(),
        };
        for (gap, block) in blocks {
            flow.gap(gap);
            flow.place(block);
        }
        let mut end = move_on(t, ctx, w, room).into_iter();
        let first = end.next().unwrap_or_default();
        let mut glued = Vec::new();
        let mut first_gap = ending.section_gap();
        for (i, (gap, block)) in carried.into_iter().enumerate() {
            if i == 0 {
                first_gap = gap;
            } else {
                glued.push(Slice::gap(gap));
            }
            glued.push(block);
        }
        if !glued.is_empty() {
            glued.push(Slice::gap(ending.section_gap()));
        }
        glued.push(first);
        let glued = Slice::stack(glued);
        if glued.h > room {
            return None;
        }
        flow.gap(first_gap);
        flow.place(glued);
        flow.place_all(end);
        Some(flow.pages)
    };
    let plain = lay(Ending::Plain).unwrap_or_default();
    let plain_fill = fill(&plain);
    if plain_fill >= MIN_LAST_PAGE_FILL {
        return (plain, plain_fill);
    }
    let weeks = ctx.plan.weeks.len();
    let others = std::iter::once(Ending::Tight).chain((1..=weeks).map(Ending::Carry));
    for ending in others {
        let Some(pages) = lay(ending) else {
            continue;
        };
        let f = fill(&pages);
        if pages.len() <= plain.len()
            && f >= MIN_LAST_PAGE_FILL
            && pages.iter().all(|p| !p.is_empty())
        {
            return (pages, f);
        }
    }
    (plain, plain_fill)
}

fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

fn day_month(date: Date) -> String {
    date.strftime("%-d %B").to_string()
}

/// `1 June – 12 July 2026`, with both years when they differ.
fn date_range(start: Date, end: Date) -> String {
    if start.year() == end.year() {
        format!("{} – {} {}", day_month(start), day_month(end), end.year())
    } else {
        format!(
            "{} {} – {} {}",
            day_month(start),
            start.year(),
            day_month(end),
            end.year()
        )
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The guide's page for the plan's stage, when the site has a real
/// address: a placeholder one (`example.org`, `localhost`) would send a
/// person who scans the code nowhere, so nothing is printed instead.
pub(crate) fn guide_url(plan: &Plan, program: &Program) -> Option<String> {
    program
        .config
        .public_base_url()
        .map(|base| format!("{base}stages/{}.html", plan.stage.id))
}

/// The pain score above which the person contacts the clinic. Up to 5 of
/// 10 while exercising is what the pain-monitoring model physiotherapists
/// use for loading programmes (Silbernagel et al.) accepts; with pain
/// still there the next day (the safety note's sign), more is a reason to
/// call rather than to push on alone.
const CONTACT_ABOVE: u8 = 5;

/// Whom the person contacts about pain and the number to call, from the
/// patient file or `clinic` in `planwright.yaml`: the clinic (`us`) when
/// there is one, else the clinician. `None` for a plan without either.
struct Contact {
    whom: Whom,
    /// The clinic's name, when the sentence can give it with the number.
    clinic: Option<String>,
    phone: Option<String>,
}

/// Who "contact … if" names.
enum Whom {
    /// The clinic that hands out the plan.
    Us,
    /// The clinician, by name, when the plan names no clinic.
    Clinician(String),
}

fn contact(ctx: &Ctx<'_>) -> Option<Contact> {
    let person = &ctx.plan.person;
    let letterhead = ctx.program.config.clinic.as_ref();
    // The patient file's number goes with its clinic; the letterhead's with
    // the letterhead's.
    let (clinic, phone) = match (
        &person.clinic_phone,
        letterhead.and_then(|c| c.phone.clone()),
    ) {
        (Some(phone), _) => (
            person.clinic.clone().or(letterhead.map(|c| c.name.clone())),
            Some(phone.clone()),
        ),
        (None, Some(phone)) => (letterhead.map(|c| c.name.clone()), Some(phone)),
        (None, None) => (
            person.clinic.clone().or(letterhead.map(|c| c.name.clone())),
            None,
        ),
    };
    let whom = match (&clinic, &person.clinician, &phone) {
        (Some(_), _, _) | (None, None, Some(_)) => Whom::Us,
        (None, Some(clinician), _) => Whom::Clinician(clinician.clone()),
        (None, None, None) => return None,
    };
    Some(Contact {
        whom,
        clinic,
        phone,
    })
}

/// A phone number that a line break never splits: half a number at the
/// end of a line is easily dialled as the whole.
fn unbroken(phone: &str) -> String {
    phone.replace(' ', "\u{a0}")
}

/// "Contact us if …": when to call, and the number, as the last line of
/// how to use the sheet.
fn contact_us(ctx: &Ctx<'_>) -> Option<Vec<Span>> {
    let c = contact(ctx)?;
    let whom = match &c.whom {
        Whom::Us => "Contact us".to_string(),
        Whom::Clinician(name) => format!("Contact {name}"),
    };
    let mut spans = vec![
        Span::bold(whom),
        Span::plain(format!(
            " if your pain goes above {CONTACT_ABOVE} or is still there the next day"
        )),
    ];
    match (&c.phone, &c.clinic) {
        (Some(phone), Some(clinic)) => {
            spans.push(Span::plain(format!(": call {clinic} on ")));
            spans.push(Span::bold(unbroken(phone)));
            spans.push(Span::plain("."));
        }
        (Some(phone), None) => {
            spans.push(Span::plain(": call "));
            spans.push(Span::bold(unbroken(phone)));
            spans.push(Span::plain("."));
        }
        (None, _) => spans.push(Span::plain(".")),
    }
    Some(spans)
}

fn rect(x: f32, y: f32, w: f32, h: f32, fill: Option<Rgb>, stroke: Option<Stroke>) -> Mark {
    Mark::Rect {
        x,
        y,
        w,
        h,
        fill,
        stroke,
    }
}

fn rule(x1: f32, y: f32, x2: f32, width: f32, color: Rgb) -> Mark {
    Mark::Line {
        x1,
        y1: y,
        x2,
        y2: y,
        stroke: Stroke {
            width,
            color,
            dashed: false,
        },
    }
}

fn tick_box(x: f32, y: f32, optional: bool) -> Mark {
    rect(
        x,
        y,
        TICK,
        TICK,
        Some(Rgb(1.0, 1.0, 1.0)),
        Some(Stroke {
            width: if optional { 0.8 } else { 1.0 },
            color: if optional { MUTED } else { BOX_INK },
            dashed: optional,
        }),
    )
}

/// A heading glued to the first slice of what follows, so it never ends a page.
fn with_heading(head: Vec<Slice>, body: Vec<Slice>) -> Vec<Slice> {
    let mut body = body.into_iter();
    let mut first = head;
    first.extend(body.next());
    let mut out = vec![Slice::stack(first)];
    out.extend(body);
    out
}

/// A list item: the marker in the margin, the text wrapped beside it.
fn item(t: &Typesetter<'_>, marker: &str, spans: &[Span], style: Style, w: f32) -> Vec<Slice> {
    let indent = if marker.chars().count() > 1 {
        15.0
    } else {
        11.0
    };
    let mut lines = t.paragraph(spans, style, w - indent);
    for (i, line) in lines.iter_mut().enumerate() {
        let mut shifted = Slice::gap(line.h);
        shifted.overlay(std::mem::take(line), indent, 0.0);
        if i == 0 {
            let marker_style = if marker == "•" {
                style.color(ACCENT)
            } else {
                style.bold()
            };
            shifted.push(t.text_mark(marker_style, 0.0, 0.0, marker));
        }
        *line = shifted;
    }
    lines
}

/// Markdown blocks as slices: paragraphs, bullets and numbered steps.
fn markdown(t: &Typesetter<'_>, blocks: &[Block], style: Style, w: f32) -> Vec<Slice> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            let tight = b.marker.is_some() && blocks[i - 1].marker.is_some();
            out.push(Slice::gap(if tight { 2.0 } else { 5.0 }));
        }
        let indent = b.depth as f32 * 12.0;
        let lines = match &b.marker {
            Some(marker) => item(t, marker, &b.spans, style, w - indent),
            None => t.paragraph(&b.spans, style, w - indent),
        };
        out.extend(lines.into_iter().map(|l| {
            let mut s = Slice::gap(l.h);
            s.overlay(l, indent, 0.0);
            s
        }));
    }
    out
}

/// Places `head` (a heading, or nothing) and two columns below it. When
/// they fit on a page they move together, so a heading never waits alone
/// at the foot of a page for its columns on the next. When they do not fit
/// in what is left of this page but that is too much room to leave empty,
/// they run in columns across the page break instead (this page's left
/// column, its right, then the next page's).
fn two_columns(flow: &mut Flow, head: Slice, left: Vec<Slice>, right: Vec<Slice>, right_x: f32) {
    let l = Slice::stack(left.clone());
    let r = Slice::stack(right.clone());
    let whole = head.h + l.h.max(r.h);
    let leaves_little = flow.remaining() < flow.page_height() * 0.3;
    if whole <= flow.remaining() || (whole <= flow.page_height() && leaves_little) {
        flow.place(Slice::stack(vec![
            head,
            Slice::columns([(0.0, l), (right_x, r)]),
        ]));
        return;
    }
    let mut parts: std::collections::VecDeque<Slice> = left.into_iter().chain(right).collect();
    let mut head = Some(head);
    while !parts.is_empty() {
        let head_h = head.as_ref().map_or(0.0, |h| h.h);
        let room = flow.remaining() - head_h;
        // Not even a line of each column fits here: start on the next page.
        if room < parts[0].h && flow.remaining() < flow.page_height() {
            flow.new_page();
            continue;
        }
        let rest: f32 = parts.iter().map(|p| p.h).sum();
        let balanced = (rest <= 2.0 * room)
            .then(|| balance(parts.iter().cloned().collect()))
            .filter(|(l, r)| {
                let h = |c: &[Slice]| c.iter().map(|s| s.h).sum::<f32>();
                h(l).max(h(r)) <= room
            });
        let (l, r) = if let Some(last) = balanced {
            // The last of it: two balanced columns.
            parts.clear();
            last
        } else {
            let mut fill = || {
                let mut column = Vec::new();
                let mut h = 0.0;
                while let Some(p) = parts.front() {
                    if h + p.h > room && !column.is_empty() {
                        break;
                    }
                    h += p.h;
                    column.extend(parts.pop_front());
                }
                // Break between paragraphs or items rather than inside
                // one, unless that leaves much of the column empty.
                let inside = parts.front().is_some_and(|p| !p.marks.is_empty());
                if let Some(gap) = column.iter().rposition(|s| s.marks.is_empty()) {
                    let after: f32 = column[gap..].iter().map(|s| s.h).sum();
                    if inside && after < room * 0.3 {
                        for s in column.drain(gap..).rev() {
                            parts.push_front(s);
                        }
                    }
                }
                // A gap never starts a column.
                while parts.front().is_some_and(|p| p.marks.is_empty()) {
                    parts.pop_front();
                }
                column
            };
            let l = fill();
            (l, fill())
        };
        let columns = Slice::columns([(0.0, Slice::stack(l)), (right_x, Slice::stack(r))]);
        flow.place(match head.take() {
            Some(h) => Slice::stack([h, columns]),
            None => columns,
        });
        // What is left continues at the top of the next page, never in
        // the sliver under these columns.
        if !parts.is_empty() {
            flow.new_page();
        }
    }
}

/// Splits slices into two columns of about equal height, only at a gap
/// (between paragraphs or list items, never inside one).
fn balance(mut slices: Vec<Slice>) -> (Vec<Slice>, Vec<Slice>) {
    let total: f32 = slices.iter().map(|s| s.h).sum();
    let mut best = (total, slices.len());
    let mut above = 0.0f32;
    for (i, s) in slices.iter().enumerate() {
        if s.marks.is_empty() {
            let taller = above.max(total - above - s.h);
            if taller < best.0 {
                best = (taller, i);
            }
        }
        above += s.h;
    }
    let mut right = slices.split_off(best.1);
    // The gap itself starts neither column.
    if right.first().is_some_and(|s| s.marks.is_empty()) {
        right.remove(0);
    }
    (slices, right)
}

fn first_page(t: &Typesetter<'_>, ctx: &Ctx<'_>, flow: &mut Flow, w: f32) {
    let plan = ctx.plan;
    flow.place(title_block(t, ctx, w));
    flow.gap(12.0);
    flow.place(facts(t, ctx, w));
    notes(t, ctx, flow, w);
    flow.gap(14.0);

    flow.place_all(safety(t, ctx, w));
    flow.gap(14.0);

    for (i, info) in plan.exercises.iter().enumerate() {
        let Some(exercise) = ctx.program.exercise(&info.id) else {
            continue;
        };
        let mut head = Vec::new();
        if i > 0 {
            flow.gap(14.0);
        }
        let mut how_often = format!("  ·  {}", info.frequency);
        if let Some(tempo) = &info.tempo {
            how_often.push_str(&format!("  ·  tempo {tempo}"));
        }
        let title = [Span::bold(info.title.clone()), Span::plain(how_often)];
        let title_style = Style {
            face: Face::Regular,
            ..H2
        };
        // The picture of the positions on the right, the words beside it.
        let picture = ctx.figures.get(i).and_then(Option::as_ref).map(picture);
        let text_w = picture.as_ref().map_or(w, |p| w - p.w - 16.0);
        head.push(Slice::stack(t.paragraph(&title, title_style, text_w)).padded(0.0, 1.0));
        if let Some(summary) = &exercise.summary {
            head.push(Slice::stack(t.paragraph(
                &[Span::plain(summary.clone())],
                BODY,
                text_w,
            )));
        }
        if !exercise.equipment.is_empty() {
            let need = [
                Span::bold("You need: "),
                Span::plain(exercise.equipment.join(", ")),
            ];
            head.push(Slice::stack(t.paragraph(&need, SMALL, text_w)));
        }
        let head = match picture {
            Some(p) => {
                let mut pic = Slice::gap(p.h);
                pic.push(p.mark);
                vec![Slice::columns([(0.0, Slice::stack(head)), (w - p.w, pic)])]
            }
            None => head,
        };
        let mut head = head;
        head.push(Slice::gap(6.0));

        let col = (w - 20.0) / 2.0;
        // Paper prints the instructions whole, or the author's own shorter
        // version: a cut would drop whatever the first sentence is not.
        let (label, text) = match &exercise.brief {
            Some(brief) => ("HOW TO DO IT, IN BRIEF", brief),
            None => ("HOW TO DO IT", &exercise.instructions),
        };
        let steps = markdown::blocks(text, ctx.program.config.raw_html);
        let mut parts = with_heading(
            vec![t.block(label, LABEL, col).padded(0.0, 2.0)],
            markdown(t, &steps, BRIEF, col),
        );
        for (label, lines) in [("CUES", &exercise.cues), ("TAKE CARE", &exercise.cautions)] {
            let mut items = Vec::new();
            for (j, line) in lines.iter().enumerate() {
                if j > 0 {
                    items.push(Slice::gap(2.0));
                }
                items.extend(item(t, "•", &[Span::plain(line.clone())], BRIEF, col));
            }
            if !items.is_empty() {
                parts.push(Slice::gap(8.0));
                parts.extend(with_heading(
                    vec![t.block(label, LABEL, col).padded(0.0, 2.0)],
                    items,
                ));
            }
        }
        let video = exercise.media.as_ref().and_then(|m| m.video.as_deref());
        if let (Some(url), Some(Some(code))) = (video, ctx.videos.get(i)) {
            parts.push(Slice::gap(8.0));
            parts.push(video_code(t, code, url, col));
        }
        let (left, right) = balance(parts);
        two_columns(flow, Slice::stack(head), left, right, col + 20.0);
    }
    // The stage's goal and how to use the sheet come last: they belong
    // beside the weeks if the first page has no room left for them.
    flow.gap(18.0);
    let col = (w - 20.0) / 2.0;
    let stage = ctx.program.stages.iter().find(|s| s.id == plan.stage.id);
    let purpose = stage
        .map(|s| markdown::blocks(&s.purpose, ctx.program.config.raw_html))
        .unwrap_or_default();
    let goal = with_heading(
        vec![t.block("The goal of this stage", H2, col).padded(0.0, 3.0)],
        markdown(t, &purpose, BODY, col),
    );
    let how = [
        "Each week's box gives the dose for every session.",
        "Tick a box after each session; dashed ones are optional.",
        "Note your pain each week: 0 is none, 10 the worst.",
        "If an exercise hurts, stop and read the safety note.",
    ];
    let mut how: Vec<Vec<Span>> = how.iter().map(|l| vec![Span::plain(*l)]).collect();
    how.extend(contact_us(ctx));
    let mut steps = Vec::new();
    for (i, spans) in how.iter().enumerate() {
        if i > 0 {
            steps.push(Slice::gap(3.0));
        }
        steps.extend(item(t, &format!("{}.", i + 1), spans, BODY, col));
    }
    let how = with_heading(
        vec![t.block("How to use this sheet", H2, col).padded(0.0, 3.0)],
        steps,
    );
    two_columns(flow, Slice::gap(0.0), goal, how, col + 20.0);
}

/// An exercise's picture placed at its width (a drawn figure: about 3 cm
/// per position), no taller than a few lines of text beside it.
struct Picture {
    w: f32,
    h: f32,
    mark: Mark,
}

fn picture(figure: &Figure) -> Picture {
    const MAX_H: f32 = 110.0;
    let mut w = figure.width;
    let mut h = w / figure.aspect;
    if h > MAX_H {
        h = MAX_H;
        w = h * figure.aspect;
    }
    Picture {
        w,
        h,
        mark: Mark::Image {
            x: 0.0,
            y: 0.0,
            w,
            h,
            name: figure.name.clone(),
        },
    }
}

/// A small QR code for the exercise's video, with its address beside it.
/// The exercise's video: its code (as big as the guide's in the footer, so
/// a phone reads both) with the address beside it.
fn video_code(t: &Typesetter<'_>, code: &Slice, url: &str, w: f32) -> Slice {
    const SIZE: f32 = QR_SIZE;
    let text_w = w - SIZE - 8.0;
    let mut text = vec![t.block("WATCH IT DONE", LABEL, text_w).padded(0.0, 2.0)];
    text.push(Slice::stack(t.paragraph(
        &[Span::plain("Scan the code with a phone, or go to ")],
        SMALL,
        text_w,
    )));
    text.push(t.block(url, SMALL.color(INK), text_w));
    let text = Slice::stack(text);
    let mut s = Slice::gap(text.h.max(SIZE));
    s.overlay(code.clone(), 0.0, 0.0);
    s.overlay(text, SIZE + 8.0, 2.0);
    s
}

/// The kicker, the stage's title and who the plan is for; the clinic's
/// logo, name and contact on the right when the program has them.
fn title_block(t: &Typesetter<'_>, ctx: &Ctx<'_>, w: f32) -> Slice {
    let plan = ctx.plan;
    let clinic = ctx.program.config.clinic.as_ref();
    let brand_w = if clinic.is_some() { 150.0 } else { 0.0 };
    let left_w = if clinic.is_some() {
        w - brand_w - 20.0
    } else {
        w
    };

    let kicker = format!(
        "{} · Stage {} of {}",
        plan.program, plan.stage.number, plan.stage.of
    )
    .to_uppercase();
    let mut left = vec![t.block(&kicker, KICKER, left_w).padded(0.0, 4.0)];
    left.push(t.block(&plan.stage.title, TITLE, left_w).padded(0.0, 2.0));
    let weeks = format!("{}-week plan for ", plan.weeks.len());
    let subtitle = Style {
        size: 14.0,
        leading: 19.0,
        ..BODY
    };
    match &plan.person.name {
        Some(name) => left.push(Slice::stack(t.paragraph(
            &[Span::plain(weeks), Span::bold(name.clone())],
            subtitle,
            left_w,
        ))),
        None => {
            // A blank to write the name on.
            let mut line = Slice::stack(t.paragraph(&[Span::plain(weeks)], subtitle, left_w));
            let start = t.width(
                Face::Regular,
                subtitle.size,
                &format!("{}-week plan for ", plan.weeks.len()),
            );
            let end = left_w.min(start + 220.0);
            line.push(rule(start, line.h - 3.0, end, 0.6, MUTED));
            left.push(line);
        }
    }
    let left = Slice::stack(left);
    let Some(clinic) = clinic else {
        return left;
    };
    let mut right = Slice::default();
    if let Some(logo) = ctx.options.logo {
        let (max_w, max_h) = (brand_w, 44.0);
        let (mut lw, mut lh) = (max_h * logo.aspect(), max_h);
        if lw > max_w {
            lw = max_w;
            lh = max_w / logo.aspect();
        }
        right.push(Mark::Image {
            x: brand_w - lw,
            y: 0.0,
            w: lw,
            h: lh,
            name: super::content::LOGO.to_string(),
        });
        right.h = lh + 6.0;
    }
    let mut lines = Vec::new();
    lines.extend(
        t.wrap(&[Span::bold(clinic.name.clone())], BODY, brand_w)
            .into_iter()
            .map(|l| (l, BODY.bold())),
    );
    if let Some(phone) = &clinic.phone {
        lines.extend(
            t.wrap(
                &[Span::plain(format!("Phone {}", unbroken(phone)))],
                SMALL,
                brand_w,
            )
            .into_iter()
            .map(|l| (l, SMALL.bold().color(INK))),
        );
    }
    if let Some(contact) = &clinic.contact {
        lines.extend(
            t.wrap(&[Span::plain(contact.clone())], SMALL, brand_w)
                .into_iter()
                .map(|l| (l, SMALL)),
        );
    }
    for (line, style) in lines {
        let text: String = line
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        right.push(t.right_aligned(style, brand_w, right.h, &text));
        right.h += style.leading;
    }
    Slice::columns([(0.0, left), (w - brand_w, right)])
}

/// Start, end, clinician and clinic in a tinted strip; under them, the
/// day the plan was issued and when to see the clinician again.
fn facts(t: &Typesetter<'_>, ctx: &Ctx<'_>, w: f32) -> Slice {
    let plan = ctx.plan;
    let mut fields = vec![
        ("STARTS", long_date(plan.start)),
        ("ENDS", long_date(plan.end)),
    ];
    if let Some(c) = &plan.person.clinician {
        fields.push(("CLINICIAN", c.clone()));
    }
    // The letterhead already names the program's own clinic.
    let letterhead = ctx.program.config.clinic.as_ref().map(|c| c.name.as_str());
    if let Some(c) = plan
        .person
        .clinic
        .as_ref()
        .filter(|c| Some(c.as_str()) != letterhead)
    {
        let with_phone = match &plan.person.clinic_phone {
            Some(phone) => format!("{c}\n{}", unbroken(phone)),
            None => c.clone(),
        };
        fields.push(("CLINIC", with_phone));
    }
    let pad = 10.0;
    let gap = 14.0;
    let n = fields.len() as f32;
    let col = (w - 2.0 * pad - gap * (n - 1.0)) / n;
    let value = Style {
        size: 10.0,
        leading: 13.5,
        ..BODY.bold()
    };
    let columns: Vec<(f32, Slice)> = fields
        .iter()
        .enumerate()
        .map(|(i, (label, text))| {
            let s = Slice::stack([t.block(label, LABEL, col), t.block(text, value, col)]);
            (pad + i as f32 * (col + gap), s)
        })
        .collect();
    let body = Slice::columns(columns);
    let dates = handout_dates(t, ctx, w - 2.0 * pad);
    let mut strip = Slice::gap(body.h + dates.h + 2.0 * 8.0 + 13.0);
    strip.push(rect(0.0, 0.0, w, strip.h, Some(TINT), None));
    let y = 8.0 + body.h + 6.0;
    strip.overlay(body, 0.0, 8.0);
    strip.push(rule(pad, y, w - pad, 0.5, RULE));
    strip.overlay(dates, pad, y + 7.0);
    strip
}

/// "Issued on …" and "See your clinician again on …": the dates from the
/// patient file, the issue date otherwise from the document's creation
/// stamp (`SOURCE_DATE_EPOCH`), never from the clock. A date nobody gave
/// is a line to write it on; the review only when a clinician is named.
fn handout_dates(t: &Typesetter<'_>, ctx: &Ctx<'_>, w: f32) -> Slice {
    let person = &ctx.plan.person;
    let created = ctx
        .options
        .created
        .map(|stamp| jiff::tz::Offset::UTC.to_datetime(stamp).date());
    let issued = person.issued.or(created);
    let review = match (person.review, &person.clinician) {
        (Some(date), _) => Some(Some(date)),
        (None, Some(_)) => Some(None),
        (None, None) => None,
    };
    let half = (w - 14.0) / 2.0;
    let mut line = Slice::default();
    let mut place = |x: f32, lead: &str, date: Option<Date>| {
        let part = match date {
            Some(date) => Slice::stack(t.paragraph(
                &[Span::plain(format!("{lead} ")), Span::bold(long_date(date))],
                BODY,
                half,
            )),
            None => {
                // A line long enough for a date in handwriting.
                let mut part = Slice::stack(t.paragraph(&[Span::plain(lead)], BODY, half));
                let start = t.width(Face::Regular, BODY.size, lead) + 5.0;
                part.push(rule(
                    start,
                    part.h - 2.0,
                    half.min(start + 120.0),
                    0.6,
                    MUTED,
                ));
                part
            }
        };
        line.h = line.h.max(part.h);
        line.overlay(part, x, 0.0);
    };
    place(0.0, "Issued on", issued);
    if let Some(review) = review {
        place(half + 14.0, "See your clinician again on", review);
    }
    line
}

/// The program's safety note in a warm box, set in two balanced columns.
fn safety(t: &Typesetter<'_>, ctx: &Ctx<'_>, w: f32) -> Vec<Slice> {
    let pad = 10.0;
    let inner = w - 2.0 * pad;
    let col = (inner - 20.0) / 2.0;
    let heading = Style {
        color: WARM_INK,
        ..H3
    };
    let blocks = markdown::blocks(&ctx.program.safety, ctx.program.config.raw_html);
    let title = |width: f32| {
        vec![t
            .block("Safety: read this first", heading, width)
            .padded(0.0, 3.0)]
    };
    let (left, right) = balance(with_heading(title(col), markdown(t, &blocks, BRIEF, col)));
    let columns = Slice::columns([(0.0, Slice::stack(left)), (col + 20.0, Slice::stack(right))]);
    let mut boxed = Slice::gap(columns.h + 2.0 * pad);
    boxed.push(rect(0.0, 0.0, w, boxed.h, Some(WARM), None));
    boxed.push(rect(0.0, 0.0, 3.0, boxed.h, Some(WARM_INK), None));
    boxed.overlay(columns, pad, pad);
    if boxed.h <= 600.0 {
        return vec![boxed];
    }
    // Too long for one box on a page: print it as plain paragraphs.
    with_heading(title(w), markdown(t, &blocks, BRIEF, w))
}

/// The weeks as blocks to place, each with the space to leave above it: a
/// block a week, or one per exercise for a week too long for a page.
fn weeks(
    t: &Typesetter<'_>,
    ctx: &Ctx<'_>,
    w: f32,
    page_height: f32,
    ending: Ending,
) -> Vec<(f32, Slice)> {
    let plan = ctx.plan;
    let title = match plan.weeks.len() {
        1 => "Your week".to_string(),
        n => format!("Your {n} weeks"),
    };
    let legend = "Tick a box after each session (dashed boxes are optional). \
                  Each week, note your pain from 0 (none) to 10 (worst).";
    let mut head = vec![t.block(&title, H2, w).padded(0.0, 1.0)];
    if let Some(longer) = wording::longer_than_stage(plan) {
        let style = Style {
            color: WARM_INK,
            ..BODY.bold()
        };
        head.push(t.block(&longer, style, w).padded(0.0, 3.0));
    }
    head.push(t.block(legend, SMALL, w).padded(0.0, 8.0));
    let mut first = Some(Slice::stack(head));
    let mut blocks = Vec::new();
    for week in &plan.weeks {
        let whole = week_block(t, ctx, week, 0..week.exercises.len(), true, w);
        let parts = if whole.h <= page_height {
            vec![whole]
        } else {
            // Too many exercises for one page: a block per exercise, the
            // week's header repeated on each.
            let n = week.exercises.len();
            (0..n)
                .map(|i| week_block(t, ctx, week, i..i + 1, i + 1 == n, w))
                .collect()
        };
        for (i, part) in parts.into_iter().enumerate() {
            let continued = if i > 0 { 6.0 } else { 0.0 };
            match first.take() {
                Some(head) => blocks.push((0.0, Slice::stack([head, part]))),
                None => blocks.push((continued + ending.week_gap(), part)),
            }
        }
    }
    blocks
}

/// One week: a tinted header with its dates, a row per exercise with the
/// dose, the change and the tick boxes, and a line for pain and notes.
fn week_block(
    t: &Typesetter<'_>,
    ctx: &Ctx<'_>,
    week: &Week,
    exercises: std::ops::Range<usize>,
    with_pain: bool,
    w: f32,
) -> Slice {
    let pad = 10.0;
    let inner = w - 2.0 * pad;
    let mut block = Slice::default();

    let header_h = 20.0;
    block.push(rect(0.0, 0.0, w, header_h, Some(TINT), None));
    let week_style = Style {
        size: 11.5,
        leading: header_h,
        ..H3.color(ACCENT)
    };
    let label = if exercises.start > 0 {
        format!("Week {} (continued)", week.week)
    } else {
        format!("Week {}", week.week)
    };
    block.push(t.text_mark(week_style, pad, 0.0, &label));
    let label_w = t.width(Face::Bold, week_style.size, &label);
    let dates = format!(
        "{} – {}",
        week.start.strftime("%A %-d %B"),
        week.end.strftime("%A %-d %B")
    );
    let date_style = Style {
        leading: header_h,
        ..BODY
    };
    let dates_x = pad + label_w + 12.0;
    let dates_w = t.width(Face::Regular, date_style.size, &dates);
    if dates_x + dates_w <= w - pad {
        block.push(t.text_mark(date_style, dates_x, 0.0, &dates));
    }
    block.h = header_h;

    let left_w = (inner * 0.38).min(210.0);
    let grid_x = pad + left_w + 16.0;
    let grid_w = w - pad - grid_x;
    for (n, i) in exercises.clone().enumerate() {
        let (Some(info), Some(e)) = (ctx.plan.exercises.get(i), week.exercises.get(i)) else {
            continue;
        };
        if n > 0 {
            block.push(rule(pad, block.h, w - pad, 0.5, RULE));
        }
        let name = Span::bold(format!("{}  ", info.title));
        let often = Span::plain(info.frequency.to_string());
        let left = Slice::stack([
            Slice::stack(t.paragraph(&[name, often], SMALL.color(MUTED), left_w)),
            Slice::stack(t.paragraph(
                &[Span::plain(load_unbroken(&wording::dose(&e.dose)))],
                DOSE,
                left_w,
            )),
            Slice::stack(t.paragraph(
                &[Span::plain(change_text(
                    ctx.plan,
                    week.week as usize - 1,
                    i,
                ))],
                SMALL,
                left_w,
            )),
        ]);
        let grid = sessions_grid(t, &e.sessions, grid_w);
        let row = Slice::columns([(pad, left), (grid_x, grid)]).padded(7.0, 6.0);
        let y = block.h;
        block.h += row.h;
        block.overlay(row, 0.0, y);
    }

    if with_pain {
        block.push(rule(0.0, block.h, w, 0.6, RULE));
        let row_h = 27.0;
        let label = Style {
            leading: row_h,
            ..LABEL.color(INK)
        };
        let pain = "PAIN (0–10)";
        block.push(t.text_mark(label, pad, block.h, pain));
        let box_x = pad + t.width(Face::Bold, label.size, pain) + 6.0;
        let (box_w, box_h) = (36.0, 18.0);
        block.push(rect(
            box_x,
            block.h + (row_h - box_h) / 2.0,
            box_w,
            box_h,
            Some(Rgb(1.0, 1.0, 1.0)),
            Some(Stroke {
                width: 1.0,
                color: BOX_INK,
                dashed: false,
            }),
        ));
        let notes_x = box_x + box_w + 18.0;
        block.push(t.text_mark(label, notes_x, block.h, "NOTES"));
        let line_x = notes_x + t.width(Face::Bold, label.size, "NOTES") + 6.0;
        // Beside the pain box, the number to call when the score is high:
        // it is where the person looks when it is.
        let mut line_end = w - pad;
        if let Some(phone) = contact(ctx).and_then(|c| c.phone) {
            let lines = [
                (
                    SMALL,
                    format!("Above {CONTACT_ABOVE}, or still there the next day?"),
                ),
                (
                    SMALL.bold().color(INK),
                    format!("Call {}", unbroken(&phone)),
                ),
            ];
            let widest = lines
                .iter()
                .map(|(style, text)| t.width(style.face, style.size, text))
                .fold(0.0, f32::max);
            let top = block.h + (row_h - 2.0 * SMALL.leading) / 2.0;
            for (i, (style, text)) in lines.iter().enumerate() {
                let y = top + i as f32 * SMALL.leading;
                block.push(t.right_aligned(*style, w - pad, y, text));
            }
            line_end = (w - pad - widest - 12.0).max(line_x + 60.0);
        }
        block.push(rule(line_x, block.h + row_h - 9.0, line_end, 0.6, MUTED));
        block.h += row_h;
    }
    block.push(rect(
        0.0,
        0.0,
        w,
        block.h,
        None,
        Some(Stroke {
            width: 0.8,
            color: RULE,
            dashed: false,
        }),
    ));
    block
}

/// The dose line with its weight bound to its "at" (`… reps` / `at 4 kg`):
/// a line break never parts a load from its unit or its "at".
fn load_unbroken(dose: &str) -> String {
    match dose.rsplit_once(" at ") {
        Some((head, load)) => format!("{head} at\u{a0}{}", load.replace(' ', "\u{a0}")),
        None => dose.to_string(),
    }
}

/// What changed since last week, in the plan's own words.
fn change_text(plan: &Plan, week: usize, index: usize) -> String {
    let e = &plan.weeks[week].exercises[index];
    let note = wording::note(plan, week, index);
    match e.status {
        Status::Baseline => capitalised(&note),
        Status::Progress => format!("{} on last week: {note}", e.change),
        Status::Hold => format!("Same as last week: {note}"),
    }
}

/// Tick boxes for a week's sessions: a column per dated day (several boxes
/// for several sessions a day), or numbered boxes with a line for the day
/// when the person picks the days. Optional sessions are dashed.
fn sessions_grid(t: &Typesetter<'_>, sessions: &Sessions, w: f32) -> Slice {
    let label = Style {
        leading: 11.0,
        ..SMALL.bold().color(INK)
    };
    let mut cells: Vec<(f32, Slice)> = Vec::new();
    match sessions.dates.as_deref() {
        Some(dates) if !dates.is_empty() => {
            let days = dates.len() as u32;
            let per_day = (sessions.planned / days).max(1);
            let optional = sessions.optional / days;
            let col_w = 40.0;
            for date in dates {
                let mut cell = Slice::default();
                let text = date.strftime("%a %-d").to_string();
                let tw = t.width(label.face, label.size, &text);
                cell.push(t.text_mark(label, (col_w - tw) / 2.0 - 3.0, 0.0, &text));
                cell.h = label.leading + 3.0;
                for k in 0..per_day + optional {
                    cell.push(tick_box((col_w - TICK) / 2.0 - 3.0, cell.h, k >= per_day));
                    cell.h += TICK + 4.0;
                }
                cells.push((col_w, cell));
            }
        }
        _ => {
            let total = sessions.planned + sessions.optional;
            for k in 0..total {
                let optional = k >= sessions.planned;
                let text = if optional {
                    "Optional".to_string()
                } else {
                    format!("Session {}", k + 1)
                };
                let mut cell = Slice::default();
                cell.push(t.text_mark(label, 0.0, 0.0, &text));
                cell.h = label.leading + 3.0;
                cell.push(tick_box(0.0, cell.h, optional));
                // A line to write the day on.
                cell.push(t.text_mark(SMALL, TICK + 5.0, cell.h + 1.5, "day"));
                let line_x = TICK + 5.0 + t.width(Face::Regular, SMALL.size, "day") + 3.0;
                cell.push(rule(line_x, cell.h + TICK, line_x + 38.0, 0.6, MUTED));
                cell.h += TICK + 4.0;
                let cell_w =
                    (line_x + 38.0 + 14.0).max(t.width(label.face, label.size, &text) + 10.0);
                cells.push((cell_w, cell));
            }
        }
    }
    // Lay the cells out in rows no wider than `w`.
    let mut grid = Slice::default();
    let mut x = 0.0;
    let mut row = Slice::default();
    for (cell_w, cell) in cells {
        if x + cell_w > w + 8.0 && x > 0.0 {
            let y = grid.h;
            grid.h += row.h + 4.0;
            grid.overlay(std::mem::take(&mut row), 0.0, y);
            x = 0.0;
        }
        row.h = row.h.max(cell.h);
        row.overlay(cell, x, 0.0);
        x += cell_w;
    }
    let y = grid.h;
    grid.h += row.h;
    grid.overlay(row, 0.0, y);
    grid
}

/// When to move on: the stage's criteria as boxes to tick and, beside
/// them, the next stage's starting doses. Side by side they take a few
/// lines where one after the other they would often spill onto a page of
/// their own. One slice with its heading, unless taller than a page.
fn move_on(t: &Typesetter<'_>, ctx: &Ctx<'_>, w: f32, page_height: f32) -> Vec<Slice> {
    let plan = ctx.plan;
    let intro = match &plan.next_stage {
        Some(next) => format!(
            "Move on to stage {}, {}, when all of these are true:",
            next.number, next.title
        ),
        None => "This is the last stage of the program. It is complete when all of these are true:"
            .to_string(),
    };
    let gap = 20.0;
    // The criteria are sentences; the next stage's doses are short.
    let left_w = if plan.next_stage.is_some() {
        ((w - gap) * 0.56).floor()
    } else {
        w
    };
    let right_x = left_w + gap;
    let criteria = |width: f32| {
        let mut body = Vec::new();
        for (i, criterion) in plan.stage.move_on.iter().enumerate() {
            if i > 0 {
                body.push(Slice::gap(5.0));
            }
            let spans = [Span::plain(criterion.clone())];
            let mut lines = t.paragraph(&spans, BODY, width - TICK - 8.0);
            for (j, line) in lines.iter_mut().enumerate() {
                let mut s = Slice::gap(line.h);
                s.overlay(std::mem::take(line), TICK + 8.0, 0.0);
                if j == 0 {
                    s.push(tick_box(0.0, 0.0, false));
                }
                *line = s;
            }
            // The box is taller than a line of text.
            if let Some(last) = lines.last_mut() {
                last.h = last.h.max(TICK + 1.0);
            }
            body.extend(lines);
        }
        body
    };
    let next = |width: f32| {
        let Some(next) = &plan.next_stage else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        for e in &next.exercises {
            let spans = [
                Span::bold(format!("{}: ", e.title)),
                Span::plain(format!("{}, {}", wording::dose(&e.dose), e.frequency)),
            ];
            lines.extend(item(t, "•", &spans, BODY, width));
        }
        with_heading(
            vec![t
                .block(&format!("Stage {} starts with", next.number), H3, width)
                .padded(0.0, 3.0)],
            lines,
        )
    };
    let head = || {
        vec![
            t.block("When to move on", H2, w).padded(0.0, 4.0),
            t.block(&intro, BODY, w).padded(0.0, 6.0),
        ]
    };
    let columns = Slice::columns([
        (0.0, Slice::stack(criteria(left_w))),
        (right_x, Slice::stack(next(w - right_x))),
    ]);
    let whole = Slice::stack(head().into_iter().chain([columns]));
    if whole.h <= page_height {
        return vec![whole];
    }
    // Taller than a page (a great many criteria): one after the other,
    // each line free to move to the next page.
    let mut out = with_heading(head(), criteria(w));
    out.push(Slice::gap(12.0));
    out.extend(next(w));
    out
}

/// The clinician's notes for the person, on the first page in a tinted box:
/// read before the exercises rather than found after the last week.
fn notes(t: &Typesetter<'_>, ctx: &Ctx<'_>, flow: &mut Flow, w: f32) {
    let Some(notes) = &ctx.plan.person.notes else {
        return;
    };
    let title = match &ctx.plan.person.clinician {
        Some(c) => format!("Notes from {c}"),
        None => "Notes from your clinician".to_string(),
    };
    let pad = 10.0;
    let inner = w - 2.0 * pad;
    let mut lines = with_heading(
        vec![t.block(&title, H3, inner).padded(0.0, 3.0)],
        markdown(t, &markdown::blocks(notes, RawHtml::Escape), BODY, inner),
    );
    if let Some(first) = lines.first_mut() {
        *first = std::mem::take(first).padded(pad, 0.0);
    }
    if let Some(last) = lines.last_mut() {
        *last = std::mem::take(last).padded(0.0, pad);
    }
    // Each line carries its own strip of the tint, so notes that run over
    // a page break (they may fill pages) still sit in one box.
    let count = lines.len();
    let tinted = lines.into_iter().enumerate().map(|(i, line)| {
        // A hair of overlap, so no seam shows between two strips.
        let overlap = if i + 1 < count { 0.3 } else { 0.0 };
        let mut strip = Slice::gap(line.h);
        strip.push(rect(0.0, 0.0, w, line.h + overlap, Some(TINT), None));
        strip.push(rect(0.0, 0.0, 3.0, line.h + overlap, Some(ACCENT), None));
        strip.overlay(line, pad, 0.0);
        strip
    });
    flow.gap(12.0);
    flow.place_all(tinted);
}

/// On every page after the first: who and which stage, and the dates.
fn running_header(t: &Typesetter<'_>, ctx: &Ctx<'_>, w: f32) -> Slice {
    let plan = ctx.plan;
    let style = Style {
        size: 8.5,
        leading: 11.0,
        ..SMALL
    };
    let dates = date_range(plan.start, plan.end);
    let dates_w = t.width(Face::Regular, style.size, &dates);
    let mut who = Vec::new();
    if let Some(name) = &plan.person.name {
        who.push(Span::bold(format!("{name}  ·  ")));
    }
    who.push(Span::plain(format!(
        "Stage {}: {}",
        plan.stage.number, plan.stage.title
    )));
    let left = Slice::stack(t.paragraph(&who, style.color(INK), w - dates_w - 16.0));
    let mut s = Slice::gap(left.h + 5.0);
    s.overlay(left, 0.0, 0.0);
    s.push(t.right_aligned(style, w, 0.0, &dates));
    s.push(rule(0.0, s.h, w, 0.5, RULE));
    s
}

/// Page x of y, the plan id, and the guide page's address as text and QR code.
fn footer(
    t: &Typesetter<'_>,
    ctx: &Ctx<'_>,
    w: f32,
    (page, pages): (usize, usize),
    url: Option<&str>,
    qr: Option<&Slice>,
) -> Slice {
    let text_w = if url.is_some() { w - QR_SIZE - 14.0 } else { w };
    let style = Style {
        size: 7.5,
        leading: 10.0,
        ..SMALL
    };
    let id = format!("{}-{}", &ctx.plan_id[..4], &ctx.plan_id[4..]);
    let mut lines = vec![
        Slice::stack(t.paragraph(
            &[Span::bold(format!("Page {page} of {pages}"))],
            style.color(INK),
            text_w,
        )),
        Slice::stack(t.paragraph(
            &[Span::plain(format!(
                "Plan {id}  ·  {}, stage {} of {}  ·  made with planwright",
                ctx.plan.program, ctx.plan.stage.number, ctx.plan.stage.of
            ))],
            style,
            text_w,
        )),
    ];
    if let Some(url) = url {
        lines.push(Slice::stack(t.paragraph(
            &[Span::plain("Full guide with pictures: "), Span::plain(url)],
            style,
            text_w,
        )));
    }
    let text = Slice::stack(lines);
    let mut footer = Slice::gap(text.h.max(if url.is_some() { QR_SIZE } else { 0.0 }) + 8.0);
    footer.push(rule(0.0, 0.0, w, 0.5, RULE));
    footer.overlay(text, 0.0, 8.0);
    if let Some(qr) = qr {
        footer.overlay(qr.clone(), w - QR_SIZE, 8.0);
    }
    footer
}

#[cfg(test)]
mod tests {
    use super::*;
    use planwright::content;
    use planwright_core::progression::{self, PlanRequest, StageRef};

    use planwright_core::plan::Person;

    /// A real-looking address, for plans that print the guide's QR code.
    const REAL_URL: &str = "https://exercises.riverside-physio.co.uk/thoracic/";

    fn clinician_and_notes(name: &str) -> Person {
        Person {
            name: Some(name.to_string()),
            clinician: Some("Dr Sam Carter-Featherstonehaugh".to_string()),
            clinic: Some("Riverside Physiotherapy and Sports Injury Clinic".to_string()),
            notes: Some("Ease off for a day if your shoulder aches the next morning.".to_string()),
            ..Person::default()
        }
    }

    fn plan_for(program: &Program, stage: usize, weeks: u32, name: &str) -> Plan {
        plan_with(program, stage, Some(weeks), clinician_and_notes(name))
    }

    /// A plan from 1 June 2026; `weeks: None` is the stage's own length.
    fn plan_with(program: &Program, stage: usize, weeks: Option<u32>, person: Person) -> Plan {
        let request = PlanRequest {
            stage: Some(StageRef::Number(stage)),
            exercises: Vec::new(),
            start: Date::new(2026, 6, 1).unwrap(),
            weeks,
            target: None,
            units: None,
            equipment: None,
            baselines: Vec::new(),
            beyond_stage_limit: true,
            person,
        };
        progression::plan(program, &request).unwrap()
    }

    fn sheet(
        plan: &Plan,
        program: &Program,
        paper: Paper,
        created: Option<jiff::Timestamp>,
    ) -> Sheet {
        let fonts = crate::pdf::test_fonts();
        let options = PdfOptions {
            paper,
            created,
            logo: None,
            pictures: None,
        };
        lay_out(plan, program, &options, &fonts, "K3F9Q2MD").unwrap()
    }

    /// Every mark of every page stays inside the live area (give or take
    /// [`OVERHANG`]); `what` names the case in a failure.
    fn assert_inside_live_area(sheet: &Sheet, what: &str) {
        let (l, t, r, b) = sheet.live_area;
        for (p, page) in sheet.pages.iter().enumerate() {
            for mark in page {
                let (ml, mt, mr, mb) = mark.bounds();
                assert!(
                    ml >= l - OVERHANG
                        && mt >= t - OVERHANG
                        && mr <= r + OVERHANG
                        && mb <= b + OVERHANG,
                    "{what} page {}: {mark:?} leaves {:?}",
                    p + 1,
                    sheet.live_area
                );
            }
        }
    }

    /// The text of a page, its runs joined by spaces.
    fn text_of(page: &[Mark]) -> String {
        page.iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.replace('\u{a0}', " ")),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The program as shipped, with `base_url` set to `url`.
    fn shipped_at(url: Option<&str>) -> Program {
        let mut program = content::load_shipped().unwrap().program;
        program.config.base_url = url.map(str::to_string);
        program
    }

    /// Every mark of every page lies inside the live area, on both papers,
    /// with a 60-character name, long cues and 12 weeks.
    #[test]
    fn nothing_leaves_the_live_area() {
        let fonts = crate::pdf::test_fonts();
        let mut program = content::load_shipped().unwrap().program;
        for e in &mut program.exercises {
            e.cues.push(
                "Keep breathing slowly and steadily through the whole movement, counting \
                 each repetition out loud if it helps you to keep an even, unhurried rhythm \
                 from the first set to the last; never hold your breath."
                    .repeat(2),
            );
        }
        program.config.base_url = Some(REAL_URL.to_string());
        program.config.clinic = Some(planwright_core::model::Clinic {
            phone: Some("+44 (0)20 7946 0000 / 12345".to_string()),
            name: "Riverside Physiotherapy and Sports Injury Clinic of the North".to_string(),
            contact: Some(
                "+44 20 7946 0000 · hello@riverside-physio.example · 12 Long Street, Riverside"
                    .to_string(),
            ),
            logo: None,
        });
        let name = "Zoë Ångström-Fitzgerald de la Cruz-Montgomery Wolfeschlegels";
        assert_eq!(name.chars().count(), 60);
        for paper in [Paper::A4, Paper::Letter] {
            for stage in 1..=5 {
                let plan = plan_for(&program, stage, 12, name);
                let options = PdfOptions {
                    paper,
                    created: None,
                    logo: None,
                    pictures: None,
                };
                let sheet = lay_out(&plan, &program, &options, &fonts, "K3F9Q2MD").unwrap();
                assert!(sheet.pages.len() >= 3);
                assert_inside_live_area(&sheet, &format!("{paper:?} stage {stage}"));
            }
        }
    }

    #[test]
    fn week_blocks_are_never_split_across_pages() {
        let fonts = crate::pdf::test_fonts();
        let program = content::load_shipped().unwrap().program;
        for paper in [Paper::A4, Paper::Letter] {
            let plan = plan_for(&program, 1, 12, "Ana");
            let options = PdfOptions {
                paper,
                created: None,
                logo: None,
                pictures: None,
            };
            let sheet = lay_out(&plan, &program, &options, &fonts, "K3F9Q2MD").unwrap();
            // Each week's title and its pain box are on the same page.
            for week in 1..=12 {
                let title = format!("Week {week}");
                let page_of = |text: &str| {
                    sheet.pages.iter().position(|p| {
                        p.iter()
                            .any(|m| matches!(m, Mark::Text { text: t, .. } if t == text))
                    })
                };
                let start = page_of(&title).unwrap_or_else(|| panic!("no {title}"));
                let next = page_of(&format!("Week {}", week + 1));
                if let Some(next) = next {
                    assert!(next >= start);
                }
                let pains: Vec<usize> = sheet
                    .pages
                    .iter()
                    .enumerate()
                    .flat_map(|(i, p)| {
                        p.iter()
                            .filter(
                                |m| matches!(m, Mark::Text { text, .. } if text == "PAIN (0–10)"),
                            )
                            .map(move |_| i)
                    })
                    .collect();
                assert_eq!(pains.len(), 12);
                assert_eq!(pains[week - 1], start, "{paper:?} week {week}");
            }
        }
    }

    /// No plan of the shipped program ends on a page less than a quarter
    /// full: every stage on both papers, with and without a clinician's
    /// notes, with and without the guide's QR code in the footer; and, with
    /// notes and the code, at every length from 1 to 12 weeks.
    #[test]
    fn no_plan_ends_on_a_mostly_empty_page() {
        use rayon::prelude::*;
        let mut cases = Vec::new();
        for url in [None, Some(REAL_URL)] {
            for paper in [Paper::A4, Paper::Letter] {
                for stage in 1..=5 {
                    for notes in [false, true] {
                        cases.push((url, paper, stage, None, notes));
                    }
                    if url.is_some() {
                        cases.extend((1..=12).map(|w| (url, paper, stage, Some(w), true)));
                    }
                }
            }
        }
        let programs = [shipped_at(None), shipped_at(Some(REAL_URL))];
        let short: Vec<String> = cases
            .par_iter()
            .filter_map(|&(url, paper, stage, weeks, notes)| {
                let program = &programs[usize::from(url.is_some())];
                let person = if notes {
                    clinician_and_notes("Ana Lima")
                } else {
                    Person::default()
                };
                let plan = plan_with(program, stage, weeks, person);
                let sheet = sheet(&plan, program, paper, None);
                (sheet.last_page_fill < MIN_LAST_PAGE_FILL).then(|| {
                    format!(
                        "{paper:?} stage {stage}, {weeks:?} weeks, notes {notes}, {url:?}: \
                         the last of {} pages is {:.0}% full",
                        sheet.pages.len(),
                        sheet.last_page_fill * 100.0
                    )
                })
            })
            .collect();
        assert!(short.is_empty(), "{short:#?}");
        assert_eq!(MIN_LAST_PAGE_FILL, 0.25);
    }

    /// Stage 4 on US Letter used to spill "Stage 5 starts with" onto a
    /// fourth page; it is three, like every shipped stage, QR code or not.
    #[test]
    fn every_shipped_stage_is_three_pages() {
        for url in [None, Some(REAL_URL)] {
            let program = shipped_at(url);
            for paper in [Paper::A4, Paper::Letter] {
                for stage in 1..=5 {
                    let plan = plan_with(&program, stage, None, Person::default());
                    let pages = sheet(&plan, &program, paper, None).pages.len();
                    assert_eq!(pages, 3, "{paper:?} stage {stage}, {url:?}");
                }
            }
        }
    }

    #[test]
    fn a_placeholder_address_prints_no_address_and_no_code() {
        let footer_has = |url: Option<&str>| {
            let program = shipped_at(url);
            let plan = plan_with(&program, 2, None, Person::default());
            let sheet = sheet(&plan, &program, Paper::A4, None);
            let text = text_of(&sheet.pages[0]);
            // The QR code's modules are the only black squares on a page.
            let modules = sheet.pages[0]
                .iter()
                .filter(
                    |m| matches!(m, Mark::Rect { fill: Some(c), stroke: None, .. } if *c == INK),
                )
                .count();
            (text.contains("Full guide with pictures"), modules > 0, text)
        };
        let (guide, code, text) = footer_has(Some(REAL_URL));
        assert!(guide && code, "{text}");
        assert!(
            text.contains(&format!("{REAL_URL}stages/static-holds.html")),
            "{text}"
        );
        for url in [
            None,
            Some("https://planwright.example/thoracic/"),
            Some("https://example.org/guide/"),
            Some("http://localhost:1111/"),
        ] {
            let (guide, code, text) = footer_has(url);
            assert!(!guide && !code, "{url:?}: {text}");
            assert!(!text.contains("http"), "{url:?}: {text}");
        }
    }

    #[test]
    fn the_issue_and_review_dates_come_from_the_patient_file_or_the_stamp() {
        let program = shipped_at(None);
        let first_page = |person: Person, created: Option<jiff::Timestamp>| {
            let plan = plan_with(&program, 1, None, person);
            let sheet = sheet(&plan, &program, Paper::A4, created);
            let lines = sheet.pages[0]
                .iter()
                .filter(|m| matches!(m, Mark::Line { stroke, .. } if stroke.color == MUTED))
                .count();
            (text_of(&sheet.pages[0]), lines)
        };
        let stamp: jiff::Timestamp = "2026-05-28T20:26:40Z".parse().unwrap();
        let given = Person {
            clinician: Some("Dr Sam Carter".to_string()),
            issued: Some(Date::new(2026, 5, 27).unwrap()),
            review: Some(Date::new(2026, 7, 13).unwrap()),
            ..Person::default()
        };
        let (text, _) = first_page(given, Some(stamp));
        assert!(text.contains("Issued on Wednesday 27 May 2026"), "{text}");
        assert!(
            text.contains("See your clinician again on Monday 13 July 2026"),
            "{text}"
        );
        // No issue date given: the day of the creation stamp.
        let (text, _) = first_page(Person::default(), Some(stamp));
        assert!(text.contains("Issued on Thursday 28 May 2026"), "{text}");
        assert!(!text.contains("See your clinician"), "no clinician: {text}");
        // Neither: lines to write them on (the name's, the issue date's,
        // and with a clinician, the review's).
        let (text, blank) = first_page(Person::default(), None);
        assert!(text.contains("Issued on") && !text.contains("Issued on Thursday"));
        assert_eq!(blank, 2, "{text}");
        let clinician = Person {
            clinician: Some("Dr Sam Carter".to_string()),
            ..Person::default()
        };
        let (text, blank) = first_page(clinician, None);
        assert!(text.contains("See your clinician again on"), "{text}");
        assert_eq!(blank, 3, "{text}");
    }

    #[test]
    fn the_clinicians_notes_are_on_the_first_page_in_a_box() {
        for paper in [Paper::A4, Paper::Letter] {
            let program = shipped_at(Some(REAL_URL));
            let plan = plan_with(&program, 4, None, clinician_and_notes("Ana"));
            let sheet = sheet(&plan, &program, paper, None);
            let first = text_of(&sheet.pages[0]);
            assert!(
                first.contains("Notes from Dr Sam Carter-Featherstonehaugh")
                    && first.contains("Ease off for a day"),
                "{first}"
            );
            for page in &sheet.pages[1..] {
                assert!(!text_of(page).contains("Ease off"));
            }
            // The notes come before the exercises and the goal of the stage.
            let at = |needle: &str| {
                sheet.pages.iter().enumerate().find_map(|(page, marks)| {
                    marks.iter().find_map(|m| match m {
                        Mark::Text { text, y, .. } if text.starts_with(needle) => Some((page, *y)),
                        _ => None,
                    })
                })
            };
            let notes = at("Ease off").unwrap();
            assert!(notes < at("HOW TO DO IT").unwrap(), "{paper:?}");
            assert!(notes < at("The goal of this stage").unwrap(), "{paper:?}");
        }
    }

    #[test]
    fn contact_us_gives_the_clinics_number_beside_every_pain_box() {
        let mut program = shipped_at(None);
        let plan = plan_with(&program, 2, None, Person::default());
        let text = text_of(&sheet(&plan, &program, Paper::A4, None).pages.concat());
        assert!(
            !text.contains("Contact") && !text.contains("Call"),
            "{text}"
        );

        program.config.clinic = Some(planwright_core::model::Clinic {
            name: "Riverside Physiotherapy".to_string(),
            contact: None,
            phone: Some("020 7946 0000".to_string()),
            logo: None,
        });
        let plan = plan_with(&program, 2, None, Person::default());
        assert_eq!(
            contact_sentence(&plan, &program),
            "Contact us if your pain goes above 5 or is still there the next day: \
             call Riverside Physiotherapy on 020 7946 0000."
        );
        let sheet = sheet(&plan, &program, Paper::A4, None);
        let first = text_of(&sheet.pages[0]);
        assert!(
            first.contains("Phone 020 7946 0000"),
            "the letterhead: {first}"
        );
        let all = text_of(&sheet.pages.concat());
        assert!(all.contains("Contact us"), "{all}");
        assert_eq!(
            all.matches("Call 020 7946 0000").count(),
            plan.weeks.len(),
            "one beside each week's pain box: {all}"
        );

        // The patient file's clinic and number come before the letterhead's.
        let person = Person {
            clinic: Some("Northside Clinic".to_string()),
            clinic_phone: Some("0161 496 0000".to_string()),
            ..Person::default()
        };
        let plan = plan_with(&program, 2, None, person);
        assert!(
            contact_sentence(&plan, &program).ends_with("call Northside Clinic on 0161 496 0000.")
        );
        let all = text_of(&sheet_pages(&plan, &program));
        assert!(all.contains("Call 0161 496 0000"), "{all}");

        // A clinician without a number: whom to tell, and no number.
        program.config.clinic = None;
        let person = Person {
            clinician: Some("Dr Sam Carter".to_string()),
            ..Person::default()
        };
        let plan = plan_with(&program, 2, None, person);
        assert_eq!(
            contact_sentence(&plan, &program),
            "Contact Dr Sam Carter if your pain goes above 5 or is still there the next day."
        );
        let all = text_of(&sheet_pages(&plan, &program));
        assert!(all.contains("Contact Dr Sam Carter"), "{all}");
        assert!(!all.contains("Call"), "{all}");
    }

    /// The "contact us" line as one string (the page wraps it).
    fn contact_sentence(plan: &Plan, program: &Program) -> String {
        let options = PdfOptions {
            paper: Paper::A4,
            created: None,
            logo: None,
            pictures: None,
        };
        let ctx = Ctx {
            plan,
            program,
            options: &options,
            plan_id: "K3F9Q2MD",
            figures: Vec::new(),
            videos: Vec::new(),
        };
        contact_us(&ctx)
            .unwrap_or_default()
            .iter()
            .map(|s| s.text.replace('\u{a0}', " "))
            .collect()
    }

    fn sheet_pages(plan: &Plan, program: &Program) -> Vec<Mark> {
        sheet(plan, program, Paper::A4, None).pages.concat()
    }

    /// Notes as long as a patient file allows run over onto the next
    /// pages in one box, inside the live area, before the goal of the stage.
    #[test]
    fn long_notes_run_over_pages_inside_the_live_area() {
        let program = shipped_at(Some(REAL_URL));
        let paragraph = "Ease off for a day if your shoulder aches the next morning, \
                         and tell us at your next visit how often it happened. ";
        let mut notes = String::new();
        while notes.len() + paragraph.len() * 3 + 2 < planwright::content::MAX_NOTES_CHARS {
            notes.push_str(&paragraph.repeat(3));
            notes.push_str("\n\n");
        }
        let person = Person {
            notes: Some(notes),
            ..clinician_and_notes("Ana")
        };
        for paper in [Paper::A4, Paper::Letter] {
            let plan = plan_with(&program, 1, None, person.clone());
            let sheet = sheet(&plan, &program, paper, None);
            assert_inside_live_area(&sheet, &format!("{paper:?}"));
            let with_notes: Vec<usize> = (0..sheet.pages.len())
                .filter(|&i| text_of(&sheet.pages[i]).contains("tell us at your next visit"))
                .collect();
            assert!(
                with_notes.len() >= 2 && with_notes[0] == 0,
                "{paper:?}: {with_notes:?}"
            );
            assert!(sheet.last_page_fill >= MIN_LAST_PAGE_FILL, "{paper:?}");
        }
    }
}
