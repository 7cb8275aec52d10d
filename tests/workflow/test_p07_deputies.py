"""p. 7: an executor is replaced during an absence (illness, leave, a trip); while it lasts,
routing and reminders go to the deputy, who may act on the unit's cards."""

from __future__ import annotations

import pytest

from monitor.workflow.errors import AccessError, InputError
from monitor.workflow.staffing import add_absence, add_user, responsible_user

from .helpers import Desk, at


def _absence(desk: Desk, login: str, deputy: str, start: str, end: str) -> None:
    with desk.sessions() as s, s.begin():
        add_absence(s, login=login, deputy=deputy, starts_at=at(*start.split()), ends_at=at(*end.split()),
                    now=desk.clock.now(), actor="admin", reason="отпуск")


def _responsible(desk: Desk, unit: str, when: str) -> str | None:
    with desk.sessions() as s:
        user = responsible_user(s, desk.unit_id(unit), at(*when.split()))
        return user.login if user else None


def _deputy(desk: Desk) -> None:
    with desk.sessions() as s, s.begin():
        add_user(s, login="gkh_deputy", name="Заместитель ЖКХ", role="executor", unit="gkh")


def test_deputy_is_responsible_during_the_absence(desk: Desk) -> None:
    """While the executor is on leave, the deputy answers for the unit; before and after, the executor."""
    _deputy(desk)
    _absence(desk, "exec_gkh", "gkh_deputy", "2026-03-02 00:00", "2026-03-07 00:00")
    assert _responsible(desk, "gkh", "2026-03-01 12:00") == "exec_gkh"
    assert _responsible(desk, "gkh", "2026-03-04 12:00") == "gkh_deputy"
    assert _responsible(desk, "gkh", "2026-03-10 12:00") == "exec_gkh"


def test_routing_during_the_absence_goes_to_the_deputy(desk: Desk) -> None:
    """A card routed while the executor is away puts the deputy on the draft stage."""
    _deputy(desk)
    _absence(desk, "exec_gkh", "gkh_deputy", "2026-03-02 00:00", "2026-03-07 00:00")
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    assert desk.stage(card, "draft", "gkh").user_id == desk.user_id("gkh_deputy")


def test_deputy_from_another_unit_acts_only_while_the_absence_lasts(desk: Desk) -> None:
    """An executor of another unit standing in may draft the card, and no longer once the absence ends."""
    _absence(desk, "exec_gkh", "exec_economy", "2026-03-02 00:00", "2026-03-02 12:00")
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    assert desk.view(card, viewer="exec_economy").id == card
    desk.do("submit_draft", card, actor="exec_economy", text="Отремонтируем.")
    assert desk.drafts(card)[0].author == "exec_economy"
    desk.do("request_rework", card, actor="curator", reason="Укажите сроки")
    desk.now("2026-03-02", "12:30")
    with pytest.raises(AccessError):
        desk.do("submit_draft", card, actor="exec_economy", text="До 10 марта.")
    desk.do("submit_draft", card, actor="exec_gkh", text="До 10 марта.")
    assert desk.card(card).state == "draft"


def test_absent_deputy_passes_on_to_their_own_deputy(desk: Desk) -> None:
    """When the deputy is away too, their own deputy answers."""
    _deputy(desk)
    _absence(desk, "exec_gkh", "gkh_deputy", "2026-03-02 00:00", "2026-03-07 00:00")
    _absence(desk, "gkh_deputy", "exec_gochs", "2026-03-03 00:00", "2026-03-04 00:00")
    assert _responsible(desk, "gkh", "2026-03-03 10:00") == "exec_gochs"


def test_absence_must_make_sense(desk: Desk) -> None:
    """An absence ending before it starts, or with oneself as deputy, is refused."""
    with pytest.raises(InputError):
        _absence(desk, "exec_gkh", "exec_gochs", "2026-03-05 00:00", "2026-03-02 00:00")
    with pytest.raises(InputError):
        _absence(desk, "exec_gkh", "exec_gkh", "2026-03-02 00:00", "2026-03-05 00:00")
    with pytest.raises(InputError, match="должен быть исполнителем"):
        _absence(desk, "exec_gkh", "head", "2026-03-02 00:00", "2026-03-05 00:00")
