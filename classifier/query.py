"""Watch queries (issue 3, item 10): the social-listening query language, over lemmas.

Administrators describe what is relevant beyond the topic rules, per source or globally::

    (вода OR водоснабжение) NEAR/3 нет location:district -"спасибо за воду"
    отоплен* AND (холодно OR "батареи ледяные")

* a word matches any of its forms: it is lemmatized once, at compile time, with the same
  lemmatizer as the messages («дорога» matches «дорогу», «дорогам»); the literal word matches too;
* ``AND``/``И`` (or nothing between two terms), ``OR``/``ИЛИ``, ``NOT``/``НЕ`` or ``-term``;
  parentheses; operators count only in upper case; precedence NEAR > NOT > AND > OR;
* ``"exact phrase"`` (or «…»): consecutive words, each matched on its lemma;
* ``a NEAR/3 b``: both occur with at most 3 words between them, in either order
  (``NEAR/0`` = adjacent, ``NEAR/3f`` = ``a`` first); each side is a word, a prefix, a phrase,
  or a parenthesised OR of those;
* ``отоплен*``: any word starting so (the token or its lemma), at least 3 letters before ``*``;
* ``location:district``: the message's location code (from the location rules) is ``district``
  (a settlement's code from ``rules/gazetteer.yaml``, ``district``, ``outside`` or ``unknown``).

Compile once with ``compile_query`` (or check settings at start-up with ``validate_query``);
``Query.matches`` then runs against a ``QueryDoc``, which indexes its lemmas once so that one
message is cheap to test against many queries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from classifier.query_parser import (
    AndSyntax,
    GroupSyntax,
    LocationSyntax,
    NearSyntax,
    NotSyntax,
    OrSyntax,
    PhraseSyntax,
    PrefixSyntax,
    QuerySyntaxError,
    Syntax,
    WordSyntax,
    parse_query,
)

__all__ = ["MIN_PREFIX_LETTERS", "Query", "QueryDoc", "QuerySyntaxError", "compile_query", "validate_query"]

MIN_PREFIX_LETTERS = 3

Lemmatize = Callable[[str], str]
Span = tuple[int, int]  # first and last word position, inclusive

_WORD_PART = re.compile(r"[^\W_]+", re.UNICODE)
_VALID_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_LOCATION_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _positions(words: Iterable[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(words):
        index.setdefault(word, []).append(position)
    return index


@dataclass(frozen=True)
class QueryDoc:
    """One message as queries see it: lemmas and tokens of equal length, and its location code.

    Tokens are expected lower-case with ё folded and split on hyphens, as ``classifier.normalize``
    produces them. The word→positions indexes are built once here, not per query.
    """

    lemmas: tuple[str, ...]
    tokens: tuple[str, ...]
    location: str | None = None
    lemma_index: dict[str, list[int]] = field(init=False, repr=False, compare=False)
    token_index: dict[str, list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.lemmas) != len(self.tokens):
            raise ValueError(f"lemmas ({len(self.lemmas)}) and tokens ({len(self.tokens)}) differ in length")
        object.__setattr__(self, "lemma_index", _positions(self.lemmas))
        object.__setattr__(self, "token_index", _positions(self.tokens))


# --- compiled nodes ----------------------------------------------------------------------------


class Node(Protocol):
    def matches(self, doc: QueryDoc) -> bool: ...

    def __str__(self) -> str: ...


class PositionalNode(Node, Protocol):
    def spans(self, doc: QueryDoc) -> list[Span]: ...


class Term:
    """One word in any of its forms: its lemma, or the literal (folded) word."""

    __slots__ = ("lemma", "surface")

    def __init__(self, lemma: str, surface: str) -> None:
        self.lemma = lemma
        self.surface = surface

    def positions(self, doc: QueryDoc) -> list[int]:
        by_lemma = doc.lemma_index.get(self.lemma)
        by_token = doc.token_index.get(self.surface) if self.surface != self.lemma else None
        if by_token is None:
            return by_lemma or []
        if by_lemma is None:
            return by_token
        return sorted(set(by_lemma).union(by_token))

    def at(self, doc: QueryDoc, position: int) -> bool:
        return doc.lemmas[position] == self.lemma or doc.tokens[position] == self.surface

    def spans(self, doc: QueryDoc) -> list[Span]:
        return [(p, p) for p in self.positions(doc)]

    def matches(self, doc: QueryDoc) -> bool:
        return self.lemma in doc.lemma_index or self.surface in doc.token_index

    def __str__(self) -> str:
        return self.lemma


class Phrase:
    """Consecutive words, each matched like a ``Term``."""

    __slots__ = ("words",)

    def __init__(self, words: tuple[Term, ...]) -> None:
        self.words = words

    def spans(self, doc: QueryDoc) -> list[Span]:
        first, rest = self.words[0], self.words[1:]
        length = len(doc.lemmas)
        found: list[Span] = []
        for start in first.positions(doc):
            end = start + len(rest)
            if end >= length:
                break
            if all(word.at(doc, start + offset) for offset, word in enumerate(rest, 1)):
                found.append((start, end))
        return found

    def matches(self, doc: QueryDoc) -> bool:
        return bool(self.spans(doc))

    def __str__(self) -> str:
        return '"' + " ".join(str(word) for word in self.words) + '"'


class Prefix:
    """Any word whose token or lemma starts with the prefix."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def spans(self, doc: QueryDoc) -> list[Span]:
        hits: set[int] = set()
        for index in (doc.lemma_index, doc.token_index):
            for word, positions in index.items():
                if word.startswith(self.prefix):
                    hits.update(positions)
        return [(p, p) for p in sorted(hits)]

    def matches(self, doc: QueryDoc) -> bool:
        prefix = self.prefix
        return any(word.startswith(prefix) for word in doc.token_index) or any(
            word.startswith(prefix) for word in doc.lemma_index
        )

    def __str__(self) -> str:
        return self.prefix + "*"


