"""Kind ``language``: a paragraph in a language other than the draft's."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable
from dataclasses import field
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.errors import BackendError
from newslint.findings import Finding
from newslint.options import options_class
from newslint.patterns import PatternError, check_template
from newslint.segment import quote_spans

if TYPE_CHECKING:
    import logging
    from pathlib import Path

    from py3langid.langid import LanguageIdentifier

    from newslint.documents.model import Document
    from newslint.segment import Span

NAMES = {
    "fr": "français",
    "en": "anglais",
    "de": "allemand",
    "es": "espagnol",
    "it": "italien",
    "pt": "portugais",
    "nl": "néerlandais",
    "ru": "russe",
    "ar": "arabe",
    "zh": "chinois",
    "pl": "polonais",
    "tr": "turc",
    "uk": "ukrainien",
    "ro": "roumain",
    "sv": "suédois",
}
#: French function words. A paragraph where they are frequent is French without asking the
#: model, which then is not even loaded (start-up stays fast on ordinary drafts).
FRENCH_FUNCTION_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "des",
        "du",
        "d",
        "un",
        "une",
        "et",
        "à",
        "au",
        "aux",
        "en",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "sans",
        "sous",
        "que",
        "qui",
        "qu",
        "ne",
        "n",
        "pas",
        "plus",
        "est",
        "sont",
        "ont",
        "été",
        "était",
        "il",
        "elle",
        "ils",
        "elles",
        "se",
        "s",
        "sa",
        "son",
        "ses",
        "leur",
        "leurs",
        "ce",
        "cette",
        "ces",
        "c",
        "cet",
        "mais",
        "ou",
        "où",
        "nous",
        "vous",
        "lui",
        "y",
        "dont",
        "aussi",
        "après",
        "avant",
        "selon",
        "entre",
        "contre",
        "depuis",
        "très",
        "être",
        "avoir",
        "fait",
        "comme",
        "tout",
        "tous",
        "toute",
        "toutes",
    ]
)
#: The most frequent function words of the other languages the model is asked about. A
#: paragraph is sent to the model only if one of these lists covers a good share of its
#: words: a French paragraph full of names, figures or acronyms is not (it is in no
#: language at all as far as function words go, and the model would guess).
FUNCTION_WORDS = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "with",
            "as",
            "was",
            "on",
            "be",
            "by",
            "at",
            "this",
            "are",
            "from",
            "or",
            "an",
            "have",
            "has",
            "had",
            "not",
            "but",
            "they",
            "you",
            "we",
            "he",
            "she",
            "his",
            "her",
            "their",
            "which",
            "will",
            "would",
            "can",
            "could",
            "about",
            "been",
            "were",
            "there",
            "what",
            "when",
            "who",
            "how",
            "your",
            "our",
            "my",
            "do",
            "does",
            "did",
            "so",
            "if",
            "no",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ein",
            "eine",
            "einen",
            "dem",
            "den",
            "des",
            "zu",
            "mit",
            "von",
            "auf",
            "für",
            "sich",
            "auch",
            "es",
            "im",
            "in",
            "wir",
            "ich",
            "sie",
            "er",
            "wird",
            "werden",
            "war",
            "sind",
            "hat",
            "haben",
            "bei",
            "aus",
            "nach",
            "wie",
            "dass",
            "oder",
            "aber",
            "noch",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "y",
            "que",
            "en",
            "un",
            "una",
            "es",
            "por",
            "con",
            "para",
            "se",
            "no",
            "lo",
            "le",
            "su",
            "al",
            "como",
            "más",
            "pero",
            "sus",
            "ha",
            "son",
            "está",
            "este",
            "esta",
            "fue",
            "muy",
            "ya",
            "también",
            "entre",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "di",
            "del",
            "della",
            "e",
            "che",
            "in",
            "un",
            "una",
            "è",
            "per",
            "con",
            "non",
            "si",
            "da",
            "al",
            "alla",
            "sono",
            "come",
            "più",
            "ma",
            "anche",
            "questo",
            "questa",
            "stato",
            "ha",
            "ho",
            "nel",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "de",
            "do",
            "da",
            "dos",
            "das",
            "e",
            "que",
            "em",
            "um",
            "uma",
            "é",
            "para",
            "com",
            "não",
            "se",
            "por",
            "no",
            "na",
            "mais",
            "como",
            "mas",
            "foi",
            "ao",
            "ele",
            "ela",
            "seu",
            "sua",
            "são",
            "está",
            "também",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "dat",
            "niet",
            "in",
            "op",
            "te",
            "met",
            "voor",
            "zijn",
            "er",
            "aan",
            "ook",
            "als",
            "bij",
            "door",
            "maar",
            "om",
            "wordt",
            "naar",
            "dan",
            "nog",
            "heeft",
            "hebben",
            "was",
            "deze",
            "dit",
        ]
    ),
}
FUNCTION_WORDS["fr"] = FRENCH_FUNCTION_WORDS
_LETTERS = re.compile(r"[^\W\d_]+")

#: Counters for benchmarks: paragraphs long enough to examine, and those sent to the model.
STATS = {"examined": 0, "model": 0}


def _log() -> logging.Logger:
    """This module's logger; ``logging`` is imported on first use (start-up, issue 20)."""
    import logging

    return logging.getLogger(__name__)


