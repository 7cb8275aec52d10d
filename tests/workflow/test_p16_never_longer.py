"""pp. 8, 16: a shortening by importance (or by the curator) never lengthens the reply deadline,
the official accounts' 4 hours included, whatever the start instant and the settings.

The property runs over start instants of 2026 (nights, weekends, holidays, shortened days),
every importance, official or not, and several deadline settings: shortenings longer than the
official 4 hours, the official deadline on calendar time, reply budgets in whole working days.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.codes import IMPORTANCES
from monitor.core.settings import load_settings, parse_settings
from monitor.workcal import WorkCalendar
from monitor.workflow.deadlines import DeadlineCalculator
from monitor.workflow.policy import DeadlinePolicy

from .helpers import Desk, local, settings_with

CALENDAR = WorkCalendar.from_settings(load_settings().organization, loaded_dir=None)

CONFIGS = {
    "defaults, critical 2h, high 6h, low 12h": {
        "shorten_by_importance": {"critical": "2h", "high": "6h", "low": "12h"}},
    "official on calendar time": {
        "reply_official": {"duration": "4h", "working": False},
        "shorten_by_importance": {"critical": "3h", "high": "5h", "normal": "4h30m"}},
    "everything on calendar time": {
        "reply": {"duration": "8h", "working": False}, "reply_official": {"duration": "4h", "working": False},
        "shorten_by_importance": {"critical": "90m", "high": "6h"}},
    "reply in working days": {
        "reply": {"duration": "2d"}, "reply_official": {"duration": "1d"},
        "shorten_by_importance": {"critical": "20h", "high": "1d", "normal": "3d", "low": "40h"}},
}
CALCULATORS = {name: DeadlineCalculator(CALENDAR, DeadlinePolicy.from_config(
    parse_settings({"deadlines": cfg}).deadlines)) for name, cfg in CONFIGS.items()}

KAM_2026 = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31, 23, 59)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=CALENDAR.tz))


@settings(max_examples=400, deadline=None)
@given(start=KAM_2026, config=st.sampled_from(sorted(CALCULATORS)), official=st.booleans(),
       importance=st.sampled_from([*IMPORTANCES, None]),
       minutes_set=st.one_of(st.none(), st.integers(min_value=1, max_value=4000)))
def test_shortening_never_lengthens(start: datetime, config: str, official: bool, importance: str | None,
                                    minutes_set: int | None) -> None:
    """The due instant with an importance and a curator's shortening is never later than without."""
    due = CALCULATORS[config]
    plain = due.reply(start, official=official, importance=None)
    by_importance = due.reply(start, official=official, importance=importance)
    assert by_importance <= plain
    assert due.reply(start, official=official, importance=importance, minutes_set=minutes_set) <= by_importance
    if official:
        assert plain <= due.reply(start, official=False, importance=None)


@pytest.mark.parametrize(("detected", "due"), [
    (("2026-03-02", "10:00"), "2026-03-02 15:00"),   # 4 working hours over the lunch hour
    (("2026-03-06", "16:00"), "2026-03-10 11:00"),   # Friday into the 9 March holiday, out on Tuesday
    (("2026-03-14", "11:00"), "2026-03-16 13:00"),   # Saturday: the clock starts on Monday morning
])
def test_official_card_keeps_four_hours_when_its_importance_allows_more(
        make_desk, detected: tuple[str, str], due: str) -> None:  # type: ignore[no-untyped-def]
    """An official critical card stays due in 4 hours though critical cards are shortened only to 6."""
    desk: Desk = make_desk(settings=settings_with(deadlines={"shorten_by_importance": {"critical": "6h"}}))
    desk.now(*detected)
    card = desk.open(official=True, importance="critical")
    assert local(desk.card(card).reply_due_at) == due
    desk.do("correct_labels", card, actor="curator", importance="high", reason="уточнено")
    assert local(desk.card(card).reply_due_at) == due
    desk.do("correct_labels", card, actor="curator", importance="critical", reason="уточнено")
    assert local(desk.card(card).reply_due_at) == due


def test_whole_working_days_are_not_outrun_by_a_longer_looking_shortening(
        make_desk) -> None:  # type: ignore[no-untyped-def]
    """A reply in 2 working days, found on Saturday, is due Tuesday 18:00; a critical shortening of
    20 working hours would end on Wednesday, so it does not apply."""
    desk: Desk = make_desk(settings=settings_with(deadlines={"reply": {"duration": "2d"},
                                                             "shorten_by_importance": {"critical": "20h"}}))
    desk.now("2026-03-14", "11:00")
    critical, normal = desk.open(importance="critical"), desk.open(importance="normal")
    assert local(desk.card(normal).reply_due_at) == "2026-03-17 18:00"
    assert local(desk.card(critical).reply_due_at) == "2026-03-17 18:00"
    desk.now("2026-03-16", "09:00")  # on a working Monday the same shortening is earlier: Wednesday 13:00
    assert local(desk.card(desk.open(importance="critical")).reply_due_at) == "2026-03-18 13:00"
