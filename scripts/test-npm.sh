#!/usr/bin/env bash
# Checks the npm packages scripts/npm-package.sh wrote into target/npm/, as a user gets them:
# installed offline (no registry) into an empty npm project.
#  1. the launcher alone: `npx addin-audit` exits 2 and names the missing platform package;
#  2. launcher + this platform's package: `npx addin-audit` gives the binary's output and
#     exit code on fixtures (under-privileged → 1, JSON; the shipped example → 0).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shopt -s nullglob
launcher=(target/npm/addin-audit-[0-9]*.tgz)
platform=(target/npm/addin-audit-cli-*.tgz)
[ ${#launcher[@]} -eq 1 ] && [ ${#platform[@]} -eq 1 ] || {
  echo "test-npm: run scripts/npm-package.sh first (want one launcher and one platform tarball in target/npm/)" >&2
  exit 2
}
# Where cargo put it: CARGO_TARGET_DIR when set, as npm-package.sh reads it.
binary="${CARGO_TARGET_DIR:-target}/dist/audit"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_cache="$work/cache"   # an empty cache: nothing can come from a registry

fresh() {
  rm -rf "$work/project"
  mkdir -p "$work/project"
  (cd "$work/project" && npm init -y >/dev/null)
}

# 1. No platform package.
fresh
(cd "$work/project" && npm install --offline --omit=optional "$root/${launcher[0]}" >/dev/null)
set +e
(cd "$work/project" && npx --offline addin-audit --version) >"$work/out" 2>"$work/err"
code=$?
set -e
want=$(node -p 'process.platform + "-" + process.arch')
if [ $code -ne 2 ] || ! grep -q "@addin-audit/cli-$want is not installed" "$work/err"; then
  echo "test-npm: without the platform package, want exit 2 naming @addin-audit/cli-$want; got $code:" >&2
  cat "$work/err" >&2
  exit 1
fi
echo "ok: the launcher alone exits 2 and names @addin-audit/cli-$want"

# 2. Both packages: same output and exit code as the binary.
fresh
(cd "$work/project" && npm install --offline "$root/${launcher[0]}" "$root/${platform[0]}" >/dev/null)
compare() {
  set +e
  "$binary" "$@" >"$work/want.out" 2>"$work/want.err"
  want_code=$?
  (cd "$root" && npm exec --offline --prefix "$work/project" -- addin-audit "$@") >"$work/got.out" 2>"$work/got.raw"
  got_code=$?
  set -e
  # npm's own warnings about the machine's npm configuration are not the tool's output.
  grep -v '^npm warn' "$work/got.raw" >"$work/got.err" || true
  if [ $want_code -ne $got_code ] || ! cmp -s "$work/want.out" "$work/got.out" || ! cmp -s "$work/want.err" "$work/got.err"; then
    echo "test-npm: \`addin-audit $*\` through npm differs from the binary (exit $got_code vs $want_code)" >&2
    diff "$work/want.out" "$work/got.out" >&2 || true
    diff "$work/want.err" "$work/got.err" >&2 || true
    exit 1
  fi
  echo "ok: addin-audit $* → exit $got_code, same output as the binary"
}
compare fixtures/projects/under-privileged --format json
compare fixtures/projects/summarize-email/manifest.xml --color never
