"""Kinds ``name-variants``, ``name-accents`` and ``name-registry``: one spelling per name.

The analysis (mentions, spelling relations, the lexicon) lives in :mod:`newslint.names`;
this module turns it into findings, per draft and, with ``--across-files`` or the
``across_files`` option, across every draft of a run (:func:`finish`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

from newslint.checks import Context, register
from newslint.classcache import dataclass
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.lazyre import lazy
from newslint.names.lexicon import OTHER_FLOOR, fold, other_zipf, unligature, zipf
from newslint.names.mentions import Mention, Mentions, capitalised_forms, find_mentions
from newslint.names.variants import (
    ACCENTS,
    CAPITAL_ACCENTS,
    SPELLING,
    UNDECIDED,
    Distance,
    Form,
    Thresholds,
    any_related,
    compare_forms,
    load_distances,
    relation,
    usual_both_ways,
    variant_pairs,
)
from newslint.options import options_class

JaroWinkler = Distance("JaroWinkler", globals())


def _warm(options: Any, context: Context) -> None:
    """rapidfuzz, imported on first use, is imported here before worker processes fork."""
    load_distances()
    if isinstance(JaroWinkler, Distance):
        JaroWinkler.load()


if TYPE_CHECKING:
    from newslint.documents.model import Document
    from newslint.registry import NameEntry, Registry

T = TypeVar("T")

#: At most this many places are listed in ``Finding.related``.
RELATED_MAX = 20


@dataclass(frozen=True)
class VariantOptions(Thresholds):
    """The comparison thresholds (:class:`Thresholds`: ``min_length``, ``two_edits_from``,
    ``substitution_from``, ``known_zipf``, ``typo_gap``, ``capital_accents``) and these."""

    #: A form this common is never taken for a misspelling of a rarer one.
    rare_zipf: float = 3.0
    #: A word capitalised only by its position (sentence start, headline) counts as a name
    #: if written capitalised mid-sentence elsewhere, or if rarer than this.
    weak_zipf: float = 3.5
    #: Compare with every draft of the run, not only within the draft.
    across_files: bool = False
    message: str = (
        "« {form} » ici, « {dominant} » ailleurs dans le texte ({count} contre {dominant_count})."
    )
    across_message: str = (
        "« {form} » ({count} fois ici) ; « {dominant} » ailleurs : "
        "{dominant_count} fois dans {files} fichiers."
    )
    #: A name written two ways as often, with nothing to say which one is right.
    undecided_message: str = (
        "« {form} » ici, « {dominant} » ailleurs dans le texte ({count} contre "
        "{dominant_count}) : une seule graphie, laquelle ?"
    )

    def validate(self) -> None:
        if self.min_length < 2:
            raise ValueError("min_length should be at least 2")
        for name in ("known_zipf", "rare_zipf", "weak_zipf"):
            if not 0 <= getattr(self, name) <= 8:
                raise ValueError(f"{name} should be a Zipf frequency between 0 and 8")
        if not OTHER_FLOOR <= self.foreign_zipf <= 8:
            # The table keeps other languages' frequencies from OTHER_FLOOR up only.
            raise ValueError(f"foreign_zipf should be a Zipf frequency between {OTHER_FLOOR} and 8")
        for name, keys in (
            ("message", ("form", "dominant", "count", "dominant_count")),
            ("undecided_message", ("form", "dominant", "count", "dominant_count")),
            ("across_message", ("form", "dominant", "count", "dominant_count", "files")),
        ):
            try:
                getattr(self, name).format(**dict.fromkeys(keys, ""))
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"{name}: bad placeholder {error}") from None

    @cached_property
    def thresholds(self) -> Thresholds:
        return Thresholds(**{f.name: getattr(self, f.name) for f in fields(Thresholds)})


@dataclass(frozen=True)
class AccentOptions(VariantOptions):
    """Options of the ``name-accents`` kind (``newslint rules explain`` describes them)."""

    message: str = (
        "« {form} » ici, « {dominant} » ailleurs dans le texte : accents différents "
        "({count} contre {dominant_count})."
    )
    across_message: str = (
        "« {form} » ({count} fois ici) ; « {dominant} » ailleurs : "
        "{dominant_count} fois dans {files} fichiers (accents)."
    )


# -- shared analysis ------------------------------------------------------------------------

#: Keys of the analyses the names rules share in a document's memo.
_CACHE = "names.mentions"
_RELATED = "names.related"
_COMPARED = "names.compared"


def _once_per_document(
    cache: str, document: Document, setting: object, compute: Callable[[], T]
) -> T:
    """``compute()`` for this document and setting, remembered in the document's memo for
    the names rules that follow on it."""
    memo = document.memo.setdefault(cache, {})
    if setting not in memo:
        memo[setting] = compute()
    return memo[setting]


def mentions_of(document: Document, weak_zipf: float) -> Mentions:
    """The document's mentions, computed once for all the names rules of a run."""
    return _once_per_document(
        _CACHE, document, weak_zipf, lambda: find_mentions(document, weak_zipf)
    )


