"""Topic: one main topic and every topic whose signals are strong enough, from ``rules/topics.yaml``.

Each topic's score is the sum of the weights of its rules that fired; a signal among the first
``lead.words`` words counts ``lead.boost`` times (people state their main problem early). The
main topic is the highest score; a tie goes to the topic mentioned first.
A topic counts when its score reaches ``min_score``. When no rule covers a message at all, words
sharing their first five letters with a rule word vote for its topic (a last resort for words the
rules lack: «хоккейную» ~ «хоккей»); failing that, the topic is ``other``. The learned weights
(classifier/topic_model.py) choose where the rules are silent, where their best topics are tied
(within ``tie`` of the best score), and where the best score is weak (below ``weak``), there only
when they lead by ``weak_margin``: a word or two of ours is usually right. Words in
a VK mention's display text («[club1|Администрация района]») name the addressee and are left
out by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from classifier.codes import TOPICS
from classifier.lexicon import Hit, Lexicon
from classifier.normalize import Normalized
from classifier.rules import WEIGHTS, RulesError, add_code_rules, code_sections, entries, word_set
from classifier.topic_model import TopicModel

__all__ = ["TopicDecision", "TopicRules", "topic_words"]

GROUP = "topic"
STEM = 5


class TopicDecision(NamedTuple):
    topic: str
    topics: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicRules:
    """The compiled topic settings; the signals themselves live in the shared lexicon."""

    min_score: float = 1.0
    lead_words: int = 12
    lead_boost: float = 1.4
    #: word stem (first STEM letters) → the topic whose words start so, for messages no rule covers
    stems: Mapping[str, str] = field(default_factory=dict)
    #: frequent words whose first letters happen to start a rule word («сколько» ~ «скользко»): never a vote
    not_topical: frozenset[str] = frozenset()
    #: a topic scoring at least this share of the best topic's score is tied with it (see ``decide``)
    tie: float = 1.0
    #: a best score below this is weak evidence: the learned weights may choose among all topics
    weak: float = 0.0
    #: the lead the learned weights need to overrule a weak best topic (0: the table's own ``margin``)
    weak_margin: float = 0.0

    @classmethod
    def compile(cls, data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str]) -> TopicRules:
        sections = code_sections(data.get("topics"), "topics.yaml: topics", TOPICS)
        if not sections:
            raise RulesError("topics.yaml: topics: no topics defined")
        stem_votes: dict[str, dict[str, float]] = {}
        for code, spec in sections.items():
            where = f"topics.yaml: topics.{code}"
            add_code_rules(lex, GROUP, code, spec, where, lemmatize)
            if code == "other" or not isinstance(spec, Mapping):
                continue
            for key, weight in WEIGHTS.items():
                for entry in entries(spec.get(key), f"{where}.{key}", lemmatize):
                    if len(entry.parts) > 1 or (entry.weight or weight) <= 0:
                        continue
                    for part in entry.parts[0].choices or entry.parts:
                        for word in () if part.exact else {part.form, part.lemma}:
                            if len(word) >= STEM + 1:
                                votes = stem_votes.setdefault(word[:STEM], {})
                                votes[code] = votes.get(code, 0.0) + (entry.weight or weight)
        min_score = data.get("min_score", 1.0)
        if isinstance(min_score, bool) or not isinstance(min_score, int | float) or min_score <= 0:
            raise RulesError("topics.yaml: min_score: must be a positive number")
        lead = data.get("lead") or {}
        words, boost = lead.get("words", 12), lead.get("boost", 1.4)
        if (isinstance(words, bool) or not isinstance(words, int) or words < 0
                or isinstance(boost, bool) or not isinstance(boost, int | float) or boost < 1):
            raise RulesError("topics.yaml: lead: needs words (a whole number) and boost (1 or more)")
        stems = {}
        for stem, votes in stem_votes.items():
            ranked = sorted(votes.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
                stems[stem] = ranked[0][0]
        not_topical = word_set(data, "not_topical", "topics.yaml")
        tie = data.get("tie", 1.0)
        if isinstance(tie, bool) or not isinstance(tie, int | float) or not 0 < tie <= 1:
            raise RulesError("topics.yaml: tie: must be a share of the best score, above 0 and at most 1")
        weak = data.get("weak", 0.0)
        if isinstance(weak, bool) or not isinstance(weak, int | float) or weak < 0:
            raise RulesError("topics.yaml: weak: must be a number, 0 or more")
        weak_margin = data.get("weak_margin", 0.0)
        if isinstance(weak_margin, bool) or not isinstance(weak_margin, int | float) or weak_margin < 0:
            raise RulesError("topics.yaml: weak_margin: must be a number, 0 or more")
        return cls(float(min_score), words, float(boost), stems, not_topical, float(tie), float(weak),
                   float(weak_margin))

    def decide(self, hits: Iterable[Hit], tokens: Sequence[str] = (), model: TopicModel | None = None,
               lemmas: Callable[[], Sequence[str]] | None = None) -> TopicDecision:
        """The main topic and every topic that counts. ``model`` (learned weights) is asked, with the
        message's ``lemmas()``, only where the rules are silent or their two best topics are tied."""
        scores: dict[str, float] = {}
        first: dict[str, int] = {}
        why: dict[str, list[str]] = {}
        for hit in hits:
            if hit.rule.group != GROUP:
                continue
            code = hit.rule.code
            boost = self.lead_boost if hit.position < self.lead_words else 1.0
            scores[code] = scores.get(code, 0.0) + hit.weight * boost
            first.setdefault(code, hit.position)
            why.setdefault(code, []).append(hit.rule.label)
        ranked = sorted((c for c, s in scores.items() if s >= self.min_score),
                        key=lambda c: (-scores[c], first[c]))
        if not ranked and "other" not in scores and tokens:
            if model is not None and lemmas is not None:
                learned = model.guess(lemmas())
                if learned is not None:
                    return TopicDecision(learned.code, (learned.code,), (learned.label(),))
            guess = self._by_stems(tokens)
            if guess is not None:
                return guess
        if not ranked or ranked[0] == "other":
            # «other» has its own signals (lost and found, greetings) so that they can outvote a
            # topic word used in passing («нашла варежку у почты»); it never comes second
            why_other = tuple(why.get("other", ())) or ("topic:other:default",)
            return TopicDecision("other", ("other",), why_other)
        ranked = [c for c in ranked if c != "other"]
        rules = tuple(r for code in ranked for r in why[code])
        if model is not None and lemmas is not None and scores[ranked[0]] < self.weak:
            # one or two signals of little weight: the learned weights may name any topic
            learned = model.guess(lemmas(), among=[c for c in model.weights if c != "other"],
                                  margin=self.weak_margin or None)
            if learned is not None:
                ranked = [learned.code, *(c for c in ranked if c != learned.code)]
                return TopicDecision(learned.code, tuple(ranked), (learned.label(), *rules))
        if model is not None and lemmas is not None and len(ranked) > 1:
            tied = [c for c in ranked if scores[c] >= self.tie * scores[ranked[0]]]
            if len(tied) > 1:  # the rules cannot tell these apart: the learned weights choose
                learned = model.guess(lemmas(), among=tied)
                if learned is not None:
                    ranked = [learned.code, *(c for c in ranked if c != learned.code)]
                    return TopicDecision(learned.code, tuple(ranked), (learned.label(), *rules))
        return TopicDecision(ranked[0], tuple(ranked), rules)

    def _by_stems(self, tokens: Sequence[str]) -> TopicDecision | None:
        """A last resort for a message no rule covers: words sharing a rule word's first letters
        («хоккейную» ~ «хоккей»), each voting once for that word's topic."""
        votes: dict[str, list[str]] = {}
        for token in dict.fromkeys(t for t in tokens if len(t) > STEM and t not in self.not_topical):
            code = self.stems.get(token[:STEM])
            if code is not None:
                votes.setdefault(code, []).append(token)
        if not votes:
            return None
        ranked = sorted(votes, key=lambda c: -len(votes[c]))
        if len(ranked) > 1 and len(votes[ranked[0]]) == len(votes[ranked[1]]):
            return None
        best = ranked[0]
        return TopicDecision(best, (best,), tuple(f"topic:{best}:stem={t[:STEM]}*" for t in votes[best]))


def topic_words(norm: Normalized) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(tokens, lemmas) a topic is read from: without a mention's display text, which names the
    addressee («[club1|Администрация района]»), nor a hashtag's words («#камчатка»), which are labels."""
    tokens, lemmas = norm.tokens, norm.lemmas
    spans = norm.mention_spans
    tags = {word for tag in norm.hashtags for word in tag.replace("_", " ").split()} if norm.hashtags else set()
    if not spans and not tags:
        return tokens, lemmas
    kept = [i for i, t in enumerate(tokens) if t not in tags and not any(a <= i < b for a, b in spans)]
    return tuple(tokens[i] for i in kept), tuple(lemmas[i] for i in kept)
