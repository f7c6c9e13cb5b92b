"""The trained artefact: two scorers, their features, thresholds, and where they came from.

The model file is an `.npz` of plain arrays plus one JSON metadata entry, loaded with
`allow_pickle=False`: loading it runs no code and needs no scikit-learn. `load_model` still
checks its sha256 against the model card beside it, so a swapped file is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import re
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from spamdet import bundled
from spamdet.features import SegmentFeatures, SegmentRows, TokenFeatures
from spamdet.lexicon import Lexicon
from spamdet.scorers import LinearScorer, TreeScorer, rowwise_dot, sigmoid

log = logging.getLogger(__name__)

MODEL_FORMAT = "spamdet-model/2"
MODEL_FILE = "spamdet.npz"
CARD_FILE = "MODEL_CARD.md"
SEGMENT_CLASSES = ("clean", "promo", "residue")
_CARD_SHA = re.compile(r"^sha256:\s*`?([0-9a-f]{64})`?", re.M)
_NODE_ARRAYS = ("feature", "threshold", "child", "missing_left", "value")
"""The token trees' arrays with one entry per node; `root` and `depth` have one per tree."""
_TREE_ARRAYS = (*_NODE_ARRAYS, "root", "depth")


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
    segment_clf: LinearScorer
    token_clf: LinearScorer | TreeScorer
    thresholds: Thresholds
    pedigree: Pedigree

    def segment_logits(self, X: SegmentRows) -> np.ndarray:
        """(rows, classes) logits: named signals times their weights plus the hashed n-grams'."""
        coef = self.segment_clf.coef
        n_signals = X.signals.shape[1]
        return (rowwise_dot(X.signals, coef[:, :n_signals]) + X.hashed_dot(coef[:, n_signals:])
                + self.segment_clf.intercept)

    def segment_proba(self, X: SegmentRows) -> np.ndarray:
        """Class probabilities (`SEGMENT_CLASSES` order): the softmax of `segment_logits`."""
        logits = self.segment_logits(X)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def token_logit(self, X: np.ndarray) -> np.ndarray:
        """Token logits; trees with a screen stop the clearly clean rows early (exact for the
        rest: `TreeScorer.screened_logit`)."""
        if len(X) == 0:
            return np.zeros(0)
        if isinstance(self.token_clf, TreeScorer):
            return self.token_clf.screened_logit(X)
        return self.token_clf.logit(X)

    def token_proba(self, X: np.ndarray) -> np.ndarray:
        return sigmoid(self.token_logit(X))

    def token_contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row and signal, how much the logit falls when that signal is switched off.

        For a linear model that is weight times value; for trees it is measured by
        occlusion, all rows and signals in one call.
        """
        return self.token_clf.contributions(X)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def bundled_model_path() -> Path:
    return Path(str(bundled.files("spamdet.models").joinpath(MODEL_FILE)))


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
    try:
        match = _CARD_SHA.search(card.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelIntegrityError(f"the model card {card} cannot be read ({exc}): restore it, "
                                  "or pass trust=True (--trust-model) for a file you built "
                                  "yourself") from None
    return match.group(1) if match else None


def _text_blob(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _blob_text(blob: np.ndarray) -> str:
    return blob.tobytes().decode("utf-8")


def _lexicon_arrays(lexicon: Lexicon) -> tuple[dict[str, np.ndarray], dict[str, list[str]]]:
    """Word -> value tables as a newline-joined word blob and a float64 array (exact values);
    word sets as sorted lists for the JSON metadata."""
    arrays: dict[str, np.ndarray] = {}
    lists: dict[str, list[str]] = {}
    for item in dataclasses.fields(lexicon):
        value = getattr(lexicon, item.name)
        if isinstance(value, dict):
            if any("\n" in word for word in value):
                raise ValueError(f"lexicon {item.name} has a word with a newline: cannot save")
            arrays[f"lexicon.{item.name}.words"] = _text_blob("\n".join(value))
            arrays[f"lexicon.{item.name}.values"] = np.fromiter(
                value.values(), dtype=np.float64, count=len(value))
        else:
            lists[item.name] = sorted(value)
    return arrays, lists


def _lexicon_of(arrays: dict[str, np.ndarray], lists: dict[str, list[str]]) -> Lexicon:
    values: dict[str, object] = {}
    for item in dataclasses.fields(Lexicon):
        if item.name in lists:
            values[item.name] = frozenset(lists[item.name])
        else:
            scores = arrays[f"lexicon.{item.name}.values"].tolist()
            text = _blob_text(arrays[f"lexicon.{item.name}.words"])
            words = text.split("\n") if scores else []  # "" alone is one empty word
            values[item.name] = dict(zip(words, scores, strict=True))
    return Lexicon(**values)  # type: ignore[arg-type]


def model_arrays(model: SpamModel) -> dict[str, np.ndarray]:
    """Everything in `model` as named arrays; `meta` is the JSON metadata as utf-8 bytes."""
    arrays, lists = _lexicon_arrays(model.lexicon)
    arrays["segment.coef"] = model.segment_clf.coef
    arrays["segment.intercept"] = model.segment_clf.intercept
    token = model.token_clf
    if isinstance(token, TreeScorer):
        kind = "trees"
        for name in _TREE_ARRAYS:
            arrays[f"token.{name}"] = getattr(token, name)
        arrays["token.baseline"] = np.array([token.baseline])
        arrays["token.screen"] = np.array(token.screens, dtype=np.float64).reshape(-1, 2)
    else:
        kind = "linear"
        arrays["token.coef"], arrays["token.intercept"] = token.coef, token.intercept
    meta = {
        "format": MODEL_FORMAT,
        "token_model": kind,
        "segment_signals": list(model.segment_features.signal_names()),
        "token_signals": list(model.token_features.signal_names()),
        "n_hash": model.segment_features.n_hash,
        "thresholds": dataclasses.asdict(model.thresholds),
        "pedigree": dataclasses.asdict(model.pedigree),
        "lexicon_lists": lists,
    }
    arrays["meta"] = _text_blob(json.dumps(meta, sort_keys=True, default=_plain))
    return arrays


def model_from_arrays(arrays: dict[str, np.ndarray]) -> SpamModel:
    """The inverse of `model_arrays`; KeyError/ValueError when something is missing."""
    meta = json.loads(_blob_text(arrays["meta"]))
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a {MODEL_FORMAT} file")
    segment_features = SegmentFeatures(tuple(meta["segment_signals"]), meta["n_hash"]).fit([])
    token_features = TokenFeatures(tuple(meta["token_signals"])).fit([])
    segment = LinearScorer(arrays["segment.coef"], arrays["segment.intercept"])
    token: LinearScorer | TreeScorer
    if meta["token_model"] == "trees":
        nodes = {name: arrays[f"token.{name}"] for name in _TREE_ARRAYS}
        # (checkpoints, 2); one checkpoint as a flat pair, [0, -inf] for none, or absent in
        # older files
        screen = arrays.get("token.screen", np.zeros((0, 2))).reshape(-1, 2)
        screens = tuple((int(trees), float(cut)) for trees, cut in screen if trees > 0)
        token = TreeScorer(**nodes, baseline=float(arrays["token.baseline"][0]), screens=screens)
    else:
        token = LinearScorer(arrays["token.coef"], arrays["token.intercept"])
    _check_shapes(segment, token, len(segment_features.signal_names()) + segment_features.n_hash,
                  len(token_features.signal_names()))
    return SpamModel(_lexicon_of(arrays, meta["lexicon_lists"]), segment_features,
                     token_features, segment, token, Thresholds(**meta["thresholds"]),
                     Pedigree(**meta["pedigree"]))


def _check_shapes(segment: LinearScorer, token: LinearScorer | TreeScorer, segment_width: int,
                  token_width: int) -> None:
    """ValueError when the arrays disagree with each other or with the signals the file
    names: such a file (edited, or built by hand and loaded with `trust`) failed only when
    scanning, deep in numpy, or walked a tree off its arrays."""
    if segment.coef.shape != (len(SEGMENT_CLASSES), segment_width) or \
            segment.intercept.shape != (len(SEGMENT_CLASSES),):
        raise ValueError(f"segment weights of shape {segment.coef.shape} and "
                         f"{segment.intercept.shape}, for {len(SEGMENT_CLASSES)} classes and "
                         f"{segment_width} features")
    if isinstance(token, LinearScorer):
        if token.coef.ndim != 2 or token.coef.shape[1] != token_width:
            raise ValueError(f"token weights of shape {token.coef.shape} for {token_width} "
                             "signals")
        return
    nodes = len(token.feature)
    if any(getattr(token, name).shape != (nodes,) for name in _NODE_ARRAYS) or \
            token.root.shape != token.depth.shape or token.root.ndim != 1:
        raise ValueError("token tree arrays of different lengths")
    split = np.isfinite(token.threshold)  # a leaf is its own child; a split's are adjacent
    if nodes and (token.feature.min() < 0 or token.feature.max() >= token_width
                  or token.child.min() < 0 or token.child.max() >= nodes
                  or (token.child[split] + 1 >= nodes).any()
                  or token.root.min() < 0 or token.root.max() >= nodes):
        raise ValueError(f"token trees that name a signal past {token_width} or a node past "
                         f"{nodes}")


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """All arrays of an `.npz`; never unpickles (a pickle or object array is a ValueError)."""
    loaded = np.load(path, allow_pickle=False)
    if not isinstance(loaded, np.lib.npyio.NpzFile):
        raise ValueError("a single .npy array, not an .npz archive")
    with loaded:
        return {name: loaded[name] for name in loaded.files}


def _plain(value: object) -> object:
    """JSON for numpy scalars in metrics."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def save_model(model: SpamModel, path: Path) -> str:
    """Write the model atomically as a compressed `.npz`; returns its sha256 for the card."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **model_arrays(model))  # type: ignore[arg-type]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)
    return sha256_of(path)


_BUNDLED: weakref.WeakValueDictionary[str, SpamModel] = weakref.WeakValueDictionary()
"""The models loaded from the bundled file with its sha256 checked, by that sha256."""


def bundled_sha256(model: SpamModel) -> str | None:
    """The sha256 of the bundled file `model` was loaded from (its card checked), else None:
    a worker process can then load that file (`bundled_model`) instead of receiving the model."""
    return next((sha for sha, known in _BUNDLED.items() if known is model), None)


def bundled_model(sha: str) -> SpamModel:
    """The bundled model whose file has sha256 `sha`: the one this process already holds
    (a `--jobs N` worker inherits the fork server's, `spamdet.warm`), else loaded now."""
    model = _BUNDLED.get(sha) or load_model()
    if _BUNDLED.get(sha) is not model:
        raise ModelIntegrityError(f"{bundled_model_path()} changed during the scan (its sha256 "
                                  f"is no longer {sha}): scan again")
    return model


def load_model(path: str | Path | None = None, trust: bool = False) -> SpamModel:
    """Load a model after checking its sha256 against its card (unless `trust` is set)."""
    if not isinstance(trust, bool):  # `trust="no"` would read as True
        raise TypeError(f"trust must be True or False, got {trust!r}")
    model_path = Path(path) if path is not None else bundled_model_path()
    if not model_path.is_file():
        raise FileNotFoundError(
            f"no model at {model_path}: train one with `python train.py` or pass a model path"
        )
    if not trust:
        expected = card_sha256(model_path)
        if expected is None:
            raise ModelIntegrityError(
                f"{model_path} has no model card with a sha256 line beside it, so nothing "
                "vouches for its weights. Pass trust=True (--trust-model) only for a file you "
                "built yourself."
            )
        actual = sha256_of(model_path)
        if actual != expected:
            raise ModelIntegrityError(
                f"{model_path} has sha256 {actual} but its card says {expected}: the file was "
                "changed or replaced. Retrain, restore the file, or pass trust=True "
                "(--trust-model) if you built it yourself."
            )
    try:
        model = model_from_arrays(_read_npz(model_path))
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile,
            UnicodeDecodeError) as exc:  # EOFError: an empty file
        raise ModelIntegrityError(
            f"{model_path} is not a {MODEL_FORMAT} model file ({type(exc).__name__}: {exc}); "
            "give a .npz written by `spamdet train`"
        ) from exc
    if path is None and not trust:
        _BUNDLED[actual] = model
    return model
