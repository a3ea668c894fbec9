//! `qgx summarize`: the cycle summary (R-SUMMARY, RULES.md §4.15) of a Summary input, as the
//! core's JSON or as tables for people (the per-province roll-up with its totals, the yearly
//! report states, the national typical-case shortlist and each province's).

use std::collections::BTreeMap;

use qgx_core::{AnnualReport, CycleSummary, Date, ReportState, Ruleset, SummaryInput};
use serde::Deserialize;

use crate::input::{Fail, Source, display_name, read_text};
use crate::output::{code_label, json, num, province_name, report_state_label, t};
use crate::table::Table;
use crate::{Ctx, Format, Lang};

/// `qgx summarize FILE --as-of DATE`.
pub fn summarize(ctx: &Ctx, file: &str, as_of: Date) -> Result<String, Fail> {
    if crate::sheets::is_sheet(file) {
        // The reports of a workbook (报告, 活动, 成果) or a CSV of 报告 rows, read as check-report
        // reads them; the sheets name no participants, so every one is under province `null`.
        let (reports, _, _) = crate::sheets::read_reports(ctx, std::path::Path::new(file))?;
        let input = SummaryInput {
            reports,
            ..SummaryInput::default()
        };
        let summary = qgx_core::summarize_cycle(&input, as_of, &ctx.ruleset)
            .map_err(|e| Fail::core(display_name(file), &e))?;
        return match ctx.format_or(Format::Json) {
            Format::Json => json(&summary),
            Format::Table => Ok(render(ctx, &ctx.ruleset, &summary, true)),
        };
    }
    let source = Source {
        name: display_name(file).to_owned(),
        text: read_text(file)?,
    };
    let (summary, ruleset) = read(ctx, &source, as_of)?;
    match ctx.format_or(Format::Json) {
        Format::Json => json(&summary),
        Format::Table => Ok(render(ctx, &ruleset, &summary, true)),
    }
}

/// Only the `ruleset` member of a Summary input (the rest is skipped).
#[derive(Deserialize)]
struct OverridesOnly {
    #[serde(default)]
    ruleset: Option<serde_json::Value>,
}

/// The summary of `source`: a Summary input (an object, through the core's
/// `summarize_cycle_json`), or a plain JSON array of AnnualReports (no participants: everyone
/// under province `null`). Also returns the ruleset the summary ran under (with the input's
/// overrides), for the table's threshold.
fn read(ctx: &Ctx, source: &Source, as_of: Date) -> Result<(CycleSummary, Ruleset), Fail> {
    if source.text.trim_start().starts_with('[') {
        let reports: Vec<AnnualReport> =
            qgx_core::from_json_str(&source.text).map_err(|e| source.fail(&e))?;
        let input = SummaryInput {
            reports,
            ..SummaryInput::default()
        };
        let summary = qgx_core::summarize_cycle(&input, as_of, &ctx.ruleset)
            .map_err(|e| source.fail(&out_of_reports(&e)))?;
        return Ok((summary, ctx.ruleset.clone()));
    }
    let text = qgx_core::json::summarize_cycle_json(&source.text, &as_of.to_string(), &ctx.ruleset)
        .map_err(|e| source.fail(&e))?;
    let summary: CycleSummary = serde_json::from_str(&text)
        .map_err(|e| Fail::new(format!("cannot read the core's result: {e}")))?;
    let mut ruleset = ctx.ruleset.clone();
    if summary.ruleset.hash != ctx.ruleset.hash() {
        // The input's own overrides: the core accepted them, so this cannot fail.
        if let Ok(OverridesOnly {
            ruleset: Some(over),
        }) = serde_json::from_str(&source.text)
        {
            if let Ok(merged) = ctx.ruleset.with_overrides_value(over) {
                ruleset = merged;
            }
        }
    }
    Ok((summary, ruleset))
}

