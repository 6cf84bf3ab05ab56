#!/usr/bin/env bash
# Vendor GOV.UK Frontend into static/govuk/ (no Node needed at run time).
#
# Usage: scripts/vendor_govuk.sh [VERSION]      (default 6.6.0)
#
# What it does (keep static/govuk/VERSION in step with this script):
#   1. npm pack govuk-frontend@VERSION and extract it in a temp dir.
#   2. Copy dist/govuk/govuk-frontend.min.css, govuk-frontend.min.js,
#      assets/images/ and assets/manifest.json. The GDS Transport fonts are NOT copied.
#   3. Rewrite the CSS:
#        - delete the two @font-face rules for "GDS Transport";
#        - font-family:GDS Transport,arial,sans-serif -> font-family:arial,helvetica,sans-serif;
#        - url(/assets/images/...) -> url(assets/images/...)  (relative to the CSS file, so
#          ManifestStaticFilesStorage can hash and rewrite them);
#        - drop the sourceMappingURL comment (the .map files are not vendored).
#   4. Drop the trailing sourceMappingURL comment from the JS.
#   5. Fail if anything still refers to GDS Transport, fonts, absolute /assets/ paths or
#      an image that does not exist.
set -euo pipefail

VERSION="${1:-6.6.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/static/govuk"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

(cd "$TMP" && npm pack --silent "govuk-frontend@$VERSION" >/dev/null && tar xzf "govuk-frontend-$VERSION.tgz")
SRC="$TMP/package/dist/govuk"

mkdir -p "$DEST"
rm -rf "$DEST/assets"
mkdir -p "$DEST/assets"
cp -R "$SRC/assets/images" "$DEST/assets/images"
cp "$SRC/assets/manifest.json" "$DEST/assets/manifest.json"

sed -E \
  -e 's/@font-face\{font-family:"?GDS Transport"?;[^}]*\}//g' \
  -e 's/font-family:"?GDS Transport"?,arial,sans-serif/font-family:arial,helvetica,sans-serif/g' \
  -e 's#url\(/assets/images/#url(assets/images/#g' \
  -e '/^\/\*# sourceMappingURL=.*\*\/$/d' \
  "$SRC/govuk-frontend.min.css" > "$DEST/govuk-frontend.min.css"

sed -E -e 's#//\# sourceMappingURL=[^ ]*$##' \
  "$SRC/govuk-frontend.min.js" > "$DEST/govuk-frontend.min.js"

# Checks
css="$DEST/govuk-frontend.min.css"
if grep -qiE 'GDS Transport|/fonts/|woff|url\(/|sourceMappingURL' "$css"; then
  echo "ERROR: unexpected font/absolute/sourcemap reference left in $css" >&2
  grep -oiE '.{40}(GDS Transport|/fonts/|woff|url\(/|sourceMappingURL).{40}' "$css" >&2
  exit 1
fi
if grep -q sourceMappingURL "$DEST/govuk-frontend.min.js"; then
  echo "ERROR: sourceMappingURL left in JS" >&2
  exit 1
fi
grep -oE 'url\([^)]*\)' "$css" | sed -E 's/^url\("?([^")]*)"?\)$/\1/' | sort -u | while read -r ref; do
  case "$ref" in data:*|\#*) continue ;; esac
  if [ ! -f "$DEST/$ref" ]; then
    echo "ERROR: $css refers to missing file $ref" >&2
    exit 1
  fi
done

echo "GOV.UK Frontend $VERSION vendored into $DEST"
