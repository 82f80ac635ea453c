//! Dose quantities with their units: [`Sets`], [`Reps`], [`Seconds`], [`Load`]
//! and the weekly [`Rate`], plus [`Range`]s of them.
//!
//! Each quantity parses from the short text an author writes (`10 s`,
//! `4 kg`, `7.5%`, `10-20`) and prints back in the same style. Values are
//! whole numbers or fixed-point integers so that comparisons against the
//! weekly ceiling are exact; nothing here does floating-point arithmetic.

use std::fmt;

use thiserror::Error;

/// Why a quantity could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QuantityError {
    /// Nothing was written.
    #[error("is empty")]
    Empty,
    /// The text is not a number in a form planwright reads.
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// Doses and rates must be positive.
    #[error("must be more than zero (found `{0}`)")]
    NotPositive(String),
    /// More decimal places than the quantity can hold.
    #[error("`{found}` has too many decimal places (at most {max})")]
    TooPrecise {
        /// The text as written.
        found: String,
        /// Decimal places allowed.
        max: u32,
    },
    /// A fractional value where only whole numbers make sense.
    #[error("`{0}` must be a whole number")]
    NotWhole(String),
    /// A time with a fraction of a second.
    #[error("`{0}` must be a whole number of seconds")]
    NotWholeSeconds(String),
    /// Larger than anything a person could do.
    #[error("`{found}` is larger than the most planwright accepts ({max})")]
    TooLarge {
        /// The text as written.
        found: String,
        /// The largest accepted value, with its unit.
        max: String,
    },
    /// The unit is missing or unknown.
    #[error("unknown unit `{found}`; expected {expected}")]
    UnknownUnit {
        /// The unit as written ("" when missing).
        found: String,
        /// The units that are accepted.
        expected: &'static str,
    },
    /// A range whose two ends use different units.
    #[error("the two ends of `{0}` use different units")]
    MixedUnits(String),
    /// A range written high-to-low.
    #[error("range `{0}` runs backwards: write the smaller number first")]
    Backwards(String),
}

/// Parses a non-negative decimal with at most `places` decimal places into
/// an integer scaled by 10^places (`"7.5"` with 2 places gives 750).
///
/// Exponents, signs, `nan` and `inf` are refused on purpose: a dose is
/// written the way it is read aloud.
fn parse_fixed(text: &str, places: u32) -> Result<u64, QuantityError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(QuantityError::Empty);
    }
    let negative = text.strip_prefix('-');
    let (whole, frac) = match negative.unwrap_or(text).split_once('.') {
        Some((w, f)) => (w, f),
        None => (negative.unwrap_or(text), ""),
    };
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits_ok(whole) || !digits_ok(frac) {
        // `-.inf` is not a number at all, rather than a negative one.
        return Err(QuantityError::NotANumber(text.to_string()));
    }
    if negative.is_some() {
        return Err(QuantityError::NotPositive(text.to_string()));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > places as usize {
        return Err(QuantityError::TooPrecise {
            found: text.to_string(),
            max: places,
        });
    }
    // Twelve digits is far beyond any dose and keeps the arithmetic in
    // range; each caller names its own maximum (see `too_large`).
    let whole = whole.trim_start_matches('0');
    if whole.len() > 12 {
        return Err(QuantityError::TooLarge {
            found: text.to_string(),
            max: String::new(),
        });
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole
            .parse()
            .map_err(|_| QuantityError::NotANumber(text.to_string()))?
    };
    let mut scaled = whole * 10u64.pow(places);
    let mut unit = 10u64.pow(places);
    for digit in frac.bytes() {
        unit /= 10;
        scaled += u64::from(digit - b'0') * unit;
    }
    Ok(scaled)
}

/// A too-large error that names the whole text as written and the
/// caller's own maximum (`parse_fixed` knows neither).
fn too_large(e: QuantityError, text: &str, max: impl Fn() -> String) -> QuantityError {
    match e {
        QuantityError::TooLarge { .. } => QuantityError::TooLarge {
            found: text.trim().to_string(),
            max: max(),
        },
        other => other,
    }
}

