//! Civil dates and timestamps in China Standard Time (RULES.md interpretation policy 4).
//!
//! A [`Date`] is a civil date written `YYYY-MM-DD`. A [`Timestamp`] is RFC 3339 with an offset;
//! without an offset it is read as +08:00, and a bare date means that day in +08:00. Its civil
//! date ([`Timestamp::date_cst`]) is taken after converting to +08:00.

use std::borrow::Cow;
use std::fmt;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// China Standard Time, UTC+08:00 (no DST).
pub fn cst() -> FixedOffset {
    // 8 hours is always a valid offset: the fallback is never taken.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(utc)
}

fn utc() -> FixedOffset {
    chrono::Utc.fix()
}

/// A civil date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day).
    ///
    /// # Errors
    /// A message saying what was expected when the text is not such a date or the date does not
    /// exist (e.g. `2025-02-29`).
    ///
    /// # Example
    /// ```
    /// use qgx_core::Date;
    /// assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    /// assert!(Date::parse("2025-02-29").is_err());
    /// assert!(Date::parse("2024-8-2").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Date, String> {
        parse_ymd(s.as_bytes())
            .map(Date)
            .ok_or_else(|| format!("expected a date `YYYY-MM-DD`, got `{s}`"))
    }

    /// The date as chrono's `NaiveDate`.
    pub fn naive(self) -> NaiveDate {
        self.0
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0u32, |acc, d| {
        acc.checked_mul(10)?.checked_add(u32::from(d - b'0'))
    })
}

fn parse_ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y = i32::try_from(digits(b.get(0..4)?)?).ok()?;
    let m = digits(b.get(5..7)?)?;
    let d = digits(b.get(8..10)?)?;
    NaiveDate::from_ymd_opt(y, m, d)
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD` (chrono's `%Y-%m-%d`, written without its format-string machinery).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}-{m:02}-{d:02}")
        } else {
            write!(f, "{y:+05}-{m:02}-{d:02}")
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads a string with `parse`, inside the visitor: a parse failure is then an error of the
/// string itself (`serde_json` puts its line and column right after the string, where the JSON
/// Pointer of the problem is worked out from; see `locate`).
pub(crate) struct ParseStr<T>(pub(crate) fn(&str) -> Result<T, String>);

impl<T> serde::de::Visitor<'_> for ParseStr<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
        (self.0)(s).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ParseStr(Date::parse))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
    }
}

/// A point in time. Written RFC 3339 (`2024-08-01T17:30:00+08:00`, `…Z`); without an offset
/// (`2024-08-01T17:30:00`) it is read as +08:00; a bare date (`2024-08-01`) is the start of
/// that day in +08:00. The text is kept as given, so a value serialises back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    raw: String,
    at: DateTime<FixedOffset>,
}

impl Timestamp {
    /// Parses a timestamp as described on the type.
    ///
    /// # Errors
    /// A message saying what was expected when the text is none of the accepted forms.
    ///
    /// # Example
    /// ```
    /// use qgx_core::Timestamp;
    /// // 16:30 UTC on 1 August is already 2 August in Beijing.
    /// let t = Timestamp::parse("2024-08-01T16:30:00Z").unwrap();
    /// assert_eq!(t.date_cst().to_string(), "2024-08-02");
    /// assert_eq!(Timestamp::parse("2024-08-01 09:00").unwrap().date_cst().to_string(), "2024-08-01");
    /// assert!(Timestamp::parse("yesterday").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Timestamp, String> {
        parse_timestamp(s)
            .map(|at| Timestamp { raw: s.to_owned(), at })
            .ok_or_else(|| {
                format!(
                    "expected an RFC 3339 timestamp such as `2024-08-01T17:30:00+08:00` (or a date `YYYY-MM-DD`), got `{s}`"
                )
            })
    }

    /// The instant, with the offset it was written in.
    pub fn instant(&self) -> DateTime<FixedOffset> {
        self.at
    }

    /// The civil date in China Standard Time (+08:00).
    pub fn date_cst(&self) -> Date {
        Date(self.at.with_timezone(&cst()).date_naive())
    }

    /// The text as given.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    /// By instant, then by text (so that equal instants written differently still order totally).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.raw.cmp(&other.raw))
    }
}

