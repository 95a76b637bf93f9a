#!/usr/bin/env bash
# Keeps the npm packages' versions equal to Cargo.toml's: the launcher, each platform
# package, and the launcher's optionalDependencies on them. `--check` changes nothing and
# fails when they differ (run in .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || { echo "npm-version: no version in Cargo.toml" >&2; exit 2; }
VERSION="$version" MODE="${1:-write}" node - <<'JS'
const fs = require("node:fs");
const path = require("node:path");
const version = process.env.VERSION;
const check = process.env.MODE === "--check";
const files = ["npm/addin-audit/package.json"].concat(
  fs.readdirSync("npm/platforms").map((p) => path.join("npm/platforms", p, "package.json")),
);
let stale = [];
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const pkg = JSON.parse(text);
  pkg.version = version;
  for (const dep of Object.keys(pkg.optionalDependencies || {})) {
    pkg.optionalDependencies[dep] = version;
  }
  const next = JSON.stringify(pkg, null, 2) + "\n";
  if (next !== text) {
    stale.push(file);
    if (!check) fs.writeFileSync(file, next);
  }
}
if (check && stale.length) {
  console.error(`npm-version: not at Cargo.toml's ${version}: ${stale.join(", ")}; run scripts/npm-version.sh`);
  process.exit(1);
}
if (!check) console.log(`npm packages at ${version}${stale.length ? ` (updated ${stale.length})` : ""}`);
JS
