"""Telegram: channel previews (t.me/s/), the discussion group through a bot, replies to comments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import responses
from structlog.testing import capture_logs

from connectors.base import PermanentError, Reply, ReplyTarget
from connectors.telegram import TelegramConfig, TelegramConnector, TelegramSource
from connectors.telegram.preview import parse_preview
from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer
from monitor.sandbox.control import inject

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
GROUP = -1001000000001


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def sandbox(clock: FrozenClock) -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=clock).start()
    yield server
    server.stop()


def connector(server: SandboxServer, clock: FrozenClock, channels: list[str] | None = None) -> TelegramConnector:
    source = TelegramSource(name="tg", platform="telegram", channels=channels or ["adm_district"],
                            bot_token="${TELEGRAM_BOT_TOKEN}", chats=[GROUP])
    return TelegramConnector(source.connector_config(server.base_url), clock=clock)


def put(server: SandboxServer, **body: object) -> dict[str, object]:
    status, answer = inject(server.state, {"network": "telegram", **body}, server.base_url)
    assert status == 201
    return answer  # type: ignore[no-any-return]


RECORDED_PAGE = """<html><body><div class="tgme_channel_info"></div>
<section class="tgme_channel_history js-message_history">
<a class="tme_messages_more js-messages_more" data-before="101" href="/s/adm_district?before=101"></a>
<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap
 js-widget_message" data-post="adm_district/101" data-view="x"><div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name"
 href="https://t.me/adm_district"><span dir="auto">Администрация района</span></a></div>
<div class="tgme_widget_message_text js-message_text" dir="auto">Отключение воды<br/>на <b>Школьной</b> с 10:00
 <a href="https://example.org/x">подробнее</a></div>
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short">
<span class="tgme_widget_message_views">1.2K</span><span class="tgme_widget_message_meta">
<a class="tgme_widget_message_date" href="https://t.me/adm_district/101"><time datetime="2026-03-01T23:15:00+00:00"
 class="time">23:15</time></a></span></div></div></div></div></div>
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="adm_district/102">
<div class="tgme_widget_message_bubble"><a class="tgme_widget_message_photo_wrap" style="background-image:url('x')"></a>
<div class="tgme_widget_message_footer"><span class="tgme_widget_message_views">87</span>
<a class="tgme_widget_message_date" href="https://t.me/adm_district/102"><time datetime="2026-03-02T01:00:00+00:00">
</time></a></div></div></div></div>
<div class="tgme_widget_message" data-post="broken"></div>
</section></body></html>"""


def test_a_recorded_preview_page_is_read() -> None:
    """Text with line breaks and links, the date, the views; a media-only post; a broken one counted."""
    page = parse_preview(RECORDED_PAGE)
    first, media = page.posts
    assert first.text.startswith("Отключение воды\nна Школьной с 10:00") and first.views == 1200
    assert first.date == datetime(2026, 3, 1, 23, 15, tzinfo=UTC) and first.url == "https://t.me/adm_district/101"
    assert first.author == "Администрация района"
    assert media.id == 102 and media.text == "" and media.views == 87
    assert page.before == 101 and page.skipped == 1


def test_more_than_a_preview_page_of_posts_arrives_whole(sandbox: SandboxServer, clock: FrozenClock) -> None:
    """30 new channel posts between two polls: the older preview page is read too, each post once."""
    tg = connector(sandbox, clock)
    cursor = tg.fetch(None).cursor
    for i in range(30):
        clock.advance(seconds=1)
        put(sandbox, text=f"пост {i:02d}")
    result = tg.fetch(cursor)
    posts = sorted(m.text for m in result.messages if m.text.startswith("пост"))
    assert posts == [f"пост {i:02d}" for i in range(30)]
    assert all(m.owner_id == "@adm_district" and m.kind == "post" for m in result.messages)


def test_the_bots_own_messages_and_channel_forwards_never_become_messages(sandbox: SandboxServer,
                                                                            clock: FrozenClock) -> None:
    """A comment the bot wrote (even if delivered) and the channel's automatic forward are skipped."""
    tg = connector(sandbox, clock)
    cursor = tg.fetch(None).cursor
    post = put(sandbox, text="Объявление о приёме")
    put(sandbox, post_id=post["post_id"], text="Спасибо за вопрос, ответим", author="bot")
    resident = put(sandbox, post_id=post["post_id"], text="А в субботу приём будет?", author="Ольга Петрова")
    result = tg.fetch(cursor)
    assert sorted(m.text for m in result.messages) == ["А в субботу приём будет?", "Объявление о приёме"]
    comment = next(m for m in result.messages if m.kind == "comment")
    assert comment.comment_id == str(resident["comment_id"]) and comment.owner_id == str(GROUP)
    assert comment.author_name == "Ольга Петрова" and comment.url.startswith("https://t.me/adm_district_chat/")
    again = tg.fetch(result.cursor)
    assert again.messages == [] and sandbox.state.telegram.updates == [], "the stored offset acknowledged them"


