"""Shared fixtures: the repository's example data and the conformance corpus."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
EXAMPLES = ROOT / "examples"


def load(path: pathlib.Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture
def report() -> dict[str, Any]:
    return load(EXAMPLES / "report.json")


@pytest.fixture
def incomplete_report() -> dict[str, Any]:
    return load(EXAMPLES / "report-incomplete.json")


@pytest.fixture
def selection() -> dict[str, Any]:
    return load(EXAMPLES / "selection.json")
