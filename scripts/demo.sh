#!/usr/bin/env bash
# Installs newslint and LanguageTool, then checks the bundled example draft.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh demo
.venv/bin/newslint languagetool install
set +e
.venv/bin/newslint check examples/brouillon.md
code=$?
set -e
echo
echo "newslint exited with code $code (1 = findings at or above --fail-on; see README, Exit codes)."
[ "$code" -le 1 ]
