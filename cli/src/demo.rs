//! `qgx demo`: the whole pipeline on the national demo dataset: a selection in all 31
//! provinces and the Corps, then the annual reports of years 1 and 2 checked and scored, then
//! the cycle summary (R-SUMMARY) of the team members as of the demo's date.

use std::collections::BTreeMap;
use std::path::Path;

use qgx_core::{
    Date, Outcome, PerTask, Province, ReportCheck, RulesetStamp, SelectionResult, Task,
};
use serde::Serialize;

use crate::input::Fail;
use crate::output::{
    code_label, compliance_table, json, late_label, late_total, num, outcome_label,
    provinces_table, t,
};
use crate::table::Table;
use crate::{Ctx, Format};

/// The demo's default "today": after the year-1 and year-2 reports were due (the engine has
/// no clock).
const DEFAULT_AS_OF: &str = qgx_demo::DEFAULT_AS_OF;

#[derive(Serialize)]
struct ProvinceRow {
    #[serde(flatten)]
    summary: qgx_core::ProvinceSummary,
    /// The list's date in +08:00.
    list_submitted_on: Option<Date>,
    /// R-MANDATORY findings in this province.
    mandatory_gaps: usize,
}

#[derive(Serialize)]
struct ScoreStats {
    mean: f64,
    median: f64,
    min: f64,
    max: f64,
}

#[derive(Serialize)]
struct CodeCount {
    rule: String,
    code: String,
    count: usize,
}

#[derive(Serialize)]
struct ReportSummary {
    checked: usize,
    /// Reports with a `submitted_at` on or before as_of; the figures below are about them.
    submitted: usize,
    /// Reports not yet submitted as of as_of (drafts), by state; not in the figures below.
    not_submitted: usize,
    /// Of the drafts, those past their due date (`overdue`).
    overdue: usize,
    complete: usize,
    /// `null` when no report was submitted (as are `score` and `task_mean_score`).
    mean_completeness: Option<f64>,
    score: Option<ScoreStats>,
    task_mean_score: Option<PerTask<f64>>,
    top_findings: Vec<CodeCount>,
}

/// Sums over the province rows (each equals the sum of its column).
#[derive(Serialize, Default)]
struct Totals {
    candidates: u32,
    national_quota: u32,
    places_used: u32,
    exempt: u32,
    priority: u32,
    recommended: u32,
    national_team: u32,
    pending_review: u32,
    rejected: u32,
    provincial_team: u32,
    provincial_candidates: u32,
    not_selected: u32,
    late_lists: usize,
    /// R-MANDATORY findings in a province (the sum of the rows' `mandatory_gaps`).
    mandatory_gaps: usize,
    /// R-MANDATORY findings on the national list with no province: not in any row.
    mandatory_gaps_without_province: usize,
}

/// The cycle summary's roll-up and national shortlist (the whole summary:
/// `qgx summarize summary.json --as-of …` on the files of `qgx demo --write`).
#[derive(Serialize)]
struct CycleDigest {
    participants: usize,
    case_candidates: usize,
    /// The core's per-province roll-up and shortlists.
    provinces: Vec<qgx_core::ProvinceCycleSummary>,
    /// The core's national shortlist.
    case_shortlist: Vec<qgx_core::CaseEntry>,
}

#[derive(Serialize)]
struct Summary {
    ruleset: RulesetStamp,
    as_of: Date,
    applications: usize,
    reports: ReportSummary,
    cycle: CycleDigest,
    totals: Totals,
    outcomes: BTreeMap<&'static str, usize>,
    provinces: Vec<ProvinceRow>,
    compliance: Vec<qgx_core::ComplianceFinding>,
}

