"""Issue 14: several paragraphs per LanguageTool request, without its text-level rules.

Grouping never changes a paragraph's matches (each is split back to its paragraph, offsets
relative to it), the per-paragraph cache stays valid, and fr-grammar turns off exactly what the
server marks text-level.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_newslint

ROOT = Path(__file__).resolve().parents[1]


def _match(offset: int, length: int, rule: str = "R") -> dict:
    return {
        "offset": offset,
        "length": length,
        "message": "m",
        "replacements": [{"value": "x"}],
        "rule": {"id": rule, "category": {"id": "C", "name": "c"}},
    }


def test_matches_are_split_back_to_their_paragraph_in_utf16_units() -> None:
    from newslint.grammar import split_matches

    texts = ["😀 un", "deux trois"]  # the emoji counts two UTF-16 units
    # "😀 un\n\ndeux trois": "deux" starts at 2 + 3 + 2 = 7, "trois" at 12.
    split = split_matches([_match(3, 2, "A"), _match(12, 5, "B")], texts)
    assert [[(m["rule"]["id"], m["offset"], m["length"]) for m in p] for p in split] == [
        [("A", 3, 2)],
        [("B", 5, 5)],
    ]
    assert split_matches([_match(4, 4)], texts) is None  # across the break: asked one by one


def test_groups_are_bounded_and_only_for_the_grouped_mode() -> None:
    from newslint.grammar import GROUP_CHARS, GROUP_PARAGRAPHS, group

    grouped = {"language": "fr", "mode": "allButTextLevelOnly"}
    every = {"language": "fr"}
    items = [(f"k{i}", (f"Paragraphe {i}. " * 20, grouped)) for i in range(200)]
    items += [(f"a{i}", ("Un autre.", every)) for i in range(3)]
    batches = group(items, workers=2)
    assert sorted(key for batch in batches for key, _ in batch) == sorted(k for k, _ in items)
    assert all(len(batch) == 1 for batch in batches if batch[0][1][1] is every)
    many = [batch for batch in batches if batch[0][1][1] is grouped]
    assert len(many) < 200 and all(len(b) <= GROUP_PARAGRAPHS for b in many)
    assert all(sum(len(t) + 2 for _, (t, _) in b) <= GROUP_CHARS for b in many if len(b) > 1)


def test_fr_grammar_sends_the_grouped_mode() -> None:
    from newslint.checks.grammar import Options, request_params

    rule = yaml.safe_load((ROOT / "rules" / "fr-grammar.yaml").read_text())["rules"]["grammar"]
    assert request_params(Options(**rule["options"]), "fr")["mode"] == "allButTextLevelOnly"
    assert "mode" not in request_params(Options(text_level_rules=True), "fr")


# -- against the real server -------------------------------------------------------------

PARAGRAPHS = [
    "Le président a dit qu'il a manger avec les enfant.",
    "il pleut depuis ce matin sur la ville et les rues sont inondées.",
    "Les élèves a pris leurs cahiers. Ils ont dire au revoir.",
    "😀 Un café\u0301 a été servi : les invité sont arrivés en retard.",
    "La réunion aura lieu demain à dix heures dans la grande salle.",
] * 3


@pytest.mark.languagetool
def test_text_level_rules_off_in_fr_grammar_are_the_servers(lt_server) -> None:
    process = run_newslint("languagetool", "rules", "--text-level", env=lt_server.env)
    assert process.returncode == 0, process.stderr
    server_ids = set(process.stdout.decode().split())
    assert {"UPPERCASE_SENTENCE_START", "FR_REPEATEDWORDS", "REP_PRECISER"} <= server_ids
    rule = yaml.safe_load((ROOT / "rules" / "fr-grammar.yaml").read_text())["rules"]["grammar"]
    assert server_ids <= set(rule["options"]["disabled_rules"])


@pytest.mark.languagetool
def test_grouped_requests_equal_one_request_per_paragraph(lt_server, tmp_path, monkeypatch) -> None:
    import requests

    from newslint.checks.grammar import Options, request_params
    from newslint.grammar import Backend, slim
    from newslint.grammar.settings import Settings

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path / "cache"))
    rule = yaml.safe_load((ROOT / "rules" / "fr-grammar.yaml").read_text())["rules"]["grammar"]
    params = request_params(Options(**rule["options"]), "fr")
    texts = [f"{p} ({i})" for i, p in enumerate(PARAGRAPHS)]
    backend = Backend(Settings(url=lt_server.url, concurrency=2))
    grouped = backend.results([(t, params) for t in texts])
    assert backend.stats["requests"] < len(texts) / 3
    alone = [
        [
            slim(m)
            for m in requests.post(
                lt_server.url + "v2/check", timeout=120, data={**params, "mode": "all", "text": t}
            ).json()["matches"]
        ]
        for t in texts
    ]
    assert grouped == alone
    assert any(m["rule"]["id"] == "R_VAVOIR_VINF" for m in grouped[0])
    backend.close()

    # The cache stays per paragraph: a new run with one paragraph changed asks for that one.
    again = Backend(Settings(url=lt_server.url, concurrency=2))
    changed = [*texts[:-1], "Les enfant sont partis."]
    answers = again.results([(t, params) for t in changed])
    assert again.stats["disk"] == len(texts) - 1 and again.stats["server"] == 1
    assert answers[:-1] == grouped[:-1]
    again.close()


@pytest.mark.languagetool
def test_no_text_level_match_from_languagetool(tmp_path: Path, lt_server) -> None:
    from test_languagetool import check, findings, setup

    env = setup(tmp_path, lt_server, {"a.txt": "\n\n".join(PARAGRAPHS[:5]) + "\n"})
    code, data, stderr = check(tmp_path, env, "--select", "grammar", "a.txt")
    assert code == 1, stderr
    rules = {f["rule"] for f in findings(data)}
    assert "grammar/R_VAVOIR_VINF" in rules
    assert "grammar/UPPERCASE_SENTENCE_START" not in rules
