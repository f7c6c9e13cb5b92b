"""Headless Chromium for the HTML report tests, and a small DOM reader for what it dumps.

Tests skip when no Chromium binary is found (`.ci/run` installs Debian's `chromium`);
`SPAMDET_CHROMIUM` names another binary.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
TIMEOUT = 120


def chromium_binary() -> str | None:
    names = [os.environ.get("SPAMDET_CHROMIUM", ""), "chromium", "chromium-browser",
             "google-chrome", "google-chrome-stable"]
    return next((path for name in names if name and (path := shutil.which(name))), None)


needs_chromium = pytest.mark.skipif(chromium_binary() is None,
                                    reason="no chromium binary (apt-get install chromium)")


def run_chromium(url: str, profile: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Chromium on `url` with a throw-away profile; its whole process group dies on timeout."""
    binary = chromium_binary()
    assert binary is not None
    command = [binary, *FLAGS, f"--user-data-dir={profile}", *flags, url]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def dump_dom(url: str, profile: Path) -> str:
    """The DOM after the page's scripts ran, as Chromium serialises it."""
    result = run_chromium(url, profile, "--dump-dom", "--virtual-time-budget=5000")
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "path", "rect", "line", "circle"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.all: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        self.all.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        self.all.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse_dom(markup: str) -> list[Element]:
    """Every element of `markup`, in document order, with its text content."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader.all


def by_id(elements: list[Element], ident: str) -> Element:
    found = [e for e in elements if e.attrs.get("id") == ident]
    assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
    return found[0]