_lock = threading.Lock()
#: An ISO 639 code. Codes name the model's cache file: one from a configuration must not be a
#: path (issue 21).
_CODE = re.compile(r"[a-z]{2,3}")
_identifiers: dict[tuple[str, ...], object] = {}
#: Bumped when the cache's files change: an older cache is not read.
_CACHE_LAYOUT = 2


def identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    """The py3langid model restricted to ``languages``, loaded once per process.

    The packaged model is LZMA-compressed and takes about 2 s to decompress; the first load
    writes the restricted model, uncompressed, to newslint's cache folder
    (``NEWSLINT_CACHE_DIR`` or the per-user cache), and later runs load that in a fraction of
    the time. Any problem with the cache falls back to the packaged model.
    """
    with _lock:
        found = _identifiers.get(languages)
        if found is None:
            try:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier
            except ImportError as error:  # pragma: no cover - a dependency of newslint
                raise BackendError(f"language identification unavailable: {error}") from None
            cache = _cache_file(languages)
            found = _load_cached(cache, LanguageIdentifier) if cache else None
            if found is None:
                packaged = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                packaged.set_languages(list(languages))
                if cache:
                    _save_cached(cache, packaged)
                    found = _load_cached(cache, LanguageIdentifier)
                if found is None:
                    # The restricted model alone: the packaged one (all 97 languages) is freed.
                    found = LanguageIdentifier(
                        packaged.nb_ptc,
                        packaged.nb_pc,
                        packaged.nb_classes,
                        packaged.tk_nextmove,
                        packaged.tk_output,
                        norm_probs=True,
                        tk_row=packaged.tk_row,
                    )
            _identifiers[languages] = found
        return found


