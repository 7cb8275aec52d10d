"""What every settings section shares: strict frozen models and ``${ENV}`` references for secrets."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

ENV_REF = re.compile(r"^\$\{([A-Z_][A-Z0-9_]*)\}$")


class StrictModel(BaseModel):
    """A settings section: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def env_ref(value: str | None) -> str | None:
    """A secret setting: empty, or a reference like ``${VK_TOKEN}``, never the secret itself."""
    if value is None or value == "":
        return None
    if not ENV_REF.match(value):
        raise ValueError("must be an environment reference like ${VK_TOKEN}, never a literal secret")
    return value
