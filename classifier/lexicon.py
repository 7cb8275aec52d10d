"""The compiled matcher behind every rule file: words, stems and phrases mapped to the rules they feed.

Entries (classifier/entry.py: ``котельная``, ``грейдер*``, ``!сдк``, ``!тебя|!вас``, ``нет ... вода``)
compile once into dictionaries keyed by token, lemma and stem: matching a message is one look-up
per token (cached per distinct token) plus a short check of the phrases there, never a scan over all rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import NamedTuple

from classifier.entry import GAP_WORDS, Entry, EntryError, Part, parse_entry
from classifier.phrase_span import phrase_span

__all__ = ["GAP_WORDS", "Entry", "EntryError", "Hit", "Lexicon", "Part", "Rule", "parse_entry"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A labelling rule: when all its conditions match (and no ``unless`` entry does), it fires.
    ``group`` is the field it speaks for (topic, location, kind, importance, exclusion, or a helper
    group such as ``signal``), ``code`` the value it votes for, ``name`` its explanation."""

    group: str
    code: str
    name: str
    weight: float = 1.0
    conditions: int = 1
    #: how the rule is named in a label's explanation: ``topic:heating:lemma=котельная``
    label: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", f"{self.group}:{self.code}:{self.name}")


@dataclass(frozen=True, slots=True, eq=False)  # by identity: hashing the entry's word sets is slow
class _Target:
    rule: int
    condition: int  # -1 = an "unless" entry
    entry: Entry
    anchor: int = 0  # the part the entry is indexed by: its rarest word


def _anchor(entry: Entry, common: frozenset[str]) -> int:
    """The index of the part to look an entry up by: a plain, uncommon, long word if possible.

    ``common`` are the words too frequent to index a phrase by (``rules/common-words.yaml``): a
    phrase is looked up by its rarest word instead, so «в ... районе» is tried only where
    «районе» occurs, not at every «в».
    """
    if entry.anchor is not None:
        return entry.anchor
    if len(entry.parts) == 1:
        return 0

    def cost(k: int) -> tuple[bool, bool, int]:
        part = entry.parts[k]
        if not part.choices:
            return (part.form in common or part.lemma in common, part.prefix, -len(part.form))
        # one of several words: as common as its commonest, as short as its shortest
        return (any(w.form in common or w.lemma in common for w in part.choices), False,
                -min(len(w.form) for w in part.choices))

    return min(range(len(entry.parts)), key=cost)


@dataclass(frozen=True, slots=True)
class _TokenInfo:
    #: one-condition rules this token fires alone: rule → the matched entries (one entry text)
    ones: dict[int, tuple[str]]
    singles: tuple[tuple[int, int, str], ...]  # (rule, condition, entry text): parts of combos
    vetoes: frozenset[int]  # rules whose «unless» entry this token is
    #: phrases anchored here, tried only when a neighbour within (lo, hi) words is one of their
    #: words: (lo, hi, phrase word → [(order, phrase)]); ``order`` keeps the original try order
    probes: tuple[tuple[int, int, dict[int, tuple[tuple[int, _Target], ...]], frozenset[int]], ...]
    slow: tuple[tuple[int, frozenset[int], _Target], ...]  # (order, words needed, phrase): no probe
    parts: frozenset[int]  # phrase words this token is
    busy: bool = field(default=False, init=False, compare=False)  # a combo part, «unless» or phrase anchor
    idle: bool = field(default=False, init=False, compare=False)  # neither busy nor firing a rule alone

    def __post_init__(self) -> None:
        busy = bool(self.singles or self.vetoes or self.probes or self.slow)
        object.__setattr__(self, "busy", busy)
        object.__setattr__(self, "idle", not busy and not self.ones)


class Hit(NamedTuple):
    """A rule that fired in one message: the span its entries cover and which entries matched."""

    rule: Rule
    position: int
    end: int
    entries: tuple[str, ...]
    weight: float

    def explain(self) -> str:
        return self.rule.label


_POSITION = itemgetter(1)  # Hit.position
_ORDER = itemgetter(0)
_POSITION_RULE = itemgetter(1, 0)  # (rule, position) pairs by position, then by rule file order


