"""Whether two capitalised forms are spellings of one name, and which one dominates.

Two forms are *spelling variants* when they are one or two edits apart (rapidfuzz's
optimal string alignment, so a swap ``Ghosn``/``Ghons`` is one edit) and none of these
explains the difference:

- typography only: case, ``œ``/``oe``, ``’``/``'`` (not reported);
- accents only: ``Eric``/``Éric`` (an *accent variant*, reported separately and lower);
- inflection and derivation: a plural, a feminine, a demonym or an adjective
  (``Russie``/``Russes``, ``Lituanie``/``Lituaniens``), a Slavic feminine surname
  (``Akhmedov``/``Akhmedova``, ``Jaruzelski``/``Jaruzelska``), an Arabic *nisba*
  (``Rachid``/``Rachidi``): the two forms end in different suffixes of :data:`SUFFIXES`;
- two attested names: both forms are common in French (wordfreq), e.g. ``France``/``Franck``,
  ``Philippe``/``Philippot``;
- a name or word of another language: the rarer form is common in another Latin-alphabet
  language's list (``Marisa``/``Maria``, ``Educativo``/``Education``), unless the draft
  writes both forms beside the same name (``Johana Rolland``/``Johanna Rolland``), which
  makes them one person's name whatever the lexicon says;
- a short name with one letter changed: ``Yuki``/``Yuka``, ``Sameh``/``Saleh`` are different
  names far more often than typos (insertions, deletions and swaps still count);
- compounds whose differing part is another word: ``Saint-Loup``/``Saint-Louis``;
- a form cut short by two letters or more (``Saint-Trop``/``Saint-Tropez``);
- a different first letter (rarely the mistyped one) or digits (``Mazda``/``Mazda2``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from newslint.names.lexicon import fold, other_zipf, unligature, zipf

#: Endings that turn a name into another word (plural, feminine, demonym, adjective) or
#: another person's name (Slavic feminine surnames, patronymics, Arabic nisba).
_SUFFIX_WORDS = """ s x e es ne nes ns le les te tes ie ies
    en ens enne ennes ien iens ienne iennes ain ains aine aines ais aise aises
    an ans ane anes ois oise oises in ins ine ines ique iques iste istes isme
    a o i y ov ova ev eva in ina ski ska sky skaya cki cka ic ich ovic ovitch ovna evna"""
SUFFIXES = frozenset(_SUFFIX_WORDS.split()) | {""}

SPELLING = "spelling"
ACCENTS = "accents"
#: Accents that differ on a capital only (``Eric`` / ``Éric``, ``Etat`` / ``État``).
CAPITAL_ACCENTS = "capital-accents"


@dataclass(frozen=True)
class Thresholds:
    """How far apart two forms may be and still count as one name's variants."""
    #: Forms shorter than this (after folding) are never compared (``CGT``/``CFDT``).
    min_length: int = 4
    #: Forms at least this long may differ by two edits; shorter ones by one.
    two_edits_from: int = 9
    #: Below this length, one changed letter makes another name (``Yuki``/``Yuka``).
    substitution_from: int = 7
    #: Zipf frequency (wordfreq, French) from which a form is an attested word or name: two
    #: attested forms are two names (``France``/``Franck``).
    known_zipf: float = 1.5
    #: Zipf difference from which the rarer of two attested forms may be a misspelling.
    typo_gap: float = 1.0
    #: A form this common in another Latin-alphabet language (wordfreq) is a name or word
    #: of its own (``Joong``, ``Marisa``, ``Educativo``), unless the draft ties it to the
    #: other form (both written beside the same name: ``Johana Rolland`` / ``Johanna Rolland``).
    foreign_zipf: float = 3.0
    #: Report an accent on a capital only (``Etat`` / ``État``) everywhere; by default only in
    #: first names (``Eric Zemmour`` / ``Éric Zemmour``), since many newsrooms (AFP) write
    #: institutions without accents on capitals.
    capital_accents: bool = False


DEFAULT = Thresholds()


