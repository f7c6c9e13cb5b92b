"""Feature matrices from the signal registries: one transformer for segments, one for tokens.

Training and scanning call the same `transform`; feature code is never written twice.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from spamdet.context import PageContext
from spamdet.normalize import compose, has_marks
from spamdet.signals import SEGMENT_SIGNALS, TOKEN_SIGNALS, SegmentView, TokenView, candidates
from spamdet.signals.tokens import TOKEN_COMBOS, Combo

if TYPE_CHECKING:
    import scipy.sparse as sp

HASHED_TEXT = "text_ngrams"
"""Reason id for the summed contribution of the hashed word n-grams."""
HASHED_CHARS = 2000
"""Only the first characters of a segment are hashed (a pasted wall of text costs no more)."""
_WORD = re.compile(r"(?u)\b\w\w+\b")
_BIGRAM_MIX = 0x9E3779B1
"""Odd 32-bit multiplier mixing a bigram's first word hash before adding the second's."""


class _WordHashes(dict):
    """crc32 of each word's utf-8, computed once per word per batch."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8"))
        return value


@dataclass(frozen=True)
class SegmentRows:
    """Segment features of a batch: dense named signals, then hashed n-gram counts (l2 per row).

    signals: (rows, signals) float32. Row r's hashed columns are `indices[indptr[r]:indptr[r+1]]`
    (sorted, unique, in [0, n_hash)) with values `values[...]`: the CSR layout, kept as plain
    arrays so scanning needs no scipy; `to_csr` builds the matrix training fits on.
    """

    signals: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray
    n_hash: int

    def __len__(self) -> int:
        return len(self.signals)

    def hashed_dot(self, weights: np.ndarray) -> np.ndarray:
        """(rows, k) products of the hashed columns with `weights` of shape (k, n_hash)."""
        row_of = np.repeat(np.arange(len(self), dtype=np.intp), np.diff(self.indptr))
        products = weights[:, self.indices] * self.values
        return np.stack([np.bincount(row_of, weights=p, minlength=len(self)) for p in products],
                        axis=1).reshape(len(self), len(weights))

    def to_csr(self) -> sp.csr_matrix:
        """Signals then hashed columns as one CSR matrix (training; imports scipy)."""
        import scipy.sparse as sp

        hashed = sp.csr_matrix((self.values, self.indices, self.indptr),
                               shape=(len(self), self.n_hash), dtype=np.float32)
        return sp.hstack([sp.csr_matrix(self.signals), hashed], format="csr", dtype=np.float32)


