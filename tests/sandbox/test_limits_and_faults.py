"""The rate limit (error 6) and errors on demand (any code, captcha, HTTP 500)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from vk_api.exceptions import ApiError, ApiHttpError, Captcha

from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer


def _codes(answers: list[dict[str, Any]]) -> list[int | None]:
    return [a.get("error", {}).get("error_code") for a in answers]


def test_fourth_request_in_a_second_is_error_6(sandbox: SandboxServer, clock: FrozenClock, raw: Any) -> None:
    """With the limit at 3/s, a fourth fast request with one token is error 6; a second later it passes."""
    sandbox.state.options.requests_per_second = 3
    answers = [raw("users.get", token="usr.fast", user_ids=1) for _ in range(4)]
    assert _codes(answers) == [None, None, None, 6]
    assert answers[3]["error"]["error_msg"] == "Too many requests per second"
    assert raw("users.get", token="usr.other", user_ids=1).get("error") is None  # limits are per token
    clock.advance(seconds=1)
    assert raw("users.get", token="usr.fast", user_ids=1).get("error") is None


def test_execute_counts_once(sandbox: SandboxServer, raw: Any) -> None:
    """An execute with 25 calls costs one request against the limit."""
    sandbox.state.options.requests_per_second = 3
    code = "return [" + ",".join(['API.users.get({"user_ids":1})'] * 25) + "];"
    answers = [raw("execute", token="usr.batch", code=code) for _ in range(3)]
    assert _codes(answers) == [None, None, None] and len(answers[0]["response"]) == 25
    assert _codes([raw("execute", token="usr.batch", code=code)]) == [6]


def test_the_scenario_limit_is_3_per_second(limited_sandbox: SandboxServer) -> None:
    """The built-in scenario limits every token to 3 requests per second, on the real clock."""
    assert limited_sandbox.state.options.requests_per_second == 3
    url = f"{limited_sandbox.base_url}/vk/method/users.get"
    answers = [requests.post(url, data={"v": "5.199", "access_token": "svc.burst", "user_ids": 1}, timeout=10).json()
               for _ in range(10)]  # ten back-to-back requests cannot all be a third of a second apart
    assert 6 in _codes(answers)


def test_vk_api_throttling_stays_under_the_limit(limited_sandbox: SandboxServer, limited_vk: Any) -> None:
    """vk_api's own pacing (one call per 0.34 s) never trips error 6."""
    api = limited_vk("usr.paced").get_api()
    for _ in range(5):
        api.users.get(user_ids=1)
    stats = requests.get(f"{limited_sandbox.base_url}/_sandbox/stats", timeout=10).json()
    assert stats["methods"]["users.get"] == 5 and "6" not in stats["errors"]


def test_vk_api_retries_after_error_6(limited_sandbox: SandboxServer, limited_vk: Any) -> None:
    """A client that ignores the pace gets error 6, and vk_api's built-in retry still gets the answer."""
    api = limited_vk("usr.hasty", rps_delay=0.0).get_api()
    answers = [api.users.get(user_ids=183204571)[0]["id"] for _ in range(4)]
    assert answers == [183204571] * 4
    stats = requests.get(f"{limited_sandbox.base_url}/_sandbox/stats", timeout=10).json()
    assert stats["errors"]["6"] >= 1


def _plan(server: SandboxServer, rule: Any) -> requests.Response:
    return requests.post(f"{server.base_url}/_sandbox/errors", json=rule, timeout=10)


def test_errors_on_demand_fail_the_next_n_calls(sandbox: SandboxServer, raw: Any) -> None:
    """POST /_sandbox/errors makes the next N calls of a method fail with that code, then it recovers."""
    assert _plan(sandbox, {"method": "wall.get", "error_code": 9, "count": 2}).status_code == 201
    answers = [raw("wall.get", owner_id=-100001) for _ in range(3)]
    assert _codes(answers) == [9, 9, None]
    assert answers[0]["error"]["error_msg"] == "Flood control"
    assert raw("users.get", user_ids=1).get("error") is None  # other methods unaffected


def test_planned_errors_reach_calls_inside_execute(sandbox: SandboxServer, vk: Any) -> None:
    """A planned error for wall.get fails that slot inside an execute batch."""
    _plan(sandbox, {"method": "wall.get", "error_code": 29})
    answer = vk().method("execute", {"code": 'return [API.wall.get({"owner_id":-100001}),API.users.get()];'}, raw=True)
    assert answer["response"][0] is False
    assert answer["execute_errors"] == [{"method": "wall.get", "error_code": 29, "error_msg": "Rate limit reached"}]


def test_captcha_on_demand(sandbox: SandboxServer, vk: Any) -> None:
    """Error 14 carries captcha_sid and captcha_img; vk_api raises Captcha and the resend passes."""
    _plan(sandbox, {"method": "wall.createComment", "error_code": 14, "count": 5})
    session = vk("grp.100001.x")
    made = requests.post(f"{sandbox.base_url}/_sandbox/posts", json={"network": "vk", "text": "пост"}, timeout=10).json()
    with pytest.raises(Captcha) as caught:
        session.method("wall.createComment", {"owner_id": -100001, "post_id": made["post_id"], "message": "Ответ"})
    captcha = caught.value
    assert captcha.sid and captcha.get_url().startswith(sandbox.base_url)
    assert requests.get(captcha.get_url(), timeout=10).headers["Content-Type"] == "image/png"
    assert "comment_id" in captcha.try_again("abcd")
    replies = requests.get(f"{sandbox.base_url}/_sandbox/replies", timeout=10).json()
    assert len(replies) == 1


def test_http_500_on_demand(sandbox: SandboxServer, vk: Any) -> None:
    """{"method": "*", "http_status": 500} answers the next request with HTTP 500 (vk_api: ApiHttpError)."""
    _plan(sandbox, {"method": "*", "http_status": 500})
    with pytest.raises(ApiHttpError) as caught:
        vk().method("users.get", {"user_ids": 1})
    assert caught.value.response.status_code == 500
    assert vk().method("users.get", {"user_ids": 1})[0]["id"] == 1


def test_delete_clears_planned_errors(sandbox: SandboxServer, raw: Any) -> None:
    """DELETE /_sandbox/errors forgets every planned error."""
    _plan(sandbox, [{"method": "*", "error_code": 10, "count": 100}])
    assert requests.get(f"{sandbox.base_url}/_sandbox/errors", timeout=10).json()["planned"][0]["remaining"] == 100
    requests.delete(f"{sandbox.base_url}/_sandbox/errors", timeout=10)
    assert raw("users.get", user_ids=1).get("error") is None


@pytest.mark.parametrize(
    "rule",
    [{}, {"method": "wall.get"}, {"method": "wall.get", "error_code": 6, "http_status": 500},
     {"method": "wall.get", "error_code": 6, "count": 0}, {"method": "*", "http_status": 200}],
)
def test_bad_error_plans_are_refused(sandbox: SandboxServer, rule: dict[str, Any]) -> None:
    """A malformed error plan is answered 400 with a reason, and nothing is planned."""
    answer = _plan(sandbox, rule)
    assert answer.status_code == 400 and answer.json()["error"]
    assert sandbox.state.faults.rules == []


def test_planned_auth_error_surfaces_as_api_error(sandbox: SandboxServer, vk: Any) -> None:
    """A planned error 5 reaches vk_api as ApiError code 5 (a revoked token)."""
    _plan(sandbox, {"method": "wall.get", "error_code": 5})
    with pytest.raises(ApiError) as caught:
        vk().get_api().wall.get(owner_id=-100001)
    assert caught.value.code == 5
