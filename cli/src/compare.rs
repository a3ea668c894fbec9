//! `qgx compare`: a selection under two settings, and who and what each choice moves.
//!
//! The variant is a second Selection input, or the base with changes: `--set K=V` (a province's
//! setting, `11.national_quota=10`, or a ruleset parameter, `priority_mode=tie_break`) and the
//! global `--ruleset FILE` (applied to the variant only; the base runs the 2024 edition with its
//! own `ruleset` member, if any).

use qgx_core::{Comparison, Ruleset, SelectionInput, Standing};
use serde_json::Value;

use crate::input::{Fail, Source, display_name, read_text};
use crate::output::{json, num, outcome_label, province_name, t};
use crate::table::Table;
use crate::{Ctx, Format};

/// One `--set K=V`: the path of the setting and its value (JSON when it parses as JSON, else a
/// string).
fn parse_set(set: &str) -> Result<(Vec<String>, Value), Fail> {
    let (key, value) = set
        .split_once('=')
        .ok_or_else(|| Fail::new(format!("--set {set}: expected KEY=VALUE")))?;
    let path: Vec<String> = key.split('.').map(str::to_owned).collect();
    if path.iter().any(String::is_empty) {
        return Err(Fail::new(format!("--set {set}: an empty part in `{key}`")));
    }
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
    Ok((path, value))
}

fn set_at(target: &mut Value, path: &[String], value: Value) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        return Err("an empty key".to_owned());
    };
    let mut at = target;
    for part in parents {
        if !at.is_object() {
            return Err(format!("`{part}` is inside a value that is not an object"));
        }
        at = at
            .as_object_mut()
            .map(|m| {
                m.entry(part.clone())
                    .or_insert_with(|| Value::Object(Default::default()))
            })
            .ok_or_else(|| format!("cannot set `{part}`"))?;
    }
    match at.as_object_mut() {
        Some(m) => {
            m.insert(last.clone(), value);
            Ok(())
        }
        None => Err(format!(
            "cannot set `{last}` in a value that is not an object"
        )),
    }
}

/// The base's JSON with every `--set` applied: `NN.field…` sets a province's setting (the
/// province must be configured), anything else a ruleset parameter in the input's `ruleset`.
fn derive(base: &Value, sets: &[String]) -> Result<Value, Fail> {
    let mut variant = base.clone();
    for set in sets {
        let (path, value) = parse_set(set)?;
        let (first, rest) = path
            .split_first()
            .ok_or_else(|| Fail::new("--set: empty"))?;
        let province = first.len() == 2 && first.bytes().all(|b| b.is_ascii_digit());
        let result = if province {
            let configs = variant
                .get_mut("provinces")
                .and_then(Value::as_array_mut)
                .ok_or_else(|| Fail::new("--set: the base has no `provinces` array"))?;
            let config = configs
                .iter_mut()
                .find(|c| c.get("province").and_then(Value::as_str) == Some(first.as_str()))
                .ok_or_else(|| {
                    Fail::new(format!(
                        "--set {set}: the base has no ProvinceConfig for {first}"
                    ))
                })?;
            set_at(config, rest, value)
        } else {
            if variant.get("ruleset").is_none_or(Value::is_null) {
                if let Some(m) = variant.as_object_mut() {
                    m.insert("ruleset".into(), Value::Object(Default::default()));
                }
            }
            match variant.get_mut("ruleset") {
                Some(r) => set_at(r, &path, value),
                None => Err("the base is not an object".to_owned()),
            }
        };
        result.map_err(|m| Fail::new(format!("--set {set}: {m}")))?;
    }
    Ok(variant)
}

/// `qgx compare BASE [VARIANT] [--set K=V]…`.
pub fn compare(
    ctx: &Ctx,
    base_file: &str,
    variant_file: Option<&str>,
    sets: &[String],
    out: Option<&std::path::Path>,
) -> Result<String, Fail> {
    let base_src = Source {
        name: display_name(base_file).to_owned(),
        text: read_text(base_file)?,
    };
    let base: SelectionInput =
        qgx_core::json::parse_selection(&base_src.text).map_err(|e| base_src.fail(&e))?;
    let (variant, variant_src) = match variant_file {
        Some(file) => {
            let src = Source {
                name: display_name(file).to_owned(),
                text: read_text(file)?,
            };
            let value: Value = serde_json::from_str(&src.text)
                .map_err(|e| Fail::new(format!("{}: not JSON: {e}", src.name)))?;
            let value = derive(&value, sets)?;
            let v = qgx_core::json::selection_from_value(value).map_err(|e| src.fail(&e))?;
            (v, Some(src))
        }
        None => {
            let value: Value = serde_json::from_str(&base_src.text)
                .map_err(|e| Fail::new(format!("{}: not JSON: {e}", base_src.name)))?;
            let value = derive(&value, sets)?;
            let v = qgx_core::json::selection_from_value(value).map_err(|e| {
                Fail::new(format!(
                    "the variant (the base with --set): {}",
                    qgx_core::bounded_message(&e.to_string())
                ))
            })?;
            (v, None)
        }
    };
    let c = qgx_core::compare_under(&base, &Ruleset::edition_2024(), &variant, &ctx.ruleset)
        .map_err(|e| match e.path().strip_prefix("/variant") {
            Some(_) => {
                let e = strip(&e, "/variant");
                match &variant_src {
                    Some(src) => src.fail(&e),
                    None => Fail::new(format!("the variant (the base with --set): {e}")),
                }
            }
            None => base_src.fail(&strip(&e, "/base")),
        })?;
    if let Some(out) = out {
        let bytes = qgx_sheets::write_comparison(&c).map_err(|e| Fail::new(e.to_string()))?;
        std::fs::write(out, bytes)
            .map_err(|e| Fail::new(format!("{}: cannot write: {e}", out.display())))?;
        return Ok(format!("已写入 wrote {}\n", out.display()));
    }
    if ctx.format.unwrap_or(Format::Json) == Format::Json {
        return json(&c);
    }
    Ok(table(ctx, &c))
}

