"""PNG charts for the documents (matplotlib, Agg backend: no display, safe in a worker thread).

Each function returns PNG bytes; figures are built with ``matplotlib.figure.Figure`` directly,
never through pyplot's global state.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from monitor.reports import labels
from monitor.reports.dynamics import Dynamics
from monitor.reports.timeliness import Timeliness, sort_stages

DPI = 96  # modest: the charts are a page wide in the DOCX and on the XLSX cover


def _counts_axis(ax: object) -> None:
    """Counts start at zero and step by whole numbers, also for an empty month."""
    ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1))  # type: ignore[attr-defined]
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # type: ignore[attr-defined]


def _figure(width: float, height: float) -> Figure:
    """A figure laid out tightly when drawn: one draw (``bbox_inches="tight"`` would draw twice)."""
    return Figure(figsize=(width, height), layout="tight")


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def per_day(dyn: Dynamics) -> bytes:
    """Messages and cards per day of the period."""
    fig = _figure(7.5, 3.0)
    ax = fig.add_subplot()
    days = [d.day for d, _, _ in dyn.per_day]
    ax.bar(days, [m for _, m, _ in dyn.per_day], color="#9db9d8", label="Сообщения")
    ax.plot(days, [c for _, _, c in dyn.per_day], color="#1f4e79", marker="o", markersize=3, label="Карточки")
    ax.set_xlabel("День месяца")
    ax.set_ylabel("Количество")
    ax.set_title("Сообщения и карточки по дням")
    _counts_axis(ax)
    ax.legend(loc="upper right", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def on_time(t: Timeliness) -> bytes:
    """The share of stages on time, per stage."""
    fig = _figure(7.5, 3.2)
    ax = fig.add_subplot()
    stages = [s for s in sort_stages(t.by_stage) if t.by_stage[s].count]
    shares = [100 * (t.by_stage[s].share_on_time or 0) for s in stages]
    names = [labels.stage(s).split(" (")[0] for s in stages]
    bars = ax.barh(names or ["нет этапов"], shares or [0], color="#4e8f4e")
    ax.bar_label(bars, labels=[f"{v:.0f} %" for v in shares] if shares else [""], fontsize=8, padding=2)
    ax.set_xlim(0, 110)
    ax.invert_yaxis()
    ax.set_xlabel("Доля этапов, выполненных в срок, %")
    ax.set_title("Своевременность по этапам")
    return _png(fig)


def topics(dyn: Dynamics, current: str, previous: str, year_ago: str, limit: int = 8) -> bytes:
    """Cards per topic: this month, the previous one, the same month a year earlier."""
    rows = dyn.compare("cards", "topic")[:limit]
    fig = _figure(7.5, 3.4)
    ax = fig.add_subplot()
    names = [labels.topic(code) for code, *_ in rows] or ["нет карточек"]
    x = range(len(names))
    width = 0.27
    for i, (title, color) in enumerate(((current, "#1f4e79"), (previous, "#7fa7d1"), (year_ago, "#c9c9c9"))):
        values = [r[1 + i] for r in rows] or [0]
        ax.bar([p + (i - 1) * width for p in x], values, width, label=title, color=color)
    ax.set_xticks(list(x), names, rotation=25, ha="right", fontsize=8)
    ax.set_ylabel("Карточки")
    ax.set_title("Карточки по темам")
    _counts_axis(ax)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)
