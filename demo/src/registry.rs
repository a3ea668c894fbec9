//! The official lists (registry): national studios and national model branches. They list most
//! claims but not all, and some people who never applied.

use std::collections::{BTreeMap, BTreeSet};

use qgx_core::{
    HonorStatus, Level, Province, Registry, RegistryBranch, RegistryStudio, StudioStatus,
};

use crate::applications::Draft;
use crate::institutions::Institution;
use crate::rng::Rng;
use crate::text;

/// What the list says about a declared national claim, per 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    /// Listed as declared.
    Listed,
    /// Listed under a name that differs only in surrounding white space (still holds).
    Padded,
    /// Listed with another batch (studio) or branch name (honour): the claim does not hold.
    Different,
    /// Listed with the other status: a studio's still holds (status is not compared), an
    /// honour's does not.
    OtherStatus,
    /// Not listed.
    Missing,
}

const STUDIO_LISTING: &[(Listing, u32)] = &[
    (Listing::Listed, 86),
    (Listing::OtherStatus, 4),
    (Listing::Different, 5),
    (Listing::Missing, 5),
];

const HONOUR_LISTING: &[(Listing, u32)] = &[
    (Listing::Listed, 84),
    (Listing::Padded, 4),
    (Listing::Different, 4),
    (Listing::OtherStatus, 3),
    (Listing::Missing, 5),
];

/// People on the studio list who applied without declaring their batch-3 studio.
const UNDECLARED_CONSTRUCTION: usize = 6;
/// People on the studio list who never applied: established studios of batches 1–2, and
/// batch-3 construction studios (who must take part: `mandatory_missing`).
const NEVER_APPLIED_ESTABLISHED: usize = 30;
const NEVER_APPLIED_CONSTRUCTION: usize = 6;
/// Model branches on the list whose secretaries did not apply.
const UNCLAIMED_BRANCHES: usize = 40;
/// Branches on the list whose secretaries applied without declaring the honour
/// (`honor_from_registry`).
const UNDECLARED_HONOURS: usize = 8;

/// Counts of what the registry planted, by name.
pub(crate) type Tally = BTreeMap<&'static str, usize>;

fn bump(t: &mut Tally, key: &'static str) {
    *t.entry(key).or_default() += 1;
}

fn other_batch(batch: u8) -> u8 {
    match batch {
        1 => 2,
        b => b - 1,
    }
}

fn studios(
    drafts: &[Draft],
    next_person: usize,
    rng: &mut Rng,
    tally: &mut Tally,
) -> Vec<RegistryStudio> {
    let mut list = Vec::new();
    let mut seen = BTreeSet::new();
    for d in drafts.iter().filter(|d| !d.second) {
        let Some(s) = d.app.studio.as_ref().filter(|s| s.level == Level::National) else {
            continue;
        };
        if !seen.insert(d.app.person_id.as_str()) {
            continue;
        }
        let (batch, status) = (
            s.batch.unwrap_or(1),
            s.status.unwrap_or(StudioStatus::Established),
        );
        let province = rng.chance(800).then_some(d.home.province);
        let entry = |batch, status| RegistryStudio {
            person_id: d.app.person_id.clone(),
            batch,
            status,
            province,
        };
        match rng.weighted(STUDIO_LISTING).unwrap_or(Listing::Listed) {
            Listing::Listed | Listing::Padded => {
                bump(tally, "studio_listed");
                list.push(entry(batch, status));
            }
            Listing::OtherStatus => {
                bump(tally, "studio_listed_other_status");
                let other = match status {
                    StudioStatus::Established => StudioStatus::Construction,
                    StudioStatus::Construction => StudioStatus::Established,
                };
                list.push(entry(batch, other));
            }
            Listing::Different => {
                bump(tally, "studio_listed_other_batch");
                list.push(entry(other_batch(batch), status));
            }
            Listing::Missing => bump(tally, "studio_not_listed"),
        }
    }
    // Batch-3 construction studios whose holders applied without declaring them.
    let undeclared = drafts
        .iter()
        .filter(|d| !d.second && d.app.studio.is_none() && d.plants.is_empty())
        .take(UNDECLARED_CONSTRUCTION);
    for d in undeclared {
        bump(tally, "studio_undeclared_construction");
        list.push(RegistryStudio {
            person_id: d.app.person_id.clone(),
            batch: 3,
            status: StudioStatus::Construction,
            province: Some(d.home.province),
        });
    }
    // People on the list who never applied.
    let provinces: Vec<Province> = Province::all().collect();
    for k in 0..NEVER_APPLIED_ESTABLISHED + NEVER_APPLIED_CONSTRUCTION {
        let person = next_person + k;
        let construction = k >= NEVER_APPLIED_ESTABLISHED;
        bump(
            tally,
            if construction {
                "studio_never_applied_construction"
            } else {
                "studio_never_applied_established"
            },
        );
        let (batch, status) = if construction {
            (3, StudioStatus::Construction)
        } else {
            (
                u8::try_from(rng.range(1, 2)).unwrap_or(1),
                StudioStatus::Established,
            )
        };
        list.push(RegistryStudio {
            person_id: format!("P-{person:06}"),
            batch,
            status,
            // Two of the construction studios are on the national list without a province.
            province: if construction && k >= NEVER_APPLIED_ESTABLISHED + 4 {
                None
            } else {
                rng.pick(&provinces).copied()
            },
        });
    }
    list.sort_by(|a, b| {
        (a.batch, a.province, &a.person_id).cmp(&(b.batch, b.province, &b.person_id))
    });
    list
}

