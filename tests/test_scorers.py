"""The plain-array scorers and hashed n-grams scanning runs equal what training fits.

Training-time checks: scikit-learn is imported here (fits tiny estimators); scanning never
imports it (tests/test_startup.py).
"""

from __future__ import annotations

import zlib
from dataclasses import replace

import numpy as np
import pytest
from conftest import SAMPLES
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from spamdet.context import PageContext
from spamdet.features import HASHED_CHARS, hashed_ngrams, views_of
from spamdet.model import load_model
from spamdet.parse import parse_text
from spamdet.records import Document
from spamdet.scorers import linear_of, sigmoid, trees_of


def _rows(seed: int, n: int, d: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)).astype(np.float32)
    X[rng.random(X.shape) < 0.3] = 0.0  # signals are often exactly 0
    X[:, 0] = np.round(X[:, 0])  # and some take few values: thresholds between them
    return X


@pytest.fixture(scope="module")
def small_trees() -> HistGradientBoostingClassifier:
    X = _rows(0, 3000, 8)
    y = (X[:, 0] + X[:, 1] * X[:, 2] + np.sin(3 * X[:, 3]) > 0.3).astype(int)
    return HistGradientBoostingClassifier(max_iter=60, random_state=0).fit(X, y)


def test_tree_scorer_equals_sklearn_decision_function(small_trees) -> None:
    scorer = trees_of(small_trees)
    X = _rows(1, 2000, 8)
    np.testing.assert_array_equal(scorer.logit(X), small_trees.decision_function(X))
    for n in (1, 2, 255, 256, 257):  # around the row chunk
        np.testing.assert_array_equal(scorer.logit(X[:n]), small_trees.decision_function(X[:n]))


def test_tree_scorer_sends_missing_values_where_sklearn_does(small_trees) -> None:
    X = _rows(2, 1000, 8)
    X[np.random.default_rng(3).random(X.shape) < 0.2] = np.nan
    np.testing.assert_array_equal(trees_of(small_trees).logit(X),
                                  small_trees.decision_function(X))


def test_tree_contributions_are_occlusion(small_trees) -> None:
    scorer = trees_of(small_trees)
    X = _rows(4, 20, 8)
    contrib = scorer.contributions(X)
    for r, c in zip(*np.nonzero(X), strict=True):
        off = X[r : r + 1].copy()
        off[0, c] = 0.0
        assert contrib[r, c] == pytest.approx(scorer.logit(X[r : r + 1])[0] - scorer.logit(off)[0])
    assert (contrib[X == 0] == 0).all()


def test_categorical_trees_are_refused() -> None:
    X = np.random.default_rng(5).integers(0, 4, size=(400, 2)).astype(float)
    y = (X[:, 0] == 2).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=5, categorical_features=[0]).fit(X, y)
    with pytest.raises(ValueError, match="categorical"):
        trees_of(clf)


