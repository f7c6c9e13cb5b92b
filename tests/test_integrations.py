"""The engine adapters, really run: `datasets` map with two processes, a datatrove pipeline on
its local executor with two workers, Ray Data on a two-CPU local cluster. Shipped model."""

from __future__ import annotations

import faulthandler
import gzip
import json
import pickle
from pathlib import Path

import pytest
from conftest import CASES, SAMPLES

import spamdet
from spamdet.clean import CLEAN_KEY
from spamdet.integrations import CLEANED, COLUMNS, annotate_texts

PAGES = [json.loads(line) for line in (CASES / "pages.jsonl").read_text().splitlines()]
TEXTS = [page["text"] for page in PAGES]
HANG_SECONDS = 240
"""A forked worker that deadlocks in OpenMP hangs forever: fail loudly instead."""


@pytest.fixture(scope="module")
def expected(detector: spamdet.Detector) -> dict[str, tuple[str, str]]:
    """Per page id: the verdict and cleaned text of the page scanned alone."""
    return {p["id"]: (detector.scan_text(p["text"]).verdict, detector.clean(p["text"]))
            for p in PAGES}


def test_batch_call_matches_pages_scanned_alone(expected: dict[str, tuple[str, str]],
                                                detector: spamdet.Detector) -> None:
    columns = annotate_texts([*TEXTS, None], cleaned=True)
    assert set(columns) == {*COLUMNS, CLEANED, CLEAN_KEY}
    assert columns[CLEAN_KEY][:-1] == [detector.clean_text(p["text"]).action for p in PAGES]
    assert columns["spamdet_verdict"][:-1] == [expected[p["id"]][0] for p in PAGES]
    assert columns[CLEANED][:-1] == [expected[p["id"]][1] for p in PAGES]
    assert columns["spamdet_verdict"][-1] == "clean"  # a missing text scans as ""
    contaminated = columns["spamdet_verdict"].index("contaminated")
    assert columns["spamdet_reasons"][contaminated]
    assert 0.0 <= columns["spamdet_score"][contaminated] <= 1.0
    assert columns["spamdet_errors"][0] == []


def test_a_page_scored_in_part_says_so_in_the_errors_column() -> None:
    """The CLI reports a page scored only in part; an engine's rows must say it too."""
    from spamdet.config import Config

    text = "\n".join(f"Paragraph {i} of the council's report on the new rail line."
                     for i in range(5))
    columns = annotate_texts([text, "Short page."], config=Config(max_segments=2))
    assert columns["spamdet_errors"][1] == []
    assert columns["spamdet_errors"][0] and "2 segments" in " ".join(columns["spamdet_errors"][0])


@pytest.mark.slow
def test_hf_annotate_and_filter_with_two_processes(expected: dict[str, tuple[str, str]]
                                                   ) -> None:
    from datasets import Dataset

    from spamdet.integrations import hf

    dataset = Dataset.from_list([{"id": p["id"], "text": p["text"]} for p in PAGES])
    alone = hf.annotate(dataset, batch_size=4)  # the parent has scored before it forks
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    try:
        annotated = hf.annotate(dataset, cleaned=True, num_proc=2, batch_size=4)
        kept = hf.filter(dataset, num_proc=2, batch_size=4)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert annotated["spamdet_verdict"] == alone["spamdet_verdict"]
    assert annotated["spamdet_verdict"] == [expected[i][0] for i in dataset["id"]]
    assert annotated[CLEANED] == [expected[i][1] for i in dataset["id"]]
    assert kept["id"] == [i for i in dataset["id"] if expected[i][0] != "contaminated"]


