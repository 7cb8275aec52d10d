"""The VK API dispatcher: token, rate limit, errors on demand, token type, then the method.

One HTTP request is one ``call_method``; ``execute`` runs its inner calls through the same
checks (token type, errors on demand) but counts once against the rate limit, and turns each
failed inner call into ``false`` plus an ``execute_errors`` entry, as VK does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from monitor.sandbox import vk_longpoll, vk_read, vk_write, vkscript
from monitor.sandbox.state import NetworkState
from monitor.sandbox.vk_common import (
    ALL_KINDS,
    READ_KINDS,
    CallContext,
    HttpFault,
    MethodSpec,
    Params,
    VkError,
    kinds,
    parse_token,
)

METHODS: dict[str, MethodSpec] = {
    "wall.get": MethodSpec(vk_read.wall_get, READ_KINDS),
    "wall.getById": MethodSpec(vk_read.wall_get_by_id, READ_KINDS),
    "wall.getComments": MethodSpec(vk_read.wall_get_comments, READ_KINDS),
    "newsfeed.search": MethodSpec(vk_read.newsfeed_search, READ_KINDS),
    "board.getTopics": MethodSpec(vk_read.board_get_topics, READ_KINDS),
    "board.getComments": MethodSpec(vk_read.board_get_comments, READ_KINDS),
    "groups.getById": MethodSpec(vk_read.groups_get_by_id, ALL_KINDS),
    "users.get": MethodSpec(vk_read.users_get, ALL_KINDS),
    "wall.createComment": MethodSpec(vk_write.wall_create_comment, kinds(["user", "group"])),
    "board.createComment": MethodSpec(vk_write.board_create_comment, kinds(["user"])),
    "photos.getWallUploadServer": MethodSpec(vk_write.photos_get_wall_upload_server, kinds(["user"])),
    "photos.saveWallPhoto": MethodSpec(vk_write.photos_save_wall_photo, kinds(["user"])),
    "groups.getLongPollServer": MethodSpec(vk_longpoll.get_long_poll_server, kinds(["user", "group"])),
}
EXECUTE_KINDS = kinds(["user", "group"])
WRONG_KIND_CODE = {"group": 27, "service": 28, "user": 15}


def _error_body(error: VkError, method: str, params: Params) -> dict[str, Any]:
    return {"error": {"error_code": error.code, "error_msg": error.message,
                      "request_params": params.request_params(method), **error.extra}}


def _check_kind(state: NetworkState, method: str, kind: str) -> MethodSpec | None:
    """The method's spec (None for execute); VK's errors for an unknown method or wrong token."""
    if method == "execute":
        allowed = EXECUTE_KINDS | ({"service"} if state.options.execute_service_token else set())
        spec = None
    else:
        found = METHODS.get(method)
        if found is None:
            raise VkError(3)
        allowed, spec = found.token_kinds, found
    if kind not in allowed:
        raise VkError(WRONG_KIND_CODE[kind])
    return spec


def _execute(ctx: CallContext, params: Params) -> dict[str, Any]:
    program = vkscript.parse(params.required_text("code"))
    state = ctx.state
    errors: list[dict[str, Any]] = []

    def call(method: str, values: dict[str, Any]) -> Any:
        state.stats.inner_calls[method] += 1
        inner = Params(values)
        try:
            state.faults.check(method, ctx.base_url)
            if method == "execute":
                raise VkError(13, "execute cannot be called from execute")
            spec = _check_kind(state, method, ctx.token.kind)
            assert spec is not None
            return spec.handler(ctx, inner)
        except VkError as error:
            state.stats.errors[str(error.code)] += 1
            errors.append({"method": method, "error_code": error.code, "error_msg": error.message})
            return False

    body: dict[str, Any] = {"response": program.run(call)}
    if errors:
        body["execute_errors"] = errors
    return body


def call_method(state: NetworkState, base_url: str, method: str, form: Mapping[str, Any],
                bearer: str | None = None) -> tuple[int, dict[str, Any]]:
    """Answer one ``/vk/method/<method>`` request: (HTTP status, JSON body)."""
    params = Params(form)
    with state.lock:
        stats = state.stats
        stats.http["vk"] += 1
        stats.methods[method] += 1
        try:
            raw_token = params.text("access_token") or bearer
            token = parse_token(raw_token, state.options.operator_user_id)
            if token is None or (token.kind == "group" and token.group_id not in state.communities):
                raise VkError(5, "invalid access_token (4)." if raw_token else "no access_token passed.")
            stats.token_kinds[token.kind] += 1
            if not state.limiter.admit(token.raw, state.now_exact(), state.options.limit_for(token.kind)):
                raise VkError(6)
            version = params.text("v")
            if version is None:
                raise VkError(8)
            try:
                float(version)
            except ValueError:
                raise VkError(100, "v is invalid") from None
            answered = params.text("captcha_sid") in state.faults.issued_captchas and bool(
                params.text("captcha_key"))
            state.faults.check(method, base_url, captcha_answered=answered)
            spec = _check_kind(state, method, token.kind)
            ctx = CallContext(state, token, base_url)
            if spec is None:
                return 200, _execute(ctx, params)
            return 200, {"response": spec.handler(ctx, params)}
        except VkError as error:
            stats.errors[str(error.code)] += 1
            return 200, _error_body(error, method, params)
        except HttpFault as fault:
            stats.errors[f"http_{fault.status}"] += 1
            return fault.status, {"error": f"HTTP {fault.status} (sandbox: error on demand)"}
