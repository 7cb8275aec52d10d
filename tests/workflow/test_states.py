"""The state machine is a table checked at import: no trap states, nothing leaves a final state."""

from __future__ import annotations

import pytest

from db.statuses import CardState
from monitor.workflow.states import (
    FINAL_STATES,
    TRANSITIONS,
    InvalidDefinitionError,
    Transition,
    allowed_actions,
    validate,
)


def test_shipped_table_is_valid() -> None:
    """The table the service uses passes its own checks and covers every state of DESIGN.md."""
    validate()
    assert {s.value for s in CardState} == {"new", "assigned", "returned", "draft", "rework", "approved", "published",
                                        "interim", "closed", "dismissed", "excluded"}


def test_final_states_offer_nothing() -> None:
    """A closed, dismissed or excluded card has no actions left."""
    for state in FINAL_STATES:
        assert allowed_actions(state) == []


def test_a_trap_state_is_refused() -> None:
    """A table where `rework` could never reach an end is rejected at definition time."""
    broken = [t for t in TRANSITIONS if t.action != "draft"]
    with pytest.raises(InvalidDefinitionError):
        validate(broken)


def test_leaving_a_final_state_is_refused() -> None:
    """A transition out of `closed` is rejected at definition time."""
    reopen = Transition("reopen", "открыть", frozenset({CardState.CLOSED}), frozenset({CardState.NEW}), frozenset({"curator"}))
    with pytest.raises(InvalidDefinitionError, match="final"):
        validate([*TRANSITIONS, reopen])
