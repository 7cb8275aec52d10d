"""The classifier runs as plain Python: what runs is the source in the repository, never a
compiled leftover of an earlier build that Python would import in its place."""

from __future__ import annotations

import importlib
import importlib.machinery
import pkgutil
from pathlib import Path

import classifier


def test_every_classifier_module_runs_from_its_source() -> None:
    folder = Path(classifier.__file__).parent
    leftovers = [p.name for suffix in importlib.machinery.EXTENSION_SUFFIXES for p in folder.glob(f"*{suffix}")]
    assert leftovers == [], f"compiled modules shadow their sources; delete them: {leftovers}"
    for info in pkgutil.iter_modules(classifier.__path__):
        module = importlib.import_module(f"classifier.{info.name}")
        assert module.__file__ == str(folder / f"{info.name}.py")
