//! Each command's output: the core's typed result as pretty JSON, or a table for people.

use std::io::Write;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use qgx_core::{
    AnnualReport, Application, Date, Finding, Outcome, Plan, Registry, ReportCheck, SelectionInput,
    Severity,
};
use serde::Serialize;

use crate::input::{
    Array, Fail, Failure, Items, OneOrMany, read_items, read_json, read_one_or_many,
};
use crate::table::Table;
use crate::{Ctx, Format, Lang};

/// Inputs larger than this get a progress bar (when stderr is a terminal).
pub const PROGRESS_THRESHOLD: usize = 10_000;

/// Pretty JSON of a typed result (field order as the core declares it), with a final newline.
/// The text grows by `try_reserve`: a result the process has no memory for is an error.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, Fail> {
    let mut buf = TryVec(Vec::new());
    let cannot = |e: &dyn std::fmt::Display| Fail::new(format!("cannot write the result: {e}"));
    serde_json::to_writer_pretty(&mut buf, value).map_err(|e| cannot(&e))?;
    buf.write_all(b"\n").map_err(|e| cannot(&e))?;
    String::from_utf8(buf.0).map_err(|e| cannot(&e))
}

/// A byte buffer that grows with `try_reserve`: out of memory is an `OutOfMemory` error.
pub struct TryVec(pub Vec<u8>);

impl Write for TryVec {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.try_reserve(bytes.len()).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::OutOfMemory, "not enough memory")
        })?;
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `zh` or `en`, by the chosen language.
pub fn t<'a>(ctx: &Ctx, zh: &'a str, en: &'a str) -> &'a str {
    match ctx.lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn outcome_label(ctx: &Ctx, o: Outcome) -> &'static str {
    match ctx.lang {
        Lang::Zh => o.label_zh(),
        Lang::En => o.as_str(),
    }
}

fn severity_label(ctx: &Ctx, s: Severity) -> &'static str {
    match (ctx.lang, s) {
        (Lang::Zh, Severity::Error) => "错误",
        (Lang::Zh, Severity::Warning) => "警告",
        (Lang::Zh, Severity::Info) => "提示",
        (Lang::En, Severity::Error) => "error",
        (Lang::En, Severity::Warning) => "warning",
        (Lang::En, Severity::Info) => "info",
    }
}

/// A finding code as a summary shows it: `名额线并列 (tie_at_cut_line)` in Chinese (the
/// catalog's short label), the code in English.
pub fn code_label(ctx: &Ctx, code: &str) -> String {
    let known = qgx_core::Code::ALL.iter().find(|c| c.as_str() == code);
    match (ctx.lang, known) {
        (Lang::Zh, Some(c)) => format!("{} ({code})", c.label_zh()),
        _ => code.to_owned(),
    }
}

/// The finding that decided an application's outcome: the first of its findings under its
/// `outcome_rule`, errors before warnings before information; `None` when that clause left
/// none (a team place, a pending recommendation).
pub fn deciding_finding(a: &qgx_core::ApplicationResult) -> Option<&Finding> {
    a.findings
        .iter()
        .filter(|f| f.rule == a.outcome_rule)
        .min_by_key(|f| f.severity)
}

/// Whether the province's national line (its cut line) is tied (`tie_at_cut_line` at
/// `/national_quota`).
pub fn national_line_tied(p: &qgx_core::ProvinceSummary) -> bool {
    p.findings
        .iter()
        .any(|f| f.code.as_str() == "tie_at_cut_line" && f.path == "/national_quota")
}

pub fn message<'a>(ctx: &Ctx, f: &'a Finding) -> &'a str {
    match ctx.lang {
        Lang::Zh => &f.message.zh,
        Lang::En => &f.message.en,
    }
}

pub fn yes_no(ctx: &Ctx, b: bool) -> &'static str {
    match (ctx.lang, b) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "",
    }
}

