"""``otklik classify``: label JSON-line messages from stdin, or measure the rules on a labelled CSV.

Input, one JSON object a line: ``{"id", "text", "platform"?, "official"?}`` (optionally also
``geo`` [lat, lon], and the reactions the network reports: ``likes``, ``comments``, ``reposts``, or
``{"reactions": {"likes": N, "comments": N, "reposts": N}}``). Output, one JSON line per input line:
``{"id", "topic", "topics", "location", "importance", "kind", "excluded", "rules"}``. The input
is streamed, so memory stays flat however long it is; a line that cannot be used (not JSON,
nested too deeply, longer than MAX_LINE_CHARS) gives ``{"id": …, "error": "line N: …"}`` and
the run goes on. Blank lines are skipped. When no line at all could be used, the command says
so on stderr and exits with 2.

``--eval FILE.csv`` prints precision, recall and F1 per field and code, accuracy, macro-F1 and
the most common confusions (``--json`` for machines).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

__all__ = ["MAX_LINE_CHARS", "LineCounts", "bounded_lines", "classify_lines", "register", "run_classify"]

MAX_LINE_CHARS = 1_000_000  # a message is a few thousand characters; a longer line is not one
EXIT_NOTHING_READ = 2


@dataclass
class LineCounts:
    """How many non-blank input lines were labelled and how many were refused."""

    labelled: int = 0
    refused: int = 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("classify", help="разметить сообщения (строки JSON со стандартного ввода) "
                                        "или проверить правила на размеченном CSV (--eval)")
    p.add_argument("--rules", default=None, metavar="КАТАЛОГ",
                   help="каталог правил (по умолчанию rules_dir из настроек)")
    p.add_argument("--eval", dest="eval_file", default=None, metavar="ФАЙЛ.csv",
                   help="сравнить с размеченным CSV (text,topic,location,importance,kind,excluded)")
    p.add_argument("--json", action="store_true", help="с --eval: отчёт в формате JSON")
    p.add_argument("--mistakes", type=int, default=0, metavar="N",
                   help="с --eval: показать ещё первые N ошибок классификатора")
    p.set_defaults(func=run_classify)


def _rules_dir(args: argparse.Namespace) -> Path:
    if args.rules:
        return Path(args.rules)
    from monitor.core.settings import load_settings

    settings = load_settings(args.settings)
    return settings.path(settings.rules_dir)


def run_classify(args: argparse.Namespace) -> int:
    from classifier.rules import RulesError
    from monitor.ingest.classifier_build import build_classifier

    try:
        classifier = build_classifier(_rules_dir(args))
    except RulesError as exc:
        print(f"otklik: rules: {exc}", file=sys.stderr)
        return 2
    if args.eval_file:
        return _run_eval(classifier, args)
    # The compiled rules are tens of thousands of long-lived objects: keep the collector from
    # re-walking them, and from running every few hundred short-lived tuples (about 10% faster).
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline=None)
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", write_through=False, newline="\n")
    counts = LineCounts()
    try:
        write = stdout.write
        for out in classify_lines(classifier, bounded_lines(stdin), counts):
            write(out)
            write("\n")
        stdout.flush()
    finally:
        stdout.detach()
        stdin.detach()
    if counts.refused and not counts.labelled:
        print(f"otklik classify: ни одна строка не прочитана (строк с ошибками: {counts.refused}); "
              'нужна строка JSON вида {"id": 1, "text": "…"}', file=sys.stderr)
        return EXIT_NOTHING_READ
    return 0


def bounded_lines(stream: IO[str], limit: int = MAX_LINE_CHARS) -> Iterator[str | None]:
    """The stream's lines; None stands for a line over ``limit`` characters, skipped unread."""
    readline = stream.readline
    while line := readline(limit):
        if len(line) < limit or line.endswith("\n"):
            yield line
            continue
        while (rest := readline(limit)) and not rest.endswith("\n"):
            pass
        yield None


