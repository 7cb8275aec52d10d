"""Train ``rules/topic-weights.yaml``: learned topic weights from real appeals and our labelled sets.

    .venv/bin/python scripts/train_topic_weights.py            # rewrite rules/topic-weights.yaml
    .venv/bin/python scripts/train_topic_weights.py --check    # exit 1 unless the shipped table is this one
    .venv/bin/python scripts/train_topic_weights.py --cv 5     # cross-validated accuracy on the real appeals
    .venv/bin/python scripts/train_topic_weights.py --cv-sets  # each labelled set scored by a table trained without it

Needs scikit-learn (``pip install -e '.[train]'``); the classifier itself reads the table with no
such library. Training data: the real appeals in the shared data folder (``--data``; by default
``../shared/data`` beside the repository), mapped to our codes by ``scripts/appeal-topic-mapping.yaml``,
plus our labelled sets with topics (``OURS``: classifier-labelled, classifier-dev, classifier-dev-2 to
-7, importance-kind-dev). The held-out sets (``*holdout*.csv``) are never read. A multinomial logistic
regression over the distinct lemmas of each message (classifier/topic_model.py ``features``), with
a fixed seed and rounded weights, so the same data always give the same file; only each topic's
strongest ``TOP_K`` weights are kept.

``--cv K`` measures what the table is for: the classifier (rules, then the table where the rules
are silent or tied) on the real appeals, each fold scored by a table trained without it. Appeals
with the same text are kept in one fold, so no appeal is both trained and scored. ``--cv-sets``
(leave one source out) scores the whole classifier's topic on each of our labelled sets with a
table trained on everything else: how the table does on wording written by someone it never read.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.evaluate import read_labelled  # noqa: E402
from classifier.markup import plain_text  # noqa: E402
from classifier.pipeline import Classifier  # noqa: E402
from classifier.table_training import TRAINING_SETS, code_blocks, fit_codes, labelled_rows, write_or_check  # noqa: E402
from classifier.topic import topic_words  # noqa: E402
from classifier.topic_model import WEIGHTS_FILE, TopicModel, features  # noqa: E402

csv.field_size_limit(10_000_000)

MAPPING = ROOT / "scripts" / "appeal-topic-mapping.yaml"
OURS = TRAINING_SETS
OUT = ROOT / "rules" / WEIGHTS_FILE
SEED = 15
C = 6.0  # inverse regularisation strength (measured by --cv and --cv-sets: with the four sets, 2 gave the
# real appeals 0.819 and the sets left out 0.949 on average, 4 0.824 and 0.948, 8 0.828 and 0.944; with the
# nineteen sets of 2026-12-07, session 20: 4 gave 2,640 of 3,222 real appeals (0.8194) and the sets left out
# a mean macro-F1 of 0.9115, 6 gave 2,646 (0.8212) and 0.9135, 8 gave 2,642 (0.8200))
TOP_K = 1000  # weights kept per topic (measured by --cv: 150 kept 0.804, 1000 0.819)
MARGIN = 1.5  # where the rules tie, the best topic must lead the next by this much to be believed
# (--cv-sets with topics.yaml's tie 0.4, mean macro-F1 of the sets left out: 1.15 0.953, 1.5 0.954;
# real appeals 0.822 both; bigrams of lemmas as features did worse on both, 0.943 and 0.818)
SILENT_MARGIN = 0.0  # where the rules name no topic, the table's best topic is taken (measured by --cv)…
MIN_WORDS = 0.4  # …if the message's own words weigh this much for it
MIN_WEIGHT = 0.05


def data_folder(given: str | None) -> Path:
    """The shared data folder: ``--data``, $OTKLIK_SHARED_DATA, or ``shared/data`` beside the repository
    (or beside the folder of worktrees it sits in)."""
    candidates = [given, os.environ.get("OTKLIK_SHARED_DATA"), ROOT.parent / "shared" / "data",
                  ROOT.parent.parent / "shared" / "data"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "appeals-sample.csv").exists():
            return Path(candidate)
    raise SystemExit("train_topic_weights: no shared data folder with appeals-sample.csv (use --data)")


def _squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def appeals(folder: Path, mapping: Path = MAPPING) -> list[tuple[str, str]]:
    """(text, topic) of every real appeal the mapping gives a code; a value it does not list is an error."""
    spec = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for source in spec["sources"]:
        by = {column: {_squeeze(k): v for k, v in values.items()} for column, values in source["by"].items()}
        with (folder / source["file"]).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code: Any = ...
                for column in source["columns"]:
                    value = _squeeze(row[column])
                    if value in by.get(column, {}):
                        code = by[column][value]
                        break
                if code is ...:
                    raise SystemExit(f"{mapping.name}: {source['file']}: no code for "
                                     + ", ".join(f"{c}={row[c]!r}" for c in source["columns"]))
                text = plain_text(row[source["text"]]).strip()
                if code is not None and text:
                    found.append((text, code))
    return found


def ours(paths: Sequence[Path] = OURS) -> list[tuple[str, str]]:
    """(text, topic) of our own labelled sets."""
    return labelled_rows(paths, "topic")


def lemmas_of(classifier: Classifier, text: str) -> tuple[str, ...]:
    """The lemmas the classifier reads a topic from (the same function it uses at run time)."""
    return topic_words(classifier.normalize(plain_text(text)))[1]


def train(rows: Sequence[tuple[Sequence[str], str]]) -> dict[str, Any]:
    """The weight table (as written to the YAML file) of a logistic regression on (lemmas, topic) rows."""
    topics = fit_codes([(features(lemmas), topic) for lemmas, topic in rows], C, SEED, TOP_K, MIN_WEIGHT)
    return {"margin": MARGIN, "silent_margin": SILENT_MARGIN, "min_words": MIN_WORDS, "topics": topics}


def render(table: dict[str, Any], counts: Counter[str]) -> str:
    """The YAML file: a header saying where it comes from, then one block of weights per topic."""
    lines = [
        "# Learned by scripts/train_topic_weights.py (logistic regression over lemmas) from real appeals",
        f"# mapped to our codes ({counts['appeals']}) and our labelled sets ({counts['ours']}); do not edit",
        "# by hand: change the data or the mapping and rerun the script. Consulted where the topic rules",
        "# are silent, tied or weak (classifier/topic.py): a topic's score is its bias plus the weights",
        "# of the message's lemmas; the best must lead the next by `margin` (`silent_margin` where",
        "# the rules name no topic), and the message's own words weigh at least `min_words` for it.",
        f"margin: {table['margin']}",
        f"silent_margin: {table['silent_margin']}",
        f"min_words: {table['min_words']}",
        *code_blocks("topics", table["topics"]),
    ]
    return "\n".join(lines) + "\n"


def build(folder: Path) -> str:
    """The table's file text, from the data alone."""
    classifier = Classifier.from_dir(ROOT / "rules")
    real, own = appeals(folder), ours()
    rows = [(lemmas_of(classifier, text), topic) for text, topic in real + own]
    return render(train(rows), Counter(appeals=len(real), ours=len(own)))


