//! Programs and plan requests built from the fuzzer's bytes with
//! `arbitrary`.
//!
//! A program keeps to what the content loader accepts (the checks in
//! `src/content/exercise.rs`, `config.rs` and `program.rs`): the engine is
//! only ever handed validated programs, and the model says so. A request is
//! different: it is the engine's own input to check, so some of its values
//! are out of range on purpose (0 or 13 weeks, a target above 10% or
//! outside the band, a stage or exercise that does not exist, baselines
//! above their bounds, equipment in the other unit, a start at the end of
//! the calendar), and the engine must refuse those instead of panicking.

use arbitrary::{Arbitrary, Result, Unstructured};
use jiff::civil::Date;
use planwright_core::model::frequency::{MAX_DAY_GAP, MAX_PER_DAY, MAX_PER_WEEK};
use planwright_core::model::{
    Config, Dose, DoseVar, Exercise, Frequency, Load, MassUnit, Paper, Program, Progression, Range,
    Rate, RateBand, Reps, Seconds, Sets, Slug, Stage, StageKind, Steps, Units,
};
use planwright_core::plan::Person;
use planwright_core::progression::{
    convert, Baseline, BaselineValue, Equipment, PlanRequest, StageRef,
};

/// The largest load the parser reads, in hundredths (1000 kg or lb).
const MAX_LOAD: u32 = Load::MAX_WHOLE_UNITS * 100;

/// Which dose variables an exercise has: the shapes the loader accepts
/// (something to do; `duration` alone; `load` only with `reps`).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Shape {
    Timed,
    Reps,
    Holds,
    RepeatedHolds,
    Loaded,
    LoadedHolds,
}

/// A whole count from 1 to `max`: mostly small, where the rounding is
/// interesting, sometimes anywhere up to the parser's maximum.
fn count(u: &mut Unstructured<'_>, max: u32) -> Result<u32> {
    if u.ratio(3, 4)? {
        u.int_in_range(1..=max.min(24))
    } else {
        u.int_in_range(1..=max)
    }
}

/// How far above `low` a range reaches, keeping it under `max`.
fn extra(u: &mut Unstructured<'_>, low: u32, max: u32) -> Result<u32> {
    let room = max - low;
    if u.arbitrary()? {
        Ok(0)
    } else if u.ratio(3, 4)? {
        u.int_in_range(0..=room.min(24))
    } else {
        u.int_in_range(0..=room)
    }
}

fn range<T>(u: &mut Unstructured<'_>, max: u32, of: fn(u32) -> T) -> Result<Range<T>> {
    let low = count(u, max)?;
    let high = low + extra(u, low, max)?;
    Ok(Range {
        low: of(low),
        high: of(high),
    })
}

/// A load in hundredths: mostly half-units up to 40, sometimes any
/// hundredth the parser reads.
fn load_amount(u: &mut Unstructured<'_>) -> Result<u32> {
    if u.ratio(3, 4)? {
        Ok(u.int_in_range(1..=80u32)? * 50)
    } else {
        u.int_in_range(1..=MAX_LOAD)
    }
}

fn mass_unit(u: &mut Unstructured<'_>) -> Result<MassUnit> {
    Ok(if u.ratio(1, 4)? {
        MassUnit::Lb
    } else {
        MassUnit::Kg
    })
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("the fuzz harness writes valid ids")
}

fn frequency(u: &mut Unstructured<'_>) -> Result<Frequency> {
    let pair = |u: &mut Unstructured<'_>, max: u32| -> Result<Range<u32>> {
        let low = u.int_in_range(1..=max)?;
        let high = if u.arbitrary()? {
            low
        } else {
            u.int_in_range(low..=max)?
        };
        Ok(Range { low, high })
    };
    Ok(match u.int_in_range(0..=2u8)? {
        0 => Frequency::PerDay {
            times: pair(u, MAX_PER_DAY)?,
        },
        1 => Frequency::EveryNDays {
            days: u.int_in_range(2..=MAX_DAY_GAP)?,
        },
        _ => Frequency::PerWeek {
            times: pair(u, MAX_PER_WEEK)?,
        },
    })
}

