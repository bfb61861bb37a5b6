#!/usr/bin/env bash
# Refreshes the vendored front-end assets from their npm packages, at pinned versions.
# Run by hand when upgrading; the result is committed, so installs need no npm.
set -euo pipefail
USWDS=3.14.0
HTMX=2.0.11
AXE=4.14.1
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@uswds/uswds@$USWDS" "htmx.org@$HTMX" "axe-core@$AXE" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done

dest="$root/peerwell/core/static/vendor"
rm -rf "$dest"; mkdir -p "$dest/uswds/css" "$dest/uswds/js" "$dest/htmx"
u="uswds-uswds-$USWDS/package/dist"
cp "$u/css/uswds.min.css" "$dest/uswds/css/"
cp "$u/js/uswds.min.js" "$u/js/uswds-init.min.js" "$dest/uswds/js/"
# Only the files the stylesheet refers to.
grep -o 'url([^)]*)' "$u/css/uswds.min.css" | sed 's/url(//;s/)//;s/"//g' | grep '^\.\./' | sort -u |
  while read -r ref; do
    src="$u/${ref#../}"; out="$dest/uswds/${ref#../}"
    mkdir -p "$(dirname "$out")"; cp "$src" "$out"
  done
cp "$u/img/sprite.svg" "$dest/uswds/img/"
cp "uswds-uswds-$USWDS/package/LICENSE.md" "$dest/uswds/"
cp "htmx.org-$HTMX/package/dist/htmx.min.js" "htmx.org-$HTMX/package/LICENSE" "$dest/htmx/"

# axe-core is for the accessibility tests only, not served by the application.
mkdir -p "$root/tests/vendor"
cp "axe-core-$AXE/package/axe.min.js" "$root/tests/vendor/axe.min.js"
cp "axe-core-$AXE/package/LICENSE" "$root/tests/vendor/axe-core-LICENSE"
echo "vendored uswds $USWDS, htmx $HTMX, axe-core $AXE"
