"""A drafted reply made fit for VK: no markup, the author addressed by name, within the limit.

Drafts are written in an editor that may leave HTML or Markdown; VK shows both literally. The
regulation wants a polite, personal answer, so a reply whose opening sentence does not already
name the author gets «Имя, здравствуйте!» in front. Nothing here depends on VK but the limit.
The workflow fits a draft when it is submitted, so the curator approves the text as posted.
"""

from __future__ import annotations

import re

from connectors.html_text import html_to_text, tidy_whitespace

__all__ = ["VK_COMMENT_LIMIT", "address_author", "cut_to_limit", "fit_reply_text", "strip_markup"]

VK_COMMENT_LIMIT = 16_384
ELLIPSIS = "…"

_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((\S+?)\)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_BULLET = re.compile(r"^(\s*)[*+-]\s+", re.M)
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.M)
_MD_FENCE = re.compile(r"^\s*```[^\n]*$", re.M)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
                          r"|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_MD_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MD_CODE = re.compile(r"`([^`\n]+)`")

_GREETING = re.compile(
    r"^(здравствуйте|добрый\s+(день|вечер)|доброе\s+утро|доброго\s+времени\s+суток|приветствуем)\b",
    re.I,
)
_OPENING_END = re.compile(r"[.!?…\n]")  # the greeting sentence ends at the first of these


def strip_markup(text: str) -> str:
    """Plain text from a draft that may contain HTML tags or Markdown emphasis, links, lists."""
    if _HTML_TAG.search(text):
        text = html_to_text(text)
    text = _MD_FENCE.sub("", text)
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = _MD_STRONG.sub(lambda m: m.group(2), text)
    text = _MD_STRIKE.sub(lambda m: m.group(1), text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _MD_CODE.sub(lambda m: m.group(1), text)
    return tidy_whitespace(text)


def _addressee(author_name: str | None) -> str | None:
    """How to address the author: the first name of a «Имя Фамилия», else the name as given."""
    if not author_name or not author_name.strip():
        return None
    words = author_name.split()
    if len(words) == 2 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return words[0]
    return " ".join(words)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold().replace("ё", "е"))


def _addresses(text: str, name: str) -> bool:
    """Whether the reply's opening sentence already names the addressee («Здравствуйте, Иван!»,
    «Уважаемая Марина, …», «Иван Петрович, добрый день»)."""
    opening = _OPENING_END.split(text.lstrip(), maxsplit=1)[0]
    wanted, words = _words(name), _words(opening)
    return bool(wanted) and any(words[i:i + len(wanted)] == wanted for i in range(len(words)))


def address_author(text: str, author_name: str | None) -> str:
    """«Имя, здравствуйте! …» unless the reply's opening already names the author (or there is none)."""
    name = _addressee(author_name)
    if not name:
        return text
    full = " ".join((author_name or "").split())
    if _addresses(text, name) or _addresses(text, full):
        return text
    body = text.lstrip()
    if _GREETING.match(body):
        return f"{name}, {body[:1].lower()}{body[1:]}"
    return f"{name}, здравствуйте! {body}"


def cut_to_limit(text: str, limit: int = VK_COMMENT_LIMIT) -> str:
    """The text as is if it fits; else cut at a sentence (or at least a word) end, with «…»."""
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    head = text[:room]
    sentence_end = max(head.rfind(mark) for mark in (". ", "! ", "? ", "…", ".\n", "!\n", "?\n", "\n\n"))
    if sentence_end >= room // 2:
        sentence = head[: sentence_end + 1].rstrip()
        return sentence if sentence.endswith(ELLIPSIS) else sentence + ELLIPSIS
    word_end = max(head.rfind(" "), head.rfind("\n"))
    if word_end >= room // 2:
        return head[:word_end].rstrip(" ,;:—-\n") + ELLIPSIS
    return head.rstrip() + ELLIPSIS


def fit_reply_text(text: str, author_name: str | None = None, limit: int = VK_COMMENT_LIMIT) -> str:
    """Markup stripped, author addressed, then cut to ``limit`` characters."""
    return cut_to_limit(address_author(strip_markup(text), author_name), limit)
