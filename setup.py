"""Packages the top-level ``rules/`` folder into the wheel as ``newslint/rules``.

The shipped rule sets live at the repository root (where newsrooms read them), but
``extends: fr-press`` must work after a non-editable ``pip install .`` too.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithRules(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "newslint" / "rules"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted((Path(__file__).parent / "rules").glob("*.yaml")):
            self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": BuildWithRules})
