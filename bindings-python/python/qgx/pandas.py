"""qgx for pandas (``pip install qgx[pandas]``): results as DataFrames, one row per report, per
application or per participant, with the wire format's values in flat columns.

The rules run in the core, exactly as :func:`qgx.check_reports`, :func:`qgx.select` and
:func:`qgx.summarize_cycle` run them; this module only moves values between DataFrames and the
wire format: rows become report dicts (NaN, None and ``pd.NA`` become absent fields, numpy
scalars become Python ones) and results become columns.
"""

from __future__ import annotations

import datetime
import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _qgx
from .types import Finding

__all__ = [
    "TASKS", "SCORE_PARTS", "TOTALS", "score_reports", "select_frames", "summarize_frames",
    "compare_frames", "records",
]

TASKS = ("party_building", "education_service", "tech_empowerment", "practice_education")
"""The four tasks, in the notice's order (R-TASK-1 … R-TASK-4)."""

SCORE_PARTS = ("coverage", "breadth", "reach", "outputs", "total")
"""The components of each task's score (R-SCORE), then its total."""

Records = Union[pd.DataFrame, Iterable[Mapping[str, Any]]]


def _plain(value: Any) -> Any:
    """A cell as JSON data: numpy scalars as Python ones, containers walked, and whole floats
    as ints (a pandas column of ints with a gap in it turns them into floats)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if not _missing(v)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        return int(number) if number.is_integer() else number
    if isinstance(value, (datetime.date, str, bool, int)) or value is None:
        return value
    item = getattr(value, "item", None)  # numpy scalars and 0-d arrays
    if callable(item):
        return _plain(item())
    tolist = getattr(value, "tolist", None)  # numpy arrays
    if callable(tolist):
        return tolist()
    return value


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def records(data: Records) -> List[Dict[str, Any]]:
    """Rows as wire-format dicts: a DataFrame's rows (columns are fields; nested fields such as
    ``tasks`` hold dicts; missing cells become absent fields, numpy scalars Python ones), or any
    iterable of dicts, passed as they are."""
    if not isinstance(data, pd.DataFrame):
        return [row if isinstance(row, dict) else dict(row) for row in data]
    columns = [str(c) for c in data.columns]
    return [
        {k: _plain(v) for k, v in zip(columns, row) if not _missing(v)}
        for row in data.itertuples(index=False, name=None)
    ]


def _index(data: Records, n: int) -> Optional[pd.Index]:
    return data.index if isinstance(data, pd.DataFrame) and len(data.index) == n else None


def score_reports(
    data: Records,
    *,
    as_of: Optional[Union[datetime.date, str]] = None,
    ruleset: Any = None,
) -> pd.DataFrame:
    """Checks and scores annual reports: one row per report, in input order (a DataFrame's
    index is kept).

    Columns: ``application_id``, ``cycle_year``, ``status``, ``complete``, ``completeness``,
    ``score`` (0–100), for each task ``<task>_valid_activities`` and
    ``<task>_<part>`` for each part of :data:`SCORE_PARTS`, then ``findings``, ``errors``
    (error-severity findings), ``warnings`` and ``first_error_code`` / ``first_error_rule``
    (None when there is no error). ``df.attrs["ruleset"]`` is the ruleset's stamp.

    Malformed rows raise :class:`qgx.InvalidInputError` whose path starts with the row's
    position (``/3/tasks/...``).
    """
    reports = records(data)
    results = _qgx.check_reports(reports, as_of=as_of, ruleset=ruleset)
    columns: Dict[str, List[Any]] = {c: [] for c in _report_columns()}
    for r in results:
        for c, v in _report_row(r).items():
            columns[c].append(v)
    frame = pd.DataFrame(columns, index=_index(data, len(results)))
    frame.attrs["ruleset"] = (
        dict(results[0]["ruleset"]) if results else dict(_qgx.ruleset_stamp(ruleset))
    )
    return frame


def _report_columns() -> List[str]:
    cols = ["application_id", "cycle_year", "status", "complete", "completeness", "score"]
    for task in TASKS:
        cols.append(f"{task}_valid_activities")
        cols += [f"{task}_{part}" for part in SCORE_PARTS]
    return cols + ["findings", "errors", "warnings", "first_error_code", "first_error_rule"]


def _report_row(r: Mapping[str, Any]) -> Dict[str, Any]:
    row: Dict[str, Any] = {
        "application_id": r["application_id"],
        "cycle_year": r["cycle_year"],
        "status": r.get("status"),
        "complete": r["complete"],
        "completeness": r["completeness"],
        "score": r["score"]["total"],
    }
    for task in TASKS:
        row[f"{task}_valid_activities"] = r["tasks"][task]["valid_activities"]
        parts = r["score"]["tasks"][task]
        for part in SCORE_PARTS:
            row[f"{task}_{part}"] = parts[part]
    findings = r["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    row["findings"] = len(findings)
    row["errors"] = len(errors)
    row["warnings"] = sum(1 for f in findings if f["severity"] == "warning")
    row["first_error_code"] = errors[0]["code"] if errors else None
    row["first_error_rule"] = errors[0]["rule"] if errors else None
    return row


_APPLICATION_COLUMNS = [
    "id", "province", "outcome", "outcome_rule", "recommended", "quota_exempt", "priority",
    "merit", "rank", "findings", "codes",
]
_PROVINCE_FIELDS = [
    "province", "name", "national_quota", "provincial_quota", "candidates", "places_used",
    "exempt", "priority", "recommended", "pending_review", "rejected", "national_team",
    "provincial_team", "provincial_candidates", "not_selected", "late",
]
"""The ProvinceSummary members copied as they are, in the core's order."""
_PROVINCE_COLUMNS = _PROVINCE_FIELDS + [
    "last_in_id", "last_in_merit", "first_out_id", "first_out_merit", "findings", "codes",
]


