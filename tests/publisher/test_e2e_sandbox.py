"""End to end against the sandbox: an approved reply appears once under the citizen's post or
comment, as the community; closed comments and read-only sources go to a person; flood control
and a network that times out after accepting never produce a second comment."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
import yaml
from sqlalchemy import select

from connectors.base import Connector
from connectors.registry import build_connector
from connectors.vk import VkConfig, VkSource
from connectors.vk.normalize import comment_external_id
from db.models import Event, Incident, Message, Notification, Publication, User
from monitor.app.context import AppContext
from monitor.app.sources import build_connectors, connector_config
from monitor.app.wiring import make_publisher, sync_staff, workflow_service
from monitor.core.clock import Clock, FrozenClock, SystemClock
from monitor.core.settings import Database, load_settings
from monitor.ingest.pipeline import source_row
from monitor.sandbox import SandboxServer
from publisher.outbox import publication_key

ROOT = Path(__file__).resolve().parents[2]
OWN_WALL = -100001  # the administration's community: its token may comment only there
GROUP_ID = 100001
VK_SOURCE = "vk-walls"
RSS_SOURCE = "rss-district-news"
MONDAY_10 = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Kamchatka"))
REPLY = "Мост отремонтируют до 1 июня, подрядчик уже выбран."


# -- shared helpers (also used by test_crash.py and test_two_processes.py) ------------------------


def app_context(db_url: str, clock: Clock | None = None) -> AppContext:
    """The project's settings on the test's database, with units and users in place."""
    settings = load_settings().model_copy(update={"database": Database(url=db_url)})
    ctx = AppContext(settings, clock or FrozenClock(MONDAY_10))
    sync_staff(ctx)
    return ctx


def start_sandbox() -> SandboxServer:
    """The sandbox on a free loopback port, real clock, rate limit off, posts default to our wall."""
    server = SandboxServer("127.0.0.1", 0, default_owner_id=OWN_WALL).start()
    server.state.options.requests_per_second = 0
    return server


def inject(sandbox: SandboxServer, **body: Any) -> dict[str, Any]:
    answer = requests.post(f"{sandbox.base_url}/_sandbox/posts", json={"network": "vk", **body}, timeout=10)
    assert answer.status_code == 201, answer.text
    return answer.json()


def sandbox_replies(base_url: str) -> list[dict[str, Any]]:
    return requests.get(f"{base_url}/_sandbox/replies", timeout=10).json()


def plan_error(base_url: str, rule: dict[str, Any]) -> None:
    answer = requests.post(f"{base_url}/_sandbox/errors", json=rule, timeout=10)
    assert answer.status_code == 201, answer.text


def vk_message(ctx: AppContext, ref: dict[str, Any], *, author: str, text: str) -> int:
    """A stored message pointing at a sandbox post or comment (as ingest would store it)."""
    owner, post, comment = ref["owner_id"], ref["post_id"], ref.get("comment_id")
    now = ctx.clock.now()
    with ctx.sessions() as s, s.begin():
        source = source_row(s, VK_SOURCE, "vk")
        row = Message(platform="vk", source_id=source.id, kind="comment" if comment else "post",
                      external_id=comment_external_id(owner, post, comment) if comment else f"{owner}_{post}",
                      owner_id=str(owner), post_id=str(post), comment_id=str(comment) if comment else None,
                      parent_external_id=f"{owner}_{post}" if comment else None, author_name=author,
                      url=ref["url"], text=text, created_at=now, detected_at=now, relevant=True,
                      topic="roads", topics=["roads"], location="sobolevo", importance="normal")
        s.add(row)
        s.flush()
        return row.id


def approved_card(ctx: AppContext, message_id: int, *, kind: str = "final", text: str = REPLY) -> int:
    """Open a card for the message, then route, draft and approve it."""
    with ctx.sessions() as s, s.begin():
        message = s.get(Message, message_id)
        assert message is not None
        card_id = workflow_service(ctx).open_card(s, message).id
    return approve_open_card(ctx, card_id, kind=kind, text=text)


def approve_open_card(ctx: AppContext, card_id: int, *, kind: str = "final", text: str = REPLY) -> int:
    """Route to ЖКХ, draft and approve, each step in its own transaction as the officials do it."""
    service = workflow_service(ctx)
    for action, kwargs in (("route", {"units": ["gkh"], "actor": "curator"}),
                           ("submit_draft", {"actor": "exec_gkh", "text": text, "kind": kind}),
                           ("approve", {"actor": "curator"})):
        with ctx.sessions() as s, s.begin():
            getattr(service, action)(s, card_id, **kwargs)
    return card_id


def comment_card(ctx: AppContext, sandbox: SandboxServer, **draft: Any) -> tuple[int, dict[str, Any]]:
    """An approved card for a citizen's comment under a new post on our wall; (card, the comment)."""
    post = inject(sandbox, text="Когда отремонтируют мост через Соболевку?", author="Павел Черкасов")
    comment = inject(sandbox, post_id=post["post_id"], text="Присоединяюсь, по мосту страшно ходить",
                     author="Ирина Ковалёва")
    message = vk_message(ctx, comment, author="Ирина Ковалёва", text="Присоединяюсь, по мосту страшно ходить")
    return approved_card(ctx, message, **draft), comment


