"""Typography families the older kinds miss (issue 12, « Recall that generalises »).

Kinds ``glued-words`` (a missing space after ``.`` or ``:`` between two words),
``quote-single-mixed`` (single quotation marks mixed or doubled: ``‘grand'``, ``‘‘barbare’’``),
``apostrophe-lost`` (a missing apostrophe the elision kind misses: ``L opinion``,
``l Europe``, ``d hôpital``, ``n a``).

Each is a method, not a list of cases: it reads the shape of the text around a mark, on the
masked text (:mod:`newslint.masking`), so URLs, e-mail addresses, domains, times, code and
file names never match. All three are slips whatever the house style. The two convention
families of issue 12 (a plain space before a unit, dialogue dashes) are instances of the
``convention`` kind in ``rules/fr-typography.yaml`` (``typography/convention-units``,
``punctuation/convention-dialogue``): they follow the draft's majority or a declared house.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Finding, Severity
from newslint.french import ELIDED, ELIDED_WRITTEN_APART, alternation, capitalised
from newslint.lazyre import lazy
from newslint.masking import PLACEHOLDER, allowed, mask
from newslint.options import options_class

if TYPE_CHECKING:
    from newslint.documents.model import Document

_LETTER = r"[^\W\d_]"


def _show(text: str, start: int, end: int) -> str:
    return text[start:end].replace("\n", " ")


# -- glued-words ---------------------------------------------------------------------------

#: A dot or a colon with a letter on each side; the context decides (see below).
_GLUED = lazy(r"[.:](?<=" + _LETTER + r"[.:])(?=" + _LETTER + r")")
_LEFT_WORD = lazy(_LETTER + r"+\Z")
_RIGHT_WORD = lazy(_LETTER + r"+")
#: wordfreq Zipf values (log10 of occurrences per billion words): a right word of up to
#: three letters must be as common as « vie » (5.9) or « ont » (6.3), above domain endings
#: and extensions (« tv » 4.7, « js » 3.5); a longer one must be accented or attested
#: French (« lorrain » 3.4; « yaml » 1.1, « node » 2.5, « path » 3.0 on the edge), and the
#: left word attested at all (« validait » 1.75).
_SHORT_FLOOR, _WORD_FLOOR, _LEFT_FLOOR = 5.0, 3.05, 1.5
_FOREIGN_MARGIN = 1.0
#: One-letter elided words: ``et.d’un``.
_ELIDED = frozenset(word for word in ELIDED if len(word) == 1)
#: Endings of French inclusive writing set after a dot (``tous.tes``, ``acteur.rice``).
_EPICENE = frozenset(
    "es tes ne nes rice rices trice trices euse euses ère ères ive ives le les".split()
)
#: File extensions the masking does not know, and program words (``config.yaml``).
_EXTENSIONS = frozenset(
    """yaml yml toml conf java webp tiff heic mpeg jsonl epub pptx xlsx docx html json
    exe dmg tar apk""".split()
)
#: What may stand right before the left word or right after the right word of a glued
#: pair in a name, a path or code (``a.b.c``, ``x/y.z``, ``@moi.toi``, ``obj.f(``).
_CODE_BEFORE = set("./@_#$:\\=") | {PLACEHOLDER}
_CODE_AFTER = set("./(@_=[:\\") | {PLACEHOLDER}


@options_class
class GluedOptions:
    """Options of the ``glued-words`` kind (``newslint rules explain`` describes them)."""

    message: str = "Espace manquante après « {mark} » : « {match} »."
    #: Words written with a mark inside them, never flagged (``Re:Wind``).
    allow: list[str] = field(default_factory=lambda: ["Re:Wind"])


@register("glued-words", GluedOptions)
def check_glued(document: Document, options: GluedOptions, context: Context) -> Iterable[Finding]:
    """Report two words glued by a full stop or a colon: `refusé.de`, `M.Dupont`, `Attention:danger`.

    ## What it does
    Flags a full stop between a word and a lower-case word (`refusé.de partir`,
    `et.d’un casque`), between the title `M.` and a name (`M.Dupont`), and a colon
    between two words (`Attention:danger`). A full stop before a capitalised word after a
    lower-case word (`fini.Demain`) is the `punct-space-after`
    kind's. Not flagged: URLs, e-mail addresses and domains (`lemonde.fr`, `site.ru`), file
    names (`rapport.pdf`, `config.yaml`), numbers (`3,5`, `1.000`), times and ratios
    (`10:30`), acronyms and initials (`U.S.`, `J.-P.`), `p.ex.`, dotted chains
    (`os.path.join`), brand names with a capital inside (`ASP.net`), and the words in
    `allow`.

    A glued form the draft writes the same way more than once (`M.Pokora` three times) is
    a spelling it keeps, likely a name: at most a warning.

    ## Why is this bad?
    Two words glued by a mark are a typing slip whatever the house style: the reader sees
    one word, line breaking and search fail.

    ## Example
    ```
    Il a refusé.de partir. M.Dupont a dit:non.
    ```

    ## Use instead
    ```
    Il a refusé de partir. M. Dupont a dit : non.
    ```

    ## Options
    - `message`: template; `{mark}` is the mark, `{match}` the glued words.
    - `allow`: words written with a mark inside them (brands).

    ## Fix safety
    No fix: the mark may be a stray (`refusé.de` → `refusé de`) or a sentence end that
    lost its space; the finding suggests the spaced form.
    """
    text = document.text
    masked = mask(text)
    allowed_at = allowed(options.allow, text)
    for match in _GLUED.finditer(masked):
        index = match.start()
        if allowed_at(index):
            continue
        found = _glued_pair(masked, index)
        if found is None:
            continue
        start, end = found
        mark = masked[index]
        left, right = text[start:index], text[index + 1 : end]
        if mark == ":":
            suggestions: tuple[str, ...] = (left + "\u00a0: " + right,)
        elif right[:1].isupper():
            suggestions = (left + ". " + right,)  # M. Dupont
        else:
            suggestions = (left + " " + right, left + ". " + right)  # a stray or a lost space
        glued = text[start:end]
        yield Finding(
            start,
            end,
            options.message.format(mark=mark, match=_show(text, start, end)),
            suggestions=suggestions,
            # The same glued form again elsewhere (« M.Pokora » three times): a spelling the
            # draft keeps, a name, not a slip of one place; at most a warning.
            cap=Severity.WARNING if text.count(glued) > 1 else None,
        )
    # A domain ending the masking knows (``.de``) can also be a French word after a glued
    # full stop: ``refusé.de`` (a domain name has no accented letter) or ``parti.de la``.
    for match in _GLUED_DE.finditer(text) if ".de" in text else ():
        left = match.group(1)
        if left.isascii() and not match.group(2) and not _common(left):
            continue  # spiegel.de, bild.de: a German site
        if any(c.isupper() for c in left[1:]) or (
            match.start() and text[match.start() - 1] in _CODE_BEFORE
        ):
            continue
        start, end = match.start(), match.start() + len(left) + 3
        yield Finding(
            start,
            end,
            options.message.format(mark=".", match=text[start:end]),
            suggestions=(left + " de", left + ". de"),
        )


def _common(word: str) -> bool:
    """A lower-case word common in French (« valeur », « risques »), not a site's name."""
    from newslint.names.lexicon import zipf

    return word.islower() and zipf(word) >= _DE_FLOOR


