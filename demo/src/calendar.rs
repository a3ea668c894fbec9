//! Civil dates and timestamps for the generated data (China Standard Time unless planted
//! otherwise). Nothing here reads a clock.

use chrono::{Days, NaiveDate, TimeDelta};
use qgx_core::{Date, Timestamp};

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// `2024-07-20T10:00:00+08:00`
    Cst,
    /// The same instant in UTC: `2024-07-20T02:00:00Z`.
    Utc,
    /// No offset (read as +08:00): `2024-07-20T10:00:00`.
    Bare,
}

/// The date `y-m-d` (a fixed, valid date in all uses here; the minimum date otherwise).
pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// `date` moved by `days` (unchanged if that leaves chrono's range).
pub(crate) fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let n = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(n)
    } else {
        date.checked_sub_days(n)
    }
    .unwrap_or(date)
}

/// The engine's date type.
pub(crate) fn date(d: NaiveDate) -> Date {
    Date::from(d)
}

/// The timestamp at `hour:minute` Beijing time on `day`, written in `zone`.
pub(crate) fn stamp(day: NaiveDate, hour: u32, minute: u32, zone: Zone) -> Option<Timestamp> {
    let local = day.and_hms_opt(hour, minute, 0)?;
    let text = match zone {
        Zone::Cst => format!("{}+08:00", local.format("%Y-%m-%dT%H:%M:%S")),
        Zone::Bare => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        Zone::Utc => {
            let utc = local.checked_sub_signed(TimeDelta::hours(8))?;
            format!("{}Z", utc.format("%Y-%m-%dT%H:%M:%S"))
        }
    };
    Timestamp::parse(&text).ok()
}

/// A timestamp written exactly as `text` (for the planted edge cases).
pub(crate) fn literal(text: &str) -> Option<Timestamp> {
    Timestamp::parse(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_name_the_same_instant() {
        let d = ymd(2024, 8, 2);
        let cst = stamp(d, 20, 0, Zone::Cst).unwrap();
        let utc = stamp(d, 20, 0, Zone::Utc).unwrap();
        let bare = stamp(d, 20, 0, Zone::Bare).unwrap();
        assert_eq!(cst.as_str(), "2024-08-02T20:00:00+08:00");
        assert_eq!(utc.as_str(), "2024-08-02T12:00:00Z");
        assert_eq!(bare.as_str(), "2024-08-02T20:00:00");
        assert_eq!(cst.instant(), utc.instant());
        assert_eq!(cst.instant(), bare.instant());
        assert_eq!(add_days(d, -2), ymd(2024, 7, 31));
        assert_eq!(add_days(d, 30), ymd(2024, 9, 1));
        assert!(stamp(d, 25, 0, Zone::Cst).is_none());
    }
}
