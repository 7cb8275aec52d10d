"""Workflow errors: the message is one Russian line meant for the official who acted."""

from __future__ import annotations


class WorkflowError(Exception):
    """Base of every refusal by the workflow; ``str(exc)`` is shown to the user as is."""


class TransitionError(WorkflowError):
    """The action is not allowed in the card's state; the message says what is allowed instead."""

    def __init__(self, message: str, *, action: str = "", state: str = "", allowed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.action = action
        self.state = state
        self.allowed = allowed


class AccessError(WorkflowError):
    """The actor's role or unit does not permit the action on this card."""


class NotFoundError(WorkflowError):
    """No such card, user or unit."""


class InputError(WorkflowError):
    """A value given with the action is missing or wrong (a reason, a unit code, an outcome).

    The message names the value in words, as the desk's form does; ``field`` is its name («reason»),
    which the CLI shows as its option (``--reason``) and the API as the body's key."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
