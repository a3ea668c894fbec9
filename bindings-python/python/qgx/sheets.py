"""qgx.sheets: the offices' spreadsheets in and out, through the Rust crate ``qgx-sheets`` — the
same readers and writers as the command line (``qgx select --applications 申报.xlsx --out …``).

- :func:`read_selection` and :func:`read_reports` read ``.xlsx`` (also ``.xlsm``, ``.xls``,
  ``.xlsb``, ``.ods``) or CSV in UTF-8 or GB18030 (detected; ``encoding=`` forces one), with
  Chinese or English headers and Chinese labels or wire names, and return the wire format's
  dicts: exactly what :func:`qgx.select` and :func:`qgx.check_reports` take, and what the
  helpers of :mod:`qgx.pandas` take.
- :func:`write_results` writes the workbook the command line's ``--out`` writes, from what
  :func:`qgx.select` or :func:`qgx.check_reports` returned.
- :func:`template` writes an empty template (Chinese headers, a 填写说明 sheet, drop-downs).

A cell the readers cannot take raises :class:`SheetError` (an :class:`qgx.InvalidInputError`,
so a ``ValueError``) whose message names the file, sheet and cell as Excel shows them
(``apps.xlsx: 申报!F12 (merit_score): expected a number from 0 to 100, got 八十``); a file
that cannot be read or written raises the ``OSError`` Python raises for it
(``FileNotFoundError``, ``PermissionError``, …).

>>> import qgx
>>> selection = qgx.sheets.read_selection("申报.xlsx", provinces="省份.xlsx")  # doctest: +SKIP
>>> result = qgx.select(selection)  # doctest: +SKIP
>>> qgx.sheets.write_results(result, "遴选结果.xlsx", source={"path": "申报.xlsx",
...                          "provinces": "省份.xlsx"})  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import Any, List, Literal, Mapping, Optional, Sequence, TypedDict, Union

from . import _qgx
from ._qgx import SheetError
from .types import AnnualReport, ReportCheck, SelectionInput, SelectionResult

__all__ = [
    "SheetError", "SelectionFiles", "read_selection", "read_reports", "write_results", "template",
]

PathLike = Union[str, "os.PathLike[str]"]
"""A file's name: ``str`` or ``os.PathLike`` (``pathlib.Path``)."""
Encoding = Literal["auto", "utf-8", "utf8", "gb18030", "gbk", "gb2312", "cp936"]
"""How a CSV is read: ``auto`` (valid UTF-8 is UTF-8, anything else GB18030), or one forced."""


class _SelectionFilesRequired(TypedDict):
    path: PathLike


class SelectionFiles(_SelectionFilesRequired, total=False):
    """:func:`read_selection`'s arguments as a dict: ``read_selection(**files)``, and
    ``write_results(..., source=files)``."""

    provinces: Optional[PathLike]
    registry: Optional[PathLike]
    decisions: Optional[PathLike]
    encoding: Encoding


Source = Union[PathLike, SelectionFiles, Mapping[str, Any]]
"""Where an input was read from: the path given to the reader, or a dict of the reader's
arguments (:class:`SelectionFiles`; for reports ``{"path": ..., "encoding": ...}``)."""

_SELECTION_KEYS = ("path", "provinces", "registry", "decisions", "encoding")
_REPORT_KEYS = ("path", "encoding")


def read_selection(
    path: PathLike,
    *,
    provinces: Optional[PathLike] = None,
    registry: Optional[PathLike] = None,
    decisions: Optional[PathLike] = None,
    encoding: Encoding = "auto",
) -> SelectionInput:
    """Reads a Selection input: ``path`` is one workbook holding every sheet (申报, the plan's
    sheets 计划目标/计划活动/计划成果/年度节点, 省份, 高校名额, 备案审核, 全国工作室, 样板支部), or
    the applications' file when ``provinces`` (省份, 高校名额), ``registry`` (全国工作室,
    样板支部 — or the Registry as a ``.json`` file) and ``decisions`` (备案审核) come from files
    of their own. Returns the input as :func:`qgx.select` takes it."""
    return _qgx.sheets_read_selection(path, provinces, registry, decisions, encoding)


def read_reports(path: PathLike, *, encoding: Encoding = "auto") -> List[AnnualReport]:
    """Reads annual reports from a workbook (报告, 活动, 成果) or a CSV of 报告 rows, in the
    file's order: the list :func:`qgx.check_reports` takes."""
    return _qgx.sheets_read_reports(path, encoding)


def _source(source: Optional[Source], keys: Sequence[str]) -> Mapping[str, Any]:
    """``source=`` as the reader's arguments."""
    if source is None:
        return {}
    if isinstance(source, (str, os.PathLike)):
        return {"path": source}
    unknown = sorted(set(source) - set(keys))
    if unknown or "path" not in source:
        raise TypeError(
            f"source=: expected a path or a dict with 'path' and any of"
            f" {', '.join(keys[1:])} (the reader's arguments), got the keys {sorted(source)}"
        )
    return source


Results = Union[
    SelectionResult, ReportCheck, Sequence[ReportCheck], Mapping[str, Any],
    Sequence[Mapping[str, Any]],
]
"""What :func:`qgx.select`, :func:`qgx.check_reports` or :func:`qgx.check_report` returned."""


def write_results(
    result: Results,
    path: PathLike,
    *,
    input: Optional[Union[SelectionInput, Mapping[str, Any]]] = None,
    source: Optional[Source] = None,
) -> None:
    """Writes results as the workbook the command line's ``--out`` writes (``path`` must end
    in ``.xlsx``). It is written whole or not at all: into a new file beside ``path``, then
    renamed over it.

    ``result`` is what :func:`qgx.select` returned — sheets 省份汇总 (with the ruleset's stamp),
    推荐名单, 全部申报, 问题清单 and 合规; give ``input=`` (the Selection input, for names and
    schools), ``source=`` or both — or what :func:`qgx.check_reports` (a list) or
    :func:`qgx.check_report` (one dict) returned — sheets 报告结果 and 问题清单.

    ``source=`` is where the input was read from: the path given to :func:`read_selection` or
    :func:`read_reports`, or a dict of that reader's arguments (``{"path": "申报.xlsx",
    "provinces": "省份.xlsx"}``). The files are read again, with the same reader, so that
    问题清单 names each finding's sheet and cell as the command line does; without ``input=``
    the selection's input is that reading. A selection's findings are matched to their rows by
    application id and province code; report checks by position, so the file must hold the
    reports that were checked, in order (else :class:`SheetError`).
    """
    if isinstance(result, Mapping) and "applications" in result:
        src = _source(source, _SELECTION_KEYS)
        _qgx.sheets_write_selection(
            result, path, input, src.get("path"), src.get("provinces"),
            src.get("registry"), src.get("decisions"), src.get("encoding", "auto"),
        )
        return
    if input is not None:
        raise TypeError("input= is for a selection's results; report checks need none")
    src = _source(source, _REPORT_KEYS)
    checks = [result] if isinstance(result, Mapping) else result
    _qgx.sheets_write_reports(checks, path, src.get("path"), src.get("encoding", "auto"))


def template(
    kind: Literal["applications", "provinces", "decisions", "registry", "reports"],
    path: PathLike,
    *,
    ruleset: Any = None,
) -> None:
    """Writes an empty template of ``kind`` to ``path`` (``.xlsx``): Chinese headers (required
    ones in red), a 填写说明 sheet describing every column and a drop-down for every enumerated
    column, stamped with ``ruleset`` (default the 2024 edition). What it writes, the readers
    read back."""
    _qgx.sheets_template(kind, path, ruleset=ruleset)
