#!/usr/bin/env python3
"""Writes the fuzz seed corpora (fuzz/corpus/<target>/) from the conformance vectors, and the
dictionary (fuzz/dict).

    python3 fuzz/seeds.py            # rewrite corpus/ and dict
    python3 fuzz/seeds.py --check    # exit 1 when corpus/ or dict differ from what it writes

Each seed is framed as its target reads it (fuzz/src/lib.rs): the arguments as UTF-8 text,
separated by NUL. The ruleset segment is the vector's `ruleset` (overrides) or empty (the 2024
edition). Files are named by the SHA-1 of their content, as libFuzzer names what it adds.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
VECTORS = ROOT / "tests" / "vectors"
CORPUS = FUZZ / "corpus"
DICT = FUZZ / "dict"

TARGETS = [
    "check_application",
    "check_plan",
    "check_report",
    "check_reports",
    "select",
    "compare",
    "summarize_cycle",
    "cycle_status",
    "report_status",
    "next_due",
    "ruleset_json",
    "ruleset_toml",
]


def text(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def frame(*segments):
    # Trailing absent segments are left off; a present one is kept even when empty.
    segs = list(segments)
    while segs and segs[-1] is None:
        segs.pop()
    return "\0".join("" if s is None else s for s in segs).encode()


def vector_seed(v):
    """(target, bytes) for a vector, as its call reads the arguments."""
    call, inp = v["call"], v["input"]
    rs = text(v["ruleset"]) if "ruleset" in v else ""
    opt = lambda k: inp.get(k) if isinstance(inp.get(k), str) else None  # noqa: E731
    if call == "check_application":
        reg = text(inp["registry"]) if "registry" in inp else None
        return call, frame(text(inp["application"]), rs, reg)
    if call == "check_plan":
        return call, frame(text(inp["plan"]), rs)
    if call == "check_report":
        return call, frame(text(inp["report"]), rs, opt("as_of"))
    if call == "check_reports":
        return call, frame(text(inp["reports"]), rs, opt("as_of"))
    if call == "select":
        return call, frame(text(inp["selection"]), rs)
    if call == "compare":
        return call, frame(text(inp["base"]), text(inp["variant"]), rs)
    if call == "summarize_cycle":
        return call, frame(text(inp["summary"]), rs, opt("as_of"))
    if call in ("cycle_status", "next_due"):
        return call, frame(opt("as_of") or "", rs)
    if call == "report_status":
        return call, frame(opt("as_of") or "", rs, str(inp["year"]), opt("submitted_at"))
    raise SystemExit(f"seeds.py: unknown call {call!r} in vector {v['name']!r}")


def toml_key(k):
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v if x is not None) + "]"
    if isinstance(v, dict):
        inner = ", ".join(
            f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items() if x is not None
        )
        return "{" + inner + "}"
    return None


def to_toml(obj):
    """A JSON object as a TOML document (nulls have no TOML form and are left out); `None`
    when it is not an object."""
    if not isinstance(obj, dict):
        return None
    lines, tables = [], []
    for k, v in obj.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif v is not None:
            lines.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, v in tables:
        lines.append(f"\n[{toml_key(k)}]")
        lines += [f"{toml_key(x)} = {toml_value(y)}" for x, y in v.items() if y is not None]
    return "\n".join(lines) + "\n"


def seeds():
    out = {t: set() for t in TARGETS}
    rulesets = [
        (ROOT / "core" / "rulesets" / "2024.json").read_text(),
        (ROOT / "cli" / "tests" / "data" / "overrides.json").read_text()
        if (ROOT / "cli" / "tests" / "data" / "overrides.json").exists()
        else "{}",
        "{}",
    ]
    tomls = [
        p.read_text()
        for p in [ROOT / "examples" / "overrides.toml", ROOT / "cli" / "tests" / "data" / "overrides.toml"]
        if p.exists()
    ]
    tomls.append(to_toml(json.loads(rulesets[0])))
    for path in sorted(VECTORS.glob("*.json")):
        for v in json.loads(path.read_text()):
            target, data = vector_seed(v)
            out[target].add(data)
            if "ruleset" in v:
                rulesets.append(text(v["ruleset"]))
                t = to_toml(v["ruleset"])
                if t is not None:
                    tomls.append(t)
    out["ruleset_json"] = {r.encode() for r in rulesets}
    out["ruleset_toml"] = {t.encode() for t in tomls}
    return out


def dict_entries():
    """Field names, enum values, province codes and dates, with JSON and TOML tokens."""
    keys, words = set(), set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                keys.add(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str) and re.fullmatch(r"[a-z_0-9:.+-]{1,40}|[A-Z]-?[0-9]{1,3}", v):
            words.add(v)

    for path in sorted(VECTORS.glob("*.json")):
        for v in json.loads(path.read_text()):
            walk(v.get("input"))
            walk(v.get("ruleset"))
    walk(json.loads((ROOT / "core" / "rulesets" / "2024.json").read_text()))
    vocab = (ROOT / "core" / "src" / "vocab.rs").read_text()
    # wire_enum! entries: `Name = "wire_name", "中文";`
    words |= set(re.findall(r'^\s+[A-Z][A-Za-z]* = "([a-z_]+)",', vocab, re.M))
    # The province table: `("11", "北京市", "Beijing"),`
    provinces = set(re.findall(r'^\s+\("(\d\d)",', vocab, re.M))
    words |= provinces
    words |= {"66", "00", "99", "4111010001"}
    words |= {
        "2024-02-29", "2025-02-29", "0000-01-01", "9999-12-31", "2024-09-01", "9999-09-01",
        "2025-08-20T10:00:00+08:00", "2025-08-20T10:00:00Z", "2025-08-20T10:00:00",
        "2025-08-20T23:59:60+08:00", "2025-08-20T10:00:00.123456789-14:00",
    }
    tokens = [
        "{", "}", "[", "]", ":", ",", '""', "null", "true", "false", "-0", "1e400", "-1",
        "0.5", "1e-7", "18446744073709551616", "4294967296", "2147483648",
        '"\\u0000"', '"\\ud800"', '"\\ud83d\\ude00"', '"~0~1/"', "\t", "\r\n",
        # TOML
        " = ", "[score]", "nan", "inf", "-inf", '"""', "'''", "[[x]]", "1979-05-27T07:32:00Z",
        "0x7f", "1_000",
        # the argument separator of the framing
        "\0",
    ]
    entries = [json.dumps(k, ensure_ascii=True) for k in sorted(keys)]
    entries += [json.dumps(w) for w in sorted(words)]
    entries += sorted(tokens)
    lines = []
    for e in entries:
        lit = "".join(
            "\\\\" if c == "\\" else '\\"' if c == '"' else c if " " <= c <= "~" else f"\\x{ord(c):02X}"
            for c in e
        )
        lines.append(f'"{lit}"')
    # dedupe, keep order
    seen, uniq = set(), []
    for line in lines:
        if line not in seen:
            seen.add(line)
            uniq.append(line)
    head = "# libFuzzer dictionary for every qgx fuzz target; written by fuzz/seeds.py.\n"
    return head + "\n".join(uniq) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    want = {t: {hashlib.sha1(d).hexdigest(): d for d in ds} for t, ds in seeds().items()}
    dict_text = dict_entries()
    if check:
        ok = DICT.exists() and DICT.read_text() == dict_text
        for t, files in want.items():
            d = CORPUS / t
            have = {p.name: p.read_bytes() for p in d.iterdir()} if d.exists() else {}
            ok = ok and have == files
        if not ok:
            print("seeds.py: fuzz/corpus or fuzz/dict is out of date; run python3 fuzz/seeds.py")
        sys.exit(0 if ok else 1)
    for t, files in want.items():
        d = CORPUS / t
        d.mkdir(parents=True, exist_ok=True)
        for p in d.iterdir():
            if p.name not in files:
                p.unlink()
        for name, data in files.items():
            (d / name).write_bytes(data)
    DICT.write_text(dict_text)
    total = sum(len(x) for files in want.values() for x in files.values())
    n = sum(len(files) for files in want.values())
    print(f"seeds.py: {n} seeds ({total} bytes) in fuzz/corpus/, {dict_text.count(chr(10)) - 1} dictionary entries in fuzz/dict")


if __name__ == "__main__":
    main()
