"""The deadline policy: the regulation's durations from settings, as Spans.

Pure data: which span applies to a card (official source, importance, the curator's shortening)
is decided here; instants are computed in deadlines.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from monitor.core.sections.workflow import DeadlinesConfig, Span, parse_span
from monitor.core.settings import Settings


def span_minutes(span: Span) -> int:
    """A rough size for comparing spans of one kind (a day counted as 24 h)."""
    return span.days * 24 * 60 + span.minutes


@dataclass(frozen=True)
class DeadlinePolicy:
    route: Span = Span(minutes=30)
    return_: Span = Span(minutes=30)
    reply: Span = Span(minutes=8 * 60)
    reply_official: Span = Span(minutes=4 * 60)
    draft_before_reply: Span = Span(minutes=4 * 60)
    review: Span = Span(minutes=60)
    rework: Span = Span(minutes=60)
    publish: Span = Span(minutes=60)
    contribution: Span = Span(minutes=2 * 60)
    final_after_interim: Span = Span(days=7)
    replace_executor: Span = Span(days=3, working=False)
    shorten_by_importance: Mapping[str, Span] = field(default_factory=dict)

    @classmethod
    def from_config(cls, cfg: DeadlinesConfig) -> DeadlinePolicy:
        return cls(
            route=cfg.route.span, return_=cfg.return_.span, reply=cfg.reply.span,
            reply_official=cfg.reply_official.span, draft_before_reply=cfg.draft_before_reply.span,
            review=cfg.review.span, rework=cfg.rework.span, publish=cfg.publish.span,
            contribution=cfg.contribution.span, final_after_interim=cfg.final_after_interim.span,
            replace_executor=cfg.replace_executor.span,
            shorten_by_importance={
                k: parse_span(v, cfg.reply.working) for k, v in cfg.shorten_by_importance.items()
            },
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> DeadlinePolicy:
        return cls.from_config(settings.deadlines)

    def default_reply_span(self, *, official: bool, importance: str | None) -> Span:
        """The reply budget before any per-card decision: official 4 h, else 8 h, else shorter by importance."""
        base = self.reply_official if official else self.reply
        short = self.shorten_by_importance.get(importance or "")
        if short is not None and span_minutes(short) < span_minutes(base):
            return Span(minutes=short.minutes, days=short.days, working=base.working)
        return base

    def shortenings(self, *, importance: str | None, minutes_set: int | None, base: Span) -> list[Span]:
        """The shortenings that may apply to a card, on the base span's time (the caller keeps the earliest)."""
        spans = []
        short = self.shorten_by_importance.get(importance or "")
        if short is not None:
            spans.append(Span(minutes=short.minutes, days=short.days, working=base.working))
        if minutes_set and minutes_set > 0:
            spans.append(Span(minutes=minutes_set, working=base.working))
        return spans

    def reply_span(self, *, official: bool, importance: str | None, minutes_set: int | None) -> Span:
        """The reply budget in force: the curator's shortening (pp. 8, 16) wins when shorter."""
        base = self.default_reply_span(official=official, importance=importance)
        if minutes_set and minutes_set < span_minutes(base):
            return Span(minutes=minutes_set, working=base.working)
        return base
