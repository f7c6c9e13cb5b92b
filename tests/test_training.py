"""Training end to end on the project's own small corpus (no ../shared needed)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from conftest import ROOT

import spamdet
from spamdet.synth import Generator, brand, split_of
from spamdet.training import split_budget


def test_brands_never_cross_splits() -> None:
    import random

    rng = random.Random(1)
    for split in ("train", "val", "test"):
        names = {brand(rng, split) for _ in range(200)}
        assert all(split_of(name) == split for name in names)


def test_generated_spans_are_exact() -> None:
    from spamdet.synth import Article

    article = Article("COUNCIL APPROVES RAIL LINE", (
        "DENVER, March 4 - The council voted to approve the line.",
        "Supporters said it would cut commuting times."), None)
    gen = Generator("train", ["OTHER STORY HEADLINE HERE"], [], ["{B}: Earn 100x today"], [], 0)
    for n in range(50):
        page = gen.page(article, f"p{n}", contaminate=True)
        assert page.contaminated
        for start, end, label in page.spans:
            piece = page.text[start:end]
            assert piece and piece == piece.strip() and "\n" not in piece, (label, piece)


def test_bare_pages_and_credits_are_clean_text() -> None:
    """A share of generated pages is the bare article (title and paragraphs only); credits
    put after a paragraph are clean text, never labelled."""
    from spamdet.synth import CREDITS, Article

    paragraphs = tuple(f"Paragraph {n} of the story says what the council decided." for n in
                       range(4))
    article = Article("Council approves rail line", paragraphs, None)
    gen = Generator("train", ["Other story headline here"], [], ["{B}: Earn 100x today"], [], 0)
    pages = [gen.page(article, f"p{n}", contaminate=False) for n in range(400)]
    lines = [[line for line in p.text.split("\n") if line.strip()] for p in pages]
    bare = [p for p, ls in zip(pages, lines, strict=True)
            if not p.spans and len(ls) <= len(paragraphs) + 2]
    assert 0.15 < len(bare) / len(pages) < 0.4
    fixed = [c for c in CREDITS if "{" not in c]
    credited = [p for p in pages if any(c + "\n" in p.text + "\n" for c in fixed)]
    assert credited
    for page in credited:
        assert not any(c.strip() in page.text[s:e] for s, e, _ in page.spans for c in fixed)


def test_promo_line_tokens_are_not_token_examples() -> None:
    """A promo line's brand is neither an injected nor a clean token example."""
    from spamdet.features import SegmentFeatures, TokenFeatures
    from spamdet.lexicon import Lexicon
    from spamdet.synth import LabelledPage
    from spamdet.training import featurise

    title = "Council approves rail line"
    body = "DENVER, March 4 - The council voted to approve the line on Tuesday."
    promo = "Earn 100x today with Zorblix - Join Now"
    text = f"{title}\n{body}\n{promo}"
    start = text.index(promo)
    with_promo = LabelledPage("p1", text, ((start, start + len(promo), "promo"),))
    without = LabelledPage("p2", f"{title}\n{body}", ())
    lexicon = Lexicon.build([body])
    seg_f, tok_f = SegmentFeatures().fit([]), TokenFeatures().fit([])
    _, y_seg, X_tok, y_tok = featurise([with_promo], lexicon, seg_f, tok_f)
    _, _, X_plain, _ = featurise([without], lexicon, seg_f, tok_f)
    assert 1 in y_seg.tolist()  # the line is still a promo segment example
    assert len(X_tok) == len(X_plain) and not y_tok.any()


def test_tiny_training_run(tmp_path: Path) -> None:
    out = tmp_path / "tiny.npz"
    text = "Zorvanta:Council approves rail line\nThe council voted on Tuesday to approve it.\n"
    labelled = tmp_path / "hand.jsonl"  # hand-labelled pages train beside generated ones
    labelled.write_text(json.dumps({"id": "h1", "text": text, "spans": [
        {"start": 0, "end": 8, "label": "injection"}]}) + "\n" + json.dumps(
        {"id": "h2", "text": "A quiet day in the city.\n", "spans": []}) + "\n",
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "train.py", "--corpus", "data/corpus/articles.jsonl", "--heldout",
         "own=data/corpus/articles.jsonl", "--out", str(out), "--seed", "3",
         "--labelled", str(labelled)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-2000:]
    card = out.with_suffix(".md").read_text("utf-8")
    assert "sha256:" in card and "page recall" in card
    assert "Hand-labelled pages added to the training split: 2" in card
    assert "- Clean articles: the project's own" in card  # named once, not as an addition
    detector = spamdet.Detector.load(out)
    report = detector.scan_text("Zorvanta:Council approves rail line\nThe council voted on "
                                "Tuesday to approve the new light rail line to the airport.\n")
    assert 0.0 <= report.score <= 1.0
    metrics = json.loads(result.stdout)  # printed: per-label P/R/F1 too (DESIGN)
    assert "reuters_test" in metrics
    assert set(metrics["reuters_test"]["model"]["labels"]) == {"clean", "injection", "promo",
                                                               "residue"}


