"""Shared by the benchmark scripts: where the data is, how a page is rendered, timing."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from spamdet.synth import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
REUTERS = SHARED / "news_reuters21578.jsonl.gz"
BBC = SHARED / "news_bbc.jsonl.gz"
PROMO = SHARED / "spam_promo_text.jsonl.gz"


def need(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"{path} is absent: these figures need ../shared/data")
    return path


def jsonl_rows(path: Path) -> list[dict]:
    """The records of a JSONL file, gzipped or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(need(path), "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def bbc_rows() -> list[dict]:
    """The held-out BBC articles (only ever measured on)."""
    return jsonl_rows(BBC)


def add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=None, help="model file (default: the bundled one)")
    parser.add_argument("--trust-model", action="store_true")


def chosen_model(args: argparse.Namespace):  # -> spamdet.model.SpamModel
    """The model `add_model_options` asked for."""
    from spamdet.model import load_model

    return load_model(args.model, trust=args.trust_model)


def bbc_page(row: dict) -> str:
    """A BBC article as a page: title line, then one paragraph per line."""
    paragraphs = [p.strip() for p in row["text"].split("\n\n") if p.strip()]
    return "\n".join([row["title"].strip(), *paragraphs]) + "\n"


def bbc_article(row: dict) -> Article:
    paragraphs = tuple(" ".join(p.split()) for p in row["text"].split("\n\n") if p.strip())
    return Article(row["title"].strip(), paragraphs, None)


def corpora():  # -> spamdet.training.Corpora
    """Reuters and the spam lines, split as training splits them."""
    from spamdet.training import load_corpora

    return load_corpora(str(need(REUTERS)), PROMO if PROMO.exists() else None)


def test_articles(min_paragraphs: int = 3) -> list[Article]:
    """Articles of the test split (never trained on), with at least a few paragraphs."""
    return [a for a in corpora().articles["test"] if len(a.paragraphs) >= min_paragraphs]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_thread() -> None:
    """One OpenMP thread per process, as the detector uses."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def stage_table(stages: dict[str, Callable[[], object]], runs: int, pages: int,
                whole: str) -> dict[str, float]:
    """Median CPU seconds of each stage (a warm-up first, the collector paused as a scan
    pauses it), printed as a table of ms per page and share of the `whole` stage."""
    from spamdet.gcpause import paused_gc

    seconds = {}
    for name, fn in stages.items():
        fn()
        times = []
        for _ in range(runs):
            with paused_gc():
                started = time.process_time()
                fn()
                times.append(time.process_time() - started)
        seconds[name] = statistics.median(times)
    print("| stage | ms/page | share of the scan |\n|---|---:|---:|")
    for name, s in seconds.items():
        print(f"| {name} | {1000 * s / pages:.2f} | {100 * s / seconds[whole]:.0f} % |")
    return seconds
