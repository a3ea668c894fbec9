//! The law: the notice's clauses as functions, one module per clause family. Every clause's
//! function has a doc comment that starts with its ID (`R-…`), the notice's paragraph and its
//! 原文, so that a search for the ID finds its one home.
//!
//! - [`application`]: one application on its own — R-ELIG, R-PLAN (its plan), R-ENDORSE,
//!   R-ROUTE, R-CLAIM, R-EXEMPT, R-PRIORITY (§4.1–4.8);
//! - [`select`]: the selection over all applications — R-DUP, R-ROUTE (`no_province_config`),
//!   R-QUOTA, R-NATIONAL, R-PROVINCIAL, R-DEADLINE, R-MANDATORY (§4.5–4.11);
//! - [`plan`]: the action plan — R-PLAN (§4.2) and the plan score;
//! - [`cycle`]: the three-year cycle and report timing — R-CYCLE, R-ANNUAL (§4.12);
//! - [`report`]: the annual report — R-ANNUAL, R-TASK-1..4 (§4.13);
//! - [`score`]: the report score — R-SCORE (§4.14);
//! - [`summary`]: the cycle summary and typical-case shortlists — R-SUMMARY (§4.15);
//! - [`why`]: what would change an answer (fixes, score gains, why not recommended).

pub(crate) mod application;
pub(crate) mod cycle;
pub(crate) mod plan;
pub(crate) mod report;
pub(crate) mod score;
pub(crate) mod select;
pub(crate) mod summary;
pub(crate) mod why;