/// An error about the Summary input built around a plain array of reports, pointing into that
/// array: `/reports/3/submitted_at` becomes `/3/submitted_at` (in the path and the message).
fn out_of_reports(e: &qgx_core::Error) -> qgx_core::Error {
    let Ok(mut value) = serde_json::to_value(e) else {
        return e.clone();
    };
    if let Some(errors) = value
        .get_mut("errors")
        .and_then(serde_json::Value::as_array_mut)
    {
        for issue in errors
            .iter_mut()
            .filter_map(serde_json::Value::as_object_mut)
        {
            for key in ["path", "message"] {
                if let Some(serde_json::Value::String(s)) = issue.get_mut(key) {
                    *s = s.replace("/reports/", "/");
                }
            }
        }
    }
    serde_json::from_value(value).unwrap_or_else(|_| e.clone())
}

/// A participant's province as a table shows it; `null` (not among `participants`) has a
/// label of its own.
fn province_label(ctx: &Ctx, p: Option<qgx_core::Province>) -> String {
    match p {
        Some(p) => province_name(ctx, p).to_owned(),
        None => t(ctx, "（未列入参与名单）", "(not in participants)").to_owned(),
    }
}

/// `80` or `72.5`: the threshold as written in a ruleset.
fn threshold(x: f64) -> String {
    num(x)
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

fn score_cell(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), num)
}

/// The mean of the participants' cycle scores (those with a year due), as each province's
/// `mean_cycle_score` is made: over the rounded scores, rounded to 2 decimals.
pub fn national_mean(s: &CycleSummary) -> Option<f64> {
    let scores: Vec<f64> = s
        .participants
        .iter()
        .filter_map(|p| p.cycle_score)
        .collect();
    (!scores.is_empty()).then(|| qgx_core::round2(scores.iter().sum::<f64>() / scores.len() as f64))
}

/// The per-province roll-up: participants, reports due, on time and complete, late or
/// incomplete (the due reports that are neither), overdue, the mean cycle score and the case
/// candidates; a 全国合计 row in which every count is the sum of the rows and the mean is the
/// national one (over every participant with a year due, as a province's).
pub fn rollup_table(ctx: &Ctx, s: &CycleSummary) -> Table {
    let mut table = Table::new([
        t(ctx, "省份", "province"),
        t(ctx, "参与人数", "participants"),
        t(ctx, "应交报告", "reports due"),
        t(ctx, "按时完整", "on time & complete"),
        t(ctx, "逾期提交或不完整", "late or incomplete"),
        t(ctx, "逾期未交", "overdue"),
        t(ctx, "平均周期得分", "mean cycle score"),
        t(ctx, "案例候选", "case candidates"),
    ]);
    let mut candidates: BTreeMap<Option<qgx_core::Province>, u32> = BTreeMap::new();
    for p in s.participants.iter().filter(|p| p.case_candidate) {
        *candidates.entry(p.province).or_default() += 1;
    }
    let mut totals = [0u32; 6];
    for p in &s.provinces {
        let other = p
            .reports_due
            .saturating_sub(p.on_time_complete)
            .saturating_sub(p.overdue);
        let c = candidates.get(&p.province).copied().unwrap_or(0);
        let counts = [
            p.participants,
            p.reports_due,
            p.on_time_complete,
            other,
            p.overdue,
            c,
        ];
        for (total, v) in totals.iter_mut().zip(counts) {
            *total = total.saturating_add(v);
        }
        let [n, due, ok, other, overdue, c] = counts;
        table.row([
            province_label(ctx, p.province),
            n.to_string(),
            due.to_string(),
            ok.to_string(),
            other.to_string(),
            overdue.to_string(),
            score_cell(p.mean_cycle_score),
            c.to_string(),
        ]);
    }
    let [n, due, ok, other, overdue, c] = totals;
    table.row([
        t(ctx, "全国合计", "national total").to_owned(),
        n.to_string(),
        due.to_string(),
        ok.to_string(),
        other.to_string(),
        overdue.to_string(),
        score_cell(national_mean(s)),
        c.to_string(),
    ]);
    table
}

