"""The SLA watch with a frozen clock: reminders once, escalation on breach, records for reports.

A message detected on Monday 2 March 2026 at 10:00 and routed to ЖКХ at once: the draft is due to
the curator at 15:00 (4 working hours before the reply deadline, Tuesday 10:00); half of the
draft stage passes at 12:00, 80 % at 14:12 (the lunch hour does not count).
"""

from __future__ import annotations

import pytest

from db.models import DeadlineReminder

from .helpers import Office, at


def test_half_way_reminder_is_sent_once(office: Office) -> None:
    """At half the draft stage the executor is reminded once, though the job runs three times."""
    card = office.routed_card()
    office.set("2026-03-02", "11:59")
    office.watch()
    assert office.notes("reminder") == []
    office.set("2026-03-02", "12:00")
    reports = [office.watch() for _ in range(3)]
    stage = office.stage(card, "draft")
    assert office.notes("reminder") == [("exec_gkh", "reminder", f"reminder:{card}:draft:50:{stage.id}")]
    assert [r.reminders for r in reports] == [1, 0, 0]


def test_eighty_percent_reminder(office: Office) -> None:
    """At 80 % of the draft stage (14:12, after lunch) a second reminder follows."""
    card = office.routed_card()
    office.set("2026-03-02", "12:00")
    office.watch()
    office.set("2026-03-02", "14:11")
    office.watch()
    office.set("2026-03-02", "14:12")
    office.watch()
    office.watch()
    stage = office.stage(card, "draft")
    assert [key for _, _, key in office.notes("reminder")] == [
        f"reminder:{card}:draft:50:{stage.id}", f"reminder:{card}:draft:80:{stage.id}"]


def test_late_watch_sends_one_reminder(office: Office) -> None:
    """A watch that was down past both points sends the 80 % reminder only, and marks 50 % handled."""
    office.routed_card()
    office.set("2026-03-02", "14:30")
    office.watch()
    assert [key.split(":")[3] for _, _, key in office.notes("reminder")] == ["80"]
    with office.sessions() as s:
        marks = sorted((m.percent, m.user_id is None) for m in s.query(DeadlineReminder))
    assert marks == [(50, True), (80, False)]


def test_reply_reminders_follow_working_time(office: Office) -> None:
    """The reply deadline's half-way reminder comes at 15:00, four working hours after detection."""
    office.routed_card()
    office.set("2026-03-02", "14:59")
    office.watch()
    assert [k for _, _, k in office.notes("reminder") if ":reply:" in k] == []
    office.set("2026-03-02", "15:00")
    office.watch()
    assert [(login, k.split(":")[2]) for login, _, k in office.notes("reminder") if ":reply:" in k] == [
        ("exec_gkh", "reply")]


def test_routing_reminder_goes_to_the_curator(office: Office) -> None:
    """A card not yet routed reminds the curator at half the 30 minutes."""
    card = office.open()
    office.set("2026-03-02", "10:15")
    office.watch()
    route = office.stage(card, "route")
    assert office.notes("reminder") == [("curator", "reminder", f"reminder:{card}:route:50:{route.id}")]


def test_reminder_goes_to_the_deputy_while_the_executor_is_away(office: Office) -> None:
    """While the executor is absent, the deputy is reminded instead (p. 7)."""
    office.routed_card()
    office.absent("exec_gkh", "exec_affairs", at("2026-03-02", "11:00"), hours=4)
    office.set("2026-03-02", "12:00")
    office.watch()
    assert [login for login, _, _ in office.notes("reminder")] == ["exec_affairs"]