#: Zipf floor for the word before a glued « .de » (« spiegel » 2.97, « risques » 4.7).
_DE_FLOOR = 3.5
_GLUED_DE = lazy(
    r"(?<![\w.@/-])(" + _LETTER + r"{2,})\.de(?= )"
    r"(?=( (?:(?:la|le|les|son|sa|ses|leur|leurs|ce|cette|ces|nouveau|nombreux|plus)\b|l[’']))?)"
)


def _glued_pair(masked: str, index: int) -> tuple[int, int] | None:
    """The span of the two words glued at ``masked[index]``, or None if not a slip."""
    begin = index
    while begin > 0 and index - begin < 60 and masked[begin - 1].isalpha():
        begin -= 1  # back over the left word (a regex search would retry every start)
    left = _LEFT_WORD.match(masked, begin, index)
    right = _RIGHT_WORD.match(masked, index + 1)
    if left is None or right is None:
        return None
    before = masked[left.start() - 1] if left.start() else ""
    after = masked[right.end()] if right.end() < len(masked) else ""
    beyond = masked[right.end() + 1 : right.end() + 2]
    if after in ".:" and not (beyond.isalnum() or beyond in _CODE_AFTER):
        after = ""  # the sentence ends there: hernie:discale. / quotidien.lorrain.
    if before in _CODE_BEFORE or before.isdigit() or after in _CODE_AFTER or after.isdigit():
        return None
    lword, rword, mark = left.group(0), right.group(0), masked[index]
    if mark == ":":
        if len(lword) < 2 or len(rword) < 2 or (lword.isupper() and rword.isupper()):
            return None  # AI:ME, ISO:IEC: a code in capitals
        return left.start(), right.end()
    if rword[0].isupper():
        # A title glued to a name: M.Dupont, MM.Martin. Not an initial: J.Crew, R.Politik
        # are brands as often as slips.
        if lword in ("M", "MM") and re.match(r"[A-ZÀ-Ý][a-zà-ÿ]{2,}", rword):
            return left.start(), right.end()
        return None  # fini.Demain: the punct-space-after kind's
    if len(lword) < 2 or lword.isupper() or any(c.isupper() for c in lword[1:]):
        return None  # p.ex, ASP.net, iPhone.app
    if len(rword) == 1:
        if rword in _ELIDED and after and after in "’'":
            return left.start(), right.end() + 1  # et.d’un
        return None
    if rword in _EPICENE and (
        (after in "·.•" and masked[right.end() + 1 : right.end() + 2].isalpha())
        or rword[0] not in "nl"
        or lword.endswith(rword[0])
    ):
        return None  # tous.tes, perdu.e.s, citoyen.ne, intellectuel.le: inclusive writing
    if rword.lower() in _EXTENSIONS or not _french_pair(lword, rword):
        return None  # site.ru, Node.js, os.path: a domain, an extension, code
    return left.start(), right.end()


