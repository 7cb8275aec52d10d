"""Posting replies to VK as the community: parameters, board topics, photos, failures, read-back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from connector_fakes import FakeVk, HttpFailure, VkError, load_vk

from connectors.base import (
    PermanentError,
    PostedReply,
    Reply,
    ReplyTarget,
    TransientError,
)
from connectors.vk import VkConfig, VkConnector

POST = ReplyTarget(platform="vk", owner_id="-100001", post_id="4180", author_name="Марина Колесникова")
COMMENT = ReplyTarget(platform="vk", owner_id="-100001", post_id="4180", comment_id="9004", author_name="Светлана Юрьева")
TOPIC = ReplyTarget(platform="vk", owner_id="-100001", post_id="77", topic_id="77")
REPLY = Reply(text="Подвоз воды организован с 9:00, ремонт насоса завершат к пятнице.", guid="otklik-pub-42")


def publisher(clock: Any, sleeps: list[float], **overrides: Any) -> VkConnector:
    values: dict[str, Any] = {
        "name": "vk", "token": "svc.sandbox", "reply_token": "grp.100001.sandbox", "group_id": 100001,
        "min_request_interval": 0.0,
    }
    values.update(overrides)
    return VkConnector(VkConfig(**values), clock=clock, sleep=sleeps.append)


class TestWallReplies:
    def test_reply_to_a_post_is_posted_as_the_community_with_the_guid(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """The reply appears under the post, from the community, keyed by the publication's guid."""
        fake_vk.on("wall.createComment", load_vk("create_comment"))
        posted = publisher(clock, no_sleep).post_reply(POST, REPLY)
        assert posted == PostedReply(external_id="-100001_4180_c9107", url="https://vk.com/wall-100001_4180?reply=9107")
        method, form = fake_vk.http_requests[0]
        assert method == "wall.createComment"
        assert form["owner_id"] == "-100001" and form["post_id"] == "4180"
        assert form["from_group"] == "100001" and form["guid"] == "otklik-pub-42"
        assert form["access_token"] == "grp.100001.sandbox"
        assert "reply_to_comment" not in form and "attachments" not in form
        assert form["message"] == REPLY.text, "posted byte for byte as approved (fitted before approval)"

    def test_reply_to_a_comment_answers_that_comment(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Answering a comment threads the reply under it (reply_to_comment)."""
        fake_vk.on("wall.createComment", load_vk("create_comment"))
        publisher(clock, no_sleep).post_reply(COMMENT, REPLY)
        form = fake_vk.http_requests[0][1]
        assert form["reply_to_comment"] == "9004"
        assert form["message"] == REPLY.text

    def test_the_approved_text_is_posted_unchanged(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Nothing is added at publication: a greeting naming the author is not addressed again."""
        fake_vk.on("wall.createComment", load_vk("create_comment"))
        text = "Здравствуйте, Светлана!\n\nПодвоз воды организован с 9:00 🚰"
        publisher(clock, no_sleep).post_reply(COMMENT, Reply(text=text, guid="g-2"))
        assert fake_vk.http_requests[0][1]["message"] == text

    def test_a_reply_over_the_vk_limit_is_not_cut_silently(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Too long for VK (only possible if it was never fitted): handed to a person, nothing posted."""
        with pytest.raises(PermanentError, match="длиннее 16384"):
            publisher(clock, no_sleep).post_reply(POST, Reply(text="а" * 16_385, guid="g-3"))
        assert fake_vk.http_requests == []

    @pytest.mark.parametrize(
        ("code", "reason"),
        [(212, "комментарии под записью закрыты"), (213, "запрещено комментировать"), (15, "нет доступа"),
         (222, "запрещены ссылки"), (210, "записи: она удалена"), (211, "комментарию: он удалён")],
    )
    def test_impossible_replies_fail_permanently_with_a_reason(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float], code: int, reason: str) -> None:
        """Closed comments, a deleted post or a ban stop retries and say why, in Russian, for the card."""
        fake_vk.on("wall.createComment", VkError(code, "Access denied"))
        with pytest.raises(PermanentError, match=reason):
            publisher(clock, no_sleep).post_reply(POST, REPLY)

    @pytest.mark.parametrize("code", [9, 223, 10])
    def test_flood_and_server_errors_are_retried_later(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float], code: int) -> None:
        """Flood control (9), too many replies (223) and server errors are transient."""
        fake_vk.on("wall.createComment", VkError(code, "Flood control"))
        with pytest.raises(TransientError):
            publisher(clock, no_sleep).post_reply(POST, REPLY)

    def test_a_timeout_is_transient(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A request that times out is an unknown outcome the publisher retries (after checking)."""
        fake_vk.fail_next_http(HttpFailure(exception=requests.ReadTimeout("read timed out")))
        with pytest.raises(TransientError):
            publisher(clock, no_sleep).post_reply(POST, REPLY)

    def test_without_a_posting_token_the_reply_must_be_published_by_hand(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """No community token: a permanent failure that names the missing setting."""
        with pytest.raises(PermanentError, match="reply_token"):
            publisher(clock, no_sleep, reply_token=None).post_reply(POST, REPLY)
        assert fake_vk.http_requests == []


class TestBoardReplies:
    def test_board_topic_reply_uses_the_user_token(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A reply in a board topic is posted with board.createComment on behalf of the community."""
        fake_vk.on("board.createComment", 3344)
        vk = publisher(clock, no_sleep, token="usr.sandbox", token_type="user")
        posted = vk.post_reply(TOPIC, REPLY)
        method, form = fake_vk.http_requests[0]
        assert method == "board.createComment"
        assert (form["group_id"], form["topic_id"], form["from_group"], form["guid"]) == ("100001", "77", "1", "otklik-pub-42")
        assert form["access_token"] == "usr.sandbox"
        assert posted == PostedReply(external_id="-100001_topic77_c3344", url="https://vk.com/topic-100001_77?post=3344")

    def test_board_topic_with_only_a_community_token_fails_with_a_clear_reason(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """VK allows board replies with a user token only; the card says so."""
        with pytest.raises(PermanentError, match="ключом пользователя"):
            publisher(clock, no_sleep).post_reply(TOPIC, REPLY)
        assert fake_vk.http_requests == []


class TestPhotos:
    def test_photos_are_uploaded_and_attached(self, fake_vk: FakeVk, rsps: responses.RequestsMock, clock: Any, no_sleep: list[float], tmp_path: Path) -> None:
        """A reply with a photo: upload server, multipart upload, save, then the comment carries it."""
        photo = tmp_path / "repair.jpg"
        photo.write_bytes(b"\xff\xd8\xff\xe0fake-jpeg")
        upload_server = load_vk("photos_get_wall_upload_server")
        fake_vk.on("photos.getWallUploadServer", upload_server)
        uploaded = rsps.post(upload_server["upload_url"], json=load_vk("upload_photo_response"))
        fake_vk.on("photos.saveWallPhoto", load_vk("photos_save_wall_photo"))
        fake_vk.on("wall.createComment", load_vk("create_comment"))
        vk = publisher(clock, no_sleep, token="usr.sandbox", token_type="user")
        vk.post_reply(POST, Reply(text=REPLY.text, guid="g-1", attachments=(str(photo),)))
        assert [m for m, _ in fake_vk.http_requests] == ["photos.getWallUploadServer", "photos.saveWallPhoto", "wall.createComment"]
        assert fake_vk.http_requests[0][1]["group_id"] == "100001"
        body = uploaded.calls[0].request.body
        assert b'name="file0"' in body and b"fake-jpeg" in body
        saved = fake_vk.http_requests[1][1]
        assert (saved["server"], saved["hash"], saved["group_id"]) == ("847621", "ab9f2c44e1d3b7a8", "100001")
        assert fake_vk.http_requests[2][1]["attachments"] == "photo-100001_457239555"
        assert fake_vk.http_requests[2][1]["access_token"] == "grp.100001.sandbox"

    def test_photos_without_a_user_token_fail_permanently(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float], tmp_path: Path) -> None:
        """Uploading photos needs a user token; without one the reply goes to manual publication."""
        photo = tmp_path / "a.jpg"
        photo.write_bytes(b"jpeg")
        with pytest.raises(PermanentError, match="ключом пользователя"):
            publisher(clock, no_sleep).post_reply(POST, Reply(text="Текст", guid="g", attachments=(str(photo),)))
        assert fake_vk.http_requests == []


class TestFindReply:
    def test_finds_the_communitys_comment_with_the_same_text(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """After an unknown outcome, the already-posted reply is found instead of posting twice."""
        vk = publisher(clock, no_sleep)
        ours = {"id": 9110, "from_id": -100001, "date": 1718040000, "text": REPLY.text}
        someone = {"id": 9111, "from_id": 640078, "date": 1718040100, "text": REPLY.text}
        fake_vk.on("wall.getComments", lambda v: {"count": 1, "items": [someone] if "comment_id" not in v else [ours]})
        found = vk.find_reply(COMMENT, REPLY)
        assert found == PostedReply(external_id="-100001_4180_c9110", url="https://vk.com/wall-100001_4180?reply=9110")
        asked = fake_vk.calls_of("wall.getComments")
        assert [v.get("comment_id") for v in asked] == [None, 9004]
        assert fake_vk.http_requests[0][1]["access_token"] == "svc.sandbox"  # read back with the reading token

    def test_nothing_found_when_the_community_has_not_replied(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """With no matching community comment the publisher may post."""
        fake_vk.on("wall.getComments", {"count": 1, "items": [{"id": 1, "from_id": -100001, "date": 1, "text": "Другой ответ"}]})
        assert publisher(clock, no_sleep).find_reply(POST, REPLY) is None
