#!/usr/bin/env bash
# Provisions LanguageTool for CI (issue 5) and makes the LanguageTool tests mandatory.
#
#   scripts/ci-languagetool.sh [PYTHON]        # default: .venv/bin/python
#
# `newslint languagetool install` fetches the pinned LanguageTool (server + French) with
# Maven from Maven Central, using the POM shipped in the package. Maven keeps what it
# downloads in ~/.m2/repository and newslint its copy in ~/.cache/newslint/languagetool/:
# where the CI machine keeps those folders between runs (cache key: the POM,
# src/newslint/grammar/languagetool-pom.xml), a run fetches nothing and takes seconds.
# Source this script's last line's variable into the test run: with
# NEWSLINT_REQUIRE_LANGUAGETOOL=1 a missing LanguageTool fails the tests instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
if [ -d "$HOME/.m2/repository/org/languagetool" ]; then
  echo "Maven cache ~/.m2 already holds LanguageTool artifacts: reusing them"
fi
"$PY" -m newslint languagetool install
"$PY" -m newslint languagetool status