fn round2(x: f64) -> f64 {
    qgx_core::round2(x)
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

fn report_summary(all: &[ReportCheck]) -> ReportSummary {
    use qgx_core::ReportState as S;
    // A report is submitted when its state says so; drafts (not yet submitted on as_of) are
    // counted apart and left out of the figures.
    let submitted = |c: &&ReportCheck| {
        matches!(
            c.status,
            Some(S::SubmittedOnTime | S::SubmittedEarly | S::SubmittedLate)
        )
    };
    let checks: Vec<&ReportCheck> = all.iter().filter(submitted).collect();
    let drafts: Vec<&ReportCheck> = all.iter().filter(|c| !submitted(c)).collect();
    let mut scores: Vec<f64> = checks.iter().map(|c| c.score.total).collect();
    scores.sort_by(f64::total_cmp);
    let median = match scores.len() {
        0 => 0.0,
        n if n % 2 == 1 => scores.get(n / 2).copied().unwrap_or(0.0),
        n => {
            (scores.get(n / 2 - 1).copied().unwrap_or(0.0)
                + scores.get(n / 2).copied().unwrap_or(0.0))
                / 2.0
        }
    };
    let completeness: Vec<f64> = checks.iter().map(|c| c.completeness).collect();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in checks.iter().flat_map(|c| c.findings.iter()) {
        *counts
            .entry((f.code.as_str().to_owned(), f.rule.id().to_owned()))
            .or_default() += 1;
    }
    let mut top: Vec<CodeCount> = counts
        .into_iter()
        .map(|((code, rule), count)| CodeCount { rule, code, count })
        .collect();
    top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    top.truncate(8);
    let any = !checks.is_empty();
    ReportSummary {
        checked: all.len(),
        submitted: checks.len(),
        not_submitted: drafts.len(),
        overdue: drafts
            .iter()
            .filter(|c| c.status == Some(S::Overdue))
            .count(),
        complete: checks.iter().filter(|c| c.complete).count(),
        mean_completeness: any.then(|| mean(&completeness)),
        score: any.then(|| ScoreStats {
            mean: round2(mean(&scores)),
            median: round2(median),
            min: scores.first().copied().unwrap_or(0.0),
            max: scores.last().copied().unwrap_or(0.0),
        }),
        task_mean_score: any.then(|| {
            PerTask::from_fn(|task: Task| {
                let xs: Vec<f64> = checks
                    .iter()
                    .map(|c| c.score.tasks.get(task).total)
                    .collect();
                round2(mean(&xs))
            })
        }),
        top_findings: top,
    }
}

fn summarize(
    data: &qgx_demo::DemoData,
    result: &SelectionResult,
    checks: &[ReportCheck],
    cycle: &qgx_core::CycleSummary,
    as_of: Date,
) -> Summary {
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for a in &result.applications {
        *outcomes.entry(a.outcome.as_str()).or_default() += 1;
    }
    let provinces: Vec<ProvinceRow> = result
        .provinces
        .iter()
        .map(|p| ProvinceRow {
            summary: p.clone(),
            list_submitted_on: data
                .selection
                .provinces
                .iter()
                .find(|c| c.province == p.province)
                .and_then(|c| c.list_submitted_at.as_ref())
                .map(qgx_core::Timestamp::date_cst),
            mandatory_gaps: result
                .compliance
                .iter()
                .filter(|f| f.province == Some(p.province))
                .count(),
        })
        .collect();
    let mut totals = Totals::default();
    for p in &result.provinces {
        let add = |t: &mut u32, v: u32| *t = t.saturating_add(v);
        add(&mut totals.candidates, p.candidates);
        add(&mut totals.national_quota, p.national_quota);
        add(&mut totals.places_used, p.places_used);
        add(&mut totals.exempt, p.exempt);
        add(&mut totals.priority, p.priority);
        add(&mut totals.recommended, p.recommended);
        add(&mut totals.national_team, p.national_team);
        add(&mut totals.pending_review, p.pending_review);
        add(&mut totals.rejected, p.rejected);
        add(&mut totals.provincial_team, p.provincial_team);
        add(&mut totals.provincial_candidates, p.provincial_candidates);
        add(&mut totals.not_selected, p.not_selected);
        totals.late_lists += usize::from(p.late);
    }
    totals.mandatory_gaps = provinces
        .iter()
        .map(|p: &ProvinceRow| p.mandatory_gaps)
        .sum();
    totals.mandatory_gaps_without_province = result
        .compliance
        .iter()
        .filter(|f| f.province.is_none())
        .count();
    Summary {
        ruleset: result.ruleset.clone(),
        as_of,
        applications: result.applications.len(),
        reports: report_summary(checks),
        cycle: CycleDigest {
            participants: cycle.participants.len(),
            case_candidates: cycle
                .participants
                .iter()
                .filter(|p| p.case_candidate)
                .count(),
            provinces: cycle.provinces.clone(),
            case_shortlist: cycle.case_shortlist.clone(),
        },
        totals,
        outcomes,
        provinces,
        compliance: result.compliance.clone(),
    }
}

fn write_inputs(dir: &Path, data: &qgx_demo::DemoData) -> Result<(), Fail> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fail::new(format!("{}: cannot create: {e}", dir.display())))?;
    for (name, text) in [
        ("selection.json", json(&data.selection)?),
        ("reports.json", json(&data.reports)?),
        ("summary.json", json(&data.summary_input())?),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| Fail::new(format!("{}: cannot write: {e}", path.display())))?;
    }
    Ok(())
}

