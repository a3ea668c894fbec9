"""The module's whole surface (issues 14–16): every call of the core's list and its JSON twin,
the file reader, compare, the one definition of `ruleset=`, hostile Python values, panics and
Ctrl-C."""

from __future__ import annotations

import copy
import json
import pathlib
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import qgx
from conftest import EXAMPLES

# --- one list of calls ----------------------------------------------------------------------


def test_every_call_of_the_core_is_here_with_its_json_twin() -> None:
    assert "compare" in qgx.CALLS and "check_reports" in qgx.CALLS
    for name in qgx.CALLS:
        assert callable(getattr(qgx, name)), name
        assert callable(getattr(qgx, f"{name}_json")), f"{name}_json"
        assert name in qgx.__all__ and f"{name}_json" in qgx.__all__


def test_the_check_can_fail() -> None:
    missing = [n for n in [*qgx.CALLS, "no_such_call"] if not hasattr(qgx, n)]
    assert missing == ["no_such_call"]


# --- JSON twins and the file reader ---------------------------------------------------------


def test_twins_take_str_or_bytes_and_give_the_same_answers(
    report: dict[str, Any], incomplete_report: dict[str, Any], selection: dict[str, Any]
) -> None:
    batch = [report, incomplete_report]
    text = json.dumps(batch, ensure_ascii=False)
    expected = qgx.check_reports(batch, as_of="2025-09-01")
    assert json.loads(qgx.check_reports_json(text, as_of="2025-09-01")) == expected
    assert json.loads(qgx.check_reports_json(text.encode(), as_of="2025-09-01")) == expected
    assert json.loads(qgx.check_report_json(json.dumps(report))) == qgx.check_report(report)
    assert json.loads(qgx.select_json(json.dumps(selection))) == qgx.select(selection)
    assert json.loads(qgx.cycle_status_json("2026-01-01")) == qgx.cycle_status("2026-01-01")
    assert json.loads(qgx.next_due_json("2030-01-01")) is None
    assert json.loads(qgx.report_status_json(1, as_of="2025-09-05")) == qgx.report_status(
        1, as_of="2025-09-05"
    )
    assert json.loads(qgx.schema_json("comparison")) == qgx.schema("comparison")
    assert json.loads(qgx.catalog_json()) == qgx.catalog()


def test_twin_errors_have_line_and_column(report: dict[str, Any]) -> None:
    text = json.dumps([report, {**report, "cycle_year": "1"}], indent=1)
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_reports_json(text)
    assert e.value.path == "/1/cycle_year"
    assert e.value.line is not None and e.value.line > 1 and e.value.column
    assert f"line {e.value.line}" in str(e.value)
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_reports_json(b"[\xff]")
    assert e.value.kind == "syntax"
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report_json("{")
    assert e.value.kind == "syntax"
    for bad in (123, None, {"a": 1}, ["[]"], bytearray(b"[]")):
        with pytest.raises(qgx.InvalidInputError):
            qgx.check_reports_json(bad)  # type: ignore[arg-type]
    empty = '{"applications": [], "provinces": []}'
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.compare_json(empty, '{"applications": []}')
    assert e.value.path == "/variant/provinces"
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.compare_json(empty, 7)  # type: ignore[arg-type]
    assert e.value.path == "/variant"


def test_check_reports_file(tmp_path: pathlib.Path, report: dict[str, Any]) -> None:
    path = tmp_path / "reports.json"
    path.write_text(json.dumps([report] * 3, ensure_ascii=False), encoding="utf-8")
    assert qgx.check_reports_file(path) == qgx.check_reports([report] * 3)
    assert qgx.check_reports_file(str(path), as_of="2025-09-01") == qgx.check_reports(
        [report] * 3, as_of="2025-09-01"
    )
    with pytest.raises(FileNotFoundError):
        qgx.check_reports_file(tmp_path / "missing.json")
    path.write_text('[{"cycle_year": 1}]', encoding="utf-8")
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_reports_file(path)
    assert e.value.path.startswith("/0/") and e.value.line == 1


# --- compare -------------------------------------------------------------------------------


