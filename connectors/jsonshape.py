"""Reading the JSON a platform sent without trusting its shape: a dict where a dict is expected,
a list where a list is, else an empty one (the caller logs what it had to skip)."""

from __future__ import annotations

from typing import Any

__all__ = ["as_dict", "as_list"]


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
