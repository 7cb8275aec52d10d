"""Reactions read again (issue 13 item 2): wall.getById, 100 posts per request, within a budget."""

from __future__ import annotations

from typing import Any

import pytest
from connector_fakes import FakeVk, VkError, load_vk

from connectors.base import Reactions, TransientError
from connectors.vk import VkConfig, VkConnector


def connector(clock: Any, sleeps: list[float], **overrides: Any) -> VkConnector:
    values: dict[str, Any] = {"name": "vk-walls", "token": "svc.sandbox", "walls": (-100001,),
                              "min_request_interval": 0.0, **overrides}
    return VkConnector(VkConfig(**values), clock=clock, sleep=sleeps.append)


def test_the_counts_of_earlier_posts_come_back_as_they_are_now(fake_vk: FakeVk, clock: Any,
                                                               no_sleep: list[float]) -> None:
    fake_vk.on("wall.getById", load_vk("wall_get_by_id"))
    vk = connector(clock, no_sleep)
    assert vk.capabilities.reactions
    result = vk.refresh_reactions(["-100001_4180", "-100001_4120", "-100001_4180_c7", "topic-100001_3"], 5)
    assert result.counts == {"-100001_4180": Reactions(likes=58, comments=17, reposts=9, views=2511),
                             "-100001_4120": Reactions(likes=44, comments=3, reposts=5, views=2230)}
    assert result.requests == 1
    assert fake_vk.calls_of("wall.getById")[0]["posts"] == "-100001_4180,-100001_4120"  # comments are not posts


def test_a_hundred_posts_per_request_and_no_more_requests_than_the_budget(fake_vk: FakeVk, clock: Any,
                                                                         no_sleep: list[float]) -> None:
    fake_vk.on("wall.getById", lambda values: {"items": [
        {"id": int(ref.split("_")[1]), "owner_id": -100001, "likes": {"count": 1}, "comments": {"count": 0},
         "reposts": {"count": 0}} for ref in values["posts"].split(",")]})
    ids = [f"-100001_{i}" for i in range(1, 351)]
    result = connector(clock, no_sleep).refresh_reactions(ids, 2)
    asked = [c["posts"].split(",") for c in fake_vk.calls_of("wall.getById")]
    assert [len(a) for a in asked] == [100, 100]
    assert result.requests == 2 and len(result.counts) == 200 and asked[0][0] == "-100001_1"


def test_a_connector_without_a_reading_token_declares_it_cannot(clock: Any, no_sleep: list[float]) -> None:
    vk = connector(clock, no_sleep, token=None, reply_token="grp.1", group_id=1, walls=())
    assert not vk.capabilities.reactions


def test_a_network_refusal_is_the_connectors_transient_error(fake_vk: FakeVk, clock: Any,
                                                            no_sleep: list[float]) -> None:
    fake_vk.on("wall.getById", VkError(10, "Internal server error"))
    with pytest.raises(TransientError):
        connector(clock, no_sleep).refresh_reactions(["-100001_4180"], 1)
