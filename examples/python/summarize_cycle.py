"""Sums up the three-year cycle with qgx (R-SUMMARY): each province's cycle scores and the
typical-case shortlist.

    cargo run --release -p qgx-cli -- demo --write target/demo       # the demo data, once
    python examples/python/summarize_cycle.py target/demo             # table, PNG and CSV
    python examples/python/summarize_cycle.py path/to/summary.json    # any Summary input
    python examples/python/summarize_cycle.py --sample                # a small built-in sample

The input is a Summary input (``{"reports": [...], "participants": [...]}``, RULES.md §4.15):
a JSON file, or DIR/summary.json as ``qgx demo --write DIR`` writes it; for a directory without
summary.json, DIR/reports.json with the participants taken from DIR/selection.json (the
applications the selection puts in a national or provincial team); with ``--sample``, a small sample built from
examples/report.json. The summary is taken as of ``--as-of`` (default 2026-09-30: years 1 and 2
due). It prints the per-province roll-up, writes the distribution of each province's cycle
scores (matplotlib) to cycle_scores.png and the shortlists to shortlist.csv (national, then
per province), in the input's directory or ``--out``.
"""

from __future__ import annotations

import argparse
import copy
import json
import pathlib
import random
import sys
from typing import Any, Dict, List, Tuple

import pandas as pd

import qgx
from qgx.pandas import summarize_frames

EXAMPLES = pathlib.Path(__file__).resolve().parents[1]


