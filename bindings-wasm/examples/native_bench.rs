//! The native side of the WASM benchmark (`npm --prefix bindings-wasm run bench` runs it):
//! `check_report` over the same report texts as `bench/check-report.mjs`, natively, three ways:
//! JSON text in and out through the core's `check_report_json` (what `checkReportJson` does in
//! WASM), the binding's own path (text → JSON value → types → JSON text) and typed (parsed once
//! beforehand, no JSON at all). Prints one JSON line of reports per second.
//!
//! `cargo run --release -p qgx-wasm --example native_bench -- FILE.json [SECONDS]` where FILE
//! holds a JSON array of annual reports.

use std::time::{Duration, Instant};

use qgx_core::{AnnualReport, Ruleset, json};
use serde_json::Value;

fn rate(texts: &[String], seconds: f64, mut f: impl FnMut(&str)) -> f64 {
    for t in texts.iter().take(200) {
        f(t);
    }
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut n = 0_u64;
    while start.elapsed() < budget {
        for t in texts {
            f(t);
        }
        n += texts.len() as u64;
    }
    #[allow(clippy::cast_precision_loss)]
    let per_second = n as f64 / start.elapsed().as_secs_f64();
    per_second
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let file = args
        .get(1)
        .ok_or("usage: native_bench FILE.json [SECONDS]")?;
    let seconds: f64 = args.get(2).map_or(Ok(3.0), |s| s.parse())?;
    let all: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(file)?)?;
    let texts: Vec<String> = all.iter().map(Value::to_string).collect();
    let typed: Vec<AnnualReport> = texts
        .iter()
        .map(|t| qgx_core::from_json_str(t))
        .collect::<Result<_, _>>()?;
    let rs = Ruleset::edition_2024();
    let mut sink = 0_usize;
    let json_rate = rate(&texts, seconds, |t| {
        sink += json::check_report_json(t, None, &rs).map_or(0, |s| s.len());
    });
    let value_rate = rate(&texts, seconds, |t| {
        let parsed =
            qgx_core::from_json_str::<Value>(t).and_then(qgx_core::from_json_value::<AnnualReport>);
        if let Ok(r) = parsed {
            let out = qgx_core::check_report(&r, None, &rs);
            sink += serde_json::to_string(&out).map_or(0, |s| s.len());
        }
    });
    let mut i = 0_usize;
    let typed_rate = rate(&texts, seconds, |_| {
        if let Some(r) = typed.get(i % typed.len()) {
            sink += usize::from(qgx_core::check_report(r, None, &rs).complete);
        }
        i += 1;
    });
    println!(
        "{{\"reports\": {}, \"native_json\": {json_rate:.0}, \"native_value_path\": {value_rate:.0}, \"native_typed\": {typed_rate:.0}, \"sink\": {}}}",
        texts.len(),
        sink % 7
    );
    Ok(())
}
