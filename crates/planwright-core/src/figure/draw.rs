//! From poses to strokes: where each joint lands, how the frames are laid
//! side by side, and the ghost and arrow that show the movement.

use super::{Arrow, Figure, Joint, Part, Pose, Prop};

// Segment lengths as fractions of standing height, from a standard figure:
// upper arm and forearm-with-hand about 0.19, thigh and shin about 0.25,
// a head about one seventh of the height.
const TRUNK: f32 = 0.30;
const NECK: f32 = 0.045;
const HEAD_RADIUS: f32 = 0.062;
const UPPER_ARM: f32 = 0.19;
const FOREARM: f32 = 0.19;
const THIGH: f32 = 0.245;
const SHIN: f32 = 0.245;
const FOOT: f32 = 0.085;
/// How thick the mat is, so a figure on it rests on its top.
const MAT: f32 = 0.018;
/// Room around everything drawn inside a frame.
const MARGIN: f32 = 0.07;
/// Between two frames.
const GAP: f32 = 0.06;
/// How far the arrow runs beside the path it follows.
const ARROW_OFFSET: f32 = 0.075;
/// The shortest arrow drawn.
const MIN_ARROW: f32 = 0.12;
/// A drawing's units per standing height: numbers stay short and readable.
const SCALE: f32 = 100.0;

/// What a stroke is drawing, which decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ink {
    /// The white card each position is drawn on.
    Frame,
    /// The floor.
    Ground,
    /// Wall, ball, bench, mat and dumbbell.
    Prop,
    /// The position before, where the moving part came from.
    Ghost,
    /// Limbs, neck and head that stay still.
    Body,
    /// The trunk, when it stays still: a little heavier than the limbs.
    Torso,
    /// Limbs, neck and head that move.
    Accent,
    /// The trunk, when it moves.
    AccentTorso,
    /// The direction of the movement.
    Arrow,
}

/// How an ink is stroked, in drawing units (a hundredth of standing height).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InkStyle {
    /// Stroke width.
    pub width: f32,
    /// Stroke colour, 0–255 per channel.
    pub color: [u8; 3],
    /// Dash and gap lengths, for a dashed stroke.
    pub dash: Option<(f32, f32)>,
    /// Fill colour, for a closed shape that is filled.
    pub fill: Option<[u8; 3]>,
}

const DARK: [u8; 3] = [0x2f, 0x34, 0x38];
const ACCENT: [u8; 3] = [0x0f, 0x6b, 0x8c];

impl Ink {
    /// The stroke of this ink. The moving part differs from the rest by
    /// weight as well as colour, so it still stands out printed in grey.
    pub fn style(self) -> InkStyle {
        let (width, color, dash, fill) = match self {
            Ink::Frame => (0.8, [0xcf, 0xd6, 0xdb], None, Some([0xff, 0xff, 0xff])),
            Ink::Ground => (1.4, [0xa9, 0xb3, 0xba], None, None),
            Ink::Prop => (1.8, [0x96, 0xa1, 0xa9], None, None),
            Ink::Ghost => (1.8, [0x8f, 0xb4, 0xc4], Some((3.0, 2.6)), None),
            Ink::Body => (2.6, DARK, None, None),
            Ink::Torso => (3.4, DARK, None, None),
            Ink::Accent => (3.3, ACCENT, None, None),
            Ink::AccentTorso => (4.2, ACCENT, None, None),
            Ink::Arrow => (2.0, ACCENT, None, None),
        };
        InkStyle {
            width,
            color,
            dash,
            fill,
        }
    }
}

/// One step of a path, in drawing units with y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    /// Start a new sub-path here.
    Move(f32, f32),
    /// A straight line to here.
    Line(f32, f32),
    /// A cubic Bézier curve: two control points, then the end.
    Cubic([f32; 6]),
    /// Back to the sub-path's start.
    Close,
}

/// A path drawn in one ink.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// How it is drawn.
    pub ink: Ink,
    /// Where.
    pub path: Vec<Segment>,
}

/// A figure's positions drawn side by side, `width` × `height` drawing units.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Width in drawing units.
    pub width: f32,
    /// Height in drawing units.
    pub height: f32,
    /// How many positions are shown.
    pub frames: usize,
    /// Back to front.
    pub shapes: Vec<Shape>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct P {
    x: f32,
    y: f32,
}

impl P {
    fn new(x: f32, y: f32) -> P {
        P { x, y }
    }
    fn add(self, o: P) -> P {
        P::new(self.x + o.x, self.y + o.y)
    }
    fn sub(self, o: P) -> P {
        P::new(self.x - o.x, self.y - o.y)
    }
    fn scale(self, k: f32) -> P {
        P::new(self.x * k, self.y * k)
    }
    fn len(self) -> f32 {
        self.x.hypot(self.y)
    }
    fn unit(self) -> P {
        let l = self.len();
        if l > f32::EPSILON {
            self.scale(1.0 / l)
        } else {
            P::new(0.0, 0.0)
        }
    }
    /// Turned a quarter counter-clockwise.
    fn left(self) -> P {
        P::new(-self.y, self.x)
    }
    fn lerp(self, o: P, t: f32) -> P {
        self.add(o.sub(self).scale(t))
    }
}

/// A unit vector `degrees` counter-clockwise from forward.
fn dir(degrees: f32) -> P {
    let r = degrees.to_radians();
    P::new(r.cos(), r.sin())
}

