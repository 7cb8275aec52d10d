"""/metrics (issue 12 item 11): the database's figures at scrape time and the HTTP latency, read
only from this machine or with the configured token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from db.models import Message, Notification, Publication, Source
from monitor.web.app import WebDeps, create_app

from ..workflow.helpers import settings_with


def _local(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, base_url="http://desk.test", client=("127.0.0.1", 40000))


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_the_figures_follow_the_database(app, desk) -> None:  # type: ignore[no-untyped-def]
    routed = desk.open()
    desk.do("route", routed, ["gkh"], actor="curator")
    desk.open()
    now = desk.clock.now()
    with desk.sessions() as s, s.begin():
        source = Source(name="vk-walls", platform="vk", status="backoff", failures=4, last_error="таймаут")
        s.add(source)
        s.flush()
        s.add(Message(platform="vk", external_id="m-1", source_id=source.id, kind="post", url="https://vk.com/x",
                      text="т", created_at=now, detected_at=now))
        s.add(Publication(key="p1", incident_id=routed, kind="final", platform="vk", text="т", status="manual",
                          created_at=now, next_attempt_at=now, last_error="нет доступа"))
        for n, (channel, status) in enumerate((("email", "pending"), ("email", "pending"), ("telegram", "failed"),
                                               ("inbox", "pending"))):
            s.add(Notification(key=f"k-{n}", kind="reminder", user_id=1, channel=channel,
                               status=status, created_at=now, next_attempt_at=now))
    client = _local(app)
    client.get("/queue")  # a request for the latency histogram
    desk.clock.set(now + timedelta(days=10))  # every open stage is now past its due time
    answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    got = _samples(answer.text)
    assert got[("otklik_cards", (("state", "new"),))] == 1
    assert got[("otklik_cards", (("state", "assigned"),))] == 1
    assert got[("otklik_cards", (("state", "closed"),))] == 0
    assert got[("otklik_messages_ingested_total", (("source", "vk-walls"),))] == 1
    assert got[("otklik_stages_overdue", (("stage", "draft"),))] == 1
    assert got[("otklik_publication_failures", (("state", "gave_up"),))] == 1
    assert got[("otklik_notifications_backlog", (("channel", "email"),))] == 2
    assert ("otklik_notifications_backlog", (("channel", "inbox"),)) not in got  # the inbox is no backlog
    assert got[("otklik_notifications_failed", (("channel", "telegram"),))] == 1
    assert got[("otklik_source_poll_errors", (("source", "vk-walls"),))] == 4
    assert got[("otklik_source_status", (("source", "vk-walls"), ("status", "backoff")))] == 1
    assert got[("otklik_database_up", ())] == 1
    queue_count = ("otklik_http_request_duration_seconds_count",
                   (("method", "GET"), ("route", "/queue"), ("status", "303")))  # anonymous: to sign-in
    assert got[queue_count] == 1


def test_metrics_are_refused_off_this_machine_unless_the_token_is_sent(desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("OTKLIK_METRICS_TOKEN", "scraper-secret-1")
    settings = settings_with(web={"metrics_token": "${OTKLIK_METRICS_TOKEN}", "metrics_from_loopback": False})
    app = create_app(WebDeps(sessions=desk.sessions, settings=settings, clock=desk.clock,
                             service=lambda: desk.service))
    remote = TestClient(app, base_url="http://desk.test", client=("10.0.0.7", 40000))
    assert remote.get("/metrics").status_code == 403
    assert remote.get("/metrics", headers={"Authorization": "Bearer wrong-secret"}).status_code == 403
    assert _local(app).get("/metrics").status_code == 403  # loopback switched off
    answer = remote.get("/metrics", headers={"Authorization": "Bearer scraper-secret-1"})
    assert answer.status_code == 200 and "otklik_cards" in answer.text


def test_a_literal_secret_in_the_settings_is_refused() -> None:
    from monitor.core.settings import SettingsError

    with pytest.raises((SettingsError, ValueError)):
        settings_with(web={"metrics_token": "plain-secret"})
