#!/usr/bin/env bash
# Writes installable npm tarballs into target/npm/: the launcher `addin-audit` and the
# platform package for this machine, holding the release binary (built here with the `dist`
# profile: release, stripped). The release workflow passes another platform's binary:
#   scripts/npm-package.sh                                  # this machine, cargo build --profile dist
#   scripts/npm-package.sh --platform linux-arm64 --binary path/to/audit
# Then: npm install ./target/npm/*.tgz   (scripts/test-npm.sh checks exactly that, offline)
set -euo pipefail
cd "$(dirname "$0")/.."
platform="" binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --platform) platform="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    *) echo "npm-package: unknown argument $1 (expected --platform KEY --binary PATH)" >&2; exit 2 ;;
  esac
done
command -v npm >/dev/null || { echo "npm-package: npm is needed" >&2; exit 2; }
scripts/npm-version.sh --check
[ -n "$platform" ] || platform=$(node -p 'process.platform + "-" + process.arch')
[ -d "npm/platforms/$platform" ] || {
  echo "npm-package: no package for $platform (there are: $(ls npm/platforms | tr '\n' ' '))" >&2
  exit 2
}
if [ -z "$binary" ]; then
  cargo build --profile dist --locked --bin audit
  # Where cargo put it: CARGO_TARGET_DIR when set (CI caches often move it).
  binary="${CARGO_TARGET_DIR:-target}/dist/audit"
  [ -f "$binary.exe" ] && binary="$binary.exe"
fi
[ -f "$binary" ] || { echo "npm-package: no binary at $binary" >&2; exit 2; }

out=target/npm
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage" "$out"
rm -f "$out"/*.tgz
cp -R npm/addin-audit "$stage/addin-audit"
cp -R "npm/platforms/$platform" "$stage/$platform"
mkdir -p "$stage/$platform/bin"
exe=audit
case "$platform" in win32-*) exe=audit.exe ;; esac
cp "$binary" "$stage/$platform/bin/$exe"
chmod 755 "$stage/$platform/bin/$exe" "$stage/addin-audit/bin/addin-audit.js"
for pkg in addin-audit "$platform"; do
  (cd "$stage/$pkg" && npm pack --silent --pack-destination "$OLDPWD/$out" >/dev/null)
done
ls -1 "$out"/*.tgz