def _may_vary(document: Document, thresholds: Thresholds) -> bool:
    """Whether two capitalised forms of the document are variants at all (computed once for
    ``name-variants`` and ``name-accents``): if not, neither rule has anything to say and
    the mentions need not be found."""
    return _once_per_document(
        _RELATED,
        document,
        thresholds,
        lambda: any_related(capitalised_forms(document.text), thresholds),
    )


#: Titles before a name, by gender: « M. Hubert » and « Mme Hubbert » are two people.
_TITLE_BEFORE = re.compile(r"(?:\b(M|MM)\.|\b(Mme|Mmes|Mlle|Mlles)\.?)\s+$")


def _forms(mentions: Mentions, text: str = "") -> tuple[list[Form], dict[str, list[Mention]]]:
    uses: dict[str, list[Mention]] = defaultdict(list)
    titles: dict[str, set[str]] = defaultdict(set)
    for mention in mentions.names:
        uses[mention.form].append(mention)
        if text:
            title = _TITLE_BEFORE.search(text, max(0, mention.start - 8), mention.start)
            if title is not None:
                titles[mention.form].add("m" if title.group(1) else "f")
    partners: dict[str, set[str]] = defaultdict(set)
    firsts: dict[str, set[str]] = defaultdict(set)
    for run in mentions.runs:
        names = [item for item in run if isinstance(item, Mention)]
        for before, after in pairwise(names):
            partners[after.form].add("<" + before.form)
            partners[before.form].add(">" + after.form)
        person = names
        while person and person[0].weak and len(person) > 2:
            person = person[1:]  # « Ensuite Jessica Hubbert »: the sentence's first word
        if len(person) == 2 and len(run) == len(names) and _first_name(person[0].form):
            # A two-word name, first name and surname (« Jessica Hubbert »).
            firsts[person[1].form].add(fold(person[0].form))
    forms = [
        Form(
            form,
            len(found),
            found[0].start,
            frozenset(partners.get(form, ())),
            frozenset(firsts.get(form, ())),
            frozenset(titles.get(form, ())),
        )
        for form, found in uses.items()
    ]
    return forms, uses


#: Titles and abbreviations written before a surname: not first names.
_TITLES = frozenset("m mm mme mmes mlle me dr pr mgr sr st ste saint sainte".split())


def _first_name(form: str) -> bool:
    return len(form) > 1 and not form.isupper() and fold(form) not in _TITLES


