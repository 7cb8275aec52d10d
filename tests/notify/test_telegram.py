"""Telegram Bot API sendMessage against recorded responses: ok, 429, 403, 400."""

from __future__ import annotations

import json

import pytest
import requests
import responses

from connectors.base import PermanentError, TransientError
from monitor.core.sections.notifications import TelegramSettings
from monitor.notify.telegram import TelegramSender
from monitor.notify.templates import RenderedNotification

TOKEN = "123456:ABC-secret-token"
URL = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
NOTE = RenderedNotification(subject="Нарушен срок по обращению №9",
                            text="Срок истёк.\n\nКарточка обращения: http://127.0.0.1:8080/cards/9")
SENT = {"ok": True, "result": {"message_id": 77, "date": 1764547200, "chat": {"id": 1001, "type": "private"},
                               "text": NOTE.as_message()}}


def _sender(api_base: str = "https://api.telegram.org") -> TelegramSender:
    return TelegramSender(TelegramSettings(enabled=True, api_base=api_base), TOKEN)


@responses.activate
def test_message_is_sent_to_the_users_chat() -> None:
    """The curator's chat with the bot receives the subject, the text and the card link."""
    responses.post(URL, json=SENT)
    _sender().send("1001", NOTE, "breach:9:draft:3")
    payload = json.loads(responses.calls[0].request.body)
    assert payload["chat_id"] == "1001"
    assert payload["text"].startswith("Нарушен срок по обращению №9\n\n")
    assert "http://127.0.0.1:8080/cards/9" in payload["text"]


@responses.activate
def test_api_base_is_configurable() -> None:
    """A local Bot API server (or the sandbox) can stand in for api.telegram.org."""
    responses.post(f"http://127.0.0.1:8081/bot{TOKEN}/sendMessage", json=SENT)
    _sender("http://127.0.0.1:8081/").send("1001", NOTE, "k")
    assert len(responses.calls) == 1


@responses.activate
def test_rate_limit_waits_as_told() -> None:
    """On 429 the sender retries after the number of seconds Telegram asked for."""
    responses.post(URL, status=429, json={"ok": False, "error_code": 429,
                                          "description": "Too Many Requests: retry after 34",
                                          "parameters": {"retry_after": 34}})
    with pytest.raises(TransientError) as info:
        _sender().send("1001", NOTE, "k")
    assert info.value.retry_after == 34


@responses.activate
def test_blocked_bot_is_permanent() -> None:
    """A user who blocked the bot is not written to again and again."""
    responses.post(URL, status=403, json={"ok": False, "error_code": 403,
                                          "description": "Forbidden: bot was blocked by the user"})
    with pytest.raises(PermanentError, match="bot was blocked by the user"):
        _sender().send("1001", NOTE, "k")


@responses.activate
def test_unknown_chat_is_permanent() -> None:
    """A wrong chat id in the profile (400) is reported, not retried."""
    responses.post(URL, status=400, json={"ok": False, "error_code": 400,
                                          "description": "Bad Request: chat not found"})
    with pytest.raises(PermanentError, match="chat not found"):
        _sender().send("999", NOTE, "k")


@responses.activate
def test_network_failure_is_retried_without_leaking_the_token() -> None:
    """A network error is retried, and its reason never contains the bot token."""
    responses.post(URL, body=requests.ConnectionError(f"cannot reach {URL}"))
    with pytest.raises(TransientError) as info:
        _sender().send("1001", NOTE, "k")
    assert TOKEN not in str(info.value) and "secret" not in str(info.value)


@responses.activate
def test_server_error_is_retried() -> None:
    """A 502 from Telegram is a passing trouble: retried."""
    responses.post(URL, status=502, body="Bad Gateway")
    with pytest.raises(TransientError, match="502"):
        _sender().send("1001", NOTE, "k")


def test_missing_token_is_retried() -> None:
    """Without a token the message waits until an administrator sets one."""
    with pytest.raises(TransientError, match="token"):
        TelegramSender(TelegramSettings(enabled=True), None).send("1001", NOTE, "k")
