"""Every figure of the November report against a hand count of the seeded month (seed.py).

Stage by stage (due → done, working time on Kamchatka):
A: route 10:30→10:20, draft 15:00→11:00, review 12:00→11:30, publish 12:30→12:00, reply Tue 10:00→Mon 12:00.
B: route 10:30→11:00 (+30), draft 15:00→16:00 (+60), review 17:00→17:30 (+30), rework 09:30→09:30,
   review 10:30→09:45, publish 10:45→11:00 (+15), reply 10:00→11:00 (+60).
C: route 10:30→10:10, settlement's draft 15:00→10:30 (returned), return 10:40→10:30, route 11:00→10:50,
   draft 15:00→11:30, review 12:30→12:00, publish 13:00→12:30, reply Fri 10:00→Thu 12:30,
   final Mon 23 Nov 18:00→Mon 16 Nov 11:00, review 11:00→10:30, publish 11:30→11:00.
D: route 10:30→10:05; draft Fri 15:00 and reply Mon 10:00 still open on Tue 1 Dec 09:00:
   3 h + 5 weeks' days... = 91 h (5460 min) and 87 h (5220 min) late.
E: route 10:30→10:20, reply Tue 10:00→Mon 10:20 (dismissed).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from monitor.reports.monthly import kpi_report, monthly_report
from monitor.reports.period import parse_month, parse_period

from ..workflow.helpers import Desk, at
from .seed import AS_OF, Month

KAM = ZoneInfo("Asia/Kamchatka")
GKH = "Управление ЖКХ, ТЭК, транспорта, связи и строительства"
SP = "Администрация Соболевского сельского поселения"
EXEC = "Исполнитель ЖКХ (демо)"
CURATOR = "Куратор (демо)"


@pytest.fixture
def report(desk: Desk, november: Month):  # type: ignore[no-untyped-def]
    with desk.sessions() as s:
        return monthly_report(s, desk.settings, desk.calendar, parse_month("2026-11", KAM), at(*AS_OF))


def _figures(stats) -> tuple:  # type: ignore[no-untyped-def]
    return stats.count, stats.on_time, stats.late, stats.median_late, stats.p90_late


def test_timeliness_per_stage(report) -> None:  # type: ignore[no-untyped-def]
    """Each stage of pp. 8-17: count, on time, late, median and p90 lateness in working minutes."""
    t = report.timeliness.by_stage
    assert _figures(t["route"]) == (6, 5, 1, 30.0, 30.0)
    assert _figures(t["return"]) == (1, 1, 0, None, None)
    assert _figures(t["draft"]) == (5, 3, 2, 2760.0, 5460.0)
    assert _figures(t["review"]) == (5, 4, 1, 30.0, 30.0)
    assert _figures(t["rework"]) == (1, 1, 0, None, None)
    assert _figures(t["publish"]) == (4, 3, 1, 15.0, 15.0)
    assert _figures(t["reply"]) == (5, 3, 2, 2640.0, 5220.0)
    assert _figures(t["final"]) == (1, 1, 0, None, None)
    assert "contribution" not in t
    assert report.timeliness.total.count == 28 and report.timeliness.total.late == 7
    assert t["route"].share_on_time == pytest.approx(5 / 6)


def test_timeliness_per_unit_and_executor(report) -> None:  # type: ignore[no-untyped-def]
    """Curator stages are the curator's; the reply deadline the routed unit's; an unrouted card's «Не направлено»."""
    units = report.timeliness.by_unit
    assert set(units) == {"Куратор", GKH, SP, "Не направлено"}
    assert {s: (v.count, v.on_time) for s, v in units["Куратор"].items()} == {"route": (6, 5), "review": (5, 4)}
    assert {s: (v.count, v.on_time) for s, v in units[GKH].items()} == {
        "draft": (4, 2), "rework": (1, 1), "publish": (4, 3), "reply": (4, 2), "final": (1, 1)}
    assert {s: (v.count, v.on_time) for s, v in units[SP].items()} == {"draft": (1, 1), "return": (1, 1)}
    assert {s: (v.count, v.on_time) for s, v in units["Не направлено"].items()} == {"reply": (1, 1)}
    people = report.timeliness.by_executor
    assert set(people) == {(CURATOR, "Куратор"), (EXEC, GKH), ("Исполнитель Соболевского СП (демо)", SP),
                           ("Не определён", "Не направлено")}
    assert people[(EXEC, GKH)]["reply"].lateness == [60.0, 5220.0]


