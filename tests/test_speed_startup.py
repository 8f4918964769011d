"""Start-up of a one-draft run (issue 20), as a user could notice it: a check with house-style
rules only imports neither the grammar client, nor the names machinery, nor the modules only
a worker pool or a failing check needs; laziness hides no bad configuration; the byte offsets
of a draft computed on demand are the ones computed ahead. Speed itself is measured by
benchmarks/core.py, never here."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from newslint.patterns import Prepared
from tests.conftest import run_newslint

HOUSE = """extends: []
rules:
  house/repetition:
    kind: repetition
    severity: error
  house/cliches:
    kind: existence
    severity: info
    options:
      literal: true
      tokens:
        - "force est de constater"
  house/anglicismes:
    kind: substitution
    options:
      swap:
        "deadline": "date limite"
  house/phrase-longue:
    kind: sentence-length
    options:
      max_words: 60
"""

PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['newslint', 'check', '--no-grammar', 'a.md']\n"
    "try:\n    from newslint.cli import main\n    main()  # main, not the console script's entry: that ends the process\n"
    "except SystemExit:\n    pass\n"
    "print('LOADED', ' '.join(sorted(sys.modules)))\n"
)


def _loaded(folder: Path) -> tuple[set[str], str]:
    process = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=folder, capture_output=True, text=True, timeout=600
    )
    line = next(text for text in process.stdout.splitlines() if text.startswith("LOADED"))
    return set(line.split()[1:]), process.stdout


def test_house_rules_run_leaves_grammar_names_and_pool_machinery_unimported(tmp_path: Path):
    (tmp_path / ".newslint.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "Force est de constater que la deadline est passée, le le maire l’a dit.\n",
        encoding="utf-8",
    )
    loaded, output = _loaded(tmp_path)
    # The run did check: the four house rules report.
    for rule in ("house/cliches", "house/anglicismes", "house/repetition"):
        assert rule in output
    unexpected = {
        name
        for name in loaded
        if name.split(".")[0] in ("rapidfuzz", "logging", "concurrent", "multiprocessing", "re2")
        or name.startswith(("newslint.grammar", "newslint.names", "newslint.checks.names"))
    }
    assert not unexpected, sorted(unexpected)


def test_typo_in_a_rule_id_is_still_reported(tmp_path: Path):
    (tmp_path / ".newslint.yaml").write_text(
        HOUSE + "  house/repetiton:\n    severity: info\n", encoding="utf-8"
    )
    (tmp_path / "a.md").write_text("Le maire a parlé.\n", encoding="utf-8")
    process = _run(tmp_path)
    assert process.returncode == 2
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "house/repetiton" in lines[0] and ".newslint.yaml" in lines[0]


@pytest.mark.parametrize(
    "rule",
    [
        # An invalid RE2 pattern in a house rule.
        "  house/bad:\n    kind: existence\n    options:\n      tokens:\n        - 'a(b'\n",
        # An invalid pattern in a boilerplate rule (its unions are compiled on demand).
        "  house/web:\n    kind: boilerplate\n    options:\n      paragraphs:\n"
        "        - 'Previous'\n        - 'next[x'\n",
        # A boilerplate rule without a screen (anchored pattern): unions compiled ahead.
        "  house/web:\n    kind: boilerplate\n    options:\n      paragraphs:\n"
        "        - '\\AFin'\n      starts:\n        - 'Lire[ '\n",
    ],
)
def test_bad_pattern_is_still_a_configuration_error(tmp_path: Path, rule: str):
    (tmp_path / ".newslint.yaml").write_text(HOUSE + rule, encoding="utf-8")
    (tmp_path / "a.md").write_text("Le maire a parlé.\n", encoding="utf-8")
    process = _run(tmp_path)
    assert process.returncode == 2, process.stdout + process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and ".newslint.yaml:" in lines[0], lines
    assert "Traceback" not in process.stderr


def test_bad_yaml_is_still_one_line_and_exit_2(tmp_path: Path):
    (tmp_path / ".newslint.yaml").write_text(HOUSE + "  house/x: [\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Le maire a parlé.\n", encoding="utf-8")
    process = _run(tmp_path)
    assert process.returncode == 2
    assert len(process.stderr.strip().splitlines()) == 1


def _run(folder: Path) -> subprocess.CompletedProcess:
    process = run_newslint("check", "--no-grammar", "a.md", cwd=folder)
    process.stdout, process.stderr = process.stdout.decode(), process.stderr.decode()
    return process


def _reference(text: str) -> tuple[list[int], dict[int, int]]:
    """Byte offset of each character offset, and character offset of each byte offset that
    starts a character, computed the plain way."""
    to_byte = [len(text[:i].encode("utf-8", "surrogatepass")) for i in range(len(text) + 1)]
    return to_byte, {b: i for i, b in enumerate(to_byte)}


def test_offsets_computed_on_demand_are_exact():
    random.seed(20)
    alphabet = "ab ,.é’«»\u202f\u00a0\ud800\U0001f600xyzÀ-"
    texts = ["", "abc", "é", "a’b", "\U0001f600", "tout ASCII ici"]
    texts += [
        "".join(random.choice(alphabet) for _ in range(random.randint(0, 30))) for _ in range(300)
    ]
    for text in texts:
        to_byte, to_char = _reference(text)
        # A fresh map per question: the first offset asked builds it (or not).
        for char, byte in enumerate(to_byte):
            assert Prepared(text).byte(char) == byte, (text, char)
            assert Prepared(text).char(byte) == to_char[byte], (text, byte)
        prepared = Prepared(text)
        assert [prepared.byte(c) for c in range(len(text) + 1)] == to_byte
        assert all(prepared.char(b) == c for b, c in to_char.items())
        assert prepared.data == text.encode("utf-8", "surrogatepass")


def test_option_types_evaluated_on_demand_are_get_type_hints():
    """Each option's type, evaluated alone when a rule sets it, is what
    ``typing.get_type_hints`` gives for the whole options class."""
    import typing

    from newslint import checks, options

    classes = {kind.options for kind in checks.kinds().values()}
    assert len(classes) > 20
    for cls in classes:
        fields, hints = options._schema(cls)
        expected = typing.get_type_hints(cls)
        assert set(fields) <= set(expected)
        for name in fields:
            assert hints[name] == expected[name], (cls, name)


COUNT_COMPILES = (
    "import sys, runpy, re2\n"
    "compiled = []\n"
    "original = re2.compile\n"
    "def counting(*args, **kwargs):\n"
    "    compiled.append(args[0])\n"
    "    return original(*args, **kwargs)\n"
    "re2.compile = counting\n"
    "sys.argv = ['newslint', 'check', '--no-grammar', '--format', 'json', sys.argv[1]]\n"
    "try:\n    from newslint.cli import main\n    main()  # main, not the console script's entry: that ends the process\n"
    "except SystemExit:\n    pass\n"
    "print('COMPILED', len(compiled))\n"
)


def _compiles(folder: Path, draft: str, cache: Path) -> tuple[int, str]:
    import os

    process = subprocess.run(
        [sys.executable, "-c", COUNT_COMPILES, draft],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NEWSLINT_CACHE_DIR": str(cache)},
    )
    lines = process.stdout.splitlines()
    count = int(next(line for line in lines if line.startswith("COMPILED")).split()[1])
    return count, "\n".join(line for line in lines if not line.startswith("COMPILED"))


def test_patterns_known_valid_are_compiled_only_where_a_draft_needs_them(tmp_path: Path):
    """The default rule sets on a short draft: the first run compiles every pattern (and
    validates it); the next compiles only those a search of this draft needs, with the very
    same findings; a corrupt record is ignored."""
    (tmp_path / "a.md").write_text(
        "Le conseil a voté le budget mardi.\n\nIl a dit : « oui »  .\n", encoding="utf-8"
    )
    cache = tmp_path / "cache"
    first, findings = _compiles(tmp_path, "a.md", cache)
    second, again = _compiles(tmp_path, "a.md", cache)
    assert first > 40
    assert second < first / 2, (first, second)
    assert again == findings and '"rule"' in findings
    (cache / "re2-valid.marshal").write_bytes(b"\x00garbage")
    third, once_more = _compiles(tmp_path, "a.md", cache)
    assert third == first and once_more == findings


SAMPLE_PATTERNS = [
    r"\pL(’)\pL",
    r"\pL(')\pL",
    r"\pL,? (-) \pL",
    r"\pL,? (—) \pL",
    r"(?m)\pL():(?:\s|$)",
    r"(?m)[\pL\d)»”\"]( ):(?:\s|$)",
    r"[\pL\d)»”\"]([\x{a0}\x{202f}]):",
    r"(?m)(?:^|[^.])(\.\.\.)(?:[^.]|$)",
    r"\d( )%",
    r"(…)",
    r"ab+c",
    r"a{2}b",
    r"x(?:yz)?w",
    r"(?:a|b)c",
    r"(?:a|(b))c+",
    r"(ab){0,3}c",
    r"[]a]bc",
    r"(?s)a.b",
    r"a\.b",
    r"(?i)abc",
    r"x(?i)abc",
    r"a|b",
    r"(?P<x>ab)c\b",
    r"(?:^|[^\pL\d.,])\d{1,3}( )\d{3}(?: \d{3})*(?:[^\pL\d.,]|[.,](?:\D|$)|$)",
    r"(?m)[\pL\d)»”\"]()[;!?]+(?:[\s»”\")]|$)",
    r"[\pL\d)»”\"]([\x{a0}\x{202f}])[;!?]",
    r"[a-c]z",
    r"[-a]b",
    r"[a-]b",
    r"[\d.]x",
    r"x\d?y",
    r"[\x41-\x43]q",
    r"[é\-]+",
    r"(?:\d|a)b",
]


@pytest.mark.parametrize("pattern", SAMPLE_PATTERNS)
def test_text_a_pattern_requires_is_in_every_match(pattern: str):
    """Searching without compiling where the required text is absent finds what the
    compiled pattern finds, on texts made of the pattern's own characters."""
    from newslint.patterns import LazyPattern, _compile_now

    compiled = _compile_now(pattern, False, False, True)
    lazy = LazyPattern(pattern, False, False, True)
    letters = sorted(set(pattern) - set("\\(){}[]?*+|^$") | {" ", "é", "A", "\n", "1"})
    random.seed(pattern)
    for _ in range(400):
        text = "".join(random.choice(letters) for _ in range(random.randint(0, 12)))
        for data in (text, text.encode("utf-8")):
            expected = [m.span() for m in compiled.finditer(data)]
            assert [m.span() for m in lazy.finditer(data)] == expected, (pattern, text)
            assert (lazy.search(data) is None) == (compiled.search(data) is None)


