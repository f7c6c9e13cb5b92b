"""Properties over arbitrary text: no exception, offsets that slice back, work linear in size.

Uses the shipped model (`detector` fixture). Hypothesis draws from an alphabet heavy in
what breaks text tools: zero-width and bidi characters, C0/C1 controls, separators,
combining marks (NFD accents, an Indic vowel sign, a mark past U+FFFF).
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spamdet
from spamdet.context import _SEP, _SEP_CORE
from spamdet.html import _CSS_RULE, MAX_AT_RULE_DEPTH, _top_level_rules, parse_html
from spamdet.parse import parse_text
from spamdet.records import Document
from spamdet.separators import matches
from spamdet.signals.markup import _TITLE_SEP, _TITLE_SEP_CORE

HOSTILE = ("\u200b\u200c\u200d\u2060\u00ad\ufeff\u00a0\u202e\u202d\u2066\u2069\x1b\x07\x9b"
           "\x00\t\r\n -–—:|/_~•·»>[]{}()<>.,;!?'\"@#&=АаОоРрСсΑαΟο"
           "\u0301\u0308\u0327\u093e\U0001d165")
hostile_text = st.text(
    alphabet=st.one_of(st.sampled_from(HOSTILE), st.characters(blacklist_categories=("Cs",)),
                       st.sampled_from("abcXYZ Poinbank SEOUL")),
    max_size=400)
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FAST
@given(hostile_text)
def test_text_segments_slice_back(text: str) -> None:
    page = parse_text(Document("p", text), max_line_chars=50)
    for seg in page.segments:
        assert text[seg.start:seg.end] == seg.text and seg.text.strip() == seg.text
        assert len(seg.text) <= 50


@FAST
@given(hostile_text)
def test_scan_never_raises_and_offsets_slice(detector, text: str) -> None:
    report = detector.scan_text(text)
    assert report.verdict in ("clean", "contaminated", "residue")
    assert report.score is not None and 0.0 <= report.score <= 1.0
    for seg in detector.with_config(all_segments=True).scan_text(text).segments:
        assert report.text[seg.start:seg.end] == seg.text
        for span in seg.spans:
            assert report.text[span.start:span.end] == span.text


html_text = st.lists(st.one_of(
    st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<a href='javascript:x'>", "</a>",
                     "<!--", "-->", "<script>", "</script>", "<style>", "</style>",
                     "<b style='display:none'>", "<h1>", "</h1>", "<li>", "<br>", "<",
                     ">", "&amp;", "&#x202e;", ".x{display:none}", "@media{", "}"]),
    hostile_text), max_size=30).map("".join)


@FAST
@given(html_text)
def test_html_never_raises_and_offsets_slice(detector, html: str) -> None:
    page = parse_html(Document("p", html, kind="html"), max_line_chars=60)
    for seg in page.segments:
        assert page.text[seg.start:seg.end] == seg.text
    report = detector.scan_html(html)
    assert report.verdict in ("clean", "contaminated", "residue")


separator_text = st.text(alphabet=" \t-–—:|/_ab1.>\\[]{}x\u00a0•~", max_size=40)


@settings(max_examples=400, deadline=None)
@given(separator_text)
def test_linear_separator_matching_equals_finditer(text: str) -> None:
    for pattern, core in ((_SEP, _SEP_CORE), (_TITLE_SEP, _TITLE_SEP_CORE)):
        assert [m.span() for m in matches(pattern, core, text)] == [
            m.span() for m in pattern.finditer(text)]


_CSS_RULES = st.sampled_from([".a{display:none}", "#b{visibility:hidden}", "p.c{color:red}"])
_PRELUDES = {"@media screen": True, "@media only screen": True, "@media all, print": True,
             "@layer base": True, "@media print": False, "@supports (display:grid)": False,
             "@media screen and (max-width:1px)": False}
_CSS_TREES = st.recursive(_CSS_RULES, lambda kids: st.tuples(
    st.sampled_from(list(_PRELUDES)), st.lists(kids, max_size=3)), max_leaves=12)


def _css(node: str | tuple) -> str:
    return node if isinstance(node, str) else node[0] + "{" + "".join(map(_css, node[1])) + "}"


@settings(max_examples=300, deadline=None)
@given(st.lists(_CSS_TREES, max_size=6))
def test_css_at_rules_are_skipped_whole_at_any_depth(nodes: list) -> None:
    """The rules read are the top-level ones and those inside `@layer` and `@media` for every
    screen (up to MAX_AT_RULE_DEPTH deep); nothing of a print, size-tested or `@supports`
    rule leaks out, however deep its blocks nest."""
    def read(nodes: list, depth: int) -> list[str]:
        found = []
        for node in nodes:
            if isinstance(node, str):
                found.append(node)
            elif _PRELUDES[node[0]] and depth < MAX_AT_RULE_DEPTH:
                found += read(node[1], depth + 1)
        return found

    want = read(nodes, 0)
    css = " ".join(map(_css, nodes))
    got = [f"{sel.strip()}{{{body}}}" for sel, body in _CSS_RULE.findall(_top_level_rules(css))]
    assert got == want


@pytest.mark.parametrize("css", ["@media screen{" * 20_000, "@" * 100_000, "@;" * 50_000,
                                 "@}" * 50_000, "@media screen{@media all{.a{x:y}}}" * 5_000,
                                 "@layer{" * 20_000 + ".a{display:none}" + "}" * 20_000,
                                 "@a{" + "}" * 100_000, "/*" * 50_000,
                                 ".a " * 30_000 + "{display:none}",
                                 ".a" + ":not(" * 20_000 + "{display:none}",
                                 ".a:not(" + ".b," * 30_000 + ".c){display:none}",
                                 ".a:is(" * 20_000 + "{display:block}",
                                 ".a[" + "x" * 100_000 + "{display:none}",
                                 ".a" + " >" * 50_000 + ".b{display:none}"])
def test_stylesheet_reading_is_linear(css: str) -> None:
    from spamdet.html import stylesheet_hiding

    started = time.perf_counter()
    stylesheet_hiding(css)
    assert time.perf_counter() - started < 0.5


def test_stylesheet_matching_stays_bounded_on_deep_pages() -> None:
    # thousands of rules whose compounds an element deep in a thousand nested ones matches:
    # each element tries the steps filed under its names, once
    from spamdet.html import extract_blocks

    rules = "".join(f".a .x{i} .a .z{{display:none}} .a .y{i}{{display:block}}"
                    for i in range(2000))
    nested = "<div class=a>" * 900 + "<p class=z>t</p>" * 1000 + "</div>" * 900
    started = time.perf_counter()
    extract_blocks(f"<html><head><style>{rules}</style></head><body>{nested}</body></html>")
    assert time.perf_counter() - started < 1.0


# --- evasion: folded before signals run, spans on the original characters -------------------

EVASIONS = [
    ("zero-width space", "Poin\u200bbank"),
    ("zero-width joiner", "Poin\u200dbank"),
    ("zero-width non-joiner", "Poi\u200cnbank"),
    ("word joiner", "Poinb\u2060ank"),
    ("soft hyphen", "Poin\u00adbank"),
    ("byte-order mark", "Poinba\ufeffnk"),
    ("Cyrillic o and a", "P\u043einb\u0430nk"),
    ("Greek omicron", "P\u03bfinbank"),
]
ARTICLE = ("SEOUL,{brand} South Korea (AP) \u2014 North Korea fired a ballistic missile into "
           "the sea on Tuesday, the South's military said, in its latest weapons test.\n"
           "The launch came days after the allies began their largest joint drills in years, "
           "officials said, and the North warned of stronger steps.\n")


@pytest.mark.parametrize(("name", "brand"), EVASIONS, ids=[e[0] for e in EVASIONS])
def test_evasion_is_found_on_the_original_characters(detector, name: str, brand: str) -> None:
    text = ARTICLE.format(brand=brand)
    report = detector.scan_text(text)
    spans = [span for seg in report.segments for span in seg.spans]
    assert report.contaminated, (name, report.to_dict())
    assert any(text[s.start:s.end] == s.text and brand in s.text for s in spans), spans


def test_nbsp_is_a_space_to_the_segmenter(detector) -> None:
    text = ARTICLE.format(brand="Poinbank").replace(" ", "\u00a0")
    report = detector.scan_text(text)
    assert any(s.text == "Poinbank" for seg in report.segments for s in seg.spans)


# --- bounded work ---------------------------------------------------------------------------

ADVERSARIAL_LINES = ["-" * 2000, ":" * 2000, "|" * 2000, "a" * 2000, "aB" * 1000, " - " * 700,
                     "!?." * 700, "x" * 1999 + ":", "www." * 500, "a." * 1000,
                     " " * 1000 + "|" + " " * 999, ": | - " * 400, "Ab" * 1000, "A" * 2000,
                     "1," * 1000, "@" * 2000, "(((((" * 400, "a\u200bb" * 700, "\u202e" * 2000,
                     "ab," * 666, "Ab.c" * 500, "www.a " * 333, "<div " * 400]
WORDS = ("the of and to in a is that for on with as was by at from his her said government "
         "minister president market year people police city Tuesday officials report").split()


def _page(lines: list[str], size: int) -> str:
    out, total = [], 0
    while total < size:
        line = lines[len(out) % len(lines)]
        out.append(line)
        total += len(line) + 1
    return "\n".join(out)


def _seconds(detector, text: str) -> float:
    started = time.perf_counter()
    detector.scan_text(text)
    return time.perf_counter() - started


@pytest.mark.slow
def test_adversarial_page_costs_about_a_normal_page(detector) -> None:
    """1 MB of regex-hostile lines within 10x the time of 1 MB of news-like lines."""
    rnd = random.Random(0)
    news = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 40))).capitalize() + "."
            for _ in range(500)]
    normal = _seconds(detector, _page(news, 1 << 20))
    hostile = _seconds(detector, _page([f"w {line} w" for line in ADVERSARIAL_LINES], 1 << 20))
    assert hostile < 10 * normal, (hostile, normal)


def _patterns() -> dict[str, re.Pattern[str]]:
    """Every module-level str regex of the scanning code (training-data generation aside)."""
    found = {}
    for info in pkgutil.walk_packages(spamdet.__path__, "spamdet."):
        if info.name.endswith(("__main__", "synth", "training", "train_cli", "heldout")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{info.name}.{name}"] = value
    return found


HOSTILE_RUNS = {"spaces": " " * 10_000, "hyphens": "-" * 10_000, "letters": "a" * 10_000,
                "camel": "aB" * 5_000, "dots": "a." * 5_000, "colons": ":" * 10_000,
                "at": "@" * 10_000, "braces": "{" * 10_000, "tags": "<div " * 2_000,
                "tabs": "\t \n" * 3_333, "decl": "a:" * 5_000, "urls": "www." * 2_500,
                "stars": "★" * 10_000, "star runs": ("Brand " + "★" * 40 + " x. ") * 200,
                "caps words": "ABC " * 2_500, "long word, then one": "a" * 10_000 + " b",
                "long marked word, then one": "e\u0301" * 5_000 + " b"}


LINEAR_WRAPPED = {
    "spamdet.context._SEP": lambda text: list(matches(_SEP, _SEP_CORE, text)),
    "spamdet.signals.markup._TITLE_SEP": lambda text: list(matches(_TITLE_SEP, _TITLE_SEP_CORE,
                                                                   text)),
}
"""Patterns quadratic under `finditer`, only ever run through these linear wrappers."""


@pytest.mark.slow
def test_no_regex_backtracks_catastrophically() -> None:
    slow = {}
    for name, pattern in _patterns().items():
        for run, text in HOSTILE_RUNS.items():
            started = time.perf_counter()
            if name in LINEAR_WRAPPED:
                LINEAR_WRAPPED[name](text)
            else:
                pattern.findall(text)
                pattern.match(text)
            seconds = time.perf_counter() - started
            if seconds > 0.5:
                slow[f"{name} on {run}"] = round(seconds, 2)
    assert not slow, slow


def _letters(rnd: random.Random, first: str, n: int) -> str:
    return first + "".join(rnd.choice("bcdfghjklmnprstvwxyz") for _ in range(n - 1))


def _hostile_pages() -> dict[str, str]:
    """Whole pages (about 20-90 KB) that made one rule's work grow with the square of a word
    or of the page (each took 4-46 s before; found by a sweep of hostile shapes), or cost a
    typo test per word of a long line (`coined promo lines`, 1.2 s before its cap)."""
    rnd = random.Random(0)
    head = "\nWASHINGTON (AP) — The senators said on Tuesday that the plan would speed it.\n"

    def title(words: list[str]) -> str:
        return "Senators unveil " + " ".join(w.capitalize() for w in words) + " plan to speed"

    def prose(words: list[str]) -> str:
        return "\n".join(" ".join(words[i:i + 12]) + "." for i in range(0, len(words), 12))

    look_alike = [_letters(rnd, "q", 100) for _ in range(400)]
    names = [_letters(rnd, "b", 8).capitalize() for _ in range(9_000)]
    glued = ("The senators said it would help.Brandly{} Then the plan was approved on Tuesday, "
             "officials said.")
    coined = [" ".join(rnd.choice("BKMPTZ") + "".join(rnd.choice("aeioubdkmnprstvz")
                                                       for _ in range(5)) for _ in range(2_800))
              for _ in range(4)]
    return {
        # a title word spelt otherwise: the whole edit table of two long look-alike words
        "spelt otherwise": title([_letters(rnd, "q", 100) for _ in range(10)]) + head
        + prose(look_alike),
        # a title word as word starts over prose that spells all of it but its last letter
        "word starts": "Senators unveil " + "A" + "a" * 1_598 + "z plan to speed" + head
        + prose(["aaaa"] * 6_400),
        # a title word clipped from two names: every cut tried on every name
        "clipped names": title([_letters(rnd, "q", 1_000) for _ in range(8)]) + head
        + prose(names),
        # names glued into sentences after a long run of address marks (`@@@…`)
        "address marks": "Senators unveil bipartisan plan to speed up controller hiring" + head
        + "\n".join("@" * 19_800 + " " + glued.format(tail) for tail in "abcde"),
        # promo lines of thousands of coined words on a contaminated page: each word a typo
        # test for the brands the line names (`recurrence.promo_names`)
        "coined promo lines": "Poinbank:Senators unveil plan to speed up controller hiring"
        + head + "\n".join(f"Join {words}"[:19_850] + " today and get a 50% deposit bonus! "
                           "Claim your free airdrop now" for words in coined),
    }


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(_hostile_pages()))
def test_hostile_page_shapes_cost_about_a_normal_page(detector, shape: str) -> None:
    """A hostile page within 10x the time of a news-like page of its size."""
    text = _hostile_pages()[shape]
    rnd = random.Random(0)
    news = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 40))).capitalize() + "."
            for _ in range(500)]
    normal = _seconds(detector, _page(news, len(text)))
    hostile = _seconds(detector, text)
    assert hostile < 10 * normal + 0.2, (hostile, normal)