/// Splits `"30 s"` into `("30", "s")`: the number, then the unit word.
fn split_unit(text: &str) -> (&str, &str) {
    let text = text.trim();
    let at = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    (text[..at].trim(), text[at..].trim())
}

/// Splits a number from its unit, refusing what is no number at all before
/// the unit is looked at: `.inf`, `nan`, `-.inf kg` and exponents like
/// `1e9` would otherwise read as a number with an unknown unit.
fn number_and_unit(text: &str) -> Result<(&str, &str), QuantityError> {
    let (number, unit) = split_unit(text);
    if text.trim().is_empty() {
        return Err(QuantityError::Empty);
    }
    let exponent = unit.len() > 1
        && unit.starts_with(['e', 'E'])
        && unit[1..].starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
    if !number.bytes().any(|b| b.is_ascii_digit()) || exponent {
        return Err(QuantityError::NotANumber(text.trim().to_string()));
    }
    Ok((number, unit))
}

fn positive_u32(text: &str, scaled: u64, max: u32, unit: &str) -> Result<u32, QuantityError> {
    if scaled == 0 {
        return Err(QuantityError::NotPositive(text.trim().to_string()));
    }
    match u32::try_from(scaled) {
        Ok(v) if v <= max => Ok(v),
        _ => Err(QuantityError::TooLarge {
            found: text.trim().to_string(),
            max: format!("{max}{unit}"),
        }),
    }
}

fn whole_count(text: &str, max: u32) -> Result<u32, QuantityError> {
    let scaled = parse_fixed(text, 2).map_err(|e| too_large(e, text, || max.to_string()))?;
    if scaled % 100 != 0 {
        return Err(QuantityError::NotWhole(text.trim().to_string()));
    }
    positive_u32(text, scaled / 100, max, "")
}

/// A number of sets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Sets(pub u32);

/// A number of repetitions.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Reps(pub u32);

/// A whole number of seconds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Seconds(pub u32);

impl Sets {
    /// More sets than this is not an exercise prescription.
    pub const MAX: u32 = 50;

    /// Reads a whole, positive number of sets.
    pub fn parse(text: &str) -> Result<Sets, QuantityError> {
        whole_count(text, Self::MAX).map(Sets)
    }
}

impl Reps {
    /// More repetitions than this in one set is not a prescription.
    pub const MAX: u32 = 1000;

    /// Reads a whole, positive number of repetitions.
    pub fn parse(text: &str) -> Result<Reps, QuantityError> {
        whole_count(text, Self::MAX).map(Reps)
    }
}

impl Seconds {
    /// Four hours: longer than any single hold or timed set.
    pub const MAX: u32 = 4 * 3600;

    /// Reads `10`, `10 s`, `10s`, `10 seconds`, `1 min` or `1.5 min`.
    pub fn parse(text: &str) -> Result<Seconds, QuantityError> {
        let (number, unit) = number_and_unit(text)?;
        let per_unit = match unit.to_ascii_lowercase().as_str() {
            "" | "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "min" | "mins" | "minute" | "minutes" => 60,
            other => {
                return Err(QuantityError::UnknownUnit {
                    found: other.to_string(),
                    expected: "`s` or `min`",
                })
            }
        };
        let hundredths = parse_fixed(number, 2)
            .map_err(|e| too_large(e, text, || format!("{} s", Self::MAX)))?
            .saturating_mul(per_unit);
        if hundredths % 100 != 0 {
            return Err(QuantityError::NotWholeSeconds(text.trim().to_string()));
        }
        positive_u32(text, hundredths / 100, Self::MAX, " s").map(Seconds)
    }

