"""Kinds ``convention`` and ``quote-convention``: the draft's own conventions (issue 12).

A convention is a choice a newsroom makes and a writer then keeps: ’ or ', a no-break space,
a plain space or none before ``; ! ?``, « » or straight quotes, ``10 %`` or ``10%``. Published
copy follows one convention or another; what betrays a slip is a draft that does not keep its
own. So, with no house style declared, these kinds collect the sites of each variant in the
draft, take the draft's majority as its convention, and report only the minority. A draft
too short to show a convention (a variant seen fewer than ``evidence`` times, or a tie) is held
to the reference French press typography (``reference``) at ``info``, which never fails the
default gate. A newsroom
that declares a house style (``house:``, set by the shipped profiles) gets every site that
differs from it, at the rule's severity where the draft is also inconsistent with itself and
at ``info`` where the draft consistently follows another convention; ``--fix`` then writes the
house variant.

The generic ``convention`` kind knows no convention: each rule instance names its variants
with RE2 patterns in YAML (``rules/fr-typography.yaml``); ``quote-convention`` reads the
quotation pairs of :mod:`newslint.checks.quotes`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Edit, Finding, Fix, Severity
from newslint.masking import mask
from newslint.options import options_class
from newslint.patterns import PatternError, compile_pattern

if TYPE_CHECKING:
    from newslint.checks.quotes import Pair
    from newslint.documents.model import Document


@options_class
class Options:
    """Options of the ``convention`` kind (``newslint rules explain`` describes them)."""

    #: What the convention is about, for messages (« l’espace avant ; ! ? »).
    label: str = "convention"
    #: Variant name -> RE2 pattern of its sites; the first capture group that takes part is
    #: the site (the whole match without groups).
    variants: dict[str, str] = field(default_factory=dict)
    #: Variant name -> text a fix writes at a site (variants without one are never written).
    write: dict[str, str] = field(default_factory=dict)
    #: Variant name -> how a message names it (default: the name).
    names: dict[str, str] = field(default_factory=dict)
    #: The house variant; empty: follow the draft's own majority.
    house: str = ""
    #: The variants of the reference French press typography (no-break space before
    #: ``; : ! ?``, ’, 10 %; the en and the em dash), the first preferred. With no house
    #: declared they settle what the draft cannot: a tie between variants goes to them, and
    #: a variant the draft uses fewer than ``evidence`` times (too few to establish a
    #: convention) is reported at ``info`` when it is not one of them.
    reference: list[str] = field(default_factory=list)
    #: Fewest sites of one variant that establish the draft's own convention.
    evidence: int = 3
    #: Variant name -> RE2 pattern of a sibling convention's sites (the space before ``:``
    #: for the one before ``; ! ?``) that count as evidence of the same-named variant: a
    #: draft that writes ``dit :`` twice and ``Quoi ?`` once shows three plain spaces before
    #: high punctuation. Evidence only: the sibling's sites are never reported here, and a
    #: sibling that differs (Québec: `` :`` but ``Quoi?``) changes nothing.
    pool: dict[str, str] = field(default_factory=dict)
    #: One finding per paragraph for its deviating sites (false: one per site).
    group_paragraphs: bool = True
    #: Whether the fix to the house variant is safe (applied by ``--fix``); false where a
    #: site may be something else (a plain-text list item for a dialogue dash).
    safe_fix: bool = True

    def validate(self) -> None:
        if not self.variants:
            raise PatternError("variants", "variants: give at least two named RE2 patterns")
        for name, pattern in self.variants.items():
            try:
                compile_pattern(pattern)
            except ValueError as error:
                raise PatternError(("variants", name), str(error)) from None
        for key in ("write", "names"):
            for name in getattr(self, key):
                if name not in self.variants:
                    raise PatternError((key, name), f'{key}: "{name}" is not one of the variants')
        for key, value in [("house", self.house)] + [("reference", r) for r in self.reference]:
            if value and value not in self.variants:
                raise PatternError(
                    key,
                    f'{key}: "{value}" is not one of the variants ({", ".join(self.variants)})',
                )
        if self.evidence < 1:
            raise PatternError("evidence", "evidence: give a count of 1 or more")
        for name, pattern in self.pool.items():
            if name not in self.variants:
                raise PatternError(("pool", name), f'pool: "{name}" is not one of the variants')
            try:
                compile_pattern(pattern)
            except ValueError as error:
                raise PatternError(("pool", name), str(error)) from None


def sites(
    text: str, options: Options, variants: dict[str, str] | None = None
) -> list[tuple[int, int, str]]:
    """Every site of every variant in ``text`` (masked: no URL, time or code), in order;
    ``variants`` instead of the options' own (the ``pool``)."""
    masked = mask(text)
    found = []
    for name, pattern in (options.variants if variants is None else variants).items():
        for match in compile_pattern(pattern).finditer(masked):
            span = next(
                (
                    match.span(g)
                    for g in range(1, (match.re.groups or 0) + 1)
                    if match.span(g)[0] >= 0
                ),
                match.span(),
            )
            found.append((span[0], span[1], name))
    found.sort()
    return found


