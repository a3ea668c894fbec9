//! `qgx demo`: the whole pipeline on the national demo dataset: a selection in all 31
//! provinces, then the year-1 annual reports checked and scored.

use std::collections::BTreeMap;
use std::path::Path;

use qgx_core::{
    Date, Outcome, PerTask, Province, ReportCheck, RulesetStamp, SelectionResult, Task,
};
use serde::Serialize;

use crate::input::Fail;
use crate::output::{compliance_table, json, num, outcome_label, provinces_table, t};
use crate::table::Table;
use crate::{Ctx, Format};

/// The demo's default "today": after the year-1 reports were due (the engine has no clock).
const DEFAULT_AS_OF: &str = "2025-09-30";

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
    complete: usize,
    mean_completeness: f64,
    score: ScoreStats,
    task_mean_score: PerTask<f64>,
    top_findings: Vec<CodeCount>,
}

#[derive(Serialize)]
struct Summary {
    ruleset: RulesetStamp,
    as_of: Date,
    applications: usize,
    outcomes: BTreeMap<&'static str, usize>,
    provinces: Vec<ProvinceRow>,
    compliance: Vec<qgx_core::ComplianceFinding>,
    reports: ReportSummary,
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

fn report_summary(checks: &[ReportCheck]) -> ReportSummary {
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
    for f in checks.iter().flat_map(|c| &c.findings) {
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
    ReportSummary {
        checked: checks.len(),
        complete: checks.iter().filter(|c| c.complete).count(),
        mean_completeness: round2(mean(&completeness) * 100.0) / 100.0,
        score: ScoreStats {
            mean: round2(mean(&scores)),
            median: round2(median),
            min: scores.first().copied().unwrap_or(0.0),
            max: scores.last().copied().unwrap_or(0.0),
        },
        task_mean_score: PerTask::from_fn(|task: Task| {
            let xs: Vec<f64> = checks
                .iter()
                .map(|c| c.score.tasks.get(task).total)
                .collect();
            round2(mean(&xs))
        }),
        top_findings: top,
    }
}

fn summarize(
    data: &qgx_demo::DemoData,
    result: &SelectionResult,
    checks: &[ReportCheck],
    as_of: Date,
) -> Summary {
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for a in &result.applications {
        *outcomes.entry(a.outcome.as_str()).or_default() += 1;
    }
    let provinces = result
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
    Summary {
        ruleset: result.ruleset.clone(),
        as_of,
        applications: result.applications.len(),
        outcomes,
        provinces,
        compliance: result.compliance.clone(),
        reports: report_summary(checks),
    }
}

fn write_inputs(dir: &Path, data: &qgx_demo::DemoData) -> Result<(), Fail> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Fail::new(format!("{}: cannot create: {e}", dir.display())))?;
    for (name, text) in [
        ("selection.json", json(&data.selection)?),
        ("reports.json", json(&data.reports)?),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| Fail::new(format!("{}: cannot write: {e}", path.display())))?;
    }
    Ok(())
}

/// Runs the demo; with `write`, also writes the generated inputs there.
pub fn run(ctx: &Ctx, write: Option<&Path>) -> Result<String, Fail> {
    let data = qgx_demo::dataset();
    if let Some(dir) = write {
        write_inputs(dir, &data)?;
    }
    let as_of = match ctx.as_of {
        Some(d) => d,
        None => Date::parse(DEFAULT_AS_OF).map_err(Fail::new)?,
    };
    let result = qgx_core::select(&data.selection, &ctx.ruleset)
        .map_err(|e| Fail::core("demo selection", &e))?;
    let checks = qgx_core::check_reports(&data.reports, Some(as_of), &ctx.ruleset);
    let summary = summarize(&data, &result, &checks, as_of);
    if ctx.format_or(Format::Table) == Format::Json {
        return json(&summary);
    }
    Ok(render(ctx, &summary))
}

