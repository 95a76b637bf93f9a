#!/usr/bin/env bash
# The HTML report in a real browser: renders the report of a few fixtures and opens each in
# headless Chromium (Debian's `chromium`, installed here when missing) through Playwright
# (scripts/browser/check.mjs): no console error or warning (a content-security-policy
# violation is one), no request leaving the page, nothing wider than a phone, prints, says
# what it must. Screenshots go to target/html-check/.
#   --update  also copies the shipped example's screenshot to docs/report.png (the README's picture)
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test-html: installing Debian's chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test-html: needs Chromium at $CHROMIUM (Debian: apt-get install chromium), or CHROMIUM=path" >&2
    exit 2
  fi
fi
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
npm ci --prefix scripts/browser --silent
cargo build --locked --quiet
out=target/html-check
rm -rf "$out" && mkdir -p "$out"
args=()
# name, then what its page must say
check() {
  local name=$1
  shift
  # Exit 1 (findings) is expected for some; 2 is not.
  "${CARGO_TARGET_DIR:-target}/debug/audit" "fixtures/projects/$name" --format html >"$out/$name.html" || [ $? -eq 1 ]
  [ ${#args[@]} -eq 0 ] || args+=(--)
  args+=("$out/$name.html" "$out/$name.png" "$@")
}
check summarize-email "Summarize Email" "Tier: over-privileged" "What it asks for and does not use" "Office.MessageRead.subject"
check under-privileged "Tier: under-privileged" "What its code needs and the manifest does not give"
check unverified "Tier: not verified" "What the analysis could not see"
check legacy-tokens "Legacy Exchange tokens and EWS" "makeEwsRequestAsync"
check graph-naa "Graph scopes: broader than needed" "Mail.ReadWrite"
check markup-in-names '<script>alert("owned")</script>' "<img src=https://example.com/x.png>"
node scripts/browser/check.mjs "${args[@]}"
if [ "${1:-}" = --update ]; then
  mkdir -p docs
  cp "$out/summarize-email.png" docs/report.png
  echo "test-html: docs/report.png updated"
fi
