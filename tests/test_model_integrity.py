"""A model file is a pickle, and a pickle runs code when loaded: a file whose sha256 does not
match its card, or that has no card, is refused before unpickling unless the user trusts it."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import joblib
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
    model = tmp_path / "evil.joblib"
    model.write_bytes(pickle.dumps(_Payload(marker)))
    if card_sha is not None:
        model.with_suffix(".md").write_text(f"sha256: `{card_sha}`\n", encoding="utf-8")
    return model, marker


def _tampered(tmp_path: Path) -> Path:
    copy = tmp_path / "spamdet.joblib"
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
    with pytest.raises(ModelIntegrityError, match="pickle|sha256"):
        spamdet.Detector.load(model)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(model))
    _refused(result, "--trust-model")
    assert not marker.exists(), "the pickle ran"


def test_tampered_model_is_refused_with_the_fix_named(tmp_path: Path) -> None:
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(_tampered(tmp_path)))
    _refused(result, "sha256", "its card says", "--trust-model")


def test_trust_flag_loads_a_file_without_a_matching_card(tmp_path: Path) -> None:
    copy = tmp_path / "mine.joblib"
    shutil.copy(bundled_model_path(), copy)  # no card beside it
    assert spamdet.Detector.load(copy, trust=True).scan_text("Hello world.\n").verdict
    with pytest.raises(ModelIntegrityError):
        spamdet.Detector.load(copy)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(copy),
                     "--trust-model")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("content", [b"not a pickle at all", None], ids=["garbage", "foreign"])
def test_trusted_file_that_is_no_model_is_refused_cleanly(tmp_path: Path,
                                                          content: bytes | None) -> None:
    model = tmp_path / "other.joblib"
    if content is None:
        joblib.dump({"format": "someone-else/3", "model": [1, 2, 3]}, model)
    else:
        model.write_bytes(content)
    with pytest.raises(ModelIntegrityError):
        spamdet.Detector.load(model, trust=True)
    result = run_cli("scan", str(SAMPLES / "clean_1.txt"), "--model", str(model),
                     "--trust-model")
    _refused(result, "spamdet train")
