"""Type stub of the native module qgx._qgx (checked against it by mypy.stubtest)."""

import datetime
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union, final

from .types import (
    AnnualReport,
    Application,
    ApplicationCheck,
    Comparison,
    CycleStatus,
    CycleSummary,
    NextDue,
    Plan,
    PlanCheck,
    Registry,
    ReportCheck,
    ReportStatus,
    RulesetDocument,
    RulesetOverrides,
    RulesetStamp,
    SelectionInput,
    SelectionResult,
    SummaryInput,
)

_DateLike = Union[datetime.date, str]
"""A `datetime.date` (not a `datetime`) or a ``YYYY-MM-DD`` string."""
_RulesetLike = Union["Ruleset", RulesetOverrides, RulesetDocument, Mapping[str, Any], str, None]
"""A Ruleset; a dict or JSON text that is a whole document (it has `edition`) or overrides of the
2024 edition (it has not); or None (the 2024 edition)."""
_Path = Union[str, os.PathLike[str]]
"""A file's name."""
_JsonText = Union[str, bytes]
"""JSON text, as `str` or UTF-8 `bytes`."""

__all__ = [
    "Ruleset",
    "check_application",
    "check_plan",
    "check_report",
    "check_reports",
    "check_reports_file",
    "select",
    "compare",
    "summarize_cycle",
    "cycle_status",
    "report_status",
    "next_due",
    "schema",
    "catalog",
    "ruleset_stamp",
    "check_application_json",
    "check_plan_json",
    "check_report_json",
    "check_reports_json",
    "select_json",
    "compare_json",
    "summarize_cycle_json",
    "cycle_status_json",
    "report_status_json",
    "next_due_json",
    "schema_json",
    "catalog_json",
    "InvalidInputError",
    "InvalidRulesetError",
    "InvalidArgumentError",
    "UnknownSchemaError",
    "InternalError",
    "SheetError",
    "sheets_read_selection",
    "sheets_read_reports",
    "sheets_write_selection",
    "sheets_write_reports",
    "sheets_template",
    "SCHEMA_NAMES",
    "CALLS",
    "ENGINE_VERSION",
    "_panic_for_tests",
]

ENGINE_VERSION: str
SCHEMA_NAMES: List[str]
CALLS: List[str]
"""Every call, by its core name (`qgx_core::args::CALLS`); each has a `_json` twin."""

class InvalidInputError(ValueError):
    """Malformed input: `.kind`, `.path` (JSON Pointer of the first problem) and `.errors`."""

    kind: str
    path: str
    line: Optional[int]
    column: Optional[int]
    errors: List[Dict[str, Any]]

class InvalidRulesetError(InvalidInputError): ...
class InvalidArgumentError(InvalidInputError): ...
class UnknownSchemaError(InvalidInputError): ...
class SheetError(InvalidInputError):
    """A spreadsheet that cannot be read as input: where (`file`, `sheet`, `cell`, `field`, and
    `line`/`column` for the row and 1-based column) and what (`kind`: format, limit, layout,
    invalid)."""

    file: str
    sheet: Optional[str]
    cell: Optional[str]
    field: Optional[str]

class InternalError(RuntimeError):
    """A bug in qgx (a Rust panic, caught at the boundary): please report it."""

