"""Cleaning: remove injected spans and repair what they broke; drop promo and template lines.

The flow for one page (`clean_page`): every line keeps its label's fate — clean lines are
kept byte for byte; promo lines go; residue lines go when a template zone or the corpus
confirms them (`spamdet.zones.CONFIRMED_RESIDUE`) unless residue is kept; injected spans are
cut out with the separator that attached them (`SEOUL,Poinbank South Korea` ->
`SEOUL, South Korea`); a line left with nothing but separators goes, and so does a cleaned
line that only repeats another line of the page (a breadcrumb glued to a copy of the
headline). When the contamination removed is more than `drop_share` of what would be left
plus what was removed, the page is marked `drop` instead of being returned gutted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spamdet.config import DROP_SHARE
from spamdet.context import line_key
from spamdet.normalize import MARK, compose
from spamdet.parse import LINE_BREAKS
from spamdet.records import PageReport, SegmentReport, Span
from spamdet.separators import SPACED, SYMBOLS
from spamdet.zones import CONFIRMED_RESIDUE

_SPACED = re.escape(SPACED)
_SEP_AFTER = re.compile(
    rf"^[ \t]*(?:[{SYMBOLS}:\-–—/]+|[\]】)]|[{_SPACED}]+(?=[ \t])|[{_SPACED}]{{2,}})?[ \t]*")
_SEP_BEFORE = re.compile(
    rf"[ \t]*(?:[{SYMBOLS}:<\-–—/]+|[\[【(]|(?<=[ \t])[{_SPACED}]+|[{_SPACED}]{{2,}})?[ \t]*$")
_LEFTOVER = " \t:|-–—_~•·»>/\\()[]【】"
_CHUNK_ENDS = ":|-–—_~•·»>/\\"
"""Separators that end a line's chunk: a brand standing between one and the next goes with
the second (`Home > News > Brand: Headline` -> `Home > News > Headline`)."""
_PAIRS = {"(": ")", "[": "]", "【": "】", "「": "」", "{": "}", "《": "》", "〈": "〉"}
_WORD = re.compile(r"\w+")
_LINE_END = re.compile(f"[{LINE_BREAKS}]")

DUPLICATE_MIN_WORDS = 4
"""A cleaned line is a duplicate when it contains another line of at least this many words."""
ACTIONS = ("keep", "clean", "drop")
"""`keep`: nothing to remove, text unchanged; `clean`: text changed; `drop`: page gutted."""
CLEAN_KEY = "spamdet_clean"
"""Where a cleaned record (`spamdet clean`'s JSONL, datatrove's metadata) says its action."""
REMOVED = ("spans", "promo_lines", "residue_lines", "brand_lines", "duplicate_lines")
"""The counts of what cleaning removed (`Cleaned`'s fields of those names)."""


@dataclass(frozen=True)
class Cleaned:
    """What cleaning did to one page.

    text: the cleaned text ("" when the page is dropped).
    action: one of `ACTIONS`.
    words: words in the page's lines; kept_words: words left after cleaning (before any drop);
    contamination_words: words of injected spans, brand and promo lines removed.
    spans, promo_lines, residue_lines, brand_lines, duplicate_lines: what was removed.
    rounds: cleaning rounds (each after a rescan of the previous round's text).
    scored_in_part: only part of the page was scored (`PageReport.scored_in_part`: past
        `Config.max_segments` lines or `max_line_chars` characters of a line); the rest is
        kept as it was, contamination and all.
    """

    text: str
    action: str
    words: int = 0
    kept_words: int = 0
    contamination_words: int = 0
    spans: int = 0
    promo_lines: int = 0
    residue_lines: int = 0
    brand_lines: int = 0
    duplicate_lines: int = 0
    rounds: int = 1
    scored_in_part: bool = False

    @property
    def removed_words(self) -> int:
        return self.words - self.kept_words if self.action != "drop" else self.words

    @property
    def contamination_share(self) -> float:
        """Contamination removed / (contamination removed + words kept): the drop criterion."""
        total = self.contamination_words + self.kept_words
        return self.contamination_words / total if total else 0.0

    @property
    def removed_lines(self) -> int:
        return self.promo_lines + self.residue_lines + self.brand_lines + self.duplicate_lines


def remove_span(line: str, start: int, end: int) -> str:
    """`line` without `line[start:end]`, and without the separator that attached it."""
    left, right = line[:start], line[end:]
    opened, closed = left.rstrip(), right.lstrip()
    if opened and closed and _PAIRS.get(opened[-1]) == closed[0]:
        left, right = opened[:-1], closed[1:]  # `(Brand)`: the brackets go with it
    if not left.strip():
        return left + right[_SEP_AFTER.match(right).end() :]  # type: ignore[union-attr]
    if not right.strip():
        return left[: _SEP_BEFORE.search(left).start()] + right.lstrip()  # type: ignore[union-attr]
    sep = _SEP_AFTER.match(right)
    assert sep is not None
    if sep.end() > 0 and not right[: sep.end()].isspace():
        if left[-1].isalnum() or MARK.match(left[-1]):
            right = right[sep.end() :]
            return left + " " + right if right[:1].isalnum() else left + right
        if left[-1].isspace() and left.rstrip()[-1] in _CHUNK_ENDS:
            # `Home > News > Brand: Headline`: a chunk between two separators; one stays
            return left + right[sep.end() :]
        if left.rstrip()[-1] in ",;":
            if right.lstrip()[:1] in "-–—":  # `SEOUL, Brand — North Korea`: the dash stays
                return left.rstrip()[:-1] + " " + right.lstrip()
            return left + right[sep.end() :]  # `Headline, Brand: more`
    if left[-1] == " " and right[:1] == " ":
        return left + right[1:]
    if left[-1] in ",;" and right[:1].isalnum():
        return left + " " + right
    if left[-1] in ",;" and right[:1] in ",;":  # `MANILA,Brand, Philippines`
        return left + " " + right[1:].lstrip()
    return left + right


def clean_segment(seg: SegmentReport) -> str:
    """The segment text with its spans removed (right to left, so offsets stay valid)."""
    text = seg.text
    for span in sorted(seg.spans, key=lambda s: s.start, reverse=True):
        text = remove_span(text, span.start - seg.start, span.end - seg.start)
    return text


def _words(text: str) -> int:
    return len(_WORD.findall(compose(text)))


def _fates(segments: Sequence[SegmentReport], keep_residue: bool) -> list[str | None]:
    """Per segment: its new text (the same object when untouched), or None to drop it."""
    out: list[str | None] = []
    for seg in segments:
        if seg.label == "promo":
            out.append(None)
        elif seg.label == "residue":
            confirmed = bool(CONFIRMED_RESIDUE.intersection(seg.reasons))
            out.append(None if confirmed and not keep_residue else seg.text)
        elif seg.label == "injection":
            cleaned = clean_segment(seg)
            out.append(cleaned if cleaned.strip(_LEFTOVER) else None)
        else:
            out.append(seg.text)
    return out


def _duplicates(segments: Sequence[SegmentReport], fates: list[str | None]) -> set[int]:
    """Cleaned injected lines that repeat another kept line, or contain it among template.

    Of two equal lines the clean one stays (clean lines are never touched), else the first.
    Each line looks up the lines it contains (`_keys_in`) instead of testing every other
    line: a page of thousands of injected lines costs their number, not its square.
    """
    keys = {i: line_key(text) for i, text in enumerate(fates) if text is not None}
    long = {i: key for i, key in keys.items() if len(key.split()) >= DUPLICATE_MIN_WORDS}
    kept = Counter(long.values())
    """Lines of each key (of at least `DUPLICATE_MIN_WORDS` words) not dropped."""
    untouched = Counter(key for i, key in long.items() if segments[i].label != "injection")
    earlier: Counter[str] = Counter()
    """Injected lines of each key kept so far."""
    index = _key_index(kept)
    dropped: set[int] = set()
    for i, seg in enumerate(segments):
        if seg.label != "injection" or i not in keys:
            continue
        mine = keys[i]
        if (untouched[mine] or earlier[mine]
                or any(kept[key] and key != mine for key in _keys_in(mine, index))):
            dropped.add(i)
            if i in long:
                kept[mine] -= 1
        elif i in long:
            earlier[mine] += 1
    return dropped


class _Node:
    """A node of `_key_index`: the next inner words, and where inner words end, each first
    word of a key with the last words it has."""

    __slots__ = ("ends", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.ends: dict[str, set[str]] = {}


def _key_index(keys: Iterable[str]) -> _Node:
    """Line keys of at least three words in a trie of their inner words (all but the first
    and the last)."""
    root = _Node()
    for key in keys:
        first, *inner, last = key.split()
        node = root
        for word in inner:
            node = node.next.setdefault(word, _Node())
        node.ends.setdefault(first, set()).add(last)
    return root


def _keys_in(line: str, index: _Node) -> Iterator[str]:
    """The keys of `index` that are substrings of `line` (a `line_key`).

    A key `w1 … wm` is one when its inner words are words `t[p..q]` of the line, `w1` ends
    `t[p-1]` and `wm` starts `t[q+1]` (keys and lines are words joined by single spaces).
    """
    words = line.split()
    for p in range(1, len(words) - 1):
        node = index
        for q in range(p, len(words) - 1):
            step = node.next.get(words[q])
            if step is None:
                break
            node = step
            if node.ends:
                inner = " ".join(words[p : q + 1])
                for first in _affixes(node.ends, words[p - 1], str.endswith):
                    for last in _affixes(node.ends[first], words[q + 1], str.startswith):
                        yield f"{first} {inner} {last}"


def _affixes(found: Collection[str], word: str, fits: Callable[[str, str], bool]
             ) -> list[str]:
    """The words of `found` that `word` ends or starts with (`fits`), testing whichever is
    fewer: each of `found`, or each cut of `word`."""
    if len(found) <= len(word):
        return [other for other in found if fits(word, other)]
    cuts = (word[k:] for k in range(len(word))) if fits is str.endswith else (
        word[:k] for k in range(len(word), 0, -1))
    return [cut for cut in cuts if cut in found]


def clean_page(report: PageReport, keep_residue: bool = False,
               drop_share: float = DROP_SHARE) -> Cleaned:
    """Clean one scored page, one round; a page with nothing to remove comes back unchanged."""
    segments = report.segments
    fates = _fates(segments, keep_residue)
    for i in _duplicates(segments, fates):
        fates[i] = None
    words = sum(_words(s.text) for s in segments)
    if all(fate is seg.text for fate, seg in zip(fates, segments, strict=True)):
        return Cleaned(report.text, "keep", words, words,
                       scored_in_part=report.scored_in_part)
    text = report.text
    pieces: list[str] = []
    cursor = 0
    lead = text[: segments[0].start]
    contamination = kept = 0
    counts = dict.fromkeys(REMOVED, 0)
    kept_last = False  # whether the line before this gap was kept
    for seg, fate in zip(segments, fates, strict=True):
        tail, gap = _tail(text[cursor : seg.start], kept_last)
        cursor = seg.end
        n = _words(seg.text)
        kept_last = fate is not None
        if fate is None:
            if tail:  # the unscored end of the kept line before
                pieces.append(tail)
            if seg.label == "promo":
                counts["promo_lines"] += 1
                contamination += n
            elif seg.label == "residue":
                counts["residue_lines"] += 1
            elif clean_segment(seg).strip(_LEFTOVER):
                counts["duplicate_lines"] += 1
                counts["spans"] += len(seg.spans)
                contamination += n - _words(clean_segment(seg))
            else:
                counts["brand_lines"] += 1
                counts["spans"] += len(seg.spans)
                contamination += n
            continue
        pieces.append(tail + gap if pieces else lead)
        pieces.append(fate)
        left = _words(fate)
        kept += left
        if fate is not seg.text:
            counts["spans"] += len(seg.spans)
            contamination += n - left
    pieces.extend(_tail(text[cursor:], kept_last))
    cleaned = Cleaned("".join(pieces), "clean", words, kept, contamination, **counts,
                      scored_in_part=report.scored_in_part)
    return _guarded(cleaned, drop_share)


def _tail(gap: str, kept_last: bool) -> tuple[str, str]:
    """The text between two segments as (the end of the line before, the rest). The end of
    a line is text only where the line was scored in part (`lines_cut`): it stays or goes
    with its line, and the rest (the line break on) with the line after."""
    end = _LINE_END.search(gap)
    cut = end.start() if end else len(gap)
    if not gap[:cut].strip():
        return "", gap
    return (gap[:cut] if kept_last else ""), gap[cut:]


def _guarded(cleaned: Cleaned, drop_share: float) -> Cleaned:
    """The DCLM-like guard: a page whose contamination share is over `drop_share` is dropped."""
    if cleaned.action != "keep" and cleaned.contamination_share > drop_share:
        return replace(cleaned, text="", action="drop")
    return cleaned


def next_round(first: Cleaned, then: Cleaned, drop_share: float = DROP_SHARE) -> Cleaned:
    """`first` followed by `then`, the cleaning of a rescan of `first.text`."""
    if first.action != "clean" or then.action == "keep":
        return first
    merged = Cleaned(
        then.text, "clean", first.words, then.kept_words,
        first.contamination_words + then.contamination_words,
        **{name: getattr(first, name) + getattr(then, name) for name in REMOVED},
        rounds=first.rounds + then.rounds)
    # a dropped `then` has a larger share than its own, so the merged page is dropped too
    return _guarded(merged, drop_share)


def clean_report(report: PageReport, keep_residue: bool = False,
                 drop_share: float = DROP_SHARE) -> str:
    """The cleaned text of a page ("" when it is dropped: see `clean_page`)."""
    return clean_page(report, keep_residue, drop_share).text


def spans_of(report: PageReport) -> list[Span]:
    """Every injected span of a page, in page order."""
    return [span for seg in report.segments for span in seg.spans]
