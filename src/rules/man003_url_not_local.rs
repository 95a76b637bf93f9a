//! MAN003: a URL the manifest loads code from maps to no local file.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Warns for each page or script URL of the manifest (`SourceLocation`, `FunctionFile`,
    /// runtimes, unified `code.page`/`code.script`) that the audit could not map to a local
    /// file: not by a `[[map]]` entry, not by what a webpack or Vite configuration serves, not
    /// by a file whose path ends like the URL's.
    ///
    /// ## Why is this bad?
    /// The code behind that URL was not audited, so the audit cannot claim the add-in needs
    /// less than it declares: the verdict is at best `unverified` (TIER004).
    ///
    /// ## How to fix
    /// Point `--src` at the folder the URL is served from (a build's output, a web project),
    /// or add a `[[map]]` entry to `addin-audit.toml`:
    /// `[[map]] url = "https://addin.contoso.com/" path = "web/public/"`.
    pub UrlNotLocal {
        code: "MAN003",
        name: "url-not-local",
        severity: Warning,
        summary: "a manifest URL of code maps to no local file, so that code was not audited",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for e in a
        .entries
        .iter()
        .filter(|e| e.mapping.is_none() && e.unserved.is_none())
    {
        out.push(
            Finding::new(
                UrlNotLocal::META.code,
                UrlNotLocal::META.severity,
                format!("`{}` maps to no local file; the code it serves was not audited", e.url),
            )
            .at(a.manifest_location(e.span))
            .with_help(format!(
                "point --src at the folder that serves it, or map it in addin-audit.toml: [[map]] url = \"{}\" path = \"<folder or file>\"",
                url_prefix(&e.url)
            )),
        );
    }
}

/// The URL up to its last `/` (what a `[[map]]` entry usually names).
fn url_prefix(url: &str) -> &str {
    let clean = url.split(['?', '#']).next().unwrap_or(url);
    clean
        .rfind('/')
        .and_then(|i| clean.get(..=i))
        .unwrap_or(clean)
}
