//! Reading an exercise's `figure:`: its key positions as joint angles, the
//! props around the person and the words that describe the pictures.
//! `docs/content-format.md` describes the format; drawing is the core's.

use super::decode::Decoder;
use super::yaml::{Node, Value};
use planwright_core::figure::{Arrow, Degrees, Figure, Joint, Length, Part, Pose, Prop};

pub(crate) const KEYS: &[&str] = &["alt", "moving", "props", "arrow", "poses"];
pub(crate) const POSE_KEYS: &[&str] = &["pelvis", "trunk", "bend", "neck", "arms", "legs"];
const WALL_KEYS: &[&str] = &["x"];
const BALL_KEYS: &[&str] = &["x", "radius"];
const BENCH_KEYS: &[&str] = &["x", "width", "height"];

/// Angles past a full turn either way are almost surely typing slips.
const MAX_DEGREES: i64 = 720;
/// Coordinates and sizes, in standing heights: a picture a few heights wide.
const MAX_HEIGHTS: f64 = 3.0;
/// What an exercise ball measures when no radius is given: about 65 cm
/// across for a person of 1.70 m.
const BALL_RADIUS: Length = Length(190);
/// A weight bench: about 45 cm high and a metre long for a person of 1.70 m.
const BENCH_HEIGHT: Length = Length(260);
const BENCH_WIDTH: Length = Length(600);

pub(crate) fn decode(d: &mut Decoder, node: &Node) -> Option<Figure> {
    let fields = d.fields(node, "figure", KEYS)?;
    let alt = d
        .required(&fields, "alt", "figure")
        .and_then(|n| d.text(n, "figure.alt"));
    let moving = match fields.get("moving") {
        Some(n) => list_of(d, n, "figure.moving", |d, n| {
            d.choice(n, "figure.moving", &Part::NAMES)
        }),
        None => Some(Vec::new()),
    };
    let props = match fields.get("props") {
        Some(n) => list_of(d, n, "figure.props", prop),
        None => Some(Vec::new()),
    };
    let arrow = match fields.get("arrow") {
        None => Some(Arrow::Auto),
        Some(n) => arrow(d, n),
    };
    let poses_node = d.required(&fields, "poses", "figure");
    let poses = poses_node.and_then(|n| poses(d, n));
    let figure = Figure {
        alt: alt?,
        moving: moving?,
        props: props?,
        arrow: arrow?,
        poses: poses?,
    };
    if let Some(Value::Seq(items)) = poses_node.map(|n| &n.value) {
        for sunk in planwright_core::figure::below_floor(&figure) {
            let name = Joint::NAMES
                .iter()
                .find(|(j, _)| *j == sunk.joint)
                .map_or("body", |(_, n)| n);
            d.warning_hint(
                items[sunk.pose].position,
                format!(
                    "this pose puts the {name} {:.2} heights below the floor",
                    sunk.depth
                ),
                "raise `pelvis`, or change the angles so the body rests on the floor",
            );
        }
    }
    Some(figure)
}

/// Every item of a list read by `item`, all of them checked even after one
/// fails.
fn list_of<T>(
    d: &mut Decoder,
    node: &Node,
    what: &str,
    item: impl Fn(&mut Decoder, &Node) -> Option<T>,
) -> Option<Vec<T>> {
    let items = d.list(node, what)?;
    let read: Vec<Option<T>> = items.iter().map(|n| item(d, n)).collect();
    read.into_iter().collect()
}

fn arrow(d: &mut Decoder, node: &Node) -> Option<Arrow> {
    let mut options: Vec<(Option<Joint>, &str)> =
        Joint::NAMES.iter().map(|(j, n)| (Some(*j), *n)).collect();
    options.push((None, "none"));
    Some(match d.choice(node, "figure.arrow", &options)? {
        Some(joint) => Arrow::From(joint),
        None => Arrow::None,
    })
}

fn poses(d: &mut Decoder, node: &Node) -> Option<Vec<Pose>> {
    let poses = list_of(d, node, "figure.poses", pose)?;
    if !Figure::POSES.contains(&poses.len()) {
        d.error_hint(
            node.position,
            format!(
                "`figure.poses` has {} position{}; a figure shows {} to {}",
                poses.len(),
                if poses.len() == 1 { "" } else { "s" },
                Figure::POSES.start(),
                Figure::POSES.end()
            ),
            "give the start and the end position, and at most one between them",
        );
        return None;
    }
    Some(poses)
}

fn pose(d: &mut Decoder, node: &Node) -> Option<Pose> {
    let fields = d.fields(node, "a pose", POSE_KEYS)?;
    let angle = |d: &mut Decoder, key: &str| -> Option<Degrees> {
        let n = d.required(&fields, key, "a pose")?;
        degrees(d, n, &format!("figure.poses.{key}"))
    };
    let trunk = angle(d, "trunk");
    let neck = angle(d, "neck");
    let bend = match fields.get("bend") {
        Some(n) => degrees(d, n, "figure.poses.bend"),
        None => Some(Degrees(0)),
    };
    let arms = d
        .required(&fields, "arms", "a pose")
        .and_then(|n| angles(d, n, "figure.poses.arms", 2..=2, "[upper arm, forearm]"));
    let legs = d.required(&fields, "legs", "a pose").and_then(|n| {
        angles(
            d,
            n,
            "figure.poses.legs",
            2..=3,
            "[thigh, shin] or [thigh, shin, foot]",
        )
    });
    let pelvis = match fields.get("pelvis") {
        None => Some(None),
        Some(n) => point(d, n, "figure.poses.pelvis").map(Some),
    };
    let (arms, legs) = (arms?, legs?);
    Some(Pose {
        pelvis: pelvis?,
        trunk: trunk?,
        bend: bend?,
        neck: neck?,
        upper_arm: arms[0],
        forearm: arms[1],
        thigh: legs[0],
        shin: legs[1],
        foot: legs.get(2).copied(),
    })
}

