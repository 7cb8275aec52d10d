"""p. 7: an executor leaves. Their open cards go to the unit's other executor, or to a deputy; a
unit left with no executor is flagged to the curator and the head at once, and the head's
3 calendar days to appoint another responsible person are tracked as a deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import User, Vacancy
from monitor.cli.main import main
from monitor.notify.staffing_events import announce_unstaffed
from monitor.workflow.deadlines import DeadlineCalculator
from monitor.workflow.departure import Departure, deactivate_user, fill_vacancies
from monitor.workflow.errors import InputError, NotFoundError
from monitor.workflow.staffing import add_absence, add_user, responsible_user

from .helpers import Desk, at, local


def _leave(desk: Desk, login: str, deputy: str | None = None) -> Departure:
    with desk.sessions() as s, s.begin():
        admin = s.scalars(select(User).where(User.login == "admin")).one()
        gone = deactivate_user(s, login=login, actor=admin, now=desk.clock.now(),
                               due=DeadlineCalculator(desk.calendar, desk.service.policy), deputy=deputy)
        if gone.vacancy is not None:
            announce_unstaffed(s, gone.vacancy, desk.clock.now())
        return gone


def _responsible(desk: Desk, unit: str) -> str | None:
    with desk.sessions() as s:
        user = responsible_user(s, desk.unit_id(unit), desk.clock.now())
        return user.login if user else None


def _vacancies(desk: Desk) -> list[Vacancy]:
    with desk.sessions() as s:
        return list(s.scalars(select(Vacancy).order_by(Vacancy.id)))


def test_open_cards_go_to_the_units_other_executor(desk: Desk) -> None:
    """ЖКХ has two executors: the one who leaves hands the draft on to the other, who drafts it; no vacancy."""
    with desk.sessions() as s, s.begin():
        add_user(s, login="gkh_second", name="Второй исполнитель ЖКХ", role="executor", unit="gkh")
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    assert desk.stage(card, "draft", "gkh").user_id == desk.user_id("exec_gkh")
    gone = _leave(desk, "exec_gkh")
    assert (gone.successor.login if gone.successor else None, gone.moved) == ("gkh_second", {card: ["draft"]})
    assert desk.stage(card, "draft", "gkh").user_id == desk.user_id("gkh_second")
    event = desk.events(card)[-1]
    assert (event.action, event.before, event.after["executor"]) == (
        "executor_replaced", {"executor": "exec_gkh"}, "gkh_second")
    assert _responsible(desk, "gkh") == "gkh_second"
    assert _vacancies(desk) == []
    with pytest.raises(NotFoundError, match="Пользователь «exec_gkh» отключён"):
        desk.do("submit_draft", card, actor="exec_gkh", text="Отремонтируем.")
    desk.do("submit_draft", card, actor="gkh_second", text="Отремонтируем.")
    assert desk.card(card).state == "draft"


def test_a_unit_left_alone_goes_to_the_deputy_with_three_days_to_appoint(desk: Desk) -> None:
    """The last ЖКХ executor leaves on Monday 10:00: the deputy of their leave takes the cards and new
    routings; the head must appoint another by Thursday 10:00 (3 calendar days); head and curator told."""
    with desk.sessions() as s, s.begin():
        add_absence(s, login="exec_gkh", deputy="exec_economy", starts_at=at("2026-02-16", "00:00"),
                    ends_at=at("2026-02-21", "00:00"), now=desk.clock.now(), actor="admin")
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    gone = _leave(desk, "exec_gkh")
    assert gone.successor is not None and gone.successor.login == "exec_economy"
    [vacancy] = _vacancies(desk)
    assert (local(vacancy.opened_at), local(vacancy.due_at)) == ("2026-03-02 10:00", "2026-03-05 10:00")
    assert vacancy.stand_in_id == desk.user_id("exec_economy") and vacancy.filled_at is None
    assert _responsible(desk, "gkh") == "exec_economy"
    desk.do("submit_draft", card, actor="exec_economy", text="Отремонтируем до пятницы.")
    later = desk.open()
    desk.do("route", later, ["gkh"], actor="curator")
    assert desk.stage(later, "draft", "gkh").user_id == desk.user_id("exec_economy")
    with desk.sessions() as s:
        from db.models import Notification

        told = sorted(s.execute(select(User.login, Notification.context).join(User, User.id == Notification.user_id)
                                .where(Notification.kind == "unit_unstaffed")).all())
    assert [login for login, _ in told] == ["curator", "head"]
    assert told[0][1]["unit"] == "Управление ЖКХ, ТЭК, транспорта, связи и строительства"


def test_with_nobody_to_stand_in_the_cards_wait_for_the_curator(desk: Desk) -> None:
    """No other executor and no deputy: the stages are nobody's (the watch reminds the curator), still flagged."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    gone = _leave(desk, "exec_gkh")
    assert gone.successor is None and desk.stage(card, "draft", "gkh").user_id is None
    assert _responsible(desk, "gkh") is None
    assert len(_vacancies(desk)) == 1


