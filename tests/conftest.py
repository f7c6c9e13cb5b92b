"""Shared fixtures. Tests use the shipped model (`Detector.load()`) unless they say otherwise;
tests marked `shared` need ../shared and skip cleanly without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import spamdet

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "scraped_ap_injected.txt"
SAMPLES = ROOT / "data" / "samples"
CASES = Path(__file__).resolve().parent / "cases"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} absent (CI has ../shared)")


@pytest.fixture(scope="session")
def detector() -> spamdet.Detector:
    """The shipped model, loaded once per session."""
    return spamdet.Detector.load()


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None
            ) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess (`input`: its standard input)."""
    return subprocess.run([sys.executable, "-m", "spamdet", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=300, input=input)