def _variants(
    document: Document, options: VariantOptions, context: Context, wanted: str
) -> Iterator[Finding]:
    across = options.across_files or getattr(context, "across_files", False)
    if not across and not _may_vary(document, options.thresholds):
        return
    mentions = mentions_of(document, options.weak_zipf)
    # Forms and their comparison, once for name-variants and name-accents (issue 21).
    _forms, uses, pairs, skipped = _once_per_document(
        _COMPARED,
        document,
        (options.weak_zipf, options.thresholds, options.rare_zipf),
        lambda: _compared(mentions, options, document.text),
    )
    if across:
        _record(document, uses, context)
    registry = context.names if context.names is not None and context.names.entries else None
    people: set[str] | None = None
    if skipped and wanted == SPELLING:
        # Said once, by name-variants: the draft is far beyond any article (issue 21).
        yield Finding(
            0,
            0,
            f"Trop de noms distincts pour les comparer tous : {skipped} formes parmi les "
            "plus rares n’ont pas été comparées.",
        )
    reported: set[str] = set()
    for variant, dominant, kind in pairs:
        undecided = kind == UNDECIDED
        if undecided:
            kind = SPELLING
        if kind == SPELLING and (variant.form in reported):
            continue  # already reported against another form
        if kind == CAPITAL_ACCENTS and wanted == ACCENTS and people is None:
            people = _in_full_names(mentions)
        if (
            kind == CAPITAL_ACCENTS
            and wanted == ACCENTS
            and people is not None
            and (variant.form in people or dominant.form in people)
            and not usual_both_ways(variant.form, dominant.form, options.thresholds)
        ):
            # « Émmanuel Macron » / « Emmanuel Macron »: an accent French text never puts on
            # that first name. « Edouard » / « Édouard », which French text writes about as
            # often, is the capital's house style, as « Etat » / « État » (issue 13).
            kind = ACCENTS
        if kind != wanted:
            continue
        if (
            kind == ACCENTS
            and variant.count == dominant.count
            and _accents(variant.form) > _accents(dominant.form)
        ):
            variant, dominant = dominant, variant  # a tie: French typography keeps the accents
        if registry is not None and _in_registry(variant.form, registry):
            continue  # the registry is the authority on this name: names/registry says it
        if kind == SPELLING and all(_whole_quotation(document.text, m) for m in uses[variant.form]):
            # « surnommé "Darmalin" »: a word quoted on its own is mentioned, not used (a
            # nickname, a coinage, a word play on the name); its spelling is the point.
            continue
        reported.add(variant.form)
        if undecided and across:
            # The other drafts of the run may say which form is right: :func:`_finish`.
            _record_undecided(context, document.path, variant.form, dominant.form)
            continue
        message = (options.undecided_message if undecided else options.message).format(
            form=variant.form,
            dominant=dominant.form,
            count=variant.count,
            dominant_count=dominant.count,
        )
        related = [_place(document, m) for m in uses[dominant.form][:RELATED_MAX]]
        # The other form's own entity markers: a variant marked the same way is the same
        # entity written two ways (« Lyno, en France » beside « Lyon, en France »).
        theirs = {_entity_marker(document.text, m) for m in uses[dominant.form]}
        # Only an attested form can be another entity: a misspelling (« Albertvlile, en
        # Savoie ») is in no word list, « Gernsheim » and « Irna » are.
        attested = kind == SPELLING and (zipf(variant.form) > 0 or other_zipf(variant.form) > 0)
        for mention in uses[variant.form]:
            marker = _entity_marker(document.text, mention) if attested else None
            yield Finding(
                mention.start,
                mention.end,
                message,
                suggestions=() if undecided else (dominant.form,),
                fix=None
                if undecided
                else Fix((Edit(mention.start, mention.end, dominant.form),), safe=False),
                related=related,
                cap=Severity.WARNING if marker is not None and marker not in theirs else None,
            )


#: Marks that open and close a quotation, and the spaces French copy puts inside them.
_OPENING_QUOTES = "«“‹\"'‘„"
_CLOSING_QUOTES = "»”›\"'’“"
_QUOTE_SPACES = " \u00a0\u202f"


def _whole_quotation(text: str, mention: Mention) -> bool:
    """Whether the mention is the whole content of a quotation (« surnommé "Darmalin" »,
    « le “Sarkoland” »): quotation marks right around it, only spaces between."""
    before = text[max(0, mention.start - 3) : mention.start].rstrip(_QUOTE_SPACES)
    after = text[mention.end : mention.end + 2].lstrip(_QUOTE_SPACES)
    if not before or before[-1] not in _OPENING_QUOTES or not after:
        return False
    if before[-2:-1].isalpha():
        return False  # « l’Otan », « d’Ouchakov »: an elision, not a quotation mark
    return after[0] in _CLOSING_QUOTES


