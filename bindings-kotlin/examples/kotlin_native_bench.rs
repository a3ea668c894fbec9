//! The Kotlin benchmark's calls made natively, in Rust, without JNA: the binding's own Rust
//! functions (same conversions, no FFI) and the core's functions directly.
//!
//! `cargo run -p qgx-kotlin --profile kotlin-release --example kotlin_native_bench [ROOT] [BATCH]`

use std::hint::black_box;
use std::time::Instant;

/// Median time per call in nanoseconds over 7 rounds of `n` calls, after a warm-up.
fn measure<T>(name: &str, n: u32, per_call: u32, mut body: impl FnMut() -> T) -> f64 {
    for _ in 0..n {
        black_box(body());
    }
    let mut times: Vec<f64> = (0..7)
        .map(|_| {
            let t0 = Instant::now();
            for _ in 0..n {
                black_box(body());
            }
            t0.elapsed().as_secs_f64() * 1e9 / f64::from(n)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let ns = times.get(3).copied().unwrap_or(f64::NAN);
    if per_call == 1 {
        println!("{name:<34} {:>12.2} µs/call", ns / 1000.0);
    } else {
        println!(
            "{name:<34} {:>12.2} µs/call  {:>10.0} reports/s  ({:.2} µs/report)",
            ns / 1000.0,
            f64::from(per_call) * 1e9 / ns,
            ns / f64::from(per_call) / 1000.0
        );
    }
    ns
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let root = args.get(1).map_or(".", String::as_str);
    let batch: u32 = args.get(2).map_or(Ok(1000), |b| b.parse())?;
    let json = std::fs::read_to_string(format!("{root}/examples/report.json"))?;
    let report = qgx_kotlin::sample_report();
    let core_report = qgx_core::samples::complete_report();
    let rs = qgx_kotlin::Ruleset::edition_2024();
    let core_rs = qgx_core::Ruleset::edition_2024();
    let as_of = qgx_core::Date::parse("2025-07-15")?;
    let n = batch as usize;
    let reports = vec![report.clone(); n];
    let core_reports = vec![core_report.clone(); n];
    let batch_json = format!("[{}]", vec![json.as_str(); n].join(","));
    let s = qgx_kotlin::Text::from;
    let a = Some(qgx_kotlin::Text::from("2025-07-15"));
    let json = qgx_kotlin::Text::from(json);
    let batch_json = qgx_kotlin::Text::from(batch_json);

    println!(
        "Rust, no FFI: the binding's functions (qgx_kotlin::…) and the core's (qgx_core::…), batch of {batch}"
    );
    measure(
        "qgx_kotlin::engine_version",
        1_000_000,
        1,
        qgx_kotlin::engine_version,
    );
    measure("qgx_kotlin::next_due", 200_000, 1, || {
        qgx_kotlin::next_due(s("2025-07-15"), None)
    });
    measure("qgx_kotlin::cycle_status", 100_000, 1, || {
        qgx_kotlin::cycle_status(s("2025-07-15"), None)
    });
    measure("qgx_kotlin::check_report (typed)", 20_000, 1, || {
        qgx_kotlin::check_report(report.clone(), a.clone(), Some(rs.clone()))
    });
    measure("qgx_core::check_report", 20_000, 1, || {
        qgx_core::check_report(&core_report, Some(as_of), &core_rs)
    });
    measure("qgx_kotlin::check_report_json", 20_000, 1, || {
        qgx_kotlin::check_report_json(json.clone(), a.clone(), Some(rs.clone()))
    });
    measure("qgx_kotlin::check_reports (typed)", 10, batch, || {
        qgx_kotlin::check_reports(reports.clone(), a.clone(), Some(rs.clone()))
    });
    measure("qgx_core::check_reports", 10, batch, || {
        qgx_core::check_reports(&core_reports, Some(as_of), &core_rs)
    });
    measure("qgx_kotlin::check_reports_json", 10, batch, || {
        qgx_kotlin::check_reports_json(batch_json.clone(), a.clone(), Some(rs.clone()))
    });
    Ok(())
}
