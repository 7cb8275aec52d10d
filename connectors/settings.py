"""What every source in settings.yaml has, whatever its network; each platform adds its own keys.

A platform's settings model (``connectors/<platform>/settings.py``) subclasses ``SourceSettings``
and is registered beside its connector, so the service's ``Settings`` tells sources apart by
``platform`` without knowing any network. Credentials are never literal: only environment
references such as ``${VK_TOKEN}``, resolved when the connector's config is made.
"""

from __future__ import annotations

import os
import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["ENV_REF", "SourceSettings", "StrictModel", "Watch", "env_ref", "resolve_secret"]

ENV_REF = re.compile(r"^\$\{([A-Z_][A-Z0-9_]*)\}$")


def env_ref(value: str | None) -> str | None:
    """A credential setting: empty, or an ``${ENV}`` reference (never the secret itself)."""
    if value is None or value == "":
        return None
    if not ENV_REF.match(value):
        raise ValueError("must be an environment reference like ${VK_TOKEN}, never a literal secret")
    return value


def resolve_secret(ref: str | None) -> str | None:
    """The value of an ``${ENV}`` reference, or None when it is unset or empty."""
    if not ref:
        return None
    match = ENV_REF.match(ref)
    if not match:
        return None
    return os.environ.get(match.group(1)) or None


class StrictModel(BaseModel):
    """A settings section: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Watch(StrictModel):
    keywords: list[str] = []
    locations: list[str] = []
    query: str | None = None  # watch query language (classifier), optional


class SourceSettings(StrictModel):
    """The keys every source has. Subclasses add ``platform: Literal[...]`` and their own keys."""

    # Credential keys of this platform and how a person calls them (for "missing" messages).
    secrets: ClassVar[dict[str, str]] = {}

    platform: str  # each subclass narrows it to its own Literal name
    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    interval: int = 60
    jitter: int = Field(5, ge=0)
    enabled: bool = True
    official: bool = False  # an official regional-government account: 4-hour reply deadline
    watch: Watch = Watch()

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: int) -> int:
        if value < 30:
            raise ValueError("must be at least 30 seconds")
        return value

    def connector_config(self, sandbox_base: str | None) -> Any:
        """The connector's own config: credentials resolved, endpoints chosen (the sandbox's at
        ``sandbox_base`` when given)."""
        raise NotImplementedError

    def streams(self) -> bool:
        """The source is read by a long poll that answers as soon as something happens: it is
        never scheduled, so a poll asked for by hand has nothing to hurry."""
        return False

    def own_source(self) -> bool:
        """The organization's own source as a whole (its site's news): context, never work."""
        return False

    def own_author_ids(self) -> frozenset[str]:
        """Author ids of the organization on this source (e.g. the community it posts as)."""
        return frozenset()

    def credential_refs(self) -> dict[str, str | None]:
        """This source's credential settings by key (``${ENV}`` references or None)."""
        return {key: getattr(self, key) for key in self.secrets}


def http_url(value: str) -> str:
    if not re.match(r"^https?://", value):
        raise ValueError("must be an http(s) URL")
    return value