class Location:
    """The message's location code equals the given one."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def matches(self, doc: QueryDoc) -> bool:
        return doc.location == self.code

    def __str__(self) -> str:
        return "location:" + self.code


class Near:
    """Both sides occur, without overlapping, with at most ``distance`` words between them."""

    __slots__ = ("distance", "left", "ordered", "right")

    def __init__(self, left: PositionalNode, right: PositionalNode, distance: int, ordered: bool) -> None:
        self.left = left
        self.right = right
        self.distance = distance
        self.ordered = ordered

    def spans(self, doc: QueryDoc) -> list[Span]:
        lefts = self.left.spans(doc)
        if not lefts:
            return []
        rights = self.right.spans(doc)
        found: set[Span] = set()
        for l_start, l_end in lefts:
            for r_start, r_end in rights:
                if r_start > l_end:
                    gap = r_start - l_end - 1
                elif l_start > r_end and not self.ordered:
                    gap = l_start - r_end - 1
                else:
                    continue
                if gap <= self.distance:
                    found.add((min(l_start, r_start), max(l_end, r_end)))
        return sorted(found)

    def matches(self, doc: QueryDoc) -> bool:
        return bool(self.spans(doc))

    def __str__(self) -> str:
        suffix = "f" if self.ordered else ""
        return f"({self.left} NEAR/{self.distance}{suffix} {self.right})"


class AnyOf:
    """OR: at least one operand matches; positional when all its operands are."""

    __slots__ = ("operands",)

    def __init__(self, operands: tuple[Node, ...]) -> None:
        self.operands = operands

    def matches(self, doc: QueryDoc) -> bool:
        return any(operand.matches(doc) for operand in self.operands)

    def spans(self, doc: QueryDoc) -> list[Span]:
        found: set[Span] = set()
        for operand in self.operands:
            found.update(operand.spans(doc))  # type: ignore[attr-defined]
        return sorted(found)

    def __str__(self) -> str:
        return "(" + " OR ".join(str(o) for o in self.operands) + ")"


class AllOf:
    """AND: every operand matches."""

    __slots__ = ("operands",)

    def __init__(self, operands: tuple[Node, ...]) -> None:
        self.operands = operands

    def matches(self, doc: QueryDoc) -> bool:
        return all(operand.matches(doc) for operand in self.operands)

    def __str__(self) -> str:
        return "(" + " AND ".join(str(o) for o in self.operands) + ")"


class Not:
    """NOT: the operand does not match."""

    __slots__ = ("operand",)

    def __init__(self, operand: Node) -> None:
        self.operand = operand

    def matches(self, doc: QueryDoc) -> bool:
        return not self.operand.matches(doc)

    def __str__(self) -> str:
        return f"NOT {self.operand}"


def _is_positional(node: Node) -> bool:
    if isinstance(node, AnyOf):
        return all(_is_positional(o) for o in node.operands)
    return isinstance(node, (Term, Phrase, Prefix, Near))


# --- compiler ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A compiled watch query; ``str()`` shows how it was understood, fully parenthesised."""

    text: str
    root: Node

    def matches(self, doc: QueryDoc) -> bool:
        return self.root.matches(doc)

    def __str__(self) -> str:
        return str(self.root)


