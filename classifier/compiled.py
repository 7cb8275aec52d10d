"""Which classifier modules run compiled, and the guard that keeps a stale build out of the way.

``setup.py`` compiles the hot-path modules with Cython next to their sources and records in
``compiled.json`` the SHA-256 of each source it compiled. Python prefers an extension module to
the ``.py`` beside it, so without this guard a module edited after the build would silently run
its old compiled code. Here an extension is used only while its source is byte-for-byte the one it
was built from; otherwise, or for every module when ``OTKLIK_PURE_PYTHON=1`` (debuggers, coverage,
comparing the two), the module is imported from its source. ``make compile`` rebuilds.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

__all__ = ["PURE_ENV", "compiled_modules", "install", "modules_from_source"]

PURE_ENV = "OTKLIK_PURE_PYTHON"
PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "compiled.json"


def _built_modules(package_dir: Path) -> set[str]:
    """Module names that have an extension file in the folder."""
    names = set()
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        names.update(p.name[: -len(suffix)] for p in package_dir.glob(f"*{suffix}"))
    return names


def _read_manifest(path: Path) -> Mapping[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def modules_from_source(package_dir: Path, manifest: Mapping[str, str], pure: bool) -> set[str]:
    """The built modules to import from source instead: all of them when ``pure``, else those
    whose source differs from the one recorded at build time (or has no record)."""
    chosen = set()
    for name in _built_modules(package_dir):
        source = package_dir / f"{name}.py"
        if not source.is_file():
            continue  # an extension without a source: nothing to fall back to
        if pure or manifest.get(name) != hashlib.sha256(source.read_bytes()).hexdigest():
            chosen.add(name)
    return chosen


class _SourceFinder(MetaPathFinder):
    """Finds the listed modules of one package as source files, ahead of the default finders."""

    def __init__(self, package: str, package_dir: Path, names: set[str]) -> None:
        self._package = package
        self._dir = package_dir
        self._names = frozenset(names)

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != self._package or name not in self._names:
            return None
        return importlib.util.spec_from_file_location(fullname, self._dir / f"{name}.py")


def install() -> None:
    """Put the guard in front of the import system (once; called by ``classifier/__init__``)."""
    if any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        return
    names = modules_from_source(PACKAGE_DIR, _read_manifest(MANIFEST), os.environ.get(PURE_ENV) == "1")
    if names:
        sys.meta_path.insert(0, _SourceFinder(__package__ or "classifier", PACKAGE_DIR, names))


def compiled_modules() -> list[str]:
    """The classifier modules imported so far that run as compiled extensions."""
    prefix = f"{__package__ or 'classifier'}."
    return sorted(name[len(prefix):] for name, module in list(sys.modules.items())
                  if name.startswith(prefix) and not str(getattr(module, "__file__", "") or "").endswith(".py"))