fn degrees(d: &mut Decoder, node: &Node, what: &str) -> Option<Degrees> {
    d.integer(node, what, -MAX_DEGREES, MAX_DEGREES)
        .map(|v| Degrees(v as i32))
}

/// A short list of angles, such as `[thigh, shin]`.
fn angles(
    d: &mut Decoder,
    node: &Node,
    what: &str,
    count: std::ops::RangeInclusive<usize>,
    form: &str,
) -> Option<Vec<Degrees>> {
    let items = d.list(node, what)?;
    if !count.contains(&items.len()) {
        d.error_hint(
            node.position,
            format!(
                "`{what}` has {} angle{}",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ),
            format!("write {form}, each in whole degrees"),
        );
        return None;
    }
    let read: Vec<Option<Degrees>> = items.iter().map(|n| degrees(d, n, what)).collect();
    read.into_iter().collect()
}

/// A length in standing heights, like `0.25`.
fn heights(d: &mut Decoder, node: &Node, what: &str) -> Option<Length> {
    let parsed = match &node.value {
        Value::Scalar {
            text,
            quoted: false,
        } => text.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
        _ => None,
    };
    match parsed {
        Some(v) if v.abs() <= MAX_HEIGHTS => Some(Length((v * 1000.0).round() as i32)),
        _ => {
            let found = match &node.value {
                Value::Scalar { text, .. } => format!("`{text}`"),
                _ => node.kind().to_string(),
            };
            d.error_hint(
                node.position,
                format!("`{what}` should be a number of standing heights, found {found}"),
                format!(
                    "lengths are fractions of the person's height, from -{MAX_HEIGHTS} to {MAX_HEIGHTS}, like `0.25`"
                ),
            );
            None
        }
    }
}

fn point(d: &mut Decoder, node: &Node, what: &str) -> Option<(Length, Length)> {
    let items = d.list(node, what)?;
    if items.len() != 2 {
        d.error_hint(
            node.position,
            format!("`{what}` has {} numbers", items.len()),
            "write `[x, y]` in standing heights: x forwards, y up from the floor",
        );
        return None;
    }
    let x = heights(d, &items[0], what);
    let y = heights(d, &items[1], what);
    Some((x?, y?))
}

/// A prop: a bare name (`mat`, `dumbbell`) or a name with its place
/// (`wall: {x: -0.07}`).
fn prop(d: &mut Decoder, node: &Node) -> Option<Prop> {
    let (name, place) = match &node.value {
        Value::Map(entries) if entries.len() == 1 => {
            let (key, value) = &entries[0];
            (key.name.as_str(), Some(value))
        }
        Value::Scalar { text, .. } => (text.trim(), None),
        _ => {
            d.error_hint(
                node.position,
                format!("a prop should be a name, found {}", node.kind()),
                "write `mat`, `dumbbell`, or a prop with its place like `wall: {x: -0.07}`",
            );
            return None;
        }
    };
    let size =
        |d: &mut Decoder, keys: &[&'static str], what: &str| -> Option<Vec<Option<Length>>> {
            let Some(place) = place else {
                return Some(vec![None; keys.len()]);
            };
            let fields = d.fields(place, what, keys)?;
            let read: Vec<Option<Option<Length>>> = keys
                .iter()
                .map(|k| match fields.get(k) {
                    None => Some(None),
                    Some(n) => {
                        let what = format!("{what}.{k}");
                        let v = heights(d, n, &what)?;
                        if *k != "x" && v.0 <= 0 {
                            d.error(n.position, format!("`{what}` must be more than 0"));
                            return None;
                        }
                        Some(Some(v))
                    }
                })
                .collect();
            read.into_iter().collect()
        };
    let needs_x = |d: &mut Decoder, x: Option<Length>, what: &str| {
        if x.is_none() {
            d.error_hint(
                node.position,
                format!("the {what} has no place"),
                format!("say where it is, like `{what}: {{x: -0.07}}`, in standing heights"),
            );
        }
        x
    };
    match name {
        "mat" | "dumbbell" if place.is_some() => {
            d.error_hint(
                node.position,
                format!("the {name} takes no place of its own"),
                format!("write it as a bare `{name}`"),
            );
            None
        }
        "mat" => Some(Prop::Mat),
        "dumbbell" => Some(Prop::Dumbbell),
        "wall" => {
            let v = size(d, WALL_KEYS, "wall")?;
            Some(Prop::Wall {
                x: needs_x(d, v[0], "wall")?,
            })
        }
        "ball" => {
            let v = size(d, BALL_KEYS, "ball")?;
            Some(Prop::Ball {
                x: needs_x(d, v[0], "ball")?,
                radius: v[1].unwrap_or(BALL_RADIUS),
            })
        }
        "bench" => {
            let v = size(d, BENCH_KEYS, "bench")?;
            Some(Prop::Bench {
                x: needs_x(d, v[0], "bench")?,
                width: v[1].unwrap_or(BENCH_WIDTH),
                height: v[2].unwrap_or(BENCH_HEIGHT),
            })
        }
        other => {
            let options: Vec<(usize, &str)> = Prop::NAMES.iter().copied().enumerate().collect();
            let n = Node {
                value: Value::Scalar {
                    text: other.to_string(),
                    quoted: false,
                },
                position: node.position,
            };
            // Reported as an unknown name, with the closest one.
            d.choice(&n, "figure.props", &options);
            None
        }
    }
}
