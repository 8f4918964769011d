"""Start-up of a one-draft run (issue 20): a configuration imports the check modules of the
kinds it uses, not all of them. Speed itself is measured by benchmarks/core.py, not here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_kind_home_table_is_exact() -> None:
    from newslint import checks

    registered = {}
    for name, kind in checks.kinds().items():
        if kind.check.__module__.startswith("newslint.checks."):  # not kinds tests register
            registered[name] = kind.check.__module__.rsplit(".", 1)[-1]
    assert registered == checks.KIND_HOME


def test_a_four_rule_configuration_imports_only_its_kinds(tmp_path: Path) -> None:
    (tmp_path / ".newslint.yaml").write_text(
        "extends: []\nrules:\n  house/repetition:\n    kind: repetition\n"
        "  house/longues:\n    kind: sentence-length\n",
        encoding="utf-8",
    )
    (tmp_path / "a.md").write_text("Le le maire a parlé.\n", encoding="utf-8")
    code = (
        "import sys, runpy\n"
        "sys.argv = ['newslint', 'check', '--no-grammar', 'a.md']\n"
        "try:\n    from newslint.cli import main\n    main()  # main, not the console script's entry: that ends the process\n"
        "except SystemExit as exit:\n    code = exit.code\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('newslint.checks.'))\n"
        "print('LOADED', ' '.join(loaded))\n"
    )
    process = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True)
    line = next(text for text in process.stdout.decode().splitlines() if text.startswith("LOADED"))
    loaded = set(line.split()[1:])
    assert "newslint.checks.repetition" in loaded and "newslint.checks.sentence_length" in loaded
    assert "newslint.checks.names" not in loaded and "newslint.checks.quotes" not in loaded, loaded
    assert "style/repetition" not in process.stdout.decode()
    assert "house/repetition" in process.stdout.decode()