/// The angles of a pose as numbers, so positions between two poses can be
/// found by interpolating them.
#[derive(Debug, Clone, Copy)]
struct Angles {
    trunk: f32,
    bend: f32,
    neck: f32,
    upper_arm: f32,
    forearm: f32,
    thigh: f32,
    shin: f32,
    foot: f32,
}

impl Angles {
    fn of(pose: &Pose) -> Angles {
        let shin = pose.shin.0 as f32;
        Angles {
            trunk: pose.trunk.0 as f32,
            bend: pose.bend.0 as f32,
            neck: pose.neck.0 as f32,
            upper_arm: pose.upper_arm.0 as f32,
            forearm: pose.forearm.0 as f32,
            thigh: pose.thigh.0 as f32,
            shin,
            foot: pose.foot.map_or(shin + 90.0, |f| f.0 as f32),
        }
    }

    fn lerp(&self, o: &Angles, t: f32) -> Angles {
        let l = |a: f32, b: f32| a + (b - a) * t;
        Angles {
            trunk: l(self.trunk, o.trunk),
            bend: l(self.bend, o.bend),
            neck: l(self.neck, o.neck),
            upper_arm: l(self.upper_arm, o.upper_arm),
            forearm: l(self.forearm, o.forearm),
            thigh: l(self.thigh, o.thigh),
            shin: l(self.shin, o.shin),
            foot: l(self.foot, o.foot),
        }
    }
}

/// Where every joint of a posed body is, in heights with y up.
#[derive(Debug, Clone, Copy)]
struct Body {
    pelvis: P,
    /// The trunk's quadratic control point.
    bend: P,
    neck: P,
    head: P,
    elbow: P,
    hand: P,
    knee: P,
    ankle: P,
    toe: P,
}

impl Body {
    /// The body with its hips at `pelvis`.
    fn at(a: &Angles, pelvis: P) -> Body {
        let neck = pelvis.add(dir(a.trunk).scale(TRUNK));
        let mid = pelvis.lerp(neck, 0.5);
        // Positive bend rounds the back: the curve bulges behind the body,
        // which is to the left of the hips-to-neck line for a figure facing
        // right.
        let back = neck.sub(pelvis).unit().left();
        let bend = mid.add(back.scale(TRUNK / 2.0 * a.bend.to_radians().tan()));
        let head = neck.add(dir(a.neck).scale(NECK + HEAD_RADIUS));
        let elbow = neck.add(dir(a.upper_arm).scale(UPPER_ARM));
        let hand = elbow.add(dir(a.forearm).scale(FOREARM));
        let knee = pelvis.add(dir(a.thigh).scale(THIGH));
        let ankle = knee.add(dir(a.shin).scale(SHIN));
        let toe = ankle.add(dir(a.foot).scale(FOOT));
        Body {
            pelvis,
            bend,
            neck,
            head,
            elbow,
            hand,
            knee,
            ankle,
            toe,
        }
    }

    fn spine(&self, t: f32) -> P {
        let a = self.pelvis.lerp(self.bend, t);
        let b = self.bend.lerp(self.neck, t);
        a.lerp(b, t)
    }

    /// Points along the whole body, to find its extent and keep arrows clear of it.
    fn samples(&self) -> Vec<P> {
        let mut out = Vec::new();
        for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
            out.push(self.spine(t));
        }
        for (a, b) in [
            (self.neck, self.elbow),
            (self.elbow, self.hand),
            (self.pelvis, self.knee),
            (self.knee, self.ankle),
            (self.ankle, self.toe),
        ] {
            out.push(a.lerp(b, 0.5));
            out.push(b);
        }
        for k in 0..8 {
            out.push(self.head.add(dir(k as f32 * 45.0).scale(HEAD_RADIUS)));
        }
        out
    }

    fn joint(&self, j: Joint) -> P {
        match j {
            Joint::Hand => self.hand,
            Joint::Elbow => self.elbow,
            Joint::Knee => self.knee,
            Joint::Foot => self.ankle,
            Joint::Head => self.head,
            Joint::Back => self.spine(0.5),
            Joint::Pelvis => self.pelvis,
        }
    }
}

/// The height a body rests at when no pelvis is given.
fn floor(figure: &Figure) -> f32 {
    if figure.props.contains(&Prop::Mat) {
        MAT
    } else {
        0.0
    }
}

/// Each pose's body, placed: at its pelvis, or resting on the floor with
/// its lowest point (less half a stroke) on it, centred on x = 0.
fn place(figure: &Figure) -> Vec<(Angles, Body)> {
    let rest = floor(figure) + Ink::Torso.style().width / SCALE / 2.0;
    figure
        .poses
        .iter()
        .map(|pose| {
            let a = Angles::of(pose);
            let body = match pose.pelvis {
                Some((x, y)) => Body::at(&a, P::new(x.heights(), y.heights())),
                None => {
                    let loose = Body::at(&a, P::new(0.0, 0.0));
                    let points = loose.samples();
                    let low = points.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
                    let (l, r) = points
                        .iter()
                        .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, r), p| {
                            (l.min(p.x), r.max(p.x))
                        });
                    Body::at(&a, P::new(-(l + r) / 2.0, rest - low))
                }
            };
            (a, body)
        })
        .collect()
}

/// A pose that sinks a part of the body into the floor: the pose's index,
/// the deepest point and how far below the floor it is, in heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BelowFloor {
    /// Which pose, from 0.
    pub pose: usize,
    /// The deepest point.
    pub joint: Joint,
    /// How far under the floor (or the mat's top) it is, in heights.
    pub depth: f32,
}