/// "是 2024-08-03" / "否 2024-08-01": whether a province list is late, with its date (+08:00).
pub fn late_label(ctx: &Ctx, late: bool, on: Option<Date>) -> String {
    let label = if late {
        t(ctx, "是", "yes")
    } else {
        t(ctx, "否", "no")
    };
    match on {
        Some(d) => format!("{label} {d}"),
        None => label.to_owned(),
    }
}

/// A merit or score with two decimals.
pub fn num(x: f64) -> String {
    format!("{x:.2}")
}

fn findings_table(ctx: &Ctx, findings: &[Finding]) -> Table {
    let mut table = Table::new([
        t(ctx, "级别", "severity"),
        t(ctx, "条款", "rule"),
        t(ctx, "代码", "code"),
        t(ctx, "位置", "path"),
        t(ctx, "说明", "message"),
    ]);
    for f in findings {
        table.row([
            severity_label(ctx, f.severity),
            f.rule.id(),
            f.code.as_str(),
            f.path.as_str(),
            message(ctx, f),
        ]);
    }
    table
}

/// A spinner for `what`, on inputs of more than [`PROGRESS_THRESHOLD`] records when stderr is
/// a terminal.
pub fn spinner(ctx: &Ctx, len: usize, what: &str) -> Option<ProgressBar> {
    (ctx.progress && len > PROGRESS_THRESHOLD).then(|| spinner_bar(what.to_owned()))
}

/// A spinner on stderr saying `message`, ticking on its own.
pub fn spinner_bar(message: String) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_message(message);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Files this large (about 10,000 reports) get a spinner while they are read and parsed.
const LARGE_FILE_BYTES: u64 = 20_000_000;

fn reading_spinner(ctx: &Ctx, file: &str) -> Option<ProgressBar> {
    let large = file != "-" && std::fs::metadata(file).is_ok_and(|m| m.len() > LARGE_FILE_BYTES);
    (ctx.progress && large).then(|| spinner_bar(format!("reading {file}")))
}

fn bar(ctx: &Ctx, len: usize) -> Option<ProgressBar> {
    (ctx.progress && len > PROGRESS_THRESHOLD).then(|| {
        let bar = ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}") {
            bar.set_style(style);
        }
        bar
    })
}

/// Runs the selection (with a spinner on large inputs).
pub fn run_select(
    ctx: &Ctx,
    input: &SelectionInput,
    locate: &dyn Fn(&qgx_core::Error) -> Fail,
) -> Result<qgx_core::SelectionResult, Fail> {
    let progress = spinner(ctx, input.applications.len(), "selecting");
    let result = qgx_core::select(input, &ctx.ruleset);
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    result.map_err(|e| locate(&e))
}

/// Prints a selection's result as JSON or tables.
pub fn render_select(
    ctx: &Ctx,
    input: &SelectionInput,
    result: &qgx_core::SelectionResult,
) -> Result<String, Fail> {
    if ctx.format_or(Format::Json) == Format::Json {
        return json(&result);
    }
    let late = result.provinces.iter().filter(|p| p.late).count();
    let mut out = provinces_table(
        ctx,
        &result.provinces,
        &[t(ctx, "名单逾期", "late list")],
        |p| {
            let on = input
                .provinces
                .iter()
                .find(|c| c.province == p.province)
                .and_then(|c| c.list_submitted_at.as_ref())
                .map(qgx_core::Timestamp::date_cst);
            vec![late_label(ctx, p.late, on)]
        },
        vec![late_total(ctx, late)],
    )
    .render();
    let province_findings = province_findings_table(ctx, &result.provinces);
    if let Some(table) = province_findings {
        out.push('\n');
        out.push_str(&table.render());
    }
    out.push('\n');
    let mut apps = Table::new([
        t(ctx, "申报编号", "id"),
        t(ctx, "省份", "province"),
        t(ctx, "结果", "outcome"),
        t(ctx, "条款", "rule"),
        t(ctx, "排名", "rank"),
        t(ctx, "择优分", "merit"),
        t(ctx, "省级推荐", "recommended"),
        t(ctx, "不占名额", "exempt"),
        t(ctx, "优先", "priority"),
        t(ctx, "判定依据", "deciding finding"),
        t(ctx, "入选所需", "what it would take"),
    ]);
    for a in &result.applications {
        // For a candidate not recommended: what would recommend it (the core's why-not).
        let would_take = if a.rank.is_some() && !a.recommended {
            match ctx.lang {
                Lang::Zh => a.why.message.zh.clone(),
                Lang::En => a.why.message.en.clone(),
            }
        } else {
            String::new()
        };
        apps.row([
            a.id.clone(),
            province_name(ctx, a.province).to_owned(),
            outcome_label(ctx, a.outcome).to_owned(),
            a.outcome_rule.id().to_owned(),
            a.rank.map(|r| r.to_string()).unwrap_or_default(),
            num(a.merit),
            yes_no(ctx, a.recommended).to_owned(),
            yes_no(ctx, a.quota_exempt).to_owned(),
            yes_no(ctx, a.priority).to_owned(),
            deciding_finding(a)
                .map(|f| message(ctx, f).to_owned())
                .unwrap_or_default(),
            would_take,
        ]);
    }
    out.push_str(&apps.render());
    if !result.compliance.is_empty() {
        out.push('\n');
        out.push_str(&compliance_table(ctx, &result.compliance).render());
    }
    Ok(out)
}

