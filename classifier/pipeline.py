"""The rule-based classifier: one object built from the rules folder, then pure and fast.

``Classifier.from_dir("rules")`` reads and checks every rule file once and compiles all of them
into one lexicon, so labelling a message is a single pass over its tokens; each field's module
then decides its label from the rules that fired, and every label says which rule produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NamedTuple

from classifier.codes import AREAS
from classifier.exclusion import CLEARED, ExclusionDecision, ExclusionRules
from classifier.importance import ImportanceDecision, ImportanceRules
from classifier.kind import KindDecision, KindRules
from classifier.kind_model import KindModel
from classifier.lexicon import Hit, Lexicon
from classifier.location import LocationDecision, LocationRules, settlement_names
from classifier.markup import plain_text
from classifier.mock_threat import WINK_COMPLETES, mock_dare, mock_harm, winked
from classifier.normalize import Canon, Normalized, lemmatize, normalize
from classifier.rules import RulesError, read_rule_file, word_set
from classifier.spelling import Speller
from classifier.threat_model import ThreatModel
from classifier.topic import TopicDecision, TopicRules, topic_words
from classifier.topic_model import TopicModel

__all__ = ["DEFAULT_RULES_DIR", "Classifier", "Incoming", "Labels", "RulesError", "read_settlements"]

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
COMMON_WORDS_FILE = "common-words.yaml"


@dataclass(frozen=True, slots=True)
class Labels:
    """A message's labels and, in ``rules``, the rule behind each of them."""

    topic: str
    topics: tuple[str, ...]
    location: str
    importance: str
    kind: str
    excluded: str | None
    rules: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """The labels as plain JSON-ready values (lists, not tuples)."""
        data = asdict(self)
        data["topics"] = list(self.topics)
        data["rules"] = list(self.rules)
        return data


