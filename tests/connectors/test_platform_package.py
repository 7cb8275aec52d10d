"""A platform is a package: its settings model, its connector, its registration; declared
capabilities; only platform errors translated; the VK cursor typed."""

from __future__ import annotations

from typing import Any

import pytest
from connector_fakes import FakeVk

from connectors import registry
from connectors.base import Capabilities, Connector, TransientError
from connectors.vk import VkConfig, VkConnector, VkSource
from connectors.vk.cursor import PostCursor, VkCursor, WallCursor
from monitor.core.settings import parse_settings

WALL = {"count": 1, "items": [{"id": 3, "owner_id": -100001, "from_id": -100001, "date": 1718000000, "text": "x",
                               "comments": {"count": 0}}]}


def test_settings_sources_are_told_apart_through_the_registry() -> None:
    """settings.yaml's sources[] is each registered platform's own model, picked by `platform`."""
    settings = parse_settings({"sources": [
        {"name": "v", "platform": "vk", "walls": [-1]},
        {"name": "r", "platform": "rss", "url": "https://example.org/rss"},
    ]})
    assert [type(s).__name__ for s in settings.sources] == ["VkSource", "RssSource"]
    for source in settings.sources:
        assert isinstance(source, registry.platform(source.platform).settings)


def test_a_source_makes_its_connector_config_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials resolve from the environment; in the sandbox the endpoints and tokens are its own."""
    monkeypatch.setenv("VK_TOKEN", "svc-real")
    source = VkSource(name="v", platform="vk", token="${VK_TOKEN}", group_id=7, walls=[-7])
    real = source.connector_config(None)
    assert real.token == "svc-real" and real.api_base is None and real.reply_token is None
    sandboxed = source.connector_config("http://127.0.0.1:8700")
    assert sandboxed.api_base == "http://127.0.0.1:8700/vk" and sandboxed.reply_token == "grp.7.sandbox"
    assert source.own_author_ids() == {"-7"}


def test_capabilities_are_declared_not_probed() -> None:
    """Every connector says what it can do; a feed cannot reply, VK finds its earlier replies,
    re-reads reactions with its reading token, gives a poll in pages (one per request) and takes
    photos only with a user token."""
    vk = registry.build_connector(VkConfig(name="v", token="t", reply_token="g", group_id=1))
    feed = registry.build_connector(registry.platform("rss").settings(name="r", platform="rss",
                                                                      url="https://e.org/r").connector_config(None))
    for connector in (vk, feed):
        assert isinstance(connector, Connector) and isinstance(connector.capabilities, Capabilities)
    assert vk.capabilities == Capabilities(replies=True, find_reply=True, photos=False, reactions=True, pages=True)
    assert feed.capabilities.reactions is False and feed.capabilities.pages is False
    user = registry.build_connector(VkConfig(name="v", token="u", token_type="user", group_id=1))
    assert user.capabilities.photos
    assert feed.capabilities.replies is False and feed.find_reply(None, None) is None  # type: ignore[arg-type]


def test_a_bug_of_ours_is_not_retried_as_network_trouble(fake_vk: FakeVk, clock: Any, no_sleep: list[float],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyError in our own parsing reaches the poller as itself, not as a TransientError."""
    import connectors.vk.fetch as fetch

    fake_vk.on("wall.get", WALL)

    def broken(*_: Any, **__: Any) -> Any:
        raise KeyError("max_post_id")

    monkeypatch.setattr(fetch.VkPoll, "_read_wall", broken)
    connector = VkConnector(VkConfig(name="v", token="svc.sandbox", walls=(-100001,), min_request_interval=0.0),
                            clock=clock, sleep=no_sleep.append)
    with pytest.raises(KeyError):
        connector.fetch(None)


def test_network_trouble_is_still_transient(fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
    """The platform's own failures keep their mapping (a 502 is retried later)."""
    from connector_fakes import HttpFailure

    fake_vk.fail_next_http(HttpFailure(502))
    connector = VkConnector(VkConfig(name="v", token="svc.sandbox", walls=(-100001,), min_request_interval=0.0),
                            clock=clock, sleep=no_sleep.append)
    with pytest.raises(TransientError):
        connector.fetch(None)


def test_vk_cursor_is_a_typed_object_with_the_stored_json_shape(fake_vk: FakeVk, clock: Any,
                                                                 no_sleep: list[float]) -> None:
    """The cursor round-trips through JSON; old stored cursors read the same; junk starts afresh."""
    stored = {"version": 1, "walls": {"-100001": {"max_post_id": 5, "posts": {"5": {"count": 2, "last_top": 9,
                                                                                  "last": 11}}}},
              "queries": {"мост": {"last_time": 1718000000, "last_ids": ["-1_2"]}}}
    cursor = VkCursor.from_json(stored)
    assert cursor.walls[-100001] == WallCursor(5, {5: PostCursor(2, 9, 11)})
    assert cursor.queries["мост"].last_ids == ("-1_2",)
    assert cursor.to_json() == stored
    assert VkCursor.from_json({"version": 1, "walls": "junk"}) == VkCursor()
    assert VkCursor.from_json(None) == VkCursor()
    fake_vk.on("wall.get", WALL)
    connector = VkConnector(VkConfig(name="v", token="svc.sandbox", walls=(-100001,), min_request_interval=0.0),
                            clock=clock, sleep=no_sleep.append)
    result = connector.fetch(None)
    assert VkCursor.from_json(result.cursor).walls[-100001].max_post_id == 3


def test_an_ill_formed_item_is_skipped_with_a_log_line(fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
    """A wall item without an id is skipped, named in the log; the other posts are read."""
    from structlog.testing import capture_logs

    fake_vk.on("wall.get", {"count": 2, "items": [{"text": "no id"}, *WALL["items"]]})
    connector = VkConnector(VkConfig(name="v", token="svc.sandbox", walls=(-100001,), min_request_interval=0.0),
                            clock=clock, sleep=no_sleep.append)
    with capture_logs() as logs:
        result = connector.fetch(None)
    assert [m.external_id for m in result.messages] == ["-100001_3"]
    assert any(e["event"] == "vk.item_skipped" and e.get("owner_id") == -100001 for e in logs)
