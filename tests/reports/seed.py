"""A month of cards with known stage times and outcomes, run through the workflow service.

November 2026 on Kamchatka (no holiday after the 4th). The figures these cards must give are
counted by hand in test_figures.py; the comments give each stage's due instant.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from db.models import Message
from monitor.watch import run_sla_watch, sla_policy

from ..workflow.helpers import Desk

AS_OF = ("2026-12-01", "09:00")  # the report is made on the first working day of December


@dataclass
class Month:
    a: int  # answered on time, resolved
    b: int  # late at several stages, reworked, published by hand, explained
    c: int  # returned by one unit, interim reply then the final one in time, resolved
    d: int  # critical repeat of A, routed and then left: draft and reply overdue
    e: int  # dismissed at once
    messages: dict[str, int]  # card letter -> its message id


def _set_reactions(desk: Desk, message_id: int, likes: int, comments: int, reposts: int) -> None:
    with desk.sessions() as s, s.begin():
        s.execute(update(Message).where(Message.id == message_id)
                  .values(likes=likes, comments=comments, reposts=reposts))


def seed_november(desk: Desk) -> Month:
    now = desk.now

    def step(day: str, hhmm: str, action: str, *args: object, **kwargs: object) -> None:
        now(day, hhmm)
        desk.do(action, *args, **kwargs)

    # Previous month and a year earlier, for the dynamics.
    now("2026-10-15", "10:00")
    desk.open(topic="roads")
    desk.message(topic="water", text="Нет воды")
    now("2025-11-20", "10:00")
    desk.open(topic="heating", location="ustyevoye")

    # A: Mon 9 Nov 10:00; route due 10:30, reply due Tue 10:00, draft due 15:00.
    now("2026-11-09", "10:00")
    a = desk.open(topic="roads", location="sobolevo", importance="normal")
    desk.message(topic="roads", text="Когда починят дорогу?")
    desk.message(topic="power", text="Нет света", location="ustyevoye")
    step("2026-11-09", "10:20", "route", a, ["gkh"], actor="curator")
    step("2026-11-09", "11:00", "submit_draft", a, actor="exec_gkh", text="Отремонтируем.")
    step("2026-11-09", "11:30", "approve", a, actor="curator")  # review due 12:00
    step("2026-11-09", "12:00", "mark_published", a, actor="system", url="https://vk.com/wall-1_1?r=1")
    step("2026-11-09", "12:10", "close", a, actor="curator", outcome="resolved")

    # B: Tue 10 Nov 10:00, high; route due 10:30, reply due Wed 10:00, draft due 15:00.
    now("2026-11-10", "10:00")
    b = desk.open(topic="heating", location="ustyevoye", importance="high", text="Холодно в квартирах")
    step("2026-11-10", "11:00", "route", b, ["gkh"], actor="curator")  # 30 min late
    step("2026-11-10", "16:00", "submit_draft", b, actor="exec_gkh", text="Проверим.")  # 60 min late
    step("2026-11-10", "17:30", "request_rework", b, actor="curator", reason="Уточните сроки")  # review due 17:00
    step("2026-11-11", "09:30", "submit_draft", b, actor="exec_gkh", text="Проверим до пятницы.")  # rework due 09:30
    step("2026-11-11", "09:45", "approve", b, actor="curator")  # review due 10:30
    step("2026-11-11", "11:00", "publish_manually", b, actor="exec_gkh",  # publish due 10:45, reply due 10:00
         url="https://vk.com/wall-1_2?reply=1")
    step("2026-11-11", "12:00", "close", b, actor="curator", outcome="explained")

    # C: Thu 12 Nov 10:00; returned by the settlement, interim reply, final one on Mon 16 Nov.
    now("2026-11-12", "10:00")
    c = desk.open(topic="waste", location="sobolevo", text="Не вывозят мусор")
    step("2026-11-12", "10:10", "route", c, ["sobolevo_sp"], actor="curator")
    step("2026-11-12", "10:30", "return_card", c, actor="exec_sobolevo", reason="Не наша компетенция")
    step("2026-11-12", "10:50", "route", c, ["gkh"], actor="curator")  # second route due 11:00
    step("2026-11-12", "11:30", "submit_draft", c, actor="exec_gkh", text="Вывезем.", kind="interim")
    step("2026-11-12", "12:00", "approve", c, actor="curator")
    step("2026-11-12", "12:30", "mark_published", c, actor="system")  # final due Mon 23 Nov 18:00
    step("2026-11-16", "10:00", "submit_draft", c, actor="exec_gkh", text="Вывезли.")
    step("2026-11-16", "10:30", "approve", c, actor="curator")
    step("2026-11-16", "11:00", "mark_published", c, actor="system")
    step("2026-11-16", "12:00", "close", c, actor="curator", outcome="resolved")

    # D: Fri 13 Nov 10:00, critical, repeats A; draft due 15:00, reply due Mon 16 Nov 10:00; never answered.
    now("2026-11-13", "10:00")
    d = desk.open(topic="roads", location="sobolevo", importance="critical", repeat_of=a, text="Опять яма")
    step("2026-11-13", "10:05", "route", d, ["gkh"], actor="curator")

    # E: Mon 16 Nov 10:00, low, dismissed at 10:20.
    now("2026-11-16", "10:00")
    e = desk.open(topic="other", location="district", importance="low", text="Просто мнение")
    step("2026-11-16", "10:20", "dismiss", e, actor="curator", reason="Не требует ответа")

    ids = {letter: desk.card(card).first_message_id for letter, card in zip("abcde", (a, b, c, d, e), strict=True)}
    _set_reactions(desk, ids["a"], 40, 5, 2)
    _set_reactions(desk, ids["c"], 10, 1, 0)
    _set_reactions(desk, ids["b"], 3, 0, 0)
    # The SLA watch, run when the report is made, records the breaches (p. 22 attribution).
    now(*AS_OF)
    run_sla_watch(desk.sessions, desk.clock, sla_policy(desk.settings, desk.calendar))
    return Month(a, b, c, d, e, ids)  # type: ignore[arg-type]
