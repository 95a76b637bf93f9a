#!/usr/bin/env bash
# Validates audit's SARIF with Microsoft's SARIF Multitool (SARIF schema + GitHub ingestion
# rules) and fails on any error or warning. Installs the pinned Multitool from the npm
# registry into target/multitool on first use. Usage: scripts/validate-sarif.sh [AUDIT_BIN]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=5.7.0
audit=${1:-$root/target/debug/audit}
dir=$root/target/multitool
mt=$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$mt" ]; then
  mkdir -p "$dir"
  npm install --silent --no-save --prefix "$dir" "@microsoft/sarif-multitool-linux@$version" >/dev/null
  chmod +x "$mt"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
# Every fixture project: findings of every code and severity, JSON and XML manifests.
"$audit" fixtures/projects --format sarif --output "$tmp/audit.sarif" --fail-on never >/dev/null
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$mt" validate --rule-kind "Sarif;Gh" \
  "$tmp/audit.sarif" -o "$tmp/validation.sarif" >/dev/null
python3 - "$tmp/validation.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
bad = [r for run in log["runs"] for r in run.get("results", [])
       if r.get("level", "warning") in ("error", "warning")]
for r in bad:
    print(f'{r["ruleId"]} {r.get("level", "warning")}: {r["message"]}', file=sys.stderr)
if bad:
    sys.exit(f"SARIF validation: {len(bad)} error(s)/warning(s)")
print("SARIF validation: 0 errors, 0 warnings (Sarif;Gh rules)")
PY
