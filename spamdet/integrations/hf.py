"""Hugging Face `datasets`: annotate or filter a `Dataset` with `map(batched=True, num_proc=N)`.

    from spamdet.integrations import hf
    annotated = hf.annotate(dataset, text_field="text", num_proc=4)
    kept = hf.filter(dataset, num_proc=4)

A `DatasetDict` is done split by split; an `IterableDataset` (streaming) lazily, as it is
read, in one process (it has no `num_proc`).

Workers receive the model path and config (cheap to pickle and to fingerprint) and load the
model once per process.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from spamdet.clean import CLEAN_KEY
from spamdet.config import Config
from spamdet.integrations import CLEANED, LISTS, annotate_texts, model_identity, model_path

if TYPE_CHECKING:
    from datasets import Dataset, Features

__all__ = ["annotate", "filter"]

BATCH_SIZE = 256
"""Records per `map` batch: one model call each (as `Config.batch_pages`)."""


def _features(dataset: Dataset, cleaned: bool) -> Features | None:
    """The output schema, given: a shard whose pages have no reasons would infer list<null>.
    None when the input's is not known (a streaming dataset may not say)."""
    from datasets import Sequence, Value

    if dataset.features is None:
        return None
    features = dataset.features.copy()
    features.update({"spamdet_verdict": Value("string"), "spamdet_score": Value("float64"),
                     **{name: Sequence(Value("string")) for name in LISTS}})
    if cleaned:
        features[CLEANED] = Value("string")
        features[CLEAN_KEY] = Value("string")
    return features


def _parallel(dataset: Dataset, num_proc: int | None, *key: object) -> dict[str, object]:
    """`map`/`filter` arguments only a `Dataset` takes (not a streaming `IterableDataset`):
    workers, and a cache key made of the input's and `key` (the model file's sha256 and
    the options), so that a cached result of another model is never reused."""
    from datasets import IterableDataset
    from datasets.fingerprint import Hasher

    if isinstance(dataset, IterableDataset):
        return {}
    return {"num_proc": num_proc, "desc": "spamdet",
            "new_fingerprint": Hasher.hash([dataset._fingerprint, "spamdet", *key])}


def _text_column(dataset: Dataset, text_field: str) -> None:
    """Refuse a text column whose type is not text (a column has one type: bytes or numbers
    throughout are the wrong column, not a few bad rows)."""
    feature = (dataset.features or {}).get(text_field)
    dtype = getattr(feature, "dtype", "string")
    if dtype not in ("string", "large_string", "null"):
        raise TypeError(f"the text column {text_field!r} holds {dtype}, not str: give the "
                        "column of page text" + (" (decode bytes first)"
                                                  if "binary" in dtype else ""))


def _splits(dataset: object) -> bool:
    """A `DatasetDict` (or its streaming kind): done split by split."""
    return isinstance(dataset, dict)


def _keep_batch(texts: list[str | None], model: str | None, config: Config | None,
                html: bool | None = None) -> list[bool]:
    verdicts = annotate_texts(texts, model, config, html=html)["spamdet_verdict"]
    return [verdict != "contaminated" for verdict in verdicts]


def annotate(
    dataset: Dataset, text_field: str = "text", *, model: str | Path | None = None,
    config: Config | None = None, cleaned: bool = False, num_proc: int | None = None,
    batch_size: int = BATCH_SIZE, html: bool | None = None,
) -> Dataset:
    """`dataset` with `spamdet_verdict`, `spamdet_score`, `spamdet_reasons`, `spamdet_errors`
    columns (and
    `spamdet_cleaned` with `cleaned=True`): the cleaned text, "" for a page cleaning would gut.
    `html`: True reads the column as HTML, False as text, None (default) HTML source as HTML."""
    if _splits(dataset):
        return type(dataset)({split: annotate(  # type: ignore[call-arg]
            part, text_field, model=model, config=config, cleaned=cleaned,
            num_proc=num_proc, batch_size=batch_size, html=html)
            for split, part in dataset.items()})
    _text_column(dataset, text_field)
    path = model_path(model)
    fn = partial(annotate_texts, model=path, config=config, cleaned=cleaned, html=html)
    from datasets import IterableDataset

    features = _features(dataset, cleaned)
    if not isinstance(dataset, IterableDataset) and len(dataset) == 0 and features:
        from datasets import Dataset  # map adds no column to an empty dataset

        return Dataset.from_dict({name: [] for name in features}, features=features)
    key = ("annotate", model_identity(path), config, text_field, cleaned, html, batch_size)
    return dataset.map(fn, batched=True, batch_size=batch_size, input_columns=[text_field],
                       features=features,
                       **_parallel(dataset, num_proc, *key))  # type: ignore[arg-type]


def filter(  # shadows the builtin on purpose: mirrors Dataset.filter
    dataset: Dataset, text_field: str = "text", *, model: str | Path | None = None,
    config: Config | None = None, num_proc: int | None = None, batch_size: int = BATCH_SIZE,
    html: bool | None = None,
) -> Dataset:
    """The rows of `dataset` whose page is not contaminated (`html` as for `annotate`)."""
    if _splits(dataset):
        return type(dataset)({split: filter(  # type: ignore[call-arg]
            part, text_field, model=model, config=config, num_proc=num_proc,
            batch_size=batch_size, html=html) for split, part in dataset.items()})
    _text_column(dataset, text_field)
    path = model_path(model)
    fn = partial(_keep_batch, model=path, config=config, html=html)
    key = ("filter", model_identity(path), config, text_field, html, batch_size)
    return dataset.filter(fn, batched=True, batch_size=batch_size, input_columns=[text_field],
                          **_parallel(dataset, num_proc, *key))  # type: ignore[arg-type]
