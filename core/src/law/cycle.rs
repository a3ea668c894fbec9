//! R-CYCLE, R-ANNUAL timing (§4.12): the three-year cycle, report windows and due dates.

use chrono::{Days, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize, Serializer};

use crate::ruleset::{Params, Ruleset, RulesetStamp};
use crate::time::{Date, Timestamp};
use crate::wire::error::{Error, ErrorKind};

/// Cycle year `k`'s dates and its report's window and due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleYear {
    pub year: u32,
    /// First day of the year.
    pub start: Date,
    /// Last day of the year.
    pub end: Date,
    /// First day of the report window (the last `report_window_days` days of the year).
    pub window_opens: Date,
    /// The report's due date: the last day of the year plus `report_grace_days`.
    pub due: Date,
}

/// Where `as_of` falls in the cycle. On the wire: `"before_cycle"`,
/// `{"year": k, "day": d, "days_left": n}`, or `"after_cycle"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CyclePosition {
    /// `"before_cycle"` or `"after_cycle"`.
    Outside(Outside),
    /// Inside year `year`: `day` is 1 on its first day; `days_left` counts its days after as_of.
    InYear { year: u32, day: u32, days_left: u32 },
}

/// Before or after the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outside {
    BeforeCycle,
    AfterCycle,
}

impl Serialize for CyclePosition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct InYear {
            year: u32,
            day: u32,
            days_left: u32,
        }
        match *self {
            CyclePosition::Outside(o) => o.serialize(s),
            CyclePosition::InYear {
                year,
                day,
                days_left,
            } => InYear {
                year,
                day,
                days_left,
            }
            .serialize(s),
        }
    }
}

/// The status of report `k` (§4.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Before the window, nothing submitted.
    NotDue,
    /// From the window's first day to the due date, nothing submitted.
    Open,
    SubmittedOnTime,
    /// Submitted before the window.
    SubmittedEarly,
    /// Submitted after the due date.
    SubmittedLate,
    /// Nothing submitted and as_of is past the due date.
    Overdue,
}

/// The result of [`report_status`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportStatus {
    pub ruleset: RulesetStamp,
    pub year: u32,
    pub status: ReportState,
    pub window_opens: Date,
    pub due: Date,
    /// The submission's civil date in +08:00, when submitted.
    pub submitted_on: Option<Date>,
    /// Days from as_of to the due date (negative once past it).
    pub days_to_due: i64,
}

/// The result of [`next_due`]: the first report due on or after as_of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextDue {
    pub year: u32,
    pub window_opens: Date,
    pub due: Date,
    /// Days from as_of to the due date (0 on the due date).
    pub days_left: i64,
}

/// The result of [`cycle_status`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleStatus {
    pub ruleset: RulesetStamp,
    pub as_of: Date,
    pub position: CyclePosition,
    /// Every cycle year with its report window and due date.
    pub years: Vec<CycleYear>,
    pub next_due: Option<NextDue>,
}

