"""The typing surface: generated TypedDicts are current, and results have their shape."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import typing

import qgx
import qgx.types as t

HERE = pathlib.Path(__file__).resolve().parents[1]


def test_types_are_generated_from_the_current_schemas() -> None:
    subprocess.run([sys.executable, str(HERE / "gen_types.py"), "--check"], check=True)


def test_typed_dicts_name_every_field_of_the_results(report: dict[str, typing.Any]) -> None:
    out = qgx.check_report(report)
    hints = typing.get_type_hints(t.ReportCheck)
    assert set(out) <= set(hints)
    assert set(t.ReportCheck.__required_keys__) <= set(out)  # type: ignore[attr-defined]
    assert set(qgx.next_due("2025-03-01") or {}) == set(typing.get_type_hints(t.NextDue))


def test_py_typed_marker_ships() -> None:
    assert (pathlib.Path(qgx.__file__).parent / "py.typed").exists()
