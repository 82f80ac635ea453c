//! How often an exercise is done: [`Frequency`] and its reader.
//!
//! Authors write frequencies the way clinicians say them ("3x per day",
//! "every second day", "once or twice a week"); this module turns those
//! phrases into a small closed set of shapes. Laying sessions out on a
//! calendar is the progression engine's job, not this module's.

use std::fmt;

use thiserror::Error;

use super::quantity::Range;

/// The most sessions in a day planwright will lay out.
pub const MAX_PER_DAY: u32 = 12;
/// The most sessions in a week planwright will lay out.
pub const MAX_PER_WEEK: u32 = 14;
/// The longest gap, in days, between sessions.
pub const MAX_DAY_GAP: u32 = 14;

/// How often to do an exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Frequency {
    /// Every day, `times.low` times (up to `times.high` when a range).
    PerDay {
        /// Sessions a day.
        times: Range<u32>,
    },
    /// Once every `days` days (2 is every second day).
    EveryNDays {
        /// Days from one session to the next.
        days: u32,
    },
    /// `times.low` sessions a week, optionally up to `times.high`.
    PerWeek {
        /// Sessions a week.
        times: Range<u32>,
    },
}

/// Why a frequency phrase could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FrequencyError {
    /// The phrase matches none of the known forms.
    #[error("cannot read frequency `{0}`")]
    Unreadable(String),
    /// A count of zero sessions.
    #[error("frequency `{0}` has zero sessions")]
    Zero(String),
    /// More sessions or a longer gap than planwright lays out.
    #[error("frequency `{found}` is out of range ({limit})")]
    OutOfRange {
        /// The phrase as written.
        found: String,
        /// The limit it broke.
        limit: String,
    },
    /// `3-1x per day`.
    #[error("frequency `{0}` runs backwards: write the smaller number first")]
    Backwards(String),
}

impl FrequencyError {
    /// The forms planwright understands, for hints.
    pub const FORMS: &'static str = "`3x per day`, `twice a day`, `daily`, `every second day`, \
         `every 3 days`, `1-2x per week` or `once or twice a week`";
}

impl Frequency {
    /// Reads a frequency phrase.
    pub fn parse(text: &str) -> Result<Frequency, FrequencyError> {
        let original = text.trim();
        let s = normalise(original);
        let unreadable = || FrequencyError::Unreadable(original.to_string());

        if let Some(rest) = s.strip_prefix("every ") {
            return every(rest, original).ok_or_else(unreadable)?;
        }
        match s.as_str() {
            "daily" | "once daily" => return Ok(per_day(1, 1)),
            "weekly" | "once weekly" => return Ok(per_week(1, 1)),
            _ => {}
        }
        const DAY: [&str; 5] = [" per day", " a day", " each day", "/day", " daily"];
        const WEEK: [&str; 5] = [" per week", " a week", " each week", "/week", " weekly"];
        let (times, period_is_day) = if let Some(t) = strip_any_suffix(&s, &DAY) {
            (t, true)
        } else if let Some(t) = strip_any_suffix(&s, &WEEK) {
            (t, false)
        } else {
            return Err(unreadable());
        };
        let times = times_of(times.trim()).ok_or_else(unreadable)?;
        if times.low == 0 {
            return Err(FrequencyError::Zero(original.to_string()));
        }
        if times.low > times.high {
            return Err(FrequencyError::Backwards(original.to_string()));
        }
        let (max, what) = if period_is_day {
            (MAX_PER_DAY, "at most 12 sessions a day")
        } else {
            (MAX_PER_WEEK, "at most 14 sessions a week")
        };
        if times.high > max {
            return Err(FrequencyError::OutOfRange {
                found: original.to_string(),
                limit: what.to_string(),
            });
        }
        Ok(if period_is_day {
            Frequency::PerDay { times }
        } else {
            Frequency::PerWeek { times }
        })
    }
}

fn per_day(low: u32, high: u32) -> Frequency {
    Frequency::PerDay {
        times: Range { low, high },
    }
}

fn per_week(low: u32, high: u32) -> Frequency {
    Frequency::PerWeek {
        times: Range { low, high },
    }
}

/// Lower-cases and folds the typographic variants (`×`, en dash) to ASCII.
fn normalise(text: &str) -> String {
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '×' => 'x',
            '–' | '—' => '-',
            c => c,
        })
        .collect();
    let folded = folded.trim_end_matches('.');
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.join(" ").replace(" - ", "-").replace(" x", "x")
}

fn strip_any_suffix<'a>(s: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes.iter().find_map(|suffix| s.strip_suffix(suffix))
}

/// Reads the part after "every": `day`, `other day`, `second day`, `2 days`, `3rd day`, `week`.
fn every(rest: &str, original: &str) -> Option<Result<Frequency, FrequencyError>> {
    let days = match rest {
        "day" => return Some(Ok(per_day(1, 1))),
        "week" => return Some(Ok(per_week(1, 1))),
        "other day" => 2,
        _ => {
            let count = rest
                .strip_suffix(" days")
                .or_else(|| rest.strip_suffix(" day"))?;
            ordinal(count).or_else(|| count.parse().ok())?
        }
    };
    Some(match days {
        0 => Err(FrequencyError::Zero(original.to_string())),
        1 => Ok(per_day(1, 1)),
        d if d > MAX_DAY_GAP => Err(FrequencyError::OutOfRange {
            found: original.to_string(),
            limit: "at most every 14 days".to_string(),
        }),
        d => Ok(Frequency::EveryNDays { days: d }),
    })
}

