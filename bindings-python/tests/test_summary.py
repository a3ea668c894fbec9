"""qgx.summarize_cycle (R-SUMMARY): dicts in and out, as_of forms, bad input with its path."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

import qgx


def in_year(report: dict[str, Any], year: int, submitted_at: str | None) -> dict[str, Any]:
    """The example report moved to cycle year `year` (its activities a year later per year)."""
    r = copy.deepcopy(report)
    r["cycle_year"] = year
    if submitted_at is None:
        r.pop("submitted_at", None)
    else:
        r["submitted_at"] = submitted_at
    for task in r["tasks"].values():
        for a in task["activities"]:
            a["date"] = f"{int(a['date'][:4]) + year - 1}{a['date'][4:]}"
    return r


@pytest.fixture
def three_years(report: dict[str, Any]) -> dict[str, Any]:
    other = copy.deepcopy(report)
    other["application_id"] = "A-0002"
    return {
        "reports": [
            in_year(report, 1, "2025-08-20T10:00:00+08:00"),
            in_year(report, 2, "2026-09-02T09:00:00+08:00"),  # late
            in_year(report, 3, None),  # a draft
            in_year(other, 1, "2025-08-01T10:00:00+08:00"),
            in_year(other, 1, "2025-08-21T10:00:00+08:00"),  # the resubmission counts
        ],
        "participants": [
            {"application_id": "A-0001", "province": "11", "person_id": "P-0001"},
            {"application_id": "A-0002", "province": "66"},
        ],
    }


def test_summarize_cycle(three_years: dict[str, Any]) -> None:
    out = qgx.summarize_cycle(three_years, as_of="2026-09-30")
    assert out["as_of"] == "2026-09-30"
    assert out["ruleset"] == qgx.Ruleset.edition_2024().stamp()
    one, two = out["participants"]
    assert (one["application_id"], one["province"], one["person_id"]) == ("A-0001", "11", "P-0001")
    assert [y["status"] for y in one["years"]] == ["submitted_on_time", "submitted_late", "not_due"]
    assert [y["complete"] for y in one["years"]] == [True, True, True]
    assert (one["due"], one["on_time_complete"], one["overdue"]) == (2, 1, 0)
    assert one["cycle_score"] == one["years"][0]["score"]
    assert one["case_candidate"] is False
    assert one["findings"] == []
    assert set(one["totals"]) == {"party_building", "education_service", "tech_empowerment", "practice_education"}
    assert set(one["totals"]["party_building"]) == {"valid_activities", "reach", "outputs", "rural_activities"}
    # A-0002: year 1's resubmission counts, year 2 overdue counts 0.
    assert (two["province"], two["person_id"]) == ("66", None)
    assert [f["code"] for f in two["findings"]] == ["report_superseded"]
    assert [(f["rule"], f["severity"], f["path"]) for f in two["findings"]] == [("R-SUMMARY", "info", "")]
    assert (two["due"], two["on_time_complete"], two["overdue"]) == (2, 1, 1)
    assert two["years"][1]["score"] is None
    assert [p["province"] for p in out["provinces"]] == ["11", "66"]
    assert out["provinces"][1]["name"] == "新疆生产建设兵团"
    assert out["case_shortlist"] == []


def test_summarize_cycle_shortlists_and_ruleset(three_years: dict[str, Any]) -> None:
    lax = {"case_min_score": 0}
    out = qgx.summarize_cycle(three_years, as_of="2025-09-30", ruleset=lax)
    assert [c["application_id"] for c in out["case_shortlist"]] == ["A-0001", "A-0002"]
    assert out["case_shortlist"][0]["province"] == "11"
    assert out["ruleset"] == qgx.Ruleset.edition_2024().with_overrides(lax).stamp()
    # The input's own ruleset merges over the one given, and names the same rules.
    inside = qgx.summarize_cycle({**three_years, "ruleset": lax}, as_of="2025-09-30")
    assert inside == out
    rs = qgx.Ruleset.edition_2024().with_overrides(lax)
    assert qgx.summarize_cycle(three_years, as_of="2025-09-30", ruleset=rs) == out


def test_summarize_cycle_as_of_forms(three_years: dict[str, Any]) -> None:
    by_text = qgx.summarize_cycle(three_years, as_of="2026-09-30")
    assert qgx.summarize_cycle(three_years, as_of=datetime.date(2026, 9, 30)) == by_text
    # The reports as given, whatever the input lists' order.
    shuffled = {**three_years, "reports": three_years["reports"][::-1]}
    assert qgx.summarize_cycle(shuffled, as_of="2026-09-30") == by_text
    # Only the reports: every participant under province None.
    only = qgx.summarize_cycle({"reports": three_years["reports"]}, as_of="2026-09-30")
    assert [p["province"] for p in only["participants"]] == [None, None]
    assert [(p["province"], p["name"]) for p in only["provinces"]] == [(None, None)]
    empty = qgx.summarize_cycle({"reports": []}, as_of="2026-09-30")
    assert (empty["participants"], empty["provinces"], empty["case_shortlist"]) == ([], [], [])


@pytest.mark.parametrize(
    "as_of", ["2025-13-01", "2025-9-30", "", datetime.datetime(2025, 9, 30, 8, 0), 20250930, None]
)
def test_summarize_cycle_bad_as_of(as_of: Any) -> None:
    with pytest.raises(qgx.InvalidArgumentError) as e:
        qgx.summarize_cycle({"reports": []}, as_of=as_of)
    assert (e.value.kind, e.value.path) == ("invalid_argument", "/as_of")


def test_summarize_cycle_as_of_is_required_and_keyword_only() -> None:
    with pytest.raises(TypeError):
        qgx.summarize_cycle({"reports": []})  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        qgx.summarize_cycle({"reports": []}, "2025-09-30")  # type: ignore[misc]


def _set(obj: Any, pointer: str, value: Any) -> Any:
    obj = copy.deepcopy(obj)
    *parents, last = pointer.strip("/").split("/")
    node = obj
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return obj


ACT = "/reports/1/tasks/party_building/activities/0"


@pytest.mark.parametrize(
    ("pointer", "value", "kind", "path"),
    [
        ("/reports/0/cycle_year", "1", "invalid_input", "/reports/0/cycle_year"),
        ("/reports/0/cycle_year", True, "invalid_input", "/reports/0/cycle_year"),
        ("/reports/2/submitted_at", "yesterday", "invalid_input", "/reports/2/submitted_at"),
        (f"{ACT}/date", "2026-02-30", "invalid_input", f"{ACT}/date"),
        (f"{ACT}/evidence", {"a", "b"}, "invalid_input", f"{ACT}/evidence"),
        (f"{ACT}/participants/teachers", float("nan"), "invalid_input", f"{ACT}/participants/teachers"),
        ("/reports/3/summry", "x", "invalid_input", "/reports/3/summry"),
        ("/participants/1/province", "99", "invalid_input", "/participants/1/province"),
        ("/participants/1/province", 66, "invalid_input", "/participants/1/province"),
        ("/participants/0/nickname", "张三", "invalid_input", "/participants/0/nickname"),
        ("/participants", {"A-0001": "11"}, "invalid_input", "/participants"),
        ("/reports", None, "invalid_input", "/reports"),
        ("/ruleset", {"case_min_score": "high"}, "invalid_ruleset", "/ruleset/case_min_score"),
        ("/ruleset", {"case_min_score": 101}, "invalid_ruleset", "/ruleset/case_min_score"),
        ("/ruleset", {"case_shortlist_size": -1}, "invalid_ruleset", "/ruleset/case_shortlist_size"),
        ("/ruleset", {"case_min_scor": 80}, "invalid_ruleset", "/ruleset/case_min_scor"),
        ("/shortlist", 5, "invalid_input", "/shortlist"),
    ],
)
def test_summarize_cycle_bad_input_names_the_path(
    three_years: dict[str, Any], pointer: str, value: Any, kind: str, path: str
) -> None:
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.summarize_cycle(_set(three_years, pointer, value), as_of="2026-09-30")
    err = e.value
    assert (err.kind, err.path) == (kind, path)
    assert err.errors[0]["path"] == path
    assert (err.line, err.column) == (None, None)  # Python objects have no lines
    assert path in str(err)
    if kind == "invalid_ruleset":
        assert isinstance(err, qgx.InvalidRulesetError)


def test_summarize_cycle_malformed_groups(three_years: dict[str, Any]) -> None:
    # Two reports of one year at one instant, or two drafts; one application twice in participants.
    same = _set(three_years, "/reports/4/submitted_at", "2025-08-01T02:00:00Z")
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.summarize_cycle(same, as_of="2026-09-30")
    assert e.value.path == "/reports/4/submitted_at"
    drafts = {**three_years, "reports": three_years["reports"] + [three_years["reports"][2]]}
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.summarize_cycle(drafts, as_of="2026-09-30")
    assert e.value.path == "/reports/5"
    twice = {**three_years, "participants": three_years["participants"] * 2}
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.summarize_cycle(twice, as_of="2026-09-30")
    assert e.value.path == "/participants/2/application_id"
    for bad in ([], "summary", 3, None):
        with pytest.raises(qgx.InvalidInputError) as e:
            qgx.summarize_cycle(bad, as_of="2026-09-30")
        assert e.value.path == ""
