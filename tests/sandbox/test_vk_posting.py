"""Posting through the sandbox's VK API: comments, replies list, guid, photos, token types."""

from __future__ import annotations

import io
from typing import Any

import pytest
from vk_api import VkUpload
from vk_api.exceptions import ApiError

from monitor.sandbox import SandboxServer

ADMIN = -100001
GROUP_TOKEN = "grp.100001.tests"


def _error_code(call: Any) -> int:
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value.code


def test_community_reply_is_listed_and_visible_on_the_wall(vk: Any, inject: Any, replies: Any) -> None:
    """A reply posted as the community is listed at /_sandbox/replies and read back by wall.getComments."""
    post = inject(network="vk", text="Когда дадут свет в Устьевом?")
    question = inject(network="vk", text="И у нас нет", post_id=post["post_id"])
    answer = vk(GROUP_TOKEN).get_api().wall.createComment(
        owner_id=ADMIN, post_id=post["post_id"], message="Ремонтная бригада выехала.",
        reply_to_comment=question["comment_id"], from_group=100001, guid="reply-1")
    assert answer["parents_stack"] == [question["comment_id"]]
    listed = replies()
    assert len(listed) == 1
    record = listed[0]
    assert {k: record[k] for k in ("network", "owner_id", "post_id", "reply_to_comment", "text", "from_group",
                                   "guid", "comment_id")} == {
        "network": "vk", "owner_id": ADMIN, "post_id": post["post_id"],
        "reply_to_comment": question["comment_id"], "text": "Ремонтная бригада выехала.",
        "from_group": 100001, "guid": "reply-1", "comment_id": answer["comment_id"]}
    assert isinstance(record["created"], int)
    thread = vk().get_api().wall.getComments(owner_id=ADMIN, post_id=post["post_id"], comment_id=question["comment_id"])
    assert thread["items"][0]["from_id"] == ADMIN
    wall_item = vk().get_api().wall.getById(posts=f"{ADMIN}_{post['post_id']}")["items"][0]
    assert wall_item["comments"]["count"] == 2


def test_repeated_guid_posts_once(vk: Any, inject: Any, replies: Any) -> None:
    """Sending the same guid twice returns the same comment id and lists a single reply."""
    post = inject(network="vk", text="пост")
    api = vk(GROUP_TOKEN).get_api()
    first = api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Ответ", guid="card-7")
    again = api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Ответ", guid="card-7")
    assert first == again
    assert len(replies()) == 1
    other = api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Ответ", guid="card-8")
    assert other["comment_id"] != first["comment_id"] and len(replies()) == 2


def test_replies_without_guid_or_thread_omit_those_keys(vk: Any, inject: Any, replies: Any) -> None:
    """A plain reply to a post is listed without reply_to_comment and guid."""
    post = inject(network="vk", text="пост")
    vk(GROUP_TOKEN).get_api().wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Ответ")
    record = replies()[0]
    assert "reply_to_comment" not in record and "guid" not in record and record["from_group"] == 100001


def test_user_token_comments_as_a_person_or_as_the_community(vk: Any, inject: Any, replies: Any) -> None:
    """A user token comments as the operator, or as the community with from_group."""
    post = inject(network="vk", text="пост")
    api = vk("usr.operator").get_api()
    api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="лично")
    api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="от сообщества", from_group=100001)
    assert [(r["from_group"], r["from_id"]) for r in replies()] == [(0, 500001), (100001, ADMIN)]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"post_id": 999999}, 100),
        ({"reply_to_comment": 424242}, 100),
        ({"message": ""}, 100),
        ({"owner_id": -100002}, 15),
        ({"from_group": 100002}, 15),
    ],
)
def test_create_comment_refusals(vk: Any, inject: Any, replies: Any, params: dict[str, Any], code: int) -> None:
    """Unknown post or comment, empty text, or a community token off its own wall are refused."""
    post = inject(network="vk", text="пост")
    other = inject(network="vk", text="чужой пост", owner_id=-100002)
    values = {"owner_id": ADMIN, "post_id": post["post_id"], "message": "Ответ", **params}
    if values["owner_id"] == -100002 and "post_id" not in params:
        values["post_id"] = other["post_id"]
    assert _error_code(lambda: vk(GROUP_TOKEN).method("wall.createComment", values)) == code
    assert replies() == []


def test_reply_to_a_comment_of_another_post_is_refused(vk: Any, inject: Any) -> None:
    """reply_to_comment must be a comment under that same post (error 100 otherwise)."""
    first = inject(network="vk", text="пост 1")
    second = inject(network="vk", text="пост 2")
    elsewhere = inject(network="vk", text="комментарий", post_id=second["post_id"])
    code = _error_code(lambda: vk(GROUP_TOKEN).get_api().wall.createComment(
        owner_id=ADMIN, post_id=first["post_id"], message="x", reply_to_comment=elsewhere["comment_id"]))
    assert code == 100


