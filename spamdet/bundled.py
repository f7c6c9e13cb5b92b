"""Files shipped with the package: the model (`models/`) and the project's data (`data/`).

Installed, they are the packages `spamdet.models` and `spamdet.data.*` (`pyproject.toml`
maps the top-level folders there). Run from a source checkout with a regular (not
editable) install, the checkout's `spamdet/` shadows the installed one and has no such
subpackages; the top-level folders are then read directly.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; the project supports 3.10
    from importlib.resources.abc import Traversable

_SOURCE = Path(__file__).resolve().parent.parent
_FOLDERS = {"spamdet.models": "models", "spamdet.data": "data"}
"""`[tool.setuptools.package-dir]` of pyproject.toml."""


def files(package: str) -> Traversable:
    """The files of `package`, e.g. `files("spamdet.data.corpus").joinpath("articles.jsonl")`."""
    try:
        return resources.files(package)
    except ModuleNotFoundError:
        for mapped, folder in _FOLDERS.items():
            if package == mapped or package.startswith(mapped + "."):
                rest = package[len(mapped) :].lstrip(".").split(".") if package != mapped else []
                return _SOURCE.joinpath(folder, *rest)
        raise
