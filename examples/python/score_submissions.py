"""Scores the demo's annual reports with qgx and summarises them per province.

    cargo run --release -p qgx-cli -- demo --write target/demo      # the demo data, once
    python examples/python/score_submissions.py target/demo          # table (+ PNG)

Reads DIR/reports.json (the annual reports) and DIR/selection.json (the applications, for each
report's province), scores every report (qgx.pandas.score_reports: completeness and the R-SCORE
components per task), prints a table per province, and, when matplotlib is installed, writes
DIR/score_distributions.png with the distribution of each task's score.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import Any

import pandas as pd

import qgx
from qgx.pandas import TASKS, score_reports, select_frames


def load(path: pathlib.Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def per_province(scores: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    table = scores.groupby("province").agg(
        reports=("application_id", "size"),
        complete=("complete", "mean"),
        completeness=("completeness", "mean"),
        score_mean=("score", "mean"),
        score_median=("score", "median"),
        **{f"{task}": (f"{task}_total", "mean") for task in TASKS},
    )
    table.insert(0, "name", provinces["name"].reindex(table.index))
    return table.sort_values("score_mean", ascending=False)


def plot(scores: pd.DataFrame, out: pathlib.Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    axes[0].boxplot([scores[f"{t}_total"] for t in TASKS], showfliers=False)
    axes[0].set_xticks(range(1, len(TASKS) + 1), [f"R-TASK-{i}" for i in range(1, 5)])
    axes[0].set_ylabel("score (of 25)")
    axes[0].set_title("Score per task")
    axes[1].hist(scores["score"], bins=30, color="#b22222")
    axes[1].set_xlabel("report score (of 100)")
    axes[1].set_ylabel("reports")
    axes[1].set_title(f"{len(scores)} annual reports")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=pathlib.Path, nargs="?", default=pathlib.Path("target/demo"))
    parser.add_argument("--as-of", default=None, help="today, YYYY-MM-DD (for drafts)")
    args = parser.parse_args(argv)
    reports_path, selection_path = args.dir / "reports.json", args.dir / "selection.json"
    if not reports_path.exists() or not selection_path.exists():
        print(
            f"no demo data in {args.dir}: run\n"
            f"  cargo run --release -p qgx-cli -- demo --write {args.dir}",
            file=sys.stderr,
        )
        return 2

    selection = load(selection_path)
    scores = score_reports(load(reports_path), as_of=args.as_of)
    province_of = {a["id"]: a["province"] for a in selection["applications"]}
    scores["province"] = scores["application_id"].map(province_of)
    _, provinces = select_frames(selection)

    stamp = scores.attrs["ruleset"]
    print(f"qgx {qgx.ENGINE_VERSION}, ruleset {stamp['edition']} {stamp['hash'][:19]}…")
    print(
        f"{len(scores)} reports: {int(scores['complete'].sum())} complete, "
        f"mean score {scores['score'].mean():.2f}, "
        f"most common error: {scores['first_error_code'].value_counts().idxmax()}\n"
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(per_province(scores, provinces).round(2).to_string())
    png = args.dir / "score_distributions.png"
    if plot(scores, png):
        print(f"\nwrote {png}")
    else:
        print("\n(matplotlib is not installed: no plot)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
