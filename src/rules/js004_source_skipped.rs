//! JS004: a source file that was not analysed.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Reports a source file the audit skipped: larger than `[limits] max-file-size`, nesting
    /// brackets deeper than `[limits] max-nesting` (at the line where the limit was passed),
    /// or unreadable (permissions, a broken link). The other files are still audited.
    ///
    /// ## Why is this bad?
    /// The file's API uses are not counted, so an under-privilege error may be missing and an
    /// over-privilege warning may be wrong.
    ///
    /// ## How to fix
    /// Exclude generated files with `.ignore` or `ignore = [...]`, raise the limit in
    /// `addin-audit.toml`, or fix the file's permissions.
    pub SourceSkipped {
        code: "JS004",
        name: "source-skipped",
        severity: Warning,
        summary: "a source file was skipped (too large, nested too deeply, or unreadable)",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    for f in &a.files {
        if let Some((span, why)) = &f.skipped {
            out.push(
                Finding::new(
                    SourceSkipped::META.code,
                    SourceSkipped::META.severity,
                    format!("not analysed: {why}"),
                )
                .at(f.location(*span)),
            );
        }
    }
}
