//! `--format html`: one self-contained page for a person deciding about an add-in (a tenant
//! admin, a reviewer): no script, no network, no external asset; its content security
//! policy forbids anything else, so it opens from disk, on a phone and in print the same.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Excerpt, ManifestReport, Report, Reporter, prose};
use crate::finding::Severity;
use crate::tiers::Tier;

/// Writes the report as one HTML page.
#[derive(Debug, Default)]
pub struct HtmlReporter;

const STYLE: &str = r#"
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--code:#f6f8fa;
--ok:#1a7f37;--ok-bg:#dafbe1;--under:#cf222e;--under-bg:#ffebe9;--over:#9a6700;--over-bg:#fff8c5;
--unv:#0969da;--unv-bg:#ddf4ff}
*{box-sizing:border-box}
body{margin:0 auto;max-width:64rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.3rem;margin:0 0 .5rem}h3{font-size:1.05rem;margin:1.5rem 0 .5rem}
header p,.muted{color:var(--muted)}
section.addin{border:1px solid var(--line);border-radius:8px;padding:1rem;margin:1.5rem 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0 0 1rem}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.banner{border-radius:6px;padding:.75rem 1rem;border-left:6px solid;margin:.5rem 0}
.banner strong{display:block;font-size:1.1rem}
.ok{background:var(--ok-bg);border-color:var(--ok)}.under{background:var(--under-bg);border-color:var(--under)}
.over{background:var(--over-bg);border-color:var(--over)}.unverified{background:var(--unv-bg);border-color:var(--unv)}
.compare{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin-top:1rem}
.compare>div{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem}
.compare h3{margin:.25rem 0}
.tier{font-weight:600;white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
code{overflow-wrap:anywhere}
pre{background:var(--code);border-radius:6px;padding:.5rem;margin:.25rem 0 1rem;overflow-x:auto;line-height:1.4}
pre span.n{color:var(--muted);user-select:none;display:inline-block;min-width:3ch;text-align:right;margin-right:1ch}
pre .hit{font-weight:600}pre mark{background:#fff8c5;outline:1px solid #d4a72c;color:inherit}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.35rem .5rem}
td.code,td[class^=sev]{white-space:nowrap}td.where{min-width:16rem}
.sev-error{color:var(--under);font-weight:600}.sev-warning{color:var(--over);font-weight:600}.sev-note{color:var(--muted)}
ul.evidence{list-style:none;padding:0}ul.evidence>li{margin:.5rem 0}
footer{color:var(--muted);font-size:.85rem;margin:2rem 0 1rem}
@media (max-width:40rem){body{padding:.5rem;overflow-wrap:anywhere}.compare{grid-template-columns:1fr}
table,thead,tbody,tr,th,td{display:block}thead{display:none}tr{border-bottom:1px solid var(--line);padding:.25rem 0}td{border:0;padding:.1rem .25rem}}
@media print{body{max-width:none;font-size:11pt}section.addin{break-inside:auto;border:0;padding:0}
pre{white-space:pre-wrap;break-inside:avoid}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

/// Text for HTML: `<`, `>`, `&` and quotes escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A message whose `backticked` parts are code.
fn message(s: &str) -> String {
    if !s.matches('`').count().is_multiple_of(2) {
        return esc(s);
    }
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", esc(part))
            } else {
                esc(part)
            }
        })
        .collect()
}

/// Lines of code with numbers, the marked range highlighted.
fn code(out: &mut String, e: &Excerpt) {
    out.push_str("<pre><code>");
    for (n, line, hit) in e.numbered() {
        let _ = write!(out, "<span class=\"n\">{n}</span>");
        if hit {
            let chars: Vec<char> = line.chars().collect();
            let (a, b) = (e.mark.0.min(chars.len()), e.mark.1.min(chars.len()));
            let part = |r: std::ops::Range<usize>| {
                esc(&chars.get(r).unwrap_or_default().iter().collect::<String>())
            };
            let _ = write!(
                out,
                "<span class=\"hit\">{}<mark>{}</mark>{}</span>",
                part(0..a),
                part(a..b),
                part(b..chars.len())
            );
        } else {
            out.push_str(&esc(line));
        }
        out.push('\n');
    }
    out.push_str("</code></pre>\n");
}

