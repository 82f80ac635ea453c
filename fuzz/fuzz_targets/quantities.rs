//! Every reader of the short text forms an author or a clinician writes:
//! quantities and their ranges, rates, frequencies, ids, stage names,
//! baselines and equipment. None may panic; whatever one accepts is inside
//! the limits it documents, and prints as text it reads back to the same
//! value.

#![no_main]

use std::fmt::{Debug, Display};

use libfuzzer_sys::fuzz_target;
use planwright_core::model::frequency::{MAX_DAY_GAP, MAX_PER_DAY, MAX_PER_WEEK};
use planwright_core::model::quantity::Measure;
use planwright_core::model::{
    DoseVar, Frequency, Load, QuantityError, Range, Rate, Reps, Seconds, Sets, Slug,
};
use planwright_core::progression::{Baseline, BaselineValue, Equipment, StageRef};

/// `value` prints as text that `parse` reads back to `value`.
fn round_trip<T, E>(value: &T, parse: impl Fn(&str) -> Result<T, E>)
where
    T: PartialEq + Debug + Display,
    E: Display,
{
    let shown = value.to_string();
    match parse(&shown) {
        Ok(again) => assert_eq!(&again, value, "`{shown}` reads back as {again:?}"),
        Err(e) => panic!("{value:?} prints as `{shown}`, which does not read back: {e}"),
    }
}

/// A quantity and the ranges of it: positive, at most `max`, low to high,
/// and both print and read back.
fn quantity<T>(
    text: &str,
    parse: fn(&str) -> Result<T, QuantityError>,
    number: fn(&T) -> u32,
    max: u32,
) where
    T: Copy + PartialOrd + PartialEq + Debug + Display + Measure,
{
    if let Ok(v) = parse(text) {
        assert!((1..=max).contains(&number(&v)), "{v:?} from `{text}`");
        round_trip(&v, parse);
    }
    if let Ok(r) = Range::parse(text, parse) {
        assert!(r.low <= r.high, "{r:?} from `{text}` runs backwards");
        for end in [r.low, r.high] {
            assert!((1..=max).contains(&number(&end)), "{r:?} from `{text}`");
        }
        assert_eq!(r.low.unit(), r.high.unit(), "{r:?} from `{text}`");
        round_trip(&r, |t| Range::parse(t, parse));
    }
}

fn frequency(text: &str) {
    let Ok(f) = Frequency::parse(text) else {
        return;
    };
    let within = |times: Range<u32>, max: u32| {
        1 <= times.low && times.low <= times.high && times.high <= max
    };
    match f {
        Frequency::PerDay { times } => assert!(within(times, MAX_PER_DAY), "{f:?} from `{text}`"),
        Frequency::PerWeek { times } => assert!(within(times, MAX_PER_WEEK), "{f:?} from `{text}`"),
        Frequency::EveryNDays { days } => {
            assert!((2..=MAX_DAY_GAP).contains(&days), "{f:?} from `{text}`")
        }
    }
    round_trip(&f, Frequency::parse);
}

fn slug(text: &str) {
    if let Ok(s) = Slug::parse(text) {
        assert!(s.as_str().len() <= Slug::MAX_LEN);
        round_trip(&s, Slug::parse);
    }
    // A suggested id is offered as a fix, so it must itself be accepted.
    let suggestion = Slug::suggest(text);
    if !suggestion.is_empty() {
        if let Err(why) = Slug::parse(&suggestion) {
            panic!("`{text}` gets the suggestion `{suggestion}`, which {why}");
        }
    }
}

fn forms(text: &str) {
    if let Ok(stage) = StageRef::parse(text) {
        assert_ne!(stage, StageRef::Number(0));
        round_trip(&stage, StageRef::parse);
    }
    for (var, _) in DoseVar::ALL {
        if let Ok(v) = BaselineValue::parse(var, text) {
            assert_eq!(v.var(), var);
            round_trip(&v, |t| BaselineValue::parse(var, t));
        }
    }
    if let Ok(b) = Baseline::parse(text) {
        round_trip(&b, Baseline::parse);
    }
    if let Ok(e) = Equipment::parse(text) {
        match &e {
            Equipment::Weights(w) => {
                assert!(!w.is_empty(), "no weights from `{text}`");
                assert!(
                    w.windows(2).all(|p| p[0] < p[1] && p[0].unit == p[1].unit),
                    "{w:?} from `{text}`: not ascending in one unit"
                );
            }
            Equipment::Step(step) => assert!(step.hundredths > 0),
        }
        round_trip(&e, Equipment::parse);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    quantity(text, Sets::parse, |v| v.0, Sets::MAX);
    quantity(text, Reps::parse, |v| v.0, Reps::MAX);
    quantity(text, Seconds::parse, |v| v.0, Seconds::MAX);
    quantity(
        text,
        Load::parse,
        |v| v.hundredths,
        Load::MAX_WHOLE_UNITS * 100,
    );
    if let Ok(rate) = Rate::parse(text) {
        assert!(rate.basis_points > 0);
        round_trip(&rate, Rate::parse);
    }
    frequency(text);
    slug(text);
    forms(text);
});
