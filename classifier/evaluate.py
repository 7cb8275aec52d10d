"""Measuring the classifier against a labelled CSV: precision, recall and F1 per field and code.

The CSV has the columns ``text,topic,location,importance,kind,excluded``. An empty cell means
"not labelled" and the message is left out of that field's figures, except for ``excluded``:
there an empty cell or the literal ``none`` means "not excluded" (the usual case), so every
row with the column counts. A missing column leaves the field out entirely.

Macro-F1 averages the F1 of every code that occurs in the labels or the predictions (as
scikit-learn does). For ``excluded`` the report also gives the binary figures "excluded for any
reason vs not", which is what the p. 20 target is stated in.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "FIELDS",
    "NONE",
    "CodeScore",
    "Example",
    "FieldReport",
    "LabelledFileError",
    "Report",
    "evaluate",
    "read_labelled",
    "targets_met",
]

FIELDS: tuple[str, ...] = ("topic", "location", "importance", "kind", "excluded")
NONE = "none"  # how "not excluded" is shown among the codes


class _Labelled(Protocol):
    topic: str
    location: str
    importance: str
    kind: str
    excluded: str | None


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled message; a field set to None was not labelled."""

    line: int
    text: str
    gold: dict[str, str]


class LabelledFileError(Exception):
    """The labelled CSV cannot be used; the message names the file, line and problem."""


def read_labelled(path: str | Path) -> list[Example]:
    """Read a labelled CSV (see the module docstring for the conventions)."""
    p = Path(path)
    try:
        handle = p.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise LabelledFileError(f"{p}: cannot read ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        if "text" not in header:
            raise LabelledFileError(f"{p}: needs a header with a 'text' column")
        present = [f for f in FIELDS if f in header]
        examples: list[Example] = []
        for row in reader:
            gold: dict[str, str] = {}
            for name in present:
                value = (row.get(name) or "").strip()
                if name == "excluded":
                    gold[name] = NONE if value.lower() in ("", NONE, "null") else value
                elif value:
                    gold[name] = value
            examples.append(Example(reader.line_num, row.get("text") or "", gold))
    return examples


@dataclass(frozen=True, slots=True)
class CodeScore:
    code: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass
class FieldReport:
    """Figures for one field: per-code scores, accuracy, macro-F1 and the most common confusions."""

    name: str
    total: int = 0
    correct: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: str, predicted: str) -> None:
        self.total += 1
        self.correct += gold == predicted
        self.pairs[(gold, predicted)] += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def codes(self) -> list[CodeScore]:
        gold_count: Counter[str] = Counter()
        pred_count: Counter[str] = Counter()
        hits: Counter[str] = Counter()
        for (gold, pred), n in self.pairs.items():
            gold_count[gold] += n
            pred_count[pred] += n
            if gold == pred:
                hits[gold] += n
        scores = []
        for code in sorted(set(gold_count) | set(pred_count)):
            p = hits[code] / pred_count[code] if pred_count[code] else 0.0
            r = hits[code] / gold_count[code] if gold_count[code] else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            scores.append(CodeScore(code, p, r, f, gold_count[code], pred_count[code]))
        return scores

    @property
    def macro_f1(self) -> float:
        scores = self.codes()
        return sum(s.f1 for s in scores) / len(scores) if scores else 0.0

    def confusions(self, top: int = 10) -> list[tuple[str, str, int]]:
        wrong = [(g, p, n) for (g, p), n in self.pairs.items() if g != p]
        return sorted(wrong, key=lambda t: (-t[2], t[0], t[1]))[:top]

    def binary(self, negative: str = NONE) -> tuple[float, float, float]:
        """(precision, recall, F1) of "any code other than ``negative``" vs ``negative``."""
        tp = sum(n for (g, p), n in self.pairs.items() if g != negative and p != negative)
        fp = sum(n for (g, p), n in self.pairs.items() if g == negative and p != negative)
        fn = sum(n for (g, p), n in self.pairs.items() if g != negative and p == negative)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


