"""Feature matrices from the signal registries: one transformer for segments, one for tokens.

Training and scanning call the same `transform`; feature code is never written twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer

from spamdet.context import PageContext
from spamdet.signals import SEGMENT_SIGNALS, TOKEN_SIGNALS, SegmentView, TokenView, candidates

HASHED_TEXT = "text_ngrams"
"""Reason id for the summed contribution of the hashed word n-grams."""


def _signal_matrix(fns: Sequence, views: Sequence) -> np.ndarray:
    if not views:
        return np.zeros((0, len(fns)), dtype=np.float32)
    return np.array([[fn(view) for fn in fns] for view in views], dtype=np.float32)


def _pinned(requested: tuple[str, ...] | None, registry: dict) -> tuple[str, ...]:
    """The signal names a fitted transformer keeps, so a saved model never sees new columns."""
    names = requested if requested is not None else tuple(registry)
    unknown = set(names) - set(registry)
    if unknown:
        raise ValueError(f"unknown signals {sorted(unknown)}: see spamdet.signals, or retrain")
    return names


class TokenFeatures(TransformerMixin, BaseEstimator):
    """Token signals as a dense matrix, one row per candidate `TokenView`."""

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
        return _signal_matrix([TOKEN_SIGNALS[n] for n in self._names()], views)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array(self._names(), dtype=object)


class SegmentFeatures(TransformerMixin, BaseEstimator):
    """Segment signals followed by hashed word 1-2-grams, one sparse row per `SegmentView`."""

    def __init__(self, signals: tuple[str, ...] | None = None, n_hash: int = 2**18) -> None:
        self.signals = signals
        self.n_hash = n_hash

    def _names(self) -> tuple[str, ...]:
        return self.signals_

    def signal_names(self) -> tuple[str, ...]:
        """The named signal columns (the hashed columns follow them)."""
        return self._names()

    def _hasher(self) -> HashingVectorizer:
        return HashingVectorizer(
            n_features=self.n_hash, ngram_range=(1, 2), alternate_sign=False, norm="l2",
            dtype=np.float32,
        )

    def fit(self, views: Sequence[SegmentView], y: object = None) -> SegmentFeatures:
        self.signals_ = _pinned(self.signals, SEGMENT_SIGNALS)
        self.n_signals_ = len(self.signals_)
        return self

    def transform(self, views: Sequence[SegmentView]) -> sp.csr_matrix:
        dense = _signal_matrix([SEGMENT_SIGNALS[n] for n in self._names()], views)
        if not views:
            return sp.csr_matrix((0, dense.shape[1] + self.n_hash), dtype=np.float32)
        hashed = self._hasher().transform([view.seg.text[:2000] for view in views])
        return sp.hstack([sp.csr_matrix(dense), hashed], format="csr", dtype=np.float32)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        hashed = [f"{HASHED_TEXT}_{i}" for i in range(self.n_hash)]
        return np.array([*self._names(), *hashed], dtype=object)


def views_of(contexts: Sequence[PageContext]) -> tuple[list[SegmentView], list[TokenView]]:
    """All segment views, and the candidate token views, of a batch of pages."""
    seg_views: list[SegmentView] = []
    tok_views: list[TokenView] = []
    for ctx in contexts:
        for seg in ctx.page.segments:
            lay = ctx.layouts[seg.index]
            seg_views.append(SegmentView.of(ctx, seg))
            tok_views.extend(TokenView(ctx, seg, lay, i, lay.tokens[i])
                             for i in candidates(ctx, seg, lay))
    return seg_views, tok_views