fn ordinal(word: &str) -> Option<u32> {
    let n = match word {
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        _ => {
            let digits = word
                .strip_suffix("nd")
                .or_else(|| word.strip_suffix("rd"))
                .or_else(|| word.strip_suffix("th"))
                .or_else(|| word.strip_suffix("st"))?;
            digits.parse().ok()?
        }
    };
    Some(n)
}

/// Reads the count part: `once`, `twice`, `3x`, `3 times`, `1-2x`, `1 or 2 times`, `once or twice`.
fn times_of(s: &str) -> Option<Range<u32>> {
    let word = |w: &str| -> Option<u32> {
        match w {
            "once" | "one time" => Some(1),
            "twice" | "two times" => Some(2),
            "three times" | "thrice" => Some(3),
            _ => {
                let n = w
                    .strip_suffix(" times")
                    .or_else(|| w.strip_suffix(" time"))
                    .or_else(|| w.strip_suffix('x'))
                    .unwrap_or(w);
                n.trim().parse().ok()
            }
        }
    };
    for separator in [" or ", " to ", "-"] {
        if let Some((low, high)) = s.split_once(separator) {
            // "1-2x": the unit word sits only after the second number.
            return Some(Range {
                low: word(low.trim())?,
                high: word(high.trim())?,
            });
        }
    }
    word(s).map(|n| Range { low: n, high: n })
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn count(times: &Range<u32>) -> String {
            match (times.low, times.high) {
                (1, 1) => "once".to_string(),
                (2, 2) => "twice".to_string(),
                (1, 2) => "once or twice".to_string(),
                (l, h) if l == h => format!("{l}×"),
                (l, h) => format!("{l}–{h}×"),
            }
        }
        match self {
            Frequency::PerDay { times } => write!(f, "{} a day", count(times)),
            Frequency::PerWeek { times } => write!(f, "{} a week", count(times)),
            Frequency::EveryNDays { days: 2 } => f.write_str("every second day"),
            Frequency::EveryNDays { days } => write!(f, "every {days} days"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Frequency {
        Frequency::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn reads_the_seed_programs_phrases() {
        assert_eq!(read("3x per day"), per_day(3, 3));
        assert_eq!(read("3 times a day"), per_day(3, 3));
        assert_eq!(read("3× a day"), per_day(3, 3));
        assert_eq!(read("twice a day"), per_day(2, 2));
        assert_eq!(read("2x/day"), per_day(2, 2));
        assert_eq!(read("once a day"), per_day(1, 1));
        assert_eq!(read("Daily"), per_day(1, 1));
        assert_eq!(read("every day"), per_day(1, 1));
        assert_eq!(read("every second day"), Frequency::EveryNDays { days: 2 });
        assert_eq!(read("every other day"), Frequency::EveryNDays { days: 2 });
        assert_eq!(read("every 3 days"), Frequency::EveryNDays { days: 3 });
        assert_eq!(read("every 3rd day"), Frequency::EveryNDays { days: 3 });
        assert_eq!(read("1-2x per week"), per_week(1, 2));
        assert_eq!(read("1–2× per week"), per_week(1, 2));
        assert_eq!(read("1 - 2 x a week"), per_week(1, 2));
        assert_eq!(read("once or twice a week"), per_week(1, 2));
        assert_eq!(read("weekly"), per_week(1, 1));
        assert_eq!(read("2-3 times per day"), per_day(2, 3));
    }

    #[test]
    fn refuses_what_it_cannot_lay_out() {
        assert!(matches!(
            Frequency::parse("sometimes"),
            Err(FrequencyError::Unreadable(_))
        ));
        assert!(matches!(
            Frequency::parse("0x per day"),
            Err(FrequencyError::Zero(_))
        ));
        assert!(matches!(
            Frequency::parse("every 0 days"),
            Err(FrequencyError::Zero(_))
        ));
        assert!(matches!(
            Frequency::parse("3-1x per day"),
            Err(FrequencyError::Backwards(_))
        ));
        assert!(matches!(
            Frequency::parse("50x per day"),
            Err(FrequencyError::OutOfRange { .. })
        ));
        assert!(matches!(
            Frequency::parse("every 30 days"),
            Err(FrequencyError::OutOfRange { .. })
        ));
        assert!(matches!(
            Frequency::parse(""),
            Err(FrequencyError::Unreadable(_))
        ));
    }

    #[test]
    fn prints_like_a_clinician_says_it() {
        assert_eq!(read("3x per day").to_string(), "3× a day");
        assert_eq!(read("1-2x per week").to_string(), "once or twice a week");
        assert_eq!(read("every other day").to_string(), "every second day");
        assert_eq!(read("daily").to_string(), "once a day");
    }
}
