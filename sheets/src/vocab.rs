//! The one table of enumerated values a cell may hold: each wire name of RULES.md §2 beside
//! the Chinese label people write. Built from the core's own labels (`label_zh`, province names)
//! wherever the core makes them public; the few it does not (the university's and the office's
//! decisions, yes/no, severities, report states) are kept here, and only here.

use qgx_core::{
    BranchKind, Form, HonorStatus, Level, OutputKind, PartnerKind, Province, Role, Severity,
    StudioStatus, Task,
};
use qgx_core::{Outcome, ReportState};

/// Which enumeration a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enumeration {
    BranchKind,
    Role,
    Level,
    StudioStatus,
    HonorStatus,
    ReviewDecision,
    OfficeDecision,
    Task,
    Form,
    PartnerKind,
    OutputKind,
    Province,
    Bool,
}

/// One allowed value: the wire name (what the JSON holds) and the Chinese label (what the
/// drop-down offers), with any further spellings accepted on reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub wire: String,
    pub zh: String,
    pub aliases: &'static [&'static str],
}

fn from_core<T: Copy>(
    all: &[T],
    wire: impl Fn(T) -> &'static str,
    zh: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            wire: wire(*v).to_owned(),
            zh: zh(*v).to_owned(),
            aliases: &[],
        })
        .collect()
}

fn local(rows: &[(&str, &str, &'static [&'static str])]) -> Vec<Choice> {
    rows.iter()
        .map(|(wire, zh, aliases)| Choice {
            wire: (*wire).to_owned(),
            zh: (*zh).to_owned(),
            aliases,
        })
        .collect()
}

impl Enumeration {
    /// Every allowed value, in the core's declaration order.
    pub fn choices(self) -> Vec<Choice> {
        match self {
            Enumeration::BranchKind => {
                from_core(BranchKind::ALL, BranchKind::as_str, BranchKind::label_zh)
            }
            Enumeration::Role => from_core(Role::ALL, Role::as_str, Role::label_zh),
            Enumeration::Level => from_core(Level::ALL, Level::as_str, Level::label_zh),
            Enumeration::StudioStatus => from_core(
                StudioStatus::ALL,
                StudioStatus::as_str,
                StudioStatus::label_zh,
            ),
            Enumeration::HonorStatus => {
                from_core(HonorStatus::ALL, HonorStatus::as_str, HonorStatus::label_zh)
            }
            Enumeration::Task => from_core(Task::ALL, Task::as_str, Task::label_zh),
            Enumeration::Form => from_core(Form::ALL, Form::as_str, Form::label_zh),
            Enumeration::PartnerKind => {
                from_core(PartnerKind::ALL, PartnerKind::as_str, PartnerKind::label_zh)
            }
            Enumeration::OutputKind => {
                from_core(OutputKind::ALL, OutputKind::as_str, OutputKind::label_zh)
            }
            Enumeration::Province => Province::all()
                .map(|p| Choice {
                    wire: p.code().to_owned(),
                    zh: p.name_zh().to_owned(),
                    aliases: &[],
                })
                .collect(),
            // Not public in the core: kept here.
            Enumeration::ReviewDecision => local(&[
                ("approved", "已通过", &["通过", "同意"]),
                ("rejected", "未通过", &["不通过", "不同意"]),
                ("pending", "待审核", &["审核中"]),
            ]),
            Enumeration::OfficeDecision => local(&[
                ("approved", "已通过", &["通过", "备案审核通过"]),
                ("rejected", "未通过", &["不通过", "备案审核未通过"]),
            ]),
            Enumeration::Bool => local(&[
                (
                    "true",
                    "是",
                    &["TRUE", "True", "1", "yes", "Yes", "y", "Y", "√"],
                ),
                (
                    "false",
                    "否",
                    &["FALSE", "False", "0", "no", "No", "n", "N", "×"],
                ),
            ]),
        }
    }

    /// The wire name for what a cell says: a wire name, a Chinese label or an alias (after
    /// trimming). `None` when it is none of them.
    pub fn parse(self, text: &str) -> Option<String> {
        let text = text.trim();
        self.choices()
            .into_iter()
            .find(|c| c.wire == text || c.zh == text || c.aliases.contains(&text))
            .map(|c| c.wire)
    }

