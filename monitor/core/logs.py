"""structlog set-up: JSON lines with event names; secrets never reach the output."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import structlog

SECRET_KEYS = re.compile(r"(token|secret|password|access_key|authorization|api_key|sig)$", re.I)
SECRET_IN_TEXT = re.compile(
    r"((?:access_token|token|secret|password|key|sig)=)[^&\s\"']+|(Bearer\s+)[A-Za-z0-9._\-]+|(/bot)\d+:[A-Za-z0-9_\-]+",
    re.I,
)


def redact_text(text: str) -> str:
    """Mask token-looking parts of a string (URLs, headers, exception messages)."""
    return SECRET_IN_TEXT.sub(
        lambda m: (m.group(1) or m.group(2) or m.group(3)) + "***", text
    )


def _redact(value: Any, key: str = "") -> Any:
    if key and SECRET_KEYS.search(key):
        return "***" if value else value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redact(v) for v in value]
    return value


def redact_secrets(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: no token, password or signature is ever written."""
    return {k: _redact(v, k) for k, v in event_dict.items()}


def configure_logging(level: str = "INFO", json: bool = True, stream: Any = None) -> None:
    """JSON lines to stderr by default (stdout is for command output)."""
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        redact_secrets,
        structlog.processors.JSONRenderer(ensure_ascii=False) if json else structlog.dev.ConsoleRenderer(),
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), logging.INFO)),
        # Resolve stderr when a logger is made, not now: tests swap sys.stderr per test.
        logger_factory=(lambda *_: structlog.PrintLogger(stream or sys.stderr)),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=logging.WARNING, stream=stream or sys.stderr)
    # APScheduler and urllib3 talk a lot at INFO; their warnings still show.
    for noisy in ("apscheduler", "urllib3", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(**bind: Any) -> Any:
    return structlog.get_logger().bind(**bind)
