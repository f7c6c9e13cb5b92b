"""Command line: `spamdet scan|explain|clean|train|eval`. The only module that prints or exits.

Exit status: 0 nothing contaminated, 1 something contaminated, 2 usage or fatal error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from spamdet.config import BATCH_PAGES, DROP_SHARE, MAX_PAGE_BYTES, Config
from spamdet.ingest import iter_paths, read_document
from spamdet.records import Document, PageReport

if TYPE_CHECKING:
    from spamdet.corpus import CorpusScan
    from spamdet.detector import Detector

EXIT_CLEAN, EXIT_CONTAMINATED, EXIT_ERROR = 0, 1, 2
FORMATS = ("table", "json", "jsonl")


class UsageError(Exception):
    """Bad arguments: the message says what to do; exit status 2."""


def _threshold(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"threshold must be between 0 and 1, got {value}")
    return number


def _share(value: str) -> float:
    number = float(value)
    if not 0.0 < number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a share in (0, 1], got {value}")
    return number


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return number


def _model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="model file (default: the bundled model)")
    parser.add_argument("--trust-model", action="store_true",
                        help="load a model whose sha256 is not on a card (it is a pickle: "
                             "only for files you built)")
    parser.add_argument("--threshold", type=_threshold, default=None,
                        help="page score from which a page is contaminated "
                             "(default: the model's, chosen for page FPR <= 1%%)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spamdet", description="Find spam and SEO injections in scraped web content.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser("scan", help="scan files and directories, report contaminated pages")
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    scan.add_argument("--format", choices=FORMATS, default="table", help="report format")
    scan.add_argument("--output", "-o", help="write the report to FILE (atomically)")
    scan.add_argument("--jobs", "-j", type=_positive, default=1, help="worker processes")
    scan.add_argument("--all-segments", action="store_true",
                      help="include clean segments in JSON reports")
    scan.add_argument("--max-bytes", type=_positive, default=MAX_PAGE_BYTES,
                      help="bytes read per file; the rest is reported as truncated")
    scan.add_argument("--batch", type=_positive, default=BATCH_PAGES,
                      help="pages scored per model call")
    scan.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    scan.add_argument("--campaigns", action=argparse.BooleanOptionalAction, default=True,
                      help="use evidence across pages: campaigns and site template lines "
                           "(two passes; default: on)")
    scan.add_argument("--summary", action="store_true",
                      help="with --format json/jsonl, end with a summary record "
                           "(\"type\": \"summary\": totals, campaigns, template lines)")
    _model_args(scan)

    explain = sub.add_parser("explain", help="every segment of one file with label and signals")
    explain.add_argument("path", metavar="FILE")
    explain.add_argument("--format", choices=("table", "json"), default="table")
    _model_args(explain)

    clean = sub.add_parser("clean", help="write cleaned copies of pages to another folder")
    clean.add_argument("paths", nargs="+", metavar="PATH")
    clean.add_argument("--out", required=True,
                       help="output folder: mirrors the input tree (never inside the input)")
    clean.add_argument("--keep-residue", action="store_true", help="keep template residue")
    clean.add_argument("--drop-share", type=_share, default=DROP_SHARE,
                       help="drop a page (write no copy) when its contamination is more than "
                            "this share of its words (default: %(default)s)")
    clean.add_argument("--manifest", metavar="FILE",
                       help="write one JSON line per page: action and what was removed")
    clean.add_argument("--campaigns", action=argparse.BooleanOptionalAction, default=True,
                       help="use evidence across pages (default: on)")
    clean.add_argument("--max-bytes", type=_positive, default=MAX_PAGE_BYTES,
                       help="bytes read per file")
    clean.add_argument("--jobs", "-j", type=_positive, default=1, help="worker processes")
    _model_args(clean)

    sub.add_parser("train", help="train a model (see `spamdet train --help`)", add_help=False)

    ev = sub.add_parser("eval", help="measure a model on labelled pages (JSONL)")
    ev.add_argument("labelled", metavar="LABELLED.jsonl")
    ev.add_argument("--format", choices=("table", "json"), default="table")
    _model_args(ev)
    return parser


def _config(args: argparse.Namespace) -> Config:
    return Config(threshold=args.threshold,
                  max_page_bytes=getattr(args, "max_bytes", MAX_PAGE_BYTES),
                  batch_pages=getattr(args, "batch", BATCH_PAGES),
                  keep_residue=getattr(args, "keep_residue", False),
                  drop_share=getattr(args, "drop_share", DROP_SHARE),
                  all_segments=getattr(args, "all_segments", False))


def _detector(args: argparse.Namespace) -> Detector:  # imported late for a fast --help
    from spamdet.detector import Detector

    return Detector.load(args.model, _config(args), trust=args.trust_model)


@contextmanager
def atomic_output(path: str | None, inputs: list[Path]) -> Iterator[IO[str]]:
    """Stdout, or a temporary file renamed over `path` only when writing finished."""
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    resolved = target.resolve()
    for source in inputs:
        if source.exists() and source.resolve() == resolved:
            raise UsageError(f"--output {path} is one of the inputs: choose another file")
    if target.is_dir():
        raise UsageError(f"--output {path} is a directory: give a file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _documents(paths: list[Path], max_bytes: int, progress) -> Iterator[Document]:
    for path in paths:
        doc = read_document(path, max_bytes)
        progress(path)
        yield doc


def _reports(detector: Detector, docs: Iterator[Document], args: argparse.Namespace
             ) -> tuple[Iterator[PageReport], CorpusScan | None]:
    """Reports in input order, and the corpus scan when evidence across pages is used."""
    if args.campaigns:
        corpus = detector.scan_corpus(docs, args.jobs)
        return iter(corpus), corpus
    return detector.scan_stream(docs, args.jobs), None


def cmd_scan(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from spamdet.render import Summary, print_summary, summary_record

    detector = _detector(args)
    paths = list(iter_paths(args.paths))
    err = Console(stderr=True)
    summary = Summary()
    errors: list[PageReport] = []
    show_progress = not args.quiet and err.is_terminal
    started = time.perf_counter()
    progress = Progress("[progress.description]{task.description}", BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                        disable=not show_progress, transient=True)
    with progress, atomic_output(args.output, paths) as out:
        task = progress.add_task("scanning", total=len(paths))
        docs = _documents(paths, args.max_bytes, lambda p: progress.advance(task))
        reports, corpus = _reports(detector, docs, args)
        first = True
        if args.format == "json":
            out.write("[")
        for report in reports:
            summary.add(report)
            if report.verdict == "error" or report.errors:
                errors.append(report)
            if args.format in ("json", "jsonl"):
                _write_record(out, args.format, report.to_dict(args.all_segments), first)
                first = False
        summary.seconds = time.perf_counter() - started
        corpus_dict = corpus.to_dict() if corpus is not None else None
        if corpus is not None:
            summary.corpus = corpus.counts()
        if args.summary and args.format in ("json", "jsonl"):
            _write_record(out, args.format, summary_record(summary, corpus_dict), first)
        if args.format == "json":
            out.write("\n]\n")
        if args.format == "table":
            console = Console(file=out, highlight=False, soft_wrap=False,
                              force_terminal=None if out is sys.stdout else False, width=140
                              if out is not sys.stdout else None)
            print_summary(console, summary, errors,
                          corpus.campaigns if corpus is not None else None,
                          corpus.templates if corpus is not None else None)
    if args.format != "table":
        rate = summary.pages / summary.seconds if summary.seconds else 0.0
        found = (f"; {summary.corpus['campaigns']} campaigns" if summary.corpus else "")
        err.print(f"{summary.pages} pages: {summary.verdicts['contaminated']} contaminated, "
                  f"{summary.verdicts['residue']} residue only, {summary.verdicts['clean']} "
                  f"clean, {summary.verdicts['error']} errors{found}; {rate:,.0f} pages/s",
                  highlight=False, markup=False)
    if summary.pages == 0:
        raise UsageError("no files to scan: give .txt files or directories containing them")
    return EXIT_CONTAMINATED if summary.verdicts["contaminated"] else EXIT_CLEAN


def _write_record(out: IO[str], fmt: str, record: dict[str, object], first: bool) -> None:
    """One record of a JSON array (`json`) or one line (`jsonl`)."""
    from spamdet.render import to_json

    line = to_json(record)
    out.write(line + "\n" if fmt == "jsonl" else ("" if first else ",") + "\n" + line)


def cmd_explain(args: argparse.Namespace) -> int:
    from rich.console import Console

    from spamdet.render import explain_table, to_json

    detector = _detector(args)
    doc = read_document(Path(args.path), detector.config.max_page_bytes)
    report = detector.scan_documents([doc])[0]
    if args.format == "json":
        print(to_json(report.to_dict(all_segments=True)))
    else:
        console = Console(highlight=False)
        if report.errors:
            console.print(f"errors: {'; '.join(report.errors)}", markup=False)
        if report.verdict != "error":
            console.print(explain_table(report))
            _, cleaned = next(detector.clean_reports([report]))
            console.print(f"cleaning: {cleaned.action}; removes {cleaned.removed_words} of "
                          f"{cleaned.words} words ({cleaned.spans} injected spans, "
                          f"{cleaned.brand_lines} brand lines, {cleaned.promo_lines} promo "
                          f"lines, {cleaned.duplicate_lines} duplicated lines, "
                          f"{cleaned.residue_lines} template lines; contamination share "
                          f"{cleaned.contamination_share:.0%}, dropped above "
                          f"{detector.config.drop_share:.0%})", markup=False)
    if report.verdict == "error":
        return EXIT_ERROR
    return EXIT_CONTAMINATED if report.contaminated else EXIT_CLEAN


def cmd_clean(args: argparse.Namespace) -> int:
    from spamdet.clean import ACTIONS
    from spamdet.output import OutputError, check_output, mirror_path, write_copy
    from spamdet.render import to_json

    out_dir = Path(args.out)
    roots = [Path(p) for p in args.paths]
    try:
        check_output(out_dir, roots)
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    detector = _detector(args)
    config = detector.config
    paths = list(iter_paths(roots))
    actions = dict.fromkeys(ACTIONS, 0)
    removed = dict.fromkeys(("spans", "promo_lines", "residue_lines", "brand_lines",
                             "duplicate_lines", "removed_words"), 0)
    failed: list[PageReport] = []
    contaminated = 0
    with atomic_output(args.manifest, paths) if args.manifest else _nothing() as log:
        docs = _documents(paths, args.max_bytes, lambda p: None)
        reports, corpus = _reports(detector, docs, args)
        for report, cleaned in detector.clean_reports(_readable(reports, failed)):
            source = Path(report.path or report.id)
            contaminated += report.contaminated
            actions[cleaned.action] += 1
            for name in removed:
                removed[name] += getattr(cleaned, name)
            target = mirror_path(source, roots, out_dir)
            if cleaned.action != "drop":
                try:
                    write_copy(source, target, cleaned.text)
                except OutputError as exc:
                    raise UsageError(str(exc)) from exc
            if log is not None:
                log.write(to_json({
                    "path": report.path, "target": None if cleaned.action == "drop"
                    else str(target), "verdict": report.verdict, "action": cleaned.action,
                    "rounds": cleaned.rounds, "words": cleaned.words,
                    "removed_words": cleaned.removed_words,
                    "contamination_share": round(cleaned.contamination_share, 4),
                    "spans": cleaned.spans, "promo_lines": cleaned.promo_lines,
                    "residue_lines": cleaned.residue_lines, "brand_lines": cleaned.brand_lines,
                    "duplicate_lines": cleaned.duplicate_lines}) + "\n")
    pages = sum(actions.values())
    print(f"cleaned copies of {pages} pages in {out_dir}: {actions['keep']} unchanged, "
          f"{actions['clean']} cleaned, {actions['drop']} dropped (contamination over "
          f"{config.drop_share:.0%} of their words; no copy written), {len(failed)} errors",
          file=sys.stderr)
    print(f"removed: {removed['spans']} injected spans, {removed['promo_lines']} promo lines, "
          f"{removed['brand_lines']} brand lines, {removed['duplicate_lines']} duplicated "
          f"lines, {removed['residue_lines']} template lines "
          f"({removed['removed_words']} words)", file=sys.stderr)
    if corpus is not None:
        found = corpus.counts()
        print(f"corpus evidence: {found['campaigns']} campaigns, "
              f"{found['template_lines']} template lines", file=sys.stderr)
    if pages == 0 and not failed:
        raise UsageError("no files to clean: give .txt files or directories containing them")
    return EXIT_CONTAMINATED if contaminated else EXIT_CLEAN


def _readable(reports: Iterator[PageReport], failed: list[PageReport]) -> Iterator[PageReport]:
    """Reports of pages that could be read; the others are told on stderr and kept."""
    for report in reports:
        if report.verdict == "error":
            failed.append(report)
            print(f"error: {report.path}: {'; '.join(report.errors)}", file=sys.stderr)
        else:
            yield report


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from spamdet.evaluate import evaluate
    from spamdet.records import Document
    from spamdet.synth import LabelledPage

    detector = _detector(args)
    pages = []
    with open(args.labelled, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    pages.append(LabelledPage.from_dict(json.loads(line)))
                except (ValueError, KeyError, TypeError) as exc:
                    raise UsageError(f"{args.labelled}:{n}: not a labelled page ({exc})") from exc
    reports = detector.scan_documents([Document(p.id, p.text) for p in pages])
    metrics = evaluate(pages, reports)
    if args.format == "json":
        print(json.dumps(metrics, indent=2))
    else:
        from spamdet.render_eval import print_metrics

        print_metrics(metrics)
    return EXIT_CLEAN


COMMANDS = {"scan": cmd_scan, "explain": cmd_explain, "clean": cmd_clean, "eval": cmd_eval}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["train"]:
        from spamdet.train_cli import main as train_main

        return train_main(argv[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_CLEAN if exc.code == 0 else EXIT_ERROR
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"spamdet: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("spamdet: interrupted; no partial report was written", file=sys.stderr)
        return 130
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        print(f"spamdet: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the user gets a message, never a traceback
        from spamdet.model import ModelIntegrityError

        kind = "model refused" if isinstance(exc, ModelIntegrityError) else "fatal"
        print(f"spamdet: {kind}: {exc}", file=sys.stderr)
        logging.getLogger(__name__).debug("traceback", exc_info=True)
        return EXIT_ERROR
