"""Leave-one-source-out measure of threat detection (p. 20): how the rules plus learned weights do on
wording the weights never saw.

    .venv/bin/python scripts/threat_cv.py [--thresholds 0.5,0.6,0.7] [--data ../shared/data]

For each labelled file below, the threat weights are trained without it (``classifier.threat_training``
as it builds the shipped file: its SOURCES and DEV_SOURCES minus that file, and the threat-like real appeals; a file
not among them is scored by the weights of all of them, marked «*») and the whole classifier is
scored on it: threat recall and precision (how many the rules caught, how many more the weights),
exclusion (any reason) recall and precision, and the weights' own recall and false alarms. The
rules were developed on most of these files, so their share flatters; the weights' share is honest.
Then the false alarms on the real appeals of the shared data folder (appeals-sample.csv and
appeals-spb-sample.csv): each half is scored by weights trained on the other half. The held-out
files are never read. About 3 min.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier import threat_training as training  # noqa: E402
from classifier.exclusion import CLEARED  # noqa: E402
from classifier.normalize import Normalized  # noqa: E402
from classifier.pipeline import Classifier  # noqa: E402
from classifier.threat_model import ThreatModel  # noqa: E402

csv.field_size_limit(10_000_000)

DATA, CASES = ROOT / "tests" / "data", ROOT / "tests" / "classifier"
SCORED = (CASES / "threat-cases.csv", DATA / "threat-examples.csv", DATA / "threat-examples-2.csv",
          DATA / "threat-examples-3.csv", DATA / "threat-examples-4.csv", DATA / "threat-examples-5.csv",
          DATA / "threat-examples-6.csv", DATA / "threat-examples-7.csv", DATA / "threat-examples-8.csv",
          DATA / "threat-examples-9.csv", DATA / "threat-examples-10.csv", DATA / "threat-examples-11.csv",
          DATA / "threat-examples-12.csv", DATA / "threat-examples-13.csv", DATA / "threat-examples-14.csv",
          DATA / "civic-examples-2.csv", DATA / "exclusion-examples-13.csv", DATA / "exclusion-examples-14.csv",
          *(DATA / f"exclusion-examples-{n}.csv" for n in range(15, 146)),
          DATA / "exclusion-examples.csv", DATA / "exclusion-dev.csv", DATA / "exclusion-dev-11.csv",
          DATA / "classifier-labelled.csv", DATA / "civic-examples.csv", DATA / "classifier-dev.csv",
          DATA / "classifier-dev-2.csv", DATA / "importance-kind-dev.csv",
          *(DATA / f"classifier-dev-{n}.csv" for n in range(3, 36)))
KEYS = ("n", "threats", "tp", "fp", "ex", "ex_tp", "ex_fp", "rules_tp", "model_fp", "alone_tp", "alone_fp")


class Row:
    """One labelled message as the rules alone decided it, and as read."""

    __slots__ = ("cleared", "label", "norm", "rules")

    def __init__(self, label: str | None, rules: str | None, norm: Normalized, cleared: bool = False) -> None:
        self.label, self.rules, self.norm, self.cleared = label, rules, norm, cleared


def read(classifier: Classifier, path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["text"]]
    found = []
    for r in rows:
        labels, norm = classifier.classify_read(r["text"])
        found.append(Row(r["excluded"] or None, labels.excluded, norm,
                         any(rule.startswith(CLEARED) for rule in labels.rules)))
    return found


def model_of(sources: Sequence[Path], appeals: Sequence[str], cache: dict[tuple[object, ...], ThreatModel],
             ) -> ThreatModel:
    key = (*sources, len(appeals), appeals[0] if appeals else "")
    if key not in cache:
        cache[key] = ThreatModel.from_dict(yaml.safe_load(training.build(sources, appeals)))
    return cache[key]


def probability(model: ThreatModel, norm: Normalized) -> float:
    """The weights' probability, 0 where they do not speak (no one named a threat could be aimed at)."""
    return model.probability(norm.lemmas) if model.speaks(norm.lemmas) else 0.0


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def score(rows: Sequence[Row], probs: Sequence[float], threshold: float) -> dict[str, int]:
    c = dict.fromkeys(KEYS, 0)
    for row, p in zip(rows, probs, strict=True):
        said = row.rules or ("threat" if p >= threshold and not row.cleared else None)
        c["n"] += 1
        c["threats"] += row.label == "threat"
        c["tp"] += said == "threat" and row.label == "threat"
        c["fp"] += said == "threat" and row.label != "threat"
        c["rules_tp"] += row.rules == "threat" and row.label == "threat"
        c["model_fp"] += row.rules is None and said == "threat" and row.label != "threat"
        c["alone_tp"] += p >= threshold and row.label == "threat"
        c["alone_fp"] += p >= threshold and row.label != "threat"
        c["ex"] += row.label is not None
        c["ex_tp"] += said is not None and row.label is not None
        c["ex_fp"] += said is not None and row.label is None
    return c


