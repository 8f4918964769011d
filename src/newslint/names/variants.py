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
  names far more often than typos (insertions, deletions and swaps still count), unless the
  evidence is strong (:data:`SHORT`, :func:`_short_slip`);
- two people: each form written after first names, none shared nor near;
- an inflection of another language between attested words (``Grüne``/``Grünen``);
- compounds whose differing part is another word: ``Saint-Loup``/``Saint-Louis``;
- a form cut short by two letters or more (``Saint-Trop``/``Saint-Tropez``);
- a different first letter (rarely the mistyped one) or digits (``Mazda``/``Mazda2``; a word
  beside the same number is compared: ``Convid-19``/``Covid-19``).

Which form is right (:func:`direct`) is the draft's majority, weighed against wordfreq's
frequencies (:func:`evidence`); a tie nothing decides is :data:`UNDECIDED`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from functools import lru_cache
from typing import Any

from newslint.classcache import dataclass
from newslint.names.lexicon import OTHER_FLOOR, fold, is_place, other_zipf, unligature, zipf


class Distance:
    """A metric of ``rapidfuzz.distance`` (``Distance("OSA")``), imported on first use: most
    drafts compare no two names, and importing rapidfuzz costs a one-draft run several
    milliseconds (issue 20). The first use puts the metric itself in place of this stand-in
    in the module that holds it (``scope``), so later lookups are the plain ones."""

    def __init__(self, name: str, scope: dict[str, Any]) -> None:
        self._name = name
        self._scope = scope

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return getattr(self.load(), attribute)

    def load(self) -> Any:
        import rapidfuzz.distance

        metric = getattr(rapidfuzz.distance, self._name)
        if self._scope.get(self._name) is self:
            self._scope[self._name] = metric
        return metric


OSA = Distance("OSA", globals())
Levenshtein = Distance("Levenshtein", globals())


def load_distances() -> None:
    """Import rapidfuzz now (before worker processes fork, so that they share it)."""
    for metric in (OSA, Levenshtein):
        if isinstance(metric, Distance):
            metric.load()


#: Endings that turn a name into another word (plural, feminine, demonym, adjective) or
#: another person's name (Slavic feminine surnames, patronymics, Arabic nisba).
_SUFFIX_WORDS = """ s x e es ne nes ns le les te tes ie ies
    en ens enne ennes ien iens ienne iennes ain ains aine aines ais aise aises
    an ans ane anes ois oise oises in ins ine ines ique iques iste istes isme
    a o i y ov ova ev eva in ina ski ska sky skaya cki cka ic ich ovic ovitch ovna evna"""
SUFFIXES = frozenset(_SUFFIX_WORDS.split()) | {""}

SPELLING = "spelling"
#: A spelling variant whose right form nothing says: the draft writes both as often and no
#: maintained data (wordfreq, the registry, the other drafts) prefers one. Reported without
#: a suggestion.
UNDECIDED = "spelling-undecided"
ACCENTS = "accents"
#: One letter changed in a short name (``Yuki`` / ``Yuka``): another name unless the draft or
#: the lexicon says otherwise (same first name beside both, or one form a known name and the
#: other attested nowhere: ``Habdo`` / ``Hebdo``). :func:`compare_forms` decides.
SHORT = "short-spelling"
#: One letter changed in a short name and both forms attested (``Macrin`` / ``Macron``):
#: another name unless the draft writes both beside the same name (``Emmanuel Macrin`` /
#: ``Emmanuel Macron``).
SHORT_ATTESTED = "short-attested"
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
    #: first names French text writes one way (``Émmanuel`` / ``Emmanuel``, see
    #: :func:`usual_both_ways`), since many newsrooms (AFP) write capitals without accents.
    capital_accents: bool = False
    #: Zipf frequency (French) of a household name (``Paris``, ``France``, ``Macron``): a form
    #: rare in French and clearly rarer than it in every language is its misspelling even when
    #: short or attested elsewhere (``Frane``, ``Macrin``); see :func:`dominated`.
    famous_zipf: float = 4.5


