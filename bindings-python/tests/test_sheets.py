"""qgx.sheets: the spreadsheet readers and writers of qgx-sheets from Python — the CSV examples,
workbooks written by openpyxl, GB18030 CSV, errors at their cells, results workbooks read back
with openpyxl and compared with the command line's --out, and qgx.pandas on what the readers
return."""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import shutil
import subprocess
from typing import Any, Iterator, Optional, Sequence

import openpyxl
import pytest

import qgx
from conftest import EXAMPLES, ROOT, load

CSV = EXAMPLES / "csv"
CSV_FILES: qgx.sheets.SelectionFiles = {
    "path": CSV / "applications.csv",
    "provinces": CSV / "provinces.csv",
    "registry": CSV / "registry.json",
    "decisions": CSV / "decisions.csv",
}
SELECTION_SHEETS = ["省份汇总", "推荐名单", "全部申报", "问题清单", "合规"]
REPORT_SHEETS = ["报告结果", "问题清单"]

HEAD = [
    "申报编号", "人员编号", "姓名", "学校标识码", "学校名称", "是否高校", "所在省份", "支部名称",
    "支部类型", "职务", "双带头人", "学校党委审核", "评分",
]


def app_row(id: str, person: str, merit: Any, kind: str = "教师党支部") -> list[Any]:
    return [
        id, person, "王芳", "4111010001", "北京大学", "是", "北京市", "物理学院教师党支部", kind,
        "书记", "是", "已通过", merit,
    ]