def select_frames(
    selection: Optional[Mapping[str, Any]] = None,
    *,
    applications: Optional[Records] = None,
    provinces: Optional[Records] = None,
    registry: Optional[Mapping[str, Any]] = None,
    office_decisions: Optional[Mapping[str, Any]] = None,
    ruleset: Any = None,
) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Runs the selection and returns ``(applications_df, provinces_df)``.

    Give either a whole Selection input (``selection``, as :func:`qgx.select` takes it) or its
    parts: ``applications`` and ``provinces`` as DataFrames or lists of dicts, and optionally
    ``registry`` and ``office_decisions``.

    ``applications_df`` (index ``id``, in id order): province, outcome, outcome_rule,
    recommended, quota_exempt, priority, merit, rank, findings (count) and codes (the findings'
    ``rule:code``, joined by spaces). ``provinces_df`` (index ``province``): the province's
    counts, its cut line (``last_in_*``, ``first_out_*``), findings and codes.
    ``provinces_df.attrs["compliance"]`` holds the compliance findings (R-MANDATORY,
    R-DEADLINE) and both frames' ``attrs["ruleset"]`` the ruleset's stamp.
    """
    if selection is None:
        selection = {
            "applications": records(applications if applications is not None else []),
            "provinces": records(provinces if provinces is not None else []),
        }
        if registry is not None:
            selection["registry"] = _plain(registry)
        if office_decisions is not None:
            selection["office_decisions"] = _plain(office_decisions)
    elif applications is not None or provinces is not None:
        raise TypeError("give either `selection` or `applications` and `provinces`, not both")
    result = _qgx.select(selection, ruleset=ruleset)

    app_rows = []
    for a in result["applications"]:
        row = {k: a.get(k) for k in _APPLICATION_COLUMNS[:9]}
        row["findings"] = len(a["findings"])
        row["codes"] = _codes(a["findings"])
        app_rows.append(row)
    apps = pd.DataFrame(app_rows, columns=_APPLICATION_COLUMNS).set_index("id")

    prov_rows = []
    for p in result["provinces"]:
        row = {k: p.get(k) for k in _PROVINCE_FIELDS}
        cut: Mapping[str, Any] = p.get("cut_line") or {}
        last_in: Mapping[str, Any] = cut.get("last_in") or {}
        first_out: Mapping[str, Any] = cut.get("first_out") or {}
        row["last_in_id"] = last_in.get("id")
        row["last_in_merit"] = last_in.get("merit")
        row["first_out_id"] = first_out.get("id")
        row["first_out_merit"] = first_out.get("merit")
        row["findings"] = len(p["findings"])
        row["codes"] = _codes(p["findings"])
        prov_rows.append(row)
    provs = pd.DataFrame(prov_rows, columns=_PROVINCE_COLUMNS).set_index("province")

    apps.attrs["ruleset"] = dict(result["ruleset"])
    provs.attrs["ruleset"] = dict(result["ruleset"])
    provs.attrs["compliance"] = list(result["compliance"])
    return apps, provs


def _codes(findings: Sequence[Finding]) -> str:
    return " ".join(f"{f['rule']}:{f['code']}" for f in findings)


TOTALS = ("valid_activities", "reach", "outputs", "rural_activities")
"""Each task's totals over a participant's counted submitted reports (R-SUMMARY)."""

_PARTICIPANT_FIELDS = ["province", "person_id"]
_PARTICIPANT_COUNTS = ["due", "on_time_complete", "overdue", "cycle_score", "case_candidate"]
_CYCLE_PROVINCE_COLUMNS = [
    "name", "participants", "reports_due", "on_time_complete", "overdue", "mean_cycle_score",
    "case_shortlist",
]


def summarize_frames(
    summary: Optional[Mapping[str, Any]] = None,
    *,
    reports: Optional[Records] = None,
    participants: Optional[Records] = None,
    as_of: Union[datetime.date, str],
    ruleset: Any = None,
) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Sums up the cycle (R-SUMMARY) and returns ``(participants_df, provinces_df)``.

    Give either a whole Summary input (``summary``, as :func:`qgx.summarize_cycle` takes it) or
    its parts: ``reports`` and optionally ``participants`` (``application_id``, ``province``,
    ``person_id``), each a DataFrame or a list of dicts.

    ``participants_df`` (index ``application_id``, in id order): ``province``, ``person_id``,
    then for each cycle year k ``year<k>_status``, ``year<k>_complete`` and ``year<k>_score``
    (None without a report), then ``due``, ``on_time_complete``, ``overdue``, ``cycle_score``,
    ``case_candidate``, for each task ``<task>_<total>`` for each of :data:`TOTALS`, and
    ``findings`` (count) and ``codes`` (the findings' ``rule:code``, joined by spaces).
    ``provinces_df`` (index ``province``, None for participants not among ``participants``,
    last): ``name``, ``participants``, ``reports_due``, ``on_time_complete``, ``overdue``,
    ``mean_cycle_score`` and ``case_shortlist`` (the province's shortlisted application ids, in
    order, joined by spaces). ``provinces_df.attrs["case_shortlist"]`` holds the national
    shortlist (dicts with ``application_id``, ``province``, ``cycle_score``), both frames'
    ``attrs["ruleset"]`` the ruleset's stamp and ``attrs["as_of"]`` the date.
    """
    if summary is None:
        summary = {"reports": records(reports if reports is not None else [])}
        if participants is not None:
            summary["participants"] = records(participants)
    elif reports is not None or participants is not None:
        raise TypeError("give either `summary` or `reports` (and `participants`), not both")
    result = _qgx.summarize_cycle(summary, as_of=as_of, ruleset=ruleset)

    people: List[Mapping[str, Any]] = list(result["participants"])
    years = [y["year"] for y in people[0]["years"]] if people else []
    year_columns = [f"year{k}_{part}" for k in years for part in ("status", "complete", "score")]
    total_columns = [f"{task}_{total}" for task in TASKS for total in TOTALS]
    columns = (
        ["application_id"] + _PARTICIPANT_FIELDS + year_columns + _PARTICIPANT_COUNTS
        + total_columns + ["findings", "codes"]
    )
    rows = []
    for p in people:
        row: Dict[str, Any] = {k: p.get(k) for k in ["application_id"] + _PARTICIPANT_FIELDS}
        for y in p["years"]:
            row[f"year{y['year']}_status"] = y["status"]
            row[f"year{y['year']}_complete"] = y.get("complete")
            row[f"year{y['year']}_score"] = y.get("score")
        for k in _PARTICIPANT_COUNTS:
            row[k] = p.get(k)
        for task in TASKS:
            totals: Mapping[str, Any] = p["totals"][task]
            for total in TOTALS:
                row[f"{task}_{total}"] = totals[total]
        row["findings"] = len(p["findings"])
        row["codes"] = _codes(p["findings"])
        rows.append(row)
    parts = pd.DataFrame(rows, columns=columns).set_index("application_id")

    prov_rows = []
    provinces: List[Mapping[str, Any]] = list(result["provinces"])
    for pr in provinces:
        row = {k: pr.get(k) for k in ["province"] + _CYCLE_PROVINCE_COLUMNS}
        row["case_shortlist"] = " ".join(c["application_id"] for c in pr["case_shortlist"])
        prov_rows.append(row)
    provs = pd.DataFrame(prov_rows, columns=["province"] + _CYCLE_PROVINCE_COLUMNS).set_index(
        "province"
    )

    for frame in (parts, provs):
        frame.attrs["ruleset"] = dict(result["ruleset"])
        frame.attrs["as_of"] = result["as_of"]
    provs.attrs["case_shortlist"] = [dict(c) for c in result["case_shortlist"]]
    return parts, provs


