//! The JSON reporter: a stable, versioned contract.
//!
//! ```text
//! {"version":1,
//!  "manifests":[{"manifest":"<path>","format":"xml|json","name":…,"declared":"ReadItem",
//!    "declared_at":{"line":…,"column":…},"required":"ReadWriteItem","verdict":"ok|under|over|unverified",
//!    "uses":[{"api":"Office.Body.setAsync","tier":"ReadWriteItem","file":"src/x.js","line":4,"column":3,"probe":false}],
//!    "findings":[{"code":"…","severity":"error|warning|note","message":"…","help":…,"file":"…","line":4,"column":3,"end_line":…,"end_column":…}],
//!    "roots":[…],"files":[…],"urls":[{"url":…,"file":…|null}],"skipped_libraries":[…],
//!    "entries":[{"url":…,"line":…,"column":…,"files":[…],"via":…|null}],
//!    "unreachable":[{"file":…,"tier":…,"apis":[…]}],"packages":[…],"gaps":[…],
//!    "handlers":[…],"excluded_functions":[…]}],
//!  "skipped":[{"path":…,"reason":…}],
//!  "errors":[…],
//!  "summary":{"manifests":…,"errors":…,"warnings":…,"notes":…}}
//! ```
//! Tiers are spelled as in the XML manifest; paths are relative to the current folder when
//! inside it, with `/`; lines and columns are 1-based (columns in code points). Fields are
//! only ever added, never renamed or removed.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Report, Reporter};
use crate::finding::{Finding, Severity};

/// Writes the report as one JSON document.
#[derive(Debug, Default)]
pub struct JsonReporter;

fn finding_json(f: &Finding) -> Value {
    let mut v = json!({
        "code": f.code,
        "severity": f.severity.as_str(),
        "message": f.message,
        "help": f.help,
        "fingerprint": f.fingerprint,
        "file": Value::Null,
        "line": Value::Null,
        "column": Value::Null,
    });
    if let (Some(loc), Some(obj)) = (&f.location, v.as_object_mut()) {
        obj.insert("file".into(), json!(loc.file));
        obj.insert("line".into(), json!(loc.position.line));
        obj.insert("column".into(), json!(loc.position.column));
        obj.insert("end_line".into(), json!(loc.position.end_line));
        obj.insert("end_column".into(), json!(loc.position.end_column));
    }
    v
}

/// The report as a JSON value.
#[must_use]
pub fn to_value(report: &Report) -> Value {
    let count = |s: Severity| report.count(s);
    let manifests: Vec<Value> = report
        .manifests
        .iter()
        .map(|m| {
            json!({
                "manifest": m.manifest,
                "format": m.format.as_str(),
                "name": m.name,
                "declared": m.declared.as_str(),
                "declared_at": {"line": m.declared_at.position.line, "column": m.declared_at.position.column},
                "declared_explicitly": m.declared_explicitly,
                "required": m.required.as_str(),
                "verdict": m.verdict.as_str(),
                "modes": crate::kb::modes::names(m.modes),
                "uses": m.uses.iter().map(|u| json!({
                    "api": u.api, "tier": u.tier.as_str(), "file": u.file,
                    "line": u.line, "column": u.column, "probe": u.probe,
                })).collect::<Vec<_>>(),
                "findings": m.findings.iter().map(finding_json).collect::<Vec<_>>(),
                "roots": m.roots,
                "files": m.files,
                "lossy_files": m.lossy_files,
                "urls": m.urls.iter().map(|(u, f)| json!({"url": u, "file": f})).collect::<Vec<_>>(),
                "skipped_libraries": m.skipped_libraries,
                "entries": m.entries.iter().map(|e| json!({
                    "url": e.url, "line": e.line, "column": e.column, "files": e.files, "via": e.via,
                })).collect::<Vec<_>>(),
                "unreachable": m.unreachable.iter().map(|u| json!({
                    "file": u.file, "tier": u.tier.as_str(), "apis": u.apis,
                })).collect::<Vec<_>>(),
                "packages": m.packages,
                "gaps": m.gaps,
                "handlers": m.handlers,
                "excluded_functions": m.excluded_functions,
                "config": m.config,
                "suppressed": m.suppressed,
                "baselined": m.baselined,
            })
        })
        .collect();
    json!({
        "version": 1,
        "manifests": manifests,
        "skipped": report.skipped.iter().map(|(p, r)| json!({"path": p, "reason": r})).collect::<Vec<_>>(),
        "errors": report.errors,
        "summary": {
            "manifests": report.manifests.len(),
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "notes": count(Severity::Note),
            "suppressed": report.suppressed(),
            "baselined": report.baselined(),
        },
    })
}

impl Reporter for JsonReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &to_value(report))?;
        writeln!(w)
    }
}