/// Runs the demo on [`qgx_demo::dataset`]; with `write`, also writes the generated inputs there.
pub fn run(ctx: &Ctx, write: Option<&Path>) -> Result<String, Fail> {
    run_on(ctx, &qgx_demo::dataset(), write)
}

/// The demo's pipeline on any dataset (the empty one too): select, then check the reports as
/// of `--as-of` or 2026-09-30, then sum up the cycle, then summarize.
fn run_on(ctx: &Ctx, data: &qgx_demo::DemoData, write: Option<&Path>) -> Result<String, Fail> {
    let as_of = match ctx.as_of {
        Some(d) => d,
        None => Date::parse(DEFAULT_AS_OF).map_err(Fail::new)?,
    };
    let spinner = crate::output::spinner(ctx, data.selection.applications.len(), "selecting");
    let result = qgx_core::select(&data.selection, &ctx.ruleset);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let result = result.map_err(|e| Fail::core("demo selection", &e))?;
    let checks = crate::output::check_all(ctx, &data.reports, |_, r| {
        Ok(qgx_core::check_report(r, Some(as_of), &ctx.ruleset))
    })?;
    let cycle = qgx_core::summarize_cycle(&data.summary_input(), as_of, &ctx.ruleset)
        .map_err(|e| Fail::core("demo summary", &e))?;
    let summary = summarize(data, &result, &checks, &cycle, as_of);
    let text = if ctx.format_or(Format::Table) == Format::Json {
        json(&summary)?
    } else {
        let mut text = render(ctx, &summary);
        text.push('\n');
        text.push_str(&what_if(ctx, data, &result));
        text.push('\n');
        text.push_str(&crate::summary::render(ctx, &ctx.ruleset, &cycle, false));
        text
    };
    if let Some(dir) = write {
        write_inputs(dir, data)?;
    }
    Ok(text)
}

