"""A model file is an `.npz` of arrays that runs no code when loaded, and still a file whose
sha256 does not match its card, or that has no card, is refused unless the user trusts it;
a trusted file that is not a spamdet `.npz` (a pickle above all) is refused without loading it."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import SAMPLES, run_cli

import spamdet
from spamdet.model import ModelIntegrityError, bundled_model_path


class _Payload:
    """Unpickling this creates a file: proof that loading ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _evil_model(tmp_path: Path, card_sha: str | None = None) -> tuple[Path, Path]:
    marker = tmp_path / "pwned"
    model = tmp_path / "evil.npz"
    model.write_bytes(pickle.dumps(_Payload(marker)))
    if card_sha is not None:
        model.with_suffix(".md").write_text(f"sha256: `{card_sha}`\n", encoding="utf-8")
    return model, marker


def _tampered(tmp_path: Path) -> Path:
    copy = tmp_path / "spamdet.npz"
    copy.write_bytes(bundled_model_path().read_bytes() + b"x")
    shutil.copy(bundled_model_path().with_name("MODEL_CARD.md"), tmp_path / "MODEL_CARD.md")
    return copy


def _refused(result, *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "model refused" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("card", [None, "0" * 64], ids=["no-card", "wrong-sha"])
def test_foreign_pickle_is_refused_before_it_runs(tmp_path: Path, card: str | None) -> None:
    model, marker = _evil_model(tmp_path, card)
    with pytest.raises(ModelIntegrityError, match="card|sha256"):
        spamdet.Detector.load(model)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(model))
    _refused(result, "--trust-model")
    assert not marker.exists(), "the pickle ran"


def test_tampered_model_is_refused_with_the_fix_named(tmp_path: Path) -> None:
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(_tampered(tmp_path)))
    _refused(result, "sha256", "its card says", "--trust-model")


def test_trust_flag_loads_a_file_without_a_matching_card(tmp_path: Path) -> None:
    copy = tmp_path / "mine.npz"
    shutil.copy(bundled_model_path(), copy)  # no card beside it
    assert spamdet.Detector.load(copy, trust=True).scan_text("Hello world.\n").verdict
    with pytest.raises(ModelIntegrityError):
        spamdet.Detector.load(copy)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(copy),
                     "--trust-model")
    assert result.returncode == 0, result.stderr


def _pickle_with_payload(path: Path) -> Path:
    path.write_bytes(pickle.dumps(_Payload(path.with_name("pwned"))))
    return path


@pytest.mark.parametrize("kind", ["garbage", "pickle", "foreign-npz", "object-array", "npy"])
def test_trusted_file_that_is_no_model_is_refused_cleanly(tmp_path: Path, kind: str) -> None:
    model = tmp_path / "other.npz"
    if kind == "garbage":
        model.write_bytes(b"not a model at all")
    elif kind == "pickle":
        _pickle_with_payload(model)
    elif kind == "foreign-npz":
        np.savez(model, weights=np.arange(3.0))
    elif kind == "object-array":
        np.savez(model, meta=np.array([{"format": "spamdet-model/2"}], dtype=object))
    else:
        with open(model, "wb") as fh:
            np.save(fh, np.arange(3))
    with pytest.raises(ModelIntegrityError, match="not a spamdet-model"):
        spamdet.Detector.load(model, trust=True)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(model),
                     "--trust-model")
    _refused(result, "spamdet train")
    assert not (tmp_path / "pwned").exists(), "the pickle ran"


@pytest.mark.parametrize("change", ["segment-width", "tree-feature", "tree-child"])
def test_trusted_model_whose_arrays_disagree_is_refused_on_load(tmp_path: Path,
                                                                change: str) -> None:
    """Loaded with `trust`, a model whose arrays disagree failed only when scanning (deep in
    numpy), or walked a tree off its arrays."""
    from spamdet.model import load_model, model_arrays

    arrays = model_arrays(load_model())
    if change == "segment-width":
        arrays["segment.coef"] = arrays["segment.coef"][:, :-1]
    elif change == "tree-feature":
        arrays["token.feature"] = arrays["token.feature"] + 1
    else:
        arrays["token.child"] = arrays["token.child"] + 2
    model = tmp_path / "edited.npz"
    np.savez(model, **arrays)
    with pytest.raises(ModelIntegrityError, match="not a spamdet-model"):
        spamdet.Detector.load(model, trust=True)
    _refused(run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(model),
                     "--trust-model"), "spamdet train")


def test_saved_model_round_trips_exactly(tmp_path: Path) -> None:
    """The shipped model saved again loads to the same arrays, lexicon and metadata."""
    from spamdet.model import load_model, model_arrays, save_model

    model = load_model()
    copy = tmp_path / "again.npz"
    save_model(model, copy)
    again = load_model(copy, trust=True)
    assert again.lexicon == model.lexicon
    assert again.thresholds == model.thresholds and again.pedigree == model.pedigree
    before, after = model_arrays(model), model_arrays(again)
    assert before.keys() == after.keys()
    for name, array in before.items():
        assert array.dtype == after[name].dtype and np.array_equal(array, after[name]), name


def test_workers_get_the_bundled_model_by_its_sha256() -> None:
    """`--jobs N` sends workers the bundled model's sha256, not the model: a worker uses the
    model its fork server loaded (or loads the file), and refuses a file changed meanwhile.
    A model loaded any other way (a path, `trust`) is sent whole."""
    from spamdet.model import (
        bundled_model,
        bundled_model_path,
        bundled_sha256,
        card_sha256,
        load_model,
    )

    model = load_model()
    sha = bundled_sha256(model)
    assert sha is not None and sha == card_sha256(bundled_model_path())
    assert bundled_model(sha) is model
    assert bundled_sha256(load_model(trust=True)) is None
    assert bundled_sha256(load_model(bundled_model_path())) is None
    with pytest.raises(ModelIntegrityError, match="changed during the scan"):
        bundled_model("0" * 64)