@lru_cache(maxsize=65536)
def relation(a: str, b: str, thresholds: Thresholds = DEFAULT) -> str | None:
    """``SPELLING``, ``ACCENTS``, ``CAPITAL_ACCENTS`` or ``None`` (different names, or a
    typographic variant such as case or a ligature)."""
    if a == b or unligature(a) == unligature(b):
        return None
    if a.isupper() != b.isupper() and min(len(a), len(b)) > 1:
        return None  # an acronym and a word: OTAN / Otan, NORVEGE / Norvège is house style
    if _bare(a) == _bare(b):
        if len(_bare(a)) < thresholds.min_length:
            return None
        # Hyphens, apostrophes, accents only (``Derc'hen`` / ``Derchen``, ``SpaceX`` /
        # ``Space-X``): a typographic variant, reported with the accents.
        if a.lower() == b.lower():
            return None
        if _lower_fold(a) == _lower_fold(b):
            # Only a capital's accent: house style for « Etat » / « État », a slip for
            # « Eric » / « Éric »; the check tells them apart.
            return ACCENTS if thresholds.capital_accents else CAPITAL_ACCENTS
        return ACCENTS
    fa, fb = fold(a), fold(b)
    if fa[0] != fb[0] or (any(c.isdigit() for c in fa + fb) and not _same_number(fa, fb, thresholds)):
        # The first letter is rarely the mistyped one (Pollock & Zamora, 1984), and digits
        # make model names (Mazda / Mazda2, GT350 / GT350R); a word of its own with the same
        # number is one name mistyped (Covid-19 / Cvoid-19).
        return None
    shorter = min(len(fa), len(fb))
    if shorter < thresholds.min_length or abs(len(fa) - len(fb)) > 2:
        return None
    limit = 2 if shorter >= thresholds.two_edits_from else 1
    if OSA.distance(fa, fb, score_cutoff=limit + 1) > limit:
        return None
    if _typo_of_known(a, b, thresholds):
        return SPELLING
    if (
        len(fa) == len(fb)
        and shorter < thresholds.substitution_from
        and Levenshtein.distance(fa, fb) == 1
    ):
        return None
    if _inflection(fa, fb) or _truncation(fa, fb):
        return None
    za, zb = zipf(a), zipf(b)
    if min(za, zb) >= thresholds.known_zipf and abs(za - zb) < thresholds.typo_gap:
        # Two attested names of like frequency; a typo is far rarer than its model
        # (``Hilter`` 1.6 against ``Hitler`` 4.2).
        return None
    if _other_part(fa, fb, thresholds):
        return None
    return SPELLING


def _same_number(fa: str, fb: str, thresholds: Thresholds) -> bool:
    """Same digits, and letters enough on both sides to be a word (``covid-19``)."""
    def split(word: str) -> tuple[str, str]:
        return "".join(c for c in word if c.isdigit()), "".join(c for c in word if c.isalpha())
    (da, la), (db, lb) = split(fa), split(fb)
    return da == db and min(len(la), len(lb)) >= thresholds.min_length + 1


def _typo_of_known(a: str, b: str, thresholds: Thresholds) -> bool:
    """One edit away from a well-attested name, and known to no lexicon at all: a typo
    (``Mocron`` / ``Macron``, ``Colombs`` / ``Colombes``), even where a short name with one
    letter changed or an inflection would otherwise make another name (issue 12). Both
    lexicons must know nothing of the rare form; the other must be well attested."""
    if "-" in a or "-" in b or " " in a or " " in b:
        return False  # compounds are unknown as a whole (see ``zipf``)
    rare, known = sorted((a, b), key=zipf)
    return (
        zipf(rare) == 0
        and other_zipf(rare) == 0
        and zipf(known) >= thresholds.known_zipf + 2 * thresholds.typo_gap
        and OSA.distance(fold(a), fold(b)) == 1
    )


@lru_cache(maxsize=16384)
def _bare(word: str) -> str:
    """Folded, without hyphens, apostrophes and spaces: ``Jean-Luc`` -> ``jeanluc``."""
    return "".join(fold(word).replace("-", "").replace("'", "").replace("’", "").split())


def _lower_fold(word: str) -> str:
    """Accents removed from capitals only: ``Île-de-France`` -> ``Ile-de-France``."""
    return "".join(fold(c) if c.isupper() else c for c in unligature(word)).casefold()


def _truncation(fa: str, fb: str) -> bool:
    """One form is the other cut short by two letters or more: a nickname or a derived
    name (``Saint-Trop`` / ``Saint-Tropez``), not a slip of the keyboard."""
    short, long = sorted((fa, fb), key=len)
    return len(long) - len(short) >= 2 and long.startswith(short)


def _inflection(fa: str, fb: str) -> bool:
    prefix = 0
    for x, y in zip(fa, fb):
        if x != y:
            break
        prefix += 1
    if prefix < 3:
        return False
    return fa[prefix:] in SUFFIXES and fb[prefix:] in SUFFIXES


_PARTS = re.compile(r"[-']")


