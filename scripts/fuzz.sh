#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ (cargo-fuzz, nightly), each for SECONDS (default 600),
# two at a time, seeded with this repository's fixtures. New inputs go to fuzz/corpus/<target>
# (not committed); crashes to fuzz/artifacts/<target>. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(manifest_xml manifest_json html_scripts js_scan regions)
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
cd "$root/fuzz"
mkdir -p logs
run() {
  mkdir -p "corpus/$1"
  cargo +nightly fuzz run -O "$1" "corpus/$1" "$root/fixtures" -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=8192 >"logs/$1.log" 2>&1
  echo "$1: $(grep -h '^Done' "logs/$1.log" || echo 'FAILED, see fuzz/logs/'"$1"'.log')"
}
cargo +nightly fuzz build -O
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[$i]}" &
  if [ $((i + 1)) -lt ${#targets[@]} ]; then run "${targets[$((i + 1))]}" & fi
  wait
done