DEFAULT = Thresholds()


def relation(a: str, b: str, thresholds: Thresholds = DEFAULT) -> str | None:
    """``SPELLING``, ``ACCENTS``, ``CAPITAL_ACCENTS`` or ``None`` (different names, or a
    typographic variant such as case or a ligature)."""
    kind = _relation(a, b, thresholds)
    return None if kind == SHORT_ATTESTED else kind


@lru_cache(maxsize=65536)
def _relation(a: str, b: str, thresholds: Thresholds = DEFAULT) -> str | None:
    """:func:`relation`, and :data:`SHORT_ATTESTED` for two attested short names one letter
    apart, which only the draft's context can tie (:func:`_decided`)."""
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
            # Only a capital's accent: house style for « Etat » / « État » and « Edouard » /
            # « Édouard », a slip for « Émmanuel »; the check tells them apart.
            return ACCENTS if thresholds.capital_accents else CAPITAL_ACCENTS
        return ACCENTS
    fa, fb = fold(a), fold(b)
    if fa[0] != fb[0] or (any(c.isdigit() for c in fa + fb) and not _same_numbers(fa, fb)):
        # The first letter is rarely the mistyped one (Pollock & Zamora, 1984), and digits
        # make model names (Mazda / Mazda2, GT350 / GT350R); a word beside the same number
        # is compared (``Convid-19`` / ``Covid-19``).
        return None
    shorter = min(len(fa), len(fb))
    if shorter < thresholds.min_length or abs(len(fa) - len(fb)) > 2:
        return None
    limit = 2 if shorter >= thresholds.two_edits_from else 1
    if OSA.distance(fa, fb, score_cutoff=limit + 1) > limit:
        return None
    short = (
        len(fa) == len(fb)
        and shorter < thresholds.substitution_from
        and Levenshtein.distance(fa, fb) == 1
    )
    if (_inflection(fa, fb) and not _unattested_beside_known(a, b, thresholds)) or (
        _truncation(fa, fb) or _attested_inflection(fa, fb)
    ):
        return None
    za, zb = zipf(a), zipf(b)
    if min(za, zb) >= thresholds.known_zipf and abs(za - zb) < thresholds.typo_gap:
        # Two attested names of like frequency; a typo is far rarer than its model
        # (``Hilter`` 1.6 against ``Hitler`` 4.2).
        return None
    if (
        short
        and min(za, zb) >= thresholds.known_zipf
        and not (dominated(a, b, thresholds) or dominated(b, a, thresholds))
    ):
        # Two attested short names one letter apart (``Franck`` / ``France``): another name
        # unless the draft writes both beside the same name (``Emmanuel Macrin`` /
        # ``Emmanuel Macron``), which :func:`_short_slip` asks.
        return SHORT_ATTESTED
    if _other_part(fa, fb, thresholds):
        return None
    return SHORT if short else SPELLING


def usual_both_ways(a: str, b: str, thresholds: Thresholds = DEFAULT) -> bool:
    """Whether French text writes both spellings of a word about as often (wordfreq): both
    attested (:attr:`Thresholds.known_zipf`) and less than :attr:`Thresholds.typo_gap` apart.

    For an accent on a capital only, that is house style, in a first name as in any word:
    ``Edouard`` 3.9 / ``Édouard`` 3.8, ``Eric`` / ``Éric``, ``Ile`` / ``Île`` (AFP leaves
    capitals bare, other newsrooms accent them), where a slip is far rarer than its model or
    unknown (``Émmanuel`` beside ``Emmanuel``). A compound is judged on its differing part
    (``Ile-de-France``: ``Ile`` / ``Île``), as wordfreq knows words, not compounds."""
    parts_a = _PARTS.split(unligature(a))
    parts_b = _PARTS.split(unligature(b))
    if len(parts_a) == len(parts_b) > 1:
        differing = [(x, y) for x, y in zip(parts_a, parts_b) if x != y]
        if len(differing) == 1:
            a, b = differing[0]
    za, zb = zipf(a), zipf(b)
    return min(za, zb) >= thresholds.known_zipf and abs(za - zb) < thresholds.typo_gap


