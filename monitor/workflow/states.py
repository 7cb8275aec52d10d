"""The card's state machine, declared as a table and checked when this module is imported.

Each transition names the states it leaves from, the states it may lead to (a return leads to
`returned` only when the last unit returns; a publication leads to `interim` for an interim reply
or a clarification request) and the roles that may perform it. The service layer enforces the
table; this module has no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.statuses import CardState, Role
from monitor.workflow.errors import TransitionError

STATE_LABELS: dict[CardState, str] = {
    CardState.NEW: "новая",
    CardState.ASSIGNED: "направлена исполнителю",
    CardState.RETURNED: "возвращена куратору",
    CardState.DRAFT: "проект на согласовании",
    CardState.REWORK: "на доработке",
    CardState.APPROVED: "ответ согласован",
    CardState.PUBLISHED: "ответ размещён",
    CardState.INTERIM: "дан промежуточный ответ",
    CardState.CLOSED: "закрыта",
    CardState.DISMISSED: "отклонена",
    CardState.EXCLUDED: "исключена (п. 20)",
}

# `excluded` and `dismissed` end the work too, but the curator may restore a wrong exclusion
# (p. 20) or dismissal, so they are not final: nothing runs on such a card (its stages are
# finished), and the table allows one way out of them.
FINAL_STATES = frozenset({CardState.CLOSED})
ROLE_LABELS: dict[str, str] = {Role.CURATOR: "куратор", Role.EXECUTOR: "исполнитель", Role.HEAD: "глава",
                              Role.ADMIN: "администратор", Role.SYSTEM: "система"}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str  # the Russian verb shown in «Доступно: …»
    sources: frozenset[CardState]
    targets: frozenset[CardState]  # empty: the state stays (a correction, not a move)
    roles: frozenset[Role]
    listed: bool = True  # shown among the allowed actions


def _t(action: str, label: str, sources: Iterable[CardState], targets: Iterable[CardState], roles: Iterable[Role],
       listed: bool = True) -> Transition:
    return Transition(action, label, frozenset(sources), frozenset(targets), frozenset(roles), listed)


_OPEN = (CardState.NEW, CardState.ASSIGNED, CardState.RETURNED, CardState.DRAFT, CardState.REWORK, CardState.APPROVED,
         CardState.PUBLISHED, CardState.INTERIM)
_BEFORE_REPLY = (CardState.NEW, CardState.ASSIGNED, CardState.RETURNED, CardState.DRAFT, CardState.REWORK,
                 CardState.APPROVED)

TRANSITIONS: tuple[Transition, ...] = (
    _t("route", "направить", [CardState.NEW, CardState.RETURNED, CardState.ASSIGNED], [CardState.ASSIGNED],
       [Role.CURATOR, Role.SYSTEM]),
    _t("return", "вернуть куратору", [CardState.ASSIGNED], [CardState.RETURNED, CardState.ASSIGNED], [Role.EXECUTOR]),
    _t("contribute", "направить информацию", [CardState.ASSIGNED], [CardState.ASSIGNED], [Role.EXECUTOR]),
    _t("draft", "направить проект ответа", [CardState.ASSIGNED, CardState.REWORK, CardState.INTERIM], [CardState.DRAFT],
       [Role.EXECUTOR]),
    _t("approve", "согласовать", [CardState.DRAFT], [CardState.APPROVED], [Role.CURATOR]),
    _t("rework", "вернуть на доработку", [CardState.DRAFT], [CardState.REWORK], [Role.CURATOR]),
    _t("publish", "отметить размещение", [CardState.APPROVED], [CardState.PUBLISHED, CardState.INTERIM],
       [Role.EXECUTOR, Role.CURATOR, Role.SYSTEM]),
    _t("close", "закрыть", [CardState.PUBLISHED, CardState.INTERIM], [CardState.CLOSED], [Role.CURATOR]),
    _t("dismiss", "отклонить", [CardState.NEW, CardState.RETURNED, CardState.ASSIGNED], [CardState.DISMISSED],
       [Role.CURATOR]),
    _t("exclude", "исключить (п. 20)", [CardState.NEW, CardState.RETURNED, CardState.ASSIGNED], [CardState.EXCLUDED],
       [Role.CURATOR, Role.SYSTEM]),
    _t("restore", "вернуть в работу (исключение ошибочно)", [CardState.EXCLUDED, CardState.DISMISSED], [CardState.NEW],
       [Role.CURATOR]),
    _t("set_labels", "изменить тему, локацию, важность", _OPEN, [], [Role.CURATOR], listed=False),
    _t("shorten", "сократить срок", _BEFORE_REPLY, [], [Role.CURATOR], listed=False),
    # photos and video links for the reply (p. 19): while a draft is being written
    _t("attach", "приложить фото или видео", [CardState.ASSIGNED, CardState.REWORK, CardState.INTERIM], [],
       [Role.EXECUTOR, Role.CURATOR], listed=False),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}


class InvalidDefinitionError(Exception):
    """The transition table is inconsistent (raised at import, never at run time)."""


class UndeclaredTransitionError(RuntimeError):
    """A step led a card to a state its action does not declare (a bug: the table is the truth)."""


def validate(transitions: Iterable[Transition] = TRANSITIONS, initial: CardState = CardState.NEW) -> None:
    """Refuse a table with unknown roles, exits from final states, unreachable or trap states."""
    table = list(transitions)
    actions = [t.action for t in table]
    if len(set(actions)) != len(actions):
        raise InvalidDefinitionError("an action is declared twice")
    exits: dict[CardState, set[CardState]] = {s: set() for s in CardState}
    for t in table:
        if not t.sources:
            raise InvalidDefinitionError(f"{t.action}: no source state")
        if not t.roles <= set(Role):
            raise InvalidDefinitionError(f"{t.action}: unknown role {sorted(t.roles - set(Role))}")
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
    if missing := set(CardState) - reachable:
        raise InvalidDefinitionError(f"unreachable states: {sorted(missing)}")
    for state in set(CardState) - FINAL_STATES:
        seen, frontier = {state}, [state]
        while frontier:
            for nxt in exits[frontier.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        if not seen & FINAL_STATES:
            raise InvalidDefinitionError(f"trap state: {state} never reaches a final state")


def allowed_actions(state: CardState | str) -> list[Transition]:
    """Listed transitions that can start from ``state``, in table order."""
    return [t for t in TRANSITIONS if CardState(state) in t.sources and t.listed]


def check(action: str, state: CardState | str) -> Transition:
    """The transition for ``action`` from ``state``, or TransitionError naming what is allowed."""
    transition = BY_ACTION[action]
    current = CardState(state)
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
