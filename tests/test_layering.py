"""The import graph goes one way (DESIGN.md «Layout»): a lower layer never imports a higher one,
so there is no cycle, and ``monitor/`` keeps only ``__init__`` and ``__main__`` at its top.

Every import counts, the ones inside functions too: a deferred import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("monitor", "publisher", "classifier", "connectors", "db")
#: what each top-level package may import of the project
ALLOWED_TOP = {
    "classifier": set(),
    "connectors": set(),
    "db": set(),
    "publisher": {"connectors", "db"},
    "monitor": {"publisher", "classifier", "connectors", "db"},
}
#: monitor's subpackages by layer: one may import only those of a lower layer
LAYERS = {
    "core": 0,
    "workcal": 1, "sandbox": 1,
    "workflow": 2, "ingest": 2,
    "notify": 3,
    "activity": 4,
    "watch": 5, "reports": 5,
    "app": 6,
    "web": 7,
    "cli": 8,
}


def _modules() -> dict[str, Path]:
    out = {}
    for top in PROJECT:
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] in PROJECT}


def _unit(module: str) -> str:
    """``monitor.workflow.states`` → ``monitor.workflow``; ``publisher.worker`` → ``publisher``."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "monitor" and len(parts) > 1 else parts[0]


EDGES = sorted({(_unit(m), _unit(t), m, t) for m, p in _modules().items() for t in _imports(p)
                if _unit(m) != _unit(t)})


def test_top_level_packages_import_only_downwards() -> None:
    wrong = [f"{m} imports {t}" for a, b, m, t in EDGES
             if a.split(".")[0] != b.split(".")[0] and b.split(".")[0] not in ALLOWED_TOP[a.split(".")[0]]]
    assert wrong == []


def test_monitor_subpackages_import_only_lower_layers() -> None:
    inside = [(a, b, m, t) for a, b, m, t in EDGES if a.startswith("monitor.") and b.startswith("monitor.")]
    unknown = {x.split(".")[1] for a, b, _, _ in inside for x in (a, b)} - set(LAYERS) - {"__main__"}
    assert unknown == set(), "a new subpackage of monitor/ needs its layer here"
    wrong = [f"{m} imports {t}" for a, b, m, t in inside
             if a != "monitor.__main__" and LAYERS[b.split(".")[1]] >= LAYERS[a.split(".")[1]]]
    assert wrong == []


def test_monitor_top_holds_only_its_entry_points() -> None:
    loose = sorted(p.name for p in (ROOT / "monitor").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_every_layer_exists(layer: str) -> None:
    """The table names real packages (a renamed one must be renamed here too)."""
    assert (ROOT / "monitor" / layer / "__init__.py").exists()
