//! The one catalog of finding codes: severity and the Chinese and English message of each.
//!
//! Messages may interpolate values with `{name}` placeholders; the code never changes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A message in Chinese (primary) and English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

/// How much a finding weighs: `error` blocks, `warning` is noted and may remove a benefit,
/// `info` is context.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

macro_rules! catalog {
    ($($variant:ident = $wire:literal, $sev:ident, $zh:literal, $en:literal;)+) => {
        /// A finding code (snake_case on the wire).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum Code {
            $(#[doc = $en] $variant,)+
        }

        impl Code {
            /// Every code in the catalog.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $wire,)+ }
            }

            /// The severity every finding of this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)+ }
            }

            /// The message templates `(zh, en)`, with `{name}` placeholders.
            pub fn templates(self) -> (&'static str, &'static str) {
                match self { $(Code::$variant => ($zh, $en),)+ }
            }
        }
    };
}

catalog! {
    // R-ELIG
    NotHigherEducation = "not_higher_education", Error,
        "申报人所在单位不是高等学校，不符合参加条件。",
        "The institution is not a higher-education institution, so the applicant is not eligible.";
    NotTeacherBranch = "not_teacher_branch", Error,
        "所在党支部类型为「{kind}」，不在可参加的支部类型（{allowed}）之列。",
        "The branch kind `{kind_en}` is not one of the eligible kinds ({allowed_en}).";
    NotSecretary = "not_secretary", Error,
        "申报人在支部中的职务为「{role}」，只有党支部书记可以参加。",
        "The applicant's role is `{role_en}`; only branch secretaries may take part.";
    NotDualLeader = "not_dual_leader", Error,
        "申报人不是\"双带头人\"教师党支部书记。",
        "The applicant is not a \"dual-leader\" branch secretary.";
    BadInstitutionCode = "bad_institution_code", Error,
        "学校标识码「{code}」无效：应为10位数字，且第3–4位为省份代码（兵团高校为65）。",
        "The institution code `{code}` is invalid: it must be 10 digits whose digits 3–4 are a province code (65 for a Corps institution).";
    // R-PLAN
    PlanMissing = "plan_missing", Error,
        "未提交《专项行动计划书》。",
        "No action plan was submitted.";
    ObjectiveMissing = "objective_missing", Error,
        "计划书未填写「{task}」任务的目标。",
        "The plan gives no objective for the task `{task_en}`.";
    FormNotAllowed = "form_not_allowed", Error,
        "「{form}」不是「{task}」任务的开展方式。",
        "`{form_en}` is not a form of the task `{task_en}`.";
    PartnerNotAllowed = "partner_not_allowed", Error,
        "「{partner}」不是「{task}」任务的联建或服务对象。",
        "`{partner_en}` is not a partner kind of the task `{task_en}`.";
    OtherWithoutNote = "other_without_note", Error,
        "选择「其他」时须在备注中说明。",
        "`other` needs a note saying what it is.";
    YearOutOfRange = "year_out_of_range", Error,
        "年度 {year} 超出专项行动周期（第1至{years}年）。",
        "Year {year} is outside the cycle (years 1 to {years}).";
    PlanTaskNotCovered = "plan_task_not_covered", Error,
        "计划书中「{task}」任务的有效活动为 {count} 项，至少需要 {min} 项。",
        "The plan has {count} valid activities for the task `{task_en}` and needs at least {min}.";
    OutputNotAllowed = "output_not_allowed", Warning,
        "「{output}」不是「{task}」任务鼓励形成的成果。",
        "`{output_en}` is not an encouraged output of the task `{task_en}`.";
    OutputWithoutNote = "output_without_note", Warning,
        "成果类型为「其他」时须在备注中说明。",
        "An output of kind `other` needs a note saying what it is.";
    OutputYearOutOfRange = "output_year_out_of_range", Warning,
        "成果计划年度 {year} 超出专项行动周期（第1至{years}年）。",
        "The output is planned for year {year}, outside the cycle (years 1 to {years}).";
    MilestoneMissing = "milestone_missing", Error,
        "计划书未填写第{year}年的阶段目标。",
        "The plan gives no milestone for year {year}.";
    // R-ENDORSE
    NotEndorsed = "not_endorsed", Error,
        "学校党委审核未通过。",
        "The university party committee rejected the application.";
    ReviewPending = "review_pending", Error,
        "尚待学校党委审核把关。",
        "The university party committee has not yet approved the application.";
    // R-ROUTE
    Misrouted = "misrouted", Error,
        "申报报送至{province}，但学校所在地为{expected}，应报送属地省级党委教育工作部门。",
        "Submitted to {province_en}, but the institution is in {expected_en}: it must go to the province where the university is.";
    NoProvinceConfig = "no_province_config", Error,
        "本次遴选没有{province}的名额设置，无法在该省参加遴选。",
        "The selection has no settings for {province_en}, so the application cannot be considered there.";
    // R-DUP
    DuplicatePerson = "duplicate_person", Error,
        "同一人（{person}）已有申报 {kept}，每人只能申报一次。",
        "The same person ({person}) already applied as {kept}; one person, one application.";
    // R-QUOTA
    MeritFromPlanScore = "merit_from_plan_score", Info,
        "省级党委教育工作部门未给出择优评分，按计划书评分 {merit} 排序。",
        "The province gave no merit score: ranked on the plan score, {merit}.";
    TieAtCutLine = "tie_at_cut_line", Warning,
        "{line}上出现并列：线内 {inside} 与线外 {outside} 的排序层级和择优分（{merit}）相同，仅按申报编号排序，需由省级党委教育工作部门择优确定。",
        "A tie at {line_en}: {inside_en} (in) and {outside_en} (out) have the same tier and merit ({merit}); only the application id ordered them, so the province must decide.";
    NotForwarded = "not_forwarded", Info,
        "超出本校推荐名额（{quota}名），未报送全国团队推荐，仍参加省级团队遴选。",
        "Beyond the university's quota of {quota}: not forwarded for the national team, still a provincial-team candidate.";
    // R-CLAIM
    UnverifiedStudioClaim = "unverified_studio_claim", Warning,
        "申报的全国\"双带头人\"工作室（第{batch}批）与官方名单不符：{listed}；以名单为准。",
        "The declared national studio (batch {batch}) does not match the official list: {listed_en}; the list applies.";
    UnverifiedHonorClaim = "unverified_honor_claim", Warning,
        "申报的全国党建工作样板支部称号（第{batch}批）与官方名单不符：{listed}；以名单为准。",
        "The declared national branch honour (batch {batch}) does not match the official list: {listed_en}; the list applies.";
    StudioFromRegistry = "studio_from_registry", Info,
        "申报表未填写，但官方名单列有该申报人的全国\"双带头人\"工作室（第{batch}批，{status}），按名单认定。",
        "The application declares no national studio, but the official list has one (batch {batch}, {status_en}): the list applies.";
    HonorFromRegistry = "honor_from_registry", Info,
        "申报表未填写，但官方名单列有该支部的全国党建工作样板支部称号（第{batch}批，{status}），按名单认定。",
        "The application declares no national branch honour, but the official list has one (batch {batch}, {status_en}): the list applies.";
    ClaimNotVerified = "claim_not_verified", Info,
        "未提供{list}名单，按申报信息认定。",
        "No official {list_en} list was given: the claim is taken as declared.";
    // R-MANDATORY
    MandatoryMissing = "mandatory_missing", Warning,
        "第三批全国\"双带头人\"工作室建设对象 {person} 须参加专项行动，但未见其申报。",
        "{person}, a third-batch national studio under construction, must take part but has not applied.";
    MandatoryNotParticipating = "mandatory_not_participating", Warning,
        "第三批全国\"双带头人\"工作室建设对象 {person} 须参加专项行动，但其申报 {application} 的结果为「{outcome}」，未参加。",
        "{person}, a third-batch national studio under construction, must take part, but application {application} ended as `{outcome_en}`: not taking part.";
    // R-NATIONAL
    DecisionNotApplicable = "decision_not_applicable", Warning,
        "专项行动办对该申报作出了备案审核决定（{decision}），但该申报未被推荐，决定不适用。",
        "The office recorded a decision ({decision_en}) for this application, but it was not recommended: the decision does not apply.";
    // R-PROVINCIAL
    ProvincialProvisional = "provincial_provisional", Info,
        "尚有 {pending} 名推荐人选待专项行动办备案审核，省级团队名单可能随之变化。",
        "Recommendations still awaiting the office's review: {pending}; the provincial team may still change.";
    // R-DEADLINE
    LateList = "late_list", Warning,
        "推荐名单于 {date} 报送，未在规定期限（{deadline}）内报送。",
        "The recommendation list was sent on {date}, outside the deadline ({deadline_en}).";
    ListTimeUnknown = "list_time_unknown", Info,
        "未提供推荐名单报送时间，无法核对是否在规定期限内报送。",
        "The list's sending time was not given: the deadline could not be checked.";
    // R-ANNUAL
    SubmittedEarly = "submitted_early", Warning,
        "第{year}年开展情况于 {date} 提交，早于提交窗口（{opens} 起）。",
        "The year-{year} report was submitted on {date}, before its window opens ({opens}).";
    SubmittedLate = "submitted_late", Warning,
        "第{year}年开展情况于 {date} 提交，晚于截止日期 {due}。",
        "The year-{year} report was submitted on {date}, after it was due ({due}).";
    TaskNotCovered = "task_not_covered", Error,
        "「{task}」任务的有效活动为 {count} 项，至少需要 {min} 项。",
        "The task `{task_en}` has {count} valid activities and needs at least {min}.";
    DateOutsidePeriod = "date_outside_period", Error,
        "活动日期 {date} 不在第{year}年周期（{start} 至 {end}）内。",
        "The activity date {date} is outside cycle year {year} ({start} to {end}).";
    NoParticipants = "no_participants", Error,
        "参与师生人数为0。",
        "No teachers or students took part.";
    DescriptionTooShort = "description_too_short", Error,
        "活动情况描述为 {count} 字，至少需要 {min} 字。",
        "The description has {count} characters and needs at least {min}.";
    NoEvidence = "no_evidence", Error,
        "未提供佐证材料。",
        "No evidence was given.";
    SummaryMissing = "summary_missing", Error,
        "未填写年度开展情况总结。",
        "The report has no summary.";
    // R-SUMMARY
    ReportSuperseded = "report_superseded", Info,
        "第{year}年开展情况另有后来的报告，{report}不计入总结。",
        "A later year-{year} report replaces {report_en}: it does not count in the summary.";
    BadCycleYear = "bad_cycle_year", Error,
        "周期年度 {year} 无效，应为第1至{years}年。",
        "Cycle year {year} is invalid: it must be 1 to {years}.";
}

