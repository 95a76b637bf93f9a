//! The SARIF 2.1.0 reporter, for GitHub code scanning and other SARIF consumers.
//!
//! Every rule is listed in `tool.driver.rules` (so `ruleIndex` is stable across runs); results
//! carry a full region and a `partialFingerprints` entry that survives unrelated edits. Paths
//! inside the current folder are relative to `%SRCROOT%` (the current folder); others are
//! absolute `file://` URIs. Columns count Unicode code points (`columnKind`).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{Value, json};

use super::{Report, Reporter};
use crate::finding::{Finding, Severity};
use crate::rules;

/// Writes SARIF 2.1.0.
#[derive(Debug, Default)]
pub struct SarifReporter;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Percent-encodes a path for a URI, keeping `/` and unreserved characters.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn file_uri(abs: &Path) -> String {
    let s = abs.to_string_lossy().replace('\\', "/");
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    format!("file://{}", encode_path(&s))
}

fn artifact(file: &str) -> Value {
    if Path::new(file).is_absolute() {
        json!({"uri": file_uri(Path::new(file))})
    } else {
        json!({"uri": encode_path(file), "uriBaseId": "%SRCROOT%"})
    }
}

/// The first paragraph under `## What it does`, unwrapped.
fn what_it_does(docs: &str) -> String {
    docs.lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with("## What it does"))
        .skip(1)
        .take_while(|l| !l.is_empty() && !l.starts_with("##"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn rule_json(r: &rules::RuleMeta) -> Value {
    let docs: String = r
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": what_it_does(r.docs)},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {"tags": ["security", "least-privilege"]},
    })
}

fn result_json(f: &Finding, manifest: &str) -> Value {
    let index = rules::all().position(|r| r.code == f.code).unwrap_or(0);
    let mut text = f.message.clone();
    if let Some(h) = &f.help {
        text.push_str(" (help: ");
        text.push_str(h);
        text.push(')');
    }
    let (file, region) = match &f.location {
        Some(l) => {
            let p = &l.position;
            let (end_line, end_column) = if (p.end_line, p.end_column) > (p.line, p.column) {
                (p.end_line, p.end_column)
            } else {
                (p.line, p.column + 1)
            };
            (
                l.file.as_str(),
                json!({"startLine": p.line, "startColumn": p.column, "endLine": end_line, "endColumn": end_column}),
            )
        }
        None => (
            manifest,
            json!({"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 2}),
        ),
    };
    json!({
        "ruleId": f.code,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(file), "region": region}}],
        "partialFingerprints": {"addinAudit/v1": f.fingerprint},
    })
}

/// The report as a SARIF log.
#[must_use]
pub fn to_value(report: &Report) -> Value {
    let results: Vec<Value> = report
        .manifests
        .iter()
        .flat_map(|m| m.findings.iter().map(|f| result_json(f, &m.manifest)))
        .collect();
    let root = std::env::current_dir().map_or_else(
        |_| "file:///".to_owned(),
        |d| {
            let mut u = file_uri(&d);
            if !u.ends_with('/') {
                u.push('/');
            }
            u
        },
    );
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": e}}))
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "addin-audit",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules::all().map(rule_json).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
            // Per manifest, the verdict and the Graph scopes (SARIF property bag).
            "properties": {"manifests": report.manifests.iter().map(|m| {
                let mut requested: Vec<&str> = m.graph.requested.iter().map(|(s, _)| s.as_str()).collect();
                requested.sort_unstable();
                requested.dedup();
                json!({
                    "manifest": m.manifest,
                    "declared": m.declared.as_str(),
                    "required": m.required.as_str(),
                    "verdict": m.verdict.as_str(),
                    "graph": {"requested": requested, "needed": m.graph.needed},
                })
            }).collect::<Vec<_>>()},
        }],
    })
}

impl Reporter for SarifReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &to_value(report))?;
        writeln!(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("src/my file ü.js"), "src/my%20file%20%C3%BC.js");
        assert_eq!(file_uri(Path::new("/a b/c")), "file:///a%20b/c");
    }

    #[test]
    fn every_rule_has_a_full_description() {
        for r in rules::all() {
            assert!(!what_it_does(r.docs).is_empty(), "{}", r.code);
        }
    }
}
