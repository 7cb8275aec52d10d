"""Repeat detection (p. 18): which recent card does a new message repeat, and how sure are we.

Scoring rule (every figure is reported in ``RepeatMatch.reasons``):

1. **Gate.** A card is a candidate only with the *same topic* and the *same location* as the
   message. A message whose location is unknown (``unknown`` or ``None``) can only repeat a card
   of the same author: without a place, «опять нет света» from a stranger may be about another
   settlement. A different location is never a repeat.
2. **Text similarity** ``t`` over *content lemmas* (lemmas minus Russian function words and
   complaint boilerplate such as «опять», «когда», «сколько»; negation «нет»/«не» is kept, since
   «нет воды» and «вода ржавая» are different problems)::

       t = (overlap + dice) / 2,   overlap = |A∩B| / min(|A|, |B|),   dice = 2|A∩B| / (|A| + |B|)

   The overlap coefficient lets a short «Опять нет воды!» repeat a long first complaint; the Dice
   half keeps a short message from matching everything in its bucket. A lemma of 5+ letters that
   is not in the other set still counts as shared when rapidfuzz's ratio to one of its lemmas
   with the same first letter is at least 80 (typos the lemmatizer could not fix, «отапление» / «отопление»,
   and near forms, «холодно» / «холод»).
3. **Author.** The same author adds ``AUTHOR_BONUS`` (0.1): ``score = min(1, t + 0.1)``.
   People do come back to their own complaint, but the bonus cannot by itself turn an unrelated
   text into a repeat.
4. The card with the highest score at or above ``threshold`` (default 0.4) wins; ties go to
   the more recent card.

The figures were chosen on the realistic pairs in ``tests/classifier/test_repeats.py``: there,
repeats score 0.44-0.80 and different problems in the same bucket 0.00-0.38. Synonyms
(«свет» / «электричество») are not bridged; such a paraphrase is found only with the author bonus.

Why exact sets and rapidfuzz rather than MinHash: messages are 5-60 words and a
(topic, location) bucket holds tens of recent cards, so exact set arithmetic is cheap; MinHash
would only estimate the same Jaccard figure with noise (a standard error near 0.04 at 128
permutations, as large as the gap between the closest repeat and non-repeat above), and word
shingles longer than one word miss paraphrases, which reorder words. A region's busy day can
put thousands of messages in one bucket; ``RepeatIndex`` then scores only the entries that could
win (see ``_Bucket``) and still answers exactly as ``find_repeat`` over the bucket would.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process

__all__ = [
    "AUTHOR_BONUS",
    "DEFAULT_THRESHOLD",
    "STOP_LEMMAS",
    "UNKNOWN_LOCATIONS",
    "RecentCard",
    "RepeatIndex",
    "RepeatMatch",
    "RepeatQuery",
    "content_lemmas",
    "find_repeat",
    "text_similarity",
]

DEFAULT_THRESHOLD = 0.4
AUTHOR_BONUS = 0.1
FUZZY_MIN_LETTERS = 5
FUZZY_MIN_RATIO = 80.0
UNKNOWN_LOCATIONS = frozenset({"unknown", ""})

#: Lemmas that say nothing about which problem a message is about.
STOP_LEMMAS = frozenset(
    """
    а без бы в во вот все всё вы где да для до его ее её если же за и из или им их к как
    ко когда кто ли либо мы на над наш не ни но ну о об однако он она они оно от по под при
    про с со так такой там то тоже тот ту тут у уж уже хоть чем через что чтобы чтоб это этот
    я ты мой твой свой себя сам весь который какой кой сей
    быть есть стать мочь сказать говорить
    опять снова ещё еще очень просто вообще всегда сколько почему зачем долго можно
    нужно надо пожалуйста здравствуйте добрый день уважаемый администрация вопрос подсказать
    скажите сегодня вчера сейчас уже улица ул дом д
    """.split()  # noqa: SIM905 - a word list reads better as text
) - frozenset({"нет", "не"})

CardId = Hashable


@dataclass(frozen=True, slots=True)
class RecentCard:
    """One message of a recent card (its first one, or a repeat already attached to it)."""

    card_id: CardId
    topic: str
    location: str | None
    lemmas: Sequence[str]
    author_id: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class RepeatQuery:
    """The new message: its main topic, location code, lemmas and author."""

    topic: str
    location: str | None
    lemmas: Sequence[str]
    author_id: str | None = None


@dataclass(frozen=True, slots=True)
class RepeatMatch:
    """The card a message repeats, the score (0-1) and why, in the order the rule applies."""

    card_id: CardId
    score: float
    reasons: tuple[str, ...]


def content_lemmas(lemmas: Iterable[str], stop: frozenset[str] = STOP_LEMMAS) -> frozenset[str]:
    """The lemmas that carry the problem: no function words, no one-letter tokens."""
    return frozenset(lemma for lemma in lemmas if len(lemma) > 1 and lemma not in stop)


@dataclass(frozen=True, slots=True)
class _Words:
    """A content-lemma set plus its long words grouped by first letter, for the typo step."""

    words: frozenset[str]
    long_by_initial: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, words: frozenset[str]) -> _Words:
        grouped: dict[str, list[str]] = {}
        for word in words:
            if len(word) >= FUZZY_MIN_LETTERS:
                grouped.setdefault(word[0], []).append(word)
        return cls(words, {initial: tuple(group) for initial, group in grouped.items()})


def _shared(a: _Words, b: _Words) -> float:
    """|A∩B|, counting near-identical long lemmas (typos) as shared, each at most once.

    Fuzzy candidates must start with the same letter and be of similar length (a ratio of 80
    allows little else), which keeps rapidfuzz calls to a handful per pair.
    """
    exact = a.words & b.words
    shared = float(len(exact))
    used: set[str] = set()
    for initial, group in a.long_by_initial.items():
        others = b.long_by_initial.get(initial)
        if not others:
            continue
        for word in group:
            if word in exact:
                continue
            size = len(word)
            for other in others:
                if (
                    other not in exact
                    and other not in used
                    and abs(len(other) - size) <= size // 3
                    and fuzz.ratio(word, other, score_cutoff=FUZZY_MIN_RATIO)
                ):
                    shared += 1
                    used.add(other)
                    break
    return shared


def _ratio(shared: float, size_a: int, size_b: int) -> float:
    """(overlap + dice) / 2 for ``shared`` common words; rises with ``shared`` (the index bounds by it)."""
    overlap = shared / min(size_a, size_b)
    dice = 2 * shared / (size_a + size_b)
    return (overlap + dice) / 2


def _similarity(a: _Words, b: _Words) -> float:
    if not a.words or not b.words:
        return 0.0
    return _ratio(_shared(a, b), len(a.words), len(b.words))


def text_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """(overlap + dice) / 2 of two content-lemma sets, typos counted as shared; 0 if one is empty."""
    return _similarity(_Words.of(a), _Words.of(b))


def _is_unknown(location: str | None) -> bool:
    return location is None or location in UNKNOWN_LOCATIONS


@dataclass(frozen=True, slots=True)
class _Entry:
    card: RecentCard
    content: _Words
    seq: int = 0  # order of addition to an index: of two equal ranks the earlier added wins


def _score(
    message: RepeatQuery, content: _Words, entry: _Entry, threshold: float
) -> tuple[float, float, tuple[str, ...]] | None:
    card = entry.card
    same_author = message.author_id is not None and message.author_id == card.author_id
    if card.topic != message.topic or card.location != message.location:
        return None
    if _is_unknown(message.location) and not same_author:
        return None
    similarity = _similarity(content, entry.content)
    score = min(1.0, similarity + AUTHOR_BONUS) if same_author else similarity
    if score < threshold:
        return None
    reasons = ["same topic", "same location" if not _is_unknown(card.location) else "location unknown"]
    reasons.append(f"text similarity {similarity:.2f}")
    if same_author:
        reasons.append("same author")
    return score, similarity, tuple(reasons)


def _best(
    message: RepeatQuery, entries: Iterable[_Entry], threshold: float, stop: frozenset[str]
) -> RepeatMatch | None:
    content = _Words.of(content_lemmas(message.lemmas, stop))
    if not content.words:
        return None
    best: tuple[float, float, datetime] | None = None
    match: RepeatMatch | None = None
    for entry in entries:
        scored = _score(message, content, entry, threshold)
        if scored is None:
            continue
        score, similarity, reasons = scored
        rank = (score, similarity, entry.card.at)
        if best is None or rank > best:
            best = rank
            match = RepeatMatch(entry.card.card_id, round(score, 4), reasons)
    return match


def find_repeat(
    message: RepeatQuery,
    cards: Iterable[RecentCard],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    stop: frozenset[str] = STOP_LEMMAS,
) -> RepeatMatch | None:
    """The card ``message`` repeats, or ``None``; see the module docstring for the rule."""
    entries = (
        _Entry(card, _Words.of(content_lemmas(card.lemmas, stop)))
        for card in cards
        if card.topic == message.topic and card.location == message.location
    )
    return _best(message, entries, threshold, stop)


class RepeatIndex:
    """Recent cards bucketed by (topic, location), so a message meets only its own bucket.

    Add every message of a card (its first one and the repeats attached to it): the best-matching
    one speaks for the card. Drop old cards with ``prune`` and closed ones with ``remove``.

    ``find`` gives exactly the answer of ``find_repeat`` over the bucket in the order added, but
    without scoring every entry: a bucket of near-copies (a thousand «нет воды» in one day) made
    that quadratic. See ``_Bucket`` for how entries are skipped.
    """

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD, stop: frozenset[str] = STOP_LEMMAS) -> None:
        self.threshold = threshold
        self.stop = stop
        self._buckets: dict[tuple[str, str | None], _Bucket] = {}
        self._added = 0

    def add(self, card: RecentCard, content: _Words | None = None) -> None:
        self._added += 1
        if content is None:
            content = _Words.of(content_lemmas(card.lemmas, self.stop))
        entry = _Entry(card, content, self._added)
        bucket = self._buckets.get((card.topic, card.location))
        if bucket is None:
            bucket = self._buckets[(card.topic, card.location)] = _Bucket()
        bucket.add(entry)

    def extend(self, cards: Iterable[RecentCard]) -> None:
        for card in cards:
            self.add(card)

    def remove(self, card_id: CardId) -> int:
        """Forget every message of a card; returns how many were dropped."""
        return self._drop(lambda entry: entry.card.card_id == card_id)

    def prune(self, before: datetime) -> int:
        """Forget messages older than ``before`` (the caller's clock decides what "recent" is)."""
        return self._drop(lambda entry: entry.card.at < before)

    def find(self, message: RepeatQuery, *, threshold: float | None = None) -> RepeatMatch | None:
        """The card ``message`` repeats among those added, or ``None``."""
        return self._find(message, _Words.of(content_lemmas(message.lemmas, self.stop)), threshold)

    def find_then_add(self, message: RepeatQuery, card_id: CardId, at: datetime) -> RepeatMatch | None:
        """``find(message)``, then the message itself added as card ``card_id`` at ``at`` (its
        lemmas read once), so that a later near-copy in the same batch finds it."""
        content = _Words.of(content_lemmas(message.lemmas, self.stop))
        match = self._find(message, content, None)
        self.add(RecentCard(card_id, message.topic, message.location, message.lemmas, message.author_id, at), content)
        return match

    def _find(self, message: RepeatQuery, content: _Words, threshold: float | None) -> RepeatMatch | None:
        bucket = self._buckets.get((message.topic, message.location))
        if bucket is None:
            return None
        limit = self.threshold if threshold is None else threshold
        if limit <= AUTHOR_BONUS:  # a text sharing no word may pass: score every entry
            return _best(message, bucket.entries, limit, self.stop)
        if not content.words:
            return None
        return bucket.best(message, content, limit)

    def __len__(self) -> int:
        return sum(len(bucket.entries) for bucket in self._buckets.values())

    def __iter__(self) -> Iterator[RecentCard]:
        for bucket in self._buckets.values():
            for entry in bucket.entries:
                yield entry.card

    def _drop(self, doomed: Callable[[_Entry], bool]) -> int:
        dropped = 0
        for key in list(self._buckets):
            entries = self._buckets[key].entries
            kept = [entry for entry in entries if not doomed(entry)]
            dropped += len(entries) - len(kept)
            if len(kept) == len(entries):
                continue
            if kept:
                bucket = self._buckets[key] = _Bucket()
                for entry in kept:
                    bucket.add(entry)
            else:
                del self._buckets[key]
        return dropped


def _recency(entry: _Entry) -> tuple[datetime, int]:
    return entry.card.at, -entry.seq


def _insort(ranked: list[_Entry], entry: _Entry) -> None:
    """Into ``ranked`` by recency: at its end when it is the latest (a batch comes in time order)."""
    if not ranked or _recency(ranked[-1]) <= _recency(entry):
        ranked.append(entry)
    else:
        bisect.insort(ranked, entry, key=_recency)


class _Bucket:
    """One (topic, location) bucket: its entries, which entries hold each word, and size groups.

    An entry that shares no word with a message, exactly or as a typo, scores 0. So ``best``
    reads only the entries of the message's words (and of their typo neighbours in the bucket's
    vocabulary) when they are few. When they are many (a bucket of near-copies: a thousand «нет
    воды» in one day) it bounds instead: a message shares at most ``reach`` words with any entry,
    the number of its words found in the bucket, so an entry of ``size`` words has a similarity
    of at most ``_ratio(min(reach, size), …)``, the same for a whole group of entries of one size
    (and one author, for the author bonus). Groups are visited from the highest bound down, each
    from its most recent entry back, until no remaining entry could outrank (score, similarity,
    recency) the best found; among near-copies the most recent one reaches the bound at once.
    """

    __slots__ = ("by_author", "by_size", "entries", "long_vocab", "postings")

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.postings: dict[str, list[_Entry]] = {}  # word -> the entries holding it
        self.long_vocab: dict[str, list[str]] = {}  # initial -> the long words of the bucket
        self.by_size: dict[int, list[_Entry]] = {}  # each ordered by recency, oldest first
        self.by_author: dict[str, dict[int, list[_Entry]]] = {}

    def add(self, entry: _Entry) -> None:
        self.entries.append(entry)
        words = entry.content.words
        if not words:
            return  # similarity 0: never a match above AUTHOR_BONUS
        for word in words:
            holders = self.postings.get(word)
            if holders is None:
                self.postings[word] = [entry]
                if len(word) >= FUZZY_MIN_LETTERS:
                    self.long_vocab.setdefault(word[0], []).append(word)
            else:
                holders.append(entry)
        size = len(words)
        _insort(self.by_size.setdefault(size, []), entry)
        author = entry.card.author_id
        if author is not None:
            _insort(self.by_author.setdefault(author, {}).setdefault(size, []), entry)

    def _neighbours(self, word: str) -> list[str]:
        """Long words of the bucket that ``_shared`` would count as a typo of ``word``."""
        size = len(word)
        found = process.extract(word, self.long_vocab.get(word[0], ()), scorer=fuzz.ratio, processor=None,
                                score_cutoff=FUZZY_MIN_RATIO, limit=None)
        return [other for other, _, _ in found if other != word and abs(len(other) - size) <= size // 3]

    def best(self, message: RepeatQuery, content: _Words, limit: float) -> RepeatMatch | None:
        """``_best`` over ``entries`` for a ``limit`` above AUTHOR_BONUS, reading what could win."""
        postings = self.postings
        holders = [postings[word] for word in content.words if word in postings]
        if sum(len(entries) for entries in holders) >= len(self.entries):  # near-copies: bound
            reach = len(holders) + sum(1 for word in content.words if word not in postings
                                       and len(word) >= FUZZY_MIN_LETTERS and self._neighbours(word))
            return self._best_by_bounds(message, content, limit, reach) if reach else None
        reach = 0
        holders = []  # per word of the message: the entries that could share it
        for word in content.words:
            lists = [postings[word]] if word in postings else []
            if len(word) >= FUZZY_MIN_LETTERS:
                lists += [postings[other] for other in self._neighbours(word)]
            if lists:
                reach += 1
                holders += lists
        if not reach:
            return None
        if sum(len(entries) for entries in holders) < len(self.entries):
            return self._best_of_holders(message, content, limit, holders)
        return self._best_by_bounds(message, content, limit, reach)

    def _best_of_holders(self, message: RepeatQuery, content: _Words, limit: float,
                         holders: list[list[_Entry]]) -> RepeatMatch | None:
        leader = _Leader()
        seen: set[int] = set()
        for entries in holders:
            for entry in entries:
                if entry.seq not in seen:
                    seen.add(entry.seq)
                    leader.consider(message, content, entry, limit)
        return leader.match

    def _best_by_bounds(self, message: RepeatQuery, content: _Words, limit: float,
                        reach: int) -> RepeatMatch | None:
        size_q = len(content.words)
        author = message.author_id
        # (score bound, similarity bound, entries, author whose entries the group skips)
        groups: list[tuple[float, float, list[_Entry], str | None]] = []
        if author is not None:
            for size, ranked in self.by_author.get(author, {}).items():
                bound = _ratio(min(reach, size), size_q, size)
                groups.append((min(1.0, bound + AUTHOR_BONUS), bound, ranked, None))
        if not _is_unknown(message.location):
            for size, ranked in self.by_size.items():
                bound = _ratio(min(reach, size), size_q, size)
                groups.append((bound, bound, ranked, author))  # the author's own were scored above
        groups.sort(key=lambda group: (group[0], group[1]), reverse=True)
        leader = _Leader()
        for score_bound, sim_bound, ranked, skip in groups:
            best = leader.rank
            if score_bound < limit or (best is not None and (score_bound, sim_bound) < best[:2]):
                break
            for entry in reversed(ranked):
                best = leader.rank
                if best is not None and (score_bound, sim_bound, entry.card.at, -entry.seq) < best:
                    break
                if skip is None or entry.card.author_id != skip:
                    leader.consider(message, content, entry, limit)
        return leader.match


class _Leader:
    """The best match so far, ranked by (score, similarity, recency, the later added)."""

    __slots__ = ("match", "rank")

    def __init__(self) -> None:
        self.rank: tuple[float, float, datetime, int] | None = None
        self.match: RepeatMatch | None = None

    def consider(self, message: RepeatQuery, content: _Words, entry: _Entry, limit: float) -> None:
        scored = _score(message, content, entry, limit)
        if scored is None:
            return
        score, similarity, reasons = scored
        rank = (score, similarity, entry.card.at, -entry.seq)
        if self.rank is None or rank > self.rank:
            self.rank = rank
            self.match = RepeatMatch(entry.card.card_id, round(score, 4), reasons)
