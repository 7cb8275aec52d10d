"""p. 19: the reply fits the social network and answers the question; what the curator approves is
exactly what gets published, every version kept.

The publication tests run the service as `otklik run` wires it: the workflow with the
deployment's listeners, the scheduled publisher job, the sandbox VK."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from db.models import Draft, Message
from monitor.app.context import AppContext
from monitor.app.sources import build_connectors
from monitor.app.wiring import periodic_jobs, workflow_service
from monitor.sandbox import SandboxServer
from monitor.workflow.errors import InputError
from tests.publisher.test_e2e_sandbox import (
    app_context,
    events,
    inject,
    publications,
    sandbox_replies,
    start_sandbox,
    vk_message,
)

from .helpers import Desk


def test_empty_reply_is_refused(desk: Desk) -> None:
    """A draft with no text is refused: a reply must answer the question."""
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    with pytest.raises(InputError, match="текст проекта ответа"):
        desk.do("submit_draft", card, actor="exec_gkh", text="   \n ")
    assert desk.card(card).state == "assigned"


def test_reply_text_is_kept_as_written(desk: Desk) -> None:
    """Line breaks, emoji and links in the reply are kept exactly, only outer spaces trimmed."""
    text = "Здравствуйте, Иван!\n\nЯму засыплем до 6 марта 🙂\nФото: https://vk.com/photo-1_2"
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text=f"  {text}  ")
    assert desk.drafts(card)[0].text == text


# -- what is approved is what is posted (through the deployment's wiring and the sandbox) --------


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


def _card_for_post(ctx: AppContext, sandbox: SandboxServer, author: str = "Иван Петров") -> int:
    """A citizen's post on the sandbox wall, stored as ingest stores it, opens a card routed to ЖКХ."""
    text = "Яма на дороге по ул. Советской, уже два колеса пробил"
    message_id = vk_message(ctx, inject(sandbox, text=text, author=author), author=author, text=text)
    with ctx.sessions() as s, s.begin():
        card_id = workflow_service(ctx).open_card(s, s.get(Message, message_id)).id
    _do(ctx, "route", card_id, units=["gkh"], actor="curator")
    return card_id


def _do(ctx: AppContext, action: str, card_id: int, **kwargs: Any) -> Any:
    with ctx.sessions() as s, s.begin():
        return getattr(workflow_service(ctx), action)(s, card_id, **kwargs)


def _publish(ctx: AppContext, sandbox: SandboxServer) -> None:
    """The publisher job as `otklik run` schedules it, run twice (the second finds nothing to do)."""
    [job] = [j for j in periodic_jobs(ctx, build_connectors(ctx.settings, sandbox.base_url)) if j.name == "publisher"]
    job.func()
    job.func()


def _shown(card_id: int, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """`otklik card show N --as curator`, as the curator reads it."""
    from monitor.cli.main import main

    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)
    capsys.readouterr()
    assert main(["card", "show", str(card_id), "--as", "curator"]) == 0
    return capsys.readouterr().out


def _latest_draft(ctx: AppContext, card_id: int) -> Draft:
    with ctx.sessions() as s:
        return s.scalars(select(Draft).where(Draft.incident_id == card_id).order_by(Draft.version.desc())).first()  # type: ignore[return-value]


def test_a_greeting_that_names_the_author_is_posted_as_written(
        ctx: AppContext, sandbox: SandboxServer, db_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """«Здравствуйте, Иван! …» to «Иван Петров» is shown, approved and posted unchanged (it was posted
    as «Иван, здравствуйте, Иван! …»); the card records the text posted."""
    text = "Здравствуйте, Иван! Яму на ул. Советской засыплем до 6 марта."
    card_id = _card_for_post(ctx, sandbox)
    _do(ctx, "submit_draft", card_id, actor="exec_gkh", text=text)
    assert f"    {text}\n    Текст к публикации: без изменений" in _shown(card_id, db_url, monkeypatch, capsys)
    _do(ctx, "approve", card_id, actor="curator")
    _publish(ctx, sandbox)
    [reply] = sandbox_replies(sandbox.base_url)
    assert reply["text"] == text
    [pub] = publications(ctx)
    assert pub.text == text and pub.status == "sent"
    [posted] = [e for e in events(ctx, card_id) if e.action == "reply_published"]
    assert (posted.after or {})["text"] == text
    assert f"текст: {text}" in _shown(card_id, db_url, monkeypatch, capsys)


def test_what_is_fitted_to_the_network_is_shown_before_approval(
        ctx: AppContext, sandbox: SandboxServer, db_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Markup removed and the author addressed by name: the curator sees «Текст к публикации» before
    approving, and exactly that is posted, byte for byte."""
    card_id = _card_for_post(ctx, sandbox)
    _do(ctx, "submit_draft", card_id, actor="exec_gkh", text="**Яму** на ул. Советской засыплем до 6 марта.")
    fitted = "Иван, здравствуйте! Яму на ул. Советской засыплем до 6 марта."
    shown = _shown(card_id, db_url, monkeypatch, capsys)
    assert "    **Яму** на ул. Советской засыплем до 6 марта." in shown, "the executor's text is kept as written"
    assert f"    Текст к публикации: {fitted}" in shown
    _do(ctx, "approve", card_id, actor="curator")
    _publish(ctx, sandbox)
    assert [r["text"] for r in sandbox_replies(sandbox.base_url)] == [fitted]
    assert _latest_draft(ctx, card_id).publish_text == fitted


def test_the_publisher_posts_the_approved_version(ctx: AppContext, sandbox: SandboxServer) -> None:
    """After a rework, the second version is posted (once), not the first; both versions are kept."""
    card_id = _card_for_post(ctx, sandbox)
    _do(ctx, "submit_draft", card_id, actor="exec_gkh", text="Сделаем.")
    _do(ctx, "request_rework", card_id, actor="curator", reason="Ответ по существу: что и когда")
    _do(ctx, "submit_draft", card_id, actor="exec_gkh", text="Яму на ул. Советской засыплем до 6 марта.")
    _do(ctx, "approve", card_id, actor="curator")
    _publish(ctx, sandbox)
    assert [r["text"] for r in sandbox_replies(sandbox.base_url)] == [
        "Иван, здравствуйте! Яму на ул. Советской засыплем до 6 марта."]
    with ctx.sessions() as s:
        drafts = s.scalars(select(Draft).where(Draft.incident_id == card_id).order_by(Draft.version)).all()
        assert [d.text for d in drafts] == ["Сделаем.", "Яму на ул. Советской засыплем до 6 марта."]
        assert [d.published_at is not None for d in drafts] == [False, True]
