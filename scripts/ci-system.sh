#!/usr/bin/env bash
# Installs the programs some tests drive, from Debian's packages, when they are missing:
# a headless Chromium and its driver (the HTML report, issue 18) and LibreOffice's Writer
# (a second, independent reader of the Word files newslint writes, issue 17).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "scripts/ci-system.sh: ${missing[*]} missing and no root to install them" >&2
  exit 1
fi
SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
echo "Installing ${missing[*]} from Debian's packages (once)..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
