"""The classifiers scanning runs, as plain numpy arrays: a linear scorer and a tree ensemble.

Training fits scikit-learn estimators and converts them here (`linear_of`, `trees_of`, which
read the fitted attributes and never import scikit-learn), so scanning needs neither
scikit-learn's ~1 s import nor a pickle: the arrays are saved in the model's `.npz`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TREE_ROWS_PER_CHUNK = 256
"""Rows walked through all trees at once: node arrays of rows x trees stay in cache."""


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function, without overflow warnings for large |x|."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))


def rowwise_dot(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """(rows, k) products of rows of X with rows of W, summed the same way whatever the batch.

    Not `X @ W.T`: BLAS picks its kernel by the matrix shape, so a row's float32 result
    changed in the last bits with the number of rows beside it (a page scored alone and
    in a batch must score the same).
    """
    return np.sum(X[:, None, :] * W[None, :, :], axis=2)


@dataclass(frozen=True)
class LinearScorer:
    """Logits `X @ coef.T + intercept`: one row of `coef` per class (one row for a binary model).

    coef: (classes, features) float32. intercept: (classes,) float64.
    """

    coef: np.ndarray
    intercept: np.ndarray

    def logits(self, X: np.ndarray) -> np.ndarray:
        """(rows, classes) logits of dense rows."""
        return rowwise_dot(X, self.coef) + self.intercept

    def logit(self, X: np.ndarray) -> np.ndarray:
        """The binary logit of dense rows (first class row)."""
        return rowwise_dot(X, self.coef[:1])[:, 0] + self.intercept[0]

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row and feature, weight times value (binary model)."""
        return X * self.coef[0]


@dataclass(frozen=True)
class TreeScorer:
    """A binary gradient-boosted tree ensemble as flat node arrays, evaluated in numpy.

    Nodes of all trees are numbered so that a split node's children are adjacent: the walk
    goes to `child[node] + (x > threshold[node])`, where x is the row's `feature[node]`. A leaf
    is its own child with an infinite threshold, so a row that reached it stays there and every
    tree is walked a fixed number of levels (its depth) without tracking which rows are done.
    Missing values (NaN) go left where `missing_left`, else right, as in scikit-learn.

    feature (int64: indices as numpy takes them, no cast per level), threshold (float32,
    rounded down from scikit-learn's float64 so that float32 rows compare exactly as they do
    there), child (int64), missing_left (bool),
    value (float64): per node. root, depth (int32): per tree. baseline: the logit before trees.
    """

    feature: np.ndarray
    threshold: np.ndarray
    child: np.ndarray
    missing_left: np.ndarray
    value: np.ndarray
    root: np.ndarray
    depth: np.ndarray
    baseline: float
    screens: tuple[tuple[int, float], ...] = ()
    """The checkpoints of `screened_logit`, (trees walked, cut) in tree order; chosen by
    training (none: the full walk)."""

    def logit(self, X: np.ndarray) -> np.ndarray:
        """The ensemble's logit per row: baseline plus every tree's leaf value, in tree order."""
        return self.partial_sum(X, 0, len(self.root), np.full(len(X), self.baseline))

    def screened_logit(self, X: np.ndarray) -> np.ndarray:
        """`logit`, but a row whose partial sum at a checkpoint of `screens` (after that many
        trees) is below the checkpoint's cut walks no further: its value is that partial sum.
        Training chooses the checkpoints so that every validation token they stop ends below
        probability 4e-4 (`training.choose_screen`, `SCREEN_BELOW`); every other row gets
        exactly `logit`'s value (the same additions in the same order).
        """
        out = np.full(len(X), self.baseline)
        rows = np.arange(len(X))
        walked = 0
        for trees, cut in self.screens:
            out[rows] = self.partial_sum(X[rows], walked, trees, out[rows])
            walked = trees
            rows = rows[out[rows] >= cut]
            if not len(rows):
                return out
        out[rows] = self.partial_sum(X[rows], walked, len(self.root), out[rows])
        return out

    def partial_sum(self, X: np.ndarray, first: int, last: int, start: np.ndarray) -> np.ndarray:
        """`start` plus the leaf values of trees `first..last-1`, added in tree order."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        depth = self.depth[first:last]
        order = np.argsort(depth, kind="stable")
        ranked = depth[order]
        walking_from = [int(np.searchsorted(ranked, level, side="right"))
                        for level in range(int(ranked[-1]) if len(ranked) else 0)]
        roots = self.root[first:last][order].astype(np.intp)
        out = np.empty(len(X))
        for begin in range(0, len(X), TREE_ROWS_PER_CHUNK):
            rows = np.arange(begin, min(begin + TREE_ROWS_PER_CHUNK, len(X)), dtype=np.intp)
            out[rows] = self._walk(X, rows, roots, order, walking_from, start[rows])
        return out

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per row and signal, how much the logit falls when that signal is set to 0
        (occlusion: all rows and signals in one call)."""
        rows, cols = np.nonzero(X)
        contrib = np.zeros(X.shape, dtype=np.float64)
        if len(rows):
            occluded = np.array(X[rows], dtype=np.float32)
            occluded[np.arange(len(rows)), cols] = 0.0
            contrib[rows, cols] = self.logit(X)[rows] - self.logit(occluded)
        return contrib

    def _walk(self, X: np.ndarray, rows: np.ndarray, roots: np.ndarray, order: np.ndarray,
              walking_from: list[int], start: np.ndarray) -> np.ndarray:
        """Walk `rows` through the trees `roots` at once, tree-major, trees in ascending depth
        (`roots` is in that order; `order` maps it back to tree order).

        At each level the trees still walking are a tail of the node array, from tree
        `walking_from[level]` on.
        """
        n_rows, n_trees = len(rows), len(roots)
        flat = X.ravel()
        row_base = np.tile(rows * X.shape[1], n_trees)
        node = np.repeat(roots, n_rows)
        has_nan = bool(np.isnan(X[rows]).any())
        for first_tree in walking_from:
            tail = first_tree * n_rows
            at = node[tail:]
            x = flat.take(row_base[tail:] + self.feature.take(at))
            right = x > self.threshold.take(at)
            if has_nan:
                right |= np.isnan(x) & ~self.missing_left.take(at)
            node[tail:] = self.child.take(at) + right
        terms = np.empty((n_trees + 1, n_rows))
        terms[0] = start
        terms[1 + order] = self.value.take(node).reshape(n_trees, n_rows)
        # Trees added one by one in scikit-learn's order, so the floats are exactly its: a
        # reduction over the outer axis adds row after row, but a single column would be
        # summed pairwise, so one row takes the (slower) running sum.
        if n_rows == 1:
            return np.cumsum(terms, axis=0)[-1]
        return np.add.reduce(terms, axis=0)