    /// How long one repetition takes at a tempo written in words, when the
    /// words give times: `2 s up, 2 s down` is 4 s. Each part of the tempo
    /// (between commas or semicolons) counts the first time it names; a
    /// part without one (`normal speed up`) counts as a 1-second movement.
    /// `None` when no part names a time (`slowly`): the words give no
    /// number to count.
    pub fn per_rep_in_tempo(tempo: &str) -> Option<Seconds> {
        let mut total = 0u32;
        let mut timed = false;
        for part in tempo.split([',', ';']).filter(|p| !p.trim().is_empty()) {
            match first_time(part) {
                Some(Seconds(s)) => {
                    timed = true;
                    total = total.saturating_add(s);
                }
                None => total = total.saturating_add(1),
            }
        }
        timed.then_some(Seconds(total.min(Self::MAX)))
    }
}

/// The first time with its unit in `words`: `3 s`, `3s`, `2 seconds`.
/// A bare number is not taken for one: `10 times` counts repetitions.
fn first_time(words: &str) -> Option<Seconds> {
    let tokens: Vec<&str> = words.split_whitespace().collect();
    tokens.iter().enumerate().find_map(|(i, token)| {
        if !token.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let with_unit = match tokens.get(i + 1) {
            Some(next) if token.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
                format!("{token} {next}")
            }
            _ => (*token).to_string(),
        };
        if split_unit(&with_unit).1.is_empty() {
            return None;
        }
        Seconds::parse(&with_unit).ok()
    })
}

impl fmt::Display for Sets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Reps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} s", self.0)
    }
}

/// The unit a load is measured in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum MassUnit {
    /// Kilograms.
    Kg,
    /// Pounds.
    Lb,
}

impl MassUnit {
    /// The unit of the other system: pounds for kilograms and back.
    pub fn other(self) -> MassUnit {
        match self {
            MassUnit::Kg => MassUnit::Lb,
            MassUnit::Lb => MassUnit::Kg,
        }
    }

    /// The symbol printed after a number.
    pub fn symbol(self) -> &'static str {
        match self {
            MassUnit::Kg => "kg",
            MassUnit::Lb => "lb",
        }
    }
}

/// A weight lifted, in hundredths of its unit (`4 kg` is 400 kg-hundredths,
/// `2.5 lb` is 250 lb-hundredths), so steps of real equipment stay exact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Load {
    /// The amount in hundredths of `unit`.
    pub hundredths: u32,
    /// Kilograms or pounds.
    pub unit: MassUnit,
}

impl Load {
    /// No hand-held or machine load in a rehab plan comes near this.
    pub const MAX_WHOLE_UNITS: u32 = 1000;

    /// A load of `whole` units (`Load::new(4, MassUnit::Kg)` is 4 kg).
    pub fn new(whole: u32, unit: MassUnit) -> Load {
        Load {
            hundredths: whole * 100,
            unit,
        }
    }

    /// Reads `4 kg`, `4kg`, `2.5 lb`, `10 lbs`. The unit is required.
    pub fn parse(text: &str) -> Result<Load, QuantityError> {
        let (number, unit) = number_and_unit(text)?;
        let unit = match unit.to_ascii_lowercase().as_str() {
            "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" => MassUnit::Kg,
            "lb" | "lbs" | "pound" | "pounds" => MassUnit::Lb,
            other => {
                return Err(QuantityError::UnknownUnit {
                    found: other.to_string(),
                    expected: "`kg` or `lb`",
                })
            }
        };
        let hundredths = parse_fixed(number, 2).map_err(|e| {
            too_large(e, text, || {
                format!("{} {}", Self::MAX_WHOLE_UNITS, unit.symbol())
            })
        })?;
        let max = Self::MAX_WHOLE_UNITS * 100;
        let hundredths = positive_u32(text, hundredths, max, "").map_err(|e| match e {
            QuantityError::TooLarge { found, .. } => QuantityError::TooLarge {
                found,
                max: format!("{} {}", Self::MAX_WHOLE_UNITS, unit.symbol()),
            },
            other => other,
        })?;
        Ok(Load { hundredths, unit })
    }
}

impl fmt::Display for Load {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            fixed_to_string(u64::from(self.hundredths), 2),
            self.unit.symbol()
        )
    }
}

