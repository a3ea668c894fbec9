"""Type stub of the native module qgx._qgx (checked against it by mypy.stubtest)."""

import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union, final

from .types import (
    AnnualReport,
    Application,
    ApplicationCheck,
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
_RulesetLike = Union["Ruleset", RulesetOverrides, Mapping[str, Any], None]
"""A Ruleset, a dict of overrides merged over the 2024 edition, or None (the 2024 edition)."""

__all__ = [
    "Ruleset",
    "check_application",
    "check_plan",
    "check_report",
    "check_reports",
    "select",
    "summarize_cycle",
    "cycle_status",
    "report_status",
    "next_due",
    "schema",
    "catalog",
    "ruleset_stamp",
    "InvalidInputError",
    "InvalidRulesetError",
    "InvalidArgumentError",
    "UnknownSchemaError",
    "SCHEMA_NAMES",
    "ENGINE_VERSION",
]

ENGINE_VERSION: str
SCHEMA_NAMES: List[str]

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
def select(
    selection: Union[SelectionInput, Mapping[str, Any]], *, ruleset: _RulesetLike = None
) -> SelectionResult: ...
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
