"""qgx: the rules of the 高校"双带头人"教师党支部书记"强国行"专项行动, from the Rust core.

Every function takes and returns plain Python objects with the wire format's field names
(RULES.md §3): dicts, lists, str, int, float, bool and None. Dates (`as_of`) are
`datetime.date` objects or ``YYYY-MM-DD`` strings. Every finding cites its clause (``rule``)
and carries a ``code``, a ``severity``, a JSON Pointer ``path`` and a ``message`` in zh and en.

Malformed input raises :class:`InvalidInputError` (a ``ValueError``) naming ``.path``; rule
failures are findings in the result, never exceptions. ``ruleset=`` is a :class:`Ruleset`, a
dict (or JSON text) that is a whole ruleset document when it has ``edition`` and overrides merged
over the 2024 edition when it has not, or None (the 2024 edition).

Every call has a ``_json`` twin taking JSON text (``str`` or ``bytes``) and returning JSON text;
``check_reports_file(path)`` checks a JSON file of reports. ``CALLS`` lists the calls by name.
:mod:`qgx.sheets` reads inputs from workbooks and CSV and writes results as workbooks; a
sheet's problem is :class:`SheetError` (an ``InvalidInputError``) naming its sheet and cell.

>>> import qgx
>>> qgx.next_due("2025-03-01")["year"]
1
"""

from ._qgx import (
    CALLS,
    ENGINE_VERSION,
    SCHEMA_NAMES,
    InternalError,
    InvalidArgumentError,
    InvalidInputError,
    InvalidRulesetError,
    Ruleset,
    SheetError,
    UnknownSchemaError,
    catalog,
    catalog_json,
    check_application,
    check_application_json,
    check_plan,
    check_plan_json,
    check_report,
    check_report_json,
    check_reports,
    check_reports_file,
    check_reports_json,
    compare,
    compare_json,
    cycle_status,
    cycle_status_json,
    next_due,
    next_due_json,
    report_status,
    report_status_json,
    schema,
    schema_json,
    select,
    select_json,
    summarize_cycle,
    summarize_cycle_json,
)

from . import sheets

__version__ = "0.1.0"

__all__ = [
    "CALLS",
    "ENGINE_VERSION",
    "SCHEMA_NAMES",
    "InternalError",
    "InvalidArgumentError",
    "InvalidInputError",
    "InvalidRulesetError",
    "Ruleset",
    "SheetError",
    "UnknownSchemaError",
    "catalog",
    "catalog_json",
    "check_application",
    "check_application_json",
    "check_plan",
    "check_plan_json",
    "check_report",
    "check_report_json",
    "check_reports",
    "check_reports_file",
    "check_reports_json",
    "compare",
    "compare_json",
    "cycle_status",
    "cycle_status_json",
    "next_due",
    "next_due_json",
    "report_status",
    "report_status_json",
    "schema",
    "schema_json",
    "select",
    "select_json",
    "sheets",
    "summarize_cycle",
    "summarize_cycle_json",
]
