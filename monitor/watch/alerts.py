"""Immediate alerts to the head (p. 25): a surge of public activity on one topic in one place.

Every few minutes the relevant messages of the last week are counted per (topic, location) and
hour; a pair whose current hour is far above its baseline (classifier.spikes: Poisson tail with
a minimum count) is reported to the head and the curators once per pair and clock hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from classifier.spikes import AREA_NAMES_RU, BASELINE_HOURS, Spike, detect_spikes, hourly_counts
from db.models import Message
from db.statuses import Role
from monitor.core.clock import Clock
from monitor.core.logs import get_logger

IGNORED_TOPICS = ("other",)


def current_spikes(session: Session, clock: Clock) -> list[Spike]:
    now = clock.now()
    since = now - timedelta(hours=BASELINE_HOURS + 1)
    rows = session.execute(
        select(Message.detected_at, Message.topic, Message.location)
        .where(Message.detected_at > since, Message.relevant.is_(True), Message.excluded.is_(None),
               Message.topic.is_not(None), Message.topic.not_in(IGNORED_TOPICS))
    )
    return detect_spikes(hourly_counts(((at, t or "", loc or "unknown") for at, t, loc in rows), now=now))


@dataclass(frozen=True)
class SpikeReport:
    spikes: list[Spike]
    sent: int  # notifications newly written (0 when every spike was already reported this hour)


def run_spike_watch(factory: sessionmaker[Session], clock: Clock,
                    location_names: Mapping[str, str] = AREA_NAMES_RU) -> SpikeReport:
    """Open a case «повышенная социальная активность» for each new spike and notify the head and
    the curators of it once (a spike of the same pair within the case's window joins it);
    critical cards get their case as well (monitor.activity).

    ``location_names``: each location code's name in the text (``monitor.ingest.labeling.location_names``).
    """
    from monitor.activity.cases import case_cards, open_for_critical_cards, open_surge
    from monitor.notify import enqueue, users_with_role

    log = get_logger()
    now = clock.now()
    sent = 0
    with factory() as session, session.begin():
        spikes = current_spikes(session, clock)
        recipients = users_with_role(session, Role.HEAD) + users_with_role(session, Role.CURATOR)
        for spike in spikes:
            opened = open_surge(session, topic=spike.topic, location=spike.location, count=spike.count,
                                baseline=spike.baseline, now=now)
            if not opened.created:
                continue
            text = spike.describe(location_names=location_names)
            cards = case_cards(session, opened.case.id)
            sent += enqueue(session, key=f"activity:{opened.case.id}", kind="spike",
                    recipients=recipients, now=now, context={"text": text, "count": spike.count,
                                                              "baseline": round(spike.baseline, 2),
                                                              "case_id": opened.case.id,
                                                              "cards": ", ".join(f"№{c}" for c in cards)})
            log.warning("alert.spike", topic=spike.topic, location=spike.location, count=spike.count,
                        baseline=round(spike.baseline, 2), p_value=spike.p_value, case_id=opened.case.id)
        open_for_critical_cards(session, now)
    return SpikeReport(spikes, sent)
