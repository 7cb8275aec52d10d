"""One name, one thing (issue 11): no two modules define the same top-level class or constant,
except the names every module of one kind defines for its own part (listed here with why)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: names each module of a family defines, by the family's protocol, for itself alone
PER_MODULE = {
    "PLATFORM",  # each connectors/<platform>/__init__ registers itself (connectors/registry.py)
    "GROUP",  # each classifier stage names the rule group it reads
    "AUTH_CODES", "TRANSIENT_CODES",  # each platform's error codes (vk, ok)
    "COMMENTS_PAGE", "COMMENT_PAGES", "CURSOR_VERSION", "VERSION",  # each connector's paging and cursor
    "DEFAULT_USER_AGENT",  # each connector's HTTP client
    "METHODS",  # each simulated network's API methods (monitor/sandbox)
}


def _duplicates() -> dict[str, list[str]]:
    spec = importlib.util.spec_from_file_location("duplicate_names", ROOT / "scripts" / "duplicate_names.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: dict[str, list[str]] = module.duplicates()
    return found


def test_no_class_or_constant_name_is_defined_in_two_modules() -> None:
    clashes = {name: modules for name, modules in _duplicates().items() if name not in PER_MODULE}
    assert clashes == {}, "rename one, or define it once and import it: " + "; ".join(
        f"{name} in {', '.join(modules)}" for name, modules in clashes.items())
