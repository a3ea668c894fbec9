//! `qgx-demo`: a deterministic national demo dataset for the 强国行 rules engine.
//!
//! About 5,000 applications from the 2,631 real institutions of
//! `examples/data/institutions.csv`, across all 31 provinces and 新疆生产建设兵团 (`"66"`, whose five
//! institutions apply with `institution.corps`) in proportion to their institutions; one
//! ProvinceConfig for each (a few without a provincial quota yet, or without the list's sending
//! time); the official lists (registry), which some applicants are on without declaring it; the
//! office's decisions halfway through its review (most approved, a few rejected, some lists and
//! applications not yet reviewed); and the annual reports of the team members (national and
//! provincial teams, the [`DemoData::participants`]) for cycle years 1 and 2, the years due at
//! [`DEFAULT_AS_OF`]: some late, some missing, some resubmitted, a few left as drafts, and a tenth
//! of the members with work rich enough to be typical-case candidates (R-SUMMARY). Most of it
//! is valid; a few percent of each kind of gap and error of RULES.md §4 is planted, so that a
//! selection, a report check and a cycle summary show every outcome and finding.
//!
//! Everything comes from a fixed seed through a small SplitMix64 generator: no clock, no I/O,
//! the same bytes on every call and every machine.
//!
//! ```
//! let data = qgx_demo::dataset();
//! assert_eq!(data.selection.applications.len(), 5_000);
//! let result = qgx_core::select(&data.selection, &qgx_core::Ruleset::edition_2024()).unwrap();
//! assert!(result.provinces.iter().any(|p| p.late));
//! ```
#![warn(missing_docs)]

mod applications;
mod calendar;
mod institutions;
mod plan;
mod provinces;
mod registry;
mod reports;
mod rng;
mod text;

use std::collections::BTreeMap;

use qgx_core::{
    AnnualReport, ApplicationResult, Level, OfficeDecision, Outcome, Participant, Ruleset,
    SelectionInput, SelectionResult, StudioStatus, SummaryInput,
};

pub use institutions::Institution;

use applications::Draft;
use rng::Rng;

/// The seed of [`dataset`].
pub const DEFAULT_SEED: u64 = 0x5147_5820_2024_0802;

/// How many applications [`dataset`] has.
pub const DEFAULT_APPLICATIONS: usize = 5_000;

/// The demo's "today" (the engine has no clock): years 1 and 2 of the cycle are due, year 3
/// is not. The selection does not depend on it.
pub const DEFAULT_AS_OF: &str = "2026-09-30";

/// How many recommended applications the office rejects (besides one batch-3 construction
/// studio).
const OFFICE_REJECTIONS: usize = 6;

/// Provinces whose lists the office has not reviewed yet (the two late ones among them): all
/// their recommendations are pending (`recommended`).
const UNREVIEWED_PROVINCES: &[&str] = &["45", "53", "62"];

/// Of the other recommendations, how many (per mille) still await the office (materials asked
/// for): `recommended`.
const PENDING_PER_MILLE: u32 = 40;

/// The demo dataset: a selection input and annual reports.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    /// Applications, one ProvinceConfig per province, the registry and the office's decisions.
    pub selection: SelectionInput,
    /// Annual reports of team members (years 1 and 2), in application-id order, then year.
    pub reports: Vec<AnnualReport>,
    /// The team members (national and provincial teams), with their province and person, in
    /// application-id order: the participants of the cycle summary.
    pub participants: Vec<Participant>,
}

impl DemoData {
    /// The Summary input (R-SUMMARY) of the dataset: its reports and participants.
    pub fn summary_input(&self) -> SummaryInput {
        SummaryInput {
            reports: self.reports.clone(),
            participants: self.participants.clone(),
            ruleset: None,
        }
    }
}

/// What the generator planted, by name (counts), for narration and tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planted {
    /// Problems planted in applications (an application may carry two), e.g.
    /// `review_pending`, `plan_blank_objective`, `misrouted`.
    pub applications: BTreeMap<&'static str, usize>,
    /// Second applications by someone who already applied (R-DUP).
    pub second_applications: usize,
    /// How the registry treats claims, and who is on it without applying, e.g.
    /// `studio_not_listed`, `studio_never_applied_construction`, `honour_listed_other_name`.
    pub registry: BTreeMap<&'static str, usize>,
    /// Province lists planted off 1 August: `(province, list_submitted_at)`.
    pub lists: Vec<(&'static str, &'static str)>,
    /// The office's decisions that reject a recommended application.
    pub office_rejections: usize,
    /// The office's decisions that approve a recommended application.
    pub office_approvals: usize,
    /// Office decisions for applications that were not recommended.
    pub office_not_applicable: usize,
    /// Problems planted in reports, e.g. `date_outside_period`, `missing_task`.
    pub report_problems: BTreeMap<&'static str, usize>,
    /// What became of each member's report for each year, e.g. `on_time`, `late`, `draft`,
    /// `missing` (no report), `resubmission` (a first version superseded by a later one),
    /// `draft_beside` (a draft left beside the report sent), `late_in_beijing`.
    pub report_timings: BTreeMap<&'static str, usize>,
    /// Members whose reports are rich (more forms, people and outputs).
    pub rich_reporters: usize,
}

