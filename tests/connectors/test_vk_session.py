"""The VK session: calls redirected by configuration, with a timeout, counted."""

from __future__ import annotations

import responses

from connectors.vk.session import ApiBaseAdapter, build_http_session


def test_both_vk_hosts_are_rewritten_to_the_api_base_keeping_the_query() -> None:
    """Calls addressed to api.vk.ru or api.vk.com land on <api_base>/method/<name>."""
    adapter = ApiBaseAdapter("http://127.0.0.1:8700/vk/")
    assert adapter.rewrite("https://api.vk.ru/method/wall.get") == "http://127.0.0.1:8700/vk/method/wall.get"
    assert adapter.rewrite("https://api.vk.com/method/users.get?v=5.199") == "http://127.0.0.1:8700/vk/method/users.get?v=5.199"


def test_without_api_base_calls_go_to_vk_itself() -> None:
    """With no api_base configured the address is left alone."""
    assert ApiBaseAdapter(None).rewrite("https://api.vk.ru/method/wall.get") == "https://api.vk.ru/method/wall.get"


def test_requests_get_a_timeout_and_are_counted(rsps: responses.RequestsMock) -> None:
    """No VK call can hang forever, and each HTTP request is counted for the poll's cost."""
    hit = rsps.post("http://127.0.0.1:9/vk/method/execute", json={"response": []})
    session, adapter = build_http_session("http://127.0.0.1:9/vk", timeout=7.5)
    session.post("https://api.vk.ru/method/execute", data={"code": "return [];"})
    session.post("https://api.vk.com/method/execute", data={"code": "return [];"}, timeout=2)
    assert adapter.request_count == 2
    assert [c.request.req_kwargs["timeout"] for c in hit.calls] == [7.5, 2]
    assert "otklik" in hit.calls[0].request.headers["User-Agent"]


def test_other_hosts_are_not_touched(rsps: responses.RequestsMock) -> None:
    """Only VK API traffic is redirected; other URLs (upload servers, feeds) go where they point."""
    other = rsps.get("https://example.org/feed", body="ok")
    session, adapter = build_http_session("http://127.0.0.1:9/vk")
    assert session.get("https://example.org/feed").text == "ok"
    assert adapter.request_count == 0 and len(other.calls) == 1
