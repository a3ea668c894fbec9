"""The baseline: a straightforward pure-Python implementation of the annual-report check and
score (RULES.md §4.12–4.14 of revision 2, edition 2024 defaults), written the way an analyst
would write it.

It computes what `qgx.check_report` computes for the benchmark: the findings (rule, code,
path), `complete`, `completeness`, the valid activities per task and the R-SCORE components,
rounded half away from zero. `bench_scoring.py` checks that it agrees with qgx on every report
before timing it, so the comparison is of equal work.
"""

from __future__ import annotations

import datetime
from typing import Any, Dict, List, Tuple

TASKS = ("party_building", "education_service", "tech_empowerment", "practice_education")
RULE = dict(zip(TASKS, ("R-TASK-1", "R-TASK-2", "R-TASK-3", "R-TASK-4")))
FORMS = {
    "party_building": {"party_lecture", "theory_outreach", "experience_exchange",
                       "resource_sharing", "other"},
    "education_service": {"lecture", "skills_training", "science_outreach", "donation",
                          "teaching_seminar", "curriculum_exchange", "discipline_consulting",
                          "other"},
    "tech_empowerment": {"policy_advice", "tech_development", "creative_design",
                         "cultural_communication", "platform_support", "other"},
    "practice_education": {"field_research", "interviews", "volunteer_service",
                           "professional_internship", "employment_traineeship", "other"},
}
PARTNERS = {
    "party_building": {"local_party_government", "enterprise_institution", "research_institute",
                       "grassroots_community", "other"},
    "education_service": {"education_authority", "school", "teachers_students", "other"},
    "tech_empowerment": {"party_government_organ", "public_institution", "leading_enterprise",
                         "other"},
    "practice_education": {"party_government_organ", "subdistrict", "township", "community",
                           "enterprise", "school", "hospital", "other"},
}
OUTPUTS = {
    "party_building": {"quality_party_lesson", "ideological_course_demo", "other"},
    "education_service": {"service_brand_activity", "big_ideology_course", "other"},
    "tech_empowerment": {"iur_platform", "achievement_transfer", "other"},
    "practice_education": {"research_report", "consulting_report", "other"},
}
WARNINGS = {"submitted_early", "submitted_late", "output_not_allowed", "output_without_note"}
PARAMS = {
    "cycle_start": datetime.date(2024, 9, 1), "cycle_years": 3, "report_window_days": 60,
    "report_grace_days": 0, "min_activities_per_task": 1, "min_description_chars": 20,
    "require_evidence": True,
    "score": {"coverage": 10.0, "breadth": 5.0, "reach": 5.0, "outputs": 5.0,
              "breadth_cap": 3, "reach_cap": 200, "outputs_cap": 2},
}
CST = datetime.timezone(datetime.timedelta(hours=8))


def round2(x: float) -> float:
    """Half away from zero to 2 decimals, after snapping to 9 decimals (as the core does)."""
    nano = round(x * 1e9) / 1e7
    return float(int(abs(nano) + 0.5) * (1 if nano >= 0 else -1)) / 100.0


def add_years(d: datetime.date, n: int) -> datetime.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def blank(s: Any) -> bool:
    return s is None or not str(s).strip()


