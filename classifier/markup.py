"""Text as its reader sees it: HTML entities decoded and tags removed.

Feeds, appeal portals and some API fields deliver HTML («<p>…&nbsp;</p>», «&quot;»). Left as is,
an entity's letters read as words and its «&» as a masked letter: «урна.&nbsp;» looked like a
disguised obscene word. Plain text (the common case) is returned untouched after two substring
tests.
"""

from __future__ import annotations

import html
import re

__all__ = ["plain_text"]

# a tag starts with a letter, «/» or «!» right after «<», so «<3» and «a < b» stay text
_TAG = re.compile(r"<(?:[a-zA-Z/!][^<>]*)>")


def plain_text(text: str) -> str:
    """``text`` with tags replaced by spaces and entities decoded (tags first: «&lt;b&gt;» stays text)."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text