def attested(word: str) -> bool:
    """Whether wordfreq knows ``word`` in any of its Latin-alphabet languages."""
    return max(zipf(word), other_zipf(word)) > 0


def _unattested_beside_known(a: str, b: str, thresholds: Thresholds) -> bool:
    """The shorter form is attested in no language and the longer is a name French text
    knows (``Londrs`` / ``Londres``, ``Mayene`` / ``Mayenne``): a letter lost, not an
    ending (a plural, a feminine, a demonym adds letters to the name it derives from,
    and a rare one is unattested: ``Intifadas`` beside ``Intifada`` stays out)."""
    short, long = sorted((a, b), key=lambda w: len(fold(w)))
    if len(fold(short)) == len(fold(long)):
        return False
    return not attested(short) and zipf(long) >= thresholds.known_zipf + thresholds.typo_gap


def dominated(slip: str, model: str, thresholds: Thresholds = DEFAULT) -> bool:
    """Whether ``model`` is a household name in French (:attr:`Thresholds.famous_zipf`) and
    ``slip`` is rare in French (below the other languages' floor, Zipf 2) and clearly rarer
    than the model in every other language too (by :attr:`Thresholds.typo_gap`): ``Frane``
    (a Croatian first name) beside ``France``, ``Macrin`` beside ``Macron``. Being short or
    attested elsewhere does not then make ``slip`` another name. A name of its own has
    weight somewhere: ``Pais`` (commoner than ``Paris`` in Portuguese), ``Parish``, ``Macon``
    (known in French)."""
    return (
        zipf(model) >= thresholds.famous_zipf
        and zipf(slip) < OTHER_FLOOR
        and other_zipf(slip) <= other_zipf(model) - thresholds.typo_gap
    )


@lru_cache(maxsize=16384)
def _bare(word: str) -> str:
    """Folded, without hyphens, apostrophes and spaces: ``Jean-Luc`` -> ``jeanluc``."""
    return "".join(fold(word).replace("-", "").replace("'", "").replace("’", "").split())


def _lower_fold(word: str) -> str:
    """Accents removed from capitals only: ``Île-de-France`` -> ``Ile-de-France``."""
    return "".join(fold(c) if c.isupper() else c for c in unligature(word)).casefold()


def _same_numbers(fa: str, fb: str) -> bool:
    """Both forms hold the same numbers, as whole parts of a compound (``covid-19``)."""
    parts_a, parts_b = _PARTS.split(fa), _PARTS.split(fb)
    if len(parts_a) != len(parts_b):
        return False
    for x, y in zip(parts_a, parts_b):
        if any(c.isdigit() for c in x + y) and not (x == y and x.isdigit()):
            return False
    return True


#: Endings of German and Dutch plurals and declensions (``Grüne`` / ``Grünen``), judged only
#: when both forms are attested words (:func:`_attested_inflection`).
_OTHER_ENDINGS = frozenset({"", "n", "en", "er", "ern", "e", "s", "es"})


def _attested_inflection(fa: str, fb: str) -> bool:
    """One form is the other with an inflection ending, and wordfreq knows both as words in
    some language: a plural beside its singular (``Grüne`` / ``Grünen``), not a slip."""
    short, long = sorted((fa, fb), key=len)
    if not long.startswith(short) or long[len(short) :] not in _OTHER_ENDINGS:
        return False
    return min(max(zipf(w), other_zipf(w)) for w in (fa, fb)) >= 2.0


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