def test_executor_breach_escalates_to_the_curator(office: Office) -> None:
    """When the draft is late, the curator hears of it; the breach is recorded and in the history."""
    card = office.routed_card()
    office.set("2026-03-02", "15:00")
    office.watch()
    assert office.notes("breach") == []
    office.set("2026-03-02", "15:01")
    assert office.watch().breaches == 1
    office.watch()
    stage = office.stage(card, "draft")
    assert office.notes("breach") == [("curator", "breach", f"breach:{card}:draft:{stage.id}")]
    assert stage.breached_at == at("2026-03-02", "15:00")
    [breach] = office.breaches()
    assert (breach.stage, breach.due_at, breach.done_at) == ("draft", at("2026-03-02", "15:00"), None)
    assert office.login(breach.user_id) == "exec_gkh" and breach.unit_id == stage.unit_id
    [event] = office.history(card, "deadline_breached")
    assert (event.actor, event.after["stage"], event.after["executor"]) == ("system", "draft", "exec_gkh")
    assert "Нарушен срок этапа «направление проекта ответа куратору»" in (event.note or "")
    assert office.notes("reply_breach") == []


def test_reply_breach_escalates_to_the_head(office: Office) -> None:
    """When the reply deadline itself passes, the head is told, with the unit and the executor."""
    card = office.routed_card()
    office.set("2026-03-03", "10:01")
    office.watch()
    reply = office.stage(card, "reply")
    assert office.notes("reply_breach") == [("head", "reply_breach", f"reply_breach:{card}:{reply.id}")]
    stages = sorted(b.stage for b in office.breaches())
    assert stages == ["draft", "reply"]
    reply_breach = next(b for b in office.breaches() if b.stage == "reply")
    assert office.login(reply_breach.user_id) == "exec_gkh"
    assert len(office.history(card, "deadline_breached")) == 2


def test_nothing_for_done_stages(office: Office) -> None:
    """A draft sent on time gets no reminders and no breach after its deadline."""
    card = office.routed_card()
    office.set("2026-03-02", "11:00")
    office.do("submit_draft", card, actor="exec_gkh", text="Яму заделаем до пятницы.")
    office.set("2026-03-02", "12:00")
    office.watch()
    office.set("2026-03-02", "15:30")
    office.watch()
    assert [k for _, _, k in office.notes() if ":draft:" in k] == []
    assert [b.stage for b in office.breaches()] == ["review"]  # the curator's hour ran out at 12:00


def test_stage_finished_late_between_runs_is_recorded(office: Office) -> None:
    """A draft sent a few minutes late, before the watch saw it, still counts as a breach."""
    card = office.routed_card()
    office.set("2026-03-02", "15:00")
    office.watch()
    office.set("2026-03-02", "15:03")
    office.do("submit_draft", card, actor="exec_gkh", text="Яму заделаем до пятницы.")
    office.watch()
    [breach] = office.breaches()
    assert (breach.stage, breach.done_at) == ("draft", at("2026-03-02", "15:03"))
    assert len(office.history(card, "deadline_breached")) == 1
    assert office.notes("breach") == []  # already done: no alarm, only the record


def test_closed_card_is_left_alone(office: Office) -> None:
    """A dismissed card gets no reminders and no escalations."""
    card = office.open()
    office.do("dismiss", card, actor="curator", reason="Не требует ответа")
    office.set("2026-03-03", "12:00")
    office.watch()
    assert office.notes() == []
    assert office.breaches() == []


def test_one_failing_stage_does_not_stop_the_rest(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault with one card is logged and the other cards are still watched."""
    first, second = office.routed_card(), office.routed_card()
    from monitor.watch import sla as watch

    real = watch.reminded

    def flaky(session, stage, at):  # type: ignore[no-untyped-def]
        if stage.incident_id == first:
            raise RuntimeError("broken card")
        return real(session, stage, at)

    monkeypatch.setattr(watch, "reminded", flaky)
    office.set("2026-03-02", "12:00")
    report = office.watch()
    assert (report.reminders, report.errors) == (1, 1)
    assert [k.split(":")[1] for _, _, k in office.notes("reminder")] == [str(second)]
    monkeypatch.setattr(watch, "reminded", real)
    office.clock.advance(minutes=1)
    assert office.watch().reminders == 1  # the first card's reminder goes out on the next run
