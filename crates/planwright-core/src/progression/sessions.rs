//! Laying sessions out on the calendar from an exercise's frequency.

use jiff::civil::Date;
use jiff::Span;

use crate::model::Frequency;
use crate::plan::Sessions;

/// The sessions of week `week` (from 0) of a plan starting on `start`.
///
/// - `N× a day`: `7N` sessions, on every day.
/// - every `N` days: on days 0, N, 2N… counted from the plan's first day,
///   not from each week's, so the spacing holds across week boundaries
///   (every second day gives 4, 3, 4, 3…).
/// - `N× a week`: `N` sessions on days the person picks; a range such as
///   `1–2×` plans the lower number and offers the rest as optional.
///
/// `None` when a date would fall past the end of the calendar.
pub fn sessions(frequency: Frequency, start: Date, week: u32) -> Option<Sessions> {
    let first = i64::from(week) * 7;
    let day = |offset: i64| start.checked_add(Span::new().days(offset)).ok();
    Some(match frequency {
        Frequency::PerDay { times } => Sessions {
            planned: 7 * times.low,
            optional: 7 * (times.high - times.low),
            dates: Some((first..first + 7).map(day).collect::<Option<_>>()?),
        },
        Frequency::EveryNDays { days } => {
            let dates: Vec<Date> = (first..first + 7)
                .filter(|d| d % i64::from(days.max(1)) == 0)
                .map(day)
                .collect::<Option<_>>()?;
            Sessions {
                planned: u32::try_from(dates.len()).unwrap_or(u32::MAX),
                optional: 0,
                dates: Some(dates),
            }
        }
        Frequency::PerWeek { times } => Sessions {
            planned: times.low,
            optional: times.high - times.low,
            dates: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Range;

    fn monday() -> Date {
        Date::new(2026, 6, 1).unwrap()
    }

    #[test]
    fn every_second_day_alternates_four_and_three() {
        let f = Frequency::EveryNDays { days: 2 };
        let counts: Vec<u32> = (0..6)
            .map(|w| sessions(f, monday(), w).unwrap().planned)
            .collect();
        assert_eq!(counts, [4, 3, 4, 3, 4, 3]);
        // Sunday of week 1, then Tuesday of week 2: 48 h apart.
        let w1 = sessions(f, monday(), 0).unwrap().dates.unwrap();
        let w2 = sessions(f, monday(), 1).unwrap().dates.unwrap();
        assert_eq!(w1.last().unwrap().to_string(), "2026-06-07");
        assert_eq!(w2.first().unwrap().to_string(), "2026-06-09");
    }

    #[test]
    fn every_third_day_keeps_its_spacing() {
        let f = Frequency::EveryNDays { days: 3 };
        let counts: Vec<u32> = (0..3)
            .map(|w| sessions(f, monday(), w).unwrap().planned)
            .collect();
        // Days 0 3 6 | 9 12 | 15 18: 3, 2, 2.
        assert_eq!(counts, [3, 2, 2]);
    }

    #[test]
    fn daily_and_weekly_counts() {
        let three_a_day = Frequency::PerDay {
            times: Range::single(3),
        };
        let s = sessions(three_a_day, monday(), 0).unwrap();
        assert_eq!((s.planned, s.optional, s.dates.unwrap().len()), (21, 0, 7));
        let once_or_twice = Frequency::PerWeek {
            times: Range { low: 1, high: 2 },
        };
        let s = sessions(once_or_twice, monday(), 3).unwrap();
        assert_eq!((s.planned, s.optional, s.dates), (1, 1, None));
    }
}