@dataclass(slots=True)
class Form:
    """A form with its uses, for choosing the dominant spelling of a group."""

    form: str
    count: int
    first: int
    #: The names written right before (``<Nicole``) and after (``>Rolland``) the form in the
    #: draft: two forms sharing one are two spellings of one person's name.
    partners: frozenset[str] = field(default_factory=frozenset)
    #: The first names the form is written after, as a two-word name (``Jessica`` for
    #: ``Jessica Hubbert``; titles such as ``M.`` are not first names).
    firsts: frozenset[str] = field(default_factory=frozenset)
    #: The genders of the titles written before the form (``m`` for ``M.``, ``f`` for
    #: ``Mme``, ``Mlle``): ``M. Hubert`` and ``Mme Hubbert`` are two people.
    titles: frozenset[str] = field(default_factory=frozenset)

    def weight(self) -> tuple:
        # More uses win; then the form French text knows best; then the first written.
        return (self.count, zipf(self.form), -self.first)


#: Forms longer than this (folded) are no names and are never compared: their neighbourhoods
#: below grow with the square of their length.
NAME_MAX = 48
#: Entries the neighbourhood index of one comparison may hold (about 130 bytes each). A long
#: feature needs a few tens of thousands; a draft of 400,000 distinct capitalised words would
#: need tens of millions. Beyond it, the rarest forms are not compared (issue 21).
INDEX_BUDGET = 400_000
#: Up to this many forms, comparing each with those of its first letter and length costs
#: less than indexing them (an article has a few dozen); beyond, :class:`_Near` finds the
#: candidates, so the cost stays linear.
INDEX_FROM = 200


class _Near:
    """Forms indexed so that those a form may be a variant of are found without comparing
    it with every other form (comparing them all took quadratic time: 61 s for 100 KB of
    distinct capitalised words, issue 21).

    ``relation`` finds a variant only between forms with the same letters once hyphens,
    apostrophes and accents are gone (:func:`_bare`), or whose folded forms are one edit
    apart (two from ``two_edits_from`` letters). Two strings ``k`` edits apart (insertions,
    deletions, substitutions, swaps of neighbours) become one string after at most ``k``
    deletions from each: so forms sharing a string of their *deletion neighbourhoods* are
    the only candidates, and ``relation`` decides among them (symmetric deletion, as in
    SymSpell).
    """

    def __init__(self, thresholds: Thresholds, budget: int = INDEX_BUDGET) -> None:
        self.thresholds = thresholds
        self.budget = budget
        self._keys: dict[str, int | list[int]] = {}
        self.items: list = []

    def compared(self, form: str) -> bool:
        """Whether ``relation`` may find ``form`` a variant of anything (length only)."""
        return self.thresholds.min_length <= len(fold(form)) <= NAME_MAX

    def neighbourhood(self, form: str) -> set[str] | None:
        """The strings the form is indexed under, or ``None`` if it is never compared."""
        if not self.compared(form):
            return None
        folded = fold(form)
        keys = {"=" + _bare(form)}
        edits = 2 if len(folded) >= self.thresholds.two_edits_from else 1
        frontier = {folded}
        keys.add(folded)
        for _ in range(edits):
            frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
            keys |= frontier
        return keys

    def fits(self, keys: set[str]) -> bool:
        return len(keys) <= self.budget

    def candidates(self, keys: set[str]) -> set[int]:
        """Positions in :attr:`items` of the indexed forms sharing one of ``keys``."""
        found: set[int] = set()
        get = self._keys.get
        for key in keys:
            hit = get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                found.add(hit)
            else:
                found.update(hit)
        return found

    def add(self, item, keys: set[str]) -> bool:
        """Index ``item`` under ``keys``; ``False`` when the budget is spent (not indexed)."""
        if not self.fits(keys):
            return False
        self.budget -= len(keys)
        position = len(self.items)
        self.items.append(item)
        table = self._keys
        for key in keys:
            hit = table.get(key)
            if hit is None:
                table[key] = position
            elif isinstance(hit, int):
                table[key] = [hit, position]
            else:
                hit.append(position)
        return True


