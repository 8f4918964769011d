#!/usr/bin/env bash
# Installs everything the tests need (newslint, test tools, a real LanguageTool server's jars
# from Maven Central) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
scripts/ci-languagetool.sh .venv/bin/python
scripts/ci-system.sh
# LanguageTool tests fail (not skip) when LanguageTool is missing: a check that could not run
# is never reported as passing.
# The same for Chromium and LibreOffice (NEWSLINT_REQUIRE_TOOLS), and for ../shared, the corpus
# and references CI clones beside the project (NEWSLINT_REQUIRE_SHARED).
NEWSLINT_REQUIRE_LANGUAGETOOL=1 NEWSLINT_REQUIRE_TOOLS=1 NEWSLINT_REQUIRE_SHARED=1 \
  exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