def majority(counts: dict[str, int], order: list[str], reference: Sequence[str] = ()) -> str:
    """The variant used most; a tie goes to the reference, else to the one used first."""
    return max(
        counts,
        key=lambda name: (counts[name], name in reference, -order.index(name)),
    )


def deviations(
    found: list[tuple[int, int, str]],
    house: str,
    reference: Sequence[str] = (),
    evidence: int = 1,
    pooled: Callable[[str], int] | None = None,
) -> Iterator[tuple[tuple[int, int, str], str, bool]]:
    """``(site, variant wanted, consistent)`` for each site off the convention.

    ``consistent``: the draft keeps one variant throughout (it only differs from the house,
    or, with no house, from the ``reference`` it uses too few times to make a convention).
    """
    if not found:
        return
    counts: dict[str, int] = {}
    order: list[str] = []
    for _, _, name in found:
        if name not in counts:
            order.append(name)
        counts[name] = counts.get(name, 0) + 1
    if house:
        consistent = len(counts) == 1
        for site in found:
            if site[2] != house:
                yield site, house, consistent
        return
    if len(counts) < 2:
        (only,) = counts
        if (
            reference
            and only not in reference
            and counts[only] < evidence
            and (pooled is None or counts[only] + pooled(only) < evidence)
        ):
            for site in found:
                yield site, reference[0], True
        return
    wanted = majority(counts, order, reference)
    for site in found:
        if site[2] != wanted:
            yield site, wanted, False


def _grouped(document: Document, items: list[tuple]) -> list[list]:
    """Group ``(start, ...)`` items by paragraph (consecutive items of one block)."""
    blocks = [(b.start, b.end) for b in document.blocks] or [(0, len(document.text))]
    starts = [b[0] for b in blocks]
    groups: dict[int, list] = {}
    for item in items:
        k = max(0, bisect_left(starts, item[0] + 1) - 1)
        groups.setdefault(k, []).append(item)
    return [groups[k] for k in sorted(groups)]


