"""Spike detection (p. 25): an unusual rise of messages on one topic in one place, at once.

The rule, per (topic, location), over hourly counts whose last entry is the current hour:

* **baseline** λ = the mean hourly count over the previous ``baseline_hours`` (default 168,
  seven days; fewer when the history is shorter), excluding the current hour, and never below
  ``baseline_floor`` (default 0.2/h), so a pair that is usually silent still needs several
  messages to be unusual;
* **flag** when the current hour's count n ≥ ``min_count`` (default 5) **and** the Poisson
  upper tail p = P(X ≥ n | λ) < ``p_threshold`` (default 0.001).

The minimum count keeps three messages about a rarely discussed topic from paging the head of
the district; the Poisson tail keeps a busy topic (heating in January, 6/h as usual) quiet until
it is busy beyond its own habit. The tail is summed exactly (pmf terms built in log space with
``math.lgamma``), so p-values far below 1e-10 stay accurate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "AREA_NAMES_RU",
    "BASELINE_FLOOR",
    "BASELINE_HOURS",
    "TOPIC_NAMES_RU",
    "Spike",
    "detect_spikes",
    "hourly_counts",
    "poisson_tail",
]

BASELINE_HOURS = 7 * 24
BASELINE_FLOOR = 0.2

TOPIC_NAMES_RU: dict[str, str] = {
    "roads": "дороги",
    "transport": "транспорт",
    "housing": "жильё",
    "heating": "отопление",
    "water": "вода",
    "power": "электричество",
    "waste": "мусор",
    "improvement": "благоустройство",
    "animals": "животные",
    "health": "здравоохранение",
    "education": "образование",
    "social": "социальная поддержка",
    "safety": "безопасность",
    "culture_sport": "культура и спорт",
    "economy": "торговля и экономика",
    "communications": "связь",
    "administration": "работа администрации",
    "other": "прочее",
}

#: the locations that are not a settlement; a settlement's name is the gazetteer's (rules/)
AREA_NAMES_RU: dict[str, str] = {
    "district": "весь район",
    "outside": "за пределами района",
    "unknown": "место не указано",
}


def poisson_tail(count: int, mean: float) -> float:
    """P(X ≥ count) for X ~ Poisson(mean), summed directly so tiny tails keep their precision."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    log_pmf = count * math.log(mean) - mean - math.lgamma(count + 1)
    if count > mean:
        # terms fall from pmf(count) on: sum them until they no longer change the total
        term, total, i = 1.0, 1.0, count
        while term > 1e-17 * total:
            i += 1
            term *= mean / i
            total += term
        return min(1.0, math.exp(log_pmf) * total)
    # the tail is at least about a half here: 1 - P(X ≤ count - 1) is accurate
    term = math.exp(log_pmf - math.log(mean) + math.log(count))  # pmf(count - 1)
    lower = 0.0
    for i in range(count - 1, -1, -1):
        lower += term
        term *= i / mean
    return max(0.0, 1.0 - lower)


def _plural_messages(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "сообщение"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "сообщения"
    return "сообщений"


def _ru_number(x: float) -> str:
    """A rate as a Russian reader writes it: «0,4», «2,5», «12»."""
    if x >= 10:
        text = f"{x:.0f}"
    elif x >= 1:
        text = f"{x:.1f}"
    else:
        text = f"{x:.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True, slots=True)
class Spike:
    """A flagged (topic, location) with the figures that triggered it."""

    topic: str
    location: str
    count: int
    baseline: float
    p_value: float
    rule: str

    def describe(
        self,
        topic_names: Mapping[str, str] = TOPIC_NAMES_RU,
        location_names: Mapping[str, str] = AREA_NAMES_RU,
    ) -> str:
        """One Russian line for the head of the district (p. 25); ``location_names`` should name
        the district's settlements too (their names are in the gazetteer, not here)."""
        topic = topic_names.get(self.topic, self.topic)
        location = location_names.get(self.location, self.location)
        return (
            f"Всплеск: {topic}, {location} — {self.count} {_plural_messages(self.count)} за час "
            f"при обычных {_ru_number(self.baseline)}/ч"
        )


def _baseline(history: Sequence[int], hours: int, floor: float) -> float:
    window = history[-hours:] if hours > 0 else history[:0]
    mean = sum(window) / len(window) if window else 0.0
    return max(mean, floor)


def detect_spikes(
    counts: Mapping[tuple[str, str], Sequence[int]],
    *,
    min_count: int = 5,
    p_threshold: float = 1e-3,
    baseline_hours: int = BASELINE_HOURS,
    baseline_floor: float = BASELINE_FLOOR,
) -> list[Spike]:
    """Flag the (topic, location) pairs whose current hour is unusual; see the module docstring.

    ``counts`` maps (topic, location) to hourly counts, oldest first, the last being the current
    hour. The result is sorted by p-value, the most unusual first.
    """
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, got {min_count}")
    if not 0 < p_threshold < 1:
        raise ValueError(f"p_threshold must be between 0 and 1, got {p_threshold}")
    if baseline_floor <= 0:
        raise ValueError(f"baseline_floor must be positive, got {baseline_floor}")
    spikes: list[Spike] = []
    for (topic, location), series in counts.items():
        if not series:
            continue
        count = series[-1]
        if count < min_count:
            continue
        baseline = _baseline(series[:-1], baseline_hours, baseline_floor)
        p_value = poisson_tail(count, baseline)
        if p_value >= p_threshold:
            continue
        rule = (
            f"count {count} >= {min_count} and P(X >= {count} | Poisson({baseline:.3g}/h)) = "
            f"{p_value:.2g} < {p_threshold:g}; baseline = mean of {min(len(series) - 1, baseline_hours)} "
            f"previous hours, floor {baseline_floor:g}/h"
        )
        spikes.append(Spike(topic, location, count, baseline, p_value, rule))
    spikes.sort(key=lambda s: (s.p_value, -s.count, s.topic, s.location))
    return spikes


def hourly_counts(
    rows: Iterable[tuple[datetime, str, str]],
    *,
    now: datetime,
    hours: int = BASELINE_HOURS + 1,
) -> dict[tuple[str, str], list[int]]:
    """Count (timestamp, topic, location) rows into ``hours`` hourly buckets ending at ``now``.

    Buckets are rolling hours, not clock hours: the last one is (now - 1h, now], so a surge at
    10:05 is seen at 10:05, not after 11:00. Rows older than the window or later than ``now`` are
    ignored. Timestamps and ``now`` must agree on having a timezone (compare aware with aware).
    """
    if hours < 1:
        raise ValueError(f"hours must be at least 1, got {hours}")
    start = now - timedelta(hours=hours)
    result: dict[tuple[str, str], list[int]] = {}
    hour = timedelta(hours=1)
    for at, topic, location in rows:
        if at <= start or at > now:
            continue
        # index 0 is the oldest bucket (start, start+1h]; ceil so a row exactly on a boundary
        # belongs to the hour it closes
        index = math.ceil((at - start) / hour) - 1
        series = result.get((topic, location))
        if series is None:
            series = result[(topic, location)] = [0] * hours
        series[index] += 1
    return result
