#!/usr/bin/env bash
# Renders an Agrupa HTML report in Debian's headless Chromium, fails on console errors or network requests, and saves
# a screenshot to look at.
#   bench/report/check_report.sh REPORT.html [SCREENSHOT.png]
# Installs chromium with apt-get when it is missing. Exit 0: rendered, no console error, no fetch; 1 otherwise.
set -euo pipefail
report=${1:?usage: check_report.sh REPORT.html [SCREENSHOT.png]}
screenshot=${2:-${report%.html}-screenshot.png}
[ -f "$report" ] || { echo "check_report: no such file: $report" >&2; exit 1; }
if ! command -v chromium >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
report=$(readlink -f "$report")
screenshot=$(readlink -f "$screenshot")
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT

# A report must need nothing but itself: no http(s) reference anywhere, every image a data URI.
if grep -Eq 'https?://' "$report"; then
  echo "check_report: FAIL — the report references http(s) URLs:" >&2
  grep -Eo 'https?://[^"'"'"' )<]*' "$report" | sort -u | head >&2
  exit 1
fi
if grep -Eo '<img [^>]*src="[^"]{0,30}' "$report" | grep -v 'src="data:image/png;base64,' | grep -q .; then
  echo "check_report: FAIL — an image is not an embedded PNG data URI" >&2
  exit 1
fi

start=$(date +%s.%N)
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --screenshot="$screenshot" --window-size=1280,2000 \
  --enable-logging=stderr --v=0 "file://$report" >"$log" 2>&1 || { cat "$log" >&2; echo "check_report: FAIL — chromium exited $?" >&2; exit 1; }
end=$(date +%s.%N)

# Console messages from the page are logged as "CONSOLE(...)" lines; errors of loading resources as net::ERR_*.
if grep -E 'CONSOLE|Uncaught|net::ERR_|Failed to load resource' "$log" | grep -q .; then
  echo "check_report: FAIL — console errors or failed loads:" >&2
  grep -E 'CONSOLE|Uncaught|net::ERR_|Failed to load resource' "$log" >&2
  exit 1
fi
[ -s "$screenshot" ] || { echo "check_report: FAIL — no screenshot was written" >&2; exit 1; }
images=$(grep -o '<img ' "$report" | wc -l)
printf 'check_report: OK — %s (%s bytes, %s embedded images) rendered in %.1f s with no console error; screenshot %s\n' \
  "$report" "$(stat -c %s "$report")" "$images" "$(echo "$end - $start" | bc)" "$screenshot"