impl Code {
    /// A short Chinese label, for summaries and tables (the full message is [`Code::message`]).
    pub fn label_zh(self) -> &'static str {
        match self {
            Code::NotHigherEducation => "非高等学校",
            Code::NotTeacherBranch => "非教师党支部",
            Code::NotSecretary => "非党支部书记",
            Code::NotDualLeader => "非\"双带头人\"",
            Code::BadInstitutionCode => "学校标识码无效",
            Code::PlanMissing => "未交计划书",
            Code::ObjectiveMissing => "任务目标缺失",
            Code::FormNotAllowed => "开展方式不符",
            Code::PartnerNotAllowed => "联建对象不符",
            Code::OtherWithoutNote => "\"其他\"未说明",
            Code::YearOutOfRange => "年度超出周期",
            Code::PlanTaskNotCovered => "计划任务未覆盖",
            Code::OutputNotAllowed => "成果类型不符",
            Code::OutputWithoutNote => "\"其他\"成果未说明",
            Code::OutputYearOutOfRange => "成果年度超出周期",
            Code::MilestoneMissing => "阶段目标缺失",
            Code::NotEndorsed => "学校党委审核未通过",
            Code::ReviewPending => "待学校党委审核",
            Code::Misrouted => "报送省份有误",
            Code::NoProvinceConfig => "无该省名额设置",
            Code::DuplicatePerson => "重复申报",
            Code::MeritFromPlanScore => "按计划书评分排序",
            Code::TieAtCutLine => "名额线并列",
            Code::NotForwarded => "超出学校推荐名额",
            Code::UnverifiedStudioClaim => "工作室与名单不符",
            Code::UnverifiedHonorClaim => "样板支部与名单不符",
            Code::StudioFromRegistry => "名单认定工作室",
            Code::HonorFromRegistry => "名单认定样板支部",
            Code::ClaimNotVerified => "未核对名单",
            Code::MandatoryMissing => "应参加未申报",
            Code::MandatoryNotParticipating => "应参加未参加",
            Code::DecisionNotApplicable => "备案决定不适用",
            Code::ProvincialProvisional => "省级团队待定",
            Code::LateList => "名单逾期报送",
            Code::ListTimeUnknown => "报送时间未知",
            Code::SubmittedEarly => "提前提交",
            Code::SubmittedLate => "逾期提交",
            Code::TaskNotCovered => "任务未覆盖",
            Code::DateOutsidePeriod => "日期超出年度",
            Code::NoParticipants => "无参与师生",
            Code::DescriptionTooShort => "情况描述过短",
            Code::NoEvidence => "无佐证材料",
            Code::SummaryMissing => "未填总结",
            Code::BadCycleYear => "周期年度无效",
            Code::ReportSuperseded => "报告已被替代",
        }
    }

    /// The message, with each `{name}` placeholder replaced by its value in `args`.
    pub fn message(self, args: &[(&str, &str)]) -> Message {
        let (zh, en) = self.templates();
        Message {
            zh: render(zh, args),
            en: render(en, args),
        }
    }
}