fn parse_timestamp(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    let date = parse_ymd(b.get(0..10)?)?;
    if b.len() == 10 {
        return cst()
            .from_local_datetime(&date.and_time(NaiveTime::MIN))
            .single();
    }
    let sep = *b.get(10)?;
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let rest = s.get(11..)?;
    // Split the time from an optional offset: `Z`, `+hh:mm` or `-hh:mm`.
    let (time_part, offset) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        (t, Some(utc()))
    } else if rest.len() > 6
        && matches!(rest.as_bytes().get(rest.len() - 6), Some(b'+' | b'-'))
        && rest.as_bytes().get(rest.len() - 3) == Some(&b':')
    {
        let (t, off) = rest.split_at(rest.len() - 6);
        (t, Some(parse_offset(off)?))
    } else {
        (rest, None)
    };
    let time = parse_hms(time_part)?;
    let local = NaiveDateTime::new(date, time);
    offset
        .unwrap_or_else(cst)
        .from_local_datetime(&local)
        .single()
}

fn parse_offset(off: &str) -> Option<FixedOffset> {
    let b = off.as_bytes();
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let h = i32::try_from(digits(b.get(1..3)?)?).ok()?;
    let m = i32::try_from(digits(b.get(4..6)?)?).ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn parse_hms(t: &str) -> Option<NaiveTime> {
    let b = t.as_bytes();
    if b.len() < 5 || b.get(2) != Some(&b':') {
        return None;
    }
    let h = digits(b.get(0..2)?)?;
    let m = digits(b.get(3..5)?)?;
    let (s, nanos) = if b.len() == 5 {
        (0, 0)
    } else {
        if b.get(5) != Some(&b':') || b.len() < 8 {
            return None;
        }
        let s = digits(b.get(6..8)?)?;
        let nanos = if b.len() == 8 {
            0
        } else {
            if b.get(8) != Some(&b'.') {
                return None;
            }
            let frac = b.get(9..)?;
            if frac.is_empty() || frac.len() > 9 {
                return None;
            }
            let v = digits(frac)?;
            let scale = 10u32.checked_pow(9 - u32::try_from(frac.len()).ok()?)?;
            v.checked_mul(scale)?
        };
        (s, nanos)
    };
    NaiveTime::from_hms_nano_opt(h, m, s, nanos)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(ParseStr(Timestamp::parse))
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "RFC 3339 timestamp; without an offset it is read as +08:00; a bare date YYYY-MM-DD is that day in +08:00",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn strict_dates() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        for bad in [
            "2025-02-29",
            "2024-8-02",
            "2024/08/02",
            "24-08-02",
            "2024-08-02T",
            "",
            "２０２４-08-02",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps_convert_to_beijing_before_taking_the_date() {
        // A UTC timestamp that is already the next day in Beijing.
        let t = Timestamp::parse("2024-08-02T16:00:00Z").unwrap();
        assert_eq!(t.date_cst(), d("2024-08-03"));
        let t = Timestamp::parse("2024-08-02T15:59:59Z").unwrap();
        assert_eq!(t.date_cst(), d("2024-08-02"));
        let t = Timestamp::parse("2024-08-02T23:30:00-05:00").unwrap();
        assert_eq!(t.date_cst(), d("2024-08-03"));
    }

    #[test]
    fn no_offset_means_beijing_time() {
        let t = Timestamp::parse("2024-08-02T23:59:59").unwrap();
        assert_eq!(t.date_cst(), d("2024-08-02"));
        assert_eq!(t.instant().offset().local_minus_utc(), 8 * 3600);
        let t = Timestamp::parse("2024-08-02").unwrap();
        assert_eq!(t.date_cst(), d("2024-08-02"));
        let t = Timestamp::parse("2024-08-02 08:00:00.125+08:00").unwrap();
        assert_eq!(t.date_cst(), d("2024-08-02"));
        assert_eq!(t.as_str(), "2024-08-02 08:00:00.125+08:00");
    }

    #[test]
    fn bad_timestamps() {
        for bad in [
            "2024-08-02T25:00:00+08:00",
            "2024-08-02T10:00:00+8:00",
            "2024-08-02T10:00:00+24:00",
            "2024-08-02T10",
            "2024-08-02T10:00:00.",
            "2024-08-02T10:00:00.1234567890",
            "2024-08-02X10:00",
            "now",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut day = NaiveDate::from_ymd_opt(-3, 12, 25).unwrap();
        for years in [0, 1, 2, 30, 2000, 9990, 10_000, 100_000] {
            day = NaiveDate::from_ymd_opt(years, 2, 28).unwrap_or(day);
            for d in [
                day,
                day.succ_opt().unwrap(),
                NaiveDate::from_ymd_opt(-years, 1, 9).unwrap(),
            ] {
                let want = d.format("%Y-%m-%d").to_string();
                assert_eq!(Date(d).to_string(), want);
            }
        }
    }

    #[test]
    fn order_is_by_instant() {
        let a = Timestamp::parse("2024-07-20T10:00:00+08:00").unwrap();
        let b = Timestamp::parse("2024-07-20T03:00:00Z").unwrap();
        assert!(a < b);
    }
}