def workbook(path: pathlib.Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> pathlib.Path:
    """A workbook written by openpyxl, one sheet per entry."""
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def cells(path: pathlib.Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows, as values."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def column(rows: list[tuple[Any, ...]], header: str) -> list[Any]:
    """The values under `header` in a sheet whose first row is its headers."""
    i = rows[0].index(header)
    return [r[i] for r in rows[1:] if any(v is not None for v in r)]


# --- reading --------------------------------------------------------------------------------


def test_the_csv_examples_read_as_the_json_selection() -> None:
    selection = qgx.sheets.read_selection(**CSV_FILES)
    expected = load(EXAMPLES / "selection.json")
    for part in ("applications", "provinces", "registry"):
        assert selection[part] == expected[part], part
    assert qgx.select(selection) == qgx.select(expected)
    # str or os.PathLike, and what select_json takes as text too.
    as_str = qgx.sheets.read_selection(
        str(CSV_FILES["path"]), provinces=str(CSV_FILES["provinces"]))
    assert as_str["applications"] == selection["applications"]
    assert json.loads(qgx.select_json(json.dumps(selection))) == qgx.select(selection)


def test_a_workbook_written_by_openpyxl_with_chinese_headers_and_labels(
    tmp_path: pathlib.Path,
) -> None:
    path = workbook(tmp_path / "申报.xlsx", {
        "申报": [HEAD, app_row("A-1", "P-1", 87.5), app_row("A-2", "P-2", 90)],
        "省份": [["省份", "全国推荐名额", "名单报送时间"],
                 ["北京市", 1, datetime.datetime(2024, 8, 1, 17, 30)]],
    })
    selection = qgx.sheets.read_selection(path)
    a = selection["applications"][0]
    assert (a["id"], a["province"], a["branch"]["kind"], a["role"]) == (
        "A-1", "11", "teacher", "secretary")
    assert a.get("merit_score") == 87.5
    review = a.get("university_review")
    assert review is not None and review["decision"] == "approved"
    # An empty cell is an absent field (None); a date cell without an offset is Beijing time,
    # as the core reads a timestamp without one.
    assert selection["provinces"] == [{
        "province": "11", "national_quota": 1, "provincial_quota": None,
        "list_submitted_at": "2024-08-01T17:30:00",
    }]
    result = qgx.select(selection)
    assert [x["outcome"] for x in result["applications"]] == ["incomplete_plan", "incomplete_plan"]


def test_a_gb18030_csv_written_with_python_s_codec(tmp_path: pathlib.Path) -> None:
    text = "\n".join(",".join(str(v) for v in r) for r in [HEAD, app_row("A-1", "P-1", 90)])
    apps = tmp_path / "apps.csv"
    apps.write_bytes((text + "\n").encode("gb18030"))
    provs = tmp_path / "provinces.csv"
    provs.write_bytes("省份,全国推荐名额\r\n北京市,1\r\n".encode("gb18030"))
    selection = qgx.sheets.read_selection(apps, provinces=provs)
    assert selection["applications"][0].get("name") == "王芳"
    assert selection["applications"][0]["branch"]["name"] == "物理学院教师党支部"
    assert qgx.sheets.read_selection(apps, provinces=provs, encoding="gb18030") == selection
    with pytest.raises(qgx.SheetError) as e:
        qgx.sheets.read_selection(apps, provinces=provs, encoding="utf-8")
    assert e.value.kind == "format" and "not UTF-8" in str(e.value)
    with pytest.raises(qgx.InvalidArgumentError) as bad:
        qgx.sheets.read_selection(apps, provinces=provs, encoding="latin-1")  # type: ignore[arg-type]
    assert bad.value.path == "/encoding"


def test_a_bad_cell_names_its_sheet_and_cell(tmp_path: pathlib.Path) -> None:
    path = workbook(tmp_path / "apps.xlsx", {
        "申报": [HEAD, app_row("A-1", "P-1", 90), app_row("A-2", "P-2", "八十")],
        "省份": [["省份", "全国推荐名额"], ["北京市", 1]],
    })
    with pytest.raises(qgx.SheetError) as e:
        qgx.sheets.read_selection(path)
    err = e.value
    assert str(err) == f"{path}: 申报!M3 (merit_score): expected a number from 0 to 100, got 八十"
    assert isinstance(err, qgx.InvalidInputError) and isinstance(err, ValueError)
    assert (err.kind, err.file, err.sheet, err.cell, err.field) == (
        "invalid", str(path), "申报", "M3", "merit_score")
    assert (err.line, err.column, err.path) == (3, 13, "")
    assert err.errors == [{"path": "", "message": str(err)}]


def test_a_cell_of_a_csv_and_what_select_rejects(tmp_path: pathlib.Path) -> None:
    apps = tmp_path / "apps.csv"
    rows = [HEAD, app_row("A-1", "P-1", 90), app_row("A-2", "P-2", 90, kind="猫")]
    apps.write_text("\n".join(",".join(str(v) for v in r) for r in rows) + "\n", encoding="utf-8")
    provs = tmp_path / "p.csv"
    provs.write_text("省份,全国推荐名额\n北京市,1\n", encoding="utf-8")
    with pytest.raises(qgx.SheetError) as e:
        qgx.sheets.read_selection(apps, provinces=provs)
    assert str(e.value).startswith(f"{apps}:3:9: column branch_kind: ")
    assert (e.value.sheet, e.value.cell, e.value.line, e.value.column) == (None, "I3", 3, 9)
    # Two applications with one id are read; select refuses them at the second one's id.
    apps.write_text("\n".join(",".join(str(v) for v in r) for r in [
        HEAD, app_row("A-1", "P-1", 90), app_row("A-1", "P-2", 90)]) + "\n", encoding="utf-8")
    selection = qgx.sheets.read_selection(apps, provinces=provs)
    with pytest.raises(qgx.InvalidInputError) as invalid:
        qgx.select(selection)
    assert invalid.value.path == "/applications/1/id"


def test_layout_errors_name_the_sheet(tmp_path: pathlib.Path) -> None:
    path = workbook(tmp_path / "apps.xlsx", {"申报": [HEAD], "甲乙": [["x"], [1]]})
    with pytest.raises(qgx.SheetError) as e:
        qgx.sheets.read_selection(path)
    assert e.value.kind == "layout" and "甲乙" in str(e.value)
    not_a_book = tmp_path / "apps.xlsx"
    not_a_book.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(qgx.SheetError) as e:
        qgx.sheets.read_reports(not_a_book)
    assert e.value.kind == "format"


def test_a_missing_file_is_file_not_found(tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "nowhere.xlsx"
    with pytest.raises(FileNotFoundError) as e:
        qgx.sheets.read_selection(missing)
    assert (e.value.errno, e.value.filename) == (2, str(missing))
    with pytest.raises(FileNotFoundError):
        qgx.sheets.read_selection(CSV_FILES["path"], provinces=missing)
    with pytest.raises(FileNotFoundError):
        qgx.sheets.read_selection(CSV_FILES["path"], provinces=CSV_FILES["provinces"],
                                  registry=tmp_path / "registry.json")
    with pytest.raises(FileNotFoundError):
        qgx.sheets.read_reports(str(missing))
    with pytest.raises(IsADirectoryError):
        qgx.sheets.read_reports(tmp_path)


def report_book(path: pathlib.Path, reports: Sequence[dict[str, Any]]) -> pathlib.Path:
    """A reports workbook written by openpyxl (报告, 活动, 成果): Chinese headers, wire names or
    labels in the cells, dates as date cells."""
    main: list[list[Any]] = [["申报编号", "年度", "提交时间", "年度总结"]]
    acts: list[list[Any]] = [[
        "申报编号", "年度", "任务", "日期", "活动形式", "合作对象类型", "合作对象名称", "教师人数",
        "学生人数", "乡村振兴", "活动描述", "佐证材料",
    ]]
    outs: list[list[Any]] = [["申报编号", "年度", "任务", "成果类型", "成果名称", "佐证材料"]]
    for r in reports:
        key = [r["application_id"], r["cycle_year"]]
        main.append(key + [r.get("submitted_at"), r["summary"]])
        for task, t in r["tasks"].items():
            for a in t["activities"]:
                acts.append(key + [
                    task, datetime.date.fromisoformat(a["date"]), a["form"], a["partner"]["kind"],
                    a["partner"]["name"], a["participants"]["teachers"],
                    a["participants"]["students"], "是" if a["rural_revitalization"] else "否",
                    a["description"], "\n".join(a["evidence"]) or None,
                ])
            for o in t["outputs"]:
                outs.append(key + [task, o["kind"], o["title"], "；".join(o["evidence"]) or None])
    return workbook(path, {"报告": main, "活动": acts, "成果": outs})


@pytest.fixture
def reports(report: dict[str, Any], incomplete_report: dict[str, Any]) -> list[dict[str, Any]]:
    return [report, incomplete_report]


def test_reports_from_a_workbook_check_as_the_json(
    tmp_path: pathlib.Path, reports: list[dict[str, Any]]
) -> None:
    path = report_book(tmp_path / "年度报告.xlsx", reports)
    read = qgx.sheets.read_reports(path)
    assert [(r["application_id"], r["cycle_year"]) for r in read] == [("A-0001", 1), ("A-0004", 1)]
    assert qgx.check_reports(read, as_of="2025-09-30") == qgx.check_reports(
        reports, as_of="2025-09-30")
    codes = {f["code"] for f in qgx.check_reports(read)[1]["findings"]}
    assert "description_too_short" in codes


# --- writing --------------------------------------------------------------------------------


def test_selection_results_read_back_with_openpyxl(tmp_path: pathlib.Path) -> None:
    selection = qgx.sheets.read_selection(**CSV_FILES)
    result = qgx.select(selection)
    out = tmp_path / "遴选结果.xlsx"
    qgx.sheets.write_results(result, out, input=selection, source=CSV_FILES)
    book = cells(out)
    assert list(book) == SELECTION_SHEETS
    summary = book["省份汇总"]
    assert summary[1][:2] == ("规则版本 (edition)", "2024")
    assert summary[2][:2] == ("规则哈希 (hash)", result["ruleset"]["hash"])
    listed = [r[1] for r in book["推荐名单"] if isinstance(r[0], int)]
    names = {a["id"]: a.get("name") for a in selection["applications"]}
    recommended = sorted(str(names[a["id"]]) for a in result["applications"] if a["recommended"])
    assert sorted(listed) == recommended
    everything = book["全部申报"]
    assert column(everything, "申报编号") == [a["id"] for a in result["applications"]]
    assert column(everything, "结果代码") == [a["outcome"] for a in result["applications"]]
    problems = book["问题清单"]
    found = dict(zip(column(problems, "代码"), zip(column(problems, "工作表"),
                                                  column(problems, "单元格"))))
    assert found["duplicate_person"] == (str(CSV_FILES["path"]), "3:2")
    assert found["late_list"] == (str(CSV_FILES["provinces"]), "3:4")
    assert column(book["合规"], "代码") == [c["code"] for c in result["compliance"]]

    # Without source= the findings are listed without their cells; without input= the
    # input is what source= reads.
    bare = tmp_path / "bare.xlsx"
    qgx.sheets.write_results(result, bare, input=selection)
    assert set(column(cells(bare)["问题清单"], "单元格")) == {None}
    from_source = tmp_path / "from-source.xlsx"
    qgx.sheets.write_results(result, from_source, source=CSV_FILES)
    assert cells(from_source) == book


def test_report_results_read_back_with_openpyxl(
    tmp_path: pathlib.Path, reports: list[dict[str, Any]]
) -> None:
    path = report_book(tmp_path / "年度报告.xlsx", reports)
    checks = qgx.check_reports(qgx.sheets.read_reports(path))
    out = tmp_path / "检查结果.xlsx"
    qgx.sheets.write_results(checks, out, source=path)
    book = cells(out)
    assert list(book) == REPORT_SHEETS
    problems = book["问题清单"]
    expected = [f["code"] for c in checks for f in c["findings"]]
    assert column(problems, "代码") == expected
    places = dict(zip(column(problems, "代码"), zip(column(problems, "工作表"),
                                                   column(problems, "单元格"))))
    assert places["description_too_short"][0] == "活动"
    # One check (check_report's dict) is a list of one; no source, no cells.
    one = tmp_path / "one.xlsx"
    qgx.sheets.write_results(qgx.check_report(reports[1]), one)
    rows = cells(one)["问题清单"]
    assert column(rows, "代码") == [f["code"] for f in checks[1]["findings"]]
    assert set(column(rows, "单元格")) == {None}
    # Checks of other reports than the file's are refused, not mapped to the wrong rows.
    with pytest.raises(qgx.SheetError, match="not the reports the checks were made of"):
        qgx.sheets.write_results(checks[::-1], tmp_path / "wrong.xlsx", source=path)
    assert not (tmp_path / "wrong.xlsx").exists()


def test_writing_errors_and_no_half_written_file(tmp_path: pathlib.Path) -> None:
    selection = qgx.sheets.read_selection(**CSV_FILES)
    result = qgx.select(selection)
    with pytest.raises(TypeError, match="give input="):
        qgx.sheets.write_results(result, tmp_path / "r.xlsx")
    with pytest.raises(qgx.SheetError, match="give a name ending in .xlsx") as e:
        qgx.sheets.write_results(result, tmp_path / "r.csv", input=selection)
    assert e.value.kind == "format"
    with pytest.raises(TypeError, match="input= is for a selection"):
        qgx.sheets.write_results([], tmp_path / "r.xlsx", input=selection)
    with pytest.raises(TypeError, match="source="):
        qgx.sheets.write_results(result, tmp_path / "r.xlsx", source={"applications": "a.xlsx"})
    with pytest.raises(FileNotFoundError):
        qgx.sheets.write_results(result, tmp_path / "no" / "r.xlsx", input=selection)
    # A malformed result: an InvalidInputError at its path, and the old file left as it was.
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the old file")
    bad = {**result, "applications": [{**result["applications"][0], "rank": "first"}]}
    with pytest.raises(qgx.InvalidInputError) as err:
        qgx.sheets.write_results(bad, out, input=selection)
    assert err.value.path == "/result/applications/0/rank"
    with pytest.raises(qgx.InvalidInputError) as err:
        qgx.sheets.write_results(result, out, input={**selection, "applications": 1})
    assert err.value.path == "/input/applications"
    assert out.read_bytes() == b"the old file"
    qgx.sheets.write_results(result, out, input=selection)
    assert list(cells(out)) == SELECTION_SHEETS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_templates_are_stamped_and_read_back_empty(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "报告模板.xlsx"
    qgx.sheets.template("reports", path)
    book = cells(path)
    assert list(book)[:4] == ["填写说明", "报告", "活动", "成果"]
    assert book["填写说明"][2][1] == qgx.Ruleset.edition_2024().hash
    assert qgx.sheets.read_reports(path) == []
    other = qgx.Ruleset.edition_2024().with_overrides({"priority_mode": "tie_break"})
    qgx.sheets.template("applications", tmp_path / "申报模板.xlsx", ruleset=other)
    assert cells(tmp_path / "申报模板.xlsx")["填写说明"][2][1] == other.hash
    with pytest.raises(qgx.InvalidArgumentError, match="expected one of: applications") as e:
        qgx.sheets.template("report", path)  # type: ignore[arg-type]
    assert e.value.path == "/kind"


# --- the same workbook as the command line ---------------------------------------------------


def _cli() -> Optional[str]:
    """The `qgx` command line: QGX_CLI, a built one, or built now (None without cargo)."""
    if os.environ.get("QGX_CLI"):
        return os.environ["QGX_CLI"]
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        if (target / profile / "qgx").exists():
            return str(target / profile / "qgx")
    if shutil.which("cargo") is None:
        return None
    subprocess.run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "qgx-cli"],
                   cwd=ROOT, check=True)
    return str(target / "release" / "qgx")


@pytest.fixture(scope="module")
def cli() -> Iterator[str]:
    found = _cli()
    if found is None:
        pytest.skip("the qgx command line is not built and cargo is not installed")
    yield found


def test_the_selection_workbook_is_the_command_line_s(tmp_path: pathlib.Path, cli: str) -> None:
    ours = tmp_path / "ours.xlsx"
    theirs = tmp_path / "theirs.xlsx"
    qgx.sheets.write_results(qgx.select(qgx.sheets.read_selection(**CSV_FILES)), ours,
                             source=CSV_FILES)
    subprocess.run([
        cli, "select", "--applications", str(CSV_FILES["path"]),
        "--provinces", str(CSV_FILES["provinces"]), "--registry", str(CSV_FILES["registry"]),
        "--office-decisions", str(CSV_FILES["decisions"]), "--out", str(theirs),
    ], check=True, capture_output=True)
    assert cells(ours) == cells(theirs)


def test_the_reports_workbook_is_the_command_line_s(
    tmp_path: pathlib.Path, cli: str, reports: list[dict[str, Any]]
) -> None:
    path = report_book(tmp_path / "reports.xlsx", reports)
    ours = tmp_path / "ours.xlsx"
    theirs = tmp_path / "theirs.xlsx"
    qgx.sheets.write_results(qgx.check_reports(qgx.sheets.read_reports(path)), ours, source=path)
    subprocess.run([cli, "check-report", str(path), "--out", str(theirs)], check=True,
                   capture_output=True)
    assert cells(ours) == cells(theirs)
    # From JSON, as the command line's check-report of a JSON file writes it (no cells).
    as_json = tmp_path / "reports.json"
    as_json.write_text(json.dumps(reports, ensure_ascii=False), encoding="utf-8")
    subprocess.run([cli, "check-report", str(as_json), "--out", str(theirs)], check=True,
                   capture_output=True)
    qgx.sheets.write_results(qgx.check_reports(reports), ours)
    assert cells(ours) == cells(theirs)


# --- qgx.pandas takes what the readers return ------------------------------------------------

pd = pytest.importorskip("pandas")


def test_select_frames_takes_read_selection() -> None:
    from qgx.pandas import compare_frames, select_frames

    selection = qgx.sheets.read_selection(**CSV_FILES)
    expected_apps, expected_provs = select_frames(load(EXAMPLES / "selection.json"))
    apps, provs = select_frames(selection)
    pd.testing.assert_frame_equal(apps, expected_apps)
    pd.testing.assert_frame_equal(provs, expected_provs)
    assert apps.loc["A-0002", "codes"] == "R-DUP:duplicate_person"
    # Its parts, as DataFrames (missing cells are absent fields).
    parts_apps, parts_provs = select_frames(
        applications=pd.DataFrame(selection["applications"]),
        provinces=pd.DataFrame(selection["provinces"]),
        registry=selection.get("registry"),
    )
    pd.testing.assert_frame_equal(parts_apps, apps)
    pd.testing.assert_frame_equal(parts_provs, provs)
    changed, _ = compare_frames(selection, selection)
    assert changed.empty


def test_score_and_summarize_frames_take_read_reports(
    tmp_path: pathlib.Path, reports: list[dict[str, Any]]
) -> None:
    from qgx.pandas import score_reports, summarize_frames

    read = qgx.sheets.read_reports(report_book(tmp_path / "r.xlsx", reports))
    expected = score_reports(reports, as_of="2025-09-30")
    pd.testing.assert_frame_equal(score_reports(read, as_of="2025-09-30"), expected)
    pd.testing.assert_frame_equal(score_reports(pd.DataFrame(read), as_of="2025-09-30"), expected)
    assert list(expected["application_id"]) == ["A-0001", "A-0004"]
    people, _ = summarize_frames(reports=read, as_of="2026-09-30")
    expected_people, _ = summarize_frames(reports=reports, as_of="2026-09-30")
    pd.testing.assert_frame_equal(people, expected_people)
    assert list(people.index) == ["A-0001", "A-0004"]


def test_the_package_exports_the_submodule() -> None:
    assert "sheets" in qgx.__all__ and "SheetError" in qgx.__all__
    assert qgx.sheets.SheetError is qgx.SheetError
    assert issubclass(qgx.SheetError, qgx.InvalidInputError)
    assert set(qgx.sheets.__all__) == {
        "SheetError", "SelectionFiles", "read_selection", "read_reports", "write_results",
        "template"}