class Classifier:
    """Topic, location, importance, kind and exclusion for one message; no I/O after construction."""

    def __init__(self, lexicon: Lexicon, topic: TopicRules, location: LocationRules, kind: KindRules,
                 importance: ImportanceRules, exclusion: ExclusionRules, typos: Mapping[str, str],
                 speller: Speller | None = None, threat_model: ThreatModel | None = None,
                 topic_model: TopicModel | None = None, kind_model: KindModel | None = None) -> None:
        self._lexicon = lexicon
        self._topic = topic
        self._location = location
        self._kind = kind
        self._importance = importance
        self._exclusion = exclusion
        self._typos = dict(typos)
        self._speller = speller
        self._threat_model = threat_model
        self._topic_model = topic_model
        self._kind_model = kind_model
        self._canon = Canon(self._typos, speller.suggest if speller is not None else None)

    @classmethod
    def from_dir(cls, path: str | Path = DEFAULT_RULES_DIR) -> Classifier:
        """Read, check and compile the rule files of a folder; raise RulesError on the first problem."""
        folder = Path(path)
        if not folder.is_dir():
            raise RulesError(f"{folder}: rules folder not found")
        typos = _typos(read_rule_file(folder, "typos.yaml", required=False))
        lex = Lexicon(word_set(read_rule_file(folder, COMMON_WORDS_FILE, required=False), "common_words",
                               COMMON_WORDS_FILE))
        topic = TopicRules.compile(read_rule_file(folder, "topics.yaml"), lex, lemmatize)
        location = LocationRules.compile(read_rule_file(folder, "gazetteer.yaml"), lex, lemmatize)
        kind = KindRules.compile(read_rule_file(folder, "kinds.yaml"), lex, lemmatize)
        importance = ImportanceRules.compile(read_rule_file(folder, "importance.yaml"), lex, lemmatize)
        exclusion = ExclusionRules.compile(_exclusion_data(folder), lex, lemmatize)
        speller = Speller.from_lexicon(lex, exclude=set(typos) | lex.exact_forms())
        return cls(lex, topic, location, kind, importance, exclusion, typos, speller, ThreatModel.load(folder),
                   TopicModel.load(folder), KindModel.load(folder))

    def with_topic_model(self, model: TopicModel | None) -> Classifier:
        """The same rules with other learned topic weights (for measuring a newly trained table)."""
        return self._with(topic_model=model)

    def with_threat_model(self, model: ThreatModel | None) -> Classifier:
        """The same rules with other learned threat weights, or none (for measuring a newly trained model)."""
        return self._with(threat_model=model)

    def with_kind_model(self, model: KindModel | None) -> Classifier:
        """The same rules with other learned kind weights, or none (for measuring a newly trained table)."""
        return self._with(kind_model=model)

    def _with(self, **models: Any) -> Classifier:
        learned = {"threat_model": self._threat_model, "topic_model": self._topic_model,
                   "kind_model": self._kind_model} | models
        return Classifier(self._lexicon, self._topic, self._location, self._kind, self._importance,
                          self._exclusion, self._typos, self._speller, **learned)

    @property
    def settlements(self) -> Mapping[str, str]:
        """The district's settlements, code → name, as the gazetteer lists them."""
        return self._location.settlements

    @property
    def locations(self) -> tuple[str, ...]:
        """Every location a message may get: the settlements' codes, then district, outside, unknown."""
        return (*self._location.settlements, *AREAS)

    def normalize(self, text: str) -> Normalized:
        """The message as the rules see it: curated typos and near-misses of rule words corrected."""
        return normalize(text, canon=self._canon)

    def read(self, text: str) -> Normalized:
        """The message as ``classify`` reads it: markup removed, then ``normalize``."""
        return self.normalize(plain_text(text or ""))

    def classify(self, text: str, *, platform: str | None = None, official: bool = False,
                 geo: tuple[float, float] | None = None, likes: int = 0, comments: int = 0,
                 reposts: int = 0, reactions: Mapping[str, int] | None = None) -> Labels:
        """Label one message; ``classify_read`` also gives the words it read."""
        return self.classify_read(text, platform=platform, official=official, geo=geo, likes=likes,
                                  comments=comments, reposts=reposts, reactions=reactions)[0]

    def classify_read(self, text: str, *, platform: str | None = None, official: bool = False,
                      geo: tuple[float, float] | None = None, likes: int = 0, comments: int = 0,
                      reposts: int = 0, reactions: Mapping[str, int] | None = None) -> tuple[Labels, Normalized]:
        """Label one message, and the message as read (``read(text)``), so a caller that needs its
        lemmas too (the ingest's repeat finder) does not normalize it a second time.

        ``official``: it was sent to an official regional-government account (p. 8); ``geo``:
        (latitude, longitude) when the message carries a point; likes/comments/reposts, or the same
        as one ``reactions`` mapping ({"likes": N, "comments": N, "reposts": N}): what the network
        reports of the message, where it does (importance counts them). ``platform`` is accepted for
        per-platform rules and does not change labels yet.
        """
        if reactions:
            likes = max(likes, int(reactions.get("likes") or 0))
            comments = max(comments, int(reactions.get("comments") or 0))
            reposts = max(reposts, int(reactions.get("reposts") or 0))
        # one message straight through the steps ``classify_many`` runs page-wide: the same labels
        # without a page's lists and zips (about a twentieth of a message's time, in CPU time measured)
        message = Incoming(text, platform, official, geo, likes, comments, reposts)
        text = plain_text(text or "")
        norm = self.normalize(text)
        found = self._grouped(norm)
        words = topic_words(norm)
        kind = self._kind_of(found, norm, words)
        excluded = self._own_words(self._weighed(self._excluded(found, norm, text), found, norm), norm, text)
        return _labels(self._topic_of(found, norm, words), self._location_of(found, norm, message, text), kind,
                       self._importance_of(found, kind, message), excluded), norm

    def classify_many(self, messages: Sequence[Incoming]) -> list[tuple[Labels, Normalized]]:
        """``classify_read`` for many messages at once, the same labels, about half again as fast
        for a page of hundreds: each step runs over the whole page before the next (its tables
        stay in the processor's caches instead of taking turns with six others' per message)."""
        texts = [plain_text(m.text or "") for m in messages]
        norms = list(map(self.normalize, texts))
        groups = list(map(self._grouped, norms))
        words = list(map(topic_words, norms))
        topics = list(map(self._topic_of, groups, norms, words))
        locations = list(map(self._location_of, groups, norms, messages, texts))
        kinds = list(map(self._kind_of, groups, norms, words))
        importances = list(map(self._importance_of, groups, kinds, messages))
        exclusions = list(map(self._excluded, groups, norms, texts))
        exclusions = list(map(self._weighed, exclusions, groups, norms))
        exclusions = list(map(self._own_words, exclusions, norms, texts))
        return list(zip(map(_labels, topics, locations, kinds, importances, exclusions), norms, strict=True))

    def _grouped(self, norm: Normalized) -> dict[str, list[Hit]]:
        """The rules that fire in a message, by group (topic, location, kind…), each in the order found."""
        by_group: dict[str, list[Hit]] = {}
        for hit in self._lexicon.match(norm.tokens, norm.lemmas):
            group = by_group.get(hit.rule.group)
            if group is None:
                by_group[hit.rule.group] = [hit]
            else:
                group.append(hit)
        return by_group

    def _topic_of(self, found: Mapping[str, list[Hit]], norm: Normalized,
                  words: tuple[Sequence[str], Sequence[str]]) -> TopicDecision:
        tokens, lemmas = words
        return self._topic.decide(_topic_hits(found, norm), tokens, self._topic_model, _given(lemmas))

    def _location_of(self, found: Mapping[str, list[Hit]], norm: Normalized, message: Incoming,
                     text: str) -> LocationDecision:
        return self._location.decide(_hits(found, "location", "street", "landmark"), norm.tokens, message.geo,
                                     norm.mention_spans, norm.lemmas, text)

    def _kind_of(self, found: Mapping[str, list[Hit]], norm: Normalized,
                 words: tuple[Sequence[str], Sequence[str]]) -> KindDecision:
        return self._kind.decide(found.get("kind", []), norm.text, norm.tokens, _opening_mention(norm),
                                 self._kind_model, words[1])

    def _importance_of(self, found: Mapping[str, list[Hit]], kind: KindDecision,
                       message: Incoming) -> ImportanceDecision:
        return self._importance.decide(found.get("importance", []), kind=kind.kind, official=message.official,
                                       reactions={"likes": message.likes, "comments": message.comments,
                                                  "reposts": message.reposts})

    def _excluded(self, found: Mapping[str, list[Hit]], norm: Normalized, text: str) -> ExclusionDecision:
        """The exclusion rules' decision (``_weighed`` and ``_own_words`` complete it)."""
        return self._exclusion.decide(text, _hits(found, "exclusion", "insult_target"), norm.chunks, norm.tokens,
                                      norm.lemmas)

    def _weighed(self, excluded: ExclusionDecision, found: Mapping[str, list[Hit]],
                 norm: Normalized) -> ExclusionDecision:
        """The rules' decision with the wink's and the learned weights' say."""
        return self._learned(_winked(excluded, found, norm), norm)

    def _own_words(self, excluded: ExclusionDecision, norm: Normalized, text: str) -> ExclusionDecision:
        """A threat or an insult less someone else's quoted words, and a threat made in jest."""
        # someone else's words, quoted: «„урою“ — это мне Вовка пишет»
        rest = self._exclusion.unquoted(text) if excluded.excluded in ("threat", "insult") else None
        if rest is not None:
            return self._without_quotes(rest, norm, excluded)
        if excluded.excluded == "threat" and mock_dare(norm.tokens, norm.emoji):
            return self._obscene_only(norm, "mock-dare")  # «убью если не придёшь 😂»
        if excluded.excluded == "threat" and mock_harm(excluded.rules, norm.tokens, norm.emoji):
            return self._obscene_only(norm, "mock-harm")  # «Колька убью тебя 😂😂»
        return excluded

    def _learned(self, excluded: ExclusionDecision, norm: Normalized) -> ExclusionDecision:
        """The rules' decision, or a threat the learned weights find where the rules found none and
        cleared nothing (threat > obscene > insult)."""
        if self._threat_model is None or excluded.excluded == "threat" or excluded.cleared:
            return excluded
        learned = self._threat_model.explain(norm.lemmas)
        return excluded if learned is None else ExclusionDecision("threat", (learned,))

    def _without_quotes(self, rest: str, norm: Normalized, quoting: ExclusionDecision) -> ExclusionDecision:
        """The decision on a message whose threat or insult was only in someone else's quoted words: the
        rest's own, or obscene when the quoted words were (an obscene word is one wherever it stands)."""
        read = self.normalize(rest)
        found = self._lexicon.match(read.tokens, read.lemmas)
        hits = [h for group in ("exclusion", "insult_target") for h in found if h.rule.group == group]
        own = self._learned(self._exclusion.decide(rest, hits, read.chunks, read.tokens, read.lemmas), read)
        if own.excluded == quoting.excluded or own.excluded == "threat":
            return quoting
        if own.excluded is None:
            return self._obscene_only(norm, "quoted")
        return ExclusionDecision(own.excluded, (*own.rules, f"{CLEARED}quoted"))

    def _obscene_only(self, norm: Normalized, why: str) -> ExclusionDecision:
        """A message cleared of a threat or an insult (``why`` names the rule that cleared it): obscene if
        one of its words is, else clean."""
        words = self._exclusion.decide(" ".join(norm.chunks), [])
        if words.excluded == "obscene":
            return ExclusionDecision("obscene", (*words.rules, f"{CLEARED}{why}"))
        return ExclusionDecision(None, (f"{CLEARED}{why}",))