def test_closed_comments_are_error_212(vk: Any) -> None:
    """Commenting under the scenario's post with comments closed is error 212."""
    pinned = vk().get_api().wall.get(owner_id=ADMIN, count=1)["items"][0]
    assert pinned["comments"]["can_post"] == 0
    code = _error_code(lambda: vk(GROUP_TOKEN).get_api().wall.createComment(
        owner_id=ADMIN, post_id=pinned["id"], message="Ответ"))
    assert code == 212


def test_identical_comments_flood_when_enabled(sandbox: SandboxServer, vk: Any, inject: Any) -> None:
    """With flood_identical_comments on, the same text twice under one post is error 9."""
    sandbox.state.options.flood_identical_comments = True
    post = inject(network="vk", text="пост")
    api = vk(GROUP_TOKEN).get_api()
    api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Спасибо")
    assert _error_code(lambda: api.wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Спасибо")) == 9


@pytest.mark.parametrize(
    ("token", "method", "params", "code"),
    [
        (GROUP_TOKEN, "wall.get", {"owner_id": -100002}, 27),
        (GROUP_TOKEN, "wall.getComments", {"owner_id": ADMIN, "post_id": 2316}, 27),
        (GROUP_TOKEN, "newsfeed.search", {"q": "Соболево"}, 27),
        (GROUP_TOKEN, "board.getComments", {"group_id": 100001, "topic_id": 41}, 27),
        (GROUP_TOKEN, "board.createComment", {"group_id": 100001, "topic_id": 41, "message": "x"}, 27),
        (GROUP_TOKEN, "photos.getWallUploadServer", {"group_id": 100001}, 27),
        ("svc.tests", "wall.createComment", {"owner_id": ADMIN, "post_id": 2316, "message": "x"}, 28),
        ("svc.tests", "photos.getWallUploadServer", {"group_id": 100001}, 28),
        ("svc.tests", "board.createComment", {"group_id": 100001, "topic_id": 41, "message": "x"}, 28),
    ],
)
def test_token_types_are_enforced(vk: Any, token: str, method: str, params: dict[str, Any], code: int) -> None:
    """Each method accepts only the token types VK allows (27: community token, 28: service token)."""
    assert _error_code(lambda: vk(token).method(method, params)) == code


def test_any_token_reads_the_directory(vk: Any) -> None:
    """groups.getById works with every token type; a community token describes its own group."""
    assert vk(GROUP_TOKEN).get_api().groups.getById()["groups"][0]["id"] == 100001
    assert vk("usr.x").get_api().users.get()[0]["id"] == 500001


def test_board_reply_is_listed(vk: Any, replies: Any) -> None:
    """board.createComment (user token) adds to the topic and is listed with its topic_id, once per guid."""
    api = vk("usr.operator").get_api()
    first = api.board.createComment(group_id=100001, topic_id=41, message="Ответ главы", from_group=1, guid="b1")
    again = api.board.createComment(group_id=100001, topic_id=41, message="Ответ главы", from_group=1, guid="b1")
    assert first == again
    record = replies()[0]
    assert (record["topic_id"], record["from_group"], record["owner_id"], record["comment_id"]) == (41, 100001, ADMIN, first)
    assert record["post_id"] is None
    assert len(replies()) == 1
    assert vk().get_api().board.getComments(group_id=100001, topic_id=41, sort="desc", count=1)["items"][0]["id"] == first


def test_photo_upload_flow_through_vk_upload(vk: Any, inject: Any, replies: Any) -> None:
    """VkUpload.photo_wall uploads to the sandbox and the saved photo can be attached to a reply."""
    user = vk("usr.operator")
    photos = VkUpload(user).photo_wall([io.BytesIO(b"\x89PNG fake one"), io.BytesIO(b"\x89PNG fake two")],
                                       group_id=100001)
    assert len(photos) == 2 and all(p["owner_id"] == ADMIN for p in photos)
    refs = ",".join(f"photo{p['owner_id']}_{p['id']}" for p in photos)
    post = inject(network="vk", text="пост")
    answer = user.get_api().wall.createComment(owner_id=ADMIN, post_id=post["post_id"], message="Фото работ",
                                               attachments=refs, from_group=100001)
    assert replies()[0]["attachments"] == refs.split(",")
    comment = vk().get_api().wall.getComments(owner_id=ADMIN, post_id=post["post_id"])["items"][0]
    assert comment["id"] == answer["comment_id"]
    assert [a["photo"]["id"] for a in comment["attachments"]] == [p["id"] for p in photos]


def test_save_wall_photo_checks_the_upload(vk: Any) -> None:
    """photos.saveWallPhoto refuses a hash the upload server never gave (error 121)."""
    api = vk("usr.operator").get_api()
    assert _error_code(lambda: api.photos.saveWallPhoto(group_id=100001, photo="[]", server=1, hash="nope")) == 121
