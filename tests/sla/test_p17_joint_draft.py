"""p. 17 with the SLA watch: the unit writing the joint draft sends its own part with that draft,
so its part is judged by the draft's deadline, not the 2-hour mark; the others keep 2 hours.

Routed on Monday 2 March 2026 at 10:00 to ЖКХ and education: each part is due at 12:00. Education
sends its part at 11:00, so ЖКХ is the last executor and writes the joint draft, due at 15:00.
"""

from __future__ import annotations

from monitor.workflow.views import card_view

from .helpers import Office


def _joint(office: Office) -> int:
    card = office.open()
    office.do("route", card, ["gkh", "education"], actor="curator")
    office.set("2026-03-02", "11:00")
    office.do("contribute", card, actor="exec_education", text="Автобус пустим в объезд.")
    return card


def _watch_through(office: Office, *times: str) -> None:
    for hhmm in times:
        office.set("2026-03-02", hhmm)
        office.watch()


def test_joint_draft_in_time_is_no_breach_of_the_writers_part(office: Office) -> None:
    """ЖКХ submits the joint draft at 14:00, past 12:00 but before its 15:00 deadline: nothing is late,
    nobody is escalated, and ЖКХ is reminded of the draft only, not of a separate part."""
    card = _joint(office)
    _watch_through(office, "12:01", "12:31", "13:30", "14:00")
    office.do("submit_draft", card, actor="exec_gkh", text="Дорогу отсыплем, автобус пустим в объезд.")
    _watch_through(office, "14:59")
    assert office.breaches() == []
    assert office.notes("breach", channel="inbox") == []
    _watch_through(office, "15:30")  # only the curator, who has not approved within the hour, is late
    assert [b.stage for b in office.breaches()] == ["review"]
    assert {key.split(":")[2] for _, _, key in office.notes("reminder", channel="inbox")} <= {"draft", "reply",
                                                                                             "review"}
    with office.sessions() as s:
        view = card_view(s, office.service, card, viewer="curator")
    part = next(st for st in view.stages if st.stage == "contribution" and st.unit == "gkh")
    assert part.done_at is not None and not part.late(office.clock.now())


def test_late_joint_draft_is_one_breach_not_two(office: Office) -> None:
    """Submitted at 16:00, the joint draft is late once (the draft stage), escalated once to the curator."""
    card = _joint(office)
    _watch_through(office, "15:01")
    office.set("2026-03-02", "16:00")
    office.do("submit_draft", card, actor="exec_gkh", text="Поздно, но ответ.")
    _watch_through(office, "16:01")
    assert [(b.stage, office.login(b.user_id)) for b in office.breaches()] == [("draft", "exec_gkh")]
    assert [login for login, _, _ in office.notes("breach")] == ["curator"]


def test_the_other_units_part_still_has_two_hours(office: Office) -> None:
    """Education, not writing the draft, owes its part by 12:00: silence past it is a breach."""
    card = office.open()
    office.do("route", card, ["gkh", "education"], actor="curator")
    _watch_through(office, "12:01")
    stages = sorted((b.stage, office.login(b.user_id)) for b in office.breaches())
    assert stages == [("contribution", "exec_education"), ("contribution", "exec_gkh")]
