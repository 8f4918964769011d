"""Patterns from YAML rule files: RE2 matching, French word boundaries, case handling.

Rule authors write patterns in RE2 syntax (as in Vale). RE2 runs in time linear in the text, so
a careless pattern in a newsroom's ``.newslint.yaml`` cannot hang a CI job; it refuses
backreferences and lookarounds, which is why word boundaries are checked here, in Python,
around each match instead of with ``\\b`` (RE2's ``\\b`` only knows ASCII letters).

French word boundaries (what ``boundaries: true`` means):

- an elided article or pronoun is a boundary: « escalade » matches in « l’escalade » and
  « d'escalade » (after a word of ``newslint.french.ELIDED``);
  any other apostrophe is inside a word (« hui » does not match in « aujourd’hui »);
- a hyphen joins a compound: « parole » does not match in « porte-parole », but a verb
  before an inverted pronoun is a word of its own (« déclare » matches in « déclare-t-il »).

``re2`` is imported on first use, not at start-up (it costs about 20 ms).
"""

from __future__ import annotations

import heapq
import re
import string
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from newslint.classcache import dataclass
from newslint.french import APOSTROPHES, ELIDED, HYPHENS, LINE_SPACES
from newslint.lazyre import lazy
from newslint.quotemarks import MARKS