def check_report(report: Dict[str, Any], p: Dict[str, Any] = PARAMS) -> Dict[str, Any]:
    findings: List[Tuple[str, str, str]] = []
    passed = total = 0

    def check(ok: bool) -> bool:
        nonlocal passed, total
        total += 1
        passed += ok
        return ok

    k = report["cycle_year"]
    period = None
    if check(1 <= k <= p["cycle_years"]):
        start = add_years(p["cycle_start"], k - 1)
        end = add_years(p["cycle_start"], k) - datetime.timedelta(days=1)
        opens = end - datetime.timedelta(days=p["report_window_days"] - 1)
        due = end + datetime.timedelta(days=p["report_grace_days"])
        period = (start, end)
        if report.get("submitted_at"):
            at = datetime.datetime.fromisoformat(report["submitted_at"])
            on = (at if at.tzinfo else at.replace(tzinfo=CST)).astimezone(CST).date()
            if on < opens:
                findings.append(("R-ANNUAL", "submitted_early", "/submitted_at"))
            elif on > due:
                findings.append(("R-ANNUAL", "submitted_late", "/submitted_at"))
    else:
        findings.append(("R-ANNUAL", "bad_cycle_year", "/cycle_year"))
    if not check(not blank(report.get("summary"))):
        findings.append(("R-ANNUAL", "summary_missing", "/summary"))

    s = p["score"]
    tasks: Dict[str, Any] = {}
    score_total = 0.0
    for task in TASKS:
        tr = report["tasks"].get(task)
        valid, forms, people, outputs = 0, set(), 0, 0
        at = len(findings)
        for i, a in enumerate((tr or {}).get("activities", [])):
            base = f"/tasks/{task}/activities/{i}"
            ok = True
            if period is not None:
                d = datetime.date.fromisoformat(a["date"])
                if not check(period[0] <= d <= period[1]):
                    ok = False
                    findings.append(("R-ANNUAL", "date_outside_period", base + "/date"))
            form_ok = a["form"] in FORMS[task]
            if not form_ok:
                findings.append((RULE[task], "form_not_allowed", base + "/form"))
            elif a["form"] == "other" and blank(a.get("note")):
                form_ok = False
                findings.append((RULE[task], "other_without_note", base + "/note"))
            partner = a["partner"]
            partner_ok = partner["kind"] in PARTNERS[task]
            if not partner_ok:
                findings.append((RULE[task], "partner_not_allowed", base + "/partner/kind"))
            elif partner["kind"] == "other" and blank(partner.get("note")):
                partner_ok = False
                findings.append((RULE[task], "other_without_note", base + "/partner/note"))
            ok &= check(form_ok)
            ok &= check(partner_ok)
            n = a["participants"]["teachers"] + a["participants"]["students"]
            if not check(n > 0):
                ok = False
                findings.append(("R-ANNUAL", "no_participants", base + "/participants"))
            if not check(len(a["description"].strip()) >= p["min_description_chars"]):
                ok = False
                findings.append(("R-ANNUAL", "description_too_short", base + "/description"))
            if p["require_evidence"] and not check(any(not blank(e) for e in a.get("evidence", []))):
                ok = False
                findings.append(("R-ANNUAL", "no_evidence", base + "/evidence"))
            if ok:
                valid += 1
                forms.add(a["form"])
                people += n
        # Outputs are encouraged (revision 2): warnings, never completeness checks; only the
        # outputs without fault score.
        for i, o in enumerate((tr or {}).get("outputs", [])):
            if o["kind"] not in OUTPUTS[task]:
                findings.append((RULE[task], "output_not_allowed",
                                 f"/tasks/{task}/outputs/{i}/kind"))
            elif o["kind"] == "other" and blank(o.get("note")):
                findings.append((RULE[task], "output_without_note",
                                 f"/tasks/{task}/outputs/{i}/note"))
            else:
                outputs += 1
        if tr is None:
            check(False)
            findings.append((RULE[task], "task_not_covered", f"/tasks/{task}"))
        elif not check(valid >= p["min_activities_per_task"]):
            findings.insert(at, (RULE[task], "task_not_covered", f"/tasks/{task}"))
        coverage = s["coverage"] if valid >= 1 else 0.0
        breadth = s["breadth"] * min(len(forms), s["breadth_cap"]) / s["breadth_cap"]
        reach = s["reach"] * min(people, s["reach_cap"]) / s["reach_cap"]
        outs = s["outputs"] * min(outputs, s["outputs_cap"]) / s["outputs_cap"]
        subtotal = coverage + breadth + reach + outs
        score_total += subtotal
        tasks[task] = {
            "valid_activities": valid,
            "score": {"coverage": round2(coverage), "breadth": round2(breadth),
                      "reach": round2(reach), "outputs": round2(outs),
                      "total": round2(subtotal)},
        }

    errors = [f for f in findings if f[1] not in WARNINGS]
    return {
        "application_id": report["application_id"],
        "complete": not errors,
        "completeness": passed / total if total else 1.0,
        "findings": findings,
        "tasks": {t: {"valid_activities": v["valid_activities"]} for t, v in tasks.items()},
        "score": {"total": round2(score_total),
                  "tasks": {t: v["score"] for t, v in tasks.items()}},
    }
