"""The classifier built from the project's own rules, once per test session (it takes a second)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from classifier.pipeline import Classifier

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    return Classifier.from_dir(RULES_DIR)
