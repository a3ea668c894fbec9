"""qgx.pandas: DataFrames in and out, the same numbers as the core functions."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import pytest

import qgx

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")
from qgx.pandas import (  # noqa: E402
    SCORE_PARTS,
    TASKS,
    TOTALS,
    records,
    score_reports,
    select_frames,
    summarize_frames,
)


def test_score_reports_one_row_per_report(
    report: dict[str, Any], incomplete_report: dict[str, Any]
) -> None:
    df = score_reports([report, incomplete_report])
    assert list(df.index) == [0, 1]
    assert len(df) == 2
    checked = [qgx.check_report(report), qgx.check_report(incomplete_report)]
    for (_, row), out in zip(df.iterrows(), checked):
        assert row["application_id"] == out["application_id"]
        assert row["complete"] == out["complete"]
        assert row["completeness"] == out["completeness"]
        assert row["score"] == out["score"]["total"]
        for task in TASKS:
            for part in SCORE_PARTS:
                assert row[f"{task}_{part}"] == out["score"]["tasks"][task][part]
        errors = [f for f in out["findings"] if f["severity"] == "error"]
        assert row["errors"] == len(errors)
        if errors:
            assert row["first_error_code"] == errors[0]["code"]
            assert row["first_error_rule"] == errors[0]["rule"]
        else:  # missing, as pandas shows it
            assert pd.isna(row["first_error_code"])
    assert pd.isna(df.loc[0, "first_error_code"])
    assert df.loc[1, "errors"] > 0
    assert df.attrs["ruleset"]["edition"] == "2024"


def test_score_reports_from_a_dataframe_keeps_its_index(report: dict[str, Any]) -> None:
    draft = {k: v for k, v in report.items() if k != "submitted_at"}
    frame = pd.DataFrame([report, draft], index=["a", "b"])
    # The draft's missing submitted_at is NaN in the frame: it must become an absent field.
    assert frame["submitted_at"].isna().sum() == 1
    frame["cycle_year"] = frame["cycle_year"].astype("int64")  # numpy integers
    df = score_reports(frame, as_of="2025-09-05")
    assert list(df.index) == ["a", "b"]
    assert df.loc["a", "status"] == "submitted_on_time"
    assert df.loc["b", "status"] == "overdue"


def test_score_reports_empty_and_ruleset() -> None:
    df = score_reports([], ruleset={"priority_mode": "tie_break"})
    assert len(df) == 0 and "score" in df.columns
    assert df.attrs["ruleset"]["hash"] == (
        qgx.Ruleset.edition_2024().with_overrides({"priority_mode": "tie_break"}).hash
    )


def test_score_reports_bad_row_names_it(report: dict[str, Any]) -> None:
    bad = copy.deepcopy(report)
    bad["tasks"]["party_building"]["activities"][0]["form"] = "dance"
    with pytest.raises(qgx.InvalidInputError) as e:
        score_reports([report, bad])
    assert e.value.path == "/1/tasks/party_building/activities/0/form"


def test_records_converts_cells() -> None:
    rows = records(pd.DataFrame({"a": [np.int64(3), None], "b": [np.float64(1.5), np.nan]}))
    assert rows == [{"a": 3, "b": 1.5}, {}]
    assert type(rows[0]["a"]) is int


def test_select_frames(selection: dict[str, Any]) -> None:
    apps, provs = select_frames(selection)
    result = qgx.select(selection)
    assert list(apps.index) == [a["id"] for a in result["applications"]]
    for a in result["applications"]:
        row = apps.loc[a["id"]]
        assert row["outcome"] == a["outcome"]
        assert row["outcome_rule"] == a["outcome_rule"]
        assert row["recommended"] == a["recommended"]
        assert row["findings"] == len(a["findings"])
    for p in result["provinces"]:
        row = provs.loc[p["province"]]
        for count in ("national_team", "pending_review", "rejected", "provincial_candidates"):
            assert row[count] == p[count]
        assert row["candidates"] == p["candidates"]
        last_in = (p["cut_line"] or {}).get("last_in") or {}
        assert row["last_in_id"] == last_in.get("id")
    assert provs.attrs["compliance"] == result["compliance"]
    assert apps.attrs["ruleset"] == result["ruleset"]


def test_select_frames_from_parts(selection: dict[str, Any]) -> None:
    apps_df = pd.DataFrame(selection["applications"])
    provs_df = pd.DataFrame(selection["provinces"])
    apps, provs = select_frames(
        applications=apps_df,
        provinces=provs_df,
        registry=selection["registry"],
        office_decisions=selection["office_decisions"],
    )
    whole_apps, whole_provs = select_frames(selection)
    pd.testing.assert_frame_equal(apps, whole_apps)
    pd.testing.assert_frame_equal(provs, whole_provs)
    with pytest.raises(TypeError):
        select_frames(selection, applications=apps_df)


def test_core_functions_work_without_pandas() -> None:
    # A fresh interpreter where importing pandas fails: qgx itself still works.
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import qgx\n"
        "assert qgx.next_due('2025-03-01')['year'] == 1\n"
        "try:\n"
        "    import qgx.pandas\n"
        "except ImportError:\n"
        "    print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def _summary_input(report: dict[str, Any]) -> dict[str, Any]:
    reports = []
    for app, years in (("A-1", (1, 2)), ("A-2", (1,)), ("A-3", (1, 2))):
        for year in years:
            r = copy.deepcopy(report)
            r["application_id"] = app
            r["cycle_year"] = year
            r["submitted_at"] = f"{2024 + year}-08-20T10:00:00+08:00"
            for task in r["tasks"].values():
                for a in task["activities"]:
                    a["date"] = f"{int(a['date'][:4]) + year - 1}{a['date'][4:]}"
            reports.append(r)
    participants = [
        {"application_id": "A-1", "province": "11", "person_id": "P-1"},
        {"application_id": "A-2", "province": "11"},
    ]
    return {"reports": reports, "participants": participants}


def test_summarize_frames_one_row_per_participant(report: dict[str, Any]) -> None:
    summary = _summary_input(report)
    parts, provs = summarize_frames(summary, as_of="2026-09-30", ruleset={"case_min_score": 0})
    out = qgx.summarize_cycle(summary, as_of="2026-09-30", ruleset={"case_min_score": 0})
    assert list(parts.index) == ["A-1", "A-2", "A-3"]
    assert parts.index.name == "application_id"
    for p in out["participants"]:
        row = parts.loc[p["application_id"]]
        for y in p["years"]:
            assert row[f"year{y['year']}_status"] == y["status"]
            if y["score"] is None:
                assert pd.isna(row[f"year{y['year']}_score"])
            else:
                assert row[f"year{y['year']}_score"] == y["score"]
        for k in ("due", "on_time_complete", "overdue", "cycle_score", "case_candidate"):
            assert row[k] == p[k]
        for task in TASKS:
            for total in TOTALS:
                assert row[f"{task}_{total}"] == p["totals"][task][total]
        assert row["findings"] == len(p["findings"])
    assert parts.loc["A-1", "person_id"] == "P-1"
    assert parts.loc["A-2", "year2_status"] == "overdue"
    assert pd.isna(parts.loc["A-3", "province"])
    assert list(parts.columns[:5]) == ["province", "person_id", "year1_status", "year1_complete", "year1_score"]
    assert "year3_status" in parts.columns
    # Provinces: 11, then the participants not listed (province missing) last.
    assert list(provs["name"].iloc[:1]) == ["北京市"]
    assert len(provs) == 2 and pd.isna(provs.index[1])
    assert provs.iloc[0]["participants"] == 2
    assert provs.iloc[0]["case_shortlist"] == " ".join(
        c["application_id"] for c in out["provinces"][0]["case_shortlist"]
    )
    assert provs.attrs["case_shortlist"] == out["case_shortlist"]
    assert parts.attrs["ruleset"] == out["ruleset"] == provs.attrs["ruleset"]
    assert parts.attrs["as_of"] == "2026-09-30"


def test_summarize_frames_from_parts(report: dict[str, Any]) -> None:
    summary = _summary_input(report)
    whole = summarize_frames(summary, as_of="2026-09-30")
    reports = pd.DataFrame(summary["reports"])
    people = pd.DataFrame(summary["participants"])  # person_id is NaN for A-2: absent
    split = summarize_frames(reports=reports, participants=people, as_of="2026-09-30")
    pd.testing.assert_frame_equal(whole[0], split[0])
    pd.testing.assert_frame_equal(whole[1], split[1])
    with pytest.raises(TypeError):
        summarize_frames(summary, reports=reports, as_of="2026-09-30")
    empty, no_provinces = summarize_frames(reports=[], as_of="2026-09-30")
    assert len(empty) == 0 and len(no_provinces) == 0
    assert "cycle_score" in empty.columns
    bad = people.assign(province=["11", "99"])
    with pytest.raises(qgx.InvalidInputError) as e:
        summarize_frames(reports=reports, participants=bad, as_of="2026-09-30")
    assert e.value.path == "/participants/1/province"
