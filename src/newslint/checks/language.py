"""Kind ``language``: a paragraph in a language other than the draft's."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from newslint.checks import register
from newslint.errors import BackendError
from newslint.findings import Finding
from newslint.patterns import PatternError, check_template

NAMES = {
    "fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien",
    "pt": "portugais", "nl": "néerlandais", "ru": "russe", "ar": "arabe", "zh": "chinois",
    "pl": "polonais", "tr": "turc", "uk": "ukrainien", "ro": "roumain", "sv": "suédois",
}
#: French function words. A paragraph where they are frequent is French without asking the
#: model, which then is not even loaded (start-up stays fast on ordinary drafts).
FRENCH_FUNCTION_WORDS = frozenset(
    """le la les l de des du d un une et à au aux en dans pour par sur avec sans sous
    que qui qu ne n pas plus est sont ont été était il elle ils elles se s sa son ses leur
    leurs ce cette ces c cet mais ou où nous vous lui y dont aussi après avant selon entre
    contre depuis très être avoir fait comme tout tous toute toutes""".split()
)
_LETTERS = re.compile(r"[^\W\d_]+")

#: Counters for benchmarks: paragraphs long enough to examine, and those sent to the model.
STATS = {"examined": 0, "model": 0}
_lock = threading.Lock()
_identifiers: dict[tuple[str, ...], object] = {}


def identifier(languages: tuple[str, ...]):
    """The py3langid model restricted to ``languages``, loaded once per process (~1 s)."""
    with _lock:
        found = _identifiers.get(languages)
        if found is None:
            try:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
            except ImportError as error:  # pragma: no cover - a dependency of newslint
                raise BackendError(f"language identification unavailable: {error}") from None
            found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            found.set_languages(list(languages))
            _identifiers[languages] = found
        return found


@dataclass
class Options:
    #: The draft's language; empty means the configuration's ``language`` (``fr``).
    expected: str = ""
    #: Languages the model chooses among (ISO 639-1). A short list avoids exotic guesses.
    languages: list[str] = field(default_factory=lambda: ["fr", "en", "de", "es", "it", "pt", "nl"])
    #: Shortest paragraph examined, in words: the model guesses on very short text.
    min_words: int = 6
    #: Probability the model must give the other language before a paragraph is reported.
    min_probability: float = 0.9
    #: A French draft's paragraph with at least this share of French function words is not
    #: sent to the model.
    function_word_share: float = 0.2
    #: Template: ``{language}`` the paragraph's language, ``{expected}`` the draft's,
    #: ``{match}`` the start of the paragraph.
    message: str = "Paragraphe en {language} dans un article en {expected} : « {match} »."

    def validate(self) -> None:
        check_template(self.message, ("language", "expected", "match"))
        if not self.languages:
            raise PatternError("languages", "languages: give at least one language code")
        if not 0 < self.min_probability <= 1:
            raise PatternError("min_probability", "min_probability should be between 0 and 1")


def _shorten(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@register("language", Options)
def check(document, options: Options, context):
    """Report a paragraph written in a language other than the draft's.

    ## What it does
    Identifies the language of each paragraph of at least `min_words` words with py3langid
    (a naive Bayes model over byte n-grams, shipped inside the package, so nothing leaves the
    machine) and reports paragraphs that the model gives to another language with at least
    `min_probability`. In a French draft, paragraphs rich in French function words (« le »,
    « de », « qui »...) are taken as French without loading the model.

    ## Why is this bad?
    An English paragraph in a French story is almost always a leftover of the web page the
    draft was pasted from (« This site uses Akismet to reduce spam ») or a quotation nobody
    translated.

    ## Example
    ```
    Il a ajouté que la Russie n’essaie pas de parvenir à un compromis.

    This site uses Akismet to reduce spam. Learn how your comment data is processed.
    ```

    ## Use instead
    Delete the leftover, or translate the quotation and give the original in a note.

    ## Options
    - `expected`: the draft's language (default: the configuration's `language`).
    - `languages`: languages the model may answer (default fr, en, de, es, it, pt, nl).
    - `min_words` (6), `min_probability` (0.9), `function_word_share` (0.2).
    - `message`: template with `{language}`, `{expected}`, `{match}`.

    ## Fix safety
    No fix: delete or translate, the writer decides.
    """
    expected = (options.expected or context.language or "fr").split("-")[0].lower()
    languages = tuple(dict.fromkeys([expected, *options.languages]))
    text = document.text
    for block in document.blocks:
        paragraph = text[block.start:block.end]
        words = _LETTERS.findall(paragraph)
        if len(words) < options.min_words:
            continue
        STATS["examined"] += 1
        if expected == "fr":
            share = sum(w.lower() in FRENCH_FUNCTION_WORDS for w in words) / len(words)
            if share >= options.function_word_share:
                continue
        STATS["model"] += 1
        language, probability = identifier(languages).classify(paragraph)
        if language == expected or probability < options.min_probability:
            continue
        start, end = block.start, block.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        yield Finding(start, end, options.message.format(
            language=NAMES.get(language, language), expected=NAMES.get(expected, expected),
            match=_shorten(paragraph)))