class Incoming(NamedTuple):
    """One message for ``classify_many``, with what the network reports of it (see ``classify_read``)."""

    text: str
    platform: str | None = None
    official: bool = False
    geo: tuple[float, float] | None = None
    likes: int = 0
    comments: int = 0
    reposts: int = 0


def _labels(topic: TopicDecision, location: LocationDecision, kind: KindDecision, importance: ImportanceDecision,
            excluded: ExclusionDecision) -> Labels:
    """A message's labels from each field's decision, with every rule behind them once, in that order."""
    return Labels(
        topic=topic.topic,
        topics=topic.topics,
        location=location.location,
        importance=importance.importance,
        kind=kind.kind,
        excluded=excluded.excluded,
        rules=tuple(dict.fromkeys(topic.rules + location.rules + importance.rules + kind.rules + excluded.rules)),
    )


def _winked(excluded: ExclusionDecision, found: Mapping[str, list[Hit]], norm: Normalized) -> ExclusionDecision:
    """A threat where a danger told of a person wears a wink (classifier/mock_threat.py), unless the rules
    found one already or cleared the message (threat > obscene > insult)."""
    if excluded.excluded == "threat" or excluded.cleared or not norm.emoji:
        return excluded
    if winked([hit.rule.label for hit in found.get("exclusion", ())], norm.emoji):
        return ExclusionDecision("threat", (WINK_COMPLETES, "exclusion:threat:wink"))
    return excluded


