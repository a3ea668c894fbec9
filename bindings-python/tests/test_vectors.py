"""The conformance corpus (tests/vectors/) run through Python, every vector twice (Python
objects, and JSON text through the `_json` twins), and the hostile corpus (tests/hostile/)
through both wherever it can be written as Python data."""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any, Callable

import pytest

import qgx
from conftest import ROOT, VECTORS, load

VECTOR_FILES = sorted(p for p in VECTORS.glob("*.json"))
ALL = [(p.stem, v) for p in VECTOR_FILES for v in load(p)]
HOSTILE = load(ROOT / "tests" / "hostile" / "cases.json")


def run(vector: dict[str, Any]) -> Any:
    """Calls the function a vector names, as a Python user would; an error as a vector has it."""
    try:
        return call(vector)
    except qgx.InvalidInputError as e:
        return {"error": {"kind": e.kind, "path": e.path}}


def call(vector: dict[str, Any]) -> Any:
    """Calls the function a vector names (its errors raised)."""
    args = vector["input"]
    rs = qgx.Ruleset.edition_2024()
    if "ruleset" in vector:
        rs = rs.with_overrides(vector["ruleset"])
    name = vector["call"]
    if name == "check_application":
        return qgx.check_application(args["application"], args.get("registry"), ruleset=rs)
    if name == "check_plan":
        return qgx.check_plan(args["plan"], ruleset=rs)
    if name == "check_report":
        return qgx.check_report(args["report"], as_of=args.get("as_of"), ruleset=rs)
    if name == "check_reports":
        return qgx.check_reports(args["reports"], as_of=args.get("as_of"), ruleset=rs)
    if name == "select":
        return qgx.select(args["selection"], ruleset=rs)
    if name == "compare":
        return qgx.compare(args["base"], args["variant"], ruleset=rs)
    if name == "summarize_cycle":
        return qgx.summarize_cycle(args["summary"], as_of=args["as_of"], ruleset=rs)
    if name == "cycle_status":
        return qgx.cycle_status(args["as_of"], ruleset=rs)
    if name == "report_status":
        return qgx.report_status(
            args["year"], args.get("submitted_at"), as_of=args["as_of"], ruleset=rs
        )
    if name == "next_due":
        return qgx.next_due(args["as_of"], ruleset=rs)
    raise AssertionError(f"unknown call {name!r}")


# The JSON twin of each call, and which of its arguments are JSON text.
TWINS: dict[str, tuple[Callable[..., str], tuple[str, ...], tuple[str, ...]]] = {
    # call: (twin, positional arguments in order, keyword arguments)
    "check_application": (qgx.check_application_json, ("application", "registry"), ()),
    "check_plan": (qgx.check_plan_json, ("plan",), ()),
    "check_report": (qgx.check_report_json, ("report",), ("as_of",)),
    "check_reports": (qgx.check_reports_json, ("reports",), ("as_of",)),
    "select": (qgx.select_json, ("selection",), ()),
    "compare": (qgx.compare_json, ("base", "variant"), ()),
    "summarize_cycle": (qgx.summarize_cycle_json, ("summary",), ("as_of",)),
    "cycle_status": (qgx.cycle_status_json, (), ("as_of",)),
    "report_status": (qgx.report_status_json, ("year", "submitted_at"), ("as_of",)),
    "next_due": (qgx.next_due_json, (), ("as_of",)),
}
TEXT_ARGUMENTS = {"application", "registry", "plan", "report", "reports", "selection", "base",
                  "variant", "summary"}


def run_json(
    case: dict[str, Any], as_bytes: bool = False
) -> tuple[Any, qgx.InvalidInputError | None]:
    """Calls a vector's (or hostile case's) JSON twin with JSON text; returns the parsed result
    (or the error as a vector writes it) and the error's message."""
    twin, positional, keywords = TWINS[case["call"]]
    given: dict[str, Any] = {}
    for name, value in case.get("input", {}).items():
        given[name] = json.dumps(value, ensure_ascii=False) if name in TEXT_ARGUMENTS else value
    given.update(case.get("text", {}))
    if as_bytes:
        given = {k: v.encode("utf-8") if k in TEXT_ARGUMENTS else v for k, v in given.items()}
    args = [given.get(name) for name in positional]
    while args and args[-1] is None and len(args) > 1:
        args.pop()
    kwargs = {name: given[name] for name in keywords if name in given}
    if "ruleset" in case:
        kwargs["ruleset"] = json.dumps(case["ruleset"], ensure_ascii=False)
    try:
        return json.loads(twin(*args, **kwargs)), None
    except qgx.InvalidInputError as e:
        return {"error": {"kind": e.kind, "path": e.path}}, e