fn tier_box(out: &mut String, heading: &str, tier: Tier) {
    let _ = writeln!(
        out,
        "<div><h3>{heading}: <span class=\"tier\">{tier}</span></h3><p>{}</p></div>",
        esc(tier.summary())
    );
}

fn manifest(out: &mut String, m: &ManifestReport) {
    let banner = prose::banner(m);
    let _ = write!(
        out,
        "<section class=\"addin\">\n<h2>{}</h2>\n<dl class=\"meta\">",
        esc(prose::title(m))
    );
    for (k, v) in [
        ("Provider", m.provider.as_deref()),
        ("Id", m.id.as_deref()),
        ("Version", m.version.as_deref()),
        ("Manifest", Some(m.manifest.as_str())),
    ] {
        if let Some(v) = v {
            let _ = write!(out, "<dt>{k}</dt><dd>{}</dd>", esc(v));
        }
    }
    out.push_str("</dl>\n");
    let _ = write!(
        out,
        "<div class=\"banner {}\"><strong>{}</strong>{}",
        banner.class,
        banner.title,
        esc(&banner.sentence)
    );
    for f in prose::fixes(m) {
        let _ = write!(out, "<p>{}</p>", esc(&f));
    }
    out.push_str("</div>\n");
    if let Some(b) = prose::graph_banner(m) {
        let _ = writeln!(
            out,
            "<div class=\"banner {}\"><strong>{}</strong>{}</div>",
            b.class,
            b.title,
            esc(&b.sentence)
        );
    }
    out.push_str("<div class=\"compare\">\n");
    tier_box(out, "It asks for", m.declared);
    tier_box(out, "Its code needs", m.required);
    out.push_str("</div>\n");
    let (heading, lines) = prose::difference(m);
    let _ = write!(out, "<h3>{heading}</h3><ul>");
    for l in lines {
        let _ = write!(out, "<li>{}</li>", esc(l));
    }
    out.push_str("</ul>\n");

    if !m.gaps.is_empty() {
        let _ = write!(out, "<h3>{}</h3><ul>", prose::GAPS);
        for g in &m.gaps {
            let _ = write!(out, "<li>{}</li>", message(g));
        }
        out.push_str("</ul>\n");
    }

    let mut shown = prose::Shown::default();
    evidence(out, m, &mut shown);
    legacy(out, m, &mut shown);
    graph(out, m, &mut shown);
    unreachable(out, m);
    findings(out, m);
    out.push_str("</section>\n");
}

