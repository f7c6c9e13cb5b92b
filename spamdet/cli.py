"""Command line: `spamdet scan|explain|clean|train|eval`. The only module that prints or exits.

Exit status: 0 nothing contaminated, 1 something contaminated, 2 usage or fatal error,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM), 141 when the reader of the output went
away (`| head`).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, TYPE_CHECKING

from spamdet.config import (
    BATCH_PAGES,
    DROP_SHARE,
    MAX_LINE_CHARS,
    MAX_PAGE_BYTES,
    MAX_SEGMENTS,
    Config,
)
from spamdet.ingest import STDIN, RecordFields, iter_paths, kind_of, read_documents
from spamdet.records import Document, PageReport
from spamdet.textsafe import escape_unencodable_output

if TYPE_CHECKING:
    from spamdet.clean import Cleaned
    from spamdet.corpus import CorpusScan
    from spamdet.detector import Detector
    from spamdet.output import Inputs
    from spamdet.rendered import Rendered

EXIT_CLEAN, EXIT_CONTAMINATED, EXIT_ERROR = 0, 1, 2
PROGRESS_PAGES = 64
"""Pages read between two updates of the progress bar's page count."""
STDOUT = "-"
"""`--output -`: standard output, as without --output."""
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a command SIGPIPE stopped
SCANNABLE = ("give .txt, .html, .jsonl, .json or .warc files (optionally .gz), or "
             "directories containing them")
FORMATS = ("table", "json", "jsonl", "html")


class UsageError(Exception):
    """Bad arguments: the message says what to do; exit status 2."""


def _check_some_path_exists(paths: Sequence[str]) -> None:
    """Raise `UsageError` when none of the named inputs exists (a typo): there is nothing to
    report on. Where some do, each missing one is that input's error and the run goes on."""
    missing = [p for p in paths if p != STDIN and not os.path.lexists(p)]
    if missing and len(missing) == len(paths):
        shown = ", ".join(_shown(p) for p in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise UsageError(f"no such file or folder: {shown}{more}")


def _no_pages(files: int) -> str:
    """Why there was nothing to scan: no file found, or files that held no page."""
    if not files:
        return SCANNABLE
    read = f"the {files} files read hold" if files > 1 else "the file read holds"
    return (f"{read} no page (an empty JSON Lines file, or a WARC file without response "
            "records: -v lists what was skipped)")


def _number(kind: type, value: str) -> float:
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"expected {what}, got {value!r}") from None


def _threshold(value: str) -> float:
    number = _number(float, value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"threshold must be between 0 and 1, got {value}")
    return number


def _share(value: str) -> float:
    number = _number(float, value)
    if not 0.0 < number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a share in (0, 1], got {value}")
    return number


def positive_int(value: str) -> int:
    """An argument that is a whole number from 1 to `sys.maxsize`."""
    number = int(_number(int, value))
    if not 1 <= number <= sys.maxsize:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {sys.maxsize}, "
                                         f"got {value}")
    return number


def _model_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", help="model file (default: the bundled model)")
    parser.add_argument("--trust-model", action="store_true",
                        help="load a model whose sha256 is not on a card (nothing vouches "
                             "for its weights: only for files you built)")
    parser.add_argument("--threshold", type=_threshold, default=None,
                        help="page score from which a page is contaminated (default: the "
                             "model's, chosen on validation pages for page FPR <= 0.5%%)")


def _field_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "record fields (JSON, JSONL)",
        "default: probe text, html, content, raw_content; id, else PATH:LINE; url")
    group.add_argument("--text-field", metavar="NAME", help="field holding plain text")
    group.add_argument("--html-field", metavar="NAME", help="field holding HTML")
    group.add_argument("--id-field", metavar="NAME", help="field holding the page id")
    group.add_argument("--url-field", metavar="NAME", help="field holding the page URL")


def _limit_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-segments", type=positive_int, default=MAX_SEGMENTS,
                        help="segments scored per page; the rest is reported as truncated "
                             "(default: %(default)s)")
    parser.add_argument("--max-line-chars", type=positive_int, default=MAX_LINE_CHARS,
                        help="characters of one line that are scored; longer lines are "
                             "reported as truncated (default: %(default)s)")