def load(path: pathlib.Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


FORMS = {
    "party_building": ("party_lecture", "theory_outreach", "experience_exchange"),
    "education_service": ("lecture", "skills_training", "science_outreach"),
    "tech_empowerment": ("policy_advice", "tech_development", "creative_design"),
    "practice_education": ("field_research", "interviews", "volunteer_service"),
}
"""Three allowed forms per task (RULES.md §2), for the sample's activities."""

OUTPUTS = {
    "party_building": ("quality_party_lesson", "ideological_course_demo"),
    "education_service": ("service_brand_activity", "big_ideology_course"),
    "tech_empowerment": ("iur_platform", "achievement_transfer"),
    "practice_education": ("research_report", "consulting_report"),
}


def sample(seed: int = 7) -> Dict[str, Any]:
    """Thirty participants in three provinces reporting over years 1 and 2, built from
    examples/report.json: most on time, some late, some never sent, some resubmitted, with one
    to three activities and up to two outputs per task (so that scores differ)."""
    rng = random.Random(seed)
    template = load(EXAMPLES / "report.json")
    reports: List[Dict[str, Any]] = []
    participants: List[Dict[str, Any]] = []
    for i in range(30):
        app = f"A-{i + 1:04d}"
        participants.append(
            {"application_id": app, "province": ("11", "32", "66")[i % 3], "person_id": f"P-{i + 1:04d}"}
        )
        effort = rng.random()  # some participants do more than others, every year
        for year in (1, 2):
            if rng.random() < 0.08:
                continue  # never sent: the year is overdue and counts 0
            r = copy.deepcopy(template)
            r["application_id"] = app
            r["cycle_year"] = year
            late = rng.random() < 0.12
            r["submitted_at"] = f"{2024 + year}-{'09-05' if late else '08-20'}T10:00:00+08:00"
            for key, task in r["tasks"].items():
                first = task["activities"][0]
                first["date"] = f"{int(first['date'][:4]) + year - 1}{first['date'][4:]}"
                n = 1 + sum(rng.random() < effort for _ in range(2))
                task["activities"] = []
                for form in FORMS[key][:n]:
                    a = copy.deepcopy(first)
                    a["form"] = form
                    a["participants"] = {"teachers": rng.randrange(2, 10), "students": int(20 + 100 * effort * rng.random())}
                    task["activities"].append(a)
                outputs = sum(rng.random() < effort for _ in range(2))
                task["outputs"] = [{"kind": kind, "title": "成果"} for kind in OUTPUTS[key][:outputs]]
            reports.append(r)
            if rng.random() < 0.1:  # an earlier version, superseded by the one above
                earlier = copy.deepcopy(r)
                earlier["submitted_at"] = f"{2024 + year}-08-01T09:00:00+08:00"
                reports.append(earlier)
    return {"reports": reports, "participants": participants}


def read_input(source: pathlib.Path) -> Tuple[Dict[str, Any], str]:
    """The Summary input, and what it was read from."""
    if source.is_file():
        return load(source), str(source)
    if (source / "summary.json").exists():
        return load(source / "summary.json"), str(source / "summary.json")
    reports_path, selection_path = source / "reports.json", source / "selection.json"
    if not reports_path.exists() or not selection_path.exists():
        raise FileNotFoundError(
            f"no summary.json, nor reports.json and selection.json, in {source}: run\n"
            f"  cargo run --release -p qgx-cli -- demo --write {source}\n"
            "or pass --sample"
        )
    # The participants are the teams: the applications the selection put in a national or
    # provincial team (qgx.select), with their province and person.
    selection = load(selection_path)
    outcome = {a["id"]: a["outcome"] for a in qgx.select(selection)["applications"]}
    participants = [
        {"application_id": a["id"], "province": a["province"], "person_id": a["person_id"]}
        for a in selection["applications"]
        if outcome.get(a["id"]) in ("national_team", "provincial_team")
    ]
    return {"reports": load(reports_path), "participants": participants}, f"{reports_path} + {selection_path}"


def plot(people: pd.DataFrame, provinces: pd.DataFrame, out: pathlib.Path) -> None:
    """One box per province (labelled with its code; "—" for participants the input did not
    list) of its participants' cycle scores, the case threshold as a line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scored = people[people["cycle_score"].notna()]
    kept = []
    for code in provinces.index:
        unlisted = code is None or pd.isna(code)  # participants not among `participants`
        mine = scored["province"].isna() if unlisted else scored["province"] == code
        group = scored.loc[mine, "cycle_score"].astype(float)
        if len(group) > 0:
            kept.append(("—" if unlisted else str(code), group))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.45 * len(kept) + 2), 4.5))
    if kept:
        ax.boxplot([list(g) for _, g in kept], showfliers=True)
        ax.set_xticks(range(1, len(kept) + 1), [str(c) for c, _ in kept], rotation=90)
    threshold = float(people.attrs["case_min_score"])
    ax.axhline(threshold, color="#b22222", linestyle="--", linewidth=1)
    ax.text(0.5, threshold, f" case_min_score {threshold:g}", color="#b22222", va="bottom", fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_xlabel("province (GB/T 2260 code; 66: the Corps)")
    ax.set_ylabel("cycle score (of 100)")
    ax.set_title(f"Cycle scores as of {people.attrs['as_of']}: {len(scored)} participants with a year due")
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def shortlist_rows(people: pd.DataFrame, provinces: pd.DataFrame) -> pd.DataFrame:
    """The national shortlist, then each province's, one row per entry in the core's order."""
    rows: List[Dict[str, Any]] = []
    for rank, c in enumerate(provinces.attrs["case_shortlist"], start=1):
        rows.append({"list": "national", "rank": rank, **c})
    for code, row in provinces.iterrows():
        for rank, app in enumerate(str(row["case_shortlist"]).split(), start=1):
            rows.append(
                {"list": code, "rank": rank, "application_id": app, "province": code,
                 "cycle_score": people.loc[app, "cycle_score"]}
            )
    frame = pd.DataFrame(rows, columns=["list", "rank", "application_id", "province", "cycle_score"])
    frame["province_name"] = frame["province"].map(provinces["name"].to_dict())
    frame["person_id"] = frame["application_id"].map(people["person_id"].to_dict())
    return frame


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("input", type=pathlib.Path, nargs="?", default=pathlib.Path("target/demo"),
                        help="a Summary input JSON file, or a directory (qgx demo --write DIR)")
    parser.add_argument("--sample", action="store_true", help="use a small built-in sample")
    parser.add_argument("--as-of", default="2026-09-30", help="the summary's date, YYYY-MM-DD")
    parser.add_argument("--out", type=pathlib.Path, default=None, help="where to write the PNG and CSV")
    args = parser.parse_args(argv)

    if args.sample:
        summary, source = sample(), "the built-in sample"
        out_dir = args.out or pathlib.Path(".")
    else:
        try:
            summary, source = read_input(args.input)
        except FileNotFoundError as e:
            print(e, file=sys.stderr)
            return 2
        out_dir = args.out or (args.input if args.input.is_dir() else args.input.parent)
    out_dir.mkdir(parents=True, exist_ok=True)

    try:
        people, provinces = summarize_frames(summary, as_of=args.as_of)
    except qgx.InvalidInputError as e:
        print(f"{source}: {e.kind} at {e.path or '/'}: {e}", file=sys.stderr)
        return 2
    # The threshold the candidacy used: the ruleset's, with the input's own overrides.
    rules = qgx.Ruleset.edition_2024().with_overrides(summary.get("ruleset") or {})
    people.attrs["case_min_score"] = rules.to_dict()["case_min_score"]

    stamp = people.attrs["ruleset"]
    print(f"qgx {qgx.ENGINE_VERSION}, ruleset {stamp['edition']} {stamp['hash'][:19]}…, {source}")
    due = people[people["due"] > 0]
    print(
        f"as of {people.attrs['as_of']}: {len(people)} participants, {int(people['due'].sum())} "
        f"reports due, {int(people['on_time_complete'].sum())} on time and complete, "
        f"{int(people['overdue'].sum())} overdue; mean cycle score "
        f"{due['cycle_score'].mean():.2f}; {int(people['case_candidate'].sum())} case candidates\n"
    )
    table = provinces.drop(columns=["case_shortlist"]).copy()
    table["candidates"] = people.groupby("province", dropna=False)["case_candidate"].sum().reindex(
        table.index
    ).fillna(0).astype(int).to_numpy()
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_rows", 40):
        print(table.sort_values("mean_cycle_score", ascending=False).to_string())

    png = out_dir / "cycle_scores.png"
    plot(people, provinces, png)
    csv = out_dir / "shortlist.csv"
    shortlist = shortlist_rows(people, provinces)
    shortlist.to_csv(csv, index=False, encoding="utf-8")
    national = shortlist[shortlist["list"] == "national"]
    print(f"\nnational shortlist: {len(national)} of {int(people['case_candidate'].sum())} candidates")
    for _, row in national.head(5).iterrows():
        print(f"  {row['rank']:>2}. {row['application_id']}  {row['province_name']}  {row['cycle_score']:.2f}")
    print(f"\nwrote {png}\nwrote {csv} ({len(shortlist)} rows: national, then each province's)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