/// Per cycle year, how many participants' reports are in each state, and how many of the
/// submitted ones are complete; each row's states add up to the participants.
pub fn years_table(ctx: &Ctx, s: &CycleSummary) -> Table {
    const STATES: [ReportState; 6] = [
        ReportState::SubmittedOnTime,
        ReportState::SubmittedEarly,
        ReportState::SubmittedLate,
        ReportState::Overdue,
        ReportState::Open,
        ReportState::NotDue,
    ];
    let mut header = vec![t(ctx, "年度", "year").to_owned()];
    header.extend(
        STATES
            .iter()
            .map(|st| report_state_label(ctx, *st).to_owned()),
    );
    header.push(t(ctx, "已交且完整", "submitted & complete").to_owned());
    header.push(t(ctx, "合计", "total").to_owned());
    let mut table = Table::new(header);
    let mut by_year: BTreeMap<u32, ([u32; 6], u32)> = BTreeMap::new();
    for y in s.participants.iter().flat_map(|p| p.years.iter()) {
        let e = by_year.entry(y.year).or_default();
        if let Some(slot) = STATES
            .iter()
            .position(|st| *st == y.status)
            .and_then(|i| e.0.get_mut(i))
        {
            *slot += 1;
        }
        let submitted = matches!(
            y.status,
            ReportState::SubmittedOnTime | ReportState::SubmittedEarly | ReportState::SubmittedLate
        );
        if submitted && y.complete == Some(true) {
            e.1 += 1;
        }
    }
    for (year, (counts, complete)) in &by_year {
        let mut row = vec![match ctx.lang {
            Lang::Zh => format!("第{year}年"),
            Lang::En => format!("year {year}"),
        }];
        row.extend(counts.iter().map(u32::to_string));
        row.push(complete.to_string());
        row.push(counts.iter().sum::<u32>().to_string());
        table.row(row);
    }
    table
}

/// The national shortlist, one row per case, with the participant's figures: each due year's
/// score, and their valid activities, reach and outputs over the counted reports.
pub fn national_shortlist_table(ctx: &Ctx, s: &CycleSummary) -> Table {
    let mut table = Table::new([
        t(ctx, "名次", "rank"),
        t(ctx, "申报编号", "application"),
        t(ctx, "人员", "person"),
        t(ctx, "省份", "province"),
        t(ctx, "周期得分", "cycle score"),
        t(ctx, "各年得分", "yearly scores"),
        t(ctx, "有效活动", "activities"),
        t(ctx, "参与师生", "reach"),
        t(ctx, "成果", "outputs"),
    ]);
    let by_id: BTreeMap<&str, &qgx_core::ParticipantSummary> = s
        .participants
        .iter()
        .map(|p| (p.application_id.as_str(), p))
        .collect();
    for (i, c) in s.case_shortlist.iter().enumerate() {
        let p = by_id.get(c.application_id.as_str());
        let (yearly, activities, reach, outputs) = p.map_or_else(
            || (String::new(), 0, 0, 0),
            |p| {
                let due = usize::try_from(p.due).unwrap_or(0);
                let yearly: Vec<String> = p
                    .years
                    .iter()
                    .take(due)
                    .map(|y| score_cell(y.score))
                    .collect();
                let totals = p.totals.iter().map(|(_, x)| x);
                let (a, r, o) = totals.fold((0u64, 0u64, 0u64), |(a, r, o), x| {
                    (
                        a + u64::from(x.valid_activities),
                        r + x.reach,
                        o + u64::from(x.outputs),
                    )
                });
                (yearly.join(" / "), a, r, o)
            },
        );
        table.row([
            (i + 1).to_string(),
            c.application_id.clone(),
            p.and_then(|p| p.person_id.clone()).unwrap_or_default(),
            province_label(ctx, c.province),
            num(c.cycle_score),
            yearly,
            activities.to_string(),
            reach.to_string(),
            outputs.to_string(),
        ]);
    }
    table
}