def test_default_run_on_a_small_draft_imports_no_logging_nor_pool(tmp_path: Path):
    """The shipped rule sets on one clean draft: no check fails and no worker starts, so
    neither ``logging`` nor the pool machinery is imported."""
    (tmp_path / "a.md").write_text(
        "Le conseil municipal a voté le budget mardi soir.\n", encoding="utf-8"
    )
    loaded, output = _loaded(tmp_path)
    assert "No findings" in output or "finding" in output
    unexpected = {
        name
        for name in loaded
        if name.split(".")[0] in ("logging", "concurrent", "multiprocessing")
    }
    assert not unexpected, sorted(unexpected)


# -- the methods dataclasses writes, compiled once per user (newslint.classcache) ----------

COUNT_METHODS = (
    "import builtins, sys, runpy\n"
    "compiled = []\n"
    "real = builtins.compile\n"
    "def counting(source, *args, **kwargs):\n"
    "    if isinstance(source, str) and source.startswith('def __create_fn__'):\n"
    "        compiled.append(source)\n"
    "    return real(source, *args, **kwargs)\n"
    "builtins.compile = counting\n"
    "import dataclasses\n"
    "real_exec = builtins.exec\n"
    "def counting_exec(source, *args):\n"
    "    if isinstance(source, str) and source.startswith('def __create_fn__'):\n"
    "        compiled.append(source)\n"
    "    return real_exec(source, *args)\n"
    "dataclasses.exec = counting_exec\n"
    "sys.argv = ['newslint', 'check', '--no-grammar', 'a.md']\n"
    "try:\n    from newslint.cli import main\n    main()  # main, not the console script's entry: that ends the process\n"
    "except SystemExit:\n    pass\n"
    "print('COMPILED', len(compiled))\n"
)


