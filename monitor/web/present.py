"""How values look on the pages: the glossary's words, local times, the time left in working time."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from jinja2 import Environment
from markupsafe import Markup, escape

from monitor.web.rule_words import rule_words
from monitor.workflow.render import ACTIONS
from monitor.workflow.states import BY_ACTION
from monitor.workflow.words import word

if TYPE_CHECKING:
    from monitor.web.app import WebDeps


def _span(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = ([f"{days} дн"] if days else []) + ([f"{hours} ч"] if hours else []) + [f"{mins} мин"]
    return " ".join(parts)


def time_left(deps: WebDeps, start: datetime, due: datetime | None, done: datetime | None = None
              ) -> tuple[str, str]:
    """(words, level) for a deadline: level ok, amber past 50 % of the working time, red past 80 % or overdue."""
    if due is None:
        return "—", "none"
    if done is not None:
        return ("выполнено с опозданием", "red") if done > due else ("выполнено в срок", "ok")
    now = deps.now()
    if now >= due:
        return f"просрочено на {_span(now - due)}", "red"
    calendar = deps.service().calendar
    try:
        total = calendar.working_between(start, due)
        left = calendar.working_between(now, due)
    except Exception:  # a calendar gap: say the wall-clock time left
        total, left = due - start, due - now
    used = 1 - (left / total) if total.total_seconds() > 0 else 1
    level = "red" if used > 0.8 else "amber" if used > 0.5 else "ok"
    return f"осталось {_span(left)} (рабочего времени)", level


def as_safe_url(url: str | None) -> str | None:
    """Only http(s) links become links: a ``javascript:`` address is shown as text."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


_URL = re.compile(r"https?://[^\s<>\"«»]+")


def linked(text: str | None) -> Markup:
    """Plain text (a notification's, written for email too) with its web addresses as links; the rest escaped."""
    text = text or ""
    out: list[str] = []
    last = 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(".,;:)")  # a sentence's full stop is not part of the address
        out += [escape(text[last:found.start()]), Markup('<a href="{0}">{0}</a>').format(url),
                escape(found.group(0)[len(url):])]
        last = found.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def register_filters(env: Environment, deps: WebDeps) -> None:
    def local(at: datetime | None) -> str:
        return at.astimezone(deps.tz).strftime("%d.%m.%Y %H:%M") if at else "—"

    def excerpt(text: str | None, size: int = 160) -> str:
        text = " ".join((text or "").split())
        return text if len(text) <= size else text[: size - 1] + "…"

    def action_label(action: str) -> str:
        """A history event in the words ``otklik card show`` uses (monitor.workflow.render)."""
        label = ACTIONS.get(action) or (BY_ACTION[action].label if action in BY_ACTION else action)
        return label[:1].upper() + label[1:]

    env.filters["local"] = local
    env.filters["excerpt"] = excerpt
    env.filters["word"] = lambda code, field, empty="—": word(field, code, empty)
    env.filters["action_label"] = action_label
    env.filters["safe_url"] = as_safe_url
    env.filters["rule_words"] = rule_words
    env.filters["linked"] = linked
    env.globals["time_left"] = lambda start, due, done=None: time_left(deps, start, due, done)
