"""Kind ``call-to-action``: a short line that calls the reader to act or navigates, not prose.

The ``boilerplate`` kind matches a fixed list of leftovers; this one reads a line's shape
(issue 12, « Recall that generalises »): a short paragraph, not the first, without a final
sentence mark, that starts with a call to action (an imperative in *-ez*, ``Abonnez-vous``,
``Suivez-nous``; an infinitive or ``À`` + infinitive of reading, sharing or following,
``Lire aussi``, ``À découvrir``) and either ends with ``:`` or names what a web page offers
(an article, a video, a newsletter, a social network, « ici »); or a line that is a page
label alone (``Publicité``). The verbs, objects and labels are options (the instances in
``rules/fr-web.yaml``); the shape is code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.checks.boilerplate import _paragraphs, _removal, _shorten
from newslint.findings import Finding
from newslint.french import ELIDED, alternation
from newslint.lazyre import lazy
from newslint.options import options_class
from newslint.patterns import check_template

if TYPE_CHECKING:
    from newslint.documents.model import Document

_WORDS = lazy(r"[^\W\d_][\w’'-]*|\d+")
#: Ends a sentence: a call to action has no final full stop (a final ``:`` announces a link).
_SENTENCE_END = lazy(r"[.!?…»”\"][ \t\u00a0\u202f]*$")
#: A verb in the imperative plural, with its pronoun: Abonnez-vous, Suivez-nous, Cliquez.
_IMPERATIVE = lazy(r"([^\W\d_]+ez)(-(?:vous|nous|le|la|les|moi))*$", re.IGNORECASE)


_LEADING = lazy(r"^(?:[»›>•▶►→|*]+[ \t\u00a0\u202f]*|\[[^\]\n]{1,20}\][ \t\u00a0\u202f]*)+")
_TRAILING = lazy(r"[ \t\u00a0\u202f]+[»›>→]+$")
#: Irregular imperatives: Faites un don, Dites-nous.
_IRREGULAR = frozenset({"faites", "dites", "dites-nous", "dites-le"})
#: Words in -ez that are not imperatives.
_NOT_VERBS = frozenset({"chez", "assez", "nez", "rez", "rez-de-chaussée", "rendez-vous"})


@options_class
class Options:
    """Options of the ``call-to-action`` kind (``newslint rules explain`` describes them)."""

    #: Verbs of calls to action, as infinitives (« lire », « s'abonner »); a line may start
    #: with the infinitive, « À » + infinitive, or the imperative in -ez of any verb.
    verbs: list[str] = field(default_factory=list)
    #: Words naming what a web page offers (« article », « vidéo », « newsletter »,
    #: « Facebook », « ici »): a call to action names one of them or ends with « : ».
    objects: list[str] = field(default_factory=list)
    #: RE2-free plain labels a page shows on a line of their own (« Publicité »).
    labels: list[str] = field(default_factory=list)
    #: Longest line (in words) read as a call to action.
    max_words: int = 12
    #: Template; ``{match}`` is the line (shortened).
    message: str = "Appel au lecteur ou navigation de page web : « {match} » ; à supprimer."

    def validate(self) -> None:
        check_template(self.message, ("match",))
        if self.max_words < 1:
            raise ValueError('option "max_words" should be at least 1')
        self.compiled()

    def compiled(self) -> tuple[set[str], set[str], set[str]]:
        if getattr(self, "_compiled", None) is None:
            verbs = {_key(v) for v in self.verbs}
            objects = {_key(o) for o in self.objects}
            labels = {" ".join(_key(w) for w in _WORDS.findall(label)) for label in self.labels}
            self._compiled = (verbs, objects, labels)
        return self._compiled


_ELIDED_FRONT = re.compile("^" + alternation(ELIDED) + "’")


def _key(word: str) -> str:
    """A word as compared: lower case, typographic apostrophe, no elided pronoun."""
    word = word.lower().replace("'", "’")
    return _ELIDED_FRONT.sub("", word)


@register("call-to-action", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a short line that is a call to action or navigation, not prose.

    ## What it does
    Reads each paragraph after the first (the title). A paragraph of at most `max_words`
    words, with no final sentence mark, is reported when it is one of the `labels`
    (« Publicité »), or when it starts with a call to action and either ends with « : » or
    names one of the `objects`. A call to action is one of the `verbs` as an infinitive
    (« Lire aussi », « Partager sur Facebook »), « À » + infinitive (« À lire également »),
    or any verb in the imperative plural (« Cliquez ici pour réagir », « Abonnez-vous à
    notre chaîne », « Suivez-nous sur Instagram »): an imperative with its pronoun
    (« Abonnez-vous ») counts on its own. Not reported: sentences (a final full stop),
    intertitles (« Relancer le tourisme », « - Un titre - »), a quotation.

    ## Why is this bad?
    A draft pasted from a web page brings the page's buttons and links. They must never
    reach print; a fixed list misses every site's own wording.

    ## Example
    ```
    Le gouvernement a présenté son plan mardi.

    Cliquez ici pour réagir

    Les syndicats appellent à la grève.
    ```

    ## Use instead
    ```
    Le gouvernement a présenté son plan mardi.

    Les syndicats appellent à la grève.
    ```

    ## Options
    - `verbs`: infinitives of calls to action; `objects`: what a page offers; `labels`:
      lines a page shows alone.
    - `max_words` (default 12); `message` template.

    ## Fix safety
    The fix deletes the line; it is unsafe (offered, never applied by `--fix`): the line
    may be an intertitle the writer meant.
    """
    verbs, objects, labels = options.compiled()
    paragraphs, _ = _paragraphs(document)
    for number, (start, end, whole) in enumerate(paragraphs):
        paragraph = _core(whole)
        if number == 0 or "\n" in paragraph or _SENTENCE_END.search(paragraph):
            continue
        words = _WORDS.findall(paragraph)
        if not words or len(words) > options.max_words or not paragraph[:1].isupper():
            continue
        keys = [_key(w) for w in words]
        if " ".join(keys) in labels or _calls(keys, paragraph, verbs, objects):
            yield Finding(
                start,
                end,
                options.message.format(match=_shorten(whole)),
                fix=_removal(document, start, end),
            )


def _core(paragraph: str) -> str:
    """The line without the marks a page puts around a link: ``» Lire aussi``,
    ``[VIDÉO] Regardez``, ``Lire la suite >>``. A guillemet that closes a quotation stays."""
    paragraph = _LEADING.sub("", paragraph)
    if "«" not in paragraph and "“" not in paragraph:
        paragraph = _TRAILING.sub("", paragraph)
    return paragraph


def _calls(keys: list[str], paragraph: str, verbs: set, objects: set) -> bool:
    """Whether a line's words make a call to action (see :func:`check`)."""
    first = keys[0]
    if first == "à" and len(keys) > 1:
        return keys[1] in verbs  # À lire, À découvrir aussi
    imperative = _IMPERATIVE.fullmatch(first) if first not in _NOT_VERBS else None
    if not imperative and first not in verbs and first not in _IRREGULAR:
        return False
    if imperative and imperative.group(2) and first.rsplit("-", 1)[-1] in ("vous", "nous"):
        return True  # Abonnez-vous, Suivez-nous, Inscrivez-vous
    if paragraph.rstrip(" \t\u00a0\u202f").endswith(":"):
        return True  # Lire aussi :, Voir également :
    return any(key in objects for key in keys[1:])