fn branches(
    drafts: &[Draft],
    institutions: &[Institution],
    rng: &mut Rng,
    tally: &mut Tally,
) -> Vec<RegistryBranch> {
    let mut list = Vec::new();
    let mut seen = BTreeSet::new();
    for d in drafts {
        let Some(h) = d
            .app
            .branch_honor
            .as_ref()
            .filter(|h| h.level == Level::National)
        else {
            continue;
        };
        let code = d.app.institution.code.clone();
        let name = d.app.branch.name.clone().unwrap_or_default();
        if !seen.insert((code.clone(), name.clone())) {
            continue;
        }
        let (batch, status) = (h.batch.unwrap_or(1), h.status.unwrap_or(HonorStatus::Model));
        let entry = |branch_name: String, status| RegistryBranch {
            institution_code: code.clone(),
            branch_name,
            batch,
            status,
        };
        match rng.weighted(HONOUR_LISTING).unwrap_or(Listing::Listed) {
            Listing::Listed => {
                bump(tally, "honour_listed");
                list.push(entry(name, status));
            }
            Listing::Padded => {
                bump(tally, "honour_listed_padded_name");
                list.push(entry(format!(" {name} "), status));
            }
            Listing::Different => {
                bump(tally, "honour_listed_other_name");
                list.push(entry(name.replace("教师党支部", "教工党支部"), status));
            }
            Listing::OtherStatus => {
                bump(tally, "honour_listed_other_status");
                let other = match status {
                    HonorStatus::Model => HonorStatus::Cultivation,
                    HonorStatus::Cultivation => HonorStatus::Model,
                };
                list.push(entry(name, other));
            }
            Listing::Missing => bump(tally, "honour_not_listed"),
        }
    }
    // Listed branches whose secretaries did not declare the honour: the list applies.
    let undeclared = drafts
        .iter()
        .filter(|d| !d.second && d.app.branch_honor.is_none() && d.plants.is_empty())
        .filter_map(|d| Some((d.app.institution.code.clone(), d.app.branch.name.clone()?)))
        .filter(|key| !seen.contains(key))
        .step_by(7)
        .take(UNDECLARED_HONOURS)
        .collect::<Vec<_>>();
    for (code, name) in undeclared {
        seen.insert((code.clone(), name.clone()));
        let batch = u8::try_from(rng.range(1, 4)).unwrap_or(1);
        bump(tally, "honour_undeclared");
        list.push(RegistryBranch {
            institution_code: code,
            branch_name: name,
            batch,
            status: if batch == 4 {
                HonorStatus::Cultivation
            } else {
                HonorStatus::Model
            },
        });
    }
    for _ in 0..UNCLAIMED_BRANCHES {
        let Some(inst) = rng.pick(institutions) else {
            break;
        };
        let (college, disciplines) = rng
            .pick(text::COLLEGES)
            .copied()
            .unwrap_or(("物理学院", &["凝聚态物理"]));
        let discipline = rng.pick_str(disciplines);
        let batch = u8::try_from(rng.range(1, 4)).unwrap_or(1);
        let branch_name = format!("{college}{discipline}教师党支部");
        if !seen.insert((inst.code.to_owned(), branch_name.clone())) {
            continue;
        }
        bump(tally, "honour_unclaimed");
        list.push(RegistryBranch {
            institution_code: inst.code.to_owned(),
            branch_name,
            batch,
            status: if batch == 4 {
                HonorStatus::Cultivation
            } else {
                HonorStatus::Model
            },
        });
    }
    list.sort_by(|a, b| {
        (a.batch, &a.institution_code, &a.branch_name).cmp(&(
            b.batch,
            &b.institution_code,
            &b.branch_name,
        ))
    });
    // One entry per branch (names compared trimmed): a branch listed twice is malformed input.
    let mut listed = BTreeSet::new();
    list.retain(|b| listed.insert((b.institution_code.clone(), b.branch_name.trim().to_owned())));
    list
}

/// The registry for `drafts`, with a tally of what it planted. People who never applied get
/// person numbers from `next_person` on.
pub(crate) fn build(
    seed: u64,
    drafts: &[Draft],
    institutions: &[Institution],
    next_person: usize,
) -> (Registry, Tally) {
    let mut rng = Rng::new(seed, 0x5245_4749);
    let mut tally = Tally::new();
    let national_studios = studios(drafts, next_person, &mut rng, &mut tally);
    let national_model_branches = branches(drafts, institutions, &mut rng, &mut tally);
    (
        Registry {
            national_studios: Some(national_studios),
            national_model_branches: Some(national_model_branches),
        },
        tally,
    )
}