pub fn province_name(ctx: &Ctx, p: qgx_core::Province) -> &'static str {
    match ctx.lang {
        Lang::Zh => p.name_zh(),
        Lang::En => p.name_en(),
    }
}

/// "2 个省份逾期" / "2 late": the late-list column's total.
pub fn late_total(ctx: &Ctx, late: usize) -> String {
    match ctx.lang {
        Lang::Zh => format!("{late} 个省份逾期"),
        Lang::En => format!("{late} late"),
    }
}

/// The province table's count columns, as (zh, en, value): each is a sum over the rows in the
/// totals row. Candidates = national team + pending review + provincial team + provincial
/// candidates + not selected; recommended = national team + pending review + rejected.
fn province_counts(p: &qgx_core::ProvinceSummary) -> [(&'static str, &'static str, u32); 12] {
    [
        ("候选人数", "candidates", p.candidates),
        ("全国名额", "quota", p.national_quota),
        ("已用名额", "used", p.places_used),
        ("不占名额", "exempt", p.exempt),
        ("优先推荐", "priority", p.priority),
        ("全国团队", "national", p.national_team),
        ("待备案审核", "pending review", p.pending_review),
        ("备案未通过", "rejected", p.rejected),
        ("省级团队", "provincial", p.provincial_team),
        ("省级候选", "prov. candidates", p.provincial_candidates),
        ("未入选", "not selected", p.not_selected),
        ("省级名额", "prov. quota", p.provincial_quota.unwrap_or(0)),
    ]
}