/// For two provinces, what one more national place and reading 之前 strictly (a list sent on
/// 2 August late, and late lists excluded) would change: the core's `compare`.
fn what_if(ctx: &Ctx, data: &qgx_demo::DemoData, result: &qgx_core::SelectionResult) -> String {
    let sent_on_2_august = |p: Province| {
        data.selection
            .provinces
            .iter()
            .find(|c| c.province == p)
            .and_then(|c| c.list_submitted_at.as_ref())
            .is_some_and(|t| t.date_cst().to_string() == "2024-08-02")
    };
    let first = result
        .provinces
        .iter()
        .find(|p| p.cut_line.first_out.is_some() && !p.late)
        .map(|p| p.province);
    let second = result
        .provinces
        .iter()
        .map(|p| p.province)
        .find(|p| sent_on_2_august(*p) && Some(*p) != first)
        .or_else(|| {
            result
                .provinces
                .iter()
                .map(|p| p.province)
                .find(|p| Some(*p) != first)
        });
    let mut out = String::from(t(
        ctx,
        "假如（compare：基准为上面的遴选）：\n",
        "What if (compare, against the selection above):\n",
    ));
    for province in [first, second].into_iter().flatten() {
        let mut more = data.selection.clone();
        if let Some(c) = more.provinces.iter_mut().find(|c| c.province == province) {
            c.national_quota += 1;
        }
        let mut strict = data.selection.clone();
        strict.ruleset = Some(qgx_core::RulesetOverrides {
            deadline_inclusive: Some(false),
            late_list_policy: Some(qgx_core::LateListPolicy::Exclude),
            ..Default::default()
        });
        let (Ok(a), Ok(b)) = (
            qgx_core::compare(&data.selection, &more, &ctx.ruleset),
            qgx_core::compare(&data.selection, &strict, &ctx.ruleset),
        ) else {
            continue;
        };
        let ids = |v: &[String]| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.join("、")
            }
        };
        let in_province = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter(|id| {
                    result
                        .applications
                        .iter()
                        .any(|x| &x.id == *id && x.province == province)
                })
                .cloned()
                .collect()
        };
        let newly = ids(&in_province(&a.newly_recommended));
        let lost = in_province(&b.no_longer_recommended);
        let late_now = b
            .provinces
            .iter()
            .any(|p| p.province == province && p.variant.as_ref().is_some_and(|v| v.late));
        let name = crate::output::province_name(ctx, province);
        out.push_str(&match ctx.lang {
            crate::Lang::Zh => format!(
                "  {name}：多 1 个全国名额 → 新增推荐 {newly}；「之前」从严理解且逾期不予推荐 → {}\n",
                if late_now {
                    format!("名单逾期，{} 人不再推荐", lost.len())
                } else {
                    "名单仍按时，无变化".to_owned()
                }
            ),
            crate::Lang::En => format!(
                "  {name}: one more national place → newly recommended {newly}; 之前 read strictly, late lists excluded → {}\n",
                if late_now {
                    format!("the list is late, {} no longer recommended", lost.len())
                } else {
                    "the list is still on time: no change".to_owned()
                }
            ),
        });
    }
    out
}

/// The province table with its totals row.
fn province_table(ctx: &Ctx, s: &Summary) -> Table {
    let extras: BTreeMap<Province, (Option<Date>, usize)> = s
        .provinces
        .iter()
        .map(|p| (p.summary.province, (p.list_submitted_on, p.mandatory_gaps)))
        .collect();
    let n = &s.totals;
    provinces_table(
        ctx,
        s.provinces.iter().map(|p| &p.summary),
        &[
            t(ctx, "名单逾期", "late list"),
            t(ctx, "应参加未到位", "mandatory gaps"),
        ],
        |p| {
            let (on, gaps) = extras.get(&p.province).copied().unwrap_or((None, 0));
            vec![late_label(ctx, p.late, on), gaps.to_string()]
        },
        vec![late_total(ctx, n.late_lists), n.mandatory_gaps.to_string()],
    )
}

