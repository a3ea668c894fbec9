//! Comparing two settings (an analysis aid): the same applications selected under a base and a
//! variant (another ruleset, quota, deadline reading…), and who and what each choice moves.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::law::application::Outcome;
use crate::law::select::{ApplicationResult, CutLine, ProvinceSummary, SelectionResult, select};
use crate::model::SelectionInput;
use crate::ruleset::{Ruleset, RulesetStamp};
use crate::vocab::Province;
use crate::wire::error::Error;

/// Where an application stands in one of the two selections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    pub outcome: Outcome,
    pub recommended: bool,
    pub rank: Option<u32>,
}

/// An application whose outcome, recommendation or rank differs (`null`: not in that input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationChange {
    pub id: String,
    pub province: Province,
    pub base: Option<Standing>,
    pub variant: Option<Standing>,
}

/// A province's counts and cut line, as compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceCounts {
    pub national_quota: u32,
    pub provincial_quota: Option<u32>,
    pub candidates: u32,
    pub places_used: u32,
    pub recommended: u32,
    pub pending_review: u32,
    pub national_team: u32,
    pub provincial_team: u32,
    pub provincial_candidates: u32,
    pub not_selected: u32,
    pub late: bool,
    pub cut_line: CutLine,
}

/// A province whose counts or cut line differ (`null`: not configured in that input).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvinceChange {
    pub province: Province,
    pub name: String,
    pub base: Option<ProvinceCounts>,
    pub variant: Option<ProvinceCounts>,
}

/// The result of [`compare`]: the two rulesets, and what changed, sorted by id and province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub base: RulesetStamp,
    pub variant: RulesetStamp,
    /// Applications recommended in the variant and not in the base.
    pub newly_recommended: Vec<String>,
    /// Applications recommended in the base and not in the variant.
    pub no_longer_recommended: Vec<String>,
    pub applications: Vec<ApplicationChange>,
    pub provinces: Vec<ProvinceChange>,
}

fn standing(a: &ApplicationResult) -> Standing {
    Standing {
        outcome: a.outcome,
        recommended: a.recommended,
        rank: a.rank,
    }
}

fn counts(p: &ProvinceSummary) -> ProvinceCounts {
    ProvinceCounts {
        national_quota: p.national_quota,
        provincial_quota: p.provincial_quota,
        candidates: p.candidates,
        places_used: p.places_used,
        recommended: p.recommended,
        pending_review: p.pending_review,
        national_team: p.national_team,
        provincial_team: p.provincial_team,
        provincial_candidates: p.provincial_candidates,
        not_selected: p.not_selected,
        late: p.late,
        cut_line: p.cut_line.clone(),
    }
}

/// Runs the selection on `base` and on `variant` (each may carry its own `ruleset` overrides,
/// merged over `ruleset`) and lists every application whose outcome, recommendation or rank
/// changes and every province whose counts or cut line change.
///
/// # Errors
/// As [`select`], with the paths of the base under `/base` and of the variant under `/variant`.
///
/// # Example
/// ```
/// use qgx_core::{compare, samples, ProvinceConfig, Province, Ruleset, SelectionInput};
/// let apps = vec![samples::application("A-1", "P-1", "4111010001"), samples::application("A-2", "P-2", "4111010002")];
/// let config = |quota| ProvinceConfig { province: Province::from_code("11").unwrap(), national_quota: quota,
///     provincial_quota: None, university_quotas: Default::default(), list_submitted_at: None };
/// let base = SelectionInput { applications: apps.clone(), provinces: vec![config(1)], ..Default::default() };
/// let variant = SelectionInput { applications: apps, provinces: vec![config(2)], ..Default::default() };
/// let c = compare(&base, &variant, &Ruleset::edition_2024()).unwrap();
/// assert_eq!(c.newly_recommended, vec!["A-2".to_string()]);
/// ```
pub fn compare(
    base: &SelectionInput,
    variant: &SelectionInput,
    ruleset: &Ruleset,
) -> Result<Comparison, Error> {
    compare_under(base, ruleset, variant, ruleset)
}

/// [`compare`] with a ruleset of its own for each side (the CLI's `--ruleset` for the variant
/// only, say).
///
/// # Errors
/// As [`compare`].
pub fn compare_under(
    base: &SelectionInput,
    base_ruleset: &Ruleset,
    variant: &SelectionInput,
    variant_ruleset: &Ruleset,
) -> Result<Comparison, Error> {
    let a = select(base, base_ruleset).map_err(|e| e.under("/base"))?;
    let b = select(variant, variant_ruleset).map_err(|e| e.under("/variant"))?;
    Ok(differences(&a, &b))
}

