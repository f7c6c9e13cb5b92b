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
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO

from spamdet.config import BATCH_PAGES, MAX_PAGE_BYTES, Config
from spamdet.ingest import RecordFields, iter_paths, read_documents
from spamdet.records import Document, PageReport

EXIT_CLEAN, EXIT_CONTAMINATED, EXIT_ERROR = 0, 1, 2
FORMATS = ("table", "json", "jsonl", "html")
EVAL_LABELS = ("injection", "promo", "residue")


class UsageError(Exception):
    """Bad arguments: the message says what to do; exit status 2."""


def _threshold(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"threshold must be between 0 and 1, got {value}")
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


def _field_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "record fields (JSON, JSONL)",
        "default: probe text, html, content, raw_content; id, else PATH:LINE; url")
    group.add_argument("--text-field", metavar="NAME", help="field holding plain text")
    group.add_argument("--html-field", metavar="NAME", help="field holding HTML")
    group.add_argument("--id-field", metavar="NAME", help="field holding the page id")
    group.add_argument("--url-field", metavar="NAME", help="field holding the page URL")


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
    _model_args(scan)
    _field_args(scan)

    explain = sub.add_parser("explain", help="every segment of one file (each record of a "
                                             "JSONL or WARC file) with label and signals")
    explain.add_argument("path", metavar="FILE")
    explain.add_argument("--format", choices=("table", "json"), default="table")
    _model_args(explain)
    _field_args(explain)

    clean = sub.add_parser("clean", help="write cleaned copies of pages to another folder")
    clean.add_argument("paths", nargs="+", metavar="PATH")
    clean.add_argument("--out", required=True, help="output folder (never inside the input)")
    clean.add_argument("--keep-residue", action="store_true", help="keep residue lines")
    _model_args(clean)
    _field_args(clean)

    sub.add_parser("train", help="train a model (see `spamdet train --help`)", add_help=False)

    ev = sub.add_parser("eval", help="measure a model on labelled pages (JSONL)")
    ev.add_argument("labelled", metavar="LABELLED.jsonl")
    ev.add_argument("--format", choices=("table", "json"), default="table")
    ev.add_argument("--jobs", "-j", type=_positive, default=1, help="worker processes")
    _model_args(ev)
    return parser


def _config(args: argparse.Namespace) -> Config:
    return Config(threshold=args.threshold,
                  max_page_bytes=getattr(args, "max_bytes", MAX_PAGE_BYTES),
                  batch_pages=getattr(args, "batch", BATCH_PAGES),
                  keep_residue=getattr(args, "keep_residue", False),
                  all_segments=getattr(args, "all_segments", False),
                  text_field=getattr(args, "text_field", None),
                  html_field=getattr(args, "html_field", None),
                  id_field=getattr(args, "id_field", None),
                  url_field=getattr(args, "url_field", None))


def _detector(args: argparse.Namespace):  # -> Detector, imported late for fast --help
    from spamdet.detector import Detector

    return Detector.load(args.model, _config(args), trust=args.trust_model)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _documents(paths: list[Path], config: Config, progress) -> Iterator[Document]:
    """Every page of every file, streamed; `progress` is told when a file is done."""
    fields = RecordFields.of(config)
    for path in paths:
        yield from read_documents(path, config.max_page_bytes, fields)
        progress(path)


def _html_report(fmt: str):  # -> HtmlReport | nullcontext, imported only when asked for
    if fmt != "html":
        return nullcontext()
    from spamdet.render_html import HtmlReport

    return HtmlReport()


def _page_threshold(detector) -> float:
    """The page score from which a page is contaminated: `--threshold`, else the model's."""
    from spamdet.score import page_probability

    if detector.config.threshold is not None:
        return float(detector.config.threshold)
    return page_probability(0.0, detector.model.thresholds)


def _report_meta(detector, args: argparse.Namespace) -> dict[str, str]:
    from spamdet import __version__

    pedigree = detector.model.pedigree
    return {"inputs": ", ".join(args.paths), "spamdet": __version__,
            "model": f"{args.model or 'bundled'} (trained on {pedigree.data}, seed "
                     f"{pedigree.seed})",
            "page threshold": f"{_page_threshold(detector):.3f}",
            "written": time.strftime("%Y-%m-%d %H:%M:%S")}


