"""Reading the sandbox's VK walls, comments and search through the real vk_api library."""

from __future__ import annotations

from typing import Any

import pytest
from vk_api.exceptions import ApiError

from monitor.sandbox import SandboxServer

ADMIN = -100001
HOME = -100002


def test_wall_get_lists_pinned_first_then_newest(vk: Any) -> None:
    """wall.get shows the pinned post first, then posts newest first, with a stable total count."""
    api = vk().get_api()
    page = api.wall.get(owner_id=ADMIN, count=5)
    items = page["items"]
    assert page["count"] == 10
    assert items[0]["is_pinned"] == 1
    dates = [item["date"] for item in items[1:]]
    assert dates == sorted(dates, reverse=True)
    assert {"id", "owner_id", "from_id", "date", "text", "comments", "likes", "reposts", "views"} <= set(items[1])
    second = api.wall.get(owner_id=ADMIN, count=5, offset=5)
    assert second["count"] == 10
    assert not {i["id"] for i in items} & {i["id"] for i in second["items"]}


def test_injected_post_is_read_back_by_wall_get(vk: Any, inject: Any) -> None:
    """A post injected into the default wall is the newest post wall.get returns, with its author."""
    made = inject(network="vk", text="В Соболево снова нет воды", author="Пётр Смирнов")
    assert made["owner_id"] == ADMIN and made["url"] == f"https://vk.com/wall{ADMIN}_{made['post_id']}"
    page = vk().get_api().wall.get(owner_id=ADMIN, count=2, extended=1)
    newest = page["items"][1]
    assert newest["id"] == made["post_id"] and newest["text"] == "В Соболево снова нет воды"
    names = {(p["id"], p["first_name"], p["last_name"]) for p in page["profiles"]}
    assert (newest["from_id"], "Пётр", "Смирнов") in names
    assert any(g["id"] == 100001 for g in page["groups"])


def test_wall_get_by_domain_and_filter(vk: Any) -> None:
    """wall.get accepts a screen name, and filter=owner keeps only the community's own posts."""
    api = vk().get_api()
    by_domain = api.wall.get(domain="sobolevo_nash_dom", count=100)
    assert by_domain["count"] == 15 and all(i["owner_id"] == HOME for i in by_domain["items"])
    own = api.wall.get(owner_id=HOME, filter="owner")
    assert own["count"] == 0
    assert api.wall.get(owner_id=HOME, filter="others")["count"] == 15


def test_count_is_clamped_to_100(sandbox: SandboxServer, vk: Any) -> None:
    """Asking wall.get for 500 posts returns at most 100, as VK does."""
    import requests

    requests.post(f"{sandbox.base_url}/_sandbox/bulk", json={"walls": 1, "posts_per_wall": 150}, timeout=30)
    owner = -max(sandbox.state.communities)
    page = vk().get_api().wall.get(owner_id=owner, count=500)
    assert page["count"] == 150 and len(page["items"]) == 100


def test_injected_comment_is_read_back_by_get_comments(vk: Any, inject: Any) -> None:
    """A comment injected under a post appears in wall.getComments and in the post's comment count."""
    post = inject(network="vk", text="Когда починят дорогу в Устьевое?", owner_id=-100003)
    comment = inject(network="vk", text="Присоединяюсь к вопросу", owner_id=-100003, post_id=post["post_id"])
    assert comment["url"] == f"https://vk.com/wall-100003_{post['post_id']}?reply={comment['comment_id']}"
    api = vk().get_api()
    got = api.wall.getComments(owner_id=-100003, post_id=post["post_id"], preview_length=0)
    assert [c["id"] for c in got["items"]] == [comment["comment_id"]]
    assert got["items"][0]["text"] == "Присоединяюсь к вопросу" and got["can_post"] is True
    wall_item = api.wall.getById(posts=f"-100003_{post['post_id']}")["items"][0]
    assert wall_item["comments"]["count"] == 1