pub(crate) fn render(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let after = after.get(1..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or("");
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One catalog entry, as data (for documentation and the bindings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CatalogEntry {
    pub code: Code,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
}

/// The whole catalog, as data.
pub fn catalog() -> Vec<CatalogEntry> {
    Code::ALL
        .iter()
        .map(|c| {
            let (zh, en) = c.templates();
            CatalogEntry {
                code: *c,
                severity: c.severity(),
                zh: zh.to_owned(),
                en: en.to_owned(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde() {
        for c in Code::ALL {
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(c.as_str().to_owned())
            );
        }
    }

    #[test]
    fn placeholders_render() {
        let m = Code::LateList.message(&[
            ("date", "2024-08-03"),
            ("deadline", "2024-08-02 当日及之前"),
            ("deadline_en", "on or before 2024-08-02"),
        ]);
        assert_eq!(
            m.zh,
            "推荐名单于 2024-08-03 报送，未在规定期限（2024-08-02 当日及之前）内报送。"
        );
        assert_eq!(
            m.en,
            "The recommendation list was sent on 2024-08-03, outside the deadline (on or before 2024-08-02)."
        );
        // A missing argument stays visible rather than vanishing.
        assert_eq!(render("a {x} b {", &[]), "a {x} b {");
    }

    #[test]
    fn every_message_is_bilingual_and_every_placeholder_is_shared() {
        for c in Code::ALL {
            let (zh, en) = c.templates();
            assert!(!zh.is_empty() && !en.is_empty(), "{c:?}");
            assert!(
                zh.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{c:?}"
            );
        }
    }
}