def variant_pairs(
    forms: list[Form], thresholds: Thresholds = DEFAULT, rare_zipf: float = 3.0
) -> list[tuple[Form, Form, str]]:
    """``(variant, dominant, relation)`` for each form that departs from a more used one.

    A form is compared with every form of higher weight; it is reported against the
    heaviest one it is a variant of. A well-attested word (``rare_zipf`` and over) is never
    taken for a misspelling.
    """
    return compare_forms(forms, thresholds, rare_zipf)[0]


def compare_forms(
    forms: list[Form],
    thresholds: Thresholds = DEFAULT,
    rare_zipf: float = 3.0,
    budget: int = INDEX_BUDGET,
    index_from: int = INDEX_FROM,
) -> tuple[list[tuple[Form, Form, str]], int]:
    """:func:`variant_pairs`, and how many forms were left out of the comparison because
    the index's ``budget`` was spent (the rarest ones: forms are taken by weight; the count
    includes forms too short to compare)."""
    ordered = sorted(forms, key=Form.weight, reverse=True)
    if len(ordered) <= index_from:
        return _pairwise(ordered, thresholds, rare_zipf), 0
    out: list[tuple[Form, Form, str]] = []
    near = _Near(thresholds, budget)
    skipped = 0
    for done, form in enumerate(ordered):
        keys = near.neighbourhood(form.form)
        if keys is None:
            continue
        if not near.fits(keys):
            skipped = len(ordered) - done
            break
        # Variants share their first letter (see ``relation``) and differ in length by two
        # at most; heavier forms come first, and among them the shortest (as the forms were
        # once compared, bucket by bucket: the heaviest related one wins, the first on ties).
        initial, size = fold(form.form)[:1], len(form.form)
        others = sorted(
            (len(other.form), position, other)
            for position in near.candidates(keys)
            if abs(len((other := near.items[position]).form) - size) <= 2
            and fold(other.form)[:1] == initial
        )
        found = _strongest(form, (other for _length, _position, other in others), thresholds)
        if found is not None:
            pair = _decided(form, *found, thresholds, rare_zipf)
            if pair is None:
                continue  # and not compared with lighter forms, as in :func:`_pairwise`
            out.append(pair)
        near.add(form, keys)
    return out, skipped


def _strongest(form: Form, others, thresholds: Thresholds) -> tuple[Form, str] | None:
    """The heaviest of ``others`` related to ``form`` (the first on ties), and how."""
    found = None
    for other in others:
        kind = _relation(form.form, other.form, thresholds)
        if kind is not None and (found is None or other.weight() > found[0].weight()):
            found = (other, kind)
    return found


def _decided(
    form: Form, dominant: Form, kind: str, thresholds: Thresholds, rare_zipf: float
) -> tuple[Form, Form, str] | None:
    """The pair as reported: misspelt form, right form, kind (:data:`UNDECIDED` when nothing
    says which is right); ``None`` when the draft gives no ground to report it."""
    if _side_by_side(form, dominant):
        # « Christos Christou »: one person's first name and surname, written next to each
        # other in one name, are two parts of it, not two spellings of one.
        return None
    if kind == SHORT_ATTESTED:
        if not form.partners & dominant.partners or (
            _vowel_only(form.form, dominant.form)
            and abs(zipf(form.form) - zipf(dominant.form)) < 2 * thresholds.typo_gap
        ):
            # Nothing ties two attested names; and two attested names one vowel apart, of
            # like frequency, are two transliterations (``Rached`` / ``Rachid``), as the
            # press writes both; not a household name beside a rarity (``Macrin``).
            return None
        kind = SPELLING
    if kind == SHORT:
        if not _short_slip(form, dominant, thresholds):
            return None
        kind = SPELLING
    if kind != SPELLING:
        return form, dominant, kind
    misspelt, right, decided = direct(form, dominant, thresholds)
    if _doubtful(misspelt, right, thresholds, rare_zipf):
        return None
    return misspelt, right, SPELLING if decided else UNDECIDED


