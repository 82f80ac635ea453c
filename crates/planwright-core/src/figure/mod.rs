//! Exercise pictures from poses: an author writes each key position as a
//! few joint angles and names the props; this module draws the positions
//! side by side as a simple line figure, with the moving part in the
//! accent colour, a dashed ghost of the position before and an arrow along
//! the movement. Every exercise so gets pictures in one house style, drawn
//! by the same code for the site (SVG) and the printed plan (PDF paths).
//!
//! A figure is seen from the side and faces right when upright. Angles are
//! whole degrees, counter-clockwise from pointing forward (right): 0 points
//! forward, 90 up, 180 back (left) and 270 (or -90) down. Lengths are
//! thousandths of the figure's standing height.
//!
//! It must not do I/O or know about pages or colours of a medium: it turns
//! a [`Figure`] into a [`Drawing`] of strokes, and [`svg`] writes one as
//! text. Drawing is pure arithmetic, so the site, the CLI and the browser
//! draw the same picture from the same pose.

mod draw;
pub mod svg;

pub use draw::{below_floor, draw, BelowFloor, Drawing, Ink, InkStyle, Segment, Shape};

/// An angle in whole degrees, counter-clockwise from pointing forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Degrees(pub i32);

/// A length or a coordinate in thousandths of standing height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Length(pub i32);

impl Length {
    /// As a fraction of standing height.
    pub fn heights(self) -> f32 {
        self.0 as f32 / 1000.0
    }
}

/// The key positions of an exercise and what surrounds the person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// What the pictures show, in words, for readers who cannot see them.
    pub alt: String,
    /// The parts drawn in the accent colour: what the exercise moves.
    pub moving: Vec<Part>,
    /// What the person lies on, leans against or holds.
    pub props: Vec<Prop>,
    /// Two or three positions, in the order they are done.
    pub poses: Vec<Pose>,
    /// Where the arrow between positions is drawn.
    pub arrow: Arrow,
}

impl Figure {
    /// The fewest and most positions a figure has: a start and an end,
    /// and at most one position between them.
    pub const POSES: std::ops::RangeInclusive<usize> = 2..=3;
}

/// A part of the body that can move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Part {
    /// The neck and head.
    Head,
    /// The trunk, from the pelvis to the base of the neck.
    Spine,
    /// Upper arm and forearm.
    Arms,
    /// Thigh, shin and foot.
    Legs,
}

impl Part {
    /// The names authors write.
    pub const NAMES: [(Part, &'static str); 4] = [
        (Part::Head, "head"),
        (Part::Spine, "spine"),
        (Part::Arms, "arms"),
        (Part::Legs, "legs"),
    ];
}

/// A point of the body an arrow can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Joint {
    /// The end of the forearm.
    Hand,
    /// Between the upper arm and the forearm.
    Elbow,
    /// Between the thigh and the shin.
    Knee,
    /// The ankle.
    Foot,
    /// The centre of the head.
    Head,
    /// The middle of the back's curve.
    Back,
    /// The hips.
    Pelvis,
}

impl Joint {
    /// The names authors write.
    pub const NAMES: [(Joint, &'static str); 7] = [
        (Joint::Hand, "hand"),
        (Joint::Elbow, "elbow"),
        (Joint::Knee, "knee"),
        (Joint::Foot, "foot"),
        (Joint::Head, "head"),
        (Joint::Back, "back"),
        (Joint::Pelvis, "pelvis"),
    ];
}

/// Which arrow a figure gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Arrow {
    /// Follow the first moving part's end: the hand for the arms, the foot
    /// for the legs, the middle of the back for the spine, the head.
    Auto,
    /// Follow this point.
    From(Joint),
    /// No arrow, for a position that is only held.
    None,
}

/// Something drawn around the person, in light grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Prop {
    /// A mat on the floor under the whole figure.
    Mat,
    /// A wall.
    Wall {
        /// Where it stands.
        x: Length,
    },
    /// An exercise ball resting on the floor.
    Ball {
        /// Where its centre is.
        x: Length,
        /// How big it is.
        radius: Length,
    },
    /// A bench (or a step, a sofa's edge).
    Bench {
        /// Where its near end is.
        x: Length,
        /// How long it is.
        width: Length,
        /// How high its top is.
        height: Length,
    },
    /// A dumbbell in the hand.
    Dumbbell,
}

impl Prop {
    /// The names authors write.
    pub const NAMES: [&'static str; 5] = ["mat", "wall", "ball", "bench", "dumbbell"];
}

/// One key position: where the hips are and which way each segment points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Pose {
    /// Where the hips are; without it the figure rests on the floor (or the
    /// mat), centred.
    pub pelvis: Option<(Length, Length)>,
    /// From the hips to the base of the neck.
    pub trunk: Degrees,
    /// How much the back curves: positive rounds it (flexion), negative
    /// arches it (extension); the angle between each end and the straight
    /// line from hips to neck.
    pub bend: Degrees,
    /// From the base of the neck towards the head.
    pub neck: Degrees,
    /// From the shoulder to the elbow.
    pub upper_arm: Degrees,
    /// From the elbow to the fingertips.
    pub forearm: Degrees,
    /// From the hip to the knee.
    pub thigh: Degrees,
    /// From the knee to the ankle.
    pub shin: Degrees,
    /// From the ankle to the toes; without it, square to the shin.
    pub foot: Option<Degrees>,
}