#: Clitics joined by a hyphen after a verb: « dit-il », « a-t-elle », « donne-moi ».
CLITICS = frozenset(
    [
        "t",
        "il",
        "ils",
        "elle",
        "elles",
        "on",
        "je",
        "tu",
        "nous",
        "vous",
        "moi",
        "toi",
        "le",
        "la",
        "les",
        "lui",
        "leur",
        "leurs",
        "en",
        "y",
        "ce",
        "ci",
        "là",
    ]
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Where a left word boundary may hold: a non-word character, or a word's first character
#: (Python's ``\w`` is :func:`is_word_char`: ``str.isalnum()`` or ``_``).
_CANDIDATE = re.compile(r"\W|\b")
#: Bytes a search may re-read after rejected matches, per byte searched (see ``finditer``).
RETRY_BUDGET = 4
_CLITIC_AFTER = re.compile(r"[-\u2010\u2011]([^\W\d_]+)")


class PatternError(ValueError):
    """An invalid pattern; ``key`` locates it among the options (``("tokens", 3)``)."""

    def __init__(self, key, message: str) -> None:
        self.key = key
        super().__init__(message)


def _re2():
    import re2

    return re2


#: RE2's memory budget for one compiled pattern (its default is 8 MiB): a term list of
#: 20,000 entries compiles to a few MiB and its DFA needs room to stay fast.
MAX_MEM = 256 * 1024 * 1024


def _compile_now(pattern: str, ignorecase: bool, longest: bool, capture: bool) -> Any:
    re2 = _re2()
    options = re2.Options()
    options.log_errors = False  # RE2 would print to stderr; the config error says it all.
    options.case_sensitive = not ignorecase
    options.longest_match = longest
    options.never_capture = not capture
    options.max_mem = MAX_MEM
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise ValueError(f"invalid pattern {pattern!r}: {reason}") from None


@lru_cache(maxsize=1024)
def compile_pattern(
    pattern: str, ignorecase: bool = False, longest: bool = False, capture: bool = True
) -> Any:
    """Compile ``pattern`` with RE2; raise :class:`ValueError` with RE2's reason if invalid.

    ``longest``: leftmost-longest matching, so that of the terms « impacté » and « impactés »
    the longer wins wherever both match (RE2's default is Perl's leftmost-first).
    ``capture`` false: every group is a non-capturing one (a term list's alternation).

    A pattern this RE2 build already compiled once for this user (:mod:`newslint.validated`)
    is known valid: it is compiled on first use (:class:`LazyPattern`), and a draft without
    the text every match contains is searched without compiling it at all (issue 20: the
    shipped sets' patterns took a quarter of a one-draft run to compile).
    """
    from newslint import validated

    key = validated.key(pattern, ignorecase, longest, capture)
    if validated.known(key) is not None:
        return LazyPattern(pattern, ignorecase, longest, capture)
    compiled = _compile_now(pattern, ignorecase, longest, capture)
    validated.record(key, compiled.search(b"") is not None)
    return compiled


#: The lazy patterns made (at most as many as :func:`compile_pattern` keeps).
_LAZY: list[LazyPattern] = []


def matches_empty(compiled: Any) -> bool:
    """Whether a compiled pattern (or a :class:`LazyPattern`) matches the empty string."""
    if isinstance(compiled, LazyPattern):
        from newslint import validated

        known = validated.known(validated.key(*compiled.args))
        if known is not None:
            return known
    return compiled.search(b"") is not None


def compile_lazy() -> None:
    """Compile every :class:`LazyPattern` made so far (before worker processes fork, so that
    they share the compiled patterns instead of compiling them each)."""
    for pattern in _LAZY:
        try:
            pattern.compiled()
        except ValueError:  # pragma: no cover - known valid; the check will say it, per file
            pass


class LazyPattern:
    """An RE2 pattern known valid, compiled at its first search that could match.

    ``search``, ``match``, ``fullmatch`` and ``finditer`` first look for the literal text
    every match contains, and for a character of each class every match holds one of
    (:func:`requirements`): where one is absent, nothing can match and nothing is compiled
    (a draft without a digit compiles none of the number patterns). Anything else is the
    compiled pattern's own.
    """

    __slots__ = (
        "args",
        "_compiled",
        "_screened",
        "_needed",
        "_needed_bytes",
        "_one_of",
        "_one_of_bytes",
    )

    def __init__(self, pattern: str, ignorecase: bool, longest: bool, capture: bool) -> None:
        self.args = (pattern, ignorecase, longest, capture)
        _LAZY.append(self)
        self._compiled: Any = None
        pieces, classes = ((), ()) if ignorecase else requirements(pattern)
        self._needed = pieces
        self._needed_bytes = tuple(t.encode("utf-8") for t in pieces)
        self._one_of = classes
        self._one_of_bytes = tuple(tuple(c.encode("utf-8") for c in chars) for chars in classes)
        #: Whether a text is looked at before the pattern is searched (or compiled).
        self._screened = bool(pieces or classes)

    def compiled(self) -> Any:
        if self._compiled is None:
            self._compiled = _compile_now(*self.args)
        return self._compiled

    def for_text(self, text: Any) -> Any:
        """What to search ``text`` with: ``None`` where nothing can match, else the compiled
        pattern."""
        if self._screened and self._absent(text):
            return None
        return self.compiled()

    def _absent(self, text: Any) -> bool:
        if isinstance(text, str):
            if not all(needed in text for needed in self._needed):
                return True
            return not all(any(c in text for c in chars) for chars in self._one_of)
        if not all(needed in text for needed in self._needed_bytes):
            return True
        return not all(any(c in text for c in chars) for chars in self._one_of_bytes)

    def search(self, text: Any, *args: Any) -> Any:
        if self._screened and self._absent(text):
            return None
        return self.compiled().search(text, *args)

    def match(self, text: Any, *args: Any) -> Any:
        if self._screened and self._absent(text):
            return None
        return self.compiled().match(text, *args)

    def fullmatch(self, text: Any, *args: Any) -> Any:
        if self._screened and self._absent(text):
            return None
        return self.compiled().fullmatch(text, *args)

    def finditer(self, text: Any, *args: Any) -> Any:
        if self._screened and self._absent(text):
            return iter(())
        return self.compiled().finditer(text, *args)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)


#: What :func:`requirements` reads: a counted repetition, a group setting flags only, the
#: opening of a group.
_REPEAT = lazy(r"\{(\d+)(?:,(\d*))?\}")
_FLAGS = lazy(r"\(\?[ms]*(?:-[ms]*)?\)")
_GROUP_START = lazy(r"\((?:\?:|\?P?<[A-Za-z_][A-Za-z0-9_]*>|\?[ms]*(?:-[ms]*)?:)?")


