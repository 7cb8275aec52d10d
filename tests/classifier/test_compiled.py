"""The compiled classifier: a stale extension never shadows an edited source, and compiled and
interpreted code label every message the same way."""

from __future__ import annotations

import csv
import hashlib
import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _default_classifier import default_classifier

from classifier.compiled import PURE_ENV, _SourceFinder, compiled_modules, modules_from_source

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _package(tmp_path: Path, name: str = "pkg_compiled_probe") -> Path:
    """A package whose module ``mod`` has a source and a broken "extension" beside it."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / "mod.py").write_text("VALUE = 'source'\n", encoding="utf-8")
    (folder / f"mod{SUFFIX}").write_bytes(b"not an extension built from this source")
    return folder


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_extension_built_from_the_current_source_is_kept(tmp_path: Path) -> None:
    folder = _package(tmp_path)
    assert modules_from_source(folder, {"mod": _sha(folder / "mod.py")}, pure=False) == set()


def test_source_edited_after_the_build_is_imported_from_source(tmp_path: Path) -> None:
    folder = _package(tmp_path)
    built_from = _sha(folder / "mod.py")
    (folder / "mod.py").write_text("VALUE = 'edited'\n", encoding="utf-8")
    assert modules_from_source(folder, {"mod": built_from}, pure=False) == {"mod"}


def test_unrecorded_extension_and_pure_mode_use_the_source(tmp_path: Path) -> None:
    folder = _package(tmp_path)
    assert modules_from_source(folder, {}, pure=False) == {"mod"}
    assert modules_from_source(folder, {"mod": _sha(folder / "mod.py")}, pure=True) == {"mod"}


def test_extension_without_a_source_is_left_to_python(tmp_path: Path) -> None:
    folder = _package(tmp_path)
    (folder / "mod.py").unlink()
    assert modules_from_source(folder, {}, pure=True) == set()


def test_finder_imports_the_source_in_front_of_a_shadowing_extension(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    with pytest.raises(ImportError):  # Python prefers the extension file next to the source
        importlib.import_module(f"{folder.name}.mod")
    sys.modules.pop(f"{folder.name}.mod", None)
    monkeypatch.setattr(sys, "meta_path", [_SourceFinder(folder.name, folder, {"mod"}), *sys.meta_path])
    module = importlib.import_module(f"{folder.name}.mod")
    try:
        assert module.VALUE == "source"
        assert module.__file__ == str(folder / "mod.py")
    finally:
        sys.modules.pop(f"{folder.name}.mod", None)
        sys.modules.pop(folder.name, None)


def test_compiled_modules_lists_only_extensions() -> None:
    import classifier.pipeline  # noqa: F401  (the hot path, compiled or not)

    names = compiled_modules()
    for name in names:
        assert not sys.modules[f"classifier.{name}"].__file__.endswith(".py")
    assert "compiled" not in names  # the guard itself is never compiled


def _texts() -> list[str]:
    texts = []
    for path in (ROOT / "tests" / "data" / "classifier-labelled.csv",
                 ROOT / "tests" / "classifier" / "threat-cases.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle) if row.get("text")]
    return texts


_LABEL_IN_SUBPROCESS = """
import json, sys
from classifier.compiled import compiled_modules
from classifier.pipeline import Classifier
classifier = Classifier.from_dir()
labels = [classifier.classify(text).as_dict() for text in json.load(sys.stdin)]
json.dump({"compiled": compiled_modules(), "labels": labels}, sys.stdout, ensure_ascii=False)
"""


@pytest.mark.slow
def test_compiled_and_interpreted_classifiers_agree_on_every_label() -> None:
    """The compiled build must be the same program: every label and explanation, message by message."""
    if not compiled_modules():
        pytest.skip("this install runs the classifier as plain Python (no compiled build to compare)")
    texts = _texts()
    env = {**os.environ, PURE_ENV: "1"}
    done = subprocess.run([sys.executable, "-c", _LABEL_IN_SUBPROCESS], input=json.dumps(texts),
                          capture_output=True, text=True, env=env, cwd=ROOT, check=True, timeout=300)
    interpreted = json.loads(done.stdout)
    assert interpreted["compiled"] == []
    classifier = default_classifier()
    here = [classifier.classify(text).as_dict() for text in texts]
    differing = [(text, a, b) for text, a, b in zip(texts, here, interpreted["labels"], strict=True) if a != b]
    assert not differing, differing[:3]
    assert len(texts) > 1000