/// Poses whose hands, feet, knees or head go through the floor: angles
/// that do not add up, which an author who cannot see the drawing would
/// otherwise not notice. A little overlap (a stroke's width) is allowed.
pub fn below_floor(figure: &Figure) -> Vec<BelowFloor> {
    const ALLOWED: f32 = 0.025;
    let floor = floor(figure);
    place(figure)
        .iter()
        .enumerate()
        .filter_map(|(pose, (_, body))| {
            let (joint, y) = [
                Joint::Hand,
                Joint::Elbow,
                Joint::Knee,
                Joint::Foot,
                Joint::Head,
                Joint::Pelvis,
            ]
            .into_iter()
            .map(|j| {
                let p = body.joint(j);
                let low = if j == Joint::Head {
                    p.y - HEAD_RADIUS
                } else {
                    p.y
                };
                (j, low.min(if j == Joint::Foot { body.toe.y } else { low }))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))?;
            let depth = floor - y;
            (depth > ALLOWED).then_some(BelowFloor { pose, joint, depth })
        })
        .collect()
}

/// A box in heights, y up.
#[derive(Debug, Clone, Copy)]
struct Extent {
    left: f32,
    right: f32,
    bottom: f32,
    top: f32,
}

impl Extent {
    fn of(points: &[P]) -> Extent {
        points.iter().fold(
            Extent {
                left: f32::INFINITY,
                right: f32::NEG_INFINITY,
                bottom: 0.0,
                top: f32::NEG_INFINITY,
            },
            |e, p| Extent {
                left: e.left.min(p.x),
                right: e.right.max(p.x),
                bottom: e.bottom.min(p.y),
                top: e.top.max(p.y),
            },
        )
    }
}

/// Draws a figure's positions side by side, each in a frame of the same
/// size with the same floor, the moving part in the accent, and in every
/// frame after the first a ghost of the position before and an arrow.
pub fn draw(figure: &Figure) -> Drawing {
    let bodies = place(figure);
    let arrows: Vec<Option<Vec<P>>> = (0..bodies.len())
        .map(|i| {
            let ((prev, before), (angles, body)) = (&bodies[i.checked_sub(1)?], &bodies[i]);
            arrow(figure, (prev, before), (angles, body))
        })
        .collect();
    let mut points: Vec<P> = bodies.iter().flat_map(|(_, b)| b.samples()).collect();
    // The mat and the wall fit the body; the frame fits everything.
    let body_extent = Extent::of(&points);
    points.extend(arrows.iter().flatten().flatten());
    let props: Vec<Vec<Vec<P>>> = figure
        .props
        .iter()
        .map(|p| prop_lines(*p, &body_extent, &bodies))
        .collect();
    points.extend(props.iter().flatten().flatten());
    for prop in &figure.props {
        if let Prop::Ball { x, radius } = prop {
            let (x, r) = (x.heights(), radius.heights());
            points.extend([P::new(x - r, 0.0), P::new(x + r, 2.0 * r)]);
        }
    }
    let e = Extent::of(&points);
    let (fw, fh) = (
        e.right - e.left + 2.0 * MARGIN,
        e.top - e.bottom + 2.0 * MARGIN,
    );
    let n = bodies.len();
    let mut pen = Pen {
        shapes: Vec::new(),
        left: e.left - MARGIN,
        top: e.top + MARGIN,
        shift: 0.0,
    };
    for (i, (_, body)) in bodies.iter().enumerate() {
        pen.shift = i as f32 * (fw + GAP);
        pen.rounded(Ink::Frame, e.left - MARGIN, e.top + MARGIN, fw, fh, 0.03);
        pen.line(
            Ink::Ground,
            &[
                P::new(e.left - MARGIN + 0.01, 0.0),
                P::new(e.right + MARGIN - 0.01, 0.0),
            ],
        );
        for (prop, lines) in figure.props.iter().zip(&props) {
            if *prop == Prop::Dumbbell {
                continue;
            }
            for l in lines {
                pen.line(Ink::Prop, l);
            }
            if let Prop::Ball { x, radius } = prop {
                pen.circle(
                    Ink::Prop,
                    P::new(x.heights(), radius.heights()),
                    radius.heights(),
                );
            }
        }
        if i > 0 {
            let (_, before) = &bodies[i - 1];
            body_shapes(&mut pen, figure, before, true);
        }
        body_shapes(&mut pen, figure, body, false);
        if let Some(path) = &arrows[i] {
            pen.arrow(path);
        }
    }
    Drawing {
        width: (n as f32 * fw + (n - 1) as f32 * GAP) * SCALE,
        height: fh * SCALE,
        frames: n,
        shapes: pen.shapes,
    }
}

/// The straight strokes of a prop.
fn prop_lines(prop: Prop, body: &Extent, bodies: &[(Angles, Body)]) -> Vec<Vec<P>> {
    match prop {
        Prop::Mat => {
            let (l, r) = (body.left - 0.04, body.right + 0.04);
            vec![vec![
                P::new(l, 0.0),
                P::new(l, MAT),
                P::new(r, MAT),
                P::new(r, 0.0),
            ]]
        }
        Prop::Wall { x } => {
            let x = x.heights();
            let top = body.top + 0.04;
            // Hatching on the side away from the person.
            let centre = (body.left + body.right) / 2.0;
            let away = if centre >= x { -1.0 } else { 1.0 };
            let mut lines = vec![vec![P::new(x, 0.0), P::new(x, top)]];
            let mut y = 0.12;
            while y < top - 0.02 {
                lines.push(vec![P::new(x, y), P::new(x + away * 0.03, y - 0.04)]);
                y += 0.2;
            }
            lines
        }
        // A circle, drawn as a curve of its own.
        Prop::Ball { .. } => Vec::new(),
        Prop::Bench { x, width, height } => {
            let (x, w, h) = (x.heights(), width.heights(), height.heights());
            let slab = 0.035;
            vec![
                vec![
                    P::new(x, h),
                    P::new(x + w, h),
                    P::new(x + w, h - slab),
                    P::new(x, h - slab),
                    P::new(x, h),
                ],
                vec![P::new(x + 0.06, h - slab), P::new(x + 0.06, 0.0)],
                vec![P::new(x + w - 0.06, h - slab), P::new(x + w - 0.06, 0.0)],
            ]
        }
        Prop::Dumbbell => bodies
            .iter()
            .map(|(_, b)| dumbbell(b).into_iter().flatten().collect())
            .collect(),
    }
}

