#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests, image export and the
# bench; with --office, also the readers the tests open outputs with, as people do: LibreOffice
# Impress and Calc (soffice: decks, CSV files), poppler-utils (pdftotext, pdfinfo, pdftoppm) and
# tesseract (the words in an image's pixels), and HAProxy (the failover test's load balancer).
# Playwright's own browser download cannot work on these machines, so the browser comes from apt.
# Quick and silent when everything is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=()
[ -x "$CHROMIUM" ] || PACKAGES+=(chromium fonts-dejavu-core)
if [ "${1:-}" = "--office" ]; then
  command -v soffice >/dev/null 2>&1 || PACKAGES+=(libreoffice-impress)
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || PACKAGES+=(libreoffice-calc)
  command -v pdfinfo >/dev/null 2>&1 || PACKAGES+=(poppler-utils)
  command -v tesseract >/dev/null 2>&1 || PACKAGES+=(tesseract-ocr tesseract-ocr-eng)
  [ -x /usr/sbin/haproxy ] || PACKAGES+=(haproxy)
fi

if [ ${#PACKAGES[@]} -eq 0 ]; then
  exit 0
fi

fail() {
  echo "install-browser.sh: $*" >&2
  echo "install-browser.sh: install them by hand with: apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "${PACKAGES[*]} missing and apt-get is not available (the tests expect Debian/Ubuntu)."
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  fail "${PACKAGES[*]} missing; installing them needs root, and sudo is not available."
fi

echo "install-browser.sh: installing ${PACKAGES[*]} with apt-get" >&2
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
if [ "${1:-}" = "--office" ]; then
  command -v soffice >/dev/null 2>&1 || fail "apt-get finished but soffice is still missing."
  command -v pdfinfo >/dev/null 2>&1 || fail "apt-get finished but pdfinfo is still missing."
  command -v tesseract >/dev/null 2>&1 || fail "apt-get finished but tesseract is still missing."
  [ -x /usr/sbin/haproxy ] || fail "apt-get finished but /usr/sbin/haproxy is still missing."
fi