fn render(ctx: &Ctx, s: &Summary) -> String {
    let mut out = String::new();
    out.push_str(&match ctx.lang {
        crate::Lang::Zh => format!(
            "强国行专项行动 · 全国演示数据：{} 份申报，{} 个省级单位；规则集 {} {}\n\n",
            s.applications,
            s.provinces.len(),
            s.ruleset.edition,
            s.ruleset.hash,
        ),
        crate::Lang::En => format!(
            "Strong Nation Action · national demo: {} applications, {} province-level units; ruleset {} {}\n\n",
            s.applications,
            s.provinces.len(),
            s.ruleset.edition,
            s.ruleset.hash,
        ),
    });
    let n = &s.totals;
    let table = province_table(ctx, s);
    out.push_str(&table.render());
    if n.mandatory_gaps_without_province > 0 {
        let persons: Vec<String> = s
            .compliance
            .iter()
            .filter(|f| f.province.is_none())
            .map(|f| crate::table::printable(&f.person_id))
            .collect();
        out.push_str(&match ctx.lang {
            crate::Lang::Zh => format!(
                "另有 {} 项应参加未到位不属于任何省份（全国名单未载省份，未计入上表合计）：{}\n",
                n.mandatory_gaps_without_province,
                persons.join("、")
            ),
            crate::Lang::En => format!(
                "Also {} mandatory gaps with no province (the national list gives none; not in the totals above): {}\n",
                n.mandatory_gaps_without_province,
                persons.join(", ")
            ),
        });
    }
    // The province findings by code: ties at a line, provisional teams, list times.
    let mut by_code: BTreeMap<(String, String), (usize, Vec<&str>)> = BTreeMap::new();
    for p in &s.provinces {
        for f in &p.summary.findings {
            let e = by_code
                .entry((f.rule.id().to_owned(), f.code.as_str().to_owned()))
                .or_default();
            e.0 += 1;
            let name = crate::output::province_name(ctx, p.summary.province);
            if e.1.last() != Some(&name) {
                e.1.push(name);
            }
        }
    }
    if !by_code.is_empty() {
        out.push('\n');
        let mut table = Table::new([
            t(ctx, "省份问题", "province finding"),
            t(ctx, "条款", "rule"),
            t(ctx, "次数", "count"),
            t(ctx, "省份", "provinces"),
        ]);
        for ((rule, code), (count, names)) in &by_code {
            let sep = t(ctx, "、", ", ");
            table.row([
                code_label(ctx, code),
                rule.clone(),
                count.to_string(),
                names.join(sep),
            ]);
        }
        out.push_str(&table.render());
    }

    out.push('\n');
    let mut outcomes = Table::new([
        t(ctx, "结果", "outcome"),
        t(ctx, "条款", "rule"),
        t(ctx, "申报数", "applications"),
    ]);
    let mut all = 0;
    for o in [
        Outcome::NationalTeam,
        Outcome::Recommended,
        Outcome::ProvincialTeam,
        Outcome::ProvincialCandidate,
        Outcome::NotSelected,
        Outcome::Ineligible,
        Outcome::IncompletePlan,
        Outcome::NotEndorsed,
        Outcome::Misrouted,
        Outcome::Duplicate,
    ] {
        let n = s.outcomes.get(o.as_str()).copied().unwrap_or(0);
        all += n;
        outcomes.row([
            outcome_label(ctx, o).to_owned(),
            o.rule().id().to_owned(),
            n.to_string(),
        ]);
    }
    outcomes.row([t(ctx, "合计", "total"), "", &all.to_string()]);
    out.push_str(&outcomes.render());

    if !s.compliance.is_empty() {
        out.push('\n');
        out.push_str(t(
            ctx,
            "应参加未到位（第三批全国\"双带头人\"工作室建设对象）\n",
            "Mandatory participation gaps (third-batch national studios under construction)\n",
        ));
        out.push_str(&compliance_table(ctx, &s.compliance).render());
    }

    let r = &s.reports;
    out.push('\n');
    let pct = r
        .mean_completeness
        .map_or_else(|| "—".to_owned(), |c| format!("{:.1}%", c * 100.0));
    let stat = |f: fn(&ScoreStats) -> f64| {
        r.score
            .as_ref()
            .map_or_else(|| "—".to_owned(), |x| num(f(x)))
    };
    let (mean, median, min, max) = (
        stat(|x| x.mean),
        stat(|x| x.median),
        stat(|x| x.min),
        stat(|x| x.max),
    );
    out.push_str(&match ctx.lang {
        crate::Lang::Zh => format!(
            "年度开展情况（截至 {}，含被替代的报告）：检查 {} 份，其中已提交 {} 份、未提交 {} 份（逾期未交 {} 份）。\n已提交的：完整 {} 份，平均完整度 {pct}；得分 平均 {mean} 中位数 {median} 最低 {min} 最高 {max}\n",
            s.as_of, r.checked, r.submitted, r.not_submitted, r.overdue, r.complete
        ),
        crate::Lang::En => format!(
            "Annual reports (as of {}, every report given, superseded ones too): {} checked: {} submitted, {} not submitted ({} overdue).\nSubmitted: {} complete, mean completeness {pct}; score mean {mean} median {median} min {min} max {max}\n",
            s.as_of, r.checked, r.submitted, r.not_submitted, r.overdue, r.complete
        ),
    });
    if let Some(task_means) = &r.task_mean_score {
        let w = &ctx.ruleset.params().score;
        let full = num(w.coverage + w.breadth + w.reach + w.outputs);
        let full = full.trim_end_matches(".00");
        let mut tasks = Table::new([
            t(ctx, "任务", "task").to_owned(),
            t(ctx, "条款", "rule").to_owned(),
            match ctx.lang {
                crate::Lang::Zh => format!("平均得分（满分{full}）"),
                crate::Lang::En => format!("mean score (of {full})"),
            },
        ]);
        for (task, mean) in task_means.iter() {
            let label = match ctx.lang {
                crate::Lang::Zh => task.label_zh(),
                crate::Lang::En => task.as_str(),
            };
            tasks.row([label.to_owned(), task.rule().id().to_owned(), num(*mean)]);
        }
        out.push_str(&tasks.render());
    }
    if !r.top_findings.is_empty() {
        out.push('\n');
        let mut top = Table::new([
            t(ctx, "常见问题", "most frequent finding"),
            t(ctx, "条款", "rule"),
            t(ctx, "次数", "count"),
        ]);
        for c in &r.top_findings {
            top.row([
                code_label(ctx, &c.code),
                c.rule.clone(),
                c.count.to_string(),
            ]);
        }
        out.push_str(&top.render());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn ctx(lang: Lang, format: Option<Format>) -> Ctx {
        Ctx {
            ruleset: qgx_core::Ruleset::edition_2024(),
            as_of: None,
            lang,
            format,
            progress: false,
            read: qgx_sheets::ReadOptions::default(),
        }
    }

    fn empty() -> qgx_demo::DemoData {
        qgx_demo::DemoData {
            selection: qgx_core::SelectionInput::default(),
            reports: Vec::new(),
            participants: Vec::new(),
        }
    }

    fn as_of() -> Date {
        Date::parse(DEFAULT_AS_OF).unwrap()
    }

    fn empty_cycle() -> qgx_core::CycleSummary {
        qgx_core::summarize_cycle(
            &qgx_core::SummaryInput::default(),
            as_of(),
            &qgx_core::Ruleset::edition_2024(),
        )
        .unwrap()
    }

    fn text_has_empty_shortlist(text: &str) -> bool {
        text.contains("周期总结") && text.contains("（无候选）")
    }

    #[test]
    fn the_empty_dataset_gives_an_empty_summary() {
        let text = run_on(&ctx(Lang::Zh, None), &empty(), None).unwrap();
        for label in [
            "全国名额",
            "末位入选",
            "名单逾期",
            "应参加未到位",
            "全国合计",
            "检查 0 份",
        ] {
            assert!(text.contains(label), "{label}: {text}");
        }
        let text = run_on(&ctx(Lang::En, None), &empty(), None).unwrap();
        assert!(
            text.contains("national total") && text.contains("0 checked"),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(
            &run_on(&ctx(Lang::Zh, Some(Format::Json)), &empty(), None).unwrap(),
        )
        .unwrap();
        assert_eq!(v["applications"], 0);
        assert_eq!(v["as_of"], "2026-09-30");
        assert!(v["reports"]["score"].is_null());
        assert_eq!(v["cycle"]["participants"], 0);
        assert!(text_has_empty_shortlist(
            &run_on(&ctx(Lang::Zh, None), &empty(), None).unwrap()
        ));
        assert_eq!(v["totals"]["national_team"], 0);
    }

    #[test]
    fn a_small_dataset_is_summarized() {
        let selection = qgx_core::SelectionInput {
            applications: vec![
                qgx_core::samples::application("A-1", "P-1", "4111010001"),
                qgx_core::samples::application("A-2", "P-2", "4111010002"),
            ],
            provinces: vec![
                qgx_core::from_json_str(
                    r#"{"province": "11", "national_quota": 1, "list_submitted_at": "2024-08-03T09:00:00+08:00"}"#,
                )
                .unwrap(),
            ],
            ..Default::default()
        };
        let mut report = qgx_core::samples::complete_report();
        report.application_id = "A-0002".to_owned();
        report.summary = String::new();
        let data = qgx_demo::DemoData {
            selection,
            reports: vec![qgx_core::samples::complete_report(), report],
            participants: Vec::new(),
        };
        let v: serde_json::Value =
            serde_json::from_str(&run_on(&ctx(Lang::Zh, Some(Format::Json)), &data, None).unwrap())
                .unwrap();
        // No office decision yet: one recommendation awaits review, the other candidate awaits
        // the province's provincial quota.
        assert_eq!(v["totals"]["national_team"], 0);
        assert_eq!(v["totals"]["pending_review"], 1);
        assert_eq!(v["totals"]["provincial_candidates"], 1);
        assert_eq!(v["totals"]["candidates"], 2);
        assert_eq!(v["totals"]["late_lists"], 1);
        assert_eq!(v["provinces"][0]["list_submitted_on"], "2024-08-03");
        assert_eq!(v["reports"]["checked"], 2);
        assert_eq!(v["reports"]["submitted"], 2);
        assert_eq!(v["reports"]["not_submitted"], 0);
        assert_eq!(v["reports"]["complete"], 1);
        assert_eq!(v["reports"]["top_findings"][0]["code"], "summary_missing");
        assert_eq!(v["reports"]["top_findings"][0]["rule"], "R-ANNUAL");
        let text = run_on(&ctx(Lang::Zh, None), &data, None).unwrap();
        assert!(
            text.contains("是 2024-08-03") && text.contains("未填总结 (summary_missing)"),
            "{text}"
        );
    }

    #[test]
    fn drafts_are_counted_apart_from_submitted_reports() {
        let mut draft = qgx_core::samples::complete_report();
        draft.submitted_at = None;
        let data = qgx_demo::DemoData {
            selection: qgx_core::SelectionInput::default(),
            reports: vec![qgx_core::samples::complete_report(), draft],
            participants: Vec::new(),
        };
        let v: serde_json::Value =
            serde_json::from_str(&run_on(&ctx(Lang::Zh, Some(Format::Json)), &data, None).unwrap())
                .unwrap();
        let r = &v["reports"];
        assert_eq!(
            (
                &r["checked"],
                &r["submitted"],
                &r["not_submitted"],
                &r["overdue"]
            ),
            (
                &serde_json::json!(2),
                &serde_json::json!(1),
                &serde_json::json!(1),
                &serde_json::json!(1)
            )
        );
        assert_eq!(r["complete"], 1);
        let text = run_on(&ctx(Lang::Zh, None), &data, None).unwrap();
        assert!(text.contains("未提交 1 份（逾期未交 1 份）"), "{text}");
    }

    /// Every count column of the demo's province table: its 全国合计 cell is the sum of the
    /// province rows; mandatory gaps without a province are on a line of their own.
    #[test]
    fn the_totals_row_adds_up() {
        let data = qgx_demo::dataset();
        for lang in [Lang::Zh, Lang::En] {
            let ctx = ctx(lang, None);
            let result = qgx_core::select(&data.selection, &ctx.ruleset).unwrap();
            let summary = summarize(&data, &result, &[], &empty_cycle(), as_of());
            let table = province_table(&ctx, &summary);
            let (header, rows) = table.cells();
            let (total, rows) = rows.split_last().unwrap();
            assert_eq!(rows.len(), 32);
            assert_eq!(total[0], t(&ctx, "全国合计", "national total"));
            let mut summed = 0;
            for (c, name) in header.iter().enumerate().skip(1) {
                let cells: Vec<Option<u64>> = rows
                    .iter()
                    .map(|r| r[c].split_whitespace().next().and_then(|x| x.parse().ok()))
                    .collect();
                // A count column: numbers in every row, or in every row that has set it
                // (省级名额: "未定" where not set).
                let numbers: Vec<u64> = cells.iter().flatten().copied().collect();
                if numbers.len() < rows.len() / 2 || rows.iter().any(|r| r[c].contains("A-")) {
                    continue;
                }
                if rows.iter().all(|r| r[c].contains(' ')) {
                    continue; // 名单逾期: "否 2024-08-01"
                }
                let total_cell: u64 = total[c]
                    .split(|ch: char| !ch.is_ascii_digit())
                    .next()
                    .and_then(|x| x.parse().ok())
                    .unwrap_or_else(|| panic!("{name}: {}", total[c]));
                assert_eq!(total_cell, numbers.iter().sum::<u64>(), "{name}");
                summed += 1;
            }
            // 候选人数 … 未入选 (11), 省级名额, 应参加未到位.
            assert_eq!(summed, 13, "{header:?}");
            // Candidates add up across the outcome columns too.
            let col =
                |zh: &str, en: &str| header.iter().position(|h| h == t(&ctx, zh, en)).unwrap();
            let n = |c: usize| total[c].parse::<u64>().unwrap();
            assert_eq!(
                n(col("候选人数", "candidates")),
                n(col("全国团队", "national"))
                    + n(col("待备案审核", "pending review"))
                    + n(col("省级团队", "provincial"))
                    + n(col("省级候选", "prov. candidates"))
                    + n(col("未入选", "not selected"))
            );
            let unplaced = result
                .compliance
                .iter()
                .filter(|f| f.province.is_none())
                .count();
            assert!(unplaced > 0);
            assert_eq!(
                n(col("应参加未到位", "mandatory gaps")) + unplaced as u64,
                result.compliance.len() as u64
            );
        }
        let text = render(
            &ctx(Lang::Zh, None),
            &summarize(
                &data,
                &qgx_core::select(&data.selection, &qgx_core::Ruleset::edition_2024()).unwrap(),
                &[],
                &empty_cycle(),
                as_of(),
            ),
        );
        assert!(
            text.contains("另有 2 项应参加未到位不属于任何省份"),
            "{text}"
        );
    }

    #[test]
    fn the_deciding_finding_explains_an_application() {
        let data = qgx_demo::dataset();
        let result = qgx_core::select(&data.selection, &qgx_core::Ruleset::edition_2024()).unwrap();
        for a in &result.applications {
            match crate::output::deciding_finding(a) {
                Some(f) => assert_eq!(f.rule, a.outcome_rule, "{}", a.id),
                None => assert!(
                    a.findings.iter().all(|f| f.rule != a.outcome_rule),
                    "{}",
                    a.id
                ),
            }
        }
        // A duplicate that also carries a decision that does not apply is explained as a
        // duplicate; a failed application always has its error.
        let dup = result
            .applications
            .iter()
            .find(|a| {
                a.outcome.as_str() == "duplicate"
                    && a.findings
                        .iter()
                        .any(|f| f.code.as_str() == "decision_not_applicable")
            })
            .unwrap();
        assert_eq!(
            crate::output::deciding_finding(dup).map(|f| f.code.as_str()),
            Some("duplicate_person")
        );
        for a in result.applications.iter().filter(|a| a.rank.is_none()) {
            let f = crate::output::deciding_finding(a).unwrap();
            assert_eq!(f.severity, qgx_core::Severity::Error, "{}", a.id);
        }
    }
}
