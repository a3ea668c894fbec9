"""The conformance corpus (tests/vectors/) run through Python: every vector, same output."""

from __future__ import annotations

import math
from typing import Any

import pytest

import qgx
from conftest import VECTORS, load

VECTOR_FILES = sorted(p for p in VECTORS.glob("*.json"))
ALL = [(p.stem, v) for p in VECTOR_FILES for v in load(p)]


def run(vector: dict[str, Any]) -> Any:
    """Calls the function a vector names, as a Python user would."""
    args = vector["input"]
    try:
        rs = qgx.Ruleset.edition_2024()
        if "ruleset" in vector:
            rs = rs.with_overrides(vector["ruleset"])
        call = vector["call"]
        if call == "check_application":
            return qgx.check_application(args["application"], args.get("registry"), ruleset=rs)
        if call == "check_plan":
            return qgx.check_plan(args["plan"], ruleset=rs)
        if call == "check_report":
            return qgx.check_report(args["report"], as_of=args.get("as_of"), ruleset=rs)
        if call == "check_reports":
            return qgx.check_reports(args["reports"], as_of=args.get("as_of"), ruleset=rs)
        if call == "select":
            return qgx.select(args["selection"], ruleset=rs)
        if call == "summarize_cycle":
            return qgx.summarize_cycle(args["summary"], as_of=args["as_of"], ruleset=rs)
        if call == "cycle_status":
            return qgx.cycle_status(args["as_of"], ruleset=rs)
        if call == "report_status":
            return qgx.report_status(
                args["year"], args.get("submitted_at"), as_of=args["as_of"], ruleset=rs
            )
        if call == "next_due":
            return qgx.next_due(args["as_of"], ruleset=rs)
        raise AssertionError(f"unknown call {call!r}")
    except qgx.InvalidInputError as e:
        return {"error": {"kind": e.kind, "path": e.path}}


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


def test_the_comparison_can_fail() -> None:
    assert same({"a": [1, 2.0]}, {"a": [1, 2]}) is None
    assert same({"a": [1, 2]}, {"a": [1, 3]}) == "/a/1: 2 != 3"
    assert same({"a": 1}, {"b": 1}) is not None
    assert same(True, 1) is not None
    assert same(0.9615384615384616, 25 / 26) is None