def _french_pair(left: str, right: str) -> bool:
    """Whether two words glued by a full stop are both French words (wordfreq): a slip
    (``qui.ont``, ``valeur.de``) rather than a domain, a file or code (``site.ru``,
    ``os.path``, ``Node.js``). A short right word must be a very common one: two and three
    letter domain endings and extensions are frequent tokens too (``tv``, ``js``)."""
    from newslint.names.lexicon import other_zipf, zipf

    if len(right) <= 3:
        if zipf(right.lower()) < _SHORT_FLOOR:
            return False
    elif right.isascii():
        # An accented word is French; an ASCII one must be attested, and not far more
        # common in another language (« news », « online », « data », « bern »: a site or
        # code) than in French (« ville », « vin », « virus » are close in both).
        french = zipf(right.lower())
        if french < _WORD_FLOOR or other_zipf(right.lower()) - french >= _FOREIGN_MARGIN:
            return False
    return not left.isascii() or zipf(left.lower()) >= _LEFT_FLOOR


# -- quote-single-mixed --------------------------------------------------------------------

_DOUBLED_SINGLE = lazy(r"‘‘|’’(?<!" + _LETTER + r"’’(?=" + _LETTER + r"))")
#: ‘ … ' and ' … ’: an opening mark of one kind closed by the other. Inside, only
#: apostrophes between letters (``‘l'homme'``); a mark after the closer must not be a letter.
_MIXED_SINGLE = lazy(
    r"‘(?=" + _LETTER + r")(?:[^‘’'\n«»“”\"]|(?<=\w)['’](?=\w)){1,80}?'(?![\w'’])"
    r"|(?<![\w'’‘])'(?=" + _LETTER + r")(?:[^‘’'\n«»“”\"]|(?<=\w)['’](?=\w)){1,80}?’(?![\w'’])"
)


@options_class
class SingleQuotesOptions:
    """Options of the ``quote-single-mixed`` kind (``newslint rules explain`` describes them)."""

    message_doubled: str = "Guillemet simple doublé : « {match} »."
    message_mixed: str = "Guillemets simples dépareillés : « {match} »."


