#!/usr/bin/env bash
# Installs newslint, and LanguageTool when Java 17+ and Maven are there, then checks the
# bundled example draft. Without them the demo still shows every finding but grammar and
# spelling, and says in one line how to add them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh demo
grammar=()
if ! .venv/bin/newslint languagetool install; then
  grammar=(--no-grammar)
  echo "Grammar and spelling skipped: they need Java 17+ and Maven (e.g. apt-get install default-jre-headless maven), then run: .venv/bin/newslint languagetool install"
fi
echo
set +e
.venv/bin/newslint check "${grammar[@]}" examples/brouillon.md
code=$?
set -e
echo
echo "newslint exited with code $code (1 = findings at or above --fail-on; see README, Exit codes)."
echo "To call newslint yourself: source .venv/bin/activate (or install it for your account: pipx install .)"
[ "$code" -le 1 ]
