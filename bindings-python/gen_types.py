"""Writes python/qgx/types.py: TypedDicts and Literals for every input and output, generated
from the core's JSON Schemas (`qgx.schema(name)`), so the Python types cannot drift from the
wire format. Run after changing the core's types:

    python bindings-python/gen_types.py            # rewrite
    python bindings-python/gen_types.py --check    # fail if types.py is stale (the test suite does)
"""

from __future__ import annotations

import json
import keyword
import pathlib
import sys
from typing import Any

import qgx

OUT = pathlib.Path(__file__).resolve().parent / "python" / "qgx" / "types.py"

# The schemas' root types, by schema name (their titles are Rust names).
ROOT_NAMES = {
    "next_due": "NextDueResult",
    "error": "ErrorData",
    "ruleset": "RulesetDocument",
}


def camel(s: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in s.replace("-", "_").split("_"))


class Generator:
    def __init__(self) -> None:
        self.renames: dict[str, str] = {}
        self.defs: dict[str, str] = {}  # name -> canonical JSON of its schema
        self.blocks: dict[str, str] = {}  # name -> Python source
        self.order: list[str] = []

    def add_schema(self, name: str, schema: dict[str, Any]) -> None:
        local = schema.get("$defs", {})
        # The same Rust name can mean different things in two schemas (PerTask<T>): give each
        # distinct shape its own name.
        renames: dict[str, str] = {}
        for def_name, def_schema in local.items():
            renames[def_name] = self.name_for(def_name, def_schema, local)
        self.renames = renames
        for def_name, def_schema in local.items():
            self.define(renames[def_name], def_schema)
        root = {k: v for k, v in schema.items() if k not in ("$defs", "$schema")}
        root_name = ROOT_NAMES.get(name, root.get("title") or camel(name))
        self.define(root_name, root)

    @staticmethod
    def name_for(def_name: str, schema: dict[str, Any], local: dict[str, Any]) -> str:
        """`PerTask<T>` is named after T: `TaskReportPerTask`, `OptionalStrPerTask`."""
        if not def_name.startswith("PerTask"):
            return def_name
        inner = {short(p) for p in schema.get("properties", {}).values()}
        return f"{inner.pop()}PerTask" if len(inner) == 1 else def_name

    def define(self, name: str, schema: dict[str, Any]) -> None:
        key = json.dumps(schema, sort_keys=True)
        if name in self.defs:
            if self.defs[name] != key and not self.same_shape(self.defs[name], key):
                raise SystemExit(f"two shapes are called {name}")
            return
        self.defs[name] = key
        self.order.append(name)
        self.blocks[name] = self.block(name, schema)

    @staticmethod
    def same_shape(a: str, b: str) -> bool:
        def strip(s: Any) -> Any:
            if isinstance(s, dict):
                return {k: strip(v) for k, v in s.items() if k not in ("description", "default", "title")}
            if isinstance(s, list):
                return [strip(v) for v in s]
            return s

        return strip(json.loads(a)) == strip(json.loads(b))

    def block(self, name: str, schema: dict[str, Any]) -> str:
        doc = (schema.get("description") or "").strip()
        if schema.get("type") == "object" and "properties" in schema:
            return self.typed_dict(name, schema, doc)
        return f"{name} = {self.type_of(schema, name)}\n" + (
            f'"""{clean(doc)}"""\n' if doc else ""
        )

    def typed_dict(self, name: str, schema: dict[str, Any], doc: str) -> str:
        props: dict[str, Any] = schema["properties"]
        required = set(schema.get("required", []))
        fields = [(k, self.type_of(v, name + camel(k))) for k, v in props.items()]
        if any(not k.isidentifier() or keyword.iskeyword(k) for k in props):
            raise SystemExit(f"{name}: a field name is not an identifier")
        req = [(k, t) for k, t in fields if k in required]
        opt = [(k, t) for k, t in fields if k not in required]
        lines = []
        doc_line = f'    """{clean(doc)}"""\n' if doc else ""
        if req and opt:
            lines.append(f"class _{name}Required(TypedDict):\n")
            lines += [f"    {k}: {t}\n" for k, t in req]
            lines.append(f"\n\nclass {name}(_{name}Required, total=False):\n{doc_line}")
            lines += [f"    {k}: {t}\n" for k, t in opt]
        elif opt:
            lines.append(f"class {name}(TypedDict, total=False):\n{doc_line}")
            lines += [f"    {k}: {t}\n" for k, t in opt]
        else:
            lines.append(f"class {name}(TypedDict):\n{doc_line}")
            lines += [f"    {k}: {t}\n" for k, t in req] or ["    pass\n"]
        return "".join(lines)

    def type_of(self, s: dict[str, Any], hint: str) -> str:
        if "$ref" in s:
            ref = s["$ref"].rsplit("/", 1)[-1]
            return f'"{self.renames.get(ref, ref)}"'
        if "const" in s:
            return f"Literal[{json.dumps(s['const'], ensure_ascii=False)}]"
        if "enum" in s:
            return "Literal[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in s["enum"]) + "]"
        for key in ("oneOf", "anyOf"):
            if key in s:
                variants = s[key]
                if all("const" in v or "enum" in v for v in variants):
                    values = [v["const"] for v in variants if "const" in v] + [
                        e for v in variants if "enum" in v for e in v["enum"]
                    ]
                    return "Literal[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"
                parts = []
                for i, v in enumerate(variants):
                    if v.get("type") == "object" and "properties" in v:
                        inline = f"{hint}{'Variant' if len(variants) > 1 else ''}{i if len(variants) > 2 else ''}"
                        inline = inline if len(variants) > 2 else f"{hint}Object"
                        self.define(inline, v)
                        parts.append(f'"{inline}"')
                    else:
                        parts.append(self.type_of(v, f"{hint}{i}"))
                return union(parts)
        t = s.get("type")
        if isinstance(t, list):
            non_null = [x for x in t if x != "null"]
            inner = self.type_of({**s, "type": non_null[0]}, hint) if len(non_null) == 1 else "Any"
            return union([inner, "None"]) if "null" in t else inner
        if t == "string":
            return "str"
        if t == "integer":
            return "int"
        if t == "number":
            return "float"
        if t == "boolean":
            return "bool"
        if t == "null":
            return "None"
        if t == "array":
            return f"List[{self.type_of(s.get('items', {}), hint + 'Item')}]"
        if t == "object":
            if "properties" in s:
                self.define(hint, s)
                return f'"{hint}"'
            extra = s.get("additionalProperties")
            if isinstance(extra, dict):
                return f"Dict[str, {self.type_of(extra, hint + 'Value')}]"
            return "Dict[str, Any]"
        return "Any"


