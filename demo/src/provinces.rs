//! Provinces: how many applications each sends, where a misrouted one ends up, and each
//! province's settings (quotas, university quotas, when its list arrived).

use std::collections::BTreeMap;

use qgx_core::{Province, ProvinceConfig};

use crate::applications::Draft;
use crate::calendar::{self, Zone};
use crate::institutions::Institution;
use crate::rng::Rng;

/// A neighbouring province of each, where a misrouted application is submitted.
const NEIGHBOURS: &[(&str, &str)] = &[
    ("11", "13"),
    ("12", "13"),
    ("13", "11"),
    ("14", "13"),
    ("15", "14"),
    ("21", "22"),
    ("22", "21"),
    ("23", "22"),
    ("31", "32"),
    ("32", "31"),
    ("33", "31"),
    ("34", "32"),
    ("35", "33"),
    ("36", "35"),
    ("37", "13"),
    ("41", "42"),
    ("42", "43"),
    ("43", "42"),
    ("44", "45"),
    ("45", "44"),
    ("46", "44"),
    ("50", "51"),
    ("51", "50"),
    ("52", "53"),
    ("53", "52"),
    ("54", "51"),
    ("61", "62"),
    ("62", "61"),
    ("63", "62"),
    ("64", "62"),
    ("65", "62"),
    // A Corps institution's application sent to Xinjiang's department instead of the Corps'.
    ("66", "65"),
];

/// Every province gets at least this many applications (when the total allows).
const MIN_PER_PROVINCE: usize = 6;

/// The national quota as a share of the province's applications, in per mille: from 150 to 250.
const NATIONAL_SHARE_PER_MILLE: (u32, u32) = (150, 250);

/// The provincial quota as a share of the province's applications, in per mille.
const PROVINCIAL_SHARE_PER_MILLE: (u32, u32) = (350, 550);

/// Provinces that have not yet set their provincial quota (具体名额由省级党委教育工作部门…确定):
/// their remaining candidates are `provincial_candidate`.
const UNLIMITED_PROVINCIAL: &[&str] = &["43", "46", "54", "63", "64"];

/// Provinces whose list's sending time was not recorded (`list_time_unknown`).
const NO_LIST_TIME: &[&str] = &["15", "52"];

/// Provinces that cap how many candidates their largest universities may forward.
const UNIVERSITY_QUOTA_PROVINCES: &[&str] = &["11", "31", "32", "42", "44", "51", "61"];

/// Lists that did not arrive on 1 August: on time on 2 August in Beijing, already 3 August in
/// Beijing (16:30 UTC), and three days late.
pub(crate) const PLANTED_LISTS: &[(&str, &str)] = &[
    ("36", "2024-08-02T20:00:00+08:00"),
    ("45", "2024-08-02T16:30:00Z"),
    ("62", "2024-08-05T10:15:00+08:00"),
];

/// Provinces whose lists arrived early (31 July), and one written without an offset.
const EARLY_LISTS: &[&str] = &["33", "50"];
const BARE_LIST: &str = "37";

/// The province a misrouted application from `home` is sent to.
pub(crate) fn neighbour(home: Province) -> Province {
    NEIGHBOURS
        .iter()
        .find(|(p, _)| *p == home.code())
        .and_then(|(_, n)| Province::from_code(n))
        .unwrap_or(home)
}

/// How many of `total` applications each province sends: a few each, the rest in proportion
/// to the province's number of institutions (largest remainder).
pub(crate) fn allocate(total: usize, institutions: &[Institution]) -> Vec<(Province, usize)> {
    let mut count: BTreeMap<Province, usize> = Province::all().map(|p| (p, 0)).collect();
    for i in institutions {
        *count.entry(i.province).or_default() += 1;
    }
    let all: usize = count.values().sum::<usize>().max(1);
    let floor = MIN_PER_PROVINCE.min(total / count.len().max(1));
    let rest = total.saturating_sub(floor * count.len());
    let mut shares: Vec<(Province, usize, usize)> = count
        .iter()
        .map(|(p, c)| (*p, floor + rest * c / all, rest * c % all))
        .collect();
    let given: usize = shares.iter().map(|(_, n, _)| n).sum();
    let mut by_remainder: Vec<usize> = (0..shares.len()).collect();
    by_remainder.sort_by_key(|i| std::cmp::Reverse(shares.get(*i).map_or(0, |s| s.2)));
    for i in by_remainder.into_iter().take(total.saturating_sub(given)) {
        if let Some(s) = shares.get_mut(i) {
            s.1 += 1;
        }
    }
    shares.into_iter().map(|(p, n, _)| (p, n)).collect()
}