def line(name: str, c: dict[str, int]) -> str:
    return (f"{name:28} {c['n']:5} {c['threats']:4} | threat R {ratio(c['tp'], c['threats'])} "
            f"P {ratio(c['tp'], c['tp'] + c['fp'])} (rules {c['rules_tp']:3}, +model {c['tp'] - c['rules_tp']:3},"
            f" fp {c['fp']:2}) | excl R {ratio(c['ex_tp'], c['ex'])} P {ratio(c['ex_tp'], c['ex_tp'] + c['ex_fp'])}"
            f" | weights alone R {ratio(c['alone_tp'], c['threats'])} fp {c['alone_fp']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--thresholds", default="", help="comma-separated; default: the trainer's THRESHOLD")
    parser.add_argument("--data", type=Path, default=next(
        (p for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data")
         if (p / "appeals-sample.csv").exists()), ROOT.parent / "shared" / "data"))
    parser.add_argument("--files", default="", help="comma-separated file names to score (default: all present)")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",") if t] or [training.THRESHOLD]
    classifier = Classifier.from_dir(ROOT / "rules").with_threat_model(None)
    cache: dict[tuple[object, ...], ThreatModel] = {}
    appeals = training.real_appeals(args.data if (args.data / "appeals-sample.csv").exists() else None)
    sources = training.SOURCES + training.DEV_SOURCES
    halves = [appeals[0::2], appeals[1::2]]  # the weights scoring one half of the appeals learned from the other
    scored = [p for p in SCORED if p.exists() and (not args.files or p.name in args.files.split(","))]
    results: list[tuple[str, list[Row], list[float]]] = []
    for path in scored:
        model = model_of([s for s in sources if s != path], appeals, cache)
        rows = read(classifier, path)
        results.append((path.name + ("" if path in sources else " *"), rows,
                        [probability(model, r.norm) for r in rows]))
    read_appeals = [(classifier.classify_read(t), model_of(sources, halves[1 - k % 2], cache))
                    for k, t in enumerate(appeals)]
    for threshold in thresholds:
        print(f"threshold {threshold}  (* = not a training source: scored by the weights of all sources)")
        total = dict.fromkeys(KEYS, 0)
        for name, rows, probs in results:
            c = score(rows, probs, threshold)
            print(line(name, c))
            for k in total:
                total[k] += c[k]
        print(line("ALL", total))
        if read_appeals:
            rules = sum(labels.excluded == "threat" for (labels, _), _ in read_appeals)
            by_weights = sum(labels.excluded is None and probability(m, norm) >= threshold
                        for (labels, norm), m in read_appeals)
            alone = sum(probability(m, norm) >= threshold for (_, norm), m in read_appeals)
            print(f"real appeals: {len(read_appeals)}; threat by the rules {rules}, then by the weights {by_weights}"
                  f" (weights alone {alone}): 1 in {len(read_appeals) // max(1, rules + by_weights)}")


if __name__ == "__main__":
    main()