_STANDING = ("outcome", "recommended", "rank")
_COUNTS = (
    "national_quota", "provincial_quota", "candidates", "places_used", "recommended",
    "pending_review", "national_team", "provincial_team", "provincial_candidates",
    "not_selected", "late",
)
_CUT = ("last_in_id", "last_in_merit", "first_out_id", "first_out_merit")


def _cut_cells(counts: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    cut: Mapping[str, Any] = (counts or {}).get("cut_line") or {}
    last_in: Mapping[str, Any] = cut.get("last_in") or {}
    first_out: Mapping[str, Any] = cut.get("first_out") or {}
    return {
        "last_in_id": last_in.get("id"), "last_in_merit": last_in.get("merit"),
        "first_out_id": first_out.get("id"), "first_out_merit": first_out.get("merit"),
    }


def compare_frames(
    base: Mapping[str, Any],
    variant: Mapping[str, Any],
    *,
    ruleset: Any = None,
) -> Tuple[pd.DataFrame, pd.DataFrame]:
    """Compares two settings (:func:`qgx.compare`) and returns ``(applications_df,
    provinces_df)``: only what changed, one row per application or province.

    ``applications_df`` (index ``id``, in id order): ``province``, then ``base_outcome``,
    ``base_recommended``, ``base_rank`` and the same three ``variant_…`` columns (all missing
    for an application absent from that input). ``provinces_df`` (index ``province``):
    ``name``, then each count and the cut line (``last_in_id``, ``last_in_merit``,
    ``first_out_id``, ``first_out_merit``) as ``base_…`` and ``variant_…`` columns.
    ``applications_df.attrs`` holds ``newly_recommended`` and ``no_longer_recommended`` (lists
    of ids); both frames' ``attrs["base"]`` and ``attrs["variant"]`` the two rulesets' stamps.
    """
    result = _qgx.compare(base, variant, ruleset=ruleset)
    app_columns = ["id", "province"] + [f"{side}_{k}" for side in ("base", "variant") for k in _STANDING]
    app_rows = []
    for a in result["applications"]:
        row: Dict[str, Any] = {"id": a["id"], "province": a["province"]}
        for side in ("base", "variant"):
            standing: Any = (a["base"] if side == "base" else a["variant"]) or {}
            for k in _STANDING:
                row[f"{side}_{k}"] = standing.get(k)
        app_rows.append(row)
    apps = pd.DataFrame(app_rows, columns=app_columns).set_index("id")

    prov_columns = ["province", "name"] + [
        f"{side}_{k}" for side in ("base", "variant") for k in _COUNTS + _CUT
    ]
    prov_rows = []
    for p in result["provinces"]:
        row = {"province": p["province"], "name": p["name"]}
        for side in ("base", "variant"):
            counts: Any = p["base"] if side == "base" else p["variant"]
            for k in _COUNTS:
                row[f"{side}_{k}"] = (counts or {}).get(k)
            for k, v in _cut_cells(counts).items():
                row[f"{side}_{k}"] = v
        prov_rows.append(row)
    provs = pd.DataFrame(prov_rows, columns=prov_columns).set_index("province")

    for frame in (apps, provs):
        frame.attrs["base"] = dict(result["base"])
        frame.attrs["variant"] = dict(result["variant"])
    apps.attrs["newly_recommended"] = list(result["newly_recommended"])
    apps.attrs["no_longer_recommended"] = list(result["no_longer_recommended"])
    return apps, provs
