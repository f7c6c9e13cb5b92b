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
from spamdet.integrations import LISTS, annotate_texts, detector, model_path

__all__ = ["SpamdetAnnotator"]


def _array(name: str, values: list[Any]) -> np.ndarray:
    """A column as numpy: floats (None as NaN) for scores, objects for strings (an empty
    batch too, so that every batch has the same column types); reason ids are Arrow
    (`_list_array`)."""
    if name == "spamdet_score":
        return np.array([np.nan if value is None else value for value in values], dtype=float)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _list_type() -> Any:
    import pyarrow as pa

    return pa.list_(pa.string())


def _list_array(values: list[Any]) -> Any:
    """Reason ids or errors as an Arrow `list<string>` column, which Ray keeps as it is: from
    numpy a batch whose pages have none would infer `list<null>`, and a Parquet folder of
    such blocks beside others could not be read back."""
    import pyarrow as pa

    return pa.array(values, type=_list_type())


def _text(value: Any) -> str | None:
    """A cell of the text column: a missing value (None, NaN, pandas' NA) as None."""
    if value is None or isinstance(value, str):
        return value
    if (isinstance(value, float) and value != value) or type(value).__name__ in ("NAType",
                                                                                 "NaTType"):
        return None
    return value  # not text: annotate_texts says so


class SpamdetAnnotator:
    """Adds `spamdet_verdict`, `spamdet_score`, `spamdet_reasons`, `spamdet_errors` (and
    `spamdet_cleaned` with `cleaned=True`) to each batch; the text is read from `text_field`
    (`html`: as for `annotate_texts`)."""

    def __init__(self, model: str | Path | None = None, config: Config | None = None,
                 text_field: str = "text", cleaned: bool = False,
                 html: bool | None = None) -> None:
        self.model = model_path(model)
        self.config = config
        self.text_field = text_field
        self.cleaned = cleaned
        self.html = html
        detector(self.model, self.config)  # once per actor, before the first batch

    def __call__(self, batch: Any) -> Any:
        if not isinstance(batch, dict) and not hasattr(batch, "assign"):
            raise TypeError("batches must be numpy (a dict) or pandas: map_batches(..., "
                            f"batch_format='numpy' or 'pandas'), got {type(batch).__name__}")
        if self.text_field not in batch:
            raise KeyError(f"no column {self.text_field!r} in the batch (its columns: "
                           f"{', '.join(map(str, batch.keys()))}): set text_field")
        columns = annotate_texts([_text(value) for value in batch[self.text_field]],
                                 self.model, self.config, self.cleaned, self.html)
        lists = {name: columns.pop(name) for name in LISTS}
        if isinstance(batch, dict):
            return {**batch, **{name: _array(name, values) for name, values in columns.items()},
                    **{name: _list_array(values) for name, values in lists.items()}}
        import pandas as pd

        return batch.assign(**columns, **{name: pd.Series(  # a pandas DataFrame
            values, index=batch.index, dtype=pd.ArrowDtype(_list_type()))
            for name, values in lists.items()})