/// What needs which tier, with code.
fn evidence(out: &mut String, m: &ManifestReport, shown: &mut prose::Shown) {
    let (groups, free) = prose::groups(m);
    let _ = writeln!(out, "<h3>Why it needs {}</h3>", m.required);
    if groups.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", prose::NOTHING_NEEDED);
    } else {
        out.push_str("<ul class=\"evidence\">\n");
        for g in groups.iter().take(prose::GROUPS) {
            let _ = write!(
                out,
                "<li><span class=\"tier\">{}</span> <code>{}</code> at <code>{}</code>{}",
                g.tier,
                esc(g.what),
                esc(&prose::place(g.first)),
                prose::more_places(g)
            );
            if let Some(e) = shown.take(m, g.first) {
                code(out, e);
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
        if let Some(more) = prose::more_kinds(groups.len()) {
            let _ = writeln!(out, "<p class=\"muted\">{more}</p>");
        }
    }
    if free > 0 {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", prose::free_uses(free));
    }
}

/// Legacy Exchange tokens and EWS.
fn legacy(out: &mut String, m: &ManifestReport, shown: &mut prose::Shown) {
    if let Some(legacy) = prose::legacy(m) {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p class=\"muted\">{}</p><ul class=\"evidence\">",
            prose::LEGACY,
            prose::LEGACY_WHY
        );
        for r in &m.requests {
            let _ = writeln!(
                out,
                "<li><code>{}</code> at <code>{}</code>: {}</li>",
                esc(&prose::token_request(r)),
                esc(&prose::request_place(r)),
                esc(&r.why)
            );
        }
        for f in legacy {
            let _ = write!(out, "<li><code>{}</code> {}", f.code, message(&f.message));
            if let Some(l) = &f.location {
                let _ = write!(out, " at <code>{}</code>", esc(&prose::place(l)));
                if let Some(e) = shown.take(m, l) {
                    code(out, e);
                }
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
}

/// Microsoft Graph scopes and requests.
fn graph(out: &mut String, m: &ManifestReport, shown: &mut prose::Shown) {
    let g = &m.graph;
    if !g.requested.is_empty() || !g.calls.is_empty() {
        let (requested, maybe) = prose::requested_words(g);
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<dl class=\"meta\"><dt>Scopes requested</dt><dd>{}{maybe}</dd><dt>Scopes its requests need</dt><dd>{}</dd></dl>",
            prose::GRAPH,
            esc(&requested),
            esc(&prose::needed_scopes(g))
        );
        if !g.calls.is_empty() {
            out.push_str("<ul class=\"evidence\">\n");
            for c in &g.calls {
                let _ = write!(
                    out,
                    "<li><code>{}</code> ({}) needs <strong>{}</strong> at <code>{}</code>",
                    esc(&prose::graph_request(c)),
                    esc(c.client),
                    esc(&prose::least(c)),
                    esc(&prose::place(&c.location))
                );
                if let Some(e) = shown.take(m, &c.location) {
                    code(out, e);
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
    }
}

/// Code present but not loaded.
fn unreachable(out: &mut String, m: &ManifestReport) {
    if !m.unreachable.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p class=\"muted\">{}</p><ul>",
            prose::UNREACHABLE,
            prose::UNREACHABLE_WHY
        );
        for u in &m.unreachable {
            let _ = writeln!(
                out,
                "<li><code>{}</code> would need <span class=\"tier\">{}</span> ({})</li>",
                esc(&u.file),
                u.tier,
                esc(&u.apis.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }
}

/// Every finding.
fn findings(out: &mut String, m: &ManifestReport) {
    let _ = writeln!(out, "<h3>Findings ({})</h3>", m.findings.len());
    if m.findings.is_empty() {
        out.push_str("<p>None.</p>\n");
    } else {
        out.push_str("<table><thead><tr><th>Severity</th><th>Code</th><th>Where</th><th>What</th></tr></thead><tbody>\n");
        for f in &m.findings {
            let sev = f.severity.as_str();
            let _ = write!(
                out,
                "<tr><td class=\"sev-{sev}\">{sev}</td><td class=\"code\"><code>{}</code></td><td class=\"where\"><code>{}</code></td><td>{}",
                f.code,
                esc(&f.location.as_ref().map(prose::place).unwrap_or_default()),
                message(&f.message)
            );
            if let Some(h) = &f.help {
                let _ = write!(out, "<br><span class=\"muted\">help: {}</span>", message(h));
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
}

impl Reporter for HtmlReporter {
    fn report(&mut self, w: &mut dyn Write, report: &Report) -> io::Result<()> {
        let mut out = String::new();
        let title = match report.manifests.as_slice() {
            [one] => format!("{}: Outlook add-in privilege report", prose::title(one)),
            _ => "Outlook add-in privilege report".to_owned(),
        };
        let _ = write!(
            out,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header><h1>{}</h1>",
            esc(&title),
            esc(&title)
        );
        let n = |s: Severity| report.count(s);
        let _ = writeln!(
            out,
            "<p>{} add-in manifest(s) audited: {} error(s), {} warning(s), {} note(s).</p></header>",
            report.manifests.len(),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Note)
        );
        for e in &report.errors {
            let _ = writeln!(
                out,
                "<div class=\"banner under\"><strong>The audit could not finish</strong>{}</div>",
                esc(e)
            );
        }
        for m in &report.manifests {
            manifest(&mut out, m);
        }
        if !report.skipped.is_empty() {
            out.push_str("<h3>Not audited</h3><ul>\n");
            for (path, why) in &report.skipped {
                let _ = writeln!(out, "<li><code>{}</code>: {}</li>", esc(path), esc(why));
            }
            out.push_str("</ul>\n");
        }
        let _ = writeln!(
            out,
            "<footer>addin-audit {}. Tiers from Microsoft's Office JavaScript API typings and \"Understanding Outlook add-in permissions\".</footer>\n</body>\n</html>",
            env!("CARGO_PKG_VERSION")
        );
        w.write_all(out.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<b a='1'>&\"</b>"),
            "&lt;b a=&#39;1&#39;&gt;&amp;&quot;&lt;/b&gt;"
        );
        assert_eq!(message("use `a<b` now"), "use <code>a&lt;b</code> now");
        assert_eq!(message("odd ` tick"), "odd ` tick");
    }
}