/// One row per configured province and a totals row (全国合计: every count column is the sum of
/// its rows); `extra` adds columns after the shared ones, `extra_total` their totals cells.
/// A cut line that only the application ids decided is marked 并列 (tied).
pub fn provinces_table<'a>(
    ctx: &Ctx,
    provinces: impl IntoIterator<Item = &'a qgx_core::ProvinceSummary>,
    extra_header: &[&str],
    extra: impl Fn(&qgx_core::ProvinceSummary) -> Vec<String>,
    extra_total: Vec<String>,
) -> Table {
    let blank = qgx_core::ProvinceSummary {
        province: qgx_core::Province::default(),
        name: String::new(),
        national_quota: 0,
        provincial_quota: None,
        candidates: 0,
        places_used: 0,
        exempt: 0,
        priority: 0,
        recommended: 0,
        pending_review: 0,
        rejected: 0,
        national_team: 0,
        provincial_team: 0,
        provincial_candidates: 0,
        not_selected: 0,
        late: false,
        cut_line: qgx_core::CutLine::default(),
        findings: Vec::new(),
    };
    let counts = province_counts(&blank);
    let mut header = vec![t(ctx, "省份", "province")];
    // The provincial quota goes in its own column, where "未定" (not set) can be said.
    header.extend(
        counts
            .iter()
            .take(counts.len() - 1)
            .map(|(zh, en, _)| t(ctx, zh, en)),
    );
    header.extend([
        t(ctx, "省级名额", "prov. quota"),
        t(ctx, "末位入选", "last in"),
        t(ctx, "首位未入选", "first out"),
    ]);
    header.extend_from_slice(extra_header);
    let mut table = Table::new(header);
    let cut = |e: &Option<qgx_core::CutEntry>, tied: bool| {
        e.as_ref()
            .map(|e| {
                let mark = if tied { t(ctx, " 并列", " tied") } else { "" };
                format!("{} ({}){mark}", e.id, num(e.merit))
            })
            .unwrap_or_else(|| "—".to_owned())
    };
    let mut totals = vec![0u32; counts.len()];
    let mut unset = 0usize;
    for p in provinces {
        let values = province_counts(p);
        for (total, (_, _, v)) in totals.iter_mut().zip(values.iter()) {
            *total = total.saturating_add(*v);
        }
        let tied = national_line_tied(p);
        let mut row = vec![province_name(ctx, p.province).to_owned()];
        row.extend(
            values
                .iter()
                .take(values.len() - 1)
                .map(|(_, _, v)| v.to_string()),
        );
        row.push(match p.provincial_quota {
            Some(q) => q.to_string(),
            None => {
                unset += 1;
                t(ctx, "未定", "not set").to_owned()
            }
        });
        row.push(cut(&p.cut_line.last_in, tied));
        row.push(cut(&p.cut_line.first_out, tied));
        row.extend(extra(p));
        table.row(row);
    }
    let mut row = vec![t(ctx, "全国合计", "national total").to_owned()];
    row.extend(totals.iter().take(totals.len() - 1).map(u32::to_string));
    let set_total = totals.last().copied().unwrap_or(0);
    row.push(match (unset, ctx.lang) {
        (0, _) => set_total.to_string(),
        (n, Lang::Zh) => format!("{set_total}（{n} 省未定）"),
        (n, Lang::En) => format!("{set_total} ({n} not set)"),
    });
    row.extend([String::new(), String::new()]);
    row.extend(extra_total);
    table.row(row);
    table
}

/// The provinces' own findings (deadline, ties at a line, provisional teams), one row each;
/// `None` when there are none.
pub fn province_findings_table(
    ctx: &Ctx,
    provinces: &[qgx_core::ProvinceSummary],
) -> Option<Table> {
    let mut table = Table::new([
        t(ctx, "省份", "province"),
        t(ctx, "条款", "rule"),
        t(ctx, "问题", "code"),
        t(ctx, "位置", "path"),
        t(ctx, "说明", "message"),
    ]);
    let mut any = false;
    for p in provinces {
        for f in &p.findings {
            any = true;
            table.row([
                province_name(ctx, p.province).to_owned(),
                f.rule.id().to_owned(),
                code_label(ctx, f.code.as_str()),
                f.path.clone(),
                message(ctx, f).to_owned(),
            ]);
        }
    }
    any.then_some(table)
}

/// The R-MANDATORY findings.
pub fn compliance_table(ctx: &Ctx, compliance: &[qgx_core::ComplianceFinding]) -> Table {
    let mut table = Table::new([
        t(ctx, "条款", "rule"),
        t(ctx, "问题", "code"),
        t(ctx, "人员", "person"),
        t(ctx, "申报编号", "application"),
        t(ctx, "省份", "province"),
        t(ctx, "说明", "message"),
    ]);
    for f in compliance {
        table.row([
            f.rule.id().to_owned(),
            code_label(ctx, f.code.as_str()),
            f.person_id.clone(),
            f.application_id.clone().unwrap_or_default(),
            f.province
                .map(|p| province_name(ctx, p))
                .unwrap_or("")
                .to_owned(),
            match ctx.lang {
                Lang::Zh => f.message.zh.clone(),
                Lang::En => f.message.en.clone(),
            },
        ]);
    }
    table
}

