"""`TreeScorer` (numpy) against scikit-learn's `decision_function` on the same token rows.

    python benchmarks/tree_scorer.py [--pages 240] [--runs 5]

Fits a `HistGradientBoostingClassifier` with the token model's settings
(`spamdet.training`) on the candidate-token rows of generated pages, labelled by the
shipped model, converts it with `trees_of`, and times both on the same rows (scikit-learn
with one OpenMP thread, as the detector ran it); logits must be equal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
from common import one_thread
from speed import text_pages


def _seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    one_thread()
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    import spamdet
    from spamdet.context import PageContext
    from spamdet.features import views_of
    from spamdet.parse import parse_text
    from spamdet.records import Document
    from spamdet.scorers import trees_of
    from spamdet.training import TOKEN_TREES

    model = spamdet.Detector.load().model
    pages = [parse_text(Document(str(n), t)) for n, t in enumerate(text_pages(args.pages, 1))]
    _, tok_views = views_of([PageContext.build(p, model.lexicon) for p in pages])
    X = model.token_features.transform(tok_views)
    y = (model.token_logit(X) > np.median(model.token_logit(X))).astype(int)
    clf = HistGradientBoostingClassifier(max_iter=TOKEN_TREES, learning_rate=0.1,
                                         l2_regularization=1.0, min_samples_leaf=40,
                                         early_stopping=False, random_state=0).fit(X, y)
    scorer = trees_of(clf)
    print(f"{len(X)} candidate-token rows, {len(scorer.root)} trees, "
          f"{len(scorer.feature)} nodes, depth up to {scorer.depth.max()}\n")
    print("| rows | scikit-learn ms | TreeScorer ms | ratio |\n|---:|---:|---:|---:|")
    with threadpool_limits(1):
        assert np.array_equal(scorer.logit(X), clf.decision_function(X))
        for n in (1, 10, 100, 1000, len(X)):
            rows = X[:n]
            ref = _seconds(lambda r=rows: clf.decision_function(r), args.runs)
            ours = _seconds(lambda r=rows: scorer.logit(r), args.runs)
            print(f"| {n} | {1000 * ref:.2f} | {1000 * ours:.2f} | {ours / ref:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
