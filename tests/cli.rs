//! End-to-end tests: run the built `audit` binary on the fixture add-ins under `fixtures/`
//! and assert verdicts, tiers, positions, findings and exit codes.
//!
//! One test binary for every CLI test (linking is the slow part on small machines).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

/// Runs `audit` with `args` in `dir`.
fn audit_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_audit"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("runs");
    let run = Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    run
}

/// Runs `audit` with `args` from the repository root.
fn audit(args: &[&str]) -> Run {
    audit_in(&root(), args)
}

/// The single manifest report of a JSON run.
fn only_manifest(v: &Value) -> &Value {
    let ms = v["manifests"].as_array().expect("manifests");
    assert_eq!(ms.len(), 1, "{v:#}");
    &ms[0]
}

fn codes(m: &Value) -> Vec<String> {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn finding<'v>(m: &'v Value, code: &str) -> &'v Value {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {m:#}"))
}

fn apis(m: &Value) -> Vec<String> {
    let mut v: Vec<String> = m["uses"]
        .as_array()
        .expect("uses")
        .iter()
        .map(|u| u["api"].as_str().unwrap_or_default().to_owned())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn at(f: &Value) -> (String, u64, u64) {
    (
        f["file"].as_str().unwrap_or_default().to_owned(),
        f["line"].as_u64().unwrap_or_default(),
        f["column"].as_u64().unwrap_or_default(),
    )
}

const EXAMPLE: &str = "fixtures/projects/summarize-email/manifest.xml";

#[test]
fn example_is_over_privileged_with_the_line_to_change() {
    let r = audit(&[EXAMPLE, "--format", "json"]);
    assert_eq!(
        r.code, 0,
        "a warning does not fail by default: {}",
        r.stderr
    );
    let v = r.json();
    assert_eq!(v["version"], 1);
    let m = only_manifest(&v);
    assert_eq!(m["declared"], "ReadWriteMailbox");
    assert_eq!(m["required"], "ReadItem");
    assert_eq!(m["verdict"], "over");
    assert_eq!(codes(m), ["TIER003"]);
    let f = finding(m, "TIER003");
    assert_eq!(f["severity"], "warning");
    assert_eq!(at(f), (EXAMPLE.to_owned(), 29, 16));
    assert_eq!(
        f["help"],
        "change <Permissions>ReadWriteMailbox</Permissions> to <Permissions>ReadItem</Permissions>"
    );
    assert_eq!(
        apis(m),
        [
            "Office.Body.getAsync",
            "Office.Context.mailbox",
            "Office.Context.roamingSettings",
            "Office.Mailbox.item",
            "Office.MessageRead.body",
            "Office.MessageRead.subject",
            "Office.RoamingSettings.saveAsync",
            "Office.RoamingSettings.set",
        ]
    );
    let subject = m["uses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["api"] == "Office.MessageRead.subject")
        .expect("subject use");
    assert_eq!(
        subject["file"],
        "fixtures/projects/summarize-email/src/taskpane.ts"
    );
    assert_eq!(
        (subject["line"].as_u64(), subject["column"].as_u64()),
        (Some(10), Some(32))
    );
    // The comment that names body.setAsync is not a use.
    assert!(!apis(m).contains(&"Office.Body.setAsync".to_owned()));
    assert_eq!(
        m["urls"][0]["file"],
        "fixtures/projects/summarize-email/src/taskpane.html"
    );
}

#[test]
fn fail_on_warning_fails_on_over_privilege() {
    assert_eq!(audit(&[EXAMPLE, "--fail-on", "warning"]).code, 1);
    assert_eq!(audit(&[EXAMPLE, "--fail-on", "never"]).code, 0);
}

#[test]
fn table_output_shows_finding_verdict_and_evidence() {
    let r = audit(&[EXAMPLE]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("warning[TIER003]: the manifest declares ReadWriteMailbox but the add-in needs only ReadItem"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("  --> {EXAMPLE}:29:16")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("over-privileged: ReadItem is enough"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Office.Body.getAsync"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 manifest audited: 0 errors, 1 warning, 0 notes"),
        "{}",
        r.stdout
    );
}