def linear_of(clf: object) -> LinearScorer:
    """A fitted scikit-learn linear classifier (`coef_`, `intercept_`) as a `LinearScorer`."""
    coef = np.asarray(clf.coef_, dtype=np.float32)  # type: ignore[attr-defined]
    intercept = np.asarray(clf.intercept_, dtype=np.float64)  # type: ignore[attr-defined]
    return LinearScorer(np.atleast_2d(coef), np.atleast_1d(intercept))


def _float32_at_most(value: float) -> np.float32:
    """The largest float32 <= value: `x <= it` equals `x <= value` for every float32 x."""
    rounded = np.float32(value)
    if float(rounded) > value:
        rounded = np.nextafter(rounded, np.float32(-np.inf))
    return rounded


def trees_of(clf: object) -> TreeScorer:
    """A fitted binary `HistGradientBoostingClassifier` as a `TreeScorer` (exact logits).

    Fails loudly on what the scorer does not evaluate: categorical splits, several trees
    per iteration (more than two classes).
    """
    if getattr(clf, "n_trees_per_iteration_", None) != 1:
        raise ValueError("trees_of converts a binary HistGradientBoostingClassifier only")
    categorical = getattr(clf, "is_categorical_", None)
    if categorical is not None and np.any(categorical):
        raise ValueError("the token model uses categorical features: TreeScorer cannot run it")
    features, thresholds, children, missing, values, roots, depths = [], [], [], [], [], [], []
    offset = 0
    for (predictor,) in clf._predictors:  # type: ignore[attr-defined]
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("the token model has categorical splits: TreeScorer cannot run them")
        order = _breadth_first(nodes)
        renumber = {old: new for new, old in enumerate(order)}
        for new, old in enumerate(order):
            node = nodes[old]
            leaf = bool(node["is_leaf"])
            features.append(0 if leaf else int(node["feature_idx"]))
            thresholds.append(np.float32(np.inf) if leaf
                              else _float32_at_most(float(node["num_threshold"])))
            children.append(offset + (new if leaf else renumber[int(node["left"])]))
            missing.append(leaf or bool(node["missing_go_to_left"]))  # a leaf stays put
            values.append(float(node["value"]))
        roots.append(offset)
        depths.append(int(nodes["depth"].max()))
        offset += len(order)
    baseline = float(np.ravel(clf._baseline_prediction)[0])  # type: ignore[attr-defined]
    return TreeScorer(np.array(features, dtype=np.int64), np.array(thresholds, dtype=np.float32),
                      np.array(children, dtype=np.int64), np.array(missing, dtype=bool),
                      np.array(values, dtype=np.float64), np.array(roots, dtype=np.int32),
                      np.array(depths, dtype=np.int32), baseline)


def _breadth_first(nodes: np.ndarray) -> list[int]:
    """Node ids in an order where each split node's left and right children are adjacent."""
    order, k = [0], 0
    while k < len(order):
        node = nodes[order[k]]
        if not node["is_leaf"]:
            order += [int(node["left"]), int(node["right"])]
        k += 1
    return order