def _side_by_side(a: Form, b: Form) -> bool:
    """Whether the draft writes the two forms next to each other in one name."""
    return f"<{b.form}" in a.partners or f">{b.form}" in a.partners


_VOWELS = frozenset("aeiouy")


def _vowel_only(a: str, b: str) -> bool:
    """Two forms of one length that differ by one vowel for another."""
    fa, fb = fold(a), fold(b)
    diff = [(x, y) for x, y in zip(fa, fb) if x != y]
    return len(fa) == len(fb) and len(diff) == 1 and set(diff[0]) <= _VOWELS


def _short_slip(a: Form, b: Form, thresholds: Thresholds) -> bool:
    """Whether two short names one letter apart are one name: written beside the same name
    (``Jean Dupond`` / ``Jean Dupont``), or one a name French text knows well and the other
    attested in no language (``Habdo`` / ``Hebdo``)."""
    if a.partners & b.partners:
        return True
    for slip, model in ((a, b), (b, a)):
        if (
            max(zipf(slip.form), other_zipf(slip.form)) == 0
            and zipf(model.form) >= thresholds.known_zipf + thresholds.typo_gap
        ) or dominated(slip.form, model.form, thresholds):
            return True
    return False


def _pairwise(
    ordered: list[Form], thresholds: Thresholds, rare_zipf: float
) -> list[tuple[Form, Form, str]]:
    """:func:`compare_forms` for a few forms (``ordered`` by weight): each one compared with
    the heavier forms of its first letter and length (two letters apart at most)."""
    out: list[tuple[Form, Form, str]] = []
    buckets: dict[tuple[str, int], list[Form]] = {}
    for form in ordered:
        initial, size = fold(form.form)[:1], len(form.form)
        found = _strongest(
            form,
            (
                other
                for length in range(size - 2, size + 3)
                for other in buckets.get((initial, length), ())
            ),
            thresholds,
        )
        if found is not None:
            pair = _decided(form, *found, thresholds, rare_zipf)
            if pair is None:
                continue
            out.append(pair)
        buckets.setdefault((initial, size), []).append(form)
    return out


def any_related(
    forms: Iterable[str], thresholds: Thresholds = DEFAULT, index_from: int = INDEX_FROM
) -> bool:
    """Whether :func:`variant_pairs` compares two of ``forms`` that have a relation.

    The same pairs (same first letter, lengths two apart at most), without the weights
    (which need a lexicon look-up per form): most drafts have no such pair among their
    capitalised words, and then nothing else is needed. ``relation`` is asked only about
    pairs that can have one: the same letters once folded, or two edits apart.
    """
    shortest = thresholds.min_length
    forms = list(forms)
    if len(forms) <= index_from:
        return _any_pairwise(forms, thresholds)
    near = _Near(thresholds)
    for form in forms:
        if len(form) < shortest and form.isascii():
            continue  # « Le », « UE »: folding keeps an ASCII form's length
        folded = fold(form)
        if len(folded) < shortest:
            continue  # shorter than every form ``relation`` compares
        keys = near.neighbourhood(form)
        if keys is None:
            continue
        for position in near.candidates(keys):
            other = near.items[position]
            if (
                abs(len(form) - len(other)) <= 2
                and fold(other)[:1] == folded[0]
                and _relation(form, other, thresholds) is not None
            ):
                return True
        if not near.add(form, keys):
            return True  # too many forms to rule it out: let the comparison decide
    return False


def _any_pairwise(forms: list[str], thresholds: Thresholds) -> bool:
    """:func:`any_related` for a few forms: each compared with those of its first letter."""
    shortest = thresholds.min_length
    by_initial: dict[str, list[tuple[str, str]]] = {}
    for form in forms:
        if len(form) < shortest and form.isascii():
            continue
        folded = fold(form)
        if len(folded) < shortest:
            continue
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
                and _relation(form, other, thresholds) is not None
            ):
                return True
        same.append((form, folded))
    return False


