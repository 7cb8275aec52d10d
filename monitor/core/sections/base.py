"""What every settings section shares: strict frozen models and ``${ENV}`` references for secrets.

One definition serves the connectors' source settings and the service's sections alike, so it
lives in connectors/settings.py (connectors import nothing of the service); this re-exports it."""

from __future__ import annotations

from connectors.settings import ENV_REF, StrictModel, env_ref

__all__ = ["ENV_REF", "StrictModel", "env_ref"]
