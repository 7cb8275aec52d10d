"""The card's state machine, declared as a table and checked when this module is imported.

Each transition names the states it leaves from, the states it may lead to (a return leads to
`returned` only when the last unit returns; a publication leads to `interim` for an interim reply
or a clarification request) and the roles that may perform it. The service layer enforces the
table; this module has no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from monitor.workflow.errors import TransitionError


class State(StrEnum):
    NEW = "new"
    ASSIGNED = "assigned"
    RETURNED = "returned"
    DRAFT = "draft"
    REWORK = "rework"
    APPROVED = "approved"
    PUBLISHED = "published"
    INTERIM = "interim"
    CLOSED = "closed"
    DISMISSED = "dismissed"
    EXCLUDED = "excluded"


STATE_LABELS: dict[State, str] = {
    State.NEW: "новая",
    State.ASSIGNED: "направлена исполнителю",
    State.RETURNED: "возвращена куратору",
    State.DRAFT: "проект на согласовании",
    State.REWORK: "на доработке",
    State.APPROVED: "ответ согласован",
    State.PUBLISHED: "ответ размещён",
    State.INTERIM: "дан промежуточный ответ",
    State.CLOSED: "закрыта",
    State.DISMISSED: "отклонена",
    State.EXCLUDED: "исключена (п. 20)",
}

# `excluded` and `dismissed` end the work too, but the curator may restore a wrong exclusion
# (p. 20) or dismissal, so they are not final: nothing runs on such a card (its stages are
# finished), and the table allows one way out of them.
FINAL_STATES = frozenset({State.CLOSED})
ROLES = frozenset({"curator", "executor", "head", "admin", "system"})
ROLE_LABELS = {"curator": "куратор", "executor": "исполнитель", "head": "глава", "admin": "администратор",
               "system": "система"}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the Russian verb shown in «Доступно: …»
    sources: frozenset[State]
    targets: frozenset[State]  # empty: the state stays (a correction, not a move)
    roles: frozenset[str]
    listed: bool = True  # shown among the allowed actions


def _t(action: str, label: str, sources: Iterable[State], targets: Iterable[State], roles: Iterable[str],
       listed: bool = True) -> Transition:
    return Transition(action, label, frozenset(sources), frozenset(targets), frozenset(roles), listed)


_OPEN = (State.NEW, State.ASSIGNED, State.RETURNED, State.DRAFT, State.REWORK, State.APPROVED,
         State.PUBLISHED, State.INTERIM)
_BEFORE_REPLY = (State.NEW, State.ASSIGNED, State.RETURNED, State.DRAFT, State.REWORK, State.APPROVED)

TRANSITIONS: tuple[Transition, ...] = (
    _t("route", "направить", [State.NEW, State.RETURNED, State.ASSIGNED], [State.ASSIGNED], ["curator", "system"]),
    _t("return", "вернуть куратору", [State.ASSIGNED], [State.RETURNED, State.ASSIGNED], ["executor"]),
    _t("contribute", "направить информацию", [State.ASSIGNED], [State.ASSIGNED], ["executor"]),
    _t("draft", "направить проект ответа", [State.ASSIGNED, State.REWORK, State.INTERIM], [State.DRAFT], ["executor"]),
    _t("approve", "согласовать", [State.DRAFT], [State.APPROVED], ["curator"]),
    _t("rework", "вернуть на доработку", [State.DRAFT], [State.REWORK], ["curator"]),
    _t("publish", "отметить размещение", [State.APPROVED], [State.PUBLISHED, State.INTERIM],
       ["executor", "curator", "system"]),
    _t("close", "закрыть", [State.PUBLISHED, State.INTERIM], [State.CLOSED], ["curator"]),
    _t("dismiss", "отклонить", [State.NEW, State.RETURNED, State.ASSIGNED], [State.DISMISSED], ["curator"]),
    _t("exclude", "исключить (п. 20)", [State.NEW, State.RETURNED, State.ASSIGNED], [State.EXCLUDED],
       ["curator", "system"]),
    _t("restore", "вернуть в работу (исключение ошибочно)", [State.EXCLUDED, State.DISMISSED], [State.NEW],
       ["curator"]),
    _t("set_labels", "изменить тему, локацию, важность", _OPEN, [], ["curator"], listed=False),
    _t("shorten", "сократить срок", _BEFORE_REPLY, [], ["curator"], listed=False),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}


class InvalidDefinitionError(Exception):
    """The transition table is inconsistent (raised at import, never at run time)."""


class UndeclaredTransitionError(RuntimeError):
    """A step led a card to a state its action does not declare (a bug: the table is the truth)."""


def validate(transitions: Iterable[Transition] = TRANSITIONS, initial: State = State.NEW) -> None:
    """Refuse a table with unknown roles, exits from final states, unreachable or trap states."""
    table = list(transitions)
    actions = [t.action for t in table]
    if len(set(actions)) != len(actions):
        raise InvalidDefinitionError("an action is declared twice")
    exits: dict[State, set[State]] = {s: set() for s in State}
    for t in table:
        if not t.sources:
            raise InvalidDefinitionError(f"{t.action}: no source state")
        if not t.roles <= ROLES:
            raise InvalidDefinitionError(f"{t.action}: unknown role {sorted(t.roles - ROLES)}")
        if t.sources & FINAL_STATES:
            raise InvalidDefinitionError(f"{t.action}: leaves a final state")
        for s in t.sources:
            exits[s] |= set(t.targets)
    reachable, frontier = {initial}, [initial]
    while frontier:
        for nxt in exits[frontier.pop()]:
            if nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    if missing := set(State) - reachable:
        raise InvalidDefinitionError(f"unreachable states: {sorted(missing)}")
    for state in set(State) - FINAL_STATES:
        seen, frontier = {state}, [state]
        while frontier:
            for nxt in exits[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        if not seen & FINAL_STATES:
            raise InvalidDefinitionError(f"trap state: {state} never reaches a final state")


def allowed_actions(state: State | str) -> list[Transition]:
    """Listed transitions that can start from ``state``, in table order."""
    return [t for t in TRANSITIONS if State(state) in t.sources and t.listed]


def check(action: str, state: State | str) -> Transition:
    """The transition for ``action`` from ``state``, or TransitionError naming what is allowed."""
    transition = BY_ACTION[action]
    current = State(state)
    if current in transition.sources:
        return transition
    allowed = allowed_actions(current)
    label = STATE_LABELS[current]
    tail = f"Доступно: {', '.join(t.label for t in allowed)}" if allowed else "Карточка завершена, действия недоступны"
    raise TransitionError(
        f"Нельзя {transition.label}: карточка в состоянии «{label}». {tail}",
        action=action, state=current.value, allowed=tuple(t.action for t in allowed),
    )


validate()
