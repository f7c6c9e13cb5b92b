"""The trained artefact: two classifiers, their features, thresholds, and where they came from.

A joblib file is a pickle, and a pickle runs code when loaded, so `load_model`
checks the file's sha256 against the model card beside it before unpickling.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from scipy.special import expit
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from threadpoolctl import ThreadpoolController

from spamdet.features import SegmentFeatures, TokenFeatures
from spamdet.lexicon import Lexicon

log = logging.getLogger(__name__)

MODEL_FORMAT = "spamdet-model/1"
MODEL_FILE = "spamdet.joblib"
CARD_FILE = "MODEL_CARD.md"
SEGMENT_CLASSES = ("clean", "promo", "residue")
_CARD_SHA = re.compile(r"^sha256:\s*`?([0-9a-f]{64})`?", re.M)
_THREADS = ThreadpoolController()
"""Cached once: building a controller costs ms, entering its limit costs µs."""


class ModelIntegrityError(RuntimeError):
    """The model file does not match its card, or has no card to match."""


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds chosen on validation data (see the model card).

    token: probability from which a token is an injection.
    promo: probability from which a segment is promotion.
    page_scale, page_offset: Platt calibration of the page margin into a probability.
    """

    token: float
    promo: float
    page_scale: float = 1.0
    page_offset: float = 0.0


@dataclass(frozen=True)
class Pedigree:
    """Where a model came from: enough to reproduce and to judge it."""

    sklearn_version: str
    command: str
    data: str
    seed: int
    metrics: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SpamModel:
    """Everything scoring needs, fitted together by `spamdet.training`."""

    lexicon: Lexicon
    segment_features: SegmentFeatures
    token_features: TokenFeatures
    segment_clf: LogisticRegression
    token_clf: LogisticRegression | HistGradientBoostingClassifier
    thresholds: Thresholds
    pedigree: Pedigree

    def segment_proba(self, X: sp.csr_matrix) -> np.ndarray:
        """Class probabilities (`SEGMENT_CLASSES` order) by a dot product, not `predict_proba`."""
        logits = X @ self.segment_clf.coef_.T.astype(np.float32) + self.segment_clf.intercept_
        logits = np.asarray(logits)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def token_logit(self, X: np.ndarray) -> np.ndarray:
        if len(X) == 0:
            return np.zeros(0)
        if isinstance(self.token_clf, LogisticRegression):
            return X @ self.token_clf.coef_[0] + self.token_clf.intercept_[0]
        # One OpenMP thread: on a busy machine the trees' per-call thread team spin-waits and
        # a one-row call (occlusion, per segment) went from 1 ms to 3 s; processes scale instead.
        with _THREADS.limit(limits=1, user_api="openmp"):
            return self.token_clf.decision_function(X)

    def token_proba(self, X: np.ndarray) -> np.ndarray:
        return expit(self.token_logit(X))

    def token_contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row and signal, how much the logit falls when that signal is switched off.

        For a linear model that is weight times value; for trees it is measured by
        occlusion, all rows and signals in one call.
        """
        if isinstance(self.token_clf, LogisticRegression):
            return X * self.token_clf.coef_[0]
        rows, cols = np.nonzero(X)
        occluded = X[rows].copy()
        occluded[np.arange(len(rows)), cols] = 0.0
        contrib = np.zeros_like(X, dtype=np.float64)
        if len(rows):
            base = self.token_logit(X)
            contrib[rows, cols] = base[rows] - self.token_logit(occluded)
        return contrib


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_model_path() -> Path:
    return Path(str(resources.files("spamdet.models").joinpath(MODEL_FILE)))


def card_path(model_path: Path) -> Path:
    """The card beside a model: `MODEL_CARD.md` for the bundled name, else `NAME.md`."""
    if model_path.name == MODEL_FILE:
        return model_path.with_name(CARD_FILE)
    return model_path.with_suffix(".md")


def card_sha256(model_path: Path) -> str | None:
    """The sha256 the model card beside `model_path` declares, if any."""
    card = card_path(model_path)
    if not card.exists():
        return None
    match = _CARD_SHA.search(card.read_text("utf-8"))
    return match.group(1) if match else None


def save_model(model: SpamModel, path: Path) -> str:
    """Write the model atomically; returns its sha256 for the card."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    joblib.dump({"format": MODEL_FORMAT, "model": model}, tmp, compress=3)
    tmp.replace(path)
    return sha256_of(path)


def load_model(path: str | Path | None = None, trust: bool = False) -> SpamModel:
    """Load a model after checking its sha256 against its card (unless `trust` is set)."""
    model_path = Path(path) if path is not None else bundled_model_path()
    if not model_path.is_file():
        raise FileNotFoundError(
            f"no model at {model_path}: train one with `python train.py` or pass a model path"
        )
    if not trust:
        expected = card_sha256(model_path)
        if expected is None:
            raise ModelIntegrityError(
                f"{model_path} has no model card with a sha256 line beside it; a model file is "
                "a pickle that runs code when loaded. Pass trust=True (--trust-model) only for "
                "a file you built yourself."
            )
        actual = sha256_of(model_path)
        if actual != expected:
            raise ModelIntegrityError(
                f"{model_path} has sha256 {actual} but its card says {expected}: the file was "
                "changed or replaced. Retrain, restore the file, or pass trust=True "
                "(--trust-model) if you built it yourself."
            )
    try:
        payload = joblib.load(model_path)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means "not a model"
        raise ModelIntegrityError(
            f"{model_path} cannot be loaded as a model ({type(exc).__name__}: {exc}); "
            "give a file written by `spamdet train`"
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        raise ModelIntegrityError(
            f"{model_path} is not a {MODEL_FORMAT} file: give a file written by `spamdet train`")
    model = payload["model"]
    if model.pedigree.sklearn_version != sklearn.__version__:
        log.warning(
            "model was trained with scikit-learn %s, running %s; retrain if scores look off",
            model.pedigree.sklearn_version, sklearn.__version__,
        )
    return model
