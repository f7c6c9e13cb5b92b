"""Ray Data: a callable class for `Dataset.map_batches`, loading the model once per actor.

    import ray
    from spamdet.integrations.ray import SpamdetAnnotator
    annotated = ray.data.read_json("pages.jsonl").map_batches(
        SpamdetAnnotator, fn_constructor_kwargs={"cleaned": True}, concurrency=2)

Batches may be `dict[str, np.ndarray]` (Ray's default) or pandas `DataFrame`s; the result has
the same form, with the spamdet columns added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from spamdet.config import Config
from spamdet.integrations import annotate_texts, detector, model_path

__all__ = ["SpamdetAnnotator"]


def _array(name: str, values: list[Any]) -> np.ndarray:
    """A column as numpy: floats (None as NaN) for scores, objects for strings and lists
    (an empty batch too, so that every batch has the same column types)."""
    if name == "spamdet_score":
        return np.array([np.nan if value is None else value for value in values], dtype=float)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _text(value: Any) -> str | None:
    """A cell of the text column: a missing value (None, NaN, pandas' NA) as None."""
    if value is None or isinstance(value, str):
        return value
    if (isinstance(value, float) and value != value) or type(value).__name__ in ("NAType",
                                                                                 "NaTType"):
        return None
    return value  # not text: annotate_texts says so


class SpamdetAnnotator:
    """Adds `spamdet_verdict`, `spamdet_score`, `spamdet_reasons` (and `spamdet_cleaned` with
    `cleaned=True`) to each batch; the text is read from `text_field`."""

    def __init__(self, model: str | Path | None = None, config: Config | None = None,
                 text_field: str = "text", cleaned: bool = False) -> None:
        self.model = model_path(model)
        self.config = config
        self.text_field = text_field
        self.cleaned = cleaned
        detector(self.model, self.config)  # once per actor, before the first batch

    def __call__(self, batch: Any) -> Any:
        columns = annotate_texts([_text(value) for value in batch[self.text_field]],
                                 self.model, self.config, self.cleaned)
        if isinstance(batch, dict):
            return {**batch, **{name: _array(name, values) for name, values in columns.items()}}
        return batch.assign(**columns)  # a pandas DataFrame