def hashed_ngrams(texts: Sequence[str], n_hash: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word 1-2-gram counts hashed into `n_hash` buckets, l2-normalised per text (CSR arrays).

    Words are lower-case `\\w\\w+` runs of the text composed (NFC, `normalize.compose`: a
    combining mark would end a run); a word's hash is the crc32 of its utf-8 (stable
    across runs and machines), a bigram's mixes its two word hashes.
    """
    hashes = _WordHashes()
    words: list[str] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for row, text in enumerate(texts):
        head = text[:HASHED_CHARS]
        if not head.isascii() and has_marks(head):
            head = compose(text[: HASHED_CHARS * 2])[:HASHED_CHARS]
        found = _WORD.findall(head.lower())
        words += found
        lengths[row] = len(found)
    word_ids = np.fromiter(map(hashes.__getitem__, words), dtype=np.uint64, count=len(words))
    row_of = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    paired = row_of[:-1] == row_of[1:]
    bigram_ids = ((word_ids[:-1] * np.uint64(_BIGRAM_MIX) + word_ids[1:])
                  & np.uint64(0xFFFFFFFF))[paired]
    buckets = np.concatenate([word_ids, bigram_ids]) % np.uint64(n_hash)
    keys = np.concatenate([row_of, row_of[:-1][paired]]) * n_hash + buckets.astype(np.int64)
    unique, counts = np.unique(keys, return_counts=True)
    row_of = unique // n_hash
    values = counts.astype(np.float64)
    norms = np.sqrt(np.bincount(row_of, weights=values**2, minlength=len(texts)))
    values /= norms[row_of]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=len(texts)), out=indptr[1:])
    return indptr, (unique % n_hash).astype(np.int32), values.astype(np.float32)


def signal_matrix(fns: Sequence, views: Sequence, combos: Mapping[str, Combo] | None = None
                  ) -> np.ndarray:
    """One column per signal, filled by `map` over the views (no per-cell loop in Python).
    A signal in `combos` whose parts all have their own columns is their min/max, column-wise."""
    combos = combos or {}
    out = np.empty((len(views), len(fns)), dtype=np.float32)
    at = {fn.__name__: j for j, fn in enumerate(fns)}
    later = []
    for j, fn in enumerate(fns):
        combo = combos.get(fn.__name__)
        if combo is not None and all(n in at and n not in combos for n in _leaves(combo)):
            later.append((j, combo))
        else:
            out[:, j] = list(map(fn, views))
    for j, combo in later:
        out[:, j] = _combined(combo, out, at)
    return out


def _leaves(combo: Combo) -> Iterator[str]:
    for part in combo[1:]:
        if isinstance(part, tuple):
            yield from _leaves(part)
        else:
            yield part


def _combined(combo: Combo, out: np.ndarray, at: Mapping[str, int]) -> np.ndarray:
    how, *parts = combo
    columns = [_combined(p, out, at) if isinstance(p, tuple) else out[:, at[p]] for p in parts]
    return (np.minimum if how == "min" else np.maximum).reduce(columns)


def _pinned(requested: tuple[str, ...] | None, registry: dict) -> tuple[str, ...]:
    """The signal names a fitted transformer keeps, so a saved model never sees new columns."""
    names = requested if requested is not None else tuple(registry)
    unknown = set(names) - set(registry)
    if unknown:
        raise ValueError(f"unknown signals {sorted(unknown)}: see spamdet.signals, or retrain")
    return names


class TokenFeatures:
    """Token signals as a dense matrix, one row per candidate `TokenView`.

    A scikit-learn style transformer (`fit` returns self, fitted attributes end in `_`)
    without scikit-learn's base classes, so scanning does not import it.
    """

    def __init__(self, signals: tuple[str, ...] | None = None) -> None:
        self.signals = signals

    def _names(self) -> tuple[str, ...]:
        return self.signals_

    def fit(self, views: Sequence[TokenView], y: object = None) -> TokenFeatures:
        self.signals_ = _pinned(self.signals, TOKEN_SIGNALS)
        self.n_features_in_ = len(self.signals_)
        return self

    def signal_names(self) -> tuple[str, ...]:
        return self._names()

    def transform(self, views: Sequence[TokenView]) -> np.ndarray:
        return signal_matrix([TOKEN_SIGNALS[n] for n in self._names()], views, TOKEN_COMBOS)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(self._names(), dtype=object)


class SegmentFeatures:
    """Segment signals followed by hashed word 1-2-grams (`hashed_ngrams`), per `SegmentView`.

    Training fits on `transform(...).to_csr()`; scanning scores the `SegmentRows` directly.
    """

    def __init__(self, signals: tuple[str, ...] | None = None, n_hash: int = 2**18) -> None:
        self.signals = signals
        self.n_hash = n_hash

    def _names(self) -> tuple[str, ...]:
        return self.signals_

    def signal_names(self) -> tuple[str, ...]:
        """The named signal columns (the hashed columns follow them)."""
        return self._names()

    def fit(self, views: Sequence[SegmentView], y: object = None) -> SegmentFeatures:
        self.signals_ = _pinned(self.signals, SEGMENT_SIGNALS)
        self.n_signals_ = len(self.signals_)
        return self

    def transform(self, views: Sequence[SegmentView]) -> SegmentRows:
        dense = signal_matrix([SEGMENT_SIGNALS[n] for n in self._names()], views)
        hashed = hashed_ngrams([view.seg.text for view in views], self.n_hash)
        return SegmentRows(dense, *hashed, self.n_hash)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        hashed = [f"{HASHED_TEXT}_{i}" for i in range(self.n_hash)]
        return np.array([*self._names(), *hashed], dtype=object)


def views_of(contexts: Sequence[PageContext],
             closed: Sequence[Collection[int]] | None = None
             ) -> tuple[list[SegmentView], list[TokenView]]:
    """All segment views, and the candidate token views, of a batch of pages; `closed[n]`
    names segments of page n whose tokens are not wanted (a gate rules them out)."""
    seg_views: list[SegmentView] = []
    tok_views: list[TokenView] = []
    for n, ctx in enumerate(contexts):
        shut = closed[n] if closed is not None else ()
        for seg in ctx.page.segments:
            lay = ctx.layouts[seg.index]
            seg_views.append(SegmentView.of(ctx, seg))
            if seg.index not in shut:
                tok_views.extend(TokenView(ctx, seg, lay, i, lay.tokens[i])
                                 for i in candidates(ctx, seg, lay))
    return seg_views, tok_views
