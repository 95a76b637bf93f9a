//! The GitHub Actions reporter: workflow commands that become annotations on the pull request.
//!
//! GitHub shows at most 10 annotations per level per step, so the most severe come first and a
//! one-line summary follows. When `GITHUB_STEP_SUMMARY` names a file, `main.rs` also appends
//! [`step_summary`] there.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, Reporter};
use crate::finding::{Finding, Severity};

/// Writes `::error file=…,line=…::message` lines.
#[derive(Debug, Default)]
pub struct GithubReporter;

/// Escapes a command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(f: &Finding) -> String {
    let kind = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut props = Vec::new();
    if let Some(l) = &f.location {
        let p = &l.position;
        props.push(format!("file={}", escape_property(&l.file)));
        props.push(format!("line={}", p.line));
        props.push(format!("col={}", p.column));
        props.push(format!("endLine={}", p.end_line.max(p.line)));
        props.push(format!("endColumn={}", p.end_column));
    }
    props.push(format!(
        "title={}",
        escape_property(&format!(
            "{} ({})",
            f.code,
            crate::rules::by_code(f.code).map_or("", |r| r.name)
        ))
    ));
    let mut message = f.message.clone();
    if let Some(h) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    format!("::{kind} {}::{}", props.join(","), escape_data(&message))
}

impl Reporter for GithubReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        let mut all: Vec<&Finding> = report.manifests.iter().flat_map(|m| &m.findings).collect();
        all.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        for f in &all {
            writeln!(w, "{}", command(f))?;
        }
        for e in &report.errors {
            writeln!(
                w,
                "::error title=addin-audit could not finish::{}",
                escape_data(e)
            )?;
        }
        let count = |s: Severity| all.iter().filter(|f| f.severity == s).count();
        writeln!(
            w,
            "addin-audit: {} manifest(s), {} error(s), {} warning(s), {} note(s)",
            report.manifests.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Note)
        )
    }
}

/// The Graph scopes a manifest's add-in requests and needs, for the summary table.
fn graph_cell(m: &super::ManifestReport) -> String {
    let g = &m.graph;
    if g.requested.is_empty() && g.calls.is_empty() {
        return "—".to_owned();
    }
    let requested = super::prose::requested_scopes(g);
    let needed = match &g.needed {
        Some(n) if n.is_empty() => "none".to_owned(),
        Some(n) => n.join(", "),
        None => "not known".to_owned(),
    };
    format!("{} → {needed}", requested.join(", "))
}

/// A Markdown summary for `$GITHUB_STEP_SUMMARY`.
#[must_use]
pub fn step_summary(report: &Report) -> String {
    let mut s = String::from(
        "### addin-audit\n\n| Manifest | Declared | Required | Verdict | Graph scopes: requested → needed | Errors | Warnings |\n|---|---|---|---|---|---|---|\n",
    );
    for m in &report.manifests {
        let n = |sev: Severity| m.findings.iter().filter(|f| f.severity == sev).count();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            m.manifest.replace('|', "\\|"),
            m.declared,
            m.required,
            m.verdict.as_str(),
            graph_cell(m),
            n(Severity::Error),
            n(Severity::Warning)
        );
    }
    for e in &report.errors {
        let _ = writeln!(s, "\n**error:** {}", e.replace('\n', " "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_actions_rules() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
