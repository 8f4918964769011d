"""Names that generalise (issue 13): the suggestion's direction from maintained data, short
names let in on evidence, false pairs kept out on evidence. Each draft goes through the
real CLI, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_json


def _findings(tmp_path: Path, text: str, *extra: str) -> list[tuple[str, list[str], str]]:
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-names]\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    _, data = run_json("--select", "names/variants", *extra, "draft.txt", cwd=tmp_path)
    return [
        (f["text"], f["suggestions"], f["message"])
        for file in data["files"]
        for f in file["findings"]
        if f["rule"] == "names/variants"
    ]


def test_tie_points_at_the_form_wordfreq_knows(tmp_path):
    # Once each, the misspelling written first: the lexicon, not the order, decides.
    found = _findings(
        tmp_path,
        "Le dirigeant nazi Hilter est mort en 1945. Le livre sur Hitler paraît demain.\n",
    )
    assert [(text, suggestions) for text, suggestions, _ in found] == [("Hilter", ["Hitler"])]


def test_tie_in_a_compound_is_judged_on_the_part_that_differs(tmp_path):
    found = _findings(
        tmp_path,
        "La maire de Villeneuse-sur-Yonne parle. Villeneuve-sur-Yonne est calme.\n",
    )
    assert [(text, suggestions) for text, suggestions, _ in found] == [
        ("Villeneuse-sur-Yonne", ["Villeneuve-sur-Yonne"])
    ]


def test_majority_of_one_misspelling_points_at_the_known_form(tmp_path):
    found = _findings(
        tmp_path,
        "Le dictateur Hilter a parlé. Hilter a insisté. Mais Hitler a fini par céder.\n",
    )
    assert [(text, suggestions) for text, suggestions, _ in found] == [
        ("Hilter", ["Hitler"]),
        ("Hilter", ["Hitler"]),
    ]


def test_majority_of_one_of_two_attested_names_stands(tmp_path):
    # « Altice » (a firm) is attested: a majority of one is not overturned by « Alice ».
    found = _findings(
        tmp_path,
        "Le groupe Altice a parlé. Altice a insisté. Puis Alice a répondu.\n",
    )
    assert all(text != "Altice" for text, _, _ in found)


def test_a_compound_of_two_french_words_gives_no_direction(tmp_path):
    # Two forms of one common word (« Grands » / « Grand »), in no list of places: the
    # commoner form says nothing (a place's name does: tests/test_accuracy_names.py).
    found = _findings(
        tmp_path,
        "Le quartier des Grands-Champs vote. Le Grand-Champs a choisi.\n",
    )
    assert [(text, suggestions) for text, suggestions, _ in found] in (
        [("Grand-Champs", [])],
        [("Grands-Champs", [])],
    )


def test_a_large_majority_is_the_drafts_own_word(tmp_path):
    found = _findings(
        tmp_path,
        "Nicole Bricq a parlé. Nicole Bricq a insisté. Bricq a conclu, et Bricq est partie. "
        "Nicole Bric reviendra.\n",
    )
    assert [(text, suggestions) for text, suggestions, _ in found] == [("Bric", ["Bricq"])]


def test_tie_with_no_evidence_is_reported_without_a_suggestion(tmp_path):
    found = _findings(
        tmp_path,
        "Le général Eduardo Pazuelo a signé. Le général Eduardo Pazuello a confirmé.\n",
    )
    assert len(found) == 1
    text, suggestions, message = found[0]
    assert suggestions == []
    assert "Pazuelo" in message and "Pazuello" in message and "laquelle" in message


def test_short_name_let_in_when_the_other_form_is_well_known_and_this_one_nowhere(tmp_path):
    found = _findings(tmp_path, "Le journal Charlie Habdo paraît. Charlie Hebdo a répondu.\n")
    assert [(text, suggestions) for text, suggestions, _ in found] == [("Habdo", ["Hebdo"])]


def test_short_names_of_known_forms_stay_out(tmp_path):
    assert _findings(tmp_path, "Sébastien Yuki et Marie Yuka ont gagné. Yuki a remercié.\n") == []


def test_covid_misspelt_beside_the_same_number(tmp_path):
    found = _findings(
        tmp_path, "Le Covid-19 progresse. Les cas de Covid-19 et de Convid-19 montent.\n"
    )
    assert [(text, suggestions) for text, suggestions, _ in found] == [("Convid-19", ["Covid-19"])]


def test_different_first_names_make_different_people(tmp_path):
    assert (
        _findings(
            tmp_path,
            "Paul Hubert a témoigné. Ensuite Jessica Hubbert a parlé, "
            "puis Paul Hubert est parti.\n",
        )
        == []
    )


def test_german_plural_beside_its_singular(tmp_path):
    # Both attested words (wordfreq, German): a plural, even beside the same name.
    assert (
        _findings(
            tmp_path,
            "Le parti Die Linke a gagné. Les élus de Die Linken ont voté. Die Linke gouverne.\n",
        )
        == []
    )


def test_first_run_builds_nothing(tmp_path):
    """The word table ships in the package: a user's first check, with an empty cache,
    builds no table (it took 30 s and 48 MB) and does not import wordfreq."""
    cache = tmp_path / "cache"
    (tmp_path / "draft.txt").write_text(
        "Joe Biden a parlé mardi. Baiden a insisté, a dit Biden.\n", encoding="utf-8"
    )
    from tests.conftest import run_newslint

    process = run_newslint(
        "check",
        "--no-grammar",
        "draft.txt",
        cwd=tmp_path,
        env={"NEWSLINT_CACHE_DIR": str(cache), "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert process.returncode == 1, process.stderr
    assert b"Baiden" in process.stdout
    assert "wordfreq" not in process.stderr.decode("utf-8")
    assert not (cache / "lexicon").exists()


def test_across_files_the_other_drafts_settle_a_tie(tmp_path):
    (tmp_path / ".newslint.yaml").write_text("extends: [fr-names]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        "Le général Eduardo Pazuelo a signé. Le général Eduardo Pazuello a confirmé.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Le ministre Pazuello a parlé. Selon Pazuello, tout va bien.\n", encoding="utf-8"
    )
    alone = run_json("--select", "names/variants", "a.txt", cwd=tmp_path)[1]
    assert [f["suggestions"] for f in alone["files"][0]["findings"]] == [[]]
    _, data = run_json(
        "--select", "names/variants", "--across-files", "a.txt", "b.txt", cwd=tmp_path
    )
    found = [
        (file["path"], f["text"], f["suggestions"])
        for file in data["files"]
        for f in file["findings"]
    ]
    assert found == [("a.txt", "Pazuelo", ["Pazuello"])]


def test_the_registry_settles_a_tie(tmp_path):
    # The registry is the authority: names/variants leaves the form to names/registry,
    # which suggests the accepted spelling even on a tie nothing else decides.
    (tmp_path / ".newslint.yaml").write_text(
        "extends: [fr-names]\nnames:\n  - Eduardo Pazuello\n", encoding="utf-8"
    )
    (tmp_path / "a.txt").write_text(
        "Le général Pazuelo a signé. Le général Pazuello a confirmé.\n", encoding="utf-8"
    )
    _, data = run_json("--select", "names", "a.txt", cwd=tmp_path)
    found = [(f["rule"], f["text"], f["suggestions"]) for f in data["files"][0]["findings"]]
    assert ("names/variants", "Pazuelo", ["Pazuello"]) in found or (
        "names/registry",
        "Pazuelo",
        ["Pazuello"],
    ) in found
    assert all(f[2] for f in found)  # every finding suggests the registry's form


def test_titles_of_different_genders_make_different_people(tmp_path):
    text = "Selon M. Hubert, tout va bien. Mme Hubbert a répondu. M. Hubert est parti.\n"
    assert _findings(tmp_path, text) == []
    # The same title: one person's name written two ways.
    same = "Selon M. Hubert, tout va bien. M. Hubbert a répondu. M. Hubert est parti.\n"
    assert [text for text, _, _ in _findings(tmp_path, same)] == ["Hubbert"]