fn dose(u: &mut Unstructured<'_>) -> Result<Dose> {
    let shape = Shape::arbitrary(u)?;
    let (reps, hold, duration, load) = match shape {
        Shape::Timed => (false, false, true, false),
        Shape::Reps => (true, false, false, false),
        Shape::Holds => (false, true, false, false),
        Shape::RepeatedHolds => (true, true, false, false),
        Shape::Loaded => (true, false, false, true),
        Shape::LoadedHolds => (true, true, false, true),
    };
    let sets = range(u, Sets::MAX, Sets)?;
    let reps = if reps {
        Some(range(u, Reps::MAX, Reps)?)
    } else {
        None
    };
    let hold = if hold {
        Some(range(u, Seconds::MAX, Seconds)?)
    } else {
        None
    };
    let duration = if duration {
        Some(range(u, Seconds::MAX, Seconds)?)
    } else {
        None
    };
    let load = if load {
        let unit = mass_unit(u)?;
        let low = load_amount(u)?;
        let high = if u.arbitrary()? {
            low
        } else {
            u.int_in_range(low..=MAX_LOAD.min(low + 4000))?
        };
        Some(Range {
            low: Load {
                hundredths: low,
                unit,
            },
            high: Load {
                hundredths: high,
                unit,
            },
        })
    } else {
        None
    };
    Ok(Dose {
        sets,
        reps,
        hold,
        duration,
        load,
        tempo: None,
    })
}

/// A progression block as the loader reads it: `grow` lists variables the
/// dose has, each once and each with room; steps and weights are in the
/// dose's unit; listed weights include both ends of the load range.
fn progression(u: &mut Unstructured<'_>, dose: &Dose) -> Result<Progression> {
    let unit = dose.load.map_or(MassUnit::Kg, |l| l.low.unit);
    let mut steps = Steps::defaults(unit);
    if u.ratio(1, 5)? {
        return Ok(Progression {
            grow: Vec::new(),
            steps,
            weights: Vec::new(),
            max_load_jump: Progression::DEFAULT_MAX_LOAD_JUMP,
        });
    }
    let mut vars: Vec<DoseVar> = DoseVar::ALL
        .iter()
        .map(|(v, _)| *v)
        .filter(|v| dose.has_room(*v))
        .collect();
    for i in (1..vars.len()).rev() {
        let j = u.int_in_range(0..=i)?;
        vars.swap(i, j);
    }
    let mut grow = Vec::with_capacity(vars.len());
    for var in vars {
        if u.ratio(3, 4)? {
            grow.push(var);
        }
    }
    if u.ratio(1, 3)? {
        steps.sets = Sets(count(u, Sets::MAX)?);
    }
    if u.ratio(1, 3)? {
        steps.reps = Reps(count(u, Reps::MAX)?);
    }
    if u.ratio(1, 3)? {
        steps.hold = Seconds(count(u, Seconds::MAX)?);
    }
    if u.ratio(1, 3)? {
        steps.duration = Seconds(count(u, Seconds::MAX)?);
    }
    if u.ratio(1, 3)? {
        steps.load = Load {
            hundredths: load_amount(u)?,
            unit,
        };
    }
    let mut weights = Vec::new();
    if let Some(load) = dose.load {
        if u.arbitrary()? {
            weights.extend([load.low, load.high]);
            for _ in 0..u.int_in_range(0..=8u8)? {
                let hundredths = if u.ratio(3, 4)? {
                    u.int_in_range(load.low.hundredths..=load.high.hundredths)?
                } else {
                    load_amount(u)?
                };
                weights.push(Load { hundredths, unit });
            }
            weights.sort();
            weights.dedup();
        }
    }
    let max_load_jump = if u.ratio(1, 3)? {
        Rate {
            basis_points: u.int_in_range(1..=10_000)?,
        }
    } else {
        Progression::DEFAULT_MAX_LOAD_JUMP
    };
    Ok(Progression {
        grow,
        steps,
        weights,
        max_load_jump,
    })
}

fn exercise(u: &mut Unstructured<'_>, id: Slug, stage: Slug) -> Result<Exercise> {
    let dose = dose(u)?;
    let progression = progression(u, &dose)?;
    Ok(Exercise {
        title: format!("Exercise {id}"),
        id,
        stage,
        summary: None,
        equipment: Vec::new(),
        cues: Vec::new(),
        cautions: Vec::new(),
        media: None,
        prescription: dose.clone(),
        dose,
        frequency: frequency(u)?,
        progression,
        instructions: "Do it.".to_string(),
        brief: None,
        figure: None,
    })
}

fn rate_band(u: &mut Unstructured<'_>) -> Result<RateBand> {
    if u.arbitrary()? {
        return Ok(RateBand::default());
    }
    let ceiling = Rate::CEILING.basis_points;
    let min = u.int_in_range(1..=ceiling)?;
    let target = u.int_in_range(min..=ceiling)?;
    let max = u.int_in_range(target..=ceiling)?;
    Ok(RateBand {
        target: Rate {
            basis_points: target,
        },
        min: Rate { basis_points: min },
        max: Rate { basis_points: max },
    })
}

