"""The registry: one connector per platform, built from settings-like objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from connectors import registry
from connectors.base import Connector
from connectors.rss import RssConfig, RssConnector
from connectors.vk import VkConfig, VkConnector


@dataclass
class ResolvedVkSource:
    """Shaped like monitor.core.settings.VkSource after secrets were resolved."""

    name: str = "vk-walls"
    platform: str = "vk"
    token: str | None = "svc.sandbox"
    token_type: str = "service"
    reply_token: str | None = "grp.100001.sandbox"
    group_id: int | None = 100001
    walls: list[int] | None = None
    search: list[str] | None = None
    comments_posts: int = 10
    api_base: str | None = "http://127.0.0.1:8700/vk"
    interval: int = 60


def test_vk_and_rss_configs_build_their_connectors() -> None:
    """Each configured platform gets its own connector implementing the common interface."""
    vk = registry.build_connector(VkConfig(name="v", token="t", walls=(-1,)))
    feed = registry.build_connector(RssConfig(name="r", url="https://example.org/rss"))
    assert isinstance(vk, VkConnector) and isinstance(feed, RssConnector)
    assert isinstance(vk, Connector) and isinstance(feed, Connector)
    assert set(registry.platforms()) >= {"vk", "rss"}


def test_settings_shaped_objects_are_accepted() -> None:
    """A source from settings (secrets resolved) maps field by field onto the connector config."""
    connector = registry.build_connector(ResolvedVkSource(walls=[-100001, -100002], search=["Соболево"]))
    assert isinstance(connector, VkConnector)
    config = connector.config
    assert config.walls == (-100001, -100002) and config.search == ("Соболево",)
    assert config.api_base == "http://127.0.0.1:8700/vk" and config.group_id == 100001


def test_unresolved_credentials_are_refused() -> None:
    """A `${VK_TOKEN}` reference reaching a connector is a wiring bug and fails loudly."""
    with pytest.raises(ValueError, match="resolved"):
        registry.build_connector(ResolvedVkSource(token="${VK_TOKEN}"))


def test_unknown_platform_is_refused() -> None:
    """A platform with no connector is named in the error."""
    @dataclass
    class Odd:
        platform: str = "myspace"

    with pytest.raises(ValueError, match="myspace"):
        registry.build_connector(Odd())


def test_registering_a_platform_twice_fails() -> None:
    """Two connectors claiming one platform is caught at start-up."""
    def factory(source: Any, **_: Any) -> Any:
        raise AssertionError("never built")

    with pytest.raises(RuntimeError, match="'vk' is registered twice"):
        registry.register_platform("vk", factory)


def test_check_names_the_missing_tokens() -> None:
    """check-config says which token a VK source lacks, naming the setting."""
    problems = registry.build_connector(VkConfig(name="v", walls=(-1,))).check()
    assert any(p.startswith("token: reading walls") for p in problems)
    assert any(p.startswith("reply_token:") for p in problems)
    assert any(p.startswith("group_id:") for p in problems)
    group_reader = registry.build_connector(VkConfig(name="v", token="grp", token_type="group", walls=(-1,), group_id=1)).check()
    assert any("community (group) token cannot read walls" in p for p in group_reader)
    complete = registry.build_connector(
        VkConfig(name="v", token="usr", token_type="user", reply_token="grp", group_id=1, walls=(-1,))
    ).check()
    assert complete == []


def test_a_reply_is_fitted_by_its_platform() -> None:
    """VK gets plain text addressed to the author; a read-only feed gets the draft as written."""
    assert registry.fit_reply("vk", "**Воду** подадут к вечеру.", "Марина Колесникова") == (
        "Марина, здравствуйте! Воду подадут к вечеру.")
    assert registry.fit_reply("rss", "**Воду** подадут к вечеру.", "Марина Колесникова") == "**Воду** подадут к вечеру."
