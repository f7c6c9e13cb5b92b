"""Imported by the `--jobs N` fork server when a scan uses the bundled model (`spamdet.pool`):
the model is loaded there once, and every worker forked from the server starts with it,
instead of each receiving it from the scanning process (a 10 MB pickle: about 0.05 s of
that process's time per worker, then 0.09 s in the worker to rebuild it)."""

from __future__ import annotations

from spamdet.model import SpamModel, load_model

MODEL: SpamModel | None
try:
    MODEL = load_model()
except Exception:  # noqa: BLE001 - the server must start: a worker loads it and says why not
    MODEL = None