@register("convention", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report the places where the draft breaks its own convention (or the house's).

    ## What it does
    Finds the sites of each variant of one convention (named RE2 patterns in the rule's
    options: a no-break space, a plain space or none before `; ! ?`, ’ or ' ...). With no
    `house` variant the draft's majority is its convention and the minority is reported;
    a draft that keeps one variant throughout raises nothing. With a `house` variant (set by
    a house-style profile such as `fr-press-strict`), every other site is reported: at the
    rule's severity when the draft also mixes variants, at `info` when it consistently
    follows another convention.

    ## Why is this bad?
    Published copy follows one convention or another; a draft that writes `Quoi ?` here and
    `Quoi?` there shows a slip or a paste from another source.

    ## Example
    ```
    Il a dit : non. Elle a répondu: oui. Puis : peut-être.
    ```

    ## Use instead
    ```
    Il a dit : non. Elle a répondu : oui. Puis : peut-être.
    ```

    ## Options
    - `label`: what the convention is about, for messages.
    - `variants`: variant name -> RE2 pattern; the first capture group that takes part is
      the site.
    - `write`: variant name -> the text a fix writes at a site.
    - `names`: variant name -> its name in messages.
    - `house`: the house variant (empty: the draft's majority).
    - `reference`: the variants of the reference French press typography, the first
      preferred; with no house, a tie goes to them, and a draft that uses another variant
      fewer than `evidence` times (too few to show a convention of its own) gets its sites at
      `info`.
    - `evidence`: fewest sites that establish the draft's own convention (default 3).
    - `pool`: variant name -> RE2 pattern of a sibling convention whose sites count as
      evidence for the same-named variant (never reported here).
    - `group_paragraphs`: one finding per paragraph (default true).
    - `safe_fix`: whether the fix to the house variant is applied by `--fix` (default true).

    ## Fix safety
    Safe under a declared `house` variant that has a `write` text (`--fix` normalises the
    draft to the house style); without one, the fix to the draft's majority is only a
    suggestion.
    """
    text = document.text

    def pooled(name: str) -> int:
        """Sites of ``name`` in the sibling convention (counted on demand: rarely needed)."""
        return sum(1 for site in sites(text, options, options.pool) if site[2] == name)

    items = list(
        deviations(
            sites(text, options),
            options.house,
            options.reference,
            options.evidence,
            pooled if options.pool else None,
        )
    )
    if not items:
        return
    groups = (
        _grouped(document, [(s[0], s, w, c) for s, w, c in items])
        if options.group_paragraphs
        else [[(s[0], s, w, c)] for s, w, c in items]
    )
    name = options.names.get
    for group in groups:
        first, last = group[0][1], group[-1][1]
        wanted, consistent = group[0][2], all(g[3] for g in group)
        more = f" (et {len(group) - 1} autre(s) dans ce paragraphe)" if len(group) > 1 else ""
        if options.house:
            why = (
                "le texte suit une autre convention, " if consistent else ""
            ) + f"la maison écrit {name(wanted, wanted)}"
        elif consistent:
            why = (
                "trop peu d’occurrences pour établir la convention du texte ; "
                f"la typographie de référence écrit {name(wanted, wanted)}"
            )
        else:
            why = f"ailleurs, le texte écrit {name(wanted, wanted)}"
        message = (
            f"{options.label[:1].upper()}{options.label[1:]} : {name(first[2], first[2])}"
            f"{more} ; {why}."
        )
        fix = None
        suggestions: tuple[str, ...] = ()
        if wanted in options.write:
            edits = tuple(Edit(s[0], s[1], options.write[wanted]) for _, s, _, _ in group)
            fix = Fix(edits, safe=bool(options.house) and options.safe_fix)
            suggestions = (options.write[wanted] or "",)
        finding = Finding(
            first[0], max(last[1], first[0]), message, suggestions=suggestions, fix=fix
        )
        if consistent:
            finding.cap = Severity.INFO
        yield finding


# -- quote-convention --------------------------------------------------------------------------

_QUOTE_VARIANTS = {"«": "french", '"': "straight", "“": "english"}
_QUOTE_NAMES = {
    "french": "chevrons « … »",
    "straight": 'guillemets droits "…"',
    "english": "guillemets anglais “…”",
}


@options_class
class QuoteOptions:
    """Options of the ``quote-convention`` kind (``newslint rules explain`` describes them)."""

    #: House first-level quotes: french « », straight "; empty: the draft's majority.
    house: str = ""
    #: Report English “ ” at the first level of French copy, whatever the convention.
    english: bool = True

    def validate(self) -> None:
        if self.house not in ("", "french", "straight"):
            raise PatternError("house", 'house should be "", french or straight')


@register("quote-convention", QuoteOptions)
def check_quotes(document: Document, options: QuoteOptions, context: Context) -> Iterable[Finding]:
    """Report first-level quotation marks that break the draft's own quote convention.

    ## What it does
    Reads the quotations as `quote-pairing` pairs them. First-level quotations in « » and in
    straight " are two conventions of French copy (book and wire); with no `house` style the
    draft's majority is its convention and quotations in the other one are reported. English
    “ ” at the first level are reported whatever the convention: French copy never uses them
    there. Marks that do not pair are left to `quote-pairing`.

    ## Why is this bad?
    A quotation pasted from another source keeps its marks; a draft that mixes « » and "
    was assembled, not edited.

    ## Example
    ```
    « Nous partons », a-t-il dit. "Nous revenons", a-t-elle répondu. « Bien. »
    ```

    ## Use instead
    ```
    « Nous partons », a-t-il dit. « Nous revenons », a-t-elle répondu. « Bien. »
    ```

    ## Options
    - `house`: `french` or `straight` (set by the house-style profiles); empty: the draft's
      majority.
    - `english`: report “ ” at the first level (default true).

    ## Fix safety
    No fix here; the `quotes/style` rule of a house-style profile converts certain pairs.
    """
    from newslint.checks.quotes import document_pairing

    pairs = [
        p
        for p in document_pairing(document).pairs
        if p.depth <= 1 and p.matched and p.open_mark in _QUOTE_VARIANTS
    ]
    if not pairs:
        return
    if options.english:
        for pair in pairs:
            if p_variant(pair) == "english":
                yield Finding(
                    pair.open,
                    pair.close + 1,
                    "Guillemets anglais “…” au premier niveau d’un texte français : "
                    "écrire « … » (ou les guillemets du reste du texte).",
                    suggestions=("«\u00a0",),
                )
    found = [(p.open, p.close + 1, p_variant(p)) for p in pairs if p_variant(p) != "english"]
    for (start, end, variant), wanted, consistent in deviations(found, options.house):
        where = "la maison écrit" if options.house else "ailleurs, le texte écrit"
        finding = Finding(
            start,
            end,
            f"{_QUOTE_NAMES[variant][0].upper()}{_QUOTE_NAMES[variant][1:]}"
            f" au premier niveau ; {where} {_QUOTE_NAMES[wanted]}.",
        )
        if consistent:
            finding.cap = Severity.INFO
        yield finding


def p_variant(pair: Pair) -> str:
    return _QUOTE_VARIANTS[pair.open_mark]