/// Prints a fixed-point number without trailing zeros (`750` at 2 places is `7.5`).
fn fixed_to_string(scaled: u64, places: u32) -> String {
    let unit = 10u64.pow(places);
    let whole = scaled / unit;
    let frac = scaled % unit;
    if frac == 0 {
        return whole.to_string();
    }
    let frac = format!("{frac:0width$}", width = places as usize);
    format!("{whole}.{}", frac.trim_end_matches('0'))
}

/// A weekly growth rate, in basis points (1/100 of a percent): 7.5% is 750.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Rate {
    /// The rate in hundredths of a percent.
    pub basis_points: u32,
}

impl Rate {
    /// The safety ceiling: planwright never plans more than 10% a week.
    pub const CEILING: Rate = Rate::percent(10);

    /// A whole-percent rate.
    pub const fn percent(p: u32) -> Rate {
        Rate {
            basis_points: p * 100,
        }
    }

    /// Reads `7.5%` or `7.5` (both mean seven and a half percent).
    pub fn parse(text: &str) -> Result<Rate, QuantityError> {
        let number = text.trim().trim_end_matches('%');
        let ceiling = || Self::CEILING.to_string();
        let bp = parse_fixed(number, 2).map_err(|e| too_large(e, text, ceiling))?;
        if bp == 0 {
            return Err(QuantityError::NotPositive(text.trim().to_string()));
        }
        // Anything above the ceiling is refused by the caller, with its
        // reason; only what does not even fit is refused here.
        let basis_points = u32::try_from(bp).map_err(|_| QuantityError::TooLarge {
            found: text.trim().to_string(),
            max: ceiling(),
        })?;
        Ok(Rate { basis_points })
    }

    /// The rate as a fraction (0.075 for 7.5%), for display and JSON only.
    pub fn as_fraction(self) -> f64 {
        f64::from(self.basis_points) / 10_000.0
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", fixed_to_string(u64::from(self.basis_points), 2))
    }
}

/// An inclusive range of a quantity: start at `low`, never go above `high`.
/// A single value is a range whose ends are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Range<T> {
    /// Where the dose starts.
    pub low: T,
    /// The upper bound the dose may grow to.
    pub high: T,
}

impl<T: Copy + PartialOrd> Range<T> {
    /// A range holding one value.
    pub fn single(value: T) -> Range<T> {
        Range {
            low: value,
            high: value,
        }
    }

    /// True when the range holds one value.
    pub fn is_single(&self) -> bool {
        self.low == self.high
    }

    /// Reads `10`, `10-20`, `10–20`, `30-60 s`, `30 s - 60 s` or `4-8 kg`
    /// with `parse_one` reading each end. A unit written only after the
    /// second number applies to both ends.
    pub fn parse(
        text: &str,
        parse_one: impl Fn(&str) -> Result<T, QuantityError>,
    ) -> Result<Range<T>, QuantityError> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix('-') {
            // `-3` is a negative count; `-.inf` is no number at all.
            return Err(
                if rest.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
                    QuantityError::NotPositive(text.to_string())
                } else {
                    QuantityError::NotANumber(text.to_string())
                },
            );
        }
        let Some((low, high)) = split_range(text) else {
            return parse_one(text).map(Range::single);
        };
        let (low_number, low_unit) = split_unit(low);
        let (_, high_unit) = split_unit(high);
        let low_text = if low_unit.is_empty() {
            format!("{low_number} {high_unit}")
        } else if !high_unit.is_empty() && !low_unit.eq_ignore_ascii_case(high_unit) {
            return Err(QuantityError::MixedUnits(text.to_string()));
        } else {
            low.to_string()
        };
        let range = Range {
            low: parse_one(&low_text)?,
            high: parse_one(high)?,
        };
        if range.low > range.high {
            return Err(QuantityError::Backwards(text.to_string()));
        }
        Ok(range)
    }
}

