"""Reading VK: walls through execute, comments when counts change, search paging, normalization."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import responses
from connector_fakes import SANDBOX_BASE, FakeVk, VkError, load_vk, parse_vkscript

from connectors.vk import VkConfig, VkConnector

COMMUNITY = -100001


def connector(clock: Any, sleeps: list[float], **overrides: Any) -> VkConnector:
    values: dict[str, Any] = {
        "name": "vk-walls",
        "token": "svc.sandbox",
        "reply_token": "grp.100001.sandbox",
        "group_id": 100001,
        "walls": (COMMUNITY,),
        "comments_posts": 10,
        "min_request_interval": 0.0,
    }
    values.update(overrides)
    return VkConnector(VkConfig(**values), clock=clock, sleep=sleeps.append)


def wall_with(posts: list[dict[str, Any]], owner: int = COMMUNITY) -> dict[str, Any]:
    return {"count": len(posts), "items": posts, "profiles": [], "groups": []}


def post(post_id: int, comments: int = 0, owner: int = COMMUNITY, **extra: Any) -> dict[str, Any]:
    return {
        "id": post_id, "owner_id": owner, "from_id": owner, "date": 1718000000 + post_id, "post_type": "post",
        "text": f"Запись {post_id}", "comments": {"count": comments, "can_post": 1},
        "likes": {"count": 0}, "reposts": {"count": 0}, "views": {"count": 10}, **extra,
    }


def comments_answer(*items: dict[str, Any]) -> dict[str, Any]:
    return {"count": len(items), "current_level_count": len(items), "items": list(items), "profiles": [], "groups": []}


def comment(comment_id: int, text: str = "комментарий", thread: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": comment_id, "from_id": 733001, "date": 1718020000 + comment_id, "text": text, "likes": {"count": 0},
        "thread": {"count": len(thread or []), "items": thread or [], "can_post": True},
    }


class TestWallPolling:
    def test_first_poll_returns_current_wall_posts_in_one_execute_request(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """On the first poll the operator sees what the wall shows now, fetched in one batched request."""
        fake_vk.on("wall.get", load_vk("wall_get_community"))
        fake_vk.on("wall.getComments", load_vk("wall_get_comments"))
        result = connector(clock, no_sleep, comments_posts=1).fetch(None)
        posts = [m for m in result.messages if m.kind == "post"]
        assert sorted(m.external_id for m in posts) == ["-100001_4120", "-100001_4178", "-100001_4180"]
        assert result.requests == 2  # wall.get batch, then the comments of the one changed post
        assert [name for name, _ in fake_vk.http_requests] == ["execute", "execute"]
        assert parse_vkscript(fake_vk.scripts[0]) == [
            ("wall.get", {"owner_id": COMMUNITY, "count": 100, "extended": 1}),
        ]

    def test_execute_script_has_the_plain_return_list_form(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """The sandbox can read our batches: the script is exactly `return [API.m({...}),...];`."""
        fake_vk.on("wall.get", wall_with([]))
        fake_vk.on("newsfeed.search", {"items": [], "count": 0, "total_count": 0})
        connector(clock, no_sleep, walls=(-1, -2), search=("Соболево",)).fetch(None)
        script = fake_vk.scripts[0]
        assert script == (
            'return [API.wall.get({"owner_id":-1,"count":100,"extended":1}),'
            'API.wall.get({"owner_id":-2,"count":100,"extended":1}),'
            'API.newsfeed.search({"q":"Соболево","count":100,"extended":1})];'
        )

    def test_api_base_redirects_every_call_to_the_configured_host(self, rsps: responses.RequestsMock, clock: Any, no_sleep: list[float]) -> None:
        """With api_base set (the sandbox), no request goes to api.vk.ru."""
        sandbox = FakeVk(rsps, base=SANDBOX_BASE)
        sandbox.on("wall.get", wall_with([post(7)]))
        result = connector(clock, no_sleep, api_base=SANDBOX_BASE).fetch(None)
        assert [m.external_id for m in result.messages] == ["-100001_7"]
        assert all(call.request.url.startswith(SANDBOX_BASE + "/method/") for call in rsps.calls)

    def test_normalized_post_fields(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A citizen's post carries its link, author name, time, counts and place."""
        fake_vk.on("wall.get", load_vk("wall_get_community"))
        fake_vk.on("wall.getComments", comments_answer())
        result = connector(clock, no_sleep).fetch(None)
        water = next(m for m in result.messages if m.external_id == "-100001_4180")
        assert water.platform == "vk" and water.kind == "post"
        assert water.url == "https://vk.com/wall-100001_4180"
        assert water.text.startswith("В Соболево на улице Набережной")
        assert water.created_at == datetime(2024, 6, 10, 12, 0, tzinfo=UTC)
        assert (water.author_id, water.author_name) == ("512345", "Марина Колесникова")
        assert (water.likes, water.reposts, water.comments, water.views) == (12, 1, 4, 380)
        assert water.geo == (54.3003, 155.9561)
        assert (water.owner_id, water.post_id) == ("-100001", "4180")
        assert water.raw["attachments"][0]["type"] == "photo"
        pinned = next(m for m in result.messages if m.external_id == "-100001_4120")
        assert pinned.author_name == "Администрация Соболевского района"
        repost = next(m for m in result.messages if m.external_id == "-100001_4178")
        assert "график подвоза питьевой воды" in repost.text

    def test_ads_and_pinned_duplicates_are_skipped(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """An advertising post never becomes a message; the pinned post appears once."""
        fake_vk.on("wall.get", load_vk("wall_get_community"))
        fake_vk.on("wall.getComments", comments_answer())
        ids = [m.external_id for m in connector(clock, no_sleep).fetch(None).messages]
        assert "-100001_4179" not in ids
        assert ids.count("-100001_4120") == 1

    def test_second_poll_returns_only_newer_posts_and_reads_no_unchanged_comments(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Posts already seen are not returned again, and quiet posts cost no comment calls."""
        fake_vk.on("wall.get", wall_with([post(11, comments=2), post(10)]))
        fake_vk.on("wall.getComments", comments_answer(comment(1), comment(2)))
        vk = connector(clock, no_sleep)
        first = vk.fetch(None)
        fake_vk.on("wall.get", wall_with([post(12), post(11, comments=2), post(10)]))
        calls_before = len(fake_vk.calls_of("wall.getComments"))
        second = vk.fetch(json.loads(json.dumps(first.cursor)))
        assert [m.external_id for m in second.messages] == ["-100001_12"]
        assert len(fake_vk.calls_of("wall.getComments")) == calls_before
        assert second.requests == 1
        assert second.cursor["walls"][str(COMMUNITY)]["max_post_id"] == 12

    def test_a_wall_newest_below_the_cursor_is_read_again_and_reported(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A reset network hands out ids again below the cursor: the wall is read afresh (its posts
        and its recent comments), the place is reported, and the cursor comes down to the wall."""
        fake_vk.on("wall.get", wall_with([post(40, comments=1), post(12)]))
        fake_vk.on("wall.getComments", comments_answer(comment(41)))
        vk = connector(clock, no_sleep)
        first = vk.fetch(None)
        assert first.cursor_ahead == ()
        fake_vk.on("wall.get", wall_with([post(14, comments=1), post(13), post(12)]))
        fake_vk.on("wall.getComments", comments_answer(comment(15)))
        second = vk.fetch(json.loads(json.dumps(first.cursor)))
        assert sorted(m.external_id for m in second.messages) == [
            "-100001_12", "-100001_13", "-100001_14", "-100001_14_c15"]
        assert second.cursor_ahead == ({"wall": COMMUNITY, "newest_id": 14, "cursor_id": 40},)
        assert second.cursor["walls"][str(COMMUNITY)]["max_post_id"] == 14
        fake_vk.on("wall.get", wall_with([post(16), post(14, comments=1), post(13), post(12)]))
        third = vk.fetch(json.loads(json.dumps(second.cursor)))
        assert [m.external_id for m in third.messages] == ["-100001_16"] and third.cursor_ahead == ()


class TestComments:
    def test_comments_and_thread_replies_are_normalized_and_deleted_ones_skipped(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Comments link to their post; a thread reply's link opens its thread; deleted ones vanish."""
        fake_vk.on("wall.get", wall_with([post(4180, comments=4)]))
        fake_vk.on("wall.getComments", load_vk("wall_get_comments"))
        result = connector(clock, no_sleep).fetch(None)
        comments = {m.external_id: m for m in result.messages if m.kind == "comment"}
        assert set(comments) == {"-100001_4180_c9001", "-100001_4180_c9003", "-100001_4180_c9004"}
        top = comments["-100001_4180_c9001"]
        assert top.url == "https://vk.com/wall-100001_4180?reply=9001"
        assert top.parent_external_id == "-100001_4180"
        assert (top.author_id, top.author_name, top.likes) == ("733001", "Пётр Ганиев", 3)
        assert top.comment_id == "9001" and top.post_id == "4180"
        reply = comments["-100001_4180_c9003"]
        assert reply.url == "https://vk.com/wall-100001_4180?reply=9003&thread=9001"
        assert reply.author_name == "Марина Колесникова"
        values = fake_vk.calls_of("wall.getComments")[0]
        assert values["preview_length"] == 0 and values["sort"] == "asc" and values["count"] == 100
        assert values["thread_items_count"] == 10 and "start_comment_id" not in values

    def test_comments_are_read_only_for_posts_whose_count_changed(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A new comment under one post is fetched from the last one seen; the other post is left alone."""
        fake_vk.on("wall.get", wall_with([post(21, comments=1), post(20, comments=1)]))
        fake_vk.on("wall.getComments", lambda v: comments_answer(comment(100 + int(v["post_id"]))))
        vk = connector(clock, no_sleep)
        cursor = vk.fetch(None).cursor
        fake_vk.on("wall.get", wall_with([post(21, comments=2), post(20, comments=1)]))
        fake_vk.on("wall.getComments", comments_answer(comment(121), comment(130, "новый комментарий")))
        before = len(fake_vk.calls_of("wall.getComments"))
        result = vk.fetch(cursor)
        asked = fake_vk.calls_of("wall.getComments")[before:]
        assert [(int(v["post_id"]), int(v["start_comment_id"])) for v in asked] == [(21, 121)]
        assert [m.external_id for m in result.messages] == ["-100001_21_c130"]
        assert result.cursor["walls"][str(COMMUNITY)]["posts"]["21"] == {"count": 2, "last_top": 130, "last": 130}

    def test_a_reply_in_an_older_thread_is_found_through_the_newest_threads(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """When the count grew but no new top-level comment explains it, the newest threads are read."""
        fake_vk.on("wall.get", wall_with([post(30, comments=2)]))
        fake_vk.on("wall.getComments", comments_answer(comment(301), comment(302)))
        vk = connector(clock, no_sleep)
        cursor = vk.fetch(None).cursor
        fake_vk.on("wall.get", wall_with([post(30, comments=3)]))
        threaded = comments_answer(comment(302), comment(301, thread=[comment(303, "ответ в ветке")]))

        def answer(values: dict[str, Any]) -> dict[str, Any]:
            return threaded if values["sort"] == "desc" else comments_answer(comment(302))

        fake_vk.on("wall.getComments", answer)
        result = vk.fetch(cursor)
        assert [m.external_id for m in result.messages] == ["-100001_30_c303"]
        assert result.messages[0].url.endswith("?reply=303&thread=301")

    def test_a_full_page_of_comments_is_continued_from_the_last_one(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A post with more than 100 new comments is read page after page, none lost."""
        fake_vk.on("wall.get", wall_with([post(40, comments=150)]))

        def page(values: dict[str, Any]) -> dict[str, Any]:
            start = int(values.get("start_comment_id", 1))
            return comments_answer(*(comment(i) for i in range(start, min(start + 100, 151))))

        fake_vk.on("wall.getComments", page)
        result = connector(clock, no_sleep).fetch(None)
        assert len([m for m in result.messages if m.kind == "comment"]) == 150
        assert result.cursor["walls"][str(COMMUNITY)]["posts"]["40"]["count"] == 150

    def test_a_failed_later_page_keeps_the_old_count_and_the_next_poll_reads_the_rest(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Page two of 150 new comments fails: the count is not stored, so the next poll reads 101-150."""
        fake_vk.on("wall.get", wall_with([post(40, comments=0)]))
        vk = connector(clock, no_sleep)
        cursor = vk.fetch(None).cursor
        fake_vk.on("wall.get", wall_with([post(40, comments=150)]))
        failing = {"on": True}

        def page(values: dict[str, Any]) -> Any:
            start = int(values.get("start_comment_id", 1))
            if start > 1 and failing["on"]:
                return VkError(10, "Internal server error")
            return comments_answer(*(comment(i) for i in range(start, min(start + 100, 151))))

        fake_vk.on("wall.getComments", page)
        first = vk.fetch(cursor)
        assert len([m for m in first.messages if m.kind == "comment"]) == 100
        assert first.cursor["walls"][str(COMMUNITY)]["posts"]["40"]["count"] == 0, "the count waits for the rest"
        failing["on"] = False
        second = vk.fetch(first.cursor)
        got = {int(m.comment_id or 0) for m in second.messages if m.kind == "comment"}
        assert set(range(101, 151)) <= got
        assert second.cursor["walls"][str(COMMUNITY)]["posts"]["40"]["count"] == 150

    def test_a_failed_thread_read_keeps_the_old_count_and_the_reply_is_found_next_poll(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """The newest threads cannot be read this poll: the reply in an older thread comes next poll."""
        fake_vk.on("wall.get", wall_with([post(30, comments=2)]))
        fake_vk.on("wall.getComments", comments_answer(comment(301), comment(302)))
        vk = connector(clock, no_sleep)
        cursor = vk.fetch(None).cursor
        fake_vk.on("wall.get", wall_with([post(30, comments=4)]))
        threaded = comments_answer(comment(304), comment(302), comment(301, thread=[comment(303, "ответ в ветке")]))
        failing = {"on": True}

        def answer(values: dict[str, Any]) -> Any:
            if values["sort"] == "desc":
                return VkError(10, "Internal server error") if failing["on"] else threaded
            return comments_answer(comment(302), comment(304, "новый комментарий"))

        fake_vk.on("wall.getComments", answer)
        first = vk.fetch(cursor)
        assert [m.external_id for m in first.messages] == ["-100001_30_c304"]
        assert first.cursor["walls"][str(COMMUNITY)]["posts"]["30"]["count"] == 2, "the count waits for the thread"
        failing["on"] = False
        second = vk.fetch(first.cursor)
        assert "-100001_30_c303" in [m.external_id for m in second.messages]
        assert second.cursor["walls"][str(COMMUNITY)]["posts"]["30"]["count"] == 4

    def test_closed_comments_do_not_stop_the_poll(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Comments closed under one post (212) leave the wall's posts and the other comments intact."""
        fake_vk.on("wall.get", wall_with([post(51, comments=1), post(50, comments=1)]))
        fake_vk.on("wall.getComments", lambda v: VkError(212, "Access to post comments denied") if v["post_id"] == 51 else comments_answer(comment(501)))
        result = connector(clock, no_sleep).fetch(None)
        assert {m.external_id for m in result.messages} == {"-100001_51", "-100001_50", "-100001_50_c501"}
        assert result.cursor["walls"][str(COMMUNITY)]["posts"]["51"]["count"] == 1


class TestExecuteErrors:
    def test_one_inaccessible_wall_does_not_lose_the_other_walls(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A `false` slot in execute (wall closed) fails alone; the other walls' posts arrive."""
        walls = {-1: wall_with([post(1, owner=-1)], -1), -3: wall_with([post(3, owner=-3)], -3)}
        fake_vk.on("wall.get", lambda v: walls.get(int(v["owner_id"])) or VkError(15, "Access denied: group is blocked"))
        old_cursor = {"version": 1, "walls": {"-2": {"max_post_id": 77, "posts": {}}}, "queries": {}}
        result = connector(clock, no_sleep, walls=(-1, -2, -3)).fetch(old_cursor)
        assert sorted(m.external_id for m in result.messages) == ["-1_1", "-3_3"]
        assert result.cursor["walls"]["-2"] == {"max_post_id": 77, "posts": {}}

    def test_hundred_quiet_walls_cost_four_requests(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Watching 100 walls costs 4 HTTP requests per poll when nothing has new comments."""
        walls = tuple(-(200000 + i) for i in range(100))
        fake_vk.on("wall.get", lambda v: wall_with([post(5, comments=2, owner=int(v["owner_id"])), post(4, owner=int(v["owner_id"]))]))
        fake_vk.on("wall.getComments", comments_answer(comment(1), comment(2)))
        vk = connector(clock, no_sleep, walls=walls)
        cursor = vk.fetch(None).cursor
        fake_vk.http_requests.clear()
        result = vk.fetch(cursor)
        assert result.requests == 4
        assert len(fake_vk.http_requests) == 4
        assert result.messages == []

    def test_execute_refused_for_the_token_falls_back_to_plain_calls(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """If VK refuses execute for a service token, walls are still read, one call per request."""
        fake_vk.queue("execute", VkError(28, "Application authorization failed: method is unavailable with service token"))
        fake_vk.on("wall.get", lambda v: wall_with([post(9, owner=int(v["owner_id"]))]))
        result = connector(clock, no_sleep, walls=(-1, -2)).fetch(None)
        assert sorted(m.external_id for m in result.messages) == ["-1_9", "-2_9"]
        assert [name for name, _ in fake_vk.http_requests] == ["execute", "wall.get", "wall.get"]


class TestSearch:
    def test_search_pages_through_next_from_and_resumes_from_the_newest_time(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """All pages of a search are read; the next poll asks only from the newest post's time."""
        pages = {None: load_vk("newsfeed_search_page1"), "5/-200300_57": load_vk("newsfeed_search_page2")}
        fake_vk.on("newsfeed.search", lambda v: pages[v.get("start_from")])
        vk = connector(clock, no_sleep, walls=(), search=("Соболево",))
        first = vk.fetch(None)
        assert [m.external_id for m in first.messages] == ["-100001_4178", "-200300_57", "640100_311"]
        bear = next(m for m in first.messages if m.external_id == "640100_311")
        assert bear.author_name == "Ольга Мещерякова" and bear.url == "https://vk.com/wall640100_311"
        assert first.cursor["queries"]["Соболево"] == {"last_time": 1718030000, "last_ids": ["640100_311"]}
        fake_vk.on("newsfeed.search", load_vk("newsfeed_search_page1") | {"next_from": None})
        second = vk.fetch(first.cursor)
        last = fake_vk.calls_of("newsfeed.search")[-1]
        assert last["start_time"] == 1718030000 and "start_from" not in last
        assert second.messages == []  # the post at exactly that second was already returned

    def test_a_failed_search_page_keeps_the_old_search_cursor(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """If a later page fails, the search is asked again from the same time next poll."""
        fake_vk.on("newsfeed.search", lambda v: VkError(10, "Internal server error") if v.get("start_from") else load_vk("newsfeed_search_page1"))
        old = {"version": 1, "walls": {}, "queries": {"Соболево": {"last_time": 1718000000, "last_ids": []}}}
        result = connector(clock, no_sleep, walls=(), search=("Соболево",)).fetch(old)
        assert result.cursor["queries"]["Соболево"] == {"last_time": 1718000000, "last_ids": []}


class TestPages:
    def test_a_poll_comes_page_by_page_one_per_execute_request(self, fake_vk: FakeVk, clock: Any,
                                                              no_sleep: list[float]) -> None:
        """30 walls take two execute requests and the comments a third: each request's messages
        come as a page as soon as it answers, then the cursor; together they are ``fetch``'s."""
        def wall(values: dict[str, Any]) -> dict[str, Any]:
            owner = int(values["owner_id"])
            return wall_with([post(1, comments=1 if owner == -1 else 0, owner=owner)])

        fake_vk.on("wall.get", wall)
        fake_vk.on("wall.getComments", comments_answer(comment(7)))
        walls = tuple(range(-1, -31, -1))
        feed = connector(clock, no_sleep, walls=walls).fetch_pages(None)
        first = next(feed)
        assert len(fake_vk.http_requests) == 1, "the first page is handed over before the next request"
        pages = [first, *feed]
        assert [len(p.messages) for p in pages] == [25, 5, 1, 0]
        assert [p.end is not None for p in pages] == [False, False, False, True]
        assert pages[2].messages[0].parent_external_id == "-1_1"
        end = pages[-1].end
        assert end is not None and end.requests == 3 and len(fake_vk.http_requests) == 3
        whole = connector(clock, no_sleep, walls=walls).fetch(None)
        assert whole.cursor == end.cursor and whole.requests == 3
        assert sorted(m.external_id for p in pages for m in p.messages) == sorted(m.external_id for m in whole.messages)
