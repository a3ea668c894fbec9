"""Batch scoring from Python: qgx next to the native core and to a pure-Python baseline.

    python benchmarks/python/bench_scoring.py [--reports 100000] [--rounds 3]

Builds N report dicts from the demo's 2,000 annual reports (copied round-robin with their own
application ids; `cargo run --release -p qgx-cli -- demo --write target/demo` makes them when
missing), checks that the baseline (pure_python.py) agrees with qgx on every distinct report,
then times, best of ROUNDS:
- qgx.check_reports(list of dicts) -> list of dicts (the batch path: GIL released while checking);
- qgx.check_report per dict, in a Python loop;
- qgx.check_reports_json on the same reports as JSON text (str in, str out: nothing but the
  text crosses into Python), and qgx.check_reports_file on them as a JSON file (dicts out);
- qgx.pandas.score_reports -> DataFrame;
- the pure-Python baseline, per dict;
- the native core on the same reports, as JSON text (core/examples/score_throughput.rs): typed
  (parsed reports -> results) and JSON text in -> JSON text out.
Prints a table of reports/s and the ratios the README records.
"""

from __future__ import annotations

import argparse
import copy
import json
import pathlib
import platform
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List

import qgx

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import pure_python  # noqa: E402


def demo_reports() -> List[Dict[str, Any]]:
    path = ROOT / "target" / "demo" / "reports.json"
    if not path.exists():
        subprocess.run(
            ["cargo", "run", "--quiet", "--release", "-p", "qgx-cli", "--", "demo", "--write",
             str(path.parent)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )
    with path.open(encoding="utf-8") as f:
        data: List[Dict[str, Any]] = json.load(f)
    return data


def best(rounds: int, f: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    base = demo_reports()
    mismatches = 0
    for r in base:
        a, b = pure_python.check_report(r), qgx.check_report(r)
        same = (
            a["findings"] == [(f["rule"], f["code"], f["path"]) for f in b["findings"]]
            and (a["complete"], a["completeness"], a["score"], a["tasks"])
            == (b["complete"], b["completeness"], b["score"], b["tasks"])
        )
        mismatches += not same
    if mismatches:
        raise SystemExit(f"the baseline disagrees with qgx on {mismatches} reports")

    reports = []
    for i in range(args.reports):
        r = copy.deepcopy(base[i % len(base)]) if i < len(base) else dict(base[i % len(base)])
        r["application_id"] = f"B-{i:06d}"
        reports.append(r)
    n = len(reports)

    rows = []

    def measure(name: str, f: Callable[[], Any], rounds: int = args.rounds) -> float:
        seconds = best(rounds, f)
        rows.append((name, n / seconds, seconds))
        return n / seconds

    batch = measure("qgx.check_reports (dicts in, dicts out)", lambda: qgx.check_reports(reports))
    measure("qgx.check_report, one call per dict", lambda: [qgx.check_report(r) for r in reports])
    text = json.dumps(reports, ensure_ascii=False)
    measure("qgx.check_reports_json (str in, str out)", lambda: qgx.check_reports_json(text))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        f.write(text)
    measure("qgx.check_reports_file (file in, dicts out)", lambda: qgx.check_reports_file(f.name))
    pathlib.Path(f.name).unlink()
    del text
    try:
        from qgx.pandas import score_reports

        measure("qgx.pandas.score_reports -> DataFrame", lambda: score_reports(reports))
    except ImportError:
        pass
    baseline = measure(
        "pure Python baseline", lambda: [pure_python.check_report(r) for r in reports]
    )

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(reports, f, ensure_ascii=False)
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "qgx-core", "--example",
         "score_throughput", "--", f.name, str(max(args.rounds, 3))],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    pathlib.Path(f.name).unlink()
    native = json.loads(out.stdout)

    print(f"{n} reports, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}, {time.strftime('%Y-%m-%d')}")
    print(f"{'':44} {'reports/s':>12} {'seconds':>9}")
    for name, rate, seconds in rows:
        print(f"{name:44} {rate:12,.0f} {seconds:9.3f}")
    print(f"{'native core, JSON text in -> JSON text out':44} {native['json_per_s']:12,.0f}")
    print(f"{'native core, parsed reports -> results':44} {native['typed_per_s']:12,.0f}")
    print()
    print(f"batch from Python / native JSON path:  {batch / native['json_per_s']:.2f}x")
    print(f"batch from Python / native typed path: {batch / native['typed_per_s']:.2f}x")
    print(f"batch from Python / pure Python:       {batch / baseline:.2f}x")


if __name__ == "__main__":
    main()
