#!/usr/bin/env bash
# Creates .venv (once) and installs newslint into it: "demo" installs the package as a user
# would (pip install .), "test" installs it editable with the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
case "${1:-demo}" in
  demo) .venv/bin/python -m pip install -q --disable-pip-version-check . ;;
  test) .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' ;;
esac