def test_linear_scorer_equals_logistic_regression() -> None:
    X = _rows(6, 500, 5)
    y = (X[:, 0] - X[:, 1] > 0).astype(int)
    clf = LogisticRegression().fit(X, y)
    scorer = linear_of(clf)
    np.testing.assert_allclose(scorer.logit(X), clf.decision_function(X), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(sigmoid(scorer.logit(X)), clf.predict_proba(X)[:, 1],
                               rtol=1e-5, atol=1e-6)


def _segment_rows():
    model = load_model()
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    contexts = [PageContext.build(parse_text(Document(str(n), t)), model.lexicon)
                for n, t in enumerate(texts)]
    seg_views, _ = views_of(contexts)
    return model, model.segment_features.transform(seg_views)


def test_training_and_scanning_see_the_same_segment_features() -> None:
    """Training fits on `to_csr()`; scanning scores the arrays: same logits, same columns."""
    model, rows = _segment_rows()
    csr = rows.to_csr()
    assert csr.shape == (len(rows), rows.signals.shape[1] + rows.n_hash)
    np.testing.assert_array_equal(csr[:, : rows.signals.shape[1]].toarray(), rows.signals)
    y = np.arange(len(rows)) % 3
    clf = LogisticRegression(max_iter=200).fit(csr, y)
    fitted = replace(model, segment_clf=linear_of(clf))
    np.testing.assert_allclose(fitted.segment_logits(rows), clf.decision_function(csr),
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(fitted.segment_proba(rows), clf.predict_proba(csr),
                               rtol=1e-4, atol=1e-5)


def test_hashed_ngrams_are_counts_of_words_and_bigrams_l2_normalised() -> None:
    n_hash = 2**18
    indptr, indices, values = hashed_ngrams(["Bitcoin bitcoin NOW", "", "a b"], n_hash)
    # bitcoin x2, now, `bitcoin bitcoin`, `bitcoin now`; `a`, `b` are too short to be words
    assert indptr.tolist()[1:] == [4, 4, 4]
    word = zlib.crc32(b"bitcoin")
    assert indices[:indptr[1]].tolist() == sorted(indices[:indptr[1]].tolist())
    counts = dict(zip(indices.tolist(), values.tolist(), strict=True))
    assert counts[word % n_hash] == pytest.approx(2 / np.sqrt(7))  # 2 of (2, 1, 1, 1)
    assert sum(v * v for v in values) == pytest.approx(1.0)


def test_hashed_ngrams_alone_equal_in_a_batch_and_cut_at_the_limit() -> None:
    texts = ["Zorvanta: council approves rail line", "Buy now! " * 400, "one two three"]
    batch = hashed_ngrams(texts, 1024)
    for k, text in enumerate(texts):
        indptr, indices, values = hashed_ngrams([text], 1024)
        span = slice(batch[0][k], batch[0][k + 1])
        assert batch[1][span].tolist() == indices.tolist()
        assert batch[2][span].tolist() == values.tolist()
    long = "word " * HASHED_CHARS
    assert hashed_ngrams([long], 64)[1].tolist() == hashed_ngrams([long + "extra"], 64)[1].tolist()


def test_segment_and_token_scores_do_not_depend_on_the_batch() -> None:
    """A row scores the same alone and beside others (BLAS would change the last bits)."""
    model, rows = _segment_rows()
    whole = model.segment_logits(rows)
    signals = rows.signals
    for k in range(len(rows)):
        alone = replace(rows, signals=signals[k : k + 1],
                        indptr=rows.indptr[k : k + 2] - rows.indptr[k],
                        indices=rows.indices[rows.indptr[k] : rows.indptr[k + 1]],
                        values=rows.values[rows.indptr[k] : rows.indptr[k + 1]])
        np.testing.assert_array_equal(model.segment_logits(alone)[0], whole[k])
    X = _rows(7, 300, signals.shape[1])
    linear = linear_of(LogisticRegression().fit(X, (X[:, 0] > 0).astype(int)))
    batch = linear.logit(X)
    assert [linear.logit(X[k : k + 1])[0] for k in range(len(X))] == batch.tolist()


def _token_rows() -> tuple[object, np.ndarray]:
    """The bundled model's trees and the candidate-token rows of the sample pages."""
    model = load_model()
    pages = [parse_text(Document(p.name, p.read_text("utf-8")))
             for p in sorted(SAMPLES.glob("*.txt"))]
    contexts = [PageContext.build(page, model.lexicon) for page in pages]
    return model.token_clf, model.token_features.transform(views_of(contexts)[1])


def test_screen_stops_only_low_rows_and_is_exact_for_the_rest() -> None:
    from spamdet.training import SCREEN_AT, SCREEN_BELOW, choose_screen

    shipped, X = _token_rows()
    trees = replace(shipped, screens=())
    screened, share = choose_screen(trees, X)
    assert screened.screens[0][0] == SCREEN_AT[0] and 0.2 < share < 1
    assert [n for n, _ in screened.screens] == sorted({n for n, _ in screened.screens})
    full, fast = trees.logit(X), screened.screened_logit(X)
    stopped = np.zeros(len(X), dtype=bool)
    for n, cut in screened.screens:  # a row stops at the first checkpoint it is below
        head = replace(trees, root=trees.root[:n], depth=trees.depth[:n])
        here = ~stopped & (head.logit(X) < cut)
        np.testing.assert_array_equal(fast[here], head.logit(X)[here])
        stopped |= here
    assert stopped.mean() == share
    assert (full[stopped] < SCREEN_BELOW).all()  # chosen so on these very rows
    np.testing.assert_array_equal(fast[~stopped], full[~stopped])  # bit for bit
    for n in (1, 2, 257):  # alone and in chunks
        np.testing.assert_array_equal(screened.screened_logit(X[:n]), fast[:n])
    np.testing.assert_array_equal(trees.screened_logit(X), full)  # no screen: the full walk
