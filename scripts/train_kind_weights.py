"""Train ``rules/kind-weights.yaml``: learned kind weights from our labelled sets.

    .venv/bin/python scripts/train_kind_weights.py            # rewrite rules/kind-weights.yaml
    .venv/bin/python scripts/train_kind_weights.py --check    # exit 1 unless the shipped table is this one
    .venv/bin/python scripts/train_kind_weights.py --cv 5     # K-fold accuracy on the pooled sets, per scale
    .venv/bin/python scripts/train_kind_weights.py --cv-sets  # each labelled set scored by a table trained without it

Needs scikit-learn (``pip install -e '.[train]'``); the classifier reads the table with no such
library. Training data: the ``kind`` column of our labelled sets (classifier/table_training.py
``KIND_TRAINING_SETS``: classifier-labelled, classifier-dev, -2 to -15, importance-kind-dev); the
held-out sets (``*holdout*.csv``) are never read. A multinomial logistic regression over the
features of classifier/kind_model.py (``kind_features``: lemmas, openers, marks of form), with a
fixed seed and rounded weights, so the same data always give the same file.

Both measures score the whole classifier's kind (rules plus the table, as shipped) on rows the
table never saw: ``--cv K`` on K folds of the pooled sets (the same text always in one fold), for
each of ``SCALES``, which is how ``SCALE`` was chosen; ``--cv-sets`` with each set left out in
turn, wording written by someone the table never read. The rules were written with these sets in
view, so "rules alone" flatters the rules and both measures understate what the table adds on a
set new to both.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.evaluate import FieldReport  # noqa: E402
from classifier.kind_model import KIND_WEIGHTS_FILE, KindModel, kind_features  # noqa: E402
from classifier.pipeline import Classifier  # noqa: E402
from classifier.table_training import KIND_TRAINING_SETS, code_blocks, fit_codes, labelled_rows, write_or_check  # noqa: E402
from classifier.topic import topic_words  # noqa: E402

OUT = ROOT / "rules" / KIND_WEIGHTS_FILE
SEED = 15
C = 1.0  # inverse regularisation strength (by --cv 5 and --cv-sets, see tests/data/README.md)
TOP_K = 3000  # weights kept per kind, by size
MIN_WEIGHT = 0.05  # a weight smaller than this (either sign) is dropped
SCALE = 0.8  # the table's score is added to the rules' at this rate (by --cv 5 among SCALES)
SCALES = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)

Row = tuple[str, str, list[str]]  # text, kind, features


def rows_of(classifier: Classifier, paths: Sequence[Path]) -> list[Row]:
    """(text, kind, features) of the labelled rows of ``paths``, features read as the classifier does."""
    found: list[Row] = []
    for text, kind in labelled_rows(paths, "kind"):
        norm = classifier.read(text)
        found.append((text, kind, kind_features(topic_words(norm)[1], norm.text, tokens=norm.tokens)))
    return found


def train(rows: Sequence[Row], scale: float = SCALE) -> dict[str, Any]:
    """The table (as written to the YAML file) of a logistic regression on the rows' features."""
    kinds = fit_codes([(found, kind) for _, kind, found in rows], C, SEED, TOP_K, MIN_WEIGHT, signed=True)
    return {"scale": scale, "kinds": kinds}


def render(table: dict[str, Any], count: int) -> str:
    """The YAML file: a header saying where it comes from, then one block of weights per kind."""
    lines = [
        "# Learned by scripts/train_kind_weights.py (logistic regression over lemmas and marks of form)",
        f"# from the kind column of our labelled sets ({count} rows); do not edit by hand: change the data",
        "# and rerun the script. Added to the kind rules' scores (classifier/kind_model.py): a kind's",
        "# score is its bias plus the weights of the message's features, times `scale`. Features: lemmas,",
        "# `first:` the first three lemmas, `form:` a question or exclamation mark, a problem stated then",
        "# asked about, a proposal with «может», the marks of a notice (classifier/notice.py); `impr:` a",
        "# verb advising the readers («звоните»), `they:` what «they» will do («привезут»).",
        f"scale: {table['scale']}",
        *code_blocks("kinds", table["kinds"]),
    ]
    return "\n".join(lines) + "\n"


