#!/usr/bin/env bash
# Runs the performance benchmark (benches/audit.rs): builds the release binary, gets ripgrep
# (cargo install, pinned) and typescript.js (npm pack, pinned) if missing, then measures.
# Workloads are generated under target/bench-work/ on first use. Usage: scripts/bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools=$root/target/bench-tools
mkdir -p "$tools"
cargo build --release --locked
if command -v rg >/dev/null; then rg_bin=$(command -v rg); else
  rg_bin=$tools/bin/rg
  [ -x "$rg_bin" ] || cargo install --quiet --locked --root "$tools" ripgrep@14.1.1
fi
ts_version=5.6.3
ts=$tools/typescript-$ts_version/package/lib/typescript.js
if [ ! -f "$ts" ]; then
  mkdir -p "$tools/typescript-$ts_version"
  (cd "$tools/typescript-$ts_version" && npm pack --silent "typescript@$ts_version" >/dev/null && tar -xzf typescript-*.tgz)
fi
AUDIT_BIN=$(cd "$root" && realpath -m "${CARGO_TARGET_DIR:-target}")/release/audit RG_BIN=$rg_bin TYPESCRIPT_JS=$ts cargo bench --locked --bench audit
