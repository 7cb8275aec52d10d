"""Just enough VKScript for ``execute``: the shapes real clients send, not a JS interpreter.

Recognised programs:
- ``return [API.a.b({...}),API.c.d({...}),...];`` and ``return API.a.b({...});`` — what
  ``vk_api.VkRequestsPool`` sends for mixed methods (JSON, ``ensure_ascii=False``, compact);
- vk_api's own templates: the one-method loop of ``VkRequestsPool`` (all calls to one method),
  ``vk_request_one_param_pool``, and ``VkTools.get_all_iter``'s paging loop.
Anything else is a compile error (VK error 12); more than 25 API calls is error 13.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from monitor.sandbox.vk_common import VkError

MAX_CALLS = 25
CallApi = Callable[[str, dict[str, Any]], Any]  # returns the result, or False when the call failed
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
INTEGER = re.compile(r"-?\d{1,18}(?!\d)")
_decoder = json.JSONDecoder()


class CompileError(Exception):
    """The code is not one of the recognised shapes."""


@dataclass(frozen=True)
class CallList:
    """A fixed list of calls; ``as_list`` False means ``return API.x(...)`` (one value)."""

    calls: tuple[tuple[str, dict[str, Any]], ...]
    as_list: bool = True

    def run(self, call: CallApi) -> Any:
        results = [call(method, dict(params)) for method, params in self.calls]
        return results if self.as_list else results[0]


@dataclass(frozen=True)
class PagingLoop:
    """``VkTools.get_all_iter``: up to 25 pages of one method in one request."""

    method: str
    key: str
    params: dict[str, Any]
    count: int | None
    offset: int
    offset_mul: int

    def run(self, call: CallApi) -> Any:
        params = dict(self.params)
        page_size = int(params.get("count") or 0)
        items: list[Any] = []
        count, offset, calls = self.count, self.offset, 0
        while calls < MAX_CALLS:
            calls += 1
            params["offset"] = offset * self.offset_mul
            response = call(self.method, dict(params))
            if not response:
                return {"_error": 1}
            new_count = response.get("count")
            count_diff = 0 if count is None or new_count is None else new_count - count
            if count_diff < 0:
                offset += count_diff
            else:
                page = response.get(self.key) or []
                items += page[count_diff:]
                offset += page_size + count_diff
                if len(page) < page_size:
                    calls = 99
            count = new_count
            if count is not None and offset >= count:
                calls = 99
        return {"count": count, "items": items, "offset": offset, "more": calls != 99}


Program = CallList | PagingLoop


class _Reader:
    """A cursor over the code; whitespace between tokens is insignificant."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_space()
        return self.pos >= len(self.text)

    def literal(self, expected: str) -> None:
        """Match ``expected`` ignoring whitespace on both sides."""
        for char in expected:
            if char.isspace():
                continue
            self.skip_space()
            if self.pos >= len(self.text) or self.text[self.pos] != char:
                raise CompileError(f"expected {expected.strip()[:20]!r} at {self.pos}")
            self.pos += 1

    def try_literal(self, expected: str) -> bool:
        saved = self.pos
        try:
            self.literal(expected)
            return True
        except CompileError:
            self.pos = saved
            return False

    def pattern(self, regex: re.Pattern[str], what: str) -> str:
        self.skip_space()
        match = regex.match(self.text, self.pos)
        if not match:
            raise CompileError(f"expected {what} at {self.pos}")
        self.pos = match.end()
        return match.group(0)

    def json_value(self) -> Any:
        self.skip_space()
        try:
            value, self.pos = _decoder.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as exc:
            raise CompileError(f"bad value at {self.pos}: {exc.msg}") from None
        except RecursionError:
            raise CompileError(f"value nested too deeply at {self.pos}") from None
        except ValueError:  # a number of thousands of digits
            raise CompileError(f"bad value at {self.pos}") from None
        return value