def vk_config(ctx: AppContext, sandbox: SandboxServer) -> VkConfig:
    """The VK source's connector config, pointed at the sandbox (to adjust before building)."""
    source = next(s for s in ctx.settings.sources if isinstance(s, VkSource))
    config = connector_config(source, sandbox.base_url)
    assert isinstance(config, VkConfig)
    return config


def card(ctx: AppContext, card_id: int) -> Incident:
    with ctx.sessions() as s:
        return s.get(Incident, card_id)  # type: ignore[return-value]


def events(ctx: AppContext, card_id: int) -> list[Event]:
    with ctx.sessions() as s:
        return list(s.scalars(select(Event).where(Event.incident_id == card_id).order_by(Event.id)))


def publications(ctx: AppContext) -> list[Publication]:
    with ctx.sessions() as s:
        return list(s.scalars(select(Publication).order_by(Publication.id)))


def worker_settings(tmp_path: Path, **publisher: Any) -> Path:
    """A settings file for worker processes: the project's, with a ``publisher:`` section."""
    data = yaml.safe_load((ROOT / "settings.yaml").read_text(encoding="utf-8"))
    data["publisher"] = {**(data.get("publisher") or {}), **publisher}
    data["rules_dir"] = str(ROOT / (data.get("rules_dir") or "rules"))
    path = tmp_path / "settings.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def start_worker(settings: Path, db_url: str, sandbox_url: str, *args: str, log: Path) -> subprocess.Popen[bytes]:
    """``otklik worker --sandbox-url … ARGS`` as a child process; its JSON log lines go to ``log``."""
    env = {**os.environ, "OTKLIK_DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1"}
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "monitor", "--settings", str(settings), "worker", "--sandbox-url", sandbox_url,
             *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=out)


def wait_for(check: Callable[[], Any], what: str, seconds: float = 60.0) -> Any:
    """Poll ``check`` until it returns something truthy (a bound on waiting, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting: {what}")


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox()
    yield server
    server.stop()


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    context = app_context(db_url)
    yield context
    context.close()


@pytest.fixture
def connectors(ctx: AppContext, sandbox: SandboxServer) -> dict[str, Connector]:
    return build_connectors(ctx.settings, sandbox.base_url)


# -- the tests -----------------------------------------------------------------------------------


def test_approved_reply_to_a_comment_is_posted_once_under_it(ctx: AppContext, sandbox: SandboxServer,
                                                             connectors: dict[str, Connector]) -> None:
    """Approve → one comment as the community, answering the citizen's comment by name; the card is published."""
    card_id, comment = comment_card(ctx, sandbox)
    publisher = make_publisher(ctx, connectors)
    assert [d.status for d in publisher.run_until_idle()] == ["sent"]
    [reply] = sandbox_replies(sandbox.base_url)
    assert (reply["owner_id"], reply["post_id"], reply["reply_to_comment"]) == (
        OWN_WALL, comment["post_id"], comment["comment_id"])
    assert reply["from_group"] == GROUP_ID and reply["from_id"] == OWN_WALL
    assert reply["text"] == f"Ирина, здравствуйте! {REPLY}"
    [pub] = publications(ctx)
    assert reply["guid"] == pub.key == publication_key(card_id, pub.draft_id, "final")
    stored = card(ctx, card_id)
    assert stored.state == "published"
    assert stored.reply_external_id == f"{OWN_WALL}_{comment['post_id']}_c{reply['comment_id']}" == pub.external_id
    assert stored.reply_url == f"https://vk.com/wall{OWN_WALL}_{comment['post_id']}?reply={reply['comment_id']}"
    assert stored.published_at == MONDAY_10
    assert [e.action for e in events(ctx, card_id)][-3:] == ["publication_queued", "reply_published", "published"]
    assert publisher.run_until_idle() == [] and make_publisher(ctx, connectors).run_until_idle() == []
    assert len(sandbox_replies(sandbox.base_url)) == 1, "running the publisher again posts nothing"


