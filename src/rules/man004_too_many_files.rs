//! MAN004: more source files than `[limits] max-files`.

use super::Audit;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Reports that discovery found more source files than `[limits] max-files` and that the
    /// rest were not scanned. Emitted while sources are collected, before the other rules.
    ///
    /// ## Why is this bad?
    /// Uses in the unscanned files are not counted.
    ///
    /// ## How to fix
    /// Point `--src` at the add-in's code, ignore generated folders, or raise the limit.
    pub TooManyFiles {
        code: "MAN004",
        name: "too-many-files",
        severity: Warning,
        summary: "more source files than the limit; the rest were not scanned",
    }
);

/// Emitted by the source collection in `app.rs`.
pub(super) fn check(_: &Audit<'_>, _: &mut Vec<Finding>) {}
