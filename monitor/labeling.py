"""The labeler the pipeline uses: the rule-based classifier plus the sources' watch terms."""

from __future__ import annotations

from monitor.relevance import KeywordLabeler, Labeler
from monitor.settings import Settings


def classifier_labeler(settings: Settings) -> Labeler:
    return KeywordLabeler()