def test_appointing_an_executor_fills_the_vacancy(desk: Desk) -> None:
    """A new ЖКХ executor takes over from the deputy: the vacancy is closed and the open stages move."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    _leave(desk, "exec_gkh", deputy="exec_economy")
    desk.now("2026-03-03", "11:00")
    with desk.sessions() as s, s.begin():
        add_user(s, login="gkh_new", name="Новый исполнитель ЖКХ", role="executor", unit="gkh")
        [(vacancy, newcomer)] = fill_vacancies(s, now=desk.clock.now(), actor="admin")
        assert newcomer.login == "gkh_new"
    [vacancy] = _vacancies(desk)
    assert local(vacancy.filled_at) == "2026-03-03 11:00" and vacancy.filled_by_id == desk.user_id("gkh_new")
    assert desk.stage(card, "draft", "gkh").user_id == desk.user_id("gkh_new")
    assert _responsible(desk, "gkh") == "gkh_new"
    with pytest.raises(Exception, match="не направлена в ваше подразделение"):
        desk.do("submit_draft", card, actor="exec_economy", text="x")


def test_refusals(desk: Desk) -> None:
    """Nobody deactivates themselves; a deputy from another unit is refused while the unit has executors."""
    with pytest.raises(InputError, match="самого себя"):
        _leave(desk, "admin")
    with desk.sessions() as s, s.begin():
        add_user(s, login="gkh_second", name="Второй", role="executor", unit="gkh")
    with pytest.raises(InputError, match="есть другие исполнители"):
        _leave(desk, "exec_gkh", deputy="exec_economy")
    with pytest.raises(InputError, match="только другому исполнителю"):
        _leave(desk, "exec_gkh", deputy="curator")
    with desk.sessions() as s:
        assert s.scalars(select(User.active).where(User.login == "exec_gkh")).one() is True


# -- the command ------------------------------------------------------------------------------------


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out.strip(), err.strip()

    return run


def test_user_deactivate_from_the_terminal(desk: Desk, cli) -> None:  # type: ignore[no-untyped-def]
    """Only an admin deactivates; the answer names the cards handed on and the appointment deadline;
    `user list` shows the gap, the head reads the flag in the inbox, and a new executor closes it."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    assert cli("user", "deactivate", "exec_gkh")[0] == 2
    code, _, err = cli("user", "deactivate", "exec_gkh", "--as", "curator")
    assert (code, err) == (2, "otklik user: Отключать пользователей может только администратор, а «curator» — куратор")
    code, out, _ = cli("user", "deactivate", "exec_gkh", "--deputy", "exec_economy", "--as", "admin")
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == ["Пользователь exec_gkh отключён", f"Открытые обращения (№{card}) переданы: exec_economy"]
    assert lines[2].startswith("Подразделение gkh осталось без исполнителя; Главе и куратору сообщено. "
                               "Назначить другое ответственное лицо до ")
    _, listing, _ = cli("user", "list")
    assert "exec_gkh" in listing and "(отключён)" in listing
    assert "Без исполнителя: gkh — назначить до " in listing and "обращения ведёт: exec_economy" in listing
    _, inbox, _ = cli("notifications", "--as", "head")
    assert "Подразделение без исполнителя: Управление ЖКХ, ТЭК, транспорта, связи и строительства" in inbox
    assert "три календарных дня, п. 7 Положения" in inbox and "ведёт: Исполнитель экономики (демо)" in inbox
    code, out, _ = cli("user", "add", "gkh_new", "--name", "Новый", "--role", "executor", "--unit", "gkh",
                       "--as", "admin")
    assert (code, out.splitlines()[-1]) == (0, "Подразделение gkh снова с исполнителем: gkh_new (п. 7)")
    assert "Без исполнителя" not in cli("user", "list")[1]


def test_the_replacement_deadline_is_three_calendar_days() -> None:
    """Counted on calendar time: a Friday evening departure is due on Monday evening, weekend included."""
    from monitor.core.settings import load_settings
    from monitor.workcal import WorkCalendar
    from monitor.workflow.policy import DeadlinePolicy

    settings = load_settings()
    due = DeadlineCalculator(WorkCalendar.from_settings(settings.organization), DeadlinePolicy.from_settings(settings))
    left = at("2026-03-06", "17:30")
    assert due.replacement(left) == left + timedelta(days=3)