def _counted(script: str, marker: str, folder: Path, cache: Path) -> tuple[int, str]:
    """The count a probe ``script`` printed after ``marker`` for one run in ``folder`` with
    the cache ``cache``, and what the run printed."""
    process = subprocess.run(
        [sys.executable, "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NEWSLINT_CACHE_DIR": str(cache), "NO_COLOR": "1"},
    )
    line = next(t for t in process.stdout.splitlines() if t.startswith(marker))
    return int(line.split()[1]), process.stdout.replace(line, "")


def _compiled(folder: Path, cache: Path) -> tuple[int, str]:
    """How many dataclass methods a run compiled, and what it printed."""
    return _counted(COUNT_METHODS, "COMPILED", folder, cache)


def test_second_run_compiles_no_dataclass_method(tmp_path: Path):
    """A one-draft run creates dozens of dataclasses; the second run takes the code of their
    methods from the user's cache instead of compiling it again, and reports the same."""
    (tmp_path / "a.md").write_text("Le le maire a dit « oui ».\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first, first_output = _compiled(tmp_path, cache)
    assert first > 20
    stored = cache / "classes.marshal"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    before = stored.stat().st_mtime_ns
    second, second_output = _compiled(tmp_path, cache)
    assert second == 0
    assert second_output == first_output and "style/repetition" in first_output
    assert stored.stat().st_mtime_ns == before  # nothing new: the file is not rewritten


BEHAVIOUR = """
import dataclasses, inspect, sys
from newslint.classcache import dataclass

def make(decorate):
    @decorate(frozen=True)
    class Point:
        '''A point.'''
        x: int
        y: int = 2
        tags: tuple = dataclasses.field(default_factory=tuple)

    @decorate(order=True, slots=True)
    class Item:
        name: str
        count: int = 0

    @decorate(repr=False, eq=False, kw_only=True)
    class Options:
        size: int = 3
        label: 'str' = 'x'

    p = Point(1)
    try:
        p.x = 3
        frozen = 'no'
    except dataclasses.FrozenInstanceError:
        frozen = 'yes'
    a, b = Item('a', 1), Item('b')
    return [
        repr(p), p == Point(1), hash(p) == hash(Point(1)), frozen, Point.__doc__,
        str(inspect.signature(Point)), Point.__init__.__annotations__,
        repr(a), a < b, sorted([b, a]) == [a, b], hasattr(a, '__dict__'), Item.__slots__,
        str(inspect.signature(Options)), Options().size, Options(size=5).label,
        Options() == Options(), [f.name for f in dataclasses.fields(Options)],
        Item.__init__.__qualname__, Item.__init__.__code__.co_filename,
    ]

print(repr(make(dataclass)))
print(repr(make(dataclasses.dataclass)))
"""


def test_classes_from_the_cache_are_the_classes_dataclasses_builds(tmp_path: Path):
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", BEHAVIOUR], capture_output=True, text=True, env=env, timeout=60
        )
        for _ in range(2)  # the first compiles and records, the second reads the record
    ]
    for process in runs:
        assert process.returncode == 0, process.stderr
        ours, standard = process.stdout.splitlines()
        assert ours == standard
    assert runs[0].stdout == runs[1].stdout
    assert (tmp_path / "cache" / "classes.marshal").exists()


