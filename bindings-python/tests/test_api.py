"""Every function of the qgx module, as an analyst calls it: results, errors, rulesets."""

from __future__ import annotations

import copy
import datetime
import pickle
import sys
import threading
import time
import typing
from typing import Any

import pytest

import qgx
import qgx.types
from conftest import EXAMPLES, load


def codes(result: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["rule"], f["code"]) for f in result["findings"]]


# --- results -------------------------------------------------------------------------------


def test_check_report_complete(report: dict[str, Any]) -> None:
    out = qgx.check_report(report)
    assert out["complete"] is True
    assert out["completeness"] == 1.0
    assert out["findings"] == []
    assert out["score"]["total"] == pytest.approx(54.17)
    assert set(out["score"]["tasks"]) == {
        "party_building", "education_service", "tech_empowerment", "practice_education"
    }
    assert out["ruleset"]["edition"] == "2024"
    assert out["ruleset"]["hash"] == qgx.Ruleset.edition_2024().hash
    assert out["status"] == "submitted_on_time"


def test_check_report_findings_cite_clauses(incomplete_report: dict[str, Any]) -> None:
    out = qgx.check_report(incomplete_report)
    assert out["complete"] is False
    assert 0 < out["completeness"] < 1
    for f in out["findings"]:
        assert f["rule"].startswith("R-")
        assert f["path"] == "" or f["path"].startswith("/")
        assert f["message"]["zh"] and f["message"]["en"]
        assert f["severity"] in {"error", "warning", "info"}
    # The reasons, each with its clause, in the core's order.
    assert [(f["rule"], f["code"], f["path"]) for f in out["findings"]] == [
        ("R-ANNUAL", "submitted_late", "/submitted_at"),
        ("R-TASK-3", "task_not_covered", "/tasks/tech_empowerment"),
        ("R-TASK-3", "form_not_allowed", "/tasks/tech_empowerment/activities/0/form"),
        ("R-ANNUAL", "description_too_short", "/tasks/tech_empowerment/activities/0/description"),
        ("R-ANNUAL", "no_evidence", "/tasks/tech_empowerment/activities/0/evidence"),
        ("R-TASK-4", "task_not_covered", "/tasks/practice_education"),
        ("R-ANNUAL", "date_outside_period", "/tasks/practice_education/activities/0/date"),
    ]
    assert out["findings"][0]["severity"] == "warning"
    assert all(f["severity"] == "error" for f in out["findings"][1:])


def test_check_report_as_of_date_or_string(report: dict[str, Any]) -> None:
    draft = {k: v for k, v in report.items() if k != "submitted_at"}
    by_date = qgx.check_report(draft, as_of=datetime.date(2025, 9, 5))
    by_text = qgx.check_report(draft, as_of="2025-09-05")
    assert by_date == by_text
    assert by_date["status"] == "overdue"
    assert qgx.check_report(draft)["status"] is None
    assert qgx.check_report(draft, as_of="2025-07-10")["status"] == "open"


def test_check_reports_is_check_report_in_order(
    report: dict[str, Any], incomplete_report: dict[str, Any]
) -> None:
    batch = [report, incomplete_report, report]
    assert qgx.check_reports(batch) == [qgx.check_report(r) for r in batch]
    assert qgx.check_reports([]) == []
    assert qgx.check_reports((report,)) == [qgx.check_report(report)]


def test_check_reports_error_names_the_report(report: dict[str, Any]) -> None:
    bad = copy.deepcopy(report)
    bad["cycle_year"] = "one"
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_reports([report, bad])
    assert e.value.path == "/1/cycle_year"


def test_check_reports_across_chunks(
    report: dict[str, Any], incomplete_report: dict[str, Any]
) -> None:
    # Batches of more than one chunk (512) are checked on a worker thread while the next chunk
    # is read: the results keep their order, and a bad report in a later chunk is still named
    # by its index while the chunk before it is being checked.
    batch = [report if i % 7 else incomplete_report for i in range(1500)]
    one = {id(r): qgx.check_report(r) for r in (report, incomplete_report)}
    assert qgx.check_reports(batch) == [one[id(r)] for r in batch]
    bad = copy.deepcopy(report)
    bad["cycle_year"] = "one"
    for at in (511, 512, 1024, 1499):
        with pytest.raises(qgx.InvalidInputError) as e:
            qgx.check_reports(batch[:at] + [bad] + batch[at + 1 :])
        assert e.value.path == f"/{at}/cycle_year"