@register("quote-single-mixed", SingleQuotesOptions)
def check_single_quotes(
    document: Document, options: SingleQuotesOptions, context: Context
) -> Iterable[Finding]:
    """Report single quotation marks doubled (`‘‘barbare’’`) or of two kinds (`‘grand'`).

    ## What it does
    Flags `‘‘` and `’’` outside a word (two single marks typed for a double one), and a
    quotation opened with `‘` and closed with a straight `'`, or opened with `'` and closed
    with `’` (`‘grand'`, `'Ça’ recommence`). Not flagged: `‘grand’`, `'grand'` (the
    quote-style kind's business), an elision apostrophe (`l’État`, `l’'État` is the elision
    kind's), wiki markup (`'''gras'''`), `rock ’n’ roll`.

    ## Why is this bad?
    A doubled or odd single mark is a keying slip under every house style: the marks no
    longer pair, and a later « smart quotes » pass turns them the wrong way.

    ## Example
    ```
    Un ‘grand' homme, un geste ‘‘barbare’’.
    ```

    ## Use instead
    ```
    Un ‘grand’ homme, un geste “barbare”.
    ```

    ## Options
    - `message_doubled`, `message_mixed`: templates; `{match}` is the text found.

    ## Fix safety
    No fix: whether `‘‘` stands for `“` or `‘` is the writer's choice.
    """
    text = document.text
    if not any(mark in text for mark in "‘’'"):
        return
    masked = mask(text)
    if "‘‘" in masked or "’’" in masked:
        for match in _DOUBLED_SINGLE.finditer(masked):
            yield Finding(
                match.start(),
                match.end(),
                options.message_doubled.format(match=match.group(0)),
                suggestions=("“" if match.group(0) == "‘‘" else "”",),
            )
    if "'" in masked and ("‘" in masked or "’" in masked):
        for match in _MIXED_SINGLE.finditer(masked):
            found = _show(text, match.start(), match.end())
            fixed = "‘" + found[1:-1] + "’"
            yield Finding(
                match.start(),
                match.end(),
                options.message_mixed.format(match=found),
                suggestions=(fixed,),
            )


# -- apostrophe-lost -----------------------------------------------------------------------

_VOWEL_WORD = r"(?:[aeiouyàâéèêëîïôûœ]|h[aeiouyéèêâ])[\w’']|[aày]\b"
_START_ELISION = lazy(
    r"(?<![\w’'.\-])(" + capitalised(ELIDED) + ")( )"
    r"(?=" + _VOWEL_WORD + r"|[AEIOUYÀÂÉÈÊÎÔŒ](?:[a-zà-ÿ]|[A-ZÀ-Ý]+\b))"
)
#: The word before a capital ``L`` or ``D`` inside a sentence: lower case (« dans
#: L Opinion », a title that lost its apostrophe) or capitals (« EUROS D AMENDES »), not a
#: capitalised first name (« Samuel L Jackson »).
_WORD_BEFORE = lazy(r"(?:(?<![\w’'])[a-zà-ÿ]+|(?<![\w’'])[A-ZÀ-Ý]{2,})[ \u00a0]$")
_NEXT_WORD = lazy(r"\w[\w’'-]*")
#: Inside a sentence, what the elision kind does not read: a capitalised vowel word
#: (``l Europe``, ``qu Edouard``), a mute h (``d hôpital``), ``n a``, ``s y``.
_INSIDE_ELISION = lazy(
    r"(?<![\w’'.)\-·•])(?<!\d )(?<!lettre )(?<!touche )("
    + alternation(ELIDED_WRITTEN_APART)
    + ")( )"
    r"(?=[AEIOUYÀÂÉÈÊÎÔŒ][\w’']|h[aeiouyéèêâîôû]\w|(?<=[lmnst] )a\b|y\b)"
)
#: A capital letter standing alone inside a sentence, after a lower-case word: a name in
#: maths or a label (« soit L une liste », « la vitamine D »), not an elided word.
_SYMBOL = lazy(r"(?<=[a-zà-ÿ,] )([A-Z])(?=[,.;:)]| (?![AEIOUYÀÂÉÈÊÎÔŒ]))")
_C_EST = lazy(r"(?<![\w’'.\-])(c)( )(?=(?:est|était|étaient|eût|en est)\b)")
#: What stands before a sentence start: nothing, a line break, or a sentence end, with
#: opening quotes and dialogue dashes between.
_SENTENCE_BEFORE = lazy(r"(?:^|[.!?…:]\)?|\n)[ \t\u00a0\u202f«“\"—–\-(]*$")


