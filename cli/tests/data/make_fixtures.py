#!/usr/bin/env python3
"""Regenerates the CLI test fixtures in this directory (run it from anywhere).

selection.json is the reference input; applications.csv, provinces.csv, registry.json and
decisions.csv are the same selection as CSV files (the tests check that both give the same
bytes). Institution codes are real (examples/data/institutions.csv)."""
import csv, io, json, os

HERE = os.path.dirname(os.path.abspath(__file__))

OBJ = "：与合作单位共建共享，形成长效机制。"
PLAN = {
    "objectives": {
        "party_building": "开展党建联建" + OBJ,
        "education_service": "提供教育服务" + OBJ,
        "tech_empowerment": "推动科技赋能" + OBJ,
        "practice_education": "深化实践育人" + OBJ,
    },
    "activities": [
        {"task": "party_building", "form": "party_lecture", "partner": {"kind": "local_party_government", "name": "合作单位"}, "year": 1},
        {"task": "education_service", "form": "lecture", "partner": {"kind": "education_authority", "name": "合作单位"}, "year": 1},
        {"task": "tech_empowerment", "form": "policy_advice", "partner": {"kind": "party_government_organ", "name": "合作单位"}, "year": 1},
        {"task": "practice_education", "form": "field_research", "partner": {"kind": "party_government_organ", "name": "合作单位"}, "year": 1},
    ],
    "outputs": [
        {"task": "party_building", "kind": "quality_party_lesson", "year": 2},
        {"task": "practice_education", "kind": "research_report", "year": 3},
    ],
    "milestones": {"1": "建立联建机制，完成首批活动", "2": "形成品牌活动与精品党课", "3": "总结推广典型经验"},
}

INST = {
    "4111010001": "北京大学", "4111010002": "中国人民大学", "4111010003": "清华大学",
    "4111010004": "北京交通大学", "4112010055": "南开大学", "4112010056": "天津大学",
}


def app(id, person, code, merit, province=None, kind="teacher", studio=None, honor=None,
        review="approved", submitted="2024-07-20T10:00:00+08:00", branch="教师党支部"):
    a = {
        "id": id, "person_id": person, "name": "张" + id[-2:],
        "institution": {"code": code, "name": INST[code], "higher_education": True},
        "province": province or code[2:4],
        "branch": {"name": branch, "kind": kind},
        "role": "secretary", "dual_leader": True,
        "studio": studio, "branch_honor": honor,
        "plan": PLAN,
        "university_review": {"decision": review, "date": "2024-07-15"} if review != "pending" else {"decision": "pending"},
        "submitted_at": submitted,
        "merit_score": merit,
    }
    return a


APPS = [
    app("A-01", "P-01", "4111010001", 70, honor={"level": "national", "batch": 2, "status": "model"},
        branch="物理学院凝聚态物理教师党支部"),
    app("A-02", "P-02", "4111010002", 90),
    app("A-03", "P-03", "4111010003", 85),
    app("A-04", "P-04", "4111010001", 95),
    app("A-05", "P-05", "4111010004", 99, kind="student"),
    app("A-06", "P-02", "4111010003", 98, submitted="2024-07-25T09:00:00+08:00"),
    app("A-07", "P-07", "4111010002", 60, studio={"level": "national", "batch": 3, "status": "construction"}),
    app("A-08", "P-08", "4112010055", 80),
    app("A-09", "P-09", "4111010003", 75, review="pending"),
    app("A-10", "P-10", "4112010056", 88, province="11"),
]

PROVINCES = [
    {"province": "11", "national_quota": 2, "provincial_quota": 2,
     "university_quotas": {"4111010001": 1}, "list_submitted_at": "2024-08-01T17:30:00+08:00"},
    {"province": "12", "national_quota": 1, "provincial_quota": None,
     "list_submitted_at": "2024-08-02T10:00:00+08:00"},
]

REGISTRY = {
    "national_studios": [
        {"person_id": "P-07", "batch": 3, "status": "construction", "province": "11"},
        {"person_id": "P-99", "batch": 3, "status": "construction", "province": "31"},
    ],
    "national_model_branches": [
        {"institution_code": "4111010001", "branch_name": "物理学院凝聚态物理教师党支部", "batch": 2, "status": "model"},
    ],
}

DECISIONS = {"A-02": "rejected"}

SELECTION = {"applications": APPS, "provinces": PROVINCES, "registry": REGISTRY, "office_decisions": DECISIONS}


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def dump(value):
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def table(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def cell(v):
    if v is None:
        return ""
    if v is True:
        return "true"
    if v is False:
        return "false"
    return str(v)


APP_COLUMNS = ["id", "person_id", "name", "institution_code", "institution_name", "higher_education",
               "province", "branch_name", "branch_kind", "role", "dual_leader", "studio_level",
               "studio_batch", "studio_status", "honor_level", "honor_batch", "honor_status",
               "review_decision", "review_date", "submitted_at", "merit_score", "plan"]


def app_row(a):
    s = a["studio"] or {}
    h = a["branch_honor"] or {}
    r = a["university_review"] or {}
    return [cell(x) for x in [
        a["id"], a["person_id"], a["name"], a["institution"]["code"], a["institution"]["name"],
        a["institution"]["higher_education"], a["province"], a["branch"]["name"], a["branch"]["kind"],
        a["role"], a["dual_leader"], s.get("level"), s.get("batch"), s.get("status"),
        h.get("level"), h.get("batch"), h.get("status"), r.get("decision"), r.get("date"),
        a["submitted_at"], a["merit_score"],
    ]] + [json.dumps(a["plan"], ensure_ascii=False)]


def prov_row(p):
    uq = ";".join(f"{k}:{v}" for k, v in p.get("university_quotas", {}).items())
    return [p["province"], cell(p["national_quota"]), cell(p["provincial_quota"]),
            cell(p.get("list_submitted_at")), uq]


write("selection.json", dump(SELECTION))
write("applications.csv", table(APP_COLUMNS, [app_row(a) for a in APPS]))
write("provinces.csv", table(["province", "national_quota", "provincial_quota", "list_submitted_at",
                              "university_quotas"], [prov_row(p) for p in PROVINCES]))
write("registry.json", dump(REGISTRY))
write("decisions.csv", table(["id", "decision"], sorted(DECISIONS.items())))
write("plan.json", dump(PLAN))
write("application.json", dump(APPS[0]))
write("overrides.json", dump({"priority_mode": "tie_break", "deadline_inclusive": False}))
write("overrides.toml", '# The same overrides as overrides.json\npriority_mode = "tie_break"\ndeadline_inclusive = false\n')
