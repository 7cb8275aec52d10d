"""The labeler the pipeline uses: the rule-based classifier, the watch terms and watch queries.

A message is relevant when its topic is not `other`, when it names a place the administration
watches (a settlement of the district or the district as a whole), when it contains a source's
watch keyword, or when a watch query matches it. Excluded messages (p. 20) are never relevant.
The district's settlements are the rules' (``rules/gazetteer.yaml``), never the code's.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from classifier.pipeline import Classifier, Incoming
from classifier.query import QueryDoc, QuerySyntaxError, compile_query
from classifier.rules import RulesError
from monitor.core.settings import Settings, SettingsError
from monitor.ingest.classifier_build import build_classifier
from monitor.ingest.relevance import MessageLabels, WatchTerms


class ClassifierLabeler:
    def __init__(self, classifier: Classifier, watched_locations: frozenset[str] | None = None) -> None:
        """``watched_locations`` default: every settlement of the gazetteer and the district."""
        self._fixed_watched = watched_locations
        self._rules = self._compiled(classifier)

    def _compiled(self, classifier: Classifier) -> tuple[Classifier, frozenset[str]]:
        watched = (self._fixed_watched if self._fixed_watched is not None
                   else frozenset([*classifier.settlements, "district"]))
        return classifier, watched

    def swap(self, classifier: Classifier) -> None:
        """Label with ``classifier`` from now on (rules reloaded): one assignment, so a label in
        progress keeps the classifier and settlements it started with."""
        self._rules = self._compiled(classifier)

    def label_many(self, messages: Sequence[Incoming], watch: WatchTerms | None) -> list[MessageLabels]:
        """The labels of a page of messages, in its order: the classifier reads them together
        (``classify_many``: about half again as fast as one by one for a page of hundreds)."""
        classifier, watched = self._rules
        out = []
        for message, (found, read) in zip(messages, classifier.classify_many(messages), strict=True):
            rules = list(found.rules)
            relevant = found.topic != "other" or found.location in watched
            if not relevant and watch is not None:
                hit = watch.match(message.text)
                if hit:
                    relevant = True
                    rules.append(f"watch:term={hit}")
                elif watch.query is not None and self._query_matches(classifier, watch.query, message.text,
                                                                     found.location):
                    relevant = True
                    rules.append("watch:query")
            out.append(MessageLabels(topic=found.topic, topics=found.topics, location=found.location,
                                     importance=found.importance, kind=found.kind, excluded=found.excluded,
                                     rules=tuple(rules), relevant=relevant and not found.excluded,
                                     lemmas=read.lemmas))
        return out

    @staticmethod
    def _query_matches(classifier: Classifier, query: Any, text: str, location: str) -> bool:
        norm = classifier.normalize(text)
        return bool(query.matches(QueryDoc(norm.lemmas, norm.tokens, location)))


def load_classifier(settings: Settings) -> Classifier:
    try:
        return build_classifier(settings.path(settings.rules_dir))
    except RulesError as exc:
        raise SettingsError(f"rules_dir: {exc}") from None


def compile_watch_query(text: str | None, key: str, locations: Collection[str]) -> Any:
    """A watch query compiled once; a syntax error or an unknown ``location:`` code stops start-up
    naming the key and the column."""
    if not text:
        return None
    from classifier.normalize import lemmatize

    try:
        return compile_query(text, lemmatize, locations=locations)
    except QuerySyntaxError as exc:
        raise SettingsError(f"{key}: {exc.message}") from None


def classifier_labeler(settings: Settings) -> ClassifierLabeler:
    return ClassifierLabeler(load_classifier(settings))
