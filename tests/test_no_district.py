"""The code names no district (issue 11, item 7): the settlements live in rules/ and settings.yaml.

Every Python module of the service is read for the gazetteer's settlements (their codes and the
stems of their names, so «Соболевского» counts as well as «Соболево»); the rules, the settings,
the sandbox's demo data, the tests and the docs may name them, the code may not.
"""

from __future__ import annotations

from pathlib import Path

from classifier.pipeline import read_settlements

ROOT = Path(__file__).resolve().parents[1]
CODE = ("classifier", "connectors", "monitor", "publisher", "db")


def _district_words() -> set[str]:
    settlements = read_settlements(ROOT / "rules")
    return {code.lower() for code in settlements} | {name.lower()[:-1] for name in settlements.values()}


def test_no_module_names_a_settlement_of_the_district() -> None:
    words = _district_words()
    assert len(words) >= 4, words  # the gazetteer was read
    named = [f"{path.relative_to(ROOT)}: {word}"
             for top in CODE for path in sorted((ROOT / top).rglob("*.py"))
             for word in sorted(words) if word in path.read_text(encoding="utf-8").lower()]
    assert named == []
