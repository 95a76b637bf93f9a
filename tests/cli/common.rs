//! What every CLI test uses: running the binary, reading its JSON, the fixtures.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

/// Runs `audit` with `args` in `dir`.
pub fn audit_in(dir: &Path, args: &[&str]) -> Run {
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
pub fn audit(args: &[&str]) -> Run {
    audit_in(&root(), args)
}

/// The single manifest report of a JSON run.
pub fn only_manifest(v: &Value) -> &Value {
    let ms = v["manifests"].as_array().expect("manifests");
    assert_eq!(ms.len(), 1, "{v:#}");
    &ms[0]
}

pub fn codes(m: &Value) -> Vec<String> {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Every finding of one code.
pub fn all_of<'v>(m: &'v Value, code: &str) -> Vec<&'v Value> {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

pub fn finding<'v>(m: &'v Value, code: &str) -> &'v Value {
    m["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {m:#}"))
}

pub fn apis(m: &Value) -> Vec<String> {
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

pub fn at(f: &Value) -> (String, u64, u64) {
    (
        f["file"].as_str().unwrap_or_default().to_owned(),
        f["line"].as_u64().unwrap_or_default(),
        f["column"].as_u64().unwrap_or_default(),
    )
}

pub const EXAMPLE: &str = "fixtures/projects/summarize-email/manifest.xml";

/// Audits one fixture project as JSON; returns the exit code and its only manifest report.
pub fn project(name: &str) -> (i32, Value) {
    let r = audit(&[&format!("fixtures/projects/{name}"), "--format", "json"]);
    let v = r.json();
    assert!(
        v["errors"].as_array().is_some_and(Vec::is_empty),
        "{name}: {}",
        r.stderr
    );
    (r.code, only_manifest(&v).clone())
}

/// Turns manifest text into the bytes of one encoding.
pub type Encoder = Box<dyn Fn(&str) -> Vec<u8>>;

/// Writes the example manifest in another encoding into a temporary copy of the project.
pub fn encoded_copy(encode: impl Fn(&str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("fixtures/projects/summarize-email");
    std::fs::write(dir.path().join("package.json"), "{}").unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for f in ["taskpane.html", "taskpane.ts", "summarize.ts"] {
        std::fs::copy(src.join("src").join(f), dir.path().join("src").join(f)).unwrap();
    }
    let text = std::fs::read_to_string(src.join("manifest.xml")).unwrap();
    std::fs::write(dir.path().join("manifest.xml"), encode(&text)).unwrap();
    dir
}

/// [`fixture_copy`] in a folder whose name does not start with a dot (searches that skip
/// hidden folders see it).
pub fn visible_fixture_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("addin-").tempdir().unwrap();
    let from = fixture_copy(name);
    for e in walk(from.path()) {
        let rel = e.strip_prefix(from.path()).unwrap();
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&e, to).unwrap();
    }
    dir
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// A temporary copy of a fixture project (to add a configuration file to it).
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                copy(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&root().join("fixtures/projects").join(name), dir.path());
    dir
}

/// Replaces `from` with `to` in one file of a fixture copy: the change a test makes to a
/// real-like project (the text must be there, so a fixture edit cannot silently miss).
pub fn replace_in(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// Audits one fixture project and checks the judgement a test is about: the exit code, the
/// verdict, the required tier, and that nothing was left unseen. Returns the manifest's report.
pub fn judged_complete(name: &str, code: i32, verdict: &str, required: &str) -> Value {
    let (got, m) = project(name);
    assert_eq!(got, code, "{name}: {m:#}");
    assert_eq!(m["verdict"], verdict, "{name}: {m:#}");
    assert_eq!(m["required"], required, "{name}: {m:#}");
    assert!(m["gaps"].as_array().unwrap().is_empty(), "{name}: {m:#}");
    m
}

/// Audits a project folder and checks that its verdict waits for what the audit could not
/// see: `unverified`, with a gap that says `why`. Returns the manifest's report.
pub fn unverified_because(dir: &Path, why: &str) -> Value {
    let v = audit_in(dir, &["--format", "json"]).json();
    let m = only_manifest(&v).clone();
    assert_eq!(m["verdict"], "unverified", "{m:#}");
    assert!(
        m["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g.as_str().unwrap().contains(why)),
        "no gap says {why:?}: {m:#}"
    );
    m
}
