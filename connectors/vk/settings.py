"""A VK source in settings.yaml, and how it becomes the connector's ``VkConfig``."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from connectors.settings import SourceSettings, env_ref, resolve_secret
from connectors.vk.connector import VkConfig

__all__ = ["SANDBOX_SERVICE_TOKEN", "SANDBOX_USER_TOKEN", "VkSource", "sandbox_group_token"]

# The sandbox network's tokens: it accepts these in place of real ones.
SANDBOX_SERVICE_TOKEN = "svc.sandbox"
SANDBOX_USER_TOKEN = "usr.sandbox"  # the sandbox's operator (its invented user page)


def sandbox_group_token(group_id: int | None) -> str:
    return f"grp.{group_id or 0}.sandbox"


class VkSource(SourceSettings):
    secrets: ClassVar[dict[str, str]] = {"token": "токен VK", "reply_token": "токен сообщества VK"}

    platform: Literal["vk"]
    token: str | None = None  # ${ENV} reference to a service or user token, for reading
    token_type: Literal["service", "user", "group"] = "service"
    reply_token: str | None = None  # ${ENV} reference to a community (group) token, for posting
    group_id: int | None = None  # our community: replies are posted as it
    walls: list[int] = []  # owner ids of watched walls (negative = community)
    search: list[str] = []  # newsfeed.search queries
    comments_posts: int = Field(10, ge=0, le=100)  # recent posts per wall whose comments are read
    api_base: str | None = None  # e.g. http://127.0.0.1:8700/vk (the sandbox); None = VK itself
    longpoll: bool = False  # the own community (group_id) in real time: Bots Long Poll with reply_token
    longpoll_wait: int = Field(10, ge=1, le=90)  # seconds a long poll waits (a stopping service ends it at once)

    @field_validator("token", "reply_token")
    @classmethod
    def _secret(cls, value: str | None) -> str | None:
        return env_ref(value)

    @model_validator(mode="after")
    def _longpoll(self) -> VkSource:
        if self.longpoll and (self.group_id is None or self.walls or self.search):
            raise ValueError("longpoll: reads the own community (group_id) only; watch walls and search "
                             "in another source")
        return self

    def connector_config(self, sandbox_base: str | None) -> VkConfig:
        common: dict[str, Any] = {
            "name": self.name, "group_id": self.group_id, "walls": tuple(self.walls),
            "search": tuple(self.search), "comments_posts": self.comments_posts,
            "longpoll": self.longpoll, "longpoll_wait": self.longpoll_wait,
        }
        if sandbox_base:  # a user token stands for the sandbox's operator (photo uploads, board topics)
            user = self.token_type == "user"
            return VkConfig(**common, token=SANDBOX_USER_TOKEN if user else SANDBOX_SERVICE_TOKEN,
                            token_type="user" if user else "service",
                            reply_token=sandbox_group_token(self.group_id), api_base=f"{sandbox_base}/vk")
        return VkConfig(**common, token=resolve_secret(self.token), token_type=self.token_type,
                        reply_token=resolve_secret(self.reply_token), api_base=self.api_base)

    def streams(self) -> bool:
        return self.longpoll

    def own_author_ids(self) -> frozenset[str]:
        """Our community: the replies we post come back in later polls as its comments."""
        return frozenset({f"-{self.group_id}"}) if self.group_id else frozenset()