def test_quality(report, november: Month) -> None:  # type: ignore[no-untyped-def]
    q = report.quality
    assert (q.first_drafts, q.first_time_approved) == (3, 2)  # A and C approved at once, B reworked
    assert [(r.card_id, r.text) for r in q.reworks] == [(november.b, "Уточните сроки")]
    assert [(r.card_id, r.unit, r.text) for r in q.returns] == [(november.c, SP, "Не наша компетенция")]
    assert [(i.card_id, i.status) for i in q.interims] == [(november.c, "on_time")]
    assert [(m.card_id, m.who) for m in q.manual] == [(november.b, EXEC)]
    assert (q.period_cards, q.repeats) == (5, [november.d])
    assert q.repeat_share == pytest.approx(0.2)


def test_dynamics(report) -> None:  # type: ignore[no-untyped-def]
    dyn = report.dynamics
    assert dyn.totals("messages") == (7, 2, 1)
    assert dyn.totals("cards") == (5, 1, 1)
    per_day = {d.day: (m, c) for d, m, c in dyn.per_day}
    assert len(dyn.per_day) == 30
    assert per_day[9] == (3, 1) and per_day[16] == (1, 1) and per_day[1] == (0, 0)
    assert dyn.compare("cards", "topic")[0] == ("roads", 2, 1, 0)
    assert ("heating", 1, 0, 1) in dyn.compare("cards", "topic")
    assert ("vk", 5, 1, 1) in dyn.compare("cards", "network")
    assert ("ustyevoye", 2, 0, 1) in dyn.compare("messages", "location")


def test_a_month_under_way_lists_its_days_up_to_the_report(desk: Desk, november: Month) -> None:
    with desk.sessions() as s:
        made = monthly_report(s, desk.settings, desk.calendar, parse_month("2026-11", KAM), at("2026-11-16", "12:00"))
    days = [d.day for d, _, _ in made.dynamics.per_day]
    assert days == list(range(1, 17))  # the days to come are not shown as days without messages


def test_kpi(report) -> None:  # type: ignore[no-untyped-def]
    """Cards handled, breaches attributed by the watch, the median working time to the first reply."""
    people = {r.name: r for r in report.kpi.officials}
    assert people[CURATOR].cards == 5 and people[CURATOR].breaches == 2
    assert people[EXEC].cards == 3 and people[EXEC].breaches == 5
    assert people["Исполнитель Соболевского СП (демо)"].cards == 1
    assert sorted(people[EXEC].reply_minutes) == [120.0, 150.0, 540.0] and people[EXEC].median_reply == 150.0
    units = {r.name: r for r in report.kpi.units}
    assert units[GKH].cards == 4 and units[SP].cards == 1
    assert units[GKH].breaches == 5 and units["Куратор"].breaches == 2
    assert report.kpi.median_reply == 150.0
    assert units[GKH].stages["draft"].share_on_time == 0.5


def test_note(report, november: Month) -> None:  # type: ignore[no-untyped-def]
    """Ranked by importance, then reactions; the dismissed card is listed, outcomes shown."""
    note = report.note
    assert [t.card.id for t in note.top] == [november.d, november.b, november.a, november.c, november.e]
    assert [t.message.reactions for t in note.top] == [0, 3, 47, 11, 0]
    top_a = note.top[2]
    assert top_a.repeats == 1 and not top_a.surge
    assert (note.cards, note.resolved) == (4, 2) and note.resolved_share == 0.5
    assert [topic for topic, _ in note.by_topic()] == ["roads", "heating", "waste", "other"]
    assert report.texts[november.messages["d"]][0] == "Опять яма"


def test_kpi_any_period(desk: Desk, november: Month) -> None:
    """The p. 22 figures for 9-10 November only: A's and B's stages due in those days."""
    with desk.sessions() as s:
        r = kpi_report(s, desk.settings, desk.calendar, parse_period("2026-11-09", "2026-11-10", KAM), at(*AS_OF))
    t = r.timeliness.by_stage
    assert (t["route"].count, t["route"].late) == (2, 1)
    assert (t["draft"].count, t["draft"].late) == (2, 1)
    assert "reply" in t and t["reply"].count == 1  # A's (due Tue 10 at 10:00); B's is due on the 11th
    assert r.kpi.median_reply == 120.0  # only A's first reply was published on those days
