"""An HTML block's exempt ranges cost work in proportion to the block, not to its square:
every candidate token used to be tested against every exempt range of its block
(`score._open_tokens`, `score.close_gates`), and every chunk of a block against every glued
word (`overlay.unattached`). Counts comparisons of range bounds, not seconds."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import numpy as np
import pytest

from spamdet import overlay, score
from spamdet.score import Gate

SMALL, LARGE = 500, 4000
MAX_GROWTH = 16
"""Allowed growth of the work for 8x the ranges: n log n gives about 11, quadratic 64."""


class Bound(int):
    """A range bound that counts the comparisons made with it."""

    calls: Counter[str] = Counter()

    def _count(self, other: object, op: str) -> bool:
        Bound.calls["compare"] += 1
        return bool(getattr(int(self), op)(other))

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        return self._count(other, "__lt__")

    def __le__(self, other: object) -> bool:  # type: ignore[override]
        return self._count(other, "__le__")

    def __gt__(self, other: object) -> bool:  # type: ignore[override]
        return self._count(other, "__gt__")

    def __ge__(self, other: object) -> bool:  # type: ignore[override]
        return self._count(other, "__ge__")


def block(n: int) -> tuple[list[SimpleNamespace], Gate]:
    """One block of n candidate tokens, every other one inside an exempt range of its own."""
    ctx = SimpleNamespace()
    seg = SimpleNamespace(index=0)
    views = [SimpleNamespace(ctx=ctx, seg=seg, tok=SimpleNamespace(start=10 * k))
             for k in range(n)]
    exempt = tuple((0, Bound(10 * k), Bound(10 * k + 5)) for k in range(0, n, 2))
    return views, Gate(exempt=exempt)


def gate_work(n: int) -> int:
    views, gate = block(n)
    Bound.calls.clear()
    kept = score._open_tokens(views, [views[0].ctx], [gate])  # type: ignore[arg-type]
    assert len(kept) == n // 2
    scores = SimpleNamespace(seg_rows=[0], seg_p=np.zeros((1, 3)), tok_p=np.ones(n),
                             tokens_of={(0, 0): list(range(n))}, tok_views=views)
    score.close_gates(scores, [gate])  # type: ignore[arg-type]
    assert scores.tok_p.sum() == n // 2
    return Bound.calls["compare"]


def test_exempt_ranges_grow_n_log_n() -> None:
    small, large = gate_work(SMALL), gate_work(LARGE)
    assert small > 0
    assert large <= MAX_GROWTH * small, (small, large)


def unattached_work(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """A paragraph of n chunks (`word,Glued | plain words | …`), every other one glued."""
    text = " | ".join(f"word,Glued{k}" if k % 2 else f"plain words {k}" for k in range(n))
    glued = overlay.glued_words(text)
    Bound.calls.clear()
    with monkeypatch.context() as patch:
        patch.setattr(overlay, "glued_words",
                      lambda text: [(Bound(s), Bound(e)) for s, e in glued])
        chunks = overlay.unattached(text)
    assert len(chunks) == (n + 1) // 2
    return Bound.calls["compare"]


def test_unattached_grows_n_log_n(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = unattached_work(SMALL, monkeypatch), unattached_work(LARGE, monkeypatch)
    assert small > 0
    assert large <= MAX_GROWTH * small, (small, large)