fn report_table(ctx: &Ctx, check: &ReportCheck) -> String {
    let status = if check.complete {
        t(ctx, "完整", "complete")
    } else {
        t(ctx, "不完整", "incomplete")
    };
    let mut out = format!(
        "{} {} {}: {status}  {} {:.1}%  {} {}\n",
        crate::table::printable(&check.application_id),
        t(ctx, "周期年度", "cycle year"),
        check.cycle_year,
        t(ctx, "完整度", "completeness"),
        check.completeness * 100.0,
        t(ctx, "得分", "score"),
        num(check.score.total),
    );
    if !check.findings.is_empty() {
        out.push_str(&findings_table(ctx, &check.findings).render());
    }
    out
}

/// Checks every item, ticking a progress bar for large arrays.
pub fn check_all<T, R>(
    ctx: &Ctx,
    items: &[T],
    check: impl Fn(usize, &T) -> Result<R, Fail>,
) -> Result<Vec<R>, Fail> {
    let progress = bar(ctx, items.len());
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let checked = check(i, item);
        if let Some(p) = &progress {
            p.inc(1);
        }
        match checked {
            Ok(r) => out.push(r),
            Err(e) => {
                if let Some(p) = progress {
                    p.finish_and_clear();
                }
                return Err(e);
            }
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    Ok(out)
}

/// `qgx check-report` on JSON: one report, or an array whose checks are written as they are
/// made.
pub fn check_reports(ctx: &Ctx, file: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let reading = reading_spinner(ctx, file);
    let reports = read_items::<AnnualReport>(file, |_, _| Ok(()));
    if let Some(s) = reading {
        s.finish_and_clear();
    }
    let check = |r: &AnnualReport| qgx_core::check_report(r, ctx.as_of, &ctx.ruleset);
    match reports? {
        Items::One(r, _) => print(out, render_one(ctx, &check(&r), report_table)?),
        Items::Many(reports) => write_array(ctx, out, &reports, |_, r| Ok(check(&r)), report_table),
    }
}

/// Checks reports read from sheets (a progress bar for large arrays).
pub fn check_report_list(ctx: &Ctx, reports: &[AnnualReport]) -> Result<Vec<ReportCheck>, Fail> {
    check_all(ctx, reports, |_, r| {
        Ok(qgx_core::check_report(r, ctx.as_of, &ctx.ruleset))
    })
}

/// Checks the report(s) of a JSON file, as a list.
pub fn check_report_file(ctx: &Ctx, file: &str) -> Result<Vec<ReportCheck>, Fail> {
    // The text is dropped here, before the reports are checked.
    let (reports, _) = read_one_or_many::<AnnualReport>(file)?;
    match reports {
        OneOrMany::One(r) => check_report_list(ctx, &[r]),
        OneOrMany::Many(reports) => check_report_list(ctx, &reports),
    }
}

/// Checks reports read from sheets and writes each check as it is made (an array).
pub fn write_report_checks(
    ctx: &Ctx,
    reports: &[AnnualReport],
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let progress = bar(ctx, reports.len());
    let mut batch = Batch::new(ctx, out);
    for r in reports {
        let check = qgx_core::check_report(r, ctx.as_of, &ctx.ruleset);
        batch.push(&check, report_table)?;
        if let Some(p) = &progress {
            p.inc(1);
        }
    }
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    batch.finish()
}

/// Writes `text` (a command's whole output).
pub fn print(out: &mut dyn Write, text: String) -> Result<(), Failure> {
    out.write_all(text.as_bytes()).map_err(Failure::Write)
}

fn render_one<T: Serialize>(
    ctx: &Ctx,
    item: &T,
    table: impl Fn(&Ctx, &T) -> String,
) -> Result<String, Fail> {
    match ctx.format_or(Format::Json) {
        Format::Json => json(item),
        Format::Table => Ok(table(ctx, item)),
    }
}

/// A batch's results written as they are made, byte for byte what rendering them all at once
/// gives: a pretty JSON array (`[]` when empty), or the tables one after another with a blank
/// line between. Only one result is held at a time.
struct Batch<'w, 'c> {
    ctx: &'c Ctx,
    out: &'w mut dyn Write,
    written: usize,
    /// One result's JSON, reused.
    buf: Vec<u8>,
}

impl<'w, 'c> Batch<'w, 'c> {
    fn new(ctx: &'c Ctx, out: &'w mut dyn Write) -> Batch<'w, 'c> {
        Batch {
            ctx,
            out,
            written: 0,
            buf: Vec::new(),
        }
    }

    fn json(&self) -> bool {
        self.ctx.format_or(Format::Json) == Format::Json
    }

    fn push<T: Serialize>(
        &mut self,
        item: &T,
        table: impl Fn(&Ctx, &T) -> String,
    ) -> Result<(), Failure> {
        let first = self.written == 0;
        self.written += 1;
        if !self.json() {
            if !first {
                self.out.write_all(b"\n").map_err(Failure::Write)?;
            }
            return print(self.out, table(self.ctx, item));
        }
        self.buf.clear();
        serde_json::to_writer_pretty(&mut self.buf, item)
            .map_err(|e| Failure::Write(std::io::Error::other(e)))?;
        // An element of a pretty array: after `[` or `,`, on its own lines, indented by two
        // spaces (a JSON string holds no raw newline, so every newline is the printer's).
        let out = &mut *self.out;
        let mut lines = self.buf.split(|b| *b == b'\n');
        let write = || -> std::io::Result<()> {
            out.write_all(if first { b"[\n  " } else { b",\n  " })?;
            if let Some(line) = lines.next() {
                out.write_all(line)?;
            }
            for line in lines {
                out.write_all(b"\n  ")?;
                out.write_all(line)?;
            }
            Ok(())
        };
        write().map_err(Failure::Write)
    }

    fn finish(self) -> Result<(), Failure> {
        let end: &[u8] = match (self.json(), self.written) {
            (false, _) => b"",
            (true, 0) => b"[]\n",
            (true, _) => b"\n]\n",
        };
        self.out.write_all(end).map_err(Failure::Write)
    }
}

/// Checks the elements of a JSON array one at a time and writes each result as it is made
/// (ticking a progress bar for large arrays).
fn write_array<T: serde::de::DeserializeOwned, R: Serialize>(
    ctx: &Ctx,
    out: &mut dyn Write,
    items: &Array<T>,
    check: impl Fn(usize, T) -> Result<R, Fail>,
    table: impl Fn(&Ctx, &R) -> String,
) -> Result<(), Failure> {
    let progress = bar(ctx, items.len());
    let mut batch = Batch::new(ctx, out);
    let written = items.each(|i, item| {
        let result = check(i, item)?;
        batch.push(&result, &table)?;
        if let Some(p) = &progress {
            p.inc(1);
        }
        Ok::<(), Failure>(())
    });
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    written?;
    batch.finish()
}

fn plan_table(ctx: &Ctx, c: &qgx_core::PlanCheck) -> String {
    let status = if c.complete {
        t(ctx, "计划书完整", "complete plan")
    } else {
        t(ctx, "计划书不完整", "incomplete plan")
    };
    let mut out = format!(
        "{status}  {} {}\n",
        t(ctx, "计划书得分", "plan score"),
        num(c.score)
    );
    if !c.findings.is_empty() {
        out.push_str(&findings_table(ctx, &c.findings).render());
    }
    out
}

/// `qgx check-plan`: one plan, or an array whose checks are written as they are made.
pub fn check_plans(ctx: &Ctx, file: &str, out: &mut dyn Write) -> Result<(), Failure> {
    let check = |p: &Plan| qgx_core::check_plan(p, &ctx.ruleset);
    match read_items::<Plan>(file, |_, _| Ok(()))? {
        Items::One(p, _) => print(out, render_one(ctx, &check(&p), plan_table)?),
        Items::Many(plans) => write_array(ctx, out, &plans, |_, p| Ok(check(&p)), plan_table),
    }
}

fn application_table(ctx: &Ctx, c: &qgx_core::ApplicationCheck) -> String {
    let status = match c.outcome {
        None => t(ctx, "符合推荐条件", "candidate").to_owned(),
        Some(o) => outcome_label(ctx, o).to_owned(),
    };
    let mut out = format!(
        "{}: {status}  {} {}  {} {}  {} {}\n",
        crate::table::printable(&c.id),
        t(ctx, "择优分", "merit"),
        num(c.merit),
        t(ctx, "不占名额", "exempt"),
        yes_no(ctx, c.quota_exempt),
        t(ctx, "优先", "priority"),
        yes_no(ctx, c.priority),
    );
    if !c.findings.is_empty() {
        out.push_str(&findings_table(ctx, &c.findings).render());
    }
    out
}

/// `qgx check-application`: one application, or an array whose checks are written as they
/// are made (every application is checked once before anything is written, so that a
/// malformed one is an error with nothing printed).
pub fn check_applications(
    ctx: &Ctx,
    file: &str,
    registry: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let registry: Option<Registry> = registry
        .map(|p| read_json(&p.display().to_string()))
        .transpose()?;
    let check = |a: &Application| qgx_core::check_application(a, registry.as_ref(), &ctx.ruleset);
    let under = |i: usize, e: qgx_core::Error| e.under(&format!("/{i}"));
    match read_items::<Application>(file, |i, a| check(a).map(drop).map_err(|e| under(i, e)))? {
        Items::One(a, source) => {
            let c = check(&a).map_err(|e| source.fail(&e))?;
            print(out, render_one(ctx, &c, application_table)?)
        }
        Items::Many(apps) => write_array(
            ctx,
            out,
            &apps,
            |i, a| check(&a).map_err(|e| apps.source().fail(&under(i, e))),
            application_table,
        ),
    }
}

/// `qgx cycle`.
pub fn cycle(ctx: &Ctx, as_of: Date) -> Result<String, Fail> {
    let status = qgx_core::cycle_status(as_of, &ctx.ruleset);
    if ctx.format_or(Format::Json) == Format::Json {
        return json(&status);
    }
    let position = match status.position {
        qgx_core::CyclePosition::Outside(qgx_core::Outside::BeforeCycle) => {
            t(ctx, "周期尚未开始", "before the cycle").to_owned()
        }
        qgx_core::CyclePosition::Outside(qgx_core::Outside::AfterCycle) => {
            t(ctx, "周期已结束", "after the cycle").to_owned()
        }
        qgx_core::CyclePosition::InYear {
            year,
            day,
            days_left,
        } => match ctx.lang {
            Lang::Zh => format!("第{year}年第{day}天，本年度还剩{days_left}天"),
            Lang::En => format!("year {year}, day {day}, {days_left} days left in the year"),
        },
    };
    let mut out = format!("{as_of}: {position}\n");
    if let Some(n) = &status.next_due {
        out.push_str(&match ctx.lang {
            Lang::Zh => format!(
                "下一份：第{}年度报告，{} 截止，还剩 {} 天\n",
                n.year, n.due, n.days_left
            ),
            Lang::En => format!(
                "next: the year-{} report, due {}, {} days left\n",
                n.year, n.due, n.days_left
            ),
        });
    }
    let mut table = Table::new([
        t(ctx, "年度", "year"),
        t(ctx, "开始", "start"),
        t(ctx, "结束", "end"),
        t(ctx, "提交窗口", "window opens"),
        t(ctx, "截止", "due"),
    ]);
    for y in &status.years {
        table.row([
            y.year.to_string(),
            y.start.to_string(),
            y.end.to_string(),
            y.window_opens.to_string(),
            y.due.to_string(),
        ]);
    }
    out.push_str(&table.render());
    Ok(out)
}

/// `qgx cycle --year K`.
pub fn report_status(
    ctx: &Ctx,
    year: u32,
    submitted_at: Option<&str>,
    as_of: Date,
) -> Result<String, Fail> {
    let submitted = submitted_at
        .map(|s| {
            qgx_core::Timestamp::parse(s).map_err(|m| Fail::new(format!("--submitted-at: {m}")))
        })
        .transpose()?;
    let status = qgx_core::report_status(year, submitted.as_ref(), as_of, &ctx.ruleset)
        .map_err(|e| Fail::new(format!("--year: {}", e.message())))?;
    if ctx.format_or(Format::Json) == Format::Json {
        return json(&status);
    }
    let mut table = Table::new([
        t(ctx, "年度", "year"),
        t(ctx, "状态", "status"),
        t(ctx, "提交窗口", "window opens"),
        t(ctx, "截止", "due"),
        t(ctx, "提交日期", "submitted on"),
        t(ctx, "距截止天数", "days to due"),
    ]);
    table.row([
        status.year.to_string(),
        report_state_label(ctx, status.status).to_owned(),
        status.window_opens.to_string(),
        status.due.to_string(),
        status
            .submitted_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        status.days_to_due.to_string(),
    ]);
    Ok(table.render())
}

/// A report state in the chosen language.
pub fn report_state_label(ctx: &Ctx, s: qgx_core::ReportState) -> &'static str {
    use qgx_core::ReportState as S;
    match (ctx.lang, s) {
        (Lang::Zh, S::NotDue) => "未到提交期",
        (Lang::Zh, S::Open) => "提交期内",
        (Lang::Zh, S::SubmittedOnTime) => "按时提交",
        (Lang::Zh, S::SubmittedEarly) => "提前提交",
        (Lang::Zh, S::SubmittedLate) => "逾期提交",
        (Lang::Zh, S::Overdue) => "逾期未交",
        (Lang::En, S::NotDue) => "not due",
        (Lang::En, S::Open) => "open",
        (Lang::En, S::SubmittedOnTime) => "submitted on time",
        (Lang::En, S::SubmittedEarly) => "submitted early",
        (Lang::En, S::SubmittedLate) => "submitted late",
        (Lang::En, S::Overdue) => "overdue",
    }
}