fn add_years(start: NaiveDate, years: u32) -> Option<NaiveDate> {
    // Calendar-year addition: 29 February + 1 year = 28 February.
    start.checked_add_months(Months::new(years.checked_mul(12)?))
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// R-CYCLE — 三(四) 专项行动周期为3年: the cycle has `cycle_years` years from `cycle_start`
/// (§4.12). Year `k` (1-based) covers [start + (k−1) years, start + k years − 1 day] (calendar-year
/// addition: 29 February + 1 year = 28 February); its report's window is the year's last
/// `report_window_days` days and its due date the year's last day plus `report_grace_days`.
/// `None` when `k` is outside 1..=cycle_years.
pub(crate) fn cycle_year(p: &Params, k: u32) -> Option<CycleYear> {
    if k == 0 || k > p.cycle_years {
        return None;
    }
    let start0 = p.cycle_start.naive();
    let start = add_years(start0, k - 1)?;
    let end = add_years(start0, k)?.checked_sub_days(Days::new(1))?;
    let window_opens = end.checked_sub_days(Days::new(u64::from(p.report_window_days) - 1))?;
    let due = end.checked_add_days(Days::new(u64::from(p.report_grace_days)))?;
    Some(CycleYear {
        year: k,
        start: Date(start),
        end: Date(end),
        window_opens: Date(window_opens),
        due: Date(due),
    })
}

fn years(p: &Params) -> Vec<CycleYear> {
    (1..=p.cycle_years)
        .filter_map(|k| cycle_year(p, k))
        .collect()
}

/// Where `as_of` falls in the cycle.
///
/// # Example
/// ```
/// use qgx_core::{cycle_position, CyclePosition, Date, Ruleset};
/// let rs = Ruleset::edition_2024();
/// let pos = cycle_position(Date::parse("2024-09-01").unwrap(), &rs);
/// assert_eq!(pos, CyclePosition::InYear { year: 1, day: 1, days_left: 364 });
/// ```
pub fn cycle_position(as_of: Date, ruleset: &Ruleset) -> CyclePosition {
    let p = ruleset.params();
    let all = years(p);
    if all.first().is_some_and(|y| as_of < y.start) {
        return CyclePosition::Outside(Outside::BeforeCycle);
    }
    for y in &all {
        if as_of >= y.start && as_of <= y.end {
            let day = days_between(y.start.naive(), as_of.naive()) + 1;
            let left = days_between(as_of.naive(), y.end.naive());
            return CyclePosition::InYear {
                year: y.year,
                day: u32::try_from(day).unwrap_or(0),
                days_left: u32::try_from(left).unwrap_or(0),
            };
        }
    }
    CyclePosition::Outside(Outside::AfterCycle)
}

/// The status of report `year` on `as_of`, given what was submitted (§4.12). A report submitted
/// after `as_of` had not been submitted on that day: its status is that of a draft; `submitted_on`
/// still gives the submission's date.
///
/// # Errors
/// [`ErrorKind::InvalidArgument`] at `/year` when `year` is outside 1..=cycle_years.
///
/// # Example
/// ```
/// use qgx_core::{report_status, Date, ReportState, Ruleset, Timestamp};
/// let rs = Ruleset::edition_2024();
/// let s = report_status(1, None, Date::parse("2025-07-03").unwrap(), &rs).unwrap();
/// assert_eq!(s.status, ReportState::Open);
/// assert_eq!(s.due.to_string(), "2025-08-31");
/// assert!(report_status(4, None, Date::parse("2025-07-03").unwrap(), &rs).is_err());
/// // Sent on 20 August: on 1 August it had not been sent yet.
/// let sent = Timestamp::parse("2025-08-20T10:00:00+08:00").unwrap();
/// let s = report_status(1, Some(&sent), Date::parse("2025-08-01").unwrap(), &rs).unwrap();
/// assert_eq!(s.status, ReportState::Open);
/// ```
pub fn report_status(
    year: u32,
    submitted_at: Option<&Timestamp>,
    as_of: Date,
    ruleset: &Ruleset,
) -> Result<ReportStatus, Error> {
    let p = ruleset.params();
    let y = cycle_year(p, year).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidArgument,
            "/year",
            format!("expected a cycle year in 1..={}, got {year}", p.cycle_years),
        )
    })?;
    let submitted_on = submitted_at.map(Timestamp::date_cst);
    Ok(ReportStatus {
        ruleset: ruleset.stamp(),
        year,
        status: state(&y, submitted_on, Some(as_of)).unwrap_or(ReportState::NotDue),
        window_opens: y.window_opens,
        due: y.due,
        submitted_on,
        days_to_due: days_between(as_of.naive(), y.due.naive()),
    })
}

/// The status of report `y` on `as_of` (§4.12, the timing of R-ANNUAL's yearly report).
///
/// A report submitted on a day after `as_of` had not been submitted on that day: its status is
/// that of a draft (`not_due`, `open` or `overdue`). Without `as_of`, a submitted report's status
/// is its [`submission_state`] and a draft's is `None`.
pub(crate) fn state(
    y: &CycleYear,
    submitted_on: Option<Date>,
    as_of: Option<Date>,
) -> Option<ReportState> {
    match (submitted_on, as_of) {
        (Some(d), Some(a)) if d > a => Some(draft_state(y, a)),
        (Some(d), _) => Some(submission_state(y, d)),
        (None, Some(a)) => Some(draft_state(y, a)),
        (None, None) => None,
    }
}

/// When a report submitted on `d` arrived: before the window (`submitted_early`), after the due
/// date (`submitted_late`) or within the window (`submitted_on_time`). A function of the
/// submission alone, whatever day it is looked at: the warnings of a report check follow it.
pub(crate) fn submission_state(y: &CycleYear, d: Date) -> ReportState {
    if d < y.window_opens {
        ReportState::SubmittedEarly
    } else if d > y.due {
        ReportState::SubmittedLate
    } else {
        ReportState::SubmittedOnTime
    }
}