/// A program of one to three stages of one to three exercises each.
pub fn program(u: &mut Unstructured<'_>) -> Result<Program> {
    let config = Config {
        title: "Fuzz".to_string(),
        description: None,
        base_url: None,
        language: "en".to_string(),
        rate: rate_band(u)?,
        paper: Paper::A4,
        units: if u.ratio(1, 4)? {
            Units::Imperial
        } else {
            Units::Metric
        },
        clinic: None,
        raw_html: Default::default(),
    };
    let mut stages = Vec::new();
    let mut exercises = Vec::new();
    for s in 1..=u.int_in_range(1..=3usize)? {
        let id = slug(&format!("s{s}"));
        let mut ids = Vec::new();
        for e in 1..=u.int_in_range(1..=3usize)? {
            let ex = slug(&format!("e{s}-{e}"));
            exercises.push(exercise(u, ex.clone(), id.clone())?);
            ids.push(ex);
        }
        stages.push(Stage {
            id,
            number: s,
            title: format!("Stage {s}"),
            kind: u.choose(&StageKind::ALL)?.0,
            purpose: "Purpose.".to_string(),
            exercises: ids,
            max_weeks: if u.arbitrary()? {
                6
            } else {
                u.int_in_range(1..=12)?
            },
            move_on: vec!["Ready.".to_string()],
        });
    }
    Ok(Program {
        config,
        title: "Fuzz program".to_string(),
        summary: "Summary.".to_string(),
        signs: Vec::new(),
        goals: Vec::new(),
        safety: "Safety.".to_string(),
        stages,
        exercises,
        guides: Vec::new(),
        index: Default::default(),
    })
}

fn date(u: &mut Unstructured<'_>) -> Result<Date> {
    let (year, month) = match u.int_in_range(0..=7u8)? {
        // The last months of the calendar: plans that would run past it.
        0 => (9999, u.int_in_range(9..=12)?),
        1 => (u.int_in_range(-9999..=9999)?, u.int_in_range(1..=12)?),
        _ => (u.int_in_range(2000..=2100)?, u.int_in_range(1..=12)?),
    };
    let day = u.int_in_range(1..=28)?;
    Ok(Date::new(year, month, day).expect("day 1 to 28 of any month exists"))
}

/// A load for equipment or a baseline: often one the program uses (as
/// written, or converted to the other unit as the engine does), so that
/// requests are accepted often enough to reach the plan.
fn load_like(u: &mut Unstructured<'_>, program: &Program, unit: MassUnit) -> Result<Load> {
    let loads: Vec<Load> = program
        .exercises
        .iter()
        .filter_map(|e| e.dose.load)
        .flat_map(|r| [r.low, r.high])
        .collect();
    if !loads.is_empty() && u.ratio(2, 3)? {
        let load = *u.choose(&loads)?;
        return Ok(if load.unit == unit {
            load
        } else {
            convert(load, unit, Steps::defaults(unit).load)
        });
    }
    Ok(Load {
        hundredths: load_amount(u)?,
        unit,
    })
}

fn equipment(u: &mut Unstructured<'_>, program: &Program) -> Result<Option<Equipment>> {
    let unit = if u.ratio(3, 4)? {
        match program.config.units {
            Units::Metric => MassUnit::Kg,
            Units::Imperial => MassUnit::Lb,
        }
    } else {
        mass_unit(u)?
    };
    Ok(match u.int_in_range(0..=3u8)? {
        0 | 1 => None,
        2 => {
            let mut weights = Vec::new();
            for _ in 0..u.int_in_range(1..=8u8)? {
                weights.push(load_like(u, program, unit)?);
            }
            Some(Equipment::from_weights(weights))
        }
        _ => Some(Equipment::Step(Load {
            hundredths: if u.arbitrary()? {
                load_amount(u)?
            } else {
                u.int_in_range(1..=500)?
            },
            unit,
        })),
    })
}

/// A baseline value the parser could have read: positive and at most the
/// parser's maximum; mostly for a variable `exercise` has, often inside
/// the range it prescribes.
fn baseline_value(
    u: &mut Unstructured<'_>,
    program: &Program,
    exercise: &Exercise,
) -> Result<BaselineValue> {
    let dose = &exercise.dose;
    let mut vars: Vec<DoseVar> = DoseVar::ALL.iter().map(|(v, _)| *v).collect();
    if u.ratio(7, 8)? {
        vars.retain(|v| dose.has(*v));
    }
    let near = |u: &mut Unstructured<'_>, r: Option<(u32, u32)>, max: u32| -> Result<u32> {
        match r {
            Some((low, high)) if u.ratio(3, 4)? => {
                u.int_in_range(low.saturating_sub(3).max(1)..=high + 1)
            }
            _ => count(u, max),
        }
        .map(|v| v.min(max))
    };
    Ok(match *u.choose(&vars)? {
        DoseVar::Sets => BaselineValue::Sets(Sets(near(
            u,
            Some((dose.sets.low.0, dose.sets.high.0)),
            Sets::MAX,
        )?)),
        DoseVar::Reps => BaselineValue::Reps(Reps(near(
            u,
            dose.reps.map(|r| (r.low.0, r.high.0)),
            Reps::MAX,
        )?)),
        DoseVar::Hold => BaselineValue::Hold(Seconds(near(
            u,
            dose.hold.map(|r| (r.low.0, r.high.0)),
            Seconds::MAX,
        )?)),
        DoseVar::Duration => BaselineValue::Duration(Seconds(near(
            u,
            dose.duration.map(|r| (r.low.0, r.high.0)),
            Seconds::MAX,
        )?)),
        DoseVar::Load => {
            let unit = match (dose.load, u.ratio(3, 4)?) {
                (Some(l), true) => l.low.unit,
                _ => mass_unit(u)?,
            };
            BaselineValue::Load(load_like(u, program, unit)?)
        }
    })
}