def cmd_scan(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from spamdet.render import Summary, print_summary, to_json

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
    with progress, _html_report(args.format) as html, atomic_output(args.output, paths) as out:
        task = progress.add_task("scanning", total=len(paths))
        docs = _documents(paths, detector.config, lambda p: progress.advance(task))
        first = True
        if args.format == "json":
            out.write("[")
        for report in detector.scan_stream(docs, args.jobs):
            summary.add(report)
            if report.verdict == "error" or report.errors:
                errors.append(report)
            if args.format in ("json", "jsonl"):
                line = to_json(report.to_dict(args.all_segments))
                out.write(line + "\n" if args.format == "jsonl" else ("" if first else ",")
                          + "\n" + line)
                first = False
            elif html is not None:
                html.add(report)
        summary.seconds = time.perf_counter() - started
        if args.format == "json":
            out.write("\n]\n")
        if html is not None and summary.pages:
            html.write(out, summary, _page_threshold(detector), _report_meta(detector, args))
        if args.format == "table":
            console = Console(file=out, highlight=False, soft_wrap=False,
                              force_terminal=None if out is sys.stdout else False, width=140
                              if out is not sys.stdout else None)
            print_summary(console, summary, errors)
    if args.format != "table":
        rate = summary.pages / summary.seconds if summary.seconds else 0.0
        err.print(f"{summary.pages} pages: {summary.verdicts['contaminated']} contaminated, "
                  f"{summary.verdicts['residue']} residue only, {summary.verdicts['clean']} "
                  f"clean, {summary.verdicts['error']} errors; {rate:,.0f} pages/s",
                  highlight=False, markup=False)
    if summary.pages == 0:
        raise UsageError("no pages to scan: give .txt, .html, .jsonl, .json or .warc files "
                         "(optionally .gz), or directories containing them")
    return EXIT_CONTAMINATED if summary.verdicts["contaminated"] else EXIT_CLEAN


def cmd_explain(args: argparse.Namespace) -> int:
    from rich.console import Console

    from spamdet.render import explain_view, to_json

    detector = _detector(args)
    docs = read_documents(Path(args.path), detector.config.max_page_bytes,
                          RecordFields.of(detector.config))
    status = EXIT_CLEAN
    console = Console(highlight=False)
    for report in detector.scan_stream(docs):
        if args.format == "json":
            print(to_json(report.to_dict(all_segments=True)))
        else:
            if report.errors:
                console.print(f"errors: {'; '.join(report.errors)}", markup=False)
            if report.verdict != "error":
                console.print(explain_view(report))
        if report.verdict == "error":
            status = max(status, EXIT_ERROR)
        elif report.contaminated:
            status = max(status, EXIT_CONTAMINATED)
    return status


def _clean_target(out_dir: Path, base: Path, report: PageReport) -> tuple[Path, bool]:
    """Where a cleaned page goes, and whether it is one record of a multi-record file."""
    source = Path(report.path or report.id)
    rel = source.relative_to(base) if source.is_relative_to(base) else Path(source.name)
    target = out_dir / rel
    if target.name.endswith(".gz"):
        target = target.with_name(target.name[:-3])
    if report.id != report.path:
        return target.with_name(target.name + ".cleaned.jsonl"), True
    if report.kind == "html":
        target = target.with_name(target.name + ".txt")
    return target, False


def cmd_clean(args: argparse.Namespace) -> int:
    import json

    from spamdet.clean import clean_report

    out_dir = Path(args.out).resolve()
    roots = [Path(p) for p in args.paths]
    for root in roots:
        base = root.resolve() if root.is_dir() else root.resolve().parent
        if out_dir == base or base in out_dir.parents:
            raise UsageError(f"--out {args.out} is inside the input {root}: choose a folder "
                             "outside it")
    detector = _detector(args)
    changed = dropped = failed = 0
    opened: dict[Path, IO[str]] = {}
    try:
        for root in roots:
            base = root if root.is_dir() else root.parent
            paths = list(iter_paths([root]))
            for report in detector.scan_stream(_documents(paths, detector.config,
                                                          lambda p: None)):
                if report.verdict == "error":
                    failed += 1
                    print(f"error: {report.id}: {'; '.join(report.errors)}", file=sys.stderr)
                    continue
                cleaned = clean_report(report, keep_residue=args.keep_residue)
                target, record = _clean_target(out_dir, base, report)
                target.parent.mkdir(parents=True, exist_ok=True)
                if record:
                    if target not in opened:
                        opened[target] = open(target, "w", encoding="utf-8")  # noqa: SIM115
                    line = {"id": report.id, "text": cleaned, "verdict": report.verdict}
                    opened[target].write(json.dumps(line, ensure_ascii=False) + "\n")
                else:
                    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
                    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                        fh.write(cleaned)
                    os.replace(tmp, target)
                changed += cleaned != report.text
                dropped += report.contaminated
    finally:
        for stream in opened.values():
            stream.close()
    print(f"cleaned copies in {out_dir}: {changed} pages changed, {failed} errors",
          file=sys.stderr)
    return EXIT_CONTAMINATED if dropped else EXIT_CLEAN


def _labelled_pages(path: str) -> list:  # -> list[LabelledPage]
    """DESIGN's labelled JSONL, checked: a bad line is a usage error that names the line."""
    import json

    from spamdet.synth import LabelledPage

    pages = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                page = LabelledPage.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"{path}:{n}: not a labelled page ({exc!r}); expected "
                                 '{"id", "text", "spans": [{"start", "end", "label"}]}') from exc
            for start, end, label in page.spans:
                if label not in EVAL_LABELS or not 0 <= start <= end <= len(page.text):
                    raise UsageError(f"{path}:{n}: span ({start}, {end}, {label!r}) is not "
                                     f"inside the text or its label is not one of "
                                     f"{', '.join(EVAL_LABELS)}")
            pages.append(page)
    if not pages:
        raise UsageError(f"{path} has no labelled pages")
    return pages


def cmd_eval(args: argparse.Namespace) -> int:
    import json

    from spamdet.evaluate import PR_THRESHOLDS, evaluate, pr_curve

    detector = _detector(args)
    pages = _labelled_pages(args.labelled)
    docs = (Document(p.id, p.text) for p in pages)
    reports = list(detector.scan_stream(docs, args.jobs))
    metrics = evaluate(pages, reports)
    threshold = _page_threshold(detector)
    metrics["threshold"] = round(threshold, 4)
    curve = pr_curve(pages, reports, (*PR_THRESHOLDS, threshold))
    for point in curve:
        point["operating"] = point["threshold"] == round(threshold, 4)
    metrics["pr_curve"] = curve
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
