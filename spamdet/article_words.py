"""What an article's prose says about a word of its title: the words it puts side by side,
and whether it accounts for a word it never uses (spells it out, spells it otherwise, or
uses a part of it).

A rule that reads a coined title word as a brand spliced into the title
(`title_glue._spliced`) asks both: a brand breaks a phrase the article has, and the article
has no other form of it. Reuters titles hold the rest: initials the body spells out (`Nyse
Sells 17 Nyfe Seats` over `the New York Futures Exchange`), a name spelt otherwise
(`Corroon` over `Carroon and Black Corp`, `Electricte` over `Electricite`) and compounds of
the article's words (`Spanish Sunoil Exporters` over `sunflower oil`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, reduce
from operator import or_

from spamdet.lexicon import MISSPELT_ZIPF, ZIPF_SCALE, Lexicon, list_words, norm

EDGE_PUNCT = "\"'“”‘’«»()[].,;:!?<>"
MAX_EDITS = 2
"""Edits between a title word and a word of the article that spells it otherwise."""
MAX_SPELT = 24
"""Letters of the longest word read as initials or word starts (`Fhlbb`, `Nipsco`): past
it the walk over the prose grows with the word's length, and no phrase is abbreviated so."""
MIN_PART = 3
"""Letters of a compound's part."""
MIN_VOUCHED = 4
"""Title words the prose must vouch for before a coined one among them reads as spliced."""
MIN_CLIP = 4
"""Letters a clipped name keeps of the first word it clips (`Belgo` of Belgium)."""
MIN_STEM_SHARE = 0.7
"""How much of a title word a word of the article starting or ending it must hold
(`timecharter` for `Timechartering`, `influencers` for `finfluencers`), or it of a word it
starts (`Euromissile` for `euromissiles`)."""


@dataclass(frozen=True)
class ArticleWords:
    """The article's prose words in lower case, edge punctuation stripped, in order; and
    those of them it capitalises inside a sentence (names)."""

    words: tuple[str, ...]
    capital: tuple[bool, ...]
    names: frozenset[str]

    @classmethod
    def of(cls, lines: Sequence[str]) -> ArticleWords:
        words: list[str] = []
        names: set[str] = set()
        for line in lines:
            spaced = [w.strip(EDGE_PUNCT) for w in line.split()]
            words += spaced
            names.update(w.lower() for before, w in zip(spaced, spaced[1:], strict=False)
                         if w[:1].isupper() and not before.endswith((".", "!", "?")))
        return cls(tuple(w.lower() for w in words), tuple(w[:1].isupper() for w in words),
                   frozenset(names))

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """The prose's distinct words."""
        return frozenset(w for w in self.words if w)

    def named(self, word: str) -> bool:
        """Does the prose capitalise `word` (any case) inside a sentence: a name it uses?"""
        return word.strip(EDGE_PUNCT).lower() in self.names

    def side_by_side(self, first: str, second: str, named: bool = False) -> bool:
        """Do the words `first` and `second` (any case) stand side by side in the prose, not
        both stop words (and, when `named`, as a name: neither a stop word, both capitalised)?"""
        a, b = first.strip(EDGE_PUNCT).lower(), second.strip(EDGE_PUNCT).lower()
        stop = list_words("stopwords")
        if (a in stop and b in stop) or (named and (a in stop or b in stop)):
            return False
        words = self.words
        return any(words[i] == a and words[i + 1] == b
                   and (not named or (self.capital[i] and self.capital[i + 1]))
                   for i in range(len(words) - 1))

    def vouches(self, words: Sequence[str]) -> bool:
        """Does the prose use all but one of `words` (the title's other words, stop words left
        out; at least `MIN_VOUCHED` of letters, a plural or singular form counting)?"""
        keys = [w.strip(EDGE_PUNCT).lower() for w in words]
        keys = [k for k in keys if k.isalpha() and len(k) >= 3]
        used = sum(k in self.vocabulary or k + "s" in self.vocabulary
                   or k.rstrip("s") in self.vocabulary for k in keys)
        return len(keys) >= MIN_VOUCHED and used >= len(keys) - 1

    def accounted(self, word: str, lexicon: Lexicon) -> bool:
        """Does the prose account for `word`, which it never uses: are they the initials of
        its words or their starts, stop words skipped or not (`Fhlbb`: Federal Home Loan Bank
        Board; `Nipsco`: Northern Indiana Public Service Co), one of its words with up to
        `MAX_EDITS` edits (`Corroon`: Carroon), one of its words in another form or blended
        (`MIN_STEM_SHARE`), two of its names clipped (`Belgolux`: Belgium, Luxembourg), or is
        `word` two common words one of which it uses (`Sunoil`: oil)?"""
        low = norm(word)
        return (self._initials(low) or self._spelt_otherwise(low) or self._stem_of(low)
                or self._compound_of(low, lexicon) or self._clipped(low))

    def _initials(self, low: str) -> bool:
        if len(low) > MAX_SPELT:
            return False
        stop = list_words("stopwords")
        steps: dict[str, list[int]] = {}  # each word's `_steps` through `low`, found once
        for at, first in enumerate(self.words):
            if first[:1] != low[:1]:
                continue
            for skip in (True, False):
                run = [w for w in self.words[at:at + 2 * len(low)]
                       if w and not (skip and w in stop)]
                if _starts_of(low, run[:len(low)], steps):
                    return True
        return False

    def _spelt_otherwise(self, low: str) -> bool:
        return any(abs(len(w) - len(low)) <= MAX_EDITS and w[:1] == low[:1]
                   and _within_edits(w, low, MAX_EDITS) for w in self.vocabulary if w != low)

    def _stem_of(self, low: str) -> bool:
        return any(min(len(w), len(low)) >= MIN_STEM_SHARE * max(len(w), len(low))
                   and (low.startswith(w) or w.startswith(low) or low.endswith(w))
                   for w in self.vocabulary)

    def _clipped(self, low: str) -> bool:
        """Is `low` the clipped starts of two names of the article (`Belgolux`: Belgium,
        Luxembourg; `Bayernverein`: Bayerische Vereinsbank): a head sharing its first
        `MIN_CLIP` letters with one, a tail of `MIN_PART` letters or more starting another?"""
        names = self.capitalised
        for cut in range(MIN_PART, len(low) - MIN_PART + 1):
            head, tail = low[:cut][:MIN_CLIP], low[cut:]
            if _starts_one(names, tail) and _starts_one(names, head):
                return True
        return False

    @cached_property
    def capitalised(self) -> tuple[str, ...]:
        """The prose's words it writes with a capital (lower-cased), and a hyphenated one's
        parts (`Belgo-Luxembourg`), sorted: those a piece starts stand together."""
        return tuple(sorted({part for w, cap in zip(self.words, self.capital, strict=True)
                             if cap for part in (w, *w.split("-")) if part}))

    def _compound_of(self, low: str, lexicon: Lexicon) -> bool:
        return any(any(w.startswith(parts) for w in self.vocabulary)
                   for parts in _common_parts(low, lexicon))