def test_the_same_seed_writes_the_same_file(tmp_path: Path) -> None:
    """Retraining is reproducible to the byte: no clock in the model file (the card says how
    long it took); a corpus too small to split, or --out naming a folder, is refused first."""
    from spamdet.model import sha256_of

    out = tmp_path / "m.npz"
    command = [sys.executable, "train.py", "--corpus", "data/corpus/articles.jsonl",
               "--limit", "40", "--seed", "5", "--out", str(out)]
    shas = []
    for _ in range(2):
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-2000:]
        shas.append(sha256_of(out))
    assert shas[0] == shas[1]
    assert "training took" in out.with_suffix(".md").read_text("utf-8")
    for args, said in ((["--limit", "5"], "validation and test need 2"),
                       (["--out", str(tmp_path)], "must name a model file")):
        result = subprocess.run([*command, *args], cwd=ROOT, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 2 and said in result.stderr, result.stderr[-2000:]
        assert "Traceback" not in result.stderr


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    from spamdet.model import ModelIntegrityError, bundled_model_path

    copy = tmp_path / "spamdet.npz"
    copy.write_bytes(bundled_model_path().read_bytes() + b"x")
    (tmp_path / "MODEL_CARD.md").write_text(
        bundled_model_path().with_name("MODEL_CARD.md").read_text("utf-8"), encoding="utf-8")
    try:
        spamdet.Detector.load(copy)
    except ModelIntegrityError as exc:
        assert "sha256" in str(exc)
    else:
        raise AssertionError("a model that does not match its card was loaded")


def test_budget_split_is_fixed_share() -> None:
    """Of 9 clean pages allowed, tokens flag 6 and promo lines 3 more, whatever the scores."""
    rng = np.random.default_rng(3)
    dirty = np.arange(200) % 2 == 0
    for _ in range(20):
        tok, promo = rng.random((2, len(dirty)))
        th = split_budget(tok, promo, dirty, 9)
        by_tok = (tok >= th.token) & ~dirty
        by_promo = (promo >= th.promo) & ~dirty & ~by_tok
        assert by_tok.sum() == 6
        assert by_promo.sum() == 3


def test_train_tells_user_errors_without_a_traceback(tmp_path) -> None:
    """Exit status 2 and one line for what the user got wrong (exit 1 means contaminated)."""
    from conftest import run_cli

    out = str(tmp_path / "m.npz")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(b'{"text": "a spam line of some length here"}\n')[:20])
    for args, said in ((["--corpus", str(tmp_path / "missing.jsonl")], "missing.jsonl"),
                       (["--heldout", "foo"], "NAME=PATH"), (["--limit", "-5"], "from 1"),
                       # said before training, not after it (or not at all: a typo'd --promo
                       # trained without spam lines, saying nothing)
                       (["--promo", str(tmp_path / "typo.jsonl.gz")], "no such file"),
                       (["--heldout", f"bbc={tmp_path / 'typo.jsonl.gz'}"], "no such file"),
                       (["--promo", str(cut), "--limit", "1"], "not readable spam lines"),
                       (["--write-test-pages", str(cut / "pages.jsonl"), "--limit", "1"],
                        "--write-test-pages")):
        result = run_cli("train", *args, "--out", out)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and said in result.stderr, result.stderr
    assert not (tmp_path / "m.npz").exists()


def test_a_hub_name_the_hub_cannot_answer_is_an_error_at_once(tmp_path: Path) -> None:
    """A hub name on a machine that cannot reach the Hub fails at once, naming the way out
    (`datasets` retried for about 25 s, a warning a try); offline mode is left to `datasets`."""
    hub = {**os.environ, "HF_ENDPOINT": "http://127.0.0.1:9"}  # nothing listens: refused
    hub.pop("HF_HUB_OFFLINE", None)
    result = subprocess.run([sys.executable, "-m", "spamdet", "train", "--corpus",
                             "someone/no-such-corpus", "--out", str(tmp_path / "m.npz")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120, env=hub)
    assert result.returncode == 2, result.stderr[-500:]
    assert "cannot be reached" in result.stderr and "HF_HUB_OFFLINE=1" in result.stderr
    assert "Retrying" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "m.npz").exists()


def test_a_corpus_that_gives_no_articles_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "numbers.jsonl").write_text('{"text": 5, "title": 7}\n', encoding="utf-8")
    cases = {"empty.jsonl": "is empty", "numbers.jsonl": "no usable article",
             "typo.jsonl": "no such file"}  # a missing file, not a hub name to try for minutes
    for name, message in cases.items():
        result = subprocess.run([sys.executable, "-m", "spamdet", "train", "--corpus", name,
                                 "--out", str(tmp_path / "m.npz")], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"})
        assert result.returncode == 2, (name, result.stderr[-500:])
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "m.npz").exists()
