//! The JSON reporter: a stable, versioned contract.
//!
//! ```text
//! {"version":1,
//!  "manifests":[{"manifest":"<path>","format":"xml|json","name":…,"id":…,"provider":…,"version":…,"declared":"ReadItem",
//!    "declared_at":{"line":…,"column":…},"required":"ReadWriteItem","verdict":"ok|under|over|unverified",
//!    "uses":[{"api":"Office.Body.setAsync","tier":"ReadWriteItem","file":"src/x.js","line":4,"column":3,"probe":false}],
//!    "requests":[{"client":"fetch","method":"PATCH"|null,"url":"{restUrl}/v2.0/me/messages/{item}"|null,
//!      "tier":"ReadWriteMailbox"|null,"why":"…","file":…,"line":…,"column":…}],
//!    "graph":{"verdict":"missing|broader|unverified|least"|null,
//!      "requested":[{"scope":"Mail.Read","file":…,"line":…,"column":…}],"requested_known":true,
//!      "needed":["Mail.Read"]|null,"calls":[{"client":"fetch","method":"GET"|null,"path":"/me/messages/{id}"|null,
//!      "least":["Mail.Read"],"file":…,"line":…,"column":…}],
//!      "token_leaves":[{"file":…,"line":…,"column":…}],"token_leaves_followed":true},
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

use serde::Serialize;

use super::{ManifestReport, Report, Reporter};
use crate::finding::{Finding, Severity};
use crate::tiers::Tier;

/// Writes the report as one JSON document.
#[derive(Debug, Default)]
pub struct JsonReporter;

// The document, borrowed from the report and serialized straight to the writer (no value
// tree). Field order is the contract's order.

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    manifests: Vec<ManifestJson<'a>>,
    skipped: Vec<Skipped<'a>>,
    errors: &'a [String],
    summary: Summary,
}

#[derive(Serialize)]
struct LineCol {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct ManifestJson<'a> {
    manifest: &'a str,
    format: &'static str,
    name: Option<&'a str>,
    id: Option<&'a str>,
    provider: Option<&'a str>,
    version: Option<&'a str>,
    declared: &'static str,
    declared_at: LineCol,
    declared_explicitly: bool,
    required: &'static str,
    verdict: &'static str,
    modes: Vec<&'static str>,
    uses: Vec<UseJson<'a>>,
    requests: Vec<RequestJson<'a>>,
    graph: GraphJson<'a>,
    findings: Vec<FindingJson<'a>>,
    roots: &'a [String],
    files: &'a [String],
    lossy_files: &'a [String],
    urls: Vec<UrlJson<'a>>,
    skipped_libraries: &'a [String],
    entries: Vec<EntryJson<'a>>,
    unreachable: Vec<UnreachableJson<'a>>,
    packages: &'a [String],
    gaps: &'a [String],
    handlers: &'a [String],
    excluded_functions: &'a [String],
    config: Option<&'a str>,
    suppressed: usize,
    baselined: usize,
}

#[derive(Serialize)]
struct UseJson<'a> {
    api: &'a str,
    tier: &'static str,
    file: &'a str,
    line: u32,
    column: u32,
    probe: bool,
}

#[derive(Serialize)]
struct RequestJson<'a> {
    client: &'a str,
    method: Option<&'a str>,
    url: Option<&'a str>,
    tier: Option<&'static str>,
    why: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct GraphJson<'a> {
    verdict: Option<&'static str>,
    requested: Vec<ScopeJson<'a>>,
    requested_known: bool,
    needed: Option<&'a [String]>,
    calls: Vec<GraphCallJson<'a>>,
    /// Requests outside Microsoft Graph that carry (or, when not followed, may carry) the
    /// access token.
    token_leaves: Vec<PlaceJson<'a>>,
    token_leaves_followed: bool,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct ScopeJson<'a> {
    scope: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct GraphCallJson<'a> {
    client: &'a str,
    method: Option<&'a str>,
    path: Option<&'a str>,
    least: &'a [&'static str],
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    fingerprint: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
struct UrlJson<'a> {
    url: &'a str,
    file: Option<&'a str>,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    url: &'a str,
    line: u32,
    column: u32,
    files: &'a [String],
    via: Option<&'a str>,
}

#[derive(Serialize)]
struct UnreachableJson<'a> {
    file: &'a str,
    tier: &'static str,
    apis: &'a [String],
}

#[derive(Serialize)]
struct Skipped<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct Summary {
    manifests: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    suppressed: usize,
    baselined: usize,
}