#: Zipf difference from which wordfreq prefers one of two forms the draft writes as often.
DIRECTION_GAP = 0.5
#: The weight of a place name's spelling (:func:`evidence`): more than any frequency gap.
PLACE_GAP = 10.0
#: A word this common in French is no slip (``rare_zipf``'s default): when the parts of two
#: compounds that differ are both that common, neither is preferred.
COMMON_ZIPF = 3.0


def evidence(a: str, b: str, thresholds: Thresholds = DEFAULT) -> tuple[int, float]:
    """Which of two spellings maintained data prefers: ``(1, gap)`` for ``a``, ``(-1, gap)``
    for ``b``, ``(0, 0.0)`` when it says nothing.

    French frequencies first (a slip is attested far below its model, or not at all:
    ``Hilter`` 1.6, ``Hitler`` 4.2), then, when neither form is known in French, the other
    Latin-alphabet languages (``Regini`` 2.0, ``Regeni`` 3.0). A compound is judged on the
    part that differs (``Nutri-Sore`` / ``Nutri-Score``: ``sore`` / ``score``), since
    wordfreq knows words, not compounds.
    """
    place_a, place_b = is_place(a), is_place(b)
    if place_a != place_b:
        # The name of a country or of a region, département, state (iso-codes): the way it
        # is spelt there (« Seine-Saint-Denis », « États-Unis », « Côtes-d'Armor »).
        return (1 if place_a else -1), PLACE_GAP
    fa, fb = fold(a), fold(b)
    part_a, part_b = _differing_part(fa, fb)
    if (
        (part_a, part_b) != (fa, fb)
        and min(zipf(part_a), zipf(part_b)) >= COMMON_ZIPF
        and (
            _inflection(part_a, part_b)
            or _attested_inflection(part_a, part_b)
            or is_place(part_a)
            or is_place(part_b)
        )
    ):
        # Two forms of one common French word in a compound (« Hauts » / « Hautes », « Côte »
        # / « Côtes ») or a place's name beside a word (« Franche-Comté » / « France-Comté »):
        # the commoner form says nothing about the name. Two different words (« Louis » /
        # « Luis », « Olivier » / « Oliver ») are weighed as any two forms.
        return 0, 0.0
    for lookup, floor in ((zipf, thresholds.known_zipf), (other_zipf, 0.0)):
        za, zb = lookup(part_a), lookup(part_b)
        if max(za, zb) >= floor and max(za, zb) > 0:
            gap = abs(za - zb)
            if gap < DIRECTION_GAP:
                return 0, 0.0
            return (1 if za > zb else -1), gap
    return 0, 0.0


def _differing_part(fa: str, fb: str) -> tuple[str, str]:
    parts_a, parts_b = _PARTS.split(fa), _PARTS.split(fb)
    if len(parts_a) == len(parts_b) > 1:
        differing = [(x, y) for x, y in zip(parts_a, parts_b) if x != y]
        if len(differing) == 1:
            return differing[0]
    return fa, fb


def direct(
    variant: Form, dominant: Form, thresholds: Thresholds = DEFAULT
) -> tuple[Form, Form, bool]:
    """``(misspelt, right, decided)`` for two spellings of one name, ``dominant`` the one
    the draft uses more (or, on a tie, the heavier by :meth:`Form.weight`).

    The draft's majority stands unless it is of one use and wordfreq knows the minority form
    in French a hundred times better, or knows the majority form nowhere (``Hilter`` twice,
    ``Hitler`` once). On a tie the better attested form
    is the right one; when nothing prefers either, ``decided`` is false and no form is
    suggested.
    """
    side, gap = evidence(variant.form, dominant.form, thresholds)
    if variant.count == dominant.count:
        if side > 0:
            return dominant, variant, True
        return variant, dominant, side < 0
    if (
        side > 0
        and (zipf(variant.form) >= thresholds.known_zipf or gap >= PLACE_GAP)
        and dominant.count - variant.count == 1
        and (
            gap >= 2 * thresholds.typo_gap
            or max(zipf(dominant.form), other_zipf(dominant.form)) == 0
        )
    ):
        # A majority of one use (2 against 1) is weaker than a form a hundred times better
        # attested, or than a form attested where the other is nowhere; a larger majority
        # (``Bricq`` 4 times, ``Bric`` once) or an attested one (``Altice`` / ``Alice``) is
        # the draft's own word.
        return dominant, variant, True
    return variant, dominant, True