def test_comment_ids_grow_with_time_on_a_wall(inject: Any) -> None:
    """Posts and comments on one wall share growing ids, so a poller can keep the last seen id."""
    post = inject(network="vk", text="пост")
    first = inject(network="vk", text="первый", post_id=post["post_id"])
    other = inject(network="vk", text="другой пост")
    second = inject(network="vk", text="второй", post_id=post["post_id"])
    assert post["post_id"] < first["comment_id"] < other["post_id"] < second["comment_id"]


def test_preview_length_truncates_unless_zero(vk: Any, inject: Any) -> None:
    """Without preview_length=0, wall.getComments cuts long comments (VK's default of 90 characters)."""
    post = inject(network="vk", text="пост")
    long_text = "Очень длинный комментарий про котельную " * 5
    inject(network="vk", text=long_text, post_id=post["post_id"])
    api = vk().get_api()
    cut = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"])["items"][0]["text"]
    full = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"], preview_length=0)["items"][0]["text"]
    assert full == long_text.strip()
    assert len(cut) < len(full) and cut.startswith(full[:80])
    assert api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"], preview_length=20)["items"][0]["text"] \
        == full[:20].rstrip() + "..."


def test_threads_and_comment_id(vk: Any, inject: Any) -> None:
    """Replies sit in their comment's thread: inline with thread_items_count, or whole via comment_id."""
    post = inject(network="vk", text="пост")
    top = inject(network="vk", text="вопрос", post_id=post["post_id"])
    answer = inject(network="vk", text="ответ", post_id=post["post_id"], reply_to_comment=top["comment_id"])
    api = vk().get_api()
    listed = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"], thread_items_count=5, preview_length=0)
    assert [c["id"] for c in listed["items"]] == [top["comment_id"]]
    thread = listed["items"][0]["thread"]
    assert thread["count"] == 1 and thread["items"][0]["id"] == answer["comment_id"]
    assert thread["items"][0]["parents_stack"] == [top["comment_id"]]
    assert thread["items"][0]["reply_to_comment"] == top["comment_id"]
    only_thread = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"], comment_id=top["comment_id"])
    assert [c["id"] for c in only_thread["items"]] == [answer["comment_id"]]
    no_inline = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"])
    assert no_inline["items"][0]["thread"] == {**thread, "items": []}


def test_start_comment_id_and_sort(vk: Any, inject: Any) -> None:
    """start_comment_id with sort=asc lists from that comment on; sort=desc lists newest first."""
    post = inject(network="vk", text="пост")
    ids = [inject(network="vk", text=f"комментарий {i}", post_id=post["post_id"])["comment_id"] for i in range(5)]
    api = vk().get_api()
    after = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"], sort="asc", start_comment_id=ids[2])
    assert [c["id"] for c in after["items"]] == ids[2:]
    newest = api.wall.getComments(owner_id=ADMIN, post_id=post["post_id"], sort="desc", count=2)
    assert [c["id"] for c in newest["items"]] == ids[:-3:-1]
    assert newest["count"] == 5


def test_scenario_comments_by_the_community(vk: Any) -> None:
    """The scenario's administration answers are comments whose author is the community itself."""
    api = vk().get_api()
    posts = api.wall.get(owner_id=ADMIN, count=100)["items"]
    authors = {c["from_id"] for p in posts
               for c in api.wall.getComments(owner_id=ADMIN, post_id=p["id"], count=100)["items"]}
    assert ADMIN in authors and any(a > 0 for a in authors)


def test_newsfeed_search_is_case_insensitive_and_windowed(sandbox: SandboxServer, vk: Any, inject: Any) -> None:
    """newsfeed.search matches text regardless of case, over the last 24 hours unless told otherwise."""
    now = sandbox.state.now()
    fresh = inject(network="vk", text="КРУТОГОРОВСКИЙ без связи", owner_id=-100004)
    old = inject(network="vk", text="Крутогоровский: старая новость", owner_id=-100004, created=now - 3 * 86400)
    api = vk().get_api()
    found = {(i["owner_id"], i["id"]) for i in api.newsfeed.search(q="крутогоровский", count=200)["items"]}
    assert (-100004, fresh["post_id"]) in found and (-100004, old["post_id"]) not in found
    wide = api.newsfeed.search(q="крутогоровский", start_time=now - 7 * 86400, count=200)
    assert (-100004, old["post_id"]) in {(i["owner_id"], i["id"]) for i in wide["items"]}


