"""``execute``: the VKScript vk_api generates runs against the sandbox, 25 calls per request."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from vk_api import VkRequestsPool, VkTools, vk_request_one_param_pool
from vk_api.exceptions import ApiError
from vk_api.requests_pool import vk_one_method
from vk_api.tools import vk_get_all_items

from monitor.sandbox import SandboxServer, vkscript
from monitor.sandbox.vk_common import VkError

WALLS = [-100001, -100002, -100003, -100004]


def _vk_requests(sandbox: SandboxServer) -> int:
    return requests.get(f"{sandbox.base_url}/_sandbox/stats", timeout=10).json()["vk_requests"]


def test_pool_of_25_mixed_calls_is_one_request(sandbox: SandboxServer, vk: Any) -> None:
    """VkRequestsPool sends 25 calls of different methods in one HTTP request and gets every answer."""
    session = vk()
    with VkRequestsPool(session) as pool:
        walls = [pool.method("wall.get", {"owner_id": owner, "count": 5}) for owner in WALLS * 5]
        searches = [pool.method("newsfeed.search", {"q": q}) for q in ("Соболево", "Устьевое", "Крутогоровский")]
        groups = [pool.method("groups.getById", {"group_ids": 100001}) for _ in range(2)]
    assert len(walls) + len(searches) + len(groups) == 25
    assert _vk_requests(sandbox) == 1
    assert all(r.ok for r in walls + searches + groups)
    assert walls[1].result["items"][0]["owner_id"] == -100002
    assert groups[0].result["groups"][0]["id"] == 100001
    stats = requests.get(f"{sandbox.base_url}/_sandbox/stats", timeout=10).json()
    assert stats["methods"] == {"execute": 1} and stats["inner_calls"]["wall.get"] == 20


def test_pool_of_one_method_uses_vk_apis_loop_template(sandbox: SandboxServer, vk: Any) -> None:
    """A pool of calls to one method (vk_api's loop template) is understood too."""
    with VkRequestsPool(vk()) as pool:
        results = [pool.method("wall.get", {"owner_id": owner, "count": 1}) for owner in WALLS]
    assert [r.result["items"][0]["owner_id"] for r in results] == WALLS
    assert _vk_requests(sandbox) == 1


def test_failing_inner_call_is_false_with_an_execute_error(vk: Any) -> None:
    """One failing call gives its slot an error, the other calls still answer."""
    with VkRequestsPool(vk()) as pool:
        good = pool.method("wall.get", {"owner_id": -100001, "count": 1})
        bad = pool.method("wall.getComments", {"owner_id": -100001, "post_id": 1})
        also_good = pool.method("users.get", {"user_ids": 183204571})
    assert good.ok and also_good.ok and not bad.ok
    assert bad.error["error_code"] == 100 and bad.error["method"] == "wall.getComments"
    raw = vk().method("execute", {"code": 'return [API.users.get({"user_ids":1}),API.wall.get({"owner_id":5})];'},
                      raw=True)
    assert raw["response"][1] is False and raw["execute_errors"][0]["error_code"] == 100


def test_inner_calls_keep_token_type_checks(vk: Any) -> None:
    """Inside execute a community token still cannot read walls: the slot fails with error 27."""
    with VkRequestsPool(vk("grp.100001.x")) as pool:
        wall = pool.method("wall.get", {"owner_id": -100002})
        group = pool.method("groups.getById", {})
    assert group.ok and not wall.ok and wall.error["error_code"] == 27


def test_one_param_pool_and_get_all(vk: Any) -> None:
    """vk_request_one_param_pool and VkTools.get_all (its paging loop) work through execute."""
    session = vk()
    results, errors = vk_request_one_param_pool(session, "wall.get", key="owner_id", values=[*WALLS, 5],
                                                default_values={"count": 2})
    assert sorted(results) == sorted(WALLS) and list(errors) == [5]
    everything = VkTools(session).get_all("wall.get", 3, {"owner_id": -100002})
    assert everything["count"] == 15
    assert len({item["id"] for item in everything["items"]}) == 15


def test_execute_with_service_token_is_an_option(sandbox: SandboxServer, vk: Any) -> None:
    """execute accepts a service token by default; with the option off it answers error 28 like VK."""
    code = 'return API.users.get({"user_ids":183204571});'
    assert vk("svc.x").method("execute", {"code": code})[0]["first_name"] == "Ирина"
    sandbox.state.options.execute_service_token = False
    with pytest.raises(ApiError) as caught:
        vk("svc.x").method("execute", {"code": code})
    assert caught.value.code == 28
    assert vk("usr.x").method("execute", {"code": code})[0]["first_name"] == "Ирина"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("return API.wall.get(", 12),
        ("var a = 1; return a;", 12),
        ("return [" + ",".join(['API.users.get({"user_ids":1})'] * 26) + "];", 13),
    ],
)
def test_bad_code_is_error_12_or_13(vk: Any, code: str, error: int) -> None:
    """Code the sandbox cannot compile is error 12; more than 25 API calls is error 13."""
    with pytest.raises(ApiError) as caught:
        vk().method("execute", {"code": code})
    assert caught.value.code == error


def test_parser_reads_vk_api_generated_code() -> None:
    """The parser reads the code vk_api compiles, Cyrillic and nested JSON included."""
    values = [{"q": "Соболево", "count": 5}, {"q": "Устьевое «кавычки» \"и\" ;)"}]
    program = vkscript.parse(vk_one_method.compile({"method": "newsfeed.search", "values": values}))
    assert isinstance(program, vkscript.CallList)
    assert program.calls == (("newsfeed.search", values[0]), ("newsfeed.search", values[1]))
    paging = vkscript.parse(vk_get_all_items.compile({"method": "wall.get", "key": "items", "values": {"count": 100},
                                                      "count": None, "offset": 0, "offset_mul": 1}))
    assert isinstance(paging, vkscript.PagingLoop) and paging.method == "wall.get"


def test_parser_tolerates_whitespace_and_single_calls() -> None:
    """Hand-written code with spaces and newlines, and a single returned call, parse the same."""
    spaced = vkscript.parse('return [\n  API.wall.get({"owner_id": -1}) ,\n  API.users.get()\n];')
    assert spaced.calls == (("wall.get", {"owner_id": -1}), ("users.get", {}))  # type: ignore[union-attr]
    single = vkscript.parse('return API.wall.get({"owner_id":-1});')
    assert isinstance(single, vkscript.CallList) and not single.as_list
    with pytest.raises(VkError) as caught:
        vkscript.parse('return [API.wall.get({"owner_id":-1})]; return 1;')
    assert caught.value.code == 12
