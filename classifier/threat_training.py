"""Learn ``rules/threat-model.yaml`` from the labelled examples in the repository.

    .venv/bin/python -m classifier.threat_training [--out rules/threat-model.yaml] [--check]

Examples: ``tests/classifier/threat-cases.csv`` (hard threats and civic look-alikes),
``tests/data/threat-examples.csv`` (two sets of comments written blind), angry and ordinary
civic comments that are no threats (``tests/data/civic-examples.csv``), the labelled set
``tests/data/classifier-labelled.csv`` (every non-threat there is a negative) and blind sets 4
and 5 (``tests/data/exclusion-examples.csv``; obscene and insulting comments are negatives).
Then ``DEV_SOURCES``: the dev sets and the blind threat sets of issue 15 (``threat-examples-2…8.csv`` and
``-10``, ``-11``; ``-9``, terse replies, is only scored: see tests/data/README.md).
And, as negatives, the real appeals of the shared data folder (``real_appeals``) that a first model
trained without them finds threat-like (``HARD_APPEAL``): citizens' long civic messages teach the
weights that anger and length are no threat, without pulling down every common word. The
held-out sets (``classifier-holdout*.csv``, ``threat-holdout.csv``, ``exclusion-holdout*.csv``) are
never read. Logistic regression by stochastic gradient descent with L2 shrinkage and a fixed
seed, over the features of classifier/threat_model.py, so the same examples always give the same
file. ``scripts/threat_cv.py`` measures it with each source file left out in turn.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from classifier.threat_model import class_index, features
from classifier.weight_table import format_table

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "classifier" / "threat-cases.csv", ROOT / "tests" / "data" / "threat-examples.csv",
           ROOT / "tests" / "data" / "civic-examples.csv", ROOT / "tests" / "data" / "classifier-labelled.csv",
           ROOT / "tests" / "data" / "exclusion-examples.csv")
#: The dev sets, the new blind threat sets and the blind look-alikes (2026-12-06, issue 15). Measured once
#: on the held-out sets (figures only), with the threat-like appeals and the THREAT_TARGETS gate: threats caught
#: 96 -> 99 of 111 (exclusion-holdout 22 -> 24 of 30, threat-holdout 34 -> 36 of 40, holdout-4 15 -> 14 of
#: 16) at the same precision, 1 -> 0 of 3,500 real appeals flagged. Without the gate the weights flagged
#: three civic look-alikes of test_exclusion; with every appeal as a negative holdout-4 lost three threats.
#: A set joins when scripts/threat_cv.py's pooled figures improve with it; -14 did not (recall 0.863 -> 0.858).
#: exclusion-examples-15 and -16 (session 12) moved them by noise only (12,859 rows: one threat more or less,
#: 92 false alarms instead of 95-97), and the weights trained with them learned function words («тоже»,
#: «не только»: a complaint «у нас тоже месиво по колено» excluded) and lost a held-out threat: not joined.
#: exclusion-examples-15 to -25 together (session 13, eleven blind sets, 1,720 rows, 525 threats) did join:
#: pooled threat recall 0.884 -> 0.890 at precision 0.961 -> 0.965 (false alarms 96 -> 87; the weights alone
#: 0.733 -> 0.750 with 78 -> 62 false alarms), exclusion 0.924 / 0.973 -> 0.928 / 0.975; on the held-out sets
#: (figures only) exclusion-holdout 0.933 -> 0.967 at 0.977 -> 0.978, threat-holdout and holdout-3 to -6
#: unchanged; the real appeals the shipped weights exclude are the same five. In the half-and-half run of
#: the real appeals the weights flagged one appeal of 3,500 (none before).
#: exclusion-examples-26 to -29 (session 14, four blind sets, 640 rows, 160 threats) joined too: pooled (15,709
#: rows) threat recall 0.895 -> 0.897 at precision 0.967 -> 0.969 (false alarms 88 -> 83; the weights alone
#: 0.752 -> 0.753 with 66 -> 57), exclusion 0.934 / 0.977 -> 0.935 / 0.978, threat-examples-9 (scored only)
#: 0.644 -> 0.667; real appeals flagged 1 of 3,500 either way. Held out (figures only): holdout-4 lost one of its
#: 16 threats (exclusion recall 0.98 -> 0.96, the floor test holds 0.94); every other held-out figure unchanged.
#: exclusion-examples-30 to -33 (session 15) did not join: pooled (16,349 rows) threat recall 0.900 -> 0.897 at
#: precision 0.970 either way. Nor did -30 to -41 (17,629 rows): threat recall 0.908 -> 0.906, precision 0.970 ->
#: 0.972 (false alarms 92 -> 88), exclusion recall 0.947 -> 0.945; the weights alone 0.757 -> 0.762 with 69 -> 58
#: false alarms. Recall is what falls short, so the shipped weights stay.
#: Session 17 measured the question on sets no weight or rule had seen: with -30 to -57 joined, blind sets 58-61
#: (on the rules of before them) gave threat and exclusion recall 0.905 -> 0.912 at precision 0.984 -> 0.987;
#: the real VK comments of toxic-sample.csv that are not toxic were flagged as threats 36 -> 22 times in 1,379;
#: held out (figures only) threat-holdout 0.925 -> 0.950 and exclusion-holdout 0.967 -> 0.978 at the same
#: precision, holdout-5 one false alarm more; threat-examples-9 (scored only) 0.750 -> 0.733 at 0.957 -> 0.967.
#: scripts/threat_cv.py (21,229 rows, -30 to -61 each left out in turn against scored by weights of -15 to -29):
#: threat recall 0.920 -> 0.915 at precision 0.973 -> 0.975 (false alarms 106 -> 98), exclusion 0.957 / 0.982 ->
#: 0.954 / 0.983, the weights alone 0.769 -> 0.782 with 87 -> 59 false alarms, real appeals flagged 1 -> 0; the
#: rules, written from those very sets, catch most of their threats first, which flatters the smaller table.
#: So -30 to -69 joined (with -58 to -69 and this session's rules: threat-holdout 0.950, exclusion-holdout
#: and holdout-5 as before; the same 5 of 3,500 real appeals excluded), and -70 to -77 after them, as every
#: blind set now joins once measured untouched: with -70 to -73 threat-holdout was 0.925 again, with -74 to -77
#: 0.950 (one of its 40 threats either way: a held-out figure is not a reason to leave a set out) and holdout-5
#: one false alarm more; the weights read a civic reply («у нас тоже месиво по колено») as a threat again.
#: -78 to -81 (session 18) joined the same way: the civic reply («месиво по колено») is clean again, one threat of
#: threat-examples-12 is lost («Живи пока, начальник»), threat-examples-9 (scored only) has two threats more and
#: one fewer; real VK comments that are not toxic flagged as threats two times fewer; held-out figures unchanged.
#: -82 to -85 (session 18) did not join: trained with them, the weights caught 4 fewer of threat-examples-9's
#: threats (scored only: 0.733 -> 0.700 at the same precision), the real VK comments flagged as often; held
#: out (figures only, seen too) threat-holdout lost one threat and holdout-5 had one false alarm more.
#: Nor -82 to -89: threat-examples-9 0.733 -> 0.708, and a labelled threat of set 27 («🔪🔪🔪 это тебе») lost.
#: Session 19 measured it on sets nothing had seen: with -82 to -125 joined, blind sets 126-129 (on the rules of
#: before them) gave exclusion recall 0.943 -> 0.957 at precision 0.988 either way; threat-examples-9 four threats
#: lost and four gained; civic labelled messages read as threats 13 -> 16 of 8,557 (a vet thanked, a bear warning,
#: a fishermen's greeting); held out (figures only) classifier-holdout-6 one false alarm more; real appeals the
#: same 5 of 3,500; real VK comments not toxic flagged as threats 17 -> 16. With -126 to -129 as well,
#: threat-examples-9 lost three more than it gained and toxic-sample.csv's toxic comments caught 232 -> 228.
#: Threats are rare in a real stream and civic messages are not: three more complaints unheard in 8,557 weigh
#: more than seven more veiled threats in 160, so none of them joined.
#: Session 20 asked again on the next unseen round: with -82 to -129 joined, blind sets 130-133 (on the rules of
#: before them) gave recall 0.917 -> 0.929 at precision 0.990 -> 0.987; threat-examples-9 two threats fewer;
#: the full-format sets dev-3 to -35 (7,350 clean messages, none trained on) one more read as a threat (the vet
#: thanked again); real VK comments not toxic flagged 17 -> 16, toxic ones caught 232 -> 228. The same trade, so
#: they stay out.
#: Session 21 once more, on exclusion-holdout-2 (blind sets 146-149, never tuned on): with -82 to -145 joined,
#: recall 0.912 -> 0.931 at precision 0.995 either way, but three more of the 8,057 clean full-format and
#: labelled messages read as threats (the vet thanked, a hunting inspector's bear notice, «если скорая
#: понадобится, она не проедет»); at threshold 0.75 0.926, no clean message more, toxic ones caught 233 -> 226.
#: Joined without the last round (-82 to -141), round 22 lost two threats and round 23 gained two at 0.75. A
#: point or two of recall at the edge of the threshold, not a new reach, so they stay out.
#: Session 23 asked with its own read round too (-82 to -145 and -154 to -157 joined; weights 94,000 -> 118,500),
#: scored on every exclusion or threat set none of them trained on (exclusion-holdout, -2, -3, threat-holdout,
#: threat-examples-9, classifier-holdout to -6: 1,230 abusive comments, 524 threats): recall 0.927 -> 0.937 at
#: 0.7 (threats 452 -> 465) but three more of 11,008 clean messages read as threats (the vet thanked again, a
#: fishermen's greeting, a vandalism report); at 0.75 0.930 (456) with none more, toxic VK comments caught 234 ->
#: 228. Four threats in 1,230 for a quarter more weights: they stay out.
DEV_SOURCES = (ROOT / "tests" / "data" / "exclusion-dev.csv", ROOT / "tests" / "data" / "exclusion-dev-11.csv",
               ROOT / "tests" / "data" / "classifier-dev.csv", ROOT / "tests" / "data" / "classifier-dev-2.csv",
               ROOT / "tests" / "data" / "threat-examples-2.csv", ROOT / "tests" / "data" / "threat-examples-3.csv",
               ROOT / "tests" / "data" / "threat-examples-4.csv", ROOT / "tests" / "data" / "threat-examples-5.csv",
               ROOT / "tests" / "data" / "threat-examples-6.csv", ROOT / "tests" / "data" / "threat-examples-7.csv",
               ROOT / "tests" / "data" / "threat-examples-8.csv", ROOT / "tests" / "data" / "threat-examples-10.csv",
               ROOT / "tests" / "data" / "threat-examples-11.csv", ROOT / "tests" / "data" / "threat-examples-12.csv",
               ROOT / "tests" / "data" / "threat-examples-13.csv", ROOT / "tests" / "data" / "threat-examples-14.csv",
               ROOT / "tests" / "data" / "civic-examples-2.csv", ROOT / "tests" / "data" / "exclusion-examples-13.csv",
               *(ROOT / "tests" / "data" / f"exclusion-examples-{n}.csv" for n in range(15, 82)))
EPOCHS, RATE, SHRINK, SEED = 15, 0.1, 0.001, 7
# by scripts/threat_cv.py (2026-12-06, with the THREAT_TARGETS gate): 0.65 would catch 0.868 of the threats instead of
# 0.861 at the same precision, but flag 4 real appeals in 3,500 instead of 2 (weights trained on the other half).
# With needs_person, the tail and the word classes (later that day): 0.6 / 0.65 / 0.7 catch 0.893 / 0.879 / 0.870
# at precision 0.947 / 0.954 / 0.960 and flag 1 / 0 / 0 real appeals. 0.7 kept: more threats than before at the
# same precision (0.870 at 0.960 against 0.838 at 0.958); on a blind set none of this was built on
# (threat-examples-7: 90 threats, 80 look-alikes) 0.65 caught one more threat for two more false alarms.
THRESHOLD = 0.7
#: someone a threat could be aimed at: the weights speak only where a message names one (ThreatModel.needs).
#: Measured on the threat and look-alike sets (2026-12-06): 637 of 715 threats name one, 572 of 1,173 clean texts.
THREAT_TARGETS = ("ты", "вы", "он", "она", "они", "твой", "ваш", "его", "её", "их", "глава", "депутат", "начальник",
                  "директор", "чиновник", "мэр", "власть", "администрация", "председатель", "главный", "участковый",
                  "врач", "фельдшер", "водитель", "продавец", "продавщица", "сосед", "бригадир", "кочегар",
                  "дизелист", "семья", "ребёнок", "ребенок", "дети", "детишки", "сын", "дочь", "жена", "муж", "внук",
                  "внучка", "мать", "отец", "дом", "хата", "квартира", "машина", "сарай", "гараж", "лодка", "баня",
                  "двор", "огород", "окно", "дверь")
#: the weights also speak where any word names a person (an animate noun, a name, a patronymic: «пристав»,
#: «водовоз», «Петрович»). By scripts/threat_cv.py (2026-12-06): at threshold 0.7 threats caught 0.838 -> 0.856
#: with 53 false alarms instead of 50 and no real appeal flagged; 58 of the 189 threats the weights missed in
#: the blind sets 2-6 named their target by such a word alone (an inspector, a bailiff, «Семён Палыч»).
NEEDS_PERSON = True
#: a message longer than this many words also gives the lemmas of its last TAIL words as features («$» + lemma;
#: classifier/threat_model.py). By scripts/threat_cv.py (2026-12-06): at threshold 0.7 threats caught 0.856 ->
#: 0.866, false alarms 53 -> 51, no real appeal flagged (8 words: 0.863, 2 appeals; 20: 0.857, 1 appeal);
#: scoring the best window of a long message instead flagged 15 real appeals.
TAIL = 12
#: word classes the weights learn as one feature each («@weapon»; classifier/threat_model.py), so a word the
#: examples never used weighs as its class does. General words here; rules/threats.yaml's lists of harm verbs,
#: body parts, kin and property join them (THREAT_LISTS); ``person`` also takes every word naming a person.
#: By scripts/threat_cv.py (2026-12-06): at threshold 0.65, threats 0.879 either way, real appeals flagged 3 -> 0
#: (false alarms 56 -> 57); at 0.7, 0.866 -> 0.870 with 49 false alarms instead of 51.
WORD_CLASSES: dict[str, tuple[str, ...]] = {
    "weapon": ("ружье", "карабин", "обрез", "двустволка", "винтовка", "ствол", "пистолет", "нож", "топор",
               "монтировка", "бита", "арматура", "вилы", "дробь", "пуля", "патрон", "картечь", "кастет", "дубина",
               "лом", "канистра", "бензин", "спичка", "керосин", "солярка", "заряженный", "курок", "прицел",
               "кулак", "граната"),
    "wild": ("тайга", "тундра", "лес", "лед", "прорубь", "полынья", "река", "море", "волна", "болото", "сугроб",
             "снег", "медведь", "волк", "глушь", "глухой", "трасса", "обрыв", "течение", "омут", "шторм", "пурга",
             "метель", "мороз", "сопка", "овраг", "яма", "темнота", "темно", "сумерки", "подворотня", "пустырь",
             "переулок"),
    "death": ("несчастный", "случай", "пропасть", "утонуть", "гроб", "кладбище", "морг", "больница", "реанимация",
              "инвалид", "калека", "костыль", "перелом", "смертный", "помереть", "умереть", "погибнуть",
              "похороны", "венок", "сгинуть", "исчезнуть", "свидетель", "труп", "покойник", "могила", "поминки",
              "хоронить", "сирота", "вдова", "травма", "носилки", "хана", "конец", "кранты"),
    "intent": ("обещать", "клясться", "запомнить", "предупреждать", "предупредить", "серьезно", "шутить", "помнить",
               "подумать", "пожалеть", "вспомнить", "дождаться", "ждать", "держаться", "бояться", "беречь",
               "оглядываться"),  # not advice («советую», «рекомендую»): civic advice gives it as often
    "visit": ("прийти", "приехать", "зайти", "заехать", "явиться", "заявиться", "навестить", "встретить",
              "наведаться", "приходить", "приезжать"),
    "home": ("адрес", "подъезд", "калитка", "забор", "двор", "окно", "дверь", "крыльцо"),
    "kin": ("родня", "родные", "родственник", "супруга", "супруг", "школа", "садик", "детсад"),
    "person": (),
}
#: the classes that also take a word list of rules/threats.yaml's threat section
THREAT_LISTS = {"harm": ("harm_verbs", "kill_verbs", "maim_verbs"), "body": ("body_parts",),
                "home": ("veiled_property",), "kin": ("veiled_kin",)}
HARD_APPEAL = 0.3  # a real appeal a first model (no appeals) finds this threat-like is taken as a negative
MAPPING = ROOT / "scripts" / "appeal-topic-mapping.yaml"
MIN_WEIGHT = 0.02  # smaller weights change no decision and only make the file long


def examples(paths: Sequence[Path] = SOURCES) -> list[tuple[str, bool]]:
    """(text, is a threat) from CSV files with ``text`` and ``excluded`` columns."""
    found: list[tuple[str, bool]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            found += [(row["text"], row["excluded"] == "threat") for row in csv.DictReader(handle) if row["text"]]
    return found


def data_folder() -> Path | None:
    """The shared data folder with the real appeals ($OTKLIK_SHARED_DATA, or ``shared/data`` beside the
    repository or beside the folder of worktrees it sits in), or None when there is none."""
    for candidate in (os.environ.get("OTKLIK_SHARED_DATA"), ROOT.parent / "shared" / "data",
                      ROOT.parent.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "appeals-sample.csv").exists():
            return Path(candidate)
    return None


def real_appeals(folder: Path | None) -> list[str]:
    """Every real appeal's text (markup removed) in the files scripts/appeal-topic-mapping.yaml names:
    long civic messages, none a threat, so the weights learn that length and civic anger are no threat."""
    if folder is None:
        return []
    import yaml

    from classifier.markup import plain_text

    texts: list[str] = []
    for source in yaml.safe_load(MAPPING.read_text(encoding="utf-8"))["sources"]:
        with (folder / source["file"]).open(encoding="utf-8", newline="") as handle:
            texts += [t for row in csv.DictReader(handle) if (t := plain_text(row[source["text"]]).strip())]
    return texts


def fit(rows: Sequence[tuple[Iterable[str], bool]]) -> tuple[dict[str, float], float]:
    """(weights, bias) of a logistic regression from (features, is a threat) rows."""
    weighted = [(sorted(set(feats)), threat) for feats, threat in rows]
    rng = random.Random(SEED)
    weights: dict[str, float] = {}
    bias = -2.0
    for _ in range(EPOCHS):
        rng.shuffle(weighted)
        for feats, threat in weighted:
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            error = (1.0 if threat else 0.0) - _sigmoid(z)
            for f in feats:
                w = weights.get(f, 0.0)
                weights[f] = w + RATE * error - SHRINK * w
            bias += RATE * error
    return {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}, round(bias, 3)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def hard_negatives(rows: Sequence[tuple[Iterable[str], bool]], candidates: Sequence[Iterable[str]],
                   cut: float = HARD_APPEAL) -> list[int]:
    """The candidates (feature lists of texts known to be no threats) that weights learned from
    ``rows`` alone score at ``cut`` or more: the negatives worth learning from."""
    weights, bias = fit(rows)
    return [k for k, feats in enumerate(candidates)
            if _sigmoid(bias + sum(weights.get(f, 0.0) for f in sorted(set(feats)))) >= cut]  # as fit sums them


def render(weights: dict[str, float], bias: float, data: Sequence[tuple[str, bool]], appeals: int = 0) -> str:
    """The model file: a header saying where it comes from, the threshold, the bias and the weights."""
    said = f" and {appeals} threat-like real appeals" if appeals else ""
    header = ("# Learned by `python -m classifier.threat_training` from the repository's labelled examples\n"
              f"# ({len(data) - appeals} texts, {sum(t for _, t in data)} threats){said}; do not edit by hand,"
              " add examples and\n"
              "# retrain. A message whose features sum to a probability >= threshold is a threat.\n")
    needs = ", ".join(THREAT_TARGETS)
    listed = "".join(f"  {name}: [{', '.join(words)}]\n" for name, words in word_classes().items())
    return header + (f"threshold: {THRESHOLD}\nneeds: [{needs}]\nneeds_person: {str(NEEDS_PERSON).lower()}\n"
                     f"tail: {TAIL}\nclasses:\n{listed}bias: {bias}\nweights: |\n{format_table(weights)}")


def word_classes() -> dict[str, list[str]]:
    """WORD_CLASSES with the words of rules/threats.yaml's lists (THREAT_LISTS) added, each once."""
    import yaml

    threat = yaml.safe_load((ROOT / "rules" / "threats.yaml").read_text(encoding="utf-8"))["threat"]
    return {name: list(dict.fromkeys([*words, *(w for key in THREAT_LISTS.get(name, ()) for w in threat[key])]))
            for name, words in WORD_CLASSES.items()}


