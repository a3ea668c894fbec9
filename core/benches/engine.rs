//! Benchmarks of the engine's hot paths (`cargo bench -p qgx-core`):
//! - `select` on 100,000 applications across the 31 provinces;
//! - `check_report` with its score on a typical report (4 tasks × 3 activities);
//! - the JSON path (`check_reports_json`: parse + check) over a 100,000-report document, next to
//!   bare `serde_json` parsing of the same document;
//! - `summarize_cycle` over 100,000 participants × 3 reports, next to checking those reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use qgx_core::{
    AnnualReport, Application, BranchHonor, Form, HonorStatus, Level, Province, ProvinceConfig,
    Ruleset, SelectionInput, Studio, StudioStatus, Task, Timestamp, check_report, json, samples,
    select,
};

/// A tiny deterministic generator (splitmix64), so every run measures the same input.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn selection(n: usize) -> SelectionInput {
    let provinces: Vec<Province> = Province::all().collect();
    let mut rng = Rng(2024);
    let plan = samples::complete_plan();
    let mut applications = Vec::with_capacity(n);
    for i in 0..n {
        let p = provinces[i % provinces.len()];
        let code = format!("41{}01{:04}", p.code(), rng.below(60));
        let mut a: Application =
            samples::application(&format!("A-{i:06}"), &format!("P-{i:06}"), &code);
        a.plan = Some(plan.clone());
        // Most applicants have a merit score; some are ranked by their plan score.
        a.merit_score = if rng.below(5) == 0 {
            None
        } else {
            Some(rng.below(10_001) as f64 / 100.0)
        };
        match rng.below(40) {
            0 => {
                a.studio = Some(Studio {
                    level: Level::National,
                    batch: Some(1 + rng.below(3) as u8),
                    status: Some(StudioStatus::Established),
                })
            }
            1..=3 => {
                a.branch_honor = Some(BranchHonor {
                    level: Level::National,
                    batch: Some(1 + rng.below(4) as u8),
                    status: Some(HonorStatus::Model),
                })
            }
            4 => a.dual_leader = false,
            5 => a.person_id = format!("P-{:06}", rng.below(n as u64)),
            _ => {}
        }
        applications.push(a);
    }
    let provinces = provinces
        .into_iter()
        .map(|p| ProvinceConfig {
            province: p,
            national_quota: 100,
            provincial_quota: Some(400),
            university_quotas: [(format!("41{}010001", p.code()), 5)].into_iter().collect(),
            list_submitted_at: Timestamp::parse("2024-08-01T17:30:00+08:00").ok(),
        })
        .collect();
    SelectionInput {
        applications,
        provinces,
        ..Default::default()
    }
}

/// A typical report: 4 tasks × 3 activities, one output per task.
fn typical_report() -> AnnualReport {
    let mut r = samples::complete_report();
    for task in Task::ALL {
        let tr = r.tasks.get_mut(*task).as_mut().unwrap();
        let forms = task.forms();
        tr.activities = (0..3)
            .map(|k| {
                samples::activity(
                    *task,
                    forms[k % (forms.len() - 1)],
                    &format!("2025-0{}-1{k}", 3 + k),
                )
            })
            .collect();
        if tr.outputs.is_empty() {
            tr.outputs = vec![qgx_core::Output {
                kind: task.outputs()[0],
                title: Some("成果".into()),
                note: None,
                evidence: vec![],
            }];
        }
    }
    r
}

fn bench_select(c: &mut Criterion) {
    let rs = Ruleset::edition_2024();
    let input = selection(100_000);
    let mut g = c.benchmark_group("select");
    g.sample_size(10);
    g.throughput(Throughput::Elements(input.applications.len() as u64));
    g.bench_function(BenchmarkId::new("applications", 100_000), |b| {
        b.iter_with_large_drop(|| select(black_box(&input), &rs).unwrap())
    });
    g.finish();
}

