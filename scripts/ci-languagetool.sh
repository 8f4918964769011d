#!/usr/bin/env bash
# Provisions LanguageTool for CI (issue 5) and makes the LanguageTool tests mandatory.
#
#   scripts/ci-languagetool.sh [PYTHON]        # default: .venv/bin/python
#
# `newslint languagetool install` fetches the pinned LanguageTool (server + French) with
# Maven from Maven Central, using the POM shipped in the package. Maven keeps what it
# downloads in newslint's cache, ~/.cache/newslint/maven (-Dmaven.repo.local; not ~/.m2, unless
# MAVEN_OPTS sets it), and newslint its copy in ~/.cache/newslint/languagetool/:
# where the CI machine keeps those folders between runs (cache key: the POM,
# src/newslint/grammar/languagetool-pom.xml), a run fetches nothing and takes seconds.
# Source this script's last line's variable into the test run: with
# NEWSLINT_REQUIRE_LANGUAGETOOL=1 a missing LanguageTool fails the tests instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
CACHE=${NEWSLINT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/newslint}
if [ -d "$CACHE/maven/org/languagetool" ]; then
  echo "Maven repository $CACHE/maven already holds LanguageTool artifacts: reusing them"
fi
"$PY" -m newslint languagetool install
"$PY" -m newslint languagetool status
