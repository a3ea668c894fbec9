"""qgx: the rules of the 高校"双带头人"教师党支部书记"强国行"专项行动, from the Rust core.

Every function takes and returns plain Python objects with the wire format's field names
(RULES.md §3): dicts, lists, str, int, float, bool and None. Dates (`as_of`) are
`datetime.date` objects or ``YYYY-MM-DD`` strings. Every finding cites its clause (``rule``)
and carries a ``code``, a ``severity``, a JSON Pointer ``path`` and a ``message`` in zh and en.

Malformed input raises :class:`InvalidInputError` (a ``ValueError``) naming ``.path``; rule
failures are findings in the result, never exceptions. ``ruleset=`` is a :class:`Ruleset`, a
dict of overrides merged over the 2024 edition, or None (the 2024 edition).

>>> import qgx
>>> qgx.next_due("2025-03-01")["year"]
1
"""

from ._qgx import (
    ENGINE_VERSION,
    SCHEMA_NAMES,
    InvalidArgumentError,
    InvalidInputError,
    InvalidRulesetError,
    Ruleset,
    UnknownSchemaError,
    catalog,
    check_application,
    check_plan,
    check_report,
    check_reports,
    cycle_status,
    next_due,
    report_status,
    schema,
    select,
    summarize_cycle,
)

__version__ = "0.1.0"

__all__ = [
    "ENGINE_VERSION",
    "SCHEMA_NAMES",
    "InvalidArgumentError",
    "InvalidInputError",
    "InvalidRulesetError",
    "Ruleset",
    "UnknownSchemaError",
    "catalog",
    "check_application",
    "check_plan",
    "check_report",
    "check_reports",
    "cycle_status",
    "next_due",
    "report_status",
    "schema",
    "select",
    "summarize_cycle",
]