fn bench_check_report(c: &mut Criterion) {
    let rs = Ruleset::edition_2024();
    let report = typical_report();
    assert!(check_report(&report, None, &rs).complete);
    let mut g = c.benchmark_group("check_report");
    g.throughput(Throughput::Elements(1));
    g.bench_function("typical_4x3", |b| {
        b.iter(|| check_report(black_box(&report), None, &rs))
    });
    let mut broken = report.clone();
    for task in Task::ALL {
        for a in &mut broken.tasks.get_mut(*task).as_mut().unwrap().activities {
            a.form = Form::Donation;
            a.evidence.clear();
        }
    }
    g.bench_function("every_activity_failing_4x3", |b| {
        b.iter(|| check_report(black_box(&broken), None, &rs))
    });
    g.finish();
}

fn bench_json_path(c: &mut Criterion) {
    let rs = Ruleset::edition_2024();
    let one = typical_report();
    let reports: Vec<AnnualReport> = (0..100_000)
        .map(|i| {
            let mut r = one.clone();
            r.application_id = format!("A-{i:06}");
            r
        })
        .collect();
    let text = serde_json::to_string(&reports).unwrap();
    drop(reports);
    let mut g = c.benchmark_group("json_100k_reports");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("serde_json_parse_typed", |b| {
        b.iter(|| serde_json::from_str::<Vec<AnnualReport>>(black_box(&text)).unwrap())
    });
    g.bench_function("serde_json_parse_value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap())
    });
    g.bench_function("parse_and_check", |b| {
        b.iter(|| {
            let parsed: Vec<AnnualReport> = qgx_core::from_json_str(black_box(&text)).unwrap();
            qgx_core::check_reports(&parsed, None, &rs)
        })
    });
    g.bench_function("check_reports_json", |b| {
        b.iter(|| json::check_reports_json(black_box(&text), None, &rs).unwrap())
    });
    g.finish();
}

/// 100,000 participants × 3 yearly reports (year 3 a draft for some, late for others), as of
/// the end of the cycle: the summary next to checking the same reports.
fn bench_summary(c: &mut Criterion) {
    let rs = Ruleset::edition_2024();
    let one = typical_report();
    let mut rng = Rng(2026);
    let n = 100_000;
    let mut reports = Vec::with_capacity(3 * n);
    let mut participants = Vec::with_capacity(n);
    let provinces: Vec<Province> = Province::all().collect();
    for i in 0..n {
        let id = format!("A-{i:06}");
        for year in 1..=3u32 {
            let mut r = one.clone();
            r.application_id = id.clone();
            r.cycle_year = i64::from(year);
            let day = match rng.below(10) {
                0 => None,
                1 => Some("09-10"),
                _ => Some("08-20"),
            };
            r.submitted_at =
                day.and_then(|d| Timestamp::parse(&format!("{}-{d}", 2024 + year)).ok());
            let date = qgx_core::Date::parse(&format!("{}-03-12", 2024 + year)).unwrap();
            for task in Task::ALL {
                for a in &mut r.tasks.get_mut(*task).as_mut().unwrap().activities {
                    a.date = date;
                }
            }
            reports.push(r);
        }
        participants.push(qgx_core::Participant {
            application_id: id,
            province: provinces[i % provinces.len()],
            person_id: None,
        });
    }
    let input = qgx_core::SummaryInput {
        reports,
        participants,
        ruleset: None,
    };
    let as_of = qgx_core::Date::parse("2027-09-30").unwrap();
    let mut g = c.benchmark_group("summarize_cycle");
    g.sample_size(10);
    g.throughput(Throughput::Elements(input.reports.len() as u64));
    g.bench_function(BenchmarkId::new("participants_x3", n), |b| {
        b.iter_with_large_drop(|| qgx_core::summarize_cycle(black_box(&input), as_of, &rs).unwrap())
    });
    g.bench_function(BenchmarkId::new("check_reports_only", 3 * n), |b| {
        b.iter_with_large_drop(|| qgx_core::check_reports(black_box(&input.reports), None, &rs))
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_select,
    bench_check_report,
    bench_json_path,
    bench_summary
);
criterion_main!(benches);
