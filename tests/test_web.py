"""Web leftovers and foreign paragraphs, with the shipped fr-web set."""

from __future__ import annotations

from pathlib import Path

from conftest import run_json

DRAFT = """Le gouvernement présente son budget

Le gouvernement a présenté mercredi un budget marqué par la hausse des dépenses de santé et une baisse des impôts de production.

« Nous tenons nos engagements », a affirmé le ministre lors d'une conférence de presse à Bercy.

Previous

Un autre titre de la même page sans point final

Next

Leave a Comment

This site uses Akismet to reduce spam. Learn how your comment data is processed.

burs-acm/kd/mw
"""


def findings(data):
    return [f for file in data["files"] for f in file["findings"]]


def lint_web(tmp_path: Path, text: str, name: str = "draft.txt"):
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-web]\n", encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return run_json("--no-grammar", name, cwd=tmp_path)


def test_leftovers_after_the_story_are_reported(tmp_path):
    code, data = lint_web(tmp_path, DRAFT)
    found = [(f["line"], f["rule"]) for f in findings(data)]
    assert code == 1
    assert found == [
        (7, "web/boilerplate"),
        (9, "web/boilerplate"),
        (11, "web/boilerplate"),
        (13, "web/boilerplate"),
        (15, "web/boilerplate"),
        (15, "web/language"),
        (17, "web/agency-slug"),
    ]
    messages = {f["line"]: f["message"] for f in findings(data) if f["rule"] != "web/language"}
    assert messages[9].startswith("Titre d’un autre article (après « Previous »)")
    assert (
        messages[17]
        == "Signature de desk d’agence « burs-acm/kd/mw » : à retirer avant publication."
    )


def test_english_paragraph_is_reported_as_foreign(tmp_path):
    text = (
        "Le président a parlé.\n\nThe president said on Thursday that talks with Moscow "
        "would resume next week in Geneva.\n"
    )
    _, data = lint_web(tmp_path, text)
    (finding,) = findings(data)
    assert finding["rule"] == "web/language"
    assert finding["message"].startswith("Paragraphe en anglais dans un article en français")


def test_french_story_with_names_and_acronyms_is_not_foreign(tmp_path):
    text = (
        "Donald Trump, Boris Johnson et Angela Merkel au G7\n\n"
        "Le Premier ministre britannique Boris Johnson a reçu dimanche Donald Trump, "
        "Angela Merkel et Justin Trudeau à Biarritz pour le sommet du G7.\n\n"
        "Black Lives Matter, MeToo, Fridays for Future : les slogans ont fleuri.\n"
    )
    _, data = lint_web(tmp_path, text)
    assert findings(data) == []


def test_seed_draft_leftovers_reported_story_not_foreign(shared):
    seed = shared / "corpus" / "seed-draft-biden-poutine.txt"
    _code, data = run_json(
        "--no-grammar",
        "--config",
        str(Path(__file__).parents[1] / "rules" / "fr-web.yaml"),
        str(seed),
    )
    found = findings(data)
    lines = seed.read_text(encoding="utf-8").split("\n")
    story_end = lines.index(".") + 1  # the lone full stop closes the story (line 49)
    reported = {f["line"] for f in found}
    # Every leftover after the story: Previous, two headlines, Next, Leave a Comment, Akismet.
    assert {51, 53, 55, 57, 59, 61} <= reported
    assert any(f["line"] == 61 and f["rule"] == "web/language" for f in found)
    # Nothing inside the story is foreign; the only finding there is the « Lire la suite » link.
    in_story = [f for f in found if f["line"] < story_end]
    assert not [f for f in in_story if f["rule"] == "web/language"]
    assert [(f["line"], f["rule"]) for f in in_story] == [(9, "web/boilerplate")]