/// Splits `a-b`, `a–b` or `a to b` into its ends.
fn split_range(text: &str) -> Option<(&str, &str)> {
    for separator in ["–", "—", "-", " to "] {
        if let Some((low, high)) = text.split_once(separator) {
            return Some((low.trim(), high.trim()));
        }
    }
    None
}

/// A quantity printed as a number and a unit, so a range can print its unit
/// once: `30–60 s`, not `30 s–60 s`.
pub trait Measure {
    /// The number without its unit.
    fn number(&self) -> String;
    /// The unit symbol, or "" for plain counts.
    fn unit(&self) -> &'static str;
}

impl Measure for Sets {
    fn number(&self) -> String {
        self.0.to_string()
    }
    fn unit(&self) -> &'static str {
        ""
    }
}

impl Measure for Reps {
    fn number(&self) -> String {
        self.0.to_string()
    }
    fn unit(&self) -> &'static str {
        ""
    }
}

impl Measure for Seconds {
    fn number(&self) -> String {
        self.0.to_string()
    }
    fn unit(&self) -> &'static str {
        "s"
    }
}

impl Measure for Load {
    fn number(&self) -> String {
        fixed_to_string(u64::from(self.hundredths), 2)
    }
    fn unit(&self) -> &'static str {
        self.unit.symbol()
    }
}

impl Measure for u32 {
    fn number(&self) -> String {
        self.to_string()
    }
    fn unit(&self) -> &'static str {
        ""
    }
}