def test_reply_to_a_post_is_a_plain_comment_under_it(ctx: AppContext, sandbox: SandboxServer,
                                                     connectors: dict[str, Connector]) -> None:
    """A card opened from a post gets a comment under that post, not a reply to anyone's comment."""
    post = inject(sandbox, text="Не вывозят мусор на Набережной третью неделю", author="Ирина Ковалёва")
    card_id = approved_card(ctx, vk_message(ctx, post, author="Ирина Ковалёва", text="Не вывозят мусор"))
    make_publisher(ctx, connectors).run_until_idle()
    [reply] = sandbox_replies(sandbox.base_url)
    assert (reply["owner_id"], reply["post_id"]) == (OWN_WALL, post["post_id"])
    assert "reply_to_comment" not in reply and reply["from_group"] == GROUP_ID
    assert card(ctx, card_id).state == "published"


def test_a_polled_comment_is_answered_where_it_was_written(ctx: AppContext, sandbox: SandboxServer) -> None:
    """A comment fetched by the VK connector and stored by ingest opens a card whose reply lands under it."""
    from monitor.app.card_opener import card_opener
    from monitor.ingest.pipeline import IngestPipeline
    from monitor.ingest.polling import SourcePoller
    from monitor.ingest.relevance import KeywordLabeler, WatchTerms

    post = inject(sandbox, text="Объявление о ремонте моста", author="group")
    comment = inject(sandbox, post_id=post["post_id"], text="А паромную переправу на время ремонта откроют?",
                     author="Ирина Ковалёва")
    config = dataclasses.replace(vk_config(ctx, sandbox), walls=(OWN_WALL,), search=())
    connector = build_connector(config)
    pipeline = IngestPipeline(ctx.sessions, KeywordLabeler(), ctx.clock, open_cards=card_opener(ctx))
    poller = SourcePoller(VK_SOURCE, "vk", connector, pipeline, ctx.sessions, ctx.clock, interval=60,
                          watch=WatchTerms.of(["паромную"], []), own_authors=frozenset({f"-{GROUP_ID}"}))
    assert poller.poll() is not None
    with ctx.sessions() as s:
        [message] = s.scalars(select(Message).where(Message.incident_id.is_not(None))).all()
        assert (message.kind, message.comment_id, message.author_name) == (
            "comment", str(comment["comment_id"]), "Ирина Ковалёва")
    assert message.incident_id is not None
    card_id = approve_open_card(ctx, message.incident_id, text="Да, переправа будет работать с 8 до 20 часов.")
    make_publisher(ctx, {VK_SOURCE: connector}).run_until_idle()
    [reply] = sandbox_replies(sandbox.base_url)
    assert (reply["post_id"], reply["reply_to_comment"]) == (post["post_id"], comment["comment_id"])
    assert reply["text"].startswith("Ирина, здравствуйте! Да, переправа")
    assert card(ctx, card_id).state == "published"
    stats = poller.poll()  # our own reply comes back with the next poll and opens no card
    assert stats is not None and stats.cards == 0


def test_interim_reply_moves_the_card_to_interim(ctx: AppContext, sandbox: SandboxServer,
                                                 connectors: dict[str, Connector]) -> None:
    """An approved interim reply is posted the same way and the card waits for the final one."""
    card_id, comment = comment_card(ctx, sandbox, kind="interim", text="Вопрос передан подрядчику, ответим до пятницы.")
    make_publisher(ctx, connectors).run_until_idle()
    [reply] = sandbox_replies(sandbox.base_url)
    assert reply["reply_to_comment"] == comment["comment_id"] and "ответим до пятницы" in reply["text"]
    stored = card(ctx, card_id)
    assert stored.state == "interim" and stored.reply_url and stored.reply_url.endswith(f"reply={reply['comment_id']}")
    assert events(ctx, card_id)[-1].action == "interim_published"


def _closed_post(sandbox: SandboxServer) -> dict[str, Any]:
    """The scenario's pinned post of emergency phones, under which comments are closed."""
    found = requests.get(f"{sandbox.base_url}/_sandbox/posts", params={"q": "Телефоны экстренных"}, timeout=10).json()
    [post] = [p for p in found if p["owner_id"] == OWN_WALL]
    return post


