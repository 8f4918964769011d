"""The grammar kind's parts that need no server: UTF-16 offsets, request parameters,
settings validation, the result cache, provisioning errors. (tests/test_languagetool*.py
run the same paths against a real LanguageTool.)"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import run_newslint

from newslint.checks import Context
from newslint.checks.grammar import Options, check, request_params, utf16_to_index
from newslint.documents import load
from newslint.errors import ConfigError
from newslint.grammar.cache import ResultCache, cache_key
from newslint.grammar.settings import from_mapping, validate_section


def utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    "text",
    [
        "Il a manger.",
        "😀 Il a manger 🍎 une pomme 👩‍👩‍👧 et des enfant.",
        "Le café\u0301\u00a0: il a manger.",
        "𝔘𝔫 𝔱𝔢𝔵𝔱𝔢 et 😀😀😀 fin",
    ],
)
def test_utf16_offsets_map_back_to_python_indexes(text: str) -> None:
    convert = utf16_to_index(text)
    for index in range(len(text) + 1):
        assert convert(utf16_offset(text, index)) == index


def test_request_params_follow_options() -> None:
    options = Options(
        language="fr-CA",
        disabled_rules=["B", "A"],
        enabled_categories=["X"],
        picky=True,
        mother_tongue="en",
        spelling=False,
    )
    params = request_params(options, "fr")
    assert params == {
        "language": "fr-CA",
        "disabledRules": "A,B,FR_SPELLING_RULE",
        "enabledCategories": "X",
        "level": "picky",
        "motherTongue": "en",
        "mode": "allButTextLevelOnly",
    }
    assert request_params(Options(), "fr-BE") == {
        "language": "fr-BE",
        "mode": "allButTextLevelOnly",
    }


@pytest.mark.parametrize(
    "options, message",
    [
        ({"language": "fr-XX"}, "language should be one of"),
        ({"disabled_rules": ["NOT AN ID"]}, "not a LanguageTool id"),
        ({"enabled_only": True}, "enabled_only needs"),
        ({"severities": {"TYPOS": "fatal"}}, "should be error, warning or info"),
        ({"mother_tongue": "English"}, "mother_tongue"),
    ],
)
def test_bad_options_are_refused(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Options(**options).validate()


def _line(*keys):
    return {
        ("languagetool",): 3,
        ("languagetool", "heap"): 4,
        ("languagetool", "url"): 5,
        ("languagetool", "bogus"): 6,
        ("languagetool", "public_api"): 7,
        ("languagetool", "jvm_options"): 8,
    }.get(keys)


@pytest.mark.parametrize(
    "section, message, line",
    [
        ({"bogus": 1}, 'unknown key "bogus"', 6),
        ({"heap": "lots"}, "should look like 512m or 2g", 4),
        ({"heap": 2}, "should be a string", 4),
        ({"url": "localhost:8081"}, "should start with http", 5),
        ({"url": "http://x/", "public_api": True}, "either", 7),
        ({"public_api": "yes"}, "true or false", 7),
        ({"jvm_options": "-Xss1m Main"}, "should be JVM options", 8),
        ({"jvm_options": "-Dx='unbalanced"}, "should be JVM options", 8),
    ],
)
def test_languagetool_section_is_validated_with_lines(
    section: dict, message: str, line: int
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        validate_section(section, "cfg.yaml", _line)
    assert caught.value.line == line and str(caught.value).startswith(f"cfg.yaml:{line}:")


def test_jvm_arguments_tuned_by_default_and_configurable() -> None:
    from newslint.grammar.server import jvm_arguments

    default = jvm_arguments(from_mapping({}))
    assert default[0] == "-Xmx1g" and "-XX:+UseParallelGC" in default
    assert "-Dsun.net.httpserver.nodelay=true" in default  # ~40 ms per request otherwise
    custom = jvm_arguments(from_mapping({"heap": "2g", "jvm_options": "-XX:+UseG1GC -Xss2m"}))
    assert custom[:3] == ["-Xmx2g", "-XX:+UseG1GC", "-Xss2m"] and "-XX:+UseParallelGC" not in custom
    assert "-XX:+UseParallelGC" not in jvm_arguments(from_mapping({"jvm_options": ""}))


def test_settings_defaults_keep_drafts_local() -> None:
    settings = from_mapping({})
    assert settings.url == "" and settings.public_api is False and settings.download is False


class FakeBackend:
    """Answers like LanguageTool would (UTF-16 offsets); the real one is tested against a server."""

    def __init__(self, answers: dict[str, list[dict]]):
        self.answers = answers

    def results(self, requests):
        return [self.answers.get(text, []) for text, _ in requests]


def _match(text: str, word: str, rule: str, category: str, issue: str, occurrence: int = 0) -> dict:
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(word, index + 1)
    return {
        "offset": utf16_offset(text, index),
        "length": utf16_offset(word, len(word)),
        "message": "Message.",
        "replacements": ["X"],
        "rule": {"id": rule, "issueType": issue, "category": {"id": category}},
    }


def test_vocabulary_proper_nouns_and_severities_with_a_fake_backend() -> None:
    text = "😀 Ouchakov et Zorglub ont lu le bouquinn et le datajournalismme."
    document = load("a.txt", text.encode())
    answers = {
        text: [
            _match(text, "Ouchakov", "FR_SPELLING_RULE", "TYPOS", "misspelling"),
            _match(text, "Zorglub", "FR_SPELLING_RULE", "TYPOS", "misspelling"),
            _match(text, "bouquinn", "FR_SPELLING_RULE", "TYPOS", "misspelling"),
            _match(text, "datajournalismme", "FR_SPELLING_RULE", "TYPOS", "misspelling"),
            _match(text, "lu le", "SOME_GRAMMAR", "CAT_GRAMMAIRE", "uncategorized"),
        ]
    }
    context = Context(
        vocabulary=("Ouchakov", "datajournalismme"), grammar=FakeBackend(answers), rule_id="grammar"
    )
    found = list(check(document, Options(), context))
    assert [(text[f.start : f.end], f.rule, str(f.severity)) for f in found] == [
        ("bouquinn", "grammar/FR_SPELLING_RULE", "warning"),
        ("lu le", "grammar/SOME_GRAMMAR", "error"),
    ]
    found = list(check(document, Options(spelling_proper_nouns=True), context))
    assert sorted(text[f.start : f.end] for f in found) == ["Zorglub", "bouquinn", "lu le"]
    found = list(check(document, Options(spelling=False), context))
    assert [text[f.start : f.end] for f in found] == ["lu le"]
    assert found[0].fix is not None and not found[0].fix.safe  # suggestions, never auto-applied


# -- cache ---------------------------------------------------------------------------------


def test_cache_key_covers_text_version_and_options() -> None:
    base = cache_key("Texte.", "6.8", {"language": "fr"})
    assert base == cache_key("Texte.", "6.8", {"language": "fr"})
    assert base != cache_key("Texte !", "6.8", {"language": "fr"})
    assert base != cache_key("Texte.", "6.9", {"language": "fr"})
    assert base != cache_key("Texte.", "6.8", {"language": "fr", "level": "picky"})


def test_cache_round_trip_trim_and_clear(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c.sqlite3", max_entries=10)
    cache.put_many({f"k{i}": [{"offset": i}] for i in range(25)})
    assert cache.get_many(["k3", "nope"]) == {"k3": [{"offset": 3}]}
    assert cache.trim() == 15
    assert cache.stats()[0] == 10
    assert cache.get_many(["k24"]) == {"k24": [{"offset": 24}]}  # the newest stay
    assert cache.clear() == 10 and cache.stats()[0] == 0


def _writer(path: str, start: int) -> None:
    cache = ResultCache(Path(path))
    for i in range(start, start + 200):
        cache.put_many({f"k{i}": [{"offset": i}]})
        cache.get_many([f"k{i - 1}"])


def test_cache_is_safe_for_concurrent_runs(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite3")
    ResultCache(Path(path))
    processes = [
        multiprocessing.get_context("spawn").Process(target=_writer, args=(path, n * 1000))
        for n in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    assert ResultCache(Path(path)).stats()[0] == 800


# -- provisioning errors ---------------------------------------------------------------------


def test_install_without_java_or_maven_says_how_to_fix(tmp_path: Path) -> None:
    env = {
        "NEWSLINT_LANGUAGETOOL_HOME": str(tmp_path / "lt"),
        "PATH": str(tmp_path / "bin"),
        "JAVA_HOME": "",
    }
    process = run_newslint("languagetool", "install", env=env)
    assert process.returncode == 3
    assert "Java not found" in process.stderr.decode() and "openjdk" in process.stderr.decode()
    if os.path.exists("/usr/bin/java"):
        (tmp_path / "bin").mkdir()
        (tmp_path / "bin" / "java").symlink_to("/usr/bin/java")
        process = run_newslint("languagetool", "install", env=env)
        assert process.returncode == 3
        assert "Maven (mvn) not found" in process.stderr.decode()


def test_old_java_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "java"
    fake.write_text("#!/bin/sh\necho 'java version \"1.8.0_292\"' >&2\n")
    fake.chmod(0o755)
    from newslint.grammar import provision

    with pytest.raises(provision.ProvisionError, match="Java 8; LanguageTool needs Java 17"):
        provision.check_java(str(fake))


def test_missing_installation_lists_the_ways(tmp_path: Path, monkeypatch) -> None:
    from newslint.grammar import provision

    monkeypatch.setenv("NEWSLINT_LANGUAGETOOL_HOME", str(tmp_path / "none"))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "none-ltp"))
    with pytest.raises(provision.ProvisionError, match="newslint languagetool install"):
        provision.find(from_mapping({}))
    with pytest.raises(provision.ProvisionError, match="holds no LanguageTool server"):
        provision.find(from_mapping({"directory": str(tmp_path)}))


def test_public_api_only_when_configured_and_with_a_warning(capsys) -> None:
    from newslint.grammar import Backend
    from newslint.grammar.settings import PUBLIC_API_URL, Settings

    backend = Backend(Settings(public_api=True))
    backend._connect()  # makes the client; sends nothing
    assert backend._client.url == PUBLIC_API_URL
    assert "drafts are sent to the public LanguageTool API" in capsys.readouterr().err
    default = Backend(Settings())
    assert default.settings.url == "" and not default.settings.public_api
