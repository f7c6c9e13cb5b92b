"""Cleaned copies on disk: the input tree mirrored under another folder, written atomically.

One writer per input format, chosen by file name (`WRITERS`); each turns a cleaned page into
the bytes of its copy. Plain text (`.txt`, `.text`, optionally `.gz`) is written here; a
format whose files hold many records (JSONL, WARC) adds a writer that collects a file's
records before it is written, keyed the same way.
"""

from __future__ import annotations

import gzip
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from spamdet.ingest import TEXT_SUFFIXES, ancestors


class OutputError(ValueError):
    """The output would overwrite or nest inside the input; the message says what to do."""


def _text_bytes(text: str) -> bytes:
    return text.encode("utf-8")


WRITERS: dict[tuple[str, ...], Callable[[str], bytes]] = {TEXT_SUFFIXES: _text_bytes}
"""File-name suffixes (before any `.gz`) and the function that writes a cleaned page."""


def writer_for(path: Path) -> Callable[[str], bytes]:
    """The writer for `path`'s kind; a file of any other name (`notes.md`, `page.gz`, named
    on the command line) was read as one text page, so its copy is text."""
    name = path.name.lower().removesuffix(".gz")
    for suffixes, writer in WRITERS.items():
        if name.endswith(suffixes):
            return writer
    return _text_bytes


class Inputs:
    """The inputs of a `clean` run and its --out folder, looked up once per run rather than
    once per page (a shell's glob names thousands of files): each input named, by its
    absolute path as walked (a link keeps its own name and place) and resolved, and the
    files among `found` that are links, resolved (where a cleaned copy must not land).
    """

    def __init__(self, roots: Sequence[Path], out_dir: Path, found: Iterable[Path] = ()) -> None:
        self.roots = tuple(roots)
        self.out_dir = out_dir
        self._order = {os.path.abspath(root): n for n, root in reversed(list(enumerate(roots)))}
        folders = {root for root in roots if root.is_dir()}
        self._folders = {os.path.realpath(root) for root in folders}
        self._named_folders = {os.path.abspath(root) for root in folders}
        self._files = {os.path.realpath(root) for root in roots if root not in folders}
        self._files.update(os.path.realpath(path) for path in found if os.path.islink(path))
        self._out = os.path.realpath(out_dir)

    def mirror(self, source: Path) -> Path:
        """Where the cleaned copy of `source` goes: its path under its input (the first
        input named that holds it), under the --out folder. With one input its tree is
        mirrored directly; with several, each under its own name."""
        src = os.path.abspath(source)
        holders = [self._order[at] for at in ancestors(src) if at in self._order]
        if not holders:
            raise OutputError(f"{source} is under none of the inputs")
        root = self.roots[min(holders)]
        base = os.path.abspath(root)
        rel = Path(os.path.relpath(src, base)) if src != base else Path(os.path.basename(src))
        if base in self._named_folders and len(self.roots) > 1:
            rel = Path(os.path.basename(base)) / rel
        return self.out_dir / rel

    def check(self, target: Path) -> None:
        """Refuse a copy that would land in an input folder, on an input file (or the file
        an input link names), or outside the --out folder: `check_output` vetted the folder,
        but a link inside it (`out/sub -> ../in/sub`, `out/sub -> /elsewhere`) or inside the
        input (`in/b.txt -> ../out/a.txt`) leads elsewhere."""
        landing = os.path.join(os.path.realpath(target.parent), target.name)
        for place in {landing, os.path.realpath(target)}:
            if place in self._files:
                raise OutputError(f"{target} would replace the input file {place}: choose "
                                  "another --out folder")
            folder = next((at for at in ancestors(place) if at in self._folders), None)
            if folder is not None:
                raise OutputError(f"{target} leads into the input {folder} (through a link): "
                                  "choose another --out folder")
        if self._out not in ancestors(os.path.dirname(landing)):
            raise OutputError(f"{target} leads out of the --out folder (through a link in "
                              "it): choose another --out folder")


def check_output(inputs: Inputs) -> None:
    """Refuse an output folder that is, contains, or sits inside an input folder."""
    out_dir, roots = inputs.out_dir, inputs.roots
    out = out_dir.resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder: choose a folder")
    for root in roots:
        if not root.is_dir():
            if root.exists() and inputs.mirror(root).resolve() == root.resolve():
                raise OutputError(f"--out {out_dir} would put the copy of {root} over it: "
                                  "choose another folder")
            # another input's copy could land on it (`clean in out/in/a.txt --out out`)
            if any(out in place.parents for place in _places(root)):
                raise OutputError(f"--out {out_dir} contains the input {root}: choose a "
                                  "folder that holds no input")
            continue
        base = root.resolve()
        if out == base or base in out.parents or out in base.parents:
            raise OutputError(f"--out {out_dir} overlaps the input folder {root}: choose a "
                              "folder outside it that does not contain it")
    if len(roots) > 1:
        names = [root.resolve().name for root in roots]
        if len(set(names)) < len(names):
            raise OutputError("two inputs have the same name, so their copies would collide: "
                              "clean them one at a time, each to its own --out folder")


def _places(path: Path) -> set[Path]:
    """Where a file is: the file a link names, and the link's own folder resolved."""
    return {path.resolve(), Path(os.path.abspath(path)).parent.resolve() / path.name}


def write_copy(source: Path, target: Path, text: str) -> None:
    """Write a cleaned page to `target` atomically (temporary file, then rename).

    Compressed if the source is gzip data named `.gz`; never over the source itself.
    """
    if target.resolve() == source.resolve() or (target.exists() and target.samefile(source)):
        raise OutputError(f"{target} is the input itself: choose another --out folder")
    data = writer_for(source)(text)
    if source.name.lower().endswith(".gz") and _gzipped(source):
        data = gzip.compress(data, mtime=0)
    write_atomic(target, data)


def _gzipped(path: Path) -> bool:
    """Whether the file is gzip data (a `.gz` name that holds plain text is copied plain)."""
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def temp_beside(target: Path) -> Path:
    """A fresh hidden name beside `target` for its temporary file, not yet created.

    Callers create it (`open(..., "x")`) inside the `try` that removes it: with
    `tempfile.mkstemp` the file exists before its caller can guard it, and a Ctrl-C landing
    in between left it behind.
    """
    head = os.fsdecode(os.fsencode(target.name)[:200])  # a name has at most 255 bytes
    return target.with_name(f".{head}.{secrets.token_hex(6)}")


@contextmanager
def atomic_file(target: Path, mode: str = "wb", **kwargs: Any) -> Iterator[IO[Any]]:
    """A new file (`mode` `wb` or `w`, `kwargs` as for `open`) that becomes `target` by a
    rename when the block ends: readers see the old file or the whole new one, and an
    error or interruption (Ctrl-C) leaves neither a partial file nor a temporary one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(target)
    try:
        try:
            fh = open(tmp, mode.replace("w", "x"), **kwargs)
        except OSError as exc:  # named by the file asked for, not the temporary one
            raise type(exc)(exc.errno, exc.strerror, str(target)) from None
        with fh:
            yield fh
            _keep_mode(target, fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _keep_mode(target: Path, fd: int) -> None:
    """The permissions of the file `target` replaces (a private report stays private)."""
    try:
        os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
    except FileNotFoundError:
        pass


def write_atomic(target: Path, data: bytes) -> None:
    """`data` to `target` through `atomic_file`."""
    with atomic_file(target) as fh:
        fh.write(data)
