//! The human reporter: findings in the `severity[CODE]: message --> file:line:col` shape
//! that rustc, ruff and oxlint use, then per manifest a verdict table, what forces each tier,
//! and what was scanned.

use std::fmt::Write as _;
use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use super::{ManifestReport, Report, Reporter, Verdict};
use crate::finding::{Finding, Severity};
use crate::tiers::Tier;

/// How many scanned files the table lists per manifest before pointing to `--format json`.
const MAX_FILES: usize = 12;
/// How many pieces of evidence the table shows per tier.
const MAX_EVIDENCE: usize = 5;

/// Writes the report for people.
#[derive(Debug, Default)]
pub struct TableReporter {
    /// Also list every API use and every scanned file.
    pub verbose: bool,
    /// Colour severities (ANSI).
    pub color: bool,
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    t
}

fn write_finding(w: &mut dyn Write, f: &Finding, color: bool) -> io::Result<()> {
    let label = format!("{}[{}]", f.severity.as_str(), f.code);
    if color {
        let style = match f.severity {
            Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
            Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
            Severity::Note => anstyle::AnsiColor::Cyan.on_default().bold(),
        };
        writeln!(w, "{style}{label}{style:#}: {}", f.message)?;
    } else {
        writeln!(w, "{label}: {}", f.message)?;
    }
    if let Some(loc) = &f.location {
        writeln!(w, "  --> {loc}")?;
    }
    if let Some(help) = &f.help {
        writeln!(w, "  = help: {help}")?;
    }
    writeln!(w)
}

fn verdict_text(m: &ManifestReport) -> String {
    match m.verdict {
        Verdict::Ok => "ok: least privilege".to_owned(),
        Verdict::Under => format!("UNDER-privileged: needs {}", m.required),
        Verdict::Over => format!("over-privileged: {} is enough", m.required),
        Verdict::Unverified => format!(
            "unverified: code found needs {}; analysis incomplete",
            m.required
        ),
    }
}

