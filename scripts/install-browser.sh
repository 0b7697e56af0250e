#!/bin/sh
# Installs Debian's Chromium for the browser tests (tests/browser); Playwright downloads no browser.
# fonts-noto-cjk comes with it: without a Japanese font every character in a screenshot is a box.
set -eu
missing=''
if [ ! -x /usr/bin/chromium ]; then missing='chromium'; fi
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'; then
  missing="$missing fonts-noto-cjk"
fi
if [ -z "$missing" ]; then
  echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) and fonts-noto-cjk already installed"
  exit 0
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi
$SUDO apt-get update
# $missing is a word list on purpose: one package name per word.
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
/usr/bin/chromium --version