@pytest.mark.parametrize("how", ["pinned post", "planned error"])
def test_closed_comments_need_manual_publication(how: str, ctx: AppContext, sandbox: SandboxServer,
                                                 connectors: dict[str, Connector], db_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Error 212: nothing is posted, the card says to publish by hand, and `card published --url` closes it."""
    if how == "pinned post":
        target = _closed_post(sandbox)
    else:
        target = inject(sandbox, text="Где получить справку о составе семьи?", author="Ирина Ковалёва")
        plan_error(sandbox.base_url, {"method": "wall.createComment", "error_code": 212})
    with ctx.sessions() as s, s.begin():  # the demo users have no channel; give two of them email
        for user in s.scalars(select(User).where(User.login.in_(["curator", "exec_gkh"]))):
            user.email, user.notify_via = f"{user.login}@sobolevomr.ru", ["email"]
    card_id = approved_card(ctx, vk_message(ctx, target, author="Ирина Ковалёва", text="Вопрос"))
    deliveries = make_publisher(ctx, connectors).run_until_idle()
    assert [d.status for d in deliveries] == ["manual"] and "комментарии под записью закрыты" in (deliveries[0].error or "")
    assert sandbox_replies(sandbox.base_url) == []
    [pub] = publications(ctx)
    assert pub.status == "manual" and pub.attempts == 1, "a permanent error is not retried"
    failed = events(ctx, card_id)[-1]
    assert failed.action == "publication_failed" and (failed.after or {})["needs_manual_publication"] is True
    assert card(ctx, card_id).state == "approved"
    with ctx.sessions() as s:
        told = set(s.scalars(select(User.login).join(Notification, Notification.user_id == User.id)
                             .where(Notification.kind == "manual_publication")))
    assert told == {"curator", "exec_gkh"}, "the curator and the unit's executor are told"
    from monitor.cli.main import main

    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    url = f"https://vk.com/wall{OWN_WALL}_{target['post_id']}"
    assert main(["card", "published", str(card_id), "--url", url, "--as", "exec_gkh"]) == 0
    stored = card(ctx, card_id)
    assert (stored.state, stored.reply_url) == ("published", url)
    assert stored.published_at is not None
    assert events(ctx, card_id)[-1].note == "размещено вручную"


@pytest.mark.parametrize("code", [6, 9])
def test_flood_control_once_is_retried_and_posted_once(code: int, ctx: AppContext, sandbox: SandboxServer,
                                                       connectors: dict[str, Connector]) -> None:
    """A rate limit (6) or flood control (9) once: the reply still appears, exactly once."""
    card_id, comment = comment_card(ctx, sandbox)
    plan_error(sandbox.base_url, {"method": "wall.createComment", "error_code": code})
    publisher = make_publisher(ctx, connectors)
    outcomes = [d.status for d in publisher.run_until_idle()]
    if outcomes == ["retry"]:  # not absorbed by the client's own short retry: the outbox backs off
        assert publisher.run_until_idle() == [], "not retried before its backoff"
        assert isinstance(ctx.clock, FrozenClock)
        ctx.clock.advance(seconds=60)
        outcomes += [d.status for d in publisher.run_until_idle()]
        assert "publication_retry" in [e.action for e in events(ctx, card_id)]
    assert outcomes[-1] == "sent"
    assert code == 6 or outcomes == ["retry", "sent"], "error 9 goes through the outbox's backoff"
    [reply] = sandbox_replies(sandbox.base_url)
    assert reply["reply_to_comment"] == comment["comment_id"]
    assert card(ctx, card_id).state == "published"
    errors = requests.get(f"{sandbox.base_url}/_sandbox/stats", timeout=10).json()["errors"]
    assert errors.get(str(code)) == 1, "the planned error was really answered"


def test_timeout_after_the_network_accepted_posts_nothing_twice(ctx: AppContext, sandbox: SandboxServer) -> None:
    """The comment is posted but the answer never comes in time: the retry finds it instead of posting again."""
    card_id, comment = comment_card(ctx, sandbox)
    impatient = build_connector(dataclasses.replace(vk_config(ctx, sandbox), timeout=0.5))
    plan_error(sandbox.base_url, {"method": "wall.createComment", "delay": 3})
    publisher = make_publisher(ctx, {VK_SOURCE: impatient})
    assert [d.status for d in publisher.run_until_idle()] == ["retry"]
    assert len(sandbox_replies(sandbox.base_url)) == 1, "the network took the comment"
    assert card(ctx, card_id).state == "approved"
    assert isinstance(ctx.clock, FrozenClock)
    ctx.clock.advance(seconds=60)
    assert [d.status for d in publisher.run_until_idle()] == ["sent"]
    [reply] = sandbox_replies(sandbox.base_url)
    stored = card(ctx, card_id)
    assert stored.state == "published" and stored.reply_url and stored.reply_url.endswith(f"reply={reply['comment_id']}")
    assert reply["reply_to_comment"] == comment["comment_id"]
    methods = requests.get(f"{sandbox.base_url}/_sandbox/stats", timeout=10).json()["methods"]
    assert methods["wall.createComment"] == 1, "the retry read the comments back and found the reply"


def test_rss_card_needs_manual_publication(ctx: AppContext, sandbox: SandboxServer,
                                           connectors: dict[str, Connector]) -> None:
    """A feed is read-only: the card asks for manual publication, and the executor's link publishes it."""
    entry = requests.post(f"{sandbox.base_url}/_sandbox/posts", timeout=10, json={
        "network": "rss", "feed": RSS_SOURCE, "text": "В Устьевом третий день нет света"}).json()
    now = ctx.clock.now()
    with ctx.sessions() as s, s.begin():
        source = source_row(s, RSS_SOURCE, "rss")
        row = Message(platform="rss", source_id=source.id, kind="entry", external_id=entry["guid"], url=entry["url"],
                      text="В Устьевом третий день нет света", created_at=now, detected_at=now, relevant=True,
                      topic="power", topics=["power"], location="ustyevoye", importance="normal")
        s.add(row)
        s.flush()
        message_id = row.id
    card_id = approved_card(ctx, message_id)
    assert [d.status for d in make_publisher(ctx, connectors).run_until_idle()] == ["manual"]
    assert sandbox_replies(sandbox.base_url) == []
    assert events(ctx, card_id)[-1].action == "publication_failed"
    with ctx.sessions() as s, s.begin():
        workflow_service(ctx).publish_manually(s, card_id, actor="exec_gkh", url="https://sobolevomr.ru/news/1#c1")
    assert card(ctx, card_id).state == "published"


# -- otklik worker ---------------------------------------------------------------------------------


def test_worker_once_posts_the_due_replies_and_exits(db_url: str, sandbox: SandboxServer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`otklik worker --jobs publisher --once --sandbox-url …` posts what is due and exits 0."""
    from monitor.cli.main import main

    ctx = app_context(db_url, SystemClock())
    try:
        card_id, comment = comment_card(ctx, sandbox)
        monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
        argv = ["--settings", str(worker_settings(tmp_path)), "worker", "--jobs", "publisher", "--once",
                "--sandbox-url", sandbox.base_url]
        assert main(argv) == 0
        [reply] = sandbox_replies(sandbox.base_url)
        assert reply["reply_to_comment"] == comment["comment_id"]
        assert card(ctx, card_id).state == "published"
        assert main(argv) == 0 and len(sandbox_replies(sandbox.base_url)) == 1, "a second run posts nothing"
    finally:
        ctx.close()


def test_worker_refuses_a_wrong_publisher_setting(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A lease of 0 seconds stops the worker with one line naming the setting."""
    from monitor.cli.main import main

    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    settings = worker_settings(tmp_path, lease_seconds=0)
    assert main(["--settings", str(settings), "worker", "--jobs", "publisher", "--once"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "otklik: ошибка в настройках: publisher.lease_seconds: Input should be greater than or equal to 1")


def test_worker_asks_for_the_schema_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """On an empty database the worker says to run `otklik db upgrade` instead of failing in a job."""
    from monitor.cli.main import main

    monkeypatch.setenv("OTKLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["worker", "--once"]) == 2
    assert "otklik db upgrade" in capsys.readouterr().err


def test_worker_rejects_an_unknown_job(capsys: pytest.CaptureFixture[str]) -> None:
    """`--jobs publisher,mail` names the unknown job and the known ones."""
    from monitor.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["worker", "--jobs", "publisher,mail"])
    assert exit_info.value.code == 2
    assert "неизвестная задача mail; есть: publisher, sla, notifications, alerts, reports, pollers" in capsys.readouterr().err
