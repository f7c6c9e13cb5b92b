"""Page recall at fixed page-FPR budgets on the Reuters validation and test splits.

    python benchmarks/fixed_fpr.py [--model PATH --trust-model]   # needs ../shared

Ranks the generated pages (the training generator, two rounds of validation pages, the
test split with test-split brands) by page score and reads page recall where 0.25, 0.5,
1 and 2 % of the clean pages score above the cut; also the recall and FPR at the model's
own threshold. Two models compared on the same pages this way do not depend on where
each one's threshold landed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import add_model_options, chosen_model, corpora, one_thread  # noqa: E402

one_thread()

import numpy as np  # noqa: E402

from spamdet.score import page_margin  # noqa: E402
from spamdet.training import VAL_ROUNDS, generate, page_evidence  # noqa: E402

BUDGETS = (0.0025, 0.005, 0.01, 0.02)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_model_options(parser)
    model = chosen_model(parser.parse_args())
    source = corpora()
    sets = {"val": [page for rnd in range(VAL_ROUNDS)
                    for page in generate(source, "val", rnd, prefix=f"val{rnd}")],
            "test": generate(source, "test", 0)}
    for name, pages in sets.items():
        tok, promo = page_evidence(model, pages)
        score = np.array([page_margin(t, p, model.thresholds)
                          for t, p in zip(tok, promo, strict=True)])
        dirty = np.array([p.contaminated for p in pages])
        clean = np.sort(score[~dirty])[::-1]
        cells = [f"{name} ({len(pages)} pages): at threshold recall "
                 f"{np.mean(score[dirty] >= 0):.3f}, FPR {np.mean(score[~dirty] >= 0):.4f}"]
        for budget in BUDGETS:
            k = int(budget * len(clean))
            cut = clean[k] if k < len(clean) else -np.inf
            cells.append(f"recall at FPR {budget * 100:g} % {np.mean(score[dirty] > cut):.3f}")
        print("; ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