def _cache_file(languages: tuple[str, ...]) -> Path | None:
    """The cache's small arrays (``.npz``); the tokenizer's transition table, most of the
    model, is a raw file beside it (:func:`_load_cached`)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("py3langid")
    except PackageNotFoundError:  # pragma: no cover
        return None
    from newslint.cachedir import cache_root

    if not all(_CODE.fullmatch(code) for code in languages):
        return None  # not a code (the configuration's ``language:``?): no file named after it
    name = f"py3langid-{release}-v{_CACHE_LAYOUT}-{'-'.join(sorted(languages))}.npz"
    return cache_root() / "langid" / name


def _table_file(path: Path) -> Path:
    return path.with_suffix(".nextmove")


def _load_cached(path: Path, cls: type[LanguageIdentifier]) -> LanguageIdentifier | None:
    """The cached model, its transition table mapped from the file rather than read.

    The table (about 40 MB) is visited a few hundred bytes at a time, for the rare paragraph
    sent to the model: mapped, it costs only the pages visited, and worker processes share
    them.
    """
    table = _table_file(path)
    if not path.is_file() or not table.is_file():
        return None
    try:
        import mmap
        from array import array

        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            with open(table, "rb") as handle:
                if os.fstat(handle.fileno()).st_size != int(data["nextmove_bytes"]):
                    return None  # written by another run meanwhile, or cut short
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            nextmove = memoryview(mapped).cast(str(data["nextmove_code"]))  # type: ignore[call-overload]
            row = array(str(data["row_code"]))
            row.frombytes(memoryview(np.ascontiguousarray(data["row"])).cast("B"))  # type: ignore[arg-type]
            output = array("i")
            output.frombytes(np.ascontiguousarray(data["output"], dtype=np.int32).tobytes())
            return cls(
                data["ptc"],
                data["pc"],
                data["classes"].tolist(),
                nextmove,
                output,
                norm_probs=True,
                tk_row=row,
            )
    except Exception as error:  # noqa: BLE001 - a stale or broken cache: use the packaged model
        _log().debug("language model cache %s unusable: %s", path, error)
        return None


def _save_cached(path: Path, found: LanguageIdentifier) -> None:
    import tempfile

    import numpy as np

    from newslint.cachedir import private_dir

    temporary = None
    try:
        private_dir(path.parent)
        table = _table_file(path)
        # Unpredictable names, created 0600: nobody can plant a link where this writes.
        handle, temporary = tempfile.mkstemp(
            prefix=f".{table.name}.", suffix=".tmp", dir=path.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(memoryview(found.tk_nextmove).cast("B"))
        os.replace(temporary, table)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        with os.fdopen(handle, "wb") as stream:
            np.savez(
                stream,
                ptc=np.ascontiguousarray(found.nb_ptc),
                pc=found.nb_pc,
                classes=np.array(found.nb_classes),
                nextmove_code=found.tk_nextmove.typecode,
                nextmove_bytes=len(found.tk_nextmove) * found.tk_nextmove.itemsize,
                row=np.frombuffer(found.tk_row, dtype=f"u{found.tk_row.itemsize}"),
                row_code=found.tk_row.typecode,
                output=np.asarray(found.tk_output, dtype=np.int32),
            )
        os.replace(temporary, path)
        temporary = None
        # The first layout held the table in the .npz (40 MB): not read any more.
        path.with_name(path.name.replace(f"-v{_CACHE_LAYOUT}-", "-")).unlink(missing_ok=True)
    except OSError as error:  # a read-only cache folder only costs time
        _log().debug("cannot write language model cache %s: %s", path, error)
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


@options_class
class Options:
    """Options of the ``language`` kind (``newslint rules explain`` describes them)."""

    #: The draft's language; empty means the configuration's ``language`` (``fr``).
    expected: str = ""
    #: Languages the model chooses among (ISO 639-1). A short list avoids exotic guesses.
    languages: list[str] = field(default_factory=lambda: ["fr", "en", "de", "es", "it", "pt", "nl"])
    #: Shortest paragraph examined, in words: the model guesses on very short text.
    min_words: int = 6
    #: Probability the model must give the other language before a paragraph is reported.
    min_probability: float = 0.9
    #: A paragraph with at least this share of the draft language's function words is taken
    #: as written in it; one is sent to the model only if another language's function words
    #: reach this share (languages without a list are always sent).
    function_word_share: float = 0.2
    #: Leave quoted speech out: an English quotation in a French story is not a leftover.
    ignore_quoted: bool = True
    #: Template: ``{language}`` the paragraph's language, ``{expected}`` the draft's,
    #: ``{match}`` the start of the paragraph.
    message: str = "Paragraphe en {language} dans un article en {expected} : « {match} »."

    def validate(self) -> None:
        check_template(self.message, ("language", "expected", "match"))
        if not self.languages:
            raise PatternError("languages", "languages: give at least one language code")
        for index, code in enumerate(self.languages):
            if not _CODE.fullmatch(code):
                raise PatternError(
                    ("languages", index), f"languages: {code!r} is not a language code such as en"
                )
        if self.expected and not _CODE.fullmatch(self.expected):
            raise PatternError(
                "expected", f"expected: {self.expected!r} is not a language code such as fr"
            )
        if not 0 < self.min_probability <= 1:
            raise PatternError("min_probability", "min_probability should be between 0 and 1")


def _share(words: list[str], language: str) -> float:
    return sum(map(FUNCTION_WORDS[language].__contains__, words)) / len(words)


def _worth_asking(
    words: list[str], expected: str, languages: tuple[str, ...], threshold: float
) -> bool:
    """Whether function words make the paragraph look like another language than expected."""
    own = _share(words, expected) if expected in FUNCTION_WORDS else 0.0
    if own >= threshold:
        return False
    others = [lang for lang in languages if lang != expected]
    if any(lang not in FUNCTION_WORDS for lang in others):
        return True
    return any(_share(words, lang) >= threshold and _share(words, lang) > own for lang in others)


def _unquoted(text: str, start: int, end: int, quotes: list[Span]) -> str:
    """The paragraph with quoted speech blanked out (same length, so offsets hold)."""
    pieces = []
    cursor = start
    for span in quotes:  # sorted by start; they may overlap
        if span.start >= end:
            break
        blank_start, blank_end = max(span.start, cursor), min(span.end, end)
        if blank_end > blank_start:
            pieces.append(text[cursor:blank_start])
            pieces.append(" " * (blank_end - blank_start))
            cursor = blank_end
    if not pieces:
        return text[start:end]
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _lowered(text: str) -> str | None:
    """``text`` lowered, if that keeps every offset: lowering maps a letter to a letter and a
    non-letter to a non-letter, one character to one, except « İ », which the length shows.
    (A final sigma may read « σ » there: no function word has one.)"""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def _shorten(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _languages(options: Options, context: Context) -> tuple[str, tuple[str, ...]]:
    """The draft's language and the languages the model chooses among (the draft's first)."""
    expected = (options.expected or context.language or "fr").split("-")[0].lower()
    return expected, tuple(dict.fromkeys([expected, *options.languages]))


def _warm(options: Options, context: Context) -> None:
    """Load the model before worker processes fork: they then share its pages."""
    identifier(_languages(options, context)[1])


@register("language", Options, warm=_warm)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a paragraph written in a language other than the draft's.

    ## What it does
    Identifies the language of each paragraph of at least `min_words` words with py3langid
    (a naive Bayes model over byte n-grams, shipped inside the package, so nothing leaves the
    machine) and reports paragraphs that the model gives to another language with at least
    `min_probability`. Quoted speech is left out (`ignore_quoted`). Function words gate the
    model: a paragraph rich in the draft language's function words (« le », « de », « qui »)
    is taken as written in it, and a paragraph is sent to the model only when another
    language's function words (« the », « of », « der »...) are frequent in it, so an
    ordinary draft never loads the model and a paragraph of names and figures is not guessed
    at.

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
    - `ignore_quoted`: leave quoted speech out (default true).
    - `message`: template with `{language}`, `{expected}`, `{match}`.

    ## Fix safety
    No fix: delete or translate, the writer decides.
    """
    expected, languages = _languages(options, context)
    text = document.text
    quotes = quote_spans(text) if options.ignore_quoted else []
    checked = _unquoted(text, 0, len(text), quotes)
    lowered = _lowered(checked)  # once for the draft, not once per paragraph
    for block in document.blocks:
        paragraph = checked[block.start : block.end]
        if lowered is not None:
            words = _LETTERS.findall(lowered, block.start, block.end)
        else:
            words = [word.lower() for word in _LETTERS.findall(paragraph)]
        if len(words) < options.min_words:
            continue
        STATS["examined"] += 1
        if not _worth_asking(words, expected, languages, options.function_word_share):
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
        yield Finding(
            start,
            end,
            options.message.format(
                language=NAMES.get(language, language),
                expected=NAMES.get(expected, expected),
                match=_shorten(paragraph),
            ),
        )
