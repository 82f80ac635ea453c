//! What a printed plan shows and where: the first page (who, when, the
//! goal, how to use the sheet, safety, each exercise in brief), a block per
//! week with its dose and tick boxes, when to move on, and a header and
//! footer on every page. Every dose and phrase about a dose is the plan's
//! own text; this module only places it.

use jiff::civil::Date;

use planwright_core::model::{Paper, Program, RawHtml};
use planwright_core::plan::{Plan, Sessions, Status, Week};
use planwright_core::wording;

use super::fonts::{Face, Fonts};
use super::layout::{Flow, Frame, Mark, Rgb, Slice, Span, Stroke, Style, Typesetter};
use super::markdown::{self, Block};
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
    let ctx = Ctx {
        plan,
        program,
        options,
        plan_id,
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

    let mut flow = Flow::new(frame);
    first_page(&t, &ctx, &mut flow, width);
    // The weeks start on a page of their own, unless the first page's
    // content already ran over onto a second.
    if flow.pages.len() == 1 {
        flow.new_page();
    } else {
        flow.gap(22.0);
    }
    weeks(&t, &ctx, &mut flow, width);
    move_on(&t, &ctx, &mut flow, width);
    notes(&t, &ctx, &mut flow, width);

    let count = flow.pages.len();
    let mut pages = flow.pages;
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
        live_area: (
            MARGIN_X,
            MARGIN_TOP,
            page_w - MARGIN_X,
            page_h - MARGIN_BOTTOM,
        ),
    })
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

/// Two columns side by side as one slice, or one after the other when
/// side by side they would not fit on a page.
/// Places `head` (a heading, or nothing) and two columns below it. When
/// they fit on a page they move together, so a heading never waits alone
/// at the foot of a page for its columns on the next.
fn two_columns(flow: &mut Flow, head: Slice, left: Vec<Slice>, right: Vec<Slice>, right_x: f32) {
    let l = Slice::stack(left.clone());
    let r = Slice::stack(right.clone());
    if head.h + l.h.max(r.h) <= flow.page_height() {
        flow.place(Slice::stack(vec![
            head,
            Slice::columns([(0.0, l), (right_x, r)]),
        ]));
    } else {
        flow.place(head);
        flow.place_all(left);
        flow.gap(10.0);
        flow.place_all(right);
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
    flow.gap(14.0);

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
    let mut steps = Vec::new();
    for (i, line) in how.iter().enumerate() {
        if i > 0 {
            steps.push(Slice::gap(3.0));
        }
        steps.extend(item(
            t,
            &format!("{}.", i + 1),
            &[Span::plain(*line)],
            BODY,
            col,
        ));
    }
    let how = with_heading(
        vec![t.block("How to use this sheet", H2, col).padded(0.0, 3.0)],
        steps,
    );
    two_columns(flow, Slice::gap(0.0), goal, how, col + 20.0);
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
        head.push(Slice::stack(t.paragraph(&title, title_style, w)).padded(0.0, 1.0));
        if let Some(summary) = &exercise.summary {
            head.push(Slice::stack(t.paragraph(
                &[Span::plain(summary.clone())],
                BODY,
                w,
            )));
        }
        if !exercise.equipment.is_empty() {
            let need = [
                Span::bold("You need: "),
                Span::plain(exercise.equipment.join(", ")),
            ];
            head.push(Slice::stack(t.paragraph(&need, SMALL, w)));
        }
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
        let (left, right) = balance(parts);
        two_columns(flow, Slice::stack(head), left, right, col + 20.0);
    }
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
        });
        right.h = lh + 6.0;
    }
    let mut lines = Vec::new();
    lines.extend(
        t.wrap(&[Span::bold(clinic.name.clone())], BODY, brand_w)
            .into_iter()
            .map(|l| (l, BODY.bold())),
    );
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

/// Start, end, clinician and clinic in a tinted strip.
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
        fields.push(("CLINIC", c.clone()));
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
    let mut strip = Slice::gap(body.h + 2.0 * 8.0);
    strip.push(rect(0.0, 0.0, w, strip.h, Some(TINT), None));
    strip.overlay(body, 0.0, 8.0);
    strip
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

