//! The public list of 2,631 higher-education institutions (`examples/data/institutions.csv`),
//! embedded at build time and parsed by hand (the file has no quoted fields).

use qgx_core::Province;

/// The list as shipped: `code,name,province_code,province,city,authority,level,ownership_note`.
const CSV: &str = include_str!("../../examples/data/institutions.csv");

/// The `authority` of the Corps' institutions.
const CORPS: &str = "新疆生产建设兵团";

/// One institution of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Institution {
    /// The 10-digit MoE 学校标识码.
    pub code: &'static str,
    /// The institution's name, e.g. `北京大学`.
    pub name: &'static str,
    /// Where its applications go (R-ROUTE): the province of the code (digits 3–4), or `"66"`
    /// 新疆生产建设兵团 for the Corps' institutions (whose codes name Xinjiang, `65`).
    pub province: Province,
    /// Belongs to 新疆生产建设兵团 (the `authority` column says so).
    pub corps: bool,
    /// The city, e.g. `北京市`.
    pub city: &'static str,
    /// The authority in charge, e.g. `教育部` or `江苏省`.
    pub authority: &'static str,
    /// 本科 (true) or 专科 (false).
    pub undergraduate: bool,
    /// Privately run (民办).
    pub private: bool,
}

impl Institution {
    /// How many applications this institution tends to send, relative to others: national
    /// universities most, then other undergraduate institutions, then 专科 colleges.
    pub(crate) fn weight(&self) -> u32 {
        let base: u32 = if self.authority == "教育部" {
            12
        } else if !["省", "市", "自治区", "兵团"]
            .iter()
            .any(|local| self.authority.contains(local))
        {
            // Other central ministries (工业和信息化部, 国家民委 …).
            7
        } else if self.undergraduate {
            3
        } else {
            1
        };
        if self.private { base.div_ceil(2) } else { base }
    }

    /// A short domain-like label for evidence links, e.g. `4111010001.edu.cn`.
    pub(crate) fn domain(&self) -> String {
        format!("{}.edu.cn", self.code)
    }
}

/// Parses one data line; `None` for a line that does not have the eight fields, a well-formed
/// code and a known province.
fn parse_line(line: &'static str) -> Option<Institution> {
    let mut f = line.trim_end_matches('\r').split(',');
    let code = f.next()?;
    let name = f.next()?;
    let province_code = f.next()?;
    let _province_name = f.next()?;
    let city = f.next()?;
    let authority = f.next()?;
    let level = f.next()?;
    let note = f.next()?;
    if f.next().is_some() {
        return None;
    }
    if Province::of_institution(code)?.code() != province_code {
        return None;
    }
    let corps = authority == CORPS;
    Some(Institution {
        code,
        name,
        province: Province::home_of(code, corps)?,
        corps,
        city,
        authority,
        undergraduate: level == "本科",
        private: note == "民办",
    })
}

/// Every institution of the list, in file order. Lines that do not parse are skipped (there are
/// none; a test checks it).
pub fn all() -> Vec<Institution> {
    CSV.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(parse_line)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_list_parses() {
        let all = all();
        assert_eq!(all.len(), 2631);
        assert!(!CSV.contains('"'), "no quoted fields");
        let pku = all.iter().find(|i| i.code == "4111010001").unwrap();
        assert_eq!(pku.name, "北京大学");
        assert_eq!(pku.province.code(), "11");
        assert!(pku.undergraduate);
        assert_eq!(pku.weight(), 12);
        for p in Province::all() {
            assert!(all.iter().any(|i| i.province == p), "{p}");
        }
        // The Corps' five institutions go to "66"; their codes name Xinjiang.
        let corps: Vec<&Institution> = all.iter().filter(|i| i.corps).collect();
        assert_eq!(corps.len(), 5);
        for i in &corps {
            assert_eq!(i.province, Province::CORPS, "{}", i.name);
            assert_eq!(&i.code[2..4], "65", "{}", i.name);
        }
        assert!(corps.iter().any(|i| i.name == "石河子大学"));
        let mut codes: Vec<&str> = all.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 2631);
    }

    #[test]
    fn bad_lines_are_skipped() {
        assert!(parse_line("4111010001,北京大学,11,北京市,北京市,教育部,本科").is_none());
        assert!(parse_line("4111010001,北京大学,12,天津市,天津市,教育部,本科,").is_none());
        assert!(parse_line("41110100,北京大学,11,北京市,北京市,教育部,本科,").is_none());
        assert!(parse_line("4111010001,北京大学,11,北京市,北京市,教育部,本科,,x").is_none());
    }
}