def test_check_reports_releases_the_gil(report: dict[str, Any]) -> None:
    # With a switch interval far longer than the test, the other thread can only run while this
    # one gives the GIL up of its own accord: ticks counted during the call prove that
    # check_reports released it (holding it throughout would leave exactly 0).
    ticks = 0
    in_call = False
    done = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not done.is_set():
            if in_call:
                ticks += 1
            time.sleep(0)  # gives the GIL back at once, so the main thread is never kept waiting

    batch = [report] * 20000
    interval = sys.getswitchinterval()
    sys.setswitchinterval(10.0)
    t = threading.Thread(target=tick)
    t.start()
    try:
        in_call = True
        results = qgx.check_reports(batch)
        in_call = False
    finally:
        done.set()
        t.join()
        sys.setswitchinterval(interval)
    assert len(results) == 20000
    assert ticks > 0


def test_check_plan() -> None:
    out = qgx.check_plan({"objectives": {}, "activities": [], "outputs": [], "milestones": {}})
    assert out["ruleset"]["edition"] == "2024"
    assert ("R-PLAN", "objective_missing") in codes(out)


def test_check_application_and_registry(selection: dict[str, Any]) -> None:
    app = selection["applications"][0]
    out = qgx.check_application(app)
    assert out["id"] == app["id"]
    # A candidate's outcome is decided by the selection; alone it only passes the gates.
    assert out["candidate"] is True and out["outcome"] is None
    assert ("R-CLAIM", "claim_not_verified") in codes(out)
    with_registry = qgx.check_application(app, selection["registry"])
    assert with_registry["id"] == app["id"]
    assert ("R-CLAIM", "claim_not_verified") not in codes(with_registry)
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_application(app, {"studios": "none"})
    assert e.value.path.startswith("/registry")


def test_select(selection: dict[str, Any]) -> None:
    out = qgx.select(selection)
    assert set(out) == {"ruleset", "applications", "provinces", "compliance"}
    assert len(out["applications"]) == len(selection["applications"])
    first = out["applications"][0]
    assert first["outcome_rule"].startswith("R-")
    # RULES.md §4.5, §4.9 (revision 2): R-DUP keeps P-0002's latest submission (A-0008); with no
    # office decision the recommended are `recommended`, not yet national team.
    assert {a["id"]: a["outcome"] for a in out["applications"]} == {
        "A-0001": "recommended", "A-0002": "duplicate", "A-0003": "recommended",
        "A-0004": "provincial_team", "A-0005": "ineligible", "A-0006": "recommended",
        "A-0007": "misrouted", "A-0008": "recommended", "A-0009": "not_endorsed",
    }
    beijing = out["provinces"][0]
    assert (beijing["recommended"], beijing["pending_review"], beijing["national_team"]) == (3, 3, 0)
    assert [f["code"] for f in beijing["findings"]] == ["provincial_provisional"]
    # R-MANDATORY (§4.10): compliance findings point at the list and name the person.
    assert [(f["code"], f["path"], f["person_id"], f["application_id"], f["province"])
            for f in out["compliance"]] == [
        ("mandatory_missing", "/registry/national_studios", "P-0099", None, "31")
    ]
    approved = qgx.select(dict(selection, office_decisions={"A-0001": "approved"}))
    assert approved["applications"][0]["outcome"] == "national_team"
    assert approved["provinces"][0]["pending_review"] == 2
    # Independent of input order.
    shuffled = dict(selection, applications=list(reversed(selection["applications"])))
    assert qgx.select(shuffled) == out


def test_select_ruleset_inside_the_input(selection: dict[str, Any]) -> None:
    inside = qgx.select(dict(selection, ruleset={"priority_mode": "tie_break"}))
    outside = qgx.select(selection, ruleset={"priority_mode": "tie_break"})
    assert inside == outside
    with pytest.raises(qgx.InvalidRulesetError) as e:
        qgx.select(dict(selection, ruleset={"priority_mode": "sometimes"}))
    assert e.value.path == "/ruleset/priority_mode"


def test_cycle_functions() -> None:
    st = qgx.cycle_status("2026-01-01")
    assert st["as_of"] == "2026-01-01"
    assert st["ruleset"]["edition"] == "2024"
    due = qgx.next_due(datetime.date(2025, 3, 1))
    assert due == {"year": 1, "window_opens": "2025-07-03", "due": "2025-08-31", "days_left": 183}
    assert qgx.next_due("2030-01-01") is None
    on_time = qgx.report_status(1, "2025-08-20T10:00:00+08:00", as_of="2025-09-01")
    assert on_time["status"] == "submitted_on_time"
    assert on_time["submitted_on"] == "2025-08-20"
    assert qgx.report_status(1, as_of="2025-09-05")["status"] == "overdue"
    assert qgx.report_status(1, None, as_of="2025-01-01")["status"] == "not_due"