def _run_eval(classifier: Any, args: argparse.Namespace) -> int:
    from classifier.evaluate import LabelledFileError, evaluate, read_labelled

    try:
        examples = read_labelled(args.eval_file)
    except LabelledFileError as exc:
        print(f"otklik: {exc}", file=sys.stderr)
        return 2
    report = evaluate(examples, classifier.classify, keep_mistakes=args.mistakes)
    if args.json:
        data = report.as_dict()
        if args.mistakes:
            data["mistakes"] = report.mistakes
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(report.render())
        for m in report.mistakes:
            wrong = ", ".join(f"{k}: {v['gold']} -> {v['predicted']}" for k, v in m["wrong"].items())
            print(f"\nline {m['line']}: {wrong}\n  {m['text']}\n  rules: {'; '.join(m['rules'])}")
    return 0


def _error(line_no: int, message: str, ident: Any = None) -> str:
    return json.dumps({"id": ident, "error": f"line {line_no}: {message}"}, ensure_ascii=False)


def _geo(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if (isinstance(value, list | tuple) and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
        return float(value[0]), float(value[1])
    if isinstance(value, dict) and {"lat", "lon"} <= value.keys():
        return _geo([value["lat"], value["lon"]])
    raise ValueError("'geo' must be [latitude, longitude]")


def _count(record: dict[str, Any], key: str) -> int:
    """A reaction count, given at the top level («likes») or inside «reactions»; the larger if both."""
    nested = record.get("reactions")
    if nested is not None and not isinstance(nested, dict):
        raise ValueError("'reactions' must be an object with likes, comments and reposts")
    found = 0
    for where, value in ((key, record.get(key)), (f"reactions.{key}", (nested or {}).get(key))):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"'{where}' must be a non-negative whole number")
        found = max(found, value)
    return found


def classify_lines(classifier: Any, lines: Iterable[str | None],
                   counts: LineCounts | None = None) -> Iterator[str]:
    """One output JSON line (without newline) per non-blank input line; never raises on bad input.

    A None line is one ``bounded_lines`` found too long. ``counts``, when given, is kept up to date.
    """
    counts = counts if counts is not None else LineCounts()
    for labelled, out in _classify_lines(classifier, lines):
        if labelled:
            counts.labelled += 1
        else:
            counts.refused += 1
        yield out


def _classify_lines(classifier: Any, lines: Iterable[str | None]) -> Iterator[tuple[bool, str]]:
    dumps = json.dumps
    for line_no, line in enumerate(lines, start=1):
        if line is None:
            yield False, _error(line_no, f"longer than {MAX_LINE_CHARS} characters")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield False, _error(line_no, f"not valid JSON ({exc})")
            continue
        except RecursionError:
            yield False, _error(line_no, "not valid JSON (nested too deeply)")
            continue
        if not isinstance(record, dict):
            yield False, _error(line_no, "expected a JSON object")
            continue
        ident = record.get("id")
        if isinstance(ident, dict | list):
            yield False, _error(line_no, "'id' must be a string or a number")
            continue
        text = record.get("text")
        if not isinstance(text, str):
            yield False, _error(line_no, "'text' must be a string", ident)
            continue
        platform = record.get("platform")
        official = record.get("official", False)
        if platform is not None and not isinstance(platform, str):
            yield False, _error(line_no, "'platform' must be a string", ident)
            continue
        if official is None:
            official = False
        if not isinstance(official, bool):
            yield False, _error(line_no, "'official' must be true or false", ident)
            continue
        try:
            geo = _geo(record.get("geo"))
            likes, comments, reposts = (_count(record, k) for k in ("likes", "comments", "reposts"))
        except ValueError as exc:
            yield False, _error(line_no, str(exc), ident)
            continue
        labels = classifier.classify(text, platform=platform, official=official, geo=geo,
                                     likes=likes, comments=comments, reposts=reposts)
        yield True, dumps({
            "id": ident,
            "topic": labels.topic,
            "topics": list(labels.topics),
            "location": labels.location,
            "importance": labels.importance,
            "kind": labels.kind,
            "excluded": labels.excluded,
            "rules": list(labels.rules),
        }, ensure_ascii=False)
