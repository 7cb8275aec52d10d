"""Learn ``rules/threat-model.yaml`` from the labelled examples in the repository.

    .venv/bin/python -m classifier.threat_training [--out rules/threat-model.yaml] [--check]

Examples: ``tests/classifier/threat-cases.csv`` (hard threats and civic look-alikes),
``tests/data/threat-examples.csv`` (two sets of comments written blind), angry and ordinary
civic comments that are no threats (``tests/data/civic-examples.csv``), the labelled set
``tests/data/classifier-labelled.csv`` (every non-threat there is a negative) and blind sets 4
and 5 (``tests/data/exclusion-examples.csv``; obscene and insulting comments are negatives). The
held-out sets (``classifier-holdout*.csv``, ``threat-holdout.csv``, ``exclusion-holdout.csv``)
are never read. Logistic regression by stochastic gradient descent with L2 shrinkage and a fixed
seed, over the features of classifier/threat_model.py, so the same examples always give the same
file. ``scripts/threat_cv.py`` measures it with each source file left out in turn.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from classifier.threat_model import features
from classifier.weight_table import format_table

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "classifier" / "threat-cases.csv", ROOT / "tests" / "data" / "threat-examples.csv",
           ROOT / "tests" / "data" / "civic-examples.csv", ROOT / "tests" / "data" / "classifier-labelled.csv",
           ROOT / "tests" / "data" / "exclusion-examples.csv")
EPOCHS, RATE, SHRINK, SEED = 15, 0.1, 0.001, 7
THRESHOLD = 0.7  # measured: 1 of 3,500 real appeals flagged, 34 of 40 blind threats caught
MIN_WEIGHT = 0.02  # smaller weights change no decision and only make the file long


def examples(paths: Sequence[Path] = SOURCES) -> list[tuple[str, bool]]:
    """(text, is a threat) from CSV files with ``text`` and ``excluded`` columns."""
    found: list[tuple[str, bool]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            found += [(row["text"], row["excluded"] == "threat") for row in csv.DictReader(handle) if row["text"]]
    return found


def fit(rows: Sequence[tuple[Iterable[str], bool]]) -> tuple[dict[str, float], float]:
    """(weights, bias) of a logistic regression from (features, is a threat) rows."""
    rows = [(sorted(set(feats)), threat) for feats, threat in rows]
    rng = random.Random(SEED)
    weights: dict[str, float] = {}
    bias = -2.0
    for _ in range(EPOCHS):
        rng.shuffle(rows)
        for feats, threat in rows:
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            error = (1.0 if threat else 0.0) - 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for f in feats:
                w = weights.get(f, 0.0)
                weights[f] = w + RATE * error - SHRINK * w
            bias += RATE * error
    return {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}, round(bias, 3)


def train(data: Sequence[tuple[str, bool]], lemmas: Callable[[str], Sequence[str]]) -> tuple[dict[str, float], float]:
    """(weights, bias) of a logistic regression from labelled texts."""
    return fit([(features(lemmas(text)), threat) for text, threat in data])


def render(weights: dict[str, float], bias: float, data: Sequence[tuple[str, bool]]) -> str:
    """The model file: a header saying where it comes from, the threshold, the bias and the weights."""
    header = ("# Learned by `python -m classifier.threat_training` from the repository's labelled examples\n"
              f"# ({len(data)} texts, {sum(t for _, t in data)} threats); do not edit by hand, add examples and\n"
              "# retrain. A message whose features sum to a probability >= threshold is a threat.\n")
    return header + f"threshold: {THRESHOLD}\nbias: {bias}\nweights: |\n{format_table(weights)}"


def build(paths: Sequence[Path] = SOURCES) -> str:
    """The text of the model file learned from ``paths``."""
    from classifier.pipeline import Classifier

    classifier = Classifier.from_dir(ROOT / "rules")
    data = examples(paths)
    weights, bias = train(data, lambda text: classifier.normalize(text).lemmas)
    return render(weights, bias, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "threat-model.yaml")
    parser.add_argument("--check", action="store_true", help="exit 1 unless --out is what training builds")
    args = parser.parse_args()
    text = build()
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from what training builds'}")
        sys.exit(0 if same else 1)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {text.count(chr(10)) - 6} weights")


if __name__ == "__main__":
    main()
