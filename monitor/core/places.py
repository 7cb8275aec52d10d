"""The district's places as the settings' rules name them: settlement codes and names, and the
fixed areas (district, outside, unknown). Read from the gazetteer, never written into the code,
so workflow settings, watch queries and notifications check and name places the same way."""

from __future__ import annotations

from classifier.codes import AREAS
from classifier.pipeline import read_settlements
from classifier.rules import RulesError
from classifier.spikes import AREA_NAMES_RU
from monitor.core.settings import Settings, SettingsError


def settlements(settings: Settings) -> dict[str, str]:
    """The district's settlements, code → name, from the gazetteer of the settings' rules folder."""
    try:
        return read_settlements(settings.path(settings.rules_dir))
    except RulesError as exc:
        raise SettingsError(f"rules_dir: {exc}") from None


def location_codes(settings: Settings) -> tuple[str, ...]:
    """Every location code the settings may name: the settlements', then district, outside, unknown."""
    return (*settlements(settings), *AREAS)


def location_names(settings: Settings) -> dict[str, str]:
    """Each location code's Russian name, for officials: «Берёзовка», «весь район»…"""
    return {**settlements(settings), **AREA_NAMES_RU}