/// Each province's shortlist (provinces without a case candidate are left out).
pub fn province_shortlists_table(ctx: &Ctx, s: &CycleSummary) -> Table {
    let mut table = Table::new([
        t(ctx, "省份", "province"),
        t(ctx, "名次", "rank"),
        t(ctx, "申报编号", "application"),
        t(ctx, "人员", "person"),
        t(ctx, "周期得分", "cycle score"),
    ]);
    let person: BTreeMap<&str, &str> = s
        .participants
        .iter()
        .filter_map(|p| Some((p.application_id.as_str(), p.person_id.as_deref()?)))
        .collect();
    for p in &s.provinces {
        for (i, c) in p.case_shortlist.iter().enumerate() {
            table.row([
                province_label(ctx, p.province),
                (i + 1).to_string(),
                c.application_id.clone(),
                person
                    .get(c.application_id.as_str())
                    .copied()
                    .unwrap_or("")
                    .to_owned(),
                num(c.cycle_score),
            ]);
        }
    }
    table
}

/// The summary's tables: a heading line, the roll-up, the yearly states, the participants'
/// findings by code, the national shortlist and (with `by_province`) each province's.
pub fn render(ctx: &Ctx, ruleset: &Ruleset, s: &CycleSummary, by_province: bool) -> String {
    let p = ruleset.params();
    let due = s.participants.iter().map(|p| p.due).max().unwrap_or(0);
    let candidates = s.participants.iter().filter(|p| p.case_candidate).count();
    let mut out = match ctx.lang {
        Lang::Zh => format!(
            "周期总结（截至 {}）：{} 名参与者，已到期 {due} 个年度；典型工作案例候选 {candidates} 人（周期得分不低于 {}，应交年度均按时完整）；规则集 {} {}\n\n",
            s.as_of,
            s.participants.len(),
            threshold(p.case_min_score),
            s.ruleset.edition,
            s.ruleset.hash,
        ),
        Lang::En => format!(
            "Cycle summary (as of {}): {} participants, {due} years due; {candidates} typical-case candidates (cycle score at least {}, every due year on time and complete); ruleset {} {}\n\n",
            s.as_of,
            s.participants.len(),
            threshold(p.case_min_score),
            s.ruleset.edition,
            s.ruleset.hash,
        ),
    };
    out.push_str(&rollup_table(ctx, s).render());
    if !s.participants.is_empty() {
        out.push('\n');
        out.push_str(&years_table(ctx, s).render());
    }
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for f in s.participants.iter().flat_map(|p| p.findings.iter()) {
        *codes.entry(f.code.as_str()).or_default() += 1;
    }
    if !codes.is_empty() {
        let sep = t(ctx, "；", "; ");
        let items: Vec<String> = codes
            .iter()
            .map(|(code, n)| format!("{} {n}", code_label(ctx, code)))
            .collect();
        out.push_str(&match ctx.lang {
            Lang::Zh => format!("报告说明：{}\n", items.join(sep)),
            Lang::En => format!("Report notes: {}\n", items.join(sep)),
        });
    }
    out.push('\n');
    let size = p.case_shortlist_national_size;
    out.push_str(&match ctx.lang {
        Lang::Zh => format!(
            "全国典型工作案例候选名单（前 {size} 名，按周期得分降序、申报编号升序；共 {} 名）\n",
            s.case_shortlist.len()
        ),
        Lang::En => format!(
            "National typical-case shortlist (first {size}, by cycle score descending, then application id; {} listed)\n",
            s.case_shortlist.len()
        ),
    });
    if s.case_shortlist.is_empty() {
        out.push_str(t(ctx, "（无候选）\n", "(no candidates)\n"));
    } else {
        out.push_str(&national_shortlist_table(ctx, s).render());
    }
    if by_province {
        out.push('\n');
        let size = p.case_shortlist_size;
        let without = s
            .provinces
            .iter()
            .filter(|p| p.case_shortlist.is_empty())
            .count();
        out.push_str(&match ctx.lang {
            Lang::Zh => format!(
                "各省典型工作案例候选名单（每省前 {size} 名；{without} 个省份无候选）\n"
            ),
            Lang::En => format!(
                "Provincial shortlists (first {size} per province; {without} provinces without a candidate)\n"
            ),
        });
        if s.provinces.iter().any(|p| !p.case_shortlist.is_empty()) {
            out.push_str(&province_shortlists_table(ctx, s).render());
        }
    }
    out
}