/// A report not (yet) submitted on `as_of`: before the window (`not_due`), from the window's first
/// day to the due date (`open`), or past the due date (`overdue`).
fn draft_state(y: &CycleYear, as_of: Date) -> ReportState {
    if as_of < y.window_opens {
        ReportState::NotDue
    } else if as_of <= y.due {
        ReportState::Open
    } else {
        ReportState::Overdue
    }
}

/// The first report whose due date is on or after `as_of`, with the days remaining; `None`
/// once the last report is past due.
///
/// # Example
/// ```
/// use qgx_core::{next_due, Date, Ruleset};
/// let rs = Ruleset::edition_2024();
/// let n = next_due(Date::parse("2025-09-01").unwrap(), &rs).unwrap();
/// assert_eq!((n.year, n.due.to_string(), n.days_left), (2, "2026-08-31".to_string(), 364));
/// ```
pub fn next_due(as_of: Date, ruleset: &Ruleset) -> Option<NextDue> {
    years(ruleset.params())
        .into_iter()
        .find(|y| y.due >= as_of)
        .map(|y| NextDue {
            year: y.year,
            window_opens: y.window_opens,
            due: y.due,
            days_left: days_between(as_of.naive(), y.due.naive()),
        })
}

/// The whole cycle as seen on `as_of`: position, every year's dates, and the next report due.
pub fn cycle_status(as_of: Date, ruleset: &Ruleset) -> CycleStatus {
    CycleStatus {
        ruleset: ruleset.stamp(),
        as_of,
        position: cycle_position(as_of, ruleset),
        years: years(ruleset.params()),
        next_due: next_due(as_of, ruleset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn rs(over: &str) -> Ruleset {
        Ruleset::edition_2024().with_overrides_json(over).unwrap()
    }

    #[test]
    fn default_windows_and_due_dates() {
        let p = Ruleset::edition_2024();
        let y1 = cycle_year(p.params(), 1).unwrap();
        assert_eq!(y1.start, d("2024-09-01"));
        assert_eq!(y1.end, d("2025-08-31"));
        assert_eq!(y1.window_opens, d("2025-07-03"));
        assert_eq!(y1.due, d("2025-08-31"));
        let y3 = cycle_year(p.params(), 3).unwrap();
        assert_eq!(y3.due, d("2027-08-31"));
        assert!(cycle_year(p.params(), 0).is_none());
        assert!(cycle_year(p.params(), 4).is_none());
    }

    #[test]
    fn leap_day_plus_one_year_is_28_february() {
        let p = rs(r#"{"cycle_start": "2024-02-29"}"#);
        let y1 = cycle_year(p.params(), 1).unwrap();
        assert_eq!(y1.end, d("2025-02-27"));
        let y2 = cycle_year(p.params(), 2).unwrap();
        assert_eq!(y2.start, d("2025-02-28"));
        assert_eq!(y2.end, d("2026-02-27"));
        // Year 4 reaches the next leap year: 2024-02-29 + 4 years = 2028-02-29.
        let p = rs(r#"{"cycle_start": "2024-02-29", "cycle_years": 4}"#);
        let y4 = cycle_year(p.params(), 4).unwrap();
        assert_eq!(y4.start, d("2027-02-28"));
        assert_eq!(y4.end, d("2028-02-28"));
    }

    #[test]
    fn positions() {
        let p = Ruleset::edition_2024();
        assert_eq!(
            cycle_position(d("2024-08-31"), &p),
            CyclePosition::Outside(Outside::BeforeCycle)
        );
        assert_eq!(
            cycle_position(d("2025-08-31"), &p),
            CyclePosition::InYear {
                year: 1,
                day: 365,
                days_left: 0
            }
        );
        assert_eq!(
            cycle_position(d("2025-09-01"), &p),
            CyclePosition::InYear {
                year: 2,
                day: 1,
                days_left: 364
            }
        );
        // 2028 is a leap year: year 3 (2026-09-01..2027-08-31) is not; check year 3's last day.
        assert_eq!(
            cycle_position(d("2027-08-31"), &p),
            CyclePosition::InYear {
                year: 3,
                day: 365,
                days_left: 0
            }
        );
        assert_eq!(
            cycle_position(d("2027-09-01"), &p),
            CyclePosition::Outside(Outside::AfterCycle)
        );
        assert_eq!(
            serde_json::to_string(&cycle_position(d("2024-01-01"), &p)).unwrap(),
            "\"before_cycle\""
        );
        assert_eq!(
            serde_json::to_string(&cycle_position(d("2024-09-02"), &p)).unwrap(),
            r#"{"year":1,"day":2,"days_left":363}"#
        );
    }

    #[test]
    fn every_report_state() {
        let p = Ruleset::edition_2024();
        let ts = |s: &str| Timestamp::parse(s).unwrap();
        let st = |sub: Option<&Timestamp>, as_of: &str| {
            report_status(1, sub, d(as_of), &p).unwrap().status
        };
        assert_eq!(st(None, "2025-07-02"), ReportState::NotDue);
        assert_eq!(st(None, "2025-07-03"), ReportState::Open);
        assert_eq!(st(None, "2025-08-31"), ReportState::Open);
        assert_eq!(st(None, "2025-09-01"), ReportState::Overdue);
        assert_eq!(
            st(Some(&ts("2025-07-02T23:00:00+08:00")), "2025-09-30"),
            ReportState::SubmittedEarly
        );
        assert_eq!(
            st(Some(&ts("2025-07-03T00:00:00+08:00")), "2025-09-30"),
            ReportState::SubmittedOnTime
        );
        assert_eq!(
            st(Some(&ts("2025-08-31T23:59:59+08:00")), "2025-09-30"),
            ReportState::SubmittedOnTime
        );
        // 16:00 UTC on the due date is already the next day in Beijing.
        assert_eq!(
            st(Some(&ts("2025-08-31T16:00:00Z")), "2025-09-30"),
            ReportState::SubmittedLate
        );
    }

    #[test]
    fn a_report_sent_after_as_of_is_a_draft_on_that_day() {
        let p = Ruleset::edition_2024();
        let st = |sub: &str, as_of: &str| {
            let sub = Timestamp::parse(sub).unwrap();
            report_status(1, Some(&sub), d(as_of), &p).unwrap()
        };
        // On time, looked at before it was sent: not due, open; on its day and after: on time.
        assert_eq!(
            st("2025-08-20T10:00:00+08:00", "2025-07-02").status,
            ReportState::NotDue
        );
        let s = st("2025-08-20T10:00:00+08:00", "2025-08-19");
        assert_eq!(s.status, ReportState::Open);
        assert_eq!(s.submitted_on, Some(d("2025-08-20")));
        assert_eq!(
            st("2025-08-20T10:00:00+08:00", "2025-08-20").status,
            ReportState::SubmittedOnTime
        );
        // Late: overdue until it is sent, late from then on.
        assert_eq!(
            st("2025-09-03T09:00:00+08:00", "2025-09-02").status,
            ReportState::Overdue
        );
        assert_eq!(
            st("2025-09-03T09:00:00+08:00", "2025-09-03").status,
            ReportState::SubmittedLate
        );
        // Early: sent before the window, looked at earlier still.
        assert_eq!(
            st("2025-06-30T09:00:00+08:00", "2025-06-29").status,
            ReportState::NotDue
        );
        // The day is taken in +08:00: 20:00 UTC on 19 August is 20 August in Beijing.
        assert_eq!(
            st("2025-08-19T20:00:00Z", "2025-08-19").status,
            ReportState::Open
        );
        // Without as_of a submission's status is its own; a draft's cannot be told.
        let y1 = cycle_year(p.params(), 1).unwrap();
        assert_eq!(
            state(&y1, Some(d("2025-09-03")), None),
            Some(ReportState::SubmittedLate)
        );
        assert_eq!(state(&y1, None, None), None);
    }

    #[test]
    fn grace_days_move_the_due_date_not_the_window() {
        let p = rs(r#"{"report_grace_days": 10}"#);
        let s = report_status(1, None, d("2025-09-05"), &p).unwrap();
        assert_eq!(s.status, ReportState::Open);
        assert_eq!(s.window_opens, d("2025-07-03"));
        assert_eq!(s.due, d("2025-09-10"));
        assert_eq!(s.days_to_due, 5);
    }

    #[test]
    fn next_due_walks_the_cycle() {
        let p = Ruleset::edition_2024();
        let n = next_due(d("2024-01-01"), &p).unwrap();
        assert_eq!((n.year, n.days_left), (1, 608));
        let n = next_due(d("2025-08-31"), &p).unwrap();
        assert_eq!((n.year, n.days_left), (1, 0));
        assert_eq!(next_due(d("2027-09-01"), &p), None);
        let s = cycle_status(d("2026-01-01"), &p);
        assert_eq!(s.years.len(), 3);
        assert_eq!(s.next_due.unwrap().year, 2);
    }
}
