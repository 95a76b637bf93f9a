//! MAN004: more source files than `[limits] max-files`.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Reports that the add-in's module graph has more files than `[limits] max-files` and
    /// that the rest were not followed.
    ///
    /// ## Why is this bad?
    /// Uses in the unscanned files are not counted.
    ///
    /// ## How to fix
    /// Ignore generated folders (`ignore` in `addin-audit.toml`), or raise the limit.
    pub TooManyFiles {
        code: "MAN004",
        name: "too-many-files",
        severity: Warning,
        summary: "more files in the module graph than the limit; the rest were not followed",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    if a.truncated > 0 {
        out.push(
            Finding::new(
                TooManyFiles::META.code,
                TooManyFiles::META.severity,
                format!(
                    "{} file(s) of the module graph beyond [limits] max-files were not followed",
                    a.truncated
                ),
            )
            .at(a.manifest_location(crate::source::Span::new(0, 0)))
            .with_help("ignore generated folders (ignore = [\"dist/\"] in addin-audit.toml), or raise [limits] max-files"),
        );
    }
}