/// `qgx next-due`.
pub fn next_due(ctx: &Ctx, as_of: Date) -> Result<String, Fail> {
    let next = qgx_core::next_due(as_of, &ctx.ruleset);
    if ctx.format_or(Format::Json) == Format::Json {
        return json(&next);
    }
    Ok(match next {
        None => format!(
            "{as_of}: {}\n",
            t(
                ctx,
                "所有年度报告均已过截止日期",
                "every report is past due"
            )
        ),
        Some(n) => match ctx.lang {
            Lang::Zh => format!(
                "{as_of}: 下一份为第{}年度报告，{} 开放提交，{} 截止，还剩 {} 天\n",
                n.year, n.window_opens, n.due, n.days_left
            ),
            Lang::En => format!(
                "{as_of}: next is the year-{} report, window opens {}, due {}, {} days left\n",
                n.year, n.window_opens, n.due, n.days_left
            ),
        },
    })
}

/// `qgx schema [NAME]`.
pub fn schema(name: Option<&str>) -> Result<String, Fail> {
    match name {
        None => Ok(qgx_core::SCHEMA_NAMES.join("\n") + "\n"),
        Some(name) => {
            let s = qgx_core::schema(name).map_err(|e| Fail::new(e.message().to_owned()))?;
            json(&s)
        }
    }
}

/// `qgx ruleset [--hash]`.
pub fn ruleset(ctx: &Ctx, hash: bool) -> Result<String, Fail> {
    if hash {
        return Ok(format!("{}\n", ctx.ruleset.hash()));
    }
    json(&ctx.ruleset.to_value())
}