class _Compiler:
    def __init__(self, text: str, lemmatize: Lemmatize, locations: Collection[str] | None) -> None:
        self.text = text
        self.lemmatize = lemmatize
        self.locations = locations

    def error(self, column: int, reason: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.text, column, reason)

    def compile(self, node: Syntax) -> Node:
        if isinstance(node, WordSyntax):
            return self.word(node.text, node.column)
        if isinstance(node, PhraseSyntax):
            return self.phrase(node)
        if isinstance(node, PrefixSyntax):
            return self.prefix(node)
        if isinstance(node, LocationSyntax):
            return self.location(node)
        if isinstance(node, GroupSyntax):
            return self.compile(node.inner)
        if isinstance(node, NotSyntax):
            return Not(self.compile(node.operand))
        if isinstance(node, AndSyntax):
            return AllOf(tuple(self.compile(o) for o in node.operands))
        if isinstance(node, OrSyntax):
            return AnyOf(tuple(self.compile(o) for o in node.operands))
        if isinstance(node, NearSyntax):
            return self.near(node)
        raise AssertionError(f"unknown syntax node {node!r}")  # pragma: no cover

    def term(self, word: str) -> Term:
        surface = _fold(word)
        return Term(_fold(self.lemmatize(surface)) or surface, surface)

    def word(self, text: str, column: int) -> Node:
        valid = _VALID_WORD.match(text)
        if valid is None or valid.end() != len(text):
            bad = valid.end() if valid is not None else 0
            raise self.error(column + bad, f"{text!r} is not a word: use letters, digits and inner hyphens")
        parts = _WORD_PART.findall(text)
        if len(parts) == 1:
            return self.term(text)
        # «северо-восток»: messages are tokenized on hyphens, so match the parts in a row
        return AnyOf((Phrase(tuple(self.term(p) for p in parts)), self.term(text)))

    def phrase(self, node: PhraseSyntax) -> Node:
        star = node.text.find("*")
        if star >= 0:
            raise self.error(node.column + 1 + star, "'*' is not allowed inside a phrase")
        words = _WORD_PART.findall(node.text)
        if not words:
            raise self.error(node.column, "empty phrase")
        if len(words) == 1:
            return self.term(words[0])
        return Phrase(tuple(self.term(w) for w in words))

    def prefix(self, node: PrefixSyntax) -> Node:
        prefix = _fold(node.prefix)
        if not prefix:
            raise self.error(node.column, "'*' needs letters before it, e.g. отоплен*")
        if _VALID_WORD.fullmatch(prefix) is None:
            raise self.error(node.column, f"{node.prefix + '*'!r} is not a word prefix")
        if sum(ch.isalpha() or ch.isdigit() for ch in prefix) < MIN_PREFIX_LETTERS:
            raise self.error(
                node.column, f"prefix {node.prefix + '*'!r} is too short: use at least {MIN_PREFIX_LETTERS} letters"
            )
        return Prefix(prefix)

    def location(self, node: LocationSyntax) -> Node:
        code = node.code
        if not code:
            raise self.error(node.code_column, "location: needs a code, e.g. location:district")
        if _LOCATION_CODE.fullmatch(code) is None:
            raise self.error(node.code_column, f"{code!r} is not a location code (lower-case latin, e.g. district)")
        if self.locations is not None and code not in self.locations:
            known = ", ".join(sorted(self.locations))
            raise self.error(node.code_column, f"unknown location {code!r}; known: {known}")
        return Location(code)

    def near(self, node: NearSyntax) -> Node:
        sides = []
        for side in (node.left, node.right):
            compiled = self.compile(side)
            if not _is_positional(compiled):
                raise self.error(
                    side.column, "NEAR joins words, prefixes, phrases or an OR-group of them, not conditions"
                )
            sides.append(compiled)
        left, right = sides
        return Near(left, right, node.distance, node.ordered)  # type: ignore[arg-type]


def compile_query(text: str, lemmatize: Lemmatize, *, locations: Collection[str] | None = None) -> Query:
    """Compile a watch query once; raise ``QuerySyntaxError`` (with ``.column``) if it is wrong.

    ``lemmatize`` must be the lemmatizer the messages were normalized with. With ``locations``
    (the known location codes) an unknown ``location:`` code is an error too.
    """
    return Query(text, _Compiler(text, lemmatize, locations).compile(parse_query(text)))


def validate_query(text: str, lemmatize: Lemmatize, *, locations: Collection[str] | None = None) -> None:
    """Raise ``QuerySyntaxError`` if ``text`` does not compile: for checking settings at start-up."""
    compile_query(text, lemmatize, locations=locations)