def _planted(cache: Path) -> Path:
    """A cache whose every record is code printing PLANTED (what a foreign or corrupt file
    could hold), for this interpreter."""
    code = subprocess.run(
        [
            sys.executable,
            "-c",
            "import marshal, sys\n"
            "from newslint import classcache\n"
            "from dataclasses import dataclass\n"
            "texts = []\n"
            "real = classcache._exec\n"
            "import dataclasses, builtins\n"
            "def grab(source, g=None, l=None):\n"
            "    texts.append(source); builtins.exec(source, g, l)\n"
            "dataclasses.exec = grab\n"
            "import newslint.findings, newslint.config, newslint.runner, newslint.api\n"
            "bad = marshal.dumps(compile('print(\"PLANTED\")', '<x>', 'exec'))\n"
            "cache = sys.argv[1]\n"
            "import os; os.makedirs(cache, exist_ok=True)\n"
            "open(os.path.join(cache, 'classes.marshal'), 'wb').write(\n"
            "    marshal.dumps((classcache._interpreter(), {t: bad for t in texts})))\n"
            "print(len(texts))\n",
            str(cache),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert code.returncode == 0 and int(code.stdout) > 5, code.stderr
    return cache / "classes.marshal"


def test_a_cache_others_may_write_is_not_used(tmp_path: Path):
    (tmp_path / "a.md").write_text("Le le maire a dit « oui ».\n", encoding="utf-8")
    stored = _planted(tmp_path / "cache")

    def check() -> subprocess.CompletedProcess:
        return run_newslint(
            "check",
            "--no-grammar",
            "a.md",
            cwd=tmp_path,
            env={"NEWSLINT_CACHE_DIR": str(stored.parent)},
        )

    stored.chmod(0o666)
    process = check()
    assert b"PLANTED" not in process.stdout and b"Traceback" not in process.stderr
    assert process.returncode == 1 and b"style/repetition" in process.stdout
    # The same file, private to the user, is read: the test above can fail.
    _planted(tmp_path / "cache").chmod(0o600)
    process = check()
    assert b"PLANTED" in process.stdout or process.returncode != 1


@pytest.mark.parametrize("content", [b"", b"not marshal at all", b"\xe9\x00\x01"])
def test_an_unreadable_cache_is_ignored(tmp_path: Path, content: bytes):
    (tmp_path / "a.md").write_text("Le le maire a dit « oui ».\n", encoding="utf-8")
    clean = run_newslint(
        "check",
        "--no-grammar",
        "a.md",
        cwd=tmp_path,
        env={"NEWSLINT_CACHE_DIR": str(tmp_path / "fresh")},
    )
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / "classes.marshal").write_bytes(content)
    (cache / "classes.marshal").chmod(0o600)
    process = run_newslint(
        "check", "--no-grammar", "a.md", cwd=tmp_path, env={"NEWSLINT_CACHE_DIR": str(cache)}
    )
    assert (process.returncode, process.stdout, process.stderr) == (
        clean.returncode,
        clean.stdout,
        clean.stderr,
    )
    assert clean.returncode == 1


def test_rapidfuzz_is_imported_only_when_a_draft_compares_names(tmp_path: Path):
    """The default rules on a draft with one spelling of each name never compare two names,
    so rapidfuzz is not imported; a draft with two spellings is compared and reported."""
    (tmp_path / "a.md").write_text("Le maire a parlé mardi devant le conseil.\n", encoding="utf-8")
    loaded, _output = _loaded(tmp_path)
    assert "newslint.checks.names" in loaded  # the name checks did run
    assert not {name for name in loaded if name.split(".")[0] == "rapidfuzz"}
    (tmp_path / "a.md").write_text(
        "Jean Dupontel a parlé. Jean Dupontel a voté. Jean Dupontel est parti."
        " Puis Jean Duponlel est revenu.\n",
        encoding="utf-8",
    )
    loaded, output = _loaded(tmp_path)
    assert "rapidfuzz.distance" in loaded
    assert "names/" in output and "Duponlel" in output


# -- Python patterns compiled once per user (newslint.recache) ---------------------------

COUNT_PARSES = (
    "import sys, runpy\n"
    "from re import _parser\n"
    "parsed = []\n"
    "real = _parser.parse\n"
    "def counting(pattern, *args, **kwargs):\n"
    "    parsed.append(pattern)\n"
    "    return real(pattern, *args, **kwargs)\n"
    "_parser.parse = counting\n"
    "sys.argv = ['newslint', 'check', '--no-grammar', 'a.md']\n"
    "try:\n    from newslint.cli import main\n    main()  # main, not the console script's entry: that ends the process\n"
    "except SystemExit:\n    pass\n"
    "print('PARSED', len(parsed))\n"
)


def _parsed(folder: Path, cache: Path) -> tuple[int, str]:
    """How many Python patterns a run parsed, and what it printed."""
    return _counted(COUNT_PARSES, "PARSED", folder, cache)


def test_later_runs_parse_no_python_pattern_again(tmp_path: Path):
    """The default rules compile dozens of Python patterns; later runs build them from the
    code stored by the first ones, with the same findings, and do not rewrite the file. (The
    second run may still add the few patterns that only a run with known RE2 patterns uses.)"""
    (tmp_path / "a.md").write_text(
        "Le le maire a dit « oui ».\n\nIl a parlé  : deux fois...\n", encoding="utf-8"
    )
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "re.marshal").write_bytes(b"an earlier version's store")
    first, first_output = _parsed(tmp_path, cache)
    assert first > 40
    assert not (cache / "re.marshal").exists()  # replaced by the store below
    stored = cache / "re-code.marshal"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    _parsed(tmp_path, cache)
    before = stored.stat().st_mtime_ns
    third, third_output = _parsed(tmp_path, cache)
    assert third * 10 < first, (first, third)  # left: what reading the cache imports
    assert third_output == first_output and "style/repetition" in first_output
    assert stored.stat().st_mtime_ns == before


