#!/usr/bin/env python3
"""Writes the hostile corpus (tests/hostile/cases.json): bad input on purpose, with the error
every surface must raise (its kind and the JSON Pointer of the first issue).

A case is {"name", "call", "ruleset"?, "input"?, "text"?, "expected"}: the call and its
arguments as in tests/vectors/README.md, except that an argument may be given in "text" as the
raw JSON text to pass (duplicate keys, lone surrogates, NaN and deep nesting cannot be written as
a parsed value). "expected" is {"error": {"kind", "path"}} and may add "message_max_chars": the
message stays that short and holds no control character, however long or strange the value.
Expectations are filled by `QGX_BLESS=missing cargo test -p qgx-core --test vectors` and read
by hand, as for the vectors.
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
EX = os.path.join(HERE, "..", "..", "examples")
SEL = json.load(open(os.path.join(EX, "selection.json"), encoding="utf-8"))
REPORT = json.load(open(os.path.join(EX, "report.json"), encoding="utf-8"))
APP = SEL["applications"][1]
PLAN = APP["plan"]

cases = []


def c(name, call, input=None, text=None, ruleset=None, max_chars=None):
    case = {"name": name, "call": call}
    if ruleset is not None:
        case["ruleset"] = ruleset
    if input is not None:
        case["input"] = input
    if text is not None:
        case["text"] = text
    if max_chars is not None:
        case["expected"] = {"message_max_chars": max_chars}
    cases.append(case)


def dump(x):
    return json.dumps(x, ensure_ascii=False)


prov = {"province": "11", "national_quota": 1}
# Keys given twice: a parser keeps the last one silently; the engine refuses.
c("a key twice in office_decisions", "select",
  text={"selection": '{"applications": [], "provinces": [], "office_decisions": {"A-1": "approved", "A-1": "rejected"}}'})
c("a key twice in university_quotas", "select",
  text={"selection": '{"applications": [], "provinces": [{"province": "11", "national_quota": 1, "university_quotas": {"4111010001": 1, "4111010001": 9}}]}'})
c("a key twice in milestones", "check_plan",
  text={"plan": dump(PLAN)[:-1].replace('"milestones": {', '"milestones": {"1": "x", ') + "}"})
c("a member twice in an application", "check_application",
  text={"application": '{"id": "A-1", ' + dump(APP)[1:]})
# Keys that are not what they name.
c("university_quotas key that is no institution code", "select",
  input={"selection": {"applications": [], "provinces": [dict(prov, university_quotas={"x": 1})]}})
c("university_quotas empty key", "select",
  input={"selection": {"applications": [], "provinces": [dict(prov, university_quotas={"": 1})]}})
c("an office decision naming no application", "select",
  input={"selection": {"applications": [], "provinces": [], "office_decisions": {"A/1~x": "approved"}}})
# Text that is not JSON, or JSON beyond what the wire format holds.
c("a lone surrogate escape names the field", "check_application",
  text={"application": dump(APP).replace('"A-0002"', '"A-\\ud800"', 1)})
c("NaN is not JSON", "check_application", text={"application": dump(APP).replace('"merit_score": 88', '"merit_score": NaN')})
c("Infinity is not JSON", "select", text={"selection": '{"applications": [], "provinces": [{"province": "11", "national_quota": Infinity}]}'})
c("a number too large for a float", "check_application", text={"application": dump(APP).replace('"merit_score": 88', '"merit_score": 1e999')})
c("a quota beyond u32", "select", input={"selection": {"applications": [], "provinces": [dict(prov, national_quota=4294967296)]}})
c("a negative quota", "select", input={"selection": {"applications": [], "provinces": [dict(prov, national_quota=-1)]}})
c("a year written as a float", "check_report", input={"report": dict(copy.deepcopy(REPORT), cycle_year=1.0)})
c("nesting 10,000 deep", "check_plan", text={"plan": "[" * 10000 + "]" * 10000})
c("empty text", "check_report", text={"report": ""})
c("a byte-order mark before the JSON", "check_report", text={"report": "\ufeff" + dump(REPORT)})
c("trailing text after the document", "check_report", text={"report": dump(REPORT) + " x"})
c("an array where the object belongs", "check_report", input={"report": [REPORT]})
c("null for the whole report", "check_report", input={"report": None})
# Bounded, printable messages.
c("a 100,000-character enum value gives a short message", "check_application",
  input={"application": dict(copy.deepcopy(APP), role="x" * 100000)}, max_chars=300)
c("a newline in a value cannot forge a line of output", "check_application",
  input={"application": dict(copy.deepcopy(APP), province="11\nqgx: ok")}, max_chars=300)
c("an escape sequence in an unknown field's name", "check_report",
  input={"report": dict(copy.deepcopy(REPORT), **{"\u001b[31mred": 1})}, max_chars=300)
c("a 100,000-character unknown field", "check_report",
  input={"report": dict(copy.deepcopy(REPORT), **{"k" * 100000: 1})}, max_chars=400)
# Arguments and rulesets.
c("a date that does not exist as as_of", "check_report", input={"report": REPORT, "as_of": "2025-02-30"})
c("a cycle that ends after the year 9999", "check_plan", input={"plan": PLAN}, ruleset={"cycle_start": "9999-09-01"})
c("a cycle of 100 years from 9950 ends after 9999", "check_plan", input={"plan": PLAN}, ruleset={"cycle_start": "9950-01-01", "cycle_years": 100})
c("a case score below 0", "check_plan", input={"plan": PLAN}, ruleset={"case_min_score": -1})
c("a weight as a string", "check_plan", input={"plan": PLAN}, ruleset={"score": {"reach": "5"}})
c("a key twice in a summary's participants", "summarize_cycle",
  input={"summary": {"reports": [], "participants": [{"application_id": "A", "province": "11"}, {"application_id": "A", "province": "12"}]}, "as_of": "2025-09-30"})
c("a person listed twice in the official list", "select",
  input={"selection": {"applications": [], "provinces": [], "registry": {"national_studios": [
      {"person_id": "P", "batch": 1, "status": "established"}, {"person_id": "P", "batch": 2, "status": "established"}]}}})

path = os.path.join(HERE, "cases.json")
old = {}
if os.path.exists(path):
    for o in json.load(open(path, encoding="utf-8")):
        old[o["name"]] = o
for case in cases:
    o = old.get(case["name"])
    if o and all(o.get(k) == case.get(k) for k in ("call", "ruleset", "input", "text")):
        case["expected"] = {**o.get("expected", {}), **case.get("expected", {})}
with open(path, "w", encoding="utf-8") as f:
    json.dump(cases, f, ensure_ascii=False, indent=2)
    f.write("\n")
print(len(cases), "hostile cases")
