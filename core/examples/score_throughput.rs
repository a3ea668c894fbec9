//! Native throughput of the report check and score, for the bindings' benchmarks to stand beside.
//!
//! `cargo run --release -p qgx-core --example score_throughput -- REPORTS.json [ROUNDS]`
//!
//! Prints one JSON line: reports per second for `check_reports` on parsed reports (`typed`), and
//! for `check_reports_json`, JSON text in and JSON text out (`json`), best of ROUNDS (default 5).

use std::time::Instant;

use qgx_core::{AnnualReport, Ruleset, check_reports, from_json_str, json};

fn best<T>(rounds: u32, mut f: impl FnMut() -> T) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: score_throughput REPORTS.json [ROUNDS]")?;
    let rounds: u32 = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5);
    let text = std::fs::read_to_string(&path)?;
    let reports: Vec<AnnualReport> = from_json_str(&text)?;
    let rs = Ruleset::edition_2024();
    let n = reports.len() as f64;

    let typed = best(rounds, || check_reports(&reports, None, &rs));
    let json = best(rounds, || json::check_reports_json(&text, None, &rs));
    println!(
        "{{\"reports\": {}, \"typed_per_s\": {:.0}, \"json_per_s\": {:.0}, \"bytes\": {}}}",
        reports.len(),
        n / typed,
        n / json,
        text.len()
    );
    Ok(())
}
