"""schemathesis against /api/openapi.json (issue 12, «How it will be checked»): requests generated
from the API's own schema, valid and invalid ones, sent in-process to the app signed in with a
curator's token, never get a 5xx. Bounded: a few examples per operation, cards in several states
so that generated card numbers hit real cards.

The operations are driven by Hypothesis directly (schemathesis's pytest plugin does not load with
this pytest), which is the same generation and the same in-process ASGI transport.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from .api_helpers import make_token

EXAMPLES = 5  # per operation and mode: 17 operations x 2 modes, ~170 requests


def _exercise(operation, mode: GenerationMode, token: str, statuses: dict[str, set[int]]) -> None:  # type: ignore[no-untyped-def]
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case) -> None:  # type: ignore[no-untyped-def]
        if mode is GenerationMode.POSITIVE and "card_id" in (case.path_parameters or {}):
            case.path_parameters["card_id"] = 1 + case.path_parameters["card_id"] % 3  # one of the real cards
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        statuses.setdefault(operation.label, set()).add(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:500])

    call()


def test_generated_requests_get_no_server_error(app, desk) -> None:  # type: ignore[no-untyped-def]
    token = make_token(desk, "curator")
    fresh, routed, drafted = desk.open(), desk.open(), desk.open()
    desk.do("route", routed, ["gkh"], actor="curator")
    desk.do("route", drafted, ["gkh"], actor="curator")
    desk.do("submit_draft", drafted, actor="exec_gkh", text="Яму засыплем до пятницы.")
    assert (fresh, routed, drafted) == (1, 2, 3)  # valid requests are pointed at these three
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    statuses: dict[str, set[int]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 17
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):  # negative: invalid bodies, no token…
            _exercise(operation, mode, token, statuses)
    assert 200 in statuses["GET /api/v1/cards"]  # the token signed the requests in
    assert {code for seen in statuses.values() for code in seen} >= {200, 401, 404, 409, 422}
