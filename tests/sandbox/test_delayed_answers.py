"""A planned delay: the comment is posted at once, its answer comes late (a network that times out)."""

from __future__ import annotations

import threading
from typing import Any

import requests

from monitor.sandbox import SandboxServer

OWN_WALL = -100001
GROUP_TOKEN = "grp.100001.tests"


def _plan(server: SandboxServer, rule: Any) -> requests.Response:
    return requests.post(f"{server.base_url}/_sandbox/errors", json=rule, timeout=10)


def _a_post(inject: Any) -> int:
    return int(inject(network="vk", owner_id=OWN_WALL, text="Когда отремонтируют мост?")["post_id"])


def test_delayed_comment_is_listed_before_the_answer(sandbox: SandboxServer, inject: Any, replies: Any,
                                                      raw: Any) -> None:
    """With a delay planned, /_sandbox/replies lists the comment while the caller still waits for it."""
    post_id = _a_post(inject)
    assert _plan(sandbox, {"method": "wall.createComment", "delay": 2}).status_code == 201
    answers: list[dict[str, Any]] = []
    caller = threading.Thread(target=lambda: answers.append(raw(
        "wall.createComment", token=GROUP_TOKEN, owner_id=OWN_WALL, post_id=post_id,
        message="Мост отремонтируют летом.", from_group=100001, guid="g-1")), daemon=True)
    caller.start()
    listed: list[dict[str, Any]] = []
    stop = threading.Event()
    while not listed and not stop.wait(0.02):
        listed = replies()
        assert caller.is_alive() or listed, "the answer came before the comment was listed"
    assert listed[0]["guid"] == "g-1" and listed[0]["text"] == "Мост отремонтируют летом."
    assert caller.is_alive() and answers == [], "the caller is still waiting for its answer"
    planned = requests.get(f"{sandbox.base_url}/_sandbox/errors", timeout=10).json()["planned"]
    assert planned == [], "the one-call rule is used up"
    again = raw("wall.createComment", token=GROUP_TOKEN, owner_id=OWN_WALL, post_id=post_id,
                     message="Мост отремонтируют летом.", from_group=100001, guid="g-1")
    assert again["response"]["comment_id"] == listed[0]["comment_id"], "the retry with the same guid gets the same comment"
    caller.join(timeout=30)
    assert answers and answers[0]["response"]["comment_id"] == listed[0]["comment_id"], "the late answer is ordinary"
    assert len(replies()) == 1


def test_failed_calls_do_not_use_the_delay(sandbox: SandboxServer, inject: Any, raw: Any) -> None:
    """A call that fails (comments closed) answers at once and leaves the delay for the next success."""
    closed = next(p for p in sandbox.state.all_posts() if p.owner_id == OWN_WALL and not p.can_post)
    _plan(sandbox, {"method": "wall.createComment", "delay": 5})
    answer = raw("wall.createComment", token=GROUP_TOKEN, owner_id=OWN_WALL, post_id=closed.id,
                 message="Ответ", from_group=100001)
    assert answer["error"]["error_code"] == 212
    planned = requests.get(f"{sandbox.base_url}/_sandbox/errors", timeout=10).json()["planned"]
    assert planned == [{"method": "wall.createComment", "remaining": 1, "delay": 5.0}]


def test_delay_rules_are_validated(sandbox: SandboxServer) -> None:
    """A delay for a reading method, a delay with an error code, or a silly delay is refused with 400."""
    cases = [
        ({"method": "wall.get", "delay": 1}, "delay: only for wall.createComment and board.createComment"),
        ({"method": "wall.createComment", "delay": 1, "error_code": 9}, "give exactly one of"),
        ({"method": "wall.createComment", "delay": 0}, "delay: seconds"),
        ({"method": "wall.createComment", "delay": "10"}, "delay: seconds"),
        ({"method": "wall.createComment", "delay": 3600}, "delay: seconds"),
    ]
    for rule, message in cases:
        answer = _plan(sandbox, rule)
        assert answer.status_code == 400 and message in answer.json()["error"], rule