def _one_more_place(selection: dict[str, Any]) -> dict[str, Any]:
    variant = copy.deepcopy(selection)
    variant["provinces"][0]["national_quota"] += 1
    return variant


def test_compare(selection: dict[str, Any]) -> None:
    same = qgx.compare(selection, selection)
    assert same["applications"] == [] and same["provinces"] == []
    assert same["base"] == same["variant"] == qgx.Ruleset.edition_2024().stamp()
    changed = qgx.compare(selection, _one_more_place(selection))
    assert changed["provinces"] and changed["provinces"][0]["province"] == "11"
    assert changed == json.loads(
        qgx.compare_json(json.dumps(selection), json.dumps(_one_more_place(selection)))
    )
    tie = qgx.compare(selection, {**selection, "ruleset": {"priority_mode": "tie_break"}})
    assert tie["variant"]["hash"] != tie["base"]["hash"]
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.compare(selection, {**selection, "provinces": "x"})
    assert e.value.path == "/variant/provinces"
    with pytest.raises(qgx.InvalidRulesetError) as e:
        qgx.compare({**selection, "ruleset": {"cycle_years": 0}}, selection)
    assert e.value.path == "/base/ruleset/cycle_years"


def test_compare_frames(selection: dict[str, Any]) -> None:
    from qgx.pandas import compare_frames

    apps, provs = compare_frames(selection, _one_more_place(selection))
    result = qgx.compare(selection, _one_more_place(selection))
    assert list(apps.index) == [a["id"] for a in result["applications"]]
    assert list(provs.index) == [p["province"] for p in result["provinces"]]
    assert {"base_outcome", "variant_outcome", "base_rank", "variant_rank"} <= set(apps.columns)
    assert {"base_national_quota", "variant_national_quota", "base_last_in_id"} <= set(provs.columns)
    row = provs.loc["11"]
    assert row["variant_national_quota"] == row["base_national_quota"] + 1
    assert apps.attrs["newly_recommended"] == result["newly_recommended"]
    assert provs.attrs["base"] == result["base"]


# --- one definition of `ruleset=` ----------------------------------------------------------


def test_ruleset_may_be_a_document_overrides_or_text(report: dict[str, Any]) -> None:
    tie = qgx.Ruleset.edition_2024().with_overrides({"priority_mode": "tie_break"})
    stamp = qgx._qgx.ruleset_stamp
    assert stamp(tie.to_dict()) == tie.stamp()  # a whole document: it has `edition`
    assert stamp(tie.canonical_json()) == tie.stamp()
    assert stamp({"priority_mode": "tie_break"}) == tie.stamp()  # overrides of 2024
    assert stamp('{"priority_mode": "tie_break"}') == tie.stamp()
    assert stamp(None) == qgx.Ruleset.edition_2024().stamp()
    with pytest.raises(qgx.InvalidRulesetError) as e:
        stamp({**tie.to_dict(), "cycle_years": 0})
    assert e.value.path == "/cycle_years"
    with pytest.raises(qgx.InvalidInputError) as e:
        stamp("{")
    assert e.value.kind == "syntax"


# --- hostile Python values (issue 16) -------------------------------------------------------


class MutatingList(list):  # type: ignore[type-arg]
    """A list whose __iter__ empties the dict being read (it made pyo3 panic)."""

    victim: dict[str, Any] = {}

    def __iter__(self) -> Any:
        self.victim.clear()
        return super().__iter__()

    def __len__(self) -> int:
        self.victim.clear()
        return super().__len__()


def test_a_list_that_mutates_the_dict_being_read(report: dict[str, Any]) -> None:
    for _ in range(3):
        bad = copy.deepcopy(report)
        acts = bad["tasks"]["party_building"]["activities"]
        MutatingList.victim = bad
        bad["tasks"]["party_building"]["activities"] = MutatingList(acts)
        # Read by index as json.dumps reads a list: its __iter__ is not called.
        assert qgx.check_report(bad) == qgx.check_report(report)
        assert bad  # untouched


def test_no_panic_reaches_python() -> None:
    with pytest.raises(qgx.InternalError) as e:
        qgx._qgx._panic_for_tests()
    assert isinstance(e.value, Exception)
    assert "deliberate" in str(e.value)


