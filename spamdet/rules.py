"""The rules baseline: hand-set weights over the same named signals, scored the same way.

It is what the learned model must beat; the model card reports both side by side.
"""

from __future__ import annotations

import numpy as np

from spamdet.features import SegmentFeatures, TokenFeatures
from spamdet.lexicon import Lexicon
from spamdet.model import Pedigree, SpamModel, Thresholds
from spamdet.scorers import LinearScorer

TOKEN_RULES = {
    "absent_side_capital": 3.0,
    "absent_glued": 3.0,
    "dateline_foreign": 1.5,
    "absent_name_line": 3.0,
    "recurs_suspicious": 1.0,
    "common_word": -2.0,
    "place_word": -2.0,
    "outlet_word": -2.0,
    "after_byline_word": -3.0,
}
TOKEN_BIAS = -2.5

PROMO_RULES = {"offtopic_crypto": 3.0, "promo_words": 2.0, "brand_colon_headline": 1.0,
               "money_gain": 1.0, "symbol_share": 1.0, "second_person": 1.0}
PROMO_BIAS = -3.0
RESIDUE_RULES = {"counter_widget": 3.0, "breadcrumb": 2.0, "template_date": 3.0,
                 "widget_header": 3.0, "duplicate_line": 2.0, "rule_line": 3.0,
                 "copyright_notice": 3.0, "url_present": 2.0, "headline_run": 2.0,
                 "after_article": 0.5, "role_body": -3.0}
RESIDUE_BIAS = -2.0


def _row(weights: dict[str, float], names: list[str], width: int) -> np.ndarray:
    row = np.zeros(width)
    for name, weight in weights.items():
        row[names.index(name)] = weight
    return row


def rules_model(lexicon: Lexicon, pedigree: Pedigree) -> SpamModel:
    """A `SpamModel` whose classifiers are the hand-set rules above."""
    seg_f = SegmentFeatures().fit([])
    tok_f = TokenFeatures().fit([])
    seg_names = list(seg_f.signal_names())
    width = seg_f.n_signals_ + seg_f.n_hash
    seg_coef = np.vstack([np.zeros(width), _row(PROMO_RULES, seg_names, width),
                          _row(RESIDUE_RULES, seg_names, width)])
    seg_clf = LinearScorer(seg_coef.astype(np.float32),
                           np.array([0.0, PROMO_BIAS, RESIDUE_BIAS]))
    tok_names = list(tok_f.signal_names())
    tok_coef = _row(TOKEN_RULES, tok_names, len(tok_names))[None, :]
    tok_clf = LinearScorer(tok_coef.astype(np.float32), np.array([TOKEN_BIAS]))
    return SpamModel(lexicon, seg_f, tok_f, seg_clf, tok_clf, Thresholds(0.5, 0.5), pedigree)
