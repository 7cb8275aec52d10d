"""Lexer and parser for watch queries: text in, a syntax tree with columns out.

Kept apart from ``classifier.query`` so that syntax (what the administrator typed, and where it
is wrong) is separate from meaning (lemmas, positions). Every syntax node remembers the 1-based
column it starts at, so errors found later, while compiling, can still point at the text.

Grammar, loosest first (NEAR binds tightest: it joins words, not conditions)::

    query   := or EOF
    or      := and ( OR and )*                       OR, ИЛИ
    and     := unary ( [AND] unary )*                AND, И, or nothing between two terms
    unary   := ( NOT | '-' ) unary | near            NOT, НЕ, or '-' glued to the term
    near    := primary ( NEAR/n[f] primary )*
    primary := '(' or ')' | "phrase" | «phrase» | word | prefix* | location:code

Operators are recognised only in upper case, so the ordinary words «и», «не», «или» stay terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "LOCATION_PREFIX",
    "AndSyntax",
    "GroupSyntax",
    "LocationSyntax",
    "NearSyntax",
    "NotSyntax",
    "OrSyntax",
    "PhraseSyntax",
    "PrefixSyntax",
    "QuerySyntaxError",
    "Syntax",
    "WordSyntax",
    "parse_query",
]

LOCATION_PREFIX = "location:"

_AND = frozenset({"AND", "И"})
_OR = frozenset({"OR", "ИЛИ"})
_NOT = frozenset({"NOT", "НЕ"})
_NEAR = re.compile(r"NEAR/(\d+)(f?)")
_QUOTES = {'"': '"', "«": "»", "“": "”"}
_WORD_STOP = frozenset("()") | frozenset(_QUOTES) | frozenset(_QUOTES.values())


class QuerySyntaxError(ValueError):
    """A watch query that cannot be compiled; ``column`` (1-based) is where the problem is.

    ``message`` reads ``column 14: expected ')' ...``; ``str()`` adds the query itself with a
    caret under that column, which is what an administrator needs to fix a settings file.
    """

    def __init__(self, query: str, column: int, reason: str) -> None:
        self.query = query
        self.column = column
        self.reason = reason
        self.message = f"column {column}: {reason}"
        super().__init__(self.message)

    def __str__(self) -> str:
        shown = re.sub(r"\s", " ", self.query)
        return f"{self.message}\n  {shown}\n  {' ' * (self.column - 1)}^"


# --- syntax tree -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WordSyntax:
    """A bare word as typed (not yet lemmatized)."""

    text: str
    column: int


@dataclass(frozen=True, slots=True)
class PhraseSyntax:
    """The text between quotes; ``column`` is the opening quote's."""

    text: str
    column: int


@dataclass(frozen=True, slots=True)
class PrefixSyntax:
    """A word ending in ``*``: the text before the star."""

    prefix: str
    column: int


@dataclass(frozen=True, slots=True)
class LocationSyntax:
    """``location:code``; ``code_column`` is where the code starts."""

    code: str
    column: int
    code_column: int


@dataclass(frozen=True, slots=True)
class NotSyntax:
    operand: Syntax
    column: int


@dataclass(frozen=True, slots=True)
class AndSyntax:
    operands: tuple[Syntax, ...]
    column: int


@dataclass(frozen=True, slots=True)
class OrSyntax:
    operands: tuple[Syntax, ...]
    column: int


@dataclass(frozen=True, slots=True)
class NearSyntax:
    """``left NEAR/distance right``; ``ordered`` (``NEAR/3f``) means left must come first."""

    left: Syntax
    right: Syntax
    distance: int
    ordered: bool
    column: int


@dataclass(frozen=True, slots=True)
class GroupSyntax:
    """A parenthesised sub-query; kept so errors can point at its '('."""

    inner: Syntax
    column: int


Syntax = (
    WordSyntax | PhraseSyntax | PrefixSyntax | LocationSyntax | NotSyntax | AndSyntax | OrSyntax | NearSyntax
    | GroupSyntax
)


# --- lexer -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(" ")" PHRASE WORD AND OR NOT MINUS NEAR EOF
    text: str
    column: int
    distance: int = 0
    ordered: bool = False


def _lex(query: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        column = i + 1
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch, ch, column))
            i += 1
        elif ch in _QUOTES:
            close = query.find(_QUOTES[ch], i + 1)
            if close < 0:
                raise QuerySyntaxError(query, column, f"phrase opened with {ch!r} is never closed")
            tokens.append(_Token("PHRASE", query[i + 1 : close], column))
            i = close + 1
        elif ch in _WORD_STOP:
            raise QuerySyntaxError(query, column, f"unexpected {ch!r} outside a phrase")
        elif ch == "-" and i + 1 < n and not query[i + 1].isspace() and query[i + 1] != ")":
            tokens.append(_Token("MINUS", "-", column))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in _WORD_STOP:
                j += 1
            tokens.append(_word_token(query, query[i:j], column))
            i = j
    tokens.append(_Token("EOF", "", n + 1))
    return tokens