@final
class Ruleset:
    """A ruleset: the rules of one edition of the notice, with any overrides."""

    @staticmethod
    def edition_2024() -> Ruleset: ...
    @staticmethod
    def from_dict(document: Union[RulesetDocument, Mapping[str, Any]]) -> Ruleset: ...
    def with_overrides(self, overrides: Union[RulesetOverrides, Mapping[str, Any]]) -> Ruleset: ...
    @property
    def hash(self) -> str: ...
    @property
    def edition(self) -> str: ...
    def stamp(self) -> RulesetStamp: ...
    def to_dict(self) -> RulesetDocument: ...
    def canonical_json(self) -> str: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def check_application(
    application: Union[Application, Mapping[str, Any]],
    registry: Union[Registry, Mapping[str, Any], None] = None,
    *,
    ruleset: _RulesetLike = None,
) -> ApplicationCheck: ...
def check_plan(plan: Union[Plan, Mapping[str, Any]], *, ruleset: _RulesetLike = None) -> PlanCheck: ...
def check_report(
    report: Union[AnnualReport, Mapping[str, Any]],
    *,
    as_of: Optional[_DateLike] = None,
    ruleset: _RulesetLike = None,
) -> ReportCheck: ...
def check_reports(
    reports: Sequence[Union[AnnualReport, Mapping[str, Any]]],
    *,
    as_of: Optional[_DateLike] = None,
    ruleset: _RulesetLike = None,
) -> List[ReportCheck]: ...
def check_reports_file(
    path: Union[str, os.PathLike[str]],
    *,
    as_of: Optional[_DateLike] = None,
    ruleset: _RulesetLike = None,
) -> List[ReportCheck]: ...
def select(
    selection: Union[SelectionInput, Mapping[str, Any]], *, ruleset: _RulesetLike = None
) -> SelectionResult: ...
def compare(
    base: Union[SelectionInput, Mapping[str, Any]],
    variant: Union[SelectionInput, Mapping[str, Any]],
    *,
    ruleset: _RulesetLike = None,
) -> Comparison: ...
def summarize_cycle(
    summary: Union[SummaryInput, Mapping[str, Any]],
    *,
    as_of: _DateLike,
    ruleset: _RulesetLike = None,
) -> CycleSummary: ...
def cycle_status(as_of: _DateLike, *, ruleset: _RulesetLike = None) -> CycleStatus: ...
def report_status(
    year: int,
    submitted_at: Optional[str] = None,
    *,
    as_of: _DateLike,
    ruleset: _RulesetLike = None,
) -> ReportStatus: ...
def next_due(as_of: _DateLike, *, ruleset: _RulesetLike = None) -> Optional[NextDue]: ...
def schema(name: str) -> Dict[str, Any]: ...
def catalog() -> List[Dict[str, str]]: ...
def ruleset_stamp(ruleset: _RulesetLike = None) -> RulesetStamp: ...
def check_application_json(
    application: _JsonText, registry: Optional[_JsonText] = None, *, ruleset: _RulesetLike = None
) -> str: ...
def check_plan_json(plan: _JsonText, *, ruleset: _RulesetLike = None) -> str: ...
def check_report_json(
    report: _JsonText, *, as_of: Optional[_DateLike] = None, ruleset: _RulesetLike = None
) -> str: ...
def check_reports_json(
    reports: _JsonText, *, as_of: Optional[_DateLike] = None, ruleset: _RulesetLike = None
) -> str: ...
def select_json(selection: _JsonText, *, ruleset: _RulesetLike = None) -> str: ...
def compare_json(base: _JsonText, variant: _JsonText, *, ruleset: _RulesetLike = None) -> str: ...
def summarize_cycle_json(
    summary: _JsonText, *, as_of: _DateLike, ruleset: _RulesetLike = None
) -> str: ...
def cycle_status_json(as_of: _DateLike, *, ruleset: _RulesetLike = None) -> str: ...
def report_status_json(
    year: int,
    submitted_at: Optional[str] = None,
    *,
    as_of: _DateLike,
    ruleset: _RulesetLike = None,
) -> str: ...
def next_due_json(as_of: _DateLike, *, ruleset: _RulesetLike = None) -> str: ...
def schema_json(name: str) -> str: ...
def catalog_json() -> str: ...
def sheets_read_selection(
    path: _Path,
    provinces: Optional[_Path] = None,
    registry: Optional[_Path] = None,
    decisions: Optional[_Path] = None,
    encoding: str = "auto",
) -> SelectionInput: ...
def sheets_read_reports(path: _Path, encoding: str = "auto") -> List[AnnualReport]: ...
def sheets_write_selection(
    result: Union[SelectionResult, Mapping[str, Any]],
    path: _Path,
    input: Union[SelectionInput, Mapping[str, Any], None] = None,
    source: Optional[_Path] = None,
    provinces: Optional[_Path] = None,
    registry: Optional[_Path] = None,
    decisions: Optional[_Path] = None,
    encoding: str = "auto",
) -> None: ...
def sheets_write_reports(
    checks: Sequence[Union[ReportCheck, Mapping[str, Any]]],
    path: _Path,
    source: Optional[_Path] = None,
    encoding: str = "auto",
) -> None: ...
def sheets_template(kind: str, path: _Path, *, ruleset: _RulesetLike = None) -> None: ...
def _panic_for_tests() -> None:
    """Panics on purpose, to show that a panic arrives as `InternalError` (tests only)."""