def _given(lemmas: Sequence[str]) -> Callable[[], Sequence[str]]:
    """A message's lemmas as the topic rules ask for them (only where their learned table is consulted)."""
    return lambda: lemmas


def _hits(found: Mapping[str, list[Hit]], *groups: str) -> list[Hit]:
    """The hits of a message's rule groups, in the groups' order."""
    return [hit for group in groups for hit in found.get(group, ())]


def _topic_hits(found: Mapping[str, list[Hit]], norm: Normalized) -> list[Hit]:
    """The topic hits, less those inside a mention: its display text names the addressee, not the topic."""
    hits = found.get("topic", [])
    spans = norm.mention_spans
    if spans:
        return [h for h in hits if not any(a <= h.position < b for a, b in spans)]
    return hits


def _opening_mention(norm: Normalized) -> int:
    """The first token after a mention the message opens with (0 when it opens otherwise)."""
    spans = norm.mention_spans
    return spans[0][1] if spans and spans[0][0] == 0 else 0


def read_settlements(path: str | Path = DEFAULT_RULES_DIR) -> dict[str, str]:
    """The settlements of a rules folder's gazetteer, code → name, without compiling the rules
    (for settings that name them, such as the units' locations)."""
    return settlement_names(read_rule_file(Path(path), "gazetteer.yaml"))


def _exclusion_data(folder: Path) -> dict[str, Any]:
    """exclusion.yaml (obscene words, insults) with the threat section of threats.yaml."""
    data = read_rule_file(folder, "exclusion.yaml")
    threats = read_rule_file(folder, "threats.yaml", required=False)
    extra = sorted(set(threats) - {"threat"})
    if extra:
        raise RulesError(f"threats.yaml: {extra[0]}: unknown key (use threat)")
    if "threat" in threats:
        if "threat" in data:
            raise RulesError("threats.yaml: threat: also written in exclusion.yaml; keep one of the two")
        data = {**data, "threat": threats["threat"]}
    return data


def _typos(data: dict[str, Any]) -> dict[str, str]:
    typos = data.get("typos") or {}
    if not isinstance(typos, Mapping):
        raise RulesError("typos.yaml: typos: must map a misspelt word to its correction")
    out: dict[str, str] = {}
    for wrong, right in typos.items():
        if not isinstance(wrong, str) or not isinstance(right, str) or not right.strip():
            raise RulesError(f"typos.yaml: typos.{wrong}: must be a word mapped to its correction")
        out[wrong.strip().lower().replace("ё", "е")] = right.strip().lower().replace("ё", "е")
    return out