def test_schema_and_catalog() -> None:
    assert len(qgx.SCHEMA_NAMES) == len(set(qgx.SCHEMA_NAMES)) >= 20
    assert {"summary_input", "cycle_summary", "comparison"} <= set(qgx.SCHEMA_NAMES)
    for name in qgx.SCHEMA_NAMES:
        s = qgx.schema(name)
        assert s["$schema"].startswith("https://json-schema.org/")
    with pytest.raises(qgx.UnknownSchemaError):
        qgx.schema("nope")
    cat = qgx.catalog()
    # One entry per code, and exactly the codes of the schemas' `Code` (revision 2: 45).
    assert len(cat) == len({c["code"] for c in cat})
    assert {c["code"] for c in cat} == set(typing.get_args(qgx.types.Code))
    assert "mandatory_not_participating" in {c["code"] for c in cat}
    assert "mandatory_not_selected" not in {c["code"] for c in cat}
    assert {"code": "report_superseded", "severity": "info"}.items() <= next(
        c for c in cat if c["code"] == "report_superseded"
    ).items()
    assert all(c["zh"] and c["en"] and c["severity"] for c in cat)


# --- rulesets --------------------------------------------------------------------------------


def test_ruleset_overrides_and_hash(report: dict[str, Any]) -> None:
    base = qgx.Ruleset.edition_2024()
    assert base.edition == "2024"
    assert base.hash.startswith("sha256:") and len(base.hash) == 71
    tie = base.with_overrides({"priority_mode": "tie_break"})
    assert tie.hash != base.hash
    assert tie.to_dict()["priority_mode"] == "tie_break"
    assert base.to_dict()["edition"] == "2024"
    # A dict of overrides works wherever a Ruleset does.
    assert qgx.check_report(report, ruleset={"priority_mode": "tie_break"})["ruleset"][
        "hash"
    ] == tie.hash
    assert qgx.check_report(report, ruleset=tie)["ruleset"]["hash"] == tie.hash
    assert qgx.Ruleset.from_dict(tie.to_dict()) == tie
    assert "2024" in repr(tie)
    assert tie.stamp() == qgx.check_report(report, ruleset=tie)["ruleset"]
    assert qgx._qgx.ruleset_stamp({"priority_mode": "tie_break"}) == tie.stamp()
    assert len({base, qgx.Ruleset.edition_2024(), tie}) == 2


def test_ruleset_pickles() -> None:
    rs = qgx.Ruleset.edition_2024().with_overrides({"cycle_years": 4, "priority_mode": "tie_break"})
    back = pickle.loads(pickle.dumps(rs))
    assert isinstance(back, qgx.Ruleset)
    assert back.hash == rs.hash and back == rs
    assert back.to_dict() == rs.to_dict()
    assert qgx.cycle_status("2026-01-01", ruleset=back) == qgx.cycle_status(
        "2026-01-01", ruleset=rs
    )


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"priority_mode": "sometimes"}, "/priority_mode"),
        ({"cycle_years": 0}, "/cycle_years"),
        ({"no_such_parameter": 1}, "/no_such_parameter"),
        ({"cycle_years": "three"}, "/cycle_years"),
        ([1, 2], ""),
    ],
)
def test_bad_overrides(overrides: Any, path: str) -> None:
    with pytest.raises(qgx.InvalidRulesetError) as e:
        qgx.Ruleset.edition_2024().with_overrides(overrides)
    assert e.value.kind == "invalid_ruleset"
    assert e.value.path == path
    assert isinstance(e.value, ValueError)


# --- malformed input -----------------------------------------------------------------------