def build(paths: Sequence[Path] = SOURCES + DEV_SOURCES, appeals: Sequence[str] | None = None) -> str:
    """The text of the model file learned from ``paths`` and the threat-like ones of ``appeals``
    (by default the real appeals of the shared data folder, when there is one)."""
    from classifier.pipeline import Classifier

    classifier = Classifier.from_dir(ROOT / "rules")
    data = examples(paths)
    classes = class_index(word_classes())
    rows = [(features(classifier.normalize(text).lemmas, TAIL, classes), threat) for text, threat in data]
    texts = real_appeals(data_folder()) if appeals is None else appeals
    candidates = [features(classifier.normalize(text).lemmas, TAIL, classes) for text in texts]
    hard = hard_negatives(rows, candidates)
    weights, bias = fit(rows + [(candidates[k], False) for k in hard])
    return render(weights, bias, data + [(texts[k], False) for k in hard], len(hard))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "threat-model.yaml")
    parser.add_argument("--check", action="store_true", help="exit 1 unless --out is what training builds")
    args = parser.parse_args()
    if data_folder() is None:
        raise SystemExit("threat_training: no shared data folder with the real appeals (set OTKLIK_SHARED_DATA)")
    text = build()
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from what training builds'}")
        sys.exit(0 if same else 1)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {text.count(chr(10)) - 6} weights")


if __name__ == "__main__":
    main()
