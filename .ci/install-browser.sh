#!/usr/bin/env bash
# Installs Debian's Chromium for the report's browser check (test/e2e/browser.test.ts drives it
# with playwright-core, which never downloads a browser of its own). Idempotent and quiet.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get > /dev/null 2>&1; then
  echo "install-browser: no apt-get here; the browser check will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium > /dev/null
/usr/bin/chromium --version
