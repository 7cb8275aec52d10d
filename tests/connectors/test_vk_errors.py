"""VK failures reach the daemon as one of three outcomes: retry later, stop and alert, give up."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from connector_fakes import FakeVk, HttpFailure, VkError

from connectors.base import AuthError, CaptchaError, PermanentError, TransientError
from connectors.vk import VkConfig, VkConnector
from connectors.vk.errors import error_for_code, seconds_until_quota_reset
from monitor.core.clock import FrozenClock


def reader(clock: Any, sleeps: list[float], **overrides: Any) -> VkConnector:
    values: dict[str, Any] = {"name": "vk", "token": "svc.sandbox", "walls": (-100001,), "min_request_interval": 0.0}
    values.update(overrides)
    return VkConnector(VkConfig(**values), clock=clock, sleep=sleeps.append)


WALL = {"count": 1, "items": [{"id": 1, "owner_id": -100001, "from_id": -100001, "date": 1718000000, "text": "x"}]}


class TestFetchErrors:
    def test_bad_token_stops_the_source(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Error 5 (token invalid or expired) becomes AuthError so the daemon stops the source and alerts."""
        fake_vk.queue("execute", VkError(5, "User authorization failed: invalid access_token (4)."))
        with pytest.raises(AuthError, match="VK error 5"):
            reader(clock, no_sleep).fetch(None)

    def test_too_many_requests_is_retried_by_the_library_then_succeeds(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Error 6 once: the poll pauses half a second, retries and returns the posts."""
        fake_vk.queue("execute", VkError(6, "Too many requests per second"))
        fake_vk.on("wall.get", WALL)
        result = reader(clock, no_sleep).fetch(None)
        assert [m.external_id for m in result.messages] == ["-100001_1"]
        assert no_sleep == [0.5]
        assert result.requests == 2

    def test_persistent_too_many_requests_gives_up_as_transient(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Error 6 that does not clear is retried a bounded number of times, then left for the next poll."""
        fake_vk.queue("execute", *[VkError(6, "Too many requests per second")] * 10)
        with pytest.raises(TransientError):
            reader(clock, no_sleep).fetch(None)
        assert no_sleep == [0.5, 0.5, 0.5]

    def test_captcha_is_surfaced_with_its_sid_and_image_and_never_retried(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """Error 14 reaches a person with the captcha id and picture; no second request is made."""
        fake_vk.queue("execute", VkError(14, "Captcha needed", {"captcha_sid": "548723145", "captcha_img": "https://api.vk.ru/captcha.php?sid=548723145"}))
        with pytest.raises(CaptchaError) as caught:
            reader(clock, no_sleep).fetch(None)
        assert caught.value.sid == "548723145"
        assert caught.value.img == "https://api.vk.ru/captcha.php?sid=548723145"
        assert len(fake_vk.http_requests) == 1

    def test_daily_quota_waits_until_the_next_day(self, fake_vk: FakeVk, no_sleep: list[float]) -> None:
        """Error 29 (method quota for today) asks to retry after midnight Moscow time."""
        clock = FrozenClock(datetime(2024, 6, 12, 20, 0, tzinfo=UTC))  # 23:00 in Moscow
        fake_vk.queue("execute", VkError(29, "Rate limit reached"))
        with pytest.raises(TransientError) as caught:
            reader(clock, no_sleep).fetch(None)
        assert caught.value.retry_after == 3600.0

    @pytest.mark.parametrize("code", [1, 9, 10])
    def test_server_and_flood_errors_are_transient(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float], code: int) -> None:
        """Errors 1, 9 and 10 for the whole batch mean: try again at the next poll."""
        fake_vk.queue("execute", VkError(code, "Internal server error"))
        with pytest.raises(TransientError):
            reader(clock, no_sleep).fetch(None)

    def test_http_500_is_transient(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """VK or a proxy answering HTTP 500 means: try again later."""
        fake_vk.fail_next_http(HttpFailure(status=500))
        with pytest.raises(TransientError, match="HTTP 500"):
            reader(clock, no_sleep).fetch(None)

    def test_connection_error_is_transient(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """No network at all is a transient failure, never a crash."""
        fake_vk.fail_next_http(HttpFailure(exception=requests.ConnectionError("connection refused")))
        with pytest.raises(TransientError, match="unreachable"):
            reader(clock, no_sleep).fetch(None)

    def test_inner_auth_error_stops_the_poll(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A token problem reported inside execute still stops the source."""
        fake_vk.on("wall.get", VkError(5, "User authorization failed"))
        with pytest.raises(AuthError):
            reader(clock, no_sleep).fetch(None)

    def test_community_token_cannot_read_walls(self, fake_vk: FakeVk, clock: Any, no_sleep: list[float]) -> None:
        """A source whose reading token is a community token fails with a reason, without calling VK."""
        with pytest.raises(AuthError, match="service or user token"):
            reader(clock, no_sleep, token="grp.100001.sandbox", token_type="group").fetch(None)
        assert fake_vk.http_requests == []


class TestCodeMapping:
    @pytest.mark.parametrize(
        ("code", "kind"),
        [(1, TransientError), (6, TransientError), (9, TransientError), (10, TransientError), (29, TransientError),
         (223, TransientError), (5, AuthError), (14, CaptchaError), (7, PermanentError), (15, PermanentError),
         (18, PermanentError), (30, PermanentError), (203, PermanentError), (210, PermanentError),
         (211, PermanentError), (212, PermanentError), (213, PermanentError), (222, PermanentError)],
    )
    def test_each_code_maps_to_its_outcome(self, code: int, kind: type) -> None:
        """Every documented VK code leads to the outcome the regulation's workflow expects."""
        assert isinstance(error_for_code(code, "msg"), kind)

    def test_quota_reset_is_the_next_moscow_midnight(self) -> None:
        """Waiting for a daily quota ends at 00:00 Moscow time, not later."""
        noon_moscow = datetime(2024, 6, 12, 9, 0, tzinfo=UTC)
        assert seconds_until_quota_reset(noon_moscow) == 12 * 3600