    /// The Chinese label of a wire name (the wire name itself when unknown).
    pub fn label(self, wire: &str) -> String {
        self.choices()
            .into_iter()
            .find(|c| c.wire == wire)
            .map_or_else(|| wire.to_owned(), |c| c.zh)
    }

    /// What the column expects, for messages: `教师党支部, 师生联合党支部, … (or teacher, …)`.
    pub fn expected(self) -> String {
        let choices = self.choices();
        let zh: Vec<&str> = choices.iter().map(|c| c.zh.as_str()).collect();
        let wire: Vec<&str> = choices.iter().map(|c| c.wire.as_str()).collect();
        format!("one of {} (or {})", zh.join(", "), wire.join(", "))
    }
}

/// A batch (`批次`) as people write it: `3`, `第3批`, `第三批`, `三`.
pub fn parse_batch(text: &str) -> Option<i64> {
    let t = text.trim();
    let t = t.strip_prefix('第').unwrap_or(t);
    let t = t.strip_suffix('批').unwrap_or(t).trim();
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    chinese_number(t)
}

/// `一` … `九十九` (what a batch or a year is written as).
fn chinese_number(t: &str) -> Option<i64> {
    const DIGITS: &[char] = &['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |c: char| {
        DIGITS
            .iter()
            .position(|d| *d == c)
            .and_then(|i| i64::try_from(i).ok())
    };
    let chars: Vec<char> = t.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => digit(*u).map(|u| 10 + u),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

/// `第三批` for a batch number (what the result sheets show).
pub fn batch_label(n: i64) -> String {
    format!("第{n}批")
}

/// The Chinese name of a severity.
pub fn severity_zh(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// The Chinese name of a report's state (§4.12).
pub fn report_state_zh(s: ReportState) -> &'static str {
    match s {
        ReportState::NotDue => "未到报送期",
        ReportState::Open => "报送期内，未提交",
        ReportState::SubmittedOnTime => "按时提交",
        ReportState::SubmittedEarly => "提前提交",
        ReportState::SubmittedLate => "逾期提交",
        ReportState::Overdue => "逾期未交",
    }
}

/// The Chinese label of an outcome (the core's).
pub fn outcome_zh(o: Outcome) -> &'static str {
    o.label_zh()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Enumeration] = &[
        Enumeration::BranchKind,
        Enumeration::Role,
        Enumeration::Level,
        Enumeration::StudioStatus,
        Enumeration::HonorStatus,
        Enumeration::ReviewDecision,
        Enumeration::OfficeDecision,
        Enumeration::Task,
        Enumeration::Form,
        Enumeration::PartnerKind,
        Enumeration::OutputKind,
        Enumeration::Province,
        Enumeration::Bool,
    ];

    #[test]
    fn every_label_and_alias_names_one_value() {
        for e in ALL {
            let choices = e.choices();
            let mut seen = std::collections::BTreeSet::new();
            for c in &choices {
                for s in std::iter::once(c.wire.as_str())
                    .chain(std::iter::once(c.zh.as_str()))
                    .chain(c.aliases.iter().copied())
                {
                    assert_eq!(e.parse(s).as_deref(), Some(c.wire.as_str()), "{e:?} {s}");
                }
                assert!(seen.insert(c.zh.clone()), "{e:?}: {} twice", c.zh);
            }
        }
    }

    #[test]
    fn the_issue_s_examples() {
        assert_eq!(
            Enumeration::BranchKind.parse("教师党支部").as_deref(),
            Some("teacher")
        );
        assert_eq!(
            Enumeration::Role.parse(" 书记 ").as_deref(),
            Some("secretary")
        );
        assert_eq!(
            Enumeration::ReviewDecision.parse("已通过").as_deref(),
            Some("approved")
        );
        assert_eq!(
            Enumeration::StudioStatus.parse("建设对象").as_deref(),
            Some("construction")
        );
        assert_eq!(Enumeration::Province.parse("北京市").as_deref(), Some("11"));
        assert_eq!(
            Enumeration::Province.parse("新疆生产建设兵团").as_deref(),
            Some("66")
        );
        assert_eq!(Enumeration::Role.parse("教授"), None);
        assert_eq!(parse_batch("第三批"), Some(3));
        assert_eq!(parse_batch("第3批"), Some(3));
        assert_eq!(parse_batch("4"), Some(4));
        assert_eq!(parse_batch("十二"), Some(12));
        assert_eq!(parse_batch("二十"), Some(20));
        assert_eq!(parse_batch("第几批"), None);
    }
}
