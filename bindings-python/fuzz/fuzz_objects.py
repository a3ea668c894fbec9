"""Fuzzes the binding's object reader (bindings-python/src/bridge.rs) with atheris.

Each input is turned into a Python object (a mutation of one of the example inputs: a node
replaced by a value from a list of hostile ones — NaN, huge ints, lone surrogates, sets, bytes,
subclasses, self-containing lists, non-string keys…, or a whole random structure) and given to
every call that reads objects. A call may return its result or raise `qgx.InvalidInputError`
(whose `path` must be a JSON Pointer); anything else — `qgx.InternalError`, pyo3's
`PanicException`, another exception, a crash — is a finding.

    python bindings-python/fuzz/fuzz_objects.py -atheris_runs=100000     # bounded run
    python bindings-python/fuzz/fuzz_objects.py -max_total_time=30

bindings-python/test.sh runs it for a bounded number of executions and prints libFuzzer's
summary.
"""

from __future__ import annotations

import copy
import json
import pathlib
import sys
from typing import Any, Callable, List

import atheris

with atheris.instrument_imports():
    import qgx

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _load(name: str) -> Any:
    with (EXAMPLES / name).open(encoding="utf-8") as f:
        return json.load(f)


REPORT = _load("report.json")
SELECTION = _load("selection.json")
APPLICATION = SELECTION["applications"][1]
PLAN = APPLICATION["plan"]
SEEDS = [REPORT, SELECTION, APPLICATION, PLAN, {"reports": [REPORT]}]


class StrSub(str):
    def __str__(self) -> str:
        return "not me"


class IntSub(int):
    pass


class FloatSub(float):
    pass


class DictSub(dict):  # type: ignore[type-arg]
    def items(self) -> Any:
        raise RuntimeError("items() must not be called")


class ListSub(list):  # type: ignore[type-arg]
    def __iter__(self) -> Any:
        raise RuntimeError("__iter__ must not be called")

    def __len__(self) -> int:
        raise RuntimeError("__len__ must not be called")


@atheris.instrument_func
def hostile(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    """A value from the hostile list, or a small random JSON-ish structure."""
    choice = fdp.ConsumeIntInRange(0, 29)
    if choice == 0:
        return float("nan")
    if choice == 1:
        return float("inf")
    if choice == 2:
        return 10 ** fdp.ConsumeIntInRange(18, 400)
    if choice == 3:
        return -(2**63) - fdp.ConsumeIntInRange(0, 2)
    if choice == 4:
        return "\ud800" + fdp.ConsumeUnicodeNoSurrogates(4)
    if choice == 5:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 40))
    if choice == 6:
        return {1, 2}
    if choice == 7:
        return fdp.ConsumeBytes(8)
    if choice == 8:
        return StrSub(fdp.ConsumeUnicodeNoSurrogates(6))
    if choice == 9:
        return IntSub(fdp.ConsumeInt(4))
    if choice == 10:
        return FloatSub(fdp.ConsumeFloat())
    if choice == 11:
        return DictSub(a=1)
    if choice == 12:
        return ListSub([1, 2])
    if choice == 13:
        loop: List[Any] = []
        loop.append(loop)
        return loop
    if choice == 14:
        return {fdp.ConsumeInt(2): "non-string key"}
    if choice == 15:
        return {("tuple", "key"): 1}
    if choice == 16:
        deep: Any = []
        for _ in range(fdp.ConsumeIntInRange(100, 200)):
            deep = [deep]
        return deep
    if choice == 17:
        return fdp.ConsumeBool()
    if choice == 18:
        return None
    if choice == 19:
        return fdp.ConsumeInt(8)
    if choice == 20:
        return fdp.ConsumeFloat()
    if choice == 21:
        return object()
    if choice == 22:
        return (1, "a", None)
    if choice == 23:
        return bytearray(b"x")
    if choice == 24 and depth < 4:
        return [hostile(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    if choice == 25 and depth < 4:
        return {fdp.ConsumeUnicode(6): hostile(fdp, depth + 1)
                for _ in range(fdp.ConsumeIntInRange(0, 3))}
    if choice == 26:
        return "x" * fdp.ConsumeIntInRange(0, 100_000)
    if choice == 27:
        return fdp.PickValueInList(["2025-02-30", "2025-13-01", "", "1", "11", "A-1",
                                    "secretary", "party_building", "\x1b[31m", "9999-12-31"])
    return fdp.ConsumeUnicodeNoSurrogates(10)


@atheris.instrument_func
def mutate(value: Any, fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    """`value` with one node (picked by the input) replaced by a hostile value."""
    if depth > 12 or fdp.ConsumeIntInRange(0, 5) == 0:
        return hostile(fdp)
    if isinstance(value, dict) and value:
        keys = list(value)
        key = keys[fdp.ConsumeIntInRange(0, len(keys) - 1)]
        out = dict(value)
        action = fdp.ConsumeIntInRange(0, 9)
        if action == 0:
            del out[key]
        elif action == 1:
            out[fdp.ConsumeUnicode(8)] = hostile(fdp)
        else:
            out[key] = mutate(value[key], fdp, depth + 1)
        return out
    if isinstance(value, list) and value:
        i = fdp.ConsumeIntInRange(0, len(value) - 1)
        out_list = list(value)
        out_list[i] = mutate(value[i], fdp, depth + 1)
        return out_list
    return hostile(fdp)


CALLS: List[Callable[[Any], Any]] = [
    lambda x: qgx.check_report(x),
    lambda x: qgx.check_reports([x, REPORT]),
    lambda x: qgx.check_application(x),
    lambda x: qgx.check_plan(x),
    lambda x: qgx.select(x),
    lambda x: qgx.summarize_cycle(x, as_of="2026-09-30"),
    lambda x: qgx.compare(x, SELECTION),
    lambda x: qgx.check_report(REPORT, ruleset=x),
    lambda x: qgx.Ruleset.edition_2024().with_overrides(x),
    lambda x: qgx.schema(x),
    lambda x: qgx.cycle_status(x),
    lambda x: qgx.report_status(x, as_of="2025-09-01"),
]


@atheris.instrument_func
def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    seed = SEEDS[fdp.ConsumeIntInRange(0, len(SEEDS) - 1)]
    call = CALLS[fdp.ConsumeIntInRange(0, len(CALLS) - 1)]
    value = mutate(copy.deepcopy(seed) if fdp.ConsumeBool() else seed, fdp)
    try:
        call(value)
    except qgx.InvalidInputError as e:
        if not (e.path == "" or e.path.startswith("/")):
            raise AssertionError(f"not a JSON Pointer: {e.path!r}") from e
        if not isinstance(str(e), str):
            raise AssertionError("no message") from e


def main() -> None:
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