/// `e` with `prefix` taken off its paths (the core names the side; the CLI names the file).
fn strip(e: &qgx_core::Error, prefix: &str) -> qgx_core::Error {
    let Ok(mut v) = serde_json::to_value(e) else {
        return e.clone();
    };
    if let Some(errors) = v.get_mut("errors").and_then(Value::as_array_mut) {
        for issue in errors {
            if let Some(Value::String(p)) = issue.get_mut("path") {
                if let Some(rest) = p.strip_prefix(prefix) {
                    *p = rest.to_owned();
                }
            }
        }
    }
    serde_json::from_value(v).unwrap_or_else(|_| e.clone())
}

fn standing(ctx: &Ctx, s: Option<&Standing>) -> (String, String) {
    match s {
        Some(s) => (
            outcome_label(ctx, s.outcome).to_owned(),
            s.rank.map(|r| r.to_string()).unwrap_or_default(),
        ),
        None => (t(ctx, "（无此申报）", "(absent)").to_owned(), String::new()),
    }
}

fn table(ctx: &Ctx, c: &Comparison) -> String {
    let mut out = match ctx.lang {
        crate::Lang::Zh => format!(
            "比较：基准 {} {} → 变体 {} {}\n新增推荐 {} 人：{}\n不再推荐 {} 人：{}\n",
            c.base.edition,
            c.base.hash,
            c.variant.edition,
            c.variant.hash,
            c.newly_recommended.len(),
            c.newly_recommended.join("、"),
            c.no_longer_recommended.len(),
            c.no_longer_recommended.join("、"),
        ),
        crate::Lang::En => format!(
            "Compare: base {} {} → variant {} {}\nNewly recommended ({}): {}\nNo longer recommended ({}): {}\n",
            c.base.edition,
            c.base.hash,
            c.variant.edition,
            c.variant.hash,
            c.newly_recommended.len(),
            c.newly_recommended.join(", "),
            c.no_longer_recommended.len(),
            c.no_longer_recommended.join(", "),
        ),
    };
    if !c.applications.is_empty() {
        let mut apps = Table::new([
            t(ctx, "申报编号", "id"),
            t(ctx, "省份", "province"),
            t(ctx, "基准结果", "base outcome"),
            t(ctx, "基准排名", "base rank"),
            t(ctx, "变体结果", "variant outcome"),
            t(ctx, "变体排名", "variant rank"),
        ]);
        for a in &c.applications {
            let (bo, br) = standing(ctx, a.base.as_ref());
            let (vo, vr) = standing(ctx, a.variant.as_ref());
            apps.row([
                a.id.clone(),
                province_name(ctx, a.province).to_owned(),
                bo,
                br,
                vo,
                vr,
            ]);
        }
        out.push('\n');
        out.push_str(&apps.render());
    }
    if !c.provinces.is_empty() {
        let mut provs = Table::new([
            t(ctx, "省份", "province"),
            t(ctx, "全国名额", "quota"),
            t(ctx, "已用名额", "places used"),
            t(ctx, "推荐", "recommended"),
            t(ctx, "全国团队", "national team"),
            t(ctx, "省级团队", "provincial team"),
            t(ctx, "名单逾期", "late"),
            t(ctx, "末位入选", "last in"),
            t(ctx, "首位未入选", "first out"),
        ]);
        for p in &c.provinces {
            let both = |f: &dyn Fn(&qgx_core::ProvinceCounts) -> String| {
                let b = p.base.as_ref().map(f).unwrap_or_else(|| "—".into());
                let v = p.variant.as_ref().map(f).unwrap_or_else(|| "—".into());
                if b == v { b } else { format!("{b} → {v}") }
            };
            let entry = |e: &Option<qgx_core::CutEntry>| {
                e.as_ref()
                    .map(|e| format!("{} ({})", e.id, num(e.merit)))
                    .unwrap_or_else(|| "—".into())
            };
            provs.row([
                province_name(ctx, p.province).to_owned(),
                both(&|x| x.national_quota.to_string()),
                both(&|x| x.places_used.to_string()),
                both(&|x| x.recommended.to_string()),
                both(&|x| x.national_team.to_string()),
                both(&|x| x.provincial_team.to_string()),
                both(&|x| {
                    if x.late {
                        t(ctx, "是", "yes").to_owned()
                    } else {
                        t(ctx, "否", "no").to_owned()
                    }
                }),
                both(&|x| entry(&x.cut_line.last_in)),
                both(&|x| entry(&x.cut_line.first_out)),
            ]);
        }
        out.push('\n');
        out.push_str(&provs.render());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_a_province_setting_or_a_parameter() {
        let base: Value = serde_json::json!({"applications": [], "provinces": [{"province": "11", "national_quota": 1}]});
        let v = derive(
            &base,
            &[
                "11.national_quota=10".into(),
                "priority_mode=tie_break".into(),
                "score.reach=4".into(),
                "11.university_quotas.4111010001=2".into(),
            ],
        )
        .unwrap();
        assert_eq!(v["provinces"][0]["national_quota"], 10);
        assert_eq!(v["provinces"][0]["university_quotas"]["4111010001"], 2);
        assert_eq!(v["ruleset"]["priority_mode"], "tie_break");
        assert_eq!(v["ruleset"]["score"]["reach"], 4);
        assert!(derive(&base, &["12.national_quota=1".into()]).is_err());
        assert!(derive(&base, &["national_quota".into()]).is_err());
    }
}
