"""The docs page's content, read from the OpenAPI document: each operation with its parameters,
body fields and answers, rendered on the server (Swagger UI would need a CDN and inline script)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Field:
    name: str
    where: str  # path | query | body
    type: str
    required: bool
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    fields: list[Field] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)


def _ref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.lstrip("#/").split("/"):
        target = target.get(part, {})
    return target if isinstance(target, dict) else {}


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    if "$ref" in node:
        return str(node["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in node:
        return " | ".join(_type(schema, n) for n in node["anyOf"])
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"])
    if node.get("type") == "array":
        return f"[{_type(schema, node.get('items', {}))}]"
    return str(node.get("type") or node.get("const") or "any")


def operations(schema: dict[str, Any]) -> list[Operation]:
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            item = Operation(method.upper(), path, op.get("summary", ""), op.get("description", ""),
                             (op.get("tags") or ["—"])[0])
            for p in op.get("parameters", []):
                item.fields.append(Field(p["name"], p.get("in", ""), _type(schema, p.get("schema", {})),
                                         bool(p.get("required")), p.get("description", "")))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                model = _ref(schema, body)
                required = set(model.get("required", []))
                for name, prop in model.get("properties", {}).items():
                    item.fields.append(Field(name, "body", _type(schema, prop), name in required,
                                             prop.get("description", "")))
            item.answers = [(status, r.get("description", "")) for status, r in op.get("responses", {}).items()]
            out.append(item)
    return sorted(out, key=lambda o: (o.tag, o.path, o.method))