def requirements(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What every match of the case-sensitive RE2 ``pattern`` contains: pieces of literal
    text, and classes it holds a character of, each as the string of its characters
    (``\\d`` -> ``"0123456789"``, ``[;!?]`` -> ``"!;?"``; a class with a property, a
    negation or a range of more than :data:`CLASS_MAX` characters is not read). ``((), ())``
    where the pattern is not simple enough to tell (an alternative at its top level, a flag
    other than ``m`` or ``s``, ``\\Q``, an octal escape...): the answer errs towards nothing
    required, never towards a piece or a class a match may lack.

    ``\\pL(’)\\pL`` -> ``(("’",), ())``; ``\\pL,? (-) \\pL`` -> ``((" - ",), ())``;
    ``(?:^|[^\\pL\\d])\\d{1,3}( )\\d{3}`` -> ``((" ",), ("0123456789",))``.
    """
    try:
        items, end = _sequence(pattern, 0)
    except _Unsure:
        return (), ()
    if end != len(pattern):
        return (), ()
    pieces: list[str] = []
    classes: list[str] = []
    run: list[str] = []
    for item in items:
        if item is None or isinstance(item, _OneOf):
            if run:
                pieces.append("".join(run))
            run = []
            if item is not None:
                classes.append(item.chars)
        else:
            run.append(item)
    if run:
        pieces.append("".join(run))
    return tuple(dict.fromkeys(p for p in pieces if p)), tuple(dict.fromkeys(classes))


#: Characters a class read by :func:`requirements` may span (a range of more is not read).
CLASS_MAX = 256
_DIGITS = "0123456789"  # RE2's \d: ASCII digits only


class _OneOf:
    """A class every match holds one character of (an item of :func:`_sequence`)."""

    __slots__ = ("chars",)

    def __init__(self, chars: str) -> None:
        self.chars = chars


def _class_chars(body: str) -> str | None:
    """The characters of the class ``[body]``, sorted, or ``None`` where it is not read."""
    if body.startswith("^"):
        return None
    chars: set[str] = set()
    j = 0
    n = len(body)

    def single(j: int) -> tuple[str | None, int]:
        """One character of the class at ``body[j]`` and the index after it (``None``: a
        class escape such as ``\\d``, or what is not read)."""
        char = body[j]
        if char != "\\":
            return (None, j) if body.startswith("[:", j) else (char, j + 1)
        if j + 1 >= n:
            return None, j
        escaped = body[j + 1]
        if escaped == "x":
            if body.startswith("{", j + 2):
                close = body.find("}", j + 2)
                digits = body[j + 3 : close] if close > 0 else ""
                end = close + 1
            else:
                digits, end = body[j + 2 : j + 4], j + 4
            try:
                return chr(int(digits, 16)), end
            except (ValueError, OverflowError):
                return None, j
        if escaped.isascii() and not escaped.isalnum() and escaped != " ":
            return escaped, j + 2
        return None, j

    while j < n:
        if body.startswith("\\d", j):
            chars.update(_DIGITS)
            j += 2
            continue
        char, after = single(j)
        if char is None:
            return None
        j = after
        if j + 1 < n and body[j] == "-":  # a range, unless the "-" ends the class
            last, after = single(j + 1)
            if last is None or ord(last) < ord(char) or ord(last) - ord(char) >= CLASS_MAX:
                return None
            chars.update(chr(code) for code in range(ord(char), ord(last) + 1))
            j = after
        else:
            chars.add(char)
    return "".join(sorted(chars)) if chars else None


class _Unsure(Exception):
    pass


def _sequence(pattern: str, i: int) -> tuple[list[str | _OneOf | None], int]:
    """Items of a sequence without ``|`` from ``pattern[i]`` up to a ``)`` or the end: a
    required literal character, a class a required character is one of, or ``None`` where
    a run of required text breaks (a class breaks it too)."""
    items: list[str | _OneOf | None] = []
    n = len(pattern)
    while i < n:
        char = pattern[i]
        if char == ")":
            return items, i
        if char == "|":
            raise _Unsure
        if char == "(":
            flags = _FLAGS.match(pattern, i)
            if flags is not None:  # (?m), (?s-m): no text, and no change to what is literal
                i = flags.end()
                continue
            opening = _GROUP_START.match(pattern, i)
            if opening is None:
                raise _Unsure  # a flag group (?i), (?U)... or a lookaround RE2 refuses
            if opening.end() == i + 1 and pattern.startswith("?", i + 1):
                raise _Unsure  # (?i), (?U), (?=...): not a group read here
            try:
                inner, close = _sequence(pattern, opening.end())
            except _Unsure:
                # Alternatives, or what is not read here, inside a group that is only a
                # group: it requires nothing known; the text around it still does.
                inner, close = [None], _group_close(pattern, opening.end())
            if close >= n or pattern[close] != ")":
                raise _Unsure
            i, least, single = _quantifier(pattern, close + 1)
            if least == 0:
                items.append(None)
            elif single:
                items.extend(inner)  # a group matches its contents once: spliced in
            else:
                items.extend([None, *inner, None])
            continue
        if char == "[":
            start, i = i, _class_end(pattern, i)
            chars = _class_chars(pattern[start + 1 : i - 1])
            atom: str | _OneOf | None = _OneOf(chars) if chars else None
        elif char == "\\":
            if i + 1 >= n:
                raise _Unsure
            escaped = pattern[i + 1]
            if escaped.isascii() and not escaped.isalnum() and escaped != " ":
                atom, i = escaped, i + 2  # an escaped punctuation mark is itself
            elif escaped in "pP":
                if pattern.startswith("{", i + 2):
                    close = pattern.find("}", i + 2)
                    if close < 0:
                        raise _Unsure
                    i = close + 1
                else:
                    i += 3
                atom = None
            elif escaped == "x":
                if pattern.startswith("{", i + 2):
                    close = pattern.find("}", i + 2)
                    if close < 0:
                        raise _Unsure
                    i = close + 1
                else:
                    i += 4
                atom = None
            elif escaped == "d":
                atom, i = _OneOf(_DIGITS), i + 2
            elif escaped in "DsSwWbBAzntrfv":
                atom, i = None, i + 2
            else:
                raise _Unsure  # \Q...\E, \C, octal, \pN forms we do not read
        elif char in ".^$":
            atom, i = None, i + 1
        elif char in "?*+{":
            raise _Unsure  # a repetition with nothing before it
        else:
            atom, i = char, i + 1
        i, least, single = _quantifier(pattern, i)
        if atom is None or least == 0:
            items.append(None)
        elif single:
            items.append(atom)
        else:
            items.extend([atom, None])  # at least once, maybe more: the run ends with it
    return items, i


def _quantifier(pattern: str, i: int) -> tuple[int, int, bool]:
    """After an atom at ``pattern[i]``: the next index, the least count of the atom, and
    whether it is exactly once (no quantifier)."""
    if i >= len(pattern):
        return i, 1, True
    char = pattern[i]
    if char in "?*+":
        least = 1 if char == "+" else 0
        i += 1
    elif char == "{":
        repeat = _REPEAT.match(pattern, i)
        if repeat is None:
            raise _Unsure  # RE2 reads a lone { as itself; not worth the doubt
        least = int(repeat.group(1))
        i = repeat.end()
        if least == 1 and repeat.group(2) is None:
            if i < len(pattern) and pattern[i] == "?":
                i += 1
            return i, 1, True  # {1}
    else:
        return i, 1, True
    if i < len(pattern) and pattern[i] == "?":
        i += 1  # lazy
    if i < len(pattern) and pattern[i] in "?*+{":
        raise _Unsure
    return i, least, False


def _group_close(pattern: str, i: int) -> int:
    """The index of the ``)`` that closes the group whose contents start at ``pattern[i]``."""
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern.startswith("Q", i + 1):
                raise _Unsure
            i += 2
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            depth += 1
            i += 1
        elif char == ")":
            if depth == 0:
                return i
            depth -= 1
            i += 1
        else:
            i += 1
    raise _Unsure


def _class_end(pattern: str, i: int) -> int:
    """The index after the character class opening at ``pattern[i]``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        char = pattern[j]
        if char == "\\":
            j += 2
            continue
        if pattern.startswith("[:", j):
            close = pattern.find(":]", j + 2)
            if close < 0:
                raise _Unsure
            j = close + 2
            continue
        if char == "]":
            return j + 1
        j += 1
    raise _Unsure


