#!/usr/bin/env bash
# axe-core (the accessibility checker the browser tests inject into each page), from the npm
# registry, unpacked to .cache/axe-core/. Quick and silent when it is already there.
set -euo pipefail
VERSION=4.14.1
DEST=.cache/axe-core
[ -f "$DEST/$VERSION/axe.min.js" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "fetch-axe.sh: npm is needed to fetch axe-core" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null && tar xzf "axe-core-$VERSION.tgz")
mkdir -p "$DEST/$VERSION"
cp "$work/package/axe.min.js" "$DEST/$VERSION/axe.min.js"
echo "fetch-axe.sh: axe-core $VERSION in $DEST/$VERSION" >&2