def test_hf_streaming_datasets_and_splits(expected: dict[str, tuple[str, str]]) -> None:
    """An `IterableDataset` (streaming: no `num_proc`) is annotated and filtered as it is
    read; a `DatasetDict` split by split, and it stays one."""
    from datasets import Dataset, DatasetDict

    from spamdet.integrations import hf

    dataset = Dataset.from_list([{"id": p["id"], "text": p["text"]} for p in PAGES])
    verdicts = [expected[i][0] for i in dataset["id"]]
    stream = dataset.to_iterable_dataset()
    assert [row["spamdet_verdict"] for row in hf.annotate(stream, batch_size=4)] == verdicts
    assert [row["id"] for row in hf.filter(stream, batch_size=4)] == \
        [i for i, v in zip(dataset["id"], verdicts, strict=True) if v != "contaminated"]
    splits = hf.annotate(DatasetDict({"train": dataset, "test": dataset.select([0])}),
                         batch_size=4)
    assert isinstance(splits, DatasetDict)
    assert list(splits["train"]["spamdet_verdict"]) == verdicts
    assert list(splits["test"]["spamdet_verdict"]) == verdicts[:1]


def test_datatrove_steps_pickle_without_the_model() -> None:
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from spamdet.integrations.datatrove import SpamdetCleaner, SpamdetFilter

    step = pickle.loads(pickle.dumps(SpamdetFilter(batch_size=8)))
    assert len(pickle.dumps(SpamdetCleaner())) < 10_000
    docs = [Document(text=p["text"], id=p["id"]) for p in PAGES[:2]]
    assert step.filter_batch(docs) == [(False, "spamdet_contaminated")] * 2
    assert docs[0].metadata["spamdet_verdict"] == "contaminated"


def _read_jsonl_gz(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl.gz"))
            for line in gzip.open(path, "rt")]


@pytest.mark.slow
def test_datatrove_pipeline_on_the_local_executor(
    tmp_path: Path, expected: dict[str, tuple[str, str]]
) -> None:
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from spamdet.integrations.datatrove import SpamdetCleaner, SpamdetFilter

    (tmp_path / "in").mkdir()
    for name, part in (("a", PAGES[:9]), ("b", PAGES[9:])):
        lines = [json.dumps({"id": p["id"], "text": p["text"]}) for p in part]
        (tmp_path / "in" / f"{name}.jsonl").write_text("\n".join(lines) + "\n")
    LocalPipelineExecutor([
        JsonlReader(str(tmp_path / "in")),
        SpamdetFilter(exclusion_writer=JsonlWriter(str(tmp_path / "dropped")), batch_size=4),
        SpamdetCleaner(batch_size=4),
        JsonlWriter(str(tmp_path / "kept")),
    ], tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()

    kept, dropped = _read_jsonl_gz(tmp_path / "kept"), _read_jsonl_gz(tmp_path / "dropped")
    assert {d["id"] for d in dropped} == {i for i, e in expected.items() if e[0] == "contaminated"}
    assert {d["id"] for d in kept} == {i for i, e in expected.items() if e[0] != "contaminated"}
    for doc in dropped:
        meta = doc["metadata"]
        assert meta["spamdet_verdict"] == "contaminated" and meta["spamdet_reasons"]
        assert meta["filter_reason"] == "spamdet_contaminated" and meta["spamdet_errors"] == []
    for doc in kept:
        assert doc["text"] == expected[doc["id"]][1]
        assert doc["metadata"]["spamdet_clean"] in ("keep", "clean")


@pytest.mark.slow
def test_ray_map_batches_on_a_local_cluster(
    tmp_path: Path, expected: dict[str, tuple[str, str]]
) -> None:
    ray = pytest.importorskip("ray")
    from spamdet.integrations.ray import SpamdetAnnotator

    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps({"id": p["id"], "text": p["text"]}) + "\n"
                             for p in PAGES))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        dataset = ray.data.read_json(str(pages))
        for batch_format in ("numpy", "pandas"):
            # a fixed pool of 2 actors on 2 CPUs would starve the read task: min_size=1
            pool = ray.data.ActorPoolStrategy(min_size=1, max_size=2)
            rows = dataset.map_batches(
                SpamdetAnnotator, fn_constructor_kwargs={"cleaned": True}, batch_size=4,
                batch_format=batch_format, compute=pool,
            ).take_all()
            assert {r["id"]: (r["spamdet_verdict"], r[CLEANED]) for r in rows} == expected
            assert all(list(r["spamdet_reasons"]) or r["spamdet_verdict"] != "contaminated"
                       for r in rows)
    finally:
        ray.shutdown()