fn write_manifest(w: &mut dyn Write, m: &ManifestReport, verbose: bool) -> io::Result<()> {
    let title = match &m.name {
        Some(n) => format!("{} ({n})", m.manifest),
        None => m.manifest.clone(),
    };
    writeln!(w, "{title}")?;
    let declared = if m.declared_explicitly {
        format!(
            "{} ({}:{})",
            m.declared, m.declared_at.position.line, m.declared_at.position.column
        )
    } else {
        format!("{} (no permission declared)", m.declared)
    };
    let mut t = table();
    t.set_header(["Declared", "Required", "Verdict"]);
    t.add_row([declared, m.required.to_string(), verdict_text(m)]);
    writeln!(w, "{t}")?;

    if m.evidence.iter().all(|e| e.tier == Tier::Restricted) {
        writeln!(w, "Nothing the audit found needs more than Restricted.")?;
    } else {
        let mut t = table();
        t.set_header(["Tier", "Needed by", "At"]);
        for tier in Tier::ALL.iter().rev().filter(|t| **t > Tier::Restricted) {
            let of_tier: Vec<_> = m.evidence.iter().filter(|e| e.tier == *tier).collect();
            let limit = if verbose { usize::MAX } else { MAX_EVIDENCE };
            for e in of_tier.iter().take(limit) {
                let at = format!("{}", e.location);
                t.add_row([tier.to_string(), e.what.clone(), at]);
            }
            if of_tier.len() > limit {
                t.add_row([
                    tier.to_string(),
                    format!("… and {} more", of_tier.len() - limit),
                    String::new(),
                ]);
            }
        }
        writeln!(w, "Why each tier:")?;
        writeln!(w, "{t}")?;
    }

    if !m.graph.requested.is_empty() || !m.graph.calls.is_empty() {
        let requested = super::prose::requested_scopes(&m.graph);
        let requested = if m.graph.requested_known {
            requested.join(", ")
        } else {
            format!("{} (and maybe scopes it cannot read)", requested.join(", "))
        };
        let needed = match (&m.graph.needed, m.graph.leaves.first()) {
            (None, Some(at)) if m.graph.leaves_followed => {
                format!("not judged: its token goes to a server outside Microsoft Graph ({at})")
            }
            (None, _) => {
                "not known (other HTTP requests, or requests that cannot be read)".to_owned()
            }
            (Some(n), _) if n.is_empty() => "none".to_owned(),
            (Some(n), _) => n.join(", "),
        };
        writeln!(
            w,
            "Microsoft Graph: requests {requested}; its {} Graph request(s) need {needed}",
            m.graph.calls.len()
        )?;
    }
    if let Some(c) = &m.config {
        writeln!(w, "Configuration: {c}")?;
    }
    let roots = m.roots.join(", ");
    writeln!(w, "Scanned {} file(s) under {roots}", m.files.len())?;
    let limit = if verbose { usize::MAX } else { MAX_FILES };
    for f in m.files.iter().take(limit) {
        writeln!(w, "  {f}")?;
    }
    if m.files.len() > limit {
        writeln!(
            w,
            "  … and {} more (--verbose or --format json lists them all)",
            m.files.len() - limit
        )?;
    }
    for f in &m.lossy_files {
        writeln!(w, "  {f}: not valid UTF-8, read lossily")?;
    }
    for lib in &m.skipped_libraries {
        writeln!(w, "  skipped Microsoft's Office library copy {lib}")?;
    }
    if !m.entries.is_empty() {
        writeln!(w, "Manifest URLs:")?;
        for e in &m.entries {
            match (e.files.as_slice(), &e.via) {
                ([], None) => writeln!(w, "  {} -> (no local file)", e.url)?,
                ([], Some(via)) => writeln!(w, "  {} -> (no local file; {via})", e.url)?,
                (files, via) => {
                    let via = via
                        .as_deref()
                        .map(|v| format!(" ({v})"))
                        .unwrap_or_default();
                    writeln!(w, "  {} -> {}{via}", e.url, files.join(", "))?;
                }
            }
        }
    }
    if !m.gaps.is_empty() && m.verdict == Verdict::Unverified {
        writeln!(w, "Not audited, so no lower tier is advised:")?;
        for g in &m.gaps {
            writeln!(w, "  {g}")?;
        }
    }
    match (m.unreachable.len(), verbose) {
        (0, _) => {}
        (n, false) => writeln!(
            w,
            "{} that uses Office {} not loaded by the manifest (never counted; --verbose lists {})",
            if n == 1 {
                "1 file".to_owned()
            } else {
                format!("{n} files")
            },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it" } else { "them" },
        )?,
        (_, true) => {
            writeln!(w, "Present but not loaded by the manifest (never counted):")?;
            for u in &m.unreachable {
                writeln!(
                    w,
                    "  {} (would need {}: {})",
                    u.file,
                    u.tier,
                    u.apis.join(", ")
                )?;
            }
        }
    }
    if verbose && !m.excluded_functions.is_empty() {
        writeln!(
            w,
            "Not counted: functions only other manifests' handlers reach:"
        )?;
        for f in &m.excluded_functions {
            writeln!(w, "  {f}")?;
        }
    }
    if verbose && !m.packages.is_empty() {
        writeln!(
            w,
            "Packages loaded (libraries, not audited): {}",
            m.packages.join(", ")
        )?;
    }
    if verbose && !m.uses.is_empty() {
        writeln!(w, "API uses:")?;
        for u in &m.uses {
            let probe = if u.probe { " (feature probe)" } else { "" };
            writeln!(
                w,
                "  {}:{}:{}  {}  {}{probe}",
                u.file, u.line, u.column, u.api, u.tier
            )?;
        }
    }
    writeln!(w)
}

impl Reporter for TableReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        for m in &report.manifests {
            for f in &m.findings {
                write_finding(w, f, self.color)?;
            }
        }
        for m in &report.manifests {
            write_manifest(w, m, self.verbose)?;
        }
        for (path, why) in &report.skipped {
            writeln!(w, "skipped {path}: {why}")?;
        }
        let count = |s: Severity| report.count(s);
        let plural = |n: usize, what: &str| {
            if n == 1 {
                format!("1 {what}")
            } else {
                format!("{n} {what}s")
            }
        };
        let (suppressed, baselined) = (report.suppressed(), report.baselined());
        let mut hidden = String::new();
        if suppressed > 0 {
            let _ = write!(
                hidden,
                " ({suppressed} suppressed; --no-suppress shows them)"
            );
        }
        if baselined > 0 {
            let _ = write!(hidden, " ({baselined} in the baseline)");
        }
        let stopped = if report.errors.is_empty() {
            String::new()
        } else {
            format!(
                "; {} kept the audit from completing (printed on stderr as `error: …`)",
                plural(report.errors.len(), "problem")
            )
        };
        writeln!(
            w,
            "{} audited: {}, {}, {}{hidden}{stopped}",
            plural(report.manifests.len(), "manifest"),
            plural(count(Severity::Error), "error"),
            plural(count(Severity::Warning), "warning"),
            plural(count(Severity::Note), "note"),
        )
    }
}