#: The kinds of place and organisation an apposition gives a name: « Irna, l’agence
#: officielle », « Gersheim, une commune de la Sarre ». Not people's titles (« Sakozy,
#: l’ancien président » stays a misspelt Sarkozy).
_ENTITY_TYPES = (
    "agence|institut|office|organisation|organisme|ville|commune|village|localité|"
    "bourg|société|groupe|entreprise|firme|marque|journal|quotidien|hebdomadaire|"
    "magazine|chaîne|radio|syndicat|parti|association|fondation|université|école|"
    "région|province|département|canton|capitale|port|île|fleuve|rivière|lac|"
    "banque|fédération|club|compagnie|agglomération|métropole"
)
#: Right after the name: « , en Allemagne », « , au Japon », « , l’agence … ». Not a
#: département in brackets (« Belfort (Doubs) »): the press writes one after nearly every
#: town, misspelt or not.
_MARKER_AFTER = lazy(
    r"[ \u00a0]*,[ \u00a0]+(?:(?:en|au|aux)[ \u00a0]+([A-ZÀ-ÖØ-Þ][\w-]+)"
    r"|(?:l['’]|le[ \u00a0]+|la[ \u00a0]+|les[ \u00a0]+|un[ \u00a0]+|une[ \u00a0]+)"
    r"(?:\w+[ \u00a0]+)?(" + _ENTITY_TYPES + r")s?\b)"
)


def _entity_marker(text: str, mention: Mention) -> str | None:
    """What an apposition right after the name says the entity is, when it says it: a
    country or a region (« Gersheim, en Allemagne ») or a kind of place or organisation
    (« Irna, l’agence officielle »). A name one edit from another that its own apposition
    marks as a place or an organisation the other form is never said to be, and which word
    frequencies attest, is weak evidence of a misspelling: at most a warning."""
    after = _MARKER_AFTER.match(text, mention.end, min(len(text), mention.end + 60))
    if after is None:
        return None
    return next(group for group in after.groups() if group).lower()


def _compared(mentions: Mentions, options: VariantOptions, text: str = "") -> tuple:
    forms, uses = _forms(mentions, text)
    return (forms, uses, *compare_forms(forms, options.thresholds, options.rare_zipf))


def _accents(form: str) -> int:
    return sum(1 for char in form if unicodedata.normalize("NFD", char) != char)


def _in_full_names(mentions: Mentions) -> set[str]:
    """Forms written as a first name: first of several names, not after an article
    (« Éric Zemmour », not « secrétaire d'État Jean Dupont »)."""
    named = {mention.start for mention in mentions.names}
    out: set[str] = set()
    for run in mentions.runs:
        found = [item for item in run if isinstance(item, Mention) and item.start in named]
        if len(found) > 1 and found[0] is run[0] and not found[0].attached:
            out.add(found[0].form)
    return out


def _place(document: Document, mention: Mention, path: str | None = None) -> dict:
    line, column = document.position(document.source_span(mention.start, mention.end)[0])
    place = {"line": line, "column": column, "form": mention.form}
    if path is not None:
        place = {"path": path, **place}
    return place


def _record(document: Document, uses: dict[str, list[Mention]], context: Context) -> None:
    """Keep what :func:`finish` needs: plain data, so worker processes can send it back."""
    state = {
        form: [(m.start, m.end, *_line_column(document, m)) for m in found]
        for form, found in uses.items()
    }
    context.state.setdefault(context.rule_id, {})[document.path] = state


#: Key of a draft's state holding its undecided ties (not a form: forms have no NUL).
_UNDECIDED_KEY = "\x00undecided"


def _record_undecided(context: Context, path: str, form: str, other: str) -> None:
    state = context.state.setdefault(context.rule_id, {}).setdefault(path, {})
    state.setdefault(_UNDECIDED_KEY, []).append((form, other))


def _line_column(document: Document, mention: Mention) -> tuple[int, int]:
    return document.position(document.source_span(mention.start, mention.end)[0])


