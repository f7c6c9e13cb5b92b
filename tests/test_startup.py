"""`spamdet scan one.txt` loads only what scanning text needs (issue 5: fast start-up)."""

from __future__ import annotations

import subprocess
import sys

from conftest import SAMPLES

NOT_FOR_TEXT_SCAN = ("datasets", "matplotlib", "selectolax", "warcio", "spamdet.render_html",
                     "spamdet.training", "spamdet.synth", "spamdet.evaluate", "spamdet.card",
                     # the model is plain arrays (spamdet.scorers): no scikit-learn (~1 s to
                     # import: it pulls in scipy.stats and pandas), no scipy, no unpickling
                     "sklearn", "scipy", "pandas", "joblib", "threadpoolctl")

_PROBE = """
import contextlib, io, sys
from spamdet.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["scan", sys.argv[1]])
print(" ".join(sorted(sys.modules)))
"""


def test_text_scan_imports_no_heavy_modules() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SAMPLES / "clean_1.txt")],
                          capture_output=True, text=True, timeout=120, check=True)
    loaded = set(done.stdout.split())
    heavy = [m for m in NOT_FOR_TEXT_SCAN if m in loaded or any(
        name.startswith(m + ".") for name in loaded)]
    assert heavy == []


def test_package_names_load_on_first_use() -> None:
    """`import spamdet` loads no scoring module (so `scan --jobs N` can start its worker
    server first); every public name still resolves, `from spamdet import X` included."""
    probe = ("import sys, spamdet; before = 'spamdet.detector' in sys.modules; "
             "from spamdet import Detector, Span; "
             "print(before, all(getattr(spamdet, n) is not None for n in spamdet.__all__), "
             "Detector.__module__, Span.__module__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.split() == ["False", "True", "spamdet.detector", "spamdet.records"]