def model_of(rows: Sequence[Row], scale: float = SCALE) -> KindModel:
    return KindModel.from_dict(yaml.safe_load(render(train(rows, scale), len(rows))))


def build() -> str:
    """The table's file text, from the data alone."""
    rows = rows_of(Classifier.from_dir(ROOT / "rules"), KIND_TRAINING_SETS)
    return render(train(rows), len(rows))


def accuracy(classifier: Classifier, rows: Sequence[Row]) -> float:
    return sum(classifier.classify(text).kind == kind for text, kind, _ in rows) / len(rows)


def cross_validate(k: int) -> None:
    """The classifier's kind accuracy on the pooled sets, each fold scored by a table trained
    without it, for each scale in ``SCALES``; the rules alone for comparison."""
    rules = Classifier.from_dir(ROOT / "rules").with_kind_model(None)
    rows = rows_of(rules, KIND_TRAINING_SETS)
    groups: dict[str, int] = {}
    fold_of = [groups.setdefault(re.sub(r"\s+", " ", text).strip().lower(), len(groups)) % k for text, _, _ in rows]
    right: dict[float, int] = dict.fromkeys(SCALES, 0)
    for fold in range(k):
        trained = model_of([r for r, f in zip(rows, fold_of, strict=True) if f != fold])
        scored = [r for r, f in zip(rows, fold_of, strict=True) if f == fold]
        for scale in SCALES:
            with_table = rules.with_kind_model(KindModel(trained.biases, trained.weights, scale=scale))
            right[scale] += sum(with_table.classify(text).kind == kind for text, kind, _ in scored)
    print(f"{len(rows)} labelled rows, {k} folds (same text, same fold)")
    print(f"rules alone:          {accuracy(rules, rows):.4f}")
    for scale in SCALES:
        print(f"rules + table x{scale:<4}  {right[scale] / len(rows):.4f}")


def cross_validate_sets(paths: Sequence[Path] = KIND_TRAINING_SETS) -> None:
    """Leave one set out: each labelled set's kind accuracy by the classifier with a table trained
    on the other sets, and the rules alone; then the errors of both over all sets, by pair."""
    rules = Classifier.from_dir(ROOT / "rules").with_kind_model(None)
    by_set = {path: rows_of(rules, [path]) for path in paths}
    print(f"{'left out':<28}{'rows':>6}{'rules':>8}{'+table':>8}")
    before, after, pooled = [], [], {"rules": FieldReport("kind"), "+table": FieldReport("kind")}
    for path, rows in by_set.items():
        scored = rules.with_kind_model(model_of([r for other, rs in by_set.items() if other != path for r in rs]))
        alone, both = FieldReport("kind"), FieldReport("kind")
        for text, kind, _ in rows:
            for reports, classifier in (((alone, pooled["rules"]), rules), ((both, pooled["+table"]), scored)):
                predicted = classifier.classify(text).kind
                for report in reports:
                    report.add(kind, predicted)
        before.append(alone.accuracy)
        after.append(both.accuracy)
        print(f"{path.name:<28}{len(rows):>6}{alone.accuracy:>8.3f}{both.accuracy:>8.3f}")
    print(f"{'mean':<34}{sum(before) / len(before):>8.3f}{sum(after) / len(after):>8.3f}")
    for name, report in pooled.items():
        print(f"errors, {name}: " + ", ".join(f"{g}->{p} {n}" for g, p, n in report.confusions(8)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare with the shipped table instead of writing")
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="report K-fold accuracy on the pooled sets")
    parser.add_argument("--cv-sets", action="store_true",
                        help="score each labelled set by a table trained without it (leave one set out)")
    args = parser.parse_args()
    if args.cv_sets:
        cross_validate_sets()
        return
    if args.cv:
        cross_validate(args.cv)
        return
    write_or_check(args.out, build(), args.check, "scripts/train_kind_weights.py")


if __name__ == "__main__":
    main()