/// A generated dataset with what was planted in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The dataset.
    pub data: DemoData,
    /// What was planted.
    pub planted: Planted,
}

/// The demo dataset: [`DEFAULT_APPLICATIONS`] applications from [`DEFAULT_SEED`].
pub fn dataset() -> DemoData {
    dataset_with(DEFAULT_SEED, DEFAULT_APPLICATIONS)
}

/// A dataset of about `applications` applications from `seed` (the same for the same
/// arguments).
pub fn dataset_with(seed: u64, applications: usize) -> DemoData {
    generate(seed, applications).data
}

/// The institutions the dataset is drawn from (the embedded public list), in file order.
pub fn institutions() -> Vec<Institution> {
    institutions::all()
}

fn is_construction_studio(d: &Draft) -> bool {
    d.app.studio.as_ref().is_some_and(|s| {
        s.level == Level::National
            && s.batch == Some(3)
            && s.status == Some(StudioStatus::Construction)
    })
}

/// The office's decisions (备案审核), mid-process: the lists of [`UNREVIEWED_PROVINCES`] and a few
/// other recommendations await review; one recommended batch-3 construction studio (which then
/// takes part through the provincial step: R-MANDATORY) and [`OFFICE_REJECTIONS`] others are
/// rejected, another construction studio is left pending; the rest are approved. Two decisions
/// concern applications that were not recommended (`decision_not_applicable`): an approval
/// recorded for a person's superseded first application, and a rejection for the first
/// candidate left out at a national line.
fn office_decisions(
    seed: u64,
    result: &SelectionResult,
    drafts: &BTreeMap<&str, &Draft>,
) -> BTreeMap<String, OfficeDecision> {
    let mut rng = Rng::new(seed, 0x4F46_4649);
    let reviewed = |a: &ApplicationResult| !UNREVIEWED_PROVINCES.contains(&a.province.code());
    let recommended: Vec<&ApplicationResult> = result
        .applications
        .iter()
        .filter(|a| a.recommended && reviewed(a))
        .collect();
    // Construction studios by rank (best first): the one rejected should still make its
    // provincial team.
    let mut construction: Vec<&ApplicationResult> = recommended
        .iter()
        .copied()
        .filter(|a| {
            a.quota_exempt
                && drafts
                    .get(a.id.as_str())
                    .is_some_and(|d| is_construction_studio(d))
        })
        .collect();
    construction.sort_by_key(|a| (a.rank, a.id.as_str()));
    let mut others: Vec<&ApplicationResult> = recommended
        .iter()
        .copied()
        .filter(|a| !a.quota_exempt)
        .collect();
    rng.shuffle(&mut others);
    let mut decisions: BTreeMap<String, OfficeDecision> = BTreeMap::new();
    let rejected = construction
        .first()
        .into_iter()
        .chain(others.iter().take(OFFICE_REJECTIONS));
    for a in rejected {
        decisions.insert(a.id.clone(), OfficeDecision::Rejected);
    }
    // A second construction studio is still pending; so are a few others.
    let withheld = construction.get(1).map(|a| a.id.as_str());
    for a in &recommended {
        if decisions.contains_key(&a.id) || Some(a.id.as_str()) == withheld {
            continue;
        }
        if !rng.chance(PENDING_PER_MILLE) {
            decisions.insert(a.id.clone(), OfficeDecision::Approved);
        }
    }
    // Decisions that do not apply: a superseded application, a candidate left out.
    let superseded = result.applications.iter().find(|a| {
        a.outcome == Outcome::Duplicate && drafts.get(a.id.as_str()).is_some_and(|d| !d.second)
    });
    if let Some(a) = superseded {
        decisions.insert(a.id.clone(), OfficeDecision::Approved);
    }
    let left_out = result
        .provinces
        .iter()
        .filter(|p| !UNREVIEWED_PROVINCES.contains(&p.province.code()))
        .find_map(|p| p.cut_line.first_out.as_ref());
    if let Some(e) = left_out {
        decisions.insert(e.id.clone(), OfficeDecision::Rejected);
    }
    decisions
}

/// The team members (national and provincial teams), in id order: they report (or are
/// missing their reports).
fn team_members<'a>(
    result: Option<&SelectionResult>,
    drafts: &'a [Draft],
    by_id: &BTreeMap<&str, &'a Draft>,
) -> Vec<&'a Draft> {
    let mut members: Vec<&'a Draft> = match result {
        Some(r) => r
            .applications
            .iter()
            .filter(|a| matches!(a.outcome, Outcome::NationalTeam | Outcome::ProvincialTeam))
            .filter_map(|a| by_id.get(a.id.as_str()).copied())
            .collect(),
        None => drafts
            .iter()
            .filter(|d| d.plants.is_empty() && !d.second)
            .collect(),
    };
    members.sort_by(|a, b| a.app.id.cmp(&b.app.id));
    members
}

