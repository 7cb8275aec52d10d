"""A Telegram source in settings.yaml, and how it becomes the connector's ``TelegramConfig``."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import field_validator

from connectors.settings import SourceSettings, env_ref, resolve_secret
from connectors.telegram.bot import bot_id
from connectors.telegram.connector import WEB, TelegramConfig

__all__ = ["SANDBOX_BOT_TOKEN", "TelegramSource"]

SANDBOX_BOT_TOKEN = "123456789:SANDBOX-token"  # the sandbox network's bot


class TelegramSource(SourceSettings):
    secrets: ClassVar[dict[str, str]] = {"bot_token": "токен бота Telegram"}

    platform: Literal["telegram"]
    channels: list[str] = []  # public channels read through t.me/s/<channel>
    bot_token: str | None = None  # ${ENV}: the bot in the administration's discussion group
    chats: list[int] = []  # discussion group chat ids the bot reads (empty: every chat it is in)
    api_base: str | None = None
    web_base: str = WEB

    @field_validator("bot_token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return env_ref(value)

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        return [v.removeprefix("@").removeprefix("https://t.me/").strip("/") for v in value]

    def connector_config(self, sandbox_base: str | None) -> TelegramConfig:
        if sandbox_base:
            return TelegramConfig(name=self.name, channels=tuple(self.channels), chats=tuple(self.chats),
                                  bot_token=SANDBOX_BOT_TOKEN if self.bot_token else None,
                                  api_base=f"{sandbox_base}/telegram", web_base=f"{sandbox_base}/telegram")
        return TelegramConfig(name=self.name, channels=tuple(self.channels), chats=tuple(self.chats),
                              bot_token=resolve_secret(self.bot_token), api_base=self.api_base, web_base=self.web_base)

    def own_author_ids(self) -> frozenset[str]:
        token = resolve_secret(self.bot_token)
        return frozenset({i for i in (bot_id(token), bot_id(SANDBOX_BOT_TOKEN) if self.bot_token else None) if i})
