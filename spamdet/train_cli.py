"""`python train.py` / `spamdet train`: train, measure, write the model and its card."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

from spamdet.cli import positive_int
from spamdet.model import MODEL_FILE, card_path


def _named_path(value: str) -> tuple[str, str]:
    name, sep, path = value.partition("=")
    if not (sep and name and path):
        raise argparse.ArgumentTypeError(f"expected NAME=PATH, got {value!r}")
    return name, path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spamdet train",
        description="Train spamdet on clean articles contaminated synthetically. Defaults: "
                    "Reuters-21578 and the spam lines from ../shared/data when present, "
                    "else the project's own corpus in data/corpus.")
    parser.add_argument("--corpus", help="clean articles: JSONL/JSON/parquet/text path or a "
                                         "datasets hub name (fields: title, text, id)")
    parser.add_argument("--promo", help="real spam/promo lines (spam_promo_text.jsonl.gz)")
    parser.add_argument("--heldout", action="append", default=None, metavar="NAME=PATH",
                        type=_named_path,
                        help="clean corpus only measured, never trained on (repeatable)")
    parser.add_argument("--labelled", action="append", default=[], metavar="FILE",
                        help="hand-labelled pages (JSONL: id, text, spans with start, end and "
                             "label, as `spamdet eval` reads) to train on beside the "
                             "generated pages (repeatable)")
    parser.add_argument("--out", default=f"models/{MODEL_FILE}", help="model file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=positive_int, default=None,
                        help="use at most N articles")
    parser.add_argument("--write-test-pages", metavar="FILE",
                        help="do not train: write the labelled pages the card's SET figures "
                             "were measured on (same corpus, seed and --heldout as training) "
                             "to FILE, for `spamdet eval FILE`; never commit them")
    parser.add_argument("--set", default="reuters_test", metavar="SET",
                        help="card set for --write-test-pages: reuters_test (the corpus's "
                             "test split) or a --heldout NAME")
    return parser


def write_test_pages(args: argparse.Namespace, corpus: str, promo: Path | None,
                     heldout: dict[str, str]) -> int:
    """`--write-test-pages`: regenerate a card set's labelled pages instead of training."""
    from spamdet.heldout import card_pages, write_jsonl

    try:
        pages = card_pages(args.set, corpus, promo, args.seed, args.limit, heldout)
    except ValueError as exc:
        print(f"spamdet train: error: {exc}", file=sys.stderr)
        return 2
    try:
        count = write_jsonl(pages, Path(args.write_test_pages))
    except OSError as exc:
        print(f"spamdet train: error: --write-test-pages: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {count} labelled pages of {args.set} to {args.write_test_pages}; measure "
          f"them with: spamdet eval {args.write_test_pages}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    from spamdet.card import render_card
    from spamdet.model import save_model
    from spamdet.synth import read_labelled
    from spamdet.training import default_sources, missing_file, python_command, train

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    corpus, promo, heldout = default_sources()
    if args.corpus:
        corpus, heldout = args.corpus, {}
    if args.promo:
        promo = Path(args.promo)
    if args.heldout is not None:
        heldout = dict(args.heldout)
    missing = [f"--promo {promo}"] if args.promo and promo and not promo.is_file() else []
    missing += [f"--heldout {name}={path}" for name, path in heldout.items()
                if missing_file(path)]
    if missing:  # said now, not after minutes of training
        print(f"spamdet train: error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2

    if args.write_test_pages:
        return write_test_pages(args, corpus, promo, heldout)

    def progress(msg: str) -> None:
        print(f"[train] {msg}", file=sys.stderr, flush=True)

    out = Path(args.out)
    if out.is_dir() or any(p.exists() and not p.is_dir() for p in out.parents):
        print(f"spamdet train: error: --out {out} must name a model file (FILE.npz) in a "
              "folder", file=sys.stderr)
        return 2
    try:  # a folder it cannot write in is found before training, not after
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out.parent):
            pass
    except OSError as exc:
        print(f"spamdet train: error: --out {out}: cannot write there ({exc})", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        labelled = [page for path in args.labelled for page in read_labelled(Path(path))]
        model = train(corpus, promo, args.seed, args.limit, heldout, python_command(),
                      progress, labelled)
    except (OSError, ValueError, EOFError) as exc:  # a missing, cut or empty corpus
        print(f"spamdet train: error: {exc}", file=sys.stderr)
        return 2
    seconds = time.monotonic() - started
    sha = save_model(model, out)  # no clock in it: the same seed writes the same bytes
    card = card_path(out)
    card.write_text(render_card(model, sha, out.name, seconds), encoding="utf-8")
    summary = {name: {scorer: {"page_recall": m[scorer]["page_recall"],
                               "page_fpr": m[scorer]["page_fpr"],
                               "page_precision": m[scorer]["page_precision"],
                               "span": m[scorer]["span"],
                               "labels": m[scorer]["labels"]} for scorer in m}
               for name, m in model.pedigree.metrics.items()
               if isinstance(m, dict) and "model" in m}
    print(json.dumps(summary, indent=2))
    print(f"wrote {out} (sha256 {sha}) and {card}", file=sys.stderr)
    return 0