@dataclass
class Lexicon:
    """Rules compiled into token, lemma and stem indexes; built once, then read-only."""

    common_words: frozenset[str] = frozenset()  # words too frequent to look a phrase up by (``_anchor``)
    rules: list[Rule] = field(default_factory=list)
    #: targets anchored on an exact form, and on a plain word (looked up through its forms below),
    #: each with its insertion number so that a token's targets come out in the rule files' order
    _by_token: dict[str, list[tuple[int, _Target]]] = field(default_factory=dict)
    _by_word: dict[str, list[tuple[int, _Target]]] = field(default_factory=dict)
    #: form → the plain anchor words it is a form of: one entry per word, not per target
    _words_by_form: dict[str, list[str]] = field(default_factory=dict)
    _targets: int = 0
    _by_lemma: dict[str, list[_Target]] = field(default_factory=dict)
    _by_prefix: dict[int, dict[str, list[_Target]]] = field(default_factory=dict)
    _cache: dict[str, _TokenInfo] = field(default_factory=dict)
    _forms: set[str] = field(default_factory=set)
    _exact: set[str] = field(default_factory=set)
    _part_ids: dict[tuple[str, str, bool], int] = field(default_factory=dict)
    _parts_by_form: dict[str, set[int]] = field(default_factory=dict)
    _parts_by_lemma: dict[str, set[int]] = field(default_factory=dict)
    _pid_forms: dict[int, frozenset[str]] = field(default_factory=dict)  # the forms a phrase word is found by
    _needs: dict[_Target, frozenset[int]] = field(default_factory=dict)
    _same_needs: dict[frozenset[int], frozenset[int]] = field(default_factory=dict)  # one object per distinct set
    _weights: list[float] = field(default_factory=list)  # rule index → weight, for building hits

    def add_rule(self, rule: Rule, conditions: Sequence[Iterable[Entry]], unless: Iterable[Entry] = ()) -> None:
        """Add a rule whose every condition is a list of alternative entries."""
        index = len(self.rules)
        self.rules.append(rule if rule.conditions == len(conditions) else
                          Rule(rule.group, rule.code, rule.name, rule.weight, len(conditions)))
        self._weights.append(rule.weight)
        for cond, alternatives in enumerate(conditions):
            for entry in alternatives:
                self._index(_Target(index, cond, entry, _anchor(entry, self.common_words)))
        for entry in unless:
            self._index(_Target(index, -1, entry, _anchor(entry, self.common_words)))
        self._cache.clear()

    def add_entry(self, group: str, code: str, entry: Entry, default_weight: float = 1.0) -> None:
        """Add a one-entry rule (the common case): the entry alone fires it."""
        weight = entry.weight if entry.weight is not None else default_weight
        self.add_rule(Rule(group, code, entry.label, weight), [[entry]])

    def add_vocabulary(self, parts: Iterable[Part]) -> None:
        """Words rules read outside the entries (classifier/harm_vetoes.py), known to the speller as theirs."""
        for part in parts:
            for word in part.choices or (part,):
                self._exact.update([word.form] if word.exact else ())
                self._forms.update(() if word.exact or word.prefix else word.forms)

    def forms(self) -> frozenset[str]:
        """Every word form a rule is written with (the vocabulary typos are corrected towards)."""
        return frozenset(self._forms)

    def exact_forms(self) -> frozenset[str]:
        """Every ``!form`` a rule is written with: words to leave as written, never "correct"."""
        return frozenset(self._exact)

    def _part_id(self, part: Part) -> int:
        """A number for a plain word of a phrase; the words a token satisfies are cached per token."""
        key = (part.form, part.lemma, part.exact)
        pid = self._part_ids.get(key)
        if pid is None:
            pid = self._part_ids[key] = len(self._part_ids)
            self._pid_forms[pid] = frozenset({part.form} if part.exact else part.forms if part.choices
                                             else part.forms | {part.form})
            for form in self._pid_forms[pid]:
                self._parts_by_form.setdefault(form, set()).add(pid)
            for lemma in part.lemmas if part.choices else () if part.exact else (part.lemma,):
                self._parts_by_lemma.setdefault(lemma, set()).add(pid)
        return pid

    def _index(self, target: _Target) -> None:
        for part in target.entry.parts:
            for word in part.choices or (part,):
                if word.exact:
                    self._exact.add(word.form)
                elif not word.prefix and word.form not in self._by_word:
                    self._forms.update(word.forms)
                    self._by_word[word.form] = []
                    for form in word.forms:
                        self._words_by_form.setdefault(form, []).append(word.form)
        if len(target.entry.parts) > 1:
            # every other plain word must occur somewhere in the message for the phrase to be tried
            needs = frozenset(
                self._part_id(p) for k, p in enumerate(target.entry.parts) if k != target.anchor and not p.prefix)
            self._needs[target] = self._same_needs.setdefault(needs, needs)  # generated phrases share a few
        anchor = target.entry.parts[target.anchor]
        for first in anchor.choices or (anchor,):  # choices: looked up by each of them
            if first.prefix:
                bucket = self._by_prefix.setdefault(len(first.form), {})
                bucket.setdefault(first.form, []).append(target)
            elif first.exact:
                self._by_token.setdefault(first.form, []).append((self._targets, target))
            else:
                self._by_word[first.form].append((self._targets, target))
                self._by_lemma.setdefault(first.lemma, []).append(target)
        self._targets += 1

    def _info(self, token: str, lemma: str) -> _TokenInfo:
        """What one token does: rules it fires alone, phrases anchored on it, phrase words it is."""
        by_token = list(self._by_token.get(token, ()))
        for word in self._words_by_form.get(token, ()):
            by_token.extend(self._by_word[word])
        by_token.sort(key=_ORDER)
        found: list[_Target] = [target for _, target in by_token]
        found.extend(self._by_lemma.get(lemma, ()))
        for length, bucket in self._by_prefix.items():
            if len(token) >= length:
                found.extend(bucket.get(token[:length], ()))
            if lemma != token and len(lemma) >= length and lemma[:length] != token[:length]:
                found.extend(bucket.get(lemma[:length], ()))
        unique = list(dict.fromkeys(found))
        alone = [t for t in unique if len(t.entry.parts) == 1]
        ones: dict[int, tuple[str]] = {}
        for t in alone:  # the first entry that fires a rule explains it
            if t.condition == 0 and self.rules[t.rule].conditions == 1 and t.rule not in ones:
                ones[t.rule] = (t.entry.text,)
        singles = tuple((t.rule, t.condition, t.entry.text) for t in alone
                        if t.condition >= 0 and self.rules[t.rule].conditions > 1)
        vetoes = frozenset(t.rule for t in alone if t.condition < 0)
        probes: dict[tuple[int, int], dict[int, list[tuple[int, _Target]]]] = {}
        slow: list[tuple[int, frozenset[int], _Target]] = []
        for order, t in enumerate(t for t in unique if len(t.entry.parts) > 1):
            probe = self._probe(t)
            if probe is None:
                slow.append((order, self._needs[t], t))
            else:
                probes.setdefault(probe[:2], {}).setdefault(probe[2], []).append((order, t))
        parts = frozenset(self._parts_by_form.get(token, ())) | frozenset(
            p for p in self._parts_by_lemma.get(lemma, ()))
        info = _TokenInfo(ones, singles, vetoes,
                          tuple((lo, hi, {pid: tuple(ts) for pid, ts in table.items()}, frozenset(table))
                                for (lo, hi), table in probes.items()),
                          tuple(slow), parts)
        if len(self._cache) < 500_000:
            self._cache[token] = info
        return info

    def _probe(self, target: _Target) -> tuple[int, int, int] | None:
        """(lo, hi, phrase word): a word of the phrase that must stand within lo..hi words of its anchor for
        the phrase to match; None when the phrase must be tried the slow way. Only a phrase each of whose
        words is found exactly by its number qualifies: then the probe alone is a sound filter."""
        parts, gaps, anchor = target.entry.parts, target.entry.gaps, target.anchor
        for k, part in enumerate(parts):
            if k != anchor and not part.prefix and not part.exact:
                pid = self._part_ids[(part.form, part.lemma, part.exact)]
                if not part.forms <= self._pid_forms[pid]:
                    return None
        if not any(gaps):
            near = sorted((k for k, part in enumerate(parts) if k != anchor and not part.prefix),
                          key=lambda k: abs(k - anchor))
            if not near:
                return None
            k = near[0]
            return k - anchor, k - anchor, self._pid_of(parts[k])
        if anchor + 1 < len(parts) and not parts[anchor + 1].prefix:
            return 1, 1 + gaps[anchor], self._pid_of(parts[anchor + 1])
        if anchor > 0 and not parts[anchor - 1].prefix:
            return -1 - gaps[anchor - 1], -1, self._pid_of(parts[anchor - 1])
        return None

    def _pid_of(self, part: Part) -> int:
        return self._part_ids[(part.form, part.lemma, part.exact)]

    _span = staticmethod(phrase_span)  # classifier/phrase_span.py

    def match(self, tokens: Sequence[str], lemmas: Sequence[str]) -> list[Hit]:
        """Every rule that fires in the message, in the order of its earliest match.

        One backward pass over the tokens (so the earliest match of a rule is the one written
        last). A phrase is tried only where its rarest word occurs and only when one of its other
        words stands where it must, so most phrases cost one dictionary look-up.
        """
        cache = self._cache
        try:
            infos: list[_TokenInfo] = list(map(cache.__getitem__, tokens))
        except KeyError:  # a word not seen before
            infos = [cache.get(t) or self._info(t, lem) for t, lem in zip(tokens, lemmas, strict=True)]
        n = len(tokens)
        first: dict[int, int] = {}  # one-condition rule → the position of its earliest word
        spans: dict[int, tuple[int, int, str]] = {}  # one-condition rule → its earliest phrase
        multi: dict[int, dict[int, tuple[int, int, str]]] = {}  # combo rule → condition → match
        vetoed: set[int] = set()
        present: set[int] | None = None  # the phrase words in the message, built when first needed
        rules = self.rules
        span = self._span
        for i in range(n - 1, -1, -1):
            info = infos[i]
            if info.idle:
                continue
            for rule in info.ones:
                first[rule] = i
            if not info.busy:
                continue
            if info.vetoes:
                vetoed |= info.vetoes
            for rule, cond, text in info.singles:
                conds = multi.get(rule)
                if conds is None:
                    multi[rule] = {cond: (i, i + 1, text)}
                else:
                    conds[cond] = (i, i + 1, text)
            found: list[tuple[int, _Target]] = []
            for lo, hi, table, wanted in info.probes:
                if lo == hi:  # a phrase without gaps: its probe word stands at one place
                    j = i + lo
                    if 0 <= j < n and not wanted.isdisjoint(infos[j].parts):
                        for pid in infos[j].parts:
                            got = table.get(pid)
                            if got:
                                found.extend(got)
                    continue
                for j in range(i + lo if i + lo > 0 else 0, i + hi + 1 if i + hi < n else n):
                    if not wanted.isdisjoint(infos[j].parts):
                        for pid in infos[j].parts:
                            got = table.get(pid)
                            if got:
                                found.extend(got)
            if info.slow:
                if present is None:
                    present = set().union(*[x.parts for x in infos])
                found.extend((order, target) for order, needs, target in info.slow if needs <= present)
            if not found:
                continue
            if len(found) > 1:
                found = sorted(dict(found).items(), key=_ORDER, reverse=True)
            for _, target in found:  # in reverse try order: the first that matches is written last
                entry = target.entry
                if len(entry.parts) == 2 and not entry.gaps[0]:  # two words side by side: inline
                    j = i + 1 if target.anchor == 0 else i - 1
                    if not 0 <= j < n:
                        continue
                    part = entry.parts[1 - target.anchor]
                    if part.plain:
                        if tokens[j] not in part.forms and lemmas[j] != part.lemma:
                            continue
                    elif not part.matches(tokens[j], lemmas[j]):
                        continue
                    start, end = (i, i + 2) if j > i else (j, j + 2)
                else:
                    start, end = span(entry, target.anchor, i, tokens, lemmas)
                    if start < 0:
                        continue
                rule = target.rule
                if target.condition < 0:
                    vetoed.add(rule)
                elif rules[rule].conditions == 1:
                    known = spans.get(rule)
                    if known is None or start <= known[0]:
                        spans[rule] = (start, end, entry.text)
                else:
                    conds = multi.get(rule)
                    if conds is None:
                        multi[rule] = {target.condition: (start, end, entry.text)}
                    else:
                        conds[target.condition] = (start, end, entry.text)
        new = tuple.__new__  # Hit(...) without the generated __new__'s extra call: ~30 hits a message
        weights = self._weights
        if vetoed:
            for index in vetoed:
                first.pop(index, None)
                spans.pop(index, None)
                multi.pop(index, None)
        if spans:  # a phrase that starts before the rule's first single word explains it
            for index, (start, _, _) in spans.items():
                if first.get(index, start + 1) > start:  # a tie goes to the single word
                    first.pop(index, None)
            phrase_hits = [new(Hit, (rules[index], start, end, (text,), weights[index]))
                           for index, (start, end, text) in spans.items() if index not in first]
        else:
            phrase_hits = []
        hits: list[Hit] = [new(Hit, (rules[index], i, i + 1, infos[i].ones[index], weights[index]))
                           for index, i in sorted(first.items(), key=_POSITION_RULE)]
        hits += phrase_hits
        for index, conds in multi.items():
            fired_rule = rules[index]
            if len(conds) < fired_rule.conditions:
                continue
            ordered = sorted(conds.values())
            hits.append(Hit(fired_rule, ordered[0][0], max(e for _, e, _ in ordered),
                            tuple(text for _, _, text in ordered), fired_rule.weight))
        hits.sort(key=_POSITION)
        return hits