/// A dumbbell in the hand: a short bar across the forearm's line with a
/// plate at each end.
fn dumbbell(b: &Body) -> Vec<Vec<P>> {
    let along = b.hand.sub(b.elbow).unit();
    let across = along.left();
    let (bar, plate) = (0.05, 0.035);
    let ends = [b.hand.add(across.scale(bar)), b.hand.sub(across.scale(bar))];
    let mut lines = vec![ends.to_vec()];
    for end in ends {
        lines.push(vec![
            end.add(along.scale(plate)),
            end.sub(along.scale(plate)),
        ]);
    }
    lines
}

/// The strokes of a body, back to front; with `ghost`, only the moving
/// parts, dashed.
fn body_shapes(pen: &mut Pen, figure: &Figure, b: &Body, ghost: bool) {
    let moves = |part: Part| figure.moving.contains(&part);
    let ink = |part: Part, torso: bool| match (ghost, moves(part), torso) {
        (true, _, _) => Ink::Ghost,
        (false, true, true) => Ink::AccentTorso,
        (false, true, false) => Ink::Accent,
        (false, false, true) => Ink::Torso,
        (false, false, false) => Ink::Body,
    };
    let show = |part: Part| !ghost || moves(part);
    if show(Part::Legs) {
        pen.line(ink(Part::Legs, false), &[b.pelvis, b.knee, b.ankle, b.toe]);
    }
    if show(Part::Spine) {
        pen.quad(ink(Part::Spine, true), b.pelvis, b.bend, b.neck);
    }
    if show(Part::Head) {
        let ink = ink(Part::Head, false);
        let to_head = b.head.sub(b.neck).unit();
        pen.line(ink, &[b.neck, b.neck.add(to_head.scale(NECK))]);
        pen.circle(ink, b.head, HEAD_RADIUS);
    }
    if show(Part::Arms) {
        let ink = ink(Part::Arms, false);
        pen.line(ink, &[b.neck, b.elbow, b.hand]);
        if figure.props.contains(&Prop::Dumbbell) {
            for l in dumbbell(b) {
                pen.line(ink, &l);
            }
        }
    }
}

/// The path the arrow follows from one pose to the next, beside the point
/// it tracks, on whichever side keeps further from both bodies; `None`
/// when that point hardly moves.
fn arrow(figure: &Figure, from: (&Angles, &Body), to: (&Angles, &Body)) -> Option<Vec<P>> {
    let joint = match figure.arrow {
        Arrow::None => return None,
        Arrow::From(j) => j,
        Arrow::Auto => match figure.moving.first()? {
            Part::Arms => Joint::Hand,
            Part::Legs => Joint::Foot,
            Part::Spine => Joint::Back,
            Part::Head => Joint::Head,
        },
    };
    let steps = 16;
    let path: Vec<P> = (0..=steps)
        .map(|k| {
            let t = 0.12 + 0.76 * k as f32 / steps as f32;
            let angles = from.0.lerp(to.0, t);
            let pelvis = from.1.pelvis.lerp(to.1.pelvis, t);
            Body::at(&angles, pelvis).joint(joint)
        })
        .collect();
    let length: f32 = path.windows(2).map(|w| w[1].sub(w[0]).len()).sum();
    if length < 0.02 {
        return None;
    }
    if length < MIN_ARROW {
        // A short movement (the middle of the back in cat–cow): a straight
        // arrow long enough to read at 3 cm, coming from the side the
        // movement starts on and stopping just short of where it ends.
        let end = to.1.joint(joint);
        let way = end.sub(from.1.joint(joint)).unit();
        return Some(vec![
            end.sub(way.scale(MIN_ARROW + 0.04)),
            end.sub(way.scale(0.04)),
        ]);
    }
    let beside = |side: f32| -> Vec<P> {
        path.iter()
            .enumerate()
            .map(|(k, p)| {
                let a = path[k.saturating_sub(1)];
                let b = path[(k + 1).min(path.len() - 1)];
                p.add(b.sub(a).unit().left().scale(side * ARROW_OFFSET))
            })
            .collect()
    };
    let mut clear: Vec<P> = from.1.samples();
    clear.extend(to.1.samples());
    let room = |line: &[P]| {
        line.iter()
            .flat_map(|p| clear.iter().map(move |q| p.sub(*q).len()))
            .fold(f32::INFINITY, f32::min)
    };
    let (a, b) = (beside(1.0), beside(-1.0));
    Some(if room(&a) >= room(&b) { a } else { b })
}

/// Turns shapes in heights (y up) into drawing units (y down) in a frame.
struct Pen {
    shapes: Vec<Shape>,
    left: f32,
    top: f32,
    shift: f32,
}