class Prepared:
    """A text encoded once for RE2, with byte offsets mapped back to character offsets.

    The map is built on the first offset asked for past the text's first non-ASCII character
    (issue 20: most searches of a small draft find nothing, and a draft without any match
    needs only the bytes). Offsets before that character are the same in bytes and characters.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        #: Characters (= bytes) before the first non-ASCII character.
        first = _NON_ASCII.search(text) if len(self.data) != len(text) else None
        self._ascii = first.start() if first is not None else len(text)
        self._mapped = False

    def _map(self) -> None:
        # For each non-ASCII character: byte offset just after it and extra bytes so far.
        # Arrays, not lists: 24 bytes per character instead of about 110 (issue 21: a draft
        # of 4 MiB of « held 150 MB here).
        ends, chars, extras = array("q"), array("q"), array("q")
        extra = 0
        for match in _NON_ASCII.finditer(self.text, self._ascii):
            code = ord(match.group())
            # UTF-8 length (surrogates, passed through, take 3 bytes like their neighbours).
            extra += 1 if code < 0x800 else 2 if code < 0x10000 else 3
            ends.append(match.start() + extra + 1)
            chars.append(match.start())
            extras.append(extra)
        self._ends, self._chars, self._extra = ends, chars, extras
        self._mapped = True

    def char(self, byte: int) -> int:
        if byte <= self._ascii:
            return byte
        if not self._mapped:
            self._map()
        k = bisect_right(self._ends, byte) - 1
        return byte - (self._extra[k] if k >= 0 else 0)

    def byte(self, char: int) -> int:
        if char <= self._ascii:
            return char
        if not self._mapped:
            self._map()
        k = bisect_right(self._chars, char - 1) - 1
        return char + (self._extra[k] if k >= 0 else 0)


@lru_cache(maxsize=8)
def prepare(text: str) -> Prepared:
    return Prepared(text)


@dataclass(frozen=True)
class Match:
    """One match of a term list: its span, text, term index and capture groups."""

    start: int
    end: int
    text: str
    #: Index of the term that matched.
    index: int
    #: The term's own capture groups (``None`` for a group that did not take part).
    groups: tuple[str | None, ...] = ()


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def left_boundary(text: str, start: int) -> bool:
    if start == 0 or not is_word_char(text[start]):
        return True
    before = text[start - 1]
    if is_word_char(before):
        return False
    if before in HYPHENS:
        return not (start >= 2 and is_word_char(text[start - 2]))
    if before in APOSTROPHES:
        k = start - 1
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        return text[k : start - 1].lower() in ELIDED
    return True


def right_boundary(text: str, end: int) -> bool:
    if end >= len(text) or end == 0 or not is_word_char(text[end - 1]):
        return True
    after = text[end]
    if is_word_char(after):
        return False
    if after in HYPHENS and end + 1 < len(text) and is_word_char(text[end + 1]):
        clitic = _CLITIC_AFTER.match(text, end)
        return (
            clitic is not None
            and clitic.group(1).lower() in CLITICS
            and (
                clitic.end() >= len(text)
                or not is_word_char(text[clitic.end()])
                or text[clitic.end()] in HYPHENS
            )
        )
    return True


#: What may stand between a sentence's end and its first word: spaces, any quotation mark
#: (``newslint.quotemarks``), brackets, dashes.
_BEFORE_WORD = LINE_SPACES + "".join(MARKS) + "()—–-"


def sentence_start(text: str, position: int) -> bool:
    """Whether ``position`` starts a sentence or a paragraph (after opening marks)."""
    k = position - 1
    while k >= 0 and text[k] in _BEFORE_WORD:
        k -= 1
    return k < 0 or text[k] in ".!?…:\n"


def looks_like_name(text: str, start: int) -> bool:
    """A capitalised word that does not start a sentence: « Deadline », « Punchline »."""
    return text[start : start + 1].isupper() and not sentence_start(text, start)


class TermSet:
    """Several patterns matched as one list, leftmost-longest, with word boundaries.

    ``terms`` are RE2 patterns, or plain strings when ``literal`` is true. ``key`` names the
    option they come from, so an invalid one is reported as ``(key, index)``.

    A newsroom's list holds thousands of terms (issue 15): one RE2 alternation with a capture
    group per term took minutes on a list of 1,000, and even without groups RE2's automaton
    grows with the list at each place of the text. So plain-text terms (``literal``, or
    patterns without an operator) go to an Aho–Corasick automaton (pyahocorasick), built in
    time and memory linear in their total length, over the text folded like the terms; the
    terms that are patterns go to one RE2 alternation that captures nothing. Of the two, the
    leftmost match wins, then the longest, then the first term in list order; which term
    matched, and its own groups (``\\1`` in a replacement), come from matching that term
    alone on the span found. benchmarks/termset.py measures it.

    Case folding is Python's ``str.lower`` for plain terms where RE2 folds for patterns: a
    character the two fold differently (the long s, ``ſ``) may match a pattern but not a
    plain term.
    """

    def __init__(
        self,
        terms: Sequence[str],
        *,
        ignorecase: bool = True,
        literal: bool = False,
        boundaries: bool = True,
        key: str = "tokens",
        keys: Sequence | None = None,
        skip_names: bool = False,
    ) -> None:
        self.terms = list(terms)
        self.skip_names = skip_names
        self.ignorecase = ignorecase
        self.boundaries = boundaries
        self.sources = [_escape(t) if literal else t for t in self.terms]
        self._keys = list(keys) if keys is not None else [(key, i) for i in range(len(self.terms))]
        self._built = False
        #: The pattern terms' alternation (``None``: every term is plain text).
        self._regex: Any = None
        #: Plain text (folded when ``ignorecase``) -> the first term of that text.
        self._plain: dict[str, int] = {}
        self._automaton: Any = None
        self._longest = 0
        #: Terms that are patterns, in list order.
        self._patterns: list[int] = []
        #: Capture groups of each term.
        self._inner: list[int] = []

    def validate(self) -> None:
        """Compile the terms; on an error, compile each alone so the error names the faulty one.

        Every run validates the configuration, so the usual path compiles one pattern per rule.
        """
        if self.sources and all(self.sources):
            try:
                self._build()
                valid = self._regex is None or not matches_empty(self._regex)
            except ValueError:
                valid = False
            if valid:
                return
        self._built = False
        for source, key in zip(self.sources, self._keys):
            if source == "":
                raise PatternError(key, f'option "{key[0]}": empty pattern')
            try:
                compiled = compile_pattern(source, self.ignorecase)
            except ValueError as error:
                raise PatternError(key, f'option "{key[0]}": {error}') from None
            if matches_empty(compiled):
                raise PatternError(
                    key, f'option "{key[0]}": pattern {source!r} matches the empty string'
                )
        self._build()  # pragma: no cover - the terms compile alone but not together

    def _fold(self, text: str) -> str:
        return text.lower() if self.ignorecase else text

    def _build(self) -> None:
        if self._built:
            return
        self._plain, self._patterns, self._inner = {}, [], []
        self._regex = self._automaton = None
        for index, source in enumerate(self.sources):
            self._inner.append(_count_groups(source))
            plain = _plain_text(source)
            if plain and len(self._fold(plain)) == len(plain):
                self._plain.setdefault(self._fold(plain), index)
            else:
                self._patterns.append(index)
        if self._patterns:
            pattern = "|".join(f"(?:{self.sources[i]})" for i in self._patterns)
            self._regex = compile_pattern(pattern, self.ignorecase, True, False)
        if self._plain:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for folded, index in self._plain.items():
                automaton.add_word(folded, (index, len(folded)))
            automaton.make_automaton()
            self._automaton = automaton
            self._longest = max(map(len, self._plain))
        self._built = True

    def _alone(self, index: int) -> Any:
        """Term ``index`` compiled on its own, with its groups."""
        return compile_pattern(f"(?:{self.sources[index]})", self.ignorecase)

    def _which(
        self, matched: str, data: bytes, b_start: int, b_end: int, prepared: Prepared
    ) -> tuple[int, tuple[str | None, ...]]:
        """The first term (in list order) that matches exactly ``data[b_start:b_end]``, and
        its own capture groups."""
        found = self._plain.get(self._fold(matched))
        index = None
        for candidate in self._patterns:
            if found is not None and candidate > found:
                break
            if self._alone(candidate).fullmatch(data, b_start, b_end) is not None:
                index = candidate
                break
        if index is None:
            index = found
        if index is None:  # pragma: no cover - a span some term matched
            index = next(
                (
                    i
                    for i in range(len(self.sources))
                    if self._alone(i).fullmatch(data, b_start, b_end) is not None
                ),
                0,
            )
        inner = self._inner[index]
        if not inner:
            return index, ()
        match = self._alone(index).fullmatch(data, b_start, b_end)
        if match is None:  # pragma: no cover - the term was chosen because it matches
            return index, (None,) * inner
        return index, tuple(
            None
            if match.start(g) == -1
            else prepared.text[prepared.char(match.start(g)) : prepared.char(match.end(g))]
            for g in range(1, inner + 1)
        )

    def _folded(self, text: str) -> str:
        """``text`` folded like the plain terms, each character in its place."""
        if not self.ignorecase:
            return text
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        if not self.sources:
            return
        self._build()
        prepared = prepare(text)
        data = prepared.data
        limit = len(text) if end is None else end
        stop = len(data) if end is None else prepared.byte(end)
        plain = (
            _Occurrences(self._automaton, self._longest, self._folded(text), start, limit)
            if self._automaton is not None
            else None
        )
        regex = self._regex
        if isinstance(regex, LazyPattern):
            regex = regex.for_text(data)  # searched once per position: no wrapper each time
        position = start
        # Bytes searched again after rejected matches (see below); beyond this, linear.
        budget = RETRY_BUDGET * (stop - prepared.byte(start)) + 4096
        while position <= limit:
            candidate = plain.first(position) if plain is not None else None
            tie = False
            if regex is not None:
                found = regex.search(data, prepared.byte(position), stop)
                if found is not None:
                    r_start, r_end = prepared.char(found.start()), prepared.char(found.end())
                    if candidate is None or (r_start, -r_end) < (candidate[0], -candidate[1]):
                        candidate = (r_start, r_end, -1)
                    elif (r_start, r_end) == candidate[:2]:
                        tie = True
            if candidate is None:
                return
            c_start, c_end, index = candidate
            if c_end == c_start:
                position = c_start + 1
                continue
            if (
                self.boundaries
                and not (left_boundary(text, c_start) and right_boundary(text, c_end))
            ) or (self.skip_names and looks_like_name(text, c_start)):
                # Try again one character further: a shorter or later alternative may fit.
                # Where no left boundary can hold (inside a word), any match is rejected:
                # go straight to the next place one can.
                retry = c_start + 1
                if self.boundaries:
                    following = _CANDIDATE.search(text, retry, limit)
                    retry = following.start() if following else limit
                if retry < c_end:
                    # Searching inside the rejected match again costs its length each time:
                    # quadratic on one long word or line (issue 21, ``a+``, ``(.*a){20}``).
                    # Past the budget, the search goes on after the rejected match.
                    budget -= prepared.byte(c_end) - prepared.byte(retry)
                    if budget < 0:
                        retry = c_end
                position = retry
                continue
            matched = text[c_start:c_end]
            if index < 0 or tie:
                index, groups = self._which(
                    matched, data, prepared.byte(c_start), prepared.byte(c_end), prepared
                )
            else:
                groups = ()
            yield Match(c_start, c_end, matched, index, groups)
            position = c_end


class _Occurrences:
    """The plain terms' occurrences in ``text[start:end]``, found in one pass of the
    automaton and handed out leftmost-longest first from any later position."""

    def __init__(self, automaton: Any, longest: int, text: str, start: int, end: int) -> None:
        self._found = automaton.iter(text, start, end) if start < end else iter(())
        self._longest = longest
        #: ``(start, -length, term)`` of the occurrences pulled and not yet passed.
        self._heap: list[tuple[int, int, int]] = []
        self._last_end = start - 1
        self._done = False

    def first(self, position: int) -> tuple[int, int, int] | None:
        """``(start, end, term)`` of the leftmost-longest occurrence starting at or after
        ``position`` (positions only ever grow)."""
        heap = self._heap
        while True:
            while heap and heap[0][0] < position:
                heapq.heappop(heap)
            # An occurrence starting at or before the best one so far ends within the longest
            # term's length of it: once the automaton is past that, the best is known.
            if self._done or (heap and self._last_end >= heap[0][0] + self._longest - 1):
                break
            try:
                last, (term, length) = next(self._found)
            except StopIteration:
                self._done = True
                continue
            self._last_end = last
            begin = last - length + 1
            if begin >= position:
                heapq.heappush(heap, (begin, -length, term))
        if not heap:
            return None
        begin, negative, term = heap[0]
        return begin, begin - negative, term


#: RE2 operators: a term without any (unescaped) is plain text.
_OPERATORS = set("\\.^$|?*+()[]{}")


def _plain_text(source: str) -> str | None:
    """The text ``source`` matches if it is plain text (escapes of operators allowed), else
    ``None``."""
    out = []
    escaped = False
    for char in source:
        if escaped:
            if char not in _OPERATORS:
                return None  # \d, \b, \pL...: a pattern
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _OPERATORS:
            return None
        else:
            out.append(char)
    return None if escaped else "".join(out)


_GROUP_OPEN = re.compile(r"\\.|\[(?:\\.|[^\]\\])*\]|\((?!\?)|\(\?P?<")


def _count_groups(pattern: str) -> int:
    """Capturing groups in an RE2 pattern: ``(``, ``(?P<name>`` and ``(?<name>``, not inside
    a character class nor escaped (so one compilation serves the whole term set)."""
    return sum(1 for m in _GROUP_OPEN.finditer(pattern) if m.group().startswith("("))


def _escape(term: str) -> str:
    return "".join("\\" + c if c in r"\.^$|?*+()[]{}" else c for c in term)


def keep_case(matched: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``matched``: « Impacter » -> « Affecter »."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and matched.lstrip()[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_GROUP_REF = re.compile(r"\\(\d)|\$(\d)")


def expand(replacement: str, groups: tuple[str | None, ...]) -> str:
    """Replace ``\\1`` or ``$1`` in ``replacement`` with the term's capture groups."""

    def group(match: re.Match[str]) -> str:
        number = int(match.group(1) or match.group(2))
        return (groups[number - 1] or "") if 0 < number <= len(groups) else ""

    return _GROUP_REF.sub(group, replacement)


def check_template(template: str, allowed: Sequence[str], key: str = "message") -> None:
    """Refuse a message template with an unknown ``{field}`` or unbalanced braces."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as error:
        raise PatternError(key, f"message template {template!r}: {error}") from None
    for name in fields:
        base = re.split(r"[.\[]", name, maxsplit=1)[0]
        if base not in allowed:
            known = ", ".join("{" + a + "}" for a in allowed)
            raise PatternError(
                key, f"message template {template!r}: unknown field {{{name}}} (known: {known})"
            )


def render(template: str, **values) -> str:
    return template.format(**values)


@dataclass
class MatchOptions:
    """Options every pattern-based kind shares (fields come first in ``rules explain``)."""

    #: Match regardless of case (« Impacter », « IMPACTER »).
    ignorecase: bool = True
    #: Patterns are plain text, not RE2 regular expressions.
    literal: bool = False
    #: Only match whole words, with French elisions and hyphens (see ``newslint.patterns``).
    boundaries: bool = True
    #: Leave alone a match that starts with a capital inside a sentence: a proper noun or a
    #: title (« le site Deadline », « l'émission Punchline »).
    skip_names: bool = False

    def terms(self, terms: Sequence[str], key: str, keys: Sequence | None = None) -> TermSet:
        return TermSet(
            terms,
            ignorecase=self.ignorecase,
            literal=self.literal,
            boundaries=self.boundaries,
            key=key,
            keys=keys,
            skip_names=self.skip_names,
        )