def short(s: dict[str, Any]) -> str:
    """A short name for a field's type, to name the generic types after."""
    if "$ref" in s:
        return str(s["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf"):
        if key in s:
            parts = [short(v) for v in s[key] if v.get("type") != "null"]
            optional = len(parts) < len(s[key])
            return ("Optional" if optional else "") + "".join(parts)
    t = s.get("type", "any")
    if isinstance(t, list):
        parts = [short({"type": x}) for x in t if x != "null"]
        return ("Optional" if "null" in t else "") + "".join(parts)
    return {"string": "Str", "integer": "Int", "number": "Float", "boolean": "Bool"}.get(
        str(t), camel(str(t))
    )


def union(parts: list[str]) -> str:
    seen: list[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    if seen[-1:] == ["None"] and len(seen) == 2:
        return f"Optional[{seen[0]}]"
    return "Union[" + ", ".join(seen) + "]"


def clean(doc: str) -> str:
    return " ".join(doc.replace('"""', "'''").replace("\\", "\\\\").split())


def render() -> str:
    gen = Generator()
    for name in qgx.SCHEMA_NAMES:
        gen.add_schema(name, qgx.schema(name))
    names = sorted(gen.order)
    head = (
        '"""The shapes of qgx\'s inputs and outputs (RULES.md §3) as TypedDicts and Literals.\n\n'
        "Generated by bindings-python/gen_types.py from the core's JSON Schemas: do not edit.\n"
        '"""\n\n'
        "from typing import Any, Dict, List, Literal, Optional, TypedDict, Union\n\n"
        f"__all__ = {json.dumps(names, indent=4)}\n"
    ).replace('",\n]', '",\n]')
    body = "\n\n".join(gen.blocks[n] for n in gen.order)
    return head + "\n\n" + body


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUT} is stale: run python bindings-python/gen_types.py")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count('class ')} TypedDicts)")


if __name__ == "__main__":
    main()