@dataclass
class Report:
    fields: dict[str, FieldReport]
    examples: int
    mistakes: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"examples": self.examples, "fields": {}}
        for name, rep in self.fields.items():
            entry: dict[str, Any] = {
                "labelled": rep.total,
                "accuracy": round(rep.accuracy, 4),
                "macro_f1": round(rep.macro_f1, 4),
                "codes": {s.code: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                                   "f1": round(s.f1, 4), "support": s.support, "predicted": s.predicted}
                          for s in rep.codes()},
                "confusions": [{"gold": g, "predicted": p, "count": n} for g, p, n in rep.confusions()],
            }
            if name == "excluded":
                p, r, f = rep.binary()
                entry["any"] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
            out["fields"][name] = entry
        return out

    def render(self) -> str:
        """A human-readable report: a table per field, then its most common confusions."""
        lines = [f"{self.examples} labelled messages"]
        for name, rep in self.fields.items():
            lines.append("")
            lines.append(f"== {name}: accuracy {rep.accuracy:.3f}, macro-F1 {rep.macro_f1:.3f} "
                         f"({rep.total} labelled)")
            if name == "excluded":
                p, r, f = rep.binary()
                lines.append(f"   excluded (any reason): precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")
            lines.append(f"   {'code':<16}{'precision':>10}{'recall':>9}{'F1':>8}{'support':>9}{'predicted':>11}")
            for s in rep.codes():
                lines.append(f"   {s.code:<16}{s.precision:>10.3f}{s.recall:>9.3f}{s.f1:>8.3f}"
                             f"{s.support:>9}{s.predicted:>11}")
            confusions = rep.confusions()
            if confusions:
                lines.append("   most confused (labelled -> predicted):")
                for gold, pred, n in confusions:
                    lines.append(f"     {gold} -> {pred}: {n}")
        return "\n".join(lines)


def evaluate(examples: Iterable[Example], classify: Callable[[str], _Labelled],
             keep_mistakes: int = 0) -> Report:
    """Run ``classify`` over the examples and tally every labelled field."""
    reports: dict[str, FieldReport] = {}
    count = 0
    mistakes: list[dict[str, Any]] = []
    for example in examples:
        count += 1
        labels = classify(example.text)
        wrong: dict[str, tuple[str, str]] = {}
        for name in FIELDS:
            if name not in example.gold:
                continue
            predicted = getattr(labels, name)
            predicted = NONE if predicted is None else str(predicted)
            reports.setdefault(name, FieldReport(name)).add(example.gold[name], predicted)
            if predicted != example.gold[name]:
                wrong[name] = (example.gold[name], predicted)
        if wrong and len(mistakes) < keep_mistakes:
            mistakes.append({"line": example.line, "text": example.text,
                             "wrong": {k: {"gold": g, "predicted": p} for k, (g, p) in wrong.items()},
                             "rules": list(getattr(labels, "rules", ()))})
    ordered = {name: reports[name] for name in FIELDS if name in reports}
    return Report(ordered, count, mistakes)


def targets_met(report: Report) -> Sequence[str]:
    """The issue's accuracy targets that the report misses (empty when all are met)."""
    missed = []
    topic = report.fields.get("topic")
    if topic and topic.macro_f1 < 0.85:
        missed.append(f"topic macro-F1 {topic.macro_f1:.3f} < 0.85")
    location = report.fields.get("location")
    if location and location.accuracy < 0.90:
        missed.append(f"location accuracy {location.accuracy:.3f} < 0.90")
    excluded = report.fields.get("excluded")
    if excluded:
        p, r, _ = excluded.binary()
        if r < 0.95:
            missed.append(f"excluded recall {r:.3f} < 0.95")
        if p < 0.90:
            missed.append(f"excluded precision {p:.3f} < 0.90")
    return missed