impl Pen {
    fn at(&self, p: P) -> (f32, f32) {
        (
            (p.x - self.left + self.shift) * SCALE,
            (self.top - p.y) * SCALE,
        )
    }

    fn line(&mut self, ink: Ink, points: &[P]) {
        let mut path = Vec::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            let (x, y) = self.at(*p);
            path.push(if i == 0 {
                Segment::Move(x, y)
            } else {
                Segment::Line(x, y)
            });
        }
        self.shapes.push(Shape { ink, path });
    }

    fn cubic(&self, c1: P, c2: P, end: P) -> Segment {
        let (a, b) = self.at(c1);
        let (c, d) = self.at(c2);
        let (e, f) = self.at(end);
        Segment::Cubic([a, b, c, d, e, f])
    }

    /// A quadratic curve, written as the cubic it equals.
    fn quad(&mut self, ink: Ink, start: P, control: P, end: P) {
        let c1 = start.lerp(control, 2.0 / 3.0);
        let c2 = end.lerp(control, 2.0 / 3.0);
        let (x, y) = self.at(start);
        let path = vec![Segment::Move(x, y), self.cubic(c1, c2, end)];
        self.shapes.push(Shape { ink, path });
    }

    /// A circle as four cubic quarters.
    fn circle(&mut self, ink: Ink, centre: P, r: f32) {
        // The control distance that makes a cubic quarter nearly circular.
        let k = 0.552_284_8 * r;
        let pt = |dx: f32, dy: f32| centre.add(P::new(dx, dy));
        let (x, y) = self.at(pt(r, 0.0));
        let path = vec![
            Segment::Move(x, y),
            self.cubic(pt(r, k), pt(k, r), pt(0.0, r)),
            self.cubic(pt(-k, r), pt(-r, k), pt(-r, 0.0)),
            self.cubic(pt(-r, -k), pt(-k, -r), pt(0.0, -r)),
            self.cubic(pt(k, -r), pt(r, -k), pt(r, 0.0)),
            Segment::Close,
        ];
        self.shapes.push(Shape { ink, path });
    }

    /// A rectangle with rounded corners, its top-left at (`x`, `y`).
    fn rounded(&mut self, ink: Ink, x: f32, y: f32, w: f32, h: f32, r: f32) {
        let k = 0.447_715_2 * r;
        let (l, t, rt, b) = (x, y, x + w, y - h);
        let (sx, sy) = self.at(P::new(l + r, t));
        let mut path = vec![Segment::Move(sx, sy)];
        let mut to = |pen: &Pen, p: P| {
            let (a, b) = pen.at(p);
            path.push(Segment::Line(a, b));
        };
        to(self, P::new(rt - r, t));
        let c = self.cubic(P::new(rt - k, t), P::new(rt, t - k), P::new(rt, t - r));
        path.push(c);
        let (a, bb) = self.at(P::new(rt, b + r));
        path.push(Segment::Line(a, bb));
        path.push(self.cubic(P::new(rt, b + k), P::new(rt - k, b), P::new(rt - r, b)));
        let (a, bb) = self.at(P::new(l + r, b));
        path.push(Segment::Line(a, bb));
        path.push(self.cubic(P::new(l + k, b), P::new(l, b + k), P::new(l, b + r)));
        let (a, bb) = self.at(P::new(l, t - r));
        path.push(Segment::Line(a, bb));
        path.push(self.cubic(P::new(l, t - k), P::new(l + k, t), P::new(l + r, t)));
        path.push(Segment::Close);
        self.shapes.push(Shape { ink, path });
    }

    /// A line with an open arrowhead at its end.
    fn arrow(&mut self, path: &[P]) {
        self.line(Ink::Arrow, path);
        let n = path.len();
        if n < 2 {
            return;
        }
        let tip = path[n - 1];
        let back = path[n - 2].sub(tip).unit();
        let head = 0.045;
        let turn = |p: P, deg: f32| {
            let (s, c) = deg.to_radians().sin_cos();
            P::new(p.x * c - p.y * s, p.x * s + p.y * c)
        };
        let a = tip.add(turn(back, 32.0).scale(head));
        let b = tip.add(turn(back, -32.0).scale(head));
        self.line(Ink::Arrow, &[a, tip, b]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{Degrees, Joint, Length};

    fn standing(arms: (i32, i32)) -> Pose {
        Pose {
            pelvis: None,
            trunk: Degrees(90),
            bend: Degrees(0),
            neck: Degrees(90),
            upper_arm: Degrees(arms.0),
            forearm: Degrees(arms.1),
            thigh: Degrees(-90),
            shin: Degrees(-90),
            foot: None,
        }
    }

    fn raise_arms() -> Figure {
        Figure {
            alt: "Raise both arms forwards and up.".to_string(),
            moving: vec![Part::Arms],
            props: vec![Prop::Wall { x: Length(-70) }],
            poses: vec![standing((-90, -90)), standing((90, 90))],
            arrow: Arrow::Auto,
        }
    }

    fn points(shape: &Shape) -> Vec<(f32, f32)> {
        shape
            .path
            .iter()
            .flat_map(|s| match *s {
                Segment::Move(x, y) | Segment::Line(x, y) => vec![(x, y)],
                Segment::Cubic(c) => vec![(c[0], c[1]), (c[2], c[3]), (c[4], c[5])],
                Segment::Close => vec![],
            })
            .collect()
    }

    #[test]
    fn every_position_gets_a_frame_of_the_same_size_and_stays_inside_it() {
        let d = draw(&raise_arms());
        assert_eq!(d.frames, 2);
        let frames: Vec<&Shape> = d.shapes.iter().filter(|s| s.ink == Ink::Frame).collect();
        assert_eq!(frames.len(), 2);
        let size = |s: &Shape| {
            let p = points(s);
            let w = p.iter().map(|q| q.0).fold(f32::MIN, f32::max)
                - p.iter().map(|q| q.0).fold(f32::MAX, f32::min);
            let h = p.iter().map(|q| q.1).fold(f32::MIN, f32::max)
                - p.iter().map(|q| q.1).fold(f32::MAX, f32::min);
            (w.round(), h.round())
        };
        assert_eq!(size(frames[0]), size(frames[1]));
        for s in &d.shapes {
            for (x, y) in points(s) {
                assert!(
                    (-0.01..=d.width + 0.01).contains(&x) && (-0.01..=d.height + 0.01).contains(&y),
                    "{:?} has ({x}, {y}) outside {} × {}",
                    s.ink,
                    d.width,
                    d.height
                );
            }
        }
    }

    #[test]
    fn the_moving_part_is_accented_ghosted_and_followed_by_an_arrow() {
        let d = draw(&raise_arms());
        let count = |ink: Ink| d.shapes.iter().filter(|s| s.ink == ink).count();
        // One accented arm per frame; the ghost and the arrow only in the second.
        assert_eq!(count(Ink::Accent), 2);
        assert_eq!(count(Ink::Ghost), 1);
        assert_eq!(count(Ink::Arrow), 2, "a shaft and a head");
        // Legs, neck and head stay dark.
        assert!(count(Ink::Body) >= 4);
        // The arrow ends near the raised hand: above the head, in the second frame.
        let frame_w = d.width / 2.0;
        let arrow = d.shapes.iter().find(|s| s.ink == Ink::Arrow).unwrap();
        let tip = *points(arrow).last().unwrap();
        assert!(
            tip.0 > frame_w,
            "the arrow is drawn in the end position's frame"
        );
        let head = d.shapes.iter().rfind(|s| s.ink == Ink::Body).unwrap();
        let head_top = points(head).iter().map(|p| p.1).fold(f32::MAX, f32::min);
        assert!(tip.1 < head_top + 20.0, "{tip:?} vs the head at {head_top}");
    }

    #[test]
    fn a_held_position_has_no_arrow_and_nothing_moving_is_accented() {
        let mut f = raise_arms();
        f.arrow = Arrow::None;
        f.moving.clear();
        let d = draw(&f);
        assert!(d
            .shapes
            .iter()
            .all(|s| s.ink != Ink::Arrow && s.ink != Ink::Accent));
        assert!(d.shapes.iter().all(|s| s.ink != Ink::Ghost));
    }

    #[test]
    fn a_figure_without_a_pelvis_rests_on_the_floor_or_the_mat() {
        for (props, floor) in [(vec![], 0.0), (vec![Prop::Mat], MAT)] {
            let f = Figure {
                props,
                ..raise_arms()
            };
            let placed = place(&f);
            for (_, body) in placed {
                let low = body
                    .samples()
                    .iter()
                    .map(|p| p.y)
                    .fold(f32::INFINITY, f32::min);
                let rest = floor + Ink::Torso.style().width / SCALE / 2.0;
                assert!(
                    (low - rest).abs() < 1e-4,
                    "lowest point {low}, floor {rest}"
                );
            }
        }
    }

    #[test]
    fn a_rounded_back_bulges_behind_and_an_arched_back_in_front() {
        // On hands and knees, head to the right: behind is up.
        let mut pose = standing((-90, -90));
        pose.trunk = Degrees(0);
        pose.bend = Degrees(30);
        let a = Angles::of(&pose);
        let round = Body::at(&a, P::new(0.0, 0.3));
        assert!(round.spine(0.5).y > 0.3 + 0.03);
        pose.bend = Degrees(-30);
        let arch = Body::at(&Angles::of(&pose), P::new(0.0, 0.3));
        assert!(arch.spine(0.5).y < 0.3 - 0.03);
    }

    #[test]
    fn a_pose_through_the_floor_is_found_and_a_resting_one_is_not() {
        let mut f = raise_arms();
        assert!(below_floor(&f).is_empty(), "resting on the floor");
        f.poses[1].pelvis = Some((Length(0), Length(400)));
        let found = below_floor(&f);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pose, 1);
        assert_eq!(found[0].joint, Joint::Foot);
        // Legs of 0.49 under hips at 0.40.
        assert!((found[0].depth - 0.09).abs() < 0.001, "{found:?}");
    }

    #[test]
    fn a_small_movement_still_gets_an_arrow_long_enough_to_see() {
        let mut f = raise_arms();
        f.moving = vec![Part::Spine];
        f.poses = vec![standing((-90, -90)), standing((-90, -90))];
        f.poses[0].bend = Degrees(10);
        f.poses[1].bend = Degrees(-10);
        let d = draw(&f);
        let arrow = d.shapes.iter().find(|s| s.ink == Ink::Arrow).unwrap();
        let p = points(arrow);
        let (a, b) = (p[0], p[p.len() - 1]);
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        assert!(length >= MIN_ARROW * SCALE - 0.5, "{length}");
    }

    fn close(a: P, b: (f32, f32)) -> bool {
        (a.x - b.0).abs() < 1e-4 && (a.y - b.1).abs() < 1e-4
    }

    #[test]
    fn joints_land_where_the_standard_figure_puts_them() {
        let a = Angles::of(&standing((-90, -90)));
        let b = Body::at(&a, P::new(0.0, 0.5));
        assert!(close(b.neck, (0.0, 0.8)), "{:?}", b.neck);
        assert!(
            close(b.head, (0.0, 0.8 + NECK + HEAD_RADIUS)),
            "{:?}",
            b.head
        );
        assert!(close(b.elbow, (0.0, 0.61)), "{:?}", b.elbow);
        assert!(close(b.hand, (0.0, 0.42)), "{:?}", b.hand);
        assert!(close(b.knee, (0.0, 0.255)), "{:?}", b.knee);
        assert!(close(b.ankle, (0.0, 0.01)), "{:?}", b.ankle);
        // Without a foot angle, the foot points square to the shin, forwards.
        assert!(close(b.toe, (FOOT, 0.01)), "{:?}", b.toe);
        let mut pose = standing((-90, -90));
        pose.foot = Some(Degrees(180));
        let b = Body::at(&Angles::of(&pose), P::new(0.0, 0.5));
        assert!(close(b.toe, (-FOOT, 0.01)), "{:?}", b.toe);
    }

    #[test]
    fn a_bent_back_curves_by_its_angle_and_poses_between_are_halfway() {
        let mut pose = standing((-90, -90));
        pose.trunk = Degrees(0);
        pose.bend = Degrees(30);
        let b = Body::at(&Angles::of(&pose), P::new(0.0, 0.3));
        let rise = TRUNK / 2.0 * 30f32.to_radians().tan();
        assert!(close(b.bend, (TRUNK / 2.0, 0.3 + rise)), "{:?}", b.bend);
        // A quadratic's middle is halfway to its control point.
        assert!(close(b.spine(0.5), (TRUNK / 2.0, 0.3 + rise / 2.0)));
        let mut other = pose;
        other.bend = Degrees(-10);
        other.upper_arm = Degrees(10);
        let half = Angles::of(&pose).lerp(&Angles::of(&other), 0.5);
        assert_eq!((half.bend, half.upper_arm, half.trunk), (10.0, -40.0, 0.0));
    }

    #[test]
    fn a_figure_on_the_floor_is_centred() {
        for (_, body) in place(&raise_arms()) {
            let s = body.samples();
            let l = s.iter().map(|p| p.x).fold(f32::INFINITY, f32::min);
            let r = s.iter().map(|p| p.x).fold(f32::NEG_INFINITY, f32::max);
            assert!((l + r).abs() < 1e-4, "{l} .. {r}");
        }
    }

    /// Left, top, right, bottom of a shape's points.
    fn bounds(s: &Shape) -> (f32, f32, f32, f32) {
        points(s).iter().fold(
            (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
            |(l, t, r, b), p| (l.min(p.0), t.min(p.1), r.max(p.0), b.max(p.1)),
        )
    }

    #[test]
    fn frames_sit_a_gap_apart_on_one_floor_and_fill_the_drawing() {
        let d = draw(&raise_arms());
        let frames: Vec<_> = d
            .shapes
            .iter()
            .filter(|s| s.ink == Ink::Frame)
            .map(bounds)
            .collect();
        assert!(frames[0].0.abs() < 1e-3 && frames[0].1.abs() < 1e-3);
        assert!((frames[1].0 - frames[0].2 - GAP * SCALE).abs() < 1e-3);
        assert!((frames[1].2 - d.width).abs() < 1e-3 && (frames[0].3 - d.height).abs() < 1e-3);
        let floors: Vec<_> = d
            .shapes
            .iter()
            .filter(|s| s.ink == Ink::Ground)
            .map(bounds)
            .collect();
        for (floor, frame) in floors.iter().zip(&frames) {
            // The floor is one margin above the frame's bottom, across it.
            assert!(
                (frame.3 - floor.1 - MARGIN * SCALE).abs() < 1e-3,
                "{floor:?} {frame:?}"
            );
            assert!(floor.0 > frame.0 && floor.2 < frame.2);
        }
    }

    #[test]
    fn props_stand_where_they_are_put() {
        let f = Figure {
            props: vec![
                Prop::Mat,
                Prop::Wall { x: Length(-200) },
                Prop::Bench {
                    x: Length(300),
                    width: Length(400),
                    height: Length(250),
                },
            ],
            ..raise_arms()
        };
        let d = draw(&f);
        let props: Vec<_> = d.shapes.iter().filter(|s| s.ink == Ink::Prop).collect();
        let floor = bounds(d.shapes.iter().find(|s| s.ink == Ink::Ground).unwrap()).1;
        // Frame one: the mat, the wall and its hatching, the bench's slab and legs.
        let mat = bounds(props[0]);
        assert!(
            (floor - mat.1 - MAT * SCALE).abs() < 1e-3,
            "the mat is {MAT} thick"
        );
        let body = place(&f)
            .iter()
            .flat_map(|(_, b)| b.samples())
            .collect::<Vec<_>>();
        let (l, r) = body
            .iter()
            .fold((f32::MAX, f32::MIN), |(l, r), p| (l.min(p.x), r.max(p.x)));
        assert!(
            ((mat.2 - mat.0) - (r - l + 0.08) * SCALE).abs() < 1e-2,
            "the mat spans the body"
        );
        let wall = bounds(props[1]);
        assert!((wall.0 - wall.2).abs() < 1e-3, "a wall stands upright");
        let hatch = bounds(props[2]);
        assert!(
            hatch.0 < wall.0 && hatch.2 <= wall.0 + 1e-3,
            "hatched behind, away from the person"
        );
        let slab = props
            .iter()
            .map(|s| bounds(s))
            .find(|b| (b.2 - b.0 - 40.0).abs() < 1e-3);
        let slab = slab.expect("a slab as long as the bench");
        assert!(
            (floor - slab.1 - 25.0).abs() < 1e-3,
            "the bench's top is its height"
        );
        let (wall_x, slab_x) = (wall.0, slab.0);
        assert!((slab_x - wall_x - 50.0).abs() < 1e-3, "{wall_x} {slab_x}");
    }

    #[test]
    fn a_dumbbell_is_held_across_the_forearm_at_the_hand() {
        let b = Body::at(&Angles::of(&standing((0, 0))), P::new(0.0, 0.5));
        let lines = dumbbell(&b);
        assert_eq!(lines.len(), 3);
        let bar = &lines[0];
        // Across a forearm pointing forwards: upright, centred on the hand.
        assert!((bar[0].x - b.hand.x).abs() < 1e-4 && (bar[1].x - b.hand.x).abs() < 1e-4);
        assert!(((bar[0].y + bar[1].y) / 2.0 - b.hand.y).abs() < 1e-4);
        assert!((bar[0].y - bar[1].y).abs() > 0.09);
        // Each plate runs along the forearm at an end of the bar.
        for (plate, end) in lines[1..].iter().zip(bar) {
            assert!((plate[0].y - end.y).abs() < 1e-4 && (plate[0].x - plate[1].x).abs() > 0.06);
        }
    }

    #[test]
    fn a_short_arrow_stops_just_short_of_where_the_movement_ends() {
        let mut f = raise_arms();
        f.moving = vec![Part::Spine];
        f.poses = vec![standing((-90, -90)), standing((-90, -90))];
        f.poses[0].bend = Degrees(10);
        f.poses[1].bend = Degrees(-10);
        let placed = place(&f);
        let (a0, b0) = &placed[0];
        let (a1, b1) = &placed[1];
        let path = arrow(&f, (a0, b0), (a1, b1)).unwrap();
        let end = b1.joint(Joint::Back);
        assert!((path[1].sub(end).len() - 0.04).abs() < 1e-4);
        assert!((path[0].sub(end).len() - MIN_ARROW - 0.04).abs() < 1e-4);
        // Pointing the way the back moved: forwards, as it arches.
        assert!(path[1].x > path[0].x);
    }

    #[test]
    fn a_ball_is_drawn_round_on_the_floor_and_the_frame_makes_room_for_it() {
        let f = Figure {
            props: vec![Prop::Ball {
                x: Length(900),
                radius: Length(200),
            }],
            ..raise_arms()
        };
        let d = draw(&f);
        let ball = bounds(d.shapes.iter().find(|s| s.ink == Ink::Prop).unwrap());
        let floor = bounds(d.shapes.iter().find(|s| s.ink == Ink::Ground).unwrap());
        let frame = bounds(d.shapes.iter().find(|s| s.ink == Ink::Frame).unwrap());
        assert!((ball.2 - ball.0 - 40.0).abs() < 1e-3 && (ball.3 - ball.1 - 40.0).abs() < 1e-3);
        assert!((ball.3 - floor.1).abs() < 1e-3, "resting on the floor");
        assert!(
            (frame.2 - ball.2 - MARGIN * SCALE).abs() < 1e-3,
            "{frame:?} {ball:?}"
        );
        // The floor runs across the frame, a hundredth of a height in from each side.
        assert!((floor.0 - frame.0 - 1.0).abs() < 1e-3 && (frame.2 - floor.2 - 1.0).abs() < 1e-3);
    }

    #[test]
    fn a_wall_rises_just_above_the_person_hatched_on_its_far_side() {
        for (x, away) in [(-200, -1.0), (200, 1.0)] {
            let f = Figure {
                props: vec![Prop::Wall { x: Length(x) }],
                ..raise_arms()
            };
            let extent = Extent::of(
                &place(&f)
                    .iter()
                    .flat_map(|(_, b)| b.samples())
                    .collect::<Vec<_>>(),
            );
            let lines = prop_lines(f.props[0], &extent, &place(&f));
            let top = extent.top + 0.04;
            assert!((lines[0][1].y - top).abs() < 1e-4);
            let hatches = &lines[1..];
            let expected = ((top - 0.02 - 0.12) / 0.2).ceil() as usize;
            assert_eq!(hatches.len(), expected);
            for (k, h) in hatches.iter().enumerate() {
                assert!((h[0].y - (0.12 + 0.2 * k as f32)).abs() < 1e-4);
                assert!((h[1].x - h[0].x - away * 0.03).abs() < 1e-4, "wall at {x}");
                assert!((h[0].y - h[1].y - 0.04).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn a_head_sunk_into_the_floor_is_found() {
        let mut lying = standing((90, 90));
        lying.trunk = Degrees(180);
        lying.neck = Degrees(180);
        lying.thigh = Degrees(0);
        lying.shin = Degrees(0);
        lying.foot = Some(Degrees(90));
        lying.pelvis = Some((Length(0), Length(20)));
        let f = Figure {
            poses: vec![lying, lying],
            ..raise_arms()
        };
        let found = below_floor(&f);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].joint, Joint::Head);
        assert!(
            (found[0].depth - (HEAD_RADIUS - 0.02)).abs() < 1e-4,
            "{found:?}"
        );
        // Within the allowance of a stroke's width is allowed.
        let mut f = f;
        for p in &mut f.poses {
            p.pelvis = Some((Length(0), Length(38)));
        }
        assert!(below_floor(&f).is_empty(), "{:?}", below_floor(&f));
    }
}
