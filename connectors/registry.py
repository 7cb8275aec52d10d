"""Which networks exist: one line per platform package, and lookups over them.

A platform is a package ``connectors/<platform>/`` whose ``PLATFORM`` names its settings model
and its connector factory; adding a network is that package and one line in ``_PLATFORMS``.
``build_connector`` takes a connector config (``VkConfig``, ``RssConfig``…) or any object with
the same attributes and a ``platform`` attribute. A platform registered twice fails at import.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

import requests
from pydantic import Field

from connectors import facebook, instagram, ok, rss, telegram, vk, web, x
from connectors.base import Connector
from connectors.platform import ConnectorFactory, Platform, ReplyFitter
from connectors.settings import SourceSettings

__all__ = [
    "ConnectorFactory", "ReplyFitter", "build_connector", "fit_reply", "platform", "platforms",
    "register_platform", "source_settings_type",
]

_REGISTERED: dict[str, Platform] = {}


def register_platform(platform: str | Platform, factory: ConnectorFactory | None = None,
                      fit: ReplyFitter | None = None) -> None:
    """Add a platform; registering the same name twice raises."""
    name = platform.name if isinstance(platform, Platform) else platform
    if name in _REGISTERED:
        raise RuntimeError(f"connector platform {name!r} is registered twice")
    if not isinstance(platform, Platform):
        assert factory is not None
        platform = (Platform(name=name, settings=SourceSettings, build=factory, fit=fit) if fit is not None
                    else Platform(name=name, settings=SourceSettings, build=factory))
    _REGISTERED[name] = platform


_PLATFORMS = (
    vk.PLATFORM,
    rss.PLATFORM,
    ok.PLATFORM,
    telegram.PLATFORM,
    web.PLATFORM,
    facebook.PLATFORM,
    instagram.PLATFORM,
    x.PLATFORM,
)
for _platform in _PLATFORMS:
    register_platform(_platform)


def platforms() -> tuple[str, ...]:
    return tuple(sorted(_REGISTERED))


def titles() -> dict[str, str]:
    """Each platform's name as officials read it («vk» → «ВКонтакте»), in the order registered."""
    return {name: p.title or name for name, p in _REGISTERED.items()}


def platform(name: str) -> Platform:
    found = _REGISTERED.get(str(name))
    if found is None:
        raise ValueError(f"platform: no connector for {name!r} (known: {', '.join(platforms())})")
    return found


def source_settings_type() -> Any:
    """The type of one ``sources[]`` entry: the platforms' settings models, told apart by ``platform``."""
    models = tuple(p.settings for p in _PLATFORMS)
    return Annotated[Union[models], Field(discriminator="platform")]  # noqa: UP007


def fit_reply(platform_name: str, text: str, author_name: str | None) -> str:
    """The reply exactly as it will be posted on ``platform`` (markup, address, length); a
    connector posts it byte for byte, so this is computed when the draft is written and shown
    to the curator before approval. An unknown platform gets the text as written."""
    found = _REGISTERED.get(platform_name)
    return found.fit(text, author_name) if found is not None else text


def build_connector(source_settings: Any, *, session: requests.Session | None = None, clock: Any = None) -> Connector:
    """The connector for ``source_settings.platform``, built with an optional session and clock."""
    found = platform(str(getattr(source_settings, "platform", None)))
    return found.build(source_settings, session=session, clock=clock)