@pytest.mark.parametrize("name", [None, "\ud800", 1, b"report_check", ["x"]])
def test_schema_names_that_are_no_names(name: Any) -> None:
    for call in (qgx.schema, qgx.schema_json):
        with pytest.raises(qgx.InvalidInputError):
            call(name)


HOSTILE_VALUES = [
    ("/cycle_year", 10**100),
    ("/cycle_year", -(2**63) - 1),
    ("/cycle_year", float("inf")),
    ("/application_id", "\ud800"),
    ("/application_id", b"A-1"),
    ("/application_id", bytearray(b"A-1")),
    ("/application_id", memoryview(b"A-1")),
    ("/application_id", object()),
    ("/application_id", 1j),
    ("/application_id", frozenset()),
    ("/tasks", iter([])),
    ("/tasks", range(3)),
    ("/tasks", type("Mapping", (), {"keys": lambda self: [], "__getitem__": lambda self, k: 1})()),
]


@pytest.mark.parametrize(("pointer", "value"), HOSTILE_VALUES, ids=[repr(v)[:30] for _, v in HOSTILE_VALUES])
def test_hostile_values_are_invalid_input_at_their_path(
    report: dict[str, Any], pointer: str, value: Any
) -> None:
    bad = {**report, pointer[1:]: value}
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report(bad)
    assert e.value.path == pointer
    assert len(str(e.value)) < 400


def test_hostile_keys(report: dict[str, Any]) -> None:
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report({**report, "\ud800": 1})
    assert e.value.path == ""
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report({**report, ("a", "b"): 1})
    assert e.value.path == ""
    weird = "a/b~c"
    with pytest.raises(qgx.InvalidInputError) as e:
        qgx.check_report({**report, weird: 1})
    assert e.value.path == "/a~1b~0c"


def test_subclasses_read_as_their_values(report: dict[str, Any]) -> None:
    class S(str):
        def __str__(self) -> str:
            return "not this"

    class I(int):  # noqa: E742
        def __int__(self) -> int:
            return 99

    class D(dict):  # type: ignore[type-arg]
        def items(self) -> Any:
            raise AssertionError("not called")

    odd = D({**report, "application_id": S(report["application_id"]), "cycle_year": I(1)})
    assert qgx.check_report(odd) == qgx.check_report(report)


def test_bad_arguments_are_invalid_arguments(report: dict[str, Any]) -> None:
    for as_of in ("\ud800", b"2025-01-01", 2025.0):
        with pytest.raises(qgx.InvalidArgumentError) as e:
            qgx.check_report(report, as_of=as_of)
        assert e.value.path == "/as_of"
    with pytest.raises(qgx.InvalidArgumentError) as e:
        qgx.report_status(10**30, as_of="2025-01-01")
    assert e.value.path == "/year"
    with pytest.raises(qgx.InvalidArgumentError) as e:
        qgx.report_status(1, "\ud800", as_of="2025-01-01")
    assert e.value.path == "/submitted_at"
    for ruleset in ({"cycle_years": True}, {"cycle_years": float("nan")}, {1: 2}, "\ud800", 5):
        with pytest.raises(qgx.InvalidInputError):
            qgx.check_report(report, ruleset=ruleset)  # type: ignore[arg-type]


def test_ctrl_c_stops_a_long_batch_promptly() -> None:
    script = textwrap.dedent(
        f"""
        import json, os, signal, sys, threading, time
        import qgx
        report = json.load(open({str(EXAMPLES / "report.json")!r}, encoding="utf-8"))
        reports = [dict(report, application_id=f"B-{{i}}") for i in range(100_000)]
        sent = []
        def interrupt():
            time.sleep(0.3)
            sent.append(time.perf_counter())
            os.kill(os.getpid(), signal.SIGINT)
        threading.Thread(target=interrupt, daemon=True).start()
        start = time.perf_counter()
        try:
            qgx.check_reports(reports)
        except KeyboardInterrupt:
            print(json.dumps({{"interrupted": True, "after_signal": time.perf_counter() - sent[0]}}))
        else:
            print(json.dumps({{"interrupted": False, "took": time.perf_counter() - start}}))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["interrupted"], result
    assert result["after_signal"] < 0.5, result