def test_empty_shards_and_missing_texts_keep_the_schema() -> None:
    from datasets import Dataset, Features, Value

    from spamdet.integrations import hf

    empty = Dataset.from_dict({"text": []}, features=Features({"text": Value("string")}))
    annotated = hf.annotate(empty, cleaned=True)
    assert len(annotated) == 0 and annotated.features["spamdet_verdict"] == Value("string")
    assert annotated.column_names == ["text", "spamdet_verdict", "spamdet_score",
                                      "spamdet_reasons", "spamdet_errors", "spamdet_cleaned",
                                      "spamdet_clean"]


def test_ray_batches_with_missing_texts_and_empty_batches() -> None:
    import numpy as np
    import pandas as pd

    from spamdet.integrations.ray import SpamdetAnnotator

    annotate = SpamdetAnnotator(cleaned=True)
    frame = annotate(pd.DataFrame({"text": ["The council met on Monday.", None]}))
    assert list(frame["spamdet_verdict"]) == ["clean", "clean"]  # pandas' NaN read as missing
    empty = annotate({"text": np.array([], dtype=object)})
    full = annotate({"text": np.array(["The council met on Monday."], dtype=object)})

    def types(batch: dict) -> dict:
        return {k: getattr(v, "dtype", None) or v.type for k, v in batch.items()}

    assert types(empty) == types(full)
    # reason ids are list<string> whatever the batch holds (no list<null> blocks in Parquet)
    for name in ("spamdet_reasons", "spamdet_errors"):
        assert str(types(empty)[name]) == "list<item: string>"
        assert str(frame[name].dtype) == "list<item: string>[pyarrow]"
    with pytest.raises(KeyError, match="set text_field"):
        annotate({"body": np.array(["x"], dtype=object)})


def test_html_source_is_read_as_html() -> None:
    html = (CASES.parent / "fixtures" / "html" / "hidden_display_none.html").read_text("utf-8")
    expected = spamdet.Detector.load().scan_html(html)
    auto = annotate_texts([html])
    assert auto["spamdet_verdict"] == [expected.verdict]
    assert auto["spamdet_score"] == [expected.score]
    as_text = annotate_texts([html], html=False)  # markup read as text: not the same page
    assert as_text["spamdet_score"] != auto["spamdet_score"]
    # a clean HTML page is kept, though its cleaned text (the visible text) is not its source
    # (`SpamdetCleaner` compared the two and said `clean`)
    page = "<html><body><h1>Council approves rail line</h1><p>The council voted on Tuesday " \
           "to approve a new rail line through the city centre.</p></body></html>"
    cleaned = annotate_texts([page], cleaned=True)
    assert cleaned["spamdet_verdict"] == ["clean"] and cleaned[CLEANED][0] != page
    assert cleaned[CLEAN_KEY] == ["keep"]


def test_a_changed_model_file_is_loaded_again(tmp_path: Path) -> None:
    import os
    import shutil

    from spamdet.integrations import detector, model_identity
    from spamdet.model import bundled_model_path

    model = tmp_path / "m.npz"
    shutil.copy(bundled_model_path(), model)
    shutil.copy(bundled_model_path().with_name("MODEL_CARD.md"), tmp_path / "m.md")
    first = detector(str(model))
    assert detector(str(model)) is first
    stat = model.stat()
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # replaced, say
    assert detector(str(model)) is not first
    assert model_identity(str(model)) == model_identity(None)  # the same bytes


def test_a_report_equals_its_copy() -> None:
    report = spamdet.Detector.load().scan_text((SAMPLES / "clean_1.txt").read_text("utf-8"))
    assert any(w != w for seg in report.segments for w in seg.reason_weights)  # a rule's NaN
    assert pickle.loads(pickle.dumps(report)) == report