def _finish(
    states: dict, options: VariantOptions, context: Context, wanted: str
) -> Iterator[tuple[str, Finding]]:
    """Across files: a form used in some drafts where the others write it another way."""
    totals: dict[str, int] = defaultdict(int)
    files: dict[str, list[str]] = defaultdict(list)
    first: dict[str, int] = {}
    for order, (path, state) in enumerate(states.items()):
        for form, places in state.items():
            if form == _UNDECIDED_KEY:
                continue
            totals[form] += len(places)
            files[form].append(path)
            first.setdefault(form, order)
    if wanted == SPELLING:
        yield from _settle_ties(states, totals, options)
    forms = [Form(form, count, first[form]) for form, count in totals.items()]
    for variant, dominant, kind in variant_pairs(forms, options.thresholds, options.rare_zipf):
        undecided = kind == UNDECIDED
        if undecided:
            kind = SPELLING
        if kind != wanted:
            continue
        elsewhere = files[dominant.form]
        used = [(form, path) for form in (dominant.form, variant.form) for path in files[form]]
        for path in files[variant.form]:
            state = states[path]
            if dominant.form in state:
                continue  # the draft itself holds both: the per-draft finding says it
            places = state[variant.form]
            message = options.across_message.format(
                form=variant.form,
                count=len(places),
                dominant=dominant.form,
                dominant_count=dominant.count,
                files=len(elsewhere),
            )
            # Where each form is used elsewhere: the dominant form first.
            related = [
                {"path": other, "line": place[2], "column": place[3], "form": form}
                for form, other in used
                if other != path
                for place in states[other][form]
            ][:RELATED_MAX]
            for start, end, _line, _column in places:
                yield (
                    path,
                    _variant_finding(
                        start, end, message, None if undecided else dominant.form, related
                    ),
                )


def _settle_ties(
    states: dict, totals: dict[str, int], options: VariantOptions
) -> Iterator[tuple[str, Finding]]:
    """A draft's tie that nothing decided, settled by the other drafts of the run: the form
    they use more is the right one; if they do not, the tie is reported without a
    suggestion, as within a draft."""
    for path, state in states.items():
        for form, other in state.get(_UNDECIDED_KEY, ()):
            here_form, here_other = state.get(form, ()), state.get(other, ())
            form_elsewhere = totals[form] - len(here_form)
            other_elsewhere = totals[other] - len(here_other)
            undecided = form_elsewhere == other_elsewhere
            if form_elsewhere > other_elsewhere:
                form, other = other, form
                here_form, here_other = here_other, here_form
            template = options.undecided_message if undecided else options.message
            message = template.format(
                form=form, dominant=other, count=len(here_form), dominant_count=len(here_other)
            )
            related = [
                {"path": path, "line": place[2], "column": place[3], "form": other}
                for place in here_other[:RELATED_MAX]
            ]
            for start, end, _line, _column in here_form:
                yield (
                    path,
                    _variant_finding(start, end, message, None if undecided else other, related),
                )


def _variant_finding(
    start: int, end: int, message: str, right: str | None, related: list
) -> Finding:
    """A finding across drafts: the right form suggested (an unsafe fix), or none when
    nothing decides which form is right."""
    if right is None:
        return Finding(start, end, message, suggestions=(), fix=None, related=related)
    return Finding(
        start,
        end,
        message,
        suggestions=(right,),
        fix=Fix((Edit(start, end, right),), safe=False),
        related=related,
    )


def _finish_spelling(
    states: dict, options: VariantOptions, context: Context
) -> Iterator[tuple[str, Finding]]:
    return _finish(states, options, context, SPELLING)


def _finish_accents(
    states: dict, options: VariantOptions, context: Context
) -> Iterator[tuple[str, Finding]]:
    return _finish(states, options, context, ACCENTS)