def _api_call(reader: _Reader) -> tuple[str, dict[str, Any]]:
    reader.literal("API.")
    method = reader.pattern(IDENT, "a method name")
    reader.literal("(")
    params: dict[str, Any] = {}
    if not reader.try_literal(")"):
        value = reader.json_value()
        if not isinstance(value, dict):
            raise CompileError("method parameters must be an object")
        params = value
        reader.literal(")")
    return method, params


def _parse_return(code: str) -> CallList:
    reader = _Reader(code)
    reader.literal("return")
    calls: list[tuple[str, dict[str, Any]]] = []
    as_list = reader.try_literal("[")
    if as_list:
        if not reader.try_literal("]"):
            calls.append(_api_call(reader))
            while reader.try_literal(","):
                calls.append(_api_call(reader))
            reader.literal("]")
    else:
        calls.append(_api_call(reader))
    reader.try_literal(";")
    if not reader.at_end():
        raise CompileError(f"unexpected code at {reader.pos}")
    return CallList(tuple(calls), as_list)


# vk_api 11.x templates, placeholders as in its source: {name:json|ident|int}.
ONE_METHOD = """var values = {values:json}, i = 0, result = [];
while(i < values.length) { result.push(API.{method:ident}(values[i])); i = i + 1; }
return result;"""
ONE_PARAM = """var def_values = {default_values:json}, values = {values:json}, result = [], i = 0;
while(i < values.length) { def_values.{key:ident} = values[i];
result.push(API.{method:ident}(def_values)); i = i + 1; }
return result;"""
GET_ALL = """var params = {values:json}, calls = 0, items = [], count = {count:json},
offset = {offset:int}, ri;
while(calls < 25) { calls = calls + 1; params.offset = offset * {offset_mul:int};
var response = API.{method:ident}(params), new_count = response.count,
count_diff = (count == null ? 0 : new_count - count);
if (!response) { return {"_error": 1}; }
if (count_diff < 0) { offset = offset + count_diff; } else {
ri = response.{key:ident}; items = items + ri.slice(count_diff);
offset = offset + params.count + count_diff;
if (ri.length < params.count) { calls = 99; } }
count = new_count;
if (count != null && offset >= count) { calls = 99; } };
return { count: count, items: items, offset: offset, more: calls != 99 };"""
PLACEHOLDER = re.compile(r"\{(\w+):(json|ident|int)\}")


def _match_template(template: str, code: str) -> dict[str, Any] | None:
    reader = _Reader(code)
    found: dict[str, Any] = {}
    pos = 0
    try:
        for match in PLACEHOLDER.finditer(template):
            reader.literal(template[pos:match.start()])
            name, kind = match.groups()
            if kind == "json":
                found[name] = reader.json_value()
            elif kind == "ident":
                found[name] = reader.pattern(IDENT, name)
            else:
                found[name] = int(reader.pattern(INTEGER, name))
            pos = match.end()
        reader.literal(template[pos:])
    except CompileError:
        return None
    return found if reader.at_end() else None


def _from_templates(code: str) -> Program | None:
    if (m := _match_template(ONE_METHOD, code)) is not None:
        values = m["values"]
        if isinstance(values, list) and all(isinstance(v, dict) for v in values):
            return CallList(tuple((m["method"], v) for v in values))
    if (m := _match_template(ONE_PARAM, code)) is not None:
        defaults, values = m["default_values"], m["values"]
        if isinstance(defaults, dict) and isinstance(values, list):
            return CallList(tuple((m["method"], {**defaults, m["key"]: v}) for v in values))
    if (m := _match_template(GET_ALL, code)) is not None:
        count = m["count"]
        if isinstance(m["values"], dict) and (count is None or isinstance(count, int)):
            return PagingLoop(m["method"], m["key"], m["values"], count, m["offset"], m["offset_mul"])
    return None


def parse(code: str) -> Program:
    """The program in ``code``; raises VkError 12 (cannot compile) or 13 (too many calls)."""
    program = _from_templates(code)
    if program is None:
        try:
            program = _parse_return(code)
        except CompileError as exc:
            raise VkError(12, str(exc)) from None
    if isinstance(program, CallList) and len(program.calls) > MAX_CALLS:
        raise VkError(13, "Too many API calls")
    return program