fn share(n: usize, per_mille: u32) -> u32 {
    let n = u64::try_from(n).unwrap_or(u64::MAX);
    u32::try_from((n * u64::from(per_mille) + 500) / 1000).unwrap_or(u32::MAX)
}

/// The university quotas of `province`: its two institutions with the most applications, each
/// allowed to forward about a third of them (when that cuts anyone).
fn university_quotas(province: Province, drafts: &[Draft]) -> BTreeMap<String, u32> {
    let mut per: BTreeMap<&str, u32> = BTreeMap::new();
    for d in drafts.iter().filter(|d| d.app.province == province) {
        *per.entry(d.app.institution.code.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, u32)> = per.into_iter().collect();
    ranked.sort_by_key(|(code, n)| (std::cmp::Reverse(*n), *code));
    ranked
        .into_iter()
        .take(2)
        .filter(|(_, n)| *n >= 4)
        .map(|(code, n)| (code.to_owned(), (n / 3).max(1)))
        .collect()
}

/// When `province`'s list arrived.
fn list_submitted_at(province: Province, rng: &mut Rng) -> Option<qgx_core::Timestamp> {
    let code = province.code();
    if NO_LIST_TIME.contains(&code) {
        return None;
    }
    if let Some((_, text)) = PLANTED_LISTS.iter().find(|(p, _)| *p == code) {
        return calendar::literal(text);
    }
    let hour = rng.range(9, 18);
    let minute = rng.range(0, 59);
    if EARLY_LISTS.contains(&code) {
        return calendar::stamp(calendar::ymd(2024, 7, 31), hour, minute, Zone::Cst);
    }
    let zone = if code == BARE_LIST {
        Zone::Bare
    } else {
        Zone::Cst
    };
    calendar::stamp(calendar::ymd(2024, 8, 1), hour, minute, zone)
}

/// One ProvinceConfig per province, in code order, sized by the applications submitted there.
pub(crate) fn configs(seed: u64, drafts: &[Draft]) -> Vec<ProvinceConfig> {
    let mut rng = Rng::new(seed, 0x5052_4F56);
    let mut submitted: BTreeMap<Province, usize> = BTreeMap::new();
    for d in drafts {
        *submitted.entry(d.app.province).or_default() += 1;
    }
    Province::all()
        .map(|p| {
            let n = submitted.get(&p).copied().unwrap_or(0);
            let national = share(
                n,
                rng.range(NATIONAL_SHARE_PER_MILLE.0, NATIONAL_SHARE_PER_MILLE.1),
            );
            let provincial = share(
                n,
                rng.range(PROVINCIAL_SHARE_PER_MILLE.0, PROVINCIAL_SHARE_PER_MILLE.1),
            );
            ProvinceConfig {
                province: p,
                national_quota: national.max(2),
                provincial_quota: (!UNLIMITED_PROVINCIAL.contains(&p.code()))
                    .then_some(provincial.max(2)),
                university_quotas: if UNIVERSITY_QUOTA_PROVINCES.contains(&p.code()) {
                    university_quotas(p, drafts)
                } else {
                    BTreeMap::new()
                },
                list_submitted_at: list_submitted_at(p, &mut rng),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_has_a_neighbour() {
        for p in Province::all() {
            assert_ne!(neighbour(p), p, "{p}");
        }
    }

    #[test]
    fn allocation_is_proportional_and_exact() {
        let inst = crate::institutions::all();
        let a = allocate(4900, &inst);
        assert_eq!(a.len(), 32);
        assert_eq!(a.iter().map(|(_, n)| n).sum::<usize>(), 4900);
        let get = |c: &str| a.iter().find(|(p, _)| p.code() == c).unwrap().1;
        assert!(get("32") > 250, "Jiangsu: {}", get("32"));
        assert!((6..30).contains(&get("54")), "Tibet: {}", get("54"));
        assert!((6..20).contains(&get("66")), "the Corps: {}", get("66"));
        let small = allocate(40, &inst);
        assert_eq!(small.iter().map(|(_, n)| n).sum::<usize>(), 40);
    }
}