@register("name-variants", VariantOptions, finish=_finish_spelling, warm=_warm)
def check_variants(
    document: Document, options: VariantOptions, context: Context
) -> Iterable[Finding]:
    """Report a name spelled two ways in the same draft (no list needed).

    ## What it does
    Finds the capitalised names of a draft (single words, compounds such as
    « Jean-Luc », acronyms, names after an elision: « d’Ouchakov », « l’OTAN »), groups the
    forms that are one or two letters apart (rapidfuzz), and reports every use of the
    misspelt form, suggesting the right one: the form the draft uses most, unless word
    frequencies (wordfreq) prefer the other on a tie or a majority of one use
    (« Hilter » / « Hitler »), or, for a country, a region or a département, the way the
    iso-codes lists spell it (« Seine-Saint-Denis »); a tie that nothing decides is reported
    without a suggestion,
    or settled by the other drafts with `--across-files`. With `--across-files` (or the
    `across_files` option) it also compares every draft of the run and reports a form that
    other drafts write differently, with the places where each form is used.

    It does not confuse near but distinct names: two attested names (« France » /
    « Franck », « Philippe » / « Philippot », from wordfreq's French frequencies), a plural,
    a feminine, a demonym (« Russie » / « Russes », « Lituanie » / « Lituaniens »), Slavic
    feminine surnames (« Akhmedov » / « Akhmedova »), a short name with one letter changed
    (« Yuki » / « Yuka »), compounds differing by a whole word (« Saint-Loup » /
    « Saint-Louis »), a name common in another language (« Marisa » / « Maria »), unless
    the draft writes both beside the same name (« Johana Rolland » / « Johanna Rolland »).
    Handles, hashtags and web addresses (« @CCastaner ») are not names. Words capitalised only by their position (sentence start, headline,
    page furniture such as « Leave a Comment ») are names only if also written capitalised
    mid-sentence or if they are not common French words. Quoted speech is not reported,
    nor a form that is the whole content of a quotation (« surnommé "Darmalin" »): a
    nickname or a word play mentions a spelling, it does not misspell the name. A form whose
    own context marks it as a place or an organisation the other form is never said to be
    (« Gersheim, en Allemagne », « l’Irna, l’agence officielle ») is reported at most as a
    warning: two entities one letter apart, or a slip, only the writer knows.

    ## Why is this bad?
    A name written two ways in one story is a factual error for the reader: « Baiden »
    and « Biden » could be two people. Spell-checkers do not know names and accept both.

    ## Example
    ```
    Joe Biden a appelé Vladimir Poutine. Baiden a insisté sur la diplomatie, a dit Biden.
    ```

    ## Use instead
    ```
    Joe Biden a appelé Vladimir Poutine. Biden a insisté sur la diplomatie, a dit Biden.
    ```

    ## Options
    - `min_length`: shortest form compared (default 4).
    - `two_edits_from`: from this length two edits may separate variants (default 9).
    - `substitution_from`: below this length a changed letter makes another name (default 7).
    - `known_zipf`: Zipf frequency from which a form is an attested name (default 1.5).
    - `typo_gap`: two attested forms are two names unless the rarer is this much rarer
      (Zipf difference, default 1.0: « Mitterand » 2.6 against « Mitterrand » 3.9).
    - `rare_zipf`: a form this common is never taken for a misspelling (default 3.0).
    - `foreign_zipf`: a form this common in another Latin-alphabet language (« Marisa »,
      « Educativo ») is a name or word of its own unless the draft writes it beside the same
      name as the other form (default 3.0, at least 2.0).
    - `capital_accents`: report an accent on a capital only (« Etat » / « État ») everywhere;
      by default only in first names French text writes one way (« Émmanuel » /
      « Emmanuel »), not in those it writes both ways (« Edouard » / « Édouard »).
    - `famous_zipf`: French Zipf frequency of a household name (default 4.5): a form rare in
      French and clearly rarer in every language beside one is its misspelling, even short
      (« Frane » / « France »).
    - `weak_zipf`: a sentence-initial or headline word counts as a name below this (3.5).
    - `across_files`: compare across every draft of the run (default false).
    - `message`, `across_message`, `undecided_message` (a tie with no suggestion):
      templates with `{form}`, `{dominant}`, `{count}`, `{dominant_count}` (and `{files}`
      across files).

    ## Fix safety
    The suggestion is the form the draft and the word frequencies support, which is usually
    but not always the right one: the fix is unsafe and only shown.
    """
    yield from _variants(document, options, context, SPELLING)


@register("name-accents", AccentOptions, finish=_finish_accents, warm=_warm)
def check_accents(
    document: Document, options: AccentOptions, context: Context
) -> Iterable[Finding]:
    """Report a name written with and without its accents in the same draft.

    ## What it does
    Like `name-variants`, for forms that differ only by accents (« Israel » / « Israël »,
    « Melenchon » / « Mélenchon »), hyphens or apostrophes (« SpaceX » / « Space-X »).
    An accent on a capital only is reported in first names (written before another name, not
    after an article, somewhere in the draft) that French text writes one way far more often
    (« Émmanuel » / « Emmanuel »), not in those it writes both ways about as often
    (« Edouard » / « Édouard », « Eric » / « Éric »: the capital's house style); for other
    words (« Etat » / « État ») only with `capital_accents`, since many newsrooms leave
    capitals unaccented. Case alone and ligatures (« Schœlcher » / « Schoelcher ») are not
    reported.

    ## Why is this bad?
    Accents on capitals are a house-style choice, but one draft should make it once;
    mixing them reads as two spellings. It is lower in severity than a misspelling.

    ## Example
    ```
    Le ministre Olivier Véran a répondu. Selon Olivier Veran, rien ne change.
    ```

    ## Use instead
    ```
    Le ministre Olivier Véran a répondu. Selon Olivier Véran, rien ne change.
    ```

    ## Options
    The options of `name-variants`.

    ## Fix safety
    The suggestion is the form the draft uses most: the fix is unsafe and only shown.
    """
    yield from _variants(document, options, context, ACCENTS)


