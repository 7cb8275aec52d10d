"""The metrics behind ``--eval``: per-code precision, recall, F1, macro-F1, accuracy, confusions."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from classifier.evaluate import (
    NONE,
    Example,
    LabelledFileError,
    evaluate,
    read_labelled,
    targets_met,
)


def _labels(topic: str, excluded: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(topic=topic, location="unknown", importance="normal", kind="complaint",
                           excluded=excluded, rules=())


def test_per_code_scores_and_macro_f1() -> None:
    """Precision, recall and F1 per code match a hand count; macro-F1 averages them."""
    gold = ["roads", "roads", "water", "water"]
    predicted = {"a": "roads", "b": "water", "c": "water", "d": "power"}
    examples = [Example(i, t, {"topic": g}) for i, (t, g) in enumerate(zip("abcd", gold, strict=True))]
    report = evaluate(examples, lambda text: _labels(predicted[text]))
    scores = {s.code: s for s in report.fields["topic"].codes()}
    assert scores["roads"].precision == 1.0 and scores["roads"].recall == 0.5
    assert scores["water"].precision == 0.5 and scores["water"].recall == 0.5
    assert scores["power"].f1 == 0.0 and scores["power"].support == 0
    assert report.fields["topic"].accuracy == 0.5
    expected_macro = (2 * 0.5 / 1.5 + 0.5 + 0.0) / 3
    assert report.fields["topic"].macro_f1 == pytest.approx(expected_macro)
    assert report.fields["topic"].confusions()[0][2] == 1


def test_excluded_binary_figures() -> None:
    """Excluded recall and precision are about "excluded for any reason" vs not."""
    examples = [Example(1, "a", {"excluded": "insult"}), Example(2, "b", {"excluded": "obscene"}),
                Example(3, "c", {"excluded": NONE}), Example(4, "d", {"excluded": NONE})]
    answers = {"a": "obscene", "b": None, "c": "threat", "d": None}
    report = evaluate(examples, lambda text: _labels("roads", answers[text]))
    precision, recall, _ = report.fields["excluded"].binary()
    assert (precision, recall) == (0.5, 0.5)
    assert "excluded recall 0.500 < 0.95" in targets_met(report)


def test_empty_cells_are_not_labelled_but_empty_excluded_means_none(tmp_path: Path) -> None:
    """An empty topic cell leaves the row out of topic figures; an empty excluded cell means not excluded."""
    path = tmp_path / "set.csv"
    path.write_text("text,topic,location,importance,kind,excluded\n"
                    "a,,sobolevo,,,\nb,roads,,,,none\n", encoding="utf-8")
    examples = read_labelled(path)
    assert examples[0].gold == {"location": "sobolevo", "excluded": NONE}
    assert examples[1].gold == {"topic": "roads", "excluded": NONE}


def test_missing_excluded_column_leaves_the_field_out(tmp_path: Path) -> None:
    """Without an excluded column, exclusion is not measured at all."""
    path = tmp_path / "set.csv"
    path.write_text("text,topic\na,roads\n", encoding="utf-8")
    assert read_labelled(path)[0].gold == {"topic": "roads"}


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    """A missing file is an error naming it."""
    with pytest.raises(LabelledFileError, match="cannot read"):
        read_labelled(tmp_path / "none.csv")


def test_report_renders_and_serialises() -> None:
    """The human report lists each field; the JSON form carries the same figures."""
    report = evaluate([Example(1, "a", {"topic": "roads", "excluded": NONE})], lambda _: _labels("roads"))
    text = report.render()
    assert "== topic: accuracy 1.000, macro-F1 1.000" in text and "excluded (any reason)" in text
    data = report.as_dict()
    assert data["fields"]["topic"]["codes"]["roads"]["f1"] == 1.0
