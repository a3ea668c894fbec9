//! `qgx demo`: the whole pipeline on the national demo dataset: a selection in all 31
//! provinces, then the year-1 annual reports checked and scored.

use std::collections::BTreeMap;
use std::path::Path;

use qgx_core::{
    Date, Outcome, PerTask, Province, ReportCheck, RulesetStamp, SelectionResult, Task,
};
use serde::Serialize;

use crate::input::Fail;
use crate::output::{compliance_table, json, late_label, num, outcome_label, provinces_table, t};
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
    /// `null` when no report was checked (as are `score` and `task_mean_score`).
    mean_completeness: Option<f64>,
    score: Option<ScoreStats>,
    task_mean_score: Option<PerTask<f64>>,
    top_findings: Vec<CodeCount>,
}

#[derive(Serialize)]
struct Totals {
    national_quota: u32,
    places_used: u32,
    exempt: u32,
    priority: u32,
    national_team: u32,
    provincial_team: u32,
    not_selected: u32,
    late_lists: usize,
    mandatory_gaps: usize,
}

#[derive(Serialize)]
struct Summary {
    ruleset: RulesetStamp,
    as_of: Date,
    applications: usize,
    reports: ReportSummary,
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
    let any = !checks.is_empty();
    ReportSummary {
        checked: checks.len(),
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
    let mut totals = Totals {
        national_quota: 0,
        places_used: 0,
        exempt: 0,
        priority: 0,
        national_team: 0,
        provincial_team: 0,
        not_selected: 0,
        late_lists: 0,
        mandatory_gaps: result.compliance.len(),
    };
    for p in &result.provinces {
        totals.national_quota = totals.national_quota.saturating_add(p.national_quota);
        totals.places_used = totals.places_used.saturating_add(p.places_used);
        totals.exempt = totals.exempt.saturating_add(p.exempt);
        totals.priority = totals.priority.saturating_add(p.priority);
        totals.national_team = totals.national_team.saturating_add(p.national_team);
        totals.provincial_team = totals.provincial_team.saturating_add(p.provincial_team);
        totals.not_selected = totals.not_selected.saturating_add(p.not_selected);
        totals.late_lists += usize::from(p.late);
    }
    Summary {
        ruleset: result.ruleset.clone(),
        as_of,
        applications: result.applications.len(),
        reports: report_summary(checks),
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
/// of `--as-of` or 2025-09-30, then summarize.
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
    let summary = summarize(data, &result, &checks, as_of);
    let text = if ctx.format_or(Format::Table) == Format::Json {
        json(&summary)?
    } else {
        render(ctx, &summary)
    };
    if let Some(dir) = write {
        write_inputs(dir, data)?;
    }
    Ok(text)
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
            vec![late_label(ctx, p.late, on), gaps.to_string()]
        },
    );
    let n = &s.totals;
    let mut row = vec![t(ctx, "全国合计", "national total").to_owned()];
    row.extend(
        [
            n.national_quota,
            n.places_used,
            n.exempt,
            n.priority,
            n.national_team,
            n.provincial_team,
            n.not_selected,
        ]
        .iter()
        .map(u32::to_string),
    );
    row.extend([
        String::new(),
        String::new(),
        match ctx.lang {
            crate::Lang::Zh => format!("{} 个省份逾期", n.late_lists),
            crate::Lang::En => format!("{} late", n.late_lists),
        },
        n.mandatory_gaps.to_string(),
    ]);
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
            "年度开展情况：检查 {} 份，完整 {} 份，平均完整度 {pct}；得分 平均 {mean} 中位数 {median} 最低 {min} 最高 {max}\n",
            r.checked, r.complete
        ),
        crate::Lang::En => format!(
            "Annual reports: {} checked, {} complete, mean completeness {pct}; score mean {mean} median {median} min {min} max {max}\n",
            r.checked, r.complete
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
            top.row([c.code.clone(), c.rule.clone(), c.count.to_string()]);
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
        }
    }

    fn empty() -> qgx_demo::DemoData {
        qgx_demo::DemoData {
            selection: qgx_core::SelectionInput::default(),
            reports: Vec::new(),
        }
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
        assert_eq!(v["as_of"], "2025-09-30");
        assert!(v["reports"]["score"].is_null());
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
        report.summary = String::new();
        let data = qgx_demo::DemoData {
            selection,
            reports: vec![qgx_core::samples::complete_report(), report],
        };
        let v: serde_json::Value =
            serde_json::from_str(&run_on(&ctx(Lang::Zh, Some(Format::Json)), &data, None).unwrap())
                .unwrap();
        assert_eq!(v["totals"]["national_team"], 1);
        assert_eq!(v["totals"]["late_lists"], 1);
        assert_eq!(v["provinces"][0]["list_submitted_on"], "2024-08-03");
        assert_eq!(v["reports"]["checked"], 2);
        assert_eq!(v["reports"]["complete"], 1);
        assert_eq!(v["reports"]["top_findings"][0]["code"], "summary_missing");
        assert_eq!(v["reports"]["top_findings"][0]["rule"], "R-ANNUAL");
        let text = run_on(&ctx(Lang::Zh, None), &data, None).unwrap();
        assert!(
            text.contains("是 2024-08-03") && text.contains("summary_missing"),
            "{text}"
        );
    }
}