@options_class
class StartOptions:
    """Options of the ``apostrophe-lost`` kind (``newslint rules explain`` describes them)."""

    message: str = "Apostrophe manquante : « {match} »."


@register("apostrophe-lost", StartOptions)
def check_apostrophe_start(
    document: Document, options: StartOptions, context: Context
) -> Iterable[Finding]:
    """Report a missing elision apostrophe: `L opinion`, `D abord`, `l Europe`, `d hôpital`.

    ## What it does
    Flags an elidable word written as a capital letter (`L`, `D`, `J`, `N`, `M`, `S`, `T`,
    `C`, `Qu`, `Jusqu`, `Lorsqu`, `Puisqu`) then a space and a word starting with a vowel or
    a mute h, where a sentence starts (`L opinion publique`, `D abord, il`, `J ai dit`,
    `« Qu il vienne »`), and `c est`, `c était` anywhere. For `L` and `D` a capitalised
    word is flagged too (`L Europe`, `L ONG`), and inside a sentence after a lower-case
    word (`dans L Opinion`) or in capitals (`EUROS D AMENDES`); after `M`, `S`… only a
    lower-case word, so initials and labels stay quiet (`M Obama` in a headline style,
    `le groupe D en tête`, `Samuel L Jackson`), and a letter the draft uses as a name
    elsewhere (`Soit L une liste. L est vide.`) is not read as elided. Inside a sentence it adds what the `elision` kind does not read:
    a lower-case elidable word before a capitalised vowel word (`l Europe`, `d Internet`,
    `qu Edouard`), a mute h (`l homme`, `d hôpital`), `n a`, `s y`. Not flagged: a letter
    after a number (`3 m Est`), `la lettre L`, `la touche l`.
    ## Why is this bad?
    A lost apostrophe is a keying slip under every house style (no French house writes
    `L opinion`); the two words read as an initial and a word.

    ## Example
    ```
    L opinion a changé. D abord, c est la crise.
    ```

    ## Use instead
    ```
    L’opinion a changé. D’abord, c’est la crise.
    ```

    ## Options
    - `message`: template; `{match}` is the text found.

    ## Fix safety
    No fix: the apostrophe the house uses (’ or ') is the quote-style kind's choice; the
    finding suggests ’.
    """
    text = document.text
    masked = mask(text)
    symbols = None  # letters the draft uses as names: « Soit L une liste. L est vide. »
    for match in _START_ELISION.finditer(masked):
        start = match.start()
        word = match.group(1)
        if symbols is None:
            symbols = set(_SYMBOL.findall(masked))
        if word in symbols:
            continue
        following = masked[match.end() : match.end() + 1]
        if following.isupper() and word not in ("L", "D"):
            continue
        if not _SENTENCE_BEFORE.search(masked, max(0, start - 8), start):
            before = _WORD_BEFORE.search(masked, max(0, start - 30), start)
            if word not in ("L", "D") or not following.isupper() or before is None:
                continue
            capitals = before.group(0).strip().isupper()
            if capitals != _NEXT_WORD.match(masked, match.end()).group(0).isupper():
                continue  # « EUROS D AMENDES » in capitals, « dans L Opinion » in a sentence
        end = _NEXT_WORD.match(masked, match.end()).end()
        yield Finding(
            start,
            end,
            options.message.format(match=_show(text, start, end)),
            suggestions=(word + "’" + text[match.end() : end],),
        )
    for match in _INSIDE_ELISION.finditer(masked):
        end = _NEXT_WORD.match(masked, match.end()).end()
        yield Finding(
            match.start(),
            end,
            options.message.format(match=_show(text, match.start(), end)),
            suggestions=(match.group(1) + "’" + text[match.end() : end],),
        )
    for match in _C_EST.finditer(masked) if "c " in masked else ():
        end = _NEXT_WORD.match(masked, match.end()).end()
        yield Finding(
            match.start(),
            end,
            options.message.format(match=_show(text, match.start(), end)),
            suggestions=("c’" + text[match.end() : end],),
        )
