"""Kind ``sentence-length``: sentences longer than the house style allows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newslint.checks import Context, register
from newslint.findings import Finding
from newslint.options import options_class
from newslint.patterns import PatternError, check_template
from newslint.segment import sentences

if TYPE_CHECKING:
    from newslint.documents.model import Document

#: A word for counting: letters or digits, elided and hyphenated forms count once.
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


#: For :func:`_most_words`: ASCII letters, digits and ``_`` become ``a``, other bytes a space.
_ASCII_RUNS = bytes(
    0x61 if chr(byte).isascii() and (chr(byte).isalnum() or byte == 0x5F) else 0x20
    for byte in range(256)
)
#: Every byte but the first byte of a multi-byte UTF-8 character (deleted to count those).
_NOT_LEAD = bytes(range(0xC0))


def _most_words(text: str, start: int, end: int) -> int:
    """An upper bound on the words of ``text[start:end]``, in bytes operations only.

    A regex over every character costs more than the whole check, and most sentences are
    far below the limit. Each word holds an ASCII letter-or-digit run of its own or else a
    non-ASCII character, so the runs plus the non-ASCII characters bound the count.
    """
    data = text[start:end].encode("utf-8", "surrogatepass")
    runs = data.translate(_ASCII_RUNS)
    return runs.count(b" a") + runs.startswith(b"a") + len(data.translate(None, _NOT_LEAD))


@options_class
class Options:
    """Options of the ``sentence-length`` kind (``newslint rules explain`` describes them)."""

    #: Most words a sentence may have.
    max_words: int = 50
    #: Template: ``{count}`` words in the sentence, ``{max}`` the limit.
    message: str = "Phrase de {count} mots (au plus {max}) : la couper."

    def validate(self) -> None:
        if self.max_words < 1:
            raise PatternError("max_words", "max_words should be 1 or more")
        check_template(self.message, ("count", "max"))


@register("sentence-length", Options)
def check(document: Document, options: Options, context: Context) -> Iterable[Finding]:
    """Report a sentence with more words than the house style allows.

    ## What it does
    Splits each paragraph into sentences (French abbreviations such as « M. » or « etc. » do
    not end a sentence) and reports those with more than `max_words` words. Elided and
    hyphenated forms (« l’escalade », « porte-parole ») count as one word, numbers count.

    ## Why is this bad?
    Long sentences are the first thing an editor cuts: readers lose the subject before the
    verb. Newsrooms commonly aim for 20 to 25 words on average; a limit around 50 catches
    only the sentences that really need splitting.

    ## Example
    A 60-word sentence chaining three subordinate clauses.

    ## Use instead
    Two or three sentences, one idea each.

    ## Options
    - `max_words` (default 50).
    - `message`: template with `{count}` and `{max}`.

    ## Fix safety
    No fix: where to cut is an editorial choice.
    """
    text = document.text
    blocks = [(b.start, b.end) for b in document.blocks] or [(0, len(text))]
    limit = options.max_words
    count_words = _TOKEN.findall
    for start, end in blocks:
        # Sentences split a paragraph at spaces, so none has more words than the whole
        # paragraph: a short paragraph needs no sentence splitting at all.
        if _most_words(text, start, end) <= limit:
            continue
        for sentence in sentences(text, start, end):
            if _most_words(text, sentence.start, sentence.end) <= limit:
                continue
            count = len(count_words(text, sentence.start, sentence.end))
            if count > limit:
                yield Finding(
                    sentence.start,
                    sentence.end,
                    options.message.format(count=count, max=options.max_words),
                )