fn tally_plants(drafts: &[Draft]) -> BTreeMap<&'static str, usize> {
    let mut t = BTreeMap::new();
    for p in drafts.iter().flat_map(|d| d.plants.iter()) {
        *t.entry(p.name()).or_default() += 1;
    }
    t
}

/// Plants a tie at one university's quota line (`tie_at_cut_line` at `/university_quotas/…`):
/// at the first university (by code) whose quota holds a candidate back, the first one held
/// back gets the merit of the last one forwarded, when both have the same priority.
fn plant_university_tie(selection: &mut SelectionInput, ruleset: &Ruleset) {
    /// One side of a university's line: rank, id, merit, priority.
    type Side<'a> = (u32, &'a str, f64, bool);
    let Ok(result) = qgx_core::select(selection, ruleset) else {
        return;
    };
    let code_of: BTreeMap<&str, &str> = selection
        .applications
        .iter()
        .map(|a| (a.id.as_str(), a.institution.code.as_str()))
        .collect();
    let held = |a: &qgx_core::ApplicationResult| {
        a.findings
            .iter()
            .any(|f| f.code == qgx_core::Code::NotForwarded)
    };
    // (code, last forwarded, first held back), each as (rank, id, merit, priority).
    let mut lines: BTreeMap<&str, (Option<Side<'_>>, Option<Side<'_>>)> = BTreeMap::new();
    for a in &result.applications {
        let (Some(rank), Some(code)) = (a.rank, code_of.get(a.id.as_str())) else {
            continue;
        };
        if a.quota_exempt {
            continue;
        }
        let entry = (rank, a.id.as_str(), a.merit, a.priority);
        let line = lines.entry(code).or_default();
        if held(a) {
            if line.1.is_none_or(|x| rank < x.0) {
                line.1 = Some(entry);
            }
        } else if line.0.is_none_or(|x| rank > x.0) {
            line.0 = Some(entry);
        }
    }
    let pick = lines.values().find_map(|line| match line {
        (Some(last_in), Some(first_out)) if last_in.3 == first_out.3 => {
            Some((first_out.1.to_owned(), last_in.2))
        }
        _ => None,
    });
    if let Some((id, merit)) = pick {
        if let Some(a) = selection.applications.iter_mut().find(|a| a.id == id) {
            a.merit_score = Some(merit);
        }
    }
}

/// Generates a dataset of about `applications` applications from `seed`, with what was
/// planted in it.
///
/// Runs the engine's selection twice (once to choose which recommended applications the office
/// rejects, once to find the team members who report), with the 2024 edition.
pub fn generate(seed: u64, applications: usize) -> Generated {
    let institutions = institutions::all();
    let (drafts, next_person) = applications::generate(seed, applications, &institutions);
    let provinces = provinces::configs(seed, &drafts);
    let (registry, registry_tally) = registry::build(seed, &drafts, &institutions, next_person);
    let mut selection = SelectionInput {
        applications: drafts.iter().map(|d| d.app.clone()).collect(),
        provinces,
        registry: Some(registry),
        office_decisions: BTreeMap::new(),
        ruleset: None,
    };
    let by_id: BTreeMap<&str, &Draft> = drafts.iter().map(|d| (d.app.id.as_str(), d)).collect();
    let ruleset = Ruleset::edition_2024();
    plant_university_tie(&mut selection, &ruleset);
    // (approved, rejected, not applicable) among the office's decisions.
    let mut tally = (0, 0, 0);
    if let Ok(first) = qgx_core::select(&selection, &ruleset) {
        selection.office_decisions = office_decisions(seed, &first, &by_id);
        let recommended = qgx_core::recommended_ids(&first);
        for (id, d) in &selection.office_decisions {
            match (recommended.contains(id.as_str()), d) {
                (false, _) => tally.2 += 1,
                (true, OfficeDecision::Approved) => tally.0 += 1,
                (true, OfficeDecision::Rejected) => tally.1 += 1,
            }
        }
    }
    let result = qgx_core::select(&selection, &ruleset).ok();
    let members = team_members(result.as_ref(), &drafts, &by_id);
    let (reports, report_planted) = reports::generate(seed, &members);
    let participants = members
        .iter()
        .map(|d| Participant {
            application_id: d.app.id.clone(),
            province: d.app.province,
            person_id: Some(d.app.person_id.clone()),
        })
        .collect();
    let planted = Planted {
        applications: tally_plants(&drafts),
        second_applications: drafts.iter().filter(|d| d.second).count(),
        registry: registry_tally,
        lists: provinces::PLANTED_LISTS.to_vec(),
        office_approvals: tally.0,
        office_rejections: tally.1,
        office_not_applicable: tally.2,
        report_problems: report_planted.problems,
        report_timings: report_planted.timings,
        rich_reporters: report_planted.rich,
    };
    Generated {
        data: DemoData {
            selection,
            reports,
            participants,
        },
        planted,
    }
}

#[cfg(test)]
mod tests;
