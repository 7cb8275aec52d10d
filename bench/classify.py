"""Benchmark: classifier throughput on one core for realistic 30-60-word messages.

Messages are built from the labelled set's texts (tests/data/classifier-labelled.csv) when it is
present, else from built-in templates: sentences are shuffled and joined until a message has
30-60 words, so the vocabulary is real social-media text and the word counts are realistic.
Prints one JSON object: msgs_per_s (one message at a time, as `otklik classify` reads a stream),
page_msgs_per_s (pages of ``page_size`` through ``classify_many``, as the ingest labels a big
fetch's parts), peak_rss_mb, messages, seconds, words_per_msg and build_s. Each timing starts
with cold caches (a classifier of its own: every word is new once) and uses the garbage-collector
settings `otklik classify` uses.

    .venv/bin/python bench/classify.py [--messages 20000] [--seed 7] [--page-size 1000]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LABELLED = ROOT / "tests" / "data" / "classifier-labelled.csv"
TEMPLATES = [
    "В Соболево на Заречной опять нет воды уже третий день.",
    "Когда администрация наконец обратит внимание на дороги?",
    "Дети не могут помыться, старики носят воду вёдрами из колонки.",
    "Подскажите пожалуйста когда будет рейс на Петропавловск.",
    "Спасибо кочегарам котельной, в мороз держали температуру!",
    "В Устьевом медведь ходит возле школы, будьте осторожны.",
    "Мусор не вывозят вторую неделю, контейнеры переполнены.",
    "Свет моргает весь вечер, на ДЭС опять авария.",
    "Предлагаю поставить фонари на переулке Таёжном.",
    "Цены в магазине просто космос, хлеб по сто пятьдесят.",
]


def _sentences() -> list[str]:
    if LABELLED.exists():
        with LABELLED.open(encoding="utf-8", newline="") as handle:
            texts = [row["text"] for row in csv.DictReader(handle) if row.get("text")]
        parts = [p.strip() for t in texts for p in re.split(r"(?<=[.!?])\s+", t) if len(p.split()) >= 3]
        if parts:
            return parts
    return TEMPLATES


def make_messages(count: int, seed: int) -> list[str]:
    """``count`` messages of 30-60 words each, assembled from real sentences."""
    rng = random.Random(seed)
    sentences = _sentences()
    messages = []
    for _ in range(count):
        target = rng.randint(30, 60)
        words: list[str] = []
        while len(words) < target:
            words.extend(rng.choice(sentences).split())
        messages.append(" ".join(words[:target]))
    return messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--page-size", type=int, default=1000, help="messages per classify_many call")
    args = parser.parse_args()

    started = time.perf_counter()
    from classifier.pipeline import Incoming
    from monitor.ingest.classifier_build import build_classifier

    classifier = build_classifier(ROOT / "rules")  # as every process of the service builds it
    build_s = time.perf_counter() - started
    messages = make_messages(args.messages, args.seed)
    words = sum(len(m.split()) for m in messages)
    gc.freeze()  # as `otklik classify` does: the compiled rules are long-lived
    gc.set_threshold(50_000, 20, 100)

    classify = classifier.classify
    begin = time.perf_counter()
    for text in messages:
        classify(text)
    seconds = time.perf_counter() - begin
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # one classifier's, as a process holds
    del classify, classifier
    gc.collect()
    paged = build_classifier(ROOT / "rules")  # its own word caches: cold for its timing too
    pages = [[Incoming(text) for text in messages[i : i + args.page_size]]
             for i in range(0, len(messages), args.page_size)]
    begin = time.perf_counter()
    for page in pages:
        paged.classify_many(page)
    page_seconds = time.perf_counter() - begin
    print(json.dumps({
        "msgs_per_s": round(len(messages) / seconds, 1),
        "page_msgs_per_s": round(len(messages) / page_seconds, 1),
        "page_size": args.page_size,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "messages": len(messages),
        "seconds": round(seconds, 3),
        "words_per_msg": round(words / len(messages), 1),
        "build_s": round(build_s, 2),
    }))


if __name__ == "__main__":
    main()
