"""Learn ``rules/threat-model.yaml`` from the labelled examples in the repository.

    .venv/bin/python -m classifier.threat_training [--out rules/threat-model.yaml]

Examples: ``tests/classifier/threat-cases.csv`` (hard threats and civic look-alikes),
``tests/data/threat-examples.csv`` (two sets of comments written blind), angry and ordinary
civic comments that are no threats (``tests/data/civic-examples.csv``), the labelled set
``tests/data/classifier-labelled.csv`` (every non-threat there is a negative) and blind sets 4
and 5 (``tests/data/exclusion-examples.csv``; obscene and insulting comments are negatives). The
held-out sets (``classifier-holdout.csv``, ``threat-holdout.csv``, ``exclusion-holdout.csv``)
are never read. Logistic regression by stochastic gradient descent with L2 shrinkage and a fixed
seed, over the features of classifier/threat_model.py, so the same examples always give the same
file.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Callable, Sequence
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


def train(data: Sequence[tuple[str, bool]], lemmas: Callable[[str], Sequence[str]]) -> tuple[dict[str, float], float]:
    """(weights, bias) of a logistic regression from labelled texts."""
    rows = [(features(lemmas(text)), threat) for text, threat in data]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "threat-model.yaml")
    args = parser.parse_args()
    from classifier.pipeline import Classifier

    classifier = Classifier.from_dir(ROOT / "rules")
    data = examples()
    weights, bias = train(data, lambda text: classifier.normalize(text).lemmas)
    header = ("# Learned by `python -m classifier.threat_training` from the repository's labelled examples\n"
              f"# ({len(data)} texts, {sum(t for _, t in data)} threats); do not edit by hand, add examples and\n"
              "# retrain. A message whose features sum to a probability >= threshold is a threat.\n")
    body = f"threshold: {THRESHOLD}\nbias: {bias}\nweights: |\n{format_table(weights)}"
    args.out.write_text(header + body, encoding="utf-8")
    print(f"{args.out}: {len(weights)} weights from {len(data)} examples")


if __name__ == "__main__":
    main()
