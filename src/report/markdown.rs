//! `--format markdown`: the HTML report's content as GitHub-flavoured Markdown, for
//! pull-request comments and `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Excerpt, ManifestReport, Report, Reporter, prose};
use crate::finding::Severity;
use crate::source::Location;

/// Writes the report as Markdown.
#[derive(Debug, Default)]
pub struct MarkdownReporter;

/// Text with Markdown's punctuation escaped (and no line breaks: it stays in its cell).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A message whose `backticked` parts stay code spans, the rest escaped.
fn message(s: &str) -> String {
    if !s.matches('`').count().is_multiple_of(2) {
        return text(s);
    }
    s.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { code(part) } else { text(part) })
        .collect()
}

/// A code span that holds any text: delimited by more backticks than it contains, `|`
/// escaped for tables.
fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

/// Lines of code with numbers in a fence longer than any it holds, the marked line flagged.
fn block(out: &mut String, e: &Excerpt, indent: &str) {
    let longest = e
        .lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`' && c != '~').map(str::len))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let width = e
        .numbered()
        .last()
        .map_or(1, |(n, _, _)| n.to_string().len());
    let _ = writeln!(out, "{indent}{fence}");
    for (n, line, hit) in e.numbered() {
        let _ = writeln!(
            out,
            "{indent}{} {n:>width$} | {line}",
            if hit { ">" } else { " " }
        );
    }
    let _ = writeln!(out, "{indent}{fence}");
}

/// GitHub's alert kind for a banner's class.
fn alert(class: &str) -> &'static str {
    match class {
        "ok" => "TIP",
        "under" => "CAUTION",
        "over" => "WARNING",
        _ => "NOTE",
    }
}

fn at(l: &Location) -> String {
    code(&prose::place(l))
}

fn manifest(out: &mut String, m: &ManifestReport) {
    let banner = prose::banner(m);
    let _ = writeln!(out, "### {}\n", text(prose::title(m)));
    let mut meta = Vec::new();
    if let Some(p) = &m.provider {
        meta.push(format!("Provider: {}", text(p)));
    }
    if let Some(i) = &m.id {
        meta.push(format!("Id: {}", code(i)));
    }
    if let Some(v) = &m.version {
        meta.push(format!("Version: {}", text(v)));
    }
    meta.push(format!("Manifest: {}", code(&m.manifest)));
    let _ = writeln!(out, "{}\n", meta.join(" · "));
    let _ = writeln!(
        out,
        "> [!{}]\n> **{}.** {}",
        alert(banner.class),
        banner.title,
        text(&banner.sentence)
    );
    for f in prose::fixes(m) {
        let _ = writeln!(out, ">\n> {}", text(&f));
    }
    if let Some(b) = prose::graph_banner(m) {
        let _ = writeln!(
            out,
            "\n> [!{}]\n> **{}.** {}",
            alert(b.class),
            b.title,
            text(&b.sentence)
        );
    }
    let _ = writeln!(
        out,
        "\n| | Tier | In short |\n|---|---|---|\n| Asks for | **{}** | {} |\n| Code needs | **{}** | {} |\n",
        m.declared,
        m.declared.summary(),
        m.required,
        m.required.summary()
    );
    let (heading, lines) = prose::difference(m);
    let _ = writeln!(out, "{heading}:\n");
    for l in lines {
        let _ = writeln!(out, "- {}", text(l));
    }
    out.push('\n');

    if !m.gaps.is_empty() {
        let _ = writeln!(out, "#### {}\n", prose::GAPS);
        for g in &m.gaps {
            let _ = writeln!(out, "- {}", message(g));
        }
        out.push('\n');
    }

    let mut shown = prose::Shown::default();
    evidence(out, m, &mut shown);
    legacy(out, m, &mut shown);
    graph(out, m, &mut shown);
    unreachable(out, m);
    findings(out, m);
}

/// What needs which tier, with code.
fn evidence(out: &mut String, m: &ManifestReport, shown: &mut prose::Shown) {
    let (groups, free) = prose::groups(m);
    let _ = writeln!(out, "#### Why it needs {}\n", m.required);
    if groups.is_empty() {
        let _ = writeln!(out, "{}\n", prose::NOTHING_NEEDED);
    } else {
        for g in groups.iter().take(prose::GROUPS) {
            let _ = writeln!(
                out,
                "- **{}** {} at {}{}",
                g.tier,
                code(g.what),
                at(g.first),
                prose::more_places(g)
            );
            if let Some(e) = shown.take(m, g.first) {
                block(out, e, "  ");
            }
        }
        if let Some(more) = prose::more_kinds(groups.len()) {
            let _ = writeln!(out, "- {more}");
        }
        out.push('\n');
    }
    if free > 0 {
        let _ = writeln!(out, "{}\n", prose::free_uses(free));
    }
}

/// Legacy Exchange tokens and EWS.
fn legacy(out: &mut String, m: &ManifestReport, shown: &mut prose::Shown) {
    if let Some(legacy) = prose::legacy(m) {
        let _ = writeln!(out, "#### {}\n\n{}\n", prose::LEGACY, prose::LEGACY_WHY);
        for r in &m.requests {
            let _ = writeln!(
                out,
                "- {} at {}: {}",
                code(&prose::token_request(r)),
                code(&prose::request_place(r)),
                text(&r.why)
            );
        }
        for f in legacy {
            let _ = write!(out, "- `{}` {}", f.code, message(&f.message));
            match &f.location {
                Some(l) => {
                    let _ = writeln!(out, " at {}", at(l));
                    if let Some(e) = shown.take(m, l) {
                        block(out, e, "  ");
                    }
                }
                None => out.push('\n'),
            }
        }
        out.push('\n');
    }
}

/// Microsoft Graph scopes and requests.
fn graph(out: &mut String, m: &ManifestReport, shown: &mut prose::Shown) {
    let g = &m.graph;
    if !g.requested.is_empty() || !g.calls.is_empty() {
        let (requested, maybe) = prose::requested_words(g);
        let _ = writeln!(
            out,
            "#### {}\n\n- Scopes requested: {}{maybe}\n- Scopes its requests need: {}",
            prose::GRAPH,
            text(&requested),
            text(&prose::needed_scopes(g))
        );
        for c in &g.calls {
            let _ = writeln!(
                out,
                "- {} ({}) needs **{}** at {}",
                code(&prose::graph_request(c)),
                text(c.client),
                text(&prose::least(c)),
                at(&c.location)
            );
            if let Some(e) = shown.take(m, &c.location) {
                block(out, e, "  ");
            }
        }
        out.push('\n');
    }
}

/// Code present but not loaded.
fn unreachable(out: &mut String, m: &ManifestReport) {
    if !m.unreachable.is_empty() {
        let _ = writeln!(
            out,
            "#### {}\n\n{}\n",
            prose::UNREACHABLE,
            prose::UNREACHABLE_WHY
        );
        for u in &m.unreachable {
            let _ = writeln!(
                out,
                "- {} would need **{}** ({})",
                code(&u.file),
                u.tier,
                text(&u.apis.join(", "))
            );
        }
        out.push('\n');
    }
}

/// Every finding.
fn findings(out: &mut String, m: &ManifestReport) {
    let _ = writeln!(out, "#### Findings ({})\n", m.findings.len());
    if m.findings.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| Severity | Code | Where | What |\n|---|---|---|---|\n");
        for f in &m.findings {
            let mut what = message(&f.message);
            if let Some(h) = &f.help {
                let _ = write!(what, "<br>help: {}", message(h));
            }
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {what} |",
                f.severity.as_str(),
                f.code,
                f.location.as_ref().map(at).unwrap_or_default()
            );
        }
        out.push('\n');
    }
}

impl Reporter for MarkdownReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        let mut out = String::new();
        let n = |s: Severity| report.count(s);
        let _ = writeln!(
            out,
            "## addin-audit: {} manifest(s), {} error(s), {} warning(s), {} note(s)\n",
            report.manifests.len(),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Note)
        );
        for e in &report.errors {
            let _ = writeln!(
                out,
                "> [!CAUTION]\n> The audit could not finish: {}\n",
                text(e)
            );
        }
        for m in &report.manifests {
            manifest(&mut out, m);
        }
        if !report.skipped.is_empty() {
            out.push_str("#### Not audited\n\n");
            for (path, why) in &report.skipped {
                let _ = writeln!(out, "- {}: {}", code(path), text(why));
            }
            out.push('\n');
        }
        w.write_all(out.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x `y` z"), "``x `y` z``");
        assert_eq!(code("`"), "`` ` ``");
    }

    #[test]
    fn text_escapes_markup() {
        assert_eq!(text("<b>*x*</b>|"), "\\<b\\>\\*x\\*\\</b\\>\\|");
        assert_eq!(message("use `a|b` now"), "use `a\\|b` now");
    }
}
