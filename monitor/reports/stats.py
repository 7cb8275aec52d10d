"""Small statistics shared by the figures: shares, the median and the 90th percentile."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def share(part: int, whole: int) -> float | None:
    """``part / whole`` as a fraction, None when there is nothing to divide."""
    return part / whole if whole else None


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None when empty."""
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the smallest value with at least ``p`` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered)))
    return float(ordered[rank - 1])


def percent(value: float | None) -> str:
    """0.875 → «87,5 %»; None → «—»."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + " %"


def minutes_text(value: float | None) -> str:
    """Working minutes as an official reads them: «1 ч 05 мин», «40 мин»; None → «—»."""
    if value is None:
        return "—"
    total = round(value)
    hours, minutes = divmod(total, 60)
    return f"{hours} ч {minutes:02d} мин" if hours else f"{minutes} мин"


def change(now: int, before: int) -> float | None:
    """Relative change from ``before`` to ``now`` (0.25 = +25 %), None when ``before`` is 0."""
    return (now - before) / before if before else None


def change_text(now: int, before: int) -> str:
    value = change(now, before)
    if value is None:
        return "—" if now == 0 else "новое"
    sign = "+" if value > 0 else ""
    return f"{sign}{value * 100:.0f} %"


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 сообщение», «3 сообщения», «5 сообщений»: the number with its Russian noun form."""
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"
