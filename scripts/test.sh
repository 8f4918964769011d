#!/usr/bin/env bash
# Installs everything the tests need (newslint, test tools, a real LanguageTool server's jars
# from Maven Central) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
.venv/bin/newslint languagetool install
exec .venv/bin/python -m pytest "$@"