impl<T: Measure + PartialEq> fmt::Display for Range<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.low.number())?;
        if self.low != self.high {
            write!(f, "–{}", self.high.number())?;
        }
        match self.low.unit() {
            "" => Ok(()),
            unit => write!(f, " {unit}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tempo_in_words_gives_the_seconds_of_a_rep() {
        let rep = |t: &str| Seconds::per_rep_in_tempo(t).map(|s| s.0);
        assert_eq!(rep("2 s up, 2 s down"), Some(4));
        assert_eq!(rep("3 s lowering, normal speed up"), Some(4));
        assert_eq!(rep("3s down; pause; 1 second up"), Some(5));
        assert_eq!(rep("lower for 3 s"), Some(3));
        assert_eq!(rep("slowly, with control"), None);
        assert_eq!(rep("10 times, slowly"), None);
        assert_eq!(rep(""), None);
    }

    #[test]
    fn seconds_read_the_forms_authors_write() {
        assert_eq!(Seconds::parse("10"), Ok(Seconds(10)));
        assert_eq!(Seconds::parse("10 s"), Ok(Seconds(10)));
        assert_eq!(Seconds::parse("10s"), Ok(Seconds(10)));
        assert_eq!(Seconds::parse("45 seconds"), Ok(Seconds(45)));
        assert_eq!(Seconds::parse("1.5 min"), Ok(Seconds(90)));
        assert!(matches!(
            Seconds::parse("0 s"),
            Err(QuantityError::NotPositive(_))
        ));
        assert!(matches!(
            Seconds::parse("-5 s"),
            Err(QuantityError::NotPositive(_))
        ));
        assert_eq!(
            Seconds::parse("2.5 s").unwrap_err().to_string(),
            "`2.5 s` must be a whole number of seconds"
        );
        assert!(matches!(
            Seconds::parse("10 h"),
            Err(QuantityError::UnknownUnit { .. })
        ));
        assert!(matches!(
            Seconds::parse("1e9"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            Seconds::parse("nan"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            Seconds::parse("99999999 s"),
            Err(QuantityError::TooLarge { .. })
        ));
    }

    #[test]
    fn what_is_no_number_says_so() {
        for text in [".inf", "-.inf", ".nan", "NaN", "1e309", "1E3 s", "inf s"] {
            assert_eq!(
                Seconds::parse(text),
                Err(QuantityError::NotANumber(text.to_string())),
                "{text}"
            );
        }
        assert_eq!(
            Load::parse("-.inf kg"),
            Err(QuantityError::NotANumber("-.inf kg".to_string()))
        );
        assert_eq!(
            Rate::parse("-.inf"),
            Err(QuantityError::NotANumber("-.inf".to_string()))
        );
        assert_eq!(
            Range::parse("-.inf", Reps::parse),
            Err(QuantityError::NotANumber("-.inf".to_string()))
        );
        assert!(matches!(
            Range::parse("-3", Reps::parse),
            Err(QuantityError::NotPositive(_))
        ));
        assert!(matches!(
            Seconds::parse("10 h"),
            Err(QuantityError::UnknownUnit { .. })
        ));
        assert!(matches!(
            Seconds::parse("kg"),
            Err(QuantityError::NotANumber(_))
        ));
    }

    #[test]
    fn huge_numbers_name_the_real_maximum() {
        let huge = "99999999999999999999";
        assert_eq!(
            Reps::parse(huge).unwrap_err().to_string(),
            format!("`{huge}` is larger than the most planwright accepts (1000)")
        );
        assert_eq!(
            Sets::parse(huge).unwrap_err().to_string(),
            format!("`{huge}` is larger than the most planwright accepts (50)")
        );
        assert_eq!(
            Seconds::parse(&format!("{huge} s"))
                .unwrap_err()
                .to_string(),
            format!("`{huge} s` is larger than the most planwright accepts (14400 s)")
        );
        assert_eq!(
            Load::parse(&format!("{huge} kg")).unwrap_err().to_string(),
            format!("`{huge} kg` is larger than the most planwright accepts (1000 kg)")
        );
        assert_eq!(
            Rate::parse(&format!("{huge}%")).unwrap_err().to_string(),
            format!("`{huge}%` is larger than the most planwright accepts (10%)")
        );
    }

    #[test]
    fn loads_keep_exact_steps() {
        assert_eq!(Load::parse("4 kg"), Ok(Load::new(4, MassUnit::Kg)));
        let half = Load::parse("2.5 lb").unwrap();
        assert_eq!(half.hundredths, 250);
        assert_eq!(half.to_string(), "2.5 lb");
        assert_eq!(Load::parse("1.25kg").unwrap().to_string(), "1.25 kg");
        assert!(matches!(
            Load::parse("4"),
            Err(QuantityError::UnknownUnit { .. })
        ));
        assert!(matches!(
            Load::parse("1.125 kg"),
            Err(QuantityError::TooPrecise { .. })
        ));
        assert!(matches!(
            Load::parse("5000 kg"),
            Err(QuantityError::TooLarge { .. })
        ));
    }

    #[test]
    fn rates_are_exact_basis_points() {
        assert_eq!(Rate::parse("7.5%").unwrap().basis_points, 750);
        assert_eq!(Rate::parse("10").unwrap(), Rate::CEILING);
        assert_eq!(Rate::parse("10.01%").unwrap().basis_points, 1001);
        assert_eq!(Rate::parse("7.5%").unwrap().to_string(), "7.5%");
        assert!(Rate::parse("0%").is_err());
        assert!(Rate::parse("abc").is_err());
    }

    #[test]
    fn ranges_share_the_unit_of_their_upper_end() {
        let r = Range::parse("30-60 s", Seconds::parse).unwrap();
        assert_eq!((r.low, r.high), (Seconds(30), Seconds(60)));
        let r = Range::parse("10–20", Reps::parse).unwrap();
        assert_eq!(r.to_string(), "10–20");
        let r = Range::parse("4 kg - 8 kg", Load::parse).unwrap();
        assert_eq!(r.high, Load::new(8, MassUnit::Kg));
        assert_eq!(
            Range::parse("12", Reps::parse).unwrap(),
            Range::single(Reps(12))
        );
        assert!(matches!(
            Range::parse("20-10", Reps::parse),
            Err(QuantityError::Backwards(_))
        ));
        assert!(matches!(
            Range::parse("4 kg-8 lb", Load::parse),
            Err(QuantityError::MixedUnits(_))
        ));
        assert!(matches!(
            Range::parse("-3", Reps::parse),
            Err(QuantityError::NotPositive(_))
        ));
    }
}
