"""Named signals: small pure functions, registered under the name reports and the card use.

`TOKEN_SIGNALS` measure one candidate token in its line and page; `SEGMENT_SIGNALS`
measure one segment in its page. Each returns a float (0.0 on empty input).
"""

from spamdet.signals.segments import SEGMENT_SIGNALS, SegmentView
from spamdet.signals.tokens import TOKEN_SIGNALS, TokenView, candidates

__all__ = ["SEGMENT_SIGNALS", "TOKEN_SIGNALS", "SegmentView", "TokenView", "candidates"]
