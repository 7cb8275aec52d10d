"""Build hook: compile the classifier's hot path with Cython where a C compiler is at hand.

The compiled modules are the same ``.py`` files, unchanged (no Cython syntax), so the package
stays plain Python everywhere: without Cython or a compiler the build says so and installs the
sources, and ``classifier/compiled.py`` keeps an extension from shadowing a source edited after
the build. Compiling removes the interpreter's per-bytecode dispatch from the per-token loops
that dominate ``otklik classify`` (about 1.35x on bench/classify.py).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent
#: the modules every message passes through; the rule compiler and the tools stay interpreted
HOT_MODULES = ("exclusion", "importance", "kind", "lexicon", "location", "normalize", "phrase_span",
               "pipeline", "rules", "spelling", "threat_model", "topic")
MANIFEST = ROOT / "classifier" / "compiled.json"


def _extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("otklik: Cython is not installed; the classifier runs as plain Python")
        return []
    sources = {name: ROOT / "classifier" / f"{name}.py" for name in HOT_MODULES}
    # which source each extension was built from: an edited module is imported from its source
    MANIFEST.write_text(json.dumps(
        {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in sources.items()},
        indent=1, sort_keys=True) + "\n", encoding="utf-8")
    extensions = [Extension(f"classifier.{name}", [str(path.relative_to(ROOT))], optional=True)
                  for name, path in sources.items()]
    try:
        return cythonize(extensions, build_dir="build/cython", quiet=True, compiler_directives={
            "language_level": 3,
            "binding": True,  # functions keep their signatures and docstrings
            "annotation_typing": False,  # annotations document; they must not change behaviour
        })
    except Exception as exc:  # a construct Cython cannot translate must not stop the install
        print(f"otklik: Cython could not translate the classifier ({exc}); it runs as plain Python")
        return []


setup(ext_modules=_extensions())