def _word_token(query: str, word: str, column: int) -> _Token:
    if word in _AND:
        return _Token("AND", word, column)
    if word in _OR:
        return _Token("OR", word, column)
    if word in _NOT:
        return _Token("NOT", word, column)
    if word.startswith("NEAR"):
        near = _NEAR.fullmatch(word)
        if near is None:
            raise QuerySyntaxError(query, column, f"{word!r}: write the distance in words, e.g. NEAR/3")
        distance = int(near.group(1))
        if distance > 50:
            raise QuerySyntaxError(query, column + 5, f"NEAR distance {distance} is too large (at most 50)")
        return _Token("NEAR", word, column, distance=distance, ordered=bool(near.group(2)))
    if word == "-":
        raise QuerySyntaxError(query, column, "'-' must be glued to the term it excludes, e.g. -спам")
    return _Token("WORD", word, column)


# --- parser ------------------------------------------------------------------------------------

_OPERAND_START = frozenset({"(", "PHRASE", "WORD", "NOT", "MINUS"})


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _lex(query)
        self.pos = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.pos]

    def advance(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def error(self, column: int, reason: str) -> QuerySyntaxError:
        return QuerySyntaxError(self.query, column, reason)

    def parse(self) -> Syntax:
        if self.tok.kind == "EOF":
            raise self.error(1, "the query is empty")
        tree = self.parse_or()
        if self.tok.kind == ")":
            raise self.error(self.tok.column, "unexpected ')' with no '(' to close")
        if self.tok.kind != "EOF":  # pragma: no cover - every other token continues an expression
            raise self.error(self.tok.column, f"unexpected {self.tok.text!r}")
        return tree

    def parse_or(self) -> Syntax:
        operands = [self.parse_and()]
        while self.tok.kind == "OR":
            op = self.advance()
            operands.append(self.parse_operand_after(op, self.parse_and))
        return operands[0] if len(operands) == 1 else OrSyntax(tuple(operands), _column(operands[0]))

    def parse_and(self) -> Syntax:
        operands = [self.parse_unary()]
        while True:
            if self.tok.kind == "AND":
                op = self.advance()
                operands.append(self.parse_operand_after(op, self.parse_unary))
            elif self.tok.kind in _OPERAND_START:
                operands.append(self.parse_unary())
            else:
                break
        return operands[0] if len(operands) == 1 else AndSyntax(tuple(operands), _column(operands[0]))

    def parse_unary(self) -> Syntax:
        if self.tok.kind in ("NOT", "MINUS"):
            op = self.advance()
            return NotSyntax(self.parse_operand_after(op, self.parse_unary), op.column)
        return self.parse_near()

    def parse_near(self) -> Syntax:
        left = self.parse_primary()
        while self.tok.kind == "NEAR":
            op = self.advance()
            if self.tok.kind in ("NOT", "MINUS"):
                raise self.error(self.tok.column,
                                 f"{op.text} needs a word, phrase or group on its right, not a negation")
            right = self.parse_operand_after(op, self.parse_primary)
            left = NearSyntax(left, right, op.distance, op.ordered, op.column)
        return left

    def parse_operand_after(self, op: _Token, parse: Callable[[], Syntax]) -> Syntax:
        if self.tok.kind not in _OPERAND_START:
            found = "the end of the query" if self.tok.kind == "EOF" else repr(self.tok.text)
            raise self.error(self.tok.column, f"expected a term after {op.text!r}, found {found}")
        return parse()

    def parse_primary(self) -> Syntax:
        tok = self.tok
        if tok.kind == "(":
            self.advance()
            if self.tok.kind == ")":
                raise self.error(self.tok.column, "empty parentheses")
            inner = self.parse_or()
            if self.tok.kind != ")":
                found = "the end of the query" if self.tok.kind == "EOF" else repr(self.tok.text)
                raise self.error(
                    self.tok.column, f"expected ')' to close '(' at column {tok.column}, found {found}"
                )
            self.advance()
            return GroupSyntax(inner, tok.column)
        if tok.kind == "PHRASE":
            self.advance()
            return PhraseSyntax(tok.text, tok.column)
        if tok.kind == "WORD":
            self.advance()
            return self.word(tok)
        if tok.kind == ")":
            raise self.error(tok.column, "unexpected ')' with no '(' to close")
        if tok.kind == "EOF":
            raise self.error(tok.column, "expected a term, found the end of the query")
        raise self.error(tok.column, f"{tok.text!r} needs a term on its left")

    def word(self, tok: _Token) -> Syntax:
        text = tok.text
        if text.lower().startswith(LOCATION_PREFIX):
            code_column = tok.column + len(LOCATION_PREFIX)
            return LocationSyntax(text[len(LOCATION_PREFIX) :], tok.column, code_column)
        if "*" in text:
            star = text.index("*")
            if star != len(text) - 1:
                raise self.error(tok.column + star, f"{text!r}: '*' is allowed only at the end of a word")
            return PrefixSyntax(text[:-1], tok.column)
        return WordSyntax(text, tok.column)


def _column(node: Syntax) -> int:
    return node.column


def parse_query(query: str) -> Syntax:
    """Parse ``query`` into a syntax tree, or raise ``QuerySyntaxError`` pointing at the column."""
    return _Parser(query).parse()