# -- registry -------------------------------------------------------------------------------


@options_class
class RegistryOptions:
    """Options of the ``name-registry`` kind (``newslint rules explain`` describes them)."""

    #: Jaro-Winkler similarity (0-1) from which a multi-word mention matches a registry name.
    similarity: float = 0.9
    #: Each word of a multi-word mention must be at least this similar to its counterpart.
    word_similarity: float = 0.85
    #: Compare single-word mentions with single-word accepted forms and surnames.
    single_words: bool = True
    weak_zipf: float = 3.5
    message: str = "« {form} » : le registre des noms écrit « {canonical} »."
    wrong_message: str = (
        "« {form} » : forme refusée par le registre des noms ; écrire « {suggestion} »."
    )
    #: Thresholds for single words (see `name-variants`), substitutions allowed from 4 letters.
    min_length: int = 4
    known_zipf: float = 1.5
    rare_zipf: float = 3.0

    def validate(self) -> None:
        for name in ("similarity", "word_similarity"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"{name} should be between 0 and 1")
        try:
            self.message.format(form="", canonical="")
            self.wrong_message.format(form="", suggestion="", canonical="")
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(f"message: bad placeholder {error}") from None


def _normal(text: str) -> str:
    return " ".join(unligature(text).replace("\u00a0", " ").replace("\u202f", " ").split(" "))


@dataclass
class _Index:
    """The registry's names indexed for near-match look-ups."""

    accepted: dict[str, Any]
    wrong: dict[str, Any]
    #: Accepted forms by (number of words, first letter folded): near misses keep both.
    by_words: dict[tuple[int, str], list[tuple[str, Any]]]


def _index(registry: Registry) -> _Index:
    cached = registry.memo.get("names.index")
    if cached is not None:
        return cached
    accepted: dict[str, Any] = {}
    wrong: dict[str, Any] = {}
    by_words: dict[tuple[int, str], list[tuple[str, Any]]] = defaultdict(list)
    for entry in registry.entries:
        for form in entry.accepted:
            accepted[_normal(form).casefold()] = entry
            by_words[len(form.split()), fold(form)[:1]].append((_normal(form), entry))
        for form in entry.accepted:
            last = form.split()[-1]
            if len(form.split()) > 1 and _normal(last).casefold() not in accepted:
                # A surname alone is how copy refers to a person after the first mention.
                accepted[_normal(last).casefold()] = entry
                by_words[1, fold(last)[:1]].append((_normal(last), entry))
        for form in entry.wrong:
            wrong[_normal(form).casefold()] = entry
    index = _Index(accepted, wrong, dict(by_words))
    registry.memo["names.index"] = index
    return index


def _closest(form: str, entry: NameEntry) -> str:
    """The accepted form of ``entry`` nearest ``form`` with as many words (else canonical)."""
    words = len(form.split())
    same = [f for f in entry.accepted if len(f.split()) == words]
    if not same:
        return entry.canonical
    return max(same, key=lambda f: JaroWinkler.normalized_similarity(fold(form), fold(f)))