fn differences(a: &SelectionResult, b: &SelectionResult) -> Comparison {
    let mut apps: BTreeMap<&str, (Option<&ApplicationResult>, Option<&ApplicationResult>)> =
        BTreeMap::new();
    for x in &a.applications {
        apps.entry(x.id.as_str()).or_default().0 = Some(x);
    }
    for x in &b.applications {
        apps.entry(x.id.as_str()).or_default().1 = Some(x);
    }
    let mut newly = Vec::new();
    let mut no_longer = Vec::new();
    let mut applications = Vec::new();
    for (id, (x, y)) in apps {
        let (sx, sy) = (x.map(standing), y.map(standing));
        if sx == sy {
            continue;
        }
        let rec = |s: &Option<Standing>| s.as_ref().is_some_and(|s| s.recommended);
        match (rec(&sx), rec(&sy)) {
            (false, true) => newly.push(id.to_owned()),
            (true, false) => no_longer.push(id.to_owned()),
            _ => {}
        }
        let province = y.or(x).map(|r| r.province).unwrap_or_default();
        applications.push(ApplicationChange {
            id: id.to_owned(),
            province,
            base: sx,
            variant: sy,
        });
    }
    let mut provs: BTreeMap<Province, (Option<&ProvinceSummary>, Option<&ProvinceSummary>)> =
        BTreeMap::new();
    for p in &a.provinces {
        provs.entry(p.province).or_default().0 = Some(p);
    }
    for p in &b.provinces {
        provs.entry(p.province).or_default().1 = Some(p);
    }
    let provinces = provs
        .into_iter()
        .filter_map(|(province, (x, y))| {
            let (cx, cy) = (x.map(counts), y.map(counts));
            (cx != cy).then(|| ProvinceChange {
                province,
                name: province.name_zh().to_owned(),
                base: cx,
                variant: cy,
            })
        })
        .collect();
    Comparison {
        base: a.ruleset.clone(),
        variant: b.ruleset.clone(),
        newly_recommended: newly,
        no_longer_recommended: no_longer,
        applications,
        provinces,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProvinceConfig;
    use crate::samples::application;
    use crate::time::Timestamp;

    fn config(quota: u32, at: &str) -> ProvinceConfig {
        ProvinceConfig {
            province: Province::from_code("11").unwrap(),
            national_quota: quota,
            provincial_quota: Some(5),
            university_quotas: Default::default(),
            list_submitted_at: Timestamp::parse(at).ok(),
        }
    }

    fn input(quota: u32, at: &str) -> SelectionInput {
        let mut apps = vec![
            application("A-1", "P-1", "4111010001"),
            application("A-2", "P-2", "4111010002"),
            application("A-3", "P-3", "4111010003"),
        ];
        for (a, m) in apps.iter_mut().zip([90.0, 80.0, 70.0]) {
            a.merit_score = Some(m);
        }
        SelectionInput {
            applications: apps,
            provinces: vec![config(quota, at)],
            ..Default::default()
        }
    }

    #[test]
    fn one_more_place_moves_one_candidate() {
        let base = input(1, "2024-08-01");
        let c = compare(&base, &input(2, "2024-08-01"), &Ruleset::edition_2024()).unwrap();
        assert_eq!(c.newly_recommended, vec!["A-2".to_string()]);
        assert!(c.no_longer_recommended.is_empty());
        assert_eq!(c.applications.len(), 1);
        let p = &c.provinces[0];
        assert_eq!(
            (
                p.base.as_ref().unwrap().places_used,
                p.variant.as_ref().unwrap().places_used
            ),
            (1, 2)
        );
        // The same input is no change at all.
        let same = compare(&base, &base, &Ruleset::edition_2024()).unwrap();
        assert!(same.applications.is_empty() && same.provinces.is_empty());
    }

    #[test]
    fn reading_zhiqian_strictly_excludes_a_list_sent_on_2_august() {
        let mut strict = input(1, "2024-08-02T12:00:00+08:00");
        strict.ruleset = Some(crate::RulesetOverrides {
            deadline_inclusive: Some(false),
            late_list_policy: Some(crate::LateListPolicy::Exclude),
            ..Default::default()
        });
        let base = input(1, "2024-08-02T12:00:00+08:00");
        let c = compare(&base, &strict, &Ruleset::edition_2024()).unwrap();
        assert_eq!(c.no_longer_recommended, vec!["A-1".to_string()]);
        assert_ne!(c.base.hash, c.variant.hash);
        assert!(c.provinces[0].variant.as_ref().unwrap().late);
        // Errors name which side they are in.
        let mut bad = base.clone();
        bad.applications.push(bad.applications[0].clone());
        let e = compare(&base, &bad, &Ruleset::edition_2024()).unwrap_err();
        assert!(
            e.path().starts_with("/variant/applications/"),
            "{}",
            e.path()
        );
    }
}