def _doubtful(variant: Form, dominant: Form, thresholds: Thresholds, rare_zipf: float) -> bool:
    """Whether the draft gives no ground to call ``variant`` a misspelling of ``dominant``."""
    za, zb = zipf(variant.form), zipf(dominant.form)
    if za >= rare_zipf:
        return True  # a well-attested word (``Franck`` beside ``France``) is not a misspelling
    if variant.partners & dominant.partners:
        # Both written beside the same name (``Emmanuel Macon`` / ``Emmanuel Macron``,
        # ``Johana Rolland`` / ``Johanna Rolland``): one person's name written two ways.
        return False
    if is_place(variant.form) and is_place(dominant.form):
        return True  # two places (``Mayenne`` / ``Mayotte``): both spelt as they should
    if (
        other_zipf(variant.form) >= thresholds.foreign_zipf
        or (za >= OTHER_FLOOR and other_zipf(fold(variant.form)) >= thresholds.foreign_zipf)
    ) and not dominated(variant.form, dominant.form, thresholds):
        # A common word or name in another language (``Joong`` / ``Jong``, ``Marisa`` /
        # ``Maria``), or a name French text knows that is one accents aside (``Wikimédia``:
        # not a slip's accented letters that happen to spell a foreign word, ``Saté``), and
        # nothing in the draft says it means the other form.
        return True
    if (
        variant.count == dominant.count
        and _first_name_of(variant) != _first_name_of(dominant)
        and OSA.distance(fold(variant.form), fold(dominant.form)) >= 2
        and not any(
            attested(part) for form in (variant, dominant) for part in _PARTS.split(fold(form.form))
        )
    ):
        # Two edits apart, once each, unknown to every lexicon, one written as a first name
        # (before another name) and the other not: two roles, nothing ties them (a passer-by
        # « Atiqullah », the spokesman « Attaullah Khogyani »).
        return True
    if _different_people(variant, dominant) and not (
        za == 0
        and other_zipf(variant.form) == 0
        and zb >= thresholds.known_zipf + 2 * thresholds.typo_gap
    ):
        # Unless the form is known to no lexicon and the other is a well-known name: that
        # is a typo whatever first name it follows (``Brigitte Mocron`` / ``Macron``).
        return True
    # Once each, and both attested names: nothing says which one the draft means, unless
    # one is far rarer (a hundredth: ``Hilter`` 1.6 against ``Hitler`` 4.2).
    return (
        variant.count == dominant.count
        and min(za, zb) >= thresholds.known_zipf
        and abs(za - zb) < 2 * thresholds.typo_gap
    )


def _first_name_of(form: Form) -> bool:
    """Whether the draft writes ``form`` right before another name (``Attaullah Khogyani``)."""
    return any(partner.startswith(">") for partner in form.partners)


def _different_people(a: Form, b: Form) -> bool:
    """Both written after first names, never the same nor near (``Paul Hubert`` /
    ``Jessica Hubbert``): two people sharing a surname's look, not a slip."""
    if a.titles and b.titles and not a.titles & b.titles:
        return True  # « M. Hubert » / « Mme Hubbert »
    first_a, first_b = a.firsts, b.firsts
    if not first_a or not first_b or first_a & first_b:
        return False
    return not any(OSA.distance(x, y) <= 1 for x in first_a for y in first_b)
