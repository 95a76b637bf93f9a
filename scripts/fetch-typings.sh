#!/usr/bin/env bash
# Fetches the pinned @types/office-js typings named in data/SOURCE.toml into
# target/typings/<version>/index.d.ts and checks their sha256. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
field() { sed -n "s/^$1 *= *\"\(.*\)\"/\1/p" "$root/data/SOURCE.toml"; }
package=$(field package); version=$(field version); sha=$(field sha256)
dest="$root/target/typings/$version"
if [ -f "$dest/index.d.ts" ] && echo "$sha  $dest/index.d.ts" | sha256sum --check --status; then
  echo "typings: $package@$version already at $dest/index.d.ts"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package@$version" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp"
mkdir -p "$dest"
src=$(find "$tmp" -name index.d.ts -path '*office-js*' | head -n 1)
if ! echo "$sha  $src" | sha256sum --check --status; then
  echo "typings: $package@$version index.d.ts does not match the sha256 in data/SOURCE.toml" >&2
  exit 1
fi
cp "$src" "$dest/index.d.ts"
echo "typings: fetched $package@$version to $dest/index.d.ts"