def cross_validate(folder: Path, k: int) -> None:
    """Accuracy on the real appeals: the rules alone, the table alone and both, each fold unseen."""
    classifier = Classifier.from_dir(ROOT / "rules").with_topic_model(None)
    real, own = appeals(folder), ours()
    own_rows = [(lemmas_of(classifier, text), topic) for text, topic in own]
    real_rows = [(lemmas_of(classifier, text), topic) for text, topic in real]
    groups: dict[str, int] = {}
    fold_of = [groups.setdefault(_squeeze(text).lower(), len(groups)) % k for text, _ in real]
    rules_right = sum(classifier.classify(text).topic == topic for text, topic in real)
    both = alone = 0
    for fold in range(k):
        rows = [r for r, f in zip(real_rows, fold_of, strict=True) if f != fold] + own_rows
        model = TopicModel.from_dict(yaml.safe_load(render(train(rows), Counter())))
        scored = classifier.with_topic_model(model)
        for (text, topic), lemmas, f in zip(real, real_rows, fold_of, strict=True):
            if f != fold:
                continue
            both += scored.classify(text).topic == topic
            scores = model.scores(lemmas[0])
            alone += max(scores, key=lambda t: scores[t]) == topic
    n = len(real)
    print(f"{n} real appeals mapped to our codes, {k} folds (same text, same fold)")
    print(f"rules alone:             {rules_right / n:.3f}")
    print(f"table alone (cv):        {alone / n:.3f}")
    print(f"rules, then table (cv):  {both / n:.3f}")


def cross_validate_sets(folder: Path, paths: Sequence[Path] = OURS) -> None:
    """Leave one source out: each labelled set scored (topic macro-F1, accuracy, the pairs most
    confused) by the classifier with a table trained on the real appeals and the training sets
    (``OURS``) other than it; rules alone for comparison."""
    from classifier.evaluate import FieldReport

    classifier = Classifier.from_dir(ROOT / "rules").with_topic_model(None)
    real_rows = [(lemmas_of(classifier, text), topic) for text, topic in appeals(folder)]
    own_rows = {path: [(lemmas_of(classifier, text), topic) for text, topic in ours([path])] for path in OURS}
    print(f"{'left out':<28}{'rows':>6}{'macro-F1':>10}{'accuracy':>10}{'rules F1':>10}"
          "  most confused (labelled -> predicted)")
    for path in paths:
        rows = real_rows + [r for other, rs in own_rows.items() if other != path for r in rs]
        scored = classifier.with_topic_model(TopicModel.from_dict(yaml.safe_load(render(train(rows), Counter()))))
        report, alone = FieldReport("topic"), FieldReport("topic")
        for example in read_labelled(path):
            if example.gold.get("topic"):
                report.add(example.gold["topic"], scored.classify(example.text).topic)
                alone.add(example.gold["topic"], classifier.classify(example.text).topic)
        pairs = ", ".join(f"{g}->{p} {n}" for g, p, n in report.confusions(6))
        print(f"{path.name:<28}{report.total:>6}{report.macro_f1:>10.3f}{report.accuracy:>10.3f}"
              f"{alone.macro_f1:>10.3f}  {pairs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder (appeals-sample.csv, …)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare with the shipped table instead of writing")
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="report K-fold accuracy on the real appeals")
    parser.add_argument("--cv-sets", action="store_true",
                        help="score each labelled set by a table trained without it (leave one source out)")
    args = parser.parse_args()
    folder = data_folder(args.data)
    if args.cv_sets:
        cross_validate_sets(folder)
        return
    if args.cv:
        cross_validate(folder, args.cv)
        return
    write_or_check(args.out, build(folder), args.check, "scripts/train_topic_weights.py")


if __name__ == "__main__":
    main()