def test_newsfeed_search_pages_with_next_from(sandbox: SandboxServer, vk: Any) -> None:
    """newsfeed.search pages with next_from / start_from and returns each post once, newest first."""
    api = vk().get_api()
    start = sandbox.state.now() - 10 * 86400
    everything = api.newsfeed.search(q="соболево", start_time=start, count=200)["items"]
    seen: list[int] = []
    page = api.newsfeed.search(q="соболево", start_time=start, count=3)
    while True:
        seen += [i["date"] for i in page["items"]]
        if "next_from" not in page:
            break
        page = api.newsfeed.search(q="соболево", start_time=start, count=3, start_from=page["next_from"])
    assert len(seen) == len(everything) > 3
    assert seen == sorted(seen, reverse=True)


def test_newsfeed_search_by_location(sandbox: SandboxServer, vk: Any) -> None:
    """newsfeed.search with coordinates finds only posts tagged near that point."""
    api = vk().get_api()
    start = sandbox.state.now() - 10 * 86400
    found = api.newsfeed.search(latitude=54.15, longitude=155.84, start_time=start)["items"]
    assert found and all(i["owner_id"] == -100003 and "geo" in i for i in found)


def test_directory_methods(vk: Any) -> None:
    """groups.getById and users.get describe the scenario's communities and people."""
    api = vk().get_api()
    groups = api.groups.getById(group_ids="100001,sobolevo_nash_dom")["groups"]
    assert [g["name"] for g in groups] == ["Администрация Соболевского муниципального района", "Соболево — наш дом"]
    users = api.users.get(user_ids="183204571,1")
    assert users[0]["first_name"] == "Ирина" and users[1]["deactivated"] == "deleted"


def test_board_topics_and_comments(vk: Any) -> None:
    """board.getTopics and board.getComments list the administration's discussion board."""
    api = vk().get_api()
    topics = api.board.getTopics(group_id=100001)
    assert topics["count"] == 2 and topics["items"][0]["title"] == "Вопросы главе района"
    comments = api.board.getComments(group_id=100001, topic_id=41, sort="desc", count=1)
    assert comments["count"] == 3 and "фельдшер" in comments["items"][0]["text"]


@pytest.mark.parametrize(
    ("token", "params", "code"),
    [
        (None, {}, 5),
        ("nonsense", {}, 5),
        ("grp.999.x", {}, 5),
        ("svc.x", {"v": ""}, 8),
        ("svc.x", {"owner_id": 123}, 100),
    ],
)
def test_basic_errors(raw: Any, token: str | None, params: dict[str, Any], code: int) -> None:
    """A missing or unknown token is error 5, a missing version 8, an unknown wall 100."""
    answer = raw("wall.get", token=token, **{"owner_id": ADMIN, **params})
    assert answer["error"]["error_code"] == code
    assert {"key": "method", "value": "wall.get"} in answer["error"]["request_params"]
    assert all(p["key"] != "access_token" for p in answer["error"]["request_params"])


def test_unknown_method_is_error_3(vk: Any) -> None:
    """An unknown method name is VK error 3, raised by vk_api as ApiError."""
    with pytest.raises(ApiError) as caught:
        vk().method("wall.getNothing", {})
    assert caught.value.code == 3


def test_bearer_header_is_accepted(sandbox: SandboxServer) -> None:
    """The token may come in an Authorization: Bearer header instead of access_token."""
    import requests

    answer = requests.get(f"{sandbox.base_url}/vk/method/users.get", params={"v": "5.199", "user_ids": 183204571},
                          headers={"Authorization": "Bearer svc.header"}, timeout=10).json()
    assert answer["response"][0]["last_name"] == "Ковалёва"