def test_replies_answer_the_comment_and_channel_posts_go_to_a_person(sandbox: SandboxServer,
                                                                    clock: FrozenClock) -> None:
    """sendMessage replies to the comment; a deleted comment or a channel post: manual publication."""
    tg = connector(sandbox, clock)
    post = put(sandbox, text="Объявление")
    comment = put(sandbox, post_id=post["post_id"], text="Вопрос", author="Иван Сидоров")
    target = ReplyTarget(platform="telegram", owner_id=str(GROUP), post_id=str(comment["post_id"]),
                         comment_id=str(comment["comment_id"]))
    posted = tg.post_reply(target, Reply(text="Ответ администрации", guid="g1"))
    [sent] = sandbox.state.replies
    assert sent["reply_to_message_id"] == comment["comment_id"] and posted.url.endswith(f"/{sent['message_id']}")
    gone = ReplyTarget(platform="telegram", owner_id=str(GROUP), post_id="1", comment_id="1")
    with pytest.raises(PermanentError, match="вручную"):
        tg.post_reply(gone, Reply(text="x", guid="g2"))
    with pytest.raises(PermanentError, match="вручную"):
        tg.post_reply(ReplyTarget(platform="telegram", owner_id="@adm_district", post_id="5"),
                      Reply(text="x", guid="g3"))


def test_a_channel_without_a_preview_is_skipped_with_a_warning(sandbox: SandboxServer, clock: FrozenClock) -> None:
    """t.me redirects away from /s/ for a channel without a public preview: a warning, the rest goes on."""
    tg = connector(sandbox, clock, channels=["closed_channel", "adm_district"])
    put(sandbox, text="Открытый пост")
    with capture_logs() as logs:
        result = tg.fetch(None)
    assert [m.text for m in result.messages] == ["Открытый пост"]
    assert any(e["event"] == "telegram.channel_unavailable" and e["channel"] == "closed_channel" for e in logs)


UPDATES = {"ok": True, "result": [
    {"update_id": 500, "message": {"message_id": 41, "date": 1772410000, "chat": {"id": GROUP, "type": "supergroup",
                                                                                   "title": "Обсуждение"},
                                   "from": {"id": 901, "is_bot": False, "first_name": "Мария"},
                                   "text": "Когда уберут снег?",
                                   "reply_to_message": {"message_id": 40, "date": 1772400000,
                                                        "chat": {"id": GROUP, "type": "supergroup"},
                                                        "is_automatic_forward": True}}},
    {"update_id": 501, "edited_message": {"message_id": 41}},
]}


def test_recorded_updates_are_read_and_the_offset_kept() -> None:
    """A recorded getUpdates answer: the comment is threaded under the forward; the offset is the last + 1;
    a group without a public name gets a t.me/c/ link."""
    tg = TelegramConnector(TelegramConfig(name="tg", bot_token="42:abc"), clock=FrozenClock(NOW))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, "https://api.telegram.org/bot42:abc/getUpdates", json=UPDATES)
        result = tg.fetch(None)
        assert rsps.calls[0].request.body and b'"offset": 0' in rsps.calls[0].request.body
    [message] = result.messages
    assert message.parent_external_id == f"{GROUP}_40" and message.url == "https://t.me/c/1000000001/41"
    assert result.cursor["offset"] == 502
