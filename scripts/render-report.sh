#!/usr/bin/env bash
# Renders an output folder's report.html to PNG images (one per page) with headless
# Chromium, so that anyone can look at a report without a browser at hand.
#
# Usage: scripts/render-report.sh OUTPUT_DIR [PNG_PREFIX]
#   writes PNG_PREFIX-1.png, PNG_PREFIX-2.png, ... (default OUTPUT_DIR/report-page)
# Needs Chromium and pdftoppm: apt-get install chromium poppler-utils (Debian, Ubuntu).
set -euo pipefail
folder="${1:?usage: scripts/render-report.sh OUTPUT_DIR [PNG_PREFIX]}"
prefix="${2:-$folder/report-page}"
report="$(cd "$folder" && pwd)/report.html"
[ -f "$report" ] || { echo "no report.html in $folder" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "Chromium is not installed: apt-get install chromium" >&2; exit 1; }
command -v pdftoppm > /dev/null || { echo "pdftoppm is not installed: apt-get install poppler-utils" >&2; exit 1; }

pdf="$(mktemp --suffix=.pdf)"
trap 'rm -f "$pdf"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --run-all-compositor-stages-before-draw \
    --print-to-pdf="$pdf" "file://$report" 2> /dev/null
pdftoppm -png -r 90 "$pdf" "$prefix"
ls "$prefix"-*.png
# Pages written inside the output folder join its manifest, so that a later run may
# replace them with the rest of the folder (gato replaces only files it lists there).
manifest="$folder/.gato-manifest"
if [ -f "$manifest" ] && [ "$(head -n 1 "$manifest")" = "gato-manifest 1" ]; then
    root="$(cd "$folder" && pwd)"
    pages=()
    for page in "$prefix"-*.png; do
        page="$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
        case "$page" in "$root"/*) pages+=("${page#"$root"/}") ;; esac
    done
    if [ ${#pages[@]} -gt 0 ]; then
        updated="$(mktemp "$folder/.gato-manifest.XXXXXX")"
        { echo "gato-manifest 1"; { tail -n +2 "$manifest"; printf '%s\n' "${pages[@]}"; } | LC_ALL=C sort -u; } > "$updated"
        mv "$updated" "$manifest"
    fi
fi
