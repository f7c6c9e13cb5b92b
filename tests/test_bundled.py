"""Bundled files are found installed and from a source checkout that shadows the install."""

from __future__ import annotations

from importlib import resources

import pytest

from spamdet import bundled


@pytest.mark.parametrize("package, name", [
    ("spamdet.models", "MODEL_CARD.md"),
    ("spamdet.data.corpus", "articles.jsonl"),
    ("spamdet.data.lexicons", "places.txt"),
])
def test_bundled_files_with_and_without_the_mapped_packages(
        monkeypatch: pytest.MonkeyPatch, package: str, name: str) -> None:
    assert bundled.files(package).joinpath(name).is_file()

    def missing(package: str) -> None:
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(resources, "files", missing)
    assert bundled.files(package).joinpath(name).is_file()
    with pytest.raises(ModuleNotFoundError):
        bundled.files("spamdet.elsewhere")