@register("name-registry", RegistryOptions, warm=_warm)
def check_registry(
    document: Document, options: RegistryOptions, context: Context
) -> Iterable[Finding]:
    """Report a name that departs from the newsroom's registry of canonical spellings.

    ## What it does
    Compares the names of the draft (multi-word names such as « Jena Psaki » and single
    words) with the `names:` registry of the configuration: a known wrong form
    (`wrong:`) is reported, and so is a mention that is close to an accepted form
    (`canonical:` or `aliases:`, and the surname of a multi-word name) without being one.
    The suggestion is the registry's spelling.

    ## Why is this bad?
    Only a list knows that the White House press secretary is Jen Psaki: « Jena Psaki »
    is consistent within the draft and passes every spell-checker.

    ## Example
    ```
    a déclaré la porte-parole de la Maison Blanche, Jena Psaki.
    ```

    ## Use instead
    ```
    a déclaré la porte-parole de la Maison Blanche, Jen Psaki.
    ```

    ## Options
    - `similarity`: Jaro-Winkler similarity of a multi-word mention to a registry name
      (default 0.9).
    - `word_similarity`: minimum similarity of each word of it (default 0.85).
    - `single_words`: also compare single words with single-word forms and surnames (true).
    - `min_length`, `known_zipf`, `rare_zipf`, `weak_zipf`: as for `name-variants`.
    - `message` (`{form}`, `{canonical}`), `wrong_message` (`{form}`, `{suggestion}`,
      `{canonical}`).

    ## Fix safety
    The registry is the newsroom's authority, but a near name may be another person: the
    fix is unsafe and only shown.
    """
    registry = context.names
    if registry is None or not registry.entries:
        return
    index = _index(registry)
    text = document.text
    mentions = mentions_of(document, options.weak_zipf)
    single = Thresholds(
        min_length=options.min_length,
        substitution_from=0,
        known_zipf=options.known_zipf,
        capital_accents=True,
    )
    named = {mention.start for mention in mentions.names}
    for run in mentions.runs:
        names = [item for item in run if isinstance(item, Mention)]
        used = [False] * len(names)
        for size in range(min(4, len(names)), 0, -1):
            for i in range(len(names) - size + 1):
                if any(used[i : i + size]):
                    continue
                first, last = names[i], names[i + size - 1]
                if size == 1 and first.start not in named:
                    continue  # « Bien » at a sentence start is no name; « Vladimir Putin » is
                form = _normal(text[first.start : last.end])
                entry = index.accepted.get(form.casefold())
                if entry is not None:
                    used[i : i + size] = [True] * size
                    continue
                entry = index.wrong.get(form.casefold())
                if entry is not None:
                    used[i : i + size] = [True] * size
                    suggestion = _closest(form, entry)
                    yield _registry_finding(
                        first.start,
                        last.end,
                        options.wrong_message.format(
                            form=form, suggestion=suggestion, canonical=entry.canonical
                        ),
                        suggestion,
                    )
                    continue
                match = _fuzzy(form, size, index, options, single)
                if match is not None:
                    used[i : i + size] = [True] * size
                    yield _registry_finding(
                        first.start,
                        last.end,
                        options.message.format(form=form, canonical=match),
                        match,
                    )


def _fuzzy(
    form: str, size: int, index: _Index, options: RegistryOptions, single: Thresholds
) -> str | None:
    best = None
    best_score = 0.0
    folded = fold(form)
    for accepted, _entry in index.by_words.get((size, folded[:1]), ()):
        if size == 1:
            if (
                not options.single_words
                or zipf(form) >= options.rare_zipf
                or relation(form, accepted, single) is None
            ):
                continue  # a common word (« Bien ») is no misspelling of « Biden »
            score = JaroWinkler.normalized_similarity(folded, fold(accepted))
        else:
            score = JaroWinkler.normalized_similarity(folded, fold(accepted))
            if score < options.similarity:
                continue
            pairs = zip(form.split(" "), accepted.split(" "))
            if any(
                JaroWinkler.normalized_similarity(fold(a), fold(b)) < options.word_similarity
                for a, b in pairs
            ):
                continue
        if score > best_score:
            best, best_score = accepted, score
    return best


def _in_registry(form: str, registry: Registry) -> bool:
    """Whether the registry accepts, refuses or nearly matches the single word ``form``."""
    index = _index(registry)
    key = _normal(form)
    if key.casefold() in index.accepted or key.casefold() in index.wrong:
        return True
    options = RegistryOptions()
    single = Thresholds(
        min_length=options.min_length,
        substitution_from=0,
        known_zipf=options.known_zipf,
        capital_accents=True,
    )
    return _fuzzy(key, 1, index, options, single) is not None


def _registry_finding(start: int, end: int, message: str, suggestion: str) -> Finding:
    return Finding(
        start,
        end,
        message,
        suggestions=(suggestion,),
        fix=Fix((Edit(start, end, suggestion),), safe=False),
    )