def _starts_of(low: str, run: Sequence[str], steps: dict[str, list[int]] | None = None
               ) -> bool:
    """Is `low` the starts of the words of `run` in order, from the first, one or more
    letters each (`fhlbb`: Federal Home Loan Bank Board; `nipsco`: Northern Indiana Public
    Service Co)? Kept as a bit set of the lengths of `low` the words so far spell, each
    word moving it by its `_steps` (`steps`: a cache of them): trying every split instead
    took seconds on a title word of twenty letters over an article of look-alike words."""
    steps = {} if steps is None else steps
    done = 1 << len(low)
    reached = 1
    for word in run:
        if reached & done:
            return True
        if word not in steps:
            steps[word] = _steps(low, word)
        reached = reduce(or_, ((reached & at) << k for k, at in enumerate(steps[word], 1)), 0)
        if not reached:
            return False
    return bool(reached & done)


def _steps(low: str, word: str) -> list[int]:
    """For k = 1, 2, …: the bit set of the places in `low` where `word`'s first k letters
    stand (none past the last place any of them does)."""
    out = []
    for k in range(1, min(len(word), len(low)) + 1):
        piece, bits = word[:k], 0
        at = low.find(piece)
        while at >= 0:
            bits |= 1 << at
            at = low.find(piece, at + 1)
        if not bits:
            break
        out.append(bits)
    return out


def _common_parts(low: str, lexicon: Lexicon) -> Iterator[tuple[str, str]]:
    """The ways `low` splits into two common words of `MIN_PART` letters or more."""
    common = MISSPELT_ZIPF / ZIPF_SCALE
    for cut in range(MIN_PART, len(low) - MIN_PART + 1):
        head, tail = low[:cut], low[cut:]
        if lexicon.web_of(head) >= common and lexicon.web_of(tail) >= common:
            yield head, tail


def _starts_one(words: Sequence[str], piece: str) -> bool:
    """Does `piece` start one of the sorted `words`? (Looked up, not tried on each: a
    hostile page's long title words over thousands of names took seconds.)"""
    at = bisect_left(words, piece)
    return at < len(words) and words[at].startswith(piece)


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Is the Levenshtein distance between `a` and `b` `limit` or less? Only the cells within
    `limit` of the diagonal can be, and the walk stops once a row has none (the full table
    of two long look-alike words took seconds on a hostile page)."""
    if abs(len(a) - len(b)) > limit:
        return False
    over = limit + 1
    row = [min(j, over) for j in range(len(b) + 1)]  # cells never written stay `over`
    for i, ca in enumerate(a, 1):
        lo, hi = max(1, i - limit), min(len(b), i + limit)
        diagonal = row[lo - 1]
        row[lo - 1] = min(i, over) if lo == 1 else over
        best = row[lo - 1]
        for j in range(lo, hi + 1):
            above = row[j]
            row[j] = min(above + 1, row[j - 1] + 1, diagonal + (ca != b[j - 1]), over)
            diagonal = above
            best = min(best, row[j])
        if best > limit:
            return False
    return row[len(b)] <= limit
