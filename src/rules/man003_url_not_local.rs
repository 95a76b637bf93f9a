//! MAN003: a manifest source URL matches no local file.

use super::Audit;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Notes a source URL in the manifest (task pane, function file, runtime script) that
    /// matches no file the audit scanned, by path suffix.
    ///
    /// ## Why is this bad?
    /// The code that URL serves was not audited (it may be built later, or hosted elsewhere).
    ///
    /// ## How to fix
    /// Audit the built output too (a release gate runs on the bundle), or pass `--src DIR`.
    pub UrlNotLocal {
        code: "MAN003",
        name: "url-not-local",
        severity: Note,
        summary: "a manifest source URL matches no local file",
    }
);

pub(super) fn check(a: &Audit<'_>, out: &mut Vec<Finding>) {
    if a.files.is_empty() {
        return;
    }
    for (url, span, local) in &a.urls {
        if local.is_none() {
            out.push(
                Finding::new(
                    UrlNotLocal::META.code,
                    UrlNotLocal::META.severity,
                    format!("`{url}` matches no scanned file; the code it serves was not audited"),
                )
                .at(a.manifest_location(*span)),
            );
        }
    }
}
