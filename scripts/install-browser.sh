#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests and the bench.
# Playwright's own browser download cannot work on these machines, so the browser comes from apt.
# Quick and silent when it is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

fail() {
  echo "install-browser.sh: $*" >&2
  echo "install-browser.sh: install it by hand with: apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "$CHROMIUM is missing and apt-get is not available (the tests expect Debian/Ubuntu)."
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  fail "$CHROMIUM is missing; installing it needs root, and sudo is not available."
fi

echo "install-browser.sh: $CHROMIUM is missing: installing ${PACKAGES[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run (e.g. an unattended install) instead of failing on its lock.
APT_OPTS=(-o DPkg::Lock::Timeout=300 -o APT::Get::Assume-Yes=true)
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" update \
  || fail "apt-get update failed."
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y \
  --no-install-recommends "${PACKAGES[@]}" \
  || fail "apt-get install ${PACKAGES[*]} failed."

[ -x "$CHROMIUM" ] || fail "apt-get finished but $CHROMIUM is still missing."
"$CHROMIUM" --version 2>/dev/null | grep -i chromium >&2 || fail "$CHROMIUM does not run."
