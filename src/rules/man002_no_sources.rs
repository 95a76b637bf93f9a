//! MAN002: the manifest names no URL of code at all.

use super::Context;
use crate::finding::Finding;
use crate::source::display_path;

declare_rule!(
    /// ## What it does
    /// Warns when the manifest names no page or script at all (no `SourceLocation`,
    /// `FunctionFile`, runtime or unified `code.page`/`code.script`), so that there is no code
    /// to audit.
    ///
    /// ## Why is this bad?
    /// The verdict then rests on the manifest's activation rules alone; a manifest without
    /// code is usually incomplete or a template.
    ///
    /// ## How to fix
    /// Check the manifest; if the add-in's code is elsewhere, point `--src` at it.
    pub NoSources {
        code: "MAN002",
        name: "no-sources",
        severity: Warning,
        summary: "the manifest names no page or script of the add-in",
    }
);

pub(super) fn check(a: &Context<'_>, out: &mut Vec<Finding>) {
    if a.entries.is_empty() {
        out.push(
            Finding::new(
                NoSources::META.code,
                NoSources::META.severity,
                format!(
                    "{} names no page or script, so there is no code to audit; the verdict rests on the manifest alone",
                    display_path(a.manifest.source.path())
                ),
            )
            .at(a.manifest_location(crate::source::Span::new(0, 0))),
        );
    }
}
