//! Baselines: the fingerprints of accepted findings, so that a team can adopt the audit on an
//! old add-in and fail only on new findings. Fingerprints include the file's path as shown,
//! so write and use a baseline from the same folder (the repository root, in CI).
//!
//! ```json
//! {"version": 1, "tool": "addin-audit",
//!  "findings": [{"fingerprint": "0f87c8fa2ad0689d:1", "code": "TIER001", "file": "src/a.js", "line": 4, "message": "…"}]}
//! ```

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Value, json};

use crate::report::Report;
use crate::source::display_path;

/// Reads a baseline's fingerprints.
///
/// # Errors
/// An unreadable file or one that is not a baseline, as a message with the path.
pub fn load(path: &Path) -> Result<HashSet<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the baseline: {e}", display_path(path)))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a baseline (JSON): {e}",
            display_path(path),
            e.line(),
            e.column()
        )
    })?;
    if v.get("version") != Some(&json!(1)) {
        return Err(format!(
            "{}: not an addin-audit baseline of version 1 (write one with --write-baseline)",
            display_path(path)
        ));
    }
    let findings = v.get("findings").and_then(Value::as_array).ok_or_else(|| {
        format!(
            "{}: a baseline needs a `findings` array",
            display_path(path)
        )
    })?;
    Ok(findings
        .iter()
        .filter_map(|f| {
            f.get("fingerprint")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect())
}

/// Writes the report's findings as a baseline.
///
/// # Errors
/// When the file cannot be written, as a message with the path.
pub fn write(path: &Path, report: &Report) -> Result<(), String> {
    let findings: Vec<Value> = report
        .manifests
        .iter()
        .flat_map(|m| &m.findings)
        .map(|f| {
            json!({
                "fingerprint": f.fingerprint,
                "code": f.code,
                "file": f.location.as_ref().map(|l| l.file.clone()),
                "line": f.location.as_ref().map(|l| l.position.line),
                "message": f.message,
            })
        })
        .collect();
    let doc = json!({"version": 1, "tool": "addin-audit", "findings": findings});
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    std::fs::write(path, text)
        .map_err(|e| format!("{}: cannot write the baseline: {e}", display_path(path)))
}