class _Version(argparse.Action):
    """`--version`: spamdet's version and the bundled model's sha256, then exit (the model
    module, and numpy with it, is imported only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0,
                         help="show spamdet's version and the bundled model's sha256, and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from spamdet import __version__
        from spamdet.model import ModelIntegrityError, bundled_model_path, card_sha256

        model = bundled_model_path()
        try:
            sha = card_sha256(model) or "no sha256 on its card"
        except ModelIntegrityError as exc:  # a card that cannot be read
            sha = f"unknown: {exc}"
        print(f"spamdet {__version__} (Python {sys.version.split()[0]}); bundled model "
              f"{model.name}, sha256 {sha}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="spamdet", description="Find spam and SEO injections in scraped web content.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    scan = sub.add_parser("scan", help="scan files and directories, report contaminated pages")
    scan.add_argument("paths", nargs="+", metavar="PATH",
                      help="files or directories; - reads standard input (JSON Lines records "
                           "when it starts with {, else one text or HTML page; gzip or not)")
    scan.add_argument("--format", choices=FORMATS, default="table", help="report format")
    scan.add_argument("--output", "-o",
                      help="write the report to FILE (atomically; `-`: standard output)")
    scan.add_argument("--jobs", "-j", type=positive_int, default=1, help="worker processes")
    scan.add_argument("--all-segments", action="store_true",
                      help="include clean segments in JSON reports")
    scan.add_argument("--max-bytes", type=positive_int, default=MAX_PAGE_BYTES,
                      help="bytes read per file; the rest is reported as truncated")
    _limit_args(scan)
    scan.add_argument("--batch", type=positive_int, default=BATCH_PAGES,
                      help="pages scored per model call")
    scan.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    scan.add_argument("--campaigns", action=argparse.BooleanOptionalAction, default=True,
                      help="use evidence across pages: campaigns and site template lines "
                           "(two passes; default: on)")
    scan.add_argument("--summary", action="store_true",
                      help="with --format json/jsonl, end with a summary record "
                           "(\"type\": \"summary\": totals, campaigns, template lines)")
    _model_args(scan)
    _field_args(scan)

    explain = sub.add_parser("explain", help="every segment of one file (each record of a "
                                             "JSONL or WARC file) with label and signals")
    explain.add_argument("path", metavar="FILE", help="a file; - reads standard input")
    explain.add_argument("--format", choices=("table", "json"), default="table")
    explain.add_argument("--max-bytes", type=positive_int, default=MAX_PAGE_BYTES,
                         help="bytes read per file; the rest is reported as truncated")
    _limit_args(explain)
    _model_args(explain)
    _field_args(explain)

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
    clean.add_argument("--max-bytes", type=positive_int, default=MAX_PAGE_BYTES,
                       help="bytes read per file")
    _limit_args(clean)
    clean.add_argument("--jobs", "-j", type=positive_int, default=1, help="worker processes")
    _model_args(clean)
    _field_args(clean)

    sub.add_parser("train", help="train a model (see `spamdet train --help`)", add_help=False)

    ev = sub.add_parser("eval", help="measure a model on labelled pages (JSONL)")
    ev.add_argument("labelled", metavar="LABELLED.jsonl")
    ev.add_argument("--format", choices=("table", "json"), default="table")
    ev.add_argument("--jobs", "-j", type=positive_int, default=1, help="worker processes")
    _model_args(ev)
    return parser


def _config(args: argparse.Namespace) -> Config:
    return Config(threshold=args.threshold,
                  max_page_bytes=getattr(args, "max_bytes", MAX_PAGE_BYTES),
                  max_segments=getattr(args, "max_segments", MAX_SEGMENTS),
                  max_line_chars=getattr(args, "max_line_chars", MAX_LINE_CHARS),
                  batch_pages=getattr(args, "batch", BATCH_PAGES),
                  keep_residue=getattr(args, "keep_residue", False),
                  drop_share=getattr(args, "drop_share", DROP_SHARE),
                  all_segments=getattr(args, "all_segments", False),
                  text_field=getattr(args, "text_field", None),
                  html_field=getattr(args, "html_field", None),
                  id_field=getattr(args, "id_field", None),
                  url_field=getattr(args, "url_field", None))


def _detector(args: argparse.Namespace) -> Detector:  # imported late for a fast --help
    from spamdet.detector import Detector

    return Detector.load(args.model, _config(args), trust=args.trust_model)


@contextmanager
def atomic_output(path: str | None, inputs: list[Path], roots: tuple[Path, ...] = (),
                  flag: str = "--output") -> Iterator[IO[str]]:
    """Stdout (no `path`, or `-`), or a temporary file renamed over `path` (the file a
    link names) only when writing finished, or a device or pipe written directly; never
    one of the `inputs` or inside an input folder (`roots`)."""
    if path is None or path == STDOUT:
        yield sys.stdout
        return
    target = Path(path)
    resolved = target.resolve()
    for source in inputs:
        if source.exists() and source.resolve() == resolved:
            raise UsageError(f"{flag} {_shown(path)} is one of the inputs: choose another file")
    for root in roots:
        if root.is_dir() and root.resolve() in resolved.parents:
            raise UsageError(f"{_shown(path)} is inside the input folder {_shown(root)}: write "
                             "it outside the input (the input is never modified)")
    if target.is_dir():
        raise UsageError(f"{flag} {_shown(path)} is a directory: give a file name")
    if target.exists() and not target.is_file():  # a device, pipe or socket: written to
        with open(target, "w", encoding="utf-8") as fh:
            yield fh
        return
    from spamdet.output import atomic_file

    with atomic_file(resolved, "w", encoding="utf-8") as fh:  # through a symbolic link
        yield fh


def _documents(paths: list[Path], config: Config, progress) -> Iterator[Document]:
    """Every page of every file, streamed; `progress` is told when a file is done."""
    fields = RecordFields.of(config)
    for path in paths:
        yield from read_documents(path, config.max_page_bytes, fields)
        progress(path)


def _file_bytes(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # unreadable files become error reports when read


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


def _reports(detector: Detector, docs: Iterator[Document], args: argparse.Namespace
             ) -> tuple[Iterator[PageReport], CorpusScan | None]:
    """Reports in input order, and the corpus scan when evidence across pages is used."""
    if args.campaigns:
        corpus = detector.scan_corpus(docs, args.jobs)
        return iter(corpus), corpus
    return detector.scan_stream(docs, args.jobs), None


def _rendered(detector: Detector, docs: Iterator[Document], args: argparse.Namespace
              ) -> tuple[Iterator[Rendered], CorpusScan | None]:
    """Batches of reports in input order, rendered for the output where they were scored
    (by the workers with `--jobs N`), and the corpus scan when evidence across pages is
    used."""
    from spamdet.rendered import Output

    output = Output(args.format, args.all_segments)
    if args.campaigns:
        corpus = detector.scan_corpus(docs, args.jobs)
        return corpus.batches(output), corpus
    return detector.batched(output.scan, docs, args.jobs), None


def cmd_scan(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from spamdet.render import ERROR_ROWS, Summary, print_summary, summary_record, to_json
    from spamdet.rendered import framed

    detector = _detector(args)
    paths = list(iter_paths(args.paths))
    err = Console(stderr=True)
    for flag, used, formats in (("--summary", args.summary, ("json", "jsonl")),
                                ("--all-segments", args.all_segments, ("json", "jsonl"))):
        if used and args.format not in formats:
            err.print(f"spamdet: note: {flag} applies to --format {'/'.join(formats)}; the "
                      f"{args.format} report ignores it", markup=False, highlight=False,
                      soft_wrap=True)
    summary = Summary()
    errors: list[PageReport] = []  # the first ERROR_ROWS, for the table; memory stays flat
    error_pages = 0
    show_progress = not args.quiet and err.is_terminal
    started = time.perf_counter()
    # pages read and megabytes reported; the bar: bytes of input files read (on disk, so
    # .gz files count compressed) out of the total
    progress = Progress("[progress.description]{task.description}", BarColumn(),
                        TextColumn("{task.fields[pages]:,} pages, {task.fields[mb]:,.1f} MB"),
                        DownloadColumn(),
                        TransferSpeedColumn(), TimeRemainingColumn(), console=err,
                        disable=not show_progress, transient=True,
                        # the report may go to stdout: never through the bar's console
                        redirect_stdout=False, redirect_stderr=False)
    roots = tuple(Path(p) for p in args.paths)
    sizes = {path: _file_bytes(path) for path in paths} if show_progress else {}
    read = [0]  # pages read: a corpus scan reports none before its pass 1 has read them all
    # a bar not shown is not started: rich before 15 wrote an empty line when one stopped
    shown = progress if show_progress else nullcontext()
    with _interrupted(lambda: _scan_done(read[0], summary, args.output)), shown, \
            _html_report(args.format) as html, atomic_output(args.output, paths, roots) as out:
        task = progress.add_task("scanning", total=sum(sizes.values()), pages=0, mb=0.0)
        docs = _counted(_documents(paths, detector.config,
                                   lambda p: progress.advance(task, sizes.get(p, 0))), read,
                        lambda n: progress.update(task, pages=n) if show_progress else None)
        batches, corpus = _rendered(detector, docs, args)
        first = True
        for batch in batches:
            summary.merge(batch.summary)
            error_pages += len(batch.errors)
            errors.extend(batch.errors[:ERROR_ROWS - len(errors)])
            if show_progress:
                progress.update(task, mb=summary.bytes / 1e6)
            if batch.records:
                first = _write_records(out, args.format, batch.records, first)
            for report in batch.reports:
                html.add(report)
        if summary.pages == 0:  # raised inside: an earlier report at --output stays as it was
            raise UsageError(f"no pages to scan: {_no_pages(len(paths))}")
        summary.seconds = time.perf_counter() - started
        corpus_dict = corpus.to_dict() if corpus is not None else None
        if corpus is not None:
            summary.corpus = corpus.counts()
            summary.campaigns = list(corpus_dict.get("campaigns", []))  # type: ignore[union-attr,arg-type]
        if args.summary and args.format in ("json", "jsonl"):
            _write_records(out, args.format,
                           framed(to_json(summary_record(summary, corpus_dict)), args.format),
                           first)
        if args.format == "json":
            out.write("\n]\n")
        if html is not None and summary.pages:
            html.write(out, summary, _page_threshold(detector), _report_meta(detector, args))
        if args.format == "table":
            console = Console(file=out, highlight=False, soft_wrap=False,
                              force_terminal=None if out is sys.stdout else False, width=140
                              if out is not sys.stdout else None)
            print_summary(console, summary, errors,
                          corpus.campaigns if corpus is not None else None,
                          corpus.templates if corpus is not None else None, error_pages)
    if args.format != "table":
        rate = summary.pages / summary.seconds if summary.seconds else 0.0
        found = (f"; {summary.corpus['campaigns']} campaigns" if summary.corpus else "")
        err.print(f"{summary.pages} pages: {summary.verdicts['contaminated']} contaminated, "
                  f"{summary.verdicts['residue']} residue only, {summary.verdicts['clean']} "
                  f"clean, {summary.verdicts['error']} errors{found}; {rate:,.0f} pages/s",
                  highlight=False, markup=False, soft_wrap=True)  # one line for logs
    return EXIT_CONTAMINATED if summary.verdicts["contaminated"] else EXIT_CLEAN


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, `timeout`, a job scheduler): stops the command as Ctrl-C does, so
    no partial output is left behind."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, after the command said what it had done; `status`: 130 or 143."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _exit_status(exc: KeyboardInterrupt) -> int:
    if isinstance(exc, Interrupted):
        return exc.status
    return 128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT)


def _stopped(exc: KeyboardInterrupt) -> str:
    return "terminated" if isinstance(exc, Terminated) else "interrupted"


@contextmanager
def _interrupted(done) -> Iterator[None]:  # done: () -> str
    """On Ctrl-C or SIGTERM, say what was done (`done()`), then stop (exit status 130 or
    143)."""
    try:
        yield
    except KeyboardInterrupt as exc:
        if isinstance(exc, Interrupted):
            raise
        print(f"spamdet: {_stopped(exc)}: {done()}", file=sys.stderr)
        raise Interrupted(_exit_status(exc)) from None


def _counted(docs: Iterator[Document], read: list[int], tell: Callable[[int], object]
             ) -> Iterator[Document]:
    """`docs`, counted in `read[0]`; `tell(count)` every `PROGRESS_PAGES` pages."""
    for doc in docs:
        read[0] += 1
        if read[0] % PROGRESS_PAGES == 0:
            tell(read[0])
        yield doc
    tell(read[0])


def _scan_done(read: int, summary, output: str | None) -> str:  # summary: render.Summary
    where = ("no report was written" if output or not summary.pages
             else "the report above is incomplete")
    return (f"{read} pages read, {summary.pages} reported "
            f"({summary.verdicts['contaminated']} contaminated, "
            f"{summary.verdicts['error']} errors); {where}")


def _write_records(out: IO[str], fmt: str, records: str, first: bool) -> bool:
    """`framed` records; the first of a JSON array drops its comma and opens the array (so
    a scan that finds no page writes no stray `[`). Returns False: what comes next is no
    longer first."""
    out.write("[" + records[1:] if first and fmt == "json" else records)
    return False


def cmd_explain(args: argparse.Namespace) -> int:
    from rich.console import Console

    from spamdet.render import explain_view, to_json
    from spamdet.summary import page_name

    detector = _detector(args)
    docs = read_documents(Path(args.path), detector.config.max_page_bytes,
                          RecordFields.of(detector.config))
    status, read = EXIT_CLEAN, False
    console = Console(highlight=False)
    for report in detector.scan_stream(docs):
        if args.format == "json":
            print(to_json(report.to_dict(all_segments=True)))
        else:
            if report.errors:
                console.print(_shown(f"errors: {page_name(report)}: {'; '.join(report.errors)}"),
                              markup=False, soft_wrap=True)
            if report.verdict != "error":
                console.print(explain_view(report))
                console.print(_cleaning_line(detector, report), markup=False, soft_wrap=True)
        read = read or report.verdict != "error"
        if report.contaminated:
            status = EXIT_CONTAMINATED
    # as scan: a record that cannot be read is reported and the rest still decide; a file
    # with nothing readable in it is an error
    if not read:
        print(_shown(f"spamdet: error: {args.path}: no page could be read from it"),
              file=sys.stderr)
        return EXIT_ERROR
    return status


def _clean_target(report: PageReport, inputs: Inputs) -> tuple[Path, bool]:
    """Where a page's cleaned copy goes, and whether that is a file of records (JSONL, WARC
    inputs, whose records are collected into NAME.cleaned.jsonl)."""
    source = Path(report.path or report.id)
    target = inputs.mirror(source)
    records_file = report.id != report.path or kind_of(source) in ("records", "warc")
    if records_file:  # (a .json file of one object names its record by the file)
        target = target.with_name(target.name.removesuffix(".gz") + ".cleaned.jsonl")
    elif report.kind == "html":
        target = target.with_name(target.name.removesuffix(".gz") + ".txt")
    return target, records_file


def _forget_copy(report: PageReport, inputs: Inputs, claimed: dict[Path, Path]) -> None:
    """Remove the copy an earlier run wrote of a page that has none now (it could not be
    read, or was cut), so that no stale copy passes for this run's; a copy written in this
    run, or a file of records (written whole at the end), is left alone."""
    from spamdet.output import OutputError

    try:
        target, records_file = _clean_target(report, inputs)
        inputs.check(target)
    except OutputError:
        return
    if not records_file and target not in claimed and target.is_file() \
            and not target.is_symlink():
        target.unlink()


def _cleaning_line(detector: Detector, report: PageReport) -> str:
    """What `clean` would do to a page, in one line (for `explain`)."""
    if report.cut:  # `clean_reports` skips it: a copy would lose what was never read
        return ("cleaning: no cleaned copy, as the page was cut as it was read (raise "
                "--max-bytes to clean it)")
    _, cleaned = next(detector.clean_reports([report]))
    return (f"cleaning: {cleaned.action}; removes {cleaned.removed_words} of {cleaned.words} "
            f"words ({cleaned.spans} injected spans, {cleaned.brand_lines} brand lines, "
            f"{cleaned.promo_lines} promo lines, {cleaned.duplicate_lines} duplicated lines, "
            f"{cleaned.residue_lines} template lines; contamination share "
            f"{cleaned.contamination_share:.0%}, dropped above "
            f"{detector.config.drop_share:.0%})")


def _manifest_entry(report: PageReport, cleaned: Cleaned, target: Path | None
                    ) -> dict[str, object]:
    """The manifest line of a page `clean` wrote a copy of (or dropped: `target` None)."""
    from spamdet.clean import REMOVED

    return {"path": report.path, "id": report.id,
            "target": None if target is None else str(target),
            "verdict": report.verdict, "action": cleaned.action,
            "rounds": cleaned.rounds, "words": cleaned.words,
            "removed_words": cleaned.removed_words,
            "contamination_share": round(cleaned.contamination_share, 4),
            **{name: getattr(cleaned, name) for name in REMOVED}, "errors": list(report.errors)}


def _clean_summary(out_dir: Path, actions: dict[str, int], removed: dict[str, int],
                   errors: int, partial: int, drop_share: float) -> None:
    """What `clean` did, on stderr: the copies by action, then what they lost."""
    print(f"cleaned copies of {sum(actions.values())} pages in {_shown(out_dir)}: "
          f"{actions['keep']} unchanged, {actions['clean']} cleaned, {actions['drop']} "
          f"dropped (contamination over {drop_share:.0%} of their words; no copy written), "
          f"{errors} errors" + (f", {partial} scored in part (warnings above)" if partial else ""),
          file=sys.stderr)
    print(f"removed: {removed['spans']} injected spans, {removed['promo_lines']} promo lines, "
          f"{removed['brand_lines']} brand lines, {removed['duplicate_lines']} duplicated "
          f"lines, {removed['residue_lines']} template lines "
          f"({removed['removed_words']} words)", file=sys.stderr)


def cmd_clean(args: argparse.Namespace) -> int:
    from spamdet.clean import ACTIONS, REMOVED
    from spamdet.output import Inputs, OutputError, check_output
    from spamdet.render import to_json
    from spamdet.summary import page_name

    if STDIN in args.paths:
        raise UsageError("clean writes a cleaned copy of each file, and standard input is "
                         "not a file: save it to one first (`scan -` reads standard input)")
    out_dir = Path(args.out)
    named: dict[str, Path] = {}
    for raw in args.paths:  # an input named twice (`clean in ./in/`) is one input, as in scan
        named.setdefault(os.path.abspath(raw), Path(raw))
    roots = list(named.values())
    try:
        check_output(Inputs(roots, out_dir))
    except OutputError as exc:
        raise UsageError(str(exc)) from exc
    detector = _detector(args)
    config = detector.config
    paths = list(iter_paths(roots))
    inputs = Inputs(roots, out_dir, paths)
    actions = dict.fromkeys(ACTIONS, 0)
    removed = dict.fromkeys((*REMOVED, "removed_words"), 0)
    failed: list[PageReport] = []
    contaminated = partial = 0
    records = _RecordFiles(config)
    claimed: dict[Path, Path] = {}  # cleaned copy -> its input

    def done() -> str:
        return (f"{sum(actions.values())} pages done, each cleaned copy written whole; "
                "cleaned JSONL/WARC records and the manifest were not written")

    if args.manifest and out_dir.resolve() in Path(args.manifest).resolve().parents:
        raise UsageError(f"--manifest {_shown(args.manifest)} is inside the --out folder, "
                         "where it could take a cleaned copy's place: write it outside")
    manifest = (atomic_output(args.manifest, paths, tuple(roots), "--manifest")
                if args.manifest else _nothing())
    with _interrupted(done), manifest as log:

        def fail(report: PageReport, why: str) -> None:
            """A page with no cleaned copy: told on stderr, and a line in the manifest."""
            nonlocal contaminated
            failed.append(report)
            contaminated += report.contaminated  # a page cut at --max-bytes was scored
            print(_shown(f"error: {page_name(report)}: {why}"), file=sys.stderr)
            if log is not None:
                log.write(to_json({"path": report.path, "id": report.id, "target": None,
                                   "verdict": report.verdict, "action": "error",
                                   "errors": [why]}) + "\n")

        def unreadable(report: PageReport, why: str) -> None:
            fail(report, why)
            _forget_copy(report, inputs, claimed)

        docs = _documents(paths, config, lambda p: None)
        reports, corpus = _reports(detector, docs, args)
        try:
            for report, cleaned in detector.clean_reports(_readable(reports, unreadable)):
                try:
                    target = _write_cleaned(report, cleaned.text, cleaned.action, inputs,
                                            records, claimed)
                except NameTaken as exc:  # that page alone is not written
                    fail(report, str(exc))
                    continue
                except OSError as exc:  # a full disk, a folder it may not write in
                    fail(report, f"its cleaned copy could not be written: {exc}")
                    continue
                except OutputError as exc:
                    raise UsageError(str(exc)) from exc
                contaminated += report.contaminated
                actions[cleaned.action] += 1
                if report.scored_in_part:  # the copy keeps the rest as it was
                    partial += 1
                    print(_shown(f"warning: {page_name(report)}: {'; '.join(report.errors)}; "
                                 "its cleaned copy keeps the unscored part as it was"),
                          file=sys.stderr)
                for name in removed:
                    removed[name] += getattr(cleaned, name)
                if log is not None:
                    log.write(to_json(_manifest_entry(report, cleaned, target)) + "\n")
            if not sum(actions.values()) and not failed:  # inside: nothing is replaced
                raise UsageError(f"no files to clean: {_no_pages(len(paths))}")
            records.commit()
        finally:
            records.discard()
    _clean_summary(out_dir, actions, removed, len(failed), partial, config.drop_share)
    if corpus is not None:
        found = corpus.counts()
        print(f"corpus evidence: {found['campaigns']} campaigns, "
              f"{found['template_lines']} template lines", file=sys.stderr)
    return EXIT_CONTAMINATED if contaminated else EXIT_CLEAN


class _RecordFiles:
    """Cleaned records of multi-record inputs (JSONL, WARC), one JSONL file per input file,
    written to temporary files and renamed into place only when the run finishes.

    A JSON record is written back whole: its input is read again in step with the reports,
    and the field its page came from holds the cleaned text (None when dropped), with the
    action in `CLEAN_KEY`. A WARC record becomes `{"id", "text", CLEAN_KEY}`."""

    def __init__(self, config: Config) -> None:
        self.open: dict[Path, tuple[IO[str], Path]] = {}
        self.config = config
        self.reading: tuple[str, Iterator[tuple[Document, dict[str, object] | None]]] | None \
            = None

    def _original(self, report: PageReport) -> dict[str, object] | None:
        """The JSON record `report` was read from (None for WARC, or if the input changed):
        the next readable record of its file with its id, as reports keep the file's order
        (a record cut as it was read has no report here, and a later one may share its id)."""
        from spamdet.jsonl import read_pairs
        from spamdet.records import cut_when_read

        source = report.path or ""
        if kind_of(Path(source)) != "records":
            return None
        if self.reading is None or self.reading[0] != source:
            self.reading = (source, read_pairs(Path(source), self.config.max_page_bytes,
                                               RecordFields.of(self.config)))
        for doc, record in self.reading[1]:
            if (doc.id == report.id and record is not None and (doc.text or not doc.errors)
                    and not cut_when_read(doc.errors)):
                return record
        return None

    def write_cleaned(self, target: Path, report: PageReport, action: str,
                      text: str | None) -> None:
        from spamdet.clean import CLEAN_KEY
        from spamdet.ingest import content_field

        record = self._original(report)
        field = None if record is None else content_field(record, RecordFields.of(self.config))
        if record is None or field is None:
            self.write(target, {"id": report.id, "text": text, CLEAN_KEY: action})
        else:
            self.write(target, {**record, field: text, CLEAN_KEY: action})

    def write(self, target: Path, record: dict[str, object]) -> None:
        from spamdet.textsafe import to_json

        if target not in self.open:
            from spamdet.output import temp_beside

            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = temp_beside(target)
            try:
                self.open[target] = (open(tmp, "x", encoding="utf-8"), tmp)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        self.open[target][0].write(to_json(record) + "\n")

    def commit(self) -> None:
        for target, (stream, tmp) in self.open.items():
            stream.close()
            os.replace(tmp, target)
        self.open.clear()

    def discard(self) -> None:
        for stream, tmp in self.open.values():
            stream.close()
            tmp.unlink(missing_ok=True)
        self.open.clear()


class NameTaken(Exception):
    """Two inputs whose cleaned copies would have one name (`page.html` and `page.html.gz`,
    `r.jsonl` and `r.jsonl.gz`), or a copy's name too long for a file system
    (`NAME_BYTES`): that copy is not written."""


NAME_BYTES = 255
"""The longest file name (in bytes) common file systems hold: a 252-byte `page.html` input
has a copy `page.html.txt` none can."""


def _write_cleaned(report: PageReport, text: str, action: str, inputs: Inputs,
                   records: _RecordFiles, claimed: dict[Path, Path]) -> Path | None:
    """Write one cleaned page where it belongs; None when it was dropped (no copy).
    `claimed`: the input each cleaned copy of this run was written for."""
    from spamdet.output import write_copy

    source = Path(report.path or report.id)
    target, records_file = _clean_target(report, inputs)
    if claimed.setdefault(target, source) != source:
        raise NameTaken(f"its cleaned copy would be {target}, already written for "
                        f"{claimed[target]}: rename one of the two")
    if len(os.fsencode(target.name)) > NAME_BYTES:
        raise NameTaken(f"its cleaned copy's name would be longer than {NAME_BYTES} bytes: "
                        "rename the input")
    inputs.check(target)
    if records_file:
        records.write_cleaned(target, report, action, text if action != "drop" else None)
        return target
    if action == "drop":  # nor is the copy an earlier run wrote left behind
        if target.is_file() and not target.is_symlink():
            target.unlink()
        return None
    if report.kind == "html":
        from spamdet.output import write_atomic

        write_atomic(target, text.encode("utf-8", "replace"))
        return target
    write_copy(source, target, text)
    return target


def _readable(reports: Iterator[PageReport], failed: Callable[[PageReport, str], None]
              ) -> Iterator[PageReport]:
    """Reports of pages that could be read whole; the others go to `failed` with why."""
    for report in reports:
        if report.verdict == "error" or report.cut:
            why = "; ".join(report.errors)
            if report.cut:
                why += ("; no cleaned copy written, as it would lose the rest of the page "
                        "(raise --max-bytes to clean one cut at that limit)")
            failed(report, why)
        else:
            yield report


def _shown(path: object) -> str:
    """A path or message for a line of stderr, as printable text: control and bidi
    characters escaped, and newlines too (a file name cannot forge a line)."""
    from spamdet.textsafe import safe

    return safe(str(path)).replace("\n", "\\u000a")


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def _labelled_pages(path: str) -> list:  # -> list[LabelledPage]
    """DESIGN's labelled JSONL, checked: a bad line is a usage error that names the line."""
    from spamdet.synth import read_labelled

    try:
        return read_labelled(Path(path))
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:  # missing, a folder, unreadable
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from exc


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
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with it closed (`>&-`): the exit status
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    escape_unencodable_output()
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
    if getattr(args, "jobs", 1) > 1:
        from spamdet.pool import start_early

        # the workers' server boots (and loads the bundled model) while this process
        # imports the scoring modules and loads the model
        start_early(bundled=args.model is None and not args.trust_model)
    previous = _on_sigterm(_terminate)
    try:
        if "" in getattr(args, "paths", ()):  # a shell variable that was not set
            raise UsageError("an empty path was given (it would mean the current folder): "
                             "name the files or folders to read, or `.`")
        _check_some_path_exists(getattr(args, "paths", ()))
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"spamdet: error: {_shown(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        if not isinstance(exc, Interrupted):
            print(f"spamdet: {_stopped(exc)}; no partial report was written", file=sys.stderr)
        return _exit_status(exc)
    except BrokenPipeError:
        # the reader of the output went away (`spamdet scan … | head`): stop quietly, as
        # `cat` does; what is left unflushed goes nowhere instead of failing at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        print(f"spamdet: error: {_shown(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the user gets a message, never a traceback
        from spamdet.model import ModelIntegrityError

        kind = "model refused" if isinstance(exc, ModelIntegrityError) else "fatal"
        hint = (" (spamdet's dependencies are not installed for this Python: run `python -m "
                "pip install -e .` in the project, or `pip install` the wheel)"
                if isinstance(exc, ModuleNotFoundError) else "")
        print(f"spamdet: {kind}: {_shown(exc)}{hint}", file=sys.stderr)
        logging.getLogger(__name__).debug("traceback", exc_info=True)
        return EXIT_ERROR
    finally:
        _on_sigterm(previous)


def _on_sigterm(handler):  # -> the previous handler; None off the main thread
    """Handle SIGTERM with `handler` (from the main thread only, as Python allows)."""
    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: called as a library
        return None
