#!/usr/bin/env node
// Runs the `audit` binary of the platform package npm installed beside this one (one package
// per platform, as esbuild, Biome and oxlint ship): arguments, stdio and the exit code pass
// straight through. No postinstall script, no download: it works offline once installed.
"use strict";

const { spawnSync } = require("node:child_process");
const path = require("node:path");

// `${process.platform}-${process.arch}` → the package holding that platform's binary.
const PACKAGES = {
  "darwin-arm64": "@addin-audit/cli-darwin-arm64",
  "darwin-x64": "@addin-audit/cli-darwin-x64",
  "linux-arm64": "@addin-audit/cli-linux-arm64",
  "linux-x64": "@addin-audit/cli-linux-x64",
  "win32-x64": "@addin-audit/cli-win32-x64",
};

// Exit code 2: the tool could not do its job (the audit's own convention).
function fail(message) {
  process.stderr.write(`addin-audit: ${message}\n`);
  process.exit(2);
}

function binary() {
  // An explicit binary (a cargo-built one, or a platform without a package).
  if (process.env.ADDIN_AUDIT_BINARY) {
    return process.env.ADDIN_AUDIT_BINARY;
  }
  const platform = `${process.platform}-${process.arch}`;
  const pkg = PACKAGES[platform];
  if (!pkg) {
    fail(
      `no prebuilt binary for ${platform} (there are: ${Object.keys(PACKAGES).join(", ")}); ` +
        "build one with `cargo install --git https://github.com/addin-audit/addin-audit` " +
        "and point ADDIN_AUDIT_BINARY at it",
    );
  }
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    fail(
      `the platform package ${pkg} is not installed. npm installs it with addin-audit ` +
        "unless optional dependencies are skipped: reinstall without --no-optional / " +
        `--omit=optional, or add ${pkg} to your devDependencies`,
    );
  }
  return path.join(dir, "bin", process.platform === "win32" ? "audit.exe" : "audit");
}

const exe = binary();
const run = spawnSync(exe, process.argv.slice(2), { stdio: "inherit" });
if (run.error) {
  fail(`could not run ${exe}: ${run.error.message}`);
}
if (run.signal) {
  // Die the way the binary died, so callers see the same signal.
  process.kill(process.pid, run.signal);
}
process.exit(run.status ?? 2);