fn render(ctx: &Ctx, s: &Summary) -> String {
    let mut out = String::new();
    out.push_str(&match ctx.lang {
        crate::Lang::Zh => format!(
            "强国行专项行动 · 全国演示数据：{} 份申报，{} 个省份；规则集 {} {}；截至 {}\n\n",
            s.applications,
            s.provinces.len(),
            s.ruleset.edition,
            s.ruleset.hash,
            s.as_of
        ),
        crate::Lang::En => format!(
            "Strong Nation Action · national demo: {} applications, {} provinces; ruleset {} {}; as of {}\n\n",
            s.applications,
            s.provinces.len(),
            s.ruleset.edition,
            s.ruleset.hash,
            s.as_of
        ),
    });
    let extras: BTreeMap<Province, (Option<Date>, usize)> = s
        .provinces
        .iter()
        .map(|p| (p.summary.province, (p.list_submitted_on, p.mandatory_gaps)))
        .collect();
    let mut table = provinces_table(
        ctx,
        s.provinces.iter().map(|p| &p.summary),
        &[
            t(ctx, "名单逾期", "late list"),
            t(ctx, "应参加未到位", "mandatory gaps"),
        ],
        |p| {
            let (on, gaps) = extras.get(&p.province).copied().unwrap_or((None, 0));
            let late = match (p.late, on) {
                (true, Some(d)) => format!("{} {d}", t(ctx, "是", "yes")),
                (true, None) => t(ctx, "是", "yes").to_owned(),
                (false, _) => String::new(),
            };
            vec![
                late,
                if gaps == 0 {
                    String::new()
                } else {
                    gaps.to_string()
                },
            ]
        },
    );
    let mut totals = [0u32; 7];
    for p in s.provinces.iter().map(|p| &p.summary) {
        for (acc, v) in totals.iter_mut().zip([
            p.national_quota,
            p.places_used,
            p.exempt,
            p.priority,
            p.national_team,
            p.provincial_team,
            p.not_selected,
        ]) {
            *acc += v;
        }
    }
    let mut row = vec![t(ctx, "合计", "total").to_owned()];
    row.extend(totals.iter().map(u32::to_string));
    table.row(row);
    out.push_str(&table.render());

    out.push('\n');
    let mut outcomes = Table::new([
        t(ctx, "结果", "outcome"),
        t(ctx, "条款", "rule"),
        t(ctx, "申报数", "applications"),
    ]);
    for o in [
        Outcome::NationalTeam,
        Outcome::ProvincialTeam,
        Outcome::NotSelected,
        Outcome::Ineligible,
        Outcome::IncompletePlan,
        Outcome::NotEndorsed,
        Outcome::Misrouted,
        Outcome::Duplicate,
    ] {
        let n = s.outcomes.get(o.as_str()).copied().unwrap_or(0);
        outcomes.row([
            outcome_label(ctx, o).to_owned(),
            o.rule().id().to_owned(),
            n.to_string(),
        ]);
    }
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
    out.push_str(&match ctx.lang {
        crate::Lang::Zh => format!(
            "年度开展情况（第1年）：检查 {} 份，完整 {} 份，平均完整度 {:.1}%；得分 平均 {} 中位数 {} 最低 {} 最高 {}\n",
            r.checked, r.complete, r.mean_completeness * 100.0, num(r.score.mean), num(r.score.median), num(r.score.min), num(r.score.max)
        ),
        crate::Lang::En => format!(
            "Annual reports (year 1): {} checked, {} complete, mean completeness {:.1}%; score mean {} median {} min {} max {}\n",
            r.checked, r.complete, r.mean_completeness * 100.0, num(r.score.mean), num(r.score.median), num(r.score.min), num(r.score.max)
        ),
    });
    let mut tasks = Table::new([
        t(ctx, "任务", "task"),
        t(ctx, "条款", "rule"),
        t(ctx, "平均得分（满分25）", "mean score (of 25)"),
    ]);
    for (task, mean) in r.task_mean_score.iter() {
        let label = match ctx.lang {
            crate::Lang::Zh => task.label_zh(),
            crate::Lang::En => task.as_str(),
        };
        tasks.row([label.to_owned(), task.rule().id().to_owned(), num(*mean)]);
    }
    out.push_str(&tasks.render());
    if !r.top_findings.is_empty() {
        out.push('\n');
        let mut top = Table::new([
            t(ctx, "常见问题", "most frequent finding"),
            t(ctx, "条款", "rule"),
            t(ctx, "次数", "count"),
        ]);
        for c in &r.top_findings {
            top.row([c.code.clone(), c.rule.clone(), c.count.to_string()]);
        }
        out.push_str(&top.render());
    }
    out
}