def _report_with(report: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(report)
    *parents, last = pointer.strip("/").split("/")
    node: Any = out
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return out


ACT = "/tasks/party_building/activities/0"


@pytest.mark.parametrize(
    ("pointer", "value", "path"),
    [
        # wrong types
        ("/cycle_year", "1", "/cycle_year"),
        ("/cycle_year", 1.5, "/cycle_year"),
        (f"{ACT}/participants/teachers", "five", f"{ACT}/participants/teachers"),
        (f"{ACT}/rural_revitalization", "true", f"{ACT}/rural_revitalization"),
        (f"{ACT}/evidence", "https://x", f"{ACT}/evidence"),
        # unknown field and unknown enum value
        (f"{ACT}/colour", "red", f"{ACT}/colour"),
        (f"{ACT}/form", "dance", f"{ACT}/form"),
        # out of range
        (f"{ACT}/participants/students", -1, f"{ACT}/participants/students"),
        (f"{ACT}/participants/students", 2**70, f"{ACT}/participants/students"),
        # invalid dates and timestamps
        (f"{ACT}/date", "2025-02-30", f"{ACT}/date"),
        (f"{ACT}/date", "12/03/2025", f"{ACT}/date"),
        ("/submitted_at", "yesterday", "/submitted_at"),
        # not JSON data at all
        (f"{ACT}/date", datetime.date(2025, 3, 12), f"{ACT}/date"),
        (f"{ACT}/participants/teachers", float("nan"), f"{ACT}/participants/teachers"),
        (f"{ACT}/evidence", {"a", "b"}, f"{ACT}/evidence"),
    ],
)
def test_bad_report_names_the_path(
    report: dict[str, Any], pointer: str, value: Any, path: str
) -> None:
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report(_report_with(report, pointer, value))
    err = e.value
    assert err.kind == "invalid_input"
    assert err.path == path
    assert err.errors[0]["path"] == path
    assert err.errors[0]["message"]
    assert path in str(err)
    assert isinstance(err, ValueError)


def test_missing_field_and_wrong_top_level(report: dict[str, Any]) -> None:
    without = {k: v for k, v in report.items() if k != "application_id"}
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report(without)
    assert e.value.path == "/application_id"
    for bad in ([], "report", 3, None):
        with pytest.raises(qgx.InvalidInputError) as e:
            qgx.check_report(bad)
        assert e.value.path == ""
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report({1: "x"})
    assert e.value.path == ""


@pytest.mark.parametrize(
    "as_of", ["2025-13-01", "2025-1-1", "", datetime.datetime(2025, 1, 1, 8, 0), 20250101]
)
def test_bad_as_of(report: dict[str, Any], as_of: Any) -> None:
    for call in (
        lambda: qgx.check_report(report, as_of=as_of),
        lambda: qgx.cycle_status(as_of),
        lambda: qgx.next_due(as_of),
        lambda: qgx.report_status(1, as_of=as_of),
    ):
        with pytest.raises(qgx.InvalidArgumentError) as e:
            call()
        assert e.value.kind == "invalid_argument"
        assert e.value.path == "/as_of"
        assert isinstance(e.value, qgx.InvalidInputError)


@pytest.mark.parametrize(
    ("year", "submitted_at", "path"),
    [(0, None, "/year"), (7, None, "/year"), (-1, None, "/year"), ("1", None, "/year"),
     (True, None, "/year"), (1, "20/08/2025", "/submitted_at"), (1, 20250820, "/submitted_at")],
)
def test_bad_report_status_arguments(year: Any, submitted_at: Any, path: str) -> None:
    with pytest.raises(qgx.InvalidArgumentError) as e:
        qgx.report_status(year, submitted_at, as_of="2025-09-01")
    assert e.value.path == path


def test_bad_selection_names_the_application(selection: dict[str, Any]) -> None:
    bad = copy.deepcopy(selection)
    bad["applications"][2]["province"] = "99"
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.select(bad)
    assert e.value.path.startswith("/applications/2")


def test_keyword_only_and_required_arguments(report: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        qgx.check_report(report, "2025-09-01")  # type: ignore[misc]
    with pytest.raises(TypeError):
        qgx.report_status(1)  # type: ignore[call-arg]


def test_no_input_crashes_the_interpreter() -> None:
    # Deeply nested, huge, self-referencing and exotic inputs: errors, never a crash.
    deep: Any = []
    for _ in range(100000):
        deep = [deep]
    with pytest.raises(qgx.InvalidInputError):
        qgx.check_report({"application_id": "x", "cycle_year": 1, "tasks": deep})
    loop: dict[str, Any] = {}
    loop["tasks"] = loop
    with pytest.raises((qgx.InvalidInputError, RecursionError)):
        qgx.check_report(loop)
    for bad in (object(), b"bytes", 1j, qgx, range(3)):
        with pytest.raises(qgx.InvalidInputError):
            qgx.check_report(bad)


def test_examples_are_valid_inputs() -> None:
    for name in ("report.json", "report-incomplete.json"):
        assert qgx.check_report(load(EXAMPLES / name))["application_id"]


def test_the_garbage_collector_is_left_as_it_was(report: dict[str, Any]) -> None:
    import gc

    assert gc.isenabled()
    qgx.check_reports([report] * 10)
    assert gc.isenabled()
    gc.disable()
    try:
        qgx.check_reports([report] * 10)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_direct_and_checked_reading_agree(report: dict[str, Any]) -> None:
    # Bool is not an int, a whole float is not an int: the same as JSON text would be.
    for pointer, value in (("/cycle_year", True), ("/cycle_year", 1.0)):
        with pytest.raises(qgx.InvalidInputError) as e:
            qgx.check_report(_report_with(report, pointer, value))
        assert e.value.path == pointer
    # Tuples read as lists; dict subclasses as dicts.
    import collections

    as_tuple = _report_with(report, "/tasks/party_building/activities", tuple(
        report["tasks"]["party_building"]["activities"]))
    assert qgx.check_report(as_tuple) == qgx.check_report(report)
    ordered = collections.OrderedDict(report)
    assert qgx.check_report(ordered) == qgx.check_report(report)