def _other_part(fa: str, fb: str, thresholds: Thresholds) -> bool:
    """Compounds that differ by a whole other word: ``Saint-Loup`` / ``Saint-Louis``."""
    parts_a, parts_b = _PARTS.split(fa), _PARTS.split(fb)
    if len(parts_a) != len(parts_b) or len(parts_a) < 2:
        return False
    for x, y in zip(parts_a, parts_b):
        if (
            x != y
            and OSA.distance(x, y) >= 2
            and zipf(x) >= thresholds.known_zipf
            and zipf(y) >= thresholds.known_zipf
        ):
            return True
    return False


@dataclass
class Form:
    """A form with its uses, for choosing the dominant spelling of a group."""

    form: str
    count: int
    first: int
    #: The names written right before (``<Nicole``) and after (``>Rolland``) the form in the
    #: draft: two forms sharing one are two spellings of one person's name.
    partners: frozenset[str] = field(default_factory=frozenset)

    def weight(self) -> tuple:
        # More uses win; then the form French text knows best; then the first written.
        return (self.count, zipf(self.form), -self.first)


def variant_pairs(
    forms: list[Form], thresholds: Thresholds = DEFAULT, rare_zipf: float = 3.0
) -> list[tuple[Form, Form, str]]:
    """``(variant, dominant, relation)`` for each form that departs from a more used one.

    A form is compared with every form of higher weight; it is reported against the
    heaviest one it is a variant of. A well-attested word (``rare_zipf`` and over) is never
    taken for a misspelling.
    """
    ordered = sorted(forms, key=Form.weight, reverse=True)
    out: list[tuple[Form, Form, str]] = []
    # Variants share their first letter (see ``relation``) and differ in length by two at most.
    buckets: dict[tuple[str, int], list[Form]] = {}
    for form in ordered:
        initial, size = fold(form.form)[:1], len(form.form)
        found = None
        for length in (size - 2, size - 1, size, size + 1, size + 2):
            for other in buckets.get((initial, length), ()):
                kind = relation(form.form, other.form, thresholds)
                if kind is None:
                    continue
                if found is None or other.weight() > found[0].weight():
                    found = (other, kind)
        if found is not None:
            dominant, kind = found
            if kind == SPELLING and _doubtful(form, dominant, thresholds, rare_zipf):
                continue
            out.append((form, dominant, kind))
        buckets.setdefault((initial, size), []).append(form)
    return out


def any_related(forms: Iterable[str], thresholds: Thresholds = DEFAULT) -> bool:
    """Whether :func:`variant_pairs` compares two of ``forms`` that have a relation.

    The same pairs (same first letter, lengths two apart at most), without the weights
    (which need a lexicon look-up per form): most drafts have no such pair among their
    capitalised words, and then nothing else is needed. ``relation`` is asked only about
    pairs that can have one: the same letters once folded, or two edits apart.
    """
    shortest = thresholds.min_length
    by_initial: dict[str, list[tuple[str, str]]] = {}
    for form in forms:
        if len(form) < shortest and form.isascii():
            continue  # « Le », « UE »: folding keeps an ASCII form's length
        folded = fold(form)
        if len(folded) < shortest:
            continue  # shorter than every form ``relation`` compares
        same = by_initial.get(folded[0])
        if same is None:
            by_initial[folded[0]] = [(form, folded)]
            continue
        for other, other_folded in same:
            if (
                abs(len(form) - len(other)) <= 2
                and (
                    OSA.distance(folded, other_folded, score_cutoff=2) <= 2
                    or _bare(form) == _bare(other)
                )
                and relation(form, other, thresholds) is not None
            ):
                return True
        same.append((form, folded))
    return False


def _doubtful(variant: Form, dominant: Form, thresholds: Thresholds, rare_zipf: float) -> bool:
    """Whether the draft gives no ground to call ``variant`` a misspelling of ``dominant``."""
    za, zb = zipf(variant.form), zipf(dominant.form)
    if za >= rare_zipf:
        return True  # a well-attested word (``Franck`` beside ``France``) is not a misspelling
    if variant.partners & dominant.partners:
        # Both written beside the same name (``Emmanuel Macon`` / ``Emmanuel Macron``,
        # ``Johana Rolland`` / ``Johanna Rolland``): one person's name written two ways.
        return False
    if other_zipf(variant.form) >= thresholds.foreign_zipf:
        # A common word or name in another language (``Joong`` / ``Jong``, ``Marisa`` /
        # ``Maria``), and nothing in the draft says it means the other form.
        return True
    # Once each, and both attested names of like frequency: nothing says which one the
    # draft means. A form far rarer than the other (``Marcon`` 2.3 beside ``Macron`` 4.9)
    # is its typo far more often than another name (issue 12).
    return (
        variant.count == dominant.count
        and min(za, zb) >= thresholds.known_zipf
        and abs(za - zb) < 2 * thresholds.typo_gap
    )