/// A request for a plan of `program`, mostly of one of its stages or some
/// of its exercises; see the module's note on which values are out of
/// range on purpose.
pub fn request(u: &mut Unstructured<'_>, program: &Program) -> Result<PlanRequest> {
    // `int_in_range` gives the start of its range once the input runs
    // out, so the common, accepted choice is the first in every match.
    let stages = program.stages.len();
    let stage = u.choose(&program.stages)?;
    let of_stage: Vec<&Exercise> = program
        .exercises
        .iter()
        .filter(|e| e.stage == stage.id)
        .collect();
    // Mostly one of the stage's exercises; now and then any, or none at all.
    let pick = |u: &mut Unstructured<'_>| -> Result<Slug> {
        Ok(match u.int_in_range(0..=31u8)? {
            31 => slug("no-such-exercise"),
            29 | 30 => u.choose(&program.exercises)?.id.clone(),
            _ => u.choose(&of_stage)?.id.clone(),
        })
    };
    let stage_ref = match u.int_in_range(0..=15u8)? {
        15 => Some(StageRef::Number(*u.choose(&[0, stages + 1])?)),
        14 => Some(StageRef::Id(slug("no-such-stage"))),
        11..=13 => None,
        7..=10 => Some(StageRef::Id(stage.id.clone())),
        _ => Some(StageRef::Number(stage.number)),
    };
    let mut exercises = Vec::new();
    if stage_ref.is_none() || u.ratio(1, 4)? {
        for _ in 0..u.int_in_range(0..=3u8)? {
            exercises.push(pick(u)?);
        }
    }
    let weeks = match u.int_in_range(0..=15u8)? {
        15 => Some(u32::arbitrary(u)?),
        14 => Some(*u.choose(&[0, 13])?),
        10..=13 => Some(u.int_in_range(1..=12)?),
        _ => None,
    };
    let band = program.config.rate;
    let target = match u.int_in_range(0..=7u8)? {
        5 | 6 => Some(Rate {
            basis_points: u.int_in_range(band.min.basis_points..=band.max.basis_points)?,
        }),
        7 => Some(Rate {
            basis_points: u.int_in_range(1..=2000)?,
        }),
        _ => None,
    };
    let units = match u.int_in_range(0..=3u8)? {
        2 => Some(Units::Metric),
        3 => Some(Units::Imperial),
        _ => None,
    };
    let equipment = equipment(u, program)?;
    let mut baselines = Vec::new();
    if u.arbitrary()? {
        for _ in 0..u.int_in_range(1..=3u8)? {
            let id = pick(u)?;
            let exercise = program.exercise(&id).unwrap_or(of_stage[0]);
            baselines.push(Baseline {
                exercise: if u.ratio(1, 3)? { None } else { Some(id) },
                value: baseline_value(u, program, exercise)?,
            });
        }
    }
    Ok(PlanRequest {
        stage: stage_ref,
        exercises,
        start: date(u)?,
        weeks,
        target,
        units,
        equipment,
        baselines,
        beyond_stage_limit: u.arbitrary()?,
        person: Person::default(),
    })
}

/// One run of the `engine` target: a program and a few requests for it.
/// `cargo fuzz fmt engine ARTIFACT` prints a crashing input as this.
#[derive(Debug)]
pub struct Case {
    /// A program as the loader would accept it.
    pub program: Program,
    /// Requests for plans of it; some out of range on purpose.
    pub requests: Vec<PlanRequest>,
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Case> {
        let program = program(u)?;
        // Several requests of one program: the program is the costly part
        // to find, the requests are where the refusals are.
        let mut requests = Vec::new();
        for _ in 0..u.int_in_range(1..=4u8)? {
            requests.push(request(u, &program)?);
        }
        Ok(Case { program, requests })
    }
}
