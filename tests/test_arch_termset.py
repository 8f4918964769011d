"""TermSet (issue 15): a newsroom's list of thousands of terms, matched as one list.

The matcher (an Aho–Corasick automaton for plain terms, one capture-free RE2 alternation for
patterns) must find what a brute-force leftmost-longest search finds, term index and groups
included; its speed and memory are measured by benchmarks/termset.py, not here."""

from __future__ import annotations

import random
import re

import pytest

from newslint.patterns import _CANDIDATE, TermSet, left_boundary, right_boundary

#: Patterns of a fixed length, so a brute-force search can try them at each place.
PATTERNS = [("a[bc]", 2, 0), ("(d)e", 2, 1), ("x.y", 3, 0), ("(é)(t)", 2, 2)]


def reference(
    terms: list[str],
    regex: dict[int, tuple[str, int, int]],
    text: str,
    ignorecase: bool,
    boundaries: bool,
) -> list[tuple[int, int, int, tuple]]:
    """Leftmost-longest, first term on a tie, retried one place further when the word
    boundaries reject it: TermSet's documented behaviour, searched by brute force."""
    flags = re.IGNORECASE if ignorecase else 0

    def fold(value: str) -> str:
        return value.lower() if ignorecase else value

    out = []
    position = 0
    while position <= len(text):
        best = None
        for start in range(position, len(text)):
            for index, term in enumerate(terms):
                if index in regex:
                    pattern, length, _groups = regex[index]
                    match = re.fullmatch(pattern, text[start : start + length], flags)
                    if match is None:
                        continue
                    groups = match.groups()
                else:
                    length, groups = len(term), ()
                    if fold(text[start : start + length]) != fold(term):
                        continue
                if best is None or length > best[1] - best[0]:
                    best = (start, start + length, index, groups)
            if best is not None:
                break
        if best is None:
            break
        start, end, _index, _groups = best
        if boundaries and not (left_boundary(text, start) and right_boundary(text, end)):
            following = _CANDIDATE.search(text, start + 1, len(text))
            position = following.start() if following else len(text)
            continue
        out.append(best)
        position = end
    return out


@pytest.mark.parametrize("seed", range(6))
def test_termset_finds_what_a_brute_force_search_finds(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = "abcdeéxyDE '-"
    for _trial in range(250):
        terms = [
            "".join(rng.choice("abcdeéxyDE") for _ in range(rng.randint(1, 4)))
            + rng.choice(["", "", " a", "-b", "'c"])
            for _ in range(rng.randint(1, 8))
        ]
        regex = {}
        if rng.random() < 0.5:
            for pattern in rng.sample(PATTERNS, rng.randint(1, len(PATTERNS))):
                position = rng.randint(0, len(terms))
                terms.insert(position, pattern[0])
            regex = {i: p for p in PATTERNS for i, t in enumerate(terms) if t == p[0]}
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        ignorecase, boundaries = rng.random() < 0.7, rng.random() < 0.6
        term_set = TermSet(terms, ignorecase=ignorecase, boundaries=boundaries)
        term_set.validate()
        got = [(m.start, m.end, m.index, m.groups) for m in term_set.finditer(text)]
        assert got == reference(terms, regex, text, ignorecase, boundaries), (terms, text)


def test_a_list_of_twenty_thousand_terms_finds_its_terms() -> None:
    rng = random.Random(15)
    words = list(
        dict.fromkeys(
            "".join(rng.choice("abcdefghijlmnoprstuv") for _ in range(9)) for _ in range(20_000)
        )
    )
    term_set = TermSet(words, literal=True)
    term_set.validate()
    text = f"Il a écrit « {words[17]} » puis {words[-1].capitalize()}."
    found = [(m.text, m.index) for m in term_set.finditer(text)]
    assert found == [(words[17], 17), (words[-1].capitalize(), len(words) - 1)]
