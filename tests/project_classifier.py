"""The classifier built from the project's own rules, once per test session (it takes seconds).

Tests only read it; tests/conftest.py hands it to the code under test that loads the project's
rules (AppContext, start-up checks), and the test helpers use it directly.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from classifier.pipeline import Classifier

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    return Classifier.from_dir(RULES_DIR)
