"""«Проверить подключение»: one fetch through a source's connector from its stored cursor, the
answer told in Russian. Nothing is stored (the cursor does not move), so the next poll reads the
same messages; the sandbox's endpoints are used in sandbox mode, as the pollers use them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.base import AuthError, CaptchaError, PermanentError, TransientError
from connectors.registry import build_connector
from connectors.settings import SourceSettings
from monitor.app.sources import connector_config
from monitor.core.logs import get_logger, redact_text


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str


def check_connection(source: SourceSettings, cursor: dict[str, Any] | None, sandbox_base: str | None
                     ) -> CheckResult:
    """One cheap call through the connector; a failure is a sentence, never an exception."""
    log = get_logger(source=source.name, platform=source.platform)
    try:
        connector = build_connector(connector_config(source, sandbox_base))
        problems = [] if sandbox_base else connector.check()
        if problems:
            return CheckResult(False, "Настройки источника неполны: " + "; ".join(problems))
        result = connector.fetch(cursor)
    except AuthError as exc:
        answer = CheckResult(False, f"Доступ отклонён: проверьте токен и права доступа ({redact_text(str(exc))})")
    except CaptchaError:
        answer = CheckResult(False, "Соцсеть требует ввести капчу: источник нужно проверить вручную")
    except TransientError as exc:
        answer = CheckResult(False, f"Источник временно недоступен: {redact_text(str(exc))}")
    except PermanentError as exc:
        answer = CheckResult(False, f"Источник отвечает ошибкой: {redact_text(str(exc))}")
    except Exception as exc:  # our bug or a broken setting: told, logged with its trace
        log.exception("source.check_failed", error=type(exc).__name__)
        answer = CheckResult(False, f"Ошибка при обращении к источнику: {type(exc).__name__}")
    else:
        answer = CheckResult(True, f"Подключение работает: запросов — {result.requests}, новых сообщений — "
                                   f"{len(result.messages)} (не записаны: их прочитает очередной опрос)")
    log.info("source.checked", ok=answer.ok)
    return answer