def test_language_model_cache_gives_the_same_answers(tmp_path, monkeypatch):
    from newslint.checks import language

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    languages = ("fr", "en", "de")
    monkeypatch.setattr(language, "_identifiers", {})
    packaged = language.identifier(languages)
    (cache,) = (tmp_path / "langid").glob("*.npz")
    monkeypatch.setattr(language, "_identifiers", {})
    cached = language.identifier(languages)
    assert cached is not packaged
    for text in (
        "This site uses Akismet to reduce spam.",
        "Le président a parlé mercredi.",
        "Der Präsident sagte am Donnerstag.",
    ):
        assert cached.classify(text) == packaged.classify(text)
    table = cache.with_suffix(".nextmove")  # the transition table, mapped rather than read
    assert isinstance(cached.tk_nextmove, memoryview)
    table.write_bytes(table.read_bytes()[:-4])  # cut short: not used
    monkeypatch.setattr(language, "_identifiers", {})
    assert language.identifier(languages).classify("The talks will resume.")[0] == "en"
    cache.write_bytes(b"broken")
    monkeypatch.setattr(language, "_identifiers", {})
    assert language.identifier(languages).classify("The talks will resume.")[0] == "en"


def test_ordinary_french_draft_does_not_load_the_model(tmp_path):
    import subprocess
    import sys

    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT.split("Previous")[0], encoding="utf-8")
    code = (
        "import sys; from newslint.documents import load_path; from newslint.linter import lint;"
        "from newslint.config import load_config; from newslint.checks import Context;"
        f"rules = load_config({str(Path(__file__).parents[1] / 'rules' / 'fr-web.yaml')!r}).base_rules();"
        f"print(len(lint(load_path({str(draft)!r}), rules, Context())), 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]


def test_boilerplate_screen_finds_what_each_paragraph_finds():
    """The one search over the whole draft (``Options.screen``) never hides a paragraph that
    matches on its own: patterns with anchors, word boundaries and line breaks, Markdown."""
    from newslint.checks import Context
    from newslint.checks.boilerplate import Options, check
    from newslint.documents import load

    drafts = [
        DRAFT,
        "Il a conclu.\n\n  Previous  \n\nUn titre\n\nNext",
        "Une ligne\npuis Leave a comment\n\nfin.",
        "# Titre\n\n- Share on Facebook\n- Tweet\n\n> Lire la suite : un autre article",
        "Fin.\n\nphy/avz\n\nsuite du texte sans point",
        "Tags : a\nb, c\n\nabc\n\n12 comments",
    ]
    patterns = {
        "paragraphs": [
            r"leave a comment",
            r"\bshare on \pL+",
            r"tags ?:(?s:.*)",
            r"^tweet$",
            r"\d* ?comments?",
            r"[a-z]{2,6}(?:/[a-z]{2,6})+",
        ],
        "starts": [r"lire la suite ?:", r"une ligne\npuis"],
        "navigation": [r"previous", r"next", r"(?i:UN TITRE)"],
    }

    def run(options, text, name):
        document = load(name, text.encode("utf-8"))
        found = list(check(document, options, Context()))
        return [(f.start, f.end, f.message) for f in found]

    for text in drafts:
        for name in ("d.txt", "d.md"):
            screened = Options(**patterns)
            assert screened.screen() is not None
            unscreened = Options(**patterns)
            unscreened._screen = False  # paragraph by paragraph only
            assert run(screened, text, name) == run(unscreened, text, name)
    assert Options(paragraphs=[r"\Aprevious"]).screen() is None
    assert Options(paragraphs=[r"(?-m:^)previous"]).screen() is None


def test_language_words_are_the_same_when_lowering_changes_lengths():
    """« İ » lowers to two characters: the words are then lowered one by one."""
    from newslint.checks import Context
    from newslint.checks.language import Options, check
    from newslint.documents import load

    english = "The president said on Thursday that the talks would resume next week in {}."
    found = []
    for city in ("Istanbul", "İstanbul"):
        text = f"Il a conclu mardi à Paris.\n\n« {city} », a-t-il dit.\n\n{english.format(city)}"
        document = load("d.txt", text.encode("utf-8"))
        found.append([(f.start, f.end, f.message) for f in check(document, Options(), Context())])
    assert len(found[0]) == 1
    assert [f[:2] for f in found[0]] == [f[:2] for f in found[1]]


def test_language_kind_warms_its_model_for_workers(monkeypatch):
    """``Kind.warm`` loads the model the check would load, for the languages it would ask."""
    from newslint.checks import Context, get, language

    loaded = []
    monkeypatch.setattr(language, "identifier", loaded.append)
    kind = get("language")
    kind.warm(kind.options(expected="de", languages=["en", "fr"]), Context())
    assert loaded == [("de", "en", "fr")]
