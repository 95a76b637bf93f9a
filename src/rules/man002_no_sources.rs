//! MAN002: no source file of the add-in was found.

use super::Audit;
use crate::finding::Finding;
use crate::source::display_path;

declare_rule!(
    /// ## What it does
    /// Warns when the audit found no JavaScript, TypeScript or inline script for a manifest.
    ///
    /// ## Why is this bad?
    /// With no code to read, the verdict rests on the manifest alone, and an over-privilege
    /// warning may only mean the code lives elsewhere (another repository, a server).
    ///
    /// ## How to fix
    /// Point the audit at the code with `--src DIR`, or run it from the add-in's repository.
    pub NoSources {
        code: "MAN002",
        name: "no-sources",
        severity: Warning,
        summary: "no source files were found for the add-in",
    }
);

pub(super) fn check(a: &Audit<'_>, out: &mut Vec<Finding>) {
    if a.files.is_empty() {
        out.push(
            Finding::new(
                NoSources::META.code,
                NoSources::META.severity,
                format!(
                    "no JavaScript, TypeScript or inline scripts were found for {}; the verdict rests on the manifest alone",
                    display_path(a.manifest.source.path())
                ),
            )
            .at(a.manifest_location(crate::source::Span::new(0, 0)))
            .with_help("point the audit at the add-in's code with --src DIR"),
        );
    }
}
