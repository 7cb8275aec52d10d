"""One harness per network: how the contract suite builds its connector against the sandbox,
puts posts and comments there, and what a recorded failure of that network looks like."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from connectors.base import Connector, NetworkMessage, ReplyTarget
from connectors.registry import build_connector, platform
from monitor.core.clock import Clock
from monitor.sandbox import SandboxServer
from monitor.sandbox.control import inject

Recorded = tuple[int, str]  # (HTTP status, body) answered to every request


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class Harness:
    network: str
    label = ""  # the test id, when one network has two harnesses
    source_settings: dict[str, Any]
    page = 100  # items in one page of the network's longest list
    errors: dict[str, Recorded]  # transient / auth / permanent
    ill_formed: Recorded

    def connector(self, sandbox: SandboxServer, clock: Clock) -> Connector:
        settings = platform(self.network).settings.model_validate(self.source_settings)
        return build_connector(self.tune(settings.connector_config(sandbox.base_url)), clock=clock)

    def tune(self, config: Any) -> Any:
        return config

    @property
    def name(self) -> str:
        return str(self.source_settings["name"])

    def _inject(self, sandbox: SandboxServer, **body: Any) -> dict[str, Any]:
        status, answer = inject(sandbox.state, {"network": self.network, **body}, sandbox.base_url)
        assert status == 201, answer
        return answer  # type: ignore[no-any-return]

    def post(self, sandbox: SandboxServer, text: str) -> dict[str, Any]:
        return self._inject(sandbox, text=text, author="Анна Житель")

    def comment(self, sandbox: SandboxServer, parent: dict[str, Any], text: str) -> dict[str, Any]:
        return self._inject(sandbox, text=text, author="Борис Житель", post_id=parent["post_id"])

    def target(self, message: NetworkMessage) -> ReplyTarget:
        """Where the publisher sends a reply to ``message`` (as ``publisher.outbox.target_of``)."""
        return ReplyTarget(platform=message.platform, owner_id=message.owner_id or "", post_id=message.post_id or "",
                           comment_id=message.comment_id, author_name=message.author_name)

    def replies(self, sandbox: SandboxServer) -> list[dict[str, Any]]:
        with sandbox.state.lock:
            return [dict(r) for r in sandbox.state.replies if r.get("network", "vk") == self.network]


class VkHarness(Harness):
    network = "vk"
    source_settings = {"name": "vk-walls", "platform": "vk", "walls": [-100001], "group_id": 100001,
                       "comments_posts": 10}
    errors = {
        "transient": (502, "<html>Bad Gateway</html>"),
        "auth": (200, _json({"error": {"error_code": 5, "error_msg": "User authorization failed"}})),
        "permanent": (200, _json({"response": [False], "execute_errors": [
            {"method": "wall.get", "error_code": 15, "error_msg": "Access denied"}]})),
    }
    ill_formed = (200, _json({"response": [{"count": 1, "items": [{"text": "a post without an id"}]}]}))

    def tune(self, config: Any) -> Any:
        return dataclasses.replace(config, min_request_interval=0.0)

    def post(self, sandbox: SandboxServer, text: str) -> dict[str, Any]:
        return self._inject(sandbox, text=text, author="Анна Житель", owner_id=-100001)

    def comment(self, sandbox: SandboxServer, parent: dict[str, Any], text: str) -> dict[str, Any]:
        return self._inject(sandbox, text=text, author="Борис Житель", owner_id=-100001, post_id=parent["post_id"])


class RssHarness(Harness):
    network = "rss"
    source_settings = {"name": "rss-district-news", "platform": "rss", "url": "https://example.org/news.xml"}
    errors = {"transient": (503, "busy"), "auth": (401, "who are you"), "permanent": (410, "gone")}
    ill_formed = (200, "<rss><channel><item><title>broken</title><link>https://e.org/1</link></item><item>")

    def post(self, sandbox: SandboxServer, text: str) -> dict[str, Any]:
        return self._inject(sandbox, text=text, feed=self.name)

    def comment(self, sandbox: SandboxServer, parent: dict[str, Any], text: str) -> dict[str, Any]:
        return self.post(sandbox, text)  # a feed has no comments: another entry


class OkHarness(Harness):
    network = "ok"
    source_settings = {"name": "ok-groups", "platform": "ok", "application_key": "CBAOKSANDBOX",
                       "groups": ["70000000000001"], "group_id": "70000000000001"}
    errors = {
        "transient": (200, _json({"error_code": 2, "error_msg": "SERVICE : temporarily unavailable"})),
        "auth": (200, _json({"error_code": 104, "error_msg": "PARAM_SIGNATURE : invalid signature"})),
        "permanent": (200, _json({"error_code": 300, "error_msg": "NOT_FOUND"})),
    }
    ill_formed = (200, _json({"media_topics": [{"text": "no id"}, "junk"], "has_more": False}))


class TelegramHarness(Harness):
    network = "telegram"
    source_settings = {"name": "telegram-district", "platform": "telegram", "channels": ["adm_district"],
                       "bot_token": "${TELEGRAM_BOT_TOKEN}", "chats": [-1001000000001]}
    errors = {
        "transient": (429, _json({"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 3",
                                  "parameters": {"retry_after": 3}})),
        "auth": (401, _json({"ok": False, "error_code": 401, "description": "Unauthorized"})),
        "permanent": (409, _json({"ok": False, "error_code": 409,
                                  "description": "Conflict: can't use getUpdates method while webhook is active"})),
    }
    ill_formed = (200, _json({"ok": True, "result": [{"update_id": 7, "message": "junk"}, {"no": "id"}]}))


class VkLongPollHarness(VkHarness):
    """The own community in real time (Bots Long Poll)."""

    label = "vk-longpoll"
    source_settings = {"name": "vk-own-live", "platform": "vk", "longpoll": True, "longpoll_wait": 1,
                       "reply_token": "${VK_GROUP_TOKEN}", "group_id": 100001}
    errors = {
        "transient": (502, "<html>Bad Gateway</html>"),
        "auth": (200, _json({"error": {"error_code": 5, "error_msg": "User authorization failed"}})),
        "permanent": (200, _json({"error": {"error_code": 15, "error_msg": "Access denied: long poll is off"}})),
    }
    ill_formed = (200, _json({"ts": "5", "updates": ["junk", {"type": "wall_reply_new", "object": {"id": 1}}]}))


class WebHarness(Harness):
    network = "web"
    page = 20  # articles read per poll (the rest at the next)
    source_settings = {"name": "web-settlement-news", "platform": "web", "url": "https://example.org/news/",
                       "item": "article.news-item", "link": "a.news-link", "title": ".news-title", "date": "time",
                       "text": ".article-body"}
    errors = {"transient": (503, "busy"), "auth": (403, "forbidden"), "permanent": (404, "gone")}
    ill_formed = (200, "<html><body><div class=news><article class='news-item'><h2>no link</h2></article><p <b")

    def post(self, sandbox: SandboxServer, text: str) -> dict[str, Any]:
        return self._inject(sandbox, text=text, site=self.name, title=text)

    def comment(self, sandbox: SandboxServer, parent: dict[str, Any], text: str) -> dict[str, Any]:
        return self.post(sandbox, text)  # a page has no comments: another item


GRAPH_ERRORS = {
    "transient": (400, _json({"error": {"code": 4, "message": "(#4) Application request limit reached",
                                        "type": "OAuthException"}})),
    "auth": (400, _json({"error": {"code": 190, "error_subcode": 463, "message": "Error validating access token",
                                   "type": "OAuthException"}})),
    "permanent": (400, _json({"error": {"code": 100, "message": "Unsupported get request",
                                        "type": "GraphMethodException"}})),
}


class FacebookHarness(Harness):
    network = "facebook"
    source_settings = {"name": "facebook-page", "platform": "facebook", "enabled": True,
                       "page_id": "100000000000001", "page_token": "${FACEBOOK_PAGE_TOKEN}"}
    errors = GRAPH_ERRORS
    ill_formed = (200, _json({"data": [{"message": "no id"}, "junk"]}))


class InstagramHarness(Harness):
    network = "instagram"
    source_settings = {"name": "instagram-account", "platform": "instagram", "enabled": True,
                       "ig_user_id": "17841400000000001", "token": "${INSTAGRAM_TOKEN}"}
    errors = GRAPH_ERRORS
    ill_formed = (200, _json({"data": [{"caption": "no id"}]}))


class XHarness(Harness):
    network = "x"
    source_settings = {"name": "x-mentions", "platform": "x", "enabled": True, "bearer_token": "${X_BEARER_TOKEN}",
                       "user_token": "${X_USER_TOKEN}",
                       "query": "после OR страница OR дубли OR ответ OR запись"}  # the words the suite writes
    errors = {
        "transient": (503, _json({"title": "Service Unavailable", "detail": "try later", "status": 503})),
        "auth": (401, _json({"title": "Unauthorized", "detail": "Unauthorized", "status": 401})),
        "permanent": (403, _json({"title": "Forbidden", "detail": "client-not-enrolled", "status": 403})),
    }
    ill_formed = (200, _json({"data": [{"text": "no id"}], "meta": {"result_count": 1}}))


HARNESSES: list[Harness] = [VkHarness(), VkLongPollHarness(), RssHarness(), OkHarness(), TelegramHarness(),
                            WebHarness(), FacebookHarness(), InstagramHarness(), XHarness()]
