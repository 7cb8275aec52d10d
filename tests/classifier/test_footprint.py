"""The classifier is light: built in a fresh process it holds little memory and starts quickly,
and the same message always gets the same explanation (issue 15 item 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_MEASURE = """
import json, sys, time, tracemalloc
tracemalloc.start()
started = time.process_time()
from classifier.pipeline import Classifier
classifier = Classifier.from_dir(sys.argv[1])
cpu = time.process_time() - started
held = tracemalloc.get_traced_memory()[0]
print(json.dumps({"held_mb": held / 2**20, "cpu_s": cpu}))
"""


def _run(code: str, *args: str, seed: str = "0") -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=True, timeout=300)
    return done.stdout


@pytest.mark.slow
def test_the_built_classifier_holds_under_100_mb() -> None:
    """Measured with tracemalloc as the issue did (it held ~290 MB: a deletion index of every rule
    word form for the typo corrector, and one copy of a word's paradigm per rule using the word)."""
    figures = json.loads(_run(_MEASURE, str(ROOT / "rules")))
    assert figures["held_mb"] < 100, figures


def test_the_typo_corrector_keeps_no_deletion_index() -> None:
    """Candidates are generated per unknown word against a set of forms: only the forms are kept."""
    from tests.classifier._default_classifier import default_classifier

    speller = default_classifier()._speller
    assert speller is not None
    assert speller.suggest("котельнай") == "котельная"
    assert not any(isinstance(v, dict) and len(v) > 100_000 for v in vars(speller).values()
                   if not isinstance(v, frozenset))


_EXPLAIN = """
import json, sys
from classifier.pipeline import Classifier
labels = Classifier.from_dir(sys.argv[1]).classify(sys.argv[2])
print(json.dumps([labels.excluded, list(labels.rules)], ensure_ascii=False))
"""


@pytest.mark.slow
def test_a_masked_word_is_explained_the_same_way_in_every_process() -> None:
    """The masked-spelling variants were tried in a set's order, which changes with the process's
    hash seed: «бл.ядство» was explained as «root=бля» in one run and «masked=бля» in the next."""
    text = "Это не работа, а бл.ядство какое-то"
    seen = {_run(_EXPLAIN, str(ROOT / "rules"), text, seed=seed) for seed in ("0", "1", "7", "8")}
    assert len(seen) == 1, seen
    assert json.loads(seen.pop())[0] == "obscene"