def same(a: Any, b: Any, where: str = "") -> str | None:
    """Where two JSON values differ (numbers by value, within 1e-12), or None."""
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a is b else f"{where or '/'}: {a!r} != {b!r}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if math.isclose(a, b, rel_tol=0, abs_tol=1e-12) else f"{where}: {a} != {b}"
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return f"{where or '/'}: keys {sorted(a.keys() ^ b.keys())} differ"
        for k in a:
            d = same(a[k], b[k], f"{where}/{k}")
            if d:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where or '/'}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, f"{where}/{i}")
            if d:
                return d
        return None
    return None if a == b and type(a) is type(b) else f"{where or '/'}: {a!r} != {b!r}"


def test_the_corpus_is_all_here() -> None:
    assert len(VECTOR_FILES) >= 13
    assert len(ALL) >= 250
    assert sum(v["call"] == "summarize_cycle" for _, v in ALL) >= 19
    names = [v["name"] for _, v in ALL]
    assert len(names) == len(set(names)), "vector names are unique"


@pytest.mark.parametrize("vector", [v for _, v in ALL], ids=[f"{f}:{v['name']}" for f, v in ALL])
def test_vector(vector: dict[str, Any]) -> None:
    diff = same(run(vector), vector["expected"])
    assert diff is None, diff


@pytest.mark.parametrize("vector", [v for _, v in ALL], ids=[f"{f}:{v['name']}" for f, v in ALL])
def test_vector_through_the_json_twin(vector: dict[str, Any]) -> None:
    diff = same(run_json(vector)[0], vector["expected"])
    assert diff is None, diff


def test_every_call_of_the_corpus_has_a_twin() -> None:
    assert {v["call"] for _, v in ALL} == set(TWINS)
    assert "compare" in {v["call"] for _, v in ALL}


def _short_and_clean(error: qgx.InvalidInputError | None, case: dict[str, Any]) -> None:
    """Each issue's message is as short as the case asks and prints as one line (the path
    is the field's own name, as given)."""
    limit = case["expected"].get("message_max_chars")
    if limit is not None and error is not None:
        for issue in error.errors:
            message = issue["message"]
            assert len(message) <= limit, len(message)
            assert not any(unicodedata.category(c) == "Cc" for c in message), repr(message)


@pytest.mark.parametrize("case", HOSTILE, ids=[c["name"] for c in HOSTILE])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_hostile_case_through_the_json_twin(case: dict[str, Any], as_bytes: bool) -> None:
    got, message = run_json(case, as_bytes)
    expected = {"error": case["expected"]["error"]}
    assert got == expected
    _short_and_clean(message, case)


OBJECT_CASES = [c for c in HOSTILE if "text" not in c]


@pytest.mark.parametrize("case", OBJECT_CASES, ids=[c["name"] for c in OBJECT_CASES])
def test_hostile_case_as_python_objects(case: dict[str, Any]) -> None:
    with pytest.raises(qgx.InvalidInputError) as e:
        call(case)
    assert {"kind": e.value.kind, "path": e.value.path} == case["expected"]["error"]
    _short_and_clean(e.value, case)


def test_the_hostile_corpus_is_all_here() -> None:
    assert len(HOSTILE) >= 30
    assert {c["call"] for c in HOSTILE} <= set(TWINS)


def test_the_comparison_can_fail() -> None:
    assert same({"a": [1, 2.0]}, {"a": [1, 2]}) is None
    assert same({"a": [1, 2]}, {"a": [1, 3]}) == "/a/1: 2 != 3"
    assert same({"a": 1}, {"b": 1}) is not None
    assert same(True, 1) is not None
    assert same(0.9615384615384616, 25 / 26) is None
