//! AUD001: a suppression that matches no finding.

use super::Context;
use crate::finding::Finding;

declare_rule!(
    /// ## What it does
    /// Reports an `// audit-ignore` comment or a `[[suppress]]` entry of the configuration
    /// that suppressed nothing in this run. Emitted while suppressions are applied, after the
    /// other rules ran.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding at that place, and its reason no
    /// longer describes the code.
    ///
    /// ## How to fix
    /// Delete the comment or the entry.
    pub UnusedSuppression {
        code: "AUD001",
        name: "unused-suppression",
        severity: Warning,
        summary: "a suppression comment or [[suppress]] entry matches no finding",
    }
);

/// Emitted by the suppression pass in `app.rs`, not from the facts.
pub(super) fn check(_: &Context<'_>, _: &mut Vec<Finding>) {}