fn weeks(t: &Typesetter<'_>, ctx: &Ctx<'_>, flow: &mut Flow, w: f32) {
    let plan = ctx.plan;
    let title = format!("Your {} weeks", plan.weeks.len());
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
    for week in &plan.weeks {
        let whole = week_block(t, ctx, week, 0..week.exercises.len(), true, w);
        let parts = if whole.h <= flow.page_height() {
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
            if i > 0 {
                flow.gap(6.0);
            }
            match first.take() {
                Some(head) => flow.place(Slice::stack([head, part])),
                None => {
                    flow.gap(8.0);
                    flow.place(part);
                }
            }
        }
    }
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
        block.push(rule(line_x, block.h + row_h - 9.0, w - pad, 0.6, MUTED));
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

/// The stage's criteria as boxes to tick, and where the next stage starts.
fn move_on(t: &Typesetter<'_>, ctx: &Ctx<'_>, flow: &mut Flow, w: f32) {
    let plan = ctx.plan;
    flow.gap(22.0);
    let intro = match &plan.next_stage {
        Some(next) => format!(
            "Move on to stage {}, {}, when all of these are true:",
            next.number, next.title
        ),
        None => "This is the last stage of the program. It is complete when all of these are true:"
            .to_string(),
    };
    let mut body = vec![t.block(&intro, BODY, w).padded(0.0, 6.0)];
    for (i, criterion) in plan.stage.move_on.iter().enumerate() {
        if i > 0 {
            body.push(Slice::gap(5.0));
        }
        let mut lines = t.paragraph(&[Span::plain(criterion.clone())], BODY, w - TICK - 8.0);
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
    flow.place_all(with_heading(
        vec![t.block("When to move on", H2, w).padded(0.0, 4.0)],
        body,
    ));
    if let Some(next) = &plan.next_stage {
        flow.gap(12.0);
        let mut lines = Vec::new();
        for e in &next.exercises {
            let spans = [
                Span::bold(format!("{}: ", e.title)),
                Span::plain(format!("{}, {}", wording::dose(&e.dose), e.frequency)),
            ];
            lines.extend(item(t, "•", &spans, BODY, w));
        }
        flow.place_all(with_heading(
            vec![t
                .block(&format!("Stage {} starts with", next.number), H3, w)
                .padded(0.0, 3.0)],
            lines,
        ));
    }
}

/// The clinician's notes for the person, when the patient file has them.
fn notes(t: &Typesetter<'_>, ctx: &Ctx<'_>, flow: &mut Flow, w: f32) {
    let Some(notes) = &ctx.plan.person.notes else {
        return;
    };
    flow.gap(18.0);
    let title = match &ctx.plan.person.clinician {
        Some(c) => format!("Notes from {c}"),
        None => "Notes from your clinician".to_string(),
    };
    flow.place_all(with_heading(
        vec![t.block(&title, H3, w).padded(0.0, 3.0)],
        markdown(t, &markdown::blocks(notes, RawHtml::Escape), BODY, w),
    ));
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
    use crate::content;
    use planwright_core::progression::{self, PlanRequest, StageRef};

    fn plan_for(program: &Program, stage: usize, weeks: u32, name: &str) -> Plan {
        let request = PlanRequest {
            stage: Some(StageRef::Number(stage)),
            exercises: Vec::new(),
            start: Date::new(2026, 6, 1).unwrap(),
            weeks: Some(weeks),
            target: None,
            units: None,
            equipment: None,
            baselines: Vec::new(),
            beyond_stage_limit: true,
            person: planwright_core::plan::Person {
                name: Some(name.to_string()),
                clinician: Some("Dr Sam Carter-Featherstonehaugh".to_string()),
                clinic: Some("Riverside Physiotherapy and Sports Injury Clinic".to_string()),
                notes: Some(
                    "Ease off for a day if your shoulder aches the next morning.".to_string(),
                ),
                ..planwright_core::plan::Person::default()
            },
        };
        progression::plan(program, &request).unwrap()
    }

    /// Every mark of every page lies inside the live area, on both papers,
    /// with a 60-character name, long cues and 12 weeks.
    #[test]
    fn nothing_leaves_the_live_area() {
        let fonts = Fonts::load().unwrap();
        let mut program = content::load_shipped().unwrap().program;
        for e in &mut program.exercises {
            e.cues.push(
                "Keep breathing slowly and steadily through the whole movement, counting \
                 each repetition out loud if it helps you to keep an even, unhurried rhythm \
                 from the first set to the last; never hold your breath."
                    .repeat(2),
            );
        }
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
                };
                let sheet = lay_out(&plan, &program, &options, &fonts, "K3F9Q2MD").unwrap();
                let (l, t, r, b) = sheet.live_area;
                assert!(sheet.pages.len() >= 3);
                for (p, page) in sheet.pages.iter().enumerate() {
                    for mark in page {
                        let (ml, mt, mr, mb) = mark.bounds();
                        assert!(
                            ml >= l - OVERHANG
                                && mt >= t - OVERHANG
                                && mr <= r + OVERHANG
                                && mb <= b + OVERHANG,
                            "{paper:?} stage {stage} page {}: {mark:?} leaves {:?}",
                            p + 1,
                            sheet.live_area
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn week_blocks_are_never_split_across_pages() {
        let fonts = Fonts::load().unwrap();
        let program = content::load_shipped().unwrap().program;
        for paper in [Paper::A4, Paper::Letter] {
            let plan = plan_for(&program, 1, 12, "Ana");
            let options = PdfOptions {
                paper,
                created: None,
                logo: None,
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
}