RE_BEHAVIOUR = r"""
import re, sys
from newslint import recache
recache.install()
patterns = [
    (r"(?P<day>\d{1,2}) (?P<month>[a-zé]+)", 0), (r"(?i)\bÉté\b", 0), (r"a|b|(c)?", re.M),
    (rb"[\x00-\x7f]+", 0), (r"(?<=\w)’(?=\w)", 0), (r"^\s*#.*$", re.M | re.S),
    (r"[^\W\d_]+", re.I), (r"(a)(?:b)(?P<x>c)\2", 0), (r"x{2,5}?y*+", 0),
]
out = []
for pattern, flags in patterns:
    re.purge()
    compiled = re.compile(pattern, flags)
    text = "12 été, été Été a’b\nb c\n# x\nabcc xxxyy" if isinstance(pattern, str) else b"abc\xff"
    out.append((compiled.pattern, compiled.flags, compiled.groups, dict(compiled.groupindex),
                [m.span() for m in compiled.finditer(text)]))
print(repr(out))
"""


def test_patterns_from_the_cache_match_as_re_compiles_them(tmp_path: Path):
    env = {**os.environ, "NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}
    plain = subprocess.run(
        [sys.executable, "-c", RE_BEHAVIOUR.replace("recache.install()", "")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", RE_BEHAVIOUR],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        for _ in range(2)  # the first compiles and records, the second builds from records
    ]
    assert plain.returncode == 0, plain.stderr
    for process in runs:
        assert process.returncode == 0, process.stderr
        assert process.stdout == plain.stdout
    assert (tmp_path / "cache" / "re-code.marshal").exists()


def test_a_pattern_cache_others_may_write_is_not_used(tmp_path: Path):
    """Records that change what every pattern matches are used only from a file private to
    the user."""
    import marshal

    from newslint.recache import derive

    (tmp_path / "a.md").write_text("Le le maire a dit « oui ».\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"NEWSLINT_CACHE_DIR": str(cache)}
    clean = run_newslint("check", "--no-grammar", "a.md", cwd=tmp_path, env=env)
    assert clean.returncode == 1 and b"style/repetition" in clean.stdout
    stored = cache / "re-code.marshal"

    def plant() -> None:
        interpreter, records = marshal.loads(stored.read_bytes())
        assert len(records) > 20
        nothing = {str: derive("(?!)", 0), bytes: derive(b"(?!)", 0)}
        planted = {key: marshal.dumps(nothing[type(key[0])]) for key in records}
        stored.write_bytes(marshal.dumps((interpreter, planted)))

    plant()
    stored.chmod(0o646)
    process = run_newslint("check", "--no-grammar", "a.md", cwd=tmp_path, env=env)
    assert (process.returncode, process.stdout) == (clean.returncode, clean.stdout)
    # The same records, private to the user, are used: the check above can fail.
    plant()
    stored.chmod(0o600)
    process = run_newslint("check", "--no-grammar", "a.md", cwd=tmp_path, env=env)
    assert (process.returncode, process.stdout) != (clean.returncode, clean.stdout)


# -- what the caches of a run must never hide --------------------------------------------


def _check(folder: Path, cache: Path) -> subprocess.CompletedProcess:
    process = run_newslint(
        "check", "--no-grammar", "a.md", cwd=folder, env={"NEWSLINT_CACHE_DIR": str(cache)}
    )
    process.stdout, process.stderr = process.stdout.decode(), process.stderr.decode()
    return process


def test_a_changed_configuration_is_seen_by_the_next_run(tmp_path: Path):
    """Every cache warm (parsed YAML, classes, patterns), a configuration edited between two
    runs governs the second at once: a rule switched off, a word added."""
    cache = tmp_path / "cache"
    (tmp_path / ".newslint.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "a.md").write_text("La deadline est passée, le le maire l’a dit.\n", "utf-8")
    for _ in range(2):
        first = _check(tmp_path, cache)
    assert "house/anglicismes" in first.stdout and "house/repetition" in first.stdout
    edited = HOUSE.replace(
        "    kind: repetition\n    severity: error\n",
        "    kind: repetition\n    severity: error\n    enabled: false\n",
    ).replace('"deadline": "date limite"', '"deadline": "date limite"\n        "maire": "édile"')
    (tmp_path / ".newslint.yaml").write_text(edited, encoding="utf-8")
    second = _check(tmp_path, cache)
    assert "house/repetition" not in second.stdout, second.stdout
    assert "édile" in second.stdout and "house/anglicismes" in second.stdout


def test_a_bad_configuration_is_reported_after_a_good_one_was_cached(tmp_path: Path):
    cache = tmp_path / "cache"
    (tmp_path / ".newslint.yaml").write_text(HOUSE, encoding="utf-8")
    (tmp_path / "a.md").write_text("Le maire a parlé.\n", encoding="utf-8")
    for _ in range(2):
        assert _check(tmp_path, cache).returncode == 0
    for bad in (
        HOUSE + "  house/repetiton:\n    severity: info\n",  # a typo in a rule id
        HOUSE + "  house/x: [\n",  # bad YAML
        HOUSE + "  house/bad:\n    kind: existence\n    options:\n      tokens:\n        - 'a(b'\n",
    ):
        (tmp_path / ".newslint.yaml").write_text(bad, encoding="utf-8")
        process = _check(tmp_path, cache)
        lines = process.stderr.strip().splitlines()
        assert process.returncode == 2 and len(lines) == 1, process.stderr
        assert ".newslint.yaml" in lines[0] and "Traceback" not in process.stderr
    (tmp_path / ".newslint.yaml").write_text(HOUSE, encoding="utf-8")
    assert _check(tmp_path, cache).returncode == 0


@pytest.mark.parametrize(
    ("pattern", "pieces", "classes"),
    [
        (r"\pL(’)\pL", ("’",), ()),
        (r"(?:^|[^\pL\d.,])\d{1,3}( )\d{3}", (" ",), ("0123456789",)),
        (r"(?m)[\pL\d)»”]()[;!?]+(?:\s|$)", (), ("!;?",)),
        (r"[\x{a0}\x{202f}];", (";",), ("\u00a0\u202f",)),
        (r"[\d.]x", ("x",), (".0123456789",)),
        (r"x\d?y", ("x", "y"), ()),  # an optional digit is not required
        (r"[^a]b", ("b",), ()),  # a negated class is not read
        (r"[\pL]b", ("b",), ()),  # nor one with a property
        (r"[\x{100}-\x{300}]b", ("b",), ()),  # nor a range of more than CLASS_MAX
        (r"(?:\d|a)b", ("b",), ()),  # alternatives: nothing known inside
        (r"a|\d", (), ()),
    ],
)
def test_what_every_match_of_a_pattern_holds(pattern: str, pieces: tuple, classes: tuple):
    from newslint.patterns import requirements

    assert requirements(pattern) == (pieces, classes)


def test_a_draft_without_digits_compiles_no_number_pattern(tmp_path: Path):
    """The number rules' patterns each need a digit: a draft without one compiles none."""
    (tmp_path / "a.md").write_text("Le conseil a voté le budget mardi.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    _compiles(tmp_path, "a.md", cache)  # records the patterns as valid
    few, _ = _compiles(tmp_path, "a.md", cache)
    (tmp_path / "a.md").write_text(
        "Le conseil a voté 12 345 euros mardi ; oui !\n", encoding="utf-8"
    )
    more, _ = _compiles(tmp_path, "a.md", cache)
    assert few + 5 <= more, (few, more)
