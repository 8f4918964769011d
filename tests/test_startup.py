"""What keeps one small draft fast to check: a cache folder found without platformdirs, a
parsed-YAML cache that can never serve a stale configuration, and a run on a plain-text draft
that leaves the heavy optional libraries unimported (issue 2)."""

from __future__ import annotations

import json
import subprocess
import sys

import platformdirs
import pytest

from newslint import cachedir
from tests.conftest import run_newslint


@pytest.mark.parametrize("xdg", [None, "/srv/cache", "  "])
def test_cache_folder_is_platformdirs_folder(monkeypatch, xdg):
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cachedir.user_cache_dir() == platformdirs.user_cache_dir("newslint", appauthor=False)


def test_changed_configuration_is_never_served_from_the_yaml_cache(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Il est parti , hier.\n", encoding="utf-8")
    config = tmp_path / ".newslint.yaml"
    env = {"NEWSLINT_CACHE_DIR": str(tmp_path / "cache")}

    def rules_reported() -> set[str]:
        process = run_newslint("check", "--no-grammar", "--format", "json", str(draft), env=env)
        return {f["rule"] for f in json.loads(process.stdout)["files"][0]["findings"]}

    config.write_text("rules:\n  punctuation/space-before:\n    enabled: true\n", encoding="utf-8")
    assert "punctuation/space-before" in rules_reported()
    assert list((tmp_path / "cache" / "yaml").glob("*.marshal"))  # the cache was written
    config.write_text("rules:\n  punctuation/space-before:\n    enabled: false\n", encoding="utf-8")
    assert "punctuation/space-before" not in rules_reported()
    config.write_text("rules:\n  punctuation/space-before:\n    enabled: true\n", encoding="utf-8")
    assert "punctuation/space-before" in rules_reported()


def test_plain_text_draft_leaves_heavy_libraries_unimported(tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text(
        "Le président a parlé mardi , a indiqué la Maison Blanche.\n", encoding="utf-8"
    )
    probe = (
        "import sys\n"
        "from newslint.cli import main\n"
        "sys.argv = ['newslint', 'check', '--no-grammar', sys.argv[1]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['markdown_it', 'yaml', 'platformdirs', 'hashlib', 'multiprocessing',\n"
        "         'language_tool_python', 'requests', 'py3langid', 'numpy']\n"
        "print('imported:', *[name for name in heavy if name in sys.modules])\n"
    )
    run_newslint("check", "--no-grammar", str(draft))  # fills the parsed-YAML cache
    process = subprocess.run(
        [sys.executable, "-c", probe, str(draft)], capture_output=True, text=True
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.splitlines()[-1] == "imported:"


def test_capital_class_is_written_as_its_cheap_complement():
    """``names.mentions`` writes its class of capitals as a complement, which ``re`` compiles
    twenty times faster: it must be the very same set of characters."""
    import re

    from newslint.names.mentions import _FROM_CAPITAL

    intended = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\u1fff\u2100-\U0010ffff]")
    written = re.compile(_FROM_CAPITAL.pattern.split("]", 1)[0] + "]")
    assert all(bool(intended.match(chr(c))) == bool(written.match(chr(c))) for c in range(0x110000))