fn finding_json(f: &Finding) -> FindingJson<'_> {
    let loc = f.location.as_ref();
    FindingJson {
        code: f.code,
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        fingerprint: &f.fingerprint,
        file: loc.map(|l| l.file.as_str()),
        line: loc.map(|l| l.position.line),
        column: loc.map(|l| l.position.column),
        end_line: loc.map(|l| l.position.end_line),
        end_column: loc.map(|l| l.position.end_column),
    }
}

fn manifest_json(m: &ManifestReport) -> ManifestJson<'_> {
    ManifestJson {
        manifest: &m.manifest,
        format: m.format.as_str(),
        name: m.name.as_deref(),
        id: m.id.as_deref(),
        provider: m.provider.as_deref(),
        version: m.version.as_deref(),
        declared: m.declared.as_str(),
        declared_at: LineCol {
            line: m.declared_at.position.line,
            column: m.declared_at.position.column,
        },
        declared_explicitly: m.declared_explicitly,
        required: m.required.as_str(),
        verdict: m.verdict.as_str(),
        modes: crate::kb::modes::names(m.modes),
        uses: m
            .uses
            .iter()
            .map(|u| UseJson {
                api: &u.api,
                tier: u.tier.as_str(),
                file: &u.file,
                line: u.line,
                column: u.column,
                probe: u.probe,
            })
            .collect(),
        requests: m
            .requests
            .iter()
            .map(|r| RequestJson {
                client: r.client,
                method: r.method.as_deref(),
                url: r.url.as_deref(),
                tier: r.tier.map(Tier::as_str),
                why: &r.why,
                file: &r.file,
                line: r.line,
                column: r.column,
            })
            .collect(),
        graph: GraphJson {
            requested: m
                .graph
                .requested
                .iter()
                .map(|(s, l)| ScopeJson {
                    scope: s,
                    file: &l.file,
                    line: l.position.line,
                    column: l.position.column,
                })
                .collect(),
            verdict: m
                .graph
                .verdict
                .map(crate::rules::msgraph::ScopeVerdict::as_str),
            requested_known: m.graph.requested_known,
            needed: m.graph.needed.as_deref(),
            calls: m
                .graph
                .calls
                .iter()
                .map(|c| GraphCallJson {
                    client: c.client,
                    method: c.method.as_deref(),
                    path: c.path.as_deref(),
                    least: &c.least,
                    file: &c.location.file,
                    line: c.location.position.line,
                    column: c.location.position.column,
                })
                .collect(),
            token_leaves: m
                .graph
                .leaves
                .iter()
                .map(|l| PlaceJson {
                    file: &l.file,
                    line: l.position.line,
                    column: l.position.column,
                })
                .collect(),
            token_leaves_followed: m.graph.leaves_followed,
        },
        findings: m.findings.iter().map(finding_json).collect(),
        roots: &m.roots,
        files: &m.files,
        lossy_files: &m.lossy_files,
        urls: m
            .urls
            .iter()
            .map(|(u, f)| UrlJson {
                url: u,
                file: f.as_deref(),
            })
            .collect(),
        skipped_libraries: &m.skipped_libraries,
        entries: m
            .entries
            .iter()
            .map(|e| EntryJson {
                url: &e.url,
                line: e.line,
                column: e.column,
                files: &e.files,
                via: e.via.as_deref(),
            })
            .collect(),
        unreachable: m
            .unreachable
            .iter()
            .map(|u| UnreachableJson {
                file: &u.file,
                tier: u.tier.as_str(),
                apis: &u.apis,
            })
            .collect(),
        packages: &m.packages,
        gaps: &m.gaps,
        handlers: &m.handlers,
        excluded_functions: &m.excluded_functions,
        config: m.config.as_deref(),
        suppressed: m.suppressed,
        baselined: m.baselined,
    }
}

fn doc(report: &Report) -> Doc<'_> {
    let count = |s: Severity| report.count(s);
    Doc {
        version: 1,
        manifests: report.manifests.iter().map(manifest_json).collect(),
        skipped: report
            .skipped
            .iter()
            .map(|(p, r)| Skipped { path: p, reason: r })
            .collect(),
        errors: &report.errors,
        summary: Summary {
            manifests: report.manifests.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
            suppressed: report.suppressed(),
            baselined: report.baselined(),
        },
    }
}

impl Reporter for JsonReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, &doc(report))?;
        writeln!(w)
    }
}
